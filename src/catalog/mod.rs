//! The firm's catalog: engagement models, SLA tiers, delivery processes, standing texts and the
//! (sample) commercial data. Loaded from the embedded defaults or a `--catalog DIR`, checked
//! once, then read by every later stage through typed IDs.

mod check;
mod content;
/// The catalog's file lists, shared with build.rs.
mod files;
pub mod fill;
pub mod rates;
mod resolve;
pub mod strings;
mod tax;
mod terms;
mod texts;
mod translate;
mod types;
mod values;

pub use check::check;
pub use files::{FILES, TEXT_FILES};
pub use fill::fill;
pub use resolve::EffortTable;
pub use tax::*;
pub use terms::*;
pub use texts::*;
pub use translate::{Languages, NOT_TEXT, NOT_TEXT_IN};
pub use types::*;
pub use values::*;

use crate::baked::Value;
use crate::diag::{Diagnostic, Error, Location, Result, Source};
use crate::embedded;
use serde::de::DeserializeOwned;
use std::path::Path;

/// Bounds on a catalog beyond each number's own range ([`values`]) and the size of its files
/// ([`crate::folder::MAX_FILE_BYTES`]); README lists them all.
pub mod limits {
    /// The most entries in any list (roles, tiers, phases, FAQ, ...).
    pub const MAX_LIST: usize = 50;
    /// The most characters in any one text.
    pub const MAX_TEXT: usize = 2_000;
}

impl Catalog {
    /// The catalog compiled into the binary.
    pub fn embedded() -> Result<Catalog> {
        Catalog::load(None)
    }

    /// Loads the catalog: each file from `dir` when it is there, otherwise the embedded one.
    /// The result is checked (references, prices, texts); errors are located in the file.
    pub fn load(dir: Option<&Path>) -> Result<Catalog> {
        if let Some(dir) = dir.filter(|d| !d.is_dir()) {
            return Err(Diagnostic::new(format!("catalog directory `{}` does not exist", dir.display()))
                .help("pass a directory holding catalog files such as `pricing.toml`")
                .into());
        }
        let mut sources = Vec::with_capacity(FILES.len());
        let mut baked = Vec::with_capacity(FILES.len());
        for name in FILES {
            let (source, user) = read_part(dir, name)?;
            baked.push(if user { None } else { embedded::catalog_values(name) });
            sources.push(source);
        }
        let embedded_pricing = FILES.iter().zip(&baked).any(|(name, b)| *name == "pricing.toml" && b.is_some());
        let (rates, own_rates) = rates_source(dir, embedded_pricing)?;
        let check = baked.iter().any(Option::is_none) || own_rates;
        let mut catalog = Catalog::from_sources(sources, &baked, check, rates)?;
        catalog.strings = strings::Strings::english(dir)?;
        catalog.dir = dir.map(Path::to_path_buf);
        catalog.spelling = crate::spelling::Spelling::load(dir)?;
        Ok(catalog)
    }

    /// The catalog with some files given as text (`(file name, text)`), the others embedded;
    /// checked as [`Catalog::load`] checks it. For tests and the fuzz target.
    pub fn from_texts(files: &[(&str, &str)]) -> Result<Catalog> {
        let mut sources = Vec::with_capacity(FILES.len());
        for name in FILES {
            sources.push(match files.iter().find(|(n, _)| *n == name) {
                Some((_, text)) => Source::new(format!("<test>/{name}"), *text),
                None => read_part(None, name)?.0,
            });
        }
        let given = |name: &str| files.iter().find(|(n, _)| *n == name).map(|(_, text)| *text);
        let rates = match given(rates::FILE) {
            Some(text) => Some(Source::new(format!("<test>/{}", rates::FILE), text)),
            None => rates_source(None, given("pricing.toml").is_none())?.0,
        };
        Catalog::from_sources(sources, &[None; FILES.len()], true, rates)
    }

