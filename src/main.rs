//! The `reglament` command: a thin layer over the library. `parse` reads
//! files, folders or standard input, writes JSON, JSON lines or an outline,
//! and reports problems as `file:line:col: severity[code]: message` on
//! stderr; `validate` checks JSON written by `parse` ([`validate`]); `show`
//! prints a summary of each regulation ([`show`]); `history` prints each
//! document's act and dated amendment timeline ([`history`]); `check` reports
//! the defects of regulation texts ([`lint`]) as rustc-style diagnostics
//! ([`report`]); `export` writes workflows as BPMN, Mermaid or DOT and
//! `render` draws them with an HTML page ([`export`]).
//!
//! Exit codes: 0 all inputs parsed (valid, shown, without findings); 1
//! `validate` found an invalid document, or `check` a finding at or above
//! `--min-severity`; 2 an input or the output failed (the other inputs are
//! still processed). A closed stdout (`| head`) ends the run quietly.

#![forbid(unsafe_code)]

// jemalloc, not the system's malloc: a tree is tens of thousands of small
// nodes and strings made and freed, and with jemalloc the pipeline runs
// 8-12 % faster (README, Speed). The library leaves the choice to its user.
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

use std::fs;
use std::io::{self, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

mod batch;

use clap::{Parser, Subcommand, ValueEnum};

use reglament::{diff, export, history, lint, report, show, validate, DecodeError, Severity};

/// The input size limit of `validate`, `show` and `history` (as `parse --max-file-size`'s default).
const DEFAULT_MAX_FILE_SIZE: u64 = 512 * 1024 * 1024;

#[derive(Parser)]
#[command(
    name = "reglament",
    version,
    about = "Kazakh state-service regulations and acts as validated, machine-readable JSON",
    after_help = "Examples:\n  reglament diff old.txt new.txt\n  reglament parse regulation.txt\n  reglament parse corpus/ --format jsonl -o out.jsonl\n  cat act.txt | reglament parse - --format outline\n  reglament validate out.jsonl\n  reglament show regulation.txt\n  reglament history act.txt\n  reglament check corpus/"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Parse regulation texts into the lossless document tree.
    #[command(
        after_help = "Examples:\n  reglament parse act.txt\n  reglament parse corpus/ --format outline\n  reglament parse a.txt b.txt -o both.json\n  reglament parse corpus/ --format jsonl -o corpus.jsonl\n  reglament parse - < act.txt\n\nExit codes: 0 every input parsed, 2 some input could not be read or decoded\n(the others are still written)."
    )]
    Parse(ParseArgs),
    /// Check JSON written by `parse` against the schema and the rules it
    /// cannot express.
    #[command(
        after_help = "Accepts one JSON document, an array of documents, or JSON lines (one document\nper line). Checks the JSON Schema (schema/reglament.schema.json, built in) and\nthe rules a schema cannot express: spans inside the input, the tree's leaves\ntiling the input in order, containers spanning their children, unique ids,\nworkflow references (actors, flow steps, tree nodes) that resolve, durations\nlonger than zero, alternatives pointing back, the nodes notes, stamps and\namendment instructions name (of the right kind), dates of the calendar.\n\nExamples:\n  reglament validate out.json\n  reglament parse corpus/ --format jsonl -o corpus.jsonl && reglament validate corpus.jsonl\n  reglament parse act.txt | reglament validate -\n  reglament validate -q *.json\n\nPrints `FILE: ok` for a valid file, else one `FILE: PATH: MESSAGE` per problem\n(`FILE:LINE: PATH: MESSAGE` for JSON lines).\n\nExit codes: 0 every document valid, 1 some document invalid, 2 a file could not\nbe read or is not JSON (`FILE:LINE:COL: …` on stderr)."
    )]
    Validate(ValidateArgs),
    /// Print a human-readable summary of each regulation: facts, actors,
    /// steps and flows.
    #[command(
        after_help = "Takes regulation texts (parsed on the fly) or JSON written by `parse` (a file\nstarting with `{` or `[` is read as JSON first).\n\nExamples:\n  reglament show regulation.txt\n  reglament show out.json --regulation app1/reg1\n  reglament parse corpus/ --format jsonl | reglament show -\n\nExit codes: 0 shown, 2 a file could not be read, decoded or parsed as JSON, or\n--regulation matched nothing."
    )]
    Show(ShowArgs),
    /// Print each document's act and a dated timeline of its adoption,
    /// registration, approvals, notes, amendment instructions and repeal.
    #[command(
        after_help = "Takes texts (parsed on the fly) or JSON written by `parse` (a file starting\nwith `{` or `[` is read as JSON first). The timeline is oldest first; entries\nof one day and entries without a date (last) keep the document's order. A note\nis dated by its amending act, an instruction by the act's own adoption.\n\nExamples:\n  reglament history act.txt\n  reglament history regulation.txt --format json\n  reglament parse corpus/ --format jsonl | reglament history -\n\nExit codes: 0 shown, 2 a file could not be read, decoded or parsed as JSON (the\nothers are still shown)."
    )]
    History(HistoryArgs),
    /// Check regulation texts for defects (numbering, item 5 against item 8,
    /// durations against the term, actors, results, references, headings)
    /// and report them as compiler-style diagnostics.
    #[command(
        after_help = "Each finding has a stable code (R001…); `--explain CODE` says what it means\nand what to do. Text output: `severity[code]: message`, `--> file:line:col`,\nthe source line with the span underlined, `= help: …`, and a summary line per\nfile (`FILE: 2 warnings, 1 note` or `FILE: no problems`; info is shown as\n`note`). JSON output: one array, `{file, findings, summary}` per file.\n\nExamples:\n  reglament check act.txt\n  reglament check corpus/ --quiet\n  reglament check corpus/ --min-severity info --color never\n  reglament check act.txt --format json\n  reglament check --explain R011\n\nExit codes: 0 nothing at or above --min-severity found, 1 something found, 2 an\ninput could not be read or decoded, or an unknown --explain code (the other\ninputs are still checked; 2 wins over 1)."
    )]
    Check(CheckArgs),
    /// Show what changed between two versions of a regulation: service
    /// facts, actors, steps, durations (semantic) and chapters, items,
    /// sub-items, steps (structural, with word diffs).
    #[command(
        after_help = "Each side is a text (parsed on the fly) or JSON written by `parse`. Regulations\nare matched by service name (the similarity is shown), tree nodes by kind and\nnumber with a fallback by text similarity (a renumbered item is `renumbered`, not\nremoved + added). Texts are compared normalized: wrapping, spacing, blank lines,\nCRLF and Latin homoglyphs are never changes.\n\nExamples:\n  reglament diff old.txt new.txt\n  reglament diff old.json new.txt --format json\n  reglament diff act.txt act.txt --old-regulation app1/reg1 --new-regulation app2/reg1\n  reglament diff old.txt new.txt --stat\n\nExit codes (as diff(1)): 0 no changes, 1 changes, 2 an input could not be read,\ndecoded or parsed as JSON, or --regulation matched nothing."
    )]
    Diff(DiffArgs),
    /// Export each regulation's workflow to BPMN 2.0, Mermaid or Graphviz DOT.
    #[command(
        after_help = "Takes a regulation text (parsed on the fly) or JSON written by `parse`. One\npool (BPMN), subgraph (Mermaid) or cluster (DOT) per regulation; a lane per\nperforming actor, `unassigned` for steps without one, one per electronic flow;\na task per step, an exclusive gateway per condition.\n\nExamples:\n  reglament export --to bpmn regulation.txt -o regulation.bpmn\n  reglament export --to mermaid out.json --regulation app1/reg1\n  reglament export --to dot act.txt | dot -Tsvg > act.svg\n\nExit codes: 0 written, 2 the input could not be read, decoded or parsed as JSON,\n--regulation matched nothing, or the output could not be written (no output\nfile is left behind)."
    )]
    Export(ExportArgs),
    /// Draw each regulation's workflow as SVG (with Graphviz) and write an
    /// index.html with its facts, picture and steps.
    #[command(
        after_help = "Takes a regulation text or JSON written by `parse`. Writes DIR/<id>.svg per\nregulation (`app1/reg1` -> app1_reg1.svg) and DIR/index.html. Needs Graphviz's\n`dot` on the PATH.\n\nExamples:\n  reglament render act.txt -o act-pictures\n\nExit codes: 0 written, 2 the input could not be read or parsed, `dot` is missing\nor failed, or a file could not be written."
    )]
    Render(RenderArgs),
}

