//! Line breaking and bidi ordering of shaped text, and paragraphs as units with orphan and
//! widow control.
//!
//! Break opportunities are Unicode's (UAX #14, unicode-linebreak): after spaces, after
//! hyphens and dashes, between ideographs, never at a no-break space (so "12 345,60 €" and
//! "31. März 2026", written with U+00A0/U+202F, stay whole), never before closing or after
//! opening punctuation, never between a number and its counter ("365日", "4月"), never after
//! the en dash of a range of figures or hours ("30–60", "8 am–6 pm": `typography::joins_range`,
//! which a table's column widths then make room for whole). Lines are
//! filled greedily with the shaped widths (a table cell set without spaces, whose last line
//! would hold one or two characters, at the narrowest width that keeps its lines: `Shaped::cell_lines`;
//! a paragraph's such last line, its punctuation not counted, takes characters from the line
//! above: `paragraph`);
//! a word alone wider than the line is broken between
//! clusters; a newline is a hard break. Each line is then put in visual order by the bidi
//! algorithm (rule L2), so right-to-left runs read right to left inside a left-to-right
//! sentence.

use super::blocks::Run;
use super::draw::{Draw, Placed, Span, Unit};
use super::fonts::{Fonts, Style};
use super::shape::{is_rtl_char, split_runs, FaceIdx, Glyph};
use super::style::Rgb;
use harfrust::Script;
use std::ops::Range;
use std::rc::Rc;
use std::sync::Arc;
use unicode_bidi::{BidiInfo, Level};
use unicode_linebreak::{break_property, linebreaks, BreakClass, BreakOpportunity};
/// Text settings for a paragraph.
#[derive(Debug, Clone, Copy)]
pub struct TextStyle {
    pub size: f32,
    pub leading: f32,
    pub color: Rgb,
    pub link: Rgb,
    /// Applied on top of each run's own style (a bold table header, an italic caption).
    pub bold: bool,
    pub italic: bool,
}

/// A line of laid-out text and its width.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TextLine {
    /// In reading order (see [`Span`]).
    pub spans: Vec<Span>,
    pub width: f32,
}

/// A shaped stretch of a paragraph: one run, one face, one bidi level, one script.
struct Item {
    range: Range<usize>,
    run: usize,
    face: FaceIdx,
    level: Level,
    script: Script,
    glyphs: Arc<[Glyph]>,
}

/// Breaks `runs` into lines no wider than `width` (see the module's rules). Text no
/// available font covers is laid out with empty glyphs and recorded in `fonts`, which fails
/// the document.
pub fn wrap(fonts: &Fonts, runs: &[Run], ts: &TextStyle, width: f32) -> Vec<TextLine> {
    wrap_inner(fonts, runs, ts, width, (false, Last::Greedy))
}

/// What a part's short last line, set without spaces, gets (see [`short_last`]).
#[derive(Clone, Copy, PartialEq)]
enum Last {
    /// Nothing: the lines as `greedy` fills them.
    Greedy,
    /// Its lines evened out, a table's cell ([`Shaped::cell_lines`]).
    Even,
    /// Characters pulled down from the line above, a paragraph's ([`paragraph`]).
    Pull,
}

/// [`wrap`]; `keep_trailing`: a line's trailing spaces are drawn and measured (a label or
/// a prefix on one line); `last`: what a short last line gets.
fn wrap_inner(fonts: &Fonts, runs: &[Run], ts: &TextStyle, width: f32, modes: (bool, Last)) -> Vec<TextLine> {
    Shaped::new(fonts, runs, ts).laid(fonts, width, modes)
}

/// A paragraph shaped once, to be broken at any width: `wrap` is `Shaped::new` then `lines`.
/// A table tries each cell at many widths while it chooses its columns, and shaping the cell
/// again for each try was half of a brief's instructions (litware's: 597 M, 506 M of them
/// wrapping cells).
pub struct Shaped<'a> {
    runs: &'a [Run],
    styles: Vec<Style>,
    ts: TextStyle,
    /// The paragraph's parts between hard breaks.
    parts: Vec<Shape>,
}

/// One part of a paragraph (no hard breaks), shaped.
struct Shape {
    text: String,
    items: Vec<Item>,
    /// Prefix sums of the advances at each byte offset (a cluster's glyphs at its offset).
    sum: Vec<i64>,
    /// Whether a cluster starts at each byte offset.
    cluster_start: Vec<bool>,
    breaks: Vec<(usize, BreakOpportunity)>,
}

