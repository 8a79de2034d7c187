//! The data a template sees: the client-facing part of the proposal model, as
//! `--format json` writes it, reshaped for writing a document.
//!
//! - Each engagement holds its own `phases`, `milestones`, `one_time_lines`, `monthly_lines`,
//!   `one_time_discounts` and `monthly_discounts` (instead of the top-level lists), and a
//!   `number` (`2`); phases have one too (`2.3`); milestones and payments name their
//!   `engagement_title`.
//! - `payment_plan` (the model's) stands for the payment schedule; options have both.
//! - An engagement's `one_time` and `monthly` fees say whether a discount or tax applies
//!   (`adjusted`, `taxed`), the engagement whether its `why` differs from its `description`,
//!   and `view` which kinds of engagement there are (the Markdown renderer adds the
//!   edition's: `brief`, and whether the payment plan gives each payment's engagement in a
//!   column, `engagement_column`, or before the payment, `engagement_named`).
//! - Every amount and date also comes written out for the proposal's locale, under its key
//!   plus `_text` (`amount_text`: `$15,180.00`).
//!
//! Left out: the pricing `policy` review (for the firm only) and each line's `calc` trail (the
//! arithmetic behind `quote --explain`). Nulls are dropped, so a template that prints an absent
//! value (a client without an address) fails in strict mode instead of leaving a blank;
//! `{{#if}}` still works. Nothing here computes a figure: values are moved, counted and
//! written out.

use crate::diag::{Error, Result};
use crate::money::{Currency, Locale, Money};
use crate::pricing::Recurrence;
use crate::proposal::{EngagementView, Offer, Proposal};
use handlebars::JsonValue as Json;
use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::Map;
use std::str::FromStr;

/// The per-engagement lists every engagement has, empty or not.
const GROUPS: [&str; 6] =
    ["phases", "milestones", "one_time_lines", "monthly_lines", "one_time_discounts", "monthly_discounts"];

/// A line item without its `calc` trail.
#[derive(Serialize)]
struct Line<'a> {
    label: &'a str,
    recurrence: Recurrence,
    amount: Money,
    #[serde(skip_serializing_if = "Option::is_none")]
    phase: Option<usize>,
    /// A fixed price's risk contingency, released only on the client's approval.
    contingency: bool,
}

pub fn build(p: &Proposal) -> Result<Json> {
    let Json::Object(mut root) = value(p)? else { return Err(internal("the proposal is not an object")) };
    // The firm's own review of the pricing stays out of every client document.
    root.remove("policy");
    regroup(&mut root, &p.offer)?;
    // The proposal's payments are given as `payment_plan` only.
    root.remove("payment_schedule");
    let mut view = view(&p.offer.engagements);
    // Options compared by their first year when one runs past it.
    view["options_past_a_year"] = Json::Bool(p.options.iter().any(|o| o.comparison.months > 12));
    // What every option shares, said once in the options' section: their dates, their one-time
    // fees.
    let shares = |f: &dyn Fn(&crate::proposal::OptionView) -> Json| {
        let first = p.options.first().map(f);
        first.is_some() && p.options.iter().all(|o| Some(f(o)) == first)
    };
    // The comparison's row names one engagement per option: its label is singular then.
    view["options_one_engagement"] = Json::Bool(p.options.iter().all(|o| o.offer.engagements.len() == 1));
    view["options_reviews"] = Json::Bool(p.options.iter().any(|o| o.comparison.reviews.is_some()));
    view["options_same_start"] = Json::Bool(shares(&|o| Json::from(o.offer.timeline.start.to_string())));
    view["options_same_end"] = Json::Bool(shares(&|o| Json::from(o.offer.timeline.end.to_string())));
    view["options_one_time_shared"] =
        Json::Bool(p.options.iter().any(|o| has_one_time(&o.offer)) && shares(&|o| one_time_fees(&o.offer)));
    // One project whose price is the total: the summary's table needs no total row under it.
    view["one_price"] = Json::Bool(match p.offer.engagements.as_slice() {
        [e] => e.is_project && e.contract_value == p.offer.totals.contract_value,
        _ => false,
    });
    root.insert("view".into(), view);
    // A phone number never breaks across lines: its spaces are no-break spaces.
    if let Some(Json::String(phone)) = root.get_mut("proposal").and_then(|m| m.pointer_mut("/consultant/phone")) {
        *phone = phone.replace(' ', "\u{a0}");
    }
    if let Some(Json::Array(options)) = root.get_mut("options") {
        for (option, o) in options.iter_mut().zip(&p.options) {
            if let Json::Object(m) = option {
                regroup(m, &o.offer)?;
                m.insert("several".into(), Json::Bool(o.offer.engagements.len() > 1));
                m.insert("payment_schedule".into(), schedule(&o.offer)?);
            }
        }
    }
    let mut root = Json::Object(root);
    finish(&mut root, Formats { locale: p.proposal.locale, currency: p.proposal.currency });
    Ok(root)
}

