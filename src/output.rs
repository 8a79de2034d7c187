//! Writing output files: one proposal's set of files (Markdown, PDF, JSON) replaces the old
//! set whole or not at all, for `render` and `batch --render` alike.
//!
//! Each file is first written to a temporary file beside its target, created exclusively
//! under a name nobody can predict (so a link planted in the output folder cannot redirect
//! the write), then renamed over the target once every file of the set is written. A failed
//! or killed run leaves no partial file and never replaces a good one. A lock on the output
//! folder keeps two concurrent runs writing into it from interleaving their sets.

use crate::diag::{Error, Result};
use std::fs::{File, OpenOptions};
use std::hash::{BuildHasher, Hasher};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Whether each file is flushed to the disk before it is renamed into place. `render` syncs;
/// `batch` does not (a millisecond per file is most of a large batch's time).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Durability {
    Sync,
    NoSync,
}

/// Writes one set of files into `dir` (created if missing) under `stem` and the extension
/// each file gives: all of them, or none. Returns the paths written, in order.
pub fn write_set(dir: &Path, stem: &str, files: &[(&str, Vec<u8>)], durability: Durability) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir).map_err(|source| Error::Write { path: dir.to_path_buf(), source })?;
    let _lock = Lock::take(dir)?;
    let mut staged: Vec<(PathBuf, PathBuf)> = Vec::with_capacity(files.len());
    let result = (|| {
        for (extension, bytes) in files {
            let target = dir.join(format!("{stem}.{extension}"));
            let tmp = temporary(&target, bytes, durability)?;
            staged.push((tmp, target));
        }
        // A folder under a target's name would fail its rename after the earlier files were
        // replaced, leaving a mixed set: refuse before replacing any. A file or a link there
        // is replaced itself (a rename never follows a link).
        for (_, target) in &staged {
            if std::fs::symlink_metadata(target).is_ok_and(|m| m.is_dir()) {
                let source = std::io::Error::new(std::io::ErrorKind::IsADirectory, "a folder has this name");
                return Err(Error::Write { path: target.clone(), source });
            }
        }
        for (tmp, target) in &staged {
            std::fs::rename(tmp, target).map_err(|source| Error::Write { path: target.clone(), source })?;
        }
        Ok(staged.iter().map(|(_, target)| target.clone()).collect())
    })();
    if result.is_err() {
        for (tmp, _) in &staged {
            let _ = std::fs::remove_file(tmp);
        }
    }
    result
}

/// Writes one file atomically (an intake written by `init`).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = temporary(path, bytes, Durability::Sync)?;
    std::fs::rename(&tmp, path).map_err(|source| {
        let _ = std::fs::remove_file(&tmp);
        Error::Write { path: path.to_path_buf(), source }
    })
}

/// A new file beside `target` holding `bytes`, created exclusively under a random name.
fn temporary(target: &Path, bytes: &[u8], durability: Durability) -> Result<PathBuf> {
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let fail = |source| Error::Write { path: target.to_path_buf(), source };
    let (tmp, mut file) = create_unique(dir, &format!(".{name}"), ".tmp").map_err(fail)?;
    let written = file.write_all(bytes).and_then(|()| match durability {
        Durability::Sync => file.sync_all(),
        Durability::NoSync => Ok(()),
    });
    if let Err(source) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(fail(source));
    }
    Ok(tmp)
}

/// Creates `<dir>/<prefix>.<random><suffix>` that did not exist before (`create_new`, so an
/// existing file or link by that name is never opened).
fn create_unique(dir: &Path, prefix: &str, suffix: &str) -> std::io::Result<(PathBuf, File)> {
    create_first_new(dir, (0..16).map(|_| format!("{prefix}.{:016x}{suffix}", random())))
}

/// Creates the first of `names` in `dir` that does not exist yet, never opening one that
/// does (a file, or a link to anywhere).
fn create_first_new(dir: &Path, names: impl Iterator<Item = String>) -> std::io::Result<(PathBuf, File)> {
    let mut last = None;
    for name in names {
        let path = dir.join(name);
        match OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(f) => return Ok((path, f)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| std::io::Error::other("no free temporary name")))
}

/// 64 unpredictable bits: std's hasher keys are drawn from the OS's random source once per
/// process; the counter and the clock make each call differ.
fn random() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    h.write_u128(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos()));
    h.write_u32(std::process::id());
    h.finish()
}

/// An exclusive lock on the output folder, held while a set is written and released when
/// dropped. On Unix the folder itself is locked, so nothing is left in it; elsewhere a
/// `.propose.lock` file stands in for it (removing it would race with the next writer).
struct Lock(File);

