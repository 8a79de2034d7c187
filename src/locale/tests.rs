//! The locale packs' conventions, pattern by pattern.

use super::*;
use rust_decimal_macros::dec;

fn c(code: &str) -> Currency {
    Currency::from_code(code).unwrap()
}

fn l(tag: &str) -> Locale {
    Locale::from_tag(tag).unwrap_or_else(|| panic!("no locale {tag}"))
}

#[test]
fn every_pack_parses_and_ships_the_issues_locales() {
    for (text, baked) in PACKS.iter().zip(PACKS_BAKED) {
        let from_toml = parse(text).unwrap();
        let from_baked = compile(crate::baked::read(baked).unwrap()).unwrap();
        assert_eq!(format!("{from_toml:?}"), format!("{from_baked:?}"), "build.rs's values differ from the TOML");
    }
    let tags: Vec<&str> = Locale::all().iter().map(|(t, _)| *t).collect();
    for tag in
        ["en-US", "en-GB", "en-CA", "en-AU", "en-CH", "de-DE", "de-AT", "de-CH", "fr-FR", "fr-CA", "fr-CH", "ja-JP"]
    {
        assert!(tags.contains(&tag), "{tag} missing from {tags:?}");
    }
    assert_eq!(Locale::default().tag(), "en-US");
    assert_eq!(l("de-CH").language(), "de");
    let codes: Vec<&str> = Language::all().iter().map(|(c, _)| *c).collect();
    assert_eq!(codes, ["en", "de", "fr", "ja"]);
    for (_, loc) in Locale::all() {
        let want = if loc.0.complete { loc.language() } else { "en" };
        assert_eq!(loc.default_language().code(), want, "{loc:?}");
    }
}

#[test]
fn a_bad_pattern_is_refused_with_the_locale_named() {
    let pack = PACKS[0].replace("money = \"{symbol}{amount}\"", "money = \"{amount}{symbol}\"");
    assert!(parse(&pack).unwrap_err().starts_with("en-US: money pattern"));
    let pack = PACKS[0].replace("{month} {day}, {year}", "{month} {dya}, {year}");
    assert!(parse(&pack).unwrap_err().contains("names `{dya}`"));
}

#[test]
fn money_text_writes_json_amounts_as_money_does() {
    for code in ["USD", "EUR", "JPY", "KWD", "GBP", "CAD", "CHF"] {
        let cur = c(code);
        for amount in [dec!(0), dec!(-0.5), dec!(7), dec!(1234.5), dec!(-98765432.125), dec!(1000000)] {
            let json = crate::money::Money::round(amount, cur).amount().to_string();
            for (_, locale) in Locale::all() {
                assert_eq!(locale.money_text(&json, cur), Some(locale.money(amount, cur)), "{code} {json} {locale:?}");
            }
        }
        assert_eq!(l("en-US").money_text("12.3456", cur), None, "not in minor units");
        assert_eq!(l("en-US").money_text("1e5", cur), None);
    }
}

#[test]
fn formats_per_locale() {
    let n = dec!(1234567.5);
    let cases = [
        ("en-US", "USD", "$1,234,567.50"),
        ("en-GB", "GBP", "£1,234,567.50"),
        ("en-CA", "CAD", "$1,234,567.50"),
        ("en-CA", "USD", "US$1,234,567.50"),
        ("en-AU", "AUD", "$1,234,567.50"),
        ("en-CH", "CHF", "CHF\u{a0}1’234’567.50"),
        ("de-DE", "EUR", "1.234.567,50\u{a0}€"),
        ("de-AT", "EUR", "€\u{a0}1\u{a0}234\u{a0}567,50"),
        ("de-CH", "CHF", "CHF\u{a0}1’234’567.50"),
        ("fr-FR", "EUR", "1\u{202f}234\u{202f}567,50\u{a0}€"),
        ("fr-CA", "CAD", "1\u{a0}234\u{a0}567,50\u{a0}$"),
        ("fr-CA", "USD", "1\u{a0}234\u{a0}567,50\u{a0}$\u{a0}US"),
        ("fr-CH", "CHF", "1\u{202f}234\u{202f}567,50\u{a0}CHF"),
        ("ja-JP", "JPY", "¥1,234,568"),
        ("en-US", "JPY", "¥1,234,568"),
        ("en-US", "KWD", "KD\u{a0}1,234,567.500"),
    ];
    for (tag, code, want) in cases {
        assert_eq!(l(tag).money(n, c(code)), want, "{tag} {code}");
    }
}

