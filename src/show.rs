//! Documents in, a summary for a person out: per regulation, its facts
//! (DOMAIN.md §8: service, status, provider, channels, form, result, fee,
//! term, start basis), its actors, a table of its steps and its electronic
//! flows.
//!
//! Reads the JSON shape of a document (`serde_json::Value`), so that a
//! regulation text parsed on the fly and a JSON file written by
//! `reglament parse` (even one from another version, or incomplete) are
//! shown by the same code. What a document does not give is shown as `—`.
//! Columns are aligned by characters, not bytes: Kazakh letters take two
//! bytes in UTF-8.

use std::fmt::Write as _;

use serde_json::Value;

use crate::model::Document;
use crate::validate::{syntax_error, SyntaxError};
use crate::DecodeError;

/// What stands for a fact the document does not give.
pub const MISSING: &str = "—";

/// How many characters of a step's text the table shows.
const TEXT_EXCERPT: usize = 60;

/// How many characters of a long fact (provider, start basis) are shown.
const FACT_EXCERPT: usize = 100;

/// Why an input could not be shown.
#[derive(Debug)]
pub enum LoadError {
    /// Named `.json`/`.jsonl` and not JSON.
    Json(SyntaxError),
    /// Not JSON and not text either.
    Decode(DecodeError),
}

/// The documents of one input: JSON written by `reglament parse` (a
/// document, an array of documents, JSON lines) when it starts with `{` or
/// `[` and reads as JSON, else a text parsed on the spot.
pub fn load(bytes: &[u8], name: &str) -> Result<Vec<Value>, LoadError> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let first = body.iter().find(|b| !b.is_ascii_whitespace());
    if matches!(first, Some(b'{' | b'[')) {
        match json_documents(body) {
            Ok(documents) => return Ok(documents),
            // A text may start with a bracket; a file named as JSON may not.
            Err(e) if named_json(name) => return Err(LoadError::Json(e)),
            Err(_) => {}
        }
    }
    let doc = crate::parse(bytes, name).map_err(LoadError::Decode)?;
    Ok(vec![to_value(&doc)])
}

fn named_json(name: &str) -> bool {
    let lower = name.to_lowercase();
    lower.ends_with(".json") || lower.ends_with(".jsonl")
}

fn json_documents(bytes: &[u8]) -> Result<Vec<Value>, SyntaxError> {
    let mut documents = Vec::new();
    for value in serde_json::Deserializer::from_slice(bytes).into_iter::<Value>() {
        match value.map_err(|e| syntax_error(&e))? {
            Value::Array(items) => documents.extend(items),
            doc => documents.push(doc),
        }
    }
    Ok(documents)
}

fn to_value(doc: &Document) -> Value {
    // Serializing the model cannot fail (no maps with non-string keys).
    serde_json::to_value(doc).unwrap_or(Value::Null)
}

/// One document's summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown {
    pub text: String,
    /// How many regulations it shows.
    pub regulations: usize,
}

/// The summary of a document, as `reglament show` prints it.
pub fn render_document(doc: &Document, regulation: Option<&str>) -> Shown {
    render(&to_value(doc), regulation)
}

/// The summary of a document in its JSON shape: a `document <path>` line,
/// then each regulation (only the one with id `regulation`, when given),
/// separated by blank lines.
pub fn render(doc: &Value, regulation: Option<&str>) -> Shown {
    let mut out = String::new();
    let path = doc
        .get("source")
        .and_then(|s| s.get("path"))
        .and_then(Value::as_str)
        .unwrap_or(MISSING);
    let _ = writeln!(out, "document {path}");
    let mut count = 0;
    for workflow in array(doc, "regulations") {
        if regulation.is_some_and(|id| string(workflow, "id") != Some(id)) {
            continue;
        }
        out.push('\n');
        render_regulation(workflow, &mut out);
        count += 1;
    }
    if count == 0 && regulation.is_none() {
        out.push_str("\nno regulations\n");
    }
    Shown {
        text: out,
        regulations: count,
    }
}

