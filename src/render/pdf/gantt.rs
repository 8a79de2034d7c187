//! The timeline as a Gantt chart drawn in vectors, in place of the Markdown's Mermaid block:
//! one bar per phase against a date axis (weeks, months or quarters under a year band, see
//! `axis`), rows grouped by engagement under section bands, milestones as diamonds just past
//! their bar's end (an interim one, part of a long phase's payment, inside its bar, dated
//! beside it there and named in the legend), and each finite bar's end date beside it. A
//! long ongoing service after the set-up work does not squash it: the plotted window ends a
//! little after the set-up phases, and the service's bar fades out at the edge with its end
//! date; so does one whose term ends with the window (a retainer's six months), since it runs
//! on month to month after it. The legend stands on the year band's line where it clears the
//! years, under the plot otherwise. A chart of several engagements comes in parts, cut before an engagement's band,
//! each later one repeating the axis when it opens a page. Drawn from the proposal model's phases and milestones, the same data the
//! Mermaid block is written from.

pub(crate) mod axis;

use super::blocks::Run;
use super::bounds::{ASCENT, DESCENT};
use super::draw::{Draw, Part, Unit};
use super::fonts::{Fonts, Style};
use super::style::{Rgb, Theme};
use super::text::{wrap, TextLine, TextStyle};
use crate::diag::{Diagnostic, Error, Result};
use crate::proposal::Proposal;
use axis::Grain;
use chrono::{Datelike, Days, NaiveDate};

const ROW: f32 = 13.0;
/// A chart goes on over a page only where each part keeps at least this many phases.
const MIN_ROWS: usize = super::audit::MIN_ROWS;

/// A legend item's mark: a bar's colour, the milestone diamond, or an interim milestone's
/// (haloed in white on its bar).
enum Swatch {
    Bar(Rgb),
    Diamond,
    Interim,
}
const BAR: f32 = 8.5;
/// The year band and the tick labels above the plot.
const AXIS: f32 = 26.0;
const LEGEND: f32 = 14.0;
/// The thinnest row: 4.8 pt type.
const MIN_PITCH: f32 = 5.0;
/// The tick labels' and the bar labels' type size.
const TICK: f32 = 7.0;
const BAR_LABEL: f32 = 6.5;
/// The smallest a date inside a bar is set.
const MIN_LABEL: f32 = 4.5;
/// How much longer than the set-up work an ongoing tail must be to be cut short.
const TAIL: i64 = 2;
/// Where the fade of a bar running on past the window starts, before the plot's edge.
const FADE: f32 = 14.0;

fn span(fonts: &Fonts, text: &str, style: Style, size: f32, color: Rgb) -> TextLine {
    super::text::line(fonts, text, style, size, color)
}

/// A row's label, wrapped in `width`.
fn label(fonts: &Fonts, text: &str, style: Style, size: f32, color: Rgb, width: f32) -> Vec<TextLine> {
    let ts = TextStyle { size, leading: size * 1.2, color, link: color, bold: style.bold(), italic: false };
    wrap(fonts, &[Run::new(text, style)], &ts, width)
}

/// The last day the chart plots: the timeline's end, or, when the timeline runs over a year
/// and ongoing services run on more than `TAIL` times as long as the finite phases and
/// milestones take, a quarter of that set-up span (at least a month) after it.
pub(crate) fn window_end(p: &Proposal, first: NaiveDate, last: NaiveDate) -> NaiveDate {
    let finite = p.offer.phases.iter().filter(|ph| !ph.ongoing).map(|ph| ph.end);
    let Some(core) = finite.chain(p.offer.milestones.iter().map(|m| m.date)).max() else {
        return last;
    };
    let setup = (core - first).num_days().max(1);
    if (last - first).num_days() <= 366 || (last - core).num_days() <= TAIL * setup {
        return last;
    }
    let margin = (setup / 4).max(31) as u64;
    core.checked_add_days(Days::new(margin)).unwrap_or(core).min(last)
}

/// Whether `phase`'s bar runs on past the chart's last day `shown_end`: it ends after it (a
/// long managed service, the window cut short), or it is an ongoing service (a retainer, a
/// managed service) that ends with the window, on the term's assumed end, and then runs on
/// month to month (fabrikam's retainer stopped hard at "29 Sep"). Its bar fades out at the
/// edge and names that end: "→ 29 Sep 2026".
pub(crate) fn runs_on(phase: &crate::proposal::PhaseView, shown_end: NaiveDate) -> bool {
    phase.end > shown_end || phase.ongoing && phase.end == shown_end
}

/// The height a chart may take, and how thin its rows (and with them their type) may get to
/// fit it.
#[derive(Debug, Clone, Copy)]
pub struct Room {
    pub height: f32,
    min_pitch: f32,
}

