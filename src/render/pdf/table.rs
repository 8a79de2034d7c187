//! Tables: column widths from the cells' glyph widths (right-aligned columns, the money, never
//! wrap; a table that must wrap, the widths that set it in the fewest lines, its columns closer
//! together when that takes lines off, its outer edges padded as every table's), a header row
//! repeated after a page break, one unit per row so no row splits (unless it is taller than a page: then it goes on in parts), and the
//! totals row (first cell all bold, as the templates write it) highlighted, its label spanning
//! the empty cells to its right. A short price phrase in a cell ("€4,842.42 a month") never
//! wraps between its words; a comparison table (first header cell empty) marks where its groups
//! of rows end. Tables stacked in a section may be given shared widths (`flow`), so their
//! columns line up; a table takes them only where every column still holds its widest word
//! or is as wide as the table would set it.

use super::blocks::{all_bold, plain, Align, Run};
use super::draw::{Draw, FieldKind, Part, Unit};
use super::fonts::{Fonts, Style};
use super::form;
use super::style::Theme;
use super::text::{baseline, Shaped, TextLine, TextStyle};
use std::rc::Rc;

/// The longest word read as a date or an amount (`September 21, 2026`, `−1 234 567,89 €`).
const ATOM_CHARS: usize = 32;

/// The padding beside a cell's text between two columns in a table that wraps less for it (the
/// usual is the theme's `table_pad_x`): 7 pt between columns rather than 12. The table's outer
/// edges keep the usual padding, so the text of every table on a page starts at one left edge
/// and ends at one right edge. (4 pt at the edges and between columns saved lines in the same
/// tables as 3.5 pt between columns alone saves, and as many.) A table with Japanese text keeps
/// the usual gutters: without spaces between its words, its cells read across 7 pt as one line.
const NARROW_PAD: f32 = 3.5;

/// The padding left and right of column `i`'s text, of `n` columns: `outer` at the table's
/// edges, `inner` between columns.
fn pads(i: usize, n: usize, outer: f32, inner: f32) -> (f32, f32) {
    (if i == 0 { outer } else { inner }, if i + 1 == n { outer } else { inner })
}

/// The most words after an amount that read with it as one phrase (`phrases`).
const PHRASE_WORDS: usize = 3;

/// The widest line of `runs` unbroken (`shaped`, in `ts`), its widest word, and its widest
/// date or amount.
fn measure(fonts: &Fonts, runs: &[Run], shaped: &Shaped<'_>, ts: &TextStyle) -> (f32, f32, f32) {
    let lines = shaped.lines(fonts, f32::MAX);
    let natural = lines.iter().map(|l| l.width).fold(0.0, f32::max);
    let (mut word, mut atom) = (0.0f32, 0.0f32);
    for run in runs {
        let style = Style::new(run.style.bold() || ts.bold, run.style.italic() || ts.italic);
        for w in run.text.split(' ') {
            let width = super::text::width(fonts, w, style, ts.size);
            word = word.max(width);
            if is_atom(w) {
                atom = atom.max(width);
            }
        }
    }
    (natural, word, atom)
}

/// Column widths filling `width`. When everything fits, the spare width goes to the text
/// (not right-aligned) columns. When not, right-aligned columns, the money, keep their
/// natural width if the others can still hold their widest words; the others share the rest
/// (see [`share`]). Failing that, all columns share the width alike.
pub fn columns(natural: &[f32], min: &[f32], align: &[Align], width: f32) -> Vec<f32> {
    let n = natural.len();
    let right = |i: usize| align.get(i) == Some(&Align::Right);
    let total: f32 = natural.iter().sum();
    let mut out = natural.to_vec();
    if total <= width {
        let text: Vec<usize> = (0..n).filter(|i| !right(*i)).collect();
        let share: Vec<usize> = if text.is_empty() { (0..n).collect() } else { text };
        let base: f32 = share.iter().map(|i| natural[*i]).sum::<f32>().max(1.0);
        for i in share {
            out[i] += (width - total) * natural[i] / base;
        }
        return out;
    }
    let fixed: f32 = (0..n).filter(|i| right(*i)).map(|i| natural[i]).sum();
    let text: Vec<usize> = (0..n).filter(|i| !right(*i)).collect();
    let text_min: f32 = text.iter().map(|i| min[*i]).sum();
    let cols: Vec<usize> = if !text.is_empty() && width - fixed >= text_min { text } else { (0..n).collect() };
    let room = width - (0..n).filter(|i| !cols.contains(i)).map(|i| natural[i]).sum::<f32>();
    for (i, w) in cols.iter().zip(share(&cols, natural, min, room)) {
        out[*i] = w;
    }
    out
}

/// Shares `room` among columns `cols`: those narrower than an even share of what is left
/// keep their natural width (dates and short labels stay on one line); the wide ones get
/// their widest word plus a part of the rest in proportion to how much more they would
/// like. Below the widest words, everything scales down alike.
fn share(cols: &[usize], natural: &[f32], min: &[f32], room: f32) -> Vec<f32> {
    let mut wide: Vec<usize> = cols.to_vec();
    let mut left = room;
    loop {
        let even = left / wide.len().max(1) as f32;
        let (narrow, rest): (Vec<usize>, Vec<usize>) = wide.iter().partition(|i| natural[**i] <= even);
        if narrow.is_empty() || rest.is_empty() {
            break;
        }
        left -= narrow.iter().map(|i| natural[*i]).sum::<f32>();
        wide = rest;
    }
    let min_wide: f32 = wide.iter().map(|i| min[*i]).sum();
    if left < min_wide {
        let all_min: f32 = cols.iter().map(|i| min[*i]).sum::<f32>().max(1e-3);
        return cols.iter().map(|i| min[*i] * room / all_min).collect();
    }
    let stretch: f32 = wide.iter().map(|i| natural[*i] - min[*i]).sum::<f32>().max(1e-3);
    cols.iter()
        .map(|i| {
            if wide.contains(i) {
                min[*i] + (left - min_wide) * (natural[*i] - min[*i]) / stretch
            } else {
                natural[*i]
            }
        })
        .collect()
}

