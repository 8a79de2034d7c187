//! `propose check`: check intakes, write nothing; exit 2 if any is bad.

use super::{emit, report};
use propose::catalog::Catalog;
use propose::diag::{exit, Result};
use std::path::PathBuf;

pub fn run(intakes: &[PathBuf], catalog: &Catalog, color: bool) -> Result<i32> {
    let mut code = exit::OK;
    for path in intakes {
        match propose::intake::read(path).and_then(|s| propose::build(&s, catalog)) {
            Ok(p) => {
                let n = p.offer.engagements.len();
                emit(&format!("ok: {} ({}, {n} engagement(s))\n", path.display(), p.proposal.number))?
            }
            Err(e) => {
                report(&e, color);
                code = code.max(e.exit_code());
            }
        }
    }
    Ok(code)
}
