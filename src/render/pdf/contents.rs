//! The table of contents of a long proposal: a heading from the catalog's `[pdf]` texts and
//! one entry per numbered section, its page number right-aligned after dot leaders, the
//! whole entry a live link to the section's heading. Which pages the sections land on is
//! found by laying the document out (`mod.rs`); this module only sets the entries.

use super::blocks::{Block, Run};
use super::draw::{Draw, Part, Unit};
use super::flow::{split_number, Flow};
use super::fonts::Style;
use super::text::{baseline, line, wrap, TextStyle};

/// A document of this many pages or more (the cover included) gets a table of contents.
pub const FROM_PAGES: usize = 8;

/// Room between a title and its leaders, and between the leaders and the page number.
const LEADER_GAP: f32 = 6.0;

/// One entry: a section's outline title (`2 Scope of work`, as its heading's bookmark) and
/// the page its heading lands on (as the running footer numbers it).
pub struct Entry {
    pub section: String,
    pub page: usize,
}

/// The contents at `x`, `width` wide, headed `heading`: a heading unit and one unit per line
/// of each entry, kept together. Each entry's units carry `Part::Entry`, so the layout audit
/// can hold its page number to the page its section's heading is on.
pub fn layout(flow: &mut Flow<'_>, heading: &str, entries: &[Entry], x: f32, width: f32) -> Vec<Unit> {
    let mut out = Vec::new();
    // The heading is set as a section's, without a number or an outline entry of its own.
    let section = flow.section;
    flow.blocks(&[Block::Heading { level: 2, runs: vec![Run::new(heading, Style::Bold)] }], x, width, &mut out);
    flow.section = section;
    out.iter_mut().for_each(|u| u.bookmark = None);

    let t = flow.theme;
    let body = flow.body_style();
    let (size, leading) = (body.size, body.leading + 1.6);
    let ts = TextStyle { leading, ..body };
    let widest = |style| {
        entries.iter().map(|e| line(flow.fonts, &e.page.to_string(), style, size, t.ink).width).fold(0.0, f32::max)
    };
    let page_w = widest(Style::Regular);
    let number_w = entries
        .iter()
        .enumerate()
        .filter_map(|(i, e)| split_number(&e.section, i + 1).0)
        .map(|n| line(flow.fonts, n, Style::Bold, size, t.accent).width)
        .fold(0.0, f32::max);
    let indent = if number_w > 0.0 { number_w + 8.0 } else { 0.0 };
    let dot = line(flow.fonts, ".", Style::Regular, size, t.muted);
    let pitch = dot.width * 2.4;
    let leaders_end = x + width - page_w - LEADER_GAP;
    let group = flow.groups + 1;
    flow.groups = group;
    for (i, entry) in entries.iter().enumerate() {
        let (number, title) = split_number(&entry.section, i + 1);
        let lines = wrap(flow.fonts, &[Run::new(title, Style::Regular)], &ts, leaders_end - x - indent - 3.0 * pitch);
        let n = lines.len();
        let y = baseline(size, leading);
        for (li, l) in lines.into_iter().enumerate() {
            let mut u = Unit::new(leading, if i > 0 && li == 0 { 1.0 } else { 0.0 });
            if let (0, Some(number)) = (li, number) {
                let nl = line(flow.fonts, number, Style::Bold, size, t.accent);
                u.draws.push(Draw::Text { x, y, spans: nl.spans });
            }
            let title_end = x + indent + l.width;
            u.draws.push(Draw::Text { x: x + indent, y, spans: l.spans });
            if li + 1 == n {
                // Leaders on a grid measured from the right, so their dots line up down the
                // page; the page number right-aligned.
                let dots = ((leaders_end - title_end - LEADER_GAP) / pitch).floor().max(0.0) as usize;
                if dots > 0 {
                    let from = leaders_end - dots as f32 * pitch;
                    let mut spans = Vec::with_capacity(dots);
                    for k in 0..dots {
                        let mut s = dot.spans.clone();
                        s.iter_mut().for_each(|s| s.dx += k as f32 * pitch);
                        spans.extend(s);
                    }
                    u.draws.push(Draw::Text { x: from, y, spans });
                }
                let pl = line(flow.fonts, &entry.page.to_string(), Style::Regular, size, t.ink);
                u.draws.push(Draw::Text { x: x + width - pl.width, y, spans: pl.spans });
            }
            // The whole entry links to its section, its first line's top to its last's foot.
            u.draws.push(Draw::Goto { x, y: 0.0, w: width, h: leading, section: entry.section.clone() });
            u.part = Part::Entry { section: entry.section.clone(), page: entry.page };
            u.group = group;
            u.keep_next = true;
            out.push(u);
        }
    }
    if let Some(last) = out.last_mut() {
        last.keep_next = false;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::audit::audit;
    use super::super::draw::{Part, Unit};
    use super::super::paginate::paginate;
    use super::super::style::Geometry;

    #[test]
    fn the_audit_holds_each_entry_to_its_headings_page() {
        let g = Geometry::new(false);
        let entry = |page| Unit { part: Part::Entry { section: "2 Pricing".into(), page }, ..Unit::new(14.0, 0.0) };
        let heading = Unit { bookmark: Some("2 Pricing".into()), ..Unit::new(20.0, 0.0) };
        // The entry on page 1, the heading on page 2 after a page-filling unit.
        let units = [entry(2), Unit::new(g.body_height() - 20.0, 0.0), heading.clone()];
        let pages = paginate(&units, &g, 0.0);
        assert_eq!(pages.len(), 2);
        let found = |units: &[Unit]| audit(units, &paginate(units, &g, 0.0), &g, None, (1, 0.0));
        assert!(found(&units).iter().all(|f| !f.contains("contents")), "{:?}", found(&units));
        let wrong = [entry(1), Unit::new(g.body_height() - 20.0, 0.0), heading];
        assert!(found(&wrong)
            .iter()
            .any(|f| f.contains("the contents give `2 Pricing` page 1, but its heading is on page 2")));
        let missing = [entry(1)];
        assert!(found(&missing).iter().any(|f| f.contains("which has no heading")));
    }
}
