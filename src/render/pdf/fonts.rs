//! Which face draws each character. The [`Library`] holds the faces a run may use, in
//! fallback order: the embedded Liberation Sans family (Latin, Greek, Cyrillic, Hebrew),
//! then the fonts named by `--font` and by the catalog's and intake's `fonts` lists, then
//! the system's fonts, searched only for a character none of the others covers; bold text
//! a fallback face draws takes the Bold file beside it, and a CJK document's italic is set
//! upright. A
//! document's [`Fonts`] is that chain plus its shaper; a character no face covers is an
//! error naming it, never a space or an empty box. Faces are `face.rs`, shaping `shape.rs`.

use super::face::{is_ignorable, Face, FaceError};
use super::shape::{FaceIdx, Fast, Shaper};
use super::subset::BASE;
use super::system::SystemFonts;
use crate::diag::{Diagnostic, Error, Location, Result};
use harfrust::Script;
use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

/// The four faces of the embedded family; `Style as usize` is their index in every chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Style {
    Regular,
    Bold,
    Italic,
    BoldItalic,
}

impl Style {
    pub const ALL: [Style; 4] = [Style::Regular, Style::Bold, Style::Italic, Style::BoldItalic];

    pub fn new(bold: bool, italic: bool) -> Style {
        match (bold, italic) {
            (false, false) => Style::Regular,
            (true, false) => Style::Bold,
            (false, true) => Style::Italic,
            (true, true) => Style::BoldItalic,
        }
    }

    pub fn bold(self) -> bool {
        matches!(self, Style::Bold | Style::BoldItalic)
    }

    pub fn italic(self) -> bool {
        matches!(self, Style::Italic | Style::BoldItalic)
    }

    /// The embedded file's name, without extension (`.ttf` font, `.kern` kerning pairs).
    pub fn file(self) -> &'static str {
        match self {
            Style::Regular => "LiberationSans-Regular",
            Style::Bold => "LiberationSans-Bold",
            Style::Italic => "LiberationSans-Italic",
            Style::BoldItalic => "LiberationSans-BoldItalic",
        }
    }
}

/// Where the faces of a run come from, in fallback order after the embedded family.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    /// Font files (`--font`, then the catalog's `fonts`): every face of each, in order.
    pub files: Vec<PathBuf>,
    /// Search the system's font directories for characters no other face covers.
    pub system: bool,
}

/// The faces a run may use, shared by its documents (and threads).
pub struct Library {
    embedded: [Arc<Face>; 4],
    /// The embedded faces' Latin fast paths, built on first use.
    fast: [OnceLock<Fast>; 4],
    /// The run's font files' faces, in order.
    user: Vec<Arc<Face>>,
    /// Faces of font files named by intakes, loaded once per path.
    files: Mutex<HashMap<PathBuf, Arc<[Arc<Face>]>>>,
    system: Option<Mutex<SystemFonts>>,
    /// The bold face beside each fallback face asked for one.
    bold: Mutex<BoldFaces>,
}

/// A fallback face's bold sibling (`None`: it has none), by the face's source and index.
type BoldFaces = HashMap<(String, u32), Option<Arc<Face>>>;

impl Library {
    /// The embedded family and the faces of `sources.files`; a file that is not a usable
    /// font is bad input naming it.
    pub fn new(sources: &Sources) -> Result<Library> {
        let load = |style: Style| -> Result<Arc<Face>> {
            let name = format!("{}.ttf", style.file());
            let data = crate::embedded::font_file(&name)
                .ok_or_else(|| Error::Internal(format!("font `{name}` is not embedded")))?;
            let face = Face::new(format!("embedded:{name}"), data, 0)
                .map_err(|e| Error::Internal(format!("embedded font `{name}` {e}")))?;
            Ok(face)
        };
        let [r, b, i, z] = Style::ALL.map(load);
        let mut user = Vec::new();
        for path in &sources.files {
            user.extend(load_file(path)?.iter().cloned());
        }
        // After the user's fonts: marks the embedded family lacks, so a ✓ never needs the system.
        let marks = crate::embedded::font_file("ProposeMarks.ttf")
            .ok_or_else(|| Error::Internal("font `ProposeMarks.ttf` is not embedded".into()))?;
        user.push(
            Face::new("embedded:ProposeMarks.ttf".to_string(), marks, 0)
                .map_err(|e| Error::Internal(format!("embedded font `ProposeMarks.ttf` {e}")))?,
        );
        let system = sources.system.then(|| Mutex::new(SystemFonts::new(super::system::standard_dirs())));
        Ok(Library {
            embedded: [r?, b?, i?, z?],
            fast: Default::default(),
            user,
            files: Mutex::new(HashMap::new()),
            system,
            bold: Mutex::new(HashMap::new()),
        })
    }

