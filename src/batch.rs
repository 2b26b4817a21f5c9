//! `reglament parse` over many inputs (part of the binary, declared in
//! main.rs; not the library): files are read, parsed and rendered on a pool
//! of worker threads, and written by the calling thread in input order (the
//! sorted paths of a folder), so that the output is the same whatever the
//! number of threads.
//!
//! Memory is bounded by the window of inputs in flight (twice the number of
//! threads), not by the folder: a rendered document is written and dropped
//! as soon as every input before it has been written. Rendering happens on
//! the workers because serializing JSON is a large share of the cost, and
//! one writer thread would otherwise be the bottleneck.

use std::collections::BTreeMap;
use std::io::{self, IsTerminal, Write};
use std::panic::{self, AssertUnwindSafe};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use reglament::{json, output, Document, Severity};

use crate::{decode_message, read_input, Format, Input};

/// How a batch is run: the choices of `parse` that the workers need.
#[derive(Clone, Copy)]
pub struct Settings {
    pub format: Format,
    /// JSON as one array of documents (several inputs or a folder).
    pub many: bool,
    pub quiet: bool,
    pub verbose: bool,
    pub max_file_size: u64,
    pub jobs: usize,
    /// The process ends once `run` returns (the command line), so the tree
    /// of a single input is left to the system rather than freed node by
    /// node. A library caller that runs again keeps this `false`.
    pub exits_after: bool,
}

/// What a run did, for the summary line and the exit code.
#[derive(Debug, Default, Clone, Copy)]
pub struct Summary {
    /// Inputs parsed and written.
    pub files: usize,
    pub regulations: usize,
    pub steps: usize,
    /// Warning (and error) diagnostics of the parsed inputs.
    pub warnings: usize,
    /// Inputs that could not be read, decoded or rendered.
    pub errors: usize,
    /// Bytes of the parsed inputs.
    pub bytes: u64,
}

impl Summary {
    /// `5 files, 16 regulations, 131 steps, 42 warnings, 0 errors, 0.35 MB in
    /// 0.06 s (5.8 MB/s)`.
    pub fn line(&self, elapsed: Duration) -> String {
        let mb = self.bytes as f64 / 1e6;
        let seconds = elapsed.as_secs_f64();
        let rate = if seconds > 0.0 { mb / seconds } else { 0.0 };
        format!(
            "{} {}, {} {}, {} {}, {} {}, {} {}, {mb:.2} MB in {seconds:.2} s ({rate:.1} MB/s)",
            self.files,
            plural(self.files, "file", "files"),
            self.regulations,
            plural(self.regulations, "regulation", "regulations"),
            self.steps,
            plural(self.steps, "step", "steps"),
            self.warnings,
            plural(self.warnings, "warning", "warnings"),
            self.errors,
            plural(self.errors, "error", "errors"),
        )
    }
}

impl Summary {
    /// Counts one input parsed and written.
    fn add(&mut self, parsed: &Parsed) {
        self.files += 1;
        self.regulations += parsed.regulations;
        self.steps += parsed.steps;
        self.warnings += parsed.warnings;
        self.bytes += parsed.bytes;
    }
}

fn plural(n: usize, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 {
        one
    } else {
        many
    }
}

/// One input done by a worker.
struct Parsed {
    /// The document in the output format, ready to be written.
    rendered: Vec<u8>,
    /// Its diagnostic lines for standard error (empty with `--quiet`).
    diagnostics: String,
    regulations: usize,
    steps: usize,
    warnings: usize,
    bytes: u64,
}

