//! The client's objectives: each a text, or a table naming what in the proposal delivers it
//! (`{ text = "...", by = ["deployment", "2"] }`).

use super::Checker;
use crate::catalog::ModelKind;
use crate::intake::raw::Value;
use crate::intake::*;
use toml::Spanned;

const HELP: &str = "write the objective as text, or as `{ text = \"...\", by = [\"deployment\"] }`, where `by` names \
                    phases (`deployment`, or `2:deployment` for engagement 2's) or whole engagements (`2`)";

impl Checker<'_> {
    /// The objectives, each `by` resolved against `engagements`; `complete` says every
    /// engagement of the intake was read (else references are not checked: the numbering
    /// would be off, and the intake fails anyway).
    pub(super) fn objectives(&mut self, list: &[Value], engagements: &[Engagement], complete: bool) -> Vec<Objective> {
        let mut out = Vec::new();
        for entry in list {
            let span = entry.span();
            let (text, by) = match entry.get_ref() {
                toml::Value::String(s) => (s.clone(), Vec::new()),
                toml::Value::Table(t) if t.keys().all(|k| k == "text" || k == "by") => {
                    let text = t.get("text").and_then(toml::Value::as_str);
                    let by = t.get("by").and_then(toml::Value::as_array);
                    let names: Option<Vec<&str>> =
                        by.map(|b| b.iter().map(toml::Value::as_str).collect()).unwrap_or(Some(Vec::new()));
                    match (text, names) {
                        (Some(text), Some(names)) => {
                            (text.to_string(), names.into_iter().map(str::to_string).collect())
                        }
                        _ => {
                            self.error(span, "this objective needs `text` and, optionally, a list `by`", None, HELP);
                            continue;
                        }
                    }
                }
                _ => {
                    self.error(span, "an objective is a text or a table with `text` and `by`", None, HELP);
                    continue;
                }
            };
            let Some(text) = self.entry(&Spanned::new(span.clone(), text), "objectives") else { continue };
            let by = by.iter().filter_map(|name| complete.then(|| self.delivers(name, &span, engagements)).flatten());
            out.push(Objective { text, by: by.collect() });
        }
        out
    }

    /// `2`, `deployment` or `2:deployment`, as an engagement and maybe one of its phases.
    fn delivers(&mut self, name: &str, span: &std::ops::Range<usize>, engagements: &[Engagement]) -> Option<Delivers> {
        let (number, phase) = match name.split_once(':') {
            Some((n, p)) => (Some(n), Some(p)),
            None if name.bytes().all(|b| b.is_ascii_digit()) => (Some(name), None),
            None => (None, Some(name)),
        };
        let count = engagements.len();
        let engagement = match number.map(|n| n.parse::<usize>().ok().filter(|n| (1..=count).contains(n))) {
            Some(None) => {
                let message =
                    format!("`by` names engagement `{}`, but the intake has {count}", number.unwrap_or_default());
                self.error(span.clone(), message, None, "number the engagements from 1, in the intake's order");
                return None;
            }
            Some(Some(n)) => Some(n - 1),
            None => None,
        };
        let Some(phase) = phase else { return engagement.map(|engagement| Delivers { engagement, phase: None }) };
        let has: Vec<usize> = (0..count)
            .filter(|i| engagement.is_none_or(|e| e == *i))
            .filter(|i| self.runs(&engagements[*i], phase))
            .collect();
        match has[..] {
            [engagement] => Some(Delivers { engagement, phase: Some(phase.to_string()) }),
            [] => {
                let whose = match engagement {
                    Some(e) => format!("engagement {}", e + 1),
                    None => "the proposal".to_string(),
                };
                let runs = self.phases_run(engagements, engagement);
                let help = match crate::diag::did_you_mean(phase, runs.iter().map(String::as_str)) {
                    Some(near) => format!(
                        "did you mean `{near}`? Use a phase {whose} runs: {}",
                        crate::diag::one_of(runs.iter().map(String::as_str))
                    ),
                    None => {
                        format!("use a phase {whose} runs: {}", crate::diag::one_of(runs.iter().map(String::as_str)))
                    }
                };
                self.error(span.clone(), format!("`by` names phase `{phase}`, which {whose} does not run"), None, help);
                None
            }
            _ => {
                let numbers = has.iter().map(|i| (i + 1).to_string()).collect::<Vec<_>>().join(", ");
                let message = format!("`by` names phase `{phase}`, which several engagements run ({numbers})");
                self.error(
                    span.clone(),
                    message,
                    None,
                    format!("name one engagement's, e.g. `{}:{phase}`", has[0] + 1),
                );
                None
            }
        }
    }

    /// The phases `engagement` (or, without one, every engagement) runs, by id, once each.
    fn phases_run(&self, engagements: &[Engagement], engagement: Option<usize>) -> Vec<String> {
        let mut ids: Vec<String> = Vec::new();
        for (i, e) in engagements.iter().enumerate().filter(|(i, _)| engagement.is_none_or(|x| x == *i)) {
            let all: Vec<&str> = match &e.terms {
                Terms::Project(t) => self.catalog.process(t.process).phases.iter().map(|p| p.id.as_str()).collect(),
                _ => self.catalog.model(e.model()).steps.iter().map(|s| s.id.as_str()).collect(),
            };
            for id in all.into_iter().filter(|id| self.runs(&engagements[i], id)) {
                if !ids.iter().any(|x| x == id) {
                    ids.push(id.to_string());
                }
            }
        }
        ids
    }

    /// Whether engagement `e` runs phase `id`: a phase of its process it does not skip, or
    /// a step of its model done after signature.
    fn runs(&self, e: &Engagement, id: &str) -> bool {
        match &e.terms {
            Terms::Project(t) => {
                let phases = &self.catalog.process(t.process).phases;
                phases.iter().zip(&t.phase_scale).any(|(p, scale)| p.id == id && !scale.is_zero())
            }
            _ => {
                let kind = e.model();
                debug_assert!(kind != ModelKind::Project);
                self.catalog.model(kind).steps.iter().any(|s| s.id == id && !s.presale)
            }
        }
    }
}