impl<'a> Shaped<'a> {
    /// `runs` in `ts`, shaped.
    pub fn new(fonts: &Fonts, runs: &'a [Run], ts: &TextStyle) -> Shaped<'a> {
        let styles: Vec<Style> =
            runs.iter().map(|r| Style::new(r.style.bold() || ts.bold, r.style.italic() || ts.italic)).collect();
        // The paragraph's text, tabs as spaces, line ends as `\n`; hard breaks split it into
        // parts laid out alone.
        let mut text = String::new();
        let mut ranges = Vec::with_capacity(runs.len());
        for r in runs {
            let start = text.len();
            let mut chars = r.text.chars().peekable();
            while let Some(c) = chars.next() {
                match c {
                    '\t' => text.push(' '),
                    '\r' if chars.peek() == Some(&'\n') => {}
                    '\r' => text.push('\n'),
                    c => text.push(c),
                }
            }
            ranges.push(start..text.len());
        }
        let mut parts = Vec::new();
        let mut start = 0;
        let split: Vec<&str> = text.split('\n').collect();
        let count = split.len();
        for (i, part) in split.into_iter().enumerate() {
            let range = start..start + part.len();
            start = range.end + 1;
            if part.is_empty() && i + 1 == count && count > 1 {
                break;
            }
            let pieces: Vec<(Range<usize>, usize)> = ranges
                .iter()
                .enumerate()
                .filter_map(|(ri, r)| {
                    let (a, b) = (r.start.max(range.start), r.end.min(range.end));
                    (a < b).then(|| (a - range.start..b - range.start, ri))
                })
                .collect();
            parts.push(Shape::new(fonts, part, &pieces, &styles));
        }
        Shaped { runs, styles, ts: *ts, parts }
    }

    /// The paragraph's runs.
    pub fn runs(&self) -> &'a [Run] {
        self.runs
    }

    /// How many lines `wrap` breaks the paragraph into at `width`.
    pub fn count(&self, fonts: &Fonts, width: f32) -> usize {
        let lines: usize =
            self.parts.iter().map(|p| if p.text.is_empty() { 1 } else { p.greedy(self, fonts, width).0.len() }).sum();
        lines.max(1)
    }

    /// The paragraph's lines at `width`, as [`wrap`] breaks them.
    pub fn lines(&self, fonts: &Fonts, width: f32) -> Vec<TextLine> {
        self.laid(fonts, width, (false, Last::Greedy))
    }

    /// The paragraph's lines at `width`, for a table's cell: text set without spaces
    /// (Japanese, Chinese) whose last line would hold at most `SHORT_LAST` characters is
    /// wrapped narrower, in as many lines, evened out ("…ホスティングの評 / 価。" in a
    /// deliverables cell), breaking where `wrap` may.
    pub fn cell_lines(&self, fonts: &Fonts, width: f32) -> Vec<TextLine> {
        self.laid(fonts, width, (false, Last::Even))
    }

    /// The paragraph's lines at `width` (see [`wrap_inner`] for `modes`).
    fn laid(&self, fonts: &Fonts, width: f32, modes: (bool, Last)) -> Vec<TextLine> {
        let mut lines: Vec<TextLine> = self.parts.iter().flat_map(|p| p.lines(self, fonts, width, modes)).collect();
        if lines.is_empty() {
            lines.push(TextLine::default());
        }
        lines
    }
}

impl Shape {
    fn new(fonts: &Fonts, text: &str, pieces: &[(Range<usize>, usize)], styles: &[Style]) -> Shape {
        let items = if text.is_empty() { Vec::new() } else { shape(fonts, text, pieces, styles) };
        // Advance per byte offset (a cluster's glyphs summed at its offset), and prefix sums.
        let mut adv = vec![0i32; text.len() + 1];
        let mut cluster_start = vec![false; text.len() + 1];
        for item in &items {
            for g in item.glyphs.iter() {
                adv[g.cluster as usize] += g.advance;
                cluster_start[g.cluster as usize] = true;
            }
        }
        let mut sum = Vec::with_capacity(adv.len() + 1);
        sum.push(0i64);
        for a in &adv {
            sum.push(sum[sum.len() - 1] + *a as i64);
        }
        let breaks = opportunities(text).collect();
        Shape { text: text.to_string(), items, sum, cluster_start, breaks }
    }

    /// `range` of the part placed on a line.
    fn place(&self, p: &Shaped<'_>, fonts: &Fonts, range: Range<usize>) -> TextLine {
        place(fonts, &self.text, &self.items, p.runs, &p.styles, &p.ts, range)
    }

    /// Whether a line fits in `width` as `place` draws it: a line ending where the shaper
    /// kerned its last glyph against the space after it ("SLA " in Liberation Sans) is reshaped
    /// without that kerning, so near the limit the placed width decides, not the part's sums.
    fn fits(&self, p: &Shaped<'_>, fonts: &Fonts, r: Range<usize>, width: f32) -> bool {
        let end = r.start + self.text[r.clone()].trim_end_matches([' ', '\u{3000}']).len();
        let measured = (self.sum[end] - self.sum[r.start]) as f32 * (p.ts.size / 1000.0);
        let near = p.ts.size * 0.25;
        match measured {
            m if m <= width - near => true,
            m if m > width + near => false,
            _ => self.place(p, fonts, r.start..end).width <= width + 0.001,
        }
    }

