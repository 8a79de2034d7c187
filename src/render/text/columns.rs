//! Blocks of rows for the terminal quote, each column as wide as its widest cell in display
//! columns (a CJK character takes two): labels left-aligned, amounts right-aligned.

use std::fmt::Write;
use unicode_width::UnicodeWidthStr;

/// Spaces before a row's first cell.
const INDENT: usize = 3;
/// Spaces between two columns, unless a cell asks for none (a "/month" after its amount).
const GAP: usize = 2;

/// One cell: its text, whether it is right-aligned, and whether it follows the cell before
/// it with no gap.
pub struct Cell {
    text: String,
    right: bool,
    joined: bool,
}

impl Cell {
    pub fn left(text: impl Into<String>) -> Cell {
        Cell { text: text.into(), right: false, joined: false }
    }

    pub fn right(text: impl Into<String>) -> Cell {
        Cell { text: text.into(), right: true, joined: false }
    }

    /// Left-aligned text that follows the cell before it directly, as "/month" follows its
    /// amount.
    pub fn joined(text: impl Into<String>) -> Cell {
        Cell { text: text.into(), right: false, joined: true }
    }
}

/// A pack's text filled with values, as cells: each value right-aligned (with any words
/// before the first one), the words between and after joined to it, so rows filled from one
/// text line up value under value ("{one_time} + {monthly} /month = {total}").
pub fn filled(text: &str, values: &[(&str, &str)]) -> Vec<Cell> {
    let mut cells: Vec<Cell> = Vec::new();
    let mut words = String::new();
    let mut rest = text;
    while let Some((name, before, after)) = placeholder(rest, values) {
        words.push_str(before);
        let value = values.iter().find(|(n, _)| *n == name).map_or("", |(_, v)| v);
        if cells.is_empty() {
            cells.push(Cell::right(format!("{words}{value}")));
        } else {
            if !words.is_empty() {
                cells.push(Cell::joined(words.as_str()));
            }
            cells.push(Cell { text: value.into(), right: true, joined: true });
        }
        words.clear();
        rest = after;
    }
    words.push_str(rest);
    match cells.is_empty() {
        true => cells.push(Cell::left(words)),
        false if !words.is_empty() => cells.push(Cell::joined(words)),
        false => {}
    }
    cells
}

/// The first of `values`' placeholders in `text`: its name, the text before it and after it.
fn placeholder<'t>(text: &'t str, values: &[(&str, &str)]) -> Option<(&'t str, &'t str, &'t str)> {
    let mut from = 0;
    while let Some(open) = text[from..].find('{').map(|i| from + i) {
        let close = open + text[open..].find('}')?;
        let name = &text[open + 1..close];
        if values.iter().any(|(n, _)| *n == name) {
            return Some((name, &text[..open], &text[close + 1..]));
        }
        from = close + 1;
    }
    None
}

enum Row {
    /// Text written as it is, measured by no column: a heading, a detail, an explanation.
    Text(String),
    Cells(Vec<Cell>),
    /// A label in the first column and a value after it that no column measures (an
    /// estimate's range, wider than the amounts it would push apart).
    Free(String, String),
}

/// Rows whose columns line up; text lines may stand between them.
#[derive(Default)]
pub struct Block {
    rows: Vec<Row>,
}

impl Block {
    pub fn text(&mut self, text: impl Into<String>) {
        self.rows.push(Row::Text(text.into()));
    }

    pub fn row(&mut self, cells: Vec<Cell>) {
        self.rows.push(Row::Cells(cells));
    }

    pub fn free(&mut self, label: impl Into<String>, value: impl Into<String>) {
        self.rows.push(Row::Free(label.into(), value.into()));
    }

    /// The rows, each line ending in a newline, with no trailing spaces.
    pub fn write(&self, out: &mut String) {
        let mut widths: Vec<usize> = Vec::new();
        for cells in self.rows.iter().filter_map(|r| match r {
            Row::Cells(c) => Some(c),
            Row::Text(_) | Row::Free(..) => None,
        }) {
            for (i, c) in cells.iter().enumerate() {
                if widths.len() <= i {
                    widths.push(0);
                }
                widths[i] = widths[i].max(c.text.width());
            }
        }
        for row in &self.rows {
            match row {
                Row::Text(t) => {
                    let _ = writeln!(out, "{t}");
                }
                Row::Free(label, value) => {
                    let pad = widths.first().map_or(0, |w| w.saturating_sub(label.width()));
                    let _ = writeln!(out, "{}{label}{}{value}", " ".repeat(INDENT), " ".repeat(pad + GAP));
                }
                Row::Cells(cells) => {
                    let mut line = " ".repeat(INDENT);
                    for (i, c) in cells.iter().enumerate() {
                        if i > 0 && !c.joined {
                            line.push_str(&" ".repeat(GAP));
                        }
                        let pad = " ".repeat(widths[i] - c.text.width());
                        if c.right {
                            line.push_str(&pad);
                            line.push_str(&c.text);
                        } else {
                            line.push_str(&c.text);
                            line.push_str(&pad);
                        }
                    }
                    let _ = writeln!(out, "{}", line.trim_end_matches(' '));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_take_their_widest_cell_in_display_width() {
        let mut b = Block::default();
        b.text("Heading that is longer than any row");
        b.row(vec![Cell::left("調査"), Cell::right("$1.00"), Cell::joined(" /month")]);
        b.row(vec![Cell::left("Deployment"), Cell::right("$116,380.00")]);
        let mut out = String::new();
        b.write(&mut out);
        assert_eq!(
            out,
            "Heading that is longer than any row\n   調査              $1.00 /month\n   Deployment  $116,380.00\n"
        );
    }

    #[test]
    fn a_filled_text_is_cut_at_its_values() {
        let texts = |cells: Vec<Cell>| cells.iter().map(|c| (c.text.clone(), c.right, c.joined)).collect::<Vec<_>>();
        let values = [("one_time", "€1"), ("monthly", "€2"), ("total", "€3")];
        assert_eq!(
            texts(filled("{one_time} + {monthly} /month = {total}", &values)),
            [
                ("€1".into(), true, false),
                (" + ".into(), false, true),
                ("€2".into(), true, true),
                (" /month = ".into(), false, true),
                ("€3".into(), true, true)
            ]
        );
        assert_eq!(
            texts(filled("月額{one_time}{x}", &values)),
            [("月額€1".into(), true, false), ("{x}".into(), false, true)]
        );
        assert_eq!(texts(filled("none", &values)), [("none".into(), false, false)]);
        let mut b = Block::default();
        b.row(vec![Cell::left("Essential"), Cell::right("€10"), Cell::joined(" /m")]);
        b.row(vec![Cell::left("Premium (recommended)"), Cell::right("€9")]);
        b.free("Estimated range (time and materials)", "€1 to €2");
        b.free("Range", "€1 to €2");
        let mut out = String::new();
        b.write(&mut out);
        assert_eq!(
            out,
            "   Essential              €10 /m\n   Premium (recommended)   €9\n   Estimated range (time and materials)  €1 to €2\n   Range                  €1 to €2\n"
        );
    }
}
