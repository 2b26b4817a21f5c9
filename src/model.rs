//! The document model every stage hands on: a lossless tree of [`Node`]s with
//! byte spans into the original input, plus [`Diagnostic`]s as data.
//!
//! In: nothing (types only). Out: the serde shape of `reglament parse` JSON,
//! described by `schema/reglament.schema.json`. The node kinds follow
//! DOMAIN.md §2 (acts) and §3 (regulations).

use std::ops::Range;

use serde::Serialize;

use crate::normalize::SourceMap;

/// Version of the JSON output contract (`schema/reglament.schema.json`).
pub const SCHEMA_VERSION: &str = "0.1.0";

/// A half-open byte range `[start, end)` into the original input bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }
}

/// What a node of the tree is. Container kinds hold children; the others are
/// leaves, and the leaves' spans tile the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NodeKind {
    /// The root: one per input.
    Document,
    /// The title of an act, before its status line.
    ActTitle,
    /// `Күшін жойған` / `Қолданыстағы`.
    Status,
    /// The metadata sentence: adoption, registration, repeal.
    Metadata,
    /// `Ескерту. …`: what a later act did to the node it follows (DOMAIN.md §6).
    Note,
    /// `РҚАО-ның ескертпесі. …`: the database's editorial remark.
    EditorialNote,
    /// The act's preamble, ending in its enacting formula (`ҚАУЛЫ ЕТЕДІ:`).
    Preamble,
    /// A point (тармақ) of an act's body: `1. …`.
    Point,
    /// A sub-point (тармақша) of an act's point: `1) …`.
    SubPoint,
    /// The signature: position, initials, surname.
    Signature,
    /// An appendix (қосымша): of an act, or a regulation's own.
    Appendix,
    /// The right-aligned stamp that opens an appendix: `… қаулысына 1 қосымша`.
    AppendixStamp,
    /// `… қаулысымен бекітілген`: the act that approved a regulation.
    ApprovalStamp,
    /// A regulation (регламент) of a state service.
    Regulation,
    /// `"<service>" мемлекеттік көрсетілетін қызмет регламенті`.
    RegulationTitle,
    /// A chapter (тарау): `1. Жалпы ережелер`, `1-тарау. …`.
    Chapter,
    /// The printed heading lines of a chapter.
    Heading,
    /// An item (тармақ) of a regulation: `5. …`.
    Item,
    /// A sub-item (тармақша): `1) …`.
    SubItem,
    /// A workflow step: `1 - іс-қимыл`, `1-рәсім`, `1 - процесс`, `1 - үдеріс`, `1 - шарт`.
    Step,
    /// The own text of a container (an item's words before its sub-items).
    Lead,
    /// An unnumbered paragraph.
    Paragraph,
    /// The title of a diagram or of the business-process handbook.
    Diagram,
    /// `Шартты белгілер`: a diagram's legend.
    Legend,
    /// The legal database's footer (`© 2012. …`).
    Footer,
    /// Blank input: only whitespace.
    Trivia,
    /// Text the parser could not place; always comes with a diagnostic.
    Unparsed,
}

impl NodeKind {
    /// The snake_case name used in JSON and in the outline.
    pub fn name(self) -> &'static str {
        match self {
            NodeKind::Document => "document",
            NodeKind::ActTitle => "act_title",
            NodeKind::Status => "status",
            NodeKind::Metadata => "metadata",
            NodeKind::Note => "note",
            NodeKind::EditorialNote => "editorial_note",
            NodeKind::Preamble => "preamble",
            NodeKind::Point => "point",
            NodeKind::SubPoint => "sub_point",
            NodeKind::Signature => "signature",
            NodeKind::Appendix => "appendix",
            NodeKind::AppendixStamp => "appendix_stamp",
            NodeKind::ApprovalStamp => "approval_stamp",
            NodeKind::Regulation => "regulation",
            NodeKind::RegulationTitle => "regulation_title",
            NodeKind::Chapter => "chapter",
            NodeKind::Heading => "heading",
            NodeKind::Item => "item",
            NodeKind::SubItem => "sub_item",
            NodeKind::Step => "step",
            NodeKind::Lead => "lead",
            NodeKind::Paragraph => "paragraph",
            NodeKind::Diagram => "diagram",
            NodeKind::Legend => "legend",
            NodeKind::Footer => "footer",
            NodeKind::Trivia => "trivia",
            NodeKind::Unparsed => "unparsed",
        }
    }
}

/// The kind of a workflow step, from the word of its label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StepKind {
    /// `іс-қимыл`: an action of a unit.
    Action,
    /// `процесс`, `үдеріс`, `рәсім`: a process of an information system flow.
    Process,
    /// `шарт`: a condition (a gateway with a failure branch).
    Condition,
}

/// Whether a regulation still has a body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RegulationStatus {
    Active,
    /// `Ескерту. Регламент алып тасталды`: the body was removed.
    Excluded,
}

