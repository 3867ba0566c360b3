//! Stage 8, reports: the comparison of many documents as one plain value,
//! rendered by [`json`] and [`markdown`]. Renderers read the report only;
//! they never go back to the text.

pub mod json;
pub mod markdown;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::document::Document;
use crate::output::Record;
use crate::speakers::{EntityKind, OutletUsage};
use crate::versions::{Relation, WordDiff};

/// A document as the report lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DocumentInfo {
    pub doc: String,
    pub outlet: Option<String>,
    pub date: Option<String>,
    pub url: Option<String>,
    pub title: Option<String>,
    pub statements: usize,
}

/// A speaker entity, merged across documents.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SpeakerInfo {
    pub id: String,
    pub name: String,
    pub kind: EntityKind,
    pub aliases: Vec<String>,
    pub titles: Vec<String>,
    pub by_outlet: BTreeMap<String, OutletUsage>,
    pub statements: usize,
}

/// A statement: the extract record plus its id.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReportStatement {
    pub id: String,
    #[serde(flatten)]
    pub record: Record,
}

/// Two versions of one utterance and how the second differs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReportPair {
    pub a: String,
    pub b: String,
    pub relation: Relation,
    pub diff: WordDiff,
}

/// Versions of one utterance.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReportCluster {
    pub id: String,
    /// The speaker of the fullest version.
    pub speaker: Option<String>,
    pub speaker_id: Option<String>,
    /// Statement ids; the first is the fullest direct version.
    pub members: Vec<String>,
    pub pairs: Vec<ReportPair>,
}

/// A comparison of documents: who said what, and where outlets differ.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    pub documents: Vec<DocumentInfo>,
    pub speakers: Vec<SpeakerInfo>,
    pub statements: Vec<ReportStatement>,
    pub clusters: Vec<ReportCluster>,
    /// Facts the outlets state: conflicts first, then variants, then agreements.
    pub facts: Vec<crate::facts::Fact>,
}

impl Report {
    /// The statement with this id (a linear search: renderers use [`Report::index`]).
    pub fn statement(&self, id: &str) -> Option<&ReportStatement> {
        self.statements.iter().find(|s| s.id == id)
    }

    /// Statements by id, for lookups in a loop.
    pub fn index(&self) -> BTreeMap<&str, &ReportStatement> {
        self.statements.iter().map(|s| (s.id.as_str(), s)).collect()
    }

    /// The outlet a statement is credited to (the blurb's for related text).
    pub fn outlet_of(&self, s: &ReportStatement) -> String {
        s.record
            .outlet
            .clone()
            .unwrap_or_else(|| s.record.doc.clone())
    }

    /// Documents as listed, for renderers.
    pub fn document(&self, doc: &str) -> Option<&DocumentInfo> {
        self.documents.iter().find(|d| d.doc == doc)
    }
}

pub(crate) fn document_info(d: &Document, statements: usize) -> DocumentInfo {
    DocumentInfo {
        doc: d.id.clone(),
        outlet: d.outlet.clone(),
        date: d.date.clone(),
        url: d.url.clone(),
        title: d.title.clone(),
        statements,
    }
}
