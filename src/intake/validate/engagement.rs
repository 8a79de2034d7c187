//! Engagements: each model's keys, scenario, process, phases, hours, tier and inventory.

use super::Checker;
use crate::intake::raw::*;
use crate::intake::*;
use toml::Spanned;

use crate::intake::limits::*;

/// A model-specific key: its name, where it stands (if written), and the models it belongs to.
type KeyUse<'a> = (&'a str, Option<std::ops::Range<usize>>, &'a [ModelKind]);

impl Checker<'_> {
    pub(super) fn engagements(&mut self, list: Vec<Spanned<RawEngagement>>) -> Vec<Engagement> {
        if list.is_empty() {
            self.found.push(
                Diagnostic::new("the intake proposes no engagement")
                    .at(Location::file(&self.source.name))
                    .help("add an `[[engagement]]` table with `model = \"project\"`, `\"advisory\"` or `\"managed\"`"),
            );
            return Vec::new();
        }
        if list.len() > MAX_ENGAGEMENTS {
            self.error(
                list[MAX_ENGAGEMENTS].span(),
                format!("more than {MAX_ENGAGEMENTS} engagements"),
                None,
                "split the work into several proposals",
            );
            return Vec::new();
        }
        let mut out = Vec::new();
        for (i, e) in list.into_iter().enumerate() {
            if let Some(e) = self.engagement(i, e) {
                out.push(e);
            }
        }
        out
    }

    pub(super) fn engagement(&mut self, index: usize, e: Spanned<RawEngagement>) -> Option<Engagement> {
        let table = e.span();
        let e = e.into_inner();
        let model = self.lookup("engagement model", &e.model, &ModelKind::ALL)?;
        self.refuse_foreign_keys(model, &e);
        let start = match &e.start {
            Some(v) if v.get_ref().as_str() == Some("after-previous") => {
                if index == 0 {
                    self.error(
                        v.span(),
                        "the first engagement cannot start `after-previous`",
                        None,
                        "give it a date, e.g. `start = 2026-03-02`",
                    );
                }
                Some(Start::AfterPrevious)
            }
            Some(v) => {
                let start = self.date(v, "start");
                if let (Some(start), Some(date)) = (start, self.proposal_date) {
                    if start < date {
                        self.error(
                            v.span(),
                            format!("`start` {start} is before the proposal date {date}"),
                            Some("work cannot start before the proposal is made".to_string()),
                            format!("start on or after {date}, or correct the proposal's `date`"),
                        );
                    }
                }
                start.map(Start::On)
            }
            None if index == 0 => {
                self.error(
                    self.header(table.start),
                    "the first engagement has no `start`",
                    None,
                    "add `start = 2026-03-02` (or the date work begins)",
                );
                None
            }
            None => Some(Start::AfterPrevious),
        };
        let terms = match model {
            ModelKind::Project => self.project(&e, table.clone()).map(Terms::Project),
            ModelKind::Advisory => self.advisory(&e, table.clone()).map(Terms::Advisory),
            ModelKind::Managed => self.managed(&e, table.clone()).map(Terms::Managed),
        };
        Some(Engagement {
            title: e
                .title
                .as_ref()
                .and_then(|t| self.short_text(t, "engagement.title", MAX_NAME, "in a row of the timeline chart")),
            why: self.opt_prose(&e.why, "why"),
            start: start?,
            terms: terms?,
        })
    }

    /// Keys of another model are a mistake worth naming, not something to ignore.
    pub(super) fn refuse_foreign_keys(&mut self, model: ModelKind, e: &RawEngagement) {
        let spans: [KeyUse; 9] = [
            ("pricing", e.pricing.as_ref().map(|s| s.span()), &[ModelKind::Project]),
            ("not_to_exceed", e.not_to_exceed.as_ref().map(|s| s.span()), &[ModelKind::Project]),
            ("scenario", e.scenario.as_ref().map(|s| s.span()), &[ModelKind::Project, ModelKind::Advisory]),
            ("size", e.size.as_ref().map(|s| s.span()), &[ModelKind::Project]),
            ("process", e.process.as_ref().map(|s| s.span()), &[ModelKind::Project]),
            ("phases", e.phases.as_ref().and_then(|p| p.keys().next().map(|k| k.span())), &[ModelKind::Project]),
            ("hours", e.hours.as_ref().map(|s| s.span()), &[ModelKind::Advisory]),
            ("tier", e.tier.as_ref().map(|s| s.span()), &[ModelKind::Managed]),
            ("inventory", e.inventory.as_ref().map(|s| s.span()), &[ModelKind::Managed]),
        ];
        for (key, span, models) in spans {
            if let (Some(span), false) = (span, models.contains(&model)) {
                let owner = models[0].id();
                self.error(
                    span,
                    format!("`{key}` does not apply to a {} engagement", model.id()),
                    Some(format!("`{key}` belongs to `{owner}` engagements")),
                    format!("remove `{key}`, or set `model = \"{owner}\"`"),
                );
            }
        }
        if model == ModelKind::Project {
            if let Some(m) = &e.months {
                self.error(
                    m.span(),
                    "`months` does not apply to a project engagement",
                    None,
                    "a project's duration comes from its phases; remove `months`",
                );
            }
        }
    }

    pub(super) fn required<'v, T>(
        &mut self,
        v: &'v Option<T>,
        key: &str,
        table: std::ops::Range<usize>,
        example: &str,
    ) -> Option<&'v T> {
        if v.is_none() {
            self.error(
                self.header(table.start),
                format!("this engagement has no `{key}`"),
                None,
                format!("add `{example}`"),
            );
        }
        v.as_ref()
    }

    pub(super) fn project(&mut self, e: &RawEngagement, table: std::ops::Range<usize>) -> Option<ProjectTerms> {
        let cat = self.catalog;
        let pricing = match &e.pricing {
            None => Some(PricingKind::Fixed),
            Some(p) => self.lookup(
                "pricing",
                p,
                &[
                    ("fixed", PricingKind::Fixed),
                    ("time-and-materials", PricingKind::TimeAndMaterials),
                    ("tm", PricingKind::TimeAndMaterials),
                ],
            ),
        };
        let scenarios: Vec<(&str, ScenarioId)> = cat
            .model(ModelKind::Project)
            .ideal_for
            .iter()
            .map(|s| (s.id.as_str(), cat.scenario_id(&s.id)))
            .filter_map(|(n, id)| id.map(|id| (n, id)))
            .collect();
        let scenario = self.required(&e.scenario, "scenario", table, "scenario = \"cloud-migration\"").cloned();
        let scenario = scenario.and_then(|s| self.lookup("project scenario", &s, &scenarios));
        let size = match &e.size {
            None => Some(Size::Medium),
            Some(s) => self.lookup("size", s, &Size::ALL),
        };
        let processes: Vec<(&str, ProcessId)> =
            cat.processes.iter().filter_map(|p| cat.process_id(&p.id).map(|id| (p.id.as_str(), id))).collect();
        let process = match &e.process {
            None => cat.process_id("standard").or(processes.first().map(|p| p.1)),
            Some(p) => self.lookup("process", p, &processes),
        };
        let (scenario, process) = (scenario?, process?);
        if cat.effort(scenario, process).is_none() {
            let span = e.process.as_ref().or(e.scenario.as_ref()).map(|s| s.span()).unwrap_or(0..0);
            self.error(
                span,
                format!(
                    "the catalog has no effort for scenario `{}` with process `{}`",
                    cat.scenario(scenario).id,
                    cat.process(process).id
                ),
                None,
                "choose another process, or add an `[[effort]]` table to the catalog",
            );
            return None;
        }
        let not_to_exceed = self.not_to_exceed(e, pricing);
        let phase_scale = self.phase_scale(e, process)?;
        Some(ProjectTerms { pricing: pricing?, scenario, size: size?, process, phase_scale, not_to_exceed })
    }

    /// A time-and-materials cap: a positive amount, on a time-and-materials project only.
    fn not_to_exceed(&mut self, e: &RawEngagement, pricing: Option<PricingKind>) -> Option<(Decimal, Spot)> {
        let v = e.not_to_exceed.as_ref()?;
        if pricing == Some(PricingKind::Fixed) {
            self.error(
                v.span(),
                "`not_to_exceed` applies to time-and-materials pricing only",
                Some("a fixed price is already the most the client pays".into()),
                "remove `not_to_exceed`, or set `pricing = \"time-and-materials\"`",
            );
            return None;
        }
        let cap = self.decimal(
            v,
            "not_to_exceed",
            Decimal::ZERO,
            false,
            Decimal::from(MAX_AMOUNT),
            "give the cap in the proposal currency, after discount and tax, e.g. `not_to_exceed = 40000`",
        )?;
        Some((cap, Spot::new(self.source, v.span())))
    }

    pub(super) fn phase_scale(&mut self, e: &RawEngagement, process: ProcessId) -> Option<Vec<Decimal>> {
        let phases = &self.catalog.process(process).phases;
        let mut scale = vec![Decimal::ONE; phases.len()];
        let known: Vec<(&str, usize)> = phases.iter().enumerate().map(|(i, p)| (p.id.as_str(), i)).collect();
        let mut ok = true;
        for (name, over) in e.phases.iter().flatten() {
            let Some(i) = self.lookup("phase", name, &known) else {
                ok = false;
                continue;
            };
            let over = over.get_ref();
            if let Some(v) = &over.scale {
                match self.decimal(
                    v,
                    "scale",
                    Decimal::ZERO,
                    false,
                    Decimal::TEN,
                    "scale a phase's effort by a factor, e.g. `scale = 1.5`",
                ) {
                    Some(d) => scale[i] = d,
                    None => ok = false,
                }
            }
            if over.skip.as_ref().is_some_and(|s| *s.get_ref()) {
                scale[i] = Decimal::ZERO;
            }
        }
        if ok && scale.iter().all(|s| s.is_zero()) {
            let span = e.phases.as_ref().and_then(|p| p.keys().next()).map(|k| k.span()).unwrap_or(0..0);
            self.error(span, "every phase of this project is skipped", None, "keep at least one phase");
            ok = false;
        }
        ok.then_some(scale)
    }

    pub(super) fn months(&mut self, e: &RawEngagement, table: std::ops::Range<usize>, what: &str) -> Option<u32> {
        let v = self.required(&e.months, "months", table, "months = 12")?.clone();
        self.integer(&v, "months", 1..=MAX_MONTHS, &format!("give the {what} in whole months, at least 1"))
            .map(|m| m as u32)
    }

    pub(super) fn advisory(&mut self, e: &RawEngagement, table: std::ops::Range<usize>) -> Option<AdvisoryTerms> {
        let months = self.months(e, table.clone(), "expected length of the retainer");
        let hours = match &e.hours {
            None => {
                self.error(
                    self.header(table.start),
                    "this retainer has no `hours`",
                    None,
                    "add the hours included each month, e.g. `hours = 20`",
                );
                None
            }
            Some(v) => self.decimal(
                v,
                "hours",
                Decimal::ZERO,
                false,
                Decimal::from(MAX_HOURS),
                "give the hours included each month, e.g. `hours = 20`",
            ),
        };
        // The retainer's focus: one of the advisory model's scenarios, by index.
        let foci: Vec<(&str, usize)> = self
            .catalog
            .model(ModelKind::Advisory)
            .ideal_for
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.as_str(), i))
            .collect();
        let focus = match &e.scenario {
            None => Some(None),
            Some(s) => self.lookup("retainer focus", s, &foci).map(Some),
        };
        Some(AdvisoryTerms { hours: hours?, months: months?, focus: focus? })
    }

    pub(super) fn managed(&mut self, e: &RawEngagement, table: std::ops::Range<usize>) -> Option<ManagedTerms> {
        let cat = self.catalog;
        let months = self.months(e, table.clone(), "subscription term");
        let tiers: Vec<(&str, TierId)> =
            cat.tiers.iter().filter_map(|t| cat.tier_id(&t.id).map(|id| (t.id.as_str(), id))).collect();
        let tier = self.required(&e.tier, "tier", table.clone(), "tier = \"business-hours\"").cloned();
        let tier = tier.and_then(|t| self.lookup("SLA tier", &t, &tiers));
        let items: Vec<(&str, ItemId)> =
            cat.pricing.managed.items.iter().filter_map(|i| cat.item_id(&i.id).map(|id| (i.id.as_str(), id))).collect();
        let raw = self.required(&e.inventory, "inventory", table, "inventory = { servers = 12 }")?;
        let mut inventory = Vec::new();
        let mut ok = true;
        for (name, qty) in raw.get_ref() {
            let id = self.lookup("inventory item", name, &items);
            let q = self.integer(
                qty,
                &format!("inventory.{}", name.get_ref()),
                0..=MAX_QUANTITY,
                "give a count of items, e.g. `servers = 12`",
            );
            match (id, q) {
                (Some(id), Some(q)) if q > 0 => inventory.push((id, q as u32)),
                (Some(_), Some(_)) => {}
                _ => ok = false,
            }
        }
        inventory.sort_by_key(|(id, _)| *id);
        if ok && inventory.is_empty() {
            self.error(
                raw.span(),
                "the inventory is empty",
                None,
                "list what is to be managed, e.g. `inventory = { servers = 12 }`",
            );
            ok = false;
        }
        let inventory = ok.then_some(inventory);
        Some(ManagedTerms { inventory: inventory?, tier: tier?, months: months? })
    }
}
