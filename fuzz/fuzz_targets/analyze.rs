//! `Engine::analyze` on arbitrary bytes read as lossy UTF-8: no panic, every
//! span on character boundaries inside the text, the same result twice, and
//! the JSONL records (code point offsets) matching the text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use quotegraph::{Document, Engine};
use std::sync::OnceLock;

static ENGINE: OnceLock<Engine> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let engine = ENGINE.get_or_init(Engine::default);
    let text = String::from_utf8_lossy(data).into_owned();
    let doc = Document::new("f", Some("Fuzz Wire"), text);
    let a = engine.analyze(&doc);
    for s in &a.statements {
        for p in &s.parts {
            assert!(p.start < p.end && p.end <= doc.text.len());
            assert!(doc.text.is_char_boundary(p.start) && doc.text.is_char_boundary(p.end));
        }
    }
    assert_eq!(engine.extract(&doc), a.statements);
    let chars: Vec<char> = doc.text.chars().collect();
    for r in quotegraph::output::records_resolved(&doc, &a.statements, Some(&a.speakers)) {
        assert!(r.start < r.end && r.end <= chars.len());
        assert_eq!(chars[r.start..r.end].iter().collect::<String>(), r.text);
    }
});
