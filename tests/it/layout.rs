//! The layout audit on every example (in its own language, English, German and French) and on stress
//! intakes (long names, 30 assumptions, four options, four engagements with 19 phases), full
//! and brief, on A4 and Letter: no stranded heading, no page ending with a heading, no table fragment (fewer than three body
//! rows on a side), no list split leaving one item, no short section split, no comparison table
//! split inside a group of rows, no split grid, no under-filled page, no chart label over
//! another, no hidden bar, nothing outside the text block.

use crate::common::*;
use propose::diag::Source;
use propose::render::{Edition, Format, Paper, Renderer, Settings};

/// The stress intakes, as (name, TOML).
fn stress() -> Vec<(&'static str, String)> {
    let head = |number: &str, client: &str| {
        format!(
            "[proposal]\nnumber = \"{number}\"\ndate = 2026-03-02\n\n[proposal.consultant]\nname = \"Dana Whitfield\"\n\
             email = \"dana.whitfield@catdev.example\"\n\n[client]\nname = \"{client}\"\ncountry = \"US-WA\"\n\
             contact = \"Alexandra Konstantinopoulou-Vanderbilt, Vice President of Infrastructure and Operations\"\n\n"
        )
    };
    let assumptions: Vec<String> = (1..=30)
        .map(|i| format!("\"Assumption {i}: the client provides access to the environments and people the work needs in week {i}.\""))
        .collect();
    let long = format!(
        "assumptions = [{}]\nobjectives = [\"Move every workload of the order platform, its databases and its batch jobs off the data centre before the lease ends.\"]\n{}\
         [[engagement]]\nmodel = \"project\"\nscenario = \"cloud-migration\"\nprocess = \"cloud\"\nstart = 2026-03-16\n\
         title = \"Migration of every order-platform workload, database and batch job to the cloud, region by region\"\n\n\
         [[engagement]]\nmodel = \"managed\"\ntier = \"24x7-premium\"\nmonths = 36\n\
         title = \"Round-the-clock managed operations of the migrated platform, with a dedicated team\"\n\
         inventory = {{ servers = 40, databases = 6, clusters = 2, cloud-accounts = 3 }}\n",
        assumptions.join(", "),
        head("CD-STRESS-1", "Northwind Traders International Holdings and Logistics Group, Incorporated"),
    );
    let options = format!(
        "{}[[engagement]]\nmodel = \"managed\"\ntier = \"business-hours\"\nmonths = 12\nstart = 2026-05-04\n\
         inventory = {{ servers = 24, databases = 4, applications = 3 }}\n\n\
         [[option]]\nname = \"Essential\"\ndescription = \"Business-hours cover.\"\nset = {{ \"engagement[0].tier\" = \"business-hours\" }}\n\n\
         [[option]]\nname = \"Extended\"\nrecommended = true\ndescription = \"Cover from 7am to 11pm every day.\"\nset = {{ \"engagement[0].tier\" = \"extended-hours\" }}\n\n\
         [[option]]\nname = \"Premium\"\ndescription = \"Round-the-clock cover.\"\nset = {{ \"engagement[0].tier\" = \"24x7-premium\" }}\n\n\
         [[option]]\nname = \"Premium, two years\"\ndescription = \"Round-the-clock cover, two-year term.\"\nset = {{ \"engagement[0].tier\" = \"24x7-premium\", \"engagement[0].months\" = 24 }}\n",
        head("CD-STRESS-2", "Tailspin Toys"),
    );
    let many = format!(
        "{}[[engagement]]\nmodel = \"project\"\nscenario = \"cloud-migration\"\nprocess = \"cloud\"\nstart = 2026-03-16\n\n\
         [[engagement]]\nmodel = \"project\"\nscenario = \"infrastructure-modernization\"\nprocess = \"cloud\"\n\n\
         [[engagement]]\nmodel = \"project\"\nscenario = \"cloud-migration\"\nprocess = \"standard\"\n\n\
         [[engagement]]\nmodel = \"managed\"\ntier = \"extended-hours\"\nmonths = 12\n\
         inventory = {{ servers = 30, databases = 5 }}\n",
        head("CD-STRESS-3", "Litware"),
    );
    vec![("stress-long.toml", long), ("stress-options.toml", options), ("stress-many.toml", many)]
}

