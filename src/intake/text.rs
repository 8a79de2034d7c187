//! What an intake text may hold, for the intake's checker and for `propose init`: something
//! besides spaces, at most [`MAX_TEXT`] characters, no control characters (tabs and line
//! breaks only in multi-line texts) and no bidirectional embeddings, overrides or isolates.
//!
//! The bidirectional marks (U+200E, U+200F, U+061C) stay allowed: mixed right-to-left text
//! needs them, and unlike the embeddings, overrides and isolates they cannot make a run of
//! text display in another order than it is stored.

use super::limits::MAX_TEXT;
use crate::diag::is_bidi_control;

/// Why a text cannot stand in an intake.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    Empty,
    TooLong,
    /// A line break in a text that must be one line.
    LineBreak,
    Control(char),
    Bidi(char),
}

/// The first problem with `text` (already trimmed), if any. A multi-line text may hold line
/// breaks (`\n`, `\r\n`) and tabs; a single-line one (a name, a label, a number) neither.
pub fn problem(text: &str, multiline: bool) -> Option<Problem> {
    if text.is_empty() {
        return Some(Problem::Empty);
    }
    // Most texts are printable ASCII, which holds none of the characters refused and counts
    // one character a byte: a byte scan instead of the walk below, which made this function
    // 17.8 M instructions of 636 M in a batch of 2,000 acme-managed scenarios; 5.6 M with the
    // scan (callgrind, 2026-12-01).
    if text.bytes().all(|b| matches!(b, b' '..=b'~')) {
        return (text.len() > MAX_TEXT).then_some(Problem::TooLong);
    }
    let mut chars = text.chars().peekable();
    let mut count = 0;
    while let Some(c) = chars.next() {
        count += 1;
        let allowed = multiline && (matches!(c, '\n' | '\t') || (c == '\r' && chars.peek() == Some(&'\n')));
        if allowed {
            continue;
        }
        if matches!(c, '\n' | '\r') {
            return Some(Problem::LineBreak);
        }
        if c.is_control() {
            return Some(Problem::Control(c));
        }
        if is_bidi_control(c) {
            return Some(Problem::Bidi(c));
        }
    }
    (count > MAX_TEXT).then_some(Problem::TooLong)
}

impl Problem {
    /// What is wrong, to follow the text's name: "`name` is empty".
    pub fn describe(self) -> String {
        match self {
            Problem::Empty => "is empty".to_string(),
            Problem::TooLong => format!("is longer than {MAX_TEXT} characters"),
            Problem::LineBreak => "has a line break".to_string(),
            Problem::Control(c) => format!("holds the control character U+{:04X}", u32::from(c)),
            Problem::Bidi(c) => {
                format!("holds U+{:04X}, a bidirectional control that shows text in another order", u32::from(c))
            }
        }
    }

    /// How to fix it.
    pub fn help(self, multiline: bool) -> &'static str {
        match self {
            Problem::Empty => "write the text, or remove the key",
            Problem::TooLong => "shorten the text",
            Problem::LineBreak => "write it on one line",
            Problem::Control(_) if multiline => {
                "remove it: a text may hold line breaks and tabs, but no other control characters"
            }
            Problem::Control(_) => "remove it: this is one line of plain text, without tabs or control characters",
            Problem::Bidi(_) => "remove it: write right-to-left text as it is, without direction overrides",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_one_line_and_texts_may_break() {
        assert_eq!(problem("Acme\tCorp", false), Some(Problem::Control('\t')));
        assert_eq!(problem("Acme\nCorp", false), Some(Problem::LineBreak));
        assert_eq!(problem("Line 1\r\n\tLine 2\n", true), None);
        assert_eq!(problem("a\rb", true), Some(Problem::LineBreak));
        assert_eq!(problem("a\u{1b}[31mb", true), Some(Problem::Control('\u{1b}')));
        assert_eq!(problem("a\u{9b}b", false), Some(Problem::Control('\u{9b}')));
        assert_eq!(problem("a\u{7f}", false), Some(Problem::Control('\u{7f}')));
    }

    #[test]
    fn refuses_reordering_controls_but_not_marks() {
        for c in
            ['\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}']
        {
            assert_eq!(problem(&format!("x{c}y"), true), Some(Problem::Bidi(c)), "{c:?}");
        }
        assert_eq!(problem("شركة\u{200F} 2026", false), None);
        assert_eq!(problem(&"x".repeat(MAX_TEXT), false), None);
        assert_eq!(problem(&"x".repeat(MAX_TEXT + 1), false), Some(Problem::TooLong));
    }
}