#[derive(clap::Args)]
struct DiffArgs {
    /// The old version: a regulation text or JSON written by `parse`
    /// (`-` for standard input).
    old: String,

    /// The new version, likewise.
    new: String,

    /// Compare only this regulation on both sides: an id (`app2/reg1`) or a
    /// service name (whole, or a unique part of it).
    #[arg(short, long, value_name = "ID|NAME")]
    regulation: Option<String>,

    /// Only this regulation of the old side (overrides --regulation).
    #[arg(long, value_name = "ID|NAME")]
    old_regulation: Option<String>,

    /// Only this regulation of the new side (overrides --regulation).
    #[arg(long, value_name = "ID|NAME")]
    new_regulation: Option<String>,

    /// text: a report grouped by regulation and chapter; json: the diff as
    /// one object (schema/diff.schema.json).
    #[arg(short, long, value_enum, default_value_t = DiffFormat::Text)]
    format: DiffFormat,

    /// Print one line per regulation: `OLD ↔ NEW: N semantic, M structural`.
    #[arg(long, conflicts_with = "format")]
    stat: bool,

    /// Colour the text report: auto (when standard output is a terminal and
    /// NO_COLOR is not set), always, never.
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum DiffFormat {
    Text,
    Json,
}

#[derive(clap::Args)]
struct ExportArgs {
    /// A regulation text or JSON written by `parse`, or `-` for standard input.
    input: String,

