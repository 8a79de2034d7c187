//! The catalog's tax data as its files spell it: `tax.toml` (place groups, rates by place and
//! date, the ordered rules, import notes, withholding taxes) and `tax-ids.toml` (tax-ID
//! formats by country), and their checks when the catalog loads. Resolving a proposal's tax
//! from them is [`crate::tax`]'s.

use super::check::Checker;
use super::types::Catalog;
use super::values::Percent;
use crate::calendar::Place;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What kind of client a proposal is for; the tax rules tell them apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum ClientKind {
    #[default]
    Business,
    Consumer,
    Public,
}

impl ClientKind {
    pub const ALL: [(&'static str, ClientKind); 3] =
        [("business", ClientKind::Business), ("consumer", ClientKind::Consumer), ("public", ClientKind::Public)];
}

/// `tax.toml`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaxFile {
    /// Whether these are sample rules; `notice` then says so on every proposal taxed by them.
    #[serde(default)]
    pub sample: bool,
    #[serde(default)]
    pub notice: String,
    /// Named lists of places, written `@NAME` wherever a place is expected.
    #[serde(default)]
    pub groups: BTreeMap<String, Vec<String>>,
    #[serde(default, rename = "rate")]
    pub rates: Vec<TaxRate>,
    #[serde(default, rename = "rule")]
    pub rules: Vec<TaxRule>,
    #[serde(default, rename = "import_note")]
    pub import_notes: Vec<ImportNote>,
    #[serde(default, rename = "withholding")]
    pub withholdings: Vec<Withholding>,
}

/// The tax lines charged in a place from a date on.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaxRate {
    pub place: String,
    /// The first proposal date the entry applies to; none: from the start.
    pub from: Option<toml::value::Datetime>,
    /// Each line is computed on the same base (no tax on tax); none: the place has no such tax.
    pub lines: Vec<TaxLineSpec>,
    #[serde(default)]
    pub source: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaxLineSpec {
    pub label: String,
    /// The tax's name in the place's language (`USt.`), for reference.
    pub local: Option<String>,
    pub percent: Percent,
}

/// Who pays which tax: the first rule whose conditions all hold decides.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaxRule {
    pub id: String,
    #[serde(default)]
    pub firm: Vec<String>,
    #[serde(default)]
    pub firm_not: Vec<String>,
    #[serde(default)]
    pub client: Vec<String>,
    #[serde(default)]
    pub client_not: Vec<String>,
    pub same_country: Option<bool>,
    pub registered: Option<bool>,
    pub kind: Option<Vec<ClientKind>>,
    pub client_tax_id: Option<bool>,
    pub charge: Charge,
    #[serde(default)]
    pub requires: Vec<Requirement>,
    /// What the totals call the tax when nothing is charged.
    pub label: Option<String>,
    /// The legal wording the proposal prints.
    pub wording: Option<String>,
}

impl TaxRule {
    /// Whether the rule has no conditions (matches everything).
    pub fn unconditional(&self) -> bool {
        self.firm.is_empty()
            && self.firm_not.is_empty()
            && self.client.is_empty()
            && self.client_not.is_empty()
            && self.same_country.is_none()
            && self.registered.is_none()
            && self.kind.is_none()
            && self.client_tax_id.is_none()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Charge {
    ClientPlace,
    FirmPlace,
    None,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Requirement {
    ClientTaxId,
    FirmTaxId,
}

/// What the client's country asks of a client importing the service.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportNote {
    pub client: Vec<String>,
    pub kind: Option<Vec<ClientKind>>,
    pub wording: String,
}

/// A tax the client's country makes it deduct from payments to a foreign firm.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Withholding {
    pub client: Vec<String>,
    pub percent: Percent,
    pub label: String,
    pub authority: String,
    pub wording: String,
    #[serde(default)]
    pub source: String,
}

/// `tax-ids.toml`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaxIdFile {
    #[serde(default)]
    pub tax_id: Vec<TaxIdFormat>,
}

/// How a country's tax IDs are written: after normalising (upper case; spaces, `.`, `-` and
/// `/` dropped), `prefix`, then `pattern` in full, then the named `check`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaxIdFormat {
    /// A country, or a country and subdivision (`CA-QC`).
    pub country: String,
    pub name: String,
    #[serde(default)]
    pub prefix: String,
    pub pattern: String,
    /// A check-digit algorithm of [`crate::tax::ids`], or empty for the format only.
    #[serde(default)]
    pub check: String,
    /// A valid (synthetic) example, shown in errors.
    pub example: String,
    /// An invalid one, for the tests.
    #[serde(default)]
    pub invalid: String,
}

/// The firm's indirect-tax registration in a place outside its country.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Registration {
    pub place: String,
    pub tax_id: String,
}

const TAX: &str = "tax.toml";
const IDS: &str = "tax-ids.toml";

