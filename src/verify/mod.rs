//! `propose verify FILE INTAKE`: proves that a rendered file is, byte for byte, the
//! proposal the intake renders to, and when it is not, says precisely what differs (lines of
//! Markdown or HTML, JSON paths, PDF pages); or that an acceptance summary is one the
//! proposal's page wrote ([`summary`]). Reading the file is bounded here; rendering the
//! proposal to compare with is the caller's ([`crate::render`]).

mod json;
mod lines;
mod pdf;
pub mod summary;
mod text;

use crate::diag::{Diagnostic, Error, Location, Result};
use crate::proposal::Proposal;
use crate::render::Format;
use std::io::Read;
use std::path::Path;

/// Files larger than this are refused unread: a rendered proposal is a few hundred KB.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;
/// At most this much PDF syntax is parsed: the file (beyond the proposal's own bytes, when
/// it begins with them) and its object streams unpacked, together; and any one stream
/// decoded. Parsed, PDF syntax can take 400 times its size in memory (lopdf's objects).
pub const MAX_PDF_SYNTAX_BYTES: usize = 512 * 1024;
/// All the compressed streams of a PDF expand to at most this in all, and reading its
/// pages' text decodes at most this much (counted each time a stream is decoded).
pub const MAX_DECODED_BYTES: usize = 16 * 1024 * 1024;
/// The text of at most this many pages of a PDF is read.
pub const MAX_PAGES: usize = 1_000;

/// A file that is the proposal: its content hash, and what an incremental update appended
/// to the PDF adds (form fields filled in, signatures), if there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    pub hash: String,
    pub update: Option<String>,
}

/// Reads the file to verify: a regular file only (a FIFO or a device could block or never
/// end), of at most [`MAX_FILE_BYTES`], checked before it is opened and again while it is
/// read.
pub fn read(path: &Path) -> Result<Vec<u8>> {
    let failed = |source| Error::Read { path: path.to_path_buf(), source };
    let meta = std::fs::metadata(path).map_err(failed)?;
    if !meta.is_file() {
        return Err(not_regular(path, &meta));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_large(path));
    }
    let file = std::fs::File::open(path).map_err(failed)?;
    // The path may name another file by now: check what was opened.
    if !file.metadata().map_err(failed)?.is_file() {
        return Err(not_regular(path, &meta));
    }
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes).map_err(failed)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(path));
    }
    Ok(bytes)
}

fn not_regular(path: &Path, meta: &std::fs::Metadata) -> Error {
    Diagnostic::new(format!("`{}` is {}, not a regular file", path.display(), file_kind(meta)))
        .help("verify reads a rendered proposal from a file: save it to a file and pass that file's path")
        .into()
}

fn file_kind(meta: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
    }
    if meta.is_dir() {
        "a directory"
    } else {
        "something else"
    }
}

fn too_large(path: &Path) -> Error {
    Diagnostic::new(format!(
        "`{}` is larger than {}, the most a proposal file may be",
        path.display(),
        size(MAX_FILE_BYTES as usize)
    ))
    .help("a rendered proposal is a few hundred KB: check that this is the proposal file")
    .into()
}

/// The format of a file, told from its content, in one place: a PDF by its `%PDF-` magic,
/// HTML by its `<!DOCTYPE html`, JSON by parsing as a JSON object (or by a `.json` name, so
/// that broken JSON is reported as such), Markdown otherwise.
pub fn detect(path: &Path, bytes: &[u8]) -> Format {
    if bytes.starts_with(b"%PDF-") {
        return Format::Pdf;
    }
    if bytes.get(..14).is_some_and(|b| b.eq_ignore_ascii_case(b"<!DOCTYPE html")) {
        return Format::Html;
    }
    let object = bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{');
    let parses = || serde_json::from_slice::<serde::de::IgnoredAny>(bytes).is_ok();
    if object && parses() || path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json")) {
        Format::Json
    } else {
        Format::Md
    }
}

/// Compares `found` (the file, named `name`, in `format`) with `expected` (a fresh render
/// of `p` in that format). Identical bytes verify; so does a PDF whose first bytes are
/// `expected`, when what was appended only fills in form fields or signs it. Anything else
/// is an input error saying what differs.
pub fn verify(name: &str, found: &[u8], format: Format, expected: &[u8], p: &Proposal) -> Result<Verified> {
    let file = File { name, bytes: found };
    if format == Format::Pdf && found.starts_with(expected) {
        pdf::require_facts(&file, expected, p)?;
    }
    if found == expected {
        return Ok(Verified { hash: p.content_hash.clone(), update: None });
    }
    match format {
        Format::Md | Format::Html => Err(text::mismatch(&file, expected, p).into()),
        Format::Json => Err(json::mismatch(&file, expected, p).into()),
        Format::Pdf => pdf::verify(&file, expected, p),
    }
}

/// The file being verified.
struct File<'a> {
    name: &'a str,
    bytes: &'a [u8],
}

/// Who a file says it is: the content hash it carries, and the revision it names.
#[derive(Debug, Default)]
struct Identity {
    hash: Option<String>,
    number: Option<String>,
    revision: Option<String>,
}

