//! The block flow: the Markdown's blocks (paragraphs, headings, lists, key/value grids,
//! tables, quotes, code and the chart) laid out as units for pagination; tables stacked in a
//! section set as one table, their columns lined up, where that costs at most a line a table.

use super::blocks::{all_bold, plain, Block, Run};
use super::draw::{Draw, Part, Unit};
use super::fonts::{Fonts, Style};
use super::style::{Rgb, Theme};
use super::text::{baseline, paragraph, wrap, TextStyle};
use crate::diag::{Error, Result};

/// The narrowest a nested list may make its text: deeper levels stop indenting, so text
/// never gets a column too narrow for a word.
const MIN_WIDTH: f32 = 160.0;

/// A paragraph that leads into a list ("It does not include:") keeps with the list's first
/// line, never alone at the foot of a page: `units` are the paragraph's, `next` the block
/// after it.
pub fn lead_in(block: &Block, next: Option<&Block>, units: &mut [Unit]) {
    if let (Block::Para(runs), Some(Block::List { .. })) = (block, next) {
        let text = runs.iter().rev().find(|r| !r.text.trim().is_empty()).map_or("", |r| r.text.trim_end());
        if let Some(last) = units.last_mut().filter(|_| text.ends_with([':', '：'])) {
            last.keep_next = true;
            last.lead_in = true;
        }
    }
}

/// A one-line paragraph right after another paragraph ("Your tax ID: …" under the tax
/// wording) never opens a page alone: it keeps with that paragraph's last line, which the
/// paragraph's widow control keeps with the line before it, so the break leaves two lines of
/// text or more on each side. `units` are laid out up to `block`'s, which start at `start`;
/// `prev` is the block before it.
pub fn short_after(prev: Option<&Block>, block: &Block, units: &mut [Unit], start: usize) {
    let text = |u: &Unit| u.part == Part::Text && !u.heading && !u.lead_in;
    if let (Some(Block::Para(_)), Block::Para(_), [line]) = (prev, block, &units[start..]) {
        if text(line) && start > 0 && text(&units[start - 1]) {
            units[start - 1].keep_next = true;
        }
    }
}

/// Whether a paragraph is a note: it starts with a note mark and a space (`† `, `‡ `, `* `).
fn is_note(runs: &[Run]) -> bool {
    let text = runs.iter().find(|r| !r.text.is_empty()).map_or("", |r| r.text.as_str());
    let mut chars = text.chars();
    matches!(chars.next(), Some('†' | '‡' | '*' | '§')) && chars.next().is_some_and(char::is_whitespace)
}

/// True when every item is one paragraph starting with a bold label that ends in a colon,
/// full-width in CJK (`- **Dates:** March 16, 2026 to June 23, 2026`, `- **提出先：**…`).
fn is_key_value(items: &[Vec<Block>]) -> bool {
    !items.is_empty()
        && items.iter().all(|item| match item.as_slice() {
            [Block::Para(runs)] => {
                runs.len() >= 2 && runs[0].style.bold() && runs[0].text.trim_end().ends_with([':', '：'])
            }
            _ => false,
        })
}

/// The number the Markdown gave a section heading (`2` in `2 Scope of work`, see
/// `render::markdown::headings`), split from its text, when it is `expected`, the number that
/// follows the last section's: an unnumbered heading (`2026 plan`) has none.
pub fn split_number(text: &str, expected: usize) -> (Option<&str>, &str) {
    let digits = text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len());
    match text[..digits].parse::<usize>() {
        Ok(n) if n == expected && text[digits..].starts_with(' ') => {
            (Some(&text[..digits]), text[digits..].trim_start())
        }
        _ => (None, text),
    }
}

