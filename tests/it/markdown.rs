//! The Markdown proposal (issue 3). Every example renders to valid GFM, checked by parsing it
//! with pulldown-cmark: headings in order, tables whose rows match their header, one Mermaid
//! Gantt block; each section appears only where it applies; intake text is escaped; a
//! template directory replaces sections by file name; and strict mode points at the template
//! line of a missing value. Snapshots of every example are in `tests/it/snapshots/`; regenerate
//! them with `INSTA_UPDATE=always cargo test --test markdown` and read every one.

use crate::common::*;

use propose::catalog::Catalog;
use propose::diag::{Error, Source};
use propose::proposal::Proposal;
use propose::render::markdown::Markdown;
use pulldown_cmark::{Alignment, CodeBlockKind, Event, Options, Parser, Tag, TagEnd};
use std::path::{Path, PathBuf};

const ESCAPING: &str = "tests/fixtures/markdown-escaping.toml";

/// The examples plus the escaping fixture: every intake whose output is checked.
fn intakes() -> Vec<PathBuf> {
    let mut all = examples();
    all.push(root().join(ESCAPING));
    all
}

fn build_text(name: &str, text: &str) -> Proposal {
    let catalog = Catalog::embedded().expect("embedded catalog loads");
    propose::build(&Source::new(name, text), &catalog).unwrap_or_else(|e| panic!("{name}: {}", e.render(false)))
}

fn build(path: &Path) -> Proposal {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    build_text(&path.display().to_string(), &text)
}

/// The intake at `path` in English: without the language it names (contoso's German,
/// litware's French), whose words the structure and content checks below do not read.
fn build_in_english(path: &Path) -> Proposal {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let text: String = text.lines().filter(|l| !l.starts_with("language = ")).map(|l| format!("{l}\n")).collect();
    let text = text.replacen("[proposal]\n", "[proposal]\nlanguage = \"en\"\n", 1);
    build_text(&path.display().to_string(), &text)
}

fn render(p: &Proposal) -> String {
    Markdown::new(None).expect("embedded templates compile").render(p).expect("renders")
}

fn stem(path: &Path) -> String {
    path.file_stem().unwrap().to_string_lossy().into_owned()
}

/// What a GFM parser sees in a document.
#[derive(Default)]
struct Doc {
    headings: Vec<(u8, String)>,
    tables: Vec<Table>,
    code_blocks: Vec<(String, String)>,
    ordered_lists: Vec<u64>,
    html: usize,
    /// The layout markers, in order.
    markers: Vec<String>,
    links: usize,
    emphasised: Vec<String>,
    text: String,
}

struct Table {
    align: Vec<Alignment>,
    /// Cells per row as the parser found them, header first.
    rows: Vec<Vec<String>>,
    source: String,
}

#[derive(Clone, Copy, PartialEq)]
enum In {
    Nothing,
    Heading,
    Cell,
    Code,
    Emphasis,
}

fn parse(md: &str) -> Doc {
    let mut doc = Doc::default();
    let mut within = In::Nothing;
    let mut buf = String::new();
    for (event, range) in Parser::new_ext(md, Options::ENABLE_TABLES).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { .. }) => (within, buf) = (In::Heading, String::new()),
            Event::End(TagEnd::Heading(level)) => doc.headings.push((level as u8, std::mem::take(&mut buf))),
            Event::Start(Tag::Table(align)) => {
                doc.tables.push(Table { align, rows: Vec::new(), source: md[range].to_string() })
            }
            Event::Start(Tag::TableHead | Tag::TableRow) => doc.tables.last_mut().unwrap().rows.push(Vec::new()),
            Event::Start(Tag::TableCell) => (within, buf) = (In::Cell, String::new()),
            Event::End(TagEnd::TableCell) => {
                let row = doc.tables.last_mut().unwrap().rows.last_mut().unwrap();
                row.push(std::mem::take(&mut buf));
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(l) => l.to_string(),
                    CodeBlockKind::Indented => "(indented)".to_string(),
                };
                doc.code_blocks.push((lang, String::new()));
                within = In::Code;
            }
            Event::Start(Tag::List(Some(start))) => doc.ordered_lists.push(start),
            Event::Start(Tag::Emphasis) => (within, buf) = (In::Emphasis, String::new()),
            Event::End(TagEnd::Emphasis) => doc.emphasised.push(std::mem::take(&mut buf)),
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => doc.links += 1,
            // Structural markers for the layout (`<!-- propose:signature -->`) are not content.
            Event::Html(h) if h.trim().starts_with("<!-- propose:") => doc.markers.push(h.trim().to_string()),
            Event::Start(Tag::HtmlBlock) => {}
            Event::Html(_) | Event::InlineHtml(_) => doc.html += 1,
            Event::Text(t) | Event::Code(t) => {
                if within == In::Code {
                    doc.code_blocks.last_mut().unwrap().1.push_str(&t);
                } else {
                    buf.push_str(&t);
                    doc.text.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => doc.text.push(' '),
            Event::End(TagEnd::CodeBlock | TagEnd::Paragraph | TagEnd::Item) => {
                within = In::Nothing;
                doc.text.push('\n');
            }
            _ => {}
        }
    }
    doc
}

