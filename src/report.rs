//! Findings in, text for a person or a tool out: the output of
//! `reglament check`.
//!
//! In: the [`Finding`]s of one document ([`crate::lint::check`]) and the
//! original input bytes, whose offsets the findings' spans are. Out:
//! rustc-style diagnostics rendered by `codespan-reporting` (`warning[R001]:
//! …`, `--> file:line:col`, the source line with the span underlined, `=
//! help: …`), a summary line per file, the JSON of `check --format json`, and
//! the explanation of a rule (`check --explain R004`).
//!
//! Snippets need the text the spans point into, so they are drawn only when
//! the input is UTF-8 (a BOM is skipped by shifting the spans); a UTF-16 input
//! gets one `file:line:col: warning[R004]: message` line per finding instead.
//! Input text is shown, never interpreted: control characters become spaces
//! so that a hostile input cannot drive the terminal.

use std::ops::Range;

use codespan_reporting::diagnostic::{Diagnostic, Label, Severity as Level};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::termcolor::Buffer;
use codespan_reporting::term::{self, Chars, Config};
use serde::Serialize;

use crate::lint::{Finding, Rule};
use crate::model::{Severity, Span};

/// The UTF-8 byte-order mark, which the spans count but a snippet must not show.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The width an explanation is wrapped to.
const WIDTH: usize = 79;

/// How many findings of each severity a file has.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub error: usize,
    pub warning: usize,
    pub info: usize,
}

impl Summary {
    /// Count the findings by severity.
    pub fn of(findings: &[Finding]) -> Summary {
        let mut s = Summary::default();
        for f in findings {
            match f.severity {
                Severity::Error => s.error += 1,
                Severity::Warning => s.warning += 1,
                Severity::Info => s.info += 1,
            }
        }
        s
    }

    /// All findings counted.
    pub fn total(&self) -> usize {
        self.error + self.warning + self.info
    }

    /// `file: 3 errors, 12 warnings, 1 note` or `file: no problems`; info is
    /// called `note`, as in the diagnostics above it.
    pub fn line(&self, file: &str) -> String {
        let parts: Vec<String> = [
            (self.error, "error"),
            (self.warning, "warning"),
            (self.info, "note"),
        ]
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|&(n, word)| format!("{n} {word}{}", if n == 1 { "" } else { "s" }))
        .collect();
        if parts.is_empty() {
            format!("{file}: no problems")
        } else {
            format!("{file}: {}", parts.join(", "))
        }
    }
}

/// The findings of one file, as `check --format json` writes them.
#[derive(Debug, Clone, Serialize)]
pub struct FileReport {
    /// The input as named on the command line (`-` for standard input).
    pub file: String,
    pub findings: Vec<Finding>,
    pub summary: Summary,
}

impl FileReport {
    /// The report of a file, its summary counted from its findings.
    pub fn new(file: &str, findings: Vec<Finding>) -> FileReport {
        let summary = Summary::of(&findings);
        FileReport {
            file: file.to_owned(),
            findings,
            summary,
        }
    }
}

/// Only the findings at or above `min`.
pub fn at_least(mut findings: Vec<Finding>, min: Severity) -> Vec<Finding> {
    findings.retain(|f| f.severity >= min);
    findings
}

/// The JSON array of `check --format json`: one object per file, pretty,
/// ending in a newline.
pub fn json(reports: &[FileReport]) -> String {
    // Plain data of strings and numbers: serializing cannot fail.
    serde_json::to_string_pretty(reports).unwrap_or_default() + "\n"
}

