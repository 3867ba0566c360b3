//! quotegraph: who said what in the news, and where outlets disagree.
//!
//! The pipeline runs one way, one module a stage:
//! [`document`] → [`segment`] → [`parse`] (quotations and attribution) → reports.
//! Every span is a byte range into the original text; the JSONL output
//! converts to Unicode code points, as Python and most tools index text.
//!
//! ```
//! use quotegraph::{Document, Engine};
//!
//! let engine = Engine::default();
//! let doc = Document::new("a1", Some("Harbor Times"),
//!     "\"We will rebuild the pier,\" Mayor Tom Ellery said on Sunday.");
//! let statements = engine.extract(&doc);
//! assert_eq!(statements[0].parts[0].of(&doc.text), "We will rebuild the pier,");
//! assert_eq!(statements[0].speaker.as_ref().unwrap().text, "Mayor Tom Ellery");
//! ```

pub mod document;
pub mod error;
pub mod lexicon;
pub mod output;
pub mod parse;
pub mod segment;
pub mod speakers;

use std::path::{Path, PathBuf};

pub use document::{Document, ReadOptions, Span};
pub use error::{Error, Result};
pub use lexicon::{CueClass, Lexicon};
pub use parse::{Cue, Frame, Kind, Mention, Statement, Venue};
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
        let seg = self.segment(doc);
        let cx = parse::input::Cx {
            text: &doc.text,
            lex: &self.lexicon,
        };
        let statements = parse::read_statements(cx, &seg);
        let speakers = speakers::resolve(cx, &seg, &statements);
        Analysis {
            statements,
            speakers,
        }
    }

    /// Analyze many documents and merge their speakers into one set of
    /// entities (one per person across outlets and spellings).
    pub fn analyze_all(&self, docs: &[Document]) -> (Vec<Analysis>, Speakers) {
        let analyses: Vec<Analysis> = docs.iter().map(|d| self.analyze(d)).collect();
        let per_doc: Vec<DocSpeakers> = analyses.iter().map(|a| a.speakers.clone()).collect();
        let merged = speakers::merge(&per_doc);
        (analyses, merged)
    }
}
