//! The templates' own words: one string pack per language (`lang/LANG/templates.toml`, in
//! the catalog folder or embedded), read and checked here; the `t` helper that writes them
//! is the Markdown renderer's.
//!
//! A pack holds one table per template (`[scope] why = "Why this approach:"`); each string
//! is a text, or a table of plural forms (`day = { one = "{n} business day", other = "{n}
//! business days" }`) with exactly the forms of the language's plural rule. Strings may hold
//! `{name}` placeholders. English is the reference: every other pack has exactly its keys,
//! each of the same kind and with the same placeholders, so a missing or misnamed string is a
//! located error, never a blank or an English sentence in a German proposal.

use super::limits::MAX_TEXT;
use crate::diag::{Diagnostic, Error, Location, Result, Source};
use crate::locale::{Language, PluralRule};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;
use std::sync::{Arc, Mutex};
use toml_edit::{Document, Item};

/// One string of a pack: borrowed from the binary for an embedded pack, owned for a
/// catalog folder's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    Text(Cow<'static, str>),
    /// Each form of the language's plural rule (`one`, `other`) and its text, in the
    /// rule's order.
    Plural(Vec<(&'static str, Cow<'static, str>)>),
}

/// One string of an embedded pack as build.rs writes it into the binary
/// (`embedded::string_pack`): a text, or plural forms (form, text) in the pack's order.
#[derive(Debug)]
pub enum Static {
    Text(&'static str),
    Plural(&'static [(&'static str, &'static str)]),
}

impl Entry {
    /// The text of plural form `form` (`one`, `other`); `None` for a plain text.
    fn form(&self, form: &str) -> Option<&str> {
        match self {
            Entry::Text(_) => None,
            Entry::Plural(forms) => forms.iter().find(|(f, _)| *f == form).map(|(_, t)| &**t),
        }
    }

    /// The text every placeholder set is compared by: the text, or the `other` form.
    fn reference(&self) -> &str {
        match self {
            Entry::Text(t) => t,
            Entry::Plural(forms) => forms.iter().find(|(f, _)| *f == "other").map_or("", |(_, t)| t),
        }
    }
}

/// One language's strings, keyed `template.key` (`scope.why`).
#[derive(Debug)]
pub struct Strings {
    language: Language,
    entries: BTreeMap<Cow<'static, str>, Entry>,
    /// The pack's file as diagnostics name it.
    shown: String,
    /// The pack comes from a `--catalog` folder (a failing string is then the input's fault).
    from_user: bool,
}

/// The file name of a language's pack, relative to the catalog folder.
pub fn pack_path(language: Language) -> String {
    format!("lang/{}/templates.toml", language.code())
}

impl Strings {
    pub fn language(&self) -> Language {
        self.language
    }

    /// The pack's file, as diagnostics name it.
    pub fn shown(&self) -> &str {
        &self.shown
    }

    pub fn from_user(&self) -> bool {
        self.from_user
    }

    /// Every key, sorted.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.entries.keys().map(|k| &**k)
    }

    pub fn get(&self, key: &str) -> Option<&Entry> {
        self.entries.get(key)
    }

    /// The text of `key` for count `n` when it is a plural (`None` for a key it does not
    /// have, or a count a plain text was given, or none for a plural).
    pub fn text(&self, key: &str, n: Option<rust_decimal::Decimal>) -> Option<&str> {
        match (self.entries.get(key)?, n) {
            (Entry::Text(t), None) => Some(t),
            (e @ Entry::Plural(_), Some(n)) => e.form(self.language.plural_rule().form(n)),
            _ => None,
        }
    }

    /// The English pack: the catalog folder's, else the embedded one.
    pub(crate) fn english(dir: Option<&Path>) -> Result<Arc<Strings>> {
        Strings::load(dir, Language::SOURCE, None)
    }

    /// Language `language`'s pack, checked against `english`: the catalog folder's, else
    /// the embedded one (unless the folder replaces the English pack, which the embedded
    /// translations do not translate).
    pub(crate) fn translated(dir: Option<&Path>, language: Language, english: &Strings) -> Result<Arc<Strings>> {
        Strings::load(dir, language, Some(english))
    }

    /// Whether `language` has a pack for a catalog in `dir` (see [`Strings::translated`]).
    pub(crate) fn available(dir: Option<&Path>, language: Language) -> bool {
        let (own, english) = (pack_path(language), pack_path(Language::SOURCE));
        match dir {
            Some(d) if d.join(&own).is_file() => true,
            Some(d) if d.join(&english).is_file() && language != Language::SOURCE => false,
            _ => crate::embedded::catalog_file(&own).is_some(),
        }
    }

    fn load(dir: Option<&Path>, language: Language, english: Option<&Strings>) -> Result<Arc<Strings>> {
        let rel = pack_path(language);
        if let Some(dir) = dir {
            let path = dir.join(&rel);
            if let Some(text) = crate::folder::read_text(dir, &path, "template strings")? {
                let source = Source::new(path.display().to_string(), text);
                return Ok(Arc::new(parse(&source, language, english, true)?));
            }
            if language != Language::SOURCE && !Strings::available(Some(dir), language) {
                let english = dir.join(pack_path(Language::SOURCE));
                let d = Diagnostic::new(format!("no {} translation of the template strings", language.code()))
                    .at(Location::file(english.display().to_string()))
                    .help(format!("add {rel} to the catalog folder, translating each string of this file"));
                return Err(d.into());
            }
        }
        embedded(language, english)
    }
}

/// The embedded pack of `language`, parsed once per process.
fn embedded(language: Language, english: Option<&Strings>) -> Result<Arc<Strings>> {
    static CACHE: Mutex<Vec<(Language, Arc<Strings>)>> = Mutex::new(Vec::new());
    let mut cache = CACHE.lock().map_err(|_| Error::Internal("string pack cache poisoned".into()))?;
    if let Some((_, s)) = cache.iter().find(|(l, _)| *l == language) {
        return Ok(Arc::clone(s));
    }
    let rel = pack_path(language);
    let shown = format!("<embedded>/catalog/{rel}");
    let pack = crate::embedded::string_pack(language.code());
    let strings = match pack.and_then(|pack| from_static(language, pack, &shown)) {
        Some(strings) => Arc::new(strings),
        None => {
            let text =
                crate::embedded::catalog_file(&rel).ok_or_else(|| Error::Internal(format!("no embedded `{rel}`")))?;
            Arc::new(parse(&Source::embedded(shown, text), language, english, false)?)
        }
    };
    // Only a pack checked against the embedded English one is shared.
    if english.is_none_or(|e| !e.from_user) {
        cache.push((language, Arc::clone(&strings)));
    }
    Ok(strings)
}

/// An embedded pack from the data build.rs compiled into the binary, unchecked and with no
/// text copied: the embedded packs pass every check, as a test says. Parsing and checking
/// their TOML cost every run 1.2 M instructions, and reading them from JSON still 1.16 M of a
/// `quote`'s 6.2 M (2026-12-02, callgrind); a translated proposal pays it twice. `None` where
/// a plural lacks a form of the language's rule (the TOML is then read and checked).
fn from_static(language: Language, pack: &'static [(&'static str, Static)], shown: &str) -> Option<Strings> {
    let forms = language.plural_rule().forms();
    let entries = pack
        .iter()
        .map(|(key, string)| {
            let entry = match string {
                Static::Text(text) => Entry::Text(Cow::Borrowed(text)),
                Static::Plural(given) => Entry::Plural(
                    forms
                        .iter()
                        .map(|form| {
                            given.iter().find(|(f, _)| f == form).map(|(_, text)| (*form, Cow::Borrowed(*text)))
                        })
                        .collect::<Option<_>>()?,
                ),
            };
            Some((Cow::Borrowed(*key), entry))
        })
        .collect::<Option<_>>()?;
    Some(Strings { language, entries, shown: shown.to_string(), from_user: false })
}

