//! Hostile input: runs of quote marks, nesting, one endless line, repeated
//! attributions, binary-looking text. None may panic or lose its document;
//! all must finish (timings are measured by the benchmarks and noted in the
//! README, not asserted here).

use quotegraph::{Document, Engine};

const SIZE: usize = 1 << 20;

fn run(name: &str, text: String) {
    let engine = Engine::default();
    let doc = Document::new(name, None, text);
    let a = engine.analyze(&doc);
    for s in &a.statements {
        for p in &s.parts {
            assert!(
                p.start < p.end && p.end <= doc.text.len(),
                "{name}: span out of range"
            );
            assert!(
                doc.text.is_char_boundary(p.start) && doc.text.is_char_boundary(p.end),
                "{name}: not a char boundary"
            );
        }
    }
    assert_eq!(a.speakers.statement_entity.len(), a.statements.len());
    let records = quotegraph::output::records_resolved(&doc, &a.statements, Some(&a.speakers));
    assert!(records.len() >= a.statements.len());
}

#[test]
fn runs_of_marks() {
    run("dq", "\"".repeat(SIZE));
    run("sq", "'".repeat(SIZE));
    let marks = [
        '"', '\'', '\u{201C}', '\u{201D}', '\u{2018}', '\u{2019}', '\u{00AB}', '\u{00BB}',
        '\u{201E}', '\u{201A}',
    ];
    let mixed: String = (0..SIZE / 3)
        .map(|i| marks[(i * 7 + i / 13) % marks.len()])
        .collect();
    run("mixed", mixed);
    run(
        "nested",
        "\u{201C}\u{2018}\u{00AB}\u{201E}".repeat(SIZE / 16)
            + &"\u{201D}\u{2019}\u{00BB}\u{201C}".repeat(SIZE / 16),
    );
}

#[test]
fn repeated_attributions_and_endless_lines() {
    run("hesaid", "\"Yes,\" he said. ".repeat(SIZE / 16));
    run("nospace", "a".repeat(SIZE));
    run("saidsaid", "said".repeat(SIZE / 4));
    run(
        "longpar",
        "Senator Ann Lee, who chairs the committee, said that the bill \"would pass\" and added, "
            .repeat(SIZE / 90),
    );
    run("commas", ", said he, ".repeat(SIZE / 10));
}

#[test]
fn control_characters_and_odd_unicode() {
    let s: String = (0..SIZE / 4)
        .map(|i| char::from_u32((i % 0x2FF) as u32 + 1).unwrap_or(' '))
        .collect();
    run("controls", s);
    run("emoji", "😀 “🙂,” 👍 said. ".repeat(SIZE / 32));
}
