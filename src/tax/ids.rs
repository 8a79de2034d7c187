//! Tax IDs: normalising what a person wrote, matching the country's format from
//! `tax-ids.toml`, and the public check-digit algorithms those formats name.

use crate::calendar::Place;
use crate::catalog::{TaxIdFile, TaxIdFormat};

/// The check-digit algorithms a format may name.
pub const CHECKS: [&str; 25] = [
    "luhn",
    "iso7064-11-10",
    "at",
    "be",
    "dk",
    "ee",
    "el",
    "fi",
    "fr",
    "hu",
    "lu",
    "mt",
    "nl",
    "pl",
    "pt",
    "se",
    "si",
    "sk",
    "gb",
    "ch",
    "no",
    "au-abn",
    "ca-bn",
    "jp-corporate",
    "in-gstin",
];

/// Upper case, without spaces, `.`, `-` and `/`.
pub fn normalise(written: &str) -> String {
    written.chars().filter(|c| !c.is_whitespace() && !matches!(c, '.' | '-' | '/')).collect::<String>().to_uppercase()
}

/// A checked ID as its country writes it: the normalised ID laid out as the format's
/// `example` is (`CHE116407810MWST` → `CHE-116.407.810 MWST`, `123456782RT0001` →
/// `123456782 RT 0001`, `DE123456788` as it is). An ID of another length than the example,
/// or of a country without a known format, is shown normalised or as written.
pub fn shown(ids: &TaxIdFile, place: Option<&Place>, id: &str) -> String {
    let Some(f) = place.and_then(|p| format_for(ids, p)) else { return id.trim().to_string() };
    let id = normalise(id);
    let separator = |c: char| c.is_whitespace() || matches!(c, '.' | '-' | '/');
    if f.example.chars().filter(|c| !separator(*c)).count() != id.chars().count() {
        return id;
    }
    let mut chars = id.chars();
    f.example
        .chars()
        .map(|c| if separator(c) { Some(c) } else { chars.next() })
        .collect::<Option<String>>()
        .unwrap_or(id)
}

/// The format for `place`, or for its country.
pub fn format_for<'a>(ids: &'a TaxIdFile, place: &Place) -> Option<&'a TaxIdFormat> {
    let find = |code: &str| ids.tax_id.iter().find(|f| f.country == code);
    find(place.code()).or_else(|| find(place.country()))
}

/// `pattern`, anchored and compiled once per process (a quote then only matches); `None`
/// when it is not a valid regular expression.
pub fn pattern(pattern: &str) -> Option<regex_lite::Regex> {
    use std::collections::BTreeMap;
    use std::sync::{Mutex, OnceLock};
    static COMPILED: OnceLock<Mutex<BTreeMap<String, regex_lite::Regex>>> = OnceLock::new();
    let mut cache = COMPILED.get_or_init(Default::default).lock().ok()?;
    if let Some(re) = cache.get(pattern) {
        return Some(re.clone());
    }
    let re = regex_lite::Regex::new(&format!("^(?:{pattern})$")).ok()?;
    // Formats come from the catalog: a bounded number of them.
    if cache.len() < 1_000 {
        cache.insert(pattern.to_string(), re.clone());
    }
    Some(re)
}

/// The normalised ID if `written` fits `f`.
pub fn validate(f: &TaxIdFormat, written: &str) -> Option<String> {
    let n = normalise(written);
    let body = n.strip_prefix(f.prefix.as_str())?;
    let re = pattern(&f.pattern)?;
    (re.is_match(body) && body.is_ascii() && (f.check.is_empty() || passes(&f.check, body))).then_some(n)
}

/// Checks `written` against the format of `place` (a country without a known format takes
/// any ID as written); the error says what was expected, with an example.
pub fn check(ids: &TaxIdFile, place: &Place, written: &str) -> Result<String, String> {
    let Some(f) = format_for(ids, place) else { return Ok(written.trim().to_string()) };
    validate(f, written).ok_or_else(|| {
        format!(
            "`{}` is not a valid {} for {} (e.g. `{}`)",
            crate::diag::escape(written),
            f.name,
            place.country(),
            f.example
        )
    })
}

fn digits(s: &str) -> Vec<u32> {
    s.chars().filter_map(|c| c.to_digit(10)).collect()
}

fn weighted(d: &[u32], w: &[u32]) -> u32 {
    d.iter().zip(w).map(|(a, b)| a * b).sum()
}

fn number(s: &str) -> u64 {
    s.parse().unwrap_or(u64::MAX)
}

fn luhn(s: &str) -> bool {
    let total: u32 = digits(s)
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            if i % 2 == 1 {
                let x = d * 2;
                if x > 9 {
                    x - 9
                } else {
                    x
                }
            } else {
                d
            }
        })
        .sum();
    total.is_multiple_of(10)
}

