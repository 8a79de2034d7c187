//! Live links: every email address and web address a page shows becomes a link annotation
//! over its glyphs (`mailto:` for an address, the URL as written for a web address), and
//! every mention of a section's title in running text ("under Pricing") a link to that
//! section's heading; both found in the laid-out lines, so text and link never disagree.
//! A contents entry's line links to its section as a whole (`Draw::Goto`).

use super::draw::{Draw, Span};
use lopdf::{Dictionary, Object, ObjectId};

type Fallible<T> = std::result::Result<T, Box<dyn std::error::Error>>;

/// Punctuation that ends a sentence or closes a bracket after an address, not part of it.
const TRAILING: &[char] = &['.', ',', ';', ':', ')', ']', '!', '?', '’', '”', '"', '\''];

/// The link target of `word` (already cut at spaces): a web address starting `https://`,
/// `http://` or `www.`, or an email address (`name@domain.tld`); its byte length in
/// `word` without trailing punctuation.
pub fn target(word: &str) -> Option<(String, usize)> {
    let start = word.len() - word.trim_start_matches(['(', '[', '<', '“', '‘', '"']).len();
    let core = word[start..].trim_end_matches(TRAILING);
    if core.is_empty() {
        return None;
    }
    let end = start + core.len();
    if core.starts_with("https://") || core.starts_with("http://") {
        return (core.len() > 8).then(|| (core.to_string(), end));
    }
    if let Some(rest) = core.strip_prefix("www.") {
        return rest.contains('.').then(|| (format!("https://{core}"), end));
    }
    let (user, domain) = core.split_once('@')?;
    let ok = |s: &str, extra: &str| !s.is_empty() && s.chars().all(|c| c.is_alphanumeric() || extra.contains(c));
    let dotted = domain.split('.').count() >= 2 && !domain.starts_with('.') && !domain.ends_with('.');
    (ok(user, "._%+-") && ok(domain, ".-") && dotted).then(|| (format!("mailto:{core}"), end))
}

/// The links in one span: (target, left, right) in points from the span's start. A
/// right-to-left span has none (an address is left-to-right text).
fn span_links(span: &Span) -> Vec<(String, f32, f32)> {
    if span.glyphs.iter().any(|g| g.rtl) {
        return Vec::new();
    }
    let em = span.size / 1000.0;
    // The pen position at byte `at` of the text: the first glyph of a cluster at or after it.
    let pen = |at: usize| span.glyphs.iter().find(|g| g.cluster as usize >= at).map_or(span.width, |g| g.x as f32 * em);
    let mut out = Vec::new();
    let mut offset = 0;
    for word in span.text.split([' ', '\u{a0}']) {
        if let Some((uri, len)) = target(word) {
            let lead = word.len() - word.trim_start_matches(['(', '[', '<', '“', '‘', '"']).len();
            out.push((uri, pen(offset + lead), pen(offset + len)));
        }
        offset += word.len();
        // The separator: a space (1 byte) or a no-break space (2 bytes).
        offset += span.text[offset..].chars().next().map_or(0, char::len_utf8);
    }
    out
}

/// The title of a section's outline entry without its number (`2 Scope of work`, `4.1 Fees`).
fn title(mark: &str) -> &str {
    let digits = mark.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
    if digits.len() < mark.len() && digits.starts_with(' ') {
        digits.trim_start()
    } else {
        mark
    }
}

/// Where each whole-word mention of a section title in `span` lies: (section index, left,
/// right) in points from the span's start, title by title, left to right, as
/// `match_indices` finds them (leftmost, not overlapping). Titles shorter than 4 characters
/// are left alone (`titles` holds them as `None`).
fn mentions(span: &Span, titles: &[Option<&str>]) -> Vec<(usize, f32, f32)> {
    if span.glyphs.iter().any(|g| g.rtl) {
        return Vec::new();
    }
    let em = span.size / 1000.0;
    let pen = |at: usize| span.glyphs.iter().find(|g| g.cluster as usize >= at).map_or(span.width, |g| g.x as f32 * em);
    let text = span.text.as_str();
    let mut out = Vec::new();
    for (k, t) in titles.iter().enumerate() {
        let Some(t) = t else { continue };
        out.extend(whole_words(text, t).map(|at| (k, pen(at), pen(at + t.len()))));
    }
    out
}

