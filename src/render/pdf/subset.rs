//! Font subsets, built once per process and reused by every document.
//!
//! Subsetting per document is what makes PDF output slow, so a face is subset once to
//! [`BASE`], the characters proposals use, and that program is parsed for printpdf and
//! compressed once. A document using a character outside `BASE` gets `BASE` plus its extra
//! characters; such subsets are cached by their character set. Either way the embedded bytes
//! depend only on the document, never on what was rendered before it.
//!
//! A subset is a real TrueType font: the glyphs renumbered in character order (so its
//! character map is a handful of ranges), composite glyphs' parts included and renumbered,
//! hinting instructions dropped (PDF viewers rasterise without them), and only the tables a
//! PDF font program needs. printpdf is handed the subset itself, so its glyph IDs, `/W`
//! widths and ToUnicode map are the subset's.

use super::fonts::{i16_at, u16_at, u32_at, Face, Style};
use crate::diag::{Error, Result};
use sha2::{Digest, Sha256};
use std::collections::{BTreeSet, HashMap};
use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

/// Unicode ranges every base subset covers: Basic Latin, Latin-1, Latin Extended-A and the
/// punctuation, currency and symbols proposals print.
pub const BASE: &[(u32, u32)] = &[
    (0x20, 0x7E),
    (0xA0, 0x17F),
    (0x2009, 0x2009),
    (0x2013, 0x2026),
    (0x202F, 0x202F),
    (0x2030, 0x2030),
    (0x2039, 0x203A),
    (0x20A9, 0x20A9),
    (0x20AC, 0x20AC),
    (0x2122, 0x2122),
    (0x2190, 0x2193),
    (0x2212, 0x2212),
    (0x2264, 0x2265),
];

pub fn in_base(c: char) -> bool {
    let c = c as u32;
    BASE.iter().any(|&(lo, hi)| (lo..=hi).contains(&c))
}

/// One face's subset: the compressed program for `/FontFile2`, and the same font parsed
/// for printpdf.
pub struct Subset {
    /// The zlib-compressed TrueType bytes (`/Filter /FlateDecode`).
    pub compressed: Vec<u8>,
    /// The uncompressed length (`/Length1`).
    pub length: usize,
    /// The six-letter subset tag, derived from the face and the font's bytes.
    pub tag: String,
    pub parsed: printpdf::ParsedFont,
}

/// A face and the characters beyond [`BASE`] its subset adds.
type Key = (Style, Vec<char>);

/// Subsets built so far: one base subset per face, plus extended ones by character set.
#[derive(Default)]
pub struct Cache {
    base: [OnceLock<std::result::Result<Arc<Subset>, String>>; 4],
    extended: Mutex<HashMap<Key, Arc<Subset>>>,
}

impl Cache {
    /// The subset of `face` for a document drawing `chars` with it (characters the face
    /// lacks were replaced before layout).
    pub fn get(&self, face: &Face, chars: &BTreeSet<char>) -> Result<Arc<Subset>> {
        let extra: Vec<char> = chars.iter().copied().filter(|c| !in_base(*c) && face.glyph(*c).is_some()).collect();
        if extra.is_empty() {
            return self.base(face);
        }
        let key = (face.style, extra);
        if let Some(s) = self.extended.lock().map_err(|_| poisoned())?.get(&key) {
            return Ok(s.clone());
        }
        let mut all = base_chars();
        all.extend(key.1.iter().copied());
        let subset = Arc::new(build(face, &all)?);
        let mut map = self.extended.lock().map_err(|_| poisoned())?;
        Ok(map.entry(key).or_insert(subset).clone())
    }
}

impl Cache {
    /// The base subset of `face`, built on first use; a second caller meanwhile waits for
    /// it rather than building it again.
    pub fn base(&self, face: &Face) -> Result<Arc<Subset>> {
        self.base[face.style as usize]
            .get_or_init(|| build(face, &base_chars()).map(Arc::new).map_err(|e| e.to_string()))
            .clone()
            .map_err(Error::Internal)
    }
}

fn poisoned() -> Error {
    Error::Internal("font subset cache lock poisoned".into())
}

fn base_chars() -> BTreeSet<char> {
    BASE.iter().flat_map(|&(lo, hi)| lo..=hi).filter_map(char::from_u32).collect()
}