impl Room {
    /// A page's height: rows thin down to 4.8 pt type rather than the chart not fitting at all.
    pub fn page(height: f32) -> Room {
        Room { height, min_pitch: MIN_PITCH }
    }

    /// Less than a page, to open on an under-filled page rather than the next one: worth it
    /// only while the rows' type stays at the tick labels' 7 pt (a reviewer could not read
    /// northwind's chart squeezed to 4.5 pt).
    pub fn optional(height: f32) -> Room {
        Room { height, min_pitch: ROW * TICK / 8.0 }
    }
}

/// The chart, `width` wide at `x` and at most `room` tall (rows get thinner when there are
/// many), as one unit, or, with several engagements, one part per run of them that may go on
/// over a page (`parts`); nothing when there are no phases. A chart that
/// would not fit even with the thinnest rows `room` allows is refused.
pub fn layout(fonts: &Fonts, t: &Theme, p: &Proposal, x: f32, width: f32, room: Room) -> Result<Vec<Unit>> {
    let (max_height, min_pitch) = (room.height, room.min_pitch);
    let phases = &p.offer.phases;
    let (Some(first), Some(last)) = (
        phases.iter().map(|ph| ph.start).chain(p.offer.milestones.iter().map(|m| m.date)).min(),
        phases.iter().map(|ph| ph.end).chain(p.offer.milestones.iter().map(|m| m.date)).max(),
    ) else {
        return Ok(Vec::new());
    };
    let locale = p.proposal.locale;
    let shown_end = window_end(p, first, last);
    let grain = axis::grain(first, shown_end);
    let (axis_start, axis_end) = axis::bounds(grain, first, shown_end);
    let days = (axis_end - axis_start).num_days().max(1) as f32;

    // Rows: an engagement label row when there are several engagements, then its phases.
    enum Row<'a> {
        Group(&'a str),
        Phase(usize),
    }
    let several = p.offer.engagements.len() > 1;
    let mut rows = Vec::new();
    for (ei, e) in p.offer.engagements.iter().enumerate() {
        let mine: Vec<usize> = (0..phases.len()).filter(|i| phases[*i].engagement == ei).collect();
        if mine.is_empty() {
            continue;
        }
        if several {
            rows.push(Row::Group(e.title.as_str()));
        }
        rows.extend(mine.into_iter().map(Row::Phase));
    }

    // The legend's items, with the width they take in a line.
    let mut items: Vec<(Swatch, &str)> = vec![(Swatch::Bar(t.accent), p.pdf_labels.phase.as_str())];
    if phases.iter().any(|ph| ph.ongoing) {
        items.push((Swatch::Bar(t.accent.tint(0.4)), p.pdf_labels.ongoing.as_str()));
    }
    if p.offer.milestones.iter().any(|m| !m.interim) {
        items.push((Swatch::Diamond, p.pdf_labels.milestone.as_str()));
    }
    if p.offer.milestones.iter().any(|m| m.interim) {
        items.push((Swatch::Interim, p.pdf_labels.interim.as_str()));
    }
    let legend: Vec<(Swatch, TextLine)> =
        items.into_iter().map(|(sw, text)| (sw, span(fonts, text, Style::Regular, 7.5, t.muted))).collect();
    let legend_w: f32 = legend.iter().map(|(_, s)| 14.0 + s.width + 16.0).sum::<f32>() - 16.0;
    // The legend stands right-aligned on the year band's line when it clears the band's years
    // and year ticks (the plot starting `label_w` in), under the plot otherwise: the height
    // it adds under the plot.
    let plot_end = x + width;
    let legend_below = |label_w: f32| {
        let (plot_x, plot_w) = (x + label_w, width - label_w);
        let at = |d: NaiveDate| plot_x + plot_w * ((d - axis_start).num_days() as f32 / days).clamp(0.0, 1.0);
        let years = year_labels(fonts, t, (axis_start, axis_end), &at, plot_end);
        let band_end =
            years.iter().map(|(x0, _, l)| x0 + 2.5 + l.as_ref().map_or(0.0, |l| l.width)).fold(plot_x, f32::max);
        if plot_end - legend_w >= band_end + 12.0 {
            0.0
        } else {
            6.0 + LEGEND
        }
    };

    // Labels wrap in their column; a row is as tall as its label. Rows get thinner (type
    // smaller) until the chart fits a page; one that cannot is refused.
    let indent = if several { 8.0 } else { 2.0 };
    let mut pitch = ROW.min((max_height - AXIS - 6.0 - LEGEND) / rows.len().max(1) as f32).max(min_pitch);
    let (size, lead, label_w, row_labels, heights, below) = loop {
        let size = 8.0 * (pitch / ROW).max(0.6);
        let lead = size * 1.2;
        let label_w = phases
            .iter()
            .map(|ph| super::text::width(fonts, &ph.name, Style::Regular, size))
            .fold(60.0f32, f32::max)
            .min(width * 0.34)
            + indent
            + 8.0;
        let labels: Vec<Vec<TextLine>> = rows
            .iter()
            .map(|row| match row {
                Row::Group(title) => label(fonts, title, Style::Bold, size, t.accent, width - 6.0),
                Row::Phase(pi) => label(fonts, &phases[*pi].name, Style::Regular, size, t.ink, label_w - indent - 6.0),
            })
            .collect();
        let heights: Vec<f32> = labels.iter().map(|l| pitch + l.len().saturating_sub(1) as f32 * lead).collect();
        let below = legend_below(label_w);
        if AXIS + heights.iter().sum::<f32>() + below <= max_height {
            break (size, lead, label_w, labels, heights, below);
        }
        if pitch <= min_pitch {
            return Err(Error::Input(Box::new(
                Diagnostic::new(format!("the timeline chart has {} rows, more than one page holds", rows.len()))
                    .help("give fewer engagements, or shorter engagement titles (`engagement.title`)"),
            )));
        }
        pitch = (pitch * 0.9).max(min_pitch);
    };
    let bar = BAR * pitch / ROW;
    let plot_x = x + label_w;
    let plot_w = width - label_w;
    let at = |d: NaiveDate| plot_x + plot_w * ((d - axis_start).num_days() as f32 / days).clamp(0.0, 1.0);

    let plot_top = AXIS;
    let tops: Vec<f32> = heights
        .iter()
        .scan(plot_top, |at, h| {
            let top = *at;
            *at += h;
            Some(top)
        })
        .collect();
    let plot_bottom = plot_top + heights.iter().sum::<f32>();
    let years = year_labels(fonts, t, (axis_start, axis_end), &at, plot_end);
    let height = plot_bottom + below;
    let mut u = Unit::new(height, 0.0);
    let d = &mut u.draws;

    // Row bands behind everything.
    for (i, row) in rows.iter().enumerate() {
        if matches!(row, Row::Phase(_)) && i % 2 == 1 {
            d.push(Draw::Rect { x, y: tops[i], w: width, h: heights[i], fill: t.zebra });
        }
    }
    draw_axis(fonts, t, d, (grain, locale), (axis_start, axis_end), years, &at, (x, plot_end, plot_top, plot_bottom));

    // Section bands over the grid: an engagement's title reads across the whole chart.
    for (i, row) in rows.iter().enumerate() {
        if let Row::Group(_) = row {
            d.push(Draw::Rect { x, y: tops[i], w: width, h: heights[i], fill: t.accent_wash });
        }
    }

    // Bars and labels, top to bottom, then the milestones on their engagement's rows.
    let mut engagement_rows: Vec<(usize, f32, NaiveDate, NaiveDate, f32)> = Vec::new();
    let mut bars = Vec::new();
    let mut ends = Vec::new();
    for (i, (row, lines)) in rows.iter().zip(row_labels).enumerate() {
        let (top, h) = (tops[i], heights[i]);
        let text_y = top + pitch / 2.0 + size * 0.35;
        let left = match row {
            Row::Group(_) => x + 2.0,
            Row::Phase(_) => x + indent,
        };
        for (li, l) in lines.into_iter().enumerate() {
            d.push(Draw::Text { x: left, y: text_y + li as f32 * lead, spans: l.spans });
        }
        if let Row::Phase(pi) = row {
            let ph = &phases[*pi];
            let x0 = at(ph.start);
            let runs_on = runs_on(ph, shown_end);
            let x1 = at(ph.end.succ_opt().unwrap_or(ph.end)).max(x0 + 3.0);
            let fill = if ph.ongoing { t.accent.tint(0.4) } else { t.accent };
            let y = top + (h - bar) / 2.0;
            if runs_on {
                // The bar fades out at the window's edge: the service goes on past it.
                let solid = (plot_end - FADE - x0).max(3.0);
                d.push(Draw::Rect { x: x0, y, w: solid, h: bar, fill });
                for (k, amount) in [0.28f32, 0.18, 0.09].iter().enumerate() {
                    let fx = x0 + solid + k as f32 * FADE / 3.0;
                    d.push(Draw::Rect { x: fx, y, w: FADE / 3.0, h: bar, fill: t.accent.tint(*amount) });
                }
                bars.push([x0, y, solid + FADE, bar]);
            } else {
                d.push(Draw::Rect { x: x0, y, w: x1 - x0, h: bar, fill });
                bars.push([x0, y, x1 - x0, bar]);
            }
            engagement_rows.push((ph.engagement, top + h / 2.0, ph.start, ph.end, x1));
            let ground = if i % 2 == 1 { t.zebra } else { t.white };
            ends.push((ph.end, runs_on, ph.ongoing, x0, if runs_on { plot_end } else { x1 }, y, ground));
        }
    }
    let mark = t.accent.shade(0.45);
    let mut after_mark = vec![0.0f32; ends.len()];
    // Interim milestones, dated inside their bar once the end dates are placed.
    let mut interim: Vec<(usize, f32, f32, NaiveDate)> = Vec::new();
    for m in &p.offer.milestones {
        // Just past the end of the engagement's phase that ends on the date (or else spans it).
        let mine = || engagement_rows.iter().enumerate().filter(|(_, r)| r.0 == m.engagement);
        let row = mine()
            .find(|(_, r)| r.3 == m.date)
            .or_else(|| mine().find(|(_, r)| r.2 <= m.date && m.date <= r.3))
            .or_else(|| mine().next_back());
        if let Some((ri, &(_, cy, _, end, x1))) = row {
            let r = 4.4 * pitch / ROW;
            let cx = if end == m.date { x1 + r + 1.2 } else { at(m.date.succ_opt().unwrap_or(m.date)) };
            // A milestone on the axis's last day stays inside the chart.
            let cx = cx.min(plot_end - r - 1.2);
            d.push(Draw::Diamond { x: cx, y: cy, r: r + 1.2, fill: t.white });
            d.push(Draw::Diamond { x: cx, y: cy, r, fill: mark });
            after_mark[ri] = after_mark[ri].max(cx + r + 1.2 - x1);
            if m.interim {
                interim.push((ri, cx + r + 1.2, cx - r - 1.2, m.date));
            }
        }
    }
    // End dates: beside a finite bar (past its milestone) where there is room, else inside
    // it when it is wide enough; a bar that runs on past the window names its end inside.
    let mut inside_at = vec![f32::MAX; ends.len()];
    for (k, &(end, runs_on, ongoing, x0, x1, y, ground)) in ends.iter().enumerate() {
        let text = locale.short_date(end);
        // A date past the window's year has its year, in the chart's short month names.
        let text = if runs_on { format!("\u{2192}\u{a0}{}", locale.short_date_year(end)) } else { text };
        // Type that fits the bar: thinner rows, smaller dates. The baseline sits 0.35 em
        // below the bar's middle, so the text's box (to its descender) stays inside the bar.
        let size = BAR_LABEL.min(bar / (2.0 * (DESCENT + 0.35)));
        let base = y + bar / 2.0 + size * 0.35;
        let beside = span(fonts, &text, Style::Regular, size, t.muted);
        // Dark on an ongoing service's pale bar (white there was all but unreadable in print).
        let inside_color = if runs_on || ongoing { t.ink } else { t.white };
        let inside = span(fonts, &text, Style::Regular, size, inside_color);
        let bx = x1 + after_mark[k].max(0.0) + 2.5;
        let fits_inside_at = if runs_on { x1 - FADE - 3.0 - inside.width } else { x1 - 3.0 - inside.width };
        let before_at = x0 - 3.0 - beside.width;
        // A knock-out in the row's own colour, over the text's box as the audit reads it
        // (the font's ascender to its descender): the grid lines stop under the date.
        let (top, bottom) = (base - size * ASCENT, base + size * DESCENT);
        let beside_at = |d: &mut Vec<Draw>, at: f32| {
            let w = (beside.width + 3.0).min(plot_end - at + 1.5);
            d.push(Draw::Rect { x: at - 1.5, y: top, w, h: bottom - top, fill: ground });
            d.push(Draw::Text { x: at, y: base, spans: beside.spans.clone() });
        };
        if !runs_on && bx + beside.width <= plot_end {
            beside_at(d, bx);
        } else if fits_inside_at >= x0 + 3.0 && size >= MIN_LABEL {
            inside_at[k] = fits_inside_at;
            d.push(Draw::Text { x: fits_inside_at, y: base, spans: inside.spans });
        } else if before_at >= plot_x + 3.0 {
            // Neither after the bar nor in it: before it, where the row is still empty.
            beside_at(d, before_at);
        }
    }

    // An interim milestone's date inside its bar, after the diamond (or before it), clear of
    // the bar's ends and of an end date set inside it; where it fits neither, the legend
    // says what the diamond is.
    for (k, after, before, date) in interim {
        let (_, runs_on, ongoing, x0, x1, y, _) = ends[k];
        let size = BAR_LABEL.min(bar / (2.0 * (DESCENT + 0.35)));
        let color = if runs_on || ongoing { t.ink } else { t.white };
        let text = span(fonts, &locale.short_date(date), Style::Regular, size, color);
        let limit = inside_at[k].min(if runs_on { x1 - FADE } else { x1 }) - 3.0;
        let at = if after + 2.0 + text.width <= limit {
            Some(after + 2.0)
        } else {
            (before - 2.0 - text.width >= x0 + 3.0).then_some(before - 2.0 - text.width)
        };
        if let Some(at) = at.filter(|_| size >= MIN_LABEL) {
            d.push(Draw::Text { x: at, y: y + bar / 2.0 + size * 0.35, spans: text.spans });
        }
    }

    // Legend.
    let (mut lx, ly) =
        if below == 0.0 { (plot_end - legend_w, plot_top - 20.5) } else { (plot_x, plot_bottom + 6.0 + LEGEND / 2.0) };
    for (swatch, label) in legend {
        match swatch {
            Swatch::Bar(fill) => d.push(Draw::Rect { x: lx, y: ly - 3.5, w: 10.0, h: 7.0, fill }),
            Swatch::Diamond => d.push(Draw::Diamond { x: lx + 5.0, y: ly, r: 4.4, fill: mark }),
            Swatch::Interim => d.extend([
                Draw::Rect { x: lx - 1.0, y: ly - 3.5, w: 12.0, h: 7.0, fill: t.accent },
                Draw::Diamond { x: lx + 5.0, y: ly, r: 4.6, fill: t.white },
                Draw::Diamond { x: lx + 5.0, y: ly, r: 3.4, fill: mark },
            ]),
        }
        let w = label.width;
        d.push(Draw::Text { x: lx + 14.0, y: ly + 2.6, spans: label.spans });
        lx += 14.0 + w + 16.0;
    }
    // Where the chart may go on over a page: before an engagement's band, each part keeping
    // `MIN_ROWS` phases.
    let phase_rows = |r: std::ops::Range<usize>| rows[r].iter().filter(|row| matches!(row, Row::Phase(_))).count();
    let mut cuts = Vec::new();
    let mut from = 0;
    for (i, row) in rows.iter().enumerate().skip(1) {
        if matches!(row, Row::Group(_)) && phase_rows(from..i) >= MIN_ROWS && phase_rows(i..rows.len()) >= MIN_ROWS {
            cuts.push(tops[i]);
            from = i;
        }
    }
    Ok(parts(u, bars, &cuts))
}

