//! Spelling by locale: the catalog's texts are written once, in American English, and an
//! en-GB proposal respells them word by word from the catalog's map
//! (`catalog/spelling/en-GB.toml`). What to respell is the renderer's choice; this module
//! owns the map, its checks and the word-for-word replacement.
//!
//! **Rule.** A word is a maximal run of alphabetic characters. A word whose lowercase form is
//! a key of the map is replaced by its value, in the word's case: `optimization` →
//! `optimisation`, `Optimization` → `Optimisation`, `OPTIMIZATION` → `OPTIMISATION`; a word in
//! any other mix of cases is left as written. Only whole words match (`optimizations` is
//! replaced only if it is a key itself). A token (a run of non-whitespace) holding `/` or `@`,
//! or a `.` between two letters, is a URL, an e-mail address or a path and is never touched
//! (`catalog/pricing.toml`, `https://example.com/optimize`, `ops@example.com`).

use crate::diag::{Diagnostic, Location, Result, Source};
use crate::money::Locale;
use foldhash::fast::RandomState;
use serde::Deserialize;
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};
use toml::Spanned;

/// The map's file, inside the catalog folder.
pub const FILE: &str = "spelling/en-GB.toml";

/// The most words the map may hold.
pub const MAX_WORDS: usize = 5_000;

/// The longest key or value, in characters.
pub const MAX_WORD: usize = 64;

/// The most bytes of texts (as given and as respelled) [`Spelling::respell`] remembers.
pub const MEMO_BYTES: usize = 1 << 20;

/// The en-US → en-GB word map. Invariant: every key and value is lowercase; every key is
/// ASCII letters only (so it can match a word), at most [`MAX_WORD`] long, and differs from
/// its value.
#[derive(Debug)]
pub struct Spelling {
    /// The embedded map's words are borrowed from the binary; a catalog folder's are owned.
    words: HashMap<Cow<'static, str>, Cow<'static, str>, RandomState>,
    /// A bit per [`signature`] of some key: most words are rejected by this alone, without
    /// hashing.
    signatures: Box<[u64; 64]>,
    /// Texts respelled before, and their respelling (`None`: unchanged).
    memo: Mutex<Memo>,
}

/// Every proposal respells the same catalog texts (terms, phases, service levels), and
/// scanning them word by word was 131 K of the 386 K instructions of a batch scenario of the
/// en-GB fabrikam (callgrind, 2026-12-01); looking a text up costs a hash of it. A batch that
/// renders fabrikam's Markdown spends 63 K instead of 178 K a scenario assembling the
/// proposal; a single run, which meets each text once, pays about 25 K for the memo. At most
/// [`MEMO_BYTES`], so a batch whose scenarios fill texts with ever new values stays flat:
/// once full, a new text is respelled and not remembered.
#[derive(Debug, Default)]
struct Memo {
    texts: HashMap<Box<str>, Option<Box<str>>, RandomState>,
    bytes: usize,
}

impl Default for Spelling {
    fn default() -> Spelling {
        Spelling { words: HashMap::default(), signatures: Box::new([0; 64]), memo: Mutex::default() }
    }
}

impl Clone for Spelling {
    /// The same map, remembering nothing yet.
    fn clone(&self) -> Spelling {
        Spelling { words: self.words.clone(), signatures: self.signatures.clone(), memo: Mutex::default() }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    words: BTreeMap<String, Spanned<String>>,
}

/// A catalog's word map: its folder's own, read with the catalog, or else the embedded one
/// (`None`), parsed when a proposal first needs it: only an en-GB proposal does, and parsing
/// it was 0.27 M of every `quote`'s 6.2 M instructions (callgrind, 2026-12-02).
#[derive(Debug, Clone, Default)]
pub struct Map(Option<Arc<Spelling>>);

impl Map {
    /// `text` in `locale`'s spelling ([`Spelling::respell`]).
    pub fn respell<'a>(&self, text: &'a str, locale: Locale) -> Cow<'a, str> {
        if !locale.british_spelling() {
            return Cow::Borrowed(text);
        }
        self.0.as_deref().unwrap_or_else(|| Spelling::embedded()).respell(text, locale)
    }
}

