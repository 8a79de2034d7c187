//! Discounts, tax and totals. Each engagement's one-time and monthly fees are discounted and
//! taxed on their own (each figure rounded once), so the proposal's totals are plain sums and
//! every payment plan can be cut from an engagement's own total.

use super::*;
use crate::intake::{DiscountKind, Intake};
use crate::tax::WithholdingTerms;

/// `subtotal − discount + tax = total`, all rounded to the minor unit.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
pub struct Sums {
    pub subtotal: Money,
    pub discount: Money,
    pub tax: Money,
    pub total: Money,
}

impl Sums {
    fn zero(c: Currency) -> Sums {
        let z = Money::zero(c);
        Sums { subtotal: z, discount: z, tax: z, total: z }
    }

    fn plus(self, o: Sums) -> Result<Sums> {
        let add = |a: Money, b: Money| a.checked_add(b).ok_or_else(overflow);
        Ok(Sums {
            subtotal: add(self.subtotal, o.subtotal)?,
            discount: add(self.discount, o.discount)?,
            tax: add(self.tax, o.tax)?,
            total: add(self.total, o.total)?,
        })
    }
}

pub(super) fn finish(ctx: &Ctx, intake: &Intake, priced: Vec<(ModelKind, Vec<LineItem>, Extra)>) -> Result<Quote> {
    let cur = ctx.currency;
    let mut applied = Vec::new();
    // Fixed-amount discounts come off one-time fees, engagement by engagement in order, each
    // under its own label: what each still has to give.
    let mut owed: Vec<(&str, Money)> = intake
        .scope
        .discounts
        .iter()
        .filter_map(|d| match d.kind {
            DiscountKind::Amount(a) => Some((d.label.as_str(), Money::round(a, cur))),
            DiscountKind::Percent(_) => None,
        })
        .collect();
    let mut engagements = Vec::with_capacity(priced.len());
    for (index, (model, lines, extra)) in priced.into_iter().enumerate() {
        let (one_time, one_time_taxes) =
            sums(ctx, intake, index, &lines, Recurrence::OneTime, &mut owed, &mut applied)?;
        let (monthly, monthly_taxes) = sums(ctx, intake, index, &lines, Recurrence::Monthly, &mut owed, &mut applied)?;
        let recurring = monthly.total.times(extra.months).ok_or_else(overflow)?;
        let contract_value = one_time.total.checked_add(recurring).ok_or_else(overflow)?;
        let estimate_range = if extra.tm {
            let p = &ctx.catalog.pricing.project;
            let at = |fraction: Decimal| mul(one_time.total.amount(), fraction).map(|v| Money::round(v, cur));
            Some((at(p.tm_low_percent.fraction())?, at(p.tm_high_percent.fraction())?))
        } else {
            None
        };
        engagements.push(EngagementQuote {
            model,
            lines,
            one_time,
            monthly,
            one_time_taxes,
            monthly_taxes,
            months: extra.months,
            contract_value,
            estimate_range,
            phase_hours: extra.phase_hours,
            included_hours: extra.included_hours,
            overage_rate: extra.overage_rate,
            package: extra.package,
            cost: Money::round(extra.cost, cur),
        });
    }
    let amount_left =
        owed.iter().try_fold(Money::zero(cur), |sum, (_, left)| sum.checked_add(*left)).ok_or_else(overflow)?;
    if !amount_left.amount().is_zero() {
        let mut d = Diagnostic::new(format!("the discount amounts exceed the one-time fees by {amount_left}"))
            .help("lower the `amount` of the `[[discount]]`, or use `percent`");
        // Point at the last amount: the one that could not be given in full.
        if let Some(at) = intake.scope.discounts.iter().rev().find_map(|d| d.at.clone()) {
            d = d.at(at).label("more than the one-time fees left to discount");
        }
        return Err(d.into());
    }
    let mut totals = Totals {
        one_time: Sums::zero(cur),
        monthly: Sums::zero(cur),
        contract_value: Money::zero(cur),
        withholding: None,
    };
    for e in &engagements {
        totals.one_time = totals.one_time.plus(e.one_time)?;
        totals.monthly = totals.monthly.plus(e.monthly)?;
        totals.contract_value = totals.contract_value.checked_add(e.contract_value).ok_or_else(overflow)?;
    }
    if let Some(w) = &intake.tax.withholding {
        totals.withholding = Some(withheld(w, &engagements, totals.contract_value, cur)?);
    }
    Ok(Quote { currency: cur, engagements, discounts: applied, totals })
}