/// The chart `whole` (its `bars`) in parts cut at the heights `cuts`, between rows: the first
/// holds the axis, each other repeats it (`Unit::repeat`) when it opens a page, so a chart
/// that goes on over a page is read against its dates there too (`keep::rules` says when).
fn parts(mut whole: Unit, bars: Vec<[f32; 4]>, cuts: &[f32]) -> Vec<Unit> {
    let bounds: Vec<f32> = std::iter::once(0.0).chain(cuts.iter().copied()).chain([whole.height]).collect();
    // A draw's part, by its middle (a text's: a little above its baseline); a vertical grid
    // line is cut at the parts' bounds.
    let middle = |d: &Draw| match *d {
        Draw::Text { y, .. } => y - 2.0,
        Draw::Rect { y, h, .. } => y + h / 2.0,
        Draw::Line { y1, y2, .. } => y1.min(y2),
        Draw::Diamond { y, .. } | Draw::Dot { y, .. } => y,
        _ => 0.0,
    };
    let clip = |d: &Draw, lo: f32, hi: f32| -> Option<Draw> {
        match *d {
            Draw::Line { x1, y1, x2, y2, width, color } if (x1 - x2).abs() < 0.01 && y1 != y2 => {
                let (top, bottom) = (y1.min(y2).max(lo), y1.max(y2).min(hi));
                (top < bottom).then_some(Draw::Line { x1, y1: top - lo, x2, y2: bottom - lo, width, color })
            }
            _ => (lo..hi).contains(&middle(d)).then(|| d.moved(-lo)),
        }
    };
    let axis = std::rc::Rc::new(Unit {
        draws: whole.draws.iter().filter_map(|d| clip(d, 0.0, AXIS)).collect(),
        ..Unit::new(AXIS, 0.0)
    });
    let mut out = Vec::new();
    for (k, w) in bounds.windows(2).enumerate() {
        let (lo, hi) = (w[0], if k + 2 == bounds.len() { f32::MAX } else { w[1] });
        let mine: Vec<[f32; 4]> = bars
            .iter()
            .filter(|[_, y, _, h]| (lo..hi).contains(&(y + h / 2.0)))
            .map(|[x, y, w, h]| [*x, y - lo, *w, *h])
            .collect();
        let mut u = Unit {
            draws: whole.draws.iter().filter_map(|d| clip(d, lo, hi)).collect(),
            part: Part::Chart { bars: mine.into() },
            repeat: (k > 0).then(|| axis.clone()),
            ..Unit::new(w[1] - w[0], 0.0)
        };
        if k == 0 {
            u.gap = whole.gap;
        }
        out.push(u);
    }
    if out.len() == 1 {
        whole.part = Part::Chart { bars: bars.into() };
        return vec![whole];
    }
    out
}

