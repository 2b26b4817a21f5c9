//! `reglament history`: the act and the dated timeline of each seed, read
//! off the text by hand; oldest first, undated last; the same for a text and
//! its JSON; JSON output that parses; the exact lines of seed 004.

mod common;
mod example;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use reglament::history::{self, EntryKind, History};
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

fn seed(prefix: &str) -> PathBuf {
    common::corpus_files()
        .into_iter()
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
        .unwrap()
}

/// The history of a seed, its source named as on the command line.
fn history_of(prefix: &str) -> History {
    let path = seed(prefix);
    let name = format!("corpus/{}", path.file_name().unwrap().to_string_lossy());
    let doc = reglament::parse(&std::fs::read(&path).unwrap(), &name).unwrap();
    history::of_document(&doc)
}

/// Dated entries oldest first, then the undated ones.
fn assert_in_order(h: &History) {
    let mut last: Option<&str> = None;
    let mut undated = false;
    for e in &h.timeline {
        match e.date.as_deref() {
            Some(d) => {
                assert!(!undated, "a dated entry after an undated one: {e:?}");
                assert!(last.is_none_or(|l| l <= d), "{l:?} > {d}", l = last);
                last = Some(d);
            }
            None => undated = true,
        }
    }
}

/// `(date, kind, action, node)` of each entry.
fn rows(h: &History) -> Vec<(String, &'static str, String, String)> {
    h.timeline
        .iter()
        .map(|e| {
            (
                e.date.clone().unwrap_or_default(),
                kind(e.kind),
                e.action.clone().unwrap_or_default(),
                e.node.clone().unwrap_or_default(),
            )
        })
        .collect()
}

fn kind(k: EntryKind) -> &'static str {
    match k {
        EntryKind::Adopted => "adopted",
        EntryKind::Registered => "registered",
        EntryKind::Approved => "approved",
        EntryKind::Note => "note",
        EntryKind::Instruction => "instruction",
        EntryKind::Repealed => "repealed",
    }
}

#[test]
fn every_seed_is_in_order() {
    for path in common::corpus_files() {
        let doc = reglament::parse(&std::fs::read(&path).unwrap(), "x").unwrap();
        let h = history::of_document(&doc);
        assert_in_order(&h);
        // One entry per note, instruction and approval stamp, and the act's
        // adoption, registration and repeal when it has them.
        let approvals = doc
            .stamps
            .iter()
            .filter(|s| s.kind == reglament::act::StampKind::Approval)
            .count();
        let own = doc.act.as_ref().map_or(0, |a| {
            a.instructions.len()
                + usize::from(a.adopted_date.is_some() || a.number.is_some())
                + usize::from(a.registration.is_some())
                + usize::from(a.repealed_by.is_some())
        });
        assert_eq!(
            h.timeline.len(),
            doc.notes.len() + approvals + own,
            "{}",
            path.display()
        );
    }
}

