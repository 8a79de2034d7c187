//! One font face: its bytes (a `.ttf`, `.otf` or one face of a `.ttc`), parsed once with
//! read-fonts (the parser harfrust shapes with), plus what layout and the PDF need: character
//! coverage, advance widths in 1/1000 em (truncated, as the PDF's `/W` array states them) and
//! the font descriptor's metrics. Which face draws what is `fonts.rs`'s business.

use read_fonts::model::{Blob, Font};
use read_fonts::types::{GlyphId, NameId, Tag};
use read_fonts::TableProvider;
use std::sync::{Arc, OnceLock};

/// Characters below this are looked up in a flat table (Latin, Greek, Cyrillic, punctuation).
const FAST: usize = 0x3000;
/// The characters below [`FAST`] are looked up a block of this many at a time.
const BLOCK: usize = 256;

/// How the glyphs are drawn, which decides how the PDF embeds the face.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outlines {
    /// `glyf`: `/FontFile2`, `/CIDFontType2`.
    TrueType,
    /// `CFF `: the bare CFF table as `/FontFile3 /Subtype /CIDFontType0C`, `/CIDFontType0`.
    Cff,
}

/// Why a font file cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FaceError {
    /// Not an OpenType font, or no face at that index of a collection.
    Unreadable,
    /// No `glyf` or `CFF ` outlines: colour bitmap fonts (CBDT, sbix) and CFF2 variable fonts.
    NoOutlines(&'static str),
    /// No Unicode character map.
    NoUnicodeCmap,
}

impl std::fmt::Display for FaceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FaceError::Unreadable => write!(f, "is not a TrueType or OpenType font (or a collection of them)"),
            FaceError::NoOutlines(what) => write!(f, "has no outlines a PDF can embed ({what})"),
            FaceError::NoUnicodeCmap => write!(f, "has no Unicode character map"),
        }
    }
}

/// Metrics for the PDF font descriptor, in 1/1000 em.
#[derive(Debug, Clone, Copy, Default)]
pub struct Descriptor {
    pub ascent: i32,
    pub descent: i32,
    pub cap_height: i32,
    pub bbox: [i32; 4],
    pub italic_angle: f32,
    pub weight: u16,
}

/// A usable face. Invariant: it has `glyf` or CFF outlines and a Unicode character map.
pub struct Face {
    /// Where it came from, for messages: a path, or `embedded:NAME`.
    pub source: String,
    /// The whole file (the subsetter reads the face out of it by `index`).
    pub data: Blob,
    pub index: u32,
    /// The parsed face; harfrust shapes with it.
    pub font: Font,
    pub postscript_name: String,
    pub units_per_em: u16,
    pub outlines: Outlines,
    pub descriptor: Descriptor,
    /// Glyph per character below [`FAST`] (0: none), by blocks of [`BLOCK`] characters, each
    /// looked up in the character map on first use. Reading the whole map into one table
    /// was 1.6 M of a `render --format md,pdf`'s 41 M instructions (callgrind, fabrikam); a
    /// Latin document touches three or four blocks of a face.
    low: [OnceLock<Box<[u16]>>; FAST / BLOCK],
    /// Advance per glyph in font units (`hmtx`), read a block of [`BLOCK`] glyphs at a time
    /// on first use (reading all of a face's advances was 0.4 M instructions a render).
    advances: Box<[OnceLock<Box<[u16]>>]>,
}

impl std::fmt::Debug for Face {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Face({} #{})", self.source, self.index)
    }
}

/// The bytes of the font file at `path`, mapped into memory rather than read: a system CJK
/// collection is 19 to 27 MB, of which a document uses a few hundred KB (its tables'
/// directories, `cmap`, the glyphs it sets). Reading the file whole made kansai in Japanese
/// take 12,874 page faults (2026-12-02), each a few µs on this machine; mapped, only the
/// pages read are touched. A file that cannot be mapped is read.
pub fn file(path: &std::path::Path) -> std::io::Result<Blob> {
    let file = std::fs::File::open(path)?;
    // SAFETY: the map is private and read only, and lives as long as the faces that read it.
    // Should another process truncate the file while a render reads it, the process is
    // stopped by the system (SIGBUS), as any program that maps files is (ripgrep maps the
    // files it searches); font files are installed, not written, while a proposal renders.
    match unsafe { memmap2::Mmap::map(&file) } {
        Ok(map) => Ok(Blob::from(Arc::new(map) as Arc<dyn AsRef<[u8]> + Send + Sync>)),
        Err(_) => std::fs::read(path).map(Blob::from),
    }
}

