//! Properties that hold for any input: offsets on character boundaries and
//! inside the document, statement text equal to the document over its span,
//! and the same output twice.

use proptest::prelude::*;
use quotegraph::{Document, Engine};

fn newsy() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "\"",
        "'",
        "\u{201C}",
        "\u{201D}",
        "\u{2018}",
        "\u{2019}",
        "\u{00AB}",
        "\u{00BB}",
        "\u{201E}",
        " said ",
        " he said",
        ", ",
        ". ",
        "\n",
        "\n\n",
        "Mr. ",
        "Sen. ",
        "U.S. ",
        "Zoë ",
        "Ana Ruiz",
        " told CNN's 'State of the Union'",
        " according to ",
        "—",
        " it ",
        "we're ",
        "allies' ",
        "...",
        "é",
        "😀",
        "The minister",
        " warned",
        ":",
        "(R-Ga.)",
        "Related Articles\n",
        "15 minutes ago\n",
    ]);
    prop::collection::vec(pieces, 0..80).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]
    #[test]
    fn spans_are_sound_and_output_is_deterministic(text in newsy()) {
        let engine = Engine::default();
        let doc = Document::new("p", None, text.clone());
        let a = engine.extract(&doc);
        let b = engine.extract(&doc);
        prop_assert_eq!(&a, &b);
        for s in &a {
            for p in &s.parts {
                prop_assert!(p.start < p.end && p.end <= text.len());
                prop_assert!(text.is_char_boundary(p.start) && text.is_char_boundary(p.end));
            }
            if let Some(m) = &s.speaker {
                prop_assert_eq!(&text[m.span.start..m.span.end], m.text.as_str());
            }
        }
        let chars: Vec<char> = text.chars().collect();
        for r in quotegraph::output::records(&doc, &a) {
            prop_assert!(r.start < r.end && r.end <= chars.len());
            let slice: String = chars[r.start..r.end].iter().collect();
            prop_assert_eq!(slice, r.text);
        }
        // The resolved records (speakers, cues, venues) too: every span a
        // range of code points inside the document, the speaker mention the
        // text over its span, and the same records twice.
        let engine2 = Engine::default();
        let x = engine.analyze(&doc);
        let y = engine2.analyze(&doc);
        let rx = quotegraph::output::records_resolved(&doc, &x.statements, Some(&x.speakers));
        let ry = quotegraph::output::records_resolved(&doc, &y.statements, Some(&y.speakers));
        prop_assert_eq!(&rx, &ry);
        for r in &rx {
            for (s, e) in [
                (r.speaker_start, r.speaker_end),
                (r.cue_start, r.cue_end),
                (r.venue_start, r.venue_end),
            ] {
                prop_assert_eq!(s.is_some(), e.is_some());
                if let (Some(s), Some(e)) = (s, e) {
                    prop_assert!(s <= e && e <= chars.len(), "span {}..{} of {}", s, e, chars.len());
                }
            }
            if let (Some(s), Some(e), Some(m)) = (r.speaker_start, r.speaker_end, &r.speaker_mention) {
                let over: String = chars[s..e].iter().collect();
                prop_assert_eq!(&over, m);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    /// Arbitrary Unicode (not just news pieces) keeps the same properties.
    #[test]
    fn any_text_has_sound_spans(text in "\\PC{0,300}") {
        let engine = Engine::default();
        let doc = Document::new("u", None, text.clone());
        let a = engine.extract(&doc);
        prop_assert_eq!(&a, &engine.extract(&doc));
        let chars: Vec<char> = text.chars().collect();
        for r in quotegraph::output::records(&doc, &a) {
            prop_assert!(r.start < r.end && r.end <= chars.len());
            let slice: String = chars[r.start..r.end].iter().collect();
            prop_assert_eq!(slice, r.text);
        }
    }
}

fn markup() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "<script>",
        "</script>",
        "</span>",
        "<i>",
        "&amp;",
        "&",
        "\"",
        "'",
        "\u{1}",
        "\u{FFFF}",
        "]]>",
        "<!--",
    ]);
    prop::collection::vec(pieces, 0..10).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(120))]
    /// Every report of any two documents renders: the HTML keeps its own
    /// markup (no input markup, spans nested), the GraphML parses.
    #[test]
    fn every_report_renders_safely(a in newsy(), b in newsy(), m in markup(), id in markup()) {
        let docs = vec![
            Document::new(format!("a{id}"), Some(m.as_str()), format!("{m}{a}{m}{b}")),
            Document::new(format!("b{id}"), None, format!("{b}{m}{a}")),
        ];
        let report = Engine::default().compare(&docs);
        let html = report.to_html();
        prop_assert_eq!(html.matches("<script>").count(), 2);
        let control = char::from(1);
        let clean = !html.contains("<i>") && !html.contains("<!--") && !html.contains(control);
        prop_assert!(clean, "input markup reached the page");
        let articles = &html[html.find("id=\"articles\"").unwrap()..];
        prop_assert_eq!(articles.matches("<span").count(), articles.matches("</span>").count());
        let graph = quotegraph::graph::Graph::from_report(&report);
        prop_assert!(roxmltree::Document::parse(&graph.to_graphml()).is_ok());
    }
}

