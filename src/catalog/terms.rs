//! The contract clauses (`terms.toml`): sample clauses, each for the engagement kinds it
//! speaks of, the parameters they fill in, how they write a governing law the intake names
//! (a country in the proposal's language), and the reference to a master agreement.

use super::check::Checker;
use super::{fill, Catalog, Count, ModelKind};
use serde::{Deserialize, Serialize};

/// The placeholders a clause (or the master-agreement sentence) may use.
pub const CLAUSE_PLACEHOLDERS: [&str; 6] =
    ["payment_days", "late_interest", "governing_law", "venue", "notice_days", "project_notice_days"];

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContractTerms {
    /// The clauses are samples: the proposal says so, as it does of sample rates.
    pub sample: bool,
    /// What the proposal says when `sample` is set.
    pub notice: String,
    /// The sentence referring to the firm's master agreement, printed first; none without one.
    pub master_agreement: Option<String>,
    pub parameters: TermParameters,
    /// How `{governing_law}` writes a law the intake names (`[law]`).
    #[serde(default)]
    pub law: LawNames,
    /// In the order printed; at most [`super::limits::MAX_LIST`].
    #[serde(default)]
    pub clause: Vec<Clause>,
}

/// The values clauses fill in; an intake may set `governing_law`, `venue` and `payment_days`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TermParameters {
    /// Days an invoice is payable in.
    pub payment_days: Count<1, 120>,
    /// The late-payment interest, as the clause states it ("1% a month").
    pub late_interest: String,
    pub governing_law: String,
    pub venue: String,
    /// The notice period of managed services, in days.
    pub notice_days: Count<0, 365>,
    /// The notice period for ending a project, in days.
    pub project_notice_days: Count<0, 365>,
}

/// How `{governing_law}` writes a law the intake names: a country the catalog names (by its
/// ISO code or English name) in the clause's language, any other name through `named`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LawNames {
    /// Writes a name that is no country of `countries` (`{name}` is the intake's text);
    /// none writes it as it stands.
    pub named: Option<String>,
    /// Each country's law by ISO code, as `{governing_law}` writes it ("Japan", 日本).
    #[serde(default)]
    pub countries: std::collections::BTreeMap<String, String>,
}

impl LawNames {
    /// The ISO code of the country of `countries` that `name` names: by its code, its
    /// English name in the calendar data, or as `countries` writes it, whatever the case and
    /// with or without a leading "the" ("JP", "japan", "the Netherlands", 日本).
    pub fn country(&self, name: &str) -> Option<&str> {
        let name = name.trim();
        // Trimmed, without a leading "the ", compared lowercased without allocating: every
        // quote asks (a string per country per lookup was 0.16 M instructions of a `quote`).
        fn bare(s: &str) -> &str {
            let s = s.trim();
            match s.get(..4) {
                Some(the) if the.eq_ignore_ascii_case("the ") => &s[4..],
                _ => s,
            }
        }
        let wanted = bare(name);
        let same =
            |s: &str| bare(s).chars().flat_map(char::to_lowercase).eq(wanted.chars().flat_map(char::to_lowercase));
        self.countries
            .iter()
            .find(|(code, written)| {
                code.eq_ignore_ascii_case(name)
                    || same(written)
                    || crate::calendar::country(code).is_some_and(|c| same(c.name))
            })
            .map(|(code, _)| code.as_str())
    }

    /// `name` as `{governing_law}` writes it: the country's law it names, or `named` filled.
    pub fn write(&self, name: &str) -> String {
        match self.country(name) {
            Some(code) => self.countries[code].clone(),
            None => self.named.as_deref().map_or_else(|| name.to_string(), |n| fill(n, &[("name", name)])),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Clause {
    pub id: String,
    pub title: String,
    pub text: String,
    /// The engagement kinds it speaks of: printed only when the proposal offers one.
    pub applies_to: Vec<ModelKind>,
}

/// Each clause once, for at least one engagement kind, using only the placeholders
/// [`CLAUSE_PLACEHOLDERS`] (so is the master-agreement sentence).
pub(super) fn check(c: &mut Checker, cat: &Catalog) {
    const FILE: &str = "terms.toml";
    let t = &cat.terms;
    c.unique(FILE, "clause", t.clause.iter().map(|x| x.id.as_str()));
    let help =
        format!("use only {}", CLAUSE_PLACEHOLDERS.iter().map(|a| format!("`{{{a}}}`")).collect::<Vec<_>>().join(", "));
    if let Some(bad) = t.master_agreement.as_deref().and_then(|m| fill::unknown(m, &CLAUSE_PLACEHOLDERS)) {
        c.report(
            FILE,
            bad,
            format!("`master_agreement` uses the placeholder `{bad}`, which it does not know"),
            help.clone(),
        );
    }
    if let Some(bad) = t.law.named.as_deref().and_then(|n| fill::unknown(n, &["name"])) {
        c.report(
            FILE,
            bad,
            format!("`law.named` uses the placeholder `{bad}`, which it does not know"),
            "use only `{name}`".into(),
        );
    }
    for code in t.law.countries.keys().filter(|k| crate::calendar::country(k).is_none()) {
        c.report(
            FILE,
            code,
            format!("`law.countries` names `{code}`, which is no ISO country code"),
            "key each country by its two-letter ISO code, e.g. `JP = \"Japan\"`".into(),
        );
    }
    for x in &t.clause {
        if let Some(bad) = fill::unknown(&x.text, &CLAUSE_PLACEHOLDERS) {
            let message = format!("clause `{}` uses the placeholder `{bad}`, which it does not know", x.id);
            c.report(FILE, bad, message, help.clone());
        }
        if x.applies_to.is_empty() {
            c.report(
                FILE,
                &format!("\"{}\"", x.id),
                format!("clause `{}` applies to no engagement kind", x.id),
                "list the kinds it speaks of, e.g. `applies_to = [\"project\", \"advisory\", \"managed\"]`".into(),
            );
        }
    }
}
