//! Throughput of the pipeline, stage by stage and whole, in bytes of input
//! per second (`cargo bench`).
//!
//! * `baseline` — one pass of one precompiled regex over the same bytes: the
//!   cost of "reading the text once", which every other figure is a ratio to.
//! * `stage/*` — decode, normalize (line splitting and repairs), segment (the
//!   tree; includes normalize), extract (workflows and the legal context from
//!   a finished tree), serialize (compact JSON of a finished document), on
//!   the five seeds concatenated (one input).
//! * `file/*` — the whole pipeline (`reglament::parse` + JSON) per corpus
//!   file.
//! * `generated` — the whole pipeline over a generated corpus: the seeds
//!   re-wrapped at several widths, each a separate document, about
//!   `REGLAMENT_BENCH_MB` (default 100) megabytes in all.
//! * `scaling/*` — the seeds concatenated 1×, 10× and 100× as one input: the
//!   time must grow linearly. `Nx` writes the JSON into a fresh buffer of
//!   six times the input, as the other groups do; `Nx-streamed` writes it
//!   as the command line does, through a 64 KiB buffer (here into
//!   `io::sink`, there into a file), so that a large input's figure is not
//!   also the cost of faulting in a fresh output buffer of 200 MB at each
//!   iteration.
//! * `hostile/*` — pathological inputs: a 10 MB single line, 100 000
//!   sub-items, 10 000 nested parentheses, 1 MB of notes, only whitespace.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkId, Criterion, Throughput};
use regex::Regex;

// The allocator of the binary, so that the figures are the command's.
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

#[path = "../tests/common/mod.rs"]
mod common;

fn seeds() -> Vec<(String, String)> {
    common::corpus_files()
        .into_iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect()
}

fn concatenated(times: usize) -> String {
    let all: String = seeds().into_iter().map(|(_, t)| t).collect();
    all.repeat(times)
}

/// The whole job on one input: parse and write compact JSON.
fn pipeline(bytes: &[u8]) -> usize {
    let doc = reglament::parse(bytes, "bench.txt").unwrap();
    let mut out = Vec::with_capacity(bytes.len() * 6);
    reglament::json::to_writer(&mut out, &doc).unwrap();
    out.len()
}

/// [`pipeline`] with the JSON streamed as the command line writes it:
/// through a 64 KiB buffer, here into nothing.
fn pipeline_streamed(bytes: &[u8]) -> usize {
    use std::io::Write;
    let doc = reglament::parse(bytes, "bench.txt").unwrap();
    let mut out = std::io::BufWriter::with_capacity(64 * 1024, std::io::sink());
    reglament::json::to_writer(&mut out, &doc).unwrap();
    out.flush().unwrap();
    doc.tree.children.len()
}

fn baseline(c: &mut Criterion) {
    let text = concatenated(1);
    // A pattern that must look at every line: the start of an item.
    let item = Regex::new(r"(?m)^\s*\d+\.\s+\S").unwrap();
    let mut g = c.benchmark_group("baseline");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("regex-pass", |b| {
        b.iter(|| item.find_iter(black_box(&text)).count())
    });
    g.finish();
}

fn stages(c: &mut Criterion) {
    let text = concatenated(1);
    let bytes = text.as_bytes();
    let decoded = reglament::decode::decode(bytes).unwrap();
    let doc = reglament::parse(bytes, "bench.txt").unwrap();

    let mut g = c.benchmark_group("stage");
    g.throughput(Throughput::Bytes(bytes.len() as u64));
    g.bench_function("decode", |b| {
        b.iter(|| reglament::decode::decode(black_box(bytes)).unwrap())
    });
    g.bench_function("normalize", |b| {
        b.iter(|| {
            reglament::normalize::lines(black_box(&decoded.text))
                .lines
                .len()
        })
    });
    g.bench_function("segment", |b| {
        b.iter(|| {
            reglament::segment::segment(black_box(&decoded))
                .tree
                .children
                .len()
        })
    });
    g.bench_function("extract", |b| {
        // A fresh tree each time, as a document has: the extraction takes
        // the tree mutably (to drop what it derived from each regulation's
        // text once the regulation is read).
        b.iter_batched(
            || reglament::segment::segment(&decoded),
            |mut segmented| {
                let mut diagnostics = Vec::new();
                let w =
                    reglament::extract::workflows(black_box(&mut segmented.tree), &mut diagnostics);
                let a = reglament::act::context(&segmented.tree, &mut diagnostics);
                // Returned, so that dropping the tree is not timed.
                (segmented, w, a)
            },
            BatchSize::LargeInput,
        )
    });
    g.bench_function("serialize", |b| {
        b.iter(|| {
            let mut out = Vec::with_capacity(bytes.len() * 6);
            reglament::json::to_writer(&mut out, black_box(&doc)).unwrap();
            out.len()
        })
    });
    g.bench_function("pipeline", |b| b.iter(|| pipeline(black_box(bytes))));
    g.finish();
}

