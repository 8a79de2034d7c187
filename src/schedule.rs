//! The schedule: phases laid out in business days (the calendar's weekends and holidays
//! skipped), engagements in sequence, a milestone at each phase end, and every payment of
//! the contract in date order, summing exactly to the quote's contract value.

use crate::calendar::Calendar;
use crate::catalog::{fill, BillingStart, Catalog, Step};
use crate::diag::{Diagnostic, Result};
use crate::intake::{Intake, PricingKind, Start, Terms};
use crate::money::{split, split_percents, whole_percents, whole_percents_of, Currency, Money};
use crate::pricing::{pro_rata, EngagementQuote, Quote, Recurrence};
use crate::tax::TaxLine;
use chrono::{Datelike, Months, NaiveDate};
use rust_decimal::Decimal;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Schedule {
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub engagements: Vec<EngagementSchedule>,
    pub milestones: Vec<Milestone>,
    pub payments: Vec<Payment>,
    /// The calendar the dates were counted with.
    pub calendar: crate::calendar::CalendarSummary,
}

#[derive(Debug, Clone, Serialize)]
pub struct EngagementSchedule {
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// When the service is running and billing may start: for managed services and retainers
    /// the first business day after their set-up steps; for projects, the start.
    pub commencement: NaiveDate,
    pub phases: Vec<Slot>,
}

/// A phase (or how-it-works step) placed on the calendar.
#[derive(Debug, Clone, Serialize)]
pub struct Slot {
    pub engagement: usize,
    pub id: String,
    pub name: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// Business days from start to end, both counted.
    pub business_days: u32,
    /// Runs to the end of the term rather than for a set number of days.
    pub ongoing: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Milestone {
    pub engagement: usize,
    /// The phase it closes: an index into its engagement's phases.
    pub phase: usize,
    pub name: String,
    pub date: NaiveDate,
    /// The phase's outcome, which the client accepts.
    pub acceptance: String,
    /// What falls due when the milestone is accepted, if anything.
    pub payment: Option<Money>,
    /// Part of a long phase, before the milestone that closes it.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub interim: bool,
    /// Which part of its phase's payment it is (`n` of `count`), when the phase is paid in parts.
    #[serde(skip)]
    pub part: Option<(u32, u32)>,
}

/// What a payment is for; its `label` says it in the catalog's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PaymentKind {
    /// Invoiced on signature.
    Deposit,
    /// A fixed-price share, due when its milestone is accepted.
    Milestone,
    /// Time and materials: a month's estimated invoice, for the hours planned in it.
    Estimate,
    /// A one-time fee of managed services.
    Fee,
    /// A month of a recurring fee.
    Monthly,
    /// A fixed price's risk contingency: invoiced at the end only if the client releases it.
    Contingency,
}

#[derive(Debug, Clone, Serialize)]
pub struct Payment {
    pub due: NaiveDate,
    pub amount: Money,
    pub engagement: usize,
    pub kind: PaymentKind,
    pub label: String,
    pub recurrence: Recurrence,
    /// Time-and-materials invoices are estimates.
    pub estimated: bool,
    /// A fixed-price deposit's or milestone's share of the price it is cut from, in percent
    /// (see [`fixed_shares`]): the figure the payment was computed from, which the payment
    /// plan shows. `None` for every other payment.
    #[serde(skip)]
    pub share: Option<Decimal>,
}

/// The longest a project phase may last, in business days (about 20 years): a longer one
/// comes from effort or a scale no real project has, and would push dates out of range.
pub const MAX_PHASE_DAYS: u32 = 5_000;