/// The withholding tax over the contract: on each engagement's fees after discount and before
/// tax, one-time and each month's rounded on their own, like the tax.
fn withheld(w: &WithholdingTerms, engagements: &[EngagementQuote], contract: Money, cur: Currency) -> Result<Withheld> {
    let mut amount = Money::zero(cur);
    for e in engagements {
        let on = |s: Sums| -> Result<Money> {
            let base = s.subtotal.checked_sub(s.discount).ok_or_else(overflow)?;
            Ok(Money::round(mul(base.amount(), w.percent.fraction())?, cur))
        };
        let monthly = on(e.monthly)?.times(e.months).ok_or_else(overflow)?;
        amount = amount.checked_add(on(e.one_time)?).and_then(|a| a.checked_add(monthly)).ok_or_else(overflow)?;
    }
    Ok(Withheld {
        label: w.label.clone(),
        percent: w.percent,
        authority: w.authority.clone(),
        amount,
        net: contract.checked_sub(amount).ok_or_else(overflow)?,
    })
}

/// One engagement's sums for one recurrence: subtotal of its lines, discounts (percentages
/// each rounded, then any fixed amount still to give), tax on the rest (each tax line rounded
/// on its own), and the amount of each tax line.
fn sums(
    ctx: &Ctx,
    intake: &Intake,
    engagement: usize,
    lines: &[LineItem],
    recurrence: Recurrence,
    owed: &mut [(&str, Money)],
    applied: &mut Vec<AppliedDiscount>,
) -> Result<(Sums, Vec<Money>)> {
    let cur = ctx.currency;
    let mut subtotal = Money::zero(cur);
    for l in lines.iter().filter(|l| l.recurrence == recurrence) {
        subtotal = subtotal.checked_add(l.amount).ok_or_else(overflow)?;
    }
    let mut discount = Money::zero(cur);
    for d in &intake.scope.discounts {
        let wanted = match (d.kind, recurrence) {
            (DiscountKind::Percent(p), Recurrence::OneTime) if d.applies_to.one_time() => {
                Money::round(mul(subtotal.amount(), p.fraction())?, cur)
            }
            (DiscountKind::Percent(p), Recurrence::Monthly) if d.applies_to.monthly() => {
                Money::round(mul(subtotal.amount(), p.fraction())?, cur)
            }
            _ => continue,
        };
        // Never discount below zero, however the percentages add up.
        let room = subtotal.checked_sub(discount).ok_or_else(overflow)?;
        let amount = wanted.min(room);
        if !amount.amount().is_zero() {
            applied.push(AppliedDiscount { label: d.label.clone(), engagement, recurrence, amount });
            discount = discount.checked_add(amount).ok_or_else(overflow)?;
        }
    }
    if recurrence == Recurrence::OneTime {
        for (label, left) in owed.iter_mut() {
            let room = subtotal.checked_sub(discount).ok_or_else(overflow)?;
            let amount = (*left).min(room);
            if !amount.amount().is_zero() {
                applied.push(AppliedDiscount { label: label.to_string(), engagement, recurrence, amount });
                discount = discount.checked_add(amount).ok_or_else(overflow)?;
                *left = left.checked_sub(amount).ok_or_else(overflow)?;
            }
        }
    }
    let taxable = subtotal.checked_sub(discount).ok_or_else(overflow)?;
    let mut taxes = Vec::with_capacity(intake.tax.lines.len());
    let mut tax = Money::zero(cur);
    for line in &intake.tax.lines {
        let amount = Money::round(mul(taxable.amount(), line.percent.fraction())?, cur);
        tax = tax.checked_add(amount).ok_or_else(overflow)?;
        taxes.push(amount);
    }
    let total = taxable.checked_add(tax).ok_or_else(overflow)?;
    Ok((Sums { subtotal, discount, tax, total }, taxes))
}

#[cfg(test)]
mod tests {
    use crate::catalog::Catalog;
    use crate::diag::Source;

    #[test]
    fn an_amount_above_the_fees_is_located_at_the_amount() {
        let text = "[proposal]\nnumber = \"T-1\"\ndate = 2026-03-02\n[client]\nname = \"C\"\n\
            [[engagement]]\nmodel = \"managed\"\ntier = \"business-hours\"\nmonths = 1\n\
            inventory = { servers = 1 }\nstart = 2026-03-02\n[[discount]]\namount = 99999\n";
        let catalog = Catalog::embedded().unwrap();
        let intake = crate::intake::parse(&Source::new("t.toml", text), &catalog).unwrap();
        let err = super::super::quote(&intake, &catalog).unwrap_err();
        assert_eq!(err.exit_code(), 2);
        let loc = err.diagnostic().and_then(|d| d.location.clone()).unwrap();
        assert_eq!((loc.file.as_str(), loc.line, loc.column), ("t.toml", 13, 10));
    }
}
