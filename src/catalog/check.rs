//! Catalog validation: broken references, missing or negative prices, empty texts. Every
//! problem is reported, located in the file it comes from.

use super::types::*;
use crate::diag::{did_you_mean, one_of, Diagnostic, Error, Location, Result, Source};
use crate::money::{Currency, Locale};
use rust_decimal::Decimal;
use std::collections::HashSet;
use std::path::Path;

/// `propose catalog check DIR`: loads the catalog from DIR (embedded files fill any gap) and
/// reports every problem at once.
pub fn check(dir: &Path) -> Result<Catalog> {
    Catalog::load(Some(dir))
}

/// Collects problems against the files they come from.
struct Checker<'a> {
    sources: &'a [Source],
    found: Vec<Diagnostic>,
}

impl Checker<'_> {
    fn source(&self, file: &str) -> &Source {
        let i = super::FILES.iter().position(|f| *f == file).unwrap_or(0);
        &self.sources[i]
    }

    /// Reports a problem at the first place `needle` (a quoted value or `key = value`)
    /// stands in `file`, or at the file when it cannot be found.
    fn report(&mut self, file: &str, needle: &str, message: String, help: String) {
        let source = self.source(file);
        let location =
            find(&source.text, needle).map_or_else(|| Location::file(&source.name), |span| Location::of(source, span));
        self.found.push(Diagnostic::new(message).at(location).help(help));
    }

    fn reference(&mut self, file: &str, what: &str, found: &str, known: &[&str]) {
        if known.contains(&found) {
            return;
        }
        let source = self.source(file);
        let needle = format!("\"{found}\"");
        let location =
            find(&source.text, &needle).map_or_else(|| Location::file(&source.name), |s| Location::of(source, s));
        let mut d = Diagnostic::new(format!("unknown {what} `{found}`")).at(location);
        d = match did_you_mean(found, known.iter().copied()) {
            Some(s) => d.label(format!("did you mean `{s}`?")),
            None => d.label(format!("no such {what}")),
        };
        self.found.push(d.help(format!("use one of {}", one_of(known.iter().copied()))));
    }

    fn positive(&mut self, file: &str, key: &str, owner: &str, value: Dec, allow_zero: bool) {
        let ok = if allow_zero { value.0 >= Decimal::ZERO } else { value.0 > Decimal::ZERO };
        if !ok {
            let needle = format!("{key} = ");
            let bound = if allow_zero { "zero or more" } else { "more than zero" };
            self.report(
                file,
                &needle_with_value(&needle, value),
                format!("`{key}` of {owner} is {}, but must be {bound}", value.0),
                format!("set `{key}` to a price or factor {bound}"),
            );
        }
    }

    fn unique<'s>(&mut self, file: &str, what: &str, ids: impl IntoIterator<Item = &'s str>) {
        let mut seen = HashSet::new();
        for id in ids {
            if id.trim().is_empty() {
                self.report(
                    file,
                    "id = \"\"",
                    format!("a {what} has an empty id"),
                    "give it a short kebab-case id".into(),
                );
            } else if !seen.insert(id) {
                self.report(
                    file,
                    &format!("\"{id}\""),
                    format!("{what} `{id}` is defined twice"),
                    "rename or remove one of them".into(),
                );
            }
        }
    }
}

fn needle_with_value(prefix: &str, value: Dec) -> String {
    format!("{prefix}\u{0}{}", value.0)
}

/// Finds `needle` in `text`; a needle with a NUL joins a key prefix and a value that may be
/// quoted or bare (`rate = -5` or `rate = "-5"`).
fn find(text: &str, needle: &str) -> Option<std::ops::Range<usize>> {
    if let Some((key, value)) = needle.split_once('\u{0}') {
        for candidate in [format!("{key}{value}"), format!("{key}\"{value}\"")] {
            if let Some(at) = text.find(&candidate) {
                return Some(at + key.len()..at + candidate.len());
            }
        }
        return text.find(key).map(|at| at..at + key.len());
    }
    text.find(needle).map(|at| at..at + needle.len())
}

/// Checks the merged catalog and fills in derived data (tiers' resolved features).
pub(super) fn check_parts(catalog: &mut Catalog, sources: &[Source]) -> Result<()> {
    let mut c = Checker { sources, found: Vec::new() };
    check_firm(&mut c, catalog);
    check_models(&mut c, catalog);
    check_tiers(&mut c, catalog);
    check_processes(&mut c, catalog);
    check_pricing(&mut c, catalog);
    check_effort(&mut c, catalog);
    check_texts(&mut c, catalog);
    match c.found.len() {
        0 => Ok(()),
        1 => Err(Error::from(c.found.remove(0))),
        _ => Err(Error::Inputs(c.found)),
    }
}