    /// The embedded face of `style`.
    pub fn face(&self, style: Style) -> &Arc<Face> {
        &self.embedded[style as usize]
    }

    /// The faces of the font file at `path`, loaded once per run.
    pub fn file(&self, path: &Path) -> Result<Arc<[Arc<Face>]>> {
        if let Some(f) = self.files.lock().ok().and_then(|m| m.get(path).cloned()) {
            return Ok(f);
        }
        let faces: Arc<[Arc<Face>]> = load_file(path)?.into();
        if let Ok(mut m) = self.files.lock() {
            m.insert(path.to_path_buf(), faces.clone());
        }
        Ok(faces)
    }

    /// The bold face of `face`'s family, for bold text a fallback face draws: the file beside
    /// `face`'s whose name has `Bold` for its `Regular` (`NotoSansCJK-Regular.ttc` →
    /// `NotoSansCJK-Bold.ttc`), and in it the face named like `face` with `Bold` for
    /// `Regular` (`NotoSansCJKjp-Bold`), or the face at the same index. `None` when there is
    /// no such file or face, or it is no heavier: the text is then set in `face`.
    pub fn bold_of(&self, face: &Arc<Face>) -> Option<Arc<Face>> {
        let key = (face.source.clone(), face.index);
        if let Some(found) = self.bold.lock().ok()?.get(&key) {
            return found.clone();
        }
        let found = self.find_bold(face);
        self.bold.lock().ok()?.insert(key, found.clone());
        found
    }

    fn find_bold(&self, face: &Arc<Face>) -> Option<Arc<Face>> {
        if face.source.starts_with("embedded:") || face.descriptor.weight >= 600 {
            return None;
        }
        let path = Path::new(&face.source);
        let name = path.file_name()?.to_str()?;
        if !name.contains("Regular") {
            return None;
        }
        let sibling = path.with_file_name(name.replacen("Regular", "Bold", 1));
        if !sibling.is_file() {
            return None;
        }
        let faces = self.file(&sibling).ok()?;
        let want = face.postscript_name.replacen("Regular", "Bold", 1);
        let bold = faces.iter().find(|f| f.postscript_name == want).or_else(|| faces.get(face.index as usize))?;
        (bold.descriptor.weight > face.descriptor.weight).then(|| bold.clone())
    }
}

/// Font files larger than this are refused (the largest CJK collections are ~120 MB).
pub const MAX_FONT_FILE: u64 = 256 * 1024 * 1024;

/// Every face of the font file at `path`: a TrueType or OpenType font, or a collection.
fn load_file(path: &Path) -> Result<Vec<Arc<Face>>> {
    let bad = |what: String| {
        let d = Diagnostic::new(format!("font file `{}` {what}", path.display()))
            .at(Location::file(path.display().to_string()))
            .help(
                "give a TrueType (.ttf), OpenType (.otf) or collection (.ttc) font with outlines (colour emoji \
                 fonts have none)",
            );
        Error::Input(Box::new(d))
    };
    let meta = std::fs::metadata(path).map_err(|e| bad(format!("cannot be read: {e}")))?;
    if !meta.is_file() {
        return Err(bad("is not a file".into()));
    }
    if meta.len() > MAX_FONT_FILE {
        return Err(bad(format!(
            "is {} MiB, more than the {} MiB a font may be",
            meta.len() >> 20,
            MAX_FONT_FILE >> 20
        )));
    }
    let data = super::face::file(path).map_err(|e| bad(format!("cannot be read: {e}")))?;
    let count = super::face::face_count(&data);
    let mut faces = Vec::new();
    let mut first_error = FaceError::Unreadable;
    for i in 0..count {
        match Face::new(path.display().to_string(), data.clone(), i) {
            Ok(f) => faces.push(f),
            Err(e) if faces.is_empty() && i == 0 => first_error = e,
            Err(_) => {}
        }
    }
    if faces.is_empty() {
        return Err(bad(first_error.to_string()));
    }
    Ok(faces)
}