/// How many lines words of these widths take in `width`, broken greedily at their spaces
/// (`space` wide): `wrap`'s count, estimated, to choose the columns' widths by; and, for
/// each break, the width that would have taken the next word onto the line.
fn breaks(words: &[f32], space: f32, width: f32) -> (usize, Vec<f32>) {
    let (mut count, mut line, mut wider) = (1, 0.0f32, Vec::new());
    for &w in words {
        if line == 0.0 {
            line = w;
        } else if line + space + w <= width + 0.01 {
            line += space + w;
        } else {
            count += 1;
            wider.push(line + space + w);
            line = w;
        }
    }
    (count, wider)
}

fn lines_in(words: &[f32], space: f32, width: f32) -> usize {
    breaks(words, space, width).0
}

/// How tall a table of `cells` (row, column: each cell's words' widths) sets in `widths`,
/// as (its rows' lines, every cell's lines): the rows' counted by their tallest cell; `pad`:
/// each column's padding, both sides.
fn height_in(cells: &[Vec<Vec<f32>>], space: f32, widths: &[f32], pad: &[f32]) -> (usize, usize) {
    let (mut rows, mut all) = (0, 0);
    for row in cells {
        let counts = row.iter().zip(widths).zip(pad).map(|((words, w), p)| lines_in(words, space, w - p));
        let (tallest, sum) = counts.fold((1, 0), |(t, s), c| (t.max(c), s + c));
        rows += tallest;
        all += sum;
    }
    (rows, all)
}

/// The widths, from `start`, that set the table lowest: width moves from one column to
/// another while that takes lines off it (its rows' then its cells'), no column going
/// below its `min`. Fixed shares of the spare width let a long column wrap in every row
/// while a short one beside it has room to spare (litware's "Prestation" beside "Échéance").
fn lowest(cells: &[Vec<Vec<f32>>], space: f32, start: &[f32], min: &[f32], pad: &[f32]) -> Vec<f32> {
    let n = start.len();
    let mut widths = start.to_vec();
    let mut best = height_in(cells, space, &widths, pad);
    for _ in 0..200 {
        let mut found: Option<((usize, usize), Vec<f32>)> = None;
        for to in 0..n {
            // The widths at which a cell of the column loses a line.
            let mut steps: Vec<f32> = cells
                .iter()
                .flat_map(|row| breaks(&row[to], space, widths[to] - pad[to]).1)
                .map(|w| w + pad[to] - widths[to] + 0.02)
                .filter(|step| *step > 0.0)
                .collect();
            steps.sort_by(f32::total_cmp);
            steps.dedup_by(|a, b| (*a - *b).abs() < 0.5);
            for from in (0..n).filter(|from| *from != to) {
                for &step in &steps {
                    if widths[from] - step < min[from] - 0.01 {
                        break;
                    }
                    let mut tried = widths.clone();
                    tried[from] -= step;
                    tried[to] += step;
                    let h = height_in(cells, space, &tried, pad);
                    if h < found.as_ref().map_or(best, |f| f.0) {
                        found = Some((h, tried));
                    }
                }
            }
        }
        match found {
            Some((h, tried)) => (best, widths) = (h, tried),
            None => break,
        }
    }
    widths
}

/// Whether a row's cells after its label are all figures (amounts, counts), not words: a
/// comparison table's price rows against its scope rows ("12 months", "✓").
fn figures(row: &[Vec<Run>]) -> bool {
    let figure = |c: &Vec<Run>| {
        let text = plain(c);
        let letters: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
        text.chars().any(|c| c.is_ascii_digit()) && letters.len() <= 3 && letters.iter().all(char::is_ascii_uppercase)
    };
    row.iter().skip(1).filter(|c| !plain(c).trim().is_empty()).all(figure)
}

/// The cell `runs` with the spaces of each short price phrase made no-break: an amount with a
/// currency sign and the words after it up to a comma or the cell's end, at most
/// `PHRASE_WORDS` of them ("12 320,64 € en une fois", "€4,842.42 a month"), so a cell that
/// wraps breaks between phrases, never inside one.
fn phrases(runs: &[Run]) -> Vec<Run> {
    let money = |w: &str| w.chars().any(|c| c.is_ascii_digit()) && w.chars().any(|c| "€$£¥₹₩".contains(c));
    runs.iter()
        .map(|run| {
            let words: Vec<&str> = run.text.split(' ').collect();
            let mut glue = vec![false; words.len()];
            for (i, w) in words.iter().enumerate() {
                if !money(w) || w.ends_with([',', ';']) {
                    continue;
                }
                let rest = &words[i + 1..];
                let end = rest.iter().position(|w| w.ends_with([',', ';', '.'])).map_or(rest.len(), |k| k + 1);
                if (1..=PHRASE_WORDS).contains(&end) && rest[..end].iter().all(|w| !w.is_empty() && !money(w)) {
                    glue[i..i + end].iter_mut().for_each(|g| *g = true);
                }
            }
            let mut text = String::with_capacity(run.text.len());
            for (i, w) in words.iter().enumerate() {
                if i > 0 {
                    text.push(if glue[i - 1] { '\u{a0}' } else { ' ' });
                }
                text.push_str(w);
            }
            Run { text, ..run.clone() }
        })
        .collect()
}

/// A date, an amount, a percentage: a short word with a digit (the locale writes the spaces
/// inside them as no-break spaces, so each is one word), which must stay on one line.
fn is_atom(word: &str) -> bool {
    word.chars().count() <= ATOM_CHARS && word.chars().any(|c| c.is_ascii_digit())
}

struct Cell {
    lines: Vec<TextLine>,
    align: Align,
    /// The padding left of its text.
    left: f32,
    /// The width its text is set in: its column's, or its row's columns it spans, less the
    /// padding.
    inner: f32,
}

