//! Typography of the rendered proposal: a checker for straight quotes and hyphen ranges in
//! the Markdown's prose (tested here on small strings, then run over every example), and
//! hierarchical section numbers that the PDF shows as the Markdown writes them.

use crate::common::*;
use propose::render::markdown::Markdown;
use propose::render::pdf::Pdf;
use propose::render::Paper;

/// The typographic faults in rendered Markdown's prose, one line each (`line N: …`): a
/// straight quote `"` or `'`, or a hyphen in a range of figures (`8am-6pm`, `30-60`, by
/// [`propose::typography::range_hyphens`]). Not prose, so never a fault: fenced code blocks,
/// code spans, HTML comments (`<!-- propose:signature -->`), URLs and link targets, and a
/// table's delimiter row.
pub fn typographic_faults(markdown: &str) -> Vec<String> {
    let mut faults = Vec::new();
    let mut fence: Option<String> = None;
    let mut comment = false;
    for (n, line) in markdown.lines().enumerate() {
        let n = n + 1;
        let trimmed = line.trim_start();
        if let Some(f) = &fence {
            if trimmed.starts_with(f.as_str()) && trimmed.trim_end().chars().all(|c| f.starts_with(c)) {
                fence = None;
            }
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            let ch = trimmed.chars().next().unwrap_or('`');
            fence = Some(trimmed.chars().take_while(|c| *c == ch).collect());
            continue;
        }
        if is_delimiter_row(trimmed) {
            continue;
        }
        let prose = prose_of(line, &mut comment);
        for (i, c) in prose.char_indices() {
            if c == '"' || c == '\'' {
                faults.push(format!("line {n}: straight quote {c} in `{}`", excerpt(&prose, i)));
            }
        }
        for i in propose::typography::range_hyphens(&prose) {
            faults.push(format!("line {n}: hyphen in a range in `{}`", excerpt(&prose, i)));
        }
    }
    faults
}

