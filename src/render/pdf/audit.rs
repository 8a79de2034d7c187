//! The layout audit: the laid-out pages read as a typesetter reads them, for what one would send
//! back: stranded headings, a page ending with a heading (or a heading and its introduction only),
//! table fragments, split grids, notes cut off from their table, under-filled pages, chart labels
//! over each other or crossed by grid lines, hidden bars, text outside the text block and contents
//! entries that give a section another page than its heading's, pages left a quarter empty before a
//! section that could have started there, a table that goes on from its heading unlabelled, a short
//! block closing a section alone at a page's top, fee tables parted that fit together, a comparison
//! table or a chart split where it need not be, a list split leaving fewer than two items on a
//! side, and a short section split at all. The keep rules (`mod.rs`, `flow.rs`, `table.rs`) prevent
//! these; the audit proves they did.

use super::bounds::{extent, outside, Area};
use super::draw::{Draw, Part, Unit};
use super::paginate::Page;
use super::style::Geometry;

/// A table of at most this many rows is never split, unless it is tall (`TALL_TABLE`).
pub const SHORT_TABLE: usize = 12;
/// A table taller than this share of the text block splits like a long one (at a legal point)
/// where moving it whole would leave its page less than `MIN_FILL` full; elsewhere it moves
/// whole.
pub const TALL_TABLE: f32 = 0.5;
/// A table split over pages leaves at least this many rows on each side.
pub const MIN_ROWS: usize = 3;
/// A list split over pages leaves at least this many items on each side.
pub const LIST_ITEMS: usize = 2;
/// A heading keeps with this many rows of the table it introduces.
pub const HEADING_ROWS: usize = 3;
/// A heading keeps with this many lines of the text it introduces.
pub const HEADING_LINES: usize = 2;
/// A heading's introduction, in one paragraph or a few, is at most this many lines: a longer
/// text after a heading is what the heading introduces, not its introduction.
pub const INTRO_LINES: usize = 3;
/// A short block closing a section after other text (a list with its lead-in, a note) is at
/// most this many lines: it keeps whole with the block before it (`keep::closings`).
pub const CLOSING_LINES: usize = 6;
/// A section of at most this many lines of text under its heading never splits: it moves
/// whole (`keep::short_sections`).
pub const SHORT_SECTION: usize = 8;
/// A page other than the last and the one before the signature block is at least this full.
pub const MIN_FILL: f32 = 0.6;
/// A page a section's start moves on from is at least this full (at most a quarter of it
/// empty), unless what keeps with the section's heading does not fit there: a page is
/// filled, and a fee table goes on under its "(continued)" label, rather than a whole
/// section pushed on (acme's "4 Pricing" left its page 2 31 % empty).
pub const SECTION_FILL: f32 = 0.75;

/// A laid-out proposal as the checks read it: its units, the pages they are placed on (body
/// pages numbered from `first`; the first starts `start` below the text block's top, see
/// `paginate`), the page each unit is on, and the unit the signature block starts at.
struct Laid<'a> {
    units: &'a [Unit],
    pages: &'a [Page],
    g: &'a Geometry,
    page_of: Vec<usize>,
    first: usize,
    start: f32,
    signature: Option<usize>,
}

impl Laid<'_> {
    /// The number of the page at index `pi`.
    fn n(&self, pi: usize) -> usize {
        pi + self.first
    }
}

