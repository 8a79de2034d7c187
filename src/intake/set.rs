//! `--set PATH=VALUE`: overrides of intake values by path, applied to the text before parsing
//! so every later error is located like any other.
//!
//! An existing value is replaced in place (the rest of the text stays byte for byte, so line
//! numbers hold); a key missing from an existing table is added to it, and validation then
//! judges it like any key written by hand. Batch `--vary` uses the same paths and values.

use crate::diag::{did_you_mean, one_of, Diagnostic, Location, Result, Source};
use std::fmt;
use std::ops::Range;
use toml_edit::{Document, DocumentMut, Item, Key, Value};

/// Applies every `PATH=VALUE` to the intake's text, in order; later ones see earlier ones.
pub fn apply(source: &Source, sets: &[String]) -> Result<Source> {
    let assignments = sets.iter().map(|s| Assignment::parse("--set", s)).collect::<Result<Vec<_>>>()?;
    let mut source = source.clone();
    for a in &assignments {
        source = a.apply(&source)?;
    }
    Ok(source)
}

/// A path into the intake: keys separated by dots, each optionally followed by `[N]` indices,
/// e.g. `engagement[1].inventory.cloud-accounts`. Keys with other characters are quoted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Path {
    segments: Vec<Segment>,
}

/// One step of a [`Path`]: a key of a table, or an index into an array.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    Key(String),
    Index(usize),
}

impl Path {
    /// Parses a path; `None` when it is malformed (empty key, bad index, stray character).
    pub fn parse(text: &str) -> Option<Path> {
        let mut segments = Vec::new();
        let mut rest = text;
        loop {
            let key = if let Some(quoted) = rest.strip_prefix('"') {
                let end = quoted.find('"')?;
                rest = &quoted[end + 1..];
                &quoted[..end]
            } else {
                let end = rest.find(|c: char| !is_bare_key_char(c)).unwrap_or(rest.len());
                if end == 0 {
                    return None;
                }
                let key = &rest[..end];
                rest = &rest[end..];
                key
            };
            segments.push(Segment::Key(key.to_string()));
            while let Some(inner) = rest.strip_prefix('[') {
                let end = inner.find(']')?;
                let digits = &inner[..end];
                if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                segments.push(Segment::Index(digits.parse().ok()?));
                rest = &inner[end + 1..];
            }
            match rest.strip_prefix('.') {
                Some(r) => rest = r,
                None if rest.is_empty() => return Some(Path { segments }),
                None => return None,
            }
        }
    }

    /// The path's steps, from the top of the intake.
    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    /// The path's first key: the top-level table or list it reaches into.
    pub fn root(&self) -> &str {
        match self.segments.first() {
            Some(Segment::Key(k)) => k,
            _ => "",
        }
    }

    /// True when `self` is `other` or leads to it (`a.b` leads to `a.b[0].c`).
    pub fn is_prefix_of(&self, other: &Path) -> bool {
        other.segments.starts_with(&self.segments)
    }

    fn shown(segments: &[Segment]) -> String {
        let mut out = String::new();
        for s in segments {
            match s {
                Segment::Key(k) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    if !k.is_empty() && k.chars().all(is_bare_key_char) {
                        out.push_str(k);
                    } else {
                        out.push_str(&format!("\"{k}\""));
                    }
                }
                Segment::Index(i) => out.push_str(&format!("[{i}]")),
            }
        }
        out
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&Path::shown(&self.segments))
    }
}

fn is_bare_key_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

/// The TOML text for a value given on the command line: itself when it is a TOML value
/// (`80`, `12.5`, `true`, `2026-03-02`, `"x"`, `[1, 2]`, `{ a = 1 }`), else a quoted string
/// (`extended-hours` becomes `"extended-hours"`). Quote a word that TOML would read as
/// something else (`"true"`, `"nan"`) to keep it a string.
pub fn value_repr(text: &str) -> String {
    let text = text.trim();
    match text.parse::<Value>() {
        Ok(mut v) => {
            v.decor_mut().clear();
            v.to_string()
        }
        Err(_) => Value::from(text).to_string(),
    }
}

/// One `PATH=VALUE`, checked for shape, ready to apply to any intake.
#[derive(Debug, Clone)]
pub struct Assignment {
    /// How the user wrote it, for messages: `--set engagement[0].tier=gold`.
    shown: String,
    path: Path,
    /// The value as TOML text.
    repr: String,
}

/// Where an assignment lands in a given text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// An existing value, by its byte span: replace the text there.
    Replace(Range<usize>),
    /// A new key in an existing table.
    Insert,
}

