//! Shaping: a paragraph becomes items (one face, one bidi level, one script each), and each
//! item is shaped with harfrust into positioned glyphs. Widths are kept in 1/1000 em, with a
//! glyph's `/W` width (truncated like the PDF states it) as its advance unless the shaper moved
//! it (kerning, Arabic joining, marks), so a measured line is the line a viewer draws.
//!
//! Latin text the embedded family draws from its base set skips harfrust: [`Fast`] gives the
//! same glyphs and advances from the character map and a kerning table generated from
//! harfrust (`assets/fonts/*.kern`), which a test checks against harfrust on every snapshot.

use super::face::Face;
use harfrust::{Buffer, BufferFlags, Direction, Language, Script, ShapeOptions, ShapePlan, ShaperFont};
use std::collections::HashMap;
use std::ops::Range;
use std::str::FromStr;
use std::sync::Arc;

/// A face's index in a document's font chain (`fonts::Fonts`).
pub type FaceIdx = usize;

/// One shaped glyph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Glyph {
    /// Glyph ID in the face (the original font, not a subset).
    pub gid: u16,
    /// Byte offset of the glyph's cluster in the paragraph.
    pub cluster: u32,
    /// Pen advance in 1/1000 em: the `/W` width unless the shaper changed the advance.
    pub advance: i32,
    /// Offset of the glyph from the pen, in 1/1000 em (marks, cursive attachment).
    pub dx: i32,
    pub dy: i32,
    /// Breaking the line right before this glyph needs reshaping (HarfBuzz's flag).
    pub unsafe_to_break: bool,
}

/// The Latin fast path for an embedded face: for text whose characters all lie in its base
/// set, shaping is the character map, the `/W` widths and pair kerning.
pub struct Fast {
    /// Characters the fast path sets (indexed by code point).
    eligible: Box<[bool]>,
    /// Row in `rows` + 1 for a character that kerns with a following one, else 0.
    left: Box<[u16]>,
    rows: Vec<Vec<(u16, i16)>>,
}

impl Fast {
    /// `base`: the character ranges of the base set; `kern`: big-endian (left u16,
    /// right u16, delta i16) records.
    pub fn new(face: &Face, base: &[(u32, u32)], kern: &[u8]) -> Fast {
        let limit = base.iter().map(|r| r.1).max().unwrap_or(0) as usize + 1;
        let mut eligible = vec![false; limit];
        for &(a, b) in base {
            for c in (a..=b).filter_map(char::from_u32) {
                eligible[c as usize] = face.glyph(c).is_some();
            }
        }
        let mut left = vec![0u16; limit];
        let mut rows: Vec<Vec<(u16, i16)>> = Vec::new();
        for rec in kern.chunks_exact(6) {
            let (a, b) = (u16::from_be_bytes([rec[0], rec[1]]), u16::from_be_bytes([rec[2], rec[3]]));
            let d = i16::from_be_bytes([rec[4], rec[5]]);
            let Some(slot) = left.get_mut(a as usize) else { continue };
            if *slot == 0 {
                rows.push(Vec::new());
                *slot = rows.len() as u16;
            }
            rows[*slot as usize - 1].push((b, d));
        }
        rows.iter_mut().for_each(|r| r.sort_unstable());
        Fast { eligible: eligible.into_boxed_slice(), left: left.into_boxed_slice(), rows }
    }

    fn kern(&self, a: char, b: char) -> i32 {
        match self.left.get(a as usize) {
            Some(&row) if row > 0 => {
                let row = &self.rows[row as usize - 1];
                row.binary_search_by_key(&(b as u32), |e| e.0 as u32).map_or(0, |i| row[i].1 as i32)
            }
            _ => 0,
        }
    }

    /// Whether every character of `s` is in the fast path's base set.
    pub fn eligible(&self, s: &str) -> bool {
        s.chars().all(|c| self.eligible.get(c as usize).copied().unwrap_or(false))
    }

    /// The glyphs of `text[range]`, or `None` if a character needs the shaper.
    pub fn shape(&self, face: &Face, text: &str, range: Range<usize>) -> Option<Arc<[Glyph]>> {
        let s = &text[range.clone()];
        if !self.eligible(s) {
            return None;
        }
        let mut out: Vec<Glyph> = Vec::with_capacity(s.len());
        let mut chars = s.char_indices().peekable();
        let mut after_kern = false;
        while let Some((at, c)) = chars.next() {
            let gid = face.glyph(c).unwrap_or(0);
            let k = chars.peek().map_or(0, |p| self.kern(c, p.1));
            out.push(Glyph {
                gid,
                cluster: (range.start + at) as u32,
                advance: face.width(gid) + k,
                dx: 0,
                dy: 0,
                unsafe_to_break: after_kern,
            });
            after_kern = k != 0;
        }
        Some(out.into())
    }
}

type PlanKey = (FaceIdx, bool, [u8; 4]);
type ShapeKey = (FaceIdx, bool, [u8; 4], String);

