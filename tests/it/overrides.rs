//! Issue 13: catalog and template folders that cannot crash `propose`: only regular files
//! within the folder and a size limit are read; template cycles are located errors; rendering
//! has an output and a loop budget; helpers refuse surplus arguments and overflow.

use crate::common::*;
use propose::proposal::Proposal;
use propose::render::markdown::Markdown;
use std::path::Path;
use std::time::{Duration, Instant};

fn northwind() -> Proposal {
    let text = std::fs::read_to_string(example("northwind-migration.toml")).unwrap();
    let mut p = propose::build(&propose::diag::Source::new("northwind.toml", text), catalog()).unwrap();
    p.seal();
    p
}

/// Renders northwind with the embedded templates, `files` replacing some; the error's text.
fn render_error(files: &[(&str, &str)]) -> String {
    let result = Markdown::from_texts(files).and_then(|m| m.render(&northwind()));
    let err = result.expect_err("the templates must fail");
    assert_eq!(err.exit_code(), 2, "{}", err.render(false));
    err.render(false)
}

#[test]
fn a_cycle_of_sections_and_partials_is_located_at_the_tag_that_closes_it() {
    let msg = render_error(&[
        ("cover.md.hbs", "# Cover\n{{section \"summary\"}}\n"),
        ("summary.md.hbs", "## Summary\n\n{{> scope}}\n"),
        ("scope.md.hbs", "## Scope\n\ntext\n  {{section \"cover\"}}\n"),
    ]);
    assert!(
        msg.starts_with("error: templates include each other in a cycle: cover → summary → scope → cover\n"),
        "{msg}"
    );
    assert!(msg.contains("--> <test>/scope.md.hbs:4:3\n"), "{msg}");
    assert!(msg.contains("|   ^^^^^^^^^^^^^^^^^^^ closes the cycle"), "{msg}");
    let msg = render_error(&[("terms.md.hbs", "{{#if proposal}}{{> terms}}{{/if}}")]);
    assert!(msg.contains("cycle: terms → terms") && msg.contains("terms.md.hbs:1:17"), "{msg}");
}

/// The embedded templates come compiled without their lines; a cycle closed in one of them
/// is still located at its tag.
#[test]
fn a_cycle_closed_in_an_embedded_template_is_located_at_its_tag() {
    let msg = render_error(&[
        ("summary.md.hbs", "## Summary\n\n{{section \"options\"}}\n"),
        ("options.md.hbs", "## Options\n\n{{section \"pricing\"}}\n"),
    ]);
    assert!(msg.contains("cycle: options → pricing → options"), "{msg}");
    let pricing = std::fs::read_to_string("proposal-templates/pricing.md.hbs").unwrap();
    let (line, text) = pricing.lines().enumerate().find(|(_, l)| l.contains("{{section \"options\"}}")).unwrap();
    let at = format!("--> proposal-templates/pricing.md.hbs:{}:{}\n", line + 1, text.find("{{").unwrap() + 1);
    assert!(msg.contains(&at), "{at} in {msg}");
}

#[test]
fn includes_must_name_their_template_outright() {
    for (template, expected) in [
        ("{{section proposal.title}}", "`section` needs the template's name in quotes"),
        ("{{> (lookup proposal \"title\")}}", "a partial's name must be written out"),
        ("{{#*inline \"x\"}}{{> x}}{{/inline}}{{> x}}", "inline partials and decorators are not supported"),
    ] {
        let msg = render_error(&[("terms.md.hbs", template)]);
        assert!(msg.contains(expected) && msg.contains("terms.md.hbs:1:"), "{template}: {msg}");
    }
}

#[test]
fn deep_nesting_is_refused_before_compiling() {
    let deep = format!("{}x{}", "{{#if proposal}}".repeat(10_000), "{{/if}}".repeat(10_000));
    let msg = render_error(&[("terms.md.hbs", &deep)]);
    assert!(
        msg.contains("nests blocks or subexpressions more than 32 deep") && msg.contains("terms.md.hbs:1:"),
        "{msg}"
    );
    let parens = format!("{{{{num {}1{}}}}}", "(len ".repeat(5_000), ")".repeat(5_000));
    assert!(render_error(&[("terms.md.hbs", &parens)]).contains("more than 32 deep"));
}

