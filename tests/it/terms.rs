//! Contract terms: the catalog's sample clauses print only for the engagement kinds offered,
//! filled with the catalog's parameters as the intake sets them, then the intake's own.

use crate::common::*;
use propose::catalog::Catalog;
use propose::diag::Source;
use propose::proposal::Proposal;

fn build_with(name: &str, extra: &str, catalog: &Catalog) -> Proposal {
    let text = std::fs::read_to_string(example(name)).unwrap() + extra;
    propose::build(&Source::new(name, text), catalog).unwrap_or_else(|e| panic!("{name}: {}", e.render(false)))
}

fn markdown(p: &Proposal) -> String {
    propose::render::markdown::Markdown::new(None).unwrap().render(p).unwrap()
}

fn titles(p: &Proposal) -> Vec<&str> {
    p.terms.clauses.iter().map(|c| c.title.as_str()).collect()
}

#[test]
fn clauses_print_only_for_the_engagement_kinds_offered() {
    for path in examples() {
        let text = std::fs::read_to_string(&path).unwrap();
        let p = propose::build(&Source::new(shown(&path), text), catalog()).unwrap();
        let kinds: Vec<_> = p.offer.engagements.iter().map(|e| e.model).collect();
        let written_in = catalog().in_language(p.proposal.language).unwrap();
        let expected: Vec<&str> = written_in
            .terms
            .clause
            .iter()
            .filter(|c| c.applies_to.iter().any(|k| kinds.contains(k)))
            .map(|c| c.title.as_str())
            .collect();
        assert_eq!(titles(&p), expected, "{}", shown(&path));
        assert!(p.terms.sample.is_some(), "{}: the sample clauses say they are samples", shown(&path));
    }
    let retainer = build_with("fabrikam-advisory.toml", "", catalog());
    let md = markdown(&retainer);
    assert!(md.contains("- **Ending the retainer.** The retainer runs month to month: either party may end it at the end of any month."), "{md}");
    assert!(!md.contains("Ending managed services") && !md.contains("**Warranty.**"), "{md}");
    let managed = markdown(&build_with("acme-managed.toml", "", catalog()));
    assert!(managed.contains("either party may end them on 90 days’ written notice."), "{managed}");
    assert!(!managed.contains("Ending the retainer") && !managed.contains("Intellectual property"), "{managed}");
    assert!(managed.contains("*Sample terms: these clauses are samples"), "{managed}");
}

#[test]
fn an_intake_sets_the_parameters_and_adds_its_own_clauses() {
    let extra = "\n[terms]\ngoverning_law = \"England and Wales\"\nvenue = \"the courts of London\"\npayment_days = 45\n\n[[terms.clause]]\ntitle = \"Data protection\"\ntext = \"We process personal data only on your written instructions.\"\n";
    let p = build_with("northwind-migration.toml", extra, catalog());
    let md = markdown(&p);
    assert!(md.contains("Invoices are due within 45 days of their date"), "{md}");
    assert!(
        md.contains(
            "The laws of England and Wales govern this agreement, and the courts of London have exclusive jurisdiction"
        ),
        "{md}"
    );
    assert!(!md.contains("New York"), "{md}");
    let last = p.terms.clauses.last().unwrap();
    assert_eq!((last.title.as_str(), last.own), ("Data protection", true));
    assert!(md.contains(
        "- **Data protection.** We process personal data only on your written instructions.\n- **Validity.**"
    ));
}

#[test]
fn a_master_agreement_is_referred_to_first_and_real_terms_carry_no_sample_notice() {
    let text = propose::embedded::catalog_file("terms.toml").unwrap().replacen(
        "sample = true",
        "sample = false\nmaster_agreement = \"These terms supplement our Master Services Agreement, governed by the laws of {governing_law}.\"",
        1,
    );
    let catalog = Catalog::from_texts(&[("terms.toml", &text)]).unwrap();
    let p = build_with("northwind-migration.toml", "", &catalog);
    let md = markdown(&p);
    let terms = &md[md.find("Terms\n").unwrap()..];
    assert!(
        terms.contains("Terms\n\n<!-- propose:small-print -->\n\nThese terms supplement our Master Services Agreement, governed by the laws of the State of New York.\n\n- **Payment.**"),
        "{terms}"
    );
    assert!(!md.contains("Sample terms"), "{md}");
}

