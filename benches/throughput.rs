//! Speed targets live here, not in timed tests: `cargo bench`.
//!
//! - extract: MB/s of news-like text (the fixture articles, written for the
//!   tests, repeated into documents of ordinary size), on one thread and on
//!   all cores (rayon over documents, as the command line does);
//! - compare: the four-outlet example story repeated as many independent
//!   stories (names, numbers and quoted words varied per story, as
//!   `examples/gen_corpus.rs` does), at about 10k and 100k statements, so
//!   any superlinear step shows as a time ratio above 10. The 1M-statement
//!   run is measured with the command line (README, "Speed and scale"), or
//!   here with `QG_BENCH_1M=1`.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use quotegraph::{Document, Engine};

fn fixtures() -> Vec<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/extract");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect()
}

fn extract(c: &mut Criterion) {
    let texts = fixtures();
    let docs: Vec<Document> = (0..200)
        .map(|i| Document::new(format!("d{i}"), None, texts[i % texts.len()].clone()))
        .collect();
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let engine = Engine::default();
    let mut g = c.benchmark_group("extract");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.sample_size(10);
    g.bench_function("news_fixtures_one_thread", |b| {
        b.iter(|| {
            docs.iter()
                .map(|d| engine.analyze(d).statements.len())
                .sum::<usize>()
        })
    });
    g.bench_function("news_fixtures_all_cores", |b| {
        use rayon::prelude::*;
        b.iter(|| {
            docs.par_iter()
                .map(|d| engine.analyze(d).statements.len())
                .sum::<usize>()
        })
    });
    g.finish();
}

/// `n` copies of the example story, each with its own names, numbers and
/// quoted words (built by `examples/gen_corpus.rs`, so the bench and the
/// command-line measurements read the same text).
fn story_copies(n: usize) -> Vec<Document> {
    let out = std::process::Command::new(env!("CARGO"))
        .args([
            "run",
            "--release",
            "--quiet",
            "--example",
            "gen_corpus",
            "--",
        ])
        .args(["--stories", &n.to_string()])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo run --example gen_corpus");
    assert!(out.status.success(), "gen_corpus failed");
    Document::read_jsonl(&out.stdout[..]).unwrap()
}

fn compare(c: &mut Criterion) {
    let engine = Engine::default();
    let mut g = c.benchmark_group("compare");
    g.sample_size(10);
    // 196 stories: 9,996 statements; 1,961: 100,011; 19,608: about 1M.
    let mut sizes = vec![(196usize, "10k"), (1961, "100k")];
    if std::env::var_os("QG_BENCH_1M").is_some() {
        sizes.push((19608, "1M"));
    }
    for (stories, label) in sizes {
        let docs = story_copies(stories);
        g.bench_with_input(BenchmarkId::new("statements", label), &docs, |b, docs| {
            b.iter(|| engine.compare(docs).clusters.len())
        });
    }
    g.finish();
}

criterion_group!(benches, extract, compare);
criterion_main!(benches);
