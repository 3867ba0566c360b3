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
    // Twenty-eight for 38 fishermen, Tuesday for Monday's signing; the
    // 32-member / 32-nation / "of 32" alliance and the three-and-a-half /
    // 3.5-year blockade agree.
    assert!(
        conflicts
            .iter()
            .any(|(k, t)| *k == FactKind::Number && t.contains("fishermen")),
        "{conflicts:?}"
    );
    assert!(
        conflicts
            .iter()
            .any(|(k, t)| *k == FactKind::DateTime && t.contains("agreement")),
        "{conflicts:?}"
    );
    for noun in ["alliance", "blockade"] {
        let f = r
            .facts
            .iter()
            .find(|f| f.kind == FactKind::Number && f.topic.contains(noun))
            .unwrap_or_else(|| panic!("no count of the {noun}"));
        assert_eq!(f.status, Status::Agreement, "{f:?}");
    }
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

#[test]
fn dot_report() {
    let r = story();
    common::settings()
        .bind(|| insta::assert_snapshot!("harbor_story_dot", Graph::from_report(&r).to_dot()));
}

#[test]
fn graphml_is_well_formed_and_complete() {
    let r = story();
    let g = Graph::from_report(&r);
    let xml = g.to_graphml();
    let doc = roxmltree::Document::parse(&xml).expect("GraphML parses as XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "graphml");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://graphml.graphdrawing.org/xmlns")
    );
    let keys: BTreeSet<(String, String)> = root
        .children()
        .filter(|n| n.has_tag_name("key"))
        .map(|k| {
            (
                k.attribute("for").unwrap().to_string(),
                k.attribute("attr.name").unwrap().to_string(),
            )
        })
        .collect();
    for (f, name) in [("node", "kind"), ("node", "label"), ("edge", "kind")] {
        assert!(keys.contains(&(f.into(), name.into())), "no key {f}/{name}");
    }
    let nodes: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("node"))
        .collect();
    let edges: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("edge"))
        .collect();
    assert_eq!(nodes.len(), g.graph.node_count());
    assert_eq!(edges.len(), g.graph.edge_count());
    // Every edge joins declared nodes; every statement of the report is a node.
    let ids: BTreeSet<&str> = nodes.iter().map(|n| n.attribute("id").unwrap()).collect();
    for e in &edges {
        assert!(ids.contains(e.attribute("source").unwrap()));
        assert!(ids.contains(e.attribute("target").unwrap()));
    }
    let statements = nodes
        .iter()
        .filter(|n| {
            n.children()
                .any(|d| d.attribute("key") == Some("kind") && d.text() == Some("statement"))
        })
        .count();
    assert_eq!(statements, r.statements.len());
    common::settings().bind(|| insta::assert_snapshot!("harbor_story_graphml", xml));
}

#[test]
fn graphml_escapes_hostile_labels() {
    let docs = vec![
        Document::new(
            "<a href=\"x\">&amp;'\u{1}",
            Some("O'Brien & <Sons>"),
            "\"We will rebuild the harbor wall by spring,\" Mayor Ana Duarte said.",
        ),
        Document::new(
            "b]]>",
            Some("Two"),
            "\"We will rebuild the harbor wall by spring,\" Mayor Ana Duarte said on Monday.",
        ),
    ];
    let xml = Graph::from_report(&Engine::default().compare(&docs)).to_graphml();
    let doc = roxmltree::Document::parse(&xml).expect("hostile labels still parse");
    let labels: BTreeSet<&str> = doc
        .descendants()
        .filter(|n| n.attribute("key") == Some("label"))
        .filter_map(|n| n.text())
        .collect();
    assert!(
        labels.contains("<a href=\"x\">&amp;'\u{FFFD}"),
        "{labels:?}"
    );
    assert!(labels.contains("O'Brien & <Sons>"), "{labels:?}");
    assert!(labels.contains("b]]>"), "{labels:?}");
}

