//! What a page shows: lines of text, rules, boxes and marks, grouped into units, the
//! smallest things pagination moves. Everything is in points, y measured down from the top.

use super::fonts::Style;

use super::style::Rgb;
use std::rc::Rc;

/// A piece of one line of text in one face, style and direction, `dx` from the line's
/// start. A line's spans are in reading (logical) order; each is placed where the bidi
/// algorithm puts it, so a right-to-left span may lie left of the one before it.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    pub dx: f32,
    pub width: f32,
    pub style: Style,
    pub size: f32,
    pub color: Rgb,
    /// What the span says, in logical order.
    pub text: String,
    pub strike: bool,
    /// The shaped glyphs, in visual order.
    pub glyphs: Rc<[Placed]>,
}

/// A shaped glyph of a span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placed {
    /// The face in the document's chain (`fonts::Fonts::faces`).
    pub face: u16,
    pub gid: u16,
    /// The glyph's origin from the span's start, offsets included, in 1/1000 em.
    pub x: i32,
    pub dy: i32,
    /// Byte offset of the glyph's cluster in the span's text.
    pub cluster: u32,
    pub rtl: bool,
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
        spans: Vec<Span>,
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
    /// A link over the box at (x, y), `w` × `h` to the heading of the section whose outline
    /// title is `section` (a contents entry): nothing is drawn (see `links.rs`).
    Goto {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        section: String,
    },
    /// A form field over the box at (x, y), `w` × `h`: drawn by the viewer, not the page
    /// (see `form.rs`).
    Field {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        name: String,
        kind: FieldKind,
    },
}

/// What a form field takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    Text,
    Check,
    Signature,
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
            | Draw::Image { y, .. }
            | Draw::Field { y, .. }
            | Draw::Goto { y, .. } => *y += dy,
            Draw::Line { y1, y2, .. } => {
                *y1 += dy;
                *y2 += dy;
            }
        }
        d
    }
}

/// What a unit is part of, for the keep rules and the layout audit.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Part {
    /// A line of running text (a paragraph's, a list item's, a quote's).
    #[default]
    Text,
    /// A heading line, or a run-in heading (`**Deliverables**`).
    Heading,
    /// A short introduction under a heading (`All prices are in USD.`).
    Intro,
    /// A table's header row.
    Head,
    /// A table's body row (or a part of one taller than a page); `total`: a subtotal, tax
    /// or total row (its label all bold).
    Row { total: bool },
    /// A row of a label/value grid.
    Grid,
    /// A line of a table's note (`† After the discount, …`): a paragraph right under a table
    /// that starts with a note mark, kept with the table's last row.
    Note,
    /// The timeline chart; `bars`: each phase bar as (x, y, w, h) from the unit's top.
    Chart { bars: Rc<[[f32; 4]]> },
    /// A line of a contents entry: the section's outline title and the page number it gives.
    Entry { section: String, page: usize },
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
    /// Drawn above `repeat` when this unit opens a page its section's heading is not on: the
    /// heading's "(continued)" label, so a table cut off from its heading says whose it is.
    pub continued: Option<Rc<Unit>>,
    /// Starts a section: its outline title.
    pub bookmark: Option<String>,
    /// A heading: what follows is kept with it.
    pub heading: bool,
    /// What the unit is part of.
    pub part: Part,
    /// The block the unit belongs to: units of one table, grid, list or paragraph share it
    /// (0: not yet assigned).
    pub group: u32,
    /// A long table's header row: how many units, from this one, move whole to the next page
    /// rather than split, when the page they leave is still `audit::MIN_FILL` full (0: none).
    pub whole: usize,
    /// The last line of a paragraph leading into a list ("It does not include:", `flow::lead_in`).
    pub lead_in: bool,
    /// The first unit of a list's item (`flow::list`): a list splits between its items.
    pub item: bool,
    /// A comparison table's header row (its first cell empty, options side by side: the
    /// options at a glance), read across its rows: it moves whole to the next page where it can,
    /// else splits only between its groups of rows (`keep::tables`).
    pub compare: bool,
    /// A comparison table's row that ends a group of its rows (the prices, before the
    /// scope's rows): where it splits when it cannot move whole.
    pub group_end: bool,
}

impl Unit {
    pub fn new(height: f32, gap: f32) -> Unit {
        Unit { height, gap, ..Unit::default() }
    }

    /// What the unit's lines of text say, one space between lines.
    pub fn said(&self) -> String {
        let lines: Vec<String> = self
            .draws
            .iter()
            .filter_map(|d| match d {
                Draw::Text { spans, .. } => Some(spans.iter().map(|s| s.text.as_str()).collect::<String>()),
                _ => None,
            })
            .collect();
        lines.join(" ")
    }
}
