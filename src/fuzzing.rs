//! The whole pipeline on arbitrary bytes, for the fuzz target (`fuzz/`) and the test that
//! replays its corpus (`tests/it/fuzz_corpus.rs`). Errors are fine; a panic is the bug.

use crate::catalog::Catalog;
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
