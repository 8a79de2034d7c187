//! The whole pipeline on arbitrary bytes, for the fuzz target (`fuzz/`) and the test that
//! replays its corpora (`tests/it/fuzz_corpus.rs`): intakes, and catalog files and templates.
//! Errors are fine; a panic is the bug.

use crate::catalog::{Catalog, ModelKind, FILES};
use crate::render::{Format, Renderer, Settings};
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
