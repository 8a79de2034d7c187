//! The PDF file: laid-out pages become printpdf operations (text as glyph codes, see
//! `embed.rs`), printpdf builds the document without fonts, and the lopdf document it
//! yields is finished here: the Type 0 fonts written, the document info, the outline, the
//! logo, compression and a trailer `/ID` hashed from the content. Same proposal, same bytes.

use super::draw::{Draw, Span};
use super::embed::{emission, Embedding};
use super::fonts::Fonts;
use super::logo::Logo;
use super::style::Rgb;
use super::subset;
use crate::diag::{Error, Result};
use chrono::NaiveDate;
use lopdf::{Dictionary, Object, ObjectId, StringFormat};
use printpdf::{
    Color, CurTransMat, FontId, Line, LinePoint, Op, PaintMode, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions,
    Point, Polygon, PolygonRing, Pt, Rect, TextMatrix, WindingOrder, XObjectId, XObjectTransform,
};
use sha2::{Digest, Sha256};

/// The XObject name of the cover logo.
const LOGO: &str = "LOGOIM";

/// One finished page: draws in reading order and the outline entries starting on it.
#[derive(Debug, Default)]
pub struct Sheet {
    pub draws: Vec<Draw>,
    pub bookmarks: Vec<(String, f32)>,
}

/// The document information dictionary.
#[derive(Debug, Clone)]
pub struct Meta {
    pub title: String,
    pub author: String,
    pub subject: String,
    pub keywords: String,
    pub creator: String,
    pub lang: String,
    /// The proposal date: creation and modification date, at midnight UTC.
    pub date: NaiveDate,
}

/// Page size in points.
pub struct Size {
    pub width: f32,
    pub height: f32,
}

/// Writes `sheets` as a PDF.
pub fn write(
    fonts: &Fonts,
    cache: &subset::Cache,
    size: &Size,
    sheets: &[Sheet],
    meta: &Meta,
    logo: Option<&Logo>,
) -> Result<Vec<u8>> {
    // Pass 1: what each face draws; then subsets and codes; pass 2: the operations.
    let mut embedding = Embedding::default();
    for d in sheets.iter().flat_map(|s| &s.draws) {
        if let Draw::Text { spans, .. } | Draw::Rotated { spans, .. } = d {
            spans.iter().for_each(|s| embedding.record(fonts, s));
        }
    }
    embedding.build(fonts, cache)?;
    let pages: Vec<PdfPage> = sheets
        .iter()
        .map(|s| {
            let ops = ops(fonts, &embedding, &s.draws, size.height);
            let rect = Rect::from_wh(Pt(size.width), Pt(size.height));
            PdfPage { media_box: rect.clone(), trim_box: rect.clone(), crop_box: rect, ops }
        })
        .collect();

    let mut doc = PdfDocument::new(&meta.title);
    doc.pages = pages;
    // `secure: false` lets printpdf write `Op::Unknown`, our glyph-code `Tj`.
    let opts = PdfSaveOptions { optimize: false, subset_fonts: false, secure: false, image_optimization: None };
    let mut warnings = Vec::new();
    let mut pdf = doc.to_lopdf_document(&opts, &mut warnings);
    // printpdf reports what it could not write (text outside a text object) as errors; any
    // of them is a bug here.
    if let Some(w) = warnings.iter().find(|w| w.severity == printpdf::PdfParseErrorSeverity::Error) {
        return Err(Error::Internal(format!("printpdf: {}", w.msg)));
    }
    finish(&mut pdf, fonts, &embedding, sheets, meta, logo)
        .map_err(|e| Error::Internal(format!("writing the PDF: {e}")))?;
    let mut out = Vec::with_capacity(64 * 1024);
    pdf.save_to(&mut out).map_err(|e| Error::Internal(format!("writing the PDF: {e}")))?;
    Ok(out)
}

fn r2(v: f32) -> f32 {
    (v * 100.0).round() / 100.0
}

