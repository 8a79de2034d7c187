//! Font subsets with typst's `subsetter` (glyf and CFF outlines, collections), built once
//! per process and reused by every document: subsetting is the expensive part of a PDF.
//!
//! An embedded face's subset to [`BASE`], the characters proposals use, is built ahead of
//! time and embedded (`assets/fonts/*.base`); a document drawing anything else with a face
//! gets a subset of exactly its glyphs (plus the base set, for the embedded faces), cached by
//! glyph set. Either way the embedded bytes depend only on
//! the document, never on what was rendered before it.
//!
//! `subsetter` renumbers the kept glyphs in the order they were added (`.notdef` first,
//! composite parts after the requested glyphs) and drops `cmap`: the PDF's CID font addresses
//! glyphs by the new IDs (Identity-H), and the ToUnicode map says which text each stands for.
//! CFF fonts come out CID-keyed with an identity charset (CID = new glyph ID), so the same
//! codes work for both outline kinds. Hinting and glyph names, which subsetter keeps and no
//! PDF viewer uses, are stripped here (half of a Latin subset).

use super::face::{Face, Outlines};
use crate::diag::{Error, Result};
use sha2::{Digest, Sha256};
use std::collections::{BTreeSet, HashMap};
use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};
use subsetter::GlyphRemapper;

/// Unicode ranges every base subset covers: Basic Latin, Latin-1, Latin Extended-A and the
/// punctuation, currency and symbols proposals print. The Latin fast path (`shape.rs`)
/// shapes exactly these characters.
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

/// One face's subset, ready to embed.
pub struct Subset {
    pub outlines: Outlines,
    /// The font program, zlib-compressed: the whole TrueType font for `/FontFile2`, the bare
    /// CFF table (CID-keyed) for `/FontFile3 /Subtype /CIDFontType0C`.
    pub compressed: Vec<u8>,
    /// The uncompressed length (`/Length1` of a `/FontFile2`).
    pub length: usize,
    /// Six uppercase letters hashed from the program.
    pub tag: String,
    /// Original glyph ID -> subset glyph ID (= the code in the content stream, = the CID),
    /// indexed by the original ID (0: not in the subset, or `.notdef`).
    map: Vec<u16>,
    /// `/W` entries: (code, width in 1/1000 em), ascending by code.
    pub widths: Vec<(u16, i32)>,
    /// Glyphs in the program (requested ones, `.notdef` and composite parts): codes from
    /// here on are free for aliases (see `embed.rs`).
    pub num_glyphs: u16,
}

impl Subset {
    /// The code of original glyph `gid` (0, `.notdef`, for a glyph not in the subset).
    pub fn code(&self, gid: u16) -> u16 {
        self.map.get(gid as usize).copied().unwrap_or(0)
    }
}

/// The glyphs of the base set in `face`.
pub fn base_glyphs(face: &Face) -> BTreeSet<u16> {
    BASE.iter().flat_map(|&(a, b)| a..=b).filter_map(char::from_u32).filter_map(|c| face.glyph(c)).collect()
}

/// Builds the subset of `face` keeping `glyphs` (original IDs; `.notdef` is always kept).
pub fn build(face: &Face, glyphs: &BTreeSet<u16>) -> Result<Subset> {
    let failed =
        |what: String| Error::Internal(format!("subsetting {} ({}): {what}", face.postscript_name, face.source));
    let Plan { remapper, map, widths } = plan(face, glyphs).map_err(failed)?;
    let font = subsetter::subset(face.data.as_ref(), face.index, &remapper).map_err(|e| failed(format!("{e:?}")))?;
    let num_glyphs =
        sfnt_table(&font, b"maxp").and_then(|m| m.get(4..6)).map_or(0, |b| u16::from_be_bytes([b[0], b[1]]));
    let program = match face.outlines {
        Outlines::TrueType => strip_hinting(&font).unwrap_or(font),
        Outlines::Cff => {
            sfnt_table(&font, b"CFF ").ok_or_else(|| failed("no CFF table in the subset".into()))?.to_vec()
        }
    };
    // Level 1: font programs compress within a few percent of level 9 at a fraction of the time.
    let mut z = flate2::write::ZlibEncoder::new(Vec::with_capacity(program.len() / 2), flate2::Compression::new(1));
    z.write_all(&program).map_err(|e| failed(e.to_string()))?;
    let compressed = z.finish().map_err(|e| failed(e.to_string()))?;
    let digest = Sha256::new().chain_update(face.postscript_name.as_bytes()).chain_update(&program).finalize();
    let tag = digest.iter().take(6).map(|b| (b'A' + b % 26) as char).collect();
    Ok(Subset { outlines: face.outlines, compressed, length: program.len(), tag, map, widths, num_glyphs })
}

