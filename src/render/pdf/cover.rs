//! The cover page (firm, logo, title, client, proposal number, dates, author) and the
//! running header and footer of every later page (client, proposal number, "Page N of M").
//! Every text here wraps in its place; one that would run out of its place (a band, a column,
//! a running head) is refused, naming the intake or catalog value to shorten.

use super::blocks::Run;
use super::draw::{Draw, Unit};
use super::fonts::{Fonts, Style};
use super::style::{Geometry, Rgb, Theme};
use super::text::{baseline, wrap, TextLine, TextStyle};
use crate::catalog::fill::fill;
use crate::diag::{Diagnostic, Error, Result};
use crate::proposal::Proposal;

/// Lines a running head or foot may take: more would run off the paper's edge.
const CHROME_LINES: usize = 4;
const FOOTER_LINES: usize = 3;
/// Line pitch of the running heads.
const CHROME_LEADING: f32 = 10.0;

fn text(fonts: &Fonts, s: &str, style: Style, size: f32, color: Rgb) -> TextLine {
    super::text::line(fonts, s, style, size, color)
}

fn line(x: f32, y: f32, l: TextLine) -> Draw {
    Draw::Text { x, y, spans: l.spans }
}

fn style(size: f32, leading: f32, color: Rgb, bold: bool) -> TextStyle {
    TextStyle { size, leading, color, link: color, bold, italic: false }
}

/// `s` broken into lines of at most `width`.
fn lines(fonts: &Fonts, s: &str, ts: &TextStyle, width: f32) -> Vec<TextLine> {
    let runs = [Run::new(s, if ts.bold { Style::Bold } else { Style::Regular })];
    wrap(fonts, &runs, ts, width)
}

/// Wrapped lines of `s` from `y` (first baseline), returning the next free baseline.
fn block(fonts: &Fonts, out: &mut Vec<Draw>, s: &str, ts: &TextStyle, x: f32, width: f32, mut y: f32) -> f32 {
    for l in lines(fonts, s, ts, width) {
        out.push(Draw::Text { x, y, spans: l.spans });
        y += ts.leading;
    }
    y
}

/// Wrapped lines of `s`, each right-aligned at `right`, from `y`; the next free baseline.
fn block_right(fonts: &Fonts, out: &mut Vec<Draw>, s: &str, ts: &TextStyle, right: f32, width: f32, mut y: f32) -> f32 {
    for l in lines(fonts, s, ts, width) {
        out.push(Draw::Text { x: right - l.width, y, spans: l.spans });
        y += ts.leading;
    }
    y
}

/// Refusal of a text that does not fit its place on the page.
fn too_long(message: String, help: &str) -> Error {
    Error::Input(Box::new(Diagnostic::new(message).help(help)))
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
    /// A draft's watermark, drawn over the band (under the band's text).
    pub watermark: Option<Draw>,
}

/// The cover: its draws, the preamble's units when they do not fit on it (they then open
/// the first body page), and, when the preamble is on the cover, where the space below it
/// starts (from the page's top), for the first section to begin in.
pub struct Cover {
    pub draws: Vec<Draw>,
    pub preamble: Vec<Unit>,
    pub free: Option<f32>,
}

