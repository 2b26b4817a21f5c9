//! A fully populated workflow document, built by hand: seed 001's tree with
//! three regulations whose every optional field is set, every list is
//! non-empty and every enum variant appears at least once. The schema, the
//! validator and `show` are tested on it while extraction still leaves
//! fields empty. Node ids and spans are real ones of seed 001, so the
//! document is valid in every respect.
//!
//! The legal context is built the same way: a fully populated `act` (every
//! optional field set, every list filled), notes of every kind, stamps of
//! every kind, instructions of every kind, every act kind somewhere.
//! [`documents`] adds copies that differ in what one document can hold only
//! once (the act's status), so that together they use every value.

#![allow(dead_code)]

use reglament::act::*;
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

pub const ACT_KINDS: [ActKind; 6] = [
    ActKind::Resolution,
    ActKind::Order,
    ActKind::JointOrder,
    ActKind::Decision,
    ActKind::Law,
    ActKind::Code,
];
pub const ACT_STATUSES: [ActStatusValue; 3] = [
    ActStatusValue::Repealed,
    ActStatusValue::InForce,
    ActStatusValue::Unknown,
];
pub const INSTRUCTION_KINDS: [InstructionKind; 5] = [
    InstructionKind::Replace,
    InstructionKind::Delete,
    InstructionKind::Insert,
    InstructionKind::Repeal,
    InstructionKind::Unknown,
];
pub const NOTE_KINDS: [NoteKind; 8] = [
    NoteKind::Repealed,
    NoteKind::NewWording,
    NoteKind::Excluded,
    NoteKind::Supplemented,
    NoteKind::Amended,
    NoteKind::TitleChanged,
    NoteKind::Editorial,
    NoteKind::Other,
];
pub const STAMP_KINDS: [StampKind; 3] = [
    StampKind::Appendix,
    StampKind::RegulationAppendix,
    StampKind::Approval,
];

/// Never called, like [`every_variant_is_listed`]: for the act's enums.
fn every_act_variant_is_listed(
    kind: ActKind,
    status: ActStatusValue,
    instruction: InstructionKind,
    note: NoteKind,
    stamp: StampKind,
) {
    match kind {
        ActKind::Resolution
        | ActKind::Order
        | ActKind::JointOrder
        | ActKind::Decision
        | ActKind::Law
        | ActKind::Code => {}
    }
    match status {
        ActStatusValue::Repealed | ActStatusValue::InForce | ActStatusValue::Unknown => {}
    }
    match instruction {
        InstructionKind::Replace
        | InstructionKind::Delete
        | InstructionKind::Insert
        | InstructionKind::Repeal
        | InstructionKind::Unknown => {}
    }
    match note {
        NoteKind::Repealed
        | NoteKind::NewWording
        | NoteKind::Excluded
        | NoteKind::Supplemented
        | NoteKind::Amended
        | NoteKind::TitleChanged
        | NoteKind::Editorial
        | NoteKind::Other => {}
    }
    match stamp {
        StampKind::Appendix | StampKind::RegulationAppendix | StampKind::Approval => {}
    }
}

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
    doc.act = Some(act(&doc.tree, ACT_STATUSES[0]));
    doc.notes = notes(&doc.tree);
    doc.stamps = stamps(&doc.tree);
    doc
}

/// [`document`], then copies of it with the act's other statuses: together
/// they use every value of every enum of the contract.
pub fn documents() -> Vec<Document> {
    let first = document();
    let mut all = vec![first.clone()];
    for &status in &ACT_STATUSES[1..] {
        let mut doc = first.clone();
        if let Some(act) = doc.act.as_mut() {
            if let Some(s) = act.status.as_mut() {
                s.value = status;
            }
        }
        all.push(doc);
    }
    all
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

// ---------------------------------------------------------------- the act

/// The node with this id in seed 001's tree.
fn node<'a>(tree: &'a Node, id: &str) -> &'a Node {
    tree.walk()
        .find(|n| n.id == id)
        .unwrap_or_else(|| panic!("seed 001 has no node {id}"))
}

