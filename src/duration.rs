//! Step durations in Kazakh regulation text (DOMAIN.md §4, with the number
//! words of §4 and the PDF artifacts of §7).
//!
//! In: one sentence or paragraph, normalized or not (line breaks, doubled
//! spaces and Latin homoglyphs such as `iшiнде` are tolerated). Out: every
//! duration found, in text order, as a [`Duration`] with its value, unit,
//! bound (`ішінде` within, `дейін` up to, `кешіктірмей` not later than,
//! `аспайтын` not exceeding), the number words and whether they agree with
//! the digits, an ISO 8601 form where one exists, and its byte span in the
//! input. Covered forms: `15 (он бес) минут`, `2 (екі) сағат ішінде`, dash
//! forms (`– 1 жұмыс күні;`), the unit in parentheses (`1 ( күнтізбелік)
//! күні`), words first (`он үш (13) жұмыс күні`), words only (`екі жұмыс
//! күні`, `күнтізбелік он күн`), alternatives (`30 (отыз) күнтізбелік күнге
//! дейін (немесе 22 (жиырма екі) жұмыс күні)`) and the irregular `4 (төрт)
//! жұмыс күн`.
//!
//! Left out on purpose, as they are not step durations: dates (`2015 жылғы
//! 28 мамырдағы`, `16.09.2020`, `2015 жылы`, `2015 жылдан`), clock times
//! (`13.00`), references (`9-тармағында`, `№ 11606`, `1 қосымша`), and
//! offsets: a quantity followed by `кейін`/`соң`/`бұрын`/`өткен …` ("after",
//! "before", "having passed"), or preceded by `кейін` with no bound of its
//! own — the act's entry-into-force rule `күнінен кейін күнтізбелік он күн
//! өткен соң`. A quantity preceded by `кейін` that has its own bound
//! (`тіркелгеннен кейін он жұмыс күні ішінде`) is a real deadline and kept.
//!
//! The scan tries the grammar (nom) at each word start and resumes after a
//! match, and each try reads a bounded number of words, so the whole scan is
//! linear in the input.

use crate::normalize::{char_at, is_letter, is_letter_or_digit, letter_or_digit_at};
use nom::branch::alt;
use nom::bytes::complete::{take_while, take_while1};
use nom::character::complete::char;
use nom::combinator::{opt, value};
use nom::error::{Error, ErrorKind};
use nom::{IResult, Parser};
use serde::{Deserialize, Serialize};

use crate::numerals;

/// The one result type of this module's nom parsers (STYLE.md, x509-parser).
type PResult<'a, T> = IResult<&'a str, T>;

/// The unit a duration is counted in.
// Deserialize: `diff` reads durations back from the JSON shape of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// `минут`.
    Minute,
    /// `сағат`.
    Hour,
    /// `жұмыс күні`, `жұмыс күн` (suffix missing in seed 003).
    WorkingDay,
    /// `күнтізбелік күн`, `(күнтізбелік) күні`.
    CalendarDay,
    /// `күн` with neither `жұмыс` nor `күнтізбелік`: the text does not say which.
    Day,
    /// `ай`.
    Month,
    /// `жыл` (not `жылғы`/`жылы`, which make dates).
    Year,
}

impl Unit {
    /// Working minutes of `value` of this unit, where convertible: a working
    /// day of 8 hours, a calendar week of five working days. A bare `күн`,
    /// months and years depend on a calendar and give `None`.
    pub fn working_minutes(self, value: u32) -> Option<u64> {
        let v = u64::from(value);
        Some(match self {
            Unit::Minute => v,
            Unit::Hour => v * 60,
            Unit::WorkingDay => v * 8 * 60,
            Unit::CalendarDay => v * 8 * 60 * 5 / 7,
            Unit::Day | Unit::Month | Unit::Year => return None,
        })
    }
}

/// How the duration limits the step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Bound {
    /// No marker: `– 15 минут;`.
    Exact,
    /// `ішінде`, also `мерзімінде`/`мерзімде` ("in the term of").
    Within,
    /// `дейін`, `дейінгі`.
    UpTo,
    /// `кешіктірмей`, `кешіктірілмей`.
    NotLaterThan,
    /// `аспайтын`, `аспайды`, `аспауы` …
    NotExceeding,
}

/// One duration found in a text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Duration {
    /// The digits when written, else the value of the number words.
    pub value: u32,
    /// What is counted.
    pub unit: Unit,
    /// The marker after the unit, or [`Bound::Exact`].
    pub bound: Bound,
    /// The number words as written, whitespace collapsed to single spaces.
    pub words: Option<String>,
    /// What [`Duration::words`] spell, if they are number words at all.
    pub words_value: Option<u32>,
    /// Digits and words both present and disagreeing (or the words unreadable):
    /// a defect of the source, to be reported.
    pub conflict: bool,
    /// `PT15M`, `PT2H`, `P10D`, `P2M`, `P1Y`; `None` for working days, which
    /// depend on a calendar ISO 8601 cannot express.
    pub iso8601: Option<String>,
    /// The matched slice of the input, from the number (or a leading
    /// `күнтізбелік`) to the unit or bound.
    pub text: String,
    /// Byte offset of [`Duration::text`] in the input.
    pub start: usize,
    /// Byte offset just past [`Duration::text`] in the input.
    pub end: usize,
    /// Index, in the returned vector, of the duration this one is an
    /// alternative to (`… (немесе 22 (жиырма екі) жұмыс күні)`).
    pub alternative_of: Option<usize>,
}