/// The findings on `pages` laid out from `units`: one line each, naming the page (body pages
/// are numbered from `first`; the first starts `start` below the text block's top, see
/// `paginate`). `signature` is the unit the signature block starts at.
pub fn audit(
    units: &[Unit],
    pages: &[Page],
    g: &Geometry,
    signature: Option<usize>,
    (first, start): (usize, f32),
) -> Vec<String> {
    let mut out = Vec::new();
    let mut page_of = vec![usize::MAX; units.len()];
    for (pi, page) in pages.iter().enumerate() {
        for (u, _) in &page.placed {
            page_of[*u] = pi;
        }
    }
    let laid = Laid { units, pages, g, page_of, first, start, signature };
    let checks: [fn(&Laid, &mut Vec<String>); 11] =
        [stranded, ending, fragments, lists, charts, fill, unlabelled, stranded_ends, short_sections, parted, contents];
    for check in checks {
        check(&laid, &mut out);
    }
    let n = |pi: usize| laid.n(pi);
    for (pi, page) in pages.iter().enumerate() {
        for (u, _) in &page.placed {
            if let Part::Chart { bars } = &units[*u].part {
                chart(&units[*u], bars, n(pi), &mut out);
            }
        }
        let body = g.body_area();
        if let Some(d) = outside(&page.draws, &body, &body) {
            out.push(format!("page {}: {} outside the text block", n(pi), super::bounds::describe(d)));
        }
    }
    out
}

/// What a unit says, for a finding.
fn said(u: &Unit) -> String {
    let text = u.said();
    match text.char_indices().nth(48) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text,
    }
}

/// A heading (and its introduction) whose block does not start on its page with enough of
/// itself: the first rows of a table, the first lines of a text, a whole grid (see
/// `keep::lead_end`: short paragraphs before a table are part of the introduction).
fn stranded(l: &Laid, out: &mut Vec<String>) {
    let Laid { units, page_of, .. } = l;
    let n = |pi: usize| l.n(pi);
    use super::keep::lead;
    for j in 1..units.len() {
        if !lead(&units[j - 1]) || lead(&units[j]) {
            continue;
        }
        let h = super::keep::lead_start(units, j - 1);
        let page = page_of[h];
        let (from, end) = (j, super::keep::lead_end(units, j));
        let with = (from..end).filter(|i| page_of[*i] == page).count();
        if with < end - from {
            out.push(format!(
                "page {}: heading `{}` stands with {with} of the {} first units of what it introduces",
                n(page),
                said(&units[h]),
                end - from
            ));
        }
    }
}

/// Pages that end with a heading, alone or with its introduction only, nothing of its section's
/// body under it there (tailspin's "4 Pricing" and its two lines at the foot of page 2, "4.1
/// Options" opening page 3): a heading opens what follows it, never ends a page.
fn ending(l: &Laid, out: &mut Vec<String>) {
    let Laid { units, pages, .. } = l;
    let n = |pi: usize| l.n(pi);
    for (pi, page) in pages.iter().enumerate().take(pages.len().saturating_sub(1)) {
        let Some(last) = page.placed.iter().map(|(u, _)| *u).max() else { continue };
        let leads = units[..=last].iter().rev().take_while(|u| super::keep::lead(u)).count();
        let Some(h) = (last + 1 - leads..=last).find(|k| units[*k].part == Part::Heading) else { continue };
        if page.placed.iter().any(|(u, _)| *u == h) {
            out.push(format!("page {}: ends with the heading `{}`", n(pi), said(&units[h])));
        }
    }
}

/// The first unit that keeps with unit `i` on its page (a heading and introduction above a
/// table), and how full the page was above it.
fn above(units: &[Unit], pages: &[Page], page_of: &[usize], g: &Geometry, mut i: usize) -> (usize, f32) {
    while i > 0 && units[i - 1].keep_next && page_of[i - 1] == page_of[i] {
        i -= 1;
    }
    let top = pages[page_of[i]].placed.iter().find(|(u, _)| *u == i).map_or(0.0, |(_, top)| *top);
    (i, top - units[i].gap - g.top)
}

