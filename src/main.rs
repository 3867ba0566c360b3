//! The `quotegraph` command line: argument parsing and calls into the library.

use std::io::{BufRead, BufReader, BufWriter, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use quotegraph::document::{JsonlReader, decode_text, looks_like_jsonl};
use quotegraph::output::{Record, records_resolved, text_line, write_jsonl};
use quotegraph::{Document, Engine, Error, ReadOptions};

// The parsers allocate many small short-lived strings and vectors per
// document; mimalloc serves them in about half the instructions of glibc's
// malloc and scales across rayon's threads.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

const AFTER_HELP: &str = "\
Examples:
  quotegraph extract examples/harbor-story/           every statement, one JSON object a line
  quotegraph extract --format text article.txt        a readable list
  cat docs.jsonl | quotegraph extract - > out.jsonl   JSONL in ({\"doc\", \"text\", \"outlet\"...}), JSONL out
  quotegraph compare examples/harbor-story.jsonl --format markdown
                                                      where outlets differ (see compare --help)
  quotegraph compare examples/harbor-story.jsonl --format html -o report.html
                                                      the same as one web page to open in a browser

Input: plain-text files (the document id is the file name), JSONL files
(.jsonl, or any input whose first character is '{'), folders (their .txt and
.jsonl files, sorted by name), or '-' for stdin.

Progress: a bar on stderr for long runs when stderr is a terminal; none when
it is a pipe or a file, or with --quiet. Colour only on a terminal.

Exit codes:
  0  done
  2  usage error (bad flag or argument)
  3  a file could not be read
  4  bad data: invalid UTF-8, binary input, or a JSONL line that does not parse
     (with --skip-bad, bad JSONL lines are counted on stderr and skipped instead)
  5  the grammar folder given with --grammar does not parse";

#[derive(Parser)]
#[command(name = "quotegraph", version, about = "Find who said what in news articles, and where outlets disagree.", after_help = AFTER_HELP)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Extract every statement (quote, speaker, cue, venue) from articles.
    #[command(after_help = AFTER_HELP)]
    Extract(ExtractArgs),
    /// Compare articles: versions of each quote across outlets and how they differ.
    #[command(after_help = COMPARE_HELP)]
    Compare(CompareArgs),
}

const COMPARE_HELP: &str = "\
Examples:
  quotegraph compare examples/harbor-story.jsonl --format markdown   differences first, then each speaker
  quotegraph compare examples/harbor-story.jsonl --format html -o report.html
                      one self-contained page: conflicts, versions side by side,
                      facts, a graph picture and the articles (no network needed)
  quotegraph compare --format json a.txt b.txt c.txt -o report.json
  quotegraph compare --format dot stories.jsonl | dot -Tsvg > graph.svg
  quotegraph compare --format graphml stories.jsonl -o graph.graphml   for Gephi, Cytoscape, yEd

Input as for extract. A progress bar on stderr when it is a terminal (not with
--quiet). Exit codes as for extract (0 done, 2 usage, 3 unreadable file, 4 bad
data, 5 bad grammar).";

#[derive(Clone, Copy, ValueEnum)]
enum CompareFormat {
    Json,
    Markdown,
    /// One self-contained web page.
    Html,
    /// The graph for Graphviz.
    Dot,
    /// The graph for Gephi, Cytoscape, yEd.
    Graphml,
}

#[derive(clap::Args)]
struct CompareArgs {
    /// Files, folders, or '-' for stdin (the default).
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "markdown")]
    format: CompareFormat,
    /// Write to this file instead of stdout.
    #[arg(short, long)]
    output: Option<PathBuf>,
    #[command(flatten)]
    input: InputArgs,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Jsonl,
    Json,
    Text,
}

/// Options shared by the commands that read documents.
#[derive(clap::Args)]
struct InputArgs {
    /// A grammar folder whose files replace the built-in ones.
    #[arg(long)]
    grammar: Option<PathBuf>,
    /// Replace invalid UTF-8 with U+FFFD instead of stopping.
    #[arg(long)]
    lossy: bool,
    /// Skip JSONL lines that do not parse, counting them on stderr.
    #[arg(long)]
    skip_bad: bool,
    /// No messages on stderr but errors (no progress bar either).
    #[arg(short, long)]
    quiet: bool,
}