/// Cells in a table line of the source, counting only unescaped pipes.
fn raw_cells(line: &str) -> usize {
    let line = line.trim();
    let mut pipes = Vec::new();
    let mut backslashes = 0;
    for (i, c) in line.char_indices() {
        if c == '|' && backslashes % 2 == 0 {
            pipes.push(i);
        }
        backslashes = if c == '\\' { backslashes + 1 } else { 0 };
    }
    let leading = pipes.first() == Some(&0);
    let trailing = pipes.last() == Some(&(line.len() - 1)) && line.len() > 1;
    pipes.len() + 1 - usize::from(leading) - usize::from(trailing)
}

/// The H2 sections a proposal must have, in order; the conditional ones only where they apply.
fn expected_sections(p: &Proposal) -> Vec<String> {
    let mut s: Vec<String> = vec![
        "Summary".into(),
        "Scope of work".into(),
        "Timeline".into(),
        "Pricing".into(),
        format!("Working with {}", p.firm.name),
    ];
    if !p.assumptions.is_empty() || !p.exclusions.is_empty() {
        s.push("Assumptions and exclusions".into());
    }
    s.extend(["Terms".into(), "Acceptance".into()]);
    s
}

fn check_structure(name: &str, p: &Proposal, md: &str, doc: &Doc) {
    assert!(md.ends_with('\n') && !md.ends_with("\n\n"), "{name}: must end with one newline");
    assert!(!md.contains("\n\n\n"), "{name}: runs of blank lines");
    assert!(!md.contains("{{") && !md.contains("}}"), "{name}: template syntax leaked");
    let h1: Vec<&String> = doc.headings.iter().filter(|h| h.0 == 1).map(|h| &h.1).collect();
    assert_eq!(h1, [&p.title], "{name}: one H1, the proposal title");
    let h2: Vec<String> = doc.headings.iter().filter(|h| h.0 == 2).map(|h| h.1.clone()).collect();
    let numbered: Vec<String> =
        expected_sections(p).iter().enumerate().map(|(i, s)| format!("{} {s}", i + 1)).collect();
    assert_eq!(h2, numbered, "{name}: sections, numbered");
    let h3 = doc.headings.iter().filter(|h| h.0 == 3).count();
    assert!(h3 >= p.offer.engagements.len(), "{name}: an H3 per engagement in the scope");
    assert_eq!(doc.ordered_lists, [1], "{name}: the only numbered list is the next steps");
    assert_eq!(doc.html, 0, "{name}: no HTML");
    assert_eq!(
        doc.markers,
        ["<!-- propose:small-print -->", "<!-- propose:signature -->"],
        "{name}: the terms are small print and the signature block is marked"
    );
    assert_eq!(doc.links, 0, "{name}: no links");
}

fn check_tables(name: &str, doc: &Doc) {
    assert!(doc.tables.len() >= 4, "{name}: summary, pricing, payment plan and signature tables");
    for t in &doc.tables {
        let width = t.align.len();
        for row in &t.rows {
            assert_eq!(row.len(), width, "{name}: row {row:?} in\n{}", t.source);
        }
        for line in t.source.lines().filter(|l| !l.trim().is_empty()) {
            assert_eq!(raw_cells(line), width, "{name}: source line `{line}` has the wrong number of cells");
        }
        let last = t.rows[0].last().map(String::as_str);
        if matches!(last, Some("Amount" | "Per month" | "Payment" | "Quantity" | "Duration")) {
            assert_eq!(t.align.last(), Some(&Alignment::Right), "{name}: `{last:?}` column is right-aligned");
        }
    }
}

