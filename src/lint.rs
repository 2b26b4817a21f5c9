//! A parsed document in, the defects of the regulation out: numbering,
//! item 5 against item 8, durations against the term, actors, result types,
//! references, headings — each a [`Finding`] with a stable code (`R001`…),
//! a span on the text, and a help line.
//!
//! Regulations are drafted from a template by hand (DOMAIN.md §3), so the
//! published ones carry real defects (§7.6); the lawyers who draft them want
//! these found before publication. Findings already made while parsing (the
//! tree's numbering, the item 5/8 cross-check, digits against words) are
//! carried over under their `R` code; the others are checked here.

use std::collections::HashMap;

use serde::Serialize;

use crate::model::{Diagnostic, Document, Node, NodeKind, Severity, Span};
use crate::workflow::{ResultType, StepType, Workflow};

/// One rule of the checker.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Rule {
    pub code: &'static str,
    pub severity: Severity,
    /// What the rule finds, in one line.
    pub summary: &'static str,
    /// Why it matters and what to do (`reglament check --explain R004`).
    pub explanation: &'static str,
}

/// Every rule, by code.
pub const RULES: &[Rule] = &[
    Rule {
        code: "R001",
        severity: Severity::Warning,
        summary: "numbering: an item, sub-item, step, chapter or point number repeats, is skipped or out of order",
        explanation: "Items are numbered continuously through a regulation's chapters, sub-items and steps from 1 within their item. A repeated number (two items `8.`) or a gap makes references (`5-тармақта`) ambiguous. Renumber so that each number appears once, in order.",
    },
    Rule {
        code: "R002",
        severity: Severity::Warning,
        summary: "a sub-item without a number between numbered sub-items",
        explanation: "A list entry (`…;`) printed without its `N)` between numbered sub-items usually lost its number when the text was copied, and the numbers of the entries after it are then off by one. Give it its number.",
    },
    Rule {
        code: "R003",
        severity: Severity::Warning,
        summary: "the procedures item and the sequence item (usually 5 and 8) list different numbers of steps",
        explanation: "The template repeats the procedures of item 5 in item 8 (the sequence between units). When the two lists differ, one of them is out of date. Make item 8 list the same steps as item 5.",
    },
    Rule {
        code: "R004",
        severity: Severity::Warning,
        summary: "a step of item 5 and the step in its place in item 8 are worded as different procedures",
        explanation: "Item 8 should describe the same procedure as item 5 at the same number. Align the wording, or the numbering if a step was inserted or removed in one of them.",
    },
    Rule {
        code: "R005",
        severity: Severity::Warning,
        summary: "a step of item 5 and its counterpart in item 8 give different durations",
        explanation: "The same procedure must take the same time in both items; a reader cannot tell which one applies. Make the durations agree.",
    },
    Rule {
        code: "R006",
        severity: Severity::Warning,
        summary: "a step of item 5 and its counterpart in item 8 name different performers",
        explanation: "The same procedure is done by the same unit in both items. Make the performers agree.",
    },
    Rule {
        code: "R007",
        severity: Severity::Warning,
        summary: "the digits and the number words of a duration disagree (`15 (он төрт)`)",
        explanation: "A duration is printed twice, in digits and in words; when they disagree neither can be trusted. Correct the one that is wrong.",
    },
    Rule {
        code: "R008",
        severity: Severity::Warning,
        summary: "a numbered step of the procedures item states no duration",
        explanation: "Item 5 must give the duration of each procedure (`… 15 (он бес) минут`). Add the duration.",
    },
    Rule {
        code: "R009",
        severity: Severity::Info,
        summary: "a numbered step names no performing unit from the actors list",
        explanation: "Each procedure is done by one of the units listed in the actors item (usually 7), named as the subject (`… басшысы … қарайды`). Name the performer, or add the unit to the list.",
    },
    Rule {
        code: "R010",
        severity: Severity::Warning,
        summary: "a unit of the actors list never performs a step",
        explanation: "Every unit in the actors item (usually 7) should take part in the procedures of item 5. Remove it from the list, or name it in the step it performs.",
    },
    Rule {
        code: "R011",
        severity: Severity::Warning,
        summary: "the step durations add up to more than the service's total term",
        explanation: "The procedures of item 5 must fit in the term the regulation states (`Мемлекеттік қызметті көрсету мерзімі: …`). The numbered steps of the main path are added up; unnumbered paragraphs (branches) are not. Assumptions: a working day is 8 hours; a calendar day counts as 5/7 of a working day; minutes and hours count within working days. Shorten the steps or correct the term.",
    },
    Rule {
        code: "R012",
        severity: Severity::Warning,
        summary: "a step produces a result type that is not among the service's results",
        explanation: "A step signs or issues a document (`лицензияға … қол қояды`) that the service's result (item 3) does not name — typically text copied from another regulation's template (a licence signed in a service that issues a notification). Correct the step or the result.",
    },
    Rule {
        code: "R013",
        severity: Severity::Warning,
        summary: "a reference to an appendix that does not exist",
        explanation: "The text refers to an appendix of this regulation or act (`осы Регламенттің 3-қосымшасына`) that is not there. Correct the number or add the appendix.",
    },
    Rule {
        code: "R014",
        severity: Severity::Warning,
        summary: "a chapter is missing or a chapter heading is repeated",
        explanation: "A regulation of the template has four chapters (general provisions; actions of the units; their interaction; information systems and the State Corporation), each heading once. Add the missing chapter or remove the repeated heading.",
    },
    Rule {
        code: "R015",
        severity: Severity::Warning,
        summary: "the regulation's title and the name used in its item 1 differ",
        explanation: "Item 1 names the service the regulation is about; it should be the name in the title (`\"…\" мемлекеттік көрсетілетін қызмет регламенті`). Use one name.",
    },
    Rule {
        code: "R016",
        severity: Severity::Warning,
        summary: "text the parser could not place in the structure",
        explanation: "Usually a heading or stamp printed out of place, or a paragraph broken by the export. Check the text around it.",
    },
    Rule {
        code: "R017",
        severity: Severity::Info,
        summary: "text that looks displaced by the export; its place is not certain",
        explanation: "The legal database's PDF export cuts hyperlinked words out of their place and appends them at the end of the line (DOMAIN.md §7.3). Where the place of the words was not certain they were left as printed. Read the sentence and restore the word order.",
    },
    Rule {
        code: "R018",
        severity: Severity::Warning,
        summary: "a printed date that cannot exist",
        explanation: "A date such as `31 ақпан` is a misprint. Correct the day or the month.",
    },
    Rule {
        code: "R019",
        severity: Severity::Warning,
        summary: "a paragraph reads like an amendment instruction but what it does is not clear",
        explanation: "An amending act's points say what happens to which act (`… жаңа редакцияда жазылсын`, `… алынып тасталсын`). This one does not say it in a form that can be read unambiguously.",
    },
    Rule {
        code: "R020",
        severity: Severity::Warning,
        summary: "a duration's unit is misspelled (`4 (төрт) жұмыс күн`, `(күнтізбелі) күні`)",
        explanation: "The unit of a duration is printed wrong: `жұмыс күн` for `жұмыс күні`, `күнтізбелі` for `күнтізбелік`. The duration is still read, but the text should be corrected.",
    },
];

