//! The acceptance summary: the plain-text record of the client's choice that the HTML
//! proposal lets the client copy or download, and that `propose verify` reads back. This
//! module owns its format (writing one, reading one); checking one against an intake is
//! [`crate::verify`]'s.
//!
//! The format the page writes: UTF-8, in the proposal's language, every line ending with
//! `\n`: the language pack's `html.summary_title`, then one line per fact, each its label and
//! value joined by the pack's `html.summary_line` (`{label}: {value}`; French puts a
//! no-break space before the colon):
//!
//! ```text
//! Proposal acceptance
//! Proposal: CD-2026-030
//! Option: Extended
//! One-time: €10,377.60
//! Per month: €4,842.42
//! Total contract value: €68,486.64
//! Reference: 7d67c574591c
//! ```
//!
//! A `Revision` line follows the proposal's when it has one, `Option` only when it offers
//! options, and the one-time and monthly lines only when not zero. Amounts are the pricing
//! engine's, after discounts and tax, written as the proposal writes them.
//!
//! Version 1, which the first HTML pages wrote, is read as well (a client may still send
//! one): English whatever the proposal's language, first line [`HEADER`], then one
//! `Key: value` line for each of [`KEYS`], `-` for no revision or no options, amounts as plain
//! decimals (`quote --format json`'s).

use crate::diag::{Error, Result};
use crate::money::Money;
use crate::proposal::{Offer, Proposal, Totals};

/// Version 1's first line.
pub const HEADER: &str = "Proposal acceptance (propose 1)";

/// Version 1's keys after the header, in their order.
pub const KEYS: [&str; 8] =
    ["Proposal", "Revision", "Content hash", "Option", "Currency", "One-time", "Monthly", "Contract value"];

/// What stands for an absent revision or option in version 1.
pub const NONE: &str = "-";

/// The language pack's strings a summary is written with, besides the totals' labels, which
/// the page's template uses too.
pub const STRINGS: [&str; 6] = [
    "html.summary_title",
    "html.summary_line",
    "html.summary_proposal",
    "html.summary_revision",
    "html.summary_option",
    "html.summary_reference",
];

/// One line of a summary after its title: its label and value, and the line as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fact {
    pub label: String,
    pub value: String,
    pub line: String,
    /// The line's text before its value: the label and its punctuation.
    pub prefix: String,
}

/// The summary of option `option` of `p` (its index in `p.options`), or of the proposal's
/// one offer when `option` is `None`: its title and its facts. `None` when `p` has no such
/// option; an error when the language pack lacks one of the summary's strings.
pub fn facts(p: &Proposal, option: Option<usize>) -> Option<Result<(String, Vec<Fact>)>> {
    let (name, offer) = match option {
        Some(i) => {
            let o = p.options.get(i)?;
            (Some(o.name.as_str()), &o.offer)
        }
        None => (None, &p.offer),
    };
    Some(write_facts(p, name, offer))
}

fn write_facts(p: &Proposal, name: Option<&str>, offer: &Offer) -> Result<(String, Vec<Fact>)> {
    let totals = &offer.totals;
    let text = |key: &str| {
        p.strings.text(key, None).map(str::to_string).ok_or_else(|| {
            Error::Internal(format!("the language pack has no `{key}`, which the acceptance summary needs"))
        })
    };
    let (locale, currency) = (p.proposal.locale, p.proposal.currency);
    let money = |m: Money| locale.money(m.amount(), currency);
    let mut pairs = vec![(text("html.summary_proposal")?, p.proposal.number.clone())];
    if let Some(revision) = &p.proposal.revision {
        pairs.push((text("html.summary_revision")?, revision.clone()));
    }
    if let Some(name) = name {
        pairs.push((text("html.summary_option")?, name.to_string()));
    }
    if !totals.one_time.amount().is_zero() {
        // A project's price sums with the one-time fees but is paid by milestones or monthly:
        // the label says so, as the pricing section's totals table does.
        let label = if offer.has_project() { "pricing.project_and_one_time" } else { "pricing.one_time" };
        pairs.push((text(label)?, money(totals.one_time)));
    }
    if !totals.monthly.amount().is_zero() {
        pairs.push((text("pricing.per_month")?, money(totals.monthly)));
    }
    pairs.push((text("at-a-glance.total")?, money(totals.contract_value)));
    pairs.push((text("html.summary_reference")?, p.content_hash.clone()));
    let format = text("html.summary_line")?;
    let facts = pairs
        .into_iter()
        .map(|(label, value)| {
            let line = format.replace("{label}", &label).replace("{value}", &value);
            let prefix = format.split("{value}").next().unwrap_or_default().replace("{label}", &label);
            Fact { label, value, line, prefix }
        })
        .collect();
    Ok((text("html.summary_title")?, facts))
}

