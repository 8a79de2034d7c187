//! Issue 8: alternative options (good / better / best) in one proposal.

use crate::common::*;

use std::path::{Path, PathBuf};

const EXAMPLE: &str = "examples/tailspin-options.toml";

fn json(args: &[&str]) -> serde_json::Value {
    let out = propose().args(args).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn quote_json_lists_every_option_with_its_totals() {
    let v = json(&["quote", "--format", "json", EXAMPLE]);
    let options = v["options"].as_array().unwrap();
    let names: Vec<&str> = options.iter().map(|o| o["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Essential", "Extended", "Premium"]);
    let recommended: Vec<bool> = options.iter().map(|o| o["recommended"].as_bool().unwrap()).collect();
    assert_eq!(recommended, [false, true, false]);
    // The model outside `options` is the recommended option's.
    assert_eq!(v["totals"], options[1]["totals"]);
    assert_eq!(options[2]["comparison"]["response_time"], "30 minutes for critical issues");
    assert_eq!(options[2]["timeline"]["weeks"], 105);
    // Each option's payments sum exactly to its contract value.
    for o in options {
        let sum: rust_decimal::Decimal = o["payment_schedule"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["amount"].as_str().unwrap().parse::<rust_decimal::Decimal>().unwrap())
            .sum();
        assert_eq!(sum.to_string(), o["totals"]["contract_value"].as_str().unwrap(), "{}", o["name"]);
    }
    let values: Vec<&str> = options.iter().map(|o| o["comparison"]["contract_value"].as_str().unwrap()).collect();
    assert!(values[0] < values[1] && values[1].len() <= values[2].len(), "{values:?}");
}

#[test]
fn the_proposal_opens_its_pricing_with_a_comparison_table() {
    let dir = tempfile::tempdir().unwrap();
    propose().args(["render", EXAMPLE, "--out"]).arg(dir.path()).assert().success();
    let md = std::fs::read_to_string(dir.path().join("CD-2026-030.md")).unwrap();
    let pricing = &md[md.find("## Pricing").unwrap()..];
    let table =
        &pricing[pricing.find("| | Essential | **Extended (recommended)** | Premium |").expect("comparison header")..];
    for row in [
        "| One-time fees |",
        "| Monthly fees |",
        "| Total contract value |",
        "| Response time |",
        "| Coverage |",
        "| Duration |",
        "| Includes |",
    ] {
        assert!(table.contains(row), "no `{row}` row");
    }
    assert!(table.contains("| Total contract value | €60,543.36 | **€82,183.92** | €224,050.08 |"));
    for n in 1..=3 {
        assert!(pricing.contains(&format!("#### Option {n}: ")), "option {n} has no pricing");
    }
}

#[test]
fn batch_gives_a_row_per_option() {
    let out = propose().args(["batch", EXAMPLE, "--format", "csv"]).output().unwrap();
    assert!(out.status.success());
    let mut reader = csv::Reader::from_reader(&out.stdout[..]);
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    let scenarios: Vec<&str> = rows.iter().map(|r| &r[1]).collect();
    assert_eq!(scenarios, ["option=Essential", "option=Extended", "option=Premium"]);
    assert_eq!(&rows[2][7], "224050.08");
}

fn intake(dir: &Path, options: &str) -> PathBuf {
    let base = std::fs::read_to_string(EXAMPLE).unwrap();
    let cut = base.find("\n[[option]]\n").unwrap() + 1;
    let path = dir.join("intake.toml");
    std::fs::write(&path, format!("{}{options}", &base[..cut])).unwrap();
    path
}

fn stderr_of(path: &Path) -> String {
    let out = propose().arg("check").arg(path).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn an_invalid_override_value_is_located_at_the_option() {
    let dir = tempfile::tempdir().unwrap();
    let path = intake(
        dir.path(),
        "[[option]]\nname = \"A\"\nset = { \"engagement[0].tier\" = \"gold\" }\n\n[[option]]\nname = \"B\"\nrecommended = true\n",
    );
    let stderr = stderr_of(&path);
    assert!(stderr.starts_with("error: option `A`: unknown SLA tier `gold`\n"), "{stderr}");
    assert!(stderr.contains("intake.toml:30:9\n"), "{stderr}");
    assert!(stderr.contains("30 | set = { \"engagement[0].tier\" = \"gold\" }"), "{stderr}");
}

#[test]
fn an_override_of_a_missing_path_is_located_at_the_option() {
    let dir = tempfile::tempdir().unwrap();
    let path = intake(
        dir.path(),
        "[[option]]\nname = \"A\"\nrecommended = true\nset = { \"engagement[3].tier\" = \"extended-hours\" }\n\n[[option]]\nname = \"B\"\n",
    );
    let stderr = stderr_of(&path);
    assert!(stderr.starts_with("error: option `A`: "), "{stderr}");
    assert!(stderr.contains("intake.toml:31:9\n"), "{stderr}");
}

#[test]
fn options_need_two_to_four_and_exactly_one_recommended() {
    let dir = tempfile::tempdir().unwrap();
    let one = intake(dir.path(), "[[option]]\nname = \"A\"\nrecommended = true\n");
    assert!(stderr_of(&one).contains("error: 1 option(s) given"));
    let none = intake(dir.path(), "[[option]]\nname = \"A\"\n\n[[option]]\nname = \"B\"\n");
    assert!(stderr_of(&none).contains("error: 0 options are marked recommended"));
    let twice = intake(dir.path(), "[[option]]\nname = \"A\"\nrecommended = true\n\n[[option]]\nname = \"A\"\n");
    assert!(stderr_of(&twice).contains("error: option `A` is named twice"));
}

#[test]
fn the_pdf_keeps_the_comparison_table_on_one_page() {
    let dir = tempfile::tempdir().unwrap();
    propose().args(["render", EXAMPLE, "--format", "pdf", "--out"]).arg(dir.path()).assert().success();
    let doc = lopdf::Document::load(dir.path().join("CD-2026-030.pdf")).unwrap();
    let pages: Vec<String> = doc.get_pages().keys().map(|n| doc.extract_text(&[*n]).unwrap()).collect();
    let page = pages.iter().find(|t| t.contains("Options at a glance")).expect("no comparison in the PDF");
    for row in [
        "Extended (recommended)",
        "One-time fees",
        "Monthly fees",
        "Total contract value",
        "Response time",
        "Coverage",
        "Duration",
        "Includes",
        "€224,050.08",
    ] {
        assert!(page.contains(row), "`{row}` is not on the comparison's page");
    }
}
