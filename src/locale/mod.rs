//! Locales: how a proposal writes numbers, amounts, dates and percentages, read from the
//! language packs' data (`catalog/lang/*/language.toml`), so adding a locale is adding
//! lines to a file, never code.
//!
//! The packs are compiled in and parsed once per process, on first use. A [`Locale`] is a
//! copyable handle to one parsed entry; formatting never allocates more than its output.

use crate::baked::Value;
use crate::money::{Currency, Percent};
pub use crate::plural::PluralRule;
use rust_decimal::Decimal;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, OnceLock};

/// U+2212 MINUS SIGN, which starts a negative figure in the client's documents.
pub const MINUS: char = '\u{2212}';

/// U+00A0 NO-BREAK SPACE, between the parts of an amount or a date.
pub const NBSP: char = '\u{a0}';

/// One locale's conventions, parsed and checked from its language pack.
#[derive(Debug)]
pub struct Spec {
    tag: String,
    /// The locale whose conventions it writes: its own tag, or for a proposal in another
    /// language than the client's, the language's locale it writes by (see
    /// [`Locale::in_language`]).
    written: String,
    language: String,
    language_name: String,
    /// The language's pack translates every text (see [`Locale::default_language`]).
    complete: bool,
    plural: PluralRule,
    /// What joins two sentences side by side: a space, or nothing (Japanese).
    sentence_separator: String,
    /// How the language sets a quotation (`[language] quotes`; English “…” when not given).
    quotes: (String, String),
    /// The words for the counts two to twelve, in order (`[language] counts`); empty where
    /// the language writes counts as figures (Japanese).
    counts: Vec<String>,
    /// A name in the middle of a sentence loses its sentence's capital ("… and advisory
    /// retainer"): English and French, not German, whose nouns keep theirs.
    sentence_case: bool,
    /// A sentence after a label's colon starts lower case ("Critère de recette : votre
    /// responsable…"): French, where English and German keep the capital.
    lower_after_colon: bool,
    group: String,
    decimal: String,
    /// The symbol goes after the amount.
    symbol_after: bool,
    /// The pattern puts a space between symbol and amount.
    symbol_spaced: bool,
    symbols: BTreeMap<String, String>,
    dates: Dates,
    /// The language's dates for a client in a region with no locale of its own in this
    /// language (an English proposal for a client in Germany).
    elsewhere: Dates,
    percent: (String, String),
    british: bool,
    /// How a text in the language is recognised (`[language] function_words`, `scripts`).
    marks: Arc<Marks>,
}

/// What marks a text as written in a language, for the warning that an intake's texts are
/// not in the document's language ([`crate::intake::prose`]): the language's most frequent
/// function words, in lower case and alphabetical order (`[language] function_words`), or the scripts only it is
/// written in among the packs (`[language] scripts`: Japanese's kana and kanji).
#[derive(Debug, Default)]
pub struct Marks {
    pub function_words: Vec<String>,
    pub scripts: Vec<Script>,
}

/// A writing system a language is recognised by, as `[language] scripts` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Script {
    Hiragana,
    Katakana,
    Han,
}

impl Script {
    fn from_name(name: &str) -> Option<Script> {
        match name {
            "hiragana" => Some(Script::Hiragana),
            "katakana" => Some(Script::Katakana),
            "han" => Some(Script::Han),
            _ => None,
        }
    }

    /// Whether `c` is written in this script (its Unicode blocks, the common extensions
    /// included).
    pub fn has(self, c: char) -> bool {
        match self {
            Script::Hiragana => matches!(c, '\u{3040}'..='\u{309f}'),
            Script::Katakana => {
                matches!(c, '\u{30a0}'..='\u{30ff}' | '\u{31f0}'..='\u{31ff}' | '\u{ff66}'..='\u{ff9d}')
            }
            Script::Han => matches!(
                c,
                '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}' | '\u{f900}'..='\u{faff}' | '\u{20000}'..='\u{2a6df}'
            ),
        }
    }
}

