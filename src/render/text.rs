//! The plain-text quote for people at a terminal (`propose quote`), with `--explain` showing
//! the arithmetic behind every line.

use crate::money::Money;
use crate::pricing::{LineItem, Recurrence};
use crate::proposal::Proposal;
use std::fmt::Write;

const WIDTH: usize = 64;

pub fn render(p: &Proposal, explain: bool) -> String {
    let loc = p.proposal.locale;
    let cur = p.proposal.currency;
    let money = |m: Money| loc.money(m.amount(), cur);
    let mut out = String::new();
    let m = &p.proposal;
    let _ = writeln!(out, "{} {} for {}", p.title, m.number, p.client.name);
    let _ =
        writeln!(out, "Dated {}, valid until {}; prices in {}", loc.date(m.date), loc.date(m.valid_until), cur.code);
    if let Some(x) = &p.exchange_rate {
        let date = x.date.map_or(String::new(), |d| format!(" ({d})"));
        let _ = writeln!(out, "Exchange rate: 1 {} = {} {}{date}", x.base, x.rate, x.currency);
    }
    if p.sample_rates.is_some() {
        let _ = writeln!(out, "Note: priced with the SAMPLE rate card; replace it with your own.");
    }
    for e in &p.offer.engagements {
        let _ = writeln!(out, "\n{}. {}", e.index + 1, e.title);
        let mut detail = Vec::new();
        if let Some(pr) = &e.project {
            detail.push(format!("{} pricing, {} size, {}", pr.pricing, pr.size, pr.process));
        }
        if let Some(a) = &e.advisory {
            detail.push(format!("{} h a month for an expected {} months, month-to-month", a.hours, e.months));
        }
        if let Some(mg) = &e.managed {
            detail.push(format!("{} tier, {}-month term", mg.tier.name, e.months));
        }
        detail.push(format!("{} to {}", e.start, e.end));
        let _ = writeln!(out, "   {}", detail.join("; "));
        for l in p.offer.line_items.iter().filter(|l| l.engagement == e.index) {
            row(&mut out, 3, &l.line.label, &per(money(l.line.amount), l.line.recurrence));
            if explain {
                explain_line(&mut out, &l.line, &money, &|d| loc.number(d.normalize()));
            }
        }
        for (label, sums, taxes, rec) in [
            ("One-time", &e.one_time, &e.one_time_taxes, Recurrence::OneTime),
            ("Monthly", &e.monthly, &e.monthly_taxes, Recurrence::Monthly),
        ] {
            if sums.subtotal.amount().is_zero() {
                continue;
            }
            if !sums.discount.amount().is_zero() {
                row(&mut out, 3, &format!("{label} discount"), &per(format!("-{}", money(sums.discount)), rec));
            }
            for t in taxes {
                row(
                    &mut out,
                    3,
                    &format!("{label} {} {}", t.label, loc.percent(t.percent)),
                    &per(money(t.amount), rec),
                );
            }
            row(&mut out, 3, &format!("{label} total"), &per(money(sums.total), rec));
        }
        if let Some((lo, hi)) = e.project.as_ref().and_then(|p| p.estimate_low.zip(p.estimate_high)) {
            row(&mut out, 3, "Estimated range (time and materials)", &format!("{} to {}", money(lo), money(hi)));
        }
        if let Some(rate) = e.advisory.as_ref().and_then(|a| a.overage_rate) {
            row(&mut out, 3, "Hours beyond the included ones", &format!("{} /h", money(rate)));
        }
    }
    if !p.options.is_empty() {
        let _ = writeln!(out, "\nOptions (the quote above is the recommended one)");
        for o in &p.options {
            let mark = if o.recommended { " (recommended)" } else { "" };
            let c = &o.comparison;
            let figures = format!("{} + {} /month = {}", money(c.one_time), money(c.monthly), money(c.contract_value));
            row(&mut out, 3, &format!("{}{mark}", o.name), &figures);
        }
    }
    let t = &p.offer.totals;
    let _ = writeln!(out, "\nTotals");
    row(&mut out, 3, "One-time", &money(t.one_time));
    row(&mut out, 3, "Monthly recurring", &per(money(t.monthly), Recurrence::Monthly));
    row(&mut out, 3, "Total contract value", &money(t.contract_value));
    if let Some(w) = &t.withholding {
        row(&mut out, 3, &format!("{} {}", w.label, loc.percent(w.percent)), &format!("-{}", money(w.amount)));
        row(&mut out, 3, "Net payment to the firm", &money(w.net));
    }
    let tax = &p.tax;
    let rule =
        tax.rule.as_deref().map_or_else(|| "the currency's (no client country)".to_string(), |r| format!("rule `{r}`"));
    let _ = writeln!(
        out,
        "\nTax: {rule}; {} {}",
        if tax.lines.is_empty() { &tax.label } else { &m.tax_label },
        loc.percent(m.tax)
    );
    for text in [&tax.wording, &tax.import_note].into_iter().flatten() {
        let _ = writeln!(out, "   {text}");
    }
    let cal = &p.offer.calendar;
    if let Some(place) = &cal.place {
        let est = cal.holidays.iter().filter(|h| h.estimated).count();
        let est = if est > 0 { format!(", {est} estimated") } else { String::new() };
        let _ = writeln!(
            out,
            "Calendar: {place}, weekend {}; {} public holidays in the schedule{est}",
            cal.weekend.join(" and "),
            cal.holidays.len()
        );
    }
    let _ = writeln!(
        out,
        "\nTimeline: {} to {} ({} weeks)",
        p.offer.timeline.start, p.offer.timeline.end, p.offer.timeline.weeks
    );
    for ph in &p.offer.phases {
        let days = if ph.ongoing { "ongoing".to_string() } else { format!("{} business days", ph.business_days) };
        row(
            &mut out,
            3,
            &format!("{}. {}", ph.engagement + 1, ph.name),
            &format!("{} to {} ({days})", ph.start, ph.end),
        );
    }
    if explain {
        if let Some(r) = &p.policy {
            margins(&mut out, p, r, &money);
        }
    }
    let _ = writeln!(out, "\nPayment schedule ({} payments)", p.offer.payment_schedule.len());
    for pay in &p.offer.payment_schedule {
        let est = if pay.estimated { " (est.)" } else { "" };
        row(&mut out, 3, &format!("{}  {}{est}", pay.due, pay.label), &money(pay.amount));
    }
    out
}

