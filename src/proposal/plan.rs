//! The payment plan as the client reads it: the schedule's payments as one-time rows and
//! runs of monthly payments, in order of their (first) due date; each fixed-price
//! payment's share of its fixed price, and the totals that reconcile the plan with the
//! contract value. Computed here so renderers only write it.

use crate::money::{Currency, Money};
use crate::pricing::{Recurrence, Sums};
use crate::proposal::EngagementView;
use crate::schedule::{add_months, Payment, PaymentKind};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

/// The payment schedule arranged for reading. Invariant: `one_time_total + recurring_total
/// == total`, and `total` is the offer's contract value (the schedule's payments sum to it).
#[derive(Debug, Clone, Serialize)]
pub struct PaymentPlan {
    /// Every row in the plan's order: the payments made once first (the deposit, then the
    /// rest by due date), then the runs of equal monthly payments by their first due date. A
    /// row is a payment made once (a time-and-materials month's estimate among them), or a
    /// run of equal monthly payments (`recurring`).
    pub rows: Vec<PlanRow>,
    pub one_time_total: Money,
    pub recurring_total: Money,
    pub total: Money,
    /// How each fixed price is split between signature and milestones.
    pub splits: Vec<FixedSplit>,
    /// Whether some row's amount has a discount, or tax, folded in.
    pub discounted: bool,
    /// Whether a discount is folded into more than one row, spread over them; with one row
    /// the footnote points to the discount as stated.
    pub discount_spread: bool,
    pub taxed: bool,
    /// Whether some row is a time-and-materials estimate.
    pub estimated: bool,
}

/// One line of the plan: a single payment, or `count` equal monthly payments.
#[derive(Debug, Clone, Serialize)]
pub struct PlanRow {
    /// A run of monthly payments, not a payment made once.
    pub recurring: bool,
    pub engagement: usize,
    pub engagement_title: String,
    pub kind: PaymentKind,
    pub label: String,
    /// Due when the client signs: no date, since signature may come any day before the
    /// proposal's validity ends.
    pub on_signature: bool,
    /// When it falls due (the first of a run); `None` on signature.
    pub due: Option<NaiveDate>,
    /// The last payment of a run of monthly payments.
    pub last_due: Option<NaiveDate>,
    /// The run's last payment is not on its first's day of the month (or the month's last
    /// day, when it has no such day) but later: a weekend or holiday moved it to the next
    /// business day. The plan then says why, since a reader who sees "from 30 March" and
    /// "the last on 1 September" expects 30 August. (An earlier payment moved is not said:
    /// the plan shows no other date of the run.)
    pub moved: bool,
    /// How many payments the row stands for (1 for a one-time payment).
    pub count: u32,
    /// Each payment's amount.
    pub payment: Money,
    /// The row's amount: `count × payment`, exactly.
    pub amount: Money,
    /// The share of its engagement's fixed price (less any contingency) that the payment was
    /// computed from, in percent; an engagement's shares sum to exactly 100 (see
    /// [`crate::schedule::fixed_shares`]). `None` for every payment but a fixed price's.
    pub share: Option<Decimal>,
    pub estimated: bool,
    /// The engagement's discount, or tax, is part of this amount.
    pub discounted: bool,
    pub taxed: bool,
}

/// A fixed price's split, in percent as the plan shows them (so they sum to 100).
#[derive(Debug, Clone, Serialize)]
pub struct FixedSplit {
    pub engagement: usize,
    pub engagement_title: String,
    pub on_signature: Decimal,
    pub milestones: Decimal,
    /// How many milestone payments the rest is spread over.
    pub milestone_count: usize,
}

