//! The PDF's fonts and the text drawn with them: which glyphs of which face a document
//! draws, the codes the content stream writes for them, and the Type 0 fonts (subset
//! program, `/W` widths, ToUnicode map) written after printpdf, which is given no fonts.
//!
//! Text goes into the content stream in logical (reading) order, each glyph string placed
//! by `Td` where the viewer's pen would not already be, and written with `Tj` only: lopdf's
//! extractor (which `verify` uses) then reads every line exactly as it was typed, right to
//! left runs included. A glyph drawn for two texts (a mirrored bracket, a space glyph shared
//! by U+0020 and U+00A0) gets a second code in TrueType fonts, since ToUnicode maps codes,
//! not glyphs; CFF fonts cannot alias, so there the first text wins.

use super::draw::{Placed, Span};
use super::face::{Face, Outlines};
use super::fonts::Fonts;
use super::subset::{Cache, Subset};
use crate::diag::Result;
use lopdf::{Dictionary, Object, Stream, StringFormat};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::Arc;

/// The text a glyph occurrence stands for.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Text {
    /// One character whose nominal glyph this is (nearly every glyph of every document).
    Nominal(char),
    /// Anything else: a ligature, a bidi-mirrored bracket, part of a cluster.
    Other(String),
}

/// A span's glyphs in writing (logical) order, each with the text it stands for.
pub fn emission(face_of: &dyn Fn(u16) -> Arc<Face>, span: &Span) -> Vec<(Placed, Text)> {
    let glyphs = &span.glyphs;
    let n = glyphs.len();
    // By cluster; inside a right-to-left cluster in reverse visual order (the shaper
    // reversed it). Left-to-right glyphs are in writing order as shaped.
    let logical: Option<Vec<usize>> = glyphs.iter().any(|g| g.rtl).then(|| {
        let mut logical: Vec<usize> = (0..n).collect();
        logical.sort_by_key(|&i| (glyphs[i].cluster, if glyphs[i].rtl { -(i as i64) } else { i as i64 }));
        logical
    });
    let at = |k: usize| glyphs[logical.as_ref().map_or(k, |l| l[k])];
    // A cluster's text ends where the next cluster starts. With clusters never decreasing in
    // writing order (nearly every span), that is the next glyph of another cluster; otherwise
    // it is looked up among every start, sorted. Sorting each span's starts, twice a
    // document (both passes), was 0.8 M of a 3-page `md,pdf`'s 34.6 M instructions.
    let monotone = (1..n).all(|k| at(k - 1).cluster <= at(k).cluster);
    let mut starts: Vec<u32> = Vec::new();
    if !monotone {
        starts = glyphs.iter().map(|g| g.cluster).collect();
        starts.sort_unstable();
        starts.dedup();
    }
    let end_of = |k: usize| -> usize {
        let start = at(k).cluster;
        let next = match monotone {
            true => (k + 1..n).map(at).map(|g| g.cluster).find(|c| *c != start),
            false => starts.get(starts.partition_point(|c| *c <= start)).copied(),
        };
        next.map_or(span.text.len(), |c| c as usize)
    };
    let mut out = Vec::with_capacity(n);
    let mut face: Option<(u16, Arc<Face>)> = None;
    let mut k = 0;
    while k < n {
        let first = at(k);
        let mut m = k + 1;
        while m < n && at(m).cluster == first.cluster && at(m).face == first.face {
            m += 1;
        }
        let cluster = span.text.get(first.cluster as usize..end_of(k)).unwrap_or("");
        let f = match &face {
            Some((i, f)) if *i == first.face => f,
            _ => &face.insert((first.face, face_of(first.face))).1,
        };
        if m == k + 1 {
            // One glyph: nearly always its character's own glyph.
            let mut chars = cluster.chars();
            let text = match (chars.next(), chars.next()) {
                (Some(c), None) if f.glyph(c) == Some(first.gid) => Text::Nominal(c),
                _ => Text::Other(cluster.to_string()),
            };
            out.push((first, text));
        } else {
            let ids: Vec<u16> = (k..m).map(|i| at(i).gid).collect();
            for (t, i) in cluster_texts(f, cluster, &ids).into_iter().zip(k..m) {
                out.push((at(i), t));
            }
        }
        k = m;
    }
    out
}

