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
        Command::Compare(args) => {
            keep_freed_memory();
            compare(args)
        }
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

/// Documents per job, and a job's text budget. The first jobs are smaller
/// (1, 2, 4, ... documents), so that the threads start on the first
/// document read rather than wait for a whole job's worth.
const JOB_DOCS: usize = 16;
const JOB_BYTES: usize = 1 << 20;
/// Jobs read ahead of the oldest one not yet written, and their text
/// budget: memory stays bounded by these, whatever the input's length.
/// When either is reached the reader waits until half are written.
const AHEAD_JOBS: usize = 8;
const AHEAD_BYTES: usize = 32 << 20;

/// One analysed job: its documents' output in order, rendered by the
/// worker that analysed them (JSONL and text lines), or their records
/// (`--format json`, written whole at the end), and their text's length.
struct Done {
    bytes: Vec<u8>,
    records: Vec<Record>,
    text_len: usize,
}

/// Output buffers the writer has emptied, for the next jobs to fill: a
/// job's buffer is large (three times its text), and a fresh one is memory
/// the kernel must map and zero page by page (on PolNeAR, writing into
/// fresh buffers took a large share of the run's page faults).
type Buffers = std::sync::Mutex<Vec<Vec<u8>>>;

/// Analyse a job's documents (`text_len` bytes of text) one after another
/// (on one rayon thread) and render their output in order.
fn analyse_job(
    engine: &quotegraph::Engine,
    docs: &[Document],
    text_len: usize,
    format: Format,
    buffers: &Buffers,
) -> Done {
    // JSONL runs to about 2.4 to 2.8 times the text (each record repeats
    // its quotation and names its fields): room for three times, so that
    // the output is seldom grown and copied.
    let mut bytes = Vec::new();
    if !matches!(format, Format::Json) {
        let need = text_len * 3 + 1024;
        bytes = buffers
            .lock()
            .map_or(None, |mut b| b.pop())
            .unwrap_or_default();
        // A buffer too small is replaced, not grown: growing would copy
        // its whole capacity (the allocator does not know it is empty).
        if bytes.capacity() < need {
            bytes = Vec::with_capacity(need.max(2 * bytes.capacity()));
        }
    }
    let mut records = Vec::new();
    for doc in docs {
        // Records name each speaker's entity, never its mentions.
        let analysis = engine.analyze_for_records(doc);
        let (statements, speakers) = (&analysis.statements, Some(&analysis.speakers));
        match format {
            // Written straight from the statements: no record built.
            Format::Jsonl => write_jsonl(doc, statements, speakers, &mut bytes),
            Format::Text => {
                for r in &records_resolved(doc, statements, speakers) {
                    let _ = writeln!(bytes, "{}", text_line(r));
                }
            }
            Format::Json => records.extend(records_resolved(doc, statements, speakers)),
        }
    }
    Done {
        bytes,
        records,
        text_len,
    }
}

/// Jobs whose output arrives in any order, written in input order.
struct Reorder {
    /// Output of jobs `written..`, in order; `None` while in flight.
    ahead: std::collections::VecDeque<Option<Done>>,
    /// Text bytes of the jobs in `ahead`.
    ahead_bytes: usize,
    /// Jobs written so far.
    written: usize,
}

