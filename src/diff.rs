//! `propose diff OLD NEW`: what changed between two quotes, for change control: line items
//! added, removed and changed, totals, dates and milestones.

use crate::money::Money;
use crate::proposal::Proposal;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write;

#[derive(Debug, Serialize)]
pub struct Diff {
    pub currency_changed: Option<(String, String)>,
    pub totals: Vec<Change<Money>>,
    pub added: Vec<Line>,
    pub removed: Vec<Line>,
    pub changed: Vec<Change<Money>>,
    pub dates: Vec<Change<NaiveDate>>,
    pub milestones: Vec<MilestoneChange>,
}

#[derive(Debug, Serialize)]
pub struct Change<T> {
    pub what: String,
    pub old: T,
    pub new: T,
}

#[derive(Debug, Serialize)]
pub struct Line {
    pub what: String,
    pub amount: Money,
    pub monthly: bool,
}

#[derive(Debug, Serialize)]
pub struct MilestoneChange {
    pub what: String,
    pub old_date: Option<NaiveDate>,
    pub new_date: Option<NaiveDate>,
    pub old_payment: Option<Money>,
    pub new_payment: Option<Money>,
}

impl Diff {
    pub fn is_empty(&self) -> bool {
        self.currency_changed.is_none()
            && self.totals.is_empty()
            && self.added.is_empty()
            && self.removed.is_empty()
            && self.changed.is_empty()
            && self.dates.is_empty()
            && self.milestones.is_empty()
    }
}

/// Line items are matched by engagement number and label.
fn lines(p: &Proposal) -> BTreeMap<(usize, String), (Money, bool)> {
    p.offer
        .line_items
        .iter()
        .map(|l| {
            (
                (l.engagement, l.line.label.clone()),
                (l.line.amount, l.line.recurrence == crate::pricing::Recurrence::Monthly),
            )
        })
        .collect()
}

fn name(key: &(usize, String)) -> String {
    format!("{}. {}", key.0 + 1, key.1)
}

pub fn diff(old: &Proposal, new: &Proposal) -> Diff {
    let mut d = Diff {
        currency_changed: (old.offer.totals.currency != new.offer.totals.currency)
            .then(|| (old.offer.totals.currency.code.to_string(), new.offer.totals.currency.code.to_string())),
        totals: Vec::new(),
        added: Vec::new(),
        removed: Vec::new(),
        changed: Vec::new(),
        dates: Vec::new(),
        milestones: Vec::new(),
    };
    let (ot, nt) = (&old.offer.totals, &new.offer.totals);
    for (what, o, n) in [
        ("one-time total", ot.one_time, nt.one_time),
        ("monthly total", ot.monthly, nt.monthly),
        ("total contract value", ot.contract_value, nt.contract_value),
    ] {
        if o != n {
            d.totals.push(Change { what: what.into(), old: o, new: n });
        }
    }
    let (ol, nl) = (lines(old), lines(new));
    for (k, (amount, monthly)) in &nl {
        match ol.get(k) {
            None => d.added.push(Line { what: name(k), amount: *amount, monthly: *monthly }),
            Some((o, _)) if o != amount => d.changed.push(Change { what: name(k), old: *o, new: *amount }),
            Some(_) => {}
        }
    }
    for (k, (amount, monthly)) in &ol {
        if !nl.contains_key(k) {
            d.removed.push(Line { what: name(k), amount: *amount, monthly: *monthly });
        }
    }
    let mut date = |what: String, o: NaiveDate, n: NaiveDate| {
        if o != n {
            d.dates.push(Change { what, old: o, new: n });
        }
    };
    date("proposal date".into(), old.proposal.date, new.proposal.date);
    date("valid until".into(), old.proposal.valid_until, new.proposal.valid_until);
    date("start".into(), old.offer.timeline.start, new.offer.timeline.start);
    date("end".into(), old.offer.timeline.end, new.offer.timeline.end);
    let ms = |p: &Proposal| -> BTreeMap<(usize, String), (NaiveDate, Option<Money>)> {
        p.offer.milestones.iter().map(|m| ((m.engagement, m.name.clone()), (m.date, m.payment))).collect()
    };
    let (om, nm) = (ms(old), ms(new));
    let keys: std::collections::BTreeSet<_> = om.keys().chain(nm.keys()).cloned().collect();
    for k in keys {
        let (o, n) = (om.get(&k), nm.get(&k));
        if o != n {
            d.milestones.push(MilestoneChange {
                what: name(&k),
                old_date: o.map(|x| x.0),
                new_date: n.map(|x| x.0),
                old_payment: o.and_then(|x| x.1),
                new_payment: n.and_then(|x| x.1),
            });
        }
    }
    d
}

/// The diff for people, money formatted in the new proposal's locale and currency.
pub fn render(d: &Diff, new: &Proposal) -> String {
    let loc = new.proposal.locale;
    let cur = new.proposal.currency;
    let m = |x: Money| loc.money(x.amount(), cur);
    // A fall starts with the minus sign U+2212, as the documents write it ([`Locale::money`]).
    let signed = |o: Money, n: Money| {
        let delta = n.amount() - o.amount();
        let sign = if delta > rust_decimal::Decimal::ZERO { "+" } else { "" };
        format!("{sign}{}", loc.money(delta, cur))
    };
    let mut out = String::new();
    if d.is_empty() {
        return "no changes\n".into();
    }
    if let Some((o, n)) = &d.currency_changed {
        let _ = writeln!(out, "currency: {o} → {n} (amounts below are not comparable)");
    }
    section(
        &mut out,
        "Totals",
        d.totals.iter().map(|c| format!("~ {}: {} → {} ({})", c.what, m(c.old), m(c.new), signed(c.old, c.new))),
    );
    let per = |monthly: bool| if monthly { " /month" } else { "" };
    let items = d.added.iter().map(|l| format!("+ {}: {}{}", l.what, m(l.amount), per(l.monthly)));
    let items = items.chain(d.removed.iter().map(|l| format!("- {}: {}{}", l.what, m(l.amount), per(l.monthly))));
    let items = items.chain(
        d.changed.iter().map(|c| format!("~ {}: {} → {} ({})", c.what, m(c.old), m(c.new), signed(c.old, c.new))),
    );
    section(&mut out, "Line items", items);
    section(&mut out, "Dates", d.dates.iter().map(|c| format!("~ {}: {} → {}", c.what, c.old, c.new)));
    let show = |date: Option<NaiveDate>, pay: Option<Money>| match (date, pay) {
        (None, _) => "none".to_string(),
        (Some(dt), None) => dt.to_string(),
        (Some(dt), Some(p)) => format!("{dt}, {}", m(p)),
    };
    section(
        &mut out,
        "Milestones",
        d.milestones.iter().map(|c| {
            format!("~ {}: {} → {}", c.what, show(c.old_date, c.old_payment), show(c.new_date, c.new_payment))
        }),
    );
    out
}

fn section(out: &mut String, title: &str, rows: impl Iterator<Item = String>) {
    let rows: Vec<String> = rows.collect();
    if rows.is_empty() {
        return;
    }
    let _ = writeln!(out, "{title}");
    for r in rows {
        let _ = writeln!(out, "  {r}");
    }
}
