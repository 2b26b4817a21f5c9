//! A fully populated workflow document, built by hand: seed 001's tree with
//! three regulations whose every optional field is set, every list is
//! non-empty and every enum variant appears at least once. The schema, the
//! validator and `show` are tested on it while extraction still leaves
//! fields empty. Node ids and spans are real ones of seed 001, so the
//! document is valid in every respect.

#![allow(dead_code)]

use reglament::duration::{Bound, Unit};
use reglament::model::{RegulationStatus, Span};
use reglament::workflow::*;
use reglament::{Document, Node, NodeKind};

pub const UNITS: [Unit; 7] = [
    Unit::Minute,
    Unit::Hour,
    Unit::WorkingDay,
    Unit::CalendarDay,
    Unit::Day,
    Unit::Month,
    Unit::Year,
];
pub const BOUNDS: [Bound; 5] = [
    Bound::Exact,
    Bound::Within,
    Bound::UpTo,
    Bound::NotLaterThan,
    Bound::NotExceeding,
];
pub const CHANNELS: [ChannelKind; 4] = [
    ChannelKind::ProviderOffice,
    ChannelKind::StateCorporation,
    ChannelKind::Portal,
    ChannelKind::Other,
];
pub const FORMS: [Form; 4] = [
    Form::ElectronicFull,
    Form::ElectronicPartial,
    Form::Electronic,
    Form::Paper,
];
pub const RESULT_TYPES: [ResultType; 15] = [
    ResultType::Licence,
    ResultType::ReissuedLicence,
    ResultType::Permit,
    ResultType::Certificate,
    ResultType::Resolution,
    ResultType::Decision,
    ResultType::Conclusion,
    ResultType::Notification,
    ResultType::Reference,
    ResultType::Copy,
    ResultType::Agreement,
    ResultType::Registration,
    ResultType::Letter,
    ResultType::Attestation,
    ResultType::MotivatedRefusal,
];
pub const DELIVERY_FORMS: [DeliveryForm; 3] = [
    DeliveryForm::Electronic,
    DeliveryForm::Paper,
    DeliveryForm::ElectronicOrPaper,
];
pub const STEP_TYPES: [StepType; 4] = [
    StepType::Action,
    StepType::Condition,
    StepType::Process,
    StepType::Paragraph,
];
pub const FLOW_CHANNELS: [FlowChannel; 4] = [
    FlowChannel::Portal,
    FlowChannel::StateCorporation,
    FlowChannel::Provider,
    FlowChannel::Other,
];
pub const STATUSES: [RegulationStatus; 2] = [RegulationStatus::Active, RegulationStatus::Excluded];

/// Never called: a new variant makes one of these matches non-exhaustive,
/// so the lists above (and the schema) cannot silently fall behind the code.
#[allow(clippy::too_many_arguments)]
fn every_variant_is_listed(
    unit: Unit,
    bound: Bound,
    channel: ChannelKind,
    form: Form,
    result: ResultType,
    delivery: DeliveryForm,
    step: StepType,
    flow: FlowChannel,
    status: RegulationStatus,
) {
    use Unit::*;
    match unit {
        Minute | Hour | WorkingDay | CalendarDay | Day | Month | Year => {}
    }
    match bound {
        Bound::Exact | Bound::Within | Bound::UpTo | Bound::NotLaterThan | Bound::NotExceeding => {}
    }
    match channel {
        ChannelKind::ProviderOffice
        | ChannelKind::StateCorporation
        | ChannelKind::Portal
        | ChannelKind::Other => {}
    }
    match form {
        Form::ElectronicFull | Form::ElectronicPartial | Form::Electronic | Form::Paper => {}
    }
    match result {
        ResultType::Licence
        | ResultType::ReissuedLicence
        | ResultType::Permit
        | ResultType::Certificate
        | ResultType::Resolution
        | ResultType::Decision
        | ResultType::Conclusion
        | ResultType::Notification
        | ResultType::Reference
        | ResultType::Copy
        | ResultType::Agreement
        | ResultType::Registration
        | ResultType::Letter
        | ResultType::Attestation
        | ResultType::MotivatedRefusal => {}
    }
    match delivery {
        DeliveryForm::Electronic | DeliveryForm::Paper | DeliveryForm::ElectronicOrPaper => {}
    }
    match step {
        StepType::Action | StepType::Condition | StepType::Process | StepType::Paragraph => {}
    }
    match flow {
        FlowChannel::Portal
        | FlowChannel::StateCorporation
        | FlowChannel::Provider
        | FlowChannel::Other => {}
    }
    match status {
        RegulationStatus::Active | RegulationStatus::Excluded => {}
    }
}

