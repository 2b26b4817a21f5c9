//! Normalized lines in, the document tree out.
//!
//! Two passes, as in pulldown-cmark's block pass: first the lines are cut
//! into *blocks* (a paragraph and its hard-wrapped continuation lines, a
//! stamp, a heading …), then the blocks are nested into the tree of
//! DOMAIN.md §2 (act: title, status, metadata, notes, preamble, points,
//! signature, appendices) and §3 (regulation: approval stamp, title,
//! chapters, items, sub-items, steps, own appendices).
//!
//! The layout carries the structure: a paragraph starts at an indented line
//! (6 spaces in the export), headings and stamps stand at column 0, and a
//! run of column-0 lines is a stamp only when it ends in the stamp's label.
//! Blank lines carry no meaning. Each block's span runs to the start of the
//! next block, so the leaves of the tree tile the input and nothing is lost.

use std::ops::Range;
use std::sync::LazyLock;

use crate::decode::Decoded;
use crate::markers::{self, At, Label};
use crate::model::{Diagnostic, Node, NodeKind, RegulationStatus, Severity, Span, StepKind};
use crate::normalize::{self, offset, LineReader, MappedText};

/// A line is indented (starts a paragraph) from this many leading spaces.
const INDENT: usize = 4;
/// How far ahead a run of column-0 lines is searched for a stamp's label.
const STAMP_LOOKAHEAD: usize = 16;
/// How many lines a chapter heading may wrap onto.
const HEADING_LINES: usize = 6;
/// The longest regulation title, in lines.
const TITLE_LOOKAHEAD: usize = 12;

/// A physical line, or the part of one after a structural split. Every
/// line of the input has one while the tree is built (the largest part of
/// segmentation's memory): the counts are 32 bits, as the text map's
/// offsets are ([`normalize::offset`]).
#[derive(Debug, Clone)]
struct Seg<'t> {
    start: usize,
    content: Range<usize>,
    /// Borrowed from the decoded text where the line needed no mending.
    text: MappedText<'t>,
    /// 1-based physical line number.
    line_no: u32,
    /// 1-based column, in characters, of the first printed character.
    column: u32,
    indent: u32,
}

impl Seg<'_> {
    fn blank(&self) -> bool {
        self.text.is_empty()
    }

    fn indented(&self) -> bool {
        self.indent as usize >= INDENT
    }

    fn str(&self) -> &str {
        self.text.as_str()
    }
}

/// A title glued to the first chapter heading (`… регламенті 1. Жалпы ережелер`),
/// an approval stamp glued to the title (`… бекітілген "…`), a stamp label
/// glued to what follows: split the line there.
/// Where a line holds the start of another block, each by the group of the
/// form it matches (the first character of what follows the split):
///
/// ```text
/// ^(?:Күшін жойған|Қолданыстағы)\s+(\p{Lu})
/// |(?:[Рр]егламенті\s+)(\d{1,2}\s*(?:[-–]\s*(?:тарау|бөлім)\.?|\.)\s+[\p{Lu}"])
/// |(?:(?:қаулысымен|бұйрығымен|шешімімен)\s+бекітілген\s+)(["«])
/// |(?:(?:^|қаулысына|бұйрығына|шешіміне|регламентіне)\s*(?:\d+\s*[-–]?\s*қосымша|[Ққ]осымша\s*\d+)\s+)([\p{Lu}"\d])
/// ```
///
/// By hand: the pattern was the costliest of a run to compile (a tenth of
/// a one-document run). Each form is a fixed word, then runs of spaces and
/// digits each followed by what they cannot hold, so reading each run to
/// its end is the pattern's one reading; forms are tried at each position
/// in the pattern's order, and the search goes on after each match.
fn split_points(line: &str) -> Vec<usize> {
    // A form matches at the line's start or where one of its words starts:
    // `[Рр]егламенті…` two bytes before `егламенті`, the others at theirs.
    static WORDS: LazyLock<[(memchr::memmem::Finder<'static>, usize); 4]> = LazyLock::new(|| {
        [
            ("егламенті", 2),
            ("қаулысы", 0),
            ("бұйрығы", 0),
            ("шешімі", 0),
        ]
        .map(|(word, before)| (memchr::memmem::Finder::new(word), before))
    });
    let bytes = line.as_bytes();
    let mut points = Vec::new();
    let mut push = |(group, end): (usize, usize)| {
        if group > 0 {
            points.push(group);
        }
        end
    };
    // Each word's next place at or after `from` (`None`: there is none), so
    // that each is searched for once over the line.
    let mut next: [Option<usize>; 4] = [Some(0); 4];
    let mut from = split_at(line, 0).map_or(1, &mut push);
    loop {
        for (slot, (finder, before)) in next.iter_mut().zip(WORDS.iter()) {
            if slot.is_some_and(|at| at < from) {
                let look = (from + before).min(bytes.len());
                *slot = finder.find(&bytes[look..]).map(|i| look + i - before);
            }
        }
        let Some(at) = next.iter().flatten().min().copied() else {
            break;
        };
        from = match line
            .is_char_boundary(at)
            .then(|| split_at(line, at))
            .flatten()
        {
            Some(found) => push(found),
            None => at + 1,
        };
    }
    points
}

/// The split form matching at `at`: where its group starts, where the
/// match ends.
fn split_at(line: &str, at: usize) -> Option<(usize, usize)> {
    // The one character a form ends in, if it is of `class`.
    let last = |a: At<'_>, class: &dyn Fn(char) -> bool| {
        let c = line[a.at..].chars().next().filter(|&c| class(c))?;
        Some((a.at, a.at + c.len_utf8()))
    };
    let here = At::new(line, at);
    // Күшін жойған / Қолданыстағы, at the line's start, then a capital.
    let repealed = (at == 0)
        .then(|| here.any_word(&["Күшін жойған", "Қолданыстағы"]))
        .flatten()
        .and_then(At::spaces1)
        .and_then(|a| last(a, &markers::is_capital));
    // регламенті 3-тарау. Х / регламенті 3. Х
    let chapter = || {
        let group = here.any_word(&["Регламенті", "регламенті"])?.spaces1()?;
        let a = group.digits_at_most(2)?.spaces();
        // `\.?` then `\s+`: a stop not followed by a space fails the form
        // read either way.
        let a = match a.any_word(&["-", "–"]) {
            Some(dash) => dash.spaces().any_word(&["тарау", "бөлім"])?.maybe("."),
            None => a.word(".")?,
        };
        let (_, end) = last(a.spaces1()?, &|c| c == '"' || markers::is_capital(c))?;
        Some((group.at, end))
    };
    // қаулысымен бекітілген "…
    let approved = || {
        let a = here.any_word(&["қаулысымен", "бұйрығымен", "шешімімен"])?;
        let a = a.spaces1()?.word("бекітілген")?.spaces1()?;
        last(a, &|c| c == '"' || c == '«')
    };
    // (^|қаулысына …) 1-қосымша Х / Қосымша 1 Х
    let appendix = || {
        let starts = [
            (at == 0).then_some(here),
            here.any_word(&["қаулысына", "бұйрығына", "шешіміне", "регламентіне"]),
        ];
        starts.into_iter().flatten().find_map(|a| {
            let a = a.spaces();
            let a = match a.digits() {
                Some(number) => number.dash(&["-", "–"]).word("қосымша")?,
                None => a.any_word(&["Қосымша", "қосымша"])?.spaces().digits()?,
            };
            last(a.spaces1()?, &|c| {
                c == '"' || markers::is_capital(c) || markers::is_decimal_digit(c)
            })
        })
    };
    repealed
        .or_else(chapter)
        .or_else(approved)
        .or_else(appendix)
}

