//! The pricing engine: turns a checked intake into a quote of line items, each recording how
//! it was computed, with discounts, tax and totals per engagement and for the proposal.
//! Every figure is a `Decimal` rounded once by [`crate::money`]'s rule; nothing here formats.

mod advisory;
mod managed;
mod project;
mod totals;

use crate::catalog::{Catalog, ModelKind};
use crate::diag::{Diagnostic, Result};
use crate::intake::{Intake, Terms};
use crate::money::{Currency, Money};
use rust_decimal::Decimal;
use serde::Serialize;

pub use totals::Sums;
pub(crate) use totals::{discount_label, pro_rata};

/// The priced proposal: one currency, engagements in intake order, and the totals.
#[derive(Debug, Clone, Serialize)]
pub struct Quote {
    pub currency: Currency,
    /// Units of `currency` per unit of the catalog's base currency: the rate it was priced at.
    #[serde(skip)]
    pub fx: Decimal,
    pub engagements: Vec<EngagementQuote>,
    pub discounts: Vec<AppliedDiscount>,
    pub totals: Totals,
}

/// Whether an amount is paid once or every month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Recurrence {
    OneTime,
    Monthly,
}

/// One engagement's price.
#[derive(Debug, Clone, Serialize)]
pub struct EngagementQuote {
    pub model: ModelKind,
    pub lines: Vec<LineItem>,
    pub one_time: Sums,
    /// Per month, for `months` months.
    pub monthly: Sums,
    /// The amount of each of the intake's tax lines, in their order (summing to `tax`).
    pub one_time_taxes: Vec<Money>,
    pub monthly_taxes: Vec<Money>,
    pub months: u32,
    /// `one_time.total + monthly.total × months`.
    pub contract_value: Money,
    /// Time and materials: the likely range of the one-time total (its high end at most the
    /// cap).
    pub estimate_range: Option<(Money, Money)>,
    /// Time and materials: the intake's cap on the invoices, at least the estimate.
    pub not_to_exceed: Option<Money>,
    /// Projects: per process phase, the most hours any one role works in it (zero when
    /// skipped). The schedule turns these into durations.
    pub phase_hours: Vec<Decimal>,
    /// Advisory: hours included each month, and the rate for hours beyond them.
    pub included_hours: Option<Decimal>,
    pub overage_rate: Option<Money>,
    /// Advisory: the retainer package the hours fall into.
    pub package: Option<String>,
    /// What the engagement costs the firm over the contract (for margins; never shown to
    /// the client).
    pub cost: Money,
}

/// A priced line, with the arithmetic that produced it.
#[derive(Debug, Clone, Serialize)]
pub struct LineItem {
    pub label: String,
    pub recurrence: Recurrence,
    /// `Σ calc[].value`, rounded.
    pub amount: Money,
    pub calc: Vec<CalcTerm>,
    /// Projects: the index of the process phase this line prices.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phase: Option<usize>,
    /// A fixed price's risk premium set apart: invoiced only if the client releases it.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub contingency: bool,
}

/// `quantity unit × rate × factors… = value` (value unrounded).
#[derive(Debug, Clone, Serialize)]
pub struct CalcTerm {
    pub label: String,
    pub quantity: Decimal,
    /// The unit for a count of one ("server").
    pub unit: String,
    /// The unit for any other count ("servers"), when it differs from `unit`; the language's
    /// plural rule picks between them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub units: Option<String>,
    pub rate: Money,
    pub factors: Vec<Factor>,
    pub value: Decimal,
}

#[derive(Debug, Clone, Serialize)]
pub struct Factor {
    pub label: String,
    pub value: Decimal,
}

/// A discount as applied to one engagement and one kind of fee.
#[derive(Debug, Clone, Serialize)]
pub struct AppliedDiscount {
    pub label: String,
    /// Which of the intake's discounts it is (its index), for the proposal's sums.
    #[serde(skip)]
    pub discount: usize,
    pub engagement: usize,
    pub recurrence: Recurrence,
    pub amount: Money,
}

/// The proposal's totals: sums of the engagements' figures.
#[derive(Debug, Clone, Serialize)]
pub struct Totals {
    pub one_time: Sums,
    pub monthly: Sums,
    pub contract_value: Money,
    /// What the client withholds from the fees for its tax office, when its country makes it.
    pub withholding: Option<Withheld>,
}

