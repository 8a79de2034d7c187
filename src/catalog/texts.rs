//! The catalog's wording for proposals: the standing texts (`texts.toml`) and the scope texts
//! of each project scenario (`scenarios.toml`).

use super::{Count, ModelKind};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The firm's standing texts. Placeholders in `{braces}` are filled from the proposal.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Texts {
    /// Joins the last two engagement names in a derived cover title (" and ").
    pub title_and: String,
    /// Joins the names before them (", "; "、" in Japanese).
    pub title_comma: String,
    /// The one sentence that mentions what happened before this proposal.
    pub so_far: String,
    pub working: Working,
    pub response_time: ResponseTimes,
    pub terms: Terms,
    pub next_steps: NextSteps,
    pub options: OptionTexts,
    pub payments: PaymentLabels,
    pub billing: Billing,
    pub pdf: PdfLabels,
    pub quote: QuoteLabels,
}

/// The PDF's own labels, outside the Markdown: the cover, the running heads, the chart's legend,
/// the draft watermark, the contents' heading and the document information. `cover_label` and
/// `running_number` may use `{number}`, `prepared_for_line`, `prepared_for_named` and `subject`
/// `{client}`, `revision`
/// `{revision}`, `reference` `{ref}`, `page` `{n}` and `{total}`, `continued` `{heading}`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PdfLabels {
    pub cover_label: String,
    pub prepared_for_line: String,
    /// The cover's line when the intake names a contact, whom the particulars address: in
    /// Japanese the company then takes no 御中, the person 様.
    pub prepared_for_named: String,
    pub prepared_for: String,
    pub prepared_by: String,
    pub number: String,
    pub date: String,
    pub valid_until: String,
    pub running_number: String,
    pub revision: String,
    pub reference: String,
    pub page: String,
    pub draft: String,
    pub phase: String,
    pub ongoing: String,
    pub milestone: String,
    /// The legend's name for an interim milestone: one part of a long phase's payment.
    pub interim: String,
    pub subject: String,
    /// The heading of a long proposal's table of contents.
    pub contents: String,
    /// The label over a table that goes on at the top of a page its section's heading is not
    /// on: `{heading}` is that heading.
    pub continued: String,
}

/// The terminal quote's words (`propose quote` and its `--explain`): the firm's own view.
/// Each text's placeholders are checked when the catalog loads ([`QuoteLabels::texts`]);
/// a key ending in `_one` is its key's form for a count the language calls singular.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuoteLabels {
    pub heading: String,
    pub dated: String,
    pub exchange_rate: String,
    pub exchange_rate_dated: String,
    pub sample: String,
    pub project: String,
    pub fixed: String,
    pub time_and_materials: String,
    pub small: String,
    pub medium: String,
    pub large: String,
    pub advisory: String,
    pub managed: String,
    pub dates: String,
    pub per_month: String,
    pub per_hour: String,
    pub one_time_discount: String,
    pub monthly_discount: String,
    pub one_time_tax: String,
    pub monthly_tax: String,
    pub one_time_total: String,
    pub monthly_total: String,
    pub estimated_range: String,
    pub overage: String,
    pub options: String,
    pub recommended: String,
    pub option_figures: String,
    pub totals: String,
    pub one_time: String,
    pub monthly: String,
    pub contract_value: String,
    pub net_payment: String,
    /// The tax charged, when some is.
    pub tax: String,
    /// When no tax is charged.
    pub tax_none: String,
    /// The tax rule that decided, shown by `--explain`.
    pub tax_rule: String,
    pub tax_no_country: String,
    pub calendar: String,
    pub calendar_one: String,
    pub calendar_estimated: String,
    pub calendar_estimated_one: String,
    pub weekend_and: String,
    /// The days of the week, Monday first, as the weekend is named.
    pub weekdays: [String; 7],
    pub timeline: String,
    pub timeline_one: String,
    pub phase_days: String,
    pub phase_days_one: String,
    pub phase_ongoing: String,
    pub payments: String,
    pub payments_one: String,
    pub rounded: String,
    pub margins: String,
    pub margin: String,
    pub margin_overall: String,
    pub discount_given: String,
    pub within_policy: String,
    pub breach: String,
    pub approved_by: String,
    pub detail_separator: String,
    pub calc_term: String,
    pub calc_factor: String,
    pub calc_hours: String,
    pub calc_size: String,
    pub calc_phase_scale: String,
    pub calc_labour: String,
    pub calc_fixed_price: String,
    pub calc_risk_premium: String,
    pub calc_risk_premium_rate: String,
    pub calc_phase_price: String,
    pub calc_rounding: String,
    pub calc_remainder: String,
    pub calc_onboarding: String,
    pub calc_environment: String,
    pub calc_transition: String,
    pub calc_fee: String,
    pub calc_tier: String,
    pub calc_package_discount: String,
}

