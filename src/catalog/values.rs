//! The catalog's checked numbers: percentages, factors, exchange rates, prices, hours and
//! whole counts, each read exactly (never through a float) and refused outside its range when
//! the file is parsed, so the error points at the value. Later stages use them as they are:
//! nothing downstream divides by 100 or re-checks a bound.
//!
//! The bounds keep every computation far from overflow: with the intake's own limits
//! (`crate::intake::limits`) the largest figure a quote can reach is about 10^24, and
//! `Decimal` holds 7.9 × 10^28.

use super::Dec;
use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// What a bounded value's error says: the message, then `\n= help: ` and the fix, which
/// `super::toml_error` splits back into a diagnostic's message and help.
pub(super) const HELP: &str = "\n= help: ";

/// Reads an exact decimal and checks `min ≤ v ≤ max` (`min < v` when `min_open`).
fn read<'de, D: Deserializer<'de>>(
    d: D,
    (a, what): (&str, &str),
    (min, min_open): (Decimal, bool),
    max: Decimal,
    example: &str,
) -> Result<Decimal, D::Error> {
    let v = Dec::deserialize(d)?.0;
    let low = if min_open { v <= min } else { v < min };
    if low || v > max {
        let (range, fix) = if min_open {
            (format!("more than {min} and at most {max}"), format!("above {min} and at most {max}"))
        } else {
            (format!("{min} to {max}"), format!("from {min} to {max}"))
        };
        return Err(serde::de::Error::custom(format!(
            "the {what} {} is out of range: expected {range}{HELP}write {a} {what} {fix}, e.g. `\"{example}\"`",
            v.normalize()
        )));
    }
    Ok(v)
}

macro_rules! decimal_type {
    ($(#[$doc:meta])* $name:ident $(<const $c:ident: $ct:ty $(= $cd:literal)?>)?) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
        pub struct $name $(<const $c: $ct $(= $cd)?>)? (Decimal);

        impl $(<const $c: $ct>)? $name $(<$c>)? {
            /// The value as a decimal.
            pub fn get(self) -> Decimal {
                self.0
            }
        }

        /// Written as the catalog file spells it: a decimal string.
        impl $(<const $c: $ct>)? Serialize for $name $(<$c>)? {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                Serialize::serialize(&self.0, s)
            }
        }

        impl $(<const $c: $ct>)? fmt::Display for $name $(<$c>)? {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}", self.0.normalize())
            }
        }
    };
}

decimal_type!(
    /// A percentage from 0 to `MAX` (100 unless a use allows more, as a mark-up does).
    Percent<const MAX: u16 = 100>
);
decimal_type!(
    /// A factor on prices or effort: more than 0 and at most 10.
    Factor
);
decimal_type!(
    /// Units of a currency per unit of the base currency: more than 0 and at most 100,000.
    FxRate
);
decimal_type!(
    /// An amount in the base currency, from 0 to `MAX` (a million unless stated).
    Price<const MAX: u64 = 1_000_000>
);
decimal_type!(
    /// Hours of one role in one phase: 0 to 10,000.
    Hours
);
decimal_type!(
    /// Productive hours per person per business day: 1 to 24.
    DayHours
);

impl<const MAX: u16> Percent<MAX> {
    /// The share as a fraction: 15 % is 0.15.
    pub fn fraction(self) -> Decimal {
        self.money().fraction()
    }

    /// As the proposal's general percentage type.
    pub fn money(self) -> crate::money::Percent {
        crate::money::Percent(self.0)
    }
}

impl<'de, const MAX: u16> Deserialize<'de> for Percent<MAX> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        read(d, ("a", "percentage"), (Decimal::ZERO, false), Decimal::from(MAX), "15").map(Percent)
    }
}

impl<'de> Deserialize<'de> for Factor {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        read(d, ("a", "factor"), (Decimal::ZERO, true), Decimal::TEN, "1.5").map(Factor)
    }
}

impl<'de> Deserialize<'de> for FxRate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        read(d, ("an", "exchange rate"), (Decimal::ZERO, true), Decimal::from(100_000), "0.92").map(FxRate)
    }
}

