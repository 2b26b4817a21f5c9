//! Kazakh number words <-> integers 0..=9999 (DOMAIN.md §4, "Number words").
//!
//! In: an integer, or text that spells a number in Kazakh (`он бес`,
//! `жиырма екіге`, `тоғыз мың тоғыз жүз тоқсан тоғыз`), possibly with PDF
//! artifacts (Latin homoglyphs such as `i` for `і`, upper case, line breaks
//! between words; DOMAIN.md §7). Out: the integer, the words, or — for
//! [`scan_words`] — the value and byte length of a number spelt at the start
//! of a text. The regulations write durations as `15 (он бес) минут`, and a
//! mismatch between digits and words is a defect of the source worth
//! reporting, so both directions must be exact.
//!
//! Spelling follows `num2words(n, lang='kz')` (Python), which the reference
//! table `tests/data/kk_numerals.tsv` was generated from: 100 is `жүз` but
//! 1000 is `бір мың`. The parser accepts `бір жүз` and bare `мың` as well.
//!
//! Inflection is accepted on the last word only, as Kazakh inflects just the
//! last word of a numeral phrase: case endings (`онға`, `бестен`, `екіге`),
//! the 3rd-person possessive with its own case forms (`біріне`, `жиырмасы`)
//! and the ordinal (`бірінші`, `оныншы`, `қырқыншы`), which is read as its
//! cardinal value. Collective numerals (`екеу`, `біреу`) are rejected:
//! `біреу` means "someone" far more often than "one". A few inflected forms
//! that are common non-numeric words are rejected outright: `онда` ("there"),
//! `оны`/`онымен` (pronoun "him/it"), `үшін` ("for"), `бірге` ("together"),
//! `бірден` ("at once"), `бірде` ("once, sometimes").

use crate::normalize::{is_letter, is_letter_or_digit};

/// Digits 1..=9 in order.
const ONES: [&str; 9] = [
    "бір",
    "екі",
    "үш",
    "төрт",
    "бес",
    "алты",
    "жеті",
    "сегіз",
    "тоғыз",
];

/// Tens 10..=90 in order.
const TENS: [&str; 9] = [
    "он",
    "жиырма",
    "отыз",
    "қырық",
    "елу",
    "алпыс",
    "жетпіс",
    "сексен",
    "тоқсан",
];

const ZERO: &str = "нөл";
const HUNDRED: &str = "жүз";
const THOUSAND: &str = "мың";

/// Inflected forms that spell a number by the suffix rules but are, in
/// running legal text, almost always another word.
const NOT_NUMBERS: [&str; 7] = ["онда", "оны", "онымен", "үшін", "бірге", "бірден", "бірде"];

/// Ordinal suffixes: after a consonant with a linking vowel, after a vowel without.
const ORDINAL: [&str; 4] = ["ыншы", "інші", "ншы", "нші"];

/// 3rd-person possessive: `-ы/-і` after a consonant, `-сы/-сі` after a vowel.
const POSSESSIVE: [&str; 4] = ["ы", "і", "сы", "сі"];

/// Case endings on a bare (or ordinal) stem, in the order dative, locative,
/// ablative, genitive, accusative, instrumental. Vowel harmony and the
/// voiced/voiceless alternation are not enforced: the PDFs are not careful
/// about them; the few common words the laxity lets in are in `NOT_NUMBERS`.
#[rustfmt::skip]
const CASES: [&str; 29] = [
    "ға", "ге", "қа", "ке",
    "да", "де", "та", "те",
    "дан", "ден", "тан", "тен", "нан", "нен",
    "ның", "нің", "дың", "дің", "тың", "тің",
    "ды", "ді", "ты", "ті", "ны", "ні",
    "мен", "бен", "пен",
];

/// Case endings after the possessive, which take the pronominal `н`.
const CASES_AFTER_POSSESSIVE: [&str; 10] = [
    "на", "не", "нда", "нде", "нан", "нен", "ның", "нің", "н", "мен",
];

/// The most words a number in 0..=9999 can take
/// (`тоғыз мың тоғыз жүз тоқсан тоғыз`); longer runs are not one number.
const MAX_WORDS: usize = 6;