/// Tables split where they must not be, total rows cut off from the rows above, split grids.
/// A short table that opens a section may split where moving it whole, with its heading,
/// would have left its page more than a quarter empty (`keep::section_first`).
fn fragments(l: &Laid, out: &mut Vec<String>) {
    let Laid { units, pages, page_of, g, .. } = l;
    let n = |pi: usize| l.n(pi);
    let room = g.body_height();
    // How full the page was above what keeps with unit `i` (a heading kept with the one
    // above it and its introduction moves with it).
    let above = |i: usize| above(units, pages, page_of, g, i).1;
    let mut groups: Vec<u32> = units.iter().map(|u| u.group).collect();
    groups.dedup();
    for group in groups {
        let members: Vec<usize> = (0..units.len()).filter(|i| units[*i].group == group).collect();
        let Some(&head) = members.first() else { continue };
        match units[head].part {
            Part::Head => {
                let rows: Vec<usize> =
                    members.iter().copied().filter(|i| matches!(units[*i].part, Part::Row { .. })).collect();
                // Each side of a break holds `MIN_ROWS` body rows: a total row counts for none.
                let mut sides: Vec<(usize, usize)> = Vec::new();
                for r in rows.iter().filter(|r| units[**r].part == (Part::Row { total: false })) {
                    match sides.last_mut() {
                        Some((p, c)) if *p == page_of[*r] => *c += 1,
                        _ => sides.push((page_of[*r], 1)),
                    }
                }
                let name = said(&units[head]);
                let tall = members.iter().map(|i| units[*i].gap + units[*i].height).sum::<f32>() > TALL_TABLE * room;
                let opens = super::keep::section_first(units, head)
                    .is_some_and(|h| rows.len() >= 2 * MIN_ROWS && above(h) < SECTION_FILL * room);
                if sides.len() > 1 && rows.len() <= SHORT_TABLE && !tall && !opens {
                    out.push(format!("page {}: the table `{name}` of {} rows is split", n(sides[0].0), rows.len()));
                } else if let Some((p, c)) = sides.iter().find(|(_, c)| sides.len() > 1 && *c < MIN_ROWS) {
                    out.push(format!("page {}: the table `{name}` is split leaving {c} rows", n(*p)));
                }
                if units[head].compare && sides.len() > 1 {
                    comparison(l, &members, out);
                }
                for w in rows.windows(2) {
                    if units[w[1]].part == (Part::Row { total: true }) && page_of[w[0]] != page_of[w[1]] {
                        out.push(format!(
                            "page {}: the total row `{}` is cut off from the rows above it",
                            n(page_of[w[1]]),
                            said(&units[w[1]])
                        ));
                    }
                }
            }
            Part::Note if head > 0 && page_of[head - 1] != page_of[head] => {
                out.push(format!(
                    "page {}: the table note `{}` stands apart from its table",
                    n(page_of[head]),
                    said(&units[head])
                ));
            }
            Part::Grid if members.iter().any(|i| page_of[*i] != page_of[head]) => {
                out.push(format!("page {}: the grid `{}` is split", n(page_of[head]), said(&units[head])));
            }
            _ => {}
        }
    }
}

/// A comparison table (`members`, from its header) split though, moved on whole with what
/// keeps with it, it would have fitted on a page and left the page before at least
/// `SECTION_FILL` full, or split inside a group of its rows.
fn comparison(l: &Laid, members: &[usize], out: &mut Vec<String>) {
    let Laid { units, pages, page_of, g, .. } = l;
    let n = |pi: usize| l.n(pi);
    let room = g.body_height();
    let head = members[0];
    let name = said(&units[head]);
    let (top, used) = above(units, pages, page_of, g, head);
    let last = members[members.len() - 1];
    let whole: f32 = units[top..=last].iter().map(|u| u.height + u.gap).sum::<f32>() - units[top].gap;
    if whole <= room && used >= SECTION_FILL * room {
        out.push(format!(
            "page {}: the comparison `{name}` is split, though it would have moved whole leaving this page {:.0} % full",
            n(page_of[head]),
            100.0 * used / room
        ));
    }
    for w in members.windows(2) {
        if page_of[w[0]] != page_of[w[1]] && units[w[1]].part != Part::Note && !units[w[0]].group_end {
            out.push(format!(
                "page {}: the comparison `{name}` is split inside a group of its rows, after `{}`",
                n(page_of[w[0]]),
                said(&units[w[0]])
            ));
        }
    }
}

