//! Stage 7, facts: where outlets disagree on a name, a title or a venue, and
//! where they agree in other words.
//!
//! This first slice reads the facts the earlier stages already align across
//! outlets: each person's name as each outlet spells it (a known
//! transliteration step, Zelensky/Zelenskyy, is a `variant`; any other
//! spelling is a `conflict`), each person's title where two outlets give
//! different portfolios for the same office (Foreign/Defense Minister; other
//! wordings of one title are an `agreement`), and the venue of each
//! utterance whose versions place it differently (NBC/ABC).

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::document::Document;
use crate::lexicon::Lexicon;
use crate::output::CodePoints;
use crate::report::{ReportCluster, ReportStatement};
use crate::speakers::{Entity, EntityKind};
use crate::versions::Relation;

/// Whether the outlets agree.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Conflict,
    Variant,
    Agreement,
}

/// What the fact is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FactKind {
    NameSpelling,
    RoleTitle,
    Venue,
}

/// One outlet's version of a fact: the short phrase that states it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FactVersion {
    pub doc: String,
    pub outlet: Option<String>,
    /// Code points, end exclusive.
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// The value compared ("Stahle", "defense", "ABC's \"This Week\"").
    pub value: String,
}

/// A fact as the outlets state it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Fact {
    pub id: String,
    pub topic: String,
    pub kind: FactKind,
    pub status: Status,
    pub versions: Vec<FactVersion>,
    /// The speaker entity the fact is about (a report speaker id), so
    /// readers can filter facts by speaker.
    pub speaker_id: Option<String>,
    /// Why the status (which spelling differs, which portfolios).
    pub note: String,
}

struct Docs<'a> {
    by_id: BTreeMap<&'a str, &'a Document>,
}

impl<'a> Docs<'a> {
    fn version(
        &self,
        doc: &str,
        byte_start: usize,
        byte_end: usize,
        value: &str,
    ) -> Option<FactVersion> {
        let d = self.by_id.get(doc)?;
        let text = d.text.get(byte_start..byte_end)?.to_string();
        let cp = CodePoints::new(&d.text);
        Some(FactVersion {
            doc: doc.to_string(),
            outlet: d.outlet.clone(),
            start: cp.at(byte_start),
            end: cp.at(byte_end),
            text,
            value: value.to_string(),
        })
    }
    fn outlet(&self, doc: &str) -> String {
        self.by_id
            .get(doc)
            .and_then(|d| d.outlet.clone())
            .unwrap_or_else(|| doc.to_string())
    }
}

/// Byte offset of `word` in `text` as a whole word.
fn find_word(text: &str, word: &str) -> Option<usize> {
    text.match_indices(word).map(|(k, _)| k).find(|&k| {
        let before = text[..k]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        let after = text[k + word.len()..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric());
        before && after
    })
}

fn surname_of(alias: &str) -> Option<&str> {
    alias.split_whitespace().last()
}

/// Name spellings of one person across outlets.
fn name_facts(docs: &Docs, e: &Entity) -> Option<Fact> {
    // Outlet -> the surname spellings it uses.
    let mut by_outlet: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for m in &e.mentions {
        let outlet = docs.outlet(&m.doc);
        for alias in &e.aliases {
            let Some(sn) = surname_of(alias) else {
                continue;
            };
            if m.text.split_whitespace().any(|w| {
                w.trim_end_matches(['\'', '’', 's'])
                    .trim_end_matches(['\'', '’'])
                    == sn
            }) {
                by_outlet
                    .entry(outlet.clone())
                    .or_default()
                    .insert(sn.to_string());
            }
        }
    }
    let spellings: BTreeSet<&String> = by_outlet.values().flatten().collect();
    if spellings.len() < 2 || by_outlet.len() < 2 {
        return None;
    }
    // How many outlets use each spelling: the rarest is the odd one.
    let mut count: BTreeMap<&String, usize> = BTreeMap::new();
    for set in by_outlet.values() {
        for sp in set {
            *count.entry(sp).or_default() += 1;
        }
    }
    let keys: BTreeSet<String> = spellings
        .iter()
        .map(|s| crate::speakers::surname_key(s))
        .collect();
    let status = if keys.len() == 1 {
        Status::Variant
    } else {
        Status::Conflict
    };
    // One version per outlet and spelling: its first mention with that spelling.
    let mut versions = Vec::new();
    let mut done: BTreeSet<(String, String)> = BTreeSet::new();
    for m in &e.mentions {
        let outlet = docs.outlet(&m.doc);
        for sp in &spellings {
            if done.contains(&(outlet.clone(), (*sp).clone())) {
                continue;
            }
            if let Some(k) = find_word(&m.text, sp) {
                let a = m.span.start + k;
                if let Some(v) = docs.version(&m.doc, a, a + sp.len(), sp) {
                    versions.push(v);
                    done.insert((outlet.clone(), (*sp).clone()));
                }
            }
        }
    }
    let fewest = count.values().min().copied().unwrap_or(0);
    let odd: Vec<String> = count
        .iter()
        .filter(|(_, n)| **n == fewest)
        .map(|(s, _)| (*s).clone())
        .collect();
    let note = match status {
        Status::Variant => format!(
            "transliteration variants of one name: {}",
            spellings
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(" / ")
        ),
        _ => format!(
            "spelled {} by fewer outlets than the other spelling",
            odd.join(" / ")
        ),
    };
    Some(Fact {
        id: String::new(),
        topic: format!("Spelling of {}'s name", e.name),
        kind: FactKind::NameSpelling,
        status,
        versions,
        speaker_id: Some(format!("e{}", e.id)),
        note,
    })
}