impl<'de, const MAX: u64> Deserialize<'de> for Price<MAX> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        read(d, ("a", "price"), (Decimal::ZERO, false), Decimal::from(MAX), "212.50").map(Price)
    }
}

impl<'de> Deserialize<'de> for Hours {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        read(d, ("a", "number of hours"), (Decimal::ZERO, false), Decimal::from(10_000), "24").map(Hours)
    }
}

impl<'de> Deserialize<'de> for DayHours {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        read(d, ("a", "number of hours a day"), (Decimal::ONE, false), Decimal::from(24), "6").map(DayHours)
    }
}

impl FxRate {
    /// The base currency's own rate.
    pub const ONE: FxRate = FxRate(Decimal::ONE);

    /// A rate within the type's range: more than 0 and at most 100,000.
    pub fn new(rate: Decimal) -> Option<FxRate> {
        (rate > Decimal::ZERO && rate <= Decimal::from(100_000)).then_some(FxRate(rate))
    }
}

/// A TOML date (without a time) as a calendar date.
pub fn toml_date(d: &toml::value::Datetime) -> Option<chrono::NaiveDate> {
    let date = d.date.filter(|_| d.time.is_none() && d.offset.is_none())?;
    chrono::NaiveDate::from_ymd_opt(i32::from(date.year), date.month.into(), date.day.into())
}

/// A whole number from `MIN` to `MAX`: days, minutes, hours a month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Count<const MIN: u32, const MAX: u32>(u32);

impl<const MIN: u32, const MAX: u32> Count<MIN, MAX> {
    pub fn get(self) -> u32 {
        self.0
    }
}

impl<const MIN: u32, const MAX: u32> Serialize for Count<MIN, MAX> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u32(self.0)
    }
}

impl<const MIN: u32, const MAX: u32> fmt::Display for Count<MIN, MAX> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl<'de, const MIN: u32, const MAX: u32> Deserialize<'de> for Count<MIN, MAX> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<const MIN: u32, const MAX: u32>;
        impl<const MIN: u32, const MAX: u32> serde::de::Visitor<'_> for V<MIN, MAX> {
            type Value = Count<MIN, MAX>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                write!(f, "a whole number from {MIN} to {MAX}")
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Self::Value, E> {
                match u32::try_from(v) {
                    Ok(n) if (MIN..=MAX).contains(&n) => Ok(Count(n)),
                    _ => Err(E::custom(format!(
                        "the number {v} is out of range: expected {MIN} to {MAX}{HELP}write a whole number from {MIN} to {MAX}"
                    ))),
                }
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Self::Value, E> {
                self.visit_i64(i64::try_from(v).unwrap_or(i64::MAX))
            }
        }
        d.deserialize_any(V::<MIN, MAX>)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct T {
        p: Option<Percent>,
        m: Option<Percent<1000>>,
        f: Option<Factor>,
        n: Option<Count<1, 365>>,
    }

    fn parse(text: &str) -> Result<T, String> {
        toml::from_str::<T>(text).map_err(|e| e.message().to_string())
    }

    #[test]
    fn values_in_range_are_read_exactly() {
        let t = parse("p = \"12.5\"\nm = 250\nf = \"0.6\"\nn = 365").unwrap();
        assert_eq!(t.p.unwrap().fraction(), Decimal::new(125, 3));
        assert_eq!(t.m.unwrap().get(), Decimal::from(250));
        assert_eq!(t.f.unwrap().get(), Decimal::new(6, 1));
        assert_eq!(t.n.unwrap().get(), 365);
    }

    #[test]
    fn values_out_of_range_name_the_range_and_the_fix() {
        for (text, expected) in [
            (
                "p = \"-1\"",
                "the percentage -1 is out of range: expected 0 to 100\n= help: write a percentage from 0 to 100",
            ),
            ("p = 101", "the percentage 101 is out of range: expected 0 to 100"),
            ("m = 1001", "expected 0 to 1000"),
            ("f = 0", "the factor 0 is out of range: expected more than 0 and at most 10"),
            ("n = 0", "the number 0 is out of range: expected 1 to 365"),
            ("n = 4294967296", "the number 4294967296 is out of range"),
        ] {
            let err = parse(text).err().unwrap_or_default();
            assert!(err.contains(expected), "{text}: {err}");
        }
    }
}
