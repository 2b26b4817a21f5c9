//! The command line as a user meets it: inputs, formats, errors, exit codes.

mod common;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_reglament"))
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("the binary runs")
}

fn seed(prefix: &str) -> PathBuf {
    common::corpus_files()
        .into_iter()
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn temp_dir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

#[test]
fn parses_a_seed_to_json() {
    let path = seed("004");
    let o = run(&["parse", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["schema_version"], "0.1.0");
    assert_eq!(
        v["source"]["bytes"],
        std::fs::metadata(&path).unwrap().len()
    );
    assert_eq!(v["tree"]["children"][0]["kind"], "regulation");
}

#[test]
fn outline_and_jsonl_formats() {
    let path = seed("000");
    let o = run(&["parse", path.to_str().unwrap(), "--format", "outline"]);
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(
        out.contains("\n  signature «Алматы қаласының әкімі Б. Сагинтаев»  @49:7\n"),
        "{out}"
    );

    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let o = run(&["parse", corpus.to_str().unwrap(), "--format", "jsonl"]);
    assert_eq!(o.status.code(), Some(0));
    let lines: Vec<&str> = std::str::from_utf8(&o.stdout).unwrap().lines().collect();
    assert_eq!(lines.len(), 5);
    let paths: Vec<String> = lines
        .iter()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["source"]["path"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(
        paths, sorted,
        "folder inputs come out in a deterministic order"
    );
}

#[test]
fn diagnostics_go_to_stderr_with_file_line_column() {
    let path = seed("002");
    let o = run(&["parse", path.to_str().unwrap(), "--format", "outline"]);
    assert_eq!(o.status.code(), Some(0));
    let err = stderr(&o);
    let expected = format!(
        "{}:233:7: warning[S001]: item number 8 repeats (first at line 207)",
        path.display()
    );
    assert!(err.lines().any(|l| l == expected), "{err}");
    let quiet = run(&["parse", path.to_str().unwrap(), "--quiet"]);
    assert!(quiet.stderr.is_empty());
}

#[test]
fn invalid_utf8_at_first_and_last_byte() {
    let dir = temp_dir();
    let first = write(dir.path(), "first.txt", b"\xff1. \xd0\x96\xd0\xb0\n");
    let o = run(&["parse", first.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains(&format!("{}:1:1: invalid UTF-8 at byte 0", first.display())),
        "{}",
        stderr(&o)
    );
    assert!(o.stdout.is_empty());

    let mut bytes = "1. Жалпы\nережелер".as_bytes().to_vec();
    bytes.push(0xd0);
    let last = write(dir.path(), "last.txt", &bytes);
    let o = run(&["parse", last.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let at = bytes.len() - 1;
    assert!(
        stderr(&o).contains(&format!(
            "{}:2:17: invalid UTF-8 at byte {at}",
            last.display()
        )),
        "{}",
        stderr(&o)
    );
}

#[test]
fn binary_and_empty_inputs_are_errors() {
    let dir = temp_dir();
    let binary = write(dir.path(), "a.txt", b"PK\x03\x04\x00\x00");
    let o = run(&["parse", binary.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("binary data (NUL byte) at byte 4"),
        "{}",
        stderr(&o)
    );

    let empty = write(dir.path(), "b.txt", b"");
    let o = run(&["parse", empty.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains(&format!("{}: empty input", empty.display())),
        "{}",
        stderr(&o)
    );

    let out = dir.path().join("never.json");
    let o = run(&[
        "parse",
        binary.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!out.exists(), "no output file when nothing parsed");

    let missing = dir.path().join("missing.txt");
    let o = run(&["parse", missing.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("no such file or folder"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn one_bad_input_does_not_stop_the_others() {
    let dir = temp_dir();
    std::fs::copy(seed("004"), dir.path().join("good.txt")).unwrap();
    write(dir.path(), "bad.txt", b"\x00\x01");
    let out = dir.path().join("out.json");
    let o = run(&[
        "parse",
        dir.path().to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2), "something failed");
    assert!(stderr(&o).contains("bad.txt"), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    let docs = v.as_array().unwrap();
    assert_eq!(docs.len(), 1);
    assert!(docs[0]["source"]["path"]
        .as_str()
        .unwrap()
        .ends_with("good.txt"));
}

#[test]
fn output_file_is_written_whole_and_nothing_else_is_left() {
    let dir = temp_dir();
    let out = dir.path().join("result.json");
    let o = run(&[
        "parse",
        seed("003").to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert!(o.stdout.is_empty());
    let v: Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(v["tree"]["kind"], "document");
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(left.len(), 1, "no temporary files left behind");

    // An output folder that does not exist: an error, and no file.
    let nowhere = dir.path().join("no/such/dir/out.json");
    let o = run(&[
        "parse",
        seed("003").to_str().unwrap(),
        "-o",
        nowhere.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!nowhere.exists());
}

#[test]
fn standard_input_and_utf16() {
    let text = std::fs::read_to_string(seed("004")).unwrap();
    let mut child = bin()
        .args(["parse", "-", "--format", "outline"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0));
    let from_stdin = String::from_utf8(o.stdout).unwrap();
    assert!(from_stdin.starts_with("document -\n"));

    let dir = temp_dir();
    let mut utf16 = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    let p = write(dir.path(), "utf16.txt", &utf16);
    let o = run(&["parse", p.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["source"]["encoding"], "utf-16le");
    let utf8 = reglament::parse(text.as_bytes(), "x").unwrap();
    assert_eq!(
        v["tree"]["children"].as_array().unwrap().len(),
        utf8.tree.children.len()
    );
    assert_eq!(v["tree"]["span"]["end"], utf16.len());
}

#[test]
fn a_closed_stdout_ends_quietly() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut child = bin()
        .args(["parse", corpus.to_str().unwrap(), "--quiet"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = child.stdout.take().unwrap();
    let mut first = [0u8; 16];
    out.read_exact(&mut first).unwrap();
    drop(out);
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!stderr(&o).contains("panicked"));
}

#[test]
fn help_has_examples() {
    let o = run(&["parse", "--help"]);
    let help = String::from_utf8(o.stdout).unwrap();
    assert!(help.contains("Examples:"));
    assert!(help.contains("--format"));
}

#[test]
fn a_symlink_loop_in_a_folder_ends() {
    let dir = temp_dir();
    std::fs::copy(seed("004"), dir.path().join("a.txt")).unwrap();
    std::os::unix::fs::symlink(dir.path(), dir.path().join("loop")).unwrap();
    let o = run(&[
        "parse",
        dir.path().to_str().unwrap(),
        "--format",
        "jsonl",
        "--quiet",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        std::str::from_utf8(&o.stdout).unwrap().lines().count(),
        1,
        "each file once"
    );
}