/// A table as the Markdown has it.
pub struct Table<'a> {
    pub align: &'a [Align],
    pub head: &'a [Vec<Run>],
    pub rows: &'a [Vec<Vec<Run>>],
    /// In the signature block, the label of the row to sign on (the language pack's
    /// `acceptance.signature`): rows left blank after their label get room to sign in, and
    /// that row's cells become signature fields.
    pub signing: Option<&'a str>,
    /// Columns shared with the tables stacked with it in its section (`flow`), so they line
    /// up: used when every column still holds its widest word, date and amount.
    pub shared: Option<&'a Columns>,
}

/// A table's columns as laid out: their widths, and the space beside each cell's text
/// between columns.
#[derive(Debug, Clone, PartialEq)]
pub struct Columns {
    pub widths: Vec<f32>,
    pub gutter: f32,
}

/// Lays out a table at `x`, `width` wide: a header unit and one unit per row, or, for a row
/// taller than `room` (a page's text block), a unit per part of it that fits on a page.
pub fn layout(fonts: &Fonts, t: &Theme, table: &Table<'_>, x: f32, width: f32, room: f32) -> Vec<Unit> {
    layout_in(fonts, t, table, x, width, room).0
}

/// [`layout`] and the columns it chose.
pub fn layout_in(fonts: &Fonts, t: &Theme, table: &Table<'_>, x: f32, width: f32, room: f32) -> (Vec<Unit>, Columns) {
    let Table { align, head, rows, signing: signature_row, shared } = *table;
    let rows: Vec<Vec<Vec<Run>>> = rows.iter().map(|r| r.iter().map(|c| phrases(c)).collect()).collect();
    let rows = rows.as_slice();
    let signing = signature_row.is_some();
    let n = head.len().max(rows.iter().map(Vec::len).max().unwrap_or(0));
    if n == 0 {
        return (Vec::new(), Columns { widths: Vec::new(), gutter: t.table_pad_x });
    }
    let size = t.table;
    let leading = size * t.table_leading;
    let pad_y = t.table_pad;
    let head_ts = TextStyle { size, leading, color: t.white, link: t.white, bold: true, italic: false };
    let body_ts = TextStyle { size, leading, color: t.ink, link: t.accent, bold: false, italic: false };
    let total_ts = TextStyle { bold: true, ..body_ts };
    let totals: Vec<bool> = rows.iter().map(|r| r.first().is_some_and(|c| all_bold(c))).collect();
    // A total row's label spans the empty cells to its right ("Total contract value,
    // estimated" over a payment plan's date, engagement and payment columns), so a narrow
    // first column never wraps it: how many columns each row's first cell takes.
    let empty = |c: &Vec<Run>| c.iter().all(|r| r.text.trim().is_empty());
    let spans: Vec<usize> = rows
        .iter()
        .zip(&totals)
        .map(|(r, t)| match r.get(1..r.len().saturating_sub(1)) {
            Some(middle) if *t && !signing => 1 + middle.iter().take_while(|c| empty(c)).count(),
            _ => 1,
        })
        .collect();

    // Each cell shaped once (its style's text), and measured: its widest line, word and date
    // or amount. The column plans below break the cells at many widths.
    let shaped_head: Vec<Shaped<'_>> = head.iter().map(|c| Shaped::new(fonts, c, &head_ts)).collect();
    let styles: Vec<&TextStyle> = totals.iter().map(|t| if *t { &total_ts } else { &body_ts }).collect();
    let shaped_rows: Vec<Vec<Shaped<'_>>> =
        rows.iter().zip(&styles).map(|(r, ts)| r.iter().map(|c| Shaped::new(fonts, c, ts)).collect()).collect();
    let measures = |cells: &[Vec<Run>], shaped: &[Shaped<'_>], ts: &TextStyle| -> Vec<(f32, f32, f32)> {
        cells.iter().zip(shaped).map(|(runs, sh)| measure(fonts, runs, sh, ts)).collect()
    };
    let head_measures = measures(head, &shaped_head, &head_ts);
    let row_measures: Vec<Vec<(f32, f32, f32)>> =
        rows.iter().zip(&shaped_rows).zip(&styles).map(|((r, sh), ts)| measures(r, sh, ts)).collect();

    // The padding, both sides, of a cell from column `i` over `span` columns, `inner` between
    // columns.
    let outer = t.table_pad_x;
    let pad = |i: usize, span: usize, inner: f32| pads(i, n, outer, inner).0 + pads(i + span - 1, n, outer, inner).1;
    // The columns' natural widths and their minimums, with `inner` beside each cell's text
    // between columns.
    let sizes = |inner: f32| -> (Vec<f32>, Vec<f32>) {
        let mut natural = vec![0.0f32; n];
        let mut body = vec![0.0f32; n];
        let mut min = vec![0.0f32; n];
        let mut atom = vec![0.0f32; n];
        let mut grow = |cells: &[(f32, f32, f32)], in_body: bool, span: usize| {
            for (i, &(nat, word, unbroken)) in cells.iter().enumerate().take(n).skip(usize::from(span > 1)) {
                let pad = pad(i, 1, inner);
                natural[i] = natural[i].max(nat + pad);
                if in_body {
                    body[i] = body[i].max(nat + pad);
                }
                min[i] = min[i].max(word + pad);
                if unbroken > 0.0 {
                    atom[i] = atom[i].max(unbroken + pad);
                }
            }
        };
        grow(&head_measures, false, 1);
        for (row, span) in row_measures.iter().zip(&spans) {
            grow(row, true, *span);
        }
        // When the table must wrap somewhere, a right-aligned column (figures under a header
        // such as "% of the fixed price") claims the width of its figures and lets its header
        // wrap, rather than squeezing the descriptions beside it onto more lines.
        if natural.iter().sum::<f32>() > width {
            for i in (0..n).filter(|i| align.get(*i) == Some(&Align::Right)) {
                natural[i] = body[i].max(min[i]);
            }
        }
        // A word wider than an even share of the table is broken anyway: it claims no more, but
        // a date or an amount keeps its unbroken width. When those minimums overrun the table,
        // dates and amounts get their width first and the other words share what is left, so
        // the minimums sum to at most `width` and no column is squeezed below its own: a long
        // word in one column never breaks a date in another. Dates and amounts wider together
        // than the table share it like any word.
        let even = width / n as f32;
        let capped: Vec<f32> = min.iter().zip(&atom).map(|(m, a)| m.min(even).max(*a)).collect();
        let atoms: f32 = atom.iter().sum();
        if capped.iter().sum::<f32>() <= width {
            min = capped;
        } else {
            let (atom, spare) = if atoms <= width { (atom, width - atoms) } else { (vec![0.0; n], width) };
            for (m, a) in min.iter_mut().zip(&atom) {
                *m = m.min(a + spare / n as f32).max(*a);
            }
        }
        (natural, min)
    };
    // The columns' widths with `inner` beside each cell's text between columns, when the table
    // must wrap how many lines it sets in (0 when it need not wrap), its first column's natural
    // width and the columns' minimums.
    let plan = |inner: f32| -> (Vec<f32>, usize, f32, Vec<f32>) {
        let (natural, min) = sizes(inner);
        let mut widths = columns(&natural, &min, align, width);
        let wraps = natural.iter().sum::<f32>() > width;
        let wrapped = |widths: &[f32]| -> usize {
            let count = |cells: &[Shaped<'_>], span: usize| {
                (0..n)
                    .map(|i| {
                        let (w, span) = if i == 0 { (widths[..span].iter().sum(), span) } else { (widths[i], 1) };
                        cells.get(i).map_or(1, |cell| cell.count(fonts, w - pad(i, span, inner)))
                    })
                    .max()
                    .unwrap_or(1)
            };
            count(&shaped_head, 1) + shaped_rows.iter().zip(&spans).map(|(r, s)| count(r, *s)).sum::<usize>()
        };
        if wraps && !signing {
            // The table wraps: the widths that set it lowest, if the lines `wrap` breaks say so.
            let space = super::text::width(fonts, " ", Style::Regular, size);
            let words = |cells: &[Vec<Run>], ts: &TextStyle, span: usize| -> Vec<Vec<f32>> {
                (0..n)
                    .map(|i| {
                        let runs =
                            if i == 0 && span > 1 { &[][..] } else { cells.get(i).map_or(&[][..], Vec::as_slice) };
                        let style = |r: &Run| Style::new(r.style.bold() || ts.bold, r.style.italic() || ts.italic);
                        runs.iter()
                            .flat_map(|r| r.text.split(' ').filter(|w| !w.is_empty()).map(move |w| (w, style(r))))
                            .map(|(w, st)| super::text::width(fonts, w, st, size))
                            .collect()
                    })
                    .collect()
            };
            let mut cells = vec![words(head, &head_ts, 1)];
            cells.extend(
                rows.iter()
                    .zip(&totals)
                    .zip(&spans)
                    .map(|((r, t), s)| words(r, if *t { &total_ts } else { &body_ts }, *s)),
            );
            let pads: Vec<f32> = (0..n).map(|i| pad(i, 1, inner)).collect();
            let lower = lowest(&cells, space, &widths, &min, &pads);
            if lower != widths && wrapped(&lower) < wrapped(&widths) {
                widths = lower;
            }
        }
        let lines = if wraps { wrapped(&widths) } else { 0 };
        (widths, lines, natural[0], min)
    };
    // A table that must wrap sets its columns closer together (`NARROW_PAD`) when that takes
    // lines off it: gulf's "6 monthly payments of …" in three lines beside a date column,
    // nordlys's "Legacy system refactoring" in two on six rows.
    let mut inner = outer;
    let (mut widths, lines, label, mut min) = plan(inner);
    // Text set without spaces between its words (Japanese) reads across a gutter that close
    // as one line: "2026年7月7日から" ran into "24時間365日…" beside it. Such a table keeps its
    // gutters and wraps ("2026年7月7日 / から", as English sets "From / July 7, 2026").
    let unspaced = rows.iter().flatten().chain(head).flatten().any(|r| r.text.chars().any(super::blocks::is_cjk));
    let narrow = inner.min(NARROW_PAD);
    if lines > 0 && !signing && !unspaced && narrow < inner {
        let (closer, fewer, _, closer_min) = plan(narrow);
        if fewer < lines {
            (widths, inner, min) = (closer, narrow, closer_min);
        }
    }
    // Columns shared with the tables stacked with it, at their gutter, when every column still
    // holds its widest word, date and amount, or is as wide as the table would set it (`flow`
    // keeps them only where that costs at most a line a table).
    if let Some(shared) = shared.filter(|s| !signing && s.widths.len() == n) {
        let min = if shared.gutter == inner { min } else { sizes(shared.gutter).1 };
        let holds = |s: &[f32]| {
            (s.iter().sum::<f32>() - width).abs() < 0.5
                && s.iter().zip(&min).zip(&widths).all(|((w, m), own)| *w >= m.min(*own) - 0.01)
        };
        if holds(&shared.widths) {
            (widths, inner) = (shared.widths.clone(), shared.gutter);
        }
    }
    let blank =
        |row: &Vec<Vec<Run>>| row.len() > 1 && row[1..].iter().all(|c| c.iter().all(|r| r.text.trim().is_empty()));
    if signing && n > 1 && rows.iter().any(blank) {
        // Room to sign: the label column as it is, the signatories' columns alike (a table
        // of boxes to tick, the options to choose, keeps the widths of its figures).
        let label = label.min(width / n as f32);
        widths = std::iter::once(label).chain(std::iter::repeat_n((width - label) / (n - 1) as f32, n - 1)).collect();
    }
    let lefts: Vec<f32> = widths
        .iter()
        .scan(x, |at, w| {
            let left = *at;
            *at += w;
            Some(left)
        })
        .collect();

    // A row's parts: one unit, or, for a row taller than `room`, a unit per line (its
    // cells' lines side by side).
    let row_units = |cells: &[Shaped<'_>], min_height: f32, room: f32, span: usize| -> Vec<Unit> {
        let laid: Vec<Cell> = (0..n)
            .map(|i| {
                let align = align.get(i).copied().unwrap_or(Align::Left);
                let (w, span) = if i == 0 { (widths[..span].iter().sum(), span) } else { (widths[i], 1) };
                let (left, inner) = (pads(i, n, outer, inner).0, w - pad(i, span, inner));
                // A cell's lines as a cell sets them (`Shaped::cell_lines`); a missing cell, one empty line.
                let lines = cells.get(i).map_or_else(|| vec![TextLine::default()], |c| c.cell_lines(fonts, inner));
                Cell { lines, align, left, inner }
            })
            .collect();
        let count = laid.iter().map(|c| c.lines.len()).max().unwrap_or(1).max(1);
        // A row taller than a page goes on line by line, so its first lines fill the page it
        // starts on; the padding goes above its first line and below its last.
        let whole = (count as f32 * leading + 2.0 * pad_y).max(min_height);
        let per_part = if whole <= room { count } else { 1 };
        let parts = count.div_ceil(per_part);
        let mut units: Vec<Unit> = Vec::with_capacity(parts);
        for part in 0..parts {
            let first = part * per_part;
            let lines = per_part.min(count - first);
            let top = if part == 0 { pad_y } else { 0.0 };
            let bottom = if part + 1 == parts { pad_y } else { 0.0 };
            let text_height = lines as f32 * leading + top + bottom;
            let height = if parts == 1 { text_height.max(min_height) } else { text_height };
            // Text sits at the bottom of a row made taller (a line to sign on).
            let shift = height - text_height + top;
            let mut unit = Unit::new(height, 0.0);
            for (i, cell) in laid.iter().enumerate() {
                let inner = cell.inner;
                for (li, line) in cell.lines.iter().enumerate().skip(first).take(lines) {
                    if line.spans.is_empty() {
                        continue;
                    }
                    let dx = match cell.align {
                        Align::Left => 0.0,
                        Align::Center => (inner - line.width) / 2.0,
                        Align::Right => inner - line.width,
                    };
                    let top = shift + (li - first) as f32 * leading;
                    let y = top + baseline(size, leading);
                    unit.draws.push(Draw::Text { x: lefts[i] + cell.left + dx, y, spans: line.spans.clone() });
                    let text = |c: Option<&Shaped<'_>>| c.map(|c| plain(c.runs())).unwrap_or_default();
                    if signing && text(cells.get(i)).trim() == form::CHECKBOX {
                        // A box to tick: the field lies over the printed ☐.
                        let label = text(cells.first());
                        let (x, side) = (lefts[i] + cell.left + dx, leading);
                        let name = format!("{} {label}", head.get(i).map(|c| plain(c)).unwrap_or_default());
                        unit.draws.push(Draw::Field { x, y: top, w: side, h: side, name, kind: FieldKind::Check });
                    }
                }
            }
            units.push(unit);
        }
        units
    };

    // A comparison table (its first header cell empty, the options side by side) reads across
    // its rows: its groups of rows (the prices, then the scope) are where it may split.
    let compare = n >= 3 && !signing && head.first().is_none_or(empty) && !rows.is_empty();
    let kinds: Vec<bool> = rows.iter().map(|r| figures(r)).collect();
    let mut units = Vec::with_capacity(rows.len() + 1);
    let mut header = row_units(&shaped_head, 0.0, room, 1);
    // A header too tall for a page (it never is with the shipped templates) is laid out as
    // rows are, and is not repeated.
    let repeat = header.len() == 1;
    for part in &mut header {
        let h = part.height;
        part.draws.insert(0, Draw::Rect { x, y: 0.0, w: width, h, fill: t.accent });
        part.keep_next = true;
        part.part = Part::Head;
        part.compare = compare;
    }
    let header_height = header.iter().map(|u| u.height).sum::<f32>();
    let repeated = repeat.then(|| Rc::new(header[0].clone()));
    units.extend(header);
    // Under a repeated header a row's part must fit with the header above it.
    let row_room = if repeat { room - header_height } else { room };
    for (ri, (row, total)) in rows.iter().zip(&totals).enumerate() {
        let sign_here = signing && blank(row);
        // Room for a hand to write a name or a date; more for the signature itself.
        let signature_here = sign_here && signature_row.is_some_and(|s| plain(&row[0]).trim() == s);
        let min_height = match (sign_here, signature_here) {
            (_, true) => t.sign_height,
            (true, false) => t.write_height,
            _ => 0.0,
        };
        let parts = row_units(&shaped_rows[ri], min_height, row_room, spans[ri]);
        let last_part = parts.len() - 1;
        for (pi, mut unit) in parts.into_iter().enumerate() {
            let h = unit.height;
            if sign_here && pi == last_part {
                let label = plain(&row[0]);
                let kind = if Some(label.trim()) == signature_row { FieldKind::Signature } else { FieldKind::Text };
                for (i, left) in lefts.iter().enumerate().skip(1) {
                    let (l, r) = pads(i, n, outer, inner);
                    let (x1, x2) = (left + l, left + widths[i] - r);
                    unit.draws.push(Draw::Line { x1, y1: h - 6.0, x2, y2: h - 6.0, width: 0.6, color: t.muted });
                    // The line to sign on, as a field to fill in: named by whose column and
                    // which row ("Northwind Traders Name").
                    let column = head.get(i).map(|c| plain(c)).unwrap_or_default();
                    let name = format!("{column} {label}");
                    unit.draws.push(Draw::Field { x: x1, y: 4.0, w: x2 - x1, h: h - 10.0, name, kind });
                }
            } else if *total {
                unit.draws.insert(0, Draw::Rect { x, y: 0.0, w: width, h, fill: t.accent_tint });
                if pi == 0 {
                    // Rules are drawn inside their row, so a row at a page's foot stays in it.
                    unit.draws.push(Draw::Line { x1: x, y1: 0.5, x2: x + width, y2: 0.5, width: 1.0, color: t.accent });
                }
            } else if !sign_here {
                if ri % 2 == 1 {
                    unit.draws.insert(0, Draw::Rect { x, y: 0.0, w: width, h, fill: t.zebra });
                }
                let last_before_total = totals.get(ri + 1).copied().unwrap_or(false);
                if !last_before_total && pi == last_part {
                    let y = h - 0.2;
                    unit.draws.push(Draw::Line { x1: x, y1: y, x2: x + width, y2: y, width: 0.4, color: t.rule });
                }
            }
            unit.repeat = repeated.clone();
            unit.part = Part::Row { total: *total };
            unit.group_end = compare && pi == last_part && kinds.get(ri + 1).is_some_and(|k| *k != kinds[ri]);
            units.push(unit);
        }
    }
    // The header opens a page with at least two rows, and the last two rows stay together,
    // so a totals row never stands alone.
    let len = units.len();
    if len >= 3 {
        units[1].keep_next = true;
        units[len - 2].keep_next = true;
    }
    (units, Columns { widths, gutter: inner })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_move_to_the_column_that_wraps_from_one_with_room_to_spare() {
        // Litware's schedule: a date column given more than its dates need, beside a service
        // column whose two words wrap in every row at the width it was given.
        let row = |date: &[f32], service: &[f32]| vec![date.to_vec(), service.to_vec()];
        let cells: Vec<Vec<Vec<f32>>> = (0..6).map(|_| row(&[10.0, 30.0, 20.0], &[60.0, 65.0])).collect();
        let (space, pad) = (3.0, 6.0);
        let start = [120.0, 100.0];
        let pad = [2.0 * pad; 2];
        assert_eq!(height_in(&cells, space, &start, &pad), (12, 18), "every service wraps");
        let lower = lowest(&cells, space, &start, &[42.0, 77.0], &pad);
        assert_eq!(height_in(&cells, space, &lower, &pad), (6, 12), "{lower:?}");
        assert!((lower.iter().sum::<f32>() - 220.0).abs() < 0.01, "the table keeps its width");
        assert!(lower[0] >= 42.0 && lower[1] >= 77.0);
    }

    #[test]
    fn money_columns_keep_their_natural_width_and_text_columns_share_the_rest() {
        let w = columns(&[300.0, 80.0, 90.0], &[60.0, 80.0, 90.0], &[Align::Left, Align::Right, Align::Right], 400.0);
        assert_eq!(w[1], 80.0);
        assert_eq!(w[2], 90.0);
        assert!((w.iter().sum::<f32>() - 400.0).abs() < 1e-3);
    }

    #[test]
    fn wide_right_aligned_columns_wrap_rather_than_crush_the_rest() {
        // An options table: a label column, then long right-aligned descriptions.
        let natural = [90.0, 600.0, 650.0, 700.0];
        let min = [60.0, 55.0, 55.0, 60.0];
        let align = [Align::Left, Align::Right, Align::Right, Align::Right];
        let w = columns(&natural, &min, &align, 460.0);
        assert_eq!(w[0], 90.0, "the labels stay whole");
        assert!(w[1..].iter().all(|c| *c >= 55.0));
        assert!((w.iter().sum::<f32>() - 460.0).abs() < 1e-3);
    }

    #[test]
    fn narrow_columns_keep_their_width_when_wide_ones_wrap() {
        let natural = [200.0, 180.0, 70.0, 70.0, 80.0];
        let min = [60.0, 60.0, 40.0, 40.0, 80.0];
        let align = [Align::Left, Align::Left, Align::Left, Align::Left, Align::Right];
        let w = columns(&natural, &min, &align, 400.0);
        assert_eq!(&w[2..], &[70.0, 70.0, 80.0]);
        assert!((w[0] + w[1] - 180.0).abs() < 1e-3);
    }

    #[test]
    fn spare_width_goes_to_text_columns() {
        let w = columns(&[100.0, 80.0], &[50.0, 80.0], &[Align::Left, Align::Right], 400.0);
        assert_eq!(w[1], 80.0);
        assert!((w[0] - 320.0).abs() < 1e-3);
    }

    #[test]
    fn a_row_taller_than_a_page_goes_on_in_parts_that_fit_under_the_header() {
        let fonts = Fonts::embedded_only();
        let t = Theme::new(super::super::style::DEFAULT_ACCENT);
        let long = "word ".repeat(1_000);
        let md = format!("| Item | Notes | Amount |\n|---|---|---:|\n| A | {long} | $1.00 |\n| B | short | $2.00 |\n");
        let super::super::blocks::Block::Table { align, head, rows } = &super::super::blocks::parse(&md)[0] else {
            panic!()
        };
        let table = Table { align, head, rows, signing: None, shared: None };
        let room = 300.0;
        let units = layout(&fonts, &t, &table, 50.0, 400.0, room);
        let header = units[0].height;
        assert!(units.len() > 4, "the long row is in parts");
        assert!(units[1..].iter().all(|u| u.height + header <= room), "each part fits under the header");
        let words: usize = units
            .iter()
            .flat_map(|u| &u.draws)
            .filter_map(|d| match d {
                Draw::Text { spans, .. } => Some(spans.iter().map(|s| s.text.matches("word").count()).sum::<usize>()),
                _ => None,
            })
            .sum();
        assert_eq!(words, 1_000, "no word is lost");
    }

    #[test]
    fn rows_are_single_units_with_right_aligned_money_and_a_highlighted_total() {
        let fonts = Fonts::embedded_only();
        let t = Theme::new(super::super::style::DEFAULT_ACCENT);
        let md = "| Item | Amount |\n|---|---:|\n| Work | $1,000.00 |\n| **Total** | **$1,000.00** |\n";
        let super::super::blocks::Block::Table { align, head, rows } = &super::super::blocks::parse(md)[0] else {
            panic!()
        };
        let table = Table { align, head, rows, signing: None, shared: None };
        let units = layout(&fonts, &t, &table, 50.0, 400.0, 700.0);
        assert_eq!(units.len(), 3);
        assert!(units[0].keep_next);
        assert!(units[1].repeat.is_some());
        // The amount's right edge sits at the column's right edge less the padding.
        let right_edge = |u: &Unit| {
            u.draws
                .iter()
                .filter_map(|d| match d {
                    Draw::Text { x, spans, .. } if spans[0].text.starts_with('$') => {
                        Some(x + spans.iter().map(|s| s.width).sum::<f32>())
                    }
                    _ => None,
                })
                .next()
                .unwrap()
        };
        assert!((right_edge(&units[1]) - (450.0 - t.table_pad_x)).abs() < 1e-3);
        assert!((right_edge(&units[2]) - (450.0 - t.table_pad_x)).abs() < 1e-3);
        assert!(matches!(units[2].draws[0], Draw::Rect { fill, .. } if fill == t.accent_tint));
    }
    #[test]
    fn a_total_rows_label_spans_the_empty_cells_to_its_right() {
        let fonts = Fonts::embedded_only();
        let t = Theme::new(super::super::style::DEFAULT_ACCENT);
        // A payment plan: the narrow "Due" column would wrap the total's label.
        let md = "| Due | Engagement | Payment | Amount |\n|---|---|---|---:|\n\
                  | 30 June 2026 | Legacy system refactoring | Month 1 of 6, estimated (time and materials) | kr 452,817.31 |\n\
                  | **Total contract value, estimated** | | | **kr 3,294,099.90** |\n";
        let super::super::blocks::Block::Table { align, head, rows } = &super::super::blocks::parse(md)[0] else {
            panic!()
        };
        let table = Table { align, head, rows, signing: None, shared: None };
        let units = layout(&fonts, &t, &table, 50.0, 400.0, 700.0);
        let lines = |u: &Unit| u.draws.iter().filter(|d| matches!(d, Draw::Text { .. })).count();
        assert_eq!(lines(&units[2]), 2, "the label on one line, and the amount: {:?}", units[2].said());
        assert!(units[2].height <= units[1].height, "the total row is no taller than a one-line row");
    }

    #[test]
    fn a_table_that_wraps_sets_its_cells_closer_when_that_takes_lines_off() {
        let fonts = Fonts::embedded_only();
        let t = Theme::new(super::super::style::DEFAULT_ACCENT);
        // Gulf's payment plan on A4: with 12 pt between columns, the retainer's payment took
        // three lines (the engagements beside it fill their column).
        let md = "| Due | Engagement | Payment | Share | Amount |\n|---|---|---|---:|---:|\n\
                  | 27 September 2026 | Infrastructure modernisation | Discovery milestone | 10% | KD 3,787.873 † |\n\
                  | 29 October 2026 | Infrastructure modernisation | Execution milestone | 40% | KD 15,151.498 † |\n\
                  | From 8\u{a0}November\u{a0}2026 | Advisory retainer | 6 monthly payments of KD\u{a0}589.440, \
                  the last on 8\u{a0}April\u{a0}2027 | – | KD 3,536.640 |\n";
        let super::super::blocks::Block::Table { align, head, rows } = &super::super::blocks::parse(md)[0] else {
            panic!()
        };
        let table = Table { align, head, rows, signing: None, shared: None };
        let units = layout(&fonts, &t, &table, 64.0, 467.276, 700.0);
        let lines = |u: &Unit| u.draws.iter().filter(|d| matches!(d, Draw::Text { .. })).count();
        let one_line = units[1].height;
        assert_eq!(lines(&units[1]), 5, "the engagement on one line: {:?}", units[1].said());
        let two_lines = one_line + t.table * t.table_leading;
        assert!(
            units[3].height < two_lines + 0.01,
            "the retainer's row in two lines, not three: {:?}",
            units[3].said()
        );
        let first_text = units[1].draws.iter().find_map(|d| match d {
            Draw::Text { x, .. } => Some(*x),
            _ => None,
        });
        // Its first column's text starts where every table's does (review 14: 2 pt left of the
        // other tables' on the page), its columns closer together.
        assert_eq!(first_text, Some(64.0 + t.table_pad_x), "set {} pt in from the table's edge", t.table_pad_x);
        // So does its last column's amount end where every table's does.
        let right = units[1].draws.iter().rev().find_map(|d| match d {
            Draw::Text { x, spans, .. } => Some(x + spans.iter().map(|s| s.width).sum::<f32>()),
            _ => None,
        });
        assert!(right.is_some_and(|r| (r - (64.0 + 467.276 - t.table_pad_x)).abs() < 1e-3), "{right:?}");

        // A table with room to spare keeps the usual padding.
        let units = layout(&fonts, &t, &table, 64.0, 700.0, 700.0);
        let first_text = units[1].draws.iter().find_map(|d| match d {
            Draw::Text { x, .. } => Some(*x),
            _ => None,
        });
        assert_eq!(first_text, Some(64.0 + t.table_pad_x));
    }

    #[test]
    fn a_figures_column_wraps_its_header_rather_than_the_descriptions_beside_it() {
        let fonts = Fonts::embedded_only();
        let t = Theme::new(super::super::style::DEFAULT_ACCENT);
        let md = "| Due | Service | Payment | Percentage of the fixed price | Amount |\n|---|---|---|---:|---:|\n\
                  | On signature | Infrastructure modernisation | Deposit | 20\u{a0}% | $38,805.07 |\n";
        let super::super::blocks::Block::Table { align, head, rows } = &super::super::blocks::parse(md)[0] else {
            panic!()
        };
        let table = Table { align, head, rows, signing: None, shared: None };
        let lines = |u: &Unit| u.draws.iter().filter(|d| matches!(d, Draw::Text { .. })).count();
        let units = layout(&fonts, &t, &table, 0.0, 360.0, 700.0);
        assert_eq!(lines(&units[1]), 5, "every cell of the row on one line");
        assert!(lines(&units[0]) > 5, "the figures' header wraps instead");
    }

    #[test]
    fn an_order_table_of_boxes_to_tick_keeps_its_figures_on_one_line() {
        let fonts = Fonts::embedded_only();
        let t = Theme::new(super::super::style::DEFAULT_ACCENT);
        let md = format!(
            "| Option | One-time | Per month | Total contract value | Chosen |\n|---|---:|---:|---:|---|\n\
             | Extended (recommended) | €10,377.60 | €4,842.42 for 12\u{a0}months | €68,486.64 | {} |\n",
            form::CHECKBOX
        );
        let super::super::blocks::Block::Table { align, head, rows } = &super::super::blocks::parse(&md)[0] else {
            panic!()
        };
        let table = Table { align, head, rows, signing: Some("Signature"), shared: None };
        let units = layout(&fonts, &t, &table, 0.0, 467.0, 700.0);
        let lines = units[1].draws.iter().filter(|d| matches!(d, Draw::Text { .. })).count();
        assert_eq!(lines, 5, "every cell of the option on one line");
        assert!(units[1].draws.iter().any(|d| matches!(d, Draw::Field { kind: FieldKind::Check, .. })));
    }

    /// Review 17: kansai's payment plan in Japanese set its columns 7 pt apart to keep every
    /// row on one line, and "2026年7月7日から" ran into "24時間365日…" beside it (text without
    /// spaces between words reads across so close a gutter). Its gutters keep their width.
    #[test]
    fn a_japanese_table_keeps_its_gutters() {
        use super::super::fonts::{Library, Sources};
        let jp = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/fonts/NotoSansCJKjp-Regular.subset.otf");
        let library = Library::new(&Sources { files: vec![jp], system: false }).unwrap();
        let fonts = Fonts::new(std::sync::Arc::new(library), &[], "ja");
        let t = Theme::new(super::super::style::DEFAULT_ACCENT);
        let md = "| 請求日 | 支払内容 | 金額 |\n|---|---|---:|\n\
            | 2026年4月30日 | プラットフォーム導入：4か月中1か月目（準委任、見積額） | ¥3,948,500 |\n\
            | 2026年5月19日 | 24時間365日マネージド運用：初期設定費用 | ¥1,050,000 |\n\
            | 2026年7月7日から | 24時間365日マネージド運用：月額¥1,369,500×36回（最終回：2029年6月7日） | ¥49,302,000 |\n\
            | **合計（見積）** | | **¥77,322,000** |\n";
        let super::super::blocks::Block::Table { align, head, rows } = &super::super::blocks::parse(md)[0] else {
            panic!()
        };
        let table = Table { align, head, rows, signing: None, shared: None };
        // As wide as the plan's cells on one line with the columns 7 pt apart, not 12.
        let units = layout(&fonts, &t, &table, 0.0, 405.0, 700.0);
        let from = &units[3];
        let xs: Vec<f32> =
            from.draws.iter().filter_map(|d| if let Draw::Text { x, .. } = d { Some(*x) } else { None }).collect();
        let date = super::super::text::width(&fonts, "2026年7月7日から", Style::Regular, t.table);
        let gap = xs.iter().copied().filter(|x| *x > xs[0] + 1.0).fold(f32::INFINITY, f32::min) - (xs[0] + date);
        assert!(gap >= 2.0 * t.table_pad_x - 0.01, "the gutter holds: {gap} pt, {:?}", from.said());
    }

    #[test]
    fn a_long_word_in_one_column_never_breaks_a_date_or_an_amount_in_another() {
        let fonts = Fonts::embedded_only();
        let t = Theme::new(super::super::style::DEFAULT_ACCENT);
        // Seven columns on a 400 pt measure: an even share (57 pt) is narrower than the dates,
        // and the long words in the first and last columns would take any width they are given.
        let date = "September\u{a0}21,\u{a0}2026";
        let word = "Infrastructure-modernisation-and-consolidation-programme";
        let md = format!(
            "| Phase | Starts | Ends | Due | Amount | Share | Notes |\n|---|---|---|---|---:|---:|---|\n\
             | {word} | {date} | {date} | {date} | $1,234,567.89 | 12.5\u{a0}% | {word} |\n"
        );
        let super::super::blocks::Block::Table { align, head, rows } = &super::super::blocks::parse(&md)[0] else {
            panic!()
        };
        let table = Table { align, head, rows, signing: None, shared: None };
        let units = layout(&fonts, &t, &table, 0.0, 400.0, 700.0);
        let texts: Vec<String> = units[1]
            .draws
            .iter()
            .filter_map(|d| match d {
                Draw::Text { spans, .. } => Some(spans.iter().map(|s| s.text.as_str()).collect()),
                _ => None,
            })
            .collect();
        for whole in [date, "$1,234,567.89", "12.5\u{a0}%"] {
            assert!(texts.iter().any(|l| l == whole), "{whole:?} is not on one line: {texts:?}");
        }
    }

    #[test]
    fn a_short_price_phrase_never_breaks_between_its_words() {
        let said = |t: &str| phrases(&[Run::new(t.to_string(), Style::Regular)])[0].text.clone();
        assert_eq!(
            said("7\u{a0}184,39\u{a0}€ par mois, plus 12\u{a0}320,64\u{a0}€ en une fois"),
            "7\u{a0}184,39\u{a0}€\u{a0}par\u{a0}mois, plus 12\u{a0}320,64\u{a0}€\u{a0}en\u{a0}une\u{a0}fois"
        );
        assert_eq!(
            said("€4,842.42 a month, plus €10,377.60 once"),
            "€4,842.42\u{a0}a\u{a0}month, plus €10,377.60\u{a0}once"
        );
        // A figure without a currency sign, a long phrase, an amount ending its phrase: as written.
        assert_eq!(said("12 months"), "12 months");
        assert_eq!(said("€5 for every one of the hours"), "€5 for every one of the hours");
        assert_eq!(said("€194,025.35, fixed price"), "€194,025.35, fixed price");
        let row =
            |cells: &[&str]| cells.iter().map(|c| vec![Run::new(c.to_string(), Style::Regular)]).collect::<Vec<_>>();
        assert!(figures(&row(&["One-time", "€10,377.60", "10 377,60 €", "USD 5"])));
        assert!(!figures(&row(&["Term", "12 months", "12 mois"])) && !figures(&row(&["Monitoring", "✓", "–"])));
    }
}
