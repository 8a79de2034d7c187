//! A JSON file that is not the proposal: the JSON paths whose values differ, with the
//! proposal's value and the file's, located at the first line that differs.

use super::lines;
use super::text::{at_first, summary};
use super::{cut, not_the_proposal, File, Identity};
use crate::diag::{Diagnostic, Location, Source};
use crate::proposal::Proposal;
use serde_json::Value;

/// How many characters of a value a note shows.
const VALUE_CHARS: usize = 60;

/// A file larger than this many times the proposal's JSON (plus [`SLACK`]) is compared by
/// lines only: parsing it into a tree could take many times its size in memory.
const SIZE_FACTOR: usize = 2;
const SLACK: usize = 64 * 1024;

pub(super) fn mismatch(file: &File, expected: &[u8], p: &Proposal) -> Diagnostic {
    let text = String::from_utf8_lossy(file.bytes);
    let diff = lines::diff(expected, text.as_bytes());
    if let Err(e) = serde_json::from_str::<serde::de::IgnoredAny>(&text) {
        return invalid(file, &text, &e);
    }
    let ours: Value = match serde_json::from_slice(expected) {
        Ok(v) => v,
        Err(e) => return Diagnostic::new(format!("the proposal's own JSON does not parse: {e}")),
    };
    let found = match file.bytes.len() <= SIZE_FACTOR * expected.len() + SLACK {
        true => serde_json::from_str::<Value>(&text).ok(),
        false => None,
    };
    let Some(found) = found else {
        let what = format!(
            "it is {} bytes, the proposal's JSON {} ({})",
            file.bytes.len(),
            expected.len(),
            summary(&diff, "lines")
        );
        return at_first(not_the_proposal(file, &Identity::default(), &what, p), file, &text, &diff);
    };
    let mut paths = Paths::default();
    walk(&mut String::new(), Some(&ours), Some(&found), &mut paths);
    let what = match paths.count {
        0 => "only its layout differs: its values are the proposal's, not spaced or ordered as `render` writes them"
            .to_string(),
        1 => format!("1 value differs ({})", paths.list()),
        n => format!("{n} values differ ({})", paths.list()),
    };
    let mut d = at_first(not_the_proposal(file, &identity(&found), &what, p), file, &text, &diff);
    for (path, e, f) in &paths.shown {
        d = d.note(match (e, f) {
            (Some(e), Some(f)) => format!("`{path}`: expected {e}, found {f}"),
            (Some(e), None) => format!("`{path}`: missing, expected {e}"),
            (None, Some(f)) => format!("`{path}`: not in the proposal, found {f}"),
            (None, None) => format!("`{path}`"),
        });
    }
    d
}

/// Broken JSON: where the parser stopped, and why.
fn invalid(file: &File, text: &str, e: &serde_json::Error) -> Diagnostic {
    let source = Source::new(file.name, text);
    let (line, column) = (e.line(), e.column());
    let offset =
        text.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum::<usize>() + column.saturating_sub(1);
    let reason = e.to_string();
    let reason = reason.split(" at line ").next().unwrap_or(&reason).to_string();
    Diagnostic::new(format!("`{}` is not valid JSON: {reason} (line {line}, column {column})", file.name))
        .at(Location::of(&source, offset..offset + 1))
        .label("the JSON breaks here")
        .help("`propose render --format json` writes valid JSON: render the intake again and send that file")
}

/// Who the file's JSON says it is.
fn identity(v: &Value) -> Identity {
    let text = |v: &Value| v.as_str().map(str::to_string);
    Identity {
        hash: v.get("content_hash").and_then(text).filter(|h| !h.is_empty()),
        number: v.pointer("/proposal/number").and_then(text),
        revision: v.pointer("/proposal/revision").and_then(text),
    }
}

/// The paths that differ: the first few with both values, and how many in all.
#[derive(Default)]
struct Paths {
    shown: Vec<(String, Option<String>, Option<String>)>,
    count: usize,
}

impl Paths {
    fn push(&mut self, path: &str, e: Option<&Value>, f: Option<&Value>) {
        self.count += 1;
        if self.shown.len() < lines::SHOWN {
            let show = |v: &Value| format!("`{}`", cut(&v.to_string(), VALUE_CHARS));
            let path = if path.is_empty() { "(the whole file)".to_string() } else { path.to_string() };
            self.shown.push((path, e.map(show), f.map(show)));
        }
    }

    /// "`a.b`, `c[2]` and 3 more".
    fn list(&self) -> String {
        let named: Vec<String> = self.shown.iter().map(|(p, ..)| format!("`{p}`")).collect();
        match self.count - self.shown.len() {
            0 => named.join(", "),
            more => format!("{} and {more} more", named.join(", ")),
        }
    }
}

/// Compares two values below `path`, recording each leaf, missing or added value that
/// differs. Depth is bounded by the JSON parser's own nesting limit.
fn walk(path: &mut String, e: Option<&Value>, f: Option<&Value>, out: &mut Paths) {
    let len = path.len();
    match (e, f) {
        (Some(Value::Object(a)), Some(Value::Object(b))) => {
            for (k, v) in a {
                push_key(path, k);
                walk(path, Some(v), b.get(k), out);
                path.truncate(len);
            }
            for (k, v) in b.iter().filter(|(k, _)| !a.contains_key(*k)) {
                push_key(path, k);
                walk(path, None, Some(v), out);
                path.truncate(len);
            }
        }
        (Some(Value::Array(a)), Some(Value::Array(b))) => {
            for i in 0..a.len().max(b.len()) {
                path.push_str(&format!("[{i}]"));
                walk(path, a.get(i), b.get(i), out);
                path.truncate(len);
            }
        }
        (e, f) if e != f => out.push(path, e, f),
        _ => {}
    }
}

fn push_key(path: &mut String, key: &str) {
    if !path.is_empty() {
        path.push('.');
    }
    path.push_str(key);
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn paths(e: Value, f: Value) -> (usize, Vec<String>) {
        let mut out = Paths::default();
        walk(&mut String::new(), Some(&e), Some(&f), &mut out);
        (out.count, out.shown.into_iter().map(|(p, e, f)| format!("{p}: {e:?} {f:?}")).collect())
    }

    #[test]
    fn names_each_differing_path() {
        let e = json!({"totals": {"contract_value": "454147.85"}, "lines": [1, 2], "gone": true});
        let f = json!({"totals": {"contract_value": "1.00"}, "lines": [1, 2, 3], "new": 1});
        let (n, shown) = paths(e, f);
        assert_eq!(n, 4);
        // Keys come in serde_json's order (sorted), the proposal's before the file's own.
        assert_eq!(
            shown,
            vec![
                "gone: Some(\"`true`\") None",
                "lines[2]: None Some(\"`3`\")",
                "totals.contract_value: Some(\"`\\\"454147.85\\\"`\") Some(\"`\\\"1.00\\\"`\")",
                "new: None Some(\"`1`\")",
            ]
        );
    }

    #[test]
    fn equal_values_have_no_paths() {
        assert_eq!(paths(json!({"a": [1, {"b": null}]}), json!({"a": [1, {"b": null}]})).0, 0);
    }
}
