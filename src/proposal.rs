//! The proposal model: everything a renderer needs, computed once from the intake, the
//! catalog, the quote and the schedule. Its JSON form is the stable interface for scripts
//! (documented in README); Markdown and PDF are rendered from it and nothing else.

use crate::catalog::{Catalog, Item, ModelKind};
use crate::intake::{Engagement, Intake, Terms};
use crate::money::{Currency, Money};
use crate::policy::Review;
use crate::pricing::{AppliedDiscount, EngagementQuote, LineItem, Quote, Sums};
use crate::schedule::{Milestone, Payment, Schedule};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

/// Bumped when a field is renamed or removed; additions keep the version.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, Serialize)]
pub struct Proposal {
    pub schema_version: u32,
    pub proposal: Meta,
    pub firm: Firm,
    pub client: crate::intake::Client,
    pub sample_rates: Option<String>,
    /// How the proposal is taxed: the rule, its wording, the tax IDs, any withholding.
    pub tax: crate::tax::Treatment,
    /// The rate prices were converted at, when the proposal is not in the catalog's currency.
    pub exchange_rate: Option<crate::catalog::rates::ExchangeRate>,
    pub objectives: Vec<String>,
    /// The recommended offer: engagements, prices and schedule.
    #[serde(flatten)]
    pub offer: Offer,
    pub terms: TermsView,
    pub communication: Vec<Item>,
    pub expectations: Vec<Item>,
    pub next_steps: Vec<Item>,
    pub why_us: Vec<Item>,
    pub assumptions: Vec<String>,
    pub exclusions: Vec<String>,
    /// Rendered as a draft: watermarked, banner, not for sending.
    pub draft: bool,
    /// The pricing-policy review: margins, breaches, approvers. For the firm only; no
    /// client document shows it.
    pub policy: Option<crate::policy::Review>,
    /// A short hash of the client-facing content (see [`Proposal::seal`]); empty until sealed.
    pub content_hash: String,
    /// Alternatives the client may choose from, side by side; empty for a single offer. The
    /// rest of the model is the recommended option's.
    pub options: Vec<OptionView>,
}

/// The proposal's own facts, as the intake states them.
pub type Meta = crate::intake::Meta;

/// What is offered: the engagements, their prices and their schedule. A proposal has one;
/// each option has its own.
#[derive(Debug, Clone, Serialize)]
pub struct Offer {
    pub engagements: Vec<EngagementView>,
    pub line_items: Vec<LineView>,
    pub discounts: Vec<AppliedDiscount>,
    pub totals: Totals,
    pub timeline: Timeline,
    pub phases: Vec<PhaseView>,
    pub milestones: Vec<Milestone>,
    pub payment_schedule: Vec<Payment>,
    /// The calendar the dates were counted with, and the public holidays among them.
    pub calendar: crate::calendar::CalendarSummary,
}

/// One alternative: how it compares, and its full pricing and schedule.
#[derive(Debug, Clone, Serialize)]
pub struct OptionView {
    pub name: String,
    pub recommended: bool,
    pub description: Option<String>,
    pub comparison: Comparison,
    #[serde(flatten)]
    pub offer: Offer,
}

/// The figures a client compares options by.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    pub engagements: String,
    pub one_time: Money,
    pub monthly: Money,
    pub contract_value: Money,
    /// The managed-services tier's critical response time and coverage, if any.
    pub response_time: Option<String>,
    pub coverage: Option<String>,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub weeks: i64,
    /// What the option includes: its managed tier's features, or its engagements' scenarios.
    pub includes: Vec<String>,
}