/// Lays out every engagement and its payments.
pub fn schedule(intake: &Intake, catalog: &Catalog, quote: &Quote) -> Result<Schedule> {
    let cal = calendar(intake)?;
    let mut milestones = Vec::new();
    let mut payments = Vec::new();
    let engagements = lay_out(&cal, intake, catalog, quote, |i, e, q, sched| {
        let (mut ms, mut ps) = plan(&cal, catalog, (quote.currency, &intake.tax.lines), e, q, i, sched);
        milestones.append(&mut ms);
        payments.append(&mut ps);
    })?;
    // Stable: same-day payments keep engagement order.
    payments.sort_by_key(|p| p.due);
    milestones.sort_by_key(|m| m.date);
    let (start, end) = span_of(intake, &engagements);
    let last = payments.iter().map(|p| p.due).max().unwrap_or(end).max(end);
    let choice = &intake.calendar;
    let calendar = crate::calendar::summary(choice.place.as_ref(), choice.public, start, last)?;
    Ok(Schedule { start, end, engagements, milestones, payments, calendar })
}

/// The first and last day of the work, as [`schedule`] gives them, without the milestones,
/// payments and calendar summary: all that `batch` shows of a scenario's dates. Laying out a
/// 100-month managed service's invoices and their labels was a third of a batch scenario's
/// instructions.
pub fn span(intake: &Intake, catalog: &Catalog, quote: &Quote) -> Result<(NaiveDate, NaiveDate)> {
    let cal = calendar(intake)?;
    let engagements = lay_out(&cal, intake, catalog, quote, |_, _, _, _| {})?;
    Ok(span_of(intake, &engagements))
}

/// The intake's working calendar.
fn calendar(intake: &Intake) -> Result<Calendar<'_>> {
    let choice = &intake.calendar;
    Ok(match &choice.place {
        Some(place) => Calendar::of(place, choice.public, &intake.holidays)?,
        None => Calendar::new(&intake.holidays),
    })
}

/// Schedules each engagement's phases in turn, handing each to `each` as it is laid out.
fn lay_out(
    cal: &Calendar,
    intake: &Intake,
    catalog: &Catalog,
    quote: &Quote,
    mut each: impl FnMut(usize, &crate::intake::Engagement, &EngagementQuote, &EngagementSchedule),
) -> Result<Vec<EngagementSchedule>> {
    let hours_per_day = catalog.pricing.hours_per_day.get();
    let mut engagements: Vec<EngagementSchedule> = Vec::new();
    for (i, (e, q)) in intake.scope.engagements.iter().zip(&quote.engagements).enumerate() {
        let start = match (e.start, engagements.last()) {
            (Start::On(d), _) => cal.on_or_after(d),
            (Start::AfterPrevious, Some(prev)) => cal.after(prev.end),
            (Start::AfterPrevious, None) => cal.on_or_after(intake.meta.date),
        };
        let from_commencement = catalog.pricing.managed.billing_starts == BillingStart::Commencement;
        let (slots, commencement) = match &e.terms {
            Terms::Project(_) => (project_slots(cal, catalog, e, q, i, start, hours_per_day)?, start),
            Terms::Advisory(t) => step_slots(cal, catalog, e, i, start, t.months, false),
            Terms::Managed(t) => step_slots(cal, catalog, e, i, start, t.months, from_commencement),
        };
        let end = slots.iter().map(|s| s.end).max().unwrap_or(start);
        let sched = EngagementSchedule { start, end, commencement, phases: slots };
        each(i, e, q, &sched);
        engagements.push(sched);
    }
    Ok(engagements)
}

/// The first start and the last end of `engagements` (the intake's date if there are none).
fn span_of(intake: &Intake, engagements: &[EngagementSchedule]) -> (NaiveDate, NaiveDate) {
    let start = engagements.iter().map(|e| e.start).min().unwrap_or(intake.meta.date);
    (start, engagements.iter().map(|e| e.end).max().unwrap_or(start))
}

