//! Acts, notes, stamps and amendment instructions, checked against the seeds
//! as printed (values read off the text, DOMAIN.md §2 and §6).

mod common;

use reglament::act::{ActKind, ActRef, ActStatusValue, InstructionKind, NoteKind, StampKind};
use reglament::Document;

fn seed(prefix: &str) -> Document {
    let path = common::corpus_files()
        .into_iter()
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
        .unwrap();
    reglament::parse(&std::fs::read(&path).unwrap(), prefix).unwrap()
}

/// (authority in the nominative, ISO date, number, kind)
fn summary(r: &ActRef) -> (String, String, String, Option<ActKind>) {
    (
        r.authority
            .as_ref()
            .map(|a| a.nominative.clone())
            .unwrap_or_default(),
        r.date
            .as_ref()
            .and_then(|d| d.iso.clone())
            .unwrap_or_default(),
        r.number
            .as_ref()
            .map(|n| n.text.clone())
            .unwrap_or_default(),
        r.act_type.as_ref().map(|t| t.kind),
    )
}

fn s(a: &str, d: &str, n: &str, k: ActKind) -> (String, String, String, Option<ActKind>) {
    (a.to_owned(), d.to_owned(), n.to_owned(), Some(k))
}

#[test]
fn the_four_acts_metadata() {
    use ActKind::*;
    // (seed, authority, adopted, number, kind, registered, registration number, repealed, repealing number)
    let expected = [
        (
            "000",
            "Алматы қаласы әкімдігі",
            "2019-09-25",
            "3/553",
            Resolution,
            "2019-10-01",
            "1589",
            "2020-09-16",
            "3/372",
        ),
        (
            "001",
            "Ақтөбе облысы әкімдігі",
            "2019-10-18",
            "436",
            Resolution,
            "2019-10-29",
            "6435",
            "2020-01-17",
            "10",
        ),
        (
            "002",
            "Қазақстан Республикасы Инвестиция және даму министрі",
            "2015-05-28",
            "620",
            Order,
            "2015-07-09",
            "11599",
            "2020-10-30",
            "567",
        ),
        (
            "003",
            "Жамбыл облысы әкімдігі",
            "2017-11-27",
            "254",
            Resolution,
            "2017-12-14",
            "3630",
            "2022-11-24",
            "249",
        ),
    ];
    for (prefix, authority, adopted, number, kind, registered, reg_number, repealed, repealing) in
        expected
    {
        let doc = seed(prefix);
        let act = doc
            .act
            .as_ref()
            .unwrap_or_else(|| panic!("{prefix}: no act"));
        assert_eq!(
            act.status.as_ref().unwrap().value,
            ActStatusValue::Repealed,
            "{prefix}"
        );
        assert_eq!(
            act.authority.as_ref().unwrap().nominative,
            authority,
            "{prefix}"
        );
        assert_eq!(
            act.adopted_date.as_ref().unwrap().iso.as_deref(),
            Some(adopted),
            "{prefix}"
        );
        assert_eq!(act.number.as_ref().unwrap().text, number, "{prefix}");
        assert_eq!(act.act_type.as_ref().unwrap().kind, kind, "{prefix}");
        let reg = act.registration.as_ref().unwrap();
        assert_eq!(
            reg.date.as_ref().unwrap().iso.as_deref(),
            Some(registered),
            "{prefix}"
        );
        assert_eq!(reg.number.as_ref().unwrap().text, reg_number, "{prefix}");
        let by = act.repealed_by.as_ref().unwrap();
        assert_eq!(
            by.date.as_ref().unwrap().iso.as_deref(),
            Some(repealed),
            "{prefix}"
        );
        assert_eq!(by.number.as_ref().unwrap().text, repealing, "{prefix}");
    }
    let doc = seed("000");
    let act = doc.act.as_ref().unwrap();
    assert_eq!(
        act.registration
            .as_ref()
            .unwrap()
            .body
            .as_ref()
            .unwrap()
            .text,
        "Алматы қаласы Әділет департаментінде"
    );
    let sig = act.signature.as_ref().unwrap();
    assert_eq!(
        (
            sig.position.as_ref().unwrap().text.as_str(),
            sig.name.as_ref().unwrap().text.as_str()
        ),
        ("Алматы қаласының әкімі", "Б. Сагинтаев")
    );
    assert_eq!(act.enacting_formula.as_ref().unwrap().text, "ҚАУЛЫ ЕТЕДІ");
    assert_eq!(
        seed("002").act.unwrap().enacting_formula.unwrap().text,
        "БҰЙЫРАМЫН"
    );
    // A bare regulation is no act.
    assert!(seed("004").act.is_none());
}