#[test]
fn markdown_larger_than_the_budget_stops_with_a_located_error() {
    // 110 KB of text for every three rows of the payment plan: more than 20 MB.
    let chunk = "All work and no play. ".repeat(5_000);
    let each = "{{#each @root.payment_plan}}".repeat(3);
    let template = format!("## Terms\n\n{each}{chunk}{}\n", "{{/each}}".repeat(3));
    let start = Instant::now();
    let msg = render_error(&[("terms.md.hbs", &template)]);
    assert!(msg.starts_with("error: the proposal's Markdown would be larger than 10 MB\n"), "{msg}");
    assert!(msg.contains("terms.md.hbs:"), "{msg}");
    assert!(start.elapsed() < Duration::from_secs(10), "took {:?}", start.elapsed());
}

#[test]
fn loops_in_loops_that_write_nothing_still_stop() {
    for (open, close) in
        [("{{#each @root.payment_plan}}", "{{/each}}"), ("{{#each @root.engagements.[0].phases}}", "{{/each}}")]
    {
        let template = format!("## Terms\n\n{}{}\n", open.repeat(8), close.repeat(8));
        let start = Instant::now();
        let msg = render_error(&[("terms.md.hbs", &template)]);
        assert!(msg.contains("loops render more than 200000 list items"), "{msg}");
        assert!(start.elapsed() < Duration::from_secs(10), "took {:?}", start.elapsed());
    }
}

#[test]
fn helpers_refuse_surplus_arguments_and_overflow() {
    for (template, expected) in [
        ("{{money totals.one_time.total totals.monthly.total}}", "helper `money` takes one value, found 2"),
        ("{{#each engagements}}{{num months 2}}{{/each}}", "helper `num` takes one value, found 2"),
        ("{{plural 2 \"a\" \"b\" \"c\"}}", "helper `plural` takes three values, found 4"),
        ("{{date proposal.date format=\"x\"}}", "and `key=value` arguments"),
        ("{{section \"cover\" \"summary\"}}", "helper `section` takes one value, found 2"),
        ("{{inc 18446744073709551615}}", "helper `inc` cannot count past `18446744073709551615`"),
        ("{{inc -1}}", "helper `inc` expects a whole number, found `-1`"),
    ] {
        let msg = render_error(&[("terms.md.hbs", template)]);
        assert!(msg.contains(expected) && msg.contains("terms.md.hbs:1:"), "{template}: {msg}");
    }
}

#[test]
fn helpers_format_extreme_numbers_or_refuse_them() {
    for template in [
        "{{num \"79228162514264337593543950335\"}}",
        "{{money \"-79228162514264337593543950335\"}}",
        "{{percent \"0.0000000000000000000000000001\"}}",
        "{{num 1e300}}",
        "{{money 18446744073709551615}}",
        "{{percent -9223372036854775808}}",
    ] {
        // Either written out or refused with a located error; never a panic.
        if let Err(e) = Markdown::from_texts(&[("terms.md.hbs", template)]).unwrap().render(&northwind()) {
            assert_eq!(e.exit_code(), 2, "{template}: {}", e.render(false));
        }
    }
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let ok = std::process::Command::new("mkfifo").arg(path).status().unwrap().success();
    assert!(ok, "mkfifo {}", path.display());
}

/// `propose render` of northwind with `flag DIR` (`--catalog` or `--templates`).
fn render_with(flag: &str, dir: &Path, out: &Path) -> assert_cmd::Command {
    let mut cmd = propose();
    if flag == "--catalog" {
        cmd.arg(flag).arg(dir).arg("render");
    } else {
        cmd.arg("render").arg(flag).arg(dir);
    }
    cmd.args(["--format", "md", "--out"]).arg(out).arg(example("northwind-migration.toml"));
    cmd
}

/// Runs `propose` on northwind with `flag DIR`; it must fail within seconds with `expected`.
fn refused(flag: &str, dir: &Path, expected: &str) {
    let start = Instant::now();
    let out = render_with(flag, dir, &dir.join("out")).timeout(Duration::from_secs(20)).output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains(expected), "{stderr}");
    assert!(start.elapsed() < Duration::from_secs(10));
}