fn render_regulation(w: &Value, out: &mut String) {
    let id = string(w, "id").unwrap_or(MISSING);
    let title = fact_text(w, "title").unwrap_or(MISSING);
    let _ = writeln!(out, "{id}  {title}");

    let actors = array(w, "actors");
    let steps = array(w, "steps");
    let flows = array(w, "flows");
    let notes = array(w, "notes");
    let facts: Vec<(&str, String)> = vec![
        ("service", or_missing(fact_text(w, "service_name"))),
        ("status", or_missing(string(w, "status"))),
        ("appendix", appendix(w)),
        (
            "provider",
            or_missing(fact_text(w, "provider").map(|t| excerpt(t, FACT_EXCERPT))),
        ),
        ("channels", channels(w)),
        ("form", form(w)),
        ("result", result(w)),
        ("delivery", delivery(w)),
        ("fee", fee(w)),
        ("term", term(w)),
        (
            "start basis",
            or_missing(fact_text(w, "start_basis").map(|t| excerpt(t, FACT_EXCERPT))),
        ),
        ("notes", count(notes)),
        ("actors", count(actors)),
        ("steps", count(steps)),
        ("flows", count(flows)),
    ];
    let rows: Vec<Vec<String>> = facts
        .into_iter()
        .map(|(k, v)| vec![k.to_owned(), v])
        .collect();
    table(&rows, "  ", out);

    if !actors.is_empty() {
        out.push_str("\n  actors\n");
        let rows: Vec<Vec<String>> = actors
            .iter()
            .map(|a| {
                let name = string(a, "name");
                let mut row = vec![
                    short_id(string(a, "id").unwrap_or(MISSING)).to_owned(),
                    or_missing(name),
                ];
                // The entry as printed, when it says more than the name
                // (not just the list's `;` or `.`).
                if let Some(text) = string(a, "text")
                    .filter(|t| Some(t.trim_end_matches([';', '.', ',', ' '])) != name)
                {
                    row.push(excerpt(text, TEXT_EXCERPT));
                }
                row
            })
            .collect();
        table(&rows, "    ", out);
    }

    if !steps.is_empty() {
        out.push_str("\n  steps\n");
        let mut rows = vec![header(&["label", "kind", "actor", "duration", "text"])];
        rows.extend(steps.iter().map(|s| {
            vec![
                label(s),
                or_missing(string(s, "kind")),
                step_actor(s, actors),
                durations(array(s, "durations")),
                or_missing(string(s, "text").map(|t| excerpt(t, TEXT_EXCERPT))),
            ]
        }));
        table(&rows, "    ", out);
    }

    if !flows.is_empty() {
        out.push_str("\n  flows\n");
        for flow in flows {
            let _ = writeln!(
                out,
                "    {}  {}  {}",
                short_id(string(flow, "id").unwrap_or(MISSING)),
                string(flow, "channel").map_or(MISSING, flow_channel),
                or_missing(fact_text(flow, "title").map(|t| excerpt(t, TEXT_EXCERPT)))
            );
            let steps = array(flow, "steps");
            let failures = steps.iter().any(|s| string(s, "on_failure").is_some());
            let mut head = vec!["label", "kind", "duration"];
            if failures {
                head.push("on failure");
            }
            head.push("text");
            let mut rows = vec![header(&head)];
            rows.extend(steps.iter().map(|s| {
                let mut row = vec![
                    label(s),
                    or_missing(string(s, "kind")),
                    durations(array(s, "durations")),
                ];
                if failures {
                    row.push(on_failure(s, steps));
                }
                row.push(or_missing(
                    string(s, "text").map(|t| excerpt(t, TEXT_EXCERPT)),
                ));
                row
            }));
            table(&rows, "      ", out);
        }
    }
}

fn header(names: &[&str]) -> Vec<String> {
    names.iter().map(|n| (*n).to_owned()).collect()
}

/// Rows with their columns padded to the widest cell (in characters); the
/// last column is not padded, so no line ends in spaces.
pub(crate) fn table(rows: &[Vec<String>], indent: &str, out: &mut String) {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|cell| cell.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    for row in rows {
        let mut line = indent.to_owned();
        for (c, cell) in row.iter().enumerate() {
            line.push_str(cell);
            if c + 1 < row.len() {
                let pad = widths[c].saturating_sub(cell.chars().count()) + 2;
                line.extend(std::iter::repeat_n(' ', pad));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
}

pub(crate) fn array<'v>(value: &'v Value, key: &str) -> &'v [Value] {
    value
        .get(key)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

pub(crate) fn string<'v>(value: &'v Value, key: &str) -> Option<&'v str> {
    value.get(key).and_then(Value::as_str)
}

/// The text of a fact-shaped field (`{text, span}`).
pub(crate) fn fact_text<'v>(value: &'v Value, key: &str) -> Option<&'v str> {
    value.get(key).and_then(|f| string(f, "text"))
}

fn or_missing(value: Option<impl Into<String>>) -> String {
    value.map_or_else(|| MISSING.to_owned(), Into::into)
}

fn count(items: &[Value]) -> String {
    if items.is_empty() {
        MISSING.to_owned()
    } else {
        items.len().to_string()
    }
}