/// Every example (in its own language, and in English, German and French: a pack's longer
/// words move page breaks) and stress intake, as (name, text).
fn intakes() -> Vec<(String, String)> {
    let mut all = Vec::new();
    for path in examples() {
        let text = std::fs::read_to_string(&path).unwrap();
        let name = shown(&path);
        for (language, tag) in [("English", "en"), ("German", "de"), ("French", "fr")] {
            let mut other: String =
                text.lines().filter(|l| !l.starts_with("language = ")).map(|l| format!("{l}\n")).collect();
            other = other.replacen("[proposal]\n", &format!("[proposal]\nlanguage = \"{tag}\"\n"), 1);
            if other != text {
                all.push((format!("{name} in {language}"), other));
            }
        }
        all.push((name, text));
    }
    all.extend(stress().into_iter().map(|(n, t)| (n.to_string(), t)));
    all
}

fn findings() -> Vec<String> {
    let mut out = Vec::new();
    for paper in [Paper::A4, Paper::Letter] {
        for edition in [Edition::Full, Edition::Brief] {
            let settings = Settings { formats: vec![Format::Md, Format::Pdf], paper, edition, ..Settings::default() };
            let renderer = Renderer::new(&settings).unwrap();
            for (name, text) in intakes() {
                let mut p = propose::build(&Source::new(name.clone(), text), catalog())
                    .unwrap_or_else(|e| panic!("{name}: {}", e.render(false)));
                // Sealed as `render` seals it: the reference line under the signature block
                // takes its room on the last page.
                p.seal();
                for f in renderer.audit(&p).unwrap_or_else(|e| panic!("{name}: {}", e.render(false))) {
                    out.push(format!("{name} ({paper:?}, {edition:?}) {f}"));
                }
            }
        }
    }
    out
}

#[test]
fn the_stress_intakes_are_as_large_as_the_audit_says() {
    let stress = stress();
    let many = propose::build(&Source::new("many", stress[2].1.clone()), catalog()).unwrap();
    assert_eq!(many.offer.engagements.len(), 4);
    assert_eq!(many.offer.phases.len(), 19, "four engagements with 19 phases");
    let long = propose::build(&Source::new("long", stress[0].1.clone()), catalog()).unwrap();
    assert_eq!(long.assumptions.len(), 30);
    let options = propose::build(&Source::new("options", stress[1].1.clone()), catalog()).unwrap();
    assert_eq!(options.options.len(), 4);
}

#[test]
fn every_page_passes_the_layout_audit() {
    let found = findings();
    // The count before the keep rules and the chart were fixed: it only goes down.
    assert!(found.is_empty(), "{} findings:\n{}", found.len(), found.join("\n"));
}

#[test]
fn no_example_sets_text_smaller_than_a_chart_bar_label() {
    // A chart laid out shorter to open on an under-filled page keeps its rows' type at 7 pt
    // or more: northwind's was squeezed to 4.8 pt, which a reviewer could not read. The
    // smallest type any example sets is a date inside a bar, 6.5 pt.
    for path in examples() {
        let text = std::fs::read_to_string(&path).unwrap();
        let mut p = propose::build(&Source::new(path.display().to_string(), text), catalog()).unwrap();
        p.proposal.fonts.push(root().join("tests/fixtures/fonts/NotoSansCJKjp-Regular.subset.otf"));
        let bytes = pdf_renderer(Paper::A4).render(&p, Format::Pdf).unwrap();
        let doc = lopdf::Document::load_mem(&bytes).unwrap();
        let mut smallest = f32::MAX;
        for (n, id) in doc.get_pages() {
            for op in doc.get_and_decode_page_content(id).unwrap().operations {
                if op.operator == "Tf" {
                    let size = op.operands[1].as_float().unwrap();
                    assert!(size >= 6.5, "{}: {size} pt type on page {n}", path.display());
                    smallest = smallest.min(size);
                }
            }
        }
        assert!(smallest < 8.0, "{}: no small type seen (is the check reading the pages?)", path.display());
    }
}

