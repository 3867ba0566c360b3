//! Hostile input: runs of quote marks, nesting, one endless line, repeated
//! attributions, binary-looking text. None may panic or lose its document;
//! all must finish (timings are measured by the benchmarks and noted in the
//! README, not asserted here).

mod common;

use common::noise;
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

#[test]
fn binary_files_and_invalid_utf8() {
    use quotegraph::document::decode_text;
    let bin = noise(SIZE, 7);
    // Binary data (it holds NUL bytes) is refused, lossy or not.
    assert!(decode_text("bin", bin.clone(), false).is_err());
    assert!(decode_text("bin", bin.clone(), true).is_err());
    // The same bytes forced through as text still parse without a panic.
    run("binary-lossy", String::from_utf8_lossy(&bin).into_owned());
    // Invalid UTF-8 without NULs: refused by default, replaced with --lossy.
    let mut bad: Vec<u8> = noise(SIZE, 11)
        .into_iter()
        .map(|b| if b == 0 { b'"' } else { b })
        .collect();
    bad.extend_from_slice(b"\xff\xfe \"Broken,\" he said. \xc3");
    assert!(decode_text("bad", bad.clone(), false).is_err());
    let text = decode_text("bad", bad, true).expect("lossy decoding never fails on text");
    run("invalid-utf8-lossy", text);
    // Truncated multi-byte sequences between quote marks.
    let mut cut = Vec::new();
    for _ in 0..SIZE / 8 {
        cut.extend_from_slice(b"\xe2\x80\"\xe2\x80\x9c\xc3 ");
    }
    run(
        "truncated-sequences",
        String::from_utf8_lossy(&cut).into_owned(),
    );
}

#[test]
fn broken_jsonl_lines() {
    use quotegraph::ReadOptions;
    use quotegraph::document::JsonlReader;
    let good = r#"{"doc": "ok", "text": "\"Fine,\" she said."}"#;
    let mut input = String::new();
    for i in 0..2000 {
        input.push_str(match i % 8 {
            0 => good,
            1 => r#"{"doc": "x", "text": "unterminated"#,
            2 => "not json at all \" said",
            3 => r#"{"doc": 5, "text": 7}"#,
            4 => r#"{"text": "no id"}"#,
            5 => "[1, 2, 3]",
            6 => "{}",
            _ => "",
        });
        input.push('\n');
    }
    input.push_str(&"{\"doc\": \"".repeat(SIZE / 16)); // one long broken line, no newline
    let skip = ReadOptions {
        lossy: false,
        skip_bad: true,
    };
    let mut reader = JsonlReader::new(input.as_bytes(), "broken.jsonl", skip);
    let docs: Vec<_> = reader.by_ref().collect::<Result<_, _>>().expect("skipped");
    assert_eq!(docs.len(), 250);
    assert!(!reader.skipped().is_empty());
    let engine = Engine::default();
    for d in &docs {
        assert_eq!(engine.extract(d).len(), 1);
    }
    // Without skipping, the first bad line is an error (line 2), not a panic.
    let strict = JsonlReader::new(input.as_bytes(), "broken.jsonl", ReadOptions::default());
    let first: Vec<_> = strict.take(2).collect();
    assert!(first[0].is_ok() && first[1].is_err());
}

#[test]
fn empty_and_blank_inputs() {
    run("empty", String::new());
    run("blank", " \n\n\t \r\n".repeat(SIZE / 8));
    run("newlines", "\n".repeat(SIZE));
    assert!(
        quotegraph::Document::read_jsonl(&b""[..])
            .unwrap()
            .is_empty()
    );
    let report = Engine::default().compare(&[]);
    assert!(report.statements.is_empty());
}

/// The parsers must not recurse with the input: nested and repeated quote
/// marks, attributions and commas run on a thread with a small fixed stack.
#[test]
fn bounded_recursion_on_a_small_stack() {
    let handle = std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(|| {
            run(
                "nested-deep",
                "\u{201C}\u{2018}\"'\u{00AB}".repeat(SIZE / 16)
                    + &"\u{00BB}'\"\u{2019}\u{201D}".repeat(SIZE / 16),
            );
            run("open-said", "\u{201C}said ".repeat(SIZE / 16));
            run("commas-said", "he said, ".repeat(SIZE / 16));
            run("mixed-8", "\"'\u{201C}\u{2018}".repeat(SIZE / 32));
        })
        .unwrap();
    handle.join().expect("no stack overflow, no panic");
}
