//! Documents shaped unlike the seeds (another ministry, a decision without a
//! header, «» quotes, `1-тарау.` chapters, long unwrapped lines) still give
//! the tree a reader sees in them.

mod common;

use common::*;
use reglament::{Node, NodeKind};

fn fixture(name: &str) -> (String, reglament::Document) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/unseen")
        .join(name);
    let text = std::fs::read_to_string(path).unwrap();
    let doc = parse_text(&text);
    assert_lossless(&doc, text.len());
    (text, doc)
}

fn kinds(nodes: &[Node]) -> Vec<&'static str> {
    nodes.iter().map(|n| n.kind.name()).collect()
}

#[test]
fn an_order_in_force_with_two_appendices() {
    let (_, doc) = fixture("order_in_force.txt");
    assert_eq!(
        kinds(&doc.tree.children),
        [
            "act_title",
            "status",
            "metadata",
            "note",
            "preamble",
            "point",
            "point",
            "point",
            "signature",
            "appendix",
            "appendix"
        ]
    );
    let signature = &doc.tree.children[8];
    assert_eq!(
        signature.text.as_deref(),
        Some("Қазақстан Республикасының Ауыл шаруашылығы министрі А. Мамытбеков")
    );
    let regs = regulations(&doc.tree);
    assert_eq!(regs.len(), 2);
    use reglament::model::RegulationStatus::*;
    assert_eq!(regs[0].status, Some(Active));
    assert_eq!(regs[1].status, Some(Excluded));
    let chapters: Vec<_> = regs[0]
        .children
        .iter()
        .filter(|c| c.kind == NodeKind::Chapter)
        .map(|c| c.label.clone().unwrap())
        .collect();
    assert_eq!(chapters, ["1-тарау.", "2-тарау.", "3-тарау."]);
    let steps: Vec<_> = regs[0]
        .walk()
        .filter(|n| n.kind == NodeKind::Step)
        .map(|n| n.label.clone().unwrap())
        .collect();
    assert_eq!(steps, ["1-іс-қимыл", "2-іс-қимыл", "3-іс-қимыл"]);
    // The regulation's own appendix stays inside it.
    let own: Vec<_> = regs[0]
        .children
        .iter()
        .filter(|c| c.kind == NodeKind::Appendix)
        .collect();
    assert_eq!(own.len(), 1);
    assert_eq!(own[0].number, Some(1));
}

#[test]
fn a_decision_without_title_or_status() {
    let (text, doc) = fixture("decision_no_header.txt");
    assert_eq!(
        kinds(&doc.tree.children),
        [
            "preamble",
            "point",
            "point",
            "signature",
            "signature",
            "regulation"
        ]
    );
    let reg = &doc.tree.children[5];
    assert_eq!(
        kinds(&reg.children),
        ["approval_stamp", "regulation_title", "chapter", "chapter"]
    );
    let items: Vec<u32> = reg
        .walk()
        .filter(|n| n.kind == NodeKind::Item)
        .filter_map(|n| n.number)
        .collect();
    assert_eq!(items, [1, 2, 3]);
    // The same text wrapped the way the export wraps it: the same skeleton.
    assert_eq!(
        skeleton(&parse_text(&rewrapped(&text, 80)).tree),
        skeleton(&doc.tree)
    );
}

#[test]
fn stamps_printed_label_first_and_chapters_on_two_lines() {
    let (_, doc) = fixture("label_first_stamps.txt");
    let appendix = doc
        .tree
        .children
        .iter()
        .find(|n| n.kind == NodeKind::Appendix)
        .unwrap();
    assert_eq!(
        (appendix.label.as_deref(), appendix.number),
        (Some("1-қосымша"), Some(1))
    );
    let reg = &appendix.children[1];
    assert_eq!(
        kinds(&reg.children),
        ["approval_stamp", "regulation_title", "chapter", "chapter"]
    );
    assert!(reg.children[0]
        .text
        .as_deref()
        .unwrap()
        .starts_with("Бекітілген Ақмола облысы"));
    let chapter = &reg.children[2];
    assert_eq!(
        (chapter.label.as_deref(), chapter.heading.as_deref()),
        (Some("1-тарау"), Some("Жалпы ережелер"))
    );
    let subs = reg.walk().filter(|n| n.kind == NodeKind::SubItem).count();
    assert_eq!(subs, 2);
}
