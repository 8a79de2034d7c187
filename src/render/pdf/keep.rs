//! Keep rules: which units must share a page, set as `keep_next` before pagination. A heading and
//! its introduction (short paragraphs before a table included) keep with the first rows of a table
//! or the first lines of a text, through a subsection's heading and introduction; a short
//! table, a grid and the signature block never split; a long
//! table splits only where each side keeps `MIN_ROWS` body rows and no total row loses the row above
//! it, nor its last row its notes or a one-line paragraph after it; a comparison table splits only
//! between its groups of rows, and moves whole where the page it leaves stays full; a list splits
//! leaving `LIST_ITEMS` items on each side; a timeline chart moves whole or goes on between its
//! parts; tables one under the other move on together; a short section (text only, at most `SHORT_SECTION` lines under its heading, or an
//! option's tables under theirs, moving whole leaving its page `MIN_FILL` full) never splits, it
//! moves whole. A line leading into a list keeps with the list, and a one-line
//! paragraph with the paragraph before it, set as the blocks are laid out (`flow.rs`); a short
//! block closing a section keeps with the line before it when it would open a page alone
//! (`closings`, applied in `mod.rs`). The layout audit (`audit.rs`) checks the pages against the
//! same numbers.

use super::audit::{
    CLOSING_LINES, HEADING_LINES, HEADING_ROWS, INTRO_LINES, LIST_ITEMS, MIN_FILL, MIN_ROWS, SHORT_SECTION,
    SHORT_TABLE, TALL_TABLE,
};
use super::draw::{Part, Unit};

/// Sets the keep rules on `units`; the signature block starts at `signature`; `room` is the
/// height of a page's text block (a run of kept units taller than it splits anyway);
/// `together`: tables one under the other move on together (`runs`).
pub fn rules(units: &mut [Unit], signature: Option<usize>, room: f32, together: bool) {
    tables(units, room);
    grids(units, room);
    keep_lists(units);
    charts(units, room);
    headings(units);
    short_sections(units, room);
    for run in runs(units).into_iter().filter(|_| together) {
        if height(&units[run.clone()]) <= room {
            units[run.start].whole = units[run.start].whole.max(run.len());
        }
    }
    if let Some(start) = signature {
        let n = units.len();
        for u in units.iter_mut().take(n.saturating_sub(1)).skip(start) {
            u.keep_next = true;
        }
    }
}

/// The units of `group`, from its first: they are consecutive.
fn span(units: &[Unit], from: usize) -> std::ops::Range<usize> {
    let group = units[from].group;
    let end = units[from..].iter().position(|u| u.group != group).map_or(units.len(), |n| from + n);
    from..end
}

/// How many of a block's first units keep with the heading above it: the header and three
/// rows of a table, two lines of a text, a whole grid, the chart.
pub fn needed(units: &[Unit], from: usize) -> usize {
    let range = span(units, from);
    let count = |p: fn(&Part) -> bool| units[range.clone()].iter().filter(|u| p(&u.part)).count();
    match &units[from].part {
        Part::Head | Part::Row { .. } => 1 + count(|p| matches!(p, Part::Row { .. })).min(HEADING_ROWS),
        Part::Grid => count(|p| matches!(p, Part::Grid)),
        Part::Chart { .. } => 1,
        _ => range.len().min(HEADING_LINES),
    }
}

/// Where the units that keep with a heading and its introduction end (exclusive), the block
/// they introduce starting at `from`: that block's first units (`needed`). Short paragraphs
/// (at most `INTRO_LINES` lines in all) between the introduction and a table, a grid or the
/// chart introduce it too ("All prices are in USD." then a sentence on the term, then the
/// fee table), so they and the table's first units keep with the heading.
pub fn lead_end(units: &[Unit], from: usize) -> usize {
    let mut at = from;
    let mut lines = 0;
    while at < units.len() {
        let range = span(units, at);
        if !units[range.clone()].iter().all(|u| u.part == Part::Text) {
            break;
        }
        lines += range.len();
        at = range.end;
        if lines > INTRO_LINES {
            break;
        }
    }
    let block = |u: &Unit| matches!(u.part, Part::Head | Part::Grid | Part::Chart { .. });
    if at > from && lines <= INTRO_LINES && units.get(at).is_some_and(block) {
        at + needed(units, at)
    } else {
        from + needed(units, from)
    }
}

/// A heading's line or its introduction's: what keeps with the block after them.
pub fn lead(u: &Unit) -> bool {
    matches!(u.part, Part::Heading | Part::Intro)
}

/// Where the headings and introductions that end at `last` and keep together start: back to
/// the first of them.
pub fn lead_start(units: &[Unit], last: usize) -> usize {
    let mut h = last;
    while h > 0 && lead(&units[h - 1]) {
        h -= 1;
    }
    h
}

/// A heading, its introduction and the first units of what they introduce keep together, a
/// subsection's heading and introduction included: a heading never ends a page (tailspin's "4
/// Pricing" and its two lines ended page 2, "4.1 Options" opening page 3).
fn headings(units: &mut [Unit]) {
    for j in 1..units.len() {
        if !lead(&units[j - 1]) || lead(&units[j]) {
            continue;
        }
        let h = lead_start(units, j - 1);
        let end = lead_end(units, j);
        for u in &mut units[h..end - 1] {
            u.keep_next = true;
        }
    }
}

/// Each section, from its heading (the unit with its bookmark) to the next section's: where
/// they start and end (exclusive).
fn sections(units: &[Unit]) -> Vec<std::ops::Range<usize>> {
    let starts: Vec<usize> = (0..units.len()).filter(|&k| units[k].bookmark.is_some()).collect();
    let ends = starts.iter().skip(1).copied().chain([units.len()]);
    starts.iter().zip(ends).map(|(&a, b)| a..b).collect()
}

/// Whether `section` (its heading's lines and what follows) is short: text only, at most
/// `SHORT_SECTION` lines under its heading, and no taller than a page. A table or the timeline
/// chart keeps by its own rules.
fn short_section(units: &[Unit], section: &std::ops::Range<usize>, room: f32) -> bool {
    let body = || units[section.clone()].iter().filter(|u| u.part != Part::Heading);
    body().all(|u| matches!(u.part, Part::Text | Part::Intro | Part::Note))
        && body().count() <= SHORT_SECTION
        && height(&units[section.clone()]) <= room
}

/// The sections that never split, from their heading to the next: the short ones of text
/// ([`short_section`]) and of tables under their heading ([`short_headed`]).
pub fn whole_sections(units: &[Unit], room: f32) -> Vec<std::ops::Range<usize>> {
    let text = sections(units).into_iter().filter(|s| s.len() > 1 && short_section(units, s, room));
    text.chain(short_headed(units, room)).collect()
}

