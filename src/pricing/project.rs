//! Project pricing: effort per phase by role × rate, scaled by size and phase overrides; a
//! risk premium on fixed prices.

use super::*;
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
    let size_label = format!("{} size", t.size.id());
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
                factors.push(factor("phase scale", scale));
            }
            let hours = mul(mul(base, size)?, scale)?;
            most = most.max(hours);
            cost = add(cost, mul(hours, role_cost.amount())?)?;
            calc.push(term(role.name.clone(), base, "h", *rate, factors));
        }
        phase_hours.push(most);
        if !calc.is_empty() {
            lines.push(line(ctx, phase.name.clone(), Recurrence::OneTime, calc, Some(i))?);
        }
    }
    if t.pricing == PricingKind::Fixed {
        let labour =
            lines.iter().try_fold(Money::zero(ctx.currency), |s, l| s.checked_add(l.amount).ok_or_else(overflow))?;
        let premium = cat.pricing.project.risk_premium_percent;
        if !premium.get().is_zero() {
            let f = vec![factor(format!("risk premium {premium}%"), premium.fraction())];
            let calc = vec![term("Labour", Decimal::ONE, "fixed price", labour, f)];
            lines.push(line(ctx, "Fixed-price risk premium".into(), Recurrence::OneTime, calc, None)?);
        }
    }
    let extra = Extra { tm: t.pricing == PricingKind::TimeAndMaterials, phase_hours, cost, ..Extra::default() };
    Ok((lines, extra))
}
