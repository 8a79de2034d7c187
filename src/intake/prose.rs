//! Which of the intake's free texts look written in another language than the document's:
//! the consultant's prose prints as written (never translated, never dropped), so `render`
//! and `quote` warn when a Japanese proposal would carry English objectives.
//!
//! Recognition is the language packs' data ([`crate::locale::Marks`]), never words in Rust:
//! a text looks written in language L when
//! - L is recognised by script (Japanese) and at least [`MIN_SCRIPT_LETTERS`] of the text's
//!   letters, and at least half of them, are in L's scripts; or else
//! - it has at least [`MIN_WORDS`] words, at least [`MIN_HITS`] of them are L's function
//!   words (one, when the document's language is recognised by a script and none of the
//!   text's letters are in it: English in a Japanese proposal), more than twice as many as
//!   the document language's, and no other language has as many.
//!
//! So a name, a code or a one-word title never warns, and neither does a text in the
//! document's language that quotes a few words of another. The governing law is the
//! exception ([`looks_named_in`]): the clause writes it inside a sentence ("日本法"), so a
//! name the catalog cannot write in the document's language (no country of its `[law]`)
//! warns when none of its letters are in the document language's script ("Nevada法").

use super::set::{Assignment, Path};
use super::Intake;
use crate::diag::{Diagnostic, Location, Source};
use crate::locale::Language;

/// A text with fewer words is never judged: names, codes, short titles.
pub const MIN_WORDS: usize = 4;
/// The fewest function words of a language that make a text look written in it; one when
/// the document's language is recognised by a script none of the text's letters are in.
pub const MIN_HITS: usize = 2;
/// The fewest letters in a language's scripts that make a text look written in it.
pub const MIN_SCRIPT_LETTERS: usize = 4;

/// An intake text that looks written in another language than the document's.
#[derive(Debug, Clone)]
pub struct Foreign {
    /// Its path in the intake, as `--set` writes it (`objectives[0]`, `terms.venue`).
    pub field: String,
    /// Where it is written, when the intake's text locates it.
    pub location: Option<Location>,
    /// The language it looks written in.
    pub language: Language,
}

/// The intake's texts that look written in another language than `intake.meta.language`,
/// in the intake's order, each located in `source` (the intake's text, `--set` applied).
pub fn foreign(intake: &Intake, source: &Source, catalog: &crate::catalog::Catalog) -> Vec<Foreign> {
    let document = intake.meta.language;
    let mut found = Vec::new();
    for (field, text) in texts(intake) {
        let looks = if field == LAW {
            (catalog.terms.law.country(text).is_none()).then(|| looks_named_in(text, document)).flatten()
        } else {
            looks_written_in(text, document)
        };
        if let Some(language) = looks {
            let (field, location) = located(source, field);
            found.push(Foreign { field, location, language });
        }
    }
    found
}

/// The governing law's path: a name the clause writes inside a sentence.
const LAW: &str = "terms.governing_law";

/// Every free text of the intake the document prints, with its path.
fn texts<'a>(intake: &'a Intake) -> Vec<(String, &'a str)> {
    let mut out: Vec<(String, &'a str)> = Vec::new();
    let mut add = |field: String, text: Option<&'a str>| {
        if let Some(t) = text {
            out.push((field, t));
        }
    };
    add("proposal.title".into(), intake.meta.title.as_deref());
    add("client.industry".into(), intake.client.industry.as_deref());
    for (i, o) in intake.objectives.iter().enumerate() {
        add(format!("objectives[{i}]"), Some(&o.text));
    }
    for (i, e) in intake.scope.engagements.iter().enumerate() {
        add(format!("engagement[{i}].title"), e.title.as_deref());
        add(format!("engagement[{i}].why"), e.why.as_deref());
    }
    for (i, d) in intake.scope.discounts.iter().enumerate() {
        add(format!("discount[{i}].label"), d.label.as_deref());
    }
    for (i, a) in intake.assumptions.iter().enumerate() {
        add(format!("assumptions[{i}]"), Some(a));
    }
    for (i, x) in intake.exclusions.iter().enumerate() {
        add(format!("exclusions[{i}]"), Some(x));
    }
    add(LAW.into(), intake.terms.governing_law.as_deref());
    add("terms.venue".into(), intake.terms.venue.as_deref());
    for (i, c) in intake.terms.clauses.iter().enumerate() {
        add(format!("terms.clause[{i}].title"), Some(&c.title));
        add(format!("terms.clause[{i}].text"), Some(&c.text));
    }
    for (i, o) in intake.options.iter().enumerate() {
        add(format!("option[{i}].name"), Some(&o.name));
        add(format!("option[{i}].description"), o.description.as_deref());
    }
    out
}

/// The field's path and location: an objective written as a table `{ text, by }` is its
/// `text`.
fn located(source: &Source, field: String) -> (String, Option<Location>) {
    let at = |field: &str| {
        let path = Path::parse(field)?;
        match Assignment::new("--set", path, "").locate(source) {
            Ok(super::set::Target::Replace(span)) => Some(Location::of(source, span)),
            _ => None,
        }
    };
    if field.starts_with("objectives[") {
        let text = format!("{field}.text");
        if let Some(location) = at(&text) {
            return (text, Some(location));
        }
    }
    let location = at(&field);
    (field, location)
}

