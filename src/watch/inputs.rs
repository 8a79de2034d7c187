//! The files a watch renders from and the folders watched for them. Folders, not files:
//! an editor that saves by writing a new file and renaming it over the old one replaces the
//! file a watch on it would follow, while its folder stays.

use crate::diag::{Diagnostic, Error, Location, Result};
use std::path::{Path, PathBuf};

/// Which of a render's inputs changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Changed {
    /// The intake file.
    pub intake: bool,
    /// A file in `--templates`: the templates are compiled again.
    pub templates: bool,
    /// A file in `--catalog`, or the `--rates` file: the catalog is loaded again.
    pub catalog: bool,
}

impl Changed {
    /// Everything: the first render.
    pub const ALL: Changed = Changed { intake: true, templates: true, catalog: true };

    pub fn any(self) -> bool {
        self.intake || self.templates || self.catalog
    }

    /// Both changes.
    pub fn or(self, other: Changed) -> Changed {
        Changed {
            intake: self.intake || other.intake,
            templates: self.templates || other.templates,
            catalog: self.catalog || other.catalog,
        }
    }
}

/// The watched inputs, each as an absolute path through its folder's canonical path (the
/// form file events name them in, since the folders are watched by those paths).
#[derive(Debug, Clone)]
pub struct Inputs {
    intake: PathBuf,
    templates: Option<PathBuf>,
    catalog: Option<PathBuf>,
    rates: Option<PathBuf>,
    /// The output folder: what a render writes there never calls for another render, even
    /// inside a watched folder.
    out: PathBuf,
}

impl Inputs {
    /// Checks that the intake and rates are files and the folders are folders, so a typo is
    /// an error at the start rather than a watch that never fires. Creates `out` when missing,
    /// once the inputs are known good.
    pub fn new(
        intake: &Path,
        templates: Option<&Path>,
        catalog: Option<&Path>,
        rates: Option<&Path>,
        out: &Path,
    ) -> Result<Inputs> {
        let folder = |dir: &Path, flag: &str| -> Result<PathBuf> {
            match std::fs::canonicalize(dir) {
                Ok(d) if d.is_dir() => Ok(d),
                _ => Err(Diagnostic::new(format!("`{flag}` names `{}`, which is not a folder", dir.display()))
                    .at(Location::file(dir.display().to_string()))
                    .help(format!("give `{flag}` an existing folder"))
                    .into()),
            }
        };
        let intake = file(intake, "the intake")?;
        let templates = templates.map(|d| folder(d, "--templates")).transpose()?;
        let catalog = catalog.map(|d| folder(d, "--catalog")).transpose()?;
        let rates = rates.map(|f| file(f, "the `--rates` file")).transpose()?;
        std::fs::create_dir_all(out).map_err(|source| Error::Write { path: out.to_path_buf(), source })?;
        Ok(Inputs { intake, templates, catalog, rates, out: folder(out, "--out")? })
    }

    /// The folders to watch, and whether to watch each with its subfolders (a catalog's
    /// translations and spelling map live in subfolders).
    pub fn folders(&self) -> Vec<(PathBuf, bool)> {
        let mut folders: Vec<(PathBuf, bool)> = Vec::new();
        let mut add = |dir: &Path, recursive: bool| match folders.iter_mut().find(|(d, _)| d == dir) {
            Some(entry) => entry.1 |= recursive,
            None => folders.push((dir.to_path_buf(), recursive)),
        };
        for file in std::iter::once(&self.intake).chain(&self.rates) {
            if let Some(dir) = file.parent() {
                add(dir, false);
            }
        }
        if let Some(dir) = &self.templates {
            add(dir, false);
        }
        if let Some(dir) = &self.catalog {
            add(dir, true);
        }
        folders
    }

