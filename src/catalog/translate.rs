//! The catalog in another language: each text file's translation (`lang/LANG/FILE`, in the
//! catalog folder or embedded) laid over the English file, text by text, checked so that a
//! missing, extra or misplaced text is a located error, never a blank or an English
//! sentence in a German proposal.
//!
//! A translation mirrors its file: the same tables and keys, every element of an array of
//! tables in the same order (with its `id` where the source has one), every list of texts
//! as long as the source's, and the same `{placeholders}` in each text. Only texts are
//! translated: the keys in [`NOT_TEXT`] and, for one file, [`NOT_TEXT_IN`] (ids, codes,
//! addresses, prices, references) stay in the English file and may not appear in a
//! translation.

use super::{limits, parse, Catalog, FirmFile, ModelsFile, ProcessesFile, ScenariosFile, TiersFile, TEXT_FILES};
use crate::diag::{Diagnostic, Error, Location, Result, Source};
use crate::locale::Language;
use std::path::Path;
use std::sync::Arc;
use toml_edit::{Document, DocumentMut, Item, Table, Value};

/// Keys whose values are not client-facing text (ids, codes, addresses, references to other
/// entries, settings written as strings): never translated.
pub const NOT_TEXT: &[&str] = &[
    "id",
    "applies_to",
    "inherits",
    "version",
    "website",
    "email",
    "default_currency",
    "default_locale",
    "country",
    "place",
    "tax_id",
    "multiplier",
    "cost_multiplier",
    "deposit_percent",
    "payment_percent",
    "fonts",
];

/// Keys that are not text in one file only (prices, percentages, codes, country lists and
/// legal references), besides [`NOT_TEXT`]: elsewhere the same names hold texts (`monthly`
/// in models.toml, the `[firm]` table in firm.toml).
pub const NOT_TEXT_IN: &[(&str, &[&str])] = &[
    (
        "pricing.toml",
        &[
            "base_currency",
            "hours_per_day",
            "fx_date",
            "rate",
            "cost",
            "sizes",
            "code",
            "fx",
            "tax_percent",
            "risk_premium_percent",
            "risk_premium",
            "tm_low_percent",
            "tm_high_percent",
            "role",
            "overage_percent",
            "min_hours",
            "discount_percent",
            "onboarding_base",
            "transition_fee",
            "fee_cost_percent",
            "billing_starts",
            "monthly",
            "onboarding",
            "policy",
        ],
    ),
    (
        "tax.toml",
        &[
            "groups",
            "place",
            "from",
            "source",
            "local",
            "percent",
            "firm",
            "firm_not",
            "client",
            "client_not",
            "kind",
            "charge",
            "requires",
        ],
    ),
];

/// The keys of file `name` that are not text.
fn not_text(name: &str) -> Vec<&'static str> {
    let only = NOT_TEXT_IN.iter().filter(|(n, _)| *n == name).flat_map(|(_, keys)| keys.iter().copied());
    NOT_TEXT.iter().copied().chain(only).collect()
}

/// Per language, the translations a catalog lacks to be written in it (none: it can be).
pub type Languages = Vec<(Language, Vec<String>)>;

/// The translated copies of a catalog made so far, one per language.
pub(crate) type Translations = std::sync::Mutex<Vec<(Language, Arc<Catalog>)>>;

impl Catalog {
    /// This catalog with its texts in `language`: itself for the catalog's own language
    /// (English), otherwise a translated copy, made once per language and kept.
    pub fn in_language(&self, language: Language) -> Result<Arc<Catalog>> {
        let mut cache = self.translations.lock().map_err(|_| Error::Internal("translation cache poisoned".into()))?;
        if let Some((_, c)) = cache.iter().find(|(l, _)| *l == language) {
            return Ok(Arc::clone(c));
        }
        let translated = Arc::new(self.translate(language)?);
        cache.push((language, Arc::clone(&translated)));
        Ok(translated)
    }

