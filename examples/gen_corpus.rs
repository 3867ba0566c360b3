//! Writes a news-like JSONL corpus for benchmarks and memory measurements:
//! many distinct stories, each the four-outlet example story
//! (`examples/harbor-story.jsonl`, the same quotes re-reported by each outlet)
//! and, with `--fixtures`, the test fixture articles
//! (`tests/fixtures/extract/*.txt`). Every copy gets its own names (each
//! proper name keeps its ending and takes, in place of its first letter, a
//! prefix built from the story number and its first letters, so `Stahl` and
//! its misspelling `Stahle` stay related within a story but never merge
//! across stories), its own quoted words and shifted numbers.
//!
//! ```text
//! cargo run --release --example gen_corpus -- --stories 200 > /tmp/c.jsonl
//! cargo run --release --example gen_corpus -- --mb 100 --fixtures > /tmp/news.jsonl
//! cargo run --release --example gen_corpus -- --stories 20 --plain   # text only, no JSON
//! ```
//!
//! `--stories N` stops after N stories, `--mb M` once M MB (10^6 bytes) of
//! article text are written; `--plain` writes the texts one after another as
//! one plain-text document (for the 8 MB news-text baseline).

use std::collections::HashSet;
use std::io::Write;

/// Proper names in the example story and fixtures: every capitalised word
/// of theirs that never occurs in lower case and is no grammar word, less the
/// ordinary English words, days, months and places that would stay the same
/// in a real copy.
const NAMES: &str = "Aamot Adeyemi Ahmed Aleksandra Alvania Alvenia Alvenian Ambridge Amelia \
    Ana Anders Anna Annelies Anton Aranda Archer Arden Arne Aurell Baltis Banning Baptiste \
    Bellmouth Besse Brandauer Brandt Brann Bremland Bremlander Brendan Brennock Brit Brookline \
    Calder Caldonia Caldonian Calvera Carl Clara Colborne Dahl Dale Dalens Dalton Daniel \
    Declan Delgado Delmara Delmaran Dieter Dobrev Dorne Doyle Drevno Dufay Dunca Dunholt \
    Dunmore Edna Edvard Ekholm Eklund Elaine Ellery Erik Eskedal Estrel Falk Falkenrath Ferrant \
    Ferris Frey George Gerhard Graham Grennhold Greta Grint Haavik Halas Halloran Halvorsen \
    Hanna Hanne Heck Helena Helene Henrik Hessby Hollis Holm Holt Ilse Ines Ingrid Irene Irina \
    Ivo Jana Joan Jonah Jonas Jorge Karin Karsk Katalin Katrin Kearney Kelmish Kerr Kestra Klee \
    Kovar Kowal Kvist Lana Leist Lena Lidia Lindqvist Lisk Lomberg Lopez Lotte Lukas Lund \
    Marcelline Marchetti Marcus Maren Markov Marta Marten Marveta Meridian Merin Mira Mirela \
    Miro Nadia Niamh Nils Nordmark Nordvik Norland Northline Norum Okerlund Okonjo Olga Orva \
    Osei Oskar Oskenian Oskeny Oster Ottilie Owen Oyelaran Patricia Paul Paula Pavel Pell Piet \
    Piotr Portvell Prescott Rasmussen Reke Renn Reyland Ribeiro Roger Rosa Rui Saltmere Sander \
    Santo Sefton Selma Sigrid Sofia Sokol Sorel Stahl Stahle Strand Stroud Sven Talbot Tarren \
    Teodor Teresa Thorsby Tom Tomas Tove Ursula Vaaler Valdoria Vandersloot Varga Vasko Vaurene \
    Vell Vera Vermeulen Veskia Veskian Viktor Voss Vostrania Vostranian Warren Whitcombe Wick \
    Wilma Yuri Yusuf Zelova Harmon Harlan Brien Moravik Morvik";

