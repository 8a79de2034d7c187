//! Placeholders in catalog texts: `{name}` filled from the proposal's own data, and the
//! check, when the catalog loads, that each text uses only the names its place provides.

/// `text` with every `{name}` replaced by its value from `values`. Names were checked when
/// the catalog loaded ([`unknown`]), so an unknown one cannot occur; it would stay as written.
pub fn fill(text: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(text.len() + 32);
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}').map(|close| (&after[..close], close)) {
            Some((name, close)) => {
                match values.iter().find(|(n, _)| *n == name) {
                    Some((_, v)) => out.push_str(v),
                    None => out.push_str(&rest[open..open + close + 2]),
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
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
        assert_eq!(unknown("by {date} with {whom}", &["date"]), Some("{whom}"));
        assert_eq!(unknown("open {date", &["date"]), Some("{date"));
        assert_eq!(unknown("by {date}", &["date"]), None);
    }
}
