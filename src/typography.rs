//! Typography for prose: curly quotes and apostrophes, and en dashes for spaced dashes and
//! ranges of figures, by fixed rules a template author can predict. Code spans are left as
//! written. Which texts go through it is the renderer's choice.
//!
//! **Quotes.** A straight `"` is an opening `“` at the start of the text or after whitespace, an
//! opening bracket `(`, `[` or `{`, a dash (`-`, `–`, `—`) or an opening quote; otherwise it is a
//! closing `”`; in another language its own marks ([`Quotes`]: „…“ in German, « … » in French, 「…」
//! in Japanese), as its `language.toml` declares them. A straight `'` after a letter or digit is an
//! apostrophe or closing quote, `’` (`client's`, `clients'`); in an opening place (as for `"`) it
//! is `‘`, except before a digit, where it stands for left-out figures (`'26` → `’26`); anywhere
//! else `’`.
//!
//! **Spaced dash.** A hyphen with one space on each side, a letter, digit or closing mark
//! (`)`, `]`, a quote, `%`, `.`, `!`, `?`) before the first space and a letter, digit,
//! opening mark (`(`, `[`, a quote) or currency symbol after the second, is an en dash:
//! `Discovery - Planning` → `Discovery – Planning`. A list marker (`- item`) has no word
//! before it and is kept.
//!
//! **Ranges.** In a token (a run of non-whitespace), a hyphen is an en dash when all of:
//! - the token holds no other hyphen (so ISO dates `2026-03-02`, identifiers `CD-2026-014`
//!   and phone numbers `555-010-0100` are kept), and no `/`, `@`, `_`, `=` or `#` (paths,
//!   addresses, identifiers);
//! - before it is a figure that starts the token (after any opening bracket, quote or
//!   currency symbol): digits, with `.`, `,` or `:` between digits, then optionally letters
//!   or `%` (`30`, `1.5`, `10:00`, `8am`, `10%`);
//! - after it is a digit, other than a `0` followed by a digit (`555-0100` is a number);
//! - neither the token nor the token before it starts with `+` (`+1 555-0100`).
//!
//! So `8am-6pm` → `8am–6pm`, `30-60 minutes` → `30–60 minutes`, `2026-2027` → `2026–2027`,
//! while `Mon-Fri`, `Q1-Q2`, `COVID-19` and `24-hour` are words, not ranges, and are kept.
//!
//! **Hours.** [`bind_hours`] sets a no-break space between a figure and `am` or `pm`.
//!
//! **Unbroken ranges.** [`joins_range`] says whether an en dash sets a range of figures or
//! hours (`30–60`, `8 am–6 pm`), which the PDF's line breaking and the HTML never break after.

use std::borrow::Cow;

/// How a language writes a double quotation: its opening and closing marks, with any space
/// set inside them (French « … » takes a narrow no-break space).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quotes {
    pub open: &'static str,
    pub close: &'static str,
}

/// English quotation marks, “…”: what [`curl`] sets.
pub const ENGLISH: Quotes = Quotes { open: "“", close: "”" };

/// `text` with the module's rules applied, quotes set in English; borrowed when nothing
/// changes.
pub fn curl(text: &str) -> Cow<'_, str> {
    curl_with(text, ENGLISH)
}

/// [`curl`], with a straight `"` set as `quotes` writes a quotation.
pub fn curl_with(text: &str, quotes: Quotes) -> Cow<'_, str> {
    if !text.contains(['"', '\'', '-']) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut changed = false;
    for (prose, part) in segments(text) {
        if !prose {
            out.push_str(part);
            continue;
        }
        let base = part.as_ptr() as usize - text.as_ptr() as usize;
        for (i, c) in part.char_indices() {
            let at = base + i;
            let prev = text[..at].chars().next_back();
            let next = text[at + c.len_utf8()..].chars().next();
            if c == '"' {
                out.push_str(if opening(prev) { quotes.open } else { quotes.close });
                changed = true;
                continue;
            }
            let new = match c {
                '\'' if prev.is_some_and(char::is_alphanumeric) => '’',
                '\'' if opening(prev) && !next.is_some_and(|n| n.is_ascii_digit()) => '‘',
                '\'' => '’',
                '-' if spaced_dash(text, at) || is_range(text, at) => '–',
                c => c,
            };
            changed |= new != c;
            out.push(new);
        }
    }
    if changed {
        Cow::Owned(out)
    } else {
        Cow::Borrowed(text)
    }
}

