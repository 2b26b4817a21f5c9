//! Two versions of a document in, what an amendment changed out: the legal
//! and workflow changes of each regulation, not a line diff of re-wrapped
//! text.
//!
//! In: the documents of each side in their JSON shape ([`crate::show::load`]:
//! a text parsed on the fly or the JSON of `reglament parse`). Out: a
//! [`Diff`] — per pair of regulations, the *semantic* changes of its
//! workflow definition (DOMAIN.md §8: service name, form, result, fee, term,
//! actors, steps, durations, performers, flows, notes) and the *structural*
//! changes of its tree (chapters, items, sub-items, steps added, removed,
//! moved, renumbered or reworded, with a word-level diff); the parts of the
//! documents outside any regulation (the act's title, points, signature,
//! stamps) are compared the same way.
//!
//! Everything is compared on the tree's normalized text (wrapped lines
//! joined, homoglyphs fixed, spaces collapsed): a change of layout is never
//! a change. Regulations are matched by service name (a similarity score is
//! reported), tree nodes by their kind and number, with a fallback alignment
//! by text similarity so that a renumbered or displaced item is reported as
//! such and not as removed + added.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::rc::Rc;

use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};
use similar::{capture_diff_slices, Algorithm, DiffOp, TextDiff};

use crate::duration::Unit;
use crate::model::Span;
use crate::show::excerpt;

pub mod render;

/// Version of the diff's JSON contract (`schema/diff.schema.json`).
pub const DIFF_VERSION: &str = "0.1.0";

/// Two nodes of the same kind and number are the same node when their texts
/// are at least this similar (word ratio); below, the fallback alignment
/// decides.
const SAME_PLACE_SIMILARITY: f64 = 0.4;

/// Two nodes at different places are one node moved or renumbered when
/// their texts are at least this similar.
const MOVED_SIMILARITY: f64 = 0.6;

/// Two regulations are versions of one when their service names are at
/// least this similar (character ratio).
const REGULATION_SIMILARITY: f64 = 0.5;

/// The similarity fallback compares every unpaired old element with every
/// unpaired new one; above this many pairs it is skipped.
const MAX_FALLBACK_PAIRS: usize = 40_000;

/// How many characters of an added or removed text the report shows.
const TEXT_EXCERPT: usize = 160;

/// How many unchanged words a word diff keeps around each change.
const CONTEXT_WORDS: usize = 6;

/// One side of a diff.
#[derive(Debug, Clone, Copy)]
pub struct Side<'a> {
    /// The input's name as given (a path, `-`).
    pub name: &'a str,
    /// Its documents, in their JSON shape.
    pub documents: &'a [Value],
    /// The input's bytes: when they are the source of a document (a text
    /// parsed on the fly), positions are counted in them exactly.
    pub bytes: &'a [u8],
    /// Only this regulation: an id (`app2/reg1`) or a service name (whole,
    /// or a unique part of it, case ignored).
    pub regulation: Option<&'a str>,
}

/// Why two inputs could not be compared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DiffError {
    /// `--regulation` matched nothing on that side.
    NoRegulation { input: String, query: String },
    /// `--regulation` named a part of several service names.
    Ambiguous {
        input: String,
        query: String,
        ids: Vec<String>,
    },
}

impl std::fmt::Display for DiffError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DiffError::NoRegulation { input, query } => {
                write!(
                    f,
                    "{input}: no regulation {query:?} (neither an id nor a service name)"
                )
            }
            DiffError::Ambiguous { input, query, ids } => write!(
                f,
                "{input}: {query:?} names several regulations: {}",
                ids.join(", ")
            ),
        }
    }
}

/// What changed between two inputs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diff {
    pub diff_version: &'static str,
    pub old: InputRef,
    pub new: InputRef,
    /// One entry per pair of regulations, and per regulation of one side only.
    pub regulations: Vec<RegulationDiff>,
    /// Changes outside any regulation (act title, points, signature,
    /// appendix stamps); compared only when no regulation was picked.
    pub document: Vec<StructuralChange>,
    /// Changes of the act's metadata (status, number, dates, registration,
    /// repeal) and of the notes outside any regulation; likewise.
    pub document_semantic: Vec<SemanticChange>,
    pub summary: Summary,
}

impl Diff {
    /// Whether anything changed (diff(1)'s exit code 1).
    pub fn has_changes(&self) -> bool {
        self.summary.semantic + self.summary.structural + self.summary.regulations_added_removed > 0
    }
}

/// An input of the diff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InputRef {
    /// The name as given on the command line.
    pub name: String,
    /// The `source.path` of each of its documents.
    pub documents: Vec<String>,
}

/// The counts of a diff.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Summary {
    /// Pairs of regulations compared.
    pub regulations_matched: usize,
    /// Regulations of one side only.
    pub regulations_added_removed: usize,
    pub semantic: usize,
    /// Structural changes, inside regulations and outside.
    pub structural: usize,
    /// Of those, the ones that only reorder words.
    pub words_reordered: usize,
}

/// Whether a regulation was found on both sides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Pairing {
    Matched,
    Added,
    Removed,
}

/// The diff of one pair of regulations (or a regulation of one side).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RegulationDiff {
    pub pairing: Pairing,
    pub old: Option<RegulationRef>,
    pub new: Option<RegulationRef>,
    /// Similarity of the two service names, 0 to 1 (character ratio,
    /// rounded to 2 decimals); `null` unless matched.
    pub similarity: Option<f64>,
    /// Workflow changes, in the order of the workflow's fields.
    pub semantic: Vec<SemanticChange>,
    /// Tree changes, in the new side's order.
    pub structural: Vec<StructuralChange>,
}

/// A regulation of one side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegulationRef {
    /// Its node id.
    pub id: String,
    /// Index of its document in the input (JSON lines, arrays).
    pub document: usize,
    pub service_name: Option<String>,
    pub span: Span,
    pub line: usize,
    pub column: usize,
}

/// Where a node or a fact is on one side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Place {
    /// The node id (for a fact, the id of the node it was read from, when known).
    pub node: Option<String>,
    pub span: Span,
    pub line: usize,
    pub column: usize,
}

/// What happened to a node of the tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NodeChange {
    Added,
    Removed,
    /// Its text changed (the word diff says how).
    Changed,
    /// Its number changed, its place among its siblings did not.
    Renumbered,
    /// It stands elsewhere among its siblings (its number may have changed too).
    Moved,
}

/// One change of the tree.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StructuralChange {
    pub change: NodeChange,
    /// The node kind (`item`, `sub_item`, `step`, `paragraph`, …).
    pub kind: String,
    /// The chapter it is in (`2. Мемлекеттік қызмет …`), when in one.
    pub chapter: Option<String>,
    /// Labels from the regulation (or document) down to the node:
    /// `2. › 5. › 3)`; an unnumbered node by its kind.
    pub path: String,
    pub old_label: Option<String>,
    pub new_label: Option<String>,
    pub old: Option<Place>,
    pub new: Option<Place>,
    /// The text of an added or removed node (normalized).
    pub text: Option<String>,
    /// For `changed`: the word-level diff of the old text into the new.
    pub words: Vec<WordOp>,
    /// For `changed`: the same words in another order only — most often
    /// hyperlinked words the PDF export displaced (DOMAIN.md §7.3), whose
    /// landing place depends on the line layout.
    pub words_reordered: bool,
}

/// One run of a word diff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WordOp {
    pub op: WordTag,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WordTag {
    Equal,
    Delete,
    Insert,
}

/// Which fact of a workflow changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    ServiceName,
    Status,
    Provider,
    Channels,
    Form,
    ResultType,
    DeliveryForm,
    Fee,
    Term,
    StartBasis,
    Actor,
    Step,
    StepDuration,
    StepPerformer,
    Flow,
    FlowStep,
    FlowStepDuration,
    Note,
    ActStatus,
    ActNumber,
    ActAdopted,
    ActRegistration,
    ActRepeal,
}

impl Field {
    /// The words the text report uses.
    pub fn words(self) -> &'static str {
        match self {
            Field::ServiceName => "service name",
            Field::Status => "status",
            Field::Provider => "provider",
            Field::Channels => "channels",
            Field::Form => "form",
            Field::ResultType => "result type",
            Field::DeliveryForm => "delivery form",
            Field::Fee => "fee",
            Field::Term => "term",
            Field::StartBasis => "start basis",
            Field::Actor => "actor",
            Field::Step => "step",
            Field::StepDuration => "step duration",
            Field::StepPerformer => "step performer",
            Field::Flow => "flow",
            Field::FlowStep => "flow step",
            Field::FlowStepDuration => "flow step duration",
            Field::Note => "note",
            Field::ActStatus => "act status",
            Field::ActNumber => "act number",
            Field::ActAdopted => "act adopted",
            Field::ActRegistration => "act registration",
            Field::ActRepeal => "act repealed by",
        }
    }
}

