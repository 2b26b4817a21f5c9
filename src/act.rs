//! The document tree in, the legal context out (DOMAIN.md §2, §6): the act's
//! metadata, every note as a structured amendment record, the stamps that
//! tie appendices and regulations to their acts, and the amendment
//! instructions in an amending act's points.
//!
//! References to acts are read the same way everywhere (metadata, notes,
//! stamps, instructions): the issuing authority in the genitive, a date, a
//! number after `№`, and the act's type word (`қаулысы`, `бұйрығымен`, …).
//! A field the text does not give is `null`; an impossible date is a
//! diagnostic, never a guess.

use std::ops::Range;
use std::sync::LazyLock;

use crate::normalize::lowercase as lower;
use serde::Serialize;

use crate::dates;
use crate::markers::{self, caseless_char, is_decimal_digit, At};
use crate::model::{Diagnostic, Node, NodeKind, Severity, Span};
use crate::workflow::Fact;

/// What kind of act a reference names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ActKind {
    /// `қаулы`: a resolution of an executive body (әкімдік).
    Resolution,
    /// `бұйрық`: an order of a minister.
    Order,
    /// `бірлескен бұйрық`: a joint order.
    JointOrder,
    /// `шешім`: a decision (of a maslikhat).
    Decision,
    /// `Заң`: a law.
    Law,
    /// `Кодекс`: a code.
    Code,
}

/// An act's type as printed and as data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActType {
    pub kind: ActKind,
    /// The Kazakh word as printed (`қаулысы`, `бұйрығымен`).
    pub word: String,
    pub span: Span,
}

/// A date as printed, with its ISO value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DateFact {
    /// `YYYY-MM-DD`, or null when the printed date is impossible.
    pub iso: Option<String>,
    pub text: String,
    pub span: Span,
}

/// The body that issued an act: as printed, and in the nominative.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Authority {
    /// As printed (`Алматы қаласы әкімдігінің`).
    pub text: String,
    /// In the nominative (`Алматы қаласы әкімдігі`).
    pub nominative: String,
    pub span: Span,
}

/// A reference to an act: who, when, which number, what type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActRef {
    pub authority: Option<Authority>,
    pub date: Option<DateFact>,
    /// The act's number (`3/553`, `18-03/390`).
    pub number: Option<Fact>,
    pub act_type: Option<ActType>,
    /// Its number in the register of normative legal acts, where printed.
    pub registration_number: Option<Fact>,
    pub text: String,
    pub span: Span,
}

/// An act's status line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ActStatusValue {
    /// `Күшін жойған`.
    Repealed,
    /// `Қолданыстағы`.
    InForce,
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActStatus {
    pub value: ActStatusValue,
    pub text: String,
    pub span: Span,
}

/// Registration of the act by the Justice body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Registration {
    pub date: Option<DateFact>,
    pub number: Option<Fact>,
    /// The registering body (`Алматы қаласы Әділет департаментінде`).
    pub body: Option<Fact>,
    pub text: String,
    pub span: Span,
}

/// Who signed: the position and the name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Signature {
    pub position: Option<Fact>,
    pub name: Option<Fact>,
    pub text: String,
    pub span: Span,
}

/// A law (or code) the preamble cites as the act's basis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LegalBasis {
    /// The law's title (the quoted part).
    pub title: Option<Fact>,
    pub date: Option<DateFact>,
    /// The articles, items and sub-items cited (`16-бабының 3-тармағына`).
    pub articles: Vec<Fact>,
    pub act_type: Option<ActType>,
    pub text: String,
    pub span: Span,
}

/// What an amendment instruction does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InstructionKind {
    /// `… жаңа редакцияда мазмұндалсын/жазылсын`: a new wording.
    Replace,
    /// `… алынып тасталсын`.
    Delete,
    /// `… толықтырылсын`.
    Insert,
    /// `… күші жойылды деп танылсын`.
    Repeal,
    /// Reads like an instruction but could not be understood.
    Unknown,
}

/// One amendment instruction of an amending act's points (DOMAIN.md §2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Instruction {
    pub kind: InstructionKind,
    /// The tree node the instruction was read from.
    pub node: String,
    /// The act being amended.
    pub target_act: Option<ActRef>,
    /// What in it: `1 тармақтағы 4), 5) және 6) тармақшалар`, a regulation's name.
    pub targets: Vec<Fact>,
    /// For a new wording: the appendix of this act that carries it.
    pub appendix: Option<String>,
    /// …and the regulation in that appendix.
    pub regulation: Option<String>,
    pub text: String,
    pub span: Span,
}

/// The act's metadata (DOMAIN.md §2). Present when the document is an act.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Act {
    pub title: Option<Fact>,
    pub status: Option<ActStatus>,
    pub act_type: Option<ActType>,
    pub authority: Option<Authority>,
    pub adopted_date: Option<DateFact>,
    pub number: Option<Fact>,
    pub registration: Option<Registration>,
    pub repealed_by: Option<ActRef>,
    pub signature: Option<Signature>,
    pub enacting_formula: Option<Fact>,
    pub legal_basis: Vec<LegalBasis>,
    pub instructions: Vec<Instruction>,
}

/// What a note says happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NoteKind {
    /// `Күші жойылды`.
    Repealed,
    /// `… жаңа редакцияда`.
    NewWording,
    /// `… алып тасталды`.
    Excluded,
    /// `… толықтырылды`.
    Supplemented,
    /// `… өзгерістер енгізілді`.
    Amended,
    /// `… тақырыбы жаңа редакцияда`.
    TitleChanged,
    /// `РҚАО-ның ескертпесі`: the database's editorial remark.
    Editorial,
    Other,
}

/// What a note speaks of.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NoteTarget {
    /// As printed: `Регламент`, `3-тармақ`, `2-қосымша`, `Бұйрықтың тақырыбы`.
    pub text: String,
    /// The node it names, where that node exists.
    pub node: Option<String>,
}

/// A note (`Ескерту. …`, DOMAIN.md §6) as an amendment record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Note {
    /// The note's own node.
    pub node: String,
    pub kind: NoteKind,
    /// The node the note belongs to (the act, a regulation, an item, an appendix).
    pub attached_to: String,
    pub target: Option<NoteTarget>,
    /// The act that did it.
    pub by: Option<ActRef>,
    /// The amending act's entry-into-force rule (`алғашқы ресми жарияланған күнінен кейін …`).
    pub entry_into_force: Option<Fact>,
    pub text: String,
    pub span: Span,
}

/// Which stamp.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StampKind {
    /// `… қаулысына 1 қосымша`: an appendix of an act.
    Appendix,
    /// `… регламентіне 1-қосымша`: a regulation's own appendix.
    RegulationAppendix,
    /// `… қаулысымен бекітілген`: the act that approved a regulation.
    Approval,
}