#[test]
fn negative_figures_start_with_a_minus_sign() {
    assert_eq!(l("en-US").money(dec!(-1234.5), c("USD")), "\u{2212}$1,234.50");
    assert_eq!(l("de-DE").money(dec!(-5), c("EUR")), "\u{2212}5,00\u{a0}€");
    assert_eq!(l("fr-FR").money_text("-1234.50", c("EUR")).unwrap(), "\u{2212}1\u{202f}234,50\u{a0}€");
    assert_eq!(l("en-GB").number(dec!(-2.5)), "\u{2212}2.5");
    for (_, loc) in Locale::all() {
        assert!(!loc.money(dec!(-1000000), c("CHF")).contains(['-', ' ']), "{loc:?}");
    }
    assert_eq!(l("en-US").money(dec!(-0), c("USD")), "$0.00", "zero has no sign");
}

#[test]
fn formats_dates_per_locale() {
    let d = chrono::NaiveDate::from_ymd_opt(2026, 1, 2).unwrap();
    let cases = [
        ("en-US", "January\u{a0}2,\u{a0}2026"),
        ("en-GB", "2\u{a0}January\u{a0}2026"),
        ("en-CA", "January\u{a0}2,\u{a0}2026"),
        ("de-DE", "2.\u{a0}Januar\u{a0}2026"),
        ("de-AT", "2.\u{a0}Jänner\u{a0}2026"),
        ("fr-CA", "2\u{a0}janvier\u{a0}2026"),
        ("ja-JP", "2026年1月2日"),
    ];
    for (tag, want) in cases {
        assert_eq!(l(tag).date(d), want, "{tag}");
    }
    assert!(Locale::all().iter().all(|(_, loc)| !loc.date(d).contains(' ')), "no breakable space");
}

/// Issue 15: "le 1 juillet 2026"; French writes the first of a month as the ordinal, its
/// ending raised (review 18: « 1ᵉʳ », not « 1er » on the baseline), in every French locale and
/// in a French proposal for a client elsewhere, never in another language's dates.
#[test]
fn french_writes_the_first_of_a_month_as_the_raised_ordinal() {
    let first = chrono::NaiveDate::from_ymd_opt(2026, 7, 1).unwrap();
    let second = chrono::NaiveDate::from_ymd_opt(2026, 7, 2).unwrap();
    for tag in ["fr-FR", "fr-CA", "fr-CH"] {
        assert_eq!(l(tag).date(first), "1ᵉʳ\u{a0}juillet\u{a0}2026", "{tag}");
        assert_eq!(l(tag).date(second), "2\u{a0}juillet\u{a0}2026", "{tag}");
    }
    let fr = Language::all().iter().find(|(c, _)| *c == "fr").unwrap().1;
    let en = Language::all().iter().find(|(c, _)| *c == "en").unwrap().1;
    assert_eq!(l("en-GB").in_language(fr).date(first), "1ᵉʳ\u{a0}juillet\u{a0}2026");
    assert_eq!(l("fr-FR").in_language(en).date(first), "1\u{a0}July\u{a0}2026");
    assert_eq!(l("de-DE").date(first), "1.\u{a0}Juli\u{a0}2026");
}

#[test]
fn formats_percentages_and_short_months() {
    let p = Percent(dec!(15.50));
    assert_eq!(l("en-GB").percent(p), "15.5%");
    assert_eq!(l("de-DE").percent(p), "15,5\u{a0}%");
    assert_eq!(l("de-CH").percent(p), "15.5%");
    assert_eq!(l("fr-FR").percent(p), "15,5\u{202f}%", "French: a narrow no-break space");
    assert_eq!(l("fr-CH").percent(p), "15,5\u{202f}%");
    assert_eq!(l("fr-CA").percent(p), "15,5\u{a0}%");
    assert_eq!(l("de-DE").short_month(2), "März");
    assert_eq!(l("fr-FR").short_month(7), "août");
    assert!(l("en-AU").british_spelling() && !l("en-CA").british_spelling());
    let d = chrono::NaiveDate::from_ymd_opt(2026, 3, 16).unwrap();
    assert_eq!(l("en-US").short_date(d), "Mar\u{a0}16");
    assert_eq!(l("en-GB").short_date(d), "16\u{a0}Mar");
    assert_eq!(l("de-DE").short_date(d), "16.\u{a0}März");
    assert_eq!(l("ja-JP").short_date(d), "3月16日");
    assert_eq!((l("en-GB").quarter(3), l("fr-FR").quarter(3)), ("Q3".to_string(), "T3".to_string()));
}

