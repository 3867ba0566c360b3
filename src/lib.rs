//! quotegraph: who said what in the news, and where outlets disagree.
//!
//! The pipeline runs one way, one module a stage:
//! [`document`] → [`segment`] → [`parse`] (quotations and attribution) →
//! [`speakers`] → [`versions`] and [`facts`] → [`report`] (JSON, Markdown,
//! HTML) and [`graph`] (DOT, GraphML). Every span is a byte range into the
//! original text; the JSONL output and the report convert to Unicode code
//! points, as Python and most tools index text. Every fallible call returns
//! the one error type, [`Error`], which names the file, line and byte.
//!
//! # Extract the statements of one text
//!
//! ```
//! use quotegraph::{Document, Engine, Kind};
//!
//! let engine = Engine::default(); // the built-in grammar
//! let doc = Document::new("a1", Some("Harbor Times"),
//!     "\"We will rebuild the pier,\" Mayor Tom Ellery said on Sunday. \
//!      The council said the work would start in May.");
//! let statements = engine.extract(&doc);
//! assert_eq!(statements[0].parts[0].of(&doc.text), "We will rebuild the pier,");
//! assert_eq!(statements[0].speaker.as_ref().unwrap().text, "Mayor Tom Ellery");
//! assert_eq!(statements[0].cue.as_ref().unwrap().lemma, "say");
//! assert_eq!(statements[1].kind, Kind::Indirect);
//! ```
//!
//! # Compare a set of documents
//!
//! [`Engine::compare`] reads documents together: speakers merged across
//! outlets and spellings, the versions of each utterance clustered, each
//! version's [`versions::Relation`] to the fullest one, and the facts the
//! outlets state differently.
//!
//! ```
//! use quotegraph::{Document, Engine};
//! use quotegraph::versions::Relation;
//!
//! let docs = vec![
//!     Document::new("wire", Some("Northline Wire"),
//!         "\"We will rebuild the old pier by the spring,\" Mayor Tom Ellery said."),
//!     Document::new("daily", Some("Hessby Courier"),
//!         "\"We will rebuild the old pier,\" Ellery said on Monday."),
//! ];
//! // JSONL input instead: Document::read_jsonl(std::io::BufReader::new(file))?
//! let report = Engine::default().compare(&docs);
//! assert_eq!(report.speakers[0].name, "Tom Ellery");
//! let pair = &report.clusters[0].pairs[0];
//! assert_eq!(pair.relation, Relation::Truncated);
//! assert_eq!(pair.diff.dropped, ["by the spring,"]);
//! for (cluster, worst) in report.differences() {
//!     println!("{}: {:?}", cluster.id, worst); // most significant first
//! }
//! ```
//!
//! # Render a report in each format
//!
//! ```
//! use quotegraph::{Document, Engine, graph::Graph};
//!
//! let docs = [
//!     Document::new("wire", Some("Northline Wire"),
//!         "\"We will rebuild the old pier by the spring,\" Mayor Tom Ellery said."),
//!     Document::new("daily", Some("Hessby Courier"),
//!         "\"We will rebuild the old pier,\" Ellery said on Monday."),
//! ];
//! let report = Engine::default().compare(&docs);
//!
//! let json = report.to_json();         // the full report, stable field order
//! let markdown = report.to_markdown(); // differences first, for reading
//! let html = report.to_html();         // one self-contained page
//! let graph = Graph::from_report(&report);
//! let dot = graph.to_dot();            // Graphviz
//! let graphml = graph.to_graphml();    // Gephi, Cytoscape, yEd
//!
//! assert!(json.contains("\"relation\": \"truncated\""));
//! assert!(markdown.starts_with("# quotegraph report"));
//! assert!(html.contains("<del>by the spring,</del>"));
//! assert!(dot.starts_with("digraph quotegraph"));
//! assert!(graphml.contains("<data key=\"label\">Tom Ellery</data>"));
//! // std::fs::write("report.html", html)?;
//! ```

