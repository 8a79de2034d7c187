//! The contract clauses (`terms.toml`): sample clauses, each for the engagement kinds it
//! speaks of, the parameters they fill in, and the reference to a master agreement.

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
