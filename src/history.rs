//! Documents in, their legal history out: per document, the act (type,
//! authority, number, adoption, status, registration, repeal) and a dated
//! timeline of what happened to it and to its regulations (DOMAIN.md §2, §6).
//!
//! The timeline is read off the document's legal context: the act's adoption
//! and registration (the metadata sentence), every approval stamp (`…
//! қаулысымен бекітілген`: the act that approved a regulation), every note
//! (`Ескерту. …`, dated by its amending act), every amendment instruction of
//! the act's points (dated by the act's own adoption: that is when it
//! amended), and the repeal (`Күші жойылды - …` in the metadata). Oldest
//! first; entries of one day in document order; entries without a date last,
//! in document order. Nothing is guessed: a date the document does not give
//! (or gives impossibly, A001) leaves the entry undated.
//!
//! Like `show`, this reads the JSON shape of a document (`serde_json::Value`),
//! so that a text parsed on the fly and a JSON file written by `reglament
//! parse` give the same history, and a document that lacks a part (an older
//! version's JSON, a bare regulation without `act`) gives what it has.

use crate::show::table;
use std::fmt::Write as _;

use serde::Serialize;
use serde_json::Value;

use crate::model::Document;

/// What stands for a fact the document does not give.
pub const MISSING: &str = "—";

/// How many characters of a printed text a timeline line shows.
const EXCERPT: usize = 80;

/// The history of one document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct History {
    /// The document's `source.path`.
    pub source: Option<String>,
    /// The act, when the document is one; null for a bare regulation.
    pub act: Option<ActSummary>,
    /// What happened, oldest first, undated entries last.
    pub timeline: Vec<Entry>,
}

/// The act in brief (DOMAIN.md §2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActSummary {
    /// `resolution`, `order`, … (the `act_kind` of the contract).
    pub act_type: Option<String>,
    /// The adopting body in the nominative (`Алматы қаласы әкімдігі`).
    pub authority: Option<String>,
    pub number: Option<String>,
    /// `YYYY-MM-DD`.
    pub adopted_date: Option<String>,
    /// `repealed`, `in_force`, `unknown`.
    pub status: Option<String>,
    pub registration: Option<RegistrationSummary>,
    pub repealed_by: Option<ActBrief>,
}

/// The registration by the Justice body, in brief.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegistrationSummary {
    /// `YYYY-MM-DD`.
    pub date: Option<String>,
    pub number: Option<String>,
    /// As printed, in the locative (`… Әділет департаментінде`).
    pub body: Option<String>,
}

/// A reference to another act, in brief.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActBrief {
    /// `resolution`, `order`, … (the `act_kind` of the contract).
    pub act_type: Option<String>,
    /// The issuing body in the nominative.
    pub authority: Option<String>,
    pub number: Option<String>,
    /// `YYYY-MM-DD`.
    pub date: Option<String>,
}

/// What a timeline entry records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    /// The act was adopted (the metadata sentence).
    Adopted,
    /// The act was registered by the Justice body (`… болып тіркелді`).
    Registered,
    /// A regulation was approved (`… қаулысымен бекітілген`).
    Approved,
    /// A note (`Ескерту. …`): a later act changed something.
    Note,
    /// An amendment instruction of the act's points.
    Instruction,
    /// The act was repealed (`Күші жойылды - …` in the metadata).
    Repealed,
}

impl EntryKind {
    fn name(self) -> &'static str {
        match self {
            EntryKind::Adopted => "adopted",
            EntryKind::Registered => "registered",
            EntryKind::Approved => "approved",
            EntryKind::Note => "note",
            EntryKind::Instruction => "instruction",
            EntryKind::Repealed => "repealed",
        }
    }
}

/// The part of the document an entry is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Target {
    /// As printed (`Регламент`, `3-тармақ`) or, for an approval, the
    /// regulation's title.
    pub text: Option<String>,
    /// Its node id.
    pub node: Option<String>,
}

/// One event of the timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    /// `YYYY-MM-DD`; null when the document gives no possible date.
    pub date: Option<String>,
    /// The date as printed.
    pub date_text: Option<String>,
    pub kind: EntryKind,
    /// For a note its `note_kind` (`new_wording`, `excluded`, …); for an
    /// instruction its `instruction_kind` (`replace`, `delete`, …).
    pub action: Option<String>,
    /// The tree node the entry was read from (the metadata, a note, a stamp,
    /// a point).
    pub node: Option<String>,
    /// What in this document: a note's target, an approval's regulation.
    pub target: Option<Target>,
    /// The other act the entry names: this act (adoption), the approving
    /// act (approval), the amending act (note), the act amended (instruction),
    /// the repealing act (repeal); null for a registration.
    pub act: Option<ActBrief>,
    /// An instruction's targets in the act amended, as printed.
    pub targets: Vec<String>,
    /// An instruction's appendix (node id) carrying a new wording.
    pub appendix: Option<String>,
    /// …and the regulation (node id) in it.
    pub regulation: Option<String>,
    /// The printed words the entry was read from.
    pub text: String,
    /// Where those words start in the input: the order of entries of one
    /// day, and of undated ones.
    #[serde(skip)]
    position: Option<u64>,
}

