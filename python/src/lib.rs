//! Python bindings for quotegraph: the engine, and the pieces of `compare`
//! the Spark job runs block by block.
//!
//! Records cross into Python as JSON through the crate's own serializers
//! (`Record`, `Report`), so the fields are the CLI's and cannot drift.

use std::collections::HashMap;
use std::ffi::CString;
use std::path::PathBuf;

use pyo3::exceptions::{PyTypeError, PyUserWarning};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyDict, PyFloat, PyString};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use quotegraph::lexicon::Gender;
use quotegraph::output::{Record, records_resolved};
use quotegraph::speakers::{DocSpeakers, EntityMention, OutletUsage};
use quotegraph::versions::{self, Signature, VersionInput};
use quotegraph::{Document, Entity, EntityKind, Error, Kind};

pyo3::create_exception!(
    quotegraph,
    QuotegraphError,
    pyo3::exceptions::PyException,
    "Bad input or grammar: the message is the one the `quotegraph` command prints."
);

fn to_py_err(e: Error) -> PyErr {
    QuotegraphError::new_err(e.to_string())
}

/// `json.loads(text)`: the records as plain dicts and lists.
fn loads<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
    py.import("json")?.getattr("loads")?.call1((text,))
}

/// A Python value as JSON, for the fields of one document; `Err` names the
/// type of a value JSON has no form for (bytes, a date object).
fn to_json(obj: &Bound<'_, PyAny>) -> Result<Value, String> {
    let type_name = || {
        obj.get_type()
            .name()
            .map(|n| n.to_string())
            .unwrap_or_default()
    };
    if obj.is_none() {
        Ok(Value::Null)
    } else if let Ok(s) = obj.cast::<PyString>() {
        // A str with lone surrogates is not text either.
        Ok(Value::String(
            s.to_cow().map_err(|_| type_name())?.into_owned(),
        ))
    } else if let Ok(b) = obj.cast::<PyBool>() {
        Ok(Value::Bool(b.is_true()))
    } else if let Ok(i) = obj.extract::<i64>() {
        Ok(Value::from(i))
    } else if let Ok(f) = obj.cast::<PyFloat>() {
        Ok(serde_json::Number::from_f64(f.value())
            .map(Value::Number)
            .unwrap_or(Value::Null))
    } else {
        Err(type_name())
    }
}

const DOC_FIELDS: [&str; 6] = ["doc", "text", "outlet", "date", "url", "title"];

/// One row of `docs`: a dict with the JSONL fields, checked as a JSONL line is.
fn document_of(row: &Bound<'_, PyAny>) -> Result<(Document, Option<i64>), String> {
    let dict = row.cast::<PyDict>().map_err(|_| {
        let ty = row
            .get_type()
            .name()
            .map(|n| n.to_string())
            .unwrap_or_default();
        format!("not a JSON object: a document is a dict with `doc` and `text`, got {ty}")
    })?;
    let mut map = serde_json::Map::new();
    for f in DOC_FIELDS {
        if let Some(v) = dict.get_item(f).map_err(|e| e.to_string())? {
            let value = to_json(&v).map_err(|ty| {
                let id = match map.get("doc") {
                    Some(Value::String(id)) => format!("document {id:?}: "),
                    _ => String::new(),
                };
                format!("{id}field `{f}` must be a string, got {ty}")
            })?;
            map.insert(f.to_string(), value);
        }
    }
    let seq = match dict.get_item("doc_seq").map_err(|e| e.to_string())? {
        Some(v) if !v.is_none() => Some(v.extract::<i64>().map_err(|e| e.to_string())?),
        _ => None,
    };
    Ok((Document::from_json(Value::Object(map))?, seq))
}

/// The documents of `docs`, each bad row an error naming it (`docs[3]: ...`),
/// or with `skip_bad` skipped and its message kept.
fn documents_of(
    docs: &Bound<'_, PyAny>,
    skip_bad: bool,
    label: &str,
) -> PyResult<(Vec<(Document, Option<i64>)>, Vec<String>)> {
    let mut out = Vec::new();
    let mut skipped = Vec::new();
    for (i, row) in docs.try_iter()?.enumerate() {
        match document_of(&row?) {
            Ok(d) => out.push(d),
            Err(message) => {
                let message = format!("{label}[{i}]: {message}");
                if skip_bad {
                    skipped.push(message);
                } else {
                    return Err(QuotegraphError::new_err(message));
                }
            }
        }
    }
    Ok((out, skipped))
}

