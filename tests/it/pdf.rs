//! The PDF, parsed back with lopdf: pages and page size, document info, embedded subset
//! fonts whose widths match their programs, the outline, extractable text that says what the
//! Markdown says (headings, totals, every paragraph, typographic characters), keep-together
//! rules, the logo and accent colour, and byte-identical output. No system packages needed.

use crate::common::*;

use lopdf::{Dictionary, Document, Object};
use propose::proposal::Proposal;
use propose::render::markdown::Markdown;
use propose::render::pdf::Pdf;
use propose::render::{Format, Paper};
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::path::Path;
use std::sync::OnceLock;

fn proposal_with(name: &str, sets: &[&str]) -> Proposal {
    let source = propose::intake::read(&root().join("examples").join(name)).expect("the intake reads");
    let sets: Vec<String> = sets.iter().map(|s| s.to_string()).collect();
    let source = propose::intake::set::apply(&source, &sets).expect("the overrides apply");
    propose::build(&source, catalog()).expect("the intake builds")
}

/// Example `name` in English (contoso and litware name German and French): these tests read
/// the English layout.
fn proposal(name: &str) -> Proposal {
    proposal_with(name, &["proposal.language=en"])
}

fn markdown(p: &Proposal) -> String {
    Markdown::new(None).expect("the templates compile").render(p).expect("the Markdown renders")
}

fn render(p: &Proposal) -> Vec<u8> {
    pdf_renderer(Paper::A4).render(p, Format::Pdf).expect("the PDF renders")
}

fn northwind() -> &'static (Proposal, String, Vec<u8>) {
    static NORTHWIND: OnceLock<(Proposal, String, Vec<u8>)> = OnceLock::new();
    NORTHWIND.get_or_init(|| {
        let p = proposal("northwind-migration.toml");
        let md = markdown(&p);
        let pdf = render(&p);
        if let Ok(dir) = std::env::var("PROPOSE_PDF_OUT") {
            std::fs::write(Path::new(&dir).join("northwind.pdf"), &pdf).unwrap();
        }
        (p, md, pdf)
    })
}

fn load(pdf: &[u8]) -> Document {
    Document::load_mem(pdf).expect("the PDF parses")
}

/// A text string from the PDF: UTF-16BE with a byte-order mark, or PDFDocEncoding (ASCII
/// here).
fn text_of(o: &Object) -> String {
    let bytes = o.as_str().expect("a string");
    if let Some(utf16) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = utf16.chunks(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect();
        String::from_utf16(&units).expect("UTF-16")
    } else {
        String::from_utf8(bytes.to_vec()).expect("ASCII")
    }
}

fn info(doc: &Document) -> &Dictionary {
    let id = doc.trailer.get(b"Info").and_then(Object::as_reference).expect("an Info dictionary");
    doc.get_dictionary(id).unwrap()
}

fn page_texts(doc: &Document) -> Vec<String> {
    doc.get_pages().keys().map(|n| doc.extract_text(&[*n]).expect("the page's text extracts")).collect()
}

/// Whitespace (no-break spaces included) collapsed to single spaces; a line ending in a
/// hyphen, dash or slash joined to the next without a space (the line broke after it).
fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if line.is_empty() {
            continue;
        }
        if !out.is_empty() && !out.ends_with(['-', '\u{2013}', '\u{2014}', '/']) {
            out.push(' ');
        }
        out.push_str(&line);
    }
    out
}