/// Parses `inputs` and writes their documents to `out` in input order;
/// problems with an input go to standard error as they are reached and the
/// input is skipped. Fails only when `out` cannot be written (a closed pipe
/// included: the caller decides that it is no error).
pub fn run(inputs: Vec<Input>, settings: Settings, out: &mut dyn Write) -> io::Result<Summary> {
    if let [input] = inputs.as_slice() {
        return run_one(input, settings, out);
    }
    let started = Instant::now();
    let progress = Progress::new(inputs.len() as u64, settings.quiet);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(settings.jobs)
        .thread_name(|i| format!("reglament-parse-{i}"))
        .build()
        .map_err(io::Error::other)?;

    let total = inputs.len();
    let window = settings.jobs.max(1) * 2;
    let (done, results) = mpsc::channel::<(usize, Result<Parsed, String>)>();
    let mut pending = inputs.into_iter().enumerate();
    let mut spawned = 0;
    let mut waiting: BTreeMap<usize, Result<Parsed, String>> = BTreeMap::new();
    let mut array = ArrayWriter::default();
    let mut summary = Summary::default();

    for next in 0..total {
        // Keep the window full: never more than `window` inputs between the
        // next one to write and the last one started.
        while spawned < total && spawned < next + window {
            if let Some((index, input)) = pending.next() {
                let done = done.clone();
                pool.spawn(move || {
                    let result = parse_one(&input, settings);
                    // The receiver is gone only when writing failed and the
                    // run is over: nothing left to tell.
                    let _ = done.send((index, result));
                });
            }
            spawned += 1;
        }
        let result = loop {
            if let Some(result) = waiting.remove(&next) {
                break result;
            }
            match results.recv() {
                Ok((index, result)) => {
                    waiting.insert(index, result);
                }
                // Every worker sends exactly once (a panic is caught), and
                // `done` is still held here, so this does not happen.
                Err(_) => return Err(io::Error::other("a worker thread was lost")),
            }
        };
        match result {
            Ok(parsed) => {
                if !parsed.diagnostics.is_empty() {
                    progress.say(&parsed.diagnostics);
                }
                if settings.format == Format::Json && settings.many {
                    array.element(out, &parsed.rendered)?;
                } else {
                    out.write_all(&parsed.rendered)?;
                }
                summary.add(&parsed);
            }
            Err(message) => {
                progress.say(&format!("reglament: error: {message}\n"));
                summary.errors += 1;
            }
        }
        progress.advance(summary.bytes, started.elapsed());
    }
    if settings.format == Format::Json && settings.many {
        // No documents and a failure: nothing at all, not an empty array
        // (the caller then leaves no output file).
        if summary.files > 0 || summary.errors == 0 {
            array.finish(out)?;
        }
    }
    out.flush()?;
    progress.finish();
    Ok(summary)
}

/// Reads, parses and renders one input on a worker.
fn parse_one(input: &Input, settings: Settings) -> Result<Parsed, String> {
    let (doc, len) = read_and_parse(input, settings)?;
    let name = &doc.source.path;
    let mut rendered = Vec::new();
    guarded(name, || {
        // Pretty JSON comes to about five times the input: reserved at
        // once, the buffer is not copied as it grows (a copy would hold it
        // twice).
        rendered.reserve(len.saturating_mul(5));
        render(&doc, settings, &mut rendered).map_err(|e| format!("{name}: {e}"))
    })?;
    Ok(Parsed {
        rendered,
        ..facts(&doc, len, settings)
    })
}

/// One input alone, on the calling thread: parsed, then its document
/// written straight into `out` as it is serialized. No rendered copy of the
/// document is held beside its tree, so that the peak memory of one big
/// file is the tree's. Nothing reaches `out` unless the input parsed.
fn run_one(input: &Input, settings: Settings, out: &mut dyn Write) -> io::Result<Summary> {
    let started = Instant::now();
    let progress = Progress::new(1, settings.quiet);
    let mut summary = Summary::default();
    match read_and_parse(input, settings) {
        Ok((doc, len)) => {
            let parsed = facts(&doc, len, settings);
            if !parsed.diagnostics.is_empty() {
                progress.say(&parsed.diagnostics);
            }
            let mut array = ArrayWriter::default();
            if settings.format == Format::Json && settings.many {
                array.start_element(out)?;
            }
            render(&doc, settings, out)?;
            if settings.format == Format::Json && settings.many {
                array.finish(out)?;
            }
            summary.add(&parsed);
            if settings.exits_after {
                // The system takes the memory back at once, while freeing a
                // tree of a million nodes one allocation at a time was a
                // twentieth of the run (rustc leaves its tables the same way).
                std::mem::forget(doc);
            }
        }
        Err(message) => {
            progress.say(&format!("reglament: error: {message}\n"));
            summary.errors += 1;
        }
    }
    out.flush()?;
    progress.advance(summary.bytes, started.elapsed());
    progress.finish();
    Ok(summary)
}

/// Reads and parses one input. The input's bytes are freed before the
/// document is returned: rendering does not need them.
fn read_and_parse(input: &Input, settings: Settings) -> Result<(Document, usize), String> {
    let name = input.name();
    let bytes = read_input(input, settings.max_file_size)?;
    let len = bytes.len();
    guarded(&name, || {
        reglament::parse(&bytes, &name).map_err(|e| decode_message(&name, &bytes, &e))
    })
    .map(|doc| (doc, len))
}

/// Runs `work` for the input `name`. A panic of the library is caught and
/// reported as this input's error, so that the other inputs still come out
/// (and the writer, waiting for this one, is not left waiting).
fn guarded<T>(name: &str, work: impl FnOnce() -> Result<T, String>) -> Result<T, String> {
    panic::catch_unwind(AssertUnwindSafe(work)).unwrap_or_else(|payload| {
        let what = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(format!(
            "{name}: internal error, the parser panicked ({what}); please report this input"
        ))
    })
}

/// What the summary and standard error need of a parsed document (nothing
/// rendered yet).
fn facts(doc: &Document, len: usize, settings: Settings) -> Parsed {
    Parsed {
        rendered: Vec::new(),
        diagnostics: diagnostic_lines(doc, settings.quiet, settings.verbose),
        regulations: doc.regulations.len(),
        steps: doc.regulations.iter().map(|r| r.steps.len()).sum(),
        warnings: doc
            .diagnostics
            .iter()
            .filter(|d| d.severity != Severity::Info)
            .count(),
        bytes: len as u64,
    }
}