/// The firm's own view: margins and the policy review. Never part of a client document.
fn margins(out: &mut String, p: &Proposal, r: &crate::policy::Review, money: &dyn Fn(Money) -> String) {
    let _ = writeln!(out, "\nMargins (internal: never in client documents)");
    for (e, m) in p.offer.engagements.iter().zip(&r.engagements) {
        let figures = format!("{} on {} ({}%)", money(m.margin), money(m.revenue), m.percent);
        row(out, 3, &format!("{}. {}", e.index + 1, e.title), &figures);
    }
    let o = &r.overall;
    row(out, 3, "Proposal", &format!("{} on {} ({}%)", money(o.margin), money(o.revenue), o.percent));
    row(out, 3, "Discount given", &format!("{}%", r.discount_percent));
    if r.breaches.is_empty() {
        let _ = writeln!(out, "   Within pricing policy.");
    }
    for b in &r.breaches {
        let _ = writeln!(out, "   Breach [{}]: {}", b.rule, b.message);
    }
    if !r.approved_by.is_empty() {
        let _ = writeln!(out, "   Approved by: {}", r.approved_by.join(", "));
    }
}

fn per(amount: String, r: Recurrence) -> String {
    match r {
        Recurrence::OneTime => amount,
        Recurrence::Monthly => format!("{amount} /month"),
    }
}

fn row(out: &mut String, indent: usize, label: &str, value: &str) {
    let used = indent + label.chars().count() + value.chars().count();
    let gap = WIDTH.saturating_sub(used).max(2);
    let _ = writeln!(out, "{}{label}{}{value}", " ".repeat(indent), " ".repeat(gap));
}

fn explain_line(
    out: &mut String,
    l: &LineItem,
    money: &dyn Fn(Money) -> String,
    money_exact: &dyn Fn(rust_decimal::Decimal) -> String,
) {
    for t in &l.calc {
        let mut expr = format!("{} {} × {}", t.quantity.normalize(), t.unit, money(t.rate));
        for f in &t.factors {
            let _ = write!(expr, " × {} ({})", f.value.normalize(), f.label);
        }
        let _ = writeln!(out, "        {}: {expr} = {}", t.label, money_exact(t.value));
    }
    if l.calc.len() > 1 || l.calc.iter().any(|t| t.value != l.amount.amount()) {
        let _ = writeln!(out, "        sum, rounded to the minor unit = {}", money(l.amount));
    }
}
