//! Live links: every email and web address a PDF page shows is a link annotation over its
//! text, and a section named in running text links to its heading's page.

use crate::common::*;
use lopdf::{Document, Object};
use propose::diag::Source;
use propose::render::Paper;

/// Each page's web and email link targets, as (page number, URI).
fn links(doc: &Document) -> Vec<(u32, String)> {
    let mut out = Vec::new();
    for (n, id) in doc.get_pages() {
        let page = doc.get_dictionary(id).unwrap();
        let Ok(annots) = page.get(b"Annots") else { continue };
        for a in annots.as_array().unwrap() {
            let annot = doc.get_dictionary(a.as_reference().unwrap()).unwrap();
            if annot.get(b"Subtype").unwrap().as_name().unwrap() != b"Link" {
                continue;
            }
            // A link to a section has a destination instead of an action.
            let Ok(action) = annot.get(b"A") else { continue };
            let action = action.as_dict().unwrap();
            let Object::String(uri, _) = action.get(b"URI").unwrap() else { panic!("no URI") };
            out.push((n, String::from_utf8(uri.clone()).unwrap()));
        }
    }
    out
}

#[test]
fn email_and_web_addresses_are_links_on_the_page_that_shows_them() {
    let path = example("contoso-pentest.toml");
    let p = propose::build(&Source::new(shown(&path), std::fs::read_to_string(&path).unwrap()), catalog()).unwrap();
    let bytes = pdf_renderer(Paper::A4).render(&p, propose::render::Format::Pdf).unwrap();
    let doc = Document::load_mem(&bytes).unwrap();
    let found = links(&doc);
    let pages = doc.get_pages().len() as u32;
    for n in 2..=pages {
        assert!(found.contains(&(n, "https://catdev.example".into())), "page {n}'s footer: {found:?}");
    }
    for (n, uri) in &found {
        let text = doc.extract_text(&[*n]).unwrap().replace('\n', " ");
        let shown = uri.strip_prefix("mailto:").unwrap_or(uri);
        assert!(text.contains(shown), "page {n} links {uri} but does not show it");
    }
    let mail: Vec<&String> = found.iter().map(|(_, u)| u).filter(|u| u.starts_with("mailto:")).collect();
    assert!(mail.contains(&&"mailto:jonas.becker@catdev.example".to_string()), "{mail:?}");
    assert!(mail.contains(&&"mailto:proposals@catdev.example".to_string()), "{mail:?}");
}

#[test]
fn a_section_named_in_running_text_links_to_the_page_of_its_heading() {
    // The largest example, in English, with twenty more assumptions: eight pages or more,
    // so it has contents.
    let path = example("litware-combined.toml");
    let more: String =
        (1..=20).map(|i| format!(", \"Assumption {i}: the client provides the access the work needs.\"")).collect();
    let text = std::fs::read_to_string(&path).unwrap().replace("language = \"fr\"", "language = \"en\"").replacen(
        "par semaine.\"]",
        &format!("par semaine.\"{more}]"),
        1,
    );
    let p = propose::build(&Source::new(shown(&path), text), catalog()).unwrap();
    let bytes = pdf_renderer(Paper::A4).render(&p, propose::render::Format::Pdf).unwrap();
    let doc = Document::load_mem(&bytes).unwrap();
    let number: std::collections::BTreeMap<_, _> = doc.get_pages().into_iter().map(|(n, id)| (id, n)).collect();
    let mut jumps = Vec::new();
    for (n, id) in doc.get_pages() {
        let Ok(annots) = doc.get_dictionary(id).unwrap().get(b"Annots") else { continue };
        for a in annots.as_array().unwrap() {
            let annot = doc.get_dictionary(a.as_reference().unwrap()).unwrap();
            if let Ok(dest) = annot.get(b"Dest") {
                let target = dest.as_array().unwrap()[0].as_reference().unwrap();
                let rect: Vec<f32> =
                    annot.get(b"Rect").unwrap().as_array().unwrap().iter().map(|v| v.as_float().unwrap()).collect();
                jumps.push((n, number[&target], rect[2] - rect[0]));
            }
        }
    }
    // A contents entry's link spans the text block; a mention's spans its words.
    let (contents, jumps): (Vec<_>, Vec<_>) = jumps.into_iter().partition(|j| j.2 > 400.0);
    let jumps: Vec<(u32, u32)> = jumps.into_iter().map(|(n, to, _)| (n, to)).collect();
    // "the payment plan under Pricing" and (review 18) "ongoing services are reviewed as set
    // out under Scope of work", in the timeline's introduction.
    assert_eq!(jumps.len(), 2, "{jumps:?}");
    let heading = |page: u32, title: &str| {
        let text = doc.extract_text(&[page]).unwrap();
        text.lines().any(|l| l.trim_start_matches(|c: char| c.is_ascii_digit() || c == ' ') == title)
    };
    for (title, (from, to)) in ["Pricing", "Scope of work"].into_iter().zip(jumps) {
        let said = doc.extract_text(&[from]).unwrap().replace('\n', " ");
        assert!(said.contains(&format!("under {title}")), "page {from}: {said}");
        assert!(heading(to, title), "page {to} has no {title} heading");
    }
    // One contents entry per section, on the first page, each jumping to the page of its
    // heading, in order.
    let titles = [
        "Summary",
        "Scope of work",
        "Timeline",
        "Pricing",
        "Working with CatDev",
        "Assumptions and exclusions",
        "Terms",
        "Acceptance",
    ];
    assert_eq!(contents.len(), titles.len(), "{contents:?}");
    for ((from, to, _), title) in contents.iter().zip(titles) {
        assert_eq!(*from, 1, "the contents are on the first page");
        assert!(heading(*to, title), "the entry for {title} jumps to page {to}, which has no such heading");
    }
}

#[test]
fn a_short_proposal_has_no_contents_and_a_long_one_lists_its_sections_with_their_pages() {
    let render = |name: &str| {
        let path = example(name);
        let p = propose::build(&Source::new(shown(&path), std::fs::read_to_string(&path).unwrap()), catalog()).unwrap();
        Document::load_mem(&pdf_renderer(Paper::A4).render(&p, propose::render::Format::Pdf).unwrap()).unwrap()
    };
    let short = render("fabrikam-advisory.toml");
    assert!(short.get_pages().len() < 8);
    assert!(!short.extract_text(&[1]).unwrap().contains("Contents"));
    // Litware is written in French: « Sommaire », from the catalog's translated `[pdf]` texts.
    let long = render("litware-combined.toml");
    assert!(long.get_pages().len() >= 8);
    let first = long.extract_text(&[1]).unwrap();
    assert!(first.contains("Sommaire") && first.contains("Conditions financières"), "{first}");
}