/// A timeline chart that goes on over a page (`keep::charts`) without its axis and
/// "(continued)" label over the part that opens the next, or where, moved on whole, it would
/// have left the page before at least `SECTION_FILL` full.
fn charts(l: &Laid, out: &mut Vec<String>) {
    let Laid { units, pages, page_of, g, .. } = l;
    let n = |pi: usize| l.n(pi);
    let Some(c) = units.iter().position(|u| matches!(u.part, Part::Chart { .. })) else { return };
    let parts = units[c..].iter().take_while(|u| matches!(u.part, Part::Chart { .. })).count();
    for k in c + 1..c + parts {
        let opens = pages[page_of[k]].placed.first().is_some_and(|(u, _)| *u == k);
        if opens && page_of[k] != page_of[c] && (units[k].continued.is_none() || units[k].repeat.is_none()) {
            out.push(format!("page {}: the chart goes on without its axis and label", n(page_of[k])));
        }
    }
    if page_of[c + parts - 1] != page_of[c] {
        let room = g.body_height();
        let (top, used) = above(units, pages, page_of, g, c);
        let whole: f32 = units[top..c + parts].iter().map(|u| u.height + u.gap).sum();
        if used >= SECTION_FILL * room && whole <= room {
            out.push(format!(
                "page {}: the chart goes on over the next page, though it would have moved whole leaving this one {:.0} % full",
                n(page_of[c]),
                100.0 * used / room
            ));
        }
    }
}

/// Lists split leaving fewer than `LIST_ITEMS` items on a side of a break: the first page
/// starts too few of its items, or the last too few.
fn lists(l: &Laid, out: &mut Vec<String>) {
    let Laid { units, page_of, .. } = l;
    let n = |pi: usize| l.n(pi);
    for (items, end) in super::keep::lists(units) {
        let (first, last) = (page_of[items[0]], page_of[end - 1]);
        if first == last {
            continue;
        }
        let on = |p: usize| items.iter().filter(|i| page_of[**i] == p).count();
        for (p, c) in [(first, on(first)), (last, on(last))] {
            if c < LIST_ITEMS.min(items.len()) {
                out.push(format!(
                    "page {}: the list from `{}` is split leaving {c} of its {} items",
                    n(p),
                    said(&units[items[0]]),
                    items.len()
                ));
            }
        }
    }
}

/// Pages less than `MIN_FILL` full, except the last and the one before the signature block
/// (which keeps together, on the page it needs, with its heading and introduction); and
/// pages left more than a quarter empty (less than `SECTION_FILL` full) before a section whose
/// start (its heading and what must keep with it: its introduction and the first lines or
/// rows of what it introduces) would have fitted there: tailspin's "4 Pricing" moved on
/// whole with its 13-row table and left page 2 a third empty.
fn fill(l: &Laid, out: &mut Vec<String>) {
    let Laid { units, pages, g, signature, page_of, .. } = l;
    let n = |pi: usize| l.n(pi);
    let room = g.body_height();
    let before_signature = signature.and_then(|s| page_of.get(s)).map(|p| p.wrapping_sub(1));
    for (pi, page) in pages.iter().enumerate().take(pages.len().saturating_sub(1)) {
        let used = used(units, page, g);
        // The acceptance section (its steps, order form and signature block) keeps whole: it
        // starts a fresh page when it does not fit below the text before it, as contracts set
        // their signature page, and that page may be as empty as it leaves it; only where it
        // would have fitted there is that page sent back (below).
        if used < MIN_FILL * room && Some(pi) != before_signature {
            out.push(format!("page {}: {:.0} % full", n(pi), 100.0 * used / room));
        }
        let Some(&(next, _)) = pages[pi + 1].placed.first() else { continue };
        if units[next].part != Part::Heading {
            continue;
        }
        let end = units[next..].iter().position(|u| !u.keep_next).map_or(units.len(), |k| next + k + 1);
        let start: f32 = units[next].gap
            + units[next..end].iter().map(|u| u.height).sum::<f32>()
            + units[next + 1..end].iter().map(|u| u.gap).sum::<f32>();
        if used < SECTION_FILL * room && used + start <= room {
            out.push(format!(
                "page {}: {:.0} % full, though `{}` would have started there",
                n(pi),
                100.0 * used / room,
                said(&units[next])
            ));
        }
    }
}