/// Shapes text for one document: keeps harfrust's plans and a cache of shaped strings
/// (running heads, table cells and repeated labels are shaped once).
pub struct Shaper {
    buffer: Option<Buffer>,
    plans: HashMap<PlanKey, ShapePlan>,
    cache: HashMap<ShapeKey, Arc<[Glyph]>>,
    lang: Option<Language>,
    /// Bytes harfrust shaped (the fast path's test counts them).
    pub shaped: usize,
}

impl Shaper {
    /// `lang`: the proposal's BCP 47 tag (it selects language-specific glyph forms).
    pub fn new(lang: &str) -> Shaper {
        Shaper {
            buffer: Some(Buffer::new()),
            plans: HashMap::new(),
            cache: HashMap::new(),
            lang: Language::from_str(lang).ok(),
            shaped: 0,
        }
    }

    /// Shapes `text[range]` with `face` (index `idx`), the rest of `text` as context;
    /// clusters are offsets in `text`. `fast`: the face's Latin fast path, if it has one.
    #[allow(clippy::too_many_arguments)]
    pub fn shape(
        &mut self,
        face: &Face,
        idx: FaceIdx,
        fast: Option<&Fast>,
        text: &str,
        range: Range<usize>,
        rtl: bool,
        script: Script,
    ) -> Arc<[Glyph]> {
        if !rtl {
            if let Some(g) = fast.and_then(|f| f.shape(face, text, range.clone())) {
                return g;
            }
        }
        let s = &text[range.clone()];
        let key = (idx, rtl, script.tag().to_be_bytes(), s.to_string());
        let start = range.start as u32;
        if let Some(g) = self.cache.get(&key) {
            return g.iter().map(|g| Glyph { cluster: g.cluster + start, ..*g }).collect();
        }
        self.shaped += s.len();
        let glyphs = self.shape_uncached(face, idx, text, range, rtl, script);
        let relative: Arc<[Glyph]> = glyphs.iter().map(|g| Glyph { cluster: g.cluster - start, ..*g }).collect();
        self.cache.insert(key, relative);
        glyphs
    }

    fn shape_uncached(
        &mut self,
        face: &Face,
        idx: FaceIdx,
        text: &str,
        range: Range<usize>,
        rtl: bool,
        script: Script,
    ) -> Arc<[Glyph]> {
        let direction = if rtl { Direction::RightToLeft } else { Direction::LeftToRight };
        let lang = self.lang.clone();
        let plan = self
            .plans
            .entry((idx, rtl, script.tag().to_be_bytes()))
            .or_insert_with(|| ShapePlan::new(&face.font, direction, Some(script), lang.as_ref(), &[]));
        let mut buffer = self.buffer.take().unwrap_or_default();
        buffer.clear();
        buffer.push_str(&text[range.clone()]);
        buffer.set_direction(direction);
        buffer.set_script(Some(script));
        buffer.set_language(lang);
        // Context: Arabic letters join across an item boundary only if the shaper sees the
        // neighbours.
        buffer.set_pre_context(&text[..range.start]);
        buffer.set_post_context(&text[range.end..]);
        let mut flags = BufferFlags::empty();
        if range.start == 0 {
            flags |= BufferFlags::BEGINNING_OF_TEXT;
        }
        if range.end == text.len() {
            flags |= BufferFlags::END_OF_TEXT;
        }
        buffer.set_flags(flags);
        let font = ShaperFont::new(&face.font);
        // A shaping error (a malformed font) leaves the buffer unshaped: nominal glyphs then,
        // so text is never lost.
        let shaped = harfrust::shape(&font, &mut buffer, ShapeOptions::new().plan(Some(plan))).is_ok();
        let glyphs: Arc<[Glyph]> = if shaped {
            buffer
                .glyph_infos()
                .iter()
                .zip(buffer.glyph_positions())
                .map(|(info, pos)| {
                    let gid = info.glyph_id.min(u16::MAX as u32) as u16;
                    let advance = if pos.x_advance as f32 == face.advance_units(gid) {
                        face.width(gid)
                    } else {
                        // Truncated like /W widths, so zero stays zero.
                        (pos.x_advance as f64 * 1000.0 / face.units_per_em as f64) as i32
                    };
                    Glyph {
                        gid,
                        cluster: info.cluster + range.start as u32,
                        advance,
                        dx: face.to_milli(pos.x_offset),
                        dy: face.to_milli(pos.y_offset),
                        unsafe_to_break: info.unsafe_to_break(),
                    }
                })
                .collect()
        } else {
            nominal(face, text, range)
        };
        self.buffer = Some(buffer);
        glyphs
    }
}

/// Characters' nominal glyphs and `/W` widths: no shaping (the fallback after a shaping error).
fn nominal(face: &Face, text: &str, range: Range<usize>) -> Arc<[Glyph]> {
    text[range.clone()]
        .char_indices()
        .map(|(at, c)| {
            let gid = face.glyph(c).unwrap_or(0);
            Glyph {
                gid,
                cluster: (range.start + at) as u32,
                advance: face.width(gid),
                dx: 0,
                dy: 0,
                unsafe_to_break: false,
            }
        })
        .collect()
}

