//! Issue 16's billing rules through the binary: the risk premium folded into the phases (or
//! set apart as a contingency), and managed services billed from service commencement (or,
//! by the catalog's choice, from their first day).

use crate::common::*;

use rust_decimal::Decimal;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::str::FromStr;

fn json(args: &[&str], catalog: Option<&Path>) -> Value {
    let mut cmd = propose();
    if let Some(c) = catalog {
        cmd.arg("--catalog").arg(c);
    }
    let out = cmd.args(["quote", "--format", "json"]).args(args).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// A catalog folder whose `file` has `from` replaced by `to`.
fn catalog_with(dir: &Path, file: &str, from: &str, to: &str) -> PathBuf {
    let catalog = dir.join("catalog");
    std::fs::create_dir_all(&catalog).unwrap();
    let text = std::fs::read_to_string(Path::new("catalog").join(file)).unwrap();
    let changed = text.replacen(from, to, 1);
    assert_ne!(text, changed, "`{from}` is not in {file}");
    std::fs::write(catalog.join(file), changed).unwrap();
    // A folder's own pricing.toml takes its rates from the folder's rates.csv.
    std::fs::copy("catalog/rates.csv", catalog.join("rates.csv")).unwrap();
    catalog
}

fn dec(v: &Value) -> Decimal {
    Decimal::from_str(v.as_str().unwrap()).unwrap()
}

fn lines(v: &Value, engagement: u64) -> Vec<&Value> {
    v["line_items"].as_array().unwrap().iter().filter(|l| l["engagement"] == engagement).collect()
}

const WOODGROVE: &str = "examples/woodgrove-appdev.toml";

#[test]
fn the_risk_premium_is_folded_into_the_phases_with_the_remainder_on_the_last() {
    let v = json(&[WOODGROVE], None);
    let lines = lines(&v, 0);
    assert!(lines.iter().all(|l| l["label"] != "Fixed-price risk premium"), "{lines:?}");
    // Each phase: its labour plus labour × 15 % rounded; the last takes the rounding rest.
    let mut labour = Vec::new();
    let mut folded = Vec::new();
    for l in &lines {
        let calc = l["calc"].as_array().unwrap();
        let premium: Vec<&Value> =
            calc.iter().filter(|t| t["label"].as_str().unwrap().starts_with("Risk premium")).collect();
        assert_eq!(premium[0]["factors"][0]["label"], "risk premium 15%");
        labour.push(dec(&premium[0]["rate"]));
        folded.push(dec(&l["amount"]));
    }
    let total_labour: Decimal = labour.iter().sum();
    let premium = (total_labour * Decimal::new(15, 2)).round_dp(2);
    assert_eq!(folded.iter().sum::<Decimal>(), total_labour + premium, "the phases sum to labour plus premium");
    for (l, f) in labour.iter().zip(&folded).take(labour.len() - 1) {
        assert_eq!(*f, l + (l * Decimal::new(15, 2)).round_dp(2));
    }
    // The total is what it was with the premium on its own line.
    assert_eq!(v["totals"]["one_time"], "392299.78");
    let out = propose().args(["quote", "--explain", WOODGROVE]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("× 0.15 (risk premium 15%)"), "{text}");
}

#[test]
fn a_catalog_may_set_the_premium_apart_as_a_contingency_released_on_approval() {
    let dir = tempfile::tempdir().unwrap();
    let catalog = catalog_with(
        dir.path(),
        "pricing.toml",
        "risk_premium_percent = \"15\"\n",
        "risk_premium_percent = \"15\"\nrisk_premium = \"contingency\"\n",
    );
    let v = json(&[WOODGROVE], Some(&catalog));
    let lines = lines(&v, 0);
    let held: Vec<&&Value> = lines.iter().filter(|l| l["contingency"] == true).collect();
    assert_eq!(held.len(), 1);
    assert_eq!(held[0]["label"], "Risk contingency");
    assert_eq!(held[0]["amount"], "51169.54");
    assert_eq!(v["totals"]["one_time"], "392299.78");
    let pay: Vec<&Value> =
        v["payment_schedule"].as_array().unwrap().iter().filter(|p| p["kind"] == "contingency").collect();
    assert_eq!(pay.len(), 1);
    assert_eq!(pay[0]["due"], v["engagements"][0]["end"]);
    let note = v["engagements"][0]["billing_notes"][0].as_str().unwrap();
    assert!(note.starts_with("The risk contingency is yours to control"), "{note}");
    let sum: Decimal = v["payment_schedule"].as_array().unwrap().iter().map(|p| dec(&p["amount"])).sum();
    assert_eq!(sum, dec(&v["totals"]["contract_value"]));

    // Taxed, the contingency is invoiced as a managed fee is, its tax on itself: 51,169.54 +
    // 8.1 % (4,144.73274 → 4,144.73) = 55,314.27 (the remainder of a pro-rata cut of the taxed
    // total was 55,314.28).
    let taxed = ["--set", "proposal.tax=8.1", "--set", "proposal.tax_reason=Test"];
    let v = json(&[&[WOODGROVE][..], &taxed[..]].concat(), Some(&catalog));
    let pay = v["payment_schedule"].as_array().unwrap().iter().find(|p| p["kind"] == "contingency").unwrap();
    assert_eq!(pay["amount"], "55314.27");
    let sum: Decimal = v["payment_schedule"].as_array().unwrap().iter().map(|p| dec(&p["amount"])).sum();
    assert_eq!(sum, dec(&v["totals"]["contract_value"]));
}

const ACME: &str = "examples/acme-managed.toml";

fn monthly(v: &Value) -> Vec<&str> {
    let pays = v["payment_schedule"].as_array().unwrap();
    pays.iter().filter(|p| p["kind"] == "monthly").map(|p| p["due"].as_str().unwrap()).collect()
}

#[test]
fn managed_services_bill_from_commencement_and_the_term_counts_from_it() {
    let v = json(&[ACME], None);
    let phases = v["phases"].as_array().unwrap();
    let ongoing = phases.iter().find(|p| p["ongoing"] == true).unwrap();
    let commencement = ongoing["start"].as_str().unwrap();
    let e = &v["engagements"][0];
    assert!(commencement > e["start"].as_str().unwrap());
    let months = monthly(&v);
    assert_eq!(months.len() as u64, e["months"].as_u64().unwrap());
    assert_eq!(months[0], commencement, "the first month is billed at commencement");
    let note = e["billing_notes"][0].as_str().unwrap();
    assert!(note.contains("billed monthly from service commencement on"), "{note}");

    let dir = tempfile::tempdir().unwrap();
    let catalog = catalog_with(
        dir.path(),
        "pricing.toml",
        "fee_cost_percent = \"55\"\n",
        "fee_cost_percent = \"55\"\nbilling_starts = \"start\"\n",
    );
    let v = json(&[ACME], Some(&catalog));
    let e = &v["engagements"][0];
    assert_eq!(monthly(&v)[0], e["start"].as_str().unwrap(), "billed from the first day");
    let note = e["billing_notes"][0].as_str().unwrap();
    assert!(note.contains("is billed monthly from its first day"), "{note}");
}

/// Issue 15: each of a managed service's one-time fees is paid as its own invoice charges it,
/// every tax on that fee: adventure-works' setup fee is CA$12,782.10 + GST 5 % (639.105 →
/// 639.11) + QST 9.975 % (1,275.0145… → 1,275.01) = CA$14,696.22, not the CA$14,696.21 a
/// pro-rata cut of the taxed total (rounded down) gave; the transition fee, last, takes the
/// remainder, so the two still sum to the one-time total.
#[test]
fn each_managed_fee_is_taxed_on_itself_and_the_last_takes_the_remainder() {
    let v = json(&["examples/adventure-works-extended.toml"], None);
    let rates: Vec<Decimal> = v["tax"]["lines"].as_array().unwrap().iter().map(|l| dec(&l["percent"])).collect();
    assert_eq!(rates, [Decimal::from(5), Decimal::from_str("9.975").unwrap()]);
    let fees: Vec<Decimal> =
        lines(&v, 0).iter().filter(|l| l["recurrence"] == "one_time").map(|l| dec(&l["amount"])).collect();
    let pays: Vec<Decimal> = v["payment_schedule"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["kind"] == "fee")
        .map(|p| dec(&p["amount"]))
        .collect();
    assert_eq!(v["engagements"][0]["one_time"]["discount"].as_str(), Some("0.00"), "no discount to spread");
    let cent = |x: Decimal| x.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    let invoiced = |net: Decimal| net + rates.iter().map(|r| cent(net * r / Decimal::ONE_HUNDRED)).sum::<Decimal>();
    assert_eq!(fees[0].to_string(), "12782.10");
    assert_eq!(pays[0], invoiced(fees[0]));
    assert_eq!(pays[0].to_string(), "14696.22");
    let total = dec(&v["engagements"][0]["one_time"]["total"]);
    assert_eq!(pays[1], total - pays[0], "the last fee takes the remainder");
    assert_eq!(pays[1].to_string(), "6300.63");
}

#[test]
fn a_term_from_29_february_ends_on_28_february_and_payments_fall_on_business_days() {
    let text = std::fs::read_to_string(ACME).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let catalog = catalog_with(
        dir.path(),
        "pricing.toml",
        "fee_cost_percent = \"55\"\n",
        "fee_cost_percent = \"55\"\nbilling_starts = \"start\"\n",
    );
    // 29 February 2028 is a Tuesday; twelve months run to 28 February 2029.
    let start = text.lines().find(|l| l.starts_with("start = ")).unwrap();
    let path = dir.path().join("leap.toml");
    std::fs::write(&path, text.replacen(start, "start = 2028-02-29", 1).replacen("months = 24", "months = 12", 1))
        .unwrap();
    let v = json(&[path.to_str().unwrap()], Some(&catalog));
    assert_eq!(v["engagements"][0]["months"], 12);
    assert_eq!(v["engagements"][0]["end"], "2029-02-28");
    let months = monthly(&v);
    // 29 March 2028 onwards; 29 April 2028 is a Saturday, so that month is due on Monday 1 May.
    assert_eq!(&months[..3], ["2028-02-29", "2028-03-29", "2028-05-01"]);
    for d in &months {
        let d = chrono::NaiveDate::from_str(d).unwrap();
        assert!(!matches!(chrono::Datelike::weekday(&d), chrono::Weekday::Sat | chrono::Weekday::Sun), "{d}");
    }
}

const CONTOSO: &str = "examples/contoso-pentest.toml";
/// Contoso is written in German; these tests read the English catalog's labels and notes.
const ENGLISH: [&str; 2] = ["--set", "proposal.language=en"];

#[test]
fn time_and_materials_is_invoiced_monthly_in_estimates_that_sum_to_the_estimate() {
    let v = json(&[ENGLISH[0], ENGLISH[1], CONTOSO], None);
    let e = &v["engagements"][0];
    assert_eq!(e["estimated"], true);
    let pays: Vec<&Value> = v["payment_schedule"].as_array().unwrap().iter().filter(|p| p["engagement"] == 0).collect();
    assert!(pays.iter().all(|p| p["kind"] == "estimate" && p["estimated"] == true), "{pays:?}");
    // One invoice per calendar month from the start month to the end month.
    let (start, end) = (e["start"].as_str().unwrap(), e["end"].as_str().unwrap());
    let month = |d: &str| d[..4].parse::<u32>().unwrap() * 12 + d[5..7].parse::<u32>().unwrap();
    assert_eq!(pays.len() as u32, month(end) - month(start) + 1);
    for (k, p) in pays.iter().enumerate() {
        let label = format!("Month {} of {}, estimated (time and materials)", k + 1, pays.len());
        assert_eq!(p["label"], label.as_str());
        let due = p["due"].as_str().unwrap();
        assert!(start <= due && due <= end, "{due} outside {start}..{end}");
        assert_eq!(month(due), month(start) + k as u32);
    }
    assert_eq!(pays.last().unwrap()["due"], e["end"]);
    let sum: Decimal = pays.iter().map(|p| dec(&p["amount"])).sum();
    assert_eq!(sum, dec(&e["one_time"]["total"]));
    let notes: Vec<&str> = e["billing_notes"].as_array().unwrap().iter().map(|n| n.as_str().unwrap()).collect();
    assert_eq!(notes.len(), 1);
    assert!(notes[0].starts_with("Time and materials is invoiced monthly on the hours worked"), "{notes:?}");
}

#[test]
fn a_not_to_exceed_cap_bounds_the_range_and_is_stated() {
    let text = std::fs::read_to_string(CONTOSO).unwrap().replacen("\nlanguage = \"de\"\n", "\nlanguage = \"en\"\n", 1);
    let estimate = json(&[ENGLISH[0], ENGLISH[1], CONTOSO], None);
    let total = dec(&estimate["engagements"][0]["one_time"]["total"]);
    let high = dec(&estimate["engagements"][0]["project"]["estimate_high"]);
    let cap = (total + Decimal::from(1000)).round_dp(0);
    assert!(cap < high, "the cap {cap} should fall inside the range up to {high}");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("capped.toml");
    let capped = text.replacen(
        "pricing = \"time-and-materials\"\n",
        &format!("pricing = \"time-and-materials\"\nnot_to_exceed = {cap}\n"),
        1,
    );
    assert_ne!(capped, text);
    std::fs::write(&path, capped).unwrap();
    let v = json(&[path.to_str().unwrap()], None);
    let p = &v["engagements"][0]["project"];
    assert_eq!(dec(&p["not_to_exceed"]), cap);
    assert_eq!(dec(&p["estimate_high"]), cap, "the range's high end is held to the cap");
    let sum: Decimal = v["payment_schedule"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["engagement"] == 0)
        .map(|p| dec(&p["amount"]))
        .sum();
    assert!(sum <= cap);
    let note = v["engagements"][0]["billing_notes"][1].as_str().unwrap();
    assert!(note.starts_with("Time-and-materials invoices will not exceed"), "{note}");
    let md = propose().args(["render", "--format", "md", "--out"]).arg(dir.path()).arg(&path).output().unwrap();
    assert!(md.status.success(), "{}", String::from_utf8_lossy(&md.stderr));
    let file = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "md"));
    let md = std::fs::read_to_string(file.unwrap()).unwrap();
    assert!(md.contains("Time-and-materials invoices will not exceed"), "{md}");
}

#[test]
fn an_offer_lapses_on_the_last_business_day_before_the_work_starts() {
    // Dated 2 March with 30 valid days, northwind starts on Monday 16 March: valid until Friday 13.
    let v = json(&["examples/northwind-migration.toml"], None);
    assert_eq!(v["proposal"]["valid_until"], "2026-03-13");
    // Contoso starts on Monday 4 May; 1 May is a German public holiday: valid until Thursday 30 April.
    let v = json(&["examples/contoso-pentest.toml"], None);
    assert_eq!(v["proposal"]["valid_until"], "2026-04-30");
    // A short validity ends before the start and stands.
    let v = json(&["examples/northwind-migration.toml", "--set", "proposal.valid_days=5"], None);
    assert_eq!(v["proposal"]["valid_until"], "2026-03-07");
}
