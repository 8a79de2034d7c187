//! The data a template sees: the client-facing part of the proposal model, as
//! `--format json` writes it, reshaped for writing a document. Each engagement holds its own
//! `phases`, `milestones`, `one_time_lines`, `monthly_lines`, `one_time_discounts` and
//! `monthly_discounts` (instead of the top-level lists); milestones and payments name their
//! `engagement_title`; `view` says which kinds of engagement there are. Left out: the pricing
//! `policy` review (for the firm only) and each line's `calc` trail (the arithmetic behind
//! `quote --explain`). Nulls are dropped, so a template that prints an absent value (a client
//! without an address) fails in strict mode instead of leaving a blank; `{{#if}}` still
//! works. Nothing here computes a figure: values are only moved.

use crate::diag::{Error, Result};
use crate::money::Money;
use crate::pricing::Recurrence;
use crate::proposal::{EngagementView, Proposal};
use handlebars::JsonValue as Json;
use serde::Serialize;
use serde_json::Map;

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
}

macro_rules! put {
    ($root:ident, $p:ident: $($field:ident),+ $(,)?) => {
        $( $root.insert(stringify!($field).to_string(), value(&$p.$field)?); )+
    };
}

pub fn build(p: &Proposal) -> Result<Json> {
    let mut root = Map::new();
    put!(root, p: schema_version, proposal, firm, client, sample_rates, objectives, totals, timeline, terms);
    put!(root, p: communication, expectations, next_steps, why_us, assumptions, exclusions, draft, content_hash);
    let offer = Offer {
        engagements: &p.engagements,
        phases: &p.phases,
        milestones: &p.milestones,
        line_items: &p.line_items,
        discounts: &p.discounts,
        payments: &p.payment_schedule,
    };
    root.insert("payment_schedule".into(), offer.payments()?);
    root.insert("engagements".into(), Json::Array(offer.engagements()?));
    root.insert("view".into(), view(&p.engagements));
    let mut options = Vec::with_capacity(p.options.len());
    for o in &p.options {
        let offer = Offer {
            engagements: &o.engagements,
            phases: &o.phases,
            milestones: &o.milestones,
            line_items: &o.line_items,
            discounts: &o.discounts,
            payments: &o.payment_schedule,
        };
        let mut m = Map::new();
        put!(m, o: name, recommended, description, comparison, totals, timeline);
        m.insert("payment_schedule".into(), offer.payments()?);
        m.insert("engagements".into(), Json::Array(offer.engagements()?));
        options.push(Json::Object(m));
    }
    root.insert("options".into(), Json::Array(options));
    let mut root = Json::Object(root);
    drop_nulls(&mut root);
    Ok(root)
}

/// One offer's engagements and lists: the proposal's own, or one option's.
struct Offer<'a> {
    engagements: &'a [EngagementView],
    phases: &'a [crate::proposal::PhaseView],
    milestones: &'a [crate::schedule::Milestone],
    line_items: &'a [crate::proposal::LineView],
    discounts: &'a [crate::pricing::AppliedDiscount],
    payments: &'a [crate::schedule::Payment],
}