fn files(c: &mut Criterion) {
    let mut g = c.benchmark_group("file");
    for (name, text) in seeds() {
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_with_input(BenchmarkId::from_parameter(&name[..3]), &text, |b, t| {
            b.iter(|| pipeline(t.as_bytes()))
        });
    }
    g.finish();
}

/// About `mb` megabytes of separate documents: each seed as printed and
/// re-wrapped at 40, 60, 100 and 160 columns, over and over.
fn generated_corpus(mb: usize) -> Vec<String> {
    let mut variants = Vec::new();
    for (_, text) in seeds() {
        variants.push(text.clone());
        for width in [40, 60, 100, 160] {
            variants.push(common::rewrapped(&text, width));
        }
    }
    let want = mb * 1_000_000;
    let mut docs = Vec::new();
    let mut total = 0;
    while total < want {
        for v in &variants {
            total += v.len();
            docs.push(v.clone());
        }
    }
    docs
}

fn generated(c: &mut Criterion) {
    let mb = std::env::var("REGLAMENT_BENCH_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100);
    let docs = generated_corpus(mb);
    let total: usize = docs.iter().map(String::len).sum();
    let mut g = c.benchmark_group("generated");
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(20));
    g.throughput(Throughput::Bytes(total as u64));
    g.bench_function(format!("{}-docs", docs.len()), |b| {
        b.iter(|| docs.iter().map(|d| pipeline(d.as_bytes())).sum::<usize>())
    });
    g.finish();
}

fn scaling(c: &mut Criterion) {
    let mut g = c.benchmark_group("scaling");
    g.sample_size(10);
    for times in [1, 10, 100] {
        let text = concatenated(times);
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_with_input(
            BenchmarkId::from_parameter(format!("{times}x")),
            &text,
            |b, t| b.iter(|| pipeline(t.as_bytes())),
        );
        g.bench_with_input(
            BenchmarkId::from_parameter(format!("{times}x-streamed")),
            &text,
            |b, t| b.iter(|| pipeline_streamed(t.as_bytes())),
        );
    }
    g.finish();
}

/// The pathological inputs of the hostile-input tests, at benchmark size.
fn hostile_inputs() -> Vec<(&'static str, String)> {
    let sentence = "1. Жалпы ережелер 2 (екі) жұмыс күні ішінде; ";
    let line = sentence.repeat(10_000_000 / sentence.len());
    let sub_items: String = (1..=100_000)
        .map(|n| format!("{n}) құжаттарды қабылдайды - 15 (он бес) минут;\n"))
        .collect();
    let nested = format!("5. {}мерзімі{}\n", "(".repeat(10_000), ")".repeat(10_000));
    let note = "Ескерту. 1-тармақ жаңа редакцияда - Алматы қаласы әкімдігінің 12.12.2016 № 5/123 қаулысымен.\n";
    let notes = note.repeat(1_000_000 / note.len());
    let blank: String = "   \n\n  \t \n".repeat(1_000_000 / 10);
    vec![
        ("one-line-10mb", line),
        ("sub-items-100k", sub_items),
        ("nested-parens-10k", nested),
        ("notes-1mb", notes),
        ("whitespace-1mb", blank),
    ]
}

fn hostile(c: &mut Criterion) {
    let mut g = c.benchmark_group("hostile");
    g.sample_size(10);
    for (name, text) in hostile_inputs() {
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_with_input(BenchmarkId::from_parameter(name), &text, |b, t| {
            b.iter(|| match reglament::parse(t.as_bytes(), "hostile.txt") {
                Ok(doc) => serde_json::to_vec(&doc).unwrap().len(),
                Err(_) => 0,
            })
        });
    }
    g.finish();
}

criterion_group!(benches, baseline, stages, files, scaling, hostile, generated);
criterion_main!(benches);
