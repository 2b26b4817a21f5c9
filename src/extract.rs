//! The document tree in, one workflow definition per regulation out
//! (DOMAIN.md §3–§5, §8).
//!
//! Each item is read by what it says, because positions vary by ±1 between
//! regulations: the provider and channels (item 1), the form (item 2), the
//! result, fee and term (item 3), the start basis (item 4), the procedures
//! with their durations (item 5) and their results (item 6), the actors
//! (item 7), the sequence (item 8, checked against item 5) and the
//! electronic flows of chapter 4. A fact the text does not give is left
//! `null`; nothing is guessed.

use crate::normalize::{is_letter, is_letter_or_digit};
use std::ops::Range;
use std::sync::LazyLock;

use crate::normalize::lowercase as lower;

use crate::duration;
use crate::model::{Diagnostic, Node, NodeKind, RegulationStatus, Severity, Span, StepKind};
use crate::workflow::{
    Actor, AppendixRef, Channel, ChannelKind, DeliveryForm, Duration, Fact, Flag, Flow,
    FlowChannel, FlowStep, Form, NoteRef, ResultType, ServiceForm, ServiceResult, Step, StepType,
    Term, Workflow,
};

/// Every regulation of the tree, in document order.
///
/// The tree is taken mutably only to drop what the extraction derived
/// from its nodes' text (each node's lowercase and durations) as soon as a
/// regulation is read: nothing after it asks for them, and kept to the end
/// they were a tenth of a large input's memory, faulted in page by page.
pub fn workflows(tree: &mut Node, diagnostics: &mut Vec<Diagnostic>) -> Vec<Workflow> {
    let mut out = Vec::new();
    collect(tree, false, &mut out, diagnostics);
    out
}

/// The regulations among `node`'s children (`in_appendix`: `node` is the
/// appendix they are printed in).
fn collect(
    node: &mut Node,
    in_appendix: bool,
    out: &mut Vec<Workflow>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for k in 0..node.children.len() {
        match node.children[k].kind {
            NodeKind::Regulation => {
                let appendix = in_appendix.then_some(&*node);
                out.push(workflow(&node.children[k], appendix, diagnostics));
                forget_derived(&mut node.children[k]);
            }
            NodeKind::Appendix => collect(&mut node.children[k], true, out, diagnostics),
            _ => {}
        }
    }
}

/// Drops what was derived from the text of `node` and its descendants.
fn forget_derived(node: &mut Node) {
    node.derived = Default::default();
    for child in &mut node.children {
        forget_derived(child);
    }
}

/// The whole text of a node as a fact.
fn fact(node: &Node) -> Option<Fact> {
    let text = node.text.clone()?;
    let span = node.source_span(0..text.len()).unwrap_or(node.span);
    Some(Fact { text, span })
}

/// A part of a node's text as a fact.
fn part(node: &Node, r: Range<usize>) -> Option<Fact> {
    Fact::of(node, r, &[])
}

/// The regulation's items, in order, across its chapters.
fn items(reg: &Node) -> Vec<&Node> {
    reg.walk().filter(|n| n.kind == NodeKind::Item).collect()
}

/// The text nodes an item consists of: itself when a leaf, else its
/// children (lead, paragraphs, sub-items, steps, notes).
fn parts(item: &Node) -> Vec<&Node> {
    if item.children.is_empty() {
        vec![item]
    } else {
        item.children.iter().collect()
    }
}

fn lead(item: &Node) -> &str {
    item.text.as_deref().unwrap_or("")
}

fn workflow(reg: &Node, appendix: Option<&Node>, diagnostics: &mut Vec<Diagnostic>) -> Workflow {
    let title_node = reg
        .children
        .iter()
        .find(|c| c.kind == NodeKind::RegulationTitle);
    let notes = reg
        .walk()
        .filter(|n| n.kind == NodeKind::Note)
        .map(|n| NoteRef {
            node: n.id.clone(),
            text: n.text.clone().unwrap_or_default(),
            span: n.span,
        })
        .collect();
    let mut wf = Workflow {
        id: reg.id.clone(),
        appendix: appendix.map(|a| AppendixRef {
            node: a.id.clone(),
            label: a.label.clone(),
            number: a.number,
        }),
        status: reg.status.unwrap_or(RegulationStatus::Active),
        title: title_node.and_then(fact),
        service_name: title_node.and_then(service_name),
        provider: None,
        channels: Vec::new(),
        form: None,
        result: None,
        free_of_charge: None,
        term: None,
        start_basis: None,
        actors: Vec::new(),
        steps: Vec::new(),
        flows: Vec::new(),
        notes,
    };
    if wf.status == RegulationStatus::Excluded {
        return wf;
    }
    let items = items(reg);
    let roles = Roles::find(&items);
    if let Some(first) = items.first() {
        wf.provider = provider(first);
        wf.channels = channels(first);
    }
    let general: Vec<&Node> = items
        .iter()
        .take(roles.start_basis.unwrap_or(3))
        .flat_map(|i| parts(i))
        .collect();
    wf.form = general.iter().find_map(|n| form(n));
    wf.result = service_result(&general);
    wf.free_of_charge = general.iter().find_map(|n| free_of_charge(n));
    wf.start_basis = roles.start_basis.and_then(|k| fact(items[k]));
    let actors = roles
        .actors
        .map(|k| actors(items[k], &wf.id))
        .unwrap_or_default();
    // Stemmed once for the steps and their cross-check.
    let cast = Cast::new(&actors);
    let mut term_nodes: Vec<&Node> = general.clone();
    if let Some(k) = roles.procedures {
        let (steps, term) = steps(
            items[k],
            &wf,
            &cast,
            roles.results.map(|r| items[r]),
            diagnostics,
        );
        wf.steps = steps;
        wf.term = term;
        term_nodes.extend(parts(items[k]));
    }
    if wf.term.is_none() {
        wf.term = term(&term_nodes);
    }
    if let (Some(k), Some(seq)) = (roles.procedures, roles.sequence) {
        cross_check(items[k], items[seq], &wf.steps, &cast, diagnostics);
    }
    wf.actors = actors;
    let from = roles
        .sequence
        .or(roles.actors)
        .or(roles.procedures)
        .map(|k| k + 1)
        .unwrap_or(items.len());
    wf.flows = flows(&items[from.min(items.len())..], &wf.id);
    wf
}

/// Which item plays which part, found by its wording (DOMAIN.md §3).
#[derive(Default)]
struct Roles {
    start_basis: Option<usize>,
    procedures: Option<usize>,
    results: Option<usize>,
    actors: Option<usize>,
    sequence: Option<usize>,
}

impl Roles {
    fn find(items: &[&Node]) -> Roles {
        let mut r = Roles::default();
        for (k, item) in items.iter().enumerate() {
            let t = item.lower_text();
            let listing = !item.children.is_empty();
            if r.start_basis.is_none()
                && r.procedures.is_none()
                && has!(t, "негіз")
                && (has!(t, "бастау") || has!(t, "алу үшін"))
            {
                r.start_basis = Some(k);
            } else if r.procedures.is_none() && has!(t, "мазмұны") && listing {
                r.procedures = Some(k);
            } else if r.procedures.is_some()
                && r.results.is_none()
                && r.actors.is_none()
                && has!(t, "нәтижесі")
                && listing
            {
                r.results = Some(k);
            } else if r.actors.is_none() && has!(t, "тізбесі") && listing {
                r.actors = Some(k);
            } else if r.actors.is_some()
                && r.sequence.is_none()
                && listing
                && (has!(t, "реттілі")
                    || has!(t, "ретін")
                    || has!(t, "кезектілі")
                    || has!(t, "сипаттама"))
                && t.trim_end().ends_with(':')
            {
                r.sequence = Some(k);
            }
        }
        if r.start_basis.is_none() {
            // Worded otherwise (`Мемлекеттік қызметті алу үшін … ұсынады.`):
            // the item right before the procedures.
            r.start_basis = r
                .procedures
                .and_then(|p| p.checked_sub(1))
                .filter(|&k| k >= 2);
        }
        r
    }
}

