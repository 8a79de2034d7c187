//! Property tests for the money invariants. Random valid intakes, written as TOML text the way
//! a consultant would, go through the whole pipeline (`propose::build`); every proposal must
//! reconcile exactly. Plus `money::split` on its own, and a fixed price's shares for any
//! catalog percentages and effort table.

mod billing;

use crate::common::*;
use billing::{check_amount_spread, check_billing};

use chrono::{Datelike, NaiveDate, Weekday};
use propose::catalog::ModelKind;
use propose::money::{split, split_percents, Currency, Money};
use propose::pricing::Recurrence;
use propose::proposal::Proposal;
use proptest::prelude::*;
use proptest::sample::select;
use rust_decimal::Decimal;
use std::collections::BTreeSet;
use std::fmt::Write;
use std::sync::OnceLock;

/// The catalog's names the generator picks from.
struct Names {
    scenarios: Vec<String>,
    /// Each process with its phase ids.
    processes: Vec<(String, Vec<String>)>,
    tiers: Vec<String>,
    items: Vec<String>,
    currencies: Vec<String>,
}

fn names() -> &'static Names {
    static NAMES: OnceLock<Names> = OnceLock::new();
    NAMES.get_or_init(|| {
        let c = catalog();
        Names {
            scenarios: c.model(ModelKind::Project).ideal_for.iter().map(|s| s.id.clone()).collect(),
            processes: c
                .processes
                .iter()
                .map(|p| (p.id.clone(), p.phases.iter().map(|f| f.id.clone()).collect()))
                .collect(),
            tiers: c.tiers.iter().map(|t| t.id.clone()).collect(),
            items: c.pricing.managed.items.iter().map(|i| i.id.clone()).collect(),
            currencies: c.pricing.currencies.iter().map(|r| r.code.clone()).collect(),
        }
    })
}

/// A decimal written three ways TOML allows for it: integer, float literal, quoted string.
fn number(hundredths: u32, style: u8) -> String {
    let d = Decimal::new(i64::from(hundredths), 2).normalize();
    match style % 3 {
        0 if d.fract().is_zero() => d.to_string(),
        1 if !d.fract().is_zero() => d.to_string(),
        1 => format!("{d}.0"),
        _ => format!("\"{d}\""),
    }
}

#[derive(Debug, Clone)]
enum Phase {
    Keep,
    Scale(u32, u8),
    Skip,
}

#[derive(Debug, Clone)]
enum Terms {
    Project { scenario: String, process: usize, size: &'static str, pricing: &'static str, phases: Vec<Phase> },
    Advisory { hours_halves: u32, style: u8, months: u32 },
    Managed { tier: String, months: u32, inventory: Vec<(String, u32)> },
}

#[derive(Debug, Clone)]
enum StartSpec {
    Omitted,
    AfterPrevious,
    DaysAfterProposal(u32),
}

#[derive(Debug, Clone)]
struct EngagementSpec {
    terms: Terms,
    start: StartSpec,
}