    /// The lines filled greedily to `width`, and whether a word alone too wide was cut.
    fn greedy(&self, p: &Shaped<'_>, fonts: &Fonts, width: f32) -> (Vec<Range<usize>>, bool) {
        let fits = |r: Range<usize>| self.fits(p, fonts, r, width);
        let mut lines: Vec<Range<usize>> = Vec::new();
        let mut cut_any = false;
        let mut line_start = 0;
        let mut line_end = 0;
        for &(brk, kind) in &self.breaks {
            if !fits(line_start..brk) && line_end > line_start {
                lines.push(line_start..line_end);
                line_start = line_end;
            }
            // A word alone too wide: break it at the last cluster that fits (at least one
            // cluster a line).
            while !fits(line_start..brk) {
                let starts =
                    (line_start + 1..brk).filter(|&at| self.cluster_start[at] && self.text.is_char_boundary(at));
                let mut cut = None;
                for at in starts {
                    if cut.is_some() && !fits(line_start..at) {
                        break;
                    }
                    cut = Some(at);
                }
                let Some(cut) = cut else { break };
                lines.push(line_start..cut);
                line_start = cut;
                cut_any = true;
            }
            line_end = brk;
            if kind == BreakOpportunity::Mandatory && line_end > line_start {
                lines.push(line_start..line_end);
                line_start = line_end;
            }
        }
        if line_end > line_start {
            lines.push(line_start..line_end);
        }
        (lines, cut_any)
    }

    /// `lines` with the last one's short line lengthened from the line above: broken at the
    /// latest opportunity of that line that leaves the last more than `SHORT_LAST` characters
    /// and fits `width`, every other line as it was; `lines` when none does (the line above
    /// keeps at least one character).
    fn pulled(&self, p: &Shaped<'_>, fonts: &Fonts, width: f32, mut lines: Vec<Range<usize>>) -> Vec<Range<usize>> {
        let n = lines.len();
        let (above, last) = (lines[n - 2].clone(), lines[n - 1].clone());
        let long_enough = |at: usize| letters(&self.text[at..last.end], Last::Pull) > SHORT_LAST;
        let at = self
            .breaks
            .iter()
            .rev()
            .map(|&(at, _)| at)
            .filter(|&at| above.start < at && at < above.end)
            .find(|&at| long_enough(at))
            .filter(|&at| self.fits(p, fonts, at..last.end, width));
        if let Some(at) = at {
            lines[n - 2] = above.start..at;
            lines[n - 1] = at..last.end;
        }
        lines
    }

    /// The part's lines at `width`.
    fn lines(&self, p: &Shaped<'_>, fonts: &Fonts, width: f32, (keep_trailing, last): (bool, Last)) -> Vec<TextLine> {
        if self.text.is_empty() {
            return vec![TextLine::default()];
        }
        let (mut lines, cut) = self.greedy(p, fonts, width);
        if last != Last::Greedy && !cut && short_last(&self.text, &lines, last) {
            lines = match last {
                Last::Even => balanced(&|w| self.greedy(p, fonts, w), width, lines),
                _ => self.pulled(p, fonts, width, lines),
            };
        }
        let line = |r: Range<usize>| {
            let visible = match keep_trailing {
                true => r.end,
                false => r.start + self.text[r.clone()].trim_end_matches([' ', '\u{3000}']).len(),
            };
            self.place(p, fonts, r.start..visible)
        };
        lines.into_iter().map(line).collect()
    }
}

/// A last line of at most this many characters, set without spaces, is evened out with the
/// lines above it in a cell (`Shaped::cell_lines`), lengthened from the line above in a
/// paragraph (`paragraph`).
const SHORT_LAST: usize = 2;

/// Whether `lines` of `text` are two or more, set without spaces (Chinese or Japanese), and
/// the last holds at most `SHORT_LAST` characters (as [`letters`] counts them for `mode`).
fn short_last(text: &str, lines: &[Range<usize>], mode: Last) -> bool {
    let Some(last) = lines.last().filter(|_| lines.len() >= 2) else { return false };
    letters(&text[last.clone()], mode) <= SHORT_LAST && text.chars().any(super::blocks::is_cjk)
}

/// The characters of a line, but its trailing spaces; a paragraph's ([`Last::Pull`]) but its
/// punctuation too: "さい。" is two characters alone under a full line.
fn letters(line: &str, mode: Last) -> usize {
    let line = line.trim_end_matches([' ', '\u{3000}']);
    match mode {
        Last::Pull => line.chars().filter(|c| c.is_alphanumeric()).count(),
        _ => line.chars().count(),
    }
}

/// The lines `greedy` fills at the narrowest width, down from `width`, that sets them in no
/// more lines than `lines` and cuts no word: the same breaks' opportunities, their lines evened
/// out (searched to a tenth of a point), or `lines` when none is narrower.
fn balanced<F>(greedy: &F, width: f32, lines: Vec<Range<usize>>) -> Vec<Range<usize>>
where
    F: Fn(f32) -> (Vec<Range<usize>>, bool),
{
    let n = lines.len();
    let keeps = |w: f32| {
        let (l, cut) = greedy(w);
        (l.len() <= n && !cut).then_some(l)
    };
    let (mut lo, mut hi) = (0.0, width);
    let mut best = None;
    while hi - lo > 0.1 {
        let mid = (lo + hi) / 2.0;
        match keeps(mid) {
            Some(l) => {
                best = Some(l);
                hi = mid;
            }
            None => lo = mid,
        }
    }
    best.unwrap_or(lines)
}

