//! Stage 8, reports: the comparison of many documents as one plain value,
//! rendered by [`json`], [`markdown`] and [`html`] (whose graph picture is
//! [`svg`]). Renderers read the report only; they never parse text again.

pub mod html;
pub mod json;
pub mod markdown;
pub mod svg;

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
    /// The document's text, for renderers that show statements in place
    /// (slicing it by a statement's code point offsets). Not in the JSON,
    /// whose readers have the input already.
    #[serde(skip)]
    pub text: String,
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

    /// The clusters whose versions differ, each with its most significant
    /// relation, most significant first (then by cluster id): the order
    /// every renderer lists differences in.
    pub fn differences(&self) -> Vec<(&ReportCluster, Relation)> {
        let mut diffs: Vec<(&ReportCluster, Relation)> = self
            .clusters
            .iter()
            .filter(|c| c.pairs.iter().any(|p| p.relation != Relation::Verbatim))
            .map(|c| {
                (
                    c,
                    c.pairs
                        .iter()
                        .map(|p| p.relation)
                        .max_by_key(|r| r.significance())
                        .unwrap_or(Relation::Verbatim),
                )
            })
            .collect();
        diffs.sort_by(|a, b| {
            b.1.significance()
                .cmp(&a.1.significance())
                .then_with(|| a.0.id.cmp(&b.0.id))
        });
        diffs
    }
}

/// A relation as reports name it.
pub(crate) fn relation_name(r: Relation) -> &'static str {
    match r {
        Relation::Verbatim => "verbatim",
        Relation::Truncated => "truncated",
        Relation::Reworded => "reworded",
        Relation::Paraphrased => "paraphrased",
        Relation::Misattributed => "misattributed",
        Relation::DifferentVenue => "different venue",
    }
}

/// The first `n` words of `s`, with an ellipsis if there were more.
pub(crate) fn short(s: &str, n: usize) -> String {
    let words: Vec<&str> = s.split_whitespace().collect();
    if words.len() <= n {
        words.join(" ")
    } else {
        format!("{} …", words[..n].join(" "))
    }
}

/// A cluster's first member, the version its table and heading lead with.
pub(crate) fn cluster_head<'r>(
    ix: &BTreeMap<&str, &'r ReportStatement>,
    c: &ReportCluster,
) -> Option<&'r ReportStatement> {
    c.members
        .first()
        .and_then(|id| ix.get(id.as_str()).copied())
}

/// A document's entry, with its text left empty (the caller copies it in
/// when it is needed: at a million statements, a second copy of every
/// document held through the comparison).
pub(crate) fn document_info(d: &Document, statements: usize) -> DocumentInfo {
    DocumentInfo {
        doc: d.id.clone(),
        outlet: d.outlet.clone(),
        date: d.date.clone(),
        url: d.url.clone(),
        title: d.title.clone(),
        statements,
        text: String::new(),
    }
}
