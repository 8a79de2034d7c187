//! Reading a PDF that may be hostile, within bounds: a deflate bomb anywhere in the file is
//! refused before lopdf parses it; the file's untrusted bytes and the object streams lopdf
//! unpacks share [`MAX_PDF_SYNTAX_BYTES`], which also bounds any one stream decoded; reading
//! the pages' text decodes at most [`MAX_DECODED_BYTES`], from at most [`MAX_PAGES`] pages.

use crate::verify::{size, MAX_DECODED_BYTES, MAX_PAGES, MAX_PDF_SYNTAX_BYTES};
use lopdf::content::Content;
use lopdf::{Dictionary, Document, Encoding, LoadOptions, Object, ObjectId};
use std::cell::Cell;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Read;

/// Why a PDF could not be read, as a diagnostic says it.
pub(super) type Failure = String;

/// How deep a page may sit under its `/Parent`s (lopdf walks them recursively).
const MAX_PARENTS: usize = 256;

/// Parses `bytes` as a PDF, within the bounds above; its first `trusted` bytes are the
/// proposal's own, whose size is known.
pub(super) fn load(bytes: &[u8], trusted: usize) -> Result<Document, Failure> {
    let untrusted = bytes.len().saturating_sub(trusted);
    if untrusted > MAX_PDF_SYNTAX_BYTES {
        return Err(format!("it is more than the {} of PDF that verify reads", size(MAX_PDF_SYNTAX_BYTES)));
    }
    prescan(bytes)?;
    BUDGET.with(|b| b.set(MAX_PDF_SYNTAX_BYTES - untrusted));
    OVER.with(|o| o.set(false));
    let options = LoadOptions {
        max_decompressed_size: Some(MAX_PDF_SYNTAX_BYTES),
        filter: Some(count_object_streams),
        ..LoadOptions::default()
    };
    let doc = Document::load_mem_with_options(bytes, options).map_err(|e| e.to_string())?;
    if OVER.with(Cell::get) {
        return Err(format!(
            "its object streams unpack to more than the {} of PDF that verify reads",
            size(MAX_PDF_SYNTAX_BYTES)
        ));
    }
    Ok(doc)
}

fn too_much() -> Failure {
    format!("its compressed streams expand to more than {}", size(MAX_DECODED_BYTES))
}

// lopdf is built without its `rayon` feature, so a document loads on the calling thread,
// where its filter below can keep count.
thread_local! {
    static BUDGET: Cell<usize> = const { Cell::new(0) };
    static OVER: Cell<bool> = const { Cell::new(false) };
}

/// lopdf's object filter: charges each object stream's decoded size to the syntax budget
/// before lopdf unpacks it, and drops those past it (the load then fails).
fn count_object_streams(id: ObjectId, object: &mut Object) -> Option<(ObjectId, Object)> {
    if let Object::Stream(stream) = &*object {
        if stream.dict.has_type(b"ObjStm") {
            let left = BUDGET.with(Cell::get);
            match stream.decompressed_content_with_limit(left) {
                Ok(data) => BUDGET.with(|b| b.set(left - data.len())),
                Err(_) => {
                    OVER.with(|o| o.set(true));
                    return None;
                }
            }
        }
    }
    Some((id, object.clone()))
}

/// Inflates every zlib (or bare deflate) stream in the file into a counter, and fails once
/// all of them together pass [`MAX_DECODED_BYTES`]: a bomb never reaches lopdf.
fn prescan(bytes: &[u8]) -> Result<(), Failure> {
    let mut left = MAX_DECODED_BYTES as u64;
    let mut at = 0;
    while let Some(i) = find(&bytes[at..], b"stream") {
        at += i + b"stream".len();
        let body = match &bytes[at..] {
            [b'\r', b'\n', rest @ ..] | [b'\n', rest @ ..] | [b'\r', rest @ ..] => rest,
            _ => continue,
        };
        let mut n = inflated(flate2::read::ZlibDecoder::new(body), left);
        if n == 0 && body.len() > 2 {
            // lopdf falls back to bare deflate after the two header bytes.
            n = inflated(flate2::read::DeflateDecoder::new(&body[2..]), left);
        }
        if n > left {
            return Err(too_much());
        }
        left -= n;
    }
    Ok(())
}

