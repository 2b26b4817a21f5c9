//! `reglament diff`: layout changes are no changes; the near-twin
//! regulations of seeds 001 and 002 differ by what they really differ in;
//! synthetic edits of a seed are each reported exactly, at their place; the
//! JSON follows `schema/diff.schema.json`; the command's exit codes.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use reglament::diff::{self, Diff, FactChange, Field, NodeChange, Pairing, Side};
use serde_json::Value;

fn seed(prefix: &str) -> PathBuf {
    common::corpus_files()
        .into_iter()
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
        .unwrap()
}

fn read(prefix: &str) -> String {
    std::fs::read_to_string(seed(prefix)).unwrap()
}

/// The diff of two texts, optionally of one regulation on each side.
fn diff_texts(old: &str, new: &str, pick: (Option<&str>, Option<&str>)) -> Diff {
    let a = reglament::show::load(old.as_bytes(), "old.txt").unwrap();
    let b = reglament::show::load(new.as_bytes(), "new.txt").unwrap();
    diff::diff(
        &Side {
            name: "old.txt",
            documents: &a,
            bytes: old.as_bytes(),
            regulation: pick.0,
        },
        &Side {
            name: "new.txt",
            documents: &b,
            bytes: new.as_bytes(),
            regulation: pick.1,
        },
    )
    .unwrap()
}

fn whole(old: &str, new: &str) -> Diff {
    diff_texts(old, new, (None, None))
}

/// `field change subject` of every semantic change of every regulation.
fn semantic(d: &Diff) -> Vec<String> {
    d.regulations
        .iter()
        .flat_map(|r| &r.semantic)
        .map(|c| {
            let field = serde_json::to_value(c.field).unwrap();
            let change = serde_json::to_value(c.change).unwrap();
            format!(
                "{} {} {}",
                field.as_str().unwrap(),
                change.as_str().unwrap(),
                c.subject.as_deref().unwrap_or("-")
            )
        })
        .collect()
}

/// `change kind path` of every structural change, the document's included.
fn structural(d: &Diff) -> Vec<String> {
    d.regulations
        .iter()
        .flat_map(|r| &r.structural)
        .chain(&d.document)
        .map(|c| {
            let change = serde_json::to_value(c.change).unwrap();
            format!("{} {} {}", change.as_str().unwrap(), c.kind, c.path)
        })
        .collect()
}

/// The text of the seed 004 with `from` replaced by `to`, which must occur
/// exactly once.
fn edited(text: &str, from: &str, to: &str) -> String {
    assert_eq!(text.matches(from).count(), 1, "{from:?} occurs once");
    text.replacen(from, to, 1)
}

#[test]
fn layout_variants_of_every_seed_are_no_changes() {
    for path in common::corpus_files() {
        let text = std::fs::read_to_string(&path).unwrap();
        for (name, variant) in [
            ("crlf", common::crlf(&text)),
            ("double-spaced", common::double_spaced(&text)),
            ("without blank lines", common::without_blank_lines(&text)),
        ] {
            let d = whole(&text, &variant);
            assert!(
                !d.has_changes(),
                "{} {name}: {:?} {:?}",
                path.display(),
                semantic(&d),
                structural(&d)
            );
            assert!(d.regulations.iter().all(|r| r.pairing == Pairing::Matched));
            assert!(d.regulations.iter().all(|r| r.similarity == Some(1.0)));
        }
    }
}

#[test]
fn latin_homoglyphs_are_no_changes() {
    // The PDF export's Latin letters inside Cyrillic words (`Мемлекеттiк`).
    let text = read("004");
    let new = text
        .replace("Мемлекеттік", "Мемлекеттiк")
        .replace("қызметті", "қызмeтті")
        .replace("облысы", "oблысы");
    assert_ne!(text, new);
    let d = whole(&text, &new);
    assert!(!d.has_changes(), "{:?} {:?}", semantic(&d), structural(&d));
}

