//! Issue 20: proposals in the client's language: the catalog's texts translated, chosen by
//! `language` or the locale, and a catalog that cannot be written in a language says so.

use crate::common::*;

fn json_of(args: &[&str], intake: &str) -> serde_json::Value {
    let out = propose().args(args).args(["quote", "--format", "json"]).arg(intake).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn intake_with(dir: &std::path::Path, extra: &str) -> std::path::PathBuf {
    let text = std::fs::read_to_string("examples/fabrikam-advisory.toml").unwrap();
    let path = dir.join("intake.toml");
    std::fs::write(&path, text.replacen("[proposal]\n", &format!("[proposal]\n{extra}\n"), 1)).unwrap();
    path
}

#[test]
fn the_language_follows_the_locale_unless_the_intake_names_one() {
    let dir = tempfile::tempdir().unwrap();
    let english = json_of(&[], "examples/fabrikam-advisory.toml");
    assert_eq!(english["proposal"]["language"], "en");
    let german = json_of(&[], intake_with(dir.path(), "language = \"de\"").to_str().unwrap());
    assert_eq!(german["proposal"]["language"], "de");
    assert_eq!(german["proposal"]["locale"], english["proposal"]["locale"], "language and format are separate");
    assert_ne!(german["engagements"], english["engagements"], "the engagements' texts are translated");
    assert_eq!(german["totals"], english["totals"], "the prices are not");
    let contoso = std::fs::read_to_string("examples/contoso-pentest.toml").unwrap();
    assert!(contoso.contains("\nlanguage = \"de\"\n"), "contoso names its language");
    let by_locale = dir.path().join("contoso.toml");
    std::fs::write(&by_locale, contoso.replacen("\nlanguage = \"de\"\n", "\n", 1)).unwrap();
    assert_eq!(json_of(&[], "examples/contoso-pentest.toml")["proposal"]["language"], "de");
    let pentest = json_of(&[], by_locale.to_str().unwrap());
    let complete = std::fs::read_to_string("catalog/lang/de/language.toml").unwrap().contains("complete = true");
    let want = if complete { "de" } else { "en" };
    assert_eq!(pentest["proposal"]["language"], want, "de-DE writes German by default once German is complete");
}

#[test]
fn a_catalog_replacing_a_text_file_needs_its_own_translations() {
    let dir = tempfile::tempdir().unwrap();
    let tiers = std::fs::read_to_string("catalog/tiers.toml").unwrap();
    std::fs::write(dir.path().join("tiers.toml"), tiers).unwrap();
    let out = propose().args(["catalog", "check"]).arg(dir.path()).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("languages: en)"), "{stdout}");
    assert!(stdout.contains("not in de: add lang/de/tiers.toml to write proposals in it"), "{stdout}");

    let intake = intake_with(dir.path(), "language = \"fr\"");
    let out = propose().arg("--catalog").arg(dir.path()).args(["quote"]).arg(&intake).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.starts_with("error: no fr translation of tiers.toml\n"), "{stderr}");
    assert!(stderr.contains("add lang/fr/tiers.toml to the catalog folder"), "{stderr}");

    std::fs::create_dir_all(dir.path().join("lang/fr")).unwrap();
    std::fs::copy("catalog/lang/fr/tiers.toml", dir.path().join("lang/fr/tiers.toml")).unwrap();
    let out = propose().arg("--catalog").arg(dir.path()).args(["quote"]).arg(&intake).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn the_contract_terms_are_translated_and_the_intakes_own_clauses_stay_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let english = json_of(&[], "examples/fabrikam-advisory.toml");
    let intake = intake_with(dir.path(), "language = \"de\"");
    let own = "\n[[terms.clause]]\ntitle = \"Data protection\"\ntext = \"We process personal data only on your written instructions.\"\n";
    std::fs::write(&intake, std::fs::read_to_string(&intake).unwrap() + own).unwrap();
    let german = json_of(&[], intake.to_str().unwrap());
    let titles = |j: &serde_json::Value| -> Vec<String> {
        j["terms"]["clauses"].as_array().unwrap().iter().map(|c| c["title"].as_str().unwrap().to_string()).collect()
    };
    let (en, de) = (titles(&english), titles(&german));
    assert_eq!(en.len() + 1, de.len(), "{de:?}");
    assert!(de.contains(&"Beendigung des Beratungsmandats".to_string()), "{de:?}");
    assert!(en.iter().all(|t| !de.contains(t)), "no English clause title in German: {de:?}");
    let last = &german["terms"]["clauses"][en.len()];
    assert_eq!(last["title"], "Data protection", "the intake's clause is its own");
    assert_eq!(last["text"], "We process personal data only on your written instructions.");
    let payment = german["terms"]["clauses"][0]["text"].as_str().unwrap();
    assert!(payment.starts_with("Rechnungen sind innerhalb von 30 Tagen"), "{payment}");
    assert!(payment.contains("1\u{a0}% pro Monat"), "the parameters are translated: {payment}");
}

