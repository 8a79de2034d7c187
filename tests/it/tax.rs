//! Tax by the firm's and the client's places: every rule of the sample `tax.toml` the issue
//! asks for, through intakes and catalogs as a consultancy writes them. The expected answers
//! are those of the reference implementation `scripts/calendar/tax_resolve.py` (its output
//! `expected/tax.txt`), which reads the same data independently.

use crate::common::propose;
use propose::catalog::Catalog;
use propose::diag::Source;
use propose::proposal::Proposal;

/// A UK firm (SAMPLE, synthetic IDs), as tests/fixtures would write firm.toml.
const UK_FIRM: &str = "country = \"GB-ENG\"\ntax_id = \"GB 123 4567 27\"\n";
/// The same firm with a German VAT registration (a fixed establishment there) and Canadian
/// GST/HST and QST registrations.
const UK_FIRM_REGISTERED: &str = "country = \"GB-ENG\"\ntax_id = \"GB 123 4567 27\"\nregistrations = [\n\
    { place = \"DE\", tax_id = \"DE123456788\" },\n{ place = \"CA\", tax_id = \"123456782 RT 0001\" },\n\
    { place = \"CA-QC\", tax_id = \"1234567890 TQ 0001\" },\n]\n";
const DE_FIRM: &str = "country = \"DE-BE\"\ntax_id = \"DE123456788\"\n";
const FR_FIRM: &str = "country = \"FR\"\ntax_id = \"FR11123456782\"\n";
const ON_FIRM: &str = "country = \"CA-ON\"\ntax_id = \"123456782RT0001\"\n";
const EE_FIRM: &str = "country = \"EE\"\ntax_id = \"EE101234568\"\n";

/// The embedded catalog with the firm's place and IDs replaced.
fn catalog(firm: &str) -> Catalog {
    let embedded = propose::embedded::catalog_file("firm.toml").unwrap();
    // The shipped firm's own place lines (from `country` on) give way to the test's.
    let head = &embedded[..embedded.find("\n# Where the firm is established").unwrap()];
    Catalog::from_texts(&[("firm.toml", &format!("{head}\n{firm}"))]).unwrap()
}

/// An intake for a client with these `[client]` lines and `[proposal]` lines.
fn intake(client: &str, proposal: &str) -> String {
    format!(
        "[proposal]\nnumber = \"T-1\"\ndate = 2026-04-06\ncurrency = \"EUR\"\n{proposal}\n[client]\nname = \"C\"\n{client}\n\
         [[engagement]]\nmodel = \"advisory\"\nhours = 10\nmonths = 3\nstart = 2026-04-20\n"
    )
}

fn build(firm: &str, client: &str, proposal: &str) -> Result<Proposal, propose::diag::Error> {
    propose::build(&Source::new("t.toml", intake(client, proposal)), &catalog(firm))
}

fn taxed(firm: &str, client: &str) -> Proposal {
    build(firm, client, "").unwrap_or_else(|e| panic!("{client}: {}", e.render(false)))
}

/// `rule: label percent + label percent` of a proposal.
fn summary(p: &Proposal) -> String {
    let lines: Vec<String> = p.tax.lines.iter().map(|l| format!("{} {}", l.label, l.percent.0.normalize())).collect();
    format!(
        "{}: {}",
        p.tax.rule.as_deref().unwrap_or("-"),
        if lines.is_empty() { "none".into() } else { lines.join(" + ") }
    )
}

/// The error's message and its line and column.
fn error(firm: &str, client: &str, proposal: &str) -> (String, usize, usize) {
    let e = build(firm, client, proposal).expect_err("an error");
    assert_eq!(e.exit_code(), 2);
    let d = e.diagnostic().unwrap();
    let at = d.location.as_ref().unwrap();
    (d.message.clone(), at.line, at.column)
}

const REVERSE_CHARGE: &str =
    "Reverse charge: the customer is liable for the VAT on this supply (Article 196 of Council Directive 2006/112/EC).";
