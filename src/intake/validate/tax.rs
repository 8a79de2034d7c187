//! The proposal's tax: the client's tax ID in its country's format, the catalog's rule for
//! the firm's and the client's places, and the intake's own rate or withholding, each with
//! the reason the proposal prints.

use super::Checker;
use crate::intake::raw::*;
use crate::intake::*;
use crate::tax::{self, Field, TaxLine, Treatment, WithholdingTerms};
use std::ops::Range;
use toml::Spanned;

/// What the intake says about tax, read before its tables are consumed.
pub(super) struct Asked {
    tax: Option<Range<usize>>,
    tax_label: bool,
    tax_reason: Option<Spanned<String>>,
    withholding: Option<Value>,
    withholding_reason: Option<Spanned<String>>,
    country: Option<Range<usize>>,
    tax_id: Option<Spanned<String>>,
    /// The `[client]` table, for a problem with no key of its own to point at.
    client: Range<usize>,
}

impl Asked {
    pub(super) fn of(p: &RawProposal, c: &Spanned<RawClient>) -> Asked {
        let client = c.get_ref();
        Asked {
            tax: p.tax.as_ref().map(|v| v.span()),
            tax_label: p.tax_label.is_some(),
            tax_reason: p.tax_reason.clone(),
            withholding: p.withholding.clone(),
            withholding_reason: p.withholding_reason.clone(),
            country: client.country.as_ref().map(|c| c.span()),
            tax_id: client.tax_id.clone(),
            client: c.span(),
        }
    }
}

impl Checker<'_> {
    /// Decides the tax, fills in the client's checked tax ID and the meta's label and rate.
    pub(super) fn tax(
        &mut self,
        asked: &Asked,
        client: Option<&mut Client>,
        meta: Option<&mut Meta>,
    ) -> Option<Treatment> {
        let client = client?;
        if let Some(id) = &asked.tax_id {
            let text = self.text(id, "tax_id")?;
            client.tax_id = Some(match &client.country {
                Some(place) => match tax::ids::check(&self.catalog.tax_ids, place, &text) {
                    Ok(n) => n,
                    Err(message) => {
                        self.error(
                            id.span(),
                            message,
                            None,
                            "give the ID as the tax authority issued it; spaces, dots and dashes are fine",
                        );
                        return None;
                    }
                },
                None => text,
            });
        }
        let meta = meta?;
        let firm = self.catalog.firm_place();
        let mut treatment = match (firm, &client.country) {
            (Some(firm), Some(place)) => {
                let c = tax::Client { place, kind: client.kind, tax_id: client.tax_id.as_deref() };
                match tax::resolve(self.catalog, firm, &c, meta.date) {
                    Ok(t) => t,
                    Err(p) => {
                        let at = match p.field {
                            Field::TaxId => asked.tax_id.as_ref().map(|t| t.span()).or(asked.country.clone()),
                            Field::Country => asked.country.clone(),
                        };
                        self.error(at.unwrap_or(asked.client.clone()), p.message, None, p.help);
                        return None;
                    }
                }
            }
            // Without the client's country (or the firm's), the tax is the currency's.
            _ => Treatment {
                rule: None,
                lines: (!meta.tax.0.is_zero())
                    .then(|| TaxLine { label: meta.tax_label.clone(), percent: meta.tax })
                    .into_iter()
                    .collect(),
                label: meta.tax_label.clone(),
                wording: None,
                import_note: None,
                firm_tax_id: self
                    .catalog
                    .firm
                    .tax_id
                    .as_deref()
                    .map(|id| tax::ids::shown(&self.catalog.tax_ids, firm, id)),
                client_tax_id: client.tax_id.clone(),
                withholding: None,
                notice: None,
            },
        };
        let reason = |c: &mut Checker, r: &Option<Spanned<String>>| r.as_ref().and_then(|r| c.prose(r, "reason"));
        match (&asked.tax, &asked.tax_reason) {
            (Some(at), r) => {
                let why = reason(self, r);
                if treatment.rule.is_some() && why.is_none() {
                    self.error(
                        at.clone(),
                        format!(
                            "`tax` overrides the tax rule `{}` for this client, but gives no reason",
                            treatment.rule.as_deref().unwrap_or_default()
                        ),
                        None,
                        "say why under [proposal], e.g. `tax_reason = \"Exempt: Art. 151 of Directive 2006/112/EC\"`; \
                         the proposal prints it",
                    );
                    return None;
                }
                let label = if asked.tax_label {
                    meta.tax_label.clone()
                } else {
                    treatment.lines.first().map_or(treatment.label.clone(), |l| l.label.clone())
                };
                let label = if label.is_empty() { meta.tax_label.clone() } else { label };
                treatment.lines = vec![TaxLine { label: label.clone(), percent: meta.tax }];
                treatment.label = label;
                if why.is_some() {
                    treatment.wording = why;
                    treatment.import_note = None;
                }
            }
            (None, Some(r)) => {
                self.error(
                    r.span(),
                    "`tax_reason` without `tax`",
                    None,
                    "give the rate it explains, e.g. `tax = 0`, or remove the reason",
                );
                return None;
            }
            (None, None) if asked.tax_label => {
                // The intake names the tax: one line keeps its rate under the new name.
                if let [line] = treatment.lines.as_mut_slice() {
                    line.label = meta.tax_label.clone();
                }
                treatment.label = meta.tax_label.clone();
            }
            (None, None) => {}
        }
        match (&asked.withholding, &asked.withholding_reason) {
            (Some(v), r) => {
                let pct = self.decimal(
                    v,
                    "withholding",
                    Decimal::ZERO,
                    true,
                    Decimal::ONE_HUNDRED,
                    "give the rate in percent, e.g. `withholding = 10`",
                );
                let Some(why) = reason(self, r) else {
                    self.error(
                        v.span(),
                        "`withholding` sets the client's withholding tax, but gives no reason",
                        None,
                        "say why under [proposal], e.g. `withholding_reason = \"India-UK tax treaty, Art. 13\"`; the proposal prints it",
                    );
                    return None;
                };
                let pct = Percent(pct?);
                let base = treatment.withholding.take();
                treatment.withholding = Some(WithholdingTerms {
                    label: base.as_ref().map_or_else(|| "Withholding tax".to_string(), |w| w.label.clone()),
                    percent: pct,
                    authority: base.and_then(|w| w.authority),
                    wording: why,
                });
            }
            (None, Some(r)) => {
                self.error(
                    r.span(),
                    "`withholding_reason` without `withholding`",
                    None,
                    "give the rate it explains, e.g. `withholding = 10`, or remove the reason",
                );
                return None;
            }
            (None, None) => {}
        }
        meta.tax = treatment.percent();
        meta.tax_label = treatment.label.clone();
        Some(treatment)
    }
}
