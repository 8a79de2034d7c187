//! Issue 6: bad catalogs, oversized and duplicate inputs, and outputs that are never partial.

use crate::common::*;

use std::path::{Path, PathBuf};

/// Every `tests/bad-catalogs/NAME/` fails `propose catalog check` with exit 2 and exactly
/// `NAME.stderr`. `PROPOSE_BLESS=1` rewrites the expected files (review each one).
#[test]
fn every_bad_catalog_fails_with_its_message() {
    let root = Path::new("tests/bad-catalogs");
    let mut dirs: Vec<PathBuf> =
        std::fs::read_dir(root).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_dir()).collect();
    dirs.sort();
    assert!(dirs.len() >= 7);
    for dir in dirs {
        let out = propose().args(["catalog", "check"]).arg(&dir).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{}", dir.display());
        let stderr = String::from_utf8(out.stderr).unwrap();
        let expected = dir.with_extension("stderr");
        if std::env::var_os("PROPOSE_BLESS").is_some() {
            std::fs::write(&expected, &stderr).unwrap();
        }
        assert_eq!(stderr, std::fs::read_to_string(&expected).unwrap(), "{}", dir.display());
    }
}

#[test]
fn a_custom_catalog_is_used_for_quotes() {
    let dir = tempfile::tempdir().unwrap();
    let pricing = std::fs::read_to_string("catalog/pricing.toml").unwrap().replace("rate = \"240\"", "rate = \"300\"");
    std::fs::write(dir.path().join("pricing.toml"), pricing).unwrap();
    // A folder's own pricing.toml takes its rates from the folder's rates.csv.
    std::fs::copy("catalog/rates.csv", dir.path().join("rates.csv")).unwrap();
    let base = propose().args(["quote", "--format", "json", "examples/fabrikam-advisory.toml"]).output().unwrap();
    let custom = propose()
        .arg("--catalog")
        .arg(dir.path())
        .args(["quote", "--format", "json", "examples/fabrikam-advisory.toml"])
        .output()
        .unwrap();
    assert!(custom.status.success());
    assert_ne!(base.stdout, custom.stdout, "the custom rate changed nothing");
}

#[test]
fn an_oversized_intake_is_refused_unread() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.toml");
    std::fs::write(&path, "# padding\n".repeat(2 * 1024 * 1024)).unwrap();
    let out = propose().arg("check").arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.starts_with("error: intake is larger than 1024 KiB\n"), "{stderr}");
    assert!(stderr.contains("huge.toml"));
}

#[test]
fn two_intakes_with_one_number_do_not_overwrite_each_other() {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("copy.toml");
    std::fs::copy("examples/northwind-migration.toml", &copy).unwrap();
    let out_dir = dir.path().join("out");
    let out = propose()
        .args(["render", "examples/northwind-migration.toml"])
        .arg(&copy)
        .arg("--out")
        .arg(&out_dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("proposal number `CD-2026-014` is used by both `examples/northwind-migration.toml` and"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_dir(&out_dir).unwrap().count(), 1, "only the first is written");
}

#[test]
fn a_failed_render_leaves_the_good_file_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("out");
    propose()
        .args(["render", "examples/northwind-migration.toml", "--format", "md", "--out"])
        .arg(&out_dir)
        .assert()
        .success();
    let good = std::fs::read(out_dir.join("CD-2026-014.md")).unwrap();
    // Same number, but a broken template: nothing may be written over the good file.
    let templates = dir.path().join("templates");
    std::fs::create_dir(&templates).unwrap();
    std::fs::write(templates.join("pricing.md.hbs"), "## Pricing\n{{totals.no_such_value}}\n").unwrap();
    let out = propose()
        .args(["render", "examples/northwind-migration.toml", "--format", "md", "--out"])
        .arg(&out_dir)
        .arg("--templates")
        .arg(&templates)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr).unwrap().contains("pricing.md.hbs:2:"));
    assert_eq!(std::fs::read(out_dir.join("CD-2026-014.md")).unwrap(), good);
    let names: Vec<String> =
        std::fs::read_dir(&out_dir).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    assert_eq!(names, ["CD-2026-014.md"], "no temporary file is left behind");
}

#[test]
fn a_killed_batch_leaves_only_complete_files() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("out");
    let servers: Vec<String> = (1..=400).map(|n| n.to_string()).collect();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("propose"))
        .args(["batch", "examples/acme-managed.toml", "--render", "md", "--jobs", "1", "--out"])
        .arg(&out_dir)
        .arg("--vary")
        .arg(format!("engagement[0].inventory.servers={}", servers.join(",")))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    child.kill().unwrap();
    child.wait().unwrap();
    let Ok(entries) = std::fs::read_dir(&out_dir) else { return };
    for entry in entries {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        if name.starts_with('.') {
            continue; // a temporary file the kill interrupted: never under the real name
        }
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.trim_end().ends_with('.') || text.contains("Ref. "), "{name} is incomplete");
        assert!(find_heading(&text, "##", "Acceptance").is_some(), "{name} is cut short");
    }
}

#[test]
fn catalog_check_of_a_missing_directory_says_so() {
    let out = propose().args(["catalog", "check", "no/such/catalog"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.starts_with("error: catalog directory `no/such/catalog` does not exist\n"), "{stderr}");
}

#[test]
fn verify_refuses_a_broken_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.pdf");
    std::fs::write(&path, b"%PDF-1.7\nnot really a PDF").unwrap();
    let out = propose().arg("verify").arg(&path).arg("examples/northwind-migration.toml").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("broken.pdf` is not a readable PDF"), "{stderr}");
}

#[test]
fn two_numbers_that_differ_only_by_case_are_refused_in_one_render() {
    let dir = tempfile::tempdir().unwrap();
    let lower = dir.path().join("lower.toml");
    let text = std::fs::read_to_string("examples/northwind-migration.toml").unwrap();
    std::fs::write(&lower, text.replace("\"CD-2026-014\"", "\"cd-2026-014\"")).unwrap();
    let out_dir = dir.path().join("out");
    let out = propose()
        .args(["render", "examples/northwind-migration.toml"])
        .arg(&lower)
        .arg("--out")
        .arg(&out_dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("proposal numbers `CD-2026-014` (`examples/northwind-migration.toml`) and `cd-2026-014` (")
            && stderr.contains("differ only by case"),
        "{stderr}"
    );
    // On a case-insensitive file system the second would have replaced the first.
    let names: Vec<_> = std::fs::read_dir(&out_dir).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names, ["CD-2026-014.md"]);
}

#[test]
fn file_names_in_messages_are_escaped() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("cover\x1b[2J.md.hbs"), "x").unwrap();
    let out = propose()
        .args(["render", "--templates"])
        .arg(dir.path())
        .args(["--out"])
        .arg(dir.path().join("out"))
        .arg("examples/northwind-migration.toml")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(!stderr.contains('\x1b'), "{stderr:?}");
    assert!(stderr.contains("cover\\u{1b}[2J.md.hbs"), "{stderr}");
}
