//! Issue 20: `propose quote`'s text output and its `--explain` in the proposal's language,
//! every word from the `[quote]` table of the language pack, columns measured in display
//! width.

use crate::common::*;
use propose::diag::Source;
use std::collections::BTreeSet;
use unicode_width::UnicodeWidthStr;

/// The text quote of an example, in `language` unless it is empty (the example's own).
fn quote(name: &str, language: &str, explain: bool) -> String {
    let mut cmd = propose();
    cmd.arg("quote").arg(example(name));
    if !language.is_empty() {
        cmd.args(["--set", &format!("proposal.language={language}")]);
    }
    if explain {
        cmd.arg("--explain");
    }
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "{name}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// Every word (three letters or more, lower case) of the English `[quote]` table, its
/// placeholders aside.
fn english_words() -> BTreeSet<String> {
    let texts: toml::Table = std::fs::read_to_string(root().join("catalog/texts.toml")).unwrap().parse().unwrap();
    let mut out = BTreeSet::new();
    let mut add = |s: &str| {
        let mut rest = s.to_string();
        while let Some(open) = rest.find('{') {
            let close = rest[open..].find('}').map_or(rest.len(), |c| open + c + 1);
            rest.replace_range(open..close, " ");
        }
        out.extend(words(&rest));
    };
    for value in texts["quote"].as_table().unwrap().values() {
        match value {
            toml::Value::String(s) => add(s),
            toml::Value::Array(a) => a.iter().filter_map(toml::Value::as_str).for_each(&mut add),
            other => panic!("a [quote] value that is no text: {other:?}"),
        }
    }
    out
}

fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    // Whole words only: "unité" is not "unit".
    text.split(|c: char| !c.is_alphabetic()).filter(|w| w.len() >= 3 && w.is_ascii()).map(str::to_lowercase)
}

/// The quote's words, less the intake's own (names, titles), the ids it quotes in
/// backticks (a tax rule) and the tax wording, a catalog text that cites statutes by name.
fn own_words(quote: &str, intake: &str, language: &str) -> BTreeSet<String> {
    let source = std::fs::read_to_string(example(intake)).unwrap();
    let mut text: String = source.lines().filter(|l| !l.starts_with("language = ")).map(|l| format!("{l}\n")).collect();
    text = text.replacen("[proposal]\n", &format!("[proposal]\nlanguage = \"{language}\"\n"), 1);
    let p = propose::build(&Source::new(intake, text), catalog()).unwrap();
    let mut text = quote.to_string();
    for wording in [&p.tax.wording, &p.tax.import_note].into_iter().flatten() {
        text = text.replace(wording.as_str(), " ");
    }
    let text: String = text.split('`').step_by(2).collect::<Vec<_>>().join(" ");
    let intake: BTreeSet<String> = words(&source).collect();
    words(&text).filter(|w| !intake.contains(w)).collect()
}

/// German, French and Japanese quotes, with and without `--explain`: no word of the English
/// `[quote]` table (French writes a few alike).
#[test]
fn the_quote_and_its_explanation_speak_the_proposals_language() {
    let english = english_words();
    for word in ["totals", "calendar", "timeline", "margins", "schedule", "rounded", "size", "premium", "saturday"] {
        assert!(english.contains(word), "the list covers the quote's words and the arithmetic's: {word}");
    }
    // French words spelt as English ones: "est" (is, and English's "est."), "week-end".
    let cognates: &[(&str, &[&str])] = &[
        ("de", &[]),
        ("fr", &["options", "total", "est", "transition", "week", "client", "documents", "phase"]),
        ("ja", &[]),
    ];
    for (intake, language) in [
        ("contoso-pentest.toml", ""),
        ("litware-combined.toml", ""),
        ("northwind-migration.toml", "ja"),
        ("acme-managed.toml", "de"),
        ("fabrikam-advisory.toml", "fr"),
        ("tailspin-options.toml", "ja"),
    ] {
        for explain in [false, true] {
            let text = quote(intake, language, explain);
            let code = if language.is_empty() { &text_language(intake) } else { language };
            let alike = cognates.iter().find(|(c, _)| *c == code).map_or(&[][..], |(_, w)| *w);
            let left: Vec<String> = own_words(&text, intake, code)
                .into_iter()
                .filter(|w| english.contains(w) && !alike.contains(&w.as_str()))
                .collect();
            assert!(left.is_empty(), "{intake} in {code} (explain: {explain}): {left:?} in English\n{text}");
        }
    }
    // The same quote in English does use them, so the check above can fail.
    let en = own_words(&quote("contoso-pentest.toml", "en", true), "contoso-pentest.toml", "en");
    assert!(en.iter().filter(|w| english.contains(*w)).count() > 20, "{en:?}");
}