/// A stamp as a structured reference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stamp {
    pub node: String,
    pub kind: StampKind,
    /// The act the stamp names (none for a regulation's own appendix).
    pub act: Option<ActRef>,
    /// For a regulation's own appendix: the regulation.
    pub regulation: Option<String>,
    /// The appendix label as printed and its number (`2 - қосымша` → 2).
    pub label: Option<String>,
    pub number: Option<u32>,
    pub text: String,
    pub span: Span,
}

/// The legal context of one document.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Context {
    pub act: Option<Act>,
    pub notes: Vec<Note>,
    pub stamps: Vec<Stamp>,
}

/// Read the legal context off a tree.
pub fn context(tree: &Node, diagnostics: &mut Vec<Diagnostic>) -> Context {
    let mut ctx = Context::default();
    let mut parents: Vec<&Node> = Vec::new();
    collect_notes(tree, &mut parents, tree, &mut ctx.notes, diagnostics);
    collect_stamps(tree, None, &mut ctx.stamps);
    ctx.act = act(tree, diagnostics);
    ctx
}

// ---------------------------------------------------------------- references

/// A part of a node's text as a fact, trimmed.
fn part(node: &Node, start: usize, end: usize) -> Option<Fact> {
    located_part(node, start, end).map(|(fact, _)| fact)
}

/// [`part`], with where in the node's text it starts.
fn located_part(node: &Node, start: usize, end: usize) -> Option<(Fact, usize)> {
    Fact::located(node, start..end, &[',', ';', '-', '–', '—', ':'])
}

fn whole(node: &Node) -> Option<Fact> {
    let text = node.text.as_deref()?;
    part(node, 0, text.len())
}

/// The act's number after `№`: `№\s*([0-9A-Za-zА-Яа-яӘәҒғҚқҢңӨөҰұҮүҺһІі][…/\-]*)`
/// by hand (each pattern costs a run a fifth of a millisecond to compile,
/// more than reading every number of a document).
fn act_number(seg: &str) -> Option<Range<usize>> {
    // A character of a number: an ASCII letter or digit, or a letter of the
    // Kazakh alphabet without `ё`.
    fn number_char(c: char) -> bool {
        c.is_ascii_alphanumeric()
            || ('А'..='я').contains(&c)
            || matches!(
                c,
                'Ә' | 'ә'
                    | 'Ғ'
                    | 'ғ'
                    | 'Қ'
                    | 'қ'
                    | 'Ң'
                    | 'ң'
                    | 'Ө'
                    | 'ө'
                    | 'Ұ'
                    | 'ұ'
                    | 'Ү'
                    | 'ү'
                    | 'Һ'
                    | 'һ'
                    | 'І'
                    | 'і'
            )
    }
    seg.match_indices('№').find_map(|(at, sign)| {
        let after = &seg[at + sign.len()..];
        let number = after.trim_start_matches(char::is_whitespace);
        let start = seg.len() - number.len();
        number.starts_with(number_char).then(|| {
            let len = number
                .find(|c: char| !(number_char(c) || c == '/' || c == '-'))
                .unwrap_or(number.len());
            start..start + len
        })
    })
}

fn act_kind(word: &str) -> Option<ActKind> {
    let w = lower(word);
    Some(if w.starts_with("бірлескен") {
        ActKind::JointOrder
    } else if w.starts_with("қаулы") {
        ActKind::Resolution
    } else if w.starts_with("бұйры") {
        ActKind::Order
    } else if w.starts_with("шешім") {
        ActKind::Decision
    } else if w.starts_with("заң") {
        ActKind::Law
    } else if w.starts_with("кодекс") {
        ActKind::Code
    } else {
        return None;
    })
}

fn date_fact(node: &Node, offset: usize, d: &dates::FoundDate) -> DateFact {
    let span = node
        .source_span(offset + d.start..offset + d.end)
        .unwrap_or(node.span);
    DateFact {
        iso: d.iso.clone(),
        text: d.text.clone(),
        span,
    }
}

/// The nominative of an authority printed in the genitive
/// (`Алматы қаласы әкімдігінің` → `Алматы қаласы әкімдігі`).
pub fn nominative_authority(text: &str) -> String {
    let mut words: Vec<String> = text.split_whitespace().map(str::to_owned).collect();
    // `… министрінің м.а.` (acting): the noun is the word before.
    let acting = words.last().is_some_and(|w| w == "м.а.");
    let at = if acting {
        words.len().saturating_sub(2)
    } else {
        words.len().saturating_sub(1)
    };
    if let Some(word) = words.get_mut(at) {
        for ending in ["ның", "нің", "дың", "дің", "тың", "тің"] {
            if let Some(stem) = word.strip_suffix(ending) {
                if stem.chars().count() >= 3 {
                    *word = stem.to_owned();
                    break;
                }
            }
        }
    }
    words.join(" ")
}

/// Read a reference to an act in `node.text[start..end]`: the authority
/// before the date, the date, `№ …`, the type word.
fn act_ref(node: &Node, start: usize, end: usize) -> Option<ActRef> {
    let text = node.text.as_deref()?;
    let seg = text.get(start..end)?;
    let found = dates::find_dates(seg);
    let date = found.first();
    let number = act_number(seg);
    let after_number = number.as_ref().map_or(date.map_or(0, |d| d.end), |m| m.end);
    let type_word = act_words(seg, after_number.min(seg.len()))
        .next()
        .or_else(|| act_words(seg, 0).next());
    if date.is_none() && number.is_none() {
        return None;
    }
    let authority_end = date
        .map(|d| d.start)
        .or(number.as_ref().map(|m| m.start.saturating_sub(2)))
        .unwrap_or(0);
    let authority = located_part(node, start, start + authority_end).and_then(|(f, at)| {
        // Only the words of the body: after the last dash or sentence break.
        let words = authority_words(&f.text);
        if words.is_empty() {
            return None;
        }
        let clean = &f.text[words.clone()];
        let span = node
            .source_span(at + words.start..at + words.end)
            .unwrap_or(f.span);
        Some(Authority {
            nominative: nominative_authority(clean),
            text: clean.to_owned(),
            span,
        })
    });
    let registration_number =
        register_number(seg).and_then(|m| part(node, start + m.start, start + m.end));
    let whole = part(node, start, end)?;
    Some(ActRef {
        authority,
        date: date.map(|d| date_fact(node, start, d)),
        number: number.and_then(|m| part(node, start + m.start, start + m.end)),
        act_type: type_word.and_then(|m| {
            let kind = act_kind(&seg[m.clone()])?;
            let span = node
                .source_span(start + m.start..start + m.end)
                .unwrap_or(node.span);
            Some(ActType {
                kind,
                word: seg[m].to_owned(),
                span,
            })
        }),
        registration_number,
        text: whole.text,
        span: whole.span,
    })
}