/// The Gantt: one `mermaid` block, a section per engagement, a task per phase with its
/// dates, and a milestone per milestone.
fn check_gantt(name: &str, p: &Proposal, doc: &Doc) {
    let mermaid: Vec<&String> = doc.code_blocks.iter().filter(|b| b.0 == "mermaid").map(|b| &b.1).collect();
    assert_eq!(mermaid.len(), 1, "{name}: exactly one mermaid block");
    assert_eq!(doc.code_blocks.len(), 1, "{name}: no other code blocks");
    let gantt = mermaid[0];
    assert!(gantt.starts_with("gantt\n"), "{name}: the block is a gantt chart");
    assert!(gantt.contains("\n    dateFormat YYYY-MM-DD\n"), "{name}: dates are ISO");
    let lines: Vec<&str> = gantt.lines().map(str::trim).collect();
    let sections = lines.iter().filter(|l| l.starts_with("section ")).count();
    assert_eq!(sections, p.offer.engagements.len(), "{name}: a section per engagement");
    let tasks: Vec<&&str> = lines.iter().filter(|l| l.contains(" :e")).collect();
    assert_eq!(tasks.len(), p.offer.phases.len(), "{name}: a task per phase");
    for (line, phase) in tasks.iter().zip(&p.offer.phases) {
        assert!(line.ends_with(&format!(", {}, {}", phase.start, phase.end)), "{name}: `{line}`");
        assert_eq!(line.matches(':').count(), 1, "{name}: a task name has no `:`: `{line}`");
    }
    let milestones = lines.iter().filter(|l| l.contains(" :milestone, ")).count();
    assert_eq!(milestones, p.offer.milestones.len(), "{name}: a milestone per milestone");
}