/// The language an example names.
fn text_language(intake: &str) -> String {
    let text = std::fs::read_to_string(example(intake)).unwrap();
    let line = text.lines().find(|l| l.starts_with("language = ")).unwrap();
    line.trim_start_matches("language = ").trim_matches('"').to_string()
}

/// The proposal an example makes in `language`.
fn built(intake: &str, language: &str) -> propose::proposal::Proposal {
    let source = std::fs::read_to_string(example(intake)).unwrap();
    let source: String = source.lines().filter(|l| !l.starts_with("language = ")).map(|l| format!("{l}\n")).collect();
    let source = source.replacen("[proposal]\n", &format!("[proposal]\nlanguage = \"{language}\"\n"), 1);
    propose::build(&Source::new(intake, source), catalog()).unwrap()
}

/// The display column at which `part` starts in `line`.
fn column(line: &str, part: &str) -> usize {
    line[..line.find(part).unwrap_or_else(|| panic!("{part:?} in {line:?}"))].width()
}

/// Each block's columns are as wide as its widest cell in display width (a Japanese
/// character is two columns wide): every amount of the engagements and the totals ends in
/// one column, "/month" after it; the phases' dates start in one column; the payments'
/// labels start in one column and their amounts end in one.
#[test]
fn columns_are_aligned_by_display_width() {
    for (intake, language) in [
        ("northwind-migration.toml", "ja"),
        ("northwind-migration.toml", "de"),
        ("northwind-migration.toml", "en"),
        ("gulf-modernization.toml", "en"),
        ("tailspin-options.toml", "fr"),
    ] {
        let text = quote(intake, language, false);
        let p = built(intake, language);
        let words = words_in(language);
        let per_month = words.per_month.split_once("{amount}").unwrap().1;
        let (money, rest) = text.split_once(&format!("\n{}\n", fill_tax_line(&p, &words))).unwrap();
        // The amounts: rows of the engagements and the totals, less the options' block.
        let mut ends = BTreeSet::new();
        let mut rows = 0;
        let (mut in_options, mut previous) = (false, "");
        for line in money.lines() {
            in_options = (in_options || line == words.options) && !line.is_empty();
            let amount = line.strip_suffix(per_month).unwrap_or(line);
            // A figure ends with its last digit, or with its currency's symbol where the
            // language writes it after the amount ("15.180,00 $" in German).
            let symbol = p.proposal.locale.symbol(p.proposal.currency);
            let digits = amount.strip_suffix(symbol).map_or(amount, |a| a.trim_end_matches('\u{a0}'));
            let figure = digits.ends_with(|c: char| c.is_ascii_digit());
            // An engagement's heading and the line of its details under it.
            let detail = previous.starts_with(|c: char| c.is_ascii_digit());
            previous = line;
            if in_options || detail || !line.starts_with("   ") || line.starts_with("    ") || !figure {
                continue;
            }
            let range = line.starts_with(&format!("   {}", words.estimated_range));
            if !range {
                ends.insert(amount.width());
                rows += 1;
            }
        }
        assert!(rows >= 8, "{intake} in {language}:\n{text}");
        assert_eq!(ends.len(), 1, "{intake} in {language}: amounts end at {ends:?}\n{text}");
        let starts: BTreeSet<usize> = p
            .offer
            .phases
            .iter()
            .map(|ph| {
                let date = p.proposal.locale.date(ph.start);
                let line = rest.lines().find(|l| l.contains(&format!("{}. {}  ", ph.engagement + 1, ph.name))).unwrap();
                column(line, &date)
            })
            .collect();
        assert_eq!(starts.len(), 1, "{intake} in {language}: phases' dates start at {starts:?}\n{text}");
        let heading = words.payments.split('{').next().unwrap();
        let schedule = rest.split_once(heading).unwrap().1;
        let (mut labels, mut amounts) = (BTreeSet::new(), BTreeSet::new());
        for line in schedule.lines().skip(1).take(p.offer.payment_schedule.len()) {
            let body = &line[3..];
            let gap = body.find("  ").unwrap_or_else(|| panic!("{line:?}"));
            let label = gap + body[gap..].find(|c| c != ' ').unwrap();
            labels.insert(line[..3 + label].width());
            amounts.insert(line.width());
        }
        assert_eq!((labels.len(), amounts.len()), (1, 1), "{intake} in {language}: {labels:?} {amounts:?}\n{text}");
    }
}

