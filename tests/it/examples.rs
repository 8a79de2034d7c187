//! Runs the binary on every intake in `examples/`: each quotes as text and JSON, and the JSON
//! reconciles to the cent (parsed as `Decimal`, never as a float).

use crate::common::*;

use assert_cmd::Command;
use rust_decimal::Decimal;
use serde_json::Value;
use std::path::PathBuf;
use std::str::FromStr;

/// A money string from the JSON as a `Decimal`; money is always written as a string.
fn dec(v: &Value) -> Decimal {
    let s = v.as_str().unwrap_or_else(|| panic!("expected a decimal string, found {v}"));
    Decimal::from_str(s).unwrap_or_else(|e| panic!("`{s}` is not a decimal: {e}"))
}

fn quote_json(path: &PathBuf) -> Value {
    let out = propose().arg("quote").arg(path).args(["--format", "json"]).output().unwrap();
    assert!(out.status.success(), "{}: {}", path.display(), String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{}: JSON does not parse: {e}", path.display()))
}

#[test]
fn there_are_enough_examples() {
    let files = examples();
    assert!(files.len() >= 9, "expected at least 9 examples, found {}", files.len());
    assert!(files.iter().any(|f| f.ends_with("northwind-migration.toml")));
}

#[test]
fn every_example_quotes_as_text() {
    for path in examples() {
        let out = propose().arg("quote").arg(&path).output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{}: {}", path.display(), String::from_utf8_lossy(&out.stderr));
        // Nothing on stderr but a stale exchange rate's warning (the catalog's rates are of
        // 2 March 2026; an example dated over 30 days later is warned about, and quotes).
        let stderr = String::from_utf8_lossy(&out.stderr);
        let warned = stderr
            .lines()
            .all(|l| l.contains(": the exchange rate 1 USD = ") || l.starts_with("  = help: update `fx`"));
        assert!(warned, "{}: stderr not empty: {stderr}", path.display());
        // In the example's language: contoso is German, litware French.
        let code = quote_json(&path)["proposal"]["language"].as_str().unwrap().to_string();
        let language = propose::locale::Language::all().iter().find(|(c, _)| *c == code).unwrap().1;
        let words = &catalog().in_language(language).unwrap().texts.quote;
        assert!(stdout.contains(&words.contract_value), "{}: {stdout}", path.display());
        let payments = words.payments.split('{').next().unwrap();
        assert!(stdout.contains(payments), "{}: {payments} in {stdout}", path.display());
    }
}

#[test]
fn every_example_quotes_as_json_that_reconciles() {
    let mut numbers = std::collections::BTreeSet::new();
    for path in examples() {
        let name = path.display().to_string();
        let j = quote_json(&path);
        assert_eq!(j["schema_version"], 3, "{name}");
        let number = j["proposal"]["number"].as_str().expect("a proposal number").to_string();
        assert!(numbers.insert(number.clone()), "{name}: proposal number {number} is used twice");

        let totals = &j["totals"];
        let contract = dec(&totals["contract_value"]);
        let payments: Decimal = j["payment_schedule"].as_array().unwrap().iter().map(|p| dec(&p["amount"])).sum();
        assert_eq!(payments, contract, "{name}: payments do not sum to the contract value");

        let dues: Vec<&str> =
            j["payment_schedule"].as_array().unwrap().iter().map(|p| p["due"].as_str().unwrap()).collect();
        assert!(dues.windows(2).all(|w| w[0] <= w[1]), "{name}: payments out of date order");

        let engagements = j["engagements"].as_array().unwrap();
        let lines = j["line_items"].as_array().unwrap();
        let mut sum_contract = Decimal::ZERO;
        for (i, e) in engagements.iter().enumerate() {
            for (kind, recurrence) in [("one_time", "one_time"), ("monthly", "monthly")] {
                let sums = &e[kind];
                let from_lines: Decimal = lines
                    .iter()
                    .filter(|l| l["engagement"] == i && l["recurrence"] == recurrence)
                    .map(|l| dec(&l["amount"]))
                    .sum();
                assert_eq!(from_lines, dec(&sums["subtotal"]), "{name}: engagement {i} {kind} lines ≠ subtotal");
                assert_eq!(
                    dec(&sums["subtotal"]) - dec(&sums["discount"]) + dec(&sums["tax"]),
                    dec(&sums["total"]),
                    "{name}: engagement {i} {kind}: subtotal − discount + tax ≠ total"
                );
            }
            let months = Decimal::from(e["months"].as_u64().unwrap());
            let value = dec(&e["one_time"]["total"]) + dec(&e["monthly"]["total"]) * months;
            assert_eq!(value, dec(&e["contract_value"]), "{name}: engagement {i} contract value");
            sum_contract += value;
        }
        assert_eq!(sum_contract, contract, "{name}: engagements do not sum to the contract value");
        for (kind, key) in [("one_time_breakdown", "one_time"), ("monthly_breakdown", "monthly")] {
            let b = &totals[kind];
            assert_eq!(dec(&b["subtotal"]) - dec(&b["discount"]) + dec(&b["tax"]), dec(&b["total"]), "{name}: {kind}");
            assert_eq!(dec(&b["total"]), dec(&totals[key]), "{name}: {kind} total");
            for field in ["subtotal", "discount", "tax", "total"] {
                let across: Decimal = engagements.iter().map(|e| dec(&e[key][field])).sum();
                assert_eq!(across, dec(&b[field]), "{name}: Σ engagements' {key}.{field}");
            }
        }
        let discounts: Decimal = j["discounts"].as_array().unwrap().iter().map(|d| dec(&d["amount"])).sum();
        let discounted = dec(&totals["one_time_breakdown"]["discount"]) + dec(&totals["monthly_breakdown"]["discount"]);
        assert_eq!(discounts, discounted, "{name}: applied discounts ≠ the discount totals");
    }
}

/// Every amount is written with exactly the currency's minor-unit digits.
#[test]
fn amounts_have_the_currency_exponent() {
    for path in examples() {
        let j = quote_json(&path);
        let code = j["proposal"]["currency"].as_str().unwrap();
        let exponent = propose::money::Currency::from_code(code).unwrap().exponent;
        let mut amounts = vec![&j["totals"]["contract_value"], &j["totals"]["one_time"], &j["totals"]["monthly"]];
        amounts.extend(j["payment_schedule"].as_array().unwrap().iter().map(|p| &p["amount"]));
        amounts.extend(j["line_items"].as_array().unwrap().iter().map(|l| &l["amount"]));
        for a in amounts {
            assert_eq!(dec(a).scale(), exponent, "{}: {a} in {code}", path.display());
            assert!(!dec(a).is_sign_negative(), "{}: negative amount {a}", path.display());
        }
    }
}

#[test]
fn check_accepts_every_example() {
    let files = examples();
    let out = propose().arg("check").args(&files).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(stdout.lines().filter(|l| l.starts_with("ok: ")).count(), files.len(), "{stdout}");
}

#[test]
fn quote_reads_stdin() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/northwind-migration.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let from_file = quote_json(&path);
    let out = propose().args(["quote", "-", "--format", "json"]).write_stdin(text).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let from_stdin: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(from_stdin, from_file);
    assert_eq!(from_stdin["proposal"]["number"], "CD-2026-014");
}