#[test]
fn rewrapped_copies_show_no_semantic_change() {
    for path in common::corpus_files() {
        let text = std::fs::read_to_string(&path).unwrap();
        for width in [50, 100, 160] {
            let d = whole(&text, &common::rewrapped(&text, width));
            assert_eq!(
                semantic(&d),
                Vec::<String>::new(),
                "{} at {width}",
                path.display()
            );
            // Only hyperlinked words land elsewhere (DOMAIN.md §7.3): the
            // same words, reordered, never another word.
            let all = d
                .regulations
                .iter()
                .flat_map(|r| &r.structural)
                .chain(&d.document);
            for c in all {
                assert!(
                    c.change == NodeChange::Changed && c.words_reordered,
                    "{} at {width}: {c:?}",
                    path.display()
                );
            }
        }
    }
}

#[test]
fn seed_001_design_and_survey_licences_differ_by_name() {
    let text = read("001");
    let d = diff_texts(&text, &text, (Some("app1/reg1"), Some("app2/reg1")));
    assert_eq!(d.regulations.len(), 1);
    let r = &d.regulations[0];
    assert_eq!(r.pairing, Pairing::Matched);
    assert_eq!(r.similarity, Some(0.78));
    assert_eq!(semantic(&d), ["service_name changed -"]);
    let name = &r.semantic[0];
    assert_eq!(
        name.old.as_ref().unwrap().text,
        "Жобалау қызметіне лицензия беру"
    );
    assert_eq!(
        name.new.as_ref().unwrap().text,
        "Іздестіру қызметіне лицензия беру"
    );
    // The name in the title, item 1, item 3 and the appendix stamp; and two
    // wordings of the template that differ (`электрондық түрде`, the
    // diagram's `іс-қимылдарының`). The provider's `сәулет - құрылыс` /
    // `сәулет-құрылыс` is spacing, not a change.
    assert_eq!(
        structural(&d),
        [
            "changed regulation_title ",
            "changed lead 1. › 1.",
            "changed item 1. › 2.",
            "changed lead 1. › 3.",
            "changed appendix_stamp 1 - қосымша › 1 - қосымша",
            "changed diagram 1 - қосымша",
        ]
    );
    let form = &r.structural[2];
    let inserted: Vec<&str> = form
        .words
        .iter()
        .filter(|w| w.op == diff::WordTag::Insert)
        .map(|w| w.text.trim())
        .collect();
    assert_eq!(inserted, ["түрде"]);
    assert!(form.words.iter().all(|w| w.op != diff::WordTag::Delete));
    // Places on each side: the old regulation's title is on line 91, the
    // new one's on line 306 of the same file.
    assert_eq!(r.structural[0].old.as_ref().unwrap().line, 91);
    assert_eq!(r.structural[0].new.as_ref().unwrap().line, 306);
}

#[test]
fn seed_002_appendices_5_and_6_differ_in_name_form_result_actor_and_a_step() {
    let text = read("002");
    let d = diff_texts(&text, &text, (Some("app5/reg1"), Some("app6/reg1")));
    let r = &d.regulations[0];
    assert_eq!(r.similarity, Some(0.42));
    assert_eq!(
        semantic(&d),
        [
            "service_name changed -",
            "form changed electronic partial, paper → electronic, paper",
            "result_type removed notification",
            "result_type added licence",
            "start_basis changed -",
            "actor renamed -",
            "step removed 6)",
        ]
    );
    let actor = &r.semantic[5];
    assert_eq!(
        actor.old.as_ref().unwrap().text,
        "көрсетілетін қызметті беруші кеңсесінің қызметкері"
    );
    assert_eq!(
        actor.new.as_ref().unwrap().text,
        "көрсетілетін қызметті беруші кеңесінің қызметкері"
    );
    // Sub-item 6) of item 5 was dropped and 7), 8) renumbered: reported so,
    // not as a cascade of rewordings.
    let item5: Vec<String> = structural(&d)
        .into_iter()
        .filter(|c| c.contains("2-тарау. › 5. › "))
        .collect();
    assert_eq!(
        item5,
        [
            "changed sub_item 2-тарау. › 5. › 5)",
            "removed sub_item 2-тарау. › 5. › 6)",
            "renumbered sub_item 2-тарау. › 5. › 6)",
            "renumbered sub_item 2-тарау. › 5. › 7)",
        ]
    );
}