fn iso7064_11_10(s: &str) -> bool {
    let d = digits(s);
    let Some((last, init)) = d.split_last() else { return false };
    let mut p = 10;
    for x in init {
        let t = match (x + p) % 10 {
            0 => 10,
            t => t,
        };
        p = (2 * t) % 11;
    }
    (11 - p) % 10 == *last
}

/// Whether `body` (the ID after its prefix, matching the pattern) passes `check`. The
/// algorithms are the published ones, lenient where python-stdnum is (a real number is never
/// refused): checked with it on 20,000 mutated IDs a country (`scripts/calendar/fuzz_taxid.py`).
fn passes(check: &str, body: &str) -> bool {
    let d = digits(body);
    let n = d.len();
    // A catalog may pair a check with a pattern of its own: too short an ID fails, never
    // panics.
    let (chars, ds) = need(check);
    if !body.is_ascii() || body.len() < chars || n < ds {
        return false;
    }
    let at = |i: usize| d.get(i).copied().unwrap_or(u32::MAX);
    match check {
        "luhn" => luhn(body),
        "iso7064-11-10" => iso7064_11_10(body),
        "at" => {
            let d = digits(&body[1..]);
            let tot: u32 = d
                .iter()
                .take(7)
                .enumerate()
                .map(|(i, &x)| {
                    if i % 2 == 1 {
                        let y = x * 2;
                        y / 10 + y % 10
                    } else {
                        x
                    }
                })
                .sum();
            d.len() == 8 && (10 - (tot + 4) % 10) % 10 == d[7]
        }
        "be" => (number(&body[..8]) + number(&body[8..])).is_multiple_of(97),
        "dk" => weighted(&d, &[2, 7, 6, 5, 4, 3, 2, 1]).is_multiple_of(11),
        "ee" => weighted(&d, &[3, 7, 1, 3, 7, 1, 3, 7, 1]).is_multiple_of(10),
        "el" => weighted(&d[..8], &[256, 128, 64, 32, 16, 8, 4, 2]) % 11 % 10 == at(8),
        "fi" => {
            let r = weighted(&d[..7], &[7, 9, 10, 5, 8, 4, 2]) % 11;
            r != 1 && (if r == 0 { 0 } else { 11 - r }) == at(7)
        }
        "fr" => {
            let (key, siren) = body.split_at(2);
            luhn(siren)
                && (!key.chars().all(|c| c.is_ascii_digit()) || number(key) == (12 + 3 * (number(siren) % 97)) % 97)
        }
        "hu" => weighted(&d, &[9, 7, 3, 1, 9, 7, 3, 1]).is_multiple_of(10),
        "lu" => number(&body[..6]) % 89 == number(&body[6..]),
        "mt" => (weighted(&d[..6], &[3, 4, 6, 7, 8, 9]) + at(6) * 10 + at(7)).is_multiple_of(37),
        "nl" => {
            let w = weighted(&d[..8], &[9, 8, 7, 6, 5, 4, 3, 2]);
            if (i64::from(w) - i64::from(at(8))) % 11 == 0 {
                return true;
            }
            // Since 2020 (sole proprietors): ISO 7064 MOD 97-10 over "NL" and the number,
            // letters counted 10 to 35.
            let mut r: u64 = 0;
            for c in "NL".chars().chain(body.chars()) {
                let v = c.to_digit(36).map_or(0, u64::from);
                r = if v >= 10 { (r * 100 + v) % 97 } else { (r * 10 + v) % 97 };
            }
            r == 1
        }
        "pl" => {
            let r = weighted(&d[..9], &[6, 5, 7, 2, 3, 4, 5, 6, 7]) % 11;
            r != 10 && r == at(9)
        }
        "pt" => {
            let r = 11 - weighted(&d[..8], &[9, 8, 7, 6, 5, 4, 3, 2]) % 11;
            (if r > 9 { 0 } else { r }) == at(8)
        }
        "se" => body.ends_with("01") && luhn(&body[..10]),
        "si" => {
            let r = 11 - weighted(&d[..7], &[8, 7, 6, 5, 4, 3, 2]) % 11;
            r != 11 && (if r == 10 { 0 } else { r }) == at(7)
        }
        "sk" => number(body).is_multiple_of(11),
        "gb" => {
            if let Some(rest) = body.strip_prefix("GD") {
                return number(rest) < 500;
            }
            if let Some(rest) = body.strip_prefix("HA") {
                return number(rest) >= 500;
            }
            if n < 9 {
                return false;
            }
            // Mod 97 (remainder 0) or, from 100 0000 00 on, the "9755" scheme (remainder 42);
            // 55 too, as python-stdnum accepts.
            let tot = (weighted(&d[..7], &[8, 7, 6, 5, 4, 3, 2]) + at(7) * 10 + at(8)) % 97;
            tot == 0 || (number(&body[..3]) >= 100 && (tot == 42 || tot == 55))
        }
        "ch" => {
            let d = digits(&body[1..10]);
            let r = 11 - weighted(&d[..8], &[5, 4, 3, 2, 7, 6, 5, 4]) % 11;
            r != 10 && (if r == 11 { 0 } else { r }) == d[8]
        }
        "no" => {
            let r = 11 - weighted(&d[..8], &[3, 2, 7, 6, 5, 4, 3, 2]) % 11;
            r != 10 && (if r == 11 { 0 } else { r }) == at(8)
        }
        "au-abn" => {
            let mut d = d;
            if n != 11 || d[0] == 0 {
                return false;
            }
            d[0] -= 1;
            weighted(&d, &[10, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19]).is_multiple_of(89)
        }
        "ca-bn" => luhn(&body[..9]),
        "jp-corporate" => {
            let base = &d[1..];
            let tot: u32 = base.iter().rev().enumerate().map(|(i, x)| x * if i % 2 == 0 { 1 } else { 2 }).sum();
            9 - tot % 9 == d[0]
        }
        "in-gstin" => {
            let value = |c: char| c.to_digit(36).unwrap_or(0);
            let chars: Vec<char> = body.chars().collect();
            let tot: u32 = chars[..14]
                .iter()
                .enumerate()
                .map(|(i, &c)| {
                    let p = value(c) * if i % 2 == 1 { 2 } else { 1 };
                    p / 36 + p % 36
                })
                .sum();
            std::char::from_digit((36 - tot % 36) % 36, 36).map(|c| c.to_ascii_uppercase()) == Some(chars[14])
        }
        _ => false,
    }
}