/// Seed 001 parsed, its regulations replaced by [`workflows`].
pub fn document() -> Document {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let seed = std::fs::read_dir(&path)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with("001"))
        .unwrap();
    let mut doc = reglament::parse(&std::fs::read(&seed).unwrap(), "corpus/001.txt").unwrap();
    doc.regulations = workflows(&doc.tree);
    doc
}

fn fact(text: &str, span: Span) -> Fact {
    Fact {
        text: text.to_owned(),
        span,
    }
}

fn duration(value: u32, unit: Unit, bound: Bound, span: Span) -> Duration {
    let iso8601 = match unit {
        Unit::Minute => Some(format!("PT{value}M")),
        Unit::Hour => Some(format!("PT{value}H")),
        Unit::WorkingDay => None,
        Unit::CalendarDay | Unit::Day => Some(format!("P{value}D")),
        Unit::Month => Some(format!("P{value}M")),
        Unit::Year => Some(format!("P{value}Y")),
    };
    Duration {
        value,
        unit,
        bound,
        words: None,
        words_value: None,
        conflict: false,
        iso8601,
        text: format!("{value} …"),
        span,
        alternative_of: None,
    }
}

/// Three regulations of seed 001 (`app1/reg1` … `app3/reg1`), populated.
pub fn workflows(tree: &Node) -> Vec<Workflow> {
    let appendices: Vec<&Node> = tree
        .children
        .iter()
        .filter(|n| n.kind == NodeKind::Appendix)
        .take(3)
        .collect();
    appendices
        .iter()
        .enumerate()
        .map(|(i, appendix)| workflow(i, appendix))
        .collect()
}

