//! Commercial guardrails: the margin of every engagement and of the whole proposal, the
//! discount given and the deal size, checked against the catalog's policy. The review goes
//! into `--explain` and the JSON, never into a client's documents.

use crate::catalog::Catalog;
use crate::diag::{Diagnostic, Error, Result};
use crate::money::{Currency, Money};
use crate::pricing::{EngagementQuote, Quote};
use rust_decimal::Decimal;
use serde::Serialize;
use std::cmp::Ordering;

#[derive(Debug, Clone, Serialize)]
pub struct Review {
    pub engagements: Vec<Margin>,
    pub overall: Margin,
    /// Discounts over the contract as a share of its fees before discount and tax.
    pub discount_percent: Decimal,
    pub breaches: Vec<Breach>,
    /// 0 within policy, 1 for a breach, 2 for a deal above the second-approver threshold.
    pub approvers_needed: usize,
    pub approved_by: Vec<String>,
    pub approved: bool,
}

/// Revenue (fees after discount, before tax, over the contract), cost and margin.
#[derive(Debug, Clone, Serialize)]
pub struct Margin {
    pub revenue: Money,
    pub cost: Money,
    pub margin: Money,
    /// Margin as a percentage of revenue, to one decimal place: for display only; the policy
    /// compares the unrounded figures.
    pub percent: Decimal,
    /// The unrounded revenue and margin the policy compares (never serialized: the rounded
    /// figures above are what a reader sees).
    #[serde(skip)]
    exact: (Decimal, Decimal),
}

/// A rule the quote breaks: which, by how much, against what.
#[derive(Debug, Clone, Serialize)]
pub struct Breach {
    pub rule: &'static str,
    pub message: String,
}

fn percent(part: Decimal, whole: Decimal) -> Decimal {
    if whole.is_zero() {
        return Decimal::ZERO;
    }
    // A tiny revenue against a large cost can leave `Decimal`'s range: the share is then as
    // large as it can be written, with its sign.
    let share = part.checked_mul(Decimal::ONE_HUNDRED).and_then(|p| p.checked_div(whole));
    let extreme = if part.is_sign_negative() == whole.is_sign_negative() { Decimal::MAX } else { Decimal::MIN };
    let mut p = share.unwrap_or(extreme).round_dp(1);
    p.rescale(1);
    p
}

fn margin(revenue: Decimal, cost: Decimal, cur: Currency) -> Margin {
    Margin {
        revenue: Money::round(revenue, cur),
        cost: Money::round(cost, cur),
        margin: Money::round(revenue - cost, cur),
        percent: percent(revenue - cost, revenue),
        exact: (revenue, revenue - cost),
    }
}

/// How `part` as a percentage of `whole` compares with `limit` percent, exactly: by
/// cross-multiplying (`part × 100` against `limit × whole`), never through a rounded share, so
/// a 15.04 % discount is above a 15 % maximum. A zero `whole` is a share of zero.
fn share_vs(part: Decimal, whole: Decimal, limit: Decimal) -> Ordering {
    if whole.is_zero() {
        return Decimal::ZERO.cmp(&limit);
    }
    let (part, whole) = if whole.is_sign_negative() { (-part, -whole) } else { (part, whole) };
    match (part.checked_mul(Decimal::ONE_HUNDRED), limit.checked_mul(whole)) {
        (Some(lhs), Some(rhs)) => lhs.cmp(&rhs),
        // Past `Decimal`'s range the quotient, correct to 28 digits, decides.
        _ => {
            let share = part.checked_div(whole).and_then(|s| s.checked_mul(Decimal::ONE_HUNDRED));
            share.map_or_else(
                || if part.is_sign_negative() { Ordering::Less } else { Ordering::Greater },
                |s| s.cmp(&limit),
            )
        }
    }
}

/// A share for a breach message: to one decimal place, or to as many more (up to four) as it
/// takes not to read as the limit it breaks ("15.04%", not "15.0%", against 15 %).
fn shown(part: Decimal, whole: Decimal, limit: Decimal) -> Decimal {
    let exact = if whole.is_zero() {
        Decimal::ZERO
    } else {
        part.checked_mul(Decimal::ONE_HUNDRED).and_then(|p| p.checked_div(whole)).unwrap_or(Decimal::ZERO)
    };
    let mut dp = 1;
    let mut p = percent(part, whole);
    while dp < 4 && p.cmp(&limit) == Ordering::Equal {
        dp += 1;
        p = exact.round_dp(dp);
    }
    p
}

/// Fees before tax over the contract, and the discount given on them.
fn fees(e: &EngagementQuote) -> (Decimal, Decimal) {
    let months = Decimal::from(e.months);
    let gross = e.one_time.subtotal.amount() + e.monthly.subtotal.amount() * months;
    let discount = e.one_time.discount.amount() + e.monthly.discount.amount() * months;
    (gross, discount)
}

