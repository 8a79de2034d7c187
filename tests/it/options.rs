//! Issue 8: alternative options (good / better / best) in one proposal.

use crate::common::*;

use std::path::{Path, PathBuf};

const EXAMPLE: &str = "examples/tailspin-options.toml";

fn json(args: &[&str]) -> serde_json::Value {
    let out = propose().args(args).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn quote_json_lists_every_option_with_its_totals() {
    let v = json(&["quote", "--format", "json", EXAMPLE]);
    let options = v["options"].as_array().unwrap();
    let names: Vec<&str> = options.iter().map(|o| o["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Essential", "Extended", "Premium"]);
    let recommended: Vec<bool> = options.iter().map(|o| o["recommended"].as_bool().unwrap()).collect();
    assert_eq!(recommended, [false, true, false]);
    // The model outside `options` is the recommended option's.
    assert_eq!(v["totals"], options[1]["totals"]);
    assert_eq!(options[2]["comparison"]["response_time"], "30 minutes for critical issues");
    // The managed term counts from service commencement, after the set-up steps.
    assert_eq!(options[2]["timeline"]["weeks"], 112);
    // Each option's payments sum exactly to its contract value.
    for o in options {
        let sum: rust_decimal::Decimal = o["payment_schedule"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["amount"].as_str().unwrap().parse::<rust_decimal::Decimal>().unwrap())
            .sum();
        assert_eq!(sum.to_string(), o["totals"]["contract_value"].as_str().unwrap(), "{}", o["name"]);
    }
    let values: Vec<&str> = options.iter().map(|o| o["comparison"]["contract_value"].as_str().unwrap()).collect();
    assert!(values[0] < values[1] && values[1].len() <= values[2].len(), "{values:?}");
}

/// Layout 11: every option's subsection carries its own fee tables, the recommended one's
/// too (tailspin's "4.1.2 Option 2: Extended (recommended)" had one sentence and its dates,
/// its fees a page later); "The recommended option" keeps its billing and payment plan and
/// repeats no fee table. Issue 15: the one-time fees every option shares are printed once,
/// before the options, and every option, the recommended one too, gives its totals in the same
/// table, which "The recommended option" does not state again.
#[test]
fn each_option_carries_its_own_fee_tables_and_the_recommended_section_repeats_none() {
    let dir = tempfile::tempdir().unwrap();
    propose().args(["render", EXAMPLE, "--out"]).arg(dir.path()).assert().success();
    let md = std::fs::read_to_string(dir.path().join("CD-2026-030.md")).unwrap();
    let pricing = &md[find_heading(&md, "##", "Pricing").unwrap()..find_heading(&md, "##", "Working with").unwrap()];
    let options = find_heading(pricing, "###", "Options").expect("4.1 Options");
    let recommended = find_heading(pricing, "###", "The recommended option: Extended").expect("4.2");
    let first = find_heading(pricing, "####", "Option 1: ").unwrap();
    let shared = &pricing[options..first];
    assert_eq!(shared.matches("| One-time fees, the same for every option | Amount |").count(), 1, "{shared}");
    assert!(shared.contains("| **Total** | **€10,377.60** |"), "{shared}");
    assert!(shared.contains("Every option starts on 4\u{a0}May\u{a0}2026."), "{shared}");
    for (n, name, monthly, total) in [
        (1, "Essential", "€3,339.60", "| **Total contract value** | **€50,452.80** |"),
        (2, "Extended", "€4,842.42", "| **Total contract value (Extended, recommended)** | **€68,486.64** |"),
        (3, "Premium", "€7,347.12", "| **Total contract value** | **€186,708.48** |"),
    ] {
        let at = find_heading(pricing, "####", &format!("Option {n}: ")).unwrap();
        let end = pricing[at + 1..].find("\n#### ").map_or(recommended, |k| at + 1 + k);
        let own = &pricing[at..end];
        assert!(!own.contains("One-time fees"), "option {n}: {own}");
        assert!(own.contains(&format!("| **Total per month** | **{monthly}** |")), "option {n}: {own}");
        assert!(own.contains(&format!("| {name} | Amount |")) && own.contains(total), "option {n}: {own}");
        assert!(!own.contains("From 4 May 2026"), "option {n}: {own}");
    }
    assert!(options < recommended);
    let after = &pricing[recommended..];
    assert!(!after.contains("| One-time fees") && !after.contains("| Monthly fees |"), "{after}");
    assert!(!after.contains("with the one-time fees"), "its total was just given: {after}");
    assert!(after.contains("billed monthly from service commencement"), "its billing notes stay: {after}");
    assert!(after.contains("### 4.3 Payment plan"), "{after}");
}

/// Review 19 of tailspin: the recommended option's column was bold in its price rows only, so
/// once the comparison split after its prices, "4.1 Options (continued)" showed the column
/// plain. Every cell of the recommended column is bold, and no other option's, in the
/// Markdown and so in the PDF and the HTML.
#[test]
fn the_recommended_option_is_bold_in_every_row_of_the_comparison() {
    let dir = tempfile::tempdir().unwrap();
    propose().args(["render", EXAMPLE, "--format", "md,html", "--out"]).arg(dir.path()).assert().success();
    let md = std::fs::read_to_string(dir.path().join("CD-2026-030.md")).unwrap();
    let start = md.find("| | Essential | **Extended (recommended)** | Premium |").expect("comparison header");
    let table = md[start..].split("\n\n").next().unwrap();
    let rows: Vec<Vec<&str>> = table
        .lines()
        .filter(|l| !l.starts_with("|---"))
        .map(|l| l.trim_matches('|').split(" | ").map(str::trim).collect())
        .collect();
    assert!(rows.len() > 10, "{table}");
    for row in &rows {
        assert_eq!(row.len(), 4, "{row:?}");
        let bold = |c: &str| c.starts_with("**") && c.ends_with("**");
        assert!(bold(row[2]), "the recommended column is bold: {row:?}");
        assert!(!bold(row[1]) && !bold(row[3]), "only the recommended column is bold: {row:?}");
    }
    let html = std::fs::read_to_string(dir.path().join("CD-2026-030.html")).unwrap();
    for cell in ["Extended-hours managed operations", "2 hours for critical issues", "Monthly"] {
        assert!(html.contains(&format!("<strong>{cell}</strong>")), "{cell}");
    }
}

#[test]
fn the_proposal_opens_its_pricing_with_a_comparison_table() {
    let dir = tempfile::tempdir().unwrap();
    propose().args(["render", EXAMPLE, "--out"]).arg(dir.path()).assert().success();
    let md = std::fs::read_to_string(dir.path().join("CD-2026-030.md")).unwrap();
    let pricing = &md[find_heading(&md, "##", "Pricing").unwrap()..];
    let table =
        &pricing[pricing.find("| | Essential | **Extended (recommended)** | Premium |").expect("comparison header")..];
    for row in [
        "| One-time |",
        "| Per month |",
        "| Total contract value |",
        "| Response time |",
        "| Coverage |",
        "| Term | 12 months | **12 months** | 24 months |",
        // What each includes, a row per feature.
        "| Email and ticket support | ✓ | **✓** | ✓ |",
        "| Proactive monitoring | – | **✓** | ✓ |",
        "| Continuous optimisation | – | **–** | ✓ |",
    ] {
        assert!(table.contains(row), "no `{row}` row");
    }
    assert!(table.contains("| Total contract value | €50,452.80 | **€68,486.64** | €186,708.48 |"));
    // Text cells are left-aligned: the options are columns to read across, not sums.
    assert!(table.contains("Premium |\n|---|---|---|---|\n"), "{table}");
    assert!(!table.contains("weeks"), "terms are in months");
    for n in 1..=3 {
        assert!(find_heading(pricing, "####", &format!("Option {n}: ")).is_some(), "option {n} has no pricing");
    }
    // The currency, tax and rate hold for every option: said first, not under the
    // recommended option after all three were priced (issue 15, review of tailspin).
    let glance = find_heading(pricing, "###", "Options").expect("the comparison's heading");
    // Its export rule's wording (under the totals) says why no tax is charged (review 17).
    assert!(pricing[..glance].contains("All prices are in EUR.\n"), "{pricing}");
    assert!(pricing[..glance].contains("Converted from USD at"), "{pricing}");
}

#[test]
fn batch_gives_a_row_per_option() {
    let out = propose().args(["batch", EXAMPLE, "--format", "csv"]).output().unwrap();
    assert!(out.status.success());
    let mut reader = csv::Reader::from_reader(&out.stdout[..]);
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    let scenarios: Vec<&str> = rows.iter().map(|r| &r[1]).collect();
    assert_eq!(scenarios, ["option=Essential", "option=Extended", "option=Premium"]);
    assert_eq!(&rows[2][7], "186708.48");
}

fn intake(dir: &Path, options: &str) -> PathBuf {
    let base = std::fs::read_to_string(EXAMPLE).unwrap();
    let cut = base.find("\n[[option]]\n").unwrap() + 1;
    let path = dir.join("intake.toml");
    std::fs::write(&path, format!("{}{options}", &base[..cut])).unwrap();
    path
}

fn stderr_of(path: &Path) -> String {
    let out = propose().arg("check").arg(path).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn an_invalid_override_value_is_located_at_the_option() {
    let dir = tempfile::tempdir().unwrap();
    let path = intake(
        dir.path(),
        "[[option]]\nname = \"A\"\nset = { \"engagement[0].tier\" = \"gold\" }\n\n[[option]]\nname = \"B\"\nrecommended = true\n",
    );
    let stderr = stderr_of(&path);
    assert!(stderr.starts_with("error: option `A`: unknown SLA tier `gold`\n"), "{stderr}");
    assert!(stderr.contains("intake.toml:37:9\n"), "{stderr}");
    assert!(stderr.contains("37 | set = { \"engagement[0].tier\" = \"gold\" }"), "{stderr}");
}

#[test]
fn an_override_of_a_missing_path_is_located_at_the_option() {
    let dir = tempfile::tempdir().unwrap();
    let path = intake(
        dir.path(),
        "[[option]]\nname = \"A\"\nrecommended = true\nset = { \"engagement[3].tier\" = \"extended-hours\" }\n\n[[option]]\nname = \"B\"\n",
    );
    let stderr = stderr_of(&path);
    assert!(stderr.starts_with("error: option `A`: "), "{stderr}");
    assert!(stderr.contains("intake.toml:38:9\n"), "{stderr}");
}

#[test]
fn options_need_two_to_four_and_exactly_one_recommended() {
    let dir = tempfile::tempdir().unwrap();
    let one = intake(dir.path(), "[[option]]\nname = \"A\"\nrecommended = true\n");
    assert!(stderr_of(&one).contains("error: 1 option(s) given"));
    let none = intake(dir.path(), "[[option]]\nname = \"A\"\n\n[[option]]\nname = \"B\"\n");
    assert!(stderr_of(&none).contains("error: 0 options are marked recommended"));
    let twice = intake(dir.path(), "[[option]]\nname = \"A\"\nrecommended = true\n\n[[option]]\nname = \"A\"\n");
    assert!(stderr_of(&twice).contains("error: option `A` is named twice"));
}

/// Issue 15, review of tailspin: the comparison's four price rows sat at the foot of page 2,
/// its term, scope and inclusions on page 3 under "4.1 Options (continued)", and the table
/// moved whole; review 18: that left "4 Pricing" alone at the foot of page 2, a third of it
/// blank. A comparison that fits on a page moves whole only where its page stays three
/// quarters full; elsewhere it splits only where its prices end, every option's prices on
/// one page, the rest under its repeated header.
#[test]
fn the_pdf_splits_the_comparison_table_only_where_its_prices_end() {
    let dir = tempfile::tempdir().unwrap();
    propose().args(["render", EXAMPLE, "--format", "pdf", "--out"]).arg(dir.path()).assert().success();
    let doc = lopdf::Document::load(dir.path().join("CD-2026-030.pdf")).unwrap();
    let pages: Vec<String> = doc.get_pages().keys().map(|n| doc.extract_text(&[*n]).unwrap()).collect();
    let at = pages.iter().position(|t| t.contains("4.1 Options")).expect("no comparison in the PDF");
    let (prices, rest) = (&pages[at], &pages[at + 1]);
    for row in ["Extended (recommended)", "One-time", "Per month", "First 12 months", "€186,708.48"] {
        assert!(prices.contains(row), "`{row}` is not on the comparison's first page");
    }
    assert!(rest.contains("4.1 Options (continued)"), "{rest}");
    for row in [
        "Extended (recommended)",
        "Response time",
        "Coverage",
        "Term",
        "24 months",
        "Proactive monitoring",
        "Continuous optimisation",
        // The inclusion marks are drawn, not left blank.
        "✓",
        "–",
    ] {
        assert!(rest.contains(row), "`{row}` is not on the scope's page");
    }
    for row in ["Response time", "Proactive monitoring", "Continuous optimisation"] {
        assert!(!prices.contains(row), "`{row}` is on the prices' page, inside their group");
    }
}

/// Every kind of override an option may make (a tier, a term, an inventory count, a start, a
/// title, a discount), written as the proposal's Markdown, PDF and JSON.
const VARIED: &str = "
[[discount]]
label = \"Partner discount\"
percent = 5

[[option]]
name = \"Essential\"
set = { \"engagement[0].tier\" = \"business-hours\", \"engagement[0].inventory.servers\" = 12, \"discount[0].percent\" = 2 }

[[option]]
name = \"Extended\"
recommended = true
set = { \"engagement[0].tier\" = \"extended-hours\", \"engagement[0].start\" = 2026-06-01, \"engagement[0].title\" = \"Extended operations\" }

[[option]]
name = \"Premium\"
set = { \"engagement[0].tier\" = \"24x7-premium\", \"engagement[0].months\" = 24, \"discount[0].applies_to\" = \"monthly\" }
";

#[test]
fn every_allowed_override_reads_the_same_in_markdown_pdf_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let path = intake(dir.path(), VARIED);
    let out = dir.path().join("out");
    propose().args(["render", "--format", "md,pdf,json", "--out"]).arg(&out).arg(&path).assert().success();
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("CD-2026-030.json")).unwrap()).unwrap();
    let md = std::fs::read_to_string(out.join("CD-2026-030.md")).unwrap();
    let pdf = lopdf::Document::load(out.join("CD-2026-030.pdf")).unwrap();
    let pages: Vec<u32> = pdf.get_pages().keys().copied().collect();
    let pdf_text = pdf.extract_text(&pages).unwrap();

    let locale = propose::money::Locale::from_tag(json["proposal"]["locale"].as_str().unwrap()).unwrap();
    let currency = propose::money::Currency::from_code(json["proposal"]["currency"].as_str().unwrap()).unwrap();
    let money = |v: &serde_json::Value| locale.money(v.as_str().unwrap().parse().unwrap(), currency);
    let date = |v: &serde_json::Value| locale.date(v.as_str().unwrap().parse().unwrap());
    let options = json["options"].as_array().unwrap();
    assert_eq!(options.len(), 3);
    // The options differ in every figure, so a figure written with another option's values
    // cannot pass.
    let values: std::collections::BTreeSet<&str> =
        options.iter().map(|o| o["totals"]["contract_value"].as_str().unwrap()).collect();
    assert_eq!(values.len(), 3, "{values:?}");

    // The comparison table prints each option's JSON figures.
    let row = |label: &str, cells: Vec<String>| {
        let cells: Vec<String> = cells
            .into_iter()
            .zip(options)
            .map(|(c, o)| if o["recommended"] == true { format!("**{c}**") } else { c })
            .collect();
        format!("| {label} | {} |", cells.join(" | "))
    };
    let figures = |key: &str| options.iter().map(|o| money(&o["comparison"][key])).collect::<Vec<_>>();
    for (label, key) in [("One-time", "one_time"), ("Per month", "monthly"), ("Total contract value", "contract_value")]
    {
        let expected = row(label, figures(key));
        assert!(md.contains(&expected), "no `{expected}` in the Markdown");
    }
    let term = row("Term", options.iter().map(|o| format!("{} months", o["comparison"]["months"])).collect());
    assert!(md.contains(&term), "no `{term}`");
    assert!(md.contains("Extended operations"), "the recommended option's title");

    // Each option's own section: its dates, its total; the PDF has them too.
    for (n, o) in options.iter().enumerate() {
        let name = o["name"].as_str().unwrap();
        let section = &md[find_heading(&md, "####", &format!("Option {}: {name}", n + 1)).unwrap()..];
        let section = &section[..section[5..].find("#### ").map_or(section.len(), |i| i + 5)];
        let total = money(&o["totals"]["contract_value"]);
        assert_eq!(money(&o["comparison"]["contract_value"]), total);
        if o["recommended"] == true {
            // Totalled in its own subsection like the others, under a label naming it; its
            // billing and payment plan under "The recommended option: NAME", which the options'
            // introduction points to, and which states no total again.
            let pointer = format!("then the billing and payment plan of the one we recommend, {name}.");
            assert!(md.contains(&pointer), "no `{pointer}`: {md}");
            assert!(md.contains(&format!("### 4.2 The recommended option: {name}\n")), "{md}");
            let label = format!("| **Total contract value ({name}, recommended)** | **{total}** |");
            assert!(section.contains(&label), "{name}: {section}");
            assert!(!md.contains("with the one-time fees:"), "{name} is totalled twice: {md}");
        } else {
            assert!(section.contains(&format!("| **Total contract value** | **{total}** |")), "{name}: {section}");
        }
        // Rows are labelled without the engagement's name, and each table reconciles: its
        // lines, subtotal, discounts and tax lead to its total, never straight from pre-tax
        // lines to a post-tax total.
        for e in o["engagements"].as_array().unwrap() {
            let title = e["title"].as_str().unwrap();
            assert!(!section.contains(&format!("| {title}: ")), "{name}: rows repeat `{title}`: {section}");
        }
        let discounts = o["discounts"].as_array().unwrap();
        assert!(!discounts.is_empty(), "{name}: the partner discount applies");
        for d in discounts {
            let row = format!("| {} | −{} |", d["label"].as_str().unwrap(), money(&d["amount"]));
            assert!(section.contains(&row), "{name}: no `{row}`: {section}");
        }
        assert!(!section.contains("after discounts and tax"), "{name}: {section}");
        let squeezed = |s: &str| s.split_whitespace().collect::<String>();
        for text in [total, name.to_string(), date(&o["timeline"]["start"])] {
            assert!(squeezed(&pdf_text).contains(&squeezed(&text)), "{name}: `{text}` is not in the PDF");
        }
    }
    // Their dates differ (Extended starts later, Premium ends later): the comparison gives
    // each option's, once.
    for (label, key) in [("Starts", "start"), ("Ends", "end")] {
        let dates = row(label, options.iter().map(|o| date(&o["timeline"][key])).collect());
        assert_eq!(md.matches(&dates).count(), 1, "no `{dates}`: {md}");
    }
    // The document's own figures are the recommended option's.
    let recommended = options.iter().find(|o| o["recommended"] == true).unwrap();
    assert_eq!(json["totals"], recommended["totals"]);
    assert_eq!(json["timeline"], recommended["timeline"]);
}

#[test]
fn options_of_different_terms_are_compared_by_their_first_twelve_months_too() {
    // Premium runs 24 months, the others 12: its total contract value is not comparable with
    // theirs, its first year is (one-time fees and twelve monthly fees).
    let dir = tempfile::tempdir().unwrap();
    propose().args(["render", "--format", "md", "--out"]).arg(dir.path()).arg(EXAMPLE).assert().success();
    let md = std::fs::read_to_string(dir.path().join("CD-2026-030.md")).unwrap();
    assert!(
        md.contains("| First 12 months | €50,452.80 | **€68,486.64** | €98,543.04 |\n| Total contract value |"),
        "{md}"
    );
    let v = json(&["quote", "--format", "json", EXAMPLE]);
    assert_eq!(v["options"][2]["comparison"]["first_year"], "98543.04");
    // Options of a year or less compare by their totals alone: the row would repeat them.
    let text = std::fs::read_to_string(root().join(EXAMPLE)).unwrap();
    let short = text.replacen("\"engagement[0].months\" = 24", "\"engagement[0].months\" = 12", 1);
    assert_ne!(short, text);
    let intake = dir.path().join("short.toml");
    std::fs::write(&intake, short).unwrap();
    propose().args(["render", "--format", "md", "--out"]).arg(dir.path()).arg(&intake).assert().success();
    let md = std::fs::read_to_string(dir.path().join("CD-2026-030.md")).unwrap();
    assert!(md.contains("| Total contract value |") && !md.contains("First 12 months"), "{md}");
}

/// Tailspin's full proposal, or its brief, in `language` (from `text`, the intake).
fn rendered(text: &str, language: &str, edition: propose::render::Edition) -> String {
    use propose::render::markdown::Markdown;
    let text = text.replacen("[proposal]\n", &format!("[proposal]\nlanguage = \"{language}\"\n"), 1);
    let p = propose::build(&propose::diag::Source::new("tailspin.toml", text), catalog()).unwrap();
    Markdown::for_edition(None, edition).unwrap().render(&p).unwrap()
}

/// The text between two level-2 headings, the first starting with `from`.
fn section<'a>(md: &'a str, from: &str) -> &'a str {
    let start = md.find(&format!("## {from}")).or_else(|| md.find(&format!(" {from}\n"))).unwrap();
    let rest = &md[start..];
    &rest[..rest[3..].find("\n## ").map_or(rest.len(), |i| i + 3)]
}

