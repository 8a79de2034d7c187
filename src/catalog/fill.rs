//! Placeholders in catalog texts: `{name}` filled from the proposal's own data, and the
//! check, when the catalog loads, that each text uses only the names its place provides.

/// `text` with every `{name}` replaced by its value from `values`. Names were checked when
/// the catalog loaded ([`unknown`]), so an unknown one cannot occur; it would stay as written.
///
/// Scans bytes rather than calling `str::find(char)`: a schedule fills a label for every
/// month of a term, and `find`'s searcher cost about 110 instructions a call on these short
/// texts (callgrind, a batch of 2,000 managed scenarios: `fill` was 122 M of 816 M
/// instructions). `{` and `}` are ASCII, so every index found is a character boundary.
pub fn fill(text: &str, values: &[(&str, &str)]) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len() + 32);
    // `text[done..]` is not yet copied; the next `{` is looked for from `from`.
    let (mut done, mut from) = (0, 0);
    while let Some(open) = position(bytes, b'{', from) {
        let Some(close) = position(bytes, b'}', open + 1) else { break };
        let name = &text[open + 1..close];
        if let Some((_, v)) = values.iter().find(|(n, _)| *n == name) {
            out.push_str(&text[done..open]);
            out.push_str(v);
            done = close + 1;
        }
        from = close + 1;
    }
    out.push_str(&text[done..]);
    out
}

/// The index of the first `byte` in `bytes` at or after `from`.
fn position(bytes: &[u8], byte: u8, from: usize) -> Option<usize> {
    bytes.get(from..)?.iter().position(|b| *b == byte).map(|i| from + i)
}

/// The first placeholder in `text` that is not one of `allowed`, or an unclosed `{`.
pub fn unknown<'t>(text: &'t str, allowed: &[&str]) -> Option<&'t str> {
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { return Some(&rest[open..]) };
        let name = &after[..close];
        if !allowed.contains(&name) {
            return Some(&rest[open..open + close + 2]);
        }
        rest = &after[close + 1..];
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_known_names_and_finds_unknown_ones() {
        assert_eq!(fill("Sign by {date}, {who}.", &[("date", "2 March"), ("who", "Ana")]), "Sign by 2 March, Ana.");
        assert_eq!(fill("no braces", &[]), "no braces");
        assert_eq!(fill("{a}{b}{a}", &[("a", "1"), ("b", "é")]), "1é1");
        assert_eq!(fill("{} {x} { {a", &[("a", "1")]), "{} {x} { {a");
        assert_eq!(fill("{ {a} }", &[("a", "1")]), "{ {a} }");
        assert_eq!(unknown("by {date} with {whom}", &["date"]), Some("{whom}"));
        assert_eq!(unknown("open {date", &["date"]), Some("{date"));
        assert_eq!(unknown("by {date}", &["date"]), None);
    }

    /// The plain form of `fill` (`str::find` from placeholder to placeholder), which the
    /// byte scan must match on any text.
    fn reference(text: &str, values: &[(&str, &str)]) -> String {
        let mut out = String::new();
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else {
                out.push_str(&rest[open..]);
                return out;
            };
            match values.iter().find(|(n, _)| *n == &after[..close]) {
                Some((_, v)) => out.push_str(v),
                None => out.push_str(&rest[open..open + close + 2]),
            }
            rest = &after[close + 1..];
        }
        out + rest
    }

    proptest::proptest! {
        #[test]
        fn fills_as_the_plain_search_does(text in "[{}ab é]{0,24}") {
            let values = [("a", "1"), ("b", "{a}"), ("", "empty")];
            proptest::prop_assert_eq!(fill(&text, &values), reference(&text, &values));
        }
    }
}