impl Entry {
    fn new(kind: EntryKind, text: String) -> Entry {
        Entry {
            date: None,
            date_text: None,
            kind,
            action: None,
            node: None,
            target: None,
            act: None,
            targets: Vec::new(),
            appendix: None,
            regulation: None,
            text,
            position: None,
        }
    }

    /// Dated by a `date_fact` (`{iso, text, span}`), when there is one.
    fn dated(mut self, date: Option<&Value>) -> Entry {
        if let Some(d) = date.filter(|d| d.is_object()) {
            self.date = string(d, "iso").map(str::to_owned);
            self.date_text = string(d, "text").map(str::to_owned);
        }
        self
    }

    fn at(mut self, value: &Value) -> Entry {
        self.position = start(value);
        self
    }
}

/// The history of a parsed document.
pub fn of_document(doc: &Document) -> History {
    // Serializing the model cannot fail (no maps with non-string keys).
    history(&serde_json::to_value(doc).unwrap_or(Value::Null))
}

/// The history of a document in its JSON shape.
pub fn history(doc: &Value) -> History {
    let tree = doc.get("tree").unwrap_or(&Value::Null);
    let metadata = tree_children(tree)
        .iter()
        .find(|n| string(n, "kind") == Some("metadata"));
    let meta_id = metadata.and_then(|m| string(m, "id")).map(str::to_owned);
    let act = doc.get("act").filter(|a| a.is_object());
    let mut timeline = Vec::new();

    if let Some(act) = act {
        let adopted = object(act, "adopted_date");
        let own = ActBrief {
            act_type: object(act, "act_type")
                .and_then(|t| string(t, "kind"))
                .map(str::to_owned),
            authority: object(act, "authority")
                .and_then(|a| string(a, "nominative"))
                .map(str::to_owned),
            number: fact_text(act, "number").map(str::to_owned),
            date: adopted.and_then(|d| string(d, "iso")).map(str::to_owned),
        };
        if adopted.is_some() || own.number.is_some() {
            let printed: Vec<String> = [
                object(act, "authority").and_then(|a| string(a, "text")),
                adopted.and_then(|d| string(d, "text")),
                fact_text(act, "number"),
                object(act, "act_type").and_then(|t| string(t, "word")),
            ]
            .iter()
            .enumerate()
            .filter_map(|(i, part)| {
                part.map(|p| {
                    if i == 2 {
                        format!("№ {p}")
                    } else {
                        p.to_owned()
                    }
                })
            })
            .collect();
            let mut entry = Entry::new(EntryKind::Adopted, printed.join(" ")).dated(adopted);
            entry.node = meta_id.clone();
            entry.act = Some(own.clone());
            entry.position = adopted.and_then(start).or(metadata.and_then(start));
            timeline.push(entry);
        }
        if let Some(registration) = object(act, "registration") {
            let mut entry = Entry::new(
                EntryKind::Registered,
                string(registration, "text").unwrap_or_default().to_owned(),
            )
            .dated(registration.get("date"))
            .at(registration);
            entry.node = meta_id.clone();
            timeline.push(entry);
        }
        for instruction in array(act, "instructions") {
            let mut entry = Entry::new(
                EntryKind::Instruction,
                string(instruction, "text").unwrap_or_default().to_owned(),
            )
            .dated(adopted)
            .at(instruction);
            entry.action = string(instruction, "kind").map(str::to_owned);
            entry.node = string(instruction, "node").map(str::to_owned);
            entry.act = object(instruction, "target_act").map(brief);
            entry.targets = array(instruction, "targets")
                .iter()
                .filter_map(|t| string(t, "text"))
                .map(str::to_owned)
                .collect();
            entry.appendix = string(instruction, "appendix").map(str::to_owned);
            entry.regulation = string(instruction, "regulation").map(str::to_owned);
            timeline.push(entry);
        }
        if let Some(repeal) = object(act, "repealed_by") {
            let mut entry = Entry::new(
                EntryKind::Repealed,
                string(repeal, "text").unwrap_or_default().to_owned(),
            )
            .dated(repeal.get("date"))
            .at(repeal);
            entry.node = meta_id.clone();
            entry.act = Some(brief(repeal));
            timeline.push(entry);
        }
    }

    for stamp in array(doc, "stamps") {
        if string(stamp, "kind") != Some("approval") {
            continue;
        }
        let approving = object(stamp, "act");
        let mut entry = Entry::new(
            EntryKind::Approved,
            string(stamp, "text").unwrap_or_default().to_owned(),
        )
        .dated(approving.and_then(|a| a.get("date")))
        .at(stamp);
        entry.node = string(stamp, "node").map(str::to_owned);
        entry.act = approving.map(brief);
        entry.target = entry
            .node
            .as_deref()
            .and_then(|id| regulation_of(tree, id))
            .map(|r| Target {
                text: string(r, "heading").map(str::to_owned),
                node: string(r, "id").map(str::to_owned),
            });
        timeline.push(entry);
    }

    for note in array(doc, "notes") {
        let by = object(note, "by");
        let mut entry = Entry::new(
            EntryKind::Note,
            string(note, "text").unwrap_or_default().to_owned(),
        )
        .dated(by.and_then(|b| b.get("date")))
        .at(note);
        entry.action = string(note, "kind").map(str::to_owned);
        entry.node = string(note, "node").map(str::to_owned);
        entry.target = object(note, "target").map(|t| Target {
            text: string(t, "text").map(str::to_owned),
            node: string(t, "node").map(str::to_owned),
        });
        entry.act = by.map(brief);
        timeline.push(entry);
    }

    // A stable sort: entries of one day, and the undated ones, keep the
    // order of their words in the input (then the order above).
    timeline.sort_by(|a, b| {
        let key = |e: &Entry| {
            (
                e.date.is_none(),
                e.date.clone(),
                e.position.unwrap_or(u64::MAX),
            )
        };
        key(a).cmp(&key(b))
    });

    History {
        source: doc
            .get("source")
            .and_then(|s| string(s, "path"))
            .map(str::to_owned),
        act: act.map(summary),
        timeline,
    }
}

