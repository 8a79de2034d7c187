//! The Markdown's block structure, read from pulldown-cmark events: headings, paragraphs
//! of styled runs, lists, tables, block quotes, rules and code blocks. The PDF is laid out
//! from these, so it says what the Markdown says.

use super::fonts::Style;
use pulldown_cmark::{Alignment, CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

/// A stretch of inline text in one style.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    pub text: String,
    pub style: Style,
    pub code: bool,
    pub link: bool,
    pub strike: bool,
}

impl Run {
    /// Plain text in one style: no code, link or strikethrough.
    pub fn new(text: impl Into<String>, style: Style) -> Run {
        Run { text: text.into(), style, code: false, link: false, strike: false }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
    Right,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Heading {
        level: u8,
        runs: Vec<Run>,
    },
    Para(Vec<Run>),
    /// `start` is the first number of an ordered list, `None` for bullets.
    List {
        start: Option<u64>,
        items: Vec<Vec<Block>>,
    },
    Table {
        align: Vec<Align>,
        head: Vec<Vec<Run>>,
        rows: Vec<Vec<Vec<Run>>>,
    },
    Quote(Vec<Block>),
    Rule,
    Code {
        lang: String,
        text: String,
    },
    /// A structural marker from a template, `<!-- propose:NAME -->`: invisible in the
    /// Markdown, it tells the layout what a part of the document is (`signature`: the
    /// signature block starts here and stays together).
    Marker(String),
}

/// The plain text of some runs.
pub fn plain(runs: &[Run]) -> String {
    runs.iter().map(|r| r.text.as_str()).collect()
}

/// True when every visible character of `runs` is bold (e.g. `**Total contract value**`).
pub fn all_bold(runs: &[Run]) -> bool {
    runs.iter().any(|r| !r.text.trim().is_empty()) && runs.iter().all(|r| r.text.trim().is_empty() || r.style.bold())
}

enum Frame {
    Blocks(Vec<Block>),
    Quote(Vec<Block>),
    List { start: Option<u64>, items: Vec<Vec<Block>> },
    Item(Vec<Block>),
}

#[derive(Default)]
struct TableBuild {
    align: Vec<Align>,
    head: Vec<Vec<Run>>,
    rows: Vec<Vec<Vec<Run>>>,
    row: Vec<Vec<Run>>,
    in_head: bool,
}

struct Builder {
    frames: Vec<Frame>,
    runs: Vec<Run>,
    bold: u32,
    italic: u32,
    strike: u32,
    link: u32,
    table: Option<TableBuild>,
    code: Option<(String, String)>,
}

impl Builder {
    fn push_text(&mut self, text: &str, code: bool) {
        let style = Style::new(self.bold > 0, self.italic > 0);
        let (link, strike) = (self.link > 0, self.strike > 0);
        match self.runs.last_mut() {
            Some(r) if r.style == style && r.code == code && r.link == link && r.strike == strike => {
                r.text.push_str(text)
            }
            _ => self.runs.push(Run { text: text.to_string(), style, code, link, strike }),
        }
    }

    fn push_block(&mut self, block: Block) {
        match self.frames.last_mut() {
            Some(Frame::Blocks(b) | Frame::Quote(b) | Frame::Item(b)) => b.push(block),
            Some(Frame::List { items, .. }) => items.push(vec![block]),
            None => self.frames.push(Frame::Blocks(vec![block])),
        }
    }

    /// Text of a tight list item arrives without a paragraph; close it before a nested block.
    fn flush_runs(&mut self) {
        let runs = trim_runs(std::mem::take(&mut self.runs));
        if !runs.is_empty() {
            self.push_block(Block::Para(runs));
        }
    }
}

/// Drops leading and trailing whitespace of a paragraph's runs.
fn trim_runs(mut runs: Vec<Run>) -> Vec<Run> {
    if let Some(first) = runs.first_mut() {
        first.text = first.text.trim_start().to_string();
    }
    if let Some(last) = runs.last_mut() {
        last.text = last.text.trim_end().to_string();
    }
    runs.retain(|r| !r.text.is_empty());
    runs
}

/// A character of Chinese or Japanese text (CJK punctuation, kana, ideographs, full-width
/// forms), after which a line break is no space.
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{30ff}' | '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{ff00}'..='\u{ffef}')
}

/// Full-width punctuation whose glyph carries its own space: a space after it (the one a
/// template writes after a bold label, `**成果物：** 環境`, which CommonMark needs to close
/// the bold) is not set.
pub(crate) fn spaced_punctuation(c: char) -> bool {
    matches!(c, '：' | '；' | '、' | '。' | '，' | '！' | '？')
}

/// `text` without the space that follows `last` when `last` is [`spaced_punctuation`].
pub(crate) fn after_punctuation(last: Option<char>, text: &str) -> &str {
    match last {
        Some(c) if spaced_punctuation(c) => text.strip_prefix(' ').unwrap_or(text),
        _ => text,
    }
}

