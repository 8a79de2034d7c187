//! The catalog's data types, as its TOML files spell them; numbers are the checked types of
//! [`super::values`].

use super::texts::*;
use super::values::*;
use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize};
use std::collections::BTreeMap;

/// The whole catalog, merged from its files.
#[derive(Debug, Clone, Serialize)]
pub struct Catalog {
    pub firm: Firm,
    pub models: Vec<Model>,
    pub tiers: Vec<Tier>,
    pub processes: Vec<Process>,
    pub texts: Texts,
    pub scenarios: Vec<ScenarioTexts>,
    pub pricing: Pricing,
    pub effort: Vec<Effort>,
    pub tax: super::tax::TaxFile,
    pub tax_ids: super::tax::TaxIdFile,
    /// The contract clauses (`terms.toml`).
    pub terms: super::terms::ContractTerms,
    /// The exchange rates by currency and day (`rates.csv`, and `--rates`).
    pub rates: super::rates::History,
    /// The by-name references above as indices, resolved once the catalog is checked.
    #[serde(skip)]
    pub(crate) resolved: super::resolve::Resolved,
    /// The en-GB word map: `spelling/en-GB.toml` in the catalog folder, or the embedded one.
    #[serde(skip)]
    pub spelling: crate::spelling::Map,
    /// `firm.fonts` resolved against the catalog's folder.
    #[serde(skip)]
    pub fonts: Vec<std::path::PathBuf>,
    /// The catalog folder (`--catalog`), where translations are looked for first.
    #[serde(skip)]
    pub(crate) dir: Option<std::path::PathBuf>,
    /// The English texts of [`super::TEXT_FILES`], which translations overlay.
    #[serde(skip)]
    pub(crate) text_sources: Vec<crate::diag::Source>,
    /// The translated copies made so far, one per language.
    #[serde(skip)]
    pub(crate) translations: std::sync::Arc<super::translate::Translations>,
    /// The templates' own words in this catalog's language (`lang/LANG/templates.toml`).
    #[serde(skip)]
    pub strings: std::sync::Arc<super::strings::Strings>,
}

/// A decimal read exactly: a TOML integer or a quoted decimal string, never a float.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Serialize)]
#[serde(transparent)]
pub struct Dec(pub Decimal);

impl<'de> Deserialize<'de> for Dec {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Dec, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Dec;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an integer or a decimal in quotes, e.g. \"212.50\"")
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Dec, E> {
                Ok(Dec(Decimal::from(v)))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Dec, E> {
                Ok(Dec(Decimal::from(v)))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Dec, E> {
                Err(E::custom(format!(
                    "decimal `{v}` must be written in quotes (\"{v}\") so it is read exactly, not as a float"
                )))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Dec, E> {
                v.trim().parse::<Decimal>().map(Dec).map_err(|_| E::custom(format!("`{v}` is not a decimal number")))
            }
        }
        d.deserialize_any(V)
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FirmFile {
    pub firm: Firm,
}

/// Who sends the proposals, and the defaults a proposal starts from.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Firm {
    pub name: String,
    pub tagline: String,
    /// The catalog's own version, printed by `propose --version`.
    pub version: String,
    pub website: String,
    pub email: String,
    pub default_currency: String,
    pub default_locale: String,
    /// Calendar days a proposal stays valid unless the intake says otherwise.
    pub validity_days: Count<1, 365>,
    /// Business days within which a proposal follows the discovery call.
    pub proposal_turnaround_days: Count<1, 365>,
    pub intro: String,
    /// Where the firm is established (`GB-ENG`, `US-NY`): the tax rules start from it.
    /// Without it, a proposal's tax is the currency's (`pricing.toml`).
    pub country: Option<String>,
    /// The firm's tax ID in its own country.
    pub tax_id: Option<String>,
    /// Indirect-tax registrations in other places.
    #[serde(default)]
    pub registrations: Vec<super::tax::Registration>,
    /// Font files for the PDF's fallback chain, relative to the catalog's folder.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fonts: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ModelsFile {
    pub model: Vec<Model>,
}

/// The three engagement models the firm sells. The set is fixed: each prices differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum ModelKind {
    Project,
    Advisory,
    Managed,
}