impl Assignment {
    /// Parses `PATH=VALUE` given to `flag` (`--set`); a missing `=` or a malformed path is
    /// an error naming the argument.
    pub fn parse(flag: &str, arg: &str) -> Result<Assignment> {
        let Some((path, value)) = arg.split_once('=') else {
            return Err(Diagnostic::new(format!("`{flag} {arg}` has no `=`"))
                .help(format!("write PATH=VALUE, e.g. `{flag} proposal.currency=USD`"))
                .into());
        };
        let path = parse_path(flag, arg, path)?;
        Ok(Assignment::new(flag, path, value))
    }

    /// An assignment of `value` (command-line text, see [`value_repr`]) to `path`.
    pub fn new(flag: &str, path: Path, value: &str) -> Assignment {
        Assignment { shown: format!("{flag} {path}={}", value.trim()), path, repr: value_repr(value) }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The value as TOML text, as it is written into the intake.
    pub fn repr(&self) -> &str {
        &self.repr
    }

    /// Applies the assignment to `source`, returning the edited text under the same name.
    /// A text that is not TOML is returned unchanged: parsing it reports the syntax error.
    pub fn apply(&self, source: &Source) -> Result<Source> {
        let Ok(doc) = Document::parse(&*source.text) else {
            return Ok(source.clone());
        };
        let text = match self.locate_in(&doc, source)? {
            Target::Replace(span) => splice(&source.text, &[(span, self.repr.as_str())]),
            Target::Insert => self.insert(doc)?,
        };
        Ok(Source::new(source.name.clone(), text))
    }

    /// Finds where the assignment lands in `source`, or why it cannot.
    pub fn locate(&self, source: &Source) -> Result<Target> {
        match Document::parse(&*source.text) {
            Ok(doc) => self.locate_in(&doc, source),
            // Parsing the intake reports the syntax error with its location.
            Err(_) => Ok(Target::Insert),
        }
    }

    fn locate_in(&self, doc: &Document<&str>, source: &Source) -> Result<Target> {
        let segments = &self.path.segments;
        let mut item = doc.as_item();
        // The innermost span seen so far, to point at when the next step fails.
        let mut near: Option<Range<usize>> = None;
        for (i, seg) in segments.iter().enumerate() {
            near = item.span().or(near);
            let here = Path::shown(&segments[..i]);
            let at = |near: &Option<Range<usize>>| match near {
                Some(span) => Location::of(source, span.clone()),
                None => Location::file(&source.name),
            };
            let last = i + 1 == segments.len();
            match seg {
                Segment::Key(key) => {
                    let Some(table) = item.as_table_like() else {
                        let help = match item {
                            Item::ArrayOfTables(_) => format!(
                                "pick an entry by index first, e.g. `{}`",
                                Path::shown(&[&segments[..i], &[Segment::Index(0)], &segments[i..]].concat())
                            ),
                            _ => format!("set `{here}` itself instead"),
                        };
                        return Err(Diagnostic::new(format!(
                            "`{}`: `{here}` is {}, not a table, so it has no key `{key}`",
                            self.shown,
                            a_type(item)
                        ))
                        .at(at(&near))
                        .label(format!("`{here}` is here"))
                        .help(help)
                        .into());
                    };
                    match table.get(key) {
                        Some(next) => item = next,
                        None if last => return Ok(Target::Insert),
                        None => {
                            let keys: Vec<&str> = table.iter().map(|(k, _)| k).collect();
                            let place = if here.is_empty() { "the intake".to_string() } else { format!("`{here}`") };
                            let d = Diagnostic::new(format!("`{}`: no key `{key}` in {place}", self.shown));
                            // Point at the likely intended key, else at the table (the top
                            // level has no line of its own).
                            let d = match did_you_mean(key, keys.iter().copied()) {
                                Some(s) => {
                                    let span = table.key(s).and_then(|k| k.span()).or_else(|| table.get(s)?.span());
                                    d.at(at(&span.or(near))).label(format!("did you mean `{s}`?"))
                                }
                                None if here.is_empty() => d.at(Location::file(&source.name)),
                                None => d.at(at(&near)).label(format!("{place} is here")),
                            };
                            let new = Path::shown(&segments[..=i]);
                            let help = if keys.is_empty() {
                                format!("{place} is empty")
                            } else {
                                format!("keys in {place} are {}", one_of(keys))
                            };
                            let help = format!(
                                "{help}; only the last key of a path can be new, so to add a table set it \
                                 whole, e.g. `{new}={{ ... }}`"
                            );
                            return Err(d.help(help).into());
                        }
                    }
                }
                Segment::Index(index) => {
                    let len = match item {
                        Item::ArrayOfTables(a) => a.len(),
                        Item::Value(Value::Array(a)) => a.len(),
                        other => {
                            return Err(Diagnostic::new(format!(
                                "`{}`: `{here}` is {}, not an array, so it has no `[{index}]`",
                                self.shown,
                                a_type(other)
                            ))
                            .at(at(&near))
                            .label(format!("`{here}` is here"))
                            .help(format!("remove `[{index}]` from the path"))
                            .into());
                        }
                    };
                    match item.get(*index) {
                        Some(next) => item = next,
                        None => {
                            let help = match len {
                                0 => format!("`{here}` is empty; add an entry to the intake first"),
                                1 => "the only index is 0".to_string(),
                                n => format!("use an index from 0 to {}", n - 1),
                            };
                            return Err(Diagnostic::new(format!(
                                "`{}`: `{here}` has {len} {}, so there is no `{here}[{index}]`",
                                self.shown,
                                if len == 1 { "entry" } else { "entries" }
                            ))
                            .at(at(&near))
                            .label(format!("`{here}` is here"))
                            .help(help)
                            .into());
                        }
                    }
                }
            }
        }
        match (item, item.span()) {
            (Item::Value(_), Some(span)) => Ok(Target::Replace(span)),
            (Item::Table(_) | Item::ArrayOfTables(_), span) => {
                let path = &self.path;
                let example = item
                    .as_table_like()
                    .and_then(|t| t.iter().next().map(|(k, _)| k.to_string()))
                    .map(|k| format!("`{path}.{k}=...`"))
                    .unwrap_or_else(|| format!("`{path}[0].KEY=...`"));
                Err(Diagnostic::new(format!(
                    "`{}`: `{path}` is {}, which a value cannot replace",
                    self.shown,
                    a_type(item)
                ))
                .at(match span.or(near) {
                    Some(span) => Location::of(source, span),
                    None => Location::file(&source.name),
                })
                .label(format!("`{path}` is here"))
                .help(format!("set the keys inside it one at a time, e.g. {example}"))
                .into())
            }
            // A value without a span: only when the text did not come from a file.
            _ => Ok(Target::Insert),
        }
    }

    /// Adds the key to its (existing) table. An inline table is edited in the text, to keep its
    /// one-line form; a standard table through `toml_edit`, which keeps the rest as written.
    fn insert(&self, doc: Document<&str>) -> Result<String> {
        let (last, parent) = self.path.segments.split_last().expect("a parsed path has a segment");
        let Segment::Key(key) = last else {
            return Err(crate::diag::Error::Internal(format!("`{}`: cannot insert an array element", self.shown)));
        };
        let mut item = doc.as_item();
        for seg in parent {
            item = match seg {
                Segment::Key(k) => item.get(k.as_str()),
                Segment::Index(i) => item.get(*i),
            }
            .expect("located before inserting");
        }
        let text = doc.raw();
        if let (Item::Value(Value::InlineTable(_)), Some(span)) = (item, item.span()) {
            let close = span.end - 1;
            let before = text[..close].trim_end();
            let entry = format!("{} = {}", Key::new(key.as_str()).display_repr(), self.repr);
            let insert = match before.chars().last() {
                Some('{') => format!(" {entry} "),
                Some(',') => format!(" {entry}"),
                _ => format!(", {entry}"),
            };
            return Ok(splice(text, &[(before.len()..before.len(), insert.as_str())]));
        }
        let mut doc: DocumentMut = doc.into_mut();
        let mut item = doc.as_item_mut();
        for seg in parent {
            item = match seg {
                Segment::Key(k) => item.get_mut(k.as_str()),
                Segment::Index(i) => item.get_mut(*i),
            }
            .expect("located before inserting");
        }
        let value: Value = self.repr.parse().map_err(|e| crate::diag::Error::Internal(format!("{e}")))?;
        let table = item
            .as_table_like_mut()
            .ok_or_else(|| crate::diag::Error::Internal(format!("`{}`: parent is not a table", self.shown)))?;
        table.insert(key, Item::Value(value));
        Ok(doc.to_string())
    }
}

fn parse_path(flag: &str, arg: &str, path: &str) -> Result<Path> {
    Path::parse(path.trim()).ok_or_else(|| {
        Diagnostic::new(format!("`{flag} {arg}`: `{}` is not a path", path.trim()))
            .help(
                "a path is keys joined by dots, each optionally followed by `[N]`, \
                 e.g. `engagement[0].inventory.servers`",
            )
            .into()
    })
}

/// `text` with each span replaced; spans are disjoint and sorted by start.
pub fn splice(text: &str, edits: &[(Range<usize>, &str)]) -> String {
    let extra: usize = edits.iter().map(|(_, r)| r.len()).sum();
    let mut out = String::with_capacity(text.len() + extra);
    let mut at = 0;
    for (span, replacement) in edits {
        out.push_str(&text[at..span.start]);
        out.push_str(replacement);
        at = span.end;
    }
    out.push_str(&text[at..]);
    out
}

/// "a string", "an array of tables": for messages.
fn a_type(item: &Item) -> String {
    let name = match item {
        Item::Value(Value::Datetime(_)) => "date",
        Item::Value(Value::Float(_)) => "decimal",
        other => other.type_name(),
    };
    let article = if name.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" };
    format!("{article} {name}")
}

#[cfg(test)]
mod tests {
    use super::*;