impl Reorder {
    /// File the output of job `seq` (numbered from 0 in input order).
    fn file(&mut self, seq: usize, done: Done) {
        self.ahead[seq - self.written] = Some(done);
    }
    /// The next job's output, if it has arrived.
    fn next_ready(&mut self) -> Option<Done> {
        if self.ahead.front().is_some_and(Option::is_some) {
            let done = self.ahead.pop_front().flatten()?;
            self.ahead_bytes -= done.text_len;
            self.written += 1;
            Some(done)
        } else {
            None
        }
    }
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
    // This thread reads the documents and hands them out in jobs of a few;
    // each job is analysed and rendered on one of rayon's threads, and the
    // jobs' output is written here in input order, so the output never
    // depends on thread timing. A job's documents are analysed in turn on
    // one thread (no job waits for another's), and the jobs are taken in
    // the order read; this thread wakes once per job, not per document.
    let engine = &engine;
    let buffers = &Buffers::default();
    let (result, read) = rayon::in_place_scope(|scope| {
        let (tx, rx) = std::sync::mpsc::channel::<(usize, std::thread::Result<Done>)>();
        let mut reorder = Reorder {
            ahead: Default::default(),
            ahead_bytes: 0,
            written: 0,
        };
        // Write every job whose output has arrived, in order; with `until`
        // set, wait for arrivals until at most that many jobs and half the
        // byte budget are held.
        let mut drain = |reorder: &mut Reorder,
                         all: &mut Vec<Record>,
                         until: Option<usize>|
         -> Result<(), Error> {
            loop {
                while let Some(mut done) = reorder.next_ready() {
                    out.write_all(&done.bytes).map_err(io)?;
                    if let Ok(mut b) = buffers.lock() {
                        if b.len() < AHEAD_JOBS {
                            done.bytes.clear();
                            b.push(std::mem::take(&mut done.bytes));
                        }
                    }
                    all.extend(done.records);
                    bar.inc(done.text_len as u64);
                }
                let arrived = match until {
                    Some(n) if reorder.ahead.len() > n || reorder.ahead_bytes > AHEAD_BYTES / 2 => {
                        rx.recv().ok()
                    }
                    _ => rx.try_recv().ok(),
                };
                match arrived {
                    Some((seq, Ok(done))) => reorder.file(seq, done),
                    Some((_, Err(panic))) => std::panic::resume_unwind(panic),
                    None => return Ok(()),
                }
            }
        };
        // A job of `text_len` bytes of text (counted as it was read).
        let mut submit = |job: Vec<Document>,
                          text_len: usize,
                          reorder: &mut Reorder,
                          all: &mut Vec<Record>|
         -> Result<(), Error> {
            let seq = reorder.written + reorder.ahead.len();
            reorder.ahead_bytes += text_len;
            reorder.ahead.push_back(None);
            let tx = tx.clone();
            scope.spawn(move |_| {
                // A panic is sent on, to be raised here: the reader never
                // waits for a job that will not come.
                let done = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    analyse_job(engine, &job, text_len, format, buffers)
                }));
                let _ = tx.send((seq, done));
            });
            let full = reorder.ahead.len() >= AHEAD_JOBS || reorder.ahead_bytes >= AHEAD_BYTES;
            drain(reorder, all, full.then_some(AHEAD_JOBS / 2))
        };
        let mut job: Vec<Document> = Vec::new();
        let mut job_bytes = 0;
        let mut job_docs = 1;
        let read = for_each_document(&args.paths, options, args.input.quiet, |doc| {
            job_bytes += doc.text.len();
            job.push(doc);
            if job.len() >= job_docs || job_bytes >= JOB_BYTES {
                job_docs = (job_docs * 2).min(JOB_DOCS);
                let (job, bytes) = (std::mem::take(&mut job), std::mem::take(&mut job_bytes));
                submit(job, bytes, &mut reorder, &mut all)?;
            }
            Ok(())
        });
        // The documents read before a bad line are written before the error.
        let mut result = Ok(());
        if !job.is_empty() {
            result = submit(job, job_bytes, &mut reorder, &mut all);
        }
        let last = drain(&mut reorder, &mut all, Some(0));
        (result.and(last), read)
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

/// `mi_option_purge_delay` in mimalloc's `mimalloc.h` (the same number in
/// its versions 2 and 3; the Rust binding does not name it). A test below
/// checks the number against the option mimalloc reads from
/// `MIMALLOC_PURGE_DELAY`.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Keep freed memory in the process instead of handing it back to the OS
/// (unless `MIMALLOC_PURGE_DELAY` says otherwise). `compare` holds what it
/// reads to the end and frees each stage's scratch memory just before the
/// next stage asks for as much again: handed back, it was faulted in a
/// second time (a third of the page faults at a million statements, and
/// a fresh page costs this VM up to 10 microseconds).
fn keep_freed_memory() {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: mi_option_set stores a value in mimalloc's option table,
        // called here before the process starts any other thread; -1 is a
        // documented value of the option ("no purging at all").
        unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) }
    }
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
    // The documents move into the report (their texts, which the HTML and
    // Markdown reports show, are not copied).
    let report = engine.compare_documents_with_progress(docs, |done, total| {
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
    // The process ends here: freeing the report (the documents are in it)
    // one allocation at a time (millions of strings at a million statements,
    // seconds on one core) would only hand back memory the exit frees.
    std::mem::forget(report);
    Ok(())
}

#[cfg(test)]
mod tests {
    /// [`super::MI_OPTION_PURGE_DELAY`] is the option mimalloc reads from
    /// `MIMALLOC_PURGE_DELAY` (read when the process starts, so the test
    /// runs itself again with the variable set).
    #[test]
    fn the_option_number_is_mimallocs_purge_delay() {
        const CHILD: &str = "QUOTEGRAPH_TEST_PURGE_DELAY_CHILD";
        if std::env::var_os(CHILD).is_some() {
            // SAFETY: reads mimalloc's option table.
            let value = unsafe { libmimalloc_sys::mi_option_get(super::MI_OPTION_PURGE_DELAY) };
            assert_eq!(value, 4321);
            return;
        }
        let me = std::env::current_exe().expect("the test binary");
        let out = std::process::Command::new(me)
            .args([
                "--exact",
                "tests::the_option_number_is_mimallocs_purge_delay",
            ])
            .env(CHILD, "1")
            .env("MIMALLOC_PURGE_DELAY", "4321")
            .output()
            .expect("the test binary runs");
        let log = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{log}");
        assert!(log.contains("1 passed"), "the child ran the test: {log}");
    }
}