/// A withholding tax over the contract: the client pays `amount` to its tax office and `net`
/// (the contract value less it) to the firm.
#[derive(Debug, Clone, Serialize)]
pub struct Withheld {
    pub label: String,
    pub percent: crate::money::Percent,
    pub authority: Option<String>,
    pub amount: Money,
    pub net: Money,
}

/// Prices every engagement of the intake's scope.
pub fn quote(intake: &Intake, catalog: &Catalog) -> Result<Quote> {
    let currency = intake.meta.currency;
    // The intake's check guarantees the catalog prices in its currency.
    let fx = catalog.fx_on(currency.code, intake.meta.date).ok_or_else(|| {
        crate::diag::Error::Internal(format!("no exchange rate for checked currency {}", currency.code))
    })?;
    let ctx = Ctx { catalog, currency, fx, locale: intake.meta.locale };
    let mut engagements = Vec::with_capacity(intake.scope.engagements.len());
    for e in &intake.scope.engagements {
        let (lines, extra) = match &e.terms {
            Terms::Project(t) => project::price(&ctx, t)?,
            Terms::Advisory(t) => advisory::price(&ctx, t)?,
            Terms::Managed(t) => managed::price(&ctx, t)?,
        };
        engagements.push((e.model(), lines, extra));
    }
    totals::finish(&ctx, intake, engagements)
}

/// What every model's pricing needs: the catalog, the currency to price in and its rate.
pub(crate) struct Ctx<'a> {
    pub catalog: &'a Catalog,
    pub currency: Currency,
    /// Units of `currency` per unit of the catalog's base currency.
    pub fx: Decimal,
    /// How the proposal writes a percentage in a line's explanation ("Risikozuschlag 12,5 %").
    pub locale: crate::locale::Locale,
}

/// Model-specific facts beside the lines.
#[derive(Debug, Default)]
pub(crate) struct Extra {
    pub months: u32,
    pub tm: bool,
    pub phase_hours: Vec<Decimal>,
    pub included_hours: Option<Decimal>,
    pub overage_rate: Option<Money>,
    pub package: Option<String>,
    /// The firm's cost over the contract, unrounded.
    pub cost: Decimal,
}

impl Ctx<'_> {
    /// A catalog price (in the base currency) in the proposal currency, rounded.
    pub fn price(&self, base: Decimal) -> Result<Money> {
        Ok(Money::round(mul(base, self.fx)?, self.currency))
    }
}

/// `a × b`, or an error instead of an overflow.
pub(crate) fn mul(a: Decimal, b: Decimal) -> Result<Decimal> {
    a.checked_mul(b).ok_or_else(overflow)
}

pub(crate) fn add(a: Decimal, b: Decimal) -> Result<Decimal> {
    a.checked_add(b).ok_or_else(overflow)
}

pub(crate) fn overflow() -> crate::diag::Error {
    Diagnostic::new("the quote's figures are too large to compute exactly")
        .help("check the quantities in the intake and the prices in the catalog")
        .into()
}

/// Builds a line from its terms: each term's value is `quantity × rate × factors`, and the
/// line's amount is their sum, rounded once.
pub(crate) fn line(
    ctx: &Ctx,
    label: String,
    recurrence: Recurrence,
    mut calc: Vec<CalcTerm>,
    phase: Option<usize>,
) -> Result<LineItem> {
    let mut sum = Decimal::ZERO;
    for t in &mut calc {
        let mut v = mul(t.quantity, t.rate.amount())?;
        for f in &t.factors {
            v = mul(v, f.value)?;
        }
        t.value = v;
        sum = add(sum, v)?;
    }
    Ok(LineItem { label, recurrence, amount: Money::round(sum, ctx.currency), calc, phase, contingency: false })
}

pub(crate) fn term(
    label: impl Into<String>,
    quantity: Decimal,
    unit: impl Into<String>,
    rate: Money,
    factors: Vec<Factor>,
) -> CalcTerm {
    CalcTerm { label: label.into(), quantity, unit: unit.into(), units: None, rate, factors, value: Decimal::ZERO }
}

pub(crate) fn factor(label: impl Into<String>, value: Decimal) -> Factor {
    Factor { label: label.into(), value }
}