#[test]
fn html_report() {
    let r = story();
    let html = r.to_html();
    // Deterministic: the same report gives the same bytes.
    assert_eq!(html, story().to_html());
    for id in [
        "id=\"overview\"",
        "id=\"conflicts\"",
        "id=\"clusters\"",
        "id=\"facts\"",
        "id=\"graph\"",
        "id=\"articles\"",
        "<svg",
    ] {
        assert!(html.contains(id), "no {id}");
    }
    // Self-contained: nothing is loaded from anywhere.
    for bad in ["<link", " src=", "url(", "@import"] {
        assert!(!html.contains(bad), "page loads something: {bad}");
    }
    // The conflicts list follows the Markdown report's order (most
    // significant first): the first difference there is the first here.
    let md = r.to_markdown();
    let first_md = md
        .lines()
        .find(|l| l.starts_with("### ") && l.contains(':'))
        .unwrap();
    let conflicts = &html[html.find("id=\"conflicts\"").unwrap()..];
    let first_li = &conflicts[conflicts.find("<li").unwrap()..];
    let speaker = first_md
        .split(": ")
        .nth(1)
        .unwrap()
        .split(" — ")
        .next()
        .unwrap();
    assert!(
        first_li[..first_li.find("</li>").unwrap()].contains(speaker),
        "{first_md} vs {}",
        &first_li[..200]
    );
    // Every version links to a statement span that exists in the page, and
    // that span holds the statement's own words.
    let ix = r.index();
    for c in &r.clusters {
        for m in &c.members {
            let n = r.statements.iter().position(|s| &s.id == m).unwrap();
            assert!(
                html.contains(&format!("href=\"#st-{n}\"")),
                "no link to {m}"
            );
            let at = html
                .find(&format!("id=\"st-{n}\""))
                .unwrap_or_else(|| panic!("no span for {m}"));
            let after = &html[at..];
            let inner = &after[after.find('>').unwrap() + 1..];
            let words = &ix[m.as_str()].record.text;
            let first_word: String = words
                .split_whitespace()
                .next()
                .unwrap()
                .replace('&', "&amp;")
                .replace('\'', "&#39;")
                .replace('"', "&quot;");
            assert!(
                inner.starts_with(&first_word),
                "{m}: {} vs {words}",
                &inner[..60.min(inner.len())]
            );
        }
    }
    // Dropped, added and replaced words are marked.
    for tag in ["<del>", "<ins>", "<mark>"] {
        assert!(html.contains(tag), "no {tag}");
    }
    common::settings().bind(|| insta::assert_snapshot!("harbor_story_html", html));
}

#[test]
fn html_escapes_hostile_text() {
    let evil = "<script>alert(1)</script> \"quoted\" & 'single' </span></div>";
    let docs = vec![
        Document {
            url: Some("javascript:alert(1)".into()),
            title: Some(evil.into()),
            ..Document::new(
                evil,
                Some("<img src=x onerror=alert(1)>"),
                format!(
                    "{evil}\n\n\"We will rebuild the <b>harbor</b> wall & the pier by spring,\" Mayor Ana Duarte said. {evil}"
                ),
            )
        },
        Document::new(
            "b\"><script>alert(2)</script>",
            Some("Two & Co"),
            "\"We will rebuild the <b>harbor</b> wall & the pier,\" Mayor Ana Duarte said on Monday.",
        ),
    ];
    let r = Engine::default().compare(&docs);
    assert_eq!(r.clusters.len(), 1, "{r:#?}");
    let html = r.to_html();
    // Only the page's own two scripts, and no markup from the input.
    assert_eq!(html.matches("<script>").count(), 2);
    assert!(!html.contains("<script>alert"));
    assert!(!html.contains("<img"));
    assert!(!html.contains("<b>harbor"));
    assert!(!html.contains("javascript:"));
    assert!(html.contains(
        "&lt;script&gt;alert(1)&lt;/script&gt; &quot;quoted&quot; &amp; &#39;single&#39;"
    ));
    assert!(html.contains("Two &amp; Co"));
    // Every span opened in the articles is closed (offsets never break nesting).
    let articles = &html[html.find("id=\"articles\"").unwrap()..];
    assert_eq!(
        articles.matches("<span").count(),
        articles.matches("</span>").count()
    );
}