/// The service name: the quoted part of the title.
fn service_name(title: &Node) -> Option<Fact> {
    let text = title.text.as_deref()?;
    part(title, quoted_name(text)?)
}

/// What stands in quotes before `мемлекеттік` or the end:
/// `["«](.+)["»]\s*(?:[Мм]емлекеттік|$)` read by hand, the group's range.
/// The first opening quote that has such a closing one on its line, and the
/// last closing one (the name may hold quotes of its own). The pattern's
/// search for its group was a backtracking search of every title.
fn quoted_name(text: &str) -> Option<Range<usize>> {
    // The closing quotes with `мемлекеттік` or nothing but spaces after.
    let closings: Vec<usize> = text
        .match_indices(['"', '»'])
        .filter(|&(at, quote)| {
            let after = text[at + quote.len()..].trim_start_matches(char::is_whitespace);
            after.is_empty() || after.starts_with("Мемлекеттік") || after.starts_with("мемлекеттік")
        })
        .map(|(at, _)| at)
        .collect();
    let last_closing = *closings.last()?;
    // Where the line of the quote looked at ends (`.` takes no line feed:
    // the closing quote is on the same line), found again only past it.
    let mut line_end: Option<usize> = None;
    text[..last_closing]
        .match_indices(['"', '«'])
        .find_map(|(at, quote)| {
            let inside = at + quote.len();
            let end = match line_end {
                Some(end) if end >= inside => end,
                _ => memchr::memchr(b'\n', &text.as_bytes()[inside..])
                    .map_or(text.len(), |n| inside + n),
            };
            line_end = Some(end);
            let before = closings.partition_point(|&c| c < end);
            let closing = *closings[..before].last()?;
            (closing > inside).then_some(inside..closing)
        })
}

/// Where the provider's alias stands: `(?i)\(\s*бұдан\s*[-–—]?\s*әрі\s*[-–—]?\s*
/// (?:көрсетілетін\s+)?қызмет(?:ті)?\s+беруші\w*\s*\)` by hand (the pattern
/// cost a run a third of a millisecond to compile, for a search of one
/// lead a document). Each run of spaces, dashes or word characters is
/// followed by what it cannot hold, so reading each to its end is the
/// pattern's one reading.
fn provider_alias(text: &str) -> Option<Range<usize>> {
    use crate::markers::{is_word_char, At};
    const DASHES: [&str; 3] = ["-", "–", "—"];
    text.match_indices('(').find_map(|(open, _)| {
        let a = At::new(text, open + 1).spaces().caseless("бұдан")?;
        let a = a.dash(&DASHES).caseless("әрі")?.dash(&DASHES);
        let a = a
            .caseless("көрсетілетін")
            .and_then(At::spaces1)
            .unwrap_or(a);
        let a = a.caseless("қызмет")?;
        let a = a
            .caseless("ті")
            .and_then(At::spaces1)
            .or_else(|| a.spaces1())?;
        let close = a.caseless("беруші")?.run(is_word_char).spaces();
        close.word(")").map(|end| open..end.at)
    })
}

/// Who provides the service: the name before `(бұдан әрі – көрсетілетін
/// қызметті беруші)` in item 1.
fn provider(item: &Node) -> Option<Fact> {
    let text = lead(item);
    let alias = provider_alias(text)?;
    let before = &text[..alias.start];
    let start = ["сәйкес ", ") ", "қызметін ", "қызметті ", "қоспағанда "]
        .iter()
        .filter_map(|m| before.rfind(m).map(|at| at + m.len()))
        .max()
        .unwrap_or(0);
    part(item, start..alias.start)
}

/// Where applications are accepted and results given (item 1).
fn channels(item: &Node) -> Vec<Channel> {
    let nodes = parts(item);
    let Some(at) = nodes.iter().position(|n| {
        let t = n.lower_text();
        has!(t, "қабылдау") && (has!(t, "беру") || has!(t, "нәтиже"))
    }) else {
        return Vec::new();
    };
    let listed: Vec<&Node> = nodes[at + 1..]
        .iter()
        .take_while(|n| n.kind == NodeKind::SubItem)
        .copied()
        .collect();
    let sources = if listed.is_empty() {
        vec![nodes[at]]
    } else {
        listed
    };
    let mut out = Vec::new();
    for node in sources {
        let t = node.lower_text();
        let mut kinds = Vec::new();
        if has!(t, "корпорация") {
            kinds.push(ChannelKind::StateCorporation);
        }
        if has!(t, "портал") || has!(t, "egov") {
            kinds.push(ChannelKind::Portal);
        }
        if has!(t, "кеңсе") || (kinds.is_empty() && has!(t, "беруші")) {
            kinds.insert(0, ChannelKind::ProviderOffice);
        }
        if kinds.is_empty() {
            kinds.push(ChannelKind::Other);
        }
        let Some(f) = fact(node) else { continue };
        for kind in kinds {
            out.push(Channel {
                kind,
                text: f.text.trim_end_matches([';', '.']).to_owned(),
                span: f.span,
            });
        }
    }
    out
}

/// `Мемлекеттік қызметті көрсету нысаны: электрондық (толық автоматтандырылған)`.
fn form(node: &Node) -> Option<ServiceForm> {
    let text = node.text.as_deref()?;
    let t = node.lower_text();
    let at = find!(t, "көрсету нысаны").or_else(|| find!(t, "көрсету түрі"))?;
    if has!(t[..at], "нәтижесін") {
        return None;
    }
    let value_start = text[at..].find(':').map(|c| at + c + 1).unwrap_or(at);
    let value = &t[value_start..];
    let mut values = Vec::new();
    if has!(value, "толық автоматтандырылған") {
        values.push(Form::ElectronicFull);
    } else if has!(value, "ішінара автоматтандырылған") {
        values.push(Form::ElectronicPartial);
    } else if has!(value, "электрон") {
        values.push(Form::Electronic);
    }
    if has!(value, "қағаз") {
        values.push(Form::Paper);
    }
    let f = part(node, value_start..text.len())?;
    Some(ServiceForm {
        values,
        text: f.text,
        span: f.span,
    })
}

/// The result of the service and how it is handed over (item 3).
fn service_result(nodes: &[&Node]) -> Option<ServiceResult> {
    let mut result: Option<ServiceResult> = None;
    for node in nodes {
        let text = node.text.as_deref().unwrap_or("");
        let t = node.lower_text();
        if result.is_none() {
            if let Some(f) = result_sentence(node, text, t) {
                result = Some(ServiceResult {
                    types: result_types(&f.text),
                    text: f.text,
                    span: f.span,
                    delivery_form: None,
                    delivery: None,
                });
                continue;
            }
        }
        if let Some(r) = result.as_mut() {
            if r.delivery.is_none()
                && (has!(t, "нәтижесін беру нысаны")
                    || has!(t, "нәтижесін ұсыну нысаны")
                    || (has!(t, "нәтижесі") && has!(t, "түрде беріледі")))
            {
                let electronic = has!(t, "электрон");
                let paper = has!(t, "қағаз");
                r.delivery_form = match (electronic, paper) {
                    (true, true) => Some(DeliveryForm::ElectronicOrPaper),
                    (true, false) => Some(DeliveryForm::Electronic),
                    (false, true) => Some(DeliveryForm::Paper),
                    _ => None,
                };
                r.delivery = fact(node);
            }
        }
    }
    result
}