#[test]
fn a_timeline_chart_shrinks_a_little_rather_than_leave_its_page_half_empty() {
    // The stress intake of four engagements and 19 phases, with 10 objectives in its summary:
    // its chart, at full height, would move past the page that holds the scope's last lines
    // and leave it under-filled; a little shorter, it opens there. (Litware's chart did this
    // until the scope lost its phase descriptions and the chart its legend row.)
    let objectives: String = (0..10).map(|i| format!("\"Objective {i}.\", ")).collect();
    let text = format!("objectives = [{objectives}]\n{}", stress()[2].1);
    let p = propose::build(&Source::new("many", text), catalog()).unwrap();
    let bytes = pdf_renderer(Paper::A4).render(&p, propose::render::Format::Pdf).unwrap();
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let pages: Vec<String> = doc.get_pages().keys().map(|n| doc.extract_text(&[*n]).unwrap()).collect();
    assert_eq!(pages.len(), 10);
    let chart = pages.iter().position(|t| t.contains("Milestone")).unwrap();
    // The scope ends with the managed engagement's last step, as its tier writes it.
    let tier = catalog().tiers.iter().find(|t| t.id == "extended-hours").unwrap();
    let last = tier.steps["continuous-improvement"].description.as_deref().unwrap();
    let opening: String = last.split(' ').take(4).collect::<Vec<_>>().join(" ");
    assert!(pages[chart].contains(&opening), "the chart shares the page with the scope's end ({opening})");
}

/// Issue 15, review of tailspin: "Your tax ID: DE123456788." stood alone at the top of a page,
/// the tax wording it follows ending the page before. A one-line paragraph right after
/// another keeps with that paragraph's last two lines (litware's French proposal on Letter
/// paper did the same with « Votre numéro de TVA »).
#[test]
fn a_one_line_paragraph_never_opens_a_page_alone_after_the_paragraph_it_follows() {
    let path = root().join("examples/litware-combined.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let p = propose::build(&Source::new(path.display().to_string(), text), catalog()).unwrap();
    let bytes = pdf_renderer(Paper::Letter).render(&p, Format::Pdf).unwrap();
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let pages: Vec<String> = doc.get_pages().keys().map(|n| doc.extract_text(&[*n]).unwrap()).collect();
    let id = pages.iter().position(|t| t.contains("Votre numéro de TVA")).expect("the client's tax ID");
    assert!(pages[id].contains("Autoliquidation"), "the tax ID opens page {} alone: {}", id + 1, pages[id]);
}

/// Issue 15, review 14 of tailspin: "4 Pricing", its two lines of introduction and the whole
/// options comparison moved together to page 3 and left page 2 45 % empty under the timeline;
/// review 18: "4 Pricing" and its two lines then ended page 2 alone, a third of it blank, the
/// comparison whole on page 3. The comparison splits where its prices end: "4 Pricing", "4.1
/// Options" and the three options' prices end page 2, the scope goes on on page 3 under the
/// repeated header and the "(continued)" label.
#[test]
fn a_section_heading_never_ends_a_page_and_a_comparison_splits_between_its_groups() {
    let path = root().join("examples/tailspin-options.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let p = propose::build(&Source::new(path.display().to_string(), text), catalog()).unwrap();
    let bytes = pdf_renderer(Paper::A4).render(&p, Format::Pdf).unwrap();
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let pages: Vec<String> = doc.get_pages().keys().map(|n| doc.extract_text(&[*n]).unwrap()).collect();
    let on = |s: &str| pages.iter().position(|t| t.contains(s)).unwrap_or_else(|| panic!("{s}"));
    assert_eq!((on("Timeline"), on("4 Pricing"), on("4.1 Options")), (1, 1, 1), "{}", pages[1]);
    assert_eq!(on("€186,708.48"), 1, "the prices end page 2");
    assert_eq!(on("Dedicated account team"), 2, "the scope goes on on page 3");
    assert!(
        pages[2].contains("4.1 Options (continued)") && pages[2].contains("Extended (recommended)"),
        "{}",
        pages[2]
    );
}