/// How far down the text block `page`'s last unit ends.
fn used(units: &[Unit], page: &Page, g: &Geometry) -> f32 {
    page.placed.iter().map(|(u, top)| top + units[*u].height).fold(g.top, f32::max) - g.top
}

/// How many of `pages` but the last are less than `MIN_FILL` full.
pub fn under_filled(units: &[Unit], pages: &[Page], g: &Geometry) -> usize {
    let short = |p: &&Page| used(units, p, g) < MIN_FILL * g.body_height();
    pages.iter().take(pages.len().saturating_sub(1)).filter(short).count()
}

/// Tables and grids that belong to a heading (`keep::headed`: an option's fees and summary)
/// opening a page the heading is not on without its "(continued)" label.
fn unlabelled(l: &Laid, out: &mut Vec<String>) {
    let Laid { units, pages, page_of, .. } = l;
    let n = |pi: usize| l.n(pi);
    for (heading, body) in super::keep::headed(units) {
        for (pi, page) in pages.iter().enumerate() {
            let Some(&(u, _)) = page.placed.first() else { continue };
            let tabled = matches!(units[u].part, Part::Head | Part::Row { .. } | Part::Note | Part::Grid);
            if body.contains(&u) && tabled && page_of[heading.start] < pi && units[u].continued.is_none() {
                out.push(format!(
                    "page {}: `{}` goes on from `{}` without a label",
                    n(pi),
                    said(&units[u]),
                    said(&units[heading.start])
                ));
            }
        }
    }
}

/// The page (by index) a short block closing a section (`keep::closings`: a list with its
/// lead-in, a note) opens alone, cut off from the rest of its section without a label.
pub fn stranded_end(units: &[Unit], pages: &[Page], close: &std::ops::Range<usize>) -> Option<usize> {
    pages.iter().enumerate().skip(1).find_map(|(pi, page)| {
        let &(u, _) = page.placed.first()?;
        (close.contains(&u) && units[u].continued.is_none()).then_some(pi)
    })
}

/// Whether keeping the closing block `close` with the line before it (`keep::keep_closing`)
/// costs a page, leaves another page under-filled or more than a quarter empty (a short
/// section kept whole moving off the cover page): then it may open a page alone.
pub fn closing_costs(units: &[Unit], pages: &[Page], g: &Geometry, start: f32, close: &std::ops::Range<usize>) -> bool {
    let mut kept = units.to_vec();
    super::keep::keep_closing(&mut kept, close);
    let moved = super::paginate::paginate(&kept, g, start);
    let loose = |units: &[Unit], pages: &[Page]| {
        let short = |p: &&Page| used(units, p, g) < SECTION_FILL * g.body_height();
        pages.iter().take(pages.len().saturating_sub(1)).filter(short).count()
    };
    let cost = |units: &[Unit], pages: &[Page]| (pages.len(), under_filled(units, pages, g), loose(units, pages));
    cost(&kept, &moved) > cost(units, pages)
}

