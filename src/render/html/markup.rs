//! The proposal's Markdown as accessible HTML: pulldown-cmark's events (GFM tables) walked
//! and written by hand, so that tables get `<th scope>`, headings get ids for the contents,
//! the Mermaid timeline gives way to the inline SVG chart, and no raw HTML passes through
//! (the template's `<!-- propose:… -->` markers are dropped; any other HTML shows as text,
//! so nothing is lost). Every text is escaped here; the Markdown already escaped intake text
//! for Markdown, so a client called `<script>` reads literally.

use pulldown_cmark::{Alignment, CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// One `##` section of the document, for the contents.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Entry {
    pub id: String,
    pub text: String,
}

/// The body's HTML and its sections.
#[derive(Debug, Default)]
pub struct Body {
    /// Everything after the `<h1>`.
    pub html: String,
    /// The `<h1>` element, written apart so the page can put its contents after it.
    pub h1: String,
    /// The `<h1>`'s text (the document's title).
    pub title: String,
    pub contents: Vec<Entry>,
}

/// Writes `markdown` as HTML; a ```` ```mermaid ```` block is replaced by `chart` when
/// given. Headings shift so the document keeps one `<h1>`: the Markdown's `#` is the only one.
pub fn body(markdown: &str, chart: Option<&str>) -> Body {
    let mut w = Writer::default();
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    for event in Parser::new_ext(markdown, options) {
        w.event(event, chart);
    }
    Body { html: w.out, h1: w.h1, title: w.title, contents: w.contents }
}

#[derive(Default)]
struct Writer {
    out: String,
    h1: String,
    title: String,
    contents: Vec<Entry>,
    /// Open heading: its level, and its text so far (for its id and the contents).
    heading: Option<(HeadingLevel, usize, String)>,
    /// The open table's column alignments, whether in its head, and the cell's column.
    align: Vec<Alignment>,
    /// The open table's column headers as plain text: each body cell carries its column's
    /// as `data-label`, which a narrow screen shows beside the value when rows become cards.
    labels: Vec<String>,
    in_head: bool,
    column: usize,
    /// Inside a fenced code block: its language, and whether its text is skipped.
    code: Option<bool>,
    ids: Vec<String>,
    /// The last character of text written.
    last: Option<char>,
}