fn color(c: Rgb) -> Color {
    let f = |v: u8| (v as f32 / 255.0 * 1000.0).round() / 1000.0;
    Color::Rgb(printpdf::Rgb { r: f(c.0), g: f(c.1), b: f(c.2), icc_profile: None })
}

fn point(x: f32, y: f32) -> Point {
    Point { x: Pt(r2(x)), y: Pt(r2(y)) }
}

fn polygon(points: Vec<(f32, f32, bool)>) -> Op {
    let ring =
        PolygonRing { points: points.into_iter().map(|(x, y, bezier)| LinePoint { p: point(x, y), bezier }).collect() };
    Op::DrawPolygon {
        polygon: Polygon { rings: vec![ring], mode: PaintMode::Fill, winding_order: WindingOrder::NonZero },
    }
}

fn round3(v: f32) -> f32 {
    (v * 1000.0).round() / 1000.0
}

/// The text operations of `spans`, one line whose origin is `origin` in the text space (the
/// page's, or the watermark's rotated one): each glyph string placed by a `Td` where the pen
/// the viewer computes from `/W` would not land on the shaped position.
fn text_ops(
    ops: &mut Vec<Op>,
    fonts: &Fonts,
    embedding: &Embedding,
    spans: &[Span],
    origin: (f32, f32),
    fill: &mut Option<Rgb>,
) {
    // The line matrix's origin, moved by each (relative) `Td`, in points as written so the
    // rounded moves never drift; and where the pen is after the last glyph.
    let mut at = (0.0f32, 0.0f32);
    let mut pen: Option<(usize, i32, i32)> = None;
    let mut run: Vec<u8> = Vec::new();
    let flush = |ops: &mut Vec<Op>, run: &mut Vec<u8>| {
        if !run.is_empty() {
            ops.push(Op::Unknown { key: show_glyphs(run), value: Vec::new() });
            run.clear();
        }
    };
    for (i, s) in spans.iter().enumerate() {
        flush(ops, &mut run);
        if *fill != Some(s.color) {
            ops.push(Op::SetFillColor { col: color(s.color) });
            *fill = Some(s.color);
        }
        let mut font: Option<(u16, std::sync::Arc<super::face::Face>)> = None;
        for (g, text) in emission(&|f| fonts.face(f as usize), s) {
            let face = match &font {
                Some((f, face)) if *f == g.face => face.clone(),
                _ => {
                    flush(ops, &mut run);
                    let id = FontId(embedding.name(g.face).to_string());
                    ops.push(Op::SetFont { font: PdfFontHandle::External(id), size: Pt(s.size) });
                    let face = fonts.face(g.face as usize);
                    font = Some((g.face, face.clone()));
                    face
                }
            };
            if pen != Some((i, g.x, g.dy)) {
                flush(ops, &mut run);
                let x = origin.0 + s.dx + g.x as f32 * s.size / 1000.0;
                let y = origin.1 + g.dy as f32 * s.size / 1000.0;
                let (dx, dy) = (round3(x - at.0), round3(y - at.1));
                // The first string of a text object may already be where it starts.
                if pen.is_some() || (dx, dy) != (0.0, 0.0) {
                    ops.push(Op::SetTextCursor { pos: Point { x: Pt(dx), y: Pt(dy) } });
                }
                at = (at.0 + dx, at.1 + dy);
            }
            run.extend_from_slice(&embedding.code(&g, &text).to_be_bytes());
            pen = Some((i, g.x + face.width(g.gid), g.dy));
        }
    }
    flush(ops, &mut run);
}

/// `<0012003A> Tj`: a glyph string shown, written whole as the operation's operator. These
/// are the bytes lopdf writes for `Tj` with the codes as a hexadecimal string operand, but
/// lopdf formats such a string one byte at a time through `write!`: 4.8 M of the 41 M
/// instructions of a `render --format md,pdf` (callgrind, fabrikam, 14,000 bytes of codes).
fn show_glyphs(codes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut op = String::with_capacity(codes.len() * 2 + 5);
    op.push('<');
    for b in codes {
        op.push(char::from(HEX[usize::from(b >> 4)]));
        op.push(char::from(HEX[usize::from(b & 15)]));
    }
    op.push_str("> Tj");
    op
}