    /// The output format.
    #[arg(long, value_enum)]
    to: ExportFormat,

    /// Export only the regulation with this id (`reg1`, `app2/reg1`).
    #[arg(short, long, value_name = "ID")]
    regulation: Option<String>,

    /// Write the output to this file (atomically) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ExportFormat {
    Bpmn,
    Mermaid,
    Dot,
}

#[derive(clap::Args)]
struct RenderArgs {
    /// A regulation text or JSON written by `parse`, or `-` for standard input.
    input: String,

    /// The folder to write the SVGs and index.html into (made if missing).
    #[arg(short, long, value_name = "DIR")]
    output: PathBuf,

    /// Render only the regulation with this id.
    #[arg(short, long, value_name = "ID")]
    regulation: Option<String>,
}

#[derive(clap::Args)]
struct CheckArgs {
    /// Regulation texts, folders (searched recursively for *.txt) or `-` for
    /// standard input.
    #[arg(required_unless_present = "explain", conflicts_with = "explain")]
    inputs: Vec<String>,

    /// text: diagnostics with source snippets and a summary line per file;
    /// json: one array, an object `{file, findings, summary}` per file.
    #[arg(short, long, value_enum, default_value_t = CheckFormat::Text)]
    format: CheckFormat,

    /// Show and count only findings of this severity or above (info is
    /// printed as `note`).
    #[arg(long, value_enum, value_name = "SEVERITY", default_value_t = MinSeverity::Warning)]
    min_severity: MinSeverity,

    /// Colour the text output: auto (when standard output is a terminal and
    /// NO_COLOR is not set), always, never.
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorChoice::Auto)]
    color: ColorChoice,

    /// Print only the summary line of each file (text output).
    #[arg(short, long)]
    quiet: bool,

    /// Print what a finding code (`R004`) means and what to do about it.
    #[arg(long, value_name = "CODE")]
    explain: Option<String>,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum CheckFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum MinSeverity {
    Info,
    Warning,
    Error,
}

impl MinSeverity {
    fn severity(self) -> Severity {
        match self {
            MinSeverity::Info => Severity::Info,
            MinSeverity::Warning => Severity::Warning,
            MinSeverity::Error => Severity::Error,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    fn enabled(self) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            // https://no-color.org: a non-empty NO_COLOR turns colour off.
            ColorChoice::Auto => {
                io::stdout().is_terminal()
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        }
    }
}

#[derive(clap::Args)]
struct ValidateArgs {
    /// JSON files written by `parse` (a document, an array, or JSON lines), or
    /// `-` for standard input.
    #[arg(required = true)]
    inputs: Vec<String>,

    /// Print nothing for valid files, only problems and errors.
    #[arg(short, long)]
    quiet: bool,
}

#[derive(clap::Args)]
struct ShowArgs {
    /// Regulation texts or JSON written by `parse`, or `-` for standard input.
    #[arg(required = true)]
    inputs: Vec<String>,

    /// Show only the regulation with this id (`reg1`, `app2/reg1`).
    #[arg(short, long, value_name = "ID")]
    regulation: Option<String>,
}

#[derive(clap::Args)]
struct HistoryArgs {
    /// Texts or JSON written by `parse`, or `-` for standard input.
    #[arg(required = true)]
    inputs: Vec<String>,

    /// text: the act and an aligned timeline per document; json: one array,
    /// an object `{source, act, timeline}` per document.
    #[arg(short, long, value_enum, default_value_t = HistoryFormat::Text)]
    format: HistoryFormat,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum HistoryFormat {
    Text,
    Json,
}

#[derive(clap::Args)]
struct ParseArgs {
    /// Files, folders (searched recursively for *.txt) or `-` for standard input.
    #[arg(default_value = "-")]
    inputs: Vec<String>,

    /// Write the output to this file (atomically) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,

    /// json: one pretty document, an array when several inputs; jsonl: one
    /// document per line; outline: an indented view of the tree.
    #[arg(short, long, value_enum, default_value_t = Format::Json)]
    format: Format,

    /// Print no diagnostics, only errors.
    #[arg(short, long)]
    quiet: bool,

