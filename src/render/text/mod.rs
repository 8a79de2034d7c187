//! The plain-text quote for people at a terminal (`propose quote`), with `--explain` showing
//! the arithmetic behind every line. Its words come from the language pack (`[quote]` in
//! texts.toml); this module only lays them out, in columns measured in display width
//! ([`columns`]).

mod columns;

use crate::catalog::{fill, QuoteLabels};
use crate::money::{Locale, Money, Percent};
use crate::pricing::{LineItem, Recurrence};
use crate::proposal::Proposal;
use crate::schedule::{Payment, PaymentKind};
use columns::{filled, Block, Cell};
use rust_decimal::Decimal;
use std::fmt::Write;

/// What the quote's parts need to write their words: the labels, the locale and the
/// language's plural rule.
struct Words<'a> {
    q: &'a QuoteLabels,
    loc: Locale,
    currency: crate::money::Currency,
    plural: crate::locale::PluralRule,
}

impl Words<'_> {
    fn money(&self, m: Money) -> String {
        self.loc.money(m.amount(), self.currency)
    }

    /// An amount taken off, written with the locale's minus sign (U+2212), as the
    /// documents write it.
    fn minus(&self, m: Money) -> String {
        self.loc.money(-m.amount(), self.currency)
    }

    /// `many`, or `one` when the language calls `n` singular.
    fn count<'t>(&self, n: usize, one: &'t str, many: &'t str) -> &'t str {
        if self.plural.form(Decimal::from(n)) == "one" {
            one
        } else {
            many
        }
    }

    /// An amount's cells: the amount, right-aligned, and what follows it ("/month") joined.
    fn per(&self, amount: String, r: Recurrence) -> Vec<Cell> {
        match r {
            Recurrence::OneTime => vec![Cell::right(amount)],
            Recurrence::Monthly => filled(&self.q.per_month, &[("amount", &amount)]),
        }
    }

    fn dates(&self, start: impl ToString, end: impl ToString) -> String {
        fill(&self.q.dates, &[("start", &start.to_string()), ("end", &end.to_string())])
    }
}

