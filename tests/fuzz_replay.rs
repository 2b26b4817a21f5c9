//! Every input the fuzzer saved (`fuzz/corpus/pipeline`, the pieces of the
//! seeds it starts from left out as they are not committed) and every crash
//! or timeout it found (`fuzz/artifacts/pipeline`), replayed through the
//! pipeline: a clean `DecodeError` or a lossless tree whose JSON passes the
//! schema and the validator's rules.

mod common;

use std::path::{Path, PathBuf};

use common::assert_lossless;

fn saved_inputs() -> Vec<PathBuf> {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut files = Vec::new();
    for dir in ["corpus/pipeline", "artifacts/pipeline"] {
        let Ok(entries) = std::fs::read_dir(fuzz.join(dir)) else {
            continue;
        };
        files.extend(
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file())
                // The pieces of the seeds come from fuzz/seed-corpus.sh and
                // are not committed: replay what CI has too.
                .filter(|p| {
                    !p.file_name()
                        .is_some_and(|n| n.to_string_lossy().starts_with("seed-"))
                }),
        );
    }
    files.sort();
    files
}

#[test]
fn every_saved_fuzz_input_gives_a_sound_document() {
    let validator = reglament::validate::Validator::new().unwrap();
    let files = saved_inputs();
    assert!(
        files.len() >= 10,
        "the committed fuzz corpus is there ({} files)",
        files.len()
    );
    let mut parsed = 0;
    for path in &files {
        let bytes = std::fs::read(path).unwrap();
        let name = path.display().to_string();
        let Ok(doc) = reglament::parse(&bytes, &name) else {
            continue;
        };
        parsed += 1;
        assert_lossless(&doc, bytes.len());
        let problems = validator.document(&serde_json::to_value(&doc).unwrap());
        assert!(problems.is_empty(), "{name}: {problems:?}");
        // The command line's JSON writer is serde_json's, byte for byte.
        let ours = reglament::json::to_string(&doc).unwrap();
        assert!(
            ours == serde_json::to_string(&doc).unwrap(),
            "{name}: JSON differs"
        );
    }
    assert!(parsed > 0, "some saved inputs are text");
}
