//! Discounts, tax and totals. Each engagement's one-time and monthly fees are discounted and
//! taxed on their own (each figure rounded once), so the proposal's totals are plain sums and
//! every payment plan can be cut from an engagement's own total. A fixed-amount discount is
//! spread over the engagements' one-time fees pro rata ([`pro_rata`]).

use super::*;
use crate::intake::{Discount, DiscountKind, Intake, Terms};
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
    // Each engagement's fees and percentage discounts, one-time then monthly.
    let mut parts = Vec::with_capacity(priced.len());
    for (index, (_, lines, _)) in priced.iter().enumerate() {
        let one_time = discounted(ctx, intake, index, lines, Recurrence::OneTime)?;
        let monthly = discounted(ctx, intake, index, lines, Recurrence::Monthly)?;
        parts.push([one_time, monthly]);
    }
    spread_amounts(ctx, intake, &mut parts)?;
    let mut applied = Vec::new();
    let mut engagements = Vec::with_capacity(priced.len());
    for ((model, lines, extra), [one_time, monthly]) in priced.into_iter().zip(parts) {
        applied.extend(one_time.applied.iter().cloned());
        applied.extend(monthly.applied.iter().cloned());
        let (one_time, one_time_taxes) = taxed(intake, cur, &one_time)?;
        let (monthly, monthly_taxes) = taxed(intake, cur, &monthly)?;
        let recurring = monthly.total.times(extra.months).ok_or_else(overflow)?;
        let contract_value = one_time.total.checked_add(recurring).ok_or_else(overflow)?;
        let not_to_exceed = match intake.scope.engagements.get(engagements.len()).map(|e| &e.terms) {
            Some(Terms::Project(t)) if extra.tm => t.not_to_exceed.clone(),
            _ => None,
        };
        let not_to_exceed = match not_to_exceed {
            Some((cap, at)) => Some(capped(one_time.total, Money::round(cap, cur), at)?),
            None => None,
        };
        let estimate_range = if extra.tm {
            let p = &ctx.catalog.pricing.project;
            let estimate = one_time.total.amount();
            let at = |fraction: Decimal| mul(estimate, fraction);
            let (low, high) = outward(estimate, at(p.tm_low_percent.fraction())?, at(p.tm_high_percent.fraction())?)?;
            let high = Money::round(high, cur);
            // The cap bounds the likely range too.
            Some((Money::round(low, cur), not_to_exceed.map_or(high, |cap| high.min(cap))))
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
            not_to_exceed,
            phase_hours: extra.phase_hours,
            included_hours: extra.included_hours,
            overage_rate: extra.overage_rate,
            package: extra.package,
            cost: Money::round(extra.cost, cur),
        });
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
    Ok(Quote { currency: cur, fx: ctx.fx, engagements, discounts: applied, totals })
}

/// A time-and-materials cap, refused (located at it) when the estimate is already above it:
/// the estimated invoices, which sum to the estimate, then never exceed it.
/// An estimate's range, its ends rounded outward (the low end down, the high end up) to a
/// unit of the estimate's second significant digit: the power of ten that leaves the
/// estimate between 10 and 100 units, and at least one whole unit of the currency. So
/// 47,494.08 at 90–125% (42,744.67–59,367.60) is 42,000–60,000, and ¥26,370,000 gives
/// ¥23,000,000–¥33,000,000: a range of an estimate is never written to the cent.
fn outward(estimate: Decimal, low: Decimal, high: Decimal) -> Result<(Decimal, Decimal)> {
    let mut unit = Decimal::ONE;
    while estimate >= mul(unit, Decimal::ONE_HUNDRED)? {
        unit = mul(unit, Decimal::TEN)?;
    }
    let whole = |v: Decimal| v.checked_div(unit).ok_or_else(overflow);
    Ok((mul(whole(low)?.floor(), unit)?.max(Decimal::ZERO), mul(whole(high)?.ceil(), unit)?))
}

fn capped(estimate: Money, cap: Money, at: crate::diag::Spot) -> Result<Money> {
    if estimate > cap {
        return Err(Diagnostic::new(format!(
            "the time-and-materials estimate {estimate} is above its `not_to_exceed` cap of {cap}"
        ))
        .at(at.location())
        .label("below the estimate, after discount and tax")
        .help("raise `not_to_exceed` to at least the estimate, or lower the scope (a phase's `scale`, the `size`)")
        .into());
    }
    Ok(cap)
}

/// One engagement's fees of one recurrence, with the discounts given on them so far.
struct Discounted {
    subtotal: Money,
    discount: Money,
    applied: Vec<AppliedDiscount>,
}

impl Discounted {
    /// What is left to discount.
    fn room(&self) -> Result<Money> {
        self.subtotal.checked_sub(self.discount).ok_or_else(overflow)
    }
}