/// What happened to a fact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FactChange {
    Added,
    Removed,
    Changed,
    /// An actor whose name changed (matched by similarity).
    Renamed,
    /// A step that stands elsewhere in the sequence.
    Reordered,
}

impl FactChange {
    fn words(self) -> &'static str {
        match self {
            FactChange::Added => "added",
            FactChange::Removed => "removed",
            FactChange::Changed => "changed",
            FactChange::Renamed => "renamed",
            FactChange::Reordered => "reordered",
        }
    }
}

/// One change of a workflow definition.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SemanticChange {
    pub field: Field,
    pub change: FactChange,
    /// Which one, for list fields: a step's label (`3)`, `2 - іс-қимыл`), a
    /// result type (`licence`), a flow's channel.
    pub subject: Option<String>,
    /// The value on each side as printed (or the vocabulary words for
    /// forms, channels, delivery), with its place.
    pub old: Option<FactValue>,
    pub new: Option<FactValue>,
    /// For durations convertible on both sides: working minutes (8-hour
    /// days, 5-day weeks).
    pub working_minutes: Option<MinutesChange>,
}

/// A fact's value on one side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FactValue {
    pub text: String,
    pub place: Option<Place>,
}

/// A duration's change in working minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct MinutesChange {
    pub old: u64,
    pub new: u64,
    pub delta: i64,
}

/// Compare two inputs.
pub fn diff(old: &Side, new: &Side) -> Result<Diff, DiffError> {
    let old_regs = select(old, regulations(old))?;
    let new_regs = select(new, regulations(new))?;
    let mut out = Diff {
        diff_version: DIFF_VERSION,
        old: input_ref(old),
        new: input_ref(new),
        regulations: Vec::new(),
        document: Vec::new(),
        document_semantic: Vec::new(),
        summary: Summary::default(),
    };
    let picked = old.regulation.is_some() || new.regulation.is_some();
    for (a, b, score) in pair_regulations(&old_regs, &new_regs, picked) {
        let entry = match (a.map(|i| &old_regs[i]), b.map(|j| &new_regs[j])) {
            (Some(a), Some(b)) => regulation_diff(a, b, score),
            (Some(a), None) => RegulationDiff {
                pairing: Pairing::Removed,
                old: Some(a.reference()),
                new: None,
                similarity: None,
                semantic: Vec::new(),
                structural: Vec::new(),
            },
            (None, Some(b)) => RegulationDiff {
                pairing: Pairing::Added,
                old: None,
                new: Some(b.reference()),
                similarity: None,
                semantic: Vec::new(),
                structural: Vec::new(),
            },
            (None, None) => continue,
        };
        out.regulations.push(entry);
    }
    // The act around the regulations is compared when whole documents are:
    // document by document, in order.
    if !picked && old.documents.len() == new.documents.len() {
        for (i, (a, b)) in old.documents.iter().zip(new.documents).enumerate() {
            let la = Locator::new(old, i);
            let lb = Locator::new(new, i);
            let ua = Part::build(&a["tree"], true);
            let ub = Part::build(&b["tree"], true);
            let mut changes = Vec::new();
            let cx = Cx { old: &la, new: &lb };
            if ua.signature() != ub.signature() {
                cx.align(&ua.children, &ub.children, &Trail::root(&ub), &mut changes);
            }
            out.document.extend(sorted(changes));
            act_changes(a, b, &la, &lb, &mut out.document_semantic);
        }
    }
    let mut s = Summary::default();
    for r in &out.regulations {
        match r.pairing {
            Pairing::Matched => s.regulations_matched += 1,
            _ => s.regulations_added_removed += 1,
        }
        s.semantic += r.semantic.len();
        s.structural += r.structural.len();
        s.words_reordered += r.structural.iter().filter(|c| c.words_reordered).count();
    }
    s.structural += out.document.len();
    s.semantic += out.document_semantic.len();
    s.words_reordered += out.document.iter().filter(|c| c.words_reordered).count();
    out.summary = s;
    Ok(out)
}

fn input_ref(side: &Side) -> InputRef {
    InputRef {
        name: side.name.to_owned(),
        documents: side
            .documents
            .iter()
            .map(|d| str_at(d, &["source", "path"]).unwrap_or("").to_owned())
            .collect(),
    }
}

/// A regulation of one side: its tree node, its workflow, where it is.
struct Regulation<'a> {
    document: usize,
    /// The number of the act around it (`3/553`), `None` for a bare
    /// regulation: versions of one act keep it.
    act: Option<&'a str>,
    node: &'a Value,
    workflow: &'a Value,
    /// Shared by the regulations of one document (it holds the input's
    /// line starts).
    locator: Rc<Locator<'a>>,
}

impl Regulation<'_> {
    fn id(&self) -> &str {
        str_at(self.node, &["id"]).unwrap_or("")
    }

    fn service_name(&self) -> Option<&str> {
        str_at(self.workflow, &["service_name", "text"])
    }

    fn reference(&self) -> RegulationRef {
        let place = self.locator.node_place(self.node);
        RegulationRef {
            id: self.id().to_owned(),
            document: self.document,
            service_name: self.service_name().map(str::to_owned),
            span: place.span,
            line: place.line,
            column: place.column,
        }
    }
}

fn regulations<'a>(side: &Side<'a>) -> Vec<Regulation<'a>> {
    let mut found = Vec::new();
    for (i, doc) in side.documents.iter().enumerate() {
        let workflows = array(doc, "regulations");
        let locator = Rc::new(Locator::new(side, i));
        for node in walk(&doc["tree"]) {
            if str_at(node, &["kind"]) != Some("regulation") {
                continue;
            }
            let id = str_at(node, &["id"]);
            let workflow = workflows
                .iter()
                .find(|w| str_at(w, &["id"]) == id)
                .unwrap_or(&Value::Null);
            found.push(Regulation {
                document: i,
                act: str_at(doc, &["act", "number", "text"]),
                node,
                workflow,
                locator: Rc::clone(&locator),
            });
        }
    }
    found
}

/// The regulation `--regulation` names: an id, else a service name, else
/// a unique part of one (case and spacing ignored).
fn select<'a>(
    side: &Side<'a>,
    regs: Vec<Regulation<'a>>,
) -> Result<Vec<Regulation<'a>>, DiffError> {
    let Some(query) = side.regulation else {
        return Ok(regs);
    };
    let wanted = fold(query);
    let by_id: Vec<usize> = (0..regs.len()).filter(|&i| regs[i].id() == query).collect();
    let by_name: Vec<usize> = (0..regs.len())
        .filter(|&i| regs[i].service_name().map(fold).as_deref() == Some(wanted.as_str()))
        .collect();
    let by_part: Vec<usize> = (0..regs.len())
        .filter(|&i| {
            regs[i]
                .service_name()
                .is_some_and(|n| fold(n).contains(&wanted))
        })
        .collect();
    let chosen = [by_id, by_name, by_part]
        .into_iter()
        .find(|found| !found.is_empty())
        .unwrap_or_default();
    if chosen.is_empty() {
        return Err(DiffError::NoRegulation {
            input: side.name.to_owned(),
            query: query.to_owned(),
        });
    }
    // Several documents may carry one id; several names may share a part.
    let ids: Vec<String> = chosen.iter().map(|&i| regs[i].id().to_owned()).collect();
    let mut distinct = ids.clone();
    distinct.dedup();
    if chosen.len() > 1 && distinct.len() > 1 {
        return Err(DiffError::Ambiguous {
            input: side.name.to_owned(),
            query: query.to_owned(),
            ids,
        });
    }
    let mut regs: Vec<Option<Regulation>> = regs.into_iter().map(Some).collect();
    Ok(chosen.iter().filter_map(|&i| regs[i].take()).collect())
}