/// The rule of a code.
pub fn rule(code: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.code == code)
}

/// One defect found, pointing at the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub code: &'static str,
    pub severity: Severity,
    pub message: String,
    pub span: Span,
    pub line: usize,
    pub column: usize,
    /// What to do about it.
    pub help: Option<String>,
    /// The regulation it is in, when it is in one.
    pub regulation: Option<String>,
}

/// The codes of the parse diagnostics that are defects of the source, and
/// their rule.
const CARRIED: &[(&str, &str)] = &[
    ("S001", "R001"),
    ("S003", "R002"),
    ("X002", "R003"),
    ("X003", "R004"),
    ("X004", "R005"),
    ("X005", "R006"),
    ("X001", "R007"),
    ("S002", "R016"),
    ("N002", "R017"),
    ("A001", "R018"),
    ("A002", "R019"),
];

/// Check a parsed document.
pub fn check(doc: &Document) -> Vec<Finding> {
    let index = Index::new(&doc.tree);
    let mut out = Vec::new();
    for d in &doc.diagnostics {
        let Some((_, code)) = CARRIED.iter().find(|(from, _)| *from == d.code) else {
            continue;
        };
        // S003 as info is a legitimate unnumbered paragraph, not a defect.
        if d.code == "S003" && d.severity == Severity::Info {
            continue;
        }
        out.push(carried(d, code, &index));
    }
    for wf in &doc.regulations {
        let Some(reg) = index.node(&wf.id) else {
            continue;
        };
        steps_without_durations(wf, &index, &mut out);
        misspelled_units(wf, &index, &mut out);
        performers(wf, &index, &mut out);
        term_exceeded(wf, &index, &mut out);
        foreign_results(wf, reg, &mut out);
        chapters(reg, &mut out);
        title_and_item_one(wf, reg, &mut out);
        appendix_references(reg, &mut out);
    }
    act_appendix_references(&doc.tree, &mut out);
    out.sort_by_key(|f| (f.span.start, f.code));
    out.dedup_by(|a, b| a.code == b.code && a.span == b.span);
    out
}