/// A short section never splits: it moves whole (gulf's "6 Assumptions and exclusions" left
/// one item on its page and went on under its "(continued)" label with the other; tailspin's
/// "4.1.1 Option 1: Essential" left its totals to open the next page under its label, while
/// Options 2 and 3 each stood whole there).
fn short_sections(units: &mut [Unit], room: f32) {
    for section in whole_sections(units, room) {
        units[section.start..section.end - 1].iter_mut().for_each(|u| u.keep_next = true);
    }
}

/// The sections whose tables belong to their heading (`headed`: an option's heading, its
/// sentence, its fee tables and its totals), from the heading to the next, that are short: no
/// list (litware's summary, its objectives after its table, splits off the cover page), and no
/// taller than a page may lose at its foot and stay `MIN_FILL` full, so moving one whole never
/// leaves its page under-filled.
fn short_headed(units: &[Unit], room: f32) -> Vec<std::ops::Range<usize>> {
    let short = |r: &std::ops::Range<usize>| {
        height(&units[r.clone()]) <= (1.0 - MIN_FILL) * room && !units[r.clone()].iter().any(|u| u.item)
    };
    headed(units).into_iter().map(|(heading, body)| heading.start..body.end).filter(short).collect()
}

fn height(units: &[Unit]) -> f32 {
    units.iter().map(|u| u.height + u.gap).sum()
}

/// A table of at most `SHORT_TABLE` rows, no taller than `TALL_TABLE` of a page, moves whole to the
/// next page rather than split, unless it opens a section (`section_first`): then, like a longer
/// one, it moves whole only when the page it leaves stays full enough; a longer or taller one (even
/// a short one in height: moving it whole could leave its page under-filled) keeps its header with
/// `MIN_ROWS` rows, its last `MIN_ROWS` rows together, and every total row with the row above it;
/// when it fits on a page, it still moves whole where the page it leaves stays `MIN_FILL` full
/// (`Unit::whole`, see `paginate`).
fn tables(units: &mut [Unit], room: f32) {
    let mut i = 0;
    while i < units.len() {
        if units[i].part != Part::Head {
            i += 1;
            continue;
        }
        let range = span(units, i);
        let (start, end) = (range.start, range.end);
        // Its body rows: a total row is none, and never opens a page alone.
        let body: Vec<usize> = (start..end).filter(|k| units[*k].part == (Part::Row { total: false })).collect();
        let h = height(&units[range]);
        let opens = section_first(units, start).is_some() && body.len() >= 2 * MIN_ROWS;
        if h <= TALL_TABLE * room && body.len() <= SHORT_TABLE && !opens || body.len() < 2 * MIN_ROWS {
            units[start..end - 1].iter_mut().for_each(|u| u.keep_next = true);
        } else {
            if h <= room {
                units[start].whole = end - start;
            }
            units[start..body[MIN_ROWS - 1]].iter_mut().for_each(|u| u.keep_next = true);
            units[body[body.len() - MIN_ROWS]..end - 1].iter_mut().for_each(|u| u.keep_next = true);
            for k in start + 1..end {
                if units[k].part == (Part::Row { total: true }) {
                    units[k - 1].keep_next = true;
                }
            }
        }
        if units[start].compare {
            // A comparison table is read across its rows: one that fits on a page moves whole
            // where the page it leaves stays `SECTION_FILL` full (`paginate`); elsewhere, and
            // when taller than a page, it splits only where one group of its rows ends (the
            // prices, before the scope), `MIN_ROWS` body rows on each side, its header repeated
            // under the section's "(continued)" label (tailspin's "4.1 Options" moved whole to
            // page 3 and left "4 Pricing" and its two lines alone at the foot of page 2).
            units[start..end - 1].iter_mut().for_each(|u| u.keep_next = true);
            if h <= room {
                units[start].whole = end - start;
            }
            for (k, u) in units.iter_mut().enumerate().take(end).skip(start) {
                let before = body.iter().filter(|b| **b <= k).count();
                if u.group_end && before >= MIN_ROWS && body.len() - before >= MIN_ROWS {
                    u.keep_next = false;
                }
            }
        }
        // The table's notes (`flow` marks them) keep with its last row and with each other;
        // without notes, a one-line paragraph right after it ("Payments: 14, from … to …")
        // does not stand alone at the top of the next page either, unless it leads into a
        // list ("Your objectives, as we understand them:"), which it keeps with instead.
        let notes = units[end..].iter().take_while(|u| u.part == Part::Note).count();
        let one_line =
            units.get(end).is_some_and(|u| u.part == Part::Text && !u.lead_in) && span(units, end).len() == 1;
        let kept = if notes > 0 { notes } else { usize::from(one_line) };
        units[end - 1..end - 1 + kept].iter_mut().for_each(|u| u.keep_next = true);
        i = end;
    }
}

/// The runs of two or more tables one right under the other in a section whose tables
/// belong to its heading (`headed`), nothing between them but a table's notes (an
/// engagement's one-time and monthly fees, an option's summary after them), each with the
/// one-line paragraph after its last table ("Payments: 14, from …"): a run that fits on a
/// page moves whole to the next rather than part between its tables, when the page it
/// leaves stays full enough (`Unit::whole`, see `paginate`).
pub fn runs(units: &[Unit]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    for (_, section) in headed(units) {
        out.extend(runs_in(units, section));
    }
    out
}

fn runs_in(units: &[Unit], section: std::ops::Range<usize>) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut i = section.start;
    while i < section.end {
        if units[i].part != Part::Head {
            i += 1;
            continue;
        }
        let (start, mut end, mut tables) = (i, i, 0);
        while units.get(end).is_some_and(|u| u.part == Part::Head) {
            end = span(units, end).end;
            end += units[end..].iter().take_while(|u| u.part == Part::Note).count();
            tables += 1;
        }
        if tables > 1 {
            let one_line = units.get(end).is_some_and(|u| u.part == Part::Text) && span(units, end).len() == 1;
            out.push(start..end + usize::from(one_line));
        }
        i = end;
    }
    out
}