/// The authority is the genitive phrase right before the date: drop what
/// precedes it (`Күші жойылды -`, a quoted title, a sentence before). The
/// bytes of `text` it stands in.
fn authority_words(text: &str) -> Range<usize> {
    // The separators are looked for in every reference to an act, by
    // searchers built once (`str::rfind` builds its own at each call: eight
    // a reference).
    static SEPARATORS: LazyLock<[memchr::memmem::FinderRev<'static>; 8]> = LazyLock::new(|| {
        [" - ", " – ", " — ", "– ", "- ", "\" ", "» ", ". "].map(memchr::memmem::FinderRev::new)
    });
    let mut t = text.trim_end();
    // `Алматы қаласы әкімдігінің "… бекіту туралы"` + date: the title of the
    // act stands between the authority and the date.
    if let Some(inner) = t.strip_suffix('"') {
        if let Some(open) = inner.rfind('"') {
            t = inner[..open].trim_end();
        }
    } else if let Some(inner) = t.strip_suffix('»') {
        if let Some(open) = inner.rfind('«') {
            t = inner[..open].trim_end();
        }
    }
    // `t` is a prefix of `text` up to here, and only loses its start below.
    let mut from = 0;
    for sep in SEPARATORS.iter() {
        if let Some(p) = sep.rfind(t.as_bytes()) {
            let after = p + sep.needle().len();
            t = &t[after..];
            from += after;
        }
    }
    let kept = t.trim().trim_start_matches(['-', '–', ' ']);
    // Trimmed at both ends: what went from the start is the length lost
    // less what went from the end.
    let start = from + t.trim_end().len() - kept.len();
    start..start + kept.len()
}

// ---------------------------------------------------------------- the act

fn act(tree: &Node, diagnostics: &mut Vec<Diagnostic>) -> Option<Act> {
    let top = |kind: NodeKind| tree.children.iter().find(|c| c.kind == kind);
    let title = top(NodeKind::ActTitle);
    let metadata = top(NodeKind::Metadata);
    let preamble = top(NodeKind::Preamble);
    if title.is_none()
        && metadata.is_none()
        && preamble.is_none()
        && !tree.children.iter().any(|c| c.kind == NodeKind::Point)
    {
        return None;
    }
    let status = top(NodeKind::Status).and_then(|n| {
        let f = whole(n)?;
        let value = match f.text.as_str() {
            "Күшін жойған" | "Күші жойылған" => ActStatusValue::Repealed,
            "Қолданыстағы" | "Күшін жоймаған" => ActStatusValue::InForce,
            _ => ActStatusValue::Unknown,
        };
        Some(ActStatus {
            value,
            text: f.text,
            span: f.span,
        })
    });
    let mut act = Act {
        title: title.and_then(whole),
        status,
        act_type: None,
        authority: None,
        adopted_date: None,
        number: None,
        registration: None,
        repealed_by: None,
        signature: tree
            .children
            .iter()
            .find(|c| c.kind == NodeKind::Signature)
            .and_then(signature),
        enacting_formula: preamble.and_then(|p| {
            let t = p.text.as_deref()?;
            let r = markers::enacting_formula(t)?;
            part(p, r.start, r.end)
        }),
        legal_basis: preamble.map(legal_basis).unwrap_or_default(),
        instructions: instructions(tree, diagnostics),
    };
    if let Some(meta) = metadata {
        read_metadata(meta, &mut act);
    }
    if let Some(meta) = metadata {
        for d in [
            act.adopted_date.as_ref(),
            act.registration.as_ref().and_then(|r| r.date.as_ref()),
        ]
        .into_iter()
        .flatten()
        {
            impossible(d, meta, diagnostics);
        }
    }
    Some(act)
}

/// An impossible date (`31 ақпан`) is reported, never corrected.
fn impossible(d: &DateFact, node: &Node, diagnostics: &mut Vec<Diagnostic>) {
    if d.iso.is_none() {
        diagnostics.push(Diagnostic {
            severity: Severity::Warning,
            code: "A001",
            message: format!("`{}` is not a possible date", d.text),
            span: d.span,
            line: node.line.max(1),
            column: node.column.max(1),
        });
    }
}

/// `<authority> <date> № <n> қаулысы. <body> <date> № <n> болып тіркелді.
/// Күші жойылды - <authority> <date> № <n> қаулысымен`.
fn read_metadata(meta: &Node, act: &mut Act) {
    let Some(text) = meta.text.as_deref() else {
        return;
    };
    let registered = find!(text, "тіркелді").or_else(|| find!(text, "тіркелген"));
    let repealed = find!(text, "Күші жойылды");
    let first_end = registered
        .and_then(|r| text[..r].rfind(". ").map(|p| p + 1))
        .or(repealed)
        .unwrap_or(text.len());
    if let Some(adopted) = act_ref(meta, 0, first_end) {
        act.authority = adopted.authority.clone();
        act.adopted_date = adopted.date.clone();
        act.number = adopted.number.clone();
        act.act_type = adopted.act_type.clone();
    }
    if let Some(r) = registered {
        let reg_start = first_end.min(r);
        let reg_end = text[r..].find('.').map(|p| r + p + 1).unwrap_or(text.len());
        let seg = &text[reg_start..reg_end];
        let found = dates::find_dates(seg);
        let date = found.first();
        let body = date.and_then(|d| part(meta, reg_start, reg_start + d.start));
        let number = registration_number(seg)
            .and_then(|m| part(meta, reg_start + m.start, reg_start + m.end));
        if let Some(whole) = part(meta, reg_start, reg_end) {
            act.registration = Some(Registration {
                date: date.map(|d| date_fact(meta, reg_start, d)),
                number,
                body,
                text: whole.text,
                span: whole.span,
            });
        }
    }
    if let Some(r) = repealed {
        act.repealed_by = act_ref(meta, r, text.len());
    }
}

fn signature(node: &Node) -> Option<Signature> {
    let text = node.text.as_deref()?;
    let f = whole(node)?;
    let name = markers::signatory_at_end(text);
    Some(Signature {
        position: name.and_then(|start| part(node, 0, start)),
        name: name.and_then(|start| part(node, start, text.len())),
        text: f.text,
        span: f.span,
    })
}

/// The first quoted title: `"([^"]+)"|«([^»]+)»` by hand, the range within
/// the quotes.
fn quoted(text: &str) -> Option<Range<usize>> {
    // Once a quote is found with no closing one after it, no later one has.
    let (mut straight_open, mut guillemets_open) = (true, true);
    for (at, open) in text.match_indices(['"', '«']) {
        let (close, still_open) = if open == "\"" {
            ('"', &mut straight_open)
        } else {
            ('»', &mut guillemets_open)
        };
        if !*still_open {
            continue;
        }
        let inside = at + open.len();
        match text[inside..].find(close) {
            Some(0) => {}
            Some(len) => return Some(inside..inside + len),
            None => *still_open = false,
        }
    }
    None
}

