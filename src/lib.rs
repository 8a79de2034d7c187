//! `propose` turns a client intake into a priced, scheduled consulting proposal.
//!
//! The pipeline runs one way: [`catalog`] + [`intake`] → [`pricing`] (a quote) →
//! [`schedule`] (timeline, milestones, payments) → [`proposal`] (the model every renderer
//! consumes) → [`render`] (text, JSON, Markdown, PDF).

#![recursion_limit = "256"]

pub mod catalog;
pub mod diag;
pub mod embedded;
pub mod intake;
pub mod money;
pub mod policy;
pub mod pricing;
pub mod proposal;
pub mod render;
pub mod schedule;

use diag::{Result, Source};

/// Runs the pipeline on one intake: parse and check, price, schedule, assemble the model.
pub fn build(source: &Source, catalog: &catalog::Catalog) -> Result<proposal::Proposal> {
    let intake = intake::parse(source, catalog)?;
    let quote = pricing::quote(&intake, catalog)?;
    let schedule = schedule::schedule(&intake, catalog, &quote)?;
    Ok(proposal::Proposal::new(&intake, catalog, quote, schedule))
}

pub mod batch;
pub mod cli;
pub mod commands;
pub mod diff;
pub mod init;
pub mod schema;
pub mod verify;
pub mod output;

/// The version line: the tool's and the embedded catalog's.
pub fn version() -> &'static str {
    concat!(env!("CARGO_PKG_VERSION"), " (catalog ", env!("PROPOSE_CATALOG_VERSION"), ")")
}