fn check_firm(c: &mut Checker, cat: &Catalog) {
    let f = &cat.firm;
    if Locale::from_tag(&f.default_locale).is_none() {
        let known: Vec<&str> = Locale::ALL.iter().map(|(t, _)| *t).collect();
        c.reference("firm.toml", "locale", &f.default_locale, &known);
    }
    let codes: Vec<&str> = cat.pricing.currencies.iter().map(|r| r.code.as_str()).collect();
    c.reference("firm.toml", "currency", &f.default_currency, &codes);
    if f.validity_days == 0 {
        c.report(
            "firm.toml",
            "validity_days",
            "`validity_days` is 0".into(),
            "a proposal must stay valid for at least one day".into(),
        );
    }
}

fn check_models(c: &mut Checker, cat: &Catalog) {
    for (name, kind) in ModelKind::ALL {
        let n = cat.models.iter().filter(|m| m.id == kind).count();
        if n != 1 {
            c.report(
                "models.toml",
                "[[model]]",
                format!("model `{name}` appears {n} times"),
                "define each of `project`, `advisory` and `managed` exactly once".into(),
            );
        }
    }
    for m in &cat.models {
        c.unique("models.toml", "scenario", m.ideal_for.iter().map(|s| s.id.as_str()));
        c.unique("models.toml", "step", m.steps.iter().map(|s| s.id.as_str()));
        if m.ideal_for.is_empty() || m.steps.is_empty() {
            c.report(
                "models.toml",
                &format!("\"{}\"", m.id.id()),
                format!("model `{}` needs `ideal_for` scenarios and `steps`", m.id.id()),
                "add at least one of each".into(),
            );
        }
        if m.id == ModelKind::Project {
            continue;
        }
        // Advisory and managed engagements are scheduled by their steps.
        for s in &m.steps {
            if s.days.is_some() == s.ongoing || s.days == Some(0) {
                c.report(
                    "models.toml",
                    &format!("\"{}\"", s.id),
                    format!(
                        "step `{}` of model `{}` needs either `days = N` (N > 0) or `ongoing = true`",
                        s.id,
                        m.id.id()
                    ),
                    "give the step a duration in business days, or mark it ongoing".into(),
                );
            }
        }
        if !m.steps.iter().any(|s| s.ongoing) {
            c.report(
                "models.toml",
                &format!("\"{}\"", m.id.id()),
                format!("model `{}` has no ongoing step", m.id.id()),
                "mark the steady-state step `ongoing = true`".into(),
            );
        }
    }
}

fn check_tiers(c: &mut Checker, cat: &mut Catalog) {
    c.unique("tiers.toml", "tier", cat.tiers.iter().map(|t| t.id.as_str()));
    let ids: Vec<String> = cat.tiers.iter().map(|t| t.id.clone()).collect();
    let known: Vec<&str> = ids.iter().map(String::as_str).collect();
    for t in &cat.tiers {
        c.positive("tiers.toml", "multiplier", &format!("tier `{}`", t.id), t.multiplier, false);
        c.positive("tiers.toml", "cost_multiplier", &format!("tier `{}`", t.id), t.cost_multiplier, false);
        if let Some(parent) = &t.inherits {
            c.reference("tiers.toml", "tier", parent, &known);
        }
    }
    // Resolve inherited features, refusing cycles.
    let resolved: Vec<Option<Vec<String>>> = (0..cat.tiers.len()).map(|i| resolve_includes(&cat.tiers, i)).collect();
    for (tier, all) in cat.tiers.iter_mut().zip(resolved) {
        match all {
            Some(all) => tier.all_includes = all,
            None => c.report(
                "tiers.toml",
                &format!("\"{}\"", tier.id),
                format!("tier `{}` inherits from itself through `inherits`", tier.id),
                "remove the cycle of `inherits`".into(),
            ),
        }
    }
}

fn resolve_includes(tiers: &[Tier], start: usize) -> Option<Vec<String>> {
    let mut chain = vec![start];
    let mut at = start;
    while let Some(parent) = &tiers[at].inherits {
        let Some(p) = tiers.iter().position(|t| &t.id == parent) else { break };
        if chain.contains(&p) {
            return None;
        }
        chain.push(p);
        at = p;
    }
    Some(chain.iter().rev().flat_map(|i| tiers[*i].includes.iter().cloned()).collect())
}