/// Reads and checks one pack; against `english` unless it is the English pack itself.
fn parse(source: &Source, language: Language, english: Option<&Strings>, from_user: bool) -> Result<Strings> {
    let doc = Document::parse(&*source.text).map_err(|e| {
        let at = e.span().map_or_else(|| Location::file(&source.name), |s| Location::of(source, s));
        Error::from(Diagnostic::new(e.message().trim().to_string()).at(at).help("fix the TOML syntax"))
    })?;
    let mut p = Parser { source, rule: language.plural_rule(), found: Vec::new(), spans: BTreeMap::new() };
    let mut entries = BTreeMap::new();
    for (section, item) in doc.as_table().iter() {
        let Item::Table(table) = item else {
            p.error(item.span(), format!("`{section}` is not a table of strings"), TABLE_HELP);
            continue;
        };
        p.spans.insert(section.to_string(), table.span());
        for (key, item) in table.iter() {
            let here = format!("{section}.{key}");
            let span = table.key(key).and_then(|k| k.span()).or_else(|| item.span());
            if let Some(entry) = p.entry(&here, item, span.clone()) {
                p.spans.insert(here.clone(), span);
                entries.insert(Cow::Owned(here), entry);
            }
        }
    }
    if let Some(english) = english {
        p.compare(&entries, english);
    }
    match p.found.len() {
        0 => Ok(Strings { language, entries, shown: source.name.clone(), from_user }),
        1 => Err(Error::from(p.found.remove(0))),
        _ => Err(Error::Inputs(p.found)),
    }
}

