//! `propose quote`: price and schedule one intake and print the quote, the firm's own view.

use super::{emit, prepare, report};
use crate::cli::{Format, QuoteArgs};
use propose::catalog::Catalog;
use propose::diag::{exit, Result};
use propose::render;

pub fn run(args: QuoteArgs, catalog: &Catalog, color: bool) -> Result<i32> {
    let p = prepare(&args.intake, &args.sets, catalog, &args.approval)?;
    let out = match args.format {
        Format::Json => render::json::firm(&p)?,
        Format::Text => render::text::render(&p, args.explain),
    };
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