/// Example `name`'s Markdown in `language`, each `(from, to)` replaced in its intake.
fn written_in(name: &str, language: &str, replace: &[(&str, &str)]) -> String {
    let mut text = std::fs::read_to_string(example(name)).unwrap();
    for (from, to) in replace {
        assert!(text.contains(from), "{from}");
        text = text.replace(from, to);
    }
    let text = text.replacen("[proposal]\n", &format!("[proposal]\nlanguage = \"{language}\"\n"), 1);
    let p = propose::build(&Source::new(name, text), catalog()).unwrap();
    assert_eq!(p.proposal.language.code(), language);
    markdown(&p)
}

/// kansai's Markdown in `language`, its governing law set to `law`.
fn kansai(language: &str, law: &str) -> String {
    written_in(
        "kansai-platform.toml",
        language,
        &[("governing_law = \"Japan\"", &format!("governing_law = \"{law}\""))],
    )
}

/// Issue 15: a Japanese kansai read "本契約はJapan法に準拠し". A governing law that names a
/// country the catalog knows, by its ISO code or its English name, is written in the
/// document's language as its clause needs it; any other name prints as the intake wrote it
/// (in French after « de »).
#[test]
fn a_governing_law_naming_a_country_is_written_in_the_documents_language() {
    for law in ["Japan", "JP", "japan"] {
        assert!(kansai("en", law).contains("The laws of Japan govern this agreement"), "{law}");
        assert!(kansai("de", law).contains("findet das Recht Japans Anwendung"), "{law}");
        assert!(kansai("fr", law).contains("régi par le droit japonais, et"), "{law}");
        assert!(kansai("ja", law).contains("本契約は日本法に準拠し"), "{law}");
    }
    for law in ["the Netherlands", "Netherlands", "NL"] {
        assert!(kansai("en", law).contains("The laws of the Netherlands govern"), "{law}");
        assert!(kansai("de", law).contains("das Recht der Niederlande Anwendung"), "{law}");
        assert!(kansai("fr", law).contains("le droit néerlandais, et"), "{law}");
        assert!(kansai("ja", law).contains("本契約はオランダ法に準拠し"), "{law}");
    }
    assert!(kansai("en", "England and Wales").contains("The laws of England and Wales govern"));
    assert!(
        kansai("fr", "l’Angleterre et du pays de Galles").contains("le droit de l’Angleterre et du pays de Galles, et")
    );
    assert!(kansai("ja", "カリフォルニア州").contains("本契約はカリフォルニア州法に準拠し"));
    // The catalog's own law, as each pack writes it.
    let fr = written_in("northwind-migration.toml", "fr", &[]);
    assert!(fr.contains("régi par le droit de l’État de New York, et"), "{fr}");
}

/// Every country `[law]` writes is a country of the calendar data, and every pack writes
/// each one (no pack falls back to the English name).
#[test]
fn every_pack_writes_every_country_the_catalog_names_a_law_of() {
    let en = &catalog().terms.law;
    assert!(en.countries.len() >= 40 && en.countries.contains_key("JP"), "{}", en.countries.len());
    for (_, language) in propose::locale::Language::all() {
        let pack = catalog().in_language(*language).unwrap();
        let law = &pack.terms.law;
        assert_eq!(law.countries.keys().collect::<Vec<_>>(), en.countries.keys().collect::<Vec<_>>());
        for (code, written) in &law.countries {
            assert!(propose::calendar::country(code).is_some(), "{code}");
            assert_eq!(law.country(code), Some(code.as_str()));
            assert_eq!(law.country(written), Some(code.as_str()), "{written}");
            assert_eq!(law.country(propose::calendar::country(code).unwrap().name), Some(code.as_str()));
        }
    }
}
