//! A [`Diff`] for a person (a report grouped by regulation, then by
//! chapter, semantic changes first), as a one-line-per-regulation summary
//! (`--stat`), or as JSON (`schema/diff.schema.json`).
//!
//! Colour (ANSI) marks removed words red and added words green; without
//! colour they are bracketed as `[-removed-]{+added+}`, as `git diff
//! --word-diff` does, so the report reads the same in a file.

use std::fmt::Write as _;

use super::{
    Diff, FactChange, FactValue, Field, NodeChange, Pairing, Place, RegulationDiff, RegulationRef,
    SemanticChange, StructuralChange, WordOp, WordTag, CONTEXT_WORDS, TEXT_EXCERPT,
};
use crate::show::excerpt;

const RED: &str = "\x1b[31m";
const GREEN: &str = "\x1b[32m";
const BOLD: &str = "\x1b[1m";
const CYAN: &str = "\x1b[36m";
const RESET: &str = "\x1b[0m";

/// The diff as pretty JSON.
pub fn json(diff: &Diff) -> String {
    serde_json::to_string_pretty(diff).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}")) + "\n"
}

/// One line per regulation: `app1/reg1 ↔ app2/reg1: 3 semantic, 7 structural`;
/// a line for the document around them when it changed.
pub fn stat(diff: &Diff) -> String {
    let mut out = String::new();
    for r in &diff.regulations {
        let _ = match (r.pairing, &r.old, &r.new) {
            (Pairing::Matched, Some(a), Some(b)) => writeln!(
                out,
                "{} ↔ {}: {} semantic, {} structural{}",
                a.id,
                b.id,
                r.semantic.len(),
                r.structural.len(),
                reordered(r.structural.iter().filter(|c| c.words_reordered).count())
            ),
            (Pairing::Added, _, Some(b)) => writeln!(out, "+ {}: added{}", b.id, quoted(b)),
            (Pairing::Removed, Some(a), _) => writeln!(out, "- {}: removed{}", a.id, quoted(a)),
            _ => Ok(()),
        };
    }
    if !diff.document.is_empty() || !diff.document_semantic.is_empty() {
        let _ = writeln!(
            out,
            "document: {} semantic, {} structural{}",
            diff.document_semantic.len(),
            diff.document.len(),
            reordered(diff.document.iter().filter(|c| c.words_reordered).count())
        );
    }
    if out.is_empty() {
        out.push_str("no regulations\n");
    }
    out
}

/// ` (5 only reorder words)`, or nothing.
fn reordered(count: usize) -> String {
    if count == 0 {
        String::new()
    } else {
        format!(" ({count} only reorder words)")
    }
}

fn quoted(r: &RegulationRef) -> String {
    r.service_name
        .as_deref()
        .map(|n| format!(" \"{n}\""))
        .unwrap_or_default()
}

/// The report: a header naming both inputs, then each regulation with
/// changes (semantic first, structural grouped by chapter), then the
/// changes outside regulations; `no changes` when there are none.
pub fn text(diff: &Diff, color: bool) -> String {
    let p = Paint(color);
    let mut out = String::new();
    let _ = writeln!(out, "{}", p.bold(&format!("--- {}", diff.old.name)));
    let _ = writeln!(out, "{}", p.bold(&format!("+++ {}", diff.new.name)));
    if !diff.has_changes() {
        out.push_str("\nno changes\n");
        return out;
    }
    for r in &diff.regulations {
        regulation(r, &p, &mut out);
    }
    if !diff.document.is_empty() || !diff.document_semantic.is_empty() {
        let _ = writeln!(out, "\n{}", p.cyan("document (outside the regulations)"));
        if !diff.document_semantic.is_empty() {
            let _ = writeln!(out, "\n  {}", p.bold("semantic"));
            for c in &diff.document_semantic {
                semantic(c, &p, &mut out);
            }
        }
        if !diff.document.is_empty() {
            let _ = writeln!(out, "\n  {}", p.bold("structural"));
            structural(&diff.document, &p, "    ", &mut out);
        }
    }
    let s = &diff.summary;
    let _ = writeln!(
        out,
        "\n{} semantic, {} structural change{}; {} regulation{} compared, {} added or removed",
        s.semantic,
        s.structural,
        if s.structural == 1 { "" } else { "s" },
        s.regulations_matched,
        if s.regulations_matched == 1 { "" } else { "s" },
        s.regulations_added_removed
    );
    out
}