/// Money, dates and percentages appear formatted for the intake's locale, and the
/// conditional rows and notes appear exactly where the model calls for them.
fn check_content(name: &str, p: &Proposal, md: &str) {
    let loc = p.proposal.locale;
    let cur = p.proposal.currency;
    let money = |m: propose::money::Money| loc.money(m.amount(), cur);
    assert!(md.contains(&format!("**{}**", money(p.offer.totals.contract_value))), "{name}: contract value");
    assert!(md.contains(&loc.date(p.proposal.date)), "{name}: proposal date");
    assert!(md.contains(&loc.date(p.proposal.valid_until)), "{name}: valid until");
    for l in &p.offer.line_items {
        assert!(md.contains(&format!(" | {} |", money(l.line.amount))), "{name}: line `{}`", l.line.label);
    }
    // One-time payments have a row each; each engagement's monthly instalments share one.
    use propose::pricing::Recurrence;
    for pay in p.offer.payment_schedule.iter().filter(|pay| pay.recurrence == Recurrence::OneTime) {
        let due = match pay.kind {
            propose::schedule::PaymentKind::Deposit => "On signature".to_string(),
            _ => loc.date(pay.due),
        };
        assert!(md.contains(&format!("| {due} |")), "{name}: payment due {}", pay.due);
    }
    for i in 0..p.offer.engagements.len() {
        let monthly: Vec<_> = p
            .offer
            .payment_schedule
            .iter()
            .filter(|pay| pay.engagement == i && pay.recurrence == Recurrence::Monthly)
            .collect();
        let row = match monthly.as_slice() {
            [] => continue,
            [one] => format!("| {} |", loc.date(one.due)),
            [first, .., last] => format!(
                "| From {} | {}{} monthly payments of {}, the last on {}{} | {}{}",
                loc.date(first.due),
                match p.offer.engagements.len() {
                    1 => String::new(),
                    _ => format!("{} | ", propose::render::markdown::escape::markdown(&p.offer.engagements[i].title)),
                },
                monthly.len(),
                money(first.amount),
                loc.date(last.due),
                // A last date a weekend or holiday moved says so.
                match p.offer.payment_plan.recurring().any(|r| r.engagement == i && r.moved) {
                    true => " (moved to the next business day)",
                    false => "",
                },
                // The share-of-fixed-price column is a dash for recurring payments.
                if p.offer.payment_plan.splits.is_empty() { "" } else { "– | " },
                money(propose::money::Money::round(
                    first.amount.amount() * rust_decimal::Decimal::from(monthly.len()),
                    cur
                ))
            ),
        };
        assert!(md.contains(&row), "{name}: monthly payments of engagement {i}: {row}");
    }
    for d in &p.offer.discounts {
        assert!(md.contains(&format!(" | \u{2212}{} |", money(d.amount))), "{name}: discount row");
    }
    let minus = md.contains(" | \u{2212}");
    assert_eq!(p.offer.discounts.is_empty(), !minus, "{name}: discount rows only with a discount");
    let taxed =
        p.offer.engagements.iter().any(|e| !e.one_time.tax.amount().is_zero() || !e.monthly.tax.amount().is_zero());
    // One row for each tax line with an amount (GST and QST each on their own).
    let mut tax_rows = 0;
    for t in p.offer.engagements.iter().flat_map(|e| e.one_time_taxes.iter().chain(&e.monthly_taxes)) {
        let label = propose::render::markdown::escape::markdown(&t.label);
        let row = format!("| {label} ({}) | {} |", loc.percent(t.percent), money(t.amount));
        assert!(md.contains(&row), "{name}: tax row {row}");
        tax_rows += 1;
    }
    assert_eq!(tax_rows > 0, taxed, "{name}: tax rows only with tax");
    for e in &p.offer.engagements {
        if let Some((lo, hi)) = e.project.as_ref().and_then(|x| x.estimate_low.zip(x.estimate_high)) {
            // Rounded outward at the estimate's second significant digit, written in whole units
            // (README, Estimate range); the estimate itself stays exact.
            let whole = |m: propose::money::Money| loc.whole_money(m.amount(), cur);
            assert!(md.contains(&format!("between {} and {}", whole(lo), whole(hi))), "{name}: T&M range");
            let estimate = e.one_time.total.amount();
            let unit = rust_decimal::Decimal::from(10u64.pow(estimate.trunc().to_string().len() as u32 - 2));
            for end in [lo, hi] {
                assert!((end.amount() % unit).is_zero(), "{name}: {end} is a multiple of {unit}");
            }
            assert!(lo.amount() <= estimate && estimate <= hi.amount() && hi.amount() - lo.amount() >= unit, "{name}");
            assert!(md.contains(&money(e.one_time.total)), "{name}: the estimate itself, exact");
        }
        if let Some(rate) = e.advisory.as_ref().and_then(|a| a.overage_rate) {
            assert!(md.contains(&format!("billed at {} an hour", money(rate))), "{name}: overage rate");
        }
    }
    let tm = p.offer.engagements.iter().any(|e| e.project.as_ref().is_some_and(|x| !x.fixed_price));
    assert_eq!(md.contains("we expect the total to fall between"), tm, "{name}: range only for T&M");
    assert_eq!(md.contains("> **Not for sending.** "), p.sample_rates.is_some(), "{name}: sample-rates notice");
    assert_eq!(md.contains("> **DRAFT – not approved.**"), p.draft, "{name}: draft notice");
}

#[test]
fn every_intake_renders_to_a_complete_valid_proposal() {
    let markdown = Markdown::new(None).expect("embedded templates compile");
    for path in intakes() {
        let name = stem(&path);
        let p = build_in_english(&path);
        let md = markdown.render(&p).unwrap_or_else(|e| panic!("{name}: {}", e.render(false)));
        let doc = parse(&md);
        check_structure(&name, &p, &md, &doc);
        check_tables(&name, &doc);
        check_gantt(&name, &p, &doc);
        check_content(&name, &p, &md);
        assert_eq!(markdown.render(&p).unwrap(), md, "{name}: rendering is deterministic");
    }
}

#[test]
fn snapshot_of_every_example() {
    let markdown = Markdown::new(None).expect("embedded templates compile");
    for path in intakes() {
        let md = markdown.render(&build(&path)).expect("renders");
        let name = if path.ends_with(ESCAPING) { "fixture-escaping".to_string() } else { stem(&path) };
        insta::with_settings!({ omit_expression => true, description => path.strip_prefix(root()).unwrap().display().to_string() }, {
            insta::assert_snapshot!(name, md);
        });
    }
}

