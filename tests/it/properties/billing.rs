//! The property test's checks of issue 16's billing rules: the amount-discount spread, the
//! folded risk premium, fixed-price shares, payments on business days and time and
//! materials' monthly invoices.

use super::{catalog, is_business_day, DiscountSpec, IntakeSpec, Terms};
use chrono::{Datelike, NaiveDate};
use propose::money::Currency;
use propose::pricing::Recurrence;
use propose::proposal::Proposal;
use proptest::prelude::*;
use rust_decimal::Decimal;
use std::collections::BTreeSet;

/// Issue 16's billing rules, recomputed from the model's own figures: every payment falls on
/// a business day; a fixed price has no premium line, its phases summing to labour plus
/// labour × premium rounded; time and materials has one estimated invoice per month worked.
pub(super) fn check_billing(
    spec: &IntakeSpec,
    p: &Proposal,
    holidays: &BTreeSet<NaiveDate>,
) -> Result<(), TestCaseError> {
    let cur = p.offer.totals.currency;
    for pay in &p.offer.payment_schedule {
        prop_assert!(is_business_day(pay.due, holidays), "payment `{}` due on {}", pay.label, pay.due);
    }
    let premium = catalog().pricing.project.risk_premium_percent.get() / Decimal::ONE_HUNDRED;
    // The premium's terms are named in the proposal's language.
    let words = &catalog().in_language(p.proposal.language).unwrap().texts.quote;
    let (premium_term, rounding_term) = (words.calc_risk_premium.as_str(), words.calc_rounding.as_str());
    for (i, e) in spec.engagements.iter().enumerate() {
        if let Terms::Managed { .. } = &e.terms {
            check_managed_fees(p, i)?;
        }
        let Terms::Project { pricing, .. } = &e.terms else { continue };
        let lines: Vec<_> = p.offer.line_items.iter().filter(|l| l.engagement == i).map(|l| &l.line).collect();
        if *pricing == "fixed" {
            prop_assert!(lines.iter().all(|l| l.phase.is_some()), "engagement {i}: a line that is no phase");
            let labour: Decimal = lines
                .iter()
                .map(|l| {
                    l.calc
                        .iter()
                        .filter(|t| t.label != premium_term && t.label != rounding_term)
                        .map(|t| t.value)
                        .sum::<Decimal>()
                })
                .map(|v| cur.round(v))
                .sum();
            let sum: Decimal = lines.iter().map(|l| l.amount.amount()).sum();
            prop_assert_eq!(sum, labour + cur.round(labour * premium), "engagement {}: phases ≠ labour + premium", i);
            // The plan's shares are whole percentages (the catalog's are) summing to 100, and
            // the payments are the oracle's: each the price × its share rounded half away
            // from zero, the remainder on the last unique share.
            let plan = &p.offer.payment_plan;
            let rows: Vec<_> = plan.one_time().filter(|r| r.engagement == i && r.share.is_some()).collect();
            let shares: Vec<Decimal> = rows.iter().filter_map(|r| r.share).collect();
            prop_assert_eq!(shares.iter().sum::<Decimal>(), Decimal::ONE_HUNDRED, "engagement {}: shares", i);
            prop_assert!(shares.iter().all(|s| s.fract().is_zero()), "engagement {i}: a share not whole: {shares:?}");
            let price = p.offer.engagements[i].one_time.total.amount();
            let paid: Vec<Decimal> = rows.iter().map(|r| r.amount.amount()).collect();
            prop_assert_eq!(&paid, &expected_payments(price, &shares, cur), "engagement {}: {:?}", i, &shares);
            prop_assert_eq!(paid.iter().sum::<Decimal>(), price, "engagement {}: the plan's payments ≠ the price", i);
            check_equal_shares_equal(&shares, &paid)?;
        } else {
            let pays: Vec<_> = p.offer.payment_schedule.iter().filter(|x| x.engagement == i).collect();
            let e = &p.offer.engagements[i];
            let month = |d: NaiveDate| d.year() * 12 + d.month0() as i32;
            prop_assert_eq!(
                pays.len() as i32,
                month(e.end) - month(e.start) + 1,
                "engagement {}: one invoice a month",
                i
            );
            for (k, pay) in pays.iter().enumerate() {
                prop_assert!(pay.estimated, "engagement {i}: a time-and-materials invoice not marked estimated");
                prop_assert_eq!(month(pay.due), month(e.start) + k as i32);
            }
        }
    }
    Ok(())
}

/// The oracle of a fixed price's payments, from the rule as README states it and not from
/// the engine: each payment is price × share ÷ 100 rounded to the minor unit, half away from
/// zero (zero for a 0 % share); the remainder goes to the last payment with a share above 0
/// that no other payment has, or, when every share above 0 is repeated, to the last payment
/// above 0; if that payment would fall below zero, every payment is rounded down instead.
pub(super) fn expected_payments(price: Decimal, shares: &[Decimal], cur: Currency) -> Vec<Decimal> {
    let nearest = expected_payments_by(price, shares, |x| cur.round(x));
    match nearest.iter().any(|p| *p < Decimal::ZERO) {
        true => expected_payments_by(price, shares, |x| cur.round_down(x)),
        false => nearest,
    }
}