fn regulation(r: &RegulationDiff, p: &Paint, out: &mut String) {
    let name = |x: &RegulationRef| {
        format!(
            "{} \"{}\"  @{}:{}",
            x.id,
            x.service_name.as_deref().unwrap_or("—"),
            x.line,
            x.column
        )
    };
    match (r.pairing, &r.old, &r.new) {
        (Pairing::Matched, Some(a), Some(b)) => {
            if r.semantic.is_empty() && r.structural.is_empty() {
                return;
            }
            let similarity = r
                .similarity
                .map(|s| format!("  (service name similarity {s:.2})"));
            let _ = writeln!(
                out,
                "\n{}{}",
                p.cyan(&format!("regulation {} ↔ {}", a.id, b.id)),
                similarity.unwrap_or_default()
            );
            let _ = writeln!(out, "  old  {}", name(a));
            let _ = writeln!(out, "  new  {}", name(b));
        }
        (Pairing::Added, _, Some(b)) => {
            let _ = writeln!(
                out,
                "\n{}",
                p.green(&format!("regulation added: {}", name(b)))
            );
            return;
        }
        (Pairing::Removed, Some(a), _) => {
            let _ = writeln!(
                out,
                "\n{}",
                p.red(&format!("regulation removed: {}", name(a)))
            );
            return;
        }
        _ => return,
    }
    if !r.semantic.is_empty() {
        let _ = writeln!(out, "\n  {}", p.bold("semantic"));
        for c in &r.semantic {
            semantic(c, p, out);
        }
    }
    if !r.structural.is_empty() {
        let _ = writeln!(out, "\n  {}", p.bold("structural"));
        structural(&r.structural, p, "    ", out);
    }
}

fn semantic(c: &SemanticChange, p: &Paint, out: &mut String) {
    // A step or a result type is named before what happened to it; the
    // vocabulary of a form after.
    let (before, after) = match (c.field, c.subject.as_deref()) {
        (Field::Form | Field::DeliveryForm, Some(s)) => (String::new(), format!(" ({s})")),
        (_, Some(s)) => (format!(" {s}"), String::new()),
        (_, None) => (String::new(), String::new()),
    };
    let _ = writeln!(
        out,
        "    {}{before} {}{after}{}",
        c.field.words(),
        c.change.words(),
        positions(
            c.old.as_ref().and_then(|v| v.place.as_ref()),
            c.new.as_ref().and_then(|v| v.place.as_ref())
        )
    );
    let shown = |v: &Option<FactValue>| v.as_ref().map(|v| excerpt(&v.text, TEXT_EXCERPT));
    match c.change {
        // A step that only moved: its words once.
        FactChange::Reordered => {
            if let Some(t) = shown(&c.new) {
                let _ = writeln!(out, "      {t}");
            }
        }
        _ => {
            if let Some(t) = shown(&c.old) {
                let _ = writeln!(out, "      {}", p.red(&format!("- {t}")));
            }
            if let Some(t) = shown(&c.new) {
                let _ = writeln!(out, "      {}", p.green(&format!("+ {t}")));
            }
        }
    }
    if let Some(m) = c.working_minutes {
        let _ = writeln!(
            out,
            "      {} → {} working minutes ({:+})",
            m.old, m.new, m.delta
        );
    }
}

fn structural(changes: &[StructuralChange], p: &Paint, indent: &str, out: &mut String) {
    // Outside regulations there are no chapters to group by.
    let grouped = changes.iter().any(|c| c.chapter.is_some());
    let inner = if grouped {
        format!("{indent}  ")
    } else {
        indent.to_owned()
    };
    let mut chapter: Option<Option<&str>> = None;
    let mut at = 0;
    while at < changes.len() {
        let c = &changes[at];
        let run = renumbered_run(&changes[at..]);
        at += run.max(1);
        let this = c.chapter.as_deref();
        if grouped && chapter != Some(this) {
            let _ = writeln!(
                out,
                "{indent}{}",
                p.bold(this.unwrap_or("(outside chapters)"))
            );
            chapter = Some(this);
        }
        if run > 1 {
            // Siblings renumbered one after another (after a node was
            // removed or added before them): one line.
            let last = &changes[at - 1];
            let label = |l: &Option<String>| l.as_deref().unwrap_or("").trim().to_owned();
            let parent = c.path.rsplit_once(" › ").map_or("", |(head, _)| head);
            let _ = writeln!(
                out,
                "{inner}{run} {}s{}{parent} renumbered {}…{} → {}…{}{}",
                c.kind,
                if parent.is_empty() { "" } else { " of " },
                label(&c.old_label),
                label(&last.old_label),
                label(&c.new_label),
                label(&last.new_label),
                positions(c.old.as_ref(), c.new.as_ref())
            );
            continue;
        }
        let what = match (c.change, &c.old_label, &c.new_label) {
            (NodeChange::Renumbered | NodeChange::Moved, Some(a), Some(b))
                if a.split_whitespace().ne(b.split_whitespace()) =>
            {
                format!("{} {} → {}", change_word(c.change), a.trim(), b.trim())
            }
            (NodeChange::Changed, _, _) if c.words_reordered => {
                "changed (same words, reordered)".to_owned()
            }
            _ => change_word(c.change).to_owned(),
        };
        let name = if c.path.is_empty() {
            c.kind.clone()
        } else {
            format!("{} {}", c.kind, c.path)
        };
        let _ = writeln!(
            out,
            "{inner}{name} {what}{}",
            positions(c.old.as_ref(), c.new.as_ref())
        );
        match c.change {
            NodeChange::Added => {
                if let Some(t) = &c.text {
                    let _ = writeln!(
                        out,
                        "{inner}  {}",
                        p.green(&format!("+ {}", excerpt(t, TEXT_EXCERPT)))
                    );
                }
            }
            NodeChange::Removed => {
                if let Some(t) = &c.text {
                    let _ = writeln!(
                        out,
                        "{inner}  {}",
                        p.red(&format!("- {}", excerpt(t, TEXT_EXCERPT)))
                    );
                }
            }
            NodeChange::Changed => {
                let _ = writeln!(out, "{inner}  {}", words(&c.words, p));
            }
            NodeChange::Moved | NodeChange::Renumbered => {}
        }
    }
}

