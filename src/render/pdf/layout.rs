//! Layout: page geometry and the type scale, line breaking with real glyph widths, the
//! block flow (paragraphs, headings, lists, quotes, code) as units, and pagination with
//! keep-together rules. Everything here is in points, y measured down from the page top;
//! `document.rs` turns it into PDF operations.

use super::blocks::{all_bold, plain, Block, Run};
use super::fonts::{Fonts, Style};
use std::rc::Rc;

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// `#RRGGBB` (or `RRGGBB`).
    pub fn parse(hex: &str) -> Option<Rgb> {
        let hex = hex.trim().trim_start_matches('#');
        if hex.len() != 6 || !hex.is_ascii() {
            return None;
        }
        let c = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
        Some(Rgb(c(0)?, c(2)?, c(4)?))
    }

    /// This colour mixed with white: `amount` 0 is white, 1 is the colour.
    pub fn tint(self, amount: f32) -> Rgb {
        let m = |c: u8| (255.0 - (255.0 - c as f32) * amount).round() as u8;
        Rgb(m(self.0), m(self.1), m(self.2))
    }

    /// This colour mixed with black: `amount` 0 is the colour, 1 is black.
    pub fn shade(self, amount: f32) -> Rgb {
        let m = |c: u8| (c as f32 * (1.0 - amount)).round() as u8;
        Rgb(m(self.0), m(self.1), m(self.2))
    }
}

/// Colours and the type scale. One accent colour; everything else is neutral.
#[derive(Debug, Clone)]
pub struct Theme {
    pub accent: Rgb,
    pub accent_tint: Rgb,
    pub accent_wash: Rgb,
    pub ink: Rgb,
    pub muted: Rgb,
    pub rule: Rgb,
    pub zebra: Rgb,
    pub white: Rgb,
    pub body: f32,
    pub leading: f32,
    pub table: f32,
    pub h2: f32,
    pub h3: f32,
}

/// Deep teal-blue, readable as text on white and as a fill behind white text.
pub const DEFAULT_ACCENT: Rgb = Rgb(0x0E, 0x5A, 0x78);

impl Theme {
    pub fn new(accent: Rgb) -> Theme {
        Theme {
            accent,
            accent_tint: accent.tint(0.14),
            accent_wash: accent.tint(0.06),
            ink: Rgb(0x1D, 0x26, 0x2D),
            muted: Rgb(0x5C, 0x68, 0x72),
            rule: Rgb(0xD3, 0xD9, 0xDE),
            zebra: Rgb(0xF5, 0xF7, 0xF8),
            white: Rgb(0xFF, 0xFF, 0xFF),
            body: 10.0,
            leading: 14.5,
            table: 8.8,
            h2: 15.5,
            h3: 11.5,
        }
    }
}

/// The page and its margins.
#[derive(Debug, Clone, Copy)]
pub struct Geometry {
    pub width: f32,
    pub height: f32,
    pub left: f32,
    pub right: f32,
    /// Top of the body area, from the page top.
    pub top: f32,
    /// Bottom of the body area, from the page top.
    pub bottom: f32,
}

impl Geometry {
    pub fn new(letter: bool) -> Geometry {
        let (width, height) = if letter { (612.0, 792.0) } else { (595.276, 841.89) };
        Geometry { width, height, left: 64.0, right: width - 64.0, top: 78.0, bottom: height - 66.0 }
    }

    pub fn body_width(&self) -> f32 {
        self.right - self.left
    }

    pub fn body_height(&self) -> f32 {
        self.bottom - self.top
    }
}

/// A piece of one line of text, `dx` from the line's start.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    pub dx: f32,
    pub width: f32,
    pub style: Style,
    pub size: f32,
    pub color: Rgb,
    pub text: String,
    pub strike: bool,
}