    /// Print info-level diagnostics too (repairs made by the normalizer).
    #[arg(short, long)]
    verbose: bool,

    /// Refuse inputs larger than this many bytes (at most 2 GiB less one
    /// byte: the source map keeps offsets in 32 bits).
    #[arg(
        long,
        value_name = "BYTES",
        default_value_t = DEFAULT_MAX_FILE_SIZE,
        value_parser = clap::value_parser!(u64).range(1..=reglament::decode::MAX_INPUT as u64)
    )]
    max_file_size: u64,

    /// Parse this many inputs at a time (default: one per core). The output
    /// is the same for any number.
    #[arg(short, long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    jobs: Option<u16>,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Json,
    Jsonl,
    Outline,
}

/// One input to read.
enum Input {
    Stdin,
    File(PathBuf),
}

impl Input {
    fn name(&self) -> String {
        match self {
            Input::Stdin => "-".to_owned(),
            Input::File(p) => p.display().to_string(),
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Parse(args) => parse_command(args),
        Command::Validate(args) => validate_command(args),
        Command::Show(args) => show_command(args),
        Command::History(args) => history_command(args),
        Command::Check(args) => check_command(args),
        Command::Diff(args) => diff_command(args),
        Command::Export(args) => export_command(args),
        Command::Render(args) => render_command(args),
    }
}

fn parse_command(args: ParseArgs) -> ExitCode {
    let mut failed = false;
    let (inputs, saw_folder) = collect_inputs(&args.inputs, &mut failed);
    let settings = batch::Settings {
        format: args.format,
        many: inputs.len() > 1 || saw_folder,
        quiet: args.quiet,
        verbose: args.verbose,
        max_file_size: args.max_file_size,
        jobs: args.jobs.map(usize::from).unwrap_or_else(|| {
            std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
        }),
        exits_after: true,
    };
    // The summary is for batch work (several inputs, a folder, a progress
    // bar); one document piped through stays free of it.
    let summarize = !args.quiet && (settings.many || io::stderr().is_terminal());
    let started = std::time::Instant::now();
    let outcome = match &args.output {
        Some(path) => write_atomically(path, |out| {
            let summary = batch::run(inputs, settings, out)?;
            // No document and a failure: no empty or half-made output file.
            Ok((summary, summary.files > 0 || summary.errors == 0))
        }),
        None => {
            let stdout = io::stdout();
            let mut out = io::BufWriter::with_capacity(1 << 16, stdout.lock());
            match batch::run(inputs, settings, &mut out) {
                Ok(summary) => Ok(summary),
                // A reader that went away (`| head`) is not an error: the
                // run ends quietly.
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                    return if failed {
                        ExitCode::from(2)
                    } else {
                        ExitCode::SUCCESS
                    };
                }
                Err(e) => Err(format!("writing standard output: {}", io_message(&e))),
            }
        }
    };
    let summary = match outcome {
        Ok(summary) => summary,
        Err(message) => {
            error(&message);
            return ExitCode::from(2);
        }
    };
    if summarize {
        let _ = writeln!(
            io::stderr(),
            "reglament: {}",
            summary.line(started.elapsed())
        );
    }
    if failed || summary.errors > 0 {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}

/// The inputs named on the command line: `-`, files, and the `*.txt` under
/// folders (sorted); whether a folder was among them. An argument that does
/// not exist is reported and sets `failed`.
fn collect_inputs(args: &[String], failed: &mut bool) -> (Vec<Input>, bool) {
    let mut inputs = Vec::new();
    let mut saw_folder = false;
    for arg in args {
        if arg == "-" {
            inputs.push(Input::Stdin);
            continue;
        }
        let path = PathBuf::from(arg);
        match fs::metadata(&path) {
            Ok(meta) if meta.is_dir() => {
                saw_folder = true;
                let mut found = Vec::new();
                let mut visited = Vec::new();
                collect_texts(&path, &mut found, &mut visited, failed);
                found.sort();
                inputs.extend(found.into_iter().map(Input::File));
            }
            Ok(_) => inputs.push(Input::File(path)),
            Err(e) => {
                error(&format!("{arg}: {}", io_message(&e)));
                *failed = true;
            }
        }
    }
    (inputs, saw_folder)
}

fn check_command(args: CheckArgs) -> ExitCode {
    if let Some(code) = &args.explain {
        return match lint::rule(&code.trim().to_ascii_uppercase()) {
            Some(rule) => match write_stdout(report::explain(rule).as_bytes()) {
                Ok(()) => ExitCode::SUCCESS,
                Err(message) => {
                    error(&message);
                    ExitCode::from(2)
                }
            },
            None => {
                let (first, last) = match (lint::RULES.first(), lint::RULES.last()) {
                    (Some(f), Some(l)) => (f.code, l.code),
                    _ => ("", ""),
                };
                error(&format!(
                    "no rule {code:?}: the codes are {first} to {last}"
                ));
                ExitCode::from(2)
            }
        };
    }
    let min = args.min_severity.severity();
    let color = args.color.enabled();
    let mut failed = false;
    let (inputs, _) = collect_inputs(&args.inputs, &mut failed);
    let (mut found, mut written) = (false, 0);
    let mut reports = Vec::new();
    for input in &inputs {
        let name = input.name();
        let bytes = match read_input(input, DEFAULT_MAX_FILE_SIZE) {
            Ok(bytes) => bytes,
            Err(message) => {
                error(&message);
                failed = true;
                continue;
            }
        };
        let doc = match reglament::parse(&bytes, &name) {
            Ok(doc) => doc,
            Err(e) => {
                error(&decode_message(&name, &bytes, &e));
                failed = true;
                continue;
            }
        };
        let mut findings = report::at_least(lint::check(&doc), min);
        report::place(&mut findings, &bytes);
        let file = report::FileReport::new(&name, findings);
        found |= file.summary.total() > 0;
        match args.format {
            // One array over all files: written when the last is checked.
            CheckFormat::Json => reports.push(file),
            // Each file as soon as it is checked, so that a long run shows
            // progress.
            CheckFormat::Text => {
                let mut shown = String::new();
                if !args.quiet {
                    // A blank line between one file's summary and the next
                    // file's diagnostics.
                    if written > 0 {
                        shown.push('\n');
                    }
                    shown.push_str(&report::text(&name, &bytes, &file.findings, color));
                }
                written += 1;
                shown.push_str(&file.summary.line(&name));
                shown.push('\n');
                if let Err(message) = write_stdout(shown.as_bytes()) {
                    error(&message);
                    return ExitCode::from(2);
                }
            }
        }
    }
    if args.format == CheckFormat::Json {
        if let Err(message) = write_stdout(report::json(&reports).as_bytes()) {
            error(&message);
            return ExitCode::from(2);
        }
    }
    if failed {
        ExitCode::from(2)
    } else if found {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn validate_command(args: ValidateArgs) -> ExitCode {
    let validator = match validate::Validator::new() {
        Ok(v) => v,
        Err(message) => {
            error(&message);
            return ExitCode::from(2);
        }
    };
    let (mut failed, mut invalid) = (false, false);
    for arg in &args.inputs {
        let input = input_of(arg);
        let name = input.name();
        let bytes = match read_input(&input, DEFAULT_MAX_FILE_SIZE) {
            Ok(bytes) => bytes,
            Err(message) => {
                error(&message);
                failed = true;
                continue;
            }
        };
        let report = match validator.file(&bytes) {
            Ok(report) => report,
            Err(e) => {
                error(&format!("{name}:{e}"));
                failed = true;
                continue;
            }
        };
        let mut shown = String::new();
        if report.problems.is_empty() {
            if !args.quiet {
                shown.push_str(&format!("{name}: ok\n"));
            }
        } else {
            invalid = true;
            for problem in &report.problems {
                shown.push_str(&format!("{name}:{}{problem}\n", sep(problem)));
            }
        }
        if let Err(message) = write_stdout(shown.as_bytes()) {
            error(&message);
            return ExitCode::from(2);
        }
    }
    if failed {
        ExitCode::from(2)
    } else if invalid {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// `FILE: path: …` but `FILE:LINE: path: …`, like a compiler's position.
fn sep(problem: &validate::Problem) -> &'static str {
    if problem.line.is_some() {
        ""
    } else {
        " "
    }
}

fn show_command(args: ShowArgs) -> ExitCode {
    let mut failed = false;
    let mut matched = 0;
    let mut shown = String::new();
    for arg in &args.inputs {
        let input = input_of(arg);
        let name = input.name();
        let bytes = match read_input(&input, DEFAULT_MAX_FILE_SIZE) {
            Ok(bytes) => bytes,
            Err(message) => {
                error(&message);
                failed = true;
                continue;
            }
        };
        let documents = match show::load(&bytes, &name) {
            Ok(documents) => documents,
            Err(show::LoadError::Json(e)) => {
                error(&format!("{name}:{e}"));
                failed = true;
                continue;
            }
            Err(show::LoadError::Decode(e)) => {
                error(&decode_message(&name, &bytes, &e));
                failed = true;
                continue;
            }
        };
        for doc in &documents {
            let rendered = show::render(doc, args.regulation.as_deref());
            matched += rendered.regulations;
            if rendered.regulations > 0 || args.regulation.is_none() {
                if !shown.is_empty() {
                    shown.push('\n');
                }
                shown.push_str(&rendered.text);
            }
        }
    }
    if let Err(message) = write_stdout(shown.as_bytes()) {
        error(&message);
        return ExitCode::from(2);
    }
    if let Some(id) = &args.regulation {
        if matched == 0 && !failed {
            error(&format!("no regulation {id:?} in the input"));
            return ExitCode::from(2);
        }
    }
    if failed {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}

fn history_command(args: HistoryArgs) -> ExitCode {
    let mut failed = false;
    let mut histories = Vec::new();
    for arg in &args.inputs {
        let input = input_of(arg);
        let name = input.name();
        let bytes = match read_input(&input, DEFAULT_MAX_FILE_SIZE) {
            Ok(bytes) => bytes,
            Err(message) => {
                error(&message);
                failed = true;
                continue;
            }
        };
        match show::load(&bytes, &name) {
            Ok(documents) => histories.extend(documents.iter().map(history::history)),
            Err(show::LoadError::Json(e)) => {
                error(&format!("{name}:{e}"));
                failed = true;
            }
            Err(show::LoadError::Decode(e)) => {
                error(&decode_message(&name, &bytes, &e));
                failed = true;
            }
        }
    }
    let rendered = match args.format {
        HistoryFormat::Json => history::render_json(&histories),
        HistoryFormat::Text => histories
            .iter()
            .map(history::render_text)
            .collect::<Vec<_>>()
            .join("\n"),
    };
    if let Err(message) = write_stdout(rendered.as_bytes()) {
        error(&message);
        return ExitCode::from(2);
    }
    if failed {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}

fn diff_command(args: DiffArgs) -> ExitCode {
    let (old, new) = (input_of(&args.old), input_of(&args.new));
    if matches!((&old, &new), (Input::Stdin, Input::Stdin)) {
        error("only one side can be standard input");
        return ExitCode::from(2);
    }
    let Some(old_side) = load_side(&old) else {
        return ExitCode::from(2);
    };
    let Some(new_side) = load_side(&new) else {
        return ExitCode::from(2);
    };
    let (old_name, new_name) = (old.name(), new.name());
    let both = args.regulation.as_deref();
    let result = diff::diff(
        &diff::Side {
            name: &old_name,
            documents: &old_side.1,
            bytes: &old_side.0,
            regulation: args.old_regulation.as_deref().or(both),
        },
        &diff::Side {
            name: &new_name,
            documents: &new_side.1,
            bytes: &new_side.0,
            regulation: args.new_regulation.as_deref().or(both),
        },
    );
    let found = match result {
        Ok(found) => found,
        Err(e) => {
            error(&e.to_string());
            return ExitCode::from(2);
        }
    };
    let rendered = if args.stat {
        diff::render::stat(&found)
    } else {
        match args.format {
            DiffFormat::Json => diff::render::json(&found),
            DiffFormat::Text => diff::render::text(&found, args.color.enabled()),
        }
    };
    if let Err(message) = write_stdout(rendered.as_bytes()) {
        error(&message);
        return ExitCode::from(2);
    }
    if found.has_changes() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// One side of `diff`: its bytes and documents, or `None` after the error
/// was reported.
fn load_side(input: &Input) -> Option<(Vec<u8>, Vec<serde_json::Value>)> {
    let name = input.name();
    let bytes = match read_input(input, DEFAULT_MAX_FILE_SIZE) {
        Ok(bytes) => bytes,
        Err(message) => {
            error(&message);
            return None;
        }
    };
    match show::load(&bytes, &name) {
        Ok(documents) if documents.is_empty() => {
            error(&format!("{name}: no documents"));
            None
        }
        Ok(documents) => Some((bytes, documents)),
        Err(show::LoadError::Json(e)) => {
            error(&format!("{name}:{e}"));
            None
        }
        Err(show::LoadError::Decode(e)) => {
            error(&decode_message(&name, &bytes, &e));
            None
        }
    }
}

/// The documents of one input and the graphs of their regulations (only
/// `--regulation`'s, when given); an error message when none.
fn load_graphs(
    arg: &str,
    regulation: Option<&str>,
) -> Result<(String, Vec<serde_json::Value>, Vec<export::Graph>), String> {
    let input = input_of(arg);
    let name = input.name();
    let bytes = read_input(&input, DEFAULT_MAX_FILE_SIZE)?;
    let documents = match show::load(&bytes, &name) {
        Ok(documents) => documents,
        Err(show::LoadError::Json(e)) => return Err(format!("{name}:{e}")),
        Err(show::LoadError::Decode(e)) => return Err(decode_message(&name, &bytes, &e)),
    };
    let graphs: Vec<export::Graph> = documents
        .iter()
        .flat_map(|d| export::graphs(d, regulation))
        .collect();
    if let Some(id) = regulation {
        if graphs.is_empty() {
            return Err(format!("{name}: no regulation {id:?} in the input"));
        }
    }
    Ok((name, documents, graphs))
}

fn export_command(args: ExportArgs) -> ExitCode {
    let (_, _, graphs) = match load_graphs(&args.input, args.regulation.as_deref()) {
        Ok(loaded) => loaded,
        Err(message) => {
            error(&message);
            return ExitCode::from(2);
        }
    };
    let rendered = match args.to {
        ExportFormat::Bpmn => export::bpmn::write(&graphs),
        ExportFormat::Mermaid => export::mermaid::write(&graphs),
        ExportFormat::Dot => export::dot::write(&graphs),
    };
    let written = match &args.output {
        Some(path) => write_bytes_atomically(path, rendered.as_bytes()),
        None => write_stdout(rendered.as_bytes()),
    };
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            error(&message);
            ExitCode::from(2)
        }
    }
}

fn render_command(args: RenderArgs) -> ExitCode {
    let (name, documents, _) = match load_graphs(&args.input, args.regulation.as_deref()) {
        Ok(loaded) => loaded,
        Err(message) => {
            error(&message);
            return ExitCode::from(2);
        }
    };
    // Every picture is drawn before anything is written, so that a failing
    // `dot` leaves no half-filled folder.
    let mut pictures = Vec::new();
    let mut entries = Vec::new();
    for (d, doc) in documents.iter().enumerate() {
        let workflows = export::regulations(doc, args.regulation.as_deref());
        let graphs = export::graphs(doc, args.regulation.as_deref());
        for (workflow, graph) in workflows.into_iter().zip(graphs) {
            let svg = match export::dot::svg(&export::dot::write(std::slice::from_ref(&graph))) {
                Ok(svg) => svg,
                Err(message) => {
                    error(&format!("{name}: {message}"));
                    return ExitCode::from(2);
                }
            };
            // Regulation ids repeat across the documents of a JSON array.
            let file = if documents.len() > 1 {
                format!("doc{}_{}.svg", d + 1, graph.id)
            } else {
                format!("{}.svg", graph.id)
            };
            pictures.push((file.clone(), svg));
            entries.push(export::html::Entry {
                workflow,
                picture: file,
            });
        }
    }
    let page = export::html::page(&name, &entries);
    if let Err(e) = fs::create_dir_all(&args.output) {
        error(&format!("{}: {}", args.output.display(), io_message(&e)));
        return ExitCode::from(2);
    }
    for (file, svg) in &pictures {
        if let Err(message) = write_bytes_atomically(&args.output.join(file), svg.as_bytes()) {
            error(&message);
            return ExitCode::from(2);
        }
    }
    if let Err(message) = write_bytes_atomically(&args.output.join("index.html"), page.as_bytes()) {
        error(&message);
        return ExitCode::from(2);
    }
    ExitCode::SUCCESS
}

fn input_of(arg: &str) -> Input {
    if arg == "-" {
        Input::Stdin
    } else {
        Input::File(PathBuf::from(arg))
    }
}

/// Every `*.txt` under `dir`, not following symlinked folders twice (a
/// symlink loop ends here rather than running forever).
fn collect_texts(
    dir: &Path,
    found: &mut Vec<PathBuf>,
    visited: &mut Vec<PathBuf>,
    failed: &mut bool,
) {
    let canonical = match fs::canonicalize(dir) {
        Ok(c) => c,
        Err(e) => {
            error(&format!("{}: {}", dir.display(), io_message(&e)));
            *failed = true;
            return;
        }
    };
    if visited.contains(&canonical) {
        return;
    }
    visited.push(canonical);
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            error(&format!("{}: {}", dir.display(), io_message(&e)));
            *failed = true;
            return;
        }
    };
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                error(&format!("{}: {}", dir.display(), io_message(&e)));
                *failed = true;
                continue;
            }
        };
        let path = entry.path();
        let text = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("txt"));
        match fs::metadata(&path) {
            Ok(meta) if meta.is_dir() => collect_texts(&path, found, visited, failed),
            Ok(meta) if meta.is_file() => {
                if text {
                    found.push(path);
                }
            }
            // A FIFO, socket or device named `*.txt`: reading a FIFO would
            // wait forever for a writer. Named on the command line it is
            // read (`parse <(…)`), found in a folder it is reported.
            Ok(_) => {
                if text {
                    error(&format!("{}: not a regular file, skipped", path.display()));
                    *failed = true;
                }
            }
            // A broken link or an entry that cannot be examined matters only
            // when it would have been an input.
            Err(e) => {
                if text {
                    error(&format!("{}: {}", path.display(), io_message(&e)));
                    *failed = true;
                }
            }
        }
    }
}