/// Issue 15, review of tailspin: an options proposal spoke as if the client had chosen the
/// recommended option. Its cover title was Extended's engagement, "Working with CatDev"
/// promised Extended's "2 hours for critical issues" (it now names each option's time), the next steps started "Assessment and
/// planning for the service “Extended-hours managed operations”", and the summary offered
/// "3 options". Each is now true of whichever option the client ticks, in every language.
#[test]
fn an_options_proposal_never_speaks_as_if_the_recommended_option_were_chosen() {
    use propose::render::Edition;
    let text = std::fs::read_to_string(root().join(EXAMPLE)).unwrap();
    let md = rendered(&text, "en", Edition::Full);
    assert!(md.starts_with("# Managed operations: three service levels\n"), "{md}");
    assert!(md.contains("It sets out three options, describes the one we recommend (Extended) and compares all three"));
    assert!(md.contains("The table compares the three options;"));
    let working = section(&md, "5 Working with CatDev");
    // Each option's time, named (it read "each option's is in the comparison under Pricing").
    let times = "your chosen service level commits to: 4 hours (Essential), 2 hours (Extended) or 30 minutes \
                 (Premium) for critical issues.";
    assert!(working.contains(times), "{working}");
    let acceptance = section(&md, "8 Acceptance");
    assert!(!acceptance.contains("Extended-hours"), "{acceptance}");
    assert!(acceptance.contains(
        "2. Work on the option you choose starts on 4\u{a0}May\u{a0}2026 with its first phase, Assessment and planning; \
         we take over operations at your service level from 24\u{a0}June\u{a0}2026."
    ));
    assert!(acceptance.contains("3. First milestone: Assessment and planning, on 18\u{a0}May\u{a0}2026."), "all alike");
    let brief = rendered(&text, "en", Edition::Brief);
    assert!(brief.starts_with("# Managed operations: three service levels\n"));
    assert!(brief.contains("We offer three options; this brief describes"), "{brief}");
    assert!(!brief.contains("“Extended-hours"), "{brief}");
    for (language, title, count) in [
        ("de", "# Betriebsführung: drei Service-Levels zur Wahl\n", "Es stellt drei Optionen vor"),
        ("fr", "# Infogérance\u{202f}: trois niveaux de service au choix\n", "Elle présente trois options"),
        ("ja", "# マネージド運用：3つのサービスレベル\n", "3つのオプションを提示し、"),
    ] {
        let md = rendered(&text, language, Edition::Full);
        assert!(md.starts_with(title) && md.contains(count), "{language}: {md}");
        let steps = &md[md.rfind("\n1. ").unwrap()..];
        assert!(!steps.contains("2 Stunden") && !steps.contains("2 heures") && !steps.contains("Extended-hours"));
    }
}