    /// Each language this catalog can be written in, or the translations it lacks: a text
    /// file the catalog folder replaces needs its own translation there, since the
    /// embedded one translates the embedded file (and so do the template strings).
    pub fn languages(&self) -> Languages {
        let mut out = Vec::new();
        for (code, language) in Language::all() {
            let mut missing: Vec<String> = TEXT_FILES
                .iter()
                .filter(|name| *language != Language::SOURCE && !has_overlay(self.dir.as_deref(), *language, name))
                .map(|name| format!("lang/{code}/{name}"))
                .collect();
            if !super::strings::Strings::available(self.dir.as_deref(), *language) {
                missing.push(super::strings::pack_path(*language));
            }
            out.push((*language, missing));
        }
        out
    }

    fn translate(&self, language: Language) -> Result<Catalog> {
        self.translate_with(language, true)
    }

    /// The translated copy; each file from its values merged at build time
    /// ([`crate::embedded::translated_values`]) when `baked` and both it and its translation
    /// are embedded, else merged and checked here.
    fn translate_with(&self, language: Language, baked: bool) -> Result<Catalog> {
        let mut out = Catalog { translations: Default::default(), ..self.clone() };
        if language == Language::SOURCE {
            return Ok(out);
        }
        out.strings = super::strings::Strings::translated(self.dir.as_deref(), language, &self.strings)?;
        for (i, name) in TEXT_FILES.iter().enumerate() {
            let source = &self.text_sources[i];
            let rel = format!("lang/{}/{name}", language.code());
            let embedded = baked
                && source.name == format!("<embedded>/catalog/{name}")
                && self.dir.as_deref().is_none_or(|d| std::fs::symlink_metadata(d.join(&rel)).is_err());
            let baked = embedded.then(|| crate::embedded::translated_values(language.code(), name)).flatten();
            let merged = || -> Result<Source> {
                let Some(overlay) = overlay_source(self.dir.as_deref(), language, name)? else {
                    let d = Diagnostic::new(format!("no {} translation of {name}", language.code()))
                        .at(Location::file(&source.name))
                        .help(format!("add {rel} to the catalog folder, translating each text of {name}"));
                    return Err(d.into());
                };
                Ok(Source::new(overlay.name.clone(), merge(source, &overlay, &not_text(name))?))
            };
            match *name {
                "firm.toml" => {
                    let fonts = std::mem::take(&mut out.firm.fonts);
                    out.firm = part::<FirmFile>(baked, merged)?.firm;
                    out.firm.fonts = fonts;
                }
                "models.toml" => out.models = part::<ModelsFile>(baked, merged)?.model,
                "tiers.toml" => {
                    // Each tier's features with those it inherits, resolved as the loader
                    // resolved the English ones (the translation keeps their `inherits`).
                    let mut tiers = part::<TiersFile>(baked, merged)?.tier;
                    let all: Vec<_> = (0..tiers.len()).map(|i| super::check::resolve_includes(&tiers, i)).collect();
                    for (tier, all) in tiers.iter_mut().zip(all) {
                        tier.all_includes = all.unwrap_or_default();
                    }
                    out.tiers = tiers;
                }
                "processes.toml" => out.processes = part::<ProcessesFile>(baked, merged)?.process,
                "scenarios.toml" => out.scenarios = part::<ScenariosFile>(baked, merged)?.scenario,
                "terms.toml" => out.terms = part(baked, merged)?,
                // Only texts are translated: the rate history stays this catalog's, which
                // `--rates` may have added to after it was loaded.
                "pricing.toml" => out.pricing = part(baked, merged)?,
                "tax.toml" => out.tax = part(baked, merged)?,
                _ => out.texts = part(baked, merged)?,
            }
        }
        Ok(out)
    }
}

/// One translated file: from its merged values when given and they fit, else from `merged`.
fn part<T: serde::de::DeserializeOwned>(
    baked: Option<&'static crate::baked::Value>,
    merged: impl FnOnce() -> Result<Source>,
) -> Result<T> {
    super::baked_or(baked, || parse(&merged()?))
}