impl ModelKind {
    pub const ALL: [(&'static str, ModelKind); 3] =
        [("project", ModelKind::Project), ("advisory", ModelKind::Advisory), ("managed", ModelKind::Managed)];

    pub fn id(self) -> &'static str {
        match self {
            ModelKind::Project => "project",
            ModelKind::Advisory => "advisory",
            ModelKind::Managed => "managed",
        }
    }

    pub fn from_id(id: &str) -> Option<ModelKind> {
        ModelKind::ALL.iter().find(|(n, _)| *n == id).map(|(_, m)| *m)
    }
}

/// An engagement model as the firm describes it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Model {
    pub id: ModelKind,
    /// The client-facing engagement name when nothing more specific applies ("Advisory
    /// retainer"); a project is named by its scenario, managed services by their tier.
    pub name: String,
    pub title: String,
    pub tagline: String,
    pub description: String,
    pub typical_duration: String,
    pub pricing_model: String,
    pub ideal_for: Vec<Scenario>,
    pub steps: Vec<Step>,
}

/// One "ideal for" scenario of a model.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub id: String,
    /// The catalog's list label, plural as on the website.
    pub title: String,
    /// Why the model fits this scenario, for the proposal's recommendation.
    pub why: String,
    /// Advisory: the retainer's client-facing name when an intake names this focus.
    #[serde(default)]
    pub name: Option<String>,
    /// Advisory: what the client receives each month under this focus.
    #[serde(default)]
    pub monthly: Vec<String>,
}

/// A "how it works" step. Advisory and managed engagements are scheduled by their steps:
/// a step lasts `days` business days, or is `ongoing` until the end of the term.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub id: String,
    pub title: String,
    /// Done before or at signature: never scheduled, billed or made a milestone.
    #[serde(default)]
    pub presale: bool,
    pub description: String,
    /// A finite step's milestone acceptance criterion.
    pub outcome: String,
    /// An ongoing step's review rhythm, which the client gets instead of a milestone.
    #[serde(default)]
    pub cadence: Option<String>,
    #[serde(default)]
    pub days: Option<Count<1, 250>>,
    #[serde(default)]
    pub ongoing: bool,
    /// Managed services: what the step does depends on the service level, so each tier
    /// writes its texts (`[tier.steps.ID]` in tiers.toml); the texts here are the catalog's
    /// general description of the step, never a proposal's.
    #[serde(default)]
    pub by_tier: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct TiersFile {
    pub tier: Vec<Tier>,
}

/// A managed-services SLA tier.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tier {
    pub id: String,
    /// The client-facing engagement name ("24/7 managed operations").
    pub name: String,
    /// The service level's short name ("24/7 Premium").
    pub level: String,
    pub coverage: String,
    pub response_time: String,
    /// The critical response time in minutes, for comparisons.
    pub response_minutes: Count<1, 525_600>,
    pub ideal_for: String,
    /// What the service does at this level, in one or two sentences: the engagement's
    /// description in a proposal (the managed model's own is the catalog's overview).
    pub summary: String,
    /// How often the service is reviewed with the client.
    pub review_cadence: String,
    /// The tier whose features this one includes, resolved into `all_includes`.
    #[serde(default)]
    pub inherits: Option<String>,
    pub includes: Vec<String>,
    /// SAMPLE: the factor on every managed-services unit price at this tier.
    pub multiplier: Factor,
    /// SAMPLE: the factor on the firm's cost of running an item at this tier.
    pub cost_multiplier: Factor,
    /// The texts of each managed step marked `by_tier`, at this service level, by step id.
    #[serde(default)]
    pub steps: BTreeMap<String, TierStep>,
    /// Everything the tier includes, inherited features first (filled in by the loader).
    #[serde(skip_deserializing)]
    pub all_includes: Vec<String>,
}

/// A managed step's texts at one service level; the loader checks that each tier gives a
/// `description`, and an `outcome` (a set-up step's milestone) or a `cadence` (an ongoing
/// step's review) as the step needs. `title` may rename the step at this level.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TierStep {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cadence: Option<String>,
}

