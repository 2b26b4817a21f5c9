//! The checker on the seeds' real defects, and on minimally edited copies
//! of a seed, each with one planted defect found with its span on the
//! planted text.

mod common;

use reglament::lint::{check, Finding};

fn seed_text(prefix: &str) -> String {
    let path = common::corpus_files()
        .into_iter()
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
        .unwrap();
    std::fs::read_to_string(path).unwrap()
}

fn findings(text: &str) -> Vec<Finding> {
    check(&common::parse_text(text))
}

fn has(found: &[Finding], code: &str, line: usize) -> bool {
    found.iter().any(|f| f.code == code && f.line == line)
}

#[test]
fn real_defects_of_seed_002() {
    let found = findings(&seed_text("002"));
    // Two items `8.` in appendix 2; item 8 lists fewer steps than item 5 and
    // two of its sub-items lost their numbers.
    assert!(has(&found, "R001", 233), "{found:#?}");
    assert!(has(&found, "R003", 207));
    assert!(has(&found, "R002", 217));
    // A licence signed in a service that issues a notification (appendix 5).
    let licence = found.iter().find(|f| f.code == "R012").unwrap();
    assert_eq!(licence.line, 899);
    assert!(licence.message.contains("licence") && licence.message.contains("notification"));
    // Appendix 3 has no chapter 4; appendix 6 prints chapter 2's heading as chapter 3's.
    assert!(found.iter().any(|f| f.code == "R014"
        && f.message == "chapter 4 is missing"
        && f.regulation.as_deref() == Some("app3/reg1")));
    assert!(has(&found, "R014", 1151));
    // Item 11 twice in appendices 5 and 6.
    assert!(has(&found, "R001", 1009) && has(&found, "R001", 1301));
}

#[test]
fn real_defects_of_seeds_000_001_003() {
    let found = findings(&seed_text("000"));
    // The title says `жоқ немесе`, item 1 `жоқтығы немесе`.
    assert!(has(&found, "R015", 77), "{found:#?}");
    let found = findings(&seed_text("001"));
    assert!(has(&found, "R014", 1023), "{found:#?}");
    assert!(has(&found, "R015", 744));
    assert_eq!(found.iter().filter(|f| f.code == "R008").count(), 4);
    // Seed 003's first regulation states durations for one step only.
    let found = findings(&seed_text("003"));
    let missing: Vec<usize> = found
        .iter()
        .filter(|f| f.code == "R008" && f.regulation.as_deref() == Some("reg1"))
        .map(|f| f.line)
        .collect();
    assert_eq!(missing, [114, 116, 118, 120, 127, 134, 137, 142]);
    // `4 (төрт) жұмыс күн ішінде` (DOMAIN.md §7.6).
    assert!(
        found
            .iter()
            .any(|f| f.code == "R020" && f.message.contains("4 (төрт) жұмыс күн")),
        "{found:#?}"
    );
}

#[test]
fn a_clean_regulation_has_no_warnings() {
    // Seed 004 has no defect the checker reports as a warning.
    let found = findings(&seed_text("004"));
    let warnings: Vec<_> = found
        .iter()
        .filter(|f| f.severity == reglament::Severity::Warning)
        .collect();
    assert!(warnings.is_empty(), "{warnings:#?}");
}

/// Plant one defect in seed 004 and find it, with its span on the planted text.
fn planted(from: &str, to: &str, code: &str) {
    let original = seed_text("004");
    let at = original
        .find(from)
        .unwrap_or_else(|| panic!("`{from}` not in the seed"));
    let edited = original.replacen(from, to, 1);
    let found = findings(&edited);
    let hit = found
        .iter()
        .find(|f| f.code == code && f.span.start <= at + to.len() && at <= f.span.end)
        .unwrap_or_else(|| panic!("{code} not found at the planted `{to}`: {found:#?}"));
    assert_eq!(hit.code, code);
    assert!(!findings(&original)
        .iter()
        .any(|f| f.code == code && f.severity == reglament::Severity::Warning));
}

#[test]
fn planted_digits_words_disagreement() {
    planted("15 (он бес) минут;", "15 (он төрт) минут;", "R007");
}

#[test]
fn planted_duplicate_item_number() {
    planted(
        "      6. Осы Регламенттің",
        "      5. Осы Регламенттің",
        "R001",
    );
}