/// `… көрсету нәтижесі – X` or `X … нәтижесі болып табылады`.
fn result_sentence(node: &Node, text: &str, t: &str) -> Option<Fact> {
    if has!(t, "нәтижесін") && !has!(t, "нәтижесі болып") {
        return None;
    }
    if let Some(at) = find!(t, "нәтижесі болып табылады") {
        return part(node, 0..at).map(|f| Fact {
            text: f
                .text
                .trim_end_matches(" мемлекеттік қызмет көрсетудің")
                .to_owned(),
            span: f.span,
        });
    }
    let at = find!(t, "көрсету нәтижесі").or_else(|| find!(t, "қызметтің нәтижесі"))?;
    let rest = &text[at..];
    let sep = rest.find(['–', '-', ':', '—'])?;
    let start = at + sep + rest[sep..].chars().next().map(char::len_utf8).unwrap_or(1);
    part(node, start..text.len())
}

/// The result vocabulary: the words (in order, each a stem that takes any
/// case ending) that name each result type.
const RESULT_WORDS: &[(&[&str], ResultType)] = &[
    (
        &["қайта", "ресімделген", "лицензия"],
        ResultType::ReissuedLicence,
    ),
    (
        &["лицензия", "қайта", "ресімдеу"],
        ResultType::ReissuedLicence,
    ),
    (&["қайта", "ресімдеу"], ResultType::ReissuedLicence),
    (&["лицензия"], ResultType::Licence),
    (&["рұқсат"], ResultType::Permit),
    (&["куәлік"], ResultType::Certificate),
    (&["куәліг"], ResultType::Certificate),
    (&["қаулы"], ResultType::Resolution),
    (&["шешім"], ResultType::Decision),
    (&["қорытынды"], ResultType::Conclusion),
    (&["хабарлама"], ResultType::Notification),
    (&["хабарлама-хат"], ResultType::Notification),
    (&["анықтама"], ResultType::Reference),
    (&["көшірме"], ResultType::Copy),
    (&["келісім"], ResultType::Agreement),
    (&["хат"], ResultType::Letter),
    // The result attests a registration: `… шартын тіркеу туралы куәлік`.
    (&["тіркеу", "туралы"], ResultType::Registration),
    (&["тіркелгені", "туралы"], ResultType::Registration),
    (&["аттестат"], ResultType::Attestation),
    (&["дәлелді", "жауап"], ResultType::MotivatedRefusal),
    (&["уәжді", "жауап"], ResultType::MotivatedRefusal),
];

/// Endings a vocabulary word may take: an optional possessive, then an
/// optional case (`аттестатын`, `рұқсатқа`, `лицензияны`).
fn inflected(word: &str, stem: &str) -> bool {
    let Some(rest) = word.strip_prefix(stem) else {
        return false;
    };
    let rest = ["сы", "сі", "ы", "і"]
        .iter()
        .find_map(|p| rest.strip_prefix(p))
        .unwrap_or(rest);
    rest.is_empty()
        || [
            "н", "ны", "ні", "ды", "ді", "ты", "ті", "ға", "ге", "қа", "ке", "на", "не", "ның",
            "нің", "дың", "дің", "тың", "тің",
        ]
        .contains(&rest)
}

/// References to other acts name act types too (`… № 272 бұйрығымен
/// бекітілген "…" стандарты`): those words are not results. The lowercase
/// text less each match of
/// `\([^()]*\)|"[^"]*"|«[^»]*»|\S+\s+(?:қаулысымен|бұйрығымен|шешімімен)\s+бекітілген`
/// (as `(?i)` of the text), each replaced by a space. By hand: the
/// pattern cost a run a tenth of a millisecond to compile. Only a text that
/// holds a bracket, a quote or `бекітілген` is read.
fn without_act_references(text: &str) -> String {
    let lowered = lower(text);
    // 0xAB is the last byte of `«` (and of a few rare letters, which only
    // cost a reading).
    let may_hold = memchr::memchr3(b'(', b'"', 0xAB, lowered.as_bytes()).is_some()
        || has!(lowered, "бекітілген");
    if !may_hold {
        return lowered;
    }
    let approvals = approved_by(&lowered);
    let mut approvals = approvals.iter().peekable();
    let mut out = String::with_capacity(lowered.len());
    let (mut kept, mut at) = (0, 0);
    while let Some(c) = lowered[at..].chars().next() {
        let after = at + c.len_utf8();
        let closed = |open: &[char], close: char| {
            let end = lowered[after..].find(open)? + after;
            lowered[end..]
                .starts_with(close)
                .then_some(end + close.len_utf8())
        };
        let bracketed = match c {
            '(' => closed(&['(', ')'], ')'),
            '"' => closed(&['"'], '"'),
            '«' => closed(&['»'], '»'),
            _ => None,
        };
        // `\S+` may start anywhere in the word before the act's verb.
        while approvals.next_if(|a| a.word.end <= at).is_some() {}
        let approved = approvals
            .peek()
            .filter(|a| a.word.start <= at)
            .map(|a| a.end);
        match bracketed.or(approved) {
            Some(end) => {
                out.push_str(&lowered[kept..at]);
                out.push(' ');
                (kept, at) = (end, end);
            }
            None => at = after,
        }
    }
    out.push_str(&lowered[kept..]);
    out
}

/// `\S+\s+(?:қаулысымен|бұйрығымен|шешімімен)\s+бекітілген`: where the word
/// before the act's verb stands and where the phrase ends, in text order.
struct Approval {
    word: Range<usize>,
    end: usize,
}

fn approved_by(lower: &str) -> Vec<Approval> {
    let mut found = Vec::new();
    static APPROVED: LazyLock<memchr::memmem::Finder<'static>> =
        LazyLock::new(|| memchr::memmem::Finder::new("бекітілген"));
    for at in APPROVED.find_iter(lower.as_bytes()) {
        let before = lower[..at].trim_end_matches(char::is_whitespace);
        if before.len() == at {
            continue;
        }
        let Some(verb) = ["қаулысымен", "бұйрығымен", "шешімімен"]
            .iter()
            .find_map(|v| before.strip_suffix(v))
        else {
            continue;
        };
        let word_end = verb.trim_end_matches(char::is_whitespace).len();
        if word_end == verb.len() || word_end == 0 {
            continue;
        }
        let word_start = lower[..word_end].rfind(char::is_whitespace).map_or(0, |i| {
            i + lower[i..].chars().next().map_or(1, char::len_utf8)
        });
        found.push(Approval {
            word: word_start..word_end,
            end: at + "бекітілген".len(),
        });
    }
    found
}

/// The result types a text names, from the documented vocabulary (used on
/// result sentences here, on step texts by the checker).
pub fn result_types_of(text: &str) -> Vec<ResultType> {
    result_types(text)
}

/// The result types named in a result sentence, from the documented
/// vocabulary.
fn result_types(text: &str) -> Vec<ResultType> {
    let plain = without_act_references(text);
    // Words keep inner hyphens: `хабарлама-хат` is one result, not a letter besides.
    let words: Vec<&str> = plain
        .split(|c: char| !(is_letter(c) || c == '-'))
        .map(|w| w.trim_matches('-'))
        .filter(|w| !w.is_empty())
        .collect();
    let licensing = words.iter().any(|w| w.starts_with("лицензия"));
    let mut out = Vec::new();
    for (phrase, t) in RESULT_WORDS {
        if out.contains(t) || (*t == ResultType::ReissuedLicence && !licensing) {
            continue;
        }
        let found = words.windows(phrase.len()).any(|w| {
            w.iter()
                .zip(phrase.iter())
                .all(|(word, stem)| inflected(word, stem))
        });
        if found {
            out.push(*t);
        }
    }
    out
}