impl Spelling {
    /// The embedded map, parsed and checked once per process.
    pub fn embedded() -> &'static Arc<Spelling> {
        static EMBEDDED: OnceLock<Arc<Spelling>> = OnceLock::new();
        EMBEDDED.get_or_init(|| {
            // From the word list build.rs compiles into the binary: no text to parse or copy
            // (the TOML was 2.2 M of a quote's 7.6 M instructions, its JSON copy still 0.7 M
            // of an en-GB `quote`, callgrind 2026-12-02); a test checks it gives the checked
            // map of the TOML, so its entries need no checks here.
            if let Some(words) = crate::embedded::spelling_words() {
                let mut map = Spelling::default();
                for (key, value) in words {
                    map.insert(Cow::Borrowed(key), Cow::Borrowed(value));
                }
                return Arc::new(map);
            }
            let text = crate::embedded::catalog_file(FILE).unwrap_or_default();
            // The embedded map is checked by the tests; a broken one would respell nothing.
            Arc::new(Spelling::parse(&Source::embedded(format!("<embedded>/catalog/{FILE}"), text)).unwrap_or_default())
        })
    }

    /// The map for a catalog: `dir/spelling/en-GB.toml` when there is one (read and checked
    /// as every catalog file is), otherwise the embedded map.
    pub fn load(dir: Option<&Path>) -> Result<Map> {
        if let Some(dir) = dir {
            let path = dir.join(FILE);
            if let Some(text) = crate::folder::read_text(dir, &path, "spelling file")? {
                return Ok(Map(Some(Arc::new(Spelling::parse(&Source::new(path.display().to_string(), text))?))));
            }
        }
        Ok(Map::default())
    }

    /// Parses and checks a map; every problem is located in `source`.
    pub fn parse(source: &Source) -> Result<Spelling> {
        let file: File = crate::catalog::parse(source)?;
        if file.words.len() > MAX_WORDS {
            return Err(Diagnostic::new(format!(
                "the spelling map has {} words, more than {MAX_WORDS}",
                file.words.len()
            ))
            .at(Location::file(&source.name))
            .help(format!("keep at most {MAX_WORDS} words under `[words]`"))
            .into());
        }
        let mut map = Spelling::default();
        for (key, value) in &file.words {
            let at_key = || key_location(source, value.span().start);
            let at_value = || Location::of(source, value.span());
            let problem = if key.is_empty() || !key.chars().all(|c| c.is_ascii_lowercase()) {
                Some((
                    at_key(),
                    format!("spelling key `{key}` is not a lowercase word"),
                    "write the key in lowercase ASCII letters only (`optimize`); capitalised forms are derived",
                ))
            } else if key.len() > MAX_WORD || value.get_ref().chars().count() > MAX_WORD {
                Some((
                    at_key(),
                    format!("spelling entry `{key}` is longer than {MAX_WORD} characters"),
                    "map single words only",
                ))
            } else if value.get_ref().is_empty()
                || value.get_ref().chars().any(|c| c.is_uppercase() || c.is_whitespace())
            {
                Some((
                    at_value(),
                    format!("spelling of `{key}` is `{}`, not a lowercase word", value.get_ref()),
                    "write the value in lowercase (`optimise`); capitalised forms are derived",
                ))
            } else if key == value.get_ref() {
                Some((
                    at_value(),
                    format!("spelling of `{key}` is the word itself"),
                    "remove the entry: words spelt alike need none",
                ))
            } else {
                None
            };
            if let Some((at, message, help)) = problem {
                return Err(Diagnostic::new(message).at(at).help(help).into());
            }
            map.insert(Cow::Owned(key.clone()), Cow::Owned(value.get_ref().clone()));
        }
        Ok(map)
    }

    /// Adds a checked entry.
    fn insert(&mut self, key: Cow<'static, str>, value: Cow<'static, str>) {
        let sig = signature(key.as_bytes());
        self.signatures[sig / 64] |= 1 << (sig % 64);
        self.words.insert(key, value);
    }

    /// How many words the map holds.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// `text` spelt for `locale` by the module's rule: only a locale with British spelling (en-GB, en-AU, en-CH) respells; the
    /// text comes back borrowed when nothing changes.
    pub fn respell<'a>(&self, text: &'a str, locale: Locale) -> Cow<'a, str> {
        if !locale.british_spelling() || self.words.is_empty() {
            return Cow::Borrowed(text);
        }
        let memo = || self.memo.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(known) = memo().texts.get(text) {
            return known.as_deref().map_or(Cow::Borrowed(text), |s| Cow::Owned(s.to_string()));
        }
        let out = self.respell_words(text);
        let mut memo = memo();
        // A table slot and two boxes besides the texts: an entry of an empty text still counts.
        let bytes = memo.bytes + 64 + text.len() + if let Cow::Owned(o) = &out { o.len() } else { 0 };
        if bytes <= MEMO_BYTES {
            let respelled = if let Cow::Owned(o) = &out { Some(o.as_str().into()) } else { None };
            if memo.texts.insert(text.into(), respelled).is_none() {
                memo.bytes = bytes;
            }
        }
        out
    }

    /// [`Spelling::respell`] by scanning `text`'s words.
    fn respell_words<'a>(&self, text: &'a str) -> Cow<'a, str> {
        let b = text.as_bytes();
        let mut out: Option<String> = None;
        let (mut done, mut i) = (0, 0);
        // One pass over the bytes: only runs of ASCII letters can be keys, and most are
        // rejected by their first two letters; a run that a non-ASCII letter continues is
        // part of a longer word.
        while i < b.len() {
            if !b[i].is_ascii_alphabetic() {
                i += 1;
                continue;
            }
            let start = i;
            while i < b.len() && b[i].is_ascii_alphabetic() {
                i += 1;
            }
            let letter_at = |at: usize| text[at..].chars().next().is_some_and(char::is_alphabetic);
            if i < b.len() && b[i] >= 0x80 && letter_at(i) {
                while i < b.len() && (b[i].is_ascii_alphabetic() || b[i] >= 0x80 && letter_at(i)) {
                    i += text[i..].chars().next().map_or(1, char::len_utf8);
                }
                continue;
            }
            if start > 0 && b[start - 1] >= 0x80 && text[..start].chars().next_back().is_some_and(char::is_alphabetic) {
                continue;
            }
            let word = &text[start..i];
            let Some((value, case)) = self.british(word) else { continue };
            if in_address(text, start, i) {
                continue;
            }
            let out = out.get_or_insert_with(|| String::with_capacity(text.len() + 16));
            out.push_str(&text[done..start]);
            match case {
                Case::Lower => out.push_str(value),
                Case::Upper => out.extend(value.chars().flat_map(char::to_uppercase)),
                Case::Capital => {
                    let mut chars = value.chars();
                    out.extend(chars.next().into_iter().flat_map(char::to_uppercase));
                    out.push_str(chars.as_str());
                }
            }
            done = i;
        }
        match out {
            Some(mut out) => {
                out.push_str(&text[done..]);
                Cow::Owned(out)
            }
            None => Cow::Borrowed(text),
        }
    }

    /// The British spelling of an ASCII word and the case to write it in, if the map has it
    /// and the word is in one of the three case forms.
    fn british(&self, word: &str) -> Option<(&str, Case)> {
        let b = word.as_bytes();
        if b.len() < 2 || b.len() > MAX_WORD {
            return None;
        }
        let sig = signature(b);
        if self.signatures[sig / 64] & (1 << (sig % 64)) == 0 {
            return None;
        }
        let case = if b.iter().all(u8::is_ascii_lowercase) {
            Case::Lower
        } else if b.iter().all(u8::is_ascii_uppercase) {
            Case::Upper
        } else if b[0].is_ascii_uppercase() && b[1..].iter().all(u8::is_ascii_lowercase) {
            Case::Capital
        } else {
            return None;
        };
        let mut buf = [0u8; MAX_WORD];
        let key = &mut buf[..b.len()];
        key.copy_from_slice(b);
        key.make_ascii_lowercase();
        let value = self.words.get(std::str::from_utf8(key).ok()?)?;
        Some((value, case))
    }
}