    /// Parses the catalog's files, given in the order of [`FILES`], each from its values
    /// in `baked` where given (the embedded files; see [`embedded::catalog_values`]), and checks
    /// them when `check` (any file not embedded): the embedded catalog passes every check, as
    /// a test says, and checking it again cost every run 12 M of a short render's 86 M
    /// instructions. `rates` is the catalog's rates.csv, when it has one.
    fn from_sources(
        sources: Vec<Source>,
        baked: &[Option<&'static Value>],
        check: bool,
        rates: Option<Source>,
    ) -> Result<Catalog> {
        let [firm, models, tiers, processes, scenarios, texts, pricing, effort, tax, tax_ids, terms] = &sources[..]
        else {
            return Err(Error::Internal("catalog file list out of step".into()));
        };
        let baked = |i: usize| baked.get(i).copied().flatten();
        let mut catalog = Catalog {
            firm: parse_part::<FirmFile>(firm, baked(0))?.firm,
            models: parse_part::<ModelsFile>(models, baked(1))?.model,
            tiers: parse_part::<TiersFile>(tiers, baked(2))?.tier,
            processes: parse_part::<ProcessesFile>(processes, baked(3))?.process,
            scenarios: parse_part::<ScenariosFile>(scenarios, baked(4))?.scenario,
            texts: parse_part(texts, baked(5))?,
            pricing: parse_part(pricing, baked(6))?,
            effort: parse_part::<EffortFile>(effort, baked(7))?.effort,
            tax: parse_part(tax, baked(8))?,
            tax_ids: parse_part(tax_ids, baked(9))?,
            terms: parse_part(terms, baked(10))?,
            rates: Default::default(),
            resolved: resolve::Resolved::default(),
            spelling: crate::spelling::Map::default(),
            fonts: Vec::new(),
            dir: None,
            text_sources: TEXT_FILES
                .iter()
                .filter_map(|name| FILES.iter().position(|f| f == name).and_then(|i| sources.get(i)).cloned())
                .collect(),
            translations: Default::default(),
            strings: strings::Strings::english(None)?,
        };
        check::check_parts(&mut catalog, &sources, check)?;
        catalog.rates = rates::history(&catalog.pricing, pricing, rates.as_ref(), check)?;
        catalog.fonts = fonts(&catalog.firm.fonts, firm)?;
        Ok(catalog)
    }
}

/// The firm's `fonts`, resolved against the folder of `firm` (its firm.toml): each an
/// existing font file, at most [`crate::intake::limits::MAX_FONTS`].
fn fonts(names: &[String], firm: &Source) -> Result<Vec<std::path::PathBuf>> {
    let max = crate::intake::limits::MAX_FONTS;
    let at = || Location::file(&firm.name);
    if names.len() > max {
        let d = Diagnostic::new(format!("[firm] fonts lists {} files, more than the {max} allowed", names.len()))
            .at(at())
            .help("list only the fonts the proposals' scripts need");
        return Err(d.into());
    }
    let base = Path::new(&firm.name).parent().unwrap_or(Path::new(""));
    let mut out = Vec::with_capacity(names.len());
    for name in names {
        let path = base.join(name);
        let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
        if !matches!(ext.as_deref(), Some("ttf" | "otf" | "ttc" | "otc")) || !path.is_file() {
            let d = Diagnostic::new(format!("[firm] fonts: `{}` is not a font file", path.display())).at(at()).help(
                "give TrueType or OpenType files (`.ttf`, `.otf`, `.ttc`, `.otc`) relative to the catalog folder",
            );
            return Err(d.into());
        }
        out.push(path);
    }
    Ok(out)
}

/// The catalog's rate history file: from `dir` when it is there, else the embedded one when
/// pricing.toml is the embedded one too (`embedded_pricing`). A folder that replaces
/// pricing.toml without a rates.csv has none: its pricing.toml gives its rates (`fx`), never
/// the sample ones, which are in the embedded file's base currency. `true` with the folder's.
fn rates_source(dir: Option<&Path>, embedded_pricing: bool) -> Result<(Option<Source>, bool)> {
    if let Some(dir) = dir {
        let path = dir.join(rates::FILE);
        if let Some(text) = crate::folder::read_text(dir, &path, "catalog file")? {
            return Ok((Some(Source::new(path.display().to_string(), text)), true));
        }
    }
    let embedded = embedded_pricing.then(|| {
        let text = embedded::catalog_file(rates::FILE).unwrap_or_default();
        Source::embedded(format!("<embedded>/catalog/{}", rates::FILE), text)
    });
    Ok((embedded, false))
}

/// Catalog file `name`, from `dir` when it is there (then `true`), else the embedded one.
fn read_part(dir: Option<&Path>, name: &str) -> Result<(Source, bool)> {
    if let Some(dir) = dir {
        let path = dir.join(name);
        if let Some(text) = crate::folder::read_text(dir, &path, "catalog file")? {
            return Ok((Source::new(path.display().to_string(), text), true));
        }
    }
    let text = embedded::catalog_file(name).ok_or_else(|| Error::Internal(format!("no embedded `{name}`")))?;
    Ok((Source::embedded(format!("<embedded>/catalog/{name}"), text), false))
}

/// Parses one catalog file into `T`: from `baked`, the same file's values baked by build.rs,
/// when given, else from the TOML in `source`.
fn parse_part<T: DeserializeOwned>(source: &Source, baked: Option<&'static Value>) -> Result<T> {
    baked_or(baked, || parse(source))
}

/// A `T` read from `baked`, an embedded file's values baked by build.rs (`crate::baked` says
/// why: the TOML of the embedded catalog was 10.8 M of a quote's 15 M instructions), when
/// given; else, or should they not fit, from `toml`, which reads the file's text and reports
/// where it is wrong.
pub(crate) fn baked_or<T: DeserializeOwned>(
    baked: Option<&'static Value>,
    toml: impl FnOnce() -> Result<T>,
) -> Result<T> {
    match baked.map(crate::baked::read) {
        Some(Ok(v)) => Ok(v),
        _ => toml(),
    }
}

/// Parses one TOML file into `T`, turning a serde error into a located diagnostic.
pub(crate) fn parse<T: DeserializeOwned>(source: &Source) -> Result<T> {
    toml::from_str(&source.text).map_err(|e| toml_error(source, &e))
}

/// A located diagnostic for a TOML syntax or shape error, with a "did you mean" where the
/// error names an unknown key among expected ones.
pub(crate) fn toml_error(source: &Source, e: &toml::de::Error) -> Error {
    let message = e.message().trim().to_string();
    let mut d = Diagnostic::new(first_line(&message));
    let too_deep = message.contains("recursion depth") || message == "recursion limit";
    // The parser gives no place for a dotted key nested too deeply: find it.
    let span = e.span().or_else(|| too_deep.then(|| deepest_key(&source.text)).flatten());
    let key = span.as_ref().and_then(|s| key_before(&source.text, s.start));
    if let Some(span) = span {
        d = d.at(Location::of(source, span));
    } else {
        d = d.at(Location::file(&source.name));
    }
    if let Some((what, fix)) = message.split_once(values::HELP) {
        d.message = what.to_string();
        d = d.help(fix);
    } else if let Some((found, expected)) = unknown_field(&message) {
        let names: Vec<&str> = expected.iter().map(String::as_str).collect();
        d.message = format!("unknown key `{found}`");
        d = match crate::diag::did_you_mean(&found, names.iter().copied()) {
            Some(s) => d.label(format!("did you mean `{s}`?")),
            None => d.label("not a known key"),
        };
        d = d.help(format!("valid keys here are {}", crate::diag::one_of(names)));
    } else if let Some(key) = message.strip_prefix("missing field `").and_then(|r| r.split('`').next()) {
        d.message = format!("missing key `{key}`");
        d = d.help(format!("add `{key}` to this table"));
    } else if let Some(n) = message
        .strip_prefix("invalid type: integer `")
        .and_then(|r| r.split('`').next())
        .filter(|_| expects_number(&message))
    {
        // A number was welcome here, but serde could not take it: it is beyond i64.
        d.message = format!("the number {n} is too large");
        d = d.help("use a realistic figure; TOML integers stop at 9223372036854775807");
    } else if message.contains("must be written in quotes") {
        d = d.help("quote the number, e.g. `rate = \"212.50\"`: catalog prices are read as exact decimals");
    } else if too_deep {
        d.message = "the TOML nests too deeply".into();
        d = d.help("an intake needs only a few levels of lists and tables; remove the extra nesting");
    } else if let Some(rest) = message.strip_prefix("invalid type: ") {
        d.message = match key {
            Some(key) => format!("wrong type for `{key}`: {}", plain_types(rest)),
            None => format!("wrong type: {}", plain_types(rest)),
        };
        d = d.help("change the value to the expected type");
    } else {
        d = d.help("fix the TOML syntax at this point (see https://toml.io)");
    }
    Error::from(d)
}

/// serde's type words in the words of TOML: "string" is text, "sequence" a list, "map" a
/// table.
fn plain_types(s: &str) -> String {
    let s = first_line(s);
    let (found, expected) = s.split_once(", expected ").unwrap_or((&s, ""));
    let word = |w: &str| {
        if w.starts_with("struct ") || w == "a map" {
            return "a table".to_string();
        }
        if let Some(n) = w.strip_prefix("integer `").or_else(|| w.strip_prefix("floating point `")) {
            return format!("the number {}", n.split('`').next().unwrap_or(n));
        }
        w.replace("a sequence", "a list")
            .replace("sequence", "list")
            .replace("a map", "a table")
            .replace("a string", "text")
            .replace("string", "text")
            .replace("a boolean", "true or false")
            .replace("boolean ", "")
    };
    if expected.is_empty() {
        format!("found {}", word(found))
    } else {
        format!("found {}, expected {}", word(found), word(expected))
    }
}

fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or(s).to_string()
}