/// How dates are written: the part of a locale that belongs to its language.
#[derive(Debug, Clone)]
struct Dates {
    date: Vec<DatePart>,
    /// A day and month on a chart's axis, with the short month names.
    short_date: Vec<DatePart>,
    /// A quarter's label on a chart's axis, around its number.
    quarter: (String, String),
    months: [String; 12],
    short_months: [String; 12],
    /// How the language writes the first day of a month where it is not the number 1: the
    /// French ordinal `1ᵉʳ` ("le 1ᵉʳ juillet").
    first_day: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
enum DatePart {
    Text(String),
    Day,
    Month,
    MonthNumber,
    Year,
}

/// A locale proposals are written in: a handle to its conventions.
#[derive(Clone, Copy)]
pub struct Locale(&'static Spec);

impl PartialEq for Locale {
    fn eq(&self, other: &Locale) -> bool {
        std::ptr::eq(self.0, other.0)
    }
}

impl Eq for Locale {}

impl fmt::Debug for Locale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.tag)
    }
}

impl Default for Locale {
    /// en-US, the first locale of the first pack.
    fn default() -> Locale {
        Locale(&specs()[0])
    }
}

impl serde::Serialize for Locale {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0.tag)
    }
}

/// The language packs, in the order their locales are listed (English first): the source of
/// [`PACKS_BAKED`], which the binary reads.
#[cfg(test)]
const PACKS: &[&str] = &[
    include_str!("../../catalog/lang/en/language.toml"),
    include_str!("../../catalog/lang/de/language.toml"),
    include_str!("../../catalog/lang/fr/language.toml"),
    include_str!("../../catalog/lang/ja/language.toml"),
];

/// The same packs' values, baked by `build.rs` (see [`crate::baked`]): reading the four TOML
/// files at every start was 0.66 M of a `quote`'s 8.2 M instructions. A test holds them to
/// the TOML.
const PACKS_BAKED: &[&Value] = &[
    &include!(concat!(env!("OUT_DIR"), "/catalog/lang/en/language.rs")),
    &include!(concat!(env!("OUT_DIR"), "/catalog/lang/de/language.rs")),
    &include!(concat!(env!("OUT_DIR"), "/catalog/lang/fr/language.rs")),
    &include!(concat!(env!("OUT_DIR"), "/catalog/lang/ja/language.rs")),
];

/// Every locale of the compiled-in packs, parsed on first use.
fn specs() -> &'static [Spec] {
    static SPECS: OnceLock<Vec<Spec>> = OnceLock::new();
    SPECS.get_or_init(|| {
        let read = |v: &'static Value| crate::baked::read::<RawPack>(v).map_err(|e| e.to_string());
        let parsed = PACKS_BAKED.iter().map(|v| read(v).and_then(compile)).collect::<Result<Vec<_>, String>>();
        // The packs are compiled in and parsed by this module's tests: a fault is a bug in
        // the build, not an input error.
        let specs: Vec<Spec> = parsed.expect("the embedded language packs parse").into_iter().flatten().collect();
        assert!(!specs.is_empty(), "the embedded language packs name locales");
        specs
    })
}

/// Every locale crossed with every other language (see [`Locale::in_language`]), built on
/// first use: a few dozen small entries.
fn crossed() -> &'static [Spec] {
    static CROSSED: OnceLock<Vec<Spec>> = OnceLock::new();
    CROSSED.get_or_init(|| {
        let mut out = Vec::new();
        for client in specs() {
            let region = client.tag.split_once('-').map_or("", |(_, r)| r);
            for (code, _) in Language::all() {
                if *code == client.language {
                    continue;
                }
                let mut native = specs().iter().filter(|s| s.language == *code);
                let Some(first) = native.clone().next() else { continue };
                // The language's locale for the client's region (fr-CH for de-CH), else its
                // first (de-DE, fr-FR, ja-JP, en-US) with the language's own dates.
                let (written, dates) = match native.find(|s| s.tag.split_once('-').map_or("", |(_, r)| r) == region) {
                    Some(own) => (own, own.dates.clone()),
                    None => (first, first.elsewhere.clone()),
                };
                out.push(Spec {
                    tag: client.tag.clone(),
                    language: first.language.clone(),
                    language_name: first.language_name.clone(),
                    complete: first.complete,
                    plural: first.plural,
                    sentence_separator: first.sentence_separator.clone(),
                    sentence_case: first.sentence_case,
                    lower_after_colon: first.lower_after_colon,
                    counts: first.counts.clone(),
                    quotes: first.quotes.clone(),
                    written: written.tag.clone(),
                    group: written.group.clone(),
                    decimal: written.decimal.clone(),
                    symbol_after: written.symbol_after,
                    symbol_spaced: written.symbol_spaced,
                    symbols: written.symbols.clone(),
                    dates,
                    elsewhere: first.elsewhere.clone(),
                    percent: written.percent.clone(),
                    british: client.british,
                    marks: first.marks.clone(),
                });
            }
        }
        out
    })
}

