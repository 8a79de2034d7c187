//! Turns a raw intake into checked types, reporting every problem with its location and fix.

use super::raw::*;
use super::*;
use crate::diag::{did_you_mean, one_of};
use std::str::FromStr;
use toml::Spanned;

use super::limits::*;

/// A model-specific key: its name, where it stands (if written), and the models it belongs to.
type KeyUse<'a> = (&'a str, Option<std::ops::Range<usize>>, &'a [ModelKind]);

struct Checker<'a> {
    source: &'a Source,
    catalog: &'a Catalog,
    found: Vec<Diagnostic>,
    /// The proposal's date once read: no engagement may start before it.
    proposal_date: Option<NaiveDate>,
}

pub(super) fn validate(raw: RawIntake, source: &Source, catalog: &Catalog) -> Result<Intake> {
    let mut c = Checker { source, catalog, found: Vec::new(), proposal_date: None };
    let meta = c.meta(raw.proposal);
    let client = c.client(raw.client);
    let holidays = c.holidays(&raw.holidays);
    let engagements = c.engagements(raw.engagement);
    let discounts = raw.discount.into_iter().filter_map(|d| c.discount(d, meta.as_ref().map(|m| m.currency))).collect();
    let texts = |c: &mut Checker, list: Vec<Spanned<String>>, key: &str| -> Vec<String> {
        list.into_iter().filter_map(|s| c.entry(&s, key)).collect()
    };
    let objectives = texts(&mut c, raw.objectives, "objectives");
    let assumptions = texts(&mut c, raw.assumptions, "assumptions");
    let exclusions = texts(&mut c, raw.exclusions, "exclusions");
    let options = c.options(raw.option);
    match (c.found.len(), meta, client) {
        (0, Some(meta), Some(client)) => Ok(Intake {
            meta,
            client,
            objectives,
            assumptions,
            exclusions,
            holidays,
            scope: Scope { engagements, discounts },
            options,
        }),
        (1, ..) => Err(Error::from(c.found.remove(0))),
        (0, ..) => Err(Error::Internal("intake rejected without a reason".into())),
        _ => Err(Error::Inputs(c.found)),
    }
}