#[test]
fn each_pack_declares_its_plural_rule() {
    let rule = |code: &str| Language::all().iter().find(|(c, _)| *c == code).unwrap().1.plural_rule();
    let rules = ["en", "de", "fr", "ja"].map(rule);
    assert_eq!(rules, [PluralRule::OneOther, PluralRule::OneOther, PluralRule::French, PluralRule::Other]);
}

/// Issue 15: a French proposal for an en-GB client wrote "7.5%" and "kr 2,477,619.90" in
/// French sentences. A proposal in another language than its client's locale writes numbers,
/// amounts, percentages and dates as the language's locale for the client's region does
/// (fr-CH for de-CH), else as its first locale (de-DE, fr-FR, ja-JP, en-US; English's
/// dates its own `[language] date`); the currency and the tag stay the client's.
#[test]
fn a_locale_in_another_language_writes_as_the_language_does() {
    let d = chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
    let lang = |code: &str| Language::all().iter().find(|(c, _)| *c == code).unwrap().1;
    let p = Percent(dec!(7.5));
    let cases = [
        ("de-DE", "en", "2\u{a0}March\u{a0}2026", "2\u{a0}Mar", "€1,234.50", "7.5%", "en-US"),
        ("fr-FR", "en", "2\u{a0}March\u{a0}2026", "2\u{a0}Mar", "€1,234.50", "7.5%", "en-US"),
        ("de-CH", "en", "2\u{a0}March\u{a0}2026", "2\u{a0}Mar", "CHF\u{a0}1’234.50", "7.5%", "en-CH"),
        ("de-CH", "fr", "2\u{a0}mars\u{a0}2026", "2\u{a0}mars", "1\u{202f}234,50\u{a0}CHF", "7,5\u{202f}%", "fr-CH"),
        ("en-GB", "fr", "2\u{a0}mars\u{a0}2026", "2\u{a0}mars", "1\u{202f}234,50\u{a0}€", "7,5\u{202f}%", "fr-FR"),
        ("en-US", "de", "2.\u{a0}März\u{a0}2026", "2.\u{a0}März", "1.234,50\u{a0}$", "7,5\u{a0}%", "de-DE"),
        ("en-GB", "ja", "2026年3月2日", "3月2日", "€1,234.50", "7.5%", "ja-JP"),
        ("ja-JP", "en", "2\u{a0}March\u{a0}2026", "2\u{a0}Mar", "€1,234.50", "7.5%", "en-US"),
        ("de-DE", "de", "2.\u{a0}März\u{a0}2026", "2.\u{a0}März", "1.234,50\u{a0}€", "7,5\u{a0}%", "de-DE"),
        ("en-GB", "en", "2\u{a0}March\u{a0}2026", "2\u{a0}Mar", "€1,234.50", "7.5%", "en-GB"),
    ];
    for (tag, code, date, short, money, percent, written) in cases {
        let loc = l(tag).in_language(lang(code));
        assert_eq!(loc.tag(), tag, "the client's tag stays");
        assert_eq!(loc.written(), written, "{tag} in {code}");
        assert_eq!((loc.date(d).as_str(), loc.short_date(d).as_str()), (date, short), "{tag} in {code}");
        let cur = match tag {
            "de-CH" => c("CHF"),
            "en-US" => c("USD"),
            _ => c("EUR"),
        };
        assert_eq!(loc.money(dec!(1234.5), cur), money, "{tag} in {code}");
        assert_eq!(loc.percent(p), percent, "{tag} in {code}");
        assert_eq!(loc.in_language(lang(code)), loc, "idempotent");
    }
    let sek = l("en-GB").in_language(lang("fr")).money(dec!(2477619.90), c("SEK"));
    // The intake's currency, in French: its ISO code, since "kr" is read only at home.
    assert_eq!(sek, "2\u{202f}477\u{202f}619,90\u{a0}SEK", "the intake's currency, in French");
    assert_eq!(l("de-CH").in_language(lang("en")).date(d), l("en-CH").date(d), "en-CH exists: its dates");
    assert_eq!(l("de-AT").in_language(lang("de")), l("de-AT"));
}

