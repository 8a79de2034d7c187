//! Checking an acceptance summary (the format is [`crate::acceptance`]'s) against the
//! intake's proposal: every line present, in order, and each value the one the pricing engine
//! gives for the option it names. Each line that differs is a located error at its value.
//! A summary in the proposal's language is compared with the one its page wrote, every kind
//! of space alike; one of version 1 (English, plain decimals) key by key.

use crate::acceptance::{self, Fact, HEADER, KEYS, NONE};
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
    let versioned = lines.first().is_some_and(|l| l.text.starts_with("Proposal acceptance (propose "));
    if lines.is_empty() || versioned {
        version_1(name, &source, &lines, p)
    } else {
        translated(&source, &lines, p)
    }
}

/// A summary as the page writes it, in the proposal's language.
fn translated(source: &Source, lines: &[Line], p: &Proposal) -> Result<Accepted> {
    let span = |line: &Line, from: usize| {
        let start = line.at + from.min(line.text.len());
        Location::of(source, start..line.at + line.text.len().max(from + 1))
    };
    // Which choice the summary accepts: the option whose line it has (the recommended one's
    // when it names none), or the proposal's one offer.
    let choices: Vec<Option<usize>> =
        if p.options.is_empty() { vec![None] } else { (0..p.options.len()).map(Some).collect() };
    let written = |choice: Option<usize>| match acceptance::facts(p, choice) {
        Some(facts) => facts,
        None => Err(Error::Internal("the acceptance summary names an option the proposal lacks".into())),
    };
    let mut all = Vec::with_capacity(choices.len());
    for choice in &choices {
        all.push((*choice, written(*choice)?));
    }
    let has = |fact: &Fact| lines.iter().any(|l| acceptance::plain(l.text) == acceptance::plain(&fact.line));
    let option_fact = |facts: &[Fact]| -> Option<Fact> {
        let label = p.strings.text("html.summary_option", None)?;
        facts.iter().find(|f| f.label == label).cloned()
    };
    let chosen = all.iter().position(|(_, (_, facts))| option_fact(facts).is_some_and(|f| has(&f)));
    let (choice, (title, facts)) = match chosen {
        Some(i) => all.swap_remove(i),
        None if p.options.is_empty() => all.swap_remove(0),
        None => {
            let recommended = p.options.iter().position(|o| o.recommended).unwrap_or(0);
            let (_, (_, facts)) = &all[recommended];
            let option = option_fact(facts);
            // The line that stands where the option's should: located at its value.
            let prefix = option.as_ref().map(|f| f.prefix.clone());
            let found = prefix.as_ref().and_then(|prefix| {
                lines.iter().find_map(|l| {
                    let plain_prefix = acceptance::plain(prefix);
                    acceptance::plain(l.text).strip_prefix(&plain_prefix).map(|_| l)
                })
            });
            let names = p.options.iter().map(|o| o.name.as_str());
            return Err(match (found, prefix) {
                (Some(line), Some(prefix)) => {
                    let from = line.text.len() - line.text.trim_start().len() + prefix_len(line.text, &prefix);
                    let named = line.text[from..].trim();
                    let help = match did_you_mean(named, names.clone()) {
                        Some(c) => format!("did you mean `{c}`? The proposal's options are {}", one_of(names)),
                        None => format!("the proposal's options are {}", one_of(names)),
                    };
                    let from = from + (line.text[from..].len() - line.text[from..].trim_start().len());
                    Diagnostic::new(format!(
                        "the summary accepts option `{named}`, which proposal {} does not offer",
                        p.proposal.number
                    ))
                    .at(span(line, from))
                    .label("no such option")
                    .help(help)
                }
                _ => Diagnostic::new(format!(
                    "the summary names no option of proposal {}, which offers {}",
                    p.proposal.number,
                    one_of(names)
                ))
                .at(Location::file(&source.name))
                .help(CHANGED),
            }
            .into());
        }
    };
    let option = choice.map(|i| p.options[i].name.clone());
    let whose = match &option {
        Some(o) => format!("for option `{o}`"),
        None => format!("for proposal {}", p.proposal.number),
    };
    let end = Location::of(source, source.text.len()..source.text.len());
    let first = &lines[0];
    if acceptance::plain(first.text) != acceptance::plain(&title) {
        return Err(Diagnostic::new(format!(
            "`{}` is not the first line of an acceptance summary of proposal {}: expected `{title}`",
            crate::verify::cut(first.text, 60),
            p.proposal.number
        ))
        .at(span(first, 0))
        .label(format!("expected `{title}`"))
        .help(CHANGED)
        .into());
    }
    let mut wrong = Vec::new();
    for (i, fact) in facts.iter().enumerate() {
        let Some(line) = lines.get(i + 1) else {
            return Err(Diagnostic::new(format!("the summary ends before its `{}` line", fact.label))
                .at(end)
                .label(format!("expected `{}`", fact.line))
                .help(CHANGED)
                .into());
        };
        if acceptance::plain(line.text) == acceptance::plain(&fact.line) {
            continue;
        }
        let prefix = fact.prefix.as_str();
        let found = acceptance::plain(line.text);
        match found.strip_prefix(acceptance::plain(prefix).as_str()) {
            // The right label: the value differs.
            Some(value) if !prefix.trim().is_empty() => {
                let from = line.text.len() - line.text.trim_start().len() + prefix_len(line.text, prefix);
                wrong.push(
                    Diagnostic::new(format!(
                        "the summary's `{}` is `{}`, but the intake gives `{}` {whose}",
                        fact.label,
                        crate::verify::cut(value.trim(), 40),
                        fact.value
                    ))
                    .at(span(line, from))
                    .label(format!("expected `{}`", fact.value))
                    .help(CHANGED),
                )
            }
            // A summary of a revision this intake does not give.
            _ if p.proposal.revision.is_none() && revision_line(p, line.text) => {
                let from = line.text.len() - line.text.trim_start().len()
                    + acceptance::prefix(p, "html.summary_revision").map_or(0, |r| prefix_len(line.text, &r));
                let revision = line.text[from..].trim();
                return Err(Diagnostic::new(format!(
                    "the summary accepts revision `{}` of proposal {}, but the intake gives no revision",
                    crate::verify::cut(revision, 40),
                    p.proposal.number
                ))
                .at(span(line, from))
                .label("not the intake's revision")
                .help(format!(
                    "verify it against that revision's intake (`--set proposal.revision={}` if only the revision \
                     differs), or send the client this proposal's page",
                    crate::verify::cut(revision, 40)
                ))
                .into());
            }
            _ => {
                return Err(Diagnostic::new(format!(
                    "line {} is `{}`, expected the `{}` line",
                    i + 2,
                    crate::verify::cut(line.text, 60),
                    fact.label
                ))
                .at(span(line, 0))
                .label(format!("expected `{}`", fact.line))
                .help(CHANGED)
                .into())
            }
        }
    }
    if let Some(extra) = lines[facts.len() + 1..].iter().find(|l| !l.text.trim().is_empty()) {
        let last = facts.last().map_or("", |f| f.label.as_str());
        return Err(Diagnostic::new(format!(
            "the summary goes on after its `{last}` line: `{}`",
            crate::verify::cut(extra.text, 60)
        ))
        .at(span(extra, 0))
        .label("not part of the summary")
        .help(CHANGED)
        .into());
    }
    match wrong.len() {
        0 => Ok(Accepted { option }),
        1 => Err(Error::from(wrong.remove(0))),
        _ => Err(Error::Inputs(wrong)),
    }
}

/// Whether `text` is a summary's revision line.
fn revision_line(p: &Proposal, text: &str) -> bool {
    acceptance::prefix(p, "html.summary_revision")
        .is_some_and(|r| acceptance::plain(text).starts_with(acceptance::plain(&r).as_str()))
}

/// The byte length in `text` (its leading spaces left out) of what reads as `prefix`, every
/// space alike: where the value starts.
fn prefix_len(text: &str, prefix: &str) -> usize {
    let text = text.trim_start();
    let mut chars = text.char_indices();
    for want in prefix.chars() {
        match chars.next() {
            Some((_, c)) if c == want || (c.is_whitespace() && want.is_whitespace()) => {}
            Some((i, _)) => return i,
            None => return text.len(),
        }
    }
    chars.next().map_or(text.len(), |(i, _)| i)
}

/// A summary of version 1: English, one `Key: value` line for each of [`KEYS`].
fn version_1(name: &str, source: &Source, lines: &[Line], p: &Proposal) -> Result<Accepted> {
    let span = |line: &Line, from: usize| {
        let start = line.at + from.min(line.text.len());
        Location::of(source, start..line.at + line.text.len().max(from + 1))
    };
    let end = Location::of(source, source.text.len()..source.text.len());
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