    const INTAKE: &str = "\
holidays = [2026-04-03, 2026-05-25]

[proposal]
number = \"CD-1\" # keep me
currency = \"USD\"

[[engagement]]
model = \"managed\"
months = 12
inventory = { servers = 40, cloud-accounts = 3 }

[[engagement]]
model = \"advisory\"
";

    fn set(args: &[&str]) -> Result<String> {
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        apply(&Source::new("a.toml", INTAKE), &args).map(|s| s.text.to_string())
    }

    fn message(args: &[&str]) -> String {
        set(args).unwrap_err().render(false)
    }

    #[test]
    fn parses_paths() {
        let p = Path::parse("engagement[1].inventory.cloud-accounts").unwrap();
        assert_eq!(p.to_string(), "engagement[1].inventory.cloud-accounts");
        assert_eq!(Path::parse("\"a b\".c[0][2]").unwrap().to_string(), "\"a b\".c[0][2]");
        for bad in ["", ".a", "a.", "a..b", "a[x]", "a[]", "a[1", "a b", "[0]", "a]"] {
            assert_eq!(Path::parse(bad), None, "{bad:?}");
        }
        assert!(Path::parse("a.b").unwrap().is_prefix_of(&Path::parse("a.b[0].c").unwrap()));
        assert!(!Path::parse("a.bc").unwrap().is_prefix_of(&Path::parse("a.b").unwrap()));
    }

