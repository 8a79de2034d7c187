//! Batch inputs: files as given, directories expanded to their `*.toml` files (sorted), and
//! `-` read as one path a line from stdin. A directory that cannot be listed is kept as an
//! input that fails, so it gets its error row like any other bad input.

use std::io::BufRead;
use std::path::{Path, PathBuf};

/// One intake to quote, or the reason it cannot be found.
#[derive(Debug)]
pub struct Input {
    pub path: PathBuf,
    /// The name rows and diagnostics use: the path as given or as found in a directory.
    pub name: String,
    /// Set when the input could not even be listed (an unreadable directory, stdin).
    pub problem: Option<std::io::Error>,
}

impl Input {
    fn file(path: PathBuf) -> Input {
        Input { name: path.display().to_string(), path, problem: None }
    }

    fn failed(path: PathBuf, source: std::io::Error) -> Input {
        Input { name: path.display().to_string(), problem: Some(source), path }
    }
}

/// Expands the command line's inputs in order. `warn` receives notes for people, such as a
/// directory with no intakes in it.
pub fn expand(args: &[PathBuf], mut warn: impl FnMut(String)) -> Vec<Input> {
    let mut inputs = Vec::new();
    for arg in args {
        if arg.as_os_str() == "-" {
            let stdin = std::io::stdin();
            for line in stdin.lock().lines() {
                match line {
                    Ok(line) => {
                        let line = line.trim_end_matches('\r');
                        if !line.trim().is_empty() {
                            inputs.push(Input::file(PathBuf::from(line)));
                        }
                    }
                    Err(e) => {
                        inputs.push(Input::failed(PathBuf::from("<stdin>"), e));
                        break;
                    }
                }
            }
        } else if arg.is_dir() {
            match toml_files(arg) {
                Ok(files) if files.is_empty() => warn(format!("no *.toml files in `{}`", arg.display())),
                Ok(files) => inputs.extend(files.into_iter().map(Input::file)),
                Err(e) => inputs.push(Input::failed(arg.clone(), e)),
            }
        } else {
            inputs.push(Input::file(arg.clone()));
        }
    }
    inputs
}

/// The `*.toml` files directly in `dir` (not in subdirectories), sorted by name.
fn toml_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "toml") && path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directories_give_their_toml_files_sorted() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["b.toml", "a.toml", "notes.txt", "c.toml.bak"] {
            std::fs::write(dir.path().join(name), "").unwrap();
        }
        std::fs::create_dir(dir.path().join("sub.toml")).unwrap();
        let inputs = expand(&[dir.path().to_path_buf(), PathBuf::from("x.toml")], |_| {});
        let names: Vec<_> = inputs.iter().map(|i| i.path.file_name().unwrap().to_str().unwrap()).collect();
        assert_eq!(names, ["a.toml", "b.toml", "x.toml"]);
    }

    #[test]
    fn empty_directories_warn() {
        let dir = tempfile::tempdir().unwrap();
        let mut notes = Vec::new();
        assert!(expand(&[dir.path().to_path_buf()], |n| notes.push(n)).is_empty());
        assert_eq!(notes.len(), 1);
    }
}
