//! The library's error type and how a diagnostic is shown: what is wrong, where (file, line,
//! column, with the source line and a caret), and how to fix it.

use std::fmt;
use std::ops::Range;
use std::path::PathBuf;

/// Exit codes, in one place (documented in README).
pub mod exit {
    pub const OK: i32 = 0;
    pub const INTERNAL: i32 = 1;
    pub const BAD_INPUT: i32 = 2;
    pub const POLICY: i32 = 3;
}

/// A named text that diagnostics point into (an intake, a catalog file, a template).
#[derive(Debug, Clone)]
pub struct Source {
    pub name: String,
    pub text: Text,
}

impl Source {
    pub fn new(name: impl Into<String>, text: impl Into<Text>) -> Source {
        Source { name: name.into(), text: text.into() }
    }

    /// A file compiled into the binary, its text not copied.
    pub fn embedded(name: impl Into<String>, text: &'static str) -> Source {
        Source { name: name.into(), text: Text::Embedded(text) }
    }
}

/// A source's text: the binary's own bytes for an embedded file, else shared. Copying the
/// embedded catalog's 160 KB of TOML into the heap at every start touched about 40 new pages.
#[derive(Debug, Clone)]
pub enum Text {
    Embedded(&'static str),
    Shared(std::sync::Arc<str>),
}

impl std::ops::Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        match self {
            Text::Embedded(s) => s,
            Text::Shared(s) => s,
        }
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Text {
        Text::Shared(s.into())
    }
}

impl From<String> for Text {
    fn from(s: String) -> Text {
        Text::Shared(s.into())
    }
}

impl From<std::sync::Arc<str>> for Text {
    fn from(s: std::sync::Arc<str>) -> Text {
        Text::Shared(s)
    }
}

/// Where a diagnostic points: a file, a 1-based line and column, and the line's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub file: String,
    pub line: usize,
    pub column: usize,
    /// The source line and the caret's start column and width, when the text is known.
    pub snippet: Option<(String, usize, usize)>,
}

impl Location {
    /// Locates a byte span of `source`; a span past the end is clamped to it. The snippet is
    /// the span's line, cut to [`SNIPPET_CHARS`] around the span when longer (an ellipsis
    /// marks each cut), and the caret never runs past the text shown.
    pub fn of(source: &Source, span: Range<usize>) -> Location {
        let text = &*source.text;
        let start = floor_char_boundary(text, span.start.min(text.len()));
        let end = floor_char_boundary(text, span.end.clamp(start, text.len()));
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        // Counted as bytes: `str::matches` stopped at each line, and the intake checks locate
        // each value they keep (37 per batch scenario); 298.5 → 294.5 M instructions for 2,000
        // managed scenarios (callgrind, 2026-12-01).
        let line = text.as_bytes()[..start].iter().filter(|&&b| b == b'\n').count() + 1;
        let line_text = text[line_start..line_end].trim_end_matches('\r');
        let column = text[line_start..start].chars().count() + 1;
        let width = text[start..end.min(line_end)].chars().count().max(1);
        let snippet = cut(line_text, column - 1, width);
        Location { file: source.name.clone(), line, column, snippet: Some(snippet) }
    }

    /// A location with no text to show, e.g. a whole file.
    pub fn file(name: impl Into<String>) -> Location {
        Location { file: name.into(), line: 0, column: 0, snippet: None }
    }
}

/// A span of a source, located only when a diagnostic shows it. The intake keeps a few
/// spans for errors that pricing may find later (a discount's `amount`, a cap); locating one
/// counts the lines before it, and a batch scenario that errs in nothing paid for that:
/// 6,400 instructions a scenario, 4 % of a managed one (callgrind, 2,000 scenarios).
#[derive(Debug, Clone)]
pub struct Spot {
    source: Source,
    span: Range<usize>,
}

impl Spot {
    pub fn new(source: &Source, span: Range<usize>) -> Spot {
        Spot { source: source.clone(), span }
    }

    /// What [`Location::of`] makes of the span.
    pub fn location(&self) -> Location {
        Location::of(&self.source, self.span.clone())
    }
}

/// Characters of a source line a snippet shows at most.
pub const SNIPPET_CHARS: usize = 200;

/// Characters shown before the span when a long line is cut ahead of it.
const CONTEXT_CHARS: usize = 40;