pub mod document;
pub mod error;
pub mod facts;
pub mod graph;
pub mod lexicon;
pub mod output;
pub mod parse;
pub mod report;
pub mod segment;
pub mod speakers;
pub mod versions;

use std::path::{Path, PathBuf};

pub use document::{Document, ReadOptions, Span};
pub use error::{Error, Result};
pub use lexicon::{CueClass, Lexicon};
pub use parse::{Cue, Frame, Kind, Mention, Statement, Venue};
pub use report::Report;
pub use segment::SegmentKind;
pub use speakers::{DocSpeakers, Entity, EntityKind, Speakers};

/// The extraction engine: a loaded grammar and the pipeline over it.
#[derive(Clone, Debug, Default)]
pub struct Engine {
    lexicon: Lexicon,
}

/// One document's statements and the speakers they are credited to.
#[derive(Clone, Debug)]
pub struct Analysis {
    pub statements: Vec<Statement>,
    pub speakers: DocSpeakers,
}

/// Options for an [`Engine`].
#[derive(Clone, Debug, Default)]
pub struct EngineBuilder {
    grammar: Option<PathBuf>,
}

impl EngineBuilder {
    /// Use the grammar files in `dir`; files it lacks come from the built-in grammar.
    pub fn grammar(mut self, dir: impl AsRef<Path>) -> Self {
        self.grammar = Some(dir.as_ref().to_path_buf());
        self
    }

    /// Load the grammar and build the engine.
    ///
    /// ```
    /// let engine = quotegraph::Engine::builder().grammar("grammar").build().unwrap();
    /// # let _ = engine;
    /// ```
    pub fn build(self) -> Result<Engine> {
        let lexicon = match self.grammar {
            Some(dir) => Lexicon::from_dir(&dir)?,
            None => Lexicon::builtin(),
        };
        Ok(Engine { lexicon })
    }
}

