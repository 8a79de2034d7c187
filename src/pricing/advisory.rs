//! Retained advisory: included hours a month at the advisory rate less the package discount;
//! hours beyond them at the overage rate. Month-to-month.

use super::*;
use crate::catalog::fill;
use crate::intake::AdvisoryTerms;

pub(super) fn price(ctx: &Ctx, t: &AdvisoryTerms) -> Result<(Vec<LineItem>, Extra)> {
    let cat = ctx.catalog;
    let adv = &cat.pricing.advisory;
    let role = cat.advisory_role();
    let rate = ctx.price(role.rate.get())?;
    let package = cat.package_for(t.hours);
    let mut factors = Vec::new();
    if let Some(p) = package.filter(|p| !p.discount_percent.get().is_zero()) {
        let d = p.discount_percent;
        let percent = ctx.locale.percent(crate::money::Percent(d.get()));
        let label = fill(&cat.texts.quote.calc_package_discount, &[("package", &p.name), ("percent", &percent)]);
        factors.push(factor(label, Decimal::ONE - d.fraction()));
    }
    let hours = t.hours.to_string();
    let label = match package {
        Some(p) => fill(&cat.texts.billing.retainer_package, &[("package", &p.name), ("hours", &hours)]),
        None => fill(&cat.texts.billing.retainer, &[("hours", &hours)]),
    };
    let calc = vec![term(role.name.clone(), t.hours, cat.texts.quote.calc_hours.clone(), rate, factors)];
    let lines = vec![line(ctx, label, Recurrence::Monthly, calc, None)?];
    let overage = mul(rate.amount(), Decimal::ONE + adv.overage_percent.fraction())?;
    let extra = Extra {
        months: t.months,
        included_hours: Some(t.hours),
        overage_rate: Some(Money::round(overage, ctx.currency)),
        package: package.map(|p| p.name.clone()),
        cost: mul(mul(t.hours, ctx.price(role.cost.get())?.amount())?, Decimal::from(t.months))?,
        ..Extra::default()
    };
    Ok((lines, extra))
}