/// `… тегін негізде көрсетіледі`.
fn free_of_charge(node: &Node) -> Option<Flag> {
    node.text.as_ref()?;
    let t = node.lower_text();
    let value = if has!(t, "тегін") {
        true
    } else if has!(t, "ақылы") {
        false
    } else {
        return None;
    };
    let f = fact(node)?;
    Some(Flag {
        value,
        text: f.text,
        span: f.span,
    })
}

/// The durations found in a node's text, with input spans.
fn durations(node: &Node, from: usize) -> Vec<Duration> {
    if from == 0 {
        return node
            .derivations()
            .durations
            .get_or_init(|| durations_from(node, 0))
            .clone();
    }
    durations_from(node, from)
}

fn durations_from(node: &Node, from: usize) -> Vec<Duration> {
    let Some(text) = node.text.as_deref() else {
        return Vec::new();
    };
    let Some(tail) = text.get(from..) else {
        return Vec::new();
    };
    duration::find_durations(tail)
        .into_iter()
        .map(|d| Duration {
            value: d.value,
            unit: d.unit,
            bound: d.bound,
            words: d.words,
            words_value: d.words_value,
            conflict: d.conflict,
            iso8601: d.iso8601,
            span: node
                .source_span(from + d.start..from + d.end)
                .unwrap_or(node.span),
            text: d.text,
            alternative_of: d.alternative_of,
        })
        .collect()
}

/// `Мемлекеттік қызметті көрсету мерзімі: …` — the total term.
fn is_term(node: &Node) -> bool {
    let t = node.lower_text();
    has!(t, "көрсету мерзімі") && !has!(t, "мерзіміне")
}

fn term(nodes: &[&Node]) -> Option<Term> {
    let at = nodes.iter().position(|n| is_term(n))?;
    let node = nodes[at];
    node.text.as_ref()?;
    let from = find!(node.lower_text(), "мерзімі")
        .map(|p| p + "мерзімі".len())
        .unwrap_or(0);
    let found = durations(node, from);
    if !found.is_empty() {
        let f = fact(node)?;
        return Some(Term {
            durations: found,
            text: f.text,
            span: f.span,
        });
    }
    // `Мемлекеттік қызметті көрсету мерзімі:` alone; the term follows.
    let next = nodes.get(at + 1)?;
    let found = durations(next, 0);
    if found.is_empty() {
        return None;
    }
    let head = fact(node)?;
    let body = fact(next)?;
    Some(Term {
        durations: found,
        text: format!("{} {}", head.text, body.text),
        span: Span::new(head.span.start, body.span.end),
    })
}

/// The actors item's sub-items (DOMAIN.md §5).
fn actors(item: &Node, reg_id: &str) -> Vec<Actor> {
    item.children
        .iter()
        .filter(|c| c.kind == NodeKind::SubItem)
        .enumerate()
        .filter_map(|(n, c)| {
            let raw = c.text.as_deref()?;
            let text = raw.trim_end_matches([';', '.', ',', ' ']);
            let f = part(c, 0..text.len())?;
            Some(Actor {
                id: format!("{reg_id}#actor{}", n + 1),
                name: canonical_name(&f.text),
                text: f.text,
                span: f.span,
            })
        })
        .collect()
}

/// Case endings of the last word of an actor phrase, longest first, with
/// what replaces them: possessive + case (`басшысына` → `басшысы`), then
/// bare case endings (`маманға` → `маман`).
const ENDINGS: &[(&str, &str)] = &[
    ("сының", "сы"),
    ("сінің", "сі"),
    ("сынан", "сы"),
    ("сінен", "сі"),
    ("сында", "сы"),
    ("сінде", "сі"),
    ("сымен", "сы"),
    ("сімен", "сі"),
    ("сына", "сы"),
    ("сіне", "сі"),
    ("сын", "сы"),
    ("сін", "сі"),
    ("ының", "ы"),
    ("інің", "і"),
    ("ынан", "ы"),
    ("інен", "і"),
    ("ында", "ы"),
    ("інде", "і"),
    ("ымен", "ы"),
    ("імен", "і"),
    ("ына", "ы"),
    ("іне", "і"),
    ("ның", ""),
    ("нің", ""),
    ("дың", ""),
    ("дің", ""),
    ("тың", ""),
    ("тің", ""),
    ("нан", ""),
    ("нен", ""),
    ("дан", ""),
    ("ден", ""),
    ("тан", ""),
    ("тен", ""),
    ("мен", ""),
    ("бен", ""),
    ("пен", ""),
    ("ға", ""),
    ("ге", ""),
    ("қа", ""),
    ("ке", ""),
];

/// Which case an actor word is in, from its ending.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Case {
    Nominative,
    Genitive,
    Other,
}

/// The last four bytes of `b` as one number (the first byte lowest), if
/// it has four.
const fn last_four(b: &[u8]) -> Option<u32> {
    match b {
        [.., w, x, y, z] => Some(u32::from_le_bytes([*w, *x, *y, *z])),
        _ => None,
    }
}

/// The [`last_four`] of each of [`ENDINGS`], made once: told at each
/// ending in turn, they were most of the cost of finding a word's case.
/// Every ending has four bytes (two letters) or more, or this does not
/// compile.
const ENDING_ENDS: [u32; ENDINGS.len()] = {
    let mut ends = [0; ENDINGS.len()];
    let mut i = 0;
    while i < ENDINGS.len() {
        ends[i] = match last_four(ENDINGS[i].0.as_bytes()) {
            Some(end) => end,
            None => panic!("an ending shorter than two letters"),
        };
        i += 1;
    }
    ends
};

/// The case ending of a word: how many bytes of it stay, what replaces the
/// ending, and the case it marks.
fn case_ending(word: &str) -> Option<(usize, &'static str, Case)> {
    // Every ending ends in one of these letters: most words are passed over
    // without trying each ending in turn.
    if !word.ends_with(['ң', 'н', 'а', 'е']) {
        return None;
    }
    // Every ending is two letters or more, each of two bytes: its last four
    // bytes, compared as one number, pass over most endings without a
    // comparison of strings.
    let word_end = last_four(word.as_bytes())?;
    ENDINGS
        .iter()
        .zip(ENDING_ENDS)
        .find_map(|((ending, replacement), end)| {
            if end != word_end {
                return None;
            }
            let stem = word.strip_suffix(ending)?;
            (stem.chars().count() >= 3).then(|| {
                let case = if ending.ends_with("ың") || ending.ends_with("ің") {
                    Case::Genitive
                } else {
                    Case::Other
                };
                (stem.len(), *replacement, case)
            })
        })
}

/// The nominative of a word and the case it was in.
fn nominative(word: &str) -> (String, Case) {
    match case_ending(word) {
        Some((keep, replacement, case)) => (format!("{}{replacement}", &word[..keep]), case),
        None => (word.to_owned(), Case::Nominative),
    }
}

/// The case a word is in, from its ending.
fn case_of(word: &str) -> Case {
    case_ending(word).map_or(Case::Nominative, |(_, _, case)| case)
}

/// An actor's canonical name: the phrase with its last word in the nominative.
fn canonical_name(text: &str) -> String {
    let mut words: Vec<&str> = text.split_whitespace().collect();
    let Some(last) = words.pop() else {
        return String::new();
    };
    let (nom, _) = nominative(last);
    words.push(&nom);
    words.join(" ")
}

