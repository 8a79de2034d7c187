//! Every character drawn: proposals in Japanese, Arabic, Hebrew and several scripts at once,
//! rendered with the fixture fonts (`tests/fixtures/fonts`, given by `--font` or the
//! intake's `fonts`) and the system's fonts never searched. The PDF's text, read back with
//! lopdf, holds the model's strings in reading order; each embedded font's `/W` widths are
//! its program's advances (TrueType and CFF); output is byte-identical; a character no font
//! draws fails the render with exit code 2, naming the field and the character.

use crate::common::*;

use lopdf::{Document, Object};
use propose::proposal::Proposal;
use propose::render::pdf::FontSources;
use propose::render::{Format, Paper, Renderer, Settings};
use std::path::PathBuf;

fn fixture_font(name: &str) -> PathBuf {
    root().join("tests/fixtures/fonts").join(name)
}

const JP: &str = "NotoSansCJKjp-Regular.subset.otf";
const CJK_TTC: &str = "NotoSansCJK-Regular.subset.ttc";
const AR: &str = "NotoNaskhArabic-Regular.subset.ttf";

fn intake(name: &str) -> PathBuf {
    root().join("tests/fixtures/intl").join(name)
}

fn proposal(name: &str) -> Proposal {
    let source = propose::intake::read(&intake(name)).expect("the intake reads");
    propose::build(&source, catalog()).expect("the intake builds")
}

fn renderer(fonts: &[&str]) -> Renderer {
    let sources = FontSources { files: fonts.iter().map(|f| fixture_font(f)).collect(), system: false };
    let settings = Settings {
        formats: vec![Format::Md, Format::Pdf],
        paper: Paper::A4,
        creator: "propose".into(),
        fonts: sources,
        ..Settings::default()
    };
    Renderer::new(&settings).expect("the renderer sets up")
}

fn render(name: &str, fonts: &[&str]) -> (Proposal, Vec<u8>) {
    let p = proposal(name);
    let pdf = renderer(fonts).render(&p, Format::Pdf).expect("the PDF renders");
    if let Ok(dir) = std::env::var("PROPOSE_PDF_OUT") {
        std::fs::write(PathBuf::from(dir).join(name.replace(".toml", ".pdf")), &pdf).unwrap();
    }
    (p, pdf)
}