fn warn_skipped(py: Python<'_>, skipped: &[String]) -> PyResult<()> {
    if let Some(first) = skipped.first() {
        let message = format!(
            "quotegraph: skipped {} bad document(s); first: {first}",
            skipped.len()
        );
        let message = CString::new(message.replace('\0', " ")).expect("no NUL left");
        PyErr::warn(py, &py.get_type::<PyUserWarning>(), &message, 2)?;
    }
    Ok(())
}

/// The extract records of one document, with canonical speakers (as the CLI).
fn records_of(engine: &quotegraph::Engine, doc: &Document) -> Vec<Record> {
    let analysis = engine.analyze(doc);
    records_resolved(doc, &analysis.statements, Some(&analysis.speakers))
}

/// A record as the Spark `compare` job reads it: the extract fields, the
/// statement id `compare` gives it, the document's order and the record's
/// index within it, and the quoted stretches of its statement.
#[derive(Serialize)]
struct CompareRecord<'a> {
    #[serde(flatten)]
    record: &'a Record,
    id: String,
    doc_seq: i64,
    n: usize,
    quoted: Vec<&'a str>,
}

/// A document's speaker entities as the cross-document merge reads them
/// (mentions by count: the merge weighs names by how often they are used).
#[derive(Serialize, Deserialize)]
struct EntitySummary {
    id: usize,
    kind: String,
    name: String,
    aliases: BTreeSet<String>,
    titles: BTreeSet<String>,
    gender: Option<String>,
    by_outlet: BTreeMap<String, (BTreeSet<String>, BTreeSet<String>)>,
    mentions: usize,
}

/// A serde enum's name as its JSON string (`person`, `masculine`).
fn kind_name(k: impl Serialize) -> String {
    serde_json::to_value(k)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn summary(e: &Entity) -> EntitySummary {
    EntitySummary {
        id: e.id,
        kind: kind_name(e.kind),
        name: e.name.clone(),
        aliases: e.aliases.iter().cloned().collect(),
        titles: e.titles.iter().cloned().collect(),
        gender: e.gender.map(kind_name),
        by_outlet: e
            .by_outlet
            .iter()
            .map(|(o, u)| {
                let names = |s: &quotegraph::speakers::NameSet| s.iter().cloned().collect();
                (o.clone(), (names(&u.aliases), names(&u.titles)))
            })
            .collect(),
        mentions: e.mentions.len(),
    }
}

fn entity_of(s: EntitySummary, doc: &str) -> Result<Entity, String> {
    let gender = match s.gender.as_deref() {
        None => None,
        Some("masculine") => Some(Gender::Masculine),
        Some("feminine") => Some(Gender::Feminine),
        Some("neuter") => Some(Gender::Neuter),
        Some("none") => Some(Gender::None),
        Some(other) => return Err(format!("document {doc:?}: unknown gender {other:?}")),
    };
    let mention = EntityMention {
        doc: doc.to_string(),
        span: Default::default(),
        text: String::new(),
    };
    let kind = match s.kind.as_str() {
        "person" => EntityKind::Person,
        "role" => EntityKind::Role,
        "group" => EntityKind::Group,
        "unnamed" => EntityKind::Unnamed,
        other => return Err(format!("document {doc:?}: unknown speaker kind {other:?}")),
    };
    Ok(Entity {
        id: s.id,
        kind,
        name: s.name,
        aliases: s.aliases.into_iter().collect(),
        titles: s.titles.into_iter().collect(),
        gender,
        by_outlet: s
            .by_outlet
            .into_iter()
            .map(|(o, (aliases, titles))| {
                let usage = OutletUsage {
                    aliases: aliases.into_iter().collect(),
                    titles: titles.into_iter().collect(),
                };
                (o, usage)
            })
            .collect(),
        mentions: vec![mention; s.mentions],
    })
}

#[derive(Serialize)]
struct DocumentLine<'a> {
    doc: &'a str,
    doc_seq: i64,
    doc_speakers: String,
}