/// The sections whose tables belong to their heading: as (the heading's units, the section's
/// units up to the next heading) for every heading (a run-in one included) whose section has
/// a table or a grid and otherwise only short paragraphs, of at most `INTRO_LINES` lines
/// each (an option's fees, its summary and its payments line). A table after a list or a
/// longer text is one of its section's blocks, headed by itself.
pub fn headed(units: &[Unit]) -> Vec<(std::ops::Range<usize>, std::ops::Range<usize>)> {
    let tabled = |u: &Unit| matches!(u.part, Part::Head | Part::Row { .. } | Part::Note | Part::Grid);
    let long = |u: &Unit| u.part == Part::Text && units.iter().filter(|v| v.group == u.group).count() > INTRO_LINES;
    let mut out = Vec::new();
    let mut i = 0;
    while i < units.len() {
        if units[i].part != Part::Heading {
            i += 1;
            continue;
        }
        let body = span(units, i).end;
        let end = units[body..].iter().position(|u| u.part == Part::Heading).map_or(units.len(), |n| body + n);
        if units[body..end].iter().any(tabled) && !units[body..end].iter().any(long) {
            out.push((i..body, body..end));
        }
        i = end;
    }
    out
}

/// The heading of the section whose first block is the table starting at `start`: only its
/// introduction (short paragraphs, at most `INTRO_LINES` lines in all) between them.
pub fn section_first(units: &[Unit], start: usize) -> Option<usize> {
    let mut k = start;
    while k > 0 && matches!(units[k - 1].part, Part::Intro | Part::Text) && start - k < INTRO_LINES {
        k -= 1;
    }
    (k > 0 && units[k - 1].part == Part::Heading).then(|| {
        let mut h = k - 1;
        while h > 0 && units[h - 1].part == Part::Heading {
            h -= 1;
        }
        h
    })
}

/// The short blocks that close a section after other text (a list with the line leading into
/// it, "It does not include:"; a note, "Sample terms: …"), at most `CLOSING_LINES` lines of
/// running text: each that opens a page alone, cut off from its section without a label, keeps
/// whole with the last line of the block before it (`keep_closing`), unless that costs a page
/// or leaves one under-filled (`mod.rs`).
pub fn closings(units: &[Unit]) -> Vec<std::ops::Range<usize>> {
    let text = |u: &Unit| matches!(u.part, Part::Text | Part::Note) && !u.heading;
    let mut out = Vec::new();
    let mut end = units.len();
    while end > 0 {
        // The section's end: the next heading (or the signature block's start, past its own
        // keep rules) is where the closing block ends.
        let last = end - 1;
        if text(&units[last]) {
            let mut start = span_back(units, last);
            if start > 0 && units[start - 1].lead_in {
                start = span_back(units, start - 1);
            }
            let before = start.checked_sub(1).map(|b| &units[b]);
            let after_text = before.is_some_and(|b| !matches!(b.part, Part::Heading | Part::Intro) && !b.heading);
            if after_text && end - start <= CLOSING_LINES && units[start..end].iter().all(text) {
                out.push(start..end);
            }
        }
        // On to the unit before the previous heading.
        end = units[..last].iter().rposition(|u| u.part == Part::Heading).map_or(0, |h| {
            let mut h = h;
            while h > 0 && units[h - 1].part == Part::Heading {
                h -= 1;
            }
            h
        });
    }
    out.reverse();
    out
}

/// The lines of the heading of the section unit `at` is in (empty before the first).
pub fn heading_of(units: &[Unit], at: usize) -> std::ops::Range<usize> {
    let Some(end) = units[..at].iter().rposition(|u| u.part == Part::Heading) else { return at..at };
    span_back(units, end)..end + 1
}

/// Keeps the closing block `close` (`closings`) whole with the last line before it.
pub fn keep_closing(units: &mut [Unit], close: &std::ops::Range<usize>) {
    units[close.start - 1..close.end - 1].iter_mut().for_each(|u| u.keep_next = true);
}

/// The first unit of the group `at` belongs to (its units are consecutive).
fn span_back(units: &[Unit], at: usize) -> usize {
    let group = units[at].group;
    units[..at].iter().rposition(|u| u.group != group).map_or(0, |k| k + 1)
}

/// The items of each list, as the units its items start at and where it ends (exclusive).
pub fn lists(units: &[Unit]) -> Vec<(Vec<usize>, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < units.len() {
        if !units[i].item {
            i += 1;
            continue;
        }
        let end = span(units, i).end;
        out.push(((i..end).filter(|k| units[*k].item).collect(), end));
        i = end;
    }
    out
}

/// A list splits between its items leaving at least `LIST_ITEMS` of them on each side: its
/// first items keep together, and so do its last; a list of fewer than twice as many moves
/// whole (kansai's last term opened a page alone, litware's objectives parted one and two).
fn keep_lists(units: &mut [Unit]) {
    for (items, end) in lists(units) {
        let (first, n) = (items[0], items.len());
        if n < 2 * LIST_ITEMS {
            units[first..end - 1].iter_mut().for_each(|u| u.keep_next = true);
        } else {
            units[first..items[LIST_ITEMS] - 1].iter_mut().for_each(|u| u.keep_next = true);
            units[items[n - LIST_ITEMS]..end - 1].iter_mut().for_each(|u| u.keep_next = true);
        }
    }
}

/// A timeline chart in parts (`gantt::parts`) that fits on a page moves whole where the page it
/// leaves stays `SECTION_FILL` full (`paginate`); elsewhere it goes on between its parts, its
/// axis repeated under a "(continued)" label, rather than leave more than a quarter of its page
/// empty (northwind's page 3 was 68 % full).
fn charts(units: &mut [Unit], room: f32) {
    let Some(c) = units.iter().position(|u| matches!(u.part, Part::Chart { .. })) else { return };
    let parts = units[c..].iter().take_while(|u| matches!(u.part, Part::Chart { .. })).count();
    if parts > 1 && height(&units[c..c + parts]) <= room {
        units[c].whole = parts;
    }
}

/// A label/value grid that fits on a page never splits.
fn grids(units: &mut [Unit], room: f32) {
    let mut i = 0;
    while i < units.len() {
        if units[i].part != Part::Grid {
            i += 1;
            continue;
        }
        let range = span(units, i);
        let (start, end) = (range.start, range.end);
        if height(&units[range]) <= room {
            units[start..end - 1].iter_mut().for_each(|u| u.keep_next = true);
        }
        i = end;
    }
}

#[cfg(test)]
mod tests {
    use super::super::draw::Draw;
    use super::super::paginate::{paginate, Page};
    use super::super::style::{Geometry, Rgb};
    use super::*;

    fn table(rows: usize, group: u32) -> Vec<Unit> {
        let mark = || vec![Draw::Rect { x: 0.0, y: 0.0, w: 1.0, h: 1.0, fill: Rgb(1, 2, 3) }];
        let header = std::rc::Rc::new(Unit::new(20.0, 0.0));
        let head = Unit { keep_next: true, draws: mark(), part: Part::Head, group, ..Unit::new(20.0, 0.0) };
        let body = (0..rows).map(move |r| Unit {
            repeat: Some(header.clone()),
            draws: mark(),
            part: Part::Row { total: r + 1 == rows },
            group,
            ..Unit::new(20.0, 0.0)
        });
        std::iter::once(head).chain(body).collect()
    }