fn check_processes(c: &mut Checker, cat: &Catalog) {
    c.unique("processes.toml", "process", cat.processes.iter().map(|p| p.id.as_str()));
    for p in &cat.processes {
        c.unique("processes.toml", "phase", p.phases.iter().map(|ph| ph.id.as_str()));
        if p.phases.is_empty() {
            c.report(
                "processes.toml",
                &format!("\"{}\"", p.id),
                format!("process `{}` has no phases", p.id),
                "add `[[process.phases]]` tables".into(),
            );
        }
        let total: Decimal = p.deposit_percent.0 + p.phases.iter().map(|ph| ph.payment_percent.0).sum::<Decimal>();
        if total != Decimal::ONE_HUNDRED {
            c.report(
                "processes.toml",
                &format!("\"{}\"", p.id),
                format!("payment shares of process `{}` add up to {total}%, not 100%", p.id),
                "make `deposit_percent` and the phases' `payment_percent` sum to 100".into(),
            );
        }
        c.positive("processes.toml", "deposit_percent", &format!("process `{}`", p.id), p.deposit_percent, true);
        for ph in &p.phases {
            c.positive("processes.toml", "payment_percent", &format!("phase `{}`", ph.id), ph.payment_percent, true);
        }
    }
}

fn check_pricing(c: &mut Checker, cat: &Catalog) {
    let p = &cat.pricing;
    let f = "pricing.toml";
    if Currency::from_code(&p.base_currency).is_none() {
        c.reference(f, "currency", &p.base_currency, &Currency::codes().collect::<Vec<_>>());
    }
    for r in &p.currencies {
        if Currency::from_code(&r.code).is_none() {
            c.reference(f, "currency", &r.code, &Currency::codes().collect::<Vec<_>>());
        }
        c.positive(f, "fx", &format!("currency `{}`", r.code), r.fx, false);
        c.positive(f, "tax_percent", &format!("currency `{}`", r.code), r.tax_percent, true);
    }
    if !p.currencies.iter().any(|r| r.code == p.base_currency && r.fx.0 == Decimal::ONE) {
        c.report(
            f,
            "base_currency",
            format!("base currency `{}` is not listed with `fx = 1`", p.base_currency),
            "add it to `[[currencies]]` with `fx = 1`".into(),
        );
    }
    c.positive(f, "hours_per_day", "the firm", p.hours_per_day, false);
    c.unique(f, "role", p.roles.iter().map(|r| r.id.as_str()));
    for r in &p.roles {
        c.positive(f, "rate", &format!("role `{}`", r.id), r.rate, false);
        c.positive(f, "cost", &format!("role `{}`", r.id), r.cost, true);
    }
    for (name, _) in Size::ALL {
        match p.sizes.get(name) {
            Some(v) => c.positive(f, name, &format!("size `{name}`"), *v, false),
            None => c.report(
                f,
                "[sizes]",
                format!("size `{name}` has no factor"),
                format!("add `{name} = \"1.0\"` under `[sizes]`"),
            ),
        }
    }
    let roles: Vec<&str> = p.roles.iter().map(|r| r.id.as_str()).collect();
    c.reference(f, "role", &p.advisory.role, &roles);
    c.positive(f, "risk_premium_percent", "projects", p.project.risk_premium_percent, true);
    c.positive(f, "overage_percent", "advisory", p.advisory.overage_percent, true);
    if p.advisory.packages.is_empty() {
        c.report(f, "[advisory]", "no retainer packages".into(), "add `[[advisory.packages]]` tables".into());
    }
    for pk in &p.advisory.packages {
        if pk.discount_percent.0 < Decimal::ZERO || pk.discount_percent.0 >= Decimal::ONE_HUNDRED {
            c.report(
                f,
                &format!("\"{}\"", pk.id),
                format!("package `{}` has discount {}%", pk.id, pk.discount_percent.0),
                "use a discount from 0 up to (not including) 100".into(),
            );
        }
    }
    c.positive(f, "onboarding_base", "managed services", p.managed.onboarding_base, true);
    c.positive(f, "transition_fee", "managed services", p.managed.transition_fee, true);
    c.positive(f, "fee_cost_percent", "managed services", p.managed.fee_cost_percent, true);
    c.positive(f, "max_discount_percent", "the policy", p.policy.max_discount_percent, true);
    c.positive(f, "min_margin_percent", "the policy", p.policy.min_margin_percent, true);
    c.positive(f, "second_approver_above", "the policy", p.policy.second_approver_above, true);
    c.unique(f, "inventory item", p.managed.items.iter().map(|i| i.id.as_str()));
    for i in &p.managed.items {
        c.positive(f, "monthly", &format!("item `{}`", i.id), i.monthly, false);
        c.positive(f, "onboarding", &format!("item `{}`", i.id), i.onboarding, true);
        c.positive(f, "cost", &format!("item `{}`", i.id), i.cost, true);
    }
}

