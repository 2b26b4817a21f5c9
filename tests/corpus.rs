//! The corpus: every seed parsed, snapshotted and checked against what the
//! documents really contain (read off the text), in every layout.

mod common;

use common::*;
use reglament::{NodeKind, Severity};

/// Reviewed snapshots of each seed: the outline with the diagnostics, the
/// JSON tree, and the workflow definitions.
#[test]
fn outline_snapshots() {
    insta::glob!("../corpus", "*.txt", |path| {
        let doc = parse_seed(path);
        let mut shown = reglament::output::outline(&doc);
        shown.push_str("\ndiagnostics:\n");
        for d in &doc.diagnostics {
            shown.push_str(&format!(
                "{}:{}: {}[{}]: {}\n",
                d.line,
                d.column,
                d.severity.name(),
                d.code,
                d.message
            ));
        }
        insta::assert_snapshot!(shown);
    });
}

#[test]
fn tree_snapshots() {
    insta::glob!("../corpus", "*.txt", |path| {
        insta::assert_json_snapshot!(parse_seed(path).tree);
    });
}

#[test]
fn workflow_snapshots() {
    insta::glob!("../corpus", "*.txt", |path| {
        insta::assert_json_snapshot!(parse_seed(path).regulations);
    });
}

fn parse_seed(path: &std::path::Path) -> reglament::Document {
    let bytes = std::fs::read(path).unwrap();
    let name = format!("corpus/{}", path.file_name().unwrap().to_string_lossy());
    reglament::parse(&bytes, &name).unwrap()
}

#[test]
fn every_seed_is_lossless() {
    for path in corpus_files() {
        let bytes = std::fs::read(&path).unwrap();
        let doc = reglament::parse(&bytes, &path.display().to_string()).unwrap();
        assert_lossless(&doc, bytes.len());
    }
}

#[test]
fn layout_variants_are_lossless_too() {
    for path in corpus_files() {
        let text = std::fs::read_to_string(&path).unwrap();
        for variant in [
            crlf(&text),
            without_blank_lines(&text),
            double_spaced(&text),
            rewrapped(&text, 60),
        ] {
            let doc = parse_text(&variant);
            assert_lossless(&doc, variant.len());
        }
    }
}

#[test]
fn layout_does_not_change_the_tree() {
    for path in corpus_files() {
        let text = std::fs::read_to_string(&path).unwrap();
        let original = content(&parse_text(&text).tree);
        for (name, variant) in [
            ("crlf", crlf(&text)),
            ("without blank lines", without_blank_lines(&text)),
            ("double-spaced", double_spaced(&text)),
        ] {
            let got = content(&parse_text(&variant).tree);
            assert_eq!(got, original, "{}: {name}", path.display());
        }
    }
}

#[test]
fn rewrapping_keeps_the_skeleton() {
    for path in corpus_files() {
        let text = std::fs::read_to_string(&path).unwrap();
        let original = skeleton(&parse_text(&text).tree);
        for width in [40, 60, 120, 200] {
            let got = skeleton(&parse_text(&rewrapped(&text, width)).tree);
            if got != original {
                let diff = similar_lines(&original, &got);
                panic!("{} re-wrapped at {width}:\n{diff}", path.display());
            }
        }
    }
}

fn similar_lines(a: &[String], b: &[String]) -> String {
    let mut out = String::new();
    for (n, (x, y)) in a.iter().zip(b.iter()).enumerate() {
        if x != y {
            out.push_str(&format!("node {n}: {x}  ≠  {y}\n"));
            if out.len() > 2000 {
                break;
            }
        }
    }
    if a.len() != b.len() {
        out.push_str(&format!("{} nodes vs {}\n", a.len(), b.len()));
    }
    out
}

