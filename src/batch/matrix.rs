//! Scenario matrices: `--vary PATH=V1,V2,...` flags, their cross product addressed by index
//! (nothing is materialised), and how one input's text becomes one scenario's text.

use super::tree::Edit;
use crate::diag::{Diagnostic, Result, Source};
use crate::intake::set::{splice, Assignment, Path, Target};
use std::ops::Range;

/// One `--vary`: a path and the values it takes, each ready to apply.
#[derive(Debug)]
pub struct Vary {
    path: Path,
    /// The whole flag, for messages that concern the path rather than one value.
    whole: Assignment,
    /// Each value as a scenario's label shows it (`PATH=VALUE`), and the value ready to apply.
    values: Vec<(String, Assignment)>,
}

impl Vary {
    /// Parses `PATH=V1,V2,...`. Commas inside quotes, `[...]` or `{...}` do not split, so
    /// `--vary 'holidays=[2026-04-03, 2026-05-25],[]'` has two values.
    pub fn parse(arg: &str) -> Result<Vary> {
        let whole = Assignment::parse("--vary", arg)?;
        let list = arg.split_once('=').map_or("", |(_, v)| v);
        if list.trim().is_empty() {
            return Err(Diagnostic::new(format!("`--vary {arg}` has no values"))
                .help("list the values after `=`, separated by commas, e.g. `--vary engagement[0].months=12,24`")
                .into());
        }
        let path = whole.path().clone();
        let values = split_values(list)
            .into_iter()
            .map(|v| (format!("{path}={}", v.trim()), Assignment::new("--vary", path.clone(), v)))
            .collect();
        Ok(Vary { path, whole, values })
    }
}

/// Splits a value list at commas outside quotes and brackets.
fn split_values(list: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut quote, mut escaped, mut start) = (0usize, None, false, 0);
    for (i, c) in list.char_indices() {
        match quote {
            Some(q) => {
                if escaped {
                    escaped = false;
                } else if c == '\\' && q == '"' {
                    escaped = true;
                } else if c == q {
                    quote = None;
                }
            }
            None => match c {
                '"' | '\'' => quote = Some(c),
                '[' | '{' => depth += 1,
                ']' | '}' => depth = depth.saturating_sub(1),
                ',' if depth == 0 => {
                    out.push(&list[start..i]);
                    start = i + 1;
                }
                _ => {}
            },
        }
    }
    out.push(&list[start..]);
    out
}

/// The cross product of every `--vary`, the first varying slowest. Scenario `m` is found by
/// arithmetic, so a matrix of any size costs nothing until a scenario is asked for.
#[derive(Debug)]
pub struct Matrix {
    varies: Vec<Vary>,
    len: usize,
    /// Some path is another's prefix (or the same path twice): apply one at a time, in order.
    nested: bool,
}

impl Matrix {
    pub fn new(varies: Vec<Vary>) -> Result<Matrix> {
        let len = varies.iter().try_fold(1usize, |n, v| n.checked_mul(v.values.len())).ok_or_else(|| {
            Diagnostic::new("the `--vary` matrix has more scenarios than this machine can count")
                .help("split the batch into several runs")
        })?;
        let nested = varies
            .iter()
            .enumerate()
            .any(|(i, a)| varies.iter().enumerate().any(|(j, b)| i != j && a.path.is_prefix_of(&b.path)));
        Ok(Matrix { varies, len, nested })
    }

    /// Scenarios per input; 1 without `--vary`.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The value index of each `--vary` in scenario `m`.
    fn choice(&self, mut m: usize) -> Vec<usize> {
        let mut choice = vec![0; self.varies.len()];
        for (k, v) in self.varies.iter().enumerate().rev() {
            choice[k] = m % v.values.len();
            m /= v.values.len();
        }
        choice
    }

    /// Scenario `m` as `PATH=VALUE;PATH=VALUE`, empty without `--vary`. Each `PATH=VALUE` is
    /// written once, when the flag is parsed: formatting the path for every scenario was 3 %
    /// of a managed scenario's instructions (callgrind, 2,000 scenarios).
    pub fn label(&self, m: usize) -> String {
        let mut out = String::new();
        for (k, i) in self.choice(m).into_iter().enumerate() {
            if k > 0 {
                out.push(';');
            }
            out.push_str(&self.varies[k].values[i].0);
        }
        out
    }

    /// Works out, once per input, how its scenarios are made from `base`. Usually by replacing
    /// each varied value's span in the text, which is cheap: a key that is new to its table is
    /// first added with its first value, so it has a span too. Only when one varied path leads
    /// into another are the assignments applied one at a time, in order. A path that does not
    /// exist in this input fails every scenario alike, so it fails here.
    ///
    /// Returns the base the plan applies to.
    pub fn plan(&self, base: Source) -> Result<(Source, Plan)> {
        if self.nested {
            return Ok((base, Plan::InOrder));
        }
        let mut base = base;
        for v in &self.varies {
            if v.whole.locate(&base)? == Target::Insert {
                base = v.values[0].1.apply(&base)?;
            }
        }
        let mut spans = Vec::with_capacity(self.varies.len());
        for (k, v) in self.varies.iter().enumerate() {
            match v.whole.locate(&base)? {
                Target::Replace(span) => spans.push((span, k)),
                // Only for a text that is not TOML: parsing each scenario reports it.
                Target::Insert => return Ok((base, Plan::InOrder)),
            }
        }
        spans.sort_by_key(|(span, _)| span.start);
        Ok((base, Plan::Splice(spans)))
    }