/// A 12-bit digest of an ASCII word of at least 2 letters, in any case: its length and its
/// first and last two letters.
fn signature(b: &[u8]) -> usize {
    let l = |i: usize| u32::from(b[i] | 0x20);
    let n = b.len();
    let x = (n as u32) ^ l(0) << 7 ^ l(1) << 12 ^ l(n - 2) << 17 ^ l(n - 1) << 22;
    (x.wrapping_mul(0x9E37_79B1) >> 20) as usize
}

/// The case a word is written in.
#[derive(Clone, Copy)]
enum Case {
    Lower,
    Capital,
    Upper,
}

/// [`Spelling::respell`] with the embedded map.
pub fn respell(text: &str, locale: Locale) -> Cow<'_, str> {
    Spelling::embedded().respell(text, locale)
}

/// Whether the word at `start..end` is in a URL, an e-mail address or a path: its token (run
/// of non-whitespace) holds a `/` or `@`, or a `.` between two letters.
fn in_address(text: &str, start: usize, end: usize) -> bool {
    let from = text[..start].char_indices().rfind(|(_, c)| c.is_whitespace()).map_or(0, |(i, c)| i + c.len_utf8());
    let to = text[end..].find(char::is_whitespace).map_or(text.len(), |i| end + i);
    let b = &text.as_bytes()[from..to];
    b.iter().any(|c| matches!(c, b'/' | b'@'))
        || b.windows(3).any(|w| w[1] == b'.' && w[0].is_ascii_alphabetic() && w[2].is_ascii_alphabetic())
}

