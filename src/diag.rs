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
    pub text: std::sync::Arc<str>,
}

impl Source {
    pub fn new(name: impl Into<String>, text: impl Into<std::sync::Arc<str>>) -> Source {
        Source { name: name.into(), text: text.into() }
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
    /// Locates a byte span of `source`; a span past the end is clamped to it.
    pub fn of(source: &Source, span: Range<usize>) -> Location {
        let text = &*source.text;
        let start = floor_char_boundary(text, span.start.min(text.len()));
        let end = floor_char_boundary(text, span.end.clamp(start, text.len()));
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let line = text[..start].matches('\n').count() + 1;
        let line_text = text[line_start..line_end].trim_end_matches('\r');
        let column = text[line_start..start].chars().count() + 1;
        let width = text[start..end.min(line_end)].chars().count().max(1);
        let shown: String = line_text.chars().take(200).collect();
        Location { file: source.name.clone(), line, column, snippet: Some((shown, column, width)) }
    }

    /// A location with no text to show, e.g. a whole file.
    pub fn file(name: impl Into<String>) -> Location {
        Location { file: name.into(), line: 0, column: 0, snippet: None }
    }
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

    /// Renders the diagnostic as rustc and just do; `color` adds ANSI styles.
    pub fn render(&self, color: bool) -> String {
        let (red, blue, bold, reset) =
            if color { ("\x1b[1;31m", "\x1b[1;34m", "\x1b[1m", "\x1b[0m") } else { ("", "", "", "") };
        let mut out = format!("{red}error{reset}{bold}: {}{reset}\n", self.message);
        if let Some(loc) = &self.location {
            if loc.line == 0 {
                out += &format!("  {blue}-->{reset} {}\n", loc.file);
            } else {
                out += &format!("  {blue}-->{reset} {}:{}:{}\n", loc.file, loc.line, loc.column);
            }
            if let Some((text, col, width)) = &loc.snippet {
                let num = loc.line.to_string();
                let pad = " ".repeat(num.len());
                let caret = format!("{}{}", " ".repeat(col - 1), "^".repeat(*width));
                let label = self.label.as_deref().map(|l| format!(" {l}")).unwrap_or_default();
                out += &format!("{pad} {blue}|{reset}\n");
                out += &format!("{blue}{num} |{reset} {text}\n");
                out += &format!("{pad} {blue}|{reset} {red}{caret}{label}{reset}\n");
            }
        } else if let Some(label) = &self.label {
            out += &format!("  = {label}\n");
        }
        // `=` stands under the gutter's `|`, as rustc writes it.
        let gutter = match &self.location {
            Some(loc) if loc.snippet.is_some() => loc.line.to_string().len(),
            _ => 1,
        };
        for note in &self.notes {
            out += &format!("{} {bold}= note{reset}: {note}\n", " ".repeat(gutter));
        }
        if let Some(help) = &self.help {
            out += &format!("{} {bold}= help{reset}: {help}\n", " ".repeat(gutter));
        }
        out
    }
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
    #[error("error: cannot read `{}`: {source}\n  = help: check the path and its permissions\n", path.display())]
    Read { path: PathBuf, source: std::io::Error },
    /// The quote breaches a pricing policy and needs approval: exit 3.
    #[error("{}", .0.render(false))]
    Policy(Box<Diagnostic>),
    /// An output file or folder could not be written: exit 1.
    #[error("error: cannot write `{}`: {source}\n  = help: check that the folder exists, is writable and has space\n", path.display())]
    Write { path: PathBuf, source: std::io::Error },
    /// Standard output could not be written (other than a closed pipe): exit 1.
    #[error("error: cannot write to standard output: {0}\n")]
    Stdout(std::io::Error),
    /// A bug: exit 1.
    #[error("error: {0}\n")]
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
}
