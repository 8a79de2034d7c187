//! Quoting one intake end to end, in-process: parse, check, price, schedule and assemble the
//! proposal model (`propose::build`). The catalog is loaded once, outside the measurement, as
//! `batch` does. Target: a median of at most 50 µs for `examples/northwind-migration.toml`.
//!
//! `cargo bench --bench quote`

mod common;

use criterion::{criterion_group, criterion_main, Criterion};
use propose::catalog::Catalog;
use std::hint::black_box;

fn quote(c: &mut Criterion) {
    let catalog = Catalog::embedded().expect("the embedded catalog loads");
    let northwind = common::example("northwind-migration.toml");
    c.bench_function("quote northwind-migration", |b| {
        b.iter(|| propose::build(black_box(&northwind), &catalog).expect("the example quotes"))
    });
    // The definition of quoting: parse, check, price, schedule (no proposal model).
    c.bench_function("quote northwind-migration without the model", |b| {
        b.iter(|| {
            let intake = propose::intake::parse(black_box(&northwind), &catalog).unwrap();
            let quote = propose::pricing::quote(&intake, &catalog).unwrap();
            propose::schedule::schedule(&intake, &catalog, &quote).unwrap()
        })
    });
    // The largest example: three engagements, holidays and a discount on everything.
    let litware = common::example("litware-combined.toml");
    c.bench_function("quote litware-combined", |b| {
        b.iter(|| propose::build(black_box(&litware), &catalog).expect("the example quotes"))
    });
    // A country calendar (Kuwait: Friday-Saturday weekend, estimated Eid dates) and a
    // withholding tax; the holiday file is parsed once, in the warm-up.
    let gulf = common::example("gulf-modernization.toml");
    c.bench_function("quote gulf-modernization (country calendar)", |b| {
        b.iter(|| propose::build(black_box(&gulf), &catalog).expect("the example quotes"))
    });
    // A Canadian province's calendar and GST + QST as two tax lines.
    let quebec = common::example("adventure-works-extended.toml");
    c.bench_function("quote adventure-works-extended (CA-QC, two tax lines)", |b| {
        b.iter(|| propose::build(black_box(&quebec), &catalog).expect("the example quotes"))
    });
    // The stages on their own, to see where the time goes.
    let intake = propose::intake::parse(&northwind, &catalog).unwrap();
    let quoted = propose::pricing::quote(&intake, &catalog).unwrap();
    c.bench_function("stage: parse and check", |b| {
        b.iter(|| propose::intake::parse(black_box(&northwind), &catalog).unwrap())
    });
    c.bench_function("stage: price", |b| b.iter(|| propose::pricing::quote(black_box(&intake), &catalog).unwrap()));
    c.bench_function("stage: schedule", |b| {
        b.iter(|| propose::schedule::schedule(black_box(&intake), &catalog, &quoted).unwrap())
    });
    let scheduled = propose::schedule::schedule(&intake, &catalog, &quoted).unwrap();
    c.bench_function("stage: assemble the model", |b| {
        b.iter(|| {
            let (offer, review) =
                propose::proposal::Offer::new(black_box(&intake), &catalog, quoted.clone(), scheduled.clone());
            propose::proposal::Proposal::new(&intake, &catalog, offer, review, Vec::new())
        })
    });
}

criterion_group!(benches, quote);
criterion_main!(benches);