/// Pairs of regulations (old index, new index, name similarity), in the new
/// side's order, then the removed ones. The most similar names pair first,
/// so that near-twins of one template (two licences of one act) each find
/// their own version.
fn pair_regulations(
    old: &[Regulation],
    new: &[Regulation],
    picked: bool,
) -> Vec<(Option<usize>, Option<usize>, f64)> {
    let mut old_used: Vec<Option<usize>> = vec![None; old.len()];
    let mut new_used: Vec<Option<(usize, f64)>> = vec![None; new.len()];
    // Equal names first, in order (they would score 1 and pair first
    // anyway): a document against a version of itself compares no names.
    let name = |r: &Regulation| r.service_name().map(fold);
    let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
    for (j, b) in new.iter().enumerate().rev() {
        if let Some(n) = name(b) {
            by_name.entry(n).or_default().push(j);
        }
    }
    for (i, a) in old.iter().enumerate() {
        if let Some(j) = name(a).and_then(|n| by_name.get_mut(&n)).and_then(Vec::pop) {
            old_used[i] = Some(j);
            new_used[j] = Some((i, 1.0));
        }
    }
    // One regulation picked on each side: compare them, however different
    // their names.
    let forced = picked && old.len() == 1 && new.len() == 1;
    let mut candidates = Vec::new();
    for (i, a) in old
        .iter()
        .enumerate()
        .filter(|(i, _)| old_used[*i].is_none())
    {
        for (j, b) in new
            .iter()
            .enumerate()
            .filter(|(j, _)| new_used[*j].is_none())
        {
            let score = regulation_similarity(a, b);
            if forced || score >= REGULATION_SIMILARITY {
                candidates.push((score, i, j));
            }
        }
    }
    // Stable: on equal scores the earlier regulations pair first.
    candidates.sort_by(|x, y| y.0.total_cmp(&x.0));
    for (score, i, j) in candidates {
        if old_used[i].is_none() && new_used[j].is_none() {
            old_used[i] = Some(j);
            new_used[j] = Some((i, score));
        }
    }
    // A regulation whose name changed beyond recognition is still the one
    // at the same place of the same act: left over on both sides with one
    // id in one document of an act with the same number (two different
    // acts have regulations at the same places too).
    for (j, b) in new.iter().enumerate() {
        if new_used[j].is_some() {
            continue;
        }
        let same_place = (0..old.len()).find(|&i| {
            old_used[i].is_none()
                && old[i].id() == b.id()
                && old[i].document == b.document
                && old[i].act == b.act
        });
        if let Some(i) = same_place {
            old_used[i] = Some(j);
            new_used[j] = Some((i, regulation_similarity(&old[i], b)));
        }
    }
    let mut pairs: Vec<(Option<usize>, Option<usize>, f64)> = new_used
        .iter()
        .enumerate()
        .map(|(j, m)| match m {
            Some((i, score)) => (Some(*i), Some(j), *score),
            None => (None, Some(j), 0.0),
        })
        .collect();
    pairs.extend(
        old_used
            .iter()
            .enumerate()
            .filter(|(_, m)| m.is_none())
            .map(|(i, _)| (Some(i), None, 0.0)),
    );
    pairs
}

fn regulation_similarity(a: &Regulation, b: &Regulation) -> f64 {
    match (a.service_name(), b.service_name()) {
        (Some(x), Some(y)) => char_ratio(&fold(x), &fold(y)),
        // A regulation without a readable name (an excluded stub): by its
        // title, else by its place.
        _ => {
            let title = |r: &Regulation| str_at(r.node, &["heading"]).map(fold);
            match (title(a), title(b)) {
                (Some(x), Some(y)) => char_ratio(&x, &y),
                _ if a.id() == b.id() => 1.0,
                _ => 0.0,
            }
        }
    }
}

fn regulation_diff(a: &Regulation, b: &Regulation, score: f64) -> RegulationDiff {
    let mut semantic = Vec::new();
    Semantic {
        old: a,
        new: b,
        out: &mut semantic,
    }
    .run();
    let ua = Part::build(a.node, false);
    let ub = Part::build(b.node, false);
    let mut changes = Vec::new();
    if ua.signature() != ub.signature() {
        let cx = Cx {
            old: &a.locator,
            new: &b.locator,
        };
        cx.align(&ua.children, &ub.children, &Trail::root(&ub), &mut changes);
    }
    RegulationDiff {
        pairing: Pairing::Matched,
        old: Some(a.reference()),
        new: Some(b.reference()),
        similarity: Some((score * 100.0).round() / 100.0),
        semantic,
        structural: sorted(changes),
    }
}

// ---------------------------------------------------------------------------
// Pairing of sequences: tree siblings, steps, actors, flows, notes.

/// What the pairing sees of one element.
struct Key<'s> {
    kind: &'s str,
    /// The number label with its spacing removed (`1 - қосымша` = `1-қосымша`).
    label: String,
    /// The normalized text, without the element's own label.
    body: &'s str,
    /// The body without whitespace: what identical elements share.
    same: String,
}

impl<'s> Key<'s> {
    fn new(kind: &'s str, label: String, body: &'s str) -> Key<'s> {
        Key {
            kind,
            label,
            body,
            same: squeeze(body),
        }
    }

    fn signature(&self) -> String {
        format!("{}\u{1}{}\u{1}{}", self.kind, self.label, self.same)
    }
}

/// One element of the old side paired with one of the new.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Pair {
    old: usize,
    new: usize,
    /// Out of order relative to the other pairs.
    moved: bool,
}

/// Pair two sequences: identical elements in order first; then identical
/// texts under another number (renumbered) or elsewhere (moved); then the
/// same kind and number with similar texts (changed in place); last, the
/// most similar texts of the same kind (moved or renumbered and changed).
/// What is left is removed or added.
fn pair_sequences(old: &[Key], new: &[Key], same_place: f64, moved: f64) -> Vec<Pair> {
    let sig_a: Vec<String> = old.iter().map(Key::signature).collect();
    let sig_b: Vec<String> = new.iter().map(Key::signature).collect();
    let mut a_to: Vec<Option<usize>> = vec![None; old.len()];
    let mut b_used = vec![false; new.len()];
    for op in capture_diff_slices(Algorithm::Myers, &sig_a, &sig_b) {
        if let DiffOp::Equal {
            old_index,
            new_index,
            len,
        } = op
        {
            for k in 0..len {
                a_to[old_index + k] = Some(new_index + k);
                b_used[new_index + k] = true;
            }
        }
    }
    // Identical text under another label or at another place: the first
    // unused one of the same kind and words.
    let mut by_text: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
    for j in (0..new.len()).rev().filter(|&j| !b_used[j]) {
        by_text
            .entry((new[j].kind, &new[j].same))
            .or_default()
            .push(j);
    }
    for i in 0..old.len() {
        if a_to[i].is_some() {
            continue;
        }
        if let Some(j) = by_text
            .get_mut(&(old[i].kind, &old[i].same))
            .and_then(Vec::pop)
        {
            a_to[i] = Some(j);
            b_used[j] = true;
        }
    }
    // Same kind and label, in order, texts alike.
    let mut by_label: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
    for j in (0..new.len()).filter(|&j| !b_used[j]) {
        by_label
            .entry((new[j].kind, &new[j].label))
            .or_default()
            .push(j);
    }
    for i in 0..old.len() {
        if a_to[i].is_some() {
            continue;
        }
        let Some(candidates) = by_label.get(&(old[i].kind, old[i].label.as_str())) else {
            continue;
        };
        let found = candidates
            .iter()
            .copied()
            .find(|&j| !b_used[j] && word_ratio(old[i].body, new[j].body) >= same_place);
        if let Some(j) = found {
            a_to[i] = Some(j);
            b_used[j] = true;
        }
    }
    // The most similar of the rest, best first. Every pair is compared, so
    // only while there are few: two lists that share almost nothing (two
    // different acts) are removed + added without the search.
    let rest_a: Vec<usize> = (0..old.len()).filter(|&i| a_to[i].is_none()).collect();
    let rest_b: Vec<usize> = (0..new.len()).filter(|&j| !b_used[j]).collect();
    if rest_a.len() * rest_b.len() <= MAX_FALLBACK_PAIRS {
        let mut candidates = Vec::new();
        for &i in &rest_a {
            for &j in rest_b.iter().filter(|&&j| new[j].kind == old[i].kind) {
                let score = word_ratio(old[i].body, new[j].body);
                if score >= moved {
                    candidates.push((score, i, j));
                }
            }
        }
        candidates.sort_by(|x, y| y.0.total_cmp(&x.0));
        for (_, i, j) in candidates {
            if a_to[i].is_none() && !b_used[j] {
                a_to[i] = Some(j);
                b_used[j] = true;
            }
        }
    }
    let pairs: Vec<(usize, usize)> = a_to
        .iter()
        .enumerate()
        .filter_map(|(i, j)| j.map(|j| (i, j)))
        .collect();
    let in_order = longest_increasing(&pairs.iter().map(|p| p.1).collect::<Vec<_>>());
    pairs
        .iter()
        .enumerate()
        .map(|(k, &(old, new))| Pair {
            old,
            new,
            moved: !in_order[k],
        })
        .collect()
}

/// Which elements of `seq` belong to one longest strictly increasing
/// subsequence: the pairs that kept their order; the others moved.
/// Patience sorting, O(n log n). Of two swapped elements the one that
/// went down is the one reported moved.
fn longest_increasing(seq: &[usize]) -> Vec<bool> {
    // tails[k]: index in `seq` of the smallest tail of an increasing run of
    // length k + 1; prev[i]: the element before i in its run.
    let mut tails: Vec<usize> = Vec::new();
    let mut prev = vec![usize::MAX; seq.len()];
    for (i, &x) in seq.iter().enumerate() {
        let k = tails.partition_point(|&t| seq[t] < x);
        if k > 0 {
            prev[i] = tails[k - 1];
        }
        if k == tails.len() {
            tails.push(i);
        } else {
            tails[k] = i;
        }
    }
    let mut keep = vec![false; seq.len()];
    let mut at = tails.last().copied();
    while let Some(i) = at {
        keep[i] = true;
        at = (prev[i] != usize::MAX).then(|| prev[i]);
    }
    keep
}