/// Reviews a quote against the catalog's policy; nobody has approved it yet.
pub fn review(catalog: &Catalog, quote: &Quote, titles: &[String]) -> Review {
    let cur = quote.currency;
    let policy = &catalog.pricing.policy;
    let (mut gross, mut discount, mut cost) = (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO);
    let mut engagements = Vec::with_capacity(quote.engagements.len());
    let mut breaches = Vec::new();
    let min_margin = policy.min_margin_percent.get();
    for (i, e) in quote.engagements.iter().enumerate() {
        let (g, d) = fees(e);
        let m = margin(g - d, e.cost.amount(), cur);
        if m.below(min_margin) {
            let title = titles.get(i).map_or("", String::as_str);
            breaches.push(Breach {
                rule: "min-margin",
                message: format!(
                    "margin {}% on engagement {} ({title}) is below the {}% minimum",
                    m.shown(min_margin),
                    i + 1,
                    min_margin.normalize()
                ),
            });
        }
        gross += g;
        discount += d;
        cost += e.cost.amount();
        engagements.push(m);
    }
    let overall = margin(gross - discount, cost, cur);
    if overall.below(min_margin) && quote.engagements.len() > 1 {
        breaches.push(Breach {
            rule: "min-margin",
            message: format!(
                "the proposal's margin {}% is below the {}% minimum",
                overall.shown(min_margin),
                min_margin.normalize()
            ),
        });
    }
    let discount_percent = percent(discount, gross);
    let max_discount = policy.max_discount_percent.get();
    if share_vs(discount, gross, max_discount) == Ordering::Greater {
        breaches.push(Breach {
            rule: "max-discount",
            message: format!(
                "discount {}% exceeds the {}% maximum",
                shown(discount, gross, max_discount),
                max_discount.normalize()
            ),
        });
    }
    let fx = quote.fx;
    let threshold = Money::round(policy.second_approver_above.get() * fx, cur);
    let mut needed = usize::from(!breaches.is_empty());
    if overall.revenue > threshold {
        needed = 2;
        breaches.push(Breach {
            rule: "second-approver",
            message: format!(
                "deal value {} {} is above {} {}, which needs a second approver",
                overall.revenue, cur.code, threshold, cur.code
            ),
        });
    }
    Review {
        engagements,
        overall,
        discount_percent,
        approved: needed == 0,
        approvers_needed: needed,
        approved_by: Vec::new(),
        breaches,
    }
}

impl Margin {
    /// Whether the exact margin is below `min` percent of the exact revenue.
    fn below(&self, min: Decimal) -> bool {
        share_vs(self.exact.1, self.exact.0, min) == Ordering::Less
    }

    fn shown(&self, min: Decimal) -> Decimal {
        shown(self.exact.1, self.exact.0, min)
    }
}

impl Review {
    /// Records the approvers named (each counted once) and whether they suffice.
    pub fn approve(&mut self, names: &[String]) {
        let mut names: Vec<String> = names.iter().map(|n| n.trim().to_string()).filter(|n| !n.is_empty()).collect();
        names.sort();
        names.dedup();
        self.approved = names.len() >= self.approvers_needed;
        self.approved_by = names;
    }

    /// Refuses an unapproved breach with exit code 3, unless the output is a draft.
    pub fn enforce(&self, draft: bool) -> Result<()> {
        if self.approved || draft {
            return Ok(());
        }
        let list: String = self.breaches.iter().map(|b| format!("\n  - {} [{}]", b.message, b.rule)).collect();
        let who = if self.approvers_needed > 1 {
            "two approvers: `--approved-by NAME --approved-by NAME`"
        } else {
            "an approver: `--approved-by NAME`"
        };
        Err(Error::Policy(Box::new(
            Diagnostic::new(format!("the quote breaches pricing policy and needs approval:{list}"))
                .help(format!("name {who}, or render a watermarked draft with `--draft`")),
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn a_share_just_above_the_limit_breaks_it_though_it_rounds_to_it() {
        // 15.04 % rounds to 15.0 % for display, and is still above a 15 % maximum.
        assert_eq!(percent(dec!(1504), dec!(10000)), dec!(15.0));
        assert_eq!(share_vs(dec!(1504), dec!(10000), dec!(15)), Ordering::Greater);
        assert_eq!(share_vs(dec!(1500), dec!(10000), dec!(15)), Ordering::Equal);
        assert_eq!(share_vs(dec!(1), dec!(3), dec!(33.33)), Ordering::Greater);
        assert_eq!(share_vs(dec!(5), dec!(0), dec!(15)), Ordering::Less);
        assert_eq!(shown(dec!(1504), dec!(10000), dec!(15)), dec!(15.04));
        assert_eq!(shown(dec!(1600), dec!(10000), dec!(15)), dec!(16.0));
    }

    #[test]
    fn a_margin_just_below_the_minimum_is_below_it_though_it_rounds_to_it() {
        let m = margin(dec!(10000), dec!(7504), Currency::from_code("EUR").unwrap());
        assert_eq!(m.percent, dec!(25.0));
        assert!(m.below(dec!(25)));
        assert_eq!(m.shown(dec!(25)), dec!(24.96));
        assert!(!margin(dec!(10000), dec!(7500), Currency::from_code("EUR").unwrap()).below(dec!(25)));
    }

    #[test]
    fn shares_past_decimals_range_still_compare() {
        assert_eq!(share_vs(Decimal::MAX, dec!(1), dec!(15)), Ordering::Greater);
        assert_eq!(share_vs(Decimal::MIN, dec!(1), dec!(15)), Ordering::Less);
    }
}
