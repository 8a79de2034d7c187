//! A Markdown file that is not the proposal: its first differing lines, located in the file
//! with the proposal's text beside them, and how many lines differ in all.

use super::lines::{self, Change, LineDiff};
use super::{cut, not_the_proposal, File, Identity};
use crate::diag::{Diagnostic, Location, Source};
use crate::proposal::Proposal;

/// How many characters of a line a note shows.
const LINE_CHARS: usize = 100;
/// How many characters before the first difference a note shows of a long line.
const CONTEXT_CHARS: usize = 20;

pub(super) fn mismatch(file: &File, expected: &[u8], p: &Proposal) -> Diagnostic {
    let text = String::from_utf8_lossy(file.bytes);
    let found = Identity::of_text(&text, &p.proposal.number);
    // Lines are compared as the diagnostic shows them, so carets fall where they should.
    let diff = lines::diff(expected, text.as_bytes());
    let what = summary(&diff, "lines");
    let mut d = located(not_the_proposal(file, &found, &what, p), file, &text, &diff);
    if file.bytes.windows(2).any(|w| w == b"\r\n") && !expected.windows(2).any(|w| w == b"\r\n") {
        d = d.note("the file's lines end in CR LF (Windows); the proposal's end in LF alone");
    }
    d
}

/// "3 of 412 lines differ".
pub(super) fn summary(diff: &LineDiff, what: &str) -> String {
    match diff.count {
        1 => format!("1 of {} {what} differs", diff.expected_lines),
        n => format!("{n} of {} {what} differ", diff.expected_lines),
    }
}

/// Points the diagnostic at the first differing line of the file, with a caret under what
/// differs and the proposal's text as the label, and notes the next few.
fn located(d: Diagnostic, file: &File, text: &str, diff: &LineDiff) -> Diagnostic {
    let mut d = at_first(d, file, text, diff);
    for change in diff.shown.iter().skip(1) {
        d = d.note(note("line", change));
    }
    if diff.count > diff.shown.len() {
        d = d.note(format!("and {} more differing lines", diff.count - diff.shown.len()));
    }
    d
}

/// Points the diagnostic at the first differing line of the file, with a caret under what
/// differs there and the proposal's text as the label.
pub(super) fn at_first(d: Diagnostic, file: &File, text: &str, diff: &LineDiff) -> Diagnostic {
    let Some(first) = diff.shown.first() else { return d };
    let source = Source::new(file.name, text);
    let (span, label) = caret(text, first);
    d.at(Location::of(&source, span)).label(label)
}

/// "line 90: expected `...`, found `...`" for a change; `unit` names what is numbered. A
/// long line is shown from a little before where the two differ.
pub(super) fn note(unit: &str, c: &Change) -> String {
    let skip = match (c.expected, c.found) {
        (Some(e), Some(f)) => {
            let same = String::from_utf8_lossy(e)
                .chars()
                .zip(String::from_utf8_lossy(f).chars())
                .take_while(|(a, b)| a == b)
                .count();
            same.saturating_sub(CONTEXT_CHARS)
        }
        _ => 0,
    };
    let show = |l: &[u8]| match l.iter().all(u8::is_ascii_whitespace) {
        true => "an empty line".to_string(),
        false if skip > 0 => {
            let rest: String = String::from_utf8_lossy(l).chars().skip(skip).collect();
            format!("`…{}`", lines::shown(rest.as_bytes(), LINE_CHARS))
        }
        false => format!("`{}`", lines::shown(l, LINE_CHARS)),
    };
    match (c.expected, c.found) {
        (Some(e), Some(f)) => format!("{unit} {}: expected {}, found {}", c.found_line, show(e), show(f)),
        (Some(e), None) => format!("{unit} {}: missing {}", c.found_line, show(e)),
        (None, Some(f)) => format!("{unit} {}: not in the proposal: {}", c.found_line, show(f)),
        (None, None) => format!("{unit} {}", c.found_line),
    }
}

/// The byte span in `text` the caret goes under, and its label: the part of the found line
/// that differs from the expected one.
fn caret(text: &str, c: &Change) -> (std::ops::Range<usize>, String) {
    let line_start = line_offset(text.as_bytes(), c.found_line);
    match (c.expected, c.found) {
        (Some(e), Some(f)) => {
            let head = e.iter().zip(f).take_while(|(a, b)| a == b).count();
            let tail = e[head..].iter().rev().zip(f[head..].iter().rev()).take_while(|(a, b)| a == b).count();
            // Widen both to whole words: `$1.00` against `$271,987.85`, not `1.00`.
            let (start, e_end, f_end) = (word_start(f, head), word_end(e, e.len() - tail), word_end(f, f.len() - tail));
            let head = start.min(head);
            let expected = String::from_utf8_lossy(&e[head..e_end.max(head)]).into_owned();
            let label = match expected.is_empty() {
                true => "not in the proposal".to_string(),
                false => format!("expected `{}`", cut(&expected, 60)),
            };
            (line_start + head..line_start + f_end.max(head + 1), label)
        }
        (Some(e), None) => (line_start..line_start, format!("missing `{}`", lines::shown(e, 60))),
        _ => (line_start..line_start + 1, "not in the proposal".to_string()),
    }
}

/// Punctuation that ends a word rather than belongs to it: `"1.00",` is the word `1.00`.
const PUNCTUATION: &[u8] = b"\"'()[]{}<>|*,;:";

/// Where the word around byte `at` of `s` starts.
fn word_start(s: &[u8], at: usize) -> usize {
    s[..at].iter().rposition(|b| b.is_ascii_whitespace() || PUNCTUATION.contains(b)).map_or(0, |i| i + 1)
}

/// Where the word ending at byte `end` of `s` ends; a full stop that closes a sentence is
/// left out.
fn word_end(s: &[u8], end: usize) -> usize {
    let end =
        s[end..].iter().position(|b| b.is_ascii_whitespace() || PUNCTUATION.contains(b)).map_or(s.len(), |i| end + i);
    match s[..end].last() {
        Some(b'.') if end > 0 && s.get(end).is_none_or(u8::is_ascii_whitespace) => end - 1,
        _ => end,
    }
}

/// The byte offset where 1-based line `n` starts (the end, past the last line).
fn line_offset(text: &[u8], n: usize) -> usize {
    if n <= 1 {
        return 0;
    }
    text.iter().enumerate().filter(|(_, b)| **b == b'\n').nth(n - 2).map_or(text.len(), |(i, _)| i + 1)
}
