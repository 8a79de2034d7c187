//! Exchange rates dated per proposal: the catalog holds a rate history (catalog/rates.csv), a
//! proposal in another currency than the catalog's states, for its currency, the latest rate
//! taken on or before its date, and `--rates FILE` adds today's rates to the history. The rate
//! and its date are part of the content hash, so a proposal re-rendered with another rate is
//! another proposal, while one re-rendered after later rates were added is the same.

use crate::common::{example, examples, propose};

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

/// A catalog folder holding the embedded rates.csv with `rows` appended.
fn catalog_with_rows(rows: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let rates = std::fs::read_to_string("catalog/rates.csv").unwrap() + rows;
    std::fs::write(dir.path().join("rates.csv"), rates).unwrap();
    dir
}

#[test]
fn the_rate_and_its_date_are_stated_and_hashed() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("rates.csv");
    std::fs::write(&csv, "currency,rate,date\nEUR,0.9231,2026-04-03\nGBP,0.79,2026-04-03\n").unwrap();
    let json = dir.path().join("rates.json");
    std::fs::write(&json, r#"[{"currency": "EUR", "rate": "0.92", "date": "2026-04-03"}]"#).unwrap();
    // Tailspin is dated 2026-04-06: the catalog's latest EUR rate by then is of 2026-04-01.
    let catalog = quote_json(None);
    assert_eq!(
        catalog["exchange_rate"],
        serde_json::json!({"base": "USD", "currency": "EUR", "rate": "0.92", "date": "2026-04-01"})
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

/// Issue 15: a firm that adds a rate to its history does not change its older proposals:
/// `verify` of one against the catalog with later rows still passes. A rate of a day on or
/// before the proposal's, later than the one it was priced at, is another proposal.
#[test]
fn verify_keeps_an_old_proposal_when_later_rates_are_added() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let tailspin = example("tailspin-options.toml");
    propose().args(["render", "--format", "md", "--out"]).arg(&out).arg(&tailspin).assert().success();
    let md = out.join("CD-2026-030.md");
    assert!(std::fs::read_to_string(&md)
        .unwrap()
        .contains("Converted from USD at 1\u{a0}USD = 0.92\u{a0}EUR (1\u{a0}April\u{a0}2026)."));
    propose().arg("verify").arg(&md).arg(&tailspin).assert().success();
    // A year of new rates, in the catalog and in a rates file, all after 2026-04-06.
    let later = catalog_with_rows("EUR,0.95,2026-04-07\nEUR,0.97,2027-01-04\n");
    propose().arg("--catalog").arg(later.path()).arg("verify").arg(&md).arg(&tailspin).assert().success();
    let rates = dir.path().join("today.csv");
    std::fs::write(&rates, "EUR,0.95,2026-11-30\n").unwrap();
    propose().arg("verify").arg("--rates").arg(&rates).arg(&md).arg(&tailspin).assert().success();
    // A rate taken by the proposal's date, later than the one it states, re-prices it.
    let earlier = catalog_with_rows("EUR,0.95,2026-04-03\n");
    propose().arg("--catalog").arg(earlier.path()).arg("verify").arg(&md).arg(&tailspin).assert().code(2);
    std::fs::write(&rates, "EUR,0.95,2026-04-06\n").unwrap();
    propose().arg("verify").arg("--rates").arg(&rates).arg(&md).arg(&tailspin).assert().code(2);
}

#[test]
fn a_bad_rates_file_is_a_located_error() {
    let dir = tempfile::tempdir().unwrap();
    for (text, message, line) in [
        ("EUR,-1,2026-04-03\n", "error: `-1` is not an exchange rate", 1),
        ("currency,rate,date\nEUR,0.9,30/11/2026\n", "error: `30/11/2026` is not a date", 2),
        ("EUR,0.9,2026-04-03\nEUR,0.91,2026-04-03\n", "error: `EUR` has two rates on 2026-04-03: 0.9 and 0.91", 2),
        ("# today\nEUR,0.9,1999-12-31\n", "error: the date 1999-12-31 is out of range", 2),
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
        assert!(stderr.contains("= help: "), "{text}: {stderr}");
    }
    // Several rates of a currency on different days, and the same rate twice, are fine.
    std::fs::write(dir.path().join("r.csv"), "EUR,0.9,2026-04-02\nEUR,0.91,2026-04-03\nEUR,0.91,2026-04-03\n").unwrap();
    let v = quote_json(Some(&dir.path().join("r.csv")));
    assert_eq!(v["exchange_rate"]["rate"], "0.91");
}

#[test]
fn a_proposal_in_another_language_uses_the_rates_given() {
    // Contoso is written in German: its catalog is a translated copy, which must keep the
    // rates `--rates` added, not only the catalog's.
    let dir = tempfile::tempdir().unwrap();
    let rates = dir.path().join("rates.csv");
    std::fs::write(&rates, "EUR,0.95,2026-04-10\n").unwrap();
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
    assert_eq!(v["exchange_rate"]["date"], "2026-04-10");
}

/// A rate taken after the proposal's date cannot have priced it: it is not used, and a
/// proposal dated before every rate of its currency is refused (exit 2), located at the
/// intake's `date`, naming the earliest rate; a rate taken on the proposal's date is used.
#[test]
fn a_proposal_uses_the_latest_rate_taken_by_its_date() {
    let dir = tempfile::tempdir().unwrap();
    let rates = dir.path().join("rates.csv");
    // Tailspin is dated 2026-04-06; the catalog's EUR rates are of 2026-03-02 and 2026-04-01.
    for (date, stated) in [("2026-04-06", ("0.95", "2026-04-06")), ("2026-04-07", ("0.92", "2026-04-01"))] {
        std::fs::write(&rates, format!("EUR,0.95,{date}\n")).unwrap();
        let v = quote_json(Some(&rates));
        assert_eq!(
            (v["exchange_rate"]["rate"].as_str(), v["exchange_rate"]["date"].as_str()),
            (Some(stated.0), Some(stated.1))
        );
    }
    let on = |date: &str| {
        propose()
            .args(["quote", "--format", "json", "--set"])
            .arg(format!("proposal.date={date}"))
            .arg(example("tailspin-options.toml"))
            .output()
            .unwrap()
    };
    let march: serde_json::Value = serde_json::from_slice(&on("2026-03-31").stdout).unwrap();
    assert_eq!(march["exchange_rate"]["date"], "2026-03-02");
    // The catalog's first rates are of 2026-01-02: a proposal dated before is refused.
    let out = on("2025-12-31");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("error: no exchange rate for `EUR` was taken on or before the proposal's date 2025-12-31"),
        "{stderr}"
    );
    assert!(stderr.contains("tailspin-options.toml:"), "{stderr}");
    assert!(stderr.contains("its earliest rate was taken on 2026-01-02 (catalog/rates.csv)"), "{stderr}");
    assert!(stderr.contains("= help: date the proposal on or after 2026-01-02, or give `EUR`'s rate"), "{stderr}");
    // ... unless a rates file gives a rate of its day.
    std::fs::write(&rates, "EUR,0.93,2025-12-30\n").unwrap();
    let out = propose()
        .args(["quote", "--format", "json", "--set", "proposal.date=2025-12-31", "--rates"])
        .arg(&rates)
        .arg(example("tailspin-options.toml"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["exchange_rate"]["rate"], "0.93");
    // A proposal in the catalog's own currency states no rate, so its date is free.
    propose().args(["quote", "--set", "proposal.date=2025-01-05"]).arg(example("acme-managed.toml")).assert().success();
}

/// Issue 15: every example states a rate taken at most 30 days before its date, so `render`
/// warns of nothing (gulf, dated 7 September 2026, stated a rate of 2 March).
#[test]
fn every_example_renders_without_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let out =
        propose().args(["render", "--format", "md,pdf", "--out"]).arg(dir.path()).args(examples()).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    let gulf = std::fs::read_to_string(dir.path().join("CD-2026-028.md")).unwrap();
    assert!(
        gulf.contains("1\u{a0}USD = 0.307\u{a0}KWD (1\u{a0}September\u{a0}2026)"),
        "gulf states the rate of 1 September"
    );
}

