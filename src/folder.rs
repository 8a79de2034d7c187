//! Reading a user's folder of overrides (`--catalog DIR`, `--templates DIR`): regular files
//! only, never a FIFO, device or socket (opening one could block or never end), never through
//! a link that leads out of the folder, and each file within a size limit. A link to a
//! regular file inside the folder is followed, so one file can stand under two names.

use crate::diag::{Diagnostic, Error, Location, Result};
use std::io::Read;
use std::path::Path;

/// The largest file a folder of overrides may hold: the shipped ones are a few kilobytes.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// The text of `path` in `dir`, or `None` if there is no such file. `what` names the kind of
/// file in errors ("catalog file", "template").
pub fn read_text(dir: &Path, path: &Path, what: &str) -> Result<Option<String>> {
    let shown = path.display().to_string();
    let refuse = |message: String, help: &str| -> Error {
        Diagnostic::new(message).at(Location::file(&shown)).help(help).into()
    };
    let link = match std::fs::symlink_metadata(path) {
        Ok(m) => m.file_type().is_symlink(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => return Err(Error::Read { path: path.to_path_buf(), source }),
    };
    if link {
        let inside = match (std::fs::canonicalize(path), std::fs::canonicalize(dir)) {
            (Ok(target), Ok(dir)) => target.starts_with(dir),
            _ => false,
        };
        if !inside {
            return Err(refuse(
                format!("{what} `{shown}` is a link that leads out of its folder"),
                "copy the file into the folder instead of linking to it",
            ));
        }
    }
    let meta = std::fs::metadata(path).map_err(|source| Error::Read { path: path.to_path_buf(), source })?;
    if !meta.is_file() {
        let kind = if meta.is_dir() { "a folder" } else { "not a regular file (a pipe, device or socket)" };
        return Err(refuse(format!("{what} `{shown}` is {kind}"), "put a regular file under this name, or remove it"));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_large(what, &shown));
    }
    let file = std::fs::File::open(path).map_err(|source| Error::Read { path: path.to_path_buf(), source })?;
    let mut bytes = Vec::new();
    // The file may have grown since its size was read.
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|source| Error::Read { path: path.to_path_buf(), source })?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(what, &shown));
    }
    let text = String::from_utf8(bytes)
        .map_err(|_| refuse(format!("{what} `{shown}` is not valid UTF-8"), "save the file as UTF-8"))?;
    Ok(Some(text))
}

fn too_large(what: &str, shown: &str) -> Error {
    Diagnostic::new(format!("{what} `{shown}` is larger than {} KiB", MAX_FILE_BYTES / 1024))
        .at(Location::file(shown))
        .help("a catalog file or template is a few kilobytes; check that this is the right file")
        .into()
}