impl Identity {
    /// Reads the hash (the last 12-hex-digit word after "Ref.") and the revision (the last
    /// `r` and a number after "revision") from a document's text; the number when the text
    /// names `number`.
    fn of_text(text: &str, number: &str) -> Identity {
        // ASCII lower case keeps every byte offset of `text`.
        let lower = text.to_ascii_lowercase();
        let last_word_after = |key: &str, fits: &dyn Fn(&str) -> bool| {
            lower.rmatch_indices(key).find_map(|(at, _)| {
                let word = text[at + key.len()..].split_whitespace().next()?;
                let word = word.trim_end_matches(|c: char| !c.is_ascii_alphanumeric());
                fits(word).then(|| word.to_string())
            })
        };
        let hash = |w: &str| w.len() == 12 && w.bytes().all(|b| b.is_ascii_hexdigit());
        let revision = |w: &str| w.len() > 1 && w.starts_with('r') && w[1..].bytes().all(|b| b.is_ascii_digit());
        Identity {
            hash: last_word_after("ref. ", &hash).map(|h| h.to_ascii_lowercase()),
            number: text.contains(number).then(|| number.to_string()),
            revision: last_word_after("revision ", &revision),
        }
    }

    fn describe(&self) -> String {
        match (&self.number, &self.revision) {
            (Some(n), Some(r)) => format!("proposal {n} revision {r}"),
            (Some(n), None) => format!("proposal {n}"),
            (None, Some(r)) => format!("revision {r} of a proposal"),
            (None, None) => "another proposal".into(),
        }
    }
}

/// The intake's proposal, as a mismatch names it.
fn describe(p: &Proposal) -> String {
    match &p.proposal.revision {
        Some(r) => format!("proposal {} revision {r}", p.proposal.number),
        None => format!("proposal {}", p.proposal.number),
    }
}

/// The diagnostic for a file that is not the proposal: `what` says how it differs; when
/// the file carries another content hash, that leads, since it names the cause.
fn not_the_proposal(file: &File, found: &Identity, what: &str, p: &Proposal) -> Diagnostic {
    let ours = &p.content_hash;
    let message = match &found.hash {
        Some(h) if h != ours => format!(
            "`{}` is not the proposal this intake describes: it carries {}'s content hash `{h}`, the intake gives {} with `{ours}`",
            file.name,
            found.describe(),
            describe(p)
        ),
        Some(_) => format!(
            "`{}` is not the proposal this intake describes: it carries its content hash `{ours}`, but {what}",
            file.name
        ),
        None => format!("`{}` is not the proposal this intake describes: {what}", file.name),
    };
    let d = Diagnostic::new(message).at(Location::file(file.name));
    match &found.hash {
        Some(h) if h != ours => d.note(what.to_string()).help(
            "verify the file against the intake (and `--set` values) it was rendered from, or render this intake again and send that file",
        ),
        _ => d.help(
            "if the file was rendered with `--templates`, `--letter` or `--approved-by`, pass the same to `verify`; \
             otherwise it was changed after rendering: render the intake again and send that file",
        ),
    }
}

/// A bound as a message says it: `512 KiB`, `16 MiB`.
fn size(bytes: usize) -> String {
    match bytes % (1 << 20) {
        0 => format!("{} MiB", bytes >> 20),
        _ => format!("{} KiB", bytes >> 10),
    }
}

/// `s` cut to `max` characters for a message, with an ellipsis when cut.
fn cut(s: &str, max: usize) -> String {
    lines::shown(s.as_bytes(), max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_formats_by_content() {
        let p = Path::new("file");
        assert_eq!(detect(p, b"%PDF-1.7\n"), Format::Pdf);
        assert_eq!(detect(p, b" {\"a\": 1}\n"), Format::Json);
        assert_eq!(detect(p, b"{\"a\": \n"), Format::Md, "broken JSON without a .json name");
        assert_eq!(detect(Path::new("x.JSON"), b"{\"a\": \n"), Format::Json);
        assert_eq!(detect(p, b"123456789012\n"), Format::Md, "a bare number is no proposal JSON");
        assert_eq!(detect(p, b"# Proposal\n"), Format::Md);
        assert_eq!(detect(p, b"<!doctype html>\n<html>"), Format::Html);
    }

    #[test]
    fn reads_the_hash_and_revision_a_text_names() {
        let id = Identity::of_text("Acme \u{b7} revision r2 \u{b7} Ref. 0123456789AB\n", "CD-1");
        assert_eq!((id.hash.as_deref(), id.revision.as_deref(), id.number), (Some("0123456789ab"), Some("r2"), None));
        let md = "CD-1, revision r3\nA revision of the plan.\nRef. 465617e10ad8 identifies this proposal.";
        let id = Identity::of_text(md, "CD-1");
        assert_eq!(
            (id.hash.as_deref(), id.revision.as_deref(), id.number.as_deref()),
            (Some("465617e10ad8"), Some("r3"), Some("CD-1"))
        );
        assert_eq!(Identity::of_text("Ref. 123 identifies", "CD-1").hash, None);
    }
}