#[derive(Debug, Clone)]
enum DiscountSpec {
    Percent { hundredths: u32, style: u8, applies_to: Option<&'static str> },
    Amount { hundredths: u32, style: u8, say_one_time: bool },
}

#[derive(Debug, Clone)]
struct IntakeSpec {
    date_offset: u32,
    currency: String,
    locale: &'static str,
    tax: Option<(u32, u8)>,
    holidays: Vec<u32>,
    engagements: Vec<EngagementSpec>,
    discounts: Vec<DiscountSpec>,
}

fn project() -> impl Strategy<Value = Terms> {
    let n = names();
    (
        select(n.scenarios.clone()),
        0..n.processes.len(),
        select(vec!["small", "medium", "large"]),
        select(vec!["fixed", "time-and-materials", "tm"]),
        prop::collection::vec(
            prop_oneof![
                4 => Just(Phase::Keep),
                2 => (25u32..=300, any::<u8>()).prop_map(|(s, st)| Phase::Scale(s, st)),
                1 => Just(Phase::Skip),
            ],
            6,
        ),
    )
        .prop_map(|(scenario, process, size, pricing, phases)| Terms::Project {
            scenario,
            process,
            size,
            pricing,
            phases,
        })
}

fn advisory() -> impl Strategy<Value = Terms> {
    (2u32..=400, any::<u8>(), 1u32..=60).prop_map(|(hours_halves, style, months)| Terms::Advisory {
        hours_halves,
        style,
        months,
    })
}

fn managed() -> impl Strategy<Value = Terms> {
    let n = names();
    (
        select(n.tiers.clone()),
        1u32..=60,
        prop::sample::subsequence(n.items.clone(), 1..=n.items.len()),
        prop::collection::vec(0u32..500, n.items.len()),
    )
        .prop_map(|(tier, months, items, counts)| {
            let mut inventory: Vec<(String, u32)> = items.into_iter().zip(counts).collect();
            // At least one item above zero, or the inventory is (rightly) refused as empty.
            if inventory.iter().all(|(_, q)| *q == 0) {
                inventory[0].1 = 1;
            }
            Terms::Managed { tier, months, inventory }
        })
}

fn engagement() -> impl Strategy<Value = EngagementSpec> {
    (
        prop_oneof![project(), advisory(), managed()],
        prop_oneof![
            Just(StartSpec::Omitted),
            Just(StartSpec::AfterPrevious),
            (0u32..200).prop_map(StartSpec::DaysAfterProposal)
        ],
    )
        .prop_map(|(terms, start)| EngagementSpec { terms, start })
}

fn discount() -> impl Strategy<Value = DiscountSpec> {
    prop_oneof![
        (50u32..=3000, any::<u8>(), select(vec![None, Some("one-time"), Some("monthly"), Some("all")]))
            .prop_map(|(hundredths, style, applies_to)| DiscountSpec::Percent { hundredths, style, applies_to }),
        // At least one currency unit (an amount that rounds to zero in JPY is rightly refused),
        // at most 500: below any one-time fee left after at most 60 % off.
        (100u32..=50_000, any::<u8>(), any::<bool>())
            .prop_map(|(hundredths, style, say_one_time)| DiscountSpec::Amount { hundredths, style, say_one_time }),
    ]
}

fn intake() -> impl Strategy<Value = IntakeSpec> {
    (
        0u32..3000,
        select(names().currencies.clone()),
        select(vec!["en-US", "en-GB", "de-DE", "fr-FR"]),
        prop::option::of((0u32..=3000, any::<u8>())),
        prop::collection::vec(0u32..500, 0..12),
        prop::collection::vec(engagement(), 1..=4),
        prop::collection::vec(discount(), 0..=3),
    )
        .prop_map(|(date_offset, currency, locale, tax, holidays, mut engagements, discounts)| {
            // The first engagement needs a date.
            if !matches!(engagements[0].start, StartSpec::DaysAfterProposal(_)) {
                engagements[0].start = StartSpec::DaysAfterProposal(14);
            }
            let has_one_time = engagements.iter().any(|e| !matches!(e.terms, Terms::Advisory { .. }));
            let mut percents = 0;
            let discounts = discounts
                .into_iter()
                .filter(|d| match d {
                    DiscountSpec::Amount { .. } => has_one_time,
                    DiscountSpec::Percent { .. } => {
                        percents += 1;
                        percents <= 2
                    }
                })
                .collect();
            IntakeSpec { date_offset, currency, locale, tax, holidays, engagements, discounts }
        })
}

/// The catalog's exchange rates are dated 2026-03-02, and a proposal may not be dated before
/// the rate it is priced at.
fn base_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 2).unwrap()
}