/// The body text of every page, without the running header and footer, normalised.
fn body_text(p: &Proposal, doc: &Document) -> String {
    // The running heads and feet, as the proposal's language writes them.
    let running = p.pdf_labels.running_number.replace("{number}", &p.proposal.number);
    let (page_start, rest) = p.pdf_labels.page.split_once("{n}").unwrap_or((&p.pdf_labels.page, ""));
    let page_middle = rest.split_once("{total}").map_or(rest, |(m, _)| m);
    let chrome = |line: &str| {
        let line = line.trim();
        line == p.client.name
            || line == running
            || line.starts_with(&format!("{} \u{b7} ", p.firm.name))
            || (line.starts_with(page_start) && line.contains(page_middle))
    };
    let pages: Vec<String> =
        page_texts(doc).iter().map(|t| t.lines().filter(|l| !chrome(l)).collect::<Vec<_>>().join("\n")).collect();
    normalise(&pages.join("\n"))
}

/// The Markdown's text blocks (headings, paragraphs, list items, table cells), code blocks
/// left out: each as its plain, normalised text.
fn markdown_blocks(md: &str) -> Vec<(Option<HeadingLevel>, String)> {
    let mut blocks = Vec::new();
    let mut current = String::new();
    let mut heading = None;
    let mut in_code = false;
    let flush = |current: &mut String, heading: Option<HeadingLevel>, blocks: &mut Vec<_>| {
        let text = normalise(current);
        if !text.is_empty() {
            blocks.push((heading, text));
        }
        current.clear();
    };
    for event in Parser::new_ext(md, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH) {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Start(Tag::Heading { level, .. }) => {
                flush(&mut current, None, &mut blocks);
                heading = Some(level);
            }
            Event::End(TagEnd::Heading(_)) => {
                flush(&mut current, heading, &mut blocks);
                heading = None;
            }
            Event::Start(Tag::Item | Tag::Paragraph | Tag::TableCell | Tag::BlockQuote(_)) => {
                flush(&mut current, None, &mut blocks)
            }
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell) => flush(&mut current, None, &mut blocks),
            Event::Text(t) | Event::Code(t) if !in_code => current.push_str(&t),
            Event::SoftBreak | Event::HardBreak => current.push(' '),
            _ => {}
        }
    }
    flush(&mut current, None, &mut blocks);
    blocks
}

fn h2s(md: &str) -> Vec<String> {
    markdown_blocks(md).into_iter().filter(|(h, _)| *h == Some(HeadingLevel::H2)).map(|(_, t)| t).collect()
}

#[test]
fn has_pages_a4_and_document_info_from_the_proposal() {
    let (p, _, pdf) = northwind();
    assert!(pdf.starts_with(b"%PDF-1.7"));
    let doc = load(pdf);
    let pages = doc.get_pages();
    assert!((4..=30).contains(&pages.len()), "{} pages", pages.len());
    let first = doc.get_dictionary(pages[&1]).unwrap();
    let media: Vec<f32> =
        first.get(b"MediaBox").unwrap().as_array().unwrap().iter().map(|o| o.as_float().unwrap()).collect();
    assert_eq!(media, [0.0, 0.0, 595.276, 841.89]);

    let info = info(&doc);
    let title = text_of(info.get(b"Title").unwrap());
    assert!(title.contains(&p.title) && title.contains("CD-2026-014"), "{title}");
    let author = text_of(info.get(b"Author").unwrap());
    assert!(author.contains("Dana Whitfield") && author.contains(&p.firm.name), "{author}");
    assert!(text_of(info.get(b"Subject").unwrap()).contains("Northwind Traders"));
    let keywords = text_of(info.get(b"Keywords").unwrap());
    for e in &p.offer.engagements {
        assert!(keywords.contains(&e.model_title), "{keywords}");
    }
    // The proposal date is the document date: no clock.
    assert_eq!(text_of(info.get(b"CreationDate").unwrap()), "D:20260302000000Z");
    assert_eq!(text_of(info.get(b"ModDate").unwrap()), "D:20260302000000Z");
    assert!(info.get(b"GTS_PDFXVersion").is_err());
}

