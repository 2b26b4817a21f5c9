//! `reglament validate`: what `parse` writes is valid; a broken document is
//! rejected naming the field, exit 1; a file that is not JSON is exit 2 with
//! its position.

mod common;
mod example;

use std::path::Path;
use std::process::{Command, Output, Stdio};

use reglament::validate::{Problem, Validator};
use serde_json::Value;

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_reglament"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn arg(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn problems(doc: &Value) -> Vec<String> {
    Validator::new()
        .unwrap()
        .document(doc)
        .iter()
        .map(Problem::to_string)
        .collect()
}

/// The example document with its regulations, as JSON.
fn example_value() -> Value {
    serde_json::to_value(example::document()).unwrap()
}

#[test]
fn every_corpus_document_is_valid() {
    let validator = Validator::new().unwrap();
    let mut all = Vec::new();
    for path in common::corpus_files() {
        let doc = reglament::parse(&std::fs::read(&path).unwrap(), arg(&path)).unwrap();
        let value = serde_json::to_value(&doc).unwrap();
        assert_eq!(validator.document(&value), [], "{}", path.display());
        all.push(value);
    }
    // The same as one array and as JSON lines.
    let array = serde_json::to_vec(&all).unwrap();
    let report = validator.file(&array).unwrap();
    assert_eq!((report.documents, report.problems.len()), (all.len(), 0));
    let lines: String = all.iter().map(|v| v.to_string() + "\n").collect();
    let report = validator.file(lines.as_bytes()).unwrap();
    assert_eq!((report.documents, report.problems.len()), (all.len(), 0));
}

/// The hand-built workflows (every field filled, every reference real)
/// break no rule: the rules do not reject what they should accept.
#[test]
fn a_fully_populated_document_is_valid() {
    assert_eq!(problems(&example_value()), Vec::<String>::new());
}