/// Whether [`split_points`] may find a split in `line`: each of its forms holds one of
/// these words, found by memchr's substring search. Nearly every line holds
/// none, and the pattern (which may match at a line's start) is otherwise a
/// search over every byte of the text.
fn may_split(line: &str) -> bool {
    static WORDS: LazyLock<[memchr::memmem::Finder<'static>; 3]> =
        LazyLock::new(|| ["егламенті", "бекітілген", "осымша"].map(memchr::memmem::Finder::new));
    line.starts_with("Күшін жойған")
        || line.starts_with("Қолданыстағы")
        || WORDS.iter().any(|w| w.find(line.as_bytes()).is_some())
}

/// The segments of the lines `reader` reads, taken one by one (no vector
/// of lines is kept beside the segments).
fn segments<'t>(reader: &mut LineReader<'t>, doc: &str) -> Vec<Seg<'t>> {
    // A few lines are split in two: room for them, so that one split does
    // not double the vector (it is as large as the text).
    // At most one per two bytes: a line that is not blank takes two (a
    // character and its line feed), and a run of blank lines is one segment,
    // so a file of line feeds alone does not reserve one per byte.
    let lines = reader.count_hint();
    reader.line_starts.reserve(lines);
    let count = lines.min(doc.len() / 2);
    let mut segs = Vec::with_capacity(count + count / 8 + 8);
    for (n, line) in reader.enumerate() {
        // A run of blank lines is kept as its first: the lexer only passes
        // over them, and a segment per line of a file of blank lines was a
        // hundred bytes of memory per input byte or two (their bytes still
        // belong to the span of the block before them, or to the trivia).
        if line.is_blank() && segs.last().is_some_and(|s: &Seg<'_>| s.blank()) {
            continue;
        }
        let column = doc
            .get(line.start..line.content.start)
            .map(|s| s.chars().count())
            .unwrap_or(0)
            + 1;
        // Stamps and titles stand at column 0: an indented paragraph that
        // mentions them is left whole. All split points are found in one
        // pass, so a huge line with many of them stays linear.
        let points: Vec<usize> = if line.indent < INDENT && may_split(line.text.as_str()) {
            split_points(line.text.as_str())
        } else {
            Vec::new()
        };
        if points.is_empty() {
            segs.push(Seg {
                start: line.start,
                indent: offset(line.indent),
                content: line.content,
                text: line.text,
                line_no: offset(n + 1),
                column: offset(column),
            });
            continue;
        }
        let bounds: Vec<usize> = std::iter::once(0)
            .chain(points)
            .chain(std::iter::once(line.text.len()))
            .collect();
        let mut column = column;
        let mut counted_to = line.content.start;
        for (k, w) in bounds.windows(2).enumerate() {
            let (a, b) = (w[0], w[1]);
            let text = line.text.slice(a..b).trimmed();
            let (start, content_start) = if k == 0 {
                (line.start, line.content.start)
            } else {
                let at = line.text.source_range(a..a).start;
                (at, at)
            };
            let content_end = if b == line.text.len() {
                line.content.end
            } else {
                text.source_range(0..text.len()).end.max(content_start)
            };
            if k > 0 {
                column += doc
                    .get(counted_to..content_start)
                    .map(|s| s.chars().count())
                    .unwrap_or(0);
                counted_to = content_start;
            }
            segs.push(Seg {
                start,
                indent: if k == 0 { offset(line.indent) } else { 0 },
                content: content_start..content_end,
                text,
                line_no: offset(n + 1),
                column: offset(column),
            });
        }
    }
    segs
}

/// What a look at one line of a run decides.
enum Scan {
    /// The run is not what was looked for.
    Stop,
    /// The run ends at this segment.
    Found(usize),
    /// Look at the next line.
    Next,
}

/// What a block is, before nesting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BlockKind {
    ActTitle,
    Status,
    Metadata,
    Note,
    EditorialNote,
    Preamble,
    /// `N.`: a point of an act or an item of a regulation.
    Numbered,
    /// `N)`: a sub-point or a sub-item.
    SubNumbered,
    Step,
    Paragraph,
    Signature,
    AppendixStamp {
        of_regulation: bool,
    },
    ApprovalStamp,
    RegulationTitle,
    Chapter,
    Diagram,
    Legend,
    Footer,
    Unparsed,
}

#[derive(Debug, Clone)]
struct Block {
    kind: BlockKind,
    /// Indices of the block's segments.
    segs: Range<usize>,
    /// The joined text; `None` while a merge may still extend the block, so
    /// that a long preamble is joined once, not once per paragraph.
    text: Option<MappedText<'static>>,
}

impl Block {
    fn text(&self) -> &str {
        self.text.as_ref().map(|t| t.as_str()).unwrap_or("")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Title, status, metadata, notes, preamble of an act.
    Header,
    /// The act's points, before the signature.
    Body,
    /// Appendices and regulations.
    Annex,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    Nothing,
    /// After an act's appendix stamp: an approval stamp or a title.
    Regulation,
    /// After an approval stamp: the title.
    Title,
    /// After a regulation's own appendix stamp: diagram titles.
    Diagram,
}

struct Lexer<'a> {
    segs: &'a [Seg<'a>],
    blocks: Vec<Block>,
    phase: Phase,
    expect: Expect,
    in_regulation: bool,
    next_chapter: u32,
}

impl<'a> Lexer<'a> {
    fn next_nonblank(&self, mut i: usize) -> Option<usize> {
        while i < self.segs.len() {
            if !self.segs[i].blank() {
                return Some(i);
            }
            i += 1;
        }
        None
    }

    fn push(&mut self, kind: BlockKind, first: usize, last: usize) {
        let text = normalize_join(&self.segs[first..=last]);
        self.push_joined(kind, first, last, text);
    }

    fn push_joined(
        &mut self,
        kind: BlockKind,
        first: usize,
        last: usize,
        text: MappedText<'static>,
    ) {
        self.blocks.push(Block {
            kind,
            segs: first..last + 1,
            text: Some(text),
        });
    }

    fn run(mut self) -> Vec<Block> {
        let Some(first) = self.next_nonblank(0) else {
            return self.blocks;
        };
        let mut i = first;
        if let Some(end) = self.approval_run(i) {
            self.push(BlockKind::ApprovalStamp, i, end);
            self.phase = Phase::Annex;
            self.expect = Expect::Title;
            i = end + 1;
        } else {
            i = self.act_header(i);
        }
        while let Some(at) = self.next_nonblank(i) {
            i = self.block(at);
        }
        for block in &mut self.blocks {
            if block.text.is_none() {
                block.text = Some(normalize_join(&self.segs[block.segs.clone()]));
            }
        }
        self.blocks
    }

    /// Title, status and metadata of an act: the column-0 lines at its top.
    fn act_header(&mut self, first: usize) -> usize {
        let mut status = None;
        let mut seen = 0;
        let mut j = first;
        while let Some(k) = self.next_nonblank(j) {
            if self.segs[k].indented() || seen >= 12 {
                break;
            }
            if markers::status_line(self.segs[k].str()) {
                status = Some(k);
                break;
            }
            seen += 1;
            j = k + 1;
        }
        let after_title = match status {
            Some(s) => {
                let title_end = self.prev_nonblank(s, first);
                if let Some(t) = title_end {
                    self.push(BlockKind::ActTitle, first, t);
                }
                self.push(BlockKind::Status, s, s);
                s + 1
            }
            None => {
                // No status line: the title runs to its `… туралы`.
                let mut end = first;
                let mut k = first;
                for _ in 0..8 {
                    let Some(n) = self.next_nonblank(k) else {
                        break;
                    };
                    if self.segs[n].indented() {
                        break;
                    }
                    end = n;
                    if markers::act_title_end(self.segs[n].str()) {
                        break;
                    }
                    k = n + 1;
                }
                if self.segs[first].indented() {
                    return first;
                }
                self.push(BlockKind::ActTitle, first, end);
                end + 1
            }
        };
        // The metadata sentence: column-0 lines up to the first paragraph.
        let mut end = None;
        let mut k = after_title;
        while let Some(n) = self.next_nonblank(k) {
            if self.segs[n].indented() {
                break;
            }
            end = Some(n);
            k = n + 1;
        }
        match end {
            Some(e) if status.is_some() => {
                let start = self.next_nonblank(after_title).unwrap_or(e);
                self.push(BlockKind::Metadata, start, e);
                e + 1
            }
            _ => after_title,
        }
    }

    fn prev_nonblank(&self, before: usize, floor: usize) -> Option<usize> {
        (floor..before).rev().find(|&k| !self.segs[k].blank())
    }

