//! Issue 21: the HTML proposal. Every example renders to one self-contained, accessible page
//! (its language, one `<h1>`, table headers with scope, text alternatives, nothing loaded
//! from anywhere) that shows every figure of the proposal, byte-identical run after run; intake
//! text shows literally; the chooser's data is `quote --format json`'s per option; and
//! `verify` accepts the acceptance summary the page wrote and rejects every tampering, each a
//! case in `tests/bad-summaries/NAME.txt` (with `@HASH@` for the proposal's content hash)
//! and its exact stderr in `NAME.stderr`. `PROPOSE_BLESS=1` writes the `.stderr` files.

use crate::common::*;
use propose::diag::Source;
use propose::proposal::Proposal;
use propose::render::{Format, Renderer, Settings};
use serde_json::Value;
use std::path::{Path, PathBuf};

const TAILSPIN: &str = "examples/tailspin-options.toml";

fn build_text(name: &str, text: &str) -> Proposal {
    let mut p = propose::build(&Source::new(name, text), catalog()).unwrap_or_else(|e| panic!("{}", e.render(false)));
    p.seal();
    p
}

fn build(path: &Path) -> Proposal {
    build_text(&path.display().to_string(), &std::fs::read_to_string(path).unwrap())
}

fn renderer() -> Renderer {
    Renderer::new(&Settings { formats: vec![Format::Html, Format::Json], ..Settings::default() }).unwrap()
}

fn html(p: &Proposal) -> String {
    String::from_utf8(renderer().render(p, Format::Html).expect("renders")).unwrap()
}

/// The page's data block.
fn data(page: &str) -> Value {
    let open = "<script type=\"application/json\" id=\"proposal-data\">";
    let start = page.find(open).expect("the page has its data") + open.len();
    let end = start + page[start..].find("</script>").unwrap();
    serde_json::from_str(&page[start..end]).expect("the data is JSON")
}

/// Every start tag `<name ...>` of the page.
fn tags<'a>(page: &'a str, name: &str) -> Vec<&'a str> {
    let open = format!("<{name}");
    page.match_indices(&open)
        .filter(|(at, _)| page[at + open.len()..].starts_with([' ', '>']))
        .map(|(at, _)| &page[at..at + page[at..].find('>').unwrap() + 1])
        .collect()
}

#[test]
fn every_example_renders_to_an_accessible_self_contained_page() {
    for path in examples() {
        let p = build(&path);
        let page = html(&p);
        let name = path.display();
        assert!(page.starts_with("<!DOCTYPE html>\n"), "{name}");
        assert!(page.contains(&format!("<html lang=\"{}\">", p.proposal.language.code())), "{name}");
        assert_eq!(tags(&page, "h1").len(), 1, "{name}: one h1");
        assert!(!tags(&page, "h2").is_empty(), "{name}");
        // Headings never skip a level going down.
        let mut order: Vec<(usize, usize)> = Vec::new();
        for l in 1..=6 {
            for tag in tags(&page, &format!("h{l}")) {
                let at = tag.as_ptr() as usize - page.as_ptr() as usize;
                order.push((at, l));
            }
        }
        order.sort();
        for w in order.windows(2) {
            assert!(w[1].1 <= w[0].1 + 1, "{name}: h{} follows h{}", w[1].1, w[0].1);
        }
        for th in tags(&page, "th") {
            assert!(th.contains("scope=\"col\"") || th.contains("scope=\"row\""), "{name}: {th}");
        }
        for img in tags(&page, "img") {
            assert!(img.contains(" alt=\""), "{name}: {img}");
        }
        let svgs = tags(&page, "svg");
        assert_eq!(svgs.len(), 1, "{name}: the timeline chart");
        assert!(svgs[0].contains("role=\"img\"") && page.contains("<title id=\"chart-title\">"), "{name}");
        assert!(!page.contains("```mermaid") && !page.contains("gantt\n"), "{name}: the Mermaid block gave way");
        for loads in ["src=\"http", "href=\"http", "url(", "@import", "<script src", "<link", "<iframe"] {
            assert!(!page.contains(loads), "{name}: loads something: {loads}");
        }
        assert!(page.contains(&format!("Ref. {}", p.content_hash)) || p.proposal.language.code() != "en", "{name}");
        assert!(page.contains(&p.content_hash), "{name}: the content hash");
    }
}

/// Every amount of the proposal and its options, written as the locale writes them.
fn figures(p: &Proposal) -> Vec<String> {
    let (locale, cur) = (p.proposal.locale, p.proposal.currency);
    let mut out = Vec::new();
    let mut offer = |o: &propose::proposal::Offer| {
        let t = &o.totals;
        for m in [t.one_time, t.monthly, t.contract_value] {
            out.push(m);
        }
        for row in o.payment_plan.one_time.iter().chain(&o.payment_plan.recurring) {
            out.push(row.amount);
        }
        out.extend(o.line_items.iter().map(|l| l.line.amount));
    };
    offer(&p.offer);
    for o in &p.options {
        offer(&o.offer);
    }
    out.into_iter().filter(|m| !m.amount().is_zero()).map(|m| locale.money(m.amount(), cur)).collect()
}