/// Portfolio words in a title ("foreign", "defense").
fn portfolios(lex: &Lexicon, title: &str) -> BTreeSet<String> {
    title
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .filter(|w| lex.word(w).is_some_and(|i| i.portfolio))
        .collect()
}

/// The title words that name the office ("minister", "secretary").
fn office(lex: &Lexicon, title: &str) -> Option<String> {
    title
        .split_whitespace()
        .rev()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .find(|w| {
            lex.word(w)
                .is_some_and(|i| i.title && !i.modifier && !i.portfolio)
        })
}

/// A person's title across outlets: different portfolios for one office.
fn title_facts(lex: &Lexicon, docs: &Docs, e: &Entity) -> Option<Fact> {
    // (office) -> portfolio -> outlets; and the mentions that state each.
    let mut seen: BTreeMap<String, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    for (outlet, usage) in &e.by_outlet {
        for t in &usage.titles {
            let (Some(off), ps) = (office(lex, t), portfolios(lex, t)) else {
                continue;
            };
            for p in ps {
                seen.entry(off.clone())
                    .or_default()
                    .entry(p)
                    .or_default()
                    .insert(outlet.clone());
            }
        }
    }
    let (off, ports) = seen.into_iter().find(|(_, ps)| ps.len() > 1)?;
    let mut versions = Vec::new();
    for m in &e.mentions {
        let ps = portfolios(lex, &m.text);
        let Some(p) = ps.iter().find(|p| ports.contains_key(*p)) else {
            continue;
        };
        if office(lex, &m.text).as_deref() != Some(off.as_str()) {
            continue;
        }
        if versions
            .iter()
            .any(|v: &FactVersion| v.doc == m.doc && v.value == *p)
        {
            continue;
        }
        // The title phrase: from the portfolio word to the office word.
        let lower = m.text.to_lowercase();
        if let (Some(a), Some(b)) = (lower.find(p.as_str()), lower.rfind(off.as_str())) {
            if a < b {
                let s = m.span.start + a;
                let e2 = m.span.start + b + off.len();
                if let Some(v) = docs.version(&m.doc, s, e2, p) {
                    versions.push(v);
                }
            }
        }
    }
    let names: Vec<String> = ports.keys().cloned().collect();
    Some(Fact {
        id: String::new(),
        topic: format!("{}'s title", e.name),
        kind: FactKind::RoleTitle,
        status: Status::Conflict,
        versions,
        speaker_id: Some(format!("e{}", e.id)),
        note: format!("{} given as {}", off, names.join(" / ")),
    })
}

