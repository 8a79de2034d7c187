//! Issue 13: no text lost in the PDF. A word wider than its line is broken, a table row or
//! grid row taller than a page goes on over pages, a heading of 300 words flows, a text too
//! long for its fixed place (cover band, running head) is refused naming the intake field,
//! and every character of every intake string is in the PDF's text layer. The renderer
//! itself checks on every page that nothing is drawn outside its area, so each render here
//! that succeeds has passed that check too.

use crate::common::*;

use lopdf::Document;
use propose::diag::Error;
use propose::proposal::Proposal;
use propose::render::pdf::Pdf;
use propose::render::{Format, Paper};

fn build(name: &str, sets: &[String]) -> Proposal {
    let source = propose::intake::read(&example(name)).expect("the intake reads");
    let source = propose::intake::set::apply(&source, sets).expect("the overrides apply");
    propose::build(&source, catalog()).expect("the intake builds")
}

fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// Text without any whitespace: line breaks, forced breaks inside words and spaces vanish,
/// every other character stays, in order.
fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The PDF's text, squeezed, without the running heads and feet of the body pages: the
/// header ends with the line holding the proposal number, the footer starts with the firm.
fn body(p: &Proposal, pdf: &[u8]) -> String {
    let doc = Document::load_mem(pdf).expect("the PDF parses");
    let number = p.pdf_labels.running_number.replace("{number}", &p.proposal.number);
    let firm = format!("{} \u{b7}", p.firm.name);
    let mut out = String::new();
    for (i, n) in doc.get_pages().keys().enumerate() {
        let text = doc.extract_text(&[*n]).expect("the page's text extracts");
        let lines: Vec<&str> = text.lines().collect();
        let (start, end) = if i == 0 {
            (0, lines.len())
        } else {
            let start = lines.iter().position(|l| l.trim().starts_with(&number)).expect("a running head") + 1;
            let end = lines.iter().rposition(|l| l.trim().starts_with(&firm)).expect("a running foot");
            (start, end)
        };
        // A table's "(continued)" label over the rows that go on, read as the repeated
        // header is: not part of the text.
        let suffix = p.pdf_labels.continued.replace("{heading}", "");
        let kept: Vec<&str> = lines[start..end].iter().copied().filter(|l| !l.trim_end().ends_with(&suffix)).collect();
        out.push_str(&kept.join("\n"));
    }
    squeeze(&out)
}

/// Whether `text` holds `target` in order, allowing at most `skip` other characters in
/// between (a table row that goes on over pages has its other cells' text, drawn beside its
/// first part, between the parts). Both are squeezed.
fn holds(text: &str, target: &str, skip: usize) -> bool {
    let (text, target): (Vec<char>, Vec<char>) = (text.chars().collect(), target.chars().collect());
    let head = target.len().min(12);
    (0..text.len().saturating_sub(head - 1)).filter(|&i| text[i..i + head] == target[..head]).any(|start| {
        let (mut i, mut skipped) = (start, 0);
        for c in &target {
            while i < text.len() && text[i] != *c {
                i += 1;
                skipped += 1;
            }
            if i == text.len() || skipped > skip {
                return false;
            }
            i += 1;
        }
        true
    })
}

/// Checks from the file itself, apart from the renderer's own check, that every string of
/// text starts inside the side margins and on the paper, clear of its edges: a row or a
/// heading run past a page's foot would start below it. `Td` moves are relative within a
/// text object (a line places its strings one after another); the rotated watermark, set
/// by `Tm`, is left out.
fn assert_lines_on_their_pages(pdf: &[u8]) {
    let doc = Document::load_mem(pdf).expect("the PDF parses");
    for (n, id) in doc.get_pages() {
        let page = doc.get_dictionary(id).unwrap();
        let media = page.get(b"MediaBox").and_then(|m| m.as_array()).unwrap();
        let (width, height) = (media[2].as_float().unwrap(), media[3].as_float().unwrap());
        let content = doc.get_and_decode_page_content(id).unwrap();
        let (mut x, mut y, mut rotated) = (0.0, 0.0, false);
        for op in &content.operations {
            match op.operator.as_str() {
                "BT" => (x, y, rotated) = (0.0, 0.0, false),
                "Tm" => rotated = true,
                "Td" if !rotated => {
                    x += op.operands[0].as_float().unwrap();
                    y += op.operands[1].as_float().unwrap();
                    assert!((63.99..=width - 64.0).contains(&x), "page {n}: a line starts at x = {x}");
                    assert!((8.0..=height - 8.0).contains(&y), "page {n}: a line sits at y = {y}");
                }
                _ => {}
            }
        }
    }
}

