//! `reglament check` as a user meets it: diagnostics with snippets, the
//! summary line, `--quiet`, JSON, `--min-severity`, `--explain`, colour,
//! exit codes.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_reglament"))
}

fn run(args: &[&str]) -> Output {
    bin()
        .args(args)
        // `--color auto` must not depend on the environment of the test run.
        .env_remove("NO_COLOR")
        .output()
        .expect("the binary runs")
}

fn seed(prefix: &str) -> PathBuf {
    common::corpus_files()
        .into_iter()
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn is_summary(line: &str) -> bool {
    line.ends_with(": no problems")
        || line.rsplit_once(": ").is_some_and(|(_, counts)| {
            counts.split(", ").all(|c| {
                let mut w = c.split(' ');
                w.next().is_some_and(|n| n.parse::<usize>().is_ok())
                    && w.next().is_some_and(|s| {
                        ["error", "errors", "warning", "warnings", "note", "notes"].contains(&s)
                    })
                    && w.next().is_none()
            })
        })
}

#[test]
fn seed_002_gets_rustc_style_diagnostics() {
    let path = seed("002");
    let name = path.to_str().unwrap();
    let o = run(&["check", name, "--color", "never"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("warning[R001]: item number 8 repeats (first at line 207)\n"),
        "{out}"
    );
    assert!(out.contains(&format!("--> {name}:233:7\n")), "{out}");
    // The source line with the gutter, and an underline.
    assert!(
        out.lines()
            .any(|l| l.starts_with("233 | ") && l.contains("8. Портал арқылы")),
        "{out}"
    );
    assert!(
        out.lines()
            .any(|l| l.trim_start().starts_with('|') && l.contains('^')),
        "{out}"
    );
    assert!(out.contains("= help: Renumber so that each number appears once, in order.\n"));
    // A one-line R010 span is underlined in characters, under its words.
    assert!(
        out.contains("199 |       1) кеңсе қызметкері;\n    |          ^^^^^^^^^^^^^^^^\n"),
        "{out}"
    );
    let last = out.lines().last().unwrap();
    assert!(last.starts_with(&format!("{name}: ")), "{last}");
    assert!(last.ends_with(" warnings") && is_summary(last), "{last}");
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
}

#[test]
fn quiet_prints_only_summary_lines() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let o = run(&["check", corpus.to_str().unwrap(), "--quiet"]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), common::corpus_files().len(), "{out}");
    assert!(lines.iter().all(|l| is_summary(l)), "{out}");
    let seed_002 = seed("002");
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with(&format!("{}: ", seed_002.display())) && l.contains("warning")),
        "{out}"
    );
    // Info findings are counted as notes when asked for.
    let o = run(&[
        "check",
        corpus.to_str().unwrap(),
        "-q",
        "--min-severity",
        "info",
    ]);
    assert!(stdout(&o).contains(" notes"), "{}", stdout(&o));
}

