//! The firm's standing texts as one proposal uses them: only what speaks of the engagement
//! kinds offered, with each placeholder filled from the proposal's own dates, people and
//! figures.

use super::engagement::EngagementView;
use super::{Offer, OptionView};
use crate::catalog::{fill, Catalog, ModelKind};
use crate::intake::{ContractTerms, Meta};
use crate::schedule::PaymentKind;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Item {
    pub title: String,
    pub description: String,
}

/// The Terms section: the catalog's clauses for the engagement kinds offered, filled with
/// the catalog's parameters as the intake sets them, then the intake's own clauses.
#[derive(Debug, Clone, Serialize)]
pub struct TermsView {
    /// The sentence referring to the firm's master agreement, if it has one.
    pub master_agreement: Option<String>,
    pub clauses: Vec<ClauseView>,
    pub validity: String,
    /// Said when the catalog's clauses are samples (`terms.toml`'s `notice`).
    pub sample: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ClauseView {
    pub title: String,
    pub text: String,
    /// Written by the intake rather than the catalog (typeset, not respelled).
    pub own: bool,
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
    pub steps: Vec<String>,
}

pub(super) fn terms(catalog: &Catalog, meta: &Meta, given: &ContractTerms, offer: &Offer) -> TermsView {
    let t = &catalog.terms;
    let p = &t.parameters;
    let has = |kind: &ModelKind| offer.engagements.iter().any(|e| e.model == *kind);
    let valid_until = meta.locale.date(meta.valid_until);
    let payment_days = given.payment_days.unwrap_or(p.payment_days.get()).to_string();
    let law = given.governing_law.as_deref().map_or_else(|| p.governing_law.clone(), |l| t.law.write(l));
    let values = [
        ("payment_days", payment_days.as_str()),
        ("late_interest", p.late_interest.as_str()),
        ("governing_law", law.as_str()),
        ("venue", given.venue.as_deref().unwrap_or(&p.venue)),
        ("notice_days", &p.notice_days.get().to_string()),
        ("project_notice_days", &p.project_notice_days.get().to_string()),
    ];
    let catalogs = t.clause.iter().filter(|c| c.applies_to.iter().any(has)).map(|c| ClauseView {
        title: c.title.clone(),
        text: fill(&c.text, &values),
        own: false,
    });
    let own = given.clauses.iter().map(|c| ClauseView { title: c.title.clone(), text: c.text.clone(), own: true });
    TermsView {
        master_agreement: t.master_agreement.as_ref().map(|m| fill(m, &values)),
        clauses: catalogs.chain(own).collect(),
        validity: fill(&catalog.texts.terms.validity, &[("valid_until", &valid_until)]),
        sample: t.sample.then(|| t.notice.clone()),
    }
}

/// With options whose service levels answer in different times, the managed line speaks of
/// the level the client chooses and names each option's time ([`named_list`]), not only the
/// recommended one's.
pub(super) fn working(catalog: &Catalog, offer: &Offer, options: &[OptionView]) -> WorkingView {
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
            ModelKind::Managed if differ(options, |o| o.comparison.response_time.clone()) => {
                let each =
                    options.iter().filter_map(|o| Some((o.name.as_str(), o.comparison.response_time.as_deref()?)));
                let each: Vec<(&str, &str)> = each.collect();
                let times = named_list(&catalog.strings, &each);
                response_times.push(fill(&r.managed_options, &[("response_times", &times)]))
            }
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

/// The language pack's strings [`named_list`] joins with (the English ones are its defaults).
pub const LIST_STRINGS: [&str; 4] = ["list.comma", "list.or", "list.named", "list.and"];

/// Each `(name, text)` as the pack's `list.named` writes it (`4 hours (Essential)`), joined by
/// `list.comma` and, before the last, `list.or`. What every text shares around its figure is
/// written once: a leading part that ends before a digit in each (`重大な障害に対して`), a
/// trailing part that starts at a space in each (` for critical issues`), so
/// `4 hours (Essential), 2 hours (Extended) or 30 minutes (Premium) for critical issues`.
fn named_list(strings: &crate::catalog::strings::Strings, each: &[(&str, &str)]) -> String {
    let word = |key, default| strings.text(key, None).unwrap_or(default);
    let [_, or, named, _] = LIST_STRINGS;
    let texts: Vec<&str> = each.iter().map(|(_, t)| *t).collect();
    let (head, tail) = shared(&texts);
    let items: Vec<String> = each
        .iter()
        .map(|(name, text)| {
            fill(word(named, "{item} ({name})"), &[("item", &text[head..text.len() - tail]), ("name", name)])
        })
        .collect();
    let joined = joined(strings, &items, or, "{items} or {last}");
    let first = texts.first().copied().unwrap_or_default();
    format!("{}{joined}{}", &first[..head], &first[first.len() - tail..])
}

/// The pack's string naming a tax in the sentence on several taxes' amounts.
pub const TAX_OF: &str = "pricing.tax_of";

/// Several tax lines' `labels` as a sentence names them ("GST and QST"), and as the sentence
/// on their amounts does, each written by [`TAX_OF`] (« de la TPS et de la TVQ »); `None`
/// for one.
pub(super) fn tax_names(strings: &crate::catalog::strings::Strings, labels: &[&str]) -> Option<(String, String)> {
    if labels.len() < 2 {
        return None;
    }
    let of = strings.text(TAX_OF, None).unwrap_or("{tax}");
    let named: Vec<String> = labels.iter().map(|l| crate::catalog::fill(of, &[("tax", l)])).collect();
    Some((and_list(strings, labels), and_list(strings, &named.iter().map(String::as_str).collect::<Vec<_>>())))
}

/// `items` joined by the pack's `list.comma` and, before the last, `list.and` ("GST and QST").
pub(super) fn and_list(strings: &crate::catalog::strings::Strings, items: &[&str]) -> String {
    let [_, _, _, and] = LIST_STRINGS;
    joined(strings, items, and, "{items} and {last}")
}

/// `items` joined by the pack's `list.comma` and, before the last, by its string `last_key`
/// (`list.or`, `list.and`; `default` where the pack has none).
fn joined<S: AsRef<str>>(
    strings: &crate::catalog::strings::Strings,
    items: &[S],
    last_key: &str,
    default: &str,
) -> String {
    let word = |key, default| strings.text(key, None).unwrap_or(default);
    match items.split_last() {
        Some((last, rest)) if !rest.is_empty() => {
            let rest: Vec<&str> = rest.iter().map(AsRef::as_ref).collect();
            fill(
                word(last_key, default),
                &[("items", &rest.join(word(LIST_STRINGS[0], ", "))), ("last", last.as_ref())],
            )
        }
        _ => items.iter().map(AsRef::as_ref).collect(),
    }
}

/// The byte lengths of the leading part every text shares that ends before a digit in each,
/// and of the trailing part every text shares that starts at a space in each (both 0 for
/// fewer than two texts, and never meeting inside a text).
fn shared(texts: &[&str]) -> (usize, usize) {
    let Some((first, rest)) = texts.split_first().filter(|(_, rest)| !rest.is_empty()) else { return (0, 0) };
    let digit_at = |t: &str, i: usize| t[i..].starts_with(|c: char| c.is_ascii_digit());
    let head = first
        .char_indices()
        .map(|(i, _)| i)
        .filter(|&i| rest.iter().all(|t| t.is_char_boundary(i) && t.get(..i) == first.get(..i)))
        .filter(|&i| i > 0 && texts.iter().all(|t| digit_at(t, i)))
        .max()
        .unwrap_or(0);
    let shortest = texts.iter().map(|t| t.len()).min().unwrap_or(0);
    let tail = (1..shortest.saturating_sub(head))
        .filter(|&n| {
            texts.iter().all(|t| t.is_char_boundary(t.len() - n) && t[t.len() - n..] == first[first.len() - n..])
        })
        .filter(|&n| texts.iter().all(|t| t[t.len() - n..].starts_with(' ')))
        .max()
        .unwrap_or(0);
    (head, tail)
}

fn has(offer: &Offer, kind: ModelKind) -> bool {
    offer.engagements.iter().any(|e| e.model == kind)
}

/// Whether the options differ in what `of` reads from each (never without options).
fn differ<T: PartialEq>(options: &[OptionView], of: impl Fn(&OptionView) -> T) -> bool {
    options.split_first().is_some_and(|(first, rest)| rest.iter().any(|o| of(o) != of(first)))
}

/// An offer's deposits, summed.
fn deposit(offer: &Offer) -> Option<crate::money::Money> {
    let deposits = offer.payment_schedule.iter().filter(|p| p.kind == PaymentKind::Deposit).map(|p| p.amount);
    deposits.reduce(|a, b| a.checked_add(b).unwrap_or(a))
}

/// An offer's first engagement: the one that starts first.
fn first(offer: &Offer) -> Option<&EngagementView> {
    offer.engagements.iter().min_by_key(|e| (e.start, e.index))
}

/// How engagement `e` of `offer` starts, as the next steps state it: its kind, its first
/// phase's name and start, and the day a managed service runs at its service level.
fn start_of(offer: &Offer, e: &EngagementView) -> (ModelKind, String, chrono::NaiveDate, chrono::NaiveDate) {
    let phases = || offer.phases.iter().filter(|p| p.engagement == e.index);
    let steady = phases().find(|p| p.ongoing).map_or(e.start, |p| p.start);
    let (phase, start) =
        phases().min_by_key(|p| p.start).map_or((String::new(), e.start), |p| (p.name.clone(), p.start));
    (e.model, phase, start, steady)
}

/// Sign by the validity date; the deposit; the first engagement's start with the consultant;
/// the first milestone and its date; whom to ask. With options, each step is true of the
/// option the client chooses: a deposit that differs between them is the chosen option's,
/// a managed start names no option's service ("Work on the option you choose starts on …")
/// or, when the options start differently, points to their schedules, and the first
/// milestone is stated only when every option reaches the same one on the same day.
pub(super) fn next_steps(
    catalog: &Catalog,
    meta: &Meta,
    firm_email: &str,
    offer: &Offer,
    options: &[OptionView],
) -> NextStepsView {
    let n = &catalog.texts.next_steps;
    let date = |d| meta.locale.date(d);
    let consultant = meta.consultant.name.as_str();
    let mut steps = vec![fill(&n.sign, &[("email", firm_email), ("valid_until", &date(meta.valid_until))])];
    if differ(options, |o| deposit(&o.offer)) {
        steps.push(n.option_deposit.clone());
    } else if let Some(total) = deposit(offer) {
        steps.push(fill(&n.deposit, &[("amount", &meta.locale.money(total.amount(), offer.totals.currency))]));
    }
    if let Some(e) = first(offer) {
        let start = |o: &Offer| first(o).map(|e| start_of(o, e));
        if differ(options, |o| start(&o.offer)) {
            steps.push(n.option_start.clone());
        } else if e.model == ModelKind::Managed && !options.is_empty() {
            let (_, phase, start, steady) = start_of(offer, e);
            let values = [("phase", phase.as_str()), ("start", &date(start)), ("steady_state", &date(steady))];
            steps.push(fill(&n.option_service_start, &values));
        } else {
            steps.push(start_step(catalog, e, offer, &date, consultant));
        }
    }
    let milestone = |o: &Offer| o.milestones.first().map(|m| (m.name.clone(), m.date));
    if let Some(m) = offer.milestones.first().filter(|_| !differ(options, |o| milestone(&o.offer))) {
        steps.push(fill(&n.first_milestone, &[("milestone", &m.name), ("date", &date(m.date))]));
    }
    let email = meta.consultant.email.as_deref().unwrap_or(firm_email);
    steps.push(fill(&n.questions, &[("consultant", consultant), ("email", email)]));
    NextStepsView { steps }
}

/// How the first engagement starts: a project's kickoff, a retainer's first month, or a
/// managed service's first phase (assessment, or onboarding) on its own first day, with the
/// day full responsibility begins; the service named as the billing note names it, quoted
/// after a noun that carries the article ("der Leistung „…“", « de la prestation … »), so
/// the sentence is grammatical for any name.
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
            let (_, phase, start, steady) = start_of(offer, e);
            fill(
                &n.service_start,
                &[("phase", &phase), ("service", &e.title), ("start", &date(start)), ("steady_state", &date(steady))],
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn en() -> std::sync::Arc<crate::catalog::strings::Strings> {
        crate::catalog::Catalog::embedded().unwrap().strings.clone()
    }

    #[test]
    fn names_each_time_once_with_what_the_times_share() {
        let each = [
            ("Essential", "4 hours for critical issues"),
            ("Extended", "2 hours for critical issues"),
            ("Premium", "30 minutes for critical issues"),
        ];
        assert_eq!(
            named_list(&en(), &each),
            "4 hours (Essential), 2 hours (Extended) or 30 minutes (Premium) for critical issues"
        );
        let each = [("A", "重大な障害に対して4時間以内"), ("B", "重大な障害に対して30分以内")];
        assert_eq!(shared(&each.map(|e| e.1)), ("重大な障害に対して".len(), 0));
        // Nothing shared: each text whole.
        assert_eq!(named_list(&en(), &[("A", "next day"), ("B", "1 hour")]), "next day (A) or 1 hour (B)");
        // A shared figure is no shared part: "3 hours" and "30 minutes" keep their 3.
        assert_eq!(shared(&["3 hours", "30 minutes"]), (0, 0));
    }
}