    #[test]
    fn reads_values_as_toml_or_as_bare_strings() {
        assert_eq!(value_repr("80"), "80");
        assert_eq!(value_repr(" 12.5 "), "12.5");
        assert_eq!(value_repr("2026-03-02"), "2026-03-02");
        assert_eq!(value_repr("[1, 2]"), "[1, 2]");
        assert_eq!(value_repr("extended-hours"), "\"extended-hours\"");
        assert_eq!(value_repr("Acme, Inc."), "\"Acme, Inc.\"");
        assert_eq!(value_repr("\"true\""), "\"true\"");
    }

    #[test]
    fn replaces_in_place_and_keeps_the_rest() {
        let out =
            set(&["proposal.currency=EUR", "engagement[0].inventory.servers=80", "holidays[1]=2026-12-25"]).unwrap();
        let expected = INTAKE
            .replace("\"USD\"", "\"EUR\"")
            .replace("servers = 40", "servers = 80")
            .replace("2026-05-25", "2026-12-25");
        assert_eq!(out, expected);
    }

    #[test]
    fn inserts_new_keys_into_existing_tables() {
        let out = set(&["engagement[0].inventory.databases=2", "engagement[1].hours=20"]).unwrap();
        assert!(out.contains("inventory = { servers = 40, cloud-accounts = 3, databases = 2 }"), "{out}");
        assert!(out.contains("model = \"advisory\"\nhours = 20\n"), "{out}");
        assert!(out.contains("number = \"CD-1\" # keep me\n"), "{out}");
    }

    #[test]
    fn explains_paths_that_do_not_exist() {
        let m = message(&["engagement[2].tier=gold"]);
        assert!(m.starts_with("error: `--set engagement[2].tier=gold`: `engagement` has 2 entries"), "{m}");
        assert!(m.contains("--> a.toml:7:1"), "{m}");
        assert!(m.contains("use an index from 0 to 1"), "{m}");
        let m = message(&["proposl.currency=EUR"]);
        assert!(m.contains("no key `proposl` in the intake") && m.contains("did you mean `proposal`?"), "{m}");
        let m = message(&["engagement.model=project"]);
        assert!(m.contains("is an array of tables, not a table") && m.contains("`engagement[0].model`"), "{m}");
        let m = message(&["proposal.currency.code=EUR"]);
        assert!(m.contains("`proposal.currency` is a string, not a table") && m.contains("a.toml:5:12"), "{m}");
        let m = message(&["proposal=1"]);
        assert!(m.contains("`proposal` is a table, which a value cannot replace"), "{m}");
    }

    #[test]
    fn rejects_malformed_arguments() {
        assert!(message(&["proposal.currency"]).contains("has no `=`"));
        assert!(message(&["engagement[x].tier=gold"]).contains("`engagement[x].tier` is not a path"));
    }
}
