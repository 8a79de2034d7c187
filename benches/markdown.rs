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
use propose::money::Locale;
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
    // Respelling for en-GB every text of the largest example's model (its catalog texts and,
    // as an upper bound, the intake's too): target well under 0.1 ms. From the second
    // iteration on, every text is found in the respelling memo (`spelling::MEMO_BYTES`), as in
    // a batch or a watch: this measures looking texts up, not scanning them.
    let mut texts = Vec::new();
    strings(&serde_json::to_value(&litware).expect("the model serialises"), &mut texts);
    let gb = Locale::from_tag("en-GB").expect("en-GB is shipped");
    c.bench_function("respell litware texts en-GB", |b| {
        b.iter(|| texts.iter().map(|t| propose::spelling::respell(black_box(t), gb).len()).sum::<usize>())
    });
    // Compiling the templates, which a run does once, for comparison.
    c.bench_function("compile templates", |b| b.iter(|| Markdown::new(black_box(None)).unwrap()));
}

/// Every string in a JSON value.
fn strings(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
        serde_json::Value::Object(m) => m.values().for_each(|x| strings(x, out)),
        _ => {}
    }
}

criterion_group!(benches, markdown);
criterion_main!(benches);
