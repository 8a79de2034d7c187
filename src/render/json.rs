//! The proposal model as JSON: the stable interface for scripts.

use crate::diag::{Error, Result};
use crate::proposal::Proposal;

/// The client's JSON: pretty, with a trailing newline; key order is the model's field order.
/// It carries no cost, margin or policy review.
pub fn render(p: &Proposal) -> Result<String> {
    pretty(p)
}

/// The firm's JSON (`quote --format json`): the client's, with the pricing-policy review.
pub fn firm(p: &Proposal) -> Result<String> {
    pretty(&crate::proposal::FirmView { proposal: p, policy: &p.policy })
}

fn pretty(value: &impl serde::Serialize) -> Result<String> {
    let mut s = serde_json::to_string_pretty(value).map_err(|e| Error::Internal(format!("cannot write JSON: {e}")))?;
    s.push('\n');
    Ok(s)
}