fn project_slots(
    cal: &Calendar,
    catalog: &Catalog,
    e: &crate::intake::Engagement,
    q: &EngagementQuote,
    index: usize,
    start: NaiveDate,
    hours_per_day: Decimal,
) -> Result<Vec<Slot>> {
    let Terms::Project(t) = &e.terms else { return Ok(Vec::new()) };
    let process = catalog.process(t.process);
    let mut slots = Vec::new();
    let mut next = start;
    for (phase, hours) in process.phases.iter().zip(&q.phase_hours) {
        if hours.is_zero() {
            continue;
        }
        let days = (hours / hours_per_day).ceil().max(Decimal::ONE);
        let days = u32::try_from(days.mantissa() / 10i128.pow(days.scale()))
            .ok()
            .filter(|d| *d <= MAX_PHASE_DAYS)
            .ok_or_else(|| {
                Diagnostic::new(format!(
                    "phase `{}` of engagement {} would last {days} business days, more than {MAX_PHASE_DAYS}",
                    phase.id,
                    index + 1
                ))
                .help("lower the phase's `scale` in the intake, or its hours in the catalog's effort.toml")
            })?;
        let end = cal.end_of(next, days);
        slots.push(Slot {
            engagement: index,
            id: phase.id.clone(),
            name: phase.name.clone(),
            start: next,
            end,
            business_days: days,
            ongoing: false,
        });
        next = cal.after(end);
    }
    Ok(slots)
}

/// The set-up steps in business days from `start`, then the ongoing ones to the end of the
/// term, and the commencement (the first business day after the set-up). The term of
/// `months` counts from commencement when `from_commencement`, else from `start`.
fn step_slots(
    cal: &Calendar,
    catalog: &Catalog,
    e: &crate::intake::Engagement,
    index: usize,
    start: NaiveDate,
    months: u32,
    from_commencement: bool,
) -> (Vec<Slot>, NaiveDate) {
    let steps = &catalog.model(e.model()).steps;
    // A step's name at the engagement's service level (a managed tier may rename it).
    let title = |s: &Step| catalog.step_scope(e.tier(), s).title.to_string();
    let mut slots = Vec::new();
    let mut next = start;
    // Pre-sale steps are done by signature: the paid work starts with the first one after.
    for s in steps.iter().filter(|s| !s.ongoing && !s.presale) {
        let days = s.days.map_or(1, |d| d.get());
        let end = cal.end_of(next, days);
        slots.push(Slot {
            engagement: index,
            id: s.id.clone(),
            name: title(s),
            start: next,
            end,
            business_days: days,
            ongoing: false,
        });
        next = cal.after(end);
    }
    let term_end = term_end(if from_commencement { next } else { start }, months);
    let ongoing_end = term_end.max(next);
    let days = cal.business_days_between(next, ongoing_end);
    for s in steps.iter().filter(|s| s.ongoing) {
        slots.push(Slot {
            engagement: index,
            id: s.id.clone(),
            name: title(s),
            start: next,
            end: ongoing_end,
            business_days: days,
            ongoing: true,
        });
    }
    (slots, next)
}