/// `text` with the space between a figure and `am` or `pm` a no-break space (`6 pm`), so a
/// line never ends on the hour and starts the next with its half of the day, as amounts and
/// dates are bound; borrowed when nothing changes. Only English writes hours so among the
/// packs; other languages' texts pass through unchanged.
pub fn bind_hours(text: &str) -> Cow<'_, str> {
    let binds = |at: usize| {
        let after = &text[at + 1..];
        text[..at].ends_with(|c: char| c.is_ascii_digit())
            && (after.starts_with("am") || after.starts_with("pm"))
            && !after[2..].starts_with(char::is_alphanumeric)
    };
    let spaces: Vec<usize> = text.match_indices(' ').map(|(at, _)| at).filter(|&at| binds(at)).collect();
    if spaces.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + spaces.len());
    let mut from = 0;
    for at in spaces {
        out.push_str(&text[from..at]);
        out.push('\u{a0}');
        from = at + 1;
    }
    out.push_str(&text[from..]);
    Cow::Owned(out)
}

/// Whether an en dash with `before` ahead of it and `after` behind it sets a range of figures
/// or hours: a figure (or a figure's `am` or `pm`, as [`bind_hours`] binds them) before it and a
/// figure after (`30–60 minutes`, `8 am–6 pm`, `2026–2027`), so a line that broke after the dash
/// would leave `8 am–` at its end and `6 pm` on the next. `Monday–Friday` is words, not a range.
pub fn joins_range(before: &str, after: &str) -> bool {
    let hour = before.strip_suffix("am").or_else(|| before.strip_suffix("pm"));
    let figure = hour.map_or(before, |b| b.trim_end_matches([' ', '\u{a0}', '\u{202f}']));
    figure.ends_with(char::is_numeric) && after.starts_with(char::is_numeric)
}

/// The byte offsets of the hyphens in `text` that [`curl`] makes en dashes in ranges of
/// figures (code spans left out): what a check for unset ranges looks for.
pub fn range_hyphens(text: &str) -> Vec<usize> {
    let mut found = Vec::new();
    for (prose, part) in segments(text) {
        let base = part.as_ptr() as usize - text.as_ptr() as usize;
        if prose {
            found.extend(part.match_indices('-').map(|(i, _)| base + i).filter(|&at| is_range(text, at)));
        }
    }
    found
}

/// `text` cut into prose and code spans (`true` for prose). A code span opens with a run of
/// backticks and closes with the next run of as many; an unclosed run is prose.
fn segments(text: &str) -> Vec<(bool, &str)> {
    let mut parts = Vec::new();
    let (mut start, mut i) = (0, 0);
    let b = text.as_bytes();
    while i < b.len() {
        if b[i] != b'`' {
            i += 1;
            continue;
        }
        let run = b[i..].iter().take_while(|&&c| c == b'`').count();
        let close = (i + run..b.len()).find(|&j| {
            b[j] == b'`' && (j == 0 || b[j - 1] != b'`') && b[j..].iter().take_while(|&&c| c == b'`').count() == run
        });
        match close {
            Some(j) => {
                parts.push((true, &text[start..i]));
                parts.push((false, &text[i..j + run]));
                start = j + run;
                i = start;
            }
            None => i += run,
        }
    }
    parts.push((true, &text[start..]));
    parts.retain(|(_, p)| !p.is_empty());
    parts
}

/// Whether a quote after `prev` opens: at the start, after whitespace, an opening bracket, a
/// dash or an opening quote.
fn opening(prev: Option<char>) -> bool {
    prev.is_none_or(|p| {
        p.is_whitespace() || matches!(p, '(' | '[' | '{' | '-' | '–' | '—' | '“' | '‘' | '„' | '«' | '「')
    })
}