    /// What a change to `path` means. Hidden files (an editor's swap and backup files, the
    /// temporary files a render writes) never count, as the template and catalog loaders
    /// skip or never read them.
    pub fn classify(&self, path: &Path) -> Changed {
        if path.starts_with(&self.out) {
            return Changed::default();
        }
        let mut changed = Changed { intake: path == self.intake, ..Changed::default() };
        if self.rates.as_deref() == Some(path) {
            changed.catalog = true;
        }
        let shown = |rel: &Path| rel.components().all(|c| !c.as_os_str().to_string_lossy().starts_with('.'));
        if let Some(dir) = &self.templates {
            if path.parent() == Some(dir.as_path()) && path.strip_prefix(dir).is_ok_and(shown) {
                changed.templates = true;
            }
        }
        if let Some(dir) = &self.catalog {
            if path.strip_prefix(dir).is_ok_and(|rel| !rel.as_os_str().is_empty() && shown(rel)) {
                changed.catalog = true;
            }
        }
        changed
    }
}

/// `path` as its folder's canonical path and its own name: the file itself may be missing
/// for a moment while an editor replaces it, its folder may not.
fn file(path: &Path, what: &str) -> Result<PathBuf> {
    let missing = || -> crate::diag::Error {
        Diagnostic::new(format!("{what} `{}` is not a file", path.display()))
            .at(Location::file(path.display().to_string()))
            .help("check the path: `propose watch` follows an existing file (`propose init` writes a new intake)")
            .into()
    };
    if !path.is_file() {
        return Err(missing());
    }
    let name = path.file_name().ok_or_else(missing)?;
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    Ok(std::fs::canonicalize(parent).map_err(|_| missing())?.join(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_counts_for_the_input_it_names_and_hidden_files_never_do() {
        let dir = tempfile::tempdir().unwrap();
        let root = std::fs::canonicalize(dir.path()).unwrap();
        std::fs::write(root.join("a.toml"), "").unwrap();
        for sub in ["tpl", "cat", "cat/lang"] {
            std::fs::create_dir(root.join(sub)).unwrap();
        }
        let (tpl, cat) = (root.join("tpl"), root.join("cat"));
        let inputs = Inputs::new(&root.join("a.toml"), Some(&tpl), Some(&cat), None, &cat.join("out")).unwrap();
        assert_eq!(inputs.classify(&root.join("a.toml")), Changed { intake: true, ..Changed::default() });
        assert!(!inputs.classify(&root.join("b.toml")).any());
        assert!(!inputs.classify(&root.join(".a.toml.swp")).any());
        assert!(inputs.classify(&root.join("tpl/cover.md.hbs")).templates);
        assert!(!inputs.classify(&root.join("tpl/.cover.md.hbs.swp")).any());
        assert!(inputs.classify(&root.join("cat/lang/de/firm.toml")).catalog);
        assert!(!inputs.classify(&root.join("cat/.git/index")).any());
        assert!(!inputs.classify(&root.join("cat")).any(), "the folder itself is no catalog file");
        assert!(!inputs.classify(&root.join("cat/out/CD-1.md")).any(), "a render's own output");
        let folders = inputs.folders();
        assert_eq!(folders, [(root.clone(), false), (root.join("tpl"), false), (root.join("cat"), true)]);
    }

    #[test]
    fn a_missing_intake_or_folder_is_an_error_at_the_start() {
        let dir = tempfile::tempdir().unwrap();
        let out = &dir.path().join("out");
        let err = Inputs::new(&dir.path().join("none.toml"), None, None, None, out).unwrap_err();
        assert!(err.to_string().contains("is not a file"), "{err}");
        assert!(!dir.path().join("out").exists(), "no output folder for a watch that cannot start");
        std::fs::write(dir.path().join("a.toml"), "").unwrap();
        let err = Inputs::new(&dir.path().join("a.toml"), Some(&dir.path().join("tpl")), None, None, out).unwrap_err();
        assert!(err.to_string().contains("`--templates` names"), "{err}");
    }
}