    /// Lex one block starting at the non-blank segment `i`; return where the
    /// next one may start.
    fn block(&mut self, i: usize) -> usize {
        match self.expect {
            Expect::Regulation => {
                self.expect = Expect::Nothing;
                if let Some(end) = self.approval_run(i) {
                    self.push(BlockKind::ApprovalStamp, i, end);
                    self.expect = Expect::Title;
                    return end + 1;
                }
                if let Some(end) = self.title_run(i) {
                    return self.title(i, end);
                }
            }
            Expect::Title => {
                self.expect = Expect::Nothing;
                if let Some(end) = self.title_run(i) {
                    return self.title(i, end);
                }
            }
            _ => {}
        }
        let seg = &self.segs[i];
        if seg.indented() {
            return self.paragraph(i);
        }
        if let Some((kind, end)) = self.structural_at(i) {
            return self.structural(kind, i, end);
        }
        if self.expect == Expect::Diagram {
            let end = self.flush_run_end(i, true);
            self.push(BlockKind::Diagram, i, end);
            return end + 1;
        }
        let end = self.flush_run_end(i, false);
        self.push(BlockKind::Unparsed, i, end);
        end + 1
    }

    fn title(&mut self, i: usize, end: usize) -> usize {
        self.push(BlockKind::RegulationTitle, i, end);
        self.in_regulation = true;
        self.next_chapter = 1;
        self.phase = Phase::Annex;
        end + 1
    }

    fn structural(&mut self, kind: BlockKind, i: usize, end: usize) -> usize {
        self.push(kind, i, end);
        match kind {
            BlockKind::AppendixStamp { of_regulation } => {
                self.phase = Phase::Annex;
                self.expect = if of_regulation {
                    Expect::Diagram
                } else {
                    self.in_regulation = false;
                    Expect::Regulation
                };
            }
            BlockKind::ApprovalStamp => {
                self.phase = Phase::Annex;
                self.expect = Expect::Title;
            }
            BlockKind::Chapter => {
                if let Some(l) = markers::chapter_label(self.segs[i].str()) {
                    self.next_chapter = l.number + 1;
                }
                self.expect = Expect::Nothing;
            }
            _ => {}
        }
        end + 1
    }

    /// Column-0 lines from `i` that belong together: up to an indented line
    /// or a structural start; a diagram title also ends at its last word.
    fn flush_run_end(&self, i: usize, diagram: bool) -> usize {
        let mut end = i;
        if diagram && markers::diagram_title_end(self.segs[i].str()) {
            return i;
        }
        let mut k = i + 1;
        while let Some(n) = self.next_nonblank(k) {
            let seg = &self.segs[n];
            if seg.indented() || self.structural_at(n).is_some() {
                break;
            }
            end = n;
            if diagram && markers::diagram_title_end(seg.str()) {
                break;
            }
            k = n + 1;
        }
        end
    }

    /// The structural block that starts at the column-0 segment `j`, if any,
    /// assuming whatever came before has ended.
    fn structural_at(&self, j: usize) -> Option<(BlockKind, usize)> {
        let s = self.segs[j].str();
        if markers::footer_start(s) {
            return Some((BlockKind::Footer, self.footer_end(j)));
        }
        if self.in_regulation && markers::chapter_label(s).is_some() {
            return Some((BlockKind::Chapter, self.heading_end(j)));
        }
        if markers::diagram_label(s).is_some() {
            let end = self.heading_end(j);
            return Some((BlockKind::Diagram, end));
        }
        if markers::legend_start(s) {
            return Some((BlockKind::Legend, self.paragraph_end(j, BlockKind::Legend)));
        }
        if let Some(end) = self.stamp_run(j) {
            let text = normalize_join(&self.segs[j..=end]);
            let of_regulation = markers::regulation_appendix_stamp(text.as_str());
            return Some((BlockKind::AppendixStamp { of_regulation }, end));
        }
        if let Some(end) = self.approval_run(j) {
            // `… бұйрығымен бекітілген "…` also occurs inside sentences; a
            // real approval stamp is followed by the regulation's title.
            let titled = self
                .next_nonblank(end + 1)
                .is_some_and(|m| self.title_run(m).is_some());
            if titled {
                return Some((BlockKind::ApprovalStamp, end));
            }
        }
        None
    }

    fn footer_end(&self, j: usize) -> usize {
        let mut end = j;
        let mut k = j + 1;
        while let Some(n) = self.next_nonblank(k) {
            if self.segs[n].indented() {
                break;
            }
            end = n;
            k = n + 1;
        }
        end
    }

    /// A chapter or diagram heading: its line and the column-0 lines that
    /// continue it (a heading wraps over a few more lines).
    fn heading_end(&self, j: usize) -> usize {
        let mut end = j;
        let mut k = j + 1;
        for _ in 0..HEADING_LINES {
            let Some(n) = self.next_nonblank(k) else {
                break;
            };
            let seg = &self.segs[n];
            if seg.indented()
                || markers::chapter_label(seg.str()).is_some()
                || markers::diagram_label(seg.str()).is_some()
                || markers::legend_start(seg.str())
                || markers::footer_start(seg.str())
                || self.stamp_run(n).is_some()
                || self.approval_run(n).is_some()
            {
                break;
            }
            end = n;
            k = n + 1;
        }
        end
    }

    /// A stamp so plainly followed by what stamps open (an approval stamp,
    /// a regulation title, a diagram title) that it ends even a paragraph
    /// whose last sentence was left open.
    fn strong_start(&self, j: usize) -> bool {
        let end = match self.stamp_run(j).or_else(|| self.approval_run(j)) {
            Some(end) => end,
            None => return false,
        };
        let Some(m) = self.next_nonblank(end + 1) else {
            return true;
        };
        if self.approval_run(m).is_some() || self.title_run(m).is_some() {
            return true;
        }
        let mut k = m;
        for _ in 0..TITLE_LOOKAHEAD {
            let Some(n) = self.next_nonblank(k) else {
                break;
            };
            let s = self.segs[n].str();
            if markers::diagram_title_end(s) || markers::diagram_label(s).is_some() {
                return true;
            }
            k = n + 1;
        }
        false
    }

    /// An appendix stamp starting at `j`: column-0 lines without a sentence
    /// end or a signature, ending in the appendix label, followed by the
    /// start of something new.
    fn stamp_run(&self, j: usize) -> Option<usize> {
        // Both readings are runs that [`Self::scan_run`] refuses unless the
        // first line opens a block: asked first, as most lines do not.
        if !opens_block(self.segs[j].str()) {
            return None;
        }
        if markers::bare_appendix_label(self.segs[j].str()) && !self.opens_after_label_line(j) {
            // Printed label first: `1-қосымша` / `Алматы қаласы әкімдігінің`
            // / `… № 3/553 қаулысына`.
            return self.scan_run(j, |n, s| {
                if n > j && markers::stamp_act_end(s) {
                    Scan::Found(n)
                } else if n > j
                    && (markers::ends_sentence(s) || markers::appendix_label_at_end(s).is_some())
                {
                    Scan::Stop
                } else {
                    Scan::Next
                }
            });
        }
        self.scan_run(j, |n, s| {
            if (markers::signature(s) && !markers::bare_appendix_label(s))
                || markers::ends_with_initial(s)
                || markers::legend_start(s)
                || markers::footer_start(s)
                || markers::diagram_label(s).is_some()
                || (n > j && self.in_regulation && markers::chapter_label(s).is_some())
            {
                return Scan::Stop;
            }
            if markers::appendix_label_at_end(s).is_some() && self.opens_after(n) {
                let text = normalize_join(&self.segs[j..=n]);
                if markers::stamp_evidence(text.as_str()) || markers::bare_appendix_label(s) {
                    let end = match self.next_nonblank(n + 1) {
                        Some(m) if markers::act_number_line(self.segs[m].str()) => m,
                        _ => n,
                    };
                    return Scan::Found(end);
                }
            }
            if markers::ends_sentence(s)
                || markers::approval_end(s)
                || markers::title_end(s)
                || markers::diagram_title_end(s)
            {
                return Scan::Stop;
            }
            Scan::Next
        })
    }

