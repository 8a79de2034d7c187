//! Line breaking with real glyph widths, and paragraphs as units with orphan and widow
//! control.

use super::blocks::Run;
use super::draw::{Draw, Span, Unit};
use super::fonts::{Fonts, Style};
use super::style::Rgb;

/// Text settings for a paragraph.
#[derive(Debug, Clone, Copy)]
pub struct TextStyle {
    pub size: f32,
    pub leading: f32,
    pub color: Rgb,
    pub link: Rgb,
    /// Applied on top of each run's own style (a bold table header, an italic caption).
    pub bold: bool,
    pub italic: bool,
}

/// A line of laid-out text and its width.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TextLine {
    pub spans: Vec<Span>,
    pub width: f32,
}

/// Breaks `runs` into lines no wider than `width`: at spaces, after hyphens and dashes and
/// slashes inside words, at hard breaks, and inside a word only when it alone is too wide.
/// No-break spaces never break. Widths are the font's `/W` widths.
pub fn wrap(fonts: &Fonts, runs: &[Run], ts: &TextStyle, width: f32) -> Vec<TextLine> {
    /// A stretch of one run ending at a break opportunity: byte range, width and the width
    /// of its trailing spaces (in 1/1000 em), or a hard break.
    struct Piece {
        run: usize,
        start: usize,
        end: usize,
        width: u32,
        trail: u32,
        hard: bool,
    }
    let texts: Vec<std::borrow::Cow<'_, str>> = runs.iter().map(|r| fonts.clean(&r.text)).collect();
    let styles: Vec<Style> =
        runs.iter().map(|r| Style::new(r.style.bold() || ts.bold, r.style.italic() || ts.italic)).collect();
    let mut pieces: Vec<Piece> = Vec::new();
    for (ri, text) in texts.iter().enumerate() {
        let face = fonts.face(styles[ri]);
        let mut piece = Piece { run: ri, start: 0, end: 0, width: 0, trail: 0, hard: false };
        let mut prev: Option<char> = None;
        let mut chars = text.char_indices().peekable();
        while let Some((at, c)) = chars.next() {
            let next = chars.peek().map(|(_, n)| *n);
            if c == '\n' {
                if piece.end > piece.start {
                    let fresh = Piece { run: ri, start: at, end: at, width: 0, trail: 0, hard: false };
                    pieces.push(std::mem::replace(&mut piece, fresh));
                }
                pieces.push(Piece { run: ri, start: at, end: at, width: 0, trail: 0, hard: true });
                piece.start = at + 1;
                piece.end = at + 1;
                prev = None;
                continue;
            }
            let w = face.advance(c);
            piece.end = at + c.len_utf8();
            piece.width += w;
            piece.trail = if c == ' ' { piece.trail + w } else { 0 };
            let after_space = c == ' ' && next != Some(' ');
            let after_dash = matches!(c, '-' | '\u{2013}' | '\u{2014}' | '/')
                && prev.is_some_and(char::is_alphanumeric)
                && next.is_some_and(char::is_alphanumeric);
            if after_space || after_dash {
                let end = piece.end;
                let fresh = Piece { run: ri, start: end, end, width: 0, trail: 0, hard: false };
                pieces.push(std::mem::replace(&mut piece, fresh));
            }
            prev = Some(c);
        }
        if piece.end > piece.start {
            pieces.push(piece);
        }
    }

    let scale = ts.size / 1000.0;
    let fits = |w: u32| w as f32 * scale <= width + 0.001;
    let mut lines = Vec::new();
    let mut line: Vec<(usize, usize, usize)> = Vec::new();
    let mut line_w = 0u32;
    for p in pieces {
        if p.hard {
            lines.push(std::mem::take(&mut line));
            line_w = 0;
            continue;
        }
        if !line.is_empty() && !fits(line_w + p.width - p.trail) {
            lines.push(std::mem::take(&mut line));
            line_w = 0;
        }
        if fits(p.width - p.trail) {
            line.push((p.run, p.start, p.end));
            line_w += p.width;
            continue;
        }
        // A word wider than the line: break it between characters.
        let face = fonts.face(styles[p.run]);
        let mut start = p.start;
        let mut part_w = 0;
        for (at, c) in texts[p.run][p.start..p.end].char_indices() {
            let w = face.advance(c);
            if !fits(part_w + w) && p.start + at > start {
                line.push((p.run, start, p.start + at));
                lines.push(std::mem::take(&mut line));
                start = p.start + at;
                part_w = 0;
            }
            part_w += w;
        }
        line.push((p.run, start, p.end));
        line_w = part_w;
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
        .into_iter()
        .map(|pieces| {
            // Consecutive pieces of one run are one span.
            let mut merged: Vec<(usize, usize, usize)> = Vec::with_capacity(pieces.len());
            for (ri, a, b) in pieces {
                match merged.last_mut() {
                    Some((r, _, end)) if *r == ri && *end == a => *end = b,
                    _ => merged.push((ri, a, b)),
                }
            }
            let mut spans = Vec::with_capacity(merged.len());
            let mut x = 0.0;
            let count = merged.len();
            for (i, (ri, a, b)) in merged.into_iter().enumerate() {
                let mut text = &texts[ri][a..b];
                if i + 1 == count {
                    text = text.trim_end_matches(' ');
                }
                if text.is_empty() {
                    continue;
                }
                let run = &runs[ri];
                let w = fonts.width(styles[ri], text, ts.size);
                let color = if run.link || run.code { ts.link } else { ts.color };
                spans.push(Span {
                    dx: x,
                    width: w,
                    style: styles[ri],
                    size: ts.size,
                    color,
                    text: text.to_string(),
                    strike: run.strike,
                });
                x += w;
            }
            TextLine { spans, width: x }
        })
        .collect()
}

/// The baseline of text of `size` centred in a line box of `leading`.
pub fn baseline(size: f32, leading: f32) -> f32 {
    leading / 2.0 + size * 0.35
}

/// Lays out runs as units, one per line, with orphan and widow control: the first two and
/// last two lines of a paragraph stay together.
pub fn paragraph(fonts: &Fonts, runs: &[Run], ts: &TextStyle, x: f32, width: f32, align: f32) -> Vec<Unit> {
    let lines = wrap(fonts, runs, ts, width);
    let n = lines.len();
    lines
        .into_iter()
        .enumerate()
        .map(|(i, line)| {
            let mut u = Unit::new(ts.leading, 0.0);
            let dx = (width - line.width) * align;
            u.draws.push(Draw::Text { x: x + dx, y: baseline(ts.size, ts.leading), spans: line.spans });
            u.keep_next = n > 1 && (i == 0 || i + 2 == n);
            u
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fonts() -> Fonts {
        Fonts::load().unwrap()
    }

    fn ts() -> TextStyle {
        TextStyle { size: 10.0, leading: 14.0, color: Rgb(0, 0, 0), link: Rgb(0, 0, 0), bold: false, italic: false }
    }

    fn run(text: &str) -> Run {
        Run::new(text, Style::Regular)
    }

    fn texts(lines: &[TextLine]) -> Vec<String> {
        lines.iter().map(|l| l.spans.iter().map(|s| s.text.as_str()).collect()).collect()
    }

    #[test]
    fn wraps_at_spaces_within_the_width_measured_by_glyph_widths() {
        let f = fonts();
        let text = "The quick brown fox jumps over the lazy dog and keeps running far away";
        let lines = wrap(&f, &[run(text)], &ts(), 120.0);
        assert!(lines.len() > 2);
        for l in &lines {
            assert!(l.width <= 120.0, "{l:?}");
            assert!((l.width - f.width(Style::Regular, &l.spans[0].text, 10.0)).abs() < 1e-3);
        }
        assert_eq!(texts(&lines).join(" "), text);
    }

    #[test]
    fn never_breaks_at_a_no_break_space_and_splits_overlong_words() {
        let f = fonts();
        let lines = wrap(&f, &[run("Total 1\u{202f}234\u{202f}567,50\u{a0}€")], &ts(), 90.0);
        assert_eq!(texts(&lines), ["Total", "1\u{202f}234\u{202f}567,50\u{a0}€"]);
        // A date and a negative amount as the locales write them stay whole on their line.
        let date = crate::money::Locale::EnUs.date(chrono::NaiveDate::from_ymd_opt(2026, 9, 30).unwrap_or_default());
        let amount = crate::money::Locale::DeDe
            .money(rust_decimal::Decimal::new(-123456789, 2), crate::money::Currency::from_code("EUR").unwrap());
        let lines = wrap(&f, &[run(&format!("Due by {date} {amount}"))], &ts(), 110.0);
        assert_eq!(texts(&lines), ["Due by", date.as_str(), amount.as_str()]);
        let lines = wrap(&f, &[run("Supercalifragilisticexpialidocious")], &ts(), 50.0);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| l.width <= 50.0));
    }

    #[test]
    fn keeps_styles_per_span_and_honours_hard_breaks() {
        let f = fonts();
        let runs = [run("Plain "), Run { style: Style::Bold, ..run("bold") }, run("\nnext")];
        let lines = wrap(&f, &runs, &ts(), 400.0);
        assert_eq!(texts(&lines), ["Plain bold", "next"]);
        assert_eq!(lines[0].spans[1].style, Style::Bold);
        assert!((lines[0].spans[1].dx - f.width(Style::Regular, "Plain ", 10.0)).abs() < 1e-4);
    }
}