pub fn render(p: &Proposal, explain: bool) -> String {
    let m = &p.proposal;
    let w = Words { q: &p.quote_labels, loc: m.locale, currency: m.currency, plural: m.language.plural_rule() };
    let (q, loc) = (w.q, w.loc);
    let mut out = String::new();
    line(&mut out, &fill(&q.heading, &[("title", &p.title), ("number", &m.number), ("client", &p.client.name)]));
    let dated =
        [("date", loc.date(m.date)), ("valid_until", loc.date(m.valid_until)), ("currency", m.currency.code.into())];
    line(&mut out, &fill(&q.dated, &pairs(&dated)));
    if let Some(x) = &p.exchange_rate {
        let mut values =
            vec![("base", x.base.to_string()), ("rate", loc.number(x.rate)), ("currency", x.currency.to_string())];
        let text = match x.date {
            Some(d) => {
                values.push(("date", loc.date(d)));
                &q.exchange_rate_dated
            }
            None => &q.exchange_rate,
        };
        line(&mut out, &fill(text, &pairs(&values)));
    }
    if p.sample_rates.is_some() {
        line(&mut out, &q.sample);
    }
    // The engagements' lines and the totals are one block, so every amount on the page ends
    // in one column; the options, between them, are a block of their own.
    let mut money = Block::default();
    for e in &p.offer.engagements {
        money.text(format!("\n{}. {}", e.index + 1, e.title));
        let mut detail = Vec::new();
        if let Some(pr) = &e.project {
            let pricing = if pr.fixed_price { &q.fixed } else { &q.time_and_materials };
            let size = match pr.size {
                "small" => q.small.as_str(),
                "medium" => q.medium.as_str(),
                "large" => q.large.as_str(),
                other => other,
            };
            detail.push(fill(&q.project, &[("pricing", pricing), ("size", size), ("process", &pr.process)]));
        }
        if let Some(a) = &e.advisory {
            detail.push(fill(&q.advisory, &[("hours", &loc.number(a.hours)), ("months", &e.months.to_string())]));
        }
        if let Some(mg) = &e.managed {
            detail.push(fill(&q.managed, &[("tier", &mg.tier.name), ("months", &e.months.to_string())]));
        }
        detail.push(w.dates(loc.date(e.start), loc.date(e.end)));
        money.text(format!("   {}", detail.join(&q.detail_separator)));
        for l in p.offer.line_items.iter().filter(|l| l.engagement == e.index) {
            money.row(amount_row(&l.line.label, w.per(w.money(l.line.amount), l.line.recurrence)));
            if explain {
                explain_line(&mut money, &l.line, &w);
            }
        }
        for (sums, taxes, rec, [discount, tax, total]) in [
            (
                &e.one_time,
                &e.one_time_taxes,
                Recurrence::OneTime,
                [&q.one_time_discount, &q.one_time_tax, &q.one_time_total],
            ),
            (
                &e.monthly,
                &e.monthly_taxes,
                Recurrence::Monthly,
                [&q.monthly_discount, &q.monthly_tax, &q.monthly_total],
            ),
        ] {
            if sums.subtotal.amount().is_zero() {
                continue;
            }
            if !sums.discount.amount().is_zero() {
                money.row(amount_row(discount, w.per(w.minus(sums.discount), rec)));
            }
            for t in taxes {
                let label = fill(tax, &[("tax", &t.label), ("percent", &loc.percent(t.percent))]);
                money.row(amount_row(&label, w.per(w.money(t.amount), rec)));
            }
            money.row(amount_row(total, w.per(w.money(sums.total), rec)));
        }
        if let Some((lo, hi)) = e.project.as_ref().and_then(|p| p.estimate_low.zip(p.estimate_high)) {
            let whole = |m: Money| loc.whole_money(m.amount(), w.currency);
            money.free(&q.estimated_range, w.dates(whole(lo), whole(hi)));
        }
        if let Some(rate) = e.advisory.as_ref().and_then(|a| a.overage_rate) {
            money.row(amount_row(&q.overage, filled(&q.per_hour, &[("amount", &w.money(rate))])));
        }
    }
    if !p.options.is_empty() {
        let mut options = Block::default();
        options.text(format!("\n{}", q.options));
        for o in &p.options {
            let name = if o.recommended { fill(&q.recommended, &[("name", &o.name)]) } else { o.name.clone() };
            let c = &o.comparison;
            let figures = [
                ("one_time", w.money(c.one_time)),
                ("monthly", w.money(c.monthly)),
                ("total", w.money(c.contract_value)),
            ];
            let mut cells = vec![Cell::left(name)];
            cells.extend(filled(&q.option_figures, &pairs(&figures)));
            options.row(cells);
        }
        let mut text = String::new();
        options.write(&mut text);
        money.text(text.trim_end_matches('\n'));
    }
    let t = &p.offer.totals;
    money.text(format!("\n{}", q.totals));
    // A kind of fee the proposal does not charge (a retainer's one-time fees, a project's
    // monthly ones) is no line of the totals; the contract value always is.
    if !t.one_time.amount().is_zero() {
        money.row(amount_row(&q.one_time, w.per(w.money(t.one_time), Recurrence::OneTime)));
    }
    if !t.monthly.amount().is_zero() {
        money.row(amount_row(&q.monthly, w.per(w.money(t.monthly), Recurrence::Monthly)));
    }
    money.row(amount_row(&q.contract_value, w.per(w.money(t.contract_value), Recurrence::OneTime)));
    if let Some(h) = &t.withholding {
        let label = format!("{} {}", h.label, loc.percent(h.percent));
        money.row(amount_row(&label, w.per(w.minus(h.amount), Recurrence::OneTime)));
        money.row(amount_row(&q.net_payment, w.per(w.money(h.net), Recurrence::OneTime)));
    }
    money.write(&mut out);
    tax_and_calendar(&mut out, p, &w, explain);
    let tl = &p.offer.timeline;
    let weeks = usize::try_from(tl.weeks).unwrap_or(usize::MAX);
    let timeline = [("start", loc.date(tl.start)), ("end", loc.date(tl.end)), ("weeks", tl.weeks.to_string())];
    let mut phases = Block::default();
    phases.text(format!("\n{}", fill(w.count(weeks, &q.timeline_one, &q.timeline), &pairs(&timeline))));
    for ph in &p.offer.phases {
        let mut values = vec![("start", loc.date(ph.start)), ("end", loc.date(ph.end))];
        let text = if ph.ongoing {
            &q.phase_ongoing
        } else {
            values.push(("days", ph.business_days.to_string()));
            w.count(usize::try_from(ph.business_days).unwrap_or(usize::MAX), &q.phase_days_one, &q.phase_days)
        };
        let name = format!("{}. {}", ph.engagement + 1, ph.name);
        phases.row(vec![Cell::left(name), Cell::left(fill(text, &pairs(&values)))]);
    }
    phases.write(&mut out);
    if explain {
        if let Some(r) = &p.policy {
            margins(&mut out, p, r, &w);
        }
    }
    let pays = &p.offer.payment_schedule;
    let heading = fill(w.count(pays.len(), &q.payments_one, &q.payments), &[("count", &pays.len().to_string())]);
    let mut schedule = Block::default();
    schedule.text(format!("\n{heading}"));
    // Dates as the proposal writes them. An estimate's label says it is one (`[payments]
    // estimate_month`), so it is not marked twice. With several engagements each payment is
    // numbered by its engagement, as the phases are, so two engagements' "Month 1 of 12" are
    // told apart. In the order the client pays, as the payment plan: a deposit is due on
    // signature, undated and first, in the documents' words; then every payment by date (on
    // the same day a payment made once before a monthly one, then the engagements' order).
    let signature = p.strings.text("payment-plan.on_signature", None);
    let mut pays: Vec<&Payment> = pays.iter().collect();
    pays.sort_by_key(|pay| {
        let dated = pay.kind != PaymentKind::Deposit;
        (dated, dated.then_some(pay.due), pay.recurrence == Recurrence::Monthly, pay.engagement)
    });
    let several = p.offer.engagements.len() > 1;
    for pay in pays {
        let due = match (pay.kind, signature) {
            (PaymentKind::Deposit, Some(s)) => s.to_string(),
            _ => loc.date(pay.due),
        };
        let label = match several {
            true => format!("{}. {}", pay.engagement + 1, pay.label),
            false => pay.label.clone(),
        };
        schedule.row(vec![Cell::left(due), Cell::left(label), Cell::right(w.money(pay.amount))]);
    }
    schedule.write(&mut out);
    out
}