/// Whether `lang/LANG/NAME` applies: in the catalog folder, or embedded when the folder
/// does not replace `NAME`.
fn has_overlay(dir: Option<&Path>, language: Language, name: &str) -> bool {
    let rel = format!("lang/{}/{name}", language.code());
    match dir {
        Some(d) if d.join(&rel).is_file() => true,
        Some(d) if d.join(name).is_file() => false,
        _ => crate::embedded::catalog_file(&rel).is_some(),
    }
}

/// `lang/LANG/NAME` from the catalog folder when it has one, otherwise the embedded one
/// unless the folder replaces `NAME` (the embedded translation is of the embedded file).
fn overlay_source(dir: Option<&Path>, language: Language, name: &str) -> Result<Option<Source>> {
    let rel = format!("lang/{}/{name}", language.code());
    if let Some(dir) = dir {
        let path = dir.join(&rel);
        if let Some(text) = crate::folder::read_text(dir, &path, "catalog translation")? {
            return Ok(Some(Source::new(path.display().to_string(), text)));
        }
    }
    if dir.is_some_and(|d| d.join(name).is_file()) {
        return Ok(None);
    }
    Ok(crate::embedded::catalog_file(&rel).map(|text| Source::embedded(format!("<embedded>/catalog/{rel}"), text)))
}

/// The English `source` with each text replaced by its translation from `overlay`.
fn merge(source: &Source, overlay: &Source, not_text: &[&str]) -> Result<String> {
    let mut doc: DocumentMut =
        source.text.parse().map_err(|e| Error::Internal(format!("{} no longer parses: {e}", source.name)))?;
    let ov = Document::parse(&*overlay.text).map_err(|e| {
        let at = e.span().map_or_else(|| Location::file(&overlay.name), |s| Location::of(overlay, s));
        Error::from(Diagnostic::new(e.message().trim().to_string()).at(at).help("fix the TOML syntax"))
    })?;
    let mut m = Merge { overlay, not_text, found: Vec::new() };
    m.table(doc.as_table_mut(), ov.as_table(), "", ov.as_table().span());
    match m.found.len() {
        0 => Ok(doc.to_string()),
        1 => Err(Error::from(m.found.remove(0))),
        _ => Err(Error::Inputs(m.found)),
    }
}

struct Merge<'a> {
    overlay: &'a Source,
    not_text: &'a [&'a str],
    found: Vec<Diagnostic>,
}

/// Whether `item` holds a text somewhere (a string, a list of strings, or a table with one),
/// its keys in `not_text` aside.
fn has_text(item: &Item, not_text: &[&str]) -> bool {
    match item {
        Item::Value(v) => value_has_text(v, not_text),
        Item::Table(t) => t.iter().any(|(k, i)| !not_text.contains(&k) && has_text(i, not_text)),
        Item::ArrayOfTables(a) => {
            a.iter().any(|t| t.iter().any(|(k, i)| !not_text.contains(&k) && has_text(i, not_text)))
        }
        Item::None => false,
    }
}

