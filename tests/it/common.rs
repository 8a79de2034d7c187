//! What the tests share: the repository root, the examples, the embedded catalog and the
//! binary, run from the repository root with colour off.

use assert_cmd::Command;
use propose::catalog::Catalog;
use propose::render::{Format, Paper, Renderer, Settings};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every intake in `examples/`, sorted.
pub fn examples() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("examples"))
        .expect("examples/ is readable")
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no examples found");
    files
}

/// The example intake `name` (`northwind-migration.toml`).
pub fn example(name: &str) -> PathBuf {
    root().join("examples").join(name)
}

/// The embedded catalog, loaded once.
pub fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| Catalog::embedded().expect("the embedded catalog loads"))
}

/// The binary, run from the repository root, without colour.
pub fn propose() -> Command {
    let mut cmd = Command::cargo_bin("propose").expect("the binary builds");
    cmd.current_dir(root()).env("NO_COLOR", "1");
    cmd
}

/// `path` relative to the repository root, for messages.
#[allow(dead_code)]
pub fn shown(path: &Path) -> String {
    path.strip_prefix(root()).unwrap_or(path).display().to_string()
}

/// A renderer for PDFs (and Markdown) on `paper`.
#[allow(dead_code)]
pub fn pdf_renderer(paper: Paper) -> Renderer {
    let settings =
        Settings { formats: vec![Format::Md, Format::Pdf], paper, creator: "propose".into(), ..Settings::default() };
    Renderer::new(&settings).expect("the renderer sets up")
}