/// Issue 15: the PDF was tagged with the client's locale, /Lang (en-GB) on a French proposal
/// for an en-GB client, and the cover joined names with a literal ", " in Japanese too. (The
/// document information's names: `render::pdf`'s own test, which needs no Japanese font.)
#[test]
fn the_language_tag_and_the_covers_names_are_the_proposals_language() {
    let lang_of = |doc: &Document| {
        let root = doc.trailer.get(b"Root").and_then(Object::as_reference).unwrap();
        text_of(doc.get_dictionary(root).unwrap().get(b"Lang").unwrap())
    };
    let french = load(&render(&proposal_with("nordlys-legacy.toml", &["proposal.language=fr"])));
    assert_eq!(lang_of(&french), "fr-FR", "the language written, not the client's en-GB");
    let english = load(&render(&proposal_with("nordlys-legacy.toml", &[])));
    assert_eq!(lang_of(&english), "en-GB");
    let md = markdown(&proposal_with("kansai-platform.toml", &["proposal.language=ja"]));
    assert!(
        md.contains("Kansai Logistics K.K.、Head of IT Yuki Tanaka 様"),
        "the contact as Japanese addresses it: {md}"
    );
    assert!(md.contains("Kenji Watanabe、Principal Consultant、CatDev"), "{md}");
    let md = markdown(&proposal_with("kansai-platform.toml", &[]));
    assert!(md.contains("Kenji Watanabe, Principal Consultant, CatDev"), "{md}");
}

#[test]
fn letter_pages_are_us_letter() {
    let (p, _, _) = northwind();
    let pdf = pdf_renderer(Paper::Letter).render(p, Format::Pdf).unwrap();
    let doc = load(&pdf);
    for id in doc.get_pages().values() {
        let media: Vec<f32> = doc
            .get_dictionary(*id)
            .unwrap()
            .get(b"MediaBox")
            .unwrap()
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o.as_float().unwrap())
            .collect();
        assert_eq!(media, [0.0, 0.0, 612.0, 792.0]);
    }
}

/// Reads an sfnt's tables.
fn sfnt_table<'a>(font: &'a [u8], tag: &[u8; 4]) -> &'a [u8] {
    let be16 = |at: usize| u16::from_be_bytes([font[at], font[at + 1]]) as usize;
    let be32 = |at: usize| u32::from_be_bytes([font[at], font[at + 1], font[at + 2], font[at + 3]]) as usize;
    (0..be16(4))
        .map(|i| 12 + 16 * i)
        .find(|r| &font[*r..*r + 4] == tag)
        .map(|r| &font[be32(r + 8)..be32(r + 8) + be32(r + 12)])
        .unwrap_or_else(|| panic!("no {} table", String::from_utf8_lossy(tag)))
}

