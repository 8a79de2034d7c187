//! `propose` turns a client intake into a priced, scheduled consulting proposal.
//!
//! The pipeline runs one way: [`catalog`] + [`intake`] → [`pricing`] (a quote) →
//! [`schedule`] (timeline, milestones, payments) → [`proposal`] (the model every renderer
//! consumes) → [`render`] (text, JSON, Markdown, PDF).

#![recursion_limit = "256"]

pub mod acceptance;
pub mod baked;
pub mod calendar;
pub mod catalog;
pub mod diag;
pub mod embedded;
pub mod folder;
pub mod intake;
pub mod locale;
pub mod money;
pub mod plural;
pub mod policy;
pub mod pricing;
pub mod proposal;
pub mod render;
pub mod schedule;
pub mod spelling;
pub mod tax;
pub mod typography;

use diag::{Result, Source};

/// Runs the pipeline on one intake: parse and check, price, schedule, assemble the model.
/// An intake with options prices and schedules each option's variant of the intake; the
/// model's offer is the recommended one's, with every option side by side.
pub fn build(source: &Source, english: &catalog::Catalog) -> Result<proposal::Proposal> {
    assemble(source, english, intake::parse(source, english)?)
}

/// [`build`] from the intake that `source` parses to against the English catalog, already
/// parsed (batch parses an input's TOML once for all its scenarios).
pub fn assemble(source: &Source, english: &catalog::Catalog, intake: intake::Intake) -> Result<proposal::Proposal> {
    let (translated, intake) = in_language(source, english, intake)?;
    let catalog = translated.as_deref().unwrap_or(english);
    let foreign_texts = intake::prose::foreign(&intake, source, catalog);
    if intake.options.is_empty() {
        let (offer, review) = offer(&intake, catalog)?;
        let p = proposal::Proposal::new(&intake, catalog, offer, review, Vec::new());
        return Ok(proposal::Proposal { foreign_texts, ..p });
    }
    let mut recommended = None;
    let mut views = Vec::with_capacity(intake.options.len());
    for option in &intake.options {
        let text = option.apply(source)?;
        let variant = intake::parse(&text, catalog).map_err(|e| option_error(option, e, source, &text))?;
        let (mut offer, review) = offer(&variant, catalog).map_err(|e| option_error(option, e, source, &text))?;
        // The recommended offer is typeset once, by the proposal; each option's here, before
        // its comparison is read from it.
        let untypeset = option.recommended.then(|| offer.clone());
        proposal::typeset_offer(&mut offer, &variant, &catalog.spelling);
        if let Some(o) = untypeset {
            recommended = Some((variant, o, review.clone()));
        }
        views.push(proposal::OptionView::new(
            option.name.clone(),
            option.recommended,
            option.description.clone(),
            offer,
            Some(review),
        ));
    }
    let (variant, offer, review) = recommended.ok_or_else(|| diag::Error::Internal("no recommended option".into()))?;
    let p = proposal::Proposal::new(&variant, catalog, offer, review, views);
    Ok(proposal::Proposal { foreign_texts, ..p })
}

/// [`assemble`]'s figures alone, for an intake without options: the intake as read in its
/// language, its quote's totals, the work's first and last day and the policy review, which
/// are all a batch's row shows; `None` for an intake with options. Assembling the proposal's
/// texts around the offer (`Proposal::new`) was 91.6 M of 636 M instructions in a batch of
/// 2,000 acme-managed scenarios; the offer's payments, milestones and views 186 M of the
/// 482 M left (callgrind, 2026-12-01).
pub fn assemble_figures(
    source: &Source,
    english: &catalog::Catalog,
    intake: intake::Intake,
) -> Result<Option<(intake::Intake, proposal::Figures, policy::Review)>> {
    let (translated, intake) = in_language(source, english, intake)?;
    let catalog = translated.as_deref().unwrap_or(english);
    if !intake.options.is_empty() {
        return Ok(None);
    }
    let quote = pricing::quote(&intake, catalog)?;
    let span = schedule::span(&intake, catalog, &quote)?;
    let (figures, review) = proposal::Figures::new(&intake, catalog, &quote, span);
    Ok(Some((intake, figures, review)))
}

/// The catalog in the intake's language, and the intake read in it: the intake takes labels
/// from the catalog as it is read (its currency's tax label, the tax rule's label and
/// wording), so one in another language is read again in it. `None` for English: the English
/// catalog itself, not a copy (copying it cost every English run 0.33 M instructions of a
/// `quote`'s 5.6 M, callgrind 2026-12-02).
fn in_language(
    source: &Source,
    english: &catalog::Catalog,
    intake: intake::Intake,
) -> Result<(Option<std::sync::Arc<catalog::Catalog>>, intake::Intake)> {
    if intake.meta.language == locale::Language::SOURCE {
        return Ok((None, intake));
    }
    let catalog = english.in_language(intake.meta.language)?;
    let intake = intake::parse(source, &catalog)?;
    Ok((Some(catalog), intake))
}

/// Prices and schedules one intake's scope.
fn offer(intake: &intake::Intake, catalog: &catalog::Catalog) -> Result<(proposal::Offer, policy::Review)> {
    let quote = pricing::quote(intake, catalog)?;
    let schedule = schedule::schedule(intake, catalog, &quote)?;
    Ok(proposal::Offer::new(intake, catalog, quote, schedule))
}

/// An error in an option's variant of the intake: when it stands on a line the option
/// rewrote, it is moved to the override that wrote it; either way it names the option.
fn option_error(option: &intake::ProposalOption, e: diag::Error, source: &Source, text: &Source) -> diag::Error {
    let line = e.diagnostic().and_then(|d| d.location.as_ref()).map_or(0, |l| l.line);
    let rewritten =
        text.text.lines().nth(line.wrapping_sub(1)).filter(|l| source.text.lines().nth(line - 1) != Some(*l));
    let entry = rewritten.and_then(|l| option.sets.iter().find(|(a, _)| l.contains(a.repr())));
    match (entry, e.diagnostic()) {
        (Some((_, span)), _) => option.relocate(e, source, span.clone()),
        (None, Some(d)) => {
            let mut d = d.clone();
            d.message = format!("option `{}`: {}", option.name, d.message);
            d.into()
        }
        (None, None) => e,
    }
}

pub mod batch;
pub mod diff;
#[doc(hidden)]
pub mod fuzzing;
pub mod init;
pub mod output;
pub mod schema;
pub mod verify;
pub mod watch;

/// The version line: the tool's and the embedded catalog's.
pub fn version() -> &'static str {
    concat!(env!("CARGO_PKG_VERSION"), " (catalog ", env!("PROPOSE_CATALOG_VERSION"), ")")
}