#[test]
fn legal_basis_names_the_laws_with_dates_and_articles() {
    let doc = seed("001");
    let basis = &doc.act.as_ref().unwrap().legal_basis;
    assert_eq!(basis.len(), 2);
    assert_eq!(
        basis[0].title.as_ref().unwrap().text,
        "Қазақстан Республикасындағы жергілікті мемлекеттік басқару және өзін-өзі басқару туралы"
    );
    assert_eq!(
        basis[0].date.as_ref().unwrap().iso.as_deref(),
        Some("2001-01-23")
    );
    assert_eq!(basis[0].articles[0].text, "27-бабына");
    assert_eq!(
        basis[1].title.as_ref().unwrap().text,
        "Мемлекеттік көрсетілетін қызметтер туралы"
    );
    assert_eq!(basis[1].articles[0].text, "16-бабының 3-тармағына");
    let doc = seed("002");
    let basis = &doc.act.as_ref().unwrap().legal_basis;
    assert_eq!(
        basis[0].date.as_ref().unwrap().iso.as_deref(),
        Some("2013-04-15")
    );
    assert_eq!(basis[0].articles[0].text, "10-бабы 2) тармақшасына");
}

#[test]
fn every_note_of_every_seed() {
    use NoteKind::*;
    // (kind, target as printed, resolved node, date, number)
    type Expected<'a> = (
        NoteKind,
        Option<&'a str>,
        Option<&'a str>,
        Option<&'a str>,
        Option<&'a str>,
    );
    let expected: &[(&str, &[Expected])] = &[
        (
            "000",
            &[(Repealed, None, None, Some("2020-09-16"), Some("3/372"))],
        ),
        (
            "001",
            &[(Repealed, None, None, Some("2020-01-17"), Some("10"))],
        ),
        (
            "002",
            &[
                (Repealed, None, None, Some("2020-10-30"), Some("567")),
                (
                    TitleChanged,
                    Some("Бұйрықтың тақырыбы"),
                    Some("title"),
                    Some("2019-09-18"),
                    Some("725"),
                ),
                // Point 1 is printed without its label: nothing to resolve to.
                (
                    NewWording,
                    Some("1-тармақ"),
                    None,
                    Some("2019-09-18"),
                    Some("725"),
                ),
                (
                    Excluded,
                    Some("Регламент"),
                    Some("app1/reg1"),
                    Some("2016-02-16"),
                    Some("195"),
                ),
                (
                    NewWording,
                    Some("Регламент"),
                    Some("app2/reg1"),
                    Some("2019-09-18"),
                    Some("725"),
                ),
                (
                    NewWording,
                    Some("Регламент"),
                    Some("app3/reg1"),
                    Some("2019-09-18"),
                    Some("725"),
                ),
                (
                    NewWording,
                    Some("Регламент"),
                    Some("app4/reg1"),
                    Some("2019-09-18"),
                    Some("725"),
                ),
                (
                    Supplemented,
                    Some("Бұйрық"),
                    Some("doc"),
                    Some("2019-09-18"),
                    Some("725"),
                ),
                (
                    Supplemented,
                    Some("Бұйрық"),
                    Some("doc"),
                    Some("2019-09-18"),
                    Some("725"),
                ),
            ],
        ),
        (
            "003",
            &[
                (Repealed, None, None, Some("2022-11-24"), Some("249")),
                (Editorial, None, None, None, None),
                (
                    NewWording,
                    Some("Регламент"),
                    Some("reg1"),
                    Some("2019-11-22"),
                    Some("269"),
                ),
                (
                    NewWording,
                    Some("Регламент"),
                    Some("reg2"),
                    Some("2019-11-22"),
                    Some("269"),
                ),
            ],
        ),
        (
            "004",
            &[
                (
                    NewWording,
                    Some("Регламент"),
                    Some("reg1"),
                    Some("2016-04-18"),
                    Some("108"),
                ),
                (
                    NewWording,
                    Some("3-тармақ"),
                    Some("reg1/ch1/i3"),
                    Some("2017-01-16"),
                    Some("12"),
                ),
                (
                    NewWording,
                    Some("9-тармақ"),
                    Some("reg1/ch4/i9"),
                    Some("2017-01-16"),
                    Some("12"),
                ),
                (
                    NewWording,
                    Some("2-қосымша"),
                    Some("reg1/app2"),
                    Some("2017-01-16"),
                    Some("12"),
                ),
            ],
        ),
    ];
    for (prefix, notes) in expected {
        let doc = seed(prefix);
        let got: Vec<_> = doc
            .notes
            .iter()
            .map(|n| {
                (
                    n.kind,
                    n.target.as_ref().map(|t| t.text.as_str()),
                    n.target.as_ref().and_then(|t| t.node.as_deref()),
                    n.by.as_ref()
                        .and_then(|b| b.date.as_ref())
                        .and_then(|d| d.iso.as_deref()),
                    n.by.as_ref()
                        .and_then(|b| b.number.as_ref())
                        .map(|f| f.text.as_str()),
                )
            })
            .collect();
        assert_eq!(&got[..], *notes, "{prefix}");
    }
    // The amending act of a note, and its entry-into-force rule.
    let doc = seed("004");
    let by = doc.notes[0].by.as_ref().unwrap();
    assert_eq!(
        by.authority.as_ref().unwrap().nominative,
        "Шығыс Қазақстан облысы әкімдігі"
    );
    assert_eq!(by.act_type.as_ref().unwrap().kind, ActKind::Resolution);
    assert!(doc.notes[0]
        .entry_into_force
        .as_ref()
        .unwrap()
        .text
        .contains("қолданысқа енгізіледі"));
    assert_eq!(doc.notes[1].attached_to, "reg1/ch1/i3");
}