/// Seed 002: an order of 2015 whose regulations were excluded, reworded and
/// added by later orders, and which was repealed in 2020.
#[test]
fn seed_002_order_and_its_amendments() {
    let h = history_of("002");
    assert_in_order(&h);
    let act = h.act.as_ref().unwrap();
    assert_eq!(act.act_type.as_deref(), Some("order"));
    assert_eq!(
        act.authority.as_deref(),
        Some("Қазақстан Республикасы Инвестиция және даму министрі")
    );
    assert_eq!(act.number.as_deref(), Some("620"));
    assert_eq!(act.adopted_date.as_deref(), Some("2015-05-28"));
    assert_eq!(act.status.as_deref(), Some("repealed"));
    let registration = act.registration.as_ref().unwrap();
    assert_eq!(registration.date.as_deref(), Some("2015-07-09"));
    assert_eq!(registration.number.as_deref(), Some("11599"));
    let repeal = act.repealed_by.as_ref().unwrap();
    assert_eq!(
        (repeal.number.as_deref(), repeal.date.as_deref()),
        (Some("567"), Some("2020-10-30"))
    );

    let rows = rows(&h);
    let has = |date: &str, kind: &str, action: &str, node: &str| {
        assert!(
            rows.iter()
                .any(|r| (r.0.as_str(), r.1, r.2.as_str(), r.3.as_str())
                    == (date, kind, action, node)),
            "no {date} {kind} {action} {node} in {rows:#?}"
        );
    };
    has("2015-05-28", "adopted", "", "meta");
    has("2015-05-28", "instruction", "repeal", "p2");
    has("2015-07-09", "registered", "", "meta");
    has("2016-02-16", "note", "excluded", "app1/reg1/note1");
    has("2019-09-18", "note", "title_changed", "note2");
    for n in 2..=4 {
        has(
            "2019-09-18",
            "note",
            "new_wording",
            &format!("app{n}/reg1/note1"),
        );
    }
    has("2019-09-18", "note", "supplemented", "app5/reg1/note1");
    has("2020-10-30", "repealed", "", "meta");
    has("2020-10-30", "note", "repealed", "note1");
    let dates: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
    assert_eq!(dates.first(), Some(&"2015-05-28"));
    assert_eq!(dates.last(), Some(&"2020-10-30"));

    // The excluded regulation, its target and the amending act.
    let excluded = h
        .timeline
        .iter()
        .find(|e| e.action.as_deref() == Some("excluded"))
        .unwrap();
    let target = excluded.target.as_ref().unwrap();
    assert_eq!(
        (target.text.as_deref(), target.node.as_deref()),
        (Some("Регламент"), Some("app1/reg1"))
    );
    let by = excluded.act.as_ref().unwrap();
    assert_eq!(by.number.as_deref(), Some("195"));
    assert_eq!(
        by.authority.as_deref(),
        Some("ҚР Инвестиция және даму министрі м.а.")
    );
    // The instruction: the order it repeals, dated by this act's adoption.
    let repeal = h
        .timeline
        .iter()
        .find(|e| e.kind == EntryKind::Instruction)
        .unwrap();
    let target = repeal.act.as_ref().unwrap();
    assert_eq!(
        (target.number.as_deref(), target.date.as_deref()),
        (Some("103"), Some("2014-03-27"))
    );
    assert!(!repeal.targets.is_empty());
}

/// Seed 004, a bare regulation: its approval and the notes of two later
/// resolutions, pinned line by line.
#[test]
fn seed_004_bare_regulation() {
    let h = history_of("004");
    assert_eq!(h.act, None);
    assert_in_order(&h);
    let rows = rows(&h);
    assert_eq!(
        rows.iter()
            .map(|r| (r.0.as_str(), r.1, r.3.as_str()))
            .collect::<Vec<_>>(),
        [
            ("2015-11-02", "approved", "reg1/approval"),
            ("2016-04-18", "note", "reg1/note1"),
            ("2017-01-16", "note", "reg1/ch1/i3/note1"),
            ("2017-01-16", "note", "reg1/ch4/i9/note1"),
            ("2017-01-16", "note", "reg1/app2/note1"),
        ]
    );
    assert_eq!(
        history::render_text(&h),
        "\
document corpus/004_2a518a9fdcd9365c.txt

act  —

timeline
  2015-11-02  approved           reg1/approval      reg1 by resolution № 288, Шығыс Қазақстан облысы әкімдігі
  2016-04-18  note: new wording  reg1/note1         Регламент (reg1) by resolution № 108, Шығыс Қазақстан облысы әкімдігі
  2017-01-16  note: new wording  reg1/ch1/i3/note1  3-тармақ (reg1/ch1/i3) by resolution № 12, Шығыс Қазақстан облысы әкімдігі
  2017-01-16  note: new wording  reg1/ch4/i9/note1  9-тармақ (reg1/ch4/i9) by resolution № 12, Шығыс Қазақстан облысы әкімдігі
  2017-01-16  note: new wording  reg1/app2/note1    2-қосымша (reg1/app2) by resolution № 12, Шығыс Қазақстан облысы әкімдігі
"
    );
}

/// An undated entry (seed 003's editorial remark) comes last.
#[test]
fn undated_entries_come_last() {
    let h = history_of("003");
    assert_in_order(&h);
    let last = h.timeline.last().unwrap();
    assert_eq!(
        (last.date.as_deref(), last.action.as_deref()),
        (None, Some("editorial"))
    );
    assert!(history::render_text(&h)
        .contains("\n  —           note: editorial      editorial      РҚАО-ның ескертпесі."));
}