/// One engagement's subtotal for one recurrence and its percentage discounts, each rounded,
/// in the intake's order, never below zero however the percentages add up.
fn discounted(
    ctx: &Ctx,
    intake: &Intake,
    engagement: usize,
    lines: &[LineItem],
    recurrence: Recurrence,
) -> Result<Discounted> {
    let cur = ctx.currency;
    let mut subtotal = Money::zero(cur);
    for l in lines.iter().filter(|l| l.recurrence == recurrence) {
        subtotal = subtotal.checked_add(l.amount).ok_or_else(overflow)?;
    }
    let mut d = Discounted { subtotal, discount: Money::zero(cur), applied: Vec::new() };
    for (k, discount) in intake.scope.discounts.iter().enumerate() {
        let wanted = match (discount.kind, recurrence) {
            (DiscountKind::Percent(p), Recurrence::OneTime) if discount.applies_to.one_time() => {
                Money::round(mul(subtotal.amount(), p.fraction())?, cur)
            }
            (DiscountKind::Percent(p), Recurrence::Monthly) if discount.applies_to.monthly() => {
                Money::round(mul(subtotal.amount(), p.fraction())?, cur)
            }
            _ => continue,
        };
        let amount = wanted.min(d.room()?);
        give(&mut d, (k, discount_label(discount, ctx.catalog)), engagement, recurrence, amount)?;
    }
    Ok(d)
}

/// A discount's label: the client's, or the catalog's word for one, in the catalog's
/// language.
pub(crate) fn discount_label<'a>(d: &'a Discount, catalog: &'a Catalog) -> &'a str {
    d.label.as_deref().unwrap_or(&catalog.texts.billing.discount)
}

/// Records `amount` of the intake's discount `(index, label)` as given on `d`'s fees.
fn give(
    d: &mut Discounted,
    (discount, label): (usize, &str),
    engagement: usize,
    recurrence: Recurrence,
    amount: Money,
) -> Result<()> {
    if !amount.amount().is_zero() {
        d.applied.push(AppliedDiscount { label: label.to_string(), discount, engagement, recurrence, amount });
        d.discount = d.discount.checked_add(amount).ok_or_else(overflow)?;
    }
    Ok(())
}

/// Spreads each fixed-amount discount, in the intake's order, over every engagement's
/// one-time fees pro rata to what is left of them (after the percentages and the amounts
/// before it): each engagement gets `amount × its base ÷ all bases` rounded down to the minor
/// unit; the rounding remainder goes to the engagement with the largest base (the earliest of
/// equals), and whatever it has no room for to the next largest, and so on. So one
/// engagement's fees never carry a discount meant for the deal, and the shares sum to the
/// amount exactly. An amount above every base together is refused, located at the amount.
fn spread_amounts(ctx: &Ctx, intake: &Intake, parts: &mut [[Discounted; 2]]) -> Result<()> {
    let cur = ctx.currency;
    for (k, d) in intake.scope.discounts.iter().enumerate() {
        let DiscountKind::Amount(amount) = d.kind else { continue };
        let amount = Money::round(amount, cur);
        let bases = parts.iter().map(|[one_time, _]| one_time.room()).collect::<Result<Vec<Money>>>()?;
        let all = bases.iter().try_fold(Money::zero(cur), |s, b| s.checked_add(*b)).ok_or_else(overflow)?;
        if amount > all {
            let over = amount.checked_sub(all).ok_or_else(overflow)?;
            let mut diag = Diagnostic::new(format!("the discount amounts exceed the one-time fees by {over}"))
                .help("lower the `amount` of the `[[discount]]`, or use `percent`");
            if let Some(at) = d.at.clone() {
                diag = diag.at(at.location()).label("more than the one-time fees left to discount");
            }
            return Err(diag.into());
        }
        let shares = pro_rata(amount, &bases, cur)?;
        for (i, (part, share)) in parts.iter_mut().zip(shares).enumerate() {
            give(&mut part[0], (k, discount_label(d, ctx.catalog)), i, Recurrence::OneTime, share)?;
        }
    }
    Ok(())
}