#[test]
fn stamps_tie_appendices_and_regulations_to_their_acts() {
    let doc = seed("000");
    let appendix: Vec<_> = doc
        .stamps
        .iter()
        .filter(|s| s.kind == StampKind::Appendix)
        .collect();
    assert_eq!(appendix.len(), 2);
    assert_eq!(
        summary(appendix[1].act.as_ref().unwrap()),
        s(
            "Алматы қаласы әкімдігі",
            "2019-09-25",
            "3/553",
            ActKind::Resolution
        )
    );
    assert_eq!(
        (appendix[1].label.as_deref(), appendix[1].number),
        (Some("2 қосымша"), Some(2))
    );
    let approval = doc
        .stamps
        .iter()
        .find(|s| s.kind == StampKind::Approval)
        .unwrap();
    assert_eq!(
        summary(approval.act.as_ref().unwrap()),
        s(
            "Алматы қаласы әкімдігі",
            "2015-11-18",
            "4/635",
            ActKind::Resolution
        )
    );
    // A regulation's own appendices name their regulation, and labels normalize to numbers.
    let own: Vec<_> = doc
        .stamps
        .iter()
        .filter(|s| s.kind == StampKind::RegulationAppendix)
        .map(|s| (s.label.clone().unwrap(), s.number, s.regulation.clone()))
        .collect();
    assert_eq!(
        own[0],
        (
            "1- қосымша".to_owned(),
            Some(1),
            Some("app1/reg1".to_owned())
        )
    );
    assert_eq!(
        own[1],
        (
            "2 – қосымша".to_owned(),
            Some(2),
            Some("app1/reg1".to_owned())
        )
    );
    // `Қосымша 1`, `"02" қарашадағы`.
    assert_eq!(seed("002").stamps[0].number, Some(1));
    let approval = &seed("004").stamps[0];
    assert_eq!(
        summary(approval.act.as_ref().unwrap()),
        s(
            "Шығыс Қазақстан облысы әкімдігі",
            "2015-11-02",
            "288",
            ActKind::Resolution
        )
    );
}