fn expected_payments_by(price: Decimal, shares: &[Decimal], round: impl Fn(Decimal) -> Decimal) -> Vec<Decimal> {
    let mut paid: Vec<Decimal> = shares.iter().map(|s| round(price * *s / Decimal::ONE_HUNDRED)).collect();
    let positive: Vec<usize> = (0..shares.len()).filter(|&k| shares[k] > Decimal::ZERO).collect();
    let repeats = |k: usize| shares.iter().filter(|s| **s == shares[k]).count() > 1;
    let taker = positive.iter().rev().find(|&&k| !repeats(k)).or(positive.last()).copied();
    let left = price - paid.iter().sum::<Decimal>();
    match taker {
        Some(t) => paid[t] += left,
        None => {
            if let Some(last) = paid.last_mut() {
                *last += left;
            }
        }
    }
    paid
}

/// Issue 15's invoice rule for a managed service's one-time fees, recomputed as README states
/// it: the engagement's one-time discount is spread over the fees pro rata (each part
/// rounded down, the remainder to the largest fee, the earlier of equals, and what it has no
/// room for to the next largest); each fee pays its net plus, per tax line, net ×
/// rate rounded half away from zero; the last fee takes what is left of the one-time total.
fn check_managed_fees(p: &Proposal, i: usize) -> Result<(), TestCaseError> {
    let cur = p.offer.totals.currency;
    let e = &p.offer.engagements[i];
    let fees: Vec<Decimal> = p
        .offer
        .line_items
        .iter()
        .filter(|l| l.engagement == i && l.line.recurrence == Recurrence::OneTime)
        .map(|l| l.line.amount.amount())
        .collect();
    let (discount, total) = (e.one_time.discount.amount(), e.one_time.total.amount());
    let all: Decimal = fees.iter().sum();
    let mut parts: Vec<Decimal> =
        fees.iter().map(|f| if all.is_zero() { Decimal::ZERO } else { cur.round_down(discount * *f / all) }).collect();
    let mut left = discount - parts.iter().sum::<Decimal>();
    let mut order: Vec<usize> = (0..fees.len()).collect();
    order.sort_by(|a, b| fees[*b].cmp(&fees[*a]).then(a.cmp(b)));
    for k in order {
        let more = left.min(fees[k] - parts[k]);
        parts[k] += more;
        left -= more;
    }
    let rates: Vec<Decimal> = p.tax.lines.iter().map(|t| t.percent.fraction()).collect();
    let mut expected: Vec<Decimal> = fees
        .iter()
        .zip(&parts)
        .map(|(f, d)| f - d)
        .map(|net| net + rates.iter().map(|r| cur.round(net * r)).sum::<Decimal>())
        .collect();
    let given: Decimal = expected.iter().sum();
    if let Some(last) = expected.last_mut() {
        *last += total - given;
    }
    let paid: Vec<Decimal> = p
        .offer
        .payment_schedule
        .iter()
        .filter(|x| x.engagement == i && x.kind == propose::schedule::PaymentKind::Fee)
        .map(|x| x.amount.amount())
        .collect();
    prop_assert_eq!(&paid, &expected, "engagement {}: fees {:?}, discount {}, total {}", i, &fees, discount, total);
    Ok(())
}

/// Payments with equal shares are equal amounts whenever some share above 0 is unique.
pub(super) fn check_equal_shares_equal(shares: &[Decimal], paid: &[Decimal]) -> Result<(), TestCaseError> {
    let positive = || shares.iter().filter(|s| **s > Decimal::ZERO);
    if positive().any(|s| shares.iter().filter(|t| *t == s).count() == 1) {
        for (a, (sa, pa)) in shares.iter().zip(paid).enumerate() {
            for (sb, pb) in shares.iter().zip(paid).skip(a + 1) {
                prop_assert!(sa != sb || pa == pb, "{sa} % paid {pa} and {pb}: {shares:?} → {paid:?}");
            }
        }
    }
    Ok(())
}

/// Each fixed amount is spread over the engagements' one-time fees pro rata to what is left
/// of them when it comes (after the percentages, then the amounts before it), recomputed
/// here from the subtotals and the applied discounts: every share is within one minor unit
/// per engagement of its exact pro-rata share, and the shares sum to the amount.
pub(super) fn check_amount_spread(spec: &IntakeSpec, p: &Proposal) -> Result<(), TestCaseError> {
    let cur = p.offer.totals.currency;
    let n = p.offer.engagements.len();
    let given = |label: &str, i: usize| -> Decimal {
        p.offer
            .discounts
            .iter()
            .filter(|d| d.label == label && d.engagement == i && d.recurrence == Recurrence::OneTime)
            .map(|d| d.amount.amount())
            .sum()
    };
    let mut left: Vec<Decimal> = p.offer.engagements.iter().map(|e| e.one_time.subtotal.amount()).collect();
    for (k, d) in spec.discounts.iter().enumerate() {
        if let DiscountSpec::Percent { .. } = d {
            for (i, room) in left.iter_mut().enumerate() {
                *room -= given(&format!("Discount {}", k + 1), i);
            }
        }
    }
    for (k, d) in spec.discounts.iter().enumerate() {
        let DiscountSpec::Amount { hundredths, .. } = d else { continue };
        let label = format!("Discount {}", k + 1);
        let amount = cur.round(Decimal::new(i64::from(*hundredths), 2));
        let all: Decimal = left.iter().sum();
        let mut sum = Decimal::ZERO;
        for (i, room) in left.iter_mut().enumerate() {
            let share = given(&label, i);
            let exact = amount * *room / all;
            prop_assert!(share <= *room, "{label}: engagement {i}'s share {share} above its fees {room}");
            let off = (share - exact).abs();
            prop_assert!(
                off < cur.minor_unit() * Decimal::from(n),
                "{label}: engagement {i} got {share}, pro rata {exact}"
            );
            *room -= share;
            sum += share;
        }
        prop_assert_eq!(sum, amount, "{}: shares do not sum to the amount", label);
    }
    Ok(())
}
