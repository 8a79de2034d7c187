//! The cover page (firm, logo, title, client, proposal number, dates, author) and the
//! running header and footer of every later page (client, proposal number, "Page N of M").

use super::blocks::Run;
use super::draw::{Draw, Span, Unit};
use super::fonts::{Fonts, Style};
use super::style::{Geometry, Rgb, Theme};
use super::text::{baseline, wrap, TextStyle};
use crate::proposal::Proposal;

fn text(fonts: &Fonts, s: &str, style: Style, size: f32, color: Rgb) -> Span {
    let text = fonts.clean(s).into_owned();
    Span { dx: 0.0, width: fonts.width(style, &text, size), style, size, color, text, strike: false }
}

fn line(x: f32, y: f32, span: Span) -> Draw {
    Draw::Text { x, y, spans: vec![span] }
}

/// Right-aligned at `right`.
fn line_right(right: f32, y: f32, span: Span) -> Draw {
    Draw::Text { x: right - span.width, y, spans: vec![span] }
}

/// Wrapped lines of `s` from `y` (first baseline), returning the next free baseline.
fn block(fonts: &Fonts, out: &mut Vec<Draw>, s: &str, ts: &TextStyle, x: f32, width: f32, mut y: f32) -> f32 {
    let runs = [Run::new(s, Style::Regular)];
    for l in wrap(fonts, &runs, ts, width) {
        out.push(Draw::Text { x, y, spans: l.spans });
        y += ts.leading;
    }
    y
}

/// What the cover shows besides the model's facts.
pub struct Content<'a> {
    /// The Markdown's H1.
    pub title: &'a str,
    /// The logo's pixel size, if there is one.
    pub logo: Option<(usize, usize)>,
    /// What the Markdown says between the title and the first section (the proposal's
    /// particulars, a notice), laid out at the body's width.
    pub preamble: Vec<Unit>,
}

/// The cover's draws, and the preamble units when they do not fit on it (they then open
/// the first body page). Without a preamble the cover lists the model's particulars.
pub fn cover(fonts: &Fonts, t: &Theme, g: &Geometry, p: &Proposal, content: Content<'_>) -> (Vec<Draw>, Vec<Unit>) {
    let Content { title, logo, preamble } = content;
    let mut d = Vec::new();
    let (l, r) = (g.left, g.right);
    let m = &p.proposal;
    let locale = m.locale;

    // Top: logo left, firm right; without a logo the firm name takes the left.
    let top = 58.0;
    if let Some((pw, ph)) = logo {
        let (max_w, max_h) = (150.0, 54.0);
        let scale = (max_w / pw as f32).min(max_h / ph as f32);
        let (w, h) = (pw as f32 * scale, ph as f32 * scale);
        d.push(Draw::Image { x: l, y: top, w, h });
        d.push(line_right(r, top + 14.0, text(fonts, &p.firm.name, Style::Bold, 11.5, t.accent)));
        // The tagline, right-aligned beside the logo.
        let ts = TextStyle { size: 8.5, leading: 11.5, color: t.muted, link: t.muted, bold: false, italic: false };
        let runs = [Run::new(p.firm.tagline.clone(), Style::Regular)];
        let room = (r - l - w - 24.0).max(100.0);
        for (i, tl) in wrap(fonts, &runs, &ts, room).into_iter().enumerate() {
            d.push(Draw::Text { x: r - tl.width, y: top + 28.0 + i as f32 * ts.leading, spans: tl.spans });
        }
    } else {
        d.push(line(l, top + 16.0, text(fonts, &p.firm.name, Style::Bold, 15.0, t.accent)));
        d.push(line(l, top + 32.0, text(fonts, &p.firm.tagline, Style::Regular, 9.0, t.muted)));
    }

    // The accent band: label, title, client.
    let band_top = g.height * 0.27;
    let inner = r - l;
    let title_ts = TextStyle { size: 27.0, leading: 32.0, color: t.white, link: t.white, bold: true, italic: false };
    let title_runs = [Run::new(title, Style::Bold)];
    let title_lines = wrap(fonts, &title_runs, &title_ts, inner);
    let band_h = 40.0 + 22.0 + title_lines.len() as f32 * title_ts.leading + 14.0 + 22.0 + 34.0;
    d.push(Draw::Rect { x: 0.0, y: band_top, w: g.width, h: band_h, fill: t.accent });
    d.push(Draw::Rect { x: 0.0, y: band_top + band_h, w: g.width, h: 4.0, fill: t.accent.shade(0.35) });
    let mut y = band_top + 40.0;
    let label = format!("PROPOSAL  {}", m.number);
    d.push(line(l, y, text(fonts, &label, Style::Bold, 9.0, t.accent.tint(0.35))));
    y += 22.0 + baseline(title_ts.size, title_ts.leading) - title_ts.leading / 2.0;
    for tl in title_lines {
        d.push(Draw::Text { x: l, y, spans: tl.spans });
        y += title_ts.leading;
    }
    y += 14.0;
    let for_line = format!("Prepared for {}", p.client.name);
    let for_ts = TextStyle { size: 13.5, leading: 18.0, color: t.white, link: t.white, bold: false, italic: false };
    block(fonts, &mut d, &for_line, &for_ts, l, inner, y);

    // The preamble, when there is one and it fits above the bottom bar.
    let start = band_top + band_h + 40.0;
    let room = g.height - 70.0 - start;
    let needed: f32 = preamble.iter().enumerate().map(|(i, u)| u.height + if i == 0 { 0.0 } else { u.gap }).sum();
    if !preamble.is_empty() && needed <= room {
        let mut y = start;
        for (i, u) in preamble.iter().enumerate() {
            if i > 0 {
                y += u.gap;
            }
            d.extend(u.draws.iter().map(|dr| dr.moved(y)));
            y += u.height;
        }
        d.push(Draw::Rect { x: 0.0, y: g.height - 10.0, w: g.width, h: 10.0, fill: t.accent });
        return (d, Vec::new());
    }

    // Two columns: the client and the firm.
    let col_w = (inner - 24.0) / 2.0;
    let label_size = 7.5;
    let mut column = |x: f32, heading: &str, first: &str, rest: &[Option<&str>]| {
        let mut y = band_top + band_h + 48.0;
        d.push(line(x, y, text(fonts, heading, Style::Bold, label_size, t.accent)));
        y += 16.0;
        let first_ts = TextStyle { size: 11.5, leading: 15.0, color: t.ink, link: t.ink, bold: true, italic: false };
        y = block(fonts, &mut d, first, &first_ts, x, col_w, y);
        let rest_ts = TextStyle { size: 9.5, leading: 13.5, color: t.muted, link: t.muted, bold: false, italic: false };
        for s in rest.iter().flatten() {
            y = block(fonts, &mut d, s, &rest_ts, x, col_w, y);
        }
    };
    let c = &p.client;
    column(l, "PREPARED FOR", &c.name, &[c.contact.as_deref(), c.email.as_deref(), c.address.as_deref()]);
    let firm_line = p.firm.name.as_str();
    column(
        l + col_w + 24.0,
        "PREPARED BY",
        &m.prepared_by,
        &[Some(firm_line), Some(p.firm.email.as_str()), Some(p.firm.website.as_str())],
    );

    // Facts along the bottom.
    let facts = [
        ("PROPOSAL NO.", m.number.clone()),
        ("DATE", locale.date(m.date)),
        ("VALID UNTIL", locale.date(m.valid_until)),
    ];
    let fy = g.height - 128.0;
    d.push(Draw::Line { x1: l, y1: fy, x2: r, y2: fy, width: 0.6, color: t.rule });
    let cell = inner / facts.len() as f32;
    for (i, (label, value)) in facts.iter().enumerate() {
        let x = l + cell * i as f32;
        if i > 0 {
            d.push(Draw::Line { x1: x - 12.0, y1: fy + 12.0, x2: x - 12.0, y2: fy + 46.0, width: 0.6, color: t.rule });
        }
        d.push(line(x, fy + 22.0, text(fonts, label, Style::Bold, label_size, t.muted)));
        d.push(line(x, fy + 40.0, text(fonts, value, Style::Regular, 11.5, t.ink)));
    }
    d.push(Draw::Rect { x: 0.0, y: g.height - 10.0, w: g.width, h: 10.0, fill: t.accent });
    (d, preamble)
}