/// The part of `line` to show for a span of `width` chars at char `start` (0-based): the text,
/// the caret's 1-based column in it and the caret's width, clamped to the text shown (one
/// caret just past the end marks a span at the end of the line).
fn cut(line: &str, start: usize, width: usize) -> (String, usize, usize) {
    let len = line.chars().count();
    let start = start.min(len);
    let from = if len <= SNIPPET_CHARS || start + width.min(CONTEXT_CHARS) < SNIPPET_CHARS {
        0
    } else {
        start - CONTEXT_CHARS
    };
    let to = (from + SNIPPET_CHARS).min(len);
    let mut shown = String::new();
    if from > 0 {
        shown.push('…');
    }
    shown.extend(line.chars().skip(from).take(to - from));
    if to < len {
        shown.push('…');
    }
    let column = start - from + 1 + usize::from(from > 0);
    (shown, column, width.min(to.saturating_sub(start)).max(1))
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// One thing wrong with the input: message, location, a label under the caret, notes with
/// further detail, and a fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub message: String,
    pub location: Option<Location>,
    pub label: Option<String>,
    pub notes: Vec<String>,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn new(message: impl Into<String>) -> Diagnostic {
        Diagnostic { message: message.into(), location: None, label: None, notes: Vec::new(), help: None }
    }

    pub fn at(mut self, location: Location) -> Diagnostic {
        self.location = Some(location);
        self
    }

    pub fn label(mut self, label: impl Into<String>) -> Diagnostic {
        self.label = Some(label.into());
        self
    }

    /// A further detail, shown as `= note: ...` before the help.
    pub fn note(mut self, note: impl Into<String>) -> Diagnostic {
        self.notes.push(note.into());
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// Renders the diagnostic as rustc and just do; `color` adds ANSI styles. Every text in it
    /// (message, file name, source line, label, help) has its unprintable characters escaped,
    /// so a diagnostic never sends the terminal a control sequence or reorders its line.
    pub fn render(&self, color: bool) -> String {
        self.render_as("error", "\x1b[1;31m", color)
    }

    /// Renders the diagnostic as [`Diagnostic::render`] does, as a warning: the input is
    /// used as it is, and the command goes on.
    pub fn render_warning(&self, color: bool) -> String {
        self.render_as("warning", "\x1b[1;33m", color)
    }

    fn render_as(&self, severity: &str, style: &str, color: bool) -> String {
        let (red, blue, bold, reset) =
            if color { (style, "\x1b[1;34m", "\x1b[1m", "\x1b[0m") } else { ("", "", "", "") };
        let mut out = format!("{red}{severity}{reset}{bold}: {}{reset}\n", escape(&self.message));
        if let Some(loc) = &self.location {
            let file = escape(&loc.file);
            if loc.line == 0 {
                out += &format!("  {blue}-->{reset} {file}\n");
            } else {
                out += &format!("  {blue}-->{reset} {file}:{}:{}\n", loc.line, loc.column);
            }
            if let Some((text, col, width)) = &loc.snippet {
                let num = loc.line.to_string();
                let pad = " ".repeat(num.len());
                let (text, col, width) = shown_snippet(text, *col, *width);
                let caret = format!("{}{}", " ".repeat(col - 1), "^".repeat(width));
                let label = self.label.as_deref().map(|l| format!(" {}", escape(l))).unwrap_or_default();
                out += &format!("{pad} {blue}|{reset}\n");
                out += &format!("{blue}{num} |{reset} {text}\n");
                out += &format!("{pad} {blue}|{reset} {red}{caret}{label}{reset}\n");
            }
        } else if let Some(label) = &self.label {
            out += &format!("  = {}\n", escape(label));
        }
        // `=` stands under the gutter's `|`, as rustc writes it.
        let gutter = match &self.location {
            Some(loc) if loc.snippet.is_some() => loc.line.to_string().len(),
            _ => 1,
        };
        for note in &self.notes {
            out += &format!("{} {bold}= note{reset}: {}\n", " ".repeat(gutter), escape(note));
        }
        if let Some(help) = &self.help {
            out += &format!(
                "{} {bold}= help{reset}: {}
",
                " ".repeat(gutter),
                escape(help)
            );
        }
        out
    }
}

/// The bidirectional embeddings, overrides and isolates (U+202A to U+202E, U+2066 to U+2069):
/// they make a line display in another order than it is stored ("Trojan Source").
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Characters a terminal would act on, or that change how a line reads without being seen:
/// C0 and C1 controls and DEL, the bidirectional controls and marks (U+200E, U+200F, U+061C),
/// and the line and paragraph separators.
pub fn is_unprintable(c: char) -> bool {
    c.is_control() || is_bidi_control(c) || matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{2028}' | '\u{2029}')
}

/// `text` with every unprintable character escaped, Rust-style: `\n`, `\t`, `\r`, and
/// `\u{1b}` for the others.
pub fn escape(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(is_unprintable) {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(text.chars().map(escape_char).collect())
}

fn escape_char(c: char) -> String {
    match c {
        '\n' => "\\n".to_string(),
        '\t' => "\\t".to_string(),
        '\r' => "\\r".to_string(),
        c if is_unprintable(c) => format!("\\u{{{:x}}}", u32::from(c)),
        c => c.to_string(),
    }
}

/// A snippet as the terminal shows it, with the caret moved to match: a tab becomes four
/// spaces (as rustc shows it) and other unprintable characters their escapes. The caret is
/// clamped to the text, but may stand just past its end.
fn shown_snippet(text: &str, col: usize, width: usize) -> (String, usize, usize) {
    let mut shown = String::with_capacity(text.len());
    let (mut caret_col, mut caret_width, mut at) = (None, 0, 0);
    let n = text.chars().count();
    let col = col.clamp(1, n + 1);
    let last = col.saturating_add(width.max(1) - 1);
    for (i, c) in text.chars().enumerate().map(|(i, c)| (i + 1, c)) {
        let piece = if c == '\t' { "    ".to_string() } else { escape_char(c) };
        let w = piece.chars().count();
        shown.push_str(&piece);
        if i == col {
            caret_col = Some(at + 1);
        }
        if (col..=last).contains(&i) {
            caret_width += w;
        }
        at += w;
    }
    let caret_col = caret_col.unwrap_or(at + 1);
    (shown, caret_col, caret_width.max(1))
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(false))
    }
}