/// The laws the preamble cites: each clause up to `… Заңына`/`Заңының
/// N-бабына`, with its title, date and articles.
fn legal_basis(preamble: &Node) -> Vec<LegalBasis> {
    let Some(text) = preamble.text.as_deref() else {
        return Vec::new();
    };
    let end = markers::enacting_formula(text)
        .map(|r| r.start)
        .unwrap_or(text.len());
    let body = &text[..end];
    let mut out = Vec::new();
    let mut from = 0;
    for m in matches(body, law_at) {
        let clause_start = from;
        let clause_end = m.end;
        from = clause_end;
        let clause = &body[clause_start..clause_end];
        let Some(f) = part(preamble, clause_start, clause_end) else {
            continue;
        };
        let title = quoted(clause)
            .and_then(|q| part(preamble, clause_start + q.start, clause_start + q.end));
        let found = dates::find_dates(clause);
        let articles = matches(clause, article_at)
            .filter_map(|a| part(preamble, clause_start + a.start, clause_start + a.end))
            .collect();
        let word = act_words(clause, 0).last();
        out.push(LegalBasis {
            title,
            date: found.first().map(|d| date_fact(preamble, clause_start, d)),
            articles,
            act_type: word.and_then(|w| {
                let kind = act_kind(&clause[w.clone()])?;
                let span = preamble
                    .source_span(clause_start + w.start..clause_start + w.end)
                    .unwrap_or(preamble.span);
                Some(ActType {
                    kind,
                    word: clause[w].to_owned(),
                    span,
                })
            }),
            text: f.text,
            span: f.span,
        });
    }
    out
}

// ---------------------------------------------------------------- notes

fn collect_notes<'a>(
    node: &'a Node,
    parents: &mut Vec<&'a Node>,
    tree: &'a Node,
    out: &mut Vec<Note>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    parents.push(node);
    for child in &node.children {
        match child.kind {
            NodeKind::Note | NodeKind::EditorialNote => {
                if let Some(n) = note(child, parents, tree) {
                    if let Some(d) = n.by.as_ref().and_then(|b| b.date.as_ref()) {
                        impossible(d, child, diagnostics);
                    }
                    out.push(n);
                }
            }
            _ => collect_notes(child, parents, tree, out, diagnostics),
        }
    }
    parents.pop();
}

/// The note's kind, from its wording.
fn note_kind(t: &str) -> NoteKind {
    let t = lower(t);
    if has!(t, "тақырыбы") && has!(t, "редакция") {
        NoteKind::TitleChanged
    } else if has!(t, "күші жойылды") || has!(t, "күшін жойды") {
        NoteKind::Repealed
    } else if has!(t, "жаңа редакция") {
        NoteKind::NewWording
    } else if has!(t, "алып тасталды") || has!(t, "алынып тасталды") {
        NoteKind::Excluded
    } else if has!(t, "толықтырылды") {
        NoteKind::Supplemented
    } else if has!(t, "өзгеріс") {
        NoteKind::Amended
    } else {
        NoteKind::Other
    }
}

fn note(node: &Node, parents: &[&Node], tree: &Node) -> Option<Note> {
    let text = node.text.as_deref()?;
    let f = whole(node)?;
    let attached = parents
        .last()
        .map(|p| p.id.clone())
        .unwrap_or_else(|| "doc".to_owned());
    if node.kind == NodeKind::EditorialNote {
        return Some(Note {
            node: node.id.clone(),
            kind: NoteKind::Editorial,
            attached_to: attached,
            target: None,
            by: None,
            entry_into_force: None,
            text: f.text,
            span: f.span,
        });
    }
    let kind = note_kind(text);
    let target = note_target(text).map(|m| {
        let t = text[m].trim().to_owned();
        NoteTarget {
            node: resolve_target(&t, parents, tree),
            text: t,
        }
    });
    // The amending act: after the dash that follows the note's verb.
    // (A hyphen counts with or without a space after it: the first `-`
    // already ends before any `- ` does.)
    let dash = text.find([' ', '-']).and_then(|_| {
        [
            memchr::memchr(b'-', text.as_bytes()).map(|p| p + 1),
            find!(text, "– ").map(|p| p + "– ".len()),
            find!(text, "— ").map(|p| p + "— ".len()),
        ]
        .into_iter()
        .flatten()
        .min()
    });
    let by = dash.and_then(|start| act_ref(node, start, text.len()));
    let entry_into_force = entry_into_force(text).and_then(|m| part(node, m.start, m.end));
    Some(Note {
        node: node.id.clone(),
        kind,
        attached_to: attached,
        target,
        by,
        entry_into_force,
        text: f.text,
        span: f.span,
    })
}

/// The node a note's target names: `Регламент` is the regulation the note
/// stands in, `3-тармақ` its item 3 (or the act's point 3), `2-қосымша` its
/// appendix 2, `Бұйрықтың тақырыбы` the act's title.
fn resolve_target(target: &str, parents: &[&Node], tree: &Node) -> Option<String> {
    let regulation = parents
        .iter()
        .rev()
        .find(|p| p.kind == NodeKind::Regulation);
    let t = lower(target);
    if has!(t, "тақырыб") {
        return tree
            .children
            .iter()
            .find(|c| c.kind == NodeKind::ActTitle)
            .map(|n| n.id.clone());
    }
    if t.starts_with("регламент") {
        return regulation.map(|r| r.id.clone());
    }
    if t.starts_with("бұйрық") || t.starts_with("қаулы") || t.starts_with("шешім") {
        return Some(tree.id.clone());
    }
    let (number, what) = target_number(&t)?;
    let number: u32 = t[number].parse().ok()?;
    let what = &t[what];
    let find = |scope: &Node, kind: NodeKind| {
        scope
            .walk()
            .find(|n| n.kind == kind && n.number == Some(number))
            .map(|n| n.id.clone())
    };
    match (what, regulation) {
        ("тармақ", Some(r)) => find(r, NodeKind::Item),
        ("тармақ", None) => find(tree, NodeKind::Point),
        // A regulation's own appendix, else the act's (`2-қосымша алып
        // тасталды` standing in the appendix it removed).
        ("қосымша", Some(r)) => find(r, NodeKind::Appendix).or_else(|| {
            tree.children
                .iter()
                .find(|c| c.kind == NodeKind::Appendix && c.number == Some(number))
                .map(|n| n.id.clone())
        }),
        ("қосымша", None) => find(tree, NodeKind::Appendix),
        (_, scope) => find(scope.copied().unwrap_or(tree), NodeKind::Chapter),
    }
}

// ---------------------------------------------------------------- stamps