/// The findings of one input as rustc-style diagnostics, each followed by a
/// blank line; with ANSI colours when `color` is set.
pub fn text(file: &str, input: &[u8], findings: &[Finding], color: bool) -> String {
    let Some((source, shift)) = source_of(input) else {
        return findings.iter().map(|f| plain(file, f)).collect();
    };
    let files = SimpleFile::new(file, source.as_str());
    let config = Config {
        // `|`, `-->` and `^` as rustc prints them: greppable, and legible in
        // any terminal font.
        chars: Chars::ascii(),
        ..Config::default()
    };
    let mut out = String::new();
    for f in findings {
        let range = range_in(&source, shift, f.span);
        let diagnostic = Diagnostic::new(level(f.severity))
            .with_code(f.code)
            .with_message(one_line(&f.message))
            .with_label(Label::primary((), range))
            .with_notes(
                f.help
                    .iter()
                    .map(|h| format!("help: {}", one_line(h)))
                    .collect(),
            );
        let mut buffer = if color {
            Buffer::ansi()
        } else {
            Buffer::no_color()
        };
        match term::emit_to_write_style(&mut buffer, &config, &files, &diagnostic) {
            Ok(()) => out.push_str(&String::from_utf8_lossy(buffer.as_slice())),
            // The range is clamped to the text, so this is not expected; the
            // finding is still reported, without its snippet.
            Err(_) => out.push_str(&plain(file, f)),
        }
    }
    out
}

/// `R011: summary`, the severity, and the explanation wrapped to 79 columns.
pub fn explain(rule: &Rule) -> String {
    format!(
        "{}: {}\nseverity: {}\n\n{}\n",
        rule.code,
        rule.summary,
        rule.severity.name(),
        wrap(rule.explanation, WIDTH)
    )
}

/// One finding without a snippet: `file:line:col: warning[R004]: message`
/// and its help line.
fn plain(file: &str, f: &Finding) -> String {
    let mut s = format!(
        "{file}:{}:{}: {}[{}]: {}\n",
        f.line,
        f.column,
        word(f.severity),
        f.code,
        one_line(&f.message)
    );
    if let Some(help) = &f.help {
        s.push_str(&format!("  = help: {}\n", one_line(help)));
    }
    s.push('\n');
    s
}

/// The severity as the diagnostics name it (`note` for info, as rustc).
fn word(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn level(severity: Severity) -> Level {
    match severity {
        Severity::Error => Level::Error,
        Severity::Warning => Level::Warning,
        Severity::Info => Level::Note,
    }
}

/// The text to draw snippets from and how many bytes of the input precede it
/// (the BOM); `None` when the input is not UTF-8.
fn source_of(input: &[u8]) -> Option<(String, usize)> {
    let (body, shift) = match input.strip_prefix(BOM) {
        Some(body) => (body, BOM.len()),
        None => (input, 0),
    };
    let text = std::str::from_utf8(body).ok()?;
    Some((displayable(text), shift))
}

/// The text with every byte where it was, safe to print: ASCII control
/// characters (a form feed of the PDF export, an escape) become spaces, C1
/// controls (U+0080–U+009F, two bytes) two spaces, and a lone `\r` (old Mac line ends, which
/// codespan-reporting does not split on) a `\n`.
fn displayable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' if chars.peek() == Some(&'\n') => out.push('\r'),
            '\r' => out.push('\n'),
            '\t' | '\n' => out.push(c),
            c if c.is_ascii_control() => out.push(' '),
            // U+0080–U+009F take two bytes in UTF-8.
            c if c.is_control() => out.push_str("  "),
            c => out.push(c),
        }
    }
    out
}

/// A message on one line, control characters blanked.
fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// The span in the displayed text: shifted past the BOM, clamped to the text,
/// widened to character boundaries, and trimmed of the whitespace around it
/// (a node's span ends after its line end, which would otherwise underline
/// the start of the next line as well).
fn range_in(text: &str, shift: usize, span: Span) -> Range<usize> {
    let len = text.len();
    let mut start = span.start.saturating_sub(shift).min(len);
    let mut end = span.end.saturating_sub(shift).clamp(start, len);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    while !text.is_char_boundary(end) {
        end += 1;
    }
    let inner = &text[start..end];
    let trimmed = inner.trim();
    if !trimmed.is_empty() {
        start += inner.len() - inner.trim_start().len();
        end = start + trimmed.len();
    }
    start..end
}

