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
    /// The one sentence that mentions what happened before this proposal.
    pub so_far: String,
    pub working: Working,
    pub response_time: ResponseTimes,
    pub terms: Terms,
    pub next_steps: NextSteps,
    pub payments: PaymentLabels,
    pub billing: Billing,
    pub pdf: PdfLabels,
}

/// The PDF's own labels, outside the Markdown: the cover, the running heads, the chart's
/// legend, the draft watermark, the contents' heading and the document information. `cover_label` and
/// `running_number` may use `{number}`, `prepared_for_line` and `subject` `{client}`,
/// `revision` `{revision}`, `reference` `{ref}`, `page` `{n}` and `{total}`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PdfLabels {
    pub cover_label: String,
    pub prepared_for_line: String,
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
    pub subject: String,
    /// The heading of a long proposal's table of contents.
    pub contents: String,
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
    /// Managed services billed from commencement: `{service}`, `{commencement}`.
    pub managed_commencement: String,
    /// Managed services billed from their first day: `{service}`, `{start}`.
    pub managed_start: String,
    /// Time and materials invoiced monthly.
    pub time_and_materials: String,
    /// A time-and-materials engagement's not-to-exceed cap: `{cap}`.
    pub not_to_exceed: String,
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
    pub title: String,
    pub sign: String,
    pub deposit: String,
    pub kickoff: String,
    pub first_milestone: String,
    pub retainer_start: String,
    pub service_start: String,
    pub questions: String,
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