#[test]
fn html_spans_survive_bad_offsets() {
    // A report assembled by hand (the fields are public) may hold offsets
    // past the text or crossing each other: the page still nests and never panics.
    let mut r = story();
    let n = r.statements.len();
    for (i, s) in r.statements.iter_mut().enumerate() {
        match i % 3 {
            0 => {
                s.record.start = usize::MAX - 1;
                s.record.end = usize::MAX;
            }
            1 => {
                s.record.end = s.record.start.saturating_sub(5);
            }
            _ => {
                s.record.start = s.record.start.saturating_sub(40);
                s.record.end += 40;
            }
        }
    }
    assert!(n > 3);
    let html = r.to_html();
    let articles = &html[html.find("id=\"articles\"").unwrap()..];
    assert_eq!(
        articles.matches("<span").count(),
        articles.matches("</span>").count()
    );
}

#[test]
fn svg_caps_huge_inputs_and_says_so() {
    // 60 utterances, each reported by two outlets.
    let mut docs = Vec::new();
    for i in 0..60 {
        for o in ["A", "B"] {
            docs.push(Document::new(
                format!("{o}{i}"),
                Some(o),
                format!(
                    "\"{},\" Mayor Ana Duarte said.",
                    (0..8)
                        .map(|j| format!("w{i}x{j}"))
                        .collect::<Vec<_>>()
                        .join(" ")
                ),
            ));
        }
    }
    let r = Engine::default().compare(&docs);
    assert!(
        r.clusters.len() > quotegraph::report::svg::MAX_UTTERANCES,
        "{}",
        r.clusters.len()
    );
    let svg = r.to_svg().unwrap();
    assert_eq!(
        svg.matches("href=\"#cluster-").count(),
        quotegraph::report::svg::MAX_UTTERANCES
    );
    assert!(svg.contains("Not drawn, to stay readable:"), "{svg}");
}

/// Two utterances that one outlet printed in a single quote stay two
/// clusters (the quote joins the first); the sentences of a statement posted
/// on X are one utterance, however outlets cut it.
#[test]
fn one_quote_holding_two_utterances_bridges_nothing() {
    let d = |id: &str, outlet: &str, text: &str| Document::new(id, Some(outlet), text);
    let spoken = [
        d(
            "a",
            "Harbor Times",
            "\"It could be some time before every ferry sails again on the northern routes,\" Mayor Tom Ellery said on the radio.",
        ),
        d(
            "b",
            "Valley Ledger",
            "\"It could be some time before every ferry sails again,\" Ellery said.",
        ),
        d(
            "c",
            "Coast Wire",
            "\"We will not rest until each stranded family is home for the holidays,\" Ellery said.",
        ),
        d(
            "d",
            "Island Post",
            "\"We will not rest until each stranded family is home,\" the mayor, Tom Ellery, said.",
        ),
        d(
            "e",
            "Bay Herald",
            "\"It could be some time before every ferry sails again. But we will not rest until each stranded family is home,\" Tom Ellery said.",
        ),
    ];
    let r = Engine::default().compare(&spoken);
    let clusters: Vec<Vec<&str>> = r
        .clusters
        .iter()
        .map(|c| {
            c.members
                .iter()
                .map(|m| r.statement(m).unwrap().record.doc.as_str())
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect()
        })
        .collect();
    assert_eq!(clusters.len(), 2, "{clusters:?}");
    assert!(clusters.contains(&vec!["a", "b", "e"]), "{clusters:?}");
    assert!(clusters.contains(&vec!["c", "d"]), "{clusters:?}");

    let posted = [
        d(
            "a",
            "Harbor Times",
            "\"Every ferry on the northern routes is delayed by the storm,\" the operator said in a post on X.",
        ),
        d(
            "b",
            "Valley Ledger",
            "\"Every ferry on the northern routes is delayed,\" the operator said on X.",
        ),
        d(
            "c",
            "Coast Wire",
            "\"Refunds are open to all passengers booked this week,\" it posted.",
        ),
        d(
            "d",
            "Island Post",
            "\"Refunds are open to all passengers booked this week,\" Tidewell said.",
        ),
        d(
            "e",
            "Bay Herald",
            "\"Every ferry on the northern routes is delayed by the storm. Refunds are open to all passengers booked this week,\" Tidewell said on X.",
        ),
    ];
    let r = Engine::default().compare(&posted);
    assert_eq!(r.clusters.len(), 1, "{:?}", r.clusters);
    assert_eq!(r.clusters[0].members.len(), 5);
}