/// The stamps of the tree in tree order, each told the regulation it stands
/// in (the outermost one), found on the way down: looking it up from the
/// root for every stamp made a long input's cost grow with the square of
/// its length.
fn collect_stamps<'a>(node: &'a Node, regulation: Option<&'a str>, out: &mut Vec<Stamp>) {
    if let Some(stamp) = stamp(node, regulation) {
        out.push(stamp);
    }
    let regulation = regulation.or((node.kind == NodeKind::Regulation).then_some(node.id.as_str()));
    for child in &node.children {
        collect_stamps(child, regulation, out);
    }
}

fn stamp(node: &Node, in_regulation: Option<&str>) -> Option<Stamp> {
    let kind = match node.kind {
        NodeKind::AppendixStamp => {
            if markers::regulation_appendix_stamp(node.text.as_deref()?) {
                StampKind::RegulationAppendix
            } else {
                StampKind::Appendix
            }
        }
        NodeKind::ApprovalStamp => StampKind::Approval,
        _ => return None,
    };
    let text = node.text.as_deref()?;
    let f = whole(node)?;
    let label = markers::appendix_label_at_end(text);
    let act = if kind == StampKind::RegulationAppendix {
        None
    } else {
        act_ref(node, 0, text.len())
    };
    let regulation = if kind == StampKind::RegulationAppendix {
        in_regulation.map(str::to_owned)
    } else {
        None
    };
    Some(Stamp {
        node: node.id.clone(),
        kind,
        act,
        regulation,
        label: label
            .as_ref()
            .map(|l| l.text.clone())
            .filter(|_| kind != StampKind::Approval),
        number: label
            .and_then(|l| l.number)
            .filter(|_| kind != StampKind::Approval),
        text: f.text,
        span: f.span,
    })
}

// ---------------------------------------------------------------- instructions

fn instruction_kind(t: &str) -> Option<InstructionKind> {
    let t = lower(t);
    Some(
        if has!(t, "жаңа редакцияда") && (has!(t, "мазмұндалсын") || has!(t, "жазылсын"))
        {
            InstructionKind::Replace
        } else if has!(t, "тасталсын") {
            InstructionKind::Delete
        } else if has!(t, "толықтырылсын") {
            InstructionKind::Insert
        } else if has!(t, "күші жойылды деп танылсын") || has!(t, "күшін жойды деп танылсын")
        {
            InstructionKind::Repeal
        } else if has!(t, "жазылсын")
            || has!(t, "мазмұндалсын")
            || has!(t, "ауыстырылсын")
            || has!(t, "танылсын")
        {
            InstructionKind::Unknown
        } else {
            return None;
        },
    )
}

/// The amendment instructions of the act's points (DOMAIN.md §2): a lead-in
/// (`… қаулысына келесі өзгерістер енгізілсін:`) names the act amended;
/// the paragraphs after it say what happens to it.
fn instructions(tree: &Node, diagnostics: &mut Vec<Diagnostic>) -> Vec<Instruction> {
    let mut units: Vec<&Node> = Vec::new();
    for child in &tree.children {
        match child.kind {
            NodeKind::Point => {
                if child.children.is_empty() {
                    units.push(child);
                } else {
                    units.extend(child.children.iter().filter(|c| {
                        matches!(
                            c.kind,
                            NodeKind::Lead | NodeKind::SubPoint | NodeKind::Paragraph
                        )
                    }));
                }
            }
            NodeKind::SubPoint | NodeKind::Paragraph => units.push(child),
            NodeKind::Appendix | NodeKind::Regulation => break,
            _ => {}
        }
    }
    let mut out = Vec::new();
    let mut target_act: Option<ActRef> = None;
    let mut carried: Option<&Node> = None;
    for unit in units {
        let Some(text) = unit.text.as_deref() else {
            continue;
        };
        let t = lower(text);
        if has!(t, "өзгеріс") && has!(t, "енгізілсін") {
            target_act = act_ref(unit, 0, text.len());
            carried = None;
            continue;
        }
        let Some(kind) = instruction_kind(text) else {
            // A lead-in that names the act (`1) … № 139 "…" қаулысында (…):`),
            // or the first half of a sentence the export split.
            if text.trim_end().ends_with(':') {
                if let Some(r) = act_ref(unit, 0, text.len()) {
                    target_act = Some(r);
                }
                carried = None;
            } else if !markers::ends_sentence(text) {
                carried = Some(unit);
            }
            continue;
        };
        let mut targets: Vec<Fact> = Vec::new();
        if let Some(prev) = carried.take() {
            if let Some(p) = prev.text.as_deref() {
                targets.extend(
                    matches(p, structure_target_at).filter_map(|m| part(prev, m.start, m.end)),
                );
            }
        }
        targets
            .extend(matches(text, structure_target_at).filter_map(|m| part(unit, m.start, m.end)));
        if let Some(q) = quoted(text) {
            if let Some(f) = part(unit, q.start, q.end) {
                targets.push(f);
            }
        }
        let (appendix, regulation) = if kind == InstructionKind::Replace {
            let number = appendix_ref(text).and_then(|m| text[m].parse::<u32>().ok());
            let appendix = number.and_then(|n| {
                tree.children
                    .iter()
                    .find(|c| c.kind == NodeKind::Appendix && c.number == Some(n))
            });
            let regulation =
                appendix.and_then(|a| a.children.iter().find(|c| c.kind == NodeKind::Regulation));
            (
                appendix.map(|a| a.id.clone()),
                regulation.map(|r| r.id.clone()),
            )
        } else {
            (None, None)
        };
        let own_act = if kind == InstructionKind::Repeal {
            act_ref(unit, 0, text.len())
        } else {
            None
        };
        let f = match whole(unit) {
            Some(f) => f,
            None => continue,
        };
        if kind == InstructionKind::Unknown {
            diagnostics.push(Diagnostic {
                severity: Severity::Warning,
                code: "A002",
                message: "reads like an amendment instruction, but what it does is not understood"
                    .to_owned(),
                span: unit.span,
                line: unit.line,
                column: unit.column,
            });
        }
        out.push(Instruction {
            kind,
            node: unit.id.clone(),
            target_act: own_act.or_else(|| target_act.clone()),
            targets,
            appendix,
            regulation,
            text: f.text,
            span: f.span,
        });
    }
    out
}

// ------------------------------------------------------- patterns by hand

// The act's patterns, each read by hand (each cost a run 40–250 µs to
// compile and its first searches to build its automata, for a few short
// texts a document). The patterns stand in each reading's comment and in
// the tests, which hold the readings to them.

/// The matches of a pattern one after another from `from`, as `find_iter`
/// gives them: `read` is the pattern at a place, and is asked where its
/// first character may stand.
fn matches_from<'t>(
    text: &'t str,
    from: usize,
    read: fn(&str, usize) -> Option<usize>,
) -> impl Iterator<Item = Range<usize>> + 't {
    let mut at = from;
    std::iter::from_fn(move || {
        while let Some(c) = text.get(at..)?.chars().next() {
            if let Some(end) = read(text, at) {
                let found = at..end;
                at = end;
                return Some(found);
            }
            at += c.len_utf8();
        }
        None
    })
}