/// Every locale as (tag, handle), in the packs' order.
fn all() -> &'static [(&'static str, Locale)] {
    static ALL: OnceLock<Vec<(&'static str, Locale)>> = OnceLock::new();
    ALL.get_or_init(|| specs().iter().map(|s| (s.tag.as_str(), Locale(s))).collect())
}

/// A language proposals are written in: one language pack (`catalog/lang/CODE/`), chosen by
/// the intake's `language`, or else by its locale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(transparent)]
pub struct Language(&'static str);

impl Language {
    /// The language of the catalog's own texts: no translation applies.
    pub const SOURCE: Language = Language("en");

    /// Every language with a pack, as (code, language), English first.
    pub fn all() -> &'static [(&'static str, Language)] {
        static ALL: OnceLock<Vec<(&'static str, Language)>> = OnceLock::new();
        ALL.get_or_init(|| {
            let mut out: Vec<(&'static str, Language)> = Vec::new();
            for s in specs() {
                if !out.iter().any(|(c, _)| *c == s.language) {
                    out.push((s.language.as_str(), Language(s.language.as_str())));
                }
            }
            out
        })
    }

    /// The language's code (`de`), its pack's folder name.
    pub fn code(self) -> &'static str {
        self.0
    }

    /// What joins two sentences written side by side, as its `language.toml` declares: a
    /// space, or nothing in a language whose full stop needs none (`。`).
    pub fn sentence_separator(self) -> &'static str {
        specs().iter().find(|s| s.language == self.0).map_or(" ", |s| s.sentence_separator.as_str())
    }

    /// Writes a name (sentence case, as the catalog's are) for the middle of a sentence: its
    /// first letter lowercased where the language's `sentence_case` says names carry only the
    /// sentence's capital and the name does not start with an acronym ("AWS", "24/7").
    pub fn mid_sentence(self, name: &str) -> String {
        let sentence_case = specs().iter().find(|s| s.language == self.0).is_some_and(|s| s.sentence_case);
        lowered(name, sentence_case)
    }

    /// Writes a text written mid-sentence (a tier's "monthly maintenance") where a sentence,
    /// a table cell or a row label starts: its first letter capitalized, as every language
    /// with letter case does (a language without, Japanese, is unchanged).
    pub fn sentence_start(text: &str) -> String {
        let mut chars = text.chars();
        match chars.next() {
            Some(first) => first.to_uppercase().chain(chars).collect(),
            None => String::new(),
        }
    }

    /// How the language sets a quotation, as its `language.toml` declares (`quotes`):
    /// „…“ in German, « … » in French, 「…」 in Japanese, “…” in English.
    pub fn quotes(self) -> crate::typography::Quotes {
        match specs().iter().find(|s| s.language == self.0) {
            Some(s) => crate::typography::Quotes { open: &s.quotes.0, close: &s.quotes.1 },
            None => crate::typography::ENGLISH,
        }
    }

    /// What marks a text as written in this language (`[language] function_words`,
    /// `scripts`).
    pub fn marks(self) -> &'static Marks {
        static NONE: Marks = Marks { function_words: Vec::new(), scripts: Vec::new() };
        specs().iter().find(|s| s.language == self.0).map_or(&NONE, |s| &s.marks)
    }

    /// The language's name in itself (`Deutsch`, `日本語`), as its pack gives it.
    pub fn name(self) -> &'static str {
        specs().iter().find(|s| s.language == self.0).map_or(self.0, |s| s.language_name.as_str())
    }

    /// How the language picks a plural form for a count, as its `language.toml` declares.
    pub fn plural_rule(self) -> PluralRule {
        specs().iter().find(|s| s.language == self.0).map_or(PluralRule::OneOther, |s| s.plural)
    }
}

