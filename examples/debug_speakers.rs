//! Prints a document's speaker entities and their mentions: a look inside
//! the speakers stage. Run: cargo run --example debug_speakers -- FILE

fn main() {
    let path = std::env::args().nth(1).expect("usage: debug_speakers FILE");
    let doc = quotegraph::Document::from_text_file(path.as_ref(), Default::default())
        .expect("readable text file");
    let a = quotegraph::Engine::default().analyze(&doc);
    for e in &a.speakers.entities {
        let mentions: Vec<&str> = e.mentions.iter().map(|m| m.text.as_str()).collect();
        println!(
            "#{} {:?} {:?} titles={:?} gender={:?}\n    {:?}",
            e.id, e.kind, e.name, e.titles, e.gender, mentions
        );
    }
}