/// Which code each glyph of a subset gets and the widths: a subset without its program.
struct Plan {
    remapper: GlyphRemapper,
    /// As [`Subset`]'s.
    map: Vec<u16>,
    widths: Vec<(u16, i32)>,
}

/// The [`Plan`] of a subset of `face` keeping `glyphs` (`subsetter` numbers them in
/// ascending order after `.notdef`).
fn plan(face: &Face, glyphs: &BTreeSet<u16>) -> std::result::Result<Plan, String> {
    let mut remapper = GlyphRemapper::new();
    for g in glyphs {
        remapper.remap(*g);
    }
    let mut map = vec![0u16; glyphs.iter().next_back().map_or(1, |g| *g as usize + 1)];
    let mut widths = Vec::with_capacity(glyphs.len() + 1);
    for g in std::iter::once(0).chain(glyphs.iter().copied()) {
        let new = remapper.get(g).ok_or_else(|| format!("glyph {g} lost"))?;
        map[g as usize] = new;
        widths.push((new, face.width(g)));
    }
    widths.sort_unstable();
    widths.dedup();
    Ok(Plan { remapper, map, widths })
}

/// The base subset of embedded face `style` as [`build`] makes it, from its program kept in
/// `assets/fonts/NAME.base` (see [`crate::embedded::base_subset`]): building the four at run
/// time was 16.5 M of a 7-page `render --format md,pdf`'s 62 M instructions, on a thread of
/// its own. A test holds each file equal to what `build` makes now. `None` if the file is
/// missing or malformed.
fn prebuilt(face: &Face, style: usize) -> Option<Subset> {
    let name = super::fonts::Style::ALL.get(style)?.file();
    let file = crate::embedded::base_subset(name)?;
    let (head, compressed) = file.split_at_checked(PREBUILT_HEAD)?;
    let tag = std::str::from_utf8(&head[..6]).ok()?.to_string();
    let num_glyphs = u16::from_be_bytes([head[6], head[7]]);
    let length = u32::from_be_bytes([head[8], head[9], head[10], head[11]]) as usize;
    let Plan { map, widths, .. } = plan(face, &base_glyphs(face)).ok()?;
    Some(Subset { outlines: face.outlines, compressed: compressed.to_vec(), length, tag, map, widths, num_glyphs })
}

/// A `.base` file's head: the tag (6 ASCII letters), the glyph count (u16) and the program's
/// uncompressed length (u32), big-endian; the zlib-compressed program follows.
const PREBUILT_HEAD: usize = 12;

/// A table of an sfnt (a single font, as `subsetter` writes it).
pub fn sfnt_table<'a>(font: &'a [u8], tag: &[u8; 4]) -> Option<&'a [u8]> {
    let n = be16(font, 4);
    (0..n).find_map(|i| {
        let rec = font.get(12 + 16 * i..28 + 16 * i)?;
        if &rec[..4] != tag {
            return None;
        }
        let (off, len) = (be32(rec, 8), be32(rec, 12));
        font.get(off..off.checked_add(len)?)
    })
}

/// A face (its address: faces live as long as the run's library) and a glyph set.
type Key = (usize, Vec<u16>);

/// Subsets built so far in this process: the embedded faces' base subsets, and others by
/// face and glyph set.
#[derive(Default)]
pub struct Cache {
    base: [OnceLock<std::result::Result<Arc<Subset>, String>>; 4],
    other: Mutex<HashMap<Key, Arc<Subset>>>,
}

impl Cache {
    /// The base subset of embedded face number `style`, read from its prebuilt program on
    /// first use (built if that is missing).
    pub fn base(&self, face: &Face, style: usize) -> Result<Arc<Subset>> {
        let slot = self.base.get(style).ok_or_else(|| Error::Internal(format!("no embedded face {style}")))?;
        slot.get_or_init(|| match prebuilt(face, style) {
            Some(subset) => Ok(Arc::new(subset)),
            None => build(face, &base_glyphs(face)).map(Arc::new).map_err(|e| e.to_string()),
        })
        .clone()
        .map_err(Error::Internal)
    }

    /// The subset of `face` for a document drawing `glyphs` with it; `embedded`: the face's
    /// style number if it is one of the embedded family (whose subsets hold the base set).
    pub fn get(&self, face: &Arc<Face>, embedded: Option<usize>, glyphs: &BTreeSet<u16>) -> Result<Arc<Subset>> {
        let mut glyphs = glyphs.clone();
        if let Some(style) = embedded {
            let base = base_glyphs(face);
            if glyphs.is_subset(&base) {
                return self.base(face, style);
            }
            glyphs.extend(base);
        }
        let key = (Arc::as_ptr(face) as usize, glyphs.iter().copied().collect::<Vec<_>>());
        let poisoned = || Error::Internal("font subset cache lock poisoned".into());
        if let Some(s) = self.other.lock().map_err(|_| poisoned())?.get(&key) {
            return Ok(s.clone());
        }
        let subset = Arc::new(build(face, &glyphs)?);
        Ok(self.other.lock().map_err(|_| poisoned())?.entry(key).or_insert(subset).clone())
    }
}

