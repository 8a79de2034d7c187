//! The acceptance summary: the plain-text record of the client's choice that the HTML
//! proposal lets the client copy or download, and that `propose verify` reads back. This
//! module owns its format (writing one, reading one); checking one against an intake is
//! [`crate::verify`]'s.
//!
//! The format, version 1: UTF-8, one `Key: value` line each, in this order, every line
//! ending with `\n`:
//!
//! ```text
//! Proposal acceptance (propose 1)
//! Proposal: CD-2026-030
//! Revision: r2
//! Content hash: 7d67c574591c
//! Option: Extended
//! Currency: EUR
//! One-time: 10377.60
//! Monthly: 4842.42
//! Contract value: 68486.64
//! ```
//!
//! `Revision` is `-` for a proposal without one; `Option` is `-` for a proposal without
//! options. Amounts are the pricing engine's, after discounts and tax, as plain decimals
//! with the currency's minor unit (as `quote --format json` writes them), so the record
//! reads the same in every language and is compared exactly.

use crate::money::Money;
use crate::proposal::{Proposal, Totals};

/// The first line, which says a file is an acceptance summary and which version.
pub const HEADER: &str = "Proposal acceptance (propose 1)";

/// The keys after the header, in their order.
pub const KEYS: [&str; 8] =
    ["Proposal", "Revision", "Content hash", "Option", "Currency", "One-time", "Monthly", "Contract value"];

/// What stands for an absent revision or option.
pub const NONE: &str = "-";

/// The summary of option `option` of `p` (its index in `p.options`), or of the proposal's
/// one offer when `option` is `None`. `None` when `p` has no such option.
pub fn summary(p: &Proposal, option: Option<usize>) -> Option<String> {
    let (name, totals) = match option {
        Some(i) => {
            let o = p.options.get(i)?;
            (o.name.as_str(), &o.offer.totals)
        }
        None => (NONE, &p.offer.totals),
    };
    Some(write(p, name, totals))
}

/// The values of a summary's lines after the header, in [`KEYS`] order.
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

fn write(p: &Proposal, name: &str, totals: &Totals) -> String {
    let mut out = format!("{HEADER}\n");
    for (key, value) in KEYS.iter().zip(values(p, name, totals)) {
        out.push_str(&format!("{key}: {value}\n"));
    }
    out
}

/// Whether `bytes` is an acceptance summary (of any version): it starts with the header's
/// words before the version.
pub fn is_summary(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    bytes.starts_with(b"Proposal acceptance (propose ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_summaries_by_their_first_words() {
        assert!(is_summary(format!("{HEADER}\nProposal: X\n").as_bytes()));
        assert!(is_summary(b"\xef\xbb\xbfProposal acceptance (propose 2)\n"));
        assert!(!is_summary(b"# Proposal acceptance\n"));
        assert!(!is_summary(b"%PDF-1.7"));
    }
}