const TABLE_HELP: &str = "write one table per template, e.g. `[scope]` then `why = \"Why this approach:\"`";

struct Parser<'a> {
    source: &'a Source,
    rule: PluralRule,
    found: Vec<Diagnostic>,
    /// Where each table and string is, for errors found when comparing with English.
    spans: BTreeMap<String, Option<Range<usize>>>,
}

impl Parser<'_> {
    fn error(&mut self, span: Option<Range<usize>>, message: String, help: &str) {
        let at = span.map_or_else(|| Location::file(&self.source.name), |s| Location::of(self.source, s));
        self.found.push(Diagnostic::new(message).at(at).help(help));
    }

    /// A string: a text, or a table of plural forms.
    fn entry(&mut self, key: &str, item: &Item, span: Option<Range<usize>>) -> Option<Entry> {
        if let Some(text) = item.as_str() {
            return self.text(key, text, item.span()).then(|| Entry::Text(Cow::Owned(text.to_string())));
        }
        let Some(forms) = item.as_table_like() else {
            self.error(span, format!("`{key}` is not text"), "write the string in quotes, or its plural forms");
            return None;
        };
        let want = self.rule.forms();
        let mut out = Vec::new();
        for (form, value) in forms.iter() {
            let Some(name) = want.iter().find(|f| **f == form) else {
                let help = format!("this language's plural forms are {}", quoted(want));
                self.error(value.span().or(span.clone()), format!("`{key}` has plural form `{form}`"), &help);
                return None;
            };
            let Some(text) = value.as_str() else {
                self.error(value.span(), format!("`{key}.{form}` is not text"), "write the form in quotes");
                return None;
            };
            if !self.text(&format!("{key}.{form}"), text, value.span()) {
                return None;
            }
            out.push((*name, Cow::Owned(text.to_string())));
        }
        if let Some(missing) = want.iter().find(|f| !out.iter().any(|(o, _)| o == *f)) {
            let help = format!("give every plural form of this language: {}", quoted(want));
            self.error(span, format!("`{key}` has no plural form `{missing}`"), &help);
            return None;
        }
        out.sort_by_key(|(f, _)| want.iter().position(|w| w == f));
        let entry = Entry::Plural(out);
        let reference = placeholders(entry.reference());
        if let Entry::Plural(forms) = &entry {
            if let Some((form, text)) = forms.iter().find(|(_, t)| placeholders(t) != reference) {
                let message = format!(
                    "`{key}.{form}` has the placeholders {} where its `other` form has {}",
                    list(&placeholders(text)),
                    list(&reference)
                );
                self.error(span, message, "give every plural form the same {placeholders}");
                return None;
            }
        }
        Some(entry)
    }

    /// Whether `text` is a usable string: not blank, not too long.
    fn text(&mut self, key: &str, text: &str, span: Option<Range<usize>>) -> bool {
        if text.trim().is_empty() {
            self.error(span, format!("`{key}` is empty"), "write the string, or remove it from every pack");
            return false;
        }
        let chars = text.chars().count();
        if chars > MAX_TEXT {
            let message = format!("`{key}` has {chars} characters, more than the {MAX_TEXT} allowed");
            self.error(span, message, "shorten the string");
            return false;
        }
        true
    }

    /// Every English key is here, of the same kind, with the same placeholders, and no other.
    fn compare(&mut self, entries: &BTreeMap<Cow<'static, str>, Entry>, english: &Strings) {
        for (key, want) in &english.entries {
            let Some(got) = entries.get(key) else {
                let section = key.split('.').next().unwrap_or_default();
                let span = self.spans.get(section).cloned().flatten();
                let message = format!("no translation of template string `{key}`");
                self.error(span, message, &format!("add `{key}` as {} writes it, translated", english.shown));
                continue;
            };
            let span = self.spans.get(&**key).cloned().flatten();
            if matches!(want, Entry::Text(_)) != matches!(got, Entry::Text(_)) {
                let (kind, help) = match want {
                    Entry::Text(_) => ("a text", "write one text, as the English pack does"),
                    Entry::Plural(_) => {
                        ("plural forms", "write this language's plural forms, as the English pack does")
                    }
                };
                self.error(span, format!("`{key}` is written otherwise than in English, which has {kind}"), help);
                continue;
            }
            let (want, got) = (placeholders(want.reference()), placeholders(got.reference()));
            if want != got {
                let message =
                    format!("`{key}` has the placeholders {} where the English has {}", list(&got), list(&want));
                self.error(span, message, "translate the English string as it stands, keeping its {placeholders}");
            }
        }
        for key in entries.keys().filter(|k| !english.entries.contains_key(*k)) {
            let span = self.spans.get(&**key).cloned().flatten();
            let message = format!("`{key}` is not a template string of the English pack");
            self.error(span, message, &format!("translate only the strings of {}", english.shown));
        }
    }
}