/// Everything the library can fail with. Each variant maps to one exit code.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input (intake, catalog, template, flag) is wrong: exit 2.
    #[error("{}", .0.render(false))]
    Input(Box<Diagnostic>),
    /// Several things wrong with the input, reported together: exit 2.
    #[error("{}", render_all(.0, false))]
    Inputs(Vec<Diagnostic>),
    /// An input file could not be read: exit 2.
    #[error("error: cannot read `{}`: {source}\n  = help: check the path and its permissions\n", escape(&path.display().to_string()))]
    Read { path: PathBuf, source: std::io::Error },
    /// The quote breaches a pricing policy and needs approval: exit 3.
    #[error("{}", .0.render(false))]
    Policy(Box<Diagnostic>),
    /// An output file or folder could not be written: exit 1.
    #[error("error: cannot write `{}`: {source}\n  = help: check that the folder exists, is writable and has space\n", escape(&path.display().to_string()))]
    Write { path: PathBuf, source: std::io::Error },
    /// Standard output could not be written (other than a closed pipe): exit 1.
    #[error("error: cannot write to standard output: {0}\n")]
    Stdout(std::io::Error),
    /// A bug: exit 1.
    #[error("error: {}\n", escape(.0))]
    Internal(String),
}

impl Error {
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Input(_) | Error::Inputs(_) | Error::Read { .. } => exit::BAD_INPUT,
            Error::Policy(_) => exit::POLICY,
            Error::Write { .. } | Error::Stdout(_) | Error::Internal(_) => exit::INTERNAL,
        }
    }

    /// The rendered message, coloured or plain.
    pub fn render(&self, color: bool) -> String {
        match self {
            Error::Input(d) | Error::Policy(d) => d.render(color),
            Error::Inputs(ds) => render_all(ds, color),
            other => other.to_string(),
        }
    }

    /// The diagnostic behind an input error, for tests and JSON output.
    pub fn diagnostic(&self) -> Option<&Diagnostic> {
        match self {
            Error::Input(d) | Error::Policy(d) => Some(d),
            Error::Inputs(ds) => ds.first(),
            _ => None,
        }
    }
}

fn render_all(ds: &[Diagnostic], color: bool) -> String {
    let mut out: String = ds.iter().map(|d| d.render(color) + "\n").collect();
    out += &format!("error: {} problems found\n", ds.len());
    out
}

