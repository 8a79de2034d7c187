//! Escaping for the two places a value lands: Markdown text (paragraphs, list items, table
//! cells, headings) and the labels of the Mermaid Gantt chart, which sits in a code block where
//! Markdown escapes would show literally.

/// Escapes `text` so GFM shows it literally wherever an inline value goes: no emphasis, links,
/// code, HTML, entities, strikethrough or table breaks, and no block marker at its start.
/// Runs of whitespace, newlines included, become one space, so a value stays on its line (a
/// newline would end a table row or start a new block).
pub fn markdown(text: &str) -> String {
    let text = text.trim_matches(|c: char| c.is_ascii_whitespace());
    let bytes = text.as_bytes();
    // Most values (names, dates, catalog prose) need nothing: one table scan decides.
    let special = |(i, b): (usize, &u8)| SPECIAL[usize::from(*b)] || (*b == b' ' && bytes.get(i + 1) == Some(&b' '));
    if !bytes.iter().enumerate().any(special) {
        return escape_block_start(text.to_string());
    }
    let mut out = String::with_capacity(text.len() + 8);
    // Plain text is copied a run at a time; every byte matched below is ASCII, so the
    // slice boundaries are char boundaries.
    let (mut run, mut i) = (0, 0);
    while i < bytes.len() {
        match bytes[i] {
            // `$` is GitHub's inline maths; `|` ends a table cell and is harmless elsewhere;
            // `{` keeps a value ending in ` {-}` from unnumbering its heading.
            b'\\' | b'`' | b'*' | b'_' | b'[' | b']' | b'<' | b'>' | b'|' | b'~' | b'#' | b'$' | b'{' => {
                out.push_str(&text[run..i]);
                out.push('\\');
                run = i;
            }
            // `&amp;` or `&#42;` would be decoded; `AT&T` is plain text.
            b'&' if looks_like_entity(&text[i + 1..]) => {
                out.push_str(&text[run..i]);
                out.push('\\');
                run = i;
            }
            b' ' if !bytes.get(i + 1).is_some_and(u8::is_ascii_whitespace) => {}
            b if b.is_ascii_whitespace() => {
                out.push_str(&text[run..i]);
                out.push(' ');
                i += bytes[i..].iter().take_while(|b| b.is_ascii_whitespace()).count();
                run = i;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    out.push_str(&text[run..]);
    escape_block_start(out)
}

/// Bytes that may need escaping or whitespace handling: the ASCII punctuation escaped above,
/// `&`, and ASCII whitespace other than the space (two spaces in a row are checked apart).
const SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    let bytes = b"\\`*_[]<>|~#${&\t\n\r\x0c";
    let mut i = 0;
    while i < bytes.len() {
        t[bytes[i] as usize] = true;
        i += 1;
    }
    t
};

/// Whether the text after a `&` reads as an entity: `#`, then alphanumerics, then `;`.
fn looks_like_entity(rest: &str) -> bool {
    let name = rest.strip_prefix('#').unwrap_or(rest);
    let len = name.bytes().take_while(u8::is_ascii_alphanumeric).count();
    len > 0 && name[len..].starts_with(';')
}

/// A value may land at the start of a line, where `-`, `+`, `=` or `1.` would start a list,
/// a setext heading underline or a thematic break.
fn escape_block_start(text: String) -> String {
    if text.starts_with(['-', '+', '=']) {
        return format!("\\{text}");
    }
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    let marker = text.as_bytes().get(digits).copied();
    let after = text.as_bytes().get(digits + 1).copied();
    if (1..=9).contains(&digits) && matches!(marker, Some(b'.' | b')')) && matches!(after, None | Some(b' ')) {
        return format!("{}\\{}", &text[..digits], &text[digits..]);
    }
    text
}

/// A label for a Mermaid Gantt line: `:` starts the task's data, `#` and `;` are entity and
/// statement syntax, `%%` a comment, and a backtick run could close the code block. Each
/// becomes a space; whitespace collapses so the label stays on its line.
pub fn mermaid(text: &str) -> String {
    let cleaned: String = text
        .chars()
        .map(|c| if matches!(c, ':' | '#' | ';' | '%' | '`') || c.is_control() { ' ' } else { c })
        .collect();
    cleaned.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_inline_syntax() {
        assert_eq!(markdown("A|B *Co* <x>"), r"A\|B \*Co\* \<x\>");
        assert_eq!(markdown("[link](http://x) `code` ~~del~~ a_b"), r"\[link\](http://x) \`code\` \~\~del\~\~ a\_b");
        assert_eq!(markdown(r"C:\path #1 $5"), r"C:\\path \#1 \$5");
        assert_eq!(markdown("Phase {-}"), r"Phase \{-}", "a value never unnumbers its heading");
    }

    #[test]
    fn leaves_plain_text_alone() {
        let plain = "Research & Discovery, 24/7 (EER) - “AGILE” 1.234,50 €";
        assert_eq!(markdown(plain), plain);
    }

    #[test]
    fn escapes_entities_but_not_lone_ampersands() {
        assert_eq!(markdown("AT&T &amp; &#42; &#x2A; & co;"), r"AT&T \&amp; \&\#42; \&\#x2A; & co;");
    }

    #[test]
    fn escapes_block_markers_at_the_start() {
        assert_eq!(markdown("- item"), r"\- item");
        assert_eq!(markdown("---"), r"\---");
        assert_eq!(markdown("+1"), r"\+1");
        assert_eq!(markdown("==="), r"\===");
        assert_eq!(markdown("1. first"), r"1\. first");
        assert_eq!(markdown("2020) year"), r"2020\) year");
        assert_eq!(markdown("1.5 days"), "1.5 days");
        assert_eq!(markdown("# title"), r"\# title");
        assert_eq!(markdown("> quote"), r"\> quote");
    }

    #[test]
    fn keeps_unicode_spaces() {
        assert_eq!(markdown("12\u{a0}€ and  two"), "12\u{a0}€ and two");
    }

    #[test]
    fn keeps_a_value_on_one_line() {
        assert_eq!(markdown("  two\nlines\r\n\tand tabs  "), "two lines and tabs");
        assert_eq!(markdown("a\n- b"), "a - b");
    }

    #[test]
    fn cleans_mermaid_labels() {
        assert_eq!(mermaid("Phase: one #2; 50%"), "Phase one 2 50");
        assert_eq!(mermaid("```\nPilot"), "Pilot");
        assert_eq!(mermaid("Research & Discovery"), "Research & Discovery");
    }
}