fn check_effort(c: &mut Checker, cat: &Catalog) {
    let f = "effort.toml";
    let project = cat.models.iter().find(|m| m.id == ModelKind::Project);
    let scenarios: Vec<&str> = project.map(|m| m.ideal_for.iter().map(|s| s.id.as_str()).collect()).unwrap_or_default();
    let processes: Vec<&str> = cat.processes.iter().map(|p| p.id.as_str()).collect();
    let roles: Vec<&str> = cat.pricing.roles.iter().map(|r| r.id.as_str()).collect();
    for e in &cat.effort {
        c.reference(f, "scenario", &e.scenario, &scenarios);
        c.reference(f, "process", &e.process, &processes);
        let Some(process) = cat.processes.iter().find(|p| p.id == e.process) else { continue };
        let phases: Vec<&str> = process.phases.iter().map(|p| p.id.as_str()).collect();
        for (phase, by_role) in &e.hours {
            if !phases.contains(&phase.as_str()) {
                let mut d = Diagnostic::new(format!("unknown phase `{phase}` in effort for `{}`", e.scenario));
                d = d.at(locate_key(c.source(f), phase));
                if let Some(s) = did_you_mean(phase, phases.iter().copied()) {
                    d = d.label(format!("did you mean `{s}`?"));
                }
                c.found.push(d.help(format!("process `{}` has phases {}", e.process, one_of(phases.iter().copied()))));
            }
            for (role, hours) in by_role {
                if !roles.contains(&role.as_str()) {
                    let mut d = Diagnostic::new(format!("unknown role `{role}` in effort for `{}`", e.scenario))
                        .at(locate_key(c.source(f), role));
                    if let Some(s) = did_you_mean(role, roles.iter().copied()) {
                        d = d.label(format!("did you mean `{s}`?"));
                    }
                    c.found.push(d.help(format!("roles on the rate card are {}", one_of(roles.iter().copied()))));
                }
                c.positive(f, role, &format!("effort for `{}`", e.scenario), *hours, true);
            }
        }
    }
    for s in &scenarios {
        if !cat.effort.iter().any(|e| &e.scenario == s) {
            c.report(
                "models.toml",
                &format!("\"{s}\""),
                format!("project scenario `{s}` has no effort table"),
                "add an `[[effort]]` for it in effort.toml".into(),
            );
        }
    }
}

fn locate_key(source: &Source, key: &str) -> Location {
    match find(&source.text, &format!("{key} =")).or_else(|| find(&source.text, key)) {
        Some(span) => Location::of(source, span.start..span.start + key.len()),
        None => Location::file(&source.name),
    }
}

/// Every text in the catalog must say something: an empty string would print as a gap in a
/// client's proposal.
fn check_texts(c: &mut Checker, cat: &Catalog) {
    let parts: [(&str, serde_json::Result<serde_json::Value>); 6] = [
        ("firm.toml", serde_json::to_value(&cat.firm)),
        ("models.toml", serde_json::to_value(&cat.models)),
        ("tiers.toml", serde_json::to_value(&cat.tiers)),
        ("processes.toml", serde_json::to_value(&cat.processes)),
        ("texts.toml", serde_json::to_value(&cat.texts)),
        ("pricing.toml", serde_json::to_value(&cat.pricing)),
    ];
    for (file, value) in parts {
        let Ok(value) = value else { continue };
        let mut empty = Vec::new();
        empty_strings(&value, String::new(), &mut empty);
        for path in empty {
            c.report(file, "= \"\"", format!("empty text at `{path}`"), "write the text, or remove the entry".into());
        }
    }
}

fn empty_strings(v: &serde_json::Value, path: String, out: &mut Vec<String>) {
    match v {
        serde_json::Value::String(s) if s.trim().is_empty() => out.push(path),
        serde_json::Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                empty_strings(item, format!("{path}[{i}]"), out);
            }
        }
        serde_json::Value::Object(map) => {
            for (k, item) in map {
                let p = if path.is_empty() { k.clone() } else { format!("{path}.{k}") };
                empty_strings(item, p, out);
            }
        }
        _ => {}
    }
}