fn summary(act: &Value) -> ActSummary {
    ActSummary {
        act_type: object(act, "act_type")
            .and_then(|t| string(t, "kind"))
            .map(str::to_owned),
        authority: object(act, "authority")
            .and_then(|a| string(a, "nominative"))
            .map(str::to_owned),
        number: fact_text(act, "number").map(str::to_owned),
        adopted_date: object(act, "adopted_date")
            .and_then(|d| string(d, "iso"))
            .map(str::to_owned),
        status: object(act, "status")
            .and_then(|s| string(s, "value"))
            .map(str::to_owned),
        registration: object(act, "registration").map(|r| RegistrationSummary {
            date: object(r, "date")
                .and_then(|d| string(d, "iso"))
                .map(str::to_owned),
            number: fact_text(r, "number").map(str::to_owned),
            body: fact_text(r, "body").map(str::to_owned),
        }),
        repealed_by: object(act, "repealed_by").map(brief),
    }
}

/// An `act_ref` in brief.
fn brief(r: &Value) -> ActBrief {
    ActBrief {
        act_type: object(r, "act_type")
            .and_then(|t| string(t, "kind"))
            .map(str::to_owned),
        authority: object(r, "authority")
            .and_then(|a| string(a, "nominative"))
            .map(str::to_owned),
        number: fact_text(r, "number").map(str::to_owned),
        date: object(r, "date")
            .and_then(|d| string(d, "iso"))
            .map(str::to_owned),
    }
}

/// The innermost `regulation` node around the node `id` (the regulation an
/// approval stamp opens). Walked with a stack of its own, not recursion, so
/// that a deep tree in a JSON file cannot overflow the thread's stack.
fn regulation_of<'v>(tree: &'v Value, id: &str) -> Option<&'v Value> {
    let mut stack: Vec<(&Value, Option<&Value>)> = vec![(tree, None)];
    while let Some((node, around)) = stack.pop() {
        let around = if string(node, "kind") == Some("regulation") {
            Some(node)
        } else {
            around
        };
        if string(node, "id") == Some(id) {
            return around;
        }
        for child in tree_children(node).iter().rev() {
            stack.push((child, around));
        }
    }
    None
}

// ---------------------------------------------------------------- text

