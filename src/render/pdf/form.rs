//! The order form's fields: the signature block's blank cells become AcroForm text fields
//! (a signature field on the row labelled with the language pack's `acceptance.signature`,
//! "Signature" in English) and its ☐ cells checkboxes, added to the
//! written document so a client can fill it in Acrobat, Preview or a browser's viewer.
//! Names come from the table's labels and positions from the layout: the same proposal
//! gives the same fields, byte for byte.

use super::draw::{Draw, FieldKind};
use lopdf::{Dictionary, Object, ObjectId, Stream, StringFormat};

type Fallible<T> = std::result::Result<T, Box<dyn std::error::Error>>;

/// The text a checkbox cell holds; the glyph prints, the field lies over it.
pub const CHECKBOX: &str = "☐";

fn name(s: &str) -> Object {
    Object::Name(s.as_bytes().to_vec())
}

fn text(s: &str) -> Object {
    // UTF-16BE with its byte-order mark: a field name may hold any character.
    let mut bytes = vec![0xFE, 0xFF];
    bytes.extend(s.encode_utf16().flat_map(u16::to_be_bytes));
    Object::String(bytes, StringFormat::Hexadecimal)
}

fn real(v: f32) -> Object {
    Object::Real((v * 100.0).round() / 100.0)
}

/// A field's name: PDF joins a field's ancestors' names with dots, so a dot in a label
/// would make it a child; distinct names for distinct fields.
fn field_name(raw: &str, taken: &mut Vec<String>) -> String {
    let base: String = raw.replace('.', " ").split_whitespace().collect::<Vec<_>>().join(" ");
    let mut n = base.clone();
    let mut k = 1;
    while taken.contains(&n) {
        k += 1;
        n = format!("{base} {k}");
    }
    taken.push(n.clone());
    n
}

/// Adds a widget for every [`Draw::Field`] of `pages` (each page's draws, in the order of
/// `page_ids`) and the document's `/AcroForm`. Nothing is added when there are none.
pub fn add(pdf: &mut lopdf::Document, page_ids: &[ObjectId], height: f32, pages: &[&[Draw]]) -> Fallible<()> {
    let mut fields = Vec::new();
    let mut taken = Vec::new();
    for (page, draws) in page_ids.iter().zip(pages) {
        let mut widgets = Vec::new();
        for d in draws.iter() {
            let Draw::Field { x, y, w, h, name: label, kind } = d else { continue };
            let rect = Object::Array(vec![real(*x), real(height - y - h), real(x + w), real(height - y)]);
            let mut widget = Dictionary::from_iter([
                ("Type", name("Annot")),
                ("Subtype", name("Widget")),
                ("T", text(&field_name(label, &mut taken))),
                ("Rect", rect),
                ("F", Object::Integer(4)),
                ("P", Object::Reference(*page)),
            ]);
            match kind {
                FieldKind::Text => {
                    widget.set("FT", name("Tx"));
                    widget.set("DA", Object::string_literal("/Helv 10 Tf 0 g"));
                }
                FieldKind::Signature => widget.set("FT", name("Sig")),
                FieldKind::Check => {
                    widget.set("FT", name("Btn"));
                    widget.set("V", name("Off"));
                    widget.set("AS", name("Off"));
                    widget.set("DA", Object::string_literal("/ZaDb 0 Tf 0 g"));
                    widget.set("MK", Dictionary::from_iter([("CA", Object::string_literal("4"))]));
                    let yes = appearance(pdf, *w, *h, &tick(*w, *h));
                    let off = appearance(pdf, *w, *h, "");
                    let normal =
                        Dictionary::from_iter([("Yes", Object::Reference(yes)), ("Off", Object::Reference(off))]);
                    widget.set("AP", Dictionary::from_iter([("N", Object::Dictionary(normal))]));
                }
            }
            let id = pdf.add_object(widget);
            widgets.push(Object::Reference(id));
            fields.push(Object::Reference(id));
        }
        if widgets.is_empty() {
            continue;
        }
        let page_dict = pdf.get_dictionary(*page)?;
        let mut annots = match page_dict.get(b"Annots") {
            Ok(Object::Array(a)) => a.clone(),
            Ok(Object::Reference(r)) => pdf.get_object(*r)?.as_array()?.clone(),
            _ => Vec::new(),
        };
        annots.extend(widgets);
        pdf.get_dictionary_mut(*page)?.set("Annots", Object::Array(annots));
    }
    if fields.is_empty() {
        return Ok(());
    }
    let font = |base: &str| {
        let mut f =
            Dictionary::from_iter([("Type", name("Font")), ("Subtype", name("Type1")), ("BaseFont", name(base))]);
        if base == "Helvetica" {
            f.set("Encoding", name("WinAnsiEncoding"));
        }
        Object::Dictionary(f)
    };
    let resources = Dictionary::from_iter([(
        "Font",
        Object::Dictionary(Dictionary::from_iter([("Helv", font("Helvetica")), ("ZaDb", font("ZapfDingbats"))])),
    )]);
    let form = Dictionary::from_iter([
        ("Fields", Object::Array(fields)),
        ("DA", Object::string_literal("/Helv 0 Tf 0 g")),
        ("DR", Object::Dictionary(resources)),
        // Viewers draw the text fields' values themselves.
        ("NeedAppearances", Object::Boolean(true)),
    ]);
    let form = pdf.add_object(form);
    let catalog = pdf.trailer.get(b"Root")?.as_reference()?;
    pdf.get_dictionary_mut(catalog)?.set("AcroForm", Object::Reference(form));
    Ok(())
}

/// A check mark stroked across a `w` × `h` box.
fn tick(w: f32, h: f32) -> String {
    let p = |fx: f32, fy: f32| format!("{:.2} {:.2}", w * fx, h * fy);
    format!("q 0 g 0 G 1.4 w 1 J 1 j {} m {} l {} l S Q", p(0.2, 0.52), p(0.42, 0.25), p(0.82, 0.8))
}

/// A form XObject `w` × `h` drawing `ops`.
fn appearance(pdf: &mut lopdf::Document, w: f32, h: f32, ops: &str) -> ObjectId {
    let dict = Dictionary::from_iter([
        ("Type", name("XObject")),
        ("Subtype", name("Form")),
        ("BBox", Object::Array(vec![real(0.0), real(0.0), real(w), real(h)])),
    ]);
    pdf.add_object(Stream::new(dict, ops.as_bytes().to_vec()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_distinct_and_dotless() {
        let mut taken = Vec::new();
        assert_eq!(field_name("Northwind Traders Inc. Name", &mut taken), "Northwind Traders Inc Name");
        assert_eq!(field_name("Date", &mut taken), "Date");
        assert_eq!(field_name("Date", &mut taken), "Date 2");
    }
}
