//! Rendering one proposal to Markdown, in-process: the templates are compiled once
//! (`Markdown::new`) and the proposal model is built once, outside the measurement, so this
//! times `Markdown::render` alone (template data, handlebars, tidying). Target: a median of
//! at most 200 µs for `examples/northwind-migration.toml`. It runs with the binary's allocator
//! (mimalloc), as `propose` does.
//!
//! `cargo bench --bench markdown`

use criterion::{criterion_group, criterion_main, Criterion};
use propose::catalog::Catalog;
use propose::diag::Source;
use propose::proposal::Proposal;
use propose::render::markdown::Markdown;
use std::hint::black_box;

/// The binary's allocator, so the figure is the one a run sees (see `src/main.rs`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn proposal(name: &str, catalog: &Catalog) -> Proposal {
    let path = format!("{}/examples/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
    propose::build(&Source::new(format!("examples/{name}"), text), catalog).expect("the example quotes")
}

fn markdown(c: &mut Criterion) {
    let catalog = Catalog::embedded().expect("the embedded catalog loads");
    let markdown = Markdown::new(None).expect("the embedded templates compile");
    let northwind = proposal("northwind-migration.toml", &catalog);
    c.bench_function("markdown northwind-migration", |b| {
        b.iter(|| markdown.render(black_box(&northwind)).expect("the example renders"))
    });
    // The largest example: three engagements, so the most phases, milestones and rows.
    let litware = proposal("litware-combined.toml", &catalog);
    c.bench_function("markdown litware-combined", |b| {
        b.iter(|| markdown.render(black_box(&litware)).expect("the example renders"))
    });
    // Compiling the templates, which a run does once, for comparison.
    c.bench_function("compile templates", |b| b.iter(|| Markdown::new(black_box(None)).unwrap()));
}

criterion_group!(benches, markdown);
criterion_main!(benches);