/// The grid lines, the tick labels (thinned so none overlap) and the year band above them
/// (`years`, from [`year_labels`]).
/// `frame` is the chart's left and right edges and the plot's top and bottom.
#[allow(clippy::too_many_arguments)]
fn draw_axis(
    fonts: &Fonts,
    t: &Theme,
    d: &mut Vec<Draw>,
    (grain, locale): (Grain, crate::money::Locale),
    (start, end): (NaiveDate, NaiveDate),
    years: Vec<(f32, bool, Option<TextLine>)>,
    at: &dyn Fn(NaiveDate) -> f32,
    (left, right, top, bottom): (f32, f32, f32, f32),
) {
    let ticks = axis::ticks(grain, start, end);
    let labels: Vec<TextLine> =
        ticks.iter().map(|tk| span(fonts, &axis::label(grain, locale, *tk), Style::Regular, TICK, t.muted)).collect();
    let xs: Vec<f32> = ticks.iter().map(|tk| at(*tk) + 2.5).collect();
    let widths: Vec<f32> = labels.iter().map(|l| l.width).collect();
    let step = axis::thinning(&xs, &widths, 4.0, right);
    for (i, (tk, l)) in ticks.iter().zip(labels).enumerate() {
        let gx = at(*tk);
        d.push(Draw::Line { x1: gx, y1: top - 4.0, x2: gx, y2: bottom, width: 0.4, color: t.rule });
        if i % step == 0 && xs[i] + l.width <= right {
            d.push(Draw::Text { x: xs[i], y: top - 7.0, spans: l.spans });
        }
    }
    // The closing grid line's stroke stays inside the chart.
    let end_x = at(end) - 0.2;
    d.push(Draw::Line { x1: end_x, y1: top - 4.0, x2: end_x, y2: bottom, width: 0.4, color: t.rule });
    d.push(Draw::Line { x1: left, y1: top, x2: right, y2: top, width: 0.7, color: t.muted });

    // The year band: each year's stretch of the axis, its year at its start (or the axis's),
    // a tick where a year begins.
    let band = top - 18.0;
    for (x0, tick, label) in years {
        if tick {
            d.push(Draw::Line { x1: x0, y1: band - 8.0, x2: x0, y2: top - 4.0, width: 0.6, color: t.muted });
        }
        if let Some(l) = label {
            d.push(Draw::Text { x: x0 + 2.5, y: band, spans: l.spans });
        }
    }
}