const UK_EXPORT: &str = "Outside the scope of UK VAT: the place of supply is outside the United Kingdom (Value Added Tax Act 1994, s. 7A and Schedule 4A).";

#[test]
fn a_uk_firm_billing_a_german_business_reverses_the_charge_and_prints_both_vat_ids() {
    let p = taxed(UK_FIRM, "country = \"DE\"\ntax_id = \"DE 123 456 788\"");
    assert_eq!(summary(&p), "eu-reverse-charge: none");
    assert_eq!(p.tax.label, "VAT (reverse charge)");
    assert_eq!(p.tax.wording.as_deref(), Some(REVERSE_CHARGE));
    assert_eq!(p.tax.firm_tax_id.as_deref(), Some("GB 123 4567 27"), "as the UK writes it");
    assert_eq!(p.tax.client_tax_id.as_deref(), Some("DE123456788"));
    assert!(
        p.offer.totals.one_time_breakdown.tax.amount().is_zero()
            && p.offer.totals.monthly_breakdown.tax.amount().is_zero()
    );
}

#[test]
fn a_bad_or_missing_vat_id_is_a_located_error() {
    let (message, line, column) = error(UK_FIRM, "country = \"DE\"\ntax_id = \"DE123456780\"", "");
    assert_eq!(message, "`DE123456780` is not a valid USt-IdNr. for DE (e.g. `DE123456788`)");
    assert_eq!((line, column), (9, 10));
    let (message, line, _) = error(UK_FIRM, "country = \"DE\"", "");
    assert_eq!(
        message,
        "a business client in Germany needs its tax ID here: the tax rule `eu-reverse-charge` requires it"
    );
    assert_eq!(line, 8, "at the client's country");
    let (message, ..) = error(UK_FIRM, "country = \"CH\"\ntax_id = \"CHE-116.407.810\"", "");
    assert!(message.contains("is not a valid UID/MWST-Nr. for CH"), "{message}");
    let (message, ..) = error(UK_FIRM, "country = \"DE\"\nkind = \"charity\"", "");
    assert_eq!(message, "unknown client kind `charity`");
}

#[test]
fn a_german_consumer_pays_german_vat_to_a_german_firm_or_a_uk_firm_registered_in_germany() {
    // The "a German consumer (German VAT)" holds for a firm established or
    // registered in Germany; a UK firm without a German establishment charges no VAT at all
    // under the general rules (outside UK VAT, and Art. 45 puts the supply in the UK).
    let consumer = "country = \"DE-BY\"\nkind = \"consumer\"";
    assert_eq!(summary(&taxed(DE_FIRM, consumer)), "domestic: VAT 19");
    let registered = taxed(UK_FIRM_REGISTERED, consumer);
    assert_eq!(summary(&registered), "registered: VAT 19");
    assert_eq!(registered.tax.firm_tax_id.as_deref(), Some("DE123456788"));
    let plain = taxed(UK_FIRM, consumer);
    assert_eq!(summary(&plain), "export-gb: none");
    assert_eq!(plain.tax.wording.as_deref(), Some(UK_EXPORT));
    // Within the EU, a consumer elsewhere pays the supplier's VAT (Art. 45).
    assert_eq!(summary(&taxed(FR_FIRM, consumer)), "eu-b2c: VAT 20");
}

#[test]
fn a_swiss_business_imports_the_service() {
    let p = taxed(UK_FIRM, "country = \"CH-GE\"\ntax_id = \"CHE-116.407.810 MWST\"");
    assert_eq!(summary(&p), "export-gb: none");
    assert_eq!(
        p.tax.import_note.as_deref(),
        Some("The recipient accounts for Swiss VAT on services acquired from abroad (acquisition tax, Art. 45 MWSTG).")
    );
    assert_eq!(p.tax.client_tax_id.as_deref(), Some("CHE-116.407.810 MWST"), "as Switzerland writes it");
}

