//! A closed stdout never hides a failure: once stdout's reader has gone, printing stops
//! quietly, but every command still processes every input, reports each bad one on stderr
//! and exits 2 for bad input and 3 for a policy breach.

use crate::common::*;

use std::path::Path;
use std::process::Output;

/// Runs the binary with a stdout whose reader is closed before it starts, so its first write
/// already meets a broken pipe.
fn with_closed_stdout(args: &[&str]) -> Output {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    std::process::Command::new(assert_cmd::cargo::cargo_bin("propose"))
        .current_dir(root())
        .env("NO_COLOR", "1")
        .args(args)
        .stdout(writer)
        .stderr(std::process::Stdio::piped())
        .output()
        .unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

/// An intake whose discount breaches the pricing policy.
fn breach(dir: &Path) -> String {
    let text = std::fs::read_to_string(example("northwind-migration.toml")).unwrap()
        + "\n[[discount]]\nlabel = \"Friends\"\npercent = 20\n";
    let path = dir.join("breach.toml");
    std::fs::write(&path, text.replace("CD-2026-014", "CD-2026-999")).unwrap();
    path.display().to_string()
}

const GOOD: &str = "examples/acme-managed.toml";
const BAD: &str = "tests/bad/misspelt-tier.toml";

#[test]
fn check_goes_on_after_stdout_closes() {
    let out = with_closed_stdout(&["check", GOOD, "examples/northwind-migration.toml", BAD]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = stderr(&out);
    assert!(stderr.starts_with("error: unknown SLA tier `24x7-premum`"), "{stderr}");
    assert!(!stderr.contains("standard output"), "{stderr}");
}

#[test]
fn render_goes_on_after_stdout_closes_and_reports_bad_input_and_breaches() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("out");
    let out_arg = out_dir.display().to_string();
    let out = with_closed_stdout(&["render", "--out", &out_arg, GOOD, BAD, "examples/fabrikam-advisory.toml"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("unknown SLA tier `24x7-premum`"));
    // The intake after the bad one is still rendered.
    let number = |example: &str| {
        let text = std::fs::read_to_string(root().join(example)).unwrap();
        text.lines().find_map(|l| l.strip_prefix("number = \"")?.split('"').next().map(str::to_string)).unwrap()
    };
    for example in [GOOD, "examples/fabrikam-advisory.toml"] {
        assert!(out_dir.join(format!("{}.md", number(example))).is_file(), "{example} was not rendered");
    }

    let breach = breach(dir.path());
    let out = with_closed_stdout(&["render", "--out", &out_arg, GOOD, &breach]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(stderr(&out).contains("[max-discount]"), "{}", stderr(&out));
}

#[test]
fn quote_reports_a_breach_after_stdout_closes() {
    let dir = tempfile::tempdir().unwrap();
    let out = with_closed_stdout(&["quote", &breach(dir.path())]);
    assert_eq!(out.status.code(), Some(3));
    assert!(stderr(&out).contains("[max-discount]"), "{}", stderr(&out));
    let out = with_closed_stdout(&["quote", BAD]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn batch_prices_every_scenario_after_stdout_closes() {
    // 1,200 good scenarios fill the first chunk, whose rows meet the closed pipe; the bad
    // input's come later and must still count.
    let months: Vec<String> = (1..=120).map(|n| n.to_string()).collect();
    let out = with_closed_stdout(&[
        "batch",
        GOOD,
        BAD,
        "--vary",
        &format!("engagement[0].months={}", months.join(",")),
        "--vary",
        "proposal.valid_days=1,2,3,4,5,6,7,8,9,10",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = stderr(&out);
    assert_eq!(stderr.matches("error: unknown SLA tier `24x7-premum`").count(), 1200, "{stderr}");
}