    /// Walk a run of column-0 lines from `j` (which must look like the first
    /// line of a stamp), at most [`STAMP_LOOKAHEAD`] of them, letting `visit`
    /// decide at each line whether the run ends there, is not a stamp, or
    /// goes on.
    fn scan_run(&self, j: usize, mut visit: impl FnMut(usize, &str) -> Scan) -> Option<usize> {
        // The callers have asked whether `j` opens a block.
        debug_assert!(opens_block(self.segs[j].str()));
        let mut k = j;
        for _ in 0..STAMP_LOOKAHEAD {
            let n = self.next_nonblank(k)?;
            let seg = &self.segs[n];
            if seg.indented() {
                return None;
            }
            match visit(n, seg.str()) {
                Scan::Stop => return None,
                Scan::Found(end) => return Some(end),
                Scan::Next => k = n + 1,
            }
        }
        None
    }

    /// Whether a label line ends its stamp (the usual order: the act, then
    /// the label) rather than opening one: the stamp's words stand above it.
    fn opens_after_label_line(&self, j: usize) -> bool {
        let Some(prev) = self.prev_nonblank(j, 0) else {
            return false;
        };
        let p = &self.segs[prev];
        !p.indented() && markers::stamp_evidence(p.str()) && !markers::ends_sentence(p.str())
    }

    /// Whether what follows segment `n` starts something new: the end of the
    /// input, an indented line, or a line starting with a capital, a quote,
    /// a digit or `№`.
    fn opens_after(&self, n: usize) -> bool {
        match self.next_nonblank(n + 1) {
            None => true,
            Some(m) => self.segs[m].indented() || opens_block(self.segs[m].str()),
        }
    }

    /// An approval stamp starting at `j`: column-0 lines ending in
    /// `… қаулысымен бекітілген`.
    fn approval_run(&self, j: usize) -> Option<usize> {
        // As in [`Self::stamp_run`]: a run opens a block or is none.
        if !opens_block(self.segs[j].str()) {
            return None;
        }
        if markers::approval_start(self.segs[j].str()) {
            return self.scan_run(j, |n, s| {
                if n > j && markers::approval_act_end(s) {
                    Scan::Found(n)
                } else if n > j && (markers::ends_sentence(s) || markers::title_end(s)) {
                    Scan::Stop
                } else {
                    Scan::Next
                }
            });
        }
        self.scan_run(j, |n, s| {
            if markers::signature(s) {
                return Scan::Stop;
            }
            if markers::approval_end(s) {
                let text = normalize_join(&self.segs[j..=n]);
                return if markers::approval_evidence(text.as_str()) {
                    Scan::Found(n)
                } else {
                    Scan::Stop
                };
            }
            if markers::ends_sentence(s)
                || markers::appendix_label_at_end(s).is_some()
                || markers::title_end(s)
            {
                return Scan::Stop;
            }
            Scan::Next
        })
    }

    /// A regulation title starting at `j`: lines up to the one ending in
    /// `регламенті`. The first line may be indented (centred titles).
    fn title_run(&self, j: usize) -> Option<usize> {
        let mut k = j;
        let mut seen = 0;
        while let Some(n) = self.next_nonblank(k) {
            let s = self.segs[n].str();
            if seen >= TITLE_LOOKAHEAD
                || markers::note_start(s)
                || (n > j && markers::chapter_label(s).is_some() && !self.segs[n].indented())
                || markers::labelled(s) && self.segs[n].indented()
            {
                return None;
            }
            if markers::title_end(s) {
                return Some(n);
            }
            if markers::ends_sentence(s) {
                return None;
            }
            seen += 1;
            k = n + 1;
        }
        None
    }

    fn classify(&self, text: &str) -> BlockKind {
        if markers::note_start(text) {
            return BlockKind::Note;
        }
        if markers::editorial_note_start(text) {
            return BlockKind::EditorialNote;
        }
        if markers::legend_start(text) && self.phase == Phase::Annex {
            return BlockKind::Legend;
        }
        if markers::item_label(text).is_some() {
            return BlockKind::Numbered;
        }
        if markers::sub_item_label(text).is_some() {
            return BlockKind::SubNumbered;
        }
        if markers::step_label(text).is_some() {
            return BlockKind::Step;
        }
        match self.phase {
            Phase::Header => BlockKind::Preamble,
            _ => BlockKind::Paragraph,
        }
    }

    /// A paragraph-like block from the indented segment `i`.
    fn paragraph(&mut self, i: usize) -> usize {
        let kind = self.classify(self.segs[i].str());
        let end = self.paragraph_end(i, kind);
        let mut last = end;
        let mut kind = kind;
        let text = normalize_join(&self.segs[i..=end]);
        match kind {
            BlockKind::EditorialNote if text.len() < 48 => {
                // `РҚАО-ның ескертпесі.` alone: the remark is the next paragraph.
                if let Some(n) = self.next_nonblank(end + 1) {
                    if self.segs[n].indented() && !markers::labelled(self.segs[n].str()) {
                        last = self.paragraph_end(n, BlockKind::Paragraph);
                    }
                }
            }
            BlockKind::Preamble => {
                if markers::enacting_formula(text.as_str()).is_some() {
                    self.phase = Phase::Body;
                }
                // One preamble, even when printed as several paragraphs.
                if let Some(prev) = self.blocks.last_mut() {
                    if prev.kind == BlockKind::Preamble {
                        prev.segs.end = last + 1;
                        prev.text = None;
                        return last + 1;
                    }
                }
            }
            BlockKind::Numbered | BlockKind::SubNumbered | BlockKind::Step
                if self.phase == Phase::Header =>
            {
                self.phase = Phase::Body;
            }
            BlockKind::Paragraph
                if self.phase == Phase::Body
                    && markers::signature(text.as_str())
                    && !markers::ends_sentence(text.as_str()) =>
            {
                kind = BlockKind::Signature;
                self.phase = Phase::Annex;
                // A position printed on its own indented line before the name
                // (`Қазақстан Республикасының` / `… министрі А. Мамытбеков`).
                if let Some(prev) = self.blocks.last_mut() {
                    if prev.kind == BlockKind::Paragraph
                        && prev.text().len() < 120
                        && !markers::ends_sentence(prev.text())
                    {
                        prev.kind = BlockKind::Signature;
                        prev.segs.end = last + 1;
                        prev.text = None;
                        return last + 1;
                    }
                }
            }
            // A second signatory (a session's chair, then the secretary).
            BlockKind::Paragraph
                if self
                    .blocks
                    .last()
                    .is_some_and(|b| b.kind == BlockKind::Signature)
                    && markers::signature(text.as_str())
                    && !markers::ends_sentence(text.as_str()) =>
            {
                kind = BlockKind::Signature;
            }
            _ => {}
        }
        if last == end {
            self.push_joined(kind, i, last, text);
        } else {
            self.push(kind, i, last);
        }
        last + 1
    }

    /// The last segment of a paragraph that starts at `i`: hard-wrapped
    /// column-0 lines continue it until a structural start; a less indented
    /// lowercase line continues a sentence left open.
    fn paragraph_end(&self, i: usize, kind: BlockKind) -> usize {
        let mut end = i;
        let mut k = i + 1;
        while let Some(n) = self.next_nonblank(k) {
            let seg = &self.segs[n];
            let last = self.segs[end].str();
            let closed = markers::ends_sentence(last)
                || (self.phase == Phase::Body && markers::signature(last));
            let s = seg.str();
            if seg.indented() {
                // Only a line indented less than the paragraph's first line
                // (a centred block) can continue it; at the same indent an
                // unpunctuated paragraph simply ended.
                let open_sentence = !closed
                    && seg.indent < self.segs[i].indent
                    && markers::starts_lowercase(s)
                    && !markers::labelled(s)
                    && !markers::note_start(s);
                if open_sentence && kind != BlockKind::Legend {
                    end = n;
                    k = n + 1;
                    continue;
                }
                break;
            }
            if markers::footer_start(s) {
                break;
            }
            if markers::ends_with_initial(last) {
                end = n;
                k = n + 1;
                continue;
            }
            if self.in_regulation {
                if let Some(l) = markers::chapter_label(s) {
                    if closed || l.number == self.next_chapter {
                        break;
                    }
                }
            }
            if closed && self.structural_at(n).is_some() {
                break;
            }
            if !closed && self.strong_start(n) {
                break;
            }
            end = n;
            k = n + 1;
        }
        end
    }
}