#[test]
fn fonts_are_embedded_subsets_whose_widths_match_their_programs() {
    let (_, _, pdf) = northwind();
    assert!(pdf.len() < 150_000, "{} bytes", pdf.len());
    let doc = load(pdf);
    let first = *doc.get_pages().values().next().unwrap();
    let fonts = doc.get_page_fonts(first).unwrap();
    assert!(fonts.len() >= 2, "regular and bold at least");
    for (name, font) in fonts {
        assert_eq!(name.len(), 6, "fixed six-letter resource names");
        assert_eq!(font.get(b"Subtype").unwrap().as_name().unwrap(), b"Type0");
        let base = String::from_utf8(font.get(b"BaseFont").unwrap().as_name().unwrap().to_vec()).unwrap();
        let (tag, family) = base.split_once('+').expect("a subset tag");
        assert!(tag.len() == 6 && tag.chars().all(|c| c.is_ascii_uppercase()), "{base}");
        assert!(family.starts_with("LiberationSans"), "{base}");
        assert!(font.get(b"ToUnicode").is_ok(), "text stays extractable");

        let descendant = match &font.get(b"DescendantFonts").unwrap().as_array().unwrap()[0] {
            Object::Reference(id) => doc.get_dictionary(*id).unwrap(),
            inline => inline.as_dict().unwrap(),
        };
        assert_eq!(descendant.get(b"Subtype").unwrap().as_name().unwrap(), b"CIDFontType2");
        let descriptor = descendant.get_deref(b"FontDescriptor", &doc).unwrap().as_dict().unwrap();
        assert_eq!(descriptor.get(b"FontName").unwrap().as_name().unwrap(), base.as_bytes());
        let file = descriptor.get_deref(b"FontFile2", &doc).unwrap().as_stream().unwrap();
        let program = file.decompressed_content().unwrap();
        assert_eq!(file.dict.get(b"Length1").unwrap().as_i64().unwrap() as usize, program.len());
        assert!(program.len() < 60_000, "a subset, not the whole face: {} bytes", program.len());

        // Every /W width is the program's own advance, in thousandths of an em.
        let be16 = |t: &[u8], at: usize| u16::from_be_bytes([t[at], t[at + 1]]) as i64;
        let (head, hhea, hmtx) =
            (sfnt_table(&program, b"head"), sfnt_table(&program, b"hhea"), sfnt_table(&program, b"hmtx"));
        let (upm, metrics) = (be16(head, 18), be16(hhea, 34) as usize);
        let widths = descendant.get(b"W").unwrap().as_array().unwrap();
        let mut checked = 0;
        for pair in widths.chunks(2) {
            let first = pair[0].as_i64().unwrap() as usize;
            for (i, w) in pair[1].as_array().unwrap().iter().enumerate() {
                let gid = (first + i).min(metrics - 1);
                assert_eq!(w.as_i64().unwrap(), be16(hmtx, 4 * gid) * 1000 / upm, "glyph {}", first + i);
                checked += 1;
            }
        }
        assert!(checked > 10);
    }
}

#[test]
fn extracted_text_holds_every_section_heading_in_order_and_the_totals() {
    let (p, md, pdf) = northwind();
    let doc = load(pdf);
    let text = body_text(p, &doc);
    let mut at = 0;
    for (i, numbered) in h2s(md).iter().enumerate() {
        assert!(numbered.starts_with(&format!("{} ", i + 1)), "`{numbered}` is not section {}", i + 1);
        let found = text[at..].find(numbered).unwrap_or_else(|| panic!("`{numbered}` missing or out of order"));
        at += found + numbered.len();
    }
    let money = |m: propose::money::Money| p.proposal.locale.money(m.amount(), p.offer.totals.currency);
    for total in [money(p.offer.totals.contract_value), money(p.offer.totals.one_time), money(p.offer.totals.monthly)] {
        assert!(text.contains(&normalise(&total)), "{total} missing");
    }
}

#[test]
fn the_pdf_says_what_the_markdown_says() {
    let (p, md, pdf) = northwind();
    let text = body_text(p, &load(pdf));
    for (_, block) in markdown_blocks(md) {
        assert!(text.contains(&block), "the PDF lacks: {block}");
    }
}

#[test]
fn every_example_renders_and_says_what_its_markdown_says() {
    let renderer = pdf_renderer(Paper::A4);
    let mut names: Vec<String> = std::fs::read_dir(root().join("examples"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".toml"))
        .collect();
    names.sort();
    assert!(names.len() >= 5);
    for name in names {
        let p = proposal(&name);
        let md = markdown(&p);
        let pdf = renderer.render(&p, Format::Pdf).unwrap_or_else(|e| panic!("{name}: {e}"));
        let doc = load(&pdf);
        assert!(doc.get_pages().len() >= 3, "{name}");
        let text = body_text(&p, &doc);
        for (_, block) in markdown_blocks(&md) {
            assert!(text.contains(&block), "{name}: the PDF lacks: {block}");
        }
    }
}