/// Greedy word wrap at `width` characters; a longer word gets its own line.
fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line_len = 0;
    for w in text.split_whitespace() {
        let n = w.chars().count();
        if line_len > 0 && line_len + 1 + n > width {
            out.push('\n');
            line_len = 0;
        }
        if line_len > 0 {
            out.push(' ');
            line_len += 1;
        }
        out.push_str(w);
        line_len += n;
    }
    out
}

/// Put each finding's `line` and `column` at the first byte of its span,
/// counted in the input (a finding made from a node carries the node's
/// position, which is where the node starts, not where the span does).
/// UTF-16 input keeps the positions the parser gave.
pub fn place(findings: &mut [Finding], input: &[u8]) {
    let body_start = if input.starts_with(&[0xEF, 0xBB, 0xBF]) {
        3
    } else {
        0
    };
    if input.starts_with(&[0xFF, 0xFE]) || input.starts_with(&[0xFE, 0xFF]) {
        return;
    }
    for f in findings.iter_mut() {
        let at = f.span.start.clamp(body_start, input.len());
        let before = &input[body_start..at];
        let mut line = 1;
        let mut line_start = 0;
        let mut i = 0;
        while i < before.len() {
            match before[i] {
                b'\n' => {
                    line += 1;
                    line_start = i + 1;
                }
                b'\r' if before.get(i + 1) != Some(&b'\n') => {
                    line += 1;
                    line_start = i + 1;
                }
                _ => {}
            }
            i += 1;
        }
        let column = String::from_utf8_lossy(&before[line_start..])
            .chars()
            .count()
            + 1;
        f.line = line;
        f.column = column;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint;

    fn finding(code: &'static str, severity: Severity, span: Span) -> Finding {
        Finding {
            code,
            severity,
            message: "item number 8 repeats".to_owned(),
            span,
            line: 2,
            column: 3,
            help: Some("Renumber.".to_owned()),
            regulation: None,
        }
    }

    const TEXT: &str = "1. Жалпы\n  8. Екі\n";

    #[test]
    fn summary_lines() {
        let s = Summary {
            error: 3,
            warning: 12,
            info: 1,
        };
        assert_eq!(s.line("a.txt"), "a.txt: 3 errors, 12 warnings, 1 note");
        let one = Summary {
            error: 0,
            warning: 1,
            info: 0,
        };
        assert_eq!(one.line("a.txt"), "a.txt: 1 warning");
        assert_eq!(Summary::default().line("a.txt"), "a.txt: no problems");
    }

    #[test]
    fn rich_diagnostic_with_snippet_and_help() {
        let start = TEXT.find("8.").unwrap();
        // The span runs on to the line end, as a node's does.
        let f = finding("R001", Severity::Warning, Span::new(start - 2, TEXT.len()));
        let out = text("a.txt", TEXT.as_bytes(), &[f], false);
        assert!(
            out.starts_with("warning[R001]: item number 8 repeats\n"),
            "{out}"
        );
        assert!(out.contains("--> a.txt:2:3\n"), "{out}");
        assert!(out.contains("2 |   8. Екі\n"), "{out}");
        // Underlined in characters, the surrounding whitespace left out.
        assert!(out.contains("  |   ^^^^^^\n"), "{out}");
        assert!(out.contains("= help: Renumber.\n"), "{out}");
        assert!(!out.contains('\x1b'));
        let colored = text(
            "a.txt",
            TEXT.as_bytes(),
            &[finding("R001", Severity::Info, Span::new(0, 2))],
            true,
        );
        assert!(colored.contains('\x1b'));
        assert!(colored.contains("note"));
    }

    #[test]
    fn bom_shifts_spans() {
        let mut input = BOM.to_vec();
        input.extend_from_slice(TEXT.as_bytes());
        let start = BOM.len() + TEXT.find("8.").unwrap();
        let f = finding("R001", Severity::Warning, Span::new(start, start + 2));
        let out = text("a.txt", &input, &[f], false);
        assert!(out.contains("--> a.txt:2:3\n"), "{out}");
        assert!(out.contains("  |   ^^\n"), "{out}");
    }

    #[test]
    fn utf16_falls_back_to_plain_lines() {
        let mut input = vec![0xFF, 0xFE];
        for u in TEXT.encode_utf16() {
            input.extend_from_slice(&u.to_le_bytes());
        }
        let f = finding("R004", Severity::Warning, Span::new(4, 8));
        let out = text("a.txt", &input, &[f], false);
        assert_eq!(
            out,
            "a.txt:2:3: warning[R004]: item number 8 repeats\n  = help: Renumber.\n\n"
        );
    }

    #[test]
    fn hostile_spans_and_text_do_not_panic() {
        let input = "Жа\x1b[31mлпы\rекі\x0c\u{85}\n".as_bytes();
        let spans = [
            Span::new(1, 2),
            Span::new(0, 0),
            Span::new(5, 3),
            Span::new(input.len(), input.len() + 10),
            Span::new(usize::MAX, usize::MAX),
            Span::new(0, input.len()),
        ];
        for span in spans {
            let f = finding("R016", Severity::Warning, span);
            let out = text("a.txt", input, &[f], true);
            assert!(out.contains("warning"), "{out}");
            let plain = text(
                "a.txt",
                input,
                &[finding("R016", Severity::Error, span)],
                false,
            );
            assert!(!plain.contains('\x1b'), "{plain:?}");
            assert!(!plain.contains('\u{85}'), "{plain:?}");
        }
    }

    #[test]
    fn displayable_keeps_every_byte_in_place() {
        let text = "a\x1bb\rc\r\nd\u{85}e\u{2028}f";
        let shown = displayable(text);
        assert_eq!(shown.len(), text.len());
        assert_eq!(shown, "a b\nc\r\nd  e\u{2028}f");
    }

    #[test]
    fn min_severity_filters() {
        let all = vec![
            finding("R009", Severity::Info, Span::new(0, 1)),
            finding("R001", Severity::Warning, Span::new(0, 1)),
        ];
        assert_eq!(at_least(all.clone(), Severity::Info).len(), 2);
        assert_eq!(at_least(all.clone(), Severity::Warning).len(), 1);
        assert!(at_least(all, Severity::Error).is_empty());
    }

    #[test]
    fn explanations_are_wrapped() {
        for rule in lint::RULES {
            let e = explain(rule);
            assert!(e.starts_with(&format!("{}: {}\n", rule.code, rule.summary)));
            for line in e.lines().skip(2) {
                let n = line.chars().count();
                assert!(n <= WIDTH || !line.contains(' '), "{}: {line}", rule.code);
            }
        }
    }

    #[test]
    fn json_shape() {
        let r = FileReport::new(
            "a.txt",
            vec![finding("R001", Severity::Warning, Span::new(0, 1))],
        );
        let v: serde_json::Value = serde_json::from_str(&json(&[r])).unwrap();
        assert_eq!(v[0]["file"], "a.txt");
        assert_eq!(v[0]["findings"][0]["code"], "R001");
        assert_eq!(v[0]["summary"]["warning"], 1);
        assert_eq!(v[0]["summary"]["info"], 0);
    }

    #[test]
    fn findings_are_placed_at_their_span_start() {
        let input = "бір\nекі үш\n".as_bytes();
        let at = "бір\nекі ".len();
        let mut f = vec![Finding {
            code: "R001",
            severity: Severity::Warning,
            message: String::new(),
            span: Span::new(at, at + 4),
            line: 1,
            column: 1,
            help: None,
            regulation: None,
        }];
        place(&mut f, input);
        assert_eq!((f[0].line, f[0].column), (2, 5));
    }
}