/// One number word, by meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tok {
    Zero,
    One(u32),
    Ten(u32),
    Hundred,
    Thousand,
}

/// Spells `n` as num2words does; `None` above 9999.
#[must_use]
pub fn to_words(n: u32) -> Option<String> {
    if n > 9999 {
        return None;
    }
    if n == 0 {
        return Some(ZERO.to_string());
    }
    let one = |d: u32| ONES.get((d as usize).wrapping_sub(1)).copied();
    let mut words: Vec<&str> = Vec::new();
    let (th, h, t, u) = (n / 1000, n / 100 % 10, n / 10 % 10, n % 10);
    if th > 0 {
        // num2words says "бір мың" but plain "жүз"; we follow it.
        words.extend(one(th));
        words.push(THOUSAND);
    }
    if h > 0 {
        if h > 1 {
            words.extend(one(h));
        }
        words.push(HUNDRED);
    }
    if t > 0 {
        words.extend(TENS.get((t as usize).wrapping_sub(1)).copied());
    }
    if u > 0 {
        words.extend(one(u));
    }
    Some(words.join(" "))
}

/// Reads a whole string of number words; `None` unless every word is part of
/// one well-formed number in 0..=9999. Only the last word may be inflected.
#[must_use]
pub fn parse_words(s: &str) -> Option<u32> {
    let words: Vec<&str> = s.split_whitespace().collect();
    let (last, init) = words.split_last()?;
    if words.len() > MAX_WORDS {
        return None;
    }
    let mut toks = Vec::with_capacity(words.len());
    for w in init {
        toks.push(lemma(&fold(w))?);
    }
    toks.push(inflected(&fold(last))?);
    value_of(&toks)
}

/// Reads the longest run of number words at the start of `s` (after optional
/// whitespace) and returns its value and the byte length consumed, from the
/// start of `s` to the end of the last number word. Words must be separated
/// by whitespace only; an inflected word ends the run. `None` when `s` does
/// not start with a number word, or when the run is not one well-formed
/// number in range (`он мың` is 10000, not "10 and something").
#[must_use]
pub fn scan_words(s: &str) -> Option<(u32, usize)> {
    scan(s, true).map(|(v, len, _)| (v, len))
}

/// [`scan_words`] with a switch for inflection; the third field tells whether
/// the last word was inflected. The duration grammar wants bare words only
/// (`екі жұмыс күні`), as an inflected numeral there is not a quantity.
pub(crate) fn scan(s: &str, allow_inflection: bool) -> Option<(u32, usize, bool)> {
    let mut toks: Vec<Tok> = Vec::new();
    let mut end = 0usize;
    let mut pos = skip_ws(s, 0);
    let mut inflected_last = false;
    while toks.len() <= MAX_WORDS {
        let Some(rest) = s.get(pos..) else { break };
        let word_len = rest
            .char_indices()
            .find(|&(_, c)| !is_letter(c))
            .map_or(rest.len(), |(i, _)| i);
        if word_len == 0 {
            break;
        }
        let after = rest.get(word_len..).and_then(|r| r.chars().next());
        // A digit glued on, or a hyphenated compound (`бір-біріне`), is
        // not a free-standing numeral.
        if after.is_some_and(|c| is_letter_or_digit(c) || c == '-') {
            break;
        }
        let folded = fold(rest.get(..word_len).unwrap_or(""));
        if let Some(t) = lemma(&folded) {
            toks.push(t);
        } else if allow_inflection {
            match inflected(&folded) {
                Some(t) => {
                    toks.push(t);
                    inflected_last = true;
                    end = pos + word_len;
                    break;
                }
                None => break,
            }
        } else {
            break;
        }
        end = pos + word_len;
        let next = skip_ws(s, end);
        if next == end {
            break;
        }
        pos = next;
    }
    if toks.is_empty() || toks.len() > MAX_WORDS {
        return None;
    }
    value_of(&toks).map(|v| (v, end, inflected_last))
}

