//! The output contract: every corpus document validates against
//! `schema/reglament.schema.json`, and the schema says what the code emits.

mod common;

use common::*;
use serde_json::Value;

fn schema() -> Value {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/reglament.schema.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn validator() -> jsonschema::Validator {
    jsonschema::draft202012::new(&schema()).expect("the schema compiles")
}

#[test]
fn every_corpus_document_validates() {
    let validator = validator();
    for path in corpus_files() {
        let doc =
            reglament::parse(&std::fs::read(&path).unwrap(), &path.display().to_string()).unwrap();
        let value = serde_json::to_value(&doc).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| format!("{} at {}", e, e.instance_path))
            .take(5)
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
    }
}

#[test]
fn a_broken_document_is_rejected_naming_the_field() {
    let validator = validator();
    let path = &corpus_files()[0];
    let doc = reglament::parse(&std::fs::read(path).unwrap(), "x").unwrap();
    let mut value = serde_json::to_value(&doc).unwrap();
    value["tree"]["children"][0]["kind"] = Value::from("chapterr");
    let errors: Vec<String> = validator
        .iter_errors(&value)
        .map(|e| e.instance_path.to_string())
        .collect();
    assert!(
        errors.iter().any(|p| p == "/tree/children/0/kind"),
        "{errors:?}"
    );
}

/// The schema's enums list exactly the kinds and codes the code has.
#[test]
fn schema_enums_match_the_code() {
    let schema = schema();
    let kinds: Vec<String> = schema["$defs"]["node"]["properties"]["kind"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect();
    use reglament::NodeKind::*;
    let all = [
        Document,
        ActTitle,
        Status,
        Metadata,
        Note,
        EditorialNote,
        Preamble,
        Point,
        SubPoint,
        Signature,
        Appendix,
        AppendixStamp,
        ApprovalStamp,
        Regulation,
        RegulationTitle,
        Chapter,
        Heading,
        Item,
        SubItem,
        Step,
        Lead,
        Paragraph,
        Diagram,
        Legend,
        Footer,
        Trivia,
        Unparsed,
    ];
    let names: Vec<String> = all.iter().map(|k| k.name().to_owned()).collect();
    assert_eq!(kinds, names);
    for k in all {
        assert_eq!(serde_json::to_value(k).unwrap(), Value::from(k.name()));
    }
    assert_eq!(
        schema["properties"]["schema_version"]["const"],
        Value::from(reglament::model::SCHEMA_VERSION)
    );
    assert!(schema["$id"]
        .as_str()
        .unwrap()
        .ends_with(reglament::model::SCHEMA_VERSION));
}
