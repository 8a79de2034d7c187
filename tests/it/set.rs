//! `--set PATH=VALUE` on `quote` and `render`: an override gives the same proposal as
//! editing the intake by hand, on every kind of value, and a bad path or value is a located
//! error with exit code 2.

use crate::common::*;

use serde_json::Value;
use std::path::Path;

/// The 1-based line of the first line of `name` that starts with `start`, as `file:line:`.
fn at_line(name: &str, start: &str) -> String {
    let text = std::fs::read_to_string(example(name)).unwrap();
    let line = text.lines().position(|l| l.starts_with(start)).unwrap_or_else(|| panic!("{start:?} not in {name}"));
    format!("{name}:{}:", line + 1)
}

/// `propose quote --format json` with these `--set`s; the JSON, or the failure.
fn quote(intake: &Path, sets: &[&str]) -> Value {
    let mut cmd = propose();
    cmd.arg("quote").arg("--format").arg("json").arg(intake);
    for s in sets {
        cmd.arg("--set").arg(s);
    }
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "quote {sets:?} failed:\n{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Runs `quote --set` and expects exit 2; returns stderr.
fn quote_fails(intake: &Path, sets: &[&str]) -> String {
    let mut cmd = propose();
    cmd.arg("quote").arg(intake);
    for s in sets {
        cmd.arg("--set").arg(s);
    }
    let out = cmd.output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{sets:?} should fail with 2");
    assert!(out.stdout.is_empty());
    String::from_utf8(out.stderr).unwrap()
}

/// The example with `edits` (find, replace) made by hand, quoted from a temporary file.
fn quote_edited(name: &str, edits: &[(&str, &str)]) -> Value {
    let mut text = std::fs::read_to_string(example(name)).unwrap();
    for (find, replace) in edits {
        assert!(text.contains(find), "{find:?} not in {name}");
        text = text.replacen(find, replace, 1);
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    quote(&path, &[])
}

/// `--set` gives what the hand edit gives, and changes the proposal.
fn same_as_editing(name: &str, sets: &[&str], edits: &[(&str, &str)]) -> Value {
    let set = quote(&example(name), sets);
    assert_eq!(set, quote_edited(name, edits), "--set {sets:?} differs from editing {name}");
    assert_ne!(set, quote(&example(name), &[]), "--set {sets:?} changed nothing");
    set
}

#[test]
fn a_string() {
    let p = same_as_editing(
        "northwind-migration.toml",
        &["proposal.currency=EUR"],
        &[("currency = \"USD\"", "currency = \"EUR\"")],
    );
    assert_eq!(p["totals"]["currency"], "EUR");
}

#[test]
fn a_bare_string_with_spaces_and_commas_or_a_quoted_one() {
    let p = quote(&example("northwind-migration.toml"), &["client.name=Northwind Traders, Inc."]);
    assert_eq!(p["client"]["name"], "Northwind Traders, Inc.");
    let p = quote(&example("northwind-migration.toml"), &["client.name=\"true\""]);
    assert_eq!(p["client"]["name"], "true");
}

#[test]
fn a_tier_name_in_the_second_engagement() {
    let p = same_as_editing(
        "northwind-migration.toml",
        &["engagement[1].tier=extended-hours"],
        &[("tier = \"24x7-premium\"", "tier = \"extended-hours\"")],
    );
    assert_eq!(p["engagements"][1]["managed"]["tier"]["id"], "extended-hours");
}

#[test]
fn an_integer_in_an_inline_table() {
    let p = same_as_editing(
        "northwind-migration.toml",
        &["engagement[1].inventory.servers=80"],
        &[("servers = 40", "servers = 80")],
    );
    assert_eq!(p["engagements"][1]["managed"]["inventory"][0]["quantity"], 80);
}

#[test]
fn an_integer_at_the_top_of_an_engagement() {
    let p =
        same_as_editing("northwind-migration.toml", &["engagement[1].months=24"], &[("months = 12", "months = 24")]);
    assert_eq!(p["engagements"][1]["months"], 24);
}

#[test]
fn a_decimal() {
    same_as_editing(
        "nordlys-legacy.toml",
        &["engagement[0].phases.pilot.scale=0.75"],
        &[("pilot = { scale = 0.5 }", "pilot = { scale = 0.75 }")],
    );
    same_as_editing("nordlys-legacy.toml", &["discount[0].percent=2.5"], &[("percent = \"7.5\"", "percent = 2.5")]);
}

#[test]
fn a_bool() {
    let p = same_as_editing(
        "nordlys-legacy.toml",
        &["engagement[0].phases.maintenance-support.skip=false"],
        &[("maintenance-support = { skip = true }", "maintenance-support = { skip = false }")],
    );
    assert!(p["phases"].as_array().unwrap().iter().any(|ph| ph["id"] == "maintenance-support"));
}

#[test]
fn a_date() {
    let p = same_as_editing(
        "northwind-migration.toml",
        &["proposal.date=2026-03-09"],
        &[("date = 2026-03-02", "date = 2026-03-09")],
    );
    assert_eq!(p["proposal"]["date"], "2026-03-09");
    same_as_editing(
        "northwind-migration.toml",
        &["engagement[0].start=2026-04-06"],
        &[("start = 2026-03-16", "start = 2026-04-06")],
    );
}

#[test]
fn an_array_element_and_a_whole_array() {
    let p = same_as_editing(
        "northwind-migration.toml",
        &["objectives[1]=Sleep at night."],
        &[(
            "{ text = \"Run production with 24/7 cover without hiring an in-house SRE team.\", by = [\"steady-state\"] }",
            "\"Sleep at night.\"",
        )],
    );
    assert_eq!(p["objectives"][1], "Sleep at night.");
    same_as_editing(
        "northwind-migration.toml",
        &["holidays=[2026-03-17, 2026-03-18]"],
        &[("holidays = [2026-04-03]", "holidays = [2026-03-17, 2026-03-18]")],
    );
}

#[test]
fn a_whole_inline_table() {
    same_as_editing(
        "northwind-migration.toml",
        &["engagement[1].inventory={ servers = 10 }"],
        &[("{ servers = 40, databases = 6, clusters = 2, cloud-accounts = 3 }", "{ servers = 10 }")],
    );
}

#[test]
fn a_new_key_in_an_existing_table() {
    let p = same_as_editing(
        "northwind-migration.toml",
        &["proposal.valid_days=7"],
        &[("locale = \"en-US\"\n", "locale = \"en-US\"\nvalid_days = 7\n")],
    );
    assert_eq!(p["proposal"]["valid_until"], "2026-03-09");
    // A new key with a dash, in an inline table.
    same_as_editing(
        "northwind-migration.toml",
        &["engagement[1].inventory.storage-tb=5"],
        &[("cloud-accounts = 3 }", "cloud-accounts = 3, storage-tb = 5 }")],
    );
    // A new table-valued key in an engagement.
    let p = same_as_editing(
        "northwind-migration.toml",
        &["engagement[0].phases={ pilot = { skip = true } }"],
        &[("start = 2026-03-16\n", "start = 2026-03-16\nphases = { pilot = { skip = true } }\n")],
    );
    assert!(!p["phases"].as_array().unwrap().iter().any(|ph| ph["id"] == "pilot"));
}

#[test]
fn later_sets_see_earlier_ones() {
    let p = quote(
        &example("northwind-migration.toml"),
        &[
            "engagement[1].inventory={ servers = 1 }",
            "engagement[1].inventory.databases=2",
            "engagement[1].inventory.servers=3",
        ],
    );
    let inventory = &p["engagements"][1]["managed"]["inventory"];
    assert_eq!((inventory[0]["id"].as_str(), inventory[0]["quantity"].as_u64()), (Some("servers"), Some(3)));
    assert_eq!((inventory[1]["id"].as_str(), inventory[1]["quantity"].as_u64()), (Some("databases"), Some(2)));
}

#[test]
fn a_value_of_the_wrong_type_is_located_where_it_was_set() {
    let err = quote_fails(&example("northwind-migration.toml"), &["engagement[1].months=abc"]);
    assert!(err.contains(&(at_line("northwind-migration.toml", "months = 12") + "10")), "{err}");
    assert!(err.contains("months = \"abc\""), "{err}");
}

#[test]
fn an_unknown_new_key_is_rejected_by_validation_with_a_suggestion() {
    let err = quote_fails(&example("northwind-migration.toml"), &["proposal.curency=EUR"]);
    assert!(err.contains("unknown key `curency`"), "{err}");
    assert!(err.contains("did you mean `currency`?"), "{err}");
}

#[test]
fn an_index_past_the_end_points_at_the_array_and_lists_the_indices() {
    let err = quote_fails(&example("northwind-migration.toml"), &["engagement[3].tier=gold"]);
    assert!(err.starts_with("error: `--set engagement[3].tier=gold`: `engagement` has 2 entries"), "{err}");
    assert!(err.contains(&(at_line("northwind-migration.toml", "[[engagement]]") + "1\n")), "{err}");
    assert!(err.contains("[[engagement]]"), "{err}");
    assert!(err.contains("use an index from 0 to 1"), "{err}");
}

#[test]
fn a_missing_table_suggests_the_closest_key() {
    let err = quote_fails(&example("northwind-migration.toml"), &["proposl.currency=EUR"]);
    assert!(err.contains("no key `proposl` in the intake"), "{err}");
    assert!(err.contains("did you mean `proposal`?"), "{err}");
}

#[test]
fn a_key_under_a_value_or_an_index_into_a_table_is_explained() {
    let err = quote_fails(&example("northwind-migration.toml"), &["engagement[1].tier.name=x"]);
    assert!(err.contains("`engagement[1].tier` is a string, not a table"), "{err}");
    assert!(err.contains(&(at_line("northwind-migration.toml", "tier = ") + "8")), "{err}");
    let err = quote_fails(&example("northwind-migration.toml"), &["engagement.tier=x"]);
    assert!(err.contains("pick an entry by index first, e.g. `engagement[0].tier`"), "{err}");
    let err = quote_fails(&example("northwind-migration.toml"), &["client[0]=x"]);
    assert!(err.contains("`client` is a table, not an array"), "{err}");
    let err = quote_fails(&example("northwind-migration.toml"), &["client=x"]);
    assert!(err.contains("`client` is a table, which a value cannot replace"), "{err}");
}

#[test]
fn a_malformed_path_or_a_missing_equals_sign_is_bad_input() {
    let err = quote_fails(&example("northwind-migration.toml"), &["engagement[one].tier=gold"]);
    assert!(err.contains("`--set engagement[one].tier=gold`: `engagement[one].tier` is not a path"), "{err}");
    let err = quote_fails(&example("northwind-migration.toml"), &["proposal.currency"]);
    assert!(err.contains("`--set proposal.currency` has no `=`"), "{err}");
    assert!(err.contains("PATH=VALUE"), "{err}");
}

#[test]
fn render_takes_set_too() {
    let dir = tempfile::tempdir().unwrap();
    propose()
        .args(["render", "--format", "json", "--set", "proposal.number=CD-TEST-1", "--out"])
        .arg(dir.path())
        .arg(example("acme-managed.toml"))
        .assert()
        .success();
    let p: Value = serde_json::from_slice(&std::fs::read(dir.path().join("CD-TEST-1.json")).unwrap()).unwrap();
    assert_eq!(p["proposal"]["number"], "CD-TEST-1");
}
