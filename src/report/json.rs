//! The report as JSON (`compare --format json`): stable field and item order.

use serde::Serialize;

use super::Report;

impl Report {
    /// Pretty-printed JSON.
    pub fn to_json(&self) -> String {
        let mut out = Vec::new();
        self.write_json(&mut out)
            .expect("a report always serializes");
        String::from_utf8(out).expect("JSON is UTF-8")
    }

    /// The same pretty-printed JSON as [`Report::to_json`], written to `w` as
    /// it is produced (a large report is never one string in memory; give a
    /// buffered writer). The items of each list are serialized in parallel,
    /// a batch at a time, and written in order.
    pub fn write_json<W: std::io::Write>(&self, mut w: W) -> std::io::Result<()> {
        w.write_all(b"{")?;
        list(&mut w, "documents", &self.documents, true)?;
        list(&mut w, "speakers", &self.speakers, false)?;
        list(&mut w, "statements", &self.statements, false)?;
        list(&mut w, "clusters", &self.clusters, false)?;
        list(&mut w, "facts", &self.facts, false)?;
        w.write_all(b"\n}")
    }
}

/// Items serialized per task in [`list`].
const CHUNK: usize = 512;
/// Tasks per batch: the text of a batch is in memory at once.
const BATCH: usize = 64;

/// One field of the report's object, a list, as `serde_json`'s pretty
/// printer writes it at that depth (each item's lines indented by four
/// spaces; JSON strings hold no raw line breaks, so every line break of an
/// item's own text starts one of its lines).
fn list<W: std::io::Write, T: Serialize + Sync>(
    w: &mut W,
    key: &str,
    items: &[T],
    first: bool,
) -> std::io::Result<()> {
    use rayon::prelude::*;
    w.write_all(if first { b"\n  " } else { b",\n  " })?;
    serde_json::to_writer(&mut *w, key)?;
    if items.is_empty() {
        return w.write_all(b": []");
    }
    w.write_all(b": [")?;
    for batch in items.chunks(CHUNK * BATCH) {
        let texts: Vec<serde_json::Result<Vec<u8>>> = batch
            .par_chunks(CHUNK)
            .map(|chunk| {
                let mut out = Vec::new();
                let mut item = Vec::new();
                for x in chunk {
                    item.clear();
                    serde_json::to_writer_pretty(&mut item, x)?;
                    out.extend_from_slice(b",\n    ");
                    for (k, line) in item.split(|&b| b == b'\n').enumerate() {
                        if k > 0 {
                            out.extend_from_slice(b"\n    ");
                        }
                        out.extend_from_slice(line);
                    }
                }
                Ok(out)
            })
            .collect();
        for (k, t) in texts.into_iter().enumerate() {
            let t = t?;
            // Each text opens with the separator before its first item;
            // the list's first item follows the bracket on a line of its own.
            let sep_len = b",".len();
            if k == 0 && std::ptr::eq(batch.as_ptr(), items.as_ptr()) {
                w.write_all(&t[sep_len..])?;
            } else {
                w.write_all(&t)?;
            }
        }
    }
    w.write_all(b"\n  ]")
}

#[cfg(test)]
mod tests {
    use crate::{Document, Engine};

    #[test]
    fn the_parallel_writer_prints_what_serde_json_prints() {
        let docs = [
            Document::new(
                "wire",
                Some("Northline Wire"),
                "\"We will rebuild the old pier by the spring,\" Mayor Tom Ellery said on Monday.",
            ),
            Document::new(
                "daily",
                Some("Hessby Courier"),
                "\"We will rebuild the old pier,\" Ellery said on Tuesday. \"It is \\\"ours\\\",\" he added.\n\nMore.",
            ),
            Document::new("empty", None, "Nothing was said."),
        ];
        let report = Engine::default().compare(&docs);
        assert!(!report.clusters.is_empty());
        assert_eq!(
            report.to_json(),
            serde_json::to_string_pretty(&report).unwrap()
        );
        let empty = Engine::default().compare(&[]);
        assert_eq!(
            empty.to_json(),
            serde_json::to_string_pretty(&empty).unwrap()
        );
    }
}