fn pdf(p: &Proposal) -> propose::diag::Result<Vec<u8>> {
    pdf_renderer(Paper::A4).render(p, Format::Pdf)
}

/// Words and one unbroken run of `n` characters.
fn words(n: usize, seed: &str) -> String {
    let mut s = String::new();
    let mut i = 0;
    while s.len() < n {
        s.push_str(&format!("{seed}{i} "));
        i += 1;
    }
    s.truncate(n);
    s.trim().to_string()
}

fn unbroken(n: usize) -> String {
    "Abcdefghijklmnopqrstuvwxyz0123456789".chars().cycle().take(n).collect()
}

#[test]
fn every_character_of_long_intake_strings_reaches_the_pdf() {
    let client = "Grand Duchy Interplanetary Logistics and Supercalifragilisticexpialidocious-Holdings Consortium of Far Places Ltd";
    let title = words(200, "Transformation");
    let address = words(9_000, "Street");
    let objective = unbroken(3_000);
    let assumption = words(3_000, "Assumption");
    let discount = words(5_000, "Discount");
    let engagement = words(120, "Migration");
    let mut assumptions: Vec<String> = (0..60).map(|i| format!("Standing assumption number {i} holds.")).collect();
    assumptions.push(assumption.clone());
    let list = |items: &[String]| format!("[{}]", items.iter().map(|s| toml_string(s)).collect::<Vec<_>>().join(", "));
    let sets = vec![
        format!("client.name={}", toml_string(client)),
        format!("proposal.title={}", toml_string(&title)),
        format!("client.address={}", toml_string(&address)),
        format!("objectives={}", list(std::slice::from_ref(&objective))),
        format!("assumptions={}", list(&assumptions)),
        format!("discount[0].label={}", toml_string(&discount)),
        format!("engagement[0].title={}", toml_string(&engagement)),
    ];
    let p = build("northwind-migration.toml", &sets);
    for paper in [Paper::A4, Paper::Letter] {
        let bytes = pdf_renderer(paper).render(&p, Format::Pdf).unwrap_or_else(|e| panic!("{paper:?}: {e}"));
        assert_lines_on_their_pages(&bytes);
        let text = body(&p, &bytes);
        for s in [client, &title, &address, &objective, &discount, &engagement]
            .into_iter()
            .chain(assumptions.iter().map(String::as_str))
        {
            let short: String = s.chars().take(40).collect();
            assert!(holds(&text, &squeeze(s), 40), "{paper:?}: the PDF lacks `{short}…` ({} chars)", s.len());
        }
    }
}

#[test]
fn tall_rows_long_headings_and_overlong_words_flow_over_pages() {
    let p = build("northwind-migration.toml", &[]);
    let heading = words(2_400, "Heading");
    let cell = words(5_000, "Cell");
    let word = unbroken(5_000);
    let value = words(6_000, "Value");
    let md = format!(
        "# Proposal\n\n## {heading}\n\nA paragraph.\n\n| Item | Notes | Amount |\n|---|---|---:|\n\
         | Short | {cell} | $1.00 |\n| {word} | x | $2.00 |\n| **Total** | | **$3.00** |\n\n\
         - **Label:** {value}\n- **Other:** short\n\n### {word}\n\n> {word}\n"
    );
    let renderer = Pdf::new(Paper::A4, "propose", &Default::default()).unwrap();
    let bytes = renderer.render(&p, &md).unwrap_or_else(|e| panic!("{e}"));
    let doc = Document::load_mem(&bytes).unwrap();
    assert!(doc.get_pages().len() >= 8, "the tall parts go on over pages");
    assert_lines_on_their_pages(&bytes);
    // The table's header row repeats above each page the long rows go on to.
    let text = body(&p, &bytes).replace("ItemNotesAmount", "");
    for s in [&heading, &cell, &word, &value] {
        let short: String = s.chars().take(40).collect();
        assert!(holds(&text, &squeeze(s), 40), "the PDF lacks `{short}…`");
    }
    assert_eq!(text.matches(&squeeze(&word)).count(), 2, "the word in the heading and the quote, unbroken");
}

