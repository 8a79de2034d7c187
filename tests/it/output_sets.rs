//! Issue 13: a proposal's files are a set. `render --format md,pdf,json` (and `batch
//! --render`) replaces all of them or none, never through a link planted in the output
//! folder, and concurrent runs into one folder never leave files of different runs side by
//! side.

use crate::common::*;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// The folder's entries and their bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let path = e.unwrap().path();
            let bytes = std::fs::read(&path).unwrap_or_default();
            (path.file_name().unwrap().to_string_lossy().into_owned(), bytes)
        })
        .collect()
}

fn render(intake: &Path, out: &Path, extra: &[&str]) -> std::process::Output {
    propose()
        .arg("render")
        .arg(intake)
        .args(["--format", "md,pdf,json", "--out"])
        .arg(out)
        .args(extra)
        .output()
        .unwrap()
}

/// The content hash each file of a set carries: the JSON's `content_hash`, the Markdown's
/// closing line, the PDF's footer. All three must be the same.
fn hashes(md: &Path, pdf: &Path, json: &Path) -> (String, String, String) {
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(json).unwrap()).unwrap();
    let json = json["content_hash"].as_str().unwrap().to_string();
    let md = std::fs::read_to_string(md).unwrap();
    let md = md.split("Ref. ").nth(1).and_then(|s| s.split(' ').next()).unwrap().to_string();
    let doc = lopdf::Document::load_mem(&std::fs::read(pdf).unwrap()).unwrap();
    let page = doc.extract_text(&[2]).unwrap();
    let pdf = page.split("Ref. ").nth(1).map(|s| s.split_whitespace().next().unwrap_or_default()).unwrap().to_string();
    (md, pdf, json)
}

#[cfg(unix)]
#[test]
fn links_planted_under_the_final_names_are_replaced_not_followed() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let outside = dir.path().join("outside");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::create_dir_all(&outside).unwrap();
    for ext in ["md", "pdf", "json"] {
        let victim = outside.join(format!("victim.{ext}"));
        std::fs::write(&victim, b"keep").unwrap();
        std::os::unix::fs::symlink(&victim, out.join(format!("CD-2026-014.{ext}"))).unwrap();
    }
    let run = render(&example("northwind-migration.toml"), &out, &[]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    for ext in ["md", "pdf", "json"] {
        assert_eq!(std::fs::read(outside.join(format!("victim.{ext}"))).unwrap(), b"keep", "{ext}");
        let written = out.join(format!("CD-2026-014.{ext}"));
        assert!(std::fs::symlink_metadata(&written).unwrap().file_type().is_file(), "{ext}: the link is replaced");
    }
    assert_eq!(snapshot(&out).len(), 3, "no temporary is left");
}

#[test]
fn a_set_whose_pdf_fails_leaves_the_old_set_and_no_temporary() {
    let dir = tempfile::tempdir().unwrap();
    let intake = dir.path().join("northwind.toml");
    std::fs::copy(example("northwind-migration.toml"), &intake).unwrap();
    let out = dir.path().join("out");
    assert!(render(&intake, &out, &[]).status.success());
    let old = snapshot(&out);
    assert_eq!(old.len(), 3);

    // A firm name too long for the PDF's footer: the Markdown and JSON render, the PDF cannot.
    let catalog = dir.path().join("catalog");
    std::fs::create_dir(&catalog).unwrap();
    let firm = std::fs::read_to_string(root().join("catalog/firm.toml")).unwrap();
    let long = "Partners ".repeat(200);
    std::fs::write(catalog.join("firm.toml"), firm.replacen("name = \"CatDev\"", &format!("name = \"{long}\""), 1))
        .unwrap();
    let run = render(&intake, &out, &["--catalog", catalog.to_str().unwrap(), "--set", "client.name=\"Other\""]);
    assert_eq!(run.status.code(), Some(2), "{}", String::from_utf8_lossy(&run.stderr));
    let md_only = propose()
        .args(["--catalog", catalog.to_str().unwrap(), "render", "--format", "md,json", "--out"])
        .arg(dir.path().join("md-only"))
        .arg(&intake)
        .output()
        .unwrap();
    assert!(md_only.status.success(), "only the PDF fails: {}", String::from_utf8_lossy(&md_only.stderr));
    assert_eq!(snapshot(&out), old, "the old set stands, nothing beside it");

    // A folder under the JSON's name: the set fails before the Markdown or PDF is replaced.
    std::fs::remove_file(out.join("CD-2026-014.json")).unwrap();
    std::fs::create_dir(out.join("CD-2026-014.json")).unwrap();
    let run = render(&intake, &out, &["--set", "client.name=\"Other\""]);
    assert_eq!(run.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&run.stderr).contains("CD-2026-014.json"));
    let after = snapshot(&out);
    assert_eq!(after.keys().collect::<Vec<_>>(), ["CD-2026-014.json", "CD-2026-014.md", "CD-2026-014.pdf"]);
    for ext in ["md", "pdf"] {
        let name = format!("CD-2026-014.{ext}");
        assert_eq!(after[&name], old[&name], "{name} is the old one");
    }
}

fn spawn(args: &[&str], out: &Path, set: &str) -> Child {
    Command::new(assert_cmd::cargo::cargo_bin("propose"))
        .current_dir(root())
        .args(args)
        .arg("--out")
        .arg(out)
        .args(["--set", set])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// Rounds of `runs` processes at once, half writing one variant of the same proposal, half
/// another, into one folder; after each round every set's files carry one content hash.
fn race(args: &[&str], stems: impl Fn(&Path) -> Vec<PathBuf>) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let variants = ["client.name=\"Northwind Traders\"", "client.name=\"Southwind Traders\""];
    let mut seen: BTreeMap<PathBuf, std::collections::BTreeSet<String>> = BTreeMap::new();
    for _ in 0..4 {
        let mut children: Vec<Child> = (0..8).map(|i| spawn(args, &out, variants[i % 2])).collect();
        for c in &mut children {
            assert!(c.wait().unwrap().success());
        }
        let stems = stems(&out);
        assert!(!stems.is_empty());
        for stem in stems {
            let file = |ext: &str| stem.with_extension(ext);
            let (md, pdf, json) = hashes(&file("md"), &file("pdf"), &file("json"));
            assert_eq!((&md, &pdf), (&json, &json), "{}: a mixed set", stem.display());
            seen.entry(stem).or_default().insert(json);
        }
        assert!(snapshot(&out).keys().all(|n| !n.starts_with('.')), "no temporary is left");
    }
    assert!(seen.values().all(|hashes| hashes.len() <= 2), "each set is one of the two variants");
}

#[test]
fn concurrent_renders_into_one_folder_never_leave_a_mixed_set() {
    race(&["render", "examples/northwind-migration.toml", "--format", "md,pdf,json"], |out| {
        vec![out.join("CD-2026-014.md")]
    });
}

#[test]
fn concurrent_batches_into_one_folder_never_leave_a_mixed_set() {
    race(
        &["batch", "examples/northwind-migration.toml", "examples/fabrikam-advisory.toml", "--render", "md,pdf,json"],
        |out| {
            let mut stems: Vec<PathBuf> = std::fs::read_dir(out)
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|e| e == "md"))
                .collect();
            stems.sort();
            stems
        },
    );
}