fn date(iso: &str, text: &str, span: Span) -> DateFact {
    DateFact {
        iso: Some(iso.to_owned()),
        text: text.to_owned(),
        span,
    }
}

fn act_type(kind: ActKind, span: Span) -> ActType {
    let word = match kind {
        ActKind::Resolution => "қаулысымен",
        ActKind::Order => "бұйрығымен",
        ActKind::JointOrder => "бірлескен бұйрығымен",
        ActKind::Decision => "шешімімен",
        ActKind::Law => "Заңының",
        ActKind::Code => "Кодексінің",
    };
    ActType {
        kind,
        word: word.to_owned(),
        span,
    }
}

fn authority(span: Span) -> Authority {
    Authority {
        text: "Ақтөбе облысы әкімдігінің".to_owned(),
        nominative: "Ақтөбе облысы әкімдігі".to_owned(),
        span,
    }
}

/// A reference with every part printed.
fn act_ref(kind: ActKind, iso: &str, number: &str, span: Span) -> ActRef {
    let (year, rest) = iso.split_at(4);
    let printed = format!("{}.{}.{year}", &rest[4..6], &rest[1..3]);
    ActRef {
        authority: Some(authority(span)),
        date: Some(date(iso, &printed, span)),
        number: Some(fact(number, span)),
        act_type: Some(act_type(kind, span)),
        registration_number: Some(fact("4350", span)),
        text: format!("Ақтөбе облысы әкімдігінің {printed} № {number} қаулысымен"),
        span,
    }
}

/// Seed 001's act, every optional field set and every list filled.
pub fn act(tree: &Node, status: ActStatusValue) -> Act {
    let meta = node(tree, "meta").span;
    let preamble = node(tree, "preamble").span;
    let signature = node(tree, "signature").span;
    let instruction = |k: usize, kind: InstructionKind, target: ActKind| {
        let n = k + 1;
        let unit = node(tree, &format!("p1/para{n}"));
        Instruction {
            kind,
            node: unit.id.clone(),
            target_act: Some(act_ref(target, "2015-04-30", "139", unit.span)),
            targets: vec![
                fact("1 тармақтағы", unit.span),
                fact("Жобалау қызметіне лицензия беру", unit.span),
            ],
            appendix: Some(format!("app{n}")),
            regulation: Some(format!("app{n}/reg1")),
            text: unit.text.clone().unwrap_or_default(),
            span: unit.span,
        }
    };
    Act {
        title: Some(fact(
            "Ақтөбе облысы әкімдігінің кейбір қаулыларына өзгерістер енгізу туралы",
            node(tree, "title").span,
        )),
        status: Some(ActStatus {
            value: status,
            text: "Күшін жойған".to_owned(),
            span: node(tree, "status").span,
        }),
        act_type: Some(act_type(ActKind::Resolution, meta)),
        authority: Some(authority(meta)),
        adopted_date: Some(date("2019-10-18", "2019 жылғы 18 қазандағы", meta)),
        number: Some(fact("436", meta)),
        registration: Some(Registration {
            date: Some(date("2019-10-29", "2019 жылғы 29 қазанда", meta)),
            number: Some(fact("6435", meta)),
            body: Some(fact("Ақтөбе облысының Әділет департаментінде", meta)),
            text: "Ақтөбе облысының Әділет департаментінде 2019 жылғы 29 қазанда № 6435 болып тіркелді."
                .to_owned(),
            span: meta,
        }),
        repealed_by: Some(act_ref(ActKind::Resolution, "2020-01-17", "10", meta)),
        signature: Some(Signature {
            position: Some(fact("Ақтөбе облысының әкімі", signature)),
            name: Some(fact("О. Уразалин", signature)),
            text: "Ақтөбе облысының әкімі О. Уразалин".to_owned(),
            span: signature,
        }),
        enacting_formula: Some(fact("ҚАУЛЫ ЕТЕДІ", preamble)),
        legal_basis: [ActKind::Law, ActKind::Code]
            .into_iter()
            .map(|kind| LegalBasis {
                title: Some(fact("Мемлекеттік көрсетілетін қызметтер туралы", preamble)),
                date: Some(date("2013-04-15", "2013 жылғы 15 сәуірдегі", preamble)),
                articles: vec![fact("16-бабының 3-тармағына", preamble)],
                act_type: Some(act_type(kind, preamble)),
                text: "Қазақстан Республикасының 2013 жылғы 15 сәуірдегі \"Мемлекеттік көрсетілетін қызметтер туралы\" Заңының 16-бабының 3-тармағына".to_owned(),
                span: preamble,
            })
            .collect(),
        instructions: INSTRUCTION_KINDS
            .iter()
            .enumerate()
            .map(|(k, &kind)| instruction(k, kind, ACT_KINDS[k % 4]))
            .collect(),
    }
}