/// Characters no available face can draw, and what was searched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Uncovered {
    /// Each character once, in order of appearance.
    pub chars: Vec<char>,
    pub searched: String,
}

impl Uncovered {
    /// The characters as a message lists them: `"😀" (U+1F600)`.
    pub fn listed(&self) -> String {
        let chars: Vec<String> =
            self.chars.iter().map(|c| format!("\"{}\" (U+{:04X})", c.escape_debug(), *c as u32)).collect();
        chars.join(", ")
    }

    /// The fix a message ends with.
    pub fn help(&self) -> String {
        format!(
            "searched {}; pass a font that has {} with `--font FILE` (TrueType, OpenType or a .ttc collection; \
             repeatable), or list it in `fonts = [\"FILE\"]` in the intake's [proposal] or the catalog's firm.toml \
             (colour emoji fonts cannot be embedded: use an outline font such as Noto Emoji)",
            self.searched,
            if self.chars.len() == 1 { "it" } else { "them" },
        )
    }
}

/// One document's fonts: its chain of faces (the embedded family by [`Style`], then the run's
/// and the intake's fonts, then system faces as the document finds them) and its shaper.
pub struct Fonts {
    pub library: Arc<Library>,
    /// Every face the document has used so far; the first four are the embedded styles.
    pub faces: RefCell<Vec<Arc<Face>>>,
    /// How many of `faces` are the embedded family and the user's fonts.
    fixed: usize,
    pub lang: String,
    /// Chinese, Japanese or Korean: italic text is set upright (CJK has no italics, and a
    /// date half slanted, "*2026*年", reads as a mistake).
    upright: bool,
    pub shaper: RefCell<Shaper>,
    /// The first text layout met that no face could draw (text from templates or the
    /// catalog: the intake's is checked before layout); the document then fails with it.
    pub missing: RefCell<Option<Uncovered>>,
    /// The widths `text::width` has measured, by style and size (the bits of its `f32`): a
    /// table measures each word of its cells on every column plan, and a brief is laid out on
    /// several copyfit passes (litware's: 118 M of 322 M instructions).
    pub widths: RefCell<std::collections::HashMap<(Style, u32), std::collections::HashMap<String, f32>>>,
}

impl Fonts {
    /// The chain for a document in language `lang` (BCP 47) that also uses `extra` faces.
    pub fn new(library: Arc<Library>, extra: &[Arc<Face>], lang: &str) -> Fonts {
        let mut faces: Vec<Arc<Face>> = library.embedded.to_vec();
        faces.extend(library.user.iter().cloned());
        faces.extend(extra.iter().cloned());
        let fixed = faces.len();
        Fonts {
            library,
            faces: RefCell::new(faces),
            fixed,
            lang: lang.to_string(),
            upright: matches!(lang.split(['-', '_']).next(), Some("ja" | "zh" | "ko")),
            shaper: RefCell::new(Shaper::new(lang)),
            missing: RefCell::new(None),
            widths: RefCell::default(),
        }
    }

    pub fn face(&self, i: FaceIdx) -> Arc<Face> {
        self.faces.borrow()[i].clone()
    }

    /// The embedded family alone, for English text (unit tests).
    #[cfg(test)]
    pub fn embedded_only() -> Fonts {
        Fonts::new(Arc::new(Library::new(&Sources::default()).expect("the embedded fonts load")), &[], "en")
    }

    /// The Latin fast path of face `i`, if it is an embedded one.
    pub fn fast(&self, i: FaceIdx) -> Option<&Fast> {
        let style = *Style::ALL.get(i)?;
        let fast = self.library.fast.get(i)?;
        Some(fast.get_or_init(|| {
            let kern = crate::embedded::kern_file(style.file()).unwrap_or_default();
            Fast::new(self.library.face(style), BASE, kern)
        }))
    }