/// Milestones and payments of one engagement.
fn plan(
    cal: &Calendar,
    catalog: &Catalog,
    (cur, taxes): (Currency, &[TaxLine]),
    e: &crate::intake::Engagement,
    q: &EngagementQuote,
    index: usize,
    s: &EngagementSchedule,
) -> (Vec<Milestone>, Vec<Payment>) {
    let acceptance = |slot: &Slot| -> String {
        match &e.terms {
            Terms::Project(t) => catalog
                .process(t.process)
                .phases
                .iter()
                .find(|p| p.id == slot.id)
                .map(|p| catalog.phase_scope(t.scenario, p).acceptance.to_string()),
            _ => e.step(catalog, &slot.id).map(|s| s.outcome.to_string()),
        }
        .unwrap_or_default()
    };
    let labels = &catalog.texts.payments;
    // A fixed-price phase longer than the process's `interim_days` is paid in equal parts,
    // each at a milestone: interim ones at even business-day steps, the last at its end.
    let parts = |slot: &Slot| -> u32 {
        match &e.terms {
            Terms::Project(t) if t.pricing == PricingKind::Fixed => {
                catalog.process(t.process).interim_days.map_or(1, |max| slot.business_days.div_ceil(max.get()).max(1))
            }
            _ => 1,
        }
    };
    // Ongoing work has a review cadence instead of a milestone; the rest ends in one.
    let mut milestones: Vec<Milestone> = Vec::new();
    for (phase, slot) in s.phases.iter().enumerate().filter(|(_, slot)| !slot.ongoing) {
        let count = parts(slot);
        // Part `n` of `count`: "Execution (1 of 2)".
        let part = |n: u32| {
            let (n, count) = (n.to_string(), count.to_string());
            fill(&labels.interim, &[("phase", &slot.name), ("n", &n), ("count", &count)])
        };
        for n in 1..count {
            milestones.push(Milestone {
                engagement: index,
                phase,
                name: part(n),
                date: cal.end_of(slot.start, slot.business_days * n / count),
                acceptance: labels.interim_acceptance.clone(),
                payment: None,
                interim: true,
                part: Some((n, count)),
            });
        }
        let name = if count == 1 { slot.name.clone() } else { part(count) };
        milestones.push(Milestone {
            engagement: index,
            phase,
            name,
            date: slot.end,
            acceptance: acceptance(slot),
            payment: None,
            interim: false,
            part: (count > 1).then_some((count, count)),
        });
    }
    let mut payments = Vec::new();
    let one_time = |kind: PaymentKind, label: String, due: NaiveDate, amount: Money| Payment {
        due,
        amount,
        engagement: index,
        kind,
        label,
        recurrence: Recurrence::OneTime,
        estimated: kind == PaymentKind::Estimate,
        share: None,
    };
    match &e.terms {
        Terms::Project(t) if t.pricing == PricingKind::Fixed => {
            let process = catalog.process(t.process);
            let mut weights = vec![process.deposit_percent.get()];
            // A phase paid in parts: its whole percent in whole parts (40 in three: 14, 13, 13).
            let mut k = 0;
            while k < milestones.len() {
                let slot = &s.phases[milestones[k].phase];
                let percent =
                    process.phases.iter().find(|p| p.id == slot.id).map_or(Decimal::ZERO, |p| p.payment_percent.get());
                let count = parts(slot) as usize;
                match percent.fract().is_zero() {
                    true => weights.extend(whole_percents_of(&vec![Decimal::ONE; count], percent)),
                    false => weights.extend(std::iter::repeat_n(percent / Decimal::from(count as u32), count)),
                }
                k += count;
            }
            // A contingency line is invoiced on its own, as a managed fee is ([`invoiced`]):
            // its part of the discount, then its own tax; the deposit and milestones share
            // the rest of the total.
            let held: Decimal = q.lines.iter().filter(|l| l.contingency).map(|l| l.amount.amount()).sum();
            let rest: Decimal = q
                .lines
                .iter()
                .filter(|l| !l.contingency && l.recurrence == Recurrence::OneTime)
                .map(|l| l.amount.amount())
                .sum();
            let [contingency, plan_total] =
                match invoiced(&[Money::round(held, cur), Money::round(rest, cur)], q, taxes, cur)[..] {
                    [a, b] => [a, b],
                    _ => [Money::zero(cur), q.one_time.total],
                };
            let shares = fixed_shares(&weights);
            let amounts = split_percents(plan_total, &shares, cur);
            let shared = |kind, label, due, k: usize| Payment {
                share: Some(shares[k]),
                ..one_time(kind, label, due, amounts[k])
            };
            payments.push(shared(PaymentKind::Deposit, labels.deposit.clone(), s.start, 0));
            if !held.is_zero() {
                let label = catalog.texts.billing.contingency.clone();
                payments.push(one_time(PaymentKind::Contingency, label, s.end, contingency));
            }
            for (k, m) in milestones.iter_mut().enumerate() {
                if !amounts[k + 1].amount().is_zero() {
                    m.payment = Some(amounts[k + 1]);
                    // A phase paid in parts names each payment's part: "Execution milestone 1 of 2",
                    // then "Execution milestone 2 of 2" (a pack may word the interim ones apart).
                    let label = match m.part {
                        Some((n, count)) => {
                            let template = if m.interim { &labels.milestone_interim } else { &labels.milestone_last };
                            let phase = &s.phases[m.phase].name;
                            fill(template, &[("phase", phase), ("n", &n.to_string()), ("count", &count.to_string())])
                        }
                        None => fill(&labels.milestone, &[("phase", &m.name)]),
                    };
                    payments.push(shared(PaymentKind::Milestone, label, m.date, k + 1));
                }
            }
        }
        Terms::Project(_) => {
            // Invoiced monthly on the hours worked: one estimated invoice per month worked.
            let months = tm_months(cal, q, s);
            let weights: Vec<Decimal> = months.iter().map(|m| m.1).collect();
            let parts = split(q.one_time.total, &weights, cur);
            let count = months.len().to_string();
            for (k, ((due, _), part)) in months.iter().zip(&parts).enumerate() {
                let label = fill(&labels.estimate_month, &[("n", &(k + 1).to_string()), ("count", &count)]);
                payments.push(one_time(PaymentKind::Estimate, label, *due, *part));
            }
        }
        Terms::Advisory(_) => {}
        Terms::Managed(_) => {
            let fees: Vec<Money> =
                q.lines.iter().filter(|l| l.recurrence == Recurrence::OneTime).map(|l| l.amount).collect();
            let parts = invoiced(&fees, q, taxes, cur);
            let setup_end = s.phases.iter().filter(|p| !p.ongoing).map(|p| p.end).max().unwrap_or(s.start);
            let fees = q.lines.iter().filter(|l| l.recurrence == Recurrence::OneTime);
            for (i, (part, line)) in parts.iter().zip(fees).enumerate() {
                let due = if i == 0 { s.start } else { setup_end };
                payments.push(one_time(PaymentKind::Fee, fill(&labels.fee, &[("fee", &line.label)]), due, *part));
            }
        }
    }
    if q.months > 0 {
        // Managed services bill from commencement when the catalog says so (the onboarding
        // fee covers the set-up before it); everything else from the start.
        let from = match e.terms {
            Terms::Managed(_) if catalog.pricing.managed.billing_starts == BillingStart::Commencement => s.commencement,
            _ => s.start,
        };
        let count = q.months.to_string();
        for k in 0..q.months {
            // Month k falls on the same day of the month as the first (the month's last day
            // when it has no such day), and on a weekend or holiday the next business day.
            let due = cal.on_or_after(add_months(from, k));
            let label = fill(&labels.month, &[("n", &(k + 1).to_string()), ("count", &count)]);
            payments.push(Payment {
                due,
                amount: q.monthly.total,
                engagement: index,
                kind: PaymentKind::Monthly,
                label,
                recurrence: Recurrence::Monthly,
                estimated: false,
                share: None,
            });
        }
    }
    (milestones, payments)
}