impl Engine {
    pub fn builder() -> EngineBuilder {
        EngineBuilder::default()
    }

    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    /// Cut a document into paragraphs and sentences (the segment stage).
    pub fn segment<'d>(&self, doc: &'d Document) -> segment::Segments<'d, '_> {
        segment::segment(doc, &self.lexicon)
    }

    /// Every statement of one document, in text order, with byte spans.
    pub fn extract(&self, doc: &Document) -> Vec<Statement> {
        self.analyze(doc).statements
    }

    /// Statements and their resolved speakers for one document.
    ///
    /// ```
    /// use quotegraph::{Document, Engine};
    /// let doc = Document::new("a", None,
    ///     "White House envoy Steve Witkoff spoke on Sunday. \"We made progress,\" Witkoff said. \"Not enough,\" he added.");
    /// let a = Engine::default().analyze(&doc);
    /// let names: Vec<&str> = a.statements.iter().enumerate()
    ///     .map(|(i, _)| a.speakers.entities[a.speakers.statement_entity[i].unwrap()].name.as_str()).collect();
    /// assert_eq!(names, ["Steve Witkoff", "Steve Witkoff"]);
    /// ```
    pub fn analyze(&self, doc: &Document) -> Analysis {
        self.analyze_with(doc, speakers::resolve, |_| ()).0
    }

    /// [`Engine::analyze`] as `compare` reads a document: without the
    /// reports that credit no one (the Spark jobs compare through this).
    pub fn analyze_for_compare(&self, doc: &Document) -> Analysis {
        let mut a = self.analyze(doc);
        unattributed_reports_out(&mut a);
        a
    }

    /// [`Engine::analyze`] for writing records: the same statements, and
    /// speakers with the same ids, names and kinds, but without the
    /// mentions, aliases, titles and outlet usage of each entity (what
    /// [`Engine::compare`] merges across documents; `extract` never reads it).
    ///
    /// ```
    /// use quotegraph::{Document, Engine};
    /// let doc = Document::new("a", None, "\"We made progress,\" envoy Steve Witkoff said.");
    /// let engine = Engine::default();
    /// let (full, lean) = (engine.analyze(&doc), engine.analyze_for_records(&doc));
    /// assert_eq!(full.statements, lean.statements);
    /// assert_eq!(full.speakers.statement_entity, lean.speakers.statement_entity);
    /// assert_eq!(lean.speakers.entities[0].name, "Steve Witkoff");
    /// assert!(lean.speakers.entities[0].mentions.is_empty());
    /// ```
    pub fn analyze_for_records(&self, doc: &Document) -> Analysis {
        self.analyze_with(doc, speakers::resolve_for_records, |_| ())
            .0
    }

    /// Segments, statements, then speakers resolved by `resolve`; and
    /// whatever `also` reads from the same segments.
    fn analyze_with<T>(
        &self,
        doc: &Document,
        resolve: fn(
            parse::input::Cx<'_, '_>,
            &segment::Segments<'_, '_>,
            &[parse::Statement],
        ) -> speakers::DocSpeakers,
        also: impl FnOnce(&segment::Segments<'_, '_>) -> T,
    ) -> (Analysis, T) {
        let seg = self.segment(doc);
        let cx = parse::input::Cx {
            text: &doc.text,
            lex: &self.lexicon,
        };
        let statements = parse::read_statements(cx, &seg);
        let speakers = resolve(cx, &seg, &statements);
        let also = also(&seg);
        (
            Analysis {
                statements,
                speakers,
            },
            also,
        )
    }

    /// Compare documents: every statement with its speaker resolved across
    /// documents, the versions of each utterance and how they differ.
    ///
    /// ```
    /// use quotegraph::{Document, Engine};
    /// let a = Document::new("a", Some("Harbor Times"), "\"We will rebuild the old pier by the spring,\" Mayor Tom Ellery said.");
    /// let b = Document::new("b", Some("Valley Ledger"), "\"We will rebuild the old pier,\" Ellery said on Monday.");
    /// let report = Engine::default().compare(&[a, b]);
    /// assert_eq!(report.clusters.len(), 1);
    /// assert_eq!(report.clusters[0].pairs[0].relation, quotegraph::versions::Relation::Truncated);
    /// println!("{}", report.to_markdown());
    /// ```
    pub fn compare(&self, docs: &[Document]) -> Report {
        self.compare_with_progress(docs, |_, _| {})
    }

    /// [`Engine::compare`], calling `progress(done, total)` after each
    /// document is analysed (the step whose time grows with the input's
    /// size; the command line draws its progress bar from it).
    ///
    /// ```
    /// use std::cell::Cell;
    /// use quotegraph::{Document, Engine};
    /// let docs = [Document::new("a", None, "\"Yes,\" she said."), Document::new("b", None, "\"No,\" he said.")];
    /// let seen = Cell::new(0);
    /// Engine::default().compare_with_progress(&docs, |done, total| { seen.set(done); assert_eq!(total, 2); });
    /// assert_eq!(seen.get(), 2);
    /// ```
    pub fn compare_with_progress(
        &self,
        docs: &[Document],
        progress: impl Fn(usize, usize),
    ) -> Report {
        let mut report = self.compare_texts_left_out(docs, progress);
        {
            use rayon::prelude::*;
            report
                .documents
                .par_iter_mut()
                .zip(docs.par_iter())
                .for_each(|(info, d)| info.text.clone_from(&d.text));
        }
        report
    }

    /// [`Engine::compare_with_progress`] taking the documents: each
    /// document's text moves into the report (see
    /// [`report::DocumentInfo::text`]) instead of being copied, which at a
    /// million statements spares a copy of every text at the run's peak.
    /// The same report.
    ///
    /// ```
    /// use quotegraph::{Document, Engine};
    /// let docs = vec![Document::new("a", None, "\"Yes,\" she said."), Document::new("b", None, "\"No,\" he said.")];
    /// let engine = Engine::default();
    /// let borrowed = engine.compare(&docs);
    /// let owned = engine.compare_documents_with_progress(docs, |_, _| {});
    /// assert_eq!(owned, borrowed);
    /// assert_eq!(owned.documents[0].text, "\"Yes,\" she said.");
    /// ```
    pub fn compare_documents_with_progress(
        &self,
        docs: Vec<Document>,
        progress: impl Fn(usize, usize),
    ) -> Report {
        let mut report = self.compare_texts_left_out(&docs, progress);
        for (info, d) in report.documents.iter_mut().zip(docs) {
            info.text = d.text;
        }
        report
    }

    /// [`Engine::compare_with_progress`] with each document's text in the
    /// report left empty, for the caller to fill.
    fn compare_texts_left_out(&self, docs: &[Document], progress: impl Fn(usize, usize)) -> Report {
        use speakers::EntityKind;
        // Documents are analysed in parallel, a chunk at a time (progress is
        // reported between chunks, on this thread); the results keep input
        // order, so the report never depends on thread timing.
        // The facts read each document's days, counts and meetings from the
        // same segments (each document is segmented once).
        // A thread of its own merges the speakers of each document as soon
        // as it and every document before it are analysed: the merge reads
        // them in input order, one at a time, the longest step that cannot
        // be shared between threads, so it runs beside the analysis instead
        // of after it.
        let slots: Vec<std::sync::OnceLock<Analysis>> = (0..docs.len())
            .map(|_| std::sync::OnceLock::new())
            .collect();
        // Each document's entities, handed to the merge (which moves them
        // into the merged ones) apart from the rest of its analysis.
        let entities: Vec<std::sync::Mutex<Vec<speakers::Entity>>> = (0..docs.len())
            .map(|_| std::sync::Mutex::new(Vec::new()))
            .collect();
        let mut doc_facts: Vec<facts::DocumentFacts> = Vec::with_capacity(docs.len());
        // Each statement's quoted stretches, in input order: set once the
        // documents are analysed, read by the packing and the inputs.
        let mut quoted_cell: std::cell::OnceCell<Vec<Vec<&str>>> = std::cell::OnceCell::new();
        let (mut merged, packing, texts) = std::thread::scope(|scope| {
            let (ready_tx, ready_rx) = std::sync::mpsc::channel::<usize>();
            let (slots, entities) = (&slots, &entities);
            let merger = scope.spawn(move || {
                let mut ready = 0;
                let in_order = (0..slots.len()).map_while(|d| {
                    while ready <= d {
                        // Closed early only when the analysis panicked.
                        ready = ready_rx.recv().ok()?;
                    }
                    let mut e = entities[d].lock().unwrap_or_else(|e| e.into_inner());
                    Some(std::mem::take(&mut *e))
                });
                speakers::merge_owned(in_order)
            });
            for (c, chunk) in docs.chunks(64).enumerate() {
                use rayon::prelude::*;
                let f: Vec<facts::DocumentFacts> = chunk
                    .par_iter()
                    .enumerate()
                    .map(|(k, d)| {
                        let (mut a, f) = self.analyze_with(d, speakers::resolve, |seg| {
                            facts::read_document(&self.lexicon, d, c * 64 + k, seg)
                        });
                        unattributed_reports_out(&mut a);
                        // Read with room to spare (for `extract`, which
                        // drops them at once); kept here to the end.
                        a.statements.shrink_to_fit();
                        *entities[c * 64 + k]
                            .lock()
                            .unwrap_or_else(|e| e.into_inner()) =
                            std::mem::take(&mut a.speakers.entities);
                        assert!(slots[c * 64 + k].set(a).is_ok(), "analysed once");
                        f
                    })
                    .collect();
                doc_facts.extend(f);
                let done = c * 64 + chunk.len();
                let _ = ready_tx.send(done);
                progress(done, docs.len());
            }
            drop(ready_tx);
            // Every statement part's words, as the clustering reads them,
            // packed while the merge finishes.
            let analysed = || {
                slots
                    .iter()
                    .map(|s| &s.get().expect("analysed").statements[..])
            };
            let quoted = quoted_cell.get_or_init(|| quoted_stretches(docs, analysed()));
            let texts = part_texts(docs, analysed(), quoted);
            let packing = versions::Packing::of_texts(&texts);
            let merged = merger
                .join()
                .unwrap_or_else(|e| std::panic::resume_unwind(e));
            (merged, packing, texts)
        });
        // The texts packed are checked against the inputs (in debug builds;
        // a million statements' worth otherwise freed here).
        #[cfg(not(debug_assertions))]
        drop(texts);
        let analyses: Vec<Analysis> = slots
            .into_iter()
            .map(|s| s.into_inner().expect("every document analysed"))
            .collect();
        // The merged entities hold everything the documents' own did (moved
        // into them); only each statement's entity is read from here on.
        drop(entities);
        // The facts that do not read the clusters are read now, and what only
        // they read (the speakers' mentions; each document's days, counts
        // and meetings) freed before the records and the clustering take
        // their memory: at a million statements, 316 MB of the 2 GB then
        // live.
        let unclustered = facts::read_unclustered(&self.lexicon, docs, &merged.entities, doc_facts);
        {
            use rayon::prelude::*;
            merged
                .entities
                .par_iter_mut()
                .for_each(|e| drop(std::mem::take(&mut e.mentions)));
        }
        let global_id = |g: usize| format!("e{g}");
        // Each document's records are built on their own, in parallel, a
        // chunk of documents at a time, and laid end to end in input order
        // (only a chunk's records are ever held twice); each chunk's
        // analyses are freed once its records are built, so all the
        // analyses and all the records are never live at once (what the
        // comparison reads of the analyses, each statement's quoted
        // stretches, is in `quoted`).
        const RECORD_CHUNK: usize = 1024;
        // Each document's records: one per statement part.
        let doc_records: Vec<usize> = analyses
            .iter()
            .map(|a| a.statements.iter().map(|s| s.parts.len()).sum())
            .collect();
        let total: usize = doc_records.iter().sum();
        let mut statements = Vec::with_capacity(total);
        // (doc, statement in input order, global entity)
        let mut inputs_meta: Vec<(usize, usize, Option<usize>)> = Vec::with_capacity(total);
        let mut documents = Vec::with_capacity(docs.len());
        let mut analyses = analyses.into_iter();
        // The first statement of the chunk's first document, in input order.
        let mut first = 0;
        for (c, chunk) in docs.chunks(RECORD_CHUNK).enumerate() {
            use rayon::prelude::*;
            let chunk_analyses: Vec<Analysis> = analyses.by_ref().take(chunk.len()).collect();
            let firsts: Vec<usize> = chunk_analyses
                .iter()
                .map(|a| {
                    let f = first;
                    first += a.statements.len();
                    f
                })
                .collect();
            // The chunk's records are written in place, each document's
            // into its own stretch of `statements`, in parallel: built per
            // document and then copied in on this thread, their fresh pages
            // (376 MB at a million statements) were faulted in by this
            // thread alone while the others waited (this step took 2.1 to
            // 2.2 s there; now 1.3 s).
            let lens = &doc_records[c * RECORD_CHUNK..][..chunk.len()];
            let at = statements.len();
            let n: usize = lens.iter().sum();
            statements.par_extend((0..n).into_par_iter().map(|_| unfilled_statement()));
            inputs_meta.par_extend((0..n).into_par_iter().map(|_| (0, 0, None)));
            let mut places = Vec::with_capacity(chunk.len());
            let (mut rest, mut rest_meta) = (&mut statements[at..], &mut inputs_meta[at..]);
            for &len in lens {
                let (place, r) = std::mem::take(&mut rest).split_at_mut(len);
                let (meta, rm) = std::mem::take(&mut rest_meta).split_at_mut(len);
                places.push((place, meta));
                (rest, rest_meta) = (r, rm);
            }
            let infos: Vec<report::DocumentInfo> = chunk
                .par_iter()
                .zip(chunk_analyses.par_iter())
                .zip(firsts.par_iter())
                .zip(places.into_par_iter())
                .enumerate()
                .map(|(k, (((doc, a), &first), (place, meta)))| {
                    let d = c * RECORD_CHUNK + k;
                    let local = &merged.local_to_global[d];
                    let speaker_of = |i: usize| {
                        let l = a.speakers.statement_entity.get(i).copied().flatten()?;
                        let g = local[l];
                        let e = &merged.entities[g];
                        Some(output::ResolvedSpeaker {
                            name: e.name.clone(),
                            id: global_id(g),
                            kind: e.kind,
                        })
                    };
                    let records = output::records_with(doc, &a.statements, speaker_of);
                    assert_eq!(records.len(), place.len(), "one record per statement part");
                    // Records come per statement part, in statement order.
                    let mut si = 0;
                    for (k, r) in records.into_iter().enumerate() {
                        if r.part == 0 && k > 0 {
                            si += 1;
                        }
                        let entity = a
                            .speakers
                            .statement_entity
                            .get(si)
                            .copied()
                            .flatten()
                            .map(|l| local[l]);
                        meta[k] = (d, first + si, entity);
                        place[k] = report::ReportStatement {
                            id: format!("{}/s{}", doc.id, k + 1),
                            record: r,
                        };
                    }
                    // The text goes in at the end (copied, or moved when
                    // the documents were handed over), when what only the
                    // comparison needs is freed.
                    report::document_info(doc, a.statements.len())
                })
                .collect();
            documents.extend(infos);
            chunk_analyses.into_par_iter().for_each(drop);
        }
        debug_assert_eq!(statements.len(), total, "one record per statement part");
        use rayon::prelude::*;
        let quoted = quoted_cell.get().expect("set before the packing");
        // Built in parallel: 86 MB of fresh pages at a million statements,
        // which cost more than filling them (0.28 s on one thread, 0.16 s
        // on two).
        let inputs: Vec<versions::VersionInput> = statements
            .par_iter()
            .zip(&inputs_meta)
            // `si`: the statement's index in input order, as in `quoted`.
            .map(|(s, &(d, si, entity))| {
                let named = entity.filter(|&g| {
                    matches!(
                        merged.entities[g].kind,
                        EntityKind::Person | EntityKind::Group
                    )
                });
                versions::VersionInput {
                    text: &s.record.text,
                    kind: s.record.kind,
                    speaker: named,
                    speaker_is_group: named
                        .is_some_and(|g| merged.entities[g].kind == EntityKind::Group),
                    venue: s.record.venue.as_deref(),
                    quoted: quoted[si].clone(),
                    doc: d,
                }
            })
            .collect();
        // The signatures were packed in the same order.
        #[cfg(debug_assertions)]
        {
            assert_eq!(inputs.len(), texts.len());
            assert!(
                inputs
                    .iter()
                    .zip(&texts)
                    .all(|(v, t)| (v.text, v.kind, &v.quoted[..]) == *t)
            );
            drop(texts);
        }
        drop(quoted_cell.take());
        let mut counts = vec![0usize; merged.entities.len()];
        for &(_, _, e) in &inputs_meta {
            if let Some(e) = e {
                counts[e] += 1;
            }
        }
        drop(inputs_meta);
        // Clusters and speakers are written out in parallel, in order.
        let clusters: Vec<report::ReportCluster> = versions::cluster_packed(&inputs, packing)
            .into_par_iter()
            .enumerate()
            .map(|(n, c)| {
                let head = &statements[c.members[0]];
                report::ReportCluster {
                    id: format!("c{}", n + 1),
                    speaker: head.record.speaker.clone(),
                    speaker_id: head.record.speaker_id.clone(),
                    members: c
                        .members
                        .iter()
                        .map(|&m| statements[m].id.clone())
                        .collect(),
                    pairs: c
                        .pairs
                        .into_iter()
                        .map(|p| report::ReportPair {
                            a: statements[p.a].id.clone(),
                            b: statements[p.b].id.clone(),
                            relation: p.relation,
                            diff: p.diff,
                        })
                        .collect(),
                }
            })
            .collect();
        inputs.into_par_iter().for_each(drop);
        let facts = facts::compare_read(&self.lexicon, docs, &statements, &clusters, unclustered);
        // The speakers take their names and sets from the merged entities
        // (moved, not copied; the rest of each entity is freed here).
        let speakers = merged
            .entities
            .into_par_iter()
            .filter(|e| counts[e.id] > 0)
            .map(|e| report::SpeakerInfo {
                id: global_id(e.id),
                name: e.name,
                kind: e.kind,
                aliases: e.aliases.into_iter().collect(),
                titles: e.titles.into_iter().collect(),
                by_outlet: e.by_outlet.into_iter().collect(),
                statements: counts[e.id],
            })
            .collect();
        Report {
            documents,
            speakers,
            statements,
            clusters,
            facts,
        }
    }

    /// Analyze many documents and merge their speakers into one set of
    /// entities (one per person across outlets and spellings).
    pub fn analyze_all(&self, docs: &[Document]) -> (Vec<Analysis>, Speakers) {
        let analyses: Vec<Analysis> = docs.iter().map(|d| self.analyze(d)).collect();
        let merged = speakers::merge(analyses.iter().map(|a| &a.speakers));
        (analyses, merged)
    }
}