/// Splits a cluster's text between its glyphs (in writing order): glyphs that are the
/// nominal glyph of one of the cluster's characters take that character; the first glyph
/// takes the rest (a ligature takes all).
fn cluster_texts(face: &Face, text: &str, glyphs: &[u16]) -> Vec<Text> {
    if let [gid] = glyphs {
        let mut chars = text.chars();
        return match (chars.next(), chars.next()) {
            (Some(c), None) if face.glyph(c) == Some(*gid) => vec![Text::Nominal(c)],
            _ => vec![Text::Other(text.to_string())],
        };
    }
    let mut rest: Vec<char> = text.chars().collect();
    let mut out = vec![Text::Other(String::new()); glyphs.len()];
    for (k, gid) in glyphs.iter().enumerate().skip(1) {
        if let Some(pos) = rest.iter().position(|c| face.glyph(*c) == Some(*gid)) {
            out[k] = Text::Nominal(rest.remove(pos));
        }
    }
    out[0] = Text::Other(rest.into_iter().collect());
    out
}

/// What a document draws with one face, in order of first use, so resource names, codes
/// and ToUnicode maps depend only on the document.
#[derive(Default)]
struct Use {
    /// Resource name, `FONT01`.. in order of first use.
    name: String,
    /// One bit per glyph drawn; one per glyph drawn for its nominal character.
    drawn: Vec<u64>,
    nominal_drawn: Vec<u64>,
    /// Glyphs drawn for their nominal character, first use first.
    nominal: Vec<(u16, char)>,
    /// (glyph, text) pairs drawn for anything else, first use first.
    others: Vec<(u16, String)>,
    seen: HashSet<(u16, String)>,
}

/// Values by face index (a document's faces are numbered from 0 and few).
type ByFace<T> = Vec<Option<T>>;

/// Face `f`'s entry of `by`.
fn of<T>(by: &ByFace<T>, f: u16) -> Option<&T> {
    by.get(f as usize).and_then(Option::as_ref)
}

/// Face `f`'s slot of `by`, made when missing.
fn slot<T>(by: &mut ByFace<T>, f: u16) -> &mut Option<T> {
    let i = f as usize;
    if by.len() <= i {
        by.resize_with(i + 1, || None);
    }
    &mut by[i]
}

/// Sets bit `g` of `bits`; whether it was clear.
fn set(bits: &mut Vec<u64>, g: u16) -> bool {
    let (word, bit) = (g as usize / 64, 1u64 << (g % 64));
    if bits.len() <= word {
        bits.resize(word + 1, 0);
    }
    let clear = bits[word] & bit == 0;
    bits[word] |= bit;
    clear
}

impl Use {
    fn glyphs(&self) -> BTreeSet<u16> {
        let bits = self.drawn.iter().enumerate();
        bits.flat_map(|(i, w)| (0..64).filter(move |b| w & (1 << b) != 0).map(move |b| (i * 64 + b) as u16)).collect()
    }
}

/// Codes of one font and the ToUnicode and CIDToGIDMap data behind them.
struct Codes {
    /// The code of each glyph drawn for other text than its own: by glyph, (text, code).
    other: HashMap<u16, Vec<(String, u16)>>,
    to_unicode: Vec<(u16, String)>,
    /// Alias codes past the subset's glyphs: (code, subset glyph). Empty: `/Identity`.
    aliases: Vec<(u16, u16)>,
}

fn assign_codes(subset: &Subset, u: &Use) -> Codes {
    let mut codes = Codes { other: HashMap::new(), to_unicode: Vec::new(), aliases: Vec::new() };
    let mut has_text: HashSet<u16> = HashSet::with_capacity(u.nominal.len());
    for (gid, c) in &u.nominal {
        codes.to_unicode.push((subset.code(*gid), c.to_string()));
        has_text.insert(*gid);
    }
    let mut next = subset.num_glyphs;
    for (gid, text) in &u.others {
        let base = subset.code(*gid);
        let code = if has_text.insert(*gid) {
            // An empty target would break ToUnicode parsers: a glyph of no text of its own.
            codes.to_unicode.push((base, if text.is_empty() { "\u{FFFD}".into() } else { text.clone() }));
            base
        } else if subset.outlines == Outlines::TrueType && next < u16::MAX && !text.is_empty() {
            codes.aliases.push((next, base));
            codes.to_unicode.push((next, text.clone()));
            next += 1;
            next - 1
        } else {
            base
        };
        codes.other.entry(*gid).or_default().push((text.clone(), code));
    }
    codes.to_unicode.sort_unstable_by_key(|e| e.0);
    codes
}