/// Parses `markdown` (GFM tables and strikethrough) into blocks.
pub fn parse(markdown: &str) -> Vec<Block> {
    let mut b = Builder {
        frames: vec![Frame::Blocks(Vec::new())],
        runs: Vec::new(),
        bold: 0,
        italic: 0,
        strike: 0,
        link: 0,
        table: None,
        code: None,
    };
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Start(tag) => match tag {
                Tag::Paragraph | Tag::Heading { .. } => b.flush_runs(),
                Tag::BlockQuote(_) => {
                    b.flush_runs();
                    b.frames.push(Frame::Quote(Vec::new()));
                }
                Tag::List(start) => {
                    b.flush_runs();
                    b.frames.push(Frame::List { start, items: Vec::new() });
                }
                Tag::Item => b.frames.push(Frame::Item(Vec::new())),
                Tag::CodeBlock(kind) => {
                    b.flush_runs();
                    let lang = match kind {
                        CodeBlockKind::Fenced(info) => info.split_whitespace().next().unwrap_or("").to_string(),
                        CodeBlockKind::Indented => String::new(),
                    };
                    b.code = Some((lang, String::new()));
                }
                Tag::Table(align) => {
                    b.flush_runs();
                    let align = align
                        .iter()
                        .map(|a| match a {
                            Alignment::Right => Align::Right,
                            Alignment::Center => Align::Center,
                            _ => Align::Left,
                        })
                        .collect();
                    b.table = Some(TableBuild { align, ..TableBuild::default() });
                }
                Tag::TableHead => {
                    if let Some(t) = b.table.as_mut() {
                        t.in_head = true;
                    }
                }
                Tag::TableCell => b.runs.clear(),
                Tag::Emphasis => b.italic += 1,
                Tag::Strong => b.bold += 1,
                Tag::Strikethrough => b.strike += 1,
                Tag::Link { .. } => b.link += 1,
                _ => {}
            },
            Event::End(tag) => match tag {
                TagEnd::Paragraph => b.flush_runs(),
                TagEnd::Heading(level) => {
                    let runs = trim_runs(std::mem::take(&mut b.runs));
                    b.push_block(Block::Heading { level: level as u8, runs });
                }
                TagEnd::BlockQuote(_) => {
                    b.flush_runs();
                    if let Some(Frame::Quote(blocks)) = b.frames.pop() {
                        b.push_block(Block::Quote(blocks));
                    }
                }
                TagEnd::List(_) => {
                    b.flush_runs();
                    if let Some(Frame::List { start, items }) = b.frames.pop() {
                        b.push_block(Block::List { start, items });
                    }
                }
                TagEnd::Item => {
                    b.flush_runs();
                    if let Some(Frame::Item(blocks)) = b.frames.pop() {
                        if let Some(Frame::List { items, .. }) = b.frames.last_mut() {
                            items.push(blocks);
                        }
                    }
                }
                TagEnd::CodeBlock => {
                    if let Some((lang, text)) = b.code.take() {
                        b.push_block(Block::Code { lang, text });
                    }
                }
                TagEnd::TableCell => {
                    let runs = trim_runs(std::mem::take(&mut b.runs));
                    if let Some(t) = b.table.as_mut() {
                        t.row.push(runs);
                    }
                }
                TagEnd::TableHead => {
                    if let Some(t) = b.table.as_mut() {
                        t.head = std::mem::take(&mut t.row);
                        t.in_head = false;
                    }
                }
                TagEnd::TableRow => {
                    if let Some(t) = b.table.as_mut() {
                        if !t.in_head {
                            let row = std::mem::take(&mut t.row);
                            t.rows.push(row);
                        }
                    }
                }
                TagEnd::Table => {
                    if let Some(t) = b.table.take() {
                        b.push_block(Block::Table { align: t.align, head: t.head, rows: t.rows });
                    }
                }
                TagEnd::Emphasis => b.italic = b.italic.saturating_sub(1),
                TagEnd::Strong => b.bold = b.bold.saturating_sub(1),
                TagEnd::Strikethrough => b.strike = b.strike.saturating_sub(1),
                TagEnd::Link => b.link = b.link.saturating_sub(1),
                _ => {}
            },
            Event::Text(text) => match b.code.as_mut() {
                Some((_, code)) => code.push_str(&text),
                None => {
                    let last = b.runs.last().and_then(|r| r.text.chars().last());
                    b.push_text(after_punctuation(last, &text), false)
                }
            },
            Event::Code(text) => b.push_text(&text, true),
            // Japanese and Chinese set no space between sentences or words: a line break
            // after their text joins the lines directly ("です。" + "USD…").
            Event::SoftBreak if b.runs.last().and_then(|r| r.text.chars().last()).is_some_and(is_cjk) => {}
            Event::SoftBreak => b.push_text(" ", false),
            Event::HardBreak => b.push_text("\n", false),
            Event::InlineHtml(html) if html.trim().eq_ignore_ascii_case("<br>") => b.push_text("\n", false),
            // Raw HTML cannot be drawn; rather than lose it, it shows as written.
            Event::InlineHtml(html) => b.push_text(&html, false),
            Event::Html(html) => {
                let text = html.trim();
                match text.strip_prefix("<!--").and_then(|t| t.strip_suffix("-->")).map(str::trim) {
                    Some(comment) => {
                        if let Some(name) = comment.strip_prefix("propose:") {
                            b.flush_runs();
                            b.push_block(Block::Marker(name.trim().to_string()));
                        }
                    }
                    None => b.push_text(&html, false),
                }
            }
            Event::Rule => {
                b.flush_runs();
                b.push_block(Block::Rule);
            }
            _ => {}
        }
    }
    b.flush_runs();
    match b.frames.into_iter().next() {
        Some(Frame::Blocks(blocks)) => blocks,
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str, style: Style) -> Run {
        Run::new(text, style)
    }

    #[test]
    fn reads_markers_and_keeps_other_html_as_text() {
        let blocks = parse("<!-- propose:signature -->\n\n<!-- a note -->\n\nA <b>bold</b> claim\n");
        assert_eq!(blocks[0], Block::Marker("signature".into()));
        assert_eq!(blocks[1], Block::Para(vec![run("A <b>bold</b> claim", Style::Regular)]));
        assert_eq!(blocks.len(), 2);
    }

    #[test]
    fn reads_headings_paragraphs_and_emphasis() {
        let blocks = parse("# Title\n\n## 1. Summary\n\nPlain **bold** and *it*\nnext.\n");
        assert_eq!(blocks[0], Block::Heading { level: 1, runs: vec![run("Title", Style::Regular)] });
        assert_eq!(blocks[1], Block::Heading { level: 2, runs: vec![run("1. Summary", Style::Regular)] });
        assert_eq!(
            blocks[2],
            Block::Para(vec![
                run("Plain ", Style::Regular),
                run("bold", Style::Bold),
                run(" and ", Style::Regular),
                run("it", Style::Italic),
                run(" next.", Style::Regular),
            ])
        );
    }

    #[test]
    fn no_space_is_set_after_a_bold_label_ending_in_a_full_width_colon() {
        let blocks = parse("**成果物：** 環境の一覧\n\n**Deliverables:** the list\n");
        assert_eq!(blocks[0], Block::Para(vec![run("成果物：", Style::Bold), run("環境の一覧", Style::Regular)]));
        assert_eq!(blocks[1], Block::Para(vec![run("Deliverables:", Style::Bold), run(" the list", Style::Regular)]));
    }

    #[test]
    fn a_line_break_after_japanese_text_is_no_space() {
        let blocks = parse("価格はすべてEUR建てです。\nUSDから換算しています。\n\nPrices in EUR.\nConverted.\n");
        assert_eq!(
            blocks[0],
            Block::Para(vec![run("価格はすべてEUR建てです。USDから換算しています。", Style::Regular)])
        );
        assert_eq!(blocks[1], Block::Para(vec![run("Prices in EUR. Converted.", Style::Regular)]));
    }

    #[test]
    fn reads_nested_lists_tight_and_loose() {
        let blocks = parse("- one\n- two\n  - inner\n\n1. first\n\n2. second\n");
        let Block::List { start: None, items } = &blocks[0] else { panic!("{blocks:?}") };
        assert_eq!(items.len(), 2);
        assert!(matches!(&items[1][1], Block::List { start: None, items } if items.len() == 1));
        assert!(matches!(&blocks[1], Block::List { start: Some(1), items } if items.len() == 2));
    }

    #[test]
    fn reads_tables_with_alignment_and_a_bold_totals_row() {
        let md = "| Item | Amount |\n|---|---:|\n| Work | $1,000.00 |\n| **Total** | **$1,000.00** |\n";
        let Block::Table { align, head, rows } = &parse(md)[0] else { panic!() };
        assert_eq!(align, &[Align::Left, Align::Right]);
        assert_eq!(plain(&head[1]), "Amount");
        assert_eq!(rows.len(), 2);
        assert!(!all_bold(&rows[0][0]));
        assert!(all_bold(&rows[1][0]));
    }

    #[test]
    fn reads_quotes_rules_and_fenced_code() {
        let blocks = parse("> Sample rates.\n\n---\n\n```mermaid\ngantt\n```\n");
        assert!(matches!(&blocks[0], Block::Quote(inner) if inner.len() == 1));
        assert_eq!(blocks[1], Block::Rule);
        assert_eq!(blocks[2], Block::Code { lang: "mermaid".into(), text: "gantt\n".into() });
    }

    #[test]
    fn escapes_are_resolved() {
        let blocks = parse("Costs \\$5 \\* 2\n");
        assert_eq!(
            plain(match &blocks[0] {
                Block::Para(r) => r,
                _ => panic!(),
            }),
            "Costs $5 * 2"
        );
    }
}
