//! The invalid half of the TOML conformance suite (toml-test, MIT, `tests/data/toml-test-invalid`)
//! given as intakes: each must fail cleanly with exit code 2 and a message naming the file
//! and, where known, a 1-based line and column. Never a panic, never a hang.
//!
//! Run in-process (hundreds of files), plus a sample through the binary.

use assert_cmd::Command;
use propose::catalog::Catalog;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn suite_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/toml-test-invalid")
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("the suite is readable") {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            files(&path, out);
        } else if path.file_name().is_some_and(|n| n != "LICENSE") {
            out.push(path);
        }
    }
}

fn suite() -> Vec<PathBuf> {
    let mut out = Vec::new();
    files(&suite_dir(), &mut out);
    out.sort();
    out
}

/// Checks one input; `Err` describes what went wrong.
fn check(catalog: &Catalog, name: &str, bytes: Vec<u8>) -> Result<(), String> {
    let started = Instant::now();
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        propose::intake::source_from_bytes(name.to_string(), bytes).and_then(|s| propose::build(&s, catalog))
    }));
    if started.elapsed() > Duration::from_secs(2) {
        return Err(format!("{name}: took {:?}", started.elapsed()));
    }
    let err = match outcome {
        Err(panic) => {
            let msg = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            return Err(format!("{name}: panicked: {msg}"));
        }
        Ok(Ok(_)) => return Err(format!("{name}: accepted as an intake")),
        Ok(Err(e)) => e,
    };
    if err.exit_code() != 2 {
        return Err(format!("{name}: exit code {}, expected 2", err.exit_code()));
    }
    let rendered = err.render(false);
    if !rendered.contains(name) {
        return Err(format!("{name}: the message does not name the file:\n{rendered}"));
    }
    if !rendered.starts_with("error: ") || rendered.contains("panicked") {
        return Err(format!("{name}: not a clean error:\n{rendered}"));
    }
    if let Some(loc) = err.diagnostic().and_then(|d| d.location.as_ref()) {
        if loc.file != name {
            return Err(format!("{name}: located in `{}`", loc.file));
        }
        if loc.snippet.is_some() && (loc.line < 1 || loc.column < 1) {
            return Err(format!("{name}: line {} column {}", loc.line, loc.column));
        }
        if loc.line >= 1 && !rendered.contains(&format!("{name}:{}:{}", loc.line, loc.column)) {
            return Err(format!("{name}: the message does not show line and column:\n{rendered}"));
        }
    }
    Ok(())
}

#[test]
fn every_invalid_toml_file_is_a_clean_error() {
    let catalog = Catalog::embedded().unwrap();
    let files = suite();
    assert!(files.len() >= 500, "the suite has {} files; is tests/data complete?", files.len());
    let root = suite_dir();
    let mut failures = Vec::new();
    let mut located = 0;
    for path in &files {
        let name = path.strip_prefix(&root).unwrap().display().to_string();
        let bytes = std::fs::read(path).unwrap();
        match check(&catalog, &name, bytes.clone()) {
            Ok(()) => {}
            Err(e) => failures.push(e),
        }
        let source = propose::intake::source_from_bytes(name.clone(), bytes);
        if let Some(loc) = source
            .and_then(|s| propose::build(&s, &catalog).map(|_| ()))
            .err()
            .and_then(|e| e.diagnostic().and_then(|d| d.location.clone()))
        {
            located += usize::from(loc.line >= 1);
        }
    }
    assert!(failures.is_empty(), "{} of {} files failed:\n{}", failures.len(), files.len(), failures.join("\n"));
    // The parser knows where almost every syntax error is.
    assert!(located * 10 >= files.len() * 9, "only {located} of {} errors have a line", files.len());
}

/// In a `.multi` file each line is its own case; each must fail on its own too.
#[test]
fn every_line_of_the_multi_files_is_a_clean_error() {
    let catalog = Catalog::embedded().unwrap();
    let mut failures = Vec::new();
    let mut n = 0;
    for path in suite().into_iter().filter(|p| p.extension().is_some_and(|e| e == "multi")) {
        let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                continue;
            }
            let name = format!("{}#{}", path.file_name().unwrap().to_string_lossy(), i + 1);
            n += 1;
            if let Err(e) = check(&catalog, &name, format!("{line}\n").into_bytes()) {
                failures.push(e);
            }
        }
    }
    assert!(n > 20, "only {n} lines in .multi files");
    assert!(failures.is_empty(), "{} of {n} lines failed:\n{}", failures.len(), failures.join("\n"));
}

/// A sample through the binary: exit code 2, the path in the message, nothing on stdout.
#[test]
fn the_binary_rejects_a_sample_with_exit_code_2() {
    let root = suite_dir();
    let sample = [
        "array/no-close-01.toml",
        "control/comment-null.toml",
        "encoding/bad-utf8-in-string.toml",
        "string/bad-escape-01.toml",
        "table/duplicate-key-01.toml",
        "inline-table/trailing-comma.toml",
        "datetime/feb-30.toml",
        "float/float.multi",
    ];
    for name in sample {
        let path = root.join(name);
        assert!(path.is_file(), "{} is missing", path.display());
        let out = Command::cargo_bin("propose")
            .unwrap()
            .args(["--color=never", "check"])
            .arg(&path)
            .timeout(Duration::from_secs(20))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{name}: {stderr}");
        assert!(out.stdout.is_empty(), "{name}");
        assert!(stderr.contains(&path.display().to_string()), "{name}: {stderr}");
        assert!(!stderr.contains("panicked"), "{name}: {stderr}");
    }
}
