//! The vendored font family (Liberation Sans 2): character coverage, advance widths and
//! vertical metrics read straight from the TrueType tables. Widths are kept in 1/1000 em,
//! truncated exactly as printpdf writes the `/W` array, so a measured line is as wide as
//! the line a viewer draws. Subsetting lives in `subset.rs`.

use crate::diag::{Error, Result};
use std::borrow::Cow;
use std::collections::HashMap;

/// The four faces of the family; `Style as usize` indexes [`Fonts::faces`].
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

    fn file(self) -> &'static str {
        match self {
            Style::Regular => "LiberationSans-Regular.ttf",
            Style::Bold => "LiberationSans-Bold.ttf",
            Style::Italic => "LiberationSans-Italic.ttf",
            Style::BoldItalic => "LiberationSans-BoldItalic.ttf",
        }
    }

    /// The resource name the face is registered under in every PDF: fixed, six uppercase
    /// letters, so documents do not depend on printpdf's global ID counter.
    pub fn resource(self) -> &'static str {
        match self {
            Style::Regular => "LSANSR",
            Style::Bold => "LSANSB",
            Style::Italic => "LSANSI",
            Style::BoldItalic => "LSANSZ",
        }
    }
}

/// Characters below this are looked up in flat tables (Latin, punctuation, currency).
const FAST: usize = 0x3000;

/// Big-endian readers over a font file; out-of-range reads yield 0, and every table
/// lookup is bounds-checked when the face is loaded.
pub(crate) fn u16_at(data: &[u8], at: usize) -> u16 {
    data.get(at..at + 2).map_or(0, |b| u16::from_be_bytes([b[0], b[1]]))
}

pub(crate) fn i16_at(data: &[u8], at: usize) -> i16 {
    u16_at(data, at) as i16
}

pub(crate) fn u32_at(data: &[u8], at: usize) -> u32 {
    data.get(at..at + 4).map_or(0, |b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
}

/// One face: its file, table directory, character map and metrics.
pub struct Face {
    pub style: Style,
    pub data: &'static [u8],
    /// (tag, offset, length) of every table, in file order.
    pub tables: Vec<([u8; 4], usize, usize)>,
    pub num_glyphs: u16,
    /// `head.indexToLocFormat`: 0 for short offsets, 1 for long.
    pub long_loca: bool,
    /// Glyph per character below [`FAST`] (0: none), and a map for the rest.
    low: Vec<u16>,
    high: HashMap<char, u16>,
    /// Advance width per glyph in 1/1000 em, truncated as printpdf writes `/W`.
    widths: Vec<u16>,
}

impl Face {
    fn load(style: Style) -> Result<Face> {
        let data = crate::embedded::font_file(style.file())
            .ok_or_else(|| Error::Internal(format!("font `{}` is not embedded", style.file())))?;
        let bad = |what: &str| Error::Internal(format!("font `{}`: {what}", style.file()));
        let count = u16_at(data, 4) as usize;
        let mut tables = Vec::with_capacity(count);
        for i in 0..count {
            let rec = 12 + 16 * i;
            let tag: [u8; 4] =
                data.get(rec..rec + 4).ok_or_else(|| bad("truncated table directory"))?.try_into().unwrap_or_default();
            let (off, len) = (u32_at(data, rec + 8) as usize, u32_at(data, rec + 12) as usize);
            if off.checked_add(len).is_none_or(|end| end > data.len()) {
                return Err(bad("table out of bounds"));
            }
            tables.push((tag, off, len));
        }
        let table = |tag: &[u8; 4]| {
            tables
                .iter()
                .find(|(t, _, _)| t == tag)
                .map(|&(_, o, l)| &data[o..o + l])
                .ok_or_else(|| bad(&format!("no `{}` table", String::from_utf8_lossy(tag))))
        };
        let head = table(b"head")?;
        let hhea = table(b"hhea")?;
        let maxp = table(b"maxp")?;
        let hmtx = table(b"hmtx")?;
        table(b"glyf")?;
        table(b"loca")?;
        let units_per_em = u16_at(head, 18);
        if units_per_em == 0 {
            return Err(bad("zero units per em"));
        }
        let num_glyphs = u16_at(maxp, 4);
        let metrics = u16_at(hhea, 34).max(1) as usize;
        let widths = (0..num_glyphs as usize)
            .map(|g| {
                let adv = u16_at(hmtx, 4 * g.min(metrics - 1));
                // printpdf: `(w as f32 * 1000.0 / units_per_em as f32) as i64`.
                (adv as f32 * 1000.0 / units_per_em as f32) as u16
            })
            .collect();
        let cmap = read_cmap(table(b"cmap")?).ok_or_else(|| bad("no Unicode cmap"))?;
        let mut low = vec![0u16; FAST];
        let mut high = HashMap::new();
        for (c, g) in cmap {
            match low.get_mut(c as usize) {
                Some(slot) => *slot = g,
                None => {
                    high.insert(c, g);
                }
            }
        }
        Ok(Face { style, data, num_glyphs, long_loca: i16_at(head, 50) == 1, low, high, widths, tables })
    }

    pub fn table(&self, tag: &[u8; 4]) -> Option<&'static [u8]> {
        let data = self.data;
        self.tables.iter().find(|(t, _, _)| t == tag).map(|&(_, o, l)| &data[o..o + l])
    }

    pub fn glyph(&self, c: char) -> Option<u16> {
        match self.low.get(c as usize) {
            Some(0) => None,
            Some(g) => Some(*g),
            None => self.high.get(&c).copied(),
        }
    }

    /// Width of glyph `gid` in 1/1000 em.
    pub fn glyph_width(&self, gid: u16) -> u16 {
        self.widths.get(gid as usize).copied().unwrap_or(0)
    }

    /// Advance of character `c` in 1/1000 em; 0 when the face lacks it.
    pub fn advance(&self, c: char) -> u32 {
        self.glyph(c).map_or(0, |g| self.glyph_width(g) as u32)
    }

    /// Width of `text` at `size` points; characters the face lacks count as zero (text is
    /// passed through [`Fonts::clean`] first, so there are none).
    pub fn width(&self, text: &str, size: f32) -> f32 {
        let units: u32 = text.chars().map(|c| self.advance(c)).sum();
        units as f32 * size / 1000.0
    }
}