    /// Scenario `m`'s edits of the base text, in text order, when `plan` splices.
    pub fn edits(&self, plan: &Plan, m: usize) -> Option<Vec<Edit<'_>>> {
        let Plan::Splice(spans) = plan else { return None };
        let choice = self.choice(m);
        let edit = |(span, k): &(Range<usize>, usize)| {
            let v = &self.varies[*k];
            Edit { span: span.clone(), path: v.path.segments(), repr: v.values[choice[*k]].1.repr() }
        };
        Some(spans.iter().map(edit).collect())
    }

    /// Scenario `m`'s text.
    pub fn scenario(&self, base: &Source, plan: &Plan, m: usize) -> Result<Source> {
        match self.edits(plan, m) {
            Some(edits) if edits.is_empty() => Ok(base.clone()),
            Some(edits) => {
                let edits: Vec<(Range<usize>, &str)> = edits.into_iter().map(|e| (e.span, e.repr)).collect();
                Ok(Source::new(base.name.clone(), splice(&base.text, &edits)))
            }
            None => {
                let mut source = base.clone();
                for (k, i) in self.choice(m).into_iter().enumerate() {
                    source = self.varies[k].values[i].1.apply(&source)?;
                }
                Ok(source)
            }
        }
    }
}

/// How one input's scenarios are made; see [`Matrix::plan`].
#[derive(Debug)]
pub enum Plan {
    /// Each varied value's span in the base text, by position, with its `--vary` index.
    Splice(Vec<(Range<usize>, usize)>),
    InOrder,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matrix(args: &[&str]) -> Matrix {
        Matrix::new(args.iter().map(|a| Vary::parse(a).unwrap()).collect()).unwrap()
    }

    #[test]
    fn splits_values_outside_quotes_and_brackets() {
        assert_eq!(split_values("1,2, 3"), ["1", "2", " 3"]);
        assert_eq!(
            split_values("[1, 2],{a = 1, b = 2},\"x,y\",'p,q'"),
            ["[1, 2]", "{a = 1, b = 2}", "\"x,y\"", "'p,q'"]
        );
        assert_eq!(split_values("\"a\\\",b\",c"), ["\"a\\\",b\"", "c"]);
    }

    #[test]
    fn first_vary_varies_slowest() {
        let m = matrix(&["a=1,2", "b=x,y,z"]);
        assert_eq!(m.len(), 6);
        let labels: Vec<String> = (0..6).map(|i| m.label(i)).collect();
        assert_eq!(labels, ["a=1;b=x", "a=1;b=y", "a=1;b=z", "a=2;b=x", "a=2;b=y", "a=2;b=z"]);
        assert_eq!(matrix(&[]).len(), 1);
        assert_eq!(matrix(&[]).label(0), "");
    }

    #[test]
    fn splices_existing_values_and_applies_nested_paths_in_order() {
        let base = Source::new("a.toml", "[t]\na = 1\nb = { c = 2 }\n");
        let m = matrix(&["t.b.c=5,6", "t.a=7"]);
        let (base, plan) = m.plan(base).unwrap();
        assert!(matches!(plan, Plan::Splice(_)));
        assert_eq!(&*m.scenario(&base, &plan, 1).unwrap().text, "[t]\na = 7\nb = { c = 6 }\n");

        let m = matrix(&["t.b={ c = 1 }", "t.b.d=3"]);
        let (base, plan) = m.plan(base).unwrap();
        assert!(matches!(plan, Plan::InOrder));
        assert_eq!(&*m.scenario(&base, &plan, 0).unwrap().text, "[t]\na = 1\nb = { c = 1, d = 3 }\n");
    }

    #[test]
    fn new_keys_are_added_once_then_spliced() {
        let base = Source::new("a.toml", "[t]\na = 1\n");
        let m = matrix(&["t.b=5,6", "t.c={ d = 1 },{}"]);
        let (base, plan) = m.plan(base).unwrap();
        assert!(matches!(plan, Plan::Splice(_)));
        assert_eq!(&*m.scenario(&base, &plan, 3).unwrap().text, "[t]\na = 1\nb = 6\nc = {}\n");
    }

    #[test]
    fn a_missing_path_fails_the_plan() {
        let base = Source::new("a.toml", "[t]\na = 1\n");
        let e = matrix(&["u.a=1,2"]).plan(base).unwrap_err().render(false);
        assert!(e.contains("`--vary u.a=1,2`: no key `u` in the intake"), "{e}");
    }
}