/// The quote's tax line, which ends the block of amounts.
fn fill_tax_line(p: &propose::proposal::Proposal, words: &propose::catalog::QuoteLabels) -> String {
    match p.tax.lines.is_empty() {
        true => words.tax_none.clone(),
        false => propose::catalog::fill(
            &words.tax,
            &[("tax", &p.proposal.tax_label), ("percent", &p.proposal.locale.percent(p.proposal.tax))],
        ),
    }
}

/// Snapshots of a German, a French and a Japanese quote with its arithmetic.
#[test]
fn snapshot() {
    for (name, intake, language) in [
        ("quote-de", "contoso-pentest.toml", ""),
        ("quote-fr", "litware-combined.toml", ""),
        ("quote-ja", "northwind-migration.toml", "ja"),
    ] {
        insta::with_settings!({ omit_expression => true, description => format!("propose quote --explain {intake} {language}") }, {
            insta::assert_snapshot!(name, quote(intake, language, true));
        });
    }
}

/// The quote's words in a language, from its pack.
fn words_in(code: &str) -> propose::catalog::QuoteLabels {
    let language = propose::locale::Language::all().iter().find(|(c, _)| *c == code).unwrap().1;
    catalog().in_language(language).unwrap().texts.quote.clone()
}

/// Northwind's client pays no tax and its rule (`domestic`) has no label: the tax line says
/// so in words of the language, without the rule's id or an empty label's double space;
/// `--explain` names the rule.
#[test]
fn a_tax_line_without_tax_says_none_is_charged_in_the_quotes_language() {
    for code in ["en", "de", "fr", "ja"] {
        let words = words_in(code);
        let text = quote("northwind-migration.toml", code, false);
        let line =
            text.lines().find(|l| l.starts_with(words.tax_none.as_str())).unwrap_or_else(|| panic!("{code}:\n{text}"));
        assert_eq!(line, words.tax_none, "{code}");
        assert!(!text.contains("domestic") && !text.contains("`"), "{code}: the rule's id\n{text}");
        assert!(!text.lines().any(|l| l.trim_start().contains("  ") && !l.starts_with("   ")), "{code}:\n{text}");
        let explained = quote("northwind-migration.toml", code, true);
        let rule = propose::catalog::fill(&words.tax_rule, &[("rule", "domestic")]);
        assert!(explained.contains(&format!("\n   {rule}\n")), "{code}: {rule}\n{explained}");
    }
    // Where tax is charged, the line names it and its rate.
    let text = quote("adventure-works-extended.toml", "en", false);
    assert!(text.contains("\nTax: GST + QST 14.975%\n"), "{text}");
}

/// Whether `text` holds a date written the ISO way (2026-03-02).
fn iso_date(text: &str) -> Option<&str> {
    let iso =
        |w: &[u8]| w.iter().enumerate().all(|(k, c)| if k == 4 || k == 7 { *c == b'-' } else { c.is_ascii_digit() });
    // An ASCII match starts and ends on character boundaries.
    text.as_bytes().windows(10).position(iso).map(|i| &text[i..i + 10])
}