/// A day given to an event differently by one outlet and a negation dropped
/// by another are conflicts; the same day written differently and another
/// event's day are not.
#[test]
fn event_days_and_dropped_negations() {
    let d = |id: &str, outlet: &str, text: &str| Document::new(id, Some(outlet), text);
    let docs = [
        d(
            "a",
            "Harbor Times",
            "The blackout on Friday left two million homes dark. \"Some lines will not be restored before the weekend,\" the utility's chief executive, Mara Lind, said. Crews began repairs on Saturday.",
        ),
        d(
            "b",
            "Valley Ledger",
            "Friday's storm caused a blackout Friday across the valley. \"Some lines will be restored before the weekend,\" Lind said.",
        ),
        d(
            "c",
            "Coast Wire",
            "The blackout on Thursday left two million homes dark, utility chief Mara Lind said. \"Some lines will not be restored before the weekend,\" Lind said.",
        ),
        d(
            "d",
            "Island Post",
            "A blackout Friday hit the islands too. The vote on Sunday will go ahead, officials said.",
        ),
    ];
    let r = Engine::default().compare(&docs);
    let kinds: Vec<(String, String)> = r
        .facts
        .iter()
        .map(|f| (format!("{:?}", f.kind), format!("{:?}", f.status)))
        .collect();
    let day = r
        .facts
        .iter()
        .find(|f| f.kind == quotegraph::facts::FactKind::DateTime)
        .unwrap_or_else(|| panic!("no date fact: {kinds:?}"));
    let values: BTreeSet<(&str, &str)> = day
        .versions
        .iter()
        .map(|v| (v.doc.as_str(), v.value.as_str()))
        .collect();
    assert!(values.contains(&("c", "Thursday")), "{values:?}");
    assert!(values.contains(&("a", "Friday")), "{values:?}");
    assert!(day.note.contains("time zones"), "{}", day.note);
    let polarity = r
        .facts
        .iter()
        .find(|f| f.kind == quotegraph::facts::FactKind::Polarity)
        .unwrap_or_else(|| panic!("no polarity fact: {kinds:?}"));
    let values: BTreeSet<(&str, &str)> = polarity
        .versions
        .iter()
        .map(|v| (v.doc.as_str(), v.value.as_str()))
        .collect();
    assert!(values.contains(&("b", "restored")), "{values:?}");
    assert!(values.contains(&("a", "not restored")), "{values:?}");
    // Nothing else: the repairs' Saturday and the vote's Sunday date other events.
    assert_eq!(r.facts.len(), 2, "{kinds:?}");
}

/// A group's version that shares words with two people's different
/// utterances does not make one of them a misattribution of the other.
#[test]
fn a_group_version_bridges_no_two_speakers() {
    let d = |id: &str, outlet: &str, text: &str| Document::new(id, Some(outlet), text);
    let docs = [
        d(
            "a",
            "Harbor Times",
            "\"It is important that the state agrees to work with the towns to provide storm defenses for the islands,\" Mayor Tom Ellery said.",
        ),
        d(
            "b",
            "Valley Ledger",
            "Governor Ruth Okafor described the two sides agreeing to 'robust storm defenses that I would call historic.'",
        ),
        d(
            "c",
            "Coast Wire",
            "Both leaders agreed to provide \"robust storm defenses\" to the islands.",
        ),
    ];
    let r = Engine::default().compare(&docs);
    let relations: Vec<(String, String, Relation)> = r
        .clusters
        .iter()
        .flat_map(|c| {
            c.pairs
                .iter()
                .map(|p| (p.a.clone(), p.b.clone(), p.relation))
        })
        .collect();
    assert!(
        !relations
            .iter()
            .any(|(_, _, rel)| *rel == Relation::Misattributed),
        "{relations:?}"
    );
}

