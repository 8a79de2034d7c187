//! Exchange rates pinned: a proposal in another currency than the catalog's states the rate
//! and its date; `--rates FILE` gives today's, and the rates used are part of the content
//! hash, so a proposal re-rendered later with other rates is another proposal.

use crate::common::{example, propose};

fn quote_json(rates: Option<&std::path::Path>) -> serde_json::Value {
    let mut cmd = propose();
    cmd.args(["quote", "--format", "json"]);
    if let Some(r) = rates {
        cmd.arg("--rates").arg(r);
    }
    let out = cmd.arg(example("tailspin-options.toml")).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn the_rate_and_its_date_are_stated_and_hashed() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("rates.csv");
    std::fs::write(&csv, "currency,rate,date\nEUR,0.9231,2026-04-03\nGBP,0.79,2026-04-03\n").unwrap();
    let json = dir.path().join("rates.json");
    std::fs::write(&json, r#"[{"currency": "EUR", "rate": "0.92", "date": "2026-04-03"}]"#).unwrap();
    let catalog = quote_json(None);
    assert_eq!(
        catalog["exchange_rate"],
        serde_json::json!({"base": "USD", "currency": "EUR", "rate": "0.92", "date": "2026-03-02"})
    );
    let today = quote_json(Some(&csv));
    assert_eq!(today["exchange_rate"]["rate"], "0.9231");
    assert_eq!(today["exchange_rate"]["date"], "2026-04-03");
    assert_ne!(today["totals"]["contract_value"], catalog["totals"]["contract_value"]);
    assert_ne!(today["content_hash"], catalog["content_hash"]);
    // The same rate taken on another day is another proposal too.
    let same_rate = quote_json(Some(&json));
    assert_eq!(same_rate["totals"]["contract_value"], catalog["totals"]["contract_value"]);
    assert_ne!(same_rate["content_hash"], catalog["content_hash"], "the date is hashed");
    // A proposal in the catalog's own currency states no rate.
    let usd = propose().args(["quote", "--format", "json"]).arg(example("acme-managed.toml")).output().unwrap();
    let usd: serde_json::Value = serde_json::from_slice(&usd.stdout).unwrap();
    assert_eq!(usd["exchange_rate"], serde_json::Value::Null);
}

#[test]
fn verify_sees_a_proposal_re_rendered_with_other_rates_as_another() {
    let dir = tempfile::tempdir().unwrap();
    let rates = dir.path().join("rates.csv");
    std::fs::write(&rates, "EUR,0.95,2026-04-03\n").unwrap();
    let out = dir.path().join("out");
    propose()
        .args(["render", "--format", "md", "--out"])
        .arg(&out)
        .arg(example("tailspin-options.toml"))
        .assert()
        .success();
    let md = out.join("CD-2026-030.md");
    assert!(std::fs::read_to_string(&md)
        .unwrap()
        .contains("Converted from USD at 1 USD = 0.92 EUR (2\u{a0}March\u{a0}2026)."));
    propose().arg("verify").arg(&md).arg(example("tailspin-options.toml")).assert().success();
    propose().arg("verify").arg("--rates").arg(&rates).arg(&md).arg(example("tailspin-options.toml")).assert().code(2);
}

#[test]
fn a_bad_rates_file_is_a_located_error() {
    let dir = tempfile::tempdir().unwrap();
    for (text, message, line) in [
        ("EUR,-1,2026-04-03\n", "error: `-1` is not an exchange rate", 1),
        ("currency,rate,date\nEUR,0.9,30/11/2026\n", "error: `30/11/2026` is not a date", 2),
        ("EUR,0.9,2026-04-03\nEUR,0.91,2026-04-03\n", "error: `EUR` has two rates", 2),
        ("USD,1.1,2026-04-03\n", "error: the base currency `USD` has the rate 1.1", 1),
        ("EUR,0.9\n", "error: a rates row has 2 fields, not 3", 1),
        ("XBT,0.9,2026-04-03\n", "error: the catalog does not price in `XBT`", 1),
    ] {
        let file = dir.path().join("r.csv");
        std::fs::write(&file, text).unwrap();
        let out =
            propose().args(["quote", "--rates"]).arg(&file).arg(example("tailspin-options.toml")).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{text}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.starts_with(message), "{text}: {stderr}");
        assert!(stderr.contains(&format!("r.csv:{line}:1")), "{text}: {stderr}");
    }
}