#[test]
fn canadian_clients_pay_gst_and_qst_in_quebec_and_hst_in_ontario_to_a_registered_firm() {
    let qc = taxed(UK_FIRM_REGISTERED, "country = \"CA-QC\"");
    assert_eq!(summary(&qc), "registered: GST 5 + QST 9.975");
    assert_eq!(qc.tax.firm_tax_id.as_deref(), Some("123456782 RT 0001 / 1234567890 TQ 0001"));
    assert_eq!(qc.proposal.tax_label, "GST + QST");
    assert_eq!(qc.proposal.tax.0.normalize().to_string(), "14.975");
    // Each line is computed on the same fees and rounded on its own.
    let e = &qc.offer.engagements[0];
    assert_eq!(e.monthly_taxes.len(), 2);
    let base = e.monthly.subtotal.amount() - e.monthly.discount.amount();
    for t in &e.monthly_taxes {
        assert_eq!(t.amount.amount(), (base * t.percent.0 / rust_decimal::Decimal::ONE_HUNDRED).round_dp(2));
    }
    assert_eq!(e.monthly.tax.amount(), e.monthly_taxes.iter().map(|t| t.amount.amount()).sum());
    assert_eq!(summary(&taxed(UK_FIRM_REGISTERED, "country = \"CA-ON\"")), "registered: HST 13");
    assert_eq!(summary(&taxed(UK_FIRM, "country = \"CA-QC\"")), "export-gb: none", "not registered in Canada");
    assert_eq!(summary(&taxed(ON_FIRM, "country = \"CA-QC\"")), "domestic: GST 5 + QST 9.975");
}

#[test]
fn a_japanese_client_is_an_export() {
    let p = taxed(UK_FIRM, "country = \"JP\"\ntax_id = \"T7123456789012\"");
    assert_eq!(summary(&p), "export-gb: none");
    assert_eq!(p.tax.withholding, None);
}

/// Issue 15: kansai (the US sample firm, a client in Japan) said only "no tax is charged":
/// now that the firm charges neither US sales tax nor Japanese consumption tax, in each
/// language; a US firm's client elsewhere, and another firm's in Japan, hear nothing of it.
#[test]
fn a_us_firm_billing_a_japanese_business_says_it_charges_neither_us_sales_tax_nor_japanese_consumption_tax() {
    let us = "country = \"US-NY\"\n";
    let p = taxed(us, "country = \"JP\"");
    assert_eq!(summary(&p), "export-us-jp: none");
    assert_eq!(
        p.tax.wording.as_deref(),
        Some("We charge neither US sales tax nor Japanese consumption tax on these services.")
    );
    for (firm, client, rule) in [(us, "SG", "export"), (us, "US-CA", "domestic"), (UK_FIRM, "JP", "export-gb")] {
        let p = taxed(firm, &format!("country = \"{client}\""));
        assert_eq!(summary(&p), format!("{rule}: none"));
        assert!(!p.tax.wording.unwrap_or_default().contains("sales tax"), "{client}");
    }
    for (language, wording) in [
        ("en", "We charge neither US sales tax nor Japanese consumption tax on these services."),
        ("de", "Auf diese Leistungen berechnen wir weder US-amerikanische Sales Tax noch japanische Verbrauchsteuer."),
        ("fr", "Nous ne facturons sur ces services ni taxe de vente américaine (sales tax) ni taxe japonaise sur la consommation."),
        ("ja", "弊社は米国の売上税も日本の消費税も請求いたしません。"),
    ] {
        let md = markdown_in("kansai-platform.toml", language);
        assert!(md.contains(&format!("\n\n{wording}\n\n")), "{language}: {md}");
    }
}

/// Example `name`'s full Markdown in `language`.
fn markdown_in(name: &str, language: &str) -> String {
    let p = crate::common::built_in(&crate::common::example(name), language);
    propose::render::markdown::Markdown::new(None).unwrap().render(&p).unwrap()
}