/// The quoted stretches of each statement, in input order.
fn quoted_stretches<'d, 's>(
    docs: &'d [Document],
    statements: impl Iterator<Item = &'s [parse::Statement]>,
) -> Vec<Vec<&'d str>> {
    statements
        .zip(docs)
        .flat_map(|(st, doc)| {
            st.iter()
                .map(|s| s.quotes.iter().map(|q| q.of(&doc.text)).collect())
        })
        .collect()
}

/// Each statement part's text, with its kind as its record reads it
/// ([`output::part_kind`]: a mixed statement's lead is indirect, its quote
/// direct) and its statement's quoted stretches (`quoted`, from
/// [`quoted_stretches`]): what the clustering reads, in the order of the
/// records.
fn part_texts<'d, 's, 'q>(
    docs: &'d [Document],
    statements: impl Iterator<Item = &'s [parse::Statement]>,
    quoted: &'q [Vec<&'d str>],
) -> Vec<(&'d str, parse::Kind, &'q [&'d str])> {
    statements
        .zip(docs)
        .flat_map(|(st, doc)| st.iter().map(move |s| (s, doc)))
        .zip(quoted)
        .flat_map(|((s, doc), q)| {
            s.parts
                .iter()
                .map(move |p| (p.of(&doc.text), output::part_kind(s, p), &q[..]))
        })
        .collect()
}

/// A statement record with nothing in it (no string allocated), for
/// [`Engine::compare`] to write over in place.
fn unfilled_statement() -> report::ReportStatement {
    report::ReportStatement {
        id: String::new(),
        record: output::Record {
            doc: String::new(),
            start: 0,
            end: 0,
            text: String::new(),
            kind: Kind::Direct,
            speaker: None,
            speaker_start: None,
            speaker_end: None,
            cue: None,
            cue_start: None,
            cue_end: None,
            venue: None,
            venue_start: None,
            venue_end: None,
            outlet: None,
            segment: segment::SegmentKind::Main,
            speaker_id: None,
            speaker_kind: None,
            speaker_mention: None,
            cue_lemma: None,
            cue_class: None,
            frame: parse::Frame::After,
            part: 0,
            parts: 0,
            paragraph: 0,
        },
    }
}

/// `compare` asks who said what: a report in the writer's words that
/// credits no one (a passive, `the talks seem to have stalled`, a fronted
/// `Asked whether it was an attack, ...`) is no one's version of anything,
/// and is left out of the comparison; `extract` keeps it.
fn unattributed_reports_out(a: &mut Analysis) {
    let keep: Vec<bool> = a
        .statements
        .iter()
        .map(|s| s.speaker.is_some() || s.kind != Kind::Indirect)
        .collect();
    if keep.iter().all(|&k| k) {
        return;
    }
    let mut k = keep.iter();
    a.statements.retain(|_| *k.next().expect("aligned"));
    let mut k = keep.iter();
    a.speakers
        .statement_entity
        .retain(|_| *k.next().expect("aligned"));
}