#[test]
fn typographic_and_accented_characters_round_trip() {
    let name = "Zürich “Señor” Café – Straße — €£ Ltd";
    let p = proposal_with("northwind-migration.toml", &[&format!("client.name={name}")]);
    assert_eq!(p.client.name, name);
    let pdf = render(&p);
    let doc = load(&pdf);
    let all = page_texts(&doc).join("\n");
    assert!(all.contains(name), "the name does not round-trip");
    // French formats: narrow and ordinary no-break spaces.
    let p = proposal_with("northwind-migration.toml", &["proposal.locale=fr-FR", "proposal.currency=EUR"]);
    let fr_text = normalise(&page_texts(&load(&render(&p))).join("\n"));
    let total = p.proposal.locale.money(p.offer.totals.contract_value.amount(), p.offer.totals.currency);
    assert!(total.contains('\u{202f}') && total.contains('\u{a0}'), "{total:?}");
    assert!(fr_text.contains(&normalise(&total)), "{total} missing");
}

#[test]
fn the_outline_has_one_bookmark_per_section_in_order() {
    let (_, md, pdf) = northwind();
    let doc = load(pdf);
    let catalog = doc.catalog().unwrap();
    assert_eq!(catalog.get(b"PageMode").unwrap().as_name().unwrap(), b"UseOutlines");
    let outlines = catalog.get_deref(b"Outlines", &doc).unwrap().as_dict().unwrap();
    let mut titles = Vec::new();
    let mut item = outlines.get(b"First").ok().map(|o| o.as_reference().unwrap());
    while let Some(id) = item {
        let d = doc.get_dictionary(id).unwrap();
        titles.push(text_of(d.get(b"Title").unwrap()));
        let dest = d.get(b"Dest").unwrap().as_array().unwrap();
        assert!(doc.get_pages().values().any(|p| *p == dest[0].as_reference().unwrap()));
        item = d.get(b"Next").ok().map(|o| o.as_reference().unwrap());
    }
    let expected = h2s(md);
    for (i, h) in expected.iter().enumerate() {
        assert!(h.starts_with(&format!("{} ", i + 1)), "`{h}` is not section {}", i + 1);
    }
    assert_eq!(titles, expected);
    assert_eq!(outlines.get(b"Count").unwrap().as_i64().unwrap() as usize, expected.len());
}

#[test]
fn no_heading_ends_a_page_and_the_signature_block_is_on_one_page() {
    for name in ["northwind-migration.toml", "litware-combined.toml", "fabrikam-advisory.toml"] {
        let p = proposal(name);
        let md = markdown(&p);
        let doc = load(&render(&p));
        let headings: Vec<String> = markdown_blocks(&md)
            .into_iter()
            .filter(|(h, _)| h.is_some_and(|h| h >= HeadingLevel::H2))
            .map(|(_, t)| t)
            .collect();
        let pages = page_texts(&doc);
        for (i, page) in pages.iter().enumerate().skip(1) {
            let lines: Vec<&str> = page.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
            // The footer's two lines come last; the line before them ends the body.
            let last = lines[lines.len() - 3];
            assert!(
                !headings.iter().any(|h| last == h || last.ends_with(&format!(". {h}"))),
                "{name}: page {} ends with the heading `{last}`",
                i + 1
            );
        }
        // The acceptance section, from its heading to the last signature row, on one page.
        let acceptance = pages
            .iter()
            .position(|t| t.lines().any(|l| numbered_as(l.trim(), "Acceptance")))
            .expect("an acceptance section");
        let page = normalise(&pages[acceptance]);
        let section = &md[find_heading(&md, "##", "Acceptance").unwrap()..];
        for (_, block) in markdown_blocks(section) {
            assert!(page.contains(&block), "{name}: `{block}` is not on the acceptance page");
        }
    }
}