fn build(face: &Face, chars: &BTreeSet<char>) -> Result<Subset> {
    let font = subset(face, chars, true)?;
    // printpdf reads the character map and metrics, and decodes every glyph it writes a
    // width for; given the same font without outlines, that decoding costs nothing.
    let metrics = subset(face, chars, false)?;
    let mut warnings = Vec::new();
    let mut parsed = printpdf::ParsedFont::from_bytes(&metrics, 0, &mut warnings)
        .ok_or_else(|| Error::Internal(format!("printpdf cannot read the {:?} subset: {warnings:?}", face.style)))?;
    // printpdf clones the face three times per document; this per-glyph map of strings is
    // only read for glyph-ID text, which is never written here.
    parsed.reverse_glyph_cache.clear();
    let failed = |e: std::io::Error| Error::Internal(format!("compressing a font: {e}"));
    // Level 1: font programs compress within 4% of level 9 here, at a fraction of the time.
    let mut z = flate2::write::ZlibEncoder::new(Vec::with_capacity(font.len() * 2 / 3), flate2::Compression::new(1));
    z.write_all(&font).map_err(failed)?;
    let compressed = z.finish().map_err(failed)?;
    let digest = Sha256::new().chain_update([face.style as u8]).chain_update(&font).finalize();
    let tag = digest.iter().take(6).map(|b| (b'A' + b % 26) as char).collect();
    Ok(Subset { compressed, length: font.len(), tag, parsed })
}

/// Tables of a subset, in the order written (sorted by tag, as the spec asks).
const TABLES: &[&[u8; 4]] = &[b"OS/2", b"cmap", b"glyf", b"head", b"hhea", b"hmtx", b"loca", b"maxp", b"name", b"post"];

