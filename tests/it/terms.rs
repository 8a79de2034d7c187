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
