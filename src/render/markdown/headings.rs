//! Hierarchical numbering of the rendered Markdown's headings (`## 2 Scope of work`,
//! `### 2.1 Cloud migration`, `#### 2.1.1 Discovery`), done once over the whole document so
//! templates never count sections. The PDF, read from this Markdown, shows the same numbers.
//!
//! **Rules.** An ATX heading (`#` to `######` at the start of a line, then a space) outside
//! fenced code blocks is numbered by its place in the outline:
//! - `#` (the document's title) is never numbered;
//! - a heading's depth is one more than that of the nearest heading above it with fewer
//!   `#`s (a `##` has depth 1): levels that skip (`##` then `####`) nest as if they did not,
//!   so `2.0.1` is never written, and the heading is rewritten at the level it nests at
//!   (`####` becomes `###`), so heading levels always nest;
//! - its number is its parent's number, a dot and its place among its siblings
//!   (`2`, `2.1`, `2.1.1`), written before its text with one space;
//! - a heading whose text ends with ` {-}` is unnumbered, and so is every heading under it;
//!   the marker is removed. Its siblings after it go on counting as if it were not there.

/// `markdown` with its headings numbered by the module's rules.
pub fn number(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len() + 256);
    let mut fence: Option<(u8, usize)> = None;
    // The open headings: their `#` count and whether they are numbered.
    let mut open: Vec<(usize, bool)> = Vec::new();
    let mut counters: Vec<usize> = Vec::new();
    for line in markdown.split_inclusive('\n') {
        if let Some((ch, len)) = fence {
            if closes(line, ch, len) {
                fence = None;
            }
            out.push_str(line);
            continue;
        }
        if let Some(f) = opens(line) {
            fence = Some(f);
            out.push_str(line);
            continue;
        }
        let Some((level, text)) = heading(line) else {
            out.push_str(line);
            continue;
        };
        let (text, marked) = match text.strip_suffix("{-}") {
            Some(rest) if rest.is_empty() || rest.ends_with(' ') => (rest.trim_end(), true),
            _ => (text, false),
        };
        let newline = if line.ends_with('\n') { "\n" } else { "" };
        if level == 1 {
            out.push('#');
            push_text(&mut out, text);
            out.push_str(newline);
            continue;
        }
        while open.last().is_some_and(|(l, _)| *l >= level) {
            open.pop();
        }
        let numbered = !marked && open.iter().all(|(_, n)| *n);
        open.push((level, numbered));
        let depth = open.len();
        out.extend(std::iter::repeat_n('#', depth + 1));
        if numbered {
            out.push(' ');
            counters.truncate(depth);
            if counters.len() == depth {
                counters[depth - 1] += 1;
            } else {
                counters.resize(depth, 1);
            }
            for (i, n) in counters.iter().enumerate() {
                if i > 0 {
                    out.push('.');
                }
                out.push_str(&n.to_string());
            }
        }
        push_text(&mut out, text);
        out.push_str(newline);
    }
    out
}

/// A space and `text`, unless it is empty (no trailing space).
fn push_text(out: &mut String, text: &str) {
    if !text.is_empty() {
        out.push(' ');
        out.push_str(text);
    }
}

/// An ATX heading's level and text (trimmed), for a line starting with 1 to 6 `#` and then a
/// space or the end of the line.
fn heading(line: &str) -> Option<(usize, &str)> {
    let line = line.trim_end_matches(['\n', '\r']);
    let level = line.bytes().take_while(|&b| b == b'#').count();
    let rest = &line[level..];
    ((1..=6).contains(&level) && (rest.is_empty() || rest.starts_with([' ', '\t']))).then(|| (level, rest.trim()))
}

/// A line opening a fenced code block (up to 3 spaces, then 3 or more backticks or tildes):
/// the fence's character and length.
fn opens(line: &str) -> Option<(u8, usize)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let rest = &line.as_bytes()[indent..];
    let ch = *rest.first()?;
    let len = rest.iter().take_while(|&&b| b == ch).count();
    (indent <= 3 && matches!(ch, b'`' | b'~') && len >= 3).then_some((ch, len))
}

/// A line closing a fence of `len` `ch`s: at least as many, and nothing else.
fn closes(line: &str, ch: u8, len: usize) -> bool {
    let t = line.trim();
    let indent = line.len() - line.trim_start_matches(' ').len();
    indent <= 3 && t.len() >= len && t.bytes().all(|b| b == ch)
}

#[cfg(test)]
mod tests {
    use super::number;

    #[test]
    fn numbers_sections_and_subsections() {
        let md = "# Proposal\n\nIntro\n\n## Summary\n\n## Scope\n\n### Migration\n\n#### Discovery\n\n#### Pilot\n\n### Support\n\n## Pricing\n";
        assert_eq!(
            number(md),
            "# Proposal\n\nIntro\n\n## 1 Summary\n\n## 2 Scope\n\n### 2.1 Migration\n\n#### 2.1.1 Discovery\n\n\
             #### 2.1.2 Pilot\n\n### 2.2 Support\n\n## 3 Pricing\n"
        );
    }

    #[test]
    fn a_skipped_level_nests_as_the_next_level_down() {
        assert_eq!(number("## A\n#### B\n#### C\n### D\n## E\n"), "## 1 A\n### 1.1 B\n### 1.2 C\n### 1.3 D\n## 2 E\n");
        assert_eq!(number("### Lone\n## A\n"), "## 1 Lone\n## 2 A\n", "a first heading below ## is a section");
    }

    #[test]
    fn a_marked_heading_and_its_subsections_are_unnumbered() {
        let md = "## A\n## Particulars {-}\n### Inside\n## B\n### B1\n## {-}\n## Sign here  {-}\n";
        assert_eq!(number(md), "## 1 A\n## Particulars\n### Inside\n## 2 B\n### 2.1 B1\n##\n## Sign here\n");
        assert_eq!(number("# Title {-}\n"), "# Title\n");
        assert_eq!(
            number("## Set {-} theory\n## a{-}\n"),
            "## 1 Set {-} theory\n## 2 a{-}\n",
            "only a spaced marker at the end"
        );
    }

    #[test]
    fn leaves_fenced_code_and_other_lines_alone() {
        let md = "## A\n```mermaid\n## not a heading\n```\n~~~~\n## nor this\n~~~\n## still code\n~~~~\n#hashtag\n ## indented\n## B";
        assert_eq!(
            number(md),
            "## 1 A\n```mermaid\n## not a heading\n```\n~~~~\n## nor this\n~~~\n## still code\n~~~~\n#hashtag\n ## indented\n## 2 B"
        );
    }

    #[test]
    fn the_document_title_is_never_numbered() {
        assert_eq!(number("# T\n## A\n# U\n## B\n"), "# T\n## 1 A\n# U\n## 2 B\n");
    }
}
