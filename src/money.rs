//! Money: amounts as `Decimal` in one currency, the one rounding rule, percentages, and how an
//! amount is written in a locale. Pricing computes with these types; only renderers format.
//!
//! **Rounding rule.** Every line item, discount, tax and instalment is rounded once, to the
//! currency's minor unit (its ISO 4217 exponent), half away from zero. Totals are sums of
//! rounded figures, so they reconcile exactly.

use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;
use std::fmt;

/// An ISO 4217 currency: its code, minor-unit exponent and symbol.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Currency {
    pub code: &'static str,
    pub exponent: u32,
    pub symbol: &'static str,
}

const fn cur(code: &'static str, exponent: u32, symbol: &'static str) -> Currency {
    Currency { code, exponent, symbol }
}

/// The currencies `propose` knows (exponents per ISO 4217).
pub const CURRENCIES: &[Currency] = &[
    cur("USD", 2, "$"),
    cur("EUR", 2, "€"),
    cur("GBP", 2, "£"),
    cur("CHF", 2, "CHF"),
    cur("CAD", 2, "CA$"),
    cur("AUD", 2, "A$"),
    cur("NZD", 2, "NZ$"),
    cur("SGD", 2, "S$"),
    cur("SEK", 2, "kr"),
    cur("NOK", 2, "kr"),
    cur("DKK", 2, "kr."),
    cur("PLN", 2, "zł"),
    cur("INR", 2, "₹"),
    cur("ZAR", 2, "R"),
    cur("JPY", 0, "¥"),
    cur("KRW", 0, "₩"),
    cur("KWD", 3, "KD"),
    cur("BHD", 3, "BD"),
];

impl Currency {
    pub fn from_code(code: &str) -> Option<Currency> {
        CURRENCIES.iter().copied().find(|c| c.code == code)
    }

    pub fn codes() -> impl Iterator<Item = &'static str> {
        CURRENCIES.iter().map(|c| c.code)
    }

    /// The languages whose locales write this currency with its [`Currency::symbol`] when
    /// that symbol is only understood at home ("kr" for SEK, NOK and DKK, "zł" for PLN): every
    /// other language writes the ISO code ("SEK 2,477,619.90"), as CLDR's English, German and
    /// French do. Empty for a symbol read everywhere ("$", "€", "CHF").
    pub fn home_languages(self) -> &'static [&'static str] {
        match self.code {
            "SEK" => &["sv"],
            "NOK" => &["nb", "nn", "no"],
            "DKK" => &["da"],
            "PLN" => &["pl"],
            _ => &[],
        }
    }

    /// Rounds to this currency's minor unit, half away from zero, with exactly that many
    /// decimal places (so `12345.6` USD becomes `12345.60`).
    pub fn round(self, amount: Decimal) -> Decimal {
        let mut r = amount.round_dp_with_strategy(self.exponent, RoundingStrategy::MidpointAwayFromZero);
        r.rescale(self.exponent);
        r
    }

    /// Rounds toward zero to the minor unit: used for instalments, whose rounding remainder
    /// then goes to the last ([`split`]), and a fixed price of a few minor units
    /// ([`split_percents`]).
    pub fn round_down(self, amount: Decimal) -> Decimal {
        let mut r = amount.round_dp_with_strategy(self.exponent, RoundingStrategy::ToZero);
        r.rescale(self.exponent);
        r
    }

    /// The smallest amount in this currency (0.01 for EUR, 1 for JPY, 0.001 for KWD).
    pub fn minor_unit(self) -> Decimal {
        Decimal::new(1, self.exponent)
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code)
    }
}

impl Serialize for Currency {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code)
    }
}

/// An amount already rounded to the proposal currency's minor unit. A quote has one
/// currency, held beside its amounts, so two currencies can never be added.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Hash, Serialize)]
#[serde(transparent)]
pub struct Money(Decimal);

impl Money {
    pub const ZERO: Money = Money(Decimal::ZERO);

    /// Rounds `amount` by the documented rule.
    pub fn round(amount: Decimal, currency: Currency) -> Money {
        Money(currency.round(amount))
    }

    pub fn zero(currency: Currency) -> Money {
        Money::round(Decimal::ZERO, currency)
    }

    pub fn amount(self) -> Decimal {
        self.0
    }

    /// Sum of two rounded amounts; `None` only on overflow, which bounded inputs rule out.
    pub fn checked_add(self, other: Money) -> Option<Money> {
        self.0.checked_add(other.0).map(Money)
    }

    pub fn checked_sub(self, other: Money) -> Option<Money> {
        self.0.checked_sub(other.0).map(Money)
    }

    /// `self × n`, exact: a rounded amount times a whole count stays rounded.
    pub fn times(self, n: u32) -> Option<Money> {
        self.0.checked_mul(Decimal::from(n)).map(Money)
    }

