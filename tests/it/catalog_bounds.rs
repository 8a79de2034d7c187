//! Issue 13: no catalog that `catalog check` accepts can make a command panic or run long.
//! Catalogs are generated with every bounded number at the low edge, the high edge or in
//! between (prices, rates, factors, percentages, hours, days), and every example is quoted
//! and rendered with them.

use crate::common::*;
use propose::catalog::Catalog;
use propose::diag::Error;
use proptest::prelude::*;
use rust_decimal::Decimal;
use std::time::{Duration, Instant};
use toml_edit::{value, DocumentMut, Item};

/// One bounded number: its key, its range, and whether it is a whole number.
struct Bound {
    key: &'static str,
    low: &'static str,
    high: &'static str,
    whole: bool,
}

const fn dec(key: &'static str, low: &'static str, high: &'static str) -> Bound {
    Bound { key, low, high, whole: false }
}

const fn int(key: &'static str, low: &'static str, high: &'static str) -> Bound {
    Bound { key, low, high, whole: true }
}

/// The catalog's bounded numbers by file. (Payment shares must add up to 100, and a package's
/// discount stay below 100, so those keep their values; a rate and an item's monthly price
/// must be above zero, so their low edge is the smallest decimal.)
const BOUNDS: &[(&str, &[Bound])] = &[
    ("firm.toml", &[int("validity_days", "1", "365"), int("proposal_turnaround_days", "1", "365")]),
    ("models.toml", &[int("days", "1", "250")]),
    (
        "tiers.toml",
        &[
            dec("multiplier", "0.0000000000000000000000000001", "10"),
            dec("cost_multiplier", "0.0000000000000000000000000001", "10"),
            int("response_minutes", "1", "525600"),
        ],
    ),
    (
        "terms.toml",
        &[int("payment_days", "1", "120"), int("notice_days", "0", "365"), int("project_notice_days", "0", "365")],
    ),
    (
        "pricing.toml",
        &[
            dec("hours_per_day", "1", "24"),
            dec("rate", "0.0000000000000000000000000001", "1000000"),
            dec("cost", "0", "1000000"),
            dec("small", "0.0000000000000000000000000001", "10"),
            dec("medium", "0.0000000000000000000000000001", "10"),
            dec("large", "0.0000000000000000000000000001", "10"),
            dec("tax_percent", "0", "100"),
            dec("risk_premium_percent", "0", "100"),
            dec("tm_low_percent", "0", "100"),
            dec("tm_high_percent", "100", "1000"),
            dec("overage_percent", "0", "1000"),
            int("min_hours", "0", "2000"),
            dec("onboarding_base", "0", "1000000"),
            dec("transition_fee", "0", "1000000"),
            dec("fee_cost_percent", "0", "1000"),
            dec("monthly", "0.0000000000000000000000000001", "1000000"),
            dec("onboarding", "0", "1000000"),
            dec("max_discount_percent", "0", "100"),
            dec("min_margin_percent", "0", "100"),
            dec("second_approver_above", "0", "1000000000000"),
        ],
    ),
    ("effort.toml", &[dec("*", "0", "10000")]),
];

/// Sets every bounded number in `item`, taking edges from `pick` (0 low, 1 high, 2 between).
fn rewrite(item: &mut Item, bounds: &[Bound], pick: &mut impl Iterator<Item = u8>, effort: bool) {
    match item {
        Item::Table(t) => {
            for (key, child) in t.iter_mut() {
                let cell = effort && child.as_integer().is_some();
                let bound = bounds.iter().find(|b| b.key == key.get() || (cell && b.key == "*"));
                match bound {
                    Some(b) if child.is_value() => *child = edge(b, pick.next().unwrap_or(2)),
                    _ => rewrite(child, bounds, pick, effort),
                }
            }
        }
        Item::ArrayOfTables(a) => {
            for t in a.iter_mut() {
                let mut item = Item::Table(t.clone());
                rewrite(&mut item, bounds, pick, effort);
                if let Item::Table(new) = item {
                    *t = new;
                }
            }
        }
        _ => {}
    }
}

