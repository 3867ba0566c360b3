//! Prints the paired quotations and sentences of a file: a look inside the
//! segment and quote stages when a statement comes out wrong.
//! Run: cargo run --example debug_quotes -- FILE

fn main() {
    let path = std::env::args().nth(1).expect("usage: debug_quotes FILE");
    let doc = quotegraph::Document::from_text_file(path.as_ref(), Default::default())
        .expect("readable text file");
    let engine = quotegraph::Engine::default();
    let seg = engine.segment(&doc);
    for (i, p) in seg.paragraphs.iter().enumerate() {
        println!(
            "P{i} {:?} heading={} sentences={}",
            p.kind,
            p.heading,
            p.sentences.len()
        );
    }
    let cx = quotegraph::parse::input::Cx {
        text: &doc.text,
        lex: engine.lexicon(),
    };
    for q in quotegraph::parse::quotes::pair_quotes(cx, &seg) {
        println!(
            "Q open={} close={:?} depth={} par={}..{} {:?}",
            q.open,
            q.close,
            q.depth,
            q.first_paragraph,
            q.last_paragraph,
            q.content.of(&doc.text)
        );
    }
}
