//! The firm's standing texts as one proposal uses them: only what speaks of the engagement
//! kinds offered, with each placeholder filled from the proposal's own dates, people and
//! figures.

use super::engagement::EngagementView;
use super::Offer;
use crate::catalog::{fill, Catalog, ModelKind};
use crate::intake::Meta;
use crate::schedule::PaymentKind;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Item {
    pub title: String,
    pub description: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct TermsView {
    pub change_control: String,
    pub validity: String,
    pub project: Option<String>,
    pub retainer: Option<String>,
    pub managed: Option<String>,
}

/// "Working with us": the first items that speak of an engagement kind offered, and one
/// response-time line per engagement kind.
#[derive(Debug, Clone, Serialize)]
pub struct WorkingView {
    pub title: String,
    pub items: Vec<Item>,
    pub response_title: String,
    pub response_times: Vec<String>,
}

/// This proposal's next steps, dated, from signature to the first milestone.
#[derive(Debug, Clone, Serialize)]
pub struct NextStepsView {
    pub title: String,
    pub steps: Vec<String>,
}

pub(super) fn terms(catalog: &Catalog, meta: &Meta, offer: &Offer) -> TermsView {
    let t = &catalog.texts.terms;
    let has = |kind| offer.engagements.iter().any(|e| e.model == kind);
    let valid_until = meta.locale.date(meta.valid_until);
    TermsView {
        change_control: t.change_control.clone(),
        validity: fill(&t.validity, &[("valid_until", &valid_until)]),
        project: has(ModelKind::Project).then(|| t.project.clone()),
        retainer: has(ModelKind::Advisory).then(|| t.retainer.clone()),
        managed: has(ModelKind::Managed)
            .then(|| fill(&t.managed, &[("notice_days", &t.managed_notice_days.get().to_string())])),
    }
}

pub(super) fn working(catalog: &Catalog, offer: &Offer) -> WorkingView {
    let w = &catalog.texts.working;
    let r = &catalog.texts.response_time;
    let kinds: Vec<ModelKind> = ModelKind::ALL.iter().map(|(_, k)| *k).filter(|k| has(offer, *k)).collect();
    let items = w
        .items
        .iter()
        .filter(|i| i.applies_to.iter().any(|k| kinds.contains(k)))
        .take(w.max_items.get() as usize)
        .map(|i| Item { title: i.title.clone(), description: i.description.clone() })
        .collect();
    let mut response_times = Vec::new();
    for kind in kinds {
        match kind {
            ModelKind::Project => response_times.push(r.project.clone()),
            ModelKind::Advisory => response_times.push(r.advisory.clone()),
            ModelKind::Managed => {
                for m in offer.engagements.iter().filter_map(|e| e.managed.as_ref()) {
                    let line = fill(&r.managed, &[("response_time", &m.tier.response_time)]);
                    if !response_times.contains(&line) {
                        response_times.push(line);
                    }
                }
            }
        }
    }
    WorkingView { title: w.title.clone(), items, response_title: r.title.clone(), response_times }
}

fn has(offer: &Offer, kind: ModelKind) -> bool {
    offer.engagements.iter().any(|e| e.model == kind)
}

/// Sign by the validity date; the deposit; the first engagement's start with the consultant;
/// the first milestone and its date; whom to ask.
pub(super) fn next_steps(catalog: &Catalog, meta: &Meta, firm_email: &str, offer: &Offer) -> NextStepsView {
    let n = &catalog.texts.next_steps;
    let date = |d| meta.locale.date(d);
    let consultant = meta.consultant.name.as_str();
    let mut steps = vec![fill(&n.sign, &[("email", firm_email), ("valid_until", &date(meta.valid_until))])];
    let deposit = offer.payment_schedule.iter().filter(|p| p.kind == PaymentKind::Deposit).map(|p| p.amount);
    if let Some(total) = deposit.reduce(|a, b| a.checked_add(b).unwrap_or(a)) {
        steps.push(fill(&n.deposit, &[("amount", &meta.locale.money(total.amount(), offer.totals.currency))]));
    }
    if let Some(first) = offer.engagements.iter().min_by_key(|e| (e.start, e.index)) {
        steps.push(start_step(catalog, first, offer, &date, consultant));
    }
    if let Some(m) = offer.milestones.first() {
        steps.push(fill(&n.first_milestone, &[("milestone", &m.name), ("date", &date(m.date))]));
    }
    let email = meta.consultant.email.as_deref().unwrap_or(firm_email);
    steps.push(fill(&n.questions, &[("consultant", consultant), ("email", email)]));
    NextStepsView { title: n.title.clone(), steps }
}

/// How the first engagement starts: a project's kickoff, a retainer's first month, or a
/// managed service's onboarding with the day full responsibility begins.
fn start_step(
    catalog: &Catalog,
    e: &EngagementView,
    offer: &Offer,
    date: &dyn Fn(chrono::NaiveDate) -> String,
    consultant: &str,
) -> String {
    let n = &catalog.texts.next_steps;
    let start = date(e.start);
    match e.model {
        ModelKind::Project => fill(&n.kickoff, &[("start", &start), ("consultant", consultant)]),
        ModelKind::Advisory => fill(&n.retainer_start, &[("start", &start), ("consultant", consultant)]),
        ModelKind::Managed => {
            let steady =
                offer.phases.iter().find(|p| p.engagement == e.index && p.ongoing).map_or(e.start, |p| p.start);
            fill(&n.service_start, &[("service", &e.title), ("start", &start), ("steady_state", &date(steady))])
        }
    }
}
