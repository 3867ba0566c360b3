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

use std::path::{Path, PathBuf};

pub use document::{Document, ReadOptions, Span};
pub use error::{Error, Result};
pub use lexicon::{CueClass, Lexicon};
pub use parse::{Cue, Frame, Kind, Mention, Statement, Venue};
pub use segment::SegmentKind;

/// The extraction engine: a loaded grammar and the pipeline over it.
#[derive(Clone, Debug, Default)]
pub struct Engine {
    lexicon: Lexicon,
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
        let seg = self.segment(doc);
        let cx = parse::input::Cx {
            text: &doc.text,
            lex: &self.lexicon,
        };
        parse::read_statements(cx, &seg)
    }
}