#[test]
fn every_amount_of_the_json_shows_on_the_page() {
    for path in examples() {
        let p = build(&path);
        let page = html(&p);
        for figure in figures(&p) {
            let escaped = figure.replace('&', "&amp;");
            assert!(page.contains(&escaped), "{}: {figure} is not on the page", path.display());
        }
    }
}

#[test]
fn the_page_is_byte_identical_run_after_run() {
    let dir = tempfile::tempdir().unwrap();
    let mut pages = Vec::new();
    for run in ["a", "b"] {
        let out = dir.path().join(run);
        propose().args(["render", TAILSPIN, "--format", "html", "--out"]).arg(&out).assert().success();
        pages.push(std::fs::read(out.join("CD-2026-030.html")).unwrap());
    }
    assert_eq!(pages[0], pages[1]);
    let p = build(&root().join(TAILSPIN));
    assert_eq!(html(&p).into_bytes(), pages[0], "the binary writes what the library renders");
}

#[test]
fn a_hostile_client_name_shows_literally() {
    let text = std::fs::read_to_string(root().join(TAILSPIN)).unwrap();
    let hostile = "<script>alert(1)</script> Tom & Jerry \\\"quoted\\\"";
    let text = text.replace("name = \"Tailspin Toys GmbH\"", &format!("name = \"{hostile}\""));
    let page = html(&build_text("hostile.toml", &text));
    assert!(!page.contains("<script>alert"), "the name's tag is escaped");
    assert!(
        page.contains("&lt;script&gt;alert(1)&lt;/script&gt; Tom &amp; Jerry &quot;quoted&quot;"),
        "shows literally"
    );
    assert_eq!(page.matches("<script").count(), 2, "only the page's data and its script");
}

#[test]
fn the_chooser_shows_each_option_with_the_figures_quote_gives() {
    let out = propose().args(["quote", TAILSPIN, "--format", "json"]).output().unwrap();
    assert!(out.status.success());
    let quote: Value = serde_json::from_slice(&out.stdout).unwrap();
    let p = build(&root().join(TAILSPIN));
    let page = html(&p);
    let data = data(&page);
    let choices = data["choices"].as_array().unwrap();
    let options = quote["options"].as_array().unwrap();
    assert_eq!(choices.len(), options.len());
    assert_eq!(data["content_hash"], quote["content_hash"]);
    for (i, (c, o)) in choices.iter().zip(options).enumerate() {
        assert_eq!(c["option"], o["name"]);
        assert_eq!(c["recommended"], o["recommended"]);
        for key in ["one_time", "monthly", "contract_value"] {
            assert_eq!(c[key], o["totals"][key], "option {i} {key}");
            let text = c[format!("{key}_text")].as_str().unwrap();
            assert_eq!(
                text,
                p.proposal.locale.money(o["totals"][key].as_str().unwrap().parse().unwrap(), p.proposal.currency)
            );
        }
        assert!(page.contains(&format!("<input type=\"radio\" name=\"option\" value=\"{i}\"")), "a radio per option");
        assert!(page.contains(&format!("data-option=\"{i}\"")), "a panel per option");
        let summary = c["summary"].as_str().unwrap();
        assert!(summary.contains(&format!("Option: {}\n", o["name"].as_str().unwrap())));
        assert!(summary.contains(&format!("Contract value: {}\n", o["totals"]["contract_value"].as_str().unwrap())));
    }
    assert_eq!(page.matches(" checked>").count(), 1, "the recommended option is selected");
    assert!(page.contains("<form id=\"chooser\" hidden>"), "without script, no dead radios; every panel shows");
}

#[test]
fn a_proposal_without_options_offers_its_own_summary() {
    let p = build(&example("northwind-migration.toml"));
    let page = html(&p);
    let data = data(&page);
    assert_eq!(data["choices"].as_array().unwrap().len(), 1);
    assert_eq!(data["choices"][0]["option"], Value::Null);
    assert_eq!(data["choices"][0]["contract_value"], p.offer.totals.contract_value.amount().to_string());
    assert!(!page.contains("<form id=\"chooser\""));
}

/// The summaries the tailspin page offers, one per option, written to files in `dir`.
fn summaries(dir: &Path) -> Vec<PathBuf> {
    let page = html(&build(&root().join(TAILSPIN)));
    let data = data(&page);
    let choices = data["choices"].as_array().unwrap();
    choices
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let path = dir.join(format!("summary-{i}.txt"));
            std::fs::write(&path, c["summary"].as_str().unwrap()).unwrap();
            path
        })
        .collect()
}