/// Old indices not paired, new indices not paired.
fn unpaired(pairs: &[Pair], old: usize, new: usize) -> (Vec<usize>, Vec<usize>) {
    let mut a = vec![true; old];
    let mut b = vec![true; new];
    for p in pairs {
        a[p.old] = false;
        b[p.new] = false;
    }
    (
        (0..old).filter(|&i| a[i]).collect(),
        (0..new).filter(|&j| b[j]).collect(),
    )
}

// ---------------------------------------------------------------------------
// The structural layer.

/// A tree node as the diff sees it.
struct Part<'a> {
    node: &'a Value,
    kind: &'a str,
    label: Option<&'a str>,
    /// The node's text and its descendants', labels included, normalized.
    body: String,
    children: Vec<Part<'a>>,
}

impl<'a> Part<'a> {
    /// The unit of a node; `prune` leaves regulations out (the document
    /// level compares what is around them).
    fn build(node: &'a Value, prune: bool) -> Part<'a> {
        let children: Vec<Part> = array(node, "children")
            .iter()
            .filter(|c| !(prune && str_at(c, &["kind"]) == Some("regulation")))
            .map(|c| Part::build(c, prune))
            .collect();
        let mut words: Vec<&str> = Vec::new();
        let own = str_at(node, &["text"]);
        if let Some(text) = own {
            words.extend(text.split_whitespace());
        } else if children.is_empty() {
            if let Some(heading) = str_at(node, &["heading"]) {
                words.extend(heading.split_whitespace());
            }
        }
        let mut body = words.join(" ");
        for c in &children {
            for part in [c.label.unwrap_or(""), c.body.as_str()] {
                if !part.is_empty() {
                    if !body.is_empty() {
                        body.push(' ');
                    }
                    body.push_str(&part.split_whitespace().collect::<Vec<_>>().join(" "));
                }
            }
        }
        Part {
            node,
            kind: str_at(node, &["kind"]).unwrap_or(""),
            label: str_at(node, &["label"]),
            body,
            children,
        }
    }

    /// A leaf as the lead of a container it is compared with.
    fn as_lead(&self) -> Part<'a> {
        Part {
            node: self.node,
            kind: "lead",
            label: None,
            body: self.body.clone(),
            children: Vec::new(),
        }
    }

    fn key(&self) -> Key<'_> {
        Key::new(self.kind, label_key(self.label), &self.body)
    }

    fn signature(&self) -> String {
        self.key().signature()
    }

    /// The label as printed, else the kind: what the report calls the node.
    fn name(&self) -> String {
        match self.label {
            Some(l) => l.split_whitespace().collect::<Vec<_>>().join(" "),
            None => self.kind.to_owned(),
        }
    }
}

fn label_key(label: Option<&str>) -> String {
    label
        .unwrap_or("")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// Where in the tree the alignment is: the labels down to here, the chapter.
#[derive(Clone)]
struct Trail {
    path: Vec<String>,
    chapter: Option<String>,
    /// Where a removed node's change is sorted when nothing before it is paired.
    start: usize,
}

impl Trail {
    fn root(new: &Part) -> Trail {
        Trail {
            path: Vec::new(),
            chapter: None,
            start: span_of(new.node).start,
        }
    }

    fn down(&self, unit: &Part) -> Trail {
        let mut next = self.clone();
        if unit.label.is_some() {
            next.path.push(unit.name());
        }
        // A regulation's own appendix groups its changes as a chapter does.
        if matches!(unit.kind, "chapter" | "appendix") {
            next.chapter = Some(chapter_name(unit));
        }
        next.start = span_of(unit.node).start;
        next
    }

    /// The labels down to `unit`, its own when it has one.
    fn path_to(&self, unit: &Part) -> String {
        let mut parts = self.path.clone();
        if unit.label.is_some() {
            parts.push(unit.name());
        }
        parts.join(" › ")
    }
}

fn chapter_name(unit: &Part) -> String {
    let heading = str_at(unit.node, &["heading"]).unwrap_or("");
    let heading = heading.split_whitespace().collect::<Vec<_>>().join(" ");
    match unit.label {
        Some(l) if !heading.is_empty() => format!("{} {heading}", l.trim()),
        Some(l) => l.trim().to_owned(),
        None => heading,
    }
}

/// The two sides' locators for one comparison.
struct Cx<'l> {
    old: &'l Locator<'l>,
    new: &'l Locator<'l>,
}

impl Cx<'_> {
    /// Align two lists of siblings and record their changes, each with the
    /// new-side offset it is sorted by.
    fn align(
        &self,
        old: &[Part],
        new: &[Part],
        trail: &Trail,
        out: &mut Vec<(usize, StructuralChange)>,
    ) {
        let ka: Vec<Key> = old.iter().map(Part::key).collect();
        let kb: Vec<Key> = new.iter().map(Part::key).collect();
        let pairs = pair_sequences(&ka, &kb, SAME_PLACE_SIMILARITY, MOVED_SIMILARITY);
        for p in &pairs {
            let (a, b) = (&old[p.old], &new[p.new]);
            let at = span_of(b.node).start;
            let relabelled = label_key(a.label) != label_key(b.label);
            if p.moved || relabelled {
                let change = if p.moved {
                    NodeChange::Moved
                } else {
                    NodeChange::Renumbered
                };
                out.push((at, self.change(change, trail, Some(a), Some(b))));
            }
            if squeeze(&a.body) == squeeze(&b.body) {
                continue;
            }
            match (a.children.is_empty(), b.children.is_empty()) {
                (false, false) => self.align(&a.children, &b.children, &trail.down(b), out),
                // An item that gained (or lost) a sub-item or a note: its
                // text became (or was) the lead of its children.
                (true, false) if a.kind != "lead" => {
                    self.align(&[a.as_lead()], &b.children, &trail.down(b), out)
                }
                (false, true) if b.kind != "lead" => {
                    self.align(&a.children, &[b.as_lead()], &trail.down(b), out)
                }
                _ => {
                    let mut c = self.change(NodeChange::Changed, trail, Some(a), Some(b));
                    c.words = word_diff(&a.body, &b.body);
                    c.words_reordered = same_words(&a.body, &b.body);
                    out.push((at, c));
                }
            }
        }
        let (gone, came) = unpaired(&pairs, old.len(), new.len());
        for i in gone {
            // Sorted after the new-side node paired with its nearest
            // preceding sibling: where it would have been.
            let at = pairs
                .iter()
                .filter(|p| p.old < i)
                .max_by_key(|p| p.old)
                .map(|p| span_of(new[p.new].node).end)
                .unwrap_or(trail.start);
            out.push((
                at,
                self.change(NodeChange::Removed, trail, Some(&old[i]), None),
            ));
        }
        for j in came {
            let at = span_of(new[j].node).start;
            out.push((
                at,
                self.change(NodeChange::Added, trail, None, Some(&new[j])),
            ));
        }
    }

    fn change(
        &self,
        change: NodeChange,
        trail: &Trail,
        a: Option<&Part>,
        b: Option<&Part>,
    ) -> StructuralChange {
        let shown = b.or(a);
        let kind = shown.map(|u| u.kind).unwrap_or("").to_owned();
        let chapter = match shown {
            Some(u) if matches!(u.kind, "chapter" | "appendix") => Some(chapter_name(u)),
            _ => trail.chapter.clone(),
        };
        let text = match change {
            NodeChange::Added | NodeChange::Removed => shown.map(|u| u.body.clone()),
            _ => None,
        };
        StructuralChange {
            change,
            kind,
            chapter,
            path: shown.map(|u| trail.path_to(u)).unwrap_or_default(),
            old_label: a.and_then(|u| u.label).map(str::to_owned),
            new_label: b.and_then(|u| u.label).map(str::to_owned),
            old: a.map(|u| self.old.node_place(u.node)),
            new: b.map(|u| self.new.node_place(u.node)),
            text,
            words: Vec::new(),
            words_reordered: false,
        }
    }
}

/// The changes in the order of their sort offsets (stable).
fn sorted(mut changes: Vec<(usize, StructuralChange)>) -> Vec<StructuralChange> {
    // A removed node is sorted at the end of the node before it, which is
    // where the next one starts: it goes first.
    changes.sort_by_key(|(at, c)| (*at, c.change != NodeChange::Removed));
    changes.into_iter().map(|(_, c)| c).collect()
}

