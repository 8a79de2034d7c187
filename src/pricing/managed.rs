//! Managed services: a monthly subscription of Σ item × unit price × tier multiplier, plus
//! one-time onboarding and transition fees.

use super::*;
use crate::catalog::fill;
use crate::intake::ManagedTerms;

pub(super) fn price(ctx: &Ctx, t: &ManagedTerms) -> Result<(Vec<LineItem>, Extra)> {
    let cat = ctx.catalog;
    let tier = cat.tier(t.tier);
    let mut lines = Vec::new();
    let mut monthly_cost = Decimal::ZERO;
    for (id, qty) in &t.inventory {
        let unit_cost = mul(ctx.price(cat.item(*id).cost.get())?.amount(), tier.cost_multiplier.get())?;
        monthly_cost = add(monthly_cost, mul(unit_cost, Decimal::from(*qty))?)?;
    }
    for (id, qty) in &t.inventory {
        let item = cat.item(*id);
        let f = vec![factor(fill(&cat.texts.quote.calc_tier, &[("tier", &tier.name)]), tier.multiplier.get())];
        let calc = vec![counted(
            item,
            term(item.name.clone(), Decimal::from(*qty), item.unit.clone(), ctx.price(item.monthly.get())?, f),
        )];
        lines.push(line(ctx, item.name.clone(), Recurrence::Monthly, calc, None)?);
    }
    let mgd = &cat.pricing.managed;
    let words = &cat.texts.quote;
    let mut onboarding = vec![term(
        words.calc_onboarding.clone(),
        Decimal::ONE,
        words.calc_environment.clone(),
        ctx.price(mgd.onboarding_base.get())?,
        vec![],
    )];
    for (id, qty) in &t.inventory {
        let item = cat.item(*id);
        if !item.onboarding.get().is_zero() {
            onboarding.push(counted(
                item,
                term(
                    item.name.clone(),
                    Decimal::from(*qty),
                    item.unit.clone(),
                    ctx.price(item.onboarding.get())?,
                    vec![],
                ),
            ));
        }
    }
    let names = &cat.texts.billing;
    lines.push(line(ctx, names.onboarding.clone(), Recurrence::OneTime, onboarding, None)?);
    let fee = ctx.price(mgd.transition_fee.get())?;
    let transition = vec![term(words.calc_transition.clone(), Decimal::ONE, words.calc_fee.clone(), fee, vec![])];
    lines.push(line(ctx, names.transition.clone(), Recurrence::OneTime, transition, None)?);
    let fees: Decimal = lines.iter().filter(|l| l.recurrence == Recurrence::OneTime).map(|l| l.amount.amount()).sum();
    let fee_cost = mul(fees, mgd.fee_cost_percent.fraction())?;
    let cost = add(fee_cost, mul(monthly_cost, Decimal::from(t.months))?)?;
    Ok((lines, Extra { months: t.months, cost, ..Extra::default() }))
}

/// A term counting `item`, with its plural unit for counts other than one.
fn counted(item: &crate::catalog::InventoryItem, t: super::CalcTerm) -> super::CalcTerm {
    super::CalcTerm { units: Some(item.units.clone()), ..t }
}
