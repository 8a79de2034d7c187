//! The whole pipeline on arbitrary bytes, for the fuzz targets (`fuzz/`) and the test that
//! replays their corpora (`tests/it/fuzz_corpus.rs`): intakes, catalog files and templates,
//! and files given to `verify`. Errors are fine; a panic is the bug.

use crate::catalog::{Catalog, ModelKind, FILES};
use crate::proposal::Proposal;
use crate::render::{Format, Renderer, Settings};
use std::path::Path;
use std::sync::OnceLock;

/// Runs bytes as an intake through every stage, rendering what builds.
pub fn run(data: &[u8]) {
    static SETUP: OnceLock<Option<(Catalog, Renderer)>> = OnceLock::new();
    let Some((catalog, renderer)) = SETUP.get_or_init(|| {
        let settings = Settings { formats: vec![Format::Md, Format::Json, Format::Pdf], ..Settings::default() };
        Some((Catalog::embedded().ok()?, Renderer::new(&settings).ok()?))
    }) else {
        return;
    };
    let Ok(source) = crate::intake::source_from_bytes("fuzz.toml".into(), data.to_vec()) else { return };
    let Ok(mut p) = crate::build(&source, catalog) else { return };
    p.seal();
    let _ = renderer.render_all(&p);
    let _ = crate::render::text::render(&p, true);
}

/// Prefix that makes [`verify`] append the rest of its input to the proposal's own PDF, so
/// the fuzzer reaches the incremental-update checks without guessing 90 KB of PDF first.
pub const APPEND: &[u8] = b"%%+";

/// Verifies bytes as a rendered file against `examples/northwind-migration.toml`, rendered
/// once in every format; input starting with [`APPEND`] is appended to its PDF.
pub fn verify(data: &[u8]) {
    type Rendered = (Proposal, Vec<(Format, Vec<u8>)>);
    static SETUP: OnceLock<Option<Rendered>> = OnceLock::new();
    let Some((p, files)) = SETUP.get_or_init(|| {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/northwind-migration.toml");
        let source = crate::intake::read(&path).ok()?;
        let mut p = crate::build(&source, &Catalog::embedded().ok()?).ok()?;
        p.seal();
        let settings = Settings { formats: vec![Format::Md, Format::Json, Format::Pdf], ..Settings::default() };
        let files = Renderer::new(&settings).ok()?.render_all(&p).ok()?;
        Some((p, files))
    }) else {
        return;
    };
    let expected = |format: Format| files.iter().find(|(f, _)| *f == format).map_or(&[][..], |(_, b)| b);
    let found = match data.strip_prefix(APPEND) {
        Some(rest) => [expected(Format::Pdf), rest].concat(),
        None => data.to_vec(),
    };
    let format = crate::verify::detect(Path::new("fuzz"), &found);
    let _ = crate::verify::verify("fuzz", &found, format, expected(format), p);
}

/// Runs bytes as overrides of catalog files and templates, then quotes and renders an intake
/// of every engagement model (as `propose init` writes it for that catalog) with them.
///
/// The bytes are chunks split at `0xFF` (never in UTF-8 text): each chunk's first byte picks
/// the file it replaces (a catalog file, or a template), the rest is its text.
pub fn run_overrides(data: &[u8]) {
    let templates = crate::embedded::template_files();
    let (mut catalog_files, mut template_files) = (Vec::new(), Vec::new());
    for chunk in data.split(|b| *b == 0xFF).take(4) {
        let Some((pick, text)) = chunk.split_first() else { continue };
        let Ok(text) = std::str::from_utf8(text) else { continue };
        let pick = usize::from(*pick) % (FILES.len() + templates.len());
        match pick.checked_sub(FILES.len()) {
            None => catalog_files.push((FILES[pick], text)),
            Some(t) => template_files.push((templates[t].0, text)),
        }
    }
    // A pricing.toml given alone would have no rates (a folder's pricing.toml takes them from
    // the folder's rates.csv): give it the embedded ones, so its other values are exercised.
    if catalog_files.iter().any(|(n, _)| *n == "pricing.toml") {
        catalog_files
            .push((crate::catalog::rates::FILE, crate::embedded::catalog_file("rates.csv").unwrap_or_default()));
    }
    let Ok(catalog) = Catalog::from_texts(&catalog_files) else { return };
    let Ok(markdown) = crate::render::markdown::Markdown::from_texts(&template_files) else { return };
    static RENDERER: OnceLock<Option<Renderer>> = OnceLock::new();
    let renderer = RENDERER.get_or_init(|| {
        Renderer::new(&Settings { formats: vec![Format::Json, Format::Pdf], ..Settings::default() }).ok()
    });
    let date = chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap_or_default();
    for (_, model) in ModelKind::ALL {
        let text = crate::init::intake(&catalog, model, "Fuzz Corp", date);
        let source = crate::diag::Source::new("fuzz.toml", text);
        let Ok(mut p) = crate::build(&source, &catalog) else { continue };
        p.seal();
        let _ = markdown.render(&p);
        if let Some(renderer) = renderer {
            let _ = renderer.render_all(&p);
        }
        let _ = crate::render::text::render(&p, true);
    }
}