/// How many changes from the first are renumberings of siblings of one
/// kind in one chapter; 0 when the first is no renumbering.
fn renumbered_run(changes: &[StructuralChange]) -> usize {
    let parent = |c: &StructuralChange| c.path.rsplit_once(" › ").map(|(head, _)| head.to_owned());
    let Some(first) = changes
        .first()
        .filter(|c| c.change == NodeChange::Renumbered)
    else {
        return 0;
    };
    changes
        .iter()
        .take_while(|c| {
            c.change == NodeChange::Renumbered
                && c.kind == first.kind
                && c.chapter == first.chapter
                && parent(c) == parent(first)
        })
        .count()
}

fn change_word(c: NodeChange) -> &'static str {
    match c {
        NodeChange::Added => "added",
        NodeChange::Removed => "removed",
        NodeChange::Changed => "changed",
        NodeChange::Renumbered => "renumbered",
        NodeChange::Moved => "moved",
    }
}

/// `  @12:7 → @14:7`, `  @12:7` (removed), `  → @14:7` (added).
fn positions(old: Option<&Place>, new: Option<&Place>) -> String {
    let at = |p: &Place| format!("@{}:{}", p.line, p.column);
    match (old, new) {
        (Some(a), Some(b)) => format!("  {} → {}", at(a), at(b)),
        (Some(a), None) => format!("  {}", at(a)),
        (None, Some(b)) => format!("  → {}", at(b)),
        (None, None) => String::new(),
    }
}

/// A word diff on one line, unchanged stretches cut to a few words around
/// each change.
fn words(ops: &[WordOp], p: &Paint) -> String {
    let mut out = String::new();
    let last = ops.len().saturating_sub(1);
    for (i, op) in ops.iter().enumerate() {
        let text = op.text.split_whitespace().collect::<Vec<_>>().join(" ");
        if op.text.starts_with(char::is_whitespace) && !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
        if text.is_empty() {
            continue;
        }
        match op.op {
            WordTag::Equal => {
                let w: Vec<&str> = text.split(' ').collect();
                let keep_head = if i == 0 { 0 } else { CONTEXT_WORDS };
                let keep_tail = if i == last { 0 } else { CONTEXT_WORDS };
                if w.len() <= keep_head + keep_tail {
                    out.push_str(&text);
                } else {
                    out.push_str(&w[..keep_head].join(" "));
                    if keep_head > 0 {
                        out.push(' ');
                    }
                    out.push('…');
                    if keep_tail > 0 {
                        out.push(' ');
                    }
                    out.push_str(&w[w.len() - keep_tail..].join(" "));
                }
            }
            WordTag::Delete => out.push_str(&p.deleted(&text)),
            WordTag::Insert => out.push_str(&p.inserted(&text)),
        }
        // The whitespace between runs is part of the runs; keep one space.
        if op.text.ends_with(char::is_whitespace) && i != last {
            out.push(' ');
        }
    }
    out
}

struct Paint(bool);

impl Paint {
    fn wrap(&self, code: &str, text: &str) -> String {
        if self.0 {
            format!("{code}{text}{RESET}")
        } else {
            text.to_owned()
        }
    }
    fn bold(&self, t: &str) -> String {
        self.wrap(BOLD, t)
    }
    fn cyan(&self, t: &str) -> String {
        self.wrap(CYAN, t)
    }
    fn red(&self, t: &str) -> String {
        self.wrap(RED, t)
    }
    fn green(&self, t: &str) -> String {
        self.wrap(GREEN, t)
    }
    fn deleted(&self, t: &str) -> String {
        if self.0 {
            self.red(t)
        } else {
            format!("[-{t}-]")
        }
    }
    fn inserted(&self, t: &str) -> String {
        if self.0 {
            self.green(t)
        } else {
            format!("{{+{t}+}}")
        }
    }
}