/// Per seed: the regulations, each with its chapters and items as printed
/// (read off the text by hand, not off the parser's output).
#[test]
fn regulations_chapters_and_items_as_printed() {
    // (seed prefix, [(chapters, items in print order)])
    type Regulation<'a> = (&'a [u32], &'a [u32]);
    let expected: &[(&str, &[Regulation])] = &[
        (
            "000",
            &[
                (&[1, 2, 3, 4], &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]),
                (&[1, 2, 3, 4], &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]),
            ],
        ),
        (
            "001",
            &[
                (&[1, 2, 3, 4], &[1, 2, 3, 4, 5, 6, 7, 8, 9]),
                (&[1, 2, 3, 4], &[1, 2, 3, 4, 5, 6, 7, 8, 9]),
                (&[1, 2, 3, 4], &[1, 2, 3, 4, 5, 6, 7, 8, 9]),
                (&[1, 2, 3, 4], &[1, 2, 3, 4, 5, 6, 7, 8]),
                (&[1, 2, 3, 4], &[1, 2, 3, 4, 5, 6, 7, 8]),
            ],
        ),
        (
            "002",
            &[
                (&[], &[]),
                (&[1, 2, 3, 4], &[1, 2, 3, 4, 5, 6, 7, 8, 8, 9, 10]),
                (&[1, 2, 3], &[1, 2, 3, 4, 5, 6, 7, 8, 9]),
                (&[1, 2, 3, 4], &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]),
                (&[1, 2, 3, 4], &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 11]),
                (&[1, 2, 3, 4], &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 11]),
            ],
        ),
        (
            "003",
            &[
                (&[1, 2, 3, 4], &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]),
                (
                    &[1, 2, 3, 4],
                    &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
                ),
            ],
        ),
        (
            "004",
            &[(&[1, 2, 3, 4], &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])],
        ),
    ];
    let mut total = 0;
    for path in corpus_files() {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let (_, regs) = expected.iter().find(|(p, _)| name.starts_with(p)).unwrap();
        let doc = reglament::parse(&std::fs::read(&path).unwrap(), &name).unwrap();
        let found = regulations(&doc.tree);
        assert_eq!(found.len(), regs.len(), "{name}: regulations");
        for (reg, (chapters, items)) in found.iter().zip(regs.iter()) {
            let got_chapters: Vec<u32> = reg
                .children
                .iter()
                .filter(|c| c.kind == NodeKind::Chapter)
                .filter_map(|c| c.number)
                .collect();
            assert_eq!(&got_chapters, chapters, "{name} {}: chapters", reg.id);
            let got_items: Vec<u32> = reg
                .walk()
                .filter(|n| n.kind == NodeKind::Item)
                .filter_map(|n| n.number)
                .collect();
            assert_eq!(&got_items, items, "{name} {}: items", reg.id);
            assert!(
                reg.walk().all(|n| n.kind != NodeKind::Unparsed),
                "{name} {}: unparsed text inside a regulation",
                reg.id
            );
        }
        total += found.len();
    }
    assert_eq!(total, 16, "16 regulations in the seeds");
}

#[test]
fn the_excluded_regulation_is_a_stub() {
    let path = corpus_files()
        .into_iter()
        .find(|p| p.to_string_lossy().contains("002_"))
        .unwrap();
    let doc = reglament::parse(&std::fs::read(&path).unwrap(), "002").unwrap();
    let statuses: Vec<_> = regulations(&doc.tree).iter().map(|r| r.status).collect();
    use reglament::model::RegulationStatus::*;
    assert_eq!(
        statuses,
        vec![
            Some(Excluded),
            Some(Active),
            Some(Active),
            Some(Active),
            Some(Active),
            Some(Active)
        ]
    );
}

/// DOMAIN.md §7.3: the displaced link text comes back to its place.
#[test]
fn displaced_links_are_repaired_in_the_seeds() {
    let expectations = [
        ("000_", "Регламенттің 1 қосымшасына сәйкес диаграммасында келтірілген."),
        ("000_", "Стандарттың 10-тармағында көзделген жағдайларда"),
        ("000_", "Регламенттің 2-қосымшасына сәйкес көрсетіледі."),
        ("000_", "16.09.2020 № 3/372 (алғаш ресми жарияланған күнінен кейін күнтізбелік он күн өткен соң қолданысқа енгізіледі) қаулысымен."),
        ("001_", "Стандарттың 9-тармағында көрсетілген құжаттарды ұсынады."),
        ("001_", "Стандарттың 10-тармағына сәйкес дәлелді жауап дайындайды"),
        ("002_", "18.09.2019 № 725 (алғашқы ресми"),
        ("002_", "осы бұйрыққа 2-қосымшаға сәйкес \"Тарату қорын пайдалануға рұқсат беру\" мемлекеттік"),
        ("003_", "24.11.2022 № 249 (алғашқы ресми"),
        ("003_", "№ 18-03/390 бұйрығымен (Нормативтік"),
    ];
    let docs: Vec<_> = corpus_files()
        .into_iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            let doc = reglament::parse(&std::fs::read(&p).unwrap(), &name).unwrap();
            (name, doc)
        })
        .collect();
    for (seed, phrase) in expectations {
        let (_, doc) = docs.iter().find(|(n, _)| n.starts_with(seed)).unwrap();
        let found = doc
            .tree
            .leaves()
            .any(|n| n.text.as_deref().is_some_and(|t| t.contains(phrase)));
        assert!(found, "{seed}: `{phrase}` not in any node");
    }
}

#[test]
fn numbering_defects_of_the_source_are_warned() {
    let path = corpus_files()
        .into_iter()
        .find(|p| p.to_string_lossy().contains("002_"))
        .unwrap();
    let doc = reglament::parse(&std::fs::read(&path).unwrap(), "002").unwrap();
    let warnings: Vec<_> = doc
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning && d.code == "S001")
        .map(|d| (d.line, d.message.as_str()))
        .collect();
    assert!(
        warnings.contains(&(233, "item number 8 repeats (first at line 207)")),
        "{warnings:?}"
    );
    assert!(
        warnings.contains(&(1301, "item number 11 repeats (first at line 1259)")),
        "{warnings:?}"
    );
    // Item 8 of appendix 2 repeats item 5, but two of its sub-items lost
    // their numbers (DOMAIN.md §7.6).
    let unnumbered: Vec<usize> = doc
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning && d.code == "S003")
        .map(|d| d.line)
        .collect();
    assert!(unnumbered.contains(&217), "{unnumbered:?}");
    // A step's result (`нәтижесі-…`, seed 001) is not a lost number.
    let path = corpus_files()
        .into_iter()
        .find(|p| p.to_string_lossy().contains("001_"))
        .unwrap();
    let doc = reglament::parse(&std::fs::read(&path).unwrap(), "001").unwrap();
    assert!(!doc
        .diagnostics
        .iter()
        .any(|d| d.severity == Severity::Warning && d.code == "S003"));
}

