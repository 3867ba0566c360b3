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

/// The process's CPU time so far (user and system, from /proc/self/stat),
/// in seconds: the merge runs on one thread while the others are idle, so
/// its CPU time is the merge's own, whatever else shares the machine.
fn cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return f64::NAN;
    };
    // The fields after the command name (which is in parentheses).
    let rest = &stat[stat.rfind(')').map_or(0, |i| i + 2)..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 =
        f[11].parse::<f64>().unwrap_or(f64::NAN) + f[12].parse::<f64>().unwrap_or(f64::NAN);
    ticks / 100.0
}

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
        let (t, cpu) = (Instant::now(), cpu_seconds());
        let merged = quotegraph::speakers::merge(analyses.iter().map(|a| &a.speakers));
        println!(
            "merge   {:>8.2?}  cpu {:>6.2}s  {} entities",
            t.elapsed(),
            cpu_seconds() - cpu,
            merged.entities.len()
        );
        // As `compare` merges: each document's entities moved in (copied
        // first, outside the timing).
        let owned: Vec<Vec<quotegraph::speakers::Entity>> = analyses
            .iter()
            .map(|a| a.speakers.entities.clone())
            .collect();
        let (t, cpu) = (Instant::now(), cpu_seconds());
        let merged = quotegraph::speakers::merge_owned(owned);
        println!(
            "owned   {:>8.2?}  cpu {:>6.2}s  {} entities",
            t.elapsed(),
            cpu_seconds() - cpu,
            merged.entities.len()
        );
        // Freed apart from the merge, as `compare` does.
        drop(merged);
    }
}