const SYLLABLES: [&str; 16] = [
    "ka", "ri", "lo", "ven", "dor", "mi", "sel", "tan", "bro", "quin", "fa", "zel", "ho", "nu",
    "ple", "gar",
];

/// The prefix a word takes in story `k`: four syllables, different for
/// every story (65,536 of them) and, through `word`'s first four letters,
/// for most words of one story (so names do not all share their first
/// letters, which speaker resolution buckets on).
fn prefix(k: usize, word: &str) -> String {
    assert!(k < 1 << 16, "at most 65,536 stories");
    let seed = word.bytes().take(4).fold(7919usize, |h, b| {
        h.wrapping_mul(31).wrapping_add(b as usize)
    });
    let mut p = String::new();
    let mut n = (k * 40503 + seed) % (1 << 16);
    for _ in 0..4 {
        p.push_str(SYLLABLES[n % 16]);
        n /= 16;
    }
    let mut c = p.chars();
    let first = c.next().unwrap().to_ascii_uppercase();
    std::iter::once(first).chain(c).collect()
}

/// Function and time words of three letters or more that the parsers know
/// from code, and the closed classes of the version matcher.
const KEEP: &str = "because without through between against although whether before during \
    toward towards within around behind beyond should itself others either neither another \
    anyone nobody everyone everybody themselves himself herself across almost already always \
    amid among unless despite instead rather little would could might saying that this with \
    from they them their there these those what when where which while will have been were \
    your about after again also into just like more most much only over some such than then \
    very well even ever here each both many every none five four three hundreds thousands \
    millions dozens several numerous other people week month year night morning evening \
    afternoon later previously recently earlier repeatedly reportedly further once separately \
    quickly flatly simply somewhat reporters journalists lawmakers supporters voters cheering \
    crowd audience viewers listeners students congress parliament senators donors members \
    colleagues officials staff employees only still being become became does done said says \
    the and but for its are was not has had can who all any out one two six few his her our \
    him she you via von van der den del dos bin ibn ter now has per off too yet";

/// Words a quotation keeps in every story (the rest vary, so the quotes of
/// different stories are different quotes, as in real news).
const QUOTE_KEEP: &[&str] = &[
    "the", "and", "but", "for", "not", "are", "was", "has", "had", "can", "who", "all", "its",
    "his", "her", "our", "you", "she", "him", "they", "them", "this", "that", "with", "will",
    "have", "were", "said", "says", "say",
];

/// The text of story `k`: names re-prefixed, each digit run's last digit
/// shifted, and every lower-case word of three letters or more that no grammar
/// file names re-prefixed too (in lower case), and inside double quotes every
/// word but a few function words, so the quotes of different stories differ
/// as their speakers do.
fn vary(text: &str, k: usize, names: &HashSet<&str>, keep: &HashSet<String>) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut word = String::new();
    let code_words: HashSet<&str> = KEEP.split_whitespace().collect();
    let mut quoted = false;
    let flush = |word: &mut String, out: &mut String, quoted: bool| {
        if names.contains(word.as_str()) {
            out.push_str(&prefix(k, word));
            out.extend(word.chars().skip(1));
        } else if quoted && word.len() >= 3 && !QUOTE_KEEP.contains(&word.as_str()) {
            // Inside a quotation every word but a few function words.
            let p = prefix(k, word);
            if word.starts_with(|c: char| c.is_uppercase()) {
                out.push_str(&p);
            } else {
                out.push_str(&p.to_lowercase());
            }
            out.extend(word.chars().skip(1));
        } else if word.len() >= 3
            && word.starts_with(|c: char| c.is_ascii_lowercase())
            && !code_words.contains(word.as_str())
            && !keep.contains(word.as_str())
        {
            out.push_str(&prefix(k, word).to_lowercase());
            out.extend(word.chars().skip(1));
        } else {
            out.push_str(word);
        }
        word.clear();
    };
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_alphabetic() {
            word.push(c);
            continue;
        }
        flush(&mut word, &mut out, quoted);
        match c {
            '\u{201C}' => quoted = true,
            '\u{201D}' => quoted = false,
            '"' => quoted = !quoted,
            '\n' => quoted = false,
            _ => {}
        }
        if let Some(d) = c.to_digit(10) {
            let last = !chars.peek().is_some_and(|n| n.is_ascii_digit());
            if last {
                let shifted = (d as usize + k) % 10;
                out.push(char::from_digit(shifted as u32, 10).unwrap());
                continue;
            }
        }
        out.push(c);
    }
    flush(&mut word, &mut out, quoted);
    out
}