    pub fn is_negative(self) -> bool {
        self.0.is_sign_negative() && !self.0.is_zero()
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// A percentage such as `15` for 15 %.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Serialize)]
#[serde(transparent)]
pub struct Percent(pub Decimal);

impl Percent {
    pub fn fraction(self) -> Decimal {
        self.0 / Decimal::ONE_HUNDRED
    }
}

impl fmt::Display for Percent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}%", self.0.normalize())
    }
}

pub use crate::locale::{Locale, MINUS, NBSP};

/// Splits `total` into shares proportional to `weights`: each share is rounded down to the
/// minor unit and the last takes the remainder, so the parts sum to `total` exactly and none
/// is negative. Zero weights get zero; all-zero weights put everything on the last part.
pub fn split(total: Money, weights: &[Decimal], currency: Currency) -> Vec<Money> {
    split_into(total, weights, currency, weights.len().saturating_sub(1), Currency::round_down)
}

/// `total` cut by `weights`: each part `total × weight ÷ Σ weights` (weights above zero)
/// rounded to the minor unit by `rounding` (down, or [`Currency::round`]'s half away from
/// zero), a weight of zero or below nothing, and the rounding remainder added to part
/// `taker`, so the parts sum to `total` exactly.
fn split_into(
    total: Money,
    weights: &[Decimal],
    currency: Currency,
    taker: usize,
    rounding: fn(Currency, Decimal) -> Decimal,
) -> Vec<Money> {
    let sum: Decimal = weights.iter().copied().filter(|w| *w > Decimal::ZERO).sum();
    let share = |w: &Decimal| {
        if sum.is_zero() || *w <= Decimal::ZERO {
            return Money::zero(currency);
        }
        Money(rounding(currency, total.amount().checked_mul(*w).map(|x| x / sum).unwrap_or_default()))
    };
    let mut parts: Vec<Money> = weights.iter().map(share).collect();
    let given: Decimal = parts.iter().map(|m| m.amount()).sum();
    if let Some(part) = parts.get_mut(taker) {
        *part = Money::round(part.amount() + total.amount() - given, currency);
    }
    parts
}

/// Whole percentages proportional to `weights`, summing to exactly 100: the largest-remainder
/// method. Each exact share, weight × 100 ÷ Σ weights, is rounded down to a whole percent; the
/// points still missing from 100 (fewer than the number of shares) go one each to the shares
/// with the largest remainders, the earlier share on a tie. A weight of zero or below gets 0;
/// when no weight is above zero, the last share gets all 100.
pub fn whole_percents(weights: &[Decimal]) -> Vec<Decimal> {
    whole_percents_of(weights, Decimal::ONE_HUNDRED)
}

/// [`whole_percents`] summing to `total` (a whole number of percent) instead of 100: the
/// milestones' shares of what a fixed price's deposit leaves.
pub fn whole_percents_of(weights: &[Decimal], total: Decimal) -> Vec<Decimal> {
    let sum: Decimal = weights.iter().copied().filter(|w| *w > Decimal::ZERO).sum();
    let exact: Vec<Decimal> = weights
        .iter()
        .map(|w| match *w > Decimal::ZERO && !sum.is_zero() {
            true => w.checked_mul(total).map_or(Decimal::ZERO, |x| x / sum),
            false => Decimal::ZERO,
        })
        .collect();
    let mut shown: Vec<Decimal> = exact.iter().map(|x| x.floor()).collect();
    if sum.is_zero() {
        if let Some(last) = shown.last_mut() {
            *last = total;
        }
        return shown;
    }
    let missing = total - shown.iter().sum::<Decimal>();
    let mut order: Vec<usize> = (0..shown.len()).collect();
    // Stable: on equal remainders the earlier share comes first.
    order.sort_by(|&a, &b| (exact[b] - shown[b]).cmp(&(exact[a] - shown[a])));
    let points = usize::try_from(missing.trunc().mantissa()).unwrap_or(0);
    for &k in order.iter().take(points) {
        shown[k] += Decimal::ONE;
    }
    shown
}

/// Splits `total` by `percents` (summing to 100): each part is `total × percent ÷ 100`
/// rounded to the minor unit by the one rule, [`Currency::round`] (half away from zero), so
/// every part but one is exactly its percent as a client recomputes it; the rounding
/// remainder (a few minor units either way) goes to the one part [`remainder_part`] names, so
/// the parts sum to `total` exactly, a 0 % part is always zero, and equal percents are equal
/// amounts whenever some percent is unique. Should that part fall below zero (a total of a
/// few minor units), every part is rounded down instead and the remainder added to it.
pub fn split_percents(total: Money, percents: &[Decimal], currency: Currency) -> Vec<Money> {
    let taker = remainder_part(percents).unwrap_or(percents.len().saturating_sub(1));
    let parts = split_into(total, percents, currency, taker, Currency::round);
    match parts.get(taker) {
        Some(part) if part.amount() < Decimal::ZERO => {
            split_into(total, percents, currency, taker, Currency::round_down)
        }
        _ => parts,
    }
}