/// `render` and `quote` warn on stderr when even the latest rate taken by the proposal's date
/// is more than 30 days old, naming the rate and where to add a fresh one, and still succeed;
/// a fresh rate (a rates file, or a proposal dated within the 30 days) is not warned about.
#[test]
fn a_stale_rate_is_warned_about_and_the_proposal_still_renders() {
    let dir = tempfile::tempdir().unwrap();
    let gulf = example("gulf-modernization.toml");
    let late = ["--set", "proposal.date=2027-02-15", "--set", "engagement[0].start=2027-03-01"];
    let render =
        propose().args(["render", "--format", "md", "--out"]).arg(dir.path()).args(late).arg(&gulf).output().unwrap();
    let quote = propose().arg("quote").args(late).arg(&gulf).output().unwrap();
    for out in [&render, &quote] {
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{stderr}");
        assert!(
            stderr.contains("gulf-modernization.toml: the exchange rate 1 USD = 0.307 KWD was taken on 2026-12-01, 76 days before the proposal's date 2027-02-15"),
            "{stderr}"
        );
        assert!(stderr.contains("append a row `KWD,RATE,2027-02-15`"), "{stderr}");
        assert!(stderr.contains("catalog/rates.csv") && stderr.contains("--rates FILE"), "{stderr}");
    }
    let md = std::fs::read_dir(dir.path()).unwrap().next().unwrap().unwrap().path();
    assert!(std::fs::read_to_string(md).unwrap().contains("1\u{a0}USD = 0.307\u{a0}KWD (1\u{a0}December\u{a0}2026)"));
    let csv = dir.path().join("rates.csv");
    std::fs::write(&csv, "currency,rate,date\nKWD,0.308,2027-02-01\n").unwrap();
    let fresh = propose().arg("quote").args(late).arg("--rates").arg(&csv).arg(&gulf).output().unwrap();
    assert!(fresh.status.success() && fresh.stderr.is_empty(), "{}", String::from_utf8_lossy(&fresh.stderr));
    let within = propose()
        .args(["quote", "--set", "proposal.date=2026-12-31", "--set", "engagement[0].start=2027-01-11"])
        .arg(&gulf)
        .output()
        .unwrap();
    assert!(within.status.success(), "{}", String::from_utf8_lossy(&within.stderr));
    assert!(within.stderr.is_empty(), "{}", String::from_utf8_lossy(&within.stderr));
}