/// A word's matching key: lowercase, then case ending, possessive and
/// accusative off (`берушінің` → `беруш`, `қызметті` → `қызмет`), so that
/// `қызмет берушінің` and `қызметті берушінің` name the same unit.
fn stem(word: &str) -> String {
    let mut w = String::with_capacity(word.len());
    stem_into(word, &mut w);
    w
}

/// [`stem`] into `w` (cleared first): one buffer for every word of a text.
fn stem_into(word: &str, w: &mut String) {
    w.clear();
    crate::normalize::lowercase_into(trimmed_word(word), w);
    if let Some((keep, replacement, _)) = case_ending(w) {
        w.truncate(keep);
        w.push_str(replacement);
    }
    let strip = |w: &mut String, endings: &[&str]| {
        if let Some(rest) = endings
            .iter()
            .find_map(|e| w.strip_suffix(e).filter(|rest| rest.chars().count() >= 4))
        {
            w.truncate(rest.len());
        }
    };
    strip(w, &["сы", "сі", "ы", "і"]);
    strip(w, &["ты", "ті", "ды", "ді", "ны", "ні"]);
    if let Some((cut, _)) = w.char_indices().nth(8) {
        w.truncate(cut);
    }
}

/// The actors of a regulation with their matching keys, stemmed once.
struct Cast<'a> {
    actors: &'a [Actor],
    keys: Vec<Vec<String>>,
    /// The heads of every key's words, sorted.
    heads: Vec<Head>,
}

impl<'a> Cast<'a> {
    fn new(actors: &'a [Actor]) -> Self {
        let keys: Vec<Vec<String>> = actors
            .iter()
            .map(|a| a.text.split_whitespace().map(stem).collect())
            .collect();
        let mut heads: Vec<Head> = keys.iter().flatten().map(|k| head(k)).collect();
        heads.sort_unstable();
        heads.dedup();
        Cast {
            actors,
            keys,
            heads,
        }
    }

    /// The stem of `word`, or `None` when no actor's phrase has a word
    /// starting as it does: most words of a step are not actors' words, and
    /// stemming is the costly part of finding the performer.
    fn stem_if_named(&self, word: &str) -> Option<String> {
        self.heads
            .binary_search(&head(trimmed_word(word)))
            .is_ok()
            .then(|| stem(word))
    }
}

/// The first letters of a word, lowercased: a stem starts with those of its
/// word ([`stem`] cuts endings only after the third letter).
type Head = [char; 3];

fn head(word: &str) -> Head {
    let mut h = ['\0'; 3];
    for (slot, c) in h.iter_mut().zip(word.chars()) {
        *slot = crate::normalize::lower_char(c);
    }
    h
}

/// A word without the punctuation around it, as [`stem`] takes it.
fn trimmed_word(word: &str) -> &str {
    word.trim_matches(|c: char| !is_letter_or_digit(c) && c != '-')
}

/// The performer of a step: the first actor named in the nominative, or in
/// the genitive before a verbal noun (`… қызметкерінің … қабылдауы`).
/// Recipients (`басшысына береді`) are not performers.
fn performer<'a>(text: &str, cast: &Cast<'a>) -> Option<(&'a Actor, String)> {
    // The performer is named near the start; a long text need not be
    // stemmed to its end.
    const LOOK: usize = 48;
    let words: Vec<&str> = text.split_whitespace().take(LOOK).collect();
    // Stemmed only as far as the phrases looked at reach: the performer is
    // usually among the first words, and stemming is the costly part.
    let mut stems: Vec<Option<String>> = Vec::with_capacity(words.len());
    let verbal_noun = || {
        text.split_whitespace().any(|w| {
            let w = w.trim_end_matches([',', ';', '.']);
            ["уы", "уі", "уын", "уін"].iter().any(|e| w.ends_with(e))
        })
    };
    let keys = &cast.keys;
    let actors = cast.actors;
    let longest_key = keys.iter().map(Vec::len).max().unwrap_or(0);
    for i in 0..words.len().min(40) {
        let reach = words.len().min(i + longest_key.max(1));
        // A word no actor's phrase could hold stands as no stem at all.
        stems.extend(
            words[stems.len().min(reach)..reach]
                .iter()
                .map(|w| cast.stem_if_named(w)),
        );
        // The longest actor phrase starting here; a text may shorten the
        // phrase of the list from the left (`бөлім қызметкері` for
        // `көрсетілетін қызметті беруші бөлімінің қызметкері`).
        let mut best: Option<(usize, usize)> = None;
        // A phrase can only start at a word some phrase holds.
        let Some(first) = stems[i].as_deref() else {
            continue;
        };
        for (a, key) in keys.iter().enumerate() {
            let shortest = key.len().min(2);
            for len in (shortest..=key.len()).rev() {
                if len == 0 || i + len > words.len() || key[key.len() - len] != first {
                    continue;
                }
                let tail = &key[key.len() - len..];
                if stems[i..i + len]
                    .iter()
                    .zip(tail)
                    .all(|(s, k)| s.as_deref() == Some(k.as_str()))
                {
                    if best.is_none_or(|(_, l)| len > l) {
                        best = Some((a, len));
                    }
                    break;
                }
            }
        }
        let Some((a, len)) = best else { continue };
        let last = lower(words[i + len - 1].trim_end_matches([',', ';', '.', ')']));
        let case = case_of(&last);
        let followed_by_possessed = words.get(i + len).is_some_and(|w| {
            let w = lower(w);
            w.ends_with("сы") || w.ends_with("сі") || w.ends_with("ы") || w.ends_with("і")
        });
        let performs = match case {
            Case::Nominative => true,
            // `… органның басшысы қарайды`: the unit's head acts for it.
            Case::Genitive if followed_by_possessed => {
                let head = lower(words[i + len].trim_end_matches([',', ';', '.']));
                return (case_of(&head) == Case::Nominative || verbal_noun())
                    .then(|| (&actors[a], words[i..=i + len].join(" ")));
            }
            Case::Genitive => verbal_noun(),
            Case::Other => false,
        };
        if performs {
            return Some((&actors[a], words[i..i + len].join(" ")));
        }
    }
    None
}

/// The steps of the procedures item and, when it states it, the term.
fn steps(
    item: &Node,
    wf: &Workflow,
    cast: &Cast<'_>,
    results: Option<&Node>,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<Step>, Option<Term>) {
    let nodes: Vec<&Node> = item.children.iter().skip(1).collect();
    let mut out: Vec<Step> = Vec::new();
    let mut term_at = None;
    for (k, node) in nodes.iter().enumerate() {
        let text = node.text.as_deref().unwrap_or("");
        match node.kind {
            NodeKind::Note => continue,
            NodeKind::Paragraph if is_term(node) => {
                term_at = Some(k);
                break;
            }
            NodeKind::Paragraph if node.lower_text().starts_with("нәтижесі") => {
                if let Some(prev) = out.last_mut() {
                    let from = text.find(['-', '–', ':']).map(|p| p + 1).unwrap_or(0);
                    prev.result = part(node, from..text.len()).or_else(|| fact(node));
                    continue;
                }
            }
            _ => {}
        }
        let (kind, label, number, body) = step_shape(node);
        let n = out.len() + 1;
        let (actor, actor_text) = match performer(body.text.as_deref().unwrap_or(""), cast) {
            Some((a, t)) => (Some(a.id.clone()), Some(t)),
            None => (None, None),
        };
        let found = durations(body, 0);
        for d in found.iter().filter(|d| d.conflict) {
            diagnostics.push(conflict(d, node));
        }
        out.push(Step {
            id: format!("{}#step{n}", wf.id),
            node: node.id.clone(),
            label,
            number,
            kind,
            actor,
            actor_text,
            text: body.text.clone().unwrap_or_default(),
            durations: found,
            result: None,
            span: node.span,
        });
    }
    if let Some(results) = results {
        let listed: Vec<&Node> = results
            .children
            .iter()
            .filter(|c| c.kind == NodeKind::SubItem)
            .collect();
        for step in out.iter_mut().filter(|s| s.kind != StepType::Paragraph) {
            let Some(n) = step.number else { continue };
            if step.result.is_none() {
                if let Some(r) = listed.iter().find(|r| r.number == Some(n)) {
                    step.result = fact(r);
                }
            }
        }
    }
    let term = term_at.and_then(|k| term(&nodes[k..]));
    (out, term)
}

