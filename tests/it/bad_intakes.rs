//! Every bad intake is data: `tests/bad/NAME.toml` and the exact stderr `propose check` gives
//! for it, in `tests/bad/NAME.stderr`. Adding a case is adding two files.
//!
//! `PROPOSE_BLESS=1 cargo test --test bad_intakes` writes the `.stderr` files from the
//! current output; review every changed one like code before committing it.

use crate::common::*;

use assert_cmd::Command;
use std::path::PathBuf;

fn cases() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("tests/bad"))
        .expect("tests/bad is readable")
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_bad_intake_fails_with_its_message() {
    let bless = std::env::var_os("PROPOSE_BLESS").is_some_and(|v| !v.is_empty() && v != "0");
    let cases = cases();
    assert!(cases.len() >= 25, "expected at least 25 bad intakes, found {}", cases.len());
    let mut failures = Vec::new();
    for path in &cases {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        // Relative, so the file name in the message does not depend on the checkout.
        let relative = format!("tests/bad/{name}.toml");
        let out = Command::cargo_bin("propose")
            .unwrap()
            .current_dir(root())
            .env_remove("NO_COLOR")
            .args(["--color=never", "check", &relative])
            .output()
            .unwrap();
        let stderr = String::from_utf8(out.stderr).expect("stderr is UTF-8");
        if out.status.code() != Some(2) {
            failures.push(format!("{name}: exit code {:?}, expected 2\n{stderr}", out.status.code()));
            continue;
        }
        if !out.stdout.is_empty() {
            failures.push(format!("{name}: stdout not empty: {}", String::from_utf8_lossy(&out.stdout)));
        }
        // Every message names the file, and a line and column unless it is about the whole file.
        if !stderr.contains(&format!("--> {relative}")) {
            failures.push(format!("{name}: the message does not name the file\n{stderr}"));
        }
        let expected_path = path.with_extension("stderr");
        if bless {
            std::fs::write(&expected_path, &stderr).unwrap();
            continue;
        }
        match std::fs::read_to_string(&expected_path) {
            Ok(expected) if expected == stderr => {}
            Ok(expected) => failures.push(format!(
                "{name}: stderr differs\n--- expected ({})\n{expected}--- actual\n{stderr}",
                expected_path.display()
            )),
            Err(_) => failures.push(format!(
                "{name}: no {} (run with PROPOSE_BLESS=1 and review it)\n{stderr}",
                expected_path.display()
            )),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} bad intakes failed:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

/// Every `.stderr` file has its `.toml`, so a renamed case leaves nothing stale behind.
#[test]
fn no_orphan_expectations() {
    for entry in std::fs::read_dir(root().join("tests/bad")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "stderr") {
            assert!(path.with_extension("toml").is_file(), "{} has no .toml", path.display());
        }
    }
}

/// Locations are 1-based and point inside the file; a case about the whole file has none.
#[test]
fn locations_point_into_the_file() {
    for path in cases() {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let bytes = std::fs::read(&path).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        let catalog = propose::catalog::Catalog::embedded().unwrap();
        let result = propose::intake::source_from_bytes(format!("tests/bad/{name}.toml"), bytes.clone())
            .and_then(|s| propose::build(&s, &catalog));
        let err = match result {
            Ok(_) => panic!("{name}: accepted"),
            Err(e) => e,
        };
        assert_eq!(err.exit_code(), 2, "{name}");
        let d = err.diagnostic().unwrap_or_else(|| panic!("{name}: no diagnostic"));
        let loc = d.location.as_ref().unwrap_or_else(|| panic!("{name}: no location"));
        assert_eq!(loc.file, format!("tests/bad/{name}.toml"));
        if loc.line > 0 {
            assert!(loc.column >= 1, "{name}: column {}", loc.column);
            assert!(loc.line <= text.lines().count().max(1), "{name}: line {} past the end", loc.line);
        }
        assert!(d.help.is_some(), "{name}: no help saying how to fix it");
    }
}
