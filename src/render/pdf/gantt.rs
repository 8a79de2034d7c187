//! The timeline as a Gantt chart drawn in vectors, in place of the Markdown's Mermaid block:
//! one bar per phase against a date axis with month ticks, rows grouped by engagement, and
//! milestones as diamonds. Drawn from the proposal model's phases and milestones, the same
//! data the Mermaid block is written from.

use super::blocks::Run;
use super::draw::{Draw, Part, Unit};
use super::fonts::{Fonts, Style};
use super::style::{Rgb, Theme};
use super::text::{wrap, TextLine, TextStyle};
use crate::diag::{Diagnostic, Error, Result};
use crate::money::Locale;
use crate::proposal::Proposal;
use chrono::{Datelike, NaiveDate};

const ROW: f32 = 16.0;
const BAR: f32 = 8.5;
const AXIS: f32 = 20.0;
const LEGEND: f32 = 22.0;
/// The thinnest row: 4.8 pt type.
const MIN_PITCH: f32 = 5.0;

fn month_name(locale: Locale, month0: usize) -> &'static str {
    const EN: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    const DE: [&str; 12] = ["Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez"];
    const FR: [&str; 12] =
        ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."];
    match locale {
        Locale::DeDe => DE[month0 % 12],
        Locale::FrFr => FR[month0 % 12],
        _ => EN[month0 % 12],
    }
}