/// Whether `c` is a right-to-left character (or control): the bidi algorithm runs only
/// for text that has one.
pub fn is_rtl_char(c: char) -> bool {
    matches!(c as u32,
        0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF | 0x10800..=0x10FFF | 0x1E800..=0x1EFFF
        | 0x200F | 0x202B | 0x202E | 0x2067)
}

/// Splits `range` where the bidi level or the script changes. Characters of no particular
/// script (Common, Inherited) take the script of the text before them (or after, at the
/// start), as HarfBuzz's script itemization does.
pub fn split_runs<L: Copy + PartialEq>(
    text: &str,
    range: Range<usize>,
    levels: &[L],
) -> Vec<(Range<usize>, L, Script)> {
    let mut runs: Vec<(Range<usize>, L, Script)> = Vec::new();
    for (at, c) in text[range.clone()].char_indices() {
        let at = range.start + at;
        let end = at + c.len_utf8();
        let level = levels[at];
        let script = harfrust::unicode::script(c as u32);
        let common = script == Script::COMMON || script == Script::INHERITED;
        if let Some((r, l, s)) = runs.last_mut() {
            if *l == level && (common || *s == script) {
                r.end = end;
                continue;
            }
            if *l == level && *s == Script::COMMON {
                // The run so far was all Common: it takes this script.
                *s = script;
                r.end = end;
                continue;
            }
        }
        runs.push((at..end, level, if common { Script::COMMON } else { script }));
    }
    for r in &mut runs {
        if r.2 == Script::COMMON {
            r.2 = Script::LATIN;
        }
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::pdf::fonts::{Fonts, Style};
    use crate::render::pdf::subset::BASE;

    /// The lines of the repository's Markdown snapshots and a few kerning-heavy ones.
    fn corpus() -> Vec<String> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it/snapshots");
        let mut lines: Vec<String> = Vec::new();
        let mut files: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
        files.sort();
        for path in files {
            let text = std::fs::read_to_string(path).unwrap();
            lines.extend(text.lines().map(|l| l.trim().to_string()).filter(|l| !l.is_empty()));
        }
        lines.push("AVATAR Wave To: Ty Vo, “Yours” — 12 345,60 € (Größe, façade, Łódź, Œuvre) ‹T› «V» LT’A".into());
        lines
    }

    /// Shapes `text` with harfrust alone (no fast path).
    fn harfrust(shaper: &mut Shaper, face: &Face, idx: FaceIdx, text: &str) -> Arc<[Glyph]> {
        shaper.shape(face, idx, None, text, 0..text.len(), false, Script::LATIN)
    }

    #[test]
    fn the_latin_fast_path_gives_what_harfrust_gives() {
        let fonts = Fonts::embedded_only();
        for style in Style::ALL {
            let face = fonts.face(style as usize);
            let fast = fonts.fast(style as usize).unwrap();
            let mut shaper = Shaper::new("en");
            let (mut checked, mut kerned) = (0, 0);
            for line in corpus() {
                let Some(quick) = fast.shape(&face, &line, 0..line.len()) else { continue };
                let slow = harfrust(&mut shaper, &face, style as usize, &line);
                let key = |g: &Glyph| (g.gid, g.cluster, g.advance, g.dx, g.dy);
                let (a, b): (Vec<_>, Vec<_>) = (quick.iter().map(key).collect(), slow.iter().map(key).collect());
                assert_eq!(a, b, "{style:?}: {line:?}");
                checked += 1;
                kerned += quick.iter().any(|g| g.advance != face.width(g.gid)) as usize;
            }
            assert!(checked > 1000, "{style:?}: only {checked} lines in the base set");
            assert!(kerned > 100, "{style:?}: only {kerned} lines kerned");
        }
    }

    /// Regenerates `assets/fonts/*.kern` (run when the embedded fonts change):
    /// `cargo test --lib generate_kerning_tables -- --ignored`. Every pair of base-set
    /// characters whose shaped advance differs from the `/W` width, as big-endian (left u16,
    /// right u16, delta i16) records.
    #[test]
    #[ignore]
    fn generate_kerning_tables() {
        let fonts = Fonts::embedded_only();
        for style in Style::ALL {
            let face = fonts.face(style as usize);
            let mut shaper = Shaper::new("en");
            let chars: Vec<char> = BASE
                .iter()
                .flat_map(|&(a, b)| a..=b)
                .filter_map(char::from_u32)
                .filter(|c| face.glyph(*c).is_some())
                .collect();
            let mut out = Vec::new();
            for &a in &chars {
                for &b in &chars {
                    let s: String = [a, b].iter().collect();
                    let g = harfrust(&mut shaper, &face, style as usize, &s);
                    assert_eq!(g.len(), 2, "{s:?} is not two glyphs");
                    let delta = g[0].advance - face.width(g[0].gid);
                    if delta != 0 {
                        out.extend((a as u16).to_be_bytes());
                        out.extend((b as u16).to_be_bytes());
                        out.extend((delta as i16).to_be_bytes());
                    }
                }
            }
            let path =
                std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("assets/fonts/{}.kern", style.file()));
            std::fs::write(path, &out).unwrap();
        }
    }
}