/// One note of every kind, on real nodes of seed 001: the act's own note
/// (`note1`) standing in for the notes the seed does not have.
pub fn notes(tree: &Node) -> Vec<Note> {
    let note1 = node(tree, "note1");
    let attached = [
        "doc",
        "app1/reg1",
        "app2/reg1",
        "doc",
        "app3",
        "doc",
        "doc",
        "app4/reg1",
    ];
    NOTE_KINDS
        .iter()
        .enumerate()
        .map(|(k, &kind)| {
            let on = attached[k % attached.len()];
            let editorial = kind == NoteKind::Editorial;
            Note {
                node: note1.id.clone(),
                kind,
                attached_to: on.to_owned(),
                target: (!editorial).then(|| NoteTarget {
                    text: if on == "doc" { "Қаулы" } else { "Регламент" }.to_owned(),
                    node: Some(on.to_owned()),
                }),
                by: (!editorial).then(|| {
                    act_ref(ACT_KINDS[k % ACT_KINDS.len()], "2020-01-17", "10", note1.span)
                }),
                entry_into_force: (!editorial).then(|| {
                    fact(
                        "алғашқы ресми жарияланған күнінен кейін күнтізбелік он күн өткен соң қолданысқа енгізіледі",
                        note1.span,
                    )
                }),
                text: note1.text.clone().unwrap_or_default(),
                span: note1.span,
            }
        })
        .collect()
}

/// One stamp of every kind, from appendix 1 of seed 001.
pub fn stamps(tree: &Node) -> Vec<Stamp> {
    let appendix = node(tree, "app1/stamp");
    let regulation = node(tree, "app1/reg1");
    let approval = regulation
        .walk()
        .find(|n| n.kind == NodeKind::ApprovalStamp)
        .expect("seed 001's regulation has an approval stamp");
    let own = regulation
        .walk()
        .find(|n| n.kind == NodeKind::AppendixStamp)
        .expect("seed 001's regulation has its own appendix");
    let stamp = |n: &Node, kind: StampKind| Stamp {
        node: n.id.clone(),
        kind,
        act: (kind != StampKind::RegulationAppendix)
            .then(|| act_ref(ActKind::Resolution, "2019-10-18", "436", n.span)),
        regulation: (kind == StampKind::RegulationAppendix).then(|| regulation.id.clone()),
        label: (kind != StampKind::Approval).then(|| "1-қосымша".to_owned()),
        number: (kind != StampKind::Approval).then_some(1),
        text: n.text.clone().unwrap_or_default(),
        span: n.span,
    };
    STAMP_KINDS
        .iter()
        .map(|&kind| match kind {
            StampKind::Appendix => stamp(appendix, kind),
            StampKind::RegulationAppendix => stamp(own, kind),
            StampKind::Approval => stamp(approval, kind),
        })
        .collect()
}