/// What a page shows. `y` is from the page top (a unit's draws: from the unit's top).
#[derive(Debug, Clone, PartialEq)]
pub enum Draw {
    /// One line of text at baseline `y`: drawn as one text object, so extraction reads it
    /// as one line.
    Text {
        x: f32,
        y: f32,
        spans: Vec<Span>,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Rgb,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
        color: Rgb,
    },
    /// One line of text turned `degrees` anticlockwise about its start (x, y): the
    /// diagonal "DRAFT" watermark.
    Rotated {
        x: f32,
        y: f32,
        degrees: f32,
        span: Span,
    },
    /// A filled diamond centred on (x, y) with half-diagonal `r`.
    Diamond {
        x: f32,
        y: f32,
        r: f32,
        fill: Rgb,
    },
    /// A filled circle.
    Dot {
        x: f32,
        y: f32,
        r: f32,
        fill: Rgb,
    },
    Image {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
    },
}

impl Draw {
    pub fn moved(&self, dy: f32) -> Draw {
        let mut d = self.clone();
        match &mut d {
            Draw::Text { y, .. }
            | Draw::Rotated { y, .. }
            | Draw::Rect { y, .. }
            | Draw::Diamond { y, .. }
            | Draw::Dot { y, .. }
            | Draw::Image { y, .. } => *y += dy,
            Draw::Line { y1, y2, .. } => {
                *y1 += dy;
                *y2 += dy;
            }
        }
        d
    }
}

/// The smallest thing pagination moves: never split, placed whole on one page.
#[derive(Debug, Clone, Default)]
pub struct Unit {
    pub height: f32,
    /// Space above, dropped at the top of a page.
    pub gap: f32,
    pub draws: Vec<Draw>,
    /// Must share a page with the next unit (headings, first and last lines, signatures).
    pub keep_next: bool,
    /// Drawn first when this unit opens a page (a table's header row).
    pub repeat: Option<Rc<Unit>>,
    /// Starts a section: its outline title.
    pub bookmark: Option<String>,
    /// A heading: what follows is kept with it.
    pub heading: bool,
}

impl Unit {
    pub fn new(height: f32, gap: f32) -> Unit {
        Unit { height, gap, ..Unit::default() }
    }
}

/// One laid-out body page: draws and the outline entries that start on it.
#[derive(Debug, Default)]
pub struct Page {
    pub draws: Vec<Draw>,
    pub bookmarks: Vec<(String, f32)>,
}

/// Places units on pages of `geometry`'s body area: a unit that does not fit starts a new
/// page; a run of units joined by `keep_next` moves to a new page together when it fits on
/// one; a table row that opens a page gets the header row repeated above it.
pub fn paginate(units: &[Unit], geometry: &Geometry) -> Vec<Page> {
    let room = geometry.body_height();
    let mut pages = vec![Page::default()];
    let mut y = 0.0f32;
    let mut empty = true;
    for (i, unit) in units.iter().enumerate() {
        let chain_start = i == 0 || !units[i - 1].keep_next;
        if chain_start && !empty {
            let mut h = unit.gap;
            for u in &units[i..] {
                h += u.height + if std::ptr::eq(u, unit) { 0.0 } else { u.gap };
                if !u.keep_next {
                    break;
                }
            }
            let whole = h - unit.gap;
            if y + h > room + 0.01 && whole <= room {
                pages.push(Page::default());
                y = 0.0;
                empty = true;
            }
        }
        if !empty && y + unit.gap + unit.height > room + 0.01 {
            pages.push(Page::default());
            y = 0.0;
            empty = true;
        }
        let page = pages.last_mut().expect("at least one page");
        if empty && i > 0 {
            if let Some(header) = &unit.repeat {
                place(page, header, geometry.top + y);
                y += header.height;
            }
        }
        if !empty {
            y += unit.gap;
        }
        place(page, unit, geometry.top + y);
        y += unit.height;
        empty = false;
    }
    pages
}

fn place(page: &mut Page, unit: &Unit, top: f32) {
    page.draws.extend(unit.draws.iter().map(|d| d.moved(top)));
    if let Some(title) = &unit.bookmark {
        page.bookmarks.push((title.clone(), top));
    }
}

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
    pub spans: Vec<Span>,
    pub width: f32,
}