#[test]
fn tax_wording_fee_names_and_rate_card_labels_are_translated() {
    let json_in = |code: &str, intake: &str| {
        let out = propose()
            .args(["quote", "--format", "json", "--set"])
            .arg(format!("proposal.language={code}"))
            .arg(intake)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };
    let official = [
        (
            "de",
            "Umsatzsteuer (Steuerschuldnerschaft des Leistungsempfängers)",
            "Steuerschuldnerschaft des Leistungsempfängers: ",
        ),
        ("fr", "TVA (autoliquidation)", "Autoliquidation\u{202f}: "),
        ("ja", "付加価値税（リバースチャージ方式）", "リバースチャージ方式："),
    ];
    for (code, label, wording) in official {
        let pentest = json_in(code, "examples/contoso-pentest.toml");
        assert_eq!(pentest["tax"]["label"], label, "{code}");
        assert!(pentest["tax"]["wording"].as_str().unwrap().starts_with(wording), "{code}: {}", pentest["tax"]);
        assert!(!pentest["tax"]["notice"].as_str().unwrap().starts_with("Sample"), "{code}: {}", pentest["tax"]);
    }
    let managed = json_in("de", "examples/acme-managed.toml");
    let labels: Vec<&str> =
        managed["line_items"].as_array().unwrap().iter().map(|l| l["label"].as_str().unwrap()).collect();
    assert!(
        labels.contains(&"Server") && labels.contains(&"Einrichtung") && labels.contains(&"Übergangsphase"),
        "{labels:?}"
    );
    assert!(!labels.contains(&"Onboarding") && !labels.contains(&"Transition"), "{labels:?}");
    assert!(managed["sample_rates"].as_str().unwrap().starts_with("Musterpreise: "), "{}", managed["sample_rates"]);
    let retainer = json_in("fr", "examples/fabrikam-advisory.toml");
    let label = retainer["line_items"][0]["label"].as_str().unwrap();
    assert!(label.starts_with("Forfait de conseil") && label.ends_with("\u{a0}h par mois)"), "{label}");
    let english = json_of(&[], "examples/fabrikam-advisory.toml");
    assert!(
        english["line_items"][0]["label"].as_str().unwrap().starts_with("Advisory retainer"),
        "{}",
        english["line_items"]
    );
}

/// Japanese sentences follow one another without a space (its language pack's
/// `sentence_separator` is empty, and a phase's dates end with 。): no space after 。 or 、
/// in any example's Markdown, full or brief, where a table cell's border is not next.
#[test]
fn japanese_sentences_are_joined_without_a_space() {
    let mut joins = 0;
    for (path, mds) in japanese_markdown() {
        for md in mds {
            for (i, mark) in md.match_indices(['。', '、']) {
                let after = &md[i + mark.len()..];
                assert!(
                    !after.starts_with(' ') || after.starts_with(" |"),
                    "{}: {}",
                    path.display(),
                    after.lines().next().unwrap()
                );
                joins += usize::from(after.starts_with(|c: char| !c.is_whitespace() && c != '|'));
            }
        }
    }
    assert!(joins > 100, "the examples join many sentences: {joins}");
}

