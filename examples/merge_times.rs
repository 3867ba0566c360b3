//! Times the cross-document speaker merge alone (the step of `compare` that
//! runs on one thread): documents analysed in parallel first, then
//! `speakers::merge` timed on its own, and `speakers::merge_owned` (as
//! `compare` calls it, each document's entities moved in), `RUNS` times
//! (default 3).
//! Run: cargo run --release --example merge_times -- corpus.jsonl
//! (`gen_corpus --stories N` makes one).

use std::time::Instant;

// As the command line: allocation is a large share of the merge.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    use rayon::prelude::*;
    let path = std::env::args()
        .nth(1)
        .expect("usage: merge_times FILE.jsonl");
    let runs: usize = std::env::var("RUNS").map_or(3, |r| r.parse().expect("RUNS=N"));
    let file = std::io::BufReader::new(std::fs::File::open(path).expect("readable"));
    let docs = quotegraph::Document::read_jsonl(file).expect("JSONL");
    let engine = quotegraph::Engine::default();
    let t = Instant::now();
    let analyses: Vec<quotegraph::Analysis> = docs.par_iter().map(|d| engine.analyze(d)).collect();
    let entities: usize = analyses.iter().map(|a| a.speakers.entities.len()).sum();
    println!(
        "analyse {:>8.2?}  {} documents, {} entities",
        t.elapsed(),
        docs.len(),
        entities
    );
    for _ in 0..runs {
        let t = Instant::now();
        let merged = quotegraph::speakers::merge(analyses.iter().map(|a| &a.speakers));
        println!(
            "merge   {:>8.2?}  {} entities",
            t.elapsed(),
            merged.entities.len()
        );
        // As `compare` merges: each document's entities moved in (copied
        // first, outside the timing).
        let owned: Vec<Vec<quotegraph::speakers::Entity>> = analyses
            .iter()
            .map(|a| a.speakers.entities.clone())
            .collect();
        let t = Instant::now();
        let merged = quotegraph::speakers::merge_owned(owned);
        println!(
            "owned   {:>8.2?}  {} entities",
            t.elapsed(),
            merged.entities.len()
        );
        // Freed apart from the merge, as `compare` does.
        drop(merged);
    }
}
