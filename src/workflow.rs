//! The workflow definition of one regulation: who does what, in what order,
//! within how long, producing what (DOMAIN.md §8). Types only; `extract`
//! fills them from the document tree.
//!
//! Every value read off the text carries the span of the input it came
//! from. A fact the text does not give is `null` (or an empty list), never
//! a guess.

use serde::Serialize;

use crate::duration::{Bound, Unit};
use std::ops::Range;

use crate::model::{Node, RegulationStatus, Span};

/// A value as printed, with where it was printed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fact {
    pub text: String,
    pub span: Span,
}

impl Fact {
    /// The bytes `r` of a node's text as a fact, trimmed of whitespace and
    /// of the characters in `also` (separators such as `,` `;` `–`), with
    /// the span of exactly the words kept. `None` when nothing is left.
    pub fn of(node: &Node, r: Range<usize>, also: &[char]) -> Option<Fact> {
        Fact::located(node, r, also).map(|(fact, _)| fact)
    }

    /// [`Fact::of`], with where in the node's text the kept words start.
    pub fn located(node: &Node, r: Range<usize>, also: &[char]) -> Option<(Fact, usize)> {
        let raw = node.text.as_deref()?.get(r.clone())?;
        let trim = |c: char| c.is_whitespace() || also.contains(&c);
        let rest = raw.trim_start_matches(trim);
        let trimmed = rest.trim_end_matches(trim);
        if trimmed.is_empty() {
            return None;
        }
        // Where the kept words start, by what was trimmed (searching for
        // them again set up a substring search for every fact).
        let offset = r.start + raw.len() - rest.len();
        let span = node
            .source_span(offset..offset + trimmed.len())
            .unwrap_or(node.span);
        let fact = Fact {
            text: trimmed.to_owned(),
            span,
        };
        Some((fact, offset))
    }
}

/// A yes/no fact and the words that say it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Flag {
    pub value: bool,
    pub text: String,
    pub span: Span,
}

/// A duration (DOMAIN.md §4) with its span in the input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Duration {
    pub value: u32,
    pub unit: Unit,
    pub bound: Bound,
    /// The number in words as printed (`он бес`), when printed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub words: Option<String>,
    /// The value of `words`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub words_value: Option<u32>,
    /// Digits and words disagree (`15 (он төрт)`).
    pub conflict: bool,
    /// ISO 8601 duration where the unit allows one (`PT15M`, `P10D`); none
    /// for working days.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iso8601: Option<String>,
    pub text: String,
    pub span: Span,
    /// Index (in the same list) of the duration this one is an alternative
    /// to: `30 күнтізбелік күнге дейін (немесе 22 жұмыс күні)`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alternative_of: Option<usize>,
}

/// Where applications are accepted and results given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChannelKind {
    /// The provider's office (`көрсетілетін қызметті берушінің кеңсесі`).
    ProviderOffice,
    /// The State Corporation "Government for Citizens" (`Мемлекеттік корпорация`).
    StateCorporation,
    /// The e-government portal (`www.egov.kz`, `веб-портал`).
    Portal,
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Channel {
    pub kind: ChannelKind,
    pub text: String,
    pub span: Span,
}

/// The form of the service (`Мемлекеттік қызметті көрсету нысаны: …`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Form {
    /// `электрондық (толық автоматтандырылған)`.
    ElectronicFull,
    /// `электрондық (ішінара автоматтандырылған)`.
    ElectronicPartial,
    /// `электрондық` without saying how automated.
    Electronic,
    /// `қағаз түрінде`.
    Paper,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ServiceForm {
    pub values: Vec<Form>,
    pub text: String,
    pub span: Span,
}

/// What the service produces (documented vocabulary).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ResultType {
    /// `лицензия`.
    Licence,
    /// `қайта ресімделген лицензия`.
    ReissuedLicence,
    /// `рұқсат`.
    Permit,
    /// `куәлік`.
    Certificate,
    /// `қаулы` (an executive's resolution).
    Resolution,
    /// `шешім`.
    Decision,
    /// `қорытынды`.
    Conclusion,
    /// `хабарлама`.
    Notification,
    /// `анықтама`.
    Reference,
    /// `көшірме`.
    Copy,
    /// `келісім`.
    Agreement,
    /// `тіркеу`.
    Registration,
    /// `хат`.
    Letter,
    /// `аттестат`.
    Attestation,
    /// `бас тарту туралы дәлелді (уәжді) жауап`.
    MotivatedRefusal,
}

