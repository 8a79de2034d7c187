//! `propose verify FILE INTAKE`: recomputes the proposal's content hash from the intake and
//! checks that the rendered file (PDF, Markdown or JSON) carries it.

use crate::diag::{Diagnostic, Error, Result};
use crate::proposal::Proposal;
use std::path::Path;

/// Files larger than this are not proposals; they are refused unread.
const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Ok with the hash when `file` carries the hash of `expected`.
pub fn verify(file: &Path, expected: &Proposal) -> Result<String> {
    let hash = expected.compute_hash();
    let meta = std::fs::metadata(file).map_err(|source| Error::Read { path: file.to_path_buf(), source })?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(Diagnostic::new(format!("`{}` is larger than 64 MiB", file.display())).into());
    }
    let bytes = std::fs::read(file).map_err(|source| Error::Read { path: file.to_path_buf(), source })?;
    let text =
        if bytes.starts_with(b"%PDF") { pdf_text(&bytes, file)? } else { String::from_utf8_lossy(&bytes).into_owned() };
    if text.contains(&hash) {
        return Ok(hash);
    }
    let found = find_hash(&text);
    let what = match &found {
        Some(h) => format!("it carries content hash `{h}`, but the intake gives `{hash}`"),
        None => format!("it carries no content hash; the intake gives `{hash}`"),
    };
    Err(Diagnostic::new(format!("`{}` is not the proposal this intake describes: {what}", file.display()))
        .help("compare the intake's revision with the file's, or render the intake again")
        .into())
}

/// The text of every page, plus the document info, as lopdf extracts it.
fn pdf_text(bytes: &[u8], file: &Path) -> Result<String> {
    let doc = lopdf::Document::load_mem(bytes)
        .map_err(|e| Error::from(Diagnostic::new(format!("`{}` is not a readable PDF: {e}", file.display()))))?;
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    let mut text = doc.extract_text(&pages).unwrap_or_default();
    if let Ok(info) = doc.trailer.get(b"Info").and_then(|o| o.as_reference()).and_then(|r| doc.get_dictionary(r)) {
        for (_, v) in info.iter() {
            if let Ok(s) = v.as_str() {
                text.push_str(&String::from_utf8_lossy(s));
                text.push('\n');
            }
        }
    }
    Ok(text)
}

/// A 12-hex-digit word after "hash", to name what a file carries instead.
fn find_hash(text: &str) -> Option<String> {
    let at = text.to_lowercase().find("hash")?;
    text[at..].split(|c: char| !c.is_ascii_hexdigit()).find(|w| w.len() == 12).map(str::to_string)
}