/// The hand-built document (every note, stamp and instruction kind) gives
/// an entry for each, in order, and the act in full.
#[test]
fn the_fully_populated_document() {
    let doc = example::document();
    let h = history::of_document(&doc);
    assert_in_order(&h);
    let act = doc.act.as_ref().unwrap();
    assert_eq!(
        h.timeline.len(),
        3 + act.instructions.len() + doc.notes.len() + 1
    );
    let text = history::render_text(&h);
    for expected in [
        "  registration  2019-10-29 № 6435, Ақтөбе облысының Әділет департаментінде\n",
        "  repealed by   resolution № 10 of 2020-01-17, Ақтөбе облысы әкімдігі\n",
        "instruction: unknown",
        "note: title changed",
        "→ app5 (app5/reg1)",
        "joint order № 139 of 2015-04-30",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }
}

/// A text and the JSON `parse` wrote for it give the same history, in both
/// formats; the JSON format is one array that parses.
#[test]
fn a_text_and_its_json_agree() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("002.json");
    let text = seed("002");
    let o = run(&["parse", "-q", arg(&text), "-o", arg(&json)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    for format in ["text", "json"] {
        let from_text = run(&["history", arg(&text), "--format", format]);
        let from_json = run(&["history", arg(&json), "--format", format]);
        assert_eq!(from_text.status.code(), Some(0), "{}", stderr(&from_text));
        assert_eq!(from_json.status.code(), Some(0), "{}", stderr(&from_json));
        assert_eq!(stdout(&from_text), stdout(&from_json), "{format}");
        assert_eq!(stderr(&from_text), "");
    }
    // JSON lines of the whole corpus through standard input: one object per
    // document.
    let lines = dir.path().join("corpus.jsonl");
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let o = run(&[
        "parse",
        "-q",
        arg(&corpus),
        "--format",
        "jsonl",
        "-o",
        arg(&lines),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = run(&["history", arg(&lines), "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let value: Value = serde_json::from_str(&stdout(&o)).expect("history --format json is JSON");
    let documents = value.as_array().unwrap();
    assert_eq!(documents.len(), common::corpus_files().len());
    for doc in documents {
        let keys: Vec<&str> = doc
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        // serde_json's map sorts its keys.
        assert_eq!(keys, ["act", "source", "timeline"]);
        for entry in doc["timeline"].as_array().unwrap() {
            for k in [
                "date",
                "date_text",
                "kind",
                "action",
                "node",
                "target",
                "act",
                "targets",
                "appendix",
                "regulation",
                "text",
            ] {
                assert!(entry.get(k).is_some(), "{k} in {entry}");
            }
        }
    }
    assert_eq!(documents[4]["act"], Value::Null);
    assert_eq!(documents[2]["act"]["adopted_date"], "2015-05-28");
    // The same run twice gives the same bytes.
    let again = run(&["history", arg(&lines), "--format", "json"]);
    assert_eq!(stdout(&o), stdout(&again));
}

#[test]
fn several_inputs_and_errors() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, "{\"act\": ]").unwrap();
    let good = seed("004");
    let o = run(&[
        "history",
        arg(&good),
        "/no/such.txt",
        arg(&broken),
        arg(&seed("003")),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let out = stdout(&o);
    // The readable inputs are still shown, separated by a blank line.
    assert!(out.starts_with("document "), "{out}");
    assert!(out.contains("\n\ndocument "), "{out}");
    assert_eq!(
        stderr(&o),
        format!(
            "reglament: error: /no/such.txt: no such file or folder\n\
             reglament: error: {}:1:9: expected value\n",
            arg(&broken)
        )
    );
    // No input at all is a usage error of clap (exit 2).
    assert_eq!(run(&["history"]).status.code(), Some(2));
    let o = run(&["history", "--help"]);
    assert_eq!(o.status.code(), Some(0));
    let help = stdout(&o);
    assert!(
        help.contains("Examples:") && help.contains("Exit codes:"),
        "{help}"
    );
}