fn workflow(i: usize, appendix: &Node) -> Workflow {
    let reg = appendix
        .children
        .iter()
        .find(|n| n.kind == NodeKind::Regulation)
        .unwrap();
    let id = reg.id.clone();
    // Real descendants, to point `node` fields and take spans from.
    let items: Vec<&Node> = reg.walk().filter(|n| n.kind == NodeKind::Item).collect();
    let item = |k: usize| items[k % items.len()];
    let span = |k: usize| item(k).span;
    let note = reg.walk().find(|n| n.kind == NodeKind::Note).unwrap_or(reg);

    let actor = |n: usize, text: &str, name: &str| Actor {
        id: format!("{id}#actor{n}"),
        text: text.to_owned(),
        name: name.to_owned(),
        span: span(6),
    };
    let actors = vec![
        actor(
            1,
            "көрсетілетін қызметті беруші кеңсесінің маманы;",
            "көрсетілетін қызметті беруші кеңсесінің маманы",
        ),
        actor(
            2,
            "көрсетілетін қызметті берушінің басшысы;",
            "көрсетілетін қызметті берушінің басшысы",
        ),
        actor(
            3,
            "көрсетілетін қызметті берушінің жауапты орындаушысы.",
            "көрсетілетін қызметті берушінің жауапты орындаушысы",
        ),
    ];

    let mut fifteen = duration(15, Unit::Minute, Bound::Exact, span(4));
    fifteen.words = Some("он бес".to_owned());
    fifteen.words_value = Some(15);
    fifteen.text = "15 (он бес) минут".to_owned();
    let mut two_hours = duration(2, Unit::Hour, Bound::Within, span(4));
    // A defect of the source: the words say one thing, the digits another.
    two_hours.words = Some("үш".to_owned());
    two_hours.words_value = Some(3);
    two_hours.conflict = true;
    let mut alternative = duration(22, Unit::WorkingDay, Bound::Exact, span(2));
    alternative.alternative_of = Some(0);
    let mut year = duration(1, Unit::Year, Bound::UpTo, span(4));
    year.alternative_of = Some(1);

    let step = |n: usize, label: Option<&str>, kind: StepType| Step {
        id: format!("{id}#step{n}"),
        node: item(4).id.clone(),
        label: label.map(str::to_owned),
        number: label.map(|_| n as u32),
        kind,
        actor: None,
        actor_text: None,
        text: String::new(),
        durations: Vec::new(),
        result: None,
        span: span(4),
    };
    let mut steps = vec![
        Step {
            actor: Some(actors[0].id.clone()),
            actor_text: Some("көрсетілетін қызметті беруші кеңсесінің маманы".to_owned()),
            text: "көрсетілетін қызметті беруші кеңсесінің маманы көрсетілетін қызметті алушының құжаттарын қабылдайды және тіркейді".to_owned(),
            durations: vec![fifteen],
            result: Some(fact(
                "құжаттарды тіркеу және басшыға беру",
                span(5),
            )),
            ..step(1, Some("1)"), StepType::Action)
        },
        Step {
            actor: Some(actors[1].id.clone()),
            actor_text: Some("көрсетілетін қызметті берушінің басшысы".to_owned()),
            text: "көрсетілетін қызметті берушінің басшысы құжаттарды қарайды".to_owned(),
            durations: vec![two_hours],
            ..step(2, Some("1 - шарт"), StepType::Condition)
        },
        Step {
            actor: Some(actors[2].id.clone()),
            text: "жауапты орындаушы ұсынылған құжаттардың толықтығын тексереді".to_owned(),
            durations: vec![
                duration(1, Unit::WorkingDay, Bound::NotLaterThan, span(4)),
                duration(5, Unit::CalendarDay, Bound::NotExceeding, span(4)),
            ],
            ..step(3, Some("3 - іс-қимыл"), StepType::Process)
        },
        Step {
            actor_text: Some("көрсетілетін қызметті берушінің жауапты орындаушысы".to_owned()),
            text: "құжаттардың толық еместігі анықталған жағдайда, өтінішті одан әрі қараудан бас тартады".to_owned(),
            durations: vec![
                duration(3, Unit::Day, Bound::Within, span(4)),
                duration(1, Unit::Month, Bound::Exact, span(4)),
                year,
            ],
            ..step(4, None, StepType::Paragraph)
        },
    ];
    // The second regulation has one step only, with nothing but its text.
    if i == 1 {
        steps.truncate(1);
    }

    let flows = FLOW_CHANNELS
        .iter()
        .enumerate()
        .filter(|(k, _)| i == 0 || *k == i)
        .map(|(k, &channel)| {
            let flow_id = format!("{id}#flow{}", k + 1);
            let flow_step = |n: usize, label: &str, kind: StepType| FlowStep {
                id: format!("{flow_id}.step{n}"),
                node: item(8).id.clone(),
                label: Some(label.to_owned()),
                number: Some(n as u32),
                kind,
                text: format!("{label}: порталда тіркеу"),
                durations: Vec::new(),
                on_failure: None,
                span: span(8),
            };
            Flow {
                id: flow_id.clone(),
                node: item(8).id.clone(),
                channel,
                title: fact("Портал арқылы мемлекеттік қызмет көрсету кезінде:", span(8)),
                steps: vec![
                    FlowStep {
                        durations: vec![duration(1, Unit::Minute, Bound::Within, span(8))],
                        ..flow_step(1, "1 - процесс", StepType::Process)
                    },
                    FlowStep {
                        on_failure: Some(format!("{flow_id}.step3")),
                        ..flow_step(2, "1 - шарт", StepType::Condition)
                    },
                    flow_step(3, "2 - процесс", StepType::Process),
                    FlowStep {
                        label: None,
                        number: None,
                        text: "деректерде бұзушылықтар болған жағдайда".to_owned(),
                        ..flow_step(4, "", StepType::Paragraph)
                    },
                ],
            }
        })
        .collect();

    Workflow {
        id: id.clone(),
        appendix: Some(AppendixRef {
            node: appendix.id.clone(),
            label: appendix.label.clone(),
            number: appendix.number,
        }),
        status: STATUSES[i % 2],
        title: Some(fact(
            "\"Жобалау қызметіне лицензия беру\" мемлекеттік көрсетілетін қызмет регламенті",
            span(0),
        )),
        service_name: Some(fact("Жобалау қызметіне лицензия беру", span(0))),
        provider: Some(fact(
            "\"Ақтөбе облысының мемлекеттік сәулет - құрылыс бақылау басқармасы\" мемлекеттік мекемесі",
            span(0),
        )),
        channels: CHANNELS
            .iter()
            .map(|&kind| Channel {
                kind,
                text: "www.egov.kz веб-порталы".to_owned(),
                span: span(0),
            })
            .collect(),
        form: Some(ServiceForm {
            values: FORMS.to_vec(),
            text: "электрондық (толық автоматтандырылған) және қағаз түрінде".to_owned(),
            span: span(1),
        }),
        result: Some(ServiceResult {
            types: RESULT_TYPES.to_vec(),
            text: "лицензия не бас тарту туралы дәлелді жауап".to_owned(),
            span: span(2),
            delivery_form: Some(DELIVERY_FORMS[i]),
            delivery: Some(fact(
                "Мемлекеттік қызметті көрсету нәтижесін беру нысаны: электрондық.",
                span(2),
            )),
        }),
        free_of_charge: Some(Flag {
            value: i != 1,
            text: "тегін".to_owned(),
            span: span(2),
        }),
        term: Some(Term {
            durations: vec![
                duration(30, Unit::CalendarDay, Bound::UpTo, span(2)),
                alternative,
            ],
            text: "30 (отыз) күнтізбелік күнге дейін (немесе 22 (жиырма екі) жұмыс күні)"
                .to_owned(),
            span: span(2),
        }),
        start_basis: Some(fact(
            "көрсетілетін қызметті алушының өтініші",
            span(3),
        )),
        actors,
        steps,
        flows,
        notes: vec![NoteRef {
            node: note.id.clone(),
            text: note.text.clone().unwrap_or_default(),
            span: note.span,
        }],
    }
}
