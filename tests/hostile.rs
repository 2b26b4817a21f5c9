//! Inputs no regulation looks like: the parser still gives a lossless tree
//! and never panics. (That the cost stays linear is shown by the benchmark,
//! not asserted here.)

mod common;

use common::*;

fn check(text: &str) -> reglament::Document {
    let doc = parse_text(text);
    assert_lossless(&doc, text.len());
    doc
}

#[test]
fn one_long_line_full_of_structure() {
    check(&"\"Х\" мемлекеттік көрсетілетін қызмет регламенті 1. Жалпы ережелер ".repeat(5000));
    check(&"Алматы қаласы әкімдігінің қаулысына 1 қосымша Алматы ".repeat(5000));
}

#[test]
fn many_sub_items_and_notes() {
    let subs: String = (0..20_000).map(|_| "      1) тармақша;\n").collect();
    let doc = check(&format!("Күшін жойған\n{subs}"));
    assert!(
        doc.tree
            .walk()
            .filter(|n| n.kind == reglament::NodeKind::SubPoint)
            .count()
            >= 19_999
    );
    let notes: String = (0..5_000)
        .map(|_| "      Ескерту. Регламент жаңа редакцияда - 18.04.2016 № 108 қаулысымен.\n")
        .collect();
    check(&notes);
}

#[test]
fn nested_parentheses_and_blank_input() {
    check(&format!("{}а{}\n", "(".repeat(10_000), ")".repeat(10_000)));
    let doc = check(&" \n\t\n   \r\n".repeat(1000));
    assert_eq!(doc.tree.children.len(), 1);
    assert_eq!(doc.tree.children[0].kind, reglament::NodeKind::Trivia);
    assert!(
        reglament::parse("\u{feff}".as_bytes(), "bom").is_err(),
        "a BOM alone is an empty input"
    );
}

/// A tiny deterministic generator, so that a failure reproduces.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() as usize) % n.max(1)
    }
}

#[test]
fn seeds_with_random_unicode_and_shuffled_lines() {
    let inserts = [
        "\u{0306}",
        "\u{200f}",
        "\u{2028}",
        "😀",
        "\u{a0}",
        "\t",
        "\r",
        "  ",
        "Ескерту.",
        "1.",
        "3)",
        "1 - шарт –",
        "қосымша",
        "бекітілген",
        "регламенті",
        "ҚАУЛЫ ЕТЕДІ:",
        "\"",
        "(",
        "№",
        "і",
        "i",
        "-\n",
        "\n      ",
    ];
    let mut rng = Lcg(7);
    for path in corpus_files() {
        let text = std::fs::read_to_string(&path).unwrap();
        for _ in 0..12 {
            let mut t = text.clone();
            for _ in 0..40 {
                let mut at = rng.below(t.len());
                while !t.is_char_boundary(at) {
                    at -= 1;
                }
                t.insert_str(at, inserts[rng.below(inserts.len())]);
            }
            let mut lines: Vec<&str> = t.split('\n').collect();
            for _ in 0..10 {
                let (a, b) = (rng.below(lines.len()), rng.below(lines.len()));
                lines.swap(a, b);
            }
            let mutated = lines.join("\n");
            check(&mutated);
        }
    }
}

// The command line against hostile files and streams: a clear message
// naming the file, exit code 2, no panic, no partial output file.

mod cli {
    use std::io::{Read, Write};
    use std::path::{Path, PathBuf};
    use std::process::{Command, Output, Stdio};

    use super::common::corpus_files;

    fn bin() -> Command {
        Command::new(env!("CARGO_BIN_EXE_reglament"))
    }

    fn run(args: &[&str]) -> Output {
        bin().args(args).output().expect("the binary runs")
    }

    fn stderr(o: &Output) -> String {
        String::from_utf8_lossy(&o.stderr).into_owned()
    }