fn compare_lines(engine: &quotegraph::Engine, doc: &Document, seq: i64) -> String {
    let analysis = engine.analyze_for_compare(doc);
    let records = records_resolved(doc, &analysis.statements, Some(&analysis.speakers));
    let entities: Vec<EntitySummary> = analysis.speakers.entities.iter().map(summary).collect();
    let line = DocumentLine {
        doc: &doc.id,
        doc_seq: seq,
        doc_speakers: serde_json::to_string(&entities).expect("entities serialize"),
    };
    let mut out = serde_json::to_string(&line).expect("a document line serializes");
    out.push('\n');
    // Records come per statement part, in statement order (as in `compare`).
    let mut si = 0;
    for (k, r) in records.iter().enumerate() {
        if r.part == 0 && k > 0 {
            si += 1;
        }
        let line = CompareRecord {
            record: r,
            id: format!("{}/s{}", doc.id, k + 1),
            doc_seq: seq,
            n: k,
            quoted: analysis.statements[si]
                .quotes
                .iter()
                .map(|q| q.of(&doc.text))
                .collect(),
        };
        out.push_str(&serde_json::to_string(&line).expect("a record serializes"));
        out.push('\n');
    }
    out
}

/// The extraction engine: a loaded grammar and the pipeline over it.
///
/// >>> import quotegraph
/// >>> engine = quotegraph.Engine()
/// >>> [s["speaker"] for s in engine.extract('"We will rebuild the pier," Mayor Tom Ellery said.')]
/// ['Tom Ellery']
#[pyclass(frozen, module = "quotegraph")]
struct Engine {
    inner: quotegraph::Engine,
}

#[pymethods]
impl Engine {
    /// `Engine(grammar=None)`: the built-in grammar, or the grammar files in
    /// the folder `grammar` (files it lacks come from the built-in one).
    /// Raises `QuotegraphError` when a grammar file does not parse.
    #[new]
    #[pyo3(signature = (grammar=None))]
    fn new(py: Python<'_>, grammar: Option<PathBuf>) -> PyResult<Self> {
        let inner = match grammar {
            Some(dir) => py
                .detach(|| quotegraph::Engine::builder().grammar(dir).build())
                .map_err(to_py_err)?,
            None => quotegraph::Engine::default(),
        };
        Ok(Engine { inner })
    }

