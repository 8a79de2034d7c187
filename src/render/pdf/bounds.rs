//! The check that nothing is drawn outside its area: a body page's content inside the text
//! block, the running heads inside their bands, the cover's text between the margins. Run
//! on every page of every document, so a layout that would clip or overflow text fails
//! loudly instead of losing it.

use super::draw::Draw;
use super::style::Geometry;

/// Liberation Sans's ascender and descender in ems (`hhea`: 1854 and 434 of 2048 units):
/// the glyph box of a line of text around its baseline.
pub const ASCENT: f32 = 0.905;
pub const DESCENT: f32 = 0.212;

/// Slack for rounding, in points.
const SLACK: f32 = 0.01;

/// A rectangle of the page in points, y down from the top.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Area {
    pub left: f32,
    pub top: f32,
    pub right: f32,
    pub bottom: f32,
}

impl Area {
    /// Halfway down.
    pub fn mid(&self) -> f32 {
        (self.top + self.bottom) / 2.0
    }

    fn contains(&self, other: &Area) -> bool {
        other.left >= self.left - SLACK
            && other.right <= self.right + SLACK
            && other.top >= self.top - SLACK
            && other.bottom <= self.bottom + SLACK
    }
}

/// Where the chrome (running heads) stops short of the paper's edge.
const EDGE: f32 = 8.0;

impl Geometry {
    /// The text block of a body page.
    pub fn body_area(&self) -> Area {
        Area { left: self.left, top: self.top, right: self.right, bottom: self.bottom }
    }

    /// The band above the text block, for the running header.
    pub fn header_area(&self) -> Area {
        Area { left: self.left, top: EDGE, right: self.right, bottom: self.top }
    }

    /// The band below the text block, for the running footer.
    pub fn footer_area(&self) -> Area {
        Area { left: self.left, top: self.bottom, right: self.right, bottom: self.height - EDGE }
    }

    /// The cover's text: between the side margins, on the page.
    pub fn cover_text_area(&self) -> Area {
        Area { left: self.left, top: EDGE, right: self.right, bottom: self.height - EDGE }
    }

    /// The whole page (the cover's band and bars bleed to the edges).
    pub fn page_area(&self) -> Area {
        Area { left: 0.0, top: 0.0, right: self.width, bottom: self.height }
    }
}

/// The box a draw covers: text from its ascender to its descender, lines with their width.
pub fn extent(d: &Draw) -> Area {
    let span = |x0: f32, x1: f32, y0: f32, y1: f32| Area { left: x0, top: y0, right: x1, bottom: y1 };
    match d {
        Draw::Text { x, y, spans } => {
            let right = spans.iter().map(|s| x + s.dx + s.width).fold(*x, f32::max);
            let size = spans.iter().map(|s| s.size).fold(0.0, f32::max);
            span(*x, right, y - size * ASCENT, y + size * DESCENT)
        }
        Draw::Rotated { x, y, degrees, spans } => {
            // The text box's corners turned about its origin; y grows downwards.
            let (sin, cos) = degrees.to_radians().sin_cos();
            let width = spans.iter().map(|s| s.dx + s.width).fold(0.0, f32::max);
            let size = spans.iter().map(|s| s.size).fold(0.0, f32::max);
            let corners =
                [(0.0, -size * ASCENT), (width, -size * ASCENT), (0.0, size * DESCENT), (width, size * DESCENT)];
            let points: Vec<(f32, f32)> =
                corners.iter().map(|(u, v)| (x + u * cos + v * sin, y - u * sin + v * cos)).collect();
            let xs = points.iter().map(|p| p.0);
            let ys = points.iter().map(|p| p.1);
            span(
                xs.clone().fold(f32::MAX, f32::min),
                xs.fold(f32::MIN, f32::max),
                ys.clone().fold(f32::MAX, f32::min),
                ys.fold(f32::MIN, f32::max),
            )
        }
        Draw::Rect { x, y, w, h, .. }
        | Draw::Image { x, y, w, h }
        | Draw::Field { x, y, w, h, .. }
        | Draw::Goto { x, y, w, h, .. } => span(*x, x + w, *y, y + h),
        Draw::Line { x1, y1, x2, y2, width, .. } => {
            // Butt caps: the stroke reaches half its width to either side, not past the ends.
            let length = ((x2 - x1).powi(2) + (y2 - y1).powi(2)).sqrt().max(f32::EPSILON);
            let (nx, ny) = ((y1 - y2) / length * width / 2.0, (x2 - x1) / length * width / 2.0);
            let (nx, ny) = (nx.abs(), ny.abs());
            span(x1.min(*x2) - nx, x1.max(*x2) + nx, y1.min(*y2) - ny, y1.max(*y2) + ny)
        }
        Draw::Diamond { x, y, r, .. } | Draw::Dot { x, y, r, .. } => span(x - r, x + r, y - r, y + r),
    }
}