    #[test]
    fn a_short_section_moves_whole_rather_than_go_on_under_its_label() {
        let g = Geometry::new(false);
        let room = g.body_height();
        let heading = |title: &str| Unit {
            part: Part::Heading,
            bookmark: Some(title.to_string()),
            keep_next: true,
            ..Unit::new(27.0, 12.0)
        };
        let line = || Unit { part: Part::Text, ..Unit::new(12.0, 4.0) };
        // A page less 95 pt, then a section of four lines (the heading and three of them fit),
        // then the next section.
        let section = |lines: usize| {
            let mut units = vec![Unit { group: 1, ..Unit::new(room - 95.0, 0.0) }, heading("6 Assumptions")];
            units.extend((0..lines).map(|_| line()));
            units.push(heading("7 Terms"));
            units.push(line());
            units
        };
        let bare = section(4);
        let split = paginate(&bare, &g, 0.0);
        assert_eq!(split[0].placed.len(), 1 + 1 + 3, "without the rule, it splits after three lines");
        let found = super::super::audit::audit(&bare, &split, &g, None, (1, 0.0));
        assert!(found.iter().any(|f| f.contains("short section `6 Assumptions` goes on to page 2")), "{found:?}");

        let mut units = section(4);
        rules(&mut units, None, room, true);
        let pages = paginate(&units, &g, 0.0);
        assert_eq!(pages[1].placed.first().map(|p| p.0), Some(1), "the section opens the next page whole");
        assert!(super::super::audit::audit(&units, &pages, &g, None, (1, 0.0)).is_empty());

        // A section of more than `SHORT_SECTION` lines is text that splits like any.
        let mut units = section(SHORT_SECTION + 1);
        rules(&mut units, None, room, true);
        assert_eq!(paginate(&units, &g, 0.0)[0].placed.len(), 1 + 1 + 3);
    }

    #[test]
    fn a_short_table_moves_whole_and_a_long_one_splits_at_a_legal_point() {
        let g = Geometry::new(false);
        let room = g.body_height();
        let mut units = vec![Unit { group: 1, ..Unit::new(room - 70.0, 0.0) }];
        units.extend(table(12, 2));
        rules(&mut units, None, room, true);
        let pages = paginate(&units, &g, 0.0);
        assert_eq!(pages.len(), 2, "the 260 pt table does not fit the 70 pt left");
        assert_eq!((pages[0].draws.len(), pages[1].draws.len()), (0, 13), "nothing of it stays on the first page");

        // 40 rows after a page less 90 pt: the header and three rows fit, so it splits there.
        let mut units = vec![Unit { group: 1, ..Unit::new(room - 90.0, 0.0) }];
        units.extend(table(40, 2));
        rules(&mut units, None, room, true);
        let pages = paginate(&units, &g, 0.0);
        assert_eq!(pages[0].placed.len(), 1 + 4, "the filler, the header and three rows");
        // 40 rows after a page less 70 pt: only two rows would fit, so the table moves.
        let mut units = vec![Unit { group: 1, ..Unit::new(room - 70.0, 0.0) }];
        units.extend(table(40, 2));
        rules(&mut units, None, room, true);
        assert_eq!(paginate(&units, &g, 0.0)[0].placed.len(), 1);
        assert!(units[39].keep_next && units[40].keep_next && !units[36].keep_next, "the last three rows keep");
    }

    #[test]
    fn short_paragraphs_before_a_table_keep_with_the_heading_and_its_first_rows() {
        let g = Geometry::new(false);
        let room = g.body_height();
        let heading = Unit { part: Part::Heading, keep_next: true, group: 2, ..Unit::new(20.0, 0.0) };
        let intro = Unit { part: Part::Intro, keep_next: true, group: 3, ..Unit::new(14.0, 0.0) };
        let line = |group| Unit { group, ..Unit::new(14.0, 0.0) };
        // The heading, the intro and a one-line paragraph fit at the page's foot; the table's
        // header and first three rows do not.
        let mut units = vec![Unit { group: 1, ..Unit::new(room - 60.0, 0.0) }, heading, intro, line(4)];
        units.extend(table(5, 5));
        rules(&mut units, None, room, true);
        let pages = paginate(&units, &g, 0.0);
        assert_eq!(pages[0].placed.len(), 1, "the heading moves with its introduction and the table");
        let found = super::super::audit::audit(&units, &pages, &g, None, (1, 0.0));
        assert!(!found.iter().any(|f| f.contains("heading")), "{found:?}");

        // A paragraph of four lines is text the heading introduces: two of its lines keep.
        let heading = Unit { part: Part::Heading, keep_next: true, group: 2, ..Unit::new(20.0, 0.0) };
        let mut units = vec![Unit { group: 1, ..Unit::new(room - 60.0, 0.0) }, heading];
        units.extend((0..4).map(|_| line(3)));
        units.extend(table(5, 4));
        rules(&mut units, None, room, true);
        assert_eq!(paginate(&units, &g, 0.0)[0].placed.len(), 1 + 1 + 2, "the heading and two lines");
    }

    #[test]
    fn a_long_table_that_fits_a_page_moves_whole_unless_its_page_would_be_under_filled() {
        let g = Geometry::new(false);
        let room = g.body_height();
        // 16 rows (340 pt) after 70 % of a page: moving whole leaves that page well filled.
        let mut units = vec![Unit { group: 1, ..Unit::new(room * 0.7, 0.0) }];
        units.extend(table(16, 2));
        rules(&mut units, None, room, true);
        let pages = paginate(&units, &g, 0.0);
        assert_eq!((pages[0].placed.len(), pages[1].placed.len()), (1, 17), "the table moves whole");
        // After 40 % of a page, it splits at a legal point instead.
        let mut units = vec![Unit { group: 1, ..Unit::new(room * 0.4, 0.0) }];
        units.extend(table(30, 2));
        rules(&mut units, None, room, true);
        let pages = paginate(&units, &g, 0.0);
        assert!(pages[0].placed.len() > 1 + MIN_ROWS, "the table starts on the first page");
    }

