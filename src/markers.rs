//! The small grammars of the printed structure: numbering labels and the
//! fixed phrases that mark the parts of an act and of a regulation.
//!
//! In: the start (or end) of one normalized paragraph or line. Out: what
//! label or marker it carries and how many bytes it takes. Each function
//! cites the rule of DOMAIN.md it follows; all are nom parsers or plain
//! predicates, and none can panic.

use crate::normalize::is_letter_or_digit;
use std::sync::LazyLock;

use nom::branch::alt;
use nom::bytes::complete::{tag, tag_no_case};
use nom::character::complete::{char, digit1, space0};
use nom::combinator::{map_res, opt, recognize};
use nom::sequence::preceded;
use nom::{IResult, Parser};

use crate::model::StepKind;

type PResult<'a, T> = IResult<&'a str, T>;

/// A numbering label at the start of a paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// The label as printed, without surrounding spaces: `5.`, `3)`, `1 - іс-қимыл`.
    pub text: String,
    pub number: u32,
    /// Bytes of the paragraph taken by the label and the spaces or dash after it.
    pub len: usize,
}

/// Numbers in labels stay small; a year (`2015.`) is not a label.
const MAX_LABEL_NUMBER: u32 = 999;

fn number(i: &str) -> PResult<'_, u32> {
    map_res(digit1, |d: &str| d.parse::<u32>()).parse(i)
}

/// Whether `s` can open with a [`number`]: asked first by the label tests,
/// which the lexer puts to nearly every line (most lines open with a
/// letter, and a parser that fails costs ten times this).
fn opens_with_digit(s: &str) -> bool {
    s.as_bytes().first().is_some_and(u8::is_ascii_digit)
}

fn dash(i: &str) -> PResult<'_, char> {
    alt((char('-'), char('–'), char('—'), char('‐'))).parse(i)
}

fn label_from(input: &str, rest_after_label: &str, rest: &str, number: u32) -> Option<Label> {
    if number > MAX_LABEL_NUMBER {
        return None;
    }
    let label_len = input.len() - rest_after_label.len();
    Some(Label {
        text: input[..label_len].trim().to_owned(),
        number,
        len: input.len() - rest.len(),
    })
}

/// An item or point label (тармақ, DOMAIN.md §3): `5.`, `9.Портал`, `1."Таратылған`.
/// Not a date or a decimal: `16.09.2020` has a digit after the dot.
pub fn item_label(s: &str) -> Option<Label> {
    if !opens_with_digit(s) {
        return None;
    }
    let parsed: PResult<'_, u32> = (number, space0, char('.')).map(|(n, _, _)| n).parse(s);
    let (after, n) = parsed.ok()?;
    if after.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let rest = after.trim_start();
    label_from(s, after, rest, n)
}

/// A sub-item label (тармақша): `3)`. A list of references (`4), 5) және 6)
/// тармақшалар`) is not a label.
pub fn sub_item_label(s: &str) -> Option<Label> {
    if !opens_with_digit(s) {
        return None;
    }
    let parsed: PResult<'_, u32> = (number, space0, char(')')).map(|(n, _, _)| n).parse(s);
    let (after, n) = parsed.ok()?;
    let rest = after.trim_start();
    if rest.starts_with(',') {
        return None;
    }
    label_from(s, after, rest, n)
}

fn step_word(i: &str) -> PResult<'_, StepKind> {
    alt((
        tag_no_case("іс-қимыл").map(|_| StepKind::Action),
        tag_no_case("іс–қимыл").map(|_| StepKind::Action),
        tag_no_case("процесс").map(|_| StepKind::Process),
        tag_no_case("үдеріс").map(|_| StepKind::Process),
        tag_no_case("рәсім").map(|_| StepKind::Process),
        tag_no_case("шарт").map(|_| StepKind::Condition),
    ))
    .parse(i)
}

/// A workflow step label (DOMAIN.md §3): `1 - іс-қимыл`, `1-рәсім`,
/// `1 - процесс`, `1–үдеріс`, `1 - шарт`, with the dash that follows it.
/// An inflected word (`2 - іс-қимылды бастау`) is a reference, not a label.
pub fn step_label(s: &str) -> Option<(Label, StepKind)> {
    if !opens_with_digit(s) {
        return None;
    }
    let parsed: PResult<'_, (u32, StepKind)> = (number, space0, opt(dash), space0, step_word)
        .map(|(n, _, _, _, k)| (n, k))
        .parse(s);
    let (after, (n, kind)) = parsed.ok()?;
    if after.starts_with(is_letter_or_digit) {
        return None;
    }
    let sep: PResult<'_, &str> = recognize((space0, dash, space0)).parse(after);
    let rest = match sep {
        Ok((rest, _)) => rest,
        Err(_) => after.trim_start(),
    };
    label_from(s, after, rest, n).map(|l| (l, kind))
}

/// A chapter heading label (тарау, DOMAIN.md §3) at the start of a line:
/// `1. Жалпы ережелер`, `1-тарау. …`, `4-бөлім. …`. The heading must start
/// with a capital letter or a quote, which keeps `2 (екі) сағат` and
/// `9-тармағында` out.
pub fn chapter_label(s: &str) -> Option<Label> {
    if !opens_with_digit(s) {
        return None;
    }
    let word = alt((tag_no_case("тарау"), tag_no_case("бөлім")));
    let named = (number, space0, dash, space0, word, opt(char('.'))).map(|(n, ..)| (n, true));
    let dotted = (number, space0, char('.')).map(|(n, _, _)| (n, false));
    let parsed: PResult<'_, (u32, bool)> = alt((named, dotted)).parse(s);
    let (after, (n, named)) = parsed.ok()?;
    let rest = after.trim_start();
    match rest.chars().next() {
        // `2-тарау` alone: the heading is printed on the next line.
        None if named => {}
        Some(first) if first.is_uppercase() || first == '"' || first == '«' => {}
        _ => return None,
    }
    if n == 0 || n > 20 {
        return None;
    }
    label_from(s, after, rest, n)
}

/// The statuses of an act (DOMAIN.md §2).
pub fn status_line(s: &str) -> bool {
    matches!(
        s.trim(),
        "Күшін жойған"
            | "Қолданыстағы"
            | "Күшін жоймаған"
            | "Қолданысқа енгізілмеген"
            | "Күші жойылған"
    )
}

/// `Ескерту.` — a note (DOMAIN.md §6).
pub fn note_start(s: &str) -> bool {
    let parsed: PResult<'_, &str> =
        preceded(tag("Ескерту"), alt((tag("."), tag(" "), tag(":")))).parse(s);
    parsed.is_ok()
}

/// `РҚАО-ның ескертпесі.` — the database's editorial note (DOMAIN.md §2).
pub fn editorial_note_start(s: &str) -> bool {
    s.starts_with("РҚАО-ның ескертпесі") || s.starts_with("РҚАО ескертпесі")
}

/// `Шартты белгілер` — a diagram's legend (DOMAIN.md §3).
pub fn legend_start(s: &str) -> bool {
    s.starts_with("Шартты белгілер")
}

/// `© 2012. …` — the legal database's footer.
pub fn footer_start(s: &str) -> bool {
    s.starts_with('©')
}

