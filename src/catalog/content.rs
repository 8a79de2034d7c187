//! Checks of the texts a proposal is written from: scope texts name known scenarios and
//! phases, pre-sale and ongoing steps are marked consistently, and every placeholder is one
//! its place fills.

use super::check::Checker;
use super::fill;
use super::types::*;

pub(super) fn check(c: &mut Checker, cat: &Catalog) {
    scenarios(c, cat);
    steps(c, cat);
    tier_steps(c, cat);
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
                    "say how often it is reviewed with the client, e.g. `cadence = \"Monthly, in a service report\"`"
                        .into(),
                );
            }
        }
    }
}

/// A managed step marked `by_tier` says what it does at each service level: every tier
/// writes its description, and its milestone (`outcome`) or review (`cadence`), and
/// nothing else, so that no proposal promises what its tier does not include.
fn tier_steps(c: &mut Checker, cat: &Catalog) {
    const FILE: &str = "tiers.toml";
    for m in cat.models.iter().filter(|m| m.id != ModelKind::Managed) {
        for s in m.steps.iter().filter(|s| s.by_tier) {
            c.report(
                "models.toml",
                &format!("\"{}\"", s.id),
                format!(
                    "step `{}` of model `{}` is marked `by_tier`, but only managed services have tiers",
                    s.id,
                    m.id.id()
                ),
                "remove `by_tier = true`".into(),
            );
        }
    }
    let Some(managed) = cat.models.iter().find(|m| m.id == ModelKind::Managed) else { return };
    let per_tier: Vec<&Step> = managed.steps.iter().filter(|s| s.by_tier).collect();
    for t in &cat.tiers {
        for s in &per_tier {
            let texts = t.steps.get(&s.id).cloned().unwrap_or_default();
            let (needed, unused) = if s.ongoing { ("cadence", "outcome") } else { ("outcome", "cadence") };
            let has = |key: &str| match key {
                "description" => texts.description.is_some(),
                "outcome" => texts.outcome.is_some(),
                _ => texts.cadence.is_some(),
            };
            let missing: Vec<&str> = ["description", needed].into_iter().filter(|k| !has(k)).collect();
            if !missing.is_empty() {
                let list = missing.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(" and ");
                c.report(
                    FILE,
                    &format!("\"{}\"", t.id),
                    format!("tier `{}` has no {list} for the managed step `{}`", t.id, s.id),
                    format!(
                        "step `{}` is written per tier (`by_tier` in models.toml): add `[tier.steps.{}]` with `description` and `{needed}` as this service level delivers it",
                        s.id, s.id
                    ),
                );
            }
            if has(unused) {
                c.report_in(
                    FILE,
                    &format!("\"{}\"", t.id),
                    &format!("[tier.steps.{}]", s.id),
                    format!(
                        "tier `{}` gives step `{}` an `{unused}`, which a{} step never shows",
                        t.id,
                        s.id,
                        if s.ongoing { "n ongoing" } else { " set-up" }
                    ),
                    format!("write its `{needed}` instead"),
                );
            }
        }
        for id in t.steps.keys().filter(|id| !per_tier.iter().any(|s| &s.id == *id)) {
            let help = match per_tier.is_empty() {
                true => "mark the managed step `by_tier = true` in models.toml, or remove these texts".to_string(),
                false => format!(
                    "use a managed step marked `by_tier = true` in models.toml: {}",
                    crate::diag::one_of(per_tier.iter().map(|s| s.id.as_str()))
                ),
            };
            c.report_in(
                FILE,
                &format!("\"{}\"", t.id),
                &format!("[tier.steps.{id}]"),
                format!("tier `{}` has texts for `{id}`, which is not a managed step written per tier", t.id),
                help,
            );
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
    let o = &t.options;
    let texts: [(&str, &str, &[&str]); 58] = [
        ("so_far", &t.so_far, &[]),
        ("response_time.managed", &t.response_time.managed, &["response_time"]),
        ("response_time.managed_options", &t.response_time.managed_options, &["response_times"]),
        ("next_steps.option_service_start", &n.option_service_start, &["phase", "start", "steady_state"]),
        ("next_steps.option_start", &n.option_start, &[]),
        ("next_steps.option_deposit", &n.option_deposit, &[]),
        ("options.managed_title", &o.managed_title, &["count"]),
        ("options.kind_title", &o.kind_title, &["model", "count"]),
        ("options.mixed_title", &o.mixed_title, &["count"]),
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
        ("payments.interim", &p.interim, &["phase", "n", "count"]),
        ("payments.interim_acceptance", &p.interim_acceptance, &[]),
        ("payments.milestone_interim", &p.milestone_interim, &["phase", "n", "count"]),
        ("payments.milestone_last", &p.milestone_last, &["phase", "n", "count"]),
        ("billing.contingency", &b.contingency, &[]),
        ("billing.contingency_note", &b.contingency_note, &[]),
        ("billing.onboarding", &b.onboarding, &[]),
        ("billing.transition", &b.transition, &[]),
        ("billing.retainer", &b.retainer, &["hours"]),
        ("billing.retainer_package", &b.retainer_package, &["package", "hours"]),
        ("billing.managed_commencement", &b.managed_commencement, &["service", "commencement"]),
        ("billing.managed_commencement_setup", &b.managed_commencement_setup, &["service", "commencement"]),
        ("billing.managed_start", &b.managed_start, &["service", "start"]),
        ("billing.time_and_materials", &b.time_and_materials, &[]),
        ("billing.not_to_exceed", &b.not_to_exceed, &["cap"]),
        ("billing.discount", &b.discount, &[]),
        ("pdf.cover_label", &l.cover_label, &["number"]),
        ("pdf.prepared_for_line", &l.prepared_for_line, &["client"]),
        ("pdf.prepared_for_named", &l.prepared_for_named, &["client"]),
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
        ("pdf.interim", &l.interim, &[]),
        ("pdf.subject", &l.subject, &["client"]),
        ("pdf.contents", &l.contents, &[]),
        ("pdf.continued", &l.continued, &["heading"]),
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
