//! The page's pictures and colours: the timeline as an inline SVG Gantt chart, laid out on
//! the PDF chart's date axis (its grain, ticks, labels and plotted window, from
//! `pdf::gantt`), with a text alternative and a legend; the firm's logo as a `data:` URI; and the PDF's
//! colours, the accent darkened where needed so text in it keeps WCAG AA contrast on white.

use crate::diag::{Diagnostic, Error, Result};
use crate::proposal::Proposal;
use crate::render::pdf::gantt::{axis, runs_on, window_end};
use crate::render::pdf::style::{Rgb, Theme, DEFAULT_ACCENT};
use base64::Engine;
use chrono::NaiveDate;
use serde_json::{json, Value as Json};
use std::fmt::Write;

/// The share of the chart's width the dates span (the rest keeps the marks after the last
/// day inside it); the widths, in CSS pixels, a phone's and a desktop's chart are laid out
/// for (a 390 px screen's and the page's 52 rem, less margins); the axis band's, an
/// engagement's and a phase's row heights and a bar's.
const PLOT: f32 = 0.95;
const NARROW: f32 = 358.0;
const WIDE: f32 = 832.0;
const AXIS: f32 = 40.0;
const GROUP: f32 = 26.0;
const PHASE: f32 = 40.0;
const BAR: f32 = 12.0;

/// The least contrast ratio of text on white (WCAG 2.1 AA, normal text).
pub const MIN_CONTRAST: f64 = 4.5;

/// The page's colours.
pub struct Colours {
    theme: Theme,
}

impl Colours {
    pub fn of(p: &Proposal) -> Colours {
        let mut accent = p.proposal.accent.map_or(DEFAULT_ACCENT, |[r, g, b]| Rgb(r, g, b));
        // A light accent (a brand's yellow) is darkened until it reads as text on white.
        let mut step = 0;
        while contrast(accent, Rgb(255, 255, 255)) < MIN_CONTRAST && step < 20 {
            accent = accent.shade(0.1);
            step += 1;
        }
        Colours { theme: Theme::new(accent) }
    }

    /// The CSS custom properties' values.
    pub fn css(&self) -> Json {
        let t = &self.theme;
        json!({
            "accent": hex(t.accent),
            "accent_tint": hex(t.accent_tint),
            "accent_wash": hex(t.accent_wash),
            "ink": hex(t.ink),
            "muted": hex(t.muted),
            "rule": hex(t.rule),
            "zebra": hex(t.zebra),
        })
    }
}

fn hex(c: Rgb) -> String {
    format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
}

