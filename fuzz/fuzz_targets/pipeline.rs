//! The whole pipeline on arbitrary bytes: `parse` either refuses them with a
//! `DecodeError` or gives a document whose leaves tile the input, whose
//! containers span their children, and which survives serialization and
//! the checks of `reglament validate` (schema and rules), and whose JSON,
//! as the command line writes it, is serde_json's byte for byte.

#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

fn validator() -> &'static reglament::validate::Validator {
    static VALIDATOR: OnceLock<reglament::validate::Validator> = OnceLock::new();
    VALIDATOR.get_or_init(|| reglament::validate::Validator::new().expect("the schema compiles"))
}

fuzz_target!(|bytes: &[u8]| {
    let Ok(doc) = reglament::parse(bytes, "fuzz") else {
        return;
    };
    let mut at = 0;
    for leaf in doc.tree.leaves() {
        assert_eq!(
            leaf.span.start, at,
            "leaf {} leaves a gap or overlaps",
            leaf.id
        );
        assert!(leaf.span.end >= leaf.span.start);
        at = leaf.span.end;
    }
    assert_eq!(at, bytes.len(), "the leaves end before the input");
    let value = serde_json::to_value(&doc).expect("a document serializes");
    let problems = validator().document(&value);
    assert!(problems.is_empty(), "invalid output: {problems:?}");
    let ours = reglament::json::to_string(&doc).expect("a document is written");
    let theirs = serde_json::to_string(&doc).expect("a document serializes");
    assert!(ours == theirs, "the JSON differs from serde_json's");
});