    #[test]
    fn a_tall_table_of_few_rows_splits_rather_than_leave_its_page_under_filled() {
        let g = Geometry::new(false);
        let room = g.body_height();
        let tall = |units: &mut Vec<Unit>| {
            for u in units.iter_mut() {
                u.height = 40.0;
            }
        };
        // Ten rows of 40 pt after 45 % of a page: moving whole would leave it under-filled.
        let mut rows = table(10, 2);
        tall(&mut rows);
        let mut units = vec![Unit { group: 1, ..Unit::new(room * 0.45, 0.0) }];
        units.extend(rows.clone());
        rules(&mut units, None, room, true);
        let pages = paginate(&units, &g, 0.0);
        assert!(pages[0].placed.len() > 1 + MIN_ROWS && pages[1].placed.len() >= MIN_ROWS, "split at a legal point");
        let found = super::super::audit::audit(&units, &pages, &g, None, (1, 0.0));
        assert!(!found.iter().any(|f| f.contains("split") || f.contains("full")), "{found:?}");
        // After 65 % of a page, it moves whole.
        let mut units = vec![Unit { group: 1, ..Unit::new(room * 0.65, 0.0) }];
        units.extend(rows);
        rules(&mut units, None, room, true);
        assert_eq!(paginate(&units, &g, 0.0)[0].placed.len(), 1);
    }

    #[test]
    fn the_audit_finds_a_page_left_under_filled_before_a_section() {
        let g = Geometry::new(false);
        let room = g.body_height();
        let heading = Unit {
            part: Part::Heading,
            keep_next: true,
            group: 2,
            bookmark: Some("2 Pricing".into()),
            ..Unit::new(20.0, 0.0)
        };
        // A table of five rows (300 pt, too few to split) under it does not fit below 58 %
        // of a page: the page it leaves is under-filled, a numbered section next or not. (A
        // table of six rows or more opening a section splits there instead.)
        let mut units = vec![Unit { group: 1, ..Unit::new(room * 0.58, 0.0) }, heading];
        units.extend(table(5, 3).into_iter().map(|u| Unit { height: 50.0, ..u }));
        units.push(Unit { group: 4, ..Unit::new(room * 0.5, 0.0) });
        rules(&mut units, None, room, true);
        let pages = paginate(&units, &g, 0.0);
        assert_eq!(pages[0].placed.len(), 1, "the heading moves with its table");
        let found = super::super::audit::audit(&units, &pages, &g, None, (1, 0.0));
        assert!(found.iter().any(|f| f.starts_with("page 1:") && f.ends_with("% full")), "{found:?}");
        // Twelve rows of 22 pt (litware's payment schedule): the table opens the section on
        // that page and splits at a legal point, which the audit accepts.
        let mut units = vec![Unit { group: 1, ..Unit::new(room * 0.58, 0.0) }, units[1].clone()];
        units.extend(table(12, 3).into_iter().map(|u| Unit { height: 22.0, ..u }));
        units.push(Unit { group: 4, ..Unit::new(room * 0.5, 0.0) });
        rules(&mut units, None, room, true);
        let pages = paginate(&units, &g, 0.0);
        assert!(pages[0].placed.len() > 2 + MIN_ROWS && pages[1].placed.len() > MIN_ROWS, "split");
        let found = super::super::audit::audit(&units, &pages, &g, None, (1, 0.0));
        assert!(!found.iter().any(|f| f.contains("split") || f.contains("full")), "{found:?}");
    }

    /// A heading over a line of text and then `tables` tables of `rows` rows one under the
    /// other (an option's fees), groups from `group`.
    fn option(tables: usize, rows: usize, group: u32) -> Vec<Unit> {
        let mut units = vec![
            Unit { part: Part::Heading, keep_next: true, group, ..Unit::new(20.0, 0.0) },
            Unit { part: Part::Intro, keep_next: true, group: group + 1, ..Unit::new(14.0, 0.0) },
        ];
        for t in 0..tables {
            units.extend(table(rows, group + 2 + t as u32).into_iter().map(|u| Unit { gap: 8.0, ..u }));
        }
        units
    }

    #[test]
    fn a_short_option_moves_whole_rather_than_go_on_under_its_label() {
        let g = Geometry::new(false);
        let room = g.body_height();
        // An option (its heading, its sentence, its monthly fees and its totals: 258 pt) after
        // 70 % of a page: its heading and first table fit there, its totals do not; moved
        // whole, it leaves that page 70 % full (tailspin's Option 1 on page 3).
        let mut units = vec![Unit { group: 1, ..Unit::new(room * 0.7, 0.0) }];
        units.extend(option(2, 3, 2));
        units.push(Unit { part: Part::Heading, keep_next: true, group: 20, ..Unit::new(20.0, 0.0) });
        units.push(Unit { group: 21, ..Unit::new(14.0, 0.0) });
        assert_eq!(short_headed(&units, room).first(), Some(&(1..11)), "the option, to the next heading");
        rules(&mut units, None, room, true);
        let pages = paginate(&units, &g, 0.0);
        assert_eq!((pages[0].placed.len(), pages[1].placed[0].0), (1, 1), "it moves whole: {:?}", pages[0].placed);
        let found = super::super::audit::audit(&units, &pages, &g, None, (1, 0.0));
        assert!(found.iter().all(|f| f.ends_with("outside the text block")), "{found:?}");
        // Split between its tables, the audit sends it back.
        let found = super::super::audit::audit(&units, &split_at(&units, &g, 7), &g, None, (1, 0.0));
        assert!(found.iter().any(|f| f.contains("the short section") && f.contains("goes on to page 2")), "{found:?}");
        // An option taller than that splits like any section of tables.
        let mut units = vec![Unit { group: 1, ..Unit::new(room * 0.5, 0.0) }];
        units.extend(option(2, 12, 2));
        assert!(short_headed(&units, room).is_empty());
    }

    #[test]
    fn fee_tables_move_on_together_and_the_audit_finds_them_parted() {
        let g = Geometry::new(false);
        let room = g.body_height();
        // Three tables of 3 rows (112 pt each) under a heading after 76 % of a page: the first
        // fits there, the other two do not.
        let mut units = vec![Unit { group: 1, ..Unit::new(room * 0.76, 0.0) }];
        units.extend(option(3, 3, 2));
        let bare = units.clone();
        rules(&mut units, None, room, false);
        let pages = paginate(&units, &g, 0.0);
        assert!(pages[0].placed.len() > 3 && pages.len() == 2, "apart, the first table stays");
        let found = super::super::audit::audit(&units, &pages, &g, None, (1, 0.0));
        assert!(found.iter().any(|f| f.contains("part over pages 1 and 2")), "{found:?}");
        let mut units = bare;
        rules(&mut units, None, room, true);
        let pages = paginate(&units, &g, 0.0);
        assert_eq!(pages[0].placed.len(), 1, "the heading and its tables move on together");
        let found = super::super::audit::audit(&units, &pages, &g, None, (1, 0.0));
        // (The test's marks lie left of the text block.)
        assert!(found.iter().all(|f| f.ends_with("outside the text block")), "{found:?}");
    }

