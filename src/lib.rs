//! reglament: Kazakh state-service regulations and the acts around them as
//! data.
//!
//! The pipeline runs one way (STYLE.md): bytes → [`decode`] → text with a
//! source map ([`normalize`]) → lossless tree with spans ([`segment`]) →
//! output ([`output`]). [`parse`] runs it on one input.

#![forbid(unsafe_code)]

/// Where `text` first holds the literal `needle`: `str::find` with a
/// searcher built once per call site (`str::find` and `str::contains` build
/// their searcher anew at every call, and the extraction asks dozens of
/// fixed phrases of every node: that was a thirtieth of the pipeline).
macro_rules! find {
    ($text:expr, $needle:literal) => {{
        static FINDER: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
            std::sync::LazyLock::new(|| memchr::memmem::Finder::new($needle));
        FINDER.find(AsRef::<str>::as_ref(&$text).as_bytes())
    }};
}

/// Whether `text` holds the literal `needle` ([`find!`]).
macro_rules! has {
    ($text:expr, $needle:literal) => {
        find!($text, $needle).is_some()
    };
}

/// A letter of the scripts these texts are printed in (Cyrillic: Kazakh,
/// Russian; Latin: homoglyphs, abbreviations), as a regex class to splice
/// into a pattern with `concat!`. `\p{L}` takes every script's letters: its
/// automaton of some 650 ranges cost 170 µs to compile at each use, and the
/// patterns that absorb a word's endings with it were most of a run's
/// fixed cost.
macro_rules! word_letter {
    () => {
        r"[\p{L}&&[\p{Cyrillic}\p{Latin}]]"
    };
}

pub mod act;
pub mod dates;
pub mod decode;
pub mod diff;
pub mod duration;
pub mod export;
pub mod extract;
mod fnv;
pub mod history;
pub mod json;
pub mod lint;
pub mod markers;
pub mod model;
pub mod normalize;
pub mod numerals;
pub mod output;
pub mod report;
pub mod segment;
pub mod show;
pub mod validate;
pub mod workflow;

use sha2::{Digest, Sha256};

pub use decode::DecodeError;
pub use model::{Diagnostic, Document, Node, NodeKind, Severity, Source, Span};

/// Parse one input into its document. Fails only when the bytes are not
/// text (empty, binary, invalid UTF-8/UTF-16); any text gives a tree.
///
/// ```
/// use reglament::NodeKind;
///
/// let text = "Алматы қаласы әкімдігінің 2015 жылғы 18 қарашадағы\n\
///             № 4/635 қаулысымен бекітілген\n\
///             \"Рұқсат беру\" мемлекеттік көрсетілетін қызмет регламенті\n\
///             \n\
///             1. Жалпы ережелер\n\
///             \n\
///             \x20     1. Мемлекеттiк қызметті әкімдік \n\
///             көрсетеді.\n";
/// let doc = reglament::parse(text.as_bytes(), "example.txt").unwrap();
/// let regulation = &doc.tree.children[0];
/// assert_eq!(regulation.kind, NodeKind::Regulation);
/// let chapter = &regulation.children[2];
/// assert_eq!((chapter.kind, chapter.number), (NodeKind::Chapter, Some(1)));
/// let item = &chapter.children[1];
/// assert_eq!(item.label.as_deref(), Some("1."));
/// // Wrapped lines joined, the Latin `i` made Cyrillic, the span exact.
/// assert_eq!(item.text.as_deref(), Some("Мемлекеттік қызметті әкімдік көрсетеді."));
/// assert_eq!(item.span.end, text.len());
/// ```
pub fn parse(bytes: &[u8], path: &str) -> Result<Document, DecodeError> {
    let decoded = decode::decode(bytes)?;
    let mut segmented = segment::segment(&decoded);
    let regulations = extract::workflows(&mut segmented.tree, &mut segmented.diagnostics);
    let context = act::context(&segmented.tree, &mut segmented.diagnostics);
    let sha256 = Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<String>();
    Ok(Document {
        schema_version: model::SCHEMA_VERSION,
        source: Source {
            path: path.to_owned(),
            sha256,
            bytes: bytes.len(),
            encoding: decoded.encoding.name(),
        },
        tree: segmented.tree,
        act: context.act,
        regulations,
        notes: context.notes,
        stamps: context.stamps,
        diagnostics: segmented.diagnostics,
    })
}

/// Every line end of the corpus's documents (each line's every suffix),
/// then the `cases` a test adds: the inputs on which a hand test in front
/// of a pattern, or a fast path, is checked against what it stands for.
#[cfg(test)]
pub(crate) fn corpus_line_ends_and(cases: &[&str]) -> Vec<String> {
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut ends: Vec<String> = cases.iter().map(|&c| c.to_owned()).collect();
    for entry in std::fs::read_dir(corpus).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for line in text.lines() {
            let line = line.trim();
            for (i, _) in line.char_indices() {
                ends.push(line[i..].to_owned());
            }
        }
    }
    ends
}

/// Asserts that a hand reading answers as the pattern it replaced on every
/// text, and gives on how many the pattern found something (`found`, so
/// that a test can require that its texts exercise the form at all).
#[cfg(test)]
pub(crate) fn same_answers<T: PartialEq + std::fmt::Debug>(
    texts: &[String],
    pattern: impl Fn(&str) -> T,
    hand: impl Fn(&str) -> T,
    found: impl Fn(&T) -> bool,
) -> usize {
    let mut found_in = 0;
    for text in texts {
        let want = pattern(text);
        assert_eq!(hand(text), want, "{text:?}");
        found_in += usize::from(found(&want));
    }
    found_in
}

/// Each text as printed and in capitals: the texts a `(?i)` pattern and
/// its reading by hand are compared on.
#[cfg(test)]
pub(crate) fn with_capitals(texts: &[String]) -> Vec<String> {
    texts
        .iter()
        .flat_map(|t| [t.clone(), t.to_uppercase()])
        .collect()
}

/// Every string of up to `longest` pieces of `alphabet` (characters, or
/// words glued as characters): the small cases a hand-written matcher is
/// checked on against its pattern, all of them, where hand-picked cases
/// would miss an order of pieces.
#[cfg(test)]
pub(crate) fn every_string_of<T: std::fmt::Display>(alphabet: &[T], longest: usize) -> Vec<String> {
    let mut all = vec![String::new()];
    let mut last = vec![String::new()];
    for _ in 0..longest {
        last = last
            .iter()
            .flat_map(|s| alphabet.iter().map(move |c| format!("{s}{c}")))
            .collect();
        all.extend(last.iter().cloned());
    }
    all
}