/// The same wording only where the options differ: options of one engagement offered for
/// different terms keep its name as the title and its response time; options that start on
/// different days point to their schedules and state no first milestone for all of them.
#[test]
fn an_options_proposal_states_what_its_options_share() {
    use propose::render::Edition;
    let dir = tempfile::tempdir().unwrap();
    let terms = "[[option]]\nname = \"One year\"\nset = { \"engagement[0].tier\" = \"extended-hours\" }\n\n\
                 [[option]]\nname = \"Two years\"\nrecommended = true\n\
                 set = { \"engagement[0].tier\" = \"extended-hours\", \"engagement[0].months\" = 24 }\n";
    let md = rendered(&std::fs::read_to_string(intake(dir.path(), terms)).unwrap(), "en", Edition::Full);
    assert!(md.starts_with("# Extended-hours managed operations\n"), "{md}");
    assert!(md.contains("It sets out two options,"));
    assert!(section(&md, "5 Working with CatDev").contains("2 hours for critical issues"));
    let starts =
        "[[option]]\nname = \"Now\"\nrecommended = true\nset = { \"engagement[0].tier\" = \"extended-hours\" }\n\n\
                  [[option]]\nname = \"Later\"\n\
                  set = { \"engagement[0].tier\" = \"24x7-premium\", \"engagement[0].start\" = 2026-06-01 }\n";
    let md = rendered(&std::fs::read_to_string(intake(dir.path(), starts)).unwrap(), "en", Edition::Full);
    let acceptance = section(&md, "8 Acceptance");
    assert!(acceptance
        .contains("2. Work on the option you choose starts on the first day its schedule under Pricing gives."));
    assert!(!acceptance.contains("First milestone"), "{acceptance}");
}