    #[test]
    fn a_table_going_on_from_its_heading_repeats_its_label_and_the_audit_finds_one_without() {
        let g = Geometry::new(false);
        let room = g.body_height();
        // Two tables of 12 rows (260 pt) under a heading after 40 % of a page: they do not
        // fit together on the page left, nor move on (the page would be under-filled).
        let mut units = vec![Unit { group: 1, ..Unit::new(room * 0.4, 0.0) }];
        units.extend(option(2, 12, 2));
        rules(&mut units, None, room, true);
        let pages = paginate(&units, &g, 0.0);
        let second = pages[1].placed[0].0;
        assert_eq!(units[second].part, Part::Head, "the second table opens page 2");
        let found = super::super::audit::audit(&units, &pages, &g, None, (1, 0.0));
        assert!(found.iter().any(|f| f.starts_with("page 2:") && f.contains("without a label")), "{found:?}");
        // Labelled, it is drawn first on page 2, above the table.
        let label = std::rc::Rc::new(Unit {
            draws: vec![Draw::Rect { x: 0.0, y: 0.0, w: 2.0, h: 2.0, fill: Rgb(9, 9, 9) }],
            ..Unit::new(15.0, 0.0)
        });
        for (_, body) in headed(&units) {
            units[body].iter_mut().filter(|u| u.part != Part::Intro).for_each(|u| u.continued = Some(label.clone()));
        }
        let pages = paginate(&units, &g, 0.0);
        assert!(matches!(pages[1].draws[0], Draw::Rect { fill: Rgb(9, 9, 9), .. }));
        assert_eq!(pages[1].placed[0].1, g.top + 15.0, "the table goes under its label");
        let found = super::super::audit::audit(&units, &pages, &g, None, (1, 0.0));
        // (The test's marks lie left of the text block.)
        assert!(found.iter().all(|f| f.ends_with("outside the text block")), "{found:?}");
    }

    #[test]
    fn a_section_leaves_at_most_a_quarter_of_its_page_empty_when_its_start_fits_there() {
        let g = Geometry::new(false);
        let room = g.body_height();
        // A heading and a 13-row table (280 pt) after 64 % of a page: the table fits on a
        // page, but moving it whole would leave this one more than a quarter empty, so it
        // starts here and splits at a legal point (tailspin's "4 Pricing" on Letter).
        let mut units = vec![Unit { group: 1, ..Unit::new(room * 0.64, 0.0) }];
        units.extend(option(1, 13, 2));
        rules(&mut units, None, room, true);
        let pages = paginate(&units, &g, 0.0);
        assert!(pages[0].placed.len() > 1 + 2 + 1 + HEADING_ROWS, "{:?}", pages[0].placed);
        let found = super::super::audit::audit(&units, &pages, &g, None, (1, 0.0));
        assert!(!found.iter().any(|f| f.contains("full")), "{found:?}");
        // Moved on whole, as before: the audit sends it back.
        let moved = [
            Page { placed: vec![(0, g.top)], ..Page::default() },
            Page { placed: (1..units.len()).map(|i| (i, g.top)).collect(), ..Page::default() },
        ];
        let found = super::super::audit::audit(&units, &moved, &g, None, (1, 0.0));
        assert!(found.iter().any(|f| f.starts_with("page 1: 64 % full, though")), "{found:?}");
        // After 70 % of a page, it starts there too (acme's "4 Pricing" left its page 31 %
        // empty); after 80 %, it moves whole.
        let mut units = vec![Unit { group: 1, ..Unit::new(room * 0.7, 0.0) }];
        units.extend(option(1, 13, 2));
        rules(&mut units, None, room, true);
        assert!(paginate(&units, &g, 0.0)[0].placed.len() > 1 + 2 + 1 + HEADING_ROWS);
        let mut units = vec![Unit { group: 1, ..Unit::new(room * 0.8, 0.0) }];
        units.extend(option(1, 13, 2));
        rules(&mut units, None, room, true);
        assert_eq!(paginate(&units, &g, 0.0)[0].placed.len(), 1);
    }

    #[test]
    fn a_heading_keeps_with_two_lines_of_its_text() {
        let g = Geometry::new(false);
        let room = g.body_height();
        let heading = Unit { part: Part::Heading, keep_next: true, group: 2, ..Unit::new(20.0, 0.0) };
        let line = |group| Unit { group, ..Unit::new(14.0, 0.0) };
        let mut units = vec![Unit { group: 1, ..Unit::new(room - 40.0, 0.0) }, heading, line(3), line(3), line(3)];
        rules(&mut units, None, room, true);
        let pages = paginate(&units, &g, 0.0);
        assert_eq!(pages[0].placed.len(), 1, "the heading moves with its first two lines");
    }

    #[test]
    fn a_one_line_paragraph_after_a_table_does_not_open_a_page_alone() {
        let g = Geometry::new(false);
        let room = g.body_height();
        // A page holds the filler and the short table's 60 pt, not the line after it too.
        let mut units = vec![Unit { group: 1, ..Unit::new(room - 70.0, 0.0) }];
        units.extend(table(2, 2));
        units.push(Unit { group: 3, part: Part::Text, ..Unit::new(14.0, 0.0) });
        rules(&mut units, None, room, true);
        let pages = paginate(&units, &g, 0.0);
        assert_eq!(pages.len(), 2);
        assert_eq!(pages[1].placed.len(), 4, "the table moves with the line: {:?}", pages[1].placed);
        // Two lines after it may part from it: the second page opens with the paragraph.
        let mut units = vec![Unit { group: 1, ..Unit::new(room - 70.0, 0.0) }];
        units.extend(table(2, 2));
        units.extend((0..2).map(|_| Unit { group: 3, part: Part::Text, ..Unit::new(14.0, 0.0) }));
        rules(&mut units, None, room, true);
        let pages = paginate(&units, &g, 0.0);
        assert_eq!(pages[0].placed.len(), 4, "{:?}", pages[0].placed);
    }