/// An entity's name sets and outlet map (small ones kept in a vector, large
/// ones in a B-tree) answer and iterate as `BTreeSet` and `BTreeMap` do,
/// across the switch from one form to the other.
mod entity_sets {
    use proptest::prelude::*;
    use quotegraph::speakers::{NameSet, OutletMap};
    use std::collections::{BTreeMap, BTreeSet};

    fn names() -> impl Strategy<Value = Vec<String>> {
        // Few distinct names, so inserts repeat; up to 60, past the switch.
        prop::collection::vec("[a-e]{1,3}", 0..60)
    }

    proptest! {
        #[test]
        fn a_name_set_is_a_sorted_set(inserts in names(), probes in names()) {
            let (mut ours, mut theirs) = (NameSet::new(), BTreeSet::new());
            for n in &inserts {
                prop_assert_eq!(ours.insert(n.clone()), theirs.insert(n.clone()));
                prop_assert_eq!(ours.len(), theirs.len());
            }
            for p in &probes {
                prop_assert_eq!(ours.contains(p.as_str()), theirs.contains(p.as_str()));
            }
            prop_assert!(ours.iter().eq(theirs.iter()));
            prop_assert!(ours.iter().rev().eq(theirs.iter().rev()));
            prop_assert_eq!(ours.first(), theirs.first());
            prop_assert_eq!(ours.last(), theirs.last());
            prop_assert_eq!(format!("{ours:?}"), format!("{theirs:?}"));
            prop_assert_eq!(
                serde_json::to_string(&ours).unwrap(),
                serde_json::to_string(&theirs).unwrap()
            );
            let rebuilt: NameSet = theirs.iter().cloned().collect();
            prop_assert!(rebuilt == ours);
            prop_assert!(ours.into_iter().eq(theirs.into_iter()));
        }

        #[test]
        fn an_outlet_map_is_a_sorted_map(
            ops in prop::collection::vec(("[a-e]{1,3}", any::<u8>(), any::<bool>()), 0..80),
        ) {
            let (mut ours, mut theirs) = (OutletMap::new(), BTreeMap::new());
            for (k, v, replace) in &ops {
                if *replace {
                    prop_assert_eq!(ours.insert(k.clone(), *v), theirs.insert(k.clone(), *v));
                } else {
                    let (a, b) = (ours.get_or_default(k.as_str()), theirs.entry(k.clone()).or_default());
                    *a = a.wrapping_add(1);
                    *b = b.wrapping_add(1);
                }
                prop_assert_eq!(ours.len(), theirs.len());
                prop_assert_eq!(ours.get(k.as_str()), theirs.get(k.as_str()));
                prop_assert_eq!(ours.contains_key("zz"), false);
            }
            prop_assert!(ours.iter().eq(theirs.iter()));
            prop_assert!(ours.keys().rev().eq(theirs.keys().rev()));
            prop_assert!(ours.values().eq(theirs.values()));
            prop_assert_eq!(format!("{ours:?}"), format!("{theirs:?}"));
            prop_assert_eq!(
                serde_json::to_string(&ours).unwrap(),
                serde_json::to_string(&theirs).unwrap()
            );
            prop_assert!(ours.into_iter().eq(theirs.into_iter()));
        }
    }
}