impl Checker<'_> {
    /// Two to four named options, exactly one recommended, each override a valid path.
    fn options(&mut self, list: Vec<Spanned<RawOption>>) -> Vec<ProposalOption> {
        if list.is_empty() {
            return Vec::new();
        }
        let first = list[0].span();
        if !(2..=4).contains(&list.len()) {
            self.error(
                first.clone(),
                format!("{} option(s) given", list.len()),
                None,
                "offer two to four `[[option]]` tables, or none",
            );
        }
        let recommended =
            list.iter().filter(|o| o.get_ref().recommended.as_ref().is_some_and(|r| *r.get_ref())).count();
        if recommended != 1 {
            self.error(
                first,
                format!("{recommended} options are marked recommended"),
                None,
                "mark exactly one option `recommended = true`",
            );
        }
        let mut names = BTreeSet::new();
        let mut out = Vec::new();
        for o in list {
            let o = o.into_inner();
            let Some(name) = self.text(&o.name, "name") else { continue };
            if !names.insert(name.clone()) {
                self.error(
                    o.name.span(),
                    format!("option `{name}` is named twice"),
                    None,
                    "give each option its own name",
                );
            }
            let mut sets = Vec::new();
            for (path, value) in &o.set {
                let Some(p) = set::Path::parse(path.get_ref()) else {
                    self.error(
                        path.span(),
                        format!("option `{name}`: `{}` is not a path", path.get_ref()),
                        None,
                        "write a path such as `engagement[1].tier`",
                    );
                    continue;
                };
                let literal = self.source.text.get(value.span()).unwrap_or("");
                let entry = path.span().start..value.span().end;
                sets.push((set::Assignment::new("set", p, literal), entry));
            }
            let description = self.opt_text(&o.description, "description");
            let recommended = o.recommended.as_ref().is_some_and(|r| *r.get_ref());
            out.push(ProposalOption { name, recommended, description, sets });
        }
        out
    }

    fn error(
        &mut self,
        span: std::ops::Range<usize>,
        message: impl Into<String>,
        label: Option<String>,
        help: impl Into<String>,
    ) {
        let mut d = Diagnostic::new(message).at(Location::of(self.source, span)).help(help);
        d.label = label;
        self.found.push(d);
    }

    /// Looks `found` up among `known` names; on a miss reports "unknown WHAT" with a
    /// "did you mean" and the list of valid names.
    fn lookup<T: Copy>(&mut self, what: &str, found: &Spanned<String>, known: &[(&str, T)]) -> Option<T> {
        if let Some((_, v)) = known.iter().find(|(n, _)| *n == found.get_ref()) {
            return Some(*v);
        }
        let names = known.iter().map(|(n, _)| *n);
        let label = match did_you_mean(found.get_ref(), names.clone()) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!("not a known {what}"),
        };
        self.error(
            found.span(),
            format!("unknown {what} `{}`", found.get_ref()),
            Some(label),
            format!("use one of {}", one_of(names)),
        );
        None
    }

    fn text(&mut self, s: &Spanned<String>, key: &str) -> Option<String> {
        let t = s.get_ref().trim();
        if t.is_empty() {
            self.error(s.span(), format!("`{key}` is empty"), None, format!("write the {key}, or remove the key"));
            None
        } else if t.chars().count() > MAX_TEXT {
            self.error(s.span(), format!("`{key}` is longer than {MAX_TEXT} characters"), None, "shorten the text");
            None
        } else {
            Some(t.to_string())
        }
    }

    /// One entry of a list of texts such as `objectives`.
    fn entry(&mut self, s: &Spanned<String>, key: &str) -> Option<String> {
        if s.get_ref().trim().is_empty() {
            self.error(
                s.span(),
                format!("an entry of `{key}` is empty"),
                None,
                format!("write the entry, or remove it from `{key}`"),
            );
            return None;
        }
        self.text(s, key)
    }

    /// The first line of a table from `at`, e.g. `[[engagement]]`, for problems with the
    /// table as a whole.
    fn header(&self, at: usize) -> std::ops::Range<usize> {
        let rest = self.source.text.get(at..).unwrap_or_default();
        let line = rest.split('\n').next().unwrap_or_default().trim_end();
        at..at + line.len().max(1)
    }

    fn opt_text(&mut self, s: &Option<Spanned<String>>, key: &str) -> Option<String> {
        s.as_ref().and_then(|s| self.text(s, key))
    }

    fn date(&mut self, v: &Value, key: &str) -> Option<NaiveDate> {
        let parsed = match v.get_ref() {
            toml::Value::Datetime(dt) if dt.time.is_none() && dt.offset.is_none() => {
                dt.date.and_then(|d| NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day)))
            }
            toml::Value::String(s) => NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok(),
            _ => None,
        };
        match parsed {
            Some(d) if YEARS.contains(&chrono::Datelike::year(&d)) => Some(d),
            Some(d) => {
                self.error(
                    v.span(),
                    format!("`{key}` {d} is out of range"),
                    None,
                    format!("use a date in the years {} to {}", YEARS.start(), YEARS.end()),
                );
                None
            }
            None => {
                self.error(
                    v.span(),
                    format!("`{key}` must be a date, found {}", describe(v.get_ref())),
                    None,
                    if key == "holidays" {
                        "write each holiday as a date, e.g. `holidays = [2026-12-25]` (year-month-day)".to_string()
                    } else {
                        format!("write it as `{key} = 2026-03-02` (year-month-day)")
                    },
                );
                None
            }
        }
    }

    /// An integer in `range`.
    fn integer(&mut self, v: &Value, key: &str, range: std::ops::RangeInclusive<i64>, help: &str) -> Option<i64> {
        match v.get_ref() {
            toml::Value::Integer(i) if range.contains(i) => Some(*i),
            toml::Value::Integer(i) => {
                let what = if *i < 0 {
                    "negative"
                } else if *i == 0 {
                    "zero"
                } else {
                    "too large"
                };
                self.error(
                    v.span(),
                    format!("`{key}` is {what}: {i}"),
                    Some(format!("expected {} to {}", range.start(), range.end())),
                    help,
                );
                None
            }
            other => {
                self.error(v.span(), format!("`{key}` must be a whole number, found {}", describe(other)), None, help);
                None
            }
        }
    }

    /// A decimal read from the literal's own text (never through a float), in `(low, high]`
    /// or `[low, high]` as `low_inclusive` says.
    fn decimal(
        &mut self,
        v: &Value,
        key: &str,
        low: Decimal,
        low_inclusive: bool,
        high: Decimal,
        help: &str,
    ) -> Option<Decimal> {
        let literal = &self.source.text[v.span()];
        let parsed = match v.get_ref() {
            toml::Value::Integer(i) => Some(Decimal::from(*i)),
            toml::Value::Float(_) => {
                let digits: String = literal.chars().filter(|c| *c != '_').collect();
                Decimal::from_str(&digits).or_else(|_| Decimal::from_scientific(&digits)).ok()
            }
            toml::Value::String(s) => Decimal::from_str(s.trim()).ok(),
            _ => None,
        };
        let Some(d) = parsed else {
            let message = match v.get_ref() {
                toml::Value::Float(f) if f.is_finite() && f.abs() >= 1.0 => format!("`{key}` is too large: {literal}"),
                toml::Value::Float(f) if f.is_finite() => format!("`{key}` has too many digits: {literal}"),
                other => format!("`{key}` must be a number, found {}", describe(other)),
            };
            self.error(v.span(), message, None, help);
            return None;
        };
        let above_low = if low_inclusive { d >= low } else { d > low };
        if above_low && d <= high {
            return Some(d.normalize());
        }
        let what = if d.is_sign_negative() && !d.is_zero() {
            "negative"
        } else if d.is_zero() {
            "zero"
        } else if d > high {
            "too large"
        } else {
            "out of range"
        };
        let bound =
            if low_inclusive { format!("from {low} to {high}") } else { format!("more than {low}, at most {high}") };
        self.error(v.span(), format!("`{key}` is {what}: {d}"), Some(format!("expected {bound}")), help);
        None
    }

    fn meta(&mut self, p: Spanned<RawProposal>) -> Option<Meta> {
        let p = p.into_inner();
        let number = self.text(&p.number, "number");
        if let Some(n) = &number {
            if n.chars().any(|c| c == '/' || c == '\\' || c.is_control()) || n.starts_with('.') {
                self.error(
                    p.number.span(),
                    format!("proposal number `{n}` cannot name a file"),
                    None,
                    "use letters, digits, dashes and dots, e.g. `CD-2026-014`",
                );
            }
        }
        let date = self.date(&p.date, "date");
        self.proposal_date = date;
        let currency = match &p.currency {
            None => Currency::from_code(&self.catalog.firm.default_currency),
            Some(code) => {
                let known: Vec<(&str, Currency)> = self
                    .catalog
                    .pricing
                    .currencies
                    .iter()
                    .filter_map(|r| Currency::from_code(&r.code).map(|c| (c.code, c)))
                    .collect();
                match Currency::from_code(code.get_ref()) {
                    Some(c) if !known.iter().any(|(k, _)| *k == c.code) => {
                        self.error(
                            code.span(),
                            format!("the catalog has no exchange rate for currency `{}`", c.code),
                            Some("a currency the rate card does not price in".to_string()),
                            format!(
                                "use one of {}, or add a `[[currencies]]` entry for it to the catalog's pricing.toml",
                                one_of(known.iter().map(|(k, _)| *k))
                            ),
                        );
                        None
                    }
                    _ => self.lookup("currency", code, &known),
                }
            }
        };
        let rate = currency.and_then(|c| self.catalog.currency_rate(c.code));
        let tax = match &p.tax {
            Some(v) => self
                .decimal(
                    v,
                    "tax",
                    Decimal::ZERO,
                    true,
                    Decimal::ONE_HUNDRED,
                    "give the tax rate in percent, e.g. `tax = 20`",
                )
                .map(Percent),
            None => rate.map(|r| Percent(r.tax_percent.0)),
        };
        let tax_label = self.opt_text(&p.tax_label, "tax_label").or_else(|| rate.map(|r| r.tax_label.clone()));
        let locale = match &p.locale {
            None => Locale::from_tag(&self.catalog.firm.default_locale),
            Some(tag) => self.lookup("locale", tag, &Locale::ALL),
        };
        let valid_days = match &p.valid_days {
            Some(v) => {
                self.integer(v, "valid_days", 1..=365, "give the days the proposal stays valid, e.g. `valid_days = 30`")
            }
            None => Some(i64::from(self.catalog.firm.validity_days)),
        };
        let title = self.opt_text(&p.title, "title").unwrap_or_else(|| "Consulting Proposal".to_string());
        let prepared_by =
            self.opt_text(&p.prepared_by, "prepared_by").unwrap_or_else(|| self.catalog.firm.name.clone());
        let revision = p.revision.as_ref().and_then(|r| self.revision(r));
        let logo = p.logo.as_ref().and_then(|l| self.logo(l));
        let accent = p.accent.as_ref().and_then(|a| self.accent(a));
        let date = date?;
        Some(Meta {
            number: number?,
            title,
            valid_until: date + chrono::Days::new(valid_days? as u64),
            date,
            currency: currency?,
            tax: tax?,
            tax_label: tax_label?,
            locale: locale?,
            prepared_by,
            revision,
            logo,
            accent,
        })
    }

    /// A revision written `r1`, `r2`, ... (up to `r9999`).
    fn revision(&mut self, r: &Spanned<String>) -> Option<String> {
        let text = r.get_ref().trim();
        let digits = text.strip_prefix('r').filter(|d| (1..=4).contains(&d.len()) && !d.starts_with('0'));
        if digits.is_some_and(|d| d.chars().all(|c| c.is_ascii_digit())) {
            return Some(text.to_string());
        }
        self.error(
            r.span(),
            format!("revision `{}` is not of the form r1, r2, ...", r.get_ref()),
            None,
            "write the revision as `r` and a number, e.g. `revision = \"r2\"`",
        );
        None
    }

    /// A logo path, relative to the intake's folder, naming an existing PNG or JPEG.
    fn logo(&mut self, l: &Spanned<String>) -> Option<std::path::PathBuf> {
        let base = std::path::Path::new(&self.source.name).parent().unwrap_or(std::path::Path::new(""));
        let path = base.join(l.get_ref());
        let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
        if !matches!(ext.as_deref(), Some("png" | "jpg" | "jpeg")) {
            self.error(
                l.span(),
                format!("logo `{}` is not a PNG or JPEG file", l.get_ref()),
                None,
                "use a `.png`, `.jpg` or `.jpeg` image",
            );
            return None;
        }
        if !path.is_file() {
            self.error(
                l.span(),
                format!("logo `{}` does not exist", path.display()),
                None,
                "give the path relative to the intake file",
            );
            return None;
        }
        Some(path)
    }

    /// An accent colour written `#RRGGBB`.
    fn accent(&mut self, a: &Spanned<String>) -> Option<[u8; 3]> {
        let hex =
            a.get_ref().trim().strip_prefix('#').filter(|h| h.len() == 6 && h.chars().all(|c| c.is_ascii_hexdigit()));
        let rgb = hex.map(|h| [0, 2, 4].map(|i| u8::from_str_radix(&h[i..i + 2], 16).unwrap_or(0)));
        if rgb.is_none() {
            self.error(
                a.span(),
                format!("accent `{}` is not a colour", a.get_ref()),
                None,
                "write it as `#RRGGBB`, e.g. `accent = \"#1F6FEB\"`",
            );
        }
        rgb
    }

    fn client(&mut self, c: Spanned<RawClient>) -> Option<Client> {
        let c = c.into_inner();
        Some(Client {
            contact: self.opt_text(&c.contact, "contact"),
            email: self.opt_text(&c.email, "email"),
            address: self.opt_text(&c.address, "address"),
            industry: self.opt_text(&c.industry, "industry"),
            name: self.text(&c.name, "name")?,
        })
    }

    fn holidays(&mut self, list: &[Value]) -> BTreeSet<NaiveDate> {
        if list.len() > MAX_HOLIDAYS {
            self.error(
                list[MAX_HOLIDAYS].span(),
                format!("more than {MAX_HOLIDAYS} holidays"),
                None,
                "list only the holidays within the engagements",
            );
            return BTreeSet::new();
        }
        list.iter().filter_map(|v| self.date(v, "holidays")).collect()
    }

    fn engagements(&mut self, list: Vec<Spanned<RawEngagement>>) -> Vec<Engagement> {
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

    fn engagement(&mut self, index: usize, e: Spanned<RawEngagement>) -> Option<Engagement> {
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
            title: self.opt_text(&e.title, "title"),
            why: self.opt_text(&e.why, "why"),
            start: start?,
            terms: terms?,
        })
    }

    /// Keys of another model are a mistake worth naming, not something to ignore.
    fn refuse_foreign_keys(&mut self, model: ModelKind, e: &RawEngagement) {
        let spans: [KeyUse; 8] = [
            ("pricing", e.pricing.as_ref().map(|s| s.span()), &[ModelKind::Project]),
            ("scenario", e.scenario.as_ref().map(|s| s.span()), &[ModelKind::Project]),
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

    fn required<'v, T>(
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

    fn project(&mut self, e: &RawEngagement, table: std::ops::Range<usize>) -> Option<ProjectTerms> {
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
        let phase_scale = self.phase_scale(e, process)?;
        Some(ProjectTerms { pricing: pricing?, scenario, size: size?, process, phase_scale })
    }

    fn phase_scale(&mut self, e: &RawEngagement, process: ProcessId) -> Option<Vec<Decimal>> {
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

    fn months(&mut self, e: &RawEngagement, table: std::ops::Range<usize>, what: &str) -> Option<u32> {
        let v = self.required(&e.months, "months", table, "months = 12")?.clone();
        self.integer(&v, "months", 1..=MAX_MONTHS, &format!("give the {what} in whole months, at least 1"))
            .map(|m| m as u32)
    }

    fn advisory(&mut self, e: &RawEngagement, table: std::ops::Range<usize>) -> Option<AdvisoryTerms> {
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
        Some(AdvisoryTerms { hours: hours?, months: months? })
    }

    fn managed(&mut self, e: &RawEngagement, table: std::ops::Range<usize>) -> Option<ManagedTerms> {
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

    fn discount(&mut self, d: Spanned<RawDiscount>, currency: Option<Currency>) -> Option<Discount> {
        let span = d.span();
        let d = d.into_inner();
        let label = self.opt_text(&d.label, "label").unwrap_or_else(|| "Discount".to_string());
        let applies_to = match &d.applies_to {
            None => Some(AppliesTo::All),
            Some(a) => self.lookup(
                "discount target",
                a,
                &[("one-time", AppliesTo::OneTime), ("monthly", AppliesTo::Monthly), ("all", AppliesTo::All)],
            ),
        };
        let kind = match (&d.percent, &d.amount) {
            (Some(p), None) => self
                .decimal(
                    p,
                    "percent",
                    Decimal::ZERO,
                    false,
                    Decimal::ONE_HUNDRED - Decimal::ONE,
                    "give the discount in percent, e.g. `percent = 5`",
                )
                .map(|p| DiscountKind::Percent(Percent(p))),
            (None, Some(a)) => {
                if applies_to.is_some_and(|t| t != AppliesTo::OneTime) && d.applies_to.is_some() {
                    self.error(
                        a.span(),
                        "an `amount` discount applies to one-time fees only",
                        None,
                        "set `applies_to = \"one-time\"`, or use `percent`",
                    );
                }
                let amount = self.decimal(
                    a,
                    "amount",
                    Decimal::ZERO,
                    false,
                    Decimal::from(MAX_AMOUNT),
                    "give the amount off one-time fees, e.g. `amount = 2500`",
                );
                match amount.zip(currency) {
                    Some((found, c)) if c.round(found).is_zero() => {
                        self.error(
                            a.span(),
                            format!("`amount` {found} rounds to zero in {}", c.code),
                            Some(format!("{} has {} decimal places", c.code, c.exponent)),
                            "give at least one minor unit of the currency, or remove the discount",
                        );
                        None
                    }
                    other => other.map(|(found, c)| DiscountKind::Amount(c.round(found))),
                }
            }
            _ => {
                self.error(
                    self.header(span.start),
                    "a discount needs exactly one of `percent` or `amount`",
                    None,
                    "write `percent = 5` or `amount = 2500`",
                );
                None
            }
        };
        let applies_to =
            if matches!(kind, Some(DiscountKind::Amount(_))) { Some(AppliesTo::OneTime) } else { applies_to };
        let at = d.amount.as_ref().map(|a| Location::of(self.source, a.span()));
        Some(Discount { label, kind: kind?, applies_to: applies_to?, at })
    }
}

fn describe(v: &toml::Value) -> String {
    match v {
        toml::Value::String(s) => format!("the text \"{}\"", s.chars().take(40).collect::<String>()),
        toml::Value::Integer(i) => format!("the number {i}"),
        toml::Value::Float(f) => format!("the number {f}"),
        toml::Value::Boolean(b) => format!("`{b}`"),
        toml::Value::Datetime(d) => format!("the date-time {d}"),
        toml::Value::Array(_) => "a list".to_string(),
        toml::Value::Table(_) => "a table".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str) -> Result<Intake> {
        let catalog = Catalog::embedded().unwrap();
        crate::intake::parse(&Source::new("t.toml", text), &catalog)
    }

    const HEAD: &str = "[proposal]\nnumber = \"T-1\"\ndate = 2026-03-02\n[client]\nname = \"C\"\n";
    const ADVISORY: &str = "[[engagement]]\nmodel = \"advisory\"\nhours = 10\nmonths = 3\n";

    #[test]
    fn refuses_a_start_before_the_proposal_date() {
        let err = check(&format!("{HEAD}{ADVISORY}start = 2026-03-01\n")).unwrap_err();
        let d = err.diagnostic().unwrap();
        assert_eq!(d.message, "`start` 2026-03-01 is before the proposal date 2026-03-02");
        assert_eq!(d.location.as_ref().map(|l| (l.line, l.column)), Some((10, 9)));
        assert!(check(&format!("{HEAD}{ADVISORY}start = 2026-03-02\n")).is_ok());
    }

    #[test]
    fn names_the_list_an_empty_entry_is_in() {
        let err =
            check(&format!("exclusions = [\"Licences.\", \" \"]\n{HEAD}{ADVISORY}start = 2026-03-02\n")).unwrap_err();
        assert_eq!(err.diagnostic().unwrap().message, "an entry of `exclusions` is empty");
    }

    #[test]
    fn an_iso_currency_without_a_rate_is_not_a_typo() {
        let head = HEAD.replace("[client]", "currency = \"NZD\"\n[client]");
        let err = check(&format!("{head}{ADVISORY}start = 2026-03-02\n")).unwrap_err();
        let d = err.diagnostic().unwrap();
        assert_eq!(d.message, "the catalog has no exchange rate for currency `NZD`");
        assert!(d.help.as_deref().unwrap().contains("`USD`, `EUR`"));
    }

    #[test]
    fn refuses_an_amount_that_rounds_to_nothing() {
        let head = HEAD.replace("[client]", "currency = \"JPY\"\n[client]");
        let managed = "[[engagement]]\nmodel = \"managed\"\ntier = \"business-hours\"\nmonths = 1\n\
            inventory = { servers = 1 }\nstart = 2026-03-02\n";
        let err = check(&format!("{head}{managed}[[discount]]\namount = 0.4\n")).unwrap_err();
        assert_eq!(err.diagnostic().unwrap().message, "`amount` 0.4 rounds to zero in JPY");
        assert!(check(&format!("{head}{managed}[[discount]]\namount = 0.5\n")).is_ok());
    }

    #[test]
    fn a_problem_with_a_whole_table_underlines_its_header() {
        let err = check(&format!("{HEAD}{ADVISORY}")).unwrap_err();
        let loc = err.diagnostic().unwrap().location.clone().unwrap();
        assert_eq!(loc.snippet, Some(("[[engagement]]".to_string(), 1, 14)));
    }
}