/// The cover. With the preamble on it, the band sits just under the firm's name and the
/// first section starts below the preamble. Without, it lists the model's particulars in two
/// columns, unless they do not fit and the preamble, on the next page, has them. A title,
/// client name or particulars too long for their places on the cover are refused.
pub fn cover(fonts: &Fonts, t: &Theme, g: &Geometry, p: &Proposal, content: Content<'_>) -> Result<Cover> {
    let Content { title, logo, preamble, watermark } = content;
    let mut d = Vec::new();
    let (l, r) = (g.left, g.right);
    let inner = r - l;
    let m = &p.proposal;
    let locale = m.locale;

    // Top: logo left, firm right; without a logo the firm name takes the left.
    let top = 48.0;
    let top_end = if let Some((pw, ph)) = logo {
        let (max_w, max_h) = (150.0, 54.0);
        let scale = (max_w / pw as f32).min(max_h / ph as f32);
        let (w, h) = (pw as f32 * scale, ph as f32 * scale);
        d.push(Draw::Image { x: l, y: top, w, h });
        let room = (inner - w - 24.0).max(100.0);
        let name_ts = style(11.5, 14.0, t.accent, true);
        let y = block_right(fonts, &mut d, &p.firm.name, &name_ts, r, room, top + 14.0);
        // The tagline, right-aligned beside the logo.
        let tag_ts = style(8.5, 11.5, t.muted, false);
        let y = block_right(fonts, &mut d, &p.firm.tagline, &tag_ts, r, room, y + 14.0 - name_ts.leading);
        (y - tag_ts.leading).max(top + h)
    } else {
        let name_ts = style(15.0, 18.0, t.accent, true);
        let y = block(fonts, &mut d, &p.firm.name, &name_ts, l, inner, top + 16.0);
        let tag_ts = style(9.0, 12.0, t.muted, false);
        block(fonts, &mut d, &p.firm.tagline, &tag_ts, l, inner, y + 16.0 - name_ts.leading) - tag_ts.leading
    };

    // The accent band: label, title, client; as tall as they need, moved up when tall.
    let label_ts = style(9.0, 12.0, t.accent.tint(0.35), true);
    let title_ts = style(27.0, 32.0, t.white, true);
    let for_ts = style(13.5, 18.0, t.white, false);
    let labels = &p.pdf_labels;
    let label = lines(fonts, &fill(&labels.cover_label, &[("number", &m.number)]), &label_ts, inner);
    let title_lines = lines(fonts, title, &title_ts, inner);
    let for_line = prepared_for(p);
    let for_lines = lines(fonts, &for_line, &for_ts, inner);
    let extra = |n: usize, leading: f32| n.saturating_sub(1) as f32 * leading;
    let band_h = 80.0
        + title_lines.len() as f32 * title_ts.leading
        + extra(for_lines.len(), for_ts.leading)
        + extra(label.len(), label_ts.leading);
    let lowest = top_end + 16.0;
    let needed: f32 = preamble.iter().enumerate().map(|(i, u)| u.height + if i == 0 { 0.0 } else { u.gap }).sum();
    // With the preamble on the cover, the band rises to leave the page's lower half to the
    // first section.
    let on_cover = !preamble.is_empty() && lowest + band_h + 14.0 + needed <= g.height - 70.0;
    let band_top = if on_cover { lowest } else { (g.height * 0.27).min(g.height - 60.0 - band_h).max(lowest) };
    if band_top + band_h > g.height - 60.0 {
        return Err(too_long(
            format!(
                "the cover's title and client name take {:.0} pt, more than the {:.0} pt its band has",
                band_h,
                g.height - 60.0 - lowest
            ),
            "shorten `proposal.title` or `client.name`",
        ));
    }
    d.push(Draw::Rect { x: 0.0, y: band_top, w: g.width, h: band_h, fill: t.accent });
    d.push(Draw::Rect { x: 0.0, y: band_top + band_h, w: g.width, h: 4.0, fill: t.accent.shade(0.35) });
    d.extend(watermark);
    let mut y = band_top + 18.0;
    for tl in label {
        d.push(Draw::Text { x: l, y, spans: tl.spans });
        y += label_ts.leading;
    }
    y += 22.0 - label_ts.leading + baseline(title_ts.size, title_ts.leading) - title_ts.leading / 2.0;
    for tl in title_lines {
        d.push(Draw::Text { x: l, y, spans: tl.spans });
        y += title_ts.leading;
    }
    y += 12.0;
    for tl in for_lines {
        d.push(Draw::Text { x: l, y, spans: tl.spans });
        y += for_ts.leading;
    }
    let band_end = band_top + band_h;

    // The preamble, when there is one and it fits above the bottom bar.
    if on_cover {
        let mut y = band_end + 14.0;
        for (i, u) in preamble.iter().enumerate() {
            if i > 0 {
                y += u.gap;
            }
            d.extend(u.draws.iter().map(|dr| dr.moved(y)));
            y += u.height;
        }
        d.push(Draw::Rect { x: 0.0, y: g.height - 10.0, w: g.width, h: 10.0, fill: t.accent });
        return Ok(Cover { draws: d, preamble: Vec::new(), free: Some(y) });
    }

    // Facts along the bottom, each value wrapped in its cell; the rule above them rises
    // with the tallest.
    let facts = [
        (labels.number.as_str(), m.number.clone()),
        (labels.date.as_str(), locale.date(m.date)),
        (labels.valid_until.as_str(), locale.date(m.valid_until)),
    ];
    let label_size = 7.5;
    let cell = inner / facts.len() as f32;
    let value_ts = style(11.5, 14.0, t.ink, false);
    let values: Vec<Vec<TextLine>> = facts.iter().map(|(_, v)| lines(fonts, v, &value_ts, cell - 14.0)).collect();
    let rows = values.iter().map(Vec::len).max().unwrap_or(1).max(1);
    let fy = g.height - 128.0 - extra(rows, value_ts.leading);

    // Two columns above them: the client and the firm.
    let col_w = (inner - 24.0) / 2.0;
    let mut columns = Vec::new();
    let mut column_end = 0.0f32;
    let mut column = |d: &mut Vec<Draw>, x: f32, heading: &str, first: &str, rest: &[Option<&str>]| {
        let mut y = band_end + 48.0;
        d.push(line(x, y, text(fonts, heading, Style::Bold, label_size, t.accent)));
        y += 16.0;
        let first_ts = style(11.5, 15.0, t.ink, true);
        y = block(fonts, d, first, &first_ts, x, col_w, y);
        let rest_ts = style(9.5, 13.5, t.muted, false);
        let mut leading = first_ts.leading;
        for s in rest.iter().flatten() {
            y = block(fonts, d, s, &rest_ts, x, col_w, y);
            leading = rest_ts.leading;
        }
        column_end = column_end.max(y - leading);
    };
    let c = &p.client;
    let client = [c.contact.as_deref(), c.email.as_deref(), c.address.as_deref()];
    column(&mut columns, l, &labels.prepared_for, &c.name, &client);
    let k = &m.consultant;
    let email = k.email.as_deref().unwrap_or(&p.firm.email);
    let firm = [k.title.as_deref(), Some(p.firm.name.as_str()), Some(email), k.phone.as_deref()];
    column(&mut columns, l + col_w + 24.0, &labels.prepared_by, &k.name, &firm);
    if column_end <= fy - 12.0 {
        d.extend(columns);
    } else if preamble.is_empty() {
        return Err(too_long(
            "the client's and the firm's particulars run past the facts at the foot of the cover".into(),
            "shorten `client.name`, `client.contact`, `client.email`, `client.address` or \
             `proposal.consultant`, or give the cover template a preamble, which flows onto the next page",
        ));
    }
    // Else the columns are left out: the preamble, which opens the next page, states the
    // same particulars in full.

    d.push(Draw::Line { x1: l, y1: fy, x2: r, y2: fy, width: 0.6, color: t.rule });
    let rule_end = fy + 46.0 + extra(rows, value_ts.leading);
    for (i, ((label, _), value)) in facts.iter().zip(values).enumerate() {
        let x = l + cell * i as f32;
        if i > 0 {
            d.push(Draw::Line { x1: x - 12.0, y1: fy + 12.0, x2: x - 12.0, y2: rule_end, width: 0.6, color: t.rule });
        }
        d.push(line(x, fy + 22.0, text(fonts, label, Style::Bold, label_size, t.muted)));
        for (li, tl) in value.into_iter().enumerate() {
            d.push(Draw::Text { x, y: fy + 40.0 + li as f32 * value_ts.leading, spans: tl.spans });
        }
    }
    d.push(Draw::Rect { x: 0.0, y: g.height - 10.0, w: g.width, h: 10.0, fill: t.accent });
    Ok(Cover { draws: d, preamble, free: None })
}

