//! The intake as written: serde shapes with spans, before any checking.

use serde::Deserialize;
use std::collections::BTreeMap;
use toml::Spanned;

pub type Value = Spanned<toml::Value>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawIntake {
    pub proposal: Spanned<RawProposal>,
    pub client: Spanned<RawClient>,
    #[serde(default)]
    pub engagement: Vec<Spanned<RawEngagement>>,
    #[serde(default)]
    pub discount: Vec<Spanned<RawDiscount>>,
    pub holidays: Option<Spanned<RawHolidays>>,
    pub calendar: Option<Spanned<String>>,
    #[serde(default)]
    /// Texts, or tables `{ text, by }` (checked in validation).
    pub objectives: Vec<Value>,
    #[serde(default)]
    pub assumptions: Vec<Spanned<String>>,
    #[serde(default)]
    pub exclusions: Vec<Spanned<String>>,
    #[serde(default)]
    pub option: Vec<Spanned<RawOption>>,
    pub terms: Option<Spanned<RawTerms>>,
}

/// The contract terms' parameters for this proposal, and its own clauses.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTerms {
    pub governing_law: Option<Spanned<String>>,
    pub venue: Option<Spanned<String>>,
    pub payment_days: Option<Value>,
    #[serde(default)]
    pub clause: Vec<Spanned<RawClause>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawClause {
    pub title: Spanned<String>,
    pub text: Spanned<String>,
}

/// An alternative the client may choose: overrides of the base intake by path.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOption {
    pub name: Spanned<String>,
    pub recommended: Option<Spanned<bool>>,
    pub description: Option<Spanned<String>>,
    #[serde(default)]
    pub set: BTreeMap<Spanned<String>, Value>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawProposal {
    pub number: Spanned<String>,
    pub date: Value,
    pub title: Option<Spanned<String>>,
    pub valid_days: Option<Value>,
    pub currency: Option<Spanned<String>>,
    pub tax: Option<Value>,
    pub tax_label: Option<Spanned<String>>,
    pub tax_reason: Option<Spanned<String>>,
    pub withholding: Option<Value>,
    pub withholding_reason: Option<Spanned<String>>,
    pub locale: Option<Spanned<String>>,
    pub language: Option<Spanned<String>>,
    pub prepared_by: Option<Spanned<String>>,
    pub consultant: Option<Spanned<RawConsultant>>,
    pub revision: Option<Spanned<String>>,
    pub logo: Option<Spanned<String>>,
    pub accent: Option<Spanned<String>>,
    pub fonts: Option<Spanned<Vec<Spanned<String>>>>,
}

/// The consultant who leads the work, named on the cover and in the next steps.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawConsultant {
    pub name: Spanned<String>,
    pub title: Option<Spanned<String>>,
    pub email: Option<Spanned<String>>,
    pub phone: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawClient {
    pub name: Spanned<String>,
    pub contact: Option<Spanned<String>>,
    pub contact_title: Option<Spanned<String>>,
    pub email: Option<Spanned<String>>,
    pub address: Option<Spanned<String>>,
    pub industry: Option<Spanned<String>>,
    pub country: Option<Spanned<String>>,
    pub kind: Option<Spanned<String>>,
    pub tax_id: Option<Spanned<String>>,
}

/// One engagement; which keys apply depends on `model`, checked in validation.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEngagement {
    pub model: Spanned<String>,
    pub title: Option<Spanned<String>>,
    pub start: Option<Value>,
    pub why: Option<Spanned<String>>,
    // project
    pub pricing: Option<Spanned<String>>,
    /// Time and materials: the cap on its invoices.
    pub not_to_exceed: Option<Value>,
    pub scenario: Option<Spanned<String>>,
    pub size: Option<Spanned<String>>,
    pub process: Option<Spanned<String>>,
    pub phases: Option<BTreeMap<Spanned<String>, Spanned<RawPhase>>>,
    // advisory
    pub hours: Option<Value>,
    // advisory and managed
    pub months: Option<Value>,
    // managed
    pub tier: Option<Spanned<String>>,
    pub inventory: Option<Spanned<BTreeMap<Spanned<String>, Value>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPhase {
    pub scale: Option<Value>,
    pub skip: Option<Spanned<bool>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDiscount {
    pub label: Option<Spanned<String>>,
    pub percent: Option<Value>,
    pub amount: Option<Value>,
    pub applies_to: Option<Spanned<String>>,
}

/// `holidays`: a list of the client's own dates, `true`/`false` for the place's public
/// holidays, or a table of both.
#[derive(Debug)]
pub enum RawHolidays {
    List(Vec<Value>),
    Switch(bool),
    Table(RawHolidayTable),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawHolidayTable {
    pub public: Option<Spanned<bool>>,
    #[serde(default)]
    pub extra: Vec<Value>,
}

impl<'de> Deserialize<'de> for RawHolidays {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = RawHolidays;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a list of dates, true or false, or a table with `public` and `extra`")
            }
            fn visit_bool<E: serde::de::Error>(self, b: bool) -> Result<RawHolidays, E> {
                Ok(RawHolidays::Switch(b))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<RawHolidays, A::Error> {
                let mut list = Vec::new();
                while let Some(v) = seq.next_element::<Value>()? {
                    list.push(v);
                }
                Ok(RawHolidays::List(list))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<RawHolidays, A::Error> {
                RawHolidayTable::deserialize(serde::de::value::MapAccessDeserializer::new(map)).map(RawHolidays::Table)
            }
        }
        d.deserialize_any(Visitor)
    }
}
