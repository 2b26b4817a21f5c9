//! Workflow extraction checked against the seeds as a reader reads them:
//! every value below was read off the text, not off the parser's output.

mod common;

use reglament::duration::{Bound, Unit};
use reglament::workflow::{ChannelKind, FlowChannel, Form, ResultType, StepType, Workflow};
use reglament::Document;

fn seed(prefix: &str) -> Document {
    let path = common::corpus_files()
        .into_iter()
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
        .unwrap();
    reglament::parse(&std::fs::read(&path).unwrap(), prefix).unwrap()
}

fn durations(w: &Workflow) -> Vec<Vec<(u32, Unit)>> {
    w.steps
        .iter()
        .map(|s| s.durations.iter().map(|d| (d.value, d.unit)).collect())
        .collect()
}

fn short(id: &Option<String>) -> Option<&str> {
    id.as_deref().and_then(|i| i.split('#').nth(1))
}

#[test]
fn land_purpose_regulation_of_seed_004() {
    let doc = seed("004");
    let w = &doc.regulations[0];
    assert_eq!(
        w.service_name.as_ref().unwrap().text,
        "Жер учаскесінің нысаналы мақсатын өзгертуге шешім беру"
    );
    assert!(w
        .provider
        .as_ref()
        .unwrap()
        .text
        .ends_with("ауылдық округтердің әкімдері"));
    let channels: Vec<ChannelKind> = w.channels.iter().map(|c| c.kind).collect();
    assert_eq!(
        channels,
        [
            ChannelKind::ProviderOffice,
            ChannelKind::StateCorporation,
            ChannelKind::Portal
        ]
    );
    assert_eq!(
        w.form.as_ref().unwrap().values,
        [Form::ElectronicPartial, Form::Paper]
    );
    assert_eq!(
        w.result.as_ref().unwrap().types,
        [ResultType::Resolution, ResultType::MotivatedRefusal]
    );
    // `30 (отыз) күнтізбелік күнге дейін (немесе 22 (жиырма екі) жұмыс күні)`.
    let term = &w.term.as_ref().unwrap().durations;
    assert_eq!(
        (term[0].value, term[0].unit, term[0].bound),
        (30, Unit::CalendarDay, Bound::UpTo)
    );
    assert_eq!(
        (term[1].value, term[1].unit, term[1].alternative_of),
        (22, Unit::WorkingDay, Some(0))
    );
    assert_eq!(term[0].iso8601.as_deref(), Some("P30D"));
    assert_eq!(term[1].iso8601, None);
    assert_eq!(w.actors.len(), 7);
    assert_eq!(w.actors[6].name, "маман");
    let labels: Vec<&str> = w
        .steps
        .iter()
        .map(|s| s.label.as_deref().unwrap_or(""))
        .collect();
    assert_eq!(
        labels,
        [
            "1 - іс-қимыл",
            "1 - шарт",
            "2 - іс-қимыл",
            "3 - іс-қимыл",
            "4 - іс-қимыл",
            "5 - іс-қимыл",
            "6 - іс-қимыл",
            "7 - іс-қимыл",
            "8 - іс-қимыл",
            "9 - іс-қимыл",
            "10 - іс-қимыл"
        ]
    );
    assert_eq!(w.steps[1].kind, StepType::Condition);
    use Unit::*;
    assert_eq!(
        durations(w),
        [
            vec![(15, Minute)],
            vec![(2, WorkingDay)],
            vec![(1, WorkingDay)],
            vec![(2, Hour)],
            vec![(2, WorkingDay)],
            vec![(5, WorkingDay)],
            vec![(1, WorkingDay)],
            vec![(4, WorkingDay)],
            vec![(2, WorkingDay)],
            vec![(5, WorkingDay)],
            vec![(1, WorkingDay)],
        ]
    );
    // Performers: the office employee (genitive before a verbal noun), the
    // head, the specialist, the commission.
    assert_eq!(short(&w.steps[0].actor), Some("actor1"));
    assert_eq!(short(&w.steps[2].actor), Some("actor2"));
    assert_eq!(short(&w.steps[4].actor), Some("actor7"));
    assert_eq!(short(&w.steps[7].actor), Some("actor5"));
    // The words of a duration point back at the input.
    let text = std::fs::read_to_string(
        common::corpus_files()
            .into_iter()
            .find(|p| p.to_string_lossy().contains("004_"))
            .unwrap(),
    )
    .unwrap();
    let d = &w.steps[0].durations[0];
    assert_eq!(&text[d.span.start..d.span.end], "15 (он бес) минут");
    // Two flows in chapter 4: the State Corporation's and the portal's.
    let channels: Vec<FlowChannel> = w.flows.iter().map(|f| f.channel).collect();
    assert_eq!(
        channels,
        [FlowChannel::StateCorporation, FlowChannel::Portal]
    );
    let portal = &w.flows[1];
    let condition = portal
        .steps
        .iter()
        .find(|s| s.label.as_deref() == Some("1 - шарт"))
        .unwrap();
    let failure = portal
        .steps
        .iter()
        .find(|s| Some(&s.id) == condition.on_failure.as_ref())
        .unwrap();
    assert_eq!(failure.label.as_deref(), Some("2 - процесс"));
}

