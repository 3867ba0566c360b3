//! Stage 1, documents: articles as given, from text files or JSONL, with their outlet.
//!
//! A [`Document`] owns its text; every later stage points into it with byte
//! ranges ([`Span`]), so anything reported can be found in the source.

use std::io::BufRead;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{DisplayPath, Error, Result, line_of};

/// A byte range into a document's text, end exclusive.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }
    /// The text this span covers.
    pub fn of<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.end]
    }
}

/// One article.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    /// Identifier: the file name for text files, the `doc` field for JSONL.
    pub id: String,
    /// The publishing outlet, when known.
    pub outlet: Option<String>,
    pub date: Option<String>,
    pub url: Option<String>,
    pub title: Option<String>,
    /// The article text, exactly as read.
    pub text: String,
}

impl Document {
    /// A document from its parts.
    ///
    /// ```
    /// let doc = quotegraph::Document::new("a1", Some("Harbor Times"), "\"We are ready,\" she said.");
    /// assert_eq!(doc.outlet.as_deref(), Some("Harbor Times"));
    /// ```
    pub fn new(id: impl Into<String>, outlet: Option<&str>, text: impl Into<String>) -> Document {
        Document {
            id: id.into(),
            outlet: outlet.map(str::to_string),
            date: None,
            url: None,
            title: None,
            text: text.into(),
        }
    }
}

/// How to treat bytes that are not UTF-8.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ReadOptions {
    /// Replace invalid UTF-8 with U+FFFD instead of refusing the file.
    pub lossy: bool,
    /// Skip JSONL lines that do not parse (they are counted) instead of failing.
    pub skip_bad: bool,
}

/// Text from raw bytes: refuses binary data, and invalid UTF-8 unless `lossy`.
pub fn decode_text(path: &str, bytes: Vec<u8>, lossy: bool) -> Result<String> {
    if let Some(byte) = memchr::memchr(0, &bytes) {
        return Err(Error::Binary {
            path: path.to_string(),
            byte,
        });
    }
    match String::from_utf8(bytes) {
        Ok(s) => Ok(s),
        Err(e) => {
            let byte = e.utf8_error().valid_up_to();
            if lossy {
                Ok(String::from_utf8_lossy(e.as_bytes()).into_owned())
            } else {
                Err(Error::InvalidUtf8 {
                    path: path.to_string(),
                    byte,
                    line: line_of(e.as_bytes(), byte),
                })
            }
        }
    }
}

/// The fields a JSONL line may carry; others are ignored.
#[derive(Deserialize)]
struct JsonlRecord {
    doc: Option<serde_json::Value>,
    text: Option<serde_json::Value>,
    #[serde(default)]
    outlet: Option<String>,
    #[serde(default)]
    date: Option<serde_json::Value>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    title: Option<String>,
}

/// Parse one JSONL line into a document; `Err` carries the message only.
fn parse_jsonl_line(line: &str) -> std::result::Result<Document, String> {
    let rec: JsonlRecord =
        serde_json::from_str(line).map_err(|e| format!("not a JSON object: {e}"))?;
    from_record(rec)
}

impl Document {
    /// A document from one JSON object with the fields of a JSONL line
    /// (`doc`, `text`, optional `outlet`, `date`, `url`, `title`; others
    /// ignored), checked as a JSONL line is. `Err` carries the message a bad
    /// JSONL line gets, without the file and line.
    ///
    /// ```
    /// use serde_json::json;
    /// let doc = quotegraph::Document::from_json(json!({"doc": 7, "text": "Hi.", "lang": "en"})).unwrap();
    /// assert_eq!(doc.id, "7");
    /// let err = quotegraph::Document::from_json(json!({"doc": "a"})).unwrap_err();
    /// assert_eq!(err, "document \"a\": missing field `text`");
    /// ```
    pub fn from_json(value: serde_json::Value) -> std::result::Result<Document, String> {
        let rec: JsonlRecord =
            serde_json::from_value(value).map_err(|e| format!("not a JSON object: {e}"))?;
        from_record(rec)
    }
}