#[test]
fn output_is_byte_identical_across_runs_and_instances() {
    let (p, md, pdf) = northwind();
    // A fresh renderer (fresh printpdf IDs, caches built anew), after another document.
    let other = Pdf::new(Paper::A4, "propose", &Default::default()).unwrap();
    let fabrikam = proposal("fabrikam-advisory.toml");
    other.render(&fabrikam, &markdown(&fabrikam)).unwrap();
    let again = other.render(p, md).unwrap();
    assert!(again == *pdf, "the same proposal rendered twice differs");
    // Rendering is independent of the clock: the only dates are the proposal's.
    let dates: Vec<&[u8]> =
        pdf.windows(16).filter(|w| w.starts_with(b"D:") && w[2..].iter().all(u8::is_ascii_digit)).collect();
    assert_eq!(dates.len(), 2, "creation and modification dates");
    assert!(dates.iter().all(|d| *d == b"D:20260302000000"));
    let doc = load(pdf);
    let ids = doc.trailer.get(b"ID").unwrap().as_array().unwrap();
    assert_eq!(ids[0], ids[1]);
}

/// A PNG with transparency, written by hand (stored zlib blocks, CRC-32).
fn png(width: u32, height: u32) -> Vec<u8> {
    fn crc(data: &[u8]) -> u32 {
        let mut c = 0xFFFF_FFFFu32;
        for b in data {
            c ^= *b as u32;
            for _ in 0..8 {
                c = if c & 1 != 0 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 };
            }
        }
        !c
    }
    fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let mut body = kind.to_vec();
        body.extend_from_slice(data);
        out.extend_from_slice(&body);
        out.extend_from_slice(&crc(&body).to_be_bytes());
    }
    let mut raw = Vec::new();
    for y in 0..height {
        raw.push(0);
        for x in 0..width {
            raw.extend_from_slice(&[200, (x * 40) as u8, (y * 60) as u8, if x == 0 { 0 } else { 255 }]);
        }
    }
    let mut z = vec![0x78, 0x01, 1];
    z.extend_from_slice(&(raw.len() as u16).to_le_bytes());
    z.extend_from_slice(&(!(raw.len() as u16)).to_le_bytes());
    z.extend_from_slice(&raw);
    let (mut a, mut b) = (1u32, 0u32);
    for byte in &raw {
        a = (a + *byte as u32) % 65521;
        b = (b + a) % 65521;
    }
    z.extend_from_slice(&((b << 16) | a).to_be_bytes());
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = width.to_be_bytes().to_vec();
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 6, 0, 0, 0]);
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(&mut out, b"IDAT", &z);
    chunk(&mut out, b"IEND", &[]);
    out
}

/// The smallest baseline JPEG: one grey pixel.
fn jpeg() -> Vec<u8> {
    let mut j = vec![0xFF, 0xD8, 0xFF, 0xDB, 0x00, 0x43, 0x00];
    j.extend_from_slice(&[1; 64]);
    j.extend_from_slice(&[0xFF, 0xC0, 0x00, 0x0B, 0x08, 0x00, 0x01, 0x00, 0x01, 0x01, 0x01, 0x11, 0x00]);
    for class in [0x00, 0x10] {
        j.extend_from_slice(&[0xFF, 0xC4, 0x00, 0x14, class, 1]);
        j.extend_from_slice(&[0; 15]);
        j.push(0);
    }
    j.extend_from_slice(&[0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00, 0x3F, 0xFF, 0xD9]);
    j
}

fn images(doc: &Document) -> Vec<&lopdf::Stream> {
    doc.objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| s.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Image"))
        .collect()
}