    #[test]
    fn a_short_block_closing_a_section_does_not_open_a_page_alone() {
        let g = Geometry::new(false);
        let room = g.body_height();
        let heading = Unit { part: Part::Heading, keep_next: true, group: 2, ..Unit::new(20.0, 0.0) };
        let line = |group| Unit { group, ..Unit::new(14.0, 0.0) };
        // A section: a heading, a paragraph of five lines, then "It does not include:" and a
        // list of two lines; the page's foot holds the paragraph, not the lead-in and list.
        let mut units = vec![Unit { group: 1, ..Unit::new(room - 20.0 - 5.0 * 14.0 - 5.0, 0.0) }, heading];
        // (Its first two and last two lines keep together, as `text::paragraph` sets them.)
        units.extend((0..5).map(|i| Unit { keep_next: i == 0 || i == 3, ..line(3) }));
        units.push(Unit { lead_in: true, keep_next: true, ..line(4) });
        units.extend((0..2).map(|_| line(5)));
        units.push(Unit { part: Part::Heading, keep_next: true, group: 6, ..Unit::new(20.0, 0.0) });
        units.extend((0..30).map(|_| line(7)));
        rules(&mut units, None, room, true);
        assert_eq!(closings(&units)[0], 7..10, "the lead-in and its list close the first section");
        let pages = paginate(&units, &g, 0.0);
        assert_eq!(pages[1].placed[0].0, 7, "the lead-in opens page 2");
        let found = super::super::audit::audit(&units, &pages, &g, None, (1, 0.0));
        assert!(found.iter().any(|f| f.starts_with("page 2:") && f.contains("closes its section")), "{found:?}");
        // Under its section's "(continued)" label (where keeping it would cost a page), it passes.
        let mut labelled = units.clone();
        let label = std::rc::Rc::new(Unit::new(12.0, 0.0));
        labelled[7..10].iter_mut().for_each(|u| u.continued = Some(label.clone()));
        assert_eq!(heading_of(&labelled, 7), 1..2, "the section's heading");
        let pages = paginate(&labelled, &g, 0.0);
        let found = super::super::audit::audit(&labelled, &pages, &g, None, (1, 0.0));
        assert!(!found.iter().any(|f| f.contains("closes its section")), "{found:?}");
        // Kept with the paragraph's last lines, it goes on with them.
        keep_closing(&mut units, &(7..10));
        let pages = paginate(&units, &g, 0.0);
        assert_eq!(pages[1].placed[0].0, 5, "the paragraph's last two lines go on with it");
        let found = super::super::audit::audit(&units, &pages, &g, None, (1, 0.0));
        assert!(!found.iter().any(|f| f.contains("closes its section")), "{found:?}");
    }

    /// Splits `units` into two pages by hand, the second from unit `at`.
    fn split_at(units: &[Unit], g: &Geometry, at: usize) -> Vec<Page> {
        let place = |r: std::ops::Range<usize>| {
            let mut y = g.top;
            r.map(|i| {
                let top = y;
                y += units[i].height;
                (i, top)
            })
            .collect()
        };
        vec![
            Page { placed: place(0..at), ..Page::default() },
            Page { placed: place(at..units.len()), ..Page::default() },
        ]
    }

    #[test]
    fn a_split_table_keeps_three_body_rows_on_each_side_a_total_row_counting_for_none() {
        let g = Geometry::new(false);
        let room = g.body_height();
        // A table one page and two rows long, its last row a total (litware's payment
        // schedule): the last three body rows go on with the total, not two.
        let fit = (room / 20.0) as usize - 1;
        let mut units = table(fit + 3, 2);
        rules(&mut units, None, room, true);
        let pages = paginate(&units, &g, 0.0);
        let body = |p: &Page| p.placed.iter().filter(|(u, _)| units[*u].part == (Part::Row { total: false })).count();
        assert_eq!(pages.len(), 2);
        assert!(body(&pages[0]) >= MIN_ROWS && body(&pages[1]) >= MIN_ROWS, "{:?}", pages[1].placed);
        // Two body rows and the total on the second page: the audit sends it back.
        let found = super::super::audit::audit(&units, &split_at(&units, &g, units.len() - 3), &g, None, (1, 0.0));
        assert!(found.iter().any(|f| f.contains("split leaving 2 rows")), "{found:?}");
        assert!(pages[0].placed.len() < fit + 1, "the rule moved rows on");
    }

    /// A list of `items` items of `lines` lines each, group `group`.
    fn list(items: usize, lines: usize, group: u32) -> Vec<Unit> {
        (0..items * lines).map(|k| Unit { item: k % lines == 0, group, ..Unit::new(14.0, 0.0) }).collect()
    }

    #[test]
    fn a_list_splits_leaving_two_items_on_each_side_and_a_short_one_moves_whole() {
        let g = Geometry::new(false);
        let room = g.body_height();
        // Three items after a page with room for one: the list moves whole.
        let mut units = vec![Unit { group: 1, ..Unit::new(room - 20.0, 0.0) }];
        units.extend(list(3, 1, 2));
        rules(&mut units, None, room, true);
        assert_eq!(paginate(&units, &g, 0.0)[0].placed.len(), 1, "the three items move on together");
        let found = super::super::audit::audit(&units, &split_at(&units, &g, 2), &g, None, (1, 0.0));
        assert!(found.iter().any(|f| f.contains("leaving 1 of its 3 items")), "{found:?}");
        // Eight items of two lines with room for seven lines: three items stay, and the last
        // item never opens the next page alone (kansai's last term).
        let mut units = vec![Unit { group: 1, ..Unit::new(room - 7.0 * 14.0 - 1.0, 0.0) }];
        units.extend(list(8, 2, 2));
        rules(&mut units, None, room, true);
        let pages = paginate(&units, &g, 0.0);
        let items = |p: &Page| p.placed.iter().filter(|(u, _)| units[*u].item).count();
        assert!(items(&pages[0]) >= LIST_ITEMS && items(&pages[1]) >= LIST_ITEMS);
        let found = super::super::audit::audit(&units, &split_at(&units, &g, units.len() - 2), &g, None, (1, 0.0));
        assert!(found.iter().any(|f| f.contains("leaving 1 of its 8 items")), "{found:?}");
    }

