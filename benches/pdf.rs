//! Rendering proposals to PDF in-process. The proposal model and its Markdown are built once,
//! outside the measurement, and so is `Pdf` (fonts parsed, base subsets built on the first
//! document), so this times `Pdf::render` alone: Markdown events, layout, pagination, printpdf
//! and the finished file. Target: a median of at most 5 ms for a 4–6 page proposal.
//!
//! `cargo bench --bench pdf`

mod common;

use criterion::{criterion_group, criterion_main, Criterion};
use propose::catalog::Catalog;
use propose::render::markdown::Markdown;
use propose::render::pdf::Pdf;
use propose::render::Paper;
use std::hint::black_box;

fn pdf(c: &mut Criterion) {
    let catalog = Catalog::embedded().expect("the embedded catalog loads");
    let markdown = Markdown::new(None).expect("the embedded templates compile");
    let pdf = Pdf::new(Paper::A4, "propose", &Default::default()).expect("the fonts load");
    for name in ["fabrikam-advisory.toml", "northwind-migration.toml", "litware-combined.toml"] {
        let p = common::proposal(name, &catalog);
        let md = markdown.render(&p).expect("the example renders");
        let bytes = pdf.render(&p, &md).expect("the example renders to PDF");
        let pages = lopdf::Document::load_mem(&bytes).expect("the PDF parses").get_pages().len();
        eprintln!("{name}: {} bytes, {pages} pages", bytes.len());
        c.bench_function(&format!("pdf {}", name.trim_end_matches(".toml")), |b| {
            b.iter(|| pdf.render(black_box(&p), black_box(&md)).expect("the example renders"))
        });
    }
    // The per-run setup, for comparison: the font tables read and a thread started that
    // builds the regular and bold subsets (measured until `new` returns, not the thread).
    c.bench_function("pdf setup", |b| {
        b.iter(|| Pdf::new(black_box(Paper::A4), "propose", &Default::default()).unwrap())
    });
}

criterion_group!(benches, pdf);
criterion_main!(benches);
