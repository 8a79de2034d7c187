//! One engagement as the client reads it: its name, what it is and why it fits, its terms,
//! and the phases of its work with what each does, delivers and is accepted by.

use crate::catalog::{Catalog, ModelKind};
use crate::intake::{Engagement, Intake, Terms};
use crate::money::Money;
use crate::pricing::{EngagementQuote, Sums};
use crate::schedule::Schedule;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct EngagementView {
    pub index: usize,
    pub model: ModelKind,
    /// The engagement model's own title ("Project-based engagement").
    pub model_title: String,
    /// The client-facing name: the intake's `title`, or the scenario's, the retainer focus's
    /// or the service level's name ("Cloud migration", "24/7 managed operations").
    pub title: String,
    pub tagline: String,
    /// What this engagement delivers: the scenario's summary, or the model's description.
    pub summary: String,
    /// Why the model fits: the intake's `why`, or the scenario's (none for managed services,
    /// whose service level says it).
    pub why: Option<String>,
    pub typical_duration: String,
    pub pricing_model: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// The day a managed service's term counts from: its commencement when the catalog bills
    /// from commencement, otherwise its start (every other kind: its start).
    pub term_start: NaiveDate,
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
    /// The billing rules it is sold under, in the catalog's words (see [`super::billing`]).
    pub billing_notes: Vec<String>,
    /// Time and materials: every figure of it is an estimate, invoiced on the hours worked.
    pub estimated: bool,
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
    /// Time and materials: the intake's cap on its invoices.
    pub not_to_exceed: Option<Money>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AdvisoryView {
    pub hours: Decimal,
    pub package: Option<String>,
    pub overage_rate: Option<Money>,
    /// What the client receives each month under the retainer's focus.
    pub monthly: Vec<String>,
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
    /// The service level's short name ("24/7 Premium").
    pub level: String,
    pub coverage: String,
    pub response_time: String,
    pub response_minutes: u32,
    pub review_cadence: String,
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
pub struct PhaseView {
    pub engagement: usize,
    pub id: String,
    pub name: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub business_days: u32,
    /// Runs to the end of the term: reviewed at `cadence`, never "complete".
    pub ongoing: bool,
    pub description: String,
    pub activities: Vec<String>,
    pub deliverables: Vec<String>,
    /// A finite phase's milestone acceptance criterion.
    pub acceptance: Option<String>,
    /// An ongoing phase's review rhythm.
    pub cadence: Option<String>,
    /// What falls due when its milestone is accepted, if anything.
    pub payment: Option<Money>,
    /// A long fixed-price phase's interim milestones, before the one that closes it.
    pub interim: Vec<InterimView>,
}

/// An interim milestone of a phase: when, and what the client accepts then.
#[derive(Debug, Clone, Serialize)]
pub struct InterimView {
    pub date: NaiveDate,
    pub acceptance: String,
}

/// An engagement's client-facing name: the intake's `title`, else its scenario's scope name
/// (the scenario's title without one), its retainer focus's name, its tier's name or, for a
/// retainer without a focus, the model's name.
pub(super) fn title(catalog: &Catalog, e: &Engagement) -> String {
    if let Some(title) = &e.title {
        return title.clone();
    }
    let model = catalog.model(e.model());
    match &e.terms {
        Terms::Project(t) => catalog
            .scope(t.scenario)
            .map_or_else(|| catalog.scenario(t.scenario).title.clone(), |scope| scope.name.clone()),
        Terms::Advisory(t) => match t.focus.map(|i| &model.ideal_for[i]) {
            Some(f) => f.name.clone().unwrap_or_else(|| f.title.clone()),
            None => model.name.clone(),
        },
        Terms::Managed(t) => catalog.tier(t.tier).name.clone(),
    }
}

pub(super) fn engagement_view(
    catalog: &Catalog,
    index: usize,
    e: &Engagement,
    q: &EngagementQuote,
    schedule: &Schedule,
    intake: &Intake,
) -> EngagementView {
    let lines = &intake.tax.lines;
    let model = catalog.model(e.model());
    let s = &schedule.engagements[index];
    let (mut project, mut advisory, mut managed) = (None, None, None);
    let (mut summary, mut why) = (model.description.clone(), None);
    match &e.terms {
        Terms::Project(t) => {
            let scenario = catalog.scenario(t.scenario);
            let process = catalog.process(t.process);
            why = Some(scenario.why.clone());
            if let Some(scope) = catalog.scope(t.scenario) {
                summary = scope.summary.clone();
            }
            project = Some(ProjectView {
                pricing: t.pricing.id(),
                fixed_price: t.pricing == crate::intake::PricingKind::Fixed,
                scenario: scenario.title.clone(),
                size: t.size.id(),
                process: process.name.clone(),
                process_summary: process.summary.clone(),
                estimate_low: q.estimate_range.map(|r| r.0),
                estimate_high: q.estimate_range.map(|r| r.1),
                not_to_exceed: q.not_to_exceed,
            });
        }
        Terms::Advisory(t) => {
            let focus = t.focus.map(|i| &model.ideal_for[i]);
            if let Some(f) = focus {
                why = Some(f.why.clone());
            }
            advisory = Some(AdvisoryView {
                hours: t.hours,
                package: q.package.clone(),
                overage_rate: q.overage_rate,
                monthly: focus.map(|f| f.monthly.clone()).unwrap_or_default(),
            });
        }
        Terms::Managed(t) => {
            let tier = catalog.tier(t.tier);
            summary = tier.summary.clone();
            managed = Some(ManagedView {
                tier: TierView {
                    id: tier.id.clone(),
                    name: tier.name.clone(),
                    level: tier.level.clone(),
                    coverage: tier.coverage.clone(),
                    response_time: tier.response_time.clone(),
                    response_minutes: tier.response_minutes.get(),
                    review_cadence: tier.review_cadence.clone(),
                    // Written mid-sentence in the catalog; the cell starts with the first.
                    includes: (tier.all_includes.iter().enumerate())
                        .map(|(k, f)| if k == 0 { crate::locale::Language::sentence_start(f) } else { f.clone() })
                        .collect(),
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
    let title = title(catalog, e);
    EngagementView {
        index,
        model: e.model(),
        model_title: model.title.clone(),
        billing_notes: super::billing::notes(catalog, &intake.meta, e, q, s, &title),
        estimated: q.estimate_range.is_some(),
        title,
        tagline: model.tagline.clone(),
        summary,
        why: e.why.clone().or(why),
        typical_duration: model.typical_duration.clone(),
        pricing_model: model.pricing_model.clone(),
        start: s.start,
        end: s.end,
        term_start: match e.model() {
            ModelKind::Managed
                if catalog.pricing.managed.billing_starts == crate::catalog::BillingStart::Commencement =>
            {
                s.commencement
            }
            _ => s.start,
        },
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

/// Every scheduled phase with its texts: a project's from its scenario (or process), the
/// other models' from their steps.
pub(super) fn phase_views(catalog: &Catalog, intake: &Intake, schedule: &Schedule) -> Vec<PhaseView> {
    let mut out = Vec::new();
    for (e, s) in intake.scope.engagements.iter().zip(&schedule.engagements) {
        for (i, slot) in s.phases.iter().enumerate() {
            let milestone =
                schedule.milestones.iter().find(|m| m.engagement == slot.engagement && m.phase == i && !m.interim);
            let mut view = PhaseView {
                engagement: slot.engagement,
                id: slot.id.clone(),
                name: slot.name.clone(),
                start: slot.start,
                end: slot.end,
                business_days: slot.business_days,
                ongoing: slot.ongoing,
                description: String::new(),
                activities: Vec::new(),
                deliverables: Vec::new(),
                acceptance: None,
                cadence: None,
                payment: milestone.and_then(|m| m.payment),
                interim: (schedule.milestones.iter())
                    .filter(|m| m.engagement == slot.engagement && m.phase == i && m.interim)
                    .map(|m| InterimView { date: m.date, acceptance: m.acceptance.clone() })
                    .collect(),
            };
            match &e.terms {
                Terms::Project(t) => {
                    if let Some(phase) = catalog.process(t.process).phases.iter().find(|p| p.id == slot.id) {
                        let scope = catalog.phase_scope(t.scenario, phase);
                        view.description = scope.description.to_string();
                        view.activities = scope.activities.to_vec();
                        // The deliverables are read as one sentence ("You receive: a; b; c."),
                        // so each after the first is written mid-sentence, as the language does.
                        let language = intake.meta.language;
                        view.deliverables = (scope.deliverables.iter().enumerate())
                            .map(|(k, d)| if k == 0 { d.clone() } else { language.mid_sentence(d) })
                            .collect();
                        view.acceptance = Some(scope.acceptance.to_string());
                    }
                }
                _ => {
                    if let Some(step) = e.step(catalog, &slot.id) {
                        view.description = step.description.to_string();
                        if slot.ongoing {
                            view.cadence = step.cadence.map(str::to_string);
                        } else {
                            view.acceptance = Some(step.outcome.to_string());
                        }
                    }
                }
            }
            out.push(view);
        }
    }
    out
}