/// Whether a line may be the first of a stamp or title: an authority, a
/// date, a number or a quoted name, never the rest of a sentence.
fn opens_block(s: &str) -> bool {
    s.chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || matches!(c, '"' | '«' | '№'))
}

fn normalize_join(segs: &[Seg<'_>]) -> MappedText<'static> {
    normalize::join_texts(segs.iter().map(|s| (&s.text, s.content.clone())))
}

/// Converts decoded offsets into input spans and positions.
struct Locator<'a> {
    decoded: &'a Decoded<'a>,
    /// Decoded offsets of physical line starts, in 32 bits as the source
    /// map's ([`normalize::offset`]): there is one per line, and a file of
    /// short lines has nearly as many as bytes.
    line_starts: Vec<u32>,
}

impl<'a> Locator<'a> {
    /// `line_starts` as the [`LineReader`] found them, having read every
    /// line of `decoded`.
    fn new(decoded: &'a Decoded<'a>, line_starts: Vec<u32>) -> Self {
        Locator {
            decoded,
            line_starts,
        }
    }

    fn orig(&self, pos: usize) -> usize {
        self.decoded.orig(pos)
    }

    /// Whether text offsets are input offsets (UTF-8 without a BOM).
    fn identity(&self) -> bool {
        self.decoded.orig(0) == 0 && self.decoded.text.len() == self.decoded.input_len
    }

    /// 1-based line and column (in characters) of a decoded offset.
    fn line_col(&self, pos: usize) -> (usize, usize) {
        let line = self
            .line_starts
            .partition_point(|&s| s as usize <= pos)
            .max(1);
        let start = self.line_starts[line - 1] as usize;
        let col = self
            .decoded
            .text
            .get(start..pos)
            .map(|s| s.chars().count())
            .unwrap_or(0);
        (line, col + 1)
    }

    fn diagnostic(
        &self,
        severity: Severity,
        code: &'static str,
        message: String,
        decoded: Range<usize>,
    ) -> Diagnostic {
        let (line, column) = self.line_col(decoded.start);
        Diagnostic {
            severity,
            code,
            message,
            span: Span::new(self.orig(decoded.start), self.orig(decoded.end)),
            line,
            column,
        }
    }
}

/// The result of segmentation.
pub struct Segmented {
    pub tree: Node,
    pub diagnostics: Vec<Diagnostic>,
}

/// Segment a decoded input into its document tree.
pub fn segment(decoded: &Decoded<'_>) -> Segmented {
    let mut reader = LineReader::new(&decoded.text);
    let segs = segments(&mut reader, &decoded.text);
    let repairs = reader.repairs;
    let locator = Locator::new(decoded, reader.line_starts);
    let mut diagnostics = Vec::new();
    for r in &repairs {
        let (severity, code, message) = if r.repaired {
            (
                Severity::Info,
                "N001",
                format!(
                    "displaced link text `{}` moved back into its place",
                    r.words
                ),
            )
        } else {
            (
                Severity::Warning,
                "N002",
                format!(
                    "`{}` looks like displaced link text, but its place is not certain: left as printed",
                    r.words
                ),
            )
        };
        diagnostics.push(locator.diagnostic(severity, code, message, r.moved.clone()));
    }
    let lexer = Lexer {
        segs: &segs,
        blocks: Vec::new(),
        phase: Phase::Header,
        expect: Expect::Nothing,
        in_regulation: false,
        next_chapter: 1,
    };
    let blocks = lexer.run();
    let mut builder = Builder {
        segs: &segs,
        locator: &locator,
        stack: vec![Node::new(
            NodeKind::Document,
            Span::new(0, decoded.input_len),
        )],
        diagnostics: &mut diagnostics,
    };
    let starts: Vec<usize> = blocks
        .iter()
        .enumerate()
        .map(|(n, b)| {
            if n == 0 {
                0
            } else {
                locator.orig(segs[b.segs.start].start)
            }
        })
        .collect();
    // Taken one by one, so that a block's text is freed once its node holds
    // its own copy.
    for (n, block) in blocks.into_iter().enumerate() {
        let end = starts.get(n + 1).copied().unwrap_or(decoded.input_len);
        builder.add(&block, Span::new(starts[n], end));
    }
    let mut tree = builder.finish();
    if tree.children.is_empty() {
        // Only blank lines: one trivia leaf keeps the tree lossless.
        let mut t = Node::new(NodeKind::Trivia, Span::new(0, decoded.input_len));
        t.line = 1;
        t.column = 1;
        tree.children.push(t);
    }
    tree.span = Span::new(0, decoded.input_len);
    tree.line = 1;
    tree.column = 1;
    assign_ids(&mut tree, "");
    check_numbering(&tree, &mut diagnostics);
    diagnostics.sort_by_key(|d| (d.span.start, d.code));
    Segmented { tree, diagnostics }
}

struct Builder<'a, 'd> {
    segs: &'a [Seg<'a>],
    locator: &'a Locator<'a>,
    /// Open containers, the document at the bottom.
    stack: Vec<Node>,
    diagnostics: &'d mut Vec<Diagnostic>,
}

impl<'a, 'd> Builder<'a, 'd> {
    fn leaf(&self, kind: NodeKind, block: &Block, span: Span) -> Node {
        self.leaf_from(kind, block, span, 0)
    }

    /// A node at the block's first line, without text (a container whose
    /// text is its children's).
    fn bare(&self, kind: NodeKind, block: &Block, span: Span) -> Node {
        let mut node = Node::new(kind, span);
        let seg = &self.segs[block.segs.start];
        node.line = seg.line_no as usize;
        node.column = seg.column as usize;
        node
    }

    /// A leaf holding the block's text from byte `from` on (after its
    /// labels), or the whole text where `from` does not fall on a character.
    /// Copied once: a copy made and replaced was a third of the tree's text
    /// copies.
    fn leaf_from(&self, kind: NodeKind, block: &Block, span: Span, from: usize) -> Node {
        let mut node = self.bare(kind, block, span);
        if !self.set_text(&mut node, block, from) {
            self.set_text(&mut node, block, 0);
        }
        node
    }

    /// Give `node` the block's text from byte `from` on (after its labels),
    /// with the map back to input offsets.
    fn set_text(&self, node: &mut Node, block: &Block, from: usize) -> bool {
        let Some(mapped) = block.text.as_ref() else {
            return false;
        };
        let from = from.min(mapped.len());
        let Some(rest) = mapped.as_str().get(from..) else {
            return false;
        };
        // Trimmed by range, so that the text is copied out once.
        let start = from + rest.len() - rest.trim_start().len();
        let end = (from + rest.trim_end().len()).max(start);
        let own = mapped.slice(start..end);
        let own = if self.locator.identity() {
            own
        } else {
            own.map_sources(|o| self.locator.orig(o))
        };
        let (text, map) = own.into_parts();
        node.text = Some(text);
        node.map = Some(map);
        true
    }

    fn top_kind(&self) -> NodeKind {
        self.stack
            .last()
            .map(|n| n.kind)
            .unwrap_or(NodeKind::Document)
    }

    fn has_open(&self, kind: NodeKind) -> bool {
        self.stack.iter().any(|n| n.kind == kind)
    }

    /// Close containers until the top is one of `kinds` (or the document).
    fn close_to(&mut self, kinds: &[NodeKind]) {
        while self.stack.len() > 1 && !kinds.contains(&self.top_kind()) {
            self.close();
        }
    }