/// Writes one document in the output format. A JSON array's element is
/// indented one level, so that the whole is what
/// `serde_json::to_string_pretty` gives for the array (a pretty document's
/// line breaks are all between tokens: a newline inside a string is
/// escaped).
fn render(doc: &Document, settings: Settings, out: &mut dyn Write) -> io::Result<()> {
    match settings.format {
        Format::Jsonl => buffered(out, |b| {
            json::to_writer(&mut *b, doc)?;
            b.write_all(b"\n")
        }),
        Format::Json if settings.many => {
            let mut indented = Indented {
                out,
                at_line_start: true,
            };
            buffered(&mut indented, |b| Ok(json::to_writer_pretty(b, doc)?))
        }
        Format::Json => buffered(out, |b| {
            json::to_writer_pretty(&mut *b, doc)?;
            b.write_all(b"\n")
        }),
        Format::Outline => out.write_all(output::outline(doc).as_bytes()),
    }
}

/// Runs `write` on a buffer in front of `out`. [`json`] writes a document
/// in many small pieces (a key, a quote, a number); through a buffer of a
/// known type each is a copy, not a call through `dyn Write` (and, for
/// [`Indented`], not a scan for line ends).
fn buffered<W: Write>(
    out: W,
    write: impl FnOnce(&mut io::BufWriter<W>) -> io::Result<()>,
) -> io::Result<()> {
    let mut buffer = io::BufWriter::with_capacity(64 * 1024, out);
    write(&mut buffer)?;
    buffer.flush()
}

/// A writer that indents every line by two spaces (a document as an element
/// of an array).
struct Indented<'a> {
    out: &'a mut dyn Write,
    at_line_start: bool,
}

impl Write for Indented<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.write_all(buf)?;
        Ok(buf.len())
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        for line in buf.split_inclusive(|&b| b == b'\n') {
            if self.at_line_start {
                self.out.write_all(b"  ")?;
            }
            self.out.write_all(line)?;
            self.at_line_start = line.ends_with(b"\n");
        }
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// `file:line:col: severity[code]: message` lines of a document's
/// diagnostics; info-level ones only with `--verbose`, none with `--quiet`.
fn diagnostic_lines(doc: &Document, quiet: bool, verbose: bool) -> String {
    use std::fmt::Write as _;
    let mut lines = String::new();
    if quiet {
        return lines;
    }
    for d in &doc.diagnostics {
        if d.severity == Severity::Info && !verbose {
            continue;
        }
        let _ = writeln!(
            lines,
            "{}:{}:{}: {}[{}]: {}",
            doc.source.path,
            d.line,
            d.column,
            d.severity.name(),
            d.code,
            d.message
        );
    }
    lines
}

/// Writes a JSON array one element at a time: `[`, the elements separated by
/// `,` and a line break, `]` — or `[]` when there is none.
#[derive(Default)]
struct ArrayWriter {
    elements: usize,
}

impl ArrayWriter {
    fn element(&mut self, out: &mut dyn Write, element: &[u8]) -> io::Result<()> {
        self.start_element(out)?;
        out.write_all(element)
    }

    /// What goes before the next element.
    fn start_element(&mut self, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(if self.elements == 0 { b"[\n" } else { b",\n" })?;
        self.elements += 1;
        Ok(())
    }

    fn finish(&self, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(if self.elements == 0 {
            b"[]\n"
        } else {
            b"\n]\n"
        })
    }
}

/// The progress bar on standard error: only on a terminal and without
/// `--quiet`; lines printed meanwhile go above it.
struct Progress(Option<ProgressBar>);

impl Progress {
    fn new(files: u64, quiet: bool) -> Progress {
        if quiet || !io::stderr().is_terminal() {
            return Progress(None);
        }
        let bar = ProgressBar::with_draw_target(Some(files), ProgressDrawTarget::stderr());
        let style = ProgressStyle::with_template("{bar:30} {pos}/{len} files  {msg}  {elapsed}")
            .unwrap_or_else(|_| ProgressStyle::default_bar());
        bar.set_style(style);
        Progress(Some(bar))
    }

    fn say(&self, text: &str) {
        let print = || {
            let _ = io::stderr().lock().write_all(text.as_bytes());
        };
        match &self.0 {
            Some(bar) => bar.suspend(print),
            None => print(),
        }
    }

    fn advance(&self, bytes: u64, elapsed: Duration) {
        if let Some(bar) = &self.0 {
            bar.inc(1);
            let seconds = elapsed.as_secs_f64();
            if seconds > 0.0 {
                bar.set_message(format!(
                    "{:.1} MB  {:.1} MB/s",
                    bytes as f64 / 1e6,
                    bytes as f64 / 1e6 / seconds
                ));
            }
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}