#[test]
fn homoglyphs_are_gone_from_normalized_text() {
    for path in corpus_files() {
        let doc = reglament::parse(&std::fs::read(&path).unwrap(), "x").unwrap();
        for node in doc.tree.walk() {
            if let Some(t) = &node.text {
                assert!(!t.contains("Мемлекеттiк"), "{}: {t}", node.id);
                assert!(!t.contains("Aлматы"), "{}: {t}", node.id);
            }
        }
    }
}

/// Cut and mangled seeds still give a lossless tree and never panic.
#[test]
fn mutated_seeds_never_panic() {
    for path in corpus_files() {
        let bytes = std::fs::read(&path).unwrap();
        let step = (bytes.len() / 97).max(1);
        for cut in (1..bytes.len()).step_by(step) {
            if let Ok(doc) = reglament::parse(&bytes[..cut], "cut") {
                assert_lossless(&doc, cut);
            }
        }
        let text = String::from_utf8(bytes).unwrap();
        let lines: Vec<&str> = text.split('\n').collect();
        for k in (0..lines.len()).step_by(7) {
            let mut mangled = lines.clone();
            mangled.remove(k);
            if k + 3 < mangled.len() {
                mangled.swap(k, k + 3);
                mangled.insert(k, lines[k / 2]);
            }
            let t = mangled.join("\n");
            let doc = parse_text(&t);
            assert_lossless(&doc, t.len());
        }
    }
}

/// Every committed snapshot belongs to a corpus file: none is stale.
#[test]
fn no_stale_snapshots() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    let seeds: Vec<String> = corpus_files()
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    for entry in std::fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            name.ends_with(".snap"),
            "{name}: pending or foreign file among snapshots"
        );
        let seed = name
            .split('@')
            .nth(1)
            .unwrap_or("")
            .trim_end_matches(".snap");
        assert!(
            seeds.iter().any(|s| s == seed),
            "{name}: no corpus file {seed}"
        );
    }
}

/// Every node's text maps back inside the node's own span.
#[test]
fn text_maps_back_inside_the_node() {
    for path in corpus_files() {
        let text = std::fs::read_to_string(&path).unwrap();
        for variant in [text.clone(), crlf(&text)] {
            let mut bytes = vec![0xEF, 0xBB, 0xBF];
            bytes.extend_from_slice(variant.as_bytes());
            let doc = reglament::parse(&bytes, "bom").unwrap();
            for node in doc.tree.walk() {
                let Some(t) = &node.text else { continue };
                let Some(span) = node.source_span(0..t.len()) else {
                    continue;
                };
                assert!(
                    node.span.start <= span.start && span.end <= node.span.end,
                    "{}: text maps to {span:?} outside {:?}",
                    node.id,
                    node.span
                );
            }
        }
    }
}

/// The CLI writes documents with `reglament::json`, which must give
/// serde_json's text byte for byte: every seed (and its CRLF variant),
/// compact and pretty, alone and all in one array.
#[test]
fn json_output_is_serde_jsons_byte_for_byte() {
    let mut docs = Vec::new();
    for path in corpus_files() {
        let bytes = std::fs::read(&path).unwrap();
        let crlf_bytes = crlf(&String::from_utf8(bytes.clone()).unwrap()).into_bytes();
        for input in [bytes, crlf_bytes] {
            let doc = reglament::parse(&input, &path.display().to_string()).unwrap();
            let name = path.display();
            let mut ours = Vec::new();
            reglament::json::to_writer(&mut ours, &doc).unwrap();
            assert!(
                ours == serde_json::to_vec(&doc).unwrap(),
                "{name}: compact JSON differs from serde_json's"
            );
            let mut ours = Vec::new();
            reglament::json::to_writer_pretty(&mut ours, &doc).unwrap();
            assert!(
                ours == serde_json::to_vec_pretty(&doc).unwrap(),
                "{name}: pretty JSON differs from serde_json's"
            );
            assert!(
                reglament::output::json_line(&doc) == serde_json::to_string(&doc).unwrap(),
                "{name}: JSON line differs from serde_json's"
            );
            docs.push(doc);
        }
    }
    assert!(
        reglament::output::json_array(&docs) == serde_json::to_string_pretty(&docs).unwrap(),
        "the array of all seeds differs from serde_json's"
    );
}