/// Every example in Japanese, its full and brief Markdown.
fn japanese_markdown() -> Vec<(std::path::PathBuf, [String; 2])> {
    use propose::render::{markdown::Markdown, Edition};
    let full = Markdown::new(None).unwrap();
    let brief = Markdown::for_edition(None, Edition::Brief).unwrap();
    examples()
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).unwrap();
            let text: String =
                text.lines().filter(|l| !l.starts_with("language = ")).map(|l| format!("{l}\n")).collect();
            let text = text.replacen("[proposal]\n", "[proposal]\nlanguage = \"ja\"\n", 1);
            let p = propose::build(&propose::diag::Source::new(path.display().to_string(), text), catalog()).unwrap();
            let mds = [full.render(&p).unwrap(), brief.render(&p).unwrap()];
            (path, mds)
        })
        .collect()
}

/// Japanese brackets the consultant's contact details in full-width parentheses
/// ("CatDev（kenji.watanabe@catdev.example、+1 555 0163）"), and calls a one-time fee
/// 一時費用 only (not also 初期費用 or 一括費用). Review 15: 一括費用 (a lump sum) labelled fees
/// invoiced on two dates and a time-and-materials estimate billed monthly; 初期費用 (initial
/// costs) would misname a transition fee or an estimate that runs for months. 一時費用 says only
/// that a fee does not recur.
#[test]
fn japanese_uses_its_own_brackets_and_one_name_for_one_time_fees() {
    let mut named = 0;
    for (path, mds) in japanese_markdown() {
        for md in mds {
            let by = md.lines().find(|l| l.starts_with("- **作成者：**")).expect("the cover names its author");
            assert!(by.contains('（') && by.ends_with('）') && !by.contains(" ("), "{}: {by}", path.display());
            for other in ["初期費用", "一括費用"] {
                assert!(!md.contains(other), "{}: {other}", path.display());
            }
            named += usize::from(md.contains("一時費用"));
        }
    }
    assert!(named >= 10, "{named} Japanese documents name a one-time fee");
}

/// A managed tier's features, inherited ones included, are translated, never lost: the
/// translated catalog resolves `inherits` as the English one does.
#[test]
fn a_translated_tier_keeps_every_feature() {
    let includes = |code: &str| {
        let out = propose()
            .args(["quote", "--format", "json", "--set", &format!("proposal.language={code}")])
            .arg("examples/northwind-migration.toml")
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let j: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let tier = &j["engagements"][1]["managed"]["tier"];
        tier["includes"].as_array().unwrap().iter().map(|f| f.as_str().unwrap().to_string()).collect::<Vec<_>>()
    };
    let english = includes("en");
    assert_eq!(english.len(), 5, "24/7 premium inherits two tiers' features: {english:?}");
    for (code, feature) in
        [("de", "proaktive Überwachung"), ("fr", "supervision proactive"), ("ja", "プロアクティブな監視")]
    {
        let translated = includes(code);
        assert_eq!(translated.len(), english.len(), "{code}: {translated:?}");
        assert!(translated.iter().all(|f| !english.contains(f)), "{code}: {translated:?}");
        assert!(translated.contains(&feature.to_string()), "{code}: {translated:?}");
    }
}