/// The footer's left side: the firm, the revision, and the content hash that tells copies
/// apart.
fn footer_text(p: &Proposal) -> String {
    let mut parts = vec![p.firm.name.clone(), p.firm.website.clone()];
    let labels = &p.pdf_labels;
    parts.extend(p.proposal.revision.iter().map(|r| fill(&labels.revision, &[("revision", r)])));
    if !p.content_hash.is_empty() {
        parts.push(fill(&labels.reference, &[("ref", &p.content_hash)]));
    }
    parts.join(" \u{00B7} ")
}

/// The diagonal "DRAFT – not approved" across a page of a draft: under everything else on a
/// body page, over the band on the cover.
pub fn watermark(fonts: &Fonts, g: &Geometry, p: &Proposal) -> Draw {
    let (size, colour) = (54.0, Rgb(0xF2, 0xC4, 0xC4));
    let mut l = text(fonts, &p.pdf_labels.draft, Style::Bold, size, colour);
    // A longer label (German's "ENTWURF – nicht freigegeben") is set smaller so that the
    // diagonal, glyph height included, keeps half an inch from the page's sides.
    let room = (g.width - 72.0) * std::f32::consts::SQRT_2 - size;
    if l.width > room {
        l = text(fonts, &p.pdf_labels.draft, Style::Bold, size * room / l.width, colour);
    }
    // Centre the line on the page along a 45° diagonal.
    let half = l.width / 2.0 * std::f32::consts::FRAC_1_SQRT_2;
    Draw::Rotated { x: g.width / 2.0 - half, y: g.height / 2.0 + half, degrees: 45.0, spans: l.spans }
}