/// A managed or advisory step's texts as a proposal writes them.
#[derive(Debug, Clone, Copy)]
pub struct StepScope<'a> {
    pub title: &'a str,
    pub description: &'a str,
    /// A set-up step's milestone acceptance criterion.
    pub outcome: &'a str,
    /// An ongoing step's review rhythm.
    pub cadence: Option<&'a str>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ProcessesFile {
    pub process: Vec<Process>,
}

/// A delivery process: the phases a project runs through.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Process {
    pub id: String,
    pub name: String,
    pub summary: String,
    /// Share of a fixed price invoiced on signature; the phases' shares follow.
    pub deposit_percent: Percent,
    /// A fixed-price phase longer than this many business days is paid in equal parts at
    /// interim milestones no further apart than this (none when absent).
    #[serde(default)]
    pub interim_days: Option<Count<1, 250>>,
    pub phases: Vec<Phase>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Phase {
    pub id: String,
    pub name: String,
    pub description: String,
    /// Work of this phase done before or at signature: never billed, never a milestone.
    #[serde(default)]
    pub presale: Vec<String>,
    pub activities: Vec<String>,
    pub outcome: String,
    pub deliverables: Vec<String>,
    /// The milestone's acceptance criterion: what the client checks, and how.
    pub acceptance: String,
    /// Share of a fixed price invoiced when this phase's milestone is accepted.
    pub payment_percent: Percent,
}

/// SAMPLE commercial data: rates, sizes, currencies and the three models' price lists.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pricing {
    /// Must be true while the figures are samples; proposals then say so.
    pub sample: bool,
    pub notice: String,
    pub base_currency: String,
    /// Productive hours per person per business day, for phase durations.
    pub hours_per_day: DayHours,
    pub roles: Vec<Role>,
    pub sizes: BTreeMap<String, Factor>,
    /// The day the `fx` of the `[[currencies]]` entries was taken (a catalog that keeps its
    /// rates there rather than in its rates.csv).
    pub fx_date: Option<toml::value::Datetime>,
    pub currencies: Vec<CurrencyRate>,
    pub project: ProjectPricing,
    pub advisory: AdvisoryPricing,
    pub managed: ManagedPricing,
    pub policy: Policy,
}

/// SAMPLE commercial guardrails, checked on every quote.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    /// The largest discount, as a share of the contract's fees before tax.
    pub max_discount_percent: Percent,
    /// The smallest margin for each engagement and for the whole proposal.
    pub min_margin_percent: Percent,
    /// A contract worth more than this (before tax, base currency) needs a second approver.
    pub second_approver_above: Price<1_000_000_000_000>,
}

/// A role on the rate card: hourly bill rate (and cost rate) in the base currency.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Role {
    pub id: String,
    pub name: String,
    pub rate: Price,
    pub cost: Price,
}

/// A currency proposals may be priced in and its tax; its rates are the catalog's rate
/// history ([`Catalog::rates`]).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CurrencyRate {
    pub code: String,
    /// One rate from the base currency, dated by the file's `fx_date`: a row of the history
    /// for a catalog that keeps its rates here rather than in its rates.csv.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fx: Option<FxRate>,
    pub tax_percent: Percent,
    pub tax_label: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectPricing {
    /// Added to a fixed price for the risk the firm carries.
    pub risk_premium_percent: Percent,
    /// How a fixed price presents the premium: folded into the phase prices (the default),
    /// or as a contingency line the client releases only on approval.
    #[serde(default)]
    pub risk_premium: RiskPremium,
    /// Time-and-materials range around the estimate, as percentages of it.
    pub tm_low_percent: Percent,
    pub tm_high_percent: Percent<1000>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AdvisoryPricing {
    /// The role whose rate a retainer hour is billed at.
    pub role: String,
    /// Hours beyond the included ones are billed at the role's rate plus this.
    pub overage_percent: Percent<1000>,
    pub packages: Vec<Package>,
}

/// A retainer package: from `min_hours` a month, the discount on the hourly rate.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Package {
    pub id: String,
    pub name: String,
    pub min_hours: Count<0, { crate::intake::limits::MAX_HOURS }>,
    pub discount_percent: Percent,
}

