//! Inputs no regulation looks like: the parser still gives a lossless tree
//! and never panics. (That the cost stays linear is shown by the benchmark,
//! not asserted here.)

mod common;

use common::*;

fn check(text: &str) -> reglament::Document {
    let doc = parse_text(text);
    assert_lossless(&doc, text.len());
    doc
}

#[test]
fn one_long_line_full_of_structure() {
    check(&"\"Х\" мемлекеттік көрсетілетін қызмет регламенті 1. Жалпы ережелер ".repeat(5000));
    check(&"Алматы қаласы әкімдігінің қаулысына 1 қосымша Алматы ".repeat(5000));
}

#[test]
fn many_sub_items_and_notes() {
    let subs: String = (0..20_000).map(|_| "      1) тармақша;\n").collect();
    let doc = check(&format!("Күшін жойған\n{subs}"));
    assert!(
        doc.tree
            .walk()
            .filter(|n| n.kind == reglament::NodeKind::SubPoint)
            .count()
            >= 19_999
    );
    let notes: String = (0..5_000)
        .map(|_| "      Ескерту. Регламент жаңа редакцияда - 18.04.2016 № 108 қаулысымен.\n")
        .collect();
    check(&notes);
}

#[test]
fn nested_parentheses_and_blank_input() {
    check(&format!("{}а{}\n", "(".repeat(10_000), ")".repeat(10_000)));
    let doc = check(&" \n\t\n   \r\n".repeat(1000));
    assert_eq!(doc.tree.children.len(), 1);
    assert_eq!(doc.tree.children[0].kind, reglament::NodeKind::Trivia);
    assert!(
        reglament::parse("\u{feff}".as_bytes(), "bom").is_err(),
        "a BOM alone is an empty input"
    );
}

/// A tiny deterministic generator, so that a failure reproduces.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() as usize) % n.max(1)
    }
}

#[test]
fn seeds_with_random_unicode_and_shuffled_lines() {
    let inserts = [
        "\u{0306}",
        "\u{200f}",
        "\u{2028}",
        "😀",
        "\u{a0}",
        "\t",
        "\r",
        "  ",
        "Ескерту.",
        "1.",
        "3)",
        "1 - шарт –",
        "қосымша",
        "бекітілген",
        "регламенті",
        "ҚАУЛЫ ЕТЕДІ:",
        "\"",
        "(",
        "№",
        "і",
        "i",
        "-\n",
        "\n      ",
    ];
    let mut rng = Lcg(7);
    for path in corpus_files() {
        let text = std::fs::read_to_string(&path).unwrap();
        for _ in 0..12 {
            let mut t = text.clone();
            for _ in 0..40 {
                let mut at = rng.below(t.len());
                while !t.is_char_boundary(at) {
                    at -= 1;
                }
                t.insert_str(at, inserts[rng.below(inserts.len())]);
            }
            let mut lines: Vec<&str> = t.split('\n').collect();
            for _ in 0..10 {
                let (a, b) = (rng.below(lines.len()), rng.below(lines.len()));
                lines.swap(a, b);
            }
            let mutated = lines.join("\n");
            check(&mutated);
        }
    }
}