/// Reads the best Unicode subtable: (3,10) format 12, else (3,1) or (0,x) format 4.
pub(crate) fn read_cmap(cmap: &[u8]) -> Option<Vec<(char, u16)>> {
    let count = u16_at(cmap, 2) as usize;
    let mut best: Option<(u8, usize)> = None;
    for i in 0..count {
        let rec = 4 + 8 * i;
        let (platform, encoding, off) = (u16_at(cmap, rec), u16_at(cmap, rec + 2), u32_at(cmap, rec + 4) as usize);
        let format = u16_at(cmap, off);
        let rank = match (platform, encoding, format) {
            (3, 10, 12) | (0, 4, 12) => 3,
            (3, 1, 4) => 2,
            (0, _, 4) => 1,
            _ => continue,
        };
        if best.is_none_or(|(r, _)| rank > r) {
            best = Some((rank, off));
        }
    }
    let (_, off) = best?;
    let sub = cmap.get(off..)?;
    let mut map = Vec::with_capacity(4096);
    if u16_at(sub, 0) == 12 {
        let groups = u32_at(sub, 12) as usize;
        for g in 0..groups {
            let rec = 16 + 12 * g;
            let (start, end, gid) = (u32_at(sub, rec), u32_at(sub, rec + 4), u32_at(sub, rec + 8));
            for (i, cp) in (start..=end.min(start.saturating_add(0xFFFF))).enumerate() {
                if let Some(c) = char::from_u32(cp) {
                    map.push((c, (gid as usize + i) as u16));
                }
            }
        }
    } else {
        let segs = u16_at(sub, 6) as usize / 2;
        let (ends, starts, deltas, ranges) = (14, 16 + 2 * segs, 16 + 4 * segs, 16 + 6 * segs);
        for s in 0..segs {
            let (start, end) = (u16_at(sub, starts + 2 * s), u16_at(sub, ends + 2 * s));
            let (delta, range) = (u16_at(sub, deltas + 2 * s), u16_at(sub, ranges + 2 * s) as usize);
            if start == 0xFFFF {
                continue;
            }
            for cp in start..=end {
                let gid = if range == 0 {
                    cp.wrapping_add(delta)
                } else {
                    let at = ranges + 2 * s + range + 2 * (cp - start) as usize;
                    match u16_at(sub, at) {
                        0 => 0,
                        g => g.wrapping_add(delta),
                    }
                };
                if gid != 0 {
                    if let Some(c) = char::from_u32(cp as u32) {
                        map.push((c, gid));
                    }
                }
            }
        }
    }
    Some(map)
}

