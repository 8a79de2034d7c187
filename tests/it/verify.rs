//! Issue 13: `verify` proves a file is, byte for byte, the proposal an intake renders to;
//! every tampering fails with exit 2 and says what differs; an incremental update that only
//! fills in the form and signs passes and is reported; reading the file is bounded.

use crate::common::*;
use lopdf::{dictionary, Document, IncrementalDocument, Object, ObjectId, StringFormat};
use std::path::{Path, PathBuf};
use std::process::Output;

const NORTHWIND: &str = "examples/northwind-migration.toml";

/// Renders northwind in every format into `dir`; returns the path of `CD-2026-014.<ext>`.
fn rendered(dir: &Path) -> impl Fn(&str) -> PathBuf + '_ {
    propose().args(["render", NORTHWIND, "--format", "md,json,pdf", "--out"]).arg(dir).assert().success();
    move |ext: &str| dir.join(format!("CD-2026-014.{ext}"))
}

fn verify(file: &Path, intake: &str) -> Output {
    propose().arg("verify").arg(file).arg(intake).timeout(std::time::Duration::from_secs(60)).output().unwrap()
}

/// The stderr of a verify that must fail with exit 2.
fn fails(out: Output) -> String {
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(out.stdout.is_empty());
    stderr
}

/// The stdout of a verify that must pass.
fn passes(out: Output) -> String {
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn an_untouched_file_of_each_format_verifies_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let file = rendered(dir.path());
    for ext in ["md", "json", "pdf"] {
        let stdout = passes(verify(&file(ext), NORTHWIND));
        assert!(stdout.starts_with("verified: "), "{stdout}");
        assert!(stdout.contains("is proposal CD-2026-014, byte for byte (content hash d5f2a8ca9765)"), "{stdout}");
        assert_eq!(stdout.lines().count(), 1);
    }
}

#[test]
fn an_amount_edited_in_the_markdown_is_located_beside_the_proposal_s_figure() {
    let dir = tempfile::tempdir().unwrap();
    let md = std::fs::read_to_string(rendered(dir.path())("md")).unwrap();
    assert_eq!(md.matches("$271,987.85").count(), 1, "the one-time total appears once");
    let edited = write(dir.path(), "edited.md", md.replace("$271,987.85", "$1.00"));
    let stderr = fails(verify(&edited, NORTHWIND));
    let line = md.lines().position(|l| l.contains("$271,987.85")).unwrap() + 1;
    let column = md.lines().nth(line - 1).unwrap().find("$271,987.85").unwrap() + 1;
    assert!(
        stderr.starts_with(&format!(
            "error: `{}` is not the proposal this intake describes: it carries its content hash `d5f2a8ca9765`, but 1 of {} lines differs\n  --> {}:{line}:{column}\n",
            edited.display(),
            md.lines().count(),
            edited.display()
        )),
        "{stderr}"
    );
    assert!(stderr.contains("^^^^^ expected `$271,987.85`"), "{stderr}");
    assert!(stderr.contains("= help: "), "{stderr}");
}

#[test]
fn a_json_contract_value_set_to_one_is_named_by_its_path() {
    let dir = tempfile::tempdir().unwrap();
    let json = std::fs::read_to_string(rendered(dir.path())("json")).unwrap();
    let edited = json.replace("\"contract_value\": \"454147.85\"", "\"contract_value\": \"1.00\"");
    assert_ne!(edited, json);
    let edited = write(dir.path(), "edited.json", edited);
    let stderr = fails(verify(&edited, NORTHWIND));
    assert!(stderr.contains("but 1 value differs (`totals.contract_value`)"), "{stderr}");
    assert!(stderr.contains("= note: `totals.contract_value`: expected `\"454147.85\"`, found `\"1.00\"`"), "{stderr}");
    assert!(stderr.contains("^^^^ expected `454147.85`"), "the caret stands under the value: {stderr}");
}

#[test]
fn json_with_the_same_values_written_otherwise_fails_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let json = std::fs::read_to_string(rendered(dir.path())("json")).unwrap();
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let compact = write(dir.path(), "compact.json", value.to_string());
    let stderr = fails(verify(&compact, NORTHWIND));
    assert!(stderr.contains("it carries its content hash `d5f2a8ca9765`, but only its layout differs"), "{stderr}");
}

