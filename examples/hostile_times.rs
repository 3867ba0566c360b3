//! Times `Engine::analyze` on 8 MB hostile documents against 8 MB of
//! ordinary news text (the timings `tests/hostile.rs` must not assert).
//!
//! ```text
//! cargo run --release --example gen_corpus -- --mb 8 --fixtures --plain > /tmp/news8.txt
//! cargo run --release --example hostile_times -- /tmp/news8.txt
//! ```
//!
//! Prints each input's median of three runs and its ratio to the news text.

// The test helpers: the same pseudo-random bytes the hostile tests use.
#[path = "../tests/common.rs"]
mod common;

use common::noise;
use quotegraph::{Document, Engine};
use std::time::{Duration, Instant};

const SIZE: usize = 8 << 20;

fn fit(s: String) -> String {
    let mut s = s;
    let mut end = SIZE.min(s.len());
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s.truncate(end);
    s
}

fn time(engine: &Engine, text: &str) -> (Duration, usize) {
    let doc = Document::new("h", None, text);
    let mut runs = Vec::new();
    let mut n = 0;
    for _ in 0..3 {
        let t = Instant::now();
        n = engine.analyze(&doc).statements.len();
        runs.push(t.elapsed());
    }
    runs.sort();
    (runs[1], n)
}

fn main() {
    let news = std::env::args()
        .nth(1)
        .map(|p| std::fs::read_to_string(p).expect("news text file"))
        .expect("usage: hostile_times NEWS.txt (8 MB, from gen_corpus --plain)");
    let marks = [
        '"', '\'', '\u{201C}', '\u{201D}', '\u{2018}', '\u{2019}', '\u{00AB}', '\u{00BB}',
        '\u{201E}', '\u{201A}',
    ];
    let inputs: Vec<(&str, String)> = vec![
        ("news text", fit(news)),
        ("only \"", "\"".repeat(SIZE)),
        ("only '", "'".repeat(SIZE)),
        (
            "mixed marks",
            fit((0..SIZE / 2)
                .map(|i| marks[(i * 7 + i / 13) % marks.len()])
                .collect()),
        ),
        (
            "nested marks",
            fit("\u{201C}\u{2018}\u{00AB}\u{201E}".repeat(SIZE / 22)
                + &"\u{201D}\u{2019}\u{00BB}\u{201C}".repeat(SIZE / 22)),
        ),
        (
            "\"Yes,\" he said. x",
            fit("\"Yes,\" he said. ".repeat(SIZE / 16 + 1)),
        ),
        ("he said, x", fit("he said, ".repeat(SIZE / 9 + 1))),
        ("one line, no spaces", "a".repeat(SIZE)),
        (
            "binary (lossy)",
            fit(String::from_utf8_lossy(&noise(SIZE, 7)).into_owned()),
        ),
        (
            "invalid UTF-8 (lossy)",
            fit(String::from_utf8_lossy(
                &noise(SIZE, 11)
                    .into_iter()
                    .map(|b| if b == 0 { b'"' } else { b })
                    .collect::<Vec<u8>>(),
            )
            .into_owned()),
        ),
    ];
    let engine = Engine::default();
    let mut base = None;
    println!(
        "{:<24} {:>9} {:>10} {:>7} {:>11}",
        "input", "MB", "median", "ratio", "statements"
    );
    for (name, text) in &inputs {
        let (t, n) = time(&engine, text);
        let b = *base.get_or_insert(t.as_secs_f64() / text.len() as f64);
        let ratio = t.as_secs_f64() / text.len() as f64 / b;
        println!(
            "{:<24} {:>9.2} {:>9.2}s {:>6.2}x {:>11}",
            name,
            text.len() as f64 / 1e6,
            t.as_secs_f64(),
            ratio,
            n
        );
    }
}