/// The one warning for `found` (none when it is empty), located at the first text, each
/// other one in a note, with what to do: translate them, or write the proposal in their
/// language.
pub fn warning(found: &[Foreign], document: Language, file: &str) -> Option<Diagnostic> {
    let first = found.first()?;
    let named = |l: Language| format!("{} ({})", l.name(), l.code());
    let one = found.iter().all(|f| f.language == first.language);
    let (count, verb) = match found.len() {
        1 => ("one of the intake's texts".to_string(), "looks"),
        n => (format!("{n} of the intake's texts"), "look"),
    };
    let what = if one { named(first.language) } else { "another language".to_string() };
    let mut d = Diagnostic::new(format!(
        "the proposal is written in {}, but {count} {verb} written in {what}",
        named(document)
    ));
    let line = |f: &Foreign| f.location.as_ref().map_or_else(String::new, |l| format!(" (line {})", l.line));
    d = match &first.location {
        Some(at) => d.at(at.clone()).label(format!("`{}` looks written in {}", first.field, named(first.language))),
        None => {
            d.at(Location::file(file)).note(format!("`{}` looks written in {}", first.field, named(first.language)))
        }
    };
    for f in &found[1..] {
        d = d.note(format!("`{}`{} looks written in {}", f.field, line(f), named(f.language)));
    }
    let code = first.language.code();
    Some(d.help(format!(
        "the intake's texts print as written, never translated: translate these into {}, or write the proposal \
         in their language with `proposal.language = \"{code}\"` (`--set proposal.language={code}`)",
        document.name()
    )))
}

/// The language a name written inside a sentence (the governing law) looks written in, when
/// it is not `document`: as [`looks_written_in`] judges it, or, when `document` is
/// recognised by a script and none of the name's letters are in it ("Nevada" in a Japanese
/// proposal), the catalog's own language, English, whatever its length.
pub fn looks_named_in(text: &str, document: Language) -> Option<Language> {
    if let Some(language) = looks_written_in(text, document) {
        return Some(language);
    }
    let scripts = &document.marks().scripts;
    let mut letters = text.chars().filter(|c| c.is_alphabetic()).peekable();
    let foreign = !scripts.is_empty() && letters.peek().is_some() && letters.all(|c| !scripts.iter().any(|s| s.has(c)));
    (foreign && document != Language::SOURCE).then_some(Language::SOURCE)
}

/// The language `text` looks written in, when it is not `document` (see the module's rule).
pub fn looks_written_in(text: &str, document: Language) -> Option<Language> {
    let marks = marks();
    let count = marks.languages.len();
    let at = |language: Language| marks.languages.iter().position(|l| *l == language);
    // One pass over the letters: how many, and how many in each language's scripts.
    let (mut letters, mut in_script) = (0, vec![0usize; count]);
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        letters += 1;
        if !c.is_ascii() {
            if let Some((_, k)) = marks.scripts.iter().find(|(s, _)| s.has(c)) {
                in_script[*k] += 1;
            }
        }
    }
    for (k, n) in in_script.iter().enumerate() {
        if *n >= MIN_SCRIPT_LETTERS && n * 2 >= letters {
            let language = marks.languages[k];
            return (language != document).then_some(language);
        }
    }
    let own = at(document);
    // A text without a letter of the document language's own script (English in a Japanese
    // proposal) needs only one function word to say which language it is in.
    let scripted = marks.scripts.iter().any(|(_, k)| Some(*k) == own);
    let min_hits = if scripted && own.is_some_and(|k| in_script[k] == 0) { 1 } else { MIN_HITS };
    let (mut words, mut hits) = (0, vec![0usize; count]);
    for word in text.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()) {
        words += 1;
        if let Some(k) = marks.language_of(word) {
            hits[k] += 1;
        }
    }
    if words < MIN_WORDS {
        return None;
    }
    let own_hits = own.map_or(0, |k| hits[k]);
    let mut best: Option<(usize, usize)> = None;
    let mut tied = false;
    for (k, n) in hits.iter().enumerate().filter(|(k, _)| Some(*k) != own) {
        match best {
            Some((_, most)) if *n < most => {}
            Some((_, most)) if *n == most => tied = true,
            _ => {
                best = Some((k, *n));
                tied = false;
            }
        }
    }
    match best {
        Some((k, n)) if !tied && n >= min_hits && n > 2 * own_hits => Some(marks.languages[k]),
        _ => None,
    }
}

/// Every pack's marks in one place, gathered once: the languages, each one's function
/// words (sorted, as the packs must list them) and each script with its language.
struct AllMarks {
    languages: Vec<Language>,
    words: Vec<&'static [String]>,
    scripts: Vec<(crate::locale::Script, usize)>,
}