    #[test]
    fn a_comparison_table_splits_between_its_groups_rather_than_leave_a_quarter_of_its_page_empty() {
        let g = Geometry::new(false);
        let room = g.body_height();
        // Four price rows and nine scope rows (tailspin's options at a glance), each `row` high.
        let compare = |group, row: f32| {
            let mut t = table(13, group);
            t[0].compare = true;
            t[4].group_end = true;
            t.iter_mut().for_each(|u| {
                u.part = if u.part == Part::Head { Part::Head } else { Part::Row { total: false } };
                u.height = row;
            });
            t
        };
        // After 60 % of a page it does not fit whole: moved on whole, it would leave 40 % of the
        // page empty (issue 15: tailspin's page 2 ended a third empty), so it splits where its
        // prices end, the scope going on under the repeated header.
        let mut units = vec![Unit { group: 1, ..Unit::new(room * 0.6, 0.0) }];
        units.extend(compare(2, 20.0));
        rules(&mut units, None, room, true);
        let pages = paginate(&units, &g, 0.0);
        assert_eq!((pages[0].placed.len(), pages[1].placed[0].0), (6, 6), "{:?}", pages[0].placed);
        let found = super::super::audit::audit(&units, &pages, &g, None, (1, 0.0));
        assert!(!found.iter().any(|f| f.contains("comparison")), "{found:?}");
        // After 80 %, it moves on whole; split, the audit sends it back.
        let mut units = vec![Unit { group: 1, ..Unit::new(room * 0.8, 0.0) }];
        units.extend(compare(2, 20.0));
        rules(&mut units, None, room, true);
        let pages = paginate(&units, &g, 0.0);
        assert_eq!((pages[0].placed.len(), pages[1].placed[0].0), (1, 1), "{:?}", pages[0].placed);
        let found = super::super::audit::audit(&units, &pages, &g, None, (1, 0.0));
        assert!(!found.iter().any(|f| f.contains("comparison")), "{found:?}");
        let found = super::super::audit::audit(&units, &split_at(&units, &g, 6), &g, None, (1, 0.0));
        assert!(found.iter().any(|f| f.contains("would have moved whole leaving this page 80 % full")), "{found:?}");
        // A group of fewer than `MIN_ROWS` rows never stands alone: two price rows keep with
        // the scope, and the table moves whole.
        let mut units = vec![Unit { group: 1, ..Unit::new(room * 0.6, 0.0) }];
        let mut two = compare(2, 20.0);
        two[4].group_end = false;
        two[2].group_end = true;
        units.extend(two);
        rules(&mut units, None, room, true);
        assert!(units.iter().take(units.len() - 1).skip(1).all(|u| u.keep_next));
        // Taller than a page, it splits where its prices end, never inside a group of rows.
        let mut units = vec![Unit { group: 1, ..Unit::new(room * 0.2, 0.0) }];
        units.extend(compare(2, room / 12.0));
        rules(&mut units, None, room, true);
        let pages = paginate(&units, &g, 0.0);
        assert_eq!(pages[1].placed[0].0, 6, "the scope rows open page 2: {:?}", pages[0].placed);
        let found = super::super::audit::audit(&units, &pages, &g, None, (1, 0.0));
        assert!(!found.iter().any(|f| f.contains("comparison")), "{found:?}");
        let found = super::super::audit::audit(&units, &split_at(&units, &g, 9), &g, None, (1, 0.0));
        assert!(found.iter().any(|f| f.contains("inside a group of its rows")), "{found:?}");
    }

    #[test]
    fn a_section_heading_and_its_introduction_never_end_a_page() {
        let g = Geometry::new(false);
        let room = g.body_height();
        let heading = |group| Unit { part: Part::Heading, keep_next: true, group, ..Unit::new(24.0, 0.0) };
        let intro = |group, lines: usize| {
            (0..lines).map(move |_| Unit { part: Part::Intro, keep_next: true, group, ..Unit::new(14.0, 0.0) })
        };
        // After `fill` of a page: "4 Pricing" and its introduction, then "4.1 Options", its own
        // introduction and a comparison table of 13 rows that fits on a page but not on this
        // one, its four price rows a group (tailspin's page 2).
        let section = |fill: f32| {
            let mut units = vec![Unit { group: 1, ..Unit::new(room * fill, 0.0) }, heading(2)];
            units.extend(intro(3, 2));
            units.push(heading(4));
            units.extend(intro(5, 2));
            let mut compare = table(13, 6);
            compare[0].compare = true;
            compare[4].group_end = true;
            compare
                .iter_mut()
                .for_each(|u| u.part = if u.part == Part::Head { Part::Head } else { Part::Row { total: false } });
            units.extend(compare);
            units
        };
        // After 55 %: both headings, their introductions and the prices fill the page.
        let mut units = section(0.55);
        rules(&mut units, None, room, true);
        let pages = paginate(&units, &g, 0.0);
        assert_eq!((pages[0].placed.len(), pages[1].placed[0].0), (12, 12), "{:?}", pages[0].placed);
        let found = super::super::audit::audit(&units, &pages, &g, None, (1, 0.0));
        let sent_back = ["heading", "comparison", "split", "full"];
        assert!(!found.iter().any(|f| sent_back.iter().any(|s| f.contains(s))), "{found:?}");
        // "4 Pricing" and its two lines alone at the page's foot: the audit sends it back.
        let found = super::super::audit::audit(&units, &split_at(&units, &g, 4), &g, None, (1, 0.0));
        assert!(found.iter().any(|f| f.contains("ends with the heading")), "{found:?}");
        // After 85 %, not even the headings, introductions and prices fit: all moves on.
        let mut units = section(0.85);
        rules(&mut units, None, room, true);
        assert_eq!(paginate(&units, &g, 0.0)[0].placed.len(), 1);
    }

    #[test]
    fn a_chart_goes_on_between_its_parts_rather_than_leave_a_quarter_of_its_page_empty() {
        let g = Geometry::new(false);
        let room = g.body_height();
        let chart = |group| {
            let axis = std::rc::Rc::new(Unit::new(26.0, 0.0));
            let label = std::rc::Rc::new(Unit::new(12.0, 0.0));
            (0..2).map(move |k| Unit {
                part: Part::Chart { bars: std::rc::Rc::new([]) },
                repeat: (k > 0).then(|| axis.clone()),
                continued: (k > 0).then(|| label.clone()),
                group,
                ..Unit::new(room * 0.25, 0.0)
            })
        };
        let heading = Unit { part: Part::Heading, keep_next: true, group: 2, ..Unit::new(20.0, 0.0) };
        // After 60 % of a page: the heading and the first part fill it, the second goes on.
        let mut units = vec![Unit { group: 1, ..Unit::new(room * 0.6, 0.0) }, heading.clone()];
        units.extend(chart(3));
        rules(&mut units, None, room, true);
        let pages = paginate(&units, &g, 0.0);
        assert_eq!((pages[0].placed.len(), pages[1].placed[0].0), (3, 3), "{:?}", pages[0].placed);
        let found = super::super::audit::audit(&units, &pages, &g, None, (1, 0.0));
        assert!(!found.iter().any(|f| f.contains("chart") || f.contains("full")), "{found:?}");
        let mut bare = units.clone();
        bare[3].continued = None;
        let found = super::super::audit::audit(&bare, &pages, &g, None, (1, 0.0));
        assert!(found.iter().any(|f| f.contains("without its axis and label")), "{found:?}");
        // After 80 %, it moves on whole; split, the audit sends it back.
        let mut units = vec![Unit { group: 1, ..Unit::new(room * 0.8, 0.0) }, heading];
        units.extend(chart(3));
        rules(&mut units, None, room, true);
        assert_eq!(paginate(&units, &g, 0.0)[0].placed.len(), 1);
        let found = super::super::audit::audit(&units, &split_at(&units, &g, 3), &g, None, (1, 0.0));
        assert!(found.iter().any(|f| f.contains("would have moved whole")), "{found:?}");
    }
}