fn matches(
    text: &str,
    read: fn(&str, usize) -> Option<usize>,
) -> impl Iterator<Item = Range<usize>> + '_ {
    matches_from(text, 0, read)
}

/// Whether `at` starts a run of digits (the text before it is not read by
/// the search). A pattern that opens with `\d+` matches at a run's start or
/// nowhere in the run: from within it the same digits run to the same end.
fn digits_start(text: &str, at: usize, from: usize) -> bool {
    text[at..].starts_with(is_decimal_digit)
        && (at == from || !text[..at].ends_with(is_decimal_digit))
}

/// `(?:(?:бірлескен|Бірлескен)\s+)?(?:[Ққ]аулы|[Бб]ұйры[ғқ]|[Шш]ешім|[Зз]аң|[Кк]одекс)[letters]*`
fn act_word_at(text: &str, at: usize) -> Option<usize> {
    fn kind(a: At<'_>) -> Option<At<'_>> {
        a.any_word(&[
            "Қаулы",
            "қаулы",
            "Бұйрығ",
            "Бұйрық",
            "бұйрығ",
            "бұйрық",
            "Шешім",
            "шешім",
            "Заң",
            "заң",
            "Кодекс",
            "кодекс",
        ])
        .map(At::ending)
    }
    // Asked at every character: the words' first letters are told first.
    let first = text[at..].chars().next();
    if !matches!(
        first,
        Some('б' | 'Б' | 'қ' | 'Қ' | 'ш' | 'Ш' | 'з' | 'З' | 'к' | 'К')
    ) {
        return None;
    }
    let here = At::new(text, at);
    here.any_word(&["бірлескен", "Бірлескен"])
        .and_then(At::spaces1)
        .and_then(kind)
        .or_else(|| kind(here))
        .map(|a| a.at)
}

/// The act-type words from `from` on.
fn act_words(text: &str, from: usize) -> impl Iterator<Item = Range<usize>> + '_ {
    matches_from(text, from, act_word_at)
}

/// `(?i)тізілімінде\s*№\s*(\d+)|№\s*(\d+)\s+болып\s+тіркел`: the first
/// group of the leftmost match (none where the leftmost is the second form).
fn register_number(seg: &str) -> Option<Range<usize>> {
    for (at, c) in seg.char_indices() {
        if c == '№' {
            let registered = At::new(seg, at + c.len_utf8())
                .spaces()
                .digits()
                .and_then(At::spaces1)
                .and_then(|a| a.caseless("болып"))
                .and_then(At::spaces1)
                .and_then(|a| a.caseless("тіркел"));
            if registered.is_some() {
                return None;
            }
        } else if caseless_char(c) == 'т' {
            let number = At::new(seg, at)
                .caseless("тізілімінде")
                .and_then(|a| a.spaces().word("№"))
                .map(At::spaces)
                .and_then(|from| Some(from.at..from.digits()?.at));
            if number.is_some() {
                return number;
            }
        }
    }
    None
}

/// `№\s*(\d+)`: the first group.
fn registration_number(seg: &str) -> Option<Range<usize>> {
    seg.match_indices('№').find_map(|(at, sign)| {
        let from = At::new(seg, at + sign.len()).spaces();
        Some(from.at..from.digits()?.at)
    })
}