/// Moves an offer's phases, milestones, line items and discounts under their engagements.
fn regroup(m: &mut Map<String, Json>, offer: &Offer) -> Result<()> {
    for key in ["phases", "milestones", "line_items", "discounts"] {
        m.remove(key);
    }
    m.insert("engagements".into(), Json::Array(engagements(offer)?));
    Ok(())
}

/// Whether any engagement of an offer has a one-time fee.
fn has_one_time(offer: &Offer) -> bool {
    offer.line_items.iter().any(|l| l.line.recurrence == Recurrence::OneTime)
}

/// An offer's one-time fee tables as the options' section prints them: each engagement's
/// one-time lines, discounts, taxes and sums (and its title, when the offer has several).
fn one_time_fees(offer: &Offer) -> Json {
    let several = offer.engagements.len() > 1;
    let lines = |i: usize| -> Vec<(String, String)> {
        let of = offer.line_items.iter().filter(|l| l.engagement == i && l.line.recurrence == Recurrence::OneTime);
        of.map(|l| (l.line.label.clone(), l.line.amount.amount().to_string())).collect()
    };
    let discounts = |i: usize| -> Vec<(String, String)> {
        let of = offer.discounts.iter().filter(|d| d.engagement == i && d.recurrence == Recurrence::OneTime);
        of.map(|d| (d.label.clone(), d.amount.amount().to_string())).collect()
    };
    let tables = offer.engagements.iter().enumerate().map(|(i, e)| {
        serde_json::json!({
            "title": if several { Json::from(e.title.clone()) } else { Json::Null },
            "lines": lines(i),
            "discounts": discounts(i),
            "taxes": value(&e.one_time_taxes).unwrap_or_default(),
            "sums": value(&e.one_time).unwrap_or_default(),
        })
    });
    Json::Array(tables.collect())
}

/// The title of engagement `i` of an offer.
fn title(offer: &Offer, i: usize) -> Json {
    Json::String(offer.engagements.get(i).map(|e| e.title.clone()).unwrap_or_default())
}

/// The payment schedule, each payment naming its engagement.
fn schedule(offer: &Offer) -> Result<Json> {
    let items = offer.payment_schedule.iter().map(|pay| Ok(with_title(value(pay)?, title(offer, pay.engagement))));
    Ok(Json::Array(items.collect::<Result<_>>()?))
}

/// The engagements, each with its share of the phases, milestones, lines and discounts.
fn engagements(offer: &Offer) -> Result<Vec<Json>> {
    let mut out: Vec<Map<String, Json>> = Vec::with_capacity(offer.engagements.len());
    for (i, e) in offer.engagements.iter().enumerate() {
        let Json::Object(mut m) = value(e)? else { return Err(internal("an engagement is not an object")) };
        m.extend(GROUPS.iter().map(|k| ((*k).to_string(), Json::Array(Vec::new()))));
        m.insert("number".into(), Json::from(i + 1));
        for (key, sums) in [("one_time", &e.one_time), ("monthly", &e.monthly)] {
            if let Some(Json::Object(fees)) = m.get_mut(key) {
                let (discount, tax) = (!sums.discount.amount().is_zero(), !sums.tax.amount().is_zero());
                fees.insert("adjusted".into(), Json::Bool(discount || tax));
                fees.insert("taxed".into(), Json::Bool(tax));
            }
        }
        out.push(m);
    }
    let mut push = |engagement: usize, key: &str, item: Json| {
        if let Some(Json::Array(list)) = out.get_mut(engagement).and_then(|m| m.get_mut(key)) {
            list.push(item);
        }
    };
    // Phases are numbered within their engagement: `2.3` is the second engagement's third.
    let mut phase_counts = vec![0usize; offer.engagements.len()];
    for ph in &offer.phases {
        let mut phase = value(ph)?;
        if let (Some(count), Json::Object(m)) = (phase_counts.get_mut(ph.engagement), &mut phase) {
            *count += 1;
            m.insert("number".into(), Json::String(format!("{}.{count}", ph.engagement + 1)));
        }
        push(ph.engagement, "phases", phase);
    }
    for m in &offer.milestones {
        push(m.engagement, "milestones", with_title(value(m)?, title(offer, m.engagement)));
    }
    for l in &offer.line_items {
        let line = Line {
            label: &l.line.label,
            recurrence: l.line.recurrence,
            amount: l.line.amount,
            phase: l.line.phase,
            contingency: l.line.contingency,
        };
        push(l.engagement, per(l.line.recurrence, "one_time_lines", "monthly_lines"), value(&line)?);
    }
    for d in &offer.discounts {
        push(d.engagement, per(d.recurrence, "one_time_discounts", "monthly_discounts"), value(d)?);
    }
    Ok(out.into_iter().map(Json::Object).collect())
}