/// The enacting formula that ends a preamble (DOMAIN.md §2): the first of
/// `ҚАУЛЫ ЕТЕДІ`, `ҚАУЛЫ ЕТТІ`, `БҰЙЫРАМЫН`, `ШЕШІМ ЕТЕДІ`, `ШЕШІМ ҚАБЫЛДАДЫ`,
/// `ШЕШТІ`, `ШЕШІМ ЕТТІ`, with any whitespace between the words. Found by
/// hand: a pattern costs a run a fifth of a millisecond to compile.
pub fn enacting_formula(s: &str) -> Option<std::ops::Range<usize>> {
    // Each formula's first word, and the words that may follow it.
    const FORMULAS: [(&str, &[&str]); 4] = [
        ("ҚАУЛЫ", &["ЕТЕДІ", "ЕТТІ"]),
        ("БҰЙЫРАМЫН", &[""]),
        ("ШЕШІМ", &["ЕТЕДІ", "ҚАБЫЛДАДЫ", "ЕТТІ"]),
        ("ШЕШТІ", &[""]),
    ];
    FORMULAS
        .iter()
        .filter_map(|&(first, next)| {
            s.match_indices(first).find_map(|(at, _)| {
                let after = &s[at + first.len()..];
                if next == [""] {
                    return Some(at..at + first.len());
                }
                let words = after.trim_start_matches(char::is_whitespace);
                let gap = after.len() - words.len();
                let word = next.iter().find(|w| words.starts_with(**w))?;
                (gap > 0).then(|| at..at + first.len() + gap + word.len())
            })
        })
        .min_by_key(|r| r.start)
}

/// A signature: a position ending in initials and a surname
/// (`Алматы қаласының әкімі Б. Сагинтаев`), not a sentence.
pub fn signature(s: &str) -> bool {
    let t = s.trim_end();
    t.len() < 300
        && t.ends_with(|c: char| c.is_lowercase() || c == '-')
        && ends_with_initial_and_word(t)
        && signatory_at_end(t).is_some()
}

/// Where a text ending in a signatory's name starts the name: one or two
/// initials and a surname (`Б. Сагинтаев`, `Б.Қ.Сагинтаев`), after a space
/// or at the start: `(?:^|\s)(\p{Lu}\.\s?(?:\p{Lu}\.\s?)?\p{Lu}[\p{Ll}\-]+)$`
/// read back from the end by hand. The pattern's three classes of capitals
/// and small letters of every script cost a millisecond of a run to
/// compile, and, anchored at the end, a reverse search.
pub fn signatory_at_end(t: &str) -> Option<usize> {
    // The surname: small letters and hyphens to the end, after a capital.
    let mut chars = t.char_indices().rev();
    let mut surname_rest = 0;
    let surname = loop {
        let (i, c) = chars.next()?;
        if is_small(c) || c == '-' {
            surname_rest += 1;
        } else if is_capital(c) && surname_rest > 0 {
            break i;
        } else {
            return None;
        }
    };
    // `X.` and at most one space before `end`: where the `X` starts.
    let initial_before = |end: usize| {
        let mut chars = t[..end].chars();
        let mut c = chars.next_back()?;
        if c.is_whitespace() {
            c = chars.next_back()?;
        }
        if c != '.' {
            return None;
        }
        chars.next_back().filter(|&c| is_capital(c))?;
        Some(chars.as_str().len())
    };
    let after_boundary = |start: usize| {
        t[..start]
            .chars()
            .next_back()
            .is_none_or(char::is_whitespace)
    };
    let one = initial_before(surname)?;
    // The leftmost match: two initials where they stand after a boundary.
    initial_before(one)
        .filter(|&two| after_boundary(two))
        .or(Some(one).filter(|&one| after_boundary(one)))
}

/// What [`SIGNATURE`] needs, asked by hand first (nearly every line ends in
/// a lowercase letter, and the end-anchored pattern is a reverse search):
/// after the last `.` (an initial's), at most one space and one word.
fn ends_with_initial_and_word(t: &str) -> bool {
    let Some(dot) = t.rfind('.') else {
        return false;
    };
    let after = &t[dot + 1..];
    let word = match after.chars().next() {
        Some(c) if c.is_whitespace() => &after[c.len_utf8()..],
        _ => after,
    };
    !word.is_empty() && !word.contains(char::is_whitespace)
}

/// The label that ends an appendix stamp (DOMAIN.md §2): `1 қосымша`,
/// `1-қосымша`, `Қосымша 1`, `2 - қосымша`, `регламентінің 1 қосымшасы`,
/// bare `қосымша`; an act number printed after it (`№ 620`) may follow.
/// The pattern [`appendix_label_at_end`] reads by hand:
///
/// ```text
/// (?:^|[\s\p{P}])((?:(\d+)\s*[-–]?\s*қосымша(?:сы)?|[Ққ]осымша\s*№?\s*(\d+)|[Ққ]осымша(?:сы)?))(?:\s+№\s*[\d/\-]+)?$
/// ```
/// A found appendix label: where it starts in the text, as printed, its number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppendixLabel {
    pub start: usize,
    pub text: String,
    pub number: Option<u32>,
}

/// The appendix label at the end of `s`, if any.
pub fn appendix_label_at_end(s: &str) -> Option<AppendixLabel> {
    // Every form ends in the word, with at most `сы`, a number and an act
    // number after it: a line is searched only when, past what may follow
    // the word, it ends in the word (the end-anchored pattern is a reverse
    // search over Unicode classes, and lines that name an appendix further
    // back, `… 2-қосымшаға сәйкес …`, were most of its searches).
    let t = s.trim_end();
    // A Cyrillic letter (what nearly every line ends in) is told first: the
    // tables of `is_numeric` are a search for any other character.
    let may_follow = |c: char| match c {
        'с' | 'ы' | '№' | '/' | '-' => true,
        '\u{400}'..='\u{4FF}' => false,
        _ => c.is_whitespace() || c.is_numeric(),
    };
    let before = t.trim_end_matches(may_follow);
    if !before.ends_with("осымша") {
        return None;
    }
    let (start, end, number) = appendix_label_back(t)?;
    Some(AppendixLabel {
        start,
        text: t[start..end].to_owned(),
        number: number.and_then(|n| n.parse().ok()),
    })
}