impl From<Diagnostic> for Error {
    fn from(d: Diagnostic) -> Error {
        Error::Input(Box::new(d))
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The closest candidate to `found` by edit distance, if it is close enough to be a typo.
pub fn did_you_mean<'a>(found: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let found_l = found.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (edit_distance(&found_l, &c.to_lowercase()), c))
        .filter(|(d, c)| *d <= (c.chars().count().max(found.chars().count()) / 3).max(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Levenshtein distance over chars; inputs are short names, so O(n·m) is fine.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

/// "`a`, `b` or `c`", for help texts.
pub fn one_of<'a>(names: impl IntoIterator<Item = &'a str>) -> String {
    let names: Vec<String> = names.into_iter().map(|n| format!("`{n}`")).collect();
    match names.len() {
        0 => String::new(),
        1 => names[0].clone(),
        n => format!("{} or {}", names[..n - 1].join(", "), names[n - 1]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_line_and_column_in_chars() {
        let src = Source::new("a.toml", "x = 1\ntier = \"24x7-premum\"\n");
        let loc = Location::of(&src, 13..26);
        assert_eq!((loc.line, loc.column), (2, 8));
        assert_eq!(loc.snippet.unwrap().2, 13);
    }

    #[test]
    fn suggests_close_names_only() {
        let tiers = ["business-hours", "extended-hours", "24x7-premium"];
        assert_eq!(did_you_mean("24x7-premum", tiers), Some("24x7-premium"));
        assert_eq!(did_you_mean("gold", tiers), None);
    }

    #[test]
    fn renders_notes_before_the_help() {
        let d =
            Diagnostic::new("two lines differ").at(Location::file("a.md")).note("line 2").note("line 9").help("fix");
        assert_eq!(
            d.render(false),
            "error: two lines differ\n  --> a.md\n  = note: line 2\n  = note: line 9\n  = help: fix\n"
        );
    }

    #[test]
    fn renders_caret_under_span() {
        let src = Source::new("a.toml", "tier = \"gold\"\n");
        let d = Diagnostic::new("unknown SLA tier `gold`").at(Location::of(&src, 7..13)).label("not a tier");
        assert_eq!(
            d.render(false),
            "error: unknown SLA tier `gold`\n  --> a.toml:1:8\n  |\n1 | tier = \"gold\"\n  |        ^^^^^^ not a tier\n"
        );
    }

    /// The caret line of a rendered diagnostic, and the source line above it.
    fn snippet_lines(d: &Diagnostic) -> (String, String) {
        let out = d.render(false);
        let lines: Vec<&str> = out.lines().collect();
        (lines[3].to_string(), lines[4].to_string())
    }

    #[test]
    fn a_long_line_is_cut_around_the_span_and_the_caret_stays_on_it() {
        let line = format!("x = \"{}\" # {}", "a".repeat(300), "b".repeat(300));
        let src = Source::new("a.toml", line.clone());
        let start = line.find('#').unwrap();
        let d = Diagnostic::new("m").at(Location::of(&src, start..start + 500));
        let (text, caret) = snippet_lines(&d);
        assert!(text.starts_with("1 | …") && text.ends_with('…'), "{text}");
        assert_eq!(text.chars().count(), "1 | ".len() + SNIPPET_CHARS + 2);
        // The caret starts under the `#` and ends with the text shown.
        let at = caret.find('^').unwrap();
        assert_eq!(text.chars().nth(at), Some('#'), "{text}\n{caret}");
        assert_eq!(caret.chars().count(), text.chars().count() - 1, "{text}\n{caret}");
    }

    #[test]
    fn a_caret_past_the_text_is_clamped_to_it() {
        let loc = Location { file: "a".into(), line: 1, column: 50, snippet: Some(("abc".into(), 50, 9)) };
        let (_, caret) = snippet_lines(&Diagnostic::new("m").at(loc));
        assert_eq!(caret, "  |    ^");
        let loc = Location { file: "a".into(), line: 1, column: 2, snippet: Some(("abc".into(), 2, 9)) };
        let (_, caret) = snippet_lines(&Diagnostic::new("m").at(loc));
        assert_eq!(caret, "  |  ^^");
    }

    #[test]
    fn control_and_bidi_characters_are_escaped_everywhere() {
        let src = Source::new("in\x1b[2Jtake.toml", "name = \"\u{202e}evil\tx\"\n");
        let d = Diagnostic::new("client `\x1b[31mred`")
            .at(Location::of(&src, 7..18))
            .label("\u{2066}here")
            .help("\rfix it");
        let out = d.render(false);
        assert!(!out.chars().any(|c| is_unprintable(c) && c != '\n'), "{out:?}");
        assert!(out.starts_with("error: client `\\u{1b}[31mred`\n  --> in\\u{1b}[2Jtake.toml:1:8\n"), "{out}");
        assert!(out.contains("1 | name = \"\\u{202e}evil    x\"\n"), "{out}");
        // The caret covers the string as shown: `"`, the escape (8), `evil`, the tab (4), `x"`.
        assert!(out.contains(&format!("  |        {} \\u{{2066}}here\n", "^".repeat(19))), "{out}");
        assert!(out.ends_with("= help: \\rfix it\n"), "{out}");
    }
}