impl Writer {
    fn event(&mut self, event: Event, chart: Option<&str>) {
        match event {
            Event::Start(tag) => self.start(tag, chart),
            Event::End(tag) => self.end(tag),
            Event::Text(text) => {
                if self.code == Some(true) {
                    return;
                }
                self.text(crate::render::pdf::blocks::after_punctuation(self.last, &text));
            }
            Event::Code(text) => {
                self.out.push_str("<code>");
                self.text(&text);
                self.out.push_str("</code>");
            }
            // Japanese and Chinese set no space between sentences: a line break after their
            // text joins the lines directly, as the PDF does.
            Event::SoftBreak if self.last.is_some_and(crate::render::pdf::blocks::is_cjk) => {}
            Event::SoftBreak => self.out.push('\n'),
            Event::HardBreak => self.out.push_str("<br>\n"),
            Event::InlineHtml(html) if html.trim().eq_ignore_ascii_case("<br>") => self.out.push_str("<br>"),
            Event::InlineHtml(html) => self.text(&html),
            Event::Html(html) => {
                let t = html.trim();
                if !(t.starts_with("<!--") && t.ends_with("-->")) {
                    self.out.push_str("<p>");
                    self.text(&html);
                    self.out.push_str("</p>\n");
                }
            }
            Event::Rule => self.out.push_str("<hr>\n"),
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag, chart: Option<&str>) {
        match tag {
            Tag::Paragraph => self.out.push_str("<p>"),
            Tag::Heading { level, .. } => {
                let at = self.out.len();
                self.heading = Some((level, at, String::new()));
            }
            Tag::BlockQuote(_) => self.out.push_str("<blockquote>\n"),
            Tag::List(Some(1)) => self.out.push_str("<ol>\n"),
            Tag::List(Some(n)) => self.out.push_str(&format!("<ol start=\"{n}\">\n")),
            Tag::List(None) => self.out.push_str("<ul>\n"),
            Tag::Item => self.out.push_str("<li>"),
            Tag::CodeBlock(kind) => {
                let mermaid =
                    matches!(&kind, CodeBlockKind::Fenced(info) if info.split_whitespace().next() == Some("mermaid"));
                match (mermaid, chart) {
                    (true, Some(svg)) => {
                        self.out.push_str(svg);
                        self.code = Some(true);
                    }
                    _ => {
                        self.out.push_str("<pre><code>");
                        self.code = Some(false);
                    }
                }
            }
            Tag::Table(align) => {
                // Three columns or more do not fit a phone's width: there the rows become cards.
                let class = if align.len() >= 3 { "table cards" } else { "table" };
                self.align = align;
                self.labels.clear();
                self.out.push_str(&format!("<div class=\"{class}\"><table>\n"));
            }
            Tag::TableHead => {
                self.in_head = true;
                self.column = 0;
                self.out.push_str("<thead>\n<tr>");
            }
            Tag::TableRow => {
                self.column = 0;
                self.out.push_str("<tr>");
            }
            Tag::TableCell => {
                let class = match self.align.get(self.column) {
                    Some(Alignment::Right) => " class=\"num\"",
                    Some(Alignment::Center) => " class=\"mid\"",
                    _ => "",
                };
                let cell = match (self.in_head, self.column) {
                    (true, _) => {
                        self.labels.push(String::new());
                        format!("<th scope=\"col\"{class}>")
                    }
                    // The first column names its row: an engagement, a fee, a phase, a term.
                    (false, 0) => format!("<th scope=\"row\"{class}>"),
                    (false, column) => {
                        let label = self.labels.get(column).map_or("", |l| l.trim());
                        format!("<td{class} data-label=\"{}\">", escape(label))
                    }
                };
                self.out.push_str(&cell);
            }
            Tag::Emphasis => self.out.push_str("<em>"),
            Tag::Strong => self.out.push_str("<strong>"),
            Tag::Strikethrough => self.out.push_str("<s>"),
            Tag::Link { dest_url, .. } => {
                self.out.push_str("<a href=\"");
                self.out.push_str(&escape(&dest_url));
                self.out.push_str("\">");
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => self.out.push_str("</p>\n"),
            TagEnd::Heading(_) => self.close_heading(),
            TagEnd::BlockQuote(_) => self.out.push_str("</blockquote>\n"),
            TagEnd::List(true) => self.out.push_str("</ol>\n"),
            TagEnd::List(false) => self.out.push_str("</ul>\n"),
            TagEnd::Item => self.out.push_str("</li>\n"),
            TagEnd::CodeBlock if self.code.take() == Some(false) => self.out.push_str("</code></pre>\n"),
            TagEnd::Table => self.out.push_str("</tbody>\n</table></div>\n"),
            TagEnd::TableHead => {
                self.in_head = false;
                self.out.push_str("</tr>\n</thead>\n<tbody>\n");
            }
            TagEnd::TableRow => self.out.push_str("</tr>\n"),
            TagEnd::TableCell => {
                let close = if self.in_head || self.column == 0 { "</th>" } else { "</td>" };
                self.out.push_str(close);
                self.column += 1;
            }
            TagEnd::Emphasis => self.out.push_str("</em>"),
            TagEnd::Strong => self.out.push_str("</strong>"),
            TagEnd::Strikethrough => self.out.push_str("</s>"),
            TagEnd::Link => self.out.push_str("</a>"),
            _ => {}
        }
    }

    fn text(&mut self, text: &str) {
        self.last = text.chars().last().or(self.last);
        if let Some((_, _, plain)) = self.heading.as_mut() {
            plain.push_str(text);
        }
        if self.in_head {
            if let Some(label) = self.labels.last_mut() {
                label.push_str(text);
            }
        }
        self.out.push_str(&escape_unbroken(text));
    }

    /// Wraps the heading's inner HTML, written since it opened, in its tag with an id.
    fn close_heading(&mut self) {
        let Some((level, at, plain)) = self.heading.take() else { return };
        let inner = self.out.split_off(at);
        let level = level as usize;
        let id = self.unique(slug(&plain));
        let element = format!("<h{level} id=\"{id}\">{inner}</h{level}>\n");
        match level {
            1 if self.h1.is_empty() => {
                self.title = plain;
                self.h1 = element;
                return;
            }
            2 => self.contents.push(Entry { id: id.clone(), text: plain }),
            _ => {}
        }
        self.out.push_str(&element);
    }

    /// `id`, or `id-2`, `id-3`… when taken.
    fn unique(&mut self, id: String) -> String {
        let mut candidate = id.clone();
        let mut n = 1;
        while self.ids.contains(&candidate) {
            n += 1;
            candidate = format!("{id}-{n}");
        }
        self.ids.push(candidate.clone());
        candidate
    }
}

/// A heading's id: its letters and digits lower-cased, other runs as one `-`; `s` plus its
/// numbering (`s-2-1`) when nothing is left (a heading in a script without case keeps its
/// letters, which HTML ids allow).
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-');
    match out.chars().next() {
        Some(c) if c.is_alphabetic() => out.to_string(),
        Some(_) => format!("s-{out}"),
        None => "s".to_string(),
    }
}

/// `text` escaped, each identifier in it (a word of letters and digits joined by hyphens,
/// with a digit: `CD-2026-026`, `2026-03-02`) and each range of figures or hours (`30–60`,
/// `am–6` in `8 am–6 pm`, whose hours are bound to their figures by no-break spaces:
/// `typography::joins_range`) kept whole in a `<span class="nobr">`, since a browser may break
/// a line after a hyphen or an en dash. Dates and amounts need nothing: the locale writes their
/// spaces as no-break spaces.
fn escape_unbroken(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let word = |c: char| c.is_alphanumeric() || c == '-' || c == '–';
    // Every en dash in `w` (at `start` in `text`) joins a range.
    let range = |start: usize, w: &str| {
        let mut dashes = w.match_indices('–').map(|(i, _)| start + i).peekable();
        dashes.peek().is_some()
            && dashes.all(|at| crate::typography::joins_range(&text[..at], &text[at + '–'.len_utf8()..]))
    };
    let mut rest = text;
    while let Some(start) = rest.find(word) {
        out.push_str(&escape(&rest[..start]));
        let len = rest[start..].find(|c: char| !word(c)).unwrap_or(rest.len() - start);
        let w = &rest[start..start + len];
        // Only inner hyphens join: a trailing or leading one is punctuation.
        let core = w.trim_matches('-');
        let lead = &w[..w.len() - w.trim_start_matches('-').len()];
        let trail = &w[lead.len() + core.len()..];
        let at = text.len() - rest.len() + start + lead.len();
        let identifier = core.contains('-') && core.contains(|c: char| c.is_ascii_digit()) && !core.contains("--");
        if identifier || range(at, core) {
            out.push_str(&format!("{}<span class=\"nobr\">{}</span>{}", escape(lead), escape(core), escape(trail)));
        } else {
            out.push_str(&escape(w));
        }
        rest = &rest[start + len..];
    }
    out.push_str(&escape(rest));
    out
}

/// `text` safe in HTML text and in a double-quoted attribute.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_get_header_scopes_and_numbers_their_class() {
        let b = body("| Fee | Amount |\n|---|---:|\n| Onboarding | €1 |\n", None);
        assert!(b.html.contains("<th scope=\"col\">Fee</th><th scope=\"col\" class=\"num\">Amount</th>"), "{}", b.html);
        assert!(
            b.html.contains("<th scope=\"row\">Onboarding</th><td class=\"num\" data-label=\"Amount\">€1</td>"),
            "{}",
            b.html
        );
    }

    #[test]
    fn wide_tables_label_each_cell_with_its_column() {
        let b = body("| Engagement | **Starts** | Price |\n|---|---|---:|\n| Pilot | 2026-03-02 | €1 |\n", None);
        assert!(b.html.starts_with("<div class=\"table cards\">"), "{}", b.html);
        assert!(
            b.html.contains(
                "<th scope=\"row\">Pilot</th><td data-label=\"Starts\"><span class=\"nobr\">2026-03-02</span></td>\
                 <td class=\"num\" data-label=\"Price\">€1</td>"
            ),
            "{}",
            b.html
        );
        assert!(body("| A | B |\n|---|---|\n| 1 | 2 |\n", None).html.starts_with("<div class=\"table\">"));
    }

    /// Tailspin's options broke "8 am–" from "6 pm" in the PDF; a browser may do the same.
    #[test]
    fn ranges_of_figures_or_hours_never_break_at_their_en_dash() {
        assert_eq!(
            escape_unbroken("Monday–Friday, 8\u{a0}am–6\u{a0}pm, 30–60 minutes"),
            "Monday–Friday, 8\u{a0}<span class=\"nobr\">am–6</span>\u{a0}pm, <span class=\"nobr\">30–60</span> minutes"
        );
    }

    #[test]
    fn identifiers_never_break_at_their_hyphens() {
        assert_eq!(
            escape_unbroken("Proposal CD-2026-026, a follow-up - see r-2 and -5 & x"),
            "Proposal <span class=\"nobr\">CD-2026-026</span>, a follow-up - see <span class=\"nobr\">r-2</span> and -5 &amp; x"
        );
    }

    #[test]
    fn headings_get_unique_ids_and_the_contents_lists_the_second_level() {
        let b = body("# Title\n\n## 1 Scope\n\n### 1.1 Scope\n\n## 2 Scope\n", None);
        assert_eq!(b.title, "Title");
        assert_eq!(b.h1, "<h1 id=\"title\">Title</h1>\n");
        let ids: Vec<&str> = b.contents.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["s-1-scope", "s-2-scope"]);
        assert!(b.html.contains("<h3 id=\"s-1-1-scope\">"));
    }

    #[test]
    fn raw_html_shows_as_text_and_markers_are_dropped() {
        let b = body("<!-- propose:signature -->\n\nA <b>bold</b> \\<script> & co\n", None);
        assert_eq!(b.html, "<p>A &lt;b&gt;bold&lt;/b&gt; &lt;script&gt; &amp; co</p>\n");
    }

    #[test]
    fn a_line_break_after_japanese_text_is_no_space() {
        assert_eq!(
            body("収集します。\n**次**に。\nNext\nline\n", None).html,
            "<p>収集します。<strong>次</strong>に。Next\nline</p>\n"
        );
    }

    #[test]
    fn the_mermaid_block_gives_way_to_the_chart() {
        let md = "```mermaid\ngantt\n```\n\n```\nplain\n```\n";
        let b = body(md, Some("<svg></svg>"));
        assert_eq!(b.html, "<svg></svg><pre><code>plain\n</code></pre>\n");
    }
}