/// The byte offsets of `word`'s whole-word occurrences in `text` (no letter or digit just
/// before or after), left to right: those of `text.match_indices(word)` (leftmost, not
/// overlapping). It scans for the word's first byte and compares there: a `match_indices`
/// for each span and title built a substring searcher each time; with this scan, `add` on
/// fabrikam's PDF went from 1.57 M to 0.95 M instructions (callgrind, release builds). A word
/// starts with a UTF-8 lead byte, so every match is on a char boundary.
fn whole_words<'a>(text: &'a str, word: &'a str) -> impl Iterator<Item = usize> + 'a {
    let (bytes, needle) = (text.as_bytes(), word.as_bytes());
    let mut from = 0;
    std::iter::from_fn(move || {
        let &first = needle.first()?;
        loop {
            let at = from + bytes.get(from..)?.iter().position(|b| *b == first)?;
            if !bytes[at..].starts_with(needle) {
                from = at + 1;
                continue;
            }
            from = at + needle.len();
            let before = text[..at].chars().next_back().is_some_and(char::is_alphanumeric);
            let after = text[from..].chars().next().is_some_and(char::is_alphanumeric);
            if !before && !after {
                return Some(at);
            }
        }
    })
}

/// A coordinate rounded to hundredths of a point, as every link's numbers are written.
fn real(v: f32) -> Object {
    Object::Real((v * 100.0).round() / 100.0)
}

