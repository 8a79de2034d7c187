//! Issue 7: init, schema, completions, man page, diff, diagnostics colour, version.

use crate::common::*;

use assert_cmd::Command;
use std::path::{Path, PathBuf};

fn stdout(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn init_writes_a_valid_intake_for_every_model() {
    for model in ["project", "advisory", "managed"] {
        let text =
            stdout(propose().args(["init", "--model", model, "--client", "Fabrikam \"Labs\"", "--date", "2026-05-04"]));
        assert!(text.contains("#:schema"), "{model}: no schema directive");
        let checked = propose().args(["check", "-"]).write_stdin(text.clone()).output().unwrap();
        assert!(checked.status.success(), "{model}: {}", String::from_utf8_lossy(&checked.stderr));
        // Every key set in the file is explained: by a comment on its line, or by the comment
        // heading its group of lines.
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            if line.starts_with('#') || line.starts_with('[') || !line.contains('=') {
                continue;
            }
            let mut above = i;
            while above > 0 && lines[above - 1].contains('=') && !lines[above - 1].starts_with('#') {
                above -= 1;
            }
            let headed = above > 0 && lines[above - 1].starts_with('#');
            let key = line.split('=').next().unwrap().trim();
            let obvious = ["name", "model", "prepared_by", "start"].contains(&key);
            assert!(line.contains(" # ") || headed || obvious, "{model}: `{line}` is not explained");
        }
    }
}

#[test]
fn init_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("intake.toml");
    propose().args(["init", "--date", "2026-05-04", "--output"]).arg(&path).assert().success();
    let first = std::fs::read(&path).unwrap();
    propose().args(["init", "--model", "managed", "--output"]).arg(&path).assert().code(2);
    assert_eq!(std::fs::read(&path).unwrap(), first);
}

fn toml_to_json(v: toml::Value) -> serde_json::Value {
    match v {
        toml::Value::String(s) => s.into(),
        toml::Value::Integer(i) => i.into(),
        toml::Value::Float(f) => f.into(),
        toml::Value::Boolean(b) => b.into(),
        toml::Value::Datetime(d) => d.to_string().into(),
        toml::Value::Array(a) => a.into_iter().map(toml_to_json).collect(),
        toml::Value::Table(t) => {
            t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect::<serde_json::Map<_, _>>().into()
        }
    }
}

#[test]
fn every_example_validates_against_the_schema() {
    let schema: serde_json::Value = serde_json::from_str(&stdout(propose().arg("schema"))).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    for path in examples() {
        let value: toml::Value = toml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let json = toml_to_json(value);
        let errors: Vec<String> = validator.iter_errors(&json).map(|e| format!("{e} at {}", e.instance_path)).collect();
        assert!(errors.is_empty(), "{}: {errors:?}", path.display());
    }
    // And the schema rejects what propose rejects.
    let bad: toml::Value = toml::from_str("[proposal]\nnumber='x'\ndate=2026-01-01\n[client]\nname='c'\n[[engagement]]\nmodel='managed'\ntier='gold'\nmonths=1\ninventory={servers=1}\n").unwrap();
    assert!(!validator.is_valid(&toml_to_json(bad)));
}

#[test]
fn completions_parse_and_man_page_renders() {
    let dir = tempfile::tempdir().unwrap();
    let bash = stdout(propose().args(["completions", "bash"]));
    let file = dir.path().join("propose.bash");
    std::fs::write(&file, &bash).unwrap();
    let status = std::process::Command::new("bash").arg("-n").arg(&file).status().unwrap();
    assert!(status.success(), "bash -n rejected the completions");
    assert!(bash.contains("quote") && bash.contains("--explain"));
    for shell in ["zsh", "fish", "powershell"] {
        assert!(stdout(propose().args(["completions", shell])).contains("render"), "{shell}");
    }
    let man = stdout(propose().arg("man"));
    assert!(man.contains(".TH propose 1") && man.contains("quote"));
}

#[test]
fn version_names_the_catalog() {
    let v = stdout(propose().arg("--version"));
    assert!(v.starts_with("propose ") && v.contains("(catalog 2026."), "{v}");
}