/// The fonts of one document: faces in order of first use, their subsets and codes. Kept by
/// face index, not hashed: every glyph a document draws looks its face up twice, and
/// hashing the index (with a copy of the text for a glyph drawn for other text) was 1.9 M
/// of a 3-page `render --format md,pdf`'s 36.5 M instructions (callgrind, 2026-12-02).
#[derive(Default)]
pub struct Embedding {
    uses: ByFace<Use>,
    order: Vec<u16>,
    fonts: ByFace<(Arc<Subset>, Codes)>,
}

impl Embedding {
    /// Records what `span` draws (pass 1).
    pub fn record(&mut self, fonts: &Fonts, span: &Span) {
        for (g, text) in emission(&|f| fonts.face(f as usize), span) {
            let order = &mut self.order;
            let u = slot(&mut self.uses, g.face).get_or_insert_with(|| {
                order.push(g.face);
                // Six letters, like the resource names printpdf gives, numbered by first use.
                Use { name: format!("FONT{:02}", order.len()), ..Use::default() }
            });
            set(&mut u.drawn, g.gid);
            match text {
                Text::Nominal(c) => {
                    if set(&mut u.nominal_drawn, g.gid) {
                        u.nominal.push((g.gid, c));
                    }
                }
                Text::Other(t) => {
                    let drawn = (g.gid, t);
                    if !u.seen.contains(&drawn) {
                        u.seen.insert(drawn.clone());
                        u.others.push(drawn);
                    }
                }
            }
        }
    }

    /// Builds (or fetches) the subsets and assigns the codes (between the passes).
    pub fn build(&mut self, fonts: &Fonts, cache: &Cache) -> Result<()> {
        for f in &self.order {
            let Some(u) = of(&self.uses, *f) else { continue };
            let face = fonts.face(*f as usize);
            let embedded = ((*f as usize) < 4).then_some(*f as usize);
            let subset = cache.get(&face, embedded, &u.glyphs())?;
            let codes = assign_codes(&subset, u);
            *slot(&mut self.fonts, *f) = Some((subset, codes));
        }
        Ok(())
    }

    /// The resource name of face `f`.
    pub fn name(&self, f: u16) -> &str {
        of(&self.uses, f).map_or("FONT00", |u| u.name.as_str())
    }

    /// The code that draws glyph `g` for `text`.
    pub fn code(&self, g: &Placed, text: &Text) -> u16 {
        let Some((subset, codes)) = of(&self.fonts, g.face) else { return 0 };
        match text {
            Text::Nominal(_) => subset.code(g.gid),
            Text::Other(t) => codes
                .other
                .get(&g.gid)
                .and_then(|texts| texts.iter().find(|(s, _)| s == t))
                .map_or_else(|| subset.code(g.gid), |(_, code)| *code),
        }
    }

    /// The subset tags, in order of first use (the document ID hashes them).
    pub fn tags(&self) -> impl Iterator<Item = &str> {
        self.order.iter().filter_map(|f| of(&self.fonts, *f)).map(|(s, _)| s.tag.as_str())
    }

    /// Writes the Type 0 fonts into `pdf`'s font resource dictionary `font_dict`.
    pub fn write(&self, fonts: &Fonts, pdf: &mut lopdf::Document, font_dict: lopdf::ObjectId) -> lopdf::Result<()> {
        for f in &self.order {
            let Some((subset, codes)) = of(&self.fonts, *f) else { continue };
            let face = fonts.face(*f as usize);
            let type0 = write_font(pdf, &face, subset, codes);
            pdf.get_dictionary_mut(font_dict)?.set(self.name(*f), Object::Reference(type0));
        }
        Ok(())
    }
}

fn name(s: &str) -> Object {
    Object::Name(s.as_bytes().to_vec())
}