/// The Corvo story (tests/fixtures/facts/corvo, written for this test): who
/// attends three meetings and on which day, as four outlets tell it.
/// Planted: a different attendee (Iversen for Albers at the summit), an
/// attendee one outlet says stayed away (Moreau on the call), a day in
/// another time zone (Tuesday JST for Monday in Tokyo) and a wrong date
/// (March 23 for March 20). Agreeing in other words: a shorter list of the
/// same people (Tarr and Oda; Kovel and Tarr), "20 March" for "March 20",
/// and "Friday" for March 20, 2026, which was a Friday.
#[test]
fn facts_attendance_and_dates() {
    use quotegraph::facts::{FactKind, Status};
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/facts/corvo");
    let docs: Vec<Document> = [
        ("a_wire", "Northline Wire"),
        ("b_courier", "Hessby Courier"),
        ("c_daily", "Valley Daily"),
        ("d_rewrite", "Newsfeed Digest"),
    ]
    .into_iter()
    .map(|(id, outlet)| {
        let text = std::fs::read_to_string(format!("{dir}/{id}.txt")).unwrap();
        Document {
            date: Some("2026-03-18".into()),
            ..Document::new(id, Some(outlet), text)
        }
    })
    .collect();
    let r = Engine::default().compare(&docs);
    let out = facts_listing(&r, &docs);
    let find = |kind: FactKind, topic: &str| {
        r.facts
            .iter()
            .find(|f| f.kind == kind && f.topic.contains(topic))
            .unwrap_or_else(|| panic!("no {kind:?} fact on {topic}:\n{out}"))
    };
    assert_eq!(find(FactKind::Attendance, "Kovel").status, Status::Conflict);
    assert_eq!(
        find(FactKind::Attendance, "Moreau").status,
        Status::Conflict
    );
    assert_eq!(find(FactKind::Attendance, "Oda").status, Status::Agreement);
    let tokyo = find(FactKind::DateTime, "Oda");
    assert_eq!(tokyo.status, Status::Variant);
    assert!(
        tokyo.note.starts_with("Tuesday JST is Monday"),
        "{}",
        tokyo.note
    );
    let summit = find(FactKind::DateTime, "Kovel");
    assert_eq!(summit.status, Status::Conflict);
    assert!(summit.note.contains("March 23"), "{}", summit.note);
    common::settings().bind(|| insta::assert_snapshot!("facts_attendance_and_dates", out));
}

/// One day written four ways is no conflict: `19 July`, `July 19`, `Friday`
/// in an article of 2024 (July 19, 2024 was a Friday), and `Friday, July 19,
/// 2024`; a weekday with no year to check it against is left alone.
#[test]
fn one_day_written_differently_is_not_flagged() {
    let d = |id: &str, date: Option<&str>, text: &str| Document {
        date: date.map(str::to_string),
        ..Document::new(id, Some(id), text)
    };
    let docs = [
        d(
            "a",
            Some("2024-07-20"),
            "The blackout on 19 July left the valley dark, the utility said.",
        ),
        d(
            "b",
            None,
            "The blackout on July 19 left the valley dark, officials said.",
        ),
        d(
            "c",
            Some("2024-07-19"),
            "A blackout Friday left the valley dark.",
        ),
        d(
            "d",
            None,
            "The blackout on Friday, July 19, 2024 cut power to the valley.",
        ),
        d("e", None, "The blackout Friday cut power to the valley."),
    ];
    let r = Engine::default().compare(&docs);
    let dated: Vec<_> = r
        .facts
        .iter()
        .filter(|f| f.kind == quotegraph::facts::FactKind::DateTime)
        .collect();
    assert!(dated.is_empty(), "{dated:#?}");
}