/// Issue 15: with several engagements, the whole proposal's totals (the engagements' table,
/// what the client pays) are a subsection of Pricing of their own, so a page break in the PDF
/// does not label them "(continued)" under the last engagement's heading.
#[test]
fn several_engagements_total_under_their_own_heading() {
    let mut seen = 0;
    for path in examples() {
        let name = stem(&path);
        let p = build_in_english(&path);
        if p.offer.engagements.len() < 2 {
            continue;
        }
        seen += 1;
        let md = render(&p);
        let lines: Vec<&str> = md.lines().collect();
        let table = lines
            .iter()
            .position(|l| {
                l.starts_with("| Engagement | One-time |")
                    || l.starts_with("| Engagement | Project and one-time fees |")
            })
            .unwrap_or_else(|| panic!("{name}: no totals table"));
        let heading = lines[..table].iter().rev().find(|l| l.starts_with('#')).unwrap();
        assert!(heading.starts_with("### ") && heading.ends_with(" Total"), "{name}: the totals sit under {heading:?}");
        let last = &p.offer.engagements.last().unwrap().title;
        assert!(!heading.contains(last.as_str()), "{name}: the totals sit under {heading:?}");
    }
    assert!(seen >= 4, "only {seen} examples with several engagements");
}

#[test]
fn intake_text_is_shown_literally() {
    let p = build(&root().join(ESCAPING));
    let md = render(&p);
    let doc = parse(&md);
    for literal in [
        "A|B *Co* <x>",
        "Jo | Smith",
        "Migration | *phase one*",
        "Because <script>alert(1)</script> and **bold** claims",
        "no <b>HTML</b> & no [links](http://x.example) &amp;",
        "# not a heading",
        "- not a list item",
        "1. not numbered either",
        "`code` and ~~strike~~ \\ backslash and a second line | with a pipe",
        "Friends | *family*",
    ] {
        assert!(doc.text.contains(literal), "`{literal}` is not shown literally");
    }
    assert!(doc.emphasised.iter().all(|e| !e.contains("Co") && !e.contains("family")), "{:?}", doc.emphasised);
    assert_eq!((doc.html, doc.links), (0, 0));
    let signature = doc.tables.last().expect("signature table");
    assert_eq!(signature.rows[0], ["Signed for", "A|B *Co* <x>", "CatDev"]);
    let headings: Vec<&str> = doc.headings.iter().map(|h| h.1.as_str()).collect();
    assert!(
        headings
            .iter()
            .any(|h| h.split_once(' ').is_some_and(|(n, t)| n.contains('.') && t.ends_with("Migration | *phase one*"))),
        "{headings:?}"
    );
    assert!(!headings.contains(&"not a heading"));
}

#[test]
fn gantt_labels_cannot_break_the_chart() {
    let md = render(&build(&root().join(ESCAPING)));
    let doc = parse(&md);
    let gantt = &doc.code_blocks[0].1;
    assert!(gantt.contains("\n    section Advice 1 100 ticked\n"), "{gantt}");
    assert!(!gantt.contains('\\'), "no Markdown escapes inside the code block");
}

/// The "Deployment" line of Northwind in `locale` and `currency`: formatted by the helper
/// exactly as [`propose::money::Locale::money`] writes it.
fn deployment_row(locale: &str, currency: &str) -> (String, String) {
    let north = std::fs::read_to_string(root().join("examples/northwind-migration.toml")).unwrap();
    let text = north
        .replace("currency = \"USD\"", &format!("currency = \"{currency}\"\ntax = 19\ntax_reason = \"A test rate.\""))
        .replace("en-US", locale)
        .replacen("[proposal]\n", "[proposal]\nlanguage = \"en\"\n", 1);
    let p = build_text(locale, &text);
    let line = p.offer.line_items.iter().find(|l| l.line.label == "Deployment").expect("a Deployment line");
    let amount = p.proposal.locale.money(line.line.amount.amount(), p.proposal.currency);
    (render(&p), amount)
}