/// One-time fees paid one payment each, as an invoice of each fee charges it: the fee's net
/// (its amount less its part of the engagement's one-time discount, which is spread over the
/// fees by [`pro_rata`]: each part rounded down, the remainder to the largest fee) plus, for
/// each tax line, net × rate rounded to the minor unit half away from zero. The last payment
/// takes the remainder, so the payments sum exactly to the engagement's one-time total (whose
/// tax is computed on the fees' sum, so it may differ by a minor unit or so).
fn invoiced(fees: &[Money], q: &EngagementQuote, taxes: &[TaxLine], cur: Currency) -> Vec<Money> {
    let taxed = |net: Money| -> Option<Decimal> {
        taxes.iter().try_fold(net.amount(), |sum, t| {
            sum.checked_add(cur.round(net.amount().checked_mul(t.percent.fraction())?))
        })
    };
    let each = || -> Option<Vec<Money>> {
        let discounts = pro_rata(q.one_time.discount, fees, cur).ok()?;
        let mut parts = Vec::with_capacity(fees.len());
        for (fee, discount) in fees.iter().zip(discounts) {
            parts.push(Money::round(taxed(fee.checked_sub(discount)?)?, cur));
        }
        let given: Decimal = parts.iter().map(|m| m.amount()).sum();
        let last = parts.last_mut()?;
        *last = Money::round(last.amount().checked_add(q.one_time.total.amount().checked_sub(given)?)?, cur);
        Some(parts)
    };
    // Only an overflow, which the quote's own figures rule out, falls back to a plain split.
    each().unwrap_or_else(|| split(q.one_time.total, &fees.iter().map(|f| f.amount()).collect::<Vec<_>>(), cur))
}

