//! JSON documents in, problems out: checks that a file written by
//! `reglament parse` (one document, an array of documents, or JSON lines)
//! keeps the output contract.
//!
//! Two layers. The JSON Schema (`schema/reglament.schema.json`, embedded)
//! checks shapes, types and vocabularies. The rules the schema cannot
//! express are checked on the JSON itself: spans inside the input, the
//! leaves of the tree tiling the input in order (README, "Lossless"), ids
//! unique, every reference between the workflow and the tree resolving
//! (DOMAIN.md §8), every node a note, a stamp or an amendment instruction
//! names existing (of the kind the field says, where it says one), and every
//! ISO date of the act, the notes and the stamps being a day of the calendar
//! (DOMAIN.md §2, §6). Each problem names the offending value by its JSON path
//! (`regulations[2].steps[4].actor`). The checks read a `serde_json::Value`
//! and skip what is missing or mistyped (the schema reports that), so a
//! broken document yields problems, never a panic.

use std::collections::{HashMap, HashSet};
use std::fmt;

use serde_json::Value;

/// The output contract, embedded so that the binary validates on its own.
pub const SCHEMA: &str = include_str!("../schema/reglament.schema.json");

/// One reason a document is invalid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// For JSON lines (several documents in one file): the 1-based line the
    /// document starts on.
    pub line: Option<usize>,
    /// The offending value as a JSON path: `regulations[2].steps[4].actor`;
    /// `document` for the document itself, `[3]` for the fourth document of
    /// an array.
    pub path: String,
    pub message: String,
}

impl fmt::Display for Problem {
    /// `path: message`, or `line: path: message` for JSON lines, to follow
    /// a file name and a colon.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{line}: {}: {}", self.path, self.message),
            None => write!(f, "{}: {}", self.path, self.message),
        }
    }
}

/// A file that is not JSON, with the position serde_json stopped at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in bytes.
    pub column: usize,
    pub message: String,
}

impl fmt::Display for SyntaxError {
    /// `line:col: message`, to follow a file name and a colon.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

/// What one file held.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// How many documents were checked.
    pub documents: usize,
    /// Every problem, per document in path order; empty when all are valid.
    pub problems: Vec<Problem>,
}

/// The embedded schema, compiled once for many files.
pub struct Validator {
    schema: Value,
    document: jsonschema::Validator,
    /// One validator per `$defs` entry that is the non-null branch of a
    /// nullable field (`anyOf: [{$ref}, {type: null}]`): when such a field
    /// is wrong, the schema alone says only "not valid under any of the
    /// schemas"; re-checking the value against its definition names the
    /// field inside it that is wrong. Kept with the schema it was compiled
    /// from, whose paths its errors give (a nullable field can sit inside
    /// another: `act.repealed_by.date`).
    nullable: HashMap<String, (jsonschema::Validator, Value)>,
}

impl Validator {
    /// Compiles the embedded schema. Fails only if the schema itself is
    /// broken, which the tests rule out.
    pub fn new() -> Result<Validator, String> {
        let schema: Value =
            serde_json::from_str(SCHEMA).map_err(|e| format!("the embedded schema: {e}"))?;
        let document = jsonschema::draft202012::new(&schema)
            .map_err(|e| format!("the embedded schema: {e}"))?;
        let mut nullable = HashMap::new();
        let mut targets = Vec::new();
        nullable_targets(&schema, &mut targets);
        for name in targets {
            if nullable.contains_key(&name) {
                continue;
            }
            let wrapper = serde_json::json!({
                "$schema": schema.get("$schema").cloned().unwrap_or(Value::Null),
                "$defs": schema.get("$defs").cloned().unwrap_or(Value::Null),
                "$ref": format!("#/$defs/{name}"),
            });
            let compiled = jsonschema::draft202012::new(&wrapper)
                .map_err(|e| format!("the embedded schema, $defs/{name}: {e}"))?;
            nullable.insert(name, (compiled, wrapper));
        }
        Ok(Validator {
            schema,
            document,
            nullable,
        })
    }