/// A list that holds a group is not everyone there: another outlet naming
/// someone else is no conflict. Two closed lists that differ are.
#[test]
fn an_open_list_of_attendees_is_no_conflict() {
    use quotegraph::facts::{FactKind, Status};
    let d = |id: &str, text: &str| Document::new(id, Some(id), text);
    let attendance = |docs: &[Document]| {
        Engine::default()
            .compare(docs)
            .facts
            .into_iter()
            .find(|f| f.kind == FactKind::Attendance)
            .map(|f| f.status)
    };
    let open = [
        d(
            "a",
            "Mayor Tom Ellery will meet Governor Ruth Okafor, Senator Ana Duarte and harbor officials on Monday.",
        ),
        d(
            "b",
            "Ellery and Okafor will meet Commissioner Lev Marsh on Monday.",
        ),
    ];
    assert_eq!(attendance(&open), Some(Status::Agreement));
    let closed = [
        d(
            "a",
            "Mayor Tom Ellery will meet Governor Ruth Okafor and Senator Ana Duarte on Monday.",
        ),
        open[1].clone(),
    ];
    assert_eq!(attendance(&closed), Some(Status::Conflict));
}

/// The bridge story (tests/fixtures/facts/bridge, written for this test),
/// three outlets with article dates. Planted: a vote at `9 p.m. ET Monday`
/// that another outlet gives as `11 a.m. AEST Tuesday` and a third as
/// `Monday's vote` (one moment: a variant), an explosion at `04:09 UTC` and
/// at `12:09 a.m. ET` (a variant), and a blackout at `4:10 a.m.` and at `6
/// a.m. local time` (a conflict). Agreeing: the storm `yesterday` in an
/// article of Tuesday, June 9, 2026, `on Monday` and `early Monday`.
#[test]
fn facts_times_of_day_and_relative_days() {
    use quotegraph::facts::{FactKind, Status};
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/facts/bridge/docs.jsonl"
    );
    let read = || {
        Document::read_jsonl(std::io::BufReader::new(std::fs::File::open(path).unwrap())).unwrap()
    };
    let docs = read();
    let r = Engine::default().compare(&docs);
    let out = facts_listing(&r, &docs);
    let find = |topic: &str| {
        r.facts
            .iter()
            .find(|f| f.kind == FactKind::DateTime && f.topic.contains(topic))
            .unwrap_or_else(|| panic!("no date fact on {topic}:\n{out}"))
    };
    let vote = find("vote");
    assert_eq!(vote.status, Status::Variant, "{out}");
    assert!(
        vote.note
            .starts_with("Tuesday, 11 a.m. AEST is Monday, 9 p.m. in the US (ET, UTC−4)"),
        "{out}"
    );
    let attack = find("attack");
    assert_eq!(attack.status, Status::Variant, "{out}");
    assert!(attack.note.contains("one moment"), "{out}");
    let blackout = find("disruption");
    assert_eq!(blackout.status, Status::Conflict, "{out}");
    assert!(blackout.note.contains("different times"), "{out}");
    // `yesterday` (June 8, 2026, a Monday) agrees with `on Monday`.
    assert!(
        !r.facts.iter().any(|f| f.topic.contains("weather")),
        "{out}"
    );
    common::settings()
        .bind(|| insta::assert_snapshot!("facts_times_of_day_and_relative_days", out));
    // The relative day is read: against `on Sunday` it is a conflict.
    let mut changed = read();
    changed[1].text = changed[1]
        .text
        .replace("storm on Monday", "storm on Sunday");
    let r = Engine::default().compare(&changed);
    let storm = r
        .facts
        .iter()
        .find(|f| f.topic.contains("weather"))
        .unwrap_or_else(|| panic!("no storm day: {:#?}", r.facts));
    assert_eq!(storm.status, Status::Conflict);
    assert!(
        storm
            .versions
            .iter()
            .any(|v| v.value == "yesterday (June 8, 2026)"),
        "{storm:#?}"
    );
}