/// Where `text` may break: Unicode's opportunities, less those after an inner slash, those
/// between a number and the counter or ideograph after it, and those after a range's en dash.
fn opportunities(text: &str) -> impl Iterator<Item = (usize, BreakOpportunity)> + '_ {
    linebreaks(text).filter(|&(at, kind)| {
        kind == BreakOpportunity::Mandatory
            || !(after_inner_slash(text, at) || inside_number_and_counter(text, at) || inside_range(text, at))
    })
}

/// Whether `at` follows the en dash of a range of figures or hours ("8 am–|6 pm", "30–|60"):
/// UAX #14 allows a break after any en dash, but a range split there reads as two figures.
fn inside_range(text: &str, at: usize) -> bool {
    let (before, after) = text.split_at(at);
    before.strip_suffix('–').is_some_and(|before| crate::typography::joins_range(before, after))
}

/// Whether `at` falls between a digit and the ideograph or kana after it ("365|日", "4|月",
/// "3|ヶ月"): a number and its counter are one word in Chinese and Japanese; or between a
/// counter of one or two characters between two numbers, or inside it ("24時間|365日",
/// "24時|間365日", "4月|20日"), so a span or a date stays whole where the line has room.
fn inside_number_and_counter(text: &str, at: usize) -> bool {
    let (before, after) = text.split_at(at);
    let counter =
        |c: char| matches!(break_property(c as u32), BreakClass::Ideographic | BreakClass::ConditionalJapaneseStarter);
    let back = before.chars().rev().take_while(|c| counter(*c)).count();
    let ahead = after.chars().take_while(|c| counter(*c)).count();
    let number_before = before.chars().rev().nth(back).is_some_and(char::is_numeric);
    let number_after = after.chars().nth(ahead).is_some_and(char::is_numeric);
    match back {
        0 => number_before && ahead > 0,
        _ => number_before && number_after && back + ahead <= 2,
    }
}

/// Whether `at` follows a solidus between letters or digits ("2006/112/EC", "and/or"):
/// UAX #14 allows a break there, but a reference split at its slash reads as two, so this
/// tailoring keeps it whole (a reference wider than the line is still broken by clusters).
fn after_inner_slash(text: &str, at: usize) -> bool {
    let (before, after) = text.split_at(at);
    let mut back = before.chars().rev();
    back.next() == Some('/')
        && back.next().is_some_and(char::is_alphanumeric)
        && after.chars().next().is_some_and(char::is_alphanumeric)
}

/// The items of `text`: each run itemised by face (the run's style first), split by bidi
/// level and script, and shaped.
fn shape(fonts: &Fonts, text: &str, pieces: &[(Range<usize>, usize)], styles: &[Style]) -> Vec<Item> {
    // The proposal's languages are written left to right, so a paragraph is, unless it has
    // no left-to-right letter at all (rule HL1): a list item all in Hebrew reads right to
    // left, brackets and all; an English sentence opening with an Arabic name stays English.
    let levels = if text.chars().any(is_rtl_char) {
        let ltr = text.chars().any(|c| c.is_alphabetic() && !is_rtl_char(c));
        BidiInfo::new(text, ltr.then_some(Level::ltr())).levels
    } else {
        vec![Level::ltr(); text.len()]
    };
    let mut shaper = fonts.shaper.borrow_mut();
    let mut items = Vec::new();
    for (range, ri) in pieces {
        let style = styles[*ri];
        let faces = fonts.itemize(text, range.clone(), style).unwrap_or_else(|missing| {
            fonts.note_missing(missing);
            vec![(range.clone(), style as usize)]
        });
        for (face_range, face) in faces {
            let f = fonts.face(face);
            for (range, level, script) in split_runs(text, face_range, &levels) {
                let glyphs = shaper.shape(&f, face, fonts.fast(face), text, range.clone(), level.is_rtl(), script);
                items.push(Item { range, run: *ri, face, level, script, glyphs });
            }
        }
    }
    items
}