#[test]
fn json_that_does_not_parse_is_located() {
    let dir = tempfile::tempdir().unwrap();
    let json = std::fs::read_to_string(rendered(dir.path())("json")).unwrap();
    let broken = write(dir.path(), "broken.json", json.replacen("\"schema_version\": 3,", "\"schema_version\": 3", 1));
    let stderr = fails(verify(&broken, NORTHWIND));
    assert!(stderr.contains("broken.json` is not valid JSON: expected `,` or `}` (line 3, column 3)"), "{stderr}");
    assert!(stderr.contains("broken.json:3:3\n"), "{stderr}");
}

/// `pdf` with `from` replaced by `to` wherever a page's content stream shows it: the stream
/// is decoded, the glyph codes of `from` are replaced by those of `to` (each character's
/// code taken from what the same font shows elsewhere on the page), and the stream is
/// compressed again. Returns the new file and the numbers of the pages edited.
fn edit_page_text(pdf: &[u8], from: &str, to: &str) -> (Vec<u8>, Vec<u32>) {
    use lopdf::content::Content;
    let mut doc = Document::load_mem(pdf).unwrap();
    let mut pages = Vec::new();
    for (n, id) in doc.get_pages() {
        let fonts = doc.get_page_fonts(id).unwrap();
        let encodings: Vec<(Vec<u8>, lopdf::Encoding)> =
            fonts.iter().map(|(name, f)| (name.clone(), f.get_font_encoding(&doc).unwrap())).collect();
        let mut content = Content::decode(&doc.get_page_content(id)).unwrap();
        // Each font's code for each character, from every string the page shows in it.
        let mut codes: std::collections::HashMap<(Vec<u8>, char), Vec<u8>> = Default::default();
        let mut font = Vec::new();
        for op in &content.operations {
            match (op.operator.as_str(), op.operands.first()) {
                ("Tf", Some(name)) => font = name.as_name().unwrap().to_vec(),
                ("Tj", Some(Object::String(bytes, _))) => {
                    let encoding = &encodings.iter().find(|(n, _)| *n == font).unwrap().1;
                    for code in bytes.chunks(2) {
                        if let Some(c) = Document::decode_text(encoding, code).unwrap().chars().next() {
                            codes.insert((font.clone(), c), code.to_vec());
                        }
                    }
                }
                _ => {}
            }
        }
        let encode = |font: &[u8], text: &str| -> Option<Vec<u8>> {
            text.chars()
                .map(|c| codes.get(&(font.to_vec(), c)).cloned())
                .collect::<Option<Vec<_>>>()
                .map(|v| v.concat())
        };
        let mut edited = false;
        for op in &mut content.operations {
            match (op.operator.as_str(), op.operands.first_mut()) {
                ("Tf", Some(name)) => font = name.as_name().unwrap().to_vec(),
                ("Tj", Some(Object::String(bytes, _))) => {
                    let (Some(old), Some(new)) = (encode(&font, from), encode(&font, to)) else { continue };
                    if let Some(at) = bytes.windows(old.len()).position(|w| w == old.as_slice()) {
                        bytes.splice(at..at + old.len(), new);
                        edited = true;
                    }
                }
                _ => {}
            }
        }
        if edited {
            doc.change_page_content(id, content.encode().unwrap()).unwrap();
            pages.push(n);
        }
    }
    assert!(!pages.is_empty(), "no page shows `{from}`");
    doc.compress();
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    (out, pages)
}

#[test]
fn a_pdf_whose_total_was_edited_in_its_content_stream_fails_page_by_page() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = std::fs::read(rendered(dir.path())("pdf")).unwrap();
    // The one-time total stands once, in the pricing's totals table.
    let (edited, pages) = edit_page_text(&pdf, "$271,987.85", "$1.00");
    let [page] = pages[..] else { panic!("the one-time total is on one page, not {pages:?}") };
    let total = Document::load_mem(&pdf).unwrap().get_pages().len();
    let edited = write(dir.path(), "edited.pdf", edited);
    let stderr = fails(verify(&edited, NORTHWIND));
    assert!(stderr.contains(&format!("but the text of 1 of {total} pages differs (page {page}; 1 line)")), "{stderr}");
    assert!(stderr.contains(": expected `$271,987.85`, found `$1.00`"), "the pricing table: {stderr}");
    assert!(
        stderr.contains("= note: it shows the client name `Northwind Traders`, the proposal number `CD-2026-014`, the monthly total `$15,180.00`, the contract value `$454,147.85`; it does not show the one-time total `$271,987.85`"),
        "{stderr}"
    );
}