fn toml(spec: &IntakeSpec) -> String {
    let date = base_date() + chrono::Days::new(u64::from(spec.date_offset));
    let mut t = String::new();
    t += "objectives = [\"Reconcile to the cent.\"]\n";
    let holidays: Vec<String> =
        spec.holidays.iter().map(|d| (date + chrono::Days::new(u64::from(*d))).to_string()).collect();
    writeln!(t, "holidays = [{}]", holidays.join(", ")).unwrap();
    writeln!(t, "\n[proposal]\nnumber = \"PT-{}\"\ndate = {date}", spec.date_offset).unwrap();
    writeln!(t, "currency = \"{}\"\nlocale = \"{}\"", spec.currency, spec.locale).unwrap();
    if let Some((tax, style)) = spec.tax {
        writeln!(t, "tax = {}", number(tax, style)).unwrap();
    }
    t += "\n[client]\nname = \"Property Test Ltd\"\n";
    for e in &spec.engagements {
        t += "\n[[engagement]]\n";
        match &e.start {
            StartSpec::Omitted => {}
            StartSpec::AfterPrevious => t += "start = \"after-previous\"\n",
            StartSpec::DaysAfterProposal(d) => {
                writeln!(t, "start = {}", date + chrono::Days::new(u64::from(*d))).unwrap();
            }
        }
        match &e.terms {
            Terms::Project { scenario, process, size, pricing, phases } => {
                let (process, phase_ids) = &names().processes[*process];
                writeln!(t, "model = \"project\"\nscenario = \"{scenario}\"\nprocess = \"{process}\"").unwrap();
                writeln!(t, "size = \"{size}\"\npricing = \"{pricing}\"").unwrap();
                let mut overrides = Vec::new();
                for (id, phase) in phase_ids.iter().zip(phases) {
                    match phase {
                        Phase::Keep => {}
                        Phase::Scale(s, style) => {
                            overrides.push(format!("{id} = {{ scale = {} }}", number(*s, *style)))
                        }
                        Phase::Skip => overrides.push(format!("{id} = {{ skip = true }}")),
                    }
                }
                // Keep one phase, or the project is (rightly) refused.
                if overrides.len() == phase_ids.len() && overrides.iter().all(|o| o.contains("skip")) {
                    overrides.pop();
                }
                if !overrides.is_empty() {
                    writeln!(t, "phases = {{ {} }}", overrides.join(", ")).unwrap();
                }
            }
            Terms::Advisory { hours_halves, style, months } => {
                let hours = number(hours_halves * 50, *style);
                writeln!(t, "model = \"advisory\"\nhours = {hours}\nmonths = {months}").unwrap();
            }
            Terms::Managed { tier, months, inventory } => {
                let inv: Vec<String> = inventory.iter().map(|(id, q)| format!("{id} = {q}")).collect();
                writeln!(t, "model = \"managed\"\ntier = \"{tier}\"\nmonths = {months}").unwrap();
                writeln!(t, "inventory = {{ {} }}", inv.join(", ")).unwrap();
            }
        }
    }
    for (i, d) in spec.discounts.iter().enumerate() {
        writeln!(t, "\n[[discount]]\nlabel = \"Discount {}\"", i + 1).unwrap();
        match d {
            DiscountSpec::Percent { hundredths, style, applies_to } => {
                writeln!(t, "percent = {}", number(*hundredths, *style)).unwrap();
                if let Some(a) = applies_to {
                    writeln!(t, "applies_to = \"{a}\"").unwrap();
                }
            }
            DiscountSpec::Amount { hundredths, style, say_one_time } => {
                writeln!(t, "amount = {}", number(*hundredths, *style)).unwrap();
                if *say_one_time {
                    t += "applies_to = \"one-time\"\n";
                }
            }
        }
    }
    t
}

fn is_business_day(d: NaiveDate, holidays: &BTreeSet<NaiveDate>) -> bool {
    !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) && !holidays.contains(&d)
}

