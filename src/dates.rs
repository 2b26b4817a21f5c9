//! Calendar dates as the acts print them (DOMAIN.md §2: adoption,
//! registration and approval dates in the metadata sentence and the stamps;
//! §6: the numeric dates of the notes; with the PDF artifacts of §7).
//!
//! In: any text, raw or normalized: line breaks and runs of spaces between
//! the parts (`2020 жылғы 16 \nқыркүйектегі`), Latin homoglyphs (`сәуiрдегі`)
//! and capitalised month names are tolerated. Out: every date found, in text
//! order and without overlaps, as a [`FoundDate`] with its year, month, day,
//! ISO 8601 form and byte span in the input.
//!
//! Covered forms:
//!
//! * `2015 жылғы 18 қарашадағы`, `2015 жылы 9 шілдеде`, `2015 жылдағы 15
//!   қыркүйекте`, `2015 ж. 18 қарашадағы`: year, a year word, day, and a
//!   month name in any case form (see [`month_number`]);
//! * the quoted day of the stamps: `2019 жылғы "18" қазандағы`, also with the
//!   line breaks the PDF puts inside the quotes (`"\n\n18"`);
//! * `16.09.2020` (`DD.MM.YYYY`, the form of the notes, §6), with a trailing
//!   `ж.` taken in when present (`08.01.2016 ж.`, as Әділет prints it);
//! * `2015 ж. 08.06` and `2015 жылғы 08.06`: year, then `DD.MM`. This form is
//!   not in the seeds; it is read day first like every other date in these
//!   texts (`DD.MM.YYYY`, day before month name), so `08.06` is 8 June.
//!
//! A printed date that cannot exist (31 February, month 13, day 32) is still
//! returned, with `iso: None`, so that a caller can report it instead of
//! losing it; nothing is guessed.
//!
//! Not dates, on purpose: a bare year (`2015 жылы`, `2015 жылдан`), as it
//! names no day; a day and month without a year (`18 қарашада`), as no ISO
//! value can be given; clock times (`13.00`), decimals (`1.5`), item numbers
//! (`10.2.3`), references (`9-тармағында`, `№ 3/553`, `№ 11606`) and
//! quantities (`15 (он бес) минут`). Two-digit years (`16.09.20`) are not
//! read, as the seeds never print them.
//!
//! The scan tries the grammar (nom) at the start of each run of digits and
//! resumes after a match. Each try reads a bounded number of bytes (gaps of
//! whitespace and words are capped), so the whole scan is linear.

use crate::normalize::{cyrillic_homoglyph, is_letter};
use nom::branch::alt;
use nom::bytes::complete::take_while_m_n;
use nom::character::complete::{char, satisfy};
use nom::combinator::opt;
use nom::error::{Error, ErrorKind};
use nom::{IResult, Parser};
use serde::Serialize;

/// The one result type of this module's nom parsers (STYLE.md, x509-parser).
type PResult<'a, T> = IResult<&'a str, T>;

/// A calendar date as printed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FoundDate {
    /// ISO 8601 `YYYY-MM-DD`, or `None` when the printed date is impossible
    /// (31 February, month 13).
    pub iso: Option<String>,
    /// The year as printed (always four digits in the text).
    pub year: u32,
    /// The month number: from the month name, or as printed in `16.09.2020`
    /// (then possibly out of `1..=12`).
    pub month: u32,
    /// The day as printed (possibly out of range for the month).
    pub day: u32,
    /// Byte offset of [`FoundDate::text`] in the input.
    pub start: usize,
    /// Byte offset just past [`FoundDate::text`] in the input.
    pub end: usize,
    /// The matched slice of the input, line breaks included.
    pub text: String,
}

/// Month stems in the nominative, lowercase Cyrillic, numbered.
const MONTHS: [(&str, u32); 12] = [
    ("қаңтар", 1),
    ("ақпан", 2),
    ("наурыз", 3),
    ("сәуір", 4),
    ("мамыр", 5),
    ("маусым", 6),
    ("шілде", 7),
    ("тамыз", 8),
    ("қыркүйек", 9),
    ("қазан", 10),
    ("қараша", 11),
    ("желтоқсан", 12),
];