/// The first draw outside its area: text must lie in `text`, everything else in `shapes`.
pub fn outside<'a>(draws: &'a [Draw], text: &Area, shapes: &Area) -> Option<&'a Draw> {
    draws.iter().find(|d| {
        let area = if matches!(d, Draw::Text { .. }) { text } else { shapes };
        !area.contains(&extent(d))
    })
}

/// What a draw shows, for an error message.
pub fn describe(d: &Draw) -> String {
    match d {
        Draw::Text { spans, .. } => {
            let text: String = spans.iter().map(|s| s.text.as_str()).collect();
            let short: String = text.chars().take(60).collect();
            format!("the text `{short}` at {}", at(d))
        }
        other => format!("a shape at {}", at(other)),
    }
}

fn at(d: &Draw) -> String {
    let a = extent(d);
    format!("({:.1}, {:.1})–({:.1}, {:.1})", a.left, a.top, a.right, a.bottom)
}

#[cfg(test)]
mod tests {
    use super::super::draw::Span;
    use super::super::fonts::Style;
    use super::super::style::Rgb;
    use super::*;

    fn text_at(x: f32, y: f32, width: f32) -> Draw {
        let span = Span {
            dx: 0.0,
            width,
            style: Style::Regular,
            size: 10.0,
            color: Rgb(0, 0, 0),
            text: "x".into(),
            strike: false,
            glyphs: std::rc::Rc::from([]),
        };
        Draw::Text { x, y, spans: vec![span] }
    }

    #[test]
    fn finds_text_past_the_margins_or_the_bottom_of_the_text_block() {
        let g = Geometry::new(false);
        let body = g.body_area();
        assert!(outside(&[text_at(g.left, g.top + 12.0, 100.0)], &body, &body).is_none());
        assert!(outside(&[text_at(g.left, g.top + 12.0, g.body_width() + 1.0)], &body, &body).is_some());
        assert!(outside(&[text_at(g.left, g.bottom, 10.0)], &body, &body).is_some(), "its descender is below");
        assert!(outside(&[text_at(g.left, g.top + 5.0, 10.0)], &body, &body).is_some(), "its ascender is above");
        let rule = Draw::Line {
            x1: g.left,
            y1: g.bottom + 1.0,
            x2: g.right,
            y2: g.bottom + 1.0,
            width: 0.5,
            color: Rgb(0, 0, 0),
        };
        assert!(outside(&[rule], &body, &body).is_some());
    }

    #[test]
    fn a_turned_line_covers_its_diagonal() {
        let s = Span {
            dx: 0.0,
            width: 100.0,
            style: Style::Bold,
            size: 10.0,
            color: Rgb(0, 0, 0),
            text: "x".into(),
            strike: false,
            glyphs: std::rc::Rc::from([]),
        };
        let a = extent(&Draw::Rotated { x: 100.0, y: 500.0, degrees: 45.0, spans: vec![s] });
        assert!(a.right > 170.0 && a.top < 430.0, "{a:?}");
    }
}
