//! Catalog validation: broken references, prices that must be above zero, payment shares,
//! empty or overlong texts and lists. Every problem is reported, located in the file it comes
//! from. (Each number's own range is checked as the file is parsed: [`super::values`].)

use super::limits::{MAX_LIST, MAX_TEXT};
use super::types::*;
use super::values::FxRate;
use crate::diag::{did_you_mean, one_of, Diagnostic, Error, Location, Result, Source};
use crate::money::{Currency, Locale};
use rust_decimal::Decimal;
use std::collections::HashSet;
use std::path::Path;

/// `propose catalog check DIR`: loads the catalog from DIR (embedded files fill any gap) and
/// reports every problem at once; then checks each translation that applies to it. Returns
/// the catalog and, per language, the translations it lacks (none: it can be written in it).
pub fn check(dir: &Path) -> Result<(Catalog, super::Languages)> {
    let catalog = Catalog::load(Some(dir))?;
    let languages = catalog.languages();
    for (language, missing) in &languages {
        if missing.is_empty() {
            catalog.in_language(*language)?;
        }
    }
    Ok((catalog, languages))
}

/// Collects problems against the files they come from.
pub(super) struct Checker<'a> {
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
    pub(super) fn report(&mut self, file: &str, needle: &str, message: String, help: String) {
        let source = self.source(file);
        let location =
            find(&source.text, needle).map_or_else(|| Location::file(&source.name), |span| Location::of(source, span));
        self.found.push(Diagnostic::new(message).at(location).help(help));
    }

    /// Reports a problem at the first `needle` after `anchor` (an entry's `"id"`) in
    /// `file`, or at the anchor when the entry has no such text.
    pub(super) fn report_in(&mut self, file: &str, anchor: &str, needle: &str, message: String, help: String) {
        let source = self.source(file);
        let span = find(&source.text, anchor).map(|a| {
            let after = a.end;
            find(&source.text[after..], needle).map_or(a, |n| after + n.start..after + n.end)
        });
        let location = span.map_or_else(|| Location::file(&source.name), |span| Location::of(source, span));
        self.found.push(Diagnostic::new(message).at(location).help(help));
    }

    pub(super) fn reference(&mut self, file: &str, what: &str, found: &str, known: &[&str]) {
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

    /// A price the checked type lets be zero but this use needs above it.
    fn positive(&mut self, file: &str, key: &str, owner: &str, value: Decimal) {
        if value <= Decimal::ZERO {
            let needle = format!("{key} = ");
            self.report(
                file,
                &needle_with_value(&needle, value),
                format!("`{key}` of {owner} is {}, but must be more than zero", value.normalize()),
                format!("set `{key}` to a price more than zero"),
            );
        }
    }

    pub(super) fn unique<'s>(&mut self, file: &str, what: &str, ids: impl IntoIterator<Item = &'s str>) {
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

fn needle_with_value(prefix: &str, value: Decimal) -> String {
    format!("{prefix}\u{0}{value}")
}

/// Finds `needle` in `text`; a needle with a NUL joins a key prefix and a value that may be
/// quoted or bare (`rate = -5` or `rate = "-5"`).
fn find(text: &str, needle: &str) -> Option<std::ops::Range<usize>> {
    if needle.is_empty() {
        return None;
    }
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

/// Checks the merged catalog (all of it when `all`, else only what derived data needs) and
/// fills in derived data (tiers' resolved features, [`super::resolve`]).
pub(super) fn check_parts(catalog: &mut Catalog, sources: &[Source], all: bool) -> Result<()> {
    let mut c = Checker { sources, found: Vec::new() };
    if all {
        check_firm(&mut c, catalog);
        check_models(&mut c, catalog);
    }
    check_tiers(&mut c, catalog);
    if all {
        check_processes(&mut c, catalog);
        check_pricing(&mut c, catalog);
        check_effort(&mut c, catalog);
        check_texts(&mut c, catalog);
        super::content::check(&mut c, catalog);
        super::tax::check_tax(&mut c, catalog);
        super::terms::check(&mut c, catalog);
    }
    match c.found.len() {
        0 => {
            catalog.resolved = super::resolve::resolve(catalog)?;
            Ok(())
        }
        1 => Err(Error::from(c.found.remove(0))),
        _ => Err(Error::Inputs(c.found)),
    }
}

fn check_firm(c: &mut Checker, cat: &Catalog) {
    let f = &cat.firm;
    if Locale::from_tag(&f.default_locale).is_none() {
        let known: Vec<&str> = Locale::all().iter().map(|(t, _)| *t).collect();
        c.reference("firm.toml", "locale", &f.default_locale, &known);
    }
    let codes: Vec<&str> = cat.pricing.currencies.iter().map(|r| r.code.as_str()).collect();
    c.reference("firm.toml", "currency", &f.default_currency, &codes);
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
            if s.days.is_some() == s.ongoing {
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
        if let Some(parent) = &t.inherits {
            c.reference("tiers.toml", "tier", parent, &known);
        }
    }
    // Resolve inherited features, refusing cycles.
    let resolved: Vec<Option<Vec<String>>> = (0..cat.tiers.len()).map(|i| resolve_includes(&cat.tiers, i)).collect();
    for (tier, all) in cat.tiers.iter_mut().zip(resolved) {
        match all {
            Some(all) if all.len() > MAX_LIST => c.report(
                "tiers.toml",
                &format!("\"{}\"", tier.id),
                format!(
                    "tier `{}` includes {} features with those it inherits, more than {MAX_LIST}",
                    tier.id,
                    all.len()
                ),
                "list fewer features, or inherit from fewer tiers".into(),
            ),
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

pub(super) fn resolve_includes(tiers: &[Tier], start: usize) -> Option<Vec<String>> {
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
        let total: Decimal =
            p.deposit_percent.get() + p.phases.iter().map(|ph| ph.payment_percent.get()).sum::<Decimal>();
        if total != Decimal::ONE_HUNDRED {
            c.report(
                "processes.toml",
                &format!("\"{}\"", p.id),
                format!("payment shares of process `{}` add up to {total}%, not 100%", p.id),
                "make `deposit_percent` and the phases' `payment_percent` sum to 100".into(),
            );
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
    }
    c.unique(f, "currency", p.currencies.iter().map(|r| r.code.as_str()));
    if p.fx_date.as_ref().is_some_and(|d| super::values::toml_date(d).is_none()) {
        c.report(
            "pricing.toml",
            "fx_date = ",
            "`fx_date` is not a date".into(),
            "write the day the rates were taken, e.g. `fx_date = 2026-03-02`".into(),
        );
    }
    if !p.currencies.iter().any(|r| r.code == p.base_currency && r.fx.is_none_or(|fx| fx == FxRate::ONE)) {
        c.report(
            f,
            "base_currency",
            format!("base currency `{}` is not listed, or not with `fx = 1`", p.base_currency),
            "add it to `[[currencies]]`, without `fx` or with `fx = 1`".into(),
        );
    }
    c.unique(f, "role", p.roles.iter().map(|r| r.id.as_str()));
    for r in &p.roles {
        c.positive(f, "rate", &format!("role `{}`", r.id), r.rate.get());
    }
    let sizes: Vec<&str> = Size::ALL.iter().map(|(name, _)| *name).collect();
    for name in p.sizes.keys() {
        if !sizes.contains(&name.as_str()) {
            let mut d = Diagnostic::new(format!("unknown size `{name}`")).at(locate_key(c.source(f), name));
            d = match did_you_mean(name, sizes.iter().copied()) {
                Some(s) => d.label(format!("did you mean `{s}`?")),
                None => d.label("no such size"),
            };
            c.found.push(d.help(format!("the sizes are {}", one_of(sizes.iter().copied()))));
        }
    }
    for (name, _) in Size::ALL {
        match p.sizes.get(name) {
            Some(_) => {}
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
    if p.project.tm_low_percent.get() > p.project.tm_high_percent.get() {
        c.report(
            f,
            "tm_low_percent",
            format!(
                "`tm_low_percent` ({}) is above `tm_high_percent` ({})",
                p.project.tm_low_percent, p.project.tm_high_percent
            ),
            "make the low end of the time-and-materials range at most its high end".into(),
        );
    }
    if p.advisory.packages.is_empty() {
        c.report(f, "[advisory]", "no retainer packages".into(), "add `[[advisory.packages]]` tables".into());
    }
    for pk in &p.advisory.packages {
        if pk.discount_percent.get() >= Decimal::ONE_HUNDRED {
            c.report(
                f,
                &format!("\"{}\"", pk.id),
                format!("package `{}` has discount {}%", pk.id, pk.discount_percent),
                "use a discount from 0 up to (not including) 100".into(),
            );
        }
    }
    c.unique(f, "inventory item", p.managed.items.iter().map(|i| i.id.as_str()));
    for i in &p.managed.items {
        c.positive(f, "monthly", &format!("item `{}`", i.id), i.monthly.get());
    }
}

fn check_effort(c: &mut Checker, cat: &Catalog) {
    let f = "effort.toml";
    let project = cat.models.iter().find(|m| m.id == ModelKind::Project);
    let scenarios: Vec<&str> = project.map(|m| m.ideal_for.iter().map(|s| s.id.as_str()).collect()).unwrap_or_default();
    let processes: Vec<&str> = cat.processes.iter().map(|p| p.id.as_str()).collect();
    let roles: Vec<&str> = cat.pricing.roles.iter().map(|r| r.id.as_str()).collect();
    let mut seen = HashSet::new();
    for e in &cat.effort {
        if !seen.insert((&e.scenario, &e.process)) {
            c.report(
                f,
                &format!("\"{}\"", e.scenario),
                format!("effort for `{}` through `{}` is given twice", e.scenario, e.process),
                "keep one `[[effort]]` table for each scenario and process".into(),
            );
        }
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
            for role in by_role.keys() {
                if !roles.contains(&role.as_str()) {
                    let mut d = Diagnostic::new(format!("unknown role `{role}` in effort for `{}`", e.scenario))
                        .at(locate_key(c.source(f), role));
                    if let Some(s) = did_you_mean(role, roles.iter().copied()) {
                        d = d.label(format!("did you mean `{s}`?"));
                    }
                    c.found.push(d.help(format!("roles on the rate card are {}", one_of(roles.iter().copied()))));
                }
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

/// Every text in the catalog must say something (an empty string would print as a gap in a
/// client's proposal) and stay within [`MAX_TEXT`] characters; every list within
/// [`MAX_LIST`] entries.
fn check_texts(c: &mut Checker, cat: &Catalog) {
    let parts: [(&str, serde_json::Result<serde_json::Value>); 9] = [
        ("firm.toml", serde_json::to_value(&cat.firm)),
        ("models.toml", serde_json::to_value(&cat.models)),
        ("tiers.toml", serde_json::to_value(&cat.tiers)),
        ("processes.toml", serde_json::to_value(&cat.processes)),
        ("scenarios.toml", serde_json::to_value(&cat.scenarios)),
        ("texts.toml", serde_json::to_value(&cat.texts)),
        ("pricing.toml", serde_json::to_value(&cat.pricing)),
        ("effort.toml", serde_json::to_value(&cat.effort)),
        ("terms.toml", serde_json::to_value(&cat.terms)),
    ];
    for (file, value) in parts {
        let Ok(value) = value else { continue };
        let mut found = Vec::new();
        texts_and_lists(&value, String::new(), &mut found);
        for (path, problem) in found {
            match problem {
                Problem::Empty => c.report(
                    file,
                    "= \"\"",
                    format!("empty text at `{path}`"),
                    "write the text, or remove the entry".into(),
                ),
                Problem::LongText(n, start) => c.report(
                    file,
                    &start,
                    format!("the text at `{path}` has {n} characters, more than {MAX_TEXT}"),
                    format!("shorten it to at most {MAX_TEXT} characters"),
                ),
                Problem::LongList(n) => c.report(
                    file,
                    &list_needle(c.source(file), &path),
                    format!("the list at `{path}` has {n} entries, more than {MAX_LIST}"),
                    format!("keep at most {MAX_LIST} entries"),
                ),
            }
        }
    }
}

enum Problem {
    Empty,
    /// The text's length and its first words, to find it in the file.
    LongText(usize, String),
    LongList(usize),
}

/// Where the list at `path` (`faq`, `model[0].steps`) starts in the file: its first
/// `[[table]]` or its `key = [`; nothing if neither is there.
fn list_needle(source: &Source, path: &str) -> String {
    let key = path.rsplit('.').next().unwrap_or(path);
    let key = key.split('[').next().unwrap_or(key);
    let table = path.split('[').next().unwrap_or(path);
    [format!("[[{table}]]"), format!("[[{key}]]"), format!("{key} = [")]
        .into_iter()
        .find(|n| source.text.contains(n.as_str()))
        .unwrap_or_default()
}

fn texts_and_lists(v: &serde_json::Value, path: String, out: &mut Vec<(String, Problem)>) {
    match v {
        serde_json::Value::String(s) if s.trim().is_empty() => out.push((path, Problem::Empty)),
        serde_json::Value::String(s) if s.chars().count() > MAX_TEXT => {
            let start: String = s.chars().take(40).take_while(|c| !matches!(c, '"' | '\\' | '\n')).collect();
            out.push((path, Problem::LongText(s.chars().count(), start)))
        }
        serde_json::Value::Array(items) => {
            if items.len() > MAX_LIST {
                out.push((path.clone(), Problem::LongList(items.len())));
            }
            for (i, item) in items.iter().enumerate() {
                texts_and_lists(item, format!("{path}[{i}]"), out);
            }
        }
        serde_json::Value::Object(map) => {
            for (k, item) in map {
                let p = if path.is_empty() { k.clone() } else { format!("{path}.{k}") };
                texts_and_lists(item, p, out);
            }
        }
        _ => {}
    }
}