/// The first `max` characters of a text, whitespace collapsed, `…` when cut.
/// At most `max` characters of `text`, whitespace collapsed, `…` where cut.
pub fn excerpt(text: &str, max: usize) -> String {
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.chars().count() <= max {
        return collapsed;
    }
    let mut cut: String = collapsed.chars().take(max).collect();
    cut.truncate(cut.trim_end().len());
    cut.push('…');
    cut
}

/// `actor3` for `app1/reg1#actor3`; `flow1.step2` for `reg1#flow1.step2`.
pub(crate) fn short_id(id: &str) -> &str {
    id.rsplit_once('#').map_or(id, |(_, short)| short)
}

fn appendix(w: &Value) -> String {
    let Some(appendix) = w.get("appendix").filter(|a| a.is_object()) else {
        return MISSING.to_owned();
    };
    string(appendix, "label")
        .or_else(|| string(appendix, "node"))
        .unwrap_or(MISSING)
        .to_owned()
}

fn channels(w: &Value) -> String {
    let shown: Vec<String> = array(w, "channels")
        .iter()
        .map(|c| match string(c, "kind") {
            Some("provider_office") => "provider's office".to_owned(),
            Some("state_corporation") => "State Corporation".to_owned(),
            Some("portal") => "portal".to_owned(),
            _ => format!(
                "other ({})",
                or_missing(string(c, "text").map(|t| excerpt(t, 40)))
            ),
        })
        .collect();
    joined(shown)
}

fn joined(items: Vec<String>) -> String {
    if items.is_empty() {
        MISSING.to_owned()
    } else {
        items.join(", ")
    }
}

pub(crate) fn form(w: &Value) -> String {
    let Some(form) = w.get("form").filter(|f| f.is_object()) else {
        return MISSING.to_owned();
    };
    let values: Vec<String> = array(form, "values")
        .iter()
        .filter_map(Value::as_str)
        .map(|v| {
            match v {
                "electronic_full" => "electronic (fully automated)",
                "electronic_partial" => "electronic (partially automated)",
                other => other,
            }
            .to_owned()
        })
        .collect();
    if values.is_empty() {
        return or_missing(string(form, "text").map(|t| excerpt(t, FACT_EXCERPT)));
    }
    values.join(", ")
}

pub(crate) fn result(w: &Value) -> String {
    let Some(result) = w.get("result").filter(|r| r.is_object()) else {
        return MISSING.to_owned();
    };
    let types: Vec<String> = array(result, "types")
        .iter()
        .filter_map(Value::as_str)
        .map(|t| t.replace('_', " "))
        .collect();
    if types.is_empty() {
        return or_missing(string(result, "text").map(|t| excerpt(t, FACT_EXCERPT)));
    }
    types.join(", ")
}

fn delivery(w: &Value) -> String {
    w.get("result")
        .and_then(|r| string(r, "delivery_form"))
        .map_or_else(|| MISSING.to_owned(), |d| d.replace('_', " "))
}

fn fee(w: &Value) -> String {
    match w
        .get("free_of_charge")
        .and_then(|f| f.get("value"))
        .and_then(Value::as_bool)
    {
        Some(true) => "free".to_owned(),
        Some(false) => "not free".to_owned(),
        None => MISSING.to_owned(),
    }
}

pub(crate) fn term(w: &Value) -> String {
    let Some(term) = w.get("term").filter(|t| t.is_object()) else {
        return MISSING.to_owned();
    };
    let durations = array(term, "durations");
    if durations.is_empty() {
        return or_missing(string(term, "text").map(|t| excerpt(t, FACT_EXCERPT)));
    }
    self::durations(durations)
}

/// The durations of a list, an alternative in parentheses after the one it
/// is an alternative to: `up to 30 calendar days (or 22 working days)`.
pub(crate) fn durations(list: &[Value]) -> String {
    let alternative_of = |i: usize| {
        list[i]
            .get("alternative_of")
            .and_then(Value::as_u64)
            .and_then(|of| usize::try_from(of).ok())
            .filter(|&of| of < i)
    };
    let mut shown = Vec::new();
    for (i, d) in list.iter().enumerate() {
        if alternative_of(i).is_some() {
            continue;
        }
        let mut text = duration(d);
        for (j, alt) in list.iter().enumerate().skip(i + 1) {
            if alternative_of(j) == Some(i) {
                let _ = write!(text, " (or {})", duration(alt));
            }
        }
        shown.push(text);
    }
    joined(shown)
}

