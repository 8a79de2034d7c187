//! Checking an acceptance summary (the format is [`crate::acceptance`]'s) against the
//! intake's proposal: every line present, in order, and each value the one the pricing engine
//! gives for the option it names. Each line that differs is a located error at its value.

use crate::acceptance::{self, HEADER, KEYS, NONE};
use crate::diag::{did_you_mean, one_of, Diagnostic, Error, Location, Result, Source};
use crate::proposal::Proposal;

/// A summary that is the proposal's: the option it accepts (`None` for a proposal without
/// options).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Accepted {
    pub option: Option<String>,
}

/// One line of the summary: its 1-based number, its byte offset and its text (no newline).
struct Line<'a> {
    at: usize,
    text: &'a str,
}

const CHANGED: &str = "the summary must be the one the proposal's page wrote, unchanged: ask the client for \
                       that file, or, if the proposal changed since, send the new one";

pub fn verify(name: &str, bytes: &[u8], p: &Proposal) -> Result<Accepted> {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Err(Diagnostic::new(format!("`{name}` is not UTF-8 text, which an acceptance summary is"))
            .at(Location::file(name))
            .help(CHANGED)
            .into());
    };
    let source = Source::new(name, text);
    let bom = if text.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 };
    let mut lines = Vec::new();
    let mut at = bom;
    for raw in text[bom..].split_inclusive('\n') {
        lines.push(Line { at, text: raw.trim_end_matches(['\n', '\r']) });
        at += raw.len();
    }
    let span = |line: &Line, from: usize| {
        let start = line.at + from.min(line.text.len());
        Location::of(&source, start..line.at + line.text.len().max(from + 1))
    };
    let end = Location::of(&source, text.len()..text.len());
    match lines.first() {
        Some(first) if first.text == HEADER => {}
        Some(first) => {
            return Err(Diagnostic::new(format!(
                "`{}` is not a summary format this propose reads: expected `{HEADER}`",
                crate::verify::cut(first.text, 60)
            ))
            .at(span(first, 0))
            .label("unknown format")
            .help("verify reads acceptance summaries written by this version's HTML proposal")
            .into())
        }
        None => {
            return Err(Diagnostic::new(format!("`{name}` is empty")).at(Location::file(name)).help(CHANGED).into())
        }
    }
    // Each key's line and where its value starts.
    let mut found: Vec<(&Line, &str)> = Vec::with_capacity(KEYS.len());
    for (i, key) in KEYS.iter().enumerate() {
        let Some(line) = lines.get(i + 1) else {
            return Err(Diagnostic::new(format!("the summary ends before its `{key}:` line"))
                .at(end)
                .label(format!("expected `{key}: …`"))
                .help(CHANGED)
                .into());
        };
        match line.text.strip_prefix(key).and_then(|rest| rest.strip_prefix(": ")) {
            Some(value) => found.push((line, value)),
            None => {
                return Err(Diagnostic::new(format!(
                    "line {} is `{}`, expected the `{key}:` line",
                    i + 2,
                    crate::verify::cut(line.text, 60)
                ))
                .at(span(line, 0))
                .label(format!("expected `{key}: …`"))
                .help(CHANGED)
                .into())
            }
        }
    }
    if let Some(extra) = lines[KEYS.len() + 1..].iter().find(|l| !l.text.trim().is_empty()) {
        return Err(Diagnostic::new(format!(
            "the summary goes on after its `{}:` line: `{}`",
            KEYS[KEYS.len() - 1],
            crate::verify::cut(extra.text, 60)
        ))
        .at(span(extra, 0))
        .label("not part of the summary")
        .help(CHANGED)
        .into());
    }
    let value_at = |i: usize| span(found[i].0, KEYS[i].len() + 2);
    let (option, totals) = match (found[3].1, p.options.is_empty()) {
        (NONE, true) => (None, &p.offer.totals),
        (named, false) => match p.options.iter().find(|o| o.name == named) {
            Some(o) => (Some(o.name.clone()), &o.offer.totals),
            None => {
                let names = p.options.iter().map(|o| o.name.as_str());
                let close = did_you_mean(named, names.clone());
                let help = match close {
                    Some(c) => format!("did you mean `{c}`? The proposal's options are {}", one_of(names)),
                    None => format!("the proposal's options are {}", one_of(names)),
                };
                return Err(Diagnostic::new(format!(
                    "the summary accepts option `{named}`, which proposal {} does not offer",
                    p.proposal.number
                ))
                .at(value_at(3))
                .label("no such option")
                .help(help)
                .into());
            }
        },
        (named, true) => {
            return Err(Diagnostic::new(format!(
                "the summary accepts option `{named}`, but proposal {} offers no options",
                p.proposal.number
            ))
            .at(value_at(3))
            .label(format!("expected `{NONE}`"))
            .help(CHANGED)
            .into())
        }
    };
    let expected = acceptance::values(p, option.as_deref().unwrap_or(NONE), totals);
    let mut wrong = Vec::new();
    for (i, want) in expected.iter().enumerate() {
        let got = found[i].1;
        if got != want {
            let whose = match &option {
                Some(o) => format!("for option `{o}`"),
                None => format!("for proposal {}", p.proposal.number),
            };
            wrong.push(
                Diagnostic::new(format!(
                    "the summary's `{}` is `{}`, but the intake gives `{want}` {whose}",
                    KEYS[i],
                    crate::verify::cut(got, 40)
                ))
                .at(value_at(i))
                .label(format!("expected `{want}`"))
                .help(CHANGED),
            );
        }
    }
    match wrong.len() {
        0 => Ok(Accepted { option }),
        1 => Err(Error::from(wrong.remove(0))),
        _ => Err(Error::Inputs(wrong)),
    }
}
