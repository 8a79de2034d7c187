//! Which tax a proposal charges, by the firm's and the client's places and the client's
//! kind: the first matching rule of the catalog's `tax.toml`, its rates on the proposal date,
//! the wording and tax IDs the proposal prints, the client's import note and withholding tax.
//! The amounts are the pricing's; the intake's overrides are the intake's.

pub mod ids;

use crate::calendar::Place;
use crate::catalog::{Catalog, Charge, ClientKind, Requirement, TaxRule};
use crate::money::Percent;
use chrono::NaiveDate;
use serde::Serialize;

/// How a proposal is taxed: decided once, when the intake is read.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Treatment {
    /// The rule that decided; none when the client has no country (the tax of the currency).
    pub rule: Option<String>,
    /// Each computed on the fees after discount, rounded on its own; none: nothing charged.
    pub lines: Vec<TaxLine>,
    /// What the totals call the tax: the lines' labels, or the rule's when nothing is charged.
    pub label: String,
    /// The rule's legal wording, or the intake's reason for its own rate.
    pub wording: Option<String>,
    /// What the client's country asks of a client importing the service.
    pub import_note: Option<String>,
    /// The firm's tax IDs for the place charged (both Canadian numbers in Quebec), else its
    /// own, each as its country writes it ([`ids::shown`]).
    pub firm_tax_id: Option<String>,
    /// The client's, checked and written as its country writes it.
    pub client_tax_id: Option<String>,
    pub withholding: Option<WithholdingTerms>,
    /// Said on the proposal when the rules are the catalog's samples.
    pub notice: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct TaxLine {
    pub label: String,
    pub percent: Percent,
}

/// A tax the client deducts from the fees and pays to its tax office.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct WithholdingTerms {
    pub label: String,
    pub percent: Percent,
    /// Whom the client pays it to.
    pub authority: Option<String>,
    /// The catalog's wording, or the intake's reason for its own rate.
    pub wording: String,
}

/// A tax line's amount on some fees.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct TaxAmount {
    pub label: String,
    pub percent: Percent,
    pub amount: crate::money::Money,
}

/// The tax lines with their amounts, those above zero only.
pub fn amounts(lines: &[TaxLine], amounts: &[crate::money::Money]) -> Vec<TaxAmount> {
    lines
        .iter()
        .zip(amounts)
        .filter(|(_, a)| !a.amount().is_zero())
        .map(|(l, a)| TaxAmount { label: l.label.clone(), percent: l.percent, amount: *a })
        .collect()
}

impl Treatment {
    /// The sum of the lines' rates.
    pub fn percent(&self) -> Percent {
        Percent(self.lines.iter().map(|l| l.percent.0).sum())
    }
}

/// The client as the rules see it.
pub struct Client<'a> {
    pub place: &'a Place,
    pub kind: ClientKind,
    /// Normalised, already checked against the place's format.
    pub tax_id: Option<&'a str>,
}

/// A problem the intake must fix, and which of its fields it is at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub field: Field,
    pub message: String,
    pub help: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Country,
    TaxId,
}

/// Whether `place` is in `list` (a country entry covers its subdivisions; `@GROUP` expands).
fn in_places(cat: &Catalog, place: &Place, list: &[String]) -> bool {
    // Codes are 2 to 6 bytes: compared inline, not by `==`, which calls libc's `memcmp` for
    // every pair of equal length (each code of a 27-member group against a 2-letter country).
    let same = |a: &str, b: &str| a.len() == b.len() && a.bytes().zip(b.bytes()).all(|(x, y)| x == y);
    let hit = |p: &str| same(p, place.code()) || same(p, place.country());
    list.iter().any(|p| match p.strip_prefix('@') {
        Some(g) => cat.tax.groups.get(g).is_some_and(|m| m.iter().any(|x| hit(x))),
        None => hit(p),
    })
}

fn registered(cat: &Catalog, place: &Place) -> bool {
    cat.firm.registrations.iter().any(|r| r.place == place.code() || r.place == place.country())
}

fn matches(cat: &Catalog, r: &TaxRule, firm: &Place, c: &Client) -> bool {
    (r.firm.is_empty() || in_places(cat, firm, &r.firm))
        && !in_places(cat, firm, &r.firm_not)
        && (r.client.is_empty() || in_places(cat, c.place, &r.client))
        && !in_places(cat, c.place, &r.client_not)
        && r.same_country.is_none_or(|s| (firm.country() == c.place.country()) == s)
        && r.registered.is_none_or(|s| registered(cat, c.place) == s)
        && r.kind.as_ref().is_none_or(|k| k.contains(&c.kind))
        && r.client_tax_id.is_none_or(|s| c.tax_id.is_some() == s)
}