fn variant(dir: &Path) -> PathBuf {
    let text = std::fs::read_to_string("examples/northwind-migration.toml").unwrap();
    let changed = text.replace("24x7-premium", "extended-hours").replace("start = 2026-03-16", "start = 2026-03-23");
    assert_ne!(text, changed);
    let path = dir.join("r2.toml");
    std::fs::write(&path, changed).unwrap();
    path
}

#[test]
fn diff_shows_changed_lines_totals_dates_and_milestones() {
    let dir = tempfile::tempdir().unwrap();
    let new = variant(dir.path());
    let text = stdout(propose().args(["diff", "examples/northwind-migration.toml"]).arg(&new));
    assert!(text.contains("~ total contract value: $454,147.85 → "), "{text}");
    // A fall starts with the minus sign U+2212, as in the documents; never a hyphen.
    assert!(text.contains("~ 2. Servers: $8,360.00 → $5,510.00 (\u{2212}$2,850.00)"), "{text}");
    assert!(!text.contains("(-"), "{text}");
    assert!(text.contains("~ start: 2026-03-16 → 2026-03-23"), "{text}");
    assert!(
        text.contains("  ~ 1. Research and discovery: 2026-03-25, $25,697.79 → 2026-04-01, $25,697.79\n"),
        "{text}"
    );
    let json: serde_json::Value = serde_json::from_str(&stdout(
        propose().args(["diff", "--format", "json", "examples/northwind-migration.toml"]).arg(&new),
    ))
    .unwrap();
    assert_eq!(json["changed"][0]["what"], "2. Cloud accounts");
    assert_eq!(
        json["totals"][1],
        serde_json::json!({"what": "total contract value", "old": "454147.85", "new": "392047.85"})
    );
    let same =
        stdout(propose().args(["diff", "examples/northwind-migration.toml", "examples/northwind-migration.toml"]));
    assert_eq!(same, "no changes\n");
}

#[test]
fn diagnostics_are_plain_in_pipes_and_under_no_color() {
    let bad = "[proposal]\nnumber = \"X\"\ndate = 2026-01-05\n[client]\nname = \"C\"\n[[engagement]]\nmodel = \"managed\"\ntier = \"24x7-premum\"\nmonths = 12\ninventory = { servers = 1 }\nstart = 2026-01-05\n";
    let plain = propose().args(["check", "-"]).write_stdin(bad).env_remove("NO_COLOR").output().unwrap();
    assert_eq!(plain.status.code(), Some(2));
    let stderr = String::from_utf8(plain.stderr).unwrap();
    assert!(!stderr.contains('\x1b'));
    assert!(
        stderr.contains("8 | tier = \"24x7-premum\"\n  |        ^^^^^^^^^^^^^ did you mean `24x7-premium`?"),
        "{stderr}"
    );
    let forced = propose().args(["--color", "always", "check", "-"]).write_stdin(bad).output().unwrap();
    assert!(String::from_utf8(forced.stderr).unwrap().contains("\x1b[1;31merror"));
    let never =
        propose().args(["--color", "never", "check", "-"]).write_stdin(bad).env("NO_COLOR", "1").output().unwrap();
    assert!(!String::from_utf8(never.stderr).unwrap().contains('\x1b'));
}

#[test]
fn init_refuses_a_client_name_that_would_make_a_bad_intake() {
    for (name, message) in [
        ("Acme\x1b[2J", "error: `--client` holds the control character U+001B\n"),
        ("Acme\nCorp", "error: `--client` has a line break\n"),
        ("Acme \u{202e}proC", "error: `--client` holds U+202E, a bidirectional control"),
        ("   ", "error: `--client` is empty\n"),
    ] {
        let out = propose().args(["init", "--client", name]).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{name:?}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(stderr.starts_with(message), "{name:?}: {stderr}");
        assert!(stderr.contains("= help: "), "{stderr}");
        assert!(out.stdout.is_empty());
    }
    let long = "x".repeat(propose::intake::limits::MAX_TEXT + 1);
    propose().args(["init", "--client", &long]).assert().code(2);
    // Right-to-left names, with their marks, are welcome.
    let text = stdout(propose().args(["init", "--client", "شركة\u{200f} 2026", "--date", "2026-05-04"]));
    propose().args(["check", "-"]).write_stdin(text).assert().success();
}

