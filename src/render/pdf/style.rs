//! The page and the look: page geometry and margins, colours and the type scale.

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// This colour mixed with white: `amount` 0 is white, 1 is the colour.
    pub fn tint(self, amount: f32) -> Rgb {
        let m = |c: u8| (255.0 - (255.0 - c as f32) * amount).round() as u8;
        Rgb(m(self.0), m(self.1), m(self.2))
    }

    /// This colour mixed with black: `amount` 0 is the colour, 1 is black.
    pub fn shade(self, amount: f32) -> Rgb {
        let m = |c: u8| (c as f32 * (1.0 - amount)).round() as u8;
        Rgb(m(self.0), m(self.1), m(self.2))
    }
}

/// Colours and the type scale. One accent colour; everything else is neutral.
#[derive(Debug, Clone)]
pub struct Theme {
    pub accent: Rgb,
    pub accent_tint: Rgb,
    pub accent_wash: Rgb,
    pub ink: Rgb,
    pub muted: Rgb,
    pub rule: Rgb,
    pub zebra: Rgb,
    pub white: Rgb,
    pub body: f32,
    pub leading: f32,
    /// Table type: its size, its leading as a multiple of the size, the padding above and
    /// below a row's text and beside a cell's, and the heights of the signature block's rows to write and to
    /// sign in.
    pub table: f32,
    pub table_leading: f32,
    pub table_pad: f32,
    pub table_pad_x: f32,
    pub write_height: f32,
    pub sign_height: f32,
    /// The document's title when no cover page carries it (the brief's).
    pub title: f32,
    /// The space between blocks, as a multiple of the usual.
    pub spacing: f32,
    pub h2: f32,
    pub h3: f32,
    /// Small print (the terms): size and leading.
    pub small: f32,
    pub small_leading: f32,
}

/// Deep teal-blue, readable as text on white and as a fill behind white text.
pub const DEFAULT_ACCENT: Rgb = Rgb(0x0E, 0x5A, 0x78);

impl Theme {
    pub fn new(accent: Rgb) -> Theme {
        Theme {
            accent,
            accent_tint: accent.tint(0.14),
            accent_wash: accent.tint(0.06),
            ink: Rgb(0x1D, 0x26, 0x2D),
            muted: Rgb(0x5C, 0x68, 0x72),
            rule: Rgb(0xD3, 0xD9, 0xDE),
            zebra: Rgb(0xF5, 0xF7, 0xF8),
            white: Rgb(0xFF, 0xFF, 0xFF),
            body: 9.5,
            leading: 12.2,
            table: 8.8,
            table_leading: 1.3,
            table_pad: 3.0,
            table_pad_x: 6.0,
            write_height: 22.0,
            sign_height: 30.0,
            title: 15.5 * 1.6,
            spacing: 1.0,
            h2: 15.5,
            h3: 11.5,
            small: 8.0,
            small_leading: 10.6,
        }
    }
}

impl Theme {
    /// The theme copyfitted a first step: the text at its size, the headings and the title
    /// smaller, half the space between blocks, the signature block's rows lower, and the tables
    /// at their size on a tighter leading and padding (what takes a brief's room is its tables;
    /// every brief that fitted with the text at 8.8 pt still does). For a brief that would
    /// otherwise run past its pages.
    pub fn snug(&self) -> Theme {
        Theme {
            table_leading: 1.2,
            table_pad: 2.0,
            write_height: 18.0,
            sign_height: 26.0,
            title: self.h2 * 1.2,
            spacing: 0.5,
            h2: 14.0,
            h3: 10.5,
            ..self.clone()
        }
    }

    /// The theme copyfitted a second step: [`Theme::snug`], the tables' rows padded less and the
    /// title smaller still, the type at its sizes. Litware's A4 brief, three engagements with its
    /// managed one's service level, keeps its two pages so.
    pub fn snugger(&self) -> Theme {
        Theme { table_pad: 1.5, title: self.h2 * 1.1, ..self.snug() }
    }

    /// The theme copyfitted all the way: [`Theme::snugger`], the text smaller, and the tables set
    /// at the small print's size, closer together. Nothing is set smaller than the small print.
    pub fn tight(&self) -> Theme {
        Theme { body: 8.8, leading: 11.4, table: self.small, table_pad_x: 4.0, ..self.snugger() }
    }
}

/// The page and its margins.
#[derive(Debug, Clone, Copy)]
pub struct Geometry {
    pub width: f32,
    pub height: f32,
    pub left: f32,
    pub right: f32,
    /// Top of the body area, from the page top.
    pub top: f32,
    /// Bottom of the body area, from the page top.
    pub bottom: f32,
}

impl Geometry {
    pub fn new(letter: bool) -> Geometry {
        let (width, height) = if letter { (612.0, 792.0) } else { (595.276, 841.89) };
        Geometry { width, height, left: 64.0, right: width - 64.0, top: 78.0, bottom: height - 66.0 }
    }

    pub fn body_width(&self) -> f32 {
        self.right - self.left
    }

    pub fn body_height(&self) -> f32 {
        self.bottom - self.top
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copyfitting_never_sets_type_below_the_small_print_and_snug_keeps_the_type_sizes() {
        let t = Theme::new(DEFAULT_ACCENT);
        let (snug, snugger, tight) = (t.snug(), t.snugger(), t.tight());
        for f in [&snug, &snugger, &tight] {
            assert!(f.body >= t.small && f.table >= t.small && f.h3 > f.body && f.h2 > f.h3);
            assert!(f.spacing < t.spacing && f.title < t.title && f.sign_height < t.sign_height);
            assert!(f.table_pad < t.table_pad && f.table_leading < t.table_leading);
        }
        // Snug sets the text and the tables at their sizes (issue 15: litware's A4 brief was
        // set with 8 pt tables and 8.8 pt text, its tables' leading what took the room).
        assert_eq!(
            (snug.body, snug.leading, snug.table, snug.table_pad_x),
            (t.body, t.leading, t.table, t.table_pad_x)
        );
        assert_eq!(
            (snugger.body, snugger.leading, snugger.table, snugger.table_pad_x),
            (t.body, t.leading, t.table, t.table_pad_x)
        );
        assert!(snugger.table_pad < snug.table_pad && snugger.title < snug.title);
        assert_eq!(tight.table, t.small);
        assert!(tight.body < t.body && tight.table_pad_x < t.table_pad_x);
    }
}