impl OptionView {
    /// Wraps an option's offer.
    pub fn new(name: String, recommended: bool, description: Option<String>, offer: Offer) -> OptionView {
        let managed = offer.engagements.iter().find_map(|e| e.managed.as_ref());
        let includes = match managed {
            Some(m) => m.tier.includes.clone(),
            None => offer.engagements.iter().map(|e| e.title.clone()).collect(),
        };
        let comparison = Comparison {
            engagements: offer.engagements.iter().map(|e| e.title.as_str()).collect::<Vec<_>>().join(" + "),
            one_time: offer.totals.one_time,
            monthly: offer.totals.monthly,
            contract_value: offer.totals.contract_value,
            response_time: managed.map(|m| m.tier.response_time.clone()),
            coverage: managed.map(|m| m.tier.coverage.clone()),
            start: offer.timeline.start,
            end: offer.timeline.end,
            weeks: offer.timeline.weeks,
            includes,
        };
        OptionView { name, recommended, description, comparison, offer }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Firm {
    pub name: String,
    pub tagline: String,
    pub website: String,
    pub email: String,
    pub intro: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct EngagementView {
    pub index: usize,
    pub model: ModelKind,
    pub model_title: String,
    pub title: String,
    pub tagline: String,
    pub description: String,
    pub why: String,
    pub typical_duration: String,
    pub pricing_model: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub is_project: bool,
    pub is_advisory: bool,
    pub is_managed: bool,
    pub project: Option<ProjectView>,
    pub advisory: Option<AdvisoryView>,
    pub managed: Option<ManagedView>,
    pub one_time: Sums,
    pub monthly: Sums,
    /// The tax lines charged on the one-time and the monthly fees (those above zero).
    pub one_time_taxes: Vec<crate::tax::TaxAmount>,
    pub monthly_taxes: Vec<crate::tax::TaxAmount>,
    pub months: u32,
    pub contract_value: Money,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProjectView {
    pub pricing: &'static str,
    pub fixed_price: bool,
    pub scenario: String,
    pub size: &'static str,
    pub process: String,
    pub process_summary: String,
    pub estimate_low: Option<Money>,
    pub estimate_high: Option<Money>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AdvisoryView {
    pub hours: Decimal,
    pub package: Option<String>,
    pub overage_rate: Option<Money>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ManagedView {
    pub tier: TierView,
    pub inventory: Vec<InventoryLine>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TierView {
    pub id: String,
    pub name: String,
    pub coverage: String,
    pub response_time: String,
    pub response_minutes: u32,
    pub includes: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct InventoryLine {
    pub id: String,
    pub name: String,
    pub quantity: u32,
    pub unit: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct LineView {
    pub engagement: usize,
    #[serde(flatten)]
    pub line: LineItem,
}

#[derive(Debug, Clone, Serialize)]
pub struct Totals {
    pub currency: Currency,
    pub one_time: Money,
    pub monthly: Money,
    pub contract_value: Money,
    pub one_time_breakdown: Sums,
    pub monthly_breakdown: Sums,
    pub has_one_time: bool,
    pub has_monthly: bool,
    pub has_discount: bool,
    /// What the client withholds for its tax office, and the net payment to the firm.
    pub withholding: Option<crate::pricing::Withheld>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Timeline {
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// Calendar weeks from start to end, rounded up.
    pub weeks: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct PhaseView {
    pub engagement: usize,
    pub id: String,
    pub name: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub business_days: u32,
    pub ongoing: bool,
    pub description: String,
    pub activities: Vec<String>,
    pub outcome: String,
    pub deliverables: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TermsView {
    pub project: Option<String>,
    pub retainer: Option<String>,
    pub managed: Option<String>,
    pub managed_notice_days: Option<u32>,
    pub change_control: String,
    pub response_times: String,
    pub validity: String,
}

impl Offer {
    /// Assembles an offer from its intake's scope, quote and schedule, with the pricing-policy
    /// review of its figures. Inputs are already checked, so this cannot fail. The quote and
    /// schedule are consumed: their lists move into the offer.
    pub fn new(intake: &Intake, catalog: &Catalog, quote: Quote, schedule: Schedule) -> (Offer, Review) {
        let engagements: Vec<EngagementView> = intake
            .scope
            .engagements
            .iter()
            .zip(&quote.engagements)
            .enumerate()
            .map(|(i, (e, q))| engagement_view(catalog, i, e, q, &schedule, &intake.tax.lines))
            .collect();
        let titles: Vec<String> = engagements.iter().map(|e| e.title.clone()).collect();
        let review = crate::policy::review(catalog, &quote, &titles);
        let phases = phase_views(catalog, intake, &schedule);
        let has_discount = !quote.discounts.is_empty();
        let t = &quote.totals;
        let offer = Offer {
            line_items: quote
                .engagements
                .into_iter()
                .enumerate()
                .flat_map(|(i, q)| q.lines.into_iter().map(move |line| LineView { engagement: i, line }))
                .collect(),
            discounts: quote.discounts,
            totals: Totals {
                currency: quote.currency,
                one_time: t.one_time.total,
                monthly: t.monthly.total,
                contract_value: t.contract_value,
                one_time_breakdown: t.one_time,
                monthly_breakdown: t.monthly,
                has_one_time: !t.one_time.subtotal.amount().is_zero(),
                has_monthly: !t.monthly.subtotal.amount().is_zero(),
                has_discount,
                withholding: t.withholding.clone(),
            },
            timeline: Timeline {
                start: schedule.start,
                end: schedule.end,
                weeks: ((schedule.end - schedule.start).num_days() + 7) / 7,
            },
            phases,
            milestones: schedule.milestones,
            payment_schedule: schedule.payments,
            calendar: schedule.calendar,
            engagements,
        };
        (offer, review)
    }
}

impl Proposal {
    /// Assembles the model around its (recommended) offer: the intake's facts, the firm and
    /// its standing texts, and the terms for the kinds of engagement offered.
    pub fn new(intake: &Intake, catalog: &Catalog, offer: Offer, review: Review) -> Proposal {
        let has = |kind| offer.engagements.iter().any(|e| e.model == kind);
        let texts = &catalog.texts;
        Proposal {
            schema_version: SCHEMA_VERSION,
            proposal: intake.meta.clone(),
            firm: Firm {
                name: catalog.firm.name.clone(),
                tagline: catalog.firm.tagline.clone(),
                website: catalog.firm.website.clone(),
                email: catalog.firm.email.clone(),
                intro: catalog.firm.intro.clone(),
            },
            client: intake.client.clone(),
            sample_rates: catalog.pricing.sample.then(|| catalog.pricing.notice.clone()),
            tax: intake.tax.clone(),
            exchange_rate: crate::catalog::rates::ExchangeRate::of(catalog, intake.meta.currency),
            objectives: intake.objectives.clone(),
            terms: TermsView {
                project: has(ModelKind::Project).then(|| texts.terms.project.clone()),
                retainer: has(ModelKind::Advisory).then(|| texts.terms.retainer.clone()),
                managed: has(ModelKind::Managed).then(|| texts.terms.managed.clone()),
                managed_notice_days: has(ModelKind::Managed).then_some(texts.terms.managed_notice_days.get()),
                change_control: texts.terms.change_control.clone(),
                response_times: texts.terms.response_times.clone(),
                validity: texts.terms.validity.clone(),
            },
            offer,
            communication: texts.communication.clone(),
            expectations: texts.expectations.clone(),
            next_steps: texts.getting_started.clone(),
            why_us: texts.why_us.clone(),
            assumptions: intake.assumptions.clone(),
            exclusions: intake.exclusions.clone(),
            draft: false,
            policy: Some(review),
            content_hash: String::new(),
            options: Vec::new(),
        }
    }
}

impl Proposal {
    /// The name output files take: the proposal number, and the revision when there is one.
    pub fn file_stem(&self) -> String {
        match &self.proposal.revision {
            Some(r) => format!("{}-{r}", self.proposal.number),
            None => self.proposal.number.clone(),
        }
    }

    /// The content hash: the first 12 hex digits of SHA-256 over the model's JSON, leaving
    /// out what is not the client's content (the policy review, the draft flag, the hash).
    /// Two copies with the same hash are the same proposal.
    pub fn compute_hash(&self) -> String {
        use sha2::Digest;
        let mut clean = self.clone();
        clean.policy = None;
        clean.draft = false;
        clean.content_hash = String::new();
        let json = serde_json::to_vec(&clean).unwrap_or_default();
        let digest = sha2::Sha256::digest(&json);
        digest.iter().take(6).map(|b| format!("{b:02x}")).collect()
    }

    /// Fills in the content hash, before any output is written.
    pub fn seal(&mut self) {
        self.content_hash = self.compute_hash();
    }
}

fn engagement_view(
    catalog: &Catalog,
    index: usize,
    e: &Engagement,
    q: &EngagementQuote,
    schedule: &Schedule,
    lines: &[crate::tax::TaxLine],
) -> EngagementView {
    let model = catalog.model(e.model());
    let s = &schedule.engagements[index];
    let (mut project, mut advisory, mut managed) = (None, None, None);
    let why: String;
    let mut title = model.title.clone();
    match &e.terms {
        Terms::Project(t) => {
            let scenario = catalog.scenario(t.scenario);
            let process = catalog.process(t.process);
            why = scenario.why.clone();
            title = scenario.title.clone();
            project = Some(ProjectView {
                pricing: t.pricing.id(),
                fixed_price: t.pricing == crate::intake::PricingKind::Fixed,
                scenario: scenario.title.clone(),
                size: t.size.id(),
                process: process.name.clone(),
                process_summary: process.summary.clone(),
                estimate_low: q.estimate_range.map(|r| r.0),
                estimate_high: q.estimate_range.map(|r| r.1),
            });
        }
        Terms::Advisory(t) => {
            why = format!(
                "{} hours a month of senior guidance, available when you need it and reviewed regularly; {}",
                t.hours,
                lowercase_first(&catalog.texts.terms.retainer)
            );
            advisory = Some(AdvisoryView { hours: t.hours, package: q.package.clone(), overage_rate: q.overage_rate });
        }
        Terms::Managed(t) => {
            let tier = catalog.tier(t.tier);
            title = format!("{}, {}", model.title, tier.name);
            why = format!(
                "The {} tier suits {}: {}, with a response within {}.",
                tier.name,
                lowercase_first(&tier.ideal_for),
                tier.coverage,
                tier.response_time
            );
            managed = Some(ManagedView {
                tier: TierView {
                    id: tier.id.clone(),
                    name: tier.name.clone(),
                    coverage: tier.coverage.clone(),
                    response_time: tier.response_time.clone(),
                    response_minutes: tier.response_minutes.get(),
                    includes: tier.all_includes.clone(),
                },
                inventory: t
                    .inventory
                    .iter()
                    .map(|(id, qty)| {
                        let item = catalog.item(*id);
                        InventoryLine {
                            id: item.id.clone(),
                            name: item.name.clone(),
                            quantity: *qty,
                            unit: item.unit.clone(),
                        }
                    })
                    .collect(),
            });
        }
    }
    EngagementView {
        index,
        model: e.model(),
        model_title: model.title.clone(),
        title: e.title.clone().unwrap_or(title),
        tagline: model.tagline.clone(),
        description: model.description.clone(),
        why: e.why.clone().unwrap_or(why),
        typical_duration: model.typical_duration.clone(),
        pricing_model: model.pricing_model.clone(),
        start: s.start,
        end: s.end,
        is_project: e.model() == ModelKind::Project,
        is_advisory: e.model() == ModelKind::Advisory,
        is_managed: e.model() == ModelKind::Managed,
        project,
        advisory,
        managed,
        one_time: q.one_time,
        monthly: q.monthly,
        one_time_taxes: crate::tax::amounts(lines, &q.one_time_taxes),
        monthly_taxes: crate::tax::amounts(lines, &q.monthly_taxes),
        months: q.months,
        contract_value: q.contract_value,
    }
}

fn phase_views(catalog: &Catalog, intake: &Intake, schedule: &Schedule) -> Vec<PhaseView> {
    let mut out = Vec::new();
    for (e, s) in intake.scope.engagements.iter().zip(&schedule.engagements) {
        for slot in &s.phases {
            let (description, activities, outcome, deliverables) =
                match &e.terms {
                    Terms::Project(t) => catalog.process(t.process).phases.iter().find(|p| p.id == slot.id).map(|p| {
                        (p.description.clone(), p.activities.clone(), p.outcome.clone(), p.deliverables.clone())
                    }),
                    _ => catalog
                        .model(e.model())
                        .steps
                        .iter()
                        .find(|st| st.id == slot.id)
                        .map(|st| (st.description.clone(), Vec::new(), st.outcome.clone(), Vec::new())),
                }
                .unwrap_or_default();
            out.push(PhaseView {
                engagement: slot.engagement,
                id: slot.id.clone(),
                name: slot.name.clone(),
                start: slot.start,
                end: slot.end,
                business_days: slot.business_days,
                ongoing: slot.ongoing,
                description,
                activities,
                outcome,
                deliverables,
            });
        }
    }
    out
}

/// "Mission-critical systems" → "mission-critical systems", for use mid-sentence.
fn lowercase_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}
