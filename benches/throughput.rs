//! Speed targets live here, not in timed tests: `cargo bench`.
//!
//! - extract: MB/s of news-like text (the fixture articles, written for the
//!   tests, repeated into documents of ordinary size), one thread;
//! - compare: the four-outlet example story repeated as many independent
//!   stories, so the statement count grows 10x between sizes and any
//!   superlinear step shows as a time ratio above 10.

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
    g.finish();
}

fn story_copies(n: usize) -> Vec<Document> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/harbor-story.jsonl");
    let base =
        Document::read_jsonl(std::io::BufReader::new(std::fs::File::open(path).unwrap())).unwrap();
    (0..n)
        .flat_map(|k| {
            base.iter().map(move |d| {
                // Each copy is its own story: names and numbers shifted so copies do not merge.
                let text = d
                    .text
                    .replace("Stahl", &format!("Stahl{k}"))
                    .replace("Voss", &format!("Voss{k}"))
                    .replace("Friday", &format!("day {k}"));
                Document {
                    id: format!("{k}-{}", d.id),
                    text,
                    ..d.clone()
                }
            })
        })
        .collect()
}

fn compare(c: &mut Criterion) {
    let engine = Engine::default();
    let mut g = c.benchmark_group("compare");
    g.sample_size(10);
    for copies in [2usize, 20, 200] {
        let docs = story_copies(copies);
        g.bench_with_input(BenchmarkId::from_parameter(copies * 4), &docs, |b, docs| {
            b.iter(|| engine.compare(docs).clusters.len())
        });
    }
    g.finish();
}

criterion_group!(benches, extract, compare);
criterion_main!(benches);
