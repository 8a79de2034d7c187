//! Issue 20: the templates' own words from the language packs (`{{t "scope.why"}}`): every
//! section's headings, table labels and sentences in the proposal's language, arguments written as the template would
//! write them, located errors for a string, placeholder or count that does not fit, and
//! every pack with exactly the English strings.

use crate::common::*;

use propose::catalog::Catalog;
use propose::diag::{Error, Source};
use propose::proposal::Proposal;
use propose::render::markdown::Markdown;
use propose::render::Edition;
use std::collections::BTreeSet;

/// `text`, an intake, without the language it names (contoso names German).
fn without_language(text: &str) -> String {
    text.lines().filter(|l| !l.starts_with("language = ")).map(|l| format!("{l}\n")).collect()
}

/// The pentest example in English, with `extra` lines added at the top of its `[proposal]`.
fn pentest(extra: &str) -> Proposal {
    let text = without_language(&std::fs::read_to_string(example("contoso-pentest.toml")).unwrap());
    // Without a language of its own, the pentest is written in English (its locale, de-DE,
    // would choose German).
    let extra = if extra.contains("language = ") { extra.to_string() } else { format!("language = \"en\"\n{extra}") };
    let text = text.replacen("[proposal]\n", &format!("[proposal]\n{extra}\n"), 1);
    let catalog = Catalog::embedded().unwrap();
    propose::build(&Source::new("pentest.toml", text), &catalog).unwrap_or_else(|e| panic!("{}", e.render(false)))
}

fn with_template(name: &str, text: &str, p: &Proposal) -> Result<String, Error> {
    Markdown::from_texts(&[(name, text)])?.render(p)
}

#[test]
fn a_german_proposal_writes_the_converted_sections_in_german() {
    let p = pentest("language = \"de\"");
    let md = Markdown::new(None).unwrap().render(&p).unwrap();
    for want in [
        "- **Erstellt für:** Contoso Versicherung AG",
        "- **Angebot:** CD-2026-021 vom 13.\u{a0}April\u{a0}2026, gültig bis zum 30.\u{a0}April\u{a0}2026",
        "## 1 Zusammenfassung\n",
        "| Leistung | Beginn | Ende | Preis |",
        "| **Gesamtauftragswert, geschätzt** |",
        "| Ihr Ziel | So erreichen wir es | Bis |",
        "## 2 Leistungsumfang\n",
        "**Warum dieser Ansatz:**",
        ", 4 Arbeitstage*.",
        "**Sie erhalten:**",
        "**Abnahmekriterium:**",
        "Annahmen und Ausschlüsse\n",
        "Diesem Angebot liegen folgende Annahmen zugrunde:",
    ] {
        assert!(md.contains(want), "missing {want:?} in\n{md}");
    }
    for want in [
        "## 3 Zeitplan\n",
        "Jede Phase endet mit einem Meilenstein, sobald ihr Abnahmekriterium erfüllt ist.",
        "## 4 Preise\n",
        "Abrechnung nach Aufwand: Wir erwarten einen Gesamtbetrag zwischen 42.000\u{a0}€ und 60.000\u{a0}€.",
        "| Geschätzter Aufwand je Phase | Betrag |",
        "| **Gesamtauftragswert, geschätzt** | **47.494,08\u{a0}€** |",
        "### 4.1 Zahlungsplan\n",
        "| Rechnungsdatum | Zahlung | Betrag |",
        "## 7 Vertragsbedingungen\n",
        "- **Gültigkeit.** ",
        "## 8 Auftragserteilung\n",
        "| Unterzeichnet für | Contoso Versicherung AG | CatDev |",
        "| Unterschrift | | |",
    ] {
        assert!(md.contains(want), "missing {want:?} in\n{md}");
    }
    // The template's own words, wherever the catalog's texts are translated (the catalog's
    // terms and tax wording are translated apart, in the catalog's packs).
    let section = |from: &str, to: &str| md[md.find(from).unwrap()..md.find(to).unwrap()].to_string();
    let converted = section("# ", "\n## 7 ") + &md[md.find("\n## 8 ").unwrap()..];
    for english in [
        "Prepared for",
        "Summary",
        "Scope of work",
        "business days",
        "You receive",
        "Accepted when",
        "Assumptions",
        "Timeline",
        "Pricing",
        "Total",
        "Amount",
        "Payment plan",
        "Acceptance",
        "Signature",
        "estimated",
    ] {
        assert!(!converted.contains(english), "{english:?} left in English:\n{converted}");
    }
    let brief = Markdown::for_edition(None, Edition::Brief).unwrap().render(&p).unwrap();
    assert!(
        brief.contains("## 1 Leistungsumfang und Termine\n") && brief.contains("| Phase | Zeitraum | Sie erhalten |")
    );
    assert!(brief.contains("## 2 Preis\n") && brief.contains("Alle Preise verstehen sich in EUR"), "{brief}");
}