/// Nodes by id, and which regulation each lies in.
struct Index<'a> {
    nodes: HashMap<&'a str, &'a Node>,
    /// The leaves in input order (they tile the input).
    leaves: Vec<&'a Node>,
    regulation_of: Vec<(Span, &'a str)>,
}

impl<'a> Index<'a> {
    fn new(tree: &'a Node) -> Self {
        let mut nodes = HashMap::new();
        let mut regulation_of = Vec::new();
        for n in tree.walk() {
            nodes.insert(n.id.as_str(), n);
            if n.kind == NodeKind::Regulation {
                regulation_of.push((n.span, n.id.as_str()));
            }
        }
        Index {
            nodes,
            leaves: tree.leaves().collect(),
            regulation_of,
        }
    }

    fn node(&self, id: &str) -> Option<&'a Node> {
        self.nodes.get(id).copied()
    }

    /// The leaf whose span holds byte `at`.
    fn leaf_at(&self, at: usize) -> Option<&'a Node> {
        let i = self.leaves.partition_point(|n| n.span.end <= at);
        self.leaves.get(i).copied().filter(|n| n.span.start <= at)
    }

    fn regulation_at(&self, span: Span) -> Option<String> {
        self.regulation_of
            .iter()
            .find(|(s, _)| s.start <= span.start && span.start < s.end.max(s.start + 1))
            .map(|(_, id)| (*id).to_owned())
    }
}

fn help_of(code: &str) -> Option<String> {
    rule(code).map(|r| {
        r.explanation
            .split(". ")
            .last()
            .unwrap_or(r.explanation)
            .trim_end_matches('.')
            .to_owned()
            + "."
    })
}

fn finding(
    code: &'static str,
    message: String,
    span: Span,
    node: &Node,
    regulation: Option<String>,
) -> Finding {
    let severity = rule(code).map(|r| r.severity).unwrap_or(Severity::Warning);
    Finding {
        code,
        severity,
        message,
        span,
        line: node.line.max(1),
        column: node.column.max(1),
        help: help_of(code),
        regulation,
    }
}

fn carried(d: &Diagnostic, code: &'static str, index: &Index) -> Finding {
    let severity = rule(code).map(|r| r.severity).unwrap_or(d.severity);
    Finding {
        code,
        severity,
        message: d.message.clone(),
        span: d.span,
        line: d.line.max(1),
        column: d.column.max(1),
        help: help_of(code),
        regulation: index.regulation_at(d.span),
    }
}

/// R008: a numbered step without a duration.
fn steps_without_durations(wf: &Workflow, index: &Index, out: &mut Vec<Finding>) {
    for step in &wf.steps {
        if step.kind == StepType::Paragraph || !step.durations.is_empty() {
            continue;
        }
        let Some(node) = index.node(&step.node) else {
            continue;
        };
        let label = step.label.clone().unwrap_or_default();
        out.push(finding(
            "R008",
            format!("step {label} states no duration"),
            step.span,
            node,
            Some(wf.id.clone()),
        ));
    }
}