/// The text of every page, whitespace removed (lines break anywhere between ideographs).
fn squeezed_text(pdf: &[u8]) -> String {
    let doc = Document::load_mem(pdf).expect("the PDF parses");
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    let text = doc.extract_text(&pages).expect("the text extracts");
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The model's strings from the intake that the PDF must carry, as typed.
fn intake_strings(p: &Proposal) -> Vec<String> {
    let mut out = vec![p.client.name.clone(), p.proposal.number.clone()];
    out.extend(p.client.address.clone());
    out.extend(p.client.contact.clone());
    out.extend(p.objectives.iter().cloned());
    out
}

fn assert_carries_its_strings(name: &str, fonts: &[&str], expect_fonts: &[&str]) {
    let (p, pdf) = render(name, fonts);
    let text = squeezed_text(&pdf);
    for s in intake_strings(&p) {
        assert!(text.contains(&squeeze(&s)), "{name}: {s:?} is not in the PDF's text in reading order");
    }
    // The running head names the client on every body page, each time whole.
    assert!(text.matches(&squeeze(&p.client.name)).count() >= 3, "{name}: the client's name on the cover and heads");
    let names = font_names(&pdf);
    for f in expect_fonts {
        assert!(names.iter().any(|n| n.contains(f)), "{name}: no {f} among {names:?}");
    }
}

/// The `BaseFont` of every font the document embeds.
fn font_names(pdf: &[u8]) -> Vec<String> {
    let doc = Document::load_mem(pdf).unwrap();
    let mut names: Vec<String> = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Type0"))
        .map(|d| String::from_utf8_lossy(d.get(b"BaseFont").unwrap().as_name().unwrap()).into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_japanese_proposal_carries_the_clients_name_address_and_objectives() {
    assert_carries_its_strings("japanese.toml", &[JP], &["NotoSansCJKjp", "LiberationSans"]);
}

/// Bold Japanese (the cover's client name, headings, lead-ins) is set in the Bold face that
/// sits beside the Regular one given (`NotoSansCJKjp-Bold.subset.otf`), not in the Regular.
#[test]
fn bold_japanese_takes_the_bold_face_beside_the_regular_one() {
    let (_, pdf) = render("japanese.toml", &[JP]);
    let names = font_names(&pdf);
    assert!(names.iter().any(|n| n.ends_with("+NotoSansCJKjp-Bold")), "no bold Japanese face among {names:?}");
    assert!(names.iter().any(|n| n.ends_with("+NotoSansCJKjp-Regular")), "no regular Japanese face among {names:?}");
}

#[test]
fn an_arabic_proposal_with_its_font_in_the_intake_reads_in_logical_order() {
    assert_carries_its_strings("arabic.toml", &[], &["NotoNaskhArabic", "LiberationSans"]);
}

#[test]
fn a_hebrew_proposal_needs_no_font_beyond_the_embedded_one() {
    assert_carries_its_strings("hebrew.toml", &[], &["LiberationSans"]);
    assert!(font_names(&render("hebrew.toml", &[]).1).iter().all(|n| n.contains("LiberationSans")));
}

#[test]
fn a_mixed_script_proposal_draws_each_script_with_its_font_from_a_collection_too() {
    assert_carries_its_strings("mixed.toml", &[CJK_TTC, AR], &["NotoSansCJKjp", "NotoNaskhArabic", "LiberationSans"]);
}

#[test]
fn output_with_fallback_fonts_is_byte_identical_across_renderers() {
    let (_, a) = render("mixed.toml", &[CJK_TTC, AR]);
    let _ = render("japanese.toml", &[JP]);
    let (_, b) = render("mixed.toml", &[CJK_TTC, AR]);
    assert_eq!(a, b);
}

/// Every Type 0 font's `/W` widths against its embedded program: a TrueType font read as an
/// sfnt, a CFF one as the bare CID-keyed CFF table it is (CID = glyph, identity charset).
#[test]
fn every_width_is_the_programs_advance_for_truetype_and_cff() {
    let (_, pdf) = render("mixed.toml", &[CJK_TTC, AR]);
    let doc = Document::load_mem(&pdf).unwrap();
    let mut kinds = Vec::new();
    for font in doc.objects.values().filter_map(|o| o.as_dict().ok()) {
        if font.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Type0") {
            continue;
        }
        let base = String::from_utf8_lossy(font.get(b"BaseFont").unwrap().as_name().unwrap()).into_owned();
        let desc = match font.get(b"DescendantFonts").unwrap() {
            Object::Array(a) => doc.get_dictionary(a[0].as_reference().unwrap()).unwrap(),
            _ => panic!("{base}: no descendant font"),
        };
        let subtype = String::from_utf8_lossy(desc.get(b"Subtype").unwrap().as_name().unwrap()).into_owned();
        let fd = doc.get_dictionary(desc.get(b"FontDescriptor").unwrap().as_reference().unwrap()).unwrap();
        let (key, program) = ["FontFile2", "FontFile3"]
            .iter()
            .find_map(|k| Some((*k, fd.get(k.as_bytes()).ok()?.as_reference().ok()?)))
            .expect("an embedded program");
        let stream = doc.get_object(program).unwrap().as_stream().unwrap();
        let program = stream.decompressed_content().unwrap();
        match subtype.as_str() {
            "CIDFontType2" => assert_eq!(key, "FontFile2", "{base}"),
            "CIDFontType0" => {
                assert_eq!(key, "FontFile3", "{base}");
                assert_eq!(stream.dict.get(b"Subtype").unwrap().as_name().unwrap(), b"CIDFontType0C");
            }
            other => panic!("{base}: {other}"),
        }
        let face = read_fonts::model::Font::new(program.clone(), 0).expect("the program parses");
        let upm = face.units_per_em() as f32;
        let aliases: Option<Vec<u8>> = match desc.get(b"CIDToGIDMap") {
            Ok(Object::Reference(r)) => {
                Some(doc.get_object(*r).unwrap().as_stream().unwrap().decompressed_content().unwrap())
            }
            _ => None,
        };
        let gid_of = |cid: usize| match &aliases {
            Some(map) => u16::from_be_bytes([map[2 * cid], map[2 * cid + 1]]) as u32,
            None => cid as u32,
        };
        let mut checked = 0;
        for pair in desc.get(b"W").unwrap().as_array().unwrap().chunks(2) {
            let first = pair[0].as_i64().unwrap() as usize;
            for (i, w) in pair[1].as_array().unwrap().iter().enumerate() {
                let advance = face.glyph_metrics().h_advance(read_fonts::types::GlyphId::new(gid_of(first + i)));
                assert_eq!(w.as_i64().unwrap(), (advance * 1000.0 / upm) as i64, "{base}: code {}", first + i);
                checked += 1;
            }
        }
        assert!(checked > 5, "{base}: {checked} widths");
        kinds.push(subtype);
    }
    kinds.sort();
    kinds.dedup();
    assert_eq!(kinds, ["CIDFontType0", "CIDFontType2"]);
}

#[test]
fn a_character_no_font_draws_fails_the_render_naming_the_field_and_the_fix() {
    let out = tempfile::tempdir().unwrap();
    let assert = propose()
        .args(["render", "--format", "md,pdf", "--no-system-fonts", "--out"])
        .arg(out.path())
        .arg(intake("emoji.toml"))
        .assert()
        .code(2);
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains("[client] name"), "{stderr}");
    assert!(stderr.contains("\"\u{1F600}\" (U+1F600)"), "{stderr}");
    assert!(stderr.contains("--font FILE") && stderr.contains("fonts = ["), "{stderr}");
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0, "no file written, not even the Markdown");

    // Without the Japanese font the Japanese client is refused the same way, and with it
    // the render succeeds.
    let assert = propose()
        .args(["render", "--format", "pdf", "--no-system-fonts", "--out"])
        .arg(out.path())
        .arg(intake("japanese.toml"))
        .assert()
        .code(2);
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains("[client] name") && stderr.contains("(U+682A)"), "{stderr}");
    propose()
        .args(["render", "--format", "pdf", "--no-system-fonts", "--out"])
        .arg(out.path())
        .arg(intake("japanese.toml"))
        .arg("--font")
        .arg(fixture_font(JP))
        .assert()
        .success();
}