fn write_font(pdf: &mut lopdf::Document, face: &Face, subset: &Subset, c: &Codes) -> lopdf::ObjectId {
    // /W: the subset's glyphs, then the alias codes (same widths as their glyphs).
    let mut w = subset.widths.clone();
    let width_of: HashMap<u16, i32> = subset.widths.iter().copied().collect();
    w.extend(c.aliases.iter().map(|(code, g)| (*code, width_of.get(g).copied().unwrap_or(0))));
    let base = format!("{}+{}", subset.tag, face.postscript_name);
    let d = &face.descriptor;
    // Symbolic (glyphs outside the standard Latin set); italic.
    let flags = 4 | if d.italic_angle != 0.0 { 64 } else { 0 };
    let file = match subset.outlines {
        Outlines::TrueType => {
            let dict = Dictionary::from_iter([
                ("Length1", Object::Integer(subset.length as i64)),
                ("Filter", name("FlateDecode")),
            ]);
            ("FontFile2", pdf.add_object(Stream::new(dict, subset.compressed.clone()).with_compression(false)))
        }
        Outlines::Cff => {
            let dict = Dictionary::from_iter([("Subtype", name("CIDFontType0C")), ("Filter", name("FlateDecode"))]);
            ("FontFile3", pdf.add_object(Stream::new(dict, subset.compressed.clone()).with_compression(false)))
        }
    };
    let descriptor = pdf.add_object(Dictionary::from_iter([
        ("Type", name("FontDescriptor")),
        ("FontName", name(&base)),
        ("Flags", Object::Integer(flags)),
        ("FontBBox", Object::Array(d.bbox.iter().map(|v| Object::Integer(*v as i64)).collect())),
        ("ItalicAngle", Object::Real(d.italic_angle)),
        ("Ascent", Object::Integer(d.ascent as i64)),
        ("Descent", Object::Integer(d.descent as i64)),
        ("CapHeight", Object::Integer(d.cap_height as i64)),
        ("StemV", Object::Integer(50 + ((d.weight as f32 / 65.0).powi(2)).round() as i64)),
        (file.0, Object::Reference(file.1)),
    ]));
    let mut cid = Dictionary::from_iter([
        ("Type", name("Font")),
        ("Subtype", name(if subset.outlines == Outlines::Cff { "CIDFontType0" } else { "CIDFontType2" })),
        ("BaseFont", name(&base)),
        (
            "CIDSystemInfo",
            Object::Dictionary(Dictionary::from_iter([
                ("Registry", Object::String(b"Adobe".to_vec(), StringFormat::Literal)),
                ("Ordering", Object::String(b"Identity".to_vec(), StringFormat::Literal)),
                ("Supplement", Object::Integer(0)),
            ])),
        ),
        ("FontDescriptor", Object::Reference(descriptor)),
        ("DW", Object::Integer(1000)),
        ("W", widths(&w)),
    ]);
    if subset.outlines == Outlines::TrueType {
        if c.aliases.is_empty() {
            cid.set("CIDToGIDMap", name("Identity"));
        } else {
            // Identity up to the subset's glyph count, then each alias code's glyph.
            let mut map: Vec<u8> = (0..subset.num_glyphs).flat_map(u16::to_be_bytes).collect();
            map.extend(c.aliases.iter().flat_map(|(_, g)| g.to_be_bytes()));
            cid.set("CIDToGIDMap", Object::Reference(pdf.add_object(Stream::new(Dictionary::new(), map))));
        }
    }
    let cid = pdf.add_object(cid);
    let cmap = pdf.add_object(Stream::new(Dictionary::new(), to_unicode(&c.to_unicode)));
    pdf.add_object(Dictionary::from_iter([
        ("Type", name("Font")),
        ("Subtype", name("Type0")),
        ("BaseFont", name(&base)),
        ("Encoding", name("Identity-H")),
        ("DescendantFonts", Object::Array(vec![Object::Reference(cid)])),
        ("ToUnicode", Object::Reference(cmap)),
    ]))
}

/// A ToUnicode CMap for `map` (code -> text).
fn to_unicode(map: &[(u16, String)]) -> Vec<u8> {
    use std::fmt::Write;
    let mut s = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry (Adobe) \
         /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 \
         begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    for chunk in map.chunks(100) {
        let _ = writeln!(s, "{} beginbfchar", chunk.len());
        for (code, text) in chunk {
            let hex: String = text.encode_utf16().map(|u| format!("{u:04X}")).collect();
            let _ = writeln!(s, "<{code:04X}> <{hex}>");
        }
        s.push_str("endbfchar\n");
    }
    s.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    s.into_bytes()
}

/// `/W`: runs of consecutive codes.
fn widths(entries: &[(u16, i32)]) -> Object {
    let mut out = Vec::new();
    let mut i = 0;
    while i < entries.len() {
        let mut j = i + 1;
        while j < entries.len() && entries[j].0 == entries[j - 1].0.wrapping_add(1) {
            j += 1;
        }
        out.push(Object::Integer(entries[i].0 as i64));
        out.push(Object::Array(entries[i..j].iter().map(|e| Object::Integer(e.1 as i64)).collect()));
        i = j;
    }
    Object::Array(out)
}