/// Stand-ins for characters the family lacks, so nothing is drawn as an empty box.
/// Anything else missing becomes a space (see [`Fonts::clean`]).
const FALLBACKS: &[(char, &str)] = &[
    ('\u{2011}', "-"),
    ('\u{2010}', "-"),
    ('\u{20B9}', "Rs"),
    ('\u{2713}', "\u{00D7}"),
    ('\u{2714}', "\u{00D7}"),
    ('\u{2717}', "\u{00D7}"),
    ('\u{FFFD}', "?"),
];

/// The whole family, loaded once per process and shared by every document.
pub struct Fonts {
    pub faces: [Face; 4],
    /// Whether every face has the character, below [`FAST`].
    covered: Vec<bool>,
}

impl Fonts {
    pub fn load() -> Result<Fonts> {
        let faces = [
            Face::load(Style::Regular)?,
            Face::load(Style::Bold)?,
            Face::load(Style::Italic)?,
            Face::load(Style::BoldItalic)?,
        ];
        let covered = (0..FAST).map(|i| faces.iter().all(|f| f.low[i] != 0)).collect();
        Ok(Fonts { faces, covered })
    }

    pub fn face(&self, style: Style) -> &Face {
        &self.faces[style as usize]
    }

    /// True when every face can draw `c`.
    pub fn covers(&self, c: char) -> bool {
        match self.covered.get(c as usize) {
            Some(yes) => *yes,
            None => self.faces.iter().all(|f| f.glyph(c).is_some()),
        }
    }

    /// `text` with every character the family cannot draw replaced: a known stand-in, a
    /// space for whitespace and anything else, and control characters dropped.
    pub fn clean<'a>(&self, text: &'a str) -> Cow<'a, str> {
        if text.chars().all(|c| self.covers(c)) {
            return Cow::Borrowed(text);
        }
        let mut out = String::with_capacity(text.len());
        for c in text.chars() {
            if self.covers(c) || c == '\n' {
                out.push(c);
            } else if c.is_control() && c != '\t' && c != '\n' {
                continue;
            } else if let Some((_, s)) = FALLBACKS.iter().find(|(f, _)| *f == c) {
                out.push_str(s);
            } else {
                out.push(' ');
            }
        }
        Cow::Owned(out)
    }

    pub fn width(&self, style: Style, text: &str, size: f32) -> f32 {
        self.face(style).width(text, size)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn covers_the_characters_proposals_use() {
        let fonts = Fonts::load().unwrap();
        for c in "€£–—“”‘’üéßñÜÉÑàçøåæœłőčšž¥₩•…→\u{a0}\u{202f}\u{2009}\u{2212}".chars()
        {
            assert!(fonts.covers(c), "{c:?} ({:04X}) is not in every face", c as u32);
        }
    }

    #[test]
    fn widths_are_truncated_thousandths_of_an_em() {
        let fonts = Fonts::load().unwrap();
        let regular = fonts.face(Style::Regular);
        // Liberation Sans is metric-compatible with Arial (2048 units per em): space 569,
        // "H" 1479, "i" 455 units, truncated to thousandths of an em.
        assert_eq!(regular.glyph_width(regular.glyph(' ').unwrap()), 277);
        assert_eq!(regular.glyph_width(regular.glyph('H').unwrap()), 722);
        assert_eq!(regular.glyph_width(regular.glyph('i').unwrap()), 222);
        assert!((regular.width("Hi", 10.0) - 9.44).abs() < 1e-4);
        assert!(fonts.width(Style::Bold, "Hi", 10.0) > fonts.width(Style::Regular, "Hi", 10.0));
    }

    #[test]
    fn missing_characters_become_stand_ins_not_boxes() {
        let fonts = Fonts::load().unwrap();
        assert_eq!(fonts.clean("ab"), "ab");
        assert_eq!(fonts.clean("₹ 500"), "Rs 500");
        assert_eq!(fonts.clean("a\u{1F600}b"), "a b");
        assert_eq!(fonts.clean("a\u{7}b"), "ab");
    }
}