/// A label and an amount's cells.
fn amount_row(label: &str, amount: Vec<Cell>) -> Vec<Cell> {
    let mut cells = vec![Cell::left(label)];
    cells.extend(amount);
    cells
}

/// The tax charged (or that none is) and its wording, the rule that decided it under
/// `--explain`, and the calendar the dates were counted with.
fn tax_and_calendar(out: &mut String, p: &Proposal, w: &Words, explain: bool) {
    let (q, loc, m, tax) = (w.q, w.loc, &p.proposal, &p.tax);
    let charged = match tax.lines.is_empty() {
        true => q.tax_none.clone(),
        false => fill(&q.tax, &[("tax", &m.tax_label), ("percent", &loc.percent(m.tax))]),
    };
    let _ = writeln!(out, "\n{charged}");
    for text in [&tax.wording, &tax.import_note].into_iter().flatten() {
        let _ = writeln!(out, "   {text}");
    }
    if explain {
        let rule = tax.rule.as_deref().map_or_else(|| q.tax_no_country.clone(), |r| fill(&q.tax_rule, &[("rule", r)]));
        let _ = writeln!(out, "   {rule}");
    }
    let cal = &p.offer.calendar;
    if let Some(place) = &cal.place {
        let est = cal.holidays.iter().filter(|h| h.estimated).count();
        let n = cal.holidays.len();
        let weekend: Vec<&str> = cal.weekend.iter().map(|d| weekday(q, d)).collect();
        let values = [
            ("place", place.to_string()),
            ("weekend", weekend.join(&q.weekend_and)),
            ("count", n.to_string()),
            ("estimated", est.to_string()),
        ];
        let text = match est {
            0 => w.count(n, &q.calendar_one, &q.calendar),
            _ => w.count(n, &q.calendar_estimated_one, &q.calendar_estimated),
        };
        line(out, &fill(text, &pairs(&values)));
    }
}

