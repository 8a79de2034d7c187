//! Rendering one proposal to Markdown, in-process: the templates are compiled once
//! (`Markdown::new`) and the proposal model is built once, outside the measurement, so this
//! times `Markdown::render` alone (template data, handlebars, tidying). Target: a median of
//! at most 200 µs for `examples/northwind-migration.toml`. It runs with the binary's allocator
//! (mimalloc), as `propose` does.
//!
//! `cargo bench --bench markdown`

mod common;

use criterion::{criterion_group, criterion_main, Criterion};
use propose::catalog::Catalog;
use propose::render::markdown::Markdown;
use std::hint::black_box;

fn markdown(c: &mut Criterion) {
    let catalog = Catalog::embedded().expect("the embedded catalog loads");
    let markdown = Markdown::new(None).expect("the embedded templates compile");
    let northwind = common::proposal("northwind-migration.toml", &catalog);
    c.bench_function("markdown northwind-migration", |b| {
        b.iter(|| markdown.render(black_box(&northwind)).expect("the example renders"))
    });
    // The largest example: three engagements, so the most phases, milestones and rows.
    let litware = common::proposal("litware-combined.toml", &catalog);
    c.bench_function("markdown litware-combined", |b| {
        b.iter(|| markdown.render(black_box(&litware)).expect("the example renders"))
    });
    // Compiling the templates, which a run does once, for comparison.
    c.bench_function("compile templates", |b| b.iter(|| Markdown::new(black_box(None)).unwrap()));
}

criterion_group!(benches, markdown);
criterion_main!(benches);