    /// The statements of one article as dicts with the fields of
    /// `quotegraph extract` (code point offsets).
    ///
    /// `text` is a str, or bytes checked as the CLI checks a file (UTF-8,
    /// no NUL). `doc` is the document id (`-` as for stdin when omitted).
    ///
    /// >>> s = Engine().extract('"We are ready," she said.', doc="a1", outlet="Harbor Times")[0]
    /// >>> (s["doc"], s["start"], s["end"], s["text"], s["kind"], s["outlet"])
    /// ('a1', 1, 14, 'We are ready,', 'direct', 'Harbor Times')
    #[pyo3(signature = (text, doc=None, outlet=None))]
    fn extract<'py>(
        &self,
        py: Python<'py>,
        text: &Bound<'py, PyAny>,
        doc: Option<String>,
        outlet: Option<String>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let id = doc.unwrap_or_else(|| "-".to_string());
        let text = if let Ok(s) = text.cast::<PyString>() {
            let s = s.to_cow()?.into_owned();
            if let Some(byte) = s.find('\0') {
                return Err(to_py_err(Error::Binary { path: id, byte }));
            }
            s
        } else if let Ok(b) = text.cast::<PyBytes>() {
            quotegraph::document::decode_text(&id, b.as_bytes().to_vec(), false)
                .map_err(to_py_err)?
        } else {
            let ty = text.get_type().name()?.to_string();
            return Err(PyTypeError::new_err(format!(
                "{id}: text must be str or bytes, got {ty}"
            )));
        };
        let outlet = outlet.filter(|o| !o.trim().is_empty());
        let document = Document::new(id, outlet.as_deref(), text);
        let json = py.detach(|| {
            serde_json::to_string(&records_of(&self.inner, &document)).expect("records serialize")
        });
        loads(py, &json)
    }

    /// The statements of many articles, in order, extracted in parallel with
    /// the GIL released: the records `quotegraph extract` writes for the same
    /// JSONL.
    ///
    /// `docs` is an iterable of dicts with `doc` and `text` and optionally
    /// `outlet`, `date`, `url`, `title` (other keys ignored). A bad row raises
    /// `QuotegraphError` naming it (`docs[2]: missing field \`doc\``); with
    /// `skip_bad=True` bad rows are skipped and counted in a warning.
    ///
    /// >>> rows = [{"doc": "a", "text": '"Hi," he said.'}, {"doc": "b", "text": "No quotes."}]
    /// >>> [(s["doc"], s["text"]) for s in Engine().extract_many(rows)]
    /// [('a', 'Hi,')]
    #[pyo3(signature = (docs, skip_bad=false))]
    fn extract_many<'py>(
        &self,
        py: Python<'py>,
        docs: &Bound<'py, PyAny>,
        skip_bad: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let (docs, skipped) = documents_of(docs, skip_bad, "docs")?;
        warn_skipped(py, &skipped)?;
        let json = py.detach(|| {
            let parts: Vec<String> = docs
                .par_iter()
                .map(|(d, _)| {
                    let records = records_of(&self.inner, d);
                    let mut s = String::new();
                    for r in &records {
                        s.push_str(&serde_json::to_string(r).expect("a record serializes"));
                        s.push(',');
                    }
                    s
                })
                .collect();
            let mut json = String::with_capacity(parts.iter().map(String::len).sum::<usize>() + 2);
            json.push('[');
            for p in &parts {
                json.push_str(p);
            }
            if json.ends_with(',') {
                json.pop();
            }
            json.push(']');
            json
        });
        loads(py, &json)
    }

    /// Compare articles: the structure `quotegraph compare --format json`
    /// prints (`documents`, `speakers`, `statements`, `clusters`, `facts`).
    /// Document ids must be unique.
    ///
    /// >>> docs = [{"doc": "a", "outlet": "Harbor Times", "text": '"We will rebuild the old pier by the spring," Mayor Tom Ellery said.'},
    /// ...         {"doc": "b", "outlet": "Valley Ledger", "text": '"We will rebuild the old pier," Ellery said on Monday.'}]
    /// >>> report = Engine().compare(docs)
    /// >>> [p["relation"] for c in report["clusters"] for p in c["pairs"]]
    /// ['truncated']
    fn compare<'py>(
        &self,
        py: Python<'py>,
        docs: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let (docs, _) = documents_of(docs, false, "docs")?;
        let mut seen = std::collections::BTreeSet::new();
        for (d, _) in &docs {
            if !seen.insert(d.id.as_str()) {
                return Err(to_py_err(Error::DuplicateDocument {
                    path: "input".into(),
                    id: d.id.clone(),
                }));
            }
        }
        let docs: Vec<Document> = docs.into_iter().map(|(d, _)| d).collect();
        let json = py.detach(|| self.inner.compare(&docs).to_json());
        loads(py, &json)
    }

    /// For the Spark job: the records of `docs` as JSONL bytes (with
    /// `for_compare`, each also has `id`, `doc_seq`, `n` and `quoted`), and
    /// the messages of the rows skipped with `skip_bad`.
    #[pyo3(signature = (docs, skip_bad=false, for_compare=false, label="docs"))]
    fn _extract_jsonl<'py>(
        &self,
        py: Python<'py>,
        docs: &Bound<'py, PyAny>,
        skip_bad: bool,
        for_compare: bool,
        label: &str,
    ) -> PyResult<(Bound<'py, PyBytes>, Vec<String>)> {
        let (docs, skipped) = documents_of(docs, skip_bad, label)?;
        let text = py.detach(|| {
            let parts: Vec<String> = docs
                .par_iter()
                .map(|(d, seq)| {
                    if for_compare {
                        compare_lines(&self.inner, d, seq.unwrap_or(0))
                    } else {
                        let mut s = String::new();
                        for r in records_of(&self.inner, d) {
                            s.push_str(&serde_json::to_string(&r).expect("a record serializes"));
                            s.push('\n');
                        }
                        s
                    }
                })
                .collect();
            parts.concat()
        });
        Ok((PyBytes::new(py, text.as_bytes()), skipped))
    }
}

/// The cross-document speaker merge of `compare`, over the documents'
/// speakers in input order (`(doc, doc_speakers)` as `extract(...,
/// for_compare=True)` writes them): for every local entity `doc#n`, the
/// global id `e{g}`, name and kind `compare` gives it.
#[pyfunction]
fn _merge_speakers(
    py: Python<'_>,
    docs: Vec<(String, String)>,
) -> PyResult<Vec<(String, String, String, String)>> {
    let per_doc = docs
        .iter()
        .map(|(doc, json)| {
            let summaries: Vec<EntitySummary> = serde_json::from_str(json)
                .map_err(|e| format!("document {doc:?}: bad doc_speakers: {e}"))?;
            let entities = summaries
                .into_iter()
                .map(|s| entity_of(s, doc))
                .collect::<Result<Vec<_>, String>>()?;
            Ok(DocSpeakers {
                entities,
                statement_entity: Vec::new(),
            })
        })
        .collect::<Result<Vec<_>, String>>()
        .map_err(QuotegraphError::new_err)?;
    let merged = py.detach(|| quotegraph::speakers::merge(&per_doc));
    let mut out = Vec::new();
    for (d, (doc, _)) in docs.iter().enumerate() {
        for (l, e) in per_doc[d].entities.iter().enumerate() {
            let g = merged.local_to_global[d][l];
            let ge = &merged.entities[g];
            out.push((
                format!("{doc}#{}", e.id),
                format!("e{g}"),
                ge.name.clone(),
                kind_name(ge.kind),
            ));
        }
    }
    Ok(out)
}