#[test]
fn formats_follow_the_intake_locale() {
    let (en, amount) = deployment_row("en-US", "USD");
    assert!(amount.starts_with('$') && amount.contains(',') && amount.ends_with(".00"), "{amount}");
    assert!(en.contains(&format!("| Deployment | {amount} |")));
    assert!(en.contains(
        "Research and discovery\n\n*March\u{a0}16,\u{a0}2026 – March\u{a0}25,\u{a0}2026, 8 business days*. "
    ));
    assert!(en.contains("| Sales tax (19%) | "), "English percent");
    // Issue 15: an English proposal for a de-DE or fr-FR client writes its amounts, dates and
    // percentages in English (en-US's figures, the language's own dates), never "107.069,60 €"
    // in English sentences; the currency stays the intake's.
    let (de, amount) = deployment_row("de-DE", "EUR");
    assert_eq!(amount, "€107,069.60", "English grouping and symbol");
    assert!(de.contains(&format!("| Deployment | {amount} |")));
    assert!(
        de.contains("Research and discovery\n\n*16\u{a0}March\u{a0}2026 – 25\u{a0}March\u{a0}2026, 8 business days*. "),
        "English dates: the proposal is in English"
    );
    assert!(de.contains("(19%) | ") && !de.contains("\u{a0}%"), "English percent");
    let (fr, amount) = deployment_row("fr-FR", "EUR");
    assert_eq!(amount, "€107,069.60", "no French narrow no-break space in English");
    assert!(fr.contains(&format!("| Deployment | {amount} |")) && fr.contains("16\u{a0}March\u{a0}2026"));
    let (gb, amount) = deployment_row("en-GB", "GBP");
    assert!(amount.starts_with('£') && amount.contains(','), "{amount}");
    assert!(gb.contains(&format!("| Deployment | {amount} |")) && gb.contains("16\u{a0}March\u{a0}2026"));
    let (jp, amount) = deployment_row("en-US", "JPY");
    assert!(amount.starts_with('¥') && !amount.contains('.'), "no minor unit: {amount}");
    assert!(jp.contains(&format!("| Deployment | {amount} |")));
}

#[test]
fn service_levels_only_for_managed_services() {
    let advisory = render(&build(&root().join("examples/fabrikam-advisory.toml")));
    assert!(!advisory.contains("| Service level |") && !advisory.contains("| One-time fees |"));
    assert!(!advisory.contains("Managed services"), "no managed-services terms in a retainer");
    let managed = render(&build(&root().join("examples/northwind-migration.toml")));
    let sla = managed.split("| Service level | 24/7 Premium |").nth(1).expect("service level table");
    assert!(sla.contains("| Coverage | 24 hours a day, 365 days a year |"));
    assert!(sla.contains("| Response time | 30 minutes for critical issues |"));
    assert!(sla.contains("| Service reviews | Weekly |"));
    assert!(sla.contains("; dedicated account team;"));
    assert!(sla.contains("| Servers | 40 |"));
    assert!(managed.contains("Managed services run for their term, then month to month; either party may end them on 90 days’ written notice."));
}

#[test]
fn the_cover_shows_revision_draft_and_hash_only_when_set() {
    let plain = render(&northwind());
    assert!(!plain.contains("revision") && !plain.contains("DRAFT") && !plain.contains("Ref."));
    let mut p = northwind();
    p.proposal.revision = Some("r2".into());
    p.draft = true;
    p.seal();
    let md = render(&p);
    assert!(md.contains("- **Proposal:** CD-2026-014, revision r2, dated "));
    assert!(md.contains("\n> **DRAFT – not approved.** "));
    assert!(md.ends_with(&format!("\n\nRef. {} {REF}\n", p.content_hash)));
}

