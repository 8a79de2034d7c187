//! Rendering one proposal to Markdown, in-process: the templates are compiled once
//! (`Markdown::new`) and the proposal model is built once, outside the measurement, so this
//! times `Markdown::render` alone (template data, handlebars, tidying). Target: a median of
//! at most 200 µs for `examples/northwind-migration.toml`.
//!
//! `cargo bench --bench markdown`

use criterion::{criterion_group, criterion_main, Criterion};
use propose::catalog::Catalog;
use propose::diag::Source;
use propose::proposal::Proposal;
use propose::render::markdown::Markdown;
use std::hint::black_box;

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
    let dir = std::env::temp_dir().join("md-inline-exp");
    std::fs::create_dir_all(&dir).unwrap();
    let main = std::fs::read_to_string("proposal-templates/proposal.md.hbs").unwrap();
    let mut inlined = String::new();
    for line in main.lines() {
        if let Some(name) = line.strip_prefix("{{> ").and_then(|l| l.strip_suffix("}}")) {
            inlined += &std::fs::read_to_string(format!("proposal-templates/{name}.md.hbs")).unwrap();
        }
    }
    std::fs::write(dir.join("proposal.md.hbs"), inlined).unwrap();
    let inline = Markdown::new(Some(&dir)).unwrap();
    c.bench_function("exp inline", |b| b.iter(|| inline.render(black_box(&northwind)).unwrap()));
    c.bench_function("exp context", |b| b.iter(|| propose::render::markdown::context::build(black_box(&northwind)).unwrap()));
    c.bench_function("exp to_value", |b| b.iter(|| serde_json::to_value(black_box(&northwind)).unwrap()));
    let v = serde_json::to_value(&northwind).unwrap();
    c.bench_function("exp clone", |b| b.iter(|| black_box(&v).clone()));
    {
        use handlebars::Handlebars;
        let mut hb = Handlebars::new();
        hb.set_strict_mode(true);
        let data = serde_json::json!({"a": {"b": "hello world"}, "list": (0..100).map(|i| serde_json::json!({"name": format!("item {i}"), "x": i})).collect::<Vec<_>>()});
        hb.register_template_string("plain", "{{#each list}}{{name}} {{name}} {{name}} {{name}} {{name}} {{name}} {{name}}\n{{/each}}").unwrap();
        hb.register_template_string("root", "{{#each list}}{{@root.a.b}} {{@root.a.b}} {{@root.a.b}} {{@root.a.b}} {{@root.a.b}} {{@root.a.b}} {{@root.a.b}}\n{{/each}}").unwrap();
        hb.register_template_string("ifs", "{{#each list}}{{#if name}}x{{/if}}{{#if name}}x{{/if}}{{#if name}}x{{/if}}{{#if name}}x{{/if}}{{#if name}}x{{/if}}{{#if name}}x{{/if}}{{#if name}}x{{/if}}\n{{/each}}").unwrap();
        let ctx = handlebars::Context::from(data);
        for t in ["plain", "root", "ifs"] {
            c.bench_function(&format!("exp hb {t} x700"), |b| b.iter(|| hb.render_with_context(t, black_box(&ctx)).unwrap()));
        }
    }
    {
        let ctx = handlebars::Context::from(propose::render::markdown::context::build(&northwind).unwrap());
        for name in ["cover", "summary", "engagements", "why-us", "scope", "timeline", "milestones", "pricing", "sla", "communication", "expectations", "assumptions", "terms", "next-steps", "acceptance"] {
            c.bench_function(&format!("exp section {name}"), |b| b.iter(|| markdown.exp_section(name, black_box(&ctx))));
        }
    }
    // Compiling the templates, which a run does once, for comparison.
    c.bench_function("compile templates", |b| b.iter(|| Markdown::new(black_box(None)).unwrap()));
}

criterion_group!(benches, markdown);
criterion_main!(benches);