#[cfg(unix)]
#[test]
fn folders_hold_regular_files_only() {
    for (flag, name) in [("--templates", "cover.md.hbs"), ("--catalog", "pricing.toml")] {
        let dir = tempfile::tempdir().unwrap();
        mkfifo(&dir.path().join(name));
        refused(flag, dir.path(), &format!("/{name}` is not a regular file (a pipe, device or socket)"));
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join(name)).unwrap();
        refused(flag, dir.path(), &format!("/{name}` is a folder"));
    }
}

#[cfg(unix)]
#[test]
fn links_out_of_the_folder_are_refused_and_links_within_it_followed() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("cover.md.hbs"), "# Elsewhere\n").unwrap();
    std::fs::write(outside.path().join("tiers.toml"), "").unwrap();
    for (flag, name) in [("--templates", "cover.md.hbs"), ("--catalog", "tiers.toml")] {
        let dir = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(outside.path().join(name), dir.path().join(name)).unwrap();
        refused(flag, dir.path(), "is a link that leads out of its folder");
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(".cover-draft"), "# Linked cover {{client.name}}\n").unwrap();
    std::os::unix::fs::symlink(".cover-draft", dir.path().join("cover.md.hbs")).unwrap();
    let out_dir = dir.path().join("out");
    render_with("--templates", dir.path(), &out_dir).assert().success();
    let md = std::fs::read_to_string(out_dir.join("CD-2026-014.md")).unwrap();
    assert!(md.starts_with("# Linked cover Northwind Traders\n"), "{}", &md[..80]);
}

#[test]
fn files_over_the_size_limit_are_refused_unread() {
    for (flag, name) in [("--templates", "cover.md.hbs"), ("--catalog", "firm.toml")] {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(name), "#".repeat(1024 * 1024 + 1)).unwrap();
        refused(flag, dir.path(), &format!("/{name}` is larger than 1024 KiB"));
    }
}

#[test]
fn a_large_catalog_times_many_engagements_is_bad_input_not_a_bug() {
    // Every phase of the standard process with 50 activities and 50 deliverables of 2,000
    // characters (under 1 MiB in all), and 20 projects through it: the shipped templates
    // would write more than 10 MB.
    let dir = tempfile::tempdir().unwrap();
    let long = |i: usize| format!("\"{i} {}\"", "x".repeat(1_990));
    let list = (0..50).map(long).collect::<Vec<_>>().join(", ");
    let processes = std::fs::read_to_string(root().join("catalog/processes.toml")).unwrap();
    let mut doc: toml_edit::DocumentMut = processes.parse().unwrap();
    let phases = doc["process"][0]["phases"].as_array_of_tables_mut().unwrap();
    for phase in phases.iter_mut() {
        for key in ["activities", "deliverables"] {
            phase[key] = toml_edit::value(format!("[{list}]").parse::<toml_edit::Value>().unwrap());
        }
    }
    std::fs::write(dir.path().join("processes.toml"), doc.to_string()).unwrap();
    // No scenario texts: every project uses the process's.
    std::fs::write(dir.path().join("scenarios.toml"), "").unwrap();
    let project = "[[engagement]]\nmodel = \"project\"\nscenario = \"cloud-migration\"\nprocess = \"standard\"\n";
    let intake = format!(
        "[proposal]\nnumber = \"BIG-1\"\ndate = 2026-03-02\n[client]\nname = \"Big Co\"\n{project}start = 2026-03-16\n{}",
        project.repeat(19)
    );
    let path = dir.path().join("big.toml");
    std::fs::write(&path, intake).unwrap();
    propose().arg("--catalog").arg(dir.path()).arg("catalog").arg("check").arg(dir.path()).assert().success();
    let start = Instant::now();
    let out = propose()
        .arg("--catalog")
        .arg(dir.path())
        .args(["render", "--draft", "--format", "md", "--out"])
        .arg(dir.path().join("out"))
        .arg(&path)
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.starts_with("error: the proposal's Markdown would be larger than 10 MB\n"), "{stderr}");
    assert!(start.elapsed() < Duration::from_secs(10), "took {:?}", start.elapsed());
}