/// Byte index of the first non-whitespace char at or after `from`.
fn skip_ws(s: &str, from: usize) -> usize {
    let rest = s.get(from..).unwrap_or("");
    from + rest
        .char_indices()
        .find(|&(_, c)| !c.is_whitespace())
        .map_or(rest.len(), |(i, _)| i)
}

/// Folds one char for comparison: Latin look-alikes that the PDF export
/// put in Kazakh words (DOMAIN.md §7.4) become Cyrillic, then lower case.
pub(crate) fn fold_char(c: char) -> char {
    let c = match c {
        // Schwa look-alikes from other Turkic keyboards.
        'Ə' => 'Ә',
        'ə' => 'ә',
        other => crate::normalize::cyrillic_homoglyph(other).unwrap_or(other),
    };
    crate::normalize::lower_char(c)
}

/// [`fold_char`] over a whole string.
pub(crate) fn fold(s: &str) -> String {
    s.chars().map(fold_char).collect()
}

/// The longest lemma, in chars (`жиырма`, `тоқсан`).
const LONGEST_LEMMA: usize = 6;

/// Whether a number word can start with `c` (as printed). The letters are
/// the first letters of the lemmas (a test holds them to the tables).
pub(crate) fn may_start_number_word(c: char) -> bool {
    matches!(
        fold_char(c),
        'б' | 'е' | 'ү' | 'т' | 'а' | 'ж' | 'с' | 'о' | 'қ' | 'н' | 'м'
    )
}

/// The bytes of a word of at most sixteen as one number (the first byte
/// lowest), for comparing short words without a call to `memcmp`. Text has
/// no NUL bytes, so two words of different lengths never share a key.
const fn key(bytes: &[u8]) -> u128 {
    let mut k = 0u128;
    let mut i = 0;
    while i < bytes.len() {
        k |= (bytes[i] as u128) << (8 * i);
        i += 1;
    }
    k
}

/// Every lemma's [`key`], built from the tables.
const LEMMA_KEYS: [u128; 3 + ONES.len() + TENS.len()] = {
    let mut keys = [0; 3 + ONES.len() + TENS.len()];
    keys[0] = key(ZERO.as_bytes());
    keys[1] = key(HUNDRED.as_bytes());
    keys[2] = key(THOUSAND.as_bytes());
    let mut i = 0;
    while i < ONES.len() {
        keys[3 + i] = key(ONES[i].as_bytes());
        i += 1;
    }
    let mut i = 0;
    while i < TENS.len() {
        keys[3 + ONES.len() + i] = key(TENS[i].as_bytes());
        i += 1;
    }
    keys
};

/// Whether folding leaves `word` as it is: every character a lowercase
/// letter of the Cyrillic block, which folding keeps as lowering does.
/// Anything else (ASCII, a capital, `ə`) may fold.
fn folds_to_itself(word: &[u8]) -> bool {
    word.len() % 2 == 0
        && word
            .chunks_exact(2)
            .all(|c| crate::normalize::is_lowercase_cyrillic(c[0], c[1]))
}

/// `word` (letters only, as printed) is an uninflected number word: the
/// cheap test that lets the duration scan pass over every other word.
pub(crate) fn is_lemma(word: &str) -> bool {
    // A lemma has at most six letters, and a character that folds to one of
    // them (a Cyrillic letter, a Latin look-alike, `ə`) takes one or two
    // bytes: a longer word, as most words with their suffixes are, is told
    // by its length alone.
    if word.len() > 2 * LONGEST_LEMMA {
        return false;
    }
    // Most words are printed in lowercase Cyrillic and are their own
    // folding: compared as they stand. Folding each word char by char was
    // most of the cost of the duration scan.
    if LEMMA_KEYS.contains(&key(word.as_bytes())) {
        return true;
    }
    if folds_to_itself(word.as_bytes()) {
        return false;
    }
    let mut folded = [0u8; 4 * LONGEST_LEMMA];
    let mut len = 0;
    for (n, c) in word.chars().enumerate() {
        if n == LONGEST_LEMMA {
            return false;
        }
        len += fold_char(c).encode_utf8(&mut folded[len..]).len();
    }
    len <= 2 * LONGEST_LEMMA && LEMMA_KEYS.contains(&key(&folded[..len]))
}