/// One node of the document tree.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Node {
    /// Stable path-like id (`app1/reg/ch2/i5/s3`), unique in the document.
    pub id: String,
    pub kind: NodeKind,
    /// The number label as printed: `5.`, `3)`, `1 - іс-қимыл`, `2-тарау.`, `1 қосымша`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The label's number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<u32>,
    /// Heading of a chapter or a diagram; the title of a regulation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub heading: Option<String>,
    /// Normalized text of the node's own words (labels excluded).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub step_kind: Option<StepKind>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<RegulationStatus>,
    pub span: Span,
    /// 1-based line of the node's first printed character.
    pub line: usize,
    /// 1-based column (in characters) of the node's first printed character.
    pub column: usize,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<Node>,
    /// Where each byte of `text` came from, in input offsets: what a later
    /// stage finds in the text gets its span through [`Node::source_span`].
    #[serde(skip)]
    pub map: Option<SourceMap>,
    /// What is computed from `text` on first use (its lowercase, its
    /// durations), boxed: most nodes are never asked, and the two values
    /// held inline were a quarter of every node's size.
    #[serde(skip)]
    pub derived: Derived<Box<Derivations>>,
}

/// The values computed from a node's text on first use.
#[derive(Debug, Clone, Default)]
pub struct Derivations {
    /// The lowercase of `text`: extraction asks many questions of one
    /// node's words, and lowercasing them each time was the largest cost
    /// of extraction.
    pub folded: Derived<String>,
    /// The durations in `text`: a step's durations are asked for by the
    /// workflow, its comparison with item 8 and reports.
    pub durations: Derived<Vec<crate::workflow::Duration>>,
}

/// A value computed from a node's text once, on first use. It follows from
/// the text, so two nodes never differ by it.
#[derive(Debug, Clone)]
pub struct Derived<T>(std::sync::OnceLock<T>);

impl<T> Default for Derived<T> {
    fn default() -> Self {
        Derived(std::sync::OnceLock::new())
    }
}

impl<T> PartialEq for Derived<T> {
    fn eq(&self, _: &Derived<T>) -> bool {
        true
    }
}

impl<T> Derived<T> {
    pub fn get_or_init(&self, make: impl FnOnce() -> T) -> &T {
        self.0.get_or_init(make)
    }

    /// The value, if it was made.
    pub fn get(&self) -> Option<&T> {
        self.0.get()
    }
}

impl Node {
    /// The node's text in lowercase ([`crate::normalize::lowercase`]).
    pub fn lower_text(&self) -> &str {
        self.derivations()
            .folded
            .get_or_init(|| crate::normalize::lowercase(self.text.as_deref().unwrap_or("")))
    }

    /// The node's [`Derivations`], made empty on first use.
    pub fn derivations(&self) -> &Derivations {
        self.derived.get_or_init(Box::default)
    }

    /// A node with only kind and span set.
    pub fn new(kind: NodeKind, span: Span) -> Self {
        Node {
            id: String::new(),
            kind,
            label: None,
            number: None,
            heading: None,
            text: None,
            step_kind: None,
            status: None,
            span,
            line: 0,
            column: 0,
            children: Vec::new(),
            map: None,
            derived: Derived::default(),
        }
    }

    /// The input span of the byte range `r` of this node's `text`.
    pub fn source_span(&self, r: Range<usize>) -> Option<Span> {
        let map = self.map.as_ref()?;
        if r.end > map.len() || r.start > r.end {
            return None;
        }
        let s = map.source_range(r);
        Some(Span::new(s.start, s.end))
    }

    /// Depth-first, parents before children.
    pub fn walk(&self) -> Walk<'_> {
        Walk { stack: vec![self] }
    }

    /// The leaves in input order.
    pub fn leaves(&self) -> impl Iterator<Item = &Node> {
        self.walk().filter(|n| n.children.is_empty())
    }
}

/// Depth-first iterator over a tree.
pub struct Walk<'a> {
    stack: Vec<&'a Node>,
}

impl<'a> Iterator for Walk<'a> {
    type Item = &'a Node;
    fn next(&mut self) -> Option<&'a Node> {
        let node = self.stack.pop()?;
        self.stack.extend(node.children.iter().rev());
        Some(node)
    }
}

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A finding about the content, pointing at the original input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Stable code, documented in the README.
    pub code: &'static str,
    pub message: String,
    pub span: Span,
    pub line: usize,
    pub column: usize,
}

/// Where a document came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Source {
    /// The path as given (`-` for standard input).
    pub path: String,
    /// SHA-256 of the input bytes, lowercase hex.
    pub sha256: String,
    /// Size of the input in bytes.
    pub bytes: usize,
    /// The encoding the input was read in.
    pub encoding: &'static str,
}

/// The result of parsing one input.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Document {
    pub schema_version: &'static str,
    pub source: Source,
    pub tree: Node,
    /// The act's metadata and amendment instructions, when the document is an act.
    pub act: Option<crate::act::Act>,
    /// One workflow definition per regulation, in document order.
    pub regulations: Vec<crate::workflow::Workflow>,
    /// Every note (`Ескерту`) as an amendment record, in document order.
    pub notes: Vec<crate::act::Note>,
    /// The appendix and approval stamps as references to acts.
    pub stamps: Vec<crate::act::Stamp>,
    pub diagnostics: Vec<Diagnostic>,
}