/// How many bytes `decoder` yields before it ends or fails, reading at most `limit + 1`.
fn inflated(decoder: impl Read, limit: u64) -> u64 {
    let mut counted = 0;
    let mut reader = decoder.take(limit + 1);
    let mut buf = [0u8; 16 * 1024];
    while let Ok(n) = reader.read(&mut buf) {
        if n == 0 {
            break;
        }
        counted += n as u64;
    }
    counted
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// The text of each page (at most [`MAX_PAGES`]), in order: `Ok` with the page's text
/// lines, whitespace runs made one space and blank lines dropped, or `Err` saying why the
/// page could not be read. Fails as a whole once decoding passes the budget.
pub(super) fn page_texts(doc: &Document) -> Result<Vec<Result<String, Failure>>, Failure> {
    let mut budget = MAX_DECODED_BYTES;
    let mut encodings: HashMap<*const Dictionary, Encoding> = HashMap::new();
    let mut texts = Vec::new();
    for (_, page) in doc.get_pages().into_iter().take(MAX_PAGES) {
        texts.push(match page_text(doc, page, &mut budget, &mut encodings) {
            Ok(text) => Ok(normalise(&text)),
            Err(Stop::Budget) => {
                return Err(format!("reading its pages' text decodes more than {}", size(MAX_DECODED_BYTES)))
            }
            Err(Stop::Page(why)) => Err(why),
        });
    }
    Ok(texts)
}

enum Stop {
    Budget,
    Page(Failure),
}

fn page_text<'a>(
    doc: &'a Document,
    page: ObjectId,
    budget: &mut usize,
    encodings: &mut HashMap<*const Dictionary, Encoding<'a>>,
) -> Result<String, Stop> {
    parents_within_bound(doc, page).map_err(Stop::Page)?;
    let fonts: BTreeMap<Vec<u8>, &Dictionary> = doc.get_page_fonts(page).map_err(|e| Stop::Page(e.to_string()))?;
    for font in fonts.values() {
        let key = *font as *const Dictionary;
        if encodings.contains_key(&key) {
            continue;
        }
        // Decoding the character map once to measure it keeps lopdf's decoding of it within
        // the budget; each font is decoded once for the whole document.
        let size = match font.get_deref(b"ToUnicode", doc).and_then(Object::as_stream) {
            Ok(map) => map.decompressed_content_with_limit(limit(*budget)).map_err(|e| over(e, *budget))?.len(),
            Err(_) => 0,
        };
        *budget -= size;
        match font.get_font_encoding_with_limit(doc, size.max(1)).map_err(|e| over(e, *budget)) {
            Ok(encoding) => {
                encodings.insert(key, encoding);
            }
            Err(Stop::Budget) => return Err(Stop::Budget),
            // As lopdf's `extract_text` does, text in a font it cannot read is left out.
            Err(Stop::Page(_)) => {}
        }
    }
    let content = doc.get_page_content_with_limit(page, limit(*budget)).map_err(|e| over(e, *budget))?;
    *budget -= content.len();
    let content = Content::decode(&content).map_err(|e| Stop::Page(e.to_string()))?;
    Ok(collect(&content, &fonts, encodings))
}

/// The most one stream may decode to with `budget` left.
fn limit(budget: usize) -> usize {
    budget.min(MAX_PDF_SYNTAX_BYTES)
}

/// A decoding error: past the budget, reading stops; past the bound on one stream, or
/// anything else, the page is unreadable.
fn over(e: lopdf::Error, budget: usize) -> Stop {
    match e {
        lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. })
            if budget < MAX_PDF_SYNTAX_BYTES =>
        {
            Stop::Budget
        }
        lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. }) => {
            Stop::Page(format!("a stream on it decodes to more than {}", size(MAX_PDF_SYNTAX_BYTES)))
        }
        e => Stop::Page(e.to_string()),
    }
}

/// Fails on a page under more than [`MAX_PARENTS`] `/Parent`s, or a cycle of them.
fn parents_within_bound(doc: &Document, page: ObjectId) -> Result<(), Failure> {
    let mut seen = HashSet::new();
    let mut at = page;
    while let Ok(parent) = doc.get_dictionary(at).and_then(|d| d.get(b"Parent")).and_then(Object::as_reference) {
        if !seen.insert(parent) || seen.len() > MAX_PARENTS {
            return Err(format!("its page tree is more than {MAX_PARENTS} levels deep or circular"));
        }
        at = parent;
    }
    Ok(())
}

/// The text a page's content shows, as lopdf's `extract_text` reads it: the strings of
/// `Tj`, `TJ`, `'` and `"` in their font's encoding, a line break at each `T*`, `'`, `"`
/// and `ET`, a space for a wide `TJ` gap.
fn collect(
    content: &Content,
    fonts: &BTreeMap<Vec<u8>, &Dictionary>,
    encodings: &HashMap<*const Dictionary, Encoding>,
) -> String {
    let mut text = String::new();
    let mut encoding = None;
    for op in &content.operations {
        match op.operator.as_str() {
            "Tf" => {
                encoding = op
                    .operands
                    .first()
                    .and_then(|o| o.as_name().ok())
                    .and_then(|n| fonts.get(n))
                    .and_then(|f| encodings.get(&(*f as *const Dictionary)));
            }
            "Tj" | "TJ" => push_strings(&mut text, encoding, &op.operands),
            "'" | "\"" => {
                if !text.ends_with('\n') {
                    text.push('\n');
                }
                let shown = if op.operator == "'" { op.operands.first() } else { op.operands.get(2) };
                push_strings(&mut text, encoding, shown.map_or(&[], std::slice::from_ref));
            }
            "T*" | "ET" if !text.ends_with('\n') => text.push('\n'),
            _ => {}
        }
    }
    text
}