/// Short blocks closing a section opening a page alone (`stranded_end`), without their
/// section's "(continued)" label: acme's "It does not include:" list at the top of its page 4,
/// gulf's on its page 5. Where keeping them with the line before would not have cost a page,
/// they keep (`keep::keep_closing`); where it would, they go on under the label.
fn stranded_ends(l: &Laid, out: &mut Vec<String>) {
    let Laid { units, pages, .. } = l;
    let n = |pi: usize| l.n(pi);
    for close in super::keep::closings(units) {
        let Some(pi) = stranded_end(units, pages, &close) else { continue };
        let u = pages[pi].placed[0].0;
        out.push(format!("page {}: `{}` closes its section alone at the page's top", n(pi), said(&units[u])));
    }
}

/// Short sections split over pages (`keep::whole_sections`): of text only, at most
/// `SHORT_SECTION` lines under their heading (gulf's "6 Assumptions and exclusions" left its
/// first list on page 4 and went on under its "(continued)" label on page 5), or of tables
/// under their heading (tailspin's "4.1.1 Option 1: Essential" left its totals to page 4).
fn short_sections(l: &Laid, out: &mut Vec<String>) {
    let Laid { units, page_of, g, .. } = l;
    let n = |pi: usize| l.n(pi);
    let room = g.body_height();
    for section in super::keep::whole_sections(units, room) {
        let (first, last) = (page_of[section.start], page_of[section.end - 1]);
        if first != last {
            let name = units[section.start].bookmark.clone().unwrap_or_else(|| said(&units[section.start]));
            out.push(format!("page {}: the short section `{name}` goes on to page {}", n(first), n(last)));
        }
    }
}

/// Tables one under the other (`keep::runs`: an engagement's one-time and monthly fees)
/// parted over two pages where, moved on together, they would have shared one, and the
/// proposal kept its pages, none of them left under-filled.
fn parted(l: &Laid, out: &mut Vec<String>) {
    let Laid { units, pages, g, start, page_of, .. } = l;
    let n = |pi: usize| l.n(pi);
    for run in super::keep::runs(units) {
        let (first, last) = (page_of[run.start], page_of[run.end - 1]);
        if first == last {
            continue;
        }
        let mut together = units.to_vec();
        together[run.start].whole = together[run.start].whole.max(run.len());
        let moved = super::paginate::paginate(&together, g, *start);
        let page_of = |i: usize| moved.iter().position(|p| p.placed.iter().any(|(u, _)| *u == i));
        // Moved on, they leave the page before at most a quarter empty (`SECTION_FILL`).
        let left = page_of(run.start)
            .and_then(|p| p.checked_sub(1))
            .map_or(g.body_height(), |p| used(&together, &moved[p], g));
        let kept = moved.len() <= pages.len()
            && under_filled(&together, &moved, g) <= under_filled(units, pages, g)
            && left >= SECTION_FILL * g.body_height();
        if kept && page_of(run.start) == page_of(run.end - 1) {
            out.push(format!(
                "page {}: the tables from `{}` part over pages {} and {}, though they fit together on one",
                n(first),
                said(&units[run.start]),
                n(first),
                n(last)
            ));
        }
    }
}