fn from_record(rec: JsonlRecord) -> std::result::Result<Document, String> {
    let id = match rec.doc {
        Some(serde_json::Value::String(s)) => s,
        Some(serde_json::Value::Number(n)) => n.to_string(),
        Some(_) => return Err("field `doc` must be a string".into()),
        None => return Err("missing field `doc`".into()),
    };
    let text = match rec.text {
        Some(serde_json::Value::String(s)) => s,
        Some(serde_json::Value::Null) | None => {
            return Err(format!("document {id:?}: missing field `text`"));
        }
        Some(_) => return Err(format!("document {id:?}: field `text` must be a string")),
    };
    if text.contains('\0') {
        return Err(format!(
            "document {id:?}: `text` holds a NUL character (binary data)"
        ));
    }
    let date = match rec.date {
        Some(serde_json::Value::String(s)) => Some(s),
        Some(serde_json::Value::Null) | None => None,
        Some(v) => Some(v.to_string()),
    };
    Ok(Document {
        id,
        outlet: rec.outlet.filter(|o| !o.trim().is_empty()),
        date,
        url: rec.url,
        title: rec.title,
        text,
    })
}

/// Reads JSONL documents one line at a time, so memory stays bounded by the
/// longest line. Yields `Err` for a bad line unless `skip_bad` is set, in
/// which case bad lines are counted in [`JsonlReader::skipped`].
pub struct JsonlReader<R> {
    reader: R,
    path: String,
    line: usize,
    buf: Vec<u8>,
    options: ReadOptions,
    skipped: Vec<Error>,
}

impl<R: BufRead> JsonlReader<R> {
    pub fn new(reader: R, path: impl Into<String>, options: ReadOptions) -> Self {
        JsonlReader {
            reader,
            path: path.into(),
            line: 0,
            buf: Vec::new(),
            options,
            skipped: Vec::new(),
        }
    }
    /// The errors of the lines skipped so far (with `skip_bad`).
    pub fn skipped(&self) -> &[Error] {
        &self.skipped
    }
}

impl<R: BufRead> Iterator for JsonlReader<R> {
    type Item = Result<Document>;
    fn next(&mut self) -> Option<Self::Item> {
        loop {
            self.buf.clear();
            match self.reader.read_until(b'\n', &mut self.buf) {
                Ok(0) => return None,
                Ok(_) => {}
                Err(source) => {
                    return Some(Err(Error::Io {
                        path: self.path.clone(),
                        source,
                    }));
                }
            }
            self.line += 1;
            let line_no = self.line;
            let bad = |message: String| Error::Jsonl {
                path: self.path.clone(),
                line: line_no,
                message,
            };
            let result = match std::str::from_utf8(&self.buf) {
                Err(e) if !self.options.lossy => Err(bad(format!(
                    "invalid UTF-8 at byte {} of the line",
                    e.valid_up_to()
                ))),
                other => {
                    let owned;
                    let line = match other {
                        Ok(s) => s,
                        Err(_) => {
                            owned = String::from_utf8_lossy(&self.buf).into_owned();
                            owned.as_str()
                        }
                    };
                    if line.trim().is_empty() {
                        continue;
                    }
                    parse_jsonl_line(line).map_err(bad)
                }
            };
            match result {
                Ok(doc) => return Some(Ok(doc)),
                Err(e) if self.options.skip_bad => {
                    self.skipped.push(e);
                    continue;
                }
                Err(e) => return Some(Err(e)),
            }
        }
    }
}

impl Document {
    /// Read every document of a JSONL stream (see [`JsonlReader`] to stream).
    ///
    /// ```
    /// let input = r#"{"doc": "a", "text": "\"Hi,\" he said.", "outlet": null, "lang": "en"}"#;
    /// let docs = quotegraph::Document::read_jsonl(input.as_bytes()).unwrap();
    /// assert_eq!(docs[0].id, "a");
    /// assert_eq!(docs[0].outlet, None);
    /// ```
    pub fn read_jsonl<R: BufRead>(reader: R) -> Result<Vec<Document>> {
        JsonlReader::new(reader, "-", ReadOptions::default()).collect()
    }

    /// Read a plain-text article; its id is the file name.
    pub fn from_text_file(path: &Path, options: ReadOptions) -> Result<Document> {
        let shown = DisplayPath(path).to_string();
        let bytes = std::fs::read(path).map_err(|source| Error::Io {
            path: shown.clone(),
            source,
        })?;
        let text = decode_text(&shown, bytes, options.lossy)?;
        let id = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or(shown);
        Ok(Document::new(id, None, text))
    }
}

/// Whether a path or stream should be read as JSONL: by extension, or for
/// stdin and unknown extensions by its first non-blank byte being `{`.
pub fn looks_like_jsonl(name: &str, head: &[u8]) -> bool {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".jsonl") || lower.ends_with(".ndjson") {
        return true;
    }
    if lower.ends_with(".txt") {
        return false;
    }
    head.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{')
}
