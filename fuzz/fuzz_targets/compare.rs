//! `Engine::compare` on two or three small documents cut from arbitrary bytes
//! (split at 0xFF bytes, read as lossy UTF-8): no panic, and every report
//! format renders.
#![no_main]

use libfuzzer_sys::fuzz_target;
use quotegraph::{Document, Engine};
use std::sync::OnceLock;

static ENGINE: OnceLock<Engine> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let engine = ENGINE.get_or_init(Engine::default);
    let outlets = ["Northline Wire", "Hessby Courier", "Harbor Times"];
    let docs: Vec<Document> = data
        .split(|&b| b == 0xFF)
        .take(3)
        .enumerate()
        .map(|(i, part)| {
            Document::new(
                format!("d{i}"),
                Some(outlets[i]),
                String::from_utf8_lossy(part).into_owned(),
            )
        })
        .collect();
    let report = engine.compare(&docs);
    let _ = report.to_json();
    let _ = report.to_markdown();
    let _ = report.to_html();
    let graph = quotegraph::graph::Graph::from_report(&report);
    let _ = graph.to_graphml();
});