/// Content words (distinct) and quoted content words (distinct) of each
/// statement, given as `(text, quoted)`: the signature `compare` indexes.
#[pyfunction]
fn _signatures(
    py: Python<'_>,
    rows: Vec<(String, Vec<String>)>,
) -> Vec<(Vec<String>, Vec<String>)> {
    py.detach(|| {
        rows.par_iter()
            .map(|(text, quoted)| {
                let v = VersionInput {
                    text,
                    kind: Kind::Direct,
                    speaker: None,
                    speaker_is_group: false,
                    venue: None,
                    quoted: quoted.iter().map(String::as_str).collect(),
                    doc: 0,
                };
                let s = versions::signature(&v);
                let distinct = |mut w: Vec<String>| {
                    w.sort_unstable();
                    w.dedup();
                    w
                };
                (distinct(s.content), distinct(s.quoted))
            })
            .collect()
    })
}

/// The blocking keys of each statement, given as its content words with
/// their document frequency in the whole input and its quoted words:
/// `versions::blocking_keys`, the function `compare` uses.
#[pyfunction]
fn _blocking_keys(rows: Vec<(Vec<(String, usize)>, Vec<String>)>) -> Vec<Vec<String>> {
    rows.into_iter()
        .map(|(content, quoted)| {
            let df: HashMap<&str, usize> = content.iter().map(|(w, n)| (w.as_str(), *n)).collect();
            let sig = Signature {
                words: Vec::new(),
                content: content.iter().map(|(w, _)| w.clone()).collect(),
                quoted,
            };
            versions::blocking_keys(&sig, |w| df.get(w).copied().unwrap_or(0))
                .into_iter()
                .map(str::to_string)
                .collect()
        })
        .collect()
}

/// One statement of a block, as the Spark job passes it (a dict).
#[derive(FromPyObject)]
#[pyo3(from_item_all)]
struct Member {
    doc_seq: i64,
    n: i64,
    id: String,
    text: String,
    kind: String,
    speaker: Option<String>,
    speaker_kind: Option<String>,
    speaker_id: Option<String>,
    venue: Option<String>,
    quoted: Vec<String>,
}

/// The version inputs of members (sorted in input order by the caller). Speakers are told apart
/// by canonical name (`compare` merges entities across documents first).
fn inputs(members: &[Member]) -> PyResult<Vec<VersionInput<'_>>> {
    let mut names: HashMap<&str, usize> = HashMap::new();
    let mut out = Vec::with_capacity(members.len());
    for m in members.iter() {
        let kind = match m.kind.as_str() {
            "direct" => Kind::Direct,
            "mixed" => Kind::Mixed,
            "indirect" => Kind::Indirect,
            other => {
                return Err(QuotegraphError::new_err(format!(
                    "statement {}: unknown kind {other:?}",
                    m.id
                )));
            }
        };
        let named = matches!(m.speaker_kind.as_deref(), Some("person" | "group"));
        let speaker = m.speaker.as_deref().filter(|_| named).map(|s| {
            let next = names.len();
            *names.entry(s).or_insert(next)
        });
        out.push(VersionInput {
            text: &m.text,
            kind,
            speaker,
            speaker_is_group: speaker.is_some() && m.speaker_kind.as_deref() == Some("group"),
            venue: m.venue.as_deref(),
            quoted: m.quoted.iter().map(String::as_str).collect(),
            // The document's place in the input, as `compare` numbers them.
            doc: usize::try_from(m.doc_seq).unwrap_or(0),
        });
    }
    Ok(out)
}