/// R020: `жұмыс күн ішінде` (the possessive `-і` lost), `күнтізбелі`.
fn misspelled_units(wf: &Workflow, index: &Index, out: &mut Vec<Finding>) {
    for step in &wf.steps {
        for d in &step.durations {
            let words: Vec<String> = d
                .text
                .split(|c: char| c.is_whitespace() || c == '(' || c == ')')
                .filter(|w| !w.is_empty())
                .map(str::to_lowercase)
                .collect();
            let lost_possessive = words.windows(2).any(|w| w[0] == "жұмыс" && w[1] == "күн");
            let truncated = words.iter().any(|w| w == "күнтізбелі");
            if !(lost_possessive || truncated) {
                continue;
            }
            let Some(node) = index.node(&step.node) else {
                continue;
            };
            let fix = if lost_possessive {
                "`жұмыс күні`"
            } else {
                "`күнтізбелік`"
            };
            out.push(finding(
                "R020",
                format!("`{}`: the unit should read {fix}", d.text),
                d.span,
                node,
                Some(wf.id.clone()),
            ));
        }
    }
}

/// R009 and R010: steps without a listed performer, listed units that never act.
fn performers(wf: &Workflow, index: &Index, out: &mut Vec<Finding>) {
    if wf.actors.is_empty() {
        return;
    }
    for step in wf
        .steps
        .iter()
        .filter(|s| s.kind != StepType::Paragraph && s.actor.is_none())
    {
        let Some(node) = index.node(&step.node) else {
            continue;
        };
        let label = step.label.clone().unwrap_or_default();
        out.push(finding(
            "R009",
            format!("step {label} names no performer from the actors list"),
            step.span,
            node,
            Some(wf.id.clone()),
        ));
    }
    for actor in &wf.actors {
        let acts = wf
            .steps
            .iter()
            .any(|s| s.actor.as_deref() == Some(actor.id.as_str()));
        if acts {
            continue;
        }
        // Named anywhere in the steps (as a recipient, say) still counts as
        // taking part; only a unit absent from every step is reported.
        let head = actor.name.split_whitespace().last().unwrap_or("");
        let stem: String = head
            .chars()
            .take(head.chars().count().saturating_sub(2).max(4))
            .collect();
        let named = wf.steps.iter().any(|s| s.text.contains(&stem));
        if named {
            continue;
        }
        let Some(node) = index
            .leaf_at(actor.span.start)
            .or_else(|| index.node(&wf.id))
        else {
            continue;
        };
        out.push(finding(
            "R010",
            format!("`{}` is listed but performs no step", actor.text),
            actor.span,
            node,
            Some(wf.id.clone()),
        ));
    }
}

fn shown_minutes(m: u64) -> String {
    if m >= 480 {
        format!("{:.1} working days", m as f64 / 480.0)
    } else if m >= 60 {
        format!("{:.1} hours", m as f64 / 60.0)
    } else {
        format!("{m} minutes")
    }
}

/// R011: the main path takes longer than the term. Reported at the step
/// whose duration carries the total past the term, with the term named.
fn term_exceeded(wf: &Workflow, index: &Index, out: &mut Vec<Finding>) {
    let Some(term) = &wf.term else { return };
    // The term's longest bound (`30 … дейін (немесе 22 жұмыс күні)`).
    let Some(limit) = term
        .durations
        .iter()
        .filter_map(|d| d.unit.working_minutes(d.value))
        .max()
    else {
        return;
    };
    let mut total = 0u64;
    for step in wf
        .steps
        .iter()
        .filter(|s| matches!(s.kind, StepType::Action | StepType::Process))
    {
        // Alternatives count once: the longest.
        let longest = step
            .durations
            .iter()
            .filter(|d| d.alternative_of.is_none())
            .filter_map(|d| d.unit.working_minutes(d.value).map(|m| (m, d.span)))
            .max_by_key(|(m, _)| *m);
        let Some((minutes, span)) = longest else {
            continue;
        };
        total += minutes;
        if total > limit {
            let Some(node) = index.node(&step.node) else {
                return;
            };
            out.push(finding(
                "R011",
                format!(
                    "with this step the procedures take {}, more than the term of {} ({})",
                    shown_minutes(total),
                    shown_minutes(limit),
                    term.text.trim()
                ),
                span,
                node,
                Some(wf.id.clone()),
            ));
            return;
        }
    }
}

