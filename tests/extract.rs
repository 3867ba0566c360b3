//! Snapshot tests of `Engine::extract`, one article per phenomenon
//! (`tests/fixtures/extract/*.txt`, written for these tests).

mod common;

use common::{extract, fixture, render, settings};

macro_rules! phenomena {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                let doc = fixture(stringify!($name));
                let statements = extract(&doc);
                settings().bind(|| insta::assert_snapshot!(stringify!($name), render(&doc, &statements)));
            }
        )*

        /// Every fixture file has a test above, so none is silently skipped.
        #[test]
        fn every_fixture_has_a_test() {
            let known = [$(stringify!($name)),*];
            let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/extract");
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
                assert!(known.contains(&stem.as_str()), "fixture {stem}.txt has no snapshot test");
            }
        }
    };
}

phenomena!(
    after_cue,
    inverted_cue,
    cue_before,
    apposition,
    dash_attribution,
    previous_paragraph,
    titles,
    pronouns,
    venues,
    apostrophes,
    mismatched_marks,
    multi_paragraph,
    nested,
    interrupted,
    partial_quotes,
    not_speech,
    quote_styles,
    abbreviations,
    unbalanced,
    boilerplate,
    headline_and_cues,
    reported_speech,
    stances,
    reported_subjects,
    reported_spans,
    refusals_and_attacks,
    raised_and_relative,
    nouns_and_naming,
    stance_objects,
);

#[test]
fn statement_text_is_the_document_text_over_its_span() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/extract");
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let doc = quotegraph::Document::from_text_file(&path, Default::default()).unwrap();
        let statements = extract(&doc);
        for r in quotegraph::output::records(&doc, &statements) {
            let chars: Vec<char> = doc.text.chars().collect();
            let slice: String = chars[r.start..r.end].iter().collect();
            assert_eq!(
                slice, r.text,
                "{}: code point offsets {}..{}",
                doc.id, r.start, r.end
            );
            if let (Some(a), Some(b), Some(sp)) = (r.speaker_start, r.speaker_end, &r.speaker) {
                let s: String = chars[a..b].iter().collect();
                assert_eq!(&s, sp);
            }
        }
    }
}

#[test]
fn not_speech_reports_no_names_or_titles() {
    let doc = fixture("not_speech");
    let texts: Vec<String> = extract(&doc)
        .iter()
        .flat_map(|s| s.parts.iter().map(|p| p.of(&doc.text).to_string()))
        .collect();
    for name in [
        "Bull",
        "Clean Harbors Act",
        "Gang of Eight",
        "coalition of the willing",
        "The Crown",
        "State of the Union",
        "Meet the Press",
        "emissions",
        "ceasefire",
        "harbor tax",
    ] {
        assert!(
            !texts.iter().any(|t| t.trim_end_matches([',', '.']) == name),
            "{name:?} reported as a statement"
        );
    }
}

#[test]
fn blurbs_are_credited_to_their_own_outlet() {
    let doc = quotegraph::Document::new("b", Some("Saltmere Post"), fixture("boilerplate").text);
    let statements = extract(&doc);
    let outlets: Vec<Option<&str>> = statements.iter().map(|s| s.outlet.as_deref()).collect();
    assert!(outlets.contains(&Some("Saltmere Post")));
    for o in ["Harbor Times", "Valley Ledger", "The Meridian"] {
        assert!(outlets.contains(&Some(o)), "no statement credited to {o}");
    }
    for s in &statements {
        let is_blurb = s.outlet.as_deref() != Some("Saltmere Post");
        assert_eq!(is_blurb, s.segment == quotegraph::SegmentKind::Related);
    }
}