/// A TrueType font with the glyphs of `chars` that `face` has, `.notdef` and the parts of
/// composite glyphs; glyph IDs renumbered in character order. Without `outlines` every
/// glyph is empty (the metrics stay).
pub fn subset(face: &Face, chars: &BTreeSet<char>, outlines: bool) -> Result<Vec<u8>> {
    let bad = |what: &str| Error::Internal(format!("subsetting {:?}: {what}", face.style));
    let glyf = face.table(b"glyf").ok_or_else(|| bad("no glyf"))?;
    let loca = face.table(b"loca").ok_or_else(|| bad("no loca"))?;
    let hmtx = face.table(b"hmtx").ok_or_else(|| bad("no hmtx"))?;
    let hhea = face.table(b"hhea").ok_or_else(|| bad("no hhea"))?;
    let n = face.num_glyphs as usize;
    let span = |g: u16| -> Result<&[u8]> {
        let g = g as usize;
        let (a, b) = if face.long_loca {
            (u32_at(loca, 4 * g) as usize, u32_at(loca, 4 * g + 4) as usize)
        } else {
            (2 * u16_at(loca, 2 * g) as usize, 2 * u16_at(loca, 2 * g + 2) as usize)
        };
        if g < n && a <= b && b <= glyf.len() {
            Ok(&glyf[a..b])
        } else {
            Err(bad("bad loca"))
        }
    };

    // New IDs: .notdef, then glyphs in order of the first character drawing them, then the
    // parts of composites.
    let mut order: Vec<u16> = vec![0];
    let mut new_id: HashMap<u16, u16> = HashMap::from([(0, 0)]);
    let mut cmap: Vec<(u16, u16)> = Vec::new();
    for c in chars {
        let (Some(old), Ok(cp)) = (face.glyph(*c), u16::try_from(*c as u32)) else { continue };
        let id = *new_id.entry(old).or_insert_with(|| {
            order.push(old);
            (order.len() - 1) as u16
        });
        cmap.push((cp, id));
    }
    let mut i = 0;
    while i < order.len() {
        for part in components(span(order[i])?).into_iter().map(|(_, g)| g) {
            new_id.entry(part).or_insert_with(|| {
                order.push(part);
                (order.len() - 1) as u16
            });
        }
        i += 1;
    }

    // glyf without instructions, composites pointing at the new IDs; long loca.
    let mut new_glyf = Vec::new();
    let mut new_loca = Vec::with_capacity(4 * (order.len() + 1));
    for old in &order {
        new_loca.extend_from_slice(&(new_glyf.len() as u32).to_be_bytes());
        let data = span(*old)?;
        if outlines && data.len() >= 10 {
            new_glyf.extend_from_slice(&strip(data, &new_id).ok_or_else(|| bad("malformed glyph"))?);
            new_glyf.resize(new_glyf.len().div_ceil(4) * 4, 0);
        }
    }
    new_loca.extend_from_slice(&(new_glyf.len() as u32).to_be_bytes());

    // hmtx: a full metric per glyph.
    let metrics = u16_at(hhea, 34).max(1) as usize;
    let mut new_hmtx = Vec::with_capacity(4 * order.len());
    for old in &order {
        let g = *old as usize;
        let advance = u16_at(hmtx, 4 * g.min(metrics - 1));
        let lsb = if g < metrics { u16_at(hmtx, 4 * g + 2) } else { u16_at(hmtx, 4 * metrics + 2 * (g - metrics)) };
        new_hmtx.extend_from_slice(&advance.to_be_bytes());
        new_hmtx.extend_from_slice(&lsb.to_be_bytes());
    }
    let count = order.len() as u16;

    let mut tables: Vec<(&[u8; 4], Vec<u8>)> = Vec::with_capacity(TABLES.len());
    for tag in TABLES {
        let copy = |tag: &[u8; 4]| face.table(tag).map(<[u8]>::to_vec).ok_or_else(|| bad("missing table"));
        let data = match *tag {
            b"glyf" => std::mem::take(&mut new_glyf),
            b"loca" => std::mem::take(&mut new_loca),
            b"hmtx" => std::mem::take(&mut new_hmtx),
            b"cmap" => cmap_table(&cmap),
            b"head" => {
                let mut head = copy(tag)?;
                head.get_mut(8..12).ok_or_else(|| bad("short head"))?.fill(0);
                head.get_mut(50..52).ok_or_else(|| bad("short head"))?.copy_from_slice(&1u16.to_be_bytes());
                head
            }
            b"hhea" => {
                let mut hhea = copy(tag)?;
                hhea.get_mut(34..36).ok_or_else(|| bad("short hhea"))?.copy_from_slice(&count.to_be_bytes());
                hhea
            }
            b"maxp" => {
                let mut maxp = copy(tag)?;
                maxp.get_mut(4..6).ok_or_else(|| bad("short maxp"))?.copy_from_slice(&count.to_be_bytes());
                maxp
            }
            b"post" => {
                // Version 3: no glyph names.
                let mut post = copy(tag)?.get(..32).ok_or_else(|| bad("short post"))?.to_vec();
                post[..4].copy_from_slice(&0x0003_0000u32.to_be_bytes());
                post
            }
            _ => match face.table(tag) {
                Some(t) => t.to_vec(),
                None => continue,
            },
        };
        tables.push((tag, data));
    }
    Ok(sfnt(tables))
}

/// The parts of a composite glyph: (offset of the part's glyph ID in `data`, glyph ID).
fn components(data: &[u8]) -> Vec<(usize, u16)> {
    let mut out = Vec::new();
    if data.len() < 10 || i16_at(data, 0) >= 0 {
        return out;
    }
    let mut at = 10;
    while at + 4 <= data.len() {
        let flags = u16_at(data, at);
        out.push((at + 2, u16_at(data, at + 2)));
        at += part_len(flags);
        if flags & MORE_COMPONENTS == 0 {
            break;
        }
    }
    out
}

const ARGS_ARE_WORDS: u16 = 0x0001;
const HAVE_SCALE: u16 = 0x0008;
const MORE_COMPONENTS: u16 = 0x0020;
const HAVE_XY_SCALE: u16 = 0x0040;
const HAVE_2X2: u16 = 0x0080;
const HAVE_INSTRUCTIONS: u16 = 0x0100;

/// The length of one composite part record with these flags.
fn part_len(flags: u16) -> usize {
    let args = if flags & ARGS_ARE_WORDS != 0 { 4 } else { 2 };
    let transform = match flags {
        f if f & HAVE_SCALE != 0 => 2,
        f if f & HAVE_XY_SCALE != 0 => 4,
        f if f & HAVE_2X2 != 0 => 8,
        _ => 0,
    };
    4 + args + transform
}