/// Every date of a German, French or Japanese quote (and an English one) is written as the
/// proposal's locale writes it, as in its PDF: the exchange rate's, the engagements', the
/// timeline's, the phases' and the payments'.
#[test]
fn the_quotes_dates_are_written_as_its_locale_writes_them() {
    for (intake, code) in [
        ("contoso-pentest.toml", "de"),
        ("litware-combined.toml", "fr"),
        ("northwind-migration.toml", "ja"),
        ("woodgrove-appdev.toml", "en"),
    ] {
        let text = quote(intake, code, true);
        assert_eq!(iso_date(&text), None, "{intake} in {code}:\n{text}");
        let source = std::fs::read_to_string(example(intake)).unwrap();
        let source: String =
            source.lines().filter(|l| !l.starts_with("language = ")).map(|l| format!("{l}\n")).collect();
        let source = source.replacen("[proposal]\n", &format!("[proposal]\nlanguage = \"{code}\"\n"), 1);
        let p = propose::build(&Source::new(intake, source), catalog()).unwrap();
        let loc = p.proposal.locale;
        let rate = p.exchange_rate.as_ref().and_then(|x| x.date);
        let timeline = [p.offer.timeline.start, p.offer.timeline.end];
        let dates = rate.into_iter().chain(timeline).chain(p.offer.payment_schedule.iter().map(|x| x.due));
        for d in dates {
            assert!(text.contains(&loc.date(d)), "{intake} in {code}: {}\n{text}", loc.date(d));
        }
    }
    assert_eq!(iso_date("CD-2026-014 on 2026-03-02"), Some("2026-03-02"), "the check can fail");
}

/// A time-and-materials invoice's label says it is an estimate (`[payments]
/// estimate_month`): its line in the payment schedule says so once, in every language.
#[test]
fn an_estimated_payment_is_marked_once() {
    for (code, word) in [("en", "estimated"), ("de", "geschätzt"), ("fr", "estimé"), ("ja", "見積")] {
        let text = quote("kansai-platform.toml", code, false);
        let heading = words_in(code).payments.split('{').next().unwrap().to_string();
        let schedule = text.split_once(heading.as_str()).unwrap_or_else(|| panic!("{code}: {heading}\n{text}")).1;
        let marked: Vec<&str> = schedule.lines().filter(|l| l.contains(word)).collect();
        assert_eq!(marked.len(), 4, "{code}: kansai's four estimated months\n{text}");
        for line in marked {
            assert_eq!(line.matches(word).count(), 1, "{code}: {line}");
            assert!(!line.contains("(est") && !line.contains("（見積）"), "{code}: {line}");
        }
    }
}

/// Amounts taken off (a discount, a withholding) start with the minus sign U+2212, as in the
/// documents, never a hyphen.
#[test]
fn amounts_taken_off_start_with_a_minus_sign() {
    let text = quote("gulf-modernization.toml", "", false);
    let words = words_in("en");
    for label in [words.one_time_discount.as_str(), "Kuwaiti tax retention 5%"] {
        let line =
            text.lines().find(|l| l.trim_start().starts_with(label)).unwrap_or_else(|| panic!("{label}\n{text}"));
        assert!(line.contains("\u{2212}KD\u{a0}") || line.contains("\u{2212}KD "), "{line}");
        assert!(!line.contains("-KD"), "{line}");
    }
}

/// With several engagements, each payment is numbered by its engagement, as the timeline's
/// phases are: litware's advisory and managed months are told apart.
#[test]
fn payments_of_several_engagements_name_their_engagement() {
    let text = quote("litware-combined.toml", "", false);
    let heading = words_in("fr").payments.split('{').next().unwrap().to_string();
    let schedule = text.split_once(heading.as_str()).unwrap().1;
    for (n, label) in [(1, "Acompte"), (2, "Mois 1 sur 12"), (3, "Mois 1 sur 12"), (3, "Frais ponctuels")] {
        assert!(schedule.contains(&format!("  {n}. {label}")), "{n}. {label}\n{schedule}");
    }
    let single = quote("woodgrove-appdev.toml", "", false);
    assert!(single.contains("  Deposit  ") && !single.contains("1. Deposit"), "{single}");
}