    fn close(&mut self) {
        let Some(mut node) = self.stack.pop() else {
            return;
        };
        // Its children are all there: the room a growing vector keeps for
        // more (up to as much again, of nodes of 264 bytes) was a fifth of
        // a large input's tree.
        node.children.shrink_to_fit();
        if let (Some(first), Some(last)) = (node.children.first(), node.children.last()) {
            node.span = Span::new(first.span.start, last.span.end);
            node.line = first.line;
            node.column = first.column;
        }
        if node.kind == NodeKind::Regulation {
            let has_chapters = node.children.iter().any(|c| c.kind == NodeKind::Chapter);
            let removed = node.children.iter().any(|c| {
                c.kind == NodeKind::Note
                    && c.text
                        .as_deref()
                        .is_some_and(|t| has!(t, "алып тасталды") || has!(t, "алынып тасталды"))
            });
            node.status = Some(if removed && !has_chapters {
                RegulationStatus::Excluded
            } else {
                RegulationStatus::Active
            });
        }
        self.attach(node);
    }

    fn open(&mut self, node: Node) {
        self.stack.push(node);
    }

    /// Add `node` to the open container. An item or point gets its `lead`
    /// (its own words, as a child) before its first child.
    fn attach(&mut self, node: Node) {
        if let Some(top) = self.stack.last_mut() {
            if matches!(top.kind, NodeKind::Item | NodeKind::Point) && top.children.is_empty() {
                let lead = lead_of(top);
                top.children.push(lead);
            }
            top.children.push(node);
        }
    }

    /// A container opened by its own block (an item, a point). It is a leaf
    /// until a child comes; its words then become its first child, a
    /// `lead` (made only then: most items have no children, and the lead
    /// was a second copy of the item's text).
    fn open_numbered(&mut self, kind: NodeKind, block: &Block, span: Span, label: Label) {
        let mut node = self.leaf_from(kind, block, span, label.len);
        node.label = Some(label.text);
        node.number = Some(label.number);
        self.open(node);
    }

    fn add(&mut self, block: &Block, span: Span) {
        let text = block.text();
        match block.kind {
            BlockKind::ActTitle
            | BlockKind::Status
            | BlockKind::Metadata
            | BlockKind::Preamble
            | BlockKind::Signature
            | BlockKind::Footer
            | BlockKind::EditorialNote => {
                self.close_to(&[NodeKind::Document]);
                let kind = match block.kind {
                    BlockKind::ActTitle => NodeKind::ActTitle,
                    BlockKind::Status => NodeKind::Status,
                    BlockKind::Metadata => NodeKind::Metadata,
                    BlockKind::Preamble => NodeKind::Preamble,
                    BlockKind::Signature => NodeKind::Signature,
                    BlockKind::Footer => NodeKind::Footer,
                    _ => NodeKind::EditorialNote,
                };
                if block.kind == BlockKind::EditorialNote && self.stack.len() > 1 {
                    let node = self.leaf(NodeKind::EditorialNote, block, span);
                    self.attach(node);
                    return;
                }
                let node = self.leaf(kind, block, span);
                self.attach(node);
            }
            BlockKind::Note | BlockKind::Paragraph => {
                let kind = if block.kind == BlockKind::Note {
                    NodeKind::Note
                } else {
                    NodeKind::Paragraph
                };
                let node = self.leaf(kind, block, span);
                self.attach(node);
            }
            BlockKind::Numbered => {
                let Some(label) = markers::item_label(text) else {
                    return self.unparsed(block, span);
                };
                if self.has_open(NodeKind::Regulation) {
                    self.close_to(&[NodeKind::Chapter, NodeKind::Regulation]);
                    self.open_numbered(NodeKind::Item, block, span, label);
                } else {
                    self.close_to(&[NodeKind::Document, NodeKind::Appendix]);
                    self.open_numbered(NodeKind::Point, block, span, label);
                }
            }
            BlockKind::SubNumbered => {
                let Some(label) = markers::sub_item_label(text) else {
                    return self.unparsed(block, span);
                };
                let in_regulation = self.has_open(NodeKind::Regulation);
                let kind = if in_regulation {
                    NodeKind::SubItem
                } else {
                    NodeKind::SubPoint
                };
                let rest = &text[label.len.min(text.len())..];
                let mut node = self.leaf_from(kind, block, span, label.len);
                node.label = Some(label.text.clone());
                node.number = Some(label.number);
                if let Some((step, step_kind)) = markers::step_label(rest) {
                    let mut child =
                        self.leaf_from(NodeKind::Step, block, span, label.len + step.len);
                    child.label = Some(step.text);
                    child.number = Some(step.number);
                    child.step_kind = Some(step_kind);
                    node.children.push(child);
                }
                self.attach(node);
            }
            BlockKind::Step => {
                let Some((label, step_kind)) = markers::step_label(text) else {
                    return self.unparsed(block, span);
                };
                let mut node = self.leaf_from(NodeKind::Step, block, span, label.len);
                node.label = Some(label.text);
                node.number = Some(label.number);
                node.step_kind = Some(step_kind);
                self.attach(node);
            }
            BlockKind::AppendixStamp { of_regulation } => {
                if of_regulation && self.has_open(NodeKind::Regulation) {
                    self.close_to(&[NodeKind::Regulation]);
                } else {
                    self.close_to(&[NodeKind::Document]);
                }
                let mut appendix = self.bare(NodeKind::Appendix, block, span);
                let mut stamp = self.leaf(NodeKind::AppendixStamp, block, span);
                // The label ends the stamp, or (printed label first) opens it.
                let first_line = self.segs[block.segs.start].str();
                let label = markers::appendix_label_at_end(text).or_else(|| {
                    markers::appendix_label_at_end(first_line).filter(|l| l.start == 0)
                });
                if let Some(l) = label {
                    appendix.label = Some(l.text.clone());
                    appendix.number = l.number;
                    stamp.label = Some(l.text);
                    stamp.number = l.number;
                }
                appendix.children.push(stamp);
                self.open(appendix);
            }
            BlockKind::ApprovalStamp => {
                self.open_regulation_here();
                let node = self.leaf(NodeKind::ApprovalStamp, block, span);
                self.attach(node);
            }
            BlockKind::RegulationTitle => {
                let titled = self.stack.last().is_some_and(|n| {
                    n.kind == NodeKind::Regulation
                        && !n
                            .children
                            .iter()
                            .any(|c| c.kind == NodeKind::RegulationTitle)
                });
                if !titled {
                    self.open_regulation_here();
                }
                if let Some(reg) = self.stack.last_mut() {
                    reg.heading = Some(text.to_owned());
                }
                let node = self.leaf(NodeKind::RegulationTitle, block, span);
                self.attach(node);
            }
            BlockKind::Chapter => {
                let Some(label) = markers::chapter_label(text) else {
                    return self.unparsed(block, span);
                };
                self.close_to(&[NodeKind::Regulation, NodeKind::Document]);
                let mut chapter = self.bare(NodeKind::Chapter, block, span);
                chapter.label = Some(label.text);
                chapter.number = Some(label.number);
                let leaf = self.leaf_from(NodeKind::Heading, block, span, label.len);
                chapter.heading = leaf.text.clone();
                chapter.children.push(leaf);
                self.open(chapter);
            }
            BlockKind::Diagram | BlockKind::Legend => {
                if self.has_open(NodeKind::Appendix) {
                    self.close_to(&[NodeKind::Appendix]);
                }
                let kind = if block.kind == BlockKind::Diagram {
                    NodeKind::Diagram
                } else {
                    NodeKind::Legend
                };
                let mut node = self.leaf(kind, block, span);
                if kind == NodeKind::Diagram {
                    let first = self.segs[block.segs.start].str();
                    if let Some(l) = markers::diagram_label(first) {
                        node.label = Some(l.text);
                        node.number = Some(l.number);
                        self.set_text(&mut node, block, first.len());
                        node.heading = node.text.clone();
                    } else {
                        node.heading = Some(text.to_owned());
                    }
                }
                self.attach(node);
            }
            BlockKind::Unparsed => self.unparsed(block, span),
        }
    }

    /// Open a regulation where the current position allows one: inside an
    /// act's appendix that has none yet, else at the document level.
    fn open_regulation_here(&mut self) {
        let in_fresh_appendix = self
            .stack
            .iter()
            .rposition(|n| n.kind == NodeKind::Appendix)
            .is_some_and(|at| {
                let appendix = &self.stack[at];
                at + 1 == self.stack.len()
                    && !appendix
                        .children
                        .iter()
                        .any(|c| c.kind == NodeKind::Regulation)
                    && !self.stack[..at]
                        .iter()
                        .any(|n| n.kind == NodeKind::Regulation)
            });
        if !in_fresh_appendix {
            self.close_to(&[NodeKind::Document]);
        }
        self.open(Node::new(NodeKind::Regulation, Span::new(0, 0)));
    }

