//! The default catalog, templates and fonts, compiled into the binary so it works anywhere.
//! `--catalog DIR` and `--templates DIR` replace any of these files by name.

use crate::baked::Value;
use crate::catalog::strings::Static;

macro_rules! files {
    ($dir:literal: $($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../", $dir, "/", $name)))),*]
    };
}

const CATALOG: &[(&str, &str)] = files!("catalog":
    "firm.toml", "models.toml", "tiers.toml", "processes.toml", "scenarios.toml", "texts.toml", "pricing.toml",
    "effort.toml", "tax.toml", "tax-ids.toml", "terms.toml", "rates.csv", "spelling/en-GB.toml",
    "lang/en/templates.toml",
    "lang/de/templates.toml",
    "lang/fr/templates.toml",
    "lang/ja/templates.toml",
    "lang/de/firm.toml",
    "lang/de/models.toml",
    "lang/de/tiers.toml",
    "lang/de/processes.toml",
    "lang/de/scenarios.toml",
    "lang/de/texts.toml",
    "lang/de/terms.toml",
    "lang/de/pricing.toml",
    "lang/de/tax.toml",
    "lang/fr/firm.toml",
    "lang/fr/models.toml",
    "lang/fr/tiers.toml",
    "lang/fr/processes.toml",
    "lang/fr/scenarios.toml",
    "lang/fr/texts.toml",
    "lang/fr/terms.toml",
    "lang/fr/pricing.toml",
    "lang/fr/tax.toml",
    "lang/ja/firm.toml",
    "lang/ja/models.toml",
    "lang/ja/tiers.toml",
    "lang/ja/processes.toml",
    "lang/ja/scenarios.toml",
    "lang/ja/texts.toml",
    "lang/ja/terms.toml",
    "lang/ja/pricing.toml",
    "lang/ja/tax.toml",
);

/// The embedded text of catalog file `name`.
pub fn catalog_file(name: &str) -> Option<&'static str> {
    CATALOG.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}

/// The catalog files of [`CATALOG`], each baked into values by build.rs (`src/baked.rs`);
/// a file whose TOML does not parse is missing.
const CATALOG_VALUES: &[(&str, &Value)] = include!(concat!(env!("OUT_DIR"), "/catalog_values.rs"));

/// Embedded catalog file `name`'s values: the same as its TOML's (a test compares the
/// catalogs read both ways). `None` when build.rs could not parse the TOML; reading the TOML
/// then reports the error.
pub fn catalog_values(name: &str) -> Option<&'static Value> {
    CATALOG_VALUES.iter().find(|(n, _)| *n == name).map(|(_, v)| *v)
}

/// Each embedded translation (`lang/LANG/FILE`) laid over its English file, baked by
/// build.rs: (language code, file name, values).
const TRANSLATED: &[(&str, &str, &Value)] = include!(concat!(env!("OUT_DIR"), "/translated.rs"));

/// Embedded catalog file `name` in language `code` (`de`): the English file with the embedded
/// translation's texts laid over it. Laying a translation over its file and checking it cost
/// a German proposal a quarter of its run (25.6 M of 104.1 M instructions); a test holds
/// these to the checked merge. `None` where build.rs found the two not shaped alike (the
/// checked merge then reports where).
pub fn translated_values(code: &str, name: &str) -> Option<&'static Value> {
    TRANSLATED.iter().find(|(c, n, _)| *c == code && *n == name).map(|(_, _, v)| *v)
}

/// Each language's template strings (`lang/LANG/templates.toml`) as data, written by build.rs:
/// (language code, (`section.key`, string) sorted by key). A language whose TOML does not
/// parse or is not shaped as a pack is missing; reading the TOML then reports the error.
const STRING_PACKS: &[(&str, &[(&str, Static)])] = include!(concat!(env!("OUT_DIR"), "/strings.rs"));

/// The embedded en-GB spelling map's `[words]` (`spelling/en-GB.toml`), as build.rs compiles
/// them: (en-US word, en-GB word), sorted. Empty where the TOML does not parse as a map of
/// words; the map is then read from the TOML.
const SPELLING_WORDS: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/spelling.rs"));

/// [`SPELLING_WORDS`], `None` when build.rs could not compile them.
pub fn spelling_words() -> Option<&'static [(&'static str, &'static str)]> {
    Some(SPELLING_WORDS).filter(|w| !w.is_empty())
}