impl QuoteLabels {
    /// A project size's name (`small`, `medium`, `large`); any other id as it is.
    pub fn size<'a>(&'a self, id: &'a str) -> &'a str {
        match id {
            "small" => &self.small,
            "medium" => &self.medium,
            "large" => &self.large,
            other => other,
        }
    }

    /// Each text with its key and the placeholders it may use.
    pub fn texts(&self) -> [(&'static str, &str, &'static [&'static str]); 75] {
        [
            ("heading", &self.heading, &["title", "number", "client"]),
            ("dated", &self.dated, &["date", "valid_until", "currency"]),
            ("exchange_rate", &self.exchange_rate, &["base", "rate", "currency"]),
            ("exchange_rate_dated", &self.exchange_rate_dated, &["base", "rate", "currency", "date"]),
            ("sample", &self.sample, &[]),
            ("project", &self.project, &["pricing", "size", "process"]),
            ("fixed", &self.fixed, &[]),
            ("time_and_materials", &self.time_and_materials, &[]),
            ("small", &self.small, &[]),
            ("medium", &self.medium, &[]),
            ("large", &self.large, &[]),
            ("advisory", &self.advisory, &["hours", "months"]),
            ("managed", &self.managed, &["tier", "months"]),
            ("dates", &self.dates, &["start", "end"]),
            ("per_month", &self.per_month, &["amount"]),
            ("per_hour", &self.per_hour, &["amount"]),
            ("one_time_discount", &self.one_time_discount, &[]),
            ("monthly_discount", &self.monthly_discount, &[]),
            ("one_time_tax", &self.one_time_tax, &["tax", "percent"]),
            ("monthly_tax", &self.monthly_tax, &["tax", "percent"]),
            ("one_time_total", &self.one_time_total, &[]),
            ("monthly_total", &self.monthly_total, &[]),
            ("estimated_range", &self.estimated_range, &[]),
            ("overage", &self.overage, &[]),
            ("options", &self.options, &[]),
            ("recommended", &self.recommended, &["name"]),
            ("option_figures", &self.option_figures, &["one_time", "monthly", "total"]),
            ("totals", &self.totals, &[]),
            ("one_time", &self.one_time, &[]),
            ("monthly", &self.monthly, &[]),
            ("contract_value", &self.contract_value, &[]),
            ("net_payment", &self.net_payment, &[]),
            ("tax", &self.tax, &["tax", "percent"]),
            ("tax_none", &self.tax_none, &[]),
            ("tax_rule", &self.tax_rule, &["rule"]),
            ("tax_no_country", &self.tax_no_country, &[]),
            ("calendar", &self.calendar, &["place", "weekend", "count"]),
            ("calendar_one", &self.calendar_one, &["place", "weekend", "count"]),
            ("calendar_estimated", &self.calendar_estimated, &["place", "weekend", "count", "estimated"]),
            ("calendar_estimated_one", &self.calendar_estimated_one, &["place", "weekend", "count", "estimated"]),
            ("weekend_and", &self.weekend_and, &[]),
            ("timeline", &self.timeline, &["start", "end", "weeks"]),
            ("timeline_one", &self.timeline_one, &["start", "end", "weeks"]),
            ("phase_days", &self.phase_days, &["start", "end", "days"]),
            ("phase_days_one", &self.phase_days_one, &["start", "end", "days"]),
            ("phase_ongoing", &self.phase_ongoing, &["start", "end"]),
            ("payments", &self.payments, &["count"]),
            ("payments_one", &self.payments_one, &["count"]),
            ("rounded", &self.rounded, &["amount"]),
            ("margins", &self.margins, &[]),
            ("margin", &self.margin, &["margin", "revenue", "percent"]),
            ("margin_overall", &self.margin_overall, &[]),
            ("discount_given", &self.discount_given, &[]),
            ("within_policy", &self.within_policy, &[]),
            ("breach", &self.breach, &["rule", "message"]),
            ("approved_by", &self.approved_by, &["names"]),
            ("detail_separator", &self.detail_separator, &[]),
            ("calc_term", &self.calc_term, &["label", "expr", "value"]),
            ("calc_factor", &self.calc_factor, &["value", "label"]),
            ("calc_hours", &self.calc_hours, &[]),
            ("calc_size", &self.calc_size, &["size"]),
            ("calc_phase_scale", &self.calc_phase_scale, &[]),
            ("calc_labour", &self.calc_labour, &[]),
            ("calc_fixed_price", &self.calc_fixed_price, &[]),
            ("calc_risk_premium", &self.calc_risk_premium, &[]),
            ("calc_risk_premium_rate", &self.calc_risk_premium_rate, &["percent"]),
            ("calc_phase_price", &self.calc_phase_price, &[]),
            ("calc_rounding", &self.calc_rounding, &[]),
            ("calc_remainder", &self.calc_remainder, &[]),
            ("calc_onboarding", &self.calc_onboarding, &[]),
            ("calc_environment", &self.calc_environment, &[]),
            ("calc_transition", &self.calc_transition, &[]),
            ("calc_fee", &self.calc_fee, &[]),
            ("calc_tier", &self.calc_tier, &["tier"]),
            ("calc_package_discount", &self.calc_package_discount, &["package", "percent"]),
        ]
    }
}

/// The billing rules as the proposal states them.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Billing {
    /// The line a fixed price's risk premium takes when the catalog presents it as a
    /// contingency.
    pub contingency: String,
    /// What the contingency is, for a note beside it.
    pub contingency_note: String,
    /// Managed services' one-time fee lines: onboarding and the transition period.
    pub onboarding: String,
    pub transition: String,
    /// A retainer's monthly line: `{hours}`, and `{package}` in `retainer_package`, for
    /// hours that fall into a package.
    pub retainer: String,
    pub retainer_package: String,
    /// Managed services billed from commencement: `{service}`, `{commencement}`; the
    /// one-time setup and transition fees cover the work before it (`managed_commencement`),
    /// or the setup fee alone where no transition fee is charged (`managed_commencement_setup`).
    pub managed_commencement: String,
    pub managed_commencement_setup: String,
    /// Managed services billed from their first day: `{service}`, `{start}`.
    pub managed_start: String,
    /// Time and materials invoiced monthly.
    pub time_and_materials: String,
    /// A time-and-materials engagement's not-to-exceed cap: `{cap}`.
    pub not_to_exceed: String,
    /// A discount's name where the intake gives it no `label`.
    pub discount: String,
}

/// How the payment plan names each payment: `milestone` may use `{phase}`, `fee` `{fee}`,
/// `month` and `estimate_month` `{n}` and `{count}`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaymentLabels {
    pub deposit: String,
    pub milestone: String,
    pub fee: String,
    pub month: String,
    /// Time and materials: a month's estimated invoice, `{n}` and `{count}`.
    pub estimate_month: String,
    /// An interim milestone of a long fixed-price phase: `{phase}`, `{n}` and `{count}`.
    pub interim: String,
    /// What an interim milestone is accepted by (its name says the phase).
    pub interim_acceptance: String,
    /// The payment at an interim milestone: `{phase}`, `{n}` and `{count}`.
    pub milestone_interim: String,
    /// The payment at the milestone that closes a phase paid in parts: `{phase}`, `{n}`, `{count}`.
    pub milestone_last: String,
}