/// WCAG 2.1 contrast ratio of two sRGB colours (1 to 21).
pub fn contrast(a: Rgb, b: Rgb) -> f64 {
    let lum = |c: Rgb| {
        let ch = |v: u8| {
            let v = v as f64 / 255.0;
            if v <= 0.03928 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * ch(c.0) + 0.7152 * ch(c.1) + 0.0722 * ch(c.2)
    };
    let (x, y) = (lum(a), lum(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

/// The firm's logo as `{src, alt}` (a `data:` URI and the alt text's firm name), or null
/// when the proposal names none. A logo that cannot be read is the same error as the PDF's.
pub fn logo(p: &Proposal) -> Result<Json> {
    let Some(path) = &p.proposal.logo else { return Ok(Json::Null) };
    let bytes = match crate::intake::logo::read(path) {
        Ok((bytes, _)) => bytes,
        Err(crate::intake::logo::Problem::Unreadable(source)) => {
            return Err(Error::Read { path: path.clone(), source })
        }
        Err(problem) => {
            return Err(Diagnostic::new(format!(
                "cannot use `{}` as the logo: the file {}",
                path.display(),
                problem.describe()
            ))
            .help(problem.help())
            .into())
        }
    };
    let mime = if bytes.starts_with(b"\x89PNG") { "image/png" } else { "image/jpeg" };
    let data = base64::engine::general_purpose::STANDARD.encode(&bytes);
    Ok(json!({ "src": format!("data:{mime};base64,{data}"), "firm": p.firm.name }))
}

/// The timeline chart, or nothing when the proposal has no phases: an SVG (`role="img"`,
/// titled by the pack's `html.chart` and described by each phase's name and dates) and its
/// legend. Positions across are percentages of the chart's width and sizes are pixels, so
/// the chart fills any width without shrinking its type: each phase's name stands above its
/// bar, tick labels are thinned for a desktop's width, and those that would crowd a phone's
/// are hidden there (class `wide`); an end date goes beside, inside or before its bar,
/// wherever it fits at a phone's width, or is left to the text alternative.
pub fn svg(p: &Proposal) -> Option<String> {
    let phases = &p.offer.phases;
    let milestones = &p.offer.milestones;
    let first = phases.iter().map(|ph| ph.start).chain(milestones.iter().map(|m| m.date)).min()?;
    let last = phases.iter().map(|ph| ph.end).chain(milestones.iter().map(|m| m.date)).max()?;
    let locale = p.proposal.locale;
    let shown_end = window_end(p, first, last);
    let grain = axis::grain(first, shown_end);
    let (axis_start, axis_end) = axis::bounds(grain, first, shown_end);
    let days = (axis_end - axis_start).num_days().max(1) as f32;
    // A date's place across, as a fraction of the width.
    let at = |d: NaiveDate| PLOT * ((d - axis_start).num_days() as f32 / days).clamp(0.0, 1.0);
    let pct = |f: f32| format!("{:.2}%", f * 100.0);

    let several = p.offer.engagements.len() > 1;
    // Rows: an engagement's title when there are several, then its phases.
    let mut rows: Vec<(Option<&str>, Option<usize>)> = Vec::new();
    for (ei, e) in p.offer.engagements.iter().enumerate() {
        let mine: Vec<usize> = (0..phases.len()).filter(|i| phases[*i].engagement == ei).collect();
        if mine.is_empty() {
            continue;
        }
        if several {
            rows.push((Some(e.title.as_str()), None));
        }
        rows.extend(mine.into_iter().map(|i| (None, Some(i))));
    }
    let height = AXIS + rows.iter().map(|(g, _)| if g.is_some() { GROUP } else { PHASE }).sum::<f32>() + 4.0;
    let range = |a, b| format!("{} – {}", locale.date(a), locale.date(b));
    let title = p
        .strings
        .text(super::CHART_TITLE, None)
        .map(|t| t.replace("{start}", &locale.date(first)).replace("{end}", &locale.date(last)))
        .unwrap_or_default();
    let mut desc = String::new();
    for ph in phases {
        let _ = write!(desc, "{}: {}. ", ph.name, range(ph.start, ph.end));
    }

    let mut s = String::new();
    let _ = write!(
        s,
        "<figure class=\"chart\"><svg role=\"img\" aria-labelledby=\"chart-title chart-desc\" \
         width=\"100%\" height=\"{height}\">\
         <title id=\"chart-title\">{}</title><desc id=\"chart-desc\">{}</desc>",
        esc(&title),
        esc(desc.trim_end())
    );
    // Engagement bands under the grid.
    let mut y = AXIS;
    for (group, _) in &rows {
        if group.is_some() {
            let _ = write!(s, "<rect class=\"band\" x=\"0\" y=\"{y}\" width=\"100%\" height=\"{GROUP}\"/>");
        }
        y += if group.is_some() { GROUP } else { PHASE };
    }
    axis_marks(&mut s, grain, locale, (axis_start, axis_end), &at, height);

    let mut y = AXIS;
    for (group, phase) in &rows {
        if let Some(title) = group {
            let _ = write!(s, "<text class=\"group\" x=\"4\" y=\"{:.1}\">{}</text>", y + 17.0, esc(title));
            y += GROUP;
            continue;
        }
        let Some(pi) = *phase else { continue };
        let ph = &phases[pi];
        let indent = if several { 14.0 } else { 2.0 };
        let _ = write!(s, "<text class=\"label\" x=\"{indent}\" y=\"{:.1}\">{}</text>", y + 15.0, esc(&ph.name));
        let runs_on = runs_on(ph, shown_end);
        let x0 = at(ph.start);
        let x1 = if runs_on { PLOT } else { at(ph.end.succ_opt().unwrap_or(ph.end)) }.max(x0 + 0.004);
        let class = if ph.ongoing { "bar ongoing" } else { "bar" };
        let top = y + 21.0;
        let _ = write!(
            s,
            "<rect class=\"{class}\" x=\"{}\" y=\"{top}\" width=\"{}\" height=\"{BAR}\" rx=\"2\"/>",
            pct(x0),
            pct(x1 - x0)
        );
        if runs_on {
            // The service goes on past the chart's last date: a `»` after the bar says so.
            let _ =
                write!(s, "<text class=\"more\" x=\"{}\" dx=\"3\" y=\"{}\">\u{bb}</text>", pct(x1), top + BAR - 1.0);
        }
        let mut after: f32 = if runs_on { 17.0 } else { 5.0 };
        for m in milestones.iter().filter(|m| m.engagement == ph.engagement && phases_index(p, m) == pi) {
            let mx = at(m.date.succ_opt().unwrap_or(m.date)).min(PLOT);
            let _ = write!(
                s,
                "<text class=\"milestone\" x=\"{}\" dx=\"2\" y=\"{}\">\u{25c6}</text>",
                pct(mx),
                top + BAR - 1.0
            );
            if (mx - x1).abs() < 0.01 {
                after = after.max(16.0);
            }
        }
        let label = if runs_on { format!("\u{2192}\u{a0}{}", locale.date(ph.end)) } else { locale.short_date(ph.end) };
        end_label(&mut s, &label, (x0, x1), after, runs_on, (y + 15.0, top + BAR - 2.0), text_px(&ph.name) + indent);
        y += PHASE;
    }
    s.push_str("</svg>");
    legend(&mut s, p);
    s.push_str("</figure>\n");
    Some(s)
}

/// A bar's end date: beside it (after `after` pixels of marks) where it fits a phone's width,
/// else inside a bar that runs on, else before the bar, else on the name's line at the
/// right; nowhere when none fits (the text alternative has every date).
fn end_label(
    s: &mut String,
    text: &str,
    (x0, x1): (f32, f32),
    after: f32,
    runs_on: bool,
    (name_y, bar_y): (f32, f32),
    name_px: f32,
) {
    let w = text_px(text);
    let pct = |f: f32| format!("{:.2}%", f * 100.0);
    let (x, dx, anchor, class, y) = if !runs_on && x1 * NARROW + after + w <= NARROW {
        (x1, after, "start", "end", bar_y)
    } else if runs_on && (x1 - x0) * NARROW >= w + 8.0 {
        (x1, -4.0, "end", "end inside", bar_y)
    } else if x0 * NARROW >= w + 6.0 {
        (x0, -6.0, "end", "end", bar_y)
    } else if name_px + 12.0 + w <= NARROW {
        (1.0, 0.0, "end", "end", name_y)
    } else {
        return;
    };
    let _ = write!(
        s,
        "<text class=\"{class}\" x=\"{}\" dx=\"{dx}\" y=\"{y}\" text-anchor=\"{anchor}\">{}</text>",
        pct(x),
        esc(text)
    );
}

/// The grid, its tick labels and the year above the first tick and each new year's.
fn axis_marks(
    s: &mut String,
    grain: axis::Grain,
    locale: crate::locale::Locale,
    (start, end): (NaiveDate, NaiveDate),
    at: &dyn Fn(NaiveDate) -> f32,
    height: f32,
) {
    use chrono::Datelike;
    let ticks = axis::ticks(grain, start, end);
    let labels: Vec<String> = ticks.iter().map(|d| axis::label(grain, locale, *d)).collect();
    let widths: Vec<f32> = labels.iter().map(|l| text_px(l)).collect();
    let step = |width: f32| {
        let xs: Vec<f32> = ticks.iter().map(|d| at(*d) * width + 3.0).collect();
        axis::thinning(&xs, &widths, 8.0, width)
    };
    let wide = step(WIDE);
    // A phone shows every so many of the desktop's labels.
    let narrow = step(NARROW).div_ceil(wide) * wide;
    let mut year = None;
    for (i, (d, label)) in ticks.iter().zip(&labels).enumerate() {
        let x = format!("{:.2}%", at(*d) * 100.0);
        let _ = write!(s, "<line class=\"grid\" x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{height}\"/>", AXIS - 6.0);
        if i % wide == 0 && at(*d) * WIDE + 3.0 + widths[i] <= WIDE {
            let fits = i % narrow == 0 && at(*d) * NARROW + 3.0 + widths[i] <= NARROW;
            let class = if fits { "tick" } else { "tick wide" };
            let _ = write!(s, "<text class=\"{class}\" x=\"{x}\" dx=\"3\" y=\"{}\">{}</text>", AXIS - 10.0, esc(label));
        }
        if year != Some(d.year()) {
            year = Some(d.year());
            let _ = write!(s, "<text class=\"year\" x=\"{x}\" dx=\"3\" y=\"13\">{}</text>", d.year());
        }
    }
}

/// The legend under the chart: a phase's bar, an ongoing service's and a milestone, in the
/// PDF chart's words, each only when the chart shows one.
fn legend(s: &mut String, p: &Proposal) {
    let l = &p.pdf_labels;
    s.push_str("<ul class=\"legend\">");
    let _ = write!(s, "<li><span class=\"key\"></span>{}</li>", esc(&l.phase));
    if p.offer.phases.iter().any(|ph| ph.ongoing) {
        let _ = write!(s, "<li><span class=\"key ongoing\"></span>{}</li>", esc(&l.ongoing));
    }
    if !p.offer.milestones.is_empty() {
        let _ = write!(s, "<li><span class=\"key milestone\"></span>{}</li>", esc(&l.milestone));
    }
    s.push_str("</ul>");
}

/// About how wide `text` sets in the chart's 11 px type: a CJK character is square, others
/// average 0.6 em (generous, so labels placed by it do not collide).
fn text_px(text: &str) -> f32 {
    text.chars().map(|c| if crate::render::pdf::blocks::is_cjk(c) { 11.5 } else { 6.6 }).sum()
}

/// The index in the offer's phases of the phase milestone `m` closes.
fn phases_index(p: &Proposal, m: &crate::schedule::Milestone) -> usize {
    p.offer
        .phases
        .iter()
        .enumerate()
        .filter(|(_, ph)| ph.engagement == m.engagement)
        .nth(m.phase)
        .map_or(usize::MAX, |(i, _)| i)
}

fn esc(text: &str) -> String {
    super::markup::escape(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contrast_matches_wcag_examples() {
        assert!((contrast(Rgb(0, 0, 0), Rgb(255, 255, 255)) - 21.0).abs() < 0.01);
        assert!((contrast(Rgb(0x77, 0x77, 0x77), Rgb(255, 255, 255)) - 4.48).abs() < 0.01);
        assert!(contrast(DEFAULT_ACCENT, Rgb(255, 255, 255)) >= MIN_CONTRAST);
    }
}