#[test]
fn near_twin_regulations_each_find_their_own_version() {
    // All five regulations of seed 001 against its survey licence alone:
    // the survey licence pairs with itself (1.00), not with the design
    // licence before it (0.78); the other four are of the old side only.
    let text = read("001");
    let d = diff_texts(&text, &text, (None, Some("app2/reg1")));
    let pairs: Vec<(Pairing, Option<&str>, Option<&str>)> = d
        .regulations
        .iter()
        .map(|r| {
            (
                r.pairing,
                r.old.as_ref().map(|x| x.id.as_str()),
                r.new.as_ref().map(|x| x.id.as_str()),
            )
        })
        .collect();
    assert_eq!(
        pairs,
        [
            (Pairing::Matched, Some("app2/reg1"), Some("app2/reg1")),
            (Pairing::Removed, Some("app1/reg1"), None),
            (Pairing::Removed, Some("app3/reg1"), None),
            (Pairing::Removed, Some("app4/reg1"), None),
            (Pairing::Removed, Some("app5/reg1"), None),
        ]
    );
    assert_eq!(d.regulations[0].similarity, Some(1.0));
    assert!(d.regulations[0].semantic.is_empty() && d.regulations[0].structural.is_empty());
    // Picked regulations: the act around them is not compared.
    assert!(d.document.is_empty());
    assert!(d.has_changes());
}

#[test]
fn a_changed_duration_is_reported_in_working_minutes() {
    let text = read("004");
    let new = edited(
        &text,
        "басшысына беруі. Орындалу ұзақтығы - 15 (он бес) минут;",
        "басшысына беруі. Орындалу ұзақтығы - 2 (екі) сағат;",
    );
    let d = whole(&text, &new);
    assert_eq!(semantic(&d), ["step_duration changed 1 - іс-қимыл"]);
    let c = &d.regulations[0].semantic[0];
    assert_eq!(c.old.as_ref().unwrap().text, "15 (он бес) минут");
    assert_eq!(c.new.as_ref().unwrap().text, "2 (екі) сағат");
    let m = c.working_minutes.unwrap();
    assert_eq!((m.old, m.new, m.delta), (15, 120, 105));
    assert_eq!(c.new.as_ref().unwrap().place.as_ref().unwrap().line, 131);
    assert_eq!(structural(&d), ["changed step 2. › 5. › 1 - іс-қимыл"]);
}

#[test]
fn a_deleted_step_is_removed_once() {
    let text = read("004");
    let lines: Vec<&str> = text.split('\n').collect();
    // Step `2 - іс-қимыл` spans lines 139 to 144 (with its blank lines).
    assert!(lines[138].starts_with("      2 - іс-қимыл"));
    assert!(lines[144].starts_with("      3 - іс-қимыл"));
    let new = [&lines[..138], &lines[144..]].concat().join("\n");
    let d = whole(&text, &new);
    assert_eq!(semantic(&d), ["step removed 2 - іс-қимыл"]);
    assert_eq!(structural(&d), ["removed step 2. › 5. › 2 - іс-қимыл"]);
    let c = &d.regulations[0].structural[0];
    assert_eq!(c.old.as_ref().unwrap().line, 139);
    assert!(c.new.is_none());
    assert!(c
        .text
        .as_deref()
        .unwrap()
        .starts_with("көрсетілетін қызметті берушінің басшысы"));
}

