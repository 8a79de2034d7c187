//! The order form in the PDF: real AcroForm fields a client fills in a viewer (text fields,
//! one checkbox per option, a signature field for each party), on the acceptance page, read
//! back with lopdf; a filled-in copy still verifies.

use crate::common::*;
use lopdf::{Document, Object, ObjectId};

/// A field: its name, type (`Tx`, `Btn`, `Sig`), the page it is on (1-based) and its rect.
type Field = (String, String, u32, Vec<f32>);

/// The document and each of its form's fields.
fn fields(pdf: &[u8]) -> (Document, Vec<Field>) {
    let doc = Document::load_mem(pdf).unwrap();
    let pages: std::collections::BTreeMap<ObjectId, u32> = doc.get_pages().into_iter().map(|(n, id)| (id, n)).collect();
    let root = doc.trailer.get(b"Root").unwrap().as_reference().unwrap();
    let form = doc.get_dictionary(root).unwrap().get(b"AcroForm").unwrap().as_reference().unwrap();
    let list = doc.get_dictionary(form).unwrap().get(b"Fields").unwrap().as_array().unwrap().clone();
    let out = list
        .iter()
        .map(|f| {
            let d = doc.get_dictionary(f.as_reference().unwrap()).unwrap();
            let name = match d.get(b"T").unwrap() {
                Object::String(b, _) => {
                    let units: Vec<u16> = b[2..].chunks(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect();
                    String::from_utf16(&units).unwrap()
                }
                other => panic!("a field name that is no string: {other:?}"),
            };
            let kind = String::from_utf8(d.get(b"FT").unwrap().as_name().unwrap().to_vec()).unwrap();
            let page = pages[&d.get(b"P").unwrap().as_reference().unwrap()];
            let rect = d.get(b"Rect").unwrap().as_array().unwrap().iter().map(|v| v.as_float().unwrap()).collect();
            // Each widget is among its page's annotations, where viewers look for it.
            let annots = doc.get_dictionary(d.get(b"P").unwrap().as_reference().unwrap()).unwrap().get(b"Annots");
            assert!(annots.unwrap().as_array().unwrap().contains(f), "{name} is not in its page's /Annots");
            (name, kind, page, rect)
        })
        .collect();
    (doc, out)
}

fn render_pdf(name: &str, dir: &std::path::Path) -> Vec<u8> {
    propose().args(["render", "--format", "pdf", "--out"]).arg(dir).arg(example(name)).assert().success();
    let entry =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).find(|p| p.extension().is_some_and(|e| e == "pdf"));
    std::fs::read(entry.unwrap()).unwrap()
}

#[test]
fn the_acceptance_page_has_text_signature_and_no_option_fields_for_a_single_offer() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = render_pdf("northwind-migration.toml", dir.path());
    let (doc, fields) = fields(&pdf);
    let names: Vec<(&str, &str)> = fields.iter().map(|(n, k, ..)| (n.as_str(), k.as_str())).collect();
    assert_eq!(
        names,
        [
            ("Purchase order number", "Tx"),
            ("Billing contact", "Tx"),
            ("Northwind Traders Name", "Tx"),
            ("CatDev Name", "Tx"),
            ("Northwind Traders Title", "Tx"),
            ("CatDev Title", "Tx"),
            ("Northwind Traders Signature", "Sig"),
            ("CatDev Signature", "Sig"),
            ("Northwind Traders Date", "Tx"),
            ("CatDev Date", "Tx"),
        ]
    );
    let acceptance = doc.get_pages().len() as u32;
    let text = doc.extract_text(&[acceptance]).unwrap();
    assert!(text.contains("Acceptance") && text.contains("Purchase order number"), "{text}");
    for (name, _, page, rect) in &fields {
        assert_eq!(*page, acceptance, "{name} is on page {page}");
        let [x1, y1, x2, y2] = rect[..] else { panic!("{name}: {rect:?}") };
        assert!(
            36.0 < x1 && x1 < x2 && x2 < 595.0 - 36.0 && 36.0 < y1 && y1 < y2 && y2 < 842.0 - 36.0,
            "{name}: {rect:?}"
        );
    }
}