/// A fixed price's shares in percent, from the catalog's `deposit_percent` and the
/// milestones' part of their phases' `payment_percent`: as given when they sum to 100 (every
/// phase of the process is scheduled), else the deposit as given and the milestones sharing
/// the rest as whole percentages by the largest-remainder method ([`whole_percents_of`]),
/// since a skipped phase leaves its share to be spread (never onto the deposit, which the
/// client pays before any work). Invariant: the shares sum to exactly 100.
pub fn fixed_shares(given: &[Decimal]) -> Vec<Decimal> {
    match (given.iter().sum::<Decimal>() == Decimal::ONE_HUNDRED, given.split_first()) {
        (true, _) => given.to_vec(),
        // The deposit keeps its percent: what it leaves is shared by the milestones.
        (_, Some((deposit, milestones)))
            if deposit.fract().is_zero() && *deposit < Decimal::ONE_HUNDRED && !milestones.is_empty() =>
        {
            let rest = Decimal::ONE_HUNDRED - deposit;
            let mut shares = vec![*deposit];
            shares.extend(whole_percents_of(milestones, rest));
            shares
        }
        _ => whole_percents(given),
    }
}

/// `months` months after `d`, on the same day of the month, or the month's last day when it
/// is shorter (31 January + 1 month = 28 or 29 February); always counted from `d` itself, so
/// later months return to the 31st.
pub fn add_months(d: NaiveDate, months: u32) -> NaiveDate {
    d.checked_add_months(Months::new(months)).unwrap_or(NaiveDate::MAX)
}

/// The last day of a term of `months` months starting on `start`: the day before the same
/// day `months` later; when that month has no such day (a term from 29 February, or from 31
/// January for one month), its last day, so a term is never a day short.
pub fn term_end(start: NaiveDate, months: u32) -> NaiveDate {
    let same_day = add_months(start, months);
    if same_day.day() < start.day() {
        same_day
    } else {
        same_day.pred_opt().unwrap_or(same_day)
    }
}

/// A time-and-materials project's invoice months: each month it works in, from its start
/// month to its end month, with its due date (the month's last business day, the
/// engagement's end for the last) and its weight: each phase's price spread evenly over the
/// phase's business days, the days in that month counted. A month without work days in it
/// (a long holiday) still gets its invoice, of zero weight.
fn tm_months(cal: &Calendar, q: &EngagementQuote, s: &EngagementSchedule) -> Vec<(NaiveDate, Decimal)> {
    let index = |d: NaiveDate| d.year() * 12 + d.month0() as i32;
    let first = index(s.start);
    let mut months: Vec<(NaiveDate, Decimal)> = Vec::new();
    let mut d = s.start.with_day(1).unwrap_or(s.start);
    while index(d) <= index(s.end) {
        let next = add_months(d, 1);
        let mut due = next.pred_opt().unwrap_or(d).min(s.end);
        while !cal.is_business_day(due) && due > s.start {
            due = due.pred_opt().unwrap_or(due);
        }
        months.push((due.max(s.start), Decimal::ZERO));
        if next <= d {
            break;
        }
        d = next;
    }
    for slot in &s.phases {
        let amount = phase_amount(q, slot);
        if amount.is_zero() || slot.business_days == 0 {
            continue;
        }
        let per_day = amount / Decimal::from(slot.business_days);
        let mut day = slot.start;
        while day <= slot.end {
            if cal.is_business_day(day) {
                if let Some(m) = usize::try_from(index(day) - first).ok().and_then(|i| months.get_mut(i)) {
                    m.1 += per_day;
                }
            }
            match day.succ_opt() {
                Some(n) => day = n,
                None => break,
            }
        }
    }
    months
}