#[test]
fn a_renumbered_item_is_renumbered_not_removed_and_added() {
    let text = read("004");
    let new = edited(
        &text,
        "      11. Көрсетілетін қызметті берушінің құрылымдық",
        "      12. Көрсетілетін қызметті берушінің құрылымдық",
    );
    let d = whole(&text, &new);
    assert_eq!(semantic(&d), Vec::<String>::new());
    assert_eq!(structural(&d), ["renumbered item 4. › 12."]);
    let c = &d.regulations[0].structural[0];
    assert_eq!(
        (c.old_label.as_deref(), c.new_label.as_deref()),
        (Some("11."), Some("12."))
    );
}

#[test]
fn an_item_put_elsewhere_is_moved() {
    let text = read("004");
    let a = text.find("      10. Портал арқылы").unwrap();
    let b = text.find("      11. Көрсетілетін").unwrap();
    let c = b + text[b..].find("  \"Жер учаскесінің \n").unwrap();
    let new = format!("{}{}{}{}", &text[..a], &text[b..c], &text[a..b], &text[c..]);
    let d = whole(&text, &new);
    assert_eq!(semantic(&d), Vec::<String>::new());
    // Item 10 went below item 11, its number kept.
    assert_eq!(structural(&d), ["moved item 4. › 10."]);
    let moved = &d.regulations[0].structural[0];
    assert_eq!(moved.change, NodeChange::Moved);
    assert_eq!(moved.old.as_ref().unwrap().line, 542);
    assert_eq!(moved.new.as_ref().unwrap().line, 564);
}

#[test]
fn an_added_note_is_a_note_added() {
    let text = read("004");
    let at = text
        .find("      5. Мемлекеттік көрсетілетін қызмет процесінің")
        .unwrap();
    let note = "      Ескерту. 4-тармақ жаңа редакцияда - Шығыс Қазақстан облысы әкімдігінің \
                16.01.2017 № 12 қаулысымен (алғашқы ресми жарияланған күнінен кейін \
                күнтізбелік он күн өткен соң қолданысқа енгізіледі).\n \n";
    let new = format!("{}{note}{}", &text[..at], &text[at..]);
    let d = whole(&text, &new);
    assert_eq!(semantic(&d), ["note added -"]);
    assert_eq!(structural(&d), ["added note 2. › 4."]);
    let c = &d.regulations[0].semantic[0];
    assert!(c
        .new
        .as_ref()
        .unwrap()
        .text
        .starts_with("Ескерту. 4-тармақ жаңа редакцияда"));
}

#[test]
fn a_changed_performer_is_reported_with_both_names() {
    let text = read("004");
    let new = edited(
        &text,
        "      2 - іс-қимыл – көрсетілетін қызметті берушінің басшысы көрсетілетін",
        "      2 - іс-қимыл – көрсетілетін қызметті берушінің кеңсе қызметкері көрсетілетін",
    );
    let d = whole(&text, &new);
    assert_eq!(semantic(&d), ["step_performer changed 2 - іс-қимыл"]);
    let c = &d.regulations[0].semantic[0];
    assert_eq!(
        c.old.as_ref().unwrap().text,
        "көрсетілетін қызметті берушінің басшысы"
    );
    assert_eq!(
        c.new.as_ref().unwrap().text,
        "көрсетілетін қызметті берушінің кеңсе қызметкері"
    );
    assert_eq!(structural(&d), ["changed step 2. › 5. › 2 - іс-қимыл"]);
}

#[test]
fn edits_survive_a_layout_change_of_the_new_side() {
    // The duration edit on a CRLF, single-spaced copy: the edit, only.
    let text = read("004");
    let new = edited(
        &text,
        "басшысына беруі. Орындалу ұзақтығы - 15 (он бес) минут;",
        "басшысына беруі. Орындалу ұзақтығы - 1 (бір) жұмыс күні;",
    );
    let new = common::crlf(&common::without_blank_lines(&new));
    let d = whole(&text, &new);
    assert_eq!(semantic(&d), ["step_duration changed 1 - іс-қимыл"]);
    let m = d.regulations[0].semantic[0].working_minutes.unwrap();
    assert_eq!((m.old, m.new, m.delta), (15, 480, 465));
    assert_eq!(structural(&d), ["changed step 2. › 5. › 1 - іс-қимыл"]);
}