fn value_has_text(v: &Value, not_text: &[&str]) -> bool {
    match v {
        Value::String(_) => true,
        Value::Array(a) => a.iter().any(|v| value_has_text(v, not_text)),
        Value::InlineTable(t) => t.iter().any(|(k, v)| !not_text.contains(&k) && value_has_text(v, not_text)),
        _ => false,
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

impl Merge<'_> {
    fn error(&mut self, span: Option<std::ops::Range<usize>>, message: String, help: &str) {
        let at = span.map_or_else(|| Location::file(&self.overlay.name), |s| Location::of(self.overlay, s));
        self.found.push(Diagnostic::new(message).at(at).help(help));
    }

    fn table(&mut self, src: &mut Table, tr: &Table, path: &str, span: Option<std::ops::Range<usize>>) {
        for (key, item) in tr.iter() {
            let here = join(path, key);
            let key_span = tr.key(key).and_then(|k| k.span()).or_else(|| item.span());
            match src.get_mut(key) {
                Some(s) if key == "id" => {
                    if s.as_str() != item.as_str() {
                        let want = s.as_str().unwrap_or_default().to_string();
                        self.error(
                            item.span(),
                            format!(
                                "`{here}` is `{}` where the English file has `{want}` here",
                                item.as_str().unwrap_or("?")
                            ),
                            "keep the English file's entries, in its order, each with its id",
                        );
                    }
                }
                Some(s) if !self.not_text.contains(&key) && has_text(s, self.not_text) => self.item(s, item, &here),
                _ => self.error(
                    key_span,
                    format!("`{here}` is not a text of the English file"),
                    "translate only texts; ids, codes and settings stay in the English file",
                ),
            }
        }
        for (key, item) in src.iter() {
            if !self.not_text.contains(&key) && has_text(item, self.not_text) && !tr.contains_key(key) {
                self.error(span.clone(), format!("no translation of `{}`", join(path, key)), "add the translated text");
            }
        }
    }

    fn item(&mut self, src: &mut Item, tr: &Item, path: &str) {
        match (src, tr) {
            (Item::Table(s), Item::Table(t)) => self.table(s, t, path, t.span()),
            (Item::ArrayOfTables(s), Item::ArrayOfTables(t)) => {
                if s.len() != t.len() {
                    let span = t.iter().next().and_then(Table::span);
                    self.error(
                        span,
                        format!("`{path}` has {} entries where the English file has {}", t.len(), s.len()),
                        "translate every entry, in the English file's order",
                    );
                    return;
                }
                for (i, (s, t)) in s.iter_mut().zip(t.iter()).enumerate() {
                    let here = match s.get("id").and_then(Item::as_str) {
                        Some(id) => format!("{path}[{id}]"),
                        None => format!("{path}[{i}]"),
                    };
                    if s.contains_key("id") && !t.contains_key("id") {
                        self.error(t.span(), format!("`{here}` has no `id`"), "give each entry the English file's id");
                    }
                    self.table(s, t, &here, t.span());
                }
            }
            (Item::Value(s), Item::Value(t)) => self.value(s, t, path),
            (_, t) => self.error(
                t.span(),
                format!("`{path}` is not shaped as in the English file"),
                "mirror the English file's tables and lists",
            ),
        }
    }

    fn value(&mut self, src: &mut Value, tr: &Value, path: &str) {
        match (src, tr) {
            (Value::String(s), Value::String(t)) => {
                let (english, text) = (s.value().as_str(), t.value().as_str());
                if let Some(problem) = text_problem(english, text) {
                    self.error(
                        tr.span(),
                        format!("`{path}`: {problem}"),
                        "translate the English text as it stands, keeping its {placeholders}",
                    );
                    return;
                }
                let decor = s.decor().clone();
                *s = toml_edit::Formatted::new(text.to_string());
                *s.decor_mut() = decor;
            }
            (Value::Array(s), Value::Array(t)) => {
                if s.len() != t.len() {
                    self.error(
                        tr.span(),
                        format!("`{path}` has {} items where the English file has {}", t.len(), s.len()),
                        "translate every item, in the English file's order",
                    );
                    return;
                }
                for (i, (s, t)) in s.iter_mut().zip(t.iter()).enumerate() {
                    self.value(s, t, &format!("{path}[{i}]"));
                }
            }
            (Value::InlineTable(s), Value::InlineTable(t)) => {
                let mut table = s.clone().into_table();
                self.table(&mut table, &t.clone().into_table(), path, tr.span());
                *s = table.into_inline_table();
            }
            (_, t) => self.error(
                t.span(),
                format!("`{path}` is not shaped as in the English file"),
                "mirror the English file's tables and lists",
            ),
        }
    }
}

/// What is wrong with `text` as the translation of `english`, if anything: empty (where the
/// English is not: a rule with no wording has none in any language), too long, or another
/// set of `{placeholders}`.
fn text_problem(english: &str, text: &str) -> Option<String> {
    if text.trim().is_empty() != english.trim().is_empty() {
        return Some("the translation is empty".into());
    }
    let chars = text.chars().count();
    if chars > limits::MAX_TEXT {
        return Some(format!("the translation has {chars} characters, more than the {} allowed", limits::MAX_TEXT));
    }
    let (mut want, mut got) = (placeholders(english), placeholders(text));
    want.sort_unstable();
    got.sort_unstable();
    let list = |p: &[&str]| {
        if p.is_empty() {
            "none".to_string()
        } else {
            p.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(", ")
        }
    };
    (want != got)
        .then(|| format!("the translation has the placeholders {} where the English has {}", list(&got), list(&want)))
}

fn placeholders(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        match rest[open..].find('}') {
            Some(close) => {
                out.push(&rest[open..open + close + 1]);
                rest = &rest[open + close + 1..];
            }
            None => break,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_catalog_is_written_in_every_language() {
        let english = Catalog::embedded().unwrap();
        for (code, language) in Language::all() {
            let missing: Vec<String> =
                english.languages().into_iter().filter(|(l, _)| l == language).flat_map(|(_, m)| m).collect();
            assert!(missing.is_empty(), "{code}: {missing:?}");
            let c = english.in_language(*language).unwrap();
            assert_eq!(c.models.len(), english.models.len());
            assert_eq!(c.pricing.roles.len(), english.pricing.roles.len(), "prices are not translated");
            let same = c.scenarios[0].name == english.scenarios[0].name;
            assert_eq!(same, *language == Language::SOURCE, "{code}: {}", c.scenarios[0].name);
        }
        let de = Language::all()[1].1;
        assert!(Arc::ptr_eq(&english.in_language(de).unwrap(), &english.in_language(de).unwrap()), "made once");
    }

    /// The embedded translations are read from values merged at build time, unchecked: each
    /// must pass the checked merge and give the same catalog.
    #[test]
    fn the_embedded_translations_pass_the_checked_merge_and_their_baked_values_are_the_same() {
        use crate::baked::read;
        let english = Catalog::embedded().unwrap();
        for (code, language) in Language::all().iter().filter(|(_, l)| *l != Language::SOURCE) {
            // Each file's values fit its type (one that did not would be merged from its TOML).
            let baked = |name: &str| crate::embedded::translated_values(code, name).unwrap();
            let fits = [
                read::<FirmFile>(baked("firm.toml")).is_ok(),
                read::<ModelsFile>(baked("models.toml")).is_ok(),
                read::<TiersFile>(baked("tiers.toml")).is_ok(),
                read::<ProcessesFile>(baked("processes.toml")).is_ok(),
                read::<ScenariosFile>(baked("scenarios.toml")).is_ok(),
                read::<super::super::Texts>(baked("texts.toml")).is_ok(),
                read::<super::super::terms::ContractTerms>(baked("terms.toml")).is_ok(),
                read::<super::super::Pricing>(baked("pricing.toml")).is_ok(),
                read::<super::super::tax::TaxFile>(baked("tax.toml")).is_ok(),
            ];
            assert_eq!(fits, [true; TEXT_FILES.len()], "{code}: the merged values of {TEXT_FILES:?}");
            let checked = english.translate_with(*language, false).unwrap_or_else(|e| panic!("{code}: {e:?}"));
            let unchecked = english.translate_with(*language, true).unwrap();
            super::super::assert_same_catalog(code, &checked, &unchecked);
        }
    }

    #[test]
    fn placeholders_are_compared_as_sets_of_names() {
        assert_eq!(text_problem("Until {valid_until}.", "Bis {valid_until}."), None);
        assert_eq!(text_problem("{a} and {b}", "{b} und {a}"), None);
        let p = text_problem("Until {valid_until}.", "Bis {gueltig}.").unwrap();
        assert_eq!(p, "the translation has the placeholders `{gueltig}` where the English has `{valid_until}`");
        assert!(text_problem("x", "  ").unwrap().contains("empty"));
        assert_eq!(text_problem("", ""), None, "no wording in English, none in translation");
    }
}
