//! The `quotegraph` command: the JSONL contract, input forms, and bad input.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn run(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_quotegraph"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary runs");
    {
        let mut input = child.stdin.take().unwrap();
        if let Some(bytes) = stdin {
            // The command may exit before reading (a usage or grammar error).
            let _ = input.write_all(bytes);
        }
    }
    child.wait_with_output().unwrap()
}

fn temp_file(name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("quotegraph-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

const FIELDS: [&str; 14] = [
    "doc",
    "start",
    "end",
    "text",
    "kind",
    "speaker",
    "speaker_start",
    "speaker_end",
    "cue",
    "cue_start",
    "cue_end",
    "venue",
    "outlet",
    "segment",
];

#[test]
fn jsonl_records_carry_every_contract_field_with_code_point_offsets() {
    let input = "{\"doc\": \"d1\", \"outlet\": null, \"lang\": \"en\", \"text\": \"Café owners met. \u{201C}Prices are too high,\u{201D} said Zoë Ândrade.\"}\n";
    let out = run(&["extract", "-"], Some(input.as_bytes()));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let line = String::from_utf8(out.stdout).unwrap();
    let rec: serde_json::Value = serde_json::from_str(line.lines().next().unwrap()).unwrap();
    for f in FIELDS {
        assert!(rec.get(f).is_some(), "missing field {f}");
    }
    let text: Vec<char> = "Café owners met. \u{201C}Prices are too high,\u{201D} said Zoë Ândrade."
        .chars()
        .collect();
    let (s, e) = (
        rec["start"].as_u64().unwrap() as usize,
        rec["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(
        text[s..e].iter().collect::<String>(),
        "Prices are too high,"
    );
    let (a, b) = (
        rec["speaker_start"].as_u64().unwrap() as usize,
        rec["speaker_end"].as_u64().unwrap() as usize,
    );
    assert_eq!(text[a..b].iter().collect::<String>(), "Zoë Ândrade");
    assert_eq!(rec["kind"], "direct");
    assert_eq!(rec["segment"], "main");
    assert_eq!(rec["outlet"], serde_json::Value::Null);
}

#[test]
fn text_files_folders_and_formats() {
    let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/extract");
    let jsonl = run(&["extract", fixtures], None);
    assert!(jsonl.status.success());
    let n = String::from_utf8(jsonl.stdout).unwrap().lines().count();
    assert!(n > 100, "only {n} statements from the fixtures");
    let json = run(&["extract", "--format", "json", fixtures], None);
    let arr: Vec<serde_json::Value> = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(arr.len(), n);
    assert_eq!(arr[0]["doc"], "abbreviations.txt");
    let text = run(&["extract", "--format", "text", fixtures], None);
    assert_eq!(String::from_utf8(text.stdout).unwrap().lines().count(), n);
}

#[test]
fn output_file_flag() {
    let out_path =
        std::env::temp_dir().join(format!("quotegraph-out-{}.jsonl", std::process::id()));
    let out = run(
        &["extract", "-o", out_path.to_str().unwrap(), "-"],
        Some(b"\"We are ready,\" she said."),
    );
    assert!(out.status.success());
    let written = std::fs::read_to_string(&out_path).unwrap();
    assert!(written.contains("\"text\":\"We are ready,\""));
    assert!(out.stdout.is_empty());
}

#[test]
fn invalid_utf8_names_file_and_byte() {
    let p = temp_file("bad.txt", b"\"Fine,\" he said.\n\xff\xfe oops");
    let out = run(&["extract", p.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(4));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad.txt") && err.contains("byte 17") && err.contains("line 2"),
        "{err}"
    );
    let lossy = run(&["extract", "--lossy", p.to_str().unwrap()], None);
    assert!(lossy.status.success());
    assert!(String::from_utf8_lossy(&lossy.stdout).contains("Fine,"));
}

#[test]
fn binary_input_is_refused() {
    let p = temp_file("blob.txt", b"PK\x03\x04\x00\x00binary");
    let out = run(&["extract", p.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(4));
    assert!(String::from_utf8_lossy(&out.stderr).contains("binary"));
}

#[test]
fn broken_jsonl_line_is_an_error_naming_the_line_unless_skipped() {
    let input = b"{\"doc\": \"a\", \"text\": \"\\\"One,\\\" he said.\"}\n{not json\n{\"doc\": \"c\"}\n{\"doc\": \"d\", \"text\": \"\\\"Two,\\\" she said.\"}\n";
    let out = run(&["extract", "-"], Some(input));
    assert_eq!(out.status.code(), Some(4));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("-:2:"), "{err}");
    let skipped = run(&["extract", "--skip-bad", "-"], Some(input));
    assert!(skipped.status.success());
    let err = String::from_utf8_lossy(&skipped.stderr);
    assert!(err.contains("skipped 2 bad JSONL line(s)"), "{err}");
    let docs: Vec<String> = String::from_utf8(skipped.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["doc"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(docs, ["a", "d"]);
}

#[test]
fn empty_documents_are_fine() {
    let out = run(
        &["extract", "-"],
        Some(b"{\"doc\": \"e\", \"text\": \"\"}\n"),
    );
    assert!(out.status.success());
    assert!(out.stdout.is_empty());
    let p = temp_file("empty.txt", b"");
    assert!(
        run(&["extract", p.to_str().unwrap()], None)
            .status
            .success()
    );
}

#[test]
fn usage_errors_exit_2_and_help_shows_examples() {
    assert_eq!(
        run(&["extract", "--format", "yaml"], None).status.code(),
        Some(2)
    );
    assert_eq!(run(&["frobnicate"], None).status.code(), Some(2));
    let help = run(&["extract", "--help"], None);
    let text = String::from_utf8_lossy(&help.stdout);
    assert!(
        text.contains("Examples:") && text.contains("Exit codes:"),
        "{text}"
    );
}

#[test]
fn missing_file_exits_3() {
    let out = run(&["extract", "/nonexistent/quotegraph/article.txt"], None);
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("article.txt"));
}

#[test]
fn user_grammar_folder_replaces_builtin_files() {
    let dir = std::env::temp_dir().join(format!("quotegraph-grammar-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // A grammar whose only cue is "grumbled": "said" no longer attributes.
    std::fs::write(
        dir.join("cues.tsv"),
        "grumbled\tgrumble\tspeech\tafter,inverted,before\n",
    )
    .unwrap();
    let input = b"\"It is late,\" Ana Ruiz grumbled. \"It is early,\" Ben Oduya said.";
    let out = run(
        &[
            "extract",
            "--grammar",
            dir.to_str().unwrap(),
            "--format",
            "text",
            "-",
        ],
        Some(input),
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Ana Ruiz (grumbled)"), "{text}");
    assert!(!text.contains("(said)"), "{text}");
    std::fs::write(dir.join("cues.tsv"), "said\tsay\n").unwrap();
    let bad = run(
        &["extract", "--grammar", dir.to_str().unwrap(), "-"],
        Some(input),
    );
    assert_eq!(bad.status.code(), Some(5));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("cues.tsv:1"));
}

#[test]
fn output_never_overwrites_an_input() {
    let p = temp_file("self.txt", b"\"Keep me,\" she said.");
    let out = run(
        &["extract", p.to_str().unwrap(), "-o", p.to_str().unwrap()],
        None,
    );
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(std::fs::read(&p).unwrap(), b"\"Keep me,\" she said.");
}

#[test]
fn json_output_keeps_documents_read_before_a_bad_line() {
    let input = b"{\"doc\": \"a\", \"text\": \"\\\"One,\\\" he said.\"}\n{not json\n";
    let out = run(&["extract", "--format", "json", "-"], Some(input));
    assert_eq!(out.status.code(), Some(4));
    let arr: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(arr.len(), 1);
}

#[test]
fn compare_refuses_duplicate_ids() {
    let out = run(
        &["compare", "-"],
        Some(b"{\"doc\": \"a\", \"text\": \"x\"}\n{\"doc\": \"a\", \"text\": \"y\"}\n"),
    );
    assert_eq!(out.status.code(), Some(4));
    assert!(String::from_utf8_lossy(&out.stderr).contains("appears twice"));
}

#[test]
fn compare_help_shows_every_format_with_examples() {
    let help = run(&["compare", "--help"], None);
    assert_eq!(help.status.code(), Some(0));
    let text = String::from_utf8_lossy(&help.stdout);
    for needle in [
        "Examples:",
        "--format html",
        "--format graphml",
        "--format dot",
        "--format json",
        "--quiet",
    ] {
        assert!(text.contains(needle), "no {needle} in {text}");
    }
    let top = run(&["extract", "--help"], None);
    assert!(String::from_utf8_lossy(&top.stdout).contains("--format html"));
}

#[test]
fn compare_writes_html_and_graphml() {
    let story = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/harbor-story.jsonl");
    let html = run(&["compare", "--format", "html", story], None);
    assert!(html.status.success());
    let page = String::from_utf8(html.stdout).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>") && page.ends_with("</html>\n"));
    let graphml = run(&["compare", "--format", "graphml", story], None);
    assert!(graphml.status.success());
    let xml = String::from_utf8(graphml.stdout).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    assert!(doc.descendants().filter(|n| n.has_tag_name("node")).count() > 50);
    // A format that does not exist is a usage error, as before.
    assert_eq!(
        run(&["compare", "--format", "pdf", story], None)
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn nothing_but_text_goes_into_pipes() {
    // Not a terminal: no progress bar, no colour codes, on either stream.
    let story = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/harbor-story.jsonl");
    for args in [
        vec!["compare", "--format", "markdown", story],
        vec!["extract", story],
        vec!["compare", "--help"],
        vec!["--help"],
        vec!["compare", "--format", "yaml", story],
        vec!["compare", "--no-such-flag"],
    ] {
        let out = run(&args, None);
        for (name, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
            assert!(
                !bytes.contains(&0x1b),
                "{args:?} wrote an escape code to {name}: {}",
                String::from_utf8_lossy(bytes)
            );
        }
        if out.status.success() && !args.contains(&"--help") {
            assert!(
                out.stderr.is_empty(),
                "{args:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
}

#[test]
fn a_pronoun_with_no_antecedent_names_nobody() {
    // Nobody is named before `He`: the speaker is unknown (null), and the
    // mention stays in `speaker_mention` with its offsets.
    let input = "{\"doc\": \"d1\", \"text\": \"He said the cranes would be replaced by June.\"}\n";
    let out = run(&["extract", "-"], Some(input.as_bytes()));
    assert!(out.status.success());
    let line = String::from_utf8(out.stdout).unwrap();
    let rec: serde_json::Value = serde_json::from_str(line.lines().next().unwrap()).unwrap();
    assert_eq!(rec["text"], "the cranes would be replaced by June");
    assert_eq!(rec["speaker"], serde_json::Value::Null);
    assert_eq!(rec["speaker_mention"], "He");
    assert_eq!(rec["speaker_start"], 0);
    assert_eq!(rec["speaker_end"], 2);
}

/// The documents of a long JSONL stream are analysed in jobs on several
/// threads and arrive in any order; they are written in input order, the
/// same whatever the number of threads, and a bad line still stops the
/// run after every document before it is written.
#[test]
fn many_documents_come_out_in_input_order_whatever_the_threads() {
    let mut input = String::new();
    for i in 0..500 {
        // Documents of very different lengths (1 to 60 paragraphs), so
        // that jobs finish out of order.
        let paragraphs = (i * 37) % 60 + 1;
        let text: Vec<String> = (0..paragraphs)
            .map(|j| format!("\"Point {j} stands,\" said Mayor Ada Lin{i}."))
            .collect();
        let line = serde_json::json!({"doc": format!("d{i}"), "text": text.join("\n")});
        input.push_str(&line.to_string());
        input.push('\n');
        if i == 420 {
            input.push_str("{not json\n");
        }
    }
    let path = temp_file("many.jsonl", input.as_bytes());
    let run_with = |threads: &str| {
        Command::new(env!("CARGO_BIN_EXE_quotegraph"))
            .args(["extract", path.to_str().unwrap(), "--quiet"])
            .env("RAYON_NUM_THREADS", threads)
            .output()
            .expect("binary runs")
    };
    let one = run_with("1");
    assert_eq!(one.status.code(), Some(4));
    assert!(String::from_utf8_lossy(&one.stderr).contains("many.jsonl:422:"));
    let docs: Vec<usize> = String::from_utf8(one.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["doc"].as_str().unwrap()[1..].parse().unwrap()
        })
        .collect();
    // Every document before the bad line, each with one record per
    // paragraph, in input order.
    let expected: Vec<usize> = (0..=420)
        .flat_map(|i| std::iter::repeat_n(i, (i * 37) % 60 + 1))
        .collect();
    assert_eq!(docs, expected);
    for threads in ["2", "3", "8"] {
        let many = run_with(threads);
        assert_eq!(many.status.code(), Some(4));
        assert!(many.stdout == one.stdout, "{threads} threads");
    }
}