/// `\d+(?:-\d+)?\s*-?\s*баб[letters]*`
fn article_head(a: At<'_>) -> Option<At<'_>> {
    let a = a.digits()?;
    let a = a.word("-").and_then(At::digits).unwrap_or(a);
    Some(a.hyphen().word("баб")?.ending())
}

/// `(?:\s+\d+\s*-?\s*тармағ[letters]*)?(?:\s+\d+\)\s*тармақша[letters]*)?`
fn point_and_sub_point(a: At<'_>) -> At<'_> {
    fn point(a: At<'_>) -> Option<At<'_>> {
        Some(a.spaces1()?.digits()?.hyphen().word("тармағ")?.ending())
    }
    let a = point(a).unwrap_or(a);
    sub_point(a).unwrap_or(a)
}

/// `\s+\d+\)\s*тармақша[letters]*`
fn sub_point(a: At<'_>) -> Option<At<'_>> {
    Some(
        a.spaces1()?
            .digits()?
            .word(")")?
            .spaces()
            .word("тармақша")?
            .ending(),
    )
}

/// `(?:[Зз]аң|[Кк]одекс)[letters]*(?:\s+ARTICLE)?`, ARTICLE the pattern of
/// [`article_at`] less its points.
fn law_at(text: &str, at: usize) -> Option<usize> {
    if !text[at..].starts_with(['З', 'з', 'К', 'к']) {
        return None;
    }
    let a = At::new(text, at)
        .any_word(&["Заң", "заң", "Кодекс", "кодекс"])?
        .ending();
    let a = a.spaces1().and_then(article_head).unwrap_or(a);
    Some(point_and_sub_point(a).at)
}

/// `\d+(?:-\d+)?\s*-?\s*баб[letters]*(?:\s+\d+\s*-?\s*тармағ[letters]*)?(?:\s+\d+\)\s*тармақша[letters]*)?`
fn article_at(text: &str, at: usize) -> Option<usize> {
    if !digits_start(text, at, 0) {
        return None;
    }
    Some(point_and_sub_point(article_head(At::new(text, at))?).at)
}

/// `^Ескерту\s*[.:]?\s*((?:\d+\s*-?\s*(?:тармақ|қосымша|тарау|бөлім)[letters]*(?:\s+\d+\)\s*тармақша[letters]*)?)|(?:Регламент|Бұйрықтың тақырыбы|Қаулының тақырыбы|Шешімнің тақырыбы|Бұйрық|Қаулы|Шешім|Тақырып)[letters]*)`:
/// the group.
fn note_target(text: &str) -> Option<Range<usize>> {
    let a = At::new(text, 0).word("Ескерту")?.spaces();
    let a = a.word(".").or_else(|| a.word(":")).unwrap_or(a).spaces();
    let numbered = a
        .digits()
        .map(At::hyphen)
        .and_then(|b| b.any_word(&["тармақ", "қосымша", "тарау", "бөлім"]))
        .map(|b| {
            let b = b.ending();
            sub_point(b).unwrap_or(b)
        });
    let named = || {
        a.any_word(&[
            "Регламент",
            "Бұйрықтың тақырыбы",
            "Қаулының тақырыбы",
            "Шешімнің тақырыбы",
            "Бұйрық",
            "Қаулы",
            "Шешім",
            "Тақырып",
        ])
        .map(At::ending)
    };
    Some(a.at..numbered.or_else(named)?.at)
}

/// `^(\d+)\s*-?\s*(тармақ|қосымша|тарау|бөлім)`: the two groups.
fn target_number(t: &str) -> Option<(Range<usize>, Range<usize>)> {
    let number = At::new(t, 0).digits()?;
    let what = number.hyphen();
    let end = what.any_word(&["тармақ", "қосымша", "тарау", "бөлім"])?;
    Some((0..number.at, what.at..end.at))
}

/// `\(([^()]*қолданысқа\s+енгізіледі[^()]*)\)`: the group, within the
/// first brackets (none inside) that hold the words.
fn entry_into_force(text: &str) -> Option<Range<usize>> {
    text.match_indices('(').find_map(|(open, _)| {
        let inside = open + 1;
        let close = inside + text[inside..].find(['(', ')'])?;
        let words = &text[inside..close];
        let holds = text[close..].starts_with(')')
            && words.match_indices("қолданысқа").any(|(at, w)| {
                At::new(words, at + w.len())
                    .spaces1()
                    .and_then(|a| a.word("енгізіледі"))
                    .is_some()
            });
        holds.then_some(inside..close)
    })
}

/// `(\d+)\s*-?\s*қосымша[letters]*`: the group of the first match.
fn appendix_ref(text: &str) -> Option<Range<usize>> {
    text.char_indices()
        .filter(|&(at, _)| digits_start(text, at, 0))
        .find_map(|(at, _)| {
            let number = At::new(text, at).digits()?;
            number.hyphen().word("қосымша")?;
            Some(at..number.at)
        })
}

/// `\d+\s*-?\s*тармақ[letters]*(?:\s+\d+\)LIST)?|\d+\)LIST`, LIST being
/// `(?:\s*,\s*\d+\))*(?:\s+және\s+\d+\))?\s*тармақша[letters]*`: a point
/// or its sub-points named as an amendment's target.
fn structure_target_at(text: &str, at: usize) -> Option<usize> {
    if !digits_start(text, at, 0) {
        return None;
    }
    fn list(a: At<'_>) -> Option<At<'_>> {
        let mut a = a;
        while let Some(next) = a
            .spaces()
            .word(",")
            .map(At::spaces)
            .and_then(At::digits)
            .and_then(|b| b.word(")"))
        {
            a = next;
        }
        let and = || a.spaces1()?.word("және")?.spaces1()?.digits()?.word(")");
        let a = and().unwrap_or(a);
        Some(a.spaces().word("тармақша")?.ending())
    }
    let number = At::new(text, at).digits()?;
    let point = number.hyphen().word("тармақ").map(|a| {
        let a = a.ending();
        a.spaces1()
            .and_then(At::digits)
            .and_then(|b| b.word(")"))
            .and_then(list)
            .unwrap_or(a)
    });
    point
        .or_else(|| number.word(")").and_then(list))
        .map(|a| a.at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

    /// The authority's words as the bytes of the text before the date: the
    /// note's verb and dash, a sentence before, a quoted title after, and
    /// the words themselves where they also stand earlier in the text.
    #[test]
    fn authority_words_are_the_genitive_phrase_before_the_date() {
        let cases = [
            (
                "Күші жойылды - Алматы қаласы әкімдігінің ",
                "Алматы қаласы әкімдігінің",
            ),
            (
                "Алматы қаласы әкімдігінің \"Регламенттерді бекіту туралы\" ",
                "Алматы қаласы әкімдігінің",
            ),
            (
                "Бұрынғы сөйлем. Қазақстан Республикасы Үкіметінің",
                "Қазақстан Республикасы Үкіметінің",
            ),
            ("әкімдігінің – әкімдігінің", "әкімдігінің"),
            ("  министрінің  ", "министрінің"),
            ("- ", ""),
        ];
        for (text, words) in cases {
            let r = authority_words(text);
            assert_eq!(&text[r.clone()], words, "{text:?}");
            // The last occurrence: the one before the date.
            if !words.is_empty() {
                assert_eq!(r.start, text.rfind(words).unwrap(), "{text:?}");
            }
        }
    }

    /// The act's patterns the hand readings stand for, as they were written
    /// (word endings in the letters of the texts' scripts).
    struct Patterns {
        act_word: Regex,
        register: Regex,
        registration_number: Regex,
        law: Regex,
        article: Regex,
        target: Regex,
        target_number: Regex,
        entry_into_force: Regex,
        appendix_ref: Regex,
        structure_target: Regex,
    }

    fn patterns() -> Patterns {
        let re = |p: &str| Regex::new(p).unwrap();
        Patterns {
            act_word: re(concat!(
                r"(?:(?:бірлескен|Бірлескен)\s+)?(?:[Ққ]аулы|[Бб]ұйры[ғқ]|[Шш]ешім|[Зз]аң|[Кк]одекс)",
                word_letter!(),
                "*"
            )),
            register: re(r"(?i)тізілімінде\s*№\s*(\d+)|№\s*(\d+)\s+болып\s+тіркел"),
            registration_number: re(r"№\s*(\d+)"),
            law: re(concat!(
                r"(?:[Зз]аң|[Кк]одекс)",
                word_letter!(),
                r"*(?:\s+\d+(?:-\d+)?\s*-?\s*баб",
                word_letter!(),
                r"*)?(?:\s+\d+\s*-?\s*тармағ",
                word_letter!(),
                r"*)?(?:\s+\d+\)\s*тармақша",
                word_letter!(),
                r"*)?"
            )),
            article: re(concat!(
                r"\d+(?:-\d+)?\s*-?\s*баб",
                word_letter!(),
                r"*(?:\s+\d+\s*-?\s*тармағ",
                word_letter!(),
                r"*)?(?:\s+\d+\)\s*тармақша",
                word_letter!(),
                r"*)?"
            )),
            target: re(concat!(
                r"^Ескерту\s*[.:]?\s*((?:\d+\s*-?\s*(?:тармақ|қосымша|тарау|бөлім)",
                word_letter!(),
                r"*(?:\s+\d+\)\s*тармақша",
                word_letter!(),
                r"*)?)|(?:Регламент|Бұйрықтың тақырыбы|Қаулының тақырыбы|Шешімнің тақырыбы|Бұйрық|Қаулы|Шешім|Тақырып)",
                word_letter!(),
                r"*)"
            )),
            target_number: re(r"^(\d+)\s*-?\s*(тармақ|қосымша|тарау|бөлім)"),
            entry_into_force: re(r"\(([^()]*қолданысқа\s+енгізіледі[^()]*)\)"),
            appendix_ref: re(concat!(r"(\d+)\s*-?\s*қосымша", word_letter!(), r"*")),
            structure_target: re(concat!(
                r"\d+\s*-?\s*тармақ",
                word_letter!(),
                r"*(?:\s+\d+\)(?:\s*,\s*\d+\))*(?:\s+және\s+\d+\))?\s*тармақша",
                word_letter!(),
                r"*)?|\d+\)(?:\s*,\s*\d+\))*(?:\s+және\s+\d+\))?\s*тармақша",
                word_letter!(),
                r"*"
            )),
        }
    }

    fn ranges(re: &Regex, text: &str) -> Vec<Range<usize>> {
        re.find_iter(text).map(|m| m.range()).collect()
    }

    fn group(re: &Regex, text: &str, n: usize) -> Option<Range<usize>> {
        re.captures(text).and_then(|c| c.get(n)).map(|m| m.range())
    }

    /// Every hand reading against its pattern on one text: the matches one
    /// after another, or the groups the act reads. How many texts matched.
    fn compare(p: &Patterns, text: &str) -> usize {
        let mut matched = 0;
        let mut same = |want: bool| matched += usize::from(want);
        let words = ranges(&p.act_word, text);
        assert_eq!(act_words(text, 0).collect::<Vec<_>>(), words, "{text:?}");
        same(!words.is_empty());
        let middle = (text.len() / 2..=text.len())
            .find(|&i| text.is_char_boundary(i))
            .unwrap_or(0);
        assert_eq!(
            act_words(text, middle).next(),
            p.act_word.find_at(text, middle).map(|m| m.range()),
            "{text:?} from {middle}"
        );
        let want = group(&p.register, text, 1);
        assert_eq!(register_number(text), want, "{text:?}");
        same(want.is_some());
        let want = group(&p.registration_number, text, 1);
        assert_eq!(registration_number(text), want, "{text:?}");
        same(want.is_some());
        let want = ranges(&p.law, text);
        assert_eq!(matches(text, law_at).collect::<Vec<_>>(), want, "{text:?}");
        same(!want.is_empty());
        let want = ranges(&p.article, text);
        assert_eq!(
            matches(text, article_at).collect::<Vec<_>>(),
            want,
            "{text:?}"
        );
        same(!want.is_empty());
        let want = group(&p.target, text, 1);
        assert_eq!(note_target(text), want, "{text:?}");
        same(want.is_some());
        let want = group(&p.target_number, text, 1).zip(group(&p.target_number, text, 2));
        assert_eq!(target_number(text), want, "{text:?}");
        same(want.is_some());
        let want = group(&p.entry_into_force, text, 1);
        assert_eq!(entry_into_force(text), want, "{text:?}");
        same(want.is_some());
        let want = group(&p.appendix_ref, text, 1);
        assert_eq!(appendix_ref(text), want, "{text:?}");
        same(want.is_some());
        let want = ranges(&p.structure_target, text);
        assert_eq!(
            matches(text, structure_target_at).collect::<Vec<_>>(),
            want,
            "{text:?}"
        );
        same(!want.is_empty());
        matched
    }

    /// The act's hand readings are their patterns, on every line end of the
    /// corpus and on the forms' cases.
    #[test]
    fn act_readings_are_the_patterns_on_the_corpus() {
        let p = patterns();
        let ends = crate::corpus_line_ends_and(&[
            "Заңының 5-бабының 2-тармағына",
            "Кодексіⓐ",
            "2-қосымшасыᲃ",
            "1-тармақ\u{483}",
            "Қазақстан Республикасының 2013 жылғы 15 сәуірдегі Заңының 10-1 - бабы 3 тармағы 2) тармақшасына",
            "Нормативтік құқықтық актілерді мемлекеттік тіркеу тізілімінде № 1237 болып тіркелген",
            "ТІЗІЛІМІНДЕ №\u{a0}12 № 5 болып тіркелді",
            "Ескерту. 3-тармақ 2) тармақшасы; Ескерту: Бұйрықтың мәтіні",
            "3, 4) және 5) тармақшалары 12-тармақ 1), 2) және 3) тармақшасы",
            "(бұдан әрі (а) қолданысқа енгізіледі) (2020 жылдан бастап қолданысқа\nенгізіледі)",
            "бірлескен  бұйрығымен Бірлескен қаулысы",
            "№ 5 болып тіркелген, тізілімінде № 7",
            "Ескерту: Бұйрықтың мәтіні",
            "Ескерту :2 - қосымша",
            "еңбек кодексінің 5-1-бабы, Кодекс 3) тармақшасы",
        ]);
        let matched: usize = ends
            .iter()
            .filter(|e| e.len() < 400)
            .map(|e| compare(&p, e))
            .sum();
        assert!(matched > 5000, "{matched}");
    }

    /// The act's hand readings are their patterns on every string of up to
    /// four of the pieces their forms are made of (numbers, words, the
    /// separators and what may not stand between them).
    #[test]
    fn act_readings_are_the_patterns_on_every_order_of_their_pieces() {
        let p = patterns();
        let pieces = [
            "1",
            "٣",
            "-",
            " ",
            ")",
            ",",
            "ы",
            "Заң",
            "баб",
            "тармағ",
            "тармақ",
            "тармақша",
            "және",
            "қосымша",
            "Ескерту",
            ".",
            "№",
            "тізілімінде",
            "болып тіркел",
            "(",
            "қолданысқа енгізіледі",
        ];
        let matched: usize = crate::every_string_of(&pieces, 4)
            .iter()
            .map(|t| compare(&p, t))
            .sum();
        assert!(matched > 50_000, "{matched}");
    }

    /// The act number and the quoted title read by hand are the patterns
    /// they replaced, group for group, on every line end of the corpus and
    /// on every short string of the characters that matter to them.
    #[test]
    fn number_and_quote_are_their_patterns() {
        let number = Regex::new(
            r"№\s*([0-9A-Za-zА-Яа-яӘәҒғҚқҢңӨөҰұҮүҺһІі][0-9A-Za-zА-Яа-яӘәҒғҚқҢңӨөҰұҮүҺһІі/\-]*)",
        )
        .unwrap();
        let quote = Regex::new(r#""([^"]+)"|«([^»]+)»"#).unwrap();
        let mut ends = crate::corpus_line_ends_and(&[
            "2015 жылғы 9 қаңтардағы № 03/390 қаулысы",
            "№\u{a0}\t 12-ө",
            "№ ё1 № Ә2",
            "«Бірінші» \"екінші\"",
            "\"\" «» \"а\"",
        ]);
        ends.extend(crate::every_string_of(
            &['№', ' ', '1', 'ё', '/', '-', 'Ә', '"', '«', '»', 'а'],
            4,
        ));
        let numbers = crate::same_answers(
            &ends,
            |t| number.captures(t).map(|c| c.get(1).unwrap().range()),
            act_number,
            Option::is_some,
        );
        let quotes = crate::same_answers(
            &ends,
            |t| {
                quote
                    .captures(t)
                    .map(|c| c.get(1).or_else(|| c.get(2)).unwrap().range())
            },
            quoted,
            Option::is_some,
        );
        assert!(numbers >= 100 && quotes >= 100, "{numbers} {quotes}");
    }
}