/// printpdf operations for `draws` on a page `height` high (PDF's origin is bottom-left).
fn ops(fonts: &Fonts, embedding: &Embedding, draws: &[Draw], height: f32) -> Vec<Op> {
    let mut ops = Vec::with_capacity(draws.len() * 4);
    let mut fill: Option<Rgb> = None;
    let mut stroke: Option<(Rgb, f32)> = None;
    let set_fill = |ops: &mut Vec<Op>, fill: &mut Option<Rgb>, c: Rgb| {
        if *fill != Some(c) {
            ops.push(Op::SetFillColor { col: color(c) });
            *fill = Some(c);
        }
    };
    for d in draws {
        match d {
            Draw::Text { x, y, spans } => {
                // Each line is its own text object, so extraction reads it as one line.
                ops.push(Op::StartTextSection);
                text_ops(&mut ops, fonts, embedding, spans, (*x, height - y), &mut fill);
                ops.push(Op::EndTextSection);
                for s in spans.iter().filter(|s| s.strike) {
                    let sy = height - y + s.size * 0.3;
                    let line = vec![(x + s.dx, sy), (x + s.dx + s.width, sy)];
                    stroke = None;
                    ops.push(Op::SetOutlineColor { col: color(s.color) });
                    ops.push(Op::SetOutlineThickness { pt: Pt(s.size * 0.06) });
                    let points = line.into_iter().map(|(x, y)| LinePoint { p: point(x, y), bezier: false }).collect();
                    ops.push(Op::DrawLine { line: Line { points, is_closed: false } });
                }
            }
            Draw::Rotated { x, y, degrees, spans } => {
                ops.push(Op::StartTextSection);
                let matrix = TextMatrix::TranslateRotate(Pt(r2(*x)), Pt(r2(height - y)), *degrees);
                ops.push(Op::SetTextMatrix { matrix });
                text_ops(&mut ops, fonts, embedding, spans, (0.0, 0.0), &mut fill);
                ops.push(Op::EndTextSection);
            }
            Draw::Rect { x, y, w, h, fill: c } => {
                set_fill(&mut ops, &mut fill, *c);
                let rect = Rect {
                    x: Pt(r2(*x)),
                    y: Pt(r2(height - y - h)),
                    width: Pt(r2(*w)),
                    height: Pt(r2(*h)),
                    mode: Some(PaintMode::Fill),
                    winding_order: None,
                };
                ops.push(Op::DrawRectangle { rectangle: rect });
            }
            Draw::Line { x1, y1, x2, y2, width, color: c } => {
                if stroke != Some((*c, *width)) {
                    ops.push(Op::SetOutlineColor { col: color(*c) });
                    ops.push(Op::SetOutlineThickness { pt: Pt(*width) });
                    stroke = Some((*c, *width));
                }
                let points = [(*x1, height - y1), (*x2, height - y2)];
                let points = points.into_iter().map(|(x, y)| LinePoint { p: point(x, y), bezier: false }).collect();
                ops.push(Op::DrawLine { line: Line { points, is_closed: false } });
            }
            Draw::Diamond { x, y, r, fill: c } => {
                set_fill(&mut ops, &mut fill, *c);
                let y = height - y;
                ops.push(polygon(vec![(*x, y + r, false), (x + r, y, false), (*x, y - r, false), (x - r, y, false)]));
            }
            Draw::Dot { x, y, r, fill: c } => {
                set_fill(&mut ops, &mut fill, *c);
                let (cx, cy, k) = (*x, height - y, r * 0.5523);
                ops.push(polygon(vec![
                    (cx + r, cy, false),
                    (cx + r, cy + k, true),
                    (cx + k, cy + r, true),
                    (cx, cy + r, false),
                    (cx - k, cy + r, true),
                    (cx - r, cy + k, true),
                    (cx - r, cy, false),
                    (cx - r, cy - k, true),
                    (cx - k, cy - r, true),
                    (cx, cy - r, false),
                    (cx + k, cy - r, true),
                    (cx + r, cy - k, true),
                    (cx + r, cy, false),
                ]));
            }
            Draw::Image { x, y, w, h } => {
                ops.push(Op::SaveGraphicsState);
                let m = [r2(*w), 0.0, 0.0, r2(*h), r2(*x), r2(height - y - h)];
                ops.push(Op::SetTransformationMatrix { matrix: CurTransMat::Raw(m) });
                let transform = XObjectTransform { no_auto_scale: true, ..XObjectTransform::default() };
                ops.push(Op::UseXobject { id: XObjectId(LOGO.into()), transform });
                ops.push(Op::RestoreGraphicsState);
                fill = None;
                stroke = None;
            }
            // The viewer draws a field; the page shows what lies under it.
            Draw::Field { .. } => {}
            // A link is an annotation over the page (see `links.rs`), not drawn on it.
            Draw::Goto { .. } => {}
        }
    }
    ops
}