/// Finds all durations in `text`, in order; see the module doc for the forms.
#[must_use]
pub fn find_durations(text: &str) -> Vec<Duration> {
    let mut out: Vec<Duration> = Vec::new();
    let mut i = 0usize;
    // Only word starts are tried: the text is walked by bytes, a word is
    // passed over in one step once its start is tried, and a character is
    // decoded only where its bytes do not tell it.
    while i < text.len() {
        let (alnum, len) = letter_or_digit_at(text, i);
        if !alnum {
            i += len;
            continue;
        }
        let word = Word::at(text, i);
        if may_start_here(text, i, &word) {
            if let Some(found) = match_at(text, i) {
                let primary = found.primary.map(|d| {
                    out.push(d);
                    out.len() - 1
                });
                for mut alt in found.alternatives {
                    // An alternative to something we dropped is dropped too.
                    if let Some(p) = primary {
                        alt.alternative_of = Some(p);
                        out.push(alt);
                    }
                }
                i = found.end.max(i + len);
                // A match that ends inside a word resumes after that word.
                let inside_word = text
                    .get(..i)
                    .and_then(|s| s.chars().next_back())
                    .is_some_and(is_letter_or_digit);
                if inside_word {
                    i = Word::at(text, i).end;
                }
                continue;
            }
        }
        i = word.end;
    }
    out
}

/// The run of letters and digits that starts at a byte of the text.
struct Word {
    /// Where its leading letters end (its start when it opens with a digit).
    letters_end: usize,
    /// Where the run ends.
    end: usize,
}

impl Word {
    fn at(text: &str, start: usize) -> Word {
        let bytes = text.as_bytes();
        let mut letters_end = start;
        // Whether every character so far is a letter.
        let mut leading = true;
        let mut i = start;
        loop {
            // Letters of the basic Cyrillic block, two bytes each, make most
            // of a word: passed over by their bytes in a tight loop (a
            // character a step through the general test below cost three
            // times as much). U+0482–U+0489 (0xD2 0x82–0x89) are a sign and
            // combining marks.
            while let [lead, second, ..] = bytes[i..] {
                if lead.wrapping_sub(0xD0) >= 4 || (lead == 0xD2 && second.wrapping_sub(0x82) < 8) {
                    break;
                }
                i += 2;
            }
            if leading {
                letters_end = i;
            }
            let Some(&b) = bytes.get(i) else { break };
            let (letter, len) = match b {
                b if b.is_ascii_alphabetic() => (true, 1),
                b if b.is_ascii_digit() => (false, 1),
                // Other ASCII, and the Cyrillic sign and marks the loop
                // above stopped at, end the word.
                b if b.is_ascii() => break,
                0xD0..=0xD3 => break,
                _ => {
                    let c = char_at(text, i);
                    if !is_letter_or_digit(c) {
                        break;
                    }
                    (is_letter(c), c.len_utf8())
                }
            };
            leading &= letter;
            i += len;
            if leading {
                letters_end = i;
            }
        }
        Word {
            letters_end,
            end: i,
        }
    }
}

/// What one successful try at a position yields: the duration (`None` when
/// it is an offset, not a duration), its alternatives, and where to resume.
struct Found {
    primary: Option<Duration>,
    alternatives: Vec<Duration>,
    end: usize,
}

/// Cheap look-behind that keeps digits of dates, times, decimals, ranges and
/// registration numbers (`16.09.2020`, `13.00`, `3/553`, `1-2`, `№ 11606`)
/// from being read as quantities.
fn may_start_here(text: &str, i: usize, word: &Word) -> bool {
    let c = char_at(text, i);
    if !c.is_ascii_digit() {
        // A duration in words starts with a bare number word or with
        // `күнтізбелік`: nearly every word of a text is passed over here,
        // most of them by their first letter. No number word starts with
        // `к` (a test holds the tables to it), so a word is asked one of
        // the two questions, not both.
        let letters = &text[i..word.letters_end];
        if numerals::fold_char(c) == 'к' {
            return eq_folded(letters, "күнтізбелік");
        }
        return numerals::may_start_number_word(c) && numerals::is_lemma(letters);
    }
    let before = text.get(..i).unwrap_or("");
    let mut back = before.chars().rev();
    match back.next() {
        Some('.' | ',' | '/' | '№' | '\\') => return false,
        Some('-' | '–' | '—') if back.next().is_some_and(|p| p.is_ascii_digit()) => {
            return false
        }
        _ => {}
    }
    !before.trim_end().ends_with('№')
}

fn match_at(text: &str, i: usize) -> Option<Found> {
    let s = text.get(i..)?;
    let (rest, p) = duration(s).ok()?;
    let mut end = text.len() - rest.len();
    let offset = p.bound.is_none() && (followed_by_offset_word(rest) || preceded_by_after(text, i));
    let primary = (!offset).then(|| build(text, i, end, &p));

    let mut alternatives = Vec::new();
    let mut tail = rest;
    while let Ok((r, (start_rest, alt_p))) = alternative(tail) {
        let a_start = text.len() - start_rest.len();
        let a_end = a_start + (start_rest.len() - r.len());
        alternatives.push(build(text, a_start, a_end, &alt_p));
        let (r, _) = opt((ws0, char::<&str, Error<&str>>(')'))).parse(r).ok()?;
        tail = r;
        end = text.len() - tail.len();
    }
    Some(Found {
        primary,
        alternatives,
        end,
    })
}

