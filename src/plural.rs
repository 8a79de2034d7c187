//! Plural rules: how a language picks the form of a word for a count, named in its
//! language pack (`language.toml` `plural`) so that adding a language adds no code.

use rust_decimal::Decimal;

/// How a language picks the plural form of a word for a count (CLDR's cardinal rules, for
/// the forms a proposal needs): `"one-other"` (English, German: `one` for exactly 1),
/// `"french"` (`one` for 0 up to, not including, 2: « 0 jour », « 1,5 jour »), `"other"`
/// (Japanese: one form).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PluralRule {
    OneOther,
    French,
    Other,
}

impl PluralRule {
    pub(crate) fn from_name(name: &str) -> Option<PluralRule> {
        Some(match name {
            "one-other" => PluralRule::OneOther,
            "french" => PluralRule::French,
            "other" => PluralRule::Other,
            _ => return None,
        })
    }

    /// The forms a plural text of this language has, each required.
    pub fn forms(self) -> &'static [&'static str] {
        match self {
            PluralRule::OneOther | PluralRule::French => &["one", "other"],
            PluralRule::Other => &["other"],
        }
    }

    /// The form for count `n`.
    pub fn form(self, n: Decimal) -> &'static str {
        let one = match self {
            PluralRule::OneOther => n == Decimal::ONE,
            PluralRule::French => n >= Decimal::ZERO && n < Decimal::TWO,
            PluralRule::Other => false,
        };
        if one {
            "one"
        } else {
            "other"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn each_rule_picks_its_forms() {
        let forms = |r: PluralRule| [dec!(0), dec!(1), dec!(1.5), dec!(2), dec!(12)].map(|n| r.form(n));
        assert_eq!(forms(PluralRule::OneOther), ["other", "one", "other", "other", "other"]);
        assert_eq!(forms(PluralRule::French), ["one", "one", "one", "other", "other"]);
        assert_eq!(forms(PluralRule::Other), ["other"; 5]);
        assert_eq!(PluralRule::from_name("french"), Some(PluralRule::French));
        assert_eq!(PluralRule::from_name("two"), None);
    }
}