    /// Checks every document of a file: one JSON document, an array of
    /// documents, or JSON lines (one document per line). Fails only when the
    /// bytes are not JSON.
    pub fn file(&self, bytes: &[u8]) -> Result<Report, SyntaxError> {
        // A UTF-8 BOM is not JSON, but editors write one; columns on the
        // first line still count it, as a reader's editor would.
        let (bytes, bom) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
            Some(rest) => (rest, 3),
            None => (bytes, 0),
        };
        let values = json_values(bytes).map_err(|mut e| {
            if e.line == 1 {
                e.column += bom;
            }
            e
        })?;
        let many = values.len() > 1;
        let mut report = Report::default();
        for (line, value) in values {
            let line = many.then_some(line);
            // An array holds documents; anything else is one (and if it is
            // not an object, the schema says so).
            let documents: Vec<(&Value, Vec<Segment>)> = match &value {
                Value::Array(docs) => docs
                    .iter()
                    .enumerate()
                    .map(|(i, doc)| (doc, vec![Segment::Index(i)]))
                    .collect(),
                doc => vec![(doc, Vec::new())],
            };
            for (doc, prefix) in documents {
                report.documents += 1;
                let problems = self.check(doc, &prefix).into_iter();
                report
                    .problems
                    .extend(problems.map(|(path, message)| Problem {
                        line,
                        path,
                        message,
                    }));
            }
        }
        Ok(report)
    }

    /// The problems of one document, in path order.
    pub fn document(&self, doc: &Value) -> Vec<Problem> {
        self.check(doc, &[])
            .into_iter()
            .map(|(path, message)| Problem {
                line: None,
                path,
                message,
            })
            .collect()
    }

    /// Schema problems, then the semantic ones the schema did not already
    /// report at the same place, sorted by path; paths rendered under
    /// `prefix`.
    fn check(&self, doc: &Value, prefix: &[Segment]) -> Vec<(String, String)> {
        let mut found = Vec::new();
        self.schema_problems(&self.document, &self.schema, doc, &[], &mut found);
        let reported: HashSet<Vec<Segment>> = found.iter().map(|(p, _)| p.clone()).collect();
        let mut semantic = Vec::new();
        rules::document(doc, &mut semantic);
        found.extend(semantic.into_iter().filter(|(p, _)| !reported.contains(p)));
        found.sort();
        found.dedup();
        found
            .into_iter()
            .map(|(path, message)| {
                let mut full = prefix.to_vec();
                full.extend(path);
                (render_path(&full), message)
            })
            .collect()
    }

    /// The problems `validator` (compiled from `root`) finds in `instance`,
    /// their paths under `base`.
    fn schema_problems(
        &self,
        validator: &jsonschema::Validator,
        root: &Value,
        instance: &Value,
        base: &[Segment],
        found: &mut Vec<(Vec<Segment>, String)>,
    ) {
        for error in validator.iter_errors(instance) {
            let mut path = base.to_vec();
            let (relative, value) = pointer_segments(instance, error.instance_path.as_str());
            path.extend(relative);
            if matches!(error.kind, jsonschema::error::ValidationErrorKind::AnyOf) {
                let target = self
                    .nullable_target(root, error.schema_path.as_str())
                    .and_then(|name| self.nullable.get(&name));
                if let (Some((inner, inner_root)), Some(value)) = (target, value) {
                    // Each descent is into the value at the error, so it
                    // ends; the depth bound is insurance against a schema
                    // change that would make it re-enter the same place.
                    if !value.is_null() && base.len() < 64 {
                        self.schema_problems(inner, inner_root, value, &path, found);
                        continue;
                    }
                }
            }
            found.push((path, schema_message(&error)));
        }
    }

    /// The `$defs` name of the non-null branch of the `anyOf` the schema
    /// path ends at. The path goes through `$ref`s, so it is followed step
    /// by step rather than looked up as one pointer, from the `root` the
    /// path is relative to (the document schema, or the wrapper of a
    /// nullable definition); references resolve in the document schema,
    /// whose `$defs` every wrapper shares.
    fn nullable_target(&self, root: &Value, schema_path: &str) -> Option<String> {
        let mut node = root;
        for token in schema_path.split('/').skip(1) {
            let token = token.replace("~1", "/").replace("~0", "~");
            if token == "$ref" {
                let reference = node.get("$ref")?.as_str()?;
                node = self.schema.pointer(reference.strip_prefix('#')?)?;
                continue;
            }
            node = match node {
                Value::Object(map) => map.get(&token)?,
                Value::Array(items) => items.get(token.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
        node.as_array()?.iter().find_map(|branch| {
            branch
                .get("$ref")?
                .as_str()?
                .strip_prefix("#/$defs/")
                .map(str::to_owned)
        })
    }
}

/// The `$defs` names that are the referenced branch of an `anyOf`.
fn nullable_targets(schema: &Value, out: &mut Vec<String>) {
    match schema {
        Value::Object(map) => {
            if let Some(Value::Array(branches)) = map.get("anyOf") {
                for branch in branches {
                    if let Some(name) = branch
                        .get("$ref")
                        .and_then(Value::as_str)
                        .and_then(|r| r.strip_prefix("#/$defs/"))
                    {
                        out.push(name.to_owned());
                    }
                }
            }
            map.values().for_each(|v| nullable_targets(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| nullable_targets(v, out)),
        _ => {}
    }
}

/// The schema's message, lowercase like the rest of ours; a big value is
/// not printed whole.
fn schema_message(error: &jsonschema::ValidationError<'_>) -> String {
    let shown = serde_json::to_string(error.instance.as_ref()).map_or(0, |s| s.chars().count());
    let message = if shown > 80 {
        error.masked_with("the value").to_string()
    } else {
        error.to_string()
    };
    let mut chars = message.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if first.is_ascii_uppercase() && second.is_lowercase() => {
            first.to_ascii_lowercase().to_string() + &message[first.len_utf8()..]
        }
        _ => message,
    }
}

/// The top-level JSON values of a file with the line each starts on.
fn json_values(bytes: &[u8]) -> Result<Vec<(usize, Value)>, SyntaxError> {
    let mut stream = serde_json::Deserializer::from_slice(bytes).into_iter::<Value>();
    let mut values = Vec::new();
    // Lines are counted as the stream moves on, so that a long JSON-lines
    // file is read in one pass.
    let (mut counted_to, mut line) = (0, 1);
    loop {
        let start = stream.byte_offset()
            + bytes[stream.byte_offset()..]
                .iter()
                .take_while(|b| b.is_ascii_whitespace())
                .count();
        line += bytes[counted_to..start]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        counted_to = start;
        match stream.next() {
            None => break,
            Some(Ok(value)) => values.push((line, value)),
            Some(Err(e)) => return Err(syntax_error(&e)),
        }
    }
    if values.is_empty() {
        return Err(SyntaxError {
            line,
            column: 1,
            message: "no JSON value in the file".to_owned(),
        });
    }
    Ok(values)
}

/// serde_json's message without its ` at line L column C` (the position is
/// given as `line:col`), lowercase.
pub fn syntax_error(e: &serde_json::Error) -> SyntaxError {
    let text = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    let message = text.strip_suffix(&suffix).unwrap_or(&text).to_owned();
    SyntaxError {
        line: e.line().max(1),
        column: e.column().max(1),
        message: message.to_lowercase(),
    }
}

/// One step of a JSON path.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Segment {
    // Indices sort before keys only to make the order total; within one
    // object or array the kinds never mix.
    Index(usize),
    Key(String),
}

/// `regulations[2].steps[4].actor`; `document` for the root.
fn render_path(path: &[Segment]) -> String {
    if path.is_empty() {
        return "document".to_owned();
    }
    let mut out = String::new();
    for segment in path {
        match segment {
            Segment::Index(i) => out.push_str(&format!("[{i}]")),
            Segment::Key(key)
                if !key.is_empty()
                    && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') =>
            {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            // A key that would read ambiguously is quoted as JSON.
            Segment::Key(key) => {
                out.push('[');
                out.push_str(&serde_json::to_string(key).unwrap_or_default());
                out.push(']');
            }
        }
    }
    out
}

/// A JSON pointer (`/regulations/0/title`) as path segments, read against
/// the instance so that a digit key of an object stays a key; also the value
/// it points at.
fn pointer_segments<'v>(instance: &'v Value, pointer: &str) -> (Vec<Segment>, Option<&'v Value>) {
    let mut segments = Vec::new();
    let mut node = Some(instance);
    for token in pointer.split('/').skip(1) {
        let token = token.replace("~1", "/").replace("~0", "~");
        match node {
            Some(Value::Array(items)) => match token.parse::<usize>() {
                Ok(i) => {
                    segments.push(Segment::Index(i));
                    node = items.get(i);
                }
                Err(_) => {
                    segments.push(Segment::Key(token));
                    node = None;
                }
            },
            Some(Value::Object(map)) => {
                node = map.get(&token);
                segments.push(Segment::Key(token));
            }
            _ => {
                segments.push(Segment::Key(token));
                node = None;
            }
        }
    }
    (segments, node)
}

/// The rules the schema cannot express, over the JSON of one document.
mod rules {
    use super::*;

    type Found = Vec<(Vec<Segment>, String)>;

    fn key(path: &[Segment], k: &str) -> Vec<Segment> {
        let mut p = path.to_vec();
        p.push(Segment::Key(k.to_owned()));
        p
    }

    fn index(path: &[Segment], i: usize) -> Vec<Segment> {
        let mut p = path.to_vec();
        p.push(Segment::Index(i));
        p
    }

    fn span_of(value: &Value) -> Option<(u64, u64)> {
        let span = value.get("span")?;
        Some((span.get("start")?.as_u64()?, span.get("end")?.as_u64()?))
    }

    fn array<'v>(value: &'v Value, k: &str) -> &'v [Value] {
        value
            .get(k)
            .and_then(Value::as_array)
            .map_or(&[], Vec::as_slice)
    }

    fn string<'v>(value: &'v Value, k: &str) -> Option<&'v str> {
        value.get(k).and_then(Value::as_str)
    }

    /// Every rule, on one document.
    pub(super) fn document(doc: &Value, found: &mut Found) {
        let bytes = doc
            .get("source")
            .and_then(|s| s.get("bytes"))
            .and_then(Value::as_u64);
        spans(doc, &[], bytes, found);
        let mut nodes = HashMap::new();
        if let Some(tree) = doc.get("tree") {
            let path = key(&[], "tree");
            node_ids(tree, &path, &mut nodes, found);
            let mut cursor = Some(0);
            let mut last = None;
            leaves(tree, &path, &mut cursor, &mut last, found);
            if let (Some(end), Some(bytes), Some(last)) = (cursor, bytes, last) {
                if end != bytes {
                    found.push((
                        key(&last, "span"),
                        format!(
                            "the last leaf ends at byte {end}, but the input has {bytes} bytes"
                        ),
                    ));
                }
            }
        }
        let mut ids = HashMap::new();
        for (i, workflow) in array(doc, "regulations").iter().enumerate() {
            regulation(
                workflow,
                &index(&key(&[], "regulations"), i),
                &nodes,
                &mut ids,
                found,
            );
        }
        context(doc, &nodes, found);
    }

    /// Every `span` anywhere in the document lies inside the input.
    fn spans(value: &Value, path: &[Segment], bytes: Option<u64>, found: &mut Found) {
        match value {
            Value::Object(map) => {
                if let Some((start, end)) = span_of(value) {
                    let at = key(path, "span");
                    if start > end {
                        found.push((
                            at,
                            format!("span starts at byte {start}, after its end {end}"),
                        ));
                    } else if let Some(bytes) = bytes.filter(|&b| end > b) {
                        found.push((
                            at,
                            format!("span ends at byte {end}, past the end of the input ({bytes} bytes)"),
                        ));
                    }
                }
                for (k, v) in map {
                    spans(v, &key(path, k), bytes, found);
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    spans(v, &index(path, i), bytes, found);
                }
            }
            _ => {}
        }
    }

    /// Node ids are unique; collects them with their kinds.
    fn node_ids(
        node: &Value,
        path: &[Segment],
        nodes: &mut HashMap<String, (Vec<Segment>, String)>,
        found: &mut Found,
    ) {
        if let Some(id) = string(node, "id") {
            let kind = string(node, "kind").unwrap_or_default().to_owned();
            match nodes.get(id) {
                Some((first, _)) => found.push((
                    key(path, "id"),
                    format!(
                        "node id {} repeats (first at {})",
                        quoted(id),
                        render_path(first)
                    ),
                )),
                None => {
                    nodes.insert(id.to_owned(), (path.to_vec(), kind));
                }
            }
        }
        for (i, child) in array(node, "children").iter().enumerate() {
            node_ids(child, &index(&key(path, "children"), i), nodes, found);
        }
    }

    /// The leaves tile the input in order, and a container spans exactly
    /// its children. `cursor` is where the next leaf must start (`None`
    /// after a leaf without a readable span: the next one is not judged);
    /// `last` is the path of the last leaf seen.
    fn leaves(
        node: &Value,
        path: &[Segment],
        cursor: &mut Option<u64>,
        last: &mut Option<Vec<Segment>>,
        found: &mut Found,
    ) {
        let children = array(node, "children");
        let span = span_of(node);
        if children.is_empty() {
            if let (Some((start, _)), Some(expected)) = (span, *cursor) {
                if start != expected {
                    let message = if last.is_none() {
                        format!("the first leaf starts at byte {start}, not 0")
                    } else if start > expected {
                        format!(
                            "leaf starts at byte {start}, but the previous leaf ends at byte {expected}: bytes {expected}..{start} belong to no leaf"
                        )
                    } else {
                        format!(
                            "leaf starts at byte {start}, but the previous leaf ends at byte {expected}: bytes {start}..{expected} belong to two leaves"
                        )
                    };
                    found.push((key(path, "span"), message));
                }
            }
            *cursor = span.map(|(_, end)| end);
            *last = Some(path.to_vec());
            return;
        }
        let first = children.first().and_then(span_of);
        let final_ = children.last().and_then(span_of);
        if let (Some((start, end)), Some((first, _)), Some((_, final_))) = (span, first, final_) {
            if start != first || end != final_ {
                found.push((
                    key(path, "span"),
                    format!(
                        "container spans bytes {start}..{end}, but its children span {first}..{final_}"
                    ),
                ));
            }
        }
        for (i, child) in children.iter().enumerate() {
            leaves(
                child,
                &index(&key(path, "children"), i),
                cursor,
                last,
                found,
            );
        }
    }

    /// An id unique in the document among ids of its sort (`step`, `actor`…).
    fn unique(
        sort: &str,
        value: &Value,
        path: &[Segment],
        ids: &mut HashMap<(String, String), Vec<Segment>>,
        found: &mut Found,
    ) -> Option<String> {
        let id = string(value, "id")?;
        let at = key(path, "id");
        match ids.get(&(sort.to_owned(), id.to_owned())) {
            Some(first) => found.push((
                at,
                format!(
                    "{sort} id {} repeats (first at {})",
                    quoted(id),
                    render_path(first)
                ),
            )),
            None => {
                ids.insert((sort.to_owned(), id.to_owned()), path.to_vec());
            }
        }
        Some(id.to_owned())
    }

    /// A `node` field names a node of the tree.
    fn node_exists(
        value: &Value,
        path: &[Segment],
        nodes: &HashMap<String, (Vec<Segment>, String)>,
        found: &mut Found,
    ) {
        reference(value, path, "node", None, nodes, found);
    }

    /// The field `field` of `value`, when it is a string, names a node of
    /// the tree, and one of kind `kind` when given. A null (or missing)
    /// field names nothing and is the schema's business.
    fn reference(
        value: &Value,
        path: &[Segment],
        field: &str,
        kind: Option<&str>,
        nodes: &HashMap<String, (Vec<Segment>, String)>,
        found: &mut Found,
    ) {
        let Some(id) = string(value, field) else {
            return;
        };
        match (nodes.get(id), kind) {
            (None, _) => found.push((
                key(path, field),
                format!("no node {} in the tree", quoted(id)),
            )),
            (Some((_, actual)), Some(kind)) if actual != kind => found.push((
                key(path, field),
                format!(
                    "node {} is of kind {actual}, not {}",
                    quoted(id),
                    with_article(kind)
                ),
            )),
            _ => {}
        }
    }

    /// `a regulation`, `an appendix`.
    fn with_article(kind: &str) -> String {
        let vowel = kind.starts_with(['a', 'e', 'i', 'o', 'u']);
        format!("{} {kind}", if vowel { "an" } else { "a" })
    }

    /// The legal context (DOMAIN.md §2, §6): the notes, the stamps and the
    /// act's amendment instructions point into the tree, a regulation field
    /// at a regulation and an appendix field at an appendix; their dates are
    /// days of the calendar.
    fn context(doc: &Value, nodes: &HashMap<String, (Vec<Segment>, String)>, found: &mut Found) {
        for (i, note) in array(doc, "notes").iter().enumerate() {
            let at = index(&key(&[], "notes"), i);
            reference(note, &at, "node", None, nodes, found);
            reference(note, &at, "attached_to", None, nodes, found);
            if let Some(target) = note.get("target").filter(|t| t.is_object()) {
                reference(target, &key(&at, "target"), "node", None, nodes, found);
            }
        }
        for (i, stamp) in array(doc, "stamps").iter().enumerate() {
            let at = index(&key(&[], "stamps"), i);
            reference(stamp, &at, "node", None, nodes, found);
            reference(stamp, &at, "regulation", Some("regulation"), nodes, found);
        }
        if let Some(act) = doc.get("act").filter(|a| a.is_object()) {
            let instructions = key(&key(&[], "act"), "instructions");
            for (i, instruction) in array(act, "instructions").iter().enumerate() {
                let at = index(&instructions, i);
                reference(instruction, &at, "node", None, nodes, found);
                reference(instruction, &at, "appendix", Some("appendix"), nodes, found);
                reference(
                    instruction,
                    &at,
                    "regulation",
                    Some("regulation"),
                    nodes,
                    found,
                );
            }
        }
        for part in ["act", "notes", "stamps"] {
            if let Some(value) = doc.get(part) {
                iso_dates(value, &key(&[], part), found);
            }
        }
    }

    /// Every `iso` of a date fact under `value` is a day of the calendar:
    /// the schema checks the `YYYY-MM-DD` shape, not that 30 February does
    /// not exist. Walked generically, so that a date fact added to the act's
    /// contract later is checked too.
    fn iso_dates(value: &Value, path: &[Segment], found: &mut Found) {
        match value {
            Value::Object(map) => {
                if let Some(iso) = map.get("iso").and_then(Value::as_str) {
                    if !calendar_date(iso) {
                        found.push((
                            key(path, "iso"),
                            format!("{} is not a day of the calendar", quoted(iso)),
                        ));
                    }
                }
                for (k, v) in map {
                    iso_dates(v, &key(path, k), found);
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    iso_dates(v, &index(path, i), found);
                }
            }
            _ => {}
        }
    }

    /// `YYYY-MM-DD` naming a day that exists (Gregorian leap years).
    pub(super) fn calendar_date(iso: &str) -> bool {
        let bytes = iso.as_bytes();
        let shape = bytes.len() == 10
            && bytes[4] == b'-'
            && bytes[7] == b'-'
            && bytes
                .iter()
                .enumerate()
                .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
        if !shape {
            return false;
        }
        let number = |r: std::ops::Range<usize>| iso[r].parse::<u32>().ok();
        let (Some(year), Some(month), Some(day)) = (number(0..4), number(5..7), number(8..10))
        else {
            return false;
        };
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return false,
        };
        (1..=days).contains(&day)
    }

    fn regulation(
        workflow: &Value,
        path: &[Segment],
        nodes: &HashMap<String, (Vec<Segment>, String)>,
        ids: &mut HashMap<(String, String), Vec<Segment>>,
        found: &mut Found,
    ) {
        if let Some(id) = string(workflow, "id") {
            match nodes.get(id) {
                None => found.push((
                    key(path, "id"),
                    format!("no regulation node {} in the tree", quoted(id)),
                )),
                Some((_, kind)) if kind != "regulation" => found.push((
                    key(path, "id"),
                    format!("node {} is of kind {kind}, not a regulation", quoted(id)),
                )),
                Some(_) => {}
            }
        }
        if let Some(appendix) = workflow.get("appendix").filter(|a| a.is_object()) {
            node_exists(appendix, &key(path, "appendix"), nodes, found);
        }
        for (i, note) in array(workflow, "notes").iter().enumerate() {
            node_exists(note, &index(&key(path, "notes"), i), nodes, found);
        }
        if let Some(term) = workflow.get("term").filter(|t| t.is_object()) {
            durations(term, &key(path, "term"), found);
        }

        let mut actors = HashSet::new();
        for (i, actor) in array(workflow, "actors").iter().enumerate() {
            if let Some(id) = unique("actor", actor, &index(&key(path, "actors"), i), ids, found) {
                actors.insert(id);
            }
        }
        for (i, step) in array(workflow, "steps").iter().enumerate() {
            let at = index(&key(path, "steps"), i);
            unique("step", step, &at, ids, found);
            node_exists(step, &at, nodes, found);
            if let Some(actor) = string(step, "actor") {
                if !actors.contains(actor) {
                    found.push((
                        key(&at, "actor"),
                        format!("no actor {} in this regulation", quoted(actor)),
                    ));
                }
            }
            durations(step, &at, found);
        }
        for (i, flow) in array(workflow, "flows").iter().enumerate() {
            let at = index(&key(path, "flows"), i);
            unique("flow", flow, &at, ids, found);
            node_exists(flow, &at, nodes, found);
            let steps = array(flow, "steps");
            let own: HashSet<&str> = steps.iter().filter_map(|s| string(s, "id")).collect();
            for (j, step) in steps.iter().enumerate() {
                let step_at = index(&key(&at, "steps"), j);
                unique("flow step", step, &step_at, ids, found);
                node_exists(step, &step_at, nodes, found);
                if let Some(target) = string(step, "on_failure") {
                    if !own.contains(target) {
                        found.push((
                            key(&step_at, "on_failure"),
                            format!("no step {} in this flow", quoted(target)),
                        ));
                    }
                }
                durations(step, &step_at, found);
            }
        }
    }

    /// A list of durations: each longer than zero; an alternative points to
    /// an earlier one of the same list.
    fn durations(owner: &Value, path: &[Segment], found: &mut Found) {
        for (i, duration) in array(owner, "durations").iter().enumerate() {
            let at = index(&key(path, "durations"), i);
            if duration.get("value").and_then(Value::as_u64) == Some(0) {
                found.push((key(&at, "value"), "a duration of zero".to_owned()));
            }
            if let Some(of) = duration.get("alternative_of").and_then(Value::as_u64) {
                if of >= i as u64 {
                    found.push((
                        key(&at, "alternative_of"),
                        format!(
                            "alternative of duration {of}, which is not an earlier one of this list (this is {i})"
                        ),
                    ));
                }
            }
        }
    }

    fn quoted(s: &str) -> String {
        serde_json::to_string(s).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_read_like_code() {
        let p = [
            Segment::Key("regulations".into()),
            Segment::Index(2),
            Segment::Key("steps".into()),
            Segment::Index(4),
            Segment::Key("actor".into()),
        ];
        assert_eq!(render_path(&p), "regulations[2].steps[4].actor");
        assert_eq!(render_path(&[]), "document");
        assert_eq!(
            render_path(&[Segment::Index(3), Segment::Key("a b".into())]),
            "[3][\"a b\"]"
        );
    }

    #[test]
    fn pointers_follow_the_instance() {
        let v = serde_json::json!({"a": [{"0": 1}]});
        let (segments, value) = pointer_segments(&v, "/a/0/0");
        assert_eq!(
            segments,
            vec![
                Segment::Key("a".into()),
                Segment::Index(0),
                Segment::Key("0".into())
            ]
        );
        assert_eq!(value, Some(&Value::from(1)));
    }

    #[test]
    fn json_lines_know_their_lines() {
        let values = json_values(b"{}\n\n{\"a\": 1}\n[]\n").unwrap();
        let lines: Vec<usize> = values.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, vec![1, 3, 4]);
        let e = json_values(b"{}\n{\"a\": }\n").unwrap_err();
        assert_eq!((e.line, e.column), (2, 7), "{e}");
        assert!(json_values(b"  \n").is_err());
    }

    #[test]
    fn calendar_dates() {
        for good in [
            "2015-05-28",
            "2016-02-29",
            "2000-02-29",
            "2020-12-31",
            "0001-01-01",
        ] {
            assert!(rules::calendar_date(good), "{good}");
        }
        for bad in [
            "2019-02-29",
            "1900-02-29",
            "2019-13-01",
            "2019-00-10",
            "2019-04-31",
            "2019-04-00",
            "2019-4-1",
            "2019-04-1x",
            "2019/04/01",
            "",
            "２０１９-04-01",
        ] {
            assert!(!rules::calendar_date(bad), "{bad}");
        }
    }

    #[test]
    fn the_embedded_schema_compiles() {
        let v = Validator::new().unwrap();
        assert!(v.nullable.contains_key("fact"));
        // Not a document at all: problems, no panic.
        for junk in ["1", "null", "[1, {}]", "{\"tree\": {\"children\": 5}}"] {
            let report = v.file(junk.as_bytes()).unwrap();
            assert!(!report.problems.is_empty(), "{junk}");
        }
    }
}