    fn unparsed(&mut self, block: &Block, span: Span) {
        let node = self.leaf(NodeKind::Unparsed, block, span);
        let seg = &self.segs[block.segs.start];
        let last = &self.segs[block.segs.end - 1];
        self.diagnostics.push(self.locator.diagnostic(
            Severity::Warning,
            "S002",
            "text not recognized as part of the document's structure".to_owned(),
            seg.content.start..last.content.end,
        ));
        self.attach(node);
    }

    fn finish(mut self) -> Node {
        while self.stack.len() > 1 {
            self.close();
        }
        let mut document = self
            .stack
            .pop()
            .unwrap_or_else(|| Node::new(NodeKind::Document, Span::new(0, 0)));
        document.children.shrink_to_fit();
        document
    }
}

/// The `lead` of an item or point: its own words, where it stands.
fn lead_of(item: &Node) -> Node {
    let mut lead = Node::new(NodeKind::Lead, item.span);
    lead.line = item.line;
    lead.column = item.column;
    lead.text = item.text.clone();
    lead.map = item.map.clone();
    lead
}

/// A node's id segment as a name and a number: `("p", Some(3))` is `p3`.
/// Names are letters only and numbers digits only, so two segments are
/// the same text exactly when their pairs are equal, and the pair is what
/// is compared (no string is made for the comparison).
fn id_segment(node: &Node, ordinal: usize) -> (&'static str, Option<u64>) {
    let ordinal = ordinal as u64;
    let n = node.number.map_or(ordinal, u64::from);
    match node.kind {
        NodeKind::Document => ("doc", None),
        NodeKind::ActTitle => ("title", None),
        NodeKind::Status => ("status", None),
        NodeKind::Metadata => ("meta", None),
        NodeKind::Note => ("note", Some(ordinal)),
        NodeKind::EditorialNote => ("editorial", None),
        NodeKind::Preamble => ("preamble", None),
        NodeKind::Point => ("p", Some(n)),
        NodeKind::SubPoint => ("s", Some(n)),
        NodeKind::Signature => ("signature", None),
        NodeKind::Appendix => ("app", Some(n)),
        NodeKind::AppendixStamp => ("stamp", None),
        NodeKind::ApprovalStamp => ("approval", None),
        NodeKind::Regulation => ("reg", Some(ordinal)),
        NodeKind::RegulationTitle => ("title", None),
        NodeKind::Chapter => ("ch", Some(n)),
        NodeKind::Heading => ("heading", None),
        NodeKind::Item => ("i", Some(n)),
        NodeKind::SubItem => ("s", Some(n)),
        NodeKind::Step => ("st", Some(n)),
        NodeKind::Lead => ("lead", None),
        NodeKind::Paragraph => ("para", Some(ordinal)),
        NodeKind::Diagram => ("diagram", Some(ordinal)),
        NodeKind::Legend => ("legend", Some(ordinal)),
        NodeKind::Footer => ("footer", None),
        NodeKind::Trivia => ("trivia", Some(ordinal)),
        NodeKind::Unparsed => ("unparsed", Some(ordinal)),
    }
}

/// Give every node a path-like id, unique in the document: readable
/// (`app1/reg1/ch2/i5/s3`) and stable under edits elsewhere in the text.
fn assign_ids(node: &mut Node, parent: &str) {
    if node.kind == NodeKind::Document {
        node.id = "doc".to_owned();
    }
    // A node has children of few kinds: a list beats hashing the kind.
    let mut ordinals: Vec<(NodeKind, usize)> = Vec::new();
    let mut used: crate::fnv::FnvMap<(&'static str, Option<u64>), usize> =
        crate::fnv::FnvMap::default();
    let mut digits = itoa::Buffer::new();
    for child in &mut node.children {
        let ordinal = match ordinals.iter_mut().find(|(kind, _)| *kind == child.kind) {
            Some((_, n)) => {
                *n += 1;
                *n
            }
            None => {
                ordinals.push((child.kind, 1));
                1
            }
        };
        let seg = id_segment(child, ordinal);
        let mut id = String::with_capacity(parent.len() + 16);
        if !parent.is_empty() {
            id.push_str(parent);
            id.push('/');
        }
        id.push_str(seg.0);
        if let Some(n) = seg.1 {
            id.push_str(digits.format(n));
        }
        let count = used.entry(seg).or_insert(0);
        *count += 1;
        if *count > 1 {
            id.push('~');
            id.push_str(digits.format(*count));
        }
        assign_ids(child, &id);
        child.id = id;
    }
}

/// Numbering defects of the source (DOMAIN.md §7.6) stay in the tree; each
/// yields a warning.
fn check_numbering(tree: &Node, diagnostics: &mut Vec<Diagnostic>) {
    for node in tree.walk() {
        match node.kind {
            NodeKind::Document => {
                check_sequence(
                    node.children.iter().filter(|c| c.kind == NodeKind::Point),
                    "point",
                    diagnostics,
                );
            }
            NodeKind::Regulation => {
                let chapters = node.children.iter().filter(|c| c.kind == NodeKind::Chapter);
                check_sequence(chapters.clone(), "chapter", diagnostics);
                let items = node
                    .children
                    .iter()
                    .flat_map(|c| {
                        if c.kind == NodeKind::Chapter {
                            c.children.iter().collect::<Vec<_>>()
                        } else {
                            vec![c]
                        }
                    })
                    .filter(|c| c.kind == NodeKind::Item);
                check_sequence(items, "item", diagnostics);
            }
            NodeKind::Item | NodeKind::Point => {
                check_sub_items(node, diagnostics);
                for kind in [StepKind::Action, StepKind::Process, StepKind::Condition] {
                    let steps = node
                        .children
                        .iter()
                        .flat_map(|c| std::iter::once(c).chain(c.children.iter()))
                        .filter(|c| c.kind == NodeKind::Step && c.step_kind == Some(kind));
                    check_sequence(steps, "step", diagnostics);
                }
                unnumbered_amid_sub_items(node, diagnostics);
            }
            _ => {}
        }
    }
}

fn check_sequence<'n>(
    nodes: impl Iterator<Item = &'n Node>,
    what: &str,
    diagnostics: &mut Vec<Diagnostic>,
) {
    check_lists(nodes.map(|n| (n, false)), what, diagnostics);
}

/// Sub-items of an item: a new list starts at `1)` after an unnumbered
/// lead-in paragraph (`… тәртібі:`), as in an item that lists two flows.
fn check_sub_items(item: &Node, diagnostics: &mut Vec<Diagnostic>) {
    let mut after_paragraph = false;
    let mut entries = Vec::new();
    for child in &item.children {
        match child.kind {
            NodeKind::SubItem | NodeKind::SubPoint => {
                entries.push((child, after_paragraph && child.number == Some(1)));
                after_paragraph = false;
            }
            NodeKind::Paragraph => after_paragraph = true,
            _ => {}
        }
    }
    check_lists(entries.into_iter(), "sub-item", diagnostics);
}

fn check_lists<'n>(
    nodes: impl Iterator<Item = (&'n Node, bool)>,
    what: &str,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut prev: Option<&Node> = None;
    for (node, restarts) in nodes {
        if restarts {
            prev = None;
        }
        let Some(n) = node.number else { continue };
        let message = match prev.and_then(|p| p.number.map(|pn| (p, pn))) {
            None if n != 1 => Some(format!("{what} numbering starts at {n}, not 1")),
            None => None,
            Some((p, pn)) if n == pn => Some(format!(
                "{what} number {n} repeats (first at line {})",
                p.line
            )),
            Some((_, pn)) if n < pn => {
                Some(format!("{what} number {n} comes after {pn}: out of order"))
            }
            Some((_, pn)) if n > pn + 1 => {
                let skipped = if n == pn + 2 {
                    format!("{}", pn + 1)
                } else {
                    format!("{}–{}", pn + 1, n - 1)
                };
                Some(format!("{what} number {n} follows {pn}: {skipped} skipped"))
            }
            _ => None,
        };
        if let Some(message) = message {
            diagnostics.push(Diagnostic {
                severity: Severity::Warning,
                code: "S001",
                message,
                span: node.span,
                line: node.line,
                column: node.column,
            });
        }
        prev = Some(node);
    }
}