/// Every key the shipped templates name (the Markdown templates, the HTML page's shell, its
/// chart's title, its acceptance summary's labels, the list words of the response times,
/// a tax's name in the sentence on several taxes' amounts and the client's contact as it is
/// addressed) is in the English pack, and every
/// English string is used by some template: the packs hold no dead strings.
#[test]
fn the_templates_use_exactly_the_english_strings() {
    let mut used = BTreeSet::from([propose::render::html::CHART_TITLE.to_string()]);
    used.extend(propose::acceptance::STRINGS.iter().map(|k| k.to_string()));
    used.extend(propose::proposal::LIST_STRINGS.iter().map(|k| k.to_string()));
    used.insert(propose::proposal::TAX_OF.to_string());
    used.extend(propose::proposal::ADDRESSEE.iter().map(|(k, _)| k.to_string()));
    let shell = [("proposal.html.hbs", propose::embedded::html_template())];
    for (file, text) in propose::embedded::template_files().iter().chain(&shell) {
        // A call is `{{t "key" ...}}` or, as a subexpression, `(t "key" ...)`.
        for part in text.split("{{t \"").skip(1).chain(text.split("(t \"").skip(1)) {
            let key = part.split('"').next().unwrap();
            assert!(key.contains('.'), "{file}: {key}");
            used.insert(key.to_string());
        }
    }
    let english: BTreeSet<String> = catalog().strings.keys().map(str::to_string).collect();
    assert_eq!(used, english);
}

#[test]
fn arguments_are_written_as_the_template_would_write_them() {
    let t = "{{t \"summary.from\" start=client.name}}|{{t \"summary.from\" start=totals.contract_value_text}}|\
             {{t \"summary.from\" start=totals.contract_value}}|{{t \"scope.term_months\" n=1 start=\"x\"}}|\
             {{t \"scope.term_months\" n=1200 start=\"x\"}}|{{t \"summary.from\" start=(t \"summary.from\" start=client.name)}}|\
             {{t \"summary.from\" start=\"*x*\"}}\n";
    let text = without_language(&std::fs::read_to_string(example("contoso-pentest.toml")).unwrap());
    let text = text.replacen("name = \"Contoso Versicherung AG\"", "name = \"A|B *Co*\"", 1);
    let text = text.replacen("[proposal]\n", "[proposal]\nlanguage = \"en\"\n", 1);
    let q = propose::build(&Source::new("pentest.toml", text), catalog()).unwrap();
    let md = with_template("terms.md.hbs", t, &q).unwrap();
    assert!(md.contains("from A\\|B \\*Co\\*|"), "intake text escaped as {{{{value}}}} does: {md}");
    assert!(md.contains("|from €47,494.08|from 47494.08|"), "a figure's text raw, other values as they are: {md}");
    assert!(md.contains("|1 month from x|1,200 months from x"), "the count in the locale's digits: {md}");
    // What the template wrote itself (a nested call's Markdown, a literal) is not escaped again.
    assert!(md.contains("|from from A\\|B \\*Co\\*|from *x*\n"), "a nested call escaped once: {md}");
}

#[test]
fn a_string_call_that_does_not_fit_is_a_located_error() {
    let p = pentest("");
    let cases = [
        (
            "{{t \"scope.whyy\"}}",
            "template uses string `scope.whyy`, which the en language pack does not have",
            "did you mean `scope.why`?",
        ),
        (
            "{{t \"summary.from\"}}",
            "string `summary.from` has placeholder `{start}`, which this call does not fill",
            "add `start=VALUE`",
        ),
        ("{{t \"scope.why\" name=client.name}}", "string `scope.why` has no placeholder `{name}`", "remove `name=...`"),
        (
            "{{t \"scope.term_months\" start=start}}",
            "string `scope.term_months` has plural forms, and this call gives no count",
            "n=COUNT",
        ),
        ("{{t \"scope.why\" \"extra\"}}", "helper `t` takes one key, found 2 values", "in quotes"),
        ("{{t \"summary.from\" start=client.nmae}}", "template uses `client.nmae`", "did you mean `name`?"),
    ];
    for (call, message, help) in cases {
        let err = with_template("terms.md.hbs", &format!("text\n\n{call}\n"), &p).expect_err(call);
        assert_eq!(err.exit_code(), 2, "{call}");
        let msg = err.render(false);
        assert!(msg.contains(message) && msg.contains(help), "{call}:\n{msg}");
        assert!(msg.contains("terms.md.hbs:3:1"), "located at the call: {msg}");
    }
}