/// The history as `reglament history` prints it: a `document <path>` line,
/// the act, then the timeline.
pub fn render_text(h: &History) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "document {}", h.source.as_deref().unwrap_or(MISSING));
    out.push('\n');
    match &h.act {
        None => out.push_str("act  —\n"),
        Some(act) => {
            out.push_str("act\n");
            let registration = act.registration.as_ref().map_or(MISSING.to_owned(), |r| {
                let mut parts = Vec::new();
                if let Some(d) = &r.date {
                    parts.push(d.clone());
                }
                if let Some(n) = &r.number {
                    parts.push(format!("№ {n}"));
                }
                let mut shown = parts.join(" ");
                if let Some(body) = &r.body {
                    if !shown.is_empty() {
                        shown.push_str(", ");
                    }
                    shown.push_str(body);
                }
                if shown.is_empty() {
                    MISSING.to_owned()
                } else {
                    shown
                }
            });
            let rows = vec![
                row("type", or_missing(act.act_type.as_deref().map(words))),
                row("authority", or_missing(act.authority.clone())),
                row("number", or_missing(act.number.clone())),
                row("adopted", or_missing(act.adopted_date.clone())),
                row("status", or_missing(act.status.as_deref().map(words))),
                row("registration", registration),
                row(
                    "repealed by",
                    act.repealed_by
                        .as_ref()
                        .map_or(MISSING.to_owned(), |b| brief_text(b, true)),
                ),
            ];
            table(&rows, "  ", &mut out);
        }
    }
    out.push_str("\ntimeline\n");
    if h.timeline.is_empty() {
        out.push_str("  —\n");
        return out;
    }
    let rows: Vec<Vec<String>> = h
        .timeline
        .iter()
        .map(|e| {
            vec![
                e.date.clone().unwrap_or_else(|| MISSING.to_owned()),
                event(e),
                e.node.clone().unwrap_or_else(|| MISSING.to_owned()),
                description(e),
            ]
        })
        .collect();
    table(&rows, "  ", &mut out);
    out
}

/// The histories as one pretty JSON array, with a final newline.
pub fn render_json(histories: &[History]) -> String {
    // Plain structs of strings: serializing cannot fail.
    serde_json::to_string_pretty(histories).unwrap_or_else(|_| "[]".to_owned()) + "\n"
}

fn row(name: &str, value: String) -> Vec<String> {
    vec![name.to_owned(), value]
}

/// `note: new wording`, `instruction: replace`, `adopted`.
fn event(e: &Entry) -> String {
    match &e.action {
        Some(action) => format!("{}: {}", e.kind.name(), words(action)),
        None => e.kind.name().to_owned(),
    }
}

/// What the entry says, in one line.
fn description(e: &Entry) -> String {
    let by = e.act.as_ref().map(|b| brief_text(b, false));
    match e.kind {
        EntryKind::Adopted => or_missing(by),
        EntryKind::Registered => excerpt(&e.text, EXCERPT),
        EntryKind::Approved | EntryKind::Note | EntryKind::Repealed => {
            let mut parts = Vec::new();
            if let Some(t) = &e.target {
                parts.push(target_text(t, e.kind));
            }
            if let Some(by) = by {
                parts.push(format!("by {by}"));
            }
            // An editorial remark names no act and no part: its words say
            // what it is.
            if parts.is_empty() {
                excerpt(&e.text, EXCERPT)
            } else {
                parts.join(" ")
            }
        }
        EntryKind::Instruction => {
            let mut shown = e
                .act
                .as_ref()
                .map_or_else(|| MISSING.to_owned(), |b| brief_text(b, true));
            if !e.targets.is_empty() {
                let targets: Vec<String> = e.targets.iter().map(|t| excerpt(t, 60)).collect();
                let _ = write!(shown, ": {}", targets.join("; "));
            }
            match (&e.appendix, &e.regulation) {
                (Some(a), Some(r)) => {
                    let _ = write!(shown, " → {a} ({r})");
                }
                (Some(a), None) => {
                    let _ = write!(shown, " → {a}");
                }
                (None, Some(r)) => {
                    let _ = write!(shown, " → {r}");
                }
                (None, None) => {}
            }
            shown
        }
    }
}

/// `3-тармақ (reg1/ch1/i3)`; an approval names its regulation by id only
/// (its title is long).
fn target_text(t: &Target, kind: EntryKind) -> String {
    match (kind, &t.text, &t.node) {
        (EntryKind::Approved, _, Some(node)) => node.clone(),
        (_, Some(text), Some(node)) => format!("{text} ({node})"),
        (_, Some(text), None) => text.clone(),
        (_, None, Some(node)) => node.clone(),
        (_, None, None) => MISSING.to_owned(),
    }
}