/// `quote --format json` of tailspin with the catalog folder `dir`.
fn tailspin_with(dir: &std::path::Path) -> std::process::Output {
    let mut cmd = propose();
    cmd.arg("--catalog").arg(dir).args(["quote", "--format", "json"]).arg(example("tailspin-options.toml"));
    cmd.output().unwrap()
}

/// The stated rate of tailspin's quote `out`, which must have succeeded.
fn stated(out: &std::process::Output) -> serde_json::Value {
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()["exchange_rate"].clone()
}

/// A catalog folder: its rates.csv replaces the embedded one; one that replaces pricing.toml
/// without a rates.csv takes its rates from pricing.toml's `fx` (dated by `fx_date`), never the
/// sample ones, or is refused, located at the first currency without a rate.
#[test]
fn a_catalog_folder_gives_its_own_rates() {
    // Only rates.csv: the embedded pricing.toml with the folder's rates.
    let own = tempfile::tempdir().unwrap();
    std::fs::write(own.path().join("rates.csv"), "EUR,0.9,2026-02-02\n# the others\nGBP,0.8,2026-02-02\nCHF,1,2026-02-02\nCAD,1,2026-02-02\nAUD,1,2026-02-02\nJPY,100,2026-02-02\nKWD,0.3,2026-02-02\nSEK,10,2026-02-02\n").unwrap();
    assert_eq!(
        stated(&tailspin_with(own.path())),
        serde_json::json!({"base": "USD", "currency": "EUR", "rate": "0.9", "date": "2026-02-02"})
    );
    // A pricing.toml of its own, as catalogs kept their rates before: `fx` and `fx_date`.
    let old = tempfile::tempdir().unwrap();
    let mut pricing = std::fs::read_to_string("catalog/pricing.toml").unwrap();
    std::fs::write(old.path().join("pricing.toml"), &pricing).unwrap();
    let out = tailspin_with(old.path());
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.starts_with("error: the catalog has no exchange rate for `EUR`, `GBP`, `CHF`"), "{stderr}");
    assert!(stderr.contains("pricing.toml:") && stderr.contains("code = \"EUR\""), "{stderr}");
    assert!(
        stderr.contains("= help: add a row `currency,rate,date` for each to rates.csv in the catalog folder"),
        "{stderr}"
    );
    for (code, fx) in [
        ("EUR", "0.93"),
        ("GBP", "0.79"),
        ("CHF", "0.88"),
        ("CAD", "1.37"),
        ("AUD", "1.52"),
        ("JPY", "150"),
        ("KWD", "0.307"),
        ("SEK", "10.5"),
    ] {
        pricing = pricing.replace(&format!("code = \"{code}\"\n"), &format!("code = \"{code}\"\nfx = \"{fx}\"\n"));
    }
    pricing = pricing.replace("base_currency = \"USD\"\n", "base_currency = \"USD\"\nfx_date = 2026-03-20\n");
    std::fs::write(old.path().join("pricing.toml"), &pricing).unwrap();
    assert_eq!(
        stated(&tailspin_with(old.path())),
        serde_json::json!({"base": "USD", "currency": "EUR", "rate": "0.93", "date": "2026-03-20"})
    );
    // Both: the rows join the `fx`; a second rate of a currency on the `fx_date` is refused.
    std::fs::write(old.path().join("rates.csv"), "EUR,0.94,2026-04-02\n").unwrap();
    assert_eq!(stated(&tailspin_with(old.path()))["rate"], "0.94");
    std::fs::write(old.path().join("rates.csv"), "EUR,0.94,2026-03-20\n").unwrap();
    let out = tailspin_with(old.path());
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.starts_with("error: `EUR` has two rates on 2026-03-20: 0.93 (the `fx` of its `[[currencies]]` entry in pricing.toml) and 0.94"), "{stderr}");
    assert!(stderr.contains("rates.csv:1:1"), "{stderr}");
}

