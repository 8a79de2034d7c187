//! `propose batch`: one row per scenario, numbers equal to `propose quote` for the same
//! scenario, deterministic order whatever `--jobs` is, error rows that stop nothing, every
//! kind of input, and rendered files that cannot collide.

mod policy;

use crate::common::*;

use serde_json::Value;
use std::collections::HashMap;

const HEADER: [&str; 15] = [
    "input",
    "scenario",
    "client",
    "proposal_number",
    "models",
    "one_time",
    "monthly",
    "contract_value",
    "currency",
    "start",
    "end",
    "weeks",
    "policy",
    "status",
    "error",
];

pub(crate) struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub(crate) fn batch(args: &[&str]) -> Run {
    let out = propose().arg("batch").args(args).output().unwrap();
    Run {
        code: out.status.code().unwrap(),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

/// The CSV's rows as maps from column to cell, after checking the header.
pub(crate) fn parse_csv(text: &str) -> Vec<HashMap<String, String>> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(header, HEADER);
    reader.records().map(|r| header.iter().cloned().zip(r.unwrap().iter().map(str::to_string)).collect()).collect()
}

/// `propose quote --format json` for a row's input and scenario.
pub(crate) fn quote(input: &str, scenario: &str) -> Value {
    let mut cmd = propose();
    cmd.args(["quote", "--format", "json", input]);
    for assignment in scenario.split(';').filter(|s| !s.is_empty()) {
        cmd.arg("--set").arg(assignment);
    }
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The row says what `propose quote` says for the same scenario.
pub(crate) fn assert_row_matches_quote(row: &HashMap<String, String>) {
    let p = quote(&row["input"], &row["scenario"]);
    let models: Vec<&str> = p["engagements"].as_array().unwrap().iter().map(|e| e["model"].as_str().unwrap()).collect();
    let expected = [
        ("client", p["client"]["name"].as_str().unwrap().to_string()),
        ("proposal_number", p["proposal"]["number"].as_str().unwrap().to_string()),
        ("models", models.join("+")),
        ("one_time", p["totals"]["one_time"].as_str().unwrap().to_string()),
        ("monthly", p["totals"]["monthly"].as_str().unwrap().to_string()),
        ("contract_value", p["totals"]["contract_value"].as_str().unwrap().to_string()),
        ("currency", p["totals"]["currency"].as_str().unwrap().to_string()),
        ("start", p["timeline"]["start"].as_str().unwrap().to_string()),
        ("end", p["timeline"]["end"].as_str().unwrap().to_string()),
        ("weeks", p["timeline"]["weeks"].to_string()),
        ("policy", policy_outcome(&p["policy"])),
        ("status", "ok".to_string()),
        ("error", String::new()),
    ];
    for (column, value) in expected {
        assert_eq!(row[column], value, "{column} of {} / {}", row["input"], row["scenario"]);
    }
}

/// What the `policy` column should say for `quote --format json`'s review.
fn policy_outcome(review: &Value) -> String {
    let mut rules: Vec<&str> = Vec::new();
    for b in review["breaches"].as_array().unwrap() {
        let rule = b["rule"].as_str().unwrap();
        if !rules.contains(&rule) {
            rules.push(rule);
        }
    }
    match (rules.is_empty(), review["approved"].as_bool().unwrap()) {
        (true, _) => "ok".to_string(),
        (false, false) => rules.join("+"),
        (false, true) => format!("{} (approved)", rules.join("+")),
    }
}

#[test]
fn every_row_of_a_matrix_equals_quote_for_the_same_scenario() {
    let run = batch(&[
        "examples/acme-managed.toml",
        "--vary",
        "engagement[0].inventory.servers=40,80",
        "--vary",
        "engagement[0].months=12,24",
        "--vary",
        "engagement[0].tier=business-hours,24x7-premium",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let rows = parse_csv(&run.stdout);
    assert_eq!(rows.len(), 8);
    // The first --vary varies slowest.
    assert_eq!(
        rows[0]["scenario"],
        "engagement[0].inventory.servers=40;engagement[0].months=12;engagement[0].tier=business-hours"
    );
    assert_eq!(
        rows[1]["scenario"],
        "engagement[0].inventory.servers=40;engagement[0].months=12;engagement[0].tier=24x7-premium"
    );
    assert_eq!(
        rows[7]["scenario"],
        "engagement[0].inventory.servers=80;engagement[0].months=24;engagement[0].tier=24x7-premium"
    );
    for row in &rows {
        assert_row_matches_quote(row);
    }
    let contracts: std::collections::HashSet<&str> = rows.iter().map(|r| r["contract_value"].as_str()).collect();
    assert_eq!(contracts.len(), 8, "every scenario prices differently");
}

#[test]
fn a_directory_gives_every_example_sorted_each_equal_to_quote() {
    let run = batch(&["examples"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let rows = parse_csv(&run.stdout);
    let mut expected: Vec<String> = std::fs::read_dir(example(""))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .map(|p| format!("examples/{}", p.file_name().unwrap().to_str().unwrap()))
        .collect();
    expected.sort();
    let mut inputs: Vec<&str> = rows.iter().map(|r| r["input"].as_str()).collect();
    inputs.dedup();
    assert_eq!(inputs, expected);
    for row in &rows {
        // An intake with options gives a row per option; the recommended one is the quote's.
        match row["scenario"].strip_prefix("option=") {
            None => assert_row_matches_quote(row),
            Some(name) => {
                let p = quote(&row["input"], "");
                let option = p["options"].as_array().unwrap().iter().find(|o| o["name"] == name).unwrap();
                assert_eq!(row["contract_value"], option["totals"]["contract_value"].as_str().unwrap());
            }
        }
    }
}

#[test]
fn set_applies_to_every_scenario() {
    let run = batch(&[
        "examples/northwind-migration.toml",
        "--set",
        "engagement[1].tier=extended-hours",
        "--vary",
        "engagement[1].months=6,36",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let rows = parse_csv(&run.stdout);
    for row in &rows {
        let p = quote(&row["input"], &format!("engagement[1].tier=extended-hours;{}", row["scenario"]));
        assert_eq!(row["contract_value"], p["totals"]["contract_value"].as_str().unwrap());
    }
    assert_ne!(rows[0]["contract_value"], rows[1]["contract_value"]);
}

#[test]
fn output_is_identical_whatever_jobs_is_across_chunks() {
    let servers: Vec<String> = (1..=45).map(|n| n.to_string()).collect();
    let args = |jobs: &'static str| {
        vec![
            "examples/acme-managed.toml".to_string(),
            "examples/northwind-migration.toml".to_string(),
            "--vary".to_string(),
            format!("engagement[0].inventory.servers={}", servers.join(",")),
            "--vary".to_string(),
            "engagement[0].months=6,12,18,24,30,36,42,48,54,60,66,72,78,84".to_string(),
            "--jobs".to_string(),
            jobs.to_string(),
        ]
    };
    let run = |jobs| {
        let out = propose().arg("batch").args(args(jobs)).output().unwrap();
        (out.status.code(), out.stdout, out.stderr)
    };
    let one = run("1");
    let four = run("4");
    assert_eq!(one.0, Some(2), "northwind's engagement[0] is a project: those scenarios fail");
    assert_eq!(one, four);
    let rows = parse_csv(std::str::from_utf8(&one.1).unwrap());
    assert_eq!(rows.len(), 2 * 45 * 14, "more rows than one chunk of 1,024");
    for (n, row) in rows.iter().enumerate() {
        let (input, m) = (n / (45 * 14), n % (45 * 14));
        let expected =
            format!("engagement[0].inventory.servers={};engagement[0].months={}", m / 14 + 1, 6 * (m % 14 + 1));
        assert_eq!(row["scenario"], expected);
        let (file, status) = [("acme-managed.toml", "ok"), ("northwind-migration.toml", "error")][input];
        assert_eq!(row["input"], format!("examples/{file}"));
        assert_eq!(row["status"], status);
    }
}

#[test]
fn a_failing_scenario_gives_an_error_row_and_stops_nothing() {
    let run = batch(&["examples/acme-managed.toml", "--vary", "engagement[0].tier=business-hours,gold,24x7-premium"]);
    assert_eq!(run.code, 2);
    let rows = parse_csv(&run.stdout);
    let status: Vec<&str> = rows.iter().map(|r| r["status"].as_str()).collect();
    assert_eq!(status, ["ok", "error", "ok"]);
    assert_row_matches_quote(&rows[0]);
    assert_row_matches_quote(&rows[2]);
    let tier_line = std::fs::read_to_string(example("acme-managed.toml"))
        .unwrap()
        .lines()
        .position(|l| l.starts_with("tier = "))
        .unwrap()
        + 1;
    assert_eq!(rows[1]["error"], format!("unknown SLA tier `gold` at examples/acme-managed.toml:{tier_line}:8"));
    for column in ["client", "one_time", "monthly", "contract_value", "weeks"] {
        assert_eq!(rows[1][column], "", "{column}");
    }
    assert!(run.stderr.contains("error: unknown SLA tier `gold`"), "{}", run.stderr);
    assert!(run.stderr.contains("tier = \"gold\""), "{}", run.stderr);
    assert!(run.stderr.contains("= note: in scenario `engagement[0].tier=gold`"), "{}", run.stderr);
}

#[test]
fn a_missing_file_and_a_path_missing_from_one_input_fail_only_their_rows() {
    let run = batch(&[
        "examples/northwind-migration.toml",
        "examples/no-such-intake.toml",
        "examples/acme-managed.toml",
        "--vary",
        "engagement[1].months=12,24",
    ]);
    assert_eq!(run.code, 2);
    let rows = parse_csv(&run.stdout);
    let got: Vec<(&str, &str)> = rows.iter().map(|r| (r["input"].as_str(), r["status"].as_str())).collect();
    assert_eq!(
        got,
        [
            ("examples/northwind-migration.toml", "ok"),
            ("examples/northwind-migration.toml", "ok"),
            ("examples/no-such-intake.toml", "error"),
            ("examples/no-such-intake.toml", "error"),
            ("examples/acme-managed.toml", "error"),
            ("examples/acme-managed.toml", "error"),
        ]
    );
    assert!(rows[2]["error"].starts_with("cannot read `examples/no-such-intake.toml`"), "{}", rows[2]["error"]);
    assert!(
        rows[4]["error"].contains("`engagement` has 1 entry, so there is no `engagement[1]`"),
        "{}",
        rows[4]["error"]
    );
    // An input-wide failure is explained once, not once per scenario.
    assert_eq!(run.stderr.matches("cannot read `examples/no-such-intake.toml`").count(), 1, "{}", run.stderr);
    assert_eq!(run.stderr.matches("has 1 entry").count(), 1, "{}", run.stderr);
    assert!(run.stderr.contains("all 2 scenarios of `examples/acme-managed.toml` fail"), "{}", run.stderr);
}

#[test]
fn all_good_exits_zero_with_nothing_on_stderr() {
    let run = batch(&["examples/acme-managed.toml", "--vary", "engagement[0].months=12,24"]);
    assert_eq!(run.code, 0);
    assert_eq!(run.stderr, "");
    assert_eq!(parse_csv(&run.stdout).len(), 2);
}

#[test]
fn directories_are_sorted_and_stdin_lists_paths() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(example("northwind-migration.toml"), dir.path().join("b.toml")).unwrap();
    std::fs::copy(example("acme-managed.toml"), dir.path().join("a.toml")).unwrap();
    std::fs::write(dir.path().join("notes.txt"), "not an intake").unwrap();
    let out = propose().arg("batch").arg(dir.path()).output().unwrap();
    assert!(out.status.success());
    let rows = parse_csv(std::str::from_utf8(&out.stdout).unwrap());
    let clients: Vec<&str> = rows.iter().map(|r| r["client"].as_str()).collect();
    assert_eq!(clients, ["Acme Corporation", "Northwind Traders"]);

    let out = propose()
        .args(["batch", "-", "--format", "jsonl"])
        .write_stdin("examples/northwind-migration.toml\n\nexamples/acme-managed.toml\r\n")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let rows: Vec<Value> =
        std::str::from_utf8(&out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let inputs: Vec<&str> = rows.iter().map(|r| r["input"].as_str().unwrap()).collect();
    assert_eq!(inputs, ["examples/northwind-migration.toml", "examples/acme-managed.toml"]);
}

#[test]
fn jsonl_has_the_csv_fields_and_values() {
    // Northwind is dated on the day of the catalog's rates, so it may be priced in euros (acme,
    // dated before, may not).
    let args =
        ["examples/northwind-migration.toml", "examples/contoso-pentest.toml", "--vary", "proposal.currency=EUR,XXX"];
    let csv_rows = parse_csv(&batch(&args).stdout);
    let run = batch(&[&args[..], &["--format", "jsonl"]].concat());
    assert_eq!(run.code, 2);
    let rows: Vec<Value> = run.stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(rows.len(), csv_rows.len());
    for (json, csv) in rows.iter().zip(&csv_rows) {
        let object = json.as_object().unwrap();
        assert_eq!(object.len(), HEADER.len());
        for column in HEADER {
            let cell = match &json[column] {
                Value::Null => String::new(),
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            assert_eq!(cell, csv[column], "{column}");
        }
    }
    assert_eq!(rows[1]["status"], "error");
    assert_eq!(rows[1]["one_time"], Value::Null);
    assert!(rows[0]["weeks"].is_number());
}

#[test]
fn table_aligns_columns_for_people() {
    let run = batch(&["examples", "--format", "table"]);
    assert_eq!(run.code, 0);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(lines[0].starts_with("input "));
    let status = lines[0].find("status").unwrap();
    let currency = lines[0].find("currency").unwrap();
    for line in &lines[1..] {
        assert_eq!(&line[status..status + 2], "ok", "{line}");
        assert_eq!(line.as_bytes()[currency - 1], b' ', "{line}");
        // Amounts align right: the contract value ends where its header does.
        let end = lines[0].find("contract_value").unwrap() + "contract_value".len();
        assert!(line.as_bytes()[end - 1].is_ascii_digit() && line.as_bytes()[end] == b' ', "{line}");
    }
}

#[test]
fn render_writes_one_file_per_scenario_with_names_that_cannot_collide() {
    // Two inputs with the same file name and proposal number, in different directories.
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    std::fs::copy(example("acme-managed.toml"), a.path().join("acme.toml")).unwrap();
    std::fs::copy(example("acme-managed.toml"), b.path().join("acme.toml")).unwrap();
    let out = tempfile::tempdir().unwrap();
    let run = propose()
        .arg("batch")
        .arg(a.path().join("acme.toml"))
        .arg(b.path().join("acme.toml"))
        .args(["--vary", "engagement[0].months=12,24", "--render", "md,json", "--out"])
        .arg(out.path())
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let mut names: Vec<String> =
        std::fs::read_dir(out.path()).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    names.sort();
    let expected: Vec<String> =
        (1..=4).flat_map(|n| ["json", "md"].map(|ext| format!("{n:04}-acme-CD-2026-023.{ext}"))).collect();
    assert_eq!(names, expected);
    let json = |n: usize| -> Value {
        serde_json::from_slice(&std::fs::read(out.path().join(format!("{n:04}-acme-CD-2026-023.json"))).unwrap())
            .unwrap()
    };
    let rows = parse_csv(std::str::from_utf8(&run.stdout).unwrap());
    for (n, row) in rows.iter().enumerate() {
        assert_eq!(json(n + 1)["totals"]["contract_value"].as_str().unwrap(), row["contract_value"]);
    }
    assert_ne!(json(1)["totals"]["contract_value"], json(2)["totals"]["contract_value"]);
    let md = std::fs::read_to_string(out.path().join("0001-acme-CD-2026-023.md")).unwrap();
    assert!(md.contains("Acme Corporation"));
}

#[test]
fn usage_errors_exit_2_before_any_row() {
    for (args, message) in [
        (&["examples/acme-managed.toml", "--render", "md"][..], "`--render` needs `--out DIR`"),
        (&["examples/acme-managed.toml", "--vary", "engagement[0].months"][..], "has no `=`"),
        (&["examples/acme-managed.toml", "--vary", "engagement[0].months="][..], "has no values"),
        (&["examples/acme-managed.toml", "--vary", "engagement[].months=1"][..], "is not a path"),
        (&["examples/acme-managed.toml", "--set", "proposal..currency=EUR"][..], "is not a path"),
    ] {
        let run = batch(args);
        assert_eq!(run.code, 2, "{args:?}");
        assert_eq!(run.stdout, "", "{args:?}");
        assert!(run.stderr.contains(message), "{args:?}: {}", run.stderr);
    }
}

#[test]
fn no_progress_bar_in_a_pipe() {
    let run = batch(&["examples"]);
    assert!(!run.stderr.contains('\r'));
    assert!(!run.stderr.contains("scenarios"));
}

#[test]
fn a_closed_pipe_ends_the_batch_quietly() {
    use std::io::{BufRead, BufReader};
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("propose"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["batch", "examples", "--vary"])
        .arg(format!("proposal.valid_days={}", (1..=300).map(|n| n.to_string()).collect::<Vec<_>>().join(",")))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
    assert!(first.starts_with("input,scenario,"));
    // The reader is dropped here, with most of the 3,000 rows unread.
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

#[test]
fn csv_cells_that_a_spreadsheet_would_run_are_neutralised_and_jsonl_stays_exact() {
    let input = example("acme-managed.toml");
    let input = input.to_str().unwrap();
    for name in ["=HYPERLINK(\"http://evil.example\",\"x\")", "+1", "-2+3", "@SUM(A1:A9)"] {
        let set = format!("client.name={}", toml::Value::String(name.into()));
        let csv = batch(&[input, "--set", &set, "--format", "csv"]);
        assert_eq!(csv.code, 0, "{}", csv.stderr);
        let rows = parse_csv(&csv.stdout);
        assert_eq!(rows[0]["client"], format!("'{name}"));
        assert!(!rows[0]["contract_value"].starts_with('\''));

        let jsonl = batch(&[input, "--set", &set, "--format", "jsonl"]);
        let row: Value = serde_json::from_str(jsonl.stdout.lines().next().unwrap()).unwrap();
        assert_eq!(row["client"], name, "JSON Lines keep the name exactly");
    }
    let plain = batch(&[input, "--format", "csv"]);
    assert!(!parse_csv(&plain.stdout)[0]["client"].starts_with('\''), "an ordinary name is untouched");
}

#[test]
fn a_list_on_stdin_is_worked_on_as_it_arrives() {
    use std::io::{BufRead, BufReader, Write};
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("propose"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["batch", "-", "--format", "jsonl"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let _ = tx.send(line.unwrap());
        }
    });
    let row = |rx: &std::sync::mpsc::Receiver<String>| -> Value {
        let line = rx.recv_timeout(std::time::Duration::from_secs(60)).expect("no row while stdin stays open");
        serde_json::from_str(&line).unwrap()
    };
    // Each row comes while the list is still open: the batch does not wait for its end.
    for input in ["examples/acme-managed.toml", "examples/northwind-migration.toml"] {
        writeln!(stdin, "{input}").unwrap();
        stdin.flush().unwrap();
        assert_eq!(row(&rx)["input"], input);
    }
    writeln!(stdin, "examples/fabrikam-advisory.toml").unwrap();
    drop(stdin);
    assert_eq!(row(&rx)["input"], "examples/fabrikam-advisory.toml");
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
}