/// The footer's left side: the firm, the revision, and the content hash that tells copies
/// apart.
fn footer_text(p: &Proposal) -> String {
    let mut parts = vec![p.firm.name.clone(), p.firm.website.clone()];
    parts.extend(p.proposal.revision.iter().map(|r| format!("revision {r}")));
    if !p.content_hash.is_empty() {
        parts.push(format!("hash {}", p.content_hash));
    }
    parts.join(" \u{00B7} ")
}

/// The diagonal "DRAFT – not approved" across a page of a draft, under everything else.
pub fn watermark(fonts: &Fonts, g: &Geometry) -> Draw {
    let size = 54.0;
    let span = text(fonts, "DRAFT \u{2013} not approved", Style::Bold, size, Rgb(0xF2, 0xC4, 0xC4));
    // Centre the line on the page along a 45° diagonal.
    let half = span.width / 2.0 * std::f32::consts::FRAC_1_SQRT_2;
    Draw::Rotated { x: g.width / 2.0 - half, y: g.height / 2.0 + half, degrees: 45.0, span }
}

/// The running header and footer of body page `n` of `total`, split so the header is drawn
/// before the page's body and the footer after it (reading order).
pub fn chrome(fonts: &Fonts, t: &Theme, g: &Geometry, p: &Proposal, n: usize, total: usize) -> (Vec<Draw>, Vec<Draw>) {
    let size = 8.0;
    let hy = g.top - 30.0;
    let revision = p.proposal.revision.as_deref().map(|r| format!(", revision {r}")).unwrap_or_default();
    let number = text(fonts, &format!("Proposal {}{revision}", p.proposal.number), Style::Regular, size, t.muted);
    let client = fonts.fit(&p.client.name, Style::Bold, size, g.body_width() - number.width - 24.0);
    let header = vec![
        line(g.left, hy, text(fonts, &client, Style::Bold, size, t.ink)),
        line_right(g.right, hy, number),
        Draw::Line { x1: g.left, y1: hy + 8.0, x2: g.right, y2: hy + 8.0, width: 0.5, color: t.rule },
    ];
    let fy = g.bottom + 36.0;
    let footer = vec![
        Draw::Rect { x: g.left, y: fy - 16.0, w: 22.0, h: 2.0, fill: t.accent },
        line(g.left, fy, text(fonts, &footer_text(p), Style::Regular, size, t.muted)),
        line_right(g.right, fy, text(fonts, &format!("Page {n} of {total}"), Style::Bold, size, t.ink)),
    ];
    (header, footer)
}
