//! `propose quote`: price and schedule one intake and print the quote, the firm's own view.

use super::{emit, prepare, report, unsealed, warn_of_a_stale_rate};
use crate::cli::{Format, QuoteArgs};
use propose::catalog::Catalog;
use propose::diag::{exit, Result};
use propose::render;

pub fn run(args: QuoteArgs, catalog: &Catalog, color: bool) -> Result<i32> {
    let (path, sets, approval) = (&args.intake, &args.sets, &args.approval);
    let (p, out) = match args.format {
        Format::Json => {
            let p = prepare(path, sets, catalog, approval)?;
            let out = render::json::firm(&p)?;
            (p, out)
        }
        Format::Text => {
            let p = unsealed(path, sets, catalog, approval)?;
            let out = render::text::render(&p, args.explain);
            (p, out)
        }
    };
    warn_of_a_stale_rate(path, &p, catalog);
    super::warn_of_foreign_texts(path, &p, color);
    emit(&out)?;
    // The quote is the firm's own view, so it prints even when it needs approval.
    match p.policy.as_ref().map_or(Ok(()), |r| r.enforce(args.approval.draft)) {
        Ok(()) => Ok(exit::OK),
        Err(e) => {
            report(&e, color);
            Ok(e.exit_code())
        }
    }
}