#[test]
fn a_pdf_with_the_same_text_but_other_bytes_fails_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = std::fs::read(rendered(dir.path())("pdf")).unwrap();
    let mut doc = Document::load_mem(&pdf).unwrap();
    let info = doc.trailer.get(b"Info").unwrap().as_reference().unwrap();
    doc.get_dictionary_mut(info).unwrap().set("Creator", text("Another Program 1.0"));
    let mut resaved = Vec::new();
    doc.save_to(&mut resaved).unwrap();
    let resaved = write(dir.path(), "resaved.pdf", resaved);
    let stderr = fails(verify(&resaved, NORTHWIND));
    assert!(stderr.contains("but only its bytes differ: its text is the proposal's page for page; it was saved again by another program, or made by `Another Program 1.0` (this is `propose "), "{stderr}");
}

#[test]
fn a_one_line_file_with_only_the_hash_fails() {
    let dir = tempfile::tempdir().unwrap();
    let lines = std::fs::read_to_string(rendered(dir.path())("md")).unwrap().lines().count();
    for (name, text) in [("hash.md", "d5f2a8ca9765\n"), ("hash.txt", "Ref. d5f2a8ca9765\n")] {
        let stderr = fails(verify(&write(dir.path(), name, text), NORTHWIND));
        assert!(stderr.contains("is not the proposal this intake describes: "), "{stderr}");
        assert!(stderr.contains(&format!(" of {lines} lines differ")), "{stderr}");
    }
    let pdf = write(dir.path(), "hash.pdf", "%PDF-1.7\n% Ref. d5f2a8ca9765\n");
    assert!(fails(verify(&pdf, NORTHWIND)).contains("is not a readable PDF"));
}

#[test]
fn a_file_from_another_revision_names_both_hashes() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(NORTHWIND).unwrap();
    let r2 = write(
        dir.path(),
        "r2.toml",
        text.replace("number = \"CD-2026-014\"", "number = \"CD-2026-014\"\nrevision = \"r2\""),
    );
    let out = dir.path().join("out");
    propose().arg("render").arg(&r2).args(["--format", "md,json,pdf", "--out"]).arg(&out).assert().success();
    for ext in ["md", "json", "pdf"] {
        let stderr = fails(verify(&out.join(format!("CD-2026-014-r2.{ext}")), NORTHWIND));
        assert!(
            stderr.contains("it carries proposal CD-2026-014 revision r2's content hash `3db272a21278`, the intake gives proposal CD-2026-014 with `d5f2a8ca9765`"),
            "{ext}: {stderr}"
        );
        assert!(stderr.contains("= help: verify the file against the intake"), "{ext}: {stderr}");
    }
}

#[test]
fn verify_renders_with_the_options_render_took() {
    let dir = tempfile::tempdir().unwrap();
    let templates = dir.path().join("templates");
    std::fs::create_dir(&templates).unwrap();
    std::fs::write(templates.join("working.md.hbs"), "## Why {{firm.name}}\n\nWe stay.\n").unwrap();
    let out = dir.path().join("out");
    let set = "proposal.title=Migration Proposal";
    propose()
        .args(["render", NORTHWIND, "--format", "md,pdf", "--letter", "--set", set, "--templates"])
        .arg(&templates)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    for ext in ["md", "pdf"] {
        let file = out.join(format!("CD-2026-014.{ext}"));
        let with = |args: &[&str]| propose().arg("verify").arg(&file).arg(NORTHWIND).args(args).output().unwrap();
        passes(with(&["--letter", "--set", set, "--templates", templates.to_str().unwrap()]));
        if ext == "pdf" {
            let stderr = fails(with(&["--set", set, "--templates", templates.to_str().unwrap()]));
            assert!(stderr.contains("is not the proposal this intake describes"), "A4 against Letter: {stderr}");
        }
        assert!(fails(with(&["--letter", "--set", set])).contains("is not the proposal this intake describes"));
    }
}

#[test]
fn a_draft_verifies_as_rendered_and_approvers_are_checked_in_the_json() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(NORTHWIND).unwrap();
    let breach = write(dir.path(), "breach.toml", format!("{text}\n[[discount]]\nlabel = \"Friends\"\npercent = 20\n"));
    let (drafts, approved) = (dir.path().join("drafts"), dir.path().join("approved"));
    propose()
        .arg("render")
        .arg(&breach)
        .args(["--format", "md,json", "--draft", "--out"])
        .arg(&drafts)
        .assert()
        .success();
    let args = ["--format", "json", "--approved-by", "Jane Roe", "--out"];
    propose().arg("render").arg(&breach).args(args).arg(&approved).assert().success();
    let breach = breach.to_str().unwrap();
    for ext in ["md", "json"] {
        passes(verify(&drafts.join(format!("CD-2026-014.{ext}")), breach));
    }
    let json = approved.join("CD-2026-014.json");
    passes(propose().arg("verify").arg(&json).arg(breach).args(["--approved-by", "Jane Roe"]).output().unwrap());
    assert!(fails(verify(&json, breach)).contains("1 value differs (`draft`)"), "an approved file is no draft");
}