/// Language `code`'s embedded template strings ([`STRING_PACKS`]).
pub fn string_pack(code: &str) -> Option<&'static [(&'static str, Static)]> {
    STRING_PACKS.iter().find(|(c, _)| *c == code).map(|(_, pack)| *pack)
}

/// The proposal's Markdown templates: the main one first, then one partial per section.
const TEMPLATES: &[(&str, &str)] = files!("proposal-templates":
    "proposal.md.hbs", "cover.md.hbs", "summary.md.hbs", "scope.md.hbs", "timeline.md.hbs", "pricing.md.hbs",
    "working.md.hbs", "assumptions.md.hbs", "terms.md.hbs", "next-steps.md.hbs", "acceptance.md.hbs", "order-form.md.hbs",
    "options.md.hbs", "payment-plan.md.hbs", "at-a-glance.md.hbs", "brief.md.hbs",
);

/// The HTML page's shell template (`render --format html`).
const HTML_TEMPLATE: &str = include_str!("../proposal-templates/proposal.html.hbs");

/// The embedded HTML shell template.
pub fn html_template() -> &'static str {
    HTML_TEMPLATE
}

/// Every embedded template as (file name, text), in the order above.
pub fn template_files() -> &'static [(&'static str, &'static str)] {
    TEMPLATES
}

/// The PDF's font family, Liberation Sans 2 (SIL OFL 1.1; licence in `assets/fonts/OFL.txt`).
const FONTS: &[(&str, &[u8])] = &[
    ("LiberationSans-Regular.ttf", include_bytes!("../assets/fonts/LiberationSans-Regular.ttf")),
    ("LiberationSans-Bold.ttf", include_bytes!("../assets/fonts/LiberationSans-Bold.ttf")),
    ("LiberationSans-Italic.ttf", include_bytes!("../assets/fonts/LiberationSans-Italic.ttf")),
    ("LiberationSans-BoldItalic.ttf", include_bytes!("../assets/fonts/LiberationSans-BoldItalic.ttf")),
    // The marks Liberation Sans lacks (☐ ✓ ✗), from DejaVu Sans (licence in
    // `assets/fonts/ProposeMarks-LICENSE.txt`): the options' inclusion rows and the order form need them.
    ("ProposeMarks.ttf", include_bytes!("../assets/fonts/ProposeMarks.ttf")),
];

/// The embedded bytes of font file `name` (a TrueType file in `assets/fonts/`).
pub fn font_file(name: &str) -> Option<&'static [u8]> {
    named(FONTS, name)
}

/// One file of each embedded face, `assets/fonts/FACE.EXT`, by face name.
macro_rules! per_face {
    ($ext:literal) => {
        &[
            ("LiberationSans-Regular", include_bytes!(concat!("../assets/fonts/LiberationSans-Regular.", $ext))),
            ("LiberationSans-Bold", include_bytes!(concat!("../assets/fonts/LiberationSans-Bold.", $ext))),
            ("LiberationSans-Italic", include_bytes!(concat!("../assets/fonts/LiberationSans-Italic.", $ext))),
            ("LiberationSans-BoldItalic", include_bytes!(concat!("../assets/fonts/LiberationSans-BoldItalic.", $ext))),
        ]
    };
}

/// Each embedded face's subset to the base set (Liberation Sans subsets, the same licence),
/// built ahead of time (see `render::pdf::subset::prebuilt`; a test rebuilds and compares).
const BASE_SUBSETS: &[(&str, &[u8])] = per_face!("base");

/// The prebuilt base subset of embedded face `name` (`LiberationSans-Bold`).
pub fn base_subset(name: &str) -> Option<&'static [u8]> {
    named(BASE_SUBSETS, name)
}

/// Kerning pairs of each embedded face's base set, generated from harfrust (see
/// `render::pdf::shape`): the Latin fast path's only data.
const KERNING: &[(&str, &[u8])] = per_face!("kern");

/// The kerning pairs of embedded face `name` (`LiberationSans-Bold`).
pub fn kern_file(name: &str) -> Option<&'static [u8]> {
    named(KERNING, name)
}

/// The bytes of `name` in a table of embedded files.
fn named(table: &[(&str, &'static [u8])], name: &str) -> Option<&'static [u8]> {
    table.iter().find(|(n, _)| *n == name).map(|(_, b)| *b)
}