#[test]
fn a_bad_intake_on_stdin_is_named_stdin() {
    let out = propose().args(["quote", "-"]).write_stdin("[proposal]\nnumber = 1\n").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("<stdin>:2:"), "{stderr}");
}

#[test]
fn each_amount_discount_keeps_its_own_label() {
    let text = std::fs::read_to_string("examples/northwind-migration.toml").unwrap()
        + "\n[[discount]]\nlabel = \"Loyalty credit\"\namount = 1000\n\n[[discount]]\nlabel = \"Referral credit\"\namount = 500\n";
    let out = Command::cargo_bin("propose")
        .unwrap()
        .args(["quote", "--format", "json", "-"])
        .write_stdin(text)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let amounts: Vec<(&str, u64, &str)> = v["discounts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["label"] != "Multi-engagement discount")
        .map(|d| (d["label"].as_str().unwrap(), d["engagement"].as_u64().unwrap(), d["amount"].as_str().unwrap()))
        .collect();
    // Each amount is spread pro rata over the one-time fees left after the percentage:
    // 256,977.85 and 15,010.00; 1,000 × 256,977.85 ÷ 271,987.85 = 944.81…, 55.18…, each
    // rounded down, the cent left over to the larger. Each share keeps its own label.
    assert_eq!(
        amounts,
        [
            ("Loyalty credit", 0, "944.82"),
            ("Referral credit", 0, "472.41"),
            ("Loyalty credit", 1, "55.18"),
            ("Referral credit", 1, "27.59"),
        ]
    );
}