#[test]
fn amendment_instructions_of_the_amending_acts() {
    let doc = seed("000");
    let ins = &doc.act.as_ref().unwrap().instructions;
    let kinds: Vec<InstructionKind> = ins.iter().map(|i| i.kind).collect();
    assert_eq!(
        kinds,
        [
            InstructionKind::Delete,
            InstructionKind::Replace,
            InstructionKind::Replace
        ]
    );
    // `1 тармақтағы 4), 5) және 6) тармақшалар алынып тасталсын`.
    let targets: Vec<&str> = ins[0].targets.iter().map(|t| t.text.as_str()).collect();
    assert_eq!(targets, ["1 тармақтағы", "4), 5) және 6) тармақшалар"]);
    let target = ins[0].target_act.as_ref().unwrap();
    assert_eq!(
        summary(target),
        s(
            "Алматы қаласы әкімдігі",
            "2015-11-18",
            "4/635",
            ActKind::Resolution
        )
    );
    assert_eq!(target.registration_number.as_ref().unwrap().text, "1237");
    assert_eq!(
        (ins[1].appendix.as_deref(), ins[1].regulation.as_deref()),
        (Some("app1"), Some("app1/reg1"))
    );
    assert_eq!(
        (ins[2].appendix.as_deref(), ins[2].regulation.as_deref()),
        (Some("app2"), Some("app2/reg1"))
    );

    let doc = seed("001");
    let ins = &doc.act.as_ref().unwrap().instructions;
    assert_eq!(ins.len(), 5);
    assert!(ins.iter().all(|i| i.kind == InstructionKind::Replace));
    let acts: Vec<(String, String)> = ins
        .iter()
        .map(|i| {
            let a = i.target_act.as_ref().unwrap();
            (
                a.number.as_ref().unwrap().text.clone(),
                a.registration_number.as_ref().unwrap().text.clone(),
            )
        })
        .collect();
    assert_eq!(acts[0], ("139".to_owned(), "4350".to_owned()));
    assert_eq!(acts[4], ("88".to_owned(), "4849".to_owned()));
    let regs: Vec<&str> = ins
        .iter()
        .map(|i| i.regulation.as_deref().unwrap())
        .collect();
    assert_eq!(
        regs,
        [
            "app1/reg1",
            "app2/reg1",
            "app3/reg1",
            "app4/reg1",
            "app5/reg1"
        ]
    );

    // `… күші жойылды деп танылсын`.
    for (prefix, number, registration) in [("002", "103", "9396"), ("003", "166", "2738")] {
        let doc = seed(prefix);
        let ins = &doc.act.as_ref().unwrap().instructions;
        assert_eq!(ins.len(), 1, "{prefix}");
        assert_eq!(ins[0].kind, InstructionKind::Repeal);
        let a = ins[0].target_act.as_ref().unwrap();
        assert_eq!(a.number.as_ref().unwrap().text, number);
        assert_eq!(a.registration_number.as_ref().unwrap().text, registration);
    }
}