/// The proposal's PDF with an incremental update appended by `change`, as a viewer writes
/// one; the update's objects are in `inc.new_document`.
fn updated(pdf: &[u8], change: impl FnOnce(&mut IncrementalDocument, &[ObjectId], ObjectId)) -> Vec<u8> {
    let mut inc = IncrementalDocument::create_from(pdf.to_vec(), Document::load_mem(pdf).unwrap());
    let prev = inc.get_prev_documents();
    let pages: Vec<ObjectId> = prev.page_iter().collect();
    let root = prev.trailer.get(b"Root").unwrap().as_reference().unwrap();
    change(&mut inc, &pages, root);
    let mut out = Vec::new();
    inc.save_to(&mut out).unwrap();
    assert!(out.starts_with(pdf) && out.len() > pdf.len(), "an incremental update keeps the original bytes");
    out
}

fn text(s: &str) -> Object {
    Object::String(s.as_bytes().to_vec(), StringFormat::Literal)
}

/// Adds `annots` to page `page`'s annotations in the update.
fn annotate(inc: &mut IncrementalDocument, page: ObjectId, annots: Vec<Object>) {
    inc.opt_clone_object_to_new_document(page).unwrap();
    inc.new_document.get_object_mut(page).unwrap().as_dict_mut().unwrap().set("Annots", annots);
}

#[test]
fn a_pdf_filled_in_and_signed_by_an_incremental_update_verifies_and_the_update_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = std::fs::read(rendered(dir.path())("pdf")).unwrap();
    let signed = updated(&pdf, |inc, pages, root| {
        let last = *pages.last().unwrap();
        let doc = &mut inc.new_document;
        let rect = || vec![72.into(), 72.into(), 272.into(), 92.into()];
        let name = doc.add_object(dictionary! {
            "Type" => "Annot", "Subtype" => "Widget", "FT" => "Tx", "T" => text("Name"),
            "V" => text("Jane Doe"), "Rect" => rect(), "P" => last,
        });
        let sig = doc.add_object(dictionary! {
            "Type" => "Sig", "Filter" => "Adobe.PPKLite", "SubFilter" => "adbe.pkcs7.detached",
            "Name" => text("Jane Doe"), "Contents" => Object::String(vec![0; 16], StringFormat::Hexadecimal),
            "ByteRange" => vec![0.into(), 0.into(), 0.into(), 0.into()],
        });
        let signature = doc.add_object(dictionary! {
            "Type" => "Annot", "Subtype" => "Widget", "FT" => "Sig", "T" => text("Signature1"),
            "V" => sig, "Rect" => rect(), "P" => last,
        });
        let form = doc.add_object(dictionary! { "Fields" => vec![name.into(), signature.into()], "SigFlags" => 3 });
        annotate(inc, last, vec![name.into(), signature.into()]);
        inc.opt_clone_object_to_new_document(root).unwrap();
        inc.new_document.get_object_mut(root).unwrap().as_dict_mut().unwrap().set("AcroForm", form);
    });
    let stdout = passes(verify(&write(dir.path(), "signed.pdf", signed), NORTHWIND));
    assert!(
        stdout.ends_with("signed.pdf is proposal CD-2026-014 (content hash d5f2a8ca9765), followed by an incremental update that fills in field `Name` with `Jane Doe` and is signed by Jane Doe (6 objects)\n"),
        "{stdout}"
    );
}

#[test]
fn a_field_value_that_refers_to_itself_is_read_within_bounds() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = std::fs::read(rendered(dir.path())("pdf")).unwrap();
    let filled = updated(&pdf, |inc, pages, root| {
        let doc = &mut inc.new_document;
        // A list whose items are the list itself: read naively, it never ends.
        let list = doc.new_object_id();
        doc.objects.insert(list, Object::Array(vec![text("x"), list.into(), list.into(), list.into()]));
        let field = doc.add_object(dictionary! {
            "Type" => "Annot", "Subtype" => "Widget", "FT" => "Ch", "T" => text("Choice"), "V" => list,
            "Rect" => vec![0.into(), 0.into(), 0.into(), 0.into()], "P" => pages[0],
        });
        let form = doc.add_object(dictionary! { "Fields" => vec![field.into()] });
        annotate(inc, pages[0], vec![field.into()]);
        inc.opt_clone_object_to_new_document(root).unwrap();
        inc.new_document.get_object_mut(root).unwrap().as_dict_mut().unwrap().set("AcroForm", form);
    });
    let stdout = passes(verify(&write(dir.path(), "filled.pdf", filled), NORTHWIND));
    assert!(stdout.contains("fills in field `Choice` with `x, x, x, x, x, x, x, x, "), "{stdout}");
}