/// Issue 15, review of tailspin: "Total contract value €68,486.64" under a three-option
/// summary read as the deal's price. Every total of the recommended option says whose it is,
/// in the summary, the payment plan and the brief's, in every language.
#[test]
fn an_options_total_names_the_recommended_option() {
    use propose::render::Edition;
    let text = std::fs::read_to_string(root().join(EXAMPLE)).unwrap();
    let full = rendered(&text, "en", Edition::Full);
    assert_eq!(full.matches("| **Total contract value (Extended, recommended)** |").count(), 3, "{full}");
    let brief = rendered(&text, "en", Edition::Brief);
    assert!(brief.contains("| **Total (Extended, recommended)** | | **€68,486.64** |"), "{brief}");
    for (language, label) in [
        ("de", "Gesamtauftragswert (Extended, empfohlen)"),
        ("fr", "Valeur totale du contrat (Extended, recommandée)"),
        ("ja", "契約総額（Extended、推奨）"),
    ] {
        let md = rendered(&text, language, Edition::Full);
        assert!(md.contains(&format!("| **{label}** |")), "{language}: {md}");
    }
    // Without options the total is the proposal's, as before.
    let one = std::fs::read_to_string(root().join("examples/acme-managed.toml")).unwrap();
    let p = propose::build(&propose::diag::Source::new("acme.toml", one), catalog()).unwrap();
    let md = propose::render::markdown::Markdown::for_edition(None, Edition::Full).unwrap().render(&p).unwrap();
    assert!(md.contains("| **Total contract value** |") && !md.contains("recommended)**"), "{md}");
}

