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

/// The example at `path` built in `language` (its `language =` line replaced).
#[allow(dead_code)]
pub fn built_in(path: &Path, language: &str) -> propose::proposal::Proposal {
    let source = std::fs::read_to_string(path).unwrap();
    let text: String = source.lines().filter(|l| !l.starts_with("language = ")).map(|l| format!("{l}\n")).collect();
    let text = text.replacen("[proposal]\n", &format!("[proposal]\nlanguage = \"{language}\"\n"), 1);
    propose::build(&propose::diag::Source::new(shown(path).as_str(), text), catalog()).unwrap()
}

/// A renderer for PDFs (and Markdown) on `paper`.
#[allow(dead_code)]
pub fn pdf_renderer(paper: Paper) -> Renderer {
    let settings =
        Settings { formats: vec![Format::Md, Format::Pdf], paper, creator: "propose".into(), ..Settings::default() };
    Renderer::new(&settings).expect("the renderer sets up")
}

/// Whether `line` is `title` after a section number (`14 Acceptance`, `2.1 Pilot`), as the
/// rendered Markdown and the PDF write a numbered heading's text.
#[allow(dead_code)]
pub fn numbered_as(line: &str, title: &str) -> bool {
    line.split_once(' ').is_some_and(|(n, t)| {
        t.starts_with(title)
            && n.starts_with(|c: char| c.is_ascii_digit())
            && n.chars().all(|c| c.is_ascii_digit() || c == '.')
    })
}

/// The byte offset in `md` of the numbered heading `hashes` (`##`) whose text after its
/// number starts with `title`.
#[allow(dead_code)]
pub fn find_heading(md: &str, hashes: &str, title: &str) -> Option<usize> {
    let mut at = 0;
    for line in md.split_inclusive('\n') {
        let text = line.trim_end().strip_prefix(hashes).and_then(|r| r.strip_prefix(' '));
        if text.is_some_and(|t| numbered_as(t, title)) {
            return Some(at);
        }
        at += line.len();
    }
    None
}