fn first_of_month(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

fn next_month(d: NaiveDate) -> NaiveDate {
    let (y, m) = if d.month() == 12 { (d.year() + 1, 1) } else { (d.year(), d.month() + 1) };
    NaiveDate::from_ymd_opt(y, m, 1).unwrap_or(d)
}

fn span(fonts: &Fonts, text: &str, style: Style, size: f32, color: Rgb) -> TextLine {
    super::text::line(fonts, text, style, size, color)
}

/// A row's label, wrapped in `width`.
fn label(fonts: &Fonts, text: &str, style: Style, size: f32, color: Rgb, width: f32) -> Vec<TextLine> {
    let ts = TextStyle { size, leading: size * 1.2, color, link: color, bold: style.bold(), italic: false };
    wrap(fonts, &[Run::new(text, style)], &ts, width)
}

/// The chart as one unit (it never splits), `width` wide at `x` and at most `max_height`
/// tall (rows get thinner when there are many); nothing when there are no phases. A chart
/// that would not fit `max_height` even with the thinnest rows is refused.
pub fn layout(fonts: &Fonts, t: &Theme, p: &Proposal, x: f32, width: f32, max_height: f32) -> Result<Vec<Unit>> {
    let phases = &p.offer.phases;
    let (Some(first), Some(last)) = (
        phases.iter().map(|ph| ph.start).chain(p.offer.milestones.iter().map(|m| m.date)).min(),
        phases.iter().map(|ph| ph.end).chain(p.offer.milestones.iter().map(|m| m.date)).max(),
    ) else {
        return Ok(Vec::new());
    };
    let locale = p.proposal.locale;
    let axis_start = first_of_month(first);
    let axis_end = next_month(last);
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

    // Labels wrap in their column; a row is as tall as its label. Rows get thinner (type
    // smaller) until the chart fits a page; one that cannot is refused.
    let indent = if several { 8.0 } else { 2.0 };
    let mut pitch = ROW.min((max_height - AXIS - 6.0 - LEGEND) / rows.len().max(1) as f32).max(MIN_PITCH);
    let (size, lead, label_w, row_labels, heights) = loop {
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
                Row::Group(title) => label(fonts, title, Style::Bold, size, t.accent, width * 0.9),
                Row::Phase(pi) => label(fonts, &phases[*pi].name, Style::Regular, size, t.ink, label_w - indent - 6.0),
            })
            .collect();
        let heights: Vec<f32> = labels.iter().map(|l| pitch + l.len().saturating_sub(1) as f32 * lead).collect();
        if AXIS + heights.iter().sum::<f32>() + 6.0 + LEGEND <= max_height {
            break (size, lead, label_w, labels, heights);
        }
        if pitch <= MIN_PITCH {
            return Err(Error::Input(Box::new(
                Diagnostic::new(format!("the timeline chart has {} rows, more than one page holds", rows.len()))
                    .help("give fewer engagements, or shorter engagement titles (`engagement.title`)"),
            )));
        }
        pitch = (pitch * 0.9).max(MIN_PITCH);
    };
    let bar = BAR * pitch / ROW;
    let plot_x = x + label_w;
    let plot_w = width - label_w;
    let at = |d: NaiveDate| plot_x + plot_w * ((d - axis_start).num_days() as f32 / days);

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
    let height = plot_bottom + 6.0 + LEGEND;
    let mut u = Unit::new(height, 0.0);
    let d = &mut u.draws;

    // Row bands behind everything.
    for (i, _) in rows.iter().enumerate().filter(|(i, _)| i % 2 == 1) {
        d.push(Draw::Rect { x, y: tops[i], w: width, h: heights[i], fill: t.zebra });
    }
    // Month grid and labels: every month, or every second or third on long timelines.
    let months = {
        let mut m = Vec::new();
        let mut cur = axis_start;
        while cur < axis_end {
            m.push(cur);
            cur = next_month(cur);
        }
        m
    };
    let step = match months.len() {
        0..=12 => 1,
        13..=24 => 2,
        _ => 3,
    };
    let mut labels = Vec::new();
    let mut labels_end = f32::MIN;
    for (i, m) in months.iter().enumerate() {
        let gx = at(*m);
        d.push(Draw::Line { x1: gx, y1: plot_top - 4.0, x2: gx, y2: plot_bottom, width: 0.4, color: t.rule });
        if i % step == 0 {
            let name = month_name(locale, m.month0() as usize);
            let text = if i == 0 || m.month() == 1 { format!("{name} {}", m.year()) } else { name.to_string() };
            let label = span(fonts, &text, Style::Regular, 7.0, t.muted);
            // A label that would run past the chart's right edge, or into the label before
            // it, is left to its grid line.
            if gx + 2.5 + label.width <= x + width && gx + 2.5 >= labels_end + 4.0 {
                labels_end = gx + 2.5 + label.width;
                labels.push(Draw::Text { x: gx + 2.5, y: plot_top - 7.0, spans: label.spans });
            }
        }
    }
    // The closing grid line's stroke stays inside the chart.
    let end = at(axis_end) - 0.2;
    d.push(Draw::Line { x1: end, y1: plot_top - 4.0, x2: end, y2: plot_bottom, width: 0.4, color: t.rule });
    d.push(Draw::Line { x1: x, y1: plot_top, x2: x + width, y2: plot_top, width: 0.7, color: t.muted });
    d.extend(labels);

    // Bars and labels, top to bottom, then the milestones on their engagement's rows.
    let mut engagement_rows: Vec<(usize, f32, NaiveDate, NaiveDate)> = Vec::new();
    let mut bars = Vec::new();
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
            let x1 = at(ph.end.succ_opt().unwrap_or(ph.end)).max(x0 + 2.0);
            let fill = if ph.ongoing { t.accent.tint(0.4) } else { t.accent };
            d.push(Draw::Rect { x: x0, y: top + (h - bar) / 2.0, w: x1 - x0, h: bar, fill });
            bars.push([x0, top + (h - bar) / 2.0, x1 - x0, bar]);
            engagement_rows.push((ph.engagement, top + h / 2.0, ph.start, ph.end));
        }
    }
    let mark = t.accent.shade(0.45);
    for m in &p.offer.milestones {
        // On the row of the engagement's phase that ends on (or else spans) the date.
        let mine = engagement_rows.iter().filter(|r| r.0 == m.engagement);
        let row = mine
            .clone()
            .find(|r| r.3 == m.date)
            .or_else(|| mine.clone().find(|r| r.2 <= m.date && m.date <= r.3))
            .or_else(|| mine.clone().next_back());
        if let Some(&(_, cy, _, _)) = row {
            let r = 4.4 * pitch / ROW;
            // A milestone on the axis's last day stays inside the chart.
            let cx = at(m.date.succ_opt().unwrap_or(m.date)).min(x + width - r - 1.2);
            d.push(Draw::Diamond { x: cx, y: cy, r: r + 1.2, fill: t.white });
            d.push(Draw::Diamond { x: cx, y: cy, r, fill: mark });
        }
    }

    // Legend.
    let ly = plot_bottom + 6.0 + LEGEND / 2.0;
    let mut lx = plot_x;
    let item = |d: &mut Vec<Draw>, lx: &mut f32, swatch: Draw, text: &str| {
        d.push(swatch);
        let s = span(fonts, text, Style::Regular, 7.5, t.muted);
        let w = s.width;
        d.push(Draw::Text { x: *lx + 14.0, y: ly + 2.6, spans: s.spans });
        *lx += 14.0 + w + 16.0;
    };
    let at = lx;
    item(d, &mut lx, Draw::Rect { x: at, y: ly - 3.5, w: 10.0, h: 7.0, fill: t.accent }, "Phase");
    if phases.iter().any(|ph| ph.ongoing) {
        let sw = Draw::Rect { x: lx, y: ly - 3.5, w: 10.0, h: 7.0, fill: t.accent.tint(0.4) };
        item(d, &mut lx, sw, "Ongoing service");
    }
    if !p.offer.milestones.is_empty() {
        let at = lx;
        item(d, &mut lx, Draw::Diamond { x: at + 5.0, y: ly, r: 4.4, fill: mark }, "Milestone");
    }
    u.part = Part::Chart { bars: bars.into() };
    Ok(vec![u])
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

    #[test]
    fn month_labels_neither_overlap_nor_run_past_the_chart() {
        let fonts = Fonts::embedded_only();
        let t = Theme::new(DEFAULT_ACCENT);
        let p = proposal("acme-managed.toml", &["engagement[0].months=120"]);
        let (x, width) = (64.0, 467.0);
        let units = layout(&fonts, &t, &p, x, width, 700.0).unwrap();
        let mut months: Vec<(f32, f32, f32, String)> =
            texts(&units[0]).into_iter().filter(|(_, y, _, _)| *y == AXIS - 7.0).collect();
        months.sort_by(|a, b| a.0.total_cmp(&b.0));
        assert!(months.len() > 5);
        for pair in months.windows(2) {
            assert!(pair[0].0 + pair[0].2 < pair[1].0, "{pair:?} overlap");
        }
        assert!(months.iter().all(|(lx, _, w, _)| *lx >= x && lx + w <= x + width));
    }

    #[test]
    fn a_long_engagement_title_wraps_in_its_row_whole() {
        let fonts = Fonts::embedded_only();
        let t = Theme::new(DEFAULT_ACCENT);
        let title = "Migration of every workload to the cloud, and the operations that keep it running, in every region the client serves";
        let p = proposal("northwind-migration.toml", &[&format!("engagement[0].title=\"{title}\"")]);
        let units = layout(&fonts, &t, &p, 64.0, 300.0, 700.0).unwrap();
        let lines: Vec<String> = texts(&units[0]).into_iter().map(|(_, _, _, s)| s).collect();
        let at = lines.iter().position(|l| title.starts_with(l.as_str())).expect("the title's first line");
        let joined: String =
            lines[at..].iter().take_while(|l| title.contains(l.as_str())).cloned().collect::<Vec<_>>().join(" ");
        assert_eq!(joined, title, "the whole title, over {} lines", lines.len());
    }

    #[test]
    fn month_steps_and_names() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 17).unwrap();
        assert_eq!(first_of_month(d), NaiveDate::from_ymd_opt(2026, 12, 1).unwrap());
        assert_eq!(next_month(d), NaiveDate::from_ymd_opt(2027, 1, 1).unwrap());
        assert_eq!(month_name(Locale::DeDe, 2), "Mär");
        assert_eq!(month_name(Locale::FrFr, 7), "août");
    }
}