/// The label's reading back from the end of `t`: where it starts and ends,
/// its number as printed. Each form is read back to its start, with and
/// without an act number after it; the leftmost match is the pattern's, and
/// of two from one place the earlier form (`Қосымша № 5` is the number's
/// form, not a bare label and an act number).
fn appendix_label_back(t: &str) -> Option<(usize, usize, Option<&str>)> {
    use crate::normalize::{char_before, run_back};
    let spaces_back = |at: usize| run_back(t, at, char::is_whitespace);
    let digits_back = |at: usize| Some(run_back(t, at, is_decimal_digit)).filter(|&d| d < at);
    let word_back = |at: usize, capital: bool| {
        let word = t[..at].strip_suffix("осымша")?;
        let k = if capital {
            word.strip_suffix(['Қ', 'қ'])
        } else {
            word.strip_suffix('қ')
        };
        k.map(str::len)
    };
    // `\s+№\s*[\d/\-]+` at the end: where it starts.
    let act_number = run_back(t, t.len(), |c| c == '/' || c == '-' || is_decimal_digit(c));
    let act_number = (act_number < t.len())
        .then(|| t[..spaces_back(act_number)].strip_suffix('№'))
        .flatten()
        .map(str::len)
        .filter(|&sign| spaces_back(sign) < sign)
        .map(spaces_back);
    // (form, label start, label end, number)
    let mut found: Vec<(u8, usize, usize, Option<&str>)> = Vec::new();
    for end in [Some(t.len()), act_number].into_iter().flatten() {
        let word_end = t[..end].strip_suffix("сы").map_or(end, str::len);
        // `1 - қосымша(сы)`
        for word_end in [end, word_end] {
            let number = word_back(word_end, false).and_then(|word| {
                let mut at = spaces_back(word);
                if let Some(dash) = char_before(t, at).filter(|&c| c == '-' || c == '–') {
                    at = spaces_back(at - dash.len_utf8());
                }
                digits_back(at).map(|digits| (digits, at))
            });
            if let Some((digits, at)) = number {
                found.push((0, digits, end, Some(&t[digits..at])));
            }
        }
        // `Қосымша № 5`
        if let Some(digits) = digits_back(end) {
            let mut at = spaces_back(digits);
            if let Some(sign) = char_before(t, at).filter(|&c| c == '№') {
                at = spaces_back(at - sign.len_utf8());
            }
            if let Some(word) = word_back(at, true) {
                found.push((1, word, end, Some(&t[digits..end])));
            }
        }
        // `Қосымша(сы)`
        for word_end in [end, word_end] {
            if let Some(word) = word_back(word_end, true) {
                found.push((2, word, end, None));
            }
        }
    }
    // What may stand before the label: the line's start, a space or
    // punctuation, which the match takes in.
    found
        .into_iter()
        .filter_map(|(form, start, end, number)| {
            let opens = match char_before(t, start) {
                None => Some(start),
                Some(c) if c.is_whitespace() || is_punctuation(c) => Some(start - c.len_utf8()),
                Some(_) => None,
            };
            opens.map(|at| (at, form, start, end, number))
        })
        .min_by_key(|&(at, form, ..)| (at, form))
        .map(|(_, _, start, end, number)| (start, end, number))
}

/// `\p{P}`: punctuation of any script.
fn is_punctuation(c: char) -> bool {
    static PUNCTUATION: LazyLock<CharClass> = LazyLock::new(|| CharClass::of(r"\p{P}"));
    PUNCTUATION.contains(c)
}

/// Whether a whole line is just an appendix label (no stamp words before it).
pub fn bare_appendix_label(s: &str) -> bool {
    appendix_label_at_end(s).is_some_and(|l| l.start == 0)
}

/// Words that show a run of short lines is an appendix stamp, in either
/// case.
///
/// `(?i)қаулысына|қаулыға|бұйрығына|бұйрыққа|шешіміне|шешімге|регламентіне|
/// регламентінің|регламентке|қосымша\s+\d|\d\s*[-–]?\s*қосымша` by hand, on
/// the lowercase text (the pattern cost a run a tenth of a millisecond to
/// compile, for a few lines a document).
pub fn stamp_evidence(s: &str) -> bool {
    const WORDS: [&str; 9] = [
        "қаулысына",
        "қаулыға",
        "бұйрығына",
        "бұйрыққа",
        "шешіміне",
        "шешімге",
        "регламентіне",
        "регламентінің",
        "регламентке",
    ];
    let lower = crate::normalize::lowercase(s);
    WORDS.iter().any(|w| lower.contains(w)) || numbered_appendix(&lower)
}

/// `қосымша\s+\d|\d\s*[-–]?\s*қосымша`: the word with a number after it
/// or before it.
fn numbered_appendix(lower: &str) -> bool {
    use crate::normalize::{char_before, run_back};
    lower.match_indices("қосымша").any(|(at, word)| {
        let after = &lower[at + word.len()..];
        let number_after = after.trim_start().starts_with(is_decimal_digit)
            && after.starts_with(char::is_whitespace);
        let mut before = run_back(lower, at, char::is_whitespace);
        if let Some(dash) = char_before(lower, before).filter(|&c| c == '-' || c == '–') {
            before = run_back(lower, before - dash.len_utf8(), char::is_whitespace);
        }
        number_after || char_before(lower, before).is_some_and(is_decimal_digit)
    })
}

/// A stamp that opens a regulation's own appendix (`… регламентіне 1-қосымша`)
/// rather than an act's appendix (`… қаулысына 1 қосымша`).
pub fn regulation_appendix_stamp(s: &str) -> bool {
    let lower = crate::normalize::lowercase(s);
    has!(lower, "регламентіне") || has!(lower, "регламентінің") || has!(lower, "регламентке")
}

/// `… қаулысымен бекітілген` ends an approval stamp (DOMAIN.md §2).
pub fn approval_end(s: &str) -> bool {
    let t = s.trim_end();
    t.ends_with("бекітілген") || t.ends_with("бекітілген.")
}

/// `Бекітілген` / `БЕКІТІЛГЕН` opening an approval stamp printed the other
/// way round (`Бекітілген` / `… әкімдігінің` / `… № 12 қаулысымен`).
pub fn approval_start(s: &str) -> bool {
    let t = s.trim();
    t == "Бекітілген" || t == "БЕКІТІЛГЕН" || t == "Бекітілді" || t == "БЕКІТІЛДІ"
}

/// The last line of an approval stamp that opened with `Бекітілген`.
pub fn approval_act_end(s: &str) -> bool {
    let t = s.trim_end().trim_end_matches('.');
    ["қаулысымен", "бұйрығымен", "шешімімен"]
        .iter()
        .any(|w| t.ends_with(w))
}

/// The last words of a stamp printed label first (`1-қосымша` / `…` /
/// `№ 3/553 қаулысына`).
pub fn stamp_act_end(s: &str) -> bool {
    let t = s.trim_end().trim_end_matches('.');
    [
        "қаулысына",
        "бұйрығына",
        "шешіміне",
        "регламентіне",
        "бұйрыққа",
        "қаулыға",
    ]
    .iter()
    .any(|w| t.ends_with(w))
}

/// Words that show a run of lines is an approval stamp.
///
/// `(?i)қаулысымен|бұйрығымен|шешімімен|қаулысы\s+мен|бұйрығы\s+мен` by
/// hand, on the lowercase text, as [`stamp_evidence`].
pub fn approval_evidence(s: &str) -> bool {
    let lower = crate::normalize::lowercase(s);
    ["қаулысымен", "бұйрығымен", "шешімімен"]
        .iter()
        .any(|w| lower.contains(w))
        || ["қаулысы", "бұйрығы"].iter().any(|w| {
            // `\s+` or `\s*`: the words glued are the first three.
            lower
                .match_indices(w)
                .any(|(at, w)| lower[at + w.len()..].trim_start().starts_with("мен"))
        })
}

/// The last word of a regulation's title (DOMAIN.md §3).
pub fn title_end(s: &str) -> bool {
    let t = s.trim_end().trim_end_matches('.');
    t.ends_with("регламенті") || t.ends_with("Регламенті") || t.ends_with("РЕГЛАМЕНТІ")
}