/// The least characters and digits each algorithm reads.
fn need(check: &str) -> (usize, usize) {
    match check {
        "at" => (9, 8),
        "be" => (10, 10),
        "dk" | "hu" | "lu" | "mt" | "si" | "fi" => (8, 8),
        "ee" | "el" | "pt" | "no" | "nl" => (9, 9),
        "fr" => (3, 1),
        "pl" => (10, 10),
        "se" => (12, 12),
        "gb" => (5, 3),
        "ch" => (10, 9),
        "au-abn" => (11, 11),
        "ca-bn" => (9, 9),
        "jp-corporate" => (2, 2),
        "in-gstin" => (15, 0),
        _ => (1, 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_example_passes_and_every_invalid_one_fails() {
        let catalog = crate::catalog::Catalog::embedded().unwrap();
        assert!(catalog.tax_ids.tax_id.len() >= 45);
        for f in &catalog.tax_ids.tax_id {
            assert!(validate(f, &f.example).is_some(), "{} {}", f.country, f.example);
            assert!(validate(f, &f.invalid).is_none(), "{} {}", f.country, f.invalid);
        }
    }

    #[test]
    fn reads_ids_as_people_write_them() {
        let catalog = crate::catalog::Catalog::embedded().unwrap();
        let de = Place::parse("DE-BY").unwrap();
        assert_eq!(check(&catalog.tax_ids, &de, "de 123.456.788").unwrap(), "DE123456788");
        let e = check(&catalog.tax_ids, &de, "DE123456780").unwrap_err();
        assert_eq!(e, "`DE123456780` is not a valid USt-IdNr. for DE (e.g. `DE123456788`)");
        let qc = Place::parse("CA-QC").unwrap();
        assert!(check(&catalog.tax_ids, &qc, "1234567890 TQ 0001").is_ok());
        let ch = Place::parse("CH").unwrap();
        assert!(check(&catalog.tax_ids, &ch, "CHE-116.407.810 MWST").is_ok());
        assert!(check(&catalog.tax_ids, &ch, "CHE-116.407.810").is_err(), "a UID without MWST is no VAT number");
        // No known format: taken as written.
        assert_eq!(check(&catalog.tax_ids, &Place::parse("BR").unwrap(), " 12.345 ").unwrap(), "12.345");
    }

    #[test]
    fn shows_ids_as_their_country_writes_them() {
        let catalog = crate::catalog::Catalog::embedded().unwrap();
        let shown = |place: &str, id: &str| shown(&catalog.tax_ids, Place::parse(place).ok().as_ref(), id);
        assert_eq!(shown("CH-GE", "CHE116407810MWST"), "CHE-116.407.810 MWST");
        assert_eq!(shown("CA-ON", "123456782rt0001"), "123456782 RT 0001");
        assert_eq!(shown("CA-QC", "1234567890TQ0001"), "1234567890 TQ 0001");
        assert_eq!(shown("GB", "GB123456727"), "GB 123 4567 27");
        assert_eq!(shown("DE", "DE 123 456 788"), "DE123456788", "Germany writes it without spaces");
        assert_eq!(shown("FR", "FR 11 123456782"), "FR11123456782");
        // Another length than the example's (a 12-digit UK number, TVA for MWST): normalised.
        assert_eq!(shown("GB", "GB123456789012"), "GB123456789012");
        assert_eq!(shown("CH", "CHE116407810TVA"), "CHE116407810TVA");
        // No known format: as written.
        assert_eq!(shown("BR", " 12.345 "), "12.345");
    }
}
