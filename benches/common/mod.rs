//! What the benches share: the binary's allocator, so each figure is the one a run sees (see
//! `src/main.rs`), and the example intakes.

// Each bench uses its own part of this module.
#![allow(dead_code)]

use propose::catalog::Catalog;
use propose::diag::Source;
use propose::proposal::Proposal;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `examples/<name>` as a source.
pub fn example(name: &str) -> Source {
    let path = format!("{}/examples/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
    Source::new(format!("examples/{name}"), text)
}

/// `examples/<name>`, quoted.
pub fn proposal(name: &str, catalog: &Catalog) -> Proposal {
    propose::build(&example(name), catalog).expect("the example quotes")
}