/// The `{name}` placeholders of `text`, sorted and without repeats: `{` then ASCII letters,
/// digits or `_`, then `}`. Other braces are text (` {-}` after a heading).
pub fn placeholders(text: &str) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let len = after.bytes().take_while(|b| b.is_ascii_alphanumeric() || *b == b'_').count();
        if len > 0 && after[len..].starts_with('}') {
            out.push(&after[..len]);
        }
        rest = after;
    }
    out.sort_unstable();
    out.dedup();
    out
}

fn list(names: &[&str]) -> String {
    if names.is_empty() {
        return "none".into();
    }
    names.iter().map(|n| format!("`{{{n}}}`")).collect::<Vec<_>>().join(", ")
}

fn quoted(names: &[&str]) -> String {
    names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn language(code: &str) -> Language {
        Language::all().iter().find(|(c, _)| *c == code).unwrap().1
    }

    fn pack(code: &str, text: &str) -> Result<Strings> {
        let english = Strings::english(None).unwrap();
        parse(&Source::new("t.toml", text), language(code), (code != "en").then_some(&*english), true)
    }

    #[test]
    fn every_embedded_pack_has_the_english_strings() {
        let english = Strings::english(None).unwrap();
        assert!(english.keys().count() > 0);
        for (code, language) in Language::all() {
            let s = Strings::translated(None, *language, &english).unwrap_or_else(|e| panic!("{code}: {e:?}"));
            assert!(s.keys().eq(english.keys()), "{code}");
        }
    }

    /// The embedded packs are read from the binary's data, unchecked ([`from_static`]): each
    /// must pass the checks and hold the same strings.
    #[test]
    fn the_embedded_packs_pass_every_check_and_their_compiled_form_holds_the_same_strings() {
        let source = |code: &str| {
            let rel = format!("lang/{code}/templates.toml");
            Source::new(rel.clone(), crate::embedded::catalog_file(&rel).unwrap())
        };
        let english = parse(&source("en"), Language::SOURCE, None, false).unwrap();
        for (code, language) in Language::all() {
            let checked = parse(&source(code), *language, (*code != "en").then_some(&english), false)
                .unwrap_or_else(|e| panic!("{code}: {e:?}"));
            let pack = crate::embedded::string_pack(code).unwrap_or_else(|| panic!("{code}: no compiled pack"));
            let unchecked = from_static(*language, pack, "x").unwrap_or_else(|| panic!("{code}: not a pack"));
            assert_eq!(checked.entries, unchecked.entries, "{code}");
        }
    }

    #[test]
    fn placeholders_are_names_in_braces() {
        assert_eq!(placeholders("{n} days from {start}, {n} {-} {x y} {}"), ["n", "start"]);
    }

    #[test]
    fn plural_forms_are_the_languages() {
        let e = pack("ja", "[plural]\nday = { one = \"{n}日\", other = \"{n}日\" }").unwrap_err();
        assert!(format!("{e:?}").contains("has plural form `one`"), "{e:?}");
        let e = pack("en", "[plural]\nday = { other = \"{n} days\" }").unwrap_err();
        assert!(format!("{e:?}").contains("has no plural form `one`"), "{e:?}");
        let e = pack("en", "[plural]\nday = { one = \"a day\", other = \"{n} days\" }").unwrap_err();
        assert!(format!("{e:?}").contains("`plural.day.one` has the placeholders none"), "{e:?}");
        let s = pack("en", "[plural]\nday = { one = \"{n} day\", other = \"{n} days\" }").unwrap();
        assert_eq!(s.text("plural.day", Some(rust_decimal::Decimal::ONE)), Some("{n} day"));
        assert_eq!(s.text("plural.day", None), None, "a plural needs a count");
    }
}