#[test]
fn an_impossible_date_is_a_diagnostic_not_a_guess() {
    let text = "Бір акт туралы\n\nҚолданыстағы\nАлматы қаласы әкімдігінің 2019 жылғы 31 ақпандағы № 1/1 қаулысы. Алматы қаласы Әділет департаментінде 2019 жылғы 1 қазанда № 1589 болып тіркелді.\n      Алматы қаласының әкімдігі ҚАУЛЫ ЕТЕДІ:\n      1. Осы қаулы қолданысқа енгізіледі.\n";
    let doc = common::parse_text(text);
    let act = doc.act.as_ref().unwrap();
    assert_eq!(act.adopted_date.as_ref().unwrap().iso, None);
    assert!(doc
        .diagnostics
        .iter()
        .any(|d| d.code == "A001" && d.message.contains("31 ақпандағы")));
    assert_eq!(
        act.registration
            .as_ref()
            .unwrap()
            .date
            .as_ref()
            .unwrap()
            .iso
            .as_deref(),
        Some("2019-10-01")
    );
}

/// Headers of other shapes the legal database prints: a maslikhat's
/// decision, a joint order, a ministry's order registered without `болып`.
#[test]
fn headers_of_other_authorities_and_act_types() {
    let cases = [
        (
            "Қарағанды облыстық мәслихатының 2017 жылғы 20 ақпандағы № 145 шешімі. Қарағанды облысының Әділет департаментінде 2017 жылғы 10 наурызда № 4165 болып тіркелді.",
            ("Қарағанды облыстық мәслихаты", "2017-02-20", "145", ActKind::Decision),
            ("2017-03-10", "4165"),
        ),
        (
            "Қазақстан Республикасы Ішкі істер министрінің 2015 жылғы 1 мамырдағы № 416 және Қазақстан Республикасы Ұлттық экономика министрінің 2015 жылғы 2 мамырдағы № 380 бірлескен бұйрығы. Қазақстан Республикасының Әділет министрлігінде 2015 жылы 5 маусымда № 11276 болып тіркелді.",
            ("Қазақстан Республикасы Ішкі істер министрі", "2015-05-01", "416", ActKind::JointOrder),
            ("2015-06-05", "11276"),
        ),
        (
            "Қазақстан Республикасы Денсаулық сақтау министрінің 2015 жылғы 27 сәуірдегі № 272 бұйрығы. Қазақстан Республикасының Әділет министрлігінде 2015 жылы 29 мамырда № 11204 тіркелді.",
            ("Қазақстан Республикасы Денсаулық сақтау министрі", "2015-04-27", "272", ActKind::Order),
            ("2015-05-29", "11204"),
        ),
    ];
    for (metadata, (authority, date, number, kind), (registered, reg_number)) in cases {
        let text = format!("Бір мәселе туралы\n\nҚолданыстағы\n{metadata}\n      Заңға сәйкес ҚАУЛЫ ЕТЕДІ:\n      1. Осы акт қолданысқа енгізіледі.\n");
        let doc = common::parse_text(&text);
        let act = doc.act.as_ref().unwrap();
        assert_eq!(act.status.as_ref().unwrap().value, ActStatusValue::InForce);
        let by = act.authority.as_ref().unwrap();
        assert_eq!(by.nominative, authority, "{metadata}");
        // The span is the words' own bytes in the input.
        assert_eq!(&text[by.span.start..by.span.end], by.text, "{metadata}");
        assert_eq!(
            act.adopted_date.as_ref().unwrap().iso.as_deref(),
            Some(date),
            "{metadata}"
        );
        assert_eq!(act.number.as_ref().unwrap().text, number, "{metadata}");
        assert_eq!(act.act_type.as_ref().unwrap().kind, kind, "{metadata}");
        let reg = act.registration.as_ref().unwrap();
        assert_eq!(
            reg.date.as_ref().unwrap().iso.as_deref(),
            Some(registered),
            "{metadata}"
        );
        assert_eq!(reg.number.as_ref().unwrap().text, reg_number, "{metadata}");
        assert!(act.repealed_by.is_none());
    }
}