#[test]
fn act_metadata_and_its_notes_are_document_changes() {
    let text = read("000");
    let mut new = edited(&text, "1 қазанда № 1589 болы", "1 қазанда № 1590 болы");
    let at = new
        .find("      Қазақстан Республикасының 2013 жылғы 15 сәуірдегі")
        .unwrap();
    new.insert_str(
        at,
        "      Ескерту. Тақырыбы жаңа редакцияда - Алматы қаласы әкімдігінің 01.02.2020 \
         № 1/10 қаулысымен (алғаш ресми жарияланған күнінен кейін күнтізбелік он күн \
         өткен соң қолданысқа енгізіледі).\n",
    );
    let new = edited(
        &new,
        "орынбасары Е. Қожағапановқа жүктелсін.",
        "орынбасары А. Әбдіқадырға жүктелсін.",
    );
    let d = whole(&text, &new);
    assert_eq!(semantic(&d), Vec::<String>::new(), "regulations unchanged");
    let act: Vec<(Field, FactChange)> = d
        .document_semantic
        .iter()
        .map(|c| (c.field, c.change))
        .collect();
    assert_eq!(
        act,
        [
            (Field::ActRegistration, FactChange::Changed),
            (Field::Note, FactChange::Added)
        ]
    );
    assert_eq!(d.document_semantic[0].old.as_ref().unwrap().text, "1589");
    assert_eq!(d.document_semantic[0].new.as_ref().unwrap().text, "1590");
    assert_eq!(
        structural(&d),
        ["changed metadata ", "added note ", "changed point 3."]
    );
    assert_eq!(d.summary.semantic, 2);
    assert_eq!(d.summary.structural, 3);
}

#[test]
fn a_regulation_renamed_beyond_recognition_is_still_paired() {
    let text = read("004");
    let new = text.replace(
        "Жер учаскесінің нысаналы мақсатын өзгертуге шешім беру",
        "Көшет отырғызуға рұқсат беру",
    );
    let d = whole(&text, &new);
    assert_eq!(d.regulations.len(), 1);
    let r = &d.regulations[0];
    assert_eq!(r.pairing, Pairing::Matched);
    assert!(r.similarity.unwrap() < 0.5, "{:?}", r.similarity);
    assert_eq!(semantic(&d), ["service_name changed -"]);
    assert_eq!(
        structural(&d),
        ["changed regulation_title ", "changed lead 1. › 1."]
    );
}

#[test]
fn regulation_picked_by_name_or_part_of_it() {
    let text = read("001");
    let d = diff_texts(
        &text,
        &text,
        (Some("Жобалау қызметіне лицензия беру"), Some("іздестіру")),
    );
    assert_eq!(d.regulations.len(), 1);
    assert_eq!(d.regulations[0].old.as_ref().unwrap().id, "app1/reg1");
    assert_eq!(d.regulations[0].new.as_ref().unwrap().id, "app2/reg1");
    let a = reglament::show::load(text.as_bytes(), "x").unwrap();
    let side = |q| Side {
        name: "x.txt",
        documents: &a,
        bytes: text.as_bytes(),
        regulation: Some(q),
    };
    let none = diff::diff(&side("app9/reg1"), &side("app1/reg1")).unwrap_err();
    assert_eq!(
        none.to_string(),
        "x.txt: no regulation \"app9/reg1\" (neither an id nor a service name)"
    );
    // `лицензия беру` is in four service names.
    let many = diff::diff(&side("лицензия беру"), &side("app1/reg1")).unwrap_err();
    assert!(
        matches!(many, diff::DiffError::Ambiguous { .. }),
        "{many:?}"
    );
}