impl Offer<'_> {
    fn title(&self, i: usize) -> Json {
        Json::String(self.engagements.get(i).map(|e| e.title.clone()).unwrap_or_default())
    }

    /// Payments, each naming its engagement.
    fn payments(&self) -> Result<Json> {
        let mut payments = Vec::with_capacity(self.payments.len());
        for pay in self.payments {
            payments.push(with_title(value(pay)?, self.title(pay.engagement)));
        }
        Ok(Json::Array(payments))
    }
    /// The engagements, each with its share of the phases, milestones, lines and discounts.
    fn engagements(&self) -> Result<Vec<Json>> {
        let mut out: Vec<Map<String, Json>> = Vec::with_capacity(self.engagements.len());
        for e in self.engagements {
            let Json::Object(mut m) = value(e)? else { return Err(internal("an engagement is not an object")) };
            m.extend(GROUPS.iter().map(|k| ((*k).to_string(), Json::Array(Vec::new()))));
            out.push(m);
        }
        let mut push = |engagement: usize, key: &str, item: Json| {
            if let Some(Json::Array(list)) = out.get_mut(engagement).and_then(|m| m.get_mut(key)) {
                list.push(item);
            }
        };
        for ph in self.phases {
            push(ph.engagement, "phases", value(ph)?);
        }
        for m in self.milestones {
            push(m.engagement, "milestones", with_title(value(m)?, self.title(m.engagement)));
        }
        for l in self.line_items {
            let line = Line {
                label: &l.line.label,
                recurrence: l.line.recurrence,
                amount: l.line.amount,
                phase: l.line.phase,
            };
            push(l.engagement, per(l.line.recurrence, "one_time_lines", "monthly_lines"), value(&line)?);
        }
        for d in self.discounts {
            push(d.engagement, per(d.recurrence, "one_time_discounts", "monthly_discounts"), value(d)?);
        }
        Ok(out.into_iter().map(Json::Object).collect())
    }
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

fn view(engagements: &[EngagementView]) -> Json {
    let has = |f: fn(&EngagementView) -> bool| Json::Bool(engagements.iter().any(f));
    serde_json::json!({
        "has_project": has(|e| e.is_project),
        "has_fixed_price": has(|e| e.project.as_ref().is_some_and(|x| x.fixed_price)),
        "has_time_and_materials": has(|e| e.project.as_ref().is_some_and(|x| !x.fixed_price)),
        "has_advisory": has(|e| e.is_advisory),
        "has_managed": has(|e| e.is_managed),
    })
}

fn value<T: Serialize + ?Sized>(v: &T) -> Result<Json> {
    serde_json::to_value(v).map_err(|e| internal(&format!("cannot build template data: {e}")))
}

fn internal(what: &str) -> Error {
    Error::Internal(what.to_string())
}

fn drop_nulls(v: &mut Json) {
    match v {
        Json::Object(m) => {
            m.retain(|_, x| !x.is_null());
            m.values_mut().for_each(drop_nulls);
        }
        Json::Array(a) => a.iter_mut().for_each(drop_nulls),
        _ => {}
    }
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
        drop_nulls(&mut v);
        assert_eq!(v, serde_json::json!({"b": [{"d": 1}], "e": {}}));
    }

    /// A field added to the model must be given to templates, or left out here on purpose.
    #[test]
    fn every_model_field_is_given_or_deliberately_left_out() {
        // Regrouped under the engagements, or not for the client.
        const LEFT_OUT: [&str; 5] = ["phases", "milestones", "line_items", "discounts", "policy"];
        let p = northwind();
        let Json::Object(model) = serde_json::to_value(&p).unwrap() else { panic!() };
        let Json::Object(ctx) = build(&p).unwrap() else { panic!() };
        for key in model.keys() {
            let left_out = LEFT_OUT.contains(&key.as_str());
            assert!(ctx.contains_key(key) || model[key].is_null() || left_out, "add model field `{key}` to `build`");
            assert!(!(ctx.contains_key(key) && left_out), "`{key}` is left out but given");
        }
    }

    #[test]
    fn groups_items_under_their_engagement() {
        let p = northwind();
        let ctx = build(&p).unwrap();
        let managed = &ctx["engagements"][1];
        assert_eq!(managed["phases"].as_array().unwrap().len(), p.phases.iter().filter(|x| x.engagement == 1).count());
        assert_eq!(managed["monthly_lines"][0]["label"], "Servers");
        assert!(managed["monthly_lines"][0].get("calc").is_none());
        assert_eq!(managed["one_time_discounts"][0]["amount"], "790.00");
        assert_eq!(ctx["payment_schedule"][0]["engagement_title"], "Cloud migration projects");
        assert!(ctx.get("policy").is_none() && ctx["client"].get("address").is_none());
    }
}