/// A template directory holding `files`; the guard deletes it.
fn template_dir(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

/// What the acceptance section says of the reference.
const REF: &str = "at the foot of every page identifies this version of our proposal; please quote it when you reply.";

fn northwind() -> Proposal {
    build(&root().join("examples/northwind-migration.toml"))
}

#[test]
fn a_template_directory_replaces_one_section() {
    let dir =
        template_dir(&[("working.md.hbs", "## Why us\n\n{{client.name}} gets {{money totals.one_time}} of work.\n")]);
    let md = Markdown::new(Some(dir.path())).unwrap().render(&northwind()).unwrap();
    assert!(
        md.contains("## 5 Why us\n\nNorthwind Traders gets $271,987.85 of work.\n\n## 6 Assumptions and exclusions")
    );
    assert!(!md.contains("Working with CatDev"));
    assert!(find_heading(&md, "##", "Summary").is_some(), "the other sections stay");
    assert!(find_heading(&md, "##", "Acceptance").is_some(), "the other sections stay");
}

#[test]
fn an_unknown_template_name_is_an_error_with_a_suggestion() {
    let dir = template_dir(&[("covr.md.hbs", "# {{proposal.title}}\n")]);
    let Err(e) = Markdown::new(Some(dir.path())) else { panic!("an unknown name must fail") };
    assert_eq!(e.exit_code(), 2);
    let msg = e.render(false);
    assert!(msg.contains("unknown template `covr.md.hbs`"), "{msg}");
    assert!(msg.contains("did you mean `cover.md.hbs`?"), "{msg}");
    assert!(msg.contains("`proposal.md.hbs`") && msg.contains("`acceptance.md.hbs`"), "lists the names: {msg}");
}

#[test]
fn a_missing_variable_names_the_template_and_line() {
    let dir = template_dir(&[("cover.md.hbs", "# {{title}}\n\nHello {{nonexistent}} there\n")]);
    let markdown = Markdown::new(Some(dir.path())).expect("the template parses");
    let err = markdown.render(&northwind()).expect_err("strict mode");
    assert!(matches!(err, Error::Input(_)), "{err:?}");
    assert_eq!(err.exit_code(), 2);
    let d = err.diagnostic().unwrap();
    let loc = d.location.as_ref().unwrap();
    assert!(loc.file.ends_with("cover.md.hbs"), "{}", loc.file);
    assert_eq!((loc.line, loc.column), (3, 7));
    let msg = err.render(false);
    assert!(msg.contains("template uses `nonexistent`"), "{msg}");
    assert!(msg.contains("3 | Hello {{nonexistent}} there"), "{msg}");
    assert!(msg.contains("^^^^^^^^^^^^^^^"), "caret under the whole tag: {msg}");
}

#[test]
fn an_absent_optional_value_is_an_error_not_a_blank() {
    // Northwind has no address: printing it unguarded must fail, with a hint to guard it.
    let dir = template_dir(&[("cover.md.hbs", "# {{title}}\n\n{{client.address}}\n")]);
    let err = Markdown::new(Some(dir.path())).unwrap().render(&northwind()).expect_err("strict mode");
    let msg = err.render(false);
    assert!(msg.contains("`client.address`") && msg.contains(":3:1"), "{msg}");
    assert!(msg.contains("{{#if ...}}"), "{msg}");
}

#[test]
fn a_misspelt_value_gets_a_suggestion() {
    let dir = template_dir(&[("cover.md.hbs", "# {{titl}}\n")]);
    let err = Markdown::new(Some(dir.path())).unwrap().render(&northwind()).expect_err("strict mode");
    assert!(err.render(false).contains("did you mean `title`?"), "{}", err.render(false));
}

#[test]
fn a_missing_value_in_a_loop_names_the_template_and_line() {
    let dir = template_dir(&[(
        "timeline.md.hbs",
        "## Timeline\n\n{{#each engagements}}\n{{#each milestones}}\n- {{nmae}}\n{{/each}}\n{{/each}}\n",
    )]);
    let err = Markdown::new(Some(dir.path())).unwrap().render(&northwind()).expect_err("strict mode");
    let msg = err.render(false);
    assert!(msg.contains("template uses `nmae`") && msg.contains("timeline.md.hbs:5:3"), "{msg}");
    assert!(msg.contains("did you mean `name`?"), "{msg}");
}

/// A helper's parameter that is not in the proposal: outside a loop, and inside one.
#[test]
fn a_missing_helper_parameter_names_the_value_and_line() {
    let cases = [
        ("{{money totals.contract_valu}}\n", "`totals.contract_valu`", ":1:1", "did you mean `contract_value`?"),
        (
            "{{#each engagements}}\n{{plural monts \"month\" \"months\"}}\n{{/each}}\n",
            "`monts`",
            ":2:1",
            "did you mean `months`?",
        ),
    ];
    for (template, value, at, hint) in cases {
        let dir = template_dir(&[("terms.md.hbs", template)]);
        let err = Markdown::new(Some(dir.path())).unwrap().render(&northwind()).expect_err("strict mode");
        let msg = err.render(false);
        assert!(msg.contains(&format!("template uses {value}")) && msg.contains(&format!("terms.md.hbs{at}")), "{msg}");
        assert!(msg.contains(hint), "{msg}");
    }
}

#[test]
fn a_syntax_error_is_located() {
    let dir = template_dir(&[("summary.md.hbs", "## Summary\n\n{{#if objectives}}\nno end\n")]);
    let Err(err) = Markdown::new(Some(dir.path())) else { panic!("an unclosed block must fail") };
    assert_eq!(err.exit_code(), 2);
    let msg = err.render(false);
    assert!(msg.contains("cannot parse template `summary.md.hbs`") && msg.contains("summary.md.hbs:"), "{msg}");
}

#[test]
fn an_unknown_helper_or_partial_is_an_error() {
    let dir = template_dir(&[("cover.md.hbs", "{{> covers}}\n")]);
    let err = Markdown::new(Some(dir.path())).unwrap().render(&northwind()).expect_err("no such partial");
    let msg = err.render(false);
    assert!(msg.contains("`covers`, which is not a template") && msg.contains("did you mean `cover`?"), "{msg}");
    let dir = template_dir(&[("cover.md.hbs", "{{moneys totals.one_time}}\n")]);
    let err = Markdown::new(Some(dir.path())).unwrap().render(&northwind()).expect_err("no such helper");
    assert!(err.render(false).contains("helper `moneys`"), "{}", err.render(false));
}

#[test]
fn cli_render_writes_the_proposal_number_as_file_name() {
    let out = tempfile::tempdir().unwrap();
    let assert = propose().args(["render", "examples/northwind-migration.toml", "--out"]).arg(out.path()).assert();
    assert.success();
    let md = std::fs::read_to_string(out.path().join("CD-2026-014.md")).expect("CD-2026-014.md written");
    let mut p = northwind();
    p.seal();
    assert_eq!(md, render(&p), "the CLI writes what the library renders, sealed");
    assert!(md.ends_with(&format!("\n\nRef. {} {REF}\n", p.content_hash)));
}

#[test]
fn cli_reports_a_template_error_with_exit_code_2() {
    let out = tempfile::tempdir().unwrap();
    let dir = template_dir(&[("terms.md.hbs", "## Terms\n\n{{terms.nope}}\n")]);
    let assert = propose()
        .args(["render", "examples/northwind-migration.toml", "--templates"])
        .arg(dir.path())
        .arg("--out")
        .arg(out.path())
        .assert();
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert.code(2);
    assert!(stderr.contains("terms.md.hbs:3:1") && stderr.contains("`terms.nope`"), "{stderr}");
    assert!(!out.path().join("CD-2026-014.md").exists(), "nothing written on error");
}

#[test]
fn objectives_that_name_what_delivers_them_become_a_table() {
    let md = render(&northwind());
    assert!(md.contains("| Your objective | How we meet it | By |\n"), "{md}");
    assert!(md.contains(
        "| Move the order-management platform off the aging data center before the lease ends in Q4. | Deployment (Cloud migration) | June\u{a0}11,\u{a0}2026 |\n"
    ));
    assert!(md.contains("| Steady-state operations (24/7 managed operations) | from June\u{a0}12,\u{a0}2026 |\n"));
    // Without `by`, the objectives stay a list.
    let advisory = render(&build(&root().join("examples/fabrikam-advisory.toml")));
    assert!(!advisory.contains("| Your objective |") && advisory.contains("Your objectives, as we understand them:"));
}

#[test]
fn the_catalog_s_wording_follows_the_proposal_s_spelling() {
    let gb = render(&build(&root().join("examples/gulf-modernization.toml")));
    assert!(gb.contains("modernisation") && !gb.contains("modernization"), "en-GB respells the catalog");
    let us = render(&build(&root().join("examples/northwind-migration.toml")));
    assert!(us.contains("optimization") && !us.contains("optimisation"), "en-US keeps it");
}