/// A borderless `/Link` annotation over `rect` (left, bottom, right, top in PDF space) that
/// does `target`: a `/Dest` or an action `/A`.
fn link(rect: [f32; 4], target: (&'static str, Object)) -> Dictionary {
    Dictionary::from_iter([
        ("Type", Object::Name(b"Annot".to_vec())),
        ("Subtype", Object::Name(b"Link".to_vec())),
        ("Rect", Object::Array(rect.iter().map(|v| real(*v)).collect())),
        ("Border", Object::Array(vec![0.into(), 0.into(), 0.into()])),
        target,
    ])
}

/// A `/Dest` to the page `page`, scrolled to just above the heading whose top is `top` (PDF
/// space, y up).
fn goto(page: ObjectId, top: f32) -> (&'static str, Object) {
    let dest =
        vec![Object::Reference(page), Object::Name(b"XYZ".to_vec()), Object::Null, real(top + 6.0), Object::Null];
    ("Dest", Object::Array(dest))
}

/// Adds a `/Link` annotation for every address drawn on `pages` (each page's draws, in the
/// order of `page_ids`; `height` is the page height, as y runs down in the draws), and one
/// to the heading of each of `sections` (outline title, page, top) its title's mentions in
/// running text: a line that is the heading itself links nowhere.
pub fn add(
    pdf: &mut lopdf::Document,
    page_ids: &[ObjectId],
    height: f32,
    pages: &[&[Draw]],
    sections: &[(String, ObjectId, f32)],
) -> Fallible<()> {
    let titles: Vec<&str> = sections.iter().map(|(m, _, _)| title(m)).collect();
    let linked: Vec<Option<&str>> = titles.iter().map(|t| (t.chars().count() >= 4).then_some(*t)).collect();
    for (page, draws) in page_ids.iter().zip(pages) {
        let mut annots = Vec::new();
        for d in draws.iter() {
            if let Draw::Goto { x, y, w, h, section } = d {
                // A contents entry: the whole line links to its section's heading.
                if let Some((_, target, at)) = sections.iter().find(|(m, _, _)| m == section) {
                    let rect = [*x, height - y - h, x + w, height - y];
                    annots.push(Object::Reference(pdf.add_object(link(rect, goto(*target, height - at)))));
                }
                continue;
            }
            let Draw::Text { x, y, spans } = d else { continue };
            let line: String = spans.iter().map(|s| s.text.as_str()).collect();
            // A heading, or a "(continued)" label, which opens with its numbered heading: no
            // mention of a section, nor running text to link.
            let numbered = |m: &String| title(m) != m.as_str() && line.trim_start().starts_with(m.as_str());
            let heading = titles.contains(&title(line.trim())) || sections.iter().any(|(m, _, _)| numbered(m));
            for span in spans.iter().filter(|_| !heading) {
                for (k, left, right) in mentions(span, &linked) {
                    let (x1, x2) = (x + span.dx + left, x + span.dx + right);
                    let (top, bottom) = (y - span.size * 0.95, y + span.size * 0.25);
                    let (_, target, at) = &sections[k];
                    let rect = [x1, height - bottom, x2, height - top];
                    annots.push(Object::Reference(pdf.add_object(link(rect, goto(*target, height - at)))));
                }
            }
            for span in spans {
                for (uri, left, right) in span_links(span) {
                    let (x1, x2) = (x + span.dx + left, x + span.dx + right);
                    let (top, bottom) = (y - span.size * 0.95, y + span.size * 0.25);
                    let action = Dictionary::from_iter([
                        ("S", Object::Name(b"URI".to_vec())),
                        ("URI", Object::string_literal(uri.as_bytes())),
                    ]);
                    let rect = [x1, height - bottom, x2, height - top];
                    annots.push(Object::Reference(pdf.add_object(link(rect, ("A", Object::Dictionary(action))))));
                }
            }
        }
        if annots.is_empty() {
            continue;
        }
        let mut all = match pdf.get_dictionary(*page)?.get(b"Annots") {
            Ok(Object::Array(a)) => a.clone(),
            Ok(Object::Reference(r)) => pdf.get_object(*r)?.as_array()?.clone(),
            _ => Vec::new(),
        };
        all.extend(annots);
        pdf.get_dictionary_mut(*page)?.set("Annots", Object::Array(all));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{target, whole_words};

    #[test]
    fn finds_whole_words_where_match_indices_does() {
        let reference = |text: &str, word: &str| -> Vec<usize> {
            text.match_indices(word)
                .map(|(at, _)| at)
                .filter(|&at| {
                    !text[..at].chars().next_back().is_some_and(char::is_alphanumeric)
                        && !text[at + word.len()..].chars().next().is_some_and(char::is_alphanumeric)
                })
                .collect()
        };
        for (text, word) in [
            ("see Pricing and Pricing.", "Pricing"),
            ("Repricing, Pricings, (Pricing)", "Pricing"),
            ("aa aa aa aa", "aa aa"),
            ("aaaa aaaa", "aaaa"),
            ("Étapes clés — « Étapes clés »", "Étapes clés"),
            ("見積り：見積り 見積り", "見積り"),
            ("", "Scope"),
            ("Scop", "Scope"),
            ("Scope", "Scope"),
        ] {
            assert_eq!(whole_words(text, word).collect::<Vec<_>>(), reference(text, word), "{word} in {text}");
        }
    }

    #[test]
    fn finds_web_and_email_addresses_without_their_punctuation() {
        assert_eq!(target("https://catdev.example"), Some(("https://catdev.example".into(), 22)));
        assert_eq!(target("proposals@catdev.example."), Some(("mailto:proposals@catdev.example".into(), 24)));
        assert_eq!(target("(jonas.becker@catdev.example,"), Some(("mailto:jonas.becker@catdev.example".into(), 28)));
        assert_eq!(target("www.catdev.example"), Some(("https://www.catdev.example".into(), 18)));
        for not in ["@", "a@b", "user@.example", "https://", "Ref.", "12@"] {
            assert_eq!(target(not), None, "{not}");
        }
    }
}