/// The last word of a diagram or handbook title in a regulation's appendix.
pub fn diagram_title_end(s: &str) -> bool {
    let t = s.trim_end().trim_end_matches('.');
    [
        "диаграммасы",
        "диаграмма",
        "анықтамалығы",
        "анықтамасы",
        "диаграммалары",
    ]
    .iter()
    .any(|w| t.ends_with(w))
}

/// `1 - диаграмма`: the label of one of several diagrams.
pub fn diagram_label(s: &str) -> Option<Label> {
    if !opens_with_digit(s) {
        return None;
    }
    let parsed: PResult<'_, u32> = (number, space0, opt(dash), space0, tag_no_case("диаграмма"))
        .map(|(n, ..)| n)
        .parse(s);
    let (after, n) = parsed.ok()?;
    if !after.trim().is_empty() {
        return None;
    }
    label_from(s, after, "", n)
}

/// Text ends a sentence or a list entry: the next line may start a new block.
pub fn ends_sentence(s: &str) -> bool {
    // Most lines end in a Cyrillic letter (two bytes, the first 0xD0–0xD3):
    // nothing to trim, no initial, no stop at the end, so only a stop glued
    // inside the last word is left to ask about.
    if let [.., 0xD0..=0xD3, _] = s.as_bytes() {
        return last_word_holds_stop(s) && glued_after_end(s);
    }
    ends_sentence_by_chars(s)
}

/// [`ends_sentence`] for any text.
fn ends_sentence_by_chars(s: &str) -> bool {
    let t = s.trim_end().trim_end_matches(['"', '»', ')']);
    // The patterns are tried only where their last characters are there:
    // this runs for nearly every line.
    if initial_at_end(t) {
        // `… әкімі Б.` + `Сагинтаев`: an initial, the name goes on.
        return false;
    }
    t.ends_with(['.', ';', ':', '!', '?']) || (last_word_holds_stop(t) && glued_after_end(t))
}

/// Whether the text after the last whitespace holds `.`, `;` or `:`. Read
/// back from the end by bytes: a Cyrillic letter or a continuation byte is
/// never whitespace, and only another character is decoded (splitting off
/// the last word and searching it, character by character, was most of
/// the cost of this test, put to nearly every line).
fn last_word_holds_stop(s: &str) -> bool {
    let bytes = s.as_bytes();
    let mut i = bytes.len();
    while i > 0 {
        i -= 1;
        match bytes[i] {
            b'.' | b';' | b':' => return true,
            b if b.is_ascii() => {
                if b.is_ascii_whitespace() || b == 0x0B {
                    return false;
                }
            }
            0x80..=0xBF | 0xD0..=0xD3 => {}
            _ => {
                if crate::normalize::char_at(s, i).is_whitespace() {
                    return false;
                }
            }
        }
    }
    false
}

/// Text ends in an initial (`… әкімі Б.`): the surname is on the next line.
pub fn ends_with_initial(s: &str) -> bool {
    initial_at_end(s.trim_end())
}

/// `(?:^|\s)\p{Lu}\.(?:\p{Lu}\.)?$` by hand: one or two initials at the
/// end, after a space or at the start. Nearly every line ends in `.`, and
/// the pattern, anchored at the end, was a reverse search per line.
fn initial_at_end(t: &str) -> bool {
    // The text before a trailing `X.` with `X` a capital letter.
    fn before_initial(s: &str) -> Option<&str> {
        let mut chars = s.strip_suffix('.')?.chars();
        chars.next_back().filter(|&c| is_capital(c))?;
        Some(chars.as_str())
    }
    let at_boundary = |s: &str| s.is_empty() || s.ends_with(char::is_whitespace);
    let Some(before) = before_initial(t) else {
        return false;
    };
    at_boundary(before) || before_initial(before).is_some_and(at_boundary)
}

/// `\p{Lu}`: an uppercase letter. `char::is_uppercase` also takes the
/// Other_Uppercase signs (Roman numerals, circled and squared letters),
/// which are not letters.
pub(crate) fn is_capital(c: char) -> bool {
    c.is_uppercase()
        && !matches!(c, '\u{2160}'..='\u{216F}' | '\u{24B6}'..='\u{24CF}' | '\u{1F130}'..='\u{1F189}')
}

/// A class of the pattern syntax (`\d`, `\w`) as ranges read from
/// regex-syntax's Unicode tables: a class, not a pattern, so nothing is
/// compiled (a pattern with the class cost a run tenths of a millisecond).
pub(crate) struct CharClass(Vec<(char, char)>);

impl CharClass {
    /// The class `class` is in the pattern syntax; an expression that is no
    /// class is the empty class.
    pub(crate) fn of(class: &str) -> CharClass {
        use regex_syntax::hir::{Class, HirKind};
        CharClass(
            match regex_syntax::parse(class).map(|hir| hir.into_kind()) {
                Ok(HirKind::Class(Class::Unicode(class))) => class
                    .ranges()
                    .iter()
                    .map(|r| (r.start(), r.end()))
                    .collect(),
                _ => Vec::new(),
            },
        )
    }

    pub(crate) fn contains(&self, c: char) -> bool {
        let at = self.0.partition_point(|&(_, end)| end < c);
        self.0.get(at).is_some_and(|&(start, _)| start <= c)
    }
}

/// A place in a text, stepped through by the patterns read by hand: each
/// step is a piece of pattern syntax and gives the place after it, or
/// `None` where the piece does not match. Runs (`\s*`, `\d+`, `[…]*`) are
/// read to their end: the hand readings are of patterns where what follows
/// a run cannot be part of it, so the pattern has no other reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct At<'t> {
    pub text: &'t str,
    pub at: usize,
}

impl<'t> At<'t> {
    pub(crate) fn new(text: &'t str, at: usize) -> At<'t> {
        At { text, at }
    }

    fn rest(self) -> &'t str {
        &self.text[self.at..]
    }

    fn to(self, at: usize) -> At<'t> {
        At { at, ..self }
    }

    /// `[class]*`
    pub(crate) fn run(self, class: impl Fn(char) -> bool) -> At<'t> {
        let rest = self.rest();
        self.to(self.at + rest.len() - rest.trim_start_matches(class).len())
    }

    /// `[class]+`
    pub(crate) fn run1(self, class: impl Fn(char) -> bool) -> Option<At<'t>> {
        let end = self.run(class);
        (end.at > self.at).then_some(end)
    }

    /// `\s*`
    pub(crate) fn spaces(self) -> At<'t> {
        self.run(char::is_whitespace)
    }

    /// `\s+`
    pub(crate) fn spaces1(self) -> Option<At<'t>> {
        self.run1(char::is_whitespace)
    }

    /// `\d+`
    pub(crate) fn digits(self) -> Option<At<'t>> {
        self.run1(is_decimal_digit)
    }

    /// `\d{1,most}`
    pub(crate) fn digits_at_most(self, most: usize) -> Option<At<'t>> {
        let rest = self.rest();
        let len: usize = rest
            .chars()
            .take_while(|&c| is_decimal_digit(c))
            .take(most)
            .map(char::len_utf8)
            .sum();
        (len > 0).then(|| self.to(self.at + len))
    }

    /// A literal.
    pub(crate) fn word(self, word: &str) -> Option<At<'t>> {
        self.rest()
            .starts_with(word)
            .then(|| self.to(self.at + word.len()))
    }

    /// A literal of lowercase letters as `(?i)` reads it ([`caseless_char`]).
    pub(crate) fn caseless(self, word: &str) -> Option<At<'t>> {
        let mut end = self.at;
        let mut chars = self.rest().chars();
        for w in word.chars() {
            let c = chars.next().filter(|&c| caseless_char(c) == w)?;
            end += c.len_utf8();
        }
        Some(self.to(end))
    }

    /// `(?:a|b|…)` of literals: the first that matches.
    pub(crate) fn any_word(self, words: &[&str]) -> Option<At<'t>> {
        words.iter().find_map(|w| self.word(w))
    }

    /// An optional literal: `x?`.
    pub(crate) fn maybe(self, word: &str) -> At<'t> {
        self.word(word).unwrap_or(self)
    }

    /// `\s*-?\s*`
    pub(crate) fn hyphen(self) -> At<'t> {
        self.dash(&["-"])
    }

    /// `\s*[dashes]?\s*`: one of `dashes` or none, spaces around it.
    pub(crate) fn dash(self, dashes: &[&str]) -> At<'t> {
        let a = self.spaces();
        a.any_word(dashes).unwrap_or(a).spaces()
    }

    /// `[\p{L}&&[\p{Cyrillic}\p{Latin}]]*`: a word's ending, in the letters of
    /// the texts' scripts (`word_letter!`).
    pub(crate) fn ending(self) -> At<'t> {
        self.run(is_word_letter)
    }
}