/// Case endings a month name takes in these texts. Vowel harmony and the
/// consonant assimilation rules are not enforced (`қазанде` is accepted):
/// the stems are distinctive, a month is only looked for right after a day
/// number, and a misspelt ending should not cost the date.
const CASE_ENDINGS: &[&str] = &[
    // nominative
    "", // locative: қазанда, қыркүйекте
    "да", "де", "та", "те",
    // locative + -ғы/-гі, "of": қарашадағы, қыркүйектегі
    "дағы", "дегі", "тағы", "тегі", // dative: қазанға, қыркүйекке
    "ға", "ге", "қа", "ке",
    // ablative: шілдеден, қыркүйектен, and -нан/-нен after м, н (қазаннан)
    "дан", "ден", "тан", "тен", "нан", "нен",
    // genitive: қарашаның, сәуірдің, қыркүйектің
    "ның", "нің", "дың", "дің", "тың", "тің",
    // accusative: қарашаны, сәуірді, қыркүйекті
    "ны", "ні", "ды", "ді", "ты", "ті",
];

/// The longest month word looked at, in characters: `желтоқсандағы` has 13.
/// Longer letter runs are not month names, and the cap keeps a try bounded.
const MAX_WORD: usize = 24;

/// The most whitespace, in bytes, between two parts of one date. The seeds
/// have at most a few spaces and two line breaks (`"\n\n18"`); the cap keeps
/// a try bounded on hostile input.
const MAX_GAP: usize = 200;

/// Finds every date in `text`, in order and without overlaps; see the
/// module doc for the forms.
///
/// ```
/// use reglament::dates::find_dates;
///
/// let text = "әкімдігінің 2019 жылғы \"\n\n18\" қазандағы № 436 қаулысы, \
///             16.09.2020 № 3/372 қаулысымен";
/// let found = find_dates(text);
/// let iso: Vec<_> = found.iter().map(|d| d.iso.as_deref()).collect();
/// assert_eq!(iso, [Some("2019-10-18"), Some("2020-09-16")]);
/// assert_eq!(found[0].text, "2019 жылғы \"\n\n18\" қазандағы");
/// ```
#[must_use]
pub fn find_dates(text: &str) -> Vec<FoundDate> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0usize;
    while let Some(&b) = bytes.get(i) {
        // An ASCII digit byte never occurs inside a multi-byte UTF-8
        // sequence, so `i` is a char boundary whenever it points at one.
        let run_start = b.is_ascii_digit()
            && !i
                .checked_sub(1)
                .and_then(|p| bytes.get(p))
                .is_some_and(u8::is_ascii_digit);
        if run_start && may_start_here(text, i) {
            if let Some(found) = date_at(text, i) {
                i = found.end.max(i + 1);
                out.push(found);
                continue;
            }
        }
        i += 1;
    }
    out
}

/// Reads a date at the start of `text`, after any whitespace; the span is
/// relative to `text`. `None` when no date starts there.
#[must_use]
pub fn parse_date(text: &str) -> Option<FoundDate> {
    let start = text.len() - text.trim_start().len();
    date_at(text, start)
}

/// The number (`1..=12`) of a Kazakh month name, whatever its
/// capitalisation and with Latin homoglyphs (`сәуiр`) read as Cyrillic.
///
/// Accepted: the nominative and the locative (`қарашада`, `қыркүйекте`),
/// locative + `-ғы` (`қарашадағы`, `қыркүйектегі`), dative (`қазанға`,
/// `қыркүйекке`), ablative (`шілдеден`, `қазаннан`, `қыркүйектен`), genitive
/// (`қарашаның`, `сәуірдің`, `қыркүйектің`) and accusative (`қарашаны`)
/// forms. `None` for any other word, such as `Қазақстан`.
///
/// ```
/// use reglament::dates::month_number;
///
/// assert_eq!(month_number("қарашадағы"), Some(11));
/// assert_eq!(month_number("Сәуiрде"), Some(4));
/// assert_eq!(month_number("Қазақстан"), None);
/// ```
#[must_use]
pub fn month_number(word: &str) -> Option<u32> {
    let word = fold(word.trim())?;
    MONTHS.iter().find_map(|&(stem, n)| {
        word.strip_prefix(stem)
            .is_some_and(|ending| CASE_ENDINGS.contains(&ending))
            .then_some(n)
    })
}