/// `(немесе <duration>` or `немесе <duration>`; yields the input at the
/// alternative's start (for its span) and the parse.
fn alternative(i: &str) -> PResult<'_, (&str, Parsed)> {
    let (r, _) = (ws0, opt(char('(')), ws0, word_in(&["немесе"]), ws1).parse(i)?;
    let (rest, p) = duration(r)?;
    Ok((rest, (r, p)))
}

/// A successful parse, before it becomes a [`Duration`].
struct Parsed {
    qty: Qty,
    unit: Unit,
    bound: Option<Bound>,
}

struct Qty {
    value: u32,
    words: Option<String>,
    words_value: Option<u32>,
    conflict: bool,
    /// `(күнтізбелік)` stood where the number words usually do.
    calendar: bool,
}

fn build(text: &str, start: usize, end: usize, p: &Parsed) -> Duration {
    let v = p.qty.value;
    let iso8601 = match p.unit {
        Unit::Minute => Some(format!("PT{v}M")),
        Unit::Hour => Some(format!("PT{v}H")),
        Unit::CalendarDay | Unit::Day => Some(format!("P{v}D")),
        Unit::Month => Some(format!("P{v}M")),
        Unit::Year => Some(format!("P{v}Y")),
        Unit::WorkingDay => None,
    };
    Duration {
        value: v,
        unit: p.unit,
        bound: p.bound.unwrap_or(Bound::Exact),
        words: p.qty.words.clone(),
        words_value: p.qty.words_value,
        conflict: p.qty.conflict,
        iso8601,
        text: text.get(start..end).unwrap_or("").to_string(),
        start,
        end,
        alternative_of: None,
    }
}

/// `[күнтізбелік] quantity unit [bound]`.
fn duration(i: &str) -> PResult<'_, Parsed> {
    let (r, prefix) = opt((word_in(&["күнтізбелік"]), ws1)).parse(i)?;
    let (r, qty) = alt((digits_first, words_first)).parse(r)?;
    // `0 минут` is no duration (a damaged digit, a typo): a duration is
    // longer than zero, as the schema requires.
    if qty.value == 0 {
        return fail(i);
    }
    let (r, _) = ws0(r)?;
    let (r, unit) = unit(r)?;
    let unit = if prefix.is_some() || qty.calendar {
        // The calendar marker only ever qualifies a bare day.
        match unit {
            Unit::Day | Unit::CalendarDay => Unit::CalendarDay,
            _ => return fail(i),
        }
    } else {
        unit
    };
    // A four-digit "year" count is a date: `2015 жыл`, `2015 жылдан бастап`.
    if unit == Unit::Year && qty.words.is_none() && qty.value >= 1000 {
        return fail(i);
    }
    let (r, bound) = opt(nom::sequence::preceded(ws1, bound)).parse(r)?;
    Ok((r, Parsed { qty, unit, bound }))
}

/// `15`, `15 (он бес)`, `1 ( күнтізбелік)`.
fn digits_first(i: &str) -> PResult<'_, Qty> {
    let (r, value) = digits(i)?;
    let (r, paren) = opt((ws0, char('('), ws0, paren_content, ws0, char(')'))).parse(r)?;
    let qty = match paren.map(|t| t.3) {
        None => Qty {
            value,
            words: None,
            words_value: None,
            conflict: false,
            calendar: false,
        },
        Some(Paren::Calendar) => Qty {
            value,
            words: None,
            words_value: None,
            conflict: false,
            calendar: true,
        },
        Some(Paren::Words(w)) => {
            let words_value = numerals::parse_words(w);
            Qty {
                value,
                words: Some(collapse_ws(w)),
                words_value,
                conflict: words_value != Some(value),
                calendar: false,
            }
        }
    };
    Ok((r, qty))
}

/// `он үш (13)`, `екі`.
fn words_first(i: &str) -> PResult<'_, Qty> {
    // Bare words only: an inflected numeral (`бестен`) is not a quantity here.
    let Some((words_value, len, _)) = numerals::scan(i, false) else {
        return fail(i);
    };
    let (Some(w), Some(r)) = (i.get(..len), i.get(len..)) else {
        return fail(i);
    };
    let (r, digits) = opt((ws0, char('('), ws0, digits, ws0, char(')'))).parse(r)?;
    let digits = digits.map(|t| t.3);
    Ok((
        r,
        Qty {
            value: digits.unwrap_or(words_value),
            words: Some(collapse_ws(w)),
            words_value: Some(words_value),
            conflict: digits.is_some_and(|d| d != words_value),
            calendar: false,
        },
    ))
}

enum Paren<'a> {
    Calendar,
    Words(&'a str),
}