    fn corpus() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
    }

    /// A folder with two seeds in it.
    fn folder_of_seeds() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (i, seed) in corpus_files().iter().take(2).enumerate() {
            std::fs::copy(seed, dir.path().join(format!("good{i}.txt"))).unwrap();
        }
        dir
    }

    fn jsonl_paths(bytes: &[u8]) -> Vec<String> {
        std::str::from_utf8(bytes)
            .unwrap()
            .lines()
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).unwrap();
                v["source"]["path"].as_str().unwrap().to_owned()
            })
            .collect()
    }

    #[test]
    fn a_file_over_the_size_limit_is_refused_by_name() {
        let dir = folder_of_seeds();
        let big = dir.path().join("big.txt");
        std::fs::write(&big, "1. Жалпы ережелер\n".repeat(100)).unwrap();
        let o = run(&["parse", big.to_str().unwrap(), "--max-file-size", "1000"]);
        assert_eq!(o.status.code(), Some(2));
        assert!(
            stderr(&o).contains(&format!(
                "{}: file is 3100 bytes, over the limit of 1000",
                big.display()
            )),
            "{}",
            stderr(&o)
        );
        assert!(o.stdout.is_empty());

        // In a folder: the file over the limit is named, the others still
        // come out, in path order.
        let limit = corpus_files()[..2]
            .iter()
            .map(|p| std::fs::metadata(p).unwrap().len())
            .max()
            .unwrap();
        std::fs::write(&big, "а".repeat(limit as usize / 2 + 1)).unwrap();
        let out = dir.path().join("out.jsonl");
        let o = run(&[
            "parse",
            dir.path().to_str().unwrap(),
            "--format",
            "jsonl",
            "-q",
            "--max-file-size",
            &limit.to_string(),
            "-o",
            out.to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(2));
        assert!(
            stderr(&o).contains(&format!("{}: file is {} bytes", big.display(), limit + 2)),
            "{}",
            stderr(&o)
        );
        let paths = jsonl_paths(&std::fs::read(&out).unwrap());
        assert_eq!(paths.len(), 2);
        assert!(paths[0].ends_with("good0.txt") && paths[1].ends_with("good1.txt"));
    }

    #[test]
    fn a_size_limit_over_what_offsets_hold_is_refused_before_reading() {
        // 2 GiB: one byte over the largest input the 32-bit source map holds.
        let o = run(&["parse", "-", "--max-file-size", "2147483648"]);
        assert_eq!(o.status.code(), Some(2));
        assert!(
            stderr(&o).contains("--max-file-size") && stderr(&o).contains("2147483647"),
            "{}",
            stderr(&o)
        );
        assert!(o.stdout.is_empty());

        // The largest value itself is taken.
        let seed = &corpus_files()[0];
        let o = run(&[
            "parse",
            seed.to_str().unwrap(),
            "-q",
            "--max-file-size",
            "2147483647",
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert!(!o.stdout.is_empty());
    }

    #[test]
    fn a_folder_with_bad_files_writes_the_good_ones_and_exits_2() {
        let dir = folder_of_seeds();
        std::fs::write(dir.path().join("binary.txt"), b"\x7fELF\x02\x01\x01\x00").unwrap();
        std::fs::write(dir.path().join("empty.txt"), b"").unwrap();
        std::fs::write(dir.path().join("latin1.txt"), b"1. Caf\xe9\n").unwrap();
        std::os::unix::fs::symlink(dir.path().join("gone"), dir.path().join("dangling.txt"))
            .unwrap();
        let out = dir.path().join("out.jsonl");
        let o = run(&[
            "parse",
            dir.path().to_str().unwrap(),
            "--format",
            "jsonl",
            "-o",
            out.to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(2));
        let err = stderr(&o);
        let d = dir.path().display();
        for expected in [
            format!("{d}/binary.txt:1:8: binary data (NUL byte) at byte 7"),
            format!("{d}/empty.txt: empty input"),
            format!("{d}/latin1.txt:1:7: invalid UTF-8 at byte 6"),
            format!("{d}/dangling.txt: no such file or folder"),
        ] {
            assert!(err.contains(&expected), "{expected:?} in\n{err}");
        }
        assert!(err.contains("2 files, "), "summary: {err}");
        assert!(err.contains(", 3 errors, "), "summary: {err}");
        assert!(!err.contains("panicked"));
        let paths = jsonl_paths(&std::fs::read(&out).unwrap());
        assert_eq!(paths.len(), 2);
        assert!(paths[0].ends_with("good0.txt") && paths[1].ends_with("good1.txt"));
        // Nothing but the inputs and the output is left in the folder.
        let left = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(left, 7);
    }

    #[test]
    fn an_unreadable_file_is_named() {
        use std::os::unix::fs::PermissionsExt;
        let dir = folder_of_seeds();
        let locked = dir.path().join("locked.txt");
        std::fs::write(&locked, "1. Жалпы ережелер\n").unwrap();
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
        if std::fs::read(&locked).is_ok() {
            // Running as root: mode 000 does not stop a read.
            eprintln!("skipped: running as root, an unreadable file cannot be made");
            return;
        }
        let o = run(&[
            "parse",
            dir.path().to_str().unwrap(),
            "--format",
            "jsonl",
            "-q",
        ]);
        assert_eq!(o.status.code(), Some(2));
        assert!(
            stderr(&o).contains(&format!("{}: permission denied", locked.display())),
            "{}",
            stderr(&o)
        );
        assert_eq!(jsonl_paths(&o.stdout).len(), 2);
    }

    #[test]
    fn a_fifo_in_a_folder_is_skipped_not_waited_for() {
        let dir = folder_of_seeds();
        let fifo = dir.path().join("pipe.txt");
        let made = Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            eprintln!("skipped: mkfifo is not available");
            return;
        }
        let o = run(&[
            "parse",
            dir.path().to_str().unwrap(),
            "--format",
            "jsonl",
            "-q",
        ]);
        assert_eq!(o.status.code(), Some(2));
        assert!(
            stderr(&o).contains(&format!("{}: not a regular file, skipped", fifo.display())),
            "{}",
            stderr(&o)
        );
        assert_eq!(jsonl_paths(&o.stdout).len(), 2);
    }

    #[test]
    fn standard_input_closed_early() {
        // Closed at once: an empty input.
        let o = bin()
            .args(["parse", "-"])
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2));
        assert!(stderr(&o).contains("-: empty input"), "{}", stderr(&o));
        assert!(o.stdout.is_empty());

        // Closed inside a letter: the unfinished letter is named.
        let text = std::fs::read(&corpus_files()[0]).unwrap();
        let mut cut = text.len() / 2;
        while text[cut] & 0xc0 != 0x80 {
            cut += 1;
        }
        let mut child = bin()
            .args(["parse", "-", "--format", "jsonl"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(&text[..cut]).unwrap();
        let o = child.wait_with_output().unwrap();
        assert_eq!(o.status.code(), Some(2));
        assert!(
            stderr(&o).contains(&format!("invalid UTF-8 at byte {}", cut - 1)),
            "{}",
            stderr(&o)
        );
        assert!(o.stdout.is_empty());
    }

    #[test]
    fn standard_output_closed_early_in_a_batch() {
        for format in ["jsonl", "json", "outline"] {
            let mut child = bin()
                .args([
                    "parse",
                    corpus().to_str().unwrap(),
                    "--format",
                    format,
                    "-j",
                    "2",
                ])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            let mut out = child.stdout.take().unwrap();
            let mut first = [0u8; 100];
            out.read_exact(&mut first).unwrap();
            drop(out);
            let o = child.wait_with_output().unwrap();
            assert_eq!(o.status.code(), Some(0), "{format}: {}", stderr(&o));
            assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
            assert!(!stderr(&o).contains("error"), "{}", stderr(&o));
        }
    }

    #[test]
    fn the_output_is_the_same_for_any_number_of_jobs() {
        let c = corpus();
        let one = run(&["parse", c.to_str().unwrap(), "-q", "-j", "1"]);
        let three = run(&["parse", c.to_str().unwrap(), "-q", "-j", "3"]);
        assert_eq!(one.status.code(), Some(0));
        assert_eq!(one.stdout, three.stdout);
        // And it is the library's array, byte for byte.
        let docs: Vec<reglament::Document> = corpus_files()
            .iter()
            .map(|p| {
                let name = p.display().to_string();
                reglament::parse(&std::fs::read(p).unwrap(), &name).unwrap()
            })
            .collect();
        assert_eq!(
            String::from_utf8(one.stdout).unwrap(),
            reglament::output::json_array(&docs) + "\n"
        );
        let err = stderr(&three);
        assert!(err.is_empty(), "--quiet: no summary either: {err}");
    }

    #[test]
    fn the_summary_counts_files_regulations_and_steps() {
        let c = corpus();
        let o = run(&["parse", c.to_str().unwrap(), "--format", "jsonl"]);
        assert_eq!(o.status.code(), Some(0));
        let (mut regulations, mut steps) = (0, 0);
        for p in corpus_files() {
            let doc = reglament::parse(&std::fs::read(&p).unwrap(), "x").unwrap();
            regulations += doc.regulations.len();
            steps += doc.regulations.iter().map(|r| r.steps.len()).sum::<usize>();
        }
        assert_eq!(regulations, 16, "as README says");
        let summary = stderr(&o).lines().last().unwrap().to_owned();
        assert!(
            summary.starts_with(&format!(
                "reglament: 5 files, {regulations} regulations, {steps} steps, "
            )),
            "{summary}"
        );
        assert!(summary.contains(" 0 errors, 0.35 MB in "), "{summary}");
        assert!(summary.ends_with(" MB/s)"), "{summary}");
    }

    #[test]
    fn the_output_file_gets_normal_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out.json");
        let o = Command::new("sh")
            .arg("-c")
            .arg(format!(
                "umask 022 && exec '{}' parse '{}' -q -o '{}'",
                env!("CARGO_BIN_EXE_reglament"),
                corpus_files()[0].display(),
                out.display()
            ))
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o644, "{mode:o}");
    }
}

/// `-o` naming a FIFO (or a device such as /dev/null) writes into it: a
/// temporary file renamed over it would replace it with a regular file.
#[test]
fn output_to_a_fifo_keeps_the_fifo() {
    use std::os::unix::fs::FileTypeExt;
    use std::process::Command;
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("out.fifo");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("skipped: mkfifo is not available");
        return;
    }
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read(fifo).unwrap())
    };
    let o = Command::new(env!("CARGO_BIN_EXE_reglament"))
        .args(["parse", "-q", "--format", "jsonl", "-o"])
        .arg(&fifo)
        .arg(&corpus_files()[0])
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let read = reader.join().unwrap();
    assert_eq!(std::str::from_utf8(&read).unwrap().lines().count(), 1);
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temporary file left"
    );
}