fn main() {
    let mut stories = usize::MAX;
    let mut mb = f64::INFINITY;
    let mut fixtures = false;
    let mut plain = false;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--stories" => {
                stories = args
                    .next()
                    .and_then(|v| v.parse().ok())
                    .expect("--stories N")
            }
            "--mb" => mb = args.next().and_then(|v| v.parse().ok()).expect("--mb M"),
            "--fixtures" => fixtures = true,
            "--plain" => plain = true,
            _ => panic!("usage: gen_corpus [--stories N] [--mb M] [--fixtures] [--plain]"),
        }
    }
    assert!(
        stories != usize::MAX || mb.is_finite(),
        "give --stories N or --mb M"
    );
    let root = env!("CARGO_MANIFEST_DIR");
    let story = std::fs::File::open(format!("{root}/examples/harbor-story.jsonl")).unwrap();
    let mut base =
        quotegraph::Document::read_jsonl(std::io::BufReader::new(story)).expect("example story");
    if fixtures {
        let mut paths: Vec<_> = std::fs::read_dir(format!("{root}/tests/fixtures/extract"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        paths.sort();
        for (i, p) in paths.iter().enumerate() {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(p).unwrap();
            let outlet = [
                "Northline Wire",
                "Hessby Courier",
                "Harbor Times",
                "Meridian",
            ][i % 4];
            base.push(quotegraph::Document::new(name, Some(outlet), text));
        }
    }
    let names: HashSet<&str> = NAMES.split_whitespace().collect();
    // Every word the grammar files list (not their comments) stays as it is.
    let mut keep: HashSet<String> = KEEP.split_whitespace().map(str::to_string).collect();
    for entry in std::fs::read_dir(format!("{root}/grammar")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|x| x == "md") {
            continue;
        }
        let text = std::fs::read_to_string(path).unwrap();
        for line in text.lines().filter(|l| !l.starts_with('#')) {
            keep.extend(
                line.split(|c: char| !c.is_alphabetic())
                    .map(str::to_lowercase),
            );
        }
    }
    // A closed pipe (`| head`) ends the run quietly.
    let written_ok = |r: std::io::Result<()>| {
        if r.is_err() {
            std::process::exit(0)
        }
    };
    let out = std::io::stdout();
    let mut out = std::io::BufWriter::new(out.lock());
    let mut written = 0usize;
    let limit = if mb.is_finite() {
        (mb * 1e6) as usize
    } else {
        usize::MAX
    };
    'stories: for k in 0..stories {
        for d in &base {
            if written >= limit {
                break 'stories;
            }
            let text = vary(&d.text, k, &names, &keep);
            written += text.len();
            if plain {
                written_ok(out.write_all(text.as_bytes()));
                written_ok(out.write_all(b"\n\n"));
                continue;
            }
            let line = serde_json::json!({
                "doc": format!("s{k}-{}", d.id),
                "outlet": d.outlet.as_deref().map(|o| vary(o, k, &names, &keep)),
                "date": d.date,
                "title": d.title.as_deref().map(|t| vary(t, k, &names, &keep)),
                "text": text,
            });
            written_ok(serde_json::to_writer(&mut out, &line).map_err(std::io::Error::from));
            written_ok(out.write_all(b"\n"));
        }
    }
    written_ok(out.flush());
}