/// Every invariant the proposal promises, checked on the typed model.
fn check_invariants(spec: &IntakeSpec, p: &Proposal) -> Result<(), TestCaseError> {
    let cur: Currency = p.offer.totals.currency;
    let money = |m: Money, what: &str| -> Result<(), TestCaseError> {
        prop_assert!(!m.is_negative(), "{what} is negative: {m}");
        prop_assert_eq!(m.amount().scale(), cur.exponent, "{} {} has the wrong scale", what, m);
        Ok(())
    };
    // Tax is computed per engagement, so it is exact there; the totals' tax is their sum.
    let sums = |s: &propose::pricing::Sums, what: &str, taxed_here: bool| -> Result<(), TestCaseError> {
        for (m, field) in [(s.subtotal, "subtotal"), (s.discount, "discount"), (s.tax, "tax"), (s.total, "total")] {
            money(m, &format!("{what}.{field}"))?;
        }
        prop_assert_eq!(s.subtotal.amount() - s.discount.amount() + s.tax.amount(), s.total.amount(), "{}", what);
        prop_assert!(s.discount <= s.subtotal, "{what}: discount above subtotal");
        if taxed_here {
            let taxable = s.subtotal.amount() - s.discount.amount();
            prop_assert_eq!(s.tax.amount(), cur.round(taxable * p.proposal.tax.fraction()), "{}: tax", what);
        }
        Ok(())
    };
    let t = &p.offer.totals;
    sums(&t.one_time_breakdown, "totals.one_time", false)?;
    sums(&t.monthly_breakdown, "totals.monthly", false)?;
    money(t.contract_value, "contract_value")?;
    prop_assert_eq!(t.one_time, t.one_time_breakdown.total);
    prop_assert_eq!(t.monthly, t.monthly_breakdown.total);
    prop_assert_eq!(p.offer.engagements.len(), spec.engagements.len());

    let mut across = [[Decimal::ZERO; 4]; 2];
    let mut contract = Decimal::ZERO;
    for (i, e) in p.offer.engagements.iter().enumerate() {
        sums(&e.one_time, &format!("engagement {i} one_time"), true)?;
        sums(&e.monthly, &format!("engagement {i} monthly"), true)?;
        for (k, (s, recurrence)) in
            [(&e.one_time, Recurrence::OneTime), (&e.monthly, Recurrence::Monthly)].into_iter().enumerate()
        {
            for (j, m) in [s.subtotal, s.discount, s.tax, s.total].into_iter().enumerate() {
                across[k][j] += m.amount();
            }
            let lines: Decimal = p
                .offer
                .line_items
                .iter()
                .filter(|l| l.engagement == i && l.line.recurrence == recurrence)
                .map(|l| l.line.amount.amount())
                .sum();
            prop_assert_eq!(lines, s.subtotal.amount(), "engagement {} {:?}: Σ lines ≠ subtotal", i, recurrence);
            let discounts: Decimal = p
                .offer
                .discounts
                .iter()
                .filter(|d| d.engagement == i && d.recurrence == recurrence)
                .map(|d| d.amount.amount())
                .sum();
            prop_assert_eq!(discounts, s.discount.amount(), "engagement {} {:?}: Σ discounts", i, recurrence);
        }
        let value = e.one_time.total.amount() + e.monthly.total.amount() * Decimal::from(e.months);
        prop_assert_eq!(value, e.contract_value.amount(), "engagement {}: contract value", i);
        contract += value;
        let paid: Decimal =
            p.offer.payment_schedule.iter().filter(|pay| pay.engagement == i).map(|pay| pay.amount.amount()).sum();
        prop_assert_eq!(paid, e.contract_value.amount(), "engagement {}: payments ≠ its contract value", i);
        prop_assert!(e.end >= e.start, "engagement {i} ends before it starts");
        if let StartSpec::DaysAfterProposal(d) = spec.engagements[i].start {
            prop_assert!(e.start >= p.proposal.date + chrono::Days::new(u64::from(d)), "engagement {i} starts early");
        } else if i > 0 {
            prop_assert!(e.start > p.offer.engagements[i - 1].end, "engagement {i} does not follow the previous one");
        }
    }
    let totals = [&t.one_time_breakdown, &t.monthly_breakdown];
    for (k, s) in totals.into_iter().enumerate() {
        prop_assert_eq!(
            [s.subtotal.amount(), s.discount.amount(), s.tax.amount(), s.total.amount()],
            across[k],
            "Σ engagements ≠ totals"
        );
    }
    prop_assert_eq!(contract, t.contract_value.amount(), "Σ engagements ≠ contract value");

    for l in &p.offer.line_items {
        money(l.line.amount, &format!("line `{}`", l.line.label))?;
    }
    for d in &p.offer.discounts {
        money(d.amount, "applied discount")?;
    }
    let paid: Decimal = p.offer.payment_schedule.iter().map(|pay| pay.amount.amount()).sum();
    prop_assert_eq!(paid, t.contract_value.amount(), "Σ payment_schedule ≠ contract_value");
    for pay in &p.offer.payment_schedule {
        money(pay.amount, &format!("payment `{}`", pay.label))?;
    }
    prop_assert!(p.offer.payment_schedule.windows(2).all(|w| w[0].due <= w[1].due), "payments out of date order");

    let holidays: BTreeSet<NaiveDate> =
        spec.holidays.iter().map(|d| p.proposal.date + chrono::Days::new(u64::from(*d))).collect();
    for ph in &p.offer.phases {
        prop_assert!(ph.end >= ph.start, "phase {} ends before it starts", ph.id);
        prop_assert!(is_business_day(ph.start, &holidays), "phase {} starts on {}", ph.id, ph.start);
        if !ph.ongoing {
            prop_assert!(is_business_day(ph.end, &holidays), "phase {} ends on {}", ph.id, ph.end);
        }
        let e = &p.offer.engagements[ph.engagement];
        prop_assert!(e.start <= ph.start && ph.end <= e.end, "phase {} outside its engagement", ph.id);
    }
    for m in &p.offer.milestones {
        let e = &p.offer.engagements[m.engagement];
        prop_assert!(
            e.start <= m.date && m.date <= e.end,
            "milestone `{}` on {} outside {}..{}",
            m.name,
            m.date,
            e.start,
            e.end
        );
        if let Some(pay) = m.payment {
            money(pay, "milestone payment")?;
        }
    }
    prop_assert!(p.offer.milestones.windows(2).all(|w| w[0].date <= w[1].date), "milestones out of order");
    check_amount_spread(spec, p)?;
    check_billing(spec, p, &holidays)?;
    prop_assert!(p.offer.timeline.start <= p.offer.timeline.end);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn every_valid_intake_reconciles(spec in intake()) {
        let text = toml(&spec);
        let source = propose::diag::Source::new("property.toml", text.clone());
        let p = match propose::build(&source, catalog()) {
            Ok(p) => p,
            Err(e) => return Err(TestCaseError::fail(format!("refused:\n{}\n{text}", e.render(false)))),
        };
        check_invariants(&spec, &p).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
    }

    #[test]
    fn split_sums_exactly(
        minor in 0i64..1_000_000_000_000,
        weights in prop::collection::vec(prop_oneof![Just(0u32), 0u32..100_000], 1..12),
        code in select(vec!["USD", "JPY", "KWD", "EUR"]),
    ) {
        let cur = Currency::from_code(code).unwrap();
        let total = Money::round(Decimal::new(minor, cur.exponent), cur);
        let weights: Vec<Decimal> = weights.into_iter().map(|w| Decimal::new(i64::from(w), 2)).collect();
        let parts = split(total, &weights, cur);
        prop_assert_eq!(parts.len(), weights.len());
        let sum: Decimal = parts.iter().map(|m| m.amount()).sum();
        prop_assert_eq!(sum, total.amount(), "parts do not sum to the total");
        let all: Decimal = weights.iter().sum();
        for (i, (part, w)) in parts.iter().zip(&weights).enumerate() {
            prop_assert!(!part.is_negative(), "part {i} is negative: {part}");
            prop_assert_eq!(part.amount().scale(), cur.exponent);
            if i + 1 < parts.len() {
                // Floor shares: never above the exact share, and less than one minor unit below it.
                let exact = if all.is_zero() { Decimal::ZERO } else { total.amount() * w / all };
                prop_assert!(part.amount() <= exact, "part {i} {part} above its share {exact}");
                prop_assert!(exact - part.amount() < cur.minor_unit(), "part {i} {part} too far below {exact}");
                if w.is_zero() {
                    prop_assert!(part.amount().is_zero(), "a zero weight got {part}");
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

    /// Any process's percentages (a deposit and up to ten phases, in hundredths, summing to
    /// 100) and any effort table (which phases have hours, so are scheduled): the shares are
    /// whole percentages (a whole deposit as given, the milestones sharing the rest), or the
    /// catalog's as given when every phase is scheduled, and sum to 100; the payments sum to
    /// the price.
    #[test]
    fn fixed_shares_sum_to_100_and_payments_to_the_price(
        cuts in prop::collection::vec(0u32..=10_000, 1..=10),
        hours in prop::collection::vec(prop_oneof![Just(0u32), 1u32..400], 10),
        minor in 0i64..1_000_000_000_000,
        code in select(vec!["USD", "JPY", "KWD", "EUR"]),
    ) {
        // Cut points on 0..=100.00 make the deposit and each phase's percentage.
        let mut cuts = cuts;
        cuts.sort_unstable();
        let mut given = Vec::new();
        let mut at = 0;
        for c in cuts.iter().chain(&[10_000]) {
            given.push(Decimal::new(i64::from(c - at), 2));
            at = *c;
        }
        let scheduled: Vec<Decimal> = std::iter::once(given[0])
            .chain(given[1..].iter().zip(&hours).filter(|(_, h)| **h > 0).map(|(p, _)| *p))
            .collect();
        let cur = Currency::from_code(code).unwrap();
        let price = Money::round(Decimal::new(minor, cur.exponent), cur);
        let shares = propose::schedule::fixed_shares(&scheduled);
        prop_assert_eq!(shares.len(), scheduled.len());
        prop_assert_eq!(shares.iter().sum::<Decimal>(), Decimal::ONE_HUNDRED, "{:?} from {:?}", &shares, &scheduled);
        if scheduled.len() == given.len() {
            prop_assert_eq!(&shares, &given, "every phase scheduled: the catalog's shares as given");
        } else if scheduled.iter().sum::<Decimal>() != Decimal::ONE_HUNDRED {
            prop_assert!(shares.iter().all(|s| s.fract().is_zero() && !s.is_sign_negative()), "{:?}", &shares);
            // A whole deposit keeps its percent and the milestones share the rest; otherwise
            // every share is proportional.
            let deposit = scheduled[0];
            let kept = deposit.fract().is_zero() && deposit < Decimal::ONE_HUNDRED && scheduled.len() > 1;
            let (from, over, total) = match kept {
                true => {
                    prop_assert_eq!(shares[0], deposit, "the deposit keeps its percent");
                    (1, scheduled[1..].iter().sum::<Decimal>(), Decimal::ONE_HUNDRED - deposit)
                }
                false => (0, scheduled.iter().sum::<Decimal>(), Decimal::ONE_HUNDRED),
            };
            for (s, w) in shares[from..].iter().zip(&scheduled[from..]) {
                // Largest remainder: each share is its exact share rounded down or up.
                if !over.is_zero() {
                    let exact = *w * total / over;
                    prop_assert!(*s == exact.floor() || *s == exact.floor() + Decimal::ONE, "{} from {}", s, exact);
                }
            }
        }
        check_split_percents(price, &shares, cur)?;
    }

    /// Any price and any split into whole percents with many equal shares (groups of up to
    /// four equal shares, 0 % ones among them, the rest of 100 in one more part, in any
    /// order): the payments are the oracle's, sum to the price exactly, and payments with
    /// equal shares are equal whenever some share is unique.
    #[test]
    fn equal_shares_are_equal_payments(
        groups in prop::collection::vec((0u32..=40, 1usize..=4), 1..=8),
        minor in 0i64..1_000_000_000_000,
        code in select(vec!["USD", "JPY", "KWD", "EUR"]),
        order in any::<prop::sample::Index>(),
    ) {
        let mut shares: Vec<u32> = Vec::new();
        for (share, count) in groups {
            if shares.iter().sum::<u32>() + share * count as u32 <= 100 {
                shares.extend(std::iter::repeat_n(share, count));
            }
        }
        shares.push(100 - shares.iter().sum::<u32>());
        // Any rotation puts the last part, and the groups, anywhere.
        let by = order.index(shares.len());
        shares.rotate_left(by);
        let shares: Vec<Decimal> = shares.into_iter().map(Decimal::from).collect();
        let cur = Currency::from_code(code).unwrap();
        check_split_percents(Money::round(Decimal::new(minor, cur.exponent), cur), &shares, cur)?;
    }
}

/// `split_percents` against the oracle: the payments are [`billing::expected_payments`], none
/// is negative, they sum to the price exactly, equal shares are equal amounts whenever some
/// share is unique, and the remainder is at most half a minor unit per payment.
fn check_split_percents(price: Money, shares: &[Decimal], cur: Currency) -> Result<(), TestCaseError> {
    let parts: Vec<Decimal> = split_percents(price, shares, cur).iter().map(|m| m.amount()).collect();
    prop_assert_eq!(&parts, &billing::expected_payments(price.amount(), shares, cur), "{:?} of {}", shares, price);
    prop_assert_eq!(parts.iter().sum::<Decimal>(), price.amount(), "the payments do not sum to the price");
    prop_assert!(parts.iter().all(|p| !p.is_sign_negative() || p.is_zero()), "a negative payment: {:?}", &parts);
    billing::check_equal_shares_equal(shares, &parts)?;
    let nearest: Decimal = shares.iter().map(|s| cur.round(price.amount() * *s / Decimal::ONE_HUNDRED)).sum();
    let left = (price.amount() - nearest).abs() * Decimal::TWO;
    prop_assert!(left <= cur.minor_unit() * Decimal::from(shares.len() as u32), "{:?}", shares);
    Ok(())
}

/// The generator's own output is what a consultant could write: spot-check one by hand.
#[test]
fn generated_toml_reads_like_an_intake() {
    let spec = IntakeSpec {
        date_offset: 0,
        currency: "KWD".into(),
        locale: "en-GB",
        tax: Some((1250, 2)),
        holidays: vec![20],
        engagements: vec![EngagementSpec {
            terms: Terms::Advisory { hours_halves: 25, style: 1, months: 3 },
            start: StartSpec::DaysAfterProposal(7),
        }],
        discounts: vec![DiscountSpec::Percent { hundredths: 550, style: 2, applies_to: Some("all") }],
    };
    let text = toml(&spec);
    assert!(text.contains("date = 2026-03-02\n"), "{text}");
    assert!(text.contains("tax = \"12.5\"\n"), "{text}");
    assert!(text.contains("hours = 12.5\n"), "{text}");
    assert!(text.contains("percent = \"5.5\"\n"), "{text}");
    let p = propose::build(&propose::diag::Source::new("spot.toml", text), catalog()).unwrap();
    // 12.5 h × 240 × 0.307 = 921 KWD a month; 5.5 % off; 12.5 % tax.
    assert_eq!(p.offer.totals.monthly_breakdown.subtotal.to_string(), "921.000");
    assert_eq!(p.offer.totals.monthly_breakdown.discount.to_string(), "50.655");
    assert_eq!(p.offer.totals.monthly_breakdown.tax.to_string(), "108.793");
    check_invariants(&spec, &p).unwrap();
}