/// Reads serde's "unknown field `x`, expected one of `a`, `b`" (or "expected `a`").
fn unknown_field(message: &str) -> Option<(String, Vec<String>)> {
    let rest = message.strip_prefix("unknown field `")?;
    let (found, rest) = rest.split_once('`')?;
    let expected = rest.split('`').skip(1).step_by(2).map(str::to_string).collect();
    Some((found.to_string(), expected))
}

/// Whether serde's "invalid type" message expects a number where it found one: a value of
/// any type, or a number type. A number where a table, list or text belongs is a wrong type,
/// however large.
fn expects_number(message: &str) -> bool {
    let expected = message.split_once(", expected ").map_or(String::new(), |(_, e)| first_line(e));
    let expected = expected.as_str();
    expected == "any valid TOML value"
        || expected.contains("integer")
        || expected.contains("number")
        || matches!(expected, "u8" | "u16" | "u32" | "u64" | "usize" | "i8" | "i16" | "i32" | "i64" | "isize")
}

/// The key a value at byte `start` is written to, when it follows `KEY =` on its line
/// (`client` in `client = 5`, `a` in `x = { a = 5 }`).
fn key_before(text: &str, start: usize) -> Option<&str> {
    let before = text.get(..start)?;
    let line = &before[before.rfind('\n').map_or(0, |i| i + 1)..];
    let key = line.trim_end().strip_suffix('=')?.trim_end();
    let key = key.rsplit(|c: char| c.is_whitespace() || c == '{' || c == ',').next()?;
    (!key.is_empty()).then_some(key)
}