#[test]
fn a_name_mid_sentence_drops_its_capital_only_where_the_language_does() {
    let lang = |code: &str| Language::all().iter().find(|(c, _)| *c == code).unwrap().1;
    assert_eq!(lang("en").mid_sentence("Advisory retainer"), "advisory retainer");
    assert_eq!(lang("fr").mid_sentence("Forfait de conseil"), "forfait de conseil");
    assert_eq!(lang("en").mid_sentence("AWS migration"), "AWS migration", "an acronym keeps its capitals");
    assert_eq!(lang("en").mid_sentence("24/7 managed operations"), "24/7 managed operations");
    assert_eq!(lang("de").mid_sentence("Beratungsmandat"), "Beratungsmandat", "German nouns keep theirs");
    assert_eq!(lang("ja").mid_sentence("顧問契約"), "顧問契約");
}

/// Issue 15, review of litware: "Critère de recette : Votre responsable…" — French writes a
/// sentence after a label's colon in lower case; English and German keep the capital.
#[test]
fn a_text_after_a_colon_is_lowered_only_in_french() {
    assert_eq!(l("fr-FR").after_colon("Votre responsable valide"), "votre responsable valide");
    assert_eq!(l("fr-CA").after_colon("Évaluation des risques"), "évaluation des risques");
    assert_eq!(l("fr-FR").after_colon("AWS et Azure"), "AWS et Azure", "an acronym keeps its capitals");
    assert_eq!(l("fr-FR").after_colon("24/7"), "24/7");
    assert_eq!(l("en-US").after_colon("Your sponsor signs"), "Your sponsor signs");
    assert_eq!(l("de-DE").after_colon("Ihre Ansprechperson"), "Ihre Ansprechperson");
    assert_eq!(l("ja-JP").after_colon("監査"), "監査");
}

#[test]
fn whole_money_drops_minor_units_only_when_there_are_none() {
    assert_eq!(l("en-US").whole_money(dec!(42000.00), c("USD")), "$42,000");
    assert_eq!(l("de-DE").whole_money(dec!(60000), c("EUR")), "60.000\u{a0}€");
    assert_eq!(l("en-GB").whole_money(dec!(2070.769), c("KWD")), "KD\u{a0}2,070.769");
    assert_eq!(l("en-US").whole_money(dec!(42000.5), c("USD")), "$42,000.50");
    assert_eq!(l("ja-JP").whole_money(dec!(23000000), c("JPY")), "¥23,000,000");
    assert_eq!(l("en-US").whole_money(dec!(-5), c("USD")), "\u{2212}$5");
}

/// Issue 15: "We offer 3 options"; a small count in a sentence is a word where the language
/// has one (two to twelve), a figure otherwise, and always in Japanese.
#[test]
fn small_counts_are_words_where_the_language_has_them() {
    let counts = |tag: &str| [1, 2, 3, 12, 13, 1200].map(|n| l(tag).count(n));
    assert_eq!(counts("en-GB"), ["1", "two", "three", "twelve", "13", "1,200"]);
    assert_eq!(counts("de-DE"), ["1", "zwei", "drei", "zwölf", "13", "1.200"]);
    assert_eq!(counts("fr-CA"), ["1", "deux", "trois", "douze", "13", "1\u{a0}200"]);
    assert_eq!(counts("ja-JP"), ["1", "2", "3", "12", "13", "1,200"]);
    let fr = Language::all().iter().find(|(c, _)| *c == "fr").unwrap().1;
    assert_eq!(l("en-GB").in_language(fr).count(3), "trois", "the proposal's language's words");
}

/// Issue 15, review of nordlys: "kr 2,477,619.90" in an English proposal in SEK. A symbol read
/// only at home ("kr", "zł") gives way to the ISO code in every other language, placed as the
/// locale places a symbol; "$", "€" and a locale's own symbols are kept.
#[test]
fn a_symbol_read_only_at_home_is_the_iso_code_elsewhere() {
    let sek = Currency::from_code("SEK").unwrap();
    let amount = Decimal::new(247761990, 2);
    assert_eq!(l("en-GB").money(amount, sek), "SEK\u{a0}2,477,619.90");
    assert_eq!(l("en-US").money(amount, Currency::from_code("DKK").unwrap()), "DKK\u{a0}2,477,619.90");
    assert_eq!(l("de-DE").money(amount, Currency::from_code("NOK").unwrap()), "2.477.619,90\u{a0}NOK");
    assert_eq!(l("fr-FR").money(amount, Currency::from_code("PLN").unwrap()), "2\u{202f}477\u{202f}619,90\u{a0}PLN");
    assert_eq!(l("ja-JP").symbol(sek), "SEK");
    assert_eq!(l("en-US").symbol(Currency::from_code("EUR").unwrap()), "€");
    assert_eq!(l("en-CA").symbol(Currency::from_code("CAD").unwrap()), "$");
}