#[test]
fn the_binary_validates_what_parse_wrote() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("corpus.jsonl");
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let o = run(&[
        "parse",
        "-q",
        arg(&corpus),
        "--format",
        "jsonl",
        "-o",
        arg(&out),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let one = dir.path().join("one.json");
    let seed = &common::corpus_files()[4];
    let o = run(&["parse", "-q", arg(seed), "-o", arg(&one)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));

    let o = run(&["validate", arg(&out), arg(&one)]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert_eq!(
        stdout(&o),
        format!("{}: ok\n{}: ok\n", arg(&out), arg(&one))
    );
    assert_eq!(stderr(&o), "");

    let o = run(&["validate", "--quiet", arg(&out)]);
    assert_eq!((o.status.code(), stdout(&o)), (Some(0), String::new()));

    // Standard input, piped from parse.
    let mut child = Command::new(env!("CARGO_BIN_EXE_reglament"))
        .args(["validate", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(child.stdin.as_mut().unwrap(), &std::fs::read(&one).unwrap())
        .unwrap();
    drop(child.stdin.take());
    let o = child.wait_with_output().unwrap();
    assert_eq!(
        (o.status.code(), stdout(&o)),
        (Some(0), "-: ok\n".to_owned())
    );
}

/// A step whose actor does not exist, a span past the end, an unknown
/// kind: exit 1, each named by its path.
#[test]
fn a_broken_document_is_rejected_naming_the_field() {
    let mut doc = example_value();
    let bytes = doc["source"]["bytes"].as_u64().unwrap();
    doc["regulations"][0]["steps"][2]["actor"] = Value::from("app1/reg1#actor9");
    doc["regulations"][0]["steps"][1]["kind"] = Value::from("gateway");
    doc["tree"]["children"][0]["span"]["end"] = Value::from(bytes + 10);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("broken.json");
    std::fs::write(&file, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
    let good = dir.path().join("good.json");
    std::fs::write(&good, example_value().to_string()).unwrap();

    let o = run(&["validate", arg(&good), arg(&file)]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let name = arg(&file);
    let out = stdout(&o);
    assert!(out.starts_with(&format!("{}: ok\n", arg(&good))), "{out}");
    for expected in [
        format!("{name}: regulations[0].steps[2].actor: no actor \"app1/reg1#actor9\" in this regulation\n"),
        format!("{name}: regulations[0].steps[1].kind: \"gateway\" is not one of [\"action\",\"condition\",\"process\",\"paragraph\"]\n"),
        format!("{name}: tree.children[0].span: span ends at byte {}, past the end of the input ({bytes} bytes)\n", bytes + 10),
    ] {
        assert!(out.contains(&expected), "missing {expected}in\n{out}");
    }
    assert_eq!(stderr(&o), "");
}

/// A field inside a nullable one (`title` is a fact or null) is named
/// itself, not only its nullable parent.
#[test]
fn a_wrong_field_inside_a_nullable_one_is_named() {
    let mut doc = example_value();
    doc["regulations"][1]["title"]["span"]["start"] = Value::from("x");
    doc["regulations"][1]["result"]["delivery_form"] = Value::from("fax");
    doc["regulations"][1]["result"]["colour"] = Value::from("red");
    assert_eq!(
        problems(&doc),
        [
            "regulations[1].result: additional properties are not allowed ('colour' was unexpected)",
            "regulations[1].result.delivery_form: \"fax\" is not one of [\"electronic\",\"paper\",\"electronic_or_paper\"]",
            "regulations[1].title.span.start: \"x\" is not of type \"integer\"",
        ]
    );
}

#[test]
fn each_rule_the_schema_cannot_express() {
    let base = example_value();
    let bytes = base["source"]["bytes"].as_u64().unwrap();
    let case = |change: &dyn Fn(&mut Value), expected: &[&str]| {
        let mut doc = base.clone();
        change(&mut doc);
        assert_eq!(problems(&doc), expected);
    };

    // A span that ends before it starts.
    case(
        &|d| d["regulations"][0]["title"]["span"] = serde_json::json!({"start": 9, "end": 3}),
        &["regulations[0].title.span: span starts at byte 9, after its end 3"],
    );
    // A gap between two leaves.
    let mut doc = base.clone();
    let first_leaf = &mut doc["tree"]["children"][0];
    assert!(first_leaf.get("children").is_none());
    let end = first_leaf["span"]["end"].as_u64().unwrap();
    first_leaf["span"]["end"] = Value::from(end - 1);
    assert_eq!(
        problems(&doc),
        [format!(
            "tree.children[1].span: leaf starts at byte {end}, but the previous leaf ends at byte {}: bytes {}..{end} belong to no leaf",
            end - 1,
            end - 1
        )]
    );
    // Two leaves over the same bytes.
    let mut doc = base.clone();
    doc["tree"]["children"][1]["span"]["start"] = Value::from(end - 2);
    assert_eq!(
        problems(&doc),
        [format!(
            "tree.children[1].span: leaf starts at byte {}, but the previous leaf ends at byte {end}: bytes {}..{end} belong to two leaves",
            end - 2,
            end - 2
        )]
    );
    // The last leaf short of the end.
    let mut doc = base.clone();
    let last = doc["tree"]["children"].as_array().unwrap().len() - 1;
    let node = &mut doc["tree"]["children"][last];
    assert!(node.get("children").is_none(), "the footer is a leaf");
    node["span"]["end"] = Value::from(bytes - 1);
    assert_eq!(
        problems(&doc),
        [
            format!("tree.children[{last}].span: the last leaf ends at byte {}, but the input has {bytes} bytes", bytes - 1),
            format!("tree.span: container spans bytes 0..{bytes}, but its children span 0..{}", bytes - 1),
        ]
    );
    // Repeated ids: a node, a step, a flow step.
    case(
        &|d| d["tree"]["children"][1]["id"] = d["tree"]["children"][0]["id"].clone(),
        &["tree.children[1].id: node id \"title\" repeats (first at tree.children[0])"],
    );
    case(
        &|d| d["regulations"][2]["steps"][1]["id"] = Value::from("app3/reg1#step1"),
        &["regulations[2].steps[1].id: step id \"app3/reg1#step1\" repeats (first at regulations[2].steps[0])"],
    );
    case(
        &|d| d["regulations"][0]["flows"][1]["steps"][0]["id"] = Value::from("app1/reg1#flow1.step1"),
        &["regulations[0].flows[1].steps[0].id: flow step id \"app1/reg1#flow1.step1\" repeats (first at regulations[0].flows[0].steps[0])"],
    );
    case(
        &|d| d["regulations"][0]["flows"][1]["id"] = Value::from("app1/reg1#flow1"),
        &["regulations[0].flows[1].id: flow id \"app1/reg1#flow1\" repeats (first at regulations[0].flows[0])"],
    );
    case(
        &|d| d["regulations"][0]["actors"][2]["id"] = Value::from("app1/reg1#actor1"),
        &[
            "regulations[0].actors[2].id: actor id \"app1/reg1#actor1\" repeats (first at regulations[0].actors[0])",
            "regulations[0].steps[2].actor: no actor \"app1/reg1#actor3\" in this regulation",
        ],
    );
    // An actor of another regulation.
    case(
        &|d| d["regulations"][0]["steps"][0]["actor"] = Value::from("app3/reg1#actor1"),
        &["regulations[0].steps[0].actor: no actor \"app3/reg1#actor1\" in this regulation"],
    );
    // A failure branch into another flow.
    case(
        &|d| d["regulations"][0]["flows"][0]["steps"][1]["on_failure"] = Value::from("app1/reg1#flow2.step3"),
        &["regulations[0].flows[0].steps[1].on_failure: no step \"app1/reg1#flow2.step3\" in this flow"],
    );
    // `node` fields naming no node.
    case(
        &|d| {
            d["regulations"][0]["steps"][0]["node"] = Value::from("app1/reg1/ch9");
            d["regulations"][0]["flows"][0]["node"] = Value::from("x");
            d["regulations"][0]["flows"][0]["steps"][0]["node"] = Value::from("y");
            d["regulations"][0]["notes"][0]["node"] = Value::from("z");
            d["regulations"][0]["appendix"]["node"] = Value::from("app9");
        },
        &[
            "regulations[0].appendix.node: no node \"app9\" in the tree",
            "regulations[0].flows[0].node: no node \"x\" in the tree",
            "regulations[0].flows[0].steps[0].node: no node \"y\" in the tree",
            "regulations[0].notes[0].node: no node \"z\" in the tree",
            "regulations[0].steps[0].node: no node \"app1/reg1/ch9\" in the tree",
        ],
    );
    // A workflow that is not a regulation of the tree.
    case(
        &|d| d["regulations"][0]["id"] = Value::from("app1"),
        &["regulations[0].id: node \"app1\" is of kind appendix, not a regulation"],
    );
    // Durations: zero (the schema says so), an alternative to itself or a
    // later one.
    case(
        &|d| {
            d["regulations"][0]["steps"][0]["durations"][0]["value"] = Value::from(0);
            d["regulations"][0]["term"]["durations"][1]["alternative_of"] = Value::from(1);
            d["regulations"][0]["steps"][3]["durations"][0]["alternative_of"] = Value::from(2);
        },
        &[
            "regulations[0].steps[0].durations[0].value: 0 is less than the minimum of 1",
            "regulations[0].steps[3].durations[0].alternative_of: alternative of duration 2, which is not an earlier one of this list (this is 0)",
            "regulations[0].term.durations[1].alternative_of: alternative of duration 1, which is not an earlier one of this list (this is 1)",
        ],
    );
}

#[test]
fn json_lines_and_arrays_name_the_document() {
    let good = example_value();
    let mut bad = good.clone();
    bad["regulations"][0]["steps"][0]["actor"] = Value::from("nobody");
    let dir = tempfile::tempdir().unwrap();

    let lines = dir.path().join("docs.jsonl");
    std::fs::write(&lines, format!("{good}\n\n{bad}\n")).unwrap();
    let o = run(&["validate", arg(&lines)]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stdout(&o),
        format!(
            "{}:3: regulations[0].steps[0].actor: no actor \"nobody\" in this regulation\n",
            arg(&lines)
        )
    );

    let array = dir.path().join("docs.json");
    std::fs::write(
        &array,
        Value::Array(vec![good, bad, Value::from(7)]).to_string(),
    )
    .unwrap();
    let o = run(&["validate", arg(&array)]);
    assert_eq!(o.status.code(), Some(1));
    let name = arg(&array);
    assert_eq!(
        stdout(&o),
        format!(
            "{name}: [1].regulations[0].steps[0].actor: no actor \"nobody\" in this regulation\n\
             {name}: [2]: 7 is not of type \"object\"\n"
        )
    );
}

#[test]
fn not_json_is_exit_2_with_the_position() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.json");
    std::fs::write(
        &broken,
        "{\n  \"schema_version\": \"0.1.0\",\n  \"source\": ]\n}\n",
    )
    .unwrap();
    let empty = dir.path().join("empty.json");
    std::fs::write(&empty, "").unwrap();
    let o = run(&["validate", arg(&broken), arg(&empty), "/no/such.json"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(stdout(&o), "");
    assert_eq!(
        stderr(&o),
        format!(
            "reglament: error: {}:3:13: expected value\n\
             reglament: error: {}:1:1: no JSON value in the file\n\
             reglament: error: /no/such.json: no such file or folder\n",
            arg(&broken),
            arg(&empty)
        )
    );

    // An error outranks a finding: exit 2 when both.
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{}").unwrap();
    let o = run(&["validate", arg(&bad), arg(&broken)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stdout(&o).contains(": document: \"tree\" is a required property\n"));
}

#[test]
fn help_has_examples() {
    for command in ["validate", "show"] {
        let o = run(&[command, "--help"]);
        assert_eq!(o.status.code(), Some(0));
        let out = stdout(&o);
        assert!(
            out.contains("Examples:") && out.contains("Exit codes:"),
            "{out}"
        );
    }
}

/// The legal context (`act`, `notes`, `stamps`): every node it names is in
/// the tree, of the kind the field says; every ISO date is a day of the
/// calendar; every span inside the input. Each is named by its path.
#[test]
fn the_legal_context_points_into_the_tree() {
    let base = example_value();
    let bytes = base["source"]["bytes"].as_u64().unwrap();
    let case = |change: &dyn Fn(&mut Value), expected: &[&str]| {
        let mut doc = base.clone();
        change(&mut doc);
        assert_eq!(problems(&doc), expected);
    };
    // Notes: their own node, the node they belong to, their target.
    case(
        &|d| {
            d["notes"][1]["target"]["node"] = Value::from("app9/reg1");
            d["notes"][2]["attached_to"] = Value::from("nowhere");
            d["notes"][3]["node"] = Value::from("note9");
        },
        &[
            "notes[1].target.node: no node \"app9/reg1\" in the tree",
            "notes[2].attached_to: no node \"nowhere\" in the tree",
            "notes[3].node: no node \"note9\" in the tree",
        ],
    );
    // Instructions: the node read, the appendix (an appendix), the
    // regulation (a regulation).
    case(
        &|d| {
            let instructions = &mut d["act"]["instructions"];
            instructions[0]["node"] = Value::from("p9");
            instructions[1]["appendix"] = Value::from("app2/reg1");
            instructions[2]["regulation"] = Value::from("app3");
            instructions[3]["appendix"] = Value::from("app7");
        },
        &[
            "act.instructions[0].node: no node \"p9\" in the tree",
            "act.instructions[1].appendix: node \"app2/reg1\" is of kind regulation, not an appendix",
            "act.instructions[2].regulation: node \"app3\" is of kind appendix, not a regulation",
            "act.instructions[3].appendix: no node \"app7\" in the tree",
        ],
    );
    // Stamps: their node, a regulation's own appendix's regulation.
    case(
        &|d| {
            d["stamps"][0]["node"] = Value::from("app1/stamp9");
            d["stamps"][1]["regulation"] = Value::from("app1");
        },
        &[
            "stamps[0].node: no node \"app1/stamp9\" in the tree",
            "stamps[1].regulation: node \"app1\" is of kind appendix, not a regulation",
        ],
    );
    // Impossible ISO dates, wherever a date fact stands; a malformed one is
    // the schema's to report, once.
    case(
        &|d| {
            d["act"]["adopted_date"]["iso"] = Value::from("2019-02-29");
            d["act"]["registration"]["date"]["iso"] = Value::from("2019-04-31");
            d["notes"][0]["by"]["date"]["iso"] = Value::from("2020-13-17");
            d["stamps"][2]["act"]["date"]["iso"] = Value::from("2016-02-29");
            d["act"]["legal_basis"][1]["date"]["iso"] = Value::from("2013-4-15");
        },
        &[
            "act.adopted_date.iso: \"2019-02-29\" is not a day of the calendar",
            "act.legal_basis[1].date.iso: \"2013-4-15\" does not match \"^[0-9]{4}-[0-9]{2}-[0-9]{2}$\"",
            "act.registration.date.iso: \"2019-04-31\" is not a day of the calendar",
            "notes[0].by.date.iso: \"2020-13-17\" is not a day of the calendar",
        ],
    );
    // A span past the end of the input, deep in the context.
    case(
        &|d| d["act"]["instructions"][4]["target_act"]["authority"]["span"]["end"] = Value::from(bytes + 1),
        &[&format!(
            "act.instructions[4].target_act.authority.span: span ends at byte {}, past the end of the input ({bytes} bytes)",
            bytes + 1
        )],
    );
    // A wrong kind inside a nullable object is named itself.
    case(
        &|d| d["notes"][0]["by"]["act_type"]["kind"] = Value::from("decree"),
        &["notes[0].by.act_type.kind: \"decree\" is not one of [\"resolution\",\"order\",\"joint_order\",\"decision\",\"law\",\"code\"]"],
    );
}

/// Through the binary: a broken note target, instruction appendix and
/// impossible date, exit 1, each named.
#[test]
fn the_binary_names_a_broken_legal_context() {
    let mut doc = example_value();
    doc["notes"][1]["target"]["node"] = Value::from("app9/reg1");
    doc["act"]["instructions"][0]["appendix"] = Value::from("app1/reg1");
    doc["act"]["adopted_date"]["iso"] = Value::from("2019-02-30");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("context.json");
    std::fs::write(&file, doc.to_string()).unwrap();
    let o = run(&["validate", arg(&file)]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let name = arg(&file);
    assert_eq!(
        stdout(&o),
        format!(
            "{name}: act.adopted_date.iso: \"2019-02-30\" is not a day of the calendar\n\
             {name}: act.instructions[0].appendix: node \"app1/reg1\" is of kind regulation, not an appendix\n\
             {name}: notes[1].target.node: no node \"app9/reg1\" in the tree\n"
        )
    );
}
