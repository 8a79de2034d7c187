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

    /// Rounds to this currency's minor unit, half away from zero, with exactly that many
    /// decimal places (so `12345.6` USD becomes `12345.60`).
    pub fn round(self, amount: Decimal) -> Decimal {
        let mut r = amount.round_dp_with_strategy(self.exponent, RoundingStrategy::MidpointAwayFromZero);
        r.rescale(self.exponent);
        r
    }

    /// Rounds toward zero to the minor unit: used for instalment shares, whose remainder
    /// goes to the last instalment.
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

/// The locales proposals are written in: they set grouping, decimal mark and symbol place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
pub enum Locale {
    #[default]
    #[serde(rename = "en-US")]
    EnUs,
    #[serde(rename = "en-GB")]
    EnGb,
    #[serde(rename = "de-DE")]
    DeDe,
    #[serde(rename = "fr-FR")]
    FrFr,
}

impl Locale {
    pub const ALL: [(&'static str, Locale); 4] =
        [("en-US", Locale::EnUs), ("en-GB", Locale::EnGb), ("de-DE", Locale::DeDe), ("fr-FR", Locale::FrFr)];

    pub fn from_tag(tag: &str) -> Option<Locale> {
        Locale::ALL.iter().find(|(t, _)| *t == tag).map(|(_, l)| *l)
    }

    pub fn tag(self) -> &'static str {
        Locale::ALL.iter().find(|(_, l)| *l == self).map_or("en-US", |(t, _)| t)
    }

    /// (group separator, decimal mark, symbol after the number)
    fn conventions(self) -> (&'static str, &'static str, bool) {
        match self {
            Locale::EnUs | Locale::EnGb => (",", ".", false),
            Locale::DeDe => (".", ",", true),
            // French groups with a narrow no-break space.
            Locale::FrFr => ("\u{202f}", ",", true),
        }
    }

    /// Writes a plain number with this locale's grouping and decimal mark; a negative one
    /// starts with U+2212 MINUS SIGN, never a hyphen.
    pub fn number(self, value: Decimal) -> String {
        let negative = value.is_sign_negative() && !value.is_zero();
        let mut out = String::new();
        self.push_digits(&mut out, &value.abs().to_string(), negative);
        out
    }

    /// Appends `text` (ASCII digits, then `.` and the fraction if any) grouped, with this
    /// locale's decimal mark. (Written without `format!`: a proposal formats hundreds of these.)
    fn push_digits(self, out: &mut String, text: &str, negative: bool) {
        let (group, mark, _) = self.conventions();
        let (int, frac) = text.split_once('.').unwrap_or((text, ""));
        out.reserve(text.len() + int.len() / 3 * group.len() + 1);
        if negative {
            out.push(MINUS);
        }
        for (i, ch) in int.char_indices() {
            if i > 0 && (int.len() - i) % 3 == 0 {
                out.push_str(group);
            }
            out.push(ch);
        }
        if !frac.is_empty() {
            out.push_str(mark);
            out.push_str(frac);
        }
    }

    /// Writes an amount with the currency's symbol where this locale puts it:
    /// `$12,345.60`, `12.345,60 €`, `12 345,60 €`. Any space between number and symbol is a
    /// no-break space (U+00A0), French groups with a narrow no-break space (U+202F), and a
    /// negative amount starts with U+2212 MINUS SIGN (`−$5.00`), so an amount never breaks
    /// across lines and reads as typeset.
    pub fn money(self, amount: Decimal, currency: Currency) -> String {
        let negative = amount.is_sign_negative() && !amount.is_zero();
        self.money_of(&currency.round(amount).abs().to_string(), negative, currency)
    }

    /// [`Locale::money`] of an amount as [`Money`] writes it in JSON (`-1234.50`: the
    /// currency's minor units exactly), without parsing it; `None` for any other text.
    pub fn money_text(self, text: &str, currency: Currency) -> Option<String> {
        let (negative, digits) = text.strip_prefix('-').map_or((false, text), |d| (true, d));
        let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
        let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        let canonical =
            !int.is_empty() && all_digits(int) && all_digits(frac) && frac.len() == currency.exponent as usize;
        let zero = digits.bytes().all(|b| matches!(b, b'0' | b'.'));
        canonical.then(|| self.money_of(digits, negative && !zero, currency))
    }

    fn money_of(self, digits: &str, negative: bool, currency: Currency) -> String {
        let (_, _, after) = self.conventions();
        let symbol = currency.symbol;
        let spaced = symbol.chars().all(|c| c.is_ascii_alphabetic() || c == '.');
        let mut out = String::with_capacity(digits.len() + digits.len() / 3 * 3 + symbol.len() + 6);
        if negative {
            out.push(MINUS);
        }
        if !after {
            out.push_str(symbol);
            if spaced {
                out.push(NBSP);
            }
        }
        self.push_digits(&mut out, digits, false);
        if after {
            out.push(NBSP);
            out.push_str(symbol);
        }
        out
    }

    /// Writes a date the way this locale's business letters do, with no-break spaces (U+00A0)
    /// between its parts so it never breaks across lines: `March 2, 2026`, `2 March 2026`,
    /// `2. März 2026`, `2 mars 2026` (each space here a no-break one).
    pub fn date(self, date: chrono::NaiveDate) -> String {
        use chrono::Datelike;
        let month = date.month0() as usize;
        let mut out = String::with_capacity(20);
        let day = |out: &mut String| push_number(out, date.day());
        let year = |out: &mut String| push_number(out, date.year().unsigned_abs());
        match self {
            Locale::EnUs => {
                out.push_str(EN_MONTHS[month]);
                out.push(NBSP);
                day(&mut out);
                out.push(',');
                out.push(NBSP);
            }
            Locale::EnGb | Locale::DeDe | Locale::FrFr => {
                day(&mut out);
                if self == Locale::DeDe {
                    out.push('.');
                }
                out.push(NBSP);
                out.push_str(match self {
                    Locale::DeDe => DE_MONTHS[month],
                    Locale::FrFr => FR_MONTHS[month],
                    _ => EN_MONTHS[month],
                });
                out.push(NBSP);
            }
        }
        if date.year() < 0 {
            out.push(MINUS);
        }
        year(&mut out);
        out
    }

    /// Writes a percentage: `15%` in English, `15 %` in German and French.
    pub fn percent(self, p: Percent) -> String {
        let n = self.number(p.0.normalize());
        match self {
            Locale::EnUs | Locale::EnGb => format!("{n}%"),
            Locale::DeDe | Locale::FrFr => format!("{n}\u{a0}%"),
        }
    }
}

/// U+2212 MINUS SIGN, which starts a negative figure in the client's documents.
pub const MINUS: char = '\u{2212}';

/// U+00A0 NO-BREAK SPACE, between the parts of an amount or a date.
pub const NBSP: char = '\u{a0}';

/// Appends `n` in decimal digits.
fn push_number(out: &mut String, n: u32) {
    let start = out.len();
    let mut n = n;
    loop {
        out.insert(start, char::from(b'0' + (n % 10) as u8));
        n /= 10;
        if n == 0 {
            break;
        }
    }
}

const EN_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const DE_MONTHS: [&str; 12] = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
];
const FR_MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// Splits `total` into shares proportional to `weights`: each share is rounded down to the
/// minor unit and the last takes the remainder, so the parts sum to `total` exactly and none
/// is negative. Zero weights get zero; all-zero weights put everything on the last part.
pub fn split(total: Money, weights: &[Decimal], currency: Currency) -> Vec<Money> {
    let sum: Decimal = weights.iter().copied().filter(|w| *w > Decimal::ZERO).sum();
    let mut parts = Vec::with_capacity(weights.len());
    let mut given = Money::zero(currency);
    for (i, w) in weights.iter().enumerate() {
        let last = i + 1 == weights.len();
        let part = if last {
            Money::round(total.amount() - given.amount(), currency)
        } else if sum.is_zero() || *w <= Decimal::ZERO {
            Money::zero(currency)
        } else {
            let share = total.amount().checked_mul(*w).map(|x| x / sum).unwrap_or_default();
            Money(currency.round_down(share))
        };
        given = Money::round(given.amount() + part.amount(), currency);
        parts.push(part);
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn c(code: &str) -> Currency {
        Currency::from_code(code).unwrap()
    }

    #[test]
    fn money_text_writes_json_amounts_as_money_does() {
        for code in ["USD", "EUR", "JPY", "KWD", "GBP", "CAD"] {
            let cur = c(code);
            for amount in [dec!(0), dec!(-0.5), dec!(7), dec!(1234.5), dec!(-98765432.125), dec!(1000000)] {
                let json = Money::round(amount, cur).amount().to_string();
                for (_, locale) in Locale::ALL {
                    assert_eq!(
                        locale.money_text(&json, cur),
                        Some(locale.money(amount, cur)),
                        "{code} {json} {locale:?}"
                    );
                }
            }
            assert_eq!(Locale::EnUs.money_text("12.3456", cur), None, "not in minor units");
            assert_eq!(Locale::EnUs.money_text("1e5", cur), None);
        }
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
    fn formats_per_locale() {
        let n = dec!(1234567.5);
        assert_eq!(Locale::EnUs.money(n, c("USD")), "$1,234,567.50");
        assert_eq!(Locale::EnGb.money(n, c("GBP")), "£1,234,567.50");
        assert_eq!(Locale::DeDe.money(n, c("EUR")), "1.234.567,50\u{a0}€");
        assert_eq!(Locale::FrFr.money(n, c("EUR")), "1\u{202f}234\u{202f}567,50\u{a0}€");
        assert_eq!(Locale::EnUs.money(dec!(999), c("JPY")), "¥999");
        assert_eq!(Locale::EnUs.money(dec!(12.5), c("KWD")), "KD\u{a0}12.500");
    }

    #[test]
    fn negative_figures_start_with_a_minus_sign() {
        assert_eq!(Locale::EnUs.money(dec!(-1234.5), c("USD")), "\u{2212}$1,234.50");
        assert_eq!(Locale::DeDe.money(dec!(-5), c("EUR")), "\u{2212}5,00\u{a0}€");
        assert_eq!(Locale::FrFr.money_text("-1234.50", c("EUR")).unwrap(), "\u{2212}1\u{202f}234,50\u{a0}€");
        assert_eq!(Locale::EnGb.number(dec!(-2.5)), "\u{2212}2.5");
        for (_, l) in Locale::ALL {
            assert!(!l.money(dec!(-1000000), c("CHF")).contains(['-', ' ']), "{l:?}");
        }
        assert_eq!(Locale::EnUs.money(dec!(-0), c("USD")), "$0.00", "zero has no sign");
    }

    #[test]
    fn formats_dates_per_locale() {
        let d = chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
        assert_eq!(Locale::EnUs.date(d), "March\u{a0}2,\u{a0}2026");
        assert_eq!(Locale::EnGb.date(d), "2\u{a0}March\u{a0}2026");
        assert_eq!(Locale::DeDe.date(d), "2.\u{a0}März\u{a0}2026");
        assert_eq!(Locale::FrFr.date(d), "2\u{a0}mars\u{a0}2026");
        assert!(Locale::ALL.iter().all(|(_, l)| !l.date(d).contains(' ')), "no breakable space");
    }

    #[test]
    fn split_sums_exactly_with_remainder_last() {
        let usd = c("USD");
        let parts = split(Money::round(dec!(100), usd), &[dec!(1), dec!(1), dec!(1)], usd);
        let texts: Vec<String> = parts.iter().map(|m| m.to_string()).collect();
        assert_eq!(texts, ["33.33", "33.33", "33.34"]);
    }
}
