//! `Engine::compare` on the four-outlet example story (examples/harbor-story,
//! written for these tests): every relation, the graph, and both renderings.

mod common;

use std::collections::BTreeSet;

use quotegraph::graph::Graph;
use quotegraph::versions::Relation;
use quotegraph::{Document, Engine, Report};

fn story() -> Report {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/harbor-story.jsonl");
    let docs =
        Document::read_jsonl(std::io::BufReader::new(std::fs::File::open(path).unwrap())).unwrap();
    Engine::default().compare(&docs)
}

#[test]
fn every_relation_is_found() {
    let r = story();
    let found: BTreeSet<Relation> = r
        .clusters
        .iter()
        .flat_map(|c| c.pairs.iter().map(|p| p.relation))
        .collect();
    for rel in [
        Relation::Verbatim,
        Relation::Truncated,
        Relation::Reworded,
        Relation::Paraphrased,
        Relation::Misattributed,
        Relation::DifferentVenue,
    ] {
        assert!(found.contains(&rel), "no {rel:?} pair in {found:?}");
    }
}

#[test]
fn planted_differences() {
    let r = story();
    let text = |id: &str| r.statement(id).unwrap().record.text.clone();
    let outlet = |id: &str| r.statement(id).unwrap().record.outlet.clone();
    // KNB News puts Stahl's Meet the Press remark on ABC's This Week.
    let venue = r
        .clusters
        .iter()
        .flat_map(|c| &c.pairs)
        .find(|p| p.relation == Relation::DifferentVenue)
        .unwrap();
    assert!(
        text(&venue.a).contains("blinked first") && outlet(&venue.b).as_deref() == Some("KNB News")
    );
    // Hessby Courier credits Reke's ferry promise to Voss.
    let mis = r
        .clusters
        .iter()
        .flat_map(|c| &c.pairs)
        .find(|p| p.relation == Relation::Misattributed && text(&p.a).contains("ferry"))
        .unwrap();
    assert_eq!(
        r.statement(&mis.b).unwrap().record.speaker.as_deref(),
        Some("Aleksandra Voss")
    );
    // Stahl and Stahle are one speaker with both spellings.
    let stahl = r
        .speakers
        .iter()
        .find(|s| s.name == "Henrik Stahl")
        .unwrap();
    assert!(stahl.aliases.iter().any(|a| a.contains("Stahle")));
    // Statements no other outlet carried stay out of every cluster.
    let clustered: BTreeSet<&str> = r
        .clusters
        .iter()
        .flat_map(|c| c.members.iter().map(String::as_str))
        .collect();
    for s in &r.statements {
        if s.record.text.contains("The real test comes next spring")
            || s.record
                .text
                .contains("knows someone who was on those boats")
        {
            assert!(!clustered.contains(s.id.as_str()), "{} was clustered", s.id);
        }
    }
}

#[test]
fn graph_queries() {
    let r = story();
    let g = Graph::from_report(&r);
    let c = &r.clusters[0];
    assert_eq!(g.versions_of(&c.members[1]), {
        let mut m = c.members.clone();
        m.sort();
        m
    });
    let outlets: BTreeSet<String> = g.outlets_of(&c.id).into_iter().map(|(o, _)| o).collect();
    assert!(outlets.len() >= 2, "{outlets:?}");
    let speaker = r
        .speakers
        .iter()
        .find(|s| s.name == "Henrik Stahl")
        .unwrap();
    assert_eq!(g.statements_of(&speaker.id).len(), speaker.statements);
    let dot = g.to_dot();
    assert!(
        dot.starts_with("digraph") && dot.contains("version-of") && dot.contains("published-by")
    );
}