fn read_input(input: &Input, max: u64) -> Result<Vec<u8>, String> {
    let name = input.name();
    let mut bytes = Vec::new();
    let result = match input {
        Input::Stdin => io::stdin().lock().take(max + 1).read_to_end(&mut bytes),
        Input::File(path) => {
            let file = fs::File::open(path).map_err(|e| format!("{name}: {}", io_message(&e)))?;
            if let Ok(meta) = file.metadata() {
                if meta.len() > max {
                    return Err(format!(
                        "{name}: file is {} bytes, over the limit of {max} (raise it with --max-file-size)",
                        meta.len()
                    ));
                }
                // Read into one buffer of the file's size, not one grown by
                // doubling (a copy of the input per doubling).
                bytes.reserve_exact(usize::try_from(meta.len()).unwrap_or(0).saturating_add(1));
            }
            file.take(max + 1).read_to_end(&mut bytes)
        }
    };
    result.map_err(|e| format!("{name}: {}", io_message(&e)))?;
    if bytes.len() as u64 > max {
        return Err(format!(
            "{name}: input is over the limit of {max} bytes (raise it with --max-file-size)"
        ));
    }
    Ok(bytes)
}

fn io_message(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file or folder".to_owned(),
        io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => e.to_string().to_lowercase(),
    }
}

