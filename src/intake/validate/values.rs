//! Single values: texts, list entries, dates, integers and decimals, each checked and located.

use super::Checker;
use crate::diag::{did_you_mean, one_of};
use crate::intake::raw::*;
use crate::intake::text;
use crate::intake::*;
use std::str::FromStr;
use toml::Spanned;

use crate::intake::limits::*;

impl Checker<'_> {
    pub(super) fn error(
        &mut self,
        span: std::ops::Range<usize>,
        message: impl Into<String>,
        label: Option<String>,
        help: impl Into<String>,
    ) {
        let mut d = Diagnostic::new(message).at(Location::of(self.source, span)).help(help);
        d.label = label;
        self.found.push(d);
    }

    /// Looks `found` up among `known` names; on a miss reports "unknown WHAT" with a
    /// "did you mean" and the list of valid names.
    pub(super) fn lookup<T: Copy>(&mut self, what: &str, found: &Spanned<String>, known: &[(&str, T)]) -> Option<T> {
        if let Some((_, v)) = known.iter().find(|(n, _)| *n == found.get_ref()) {
            return Some(*v);
        }
        let names = known.iter().map(|(n, _)| *n);
        let label = match did_you_mean(found.get_ref(), names.clone()) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!("not a known {what}"),
        };
        self.error(
            found.span(),
            format!("unknown {what} `{}`", found.get_ref()),
            Some(label),
            format!("use one of {}", one_of(names)),
        );
        None
    }

    /// A single-line text: a name, a label, a number.
    pub(super) fn text(&mut self, s: &Spanned<String>, key: &str) -> Option<String> {
        self.checked_text(s, key, false)
    }

    /// A text that may run over several lines: an address, a reason, a description.
    pub(super) fn prose(&mut self, s: &Spanned<String>, key: &str) -> Option<String> {
        self.checked_text(s, key, true)
    }

    fn checked_text(&mut self, s: &Spanned<String>, key: &str, multiline: bool) -> Option<String> {
        let t = s.get_ref().trim();
        match text::problem(t, multiline) {
            None => Some(t.to_string()),
            Some(text::Problem::Empty) => {
                self.error(s.span(), format!("`{key}` is empty"), None, format!("write the {key}, or remove the key"));
                None
            }
            Some(p) => {
                self.error(s.span(), format!("`{key}` {}", p.describe()), None, p.help(multiline));
                None
            }
        }
    }

    /// One entry of a list of texts such as `objectives`; entries may run over several lines.
    pub(super) fn entry(&mut self, s: &Spanned<String>, key: &str) -> Option<String> {
        if s.get_ref().trim().is_empty() {
            self.error(
                s.span(),
                format!("an entry of `{key}` is empty"),
                None,
                format!("write the entry, or remove it from `{key}`"),
            );
            return None;
        }
        self.prose(s, key)
    }

    /// The first line of a table from `at`, e.g. `[[engagement]]`, for problems with the
    /// table as a whole.
    pub(super) fn header(&self, at: usize) -> std::ops::Range<usize> {
        let rest = self.source.text.get(at..).unwrap_or_default();
        let line = rest.split('\n').next().unwrap_or_default().trim_end();
        at..at + line.len().max(1)
    }

    /// A text the PDF sets in a fixed place, at most `max` characters: `path` names it in
    /// full (`client.name`) and `place` says where it goes.
    pub(super) fn short_text(&mut self, s: &Spanned<String>, path: &str, max: usize, place: &str) -> Option<String> {
        let key = path.rsplit('.').next().unwrap_or(path);
        let t = self.text(s, key)?;
        let count = t.chars().count();
        if count > max {
            self.error(
                s.span(),
                format!("`{path}` is {count} characters long; at most {max} fit {place}"),
                None,
                format!("shorten `{path}` to at most {max} characters"),
            );
            return None;
        }
        Some(t)
    }

    pub(super) fn opt_text(&mut self, s: &Option<Spanned<String>>, key: &str) -> Option<String> {
        s.as_ref().and_then(|s| self.text(s, key))
    }

    pub(super) fn opt_prose(&mut self, s: &Option<Spanned<String>>, key: &str) -> Option<String> {
        s.as_ref().and_then(|s| self.prose(s, key))
    }

    pub(super) fn date(&mut self, v: &Value, key: &str) -> Option<NaiveDate> {
        let parsed = match v.get_ref() {
            toml::Value::Datetime(dt) if dt.time.is_none() && dt.offset.is_none() => {
                dt.date.and_then(|d| NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day)))
            }
            toml::Value::String(s) => NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok(),
            _ => None,
        };
        match parsed {
            Some(d) if YEARS.contains(&chrono::Datelike::year(&d)) => Some(d),
            Some(d) => {
                self.error(
                    v.span(),
                    format!("`{key}` {d} is out of range"),
                    None,
                    format!("use a date in the years {} to {}", YEARS.start(), YEARS.end()),
                );
                None
            }
            None => {
                self.error(
                    v.span(),
                    format!("`{key}` must be a date, found {}", describe(v.get_ref())),
                    None,
                    if key == "holidays" {
                        "write each holiday as a date, e.g. `holidays = [2026-12-25]` (year-month-day)".to_string()
                    } else {
                        format!("write it as `{key} = 2026-03-02` (year-month-day)")
                    },
                );
                None
            }
        }
    }

    /// An integer in `range`.
    pub(super) fn integer(
        &mut self,
        v: &Value,
        key: &str,
        range: std::ops::RangeInclusive<i64>,
        help: &str,
    ) -> Option<i64> {
        match v.get_ref() {
            toml::Value::Integer(i) if range.contains(i) => Some(*i),
            toml::Value::Integer(i) => {
                let what = if *i < 0 {
                    "negative"
                } else if *i == 0 {
                    "zero"
                } else {
                    "too large"
                };
                self.error(
                    v.span(),
                    format!("`{key}` is {what}: {i}"),
                    Some(format!("expected {} to {}", range.start(), range.end())),
                    help,
                );
                None
            }
            other => {
                self.error(v.span(), format!("`{key}` must be a whole number, found {}", describe(other)), None, help);
                None
            }
        }
    }

    /// A decimal read from the literal's own text (never through a float), in `(low, high]`
    /// or `[low, high]` as `low_inclusive` says.
    pub(super) fn decimal(
        &mut self,
        v: &Value,
        key: &str,
        low: Decimal,
        low_inclusive: bool,
        high: Decimal,
        help: &str,
    ) -> Option<Decimal> {
        let literal = &self.source.text[v.span()];
        let parsed = match v.get_ref() {
            toml::Value::Integer(i) => Some(Decimal::from(*i)),
            toml::Value::Float(_) => {
                let digits: String = literal.chars().filter(|c| *c != '_').collect();
                Decimal::from_str(&digits).or_else(|_| Decimal::from_scientific(&digits)).ok()
            }
            toml::Value::String(s) => Decimal::from_str(s.trim()).ok(),
            _ => None,
        };
        let Some(d) = parsed else {
            let message = match v.get_ref() {
                toml::Value::Float(f) if f.is_finite() && f.abs() >= 1.0 => format!("`{key}` is too large: {literal}"),
                toml::Value::Float(f) if f.is_finite() => format!("`{key}` has too many digits: {literal}"),
                other => format!("`{key}` must be a number, found {}", describe(other)),
            };
            self.error(v.span(), message, None, help);
            return None;
        };
        let above_low = if low_inclusive { d >= low } else { d > low };
        if above_low && d <= high {
            return Some(d.normalize());
        }
        let what = if d.is_sign_negative() && !d.is_zero() {
            "negative"
        } else if d.is_zero() {
            "zero"
        } else if d > high {
            "too large"
        } else {
            "out of range"
        };
        let bound =
            if low_inclusive { format!("from {low} to {high}") } else { format!("more than {low}, at most {high}") };
        self.error(v.span(), format!("`{key}` is {what}: {d}"), Some(format!("expected {bound}")), help);
        None
    }
}

fn describe(v: &toml::Value) -> String {
    match v {
        toml::Value::String(s) => format!("the text \"{}\"", s.chars().take(40).collect::<String>()),
        toml::Value::Integer(i) => format!("the number {i}"),
        toml::Value::Float(f) => format!("the number {f}"),
        toml::Value::Boolean(b) => format!("`{b}`"),
        toml::Value::Datetime(d) => format!("the date-time {d}"),
        toml::Value::Array(_) => "a list".to_string(),
        toml::Value::Table(_) => "a table".to_string(),
    }
}
