//! Documents in, text out: pretty JSON, JSON lines, and the outline, an
//! indented view of the tree for a quick look.

use std::fmt::Write as _;

use crate::model::{Document, Node, NodeKind};

/// One document as pretty JSON.
pub fn json(doc: &Document) -> String {
    crate::json::to_string_pretty(doc).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

/// Several documents as one pretty JSON array.
pub fn json_array(docs: &[Document]) -> String {
    crate::json::to_string_pretty(docs).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

/// One document on one line (JSON Lines).
pub fn json_line(doc: &Document) -> String {
    crate::json::to_string(doc).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

/// How many characters of text an outline line shows.
const EXCERPT: usize = 60;

/// The tree as indented lines: kind, label, heading, first words, position.
pub fn outline(doc: &Document) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "document {}", doc.source.path);
    for child in &doc.tree.children {
        outline_node(child, 1, &mut out);
    }
    out
}

fn outline_node(node: &Node, depth: usize, out: &mut String) {
    let _ = write!(out, "{:width$}{}", "", node.kind.name(), width = depth * 2);
    if let Some(label) = &node.label {
        let _ = write!(out, " [{label}]");
    }
    if node.kind == NodeKind::Regulation {
        if let Some(status) = node.status {
            let _ = write!(
                out,
                " ({})",
                serde_json::to_value(status)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default()
            );
        }
    }
    let shown = node.heading.as_deref().or(if node.children.is_empty() {
        node.text.as_deref()
    } else {
        None
    });
    if let Some(text) = shown {
        let _ = write!(out, " {}", excerpt(text));
    }
    let _ = writeln!(out, "  @{}:{}", node.line, node.column);
    for child in &node.children {
        outline_node(child, depth + 1, out);
    }
}

fn excerpt(text: &str) -> String {
    let mut s: String = text.chars().take(EXCERPT).collect();
    if text.chars().count() > EXCERPT {
        s.push('…');
    }
    format!("«{s}»")
}