    /// The first face that covers `c` for text of `style`: the style's own, the regular
    /// face, the user's fonts in order, then the system's (searched only now). Bold text a
    /// fallback face draws takes that face's bold sibling when there is one
    /// ([`Library::bold_of`]).
    fn first_covering(&self, c: char, style: Style) -> Option<FaceIdx> {
        let faces = self.faces.borrow();
        if faces[style as usize].covers(c) {
            return Some(style as usize);
        }
        let covering =
            (0..self.fixed).filter(|i| *i != style as usize && (*i == 0 || *i >= 4)).find(|&i| faces[i].covers(c));
        let covering = covering.map(|i| (i, faces[i].clone()));
        drop(faces);
        let found = match covering {
            Some((i, _)) if i < 4 || !style.bold() => return Some(i),
            Some((_, face)) => face,
            None => self.library.system.as_ref()?.lock().ok()?.find(c, &self.lang)?,
        };
        let found = match style.bold().then(|| self.library.bold_of(&found)).flatten() {
            Some(bold) if bold.covers(c) => bold,
            _ => found,
        };
        Some(self.index_of(found))
    }

    /// The index of `face` in the document's chain, adding it if it is not there yet.
    fn index_of(&self, found: Arc<Face>) -> FaceIdx {
        let mut faces = self.faces.borrow_mut();
        match faces.iter().position(|f| Arc::ptr_eq(f, &found)) {
            Some(i) => i,
            None => {
                faces.push(found);
                faces.len() - 1
            }
        }
    }

    /// Whether every character of `text` has a face (searching the system if need be);
    /// line breaks and tabs, which layout turns into breaks and spaces, need none.
    pub fn check(&self, text: &str) -> std::result::Result<(), Uncovered> {
        for part in text.split(['\n', '\r', '\t']) {
            self.itemize(part, 0..part.len(), Style::Regular)?;
        }
        Ok(())
    }

    /// Splits `text[range]` into runs of one face each, for text of `style`. A character
    /// takes the first face in the chain that covers it, except that marks, joiners and
    /// characters of no particular script (spaces, punctuation, digits) stay with the face
    /// of the character before them when it covers them, so "株式会社（東京）" is one run.
    /// In a CJK document italic text is set upright, its Latin too.
    pub fn itemize(
        &self,
        text: &str,
        range: Range<usize>,
        style: Style,
    ) -> std::result::Result<Vec<(Range<usize>, FaceIdx)>, Uncovered> {
        let style = if self.upright { Style::new(style.bold(), false) } else { style };
        let s = &text[range.clone()];
        let primary = style as usize;
        if s.is_empty() {
            return Ok(Vec::new());
        }
        {
            let faces = self.faces.borrow();
            let fast = self.fast(primary).is_some_and(|f| f.eligible(s));
            if fast || s.chars().all(|c| faces[primary].covers(c)) {
                return Ok(vec![(range, primary)]);
            }
        }
        let mut runs: Vec<(Range<usize>, FaceIdx)> = Vec::new();
        let mut missing: Vec<char> = Vec::new();
        for (at, c) in s.char_indices() {
            let at = range.start + at;
            let end = at + c.len_utf8();
            let sticky = is_ignorable(c) || {
                let s = harfrust::unicode::script(c as u32);
                s == Script::COMMON || s == Script::INHERITED
            };
            let prev = runs.last().map(|r| r.1);
            let chosen = match prev {
                Some(p) if sticky && self.faces.borrow()[p].covers(c) => Some(p),
                _ => self.first_covering(c, style),
            };
            match chosen {
                Some(f) => match runs.last_mut() {
                    Some(r) if r.1 == f && r.0.end == at => r.0.end = end,
                    _ => runs.push((at..end, f)),
                },
                None if !missing.contains(&c) => missing.push(c),
                None => {}
            }
        }
        if missing.is_empty() {
            Ok(runs)
        } else {
            Err(self.uncovered(missing))
        }
    }