#[test]
fn a_kuwaiti_client_retains_five_percent_until_the_firm_shows_a_tax_clearance() {
    let p = taxed(UK_FIRM, "country = \"KW\"");
    assert_eq!(summary(&p), "export-gb: none");
    let w = p.offer.totals.withholding.as_ref().expect("a withholding line");
    assert_eq!(w.label, "Kuwaiti tax retention");
    assert_eq!(w.percent.0.normalize().to_string(), "5");
    // On the fees before tax, over the contract; the firm receives the rest.
    let fees = p.offer.totals.monthly_breakdown.subtotal.amount() * rust_decimal::Decimal::from(3);
    assert_eq!(w.amount.amount(), (fees / rust_decimal::Decimal::from(20)).round_dp(2));
    assert_eq!(w.net.amount(), p.offer.totals.contract_value.amount() - w.amount.amount());
    // A consumer withholds nothing; a treaty rate overrides it, with its reason.
    assert!(taxed(UK_FIRM, "country = \"KW\"\nkind = \"consumer\"").offer.totals.withholding.is_none());
    let treaty =
        build(UK_FIRM, "country = \"IN\"", "withholding = 10\nwithholding_reason = \"India-UK DTAA art. 13\"").unwrap();
    let w = treaty.tax.withholding.as_ref().unwrap();
    assert_eq!((w.label.as_str(), w.wording.as_str()), ("Indian withholding tax", "India-UK DTAA art. 13"));
    let (message, ..) = error(UK_FIRM, "country = \"IN\"", "withholding = 10");
    assert_eq!(message, "`withholding` sets the client's withholding tax, but gives no reason");
}

#[test]
fn the_intake_may_override_the_rate_saying_why() {
    let p = build(
        DE_FIRM,
        "country = \"DE\"\nkind = \"public\"",
        "tax = 0\ntax_reason = \"Exempt: Art. 151 of Directive 2006/112/EC\"",
    )
    .unwrap();
    assert_eq!(summary(&p), "domestic: VAT 0");
    assert_eq!(p.tax.wording.as_deref(), Some("Exempt: Art. 151 of Directive 2006/112/EC"));
    let (message, line, column) = error(DE_FIRM, "country = \"DE\"", "tax = 0");
    assert_eq!(message, "`tax` overrides the tax rule `domestic` for this client, but gives no reason");
    assert_eq!((line, column), (5, 7));
}

#[test]
fn rates_follow_the_proposal_date() {
    let consumer = "country = \"EE\"\nkind = \"consumer\"";
    let at = |date: &str| {
        let text = intake(consumer, "")
            .replace("date = 2026-04-06", &format!("date = {date}"))
            .replace("2026-04-20", "2026-07-20");
        // Priced at a rate of the proposal's day, as a proposal must be.
        let mut cat = catalog(EE_FIRM);
        propose::catalog::rates::apply(&mut cat, &Source::new("r.csv", format!("EUR,0.92,{date}\n"))).unwrap();
        let p = propose::build(&Source::new("t.toml", text), &cat).unwrap();
        summary(&p)
    };
    assert_eq!(at("2025-06-30"), "domestic: VAT 22");
    assert_eq!(at("2026-04-06"), "domestic: VAT 24");
}

#[test]
fn the_shipped_us_firm_and_a_client_without_a_country() {
    // The sample firm is in New York, registered for GST/HST and QST in Canada.
    let cat = Catalog::embedded().unwrap();
    let p = |client: &str| propose::build(&Source::new("t.toml", intake(client, "")), &cat).unwrap();
    assert_eq!(summary(&p("country = \"US-CA\"")), "domestic: none");
    assert_eq!(summary(&p("country = \"US-HI\"")), "domestic: General excise tax (pass-on) 4.712");
    assert_eq!(summary(&p("country = \"CA-QC\"")), "registered: GST 5 + QST 9.975");
    let de = p("country = \"DE\"\ntax_id = \"DE123456788\"");
    assert_eq!(summary(&de), "eu-reverse-charge: none");
    assert_eq!((de.tax.firm_tax_id.as_deref(), de.tax.client_tax_id.as_deref()), (None, Some("DE123456788")));
    // Without the client's country the currency's tax applies, as before the rules.
    let none = p("");
    assert_eq!(summary(&none), "-: VAT 20");
    assert!(none.tax.notice.is_none());
    assert!(de.tax.notice.as_deref().unwrap().starts_with("Sample tax rules"));
}

