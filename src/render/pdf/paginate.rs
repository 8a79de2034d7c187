//! Pagination: units placed on pages with keep-together rules, table headers and a chart's axis
//! (and their section's "(continued)" label) repeated.

use super::audit::{MIN_FILL, SECTION_FILL};
use super::draw::{Draw, Part, Unit};
use super::style::Geometry;

/// One laid-out body page: draws and the outline entries that start on it.
#[derive(Debug, Default)]
pub struct Page {
    pub draws: Vec<Draw>,
    pub bookmarks: Vec<(String, f32)>,
    /// The units placed on the page, by index, with their tops (the layout audit reads them).
    pub placed: Vec<(usize, f32)>,
}

/// Places units on pages of `geometry`'s body area, the first from `start` below its top (the
/// cover's free space; 0 for a whole page): a unit that does not fit starts a new page; a run
/// of units joined by `keep_next` moves to a new page together when it fits on one; a table
/// row that opens a page gets the header row repeated above it.
pub fn paginate(units: &[Unit], geometry: &Geometry, start: f32) -> Vec<Page> {
    let room = geometry.body_height();
    let mut pages = vec![Page::default()];
    let mut y = start;
    // A first page partly taken keeps nothing that does not fit on it.
    let mut empty = start == 0.0;
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
            // A long table (or a run of tables) that fits on a page moves whole, with what
            // keeps with it, rather than split, unless that leaves this page under-filled.
            let mut end = i;
            for (k, u) in units.iter().enumerate().skip(i) {
                if u.whole > 0 {
                    end = k + u.whole;
                }
                if !u.keep_next {
                    break;
                }
            }
            let table: f32 = units.get(i + 1..end).map_or(0.0, |rest| rest.iter().map(|u| u.gap + u.height).sum());
            let table = unit.height + table;
            // A section's start leaves its page at most a quarter empty: below that, it opens
            // there with what must keep with its heading.
            // So does a comparison table (read across its rows: else it splits between its groups
            // of rows), and a chart.
            let compare = units[i..end.max(i)].iter().any(|u| u.compare || matches!(u.part, Part::Chart { .. }));
            let full = if unit.part == Part::Heading || compare { SECTION_FILL } else { MIN_FILL };
            if end > i && y + unit.gap + table > room + 0.01 && table <= room && y >= full * room {
                pages.push(Page::default());
                y = 0.0;
                empty = true;
            }
            if !empty && y + h > room + 0.01 && whole <= room {
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
            for label in [&unit.continued, &unit.repeat].into_iter().flatten() {
                place(page, label, geometry.top + y);
                y += label.height;
            }
        }
        if !empty {
            y += unit.gap;
        }
        place(page, unit, geometry.top + y);
        page.placed.push((i, geometry.top + y));
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

#[cfg(test)]
mod tests {
    use super::super::draw::Draw;
    use super::super::style::Rgb;
    use super::*;
    use std::rc::Rc;

    #[test]
    fn moves_a_kept_chain_to_the_next_page_and_repeats_headers() {
        let g = Geometry::new(false);
        let room = g.body_height();
        let filler = Unit::new(room - 30.0, 0.0);
        let heading = Unit { keep_next: true, ..Unit::new(20.0, 0.0) };
        let line = Unit::new(20.0, 0.0);
        let pages = paginate(&[filler, heading, line], &g, 0.0);
        assert_eq!(pages.len(), 2, "the heading moves with its line");

        let header = Rc::new(Unit {
            draws: vec![Draw::Rect { x: 0.0, y: 0.0, w: 1.0, h: 1.0, fill: Rgb(1, 2, 3) }],
            ..Unit::new(10.0, 0.0)
        });
        let rows: Vec<Unit> = (0..80).map(|_| Unit { repeat: Some(header.clone()), ..Unit::new(20.0, 0.0) }).collect();
        let pages = paginate(&rows, &g, 0.0);
        assert!(pages.len() >= 2);
        assert!(matches!(pages[1].draws[0], Draw::Rect { fill: Rgb(1, 2, 3), .. }));
    }

    #[test]
    fn a_first_page_partly_taken_holds_what_fits_below_its_start() {
        let g = Geometry::new(false);
        let room = g.body_height();
        let units = [Unit::new(40.0, 0.0), Unit::new(room - 100.0, 0.0)];
        let pages = paginate(&units, &g, room - 50.0);
        assert_eq!(pages[0].placed, [(0, g.top + room - 50.0)], "the first unit below the start");
        assert_eq!(pages[1].placed, [(1, g.top)], "the second does not fit there");
        let pages = paginate(&units[1..], &g, room - 50.0);
        assert!(pages[0].placed.is_empty(), "a unit taller than the space left opens the next page");
    }
}