/// How a fixed price presents its risk premium.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RiskPremium {
    /// Spread over the phase prices pro rata; no line of its own.
    #[default]
    Folded,
    /// A line of its own, marked as a contingency released only on the client's approval.
    Contingency,
}

/// When managed services' monthly billing starts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum BillingStart {
    /// At service commencement: the end of the set-up steps, which the onboarding fee covers.
    #[default]
    Commencement,
    /// On the engagement's first day.
    Start,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManagedPricing {
    /// One-time fee to onboard an environment, before per-item onboarding.
    pub onboarding_base: Price,
    /// One-time fee for the transition period.
    pub transition_fee: Price,
    /// The firm's cost of onboarding and transition, as a share of their fees.
    pub fee_cost_percent: Percent<1000>,
    /// When the monthly fee starts, and the term with it.
    #[serde(default)]
    pub billing_starts: BillingStart,
    pub items: Vec<InventoryItem>,
}

/// An environment item managed services are priced by.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InventoryItem {
    pub id: String,
    pub name: String,
    /// Singular unit name, e.g. "server": for a count the language calls singular.
    pub unit: String,
    /// Plural unit name, e.g. "servers": for every other count (`--explain`'s "40 servers").
    pub units: String,
    pub monthly: Price,
    pub onboarding: Price,
    /// The firm's monthly cost of running one unit at the business-hours tier.
    pub cost: Price,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct EffortFile {
    pub effort: Vec<Effort>,
}

/// SAMPLE effort for a project scenario delivered through a process, at medium size:
/// hours per phase per role.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Effort {
    pub scenario: String,
    pub process: String,
    pub hours: BTreeMap<String, BTreeMap<String, Hours>>,
}

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub(crate) usize);
    };
}

id_type!(
    /// A tier known to the catalog (an index into `Catalog::tiers`).
    TierId
);
id_type!(
    /// A process known to the catalog.
    ProcessId
);
id_type!(
    /// A project scenario known to the catalog (index into the project model's `ideal_for`).
    ScenarioId
);
id_type!(
    /// An inventory item known to the catalog.
    ItemId
);
/// A role on the rate card (an index into `Pricing::roles`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct RoleId(pub(crate) usize);

/// A project size; the catalog gives each a factor on medium-size effort.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Size {
    Small,
    Medium,
    Large,
}

impl Size {
    pub const ALL: [(&'static str, Size); 3] =
        [("small", Size::Small), ("medium", Size::Medium), ("large", Size::Large)];

    pub fn id(self) -> &'static str {
        match self {
            Size::Small => "small",
            Size::Medium => "medium",
            Size::Large => "large",
        }
    }
}

impl Catalog {
    /// Where the firm is established (`firm.country`), read once when the catalog was checked.
    pub fn firm_place(&self) -> Option<&crate::calendar::Place> {
        self.resolved.firm_place.as_ref()
    }

    pub fn model(&self, kind: ModelKind) -> &Model {
        // The checker guarantees each kind appears exactly once.
        self.models.iter().find(|m| m.id == kind).unwrap_or(&self.models[0])
    }

    pub fn tier(&self, id: TierId) -> &Tier {
        &self.tiers[id.0]
    }

    pub fn tier_id(&self, id: &str) -> Option<TierId> {
        self.tiers.iter().position(|t| t.id == id).map(TierId)
    }

    pub fn process(&self, id: ProcessId) -> &Process {
        &self.processes[id.0]
    }

    pub fn process_id(&self, id: &str) -> Option<ProcessId> {
        self.processes.iter().position(|p| p.id == id).map(ProcessId)
    }

    pub fn scenario(&self, id: ScenarioId) -> &Scenario {
        &self.model(ModelKind::Project).ideal_for[id.0]
    }

    /// The scope texts written for a project scenario, if the catalog has them.
    pub fn scope(&self, id: ScenarioId) -> Option<&ScenarioTexts> {
        let scenario = self.scenario(id);
        self.scenarios.iter().find(|s| s.id == scenario.id)
    }