fn marks() -> &'static AllMarks {
    static MARKS: std::sync::OnceLock<AllMarks> = std::sync::OnceLock::new();
    MARKS.get_or_init(|| {
        let languages: Vec<Language> = Language::all().iter().map(|(_, l)| *l).collect();
        let words = languages.iter().map(|l| l.marks().function_words.as_slice()).collect();
        let mut scripts = Vec::new();
        for (k, l) in languages.iter().enumerate() {
            scripts.extend(l.marks().scripts.iter().map(|s| (*s, k)));
        }
        AllMarks { languages, words, scripts }
    })
}

impl AllMarks {
    /// The language whose function word `word` is, whatever its case (the lists are in
    /// lower case; no two packs list the same word). A word longer than [`LONGEST`] bytes
    /// is none.
    fn language_of(&self, word: &str) -> Option<usize> {
        if word.len() > LONGEST {
            return None;
        }
        let mut buf = [0u8; LONGEST];
        let owned;
        let lower: &[u8] = if word.is_ascii() {
            let lower = &mut buf[..word.len()];
            lower.copy_from_slice(word.as_bytes());
            lower.make_ascii_lowercase();
            lower
        } else {
            owned = word.to_lowercase();
            owned.as_bytes()
        };
        self.words.iter().position(|list| list.binary_search_by(|w| w.as_bytes().cmp(lower)).is_ok())
    }
}

/// The longest function word of any pack, in bytes, is shorter: a longer word is never
/// looked up.
const LONGEST: usize = 12;

#[cfg(test)]
mod tests {
    use super::looks_written_in;
    use crate::locale::Language;

    fn language(code: &str) -> Language {
        Language::all().iter().find(|(c, _)| *c == code).map(|(_, l)| *l).unwrap()
    }

    fn looks(text: &str, document: &str) -> Option<&'static str> {
        looks_written_in(text, language(document)).map(|l| l.code())
    }

    #[test]
    fn prose_in_another_language_is_recognised() {
        let venue = "the courts of Japan, with the proceedings conducted in English";
        assert_eq!(looks(venue, "ja"), Some("en"));
        assert_eq!(looks(venue, "de"), Some("en"));
        assert_eq!(looks(venue, "en"), None);
        let de = "Wir migrieren die Server mit Ihrem Team und dokumentieren den Betrieb.";
        assert_eq!(looks(de, "en"), Some("de"));
        assert_eq!(looks(de, "fr"), Some("de"));
        let fr = "Nous migrons les serveurs avec votre équipe et l'exploitation.";
        assert_eq!(looks(fr, "en"), Some("fr"));
        assert_eq!(looks("本番環境の移行を三か月で完了する", "en"), Some("ja"));
        assert_eq!(looks("本番環境の移行を三か月で完了する", "ja"), None);
    }

    /// Issue 15: "Nevada" as a Japanese proposal's governing law printed "Nevada法" unwarned.
    #[test]
    fn a_name_written_inside_a_sentence_warns_in_a_script_it_is_not_written_in() {
        let named = |text: &str, document: &str| super::looks_named_in(text, language(document)).map(|l| l.code());
        assert_eq!(named("Nevada", "ja"), Some("en"));
        assert_eq!(named("England and Wales", "ja"), Some("en"));
        for document in ["en", "de", "fr"] {
            assert_eq!(named("Nevada", document), None, "{document}");
        }
        assert_eq!(named("ネバダ州", "ja"), None);
        assert_eq!(named("2024", "ja"), None);
        assert_eq!(looks("Nevada", "ja"), None, "other names are not judged");
    }

    #[test]
    fn no_two_packs_list_the_same_function_word_and_each_list_is_found() {
        let marks = super::marks();
        let mut seen = std::collections::BTreeMap::new();
        for (k, list) in marks.words.iter().enumerate() {
            for w in list.iter() {
                assert!(w.len() <= super::LONGEST, "`{w}` is longer than LONGEST");
                assert_eq!(seen.insert(w.as_str(), k), None, "`{w}` is listed by two packs");
                // Every word is found, whatever its case.
                assert_eq!(marks.language_of(&crate::locale::Language::sentence_start(w)), Some(k), "{w}");
            }
        }
        assert!(seen.len() > 100, "{}", seen.len());
    }

    #[test]
    fn names_codes_short_titles_and_quoted_words_never_warn() {
        for text in ["Kansai Platform Co., Ltd.", "Cloud migration", "ISO 27001", "Japan", "東京", "SAP S/4HANA"] {
            for document in ["en", "de", "fr", "ja"] {
                assert_eq!(looks(text, document), None, "{text} in {document}");
            }
        }
        // A sentence in the document's language quoting another's words.
        assert_eq!(looks("Move the Tokyo office (東京本社) to the new data centre by June.", "en"), None);
        assert_eq!(looks("The client calls it the „Plattform für die Zukunft“ internally.", "en"), None);
        // Few function words of either: not judged.
        assert_eq!(looks("Kubernetes cluster upgrade and Terraform modules", "de"), None);
    }
}