/// What may stand in the parentheses after digits: the calendar marker, or
/// up to five words (read as number words later, so a misspelling is kept
/// and reported as a conflict instead of losing the duration).
fn paren_content(i: &str) -> PResult<'_, Paren<'_>> {
    if let Ok((r, _)) = word_in(&["күнтізбелік"])(i) {
        if let Ok((_, (_, ')'))) = (ws0, char::<&str, Error<&str>>(')')).parse(r) {
            return Ok((r, Paren::Calendar));
        }
    }
    let (mut r, _) = word(i)?;
    for _ in 1..5 {
        let Ok((after_ws, _)) = ws0(r) else { break };
        match word(after_ws) {
            Ok((next, _)) => r = next,
            Err(_) => break,
        }
    }
    let used = i.len() - r.len();
    Ok((r, Paren::Words(i.get(..used).unwrap_or(""))))
}

/// ASCII digits forming a whole number: not part of a decimal, date, time,
/// range or reference (`13.00`, `9-тармағында`, `3/553`).
fn digits(i: &str) -> PResult<'_, u32> {
    let (r, d) = take_while1(|c: char| c.is_ascii_digit()).parse(i)?;
    let mut chars = r.chars();
    let next = chars.next();
    let after = chars.next();
    match next {
        Some('.' | ',') if after.is_some_and(|c| c.is_ascii_digit()) => return fail(i),
        Some('-' | '–' | '—' | '/' | '\\') => return fail(i),
        _ => {}
    }
    let value = d.bytes().try_fold(0u32, |acc, b| {
        acc.checked_mul(10)?.checked_add(u32::from(b - b'0'))
    });
    match value {
        Some(v) => Ok((r, v)),
        None => fail(i),
    }
}

const DAY: &[&str] = &[
    "күн",
    "күні",
    "күнге",
    "күннен",
    "күнінен",
    "күніне",
    "күнде",
];
const MINUTE: &[&str] = &["минут", "минутқа", "минуттан", "минутта", "минуттың"];
const HOUR: &[&str] = &["сағат", "сағатқа", "сағаттан", "сағатта", "сағаттың"];
const MONTH: &[&str] = &["ай", "айға", "айдан", "айда", "айдың"];
// Not `жылғы`, `жылы`, `жылдағы`: those make dates.
const YEAR: &[&str] = &["жыл", "жылға", "жылдан", "жылда"];

fn unit(i: &str) -> PResult<'_, Unit> {
    alt((
        value(Unit::WorkingDay, (word_in(&["жұмыс"]), ws1, word_in(DAY))),
        value(
            Unit::CalendarDay,
            (word_in(&["күнтізбелік"]), ws1, word_in(DAY)),
        ),
        value(Unit::Day, word_in(DAY)),
        value(Unit::Minute, word_in(MINUTE)),
        value(Unit::Hour, word_in(HOUR)),
        value(Unit::Month, word_in(MONTH)),
        value(Unit::Year, word_in(YEAR)),
    ))
    .parse(i)
}

fn bound(i: &str) -> PResult<'_, Bound> {
    alt((
        value(
            Bound::Within,
            word_in(&["ішінде", "мерзімінде", "мерзімде"]),
        ),
        value(Bound::UpTo, word_in(&["дейін", "дейінгі"])),
        value(
            Bound::NotLaterThan,
            word_in(&["кешіктірмей", "кешіктірілмей"]),
        ),
        value(
            Bound::NotExceeding,
            word_in(&["аспайтын", "аспайды", "аспауы", "аспауға", "аспай"]),
        ),
    ))
    .parse(i)
}

/// `… он күн өткен соң`, `15 минуттан кейін`, `3 күн бұрын`: an offset.
fn followed_by_offset_word(rest: &str) -> bool {
    let Ok((r, _)) = ws1(rest) else { return false };
    let Ok((_, w)) = word(r) else { return false };
    let w = numerals::fold(w);
    matches!(w.as_str(), "кейін" | "соң" | "бұрын") || w.starts_with("өткен")
}

/// The word before `i` is `кейін`: `күнінен кейін күнтізбелік он күн`.
fn preceded_by_after(text: &str, i: usize) -> bool {
    let before = text.get(..i).unwrap_or("").trim_end();
    let start = before
        .char_indices()
        .rev()
        .take_while(|&(_, c)| is_letter(c))
        .last()
        .map_or(before.len(), |(k, _)| k);
    eq_folded(before.get(start..).unwrap_or(""), "кейін")
}

fn word_in(forms: &'static [&'static str]) -> impl Fn(&str) -> PResult<'_, &'static str> {
    move |i: &str| {
        let (r, w) = word(i)?;
        match forms.iter().find(|f| eq_folded(w, f)) {
            Some(f) => Ok((r, *f)),
            None => fail(i),
        }
    }
}

/// A whole word: a run of letters.
fn word(i: &str) -> PResult<'_, &str> {
    take_while1(is_letter).parse(i)
}

fn ws0(i: &str) -> PResult<'_, &str> {
    take_while(char::is_whitespace).parse(i)
}

fn ws1(i: &str) -> PResult<'_, &str> {
    take_while1(char::is_whitespace).parse(i)
}

fn fail<T>(i: &str) -> PResult<'_, T> {
    Err(nom::Err::Error(Error::new(i, ErrorKind::Verify)))
}