/// Arranges `payments` (in date order, summing to `contract_value`) for reading.
pub fn plan(payments: &[Payment], engagements: &[EngagementView], contract_value: Money, cur: Currency) -> PaymentPlan {
    let adjusted = |pay: &Payment| {
        let sums: Option<&Sums> = engagements.get(pay.engagement).map(|e| match pay.recurrence {
            Recurrence::OneTime => &e.one_time,
            Recurrence::Monthly => &e.monthly,
        });
        sums.map_or((false, false), |s| (!s.discount.amount().is_zero(), !s.tax.amount().is_zero()))
    };
    let title = |i: usize| engagements.get(i).map(|e| e.title.clone()).unwrap_or_default();
    let (mut one_time, mut recurring): (Vec<PlanRow>, Vec<PlanRow>) = (Vec::new(), Vec::new());
    for pay in payments {
        // A payment of nothing (a month of time and materials with no working day in it)
        // has no discount or tax in it to mark.
        let (discounted, taxed) = match pay.amount.amount().is_zero() {
            true => (false, false),
            false => adjusted(pay),
        };
        if pay.recurrence == Recurrence::Monthly {
            let run = recurring
                .iter_mut()
                .rev()
                .find(|r| r.engagement == pay.engagement)
                .filter(|r| r.payment == pay.amount && r.estimated == pay.estimated);
            // Equal payments of one engagement's monthly fees carry the same marks.
            if let Some(r) = run {
                // The run's first payment is on a business day (the engagement's start or
                // commencement); the k-th falls k months after it unless a weekend or
                // holiday moved it.
                let nominal = r.due.map(|first| add_months(first, r.count));
                r.moved = nominal.is_some_and(|d| d != pay.due);
                r.count += 1;
                r.last_due = Some(pay.due);
                r.amount = Money::round(r.amount.amount() + pay.amount.amount(), cur);
                continue;
            }
        }
        let on_signature = pay.kind == PaymentKind::Deposit;
        let row = PlanRow {
            recurring: pay.recurrence == Recurrence::Monthly,
            engagement: pay.engagement,
            engagement_title: title(pay.engagement),
            kind: pay.kind,
            label: pay.label.clone(),
            on_signature,
            due: (!on_signature).then_some(pay.due),
            last_due: None,
            moved: false,
            count: 1,
            payment: pay.amount,
            amount: pay.amount,
            share: pay.share.map(|s| s.normalize()),
            estimated: pay.estimated,
            discounted,
            taxed,
        };
        match pay.recurrence {
            Recurrence::OneTime => one_time.push(row),
            Recurrence::Monthly => recurring.push(row),
        }
    }
    let sum = |rows: &[PlanRow]| rows.iter().map(|r| r.amount.amount()).sum::<Decimal>();
    let (ot, rc) = (sum(&one_time), sum(&recurring));
    let splits = splits(&one_time, engagements);
    // In the order the client pays: the deposit first whatever the date order (it is due
    // before any dated payment), then every row by its (first) due date, a run of monthly
    // payments at its first (review 18: a transition fee in September below a run from
    // August). Stable: on the same day a payment made once before a run, then the
    // engagements' order.
    let mut rows = one_time;
    rows.append(&mut recurring);
    rows.sort_by_key(|r| (!r.on_signature, r.due));
    let any = |f: fn(&PlanRow) -> bool| rows.iter().any(f);
    PaymentPlan {
        discounted: any(|r| r.discounted),
        discount_spread: rows.iter().filter(|r| r.discounted).count() > 1,
        taxed: any(|r| r.taxed),
        estimated: any(|r| r.estimated),
        one_time_total: Money::round(ot, cur),
        recurring_total: Money::round(rc, cur),
        total: contract_value,
        splits,
        rows,
    }
}

impl PaymentPlan {
    /// The payments made once, in the plan's order.
    pub fn one_time(&self) -> impl Iterator<Item = &PlanRow> {
        self.rows.iter().filter(|r| !r.recurring)
    }

    /// The runs of monthly payments, in the plan's order.
    pub fn recurring(&self) -> impl Iterator<Item = &PlanRow> {
        self.rows.iter().filter(|r| r.recurring)
    }
}

fn splits(one_time: &[PlanRow], engagements: &[EngagementView]) -> Vec<FixedSplit> {
    let mut out = Vec::new();
    for (i, e) in engagements.iter().enumerate() {
        let rows = one_time.iter().filter(|r| r.engagement == i && r.share.is_some());
        let (mut on_signature, mut milestones, mut count) = (Decimal::ZERO, Decimal::ZERO, 0);
        for r in rows {
            let s = r.share.unwrap_or_default();
            if r.on_signature {
                on_signature += s;
            } else {
                milestones += s;
                count += 1;
            }
        }
        if count > 0 || !on_signature.is_zero() {
            out.push(FixedSplit {
                engagement: i,
                engagement_title: e.title.clone(),
                on_signature: on_signature.normalize(),
                milestones: milestones.normalize(),
                milestone_count: count,
            });
        }
    }
    out
}
