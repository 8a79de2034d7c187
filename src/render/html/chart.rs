//! The page's pictures and colours: the timeline as an inline SVG Gantt chart, laid out on
//! the PDF chart's date axis (its grain, ticks, labels and plotted window, from
//! `pdf::gantt`), with a text alternative; the firm's logo as a `data:` URI; and the PDF's
//! colours, the accent darkened where needed so text in it keeps WCAG AA contrast on white.

use crate::diag::{Diagnostic, Error, Result};
use crate::proposal::Proposal;
use crate::render::pdf::gantt::{axis, window_end};
use crate::render::pdf::style::{Rgb, Theme, DEFAULT_ACCENT};
use base64::Engine;
use serde_json::{json, Value as Json};
use std::fmt::Write;

/// The chart's drawing width (the SVG scales to its box), the label column, a row's height
/// and the axis band's.
const WIDTH: f32 = 800.0;
const LABELS: f32 = 230.0;
const ROW: f32 = 26.0;
const AXIS: f32 = 40.0;

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

/// The timeline chart as SVG, or nothing when the proposal has no phases. `role="img"`,
/// titled by the pack's `html.chart` and described by each phase's name and dates.
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
    let plot = WIDTH - LABELS - 10.0;
    let x = |d: chrono::NaiveDate| LABELS + plot * ((d - axis_start).num_days() as f32 / days).clamp(0.0, 1.0);

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
    let height = AXIS + ROW * rows.len() as f32 + 8.0;
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
         viewBox=\"0 0 {WIDTH} {height}\">\
         <title id=\"chart-title\">{}</title><desc id=\"chart-desc\">{}</desc>",
        esc(&title),
        esc(desc.trim_end())
    );
    // The grid and its labels, the year written at the first tick and at each January.
    let ticks = axis::ticks(grain, axis_start, axis_end);
    let mut year = None;
    for d in &ticks {
        let tx = x(*d);
        let _ = write!(s, "<line class=\"grid\" x1=\"{tx:.1}\" y1=\"{}\" x2=\"{tx:.1}\" y2=\"{height}\"/>", AXIS - 6.0);
        let label = axis::label(grain, locale, *d);
        let _ = write!(s, "<text class=\"tick\" x=\"{:.1}\" y=\"{}\">{}</text>", tx + 3.0, AXIS - 10.0, esc(&label));
        use chrono::Datelike;
        if year != Some(d.year()) {
            year = Some(d.year());
            let _ = write!(s, "<text class=\"year\" x=\"{:.1}\" y=\"14\">{}</text>", tx + 3.0, d.year());
        }
    }
    for (r, (group, phase)) in rows.iter().enumerate() {
        let y = AXIS + ROW * r as f32;
        if let Some(title) = group {
            let _ = write!(s, "<text class=\"group\" x=\"4\" y=\"{:.1}\">{}</text>", y + ROW * 0.65, esc(title));
            continue;
        }
        let Some(ph) = phase.map(|i| &phases[i]) else { continue };
        let indent = if several { 14.0 } else { 4.0 };
        let _ = write!(s, "<text class=\"label\" x=\"{indent}\" y=\"{:.1}\">{}</text>", y + ROW * 0.65, esc(&ph.name));
        let (x0, x1) = (x(ph.start), x(ph.end.succ_opt().unwrap_or(ph.end)));
        let class = if ph.ongoing { "bar ongoing" } else { "bar" };
        let _ = write!(
            s,
            "<rect class=\"{class}\" x=\"{x0:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"2\"/>",
            y + ROW * 0.25,
            (x1 - x0).max(2.0),
            ROW * 0.5
        );
        for m in milestones.iter().filter(|m| m.engagement == ph.engagement && phases_index(p, m) == phase.unwrap_or(0))
        {
            let (mx, my) = (x(m.date.succ_opt().unwrap_or(m.date)), y + ROW * 0.5);
            let _ = write!(s, "<path class=\"milestone\" d=\"M{:.1} {:.1}l5 5l-5 5l-5 -5z\"/>", mx + 6.0, my - 5.0);
        }
    }
    s.push_str("</svg></figure>\n");
    Some(s)
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