#[test]
fn the_proposal_prints_the_wording_the_ids_and_the_withholding() {
    let dir = tempfile::tempdir().unwrap();
    let firm = dir.path().join("firm.toml");
    let embedded = propose::embedded::catalog_file("firm.toml").unwrap();
    let head = &embedded[..embedded.find("\n# Where the firm is established").unwrap()];
    std::fs::write(&firm, format!("{head}\n{UK_FIRM}")).unwrap();
    let text = intake("country = \"SA\"\ntax_id = \"300123456789003\"", "");
    let out = propose()
        .args(["render", "--format", "md", "--out"])
        .arg(dir.path().join("out"))
        .arg("--catalog")
        .arg(dir.path())
        .arg("-")
        .write_stdin(text)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let md = std::fs::read_to_string(dir.path().join("out/T-1.md")).unwrap();
    for expected in [
        UK_EXPORT,
        "A VAT-registered recipient accounts for Saudi VAT under the reverse charge",
        "| Saudi withholding tax (5%), paid by you to ZATCA | −€",
        "| **Net payment to CatDev** | **€",
        "Our tax ID: GB 123 4567 27. Your tax ID: 300123456789003.",
        "*Sample tax rules:",
    ] {
        assert!(md.contains(expected), "{expected}\n{md}");
    }
}

fn markdown_of(example: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let out = propose().args(["render", "--format", "md", "--out"]).arg(dir.path()).arg(example).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let file = std::fs::read_dir(dir.path()).unwrap().next().unwrap().unwrap().path();
    std::fs::read_to_string(file).unwrap()
}

/// Review 4, sales 8: the options' note said "Amounts include any discounts and tax" under a
/// reverse charge, where no tax is included.
#[test]
fn the_options_note_says_tax_is_included_only_when_it_is() {
    let untaxed = markdown_of("examples/tailspin-options.toml");
    assert!(untaxed.contains("Reverse charge: the customer is liable"), "Tailspin reverses the charge");
    assert!(!untaxed.contains("include any discounts and tax"), "no tax is included");
    assert!(untaxed.contains("with no tax added"));
    let text = std::fs::read_to_string("examples/tailspin-options.toml").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let taxed = dir.path().join("taxed.toml");
    std::fs::write(&taxed, text.replacen("[proposal]\n", "[proposal]\ntax = 20\ntax_reason = \"A test rate.\"\n", 1))
        .unwrap();
    assert!(markdown_of(taxed.to_str().unwrap()).contains("Amounts include any discounts and tax"));
}

/// Review 4, sales 9: the withholding text spoke of "the client" and "the firm" while the
/// table beside it said "paid by you", and wrote "5 %" beside the table's "5%".
#[test]
fn withholding_wording_speaks_to_the_client_and_writes_percentages_as_the_table() {
    for w in &crate::common::catalog().tax.withholdings {
        let lower = w.wording.to_lowercase();
        assert!(!lower.contains("the firm") && !lower.contains("the client"), "{}", w.wording);
        assert!(w.wording.starts_with("You "), "{}", w.wording);
        assert!(!w.wording.chars().zip(w.wording.chars().skip(1)).any(|(a, b)| a == ' ' && b == '%'), "{}", w.wording);
    }
    let gulf = markdown_of("examples/gulf-modernization.toml");
    assert!(
        gulf.contains("Kuwaiti tax retention (5%), paid by you to Kuwait’s Tax Administration (Ministry of Finance)")
    );
    assert!(
        gulf.contains("You retain 5% of each payment and pay it to Kuwait’s Tax Administration (Ministry of Finance)")
    );
}