/// `[\p{L}&&[\p{Cyrillic}\p{Latin}]]`: a letter of the scripts these texts
/// are printed in.
pub(crate) fn is_word_letter(c: char) -> bool {
    static LETTERS: LazyLock<CharClass> = LazyLock::new(|| CharClass::of(word_letter!()));
    // The Cyrillic block is letters but for the thousands sign and the
    // combining marks U+0482–U+0489.
    match c {
        '\0'..='\x7F' => c.is_ascii_alphabetic(),
        '\u{400}'..='\u{481}' | '\u{48A}'..='\u{4FF}' => true,
        '\u{482}'..='\u{489}' => false,
        _ => LETTERS.contains(c),
    }
}

/// `\d`: a decimal digit of any script (Unicode's `Nd`). `char::is_numeric`
/// also takes other numbers (`²`, `½`, Roman numerals), and std has no test
/// for the category.
pub(crate) fn is_decimal_digit(c: char) -> bool {
    static DIGITS: LazyLock<CharClass> = LazyLock::new(|| CharClass::of(r"\d"));
    if c.is_ascii() {
        return c.is_ascii_digit();
    }
    DIGITS.contains(c)
}

/// `\w`: a character of a word (letters, marks, decimal digits, connector
/// punctuation, the joiners).
pub(crate) fn is_word_char(c: char) -> bool {
    static WORD: LazyLock<CharClass> = LazyLock::new(|| CharClass::of(r"\w"));
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || c == '_';
    }
    WORD.contains(c)
}

/// The letter `(?i)` takes `c` for where the pattern has a lowercase
/// letter: its lowercase, or for the letters that are lowercase already
/// and still fold to another (the long s; the Cyrillic Extended-C rounded
/// ve, tall te …) the letter they fold to.
pub(crate) fn caseless_char(c: char) -> char {
    match c {
        '\u{1C80}' => 'в',
        '\u{1C81}' => 'д',
        '\u{1C82}' => 'о',
        '\u{1C83}' => 'с',
        '\u{1C84}' | '\u{1C85}' => 'т',
        '\u{1C86}' => 'ъ',
        '\u{1C87}' => 'ѣ',
        '\u{1C88}' => 'ꙋ',
        'ſ' => 's',
        '\0'..='\x7F' => c.to_ascii_lowercase(),
        // The block's lowercase by the fast table (the same letters).
        '\u{400}'..='\u{4FF}' => crate::normalize::lower_char(c),
        _ => {
            let mut lower = c.to_lowercase();
            match (lower.next(), lower.next()) {
                (Some(l), None) => l,
                _ => c,
            }
        }
    }
}

/// `\p{Ll}`: a lowercase letter. `char::is_lowercase` also takes the
/// Other_Lowercase signs (modifier letters, `ª`, small Roman numerals,
/// circled letters), which are not.
fn is_small(c: char) -> bool {
    c.is_lowercase()
        && !matches!(c,
            '\u{AA}' | '\u{BA}' | '\u{2B0}'..='\u{2B8}' | '\u{2C0}'..='\u{2C1}'
            | '\u{2E0}'..='\u{2E4}' | '\u{345}' | '\u{37A}' | '\u{10FC}'
            | '\u{1D2C}'..='\u{1D6A}' | '\u{1D78}' | '\u{1D9B}'..='\u{1DBF}' | '\u{2071}'
            | '\u{207F}' | '\u{2090}'..='\u{209C}' | '\u{2170}'..='\u{217F}'
            | '\u{24D0}'..='\u{24E9}' | '\u{2C7C}'..='\u{2C7D}' | '\u{A69C}'..='\u{A69D}'
            | '\u{A770}' | '\u{A7F2}'..='\u{A7F4}' | '\u{A7F8}'..='\u{A7F9}'
            | '\u{AB5C}'..='\u{AB5F}' | '\u{AB69}' | '\u{10780}' | '\u{10783}'..='\u{10785}'
            | '\u{10787}'..='\u{107B0}' | '\u{107B2}'..='\u{107BA}' | '\u{1E030}'..='\u{1E06D}')
}

/// `… мазмұндалсын;қосымшасына`: a sentence end with displaced link text
/// glued after it, left in place when the repair was not certain:
/// `[^\p{Lu}\d][.;:][\p{Cyrillic}][\p{Cyrillic}\p{Latin}\-]{2,}$` by hand.
/// The stop is none of the tail's characters, so the tail is the whole run
/// of them the text ends in.
fn glued_after_end(s: &str) -> bool {
    let tail = s.trim_end_matches(|c: char| c == '-' || is_script_char(c));
    let run = &s[tail.len()..];
    let mut letters = run.chars();
    if !letters.next().is_some_and(is_cyrillic_char) || letters.nth(1).is_none() {
        return false;
    }
    let mut before = tail.chars();
    before
        .next_back()
        .is_some_and(|c| matches!(c, '.' | ';' | ':'))
        && before
            .next_back()
            .is_some_and(|c| !is_capital(c) && !is_decimal_digit(c))
}

/// `\p{Cyrillic}`: a character of the Cyrillic script (letters, and the
/// script's own signs and marks).
pub(crate) fn is_cyrillic_char(c: char) -> bool {
    static CYRILLIC: LazyLock<CharClass> = LazyLock::new(|| CharClass::of(r"\p{Cyrillic}"));
    // The Cyrillic block is the script's but for two combining marks that
    // any script takes (U+0485, U+0486).
    match c {
        '\0'..='\x7F' => false,
        '\u{400}'..='\u{484}' | '\u{487}'..='\u{4FF}' => true,
        '\u{485}' | '\u{486}' => false,
        _ => CYRILLIC.contains(c),
    }
}