/// A line's prose: code spans, HTML comments (which may span lines, hence `comment`), URLs
/// and link targets replaced by a space.
fn prose_of(line: &str, comment: &mut bool) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while !rest.is_empty() {
        if *comment {
            match rest.find("-->") {
                Some(end) => {
                    rest = &rest[end + 3..];
                    *comment = false;
                    out.push(' ');
                }
                None => break,
            }
        } else if let Some(after) = rest.strip_prefix("<!--") {
            *comment = true;
            rest = after;
        } else if rest.starts_with('`') {
            let run = rest.chars().take_while(|c| *c == '`').count();
            let fence = &rest[..run];
            match rest[run..].find(fence) {
                Some(end) => {
                    rest = &rest[run + end + run..];
                    out.push(' ');
                }
                None => {
                    out.push_str(fence);
                    rest = &rest[run..];
                }
            }
        } else if let Some(after) = rest.strip_prefix("](") {
            out.push(']');
            rest = after.find(')').map_or("", |end| &after[end + 1..]);
        } else if starts_url(rest) {
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            rest = &rest[end..];
            out.push(' ');
        } else {
            let c = rest.chars().next().unwrap_or(' ');
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

fn starts_url(s: &str) -> bool {
    ["http://", "https://", "mailto:", "www."].iter().any(|p| s.starts_with(p))
}

/// `|---|:---:|` and the like.
fn is_delimiter_row(line: &str) -> bool {
    line.starts_with('|') && line.contains('-') && line.trim_end().chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
}

/// Up to 30 characters either side of byte `at`.
fn excerpt(text: &str, at: usize) -> String {
    let start = text[..at].char_indices().rev().nth(29).map_or(0, |(i, _)| i);
    let end = text[at..].char_indices().nth(30).map_or(text.len(), |(i, _)| at + i);
    text[start..end].to_string()
}

#[test]
fn the_checker_finds_straight_quotes_and_hyphen_ranges_in_prose() {
    let faults = typographic_faults(
        "# Title\n\nThe client's \"team\".\n\nOpen 8am-6pm, 30-60 minutes.\n\n| A | B |\n|---|--:|\n| it's | 1-2 |\n",
    );
    assert_eq!(faults.len(), 7, "{faults:#?}");
    assert!(faults[0].starts_with("line 3: straight quote ' in `The client's"), "{}", faults[0]);
    assert!(faults[3].starts_with("line 5: hyphen in a range in `Open 8am-6pm"), "{}", faults[3]);
    assert!(faults.iter().any(|f| f.starts_with("line 9: straight quote '")));
    assert!(faults.iter().any(|f| f.starts_with("line 9: hyphen")));
}

#[test]
fn the_checker_leaves_code_comments_urls_and_table_syntax_alone() {
    let md = "Run `echo \"it's\"` and ``a ` 'b'``.\n\n<!-- propose:signature -->\n<!-- a\n\"quoted\" 1-2 -->\n\n\
              See https://example.com/it's-1-2 and [the docs](https://x.io/a'b).\n\n```sh\necho \"8am-6pm\"\n```\n\n\
              ~~~\n'x'\n~~~\n\n|---|:---:|\n\nDates 2026-03-02, CD-2026-014, “curly” and it’s 8am–6pm.\n";
    assert_eq!(typographic_faults(md), Vec::<String>::new());
}

#[test]
fn rendered_examples_have_no_typographic_faults() {
    let markdown = Markdown::new(None).expect("the templates compile");
    let mut all = Vec::new();
    for path in examples() {
        let source = propose::intake::read(&path).expect("the intake reads");
        let p = propose::build(&source, catalog()).expect("the example builds");
        let md = markdown.render(&p).expect("the example renders");
        all.extend(typographic_faults(&md).into_iter().map(|f| format!("{}: {f}", shown(&path))));
    }
    assert!(all.is_empty(), "{} typographic faults:\n{}", all.len(), all.join("\n"));
}

/// The shipped templates without hand-written section numbers, and with the signature
/// block's heading unnumbered, for the numbering tests below.
fn numbered_templates() -> Vec<(&'static str, String)> {
    let strip = |text: &str| {
        text.lines()
            .map(|l| match l.split_once(" {{number}}") {
                Some((hashes, rest)) if hashes.chars().all(|c| c == '#') => {
                    format!("{hashes}{}", rest.strip_prefix('.').unwrap_or(rest))
                }
                _ => l.to_string(),
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    propose::embedded::template_files()
        .iter()
        .map(|(name, text)| {
            let text = strip(text);
            let text = if *name == "acceptance.md.hbs" {
                text.replacen("## {{t \"acceptance.title\"}}", "## {{t \"acceptance.title\"}} {-}", 1)
            } else {
                text
            };
            (*name, text)
        })
        .collect()
}

#[test]
fn sections_are_numbered_alike_in_the_markdown_and_the_pdf() {
    let templates = numbered_templates();
    let texts: Vec<(&str, &str)> = templates.iter().map(|(n, t)| (*n, t.as_str())).collect();
    let markdown = Markdown::from_texts(&texts).expect("the templates compile");
    let source = propose::intake::read(&example("northwind-migration.toml")).expect("the intake reads");
    let p = propose::build(&source, catalog()).expect("the example builds");
    let md = markdown.render(&p).expect("the example renders");
    let headings: Vec<&str> = md.lines().filter(|l| l.starts_with('#')).collect();
    for expected in [
        "# ",
        "## 1 Summary",
        "## 2 Scope of work",
        "### 2.1 Cloud migration",
        "#### 2.1.1 Research and discovery",
        "#### 2.1.2 Pilot",
        "### 2.2 24/7 managed operations",
        "## Acceptance",
    ] {
        assert!(headings.iter().any(|h| h.starts_with(expected)), "no heading `{expected}` in {headings:#?}");
    }
    assert!(headings.contains(&"## Acceptance"), "the marker is removed");
    let pdf = Pdf::new(Paper::A4, "propose", &Default::default())
        .expect("the PDF sets up")
        .render(&p, &md)
        .expect("the PDF renders");
    let doc = lopdf::Document::load_mem(&pdf).expect("the PDF parses");
    let text: String = doc
        .get_pages()
        .keys()
        .map(|n| doc.extract_text(&[*n]).expect("the page's text extracts"))
        .collect::<Vec<_>>()
        .join("\n");
    let mut at = 0;
    for heading in &headings[1..] {
        let shown = heading.trim_start_matches('#').trim();
        let found = text[at..].find(shown).unwrap_or_else(|| panic!("the PDF lacks `{shown}` after byte {at}"));
        at += found + shown.len();
    }
    assert!(!text.contains("Acceptance {-}") && !text.contains("9 Acceptance"), "the signature block is unnumbered");
}