fn push_strings(text: &mut String, encoding: Option<&Encoding>, operands: &[Object]) {
    let Some(encoding) = encoding else { return };
    for operand in operands {
        match operand {
            Object::String(bytes, _) => {
                let _ = encoding.write_to_string(bytes, text);
            }
            Object::Array(items) => {
                push_strings(text, Some(encoding), items);
                text.push(' ');
            }
            Object::Integer(i) if *i < -100 => text.push(' '),
            _ => {}
        }
    }
}

/// Each line with its whitespace runs (no-break spaces too) made one space and trimmed;
/// blank lines dropped. Two texts that read the same compare equal.
pub(super) fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let mut words = line.split_whitespace().peekable();
        if words.peek().is_none() {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        for (i, w) in words.enumerate() {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(w);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn normalises_whitespace_and_blank_lines() {
        assert_eq!(normalise("  Total \u{a0} $1.00 \n\n\t\nNext\u{202f}line "), "Total $1.00\nNext line");
    }

    fn zlib(data: &[u8]) -> Vec<u8> {
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        z.write_all(data).unwrap();
        z.finish().unwrap()
    }

    /// A PDF of the given objects (numbered from 1) with a classic cross-reference table.
    fn pdf(objects: &[Vec<u8>]) -> Vec<u8> {
        let mut out = b"%PDF-1.7\n".to_vec();
        let mut offsets = Vec::new();
        for (i, o) in objects.iter().enumerate() {
            offsets.push(out.len());
            out.extend(format!("{} 0 obj\n", i + 1).bytes());
            out.extend(o);
            out.extend(b"\nendobj\n");
        }
        let xref = out.len();
        out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).bytes());
        for o in offsets {
            out.extend(format!("{o:010} 00000 n \n").bytes());
        }
        out.extend(format!("trailer\n<</Size {}/Root 1 0 R>>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).bytes());
        out
    }

    #[test]
    fn object_streams_share_the_syntax_budget() {
        // Compressed twice, each stream slips past the scan for deflate bombs, and each is
        // under the bound on one stream; together they are over it.
        let inner = [b"9 0 [".as_slice(), &b"0 ".repeat(MAX_PDF_SYNTAX_BYTES / 5), b"]"].concat();
        let data = zlib(&zlib(&inner));
        let mut stream =
            format!("<</Type/ObjStm/N 1/First 4/Filter[/FlateDecode/FlateDecode]/Length {}>>stream\n", data.len())
                .into_bytes();
        stream.extend(&data);
        stream.extend(b"\nendstream");
        let mut objects = vec![b"<</Type/Catalog/Pages 2 0 R>>".to_vec(), b"<</Type/Pages/Kids[]/Count 0>>".to_vec()];
        assert!(load(&pdf(&objects), 0).is_ok());
        objects.extend(std::iter::repeat_n(stream, 3));
        assert_eq!(
            load(&pdf(&objects), 0).unwrap_err(),
            "its object streams unpack to more than the 512 KiB of PDF that verify reads"
        );
    }

    #[test]
    fn a_page_under_a_chain_of_parents_is_unreadable_not_a_stack_overflow() {
        let mut objects = vec![
            b"<</Type/Catalog/Pages 2 0 R>>".to_vec(),
            b"<</Type/Pages/Kids[3 0 R]/Count 1>>".to_vec(),
            b"<</Type/Page/Parent 4 0 R/Contents 5 0 R>>".to_vec(),
        ];
        let chain = 5_000;
        objects.extend((0..chain).map(|i| format!("<</Parent {} 0 R>>", i + 5).into_bytes()));
        objects[3] = b"<</Parent 5 0 R>>".to_vec();
        objects.push(b"<<>>".to_vec());
        let doc = load(&pdf(&objects), 0).unwrap();
        let texts = page_texts(&doc).unwrap();
        assert_eq!(texts, vec![Err(format!("its page tree is more than {MAX_PARENTS} levels deep or circular"))]);
    }

    #[test]
    fn a_deflate_bomb_is_refused_before_parsing() {
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        let zeros = vec![0u8; 1 << 20];
        for _ in 0..(MAX_DECODED_BYTES >> 20) + 1 {
            z.write_all(&zeros).unwrap();
        }
        let mut pdf = b"%PDF-1.7\n1 0 obj\n<</Length 0/Filter/FlateDecode>>stream\n".to_vec();
        pdf.extend(z.finish().unwrap());
        pdf.extend(b"\nendstream\nendobj\n");
        assert_eq!(load(&pdf, 0).unwrap_err(), too_much());
    }
}
