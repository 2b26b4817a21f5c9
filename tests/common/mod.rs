//! Helpers shared by the integration tests: corpus access, layout variants
//! of a text, and the tree invariants.

#![allow(dead_code)]

use std::path::PathBuf;

use reglament::{Document, Node, NodeKind};

pub fn corpus_files() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("corpus/ exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files
}

pub fn parse_text(text: &str) -> Document {
    reglament::parse(text.as_bytes(), "test").expect("text parses")
}

/// The same text with CRLF line ends.
pub fn crlf(text: &str) -> String {
    text.replace('\n', "\r\n")
}

/// The same text without blank (whitespace-only) lines.
pub fn without_blank_lines(text: &str) -> String {
    text.split('\n')
        .filter(|l| !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The same text with a blank line after every line (as seed 004 is).
pub fn double_spaced(text: &str) -> String {
    text.split('\n').map(|l| format!("{l}\n \n")).collect()
}

/// The same text re-wrapped at `width` columns: a paragraph starts at an
/// indented line or after a blank line; its words are refilled, the first
/// line keeping its indentation.
pub fn rewrapped(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut para: Vec<&str> = Vec::new();
    let mut indent = 0;
    let flush = |out: &mut String, para: &mut Vec<&str>, indent: usize| {
        if para.is_empty() {
            return;
        }
        // Lines are glued back as a reader would: a word split at a
        // line-end hyphen (`1-` + `қосымша`) is one word again.
        let mut joined = String::new();
        for l in para.iter() {
            let l = l.trim();
            let split_word = joined.ends_with('-')
                && joined
                    .chars()
                    .rev()
                    .nth(1)
                    .is_some_and(|c| c.is_alphanumeric());
            if !joined.is_empty() && !split_word {
                joined.push(' ');
            }
            joined.push_str(l);
        }
        let words: Vec<&str> = joined.split_whitespace().collect();
        let mut line = " ".repeat(indent);
        let mut fresh = true;
        for w in words {
            if !fresh && line.chars().count() + 1 + w.chars().count() > width {
                out.push_str(&line);
                out.push('\n');
                line.clear();
                fresh = true;
            }
            if !fresh {
                line.push(' ');
            }
            line.push_str(w);
            fresh = false;
        }
        out.push_str(&line);
        out.push('\n');
        para.clear();
    };
    for l in text.lines() {
        let lead = l.len() - l.trim_start_matches(' ').len();
        if l.trim().is_empty() {
            flush(&mut out, &mut para, indent);
            out.push('\n');
            continue;
        }
        if lead >= 4 {
            flush(&mut out, &mut para, indent);
            indent = lead;
        } else if para.is_empty() {
            indent = 0;
        }
        para.push(l);
    }
    flush(&mut out, &mut para, indent);
    out
}

/// What must not change with the layout: every node's kind, label, number,
/// heading, normalized text, status and step kind, in tree order.
pub fn content(tree: &Node) -> Vec<String> {
    tree.walk()
        .map(|n| {
            format!(
                "{} {:?} {:?} {:?} {:?} {:?} {:?}",
                n.kind.name(),
                n.label,
                n.number,
                n.heading,
                n.text,
                n.status,
                n.step_kind
            )
        })
        .collect()
}

/// The skeleton: kinds, labels and numbers.
pub fn skeleton(tree: &Node) -> Vec<String> {
    tree.walk()
        .map(|n| format!("{} {:?} {:?}", n.kind.name(), n.label, n.number))
        .collect()
}

/// The lossless invariant: the leaves' spans tile the input in order, and
/// every container spans exactly its children.
pub fn assert_lossless(doc: &Document, input_len: usize) {
    let mut at = 0;
    for leaf in doc.tree.leaves() {
        assert_eq!(
            leaf.span.start, at,
            "{}: leaf {} starts at {}, expected {at}",
            doc.source.path, leaf.id, leaf.span.start
        );
        assert!(leaf.span.end >= leaf.span.start, "{}: empty span", leaf.id);
        at = leaf.span.end;
    }
    assert_eq!(
        at, input_len,
        "{}: leaves end before the input",
        doc.source.path
    );
    for node in doc.tree.walk() {
        if let (Some(first), Some(last)) = (node.children.first(), node.children.last()) {
            assert_eq!(node.span.start, first.span.start, "{} start", node.id);
            assert_eq!(node.span.end, last.span.end, "{} end", node.id);
        }
    }
}

pub fn regulations(tree: &Node) -> Vec<&Node> {
    tree.walk()
        .filter(|n| n.kind == NodeKind::Regulation)
        .collect()
}