/// Paragraphs between numbered sub-items. One that reads as a list entry
/// (lowercase start, `;` end) right after a `;`-ended sub-item is a sub-item
/// that lost its number (DOMAIN.md §7.6): a warning. Others — lead-ins to
/// sub-cases, branches (`… жағдайда`), a step's result (`нәтижесі – …`), new
/// sentences — are legitimate (DOMAIN.md §3): info.
fn unnumbered_amid_sub_items(item: &Node, diagnostics: &mut Vec<Diagnostic>) {
    let subs: Vec<usize> = item
        .children
        .iter()
        .enumerate()
        .filter(|(_, c)| matches!(c.kind, NodeKind::SubItem | NodeKind::SubPoint))
        .map(|(n, _)| n)
        .collect();
    let (Some(&first), Some(&last)) = (subs.first(), subs.last()) else {
        return;
    };
    for n in first + 1..last {
        let child = &item.children[n];
        if child.kind != NodeKind::Paragraph {
            continue;
        }
        let prev = &item.children[n - 1];
        let text = child.text.as_deref().unwrap_or("");
        let lost_number = matches!(prev.kind, NodeKind::SubItem | NodeKind::SubPoint)
            && prev.text.as_deref().is_some_and(|t| t.trim_end().ends_with(';'))
            && markers::starts_lowercase(text)
            && text.trim_end().ends_with(';')
            // `нәтижесі – …` is the step's result; `… жағдайда …` a branch.
            && !normalize::lowercase(text).starts_with("нәтижесі")
            && !has!(text, "жағдайда");
        let (severity, message) = if lost_number {
            (
                Severity::Warning,
                "a sub-item without a number, between numbered sub-items",
            )
        } else {
            (
                Severity::Info,
                "unnumbered paragraph between numbered sub-items",
            )
        };
        diagnostics.push(Diagnostic {
            severity,
            code: "S003",
            message: message.to_owned(),
            span: child.span,
            line: child.line,
            column: child.column,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The pattern [`split_points`] stands for.
    fn splits_pattern() -> regex::Regex {
        regex::Regex::new(
            r#"^(?:Күшін жойған|Қолданыстағы)\s+(\p{Lu})|(?:[Рр]егламенті\s+)(\d{1,2}\s*(?:[-–]\s*(?:тарау|бөлім)\.?|\.)\s+[\p{Lu}"])|(?:(?:қаулысымен|бұйрығымен|шешімімен)\s+бекітілген\s+)(["«])|(?:(?:^|қаулысына|бұйрығына|шешіміне|регламентіне)\s*(?:\d+\s*[-–]?\s*қосымша|[Ққ]осымша\s*\d+)\s+)([\p{Lu}"\d])"#,
        )
        .unwrap()
    }

    fn pattern_points(pattern: &regex::Regex, line: &str) -> Vec<usize> {
        pattern
            .captures_iter(line)
            .filter_map(|c| c.iter().skip(1).flatten().next().map(|m| m.start()))
            .filter(|&a| a > 0)
            .collect()
    }

    /// The word test in front of the split search passes every line end of
    /// the corpus the pattern matches.
    #[test]
    fn split_word_test_passes_every_line_the_pattern_matches() {
        let pattern = splits_pattern();
        let mut matched = 0;
        for end in crate::corpus_line_ends_and(&[]) {
            if pattern.is_match(&end) {
                assert!(may_split(&end), "{end:?}");
                matched += 1;
            }
        }
        assert!(matched > 100, "{matched}");
        assert!(may_split("Қолданыстағы Алматы"));
        assert!(!may_split("мемлекеттік қызмет көрсетіледі"));
    }

    /// The split points by hand are the pattern's, on every line end of the
    /// corpus, on strings of the forms' pieces in every order (so each
    /// form's runs meet what may and may not follow them), and on lines
    /// holding several splits.
    #[test]
    fn split_points_are_the_patterns() {
        let pattern = splits_pattern();
        let mut ends = crate::corpus_line_ends_and(&[
            "Қолданыстағы Алматы облысы әкімдігінің қаулысына 1-қосымша Мемлекеттік",
            "регламенті 3-тарау. Жалпы регламенті 12. Жалпы регламенті 123. Жалпы",
            "регламенті 3 – бөлім.Жалпы регламенті 3-бөлім \"Жалпы\" регламенті 3.\u{a0}Х",
            "бұйрығымен бекітілген «Мемлекеттік» шешімімен  бекітілген \"Х\"",
            "шешіміне Қосымша ٣ Х регламентіне ٣ қосымша ٣ қосымша 1 2",
            "Күшін жойған\u{2003}Ә",
            "1 қосымша Х 2 қосымша Ү",
        ]);
        let pieces = [
            "регламенті",
            "Регламенті",
            "регламентіне",
            "қаулысына",
            "қаулысымен",
            "бекітілген",
            "Қолданыстағы",
            "қосымша",
            "Қосымша",
            "тарау",
            " ",
            "1",
            "٣",
            "-",
            ".",
            "Х",
            "\"",
            "«",
            "а",
        ];
        ends.extend(crate::every_string_of(&pieces, 4));
        // The forms' words with their spaces, so that four pieces make a
        // whole form, or two, or one cut short.
        let phrases = [
            "регламенті ",
            "қаулысына ",
            "бұйрығымен бекітілген ",
            "Күшін жойған ",
            "Қосымша ",
            " қосымша",
            "1",
            "٣",
            "-тарау",
            ".",
            " ",
            "Х",
            "\"",
            "«",
            "а",
        ];
        ends.extend(crate::every_string_of(&phrases, 4));
        let split = crate::same_answers(
            &ends,
            |t| pattern_points(&pattern, t),
            split_points,
            |points| !points.is_empty(),
        );
        assert!(split >= 2000, "{split}");
    }

    /// A run of blank lines is one segment, and the lines after it keep
    /// their numbers; the tree still covers every byte.
    #[test]
    fn line_starts_follow_every_terminator() {
        // Every line feed, every lone carriage return, a CRLF once; and the
        // end after a final terminator.
        let by_terminators = |text: &str| {
            let bytes = text.as_bytes();
            let mut starts = vec![0];
            for (i, &b) in bytes.iter().enumerate() {
                if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
                    starts.push(normalize::offset(i + 1));
                }
            }
            starts
        };
        let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let mut texts: Vec<String> = std::fs::read_dir(corpus)
            .unwrap()
            .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
            .collect();
        texts.extend(
            crate::every_string_of(&['\n', '\r', 'а', ' '], 6)
                .into_iter()
                .chain(["\r\n\r\n".to_owned(), "а\r".to_owned()]),
        );
        for text in &texts {
            let mut reader = LineReader::new(text);
            segments(&mut reader, text);
            assert_eq!(reader.line_starts, by_terminators(text), "{text:?}");
        }
    }

    #[test]
    fn a_run_of_blank_lines_is_one_segment() {
        let doc = "1. Жалпы ережелер\n\n  \n\t\n\n2. Мерзімі\n\n";
        let segs = segments(&mut LineReader::new(doc), doc);
        let shape: Vec<(u32, &str)> = segs.iter().map(|s| (s.line_no, s.str())).collect();
        assert_eq!(
            shape,
            [
                (1, "1. Жалпы ережелер"),
                (2, ""),
                (6, "2. Мерзімі"),
                (7, "")
            ]
        );

        let blank = " \n".repeat(10_000);
        let segs = segments(&mut LineReader::new(&blank), &blank);
        assert_eq!(segs.len(), 1);
        let doc = crate::parse(blank.as_bytes(), "blank.txt").unwrap();
        assert_eq!(doc.tree.children.len(), 1);
        assert_eq!(doc.tree.children[0].kind, crate::model::NodeKind::Trivia);
        assert_eq!(doc.tree.children[0].span, Span::new(0, blank.len()));
    }
}