/// Lowercase Cyrillic form of a short word, Latin homoglyphs replaced;
/// `None` when the word is longer than [`MAX_WORD`] characters.
fn fold(word: &str) -> Option<String> {
    if word.chars().nth(MAX_WORD).is_some() {
        return None;
    }
    let mut out = String::with_capacity(word.len());
    for c in word.chars().map(crate::normalize::lower_char) {
        out.push(cyrillic_homoglyph(c).unwrap_or(c));
    }
    Some(out)
}

/// Keeps digits that continue a number from starting a date: the parts of
/// `10.2.3` or `1,5`, fractions and registration numbers (`3/553`,
/// `№ 11606`).
fn may_start_here(text: &str, i: usize) -> bool {
    let before = text.get(..i).unwrap_or("");
    let mut back = before.chars().rev();
    match back.next() {
        Some('/' | '\\') => return false,
        Some('.' | ',') if back.next().is_some_and(|c| c.is_ascii_digit()) => return false,
        _ => {}
    }
    !before.trim_end().ends_with('№')
}

/// Tries the grammar at byte `start` of `text` (a char boundary).
fn date_at(text: &str, start: usize) -> Option<FoundDate> {
    let s = text.get(start..)?;
    let (rest, parts) = date(s).ok()?;
    let end = text.len() - rest.len();
    Some(FoundDate {
        iso: iso(parts),
        year: parts.year,
        month: parts.month,
        day: parts.day,
        start,
        end,
        text: text.get(start..end)?.to_owned(),
    })
}

/// Year, month and day as read, before validation.
#[derive(Debug, Clone, Copy)]
struct Parts {
    year: u32,
    month: u32,
    day: u32,
}

/// `YYYY-MM-DD` when the date exists in the Gregorian calendar.
fn iso(p: Parts) -> Option<String> {
    let valid =
        (1..=12).contains(&p.month) && (1..=days_in_month(p.year, p.month)).contains(&p.day);
    valid.then(|| format!("{:04}-{:02}-{:02}", p.year, p.month, p.day))
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn is_leap(year: u32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// One date: the worded forms first, as they also start with digits.
fn date(i: &str) -> PResult<'_, Parts> {
    alt((worded, numeric)).parse(i)
}

/// Which word follows the year; it decides whether `DD.MM` may follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum YearWord {
    /// `жылғы`, `жылдағы` ("of the year"): a date follows.
    Of,
    /// `жылы` ("in the year"): may also be followed by a clock time
    /// (`2015 жылы 9.00-де`), so `DD.MM` is not read after it.
    In,
    /// `ж.`, the abbreviation.
    Abbreviated,
}

/// `2015 жылғы 18 қарашадағы`, `2019 жылғы "18" қазандағы`, `2015 ж. 08.06`.
fn worded(i: &str) -> PResult<'_, Parts> {
    let (r, year) = year(i)?;
    let (r, _) = gap(r)?;
    let (r, word) = year_word(r)?;
    let (r, _) = gap(r)?;
    if word != YearWord::In {
        if let Ok((r, (day, month))) = day_dot_month(r) {
            return Ok((r, Parts { year, month, day }));
        }
    }
    let (r, day) = alt((quoted_day, day)).parse(r)?;
    let (r, _) = gap(r)?;
    let (r, month) = month_word(r)?;
    Ok((r, Parts { year, month, day }))
}

/// `16.09.2020`, optionally followed by `ж.` on the same line.
fn numeric(i: &str) -> PResult<'_, Parts> {
    let (r, (day, _, month, _, year)) = (day, char('.'), day, char('.'), year).parse(i)?;
    // `1.10.02.2015`-like chains are item numbers, not dates.
    if continues_number(r) {
        return fail(i);
    }
    let (r, _) = opt((
        take_while_m_n(0, MAX_GAP, |c| c == ' '),
        satisfy(|c| c == 'ж' || c == 'Ж'),
        char('.'),
    ))
    .parse(r)?;
    Ok((r, Parts { year, month, day }))
}

/// `08.06` after a year word: day, then month.
fn day_dot_month(i: &str) -> PResult<'_, (u32, u32)> {
    let (r, (day, _, month)) = (day, char('.'), day).parse(i)?;
    // `08.06.2015` after a year is a full date of its own, found from `08`.
    if continues_number(r) {
        return fail(i);
    }
    Ok((r, (day, month)))
}