#[test]
fn timeline_labels_wrap_rather_than_shorten() {
    let titles: Vec<String> = (0..3).map(|i| words(118, &format!("Stage{i}x"))).collect();
    let sets: Vec<String> =
        titles.iter().enumerate().map(|(i, t)| format!("engagement[{i}].title={}", toml_string(t))).collect();
    let p = build("litware-combined.toml", &sets);
    let md = propose::render::markdown::Markdown::new(None).unwrap().render(&p).unwrap();
    let text = body(&p, &pdf(&p).unwrap());
    for t in &titles {
        // Each title is in the Markdown's text and once in its Mermaid block, which the PDF
        // draws as the chart: the chart row must hold the whole title too.
        let t = squeeze(t);
        assert_eq!(text.matches(&t).count(), squeeze(&md).matches(&t).count(), "{t}");
    }
    assert!(!text.contains('\u{2026}'), "nothing is cut short with an ellipsis");
}

fn input_error(result: propose::diag::Result<Vec<u8>>) -> String {
    match result {
        Err(e @ Error::Input(_)) => e.to_string(),
        Err(e) => panic!("not an input error: {e}"),
        Ok(_) => panic!("rendered"),
    }
}

#[test]
fn a_client_name_wider_than_the_running_head_is_refused_naming_it() {
    // The intake allows 120 characters; a name built past that in code meets the PDF's own
    // guard.
    let mut p = build("northwind-migration.toml", &[]);
    p.client.name = "W".repeat(400);
    let message = input_error(pdf(&p));
    assert!(message.contains("running head") && message.contains("`client.name`"), "{message}");
}

#[test]
fn particulars_that_overrun_the_cover_are_refused_naming_the_fields() {
    let dir = tempfile::tempdir().unwrap();
    // A cover template without a preamble: the cover lists the particulars in two columns.
    std::fs::write(dir.path().join("cover.md.hbs"), "# {{title}}\n").unwrap();
    let address = toml_string(&words(2_000, "Street"));
    let out = propose()
        .args(["render", "examples/northwind-migration.toml", "--format", "pdf", "--out"])
        .arg(dir.path().join("out"))
        .arg("--templates")
        .arg(dir.path())
        .args(["--set", &format!("client.address={address}")])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("run past") && stderr.contains("`client.address`"), "{stderr}");
    assert!(!dir.path().join("out").join("CD-2026-014.pdf").exists());

    // The same particulars with a short address fit.
    let out = propose()
        .args(["render", "examples/northwind-migration.toml", "--format", "pdf", "--out"])
        .arg(dir.path().join("out"))
        .arg("--templates")
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn every_example_keeps_its_lines_on_their_pages() {
    for path in examples() {
        let mut p = build(path.file_name().unwrap().to_str().unwrap(), &[]);
        for paper in [Paper::A4, Paper::Letter] {
            // Letter pages carry the draft watermark too.
            p.draft = paper == Paper::Letter;
            let bytes = pdf_renderer(paper).render(&p, Format::Pdf).unwrap_or_else(|e| panic!("{}: {e}", shown(&path)));
            assert_lines_on_their_pages(&bytes);
        }
    }
}

#[test]
fn a_firm_name_too_long_for_the_footer_is_refused_and_a_long_one_wraps() {
    let firm = std::fs::read_to_string(root().join("catalog/firm.toml")).unwrap();
    let with_name = |name: &str| firm.replacen("name = \"CatDev\"", &format!("name = \"{name}\""), 1);
    let run = |name: &str| {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("firm.toml"), with_name(name)).unwrap();
        let out = propose()
            .arg("--catalog")
            .arg(dir.path())
            .args(["render", "examples/northwind-migration.toml", "--format", "pdf", "--out"])
            .arg(dir.path().join("out"))
            .output()
            .unwrap();
        (out.status.code(), String::from_utf8(out.stderr).unwrap())
    };
    let (code, stderr) = run(&words(400, "Partners"));
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("footer") && stderr.contains("firm.toml"), "{stderr}");
    let (code, stderr) = run(&words(100, "Partners"));
    assert_eq!(code, Some(0), "{stderr}");
}