/// The running header and footer of body page `n` of `total`, split so the header is drawn
/// before the page's body and the footer after it (reading order). The client's name and the
/// proposal number wrap upwards from the header's rule, the footer's text downwards to the
/// page number; either refused when it would take more lines than its band has.
pub fn chrome(
    fonts: &Fonts,
    t: &Theme,
    g: &Geometry,
    p: &Proposal,
    n: usize,
    total: usize,
) -> Result<(Vec<Draw>, Vec<Draw>)> {
    let size = 8.0;
    let hy = g.top - 30.0;
    let labels = &p.pdf_labels;
    let mut running = fill(&labels.running_number, &[("number", &p.proposal.number)]);
    if let Some(r) = p.proposal.revision.as_deref() {
        running = format!("{running}, {}", fill(&labels.revision, &[("revision", r)]));
    }
    let number_ts = style(size, CHROME_LEADING, t.muted, false);
    let number = lines(fonts, &running, &number_ts, g.body_width() * 0.4);
    let number_w = number.iter().map(|l| l.width).fold(0.0, f32::max);
    let client_ts = style(size, CHROME_LEADING, t.ink, true);
    let client = lines(fonts, &p.client.name, &client_ts, g.body_width() - number_w - 24.0);
    if client.len().max(number.len()) > CHROME_LINES {
        return Err(too_long(
            format!(
                "the client's name and the proposal number take {} lines of the running head, more than the {CHROME_LINES} it holds",
                client.len().max(number.len())
            ),
            "shorten `client.name` or `proposal.number`",
        ));
    }
    let mut header = Vec::new();
    let up = |count: usize, i: usize| hy - (count - 1 - i) as f32 * CHROME_LEADING;
    let count = client.len();
    for (i, l) in client.into_iter().enumerate() {
        header.push(Draw::Text { x: g.left, y: up(count, i), spans: l.spans });
    }
    let count = number.len();
    for (i, l) in number.into_iter().enumerate() {
        header.push(Draw::Text { x: g.right - l.width, y: up(count, i), spans: l.spans });
    }
    header.push(Draw::Line { x1: g.left, y1: hy + 8.0, x2: g.right, y2: hy + 8.0, width: 0.5, color: t.rule });

    let (n, total) = (n.to_string(), total.to_string());
    let page = text(fonts, &fill(&labels.page, &[("n", &n), ("total", &total)]), Style::Bold, size, t.ink);
    let foot_ts = style(size, CHROME_LEADING, t.muted, false);
    let foot = lines(fonts, &footer_text(p), &foot_ts, g.body_width() - page.width - 24.0);
    if foot.len() > FOOTER_LINES {
        return Err(too_long(
            format!("the footer's text takes {} lines, more than the {FOOTER_LINES} the footer holds", foot.len()),
            "shorten the firm's `name` or `website` in the catalog's firm.toml",
        ));
    }
    let last = g.bottom + 36.0;
    let first = last - extra_lines(foot.len()) * CHROME_LEADING;
    let mut footer = vec![Draw::Rect { x: g.left, y: first - 16.0, w: 22.0, h: 2.0, fill: t.accent }];
    for (i, l) in foot.into_iter().enumerate() {
        footer.push(Draw::Text { x: g.left, y: first + i as f32 * CHROME_LEADING, spans: l.spans });
    }
    footer.push(Draw::Text { x: g.right - page.width, y: last, spans: page.spans });
    Ok((header, footer))
}