/// A step's kind, label, number and the node holding its words.
fn step_shape(node: &Node) -> (StepType, Option<String>, Option<u32>, &Node) {
    let inner = node.children.iter().find(|c| c.kind == NodeKind::Step);
    match (node.kind, inner) {
        (NodeKind::SubItem, Some(step)) => (
            step_type(step.step_kind),
            step.label.clone(),
            step.number,
            step,
        ),
        (NodeKind::SubItem, None) => (StepType::Action, node.label.clone(), node.number, node),
        (NodeKind::Step, _) => (
            step_type(node.step_kind),
            node.label.clone(),
            node.number,
            node,
        ),
        _ => (StepType::Paragraph, None, None, node),
    }
}

fn step_type(kind: Option<StepKind>) -> StepType {
    match kind {
        Some(StepKind::Condition) => StepType::Condition,
        Some(StepKind::Process) => StepType::Process,
        _ => StepType::Action,
    }
}

fn conflict(d: &Duration, node: &Node) -> Diagnostic {
    Diagnostic {
        severity: Severity::Warning,
        code: "X001",
        message: format!(
            "digits and words disagree in `{}`: {} vs {}",
            d.text,
            d.value,
            d.words_value
                .map(|v| v.to_string())
                .unwrap_or_else(|| "unreadable words".to_owned())
        ),
        span: d.span,
        line: node.line,
        column: node.column,
    }
}

/// The words of a step for comparison, stemmed, sorted and each once: two
/// steps' sets are compared by one merge. `known` holds the stems of the
/// words met so far, by the word as printed: item 8 repeats the words of
/// item 5, and stemming each word anew was most of the cost of comparing.
fn words<'t>(text: &'t str, known: &mut Stems<'t>) -> Vec<u64> {
    // A stem stands as its hash: two sets are compared, never shown, and a
    // string per word was most of the cost of the comparison.
    let mut words: Vec<u64> = text
        .split_whitespace()
        .filter_map(|w| {
            *known.words.entry(w).or_insert_with(|| {
                stem_into(w, &mut known.stemmed);
                // A collision among the few dozen words of two steps is not
                // to be expected.
                (known.stemmed.chars().count() > 2)
                    .then(|| crate::fnv::fnv1a(known.stemmed.as_bytes()))
            })
        })
        .collect();
    words.sort_unstable();
    words.dedup();
    words
}

/// The stems [`words`] has made, each word's hash (`None`: too short to
/// count), and one buffer to stem into.
#[derive(Default)]
struct Stems<'t> {
    words: crate::fnv::FnvMap<&'t str, Option<u64>>,
    stemmed: String,
}

/// How many words two sorted sets of [`words`] share.
fn shared(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut common) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    common
}

/// A step's durations as printed, for a message.
fn shown_durations(step: &Node) -> String {
    let texts: Vec<String> = durations(step_shape(step).3, 0)
        .into_iter()
        .map(|d| d.text)
        .collect();
    if texts.is_empty() {
        "no duration".to_owned()
    } else {
        texts.join(", ")
    }
}

/// The numbered steps of an item with their label and words.
fn numbered_steps(item: &Node) -> Vec<(&Node, String)> {
    item.children
        .iter()
        .filter(|c| matches!(c.kind, NodeKind::SubItem | NodeKind::Step))
        .map(|c| {
            let (_, label, _, body) = step_shape(c);
            (
                c,
                format!(
                    "{} {}",
                    label.unwrap_or_default(),
                    body.text.as_deref().unwrap_or("")
                ),
            )
        })
        .collect()
}

/// Item 8 usually repeats item 5: steps that differ are reported, naming both.
fn cross_check(
    procedures: &Node,
    sequence: &Node,
    steps: &[Step],
    cast: &Cast<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let a = numbered_steps(procedures);
    let b = numbered_steps(sequence);
    let name = |item: &Node| item.label.clone().unwrap_or_default();
    let say =
        |diagnostics: &mut Vec<Diagnostic>, code: &'static str, message: String, node: &Node| {
            diagnostics.push(Diagnostic {
                severity: Severity::Warning,
                code,
                message,
                span: node.span,
                line: node.line,
                column: node.column,
            });
        };
    if a.len() != b.len() {
        say(
            diagnostics,
            "X002",
            format!(
                "item {} lists {} numbered steps, item {} lists {}",
                name(procedures),
                a.len(),
                name(sequence),
                b.len()
            ),
            sequence,
        );
    }
    let mut stems = Stems::default();
    for ((na, ta), (nb, tb)) in a.iter().zip(b.iter()) {
        // The same label and words: the same procedure, durations and
        // performer. Item 8 mostly repeats item 5 word for word, and
        // stemming both was the largest cost of extraction.
        if ta == tb {
            continue;
        }
        let (wa, wb) = (words(ta, &mut stems), words(tb, &mut stems));
        let common = shared(&wa, &wb);
        let union = (wa.len() + wb.len() - common).max(1) as f64;
        let common = common as f64;
        let la = na.label.clone().unwrap_or_default();
        let lb = nb.label.clone().unwrap_or_default();
        // Worded differently enough that a reader would not take them for
        // the same procedure.
        if common / union < 0.3 {
            say(
                diagnostics,
                "X003",
                format!("step {la} of item {} and step {lb} of item {} are worded as different procedures", name(procedures), name(sequence)),
                nb,
            );
        }
        let da: Vec<(u32, duration::Unit)> = durations(step_shape(na).3, 0)
            .iter()
            .map(|d| (d.value, d.unit))
            .collect();
        let db: Vec<(u32, duration::Unit)> = durations(step_shape(nb).3, 0)
            .iter()
            .map(|d| (d.value, d.unit))
            .collect();
        if da != db {
            say(
                diagnostics,
                "X004",
                format!(
                    "step {la} of item {} takes {}, step {lb} of item {} takes {}",
                    name(procedures),
                    shown_durations(na),
                    name(sequence),
                    shown_durations(nb)
                ),
                nb,
            );
        }
        // The procedure's performer as its step already names it; the
        // sequence's is looked for only when there is one to differ from.
        let body_performer = |n: &Node| {
            performer(step_shape(n).3.text.as_deref().unwrap_or(""), cast).map(|(a, _)| &a.id)
        };
        let pa = match steps.iter().find(|s| s.node == na.id) {
            Some(step) => step.actor.as_ref(),
            None => body_performer(na),
        };
        let pb = pa.and_then(|_| body_performer(nb));
        if pa.is_some() && pb.is_some() && pa != pb {
            say(
                diagnostics,
                "X005",
                format!(
                    "step {la} of item {} and step {lb} of item {} name different performers",
                    name(procedures),
                    name(sequence)
                ),
                nb,
            );
        }
    }
}

/// The channel a flow runs through, from the words that introduce it.
fn flow_channel(title: &str) -> FlowChannel {
    let t = lower(title);
    if has!(t, "корпорация") || has!(t, "хқо") {
        FlowChannel::StateCorporation
    } else if has!(t, "портал") || has!(t, "алушы арқылы") {
        FlowChannel::Portal
    } else if has!(t, "беруші арқылы") || has!(t, "қызмет беруші") || has!(t, "ақпараттық жүйе")
    {
        FlowChannel::Provider
    } else {
        FlowChannel::Other
    }
}