/// What a venue names: outlets and platforms, and whether it is written
/// (statement, post) or spoken (interview, show).
fn venue_key(lex: &Lexicon, venue: &str) -> (BTreeSet<String>, Option<bool>) {
    let words: Vec<&str> = venue
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let outlets: BTreeSet<String> = lex
        .venue_names
        .iter()
        .filter(|(name, _)| {
            words
                .windows(name.len())
                .any(|w| w.iter().zip(name).all(|(a, b)| a == b))
        })
        .map(|(name, _)| name.join(" "))
        .collect();
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    let written = lower.iter().any(|w| {
        matches!(
            w.as_str(),
            "statement" | "post" | "letter" | "email" | "release" | "tweet" | "memo" | "blog"
        )
    });
    let spoken = lower.iter().any(|w| {
        matches!(
            w.as_str(),
            "interview"
                | "show"
                | "conference"
                | "briefing"
                | "speech"
                | "rally"
                | "hearing"
                | "podcast"
                | "broadcast"
                | "program"
                | "programme"
        )
    });
    let kind = match (written, spoken) {
        (true, false) => Some(true),
        (false, true) => Some(false),
        _ => None,
    };
    (outlets, kind)
}

/// An utterance placed at different venues by different versions.
fn venue_facts(
    lex: &Lexicon,
    docs: &Docs,
    by_id: &BTreeMap<&str, &ReportStatement>,
    c: &ReportCluster,
) -> Option<Fact> {
    let mut versions = Vec::new();
    for id in &c.members {
        let Some(s) = by_id.get(id.as_str()) else {
            continue;
        };
        let (Some(v), Some(a), Some(b)) =
            (&s.record.venue, s.record.venue_start, s.record.venue_end)
        else {
            continue;
        };
        let d = docs.by_id.get(s.record.doc.as_str())?;
        let text: String = d.text.chars().skip(a).take(b - a).collect();
        versions.push(FactVersion {
            doc: s.record.doc.clone(),
            outlet: s.record.outlet.clone(),
            start: a,
            end: b,
            text,
            value: v.clone(),
        });
    }
    // Venues conflict when they name different outlets, or when one is
    // written (a statement, a post) and the other spoken (an interview, a
    // show); "a televised interview" and "NBC's Today" agree.
    let kinds: Vec<(BTreeSet<String>, Option<bool>)> =
        versions.iter().map(|v| venue_key(lex, &v.value)).collect();
    let differ = kinds.iter().enumerate().any(|(i, (oa, wa))| {
        kinds[i + 1..].iter().any(|(ob, wb)| {
            !oa.is_empty() && !ob.is_empty() && oa.is_disjoint(ob)
                || matches!((wa, wb), (Some(x), Some(y)) if x != y)
        })
    });
    if !differ
        && !c
            .pairs
            .iter()
            .any(|p| p.relation == Relation::DifferentVenue)
    {
        return None;
    }
    let head = by_id.get(c.members[0].as_str())?;
    let words: Vec<&str> = head.record.text.split_whitespace().take(8).collect();
    Some(Fact {
        id: String::new(),
        topic: format!(
            "Where {} said “{} …”",
            c.speaker.as_deref().unwrap_or("the speaker"),
            words.join(" ")
        ),
        kind: FactKind::Venue,
        status: Status::Conflict,
        versions,
        speaker_id: c.speaker_id.clone(),
        note: "the same words placed at different venues".into(),
    })
}

/// Compare the facts the documents state: conflicts first, then variants, then agreements.
pub fn compare(
    lex: &Lexicon,
    docs: &[Document],
    entities: &[Entity],
    statements: &[ReportStatement],
    clusters: &[ReportCluster],
) -> Vec<Fact> {
    let d = Docs {
        by_id: docs.iter().map(|d| (d.id.as_str(), d)).collect(),
    };
    let mut facts = Vec::new();
    for e in entities.iter().filter(|e| e.kind == EntityKind::Person) {
        facts.extend(name_facts(&d, e));
        facts.extend(title_facts(lex, &d, e));
    }
    let by_id: BTreeMap<&str, &ReportStatement> =
        statements.iter().map(|s| (s.id.as_str(), s)).collect();
    for c in clusters {
        facts.extend(venue_facts(lex, &d, &by_id, c));
    }
    facts.retain(|f| {
        f.versions
            .iter()
            .map(|v| &v.doc)
            .collect::<BTreeSet<_>>()
            .len()
            >= 2
    });
    facts.sort_by(|a, b| {
        a.status
            .cmp(&b.status)
            .then_with(|| a.kind.cmp(&b.kind))
            .then_with(|| a.topic.cmp(&b.topic))
    });
    for (i, f) in facts.iter_mut().enumerate() {
        f.id = format!("f{}", i + 1);
    }
    facts
}