/// `a` equals the lower-case Cyrillic `target` up to case and homoglyphs.
fn eq_folded(a: &str, target: &str) -> bool {
    // Compared character by character, stopping at the first difference:
    // nearly every word differs by its second letter. (Counting the target's
    // characters first, to tell words apart by their length, cost more than
    // the comparison: the words near its length are most of them.)
    a.chars().map(numerals::fold_char).eq(target.chars())
}

fn collapse_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The word told by bytes is the run of letters and digits told
    /// character by character, with its leading letters, at every character
    /// of every corpus line end and of text in other scripts.
    #[test]
    fn word_by_bytes_is_the_word_by_characters() {
        let ends = crate::corpus_line_ends_and(&[
            "5күн",
            "қ2б",
            "Ⅻ тоғыз",
            "日本語2",
            "١٢ күн",
            "ә\u{483}бір",
            "iшiнде",
            "аб1вг",
            "12ай",
            "ж",
        ]);
        let mut words = 0;
        for end in &ends {
            let (alnum, _) = letter_or_digit_at(end, 0);
            if !alnum {
                continue;
            }
            let run = end
                .char_indices()
                .find(|&(_, c)| !is_letter_or_digit(c))
                .map_or(end.len(), |(i, _)| i);
            let letters = end
                .char_indices()
                .find(|&(_, c)| !is_letter(c))
                .map_or(end.len(), |(i, _)| i);
            let word = Word::at(end, 0);
            assert_eq!(
                (word.letters_end, word.end),
                (letters.min(run), run),
                "{end:?}"
            );
            words += 1;
        }
        assert!(words > 10_000, "only {words} words");
    }

    /// Exactly one duration, and its text is `expected_text`.
    fn one(input: &str, expected_text: &str) -> Duration {
        let found = find_durations(input);
        assert_eq!(found.len(), 1, "{input:?} -> {found:#?}");
        let d = found.into_iter().next().expect("one");
        assert_eq!(d.text, expected_text, "{input:?}");
        assert_eq!(input.get(d.start..d.end), Some(expected_text));
        d
    }

    fn check(d: &Duration, value: u32, unit: Unit, bound: Bound, words: Option<&str>) {
        assert_eq!((d.value, d.unit, d.bound), (value, unit, bound), "{d:#?}");
        assert_eq!(d.words.as_deref(), words, "{d:#?}");
        if words.is_some() {
            assert!(d.words_value.is_some(), "{d:#?}");
        }
        assert!(!d.conflict, "{d:#?}");
        assert_eq!(d.alternative_of, None);
    }

    #[test]
    fn digits_and_words() {
        let d = one(
            "тіркейді 15 (он бес) минут ішінде",
            "15 (он бес) минут ішінде",
        );
        check(&d, 15, Unit::Minute, Bound::Within, Some("он бес"));
        let d = one("15 (он бес) минут", "15 (он бес) минут");
        check(&d, 15, Unit::Minute, Bound::Exact, Some("он бес"));
        assert_eq!(d.words_value, Some(15));
        assert_eq!(d.iso8601.as_deref(), Some("PT15M"));
        assert_eq!((d.start, d.end), (0, "15 (он бес) минут".len()));
    }

    #[test]
    fn within() {
        let d = one(
            "басшысы 2 (екі) сағат ішінде қарайды",
            "2 (екі) сағат ішінде",
        );
        check(&d, 2, Unit::Hour, Bound::Within, Some("екі"));
        assert_eq!(d.iso8601.as_deref(), Some("PT2H"));
        let d = one("1 (бір) жұмыс күні ішінде", "1 (бір) жұмыс күні ішінде");
        check(&d, 1, Unit::WorkingDay, Bound::Within, Some("бір"));
        assert_eq!(d.iso8601, None);
    }

    #[test]
    fn dash_forms() {
        let d = one("басшыға жібереді – 15 минут;", "15 минут");
        check(&d, 15, Unit::Minute, Bound::Exact, None);
        let d = one("– 1 жұмыс күні;", "1 жұмыс күні");
        check(&d, 1, Unit::WorkingDay, Bound::Exact, None);
        let d = one("жібереді– 1 жұмыс күні;", "1 жұмыс күні");
        check(&d, 1, Unit::WorkingDay, Bound::Exact, None);
        let d = one(
            "Орындалу ұзақтығы - 5 (бес) жұмыс күні ішінде",
            "5 (бес) жұмыс күні ішінде",
        );
        check(&d, 5, Unit::WorkingDay, Bound::Within, Some("бес"));
        let d = one("– 1 сағат;", "1 сағат");
        check(&d, 1, Unit::Hour, Bound::Exact, None);
    }

    #[test]
    fn calendar_in_parentheses() {
        let d = one(
            "1 ( күнтізбелік) күні ішінде",
            "1 ( күнтізбелік) күні ішінде",
        );
        check(&d, 1, Unit::CalendarDay, Bound::Within, None);
        assert_eq!(d.iso8601.as_deref(), Some("P1D"));
        let d = one("5 (күнтізбелік) күні", "5 (күнтізбелік) күні");
        check(&d, 5, Unit::CalendarDay, Bound::Exact, None);
        let d = one("1 (күнтізбелік ) күні", "1 (күнтізбелік ) күні");
        check(&d, 1, Unit::CalendarDay, Bound::Exact, None);
        let d = one(
            "бас тартуға– 1 (күнтізбелік\n) күні ішінде қол қояды",
            "1 (күнтізбелік\n) күні ішінде",
        );
        check(&d, 1, Unit::CalendarDay, Bound::Within, None);
        let d = one(
            "20 ( күнтізбелік) күні ішінде қарауы",
            "20 ( күнтізбелік) күні ішінде",
        );
        check(&d, 20, Unit::CalendarDay, Bound::Within, None);
        assert_eq!(d.iso8601.as_deref(), Some("P20D"));
        // The marker qualifies days only.
        assert!(find_durations("5 (күнтізбелік) сағат").is_empty());
    }

    /// Found by the fuzzer: a digit damaged to `0` gave a zero duration,
    /// which the schema (`value >= 1`) rejects.
    #[test]
    fn a_zero_quantity_is_no_duration() {
        assert!(find_durations("0 минут ішінде").is_empty());
        assert!(find_durations("0 (нөл) жұмыс күні").is_empty());
        assert!(find_durations("00 сағат").is_empty());
        let d = one("10 минут", "10 минут");
        check(&d, 10, Unit::Minute, Bound::Exact, None);
    }

    #[test]
    fn words_first() {
        let d = one(
            "өтінішті он үш (13) жұмыс күні ішінде қарайды",
            "он үш (13) жұмыс күні ішінде",
        );
        check(&d, 13, Unit::WorkingDay, Bound::Within, Some("он үш"));
        assert_eq!(d.words_value, Some(13));
        let d = one(
            "анықтығына он үш (13) \nжұмыс күні ішінде",
            "он үш (13) \nжұмыс күні ішінде",
        );
        check(&d, 13, Unit::WorkingDay, Bound::Within, Some("он үш"));
    }

    #[test]
    fn words_only() {
        let d = one(
            "беруші екі жұмыс күні ішінде өтінішті",
            "екі жұмыс күні ішінде",
        );
        check(&d, 2, Unit::WorkingDay, Bound::Within, Some("екі"));
        let d = one("күнтізбелік он күн", "күнтізбелік он күн");
        check(&d, 10, Unit::CalendarDay, Bound::Exact, Some("он"));
        assert_eq!(d.iso8601.as_deref(), Some("P10D"));
        let d = one(
            "көшірмесін күнтізбелік он күн ішінде мерзімді баспа",
            "күнтізбелік он күн ішінде",
        );
        check(&d, 10, Unit::CalendarDay, Bound::Within, Some("он"));
        let d = one("жиырма бес минут", "жиырма бес минут");
        check(&d, 25, Unit::Minute, Bound::Exact, Some("жиырма бес"));
    }

    #[test]
    fn upper_bound_with_alternative() {
        let input = "құжаттар пакетін тапсырған күннен бастап - 30 (отыз) күнтізбелік күнге дейін \
                     (немесе 22 (жиырма екі) жұмыс күні);";
        let found = find_durations(input);
        assert_eq!(found.len(), 2, "{found:#?}");
        let first = found.first().expect("first");
        let second = found.get(1).expect("second");
        check(first, 30, Unit::CalendarDay, Bound::UpTo, Some("отыз"));
        assert_eq!(first.text, "30 (отыз) күнтізбелік күнге дейін");
        assert_eq!(first.iso8601.as_deref(), Some("P30D"));
        assert_eq!(
            (second.value, second.unit, second.bound),
            (22, Unit::WorkingDay, Bound::Exact)
        );
        assert_eq!(second.words.as_deref(), Some("жиырма екі"));
        assert_eq!(second.words_value, Some(22));
        assert_eq!(second.text, "22 (жиырма екі) жұмыс күні");
        assert_eq!(
            input.get(second.start..second.end),
            Some("22 (жиырма екі) жұмыс күні")
        );
        assert_eq!(second.alternative_of, Some(0));
        assert!(!second.conflict);
    }

    #[test]
    fn alternative_index_counts_earlier_durations() {
        let input = "– 15 минут; 30 күнге дейін (немесе 22 жұмыс күні) және 1 сағат";
        let found = find_durations(input);
        let summary: Vec<_> = found
            .iter()
            .map(|d| (d.value, d.unit, d.alternative_of))
            .collect();
        assert_eq!(
            summary,
            [
                (15, Unit::Minute, None),
                (30, Unit::Day, None),
                (22, Unit::WorkingDay, Some(1)),
                (1, Unit::Hour, None),
            ]
        );
    }

    #[test]
    fn irregular_forms() {
        let d = one(
            "жолдайды, 4 (төрт) жұмыс күн ішінде;",
            "4 (төрт) жұмыс күн ішінде",
        );
        check(&d, 4, Unit::WorkingDay, Bound::Within, Some("төрт"));
        let d = one("13 ( он үш) жұмыс күні", "13 ( он үш) жұмыс күні");
        check(&d, 13, Unit::WorkingDay, Bound::Exact, Some("он үш"));
        let d = one(
            "13 (\nон үш) жұмыс күні ішінде",
            "13 (\nон үш) жұмыс күні ішінде",
        );
        check(&d, 13, Unit::WorkingDay, Bound::Within, Some("он үш"));
        let d = one("– 10 (\nон) минут;", "10 (\nон) минут");
        check(&d, 10, Unit::Minute, Bound::Exact, Some("он"));
        let d = one("15 (он  бес) минут", "15 (он  бес) минут");
        check(&d, 15, Unit::Minute, Bound::Exact, Some("он бес"));
        // Double spacing of seed 004: a blank line inside the duration.
        let d = one("– 15 (он бес) \n\nминут.", "15 (он бес) \n\nминут");
        check(&d, 15, Unit::Minute, Bound::Exact, Some("он бес"));
        let d = one(
            "1 (\nбір) күнтізбелік күн ішінде",
            "1 (\nбір) күнтізбелік күн ішінде",
        );
        check(&d, 1, Unit::CalendarDay, Bound::Within, Some("бір"));
    }

    #[test]
    fn plain_forms() {
        let d = one("20 күнтізбелік күн ішінде", "20 күнтізбелік күн ішінде");
        check(&d, 20, Unit::CalendarDay, Bound::Within, None);
        let d = one("25 (жиырма бес) жұмыс күні", "25 (жиырма бес) жұмыс күні");
        check(&d, 25, Unit::WorkingDay, Bound::Exact, Some("жиырма бес"));
        let d = one("1 (бір) сағат", "1 (бір) сағат");
        check(&d, 1, Unit::Hour, Bound::Exact, Some("бір"));
        assert_eq!(d.iso8601.as_deref(), Some("PT1H"));
        let d = one("оператор 4 сағат ішінде", "4 сағат ішінде");
        check(&d, 4, Unit::Hour, Bound::Within, None);
    }

    #[test]
    fn conflict_between_digits_and_words() {
        let d = one("15 (он төрт) минут", "15 (он төрт) минут");
        assert_eq!((d.value, d.unit, d.bound), (15, Unit::Minute, Bound::Exact));
        assert_eq!(d.words.as_deref(), Some("он төрт"));
        assert_eq!(d.words_value, Some(14));
        assert!(d.conflict);
        let d = one("он үш (14) жұмыс күні", "он үш (14) жұмыс күні");
        assert_eq!((d.value, d.words_value, d.conflict), (14, Some(13), true));
        // Unreadable words are kept and flagged rather than dropped.
        let d = one("15 (он бесс) минут", "15 (он бесс) минут");
        assert_eq!((d.value, d.words_value, d.conflict), (15, None, true));
    }

    #[test]
    fn other_units_and_bounds() {
        let d = one("2 (екі) ай ішінде", "2 (екі) ай ішінде");
        check(&d, 2, Unit::Month, Bound::Within, Some("екі"));
        assert_eq!(d.iso8601.as_deref(), Some("P2M"));
        let d = one("1 (бір) жылға дейін", "1 (бір) жылға дейін");
        check(&d, 1, Unit::Year, Bound::UpTo, Some("бір"));
        assert_eq!(d.iso8601.as_deref(), Some("P1Y"));
        let d = one("5 жұмыс күнінен кешіктірмей", "5 жұмыс күнінен кешіктірмей");
        check(&d, 5, Unit::WorkingDay, Bound::NotLaterThan, None);
        let d = one("10 күннен аспайтын мерзімде", "10 күннен аспайтын");
        check(&d, 10, Unit::Day, Bound::NotExceeding, None);
        assert_eq!(d.iso8601.as_deref(), Some("P10D"));
        let d = one("30 минуттан аспайды", "30 минуттан аспайды");
        check(&d, 30, Unit::Minute, Bound::NotExceeding, None);
        let d = one(
            "3 (үш) жұмыс күні мерзімінде",
            "3 (үш) жұмыс күні мерзімінде",
        );
        check(&d, 3, Unit::WorkingDay, Bound::Within, Some("үш"));
        let d = one("сағатқа 2 сағатқа дейін", "2 сағатқа дейін");
        check(&d, 2, Unit::Hour, Bound::UpTo, None);
    }

    #[test]
    fn homoglyphs_and_case() {
        // Latin i for Kazakh і, as in seed 002.
        let d = one(
            "тiркелгеннен кейiн он жұмыс күні iшiнде Қазақстан",
            "он жұмыс күні iшiнде",
        );
        check(&d, 10, Unit::WorkingDay, Bound::Within, Some("он"));
        let d = one("2 (ЕКІ) САҒАТ ІШІНДЕ", "2 (ЕКІ) САҒАТ ІШІНДЕ");
        check(&d, 2, Unit::Hour, Bound::Within, Some("ЕКІ"));
        let d = one("1 (бір) күнтiзбелiк күн", "1 (бір) күнтiзбелiк күн");
        check(&d, 1, Unit::CalendarDay, Bound::Exact, Some("бір"));
    }

    #[test]
    fn after_with_its_own_bound_is_a_deadline() {
        let d = one(
            "тіркеуден өткеннен кейін он күнтізбелік күн ішінде оны ресми жариялауға",
            "он күнтізбелік күн ішінде",
        );
        check(&d, 10, Unit::CalendarDay, Bound::Within, Some("он"));
    }

    #[test]
    fn not_durations() {
        for s in [
            "2015 жылғы 28 мамырдағы № 431 бұйрығымен",
            "Ақтөбе облысы әкімдігінің 16.09.2020 № 3/372 қаулысымен",
            "16.09.2020",
            "13.00",
            "9-тармағында",
            "10 тармағында",
            "№ 11606",
            "2015 жылғы 28 мамырдағы",
            "Стандарттың 9-тармағында көзделген",
            "Стандарттың 10 тармағында көзделген",
            "№ 11606 болып тіркелген",
            "№11606 жыл",
            "сағат 13.00-ден 14.30-ға дейінгі түскі үзіліспен сағат 9.00-ден 17.30-ға дейін",
            "алғашқы ресми жарияланған күнінен кейін күнтізбелік он күн өткен соң \
             қолданысқа енгізіледі",
            "алғаш ресми жарияланған күнінен кейiн күнтiзбелiк\n      жиырма бір күн өткен \
             соң қолданысқа енгiзiледi",
            "(алғашқы ресми жарияланған күнінен кейін күнтізбелік он күн қаулысымен\nөткен соң",
            "2015 жылы",
            "2015 жыл",
            "2015 жылдан бастап",
            "1 қосымша",
            "1-қосымша",
            "15 минуттан кейін",
            "3 жұмыс күні бұрын",
            "1.5 сағат",
            "1-2 жұмыс күні",
            "3/5 сағат",
            "жүзеге асырады",
            "оның ішінде",
            "су айдындарын",
            "",
            "(",
            "15 (",
            "15 (он",
            "он үш (",
        ] {
            let found = find_durations(s);
            assert!(found.is_empty(), "{s:?} -> {found:#?}");
        }
    }

    #[test]
    fn serializes_in_snake_case() {
        let d = one("1 (бір) жұмыс күні ішінде", "1 (бір) жұмыс күні ішінде");
        let json = serde_json::to_value(&d).expect("serializable");
        assert_eq!(json["unit"], "working_day");
        assert_eq!(json["bound"], "within");
        assert_eq!(json["iso8601"], serde_json::Value::Null);
        let json = serde_json::to_value(Bound::NotLaterThan).expect("serializable");
        assert_eq!(json, "not_later_than");
    }

    #[test]
    fn long_inputs_stay_fast() {
        // Quadratic rescans would take minutes on these.
        let patterns = [
            "1 ( ",
            "он ",
            "күнтізбелік ",
            "15 (он бес бір екі үш ",
            " ",
            "кейін ",
        ];
        for p in patterns {
            let big = p.repeat(40_000);
            let started = std::time::Instant::now();
            let _ = find_durations(&big);
            assert!(started.elapsed().as_secs() < 10, "{p:?}");
        }
        let many = "1 (бір) жұмыс күні ішінде; ".repeat(20_000);
        assert_eq!(find_durations(&many).len(), 20_000);
    }

    #[test]
    fn random_token_soup_keeps_invariants() {
        // Deterministic LCG so a failure reproduces; no extra dependency.
        let pieces = [
            "1",
            "15",
            "2015",
            "9999999999999",
            " ",
            "\n",
            "(",
            ")",
            "-",
            "–",
            ".",
            "/",
            "№",
            "он",
            "бес",
            "үш",
            "жиырма",
            "бір",
            "онға",
            "күнтізбелік",
            "жұмыс",
            "күні",
            "күн",
            "күнге",
            "минут",
            "сағат",
            "ай",
            "жыл",
            "жылы",
            "ішінде",
            "iшiнде",
            "дейін",
            "немесе",
            "кейін",
            "өткен",
            "соң",
            "аспайтын",
            "ə",
            "🙂",
            "\u{301}",
            "i",
        ];
        let mut seed: u64 = 0x5eed;
        for _ in 0..3000 {
            let mut text = String::new();
            for _ in 0..12 {
                seed = seed
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                let k = usize::try_from(seed >> 33).unwrap_or(0) % pieces.len();
                text.push_str(pieces.get(k).copied().unwrap_or(" "));
                if seed & 1 == 0 {
                    text.push(' ');
                }
            }
            let found = find_durations(&text);
            for (n, d) in found.iter().enumerate() {
                assert!(d.start < d.end, "{text:?}: {d:#?}");
                assert_eq!(text.get(d.start..d.end), Some(d.text.as_str()));
                assert!(d.alternative_of.is_none_or(|a| a < n), "{text:?}");
                if let Some(w) = d.words_value {
                    assert_eq!(d.conflict, w != d.value, "{text:?}: {d:#?}");
                }
            }
            for pair in found.windows(2) {
                if let [a, b] = pair {
                    assert!(a.end <= b.start, "overlap in {text:?}");
                }
            }
            let _ = numerals::parse_words(&text);
            let _ = numerals::scan_words(&text);
        }
    }

    #[test]
    fn whole_corpus_without_panic() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let mut files = 0;
        let mut total = 0;
        for entry in std::fs::read_dir(&dir).expect("corpus dir") {
            let path = entry.expect("dir entry").path();
            if path.extension().and_then(|e| e.to_str()) != Some("txt") {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("utf-8 corpus file");
            files += 1;
            for line in text.lines() {
                for d in find_durations(line) {
                    assert_eq!(line.get(d.start..d.end), Some(d.text.as_str()));
                }
            }
            // Whole files too: durations wrap over lines in the seeds.
            for d in find_durations(&text) {
                assert_eq!(text.get(d.start..d.end), Some(d.text.as_str()));
                total += 1;
            }
        }
        assert!(files > 0, "no corpus files in {}", dir.display());
        assert!(total > 0, "no durations found in the corpus");
    }
}