/// The electronic flows (chapter 4): in each item, a run of numbered
/// sub-items and steps after a lead-in, holding at least one process or
/// condition.
fn flows(items: &[&Node], reg_id: &str) -> Vec<Flow> {
    let mut out = Vec::new();
    for item in items {
        let mut title: Option<&Node> = None;
        let mut run: Vec<&Node> = Vec::new();
        let mut runs: Vec<(Option<&Node>, Vec<&Node>)> = Vec::new();
        for child in &item.children {
            match child.kind {
                NodeKind::SubItem | NodeKind::Step => run.push(child),
                // A lead-in (`… реттілігі:`) opens a new flow; other
                // paragraphs between steps do not.
                NodeKind::Lead | NodeKind::Paragraph
                    if child
                        .text
                        .as_deref()
                        .is_some_and(|t| t.trim_end().ends_with(':'))
                        || child.kind == NodeKind::Lead =>
                {
                    if !run.is_empty() {
                        runs.push((title, std::mem::take(&mut run)));
                    }
                    title = Some(child);
                }
                _ => {}
            }
        }
        if !run.is_empty() {
            runs.push((title, run));
        }
        for (title, run) in runs {
            let shaped: Vec<_> = run.iter().map(|n| (*n, step_shape(n))).collect();
            if !shaped
                .iter()
                .any(|(_, s)| matches!(s.0, StepType::Process | StepType::Condition))
            {
                continue;
            }
            let id = format!("{reg_id}#flow{}", out.len() + 1);
            let title_node = title.unwrap_or(item);
            let Some(title_fact) = fact(title_node) else {
                continue;
            };
            let mut steps: Vec<FlowStep> = shaped
                .iter()
                .enumerate()
                .map(|(k, (node, (kind, label, number, body)))| FlowStep {
                    id: format!("{id}.step{}", k + 1),
                    node: node.id.clone(),
                    label: label.clone(),
                    number: *number,
                    kind: *kind,
                    text: body.text.clone().unwrap_or_default(),
                    durations: durations(body, 0),
                    on_failure: None,
                    span: node.span,
                })
                .collect();
            link_failures(&mut steps);
            out.push(Flow {
                id,
                node: item.id.clone(),
                channel: flow_channel(&title_fact.text),
                title: title_fact,
                steps,
            });
        }
    }
    out
}