/// R012: a step signs a document the service does not produce (a licence
/// signed in a service that issues a notification). Item 5's steps and
/// item 8's are both read: a copied template often survives in one of them.
fn foreign_results(wf: &Workflow, reg: &Node, out: &mut Vec<Finding>) {
    let Some(result) = &wf.result else { return };
    if result.types.is_empty() {
        return;
    }
    // The documents a service issues as its result; internal papers
    // (conclusions, notifications of a test date) are not.
    let documents = [
        ResultType::Licence,
        ResultType::Permit,
        ResultType::Certificate,
        ResultType::Attestation,
    ];
    let procedures = reg
        .children
        .iter()
        .filter(|c| c.kind == NodeKind::Chapter && matches!(c.number, Some(2) | Some(3)))
        .flat_map(|c| c.walk())
        .filter(|n| matches!(n.kind, NodeKind::SubItem | NodeKind::Step) && n.children.is_empty());
    for node in procedures {
        let Some(text) = node.text.as_deref() else {
            continue;
        };
        if !text.to_lowercase().contains("қол қо") {
            continue;
        }
        for ty in crate::extract::result_types_of(text)
            .into_iter()
            .filter(|t| documents.contains(t))
        {
            let reissued_ok =
                ty == ResultType::Licence && result.types.contains(&ResultType::ReissuedLicence);
            if result.types.contains(&ty) || reissued_ok {
                continue;
            }
            let label = node.label.clone().unwrap_or_default();
            out.push(finding(
                "R012",
                format!(
                    "step {label} signs a {} the service does not produce (its result: {})",
                    type_name(ty),
                    result
                        .types
                        .iter()
                        .map(|t| type_name(*t))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                node.span,
                node,
                Some(wf.id.clone()),
            ));
        }
    }
}

fn type_name(t: ResultType) -> String {
    serde_json::to_value(t)
        .ok()
        .and_then(|v| v.as_str().map(|s| s.replace('_', " ")))
        .unwrap_or_default()
}

/// R014: chapters missing or headings repeated.
fn chapters(reg: &Node, out: &mut Vec<Finding>) {
    let chapters: Vec<&Node> = reg
        .children
        .iter()
        .filter(|c| c.kind == NodeKind::Chapter)
        .collect();
    if chapters.is_empty() {
        return;
    }
    let numbers: Vec<u32> = chapters.iter().filter_map(|c| c.number).collect();
    let last = numbers.iter().copied().max().unwrap_or(0);
    for n in 1..=4.max(last) {
        if !numbers.contains(&n) {
            let anchor = chapters.last().copied().unwrap_or(reg);
            out.push(finding(
                "R014",
                format!("chapter {n} is missing"),
                anchor.span.min_start(),
                anchor,
                Some(reg.id.clone()),
            ));
        }
    }
    let mut seen: Vec<&str> = Vec::new();
    for c in &chapters {
        let Some(h) = c.heading.as_deref() else {
            continue;
        };
        if seen.contains(&h) {
            out.push(finding(
                "R014",
                format!("chapter heading `{h}` repeats"),
                c.span,
                c,
                Some(reg.id.clone()),
            ));
        }
        seen.push(h);
    }
}

/// R015: item 1 names the service otherwise than the title.
fn title_and_item_one(wf: &Workflow, reg: &Node, out: &mut Vec<Finding>) {
    let Some(name) = &wf.service_name else { return };
    let Some(item) = reg.walk().find(|n| n.kind == NodeKind::Item) else {
        return;
    };
    let Some(text) = item.text.as_deref() else {
        return;
    };
    let quoted = text
        .split('"')
        .nth(1)
        .or_else(|| text.split('«').nth(1).and_then(|t| t.split('»').next()));
    let Some(quoted) = quoted else { return };
    if !text.trim_start().starts_with(['"', '«']) {
        return;
    }
    if canonical(&name.text) != canonical(quoted) {
        out.push(finding(
            "R015",
            format!(
                "item 1 names the service `{quoted}`, the title `{}`",
                name.text
            ),
            item.span,
            item,
            Some(wf.id.clone()),
        ));
    }
}

/// A name compared without case, spacing or the spaces around hyphens.
fn canonical(name: &str) -> String {
    name.to_lowercase()
        .replace(" - ", "-")
        .replace("- ", "-")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// R013: `осы Регламенттің 3-қосымшасына` without an appendix 3.
fn appendix_references(reg: &Node, out: &mut Vec<Finding>) {
    let own: Vec<u32> = reg
        .children
        .iter()
        .filter(|c| c.kind == NodeKind::Appendix)
        .filter_map(|c| c.number)
        .collect();
    let bare = reg
        .children
        .iter()
        .any(|c| c.kind == NodeKind::Appendix && c.number.is_none());
    for node in reg.walk().filter(|n| n.children.is_empty()) {
        let Some(text) = node.text.as_deref() else {
            continue;
        };
        for (at, number) in references(text, &["регламенттің", "регламентке", "регламентіне"])
        {
            if own.contains(&number) || (bare && number == 1) {
                continue;
            }
            let span = node.source_span(at.clone()).unwrap_or(node.span);
            out.push(finding(
                "R013",
                format!("this regulation has no appendix {number}"),
                span,
                node,
                Some(reg.id.clone()),
            ));
        }
    }
}

/// R013 for the act: `осы қаулыға 3-қосымшаға сәйкес` without its appendix 3.
fn act_appendix_references(tree: &Node, out: &mut Vec<Finding>) {
    let own: Vec<u32> = tree
        .children
        .iter()
        .filter(|c| c.kind == NodeKind::Appendix)
        .filter_map(|c| c.number)
        .collect();
    if own.is_empty() {
        return;
    }
    for node in tree
        .children
        .iter()
        .filter(|c| {
            matches!(
                c.kind,
                NodeKind::Point | NodeKind::Paragraph | NodeKind::SubPoint
            )
        })
        .flat_map(|c| c.walk())
    {
        if !node.children.is_empty() {
            continue;
        }
        let Some(text) = node.text.as_deref() else {
            continue;
        };
        for (at, number) in references(
            text,
            &[
                "қаулының",
                "қаулыға",
                "бұйрыққа",
                "бұйрықтың",
                "шешімге",
                "шешімнің",
            ],
        ) {
            if own.contains(&number) {
                continue;
            }
            let span = node.source_span(at.clone()).unwrap_or(node.span);
            out.push(finding(
                "R013",
                format!("this act has no appendix {number}"),
                span,
                node,
                None,
            ));
        }
    }
}

/// `осы <owner> N-қосымша…` references in a text: where, and N.
fn references(text: &str, owners: &[&str]) -> Vec<(std::ops::Range<usize>, u32)> {
    // The lowercase keeps every character's length: positions carry over.
    let lower = crate::normalize::lowercase(text);
    let mut out = Vec::new();
    let mut from = 0;
    const THIS: &str = "осы ";
    while let Some(p) = lower[from..].find(THIS) {
        let at = from + p;
        from = at + THIS.len();
        let rest = &lower[from..];
        let Some(owner) = owners.iter().find(|o| rest.starts_with(*o)) else {
            continue;
        };
        let after = &rest[owner.len()..];
        let trimmed = after.trim_start();
        let digits: String = trimmed.chars().take_while(|c| c.is_ascii_digit()).collect();
        let Ok(number) = digits.parse::<u32>() else {
            continue;
        };
        let tail = trimmed[digits.len()..].trim_start_matches([' ', '-', '–']);
        if !tail.starts_with("қосымша") {
            continue;
        }
        let end = at + THIS.len() + owner.len() + (after.len() - trimmed.len()) + digits.len();
        if text.is_char_boundary(at) && text.is_char_boundary(end) {
            out.push((at..end, number));
        }
    }
    out
}

trait StartSpan {
    fn min_start(self) -> Span;
}

impl StartSpan for Span {
    /// The first byte of a span, to point at a place rather than a region.
    fn min_start(self) -> Span {
        Span::new(self.start, self.start.min(self.end))
    }
}