    fn uncovered(&self, chars: Vec<char>) -> Uncovered {
        let faces = self.faces.borrow();
        let mut searched = vec!["the embedded Liberation Sans".to_string()];
        searched.extend(faces[4..self.fixed].iter().map(|f| format!("`{}`", f.source)));
        searched.dedup();
        let mut searched = searched.join(", ");
        match &self.library.system {
            Some(s) => {
                let n = s.lock().map(|mut s| s.file_count()).unwrap_or(0);
                searched.push_str(&format!(" and {n} system font files"));
            }
            None => searched.push_str(" (the system's fonts were not searched)"),
        }
        Uncovered { chars, searched }
    }

    /// Records text that no face can draw; the document fails with the first such.
    pub fn note_missing(&self, u: Uncovered) {
        self.missing.borrow_mut().get_or_insert(u);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fonts() -> Fonts {
        Fonts::embedded_only()
    }

    #[test]
    fn the_embedded_family_covers_the_characters_proposals_use() {
        let f = fonts();
        for style in Style::ALL {
            // ᵉʳ: French's raised ordinal ending, « 1ᵉʳ juillet » (the fr pack's `first_day`).
            for c in "€£–—“”‘’üéßñÜÉÑàçøåæœłőčšž¥₩•…→\u{a0}\u{202f}\u{2009}\u{2212}ΑΩабвאבגᵉʳ".chars()
            {
                assert!(f.library.face(style).covers(c), "{c:?} ({:04X}) is not in {style:?}", c as u32);
            }
        }
    }

    #[test]
    fn widths_are_truncated_thousandths_of_an_em() {
        let f = fonts();
        let regular = f.library.face(Style::Regular);
        // Liberation Sans is metric-compatible with Arial (2048 units per em): space 569,
        // "H" 1479, "i" 455 units, truncated to thousandths of an em.
        assert_eq!(regular.width(regular.glyph(' ').unwrap()), 277);
        assert_eq!(regular.width(regular.glyph('H').unwrap()), 722);
        assert_eq!(regular.width(regular.glyph('i').unwrap()), 222);
    }

    #[test]
    fn a_character_no_face_covers_is_named_not_replaced() {
        let f = fonts();
        let text = "a\u{1F600}b株\u{1F600}";
        let e = f.itemize(text, 0..text.len(), Style::Regular).unwrap_err();
        assert_eq!(e.chars, ['\u{1F600}', '株']);
        assert_eq!(e.listed(), "\"\u{1F600}\" (U+1F600), \"株\" (U+682A)");
        assert!(e.help().contains("--font FILE"), "{}", e.help());
        assert!(e.searched.contains("not searched"), "{}", e.searched);
        assert_eq!(f.check("14 Albion Street\nLeeds\tLS1"), Ok(()), "breaks and tabs need no glyph");
    }

    #[test]
    fn italic_is_set_upright_in_a_cjk_document_only() {
        let library = Arc::new(Library::new(&Sources::default()).unwrap());
        let faces = |lang: &str, style: Style| {
            let f = Fonts::new(library.clone(), &[], lang);
            f.itemize("2026", 0..4, style).unwrap().into_iter().map(|r| r.1).collect::<Vec<_>>()
        };
        assert_eq!(faces("ja", Style::Italic), [Style::Regular as usize]);
        assert_eq!(faces("zh-Hant", Style::BoldItalic), [Style::Bold as usize]);
        assert_eq!(faces("en", Style::Italic), [Style::Italic as usize]);
        assert_eq!(faces("fr", Style::BoldItalic), [Style::BoldItalic as usize]);
    }

    #[test]
    fn a_file_that_is_not_a_font_is_bad_input_naming_it() {
        let dir = std::env::temp_dir().join(format!("propose-font-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("not-a-font.ttf");
        std::fs::write(&path, b"hello").unwrap();
        let e = Library::new(&Sources { files: vec![path.clone()], system: false }).err().unwrap();
        let m = e.to_string();
        assert!(m.contains("not-a-font.ttf") && m.contains("is not a TrueType or OpenType font"), "{m}");
        assert_eq!(e.exit_code(), 2);
        std::fs::remove_dir_all(&dir).ok();
    }
}