#[test]
fn json_lists_findings_with_codes() {
    let path = seed("002");
    let o = run(&["check", path.to_str().unwrap(), "--format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&o.stdout).expect("JSON");
    let files = v.as_array().unwrap();
    assert_eq!(files.len(), 1);
    assert_eq!(files[0]["file"], path.to_str().unwrap());
    let findings = files[0]["findings"].as_array().unwrap();
    assert!(!findings.is_empty());
    for f in findings {
        let code = f["code"].as_str().unwrap();
        assert!(reglament::lint::rule(code).is_some(), "{code}");
        assert!(f["span"]["start"].is_u64() && f["line"].is_u64());
        // Only warnings and above by default.
        assert_ne!(f["severity"], "info");
    }
    assert!(findings.iter().any(
        |f| f["code"] == "R001" && f["message"] == "item number 8 repeats (first at line 207)"
    ));
    let summary = &files[0]["summary"];
    assert_eq!(summary["warning"], findings.len());
    assert_eq!(summary["error"], 0);
    assert_eq!(summary["info"], 0);
}

#[test]
fn min_severity_decides_what_counts() {
    let path = seed("002");
    let name = path.to_str().unwrap();
    let o = run(&["check", name, "--format", "json", "--min-severity", "info"]);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let severities: Vec<&str> = v[0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["severity"].as_str().unwrap())
        .collect();
    assert!(
        !severities.contains(&"error"),
        "the premise: seed 002 has only warnings and infos"
    );
    assert!(severities.contains(&"info") && severities.contains(&"warning"));

    let o = run(&["check", name, "--min-severity", "error"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), format!("{name}: no problems\n"));
}

#[test]
fn explain_prints_the_rule() {
    let o = run(&["check", "--explain", "R011"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    let rule = reglament::lint::rule("R011").unwrap();
    assert!(
        out.starts_with(&format!("R011: {}\n", rule.summary)),
        "{out}"
    );
    assert!(out.contains("severity: warning\n"), "{out}");
    // The whole explanation, wrapped.
    let words: Vec<&str> = out.split_whitespace().collect();
    let explanation: Vec<&str> = rule.explanation.split_whitespace().collect();
    assert!(
        words.windows(explanation.len()).any(|w| w == explanation),
        "{out}"
    );

    let o = run(&["check", "--explain", "R999"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    assert!(
        stderr(&o).starts_with("reglament: error: no rule \"R999\""),
        "{}",
        stderr(&o)
    );
}

#[test]
fn unreadable_input_exits_2_and_the_others_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    let binary = write(dir.path(), "binary.txt", b"PK\x03\x04\x00\x00binary");
    let path = seed("002");
    let o = run(&[
        "check",
        binary.to_str().unwrap(),
        path.to_str().unwrap(),
        "--quiet",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.starts_with(&format!("reglament: error: {}:", binary.display())),
        "{err}"
    );
    let out = stdout(&o);
    assert!(
        out.starts_with(&format!("{}: ", path.display())) && out.contains("warnings"),
        "{out}"
    );
    let o = run(&["check", dir.path().join("missing.txt").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn output_is_deterministic() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    for format in ["text", "json"] {
        let a = run(&["check", corpus.to_str().unwrap(), "--format", format]);
        let b = run(&["check", corpus.to_str().unwrap(), "--format", format]);
        assert_eq!(a.stdout, b.stdout, "{format}");
        assert!(!a.stdout.is_empty());
    }
}

#[test]
fn colour_only_when_asked() {
    let path = seed("002");
    let name = path.to_str().unwrap();
    let never = run(&["check", name, "--color", "never"]);
    assert!(!never.stdout.contains(&0x1b));
    // Standard output is a pipe here, so `auto` means no colour.
    let auto = run(&["check", name]);
    assert_eq!(auto.stdout, never.stdout);
    let always = run(&["check", name, "--color", "always"]);
    assert!(always.stdout.contains(&0x1b));
    assert_eq!(always.status.code(), Some(1));
}

#[test]
fn stdin_bom_and_utf16_inputs() {
    let path = seed("002");
    let text = std::fs::read_to_string(&path).unwrap();
    let dir = tempfile::tempdir().unwrap();

    // A BOM shifts every span by three bytes; the snippets stay where they were.
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(text.as_bytes());
    let bom = write(dir.path(), "bom.txt", &bom);
    let o = run(&["check", bom.to_str().unwrap(), "--color", "never"]);
    let out = stdout(&o);
    assert!(
        out.contains(&format!("--> {}:233:7\n", bom.display())),
        "{out}"
    );
    assert!(
        out.lines()
            .any(|l| l.starts_with("233 | ") && l.contains("8. Портал арқылы")),
        "{out}"
    );

    // UTF-16: no snippets, a line per finding.
    let mut utf16 = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    let utf16 = write(dir.path(), "utf16.txt", &utf16);
    let o = run(&["check", utf16.to_str().unwrap(), "--color", "never"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains(&format!(
            "{}:233:7: warning[R001]: item number 8 repeats (first at line 207)\n  = help: ",
            utf16.display()
        )),
        "{out}"
    );
    assert!(!out.contains("-->"), "{out}");

    // Standard input is named `-`.
    let mut child = bin()
        .args(["check", "-", "--color", "never"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(text.as_bytes()).unwrap();
    }
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("--> -:233:7\n"));
}

#[test]
fn explain_and_inputs_do_not_mix() {
    let path = seed("004");
    let o = run(&["check", "--explain", "R001", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let o = run(&["check"]);
    assert_eq!(o.status.code(), Some(2));
}