/// `amount` (at most `Σ bases`) in shares of `bases`, each at most its base: floor shares,
/// then the remainder by largest base first (ties by order), each taking what room it has.
pub(crate) fn pro_rata(amount: Money, bases: &[Money], cur: Currency) -> Result<Vec<Money>> {
    let all: Decimal = bases.iter().map(|b| b.amount()).sum();
    let mut shares = Vec::with_capacity(bases.len());
    for b in bases {
        let share = if all.is_zero() {
            Decimal::ZERO
        } else {
            cur.round_down(mul(amount.amount(), b.amount())?.checked_div(all).ok_or_else(overflow)?)
        };
        shares.push(Money::round(share.min(b.amount()), cur));
    }
    let given: Decimal = shares.iter().map(|s| s.amount()).sum();
    let mut left = Money::round(amount.amount() - given, cur);
    let mut order: Vec<usize> = (0..bases.len()).collect();
    order.sort_by(|a, b| bases[*b].cmp(&bases[*a]).then(a.cmp(b)));
    for i in order {
        if left.amount().is_zero() {
            break;
        }
        let room = bases[i].checked_sub(shares[i]).ok_or_else(overflow)?;
        let more = left.min(room);
        shares[i] = shares[i].checked_add(more).ok_or_else(overflow)?;
        left = left.checked_sub(more).ok_or_else(overflow)?;
    }
    Ok(shares)
}

/// Tax on what is left after the discounts, each tax line rounded on its own: the sums and
/// the amount of each tax line.
fn taxed(intake: &Intake, cur: Currency, d: &Discounted) -> Result<(Sums, Vec<Money>)> {
    let taxable = d.room()?;
    let mut taxes = Vec::with_capacity(intake.tax.lines.len());
    let mut tax = Money::zero(cur);
    for line in &intake.tax.lines {
        let amount = Money::round(mul(taxable.amount(), line.percent.fraction())?, cur);
        tax = tax.checked_add(amount).ok_or_else(overflow)?;
        taxes.push(amount);
    }
    let total = taxable.checked_add(tax).ok_or_else(overflow)?;
    Ok((Sums { subtotal: d.subtotal, discount: d.discount, tax, total }, taxes))
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

#[cfg(test)]
mod spread {
    use super::pro_rata;
    use crate::money::{Currency, Money};
    use rust_decimal_macros::dec;

    fn eur(v: rust_decimal::Decimal) -> Money {
        Money::round(v, Currency::from_code("EUR").unwrap())
    }

    fn shares(amount: rust_decimal::Decimal, bases: &[rust_decimal::Decimal]) -> Vec<Money> {
        let bases: Vec<Money> = bases.iter().map(|b| eur(*b)).collect();
        pro_rata(eur(amount), &bases, Currency::from_code("EUR").unwrap()).unwrap()
    }

    #[test]
    fn an_amount_is_spread_pro_rata_with_the_remainder_on_the_largest_base() {
        // 1,000 over 30,000 and 10,000: 750 and 250, not 1,000 off the first.
        assert_eq!(shares(dec!(1000), &[dec!(30000), dec!(10000)]), [eur(dec!(750)), eur(dec!(250))]);
        // 100 over three equal bases: 33.33 each, the cent left over to the first.
        assert_eq!(
            shares(dec!(100), &[dec!(50), dec!(50), dec!(50)]),
            [eur(dec!(33.34)), eur(dec!(33.33)), eur(dec!(33.33))]
        );
        // The largest base takes the remainder, wherever it stands.
        assert_eq!(
            shares(dec!(100), &[dec!(100), dec!(200), dec!(300)]),
            [eur(dec!(16.66)), eur(dec!(33.33)), eur(dec!(50.01))]
        );
    }

    #[test]
    fn a_remainder_the_largest_has_no_room_for_goes_to_the_next() {
        assert_eq!(
            shares(dec!(0.02), &[dec!(0.01), dec!(0.01), dec!(0.01)]),
            [eur(dec!(0.01)), eur(dec!(0.01)), eur(dec!(0))]
        );
        assert_eq!(shares(dec!(3), &[dec!(1), dec!(0), dec!(2)]), [eur(dec!(1)), eur(dec!(0)), eur(dec!(2))]);
    }

    #[test]
    fn an_estimates_range_is_rounded_outward_at_its_second_significant_digit() {
        let r = |e, lo, hi| super::outward(e, lo, hi).unwrap();
        assert_eq!(r(dec!(47494.08), dec!(42744.67), dec!(59367.60)), (dec!(42000), dec!(60000)));
        assert_eq!(r(dec!(26370000), dec!(23733000), dec!(32962500)), (dec!(23000000), dec!(33000000)));
        // 99 is 99 units of one; 100 is 10 units of ten.
        assert_eq!(r(dec!(99), dec!(89.1), dec!(123.75)), (dec!(89), dec!(124)));
        assert_eq!(r(dec!(100), dec!(90), dec!(125)), (dec!(90), dec!(130)));
        // Ends already on the unit stay; a small estimate keeps whole units of the currency.
        assert_eq!(r(dec!(50000), dec!(45000), dec!(62500)), (dec!(45000), dec!(63000)));
        assert_eq!(r(dec!(8.5), dec!(7.65), dec!(10.625)), (dec!(7), dec!(11)));
    }
}