/// A weekday's name in the pack's language, from the calendar's English name.
fn weekday<'a>(q: &'a QuoteLabels, english: &'a str) -> &'a str {
    english.parse::<chrono::Weekday>().map_or(english, |d| &q.weekdays[d.num_days_from_monday() as usize])
}

/// The firm's own view: margins and the policy review. Never part of a client document.
fn margins(out: &mut String, p: &Proposal, r: &crate::policy::Review, w: &Words) {
    let q = w.q;
    let mut block = Block::default();
    block.text(format!("\n{}", q.margins));
    let margin = |m: &crate::policy::Margin| {
        let values = [
            ("margin", w.money(m.margin)),
            ("revenue", w.money(m.revenue)),
            ("percent", w.loc.percent(Percent(m.percent))),
        ];
        fill(&q.margin, &pairs(&values))
    };
    for (e, m) in p.offer.engagements.iter().zip(&r.engagements) {
        block.row(vec![Cell::left(format!("{}. {}", e.index + 1, e.title)), Cell::left(margin(m))]);
    }
    block.row(vec![Cell::left(&q.margin_overall), Cell::left(margin(&r.overall))]);
    block.row(vec![Cell::left(&q.discount_given), Cell::left(w.loc.percent(Percent(r.discount_percent)))]);
    if r.breaches.is_empty() {
        block.text(format!("   {}", q.within_policy));
    }
    for b in &r.breaches {
        block.text(format!("   {}", fill(&q.breach, &[("rule", b.rule), ("message", &b.message)])));
    }
    if !r.approved_by.is_empty() {
        block.text(format!("   {}", fill(&q.approved_by, &[("names", &r.approved_by.join(", "))])));
    }
    block.write(out);
}

/// `(name, value)` pairs as [`fill`] takes them.
fn pairs<'a>(values: &'a [(&'a str, String)]) -> Vec<(&'a str, &'a str)> {
    values.iter().map(|(n, v)| (*n, v.as_str())).collect()
}

fn line(out: &mut String, text: &str) {
    let _ = writeln!(out, "{text}");
}

fn explain_line(out: &mut Block, l: &LineItem, w: &Words) {
    for t in &l.calc {
        let unit = match &t.units {
            Some(units) if w.plural.form(t.quantity) != "one" => units,
            _ => &t.unit,
        };
        let mut expr = format!("{} {unit} × {}", w.loc.number(t.quantity.normalize()), w.money(t.rate));
        for f in &t.factors {
            expr.push_str(&fill(
                &w.q.calc_factor,
                &[("value", &w.loc.number(f.value.normalize())), ("label", &f.label)],
            ));
        }
        let value = w.loc.number(t.value.normalize());
        out.text(format!(
            "        {}",
            fill(&w.q.calc_term, &[("label", &t.label), ("expr", &expr), ("value", &value)])
        ));
    }
    if l.calc.len() > 1 || l.calc.iter().any(|t| t.value != l.amount.amount()) {
        out.text(format!("        {}", fill(&w.q.rounded, &[("amount", &w.money(l.amount))])));
    }
}