/// The tax lines of `place` (or its country) on `date`: among its entries, the latest whose
/// `from` is not after the date.
fn rates(cat: &Catalog, place: &Place, date: NaiveDate) -> Option<Vec<TaxLine>> {
    let from = |r: &crate::catalog::TaxRate| {
        r.from
            .as_ref()
            .and_then(|d| d.date)
            .and_then(|d| NaiveDate::from_ymd_opt(i32::from(d.year), d.month.into(), d.day.into()))
    };
    for code in [place.code(), place.country()] {
        let best = cat
            .tax
            .rates
            .iter()
            .filter(|r| r.place == code && from(r).is_none_or(|f| f <= date))
            .max_by_key(|r| from(r));
        if let Some(r) = best {
            return Some(
                r.lines.iter().map(|l| TaxLine { label: l.label.clone(), percent: l.percent.money() }).collect(),
            );
        }
    }
    None
}

/// Resolves the tax of a proposal dated `date` from the firm in `firm` to `client`.
pub fn resolve(cat: &Catalog, firm: &Place, client: &Client, date: NaiveDate) -> Result<Treatment, Problem> {
    let Some(rule) = cat.tax.rules.iter().find(|r| matches(cat, r, firm, client)) else {
        return Err(Problem {
            field: Field::Country,
            message: format!("no tax rule of the catalog covers a client in {}", client.place),
            help: "end the catalog's tax.toml rules with one without conditions".into(),
        });
    };
    if rule.requires.contains(&Requirement::ClientTaxId) && client.tax_id.is_none() {
        return Err(Problem {
            field: Field::TaxId,
            message: format!(
                "a {} client in {} needs its tax ID here: the tax rule `{}` requires it",
                kind_name(client.kind),
                client.place.country_name(),
                rule.id
            ),
            help: format!(
                "add the client's VAT ID to [client], e.g. `tax_id = \"{}\"`",
                ids::format_for(&cat.tax_ids, client.place).map_or("…", |f| f.example.as_str())
            ),
        });
    }
    if rule.requires.contains(&Requirement::FirmTaxId) && cat.firm.tax_id.is_none() {
        return Err(Problem {
            field: Field::Country,
            message: format!("the tax rule `{}` needs the firm's tax ID, and firm.toml has none", rule.id),
            help: "add `tax_id` to [firm] in the catalog's firm.toml".into(),
        });
    }
    let charged = match rule.charge {
        Charge::ClientPlace => Some(client.place),
        Charge::FirmPlace => Some(firm),
        Charge::None => None,
    };
    let lines = match charged {
        None => Vec::new(),
        Some(place) => rates(cat, place, date).ok_or_else(|| Problem {
            field: Field::Country,
            message: format!("the catalog's tax.toml has no tax rates for {place} on {date}"),
            help: format!("add a `[[rate]]` with `place = \"{}\"` to tax.toml", place.country()),
        })?,
    };
    let label = if lines.is_empty() {
        rule.label.clone().unwrap_or_default()
    } else {
        lines.iter().map(|l| l.label.as_str()).collect::<Vec<_>>().join(" + ")
    };
    // Abroad, the firm charges under its registration there.
    let abroad = charged.is_some_and(|p| p.country() != firm.country());
    let firm_tax_id = if abroad {
        let place = client.place;
        let regs: Vec<String> = cat
            .firm
            .registrations
            .iter()
            .filter(|r| r.place == place.country() || r.place == place.code())
            .map(|r| ids::shown(&cat.tax_ids, Place::parse(&r.place).ok().as_ref(), &r.tax_id))
            .collect();
        (!regs.is_empty()).then(|| regs.join(" / "))
    } else {
        cat.firm.tax_id.as_deref().map(|id| ids::shown(&cat.tax_ids, Some(firm), id))
    };
    let foreign = firm.country() != client.place.country();
    let import_note = (rule.charge == Charge::None && foreign)
        .then(|| {
            cat.tax.import_notes.iter().find(|n| {
                in_places(cat, client.place, &n.client) && n.kind.as_ref().is_none_or(|k| k.contains(&client.kind))
            })
        })
        .flatten()
        .map(|n| n.wording.clone());
    let withholding = (foreign && client.kind != ClientKind::Consumer)
        .then(|| cat.tax.withholdings.iter().find(|w| in_places(cat, client.place, &w.client)))
        .flatten()
        .map(|w| WithholdingTerms {
            label: w.label.clone(),
            percent: w.percent.money(),
            authority: Some(w.authority.clone()),
            wording: w.wording.clone(),
        });
    Ok(Treatment {
        rule: Some(rule.id.clone()),
        lines,
        label,
        wording: rule.wording.clone().filter(|w| !w.is_empty()),
        import_note,
        firm_tax_id,
        client_tax_id: client.tax_id.map(|id| ids::shown(&cat.tax_ids, Some(client.place), id)),
        withholding,
        notice: cat.tax.sample.then(|| cat.tax.notice.clone()).filter(|n| !n.is_empty()),
    })
}

pub fn kind_name(k: ClientKind) -> &'static str {
    match k {
        ClientKind::Business => "business",
        ClientKind::Consumer => "consumer",
        ClientKind::Public => "public",
    }
}