/// What a summary's line for the pack's label `key` starts with (`Revision: `), or `None`
/// when the pack lacks the label or the line's format.
pub fn prefix(p: &Proposal, key: &str) -> Option<String> {
    let format = p.strings.text("html.summary_line", None)?;
    let label = p.strings.text(key, None)?;
    Some(format.split("{value}").next().unwrap_or_default().replace("{label}", label))
}

/// The summary's text, as the page offers it: the title and each fact's line.
pub fn summary(p: &Proposal, option: Option<usize>) -> Option<Result<String>> {
    Some(facts(p, option)?.map(|(title, facts)| {
        let mut out = format!("{title}\n");
        for fact in facts {
            out.push_str(&fact.line);
            out.push('\n');
        }
        out
    }))
}

/// Text as compared: every space (a no-break space, a narrow one) as a plain space, so a
/// summary pasted through a mail program that turned them into spaces still reads the same.
pub fn plain(text: &str) -> String {
    text.chars().map(|c| if c.is_whitespace() { ' ' } else { c }).collect::<String>().trim().to_string()
}

/// The values of a version 1 summary's lines after the header, in [`KEYS`] order.
pub fn values(p: &Proposal, name: &str, totals: &Totals) -> [String; 8] {
    let amount = |m: Money| m.amount().to_string();
    [
        p.proposal.number.clone(),
        p.proposal.revision.clone().unwrap_or_else(|| NONE.to_string()),
        p.content_hash.clone(),
        name.to_string(),
        totals.currency.to_string(),
        amount(totals.one_time),
        amount(totals.monthly),
        amount(totals.contract_value),
    ]
}

/// Whether `bytes` is to be read as an acceptance summary of `p`: its first line is the
/// title of `p`'s language pack, or starts with version 1's words (of any version, so that
/// another version is reported as such), or it is a short text that is no other document
/// (no proposal in Markdown, HTML, JSON or PDF is this short) with the summary's line naming
/// the proposal or giving its content hash, so that a summary whose title was changed is
/// reported as one.
pub fn is_summary(bytes: &[u8], p: &Proposal) -> bool {
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    if versioned(bytes) {
        return true;
    }
    let other = [&b"#"[..], b"<", b"{", b"%PDF"].iter().any(|start| bytes.trim_ascii_start().starts_with(start));
    if bytes.len() <= SHORT && !other {
        // A short text with the summary's line naming the proposal or giving its hash.
        let Ok(text) = std::str::from_utf8(bytes) else { return false };
        let facts = match facts(p, p.options.first().map(|_| 0)) {
            Some(Ok((_, facts))) => facts,
            _ => return false,
        };
        let telling = [facts.first(), facts.last()];
        return text.lines().any(|l| telling.iter().flatten().any(|f| plain(l) == plain(&f.line)));
    }
    let first = bytes.split(|b| *b == b'\n').next().unwrap_or_default();
    let title = p.strings.text("html.summary_title", None);
    std::str::from_utf8(first).is_ok_and(|first| title.is_some_and(|t| plain(first) == plain(t)))
}

/// The most bytes a text read as a summary by its length alone has (a summary has some 200).
const SHORT: usize = 1024;

/// Whether `bytes` starts with version 1's words before its version number.
fn versioned(bytes: &[u8]) -> bool {
    bytes.starts_with(b"Proposal acceptance (propose ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_version_1_by_its_first_words() {
        assert!(versioned(format!("{HEADER}\nProposal: X\n").as_bytes()));
        assert!(versioned(b"Proposal acceptance (propose 2)\n"));
        assert!(!versioned(b"# Proposal acceptance\n"));
        assert!(!versioned(b"%PDF-1.7"));
    }

    #[test]
    fn comparison_treats_every_space_alike() {
        assert_eq!(plain("Total\u{a0}: 10\u{202f}377,60\u{a0}€ \r"), "Total : 10 377,60 €");
    }
}