    /// What a project phase does, delivers and is accepted by in this scenario: the
    /// scenario's own texts, or the process's generic ones.
    pub fn phase_scope<'a>(&'a self, scenario: ScenarioId, phase: &'a Phase) -> PhaseScope<'a> {
        match self.scope(scenario).and_then(|s| s.phases.get(&phase.id)) {
            Some(t) => PhaseScope {
                description: &t.description,
                activities: &t.activities,
                deliverables: &t.deliverables,
                acceptance: &t.acceptance,
            },
            None => PhaseScope {
                description: &phase.description,
                activities: &phase.activities,
                deliverables: &phase.deliverables,
                acceptance: &phase.acceptance,
            },
        }
    }

    /// What a step of an advisory or managed engagement says: at `tier`'s service level
    /// for a step written per tier (the checker guarantees each tier has its texts), the
    /// step's own texts otherwise.
    pub fn step_scope<'a>(&'a self, tier: Option<TierId>, step: &'a Step) -> StepScope<'a> {
        let own = StepScope {
            title: &step.title,
            description: &step.description,
            outcome: &step.outcome,
            cadence: step.cadence.as_deref(),
        };
        match tier.filter(|_| step.by_tier).and_then(|t| self.tier(t).steps.get(&step.id)) {
            Some(t) => StepScope {
                title: t.title.as_deref().unwrap_or(own.title),
                description: t.description.as_deref().unwrap_or(own.description),
                outcome: t.outcome.as_deref().unwrap_or(own.outcome),
                cadence: t.cadence.as_deref().or(own.cadence),
            },
            None => own,
        }
    }

    pub fn scenario_id(&self, id: &str) -> Option<ScenarioId> {
        self.model(ModelKind::Project).ideal_for.iter().position(|s| s.id == id).map(ScenarioId)
    }

    pub fn item(&self, id: ItemId) -> &InventoryItem {
        &self.pricing.managed.items[id.0]
    }

    pub fn item_id(&self, id: &str) -> Option<ItemId> {
        self.pricing.managed.items.iter().position(|i| i.id == id).map(ItemId)
    }

    pub fn role(&self, id: RoleId) -> &Role {
        &self.pricing.roles[id.0]
    }

    /// The rate card's roles with their ids, in the card's order.
    pub fn roles(&self) -> impl Iterator<Item = (RoleId, &Role)> {
        self.pricing.roles.iter().enumerate().map(|(i, r)| (RoleId(i), r))
    }

    pub fn role_id(&self, id: &str) -> Option<RoleId> {
        self.pricing.roles.iter().position(|r| r.id == id).map(RoleId)
    }

    /// The role a retainer hour is billed at (`pricing.advisory.role`).
    pub fn advisory_role(&self) -> &Role {
        self.role(self.resolved.advisory_role)
    }

    /// The factor on medium-size effort for a project of `size`.
    pub fn size_factor(&self, size: Size) -> Decimal {
        self.resolved.sizes[size as usize].get()
    }

    pub fn currency_rate(&self, code: &str) -> Option<&CurrencyRate> {
        self.pricing.currencies.iter().find(|c| c.code == code)
    }

    /// Units of `code` per unit of the base currency for a proposal dated `on`: 1 for the base
    /// currency, else the rate of the history taken last on or before `on`.
    pub fn fx_on(&self, code: &str, on: chrono::NaiveDate) -> Option<Decimal> {
        if code == self.pricing.base_currency {
            return Some(Decimal::ONE);
        }
        self.rates.on(code, on).map(|r| r.rate.get())
    }

    /// The effort table for a scenario and process, if the catalog has one.
    pub fn effort(&self, scenario: ScenarioId, process: ProcessId) -> Option<&super::resolve::EffortTable> {
        self.resolved.effort(scenario, process)
    }

    /// The retainer package that `hours` a month fall into (the largest whose minimum is met).
    pub fn package_for(&self, hours: Decimal) -> Option<&Package> {
        self.pricing
            .advisory
            .packages
            .iter()
            .filter(|p| Decimal::from(p.min_hours.get()) <= hours)
            .max_by_key(|p| p.min_hours)
    }
}