/// Which of `percents` takes a split's rounding remainder: the last part above zero whose
/// percent no other part has (the later invoice absorbs the cents, and the deposit, due
/// first, stays its percent); when every percent above zero is repeated, the last part above
/// zero. `None` when no percent is above zero.
pub fn remainder_part(percents: &[Decimal]) -> Option<usize> {
    let paid = || percents.iter().enumerate().filter(|(_, p)| **p > Decimal::ZERO);
    let mut unique = paid().filter(|(_, p)| percents.iter().filter(|q| q == p).count() == 1);
    unique.next_back().or_else(|| paid().next_back()).map(|(k, _)| k)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn c(code: &str) -> Currency {
        Currency::from_code(code).unwrap()
    }

    #[test]
    fn rounds_to_the_minor_unit_half_away_from_zero() {
        assert_eq!(c("USD").round(dec!(2.345)).to_string(), "2.35");
        assert_eq!(c("USD").round(dec!(12345.6)).to_string(), "12345.60");
        assert_eq!(c("JPY").round(dec!(1234.5)).to_string(), "1235");
        assert_eq!(c("KWD").round(dec!(1.2345)).to_string(), "1.235");
        assert_eq!(c("EUR").round(dec!(-2.345)).to_string(), "-2.35");
    }

    #[test]
    fn split_sums_exactly_with_remainder_last() {
        let usd = c("USD");
        let parts = split(Money::round(dec!(100), usd), &[dec!(1), dec!(1), dec!(1)], usd);
        let texts: Vec<String> = parts.iter().map(|m| m.to_string()).collect();
        assert_eq!(texts, ["33.33", "33.33", "33.34"]);
    }

    #[test]
    fn whole_percents_go_to_the_largest_remainders_the_earlier_on_a_tie() {
        // Woodgrove's plan: a 20 % deposit and milestones of 10, 40 and 20 % with the 10 %
        // discovery phase skipped, so ninths of the price.
        let shown = whole_percents(&[dec!(20), dec!(10), dec!(40), dec!(20)]);
        assert_eq!(shown, [dec!(22), dec!(11), dec!(45), dec!(22)]);
        let shown = whole_percents(&[dec!(1), dec!(1), dec!(1)]);
        assert_eq!(shown, [dec!(34), dec!(33), dec!(33)], "the earlier share takes the point on a tie");
        let exact = [dec!(20), dec!(10), dec!(15), dec!(15), dec!(30), dec!(10)];
        assert_eq!(whole_percents(&exact), exact, "whole shares stay as they are");
        assert_eq!(whole_percents(&[dec!(0), dec!(3), dec!(0)]), [dec!(0), dec!(100), dec!(0)]);
        assert_eq!(whole_percents(&[dec!(0), dec!(0)]), [dec!(0), dec!(100)]);
    }

    #[test]
    fn split_percents_gives_the_remainder_to_the_last_unique_share() {
        let chf = c("CHF");
        let texts = |total, percents: &[Decimal]| -> Vec<String> {
            split_percents(Money::round(total, chf), percents, chf).iter().map(|m| m.to_string()).collect()
        };
        // 34 is the only unique share: the two 33 % parts stay equal.
        assert_eq!(texts(dec!(100.01), &[dec!(34), dec!(33), dec!(33), dec!(0)]), ["34.01", "33.00", "33.00", "0.00"]);
        // The last unique share, wherever it stands, takes a remainder either way (here the
        // nearest cents overshoot by one); a unique 0 % never takes it.
        assert_eq!(
            texts(dec!(0.07), &[dec!(10), dec!(40), dec!(10), dec!(30), dec!(10), dec!(0)]),
            ["0.01", "0.03", "0.01", "0.01", "0.01", "0.00"]
        );
        // Woodgrove's shares: each payment is its percent of the price to the nearest cent
        // (78,459.956 → .96) but the 11 % milestone, the last unique share, which gives back
        // the cent the nearest cents overshoot (43,152.9758 → .97).
        assert_eq!(
            texts(dec!(392299.78), &[dec!(20), dec!(11), dec!(23), dec!(23), dec!(23)]),
            ["78459.96", "43152.97", "90228.95", "90228.95", "90228.95"]
        );
        // Every share repeated: the last part above 0.
        assert_eq!(texts(dec!(100.01), &[dec!(50), dec!(50), dec!(0)]), ["50.01", "50.00", "0.00"]);
        // A total of a few cents whose nearest cents would leave the taker below zero: every
        // part rounded down instead, the remainder on the taker.
        assert_eq!(texts(dec!(0.02), &[dec!(25), dec!(25), dec!(25), dec!(25)]), ["0.00", "0.00", "0.00", "0.02"]);
        assert_eq!(remainder_part(&[dec!(25), dec!(25), dec!(25), dec!(25)]), Some(3));
        assert_eq!(remainder_part(&[dec!(0), dec!(0)]), None);
        assert_eq!(texts(dec!(5), &[dec!(0), dec!(0)]), ["0.00", "5.00"], "no share above 0: all on the last");
    }
}