/// An uninflected number word (already folded).
fn lemma(w: &str) -> Option<Tok> {
    if w == ZERO {
        return Some(Tok::Zero);
    }
    if w == HUNDRED {
        return Some(Tok::Hundred);
    }
    if w == THOUSAND {
        return Some(Tok::Thousand);
    }
    if let Some((d, _)) = (1u32..).zip(ONES).find(|&(_, o)| o == w) {
        return Some(Tok::One(d));
    }
    (1u32..)
        .zip(TENS)
        .find(|&(_, t)| t == w)
        .map(|(d, _)| Tok::Ten(10 * d))
}

/// A number word, bare or with suffixes (already folded).
fn inflected(w: &str) -> Option<Tok> {
    if let Some(t) = lemma(w) {
        return Some(t);
    }
    if NOT_NUMBERS.contains(&w) {
        return None;
    }
    let all = ONES
        .iter()
        .chain(TENS.iter())
        .chain([ZERO, HUNDRED, THOUSAND].iter());
    for &stem_word in all {
        let tok = lemma(stem_word)?;
        for stem in stems(stem_word) {
            if let Some(rest) = w.strip_prefix(stem) {
                if is_suffix_chain(rest) {
                    return Some(tok);
                }
            }
        }
    }
    None
}

/// A lemma and the stems it takes before suffixes: `қырық` drops its
/// second vowel before a vowel (`қырқы`, `қырқыншы`).
fn stems(word: &'static str) -> impl Iterator<Item = &'static str> {
    let alt = if word == "қырық" {
        Some("қырқ")
    } else {
        None
    };
    std::iter::once(word).chain(alt)
}

/// `rest` is nonempty and reads as [ordinal] [possessive] [case].
fn is_suffix_chain(rest: &str) -> bool {
    if rest.is_empty() {
        return false;
    }
    let after_ord: Vec<&str> = std::iter::once(rest)
        .chain(ORDINAL.iter().filter_map(|o| rest.strip_prefix(o)))
        .collect();
    after_ord.iter().any(|&r| {
        // `r` is empty only when an ordinal took the whole of `rest`.
        if r.is_empty() || CASES.contains(&r) {
            return true;
        }
        POSSESSIVE.iter().any(|p| match r.strip_prefix(p) {
            Some("") => true,
            Some(c) => CASES_AFTER_POSSESSIVE.contains(&c),
            None => false,
        })
    })
}

/// The value of a sequence of number words, or `None` if it is not one
/// well-formed number: [[units] мың] [[units] жүз] [tens] [units], or нөл.
fn value_of(toks: &[Tok]) -> Option<u32> {
    if toks == [Tok::Zero] {
        return Some(0);
    }
    let mut rest = toks;
    let mut total = 0u32;
    let mut any = false;
    for (scale, unit) in [(1000u32, Tok::Thousand), (100, Tok::Hundred)] {
        match rest {
            [Tok::One(d), u, tail @ ..] if *u == unit => {
                total += d * scale;
                rest = tail;
                any = true;
            }
            [u, tail @ ..] if *u == unit => {
                total += scale;
                rest = tail;
                any = true;
            }
            _ => {}
        }
    }
    if let [Tok::Ten(t), tail @ ..] = rest {
        total += t;
        rest = tail;
        any = true;
    }
    if let [Tok::One(d), tail @ ..] = rest {
        total += d;
        rest = tail;
        any = true;
    }
    (any && rest.is_empty()).then_some(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_words_start_with_the_letters_looked_for() {
        let lemmas: Vec<&str> = [ZERO, HUNDRED, THOUSAND]
            .into_iter()
            .chain(ONES)
            .chain(TENS)
            .collect();
        for lemma in &lemmas {
            let first = lemma.chars().next().unwrap();
            assert!(may_start_number_word(first), "{lemma}");
            assert!(may_start_number_word(first.to_uppercase().next().unwrap()));
        }
        // `к` too: the duration scan asks a word that starts with it only
        // whether it is `күнтізбелік`, never whether it is a number word.
        for c in "вгдзийклпрфхцчшыіэюяғңөұһ".chars() {
            assert!(!lemmas.iter().any(|l| l.starts_with(c)), "{c}");
            assert!(!may_start_number_word(c), "{c}");
        }
    }

    /// The byte-level lemma test answers as folding the word and looking it
    /// up does, on every word of the corpus and on the lemmas printed in
    /// capitals, with Latin look-alikes, with `ə` and with a suffix.
    #[test]
    fn is_lemma_is_folding_and_looking_up() {
        let mut words: Vec<String> = [ZERO, HUNDRED, THOUSAND]
            .into_iter()
            .chain(ONES)
            .chain(TENS)
            .flat_map(|l| {
                [
                    l.to_owned(),
                    l.to_uppercase(),
                    format!("{l}ге"),
                    l.replace('е', "e").replace('о', "o").replace('а', "a"),
                    l.replace('Т', "T").replace('і', "i"),
                    l.replace('ә', "ə"),
                    l.chars().skip(1).collect(),
                ]
            })
            .chain(["", "бiр", "ЕКI", "жиырмa", "Ⱥлты", "ⱥлты"].map(String::from))
            .collect();
        for end in crate::corpus_line_ends_and(&[]) {
            words.extend(
                end.split(|c: char| !is_letter(c))
                    .filter(|w| !w.is_empty())
                    .map(String::from),
            );
        }
        let mut lemmas = 0;
        for w in &words {
            let reference = lemma(&fold(w)).is_some();
            assert_eq!(is_lemma(w), reference, "{w}");
            lemmas += usize::from(reference);
        }
        assert!(lemmas > 100, "{lemmas}");
    }
    const TABLE: &str = include_str!("../tests/data/kk_numerals.tsv");

    fn rows() -> Vec<(u32, &'static str)> {
        TABLE
            .lines()
            .skip(1)
            .filter(|l| !l.trim().is_empty())
            .map(|l| {
                let (n, w) = l.split_once('\t').expect("two columns");
                (n.parse().expect("integer column"), w)
            })
            .collect()
    }

    #[test]
    fn table_is_big_enough_and_covers_the_small_numbers() {
        let rows = rows();
        assert!(rows.len() >= 150, "only {} rows", rows.len());
        for n in (0..=30).chain((40..=90).step_by(10)) {
            assert!(rows.iter().any(|r| r.0 == n), "{n} missing");
        }
    }

    #[test]
    fn to_words_matches_num2words_for_every_row() {
        for (n, words) in rows() {
            assert_eq!(to_words(n).as_deref(), Some(words), "{n}");
        }
    }

    #[test]
    fn parse_words_inverts_num2words_for_every_row() {
        for (n, words) in rows() {
            assert_eq!(parse_words(words), Some(n), "{words}");
            assert_eq!(scan_words(words), Some((n, words.len())), "{words}");
        }
    }

    #[test]
    fn round_trip_over_the_whole_range() {
        for n in 0..=9999 {
            let w = to_words(n).expect("in range");
            assert_eq!(parse_words(&w), Some(n), "{w}");
        }
        assert_eq!(to_words(10_000), None);
        assert_eq!(to_words(u32::MAX), None);
    }

    #[test]
    fn examples_from_the_brief() {
        assert_eq!(to_words(15).as_deref(), Some("он бес"));
        assert_eq!(to_words(22).as_deref(), Some("жиырма екі"));
        assert_eq!(to_words(150).as_deref(), Some("жүз елу"));
        assert_eq!(to_words(0).as_deref(), Some("нөл"));
        assert_eq!(to_words(100).as_deref(), Some("жүз"));
        assert_eq!(to_words(1000).as_deref(), Some("бір мың"));
    }

    #[test]
    fn hundred_and_thousand_with_or_without_one() {
        assert_eq!(parse_words("жүз"), Some(100));
        assert_eq!(parse_words("бір жүз"), Some(100));
        assert_eq!(parse_words("мың"), Some(1000));
        assert_eq!(parse_words("бір мың"), Some(1000));
        assert_eq!(parse_words("мың жүз бір"), Some(1101));
    }

    #[test]
    fn suffix_forms() {
        let cases = [
            ("бестен", 5),
            ("онға", 10),
            ("жиырма екіге", 22),
            ("тоғыздан", 9),
            ("үшке", 3),
            ("төртке", 4),
            ("алтыдан", 6),
            ("алтыға", 6),
            ("жетіге", 7),
            ("сегізге", 8),
            ("тоғызға", 9),
            ("жиырмаға", 20),
            ("отызға", 30),
            ("жүзге", 100),
            ("мыңға", 1000),
            ("біріне", 1),
            ("бірінші", 1),
            ("екінші", 2),
            ("алтыншы", 6),
            ("оныншы", 10),
            ("қырқыншы", 40),
            ("қырыққа", 40),
            ("жиырмасы", 20),
            ("онның", 10),
            ("бестің", 5),
            ("екіні", 2),
            ("бесті", 5),
            ("онмен", 10),
            ("бесінші", 5),
            ("біріншіге", 1),
            ("жүз елуден", 150),
        ];
        for (s, n) in cases {
            assert_eq!(parse_words(s), Some(n), "{s}");
        }
    }

    #[test]
    fn tolerant_of_whitespace_case_and_homoglyphs() {
        assert_eq!(parse_words("  он\n бес  "), Some(15));
        assert_eq!(parse_words("жиырма\r\n\r\nекі"), Some(22));
        assert_eq!(parse_words("ОН БЕС"), Some(15));
        assert_eq!(parse_words("Он Үш"), Some(13));
        // Latin i (U+0069) for Kazakh і (U+0456), as in the seeds.
        assert_eq!(parse_words("бiр"), Some(1));
        assert_eq!(parse_words("екi"), Some(2));
        assert_eq!(parse_words("жетпiс жетi"), Some(77));
        assert_eq!(parse_words("сeгiз"), Some(8));
    }

    #[test]
    fn non_numbers_rejected() {
        assert_eq!(parse_words("он"), Some(10));
        for s in [
            "",
            "   ",
            "бесік",
            "біз",
            "онда",
            "оны",
            "онымен",
            "оның",
            "ондай",
            "үшін",
            "бірге",
            "бірден",
            "біреу",
            "бірақ",
            "бірнеше",
            "жүзеге",
            "алтын",
            "мыңдаған",
            "он он",
            "бес он",
            "жүз жүз",
            "мың мың",
            "он мың",
            "бір он",
            "нөл бір",
            "он бестен бір",
            "онға бес",
            "15",
            "он 5",
            "он-бес",
            "бір-біріне",
            "минут",
        ] {
            assert_eq!(parse_words(s), None, "{s:?}");
        }
    }

    #[test]
    fn scan_words_reads_a_leading_number() {
        assert_eq!(
            scan_words("он үш (13) жұмыс күні"),
            Some((13, "он үш".len()))
        );
        assert_eq!(scan_words("  екі жұмыс"), Some((2, "  екі".len())));
        assert_eq!(scan_words("он\nбес минут"), Some((15, "он\nбес".len())));
        assert_eq!(scan_words("он күн"), Some((10, "он".len())));
        assert_eq!(scan_words("бестен аспайтын"), Some((5, "бестен".len())));
        assert_eq!(scan_words("он бестен бір"), Some((15, "он бестен".len())));
        assert_eq!(scan_words("он, бес"), Some((10, "он".len())));
        assert_eq!(scan_words("онда"), None);
        assert_eq!(scan_words("он мың теңге"), None);
        assert_eq!(scan_words("жұмыс күні"), None);
        assert_eq!(scan_words("бір-біріне"), None);
        assert_eq!(scan_words("он5"), None);
        assert_eq!(scan_words(""), None);
        assert_eq!(scan_words("бір бір бір бір бір бір бір бір бір"), None);
        assert_eq!(scan(" бестен", false), None);
        assert_eq!(scan("екі жұмыс", false), Some((2, "екі".len(), false)));
    }

    #[test]
    fn no_panic_on_odd_input() {
        for s in [
            "\u{0}",
            "(",
            "бір\u{301}",
            "İ",
            "ß",
            "🙂 бір",
            "бір 🙂",
            "ааа-",
        ] {
            let _ = parse_words(s);
            let _ = scan_words(s);
        }
    }
}
