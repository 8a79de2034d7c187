//! Which lines of a file differ from the lines they should be, bounded in time and memory
//! whatever the file holds: the common head and tail are skipped in one pass each, and only
//! a middle of at most [`MAX_ALIGNED_LINES`] lines a side is aligned line by line.

use similar::{capture_diff_slices, Algorithm, DiffOp};

/// Middles up to this many lines a side are aligned (Myers' diff, which takes time in
/// proportion to their length times the number of differences); longer ones are compared
/// line by line at the same positions.
pub const MAX_ALIGNED_LINES: usize = 4_000;

/// How many differing lines a report shows; the rest are counted.
pub const SHOWN: usize = 5;

/// One differing line: what the proposal has and what the file has there (`None`: nothing,
/// a line was added or removed). Line numbers are 1-based; a missing line's number is where
/// it would stand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change<'a> {
    pub expected_line: usize,
    pub found_line: usize,
    pub expected: Option<&'a [u8]>,
    pub found: Option<&'a [u8]>,
}

/// The differences between two texts, line by line.
#[derive(Debug, Default)]
pub struct LineDiff<'a> {
    /// The first [`SHOWN`] changes, in order.
    pub shown: Vec<Change<'a>>,
    /// How many lines differ in all (a changed line counts once).
    pub count: usize,
    /// How many lines the expected text has.
    pub expected_lines: usize,
}

impl<'a> LineDiff<'a> {
    fn push(&mut self, change: Change<'a>) {
        self.count += 1;
        if self.shown.len() < SHOWN {
            self.shown.push(change);
        }
    }
}

fn lines(text: &[u8]) -> std::slice::Split<'_, u8, impl FnMut(&u8) -> bool> {
    text.split(|b| *b == b'\n')
}

/// The lines of `found` that differ from those of `expected`.
pub fn diff<'a>(expected: &'a [u8], found: &'a [u8]) -> LineDiff<'a> {
    let (n_e, n_f) = (lines(expected).count(), lines(found).count());
    let head = lines(expected).zip(lines(found)).take_while(|(e, f)| e == f).count();
    let tail =
        lines(expected).rev().zip(lines(found).rev()).take(n_e.min(n_f) - head).take_while(|(e, f)| e == f).count();
    let (m_e, m_f) = (n_e - head - tail, n_f - head - tail);
    // A final newline ends the last line; it does not start another.
    let expected_lines = n_e - usize::from(expected.ends_with(b"\n"));
    let mut out = LineDiff { expected_lines, ..LineDiff::default() };
    let middle_e = lines(expected).skip(head).take(m_e);
    let middle_f = lines(found).skip(head).take(m_f);
    if m_e <= MAX_ALIGNED_LINES && m_f <= MAX_ALIGNED_LINES {
        let (e, f): (Vec<&[u8]>, Vec<&[u8]>) = (middle_e.collect(), middle_f.collect());
        for op in capture_diff_slices(Algorithm::Myers, &e, &f) {
            let (old, new) = match op {
                DiffOp::Equal { .. } => continue,
                DiffOp::Delete { old_index, old_len, new_index } => {
                    (old_index..old_index + old_len, new_index..new_index)
                }
                DiffOp::Insert { old_index, new_index, new_len } => {
                    (old_index..old_index, new_index..new_index + new_len)
                }
                DiffOp::Replace { old_index, old_len, new_index, new_len } => {
                    (old_index..old_index + old_len, new_index..new_index + new_len)
                }
            };
            for i in 0..old.len().max(new.len()) {
                let (oi, ni) = (old.start + i, new.start + i);
                out.push(Change {
                    expected_line: head + oi.min(old.end) + 1,
                    found_line: head + ni.min(new.end) + 1,
                    expected: (oi < old.end).then(|| e[oi]),
                    found: (ni < new.end).then(|| f[ni]),
                });
            }
        }
    } else {
        // Too long to align: compare the lines that stand at the same place.
        let mut e = middle_e;
        let mut f = middle_f;
        for i in 0..m_e.max(m_f) {
            let (a, b) = (e.next(), f.next());
            if a != b {
                let at = head + i + 1;
                out.push(Change {
                    expected_line: at.min(head + m_e + 1),
                    found_line: at.min(head + m_f + 1),
                    expected: a,
                    found: b,
                });
            }
        }
    }
    out
}

/// A line as a diagnostic shows it: invalid UTF-8 replaced, control characters escaped,
/// cut after `max` characters with an ellipsis saying so.
pub fn shown(line: &[u8], max: usize) -> String {
    let text = String::from_utf8_lossy(line);
    let mut out = String::new();
    for (i, c) in text.chars().enumerate() {
        if i == max {
            out.push('…');
            break;
        }
        match c {
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&c.escape_unicode().to_string()),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    type Shown = (usize, usize, Option<String>, Option<String>);

    fn changes(e: &str, f: &str) -> (usize, Vec<Shown>) {
        let d = diff(e.as_bytes(), f.as_bytes());
        let text = |l: Option<&[u8]>| l.map(|l| String::from_utf8_lossy(l).into_owned());
        (d.count, d.shown.iter().map(|c| (c.expected_line, c.found_line, text(c.expected), text(c.found))).collect())
    }

    #[test]
    fn one_changed_line() {
        let (n, c) = changes("a\nb\nc\n", "a\nB\nc\n");
        assert_eq!(n, 1);
        assert_eq!(c, vec![(2, 2, Some("b".into()), Some("B".into()))]);
    }

    #[test]
    fn an_added_and_a_removed_line_are_aligned() {
        let (n, c) = changes("a\nb\nc\nd\n", "a\nx\nb\nc\n");
        assert_eq!(n, 2);
        assert_eq!(c, vec![(2, 2, None, Some("x".into())), (4, 5, Some("d".into()), None)]);
    }

    #[test]
    fn identical_texts_have_no_changes() {
        assert_eq!(changes("a\nb\n", "a\nb\n").0, 0);
        assert_eq!(changes("", "").0, 0);
    }

    #[test]
    fn long_middles_are_compared_in_place() {
        let e: String = (0..MAX_ALIGNED_LINES + 10).map(|i| format!("{i}\n")).collect();
        // A line removed near the start and one changed near the end leave a middle too long
        // to align, so every line after the removal counts.
        let f = e.replacen("\n6\n", "\n", 1).replace("\n4007\n", "\nfour thousand seven\n");
        let (n, c) = changes(&e, &f);
        assert_eq!(c[0], (7, 7, Some("6".into()), Some("7".into())));
        assert_eq!(n, 4_002);
        let (n, c) = changes(&e, &e.replacen("\n6\n", "\n", 1));
        assert_eq!((n, c[0].clone()), (1, (7, 7, Some("6".into()), None)), "a short middle is aligned");
    }

    #[test]
    fn shown_lines_are_escaped_and_cut() {
        assert_eq!(shown(b"a\rb", 10), "a\\rb");
        assert_eq!(shown("abcdef".as_bytes(), 3), "abc…");
        assert_eq!(shown(b"\xff", 3), "\u{fffd}");
    }
}