/// `15 min`, `within 1 working day`, `up to 30 calendar days`; a conflict
/// of digits and words is shown: `15 min (words say 14)`.
fn duration(d: &Value) -> String {
    let Some(value) = d.get("value").and_then(Value::as_u64) else {
        return or_missing(string(d, "text"));
    };
    let one = value == 1;
    let unit = match string(d, "unit") {
        Some("minute") => "min".to_owned(),
        Some("hour") => "h".to_owned(),
        Some("working_day") => plural("working day", one),
        Some("calendar_day") => plural("calendar day", one),
        Some("day") => plural("day", one),
        Some("month") => plural("month", one),
        Some("year") => plural("year", one),
        Some(other) => other.replace('_', " "),
        None => MISSING.to_owned(),
    };
    let bound = match string(d, "bound") {
        Some("within") => "within ",
        Some("up_to") => "up to ",
        Some("not_later_than") => "not later than ",
        Some("not_exceeding") => "not exceeding ",
        _ => "",
    };
    let mut text = format!("{bound}{value} {unit}");
    if d.get("conflict").and_then(Value::as_bool) == Some(true) {
        match d.get("words_value").and_then(Value::as_u64) {
            Some(words) => {
                let _ = write!(text, " (words say {words})");
            }
            None => text.push_str(" (words unreadable)"),
        }
    }
    text
}

fn plural(unit: &str, one: bool) -> String {
    if one {
        unit.to_owned()
    } else {
        format!("{unit}s")
    }
}

/// The label as printed, else the number, else `—` (a paragraph).
pub(crate) fn label(step: &Value) -> String {
    string(step, "label")
        .map(str::to_owned)
        .or_else(|| {
            step.get("number")
                .and_then(Value::as_u64)
                .map(|n| n.to_string())
        })
        .unwrap_or_else(|| MISSING.to_owned())
}

/// The performer, short: the actor's short id and the head word of its
/// name (`actor2 басшысы`; the names share long genitive openings such as
/// `көрсетілетін қызметті берушінің`, so the last word is what tells them
/// apart), else the performer as printed, else `—`.
pub(crate) fn step_actor(step: &Value, actors: &[Value]) -> String {
    if let Some(id) = string(step, "actor") {
        let head = actors
            .iter()
            .find(|a| string(a, "id") == Some(id))
            .and_then(|a| string(a, "name"))
            .and_then(|name| name.split_whitespace().last());
        return match head {
            Some(head) => format!("{} {head}", short_id(id)),
            None => short_id(id).to_owned(),
        };
    }
    or_missing(string(step, "actor_text").map(|t| excerpt(t, 30)))
}

/// The step a condition's failure goes to, by its label.
fn on_failure(step: &Value, steps: &[Value]) -> String {
    let Some(target) = string(step, "on_failure") else {
        return MISSING.to_owned();
    };
    steps
        .iter()
        .find(|s| string(s, "id") == Some(target))
        .map(label)
        .filter(|l| l != MISSING)
        .unwrap_or_else(|| {
            target
                .rsplit_once('.')
                .map_or(target, |(_, s)| s)
                .to_owned()
        })
}

fn flow_channel(channel: &str) -> &str {
    match channel {
        "state_corporation" => "State Corporation",
        "provider" => "provider's system",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn durations_read_in_words() {
        let list = json!([
            {"value": 30, "unit": "calendar_day", "bound": "up_to"},
            {"value": 22, "unit": "working_day", "bound": "exact", "alternative_of": 0},
            {"value": 15, "unit": "minute", "bound": "exact", "conflict": true, "words_value": 14},
            {"value": 1, "unit": "working_day", "bound": "within"},
            {"value": 2, "unit": "hour", "bound": "not_later_than", "alternative_of": 7}
        ]);
        assert_eq!(
            durations(list.as_array().unwrap()),
            "up to 30 calendar days (or 22 working days), 15 min (words say 14), \
             within 1 working day, not later than 2 h"
        );
        assert_eq!(durations(&[]), "—");
    }

    #[test]
    fn excerpts_count_characters() {
        assert_eq!(excerpt("Мемлекеттік  қызмет", 11), "Мемлекеттік…");
        assert_eq!(excerpt("қызмет", 6), "қызмет");
    }

    #[test]
    fn tables_align_by_characters() {
        let rows = vec![
            vec!["басшысы".to_owned(), "a".to_owned()],
            vec!["x".to_owned(), "b".to_owned()],
        ];
        let mut out = String::new();
        table(&rows, "", &mut out);
        assert_eq!(out, "басшысы  a\nx        b\n");
    }

    #[test]
    fn anything_json_is_shown_without_panic() {
        for junk in [
            json!(null),
            json!(1),
            json!({"regulations": [1, {"steps": [{}], "flows": [{"steps": [{"on_failure": 3}]}]}]}),
        ] {
            let shown = render(&junk, None);
            assert!(shown.text.starts_with("document "));
        }
    }
}