#[test]
fn a_file_that_is_not_a_font_is_bad_input_naming_it() {
    let out = tempfile::tempdir().unwrap();
    let licence = fixture_font("OFL-Noto.txt");
    let assert = propose()
        .args(["render", "--format", "pdf", "--out"])
        .arg(out.path())
        .arg(example("fabrikam-advisory.toml"))
        .arg("--font")
        .arg(&licence)
        .assert()
        .code(2);
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains("OFL-Noto.txt") && stderr.contains("is not a TrueType or OpenType font"), "{stderr}");
}

#[test]
fn verify_accepts_the_pdf_and_refuses_one_whose_text_lost_the_client_name() {
    let (p, pdf) = render("japanese.toml", &[JP]);
    let ok = propose::verify::verify("JP.pdf", &pdf, Format::Pdf, &pdf, &p);
    assert!(ok.is_ok(), "{:?}", ok.err());
    // The same bytes against a model whose client the text does not show: as if the
    // renderer had dropped the name, verify must not pass it on the hash alone.
    let mut lost = p.clone();
    lost.client.name = "株式会社さくらペイ東京".into();
    let err = propose::verify::verify("JP.pdf", &pdf, Format::Pdf, &pdf, &lost).expect_err("the name is missing");
    let message = err.to_string();
    assert_eq!(err.exit_code(), 2);
    assert!(message.contains("does not show the client name `株式会社さくらペイ東京`"), "{message}");
}

#[test]
fn the_catalogs_fonts_are_found_relative_to_its_folder() {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(root().join("catalog")).unwrap() {
        let path = entry.unwrap().path();
        if !path.is_file() {
            continue; // the spelling map and calendars in their folders are embedded anyway
        }
        std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
    }
    std::fs::create_dir(dir.path().join("fonts")).unwrap();
    std::fs::copy(fixture_font(JP), dir.path().join("fonts").join(JP)).unwrap();
    let firm = dir.path().join("firm.toml");
    let text = std::fs::read_to_string(&firm).unwrap();
    let with = |fonts: &str| text.replacen("[firm]\n", &format!("[firm]\nfonts = [{fonts}]\n"), 1);
    std::fs::write(&firm, with(&format!("\"fonts/{JP}\""))).unwrap();
    let out = tempfile::tempdir().unwrap();
    let run = || {
        let mut cmd = propose();
        cmd.args(["render", "--format", "pdf", "--no-system-fonts", "--catalog"])
            .arg(dir.path())
            .arg("--out")
            .arg(out.path())
            .arg(intake("japanese.toml"));
        cmd
    };
    run().assert().success();
    let pdf = std::fs::read(out.path().join("JP-2026-001.pdf")).unwrap();
    assert!(squeezed_text(&pdf).contains("株式会社さくらペイ"));

    std::fs::write(&firm, with("\"fonts/missing.otf\"")).unwrap();
    let assert = run().assert().code(2);
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains("missing.otf") && stderr.contains("firm.toml"), "{stderr}");
}
