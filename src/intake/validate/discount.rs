//! Discounts: a percentage or an amount, and the fees they apply to.

use super::Checker;
use crate::intake::raw::*;
use crate::intake::*;
use toml::Spanned;

use crate::intake::limits::*;

impl Checker<'_> {
    pub(super) fn discount(&mut self, d: Spanned<RawDiscount>, currency: Option<Currency>) -> Option<Discount> {
        let span = d.span();
        let d = d.into_inner();
        let label = self.opt_text(&d.label, "label");
        let applies_to = match &d.applies_to {
            None => Some(AppliesTo::All),
            Some(a) => self.lookup(
                "discount target",
                a,
                &[("one-time", AppliesTo::OneTime), ("monthly", AppliesTo::Monthly), ("all", AppliesTo::All)],
            ),
        };
        let kind = match (&d.percent, &d.amount) {
            (Some(p), None) => self
                .decimal(
                    p,
                    "percent",
                    Decimal::ZERO,
                    false,
                    Decimal::ONE_HUNDRED - Decimal::ONE,
                    "give the discount in percent, e.g. `percent = 5`",
                )
                .map(|p| DiscountKind::Percent(Percent(p))),
            (None, Some(a)) => {
                if applies_to.is_some_and(|t| t != AppliesTo::OneTime) && d.applies_to.is_some() {
                    self.error(
                        a.span(),
                        "an `amount` discount applies to one-time fees only",
                        None,
                        "set `applies_to = \"one-time\"`, or use `percent`",
                    );
                }
                let amount = self.decimal(
                    a,
                    "amount",
                    Decimal::ZERO,
                    false,
                    Decimal::from(MAX_AMOUNT),
                    "give the amount off one-time fees, e.g. `amount = 2500`",
                );
                match amount.zip(currency) {
                    Some((found, c)) if c.round(found).is_zero() => {
                        self.error(
                            a.span(),
                            format!("`amount` {found} rounds to zero in {}", c.code),
                            Some(format!("{} has {} decimal places", c.code, c.exponent)),
                            "give at least one minor unit of the currency, or remove the discount",
                        );
                        None
                    }
                    other => other.map(|(found, c)| DiscountKind::Amount(c.round(found))),
                }
            }
            _ => {
                self.error(
                    self.header(span.start),
                    "a discount needs exactly one of `percent` or `amount`",
                    None,
                    "write `percent = 5` or `amount = 2500`",
                );
                None
            }
        };
        let applies_to =
            if matches!(kind, Some(DiscountKind::Amount(_))) { Some(AppliesTo::OneTime) } else { applies_to };
        let at = d.amount.as_ref().map(|a| Spot::new(self.source, a.span()));
        Some(Discount { label, kind: kind?, applies_to: applies_to?, at })
    }
}