impl InputArgs {
    fn engine(&self) -> Result<Engine, Error> {
        match &self.grammar {
            Some(dir) => Engine::builder().grammar(dir).build(),
            None => Ok(Engine::default()),
        }
    }
    fn read_options(&self) -> ReadOptions {
        ReadOptions {
            lossy: self.lossy,
            skip_bad: self.skip_bad,
        }
    }
}

#[derive(clap::Args)]
struct ExtractArgs {
    /// Files, folders, or '-' for stdin (the default).
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "jsonl")]
    format: Format,
    /// Write to this file instead of stdout.
    #[arg(short, long)]
    output: Option<PathBuf>,
    #[command(flatten)]
    input: InputArgs,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let result = match cli.command {
        Command::Extract(args) => extract(args),
        Command::Compare(args) => compare(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("quotegraph: {e}");
            ExitCode::from(e.exit_code() as u8)
        }
    }
}

/// A progress bar on stderr, or a hidden one when stderr is not a terminal
/// (a pipe or a file must never receive control codes) or with --quiet.
fn progress_bar(quiet: bool, len: Option<u64>, template: &str) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = match len {
        Some(n) => ProgressBar::new(n),
        None => ProgressBar::new_spinner(),
    };
    bar.set_draw_target(ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style);
    }
    bar
}

/// The bytes of all inputs, when they are all files (stdin has no size).
fn input_bytes(paths: &[PathBuf]) -> Option<u64> {
    let mut total = 0;
    for p in expand(paths).ok()? {
        if p.as_os_str() == "-" {
            return None;
        }
        total += std::fs::metadata(&p).ok()?.len();
    }
    Some(total)
}

/// Expand folders into their .txt and .jsonl files, sorted.
fn expand(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Error> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut files: Vec<PathBuf> = std::fs::read_dir(p)
                .map_err(|source| Error::Io {
                    path: p.display().to_string(),
                    source,
                })?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|f| {
                    f.is_file()
                        && matches!(
                            f.extension().and_then(|x| x.to_str()),
                            Some("txt" | "jsonl" | "ndjson")
                        )
                })
                .collect();
            files.sort();
            out.extend(files);
        } else {
            out.push(p.clone());
        }
    }
    if out.is_empty() {
        out.push(PathBuf::from("-"));
    }
    Ok(out)
}

/// Calls `each` on every document of every input, in order.
fn for_each_document(
    paths: &[PathBuf],
    options: ReadOptions,
    quiet: bool,
    mut each: impl FnMut(Document) -> Result<(), Error>,
) -> Result<(), Error> {
    for path in expand(paths)? {
        let name = path.display().to_string();
        let mut reader: Box<dyn BufRead> = if name == "-" {
            Box::new(BufReader::new(std::io::stdin().lock()))
        } else {
            let f = std::fs::File::open(&path).map_err(|source| Error::Io {
                path: name.clone(),
                source,
            })?;
            Box::new(BufReader::with_capacity(1 << 16, f))
        };
        let head = reader
            .fill_buf()
            .map_err(|source| Error::Io {
                path: name.clone(),
                source,
            })?
            .to_vec();
        if looks_like_jsonl(&name, &head) {
            let mut docs = JsonlReader::new(reader, name.clone(), options);
            for doc in docs.by_ref() {
                each(doc?)?;
            }
            let skipped = docs.skipped();
            if !skipped.is_empty() && !quiet {
                eprintln!(
                    "quotegraph: {name}: skipped {} bad JSONL line(s); first: {}",
                    skipped.len(),
                    skipped[0]
                );
            }
        } else {
            let mut bytes = Vec::new();
            reader.read_to_end(&mut bytes).map_err(|source| Error::Io {
                path: name.clone(),
                source,
            })?;
            let text = decode_text(&name, bytes, options.lossy)?;
            let id = if name == "-" {
                "-".to_string()
            } else {
                Path::new(&name)
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or(name.clone())
            };
            each(Document::new(id, None, text))?;
        }
    }
    Ok(())
}

/// `-o` naming one of the inputs would empty it before it is read.
fn refuse_overwriting_input(output: Option<&Path>, inputs: &[PathBuf]) -> Result<(), Error> {
    let Some(out) = output.and_then(|o| std::fs::canonicalize(o).ok()) else {
        return Ok(());
    };
    for p in expand(inputs)? {
        if std::fs::canonicalize(&p).is_ok_and(|c| c == out) {
            return Err(Error::Io {
                path: out.display().to_string(),
                source: std::io::Error::new(
                    std::io::ErrorKind::AlreadyExists,
                    "the output file is also an input; choose another -o",
                ),
            });
        }
    }
    Ok(())
}

