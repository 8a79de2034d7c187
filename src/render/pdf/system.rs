//! The system's fonts, as a last resort for characters that neither the embedded family nor
//! the `--font` / `fonts` files cover. Nothing here runs for a document those cover: the
//! directories are listed on the first uncovered character, and a file is opened only when
//! the search reaches it.
//!
//! Deterministic without fontconfig: the standard font directories of Linux, macOS and
//! Windows are walked, and the files are tried in a fixed order: first the well-known fonts
//! for the scripts proposals meet (Noto CJK, Hiragino, Yu Gothic, Microsoft JhengHei, Noto
//! Naskh Arabic, ...), in the order of [`PREFERRED`], then every other file sorted by path.
//! Same installed fonts, same choice, same bytes.

use super::face::{face_count, Face};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Well-known fallback fonts, best first, by file-name prefix (case-insensitive).
pub const PREFERRED: &[&str] = &[
    "NotoSansCJK-Regular",
    "NotoSansCJKjp-Regular",
    "NotoSansJP-Regular",
    "NotoSansJP",
    "SourceHanSans-Regular",
    "Hiragino Sans GB",
    "ヒラギノ角ゴシック W3",
    "HiraginoSans-W3",
    "YuGothR",
    "YuGothM",
    "msgothic",
    "meiryo",
    "msjh",
    "msyh",
    "malgun",
    "NotoSansCJK",
    "NotoSerifCJK-Regular",
    "NotoNaskhArabic-Regular",
    "NotoSansArabic-Regular",
    "NotoKufiArabic-Regular",
    "GeezaPro",
    "segoeui",
    "arial",
    "tahoma",
    "NotoSansHebrew-Regular",
    "NotoSerifHebrew-Regular",
    "ArialHB",
    "DejaVuSans.ttf",
    "NotoSans-Regular",
];

/// Font files larger than this are skipped: the largest common CJK collections are ~120 MB.
const MAX_FILE: u64 = 256 * 1024 * 1024;

/// The font directories searched, in order.
pub fn standard_dirs() -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    let home = std::env::var_os("HOME").map(PathBuf::from);
    if cfg!(target_os = "macos") {
        dirs.push(PathBuf::from("/System/Library/Fonts"));
        dirs.push(PathBuf::from("/System/Library/Fonts/Supplemental"));
        dirs.push(PathBuf::from("/Library/Fonts"));
        if let Some(h) = &home {
            dirs.push(h.join("Library/Fonts"));
        }
    } else if cfg!(windows) {
        let windir = std::env::var_os("WINDIR").map_or_else(|| PathBuf::from("C:\\Windows"), PathBuf::from);
        dirs.push(windir.join("Fonts"));
        if let Some(local) = std::env::var_os("LOCALAPPDATA") {
            dirs.push(PathBuf::from(local).join("Microsoft\\Windows\\Fonts"));
        }
    } else {
        dirs.push(PathBuf::from("/usr/share/fonts"));
        dirs.push(PathBuf::from("/usr/local/share/fonts"));
        let data_home = std::env::var_os("XDG_DATA_HOME")
            .map(PathBuf::from)
            .or_else(|| home.as_ref().map(|h| h.join(".local/share")));
        if let Some(d) = data_home {
            dirs.push(d.join("fonts"));
        }
        if let Some(h) = &home {
            dirs.push(h.join(".fonts"));
        }
    }
    dirs
}

/// Font files under `dirs` (recursively, symlinks not followed), in search order.
fn candidates(dirs: &[PathBuf]) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for dir in dirs {
        walk(dir, 0, &mut files);
    }
    files.sort();
    files.dedup();
    let rank = |p: &Path| {
        let name = p.file_name().map(|n| n.to_string_lossy().to_lowercase()).unwrap_or_default();
        PREFERRED.iter().position(|pre| name.starts_with(&pre.to_lowercase())).unwrap_or(PREFERRED.len())
    };
    // Stable: within a rank, path order.
    files.sort_by_key(|p| rank(p));
    files
}