/// A `.` or `,` followed by a digit: the number goes on.
fn continues_number(r: &str) -> bool {
    let mut c = r.chars();
    matches!(c.next(), Some('.' | ',')) && c.next().is_some_and(|d| d.is_ascii_digit())
}

/// Exactly four digits.
fn year(i: &str) -> PResult<'_, u32> {
    number(i, 4, 4)
}

/// One or two digits.
fn day(i: &str) -> PResult<'_, u32> {
    number(i, 1, 2)
}

/// `min..=max` ASCII digits not followed by another digit.
fn number(i: &str, min: usize, max: usize) -> PResult<'_, u32> {
    let (r, digits) = take_while_m_n(min, max, |c: char| c.is_ascii_digit()).parse(i)?;
    if r.starts_with(|c: char| c.is_ascii_digit()) {
        return fail(i);
    }
    match digits.parse() {
        Ok(n) => Ok((r, n)),
        Err(_) => fail(i),
    }
}

/// `"18"`, `«18»`, `"\n\n18"`: the day of a stamp in quotes.
fn quoted_day(i: &str) -> PResult<'_, u32> {
    let (r, (_, _, d, _, _)) = (quote, gap, day, gap, quote).parse(i)?;
    Ok((r, d))
}

fn quote(i: &str) -> PResult<'_, char> {
    satisfy(|c| matches!(c, '"' | '«' | '»' | '“' | '”' | '„' | '\'')).parse(i)
}

/// `жылғы`, `жылдағы`, `жылы`, or `ж.`, as a whole word.
fn year_word(i: &str) -> PResult<'_, YearWord> {
    let (r, w) = word(i)?;
    let Some(folded) = fold(w) else {
        return fail(i);
    };
    match folded.as_str() {
        "жылғы" | "жылдағы" => Ok((r, YearWord::Of)),
        "жылы" => Ok((r, YearWord::In)),
        "ж" => {
            let (r, _) = char('.').parse(r)?;
            Ok((r, YearWord::Abbreviated))
        }
        _ => fail(i),
    }
}

/// A month name in any case form, as a whole word.
fn month_word(i: &str) -> PResult<'_, u32> {
    let (r, w) = word(i)?;
    match month_number(w) {
        Some(n) => Ok((r, n)),
        None => fail(i),
    }
}

/// A run of 1..=[`MAX_WORD`] letters ending at a non-letter.
fn word(i: &str) -> PResult<'_, &str> {
    let (r, w) = take_while_m_n(1, MAX_WORD, is_letter).parse(i)?;
    if r.starts_with(is_letter) {
        return fail(i);
    }
    Ok((r, w))
}

/// Up to [`MAX_GAP`] bytes of whitespace, line breaks included.
fn gap(i: &str) -> PResult<'_, &str> {
    // Stops reading at the cap instead of measuring the whole run.
    let len = i
        .char_indices()
        .find(|&(at, c)| at > MAX_GAP || !c.is_whitespace())
        .map_or(i.len(), |(at, _)| at);
    match (i.get(..len), i.get(len..)) {
        (Some(g), Some(r)) if len <= MAX_GAP => Ok((r, g)),
        _ => fail(i),
    }
}