impl Face {
    /// Loads face `index` of `data` (0 for a single font; the face of a collection).
    pub fn new(source: impl Into<String>, data: impl Into<Blob>, index: u32) -> Result<Arc<Face>, FaceError> {
        let data: Blob = data.into();
        let font = Font::new(data.clone(), index).ok_or(FaceError::Unreadable)?;
        // The model's `Tables` answers typed accessors only: ask the raw table directory.
        let raw = read_fonts::FontRef::from_index(&data, index).map_err(|_| FaceError::Unreadable)?;
        let has = |tag: &[u8; 4]| raw.data_for_tag(Tag::new(tag)).is_some();
        let outlines = if has(b"glyf") && has(b"loca") {
            Outlines::TrueType
        } else if has(b"CFF ") {
            Outlines::Cff
        } else if has(b"CFF2") {
            return Err(FaceError::NoOutlines("CFF2 variable outlines"));
        } else if has(b"CBDT") || has(b"sbix") {
            return Err(FaceError::NoOutlines("colour bitmaps only"));
        } else {
            return Err(FaceError::NoOutlines("no glyf or CFF table"));
        };
        if !font.charmap().has_unicode() {
            return Err(FaceError::NoUnicodeCmap);
        }
        let units_per_em = font.units_per_em();
        if units_per_em == 0 {
            return Err(FaceError::Unreadable);
        }
        let scale = |v: f32| (v as f64 * 1000.0 / units_per_em as f64).round() as i32;
        let m = font.metrics();
        let line = m.typo_line.filter(|_| m.use_typo_metrics).or(m.hhea_line);
        let (ascent, descent) = match line {
            Some(line) => {
                let e = line.extents();
                (scale(e.ascender.to_f32()), scale(e.descender.to_f32()))
            }
            None => (800, -200),
        };
        let b = m.bounds;
        let tables = font.tables();
        let descriptor = Descriptor {
            ascent,
            descent,
            cap_height: m.cap_height.map_or(ascent, |c| scale(c.to_f32())),
            bbox: [b.x_min, b.y_min, b.x_max, b.y_max].map(|v| scale(v.to_f32())),
            italic_angle: tables.post().map(|p| p.italic_angle().to_f32()).unwrap_or(0.0),
            weight: tables.os2().map(|o| o.us_weight_class()).unwrap_or(400),
        };
        let postscript_name = font
            .names()
            .get(NameId::POSTSCRIPT_NAME)
            .and_then(|n| n.english_or_first())
            .map(|n| {
                n.name().chars().filter(|c| c.is_ascii_graphic() && !"[](){}<>/%#".contains(*c)).take(60).collect()
            })
            .filter(|s: &String| !s.is_empty())
            .unwrap_or_else(|| format!("Face{index}"));
        let glyphs = font.num_glyphs().min(u16::MAX as u32);
        Ok(Arc::new(Face {
            source: source.into(),
            data,
            index,
            font,
            postscript_name,
            units_per_em,
            outlines,
            descriptor,
            low: std::array::from_fn(|_| OnceLock::new()),
            advances: (0..glyphs.div_ceil(BLOCK as u32)).map(|_| OnceLock::new()).collect(),
        }))
    }

    /// The glyphs of block `b` of the characters below [`FAST`].
    fn low(&self, b: usize) -> &[u16] {
        self.low[b].get_or_init(|| {
            // One batched lookup for the block: mapping its characters one by one chose the
            // character map's subtable each time, 1.2 M of a `render --format md,pdf`
            // (3,840 lookups, callgrind 2026-12-02).
            let mut glyphs = [GlyphId::NOTDEF; BLOCK];
            let first = (b * BLOCK) as u32;
            self.font.charmap().map_unicode_batched((first..).zip(glyphs.iter_mut()));
            glyphs.iter().map(|g| g.to_u32().min(u16::MAX as u32) as u16).collect()
        })
    }

    /// The glyph the font's character map gives `c`, if any (glyph 0 counts as none).
    pub fn glyph(&self, c: char) -> Option<u16> {
        let cp = c as usize;
        if cp < FAST {
            Some(self.low(cp / BLOCK)[cp % BLOCK]).filter(|g| *g != 0)
        } else {
            let g = self.font.charmap().map_unicode(c as u32)?.to_u32();
            u16::try_from(g).ok().filter(|g| *g != 0)
        }
    }

    /// Whether the face can draw `c`. Default-ignorable format characters (ZWJ, bidi
    /// controls, variation selectors) need no glyph: the shaper hides them.
    pub fn covers(&self, c: char) -> bool {
        is_ignorable(c) || self.glyph(c).is_some()
    }

    /// The advance of `gid` in font units.
    pub fn advance_units(&self, gid: u16) -> f32 {
        let block = self.advances.get(gid as usize / BLOCK).map(|cell| {
            cell.get_or_init(|| match self.font.tables().hmtx() {
                Ok(hmtx) => {
                    let first = (gid as usize / BLOCK * BLOCK) as u32;
                    let end = (first + BLOCK as u32).min(self.font.num_glyphs());
                    (first..end).map(|g| hmtx.advance(GlyphId::new(g)).unwrap_or(0)).collect()
                }
                Err(_) => Box::new([]),
            })
        });
        match block.and_then(|b| b.get(gid as usize % BLOCK)) {
            Some(a) => *a as f32,
            None => self.font.glyph_metrics().h_advance(GlyphId::new(gid as u32)),
        }
    }

    /// The advance of `gid` in 1/1000 em, truncated exactly as the `/W` array states it.
    pub fn width(&self, gid: u16) -> i32 {
        (self.advance_units(gid) * 1000.0 / self.units_per_em as f32) as i32
    }

    /// Font units to 1/1000 em, rounded.
    pub fn to_milli(&self, units: i32) -> i32 {
        ((units as f64) * 1000.0 / self.units_per_em as f64).round() as i32
    }
}

/// Characters that are never drawn and need no glyph (Unicode Default_Ignorable_Code_Point).
pub fn is_ignorable(c: char) -> bool {
    matches!(c as u32,
        0x00AD | 0x034F | 0x061C | 0x115F..=0x1160 | 0x17B4..=0x17B5 | 0x180B..=0x180F
        | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x206F | 0x3164 | 0xFE00..=0xFE0F
        | 0xFEFF | 0xFFA0 | 0xFFF0..=0xFFF8 | 0x1BCA0..=0x1BCA3 | 0x1D173..=0x1D17A
        | 0xE0000..=0xE0FFF)
}

/// How many faces a font file holds (1 for a plain font, N for a `.ttc`/`.otc` collection),
/// at most 64 (a collection claiming more is read up to there).
pub fn face_count(data: &[u8]) -> u32 {
    if data.get(..4) == Some(b"ttcf") {
        data.get(8..12).map_or(0, |b| u32::from_be_bytes([b[0], b[1], b[2], b[3]])).min(64)
    } else {
        1
    }
}
