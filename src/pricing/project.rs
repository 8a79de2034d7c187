//! Project pricing: effort per phase by role × rate, scaled by size and phase overrides; a
//! risk premium on fixed prices, folded into the phases or set apart as a contingency.

use super::*;
use crate::catalog::{fill, RiskPremium};
use crate::intake::{PricingKind, ProjectTerms};

pub(super) fn price(ctx: &Ctx, t: &ProjectTerms) -> Result<(Vec<LineItem>, Extra)> {
    let cat = ctx.catalog;
    let process = cat.process(t.process);
    let effort = cat
        .effort(t.scenario, t.process)
        .ok_or_else(|| crate::diag::Error::Internal("effort table vanished".into()))?;
    let size = cat.size_factor(t.size);
    let mut lines = Vec::new();
    let mut phase_hours = Vec::with_capacity(process.phases.len());
    // Each role's rate and cost in the proposal currency and the size factor's label, once
    // per project rather than per phase.
    let rates = cat.pricing.roles.iter().map(|r| ctx.price(r.rate.get())).collect::<Result<Vec<Money>>>()?;
    let costs = cat.pricing.roles.iter().map(|r| ctx.price(r.cost.get())).collect::<Result<Vec<Money>>>()?;
    let words = &cat.texts.quote;
    let size_label = fill(&words.calc_size, &[("size", words.size(t.size.id()))]);
    let mut cost = Decimal::ZERO;
    for (i, phase) in process.phases.iter().enumerate() {
        let scale = t.phase_scale.get(i).copied().unwrap_or(Decimal::ONE);
        let mut calc = Vec::new();
        let mut most = Decimal::ZERO;
        for (((id, role), rate), role_cost) in cat.roles().zip(&rates).zip(&costs) {
            let base = effort.hours(i, id);
            if scale.is_zero() || base.is_zero() {
                continue;
            }
            let mut factors = vec![factor(size_label.clone(), size)];
            if scale != Decimal::ONE {
                factors.push(factor(words.calc_phase_scale.clone(), scale));
            }
            let hours = mul(mul(base, size)?, scale)?;
            most = most.max(hours);
            cost = add(cost, mul(hours, role_cost.amount())?)?;
            calc.push(term(role.name.clone(), base, words.calc_hours.clone(), *rate, factors));
        }
        phase_hours.push(most);
        if !calc.is_empty() {
            lines.push(line(ctx, phase.name.clone(), Recurrence::OneTime, calc, Some(i))?);
        }
    }
    if t.pricing == PricingKind::Fixed {
        if let Some(contingency) = premium(ctx, &mut lines)? {
            lines.push(contingency);
        }
    }
    let extra = Extra { tm: t.pricing == PricingKind::TimeAndMaterials, phase_hours, cost, ..Extra::default() };
    Ok((lines, extra))
}

/// Adds the catalog's risk premium to a fixed price: `labour × premium %` rounded, the labour
/// being the phase lines' sum. Folded (the default), each phase carries a share, its labour ×
/// premium % rounded to the minor unit, and the last phase the rest, so the phases sum to the
/// same total to the cent; each share is a term of its phase's line, so `--explain` shows the
/// factor. As a contingency, it is a line of its own marked `contingency`, named by the
/// catalog's texts.
fn premium(ctx: &Ctx, lines: &mut [LineItem]) -> Result<Option<LineItem>> {
    let cat = ctx.catalog;
    let rule = cat.pricing.project.risk_premium_percent;
    if rule.get().is_zero() || lines.is_empty() {
        return Ok(None);
    }
    let labour =
        lines.iter().try_fold(Money::zero(ctx.currency), |s, l| s.checked_add(l.amount).ok_or_else(overflow))?;
    let words = &cat.texts.quote;
    let label =
        fill(&words.calc_risk_premium_rate, &[("percent", &ctx.locale.percent(crate::money::Percent(rule.get())))]);
    if cat.pricing.project.risk_premium == RiskPremium::Contingency {
        let factors = vec![factor(label, rule.fraction())];
        let calc = vec![term(words.calc_labour.clone(), Decimal::ONE, words.calc_fixed_price.clone(), labour, factors)];
        let mut l = line(ctx, cat.texts.billing.contingency.clone(), Recurrence::OneTime, calc, None)?;
        l.contingency = true;
        return Ok(Some(l));
    }
    let total = Money::round(mul(labour.amount(), rule.fraction())?, ctx.currency);
    let mut given = Money::zero(ctx.currency);
    let last = lines.len() - 1;
    for (i, l) in lines.iter_mut().enumerate() {
        let factors = vec![factor(label.clone(), rule.fraction())];
        let mut t =
            term(words.calc_risk_premium.clone(), Decimal::ONE, words.calc_phase_price.clone(), l.amount, factors);
        t.value = mul(l.amount.amount(), rule.fraction())?;
        let mut share = Money::round(t.value, ctx.currency);
        l.calc.push(t);
        if i == last {
            share = total.checked_sub(given).ok_or_else(overflow)?;
            let rest =
                share.amount() - Money::round(l.calc.last().map_or(Decimal::ZERO, |t| t.value), ctx.currency).amount();
            if !rest.is_zero() {
                // The premium's rounding remainder, so the phases sum to the total to the cent.
                let (label, unit) = (words.calc_rounding.clone(), words.calc_remainder.clone());
                let mut r = term(label, Decimal::ONE, unit, Money::round(rest, ctx.currency), vec![]);
                r.value = rest;
                l.calc.push(r);
            }
        }
        given = given.checked_add(share).ok_or_else(overflow)?;
        l.amount = l.amount.checked_add(share).ok_or_else(overflow)?;
    }
    Ok(None)
}