/// The visible part `range` of a line of `text` as spans in reading order, each placed in
/// visual order.
fn place(
    fonts: &Fonts,
    text: &str,
    items: &[Item],
    runs: &[Run],
    styles: &[Style],
    ts: &TextStyle,
    range: Range<usize>,
) -> TextLine {
    let visible_end = range.end;
    let after_space = |at: usize| text[..at].ends_with([' ', '\u{3000}']);
    // Pieces of items on this line, each with its glyphs (reshaped when the line cuts the
    // item where the shaper said breaking is unsafe; not after a space, whose kerning alone
    // would change and which is not drawn at a line's end).
    let mut pieces: Vec<(Range<usize>, &Item, Vec<Glyph>)> = Vec::new();
    for item in items {
        let r = item.range.start.max(range.start)..item.range.end.min(visible_end);
        if r.start >= r.end {
            continue;
        }
        let unsafe_cut = r != item.range
            && item.glyphs.iter().any(|g| {
                g.unsafe_to_break
                    && ((g.cluster as usize == r.start && r.start != item.range.start && !after_space(r.start))
                        || (g.cluster as usize == r.end && !after_space(r.end)))
            });
        let glyphs = if unsafe_cut {
            let face = fonts.face(item.face);
            let mut shaper = fonts.shaper.borrow_mut();
            shaper
                .shape(&face, item.face, fonts.fast(item.face), text, r.clone(), item.level.is_rtl(), item.script)
                .to_vec()
        } else {
            item.glyphs.iter().filter(|g| r.contains(&(g.cluster as usize))).copied().collect()
        };
        pieces.push((r, item, glyphs));
    }
    // Visual order (rule L2) over the pieces' levels: every piece has one level, and the
    // trailing whitespace that rule L1 would reset is not on the line.
    let order: Vec<usize> = if pieces.iter().all(|p| p.1.level == Level::ltr()) {
        (0..pieces.len()).collect()
    } else {
        let levels: Vec<Level> = pieces.iter().map(|p| p.1.level).collect();
        BidiInfo::reorder_visual(&levels)
    };
    let scale = ts.size / 1000.0;
    let mut placed: Vec<(usize, Span)> = Vec::with_capacity(pieces.len());
    let mut x = 0i32;
    for i in order {
        let (r, item, glyphs) = &pieces[i];
        let run = &runs[item.run];
        let start = x;
        let mut out = Vec::with_capacity(glyphs.len());
        for g in glyphs {
            out.push(Placed {
                face: item.face as u16,
                gid: g.gid,
                x: x - start + g.dx,
                dy: g.dy,
                cluster: g.cluster - r.start as u32,
                rtl: item.level.is_rtl(),
            });
            x += g.advance;
        }
        let span = Span {
            dx: start as f32 * scale,
            width: (x - start) as f32 * scale,
            style: styles[item.run],
            size: ts.size,
            color: if run.link || run.code { ts.link } else { ts.color },
            text: text[r.clone()].to_string(),
            strike: run.strike,
            glyphs: Rc::from(out),
        };
        placed.push((r.start, span));
    }
    placed.sort_by_key(|p| p.0);
    TextLine { spans: placed.into_iter().map(|p| p.1).collect(), width: x as f32 * scale }
}

/// `s` in `style` on one line, never broken (labels, running heads, the watermark).
pub fn line(fonts: &Fonts, s: &str, style: Style, size: f32, color: Rgb) -> TextLine {
    let ts = TextStyle { size, leading: size, color, link: color, bold: false, italic: false };
    let runs = [Run::new(s.replace('\n', " "), style)];
    wrap_inner(fonts, &runs, &ts, f32::INFINITY, (true, Last::Greedy)).into_iter().next().unwrap_or_default()
}

/// The width of `s` in `style` on one line, measured once per document (`Fonts::widths`).
pub fn width(fonts: &Fonts, s: &str, style: Style, size: f32) -> f32 {
    let key = (style, size.to_bits());
    if let Some(w) = fonts.widths.borrow().get(&key).and_then(|m| m.get(s)) {
        return *w;
    }
    let w = line(fonts, s, style, size, Rgb(0, 0, 0)).width;
    fonts.widths.borrow_mut().entry(key).or_default().insert(s.to_string(), w);
    w
}

/// The baseline of text of `size` centred in a line box of `leading`.
pub fn baseline(size: f32, leading: f32) -> f32 {
    leading / 2.0 + size * 0.35
}