/// How the result is handed over (`… нәтижесін беру нысаны: электрондық`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryForm {
    Electronic,
    Paper,
    ElectronicOrPaper,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ServiceResult {
    pub types: Vec<ResultType>,
    pub text: String,
    pub span: Span,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delivery_form: Option<DeliveryForm>,
    /// The sentence that states the delivery form.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delivery: Option<Fact>,
}

/// The total term of the service (`Мемлекеттік қызметті көрсету мерзімі: …`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Term {
    pub durations: Vec<Duration>,
    pub text: String,
    pub span: Span,
}

/// A participating unit or employee, from the actors item (usually 7).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Actor {
    /// Stable id: `<regulation id>#actor<n>`.
    pub id: String,
    /// As printed in the list.
    pub text: String,
    /// Canonical name: the phrase with its last word in the nominative
    /// (`… басшысына` → `… басшысы`).
    pub name: String,
    pub span: Span,
}

/// What a step is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StepType {
    /// A numbered action (`1)`, `1 - іс-қимыл`).
    Action,
    /// A condition (`1 - шарт`): a gateway with a failure branch.
    Condition,
    /// A process of an information system (`1 - процесс`, `1 - үдеріс`, `1-рәсім`).
    Process,
    /// An unnumbered paragraph: a lead-in to sub-cases, a sub-case, a
    /// refusal branch.
    Paragraph,
}

/// One procedure of the procedures item (usually 5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Step {
    /// Stable id: `<regulation id>#step<n>`.
    pub id: String,
    /// The tree node the step was read from.
    pub node: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<u32>,
    pub kind: StepType,
    /// The performing actor's id, when the text names one of the actors.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
    /// The performer as printed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actor_text: Option<String>,
    pub text: String,
    pub durations: Vec<Duration>,
    /// The step's result: the matching sub-item of the results item
    /// (usually 6), or a `нәтижесі – …` paragraph after the step.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result: Option<Fact>,
    pub span: Span,
}

/// Which channel an electronic flow runs through (chapter 4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FlowChannel {
    Portal,
    StateCorporation,
    /// The provider's own information system.
    Provider,
    Other,
}

/// One step of an electronic flow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FlowStep {
    /// Stable id: `<flow id>.step<n>`.
    pub id: String,
    pub node: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<u32>,
    pub kind: StepType,
    pub text: String,
    pub durations: Vec<Duration>,
    /// For a condition: the step that forms the refusal message when the
    /// condition fails, when the text says so.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on_failure: Option<String>,
    pub span: Span,
}

/// A flow of chapter 4: the numbered processes and conditions of one item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Flow {
    /// Stable id: `<regulation id>#flow<n>`.
    pub id: String,
    /// The item the flow was read from.
    pub node: String,
    pub channel: FlowChannel,
    /// The item's lead-in that names the channel.
    pub title: Fact,
    pub steps: Vec<FlowStep>,
}

/// A note (`Ескерту. …`) attached to the regulation or one of its parts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NoteRef {
    pub node: String,
    pub text: String,
    pub span: Span,
}

/// The appendix of the act that carries the regulation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AppendixRef {
    pub node: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<u32>,
}

/// One regulation's workflow definition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Workflow {
    /// The regulation's node id in the tree.
    pub id: String,
    pub appendix: Option<AppendixRef>,
    pub status: RegulationStatus,
    /// The full title as printed.
    pub title: Option<Fact>,
    /// The service name: the quoted part of the title, clean.
    pub service_name: Option<Fact>,
    /// Who provides the service (`… (бұдан әрі – көрсетілетін қызметті беруші)`).
    pub provider: Option<Fact>,
    pub channels: Vec<Channel>,
    pub form: Option<ServiceForm>,
    pub result: Option<ServiceResult>,
    pub free_of_charge: Option<Flag>,
    pub term: Option<Term>,
    /// What starts the procedure (item 4).
    pub start_basis: Option<Fact>,
    pub actors: Vec<Actor>,
    pub steps: Vec<Step>,
    pub flows: Vec<Flow>,
    pub notes: Vec<NoteRef>,
}
