//! Helpers shared by the test files: fixture loading and a readable rendering
//! of statements for snapshots.

#![allow(dead_code)]

use quotegraph::{Document, Engine, Statement};

/// insta settings that write snapshots into the top-level `snapshots/` folder.
pub fn settings() -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.set_snapshot_path(concat!(env!("CARGO_MANIFEST_DIR"), "/snapshots"));
    s.set_prepend_module_to_snapshot(true);
    s.set_omit_expression(true);
    s
}

pub fn fixture(name: &str) -> Document {
    let path = format!(
        "{}/tests/fixtures/extract/{name}.txt",
        env!("CARGO_MANIFEST_DIR")
    );
    Document::from_text_file(path.as_ref(), Default::default()).expect("fixture is readable UTF-8")
}

/// One block per statement: where, how, who, and the words.
pub fn render(doc: &Document, statements: &[Statement]) -> String {
    let mut out = String::new();
    for s in statements {
        let kind = format!("{:?}", s.kind).to_lowercase();
        let frame = serde_json::to_value(s.frame)
            .unwrap()
            .as_str()
            .unwrap()
            .to_string();
        // A relative pronoun shows what it stands for: `who (= Brandt)`.
        let speaker = s
            .speaker
            .as_ref()
            .map(|m| match m.antecedent {
                Some(a) => format!("{} (= {})", m.text, a.of(&doc.text)),
                None => m.text.clone(),
            })
            .unwrap_or("-".into());
        let cue = s
            .cue
            .as_ref()
            .map(|c| format!("{} ({}, {:?})", c.text, c.lemma, c.class).to_lowercase())
            .unwrap_or("-".into());
        let venue = s.venue.as_ref().map(|v| v.text.as_str()).unwrap_or("-");
        let seg = match &s.outlet {
            Some(o) => format!("{:?} [{o}]", s.segment).to_lowercase(),
            None => format!("{:?}", s.segment).to_lowercase(),
        };
        let nested = if s.nested { " nested" } else { "" };
        out.push_str(&format!("P{} {kind} {frame}{nested} | speaker: {speaker} | cue: {cue} | venue: {venue} | {seg}\n", s.paragraph));
        for p in &s.parts {
            out.push_str(&format!("    «{}»\n", p.of(&doc.text).replace('\n', "⏎")));
        }
    }
    out
}

pub fn extract(doc: &Document) -> Vec<Statement> {
    Engine::default().extract(doc)
}

/// Deterministic pseudo-random bytes (xorshift), for binary-looking input.
pub fn noise(n: usize, seed: u64) -> Vec<u8> {
    let mut x = seed | 1;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}