/// The word-level diff of two normalized texts, runs merged. Words are
/// compared as tokens (runs of letters and digits, each other character
/// alone), so that spacing around a dash or a bracket (`сәулет - құрылыс`,
/// `сәулет-құрылыс`) is no change; each run keeps the spacing of the side
/// it is shown from.
fn word_diff(old: &str, new: &str) -> Vec<WordOp> {
    let (ta, tb) = (tokens(old), tokens(new));
    let wa: Vec<&str> = ta.iter().map(|r| &old[r.clone()]).collect();
    let wb: Vec<&str> = tb.iter().map(|r| &new[r.clone()]).collect();
    let mut ops: Vec<WordOp> = Vec::new();
    // Each side's text is taken from the end of its previous token shown,
    // so that the whitespace before a run goes with it.
    let (mut at_a, mut at_b) = (0, 0);
    let mut push = |op: WordTag, text: &str| match ops.last_mut() {
        Some(last) if last.op == op => last.text.push_str(text),
        _ => ops.push(WordOp {
            op,
            text: text.to_owned(),
        }),
    };
    for op in capture_diff_slices(Algorithm::Myers, &wa, &wb) {
        let (o, n) = (op.old_range(), op.new_range());
        let (tag_old, tag_new) = match op {
            DiffOp::Equal { .. } => (None, Some(WordTag::Equal)),
            _ => (Some(WordTag::Delete), Some(WordTag::Insert)),
        };
        if let (Some(tag), false) = (tag_old, o.is_empty()) {
            let end = ta[o.end - 1].end;
            push(tag, &old[at_a.min(ta[o.start].start)..end]);
        }
        if !o.is_empty() {
            at_a = ta[o.end - 1].end;
        }
        if let (Some(tag), false) = (tag_new, n.is_empty()) {
            let end = tb[n.end - 1].end;
            push(tag, &new[at_b.min(tb[n.start].start)..end]);
            at_b = end;
        }
    }
    ops
}

/// Byte ranges of the tokens of a text: runs of letters, runs of digits,
/// and every other character that is not whitespace on its own. A number
/// glued to a word (`сәйкес1-қосымшасына`, from a line-end hyphen) is two
/// tokens, as it is when spaced.
fn tokens(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut out: Vec<std::ops::Range<usize>> = Vec::new();
    // The start of the current run and whether it is of digits.
    let mut run: Option<(usize, bool)> = None;
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() {
            let digit = c.is_numeric();
            match run {
                Some((_, d)) if d == digit => {}
                Some((start, _)) => {
                    out.push(start..i);
                    run = Some((i, digit));
                }
                None => run = Some((i, digit)),
            }
            continue;
        }
        if let Some((start, _)) = run.take() {
            out.push(start..i);
        }
        if !c.is_whitespace() {
            out.push(i..i + c.len_utf8());
        }
    }
    if let Some((start, _)) = run {
        out.push(start..text.len());
    }
    out
}

/// A text with its whitespace removed: what two texts must share to be the
/// same (a change of spacing is no change).
fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

// ---------------------------------------------------------------------------
// The semantic layer.

struct Semantic<'r, 'a> {
    old: &'r Regulation<'a>,
    new: &'r Regulation<'a>,
    out: &'r mut Vec<SemanticChange>,
}

impl Semantic<'_, '_> {
    fn run(&mut self) {
        let (a, b) = (self.old.workflow, self.new.workflow);
        self.fact(Field::ServiceName, "service_name");
        if a.get("status") != b.get("status") {
            let text = |w: &Value| str_at(w, &["status"]).unwrap_or("").to_owned();
            self.push(
                Field::Status,
                FactChange::Changed,
                None,
                Some(self.plain(text(a))),
                Some(self.plain(text(b))),
                None,
            );
        }
        self.fact(Field::Provider, "provider");
        self.channels();
        self.form();
        self.result();
        self.fee();
        self.term();
        self.fact(Field::StartBasis, "start_basis");
        let actors = self.actors();
        self.steps(
            array(a, "steps"),
            array(b, "steps"),
            &actors,
            (Field::Step, Field::StepDuration),
            None,
        );
        self.flows(&actors);
        self.notes();
    }

    fn push(
        &mut self,
        field: Field,
        change: FactChange,
        subject: Option<String>,
        old: Option<FactValue>,
        new: Option<FactValue>,
        working_minutes: Option<MinutesChange>,
    ) {
        self.out.push(SemanticChange {
            field,
            change,
            subject,
            old,
            new,
            working_minutes,
        });
    }

    /// A value without a place (a status word).
    fn plain(&self, text: String) -> FactValue {
        FactValue { text, place: None }
    }

    /// A `{text, span}` fact of the old (`old = true`) or new workflow.
    fn value(&self, fact: &Value, old: bool) -> Option<FactValue> {
        let loc = if old {
            &self.old.locator
        } else {
            &self.new.locator
        };
        fact_value(fact, loc)
    }

    fn with_text(&self, fact: &Value, old: bool, text: String) -> FactValue {
        let loc = if old {
            &self.old.locator
        } else {
            &self.new.locator
        };
        FactValue {
            text,
            place: fact.get("span").map(|s| loc.span_place(span(s))),
        }
    }

    /// A text fact compared on its normalized words.
    fn fact(&mut self, field: Field, key: &str) {
        let (a, b) = (&self.old.workflow[key], &self.new.workflow[key]);
        let (ta, tb) = (str_at(a, &["text"]), str_at(b, &["text"]));
        let same = match (ta, tb) {
            (Some(x), Some(y)) => same_words(x, y),
            (None, None) => true,
            _ => false,
        };
        if same {
            return;
        }
        let change = match (&ta, &tb) {
            (None, Some(_)) => FactChange::Added,
            (Some(_), None) => FactChange::Removed,
            _ => FactChange::Changed,
        };
        let (va, vb) = (self.value(a, true), self.value(b, false));
        self.push(field, change, None, va, vb, None);
    }

    fn channels(&mut self) {
        let kinds = |w: &Value| -> Vec<String> {
            let mut k: Vec<String> = array(w, "channels")
                .iter()
                .filter_map(|c| str_at(c, &["kind"]).map(str::to_owned))
                .collect();
            k.sort();
            k.dedup();
            k
        };
        let (a, b) = (kinds(self.old.workflow), kinds(self.new.workflow));
        if a != b {
            let first = |w: &Value| array(w, "channels").first().cloned().unwrap_or(Value::Null);
            let va = self.with_text(&first(self.old.workflow), true, or_none(&a));
            let vb = self.with_text(&first(self.new.workflow), false, or_none(&b));
            self.push(
                Field::Channels,
                FactChange::Changed,
                None,
                Some(va),
                Some(vb),
                None,
            );
        }
    }

    fn form(&mut self) {
        let values = |w: &Value| sorted_strings(array(&w["form"], "values"));
        let (a, b) = (values(self.old.workflow), values(self.new.workflow));
        if a != b {
            let va = self.value(&self.old.workflow["form"], true);
            let vb = self.value(&self.new.workflow["form"], false);
            self.push(
                Field::Form,
                FactChange::Changed,
                Some(format!("{} → {}", or_none(&a), or_none(&b))),
                va,
                vb,
                None,
            );
        }
    }

    fn result(&mut self) {
        let (ra, rb) = (&self.old.workflow["result"], &self.new.workflow["result"]);
        let (a, b) = (
            sorted_strings(array(ra, "types")),
            sorted_strings(array(rb, "types")),
        );
        for t in a.iter().filter(|t| !b.contains(t)) {
            let va = self.value(ra, true);
            self.push(
                Field::ResultType,
                FactChange::Removed,
                Some(t.clone()),
                va,
                None,
                None,
            );
        }
        for t in b.iter().filter(|t| !a.contains(t)) {
            let vb = self.value(rb, false);
            self.push(
                Field::ResultType,
                FactChange::Added,
                Some(t.clone()),
                None,
                vb,
                None,
            );
        }
        let (da, db) = (
            str_at(ra, &["delivery_form"]),
            str_at(rb, &["delivery_form"]),
        );
        if da != db {
            // The sentence as printed, the vocabulary in the subject.
            let side = |r: &Value, d: Option<&str>, old: bool| {
                let fact = if r["delivery"].is_object() {
                    &r["delivery"]
                } else {
                    r
                };
                d.and_then(|_| self.value(fact, old))
            };
            let (va, vb) = (side(ra, da, true), side(rb, db, false));
            let words = |d: Option<&str>| d.unwrap_or("—").replace('_', " ");
            let subject = format!("{} → {}", words(da), words(db));
            let change = added_removed(&va, &vb);
            self.push(Field::DeliveryForm, change, Some(subject), va, vb, None);
        }
    }

    fn fee(&mut self) {
        let (fa, fb) = (
            &self.old.workflow["free_of_charge"],
            &self.new.workflow["free_of_charge"],
        );
        let value = |f: &Value| f.get("value").and_then(Value::as_bool);
        if value(fa) != value(fb) {
            let (va, vb) = (self.value(fa, true), self.value(fb, false));
            self.push(Field::Fee, FactChange::Changed, None, va, vb, None);
        }
    }