#[test]
fn field_and_change_names_are_the_schema_enums() {
    let schema = schema();
    let enum_of = |def: &str, prop: &str| -> Vec<String> {
        schema["$defs"][def]["properties"][prop]["enum"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_owned())
            .collect()
    };
    let fields = [
        Field::ServiceName,
        Field::Status,
        Field::Provider,
        Field::Channels,
        Field::Form,
        Field::ResultType,
        Field::DeliveryForm,
        Field::Fee,
        Field::Term,
        Field::StartBasis,
        Field::Actor,
        Field::Step,
        Field::StepDuration,
        Field::StepPerformer,
        Field::Flow,
        Field::FlowStep,
        Field::FlowStepDuration,
        Field::Note,
        Field::ActStatus,
        Field::ActNumber,
        Field::ActAdopted,
        Field::ActRegistration,
        Field::ActRepeal,
    ];
    let names = |v: Vec<Value>| -> Vec<String> {
        v.into_iter()
            .map(|x| x.as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(
        names(
            fields
                .iter()
                .map(|f| serde_json::to_value(f).unwrap())
                .collect()
        ),
        enum_of("semantic_change", "field")
    );
    let changes = [
        FactChange::Added,
        FactChange::Removed,
        FactChange::Changed,
        FactChange::Renamed,
        FactChange::Reordered,
    ];
    assert_eq!(
        names(
            changes
                .iter()
                .map(|c| serde_json::to_value(c).unwrap())
                .collect()
        ),
        enum_of("semantic_change", "change")
    );
    let nodes = [
        NodeChange::Added,
        NodeChange::Removed,
        NodeChange::Changed,
        NodeChange::Renumbered,
        NodeChange::Moved,
    ];
    assert_eq!(
        names(
            nodes
                .iter()
                .map(|c| serde_json::to_value(c).unwrap())
                .collect()
        ),
        enum_of("structural_change", "change")
    );
}

// ---------------------------------------------------------------------------
// The JSON against its schema.

fn schema() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/diff.schema.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn json_of_real_diffs_follows_the_schema() {
    let validator = jsonschema::draft202012::new(&schema()).expect("the schema compiles");
    let one = read("001");
    let two = read("002");
    let four = read("004");
    let moved_step = edited(
        &four,
        "      2 - іс-қимыл – көрсетілетін қызметті берушінің басшысы көрсетілетін",
        "      2 - іс-қимыл – көрсетілетін қызметті берушінің кеңсе қызметкері көрсетілетін",
    );
    let diffs = [
        diff_texts(&one, &one, (Some("app1/reg1"), Some("app2/reg1"))),
        diff_texts(&two, &two, (Some("app5/reg1"), Some("app6/reg1"))),
        // Whole documents: regulations of one side only, the act around them.
        whole(&one, &two),
        whole(&four, &moved_step),
        whole(&four, &common::rewrapped(&four, 70)),
    ];
    let mut kinds = std::collections::BTreeSet::new();
    for d in &diffs {
        let v = serde_json::to_value(d).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&v)
            .map(|e| format!("{}: {e}", e.instance_path))
            .collect();
        assert!(errors.is_empty(), "{errors:#?}");
        for r in &d.regulations {
            kinds.insert(format!("{:?}", r.pairing));
        }
    }
    // The whole-document diff of two different acts has regulations of one
    // side only.
    assert!(kinds.contains("Added") && kinds.contains("Removed") && kinds.contains("Matched"));
    // A broken diff is rejected.
    let mut broken = serde_json::to_value(&diffs[0]).unwrap();
    broken["regulations"][0]["semantic"][0]["field"] = Value::from("colour");
    assert!(!validator.is_valid(&broken));
}

// ---------------------------------------------------------------------------
// The command.

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_reglament"))
        .args(args)
        .env_remove("NO_COLOR")
        .output()
        .expect("the binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

#[test]
fn cli_no_changes_exits_0_changes_1_errors_2() {
    let dir = tempfile::tempdir().unwrap();
    let path = seed("003");
    let text = std::fs::read_to_string(&path).unwrap();
    let copy = dir.path().join("copy.txt");
    std::fs::write(&copy, common::double_spaced(&common::crlf(&text))).unwrap();
    let (a, b) = (path.to_str().unwrap(), copy.to_str().unwrap());

    let o = run(&["diff", a, b]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert_eq!(stdout(&o), format!("--- {a}\n+++ {b}\n\nno changes\n"));

    let one = seed("001");
    let one = one.to_str().unwrap();
    let o = run(&[
        "diff",
        one,
        one,
        "--old-regulation",
        "app1/reg1",
        "--new-regulation",
        "app2/reg1",
        "--color",
        "never",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains("regulation app1/reg1 ↔ app2/reg1  (service name similarity 0.78)\n"));
    assert!(out.contains(
        "    service name changed  @91:2 → @306:2\n      - Жобалау қызметіне лицензия беру\n      + Іздестіру қызметіне лицензия беру\n"
    ));
    assert!(out.contains("электрондық {+түрде+} (толық автоматтандырылған)."));
    assert!(!out.contains('\x1b'));

    let o = run(&["diff", a, "missing.txt"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&o.stderr),
        "reglament: error: missing.txt: no such file or folder\n"
    );
    let o = run(&["diff", a, a, "--regulation", "app7/reg1"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no regulation \"app7/reg1\""));
    assert!(o.stdout.is_empty());
    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, "{\"tree\": [").unwrap();
    let o = run(&["diff", a, broken.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("broken.json:1:"));
}

#[test]
fn cli_json_input_stat_json_and_colour() {
    let dir = tempfile::tempdir().unwrap();
    let path = seed("002");
    let p = path.to_str().unwrap();
    let parsed = run(&["parse", p]);
    let json = dir.path().join("002.json");
    std::fs::write(&json, &parsed.stdout).unwrap();
    let j = json.to_str().unwrap();

    // A text and its JSON are the same document.
    let o = run(&["diff", p, j, "--stat"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert_eq!(stdout(&o).lines().count(), 6);
    assert!(stdout(&o).starts_with("app1/reg1 ↔ app1/reg1: 0 semantic, 0 structural\n"));

    let o = run(&[
        "diff",
        j,
        p,
        "--regulation",
        "app5/reg1",
        "--new-regulation",
        "app6/reg1",
        "--stat",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stdout(&o),
        "app5/reg1 ↔ app6/reg1: 7 semantic, 41 structural\n"
    );

    let o = run(&[
        "diff",
        j,
        p,
        "--old-regulation",
        "app5/reg1",
        "--new-regulation",
        "app6/reg1",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["diff_version"], "0.1.0");
    assert_eq!(v["summary"]["semantic"], 7);
    // Positions on the JSON side come from the tree, on the text side from
    // the text: the same line for a node's first character.
    let name = &v["regulations"][0]["semantic"][0];
    assert_eq!(name["old"]["place"]["line"], 767);
    assert_eq!(name["new"]["place"]["line"], 1068);

    let o = run(&[
        "diff",
        j,
        p,
        "-r",
        "app5/reg1",
        "--new-regulation",
        "app6/reg1",
        "--color",
        "always",
    ]);
    let out = stdout(&o);
    assert!(out.contains("\x1b[31m"));
    assert!(out.contains("\x1b[32m"));
    // Sub-items renumbered after the removed one, on one line.
    let o = run(&[
        "diff",
        j,
        p,
        "-r",
        "app5/reg1",
        "--new-regulation",
        "app6/reg1",
        "--color",
        "never",
    ]);
    assert!(stdout(&o).contains(
        "\n      2 sub_items of 2-тарау. › 5. renumbered 7)…8) → 6)…7)  @841:7 → @1137:7\n"
    ));
    // Auto: the output is a pipe here, so no colour.
    let o = run(&[
        "diff",
        j,
        p,
        "-r",
        "app5/reg1",
        "--new-regulation",
        "app6/reg1",
    ]);
    assert!(!stdout(&o).contains('\x1b'));
}