fn walk(dir: &Path, depth: usize, out: &mut Vec<PathBuf>) {
    if depth > 6 || out.len() > 100_000 {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let Ok(kind) = entry.file_type() else { continue };
        let path = entry.path();
        if kind.is_dir() {
            walk(&path, depth + 1, out);
        } else if kind.is_file() {
            let ext = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase());
            if matches!(ext.as_deref(), Some("ttf" | "otf" | "ttc" | "otc")) {
                out.push(path);
            }
        }
    }
}

/// The faces of a collection in the order a language prefers: Noto/Source Han CJK
/// collections hold the same ideographs with regional forms, and the face's name says which.
fn face_order(faces: &[Arc<Face>], lang: &str) -> Vec<usize> {
    let want = match lang.split(['-', '_']).next().unwrap_or("") {
        "ko" => "KR",
        "zh" if lang.contains("Hant") || lang.contains("TW") || lang.contains("HK") => "TC",
        "zh" => "SC",
        _ => "JP",
    };
    let mut order: Vec<usize> = (0..faces.len()).collect();
    order.sort_by_key(|&i| !faces[i].postscript_name.to_ascii_uppercase().contains(want));
    order
}

/// Lazily opened system fonts, shared by the documents of a run.
pub struct SystemFonts {
    dirs: Vec<PathBuf>,
    /// Listed on first use.
    files: Option<Vec<PathBuf>>,
    /// The faces of each file opened so far (a prefix of `files`; unusable files: none).
    opened: Vec<Vec<Arc<Face>>>,
    /// What `find` answered, by language and character: a Japanese proposal asks for each
    /// of its characters on every shaping, and each search sorted every collection's faces
    /// again (kansai in Japanese: 99 M of 292 M instructions).
    found: HashMap<String, HashMap<char, Option<Arc<Face>>>>,
}

impl SystemFonts {
    pub fn new(dirs: Vec<PathBuf>) -> SystemFonts {
        SystemFonts { dirs, files: None, opened: Vec::new(), found: HashMap::new() }
    }

    /// How many font files the search has (lists them if it has not yet).
    pub fn file_count(&mut self) -> usize {
        self.files().len()
    }

    fn files(&mut self) -> &[PathBuf] {
        let dirs = &self.dirs;
        self.files.get_or_insert_with(|| candidates(dirs))
    }

    /// The first face in search order that covers `c`, its collection's faces ordered for
    /// `lang`; opens files as needed. The answer depends only on the installed files.
    pub fn find(&mut self, c: char, lang: &str) -> Option<Arc<Face>> {
        if let Some(found) = self.found.get(lang).and_then(|m| m.get(&c)) {
            return found.clone();
        }
        let found = self.search(c, lang);
        self.found.entry(lang.to_string()).or_default().insert(c, found.clone());
        found
    }

    /// [`SystemFonts::find`], searched.
    fn search(&mut self, c: char, lang: &str) -> Option<Arc<Face>> {
        let mut at = 0;
        loop {
            if at == self.opened.len() {
                let path = self.files().get(at)?.clone();
                self.opened.push(open(&path));
            }
            let faces = &self.opened[at];
            if let Some(i) = face_order(faces, lang).into_iter().find(|&i| faces[i].covers(c)) {
                return Some(faces[i].clone());
            }
            at += 1;
        }
    }
}

/// Every usable face of the font file at `path` (none if it cannot be read or used).
fn open(path: &Path) -> Vec<Arc<Face>> {
    let readable = std::fs::metadata(path).is_ok_and(|m| m.len() <= MAX_FILE);
    let Some(data) = readable.then(|| super::face::file(path).ok()).flatten() else { return Vec::new() };
    (0..face_count(&data)).filter_map(|i| Face::new(path.display().to_string(), data.clone(), i).ok()).collect()
}