/// The key written on the line of the value at byte `value_at`: the text before its `=`.
fn key_location(source: &Source, value_at: usize) -> Location {
    let text = &*source.text;
    let value_at = value_at.min(text.len());
    let line_start = text[..value_at].rfind('\n').map_or(0, |i| i + 1);
    let line = &text[line_start..value_at];
    let key = line.split('=').next().unwrap_or(line);
    let indent = key.len() - key.trim_start().len();
    let start = line_start + indent;
    Location::of(source, start..start + key.trim().len().max(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(words: &str) -> Spelling {
        Spelling::parse(&Source::new("t.toml", format!("[words]\n{words}"))).unwrap()
    }

    fn gb(s: &Spelling, text: &str) -> String {
        s.respell(text, Locale::from_tag("en-GB").unwrap()).into_owned()
    }

    #[test]
    fn the_embedded_map_compiled_in_is_the_checked_map_of_its_toml() {
        assert!(crate::embedded::spelling_words().is_some(), "build.rs compiled {FILE}");
        let toml = crate::embedded::catalog_file(FILE).unwrap_or_default();
        let checked = Spelling::parse(&Source::new(FILE, toml)).expect("the embedded map passes its checks");
        let embedded = Spelling::embedded();
        assert!(checked.len() > 100);
        assert_eq!(embedded.words, checked.words);
        assert_eq!(embedded.signatures, checked.signatures);
    }

    #[test]
    fn remembers_texts_up_to_its_bound_and_respells_them_alike() {
        let s = map("color = \"colour\"");
        let text = "The color of the plan";
        assert_eq!(gb(&s, text), "The colour of the plan");
        assert_eq!(gb(&s, text), "The colour of the plan", "respelled again from the memo");
        assert_eq!(gb(&s, "Plain words"), "Plain words");
        {
            let memo = s.memo.lock().unwrap();
            assert_eq!(memo.texts.get(text), Some(&Some("The colour of the plan".into())));
            assert_eq!(memo.texts.get("Plain words"), Some(&None));
        }
        // Distinct texts past the bound: every one respelled, the memo kept within it.
        let long = "color ".repeat(1_000);
        for i in 0..400 {
            let text = format!("{i} {long}");
            assert_eq!(gb(&s, &text), format!("{i} {}", "colour ".repeat(1_000)));
        }
        let memo = s.memo.lock().unwrap();
        assert!(memo.bytes <= MEMO_BYTES && memo.bytes > MEMO_BYTES / 2, "{}", memo.bytes);
        assert!(memo.texts.len() < 400);
    }

    #[test]
    fn respells_each_case_form() {
        let s = map("optimization = \"optimisation\"\nkickoff = \"kick-off\"");
        assert_eq!(gb(&s, "optimization"), "optimisation");
        assert_eq!(gb(&s, "Optimization"), "Optimisation");
        assert_eq!(gb(&s, "OPTIMIZATION"), "OPTIMISATION");
        assert_eq!(gb(&s, "OptimiZation"), "OptimiZation", "a mixed case is left as written");
        assert_eq!(gb(&s, "Kickoff meeting"), "Kick-off meeting");
    }

    #[test]
    fn replaces_whole_words_only() {
        let s = map("optimization = \"optimisation\"\nrealize = \"realise\"");
        assert_eq!(gb(&s, "optimizations"), "optimizations", "not a key");
        assert_eq!(gb(&s, "reoptimization"), "reoptimization");
        assert_eq!(gb(&s, "realized"), "realized", "only what is listed");
        assert_eq!(
            gb(&s, "(optimization), optimization's cost—optimization."),
            "(optimisation), optimisation's cost—optimisation."
        );
        assert_eq!(gb(&s, "we realize\tand\nrealize"), "we realise\tand\nrealise");
        assert_eq!(gb(&s, "érealize realizeé réalize realize"), "érealize realizeé réalize realise");
    }

    #[test]
    fn leaves_urls_addresses_and_paths_alone() {
        let s = map("catalog = \"catalogue\"\noptimize = \"optimise\"\ncolor = \"colour\"");
        for text in [
            "see catalog/pricing.toml",
            "https://example.com/optimize",
            "mail optimize@example.com",
            "color.toml",
            "a.color",
        ] {
            assert_eq!(gb(&s, text), text);
        }
        assert_eq!(gb(&s, "optimize catalog/pricing.toml"), "optimise catalog/pricing.toml");
        assert_eq!(gb(&s, "color. Then"), "colour. Then", "a full stop ends a word");
        assert_eq!(gb(&s, "a\u{a0}color\u{2003}catalog/x"), "a\u{a0}colour\u{2003}catalog/x");
    }

    #[test]
    fn other_locales_are_untouched_and_borrowed() {
        let s = map("optimization = \"optimisation\"");
        for tag in ["en-US", "en-CA", "de-DE", "fr-FR"] {
            let locale = Locale::from_tag(tag).unwrap();
            assert!(matches!(s.respell("optimization", locale), Cow::Borrowed("optimization")));
        }
        assert!(matches!(s.respell("nothing to change", Locale::from_tag("en-GB").unwrap()), Cow::Borrowed(_)));
    }

    #[test]
    fn the_embedded_map_loads() {
        let text = crate::embedded::catalog_file(FILE).unwrap();
        let s = Spelling::parse(&Source::new(FILE, text)).unwrap();
        assert_eq!(s.len(), Spelling::embedded().len());
        assert!(s.len() > 300, "{} words", s.len());
        assert_eq!(
            respell("We organize the Optimization.", Locale::from_tag("en-GB").unwrap()),
            "We organise the Optimisation."
        );
        assert_eq!(respell("We organize.", Locale::from_tag("en-US").unwrap()), "We organize.");
    }

    #[test]
    fn a_bad_map_is_a_located_error() {
        let bad = |words: &str| {
            let e = Spelling::parse(&Source::new("t.toml", format!("[words]\n{words}"))).unwrap_err();
            let crate::diag::Error::Input(d) = e else { panic!("not a located input error: {e}") };
            let at = d.location.unwrap();
            (d.message, at.line, at.column)
        };
        assert_eq!(bad("Color = \"colour\"").0, "spelling key `Color` is not a lowercase word");
        let (_, line, column) = bad("ok = \"fine\"\n  Color = \"colour\"");
        assert_eq!((line, column), (3, 3), "the key is located");
        assert_eq!(bad("color = \"Colour\"").0, "spelling of `color` is `Colour`, not a lowercase word");
        assert_eq!(bad("color = \"color\"").0, "spelling of `color` is the word itself");
        assert!(bad("color = \"colour\"\ncolor = \"color\"").0.contains("duplicate"));
        assert!(Spelling::parse(&Source::new("t.toml", "[word]\n")).is_err());
    }
}