/// A deposit is due on signature, as the proposal's payment plan says: the quote lists it
/// first and undated, in the documents' words, in every language.
#[test]
fn the_quotes_deposit_is_due_on_signature() {
    for (code, on_signature) in
        [("en", "On signature"), ("de", "Bei Unterzeichnung"), ("fr", "À la signature"), ("ja", "契約締結時")]
    {
        let text = quote("woodgrove-appdev.toml", code, false);
        let heading = words_in(code).payments.split('{').next().unwrap().to_string();
        let first = text.split_once(heading.as_str()).unwrap().1.lines().nth(1).unwrap();
        assert!(first.starts_with(&format!("   {on_signature}  ")), "{code}: {first}");
        assert_eq!(iso_date(&text), None, "{code}");
    }
}

/// The totals list only the kinds of fee the proposal charges: a retainer has no one-time
/// line, a project no monthly one; the contract value is always there.
#[test]
fn the_totals_list_no_kind_of_fee_that_is_not_charged() {
    for (intake, code, absent, present) in [
        ("fabrikam-advisory.toml", "en", words_in("en").one_time, words_in("en").monthly),
        ("contoso-pentest.toml", "de", words_in("de").monthly, words_in("de").one_time),
    ] {
        let text = quote(intake, code, false);
        let totals = text.split_once(&format!("\n{}\n", words_in(code).totals)).unwrap().1;
        let rows: Vec<&str> = totals.lines().take_while(|l| !l.is_empty()).collect();
        assert!(!rows.iter().any(|r| r.trim_start().starts_with(&format!("{absent}  "))), "{intake}: {rows:?}");
        assert!(rows.iter().any(|r| r.trim_start().starts_with(&format!("{present}  "))), "{intake}: {rows:?}");
        assert!(rows.iter().any(|r| r.trim_start().starts_with(words_in(code).contract_value.as_str())), "{rows:?}");
    }
}

/// Tiers 8: `--explain` wrote "24 server" and "3 database": each item's unit follows its
/// count by the language's plural rule (the catalog's `unit` and `units`).
#[test]
fn explain_writes_each_unit_as_its_count_needs() {
    // Adventure Works: 24 servers, 3 databases, 1 Kubernetes cluster.
    for (language, many, one) in [
        ("en", ["24 servers ×", "3 databases ×"], "1 cluster ×"),
        ("de", ["24 Server ×", "3 Datenbanken ×"], "1 Cluster ×"),
        ("fr", ["24 serveurs ×", "3 bases de données ×"], "1 cluster ×"),
    ] {
        let text = quote("adventure-works-extended.toml", language, true).replace('\u{a0}', " ");
        for words in many.iter().chain([&one]) {
            assert!(text.contains(words), "{language}: no `{words}` in\n{text}");
        }
    }
}

/// Issue 15: every percentage in every output as the locale writes it. `--explain`'s risk
/// premium and package discount wrote the catalog's decimal beside a `%` of the pack's own
/// ("provision pour risques 15 %" with a no-break space where French takes U+202F; "12.5 %"
/// had the rate been a fraction); they are the locale's percentage now, as the margins are.
#[test]
fn explained_rates_are_the_locales_percentages() {
    let fr = quote("litware-combined.toml", "", true);
    assert!(fr.contains("(provision pour risques 15\u{202f}%)"), "{fr}");
    let de = quote("litware-combined.toml", "de", true);
    assert!(de.contains("(Risikozuschlag 15\u{a0}%)"), "German's percentage for a fr-FR client: {de}");
    let en = quote("nordlys-legacy.toml", "", true);
    assert!(en.contains("(Strategic package discount 10%)"), "{en}");
    let fr = quote("nordlys-legacy.toml", "fr", true);
    assert!(
        fr.contains("(remise du forfait Stratégique 10\u{202f}%)"),
        "French's percentage for an en-GB client: {fr}"
    );
}