/// `[\p{Cyrillic}\p{Latin}]`: a character of the scripts these texts are
/// printed in ([`crate::normalize::LETTERS`]).
pub(crate) fn is_script_char(c: char) -> bool {
    static SCRIPTS: LazyLock<CharClass> =
        LazyLock::new(|| CharClass::of(&format!("[{}]", crate::normalize::LETTERS)));
    match c {
        '\0'..='\x7F' => c.is_ascii_alphabetic(),
        '\u{400}'..='\u{484}' | '\u{487}'..='\u{4FF}' => true,
        '\u{485}' | '\u{486}' => false,
        _ => SCRIPTS.contains(c),
    }
}

/// Whether a paragraph starts with a numbering label of any kind.
pub fn labelled(s: &str) -> bool {
    item_label(s).is_some() || sub_item_label(s).is_some() || step_label(s).is_some()
}

/// `№ 620` alone on a line: an act number pushed below an appendix label.
pub fn act_number_line(s: &str) -> bool {
    let parsed: PResult<'_, &str> = recognize((
        char('№'),
        space0,
        digit1,
        opt((alt((char('/'), char('-'))), digit1)),
    ))
    .parse(s.trim());
    matches!(parsed, Ok(("", _)))
}

/// Whether the title of an act ends here (`… туралы`).
pub fn act_title_end(s: &str) -> bool {
    s.trim_end().ends_with("туралы")
}

