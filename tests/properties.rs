//! Property tests: seeds mutated the way exports and editors break texts
//! (lines deleted, duplicated, swapped; odd Unicode inserted; cut at any
//! byte) still give a lossless tree whose JSON passes `reglament validate`,
//! or, for bytes that are not text, a clean `DecodeError` — never a panic.
//!
//! The cases run on pieces of the seeds (a few kilobytes) to stay fast in a
//! debug build; proptest keeps any failure in `proptest-regressions/`.

mod common;

use std::sync::OnceLock;

use proptest::prelude::*;
use reglament::validate::Validator;

use common::*;

/// Pieces of every seed: each seed cut into slices of about this many bytes
/// at line ends, so that a piece keeps the seed's structure (stamps,
/// chapters, items, steps) in small.
const PIECE: usize = 6_000;

fn pieces() -> &'static [String] {
    static PIECES: OnceLock<Vec<String>> = OnceLock::new();
    PIECES.get_or_init(|| {
        let mut pieces = Vec::new();
        for path in corpus_files() {
            let text = std::fs::read_to_string(&path).unwrap();
            let mut piece = String::new();
            for line in text.split_inclusive('\n') {
                piece.push_str(line);
                if piece.len() >= PIECE {
                    pieces.push(std::mem::take(&mut piece));
                }
            }
            if !piece.trim().is_empty() {
                pieces.push(piece);
            }
        }
        pieces
    })
}

fn validator() -> &'static Validator {
    static VALIDATOR: OnceLock<Validator> = OnceLock::new();
    VALIDATOR.get_or_init(|| Validator::new().expect("the schema compiles"))
}

/// What every text must give: a tree that tiles the input, and JSON that
/// the schema and the validator's rules accept.
fn assert_sound(bytes: &[u8]) {
    let doc = reglament::parse(bytes, "mutated").expect("text parses");
    assert_lossless(&doc, bytes.len());
    let value = serde_json::to_value(&doc).unwrap();
    let problems = validator().document(&value);
    assert!(problems.is_empty(), "{problems:?}");
}

/// Inserted pieces: combining marks, right-to-left marks and letters, the
/// line and paragraph separators, a BOM in the middle, a lone CR, NBSP,
/// emoji, and the markers the segmenter looks for.
const ODD: &[&str] = &[
    "\u{0301}",
    "\u{0306}\u{0308}",
    "\u{200f}",
    "\u{202e}",
    "עברית",
    "العربية",
    "\u{2028}",
    "\u{2029}",
    "\u{feff}",
    "\r",
    "\u{a0}",
    "\u{200b}",
    "😀",
    "\t",
    "Ескерту.",
    "1.",
    "2)",
    "1 - шарт –",
    "1-тарау.",
    "қосымша",
    "бекітілген",
    "регламенті",
    "Күшін жойған",
    "БҰЙЫРАМЫН:",
    "(",
    "№",
    "\n      ",
];

#[derive(Debug, Clone)]
enum Edit {
    Delete(usize),
    Duplicate(usize),
    Swap(usize, usize),
    Insert { at: usize, what: usize },
    InsertChar { at: usize, what: char },
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        any::<usize>().prop_map(Edit::Delete),
        any::<usize>().prop_map(Edit::Duplicate),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Edit::Swap(a, b)),
        (any::<usize>(), 0..ODD.len()).prop_map(|(at, what)| Edit::Insert { at, what }),
        // Any scalar value but NUL (a NUL is binary data: tested below).
        (
            any::<usize>(),
            any::<char>().prop_filter("not NUL", |c| *c != '\0')
        )
            .prop_map(|(at, what)| Edit::InsertChar { at, what }),
    ]
}

fn apply(text: &str, edits: &[Edit]) -> String {
    let mut lines: Vec<String> = text.split_inclusive('\n').map(str::to_owned).collect();
    for e in edits {
        if lines.is_empty() {
            lines.push(String::new());
        }
        let n = lines.len();
        match *e {
            Edit::Delete(i) => {
                lines.remove(i % n);
            }
            Edit::Duplicate(i) => {
                let line = lines[i % n].clone();
                lines.insert(i % n, line);
            }
            Edit::Swap(a, b) => lines.swap(a % n, b % n),
            Edit::Insert { at, what } => insert_at(&mut lines[at % n], at, ODD[what]),
            Edit::InsertChar { at, what } => {
                insert_at(&mut lines[at % n], at, what.encode_utf8(&mut [0; 4]))
            }
        }
    }
    lines.concat()
}

/// Inserts at a char boundary of `line` chosen by `at`.
fn insert_at(line: &mut String, at: usize, what: &str) {
    let mut i = at % (line.len() + 1);
    while !line.is_char_boundary(i) {
        i -= 1;
    }
    line.insert_str(i, what);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn edited_lines_keep_the_tree_sound(
        piece in 0..pieces().len(),
        edits in prop::collection::vec(edit(), 1..12),
    ) {
        let text = apply(&pieces()[piece], &edits);
        if text.trim_start_matches('\u{feff}').is_empty() {
            prop_assert!(reglament::parse(text.as_bytes(), "x").is_err());
        } else {
            assert_sound(text.as_bytes());
        }
    }

    #[test]
    fn a_cut_at_any_byte_is_a_tree_or_a_decode_error(
        piece in 0..pieces().len(),
        cut in any::<usize>(),
    ) {
        let bytes = pieces()[piece].as_bytes();
        let cut = &bytes[..cut % (bytes.len() + 1)];
        match std::str::from_utf8(cut) {
            Ok(text) if !text.is_empty() => assert_sound(cut),
            Ok(_) => prop_assert_eq!(
                reglament::parse(cut, "x").unwrap_err(),
                reglament::DecodeError::Empty
            ),
            // Cut inside a letter: the error names the first byte of the
            // unfinished sequence.
            Err(e) => prop_assert_eq!(
                reglament::parse(cut, "x").unwrap_err(),
                reglament::DecodeError::InvalidUtf8 { offset: e.valid_up_to() }
            ),
        }
    }

    #[test]
    fn a_nul_anywhere_is_binary_data(
        piece in 0..pieces().len(),
        at in any::<usize>(),
    ) {
        let mut bytes = pieces()[piece].as_bytes().to_vec();
        let at = at % (bytes.len() + 1);
        bytes.insert(at, 0);
        prop_assert_eq!(
            reglament::parse(&bytes, "x").unwrap_err(),
            reglament::DecodeError::Binary { offset: at }
        );
    }

    #[test]
    fn an_invalid_byte_anywhere_is_named(
        piece in 0..pieces().len(),
        at in any::<usize>(),
        byte in prop_oneof![Just(0xffu8), Just(0xc0), Just(0x80), Just(0xf5)],
    ) {
        let mut bytes = pieces()[piece].as_bytes().to_vec();
        let mut at = at % (bytes.len() + 1);
        // At a character boundary, so that the byte is the first bad one.
        while at < bytes.len() && (bytes[at] & 0xc0) == 0x80 {
            at += 1;
        }
        bytes.insert(at, byte);
        prop_assert_eq!(
            reglament::parse(&bytes, "x").unwrap_err(),
            reglament::DecodeError::InvalidUtf8 { offset: at }
        );
    }
}