/// Documents analysed in parallel per batch, and the batch's text budget.
/// (64 rather than more: a smaller batch's documents and output are still
/// in cache when they are analysed and written, and fewer fresh pages are
/// touched; rayon still has dozens of documents to balance its threads.)
const BATCH_DOCS: usize = 64;
const BATCH_BYTES: usize = 32 << 20;
/// Batches analysed while the next is read: memory stays bounded by a few
/// batches, whatever the input's length.
const IN_FLIGHT: usize = 2;

/// One analysed batch: its output, rendered by the worker that analysed it
/// (JSONL and text lines), or its records (`--format json`, written whole
/// at the end), and its text's length for the progress bar.
struct Done {
    bytes: Vec<Vec<u8>>,
    records: Vec<Record>,
    text_len: u64,
}

/// Analyse one batch in parallel (rayon), each document rendered by the
/// thread that analysed it; the result keeps input order.
fn analyse_batch(engine: &quotegraph::Engine, batch: &[Document], format: Format) -> Done {
    use rayon::prelude::*;
    let per_doc: Vec<(Vec<u8>, Vec<Record>)> = batch
        .par_iter()
        .map(|doc| {
            // Records name each speaker's entity, never its mentions.
            let analysis = engine.analyze_for_records(doc);
            // JSONL runs to about 2.4 to 2.8 times the text (each record
            // repeats its quotation and names its fields): room for three
            // times, so that few documents' output is grown and copied.
            let mut bytes = match format {
                Format::Json => Vec::new(),
                _ => Vec::with_capacity(doc.text.len() * 3 + 1024),
            };
            let (statements, speakers) = (&analysis.statements, Some(&analysis.speakers));
            match format {
                Format::Jsonl => {
                    // Written straight from the statements: no record built.
                    write_jsonl(doc, statements, speakers, &mut bytes);
                    (bytes, Vec::new())
                }
                Format::Text => {
                    for r in &records_resolved(doc, statements, speakers) {
                        let _ = writeln!(bytes, "{}", text_line(r));
                    }
                    (bytes, Vec::new())
                }
                Format::Json => (bytes, records_resolved(doc, statements, speakers)),
            }
        })
        .collect();
    let mut done = Done {
        bytes: Vec::with_capacity(per_doc.len()),
        records: Vec::new(),
        text_len: batch.iter().map(|d| d.text.len() as u64).sum(),
    };
    for (bytes, records) in per_doc {
        done.bytes.push(bytes);
        done.records.extend(records);
    }
    done
}