impl Lock {
    fn take(dir: &Path) -> Result<Lock> {
        let fail = |source| Error::Write { path: dir.to_path_buf(), source };
        #[cfg(unix)]
        let file = File::open(dir).map_err(fail)?;
        #[cfg(not(unix))]
        let file = OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(false)
            .open(dir.join(".propose.lock"))
            .map_err(fail)?;
        file.lock().map_err(fail)?;
        Ok(Lock(file))
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = self.0.unlock();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> =
            std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        names
    }

    #[test]
    fn replaces_whole_file_and_leaves_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.md");
        write_atomic(&path, b"first").unwrap();
        write_atomic(&path, b"second").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second");
        assert_eq!(entries(dir.path()), ["p.md"]);
    }

    #[test]
    fn writes_a_set_and_leaves_only_its_files() {
        let dir = tempfile::tempdir().unwrap();
        let files = [("md", b"# P".to_vec()), ("json", b"{}".to_vec())];
        let written = write_set(dir.path(), "CD-1", &files, Durability::NoSync).unwrap();
        assert_eq!(written, [dir.path().join("CD-1.md"), dir.path().join("CD-1.json")]);
        assert_eq!(entries(dir.path()), ["CD-1.json", "CD-1.md"]);
    }

    #[test]
    fn a_folder_under_one_name_fails_the_set_before_any_file_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let old = [("md", b"old".to_vec()), ("pdf", b"old".to_vec())];
        write_set(dir.path(), "CD-1", &old, Durability::NoSync).unwrap();
        std::fs::create_dir(dir.path().join("CD-1.json")).unwrap();
        let new = [("md", b"new".to_vec()), ("pdf", b"new".to_vec()), ("json", b"new".to_vec())];
        let err = write_set(dir.path(), "CD-1", &new, Durability::NoSync).unwrap_err();
        assert!(err.to_string().contains("CD-1.json"), "{err}");
        assert_eq!(std::fs::read(dir.path().join("CD-1.md")).unwrap(), b"old");
        assert_eq!(std::fs::read(dir.path().join("CD-1.pdf")).unwrap(), b"old");
        assert_eq!(entries(dir.path()), ["CD-1.json", "CD-1.md", "CD-1.pdf"], "no temporary is left");
    }

    #[test]
    fn concurrent_sets_into_one_folder_are_never_mixed() {
        let dir = tempfile::tempdir().unwrap();
        for round in 0..100 {
            let barrier = std::sync::Barrier::new(4);
            std::thread::scope(|s| {
                for writer in 0..4u8 {
                    let (dir, barrier) = (dir.path(), &barrier);
                    s.spawn(move || {
                        let files: Vec<(&str, Vec<u8>)> =
                            ["md", "pdf", "json"].into_iter().map(|e| (e, vec![writer; 4096])).collect();
                        barrier.wait();
                        write_set(dir, "CD-1", &files, Durability::NoSync).unwrap();
                    });
                }
            });
            let read = |e: &str| std::fs::read(dir.path().join(format!("CD-1.{e}"))).unwrap();
            assert_eq!(read("md"), read("pdf"), "round {round}");
            assert_eq!(read("md"), read("json"), "round {round}");
        }
        assert_eq!(entries(dir.path()).len(), 3);
    }

    #[cfg(unix)]
    #[test]
    fn a_link_under_a_temporary_name_is_never_opened() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let victim = outside.path().join("victim");
        std::fs::write(&victim, b"keep").unwrap();
        std::os::unix::fs::symlink(&victim, dir.path().join("taken")).unwrap();
        std::os::unix::fs::symlink(outside.path().join("absent"), dir.path().join("dangling")).unwrap();
        let names = ["taken", "dangling", "free"].into_iter().map(String::from);
        let (path, mut file) = create_first_new(dir.path(), names).unwrap();
        assert_eq!(path, dir.path().join("free"));
        file.write_all(b"new").unwrap();
        assert_eq!(std::fs::read(&victim).unwrap(), b"keep");
        assert!(!outside.path().join("absent").exists(), "a dangling link is not followed either");
    }

    #[cfg(unix)]
    #[test]
    fn a_planted_link_cannot_redirect_a_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let victim = outside.path().join("victim");
        std::fs::write(&victim, b"keep").unwrap();
        // A temporary name cannot be guessed, so plant links under every name a
        // predictable scheme would use; none of them is opened.
        std::os::unix::fs::symlink(&victim, dir.path().join(format!(".p.md.{}.tmp", std::process::id()))).unwrap();
        write_atomic(&dir.path().join("p.md"), b"new").unwrap();
        assert_eq!(std::fs::read(&victim).unwrap(), b"keep");
    }
}