/// Breaks `runs` into lines no wider than `width`: at spaces, after hyphens and dashes and
/// slashes inside words, at hard breaks, and inside a word only when it alone is too wide.
/// No-break spaces never break. Widths are the font's `/W` widths.
pub fn wrap(fonts: &Fonts, runs: &[Run], ts: &TextStyle, width: f32) -> Vec<TextLine> {
    /// A stretch of one run ending at a break opportunity: byte range, width and the width
    /// of its trailing spaces (in 1/1000 em), or a hard break.
    struct Piece {
        run: usize,
        start: usize,
        end: usize,
        width: u32,
        trail: u32,
        hard: bool,
    }
    let texts: Vec<std::borrow::Cow<'_, str>> = runs.iter().map(|r| fonts.clean(&r.text)).collect();
    let styles: Vec<Style> =
        runs.iter().map(|r| Style::new(r.style.bold() || ts.bold, r.style.italic() || ts.italic)).collect();
    let mut pieces: Vec<Piece> = Vec::new();
    for (ri, text) in texts.iter().enumerate() {
        let face = fonts.face(styles[ri]);
        let mut piece = Piece { run: ri, start: 0, end: 0, width: 0, trail: 0, hard: false };
        let mut prev: Option<char> = None;
        let mut chars = text.char_indices().peekable();
        while let Some((at, c)) = chars.next() {
            let next = chars.peek().map(|(_, n)| *n);
            if c == '\n' {
                if piece.end > piece.start {
                    let fresh = Piece { run: ri, start: at, end: at, width: 0, trail: 0, hard: false };
                    pieces.push(std::mem::replace(&mut piece, fresh));
                }
                pieces.push(Piece { run: ri, start: at, end: at, width: 0, trail: 0, hard: true });
                piece.start = at + 1;
                piece.end = at + 1;
                prev = None;
                continue;
            }
            let w = face.advance(c);
            piece.end = at + c.len_utf8();
            piece.width += w;
            piece.trail = if c == ' ' { piece.trail + w } else { 0 };
            let after_space = c == ' ' && next != Some(' ');
            let after_dash = matches!(c, '-' | '\u{2013}' | '\u{2014}' | '/')
                && prev.is_some_and(char::is_alphanumeric)
                && next.is_some_and(char::is_alphanumeric);
            if after_space || after_dash {
                let end = piece.end;
                let fresh = Piece { run: ri, start: end, end, width: 0, trail: 0, hard: false };
                pieces.push(std::mem::replace(&mut piece, fresh));
            }
            prev = Some(c);
        }
        if piece.end > piece.start {
            pieces.push(piece);
        }
    }

    let scale = ts.size / 1000.0;
    let fits = |w: u32| w as f32 * scale <= width + 0.001;
    let mut lines = Vec::new();
    let mut line: Vec<(usize, usize, usize)> = Vec::new();
    let mut line_w = 0u32;
    for p in pieces {
        if p.hard {
            lines.push(std::mem::take(&mut line));
            line_w = 0;
            continue;
        }
        if !line.is_empty() && !fits(line_w + p.width - p.trail) {
            lines.push(std::mem::take(&mut line));
            line_w = 0;
        }
        if fits(p.width - p.trail) {
            line.push((p.run, p.start, p.end));
            line_w += p.width;
            continue;
        }
        // A word wider than the line: break it between characters.
        let face = fonts.face(styles[p.run]);
        let mut start = p.start;
        let mut part_w = 0;
        for (at, c) in texts[p.run][p.start..p.end].char_indices() {
            let w = face.advance(c);
            if !fits(part_w + w) && p.start + at > start {
                line.push((p.run, start, p.start + at));
                lines.push(std::mem::take(&mut line));
                start = p.start + at;
                part_w = 0;
            }
            part_w += w;
        }
        line.push((p.run, start, p.end));
        line_w = part_w;
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
        .into_iter()
        .map(|pieces| {
            // Consecutive pieces of one run are one span.
            let mut merged: Vec<(usize, usize, usize)> = Vec::with_capacity(pieces.len());
            for (ri, a, b) in pieces {
                match merged.last_mut() {
                    Some((r, _, end)) if *r == ri && *end == a => *end = b,
                    _ => merged.push((ri, a, b)),
                }
            }
            let mut spans = Vec::with_capacity(merged.len());
            let mut x = 0.0;
            let count = merged.len();
            for (i, (ri, a, b)) in merged.into_iter().enumerate() {
                let mut text = &texts[ri][a..b];
                if i + 1 == count {
                    text = text.trim_end_matches(' ');
                }
                if text.is_empty() {
                    continue;
                }
                let run = &runs[ri];
                let w = fonts.width(styles[ri], text, ts.size);
                let color = if run.link || run.code { ts.link } else { ts.color };
                spans.push(Span {
                    dx: x,
                    width: w,
                    style: styles[ri],
                    size: ts.size,
                    color,
                    text: text.to_string(),
                    strike: run.strike,
                });
                x += w;
            }
            TextLine { spans, width: x }
        })
        .collect()
}

/// The baseline of text of `size` centred in a line box of `leading`.
pub fn baseline(size: f32, leading: f32) -> f32 {
    leading / 2.0 + size * 0.35
}

/// Lays out runs as units, one per line, with orphan and widow control: the first two and
/// last two lines of a paragraph stay together.
pub fn paragraph(fonts: &Fonts, runs: &[Run], ts: &TextStyle, x: f32, width: f32, align: f32) -> Vec<Unit> {
    let lines = wrap(fonts, runs, ts, width);
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

/// True when every item is one paragraph starting with a bold label that ends in a colon
/// (`- **Dates:** March 16, 2026 to June 23, 2026`).
fn is_key_value(items: &[Vec<Block>]) -> bool {
    !items.is_empty()
        && items.iter().all(|item| match item.as_slice() {
            [Block::Para(runs)] => runs.len() >= 2 && runs[0].style.bold() && runs[0].text.trim_end().ends_with(':'),
            _ => false,
        })
}

/// A number like `1.` or `2.3` at the start of a heading, split from its text (a year,
/// `2026 plan`, is not a number).
pub fn split_number(text: &str) -> (Option<&str>, &str) {
    let digits = text.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(text.len());
    let number = &text[..digits];
    let numbered = number.starts_with(|c: char| c.is_ascii_digit()) && number.contains('.');
    if numbered && text[digits..].starts_with(' ') {
        (Some(number.trim_end_matches('.')), text[digits..].trim_start())
    } else {
        (None, text)
    }
}

/// Context for laying out the body.
pub struct Flow<'a> {
    pub fonts: &'a Fonts,
    pub theme: &'a Theme,
    /// Called for a fenced `mermaid` block: the units that replace it (the Gantt chart).
    pub chart: &'a dyn Fn(f32, f32) -> Vec<Unit>,
    /// Number of the last H2.
    pub section: usize,
    /// Laying out the signature block.
    pub signing: bool,
}

impl Flow<'_> {
    pub fn body_style(&self) -> TextStyle {
        let t = self.theme;
        TextStyle { size: t.body, leading: t.leading, color: t.ink, link: t.accent, bold: false, italic: false }
    }

    /// Lays out `blocks` at `x` in `width`, appending units.
    pub fn blocks(&mut self, blocks: &[Block], x: f32, width: f32, out: &mut Vec<Unit>) {
        for block in blocks {
            let start = out.len();
            self.block(block, x, width, out);
            // Space before a block goes on its first unit.
            if let Some(first) = out.get_mut(start) {
                if first.gap == 0.0 {
                    first.gap = self.gap_before(block);
                }
            }
        }
    }

    fn gap_before(&self, block: &Block) -> f32 {
        match block {
            Block::Heading { level: 2, .. } => 24.0,
            Block::Heading { .. } => 14.0,
            Block::Table { .. } => 10.0,
            Block::Code { lang, .. } if lang == "mermaid" => 10.0,
            Block::Rule => 4.0,
            _ => 7.0,
        }
    }

    fn block(&mut self, block: &Block, x: f32, width: f32, out: &mut Vec<Unit>) {
        let t = self.theme;
        match block {
            Block::Heading { level, runs } => self.heading(*level, runs, x, width, out),
            Block::Para(runs) => {
                let mut units = paragraph(self.fonts, runs, &self.body_style(), x, width, 0.0);
                // A one-line paragraph in bold (`**Deliverables**`) is a run-in heading.
                if units.len() == 1 && all_bold(runs) {
                    units[0].keep_next = true;
                    units[0].heading = true;
                }
                out.extend(units);
            }
            Block::List { start: None, items } if is_key_value(items) => self.key_values(items, x, width, out),
            Block::List { start, items } => self.list(*start, items, x, width, out),
            Block::Table { align, head, rows } => {
                let table = super::table::Table { align, head, rows, signing: self.signing };
                out.extend(super::table::layout(self.fonts, t, &table, x, width));
            }
            Block::Quote(inner) => self.boxed(inner, x, width, t.accent_wash, Some(t.accent), out),
            Block::Rule => {
                let mut u = Unit::new(10.0, 0.0);
                u.draws.push(Draw::Line { x1: x, y1: 5.0, x2: x + width, y2: 5.0, width: 0.6, color: t.rule });
                out.push(u);
            }
            Block::Code { lang, .. } if lang == "mermaid" => out.extend((self.chart)(x, width)),
            Block::Code { text, .. } => {
                let runs: Vec<Run> = text
                    .trim_end_matches('\n')
                    .split('\n')
                    .map(|l| Run::new(format!("{l}\n"), Style::Regular))
                    .collect();
                let para = Block::Para(runs);
                self.boxed(std::slice::from_ref(&para), x, width, t.zebra, None, out);
            }
        }
    }

    fn heading(&mut self, level: u8, runs: &[Run], x: f32, width: f32, out: &mut Vec<Unit>) {
        let t = self.theme;
        let text = plain(runs);
        if level <= 2 {
            self.section += 1;
            let (number, title) = split_number(&text);
            let number = number.map_or_else(|| self.section.to_string(), str::to_string);
            let size = t.h2;
            let leading = size * 1.3;
            let prefix = format!("{number}. ");
            let title_runs = [Run::new(title, Style::Bold)];
            let ts = TextStyle { size, leading, color: t.ink, link: t.ink, bold: true, italic: false };
            let pw = self.fonts.width(Style::Bold, &prefix, size);
            let mut lines = wrap(self.fonts, &title_runs, &ts, width - pw);
            let n = lines.len();
            for (i, line) in lines.iter_mut().enumerate() {
                let mut u = Unit::new(leading, 0.0);
                let mut spans = std::mem::take(&mut line.spans);
                for s in &mut spans {
                    s.dx += pw;
                }
                if i == 0 {
                    let number_span = Span {
                        dx: 0.0,
                        width: pw,
                        style: Style::Bold,
                        size,
                        color: t.accent,
                        text: prefix.clone(),
                        strike: false,
                    };
                    spans.insert(0, number_span);
                    u.bookmark = Some(format!("{number}. {title}"));
                }
                u.draws.push(Draw::Text { x, y: baseline(size, leading), spans });
                if i + 1 == n {
                    u.height += 7.0;
                    let y = leading + 3.5;
                    u.draws.push(Draw::Line {
                        x1: x,
                        y1: y,
                        x2: x + width,
                        y2: y,
                        width: 0.7,
                        color: t.accent.tint(0.45),
                    });
                }
                u.keep_next = true;
                u.heading = true;
                out.push(u);
            }
        } else {
            let size = if level == 3 { t.h3 } else { t.body };
            let ts =
                TextStyle { size, leading: size * 1.35, color: t.accent, link: t.accent, bold: true, italic: false };
            let mut units = paragraph(self.fonts, runs, &ts, x, width, 0.0);
            for u in &mut units {
                u.keep_next = true;
                u.heading = true;
            }
            out.extend(units);
        }
    }

    /// A list of `**Label:** value` items, set as a two-column grid.
    fn key_values(&mut self, items: &[Vec<Block>], x: f32, width: f32, out: &mut Vec<Unit>) {
        let t = self.theme;
        let pad = 3.5;
        let label_ts = TextStyle { size: t.body - 1.0, color: t.muted, bold: true, ..self.body_style() };
        let value_ts = self.body_style();
        let pairs: Vec<(&Run, &[Run])> = items
            .iter()
            .filter_map(|item| match item.first() {
                Some(Block::Para(runs)) => runs.split_first(),
                _ => None,
            })
            .collect();
        let label_w = pairs
            .iter()
            .map(|(l, _)| self.fonts.width(Style::Bold, &self.fonts.clean(l.text.trim()), label_ts.size))
            .fold(0.0f32, f32::max)
            .min(width * 0.3)
            + 14.0;
        for (i, (label, value)) in pairs.into_iter().enumerate() {
            let label = Run { text: label.text.trim().to_string(), ..label.clone() };
            let mut value = value.to_vec();
            if let Some(first) = value.first_mut() {
                first.text = first.text.trim_start().to_string();
            }
            let labels = wrap(self.fonts, std::slice::from_ref(&label), &label_ts, label_w - 12.0);
            let values = wrap(self.fonts, &value, &value_ts, width - label_w);
            let lines = labels.len().max(values.len());
            let mut u = Unit::new(lines as f32 * t.leading + 2.0 * pad, 0.0);
            let base = pad + baseline(value_ts.size, t.leading);
            for (li, l) in labels.into_iter().enumerate() {
                u.draws.push(Draw::Text { x, y: base + li as f32 * t.leading, spans: l.spans });
            }
            for (li, l) in values.into_iter().enumerate() {
                u.draws.push(Draw::Text { x: x + label_w, y: base + li as f32 * t.leading, spans: l.spans });
            }
            if i == 0 {
                u.draws.push(Draw::Line { x1: x, y1: 0.0, x2: x + width, y2: 0.0, width: 0.5, color: t.rule });
            }
            let h = u.height;
            u.draws.push(Draw::Line { x1: x, y1: h, x2: x + width, y2: h, width: 0.5, color: t.rule });
            out.push(u);
        }
    }

    fn list(&mut self, start: Option<u64>, items: &[Vec<Block>], x: f32, width: f32, out: &mut Vec<Unit>) {
        let t = self.theme;
        let indent = if start.is_some() { 18.0 } else { 14.0 };
        for (i, item) in items.iter().enumerate() {
            let first = out.len();
            for (bi, block) in item.iter().enumerate() {
                let at = out.len();
                self.block(block, x + indent, width - indent, out);
                if bi > 0 {
                    if let Some(u) = out.get_mut(at) {
                        u.gap = 3.0;
                    }
                }
            }
            let Some(unit) = out.get_mut(first) else { continue };
            unit.gap = if i == 0 { 0.0 } else { 3.5 };
            let mid = baseline(t.body, t.leading) - t.body * 0.33;
            match start {
                Some(n) => {
                    let label = format!("{}.", n + i as u64);
                    let w = self.fonts.width(Style::Bold, &label, t.body);
                    let span = Span {
                        dx: 0.0,
                        width: w,
                        style: Style::Bold,
                        size: t.body,
                        color: t.accent,
                        text: label,
                        strike: false,
                    };
                    // The number is read before the item's text.
                    unit.draws.insert(
                        0,
                        Draw::Text { x: x + indent - 6.0 - w, y: baseline(t.body, t.leading), spans: vec![span] },
                    );
                }
                None => unit.draws.push(Draw::Dot { x: x + 4.0, y: mid, r: 1.9, fill: t.accent }),
            }
        }
    }

    /// Blocks in a tinted box (a quote, a code block), painted per unit so the box splits
    /// cleanly across pages.
    fn boxed(&mut self, inner: &[Block], x: f32, width: f32, fill: Rgb, bar: Option<Rgb>, out: &mut Vec<Unit>) {
        let pad = 9.0;
        let left = if bar.is_some() { 14.0 } else { pad };
        let mut units = Vec::new();
        self.blocks(inner, x + left, width - left - pad, &mut units);
        let n = units.len();
        for (i, mut u) in units.into_iter().enumerate() {
            let top = if i == 0 { pad - 2.0 } else { u.gap };
            let bottom = if i + 1 == n { pad - 2.0 } else { 0.0 };
            u.draws = u.draws.iter().map(|d| d.moved(top)).collect();
            u.height += top + bottom;
            u.gap = 0.0;
            u.draws.insert(0, Draw::Rect { x, y: 0.0, w: width, h: u.height, fill });
            if let Some(bar) = bar {
                u.draws.insert(1, Draw::Rect { x, y: 0.0, w: 3.0, h: u.height, fill: bar });
            }
            out.push(u);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fonts() -> Fonts {
        Fonts::load().unwrap()
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

    #[test]
    fn wraps_at_spaces_within_the_width_measured_by_glyph_widths() {
        let f = fonts();
        let text = "The quick brown fox jumps over the lazy dog and keeps running far away";
        let lines = wrap(&f, &[run(text)], &ts(), 120.0);
        assert!(lines.len() > 2);
        for l in &lines {
            assert!(l.width <= 120.0, "{l:?}");
            assert!((l.width - f.width(Style::Regular, &l.spans[0].text, 10.0)).abs() < 1e-3);
        }
        assert_eq!(texts(&lines).join(" "), text);
    }

    #[test]
    fn never_breaks_at_a_no_break_space_and_splits_overlong_words() {
        let f = fonts();
        let lines = wrap(&f, &[run("Total 1\u{202f}234\u{202f}567,50\u{a0}€")], &ts(), 90.0);
        assert_eq!(texts(&lines), ["Total", "1\u{202f}234\u{202f}567,50\u{a0}€"]);
        let lines = wrap(&f, &[run("Supercalifragilisticexpialidocious")], &ts(), 50.0);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| l.width <= 50.0));
    }

    #[test]
    fn keeps_styles_per_span_and_honours_hard_breaks() {
        let f = fonts();
        let runs = [run("Plain "), Run { style: Style::Bold, ..run("bold") }, run("\nnext")];
        let lines = wrap(&f, &runs, &ts(), 400.0);
        assert_eq!(texts(&lines), ["Plain bold", "next"]);
        assert_eq!(lines[0].spans[1].style, Style::Bold);
        assert!((lines[0].spans[1].dx - f.width(Style::Regular, "Plain ", 10.0)).abs() < 1e-4);
    }

    #[test]
    fn splits_heading_numbers() {
        assert_eq!(split_number("1. Executive summary"), (Some("1"), "Executive summary"));
        assert_eq!(split_number("2.3 Scope"), (Some("2.3"), "Scope"));
        assert_eq!(split_number("2026 plan"), (None, "2026 plan"));
        assert_eq!(split_number("Pricing"), (None, "Pricing"));
    }

    #[test]
    fn moves_a_kept_chain_to_the_next_page_and_repeats_headers() {
        let g = Geometry::new(false);
        let room = g.body_height();
        let filler = Unit::new(room - 30.0, 0.0);
        let heading = Unit { keep_next: true, ..Unit::new(20.0, 0.0) };
        let line = Unit::new(20.0, 0.0);
        let pages = paginate(&[filler, heading, line], &g);
        assert_eq!(pages.len(), 2, "the heading moves with its line");

        let header = Rc::new(Unit {
            draws: vec![Draw::Rect { x: 0.0, y: 0.0, w: 1.0, h: 1.0, fill: Rgb(1, 2, 3) }],
            ..Unit::new(10.0, 0.0)
        });
        let rows: Vec<Unit> = (0..80).map(|_| Unit { repeat: Some(header.clone()), ..Unit::new(20.0, 0.0) }).collect();
        let pages = paginate(&rows, &g);
        assert!(pages.len() >= 2);
        assert!(matches!(pages[1].draws[0], Draw::Rect { fill: Rgb(1, 2, 3), .. }));
    }
}