fn fail<T>(i: &str) -> PResult<'_, T> {
    Err(nom::Err::Error(Error::new(i, ErrorKind::Verify)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Exactly one date in `input`; its text is `text` and its ISO value `iso`.
    fn one(input: &str, text: &str, iso: Option<&str>) -> FoundDate {
        let found = find_dates(input);
        assert_eq!(found.len(), 1, "{input:?} -> {found:#?}");
        let d = found.into_iter().next().expect("one date");
        assert_eq!(d.text, text, "{input:?}");
        assert_eq!(input.get(d.start..d.end), Some(text), "{input:?}");
        assert_eq!(d.iso.as_deref(), iso, "{input:?}");
        d
    }

    fn none(input: &str) {
        assert_eq!(find_dates(input), Vec::new(), "{input:?}");
    }

    #[test]
    fn year_word_day_month_name() {
        let cases = [
            ("2015 жылғы 18 қарашадағы", "2015-11-18"),
            ("2019 жылғы 25 қыркүйектегі", "2019-09-25"),
            ("2019 жылғы 1 қазанда", "2019-10-01"),
            ("2015 жылы 9 шілдеде", "2015-07-09"),
            ("2015 жылғы 28 сәуірдегі", "2015-04-28"),
            ("2020 жылғы 17 қаңтардағы", "2020-01-17"),
            ("2016 жылғы 12 ақпандағы", "2016-02-12"),
            ("2015 жылғы 27 наурыздағы", "2015-03-27"),
            ("2015 жылғы 22 мамырдағы", "2015-05-22"),
            ("2015 жылғы 18 маусымда", "2015-06-18"),
            ("2015 жылғы 30 тамыздағы", "2015-08-30"),
            ("2017 жылғы 14 желтоқсанда", "2017-12-14"),
            ("2015 жылдағы 15 қыркүйекте", "2015-09-15"),
            ("2015 ж. 18 қарашадағы", "2015-11-18"),
        ];
        for (input, iso) in cases {
            one(input, input, Some(iso));
        }
    }

    #[test]
    fn inside_a_sentence() {
        let input = "Алматы қаласы әкімдігінің 2015 жылғы 18 қарашадағы № 4/635 қаулысымен";
        let d = one(input, "2015 жылғы 18 қарашадағы", Some("2015-11-18"));
        assert_eq!((d.year, d.month, d.day), (2015, 11, 18));
        assert_eq!(d.start, "Алматы қаласы әкімдігінің ".len());
        assert_eq!(d.end, d.start + "2015 жылғы 18 қарашадағы".len());
    }

    #[test]
    fn line_breaks_and_spaces_between_parts() {
        one(
            "2020 жылғы 16 \nқыркүйектегі №",
            "2020 жылғы 16 \nқыркүйектегі",
            Some("2020-09-16"),
        );
        one(
            "2016\nжылғы 14 қаңтарда",
            "2016\nжылғы 14 қаңтарда",
            Some("2016-01-14"),
        );
        one(
            "2015 жылғы \n28 сәуірдегі №",
            "2015 жылғы \n28 сәуірдегі",
            Some("2015-04-28"),
        );
        one(
            "2015 жылғы 30 \n\nсәуірдегі",
            "2015 жылғы 30 \n\nсәуірдегі",
            Some("2015-04-30"),
        );
        one(
            "2015   жылғы\t 18    қарашадағы",
            "2015   жылғы\t 18    қарашадағы",
            Some("2015-11-18"),
        );
        // A gap far wider than any printed date is not one date.
        let wide = format!("2015 жылғы{}18 қарашадағы", " ".repeat(MAX_GAP + 1));
        none(&wide);
    }

    #[test]
    fn quoted_day() {
        one(
            "2019 жылғы \"18\" қазандағы",
            "2019 жылғы \"18\" қазандағы",
            Some("2019-10-18"),
        );
        one(
            "2015 жылғы \"02\" қарашадағы",
            "2015 жылғы \"02\" қарашадағы",
            Some("2015-11-02"),
        );
        one(
            "2016 жылғы \"5\" наурыздағы",
            "2016 жылғы \"5\" наурыздағы",
            Some("2016-03-05"),
        );
        // As the PDF delivers them (seeds 001 and 004).
        one(
            "2019 жылғы \"\n\n18\" қазандағы № 436",
            "2019 жылғы \"\n\n18\" қазандағы",
            Some("2019-10-18"),
        );
        one(
            "2016 жылғы \"5\"\nнаурыздағы №",
            "2016 жылғы \"5\"\nнаурыздағы",
            Some("2016-03-05"),
        );
        one(
            "2015 жылғы \n\n\"02\" қарашадағы \n\n№",
            "2015 жылғы \n\n\"02\" қарашадағы",
            Some("2015-11-02"),
        );
        one(
            "2019 жылғы «18» қазандағы",
            "2019 жылғы «18» қазандағы",
            Some("2019-10-18"),
        );
    }

    #[test]
    fn numeric() {
        one(
            "әкімдігінің 16.09.2020 № 3/372",
            "16.09.2020",
            Some("2020-09-16"),
        );
        one(
            "министрінің 18.09.2019  (алғашқы ресми № 725",
            "18.09.2019",
            Some("2019-09-18"),
        );
        let d = one("18.09.2019", "18.09.2019", Some("2019-09-18"));
        assert_eq!((d.year, d.month, d.day), (2019, 9, 18));
        // Әділет's own metadata puts `ж.` after the date.
        one(
            "жүйесі, 08.01.2016 ж., ҚР",
            "08.01.2016 ж.",
            Some("2016-01-08"),
        );
        // At the end of a sentence.
        one("күшіне енді 16.09.2020.", "16.09.2020", Some("2020-09-16"));
    }

    #[test]
    fn year_then_day_dot_month() {
        // Day first, as in `DD.MM.YYYY`: 8 June, not 6 August.
        let d = one("2015 ж. 08.06", "2015 ж. 08.06", Some("2015-06-08"));
        assert_eq!((d.year, d.month, d.day), (2015, 6, 8));
        one("2015 жылғы 08.06 №", "2015 жылғы 08.06", Some("2015-06-08"));
        // After `жылы` ("in the year") it may be a time of day.
        none("2015 жылы 9.00-де");
    }

    #[test]
    fn impossible_dates_are_kept_without_iso() {
        let d = one("2019 жылғы 31 ақпандағы", "2019 жылғы 31 ақпандағы", None);
        assert_eq!((d.year, d.month, d.day), (2019, 2, 31));
        one("31.02.2020", "31.02.2020", None);
        one("32.01.2020", "32.01.2020", None);
        let d = one("01.13.2020", "01.13.2020", None);
        assert_eq!(d.month, 13);
        one("00.01.2020", "00.01.2020", None);
        one("2019 жылғы 31 қыркүйекте", "2019 жылғы 31 қыркүйекте", None);
        one("2015 ж. 08.13", "2015 ж. 08.13", None);
    }

    #[test]
    fn leap_years() {
        one(
            "2020 жылғы 29 ақпанда",
            "2020 жылғы 29 ақпанда",
            Some("2020-02-29"),
        );
        one("2019 жылғы 29 ақпанда", "2019 жылғы 29 ақпанда", None);
        one("29.02.2000", "29.02.2000", Some("2000-02-29"));
        one("29.02.1900", "29.02.1900", None);
        one("28.02.2019", "28.02.2019", Some("2019-02-28"));
    }

    #[test]
    fn not_dates() {
        none("№ 3/553");
        // Only the date, not the number after it.
        one(
            "Алматы қаласы әкімдігінің 2019 жылғы 25 қыркүйектегі № 3/553 қаулысына",
            "2019 жылғы 25 қыркүйектегі",
            Some("2019-09-25"),
        );
        none("9-тармағында");
        none("15 (он бес) минут");
        none("сағат 13.00-ден 14.30-ға дейінгі түскі үзіліспен");
        none("13.00");
        none("1.5");
        none("1,5 айлық");
        none("10.2.3");
        none("1.10.02.2015");
        none("16.09.2020.1");
        none("№ 11606");
        none("№ 11606 болып тіркелді");
        // A bare year names no day: not a date.
        none("2015 жылы");
        none("2015 жылғы");
        none("2015 жылдан бастап");
        none("2015 жыл");
        // Day and month with no year: no ISO value can be given.
        none("18 қарашадағы");
        // A year word, a number, but no month.
        none("2015 жылы 10 адам");
        none("2015 жылғы 18 № 4/635");
        // A three-digit day, a five-digit year, a two-digit year.
        none("2015 жылғы 118 қарашадағы");
        none("20155 жылғы 18 қарашадағы");
        none("16.09.20");
        // Registration number, not a year.
        none("№ 2015 жылғы 18 қарашадағы");
        // A longer word that begins like a month.
        none("2015 жылғы 1 Қазақстан");
        none("2015 жылғыдан 18 қарашадағы");
    }

    #[test]
    fn many_dates_in_order() {
        let input = "Ақтөбе облысы әкімдігінің 2019 жылғы 18 қазандағы № 436 қаулысы. \
                     Ақтөбе облысының Әділет департаментінде 2019 жылғы 29 қазанда № 6435 \
                     болып тіркелді. Күші жойылды - Ақтөбе облысы әкімдігінің 17.01.2020 № 10 \
                     қаулысымен";
        let found = find_dates(input);
        let isos: Vec<_> = found.iter().map(|d| d.iso.as_deref()).collect();
        assert_eq!(
            isos,
            [Some("2019-10-18"), Some("2019-10-29"), Some("2020-01-17")]
        );
        for d in &found {
            assert_eq!(input.get(d.start..d.end), Some(d.text.as_str()));
        }
    }

    #[test]
    fn homoglyphs_and_capitals() {
        // Latin `i` for `і` (DOMAIN.md §7.4).
        one(
            "2015 жылғы 28 сәуiрдегі",
            "2015 жылғы 28 сәуiрдегі",
            Some("2015-04-28"),
        );
        one(
            "2015 жылғы 9 шiлдеде",
            "2015 жылғы 9 шiлдеде",
            Some("2015-07-09"),
        );
        one(
            "2015 жылғы 18 Қарашадағы",
            "2015 жылғы 18 Қарашадағы",
            Some("2015-11-18"),
        );
        one(
            "2017 жылғы 14 ЖЕЛТОҚСАНДА",
            "2017 жылғы 14 ЖЕЛТОҚСАНДА",
            Some("2017-12-14"),
        );
        // Latin `a` for `а`.
        one(
            "2016 жылғы 12 aқпандағы",
            "2016 жылғы 12 aқпандағы",
            Some("2016-02-12"),
        );
        one(
            "2015 ЖЫЛҒЫ 18 қарашадағы",
            "2015 ЖЫЛҒЫ 18 қарашадағы",
            Some("2015-11-18"),
        );
    }

    #[test]
    fn month_names_in_every_case() {
        let stems = [
            ("қаңтар", 1),
            ("ақпан", 2),
            ("наурыз", 3),
            ("сәуір", 4),
            ("мамыр", 5),
            ("маусым", 6),
            ("шілде", 7),
            ("тамыз", 8),
            ("қыркүйек", 9),
            ("қазан", 10),
            ("қараша", 11),
            ("желтоқсан", 12),
        ];
        for (stem, n) in stems {
            for ending in CASE_ENDINGS {
                let word = format!("{stem}{ending}");
                assert_eq!(month_number(&word), Some(n), "{word}");
                assert_eq!(month_number(&word.to_uppercase()), Some(n), "{word}");
            }
        }
        let real = [
            ("қарашада", 11),
            ("қазанда", 10),
            ("қазанға", 10),
            ("қазаннан", 10),
            ("қазанның", 10),
            ("шілдеде", 7),
            ("шілдедегі", 7),
            ("шілдеге", 7),
            ("шілденің", 7),
            ("қыркүйекте", 9),
            ("қыркүйектегі", 9),
            ("қыркүйекке", 9),
            ("қыркүйектен", 9),
            ("қыркүйектің", 9),
            ("сәуірдің", 4),
            ("мамырдан", 5),
            ("маусымнан", 6),
            ("тамыздың", 8),
            ("Қаңтар", 1),
            ("сәуiр", 4),
            ("СӘУIРДЕ", 4),
        ];
        for (word, n) in real {
            assert_eq!(month_number(word), Some(n), "{word}");
        }
        for word in [
            "",
            "қаза",
            "Қазақстан",
            "қазақ",
            "маусымдық",
            "қарашадағылар",
            "ай",
            "жылғы",
            "тамызық",
            "октябрь",
            "шілдедегідегідегідегідегідегі",
        ] {
            assert_eq!(month_number(word), None, "{word}");
        }
    }

    #[test]
    fn parse_date_at_start() {
        let d = parse_date("  2015 жылғы 18 қарашадағы № 4/635").expect("a date");
        assert_eq!(d.text, "2015 жылғы 18 қарашадағы");
        assert_eq!((d.start, d.end), (2, 2 + "2015 жылғы 18 қарашадағы".len()));
        assert_eq!(d.iso.as_deref(), Some("2015-11-18"));
        let d = parse_date("\n16.09.2020 № 3/372").expect("a date");
        assert_eq!((d.text.as_str(), d.start), ("16.09.2020", 1));
        assert_eq!(parse_date("әкімдігінің 2015 жылғы 18 қарашадағы"), None);
        assert_eq!(parse_date(""), None);
        assert_eq!(parse_date("13.00"), None);
        assert_eq!(parse_date("2015 жылы"), None);
    }

    #[test]
    fn serializes() {
        let d = parse_date("31.02.2020").expect("a date");
        let json = serde_json::to_value(&d).expect("serializable");
        assert_eq!(json["iso"], serde_json::Value::Null);
        assert_eq!(json["day"], 31);
        assert_eq!(json["text"], "31.02.2020");
    }

    #[test]
    fn long_inputs_stay_fast() {
        // Quadratic rescans would take minutes on these.
        let patterns = [
            "2015 жылғы ",
            "2015 ",
            "1.",
            "1 ",
            " ",
            "\n",
            "\"",
            "2015 жылғы \"",
            "№ ",
            "ж.",
        ];
        for p in patterns {
            let big = p.repeat(100_000);
            let started = std::time::Instant::now();
            let _ = find_dates(&big);
            assert!(started.elapsed().as_secs() < 10, "{p:?}");
        }
        let long_word = format!("2015 жылғы 18 {}", "қ".repeat(1_000_000));
        assert_eq!(find_dates(&long_word), Vec::new());
        let digits = "9".repeat(1_000_000);
        assert_eq!(find_dates(&digits), Vec::new());
        let many = "2015 жылғы 18 қарашадағы, 16.09.2020; ".repeat(20_000);
        assert_eq!(find_dates(&many).len(), 40_000);
    }

    #[test]
    fn random_token_soup_keeps_invariants() {
        // Deterministic LCG so a failure reproduces; no extra dependency.
        let pieces = [
            "1",
            "18",
            "2015",
            "31",
            "02",
            "13",
            "9999999",
            " ",
            "\n",
            ".",
            ",",
            "/",
            "№",
            "\"",
            "«",
            "»",
            "жылғы",
            "жылы",
            "жылдағы",
            "ж",
            "ж.",
            "қарашадағы",
            "ақпанда",
            "қазан",
            "Қазақстан",
            "шiлде",
            "-",
            "ə",
            "🙂",
            "\u{301}",
            "i",
            "\u{a0}",
        ];
        let mut seed: u64 = 0xda7e;
        for _ in 0..5000 {
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
            let found = find_dates(&text);
            for d in &found {
                assert!(d.start < d.end, "{text:?}: {d:#?}");
                assert_eq!(text.get(d.start..d.end), Some(d.text.as_str()));
                // What the scan found, parse_date reads the same from there.
                assert_eq!(
                    text.get(d.start..).and_then(parse_date).map(|p| p.text),
                    Some(d.text.clone())
                );
                if let Some(iso) = &d.iso {
                    assert_eq!(iso, &format!("{:04}-{:02}-{:02}", d.year, d.month, d.day));
                }
            }
            for pair in found.windows(2) {
                if let [a, b] = pair {
                    assert!(a.end <= b.start, "overlap in {text:?}");
                }
            }
            let _ = parse_date(&text);
            let _ = month_number(&text);
        }
    }

    /// Dates per seed file; a change here means the grammar changed what it
    /// reads in real texts, which must be reviewed.
    /// Keyed by the files' order number, not their names.
    const CORPUS_COUNTS: [(&str, usize); 5] = [
        ("000", 15),
        ("001", 32),
        ("002", 26),
        ("003", 14),
        ("004", 6),
    ];

    #[test]
    fn whole_corpus() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let mut counts = Vec::new();
        for entry in std::fs::read_dir(&dir).expect("corpus dir") {
            let path = entry.expect("dir entry").path();
            if path.extension().and_then(|e| e.to_str()) != Some("txt") {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("utf-8 corpus file");
            let found = find_dates(&text);
            for d in &found {
                assert_eq!(text.get(d.start..d.end), Some(d.text.as_str()));
                // The seeds print no impossible date.
                assert!(d.iso.is_some(), "{}: {d:#?}", path.display());
            }
            for pair in found.windows(2) {
                if let [a, b] = pair {
                    assert!(a.end <= b.start, "overlap in {}", path.display());
                }
            }
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .and_then(|n| n.get(..3))
                .unwrap_or_default()
                .to_owned();
            counts.push((name, found.len()));
        }
        counts.sort();
        let expected: Vec<(String, usize)> = CORPUS_COUNTS
            .iter()
            .map(|&(n, c)| (n.to_owned(), c))
            .collect();
        assert_eq!(counts, expected, "dates per corpus file");
    }
}