#[test]
fn json_report() {
    let r = story();
    let json: serde_json::Value = serde_json::from_str(&r.to_json()).unwrap();
    for key in ["documents", "speakers", "statements", "clusters", "facts"] {
        assert!(json.get(key).is_some(), "missing {key}");
    }
    let s = &json["statements"][0];
    for key in [
        "id",
        "doc",
        "start",
        "end",
        "text",
        "kind",
        "speaker",
        "speaker_id",
        "speaker_start",
        "speaker_end",
        "cue",
        "venue",
        "outlet",
        "segment",
    ] {
        assert!(s.get(key).is_some(), "statement lacks {key}");
    }
    common::settings().bind(|| insta::assert_snapshot!("harbor_story_json", r.to_json()));
}

#[test]
fn markdown_report() {
    let r = story();
    common::settings().bind(|| insta::assert_snapshot!("harbor_story_markdown", r.to_markdown()));
}

#[test]
fn facts_planted_conflicts_and_no_false_alarms() {
    use quotegraph::facts::{FactKind, Status};
    let r = story();
    let conflicts: Vec<(FactKind, String)> = r
        .facts
        .iter()
        .filter(|f| f.status == Status::Conflict)
        .map(|f| (f.kind, f.topic.clone()))
        .collect();
    // Stahle for Stahl, Defense for Foreign Minister, ABC for NBC.
    assert!(
        conflicts
            .iter()
            .any(|(k, t)| *k == FactKind::NameSpelling && t.contains("Stahl")),
        "{conflicts:?}"
    );
    assert!(
        conflicts
            .iter()
            .any(|(k, t)| *k == FactKind::RoleTitle && t.contains("Reke")),
        "{conflicts:?}"
    );
    assert!(
        conflicts.iter().any(|(k, _)| *k == FactKind::Venue),
        "{conflicts:?}"
    );
    // Every version points at its phrase in its document (code points).
    let docs: std::collections::BTreeMap<String, String> = {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/harbor-story.jsonl");
        Document::read_jsonl(std::io::BufReader::new(std::fs::File::open(path).unwrap()))
            .unwrap()
            .into_iter()
            .map(|d| (d.id, d.text))
            .collect()
    };
    for f in &r.facts {
        for v in &f.versions {
            let s: String = docs[&v.doc]
                .chars()
                .skip(v.start)
                .take(v.end - v.start)
                .collect();
            assert_eq!(s, v.text);
        }
    }
    // Facts written differently that agree are not conflicts.
    assert!(
        !conflicts
            .iter()
            .any(|(_, t)| t.contains("Prime Minister") || t.contains("Marten")),
        "{conflicts:?}"
    );
}

#[test]
fn dot_labels_survive_odd_ids() {
    // Document ids and outlets come from users' JSONL and may hold quotes,
    // backslashes and line breaks; each must stay inside its DOT label.
    let docs = vec![
        Document::new(
            "dir\\file \"a\"",
            Some("Outlet\nOne\\"),
            "\"We will rebuild the harbor wall by spring,\" Mayor Ana Duarte said.",
        ),
        Document::new(
            "b\\",
            Some("Two"),
            "\"We will rebuild the harbor wall by spring,\" Mayor Ana Duarte said on Monday.",
        ),
    ];
    let dot = Graph::from_report(&Engine::default().compare(&docs)).to_dot();
    for line in dot.lines() {
        assert!(
            line.starts_with("digraph") || line.starts_with("  ") || line == "}",
            "a label broke its line: {line:?}"
        );
        if let Some(rest) = line.split_once("label=\"").map(|(_, r)| r) {
            // Undo the escapes; the string must end at an unescaped quote.
            let mut chars = rest.chars();
            let mut closed = false;
            while let Some(c) = chars.next() {
                match c {
                    '\\' => {
                        assert!(matches!(chars.next(), Some('\\' | '"' | 'n')), "{line:?}");
                    }
                    '"' => {
                        closed = true;
                        break;
                    }
                    _ => {}
                }
            }
            assert!(closed, "unterminated label: {line:?}");
        }
    }
    assert!(dot.contains(r#"label="dir\\file \"a\"""#), "{dot}");
    assert!(dot.contains(r#"label="Outlet\nOne\\""#), "{dot}");
}
