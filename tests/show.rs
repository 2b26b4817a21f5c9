//! `reglament show`: a summary of every regulation, from a text or from the
//! JSON `parse` wrote, aligned by characters and the same every run.

mod common;
mod example;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_reglament"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("UTF-8 output")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn seed(prefix: &str) -> PathBuf {
    common::corpus_files()
        .into_iter()
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
        .unwrap()
}

fn arg(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Every corpus file: exit 0, every regulation's id and title shown.
#[test]
fn shows_every_regulation_of_every_seed() {
    for path in common::corpus_files() {
        let o = run(&["show", arg(&path)]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let out = stdout(&o);
        let doc = reglament::parse(&std::fs::read(&path).unwrap(), arg(&path)).unwrap();
        assert!(!doc.regulations.is_empty(), "{}", path.display());
        for w in &doc.regulations {
            let title = w.title.as_ref().map_or("—", |t| t.text.as_str());
            assert!(
                out.contains(&format!("\n{}  {title}\n", w.id)),
                "{}: {} not shown:\n{out}",
                path.display(),
                w.id
            );
        }
        assert!(out.starts_with(&format!("document {}\n", arg(&path))));
        // Aligned output has no trailing spaces.
        assert!(out.lines().all(|l| l == l.trim_end()), "{out}");
    }
}

#[test]
fn the_regulation_option_shows_only_that_one() {
    let path = seed("001");
    let o = run(&["show", arg(&path), "--regulation", "app2/reg1"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("\napp2/reg1  \""), "{out}");
    for other in ["app1/reg1", "app3/reg1", "app4/reg1", "app5/reg1"] {
        assert!(!out.contains(&format!("\n{other}  ")), "{out}");
    }

    let o = run(&["show", arg(&path), "--regulation", "app9/reg1"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).starts_with("reglament: error: no regulation \"app9/reg1\""),
        "{}",
        stderr(&o)
    );
}

/// The JSON `parse` wrote shows exactly as the text does, in every JSON
/// layout; and twice the same.
#[test]
fn json_input_shows_like_the_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = seed("004");
    let from_text = run(&["show", arg(&path)]);
    assert_eq!(from_text.status.code(), Some(0));
    assert_eq!(stdout(&run(&["show", arg(&path)])), stdout(&from_text));

    let json = dir.path().join("004.json");
    let o = run(&["parse", "-q", arg(&path), "-o", arg(&json)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let from_json = run(&["show", arg(&json)]);
    assert_eq!(from_json.status.code(), Some(0), "{}", stderr(&from_json));
    assert_eq!(stdout(&from_json), stdout(&from_text));

    let jsonl = dir.path().join("all.jsonl");
    let o = run(&[
        "parse",
        "-q",
        "--format",
        "jsonl",
        arg(&seed("001")),
        arg(&path),
        "-o",
        arg(&jsonl),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let both = stdout(&run(&["show", arg(&jsonl)]));
    let expected = stdout(&run(&["show", arg(&seed("001")), arg(&path)]));
    assert_eq!(both, expected);
    assert!(both.contains("document ") && both.matches("\ndocument ").count() == 1);
}

#[test]
fn errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, "{\"regulations\": [\n  {]\n").unwrap();
    let o = run(&["show", arg(&broken)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).starts_with(&format!("reglament: error: {}:2:4: ", arg(&broken))),
        "{}",
        stderr(&o)
    );

    let o = run(&["show", "/no/such/file.txt"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no such file"), "{}", stderr(&o));

    let binary = dir.path().join("binary.txt");
    std::fs::write(&binary, b"abc\0def").unwrap();
    let o = run(&["show", arg(&binary)]);
    assert_eq!(o.status.code(), Some(2));
}

/// A text that starts with a bracket is still a text, unless named `.json`.
#[test]
fn a_text_starting_with_a_bracket_is_a_text() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("odd.txt");
    std::fs::write(
        &text,
        "[Жоба]\n\"Рұқсат беру\" мемлекеттік көрсетілетін қызмет регламенті\n\n1. Жалпы ережелер\n\n      1. Қызметті әкімдік көрсетеді.\n",
    )
    .unwrap();
    let o = run(&["show", arg(&text)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).starts_with(&format!("document {}\n", arg(&text))));
}

/// The rendering pinned on a hand-built workflow, so that it holds while
/// extraction still leaves fields empty.
#[test]
fn the_step_table_of_a_populated_workflow() {
    let doc = example::document();
    let shown = reglament::show::render_document(&doc, Some("app1/reg1"));
    assert_eq!(shown.regulations, 1);
    let lines: Vec<&str> = shown.text.lines().collect();
    let at = lines.iter().position(|l| *l == "  steps").unwrap();
    let table: Vec<&str> = lines[at + 1..]
        .iter()
        .take_while(|l| !l.is_empty())
        .copied()
        .collect();
    assert_eq!(
        table,
        [
            "    label         kind       actor                            duration                                                     text",
            "    1)            action     actor1 маманы                    15 min                                                       көрсетілетін қызметті беруші кеңсесінің маманы көрсетілетін…",
            "    1 - шарт      condition  actor2 басшысы                   within 2 h (words say 3)                                     көрсетілетін қызметті берушінің басшысы құжаттарды қарайды",
            "    3 - іс-қимыл  process    actor3 орындаушысы               not later than 1 working day, not exceeding 5 calendar days  жауапты орындаушы ұсынылған құжаттардың толықтығын тексереді",
            "    —             paragraph  көрсетілетін қызметті берушіні…  within 3 days, 1 month (or up to 1 year)                     құжаттардың толық еместігі анықталған жағдайда, өтінішті ода…",
        ]
    );
    // Columns line up by characters, not bytes: the kind column starts at
    // the same character on every line, though the labels before it have
    // Cyrillic letters (two bytes each) or none.
    let kind = table[0]
        .find("kind")
        .map(|b| table[0][..b].chars().count())
        .unwrap();
    for l in &table {
        let chars: Vec<char> = l.chars().collect();
        assert!(chars[kind - 1] == ' ' && chars[kind] != ' ', "{l}");
    }

    let facts: Vec<&str> = lines[1..18].to_vec();
    assert_eq!(
        facts,
        [
            "",
            "app1/reg1  \"Жобалау қызметіне лицензия беру\" мемлекеттік көрсетілетін қызмет регламенті",
            "  service      Жобалау қызметіне лицензия беру",
            "  status       active",
            "  appendix     1-қосымша",
            "  provider     \"Ақтөбе облысының мемлекеттік сәулет - құрылыс бақылау басқармасы\" мемлекеттік мекемесі",
            "  channels     provider's office, State Corporation, portal, other (www.egov.kz веб-порталы)",
            "  form         electronic (fully automated), electronic (partially automated), electronic, paper",
            "  result       licence, reissued licence, permit, certificate, resolution, decision, conclusion, notification, reference, copy, agreement, registration, letter, attestation, motivated refusal",
            "  delivery     electronic",
            "  fee          free",
            "  term         up to 30 calendar days (or 22 working days)",
            "  start basis  көрсетілетін қызметті алушының өтініші",
            "  notes        1",
            "  actors       3",
            "  steps        4",
            "  flows        4",
        ]
    );
    let flow: Vec<&str> = lines
        .iter()
        .skip_while(|l| !l.starts_with("    flow1  "))
        .take(6)
        .copied()
        .collect();
    assert_eq!(
        flow,
        [
            "    flow1  portal  Портал арқылы мемлекеттік қызмет көрсету кезінде:",
            "      label        kind       duration      on failure   text",
            "      1 - процесс  process    within 1 min  —            1 - процесс: порталда тіркеу",
            "      1 - шарт     condition  —             2 - процесс  1 - шарт: порталда тіркеу",
            "      2 - процесс  process    —             —            2 - процесс: порталда тіркеу",
            "      —            paragraph  —             —            деректерде бұзушылықтар болған жағдайда",
        ]
    );
}

/// Missing facts print as `—`: an empty workflow, as extraction may leave.
#[test]
fn missing_facts_print_as_a_dash() {
    let mut doc = example::document();
    let w = &mut doc.regulations[1];
    w.appendix = None;
    w.title = None;
    w.service_name = None;
    w.provider = None;
    w.channels.clear();
    w.form = None;
    w.result = None;
    w.free_of_charge = None;
    w.term = None;
    w.start_basis = None;
    w.actors.clear();
    w.steps.clear();
    w.flows.clear();
    w.notes.clear();
    let shown = reglament::show::render_document(&doc, Some("app2/reg1"));
    let expected = "document corpus/001.txt\n\napp2/reg1  —\n".to_owned()
        + &[
            "service",
            "status",
            "appendix",
            "provider",
            "channels",
            "form",
            "result",
            "delivery",
            "fee",
            "term",
            "start basis",
            "notes",
            "actors",
            "steps",
            "flows",
        ]
        .iter()
        .map(|k| {
            let v = if *k == "status" { "excluded" } else { "—" };
            format!("  {k:<13}{v}\n")
        })
        .collect::<String>();
    assert_eq!(shown.text, expected);
}