/// `file:line:col: error: …` for a decoding failure, the position counted in
/// the raw bytes (the text could not be decoded, so columns are bytes).
fn decode_message(name: &str, bytes: &[u8], e: &DecodeError) -> String {
    match e.offset() {
        Some(offset) => {
            let before = &bytes[..offset.min(bytes.len())];
            let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
            let line_start = before
                .iter()
                .rposition(|&b| b == b'\n')
                .map(|p| p + 1)
                .unwrap_or(0);
            let column = offset - line_start + 1;
            format!("{name}:{line}:{column}: {e}")
        }
        None => format!("{name}: {e}"),
    }
}

fn error(message: &str) {
    let _ = writeln!(io::stderr(), "reglament: error: {message}");
}

fn write_stdout(bytes: &[u8]) -> Result<(), String> {
    let stdout = io::stdout();
    let mut out = stdout.lock();
    match out.write_all(bytes).and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        // A reader that went away (`| head`) is not an error.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(format!("writing standard output: {}", io_message(&e))),
    }
}

/// Write through a temporary file in the same folder and rename it into
/// place when `fill` says to keep it, so that a reader never sees a
/// half-written output and a run that produced nothing leaves nothing. The
/// file is created with the permissions of any new file (0666 less the
/// umask), not the temporary file's private 0600: the output is meant to be
/// shared like any other. A device or a FIFO is written in place.
fn write_atomically<T>(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<(T, bool)>,
) -> Result<T, String> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path.display();
    // A device or a FIFO (`-o /dev/null`, `-o >(gzip …)`) is written to as
    // it is: renaming a file over it would replace the device.
    if fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir()) {
        let file = fs::OpenOptions::new()
            .write(true)
            .open(path)
            .map_err(|e| format!("{name}: {}", io_message(&e)))?;
        let mut out = io::BufWriter::with_capacity(1 << 16, file);
        let (value, _) = fill(&mut out).map_err(|e| format!("{name}: {}", io_message(&e)))?;
        out.flush()
            .map_err(|e| format!("{name}: {}", io_message(&e)))?;
        return Ok(value);
    }
    let mut builder = tempfile::Builder::new();
    builder.prefix(".reglament-");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    let tmp = builder
        .tempfile_in(dir)
        .map_err(|e| format!("{name}: {}", io_message(&e)))?;
    let mut out = io::BufWriter::with_capacity(1 << 16, tmp);
    let (value, keep) = fill(&mut out).map_err(|e| format!("{name}: {}", io_message(&e)))?;
    let tmp = out
        .into_inner()
        .map_err(|e| format!("{name}: {}", io_message(e.error())))?;
    if !keep {
        // Dropping the temporary file deletes it.
        return Ok(value);
    }
    tmp.as_file()
        .sync_all()
        .map_err(|e| format!("{name}: {}", io_message(&e)))?;
    tmp.persist(path)
        .map_err(|e| format!("{name}: {}", io_message(&e.error)))?;
    Ok(value)
}

/// [`write_atomically`] for output already made in memory.
fn write_bytes_atomically(path: &Path, bytes: &[u8]) -> Result<(), String> {
    write_atomically(path, |out| out.write_all(bytes).map(|()| ((), true)))
}