/// A pack in a catalog folder that lacks a string, has another placeholder, another kind or a
/// wrong plural form is refused, located in the pack; so is a catalog that replaces the
/// English strings without translating them.
#[test]
fn a_pack_that_differs_from_the_english_one_is_an_error() {
    let de = std::fs::read_to_string("catalog/lang/de/templates.toml").unwrap();
    let cases = [
        (de.replace("why = \"Warum dieser Ansatz:\"\n", ""), "no translation of template string `scope.why`"),
        (
            de.replace("ab {start}", "ab {beginn}"),
            "`scope.from` has the placeholders `{beginn}` where the English has `{start}`",
        ),
        (
            de.replace("dates = \"Zeitraum\"", "dates = { one = \"Zeitraum\", other = \"Zeitraum\" }"),
            "`brief.dates` is written otherwise than in English",
        ),
        (de.replace("{ one = \"{n} Monat ab {start}\", ", "{ "), "`scope.term_months` has no plural form `one`"),
        (de.replace("[brief]", "[brief]\nextra = \"x\""), "`brief.extra` is not a template string of the English pack"),
    ];
    for (pack, message) in cases {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("lang/de")).unwrap();
        std::fs::write(dir.path().join("lang/de/templates.toml"), pack).unwrap();
        let out = propose().args(["catalog", "check"]).arg(dir.path()).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{message}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(stderr.contains(message) && stderr.contains("lang/de/templates.toml:"), "{message}:\n{stderr}");
    }

    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("lang/en")).unwrap();
    std::fs::copy("catalog/lang/en/templates.toml", dir.path().join("lang/en/templates.toml")).unwrap();
    let out = propose().args(["catalog", "check"]).arg(dir.path()).output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("add lang/de/templates.toml"), "{stdout}");
}

/// A string a pack from the catalog folder lacks fails the render as bad input (exit 2),
/// never as a bug in the embedded templates.
#[test]
fn a_catalog_without_a_string_the_templates_use_is_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("lang/en")).unwrap();
    let en = std::fs::read_to_string("catalog/lang/en/templates.toml").unwrap();
    std::fs::write(dir.path().join("lang/en/templates.toml"), en.replace("why = \"Why this approach:\"\n", ""))
        .unwrap();
    let out = tempfile::tempdir().unwrap();
    let run = propose()
        .arg("--catalog")
        .arg(dir.path())
        .args(["render", "examples/contoso-pentest.toml", "--set", "proposal.language=en", "--out"])
        .arg(out.path())
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8(run.stderr).unwrap();
    assert!(stderr.contains("template uses string `scope.why`, which the en language pack does not have"), "{stderr}");
    // At the tag's line and column, though the embedded templates come compiled without them.
    let scope = std::fs::read_to_string("proposal-templates/scope.md.hbs").unwrap();
    let (line, text) = scope.lines().enumerate().find(|(_, l)| l.contains("{{t \"scope.why\"}}")).unwrap();
    let at = format!("proposal-templates/scope.md.hbs:{}:{}", line + 1, text.find("{{t").unwrap() + 1);
    assert!(stderr.contains(&at), "{at} in {stderr}");
}

/// Every example renders, in both editions, in every language, with the converted sections'
/// headings in that language: no pack lacks a string a template uses.
#[test]
fn every_example_renders_in_every_language() {
    let full = Markdown::new(None).unwrap();
    let brief = Markdown::for_edition(None, Edition::Brief).unwrap();
    for path in examples() {
        let text = without_language(&std::fs::read_to_string(&path).unwrap());
        for (code, summary, brief_title) in [
            ("en", "Summary", "Scope and dates"),
            ("de", "Zusammenfassung", "Leistungsumfang und Termine"),
            ("fr", "Synthèse", "Périmètre et calendrier"),
            ("ja", "概要", "作業範囲と日程"),
        ] {
            let text = text.replacen("[proposal]\n", &format!("[proposal]\nlanguage = \"{code}\"\n"), 1);
            let p = propose::build(&Source::new(path.display().to_string(), text), catalog())
                .unwrap_or_else(|e| panic!("{} {code}: {}", path.display(), e.render(false)));
            let md = full.render(&p).unwrap_or_else(|e| panic!("{} {code}: {}", path.display(), e.render(false)));
            assert!(md.contains(&format!("## 1 {summary}\n")), "{} {code}", path.display());
            let md = brief.render(&p).unwrap_or_else(|e| panic!("{} {code}: {}", path.display(), e.render(false)));
            assert!(md.contains(&format!("## 1 {brief_title}\n")), "{} {code}", path.display());
        }
    }
}