    fn term(&mut self) {
        let (ta, tb) = (&self.old.workflow["term"], &self.new.workflow["term"]);
        if durations_key(array(ta, "durations")) != durations_key(array(tb, "durations")) {
            let minutes = minutes_change(array(ta, "durations"), array(tb, "durations"));
            // The durations as printed, not the whole sentence around them;
            // the sentence when it gives none.
            let side = |t: &Value, old: bool| {
                durations_value(self, array(t, "durations"), old).or_else(|| self.value(t, old))
            };
            let (va, vb) = (side(ta, true), side(tb, false));
            let change = added_removed(&va, &vb);
            self.push(Field::Term, change, None, va, vb, minutes);
        }
    }

    /// Pair the actors by name; a renamed one is reported. The map takes an
    /// old actor id to its new one.
    fn actors(&mut self) -> HashMap<String, String> {
        let (la, lb) = (
            array(self.old.workflow, "actors"),
            array(self.new.workflow, "actors"),
        );
        let names = |l: &[Value]| -> Vec<String> {
            l.iter()
                .map(|a| fold(str_at(a, &["name"]).or(str_at(a, &["text"])).unwrap_or("")))
                .collect()
        };
        let (na, nb) = (names(la), names(lb));
        let ka: Vec<Key> = na
            .iter()
            .map(|n| Key::new("actor", String::new(), n))
            .collect();
        let kb: Vec<Key> = nb
            .iter()
            .map(|n| Key::new("actor", String::new(), n))
            .collect();
        // Actors share long phrases (`көрсетілетін қызметті берушінің …`):
        // only a close name is a rename.
        let pairs = pair_sequences(&ka, &kb, MOVED_SIMILARITY, MOVED_SIMILARITY);
        let mut map = HashMap::new();
        let actor_value = |a: &Value, old: bool| {
            let name = str_at(a, &["name"]).or(str_at(a, &["text"])).unwrap_or("");
            self.with_text(a, old, collapse(name))
        };
        let mut found = Vec::new();
        for p in &pairs {
            if let (Some(x), Some(y)) = (str_at(&la[p.old], &["id"]), str_at(&lb[p.new], &["id"])) {
                map.insert(x.to_owned(), y.to_owned());
            }
            if !same_words(&na[p.old], &nb[p.new]) {
                found.push((
                    FactChange::Renamed,
                    Some(actor_value(&la[p.old], true)),
                    Some(actor_value(&lb[p.new], false)),
                ));
            }
        }
        let (gone, came) = unpaired(&pairs, la.len(), lb.len());
        for i in gone {
            found.push((FactChange::Removed, Some(actor_value(&la[i], true)), None));
        }
        for j in came {
            found.push((FactChange::Added, None, Some(actor_value(&lb[j], false))));
        }
        for (change, va, vb) in found {
            self.push(Field::Actor, change, None, va, vb, None);
        }
        map
    }

    /// Steps (of the procedures item, or of a flow) paired by label and
    /// text: added, removed, reordered; a paired step's durations and
    /// performer compared.
    fn steps(
        &mut self,
        la: &[Value],
        lb: &[Value],
        actors: &HashMap<String, String>,
        fields: (Field, Field),
        flow: Option<&str>,
    ) {
        let texts = |l: &[Value]| -> Vec<String> {
            l.iter()
                .map(|s| fold(str_at(s, &["text"]).unwrap_or("")))
                .collect()
        };
        let (ta, tb) = (texts(la), texts(lb));
        let ka: Vec<Key> = la.iter().zip(&ta).map(|(s, t)| step_key(s, t)).collect();
        let kb: Vec<Key> = lb.iter().zip(&tb).map(|(s, t)| step_key(s, t)).collect();
        let pairs = pair_sequences(&ka, &kb, SAME_PLACE_SIMILARITY, MOVED_SIMILARITY);
        let subject = |s: &Value| {
            let label = step_name(s);
            match flow {
                Some(f) => format!("{f} {label}"),
                None => label,
            }
        };
        let step_value = |s: &Value, old: bool| {
            self.with_text(
                s,
                old,
                excerpt(str_at(s, &["text"]).unwrap_or(""), TEXT_EXCERPT),
            )
        };
        let mut found = Vec::new();
        for p in &pairs {
            let (a, b) = (&la[p.old], &lb[p.new]);
            if p.moved {
                found.push((
                    fields.0,
                    FactChange::Reordered,
                    subject(b),
                    Some(step_value(a, true)),
                    Some(step_value(b, false)),
                    None,
                ));
            }
            let (da, db) = (array(a, "durations"), array(b, "durations"));
            if durations_key(da) != durations_key(db) {
                let va = durations_value(self, da, true);
                let vb = durations_value(self, db, false);
                let change = added_removed(&va, &vb);
                found.push((fields.1, change, subject(b), va, vb, minutes_change(da, db)));
            }
            if flow.is_none() {
                if let Some((va, vb)) = self.performer(a, b, actors) {
                    found.push((
                        Field::StepPerformer,
                        added_removed(&va, &vb),
                        subject(b),
                        va,
                        vb,
                        None,
                    ));
                }
            }
        }
        let (gone, came) = unpaired(&pairs, la.len(), lb.len());
        for i in gone {
            found.push((
                fields.0,
                FactChange::Removed,
                subject(&la[i]),
                Some(step_value(&la[i], true)),
                None,
                None,
            ));
        }
        for j in came {
            found.push((
                fields.0,
                FactChange::Added,
                subject(&lb[j]),
                None,
                Some(step_value(&lb[j], false)),
                None,
            ));
        }
        for (field, change, subject, va, vb, minutes) in found {
            self.push(field, change, Some(subject), va, vb, minutes);
        }
    }

    /// The performers of two paired steps when they differ: by actor (an
    /// actor matched across the versions is the same performer, renamed or
    /// not), else by the words printed.
    #[allow(clippy::type_complexity)]
    fn performer(
        &self,
        a: &Value,
        b: &Value,
        actors: &HashMap<String, String>,
    ) -> Option<(Option<FactValue>, Option<FactValue>)> {
        let (ia, ib) = (str_at(a, &["actor"]), str_at(b, &["actor"]));
        let (pa, pb) = (
            str_at(a, &["actor_text"]).map(same_key),
            str_at(b, &["actor_text"]).map(same_key),
        );
        // A performer the extraction missed on one side (its name no longer
        // matches a listed actor) while the step still names it is no change.
        let named_in = |performer: &Option<String>, step: &Value| {
            performer.as_ref().is_some_and(|p| {
                !p.is_empty()
                    && same_key(str_at(step, &["text"]).unwrap_or("")).contains(p.as_str())
            })
        };
        let same = match (ia, ib) {
            (Some(x), Some(y)) => actors.get(x).map(String::as_str) == Some(y),
            _ if pa == pb => true,
            _ if pb.is_none() => named_in(&pa, b),
            _ if pa.is_none() => named_in(&pb, a),
            _ => false,
        };
        if same {
            return None;
        }
        let name = |s: &Value, w: &Value, old: bool| -> Option<FactValue> {
            let by_id = str_at(s, &["actor"]).and_then(|id| {
                array(w, "actors")
                    .iter()
                    .find(|x| str_at(x, &["id"]) == Some(id))
                    .and_then(|x| str_at(x, &["name"]))
            });
            let text = by_id.or(str_at(s, &["actor_text"]))?;
            Some(self.with_text(s, old, collapse(text)))
        };
        Some((
            name(a, self.old.workflow, true),
            name(b, self.new.workflow, false),
        ))
    }

    fn flows(&mut self, actors: &HashMap<String, String>) {
        let (la, lb) = (
            array(self.old.workflow, "flows"),
            array(self.new.workflow, "flows"),
        );
        let titles = |l: &[Value]| -> Vec<String> {
            l.iter()
                .map(|f| fold(str_at(f, &["title", "text"]).unwrap_or("")))
                .collect()
        };
        let (ta, tb) = (titles(la), titles(lb));
        let key = |f: &'_ Value, t: &'_ str| -> (String, String) {
            (
                str_at(f, &["channel"]).unwrap_or("").to_owned(),
                t.to_owned(),
            )
        };
        let ca: Vec<(String, String)> = la.iter().zip(&ta).map(|(f, t)| key(f, t)).collect();
        let cb: Vec<(String, String)> = lb.iter().zip(&tb).map(|(f, t)| key(f, t)).collect();
        // A flow is known by its channel; the title tells two of one channel apart.
        let ka: Vec<Key> = ca
            .iter()
            .map(|(c, t)| Key::new(c, String::new(), t))
            .collect();
        let kb: Vec<Key> = cb
            .iter()
            .map(|(c, t)| Key::new(c, String::new(), t))
            .collect();
        let pairs = pair_sequences(&ka, &kb, 0.0, 0.0);
        for p in &pairs {
            let subject = str_at(&lb[p.new], &["id"])
                .map(short_id)
                .unwrap_or("flow")
                .to_owned();
            self.steps(
                array(&la[p.old], "steps"),
                array(&lb[p.new], "steps"),
                actors,
                (Field::FlowStep, Field::FlowStepDuration),
                Some(&subject),
            );
        }
        let (gone, came) = unpaired(&pairs, la.len(), lb.len());
        for i in gone {
            let va = self.value(&la[i]["title"], true);
            self.push(
                Field::Flow,
                FactChange::Removed,
                str_at(&la[i], &["channel"]).map(str::to_owned),
                va,
                None,
                None,
            );
        }
        for j in came {
            let vb = self.value(&lb[j]["title"], false);
            self.push(
                Field::Flow,
                FactChange::Added,
                str_at(&lb[j], &["channel"]).map(str::to_owned),
                None,
                vb,
                None,
            );
        }
    }

