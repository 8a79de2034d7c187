//! Live links: every email and web address a PDF page shows is a link annotation over its
//! text, and nothing else is.

use crate::common::*;
use lopdf::{Document, Object};
use propose::diag::Source;
use propose::render::Paper;

/// Each page's link targets, as (page number, URI).
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
            let action = annot.get(b"A").unwrap().as_dict().unwrap();
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