#[test]
fn an_update_that_changes_what_a_page_shows_fails() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = std::fs::read(rendered(dir.path())("pdf")).unwrap();
    let redrawn = updated(&pdf, |inc, pages, _| {
        let page = pages[2];
        let old = inc.get_prev_documents().get_dictionary(page).unwrap().get(b"Contents").unwrap().clone();
        let cover = lopdf::Stream::new(dictionary! {}, b"1 1 1 rg 0 0 600 800 re f".to_vec());
        let cover = inc.new_document.add_object(cover);
        inc.opt_clone_object_to_new_document(page).unwrap();
        let dict = inc.new_document.get_object_mut(page).unwrap().as_dict_mut().unwrap();
        dict.set("Contents", vec![old, cover.into()]);
    });
    let stderr = fails(verify(&write(dir.path(), "redrawn.pdf", redrawn), NORTHWIND));
    assert!(
        stderr.contains(
            "is the proposal followed by an incremental update that changes what it shows: the content of page 3"
        ),
        "{stderr}"
    );

    let commented = updated(&pdf, |inc, pages, _| {
        let note = inc.new_document.add_object(dictionary! {
            "Type" => "Annot", "Subtype" => "FreeText", "Contents" => text("Total: $1.00"),
            "Rect" => vec![72.into(), 72.into(), 272.into(), 92.into()], "DA" => text("/Helv 12 Tf 0 g"),
        });
        annotate(inc, pages[1], vec![note.into()]);
    });
    let stderr = fails(verify(&write(dir.path(), "commented.pdf", commented), NORTHWIND));
    assert!(stderr.contains("changes what it shows: a FreeText annotation on page 2"), "{stderr}");
}

#[test]
fn bytes_appended_that_are_no_incremental_update_fail() {
    let dir = tempfile::tempdir().unwrap();
    let mut pdf = std::fs::read(rendered(dir.path())("pdf")).unwrap();
    pdf.extend(b"\nTotal: $1.00\n");
    let stderr = fails(verify(&write(dir.path(), "appended.pdf", pdf), NORTHWIND));
    assert!(
        stderr.contains("appended.pdf` is the proposal followed by 14 bytes that change nothing in it"),
        "{stderr}"
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_is_refused_without_being_opened() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("proposal.pdf");
    let path = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: `path` is a valid NUL-terminated string that outlives the call.
    assert_eq!(unsafe { libc::mkfifo(path.as_ptr(), 0o600) }, 0);
    let stderr = fails(verify(&fifo, NORTHWIND));
    assert!(stderr.contains("proposal.pdf` is a FIFO (named pipe), not a regular file"), "{stderr}");
    let stderr = fails(verify(dir.path(), NORTHWIND));
    assert!(stderr.contains("is a directory, not a regular file"), "{stderr}");
}

#[test]
fn a_file_over_16_mib_is_refused_unread() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.pdf");
    std::fs::File::create(&big).unwrap().set_len(16 * 1024 * 1024 + 1).unwrap();
    let stderr = fails(verify(&big, NORTHWIND));
    assert!(stderr.contains("big.pdf` is larger than 16 MiB, the most a proposal file may be"), "{stderr}");
}

#[test]
fn a_deflate_bomb_is_refused_before_it_is_inflated() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..128 {
        z.write_all(&zeros).unwrap();
    }
    let bomb = z.finish().unwrap();
    let mut pdf = format!("%PDF-1.7\n1 0 obj\n<</Length {}/Filter/FlateDecode>>stream\n", bomb.len()).into_bytes();
    pdf.extend(&bomb);
    pdf.extend(b"\nendstream\nendobj\ntrailer\n<</Root 1 0 R>>\n%%EOF\n");
    let started = std::time::Instant::now();
    let stderr = fails(verify(&write(dir.path(), "bomb.pdf", pdf), NORTHWIND));
    assert!(
        stderr.contains("bomb.pdf` is not a readable PDF: its compressed streams expand to more than 16 MiB"),
        "{stderr}"
    );
    assert!(started.elapsed().as_secs() < 30, "the stream was not inflated in full");
}
