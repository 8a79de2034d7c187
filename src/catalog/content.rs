//! Checks of the texts a proposal is written from: scope texts name known scenarios and
//! phases, pre-sale and ongoing steps are marked consistently, and every placeholder is one
//! its place fills.

use super::check::Checker;
use super::fill;
use super::types::*;

pub(super) fn check(c: &mut Checker, cat: &Catalog) {
    scenarios(c, cat);
    steps(c, cat);
    placeholders(c, cat);
}

/// Each `[[scenario]]` is a project scenario, once, and its phases are phases of a process.
fn scenarios(c: &mut Checker, cat: &Catalog) {
    const FILE: &str = "scenarios.toml";
    c.unique(FILE, "scenario", cat.scenarios.iter().map(|s| s.id.as_str()));
    let project = cat.models.iter().find(|m| m.id == ModelKind::Project);
    let known: Vec<&str> = project.map(|m| m.ideal_for.iter().map(|s| s.id.as_str()).collect()).unwrap_or_default();
    let phases: Vec<&str> = cat.processes.iter().flat_map(|p| p.phases.iter().map(|ph| ph.id.as_str())).collect();
    for s in &cat.scenarios {
        c.reference(FILE, "project scenario", &s.id, &known);
        for id in s.phases.keys() {
            if !phases.contains(&id.as_str()) {
                c.report(
                    FILE,
                    &format!("[scenario.phases.{id}]"),
                    format!("scenario `{}` has texts for `{id}`, which no process has as a phase", s.id),
                    format!("use a phase id of processes.toml: {}", crate::diag::one_of(phases.iter().copied())),
                );
            }
        }
    }
}

/// A pre-sale step happens before the work, so it cannot run on; an ongoing step has a
/// review cadence, which the client gets instead of a milestone.
fn steps(c: &mut Checker, cat: &Catalog) {
    for m in &cat.models {
        for s in &m.steps {
            let needle = format!("\"{}\"", s.id);
            if s.presale && s.ongoing {
                c.report(
                    "models.toml",
                    &needle,
                    format!("step `{}` is both `presale` and `ongoing`", s.id),
                    "a pre-sale step is done at signature: remove one of the two".into(),
                );
            }
            if s.ongoing && s.cadence.is_none() {
                c.report(
                    "models.toml",
                    &needle,
                    format!("ongoing step `{}` has no `cadence`", s.id),
                    "say how often it is reviewed with the client, e.g. `cadence = \"Monthly service report\"`".into(),
                );
            }
        }
    }
}

/// The placeholders each text may use.
fn placeholders(c: &mut Checker, cat: &Catalog) {
    let t = &cat.texts;
    let n = &t.next_steps;
    let p = &t.payments;
    let b = &t.billing;
    let l = &t.pdf;
    let texts: [(&str, &str, &[&str]); 42] = [
        ("so_far", &t.so_far, &[]),
        ("response_time.managed", &t.response_time.managed, &["response_time"]),
        ("terms.validity", &t.terms.validity, &["valid_until"]),
        ("next_steps.sign", &n.sign, &["email", "valid_until"]),
        ("next_steps.deposit", &n.deposit, &["amount"]),
        ("next_steps.kickoff", &n.kickoff, &["start", "consultant"]),
        ("next_steps.first_milestone", &n.first_milestone, &["milestone", "date"]),
        ("next_steps.retainer_start", &n.retainer_start, &["start", "consultant"]),
        ("next_steps.service_start", &n.service_start, &["phase", "service", "start", "steady_state"]),
        ("next_steps.questions", &n.questions, &["consultant", "email"]),
        ("payments.deposit", &p.deposit, &[]),
        ("payments.milestone", &p.milestone, &["phase"]),
        ("payments.fee", &p.fee, &["fee"]),
        ("payments.month", &p.month, &["n", "count"]),
        ("payments.estimate_month", &p.estimate_month, &["n", "count"]),
        ("billing.contingency", &b.contingency, &[]),
        ("billing.contingency_note", &b.contingency_note, &[]),
        ("billing.onboarding", &b.onboarding, &[]),
        ("billing.transition", &b.transition, &[]),
        ("billing.retainer", &b.retainer, &["hours"]),
        ("billing.retainer_package", &b.retainer_package, &["package", "hours"]),
        ("billing.managed_commencement", &b.managed_commencement, &["service", "commencement"]),
        ("billing.managed_start", &b.managed_start, &["service", "start"]),
        ("billing.time_and_materials", &b.time_and_materials, &[]),
        ("billing.not_to_exceed", &b.not_to_exceed, &["cap"]),
        ("pdf.cover_label", &l.cover_label, &["number"]),
        ("pdf.prepared_for_line", &l.prepared_for_line, &["client"]),
        ("pdf.prepared_for", &l.prepared_for, &[]),
        ("pdf.prepared_by", &l.prepared_by, &[]),
        ("pdf.number", &l.number, &[]),
        ("pdf.date", &l.date, &[]),
        ("pdf.valid_until", &l.valid_until, &[]),
        ("pdf.running_number", &l.running_number, &["number"]),
        ("pdf.revision", &l.revision, &["revision"]),
        ("pdf.reference", &l.reference, &["ref"]),
        ("pdf.page", &l.page, &["n", "total"]),
        ("pdf.draft", &l.draft, &[]),
        ("pdf.phase", &l.phase, &[]),
        ("pdf.ongoing", &l.ongoing, &[]),
        ("pdf.milestone", &l.milestone, &[]),
        ("pdf.subject", &l.subject, &["client"]),
        ("pdf.contents", &l.contents, &[]),
    ];
    let quote = t.quote.texts();
    let quote = quote.iter().map(|(key, text, allowed)| (format!("quote.{key}"), *text, *allowed));
    let texts = texts.iter().map(|(key, text, allowed)| (key.to_string(), *text, *allowed)).chain(quote);
    for (key, text, allowed) in texts {
        if let Some(bad) = fill::unknown(text, allowed) {
            let help = match allowed {
                [] => "this text takes no placeholders: write it out".to_string(),
                _ => {
                    format!("use only {}", allowed.iter().map(|a| format!("`{{{a}}}`")).collect::<Vec<_>>().join(", "))
                }
            };
            c.report("texts.toml", bad, format!("`{key}` uses the placeholder `{bad}`, which it does not know"), help);
        }
    }
}