fn be16(d: &[u8], at: usize) -> usize {
    d.get(at..at + 2).map_or(0, |b| u16::from_be_bytes([b[0], b[1]]) as usize)
}

fn be32(d: &[u8], at: usize) -> usize {
    d.get(at..at + 4).map_or(0, |b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as usize)
}

/// A TrueType font without hinting: no `cvt `, `fpgm`, `prep`, no glyph instructions, a
/// version 3 `post` (no glyph names). `None` if the font is not as expected (it is then
/// embedded as is).
pub fn strip_hinting(font: &[u8]) -> Option<Vec<u8>> {
    let n = be16(font, 4);
    let mut tables: Vec<([u8; 4], &[u8])> = Vec::with_capacity(n);
    for i in 0..n {
        let rec = font.get(12 + 16 * i..28 + 16 * i)?;
        let (off, len) = (be32(rec, 8), be32(rec, 12));
        tables.push((rec[..4].try_into().ok()?, font.get(off..off + len)?));
    }
    let table = |tag: &[u8; 4]| tables.iter().find(|t| &t.0 == tag).map(|t| t.1);
    let (head, loca, glyf, maxp) = (table(b"head")?, table(b"loca")?, table(b"glyf")?, table(b"maxp")?);
    let long = be16(head, 50) == 1;
    let count = be16(maxp, 4);
    let offset = |g: usize| if long { be32(loca, 4 * g) } else { 2 * be16(loca, 2 * g) };
    let mut new_glyf = Vec::with_capacity(glyf.len());
    let mut new_loca = Vec::with_capacity(4 * (count + 1));
    for g in 0..count {
        new_loca.extend_from_slice(&(new_glyf.len() as u32).to_be_bytes());
        let data = glyf.get(offset(g)..offset(g + 1))?;
        if data.len() < 10 {
            continue;
        }
        let contours = be16(data, 0) as i16;
        if contours >= 0 {
            let at = 10 + 2 * contours as usize;
            let ilen = be16(data, at);
            new_glyf.extend_from_slice(data.get(..at)?);
            new_glyf.extend_from_slice(&[0, 0]);
            new_glyf.extend_from_slice(data.get(at + 2 + ilen..)?);
        } else {
            // Composite: clear WE_HAVE_INSTRUCTIONS, drop what follows the last component.
            let mut out = data.to_vec();
            let mut at = 10;
            loop {
                let flags = be16(data, at);
                let args = if flags & 0x0001 != 0 { 4 } else { 2 };
                let transform = if flags & 0x0008 != 0 {
                    2
                } else if flags & 0x0040 != 0 {
                    4
                } else if flags & 0x0080 != 0 {
                    8
                } else {
                    0
                };
                out.get_mut(at..at + 2)?.copy_from_slice(&((flags & !0x0100) as u16).to_be_bytes());
                at += 4 + args + transform;
                if flags & 0x0020 == 0 {
                    break;
                }
            }
            out.truncate(at);
            new_glyf.extend_from_slice(&out);
        }
        new_glyf.resize(new_glyf.len().div_ceil(4) * 4, 0);
    }
    new_loca.extend_from_slice(&(new_glyf.len() as u32).to_be_bytes());
    let mut new_head = head.to_vec();
    new_head.get_mut(50..52)?.copy_from_slice(&1u16.to_be_bytes());
    let mut post = table(b"post")?.get(..32)?.to_vec();
    post[..4].copy_from_slice(&0x0003_0000u32.to_be_bytes());
    let mut out_tables: Vec<([u8; 4], Vec<u8>)> = tables
        .iter()
        .filter(|t| !matches!(&t.0, b"cvt " | b"fpgm" | b"prep"))
        .map(|t| {
            let data = match &t.0 {
                b"glyf" => std::mem::take(&mut new_glyf),
                b"loca" => std::mem::take(&mut new_loca),
                b"head" => new_head.clone(),
                b"post" => post.clone(),
                _ => t.1.to_vec(),
            };
            (t.0, data)
        })
        .collect();
    out_tables.sort_by_key(|t| t.0);
    Some(sfnt(&out_tables))
}

fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |sum, c| {
        let mut w = [0u8; 4];
        w[..c.len()].copy_from_slice(c);
        sum.wrapping_add(u32::from_be_bytes(w))
    })
}