/// Issue 15, review of tailspin: the comparison read "Continuous optimisation | – " for
/// Extended, whose own scope has a "Monthly optimisation" phase and a monthly optimisation
/// report. The comparison gives each option's service reviews, as its tier writes them (the
/// scope's "Service reviews"), in every language.
#[test]
fn the_comparison_says_what_reviews_and_optimisation_each_option_has() {
    use propose::render::{markdown::Markdown, Edition};
    for language in ["en", "de", "fr", "ja"] {
        let p = built_in(&root().join(EXAMPLE), language);
        let md = Markdown::for_edition(None, Edition::Full).unwrap().render(&p).unwrap();
        let label = p.strings.text("scope.reviews", None).unwrap();
        let cells: Vec<String> = p
            .options
            .iter()
            .map(|o| {
                let cadence = &o.offer.engagements[0].managed.as_ref().unwrap().tier.review_cadence;
                if o.recommended {
                    format!("**{cadence}**")
                } else {
                    cadence.clone()
                }
            })
            .collect();
        let row = format!("| {label} | {} |", cells.join(" | "));
        assert_eq!(md.matches(&row).count(), 1, "{language}: no `{row}`: {md}");
    }
    let md =
        Markdown::for_edition(None, Edition::Full).unwrap().render(&built_in(&root().join(EXAMPLE), "en")).unwrap();
    assert!(md.contains("| Service reviews | Quarterly | **Monthly** | Weekly |"), "{md}");
}