#[test]
fn seed_000_conclusion_and_permit() {
    let doc = seed("000");
    assert_eq!(doc.regulations.len(), 2);
    for w in &doc.regulations {
        use Unit::*;
        assert_eq!(
            durations(w),
            [
                vec![(15, Minute)],
                vec![(2, Hour)],
                vec![(2, Hour)],
                vec![(8, WorkingDay)],
                vec![(1, Hour)],
                vec![(1, Hour)]
            ]
        );
        assert_eq!(w.form.as_ref().unwrap().values, [Form::ElectronicFull]);
        assert!(w.free_of_charge.as_ref().unwrap().value);
        let term = &w.term.as_ref().unwrap().durations;
        assert_eq!((term[0].value, term[0].unit), (9, WorkingDay));
        assert_eq!(
            w.provider.as_ref().unwrap().text,
            "\"Алматы қаласы Жасыл экономика басқармасы\" коммуналдық мемлекеттік мекемесі"
        );
        // Item 6 gives each step's result.
        assert!(w.steps.iter().all(|s| s.result.is_some()));
        assert_eq!(w.flows.len(), 1);
        assert_eq!(w.flows[0].steps.len(), 11);
    }
    assert!(doc.regulations[0]
        .result
        .as_ref()
        .unwrap()
        .types
        .contains(&ResultType::Conclusion));
    assert_eq!(
        doc.regulations[1].result.as_ref().unwrap().types,
        [ResultType::Permit, ResultType::MotivatedRefusal]
    );
    assert_eq!(
        doc.regulations[1].service_name.as_ref().unwrap().text,
        "Пайдалы қазбалар жатқан аумақтарда құрылыс салуға рұқсат беру"
    );
}

#[test]
fn seed_002_calendar_days_in_parentheses_and_the_excluded_stub() {
    let doc = seed("002");
    assert_eq!(doc.regulations.len(), 6);
    let stub = &doc.regulations[0];
    assert!(stub.steps.is_empty() && stub.actors.is_empty() && stub.form.is_none());
    let w = &doc.regulations[4];
    use Unit::*;
    // `1 (\nкүнтізбелік) күні`, `20 ( күнтізбелік) күні`, `(күнтізбелі\n) күні`.
    assert_eq!(
        durations(w),
        [
            vec![(15, Minute)],
            vec![],
            vec![(1, CalendarDay)],
            vec![(1, Hour)],
            vec![(20, CalendarDay)],
            vec![(5, CalendarDay)],
            vec![(1, CalendarDay)],
            vec![(1, Hour)],
            vec![(1, CalendarDay)],
            vec![(1, Hour)],
        ]
    );
    assert_eq!(w.steps[1].kind, StepType::Paragraph);
    assert_eq!(
        w.result.as_ref().unwrap().types,
        [ResultType::Notification, ResultType::MotivatedRefusal]
    );
    // Item 8 differs from item 5 in appendix 2: reported, naming both.
    let differ: Vec<&str> = doc
        .diagnostics
        .iter()
        .filter(|d| d.code == "X002")
        .map(|d| d.message.as_str())
        .collect();
    assert!(
        differ.contains(&"item 5. lists 6 numbered steps, item 8. lists 4"),
        "{differ:?}"
    );
}