#[test]
fn each_option_has_a_checkbox_that_a_viewer_can_tick() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = render_pdf("tailspin-options.toml", dir.path());
    let (doc, fields) = fields(&pdf);
    let boxes: Vec<&str> = fields.iter().filter(|f| f.1 == "Btn").map(|f| f.0.as_str()).collect();
    assert_eq!(boxes, ["Chosen Essential", "Chosen Extended (recommended)", "Chosen Premium"]);
    assert!(fields.iter().any(|f| f.0 == "Accepted total" && f.1 == "Tx"), "the client writes the total it accepts");
    let root = doc.trailer.get(b"Root").unwrap().as_reference().unwrap();
    let form = doc.get_dictionary(root).unwrap().get(b"AcroForm").unwrap().as_reference().unwrap();
    for f in doc.get_dictionary(form).unwrap().get(b"Fields").unwrap().as_array().unwrap() {
        let d = doc.get_dictionary(f.as_reference().unwrap()).unwrap();
        if d.get(b"FT").unwrap().as_name().unwrap() == b"Btn" {
            // Unticked, with an appearance for each state.
            assert_eq!(d.get(b"AS").unwrap().as_name().unwrap(), b"Off");
            let normal = d.get(b"AP").unwrap().as_dict().unwrap().get(b"N").unwrap().as_dict().unwrap();
            assert!(normal.has(b"Yes") && normal.has(b"Off"));
        }
    }
}

#[test]
fn a_filled_in_order_form_still_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = render_pdf("northwind-migration.toml", dir.path());
    let (_, fields) = fields(&pdf);
    assert!(!fields.is_empty());
    let doc = Document::load_mem(&pdf).unwrap();
    let root = doc.trailer.get(b"Root").unwrap().as_reference().unwrap();
    let form = doc.get_dictionary(root).unwrap().get(b"AcroForm").unwrap().as_reference().unwrap();
    let po = doc.get_dictionary(form).unwrap().get(b"Fields").unwrap().as_array().unwrap()[0].as_reference().unwrap();
    let mut inc = lopdf::IncrementalDocument::create_from(pdf.clone(), doc);
    inc.opt_clone_object_to_new_document(po).unwrap();
    let value = Object::String(b"PO-4711".to_vec(), lopdf::StringFormat::Literal);
    inc.new_document.get_object_mut(po).unwrap().as_dict_mut().unwrap().set("V", value);
    let mut filled = Vec::new();
    inc.save_to(&mut filled).unwrap();
    assert!(filled.starts_with(&pdf));
    let path = dir.path().join("filled.pdf");
    std::fs::write(&path, filled).unwrap();
    let out = propose().args(["verify"]).arg(&path).arg(example("northwind-migration.toml")).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("fills in field `Purchase order number` with `PO-4711`"), "{stdout}");
}

/// The signature row is found by its label in the proposal's language: a German order
/// form's "Unterschrift" cells are signature fields, the other blank cells text fields.
#[test]
fn a_german_order_form_signs_on_the_unterschrift_row() {
    let dir = tempfile::tempdir().unwrap();
    propose()
        .args(["render", "--format", "pdf", "--set", "proposal.language=de", "--out"])
        .arg(dir.path())
        .arg(example("northwind-migration.toml"))
        .assert()
        .success();
    let entry = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "pdf"));
    let (_, fields) = fields(&std::fs::read(entry.unwrap()).unwrap());
    let signatures: Vec<&str> = fields.iter().filter(|(_, k, ..)| k == "Sig").map(|(n, ..)| n.as_str()).collect();
    assert_eq!(signatures, ["Northwind Traders Unterschrift", "CatDev Unterschrift"]);
    assert!(fields.iter().any(|(n, k, ..)| n == "Bestellnummer" && k == "Tx"), "{fields:?}");
    assert!(!fields.iter().any(|(n, ..)| n.contains("Signature") || n.contains("Purchase")), "{fields:?}");
}