/// Checks the tax files and the firm's places and IDs against them.
pub(super) fn check_tax(c: &mut Checker, cat: &Catalog) {
    let tax = &cat.tax;
    let place_ok = |c: &mut Checker, file: &str, p: &str| {
        if let Err(e) = Place::parse(p) {
            c.report(file, &format!("\"{p}\""), e.message, e.help);
        }
    };
    for (name, members) in &tax.groups {
        for m in members {
            place_ok(c, TAX, m);
        }
        if members.is_empty() {
            c.report(TAX, &format!("{name} = "), format!("group `{name}` is empty"), "list its places".into());
        }
    }
    let places = |c: &mut Checker, list: &[String]| {
        for p in list {
            match p.strip_prefix('@') {
                Some(g) if !tax.groups.contains_key(g) => {
                    let known: Vec<String> = tax.groups.keys().map(|k| format!("@{k}")).collect();
                    let hint = crate::diag::did_you_mean(p, known.iter().map(String::as_str))
                        .map_or(String::new(), |s| format!("did you mean `{s}`? "));
                    let names = crate::diag::one_of(known.iter().map(String::as_str));
                    c.report(
                        TAX,
                        &format!("\"{p}\""),
                        format!("unknown group `{p}`"),
                        format!("{hint}use one of {names}"),
                    );
                }
                Some(_) => {}
                None => place_ok(c, TAX, p),
            }
        }
    };
    for r in &tax.rates {
        place_ok(c, TAX, &r.place);
        if r.from.as_ref().is_some_and(|d| d.date.is_none() || d.time.is_some()) {
            c.report(
                TAX,
                &r.place,
                format!("`from` of the rate for `{}` is not a date", r.place),
                "write it as a date, e.g. `from = 2025-07-01`".into(),
            );
        }
    }
    c.unique(TAX, "rule", tax.rules.iter().map(|r| r.id.as_str()));
    for r in &tax.rules {
        for list in [&r.firm, &r.firm_not, &r.client, &r.client_not] {
            places(c, list);
        }
    }
    for n in &tax.import_notes {
        places(c, &n.client);
    }
    for w in &tax.withholdings {
        places(c, &w.client);
    }
    if let Some(last) = tax.rules.last().filter(|r| !r.unconditional()) {
        c.report(
            TAX,
            &format!("\"{}\"", last.id),
            format!("the last tax rule, `{}`, has conditions", last.id),
            "end the rules with one without conditions, which decides every case the others leave".into(),
        );
    }
    if tax.rules.is_empty() && !tax.rates.is_empty() {
        c.report(
            TAX,
            "[[rate]]",
            "the tax rates have no rules".into(),
            "add `[[rule]]` tables, the last without conditions".into(),
        );
    }
    for f in &cat.tax_ids.tax_id {
        place_ok(c, IDS, &f.country);
        // Compiled into the cache the checks of tax IDs use, so each pattern is compiled once.
        let problem = if crate::tax::ids::pattern(&f.pattern).is_none() {
            Some(format!("the pattern of the {} tax ID is not a valid regular expression", f.country))
        } else if !f.check.is_empty() && !crate::tax::ids::CHECKS.contains(&f.check.as_str()) {
            Some(format!("unknown check `{}` for the {} tax ID", f.check, f.country))
        } else if crate::tax::ids::validate(f, &f.example).is_none() {
            Some(format!("the example `{}` does not pass its own format for {}", f.example, f.country))
        } else {
            None
        };
        if let Some(message) = problem {
            c.report(
                IDS,
                &format!("\"{}\"", f.country),
                message,
                format!("fix the entry; checks are {}", crate::diag::one_of(crate::tax::ids::CHECKS)),
            );
        }
    }
    check_firm_places(c, cat);
}

/// The firm's country, tax ID and registrations: places that exist, IDs in their format.
fn check_firm_places(c: &mut Checker, cat: &Catalog) {
    let f = &cat.firm;
    let firm = "firm.toml";
    let id_ok = |c: &mut Checker, place: &str, id: &str| {
        if let Ok(p) = Place::parse(place) {
            if let Err(e) = crate::tax::ids::check(&cat.tax_ids, &p, id) {
                c.report(
                    firm,
                    &format!("\"{id}\""),
                    e,
                    "write the firm's ID as the tax authority issued it, or remove it".into(),
                );
            }
        }
    };
    if let Some(country) = &f.country {
        if let Err(e) = Place::parse(country) {
            c.report(firm, &format!("\"{country}\""), e.message, e.help);
        }
        if let Some(id) = &f.tax_id {
            id_ok(c, country, id);
        }
    } else if f.tax_id.is_some() || !f.registrations.is_empty() {
        c.report(
            firm,
            "tax_id",
            "the firm has tax IDs but no `country`".into(),
            "add `country = \"GB\"` (the firm's ISO country code) to [firm]".into(),
        );
    }
    for r in &f.registrations {
        match Place::parse(&r.place) {
            Err(e) => c.report(firm, &format!("\"{}\"", r.place), e.message, e.help),
            Ok(_) => id_ok(c, &r.place, &r.tax_id),
        }
    }
}