type Fallible<T> = std::result::Result<T, Box<dyn std::error::Error>>;

fn name(s: &str) -> Object {
    Object::Name(s.as_bytes().to_vec())
}

/// A text string: literal when ASCII, else UTF-16BE with a byte-order mark.
fn text(s: &str) -> Object {
    if s.is_ascii() {
        Object::String(s.as_bytes().to_vec(), StringFormat::Literal)
    } else {
        let mut bytes = vec![0xFE, 0xFF];
        bytes.extend(s.encode_utf16().flat_map(u16::to_be_bytes));
        Object::String(bytes, StringFormat::Hexadecimal)
    }
}

/// Compresses `data` as a zlib stream, reusing `z` (setting up a compressor costs more than
/// compressing a small stream).
fn deflate(z: &mut flate2::Compress, data: &[u8]) -> Fallible<Vec<u8>> {
    z.reset();
    let mut out = Vec::with_capacity(data.len() / 2 + 64);
    loop {
        let consumed = z.total_in() as usize;
        match z.compress_vec(&data[consumed..], &mut out, flate2::FlushCompress::Finish)? {
            flate2::Status::StreamEnd => return Ok(out),
            _ => out.reserve(out.capacity().max(1024)),
        }
    }
}

fn finish(
    pdf: &mut lopdf::Document,
    fonts: &Fonts,
    embedding: &Embedding,
    sheets: &[Sheet],
    meta: &Meta,
    logo: Option<&Logo>,
) -> Fallible<()> {
    pdf.version = "1.7".into();
    let page_ids: Vec<ObjectId> = pdf.get_pages().into_values().collect();
    let first = *page_ids.first().ok_or("no pages")?;
    let resources = pdf.get_dictionary(first)?.get(b"Resources")?.as_reference()?;
    let font_dict = pdf.get_dictionary(resources)?.get(b"Font")?.as_reference()?;
    let xobjects = pdf.get_dictionary(resources)?.get(b"XObject")?.as_reference()?;
    let mut hash = Sha256::new();

    // Fonts: the Type 0 fonts, their subset tags hashed into the ID.
    embedding.write(fonts, pdf, font_dict)?;
    for tag in embedding.tags() {
        hash.update(tag.as_bytes());
    }

    // The logo, with its soft mask.
    if let Some(logo) = logo {
        let mut image = logo.image.clone();
        if let Some(mask) = &logo.mask {
            let mask = pdf.add_object(mask.clone());
            image.dict.remove(b"HasSMask");
            image.dict.set("SMask", Object::Reference(mask));
        }
        let image = pdf.add_object(image);
        pdf.get_dictionary_mut(xobjects)?.set(LOGO, Object::Reference(image));
    }

    // Compress what printpdf left plain (content streams, ToUnicode maps), hashing the
    // content on the way for the document ID.
    // Level 1: content streams (mostly hex glyph codes) shrink 3.4 times; level 6 would
    // halve them again but takes seven times as long.
    let mut compressor = flate2::Compress::new(flate2::Compression::new(1), true);
    for object in pdf.objects.values_mut() {
        if let Object::Stream(s) = object {
            if s.allows_compression && s.dict.get(b"Filter").is_err() {
                hash.update(&s.content);
                let z = deflate(&mut compressor, &s.content)?;
                s.dict.set("Filter", name("FlateDecode"));
                s.set_content(z);
            }
        }
    }

    // Document information: the proposal date, never the clock.
    let date = format!("D:{}000000Z", meta.date.format("%Y%m%d"));
    let info = Dictionary::from_iter([
        ("Title", text(&meta.title)),
        ("Author", text(&meta.author)),
        ("Subject", text(&meta.subject)),
        ("Keywords", text(&meta.keywords)),
        ("Creator", text(&meta.creator)),
        ("Producer", text(concat!("printpdf 0.12 via propose ", env!("CARGO_PKG_VERSION")))),
        ("CreationDate", text(&date)),
        ("ModDate", text(&date)),
    ]);
    for v in [&meta.title, &meta.author, &meta.subject, &meta.keywords, &date] {
        hash.update(v.as_bytes());
    }
    let info_id = pdf.trailer.get(b"Info")?.as_reference()?;
    pdf.set_object(info_id, info);

    // The outline: one entry per section, in document order.
    let catalog = pdf.trailer.get(b"Root")?.as_reference()?;
    let marks: Vec<(String, ObjectId, f32)> = sheets
        .iter()
        .zip(&page_ids)
        .flat_map(|(s, id)| s.bookmarks.iter().map(move |(title, top)| (title.clone(), *id, *top)))
        .collect();
    let page_height = match pdf.get_dictionary(first)?.get(b"MediaBox")?.as_array()?.get(3) {
        Some(Object::Real(h)) => *h,
        Some(Object::Integer(h)) => *h as f32,
        _ => 842.0,
    };
    let catalog_dict = pdf.get_dictionary_mut(catalog)?;
    catalog_dict.set("Lang", text(&meta.lang));
    catalog_dict.set("ViewerPreferences", Dictionary::from_iter([("DisplayDocTitle", Object::Boolean(true))]));
    catalog_dict.set("PageMode", name(if marks.is_empty() { "UseNone" } else { "UseOutlines" }));
    if !marks.is_empty() {
        let root = pdf.new_object_id();
        let ids: Vec<ObjectId> = marks.iter().map(|_| pdf.new_object_id()).collect();
        for (i, (title, page, top)) in marks.iter().enumerate() {
            let mut item = Dictionary::from_iter([
                ("Title", text(title)),
                ("Parent", Object::Reference(root)),
                (
                    "Dest",
                    Object::Array(vec![
                        Object::Reference(*page),
                        name("XYZ"),
                        Object::Null,
                        Object::Real(r2(page_height - top + 6.0)),
                        Object::Null,
                    ]),
                ),
            ]);
            if i > 0 {
                item.set("Prev", Object::Reference(ids[i - 1]));
            }
            if let Some(next) = ids.get(i + 1) {
                item.set("Next", Object::Reference(*next));
            }
            pdf.set_object(ids[i], item);
        }
        let outlines = Dictionary::from_iter([
            ("Type", name("Outlines")),
            ("First", Object::Reference(ids[0])),
            ("Last", Object::Reference(*ids.last().ok_or("no outline")?)),
            ("Count", Object::Integer(ids.len() as i64)),
        ]);
        pdf.set_object(root, outlines);
        pdf.get_dictionary_mut(catalog)?.set("Outlines", Object::Reference(root));
    }

    // Live links over the addresses, then the order form's fields, over the signature block.
    let draws: Vec<&[Draw]> = sheets.iter().map(|s| s.draws.as_slice()).collect();
    super::links::add(pdf, &page_ids, page_height, &draws, &marks)?;
    super::form::add(pdf, &page_ids, page_height, &draws)?;

    // The ID: a hash of what the document shows, the same for the same proposal.
    let digest = hash.finalize();
    let id = Object::String(digest[..16].to_vec(), StringFormat::Hexadecimal);
    pdf.trailer.set("ID", Object::Array(vec![id.clone(), id]));
    Ok(())
}