/// The chart placed at `top`: labels over each other, over a bar or crossed by a grid line,
/// bars too thin to see or hidden under a milestone.
fn chart(u: &Unit, bars: &[[f32; 4]], page: usize, out: &mut Vec<String>) {
    let overlap = |a: &Area, b: &Area| {
        a.left < b.right - 0.3 && b.left < a.right - 0.3 && a.top < b.bottom - 0.3 && b.top < a.bottom - 0.3
    };
    let texts: Vec<(Area, String)> = u
        .draws
        .iter()
        .filter_map(|d| match d {
            Draw::Text { spans, .. } => Some((extent(d), spans.iter().map(|s| s.text.as_str()).collect())),
            _ => None,
        })
        .collect();
    let bar_areas: Vec<Area> =
        bars.iter().map(|[x, y, w, h]| Area { left: *x, top: *y, right: x + w, bottom: y + h }).collect();
    for (i, (a, ta)) in texts.iter().enumerate() {
        for (b, tb) in &texts[i + 1..] {
            if overlap(a, b) {
                out.push(format!("page {page}: chart labels `{ta}` and `{tb}` overlap"));
            }
        }
        // A label set inside a bar (an end date) lies within it; one that straddles a bar's
        // edge hides it.
        let within = |b: &Area| a.left >= b.left && a.right <= b.right && (b.top..=b.bottom).contains(&a.mid());
        if bar_areas.iter().any(|b| overlap(a, b) && !within(b)) {
            out.push(format!("page {page}: chart label `{ta}` lies over a bar's edge"));
        }
    }
    gridlines(u, page, out);
    let diamonds: Vec<Area> = u
        .draws
        .iter()
        .filter_map(|d| match d {
            Draw::Diamond { x, y, r, .. } => Some(Area { left: x - r, top: y - r, right: x + r, bottom: y + r }),
            _ => None,
        })
        .collect();
    for b in &bar_areas {
        let width = b.right - b.left;
        let covered = diamonds
            .iter()
            .filter(|d| d.top < b.bottom && b.top < d.bottom)
            .map(|d| (d.right.min(b.right) - d.left.max(b.left)).max(0.0))
            .fold(0.0f32, f32::max);
        if width - covered < 3.0 {
            out.push(format!(
                "page {page}: a bar at {:.0} pt down the chart shows {:.1} pt of its {:.1} pt",
                b.top,
                width - covered,
                width
            ));
        }
    }
}

/// Grid lines through a chart label: a vertical line crossing a text's box shows through it
/// unless something opaque (a bar, a knock-out) is painted over the crossing between the
/// line and the text; a line painted after the text crosses it whatever lies between.
fn gridlines(u: &Unit, page: usize, out: &mut Vec<String>) {
    for (ti, text) in u.draws.iter().enumerate() {
        let Draw::Text { spans, .. } = text else { continue };
        let a = extent(text);
        for (li, line) in u.draws.iter().enumerate() {
            let &Draw::Line { x1, y1, x2, y2, .. } = line else { continue };
            let (top, bottom) = (y1.min(y2).max(a.top), y1.max(y2).min(a.bottom));
            let through = (x1 - x2).abs() < 0.01 && a.left + 0.3 < x1 && x1 < a.right - 0.3 && top < bottom;
            if !through {
                continue;
            }
            let covered = li < ti
                && u.draws[li + 1..ti].iter().any(|d| match *d {
                    // A hundredth of a point's slack: a date sized to fill its bar to the descender
                    // ends where the bar does, give or take rounding.
                    Draw::Rect { x, y, w, h, .. } => {
                        x <= x1 && x1 <= x + w && y - 0.01 <= top && bottom <= y + h + 0.01
                    }
                    _ => false,
                });
            if !covered {
                let said: String = spans.iter().map(|s| s.text.as_str()).collect();
                out.push(format!("page {page}: a grid line at {x1:.0} pt crosses the chart label `{said}`"));
            }
        }
    }
}

/// Contents entries whose page number is not the page their section's heading is on (or
/// whose section has no heading).
fn contents(l: &Laid, out: &mut Vec<String>) {
    let Laid { units, page_of, .. } = l;
    let n = |pi: usize| l.n(pi);
    for (i, u) in units.iter().enumerate() {
        let Part::Entry { section, page } = &u.part else { continue };
        // An entry of two lines is checked once, on its first.
        if i > 0 && units[i - 1].part == u.part {
            continue;
        }
        match units.iter().position(|h| h.bookmark.as_ref() == Some(section)) {
            Some(h) if n(page_of[h]) == *page => {}
            Some(h) => out.push(format!(
                "page {}: the contents give `{section}` page {page}, but its heading is on page {}",
                n(page_of[i]),
                n(page_of[h])
            )),
            None => out.push(format!("page {}: the contents list `{section}`, which has no heading", n(page_of[i]))),
        }
    }
}
