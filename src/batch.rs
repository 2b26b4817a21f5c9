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

use reglament::{output, Document, Severity};

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
                summary.files += 1;
                summary.regulations += parsed.regulations;
                summary.steps += parsed.steps;
                summary.warnings += parsed.warnings;
                summary.bytes += parsed.bytes;
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

/// Reads, parses and renders one input on a worker. A panic of the library
/// is caught and reported as this input's error, so that the other inputs
/// still come out (and the writer, waiting for this one, is not left
/// waiting).
fn parse_one(input: &Input, settings: Settings) -> Result<Parsed, String> {
    let name = input.name();
    let bytes = read_input(input, settings.max_file_size)?;
    let caught = panic::catch_unwind(AssertUnwindSafe(|| {
        let doc = match reglament::parse(&bytes, &name) {
            Ok(doc) => doc,
            Err(e) => return Err(decode_message(&name, &bytes, &e)),
        };
        let len = bytes.len();
        // The input is not needed to write the document: freed before the
        // output, the largest thing held, is made.
        drop(bytes);
        let rendered = render(&doc, len, settings).map_err(|e| format!("{name}: {e}"))?;
        Ok(Parsed {
            rendered,
            diagnostics: diagnostic_lines(&doc, settings.quiet, settings.verbose),
            regulations: doc.regulations.len(),
            steps: doc.regulations.iter().map(|r| r.steps.len()).sum(),
            warnings: doc
                .diagnostics
                .iter()
                .filter(|d| d.severity != Severity::Info)
                .count(),
            bytes: len as u64,
        })
    }));
    caught.unwrap_or_else(|payload| {
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

/// One document in the output format. A JSON array's element is indented
/// one level, so that the whole is what `serde_json::to_string_pretty` gives
/// for the array (a pretty document's line breaks are all between tokens:
/// a newline inside a string is escaped).
fn render(
    doc: &Document,
    input_len: usize,
    settings: Settings,
) -> Result<Vec<u8>, serde_json::Error> {
    // Pretty JSON comes to about five times the input: reserved at once, the
    // buffer is not copied as it grows (a copy would hold it twice).
    let mut buf = Vec::with_capacity(input_len.saturating_mul(5));
    match settings.format {
        Format::Jsonl => {
            serde_json::to_writer(&mut buf, doc)?;
            buf.push(b'\n');
        }
        Format::Json if settings.many => {
            let mut pretty = Vec::new();
            serde_json::to_writer_pretty(&mut pretty, doc)?;
            buf.reserve(pretty.len() + pretty.len() / 16);
            buf.extend_from_slice(b"  ");
            for &b in &pretty {
                buf.push(b);
                if b == b'\n' {
                    buf.extend_from_slice(b"  ");
                }
            }
        }
        Format::Json => {
            serde_json::to_writer_pretty(&mut buf, doc)?;
            buf.push(b'\n');
        }
        Format::Outline => buf = output::outline(doc).into_bytes(),
    }
    Ok(buf)
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
        out.write_all(if self.elements == 0 { b"[\n" } else { b",\n" })?;
        out.write_all(element)?;
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