#[test]
fn seed_001_results_after_each_step_and_sub_cases() {
    let doc = seed("001");
    let w = &doc.regulations[3];
    // `нәтижесі-…` paragraphs are the results of the step before.
    assert_eq!(w.steps.len(), 8);
    assert!(w.steps[0]
        .result
        .as_ref()
        .unwrap()
        .text
        .starts_with("қабылдау, тіркеу және басшыға"));
    assert_eq!(
        w.result.as_ref().unwrap().types,
        [ResultType::Attestation, ResultType::MotivatedRefusal]
    );
    let first = &doc.regulations[0];
    let kinds: Vec<StepType> = first.steps.iter().map(|s| s.kind).collect();
    use StepType::*;
    assert_eq!(
        kinds,
        [Action, Action, Action, Paragraph, Paragraph, Paragraph, Action]
    );
    assert_eq!(first.steps[4].durations[0].value, 4);
    assert!(first
        .start_basis
        .as_ref()
        .unwrap()
        .text
        .starts_with("Мемлекеттік қызметті алу үшін"));
}

#[test]
fn every_duration_has_a_positive_value_and_a_span_on_its_words() {
    for path in common::corpus_files() {
        let text = std::fs::read_to_string(&path).unwrap();
        let doc = reglament::parse(text.as_bytes(), "x").unwrap();
        for w in &doc.regulations {
            let mut all: Vec<(&str, &reglament::workflow::Duration)> = Vec::new();
            all.extend(
                w.steps
                    .iter()
                    .flat_map(|s| s.durations.iter().map(move |d| (s.id.as_str(), d))),
            );
            all.extend(
                w.flows
                    .iter()
                    .flat_map(|f| f.steps.iter())
                    .flat_map(|s| s.durations.iter().map(move |d| (s.id.as_str(), d))),
            );
            all.extend(
                w.term
                    .iter()
                    .flat_map(|t| t.durations.iter())
                    .map(|d| (w.id.as_str(), d)),
            );
            for (id, d) in all {
                {
                    // The span holds exactly the printed words of the
                    // duration (line breaks and Latin look-alikes aside).
                    let squash = |t: &str| {
                        t.replace('i', "і")
                            .split_whitespace()
                            .collect::<Vec<_>>()
                            .join(" ")
                            .replace("( ", "(")
                            .replace(" )", ")")
                    };
                    let printed = squash(&text[d.span.start..d.span.end]);
                    assert!(d.value > 0, "{id}");
                    assert_eq!(printed, squash(&d.text), "{id}");
                }
            }
        }
    }
}

/// What a reader counts — service, form, term, actors, each step's label
/// and durations, flows — does not change with the layout.
fn essentials(doc: &Document) -> Vec<String> {
    doc.regulations
        .iter()
        .map(|w| {
            let steps: Vec<String> = w
                .steps
                .iter()
                .map(|s| {
                    let ds: Vec<String> = s
                        .durations
                        .iter()
                        .map(|d| format!("{}{:?}{:?}", d.value, d.unit, d.bound))
                        .collect();
                    format!(
                        "{:?}/{:?}/{}/{}",
                        s.kind,
                        s.label,
                        ds.join("+"),
                        short(&s.actor).unwrap_or("-")
                    )
                })
                .collect();
            format!(
                "{:?} | {:?} | {:?} | {:?} | {:?} | {} | {:?}",
                w.service_name.as_ref().map(|f| &f.text),
                w.form.as_ref().map(|f| &f.values),
                w.term.as_ref().map(|t| t
                    .durations
                    .iter()
                    .map(|d| (d.value, d.unit))
                    .collect::<Vec<_>>()),
                w.actors.iter().map(|a| &a.name).collect::<Vec<_>>(),
                w.result.as_ref().map(|r| &r.types),
                steps.join(" ; "),
                w.flows
                    .iter()
                    .map(|f| (f.channel, f.steps.len()))
                    .collect::<Vec<_>>()
            )
        })
        .collect()
}

#[test]
fn layout_does_not_change_the_workflows() {
    for path in common::corpus_files() {
        let text = std::fs::read_to_string(&path).unwrap();
        let original = essentials(&common::parse_text(&text));
        for (name, variant) in [
            ("crlf", common::crlf(&text)),
            ("double-spaced", common::double_spaced(&text)),
            ("without blank lines", common::without_blank_lines(&text)),
            ("re-wrapped at 60", common::rewrapped(&text, 60)),
            ("re-wrapped at 120", common::rewrapped(&text, 120)),
        ] {
            let got = essentials(&common::parse_text(&variant));
            for (a, b) in original.iter().zip(got.iter()) {
                assert_eq!(a, b, "{} {name}", path.display());
            }
            assert_eq!(original.len(), got.len());
        }
    }
}