/// A hyphen at `at` with one space either side, between words.
fn spaced_dash(text: &str, at: usize) -> bool {
    let before = text[..at].strip_suffix(' ').and_then(|s| s.chars().next_back());
    let after = text[at + 1..].strip_prefix(' ').and_then(|s| s.chars().next());
    before
        .is_some_and(|c| c.is_alphanumeric() || matches!(c, ')' | ']' | '"' | '\'' | '’' | '”' | '%' | '.' | '!' | '?'))
        && after.is_some_and(|c| {
            c.is_alphanumeric() || matches!(c, '(' | '[' | '"' | '\'' | '‘' | '“' | '$' | '€' | '£' | '¥' | '₹')
        })
}

/// A hyphen at `at` joining a range of figures, by the rule in the module's documentation.
fn is_range(text: &str, at: usize) -> bool {
    let start =
        text[..at].rfind(char::is_whitespace).map_or(0, |i| i + text[i..].chars().next().map_or(1, char::len_utf8));
    let end = text[at..].find(char::is_whitespace).map_or(text.len(), |i| at + i);
    let token = &text[start..end];
    if token.matches('-').count() != 1 || token.contains(['/', '@', '_', '=', '#']) || token.starts_with('+') {
        return false;
    }
    let before_token = text[..start].trim_end();
    let from = before_token.char_indices().rfind(|(_, c)| c.is_whitespace()).map_or(0, |(i, c)| i + c.len_utf8());
    let previous = &before_token[from..];
    if previous.starts_with('+') {
        return false;
    }
    let left = text[start..at].trim_start_matches(['(', '[', '"', '\'', '“', '‘', '$', '€', '£', '¥', '₹']);
    let right = &text[at + 1..end];
    let mut r = right.chars();
    let right_ok = match (r.next(), r.next()) {
        (Some('0'), Some(d)) if d.is_ascii_digit() => false,
        (Some(d), _) => d.is_ascii_digit(),
        (None, _) => false,
    };
    right_ok && is_figure(left)
}