#[test]
fn planted_missing_duration() {
    planted(
        "маманға береді. Орындалу ұзақтығы - 2 (екі) сағат ішінде; ",
        "маманға береді; ",
        "R008",
    );
}

#[test]
fn planted_unresolved_reference() {
    planted(
        "осы \n\nРегламенттің 1-қосымшасына",
        "осы \n\nРегламенттің 3-қосымшасына",
        "R013",
    );
}

#[test]
fn planted_term_exceeded() {
    planted(
        "Орындалу ұзақтығы - 5 (бес) жұмыс күні ішінде; \n\n      6 - іс-қимыл",
        "Орындалу ұзақтығы - 25 (жиырма бес) жұмыс күні ішінде; \n\n      6 - іс-қимыл",
        "R011",
    );
}

#[test]
fn planted_title_mismatch() {
    planted(
        "      1. \"Жер учаскесінің нысаналы мақсатын өзгертуге",
        "      1. \"Жер учаскесінің нысаналы мақсатын өзгертуге рұқсат",
        "R015",
    );
}

#[test]
fn every_code_is_documented_and_every_finding_has_a_rule() {
    for path in common::corpus_files() {
        let found = findings(&std::fs::read_to_string(path).unwrap());
        for f in found {
            let rule =
                reglament::lint::rule(f.code).unwrap_or_else(|| panic!("{} has no rule", f.code));
            assert_eq!(rule.severity, f.severity, "{}", f.code);
            assert!(f.help.is_some());
            assert!(f.line >= 1 && f.column >= 1);
        }
    }
    let codes: Vec<&str> = reglament::lint::RULES.iter().map(|r| r.code).collect();
    let mut sorted = codes.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(codes, sorted, "codes are unique and in order");
}

/// The README's table lists every rule with its severity and summary.
#[test]
fn the_readme_documents_every_rule() {
    let readme =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
            .unwrap();
    for rule in reglament::lint::RULES {
        let row = format!(
            "| `{}` | {} | {} |",
            rule.code,
            rule.severity.name(),
            rule.summary
        );
        assert!(readme.contains(&row), "README lacks the row {row}");
    }
}

#[test]
fn item_8_against_item_5_and_the_actors_in_seed_002() {
    let found = findings(&seed_text("002"));
    // Appendix 3: item 8 gives 15 minutes where item 5 gives 10, names
    // another performer, and words step 3 as another procedure.
    assert!(
        found.iter().any(|f| f.code == "R005"
            && f.line == 491
            && f.message.contains("10 (он) минут")
            && f.message.contains("15 (он бес) минут")),
        "{found:#?}"
    );
    assert!(has(&found, "R006", 494));
    assert!(has(&found, "R004", 505));
    // Appendix 2 lists an office employee who never appears in a step.
    assert!(found
        .iter()
        .any(|f| f.code == "R010" && f.line == 199 && f.message.contains("кеңсе қызметкері")));
}

#[test]
fn displaced_text_unplaced_text_dates_and_instructions() {
    // Seed 000's preamble ends `ҚАУЛЫ ЕТЕДІ:туралы`.
    assert!(has(&findings(&seed_text("000")), "R017", 18));
    // A line after the title that is no part of the structure.
    let unplaced = "Алматы қаласы әкімдігінің 2015 жылғы 18 қарашадағы\n№ 4/635 қаулысымен бекітілген\n\"Рұқсат беру\" мемлекеттік көрсетілетін қызмет регламенті\nБір түсініксіз жол.\n\n1. Жалпы ережелер\n\n      1. Қызметті әкімдік көрсетеді.\n";
    assert!(findings(unplaced)
        .iter()
        .any(|f| f.code == "R016" && f.line == 4));
    // An impossible date, and an instruction that says what but not how.
    let act = "Бір акт туралы\n\nҚолданыстағы\nАлматы қаласы әкімдігінің 2019 жылғы 31 ақпандағы № 1/1 қаулысы.\n      Алматы қаласының әкімдігі ҚАУЛЫ ЕТЕДІ:\n      1. Алматы қаласы әкімдігінің 2015 жылғы 18 қарашадағы № 4/635 қаулысына өзгерістер енгізілсін:\n      2 тармақ басқаша жазылсын;\n      2. Осы қаулы қолданысқа енгізіледі.\n";
    let found = findings(act);
    assert!(found.iter().any(|f| f.code == "R018"), "{found:#?}");
    assert!(found.iter().any(|f| f.code == "R019"), "{found:#?}");
}