/// A glyph's data without its hinting instructions, composite parts renumbered.
fn strip(data: &[u8], new_id: &HashMap<u16, u16>) -> Option<Vec<u8>> {
    let contours = i16_at(data, 0);
    if contours >= 0 {
        let at = 10 + 2 * contours as usize;
        let len = u16_at(data, at) as usize;
        let rest = data.get(at + 2 + len..)?;
        let mut out = Vec::with_capacity(data.len());
        out.extend_from_slice(data.get(..at)?);
        out.extend_from_slice(&[0, 0]);
        out.extend_from_slice(rest);
        return Some(out);
    }
    let mut out = data.to_vec();
    let mut at = 10;
    loop {
        let flags = u16_at(data, at);
        let old = u16_at(data, at + 2);
        out.get_mut(at + 2..at + 4)?.copy_from_slice(&new_id.get(&old)?.to_be_bytes());
        out.get_mut(at..at + 2)?.copy_from_slice(&(flags & !HAVE_INSTRUCTIONS).to_be_bytes());
        let next = at + part_len(flags);
        if flags & MORE_COMPONENTS == 0 {
            out.truncate(next);
            return (next <= data.len()).then_some(out);
        }
        at = next;
    }
}

/// A `cmap` with one format 4 subtable (Windows, Unicode BMP): one segment per run of
/// consecutive characters with consecutive glyph IDs.
fn cmap_table(pairs: &[(u16, u16)]) -> Vec<u8> {
    let mut segments: Vec<(u16, u16, u16)> = Vec::new();
    for &(cp, gid) in pairs {
        let delta = gid.wrapping_sub(cp);
        match segments.last_mut() {
            Some((_, end, d)) if *end + 1 == cp && *d == delta => *end = cp,
            _ => segments.push((cp, cp, delta)),
        }
    }
    segments.push((0xFFFF, 0xFFFF, 1));
    let count = segments.len() as u16;
    let pow = 1u16 << (15 - count.leading_zeros());
    let mut sub = Vec::with_capacity(16 + 8 * segments.len());
    let length = 16 + 8 * segments.len() as u16;
    for v in [4, length, 0, count * 2, pow * 2, pow.trailing_zeros() as u16, count * 2 - pow * 2] {
        sub.extend_from_slice(&v.to_be_bytes());
    }
    segments.iter().for_each(|s| sub.extend_from_slice(&s.1.to_be_bytes()));
    sub.extend_from_slice(&[0, 0]);
    segments.iter().for_each(|s| sub.extend_from_slice(&s.0.to_be_bytes()));
    segments.iter().for_each(|s| sub.extend_from_slice(&s.2.to_be_bytes()));
    segments.iter().for_each(|_| sub.extend_from_slice(&[0, 0]));
    let mut out = vec![0, 0, 0, 1, 0, 3, 0, 1, 0, 0, 0, 12];
    out.extend(sub);
    out
}

/// Wraps tables into an sfnt: offset table, directory, 4-byte aligned tables, checksums.
fn sfnt(tables: Vec<(&[u8; 4], Vec<u8>)>) -> Vec<u8> {
    let count = tables.len() as u16;
    let pow = 1u16 << (15 - count.leading_zeros());
    let mut out = Vec::with_capacity(12 + 16 * tables.len() + tables.iter().map(|t| t.1.len() + 3).sum::<usize>());
    out.extend_from_slice(&0x0001_0000u32.to_be_bytes());
    for v in [count, pow * 16, pow.trailing_zeros() as u16, count * 16 - pow * 16] {
        out.extend_from_slice(&v.to_be_bytes());
    }
    let mut offset = 12 + 16 * tables.len();
    for (tag, data) in &tables {
        out.extend_from_slice(*tag);
        out.extend_from_slice(&checksum(data).to_be_bytes());
        out.extend_from_slice(&(offset as u32).to_be_bytes());
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        offset += data.len().div_ceil(4) * 4;
    }
    let mut head_at = None;
    for (tag, data) in &tables {
        if *tag == b"head" {
            head_at = Some(out.len());
        }
        out.extend_from_slice(data);
        out.resize(out.len().div_ceil(4) * 4, 0);
    }
    if let Some(at) = head_at {
        let adjust = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
        out[at + 8..at + 12].copy_from_slice(&adjust.to_be_bytes());
    }
    out
}

fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |sum, c| {
        let mut word = [0u8; 4];
        word[..c.len()].copy_from_slice(c);
        sum.wrapping_add(u32::from_be_bytes(word))
    })
}

/// Reads a subset back: its tables by tag.
#[cfg(test)]
fn tables_of(font: &[u8]) -> std::collections::BTreeMap<[u8; 4], &[u8]> {
    (0..u16_at(font, 4) as usize)
        .map(|i| 12 + 16 * i)
        .map(|r| {
            let tag: [u8; 4] = font[r..r + 4].try_into().unwrap();
            let (off, len) = (u32_at(font, r + 8) as usize, u32_at(font, r + 12) as usize);
            (tag, &font[off..off + len])
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::pdf::fonts::Fonts;

    fn glyph_of<'a>(t: &std::collections::BTreeMap<[u8; 4], &'a [u8]>, g: u16) -> &'a [u8] {
        let loca = t[b"loca"];
        let (a, b) = (u32_at(loca, 4 * g as usize) as usize, u32_at(loca, 4 * g as usize + 4) as usize);
        &t[b"glyf"][a..b]
    }

    #[test]
    fn keeps_the_glyphs_of_the_characters_with_their_widths_and_a_working_cmap() {
        let fonts = Fonts::load().unwrap();
        let face = fonts.face(Style::Regular);
        let chars: BTreeSet<char> = "Aé€ ".chars().collect();
        let font = subset(face, &chars, true).unwrap();
        assert_eq!(&font[..4], &[0, 1, 0, 0]);
        assert_eq!(checksum(&font), 0xB1B0_AFBA, "checkSumAdjustment balances the file");
        let t = tables_of(&font);
        assert!(!t.contains_key(b"GPOS") && !t.contains_key(b"fpgm"));
        // é may be a composite: its parts come along, renumbered inside the subset.
        let count = u16_at(t[b"maxp"], 4);
        assert!((5..=8).contains(&count), "{count} glyphs");
        // The subset's own cmap maps each character to a glyph with the original advance.
        let mut subset_face: HashMap<char, u16> =
            crate::render::pdf::fonts::read_cmap(t[b"cmap"]).unwrap().into_iter().collect();
        for c in chars {
            let g = subset_face.remove(&c).unwrap();
            let advance = u16_at(t[b"hmtx"], 4 * g as usize);
            let original = face.glyph(c).unwrap();
            assert_eq!(advance as u32 * 1000 / 2048, face.glyph_width(original) as u32, "{c}");
            assert_eq!(glyph_of(&t, g).is_empty(), c == ' ');
        }
    }

    #[test]
    fn composite_parts_point_inside_the_subset() {
        let fonts = Fonts::load().unwrap();
        let face = fonts.face(Style::Bold);
        let chars = base_chars();
        let font = subset(face, &chars, true).unwrap();
        let t = tables_of(&font);
        let count = u16_at(t[b"maxp"], 4);
        let mut composites = 0;
        for g in 0..count {
            for (_, part) in components(glyph_of(&t, g)) {
                assert!(part < count);
                composites += 1;
            }
        }
        assert!(composites > 0);
        assert!(font.len() < face.data.len() / 5, "{} bytes", font.len());
    }

    #[test]
    fn base_subsets_are_built_once_and_tagged_deterministically() {
        let fonts = Fonts::load().unwrap();
        let face = fonts.face(Style::Italic);
        let cache = Cache::default();
        let a = cache.get(face, &"Total €".chars().collect()).unwrap();
        let b = cache.get(face, &"other".chars().collect()).unwrap();
        assert!(Arc::ptr_eq(&a, &b));
        assert_eq!(a.tag.len(), 6);
        assert!(a.tag.chars().all(|c| c.is_ascii_uppercase()));
        let extended = cache.get(face, &"Ω".chars().collect()).unwrap();
        assert_ne!(extended.tag, a.tag);
        assert_eq!(Cache::default().get(face, &"Ω".chars().collect()).unwrap().tag, extended.tag);
        assert!(extended.parsed.lookup_glyph_index('Ω' as u32).is_some());
    }
}