    fn notes(&mut self) {
        let (la, lb) = (
            array(self.old.workflow, "notes"),
            array(self.new.workflow, "notes"),
        );
        let texts = |l: &[Value]| -> Vec<String> {
            l.iter()
                .map(|n| fold(str_at(n, &["text"]).unwrap_or("")))
                .collect()
        };
        let (ta, tb) = (texts(la), texts(lb));
        let mut gone = Vec::new();
        let mut came = Vec::new();
        let mut used = vec![false; tb.len()];
        for (i, t) in ta.iter().enumerate() {
            match (0..tb.len()).find(|&j| !used[j] && same_words(&tb[j], t)) {
                Some(j) => used[j] = true,
                None => gone.push(i),
            }
        }
        came.extend((0..tb.len()).filter(|&j| !used[j]));
        for i in gone {
            let va = self.value(&la[i], true);
            self.push(Field::Note, FactChange::Removed, None, va, None, None);
        }
        for j in came {
            let vb = self.value(&lb[j], false);
            self.push(Field::Note, FactChange::Added, None, None, vb, None);
        }
    }
}

/// A `{text, span}` fact as a value placed by `loc`.
fn fact_value(fact: &Value, loc: &Locator) -> Option<FactValue> {
    let text = str_at(fact, &["text"])?;
    Some(FactValue {
        text: collapse(text),
        place: fact.get("span").map(|s| loc.span_place(span(s))),
    })
}

/// The act's metadata and the notes outside regulations (DOMAIN.md §2, §6)
/// of two versions of one document.
fn act_changes(a: &Value, b: &Value, la: &Locator, lb: &Locator, out: &mut Vec<SemanticChange>) {
    let (aa, ab) = (&a["act"], &b["act"]);
    // Each fact: where its words are, and what makes two of them the same.
    let facts: [(Field, &[&str], &[&str]); 5] = [
        (Field::ActStatus, &["status"], &["status", "value"]),
        (Field::ActNumber, &["number"], &["number", "text"]),
        (
            Field::ActAdopted,
            &["adopted_date"],
            &["adopted_date", "iso"],
        ),
        (
            Field::ActRegistration,
            &["registration", "number"],
            &["registration", "number", "text"],
        ),
        (
            Field::ActRepeal,
            &["repealed_by", "number"],
            &["repealed_by", "number", "text"],
        ),
    ];
    let at = |v: &'_ Value, path: &[&str]| -> Value {
        path.iter()
            .fold(v.clone(), |v, k| v.get(k).cloned().unwrap_or(Value::Null))
    };
    for (field, shown, key) in facts {
        let (ka, kb) = (at(aa, key), at(ab, key));
        let text_of = |v: &Value| v.as_str().map(same_key);
        if text_of(&ka) == text_of(&kb) && ka == kb {
            continue;
        }
        let va = fact_value(&at(aa, shown), la);
        let vb = fact_value(&at(ab, shown), lb);
        if va.is_none() && vb.is_none() {
            continue;
        }
        out.push(SemanticChange {
            field,
            change: added_removed(&va, &vb),
            subject: None,
            old: va,
            new: vb,
            working_minutes: None,
        });
    }
    // Notes of the act itself (and of its points): those of a regulation
    // are the regulation's.
    let outside = |doc: &Value| -> Vec<Value> {
        let regulations: Vec<String> = array(doc, "regulations")
            .iter()
            .filter_map(|w| str_at(w, &["id"]).map(|id| format!("{id}/")))
            .collect();
        array(doc, "notes")
            .iter()
            .filter(|n| {
                let node = str_at(n, &["node"]).unwrap_or("");
                !regulations.iter().any(|r| node.starts_with(r.as_str()))
            })
            .cloned()
            .collect()
    };
    let (na, nb) = (outside(a), outside(b));
    let mut used = vec![false; nb.len()];
    let mut gone = Vec::new();
    for n in &na {
        let t = str_at(n, &["text"]).unwrap_or("");
        match (0..nb.len())
            .find(|&j| !used[j] && same_words(str_at(&nb[j], &["text"]).unwrap_or(""), t))
        {
            Some(j) => used[j] = true,
            None => gone.push(n),
        }
    }
    for n in gone {
        out.push(SemanticChange {
            field: Field::Note,
            change: FactChange::Removed,
            subject: None,
            old: fact_value(n, la),
            new: None,
            working_minutes: None,
        });
    }
    for n in nb.iter().zip(&used).filter(|(_, u)| !**u).map(|(n, _)| n) {
        out.push(SemanticChange {
            field: Field::Note,
            change: FactChange::Added,
            subject: None,
            old: None,
            new: fact_value(n, lb),
            working_minutes: None,
        });
    }
}

fn step_key<'s>(step: &'s Value, text: &'s str) -> Key<'s> {
    Key::new(
        str_at(step, &["kind"]).unwrap_or(""),
        label_key(str_at(step, &["label"])),
        text,
    )
}

/// A step as the report names it: its label, or `paragraph «first words»`.
fn step_name(step: &Value) -> String {
    match str_at(step, &["label"]) {
        Some(l) => collapse(l),
        None => format!(
            "paragraph «{}»",
            excerpt(str_at(step, &["text"]).unwrap_or(""), 40)
        ),
    }
}

fn added_removed(a: &Option<FactValue>, b: &Option<FactValue>) -> FactChange {
    match (a, b) {
        (None, Some(_)) => FactChange::Added,
        (Some(_), None) => FactChange::Removed,
        _ => FactChange::Changed,
    }
}

/// What makes two lists of durations the same: value, unit, bound of each.
fn durations_key(list: &[Value]) -> Vec<(u64, String, String)> {
    list.iter()
        .map(|d| {
            (
                d.get("value").and_then(Value::as_u64).unwrap_or(0),
                str_at(d, &["unit"]).unwrap_or("").to_owned(),
                str_at(d, &["bound"]).unwrap_or("").to_owned(),
            )
        })
        .collect()
}

/// Durations as printed, joined; placed at the first.
fn durations_value(s: &Semantic, list: &[Value], old: bool) -> Option<FactValue> {
    let first = list.first()?;
    let text = list
        .iter()
        .filter_map(|d| str_at(d, &["text"]).map(collapse))
        .collect::<Vec<_>>()
        .join("; ");
    Some(s.with_text(first, old, text))
}

/// The working minutes of the first (main) duration on each side, when both
/// are convertible.
fn minutes_change(a: &[Value], b: &[Value]) -> Option<MinutesChange> {
    let minutes = |l: &[Value]| -> Option<u64> {
        let d = l.first()?;
        let unit: Unit = serde_json::from_value(d.get("unit")?.clone()).ok()?;
        let value = u32::try_from(d.get("value")?.as_u64()?).ok()?;
        unit.working_minutes(value)
    };
    let (old, new) = (minutes(a)?, minutes(b)?);
    Some(MinutesChange {
        old,
        new,
        delta: i64::try_from(new).unwrap_or(i64::MAX) - i64::try_from(old).unwrap_or(i64::MAX),
    })
}

// ---------------------------------------------------------------------------
// Positions.

/// Turns spans of one document into lines and columns: counted in the input
/// when it is the document's source (UTF-8), else read off the tree (the
/// line and column of the deepest node that holds the span's start).
struct Locator<'a> {
    tree: &'a Value,
    /// The input, when it is this document's UTF-8 source; its line starts.
    source: Option<(&'a [u8], Vec<usize>)>,
}