#[test]
fn a_proposal_in_another_language_uses_the_rates_given() {
    // Contoso is written in German: its catalog is a translated copy, which must keep the
    // rates `--rates` set, not the file's.
    let dir = tempfile::tempdir().unwrap();
    let rates = dir.path().join("rates.csv");
    std::fs::write(&rates, "EUR,0.95,2026-03-01\n").unwrap();
    let out = propose()
        .args(["quote", "--format", "json", "--rates"])
        .arg(&rates)
        .arg(example("contoso-pentest.toml"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["proposal"]["language"], "de");
    assert_eq!(v["exchange_rate"]["rate"], "0.95");
    assert_eq!(v["exchange_rate"]["date"], "2026-03-01");
}

/// A rate taken after the proposal's date cannot have priced it: the catalog's rate or a
/// `--rates` file's is refused (exit 2), located at the intake's `date`, saying where the
/// rate came from; a rate taken on the proposal's date is fine.
#[test]
fn a_rate_taken_after_the_proposals_date_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let rates = dir.path().join("rates.csv");
    // Tailspin is dated 2026-04-06.
    for (date, ok) in [("2026-04-06", true), ("2026-04-07", false)] {
        std::fs::write(&rates, format!("EUR,0.95,{date}\n")).unwrap();
        let out =
            propose().args(["quote", "--rates"]).arg(&rates).arg(example("tailspin-options.toml")).output().unwrap();
        assert_eq!(out.status.success(), ok, "{date}: {}", String::from_utf8_lossy(&out.stderr));
        if !ok {
            assert_eq!(out.status.code(), Some(2));
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(
                stderr.starts_with(
                    "error: the exchange rate for `EUR` is dated 2026-04-07 (the `--rates` file), after the proposal's date 2026-04-06"
                ),
                "{stderr}"
            );
            assert!(
                stderr.contains("tailspin-options.toml:")
                    && stderr.contains("--rates` file, or date the proposal on or after 2026-04-07"),
                "{stderr}"
            );
        }
    }
    // The catalog's rates are dated 2026-03-02: a proposal dated before is refused too.
    let out = propose()
        .args(["quote", "--set", "proposal.date=2026-03-01"])
        .arg(example("tailspin-options.toml"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("is dated 2026-03-02 (the catalog's `fx_date`)"), "{stderr}");
    // A proposal in the catalog's own currency states no rate, so its date is free.
    propose().args(["quote", "--set", "proposal.date=2026-01-05"]).arg(example("acme-managed.toml")).assert().success();
}

/// Issue 19 keeps the rate a proposal was priced at; issue 15: gulf, dated 7 September 2026,
/// stated "1 USD = 0.307 KWD (2 March 2026)" without a word to the firm. `render` and `quote`
/// warn on stderr when the catalog's rate was taken more than 30 days before the proposal's
/// date, naming the rate and the keys that set it, and still succeed; a fresh rate (a rates
/// file, or a proposal dated within the 30 days) is not warned about.
#[test]
fn a_stale_rate_is_warned_about_and_the_proposal_still_renders() {
    let dir = tempfile::tempdir().unwrap();
    let gulf = example("gulf-modernization.toml");
    let render = propose().args(["render", "--format", "md", "--out"]).arg(dir.path()).arg(&gulf).output().unwrap();
    let quote = propose().arg("quote").arg(&gulf).output().unwrap();
    for out in [&render, &quote] {
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{stderr}");
        assert!(
            stderr.contains("gulf-modernization.toml: the exchange rate 1 USD = 0.307 KWD was taken on 2026-03-02, 189 days before the proposal's date 2026-09-07"),
            "{stderr}"
        );
        assert!(stderr.contains("`fx` of the `KWD` entry of `[[currencies]]` and `fx_date`"), "{stderr}");
        assert!(stderr.contains("catalog/pricing.toml") && stderr.contains("--rates FILE"), "{stderr}");
    }
    let md = std::fs::read_dir(dir.path()).unwrap().next().unwrap().unwrap().path();
    assert!(std::fs::read_to_string(md).unwrap().contains("1 USD = 0.307 KWD (2\u{a0}March\u{a0}2026)"));
    let csv = dir.path().join("rates.csv");
    std::fs::write(&csv, "currency,rate,date\nKWD,0.308,2026-09-01\n").unwrap();
    let fresh = propose().arg("quote").arg("--rates").arg(&csv).arg(&gulf).output().unwrap();
    assert!(fresh.status.success() && fresh.stderr.is_empty(), "{}", String::from_utf8_lossy(&fresh.stderr));
    let within = propose().args(["quote", "--set", "proposal.date=2026-04-01"]).arg(&gulf).output().unwrap();
    assert!(within.stderr.is_empty(), "{}", String::from_utf8_lossy(&within.stderr));
}
