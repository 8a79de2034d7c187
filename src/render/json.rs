//! The proposal model as JSON: the stable interface for scripts.

use crate::diag::{Error, Result};
use crate::proposal::Proposal;

/// Pretty JSON with a trailing newline; key order is the model's field order.
pub fn render(p: &Proposal) -> Result<String> {
    let mut s = serde_json::to_string_pretty(p).map_err(|e| Error::Internal(format!("cannot write JSON: {e}")))?;
    s.push('\n');
    Ok(s)
}
