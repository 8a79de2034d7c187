//! Issue 16: every batch row carries its pricing-policy outcome, and the exit code follows
//! `quote`'s rule (3 for a breach nobody approved, unless `--draft`).

use super::{batch, parse_csv};
use std::path::{Path, PathBuf};

const INTAKE: &str = r#"
[proposal]
number = "BP-1"
date = 2026-03-02

[client]
name = "Batch Policy Ltd"

[[engagement]]
model = "project"
scenario = "cloud-migration"
start = 2026-03-16

[[discount]]
label = "Loyalty"
percent = 10
"#;

fn intake(dir: &Path) -> PathBuf {
    let path = dir.join("policy.toml");
    std::fs::write(&path, INTAKE).unwrap();
    path
}

const VARY: [&str; 2] = ["--vary", "discount[0].percent=10,20"];

#[test]
fn a_breach_is_named_in_its_row_and_exits_3_like_quote() {
    let dir = tempfile::tempdir().unwrap();
    let path = intake(dir.path());
    let run = batch(&[path.to_str().unwrap(), VARY[0], VARY[1]]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    let rows = parse_csv(&run.stdout);
    let policy: Vec<&str> = rows.iter().map(|r| r["policy"].as_str()).collect();
    assert_eq!(policy, ["ok", "max-discount"]);
    assert!(rows.iter().all(|r| r["status"] == "ok"));
    assert!(run.stderr.contains("1 scenario breaches pricing policy without approval"), "{}", run.stderr);
    super::assert_row_matches_quote(&rows[0]);
    // `quote` agrees on the exit code for the breaching scenario.
    let out = crate::common::propose().args(["quote", "--set", "discount[0].percent=20"]).arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
}

#[test]
fn an_approver_or_draft_lets_the_breach_through_and_the_row_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let path = intake(dir.path());
    let run = batch(&[path.to_str().unwrap(), VARY[0], VARY[1], "--approved-by", "Jane Roe", "--format", "jsonl"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let rows: Vec<serde_json::Value> = run.stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(rows[0]["policy"], "ok");
    assert_eq!(rows[1]["policy"], "max-discount (approved)");
    let draft = batch(&[path.to_str().unwrap(), VARY[0], VARY[1], "--draft", "--format", "table"]);
    assert_eq!(draft.code, 0, "{}", draft.stderr);
    assert!(draft.stdout.lines().next().unwrap().contains("policy"), "{}", draft.stdout);
    assert!(draft.stdout.contains("max-discount"), "{}", draft.stdout);
}

#[test]
fn bad_input_outranks_a_breach_in_the_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    let path = intake(dir.path());
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "[proposal\n").unwrap();
    let run = batch(&[path.to_str().unwrap(), bad.to_str().unwrap(), "--set", "discount[0].percent=20"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let rows = parse_csv(&run.stdout);
    assert_eq!(rows[0]["policy"], "max-discount");
    assert_eq!(rows[1]["policy"], "");
}

#[test]
fn an_unapproved_breach_is_not_rendered_but_a_draft_is() {
    let dir = tempfile::tempdir().unwrap();
    let path = intake(dir.path());
    let out = dir.path().join("out");
    let o = out.to_str().unwrap();
    let run = batch(&[path.to_str().unwrap(), VARY[0], VARY[1], "--render", "md", "--out", o]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    let rows = parse_csv(&run.stdout);
    assert_eq!(rows[1]["status"], "error");
    assert!(rows[1]["error"].starts_with("not rendered: the quote breaches pricing policy"), "{:?}", rows[1]);
    let mut files: Vec<String> =
        std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    files.sort();
    assert_eq!(files, ["0001-policy-BP-1.md"]);
    let drafts = dir.path().join("drafts");
    let run = batch(&[
        path.to_str().unwrap(),
        VARY[0],
        VARY[1],
        "--render",
        "md",
        "--draft",
        "--out",
        drafts.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let md = std::fs::read_to_string(drafts.join("0002-policy-BP-1.md")).unwrap();
    assert!(md.contains("**DRAFT – not approved.**"), "{md}");
}