/// "Working with us": a pool of items in priority order, each for some engagement kinds.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Working {
    pub title: String,
    /// How many of the items that apply a proposal shows.
    pub max_items: Count<1, 50>,
    pub items: Vec<WorkingItem>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkingItem {
    pub title: String,
    pub description: String,
    /// The engagement kinds the item speaks of.
    pub applies_to: Vec<ModelKind>,
}

/// One response-time line per engagement kind; `managed` may use `{response_time}`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResponseTimes {
    pub title: String,
    pub project: String,
    pub advisory: String,
    pub managed: String,
    /// A managed service's line when the options' service levels answer in different times:
    /// the client has not chosen one yet.
    pub managed_options: String,
}

/// The cover title of a proposal with options whose engagements differ (see
/// `texts.toml`'s `[options]`): `{count}` the options in words, `{model}` the kind's title.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OptionTexts {
    pub managed_title: String,
    pub kind_title: String,
    pub mixed_title: String,
}

/// The proposal's own term, its validity (`{valid_until}`); the contract clauses are in
/// `terms.toml` ([`super::ContractTerms`]).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Terms {
    pub validity: String,
}

/// The proposal's dated next steps, each a sentence with placeholders (see README).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NextSteps {
    pub sign: String,
    pub deposit: String,
    pub kickoff: String,
    pub first_milestone: String,
    pub retainer_start: String,
    pub service_start: String,
    pub questions: String,
    /// With options: a managed service's start when every option starts alike; the start
    /// when they do not; the deposit when theirs differ.
    pub option_service_start: String,
    pub option_start: String,
    pub option_deposit: String,
}

/// A project phase's texts as a proposal uses them (see [`Catalog::phase_scope`]).
#[derive(Debug, Clone, Copy)]
pub struct PhaseScope<'a> {
    pub description: &'a str,
    pub activities: &'a [String],
    pub deliverables: &'a [String],
    pub acceptance: &'a str,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ScenariosFile {
    #[serde(default)]
    pub scenario: Vec<ScenarioTexts>,
}

/// The scope texts of one project scenario (`scenarios.toml`): its client-facing name and
/// summary, and per phase of either process what is done, delivered and accepted. A
/// scenario or phase without texts falls back to its process's generic phase texts.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioTexts {
    pub id: String,
    pub name: String,
    pub summary: String,
    #[serde(default)]
    pub phases: BTreeMap<String, PhaseTexts>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhaseTexts {
    pub description: String,
    pub activities: Vec<String>,
    pub deliverables: Vec<String>,
    pub acceptance: String,
}