fn edge(b: &Bound, pick: u8) -> Item {
    let text = match pick % 3 {
        0 => b.low.to_string(),
        1 => b.high.to_string(),
        _ if b.whole => ((b.low.parse::<u64>().unwrap() + b.high.parse::<u64>().unwrap()) / 2).to_string(),
        _ => ((b.low.parse::<Decimal>().unwrap() + b.high.parse::<Decimal>().unwrap()) / Decimal::TWO).to_string(),
    };
    if b.whole {
        value(text.parse::<i64>().unwrap())
    } else {
        value(text)
    }
}

/// The catalog's files with their numbers set at the edges `picks` chooses.
fn catalog_files(picks: &[u8]) -> Vec<(&'static str, String)> {
    let mut pick = picks.iter().copied().cycle();
    BOUNDS
        .iter()
        .map(|(file, bounds)| {
            let text = std::fs::read_to_string(root().join("catalog").join(file)).unwrap();
            let mut doc: DocumentMut = text.parse().unwrap();
            rewrite(doc.as_item_mut(), bounds, &mut pick, *file == "effort.toml");
            // Exchange rates: the smallest and the largest a currency may have.
            if *file == "pricing.toml" {
                if let Some(Item::ArrayOfTables(currencies)) = doc.get_mut("currencies") {
                    for (i, c) in currencies.iter_mut().enumerate().filter(|(_, c)| c["code"].as_str() != Some("USD")) {
                        let fx =
                            ["0.0000000000000000000000000001", "100000", "0.5"][(picks[i % picks.len()] % 3) as usize];
                        c["fx"] = value(fx);
                    }
                }
            }
            (*file, doc.to_string())
        })
        .collect()
}

/// Quotes and renders every example (Markdown, JSON, text; the PDF of the first) with the
/// catalog: errors are fine, a bug (an internal error or a panic) or a slow run is not.
fn run_examples(catalog: &Catalog) {
    let renderer = pdf_renderer(propose::render::Paper::A4);
    for (n, path) in examples().iter().enumerate() {
        let text = std::fs::read_to_string(path).unwrap();
        let start = Instant::now();
        let built = propose::build(&propose::diag::Source::new(shown(path), text), catalog);
        match built {
            Ok(mut p) => {
                p.seal();
                if let Err(e) = renderer.render(&p, propose::render::Format::Md) {
                    assert!(!matches!(e, Error::Internal(_)), "{}: {}", shown(path), e.render(false));
                }
                if n == 0 {
                    renderer.render(&p, propose::render::Format::Pdf).unwrap();
                }
                propose::render::json::render(&p).unwrap();
                let _ = propose::render::text::render(&p, true);
            }
            Err(e) => assert!(!matches!(e, Error::Internal(_)), "{}: {}", shown(path), e.render(false)),
        }
        // Generous for an unoptimised build; release runs take a few milliseconds.
        assert!(start.elapsed() < Duration::from_secs(3), "{} took {:?}", shown(path), start.elapsed());
    }
}

#[test]
fn catalogs_at_the_edges_quote_and_render_every_example() {
    for picks in [[0u8], [1], [2]] {
        let files = catalog_files(&picks);
        let texts: Vec<(&str, &str)> = files.iter().map(|(f, t)| (*f, t.as_str())).collect();
        let catalog = Catalog::from_texts(&texts).unwrap_or_else(|e| panic!("{picks:?}: {}", e.render(false)));
        run_examples(&catalog);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn catalogs_within_bounds_never_break_a_command(picks in prop::collection::vec(0u8..3, 1..64)) {
        let files = catalog_files(&picks);
        let texts: Vec<(&str, &str)> = files.iter().map(|(f, t)| (*f, t.as_str())).collect();
        let catalog = Catalog::from_texts(&texts);
        prop_assert!(catalog.is_ok(), "{}", catalog.err().map(|e| e.render(false)).unwrap_or_default());
        run_examples(&catalog.unwrap());
    }
}