/// A meeting's time: one moment in two zones (`9 p.m. ET Monday` / `11 a.m.
/// AEST Tuesday`) is a variant alone; `tomorrow` in an article of Tuesday,
/// June 9, 2026, is Wednesday, two days off whatever the local zone, and
/// makes it a conflict.
#[test]
fn a_meeting_time_in_two_zones_and_a_relative_day() {
    use quotegraph::facts::{FactKind, Status};
    let d = |id: &str, text: &str| Document {
        date: Some("2026-06-09".into()),
        ..Document::new(id, Some(id), text)
    };
    let a = d(
        "a",
        "Tarr will meet Prime Minister Kenji Oda at 9 p.m. ET Monday in Tokyo.",
    );
    let b = d(
        "b",
        "Tarr and Oda are scheduled to meet at 11 a.m. AEST Tuesday.",
    );
    let c = d("c", "Tarr and Oda will meet tomorrow at 8 a.m. local time.");
    let day = |docs: &[Document]| {
        Engine::default()
            .compare(docs)
            .facts
            .into_iter()
            .find(|f| f.kind == FactKind::DateTime)
            .unwrap_or_else(|| panic!("no day"))
    };
    let two = day(&[a.clone(), b.clone()]);
    assert_eq!(two.status, Status::Variant, "{two:#?}");
    let three = day(&[a, b, c]);
    assert_eq!(three.status, Status::Conflict, "{three:#?}");
    assert!(
        three
            .versions
            .iter()
            .any(|v| v.value == "tomorrow (June 10, 2026), 8 a.m. local time"),
        "{three:#?}"
    );
}

/// Every fact with its versions, one line each; each version's offsets are
/// checked to point at its phrase.
fn facts_listing(r: &Report, docs: &[Document]) -> String {
    let mut out = String::new();
    for f in &r.facts {
        out.push_str(&format!(
            "{} {:?} {:?}: {}\n  note: {}\n",
            f.id, f.status, f.kind, f.topic, f.note
        ));
        for v in &f.versions {
            out.push_str(&format!(
                "  {} [{}..{}] {:?} => {}\n",
                v.doc, v.start, v.end, v.text, v.value
            ));
            let text: String = docs
                .iter()
                .find(|d| d.id == v.doc)
                .unwrap()
                .text
                .chars()
                .skip(v.start)
                .take(v.end - v.start)
                .collect();
            assert_eq!(text, v.text, "offsets point at the phrase");
        }
    }
    out
}

/// A mixed statement whose lead and quote are separate parts (`As the ferry
/// docked, Mayor Ellery said, "..."`) is read part by part: the lead as the
/// writer's words, the quote as the mayor's. Both outlets' quotes cluster,
/// and the clustering reads each part as the records show it (a debug build
/// checks the packed words against the records).
#[test]
fn a_mixed_statements_parts_cluster_as_their_records_read() {
    let docs = [
        Document::new(
            "a",
            Some("Harbor Times"),
            "As the last ferry docked, Mayor Tom Ellery said, \"We will not rest until each stranded family is home.\"",
        ),
        Document::new(
            "b",
            Some("Coast Wire"),
            "\"We will not rest until each stranded family is home,\" Ellery said on Friday.",
        ),
    ];
    let r = Engine::default().compare(&docs);
    let a: Vec<_> = r
        .statements
        .iter()
        .filter(|s| s.record.doc == "a")
        .map(|s| (s.record.text.as_str(), s.record.kind))
        .collect();
    assert_eq!(a.len(), 2, "{a:?}");
    assert_eq!(a[0].1, quotegraph::parse::Kind::Indirect, "{a:?}");
    assert_eq!(a[1].1, quotegraph::parse::Kind::Direct, "{a:?}");
    let quote = r
        .clusters
        .iter()
        .find(|c| c.members.len() == 2)
        .expect("both quotes in one cluster");
    let docs_in: BTreeSet<&str> = quote
        .members
        .iter()
        .map(|m| r.statement(m).unwrap().record.doc.as_str())
        .collect();
    assert_eq!(docs_in, BTreeSet::from(["a", "b"]));
}