impl Locale {
    /// The language a proposal in this locale is written in unless its intake says
    /// otherwise: the locale's own when its pack is complete, English until then (so that
    /// no proposal mixes a translated catalog with untranslated templates by default).
    pub fn default_language(self) -> Language {
        match Language::all().iter().find(|(c, _)| *c == self.0.language) {
            Some((_, l)) if self.0.complete => *l,
            _ => Language::SOURCE,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPack {
    language: RawLanguage,
    locale: Vec<RawLocale>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLanguage {
    complete: bool,
    sentence_separator: String,
    sentence_case: bool,
    #[serde(default)]
    lower_after_colon: bool,
    plural: String,
    name: String,
    quarter: String,
    months: [String; 12],
    short_months: [String; 12],
    date: String,
    short_date: String,
    #[serde(default)]
    first_day: Option<String>,
    #[serde(default)]
    quotes: Option<[String; 2]>,
    #[serde(default)]
    counts: Vec<String>,
    #[serde(default)]
    function_words: Vec<String>,
    #[serde(default)]
    scripts: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLocale {
    tag: String,
    group: String,
    decimal: String,
    money: String,
    #[serde(default)]
    symbols: BTreeMap<String, String>,
    date: String,
    short_date: String,
    percent: String,
    spelling: Option<String>,
    months: Option<[String; 12]>,
}

/// The locales of one pack's TOML, each pattern checked and compiled.
#[cfg(test)]
fn parse(text: &str) -> Result<Vec<Spec>, String> {
    compile(toml::from_str(text).map_err(|e| e.to_string())?)
}

/// The locales of one pack, each pattern checked and compiled.
fn compile(pack: RawPack) -> Result<Vec<Spec>, String> {
    let plural = PluralRule::from_name(&pack.language.plural).ok_or_else(|| {
        format!("{}: plural rule `{}` is not one-other, french or other", pack.language.name, pack.language.plural)
    })?;
    let nbsp = |s: &str| s.replace(' ', "\u{a0}");
    let quarter = match pack.language.quarter.split_once("{n}") {
        Some((before, after)) => (nbsp(before), nbsp(after)),
        None => return Err(format!("quarter pattern `{}` has no {{n}}", pack.language.quarter)),
    };
    let name = &pack.language.name;
    let mut scripts = Vec::with_capacity(pack.language.scripts.len());
    for script in &pack.language.scripts {
        scripts.push(
            Script::from_name(script)
                .ok_or_else(|| format!("{name}: script `{script}` is not hiragana, katakana or han"))?,
        );
    }
    let words = &pack.language.function_words;
    if let Some(w) = words.iter().find(|w| w.is_empty() || w.to_lowercase() != **w) {
        return Err(format!("{name}: function word `{w}` is not a word in lower case"));
    }
    // Looked up by binary search, so never sorted at run time.
    if let Some(pair) = words.windows(2).find(|p| p[0] >= p[1]) {
        return Err(format!("{name}: function word `{}` is not after `{}` in alphabetical order", pair[1], pair[0]));
    }
    let marks = Arc::new(Marks { function_words: pack.language.function_words.clone(), scripts });
    let elsewhere = Dates {
        date: date_pattern(&pack.language.date).map_err(|e| format!("{name}: {e}"))?,
        short_date: date_pattern(&pack.language.short_date).map_err(|e| format!("{name}: {e}"))?,
        quarter: quarter.clone(),
        months: pack.language.months.clone(),
        short_months: pack.language.short_months.clone(),
        first_day: pack.language.first_day.clone(),
    };
    pack.locale
        .into_iter()
        .map(|l| {
            let (symbol_after, symbol_spaced) = match l.money.as_str() {
                "{symbol}{amount}" => (false, false),
                "{symbol} {amount}" => (false, true),
                "{amount} {symbol}" => (true, true),
                other => return Err(format!("{}: money pattern `{other}` is not one of the three forms", l.tag)),
            };
            let percent = match l.percent.split_once("{n}") {
                Some((before, after)) => (nbsp(before), nbsp(after)),
                None => return Err(format!("{}: percent pattern `{}` has no {{n}}", l.tag, l.percent)),
            };
            if let Some(s) = l.spelling.as_deref().filter(|s| *s != "en-GB") {
                return Err(format!("{}: spelling `{s}` is not en-GB", l.tag));
            }
            let dates = Dates {
                date: date_pattern(&l.date).map_err(|e| format!("{}: {e}", l.tag))?,
                short_date: date_pattern(&l.short_date).map_err(|e| format!("{}: {e}", l.tag))?,
                quarter: quarter.clone(),
                months: l.months.unwrap_or_else(|| pack.language.months.clone()),
                short_months: pack.language.short_months.clone(),
                first_day: pack.language.first_day.clone(),
            };
            Ok(Spec {
                dates,
                elsewhere: elsewhere.clone(),
                language: l.tag.split('-').next().unwrap_or_default().to_string(),
                language_name: pack.language.name.clone(),
                complete: pack.language.complete,
                plural,
                sentence_separator: pack.language.sentence_separator.clone(),
                sentence_case: pack.language.sentence_case,
                lower_after_colon: pack.language.lower_after_colon,
                counts: pack.language.counts.clone(),
                quotes: pack.language.quotes.clone().map_or_else(|| ("“".into(), "”".into()), |[o, c]| (o, c)),
                written: l.tag.clone(),
                tag: l.tag,
                group: l.group,
                decimal: l.decimal,
                symbol_after,
                symbol_spaced,
                symbols: l.symbols,
                percent,
                british: l.spelling.is_some(),
                marks: marks.clone(),
            })
        })
        .collect()
}

/// `text` with its first letter lowercased when `lower` and it starts with a capital followed
/// by a lower-case letter (so "AWS", "24/7" and "É" stay as written).
fn lowered(text: &str, lower: bool) -> String {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if lower && first.is_uppercase() && second.is_lowercase() => {
            first.to_lowercase().chain(text[first.len_utf8()..].chars()).collect()
        }
        _ => text.to_string(),
    }
}

/// A date pattern's parts; every space becomes a no-break space.
fn date_pattern(pattern: &str) -> Result<Vec<DatePart>, String> {
    let mut parts = Vec::new();
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        if open > 0 {
            parts.push(DatePart::Text(rest[..open].replace(' ', "\u{a0}")));
        }
        let close = rest[open..].find('}').ok_or_else(|| format!("date pattern `{pattern}` has an unclosed `{{`"))?;
        parts.push(match &rest[open + 1..open + close] {
            "day" => DatePart::Day,
            "month" => DatePart::Month,
            "month_number" => DatePart::MonthNumber,
            "year" => DatePart::Year,
            other => return Err(format!("date pattern `{pattern}` names `{{{other}}}`")),
        });
        rest = &rest[open + close + 1..];
    }
    if !rest.is_empty() {
        parts.push(DatePart::Text(rest.replace(' ', "\u{a0}")));
    }
    Ok(parts)
}

impl Locale {
    /// Every locale, as (tag, locale), English first.
    pub fn all() -> &'static [(&'static str, Locale)] {
        all()
    }

    pub fn from_tag(tag: &str) -> Option<Locale> {
        all().iter().find(|(t, _)| *t == tag).map(|(_, l)| *l)
    }

    /// The locale a proposal's JSON names (`proposal.locale`, the client's tag) as its
    /// `proposal.language` (a code; none: the locale's own) writes it: see
    /// [`Locale::in_language`].
    pub fn of_proposal(tag: &str, language: Option<&str>) -> Option<Locale> {
        let own = Locale::from_tag(tag)?;
        Some(match language.and_then(|code| Language::all().iter().find(|(c, _)| *c == code)) {
            Some((_, language)) => own.in_language(*language),
            None => own,
        })
    }

    /// The locale's BCP 47 tag (`de-CH`).
    pub fn tag(self) -> &'static str {
        &self.0.tag
    }