fn per(r: Recurrence, one_time: &'static str, monthly: &'static str) -> &'static str {
    match r {
        Recurrence::OneTime => one_time,
        Recurrence::Monthly => monthly,
    }
}

fn with_title(mut item: Json, title: Json) -> Json {
    if let Json::Object(m) = &mut item {
        m.insert("engagement_title".into(), title);
    }
    item
}

/// What the templates branch on: which models the proposal has (an ongoing service among
/// them), and whether every one-time fee is a time-and-materials estimate (the brief then
/// calls them the estimated fees).
fn view(engagements: &[EngagementView]) -> Json {
    let has = |f: fn(&EngagementView) -> bool| Json::Bool(engagements.iter().any(f));
    let mut once = engagements.iter().filter(|e| !e.one_time.subtotal.amount().is_zero()).peekable();
    let one_time_estimated = once.peek().is_some() && once.all(|e| e.estimated);
    serde_json::json!({
        "has_project": has(|e| e.is_project),
        "has_fixed_price": has(|e| e.project.as_ref().is_some_and(|x| x.fixed_price)),
        "has_time_and_materials": has(|e| e.project.as_ref().is_some_and(|x| !x.fixed_price)),
        "has_advisory": has(|e| e.is_advisory),
        "has_managed": has(|e| e.is_managed),
        // A managed service or a retainer: the timeline shows its term, not a milestone.
        "has_ongoing": has(|e| e.is_managed || e.is_advisory),
        "several": Json::Bool(engagements.len() > 1),
        "one_time_estimated": one_time_estimated,
    })
}

fn value<T: Serialize + ?Sized>(v: &T) -> Result<Json> {
    serde_json::to_value(v).map_err(|e| internal(&format!("cannot build template data: {e}")))
}

fn internal(what: &str) -> Error {
    Error::Internal(what.to_string())
}

/// How the proposal writes amounts and dates.
#[derive(Clone, Copy)]
struct Formats {
    locale: Locale,
    currency: Currency,
}

/// What a key's value is, if it is a figure a template writes: an amount or a date.
enum Figure {
    Money,
    /// An amount rounded to whole units on purpose (an estimate's range), written without
    /// minor units.
    Whole,
    Date,
}

/// The kind of figure under `key`, and the key its text goes under.
fn figure(key: &str) -> Option<(Figure, &'static str)> {
    Some(match key {
        "amount" => (Figure::Money, "amount_text"),
        "subtotal" => (Figure::Money, "subtotal_text"),
        "discount" => (Figure::Money, "discount_text"),
        "tax" => (Figure::Money, "tax_text"),
        "total" => (Figure::Money, "total_text"),
        "one_time_total" => (Figure::Money, "one_time_total_text"),
        "recurring_total" => (Figure::Money, "recurring_total_text"),
        "contract_value" => (Figure::Money, "contract_value_text"),
        "first_year" => (Figure::Money, "first_year_text"),
        "net" => (Figure::Money, "net_text"),
        "one_time" => (Figure::Money, "one_time_text"),
        "monthly" => (Figure::Money, "monthly_text"),
        "estimate_low" => (Figure::Whole, "estimate_low_text"),
        "estimate_high" => (Figure::Whole, "estimate_high_text"),
        "overage_rate" => (Figure::Money, "overage_rate_text"),
        "payment" => (Figure::Money, "payment_text"),
        "date" => (Figure::Date, "date_text"),
        "valid_until" => (Figure::Date, "valid_until_text"),
        "start" => (Figure::Date, "start_text"),
        "term_start" => (Figure::Date, "term_start_text"),
        "end" => (Figure::Date, "end_text"),
        "due" => (Figure::Date, "due_text"),
        "last_due" => (Figure::Date, "last_due_text"),
        _ => return None,
    })
}

/// Whether `key` names a figure's text (`amount_text`), which a template writes raw.
pub(super) fn is_figure_text(key: &str) -> bool {
    key.strip_suffix("_text").and_then(figure).is_some_and(|(_, text)| text == key)
}