/// Context for laying out the body.
pub struct Flow<'a> {
    pub fonts: &'a Fonts,
    pub theme: &'a Theme,
    /// Called for a fenced `mermaid` block: the units that replace it (the Gantt chart).
    pub chart: &'a dyn Fn(f32, f32) -> Result<Vec<Unit>>,
    /// The height of a page's text block: no unit is taller (a taller table row or grid row
    /// is split into parts that each fit).
    pub room: f32,
    /// Number of the last numbered H2.
    pub section: usize,
    /// Laying out the signature block: the label of its row to sign on.
    pub signing: Option<&'a str>,
    /// The first block that could not be laid out, reported once the flow is done.
    pub error: Option<Error>,
    /// The last group number given to a block's units (see `Unit::group`).
    pub groups: u32,
    /// Setting a section's small print (the terms, as contracts set them): smaller type,
    /// tighter lists, from its `small-print` marker to the next section.
    pub small: bool,
    /// The language's "(continued)" label, with a `{heading}` placeholder (`pdf.continued`).
    pub continued: &'a str,
    /// The columns the next table shares with the tables stacked with it ([`Flow::stacked`]).
    pub shared: Option<super::table::Columns>,
}

impl Flow<'_> {
    pub fn body_style(&self) -> TextStyle {
        let t = self.theme;
        let (size, leading) = if self.small { (t.small, t.small_leading) } else { (t.body, t.leading) };
        TextStyle { size, leading, color: t.ink, link: t.accent, bold: false, italic: false }
    }

    /// Lays out `blocks` at `x` in `width`, appending units.
    pub fn blocks(&mut self, blocks: &[Block], x: f32, width: f32, out: &mut Vec<Unit>) {
        for (i, block) in blocks.iter().enumerate() {
            let start = out.len();
            self.block(block, x, width, out);
            lead_in(block, blocks.get(i + 1), &mut out[start..]);
            self.groups += 1;
            for u in &mut out[start..] {
                if u.heading && u.part == Part::Text {
                    u.part = Part::Heading;
                }
                if u.group == 0 {
                    u.group = self.groups;
                }
            }
            // Space before a block goes on its first unit.
            if let Some(first) = out.get_mut(start) {
                if first.gap == 0.0 {
                    first.gap = self.gap_before(block);
                }
            }
        }
    }

    /// The widths each table of `blocks` shares with the tables stacked with it: tables of as
    /// many columns, aligned alike, in one section with only headings and paragraphs between
    /// them (a brief's steps, engagement by engagement). They are set as one table: the widths
    /// the table layout gives all their rows together, kept where no row grows but by its
    /// widest text column (a label or a date never wraps onto a line its row did not have) and
    /// the tables grow by at most a line each in all. None for a table on its own, or where
    /// the line-up costs more.
    ///
    /// One layout of their rows together and two of each table: the search for the widths
    /// that set them lowest this replaced laid them out again for every candidate width, on
    /// every copyfit pass (litware's brief: 99 M instructions before it, 995 M with it).
    pub fn stacked(&self, blocks: &[Block], width: f32) -> Vec<Option<super::table::Columns>> {
        let mut shared = vec![None; blocks.len()];
        let mut groups: Vec<Vec<usize>> = Vec::new();
        let (mut open, mut signing) = (false, false);
        for (i, block) in blocks.iter().enumerate() {
            match block {
                // The signature block's tables keep their own widths (room to sign).
                Block::Marker(name) if name == "signature" => (open, signing) = (false, true),
                Block::Table { .. } if signing => {}
                Block::Table { align, head, .. } => {
                    let alike = |j: &usize| match &blocks[*j] {
                        Block::Table { align: a, head: h, .. } => a == align && h.len() == head.len(),
                        _ => false,
                    };
                    match groups.last_mut() {
                        Some(g) if open && g.first().is_some_and(alike) => g.push(i),
                        _ => groups.push(vec![i]),
                    }
                    open = true;
                }
                Block::Heading { level, .. } if *level <= 2 => (open, signing) = (false, false),
                Block::Heading { .. } | Block::Para(_) => {}
                _ => open = false,
            }
        }
        for group in groups.into_iter().filter(|g| g.len() >= 2) {
            let tables: Vec<super::table::Table<'_>> = group
                .iter()
                .filter_map(|i| match &blocks[*i] {
                    Block::Table { align, head, rows } => {
                        Some(super::table::Table { align, head, rows, signing: None, shared: None })
                    }
                    _ => None,
                })
                .collect();
            let laid = |table: &super::table::Table<'_>, shared: Option<&super::table::Columns>| {
                let table = super::table::Table { shared, ..*table };
                let (units, columns) = super::table::layout_in(self.fonts, self.theme, &table, 0.0, width, self.room);
                (lines_per_cell(&units, &columns.widths), columns)
            };
            // The widths the tables take set as one table: all their rows, the later tables'
            // headers among them.
            let rows: Vec<Vec<Vec<Run>>> = tables
                .iter()
                .enumerate()
                .flat_map(|(k, t)| (k > 0).then(|| t.head.to_vec()).into_iter().chain(t.rows.iter().cloned()))
                .collect();
            let (_, one) = laid(&super::table::Table { rows: &rows, ..tables[0] }, None);
            // The widest text column, which the others' lines may make taller.
            let Block::Table { align, .. } = &blocks[group[0]] else { continue };
            let text = |i: &usize| align.get(*i) != Some(&super::blocks::Align::Right);
            let w = &one.widths;
            let Some(rest) = (0..w.len()).filter(text).max_by(|a, b| w[*a].total_cmp(&w[*b])) else { continue };
            let (mut grown, mut holds) = (0.0, true);
            for table in &tables {
                let ((own, _), (with, used)) = (laid(table, None), laid(table, Some(&one)));
                holds &= used == one && own.len() == with.len();
                for ((h, lines), (set, more)) in own.iter().zip(&with) {
                    grown += set - h;
                    // A row grows only by its widest text cell: a label or a date never wraps
                    // onto a line the row had no room for alone.
                    let others = || more.iter().enumerate().filter(|(i, _)| *i != rest).map(|(_, n)| *n).max();
                    holds &= *set <= h + 0.01 || others() <= lines.iter().max().copied();
                }
            }
            // Lined up at no more than a line per table in all.
            let line = self.theme.table * self.theme.table_leading;
            if holds && grown <= line * tables.len() as f32 + 0.01 {
                for i in group {
                    shared[i] = Some(one.clone());
                }
            }
        }
        shared
    }

    /// Gives the tables and grids that belong to a heading (`keep::headed`) its "(continued)"
    /// label, drawn when one opens a page the heading is not on (`paginate`): an option's
    /// summary table at the top of a page then still says which option it is.
    pub fn label_continued(&self, units: &mut [Unit], x: f32, width: f32) {
        for (heading, body) in super::keep::headed(units) {
            let label = self.continued_label(&units[heading], x, width);
            for u in &mut units[body] {
                if matches!(u.part, Part::Head | Part::Row { .. } | Part::Note | Part::Grid) {
                    u.continued = Some(label.clone());
                }
            }
        }
    }

    /// The "(continued)" label of the section headed by the lines `heading`, on one line: a
    /// long heading is cut short, with an ellipsis, to fit `width`.
    pub fn continued_label(&self, heading: &[Unit], x: f32, width: f32) -> std::rc::Rc<Unit> {
        let t = self.theme;
        let ts = TextStyle { size: t.body - 1.0, color: t.muted, bold: true, ..self.body_style() };
        let heading: Vec<String> = heading.iter().map(Unit::said).collect();
        let heading = heading.join(" ");
        let label = |chars: usize| {
            let cut: String = heading.chars().take(chars).collect();
            let cut = if chars < heading.chars().count() { format!("{}…", cut.trim_end()) } else { cut };
            crate::catalog::fill::fill(self.continued, &[("heading", &cut)])
        };
        let fits = |chars: usize| super::text::width(self.fonts, &label(chars), Style::Bold, ts.size) <= width;
        let (mut lo, mut hi) = (0, heading.chars().count());
        while lo < hi {
            let mid = (lo + hi).div_ceil(2);
            if fits(mid) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        let text = label(lo);
        let mut label = Unit::new(0.0, 0.0);
        for line in paragraph(self.fonts, &[Run::new(text, Style::Bold)], &ts, x, width, 0.0) {
            label.draws.extend(line.draws.iter().map(|d| d.moved(label.height)));
            label.height += line.height;
        }
        label.height += 3.0 * t.spacing;
        std::rc::Rc::new(label)
    }

    fn gap_before(&self, block: &Block) -> f32 {
        self.theme.spacing
            * match block {
                Block::Heading { level: 2, .. } => 12.0,
                Block::Heading { .. } => 10.0,
                Block::Table { .. } => 8.0,
                Block::Code { lang, .. } if lang == "mermaid" => 10.0,
                Block::Rule => 4.0,
                _ => 4.0,
            }
    }

    fn block(&mut self, block: &Block, x: f32, width: f32, out: &mut Vec<Unit>) {
        let t = self.theme;
        match block {
            Block::Heading { level, runs } => self.heading(*level, runs, x, width, out),
            Block::Para(runs) => {
                let after_heading = out.last().is_some_and(|u| u.heading);
                let under_table = out.last().is_some_and(|u| matches!(u.part, Part::Row { .. } | Part::Note));
                let note = under_table && is_note(runs);
                let style = if note {
                    // A table's note is set as small print, like the table's own type.
                    TextStyle { size: t.small, leading: t.small_leading, ..self.body_style() }
                } else {
                    self.body_style()
                };
                let mut units = paragraph(self.fonts, runs, &style, x, width, 0.0);
                if note {
                    // A table's note: kept under it by `keep::rules`.
                    units.iter_mut().for_each(|u| u.part = Part::Note);
                } else if units.len() == 1 && all_bold(runs) {
                    // A one-line paragraph in bold (`**Deliverables**`) is a run-in heading.
                    units[0].keep_next = true;
                    units[0].heading = true;
                } else if after_heading && units.len() <= super::audit::INTRO_LINES {
                    // A short introduction under a heading goes with what it introduces (a
                    // table, a list), never alone at the foot of a page.
                    units.iter_mut().for_each(|u| {
                        u.keep_next = true;
                        u.part = Part::Intro;
                    });
                }
                out.extend(units);
            }
            Block::List { start: None, items } if is_key_value(items) => self.key_values(items, x, width, out),
            Block::List { start, items } => self.list(*start, items, x, width, out),
            Block::Table { align, head, rows } => {
                let shared = self.shared.as_ref();
                let table = super::table::Table { align, head, rows, signing: self.signing, shared };
                out.extend(super::table::layout(self.fonts, t, &table, x, width, self.room));
            }
            Block::Quote(inner) => self.boxed(inner, x, width, t.accent_wash, Some(t.accent), out),
            // A marker is read by the page layout, not drawn.
            Block::Marker(_) => {}
            Block::Rule => {
                let mut u = Unit::new(10.0, 0.0);
                u.draws.push(Draw::Line { x1: x, y1: 5.0, x2: x + width, y2: 5.0, width: 0.6, color: t.rule });
                out.push(u);
            }
            Block::Code { lang, .. } if lang == "mermaid" => match (self.chart)(x, width) {
                Ok(units) => out.extend(units),
                Err(e) => {
                    self.error.get_or_insert(e);
                }
            },
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
        if level == 1 {
            // The document's title, when there is no cover page to carry it.
            let size = t.title;
            let ts = TextStyle { size, leading: size * 1.2, color: t.ink, link: t.ink, bold: true, italic: false };
            let mut units = paragraph(self.fonts, runs, &ts, x, width, 0.0);
            if let Some(last) = units.last_mut() {
                last.height += 8.0;
            }
            for u in &mut units {
                u.keep_next = true;
                u.heading = true;
            }
            out.extend(units);
        } else if level == 2 {
            let (number, title) = split_number(&text, self.section + 1);
            if number.is_some() {
                self.section += 1;
            }
            let size = t.h2;
            let leading = size * 1.3;
            let prefix = number.map_or_else(String::new, |n| format!("{n} "));
            let title_runs = [Run::new(title, Style::Bold)];
            let ts = TextStyle { size, leading, color: t.ink, link: t.ink, bold: true, italic: false };
            let number_line = super::text::line(self.fonts, &prefix, Style::Bold, size, t.accent);
            let pw = number_line.width;
            let mut lines = wrap(self.fonts, &title_runs, &ts, width - pw);
            let n = lines.len();
            for (i, line) in lines.iter_mut().enumerate() {
                let mut u = Unit::new(leading, 0.0);
                let mut spans = std::mem::take(&mut line.spans);
                for s in &mut spans {
                    s.dx += pw;
                }
                if i == 0 {
                    if !prefix.is_empty() {
                        spans.splice(0..0, number_line.spans.iter().cloned());
                    }
                    u.bookmark = Some(format!("{prefix}{title}"));
                }
                u.draws.push(Draw::Text { x, y: baseline(size, leading), spans });
                if i + 1 == n {
                    u.height += 7.0 * t.spacing;
                    let y = leading + 3.5 * t.spacing;
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
        let pad = t.table_pad + 0.5 * t.spacing;
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
            .map(|(l, _)| super::text::width(self.fonts, l.text.trim(), Style::Bold, label_ts.size))
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
            // A row taller than a page goes on line by line, so its first lines fill the page
            // it starts on; the padding goes above its first line and below its last.
            let per_part = if lines as f32 * t.leading + 2.0 * pad <= self.room { lines.max(1) } else { 1 };
            let parts = lines.div_ceil(per_part).max(1);
            let (mut labels, mut values) = (labels.into_iter(), values.into_iter());
            for part in 0..parts {
                let count = per_part.min(lines - part * per_part).max(1);
                let top = if part == 0 { pad } else { 0.0 };
                let bottom = if part + 1 == parts { pad } else { 0.0 };
                let mut u = Unit::new(count as f32 * t.leading + top + bottom, 0.0);
                u.part = Part::Grid;
                let base = top + baseline(value_ts.size, t.leading);
                for (li, l) in labels.by_ref().take(count).enumerate() {
                    u.draws.push(Draw::Text { x, y: base + li as f32 * t.leading, spans: l.spans });
                }
                for (li, l) in values.by_ref().take(count).enumerate() {
                    u.draws.push(Draw::Text { x: x + label_w, y: base + li as f32 * t.leading, spans: l.spans });
                }
                if i == 0 && part == 0 {
                    // Rules inside the row, so a row at a page's foot stays in the text block.
                    u.draws.push(Draw::Line { x1: x, y1: 0.25, x2: x + width, y2: 0.25, width: 0.5, color: t.rule });
                }
                if part + 1 == parts {
                    let y = u.height - 0.25;
                    u.draws.push(Draw::Line { x1: x, y1: y, x2: x + width, y2: y, width: 0.5, color: t.rule });
                }
                out.push(u);
            }
        }
    }

    fn list(&mut self, start: Option<u64>, items: &[Vec<Block>], x: f32, width: f32, out: &mut Vec<Unit>) {
        let t = self.theme;
        let TextStyle { size, leading, .. } = self.body_style();
        let indent = if start.is_some() { 18.0 } else { 14.0 };
        let indent = if width - indent >= MIN_WIDTH { indent } else { 0.0 };
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
            // An item's text is the list's, never the introduction of the heading above it;
            // its first unit starts the item (a nested list's items are this item's lines).
            for u in &mut out[first..] {
                if u.part == Part::Intro {
                    u.part = Part::Text;
                }
                u.item = false;
            }
            if let Some(u) = out.get_mut(first) {
                u.item = true;
            }
            let Some(unit) = out.get_mut(first) else { continue };
            unit.gap = match (i, self.small) {
                (0, _) => 0.0,
                (_, true) => 2.0,
                _ => 3.0,
            };
            let mid = baseline(size, leading) - size * 0.33;
            match start {
                Some(n) => {
                    let label = format!("{}.", n + i as u64);
                    let number = super::text::line(self.fonts, &label, Style::Bold, size, t.accent);
                    let w = number.width;
                    // The number is read before the item's text.
                    unit.draws.insert(
                        0,
                        Draw::Text { x: x + indent - 6.0 - w, y: baseline(size, leading), spans: number.spans },
                    );
                }
                None => unit.draws.push(Draw::Dot { x: x + 4.0, y: mid, r: size * 0.2, fill: t.accent }),
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

/// Each row of a laid-out table (its header first): its height, and how many lines each of its
/// cells sets in, counted by the column they start in, `widths` from its left edge at 0.
fn lines_per_cell(units: &[Unit], widths: &[f32]) -> Vec<(f32, Vec<usize>)> {
    let rights: Vec<f32> = widths
        .iter()
        .scan(0.0, |at, w| {
            *at += w;
            Some(*at)
        })
        .collect();
    units
        .iter()
        .map(|u| {
            let mut lines = vec![0; widths.len()];
            for draw in &u.draws {
                if let Draw::Text { x, .. } = draw {
                    let column = rights.iter().position(|r| x < r).unwrap_or(widths.len().saturating_sub(1));
                    if let Some(l) = lines.get_mut(column) {
                        *l += 1;
                    }
                }
            }
            (u.height, lines)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::table::Columns;
    use super::*;

    /// A flow with no chart, a 700 pt page, for the stacked tables' tests.
    fn stacking<'a>(fonts: &'a Fonts, theme: &'a Theme) -> Flow<'a> {
        fn chart(_: f32, _: f32) -> Result<Vec<Unit>> {
            Ok(Vec::new())
        }
        Flow {
            fonts,
            theme,
            chart: &chart,
            room: 700.0,
            section: 0,
            signing: None,
            error: None,
            groups: 0,
            small: false,
            continued: "{heading} (continued)",
            shared: None,
        }
    }

    /// Each table of `md` laid out at `width` with the widths `Flow::stacked` gives it, and
    /// alone: (shared widths, lines alone, lines shared), with each row's height and its cells'
    /// line counts.
    #[allow(clippy::type_complexity)]
    fn stacked_tables(md: &str, width: f32) -> Vec<(Option<Columns>, Vec<(f32, Vec<usize>)>, Vec<(f32, Vec<usize>)>)> {
        let fonts = Fonts::embedded_only();
        let theme = Theme::new(super::super::style::DEFAULT_ACCENT);
        let flow = stacking(&fonts, &theme);
        let blocks = super::super::blocks::parse(md);
        let shared = flow.stacked(&blocks, width);
        let laid = |i: usize, shared: Option<&Columns>| {
            let Block::Table { align, head, rows } = &blocks[i] else { unreachable!() };
            let table = super::super::table::Table { align, head, rows, signing: None, shared };
            let (units, columns) = super::super::table::layout_in(&fonts, &theme, &table, 0.0, width, 700.0);
            if let Some(s) = shared {
                assert_eq!(&columns, s, "the table takes the columns it shares");
            }
            lines_per_cell(&units, &columns.widths)
        };
        (0..blocks.len())
            .filter(|i| matches!(blocks[*i], Block::Table { .. }))
            .map(|i| (shared[i].clone(), laid(i, None), laid(i, shared[i].as_ref())))
            .collect()
    }

    /// The height of a table's rows.
    fn height(rows: &[(f32, Vec<usize>)]) -> f32 {
        rows.iter().map(|(h, _)| h).sum()
    }

    /// Issue 15: litware's brief set its engagements' step tables one under the other with
    /// columns of different widths. Tables stacked in a section are set as one table: their
    /// columns line up; a table in another section keeps its own.
    #[test]
    fn tables_stacked_in_a_section_line_up_their_columns() {
        let md = "## 1 Scope\n\n### 1.1 Migration\n\n| Phase | Dates | You receive |\n|---|---|---|\n\
            | Discovery | 27 April 2026 –<br>7 May 2026 | An audit and inventory of the infrastructure; the requirements of the modernisation; an assessment of what can be reused in the target cloud. |\n\
            | Pilot | 11 May 2026 –<br>26 May 2026 | A pilot workload running on the target design; target architecture and network diagrams. |\n\n\
            ### 1.2 Advisory retainer\n\nThink of us as an extension of your team.\n\n| Step | Dates | How you check it |\n|---|---|---|\n\
            | Availability | 17 August 2026 –<br>2 August 2027 | Monthly statement of the hours used, the requests answered, and our response times. |\n\
            | Documentation | 17 August 2026 –<br>2 August 2027 | Before each meeting, in a decision log we keep up to date and share. |\n\n\
            ## 2 Price\n\n| Step | Dates | How you check it |\n|---|---|---|\n| A | 1 May 2026 | B |\n";
        let tables = stacked_tables(md, 467.0);
        assert_eq!(tables.len(), 3);
        let (first, second) = (tables[0].0.as_ref(), tables[1].0.as_ref());
        assert!(first.is_some() && first == second, "stacked, their columns line up: {first:?} {second:?}");
        assert!(tables[2].0.is_none(), "the price section's table keeps its own");
    }

    /// Issue 15, reviews 17 and 18: a line-up never wraps a label or a date onto a line its
    /// row did not have (nordlys's "Regular check- / ins"), and costs at most a line per table:
    /// the widest text column, "You receive", takes it.
    #[test]
    fn a_line_up_wraps_no_label_onto_a_new_line_and_costs_at_most_a_line_a_table() {
        let md = "## 1 Scope\n\n### 1.1 Legacy system refactoring\n\n| Phase | Dates | You receive |\n|---|---|---|\n\
            | Research and discovery | 8 June 2026 –<br>1 July 2026 | Legacy system audit and component inventory; requirements and business rules to preserve; cloud compatibility findings. |\n\
            | Pilot | 2 July 2026 –<br>22 July 2026 | Proof-of-concept extraction with tests; target architecture and deployment diagrams; increment plan with acceptance tests. |\n\
            | Preparation | 23 July 2026 –<br>17 August 2026 | Characterisation tests for the first areas; automated build, test, and deployment pipeline; cloud environments for development and testing. |\n\
            | Deployment | 18 August 2026 –<br>9 November 2026 | Refactored system in production; regression and performance test results; monitoring and alerting for the new services; go-live plan with fallback steps. |\n\n\
            ### 1.2 Advisory retainer\n\nThink of us as an extension of your leadership team.\n\n| Step | Dates | How you check it |\n|---|---|---|\n\
            | Context building | 10 November 2026 –<br>23 November 2026 | You confirm the written summary of what we have learned, which we send you at the end of this step. |\n\
            | Ongoing availability | 24 November 2026 –<br>9 August 2027 | Monthly statement of the hours used, the requests answered, and our response times. |\n\
            | Regular check-ins | 24 November 2026 –<br>9 August 2027 | Monthly or quarterly, as you prefer, in a meeting with written notes. |\n\
            | Documentation | 24 November 2026 –<br>9 August 2027 | Before each meeting, in a decision log we keep up to date and share. |\n";
        let tables = stacked_tables(md, 467.276);
        assert!(tables.iter().all(|t| t.0.is_some()), "they line up");
        let line = Theme::new(super::super::style::DEFAULT_ACCENT);
        let line = line.table * line.table_leading;
        let grown: f32 = tables.iter().map(|(_, own, with)| height(with) - height(own)).sum();
        assert!(grown <= 2.0 * line + 0.01, "at most a line a table: {grown}");
        for (_, own, with) in &tables {
            for ((h, alone), (set, lines)) in own.iter().zip(with) {
                if set > h {
                    let tallest = alone.iter().max().unwrap();
                    assert!(lines[0] <= *tallest && lines[1] <= *tallest, "{alone:?} → {lines:?}");
                }
            }
        }
        assert_eq!(tables[1].2[3].1[0], 1, "\"Regular check-ins\" on one line: {:?}", tables[1].2);
    }

    /// Where setting stacked tables as one would wrap a label that has a line to itself, each
    /// keeps its own widths: the long texts of the table under it keep the first column narrow,
    /// and the long label above keeps its line.
    #[test]
    fn stacked_tables_keep_their_own_widths_where_a_line_up_would_wrap_a_label() {
        let label = "A label long enough to want a wide first column of its own";
        let text = "A long text that wraps over several lines when its column is narrowed, as every row of this table would be, line after line after line.";
        let mut md = String::from("## 1 Scope\n\n| Step | You receive |\n|---|---|\n");
        md += &format!("| {label} | Short |\n\n### 1.1 Next\n\n| Step | You receive |\n|---|---|\n");
        for _ in 0..6 {
            md += &format!("| A | {text} |\n");
        }
        let tables = stacked_tables(&md, 467.0);
        assert_eq!(tables.len(), 2);
        assert!(tables.iter().all(|t| t.0.is_none()), "each keeps its own: {:?}", tables[0].0);
    }

    #[test]
    fn a_line_leading_into_a_list_keeps_with_it_and_a_table_note_is_a_note() {
        let para = |t: &str| Block::Para(vec![Run::new(t.to_string(), Style::Regular)]);
        let list = Block::List { start: None, items: Vec::new() };
        let kept = |block: &Block, next: Option<&Block>| {
            let mut units = vec![Unit::new(12.0, 0.0), Unit::new(12.0, 0.0)];
            lead_in(block, next, &mut units);
            (units[0].keep_next, units[1].keep_next)
        };
        assert_eq!(kept(&para("It does not include:"), Some(&list)), (false, true));
        assert_eq!(kept(&para("含まれないもの："), Some(&list)), (false, true));
        assert_eq!(kept(&para("It does not include:"), Some(&para("x"))), (false, false), "only into a list");
        assert_eq!(kept(&para("All prices are in USD."), Some(&list)), (false, false), "only a lead-in");
        let runs = |t: &str| vec![Run::new(t.to_string(), Style::Regular)];
        assert!(is_note(&runs("† After the discount.")) && is_note(&runs("‡ Including tax.")));
        assert!(!is_note(&runs("†After")) && !is_note(&runs("Total: 5")));
    }

    #[test]
    fn a_list_of_bold_labels_is_a_table_with_either_colon() {
        let item = |label: &str| {
            vec![Block::Para(vec![
                Run::new(label.to_string(), Style::Bold),
                Run::new(" value".to_string(), Style::Regular),
            ])]
        };
        assert!(is_key_value(&[item("Prepared for:"), item("Prepared by:")]));
        assert!(is_key_value(&[item("提出先："), item("作成者：")]));
        assert!(!is_key_value(&[item("Prepared for:"), item("Note")]));
        assert!(!is_key_value(&[]));
    }

    #[test]
    fn a_one_line_paragraph_keeps_with_the_paragraph_before_it() {
        let para = |t: &str| Block::Para(vec![Run::new(t.to_string(), Style::Regular)]);
        let list = Block::List { start: None, items: Vec::new() };
        let line = || Unit { part: Part::Text, ..Unit::new(12.0, 0.0) };
        let kept = |prev: &Block, block: &Block, lines: usize| {
            let mut units = vec![line(), line(), line()];
            units.extend((0..lines).map(|_| line()));
            short_after(Some(prev), block, &mut units, 3);
            units[2].keep_next
        };
        let (wording, id) = (para("Reverse charge: the customer is liable …"), para("Your tax ID: DE123456788."));
        assert!(kept(&wording, &id, 1), "the tax ID keeps with the wording's last line");
        assert!(!kept(&wording, &id, 2), "a paragraph of two lines has widow control of its own");
        assert!(!kept(&list, &id, 1), "only after a paragraph");
        assert!(!kept(&wording, &list, 1), "only a paragraph");
    }

    #[test]
    fn splits_heading_numbers() {
        assert_eq!(split_number("1 Executive summary", 1), (Some("1"), "Executive summary"));
        assert_eq!(split_number("12 Scope", 12), (Some("12"), "Scope"));
        assert_eq!(split_number("2026 plan", 3), (None, "2026 plan"));
        assert_eq!(split_number("3D printing", 3), (None, "3D printing"));
        assert_eq!(split_number("Pricing", 1), (None, "Pricing"));
    }
}