/// Lays out runs as units, one per line, with orphan and widow control: the first two and
/// last two lines of a paragraph stay together. Text set without spaces (Japanese, Chinese)
/// never ends with `SHORT_LAST` characters or fewer alone, its punctuation not counted
/// ("…ご返送くだ / さい。"): the line
/// above gives the last enough of its own, the lines above it still running to the margin.
pub fn paragraph(fonts: &Fonts, runs: &[Run], ts: &TextStyle, x: f32, width: f32, align: f32) -> Vec<Unit> {
    let lines = wrap_inner(fonts, runs, ts, width, (false, Last::Pull));
    let n = lines.len();
    lines
        .into_iter()
        .enumerate()
        .map(|(i, line)| {
            let mut u = Unit::new(ts.leading, 0.0);
            let dx = (width - line.width) * align;
            u.draws.push(Draw::Text { x: x + dx, y: baseline(ts.size, ts.leading), spans: line.spans });
            u.keep_next = n > 1 && (i == 0 || i + 2 == n);
            u
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fonts() -> Fonts {
        Fonts::embedded_only()
    }

    fn ts() -> TextStyle {
        TextStyle { size: 10.0, leading: 14.0, color: Rgb(0, 0, 0), link: Rgb(0, 0, 0), bold: false, italic: false }
    }

    fn run(text: &str) -> Run {
        Run::new(text, Style::Regular)
    }

    fn texts(lines: &[TextLine]) -> Vec<String> {
        lines.iter().map(|l| l.spans.iter().map(|s| s.text.as_str()).collect()).collect()
    }

    /// A table counts a cell's lines at many widths from one shaping: as many as `wrap` sets,
    /// with hard breaks, empty parts, a trailing newline and a word wider than the line.
    #[test]
    fn a_shaped_paragraph_counts_the_lines_wrap_sets() {
        let f = fonts();
        let texts = [
            "",
            "One line",
            "Audit and inventory of the infrastructure; requirements of the modernisation",
            "27 April 2026 –\n7 May 2026",
            "First\n\nthird\n",
            "Supercalifragilisticexpialidocious-and-then-some words",
        ];
        for text in texts {
            let runs = [run(text), Run::new(" in bold", Style::Bold)];
            let shaped = Shaped::new(&f, &runs, &ts());
            for width in [12.0, 40.0, 75.5, 120.0, 300.0, f32::MAX] {
                let wrapped = wrap(&f, &runs, &ts(), width);
                assert_eq!(shaped.count(&f, width), wrapped.len(), "{text:?} at {width}");
                assert_eq!(shaped.lines(&f, width), wrapped, "{text:?} at {width}");
            }
        }
    }

    /// Adventure Works' steady-state line ended "…SLA" at 453.31 pt in a 453.28 pt column:
    /// "A" kerned against the space after it measured narrower than it is drawn at a line end.
    #[test]
    fn a_line_ending_in_a_letter_kerned_against_the_space_after_it_stays_within_the_width() {
        let f = fonts();
        let text = "proactive monitoring, incident response, patching, and maintenance. Reviewed: Monthly service report: SLA performance, incidents, changes, and capacity";
        let mut at = 300.0;
        while at < 480.0 {
            for l in wrap(&f, &[run(text)], &ts(), at) {
                assert!(l.width <= at + 0.001, "{at}: {} wide: {:?}", l.width, texts(std::slice::from_ref(&l)));
            }
            at += 0.25;
        }
    }

    #[test]
    fn wraps_at_spaces_within_the_width_measured_by_glyph_widths() {
        let f = fonts();
        let text = "The quick brown fox jumps over the lazy dog and keeps running far away";
        let lines = wrap(&f, &[run(text)], &ts(), 120.0);
        assert!(lines.len() > 2);
        for l in &lines {
            assert!(l.width <= 120.0, "{l:?}");
            assert!((l.width - width(&f, &l.spans[0].text, Style::Regular, 10.0)).abs() < 1e-3);
        }
        assert_eq!(texts(&lines).join(" "), text);
    }

    #[test]
    fn never_breaks_at_a_no_break_space_and_splits_overlong_words() {
        let f = fonts();
        let text = "Total 1\u{202f}234\u{202f}567,50\u{a0}€";
        let lines = wrap(&f, &[run(text)], &ts(), width(&f, text, Style::Regular, 10.0) - 1.0);
        assert_eq!(texts(&lines), ["Total", "1\u{202f}234\u{202f}567,50\u{a0}€"]);
        // A date and a negative amount as the locales write them stay whole on their line.
        let date = crate::money::Locale::from_tag("en-US")
            .unwrap()
            .date(chrono::NaiveDate::from_ymd_opt(2026, 9, 30).unwrap_or_default());
        let amount = crate::money::Locale::from_tag("de-DE")
            .unwrap()
            .money(rust_decimal::Decimal::new(-123456789, 2), crate::money::Currency::from_code("EUR").unwrap());
        let lines = wrap(&f, &[run(&format!("Due by {date} {amount}"))], &ts(), 110.0);
        assert_eq!(texts(&lines), ["Due by", date.as_str(), amount.as_str()]);
        let lines = wrap(&f, &[run("Supercalifragilisticexpialidocious")], &ts(), 50.0);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| l.width <= 50.0));
    }

    #[test]
    fn a_reference_never_breaks_at_its_slash() {
        let f = fonts();
        let text = "under Directive 2006/112/EC) applies";
        let cut = width(&f, "under Directive 2006/112/", Style::Regular, 10.0) + 1.0;
        let lines = wrap(&f, &[run(text)], &ts(), cut);
        assert_eq!(texts(&lines), ["under Directive", "2006/112/EC) applies"]);
    }

    #[test]
    fn keeps_styles_per_span_and_honours_hard_breaks() {
        let f = fonts();
        let runs = [run("Plain "), Run { style: Style::Bold, ..run("bold") }, run("\nnext")];
        let lines = wrap(&f, &runs, &ts(), 400.0);
        assert_eq!(texts(&lines), ["Plain bold", "next"]);
        assert_eq!(lines[0].spans[1].style, Style::Bold);
        assert_eq!(lines[0].spans[0].text, "Plain ");
        assert!((lines[0].spans[1].dx - lines[0].spans[0].width).abs() < 1e-4);
        assert!(lines[0].spans[0].width > width(&f, "Plain", Style::Regular, 10.0));
    }

    /// The embedded family and the Japanese fixture font.
    fn with_japanese() -> Fonts {
        use crate::render::pdf::fonts::{Library, Sources};
        let jp = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/fonts/NotoSansCJKjp-Regular.subset.otf");
        let library = Library::new(&Sources { files: vec![jp], system: false }).unwrap();
        Fonts::new(std::sync::Arc::new(library), &[], "ja")
    }

    #[test]
    fn ideographs_break_between_each_other_but_not_before_closing_punctuation() {
        let f = with_japanese();
        let ja = "決済基盤の刷新と運用支援（フェーズ1〜3）。";
        let lines = wrap(&f, &[run(ja)], &ts(), 50.0);
        assert!(lines.len() >= 4, "{:?}", texts(&lines));
        assert_eq!(texts(&lines).concat(), ja, "nothing lost or added");
        for l in texts(&lines) {
            assert!(!l.starts_with(['）', '。', '〜']) && !l.ends_with('（'), "kinsoku: {l:?}");
        }
        assert!(f.missing.borrow().is_none());
    }

    /// Kansai's Japanese deliverables ended "…ホスティングの評 / 価。" and "…本番移行計 / 画。" in
    /// their cells: a cell's short last line is evened out with the lines above it, in as
    /// many lines, every character kept and no line opening with closing punctuation.
    #[test]
    fn a_japanese_cell_never_ends_with_one_or_two_characters_alone() {
        let f = with_japanese();
        let ja = "決済基盤の刷新と運用支援（フェーズ1〜3）。決済基盤の運用支援。";
        let chars = |l: &String| l.chars().count();
        let mut short = 0;
        for tenth in (300..1500).step_by(3) {
            let width = tenth as f32 / 10.0;
            let greedy = texts(&wrap(&f, &[run(ja)], &ts(), width));
            let cell = texts(&Shaped::new(&f, &[run(ja)], &ts()).cell_lines(&f, width));
            assert_eq!(cell.concat(), ja, "nothing lost or added at {width}");
            assert_eq!(cell.len(), greedy.len(), "no line added at {width}: {cell:?}");
            assert!(cell.iter().all(|l| !l.starts_with(['）', '。', '、', '〜'])), "kinsoku at {width}: {cell:?}");
            let drawn = Shaped::new(&f, &[run(ja)], &ts()).cell_lines(&f, width);
            assert!(drawn.iter().all(|l| l.width <= width + 0.001), "within {width}");
            if greedy.len() >= 2 && greedy.last().is_some_and(|l| chars(l) <= SHORT_LAST) {
                // Lines of three characters or so are full: no narrower width keeps their
                // count; from five or six a line, one always does.
                assert!(chars(cell.last().unwrap()) >= chars(greedy.last().unwrap()));
                if width >= 55.0 {
                    short += 1;
                    assert!(chars(cell.last().unwrap()) > SHORT_LAST, "at {width}: {greedy:?} → {cell:?}");
                }
            } else {
                assert_eq!(cell, greedy, "a cell whose last line is long enough wraps as text does");
            }
        }
        assert!(short > 20, "the widths tried leave a short last line {short} times");
        assert!(f.missing.borrow().is_none());
        // Text set with spaces keeps its greedy lines, in a cell as in a paragraph: a short last
        // word is English's own.
        let en = "Email and ticket support; monthly maintenance; proactive monitoring; on";
        let f = fonts();
        for width in [120.0, 150.0, 200.0] {
            let greedy = texts(&wrap(&f, &[run(en)], &ts(), width));
            assert_eq!(texts(&Shaped::new(&f, &[run(en)], &ts()).laid(&f, width, (false, Last::Pull))), greedy);
            assert_eq!(texts(&Shaped::new(&f, &[run(en)], &ts()).cell_lines(&f, width)), greedy);
        }
    }

    /// Kansai in Japanese ended "…宛にご返送くだ / さい。" and "…解決した課題の記 / 録。": a
    /// paragraph's short last line takes characters from the line above, breaking where
    /// `wrap` may, the lines above it as `wrap` fills them, in as many lines, nothing lost.
    #[test]
    fn a_japanese_paragraph_never_ends_with_one_or_two_characters_alone() {
        let f = with_japanese();
        let ja = "決済基盤の刷新と運用支援（フェーズ1〜3）。決済基盤の運用支援。決済基盤の刷新。";
        let chars = |l: &String| l.chars().count();
        let mut short = 0;
        for tenth in (300..2500).step_by(7) {
            let width = tenth as f32 / 10.0;
            let greedy = texts(&wrap(&f, &[run(ja)], &ts(), width));
            let placed = Shaped::new(&f, &[run(ja)], &ts()).laid(&f, width, (false, Last::Pull));
            let lines = texts(&placed);
            assert_eq!(paragraph(&f, &[run(ja)], &ts(), 0.0, width, 0.0).len(), lines.len());
            assert_eq!(lines.concat(), ja, "nothing lost or added at {width}");
            assert_eq!(lines.len(), greedy.len(), "no line added at {width}: {lines:?}");
            assert!(lines.iter().all(|l| !l.starts_with(['）', '。', '、', '〜'])), "kinsoku at {width}: {lines:?}");
            assert!(placed.iter().all(|l| l.width <= width + 0.001), "within {width}");
            let n = greedy.len();
            if n >= 2 && letters(&greedy[n - 1], Last::Pull) <= SHORT_LAST {
                short += 1;
                assert_eq!(lines[..n - 2], greedy[..n - 2], "only the last two lines change at {width}");
                if chars(&greedy[n - 2]) > SHORT_LAST + 1 {
                    assert!(letters(&lines[n - 1], Last::Pull) > SHORT_LAST, "at {width}: {greedy:?} → {lines:?}");
                }
            } else {
                assert_eq!(lines, greedy, "a paragraph whose last line is long enough wraps as `wrap` does");
            }
        }
        assert!(short > 10, "the widths tried leave a short last line {short} times");
        assert!(f.missing.borrow().is_none());
        // Text set with spaces keeps its greedy lines: see the test above.
    }

    #[test]
    fn right_to_left_text_is_placed_right_to_left_and_kept_in_reading_order() {
        let f = fonts();
        let text = "Client: חברת אלפא, Tel Aviv";
        let line = &wrap(&f, &[run(text)], &ts(), 400.0)[0];
        // Spans in reading order; the Hebrew one placed by its glyphs from the right.
        assert_eq!(texts(std::slice::from_ref(line))[0], text);
        let hebrew = line.spans.iter().find(|s| s.text.contains('ח')).unwrap();
        let first = hebrew.glyphs.iter().find(|g| g.cluster == 0).unwrap();
        let last = hebrew.glyphs.iter().max_by_key(|g| g.cluster).unwrap();
        assert!(first.x > last.x, "the first letter is drawn right of the last");
        assert!(hebrew.glyphs.iter().all(|g| g.rtl));
    }

    /// Kansai's Japanese cover title broke "…24時間365 / 日マネージド運用".
    #[test]
    fn a_number_and_its_counter_never_break_apart() {
        let text = "24時間365日マネージド運用、2026年4月20日、3ヶ月、運用2";
        let after: Vec<&str> = opportunities(text).map(|(at, _)| &text[..at]).collect();
        let date = "24時間365日マネージド運用、2026年4月20日";
        for whole in ["24", "24時", "24時間", "24時間365"] {
            assert!(!after.contains(&whole), "a break after {whole:?}");
        }
        for cut in 1..date.len() {
            let inside = date.is_char_boundary(cut) && cut > "24時間365日マネージド運用、".len();
            assert!(!inside || !after.contains(&&date[..cut]), "a break inside the date: {:?}", &date[..cut]);
        }
        assert!(!after.contains(&"24時間365日マネージド運用、2026年4月20日、3"), "3|ヶ月");
        assert!(after.contains(&"24時間365日マ"), "ideographs still break: {after:?}");
        assert!(after.contains(&"24時間365日"), "after the counter: {after:?}");
        assert!(after.contains(&"24時間365日マネージド運用、2026年4月20日、3ヶ月、運用"), "before a number: {after:?}");
    }

    /// Tailspin's brief set "Monday–Friday, 8 am–" on one line of its options table and "6 pm"
    /// on the next.
    #[test]
    fn a_range_of_figures_or_hours_never_breaks_at_its_en_dash() {
        for text in ["Monday–Friday, 8 am–6 pm", "Monday–Friday, 8\u{a0}am–6\u{a0}pm, your local time", "30–60 minutes"]
        {
            let after: Vec<&str> = opportunities(text).map(|(at, _)| &text[..at]).collect();
            assert!(!after.iter().any(|b| b.ends_with("am–") || b.ends_with("30–")), "{text}: {after:?}");
            if text.starts_with("Monday") {
                assert!(after.contains(&"Monday–"), "words still break at their dash: {after:?}");
            }
        }
        // Where the line cannot hold the range, it goes down whole.
        let f = fonts();
        let runs = [run("Monday–Friday, 8\u{a0}am–6\u{a0}pm, your local time")];
        let range = width(&f, "8\u{a0}am–6\u{a0}pm,", Style::Regular, ts().size);
        for w in [range + 1.0, range + 30.0, range + 60.0] {
            let lines = texts(&wrap(&f, &runs, &ts(), w));
            assert!(lines.iter().any(|l| l.contains("8\u{a0}am–6\u{a0}pm")), "{w}: {lines:?}");
        }
    }

    #[test]
    fn text_no_font_draws_is_recorded_for_the_document_to_fail() {
        let f = fonts();
        let lines = wrap(&f, &[run("Thanks \u{1F600}")], &ts(), 400.0);
        assert_eq!(texts(&lines), ["Thanks \u{1F600}"], "laid out, not dropped");
        assert_eq!(f.missing.borrow().as_ref().map(|m| m.chars.clone()), Some(vec!['\u{1F600}']));
    }
}