    /// A count of things as a sentence writes it: in words from two to twelve where the
    /// language has them (`[language] counts`: "three", "drei", "trois"), else as a figure
    /// ("3" in Japanese, "1", "13").
    pub fn count(self, n: u64) -> String {
        let word = n.checked_sub(2).and_then(|i| self.0.counts.get(usize::try_from(i).ok()?));
        word.cloned().unwrap_or_else(|| self.number(Decimal::from(n)))
    }

    /// The BCP 47 tag of the locale whose conventions this one writes: its own, or for a
    /// proposal in another language, the language's (`fr-FR` for an en-GB client's French
    /// proposal): the document's language tag.
    pub fn written(self) -> &'static str {
        &self.0.written
    }

    /// The language the locale's conventions belong to (`de`).
    pub fn language(self) -> &'static str {
        &self.0.language
    }

    /// Writes a text that follows a label and its colon ("Critère de recette : …"): its first
    /// letter lowercased where the language's `lower_after_colon` says so (French) and the
    /// text starts with an ordinary word, not an acronym or a figure (the second letter is
    /// lower case too); unchanged elsewhere.
    pub fn after_colon(self, text: &str) -> String {
        lowered(text, self.0.lower_after_colon)
    }

    /// This locale as a proposal written in `language` uses it: a proposal in the client's
    /// language is written by the client's locale; one in another language writes numbers,
    /// amounts, percentages and dates as that language does, so that a French proposal for
    /// an en-GB client reads "7,5 %" and "2 477 619,90 kr", never "7.5%". The language's
    /// locale for the client's region (`fr-CH` for `de-CH`, `en-CH`'s dates for `de-CH`)
    /// where there is one, else its first (de-DE, fr-FR, ja-JP, en-US) with the language's
    /// own dates (`[language] date`). The tag stays the client's; [`Locale::written`] names
    /// the locale written by.
    pub fn in_language(self, language: Language) -> Locale {
        let own = Locale::from_tag(self.tag()).unwrap_or(self);
        if own.language() == language.code() {
            return own;
        }
        crossed().iter().find(|s| s.tag == own.0.tag && s.language == language.code()).map_or(own, Locale)
    }

    /// The language's name in itself (`Deutsch`).
    pub fn language_name(self) -> &'static str {
        &self.0.language_name
    }

    /// Whether the catalog's American English is respelt in British English.
    pub fn british_spelling(self) -> bool {
        self.0.british
    }

    /// The month's short name for a chart's axis (`month0` counts from 0 for January).
    pub fn short_month(self, month0: usize) -> &'static str {
        &self.0.dates.short_months[month0 % 12]
    }

    /// Writes a plain number with this locale's grouping and decimal mark; a negative one
    /// starts with U+2212 MINUS SIGN, never a hyphen.
    pub fn number(self, value: Decimal) -> String {
        let negative = value.is_sign_negative() && !value.is_zero();
        let mut out = String::new();
        self.push_digits(&mut out, &value.abs().to_string(), negative);
        out
    }

    /// Appends `text` (ASCII digits, then `.` and the fraction if any) grouped, with this
    /// locale's decimal mark. (Written without `format!`: a proposal formats hundreds of these.)
    fn push_digits(self, out: &mut String, text: &str, negative: bool) {
        let (group, mark) = (self.0.group.as_str(), self.0.decimal.as_str());
        let (int, frac) = text.split_once('.').unwrap_or((text, ""));
        out.reserve(text.len() + int.len() / 3 * group.len() + 1);
        if negative {
            out.push(MINUS);
        }
        for (i, ch) in int.char_indices() {
            if i > 0 && (int.len() - i) % 3 == 0 {
                out.push_str(group);
            }
            out.push(ch);
        }
        if !frac.is_empty() {
            out.push_str(mark);
            out.push_str(frac);
        }
    }

    /// Writes an amount with the currency's symbol where this locale puts it:
    /// `$12,345.60`, `12.345,60 €`, `CHF 12’345.60`. Any space between number and symbol is a
    /// no-break space (U+00A0), and so is the space an alphabetic symbol ("KD") gets before a
    /// number; a negative amount starts with U+2212 MINUS SIGN (`−$5.00`), so an amount never
    /// breaks across lines and reads as typeset.
    pub fn money(self, amount: Decimal, currency: Currency) -> String {
        let negative = amount.is_sign_negative() && !amount.is_zero();
        self.money_of(&currency.round(amount).abs().to_string(), negative, currency)
    }

    /// [`Locale::money`], without the minor units when there are none (`$42,000`): for a
    /// figure rounded to whole units on purpose, such as an estimate's range.
    pub fn whole_money(self, amount: Decimal, currency: Currency) -> String {
        let amount = currency.round(amount);
        match amount.fract().is_zero() {
            true => {
                let negative = amount.is_sign_negative() && !amount.is_zero();
                self.money_of(&amount.trunc().abs().normalize().to_string(), negative, currency)
            }
            false => self.money(amount, currency),
        }
    }

    /// [`Locale::money`] of an amount as [`crate::money::Money`] writes it in JSON
    /// (`-1234.50`: the currency's minor units exactly), without parsing it; `None` for any
    /// other text.
    pub fn money_text(self, text: &str, currency: Currency) -> Option<String> {
        let (negative, digits) = text.strip_prefix('-').map_or((false, text), |d| (true, d));
        let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
        let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        let canonical =
            !int.is_empty() && all_digits(int) && all_digits(frac) && frac.len() == currency.exponent as usize;
        let zero = digits.bytes().all(|b| matches!(b, b'0' | b'.'));
        canonical.then(|| self.money_of(digits, negative && !zero, currency))
    }

    /// The currency's symbol in this locale: the locale's own (`symbols`), else the
    /// currency's, unless that is understood only in the currency's home languages
    /// ([`Currency::home_languages`]: "kr") and this locale's language is not one of them;
    /// then its ISO code ("SEK").
    pub fn symbol(self, currency: Currency) -> &'static str {
        match self.0.symbols.get(currency.code) {
            Some(own) => own,
            None => {
                let home = currency.home_languages();
                match home.is_empty() || home.contains(&self.0.language.as_str()) {
                    true => currency.symbol,
                    false => currency.code,
                }
            }
        }
    }

    fn money_of(self, digits: &str, negative: bool, currency: Currency) -> String {
        let symbol = self.symbol(currency);
        let spaced = self.0.symbol_spaced || symbol.chars().all(|c| c.is_alphabetic() || c == '.' || c == ' ');
        let mut out = String::with_capacity(digits.len() + digits.len() / 3 * 3 + symbol.len() + 6);
        if negative {
            out.push(MINUS);
        }
        if !self.0.symbol_after {
            push_nbsp(&mut out, symbol);
            if spaced {
                out.push(NBSP);
            }
        }
        self.push_digits(&mut out, digits, false);
        if self.0.symbol_after {
            out.push(NBSP);
            push_nbsp(&mut out, symbol);
        }
        out
    }

    /// Writes a date the way this locale's business letters do, with no-break spaces (U+00A0)
    /// between its parts so it never breaks across lines: `March 2, 2026`, `2 March 2026`,
    /// `2. März 2026`, `2 mars 2026`, `2026年3月2日`.
    pub fn date(self, date: chrono::NaiveDate) -> String {
        self.write_date(&self.0.dates.date, &self.0.dates.months, date)
    }

    /// A date with its year in the short month names a chart writes: `Jun 11, 2027`,
    /// `11 Jun 2027`, `20 sept. 2027`; [`Locale::date`]'s order and no-break spaces.
    pub fn short_date_year(self, date: chrono::NaiveDate) -> String {
        self.write_date(&self.0.dates.date, &self.0.dates.short_months, date)
    }

    /// A day and month as a chart's axis writes them, with the short month name and a
    /// no-break space: `Mar 16`, `16 Mar`, `16. Mär`, `3月16日`.
    pub fn short_date(self, date: chrono::NaiveDate) -> String {
        self.write_date(&self.0.dates.short_date, &self.0.dates.short_months, date)
    }

    /// A quarter's label on a chart's axis: `Q3`, `T3`.
    pub fn quarter(self, n: u32) -> String {
        let (before, after) = &self.0.dates.quarter;
        let mut out = before.clone();
        push_number(&mut out, n);
        out.push_str(after);
        out
    }

    fn write_date(self, parts: &[DatePart], months: &[String; 12], date: chrono::NaiveDate) -> String {
        use chrono::Datelike;
        let mut out = String::with_capacity(24);
        for part in parts {
            match part {
                DatePart::Text(t) => out.push_str(t),
                DatePart::Day => match (&self.0.dates.first_day, date.day()) {
                    (Some(first), 1) => out.push_str(first),
                    (_, day) => push_number(&mut out, day),
                },
                DatePart::Month => out.push_str(&months[date.month0() as usize]),
                DatePart::MonthNumber => push_number(&mut out, date.month()),
                DatePart::Year => {
                    if date.year() < 0 {
                        out.push(MINUS);
                    }
                    push_number(&mut out, date.year().unsigned_abs());
                }
            }
        }
        out
    }

    /// Writes a percentage: `15%` in English, `15 %` in German and French (a no-break space).
    pub fn percent(self, p: Percent) -> String {
        let (before, after) = &self.0.percent;
        let mut out = before.clone();
        out.push_str(&self.number(p.0.normalize()));
        out.push_str(after);
        out
    }
}

/// Appends `text` with its spaces as no-break spaces ("$ US").
fn push_nbsp(out: &mut String, text: &str) {
    for c in text.chars() {
        out.push(if c == ' ' { NBSP } else { c });
    }
}

/// Appends `n` in decimal digits.
fn push_number(out: &mut String, n: u32) {
    let start = out.len();
    let mut n = n;
    loop {
        out.insert(start, char::from(b'0' + (n % 10) as u8));
        n /= 10;
        if n == 0 {
            break;
        }
    }
}

#[cfg(test)]
mod tests;