fn phase_amount(q: &EngagementQuote, slot: &Slot) -> Decimal {
    q.lines.iter().filter(|l| l.label == slot.name && l.phase.is_some()).map(|l| l.amount.amount()).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn woodgroves_plan_is_in_whole_percentages_summing_to_its_price() {
        use rust_decimal_macros::dec;
        // The standard process's 20 % deposit and 10, 10, 40 and 20 % phases, discovery
        // skipped, and execution's 40 % in two interim parts: the deposit stays 20 %, the
        // milestones share the other 80 as whole percentages.
        let shares = fixed_shares(&[dec!(20), dec!(10), dec!(20), dec!(20), dec!(20)]);
        assert_eq!(shares, [dec!(20), dec!(11), dec!(23), dec!(23), dec!(23)]);
        let chf = Currency::from_code("CHF").unwrap();
        let parts = split_percents(Money::round(dec!(392299.78), chf), &shares, chf);
        let texts: Vec<String> = parts.iter().map(|m| m.to_string()).collect();
        // Each payment is its percent to the nearest cent but planning's 11 %, the last unique
        // share, which gives back the cent the others overshoot; the three 23 % are equal.
        assert_eq!(texts, ["78459.96", "43152.97", "90228.95", "90228.95", "90228.95"]);
        // Every phase scheduled: the catalog's shares, as given.
        let given = [dec!(20), dec!(10), dec!(10), dec!(40), dec!(20)];
        assert_eq!(fixed_shares(&given), given);
        assert_eq!(fixed_shares(&[dec!(12.5), dec!(87.5)]), [dec!(12.5), dec!(87.5)]);
    }

    #[test]
    fn twelve_months_from_29_february_end_on_28_february() {
        assert_eq!(add_months(d(2028, 2, 29), 12), d(2029, 2, 28));
        assert_eq!(term_end(d(2028, 2, 29), 12), d(2029, 2, 28));
        // Four years on, February has its 29th again: the term ends the day before.
        assert_eq!(term_end(d(2028, 2, 29), 48), d(2032, 2, 28));
        assert_eq!(term_end(d(2027, 2, 28), 12), d(2028, 2, 27));
    }

    #[test]
    fn a_term_starting_on_a_months_last_day_is_never_a_day_short() {
        // One month from 31 January covers all of February.
        assert_eq!(term_end(d(2026, 1, 31), 1), d(2026, 2, 28));
        assert_eq!(term_end(d(2028, 1, 31), 1), d(2028, 2, 29));
        assert_eq!(term_end(d(2026, 1, 31), 2), d(2026, 3, 30));
        assert_eq!(term_end(d(2026, 4, 30), 1), d(2026, 5, 29));
        assert_eq!(term_end(d(2026, 3, 1), 1), d(2026, 3, 31));
        assert_eq!(term_end(d(2026, 1, 31), 12), d(2027, 1, 30));
        // Monthly dates from the 31st clamp in short months and return to the 31st.
        let months: Vec<NaiveDate> = (0..4).map(|k| add_months(d(2026, 1, 31), k)).collect();
        assert_eq!(months, [d(2026, 1, 31), d(2026, 2, 28), d(2026, 3, 31), d(2026, 4, 30)]);
    }
}
