//! The output contract: every corpus document validates against
//! `schema/reglament.schema.json`, and the schema says what the code emits.

mod common;

use common::*;
use std::collections::{BTreeMap, BTreeSet};

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

mod example;

/// A hand-built workflow with every optional field set, every list filled
/// and every enum variant used validates: the code emits nothing the schema
/// forbids.
#[test]
fn a_fully_populated_workflow_validates() {
    let validator = validator();
    let doc = example::document();
    let value = serde_json::to_value(&doc).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&value)
        .map(|e| format!("{e} at {}", e.instance_path))
        .take(10)
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

/// What a walk of an instance along the schema saw: per `$defs` entry, the
/// property names its instances had and the enum values they used.
#[derive(Default)]
struct Coverage {
    properties: BTreeMap<String, BTreeSet<String>>,
    values: BTreeMap<String, BTreeSet<String>>,
}

fn cover(root: &Value, schema: &Value, def: &str, instance: &Value, seen: &mut Coverage) {
    if let Some(name) = schema["$ref"]
        .as_str()
        .and_then(|r| r.strip_prefix("#/$defs/"))
    {
        cover(root, &root["$defs"][name], name, instance, seen);
    }
    if let Some(branches) = schema["anyOf"].as_array() {
        for branch in branches {
            if !instance.is_null() && branch.get("$ref").is_some() {
                cover(root, branch, def, instance, seen);
            }
        }
    }
    if schema.get("enum").is_some() {
        if let Some(v) = instance.as_str() {
            seen.values
                .entry(def.to_owned())
                .or_default()
                .insert(v.to_owned());
        }
    }
    if let (Some(properties), Some(object)) =
        (schema["properties"].as_object(), instance.as_object())
    {
        for (k, v) in object {
            seen.properties
                .entry(def.to_owned())
                .or_default()
                .insert(k.clone());
            if let Some(property) = properties.get(k) {
                // A property's own enum (not a `$ref`) is its def's and the
                // property's: `node.kind`.
                cover(root, property, &format!("{def}.{k}"), v, seen);
            }
        }
    }
    if let (Some(items), Some(array)) = (schema.get("items"), instance.as_array()) {
        for v in array {
            cover(root, items, def, v, seen);
        }
    }
}

/// The reverse: every property the schema defines and every value of its
/// workflow enums occur in the example, so the schema has no field the code
/// does not produce.
#[test]
fn the_schema_has_nothing_the_code_does_not_produce() {
    let schema = schema();
    let value = serde_json::to_value(example::document()).unwrap();
    let mut seen = Coverage::default();
    // The copies differ in what one document holds only once (the act's
    // status).
    for doc in example::documents() {
        let value = serde_json::to_value(doc).unwrap();
        cover(&schema, &schema, "document", &value, &mut seen);
    }
    let empty = BTreeSet::new();
    for (name, def) in schema["$defs"].as_object().unwrap() {
        if let Some(properties) = def["properties"].as_object() {
            let had = seen.properties.get(name).unwrap_or(&empty);
            let missing: Vec<&String> = properties.keys().filter(|k| !had.contains(*k)).collect();
            assert!(
                missing.is_empty(),
                "$defs/{name}: never produced: {missing:?}"
            );
        }
        if let Some(values) = def["enum"].as_array() {
            let had = seen.values.get(name).unwrap_or(&empty);
            let missing: Vec<&Value> = values
                .iter()
                .filter(|v| !had.contains(v.as_str().unwrap()))
                .collect();
            assert!(
                missing.is_empty(),
                "$defs/{name}: never produced: {missing:?}"
            );
        }
    }
    let top: BTreeSet<String> = value.as_object().unwrap().keys().cloned().collect();
    for k in schema["properties"].as_object().unwrap().keys() {
        assert!(top.contains(k), "{k}");
    }
}

/// The workflow enums of the schema list exactly the code's variants, in
/// the code's order.
#[test]
fn workflow_enums_match_the_code() {
    let schema = schema();
    let check = |name: &str, code: Value| {
        assert_eq!(schema["$defs"][name]["enum"], code, "$defs/{name}");
    };
    check("unit", serde_json::to_value(example::UNITS).unwrap());
    check("bound", serde_json::to_value(example::BOUNDS).unwrap());
    check(
        "channel_kind",
        serde_json::to_value(example::CHANNELS).unwrap(),
    );
    check("form", serde_json::to_value(example::FORMS).unwrap());
    check(
        "result_type",
        serde_json::to_value(example::RESULT_TYPES).unwrap(),
    );
    check(
        "delivery_form",
        serde_json::to_value(example::DELIVERY_FORMS).unwrap(),
    );
    check(
        "step_type",
        serde_json::to_value(example::STEP_TYPES).unwrap(),
    );
    check(
        "flow_channel",
        serde_json::to_value(example::FLOW_CHANNELS).unwrap(),
    );
    check(
        "regulation_status",
        serde_json::to_value(example::STATUSES).unwrap(),
    );
    assert_eq!(
        schema["$defs"]["regulation_status"]["enum"],
        schema["$defs"]["node"]["properties"]["status"]["enum"]
    );
}