/// Drops nulls at any depth, and writes each amount and date beside itself as the
/// proposal's locale writes it (`amount` → `amount_text`: `$15,180.00`). Templates then
/// print `{{{amount_text}}}` instead of calling `{{money amount}}` for each of a proposal's
/// hundred-odd figures, which is most of what a helper call costs handlebars.
fn finish(v: &mut Json, f: Formats) {
    match v {
        Json::Object(m) => {
            // `retain` rebuilds the map; most have no null to drop.
            if m.values().any(Json::is_null) {
                m.retain(|_, x| !x.is_null());
            }
            let mut texts: Vec<(&'static str, String)> = Vec::new();
            for (key, x) in m.iter_mut() {
                match x {
                    Json::String(s) => texts.extend(formatted(key, s, f)),
                    _ => finish(x, f),
                }
            }
            m.extend(texts.into_iter().map(|(k, t)| (k.to_string(), Json::String(t))));
        }
        Json::Array(a) => a.iter_mut().for_each(|x| finish(x, f)),
        _ => {}
    }
}

/// The text of `value` under `key`, if the key names an amount or a date and the value is one.
fn formatted(key: &str, value: &str, f: Formats) -> Option<(&'static str, String)> {
    let (kind, text_key) = figure(key)?;
    let text = match kind {
        Figure::Money => f.locale.money_text(value, f.currency).or_else(|| {
            let amount = Decimal::from_str(value).ok()?;
            Some(f.locale.money(amount, f.currency))
        })?,
        Figure::Whole => f.locale.whole_money(Decimal::from_str(value).ok()?, f.currency),
        Figure::Date => f.locale.date(super::helpers::iso_date(value)?),
    };
    Some((text_key, text))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn northwind() -> Proposal {
        let text = include_str!("../../../examples/northwind-migration.toml");
        let catalog = crate::catalog::Catalog::embedded().unwrap();
        crate::build(&crate::diag::Source::new("northwind", text), &catalog).unwrap()
    }

    #[test]
    fn drops_nulls_at_any_depth() {
        let mut v = serde_json::json!({"a": null, "b": [{"c": null, "d": 1}], "e": {"f": null}});
        finish(
            &mut v,
            Formats { locale: Locale::from_tag("en-US").unwrap(), currency: Currency::from_code("USD").unwrap() },
        );
        assert_eq!(v, serde_json::json!({"b": [{"d": 1}], "e": {}}));
    }

    #[test]
    fn writes_amounts_and_dates_beside_themselves() {
        let mut v = serde_json::json!({"amount": "1234.5", "due": "2026-03-02", "label": "2026-03-02",
            "one_time": {"total": "0.00"}, "start": "not a date"});
        finish(
            &mut v,
            Formats { locale: Locale::from_tag("de-DE").unwrap(), currency: Currency::from_code("EUR").unwrap() },
        );
        assert_eq!(v["amount_text"], "1.234,50\u{a0}€");
        assert_eq!(v["due_text"], "2.\u{a0}März\u{a0}2026");
        assert_eq!(v["one_time"]["total_text"], "0,00\u{a0}€");
        assert!(v.get("label_text").is_none() && v.get("start_text").is_none());
    }

    #[test]
    fn groups_items_under_their_engagement() {
        let p = northwind();
        let ctx = build(&p).unwrap();
        let managed = &ctx["engagements"][1];
        assert_eq!(
            managed["phases"].as_array().unwrap().len(),
            p.offer.phases.iter().filter(|x| x.engagement == 1).count()
        );
        assert_eq!(managed["monthly_lines"][0]["label"], "Servers");
        assert!(managed["monthly_lines"][0].get("calc").is_none());
        assert_eq!(managed["one_time_discounts"][0]["amount"], "790.00");
        let plan = &ctx["payment_plan"];
        assert_eq!(plan["rows"][0]["engagement_title"], "Cloud migration");
        assert_eq!(plan["rows"][0]["on_signature"], true, "the deposit is due on signature");
        assert!(plan["rows"][0].get("due").is_none(), "the deposit has no date");
        assert_eq!(plan["rows"][1]["on_signature"], false);
        // The run of monthly payments sits at its first payment, 12 June: before the
        // maintenance milestone on 24 June, the last row.
        let monthly = &plan["rows"][7];
        assert_eq!(plan["rows"][8]["due"], "2026-06-24");
        assert_eq!(monthly["recurring"], true);
        assert_eq!(
            (&monthly["count"], &monthly["due"], &monthly["last_due"]),
            // The managed services onboard during the project and bill from service
            // commencement, the business day after their set-up steps: go-live, 12 June.
            (&12.into(), &"2026-06-12".into(), &"2027-05-12".into())
        );
        assert_eq!(monthly["payment_text"], "$15,180.00");
        assert_eq!(monthly["amount_text"], "$182,160.00");
        assert_eq!(plan["total_text"], "$454,147.85");
        assert!(ctx.get("policy").is_none() && ctx["client"].get("address").is_none());
    }
}