/// Each English pack string that is a plain label or heading (no placeholder), less the
/// words a language writes as English does.
fn english_labels() -> BTreeSet<String> {
    let pack = &catalog().strings;
    let cognates = ["Phase", "Option", "Name", "Total", "Date", "Signature", "; ", "."];
    pack.keys()
        .filter_map(|k| pack.text(k, None))
        .filter(|s| !s.contains('{') && !cognates.contains(s))
        .map(|s| s.trim_end_matches([':', '.']).to_string())
        .collect()
}

/// The headings (numbers dropped) and table cells (emphasis dropped) of some Markdown.
fn headings_and_cells(md: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in md.lines() {
        if let Some(heading) = line.strip_prefix('#') {
            let text = heading.trim_start_matches('#').trim();
            let text = text.split_once(' ').filter(|(n, _)| n.chars().all(|c| c.is_ascii_digit() || c == '.'));
            out.push(text.map_or(heading.trim_start_matches('#').trim(), |(_, t)| t).to_string());
        } else if line.starts_with('|') {
            out.extend(line.split('|').map(|c| c.trim().trim_matches('*').trim_end_matches([':', '.']).to_string()));
        }
    }
    out
}

/// Every example, in German, French and Japanese, both editions: no heading or table label
/// is an English string of the templates (the catalog's own texts and intake prose aside).
#[test]
fn no_heading_or_table_label_stays_english() {
    let english = english_labels();
    // The list covers the sections converted last, so the test can fail on them.
    for label in ["Pricing", "One-time fees", "Payment plan", "Options", "Acceptance", "Timeline", "Terms"] {
        assert!(english.contains(label), "{label} {english:?}");
    }
    let full = Markdown::new(None).unwrap();
    let brief = Markdown::for_edition(None, Edition::Brief).unwrap();
    for path in examples() {
        let text = without_language(&std::fs::read_to_string(&path).unwrap());
        for code in ["de", "fr", "ja"] {
            let text = text.replacen("[proposal]\n", &format!("[proposal]\nlanguage = \"{code}\"\n"), 1);
            let p = propose::build(&Source::new(path.display().to_string(), text), catalog()).unwrap();
            for md in [full.render(&p).unwrap(), brief.render(&p).unwrap()] {
                let left: Vec<String> = headings_and_cells(&md).into_iter().filter(|c| english.contains(c)).collect();
                assert!(left.is_empty(), "{} {code}: {left:?} in English", path.display());
            }
        }
    }
}

/// The pentest's pricing, payment plan and order form in French and Japanese: the section
/// titles and table labels of the pack, with the language's punctuation.
#[test]
fn french_and_japanese_proposals_write_the_pricing_and_order_form_in_their_language() {
    let fr = Markdown::new(None).unwrap().render(&pentest("language = \"fr\"")).unwrap();
    for want in [
        "## 3 Calendrier\n",
        "## 4 Conditions financières\n",
        "Prestation en régie\u{202f}: nous prévoyons un total compris entre ",
        "| Estimation par phase | Montant |",
        "| **Valeur totale du contrat, estimation** |",
        "### 4.1 Échéancier de paiement\n",
        "| Facturation | Paiement | Montant |",
        "## 7 Conditions contractuelles\n",
        "- **Validité.** ",
        "## 8 Bon pour accord\n",
        "| Signé pour | Contoso Versicherung AG | CatDev |",
    ] {
        assert!(fr.contains(want), "missing {want:?} in\n{fr}");
    }
    let ja = Markdown::new(None).unwrap().render(&pentest("language = \"ja\"")).unwrap();
    for want in [
        "## 3 スケジュール\n",
        "## 4 価格\n",
        "| フェーズ別の見積額 | 金額 |",
        "| **契約総額（見積）** |",
        "### 4.1 支払スケジュール\n",
        "| 請求日 | 支払内容 | 金額 |",
        "## 7 契約条件\n",
        "- **有効期限**：",
        "## 8 ご発注\n",
        "| 署名 | | |",
    ] {
        assert!(ja.contains(want), "missing {want:?} in\n{ja}");
    }
}