fn extract(args: ExtractArgs) -> Result<(), Error> {
    let engine = args.input.engine()?;
    let out_name = args
        .output
        .as_ref()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| "-".into());
    refuse_overwriting_input(args.output.as_deref(), &args.paths)?;
    let sink: Box<dyn Write> = match &args.output {
        Some(p) => Box::new(std::fs::File::create(p).map_err(|source| Error::Io {
            path: out_name.clone(),
            source,
        })?),
        None => Box::new(std::io::stdout().lock()),
    };
    let mut out = BufWriter::with_capacity(1 << 16, sink);
    let io = |source| Error::Io {
        path: out_name.clone(),
        source,
    };
    let options = args.input.read_options();
    let mut all: Vec<Record> = Vec::new();
    let format = args.format;
    let bar = progress_bar(
        args.input.quiet,
        input_bytes(&args.paths),
        "{spinner} extract [{bar:30}] {bytes}/{total_bytes} {elapsed}",
    );
    // This thread reads documents in batches; each batch is analysed and
    // rendered on rayon's threads while the next is read, and written here in
    // input order, so the output never depends on thread timing and memory
    // stays bounded by a few batches.
    let engine = &engine;
    let (result, read) = rayon::in_place_scope(|scope| {
        let mut in_flight: std::collections::VecDeque<std::sync::mpsc::Receiver<Done>> =
            Default::default();
        let mut write = |done: Done, all: &mut Vec<Record>| -> Result<(), Error> {
            for bytes in &done.bytes {
                out.write_all(bytes).map_err(io)?;
            }
            all.extend(done.records);
            bar.inc(done.text_len);
            Ok(())
        };
        let mut submit = |batch: Vec<Document>,
                          in_flight: &mut std::collections::VecDeque<_>,
                          all: &mut Vec<Record>|
         -> Result<(), Error> {
            let (tx, rx) = std::sync::mpsc::sync_channel(1);
            scope.spawn(move |_| {
                let _ = tx.send(analyse_batch(engine, &batch, format));
            });
            in_flight.push_back(rx);
            while in_flight.len() > IN_FLIGHT {
                let rx: std::sync::mpsc::Receiver<Done> = in_flight.pop_front().expect("queued");
                write(rx.recv().expect("the batch's worker sends"), all)?;
            }
            Ok(())
        };
        let mut batch: Vec<Document> = Vec::new();
        let mut batch_bytes = 0;
        let read = for_each_document(&args.paths, options, args.input.quiet, |doc| {
            batch_bytes += doc.text.len();
            batch.push(doc);
            if batch.len() >= BATCH_DOCS || batch_bytes >= BATCH_BYTES {
                batch_bytes = 0;
                submit(std::mem::take(&mut batch), &mut in_flight, &mut all)?;
            }
            Ok(())
        });
        // The documents read before a bad line are written before the error.
        let mut result = Ok(());
        if !batch.is_empty() {
            result = submit(batch, &mut in_flight, &mut all);
        }
        while let Some(rx) = in_flight.pop_front() {
            if result.is_ok() {
                result = write(rx.recv().expect("the batch's worker sends"), &mut all);
            }
        }
        (result, read)
    });
    result?;
    if let Format::Json = format {
        serde_json::to_writer_pretty(&mut out, &all).map_err(|e| io(e.into()))?;
        out.write_all(b"\n").map_err(io)?;
    }
    out.flush().map_err(io)?;
    bar.finish_and_clear();
    read
}

fn compare(args: CompareArgs) -> Result<(), Error> {
    refuse_overwriting_input(args.output.as_deref(), &args.paths)?;
    let engine = args.input.engine()?;
    let options = args.input.read_options();
    let mut docs = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for_each_document(&args.paths, options, args.input.quiet, |d| {
        if !seen.insert(d.id.clone()) {
            return Err(Error::DuplicateDocument {
                path: "input".into(),
                id: d.id.clone(),
            });
        }
        docs.push(d);
        Ok(())
    })?;
    let bar = progress_bar(
        args.input.quiet,
        Some(docs.len() as u64),
        "{spinner} compare: {msg} [{bar:30}] {pos}/{len} documents {elapsed}",
    );
    bar.set_message("analysing");
    let report = engine.compare_with_progress(&docs, |done, total| {
        bar.set_position(done as u64);
        if done == total {
            // Merging speakers and clustering versions come next, unmetered.
            bar.set_message("comparing versions");
            bar.enable_steady_tick(std::time::Duration::from_millis(120));
        }
    });
    bar.set_message("writing");
    let out_name = args
        .output
        .as_ref()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| "-".into());
    let io = |source| Error::Io {
        path: out_name.clone(),
        source,
    };
    let sink: Box<dyn Write> = match &args.output {
        Some(p) => Box::new(std::fs::File::create(p).map_err(io)?),
        None => Box::new(std::io::stdout().lock()),
    };
    let mut out = BufWriter::with_capacity(1 << 16, sink);
    // JSON is written as it is produced: at a million statements the text
    // is larger than the report it comes from.
    match args.format {
        CompareFormat::Json => {
            report.write_json(&mut out).map_err(io)?;
            out.write_all(b"\n").map_err(io)?;
        }
        format => {
            let text = match format {
                CompareFormat::Markdown => report.to_markdown(),
                CompareFormat::Html => report.to_html(),
                CompareFormat::Dot => quotegraph::graph::Graph::from_report(&report).to_dot(),
                CompareFormat::Graphml => {
                    quotegraph::graph::Graph::from_report(&report).to_graphml()
                }
                CompareFormat::Json => unreachable!("written above"),
            };
            out.write_all(text.as_bytes()).map_err(io)?;
        }
    }
    out.flush().map_err(io)?;
    bar.finish_and_clear();
    // The process ends here: freeing the report and the documents one
    // allocation at a time (millions of strings at a million statements,
    // seconds on one core) would only hand back memory the exit frees.
    std::mem::forget(report);
    std::mem::forget(docs);
    Ok(())
}