/// A condition's failure branch: the next process that forms a refusal
/// message (`… бас тарту туралы хабарлама қалыптастыру`), when it follows
/// right after the condition.
fn link_failures(steps: &mut [FlowStep]) {
    for k in 0..steps.len() {
        if steps[k].kind != StepType::Condition {
            continue;
        }
        let Some(next) = steps.get(k + 1) else {
            continue;
        };
        let t = lower(&next.text);
        let refusal = has!(t, "бас тарт") || has!(t, "мүмкін еместігі") || has!(t, "қолхат");
        if next.kind == StepType::Process && refusal && (has!(t, "хабарлама") || has!(t, "қолхат"))
        {
            let target = next.id.clone();
            steps[k].on_failure = Some(target);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

    #[test]
    fn what_a_regulation_derived_is_dropped_once_it_is_read() {
        // Kept to the end, the lowercase and durations of every node were a
        // tenth of a large input's memory.
        let corpus = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/corpus")).unwrap();
        let (mut derived, mut regulations) = (0, 0);
        for entry in corpus {
            let bytes = std::fs::read(entry.unwrap().path()).unwrap();
            let decoded = crate::decode::decode(&bytes).unwrap();
            let mut tree = crate::segment::segment(&decoded).tree;
            let mut diagnostics = Vec::new();
            // Read without dropping: the extraction does derive values.
            let mut read = Vec::new();
            for reg in tree.walk().filter(|n| n.kind == NodeKind::Regulation) {
                read.push(workflow(reg, None, &mut diagnostics));
                derived += reg.walk().filter(|n| n.derived.get().is_some()).count();
            }
            let mut unused = Vec::new();
            let workflows = workflows(&mut tree, &mut unused);
            regulations += workflows.len();
            assert_eq!(workflows.len(), read.len());
            assert!(tree.walk().all(|n| n.derived.get().is_none()));
        }
        assert!(
            regulations >= 10 && derived > 100,
            "{regulations} {derived}"
        );
    }

    #[test]
    fn a_stem_starts_with_the_head_of_its_word() {
        // `Cast::stem_if_named` passes over words by their head: that is
        // only right if stemming never changes a word's first letters.
        let corpus = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/corpus")).unwrap();
        let mut words = 0;
        for entry in corpus {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            for word in text.split_whitespace() {
                assert_eq!(head(&stem(word)), head(trimmed_word(word)), "{word}");
                words += 1;
            }
        }
        assert!(words > 10_000);
        assert_eq!(head("Бөлімінің"), ['б', 'ө', 'л']);
        assert_eq!(head("ол"), ['о', 'л', '\0']);
    }

    /// What `case_ending` passes over endings by: their last letter, and
    /// their last four bytes (two two-byte letters at least).
    #[test]
    fn every_case_ending_is_as_case_ending_looks_for_it() {
        for (ending, _) in ENDINGS {
            assert!(ending.ends_with(['ң', 'н', 'а', 'е']), "{ending}");
            assert!(ending.chars().count() >= 2, "{ending}");
            assert!(ending.chars().all(|c| c.len_utf8() == 2), "{ending}");
        }
        // Words of the corpus's kinds of endings, as found by a plain
        // search for the longest ending, each with three letters of stem.
        for word in [
            "басшысына",
            "маманға",
            "қызметкерінің",
            "бөлімнен",
            "ол",
            "ана",
            "ға",
        ] {
            let plain = ENDINGS.iter().find_map(|(ending, replacement)| {
                let stem = word.strip_suffix(ending)?;
                (stem.chars().count() >= 3).then_some((stem.len(), *replacement))
            });
            assert_eq!(case_ending(word).map(|(k, r, _)| (k, r)), plain, "{word}");
        }
    }

    #[test]
    fn canonical_names_lose_their_case_endings() {
        assert_eq!(
            canonical_name("көрсетілетін қызметті берушінің басшысына"),
            "көрсетілетін қызметті берушінің басшысы"
        );
        assert_eq!(
            canonical_name("көрсетілетін қызметті берушінің басшысының"),
            "көрсетілетін қызметті берушінің басшысы"
        );
        assert_eq!(
            canonical_name("көрсетілетін қызметті беруші басшысының орынбасары"),
            "көрсетілетін қызметті беруші басшысының орынбасары"
        );
        assert_eq!(canonical_name("жауапты орындаушыға"), "жауапты орындаушы");
        assert_eq!(canonical_name("маманның"), "маман");
        assert_eq!(canonical_name("комиссия"), "комиссия");
        assert_eq!(canonical_name("келісуші органдар"), "келісуші органдар");
    }

    fn actor(n: usize, text: &str) -> Actor {
        Actor {
            id: format!("r#actor{n}"),
            text: text.to_owned(),
            name: canonical_name(text),
            span: Span::new(0, 0),
        }
    }

    #[test]
    fn the_performer_is_the_nominative_or_the_genitive_before_a_verbal_noun() {
        let actors = vec![
            actor(1, "көрсетілетін қызметті берушінің кеңсе қызметкері"),
            actor(2, "көрсетілетін қызметті берушінің басшысы"),
            actor(3, "маман"),
        ];
        let cast = Cast::new(&actors);
        let p = |t: &str| performer(t, &cast).map(|(a, _)| a.id.clone());
        assert_eq!(
            p("көрсетілетін қызметті берушінің басшысы 2 (екі) сағат ішінде құжаттарды қарайды"),
            Some("r#actor2".into())
        );
        assert_eq!(
            p("көрсетілетін қызметті берушінің кеңсе қызметкерінің көрсетілетін қызметті алушыдан құжаттарды қабылдауы және тіркеуі"),
            Some("r#actor1".into())
        );
        // A recipient is not the performer.
        assert_eq!(
            p("құжаттарды көрсетілетін қызметті берушінің басшысына береді"),
            None
        );
        assert_eq!(
            p("маман жер учаскесінің мақсатын анықтайды"),
            Some("r#actor3".into())
        );
    }

    #[test]
    fn result_types_come_from_the_vocabulary_not_from_references() {
        assert_eq!(
            result_types("жер учаскесінің нысаналы мақсатын өзгерту туралы қаулы немесе Министрдің № 272 бұйрығымен бекітілген \"Жер учаскесінің … шешім беру\" стандартының 10-тармағында көзделген негіздер бойынша бас тарту туралы дәлелді жауап."),
            vec![ResultType::Resolution, ResultType::MotivatedRefusal]
        );
        assert_eq!(
            result_types("лицензия беру, қайта ресімдеу немесе бас тарту туралы дәлелді жауап"),
            vec![
                ResultType::ReissuedLicence,
                ResultType::Licence,
                ResultType::MotivatedRefusal
            ]
        );
    }

    /// The service name read by hand is the pattern it replaced, group and
    /// all, on every line end of the corpus and on every short string of
    /// quotes, words and line feeds.
    #[test]
    fn quoted_name_is_the_pattern() {
        let pattern = Regex::new(r#"["«](.+)["»]\s*(?:[Мм]емлекеттік|$)"#).unwrap();
        let mut texts = crate::corpus_line_ends_and(&[
            "\"Жер учаскесін \"беру\"\" мемлекеттік көрсетілетін қызмет регламенті",
            "«Анықтама беру» Мемлекеттік",
            "\"а\"\n\"б\" ",
        ]);
        let pieces = ["\"", "«", "»", "а", " ", "\n", "Мемлекеттік", "мемлекеттік"];
        texts.extend(crate::every_string_of(&pieces, 5));
        let names = crate::same_answers(
            &texts,
            |t| pattern.captures(t).map(|c| c.get(1).unwrap().range()),
            quoted_name,
            Option::is_some,
        );
        assert!(names >= 1000, "{names}");
    }

    /// The provider's alias by hand is the pattern it replaced, on every
    /// line end of the corpus, in capitals, and on every string of up to
    /// four of its pieces (each run meeting what may and may not follow it).
    #[test]
    fn provider_alias_is_the_pattern() {
        let pattern = Regex::new(
            r"(?i)\(\s*бұдан\s*[-–—]?\s*әрі\s*[-–—]?\s*(?:көрсетілетін\s+)?қызмет(?:ті)?\s+беруші\w*\s*\)",
        )
        .unwrap();
        let mut ends = crate::corpus_line_ends_and(&[
            "(бұдан әрі – көрсетілетін қызметті беруші)",
            "(БҰДАН ӘРІ - ҚЫЗМЕТ БЕРУШІ)",
            "( бұдан-әрі—көрсетілетін  қызметті\u{a0}берушілер )",
            "(бұдан әрі көрсетілетінқызметті беруші)",
            "(бұдан әрі қызметтіберуші)",
            "(бұдан әрі қызмет\u{1C84}і беруші_1)",
            "((бұдан әрі қызмет беруші) (бұдан әрі қызмет беруші)",
        ]);
        for end in ends.clone() {
            ends.push(end.to_uppercase());
        }
        let pieces = [
            "(бұдан",
            "әрі",
            "көрсетілетін",
            "қызмет",
            "ті",
            "беруші",
            " ",
            "-",
            ")",
            "ы",
            "(",
        ];
        ends.extend(crate::every_string_of(&pieces, 4));
        let phrases = [
            "(бұдан әрі ",
            "көрсетілетін ",
            "қызметті ",
            "қызмет",
            "беруші",
            "лер",
            " ",
            ")",
            "-",
        ];
        ends.extend(crate::every_string_of(&phrases, 5));
        let found = crate::same_answers(
            &ends,
            |t| pattern.find(t).map(|m| m.range()),
            provider_alias,
            Option::is_some,
        );
        assert!(found >= 100, "{found}");
    }

    /// The references taken out of the lowercase text, by the prefilter and
    /// the pattern without `(?i)`, are what the case-insensitive pattern
    /// took out of the text, on every line end of the corpus as printed and
    /// in capitals.
    #[test]
    fn act_references_out_of_the_lowercase_are_the_case_insensitive_pattern() {
        let pattern = Regex::new(
            r#"(?i)\([^()]*\)|"[^"]*"|«[^»]*»|\S+\s+(?:қаулысымен|бұйрығымен|шешімімен)\s+бекітілген"#,
        )
        .unwrap();
        let mut ends = crate::corpus_line_ends_and(&[
            "№ 272 БҰЙРЫҒЫМЕН БЕКІТІЛГЕН стандарты",
            "(а) «б» \"в\" г",
            "(а (б) в) «г «д» е» \"ж",
            "a(b қаулысымен\u{a0}бекітілген x қаулысымен  бекітілгенжәне",
        ]);
        // The references' pieces in every order: brackets and quotes within
        // and across each other and the words of an approval.
        let pieces = [
            "(",
            ")",
            "\"",
            "«",
            "»",
            "а",
            " ",
            "\n",
            "қаулысымен",
            "шешімімен",
            "бекітілген",
        ];
        ends.extend(crate::every_string_of(&pieces, 4));
        let phrases = ["а", "(б", ")", " ", "қаулысымен ", "бекітілген", "\""];
        ends.extend(crate::every_string_of(&phrases, 5));
        let mut taken = 0;
        for end in ends.iter().flat_map(|e| [e.clone(), e.to_uppercase()]) {
            let want = lower(&pattern.replace_all(&end, " "));
            assert_eq!(without_act_references(&end), want, "{end:?}");
            taken += usize::from(pattern.is_match(&end));
        }
        assert!(taken >= 10000, "{taken}");
    }

    /// Letters whose lowercase is printed in other bytes (the Kelvin sign,
    /// `İ`) before the phrases looked for: the offsets found in the
    /// lowercase text are the text's, the facts are the same as without
    /// them, and nothing panics (it did, inside `form`). On every corpus
    /// document that states a form.
    #[test]
    fn letters_of_another_length_in_lowercase_move_no_offset() {
        let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let phrase = "көрсету нысаны";
        let mut documents = 0;
        for entry in std::fs::read_dir(corpus).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            if !text.contains(phrase) {
                continue;
            }
            let odd = text.replace(phrase, &format!("\u{212A}İ\u{2126} {phrase}"));
            let (plain, odd) = (
                crate::parse(text.as_bytes(), "plain.txt").unwrap(),
                crate::parse(odd.as_bytes(), "odd.txt").unwrap(),
            );
            let forms = |d: &crate::model::Document| -> Vec<_> {
                d.regulations
                    .iter()
                    .map(|r| r.form.as_ref().map(|f| (f.values.clone(), f.text.clone())))
                    .collect()
            };
            assert!(forms(&plain).iter().any(Option::is_some));
            assert_eq!(forms(&odd), forms(&plain));
            documents += 1;
        }
        assert!(documents >= 2, "{documents}");
    }
}