#[test]
fn a_png_or_jpeg_logo_and_the_accent_colour_reach_the_cover() {
    let dir = tempfile::tempdir().unwrap();
    let (png_path, jpg_path) = (dir.path().join("logo.png"), dir.path().join("logo.jpg"));
    std::fs::write(&png_path, png(5, 3)).unwrap();
    std::fs::write(&jpg_path, jpeg()).unwrap();
    let (northwind, md, _) = northwind();
    let pdf = Pdf::new(Paper::A4, "propose", &Default::default()).unwrap();

    let mut p = northwind.clone();
    p.proposal.logo = Some(png_path.clone());
    p.proposal.accent = Some([0xAA, 0x33, 0x00]);
    let doc = load(&pdf.render(&p, md).unwrap());
    let logo = images(&doc);
    assert_eq!(logo.len(), 2, "the image and its soft mask");
    let image = logo.iter().find(|s| s.dict.get(b"SMask").is_ok()).expect("transparency kept as a soft mask");
    assert_eq!(image.dict.get(b"Width").unwrap().as_i64().unwrap(), 5);
    let cover = String::from_utf8_lossy(&doc.get_page_content(doc.get_pages()[&1])).into_owned();
    assert!(cover.contains("/LOGOIM Do"), "the cover draws the logo");
    assert!(cover.contains("0.667 0.2 0 rg"), "the accent colour fills the cover band");

    p.proposal.logo = Some(jpg_path.clone());
    let doc = load(&pdf.render(&p, md).unwrap());
    let logo = images(&doc);
    assert_eq!(logo.len(), 1);
    assert_eq!(logo[0].dict.get(b"Filter").unwrap().as_name().unwrap(), b"DCTDecode");
    assert_eq!(logo[0].content, jpeg(), "JPEG passes through untouched");

    p.proposal.logo = Some(dir.path().join("missing.png"));
    let err = pdf.render(&p, md).unwrap_err().to_string();
    assert!(err.contains("missing.png"), "{err}");
}

#[test]
fn lays_out_every_markdown_construct_the_templates_may_use() {
    let (p, _, _) = northwind();
    let md = "# Title\n\nIntro before the first section.\n\n## 1 Scope\n\n### 1.1 Sub-scope\n\n#### 1.1.1 Detail\n\n\
        Plain, **bold**, *italic*, ***both***, `code` and ~~struck~~ text,\\\nafter a hard break.\n\n\
        - outer one\n  - inner one\n  - inner two\n- outer two\n\n3. third\n4. fourth\n\n\
        > Quoted first paragraph.\n>\n> Quoted second paragraph.\n\n---\n\n\
        ```text\nfn code_line() {}\n    indented line\n```\n\n\
        | Left | Middle | Right |\n|---|:---:|---:|\n| a | b | 1.00 |\n\n\
        A_very_long_identifier_that_cannot_possibly_fit_on_one_line_of_the_page_at_all_whatsoever_xx.\n";
    let pdf = Pdf::new(Paper::A4, "propose", &Default::default()).unwrap().render(p, md).unwrap();
    if let Ok(dir) = std::env::var("PROPOSE_PDF_OUT") {
        std::fs::write(Path::new(&dir).join("constructs.pdf"), &pdf).unwrap();
    }
    let doc = load(&pdf);
    let text = body_text(p, &doc);
    for (_, block) in markdown_blocks(md) {
        assert!(text.contains(&block), "the PDF lacks: {block}");
    }
    assert!(text.contains("fn code_line() {}"), "code blocks are printed");
    assert!(text.contains("3. third") && text.contains("4. fourth"), "ordered lists keep their numbers");
    assert!(text.contains("1 Scope") && text.contains("1.1.1 Detail"), "sections keep their numbers");
}

/// A heading, its short introduction and what it introduces share a page: in the French
/// example the managed engagement's pricing heading falls near a page's foot, and its tables
/// would otherwise open the next page alone.
#[test]
fn a_short_introduction_stays_with_the_table_it_introduces() {
    // Litware in English (it is written in French), where the introduction ends a page.
    let p = proposal_with("litware-combined.toml", &["proposal.language=en"]);
    let pages = page_texts(&load(&render(&p)));
    let intro = "A monthly subscription for 12 months";
    let page = pages.iter().find(|t| normalise(t).contains(intro)).expect("the managed pricing introduction");
    assert!(page.contains("Setup"), "the introduction's page lacks its table:\n{page}");
}
