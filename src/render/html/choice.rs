//! What the page's chooser shows: for each option (or the proposal's one offer), its
//! totals and payment plan as the locale writes them, and its acceptance summary, ready to
//! copy or download; and the same figures as data for the page's script and for machines
//! (`<script type="application/json" id="proposal-data">`). Every figure is the pricing
//! engine's, taken from the proposal model; nothing here or on the page computes one.

use crate::acceptance;
use crate::diag::{Error, Result};
use crate::proposal::{Proposal, Totals};
use handlebars::JsonValue as Json;
use serde_json::json;

/// The chooser's view for the shell template, and the data block's JSON.
pub struct Choice {
    pub view: Json,
    /// Safe inside `<script>`: no `<`, so no `</script>` can end it early.
    pub data: String,
}

/// One choice: an option, or the offer of a proposal without options.
struct One<'a> {
    name: Option<&'a str>,
    recommended: bool,
    totals: &'a Totals,
    /// Whether a project's price sums with the one-time fees (`Offer::has_project`).
    project: bool,
    /// The template data of the option (or of the whole proposal), as the Markdown's.
    context: &'a Json,
    summary: String,
}

pub fn build(p: &Proposal) -> Result<Choice> {
    let context = crate::render::markdown::data(p)?;
    let missing = || Error::Internal("the acceptance summary names an option the proposal lacks".into());
    let mut ones = Vec::new();
    if p.options.is_empty() {
        let summary = acceptance::summary(p, None).ok_or_else(missing)??;
        ones.push(One {
            name: None,
            recommended: true,
            totals: &p.offer.totals,
            project: p.offer.has_project(),
            context: &context,
            summary,
        });
    } else {
        let views = context.get("options").and_then(Json::as_array).ok_or_else(missing)?;
        for (i, (o, view)) in p.options.iter().zip(views).enumerate() {
            let summary = acceptance::summary(p, Some(i)).ok_or_else(missing)??;
            ones.push(One {
                name: Some(&o.name),
                recommended: o.recommended,
                totals: &o.offer.totals,
                project: o.offer.has_project(),
                context: view,
                summary,
            });
        }
    }
    let file = format!("{}-acceptance.txt", p.file_stem());
    let views: Vec<Json> = ones
        .iter()
        .enumerate()
        .map(|(i, one)| {
            json!({
                "index": i,
                "id": format!("choice-{}", i + 1),
                "name": one.name,
                "recommended": one.recommended,
                "description": one.context.get("description"),
                "totals": one.context.get("totals"),
                "project": one.project,
                "payment_plan": one.context.get("payment_plan"),
                "summary": one.summary,
                "download": format!("data:text/plain;charset=utf-8,{}", percent_encode(&one.summary)),
            })
        })
        .collect();
    let view = json!({
        "options": !p.options.is_empty(),
        "choices": views,
        "file": file,
        "several_engagements": context.pointer("/view/several").cloned().unwrap_or(Json::Bool(false)),
    });
    let locale = p.proposal.locale;
    let data = json!({
        "proposal": p.proposal.number,
        "revision": p.proposal.revision,
        "content_hash": p.content_hash,
        "currency": p.proposal.currency.to_string(),
        "choices": ones.iter().map(|one| {
            let figure = |m: crate::money::Money| (m.amount().to_string(), locale.money(m.amount(), p.proposal.currency));
            let (one_time, one_time_text) = figure(one.totals.one_time);
            let (monthly, monthly_text) = figure(one.totals.monthly);
            let (contract_value, contract_value_text) = figure(one.totals.contract_value);
            json!({
                "option": one.name,
                "recommended": one.recommended,
                "one_time": one_time,
                "one_time_text": one_time_text,
                "monthly": monthly,
                "monthly_text": monthly_text,
                "contract_value": contract_value,
                "contract_value_text": contract_value_text,
                "summary": one.summary,
            })
        }).collect::<Vec<_>>(),
    });
    let data =
        serde_json::to_string(&data).map_err(|e| Error::Internal(format!("cannot write the page's data: {e}")))?;
    Ok(Choice { view, data: data.replace('<', "\\u003c") })
}

/// `text` for a `data:` URI: every byte but the unreserved ASCII ones as `%XX`.
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_encoding_keeps_only_unreserved_bytes() {
        assert_eq!(percent_encode("A b\n€"), "A%20b%0A%E2%82%AC");
    }
}