#[test]
fn verify_accepts_each_summary_the_page_wrote() {
    let dir = tempfile::tempdir().unwrap();
    for (path, name) in summaries(dir.path()).iter().zip(["Essential", "Extended", "Premium"]) {
        let out = propose().arg("verify").arg(path).arg(TAILSPIN).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert!(stdout.contains(&format!("accepts option {name} of proposal CD-2026-030")), "{stdout}");
    }
    // A proposal without options: its one summary.
    let p = build(&example("northwind-migration.toml"));
    let path = dir.path().join("northwind.txt");
    std::fs::write(&path, data(&html(&p))["choices"][0]["summary"].as_str().unwrap()).unwrap();
    let out = propose().arg("verify").arg(&path).arg("examples/northwind-migration.toml").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // The page itself verifies byte for byte, as the Markdown does.
    let out_dir = dir.path().join("out");
    propose().args(["render", TAILSPIN, "--format", "html", "--out"]).arg(&out_dir).assert().success();
    propose().arg("verify").arg(out_dir.join("CD-2026-030.html")).arg(TAILSPIN).assert().success();
}

#[test]
fn every_tampered_summary_fails_with_its_message() {
    let hash = build(&root().join(TAILSPIN)).content_hash;
    let cases = root().join("tests/bad-summaries");
    let mut names: Vec<String> = std::fs::read_dir(&cases)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter_map(|n| n.strip_suffix(".txt").map(str::to_string))
        .collect();
    names.sort();
    assert!(names.len() >= 6, "{names:?}");
    let dir = tempfile::tempdir().unwrap();
    let bless = std::env::var_os("PROPOSE_BLESS").is_some();
    for name in names {
        let text = std::fs::read_to_string(cases.join(format!("{name}.txt"))).unwrap().replace("@HASH@", &hash);
        let file = dir.path().join(format!("{name}.txt"));
        std::fs::write(&file, text).unwrap();
        let out = propose().arg("verify").arg(&file).arg(TAILSPIN).output().unwrap();
        let stderr =
            String::from_utf8(out.stderr).unwrap().replace(&file.display().to_string(), &format!("{name}.txt"));
        assert_eq!(out.status.code(), Some(2), "{name}: {stderr}");
        assert!(out.stdout.is_empty(), "{name}");
        let stderr = stderr.replace(&hash, "@HASH@");
        let expected_path = cases.join(format!("{name}.stderr"));
        if bless {
            std::fs::write(&expected_path, &stderr).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_else(|_| panic!("{name}.stderr is missing"));
        assert_eq!(stderr, expected, "{name}");
    }
}

#[test]
fn a_broken_html_template_is_a_located_error() {
    let dir = tempfile::tempdir().unwrap();
    let render_with = |shell: &str| {
        std::fs::write(dir.path().join("proposal.html.hbs"), shell).unwrap();
        let out = propose()
            .args(["render", TAILSPIN, "--format", "html", "--templates"])
            .arg(dir.path())
            .arg("--out")
            .arg(dir.path().join("out"))
            .output()
            .unwrap();
        (out.status.code(), String::from_utf8(out.stderr).unwrap())
    };
    let (code, stderr) = render_with("<html>\n<p>{{#if title}}unclosed</p>\n");
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.starts_with("error: cannot parse template `proposal.html.hbs`"), "{stderr}");
    assert!(stderr.contains("proposal.html.hbs:"), "{stderr}");
    // A value the proposal lacks points at its tag.
    let (code, stderr) = render_with("<html>\n<p>{{no_such_value}}</p>\n");
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("`no_such_value`") && stderr.contains("proposal.html.hbs:2:4"), "{stderr}");
    assert!(!dir.path().join("out").exists() || std::fs::read_dir(dir.path().join("out")).unwrap().count() == 0);
}

#[test]
fn a_template_folder_may_replace_the_shell_and_markdown_templates_together() {
    let dir = tempfile::tempdir().unwrap();
    let shell = "<!DOCTYPE html>\n<html lang=\"{{lang}}\"><title>{{title}}</title>{{{h1}}}{{{body}}}<p>{{t \"html.reference\" hash=content_hash}}</p></html>\n";
    std::fs::write(dir.path().join("proposal.html.hbs"), shell).unwrap();
    std::fs::write(dir.path().join("terms.md.hbs"), "## Terms\n\nOur own terms.\n").unwrap();
    let out = dir.path().join("out");
    propose()
        .args(["render", TAILSPIN, "--format", "html,md", "--templates"])
        .arg(dir.path())
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let page = std::fs::read_to_string(out.join("CD-2026-030.html")).unwrap();
    assert!(page.contains("Our own terms.") && page.contains("<p>Ref. "), "{page}");
    assert!(!page.contains("<style>"), "the user's shell replaced the embedded one");
}

#[test]
fn the_tailspin_page_snapshot() {
    let p = build(&root().join(TAILSPIN));
    insta::with_settings!({ omit_expression => true, description => TAILSPIN }, {
        insta::assert_snapshot!("tailspin-options.html", html(&p));
    });
}