impl<'a> Locator<'a> {
    fn new(side: &Side<'a>, document: usize) -> Locator<'a> {
        let doc = &side.documents[document];
        // The size first: hashing is only for an input that may be the source.
        let is_source = doc["source"]["bytes"].as_u64() == Some(side.bytes.len() as u64)
            && str_at(doc, &["source", "sha256"]).is_some_and(|sha| sha == hex_sha256(side.bytes))
            && str_at(doc, &["source", "encoding"])
                .is_some_and(|e| e.to_ascii_lowercase().starts_with("utf-8"));
        let source = is_source.then(|| {
            let mut starts = vec![0];
            starts.extend(
                side.bytes
                    .iter()
                    .enumerate()
                    .filter(|(_, &b)| b == b'\n')
                    .map(|(i, _)| i + 1),
            );
            (side.bytes, starts)
        });
        Locator {
            tree: &doc["tree"],
            source,
        }
    }

    fn node_place(&self, node: &Value) -> Place {
        let s = span_of(node);
        let line = node.get("line").and_then(Value::as_u64).unwrap_or(0) as usize;
        let column = node.get("column").and_then(Value::as_u64).unwrap_or(0) as usize;
        Place {
            node: str_at(node, &["id"]).map(str::to_owned),
            span: s,
            line,
            column,
        }
    }

    fn span_place(&self, s: Span) -> Place {
        let holder = deepest(self.tree, s.start);
        let (line, column) = match &self.source {
            Some((bytes, starts)) => {
                // The first printed character: a node's span holds the
                // indentation and blank lines before it.
                let end = s.end.min(bytes.len());
                let first = bytes
                    .get(s.start..end)
                    .and_then(|b| b.iter().position(|c| !c.is_ascii_whitespace()))
                    .map_or(s.start, |p| s.start + p);
                let line = starts.partition_point(|&st| st <= first);
                let start = starts[line - 1];
                let before = bytes.get(start..first).unwrap_or(&[]);
                let column = String::from_utf8_lossy(before).chars().count() + 1;
                (line, column)
            }
            None => {
                let n = holder.unwrap_or(self.tree);
                (
                    n.get("line").and_then(Value::as_u64).unwrap_or(0) as usize,
                    n.get("column").and_then(Value::as_u64).unwrap_or(0) as usize,
                )
            }
        };
        Place {
            node: holder.and_then(|n| str_at(n, &["id"])).map(str::to_owned),
            span: s,
            line,
            column,
        }
    }
}

/// The deepest node whose span holds `offset`.
fn deepest(tree: &Value, offset: usize) -> Option<&Value> {
    let s = span_of(tree);
    if offset < s.start || offset >= s.end {
        return None;
    }
    let mut at = tree;
    'down: loop {
        for c in array(at, "children") {
            let cs = span_of(c);
            if cs.start <= offset && offset < cs.end {
                at = c;
                continue 'down;
            }
        }
        return Some(at);
    }
}

fn hex_sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .fold(String::new(), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

// ---------------------------------------------------------------------------
// Small readers of the JSON shape and text helpers.

fn array<'v>(value: &'v Value, key: &str) -> &'v [Value] {
    value
        .get(key)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

fn str_at<'v>(value: &'v Value, path: &[&str]) -> Option<&'v str> {
    let mut v = value;
    for key in path {
        v = v.get(key)?;
    }
    v.as_str()
}

fn span(v: &Value) -> Span {
    let n = |k: &str| v.get(k).and_then(Value::as_u64).unwrap_or(0) as usize;
    Span::new(n("start"), n("end"))
}

fn span_of(node: &Value) -> Span {
    span(&node["span"])
}

fn walk(tree: &Value) -> Vec<&Value> {
    let mut out = Vec::new();
    let mut stack = vec![tree];
    while let Some(n) = stack.pop() {
        out.push(n);
        stack.extend(array(n, "children").iter().rev());
    }
    out
}

fn sorted_strings(list: &[Value]) -> Vec<String> {
    let mut v: Vec<String> = list
        .iter()
        .filter_map(|x| x.as_str().map(str::to_owned))
        .collect();
    v.sort();
    v.dedup();
    v
}

fn or_none(list: &[String]) -> String {
    if list.is_empty() {
        "—".to_owned()
    } else {
        list.iter()
            .map(|s| s.replace('_', " "))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

fn short_id(id: &str) -> &str {
    id.rsplit('#').next().unwrap_or(id)
}

/// Whitespace collapsed.
fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whitespace collapsed and lowercased: how names are compared.
fn fold(text: &str) -> String {
    collapse(text).to_lowercase()
}

/// Whitespace removed and lowercased: how facts are told apart.
fn same_key(text: &str) -> String {
    squeeze(text).to_lowercase()
}

/// Whether two texts have the same words, whatever their order. A fact is
/// compared so: the PDF export cuts hyperlinked words out of their place
/// (DOMAIN.md §7.3) and where they land depends on the line layout, so a
/// word that only moved is no semantic change. (The structural layer still
/// shows the move, marked as such.)
fn same_words(a: &str, b: &str) -> bool {
    let bag = |t: &str| {
        let lower = t.to_lowercase();
        let mut words: Vec<String> = tokens(&lower)
            .into_iter()
            .map(|r| lower[r].to_owned())
            .collect();
        words.sort();
        words
    };
    bag(a) == bag(b)
}

/// Similarity of two texts by words, 0 to 1: the share of words in
/// common (whitespace is no token, or any two texts would look alike).
fn word_ratio(a: &str, b: &str) -> f64 {
    if a == b {
        return 1.0;
    }
    let wa: Vec<&str> = tokens(a).into_iter().map(|r| &a[r]).collect();
    let wb: Vec<&str> = tokens(b).into_iter().map(|r| &b[r]).collect();
    let ops = capture_diff_slices(Algorithm::Myers, &wa, &wb);
    f64::from(similar::get_diff_ratio(&ops, wa.len(), wb.len()))
}

/// Similarity of two short texts by characters, 0 to 1.
fn char_ratio(a: &str, b: &str) -> f64 {
    if a == b {
        return 1.0;
    }
    f64::from(TextDiff::from_chars(a, b).ratio())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        tokens(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn tokens_are_letters_digits_and_signs() {
        assert_eq!(words("сәулет - құрылыс"), ["сәулет", "-", "құрылыс"]);
        assert_eq!(words("сәулет-құрылыс"), ["сәулет", "-", "құрылыс"]);
        assert_eq!(
            words("сәйкес1-қосымшасына"),
            ["сәйкес", "1", "-", "қосымшасына"]
        );
        assert_eq!(words(" (он бес) "), ["(", "он", "бес", ")"]);
        assert_eq!(words(""), Vec::<&str>::new());
    }

    #[test]
    fn spacing_is_no_change_word_order_is_reported() {
        assert!(same_words("әрі - Стандарт", "әрі-Стандарт"));
        assert!(same_words(
            "Стандарттың 9-тармағында көрсетілген",
            "Стандарттың көрсетілген 9-тармағында"
        ));
        assert!(!same_words("15 минут", "15 сағат"));
        let ops = word_diff(
            "Стандарттың 9-тармағында көрсетілген",
            "Стандарттың көрсетілген 9-тармағында",
        );
        assert!(ops.iter().any(|o| o.op == WordTag::Delete));
        assert!(ops.iter().any(|o| o.op == WordTag::Insert));
    }

    #[test]
    fn word_diff_keeps_each_sides_spacing() {
        let ops = word_diff("ұзақтығы - 15 (он бес) минут;", "ұзақтығы - 2 (екі) сағат;");
        let shown: Vec<(WordTag, &str)> = ops.iter().map(|o| (o.op, o.text.as_str())).collect();
        assert_eq!(
            shown,
            [
                (WordTag::Equal, "ұзақтығы -"),
                (WordTag::Delete, " 15"),
                (WordTag::Insert, " 2"),
                (WordTag::Equal, " ("),
                (WordTag::Delete, "он бес"),
                (WordTag::Insert, "екі"),
                (WordTag::Equal, ")"),
                (WordTag::Delete, " минут"),
                (WordTag::Insert, " сағат"),
                (WordTag::Equal, ";"),
            ]
        );
        // The new side read back from its runs.
        let new: String = ops
            .iter()
            .filter(|o| o.op != WordTag::Delete)
            .map(|o| o.text.as_str())
            .collect();
        assert_eq!(new, "ұзақтығы - 2 (екі) сағат;");
    }

    #[test]
    fn the_pairs_out_of_order_are_the_moved_ones() {
        assert_eq!(longest_increasing(&[0, 1, 2]), [true, true, true]);
        // A moved to the end: [B, C, D, A] seen from the old order A, B, C, D.
        assert_eq!(longest_increasing(&[3, 0, 1, 2]), [false, true, true, true]);
        assert_eq!(longest_increasing(&[]), Vec::<bool>::new());
    }

    #[test]
    fn renumbered_siblings_pair_by_their_text() {
        let keys = |list: &[(&'static str, &'static str)]| -> Vec<Key<'static>> {
            list.iter()
                .map(|(l, b)| Key::new("item", (*l).to_owned(), b))
                .collect()
        };
        let old = keys(&[
            ("1.", "бірінші"),
            ("2.", "екінші жол"),
            ("3.", "үшінші жол"),
        ]);
        let new = keys(&[("1.", "бірінші"), ("2.", "үшінші жол")]);
        let pairs = pair_sequences(&old, &new, SAME_PLACE_SIMILARITY, MOVED_SIMILARITY);
        let got: Vec<(usize, usize, bool)> =
            pairs.iter().map(|p| (p.old, p.new, p.moved)).collect();
        assert_eq!(got, [(0, 0, false), (2, 1, false)]);
    }
}