/// Every field of the contract says what it means, and every object is
/// closed.
#[test]
fn every_field_is_described_and_every_object_closed() {
    let schema = schema();
    let mut objects = vec![("document".to_owned(), &schema)];
    for (name, def) in schema["$defs"].as_object().unwrap() {
        assert!(def.get("description").is_some(), "$defs/{name}");
        objects.push((name.clone(), def));
    }
    for (name, object) in objects {
        let Some(properties) = object["properties"].as_object() else {
            continue;
        };
        assert_eq!(object["additionalProperties"], Value::Bool(false), "{name}");
        for (k, p) in properties {
            assert!(p.get("description").is_some(), "{name}.{k}");
        }
        // Required are exactly the fields serde always writes.
        for r in object["required"].as_array().unwrap() {
            assert!(properties.contains_key(r.as_str().unwrap()), "{name}: {r}");
        }
    }
}

/// The legal context's enums list exactly the code's variants, in the
/// code's order (the lists are tied to the code by an exhaustive `match` in
/// `tests/example/`).
#[test]
fn act_enums_match_the_code() {
    let schema = schema();
    let check = |name: &str, code: Value| {
        assert_eq!(schema["$defs"][name]["enum"], code, "$defs/{name}");
    };
    check(
        "act_kind",
        serde_json::to_value(example::ACT_KINDS).unwrap(),
    );
    check(
        "act_status_value",
        serde_json::to_value(example::ACT_STATUSES).unwrap(),
    );
    check(
        "instruction_kind",
        serde_json::to_value(example::INSTRUCTION_KINDS).unwrap(),
    );
    check(
        "note_kind",
        serde_json::to_value(example::NOTE_KINDS).unwrap(),
    );
    check(
        "stamp_kind",
        serde_json::to_value(example::STAMP_KINDS).unwrap(),
    );
}

/// Every value of the example's act is given: no null, no empty list, at
/// any depth; and the notes, stamps and instructions use every kind.
#[test]
fn the_example_act_is_fully_populated() {
    fn walk(value: &Value, path: &str, empty: &mut Vec<String>) {
        match value {
            Value::Null => empty.push(path.to_owned()),
            Value::Array(items) if items.is_empty() => empty.push(path.to_owned()),
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    walk(v, &format!("{path}[{i}]"), empty);
                }
            }
            Value::Object(map) => {
                for (k, v) in map {
                    walk(v, &format!("{path}.{k}"), empty);
                }
            }
            _ => {}
        }
    }
    let value = serde_json::to_value(example::document()).unwrap();
    let mut empty = Vec::new();
    walk(&value["act"], "act", &mut empty);
    assert!(empty.is_empty(), "{empty:?}");

    let kinds = |list: &Value| -> BTreeSet<String> {
        list.as_array()
            .unwrap()
            .iter()
            .map(|v| v["kind"].as_str().unwrap().to_owned())
            .collect()
    };
    let all = |code: Value| -> BTreeSet<String> {
        code.as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(
        kinds(&value["notes"]),
        all(serde_json::to_value(example::NOTE_KINDS).unwrap())
    );
    assert_eq!(
        kinds(&value["stamps"]),
        all(serde_json::to_value(example::STAMP_KINDS).unwrap())
    );
    assert_eq!(
        kinds(&value["act"]["instructions"]),
        all(serde_json::to_value(example::INSTRUCTION_KINDS).unwrap())
    );
    // Every field of a note and of a stamp is set in one of them at least.
    for list in ["notes", "stamps"] {
        let items = value[list].as_array().unwrap();
        for k in items[0].as_object().unwrap().keys() {
            assert!(
                items.iter().any(|item| !item[k].is_null()),
                "{list}: {k} is null in every one"
            );
        }
    }
}

/// The legal context serializes every field, `None` as null: its objects
/// require every property they have.
#[test]
fn the_legal_context_requires_every_field() {
    let schema = schema();
    for name in [
        "act",
        "act_type",
        "date_fact",
        "authority",
        "act_ref",
        "act_status",
        "registration",
        "signature",
        "legal_basis",
        "instruction",
        "note_target",
        "note",
        "stamp",
    ] {
        let def = &schema["$defs"][name];
        let properties: BTreeSet<&str> = def["properties"]
            .as_object()
            .unwrap_or_else(|| panic!("$defs/{name}"))
            .keys()
            .map(String::as_str)
            .collect();
        let required: BTreeSet<&str> = def["required"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        assert_eq!(properties, required, "$defs/{name}");
    }
    // And the serialized example has exactly those keys.
    let value = serde_json::to_value(example::document()).unwrap();
    let keys = |v: &Value| -> BTreeSet<String> { v.as_object().unwrap().keys().cloned().collect() };
    let props = |name: &str| -> BTreeSet<String> {
        schema["$defs"][name]["properties"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect()
    };
    assert_eq!(keys(&value["act"]), props("act"));
    assert_eq!(keys(&value["notes"][0]), props("note"));
    assert_eq!(keys(&value["stamps"][0]), props("stamp"));
    assert_eq!(keys(&value["act"]["repealed_by"]), props("act_ref"));
    assert_eq!(keys(&value["act"]["instructions"][0]), props("instruction"));
}

/// Every `$defs` entry is used: reached from the document by `$ref`s.
#[test]
fn every_definition_is_used() {
    fn refs(value: &Value, out: &mut BTreeSet<String>) {
        match value {
            Value::Object(map) => {
                if let Some(r) = map.get("$ref").and_then(Value::as_str) {
                    out.insert(r.trim_start_matches("#/$defs/").to_owned());
                }
                map.values().for_each(|v| refs(v, out));
            }
            Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
            _ => {}
        }
    }
    let schema = schema();
    let mut used = BTreeSet::new();
    refs(&schema, &mut used);
    for name in schema["$defs"].as_object().unwrap().keys() {
        assert!(used.contains(name), "$defs/{name} is never referenced");
    }
}