/// The key part of the line that nests deepest by dotted keys (the most dots outside quotes
/// and comments), for a nesting error the parser gives no place for.
fn deepest_key(text: &str) -> Option<std::ops::Range<usize>> {
    let mut best: Option<(usize, std::ops::Range<usize>)> = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let (mut dots, mut quote, mut end) = (0, None, line.trim_end().len());
        for (i, c) in line.char_indices() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, '.') => dots += 1,
                (None, '#') => {
                    end = i;
                    break;
                }
                _ => {}
            }
        }
        let start = line.len() - line.trim_start().len();
        if dots > best.as_ref().map_or(0, |(d, _)| *d) && start < end {
            best = Some((dots, offset + start..offset + end));
        }
        offset += line.len();
    }
    best.map(|(_, span)| span)
}

/// Fails unless `checked` and `unchecked` serialise alike, showing where they part.
#[cfg(test)]
pub(crate) fn assert_same_catalog(what: &str, checked: &Catalog, unchecked: &Catalog) {
    let (a, b) = (serde_json::to_string(checked).unwrap(), serde_json::to_string(unchecked).unwrap());
    let at = a.bytes().zip(b.bytes()).position(|(x, y)| x != y).unwrap_or(a.len().min(b.len()));
    assert!(
        a == b,
        "{what}: the catalogs differ at {at}: {:?} against {:?}",
        a.get(at.saturating_sub(80)..(at + 80).min(a.len())),
        b.get(at.saturating_sub(80)..(at + 80).min(b.len()))
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The embedded catalog is loaded unchecked and from baked values ([`Catalog::from_sources`]),
    /// so it must pass every check, and checking and baking must not change what is loaded.
    #[test]
    fn the_embedded_catalog_passes_every_check_and_its_baked_values_are_the_same() {
        // Each file's values fit its type (a file that did not would be read from its TOML).
        fn fits<T: DeserializeOwned>(name: &str) {
            let value = embedded::catalog_values(name).unwrap_or_else(|| panic!("{name} is not baked"));
            if let Err(e) = crate::baked::read::<T>(value) {
                panic!("the values of {name} do not fit: {e}");
            }
        }
        fits::<FirmFile>("firm.toml");
        fits::<ModelsFile>("models.toml");
        fits::<TiersFile>("tiers.toml");
        fits::<ProcessesFile>("processes.toml");
        fits::<ScenariosFile>("scenarios.toml");
        fits::<Texts>("texts.toml");
        fits::<Pricing>("pricing.toml");
        fits::<EffortFile>("effort.toml");
        fits::<TaxFile>("tax.toml");
        fits::<TaxIdFile>("tax-ids.toml");
        fits::<ContractTerms>("terms.toml");
        let mut checked = Catalog::from_texts(&[]).expect("the embedded catalog passes every check");
        let unchecked = Catalog::embedded().unwrap();
        // `from_texts` leaves the spelling map to its caller.
        checked.spelling = unchecked.spelling.clone();
        assert_eq!(format!("{:?}", checked.resolved), format!("{:?}", unchecked.resolved));
        assert_same_catalog("the embedded catalog", &checked, &unchecked);
    }
}