/// Lines after the first.
fn extra_lines(count: usize) -> f32 {
    count.saturating_sub(1) as f32
}

/// The band's line under the title: whom the proposal is for. With a contact named in the
/// particulars (Japanese: "Head of IT Yuki Tanaka 様") the company takes no honorific of its
/// own, as 御中 addresses an organisation only when no one is named.
fn prepared_for(p: &Proposal) -> String {
    let labels = &p.pdf_labels;
    let line = match p.client.contact {
        Some(_) => &labels.prepared_for_named,
        None => &labels.prepared_for_line,
    };
    fill(line, &[("client", &p.client.name)])
}

#[cfg(test)]
mod tests {
    use super::super::fonts::Fonts;
    use super::super::style::DEFAULT_ACCENT;
    use super::*;

    #[test]
    fn a_drafts_watermark_lies_over_the_band_and_under_its_text() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/northwind-migration.toml");
        let p =
            crate::build(&crate::intake::read(&path).unwrap(), &crate::catalog::Catalog::embedded().unwrap()).unwrap();
        let fonts = Fonts::embedded_only();
        let (t, g) = (Theme::new(DEFAULT_ACCENT), Geometry::new(false));
        let content =
            Content { title: "Title", logo: None, preamble: Vec::new(), watermark: Some(watermark(&fonts, &g, &p)) };
        let draws = cover(&fonts, &t, &g, &p, content).unwrap().draws;
        let band =
            draws.iter().position(|d| matches!(d, Draw::Rect { fill, w, .. } if *fill == t.accent && *w == g.width));
        let mark = draws.iter().position(|d| matches!(d, Draw::Rotated { .. }));
        let title = draws.iter().position(|d| matches!(d, Draw::Text { spans, .. } if spans[0].text == "Title"));
        assert!(band < mark && mark < title, "band {band:?}, watermark {mark:?}, title {title:?}");
    }

    /// Review 18, kansai in Japanese: the band read "Kansai Logistics K.K. 御中" above the
    /// particulars' "Head of IT Yuki Tanaka 様". With a contact named, the company takes no
    /// 御中; without one it keeps it; English says "Prepared for" either way.
    #[test]
    fn a_japanese_cover_gives_the_company_onchu_only_when_no_contact_is_named() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/kansai-platform.toml");
        let catalog = crate::catalog::Catalog::embedded().unwrap();
        let built = |language: &str| {
            let sets = [format!("proposal.language={language}")];
            let source = crate::intake::set::apply(&crate::intake::read(&path).unwrap(), &sets).unwrap();
            crate::build(&source, &catalog).unwrap()
        };
        let mut p = built("ja");
        assert!(p.client.contact.as_deref().is_some_and(|c| c.ends_with('様')), "{:?}", p.client.contact);
        assert_eq!(prepared_for(&p), "Kansai Logistics K.K.");
        p.client.contact = None;
        assert_eq!(prepared_for(&p), "Kansai Logistics K.K. 御中");
        let mut p = built("en");
        assert_eq!(prepared_for(&p), "Prepared for Kansai Logistics K.K.");
        p.client.contact = None;
        assert_eq!(prepared_for(&p), "Prepared for Kansai Logistics K.K.");
    }
}