/// The year band's years from `start` to `end`: where each starts on the axis, whether a
/// tick marks it (a year that begins inside the axis), and its label where the year's
/// stretch holds it.
fn year_labels(
    fonts: &Fonts,
    t: &Theme,
    (start, end): (NaiveDate, NaiveDate),
    at: &dyn Fn(NaiveDate) -> f32,
    right: f32,
) -> Vec<(f32, bool, Option<TextLine>)> {
    let mut out = Vec::new();
    let mut year = start.year();
    while let Some(from) = NaiveDate::from_ymd_opt(year, 1, 1) {
        if from >= end {
            break;
        }
        let x0 = at(from.max(start));
        let next = NaiveDate::from_ymd_opt(year + 1, 1, 1).map_or(end, |n| n.min(end));
        let l = span(fonts, &year.to_string(), Style::Bold, TICK, t.ink);
        let fits = x0 + 2.5 + l.width <= at(next).min(right);
        out.push((x0, from > start, fits.then_some(l)));
        year += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::style::DEFAULT_ACCENT;
    use super::*;

    fn proposal(example: &str, sets: &[&str]) -> Proposal {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples").join(example);
        let source = crate::intake::read(&path).unwrap();
        let sets: Vec<String> = sets.iter().map(|s| s.to_string()).collect();
        let source = crate::intake::set::apply(&source, &sets).unwrap();
        crate::build(&source, &crate::catalog::Catalog::embedded().unwrap()).unwrap()
    }

    fn texts(u: &Unit) -> Vec<(f32, f32, f32, String)> {
        u.draws
            .iter()
            .filter_map(|d| match d {
                Draw::Text { x, y, spans } => {
                    let w: f32 = spans.iter().map(|s| s.width).sum();
                    Some((*x, *y, w, spans.iter().map(|s| s.text.as_str()).collect()))
                }
                _ => None,
            })
            .collect()
    }

    /// The chart's parts one under the other, as one unit.
    fn joined(units: &[Unit]) -> Unit {
        let (mut whole, mut bars) = (Unit::new(0.0, 0.0), Vec::new());
        for u in units {
            whole.draws.extend(u.draws.iter().map(|d| d.moved(whole.height)));
            if let Part::Chart { bars: mine } = &u.part {
                bars.extend(mine.iter().map(|[x, y, w, h]| [*x, y + whole.height, *w, *h]));
            }
            whole.height += u.height;
        }
        whole.part = Part::Chart { bars: bars.into() };
        whole
    }

    #[test]
    fn a_chart_of_several_engagements_goes_on_between_them_with_its_axis_repeated() {
        let fonts = Fonts::embedded_only();
        let t = Theme::new(DEFAULT_ACCENT);
        let p = proposal("northwind-migration.toml", &[]);
        let units = layout(&fonts, &t, &p, 64.0, 467.0, Room::page(700.0)).unwrap();
        assert_eq!(units.len(), 2, "cut before the second engagement's band");
        let said = |u: &Unit| texts(u).into_iter().map(|(_, _, _, s)| s).collect::<Vec<_>>();
        assert!(said(&units[1])[0] == p.offer.engagements[1].title, "{:?}", said(&units[1]));
        let axis = units[1].repeat.as_ref().expect("the axis repeated over the second part");
        assert!(
            said(axis).iter().any(|s| s == "Milestone") && said(axis).iter().any(|s| s == "Apr"),
            "{:?}",
            said(axis)
        );
        // Every bar and every label is in one part or the other, none lost or drawn twice.
        let Part::Chart { bars } = &joined(&units).part else { panic!("a chart") };
        assert_eq!(bars.len(), p.offer.phases.len());
        let one = |p: &Proposal| layout(&fonts, &t, p, 64.0, 467.0, Room::page(700.0)).unwrap();
        let acme = proposal("acme-managed.toml", &[]);
        assert_eq!(one(&acme).len(), 1, "one engagement: one part");
    }

    #[test]
    fn an_interim_milestone_is_dated_inside_its_bar_and_named_in_the_legend() {
        let fonts = Fonts::embedded_only();
        let t = Theme::new(DEFAULT_ACCENT);
        // Woodgrove's execution phase is paid in two parts: the first at an interim milestone.
        let p = proposal("woodgrove-appdev.toml", &[]);
        let m = p.offer.milestones.iter().find(|m| m.interim).expect("woodgrove has an interim milestone");
        let units = layout(&fonts, &t, &p, 64.0, 467.0, Room::page(700.0)).unwrap();
        let said = texts(&joined(&units));
        assert!(said.iter().any(|(_, _, _, s)| s == "Interim milestone"), "{said:?}");
        let date = p.proposal.locale.short_date(m.date);
        let (x, y, w, _) = said.iter().find(|(_, _, _, s)| *s == date).expect("the interim date is set");
        let whole = joined(&units);
        let Part::Chart { bars } = &whole.part else { panic!("a chart") };
        let inside = bars.iter().any(|[bx, by, bw, bh]| *bx <= *x && x + w <= bx + bw && (*by..=by + bh).contains(y));
        assert!(inside, "{date} at {x} inside its bar: {bars:?}");
        // A chart without one has no such legend item.
        let acme = proposal("acme-managed.toml", &[]);
        let units = layout(&fonts, &t, &acme, 64.0, 467.0, Room::page(700.0)).unwrap();
        assert!(!texts(&joined(&units)).iter().any(|(_, _, _, s)| s == "Interim milestone"));
    }

    #[test]
    fn month_labels_neither_overlap_nor_run_past_the_chart() {
        let fonts = Fonts::embedded_only();
        let t = Theme::new(DEFAULT_ACCENT);
        let p = proposal("acme-managed.toml", &["engagement[0].months=120"]);
        let (x, width) = (64.0, 467.0);
        let units = layout(&fonts, &t, &p, x, width, Room::page(700.0)).unwrap();
        let mut months: Vec<(f32, f32, f32, String)> =
            texts(&joined(&units)).into_iter().filter(|(_, y, _, _)| *y == AXIS - 7.0).collect();
        months.sort_by(|a, b| a.0.total_cmp(&b.0));
        assert!(months.len() > 5);
        for pair in months.windows(2) {
            assert!(pair[0].0 + pair[0].2 < pair[1].0, "{pair:?} overlap");
        }
        assert!(months.iter().all(|(lx, _, w, _)| *lx >= x && lx + w <= x + width));
    }

    #[test]
    fn every_bar_that_runs_on_names_its_end_even_when_it_starts_late_in_the_window() {
        let fonts = Fonts::embedded_only();
        let t = Theme::new(DEFAULT_ACCENT);
        // Litware's managed service starts near the window's edge: too short a bar for its
        // end date, with no room after it; the date goes before it.
        let p = proposal("litware-combined.toml", &[]);
        let units = layout(&fonts, &t, &p, 64.0, 467.0, Room::page(700.0)).unwrap();
        let ends = texts(&joined(&units)).into_iter().filter(|(_, _, _, s)| s.starts_with('\u{2192}')).count();
        let running_on = p.offer.phases.iter().filter(|ph| ph.ongoing).count();
        assert!(running_on >= 5, "litware has five ongoing services");
        assert_eq!(ends, running_on, "one end date per ongoing service");
        // Layout 11: its month names are short, as the milestones' are ("21 juil."), never
        // "→ 20 septembre 2027" beside "21 juil.".
        let all: Vec<String> = texts(&joined(&units)).into_iter().map(|(_, _, _, s)| s).collect();
        assert!(all.iter().any(|s| s == "\u{2192}\u{a0}20\u{a0}sept.\u{a0}2027"), "{all:?}");
        assert!(!all.iter().any(|s| s.contains("septembre") || s.contains("juillet")), "{all:?}");
    }

    #[test]
    fn a_retainers_services_run_on_past_the_term_they_are_priced_for() {
        let fonts = Fonts::embedded_only();
        let t = Theme::new(DEFAULT_ACCENT);
        // Fabrikam's retainer is priced for six months, to 29 September 2026, then runs on
        // month to month: its three services fade out at the chart's edge, each naming that
        // end as acme's managed service does, rather than stop hard at "29 Sep".
        let p = proposal("fabrikam-advisory.toml", &[]);
        let units = layout(&fonts, &t, &p, 64.0, 467.0, Room::page(700.0)).unwrap();
        let whole = joined(&units);
        let all: Vec<String> = texts(&whole).into_iter().map(|(_, _, _, s)| s).collect();
        let ongoing = p.offer.phases.iter().filter(|ph| ph.ongoing).count();
        assert_eq!(ongoing, 3);
        let (locale, end) = (p.proposal.locale, NaiveDate::from_ymd_opt(2026, 9, 29).unwrap());
        let named = format!("\u{2192}\u{a0}{}", locale.short_date_year(end));
        assert_eq!(all.iter().filter(|s| **s == named).count(), ongoing, "{named}: {all:?}");
        assert!(!all.contains(&locale.short_date(end)), "{all:?}");
        // The fade: three steps of paler bar after each service's solid one.
        let fade = t.accent.tint(0.09);
        let faded = whole.draws.iter().filter(|d| matches!(d, Draw::Rect { fill, .. } if *fill == fade)).count();
        assert_eq!(faded, ongoing);
        // A finite phase ending with the window still ends there.
        assert!(all.contains(&locale.short_date(NaiveDate::from_ymd_opt(2026, 4, 14).unwrap())), "{all:?}");
    }

    #[test]
    fn a_long_engagement_title_wraps_in_its_row_whole() {
        let fonts = Fonts::embedded_only();
        let t = Theme::new(DEFAULT_ACCENT);
        let title = "Migration of every workload to the cloud, and the operations that keep it running, in every region the client serves";
        let p = proposal("northwind-migration.toml", &[&format!("engagement[0].title=\"{title}\"")]);
        let units = layout(&fonts, &t, &p, 64.0, 300.0, Room::page(700.0)).unwrap();
        let lines: Vec<String> = texts(&joined(&units)).into_iter().map(|(_, _, _, s)| s).collect();
        let at = lines.iter().position(|l| title.starts_with(l.as_str())).expect("the title's first line");
        let joined: String =
            lines[at..].iter().take_while(|l| title.contains(l.as_str())).cloned().collect::<Vec<_>>().join(" ");
        assert_eq!(joined, title, "the whole title, over {} lines", lines.len());
    }

    #[test]
    fn the_legend_stands_on_the_year_band_where_it_clears_the_years_and_under_the_plot_otherwise() {
        let fonts = Fonts::embedded_only();
        let t = Theme::new(DEFAULT_ACCENT);
        let legend = |p: &Proposal| {
            let units = layout(&fonts, &t, p, 64.0, 467.0, Room::page(700.0)).unwrap();
            let at = texts(&joined(&units)).into_iter().find(|(_, _, _, s)| s == "Milestone").unwrap();
            (at, joined(&units).height)
        };
        // Contoso's weeks of one year: the legend right-aligned beside "2026", over the ticks.
        let contoso = proposal("contoso-pentest.toml", &["proposal.language=en"]);
        let ((x, y, w, _), _) = legend(&contoso);
        assert!(y < AXIS - 7.0, "above the tick labels: {y}");
        assert!((x + w - (64.0 + 467.0)).abs() < 0.5, "right-aligned: ends at {}", x + w);
        // Gulf's axis runs into 2027: the year's tick and label take the band, so the legend
        // goes under the plot.
        let gulf = proposal("gulf-modernization.toml", &[]);
        let ((_, y, _, _), height) = legend(&gulf);
        assert!(y > height - LEGEND - 6.0, "under the plot: {y} of {height}");
    }
}