/// `order № 567 of 2020-10-30, Қазақстан Республикасы … министрі м.а.`.
fn brief_text(b: &ActBrief, with_date: bool) -> String {
    let mut head = b.act_type.as_deref().map(words).unwrap_or_default();
    if let Some(n) = &b.number {
        if !head.is_empty() {
            head.push(' ');
        }
        let _ = write!(head, "№ {n}");
    }
    if with_date {
        if let Some(d) = &b.date {
            if !head.is_empty() {
                head.push(' ');
            }
            let _ = write!(head, "of {d}");
        }
    }
    match (&b.authority, head.is_empty()) {
        (Some(a), false) => format!("{head}, {a}"),
        (Some(a), true) => a.clone(),
        (None, false) => head,
        (None, true) => MISSING.to_owned(),
    }
}

/// `new_wording` → `new wording`.
fn words(name: &str) -> String {
    name.replace('_', " ")
}

fn or_missing(value: Option<String>) -> String {
    value.unwrap_or_else(|| MISSING.to_owned())
}

/// The first `max` characters of a text, whitespace collapsed, `…` when cut.
fn excerpt(text: &str, max: usize) -> String {
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.is_empty() {
        return MISSING.to_owned();
    }
    if collapsed.chars().count() <= max {
        return collapsed;
    }
    let mut cut: String = collapsed.chars().take(max).collect();
    cut.truncate(cut.trim_end().len());
    cut.push('…');
    cut
}

// ---------------------------------------------------------------- JSON access

fn array<'v>(value: &'v Value, key: &str) -> &'v [Value] {
    value
        .get(key)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

fn tree_children(node: &Value) -> &[Value] {
    array(node, "children")
}

fn string<'v>(value: &'v Value, key: &str) -> Option<&'v str> {
    value.get(key).and_then(Value::as_str)
}

/// A field that is an object (not null, not mistyped).
fn object<'v>(value: &'v Value, key: &str) -> Option<&'v Value> {
    value.get(key).filter(|v| v.is_object())
}

/// The text of a fact-shaped field (`{text, span}`).
fn fact_text<'v>(value: &'v Value, key: &str) -> Option<&'v str> {
    object(value, key).and_then(|f| string(f, "text"))
}

/// Where a value's span starts.
fn start(value: &Value) -> Option<u64> {
    value.get("span")?.get("start")?.as_u64()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn briefs_read_like_references() {
        let b = ActBrief {
            act_type: Some("joint_order".into()),
            authority: Some("Алматы қаласы әкімдігі".into()),
            number: Some("3/372".into()),
            date: Some("2020-09-16".into()),
        };
        assert_eq!(
            brief_text(&b, true),
            "joint order № 3/372 of 2020-09-16, Алматы қаласы әкімдігі"
        );
        assert_eq!(
            brief_text(&b, false),
            "joint order № 3/372, Алматы қаласы әкімдігі"
        );
        let none = ActBrief {
            act_type: None,
            authority: None,
            number: None,
            date: None,
        };
        assert_eq!(brief_text(&none, true), MISSING);
    }

    #[test]
    fn anything_gives_a_history() {
        for junk in [
            "null",
            "1",
            "[]",
            "{}",
            r#"{"act": 5, "notes": {}, "stamps": [1, null], "tree": []}"#,
            r#"{"act": {"instructions": [7, {"targets": 3}], "adopted_date": {"iso": 1}}, "notes": [{"by": {"date": []}}]}"#,
        ] {
            let value: Value = serde_json::from_str(junk).unwrap();
            let h = history(&value);
            let text = render_text(&h);
            assert!(text.starts_with("document "), "{junk}: {text}");
            assert!(render_json(std::slice::from_ref(&h)).starts_with('['));
        }
    }

    #[test]
    fn undated_entries_go_last_in_document_order() {
        let doc = serde_json::json!({
            "notes": [
                {"node": "n1", "kind": "other", "text": "b", "span": {"start": 50, "end": 60}},
                {"node": "n2", "kind": "new_wording", "text": "c",
                 "by": {"date": {"iso": "2019-01-01", "text": "01.01.2019"}},
                 "span": {"start": 70, "end": 80}},
                {"node": "n3", "kind": "editorial", "text": "a", "span": {"start": 10, "end": 20}},
                {"node": "n4", "kind": "amended", "text": "d",
                 "by": {"date": {"iso": "2018-05-01", "text": "01.05.2018"}},
                 "span": {"start": 90, "end": 95}}
            ]
        });
        let h = history(&doc);
        let nodes: Vec<&str> = h
            .timeline
            .iter()
            .map(|e| e.node.as_deref().unwrap())
            .collect();
        assert_eq!(nodes, ["n4", "n2", "n3", "n1"]);
        assert_eq!(h.act, None);
    }
}