#[test]
fn the_schema_states_every_list_bound_and_the_text_rules() {
    use propose::intake::limits::*;
    let schema: serde_json::Value = serde_json::from_str(&stdout(propose().arg("schema"))).unwrap();
    let p = &schema["properties"];
    for (key, max) in [
        ("objectives", MAX_ENTRIES),
        ("assumptions", MAX_ENTRIES),
        ("exclusions", MAX_ENTRIES),
        ("engagement", MAX_ENGAGEMENTS),
        ("discount", MAX_DISCOUNTS),
        ("option", MAX_OPTIONS),
    ] {
        assert_eq!(p[key]["maxItems"], max, "{key}");
    }
    // `holidays` is a list of dates, a switch, or a table with a list.
    assert_eq!(p["holidays"]["anyOf"][0]["maxItems"], MAX_HOLIDAYS);
    assert_eq!(p["holidays"]["anyOf"][2]["properties"]["extra"]["maxItems"], MAX_HOLIDAYS);
    assert_eq!(p["option"]["items"]["properties"]["set"]["maxProperties"], MAX_OPTION_SETS);
    assert_eq!(p["proposal"]["properties"]["number"]["maxLength"], MAX_FILE_STEM);
    assert_eq!(p["client"]["properties"]["name"]["maxLength"], MAX_NAME);

    let validator = jsonschema::validator_for(&schema).unwrap();
    let base = std::fs::read_to_string(example("tailspin-options.toml")).unwrap();
    let valid = |text: &str| validator.is_valid(&toml_to_json(toml::from_str(text).unwrap()));
    assert!(valid(&base));
    for (from, to) in [
        ("name = \"Tailspin Toys GmbH\"", "name = \"Tailspin\\u001b Toys\""),
        ("name = \"Tailspin Toys GmbH\"", "name = \"Tailspin\\nToys\""),
        ("name = \"Tailspin Toys GmbH\"", "name = \"Tailspin \\u202e Toys\""),
        ("number = \"CD-2026-030\"", "number = \"CD/2026/030\""),
        ("number = \"CD-2026-030\"", "number = \"Angebot-Müller\""),
        ("\"engagement[0].tier\" = \"business-hours\"", "\"proposal.currency\" = \"JPY\""),
    ] {
        assert!(base.contains(from), "{from}");
        assert!(!valid(&base.replacen(from, to, 1)), "the schema accepts {to}");
    }
    // Multi-line texts may break lines.
    assert!(valid(&base.replace("industry = \"Online retail\"", "address = \"1 Main St\\nBerlin\"")));
    // Places are ISO codes, with a subdivision or not; holidays may be switched off.
    let country = "country = \"DE\"\n";
    assert!(base.contains(country));
    assert!(valid(&base.replace(country, "country = \"DE-BY\"\n")));
    assert!(!valid(&base.replace(country, "country = \"UK\"\n")));
    assert!(!valid(&base.replace(country, "country = \"DE\"\nkind = \"charity\"\n")));
    assert!(valid(&format!("holidays = false\ncalendar = \"GB-ENG\"\n{base}")));
    assert!(!valid(&format!("holidays = \"none\"\n{base}")));
}

/// Cargo.toml sets `doctest = false` because no doc comment holds a Rust example: this keeps
/// it so. A code block in a doc comment must name a language other than Rust (`text`,
/// `toml`, …); one that wants to be a Rust example means doc tests must be turned back on.
#[test]
fn no_doc_comment_holds_a_rust_example() {
    fn files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                files(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let mut all = Vec::new();
    files(&crate::common::root().join("src"), &mut all);
    assert!(all.len() > 20, "src/ not found");
    let mut rust = Vec::new();
    for path in &all {
        let mut open = false;
        for (n, line) in std::fs::read_to_string(path).unwrap().lines().enumerate() {
            let t = line.trim_start();
            let Some(doc) = t.strip_prefix("///").or_else(|| t.strip_prefix("//!")) else { continue };
            let Some(info) = doc.trim().strip_prefix("```") else { continue };
            if !open && matches!(info.split(',').next().unwrap_or("").trim(), "" | "rust" | "no_run" | "should_panic") {
                rust.push(format!("{}:{}", path.display(), n + 1));
            }
            open = !open;
        }
    }
    assert!(rust.is_empty(), "Rust examples in doc comments, which doc tests would run: {rust:?}");
}