/// Issue 15 (review of contoso, litware, adventure-works): the rate's figures never part from
/// their units across lines ("1 / USD", "1.37 / CAD" broke in the PDF), and the next sentence
/// says until when the prices hold in the proposal's currency, in every language, in the brief
/// too (which states no rate, and says it in its price sentence).
#[test]
fn the_rate_keeps_its_units_and_says_how_long_prices_hold() {
    let dir = tempfile::tempdir().unwrap();
    let expected = [
        (
            "en",
            "1\u{a0}USD = 0.92\u{a0}EUR",
            "Prices are fixed in EUR until 30\u{a0}April\u{a0}2026.",
            "All prices are in EUR and hold until 30\u{a0}April\u{a0}2026.",
        ),
        (
            "de",
            "1\u{a0}USD = 0,92\u{a0}EUR",
            "Die Preise in EUR gelten fest bis zum 30.\u{a0}April\u{a0}2026.",
            "Alle Preise verstehen sich in EUR und gelten fest bis zum 30.\u{a0}April\u{a0}2026.",
        ),
        (
            "fr",
            "1\u{a0}USD = 0,92\u{a0}EUR",
            "Les prix sont fermes en EUR jusqu’au 30\u{a0}avril\u{a0}2026.",
            "Tous les prix sont exprimés en EUR et sont fermes jusqu’au 30\u{a0}avril\u{a0}2026.",
        ),
        (
            "ja",
            "1\u{a0}USD = 0.92\u{a0}EUR",
            "価格は2026年4月30日までEUR建てで固定です。",
            "価格はすべてEUR建てで2026年4月30日まで固定です。",
        ),
    ];
    for (language, rate, fixed, brief) in expected {
        for edition in ["full", "brief"] {
            let out = dir.path().join(format!("{language}-{edition}"));
            propose()
                .args(["render", "--format", "md", "--edition", edition, "--set"])
                .arg(format!("proposal.language={language}"))
                .arg("--out")
                .arg(&out)
                .arg(example("tailspin-options.toml"))
                .assert()
                .success();
            let file = std::fs::read_dir(&out).unwrap().next().unwrap().unwrap().path();
            let md = std::fs::read_to_string(file).unwrap();
            // The brief, short of room, states no rate: how long the prices hold is said with
            // its currency, in one sentence (issue 15).
            assert_eq!(md.contains(rate), edition == "full", "{language} {edition}: {md}");
            let said = if edition == "full" { fixed } else { brief };
            assert!(md.contains(said), "{language} {edition}: {md}");
        }
    }
}