/// Whether a line starts with a lowercase letter: a sentence left open
/// goes on there.
pub fn starts_lowercase(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

    /// The test by bytes answers as splitting off the last word and
    /// searching it, on every corpus line end and on other whitespace.
    #[test]
    fn last_word_stop_by_bytes_is_by_characters() {
        let ends = crate::corpus_line_ends_and(&[
            "",
            ".",
            "a b.c",
            "a.b c",
            "бер\u{a0}1.2",
            "1.2\u{a0}бер",
            "x\u{b}y.",
            "x.\u{b}y",
            "x.\u{85}y",
            "x.\u{3000}y",
            "x\u{2003}y;",
            "қ:\u{1c}ә",
        ]);
        for end in &ends {
            let last = end.rsplit(char::is_whitespace).next().unwrap_or(end);
            assert_eq!(
                last_word_holds_stop(end),
                last.contains(['.', ';', ':']),
                "{end:?}"
            );
            // And the shortcut of a line ending in a Cyrillic letter.
            assert_eq!(ends_sentence(end), ends_sentence_by_chars(end), "{end:?}");
        }
    }

    /// The pattern [`appendix_label_at_end`] reads by hand.
    fn appendix_label_pattern() -> Regex {
        Regex::new(r"(?:^|[\s\p{P}])((?:(\d+)\s*[-–]?\s*қосымша(?:сы)?|[Ққ]осымша\s*№?\s*(\d+)|[Ққ]осымша(?:сы)?))(?:\s+№\s*[\d/\-]+)?$").unwrap()
    }

    /// The label the pattern finds at the end of `text`: start, text, number.
    fn pattern_label(pattern: &Regex, text: &str) -> Option<AppendixLabel> {
        let t = text.trim_end();
        let caps = pattern.captures(t)?;
        let label = caps.get(1)?;
        Some(AppendixLabel {
            start: label.start(),
            text: label.as_str().to_owned(),
            number: caps
                .get(2)
                .or_else(|| caps.get(3))
                .and_then(|m| m.as_str().parse().ok()),
        })
    }

    /// The hand tests in front of the end-anchored patterns never change an
    /// answer: on every line end of the corpus, what the pattern matches
    /// the test passes.
    #[test]
    fn hand_tests_pass_every_line_end_their_pattern_matches() {
        let label = appendix_label_pattern();
        let (mut signatures, mut labels) = (0, 0);
        for end in crate::corpus_line_ends_and(&[]) {
            let t = end.trim_end();
            if signatory_at_end(t).is_some() {
                assert!(ends_with_initial_and_word(t), "{t:?}");
                signatures += 1;
            }
            if label.is_match(t) {
                assert_eq!(
                    appendix_label_at_end(&end),
                    pattern_label(&label, &end),
                    "{t:?}"
                );
                labels += 1;
            }
        }
        assert!(signatures >= 5 && labels >= 5, "{signatures} {labels}");
        assert!(signature("Алматы қаласының әкімі Б. Сагинтаев"));
        assert!(signature("әкімі Б.Сагинтаев"));
        assert!(!signature("мемлекеттік қызмет көрсетіледі"));
    }

    /// The classes by hand are the pattern's `\p{Lu}`, `\p{Ll}` and `\d`
    /// for every character of the Unicode version both know.
    #[test]
    fn capitals_small_letters_and_digits_are_the_patterns_classes() {
        let (capital, small, digit, word) = (
            Regex::new(r"^\p{Lu}$").unwrap(),
            Regex::new(r"^\p{Ll}$").unwrap(),
            Regex::new(r"^\d$").unwrap(),
            Regex::new(r"^\w$").unwrap(),
        );
        // Characters the standard library's newer Unicode has and the
        // pattern's tables do not (unassigned there) are not compared.
        let assigned = Regex::new(r"^\P{Cn}$").unwrap();
        let mut buf = [0; 4];
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let c_str = c.encode_utf8(&mut buf);
            if !assigned.is_match(c_str) {
                continue;
            }
            assert_eq!(is_capital(c), capital.is_match(c_str), "{c:?}");
            assert_eq!(is_decimal_digit(c), digit.is_match(c_str), "{c:?}");
            assert_eq!(is_word_char(c), word.is_match(c_str), "{c:?}");
            // Unicode 17 made `ʕ` a letter without case; the pattern's
            // tables are Unicode 16's.
            if c != 'ʕ' {
                assert_eq!(is_small(c), small.is_match(c_str), "{c:?}");
            }
        }
    }

    /// The glued sentence end by hand is the pattern it replaced, on every
    /// line end of the corpus and on every string of up to five of the
    /// characters that matter to it; the script classes (and the letters of
    /// the scripts) are the pattern's on every character.
    #[test]
    fn glued_after_end_is_the_pattern() {
        let pattern = Regex::new(&format!(
            r"[^\p{{Lu}}\d][.;:][\p{{Cyrillic}}][{}\-]{{2,}}$",
            crate::normalize::LETTERS
        ))
        .unwrap();
        let mut ends = crate::corpus_line_ends_and(&[
            "мазмұндалсын;қосымшасына",
            "Б.қосымша",
            "5.қосымша",
            "а.\u{483}бв",
            "а.б\u{485}в",
            "ф.бwz",
            ".бвг",
        ]);
        let chars = [
            "а", "Б", "b", "5", "٣", ".", ";", ",", "-", " ", "\u{485}", "\u{483}",
        ];
        ends.extend(crate::every_string_of(&chars, 5));
        let glued = crate::same_answers(&ends, |t| pattern.is_match(t), glued_after_end, |&m| m);
        assert!(glued >= 1000, "{glued}");
        let (cyrillic, scripts, letters) = (
            Regex::new(r"^\p{Cyrillic}$").unwrap(),
            Regex::new(&format!("^[{}]$", crate::normalize::LETTERS)).unwrap(),
            Regex::new(concat!("^", word_letter!(), "$")).unwrap(),
        );
        let mut buf = [0; 4];
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let c_str = c.encode_utf8(&mut buf);
            assert_eq!(is_cyrillic_char(c), cyrillic.is_match(c_str), "{c:?}");
            assert_eq!(is_script_char(c), scripts.is_match(c_str), "{c:?}");
            assert_eq!(is_word_letter(c), letters.is_match(c_str), "{c:?}");
        }
    }

    /// For every lowercase letter of the Cyrillic block and of ASCII, the
    /// characters [`caseless_char`] takes for it are the ones `(?i)` takes:
    /// the letter's case-folding class as regex-syntax reads it.
    #[test]
    fn caseless_letters_are_the_case_insensitive_classes() {
        let letters = ('a'..='z')
            .chain('\u{430}'..='\u{45F}')
            .chain(('\u{460}'..='\u{52F}').filter(|c| c.is_lowercase()));
        // What each letter is taken for, in one pass over every character.
        let mut taken: std::collections::HashMap<char, Vec<char>> =
            std::collections::HashMap::new();
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            taken.entry(caseless_char(c)).or_default().push(c);
        }
        let mut extra = 0;
        for letter in letters {
            let class = CharClass::of(&format!("(?i){letter}"));
            let mut want: Vec<char> = class.0.iter().flat_map(|&(a, b)| a..=b).collect();
            if want.is_empty() {
                want.push(letter);
            }
            assert_eq!(taken[&letter], want, "{letter:?}");
            extra += want.len().saturating_sub(2);
        }
        // Kelvin sign, long s, the Extended-C letters: classes of three.
        assert!(extra >= 8, "{extra}");
    }

    /// The hand-read signatory's name is the pattern it replaced, group and
    /// all, on every line end of the corpus, on the edge cases and on every
    /// short string of the characters that matter to it.
    #[test]
    fn signatory_at_end_is_the_pattern() {
        let pattern =
            Regex::new(r"(?:^|\s)(\p{Lu}\.\s?(?:\p{Lu}\.\s?)?\p{Lu}[\p{Ll}\-]+)$").unwrap();
        let expected = |t: &str| pattern.captures(t).map(|c| c.get(1).unwrap().start());
        let mut ends = crate::corpus_line_ends_and(&[
            "Алматы қаласының әкімі Б. Сагинтаев",
            "әкімі Б.Қ. Сагинтаев",
            "әкімі Б. Қ. Сагинтаев",
            "әкімі ӘБ. Қ. Сагинтаев",
            "әкімі ӘБ.Қ. Сагинтаев",
            "Б.Сагинтаев",
            "Б.  Сагинтаев",
            "Б.С",
            "Б.Са-ғ",
            "әкімі Ⅱ. Сагинтаев",
            "әкімі Б. Сагинтаевⓐ",
            "әкімі Б.\u{a0}Сагинтаев",
            "әкімі\u{2003}Б.Сагинтаев",
            "әкімі б. Сагинтаев",
            "Сагинтаев",
            "",
        ]);
        ends.extend(crate::every_string_of(
            &['Б', 'а', '.', ' ', '-', 'x', 'ª'],
            5,
        ));
        let names = crate::same_answers(&ends, expected, signatory_at_end, Option::is_some);
        assert!(names >= 20, "{names}");
    }

    /// The evidence asked of the lowercase text is what the patterns found
    /// case-insensitively, on every line end of the corpus as printed and
    /// in capitals.
    #[test]
    fn evidence_of_the_lowercase_is_the_case_insensitive_pattern() {
        let stamp = Regex::new(r"(?i)қаулысына|қаулыға|бұйрығына|бұйрыққа|шешіміне|шешімге|регламентіне|регламентінің|регламентке|қосымша\s+\d|\d\s*[-–]?\s*қосымша").unwrap();
        let approval =
            Regex::new(r"(?i)қаулысымен|бұйрығымен|шешімімен|қаулысы\s+мен|бұйрығы\s+мен").unwrap();
        let mut ends = crate::corpus_line_ends_and(&[
            "ҚАУЛЫСЫНА 1-ҚОСЫМША",
            "Әкімдігінің Бұйрығымен",
            "ШЕШІМІ МЕН",
            "қосымша\u{a0}٣ ٣ – \tқосымша",
        ]);
        // The words and what may stand between them and a number, in every
        // order.
        let pieces = [
            "қосымша",
            "қаулысы",
            "бұйрығы",
            "мен",
            "на",
            " ",
            "-",
            "–",
            "1",
            "٣",
            "а",
        ];
        ends.extend(crate::every_string_of(&pieces, 4));
        let texts = crate::with_capitals(&ends);
        let stamps = crate::same_answers(&texts, |t| stamp.is_match(t), stamp_evidence, |&m| m);
        let approvals =
            crate::same_answers(&texts, |t| approval.is_match(t), approval_evidence, |&m| m);
        assert!(stamps >= 5000 && approvals >= 1000, "{stamps} {approvals}");
    }

    /// The label read back by hand is the pattern's, start, text and
    /// number, on strings of the label's pieces in every order, and on
    /// whole labels with what may follow them.
    #[test]
    fn appendix_label_is_the_pattern() {
        let pattern = appendix_label_pattern();
        let pieces = [
            "қосымша",
            "Қосымша",
            "сы",
            "1",
            "٣",
            "№",
            " ",
            "-",
            "–",
            "/",
            "а",
            ".",
            "ға",
        ];
        let mut texts = crate::every_string_of(&pieces, 4);
        let phrases = [
            "1 қосымша",
            "Қосымша 2",
            "қосымшасы",
            " № 620",
            "-",
            " ",
            "№",
            "3",
            ",",
        ];
        texts.extend(crate::every_string_of(&phrases, 4));
        let labels = crate::same_answers(
            &texts,
            |t| pattern_label(&pattern, t),
            appendix_label_at_end,
            Option::is_some,
        );
        assert!(labels >= 5000, "{labels}");
    }

    /// The enacting formula by hand is the pattern it replaced, on every
    /// line end of the corpus and on strings of the formulas' pieces.
    #[test]
    fn enacting_formula_is_the_pattern() {
        let pattern = Regex::new(
            r"ҚАУЛЫ\s+ЕТЕДІ|ҚАУЛЫ\s+ЕТТІ|БҰЙЫРАМЫН|ШЕШІМ\s+ЕТЕДІ|ШЕШІМ\s+ҚАБЫЛДАДЫ|ШЕШТІ|ШЕШІМ\s+ЕТТІ",
        )
        .unwrap();
        let mut ends = crate::corpus_line_ends_and(&[
            "әкімдігі ҚАУЛЫ ЕТЕДІ:",
            "ҚАУЛЫ\n\tЕТТІ",
            "ҚАУЛЫЕТЕДІ ШЕШТІ",
            "ШЕШІМ ҚАБЫЛДАДЫ",
            "ШЕШІМ\u{a0}ЕТТІ",
        ]);
        // The formulas' words and whitespace, glued in every order.
        let words = [
            "ҚАУЛЫ",
            "ШЕШІМ",
            "ЕТЕДІ",
            "ЕТТІ",
            "ҚАБЫЛДАДЫ",
            "БҰЙЫРАМЫН",
            "ШЕШТІ",
            " ",
            "\n",
        ];
        ends.extend(crate::every_string_of(&words, 4));
        let found = crate::same_answers(
            &ends,
            |t| pattern.find(t).map(|m| m.range()),
            enacting_formula,
            Option::is_some,
        );
        assert!(found >= 100, "{found}");
    }

    /// The hand-written initial test answers as the pattern it replaced, on
    /// every line end of the corpus and on the edge cases.
    #[test]
    fn initial_at_end_is_the_pattern() {
        let pattern = Regex::new(r"(?:^|\s)\p{Lu}\.(?:\p{Lu}\.)?$").unwrap();
        let ends = crate::corpus_line_ends_and(&[
            "Б.",
            "әкімі Б.",
            "әкімі Б.Қ.",
            "әкімі Б. Қ.",
            "әкіміБ.",
            "әкімі б.",
            "әкімі ББ.",
            "Ⅱ.",
            "x Ⓐ.",
            "A.B.C.",
            "\u{a0}Ә.",
            ".",
            "",
            "Б.Қ",
            "әкімі Б.\t",
        ]);
        let initials = crate::same_answers(&ends, |t| pattern.is_match(t), initial_at_end, |&m| m);
        assert!(initials >= 5, "{initials}");
    }

    #[test]
    fn item_labels() {
        let l = item_label("5. Мемлекеттік қызметті").unwrap();
        assert_eq!((l.text.as_str(), l.number, l.len), ("5.", 5, 3));
        assert_eq!(item_label("9.Портал арқылы").unwrap().number, 9);
        assert_eq!(item_label("1.\"Таратылған қорды").unwrap().number, 1);
        assert_eq!(item_label("16.09.2020 № 3/372"), None);
        assert_eq!(item_label("2015. жыл"), None);
        assert_eq!(item_label("Ескерту."), None);
    }

    #[test]
    fn sub_item_labels() {
        let l = sub_item_label("10) 6 - үдеріс - көрсетілетін").unwrap();
        assert_eq!((l.text.as_str(), l.number, l.len), ("10)", 10, 4));
        assert_eq!(sub_item_label("4), 5) және 6) тармақшалар"), None);
        assert_eq!(sub_item_label("(бір) жұмыс"), None);
    }

    #[test]
    fn step_labels_of_every_kind() {
        let cases = [
            (
                "1 - іс-қимыл – көрсетілетін",
                "1 - іс-қимыл",
                1,
                StepKind::Action,
            ),
            ("1-рәсім-көрсетілетін", "1-рәсім", 1, StepKind::Process),
            (
                "3 – рәсім-пайдаланушының",
                "3 – рәсім",
                3,
                StepKind::Process,
            ),
            (
                "2 - процесс – Мемлекеттік",
                "2 - процесс",
                2,
                StepKind::Process,
            ),
            ("1–үдеріс – қызмет", "1–үдеріс", 1, StepKind::Process),
            ("7-үдеріс- қызмет", "7-үдеріс", 7, StepKind::Process),
            ("1 - шарт – ұсынылған", "1 - шарт", 1, StepKind::Condition),
            ("2 – шарт-порталда", "2 – шарт", 2, StepKind::Condition),
        ];
        for (input, text, number, kind) in cases {
            let (l, k) = step_label(input).unwrap_or_else(|| panic!("{input}"));
            assert_eq!(
                (l.text.as_str(), l.number, k),
                (text, number, kind),
                "{input}"
            );
            let rest = &input[l.len..];
            assert!(
                rest.starts_with(|c: char| c.is_alphabetic()),
                "{input}: {rest}"
            );
        }
        assert_eq!(step_label("2 - іс-қимылды бастау"), None);
        assert_eq!(step_label("2 (екі) сағат"), None);
        assert_eq!(step_label("4 (төрт) жұмыс күн"), None);
    }

    #[test]
    fn chapter_labels() {
        let l = chapter_label("1. Жалпы ережелер").unwrap();
        assert_eq!((l.text.as_str(), l.number), ("1.", 1));
        assert_eq!(
            chapter_label("2-тарау. Мемлекеттік").unwrap().text,
            "2-тарау."
        );
        assert_eq!(chapter_label("4-бөлім. Мемлекеттік").unwrap().number, 4);
        assert_eq!(
            chapter_label("4. \"Азаматтарға арналған").unwrap().number,
            4
        );
        assert_eq!(chapter_label("2 (екі) жұмыс күні"), None);
        assert_eq!(chapter_label("9-тармағында көрсетілген"), None);
        assert_eq!(chapter_label("2015. жылғы"), None);
        assert_eq!(chapter_label("3. сөз"), None);
        assert_eq!(chapter_label("2-тарау").unwrap().number, 2);
        assert_eq!(chapter_label("2."), None);
    }

    #[test]
    fn appendix_labels_in_every_form() {
        let cases = [
            ("1 қосымша", Some(1)),
            ("№ 3/553 қаулысына 1 қосымша", Some(1)),
            ("1-қосымша", Some(1)),
            ("Қосымша 1", Some(1)),
            ("2 - қосымша", Some(2)),
            ("2 – қосымша", Some(2)),
            ("регламентіне 1- қосымша", Some(1)),
            ("регламентінің 2 қосымшасы", Some(2)),
            ("регламентіне қосымша", None),
            ("Қосымша 1 № 620", Some(1)),
        ];
        assert_eq!(
            appendix_label_at_end("бұйрығына Қосымша 1 № 620")
                .unwrap()
                .text,
            "Қосымша 1"
        );
        for (s, n) in cases {
            let l = appendix_label_at_end(s).unwrap_or_else(|| panic!("{s}"));
            assert_eq!(l.number, n, "{s}");
        }
        assert_eq!(
            appendix_label_at_end("№ 3/553 қаулысына 1 қосымша")
                .unwrap()
                .text,
            "1 қосымша"
        );
        assert!(bare_appendix_label("2-қосымша"));
        assert!(!bare_appendix_label("қаулысына 2-қосымша"));
        assert_eq!(
            appendix_label_at_end("Стандартқа 1-қосымшада берілген"),
            None
        );
    }

    #[test]
    fn fixed_phrases() {
        assert!(status_line("Күшін жойған"));
        assert!(status_line("Қолданыстағы"));
        assert!(note_start("Ескерту. Күші жойылды"));
        assert!(!note_start("Ескертпе"));
        assert!(editorial_note_start("РҚАО-ның ескертпесі."));
        assert!(signature("Алматы қаласының әкімі Б. Сагинтаев"));
        assert!(signature("Облыс әкімі К. Көкрекбаев"));
        assert!(!signature("орынбасары Е. Қожағапановқа жүктелсін."));
        assert!(enacting_formula("әкімдігі ҚАУЛЫ ЕТЕДІ:").is_some());
        assert!(enacting_formula(":БҰЙЫРАМЫН").is_some());
        assert!(approval_end("№ 4/635 қаулысымен бекітілген"));
        assert!(title_end("мемлекеттік көрсетілетін қызмет регламенті"));
        assert!(diagram_title_end(
            "функционалдық өзара әрекеттері диаграммасы"
        ));
        assert_eq!(diagram_label("1 - диаграмма").unwrap().number, 1);
        assert!(act_number_line("№ 620"));
        assert!(!act_number_line("№ 620 бұйрығына"));
        assert!(ends_sentence("табылады.\""));
        assert!(!ends_sentence("қызмет регламенті"));
        assert!(!ends_sentence("Алматы қаласының әкімі Б."));
        assert!(ends_sentence("мазмұндалсын;қосымшасына"));
    }
}
