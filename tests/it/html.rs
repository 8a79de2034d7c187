//! Issue 21: the HTML proposal. Every example renders to one self-contained, accessible page
//! (its language, one `<h1>`, table headers with scope, text alternatives, nothing loaded
//! from anywhere) that shows every figure of the proposal, byte-identical run after run; intake
//! text shows literally; the chooser's data is `quote --format json`'s per option; and
//! `verify` accepts the acceptance summary the page wrote (in every language, and version 1's)
//! and rejects every tampering, each a case in `tests/bad-summaries/NAME.txt` (version 1,
//! against tailspin) or `tests/bad-summaries/EXAMPLE/NAME.txt` (as pages write them now,
//! against `examples/EXAMPLE.toml`), with `@HASH@` for the proposal's content hash, and its
//! exact stderr in `NAME.stderr`. `PROPOSE_BLESS=1` writes the `.stderr` files.

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
        for row in &o.payment_plan.rows {
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

/// The text of the page's chart figure.
fn chart(page: &str) -> &str {
    let start = page.find("<figure class=\"chart\">").expect("a chart");
    &page[start..start + page[start..].find("</figure>").unwrap()]
}

#[test]
fn the_chart_has_dates_a_legend_and_ongoing_services_to_their_end() {
    for path in examples() {
        let p = build(&path);
        let page = html(&p);
        let chart = chart(&page);
        let name = path.display();
        assert!(chart.matches("<text class=\"tick").count() >= 2, "{name}: dates on the axis");
        assert!(chart.contains("<text class=\"year\""), "{name}: the year");
        let legend = &chart[chart.find("<ul class=\"legend\">").expect("a legend")..];
        assert!(legend.contains(&format!("</span>{}</li>", p.pdf_labels.phase)), "{name}");
        let ongoing = p.offer.phases.iter().any(|ph| ph.ongoing);
        assert_eq!(legend.contains(&p.pdf_labels.ongoing), ongoing, "{name}");
        assert_eq!(legend.contains(&p.pdf_labels.milestone), !p.offer.milestones.is_empty(), "{name}");
        // Every bar's end date shows, beside it, in it, before it or on its name's line.
        let bars = chart.matches("<rect class=\"bar").count();
        assert_eq!(bars, p.offer.phases.len(), "{name}");
        assert_eq!(chart.matches("<text class=\"end").count(), bars, "{name}: an end date per bar");
    }
    // An ongoing service runs on past the chart's last date: its end, and a mark that it goes on.
    let p = build(&example("litware-combined.toml"));
    let page = html(&p);
    let chart = chart(&page);
    for (y, m, d) in [(2027, 9, 20), (2027, 8, 2)] {
        let end = p.proposal.locale.date(chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap());
        assert!(end.contains("septembre") || end.contains("août"), "{end}");
        assert!(chart.contains(&format!(">\u{2192}\u{a0}{end}</text>")), "{end}: {chart}");
    }
    assert!(chart.contains("<text class=\"more\""), "{chart}");
    assert!(chart.contains("<li><span class=\"key ongoing\"></span>"), "{chart}");
    // A retainer's services end with the chart, on the term's assumed end, then run on month
    // to month: each says so as a managed service does (fabrikam's stopped at "29 Sep").
    let p = build(&example("fabrikam-advisory.toml"));
    let page = html(&p);
    let retainer = self::chart(&page);
    let end = p.proposal.locale.date(chrono::NaiveDate::from_ymd_opt(2026, 9, 29).unwrap());
    let ongoing = p.offer.phases.iter().filter(|ph| ph.ongoing).count();
    assert_eq!(ongoing, 3, "fabrikam's retainer has three ongoing services");
    assert_eq!(retainer.matches(&format!(">\u{2192}\u{a0}{end}</text>")).count(), ongoing, "{end}: {retainer}");
    assert_eq!(retainer.matches("<text class=\"more\"").count(), ongoing, "{retainer}");
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
        assert!(summary.starts_with("Proposal acceptance\nProposal: CD-2026-030\n"), "{summary}");
        assert!(summary.contains(&format!("\nOption: {}\n", o["name"].as_str().unwrap())), "{summary}");
        let contract = c["contract_value_text"].as_str().unwrap();
        assert!(summary.contains(&format!("\nTotal contract value: {contract}\n")), "{summary}");
        assert!(summary.ends_with(&format!("\nReference: {}\n", p.content_hash)), "{summary}");
        assert!(!summary.contains("propose") && !summary.contains("Revision"), "{summary}");
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

/// The summary the page of `intake` (rendered with `sets`) offers first.
fn first_summary(intake: &str, sets: &[&str], out: &Path) -> String {
    let mut cmd = propose();
    cmd.args(["render", intake, "--format", "html", "--out"]).arg(out);
    for set in sets {
        cmd.args(["--set", set]);
    }
    let rendered = cmd.output().unwrap();
    assert!(rendered.status.success(), "{}", String::from_utf8_lossy(&rendered.stderr));
    let page = String::from_utf8_lossy(&rendered.stdout).lines().find(|l| l.ends_with(".html")).unwrap().to_string();
    let page = std::fs::read_to_string(root().join(page)).unwrap();
    data(&page)["choices"][0]["summary"].as_str().unwrap().to_string()
}

#[test]
fn every_example_s_summary_is_in_its_language_and_verifies_as_sent_or_pasted() {
    let dir = tempfile::tempdir().unwrap();
    let mut intakes: Vec<(String, Vec<&str>)> =
        examples().iter().map(|e| (e.strip_prefix(root()).unwrap_or(e).display().to_string(), vec![])).collect();
    intakes.push(("examples/kansai-platform.toml".into(), vec!["proposal.language=ja", "proposal.locale=ja-JP"]));
    for (intake, sets) in &intakes {
        let summary = first_summary(intake, sets, &dir.path().join("out"));
        let p = build(&root().join(intake));
        // Nothing internal or empty: no tool name, no placeholder for a missing value, no zero.
        assert!(!summary.contains("propose") && !summary.contains(": -\n"), "{intake}: {summary}");
        if sets.is_empty() {
            let (locale, currency) = (p.proposal.locale, p.proposal.currency);
            let zero = locale.money(rust_decimal::Decimal::ZERO, currency);
            assert!(!summary.contains(&format!(": {zero}\n")), "{intake}: a zero line: {summary}");
            let totals = p.options.first().map_or(&p.offer.totals, |o| &o.offer.totals);
            let total = locale.money(totals.contract_value.amount(), currency);
            assert!(summary.contains(&total), "{intake}: {total} is not in {summary}");
        }
        // As the page wrote it, and as a mail program may pass it on: plain spaces, CRLF.
        let pasted: String = summary.replace(['\u{a0}', '\u{202f}'], " ").replace('\n', "\r\n");
        for (kind, text) in [("written", &summary), ("pasted", &pasted)] {
            let file = dir.path().join("summary.txt");
            std::fs::write(&file, text).unwrap();
            let mut cmd = propose();
            cmd.arg("verify").arg(&file).arg(intake);
            for set in sets {
                cmd.args(["--set", set]);
            }
            let out = cmd.output().unwrap();
            assert!(out.status.success(), "{intake} ({kind}): {}\n{text}", String::from_utf8_lossy(&out.stderr));
        }
    }
    let german = first_summary("examples/contoso-pentest.toml", &[], &dir.path().join("out"));
    assert!(german.starts_with("Annahme des Angebots\nAngebot: CD-2026-021\n"), "{german}");
    let french = first_summary("examples/litware-combined.toml", &[], &dir.path().join("out"));
    assert!(french.contains("\nValeur totale du contrat\u{202f}: 323\u{202f}082,11\u{a0}€\n"), "{french}");
    let japanese = first_summary("examples/kansai-platform.toml", &["proposal.language=ja"], &dir.path().join("out"));
    assert!(japanese.starts_with("提案書の承諾\n提案書番号：CD-2026-027\n"), "{japanese}");
}

#[test]
fn a_summary_of_the_first_version_still_verifies() {
    let p = build(&root().join(TAILSPIN));
    let o = &p.options[1];
    let t = &o.offer.totals;
    let v1 = format!(
        "Proposal acceptance (propose 1)\nProposal: CD-2026-030\nRevision: -\nContent hash: {}\nOption: {}\n\
         Currency: EUR\nOne-time: {}\nMonthly: {}\nContract value: {}\n",
        p.content_hash,
        o.name,
        t.one_time.amount(),
        t.monthly.amount(),
        t.contract_value.amount()
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("v1.txt");
    std::fs::write(&file, v1).unwrap();
    let out = propose().arg("verify").arg(&file).arg(TAILSPIN).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8(out.stdout).unwrap().contains("accepts option Extended of proposal CD-2026-030"));
}

/// The tampered summaries of `cases` (each `NAME.txt`, its content hash `@HASH@`), checked
/// against `intake`: each fails with exit 2 and its `NAME.stderr`.
fn tampered_summaries_fail(cases: &Path, intake: &str) -> usize {
    let hash = build(&root().join(intake)).content_hash;
    let mut names: Vec<String> = std::fs::read_dir(cases)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter_map(|n| n.strip_suffix(".txt").map(str::to_string))
        .collect();
    names.sort();
    let dir = tempfile::tempdir().unwrap();
    let bless = std::env::var_os("PROPOSE_BLESS").is_some();
    for name in &names {
        let text = std::fs::read_to_string(cases.join(format!("{name}.txt"))).unwrap().replace("@HASH@", &hash);
        let file = dir.path().join(format!("{name}.txt"));
        std::fs::write(&file, text).unwrap();
        let out = propose().arg("verify").arg(&file).arg(intake).output().unwrap();
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
    names.len()
}

/// The cases of `tests/bad-summaries/` are checked against tailspin; those of a folder in it
/// against the example of that name (`litware-combined/` against
/// `examples/litware-combined.toml`).
#[test]
fn every_tampered_summary_fails_with_its_message() {
    let cases = root().join("tests/bad-summaries");
    assert!(tampered_summaries_fail(&cases, TAILSPIN) >= 6);
    let mut folders: Vec<PathBuf> =
        std::fs::read_dir(&cases).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_dir()).collect();
    folders.sort();
    assert!(folders.len() >= 3, "{folders:?}");
    for folder in folders {
        let stem = folder.file_name().unwrap().to_string_lossy().into_owned();
        let intake = format!("examples/{stem}.toml");
        assert!(root().join(&intake).is_file(), "{stem}: no such example");
        assert!(tampered_summaries_fail(&folder, &intake) >= 2, "{stem}");
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