/// The links inside one block (the statements a key admits): every pair
/// compared, earlier first, as `compare` compares its candidates, but only
/// in the block of the least key the pair shares (`keys`: each member's
/// admitted keys, sorted), so no pair is compared twice. Returns
/// `(statement id, id of the earliest statement of its component)` for the
/// statements linked to another.
#[pyfunction]
fn _link_block(
    py: Python<'_>,
    key: &str,
    mut members: Vec<Member>,
    keys: HashMap<String, Vec<String>>,
) -> PyResult<Vec<(String, String)>> {
    members.sort_by_key(|m| (m.doc_seq, m.n));
    let items = inputs(&members)?;
    let member_keys: Vec<&[String]> = members
        .iter()
        .map(|m| keys.get(&m.id).map(Vec::as_slice).unwrap_or(&[]))
        .collect();
    // The least key two sorted key lists share.
    let least_shared = |a: &[String], b: &[String]| -> Option<usize> {
        let (mut i, mut j) = (0, 0);
        while i < a.len() && j < b.len() {
            match a[i].cmp(&b[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => return Some(i),
            }
        }
        None
    };
    let roots = py.detach(|| {
        let sigs: Vec<Signature> = items.iter().map(versions::signature).collect();
        let mut root: Vec<usize> = (0..items.len()).collect();
        fn find(root: &mut [usize], mut x: usize) -> usize {
            while root[x] != x {
                root[x] = root[root[x]];
                x = root[x];
            }
            x
        }
        for i in 0..items.len() {
            for j in 0..i {
                let (ri, rj) = (find(&mut root, i), find(&mut root, j));
                if ri == rj {
                    continue;
                }
                let (ki, kj) = (member_keys[i], member_keys[j]);
                if least_shared(ki, kj).is_some_and(|k| ki[k] != key) {
                    continue;
                }
                if versions::linked_versions(&items[j], &items[i], &sigs[j], &sigs[i]) {
                    let (lo, hi) = (ri.min(rj), ri.max(rj));
                    root[hi] = lo;
                }
            }
        }
        (0..items.len())
            .map(|i| find(&mut root, i))
            .collect::<Vec<_>>()
    });
    let mut size = vec![0usize; roots.len()];
    for &r in &roots {
        size[r] += 1;
    }
    Ok(roots
        .iter()
        .enumerate()
        .filter(|&(_, &r)| size[r] > 1)
        .map(|(i, &r)| (members[i].id.clone(), members[r].id.clone()))
        .collect())
}

/// The clusters of one linked component, as `compare` describes them: the
/// component split where one statement of several sentences is the only
/// bridge (`versions::split_bridges`), then for each part its members (head
/// first), the head's speaker, and every pair's relation and word diff; a
/// JSON list.
#[pyfunction]
fn _describe(py: Python<'_>, mut members: Vec<Member>) -> PyResult<String> {
    members.sort_by_key(|m| (m.doc_seq, m.n));
    let items = inputs(&members)?;
    let clusters = py.detach(|| {
        let sigs: Vec<Signature> = items.iter().map(versions::signature).collect();
        versions::split_bridges(&items, &sigs, (0..items.len()).collect())
            .into_iter()
            .filter(|part| part.len() >= 2)
            .map(|part| versions::describe(&items, &sigs, part))
            .collect::<Vec<_>>()
    });
    let id = |i: usize| members[i].id.as_str();
    let out: Vec<Value> = clusters
        .iter()
        .map(|cluster| {
            let head = &members[cluster.members[0]];
            let pairs: Vec<Value> = cluster
                .pairs
                .iter()
                .map(|p| {
                    serde_json::json!({
                        "a": id(p.a), "b": id(p.b), "relation": p.relation, "diff": p.diff,
                    })
                })
                .collect();
            serde_json::json!({
                "speaker": head.speaker,
                "speaker_id": head.speaker_id,
                "members": cluster.members.iter().map(|&m| id(m)).collect::<Vec<_>>(),
                "pairs": pairs,
            })
        })
        .collect();
    Ok(Value::Array(out).to_string())
}

#[pymodule]
fn _quotegraph(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Engine>()?;
    m.add("MAX_POSTING", versions::MAX_POSTING)?;
    m.add("PREFIX", versions::PREFIX)?;
    m.add("QuotegraphError", m.py().get_type::<QuotegraphError>())?;
    m.add_function(wrap_pyfunction!(_signatures, m)?)?;
    m.add_function(wrap_pyfunction!(_merge_speakers, m)?)?;
    m.add_function(wrap_pyfunction!(_blocking_keys, m)?)?;
    m.add_function(wrap_pyfunction!(_link_block, m)?)?;
    m.add_function(wrap_pyfunction!(_describe, m)?)?;
    Ok(())
}
