//! Where a batch scenario's time goes, in process: making the scenario's text (splicing
//! `--vary` values, or applying a `--set` through toml_edit) and pricing it (`build`).
//! A plain timing harness; `scripts/bench-batch.sh` measures the whole process.
//!
//! Run with `cargo bench --bench batch`.

mod common;

use propose::batch::{Matrix, Vary};
use propose::catalog::Catalog;
use propose::diag::Source;
use propose::intake::set;
use std::hint::black_box;

use std::time::Instant;

fn time(label: &str, runs: u32, mut f: impl FnMut()) {
    f();
    let start = Instant::now();
    for _ in 0..runs {
        f();
    }
    let each = start.elapsed() / runs;
    println!("{label:<48} {:>9.1} µs", each.as_secs_f64() * 1e6);
}

fn main() {
    let catalog = Catalog::embedded().expect("embedded catalog");
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/examples");
    let mut examples: Vec<_> = std::fs::read_dir(root)
        .expect("examples/")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    examples.sort();
    let sources: Vec<Source> = examples.iter().map(|p| propose::intake::read(p).expect("example")).collect();

    time("catalog: load the embedded catalog", 20, || {
        black_box(Catalog::embedded().unwrap());
    });
    time("build: every example once (average)", 50, || {
        for s in &sources {
            black_box(propose::build(s, &catalog).ok());
        }
    });
    let acme = propose::intake::read(&std::path::Path::new(root).join("acme-managed.toml")).expect("acme");
    time("build: acme-managed", 2000, || {
        black_box(propose::build(&acme, &catalog).unwrap());
    });
    let sets = ["engagement[0].inventory.servers=80".to_string()];
    time("--set: one value through toml_edit", 2000, || {
        black_box(set::apply(&acme, &sets).unwrap());
    });
    let servers: Vec<String> = (1..=100).map(|n| n.to_string()).collect();
    let varies = vec![
        Vary::parse(&format!("engagement[0].inventory.servers={}", servers.join(","))).unwrap(),
        Vary::parse(&format!("engagement[0].months={}", servers.join(","))).unwrap(),
    ];
    let matrix = Matrix::new(varies).unwrap();
    let (base, plan) = matrix.plan(acme.clone()).unwrap();
    let mut m = 0;
    time("--vary: splice one scenario's text", 20000, || {
        m = (m + 1) % matrix.len();
        black_box(matrix.scenario(&base, &plan, m).unwrap());
    });
    time("--vary: splice and build one scenario", 2000, || {
        m = (m + 1) % matrix.len();
        black_box(propose::build(&matrix.scenario(&base, &plan, m).unwrap(), &catalog).unwrap());
    });
    let settings = propose::render::Settings { formats: vec![propose::render::Format::Md], ..Default::default() };
    let renderer = propose::render::Renderer::new(&settings).expect("renderer");
    let p = propose::build(&acme, &catalog).unwrap();
    time("render: acme-managed as Markdown", 200, || {
        black_box(renderer.render(&p, propose::render::Format::Md).unwrap());
    });
    let dir = std::env::temp_dir().join(format!("propose-bench-batch-{}", std::process::id()));
    time("render: write one Markdown file (atomic, synced)", 200, || {
        let files = [("md", renderer.render(&p, propose::render::Format::Md).unwrap())];
        black_box(propose::output::write_set(&dir, "acme", &files, propose::output::Durability::Sync).unwrap());
    });
    let _ = std::fs::remove_dir_all(&dir);
}
