//! Times each stage on one file: where a slow document spends its time.
//! Run: cargo run --release --example stage_times -- FILE

use std::time::Instant;

fn main() {
    let path = std::env::args().nth(1).expect("usage: stage_times FILE");
    let doc = quotegraph::Document::from_text_file(
        path.as_ref(),
        quotegraph::ReadOptions {
            lossy: true,
            skip_bad: false,
        },
    )
    .expect("readable");
    let engine = quotegraph::Engine::default();
    let t = Instant::now();
    let seg = engine.segment(&doc);
    println!(
        "segment   {:>8.2?}  {} paragraphs, {} tokens",
        t.elapsed(),
        seg.paragraphs.len(),
        seg.tokens.len()
    );
    let cx = quotegraph::parse::input::Cx {
        text: &doc.text,
        lex: engine.lexicon(),
    };
    let t = Instant::now();
    let q = quotegraph::parse::quotes::pair_quotes(cx, &seg);
    println!("quotes    {:>8.2?}  {} quotations", t.elapsed(), q.len());
    let t = Instant::now();
    let st = quotegraph::parse::read_statements(cx, &seg);
    println!(
        "statements{:>8.2?}  {} statements (quotes + reported)",
        t.elapsed(),
        st.len()
    );
    let t = Instant::now();
    let sp = quotegraph::speakers::resolve(cx, &seg, &st);
    println!(
        "speakers  {:>8.2?}  {} entities",
        t.elapsed(),
        sp.entities.len()
    );
}