/// An sfnt from tables sorted by tag, with checksums and `head.checkSumAdjustment`.
fn sfnt(tables: &[([u8; 4], Vec<u8>)]) -> Vec<u8> {
    let n = tables.len() as u16;
    let pow = 1u16 << (15 - n.leading_zeros());
    let mut out = Vec::new();
    out.extend_from_slice(&0x0001_0000u32.to_be_bytes());
    for v in [n, pow * 16, pow.trailing_zeros() as u16, n * 16 - pow * 16] {
        out.extend_from_slice(&v.to_be_bytes());
    }
    let mut offset = 12 + 16 * tables.len();
    for (tag, data) in tables {
        out.extend_from_slice(tag);
        let mut d = data.clone();
        if tag == b"head" {
            d[8..12].fill(0);
        }
        out.extend_from_slice(&checksum(&d).to_be_bytes());
        out.extend_from_slice(&(offset as u32).to_be_bytes());
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        offset += data.len().div_ceil(4) * 4;
    }
    let mut head_at = None;
    for (tag, data) in tables {
        if tag == b"head" {
            head_at = Some(out.len());
        }
        out.extend_from_slice(data);
        out.resize(out.len().div_ceil(4) * 4, 0);
    }
    if let Some(at) = head_at {
        out[at + 8..at + 12].fill(0);
        let adjust = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
        out[at + 8..at + 12].copy_from_slice(&adjust.to_be_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::pdf::fonts::{Fonts, Style};

    #[test]
    fn a_base_subset_is_built_once_and_keeps_each_glyphs_advance_without_hinting() {
        let fonts = Fonts::embedded_only();
        let face = fonts.face(Style::Italic as usize);
        let cache = Cache::default();
        let a = cache.get(&face, Some(2), &[face.glyph('T').unwrap()].into()).unwrap();
        let b = cache.get(&face, Some(2), &[face.glyph('€').unwrap()].into()).unwrap();
        assert!(Arc::ptr_eq(&a, &b), "one base subset per face");
        assert!(a.tag.len() == 6 && a.tag.chars().all(|c| c.is_ascii_uppercase()));
        let program = {
            use std::io::Read;
            let mut out = Vec::new();
            flate2::read::ZlibDecoder::new(&a.compressed[..]).read_to_end(&mut out).unwrap();
            out
        };
        assert_eq!(program.len(), a.length);
        for tag in [b"fpgm", b"prep", b"cvt ", b"cmap"] {
            assert!(sfnt_table(&program, tag).is_none(), "{}", String::from_utf8_lossy(tag));
        }
        assert!(program.len() < 40_000, "{} bytes", program.len());
        // Every base glyph keeps its advance under its new number.
        let subset = read_fonts::model::Font::new(program, 0).unwrap();
        for g in base_glyphs(&face) {
            let advance = subset.glyph_metrics().h_advance(read_fonts::types::GlyphId::new(a.code(g) as u32));
            assert_eq!((advance * 1000.0 / subset.units_per_em() as f32) as i32, face.width(g), "glyph {g}");
        }
        // A glyph outside the base set: a new subset, the same for a new cache.
        let omega = [face.glyph('Ω').unwrap()].into();
        let extended = cache.get(&face, Some(2), &omega).unwrap();
        assert_ne!(extended.tag, a.tag);
        assert_ne!(extended.code(face.glyph('Ω').unwrap()), 0);
        assert_eq!(Cache::default().get(&face, Some(2), &omega).unwrap().tag, extended.tag);
    }

    /// Each embedded face's prebuilt base subset is what [`build`] makes of it now.
    /// `PROPOSE_BLESS=1 cargo test --lib prebuilt_base` rewrites `assets/fonts/*.base` (when the
    /// fonts, `subsetter`, hinting stripping or [`BASE`] change).
    #[test]
    fn the_prebuilt_base_subsets_are_what_build_makes() {
        let fonts = Fonts::embedded_only();
        for style in Style::ALL {
            let face = fonts.face(style as usize);
            let built = build(&face, &base_glyphs(&face)).unwrap();
            if std::env::var_os("PROPOSE_BLESS").is_some() {
                let mut file = built.tag.clone().into_bytes();
                file.extend(built.num_glyphs.to_be_bytes());
                file.extend((built.length as u32).to_be_bytes());
                file.extend(&built.compressed);
                let path = format!("{}/assets/fonts/{}.base", env!("CARGO_MANIFEST_DIR"), style.file());
                std::fs::write(path, file).unwrap();
                continue;
            }
            let kept = prebuilt(&face, style as usize).expect("a prebuilt base subset");
            let fields = |s: &Subset| (s.tag.clone(), s.num_glyphs, s.length, s.map.clone(), s.widths.clone());
            assert_eq!(
                fields(&kept),
                fields(&built),
                "{style:?}: run `PROPOSE_BLESS=1 cargo test --lib prebuilt_base`"
            );
            assert!(kept.compressed == built.compressed, "{style:?}: the program differs");
        }
    }
}