/// Digits (with `.`, `,` or `:` between digits), then optionally letters or `%`.
fn is_figure(s: &str) -> bool {
    let tail = s.trim_end_matches(|c: char| c.is_alphabetic() || c == '%');
    let b = tail.as_bytes();
    !b.is_empty()
        && b[0].is_ascii_digit()
        && b[b.len() - 1].is_ascii_digit()
        && b.iter().enumerate().all(|(i, &c)| {
            c.is_ascii_digit() || (matches!(c, b'.' | b',' | b':') && b.get(i + 1).is_some_and(u8::is_ascii_digit))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(s: &str) -> String {
        curl(s).into_owned()
    }

    /// Issue 15: an intake's "quoted" words in a German or French proposal were set “…”.
    #[test]
    fn sets_a_quotation_in_the_languages_marks() {
        let de = Quotes { open: "„", close: "“" };
        let fr = Quotes { open: "«\u{202f}", close: "\u{202f}»" };
        let text = r#"Der "Go-live" am 1. Mai, Nordlys' Team"#;
        assert_eq!(curl_with(text, de), "Der „Go-live“ am 1. Mai, Nordlys’ Team");
        assert_eq!(
            curl_with(r#"le "go-live" ("à chaud")"#, fr),
            "le «\u{202f}go-live\u{202f}» («\u{202f}à chaud\u{202f}»)"
        );
        assert_eq!(curl_with(r#"He said "yes""#, ENGLISH), curl(r#"He said "yes""#));
    }

    #[test]
    fn curls_double_quotes_by_context() {
        assert_eq!(c(r#"He said "yes" (and "no")."#), "He said “yes” (and “no”).");
        assert_eq!(c(r#""Start" and end "#), "“Start” and end ");
        assert_eq!(c(r#"a—"quote""#), "a—“quote”");
        assert_eq!(c(r#"["x"]"#), "[“x”]");
    }

    #[test]
    fn curls_apostrophes_and_single_quotes() {
        assert_eq!(c("the client's team"), "the client’s team");
        assert_eq!(c("the clients' teams"), "the clients’ teams");
        assert_eq!(c("a 'quoted' word"), "a ‘quoted’ word");
        assert_eq!(c("back in '26"), "back in ’26");
        assert_eq!(c("rock 'n' roll"), "rock ‘n’ roll");
        assert_eq!(c("it's 5'"), "it’s 5’");
    }

    #[test]
    fn leaves_code_spans_alone() {
        assert_eq!(c(r#"run `echo "hi" - it's` now, it's"#), r#"run `echo "hi" - it's` now, it’s"#);
        assert_eq!(c("``a ` 'b'`` 'c'"), "``a ` 'b'`` ‘c’");
        assert_eq!(c("an unclosed ` it's"), "an unclosed ` it’s");
        assert_eq!(c("`8am-6pm` and 8am-6pm"), "`8am-6pm` and 8am–6pm");
    }

    #[test]
    fn a_spaced_hyphen_between_words_is_an_en_dash() {
        assert_eq!(c("Discovery - Planning"), "Discovery – Planning");
        assert_eq!(c("done (mostly) - then $5"), "done (mostly) – then $5");
        assert_eq!(c("- a list item"), "- a list item");
        assert_eq!(c("  - nested item"), "  - nested item");
        assert_eq!(c("| - | x |"), "| - | x |");
        assert_eq!(c("a  -  b"), "a  -  b", "one space each side only");
        assert_eq!(c("well-known"), "well-known");
    }

    #[test]
    fn a_hyphen_in_a_range_of_figures_is_an_en_dash() {
        assert_eq!(c("8am-6pm"), "8am–6pm");
        assert_eq!(c("30-60 minutes"), "30–60 minutes");
        assert_eq!(c("2026-2027"), "2026–2027");
        assert_eq!(c("(10:00-18:00)"), "(10:00–18:00)");
        assert_eq!(c("1.5-2 days, 10%-20%"), "1.5–2 days, 10%–20%");
        assert_eq!(c("$10-20"), "$10–20");
        assert_eq!(c("1,000-2,000"), "1,000–2,000");
        assert_eq!(c("open\u{a0}8am-6pm\u{2003}x"), "open\u{a0}8am–6pm\u{2003}x");
    }

    #[test]
    fn keeps_dates_identifiers_phone_numbers_and_words() {
        for kept in [
            "2026-03-02",
            "CD-2026-014",
            "+1 555-0100",
            "+1\u{a0}555-0100",
            "+44-20",
            "call 555-0100",
            "Mon-Fri",
            "Q1-Q2",
            "COVID-19",
            "24-hour",
            "catalog/2026-27",
            "a_1-2",
            "ops@1-2.example",
            "-5 degrees",
            "3- and 4-",
            "1.-2",
        ] {
            assert_eq!(c(kept), kept);
        }
    }

    #[test]
    fn binds_an_hour_to_its_half_of_the_day() {
        assert_eq!(
            bind_hours("Monday–Friday, 8 am–6 pm, your local time"),
            "Monday–Friday, 8\u{a0}am–6\u{a0}pm, your local time"
        );
        assert_eq!(bind_hours("at 6 pm."), "at 6\u{a0}pm.");
        // Not a word that starts so, nor a figure's other words.
        assert_eq!(bind_hours("6 pmx, 3 amps, 8 am's, the 2 plans"), "6 pmx, 3 amps, 8\u{a0}am's, the 2 plans");
        assert!(matches!(bind_hours("8\u{a0}am and no hour"), Cow::Borrowed(_)));
    }

    #[test]
    fn an_en_dash_joins_a_range_of_figures_or_hours_not_of_words() {
        for (before, after) in [("8\u{a0}am", "6\u{a0}pm"), ("8 am", "6 pm"), ("8am", "6pm"), ("30", "60 minutes")] {
            assert!(joins_range(before, after), "{before}–{after}");
        }
        for (before, after) in [("Monday", "Friday"), ("Program", "2"), ("30", " 60"), ("Q1", "Q2"), ("", "5")] {
            assert!(!joins_range(before, after), "{before}–{after}");
        }
    }

    #[test]
    fn borrowed_when_nothing_changes() {
        assert!(matches!(curl("plain text"), Cow::Borrowed(_)));
        assert!(matches!(curl("well-known, 2026-03-02"), Cow::Borrowed(_)));
    }

    #[test]
    fn finds_the_range_hyphens() {
        assert_eq!(range_hyphens("8am-6pm, `1-2` and 2026-03-02 or 3-4"), [3, 34]);
    }
}