/// Review 4, sales 10: an English rendering of a German or French proposal wrote its dates
/// with the locale's month names ("dated 13. April 2026", "from 4. Mai 2026").
#[test]
fn a_proposal_rendered_in_another_language_writes_every_date_in_it() {
    let months = |code: &str| -> Vec<String> {
        let pack = std::fs::read_to_string(format!("catalog/lang/{code}/language.toml")).unwrap();
        let value: toml::Value = toml::from_str(&pack).unwrap();
        let names = |key: &str| value["language"][key].as_array().unwrap().iter().map(|m| m.to_string());
        names("months").chain(names("short_months")).map(|m| m.trim_matches('"').to_string()).collect()
    };
    for (name, code, dated) in [
        ("contoso-pentest", "de", "dated\u{a0}13\u{a0}April\u{a0}2026"),
        ("litware-combined", "fr", "6\u{a0}April\u{a0}2026"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let out = propose()
            .args(["render", "--format", "md,html", "--set", "proposal.language=en", "--out"])
            .arg(dir.path())
            .arg(format!("examples/{name}.toml"))
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let number = if code == "de" { "CD-2026-021" } else { "CD-2026-026" };
        let md = std::fs::read_to_string(dir.path().join(format!("{number}.md"))).unwrap();
        let html = std::fs::read_to_string(dir.path().join(format!("{number}.html"))).unwrap();
        assert!(md.replace(' ', "\u{a0}").contains(dated), "{name}: {dated} missing");
        let english = months("en");
        for month in months(code).iter().filter(|m| !english.contains(m)) {
            for (what, text) in [("md", &md), ("html", &html)] {
                for (i, line) in text.lines().enumerate() {
                    let date_like = line.match_indices(month.as_str()).any(|(at, _)| {
                        let before = line[..at].trim_end_matches(['\u{a0}', ' ', '.']);
                        before.ends_with(|c: char| c.is_ascii_digit())
                    });
                    assert!(!date_like, "{name} {what} line {}: {month} in a date: {line}", i + 1);
                }
            }
        }
    }
}

/// Review 4, sales 10: a derived title joined the engagements' names as they start a
/// sentence ("Infrastructure modernisation and Advisory retainer").
#[test]
fn a_derived_title_writes_the_later_names_mid_sentence() {
    let title = |name: &str| json_of(&[], &format!("examples/{name}.toml"))["title"].as_str().unwrap().to_string();
    assert_eq!(title("gulf-modernization"), "Infrastructure modernisation and advisory retainer");
    assert_eq!(title("nordlys-legacy"), "Legacy system refactoring and advisory retainer");
    assert_eq!(
        title("litware-combined"),
        "Modernisation d’infrastructure, forfait de conseil et infogérance en horaires étendus"
    );
}

/// Issue 15: an intake's "quoted" words were set “…” in every language. German sets „…“,
/// French « … » with U+202F inside, English “…”: the language's `quotes`.
#[test]
fn an_intakes_quotation_is_set_in_the_proposals_marks() {
    let source = std::fs::read_to_string(example("contoso-pentest.toml")).unwrap();
    let quoted = "  \"Die \\\"Staging\\\"-Umgebung ist stabil.\",\n";
    let text = source.replacen("assumptions = [\n", &format!("assumptions = [\n{quoted}"), 1);
    for (language, want) in [
        ("de", "Die „Staging“-Umgebung ist stabil."),
        ("fr", "Die «\u{202f}Staging\u{202f}»-Umgebung ist stabil."),
        ("en", "Die “Staging”-Umgebung ist stabil."),
    ] {
        let text = text.replacen("\nlanguage = \"de\"", &format!("\nlanguage = \"{language}\""), 1);
        let p = propose::build(&propose::diag::Source::new("x.toml", text), catalog()).unwrap();
        assert_eq!(p.assumptions[0], want, "{language}");
    }
}

/// Issue 15: a discount without a `label` is named in the proposal's language, from the
/// catalog's texts (`billing.discount`), in the price table; the brief states it without a
/// name to quote ("(„Rabatt“)" would only repeat its word); one with a label keeps the
/// client's words in both.
#[test]
fn an_unlabelled_discount_is_named_in_the_proposals_language() {
    use propose::render::{markdown::Markdown, Edition};
    let source = std::fs::read_to_string(example("nordlys-legacy.toml")).unwrap();
    assert!(source.contains("\nlabel = \"Framework customer discount\"\n"), "nordlys labels its discount");
    let dir = tempfile::tempdir().unwrap();
    let unlabelled = dir.path().join("nordlys.toml");
    std::fs::write(&unlabelled, source.replacen("\nlabel = \"Framework customer discount\"\n", "\n", 1)).unwrap();
    let (full, brief) = (Markdown::new(None).unwrap(), Markdown::for_edition(None, Edition::Brief).unwrap());
    for (code, word, in_brief, quoted) in [
        ("en", "Discount", "The prices above include a discount of ", "Framework customer discount: "),
        ("de", "Rabatt", "Die Preise oben enthalten bereits einen Rabatt von ", "(„Framework customer discount“)"),
        (
            "fr",
            "Remise",
            "Les prix ci-dessus tiennent déjà compte d’une remise de ",
            "(«\u{202f}Framework customer discount\u{202f}»)",
        ),
        ("ja", "値引き", "見積額から", "Framework customer discount："),
    ] {
        let p = built_in(&unlabelled, code);
        let md = full.render(&p).unwrap();
        assert!(md.contains(&format!("\n| {word} | ")), "{code}: no discount row named {word:?} in\n{md}");
        let short = brief.render(&p).unwrap();
        assert!(short.contains(in_brief), "{code}: no {in_brief:?} in\n{short}");
        assert!(!short.contains(&format!("{word}：")) && !short.contains(&format!("{word}“")), "{code}: {short}");
        assert!(!short.contains(&format!("{word}\u{202f}»")) && !short.contains("Discount:"), "{code}: {short}");
        if code != "en" {
            assert!(!md.contains("Discount") && !short.contains("Discount"), "{code}: English in\n{md}\n{short}");
        }
        let labelled = built_in(&example("nordlys-legacy.toml"), code);
        let md = full.render(&labelled).unwrap();
        assert!(md.contains("\n| Framework customer discount | "), "{code}: the client's label stands in\n{md}");
        assert!(!md.contains(&format!("\n| {word} | ")), "{code}");
        let short = brief.render(&labelled).unwrap();
        assert!(short.contains(quoted), "{code}: no {quoted:?} in\n{short}");
    }
}

/// Issue 15: a cover title derived from three engagements lists them with the language's
/// comma (the catalog's `title_comma`), not a comma from code: 、 in Japanese.
#[test]
fn a_derived_title_lists_the_engagements_with_the_languages_comma() {
    let path = example("litware-combined.toml");
    for (code, want) in [
        ("en", "Infrastructure modernization, advisory retainer and extended-hours managed operations"),
        ("ja", "インフラストラクチャのモダナイゼーション、技術顧問契約及び拡張時間帯マネージド運用"),
    ] {
        assert_eq!(built_in(&path, code).title, want, "{code}");
    }
    for code in ["de", "fr"] {
        let title = built_in(&path, code).title;
        assert_eq!(title.matches(", ").count(), 1, "{code}: {title}");
    }
}

/// Issue 15: a Japanese proposal of kansai printed the intake's English objectives,
/// assumptions and venue ("本契約はJapan法に準拠し、the courts of Japan, …") without a word
/// to the consultant. The texts still print as written, but `render` and `quote` now warn
/// once, naming each field and its line, the language it looks written in, and the fix;
/// the exit code and the outputs are those of a silent run.
#[test]
fn prose_not_in_the_documents_language_is_warned_of_once_and_still_printed() {
    let dir = tempfile::tempdir().unwrap();
    let out = propose()
        .args(["render", "examples/kansai-platform.toml", "--set", "proposal.language=ja", "--format", "md", "--out"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.matches("warning:").count(), 1, "{stderr}");
    for line in [
        "warning: the proposal is written in 日本語 (ja), but 5 of the intake's texts look written in English (en)\n",
        "  --> examples/kansai-platform.toml:5:3\n",
        "`objectives[0]` looks written in English (en)\n",
        "  = note: `objectives[1]` (line 6) looks written in English (en)\n",
        "  = note: `assumptions[0]` (line 8) looks written in English (en)\n",
        "  = note: `exclusions[0]` (line 9) looks written in English (en)\n",
        "  = note: `terms.venue` (line 50) looks written in English (en)\n",
        "  = help: the intake's texts print as written, never translated: translate these into 日本語, or write the \
         proposal in their language with `proposal.language = \"en\"` (`--set proposal.language=en`)\n",
    ] {
        assert!(stderr.contains(line), "no `{line}` in:\n{stderr}");
    }
    // The names (the client's, "Japan" as the governing law) are not judged.
    assert!(!stderr.contains("governing_law") && !stderr.contains("client."), "{stderr}");
    let md_path = dir.path().join("CD-2026-027.md");
    assert_eq!(String::from_utf8(out.stdout).unwrap(), format!("{}\n", md_path.display()));
    let md = std::fs::read_to_string(md_path).unwrap();
    for text in ["Stand up the new logistics platform", "Kansai Logistics provides a bilingual", "the courts of Japan"]
    {
        assert!(md.contains(text), "`{text}` is not printed as written");
    }

    let out = propose()
        .args(["quote", "examples/fabrikam-advisory.toml", "--set", "proposal.language=de", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.matches("warning:").count(), 1, "{stderr}");
    assert!(stderr.starts_with("warning: the proposal is written in Deutsch (de), but 5 of the intake's texts look written in English (en)\n"), "{stderr}");
    assert!(stderr.contains("`terms.venue` (line 42) looks written in English (en)"), "{stderr}");
    assert!(stderr.contains("translate these into Deutsch"), "{stderr}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["objectives"][0], "Have a senior architect review every major design decision before it is funded.");
}

/// Issue 15: a governing law the catalog cannot write in Japanese (no country of its
/// `[law]`) prints inside the clause as written ("Nevada法"), so it warns even as one word;
/// a country it knows ("Japan", written 日本法) does not.
#[test]
fn a_governing_law_the_catalog_cannot_write_in_japanese_is_warned_of() {
    let quote = |law: &str| {
        let out = propose()
            .args(["quote", "examples/kansai-platform.toml", "--set", "proposal.language=ja", "--set"])
            .arg(format!("terms.governing_law={law}"))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        String::from_utf8(out.stderr).unwrap()
    };
    let stderr = quote("Nevada");
    assert!(stderr.contains("`terms.governing_law` (line 49) looks written in English (en)"), "{stderr}");
    assert!(stderr.contains("6 of the intake's texts"), "{stderr}");
    for law in ["Japan", "JP", "ネバダ州"] {
        let stderr = quote(law);
        assert!(!stderr.contains("governing_law") && stderr.contains("5 of the intake's texts"), "{law}: {stderr}");
    }
}

/// Every example as shipped is written in its intake's language: no warning, from `render`
/// or `quote`, in any of them.
#[test]
fn no_example_as_shipped_is_warned_of() {
    let dir = tempfile::tempdir().unwrap();
    let mut checked = 0;
    for path in examples() {
        let render = propose().args(["render", "--format", "md", "--out"]).arg(dir.path()).arg(&path).output().unwrap();
        let quote = propose().arg("quote").arg(&path).output().unwrap();
        for out in [render, quote] {
            assert!(out.status.success(), "{}", shown(&path));
            let stderr = String::from_utf8(out.stderr).unwrap();
            assert!(!stderr.contains("looks written in"), "{}: {stderr}", shown(&path));
        }
        checked += 1;
    }
    assert_eq!(checked, 11);
}

/// Issue 15: a Japanese kansai printed its contact bare, "Yuki Tanaka, Head of IT". The
/// contact's title may now be written apart (`contact_title`), and each language addresses
/// the contact with both: Japanese title first and with the honorific 様, wherever the
/// contact is named (the full proposal's and the brief's particulars, the JSON); a contact
/// written as one text still works, 様 after it; a title without a name is a located error.
#[test]
fn the_contact_is_addressed_as_each_language_does() {
    let kansai = example("kansai-platform.toml");
    for (language, prepared_for) in [
        ("en", "**Prepared for:** Kansai Logistics K.K., Yuki Tanaka, Head of IT\n"),
        ("de", "**Erstellt für:** Kansai Logistics K.K., Yuki Tanaka, Head of IT\n"),
        ("fr", "Kansai Logistics K.K., Yuki Tanaka, Head of IT\n"),
        ("ja", "**提出先：** Kansai Logistics K.K.、Head of IT Yuki Tanaka 様\n"),
    ] {
        let p = built_in(&kansai, language);
        let md = propose::render::markdown::Markdown::new(None).unwrap().render(&p).unwrap();
        assert!(md.contains(prepared_for), "{language}: {md}");
    }
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(&kansai).unwrap();
    let one_text = dir.path().join("one-text.toml");
    std::fs::write(&one_text, text.replace("contact_title = \"Head of IT\"", "")).unwrap();
    let contact = |intake: &std::path::Path| {
        let out = propose().args(["quote", "--format", "json", "--set", "proposal.language=ja"]).arg(intake).output();
        let v: serde_json::Value = serde_json::from_slice(&out.unwrap().stdout).unwrap();
        v["client"]["contact"].clone()
    };
    assert_eq!(contact(&one_text), "Yuki Tanaka 様");
    assert_eq!(contact(&kansai), "Head of IT Yuki Tanaka 様");
    let brief = propose()
        .args(["render", "--edition", "brief", "--format", "md", "--set", "proposal.language=ja", "--out"])
        .arg(dir.path())
        .arg(&kansai)
        .output()
        .unwrap();
    assert!(brief.status.success());
    let md = std::fs::read_to_string(dir.path().join("CD-2026-027-brief.md")).unwrap();
    assert!(md.contains("Kansai Logistics K.K.、Head of IT Yuki Tanaka 様、2-4-1 Umeda"), "{md}");
    let no_name = dir.path().join("no-name.toml");
    std::fs::write(&no_name, text.replace("contact = \"Yuki Tanaka\"\n", "")).unwrap();
    let out = propose().arg("quote").arg(&no_name).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("`contact_title` without `contact`") && stderr.contains("no-name.toml:26:17"), "{stderr}");
}

/// Issue 15: the Japanese validity clause read "同日以降…改定することがある": 以降 includes the
/// day itself, the last day the prices hold. Revised only once the day has passed, as the
/// English "after that date".
#[test]
fn the_japanese_validity_clause_lets_the_last_day_hold() {
    let p = built_in(&example("kansai-platform.toml"), "ja");
    let md = propose::render::markdown::Markdown::new(None).unwrap().render(&p).unwrap();
    assert!(
        md.contains(
            "本提案書の価格及び日程は2026年4月17日まで有効とする。同日の経過後は、弊社はこれを改定することがある。"
        ),
        "{md}"
    );
    assert!(!md.contains("同日以降"), "{md}");
}

/// Issue 15: the Japanese sample-rates notice, which speaks to the firm before sending, told
/// it to use "貴社の料金", the client's rates (貴社 is the client throughout the proposal):
/// now the firm's own, 自社の料金, as the terminal quote's note says too.
#[test]
fn the_japanese_sample_notice_speaks_of_the_firms_own_rates() {
    let p = built_in(&example("kansai-platform.toml"), "ja");
    let md = propose::render::markdown::Markdown::new(None).unwrap().render(&p).unwrap();
    let notice = md.lines().find(|l| l.contains("catalog/pricing.toml")).unwrap();
    assert!(
        notice.contains("catalog/pricing.toml を自社の料金に置き換えてください。") && !notice.contains("貴社"),
        "{notice}"
    );
}
