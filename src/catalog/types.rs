//! The catalog's data types, as its TOML files spell them.

use crate::money::Percent;
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
    pub pricing: Pricing,
    pub effort: Vec<Effort>,
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
    pub validity_days: u32,
    /// Business days within which a proposal follows the discovery call.
    pub proposal_turnaround_days: u32,
    pub intro: String,
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
    pub title: String,
    /// Why the model fits this scenario, for the proposal's recommendation.
    pub why: String,
}

/// A "how it works" step. Advisory and managed engagements are scheduled by their steps:
/// a step lasts `days` business days, or is `ongoing` until the end of the term.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub id: String,
    pub title: String,
    pub description: String,
    pub outcome: String,
    #[serde(default)]
    pub days: Option<u32>,
    #[serde(default)]
    pub ongoing: bool,
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
    pub name: String,
    pub coverage: String,
    pub response_time: String,
    /// The critical response time in minutes, for comparisons.
    pub response_minutes: u32,
    pub ideal_for: String,
    /// The tier whose features this one includes, resolved into `all_includes`.
    #[serde(default)]
    pub inherits: Option<String>,
    pub includes: Vec<String>,
    /// SAMPLE: the factor on every managed-services unit price at this tier.
    pub multiplier: Dec,
    /// SAMPLE: the factor on the firm's cost of running an item at this tier.
    pub cost_multiplier: Dec,
    /// Everything the tier includes, inherited features first (filled in by the loader).
    #[serde(skip_deserializing)]
    pub all_includes: Vec<String>,
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
    pub deposit_percent: Dec,
    pub phases: Vec<Phase>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Phase {
    pub id: String,
    pub name: String,
    pub description: String,
    pub activities: Vec<String>,
    /// The phase's outcome: the acceptance criterion of its milestone.
    pub outcome: String,
    pub deliverables: Vec<String>,
    /// Share of a fixed price invoiced when this phase's milestone is accepted.
    pub payment_percent: Dec,
}

/// The firm's standing texts: communication, expectations, getting started, FAQ and terms.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Texts {
    pub communication: Vec<Item>,
    pub expectations: Vec<Item>,
    pub getting_started: Vec<Item>,
    pub why_us: Vec<Item>,
    pub faq: Vec<Faq>,
    pub terms: Terms,
    pub cta: Item,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    pub title: String,
    pub description: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Faq {
    pub question: String,
    pub answer: String,
}

/// Contract terms drawn from the firm's FAQ.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Terms {
    pub project: String,
    pub retainer: String,
    pub managed_notice_days: u32,
    pub managed: String,
    pub change_control: String,
    pub response_times: String,
    pub validity: String,
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
    pub hours_per_day: Dec,
    pub roles: Vec<Role>,
    pub sizes: BTreeMap<String, Dec>,
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
    pub max_discount_percent: Dec,
    /// The smallest margin for each engagement and for the whole proposal.
    pub min_margin_percent: Dec,
    /// A contract worth more than this (before tax, base currency) needs a second approver.
    pub second_approver_above: Dec,
}

/// A role on the rate card: hourly bill rate (and cost rate) in the base currency.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Role {
    pub id: String,
    pub name: String,
    pub rate: Dec,
    pub cost: Dec,
}

/// A currency proposals may be priced in: the factor from the base currency and its tax.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CurrencyRate {
    pub code: String,
    pub fx: Dec,
    pub tax_percent: Dec,
    pub tax_label: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectPricing {
    /// Added to a fixed price for the risk the firm carries.
    pub risk_premium_percent: Dec,
    /// Time-and-materials range around the estimate, as percentages of it.
    pub tm_low_percent: Dec,
    pub tm_high_percent: Dec,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AdvisoryPricing {
    /// The role whose rate a retainer hour is billed at.
    pub role: String,
    /// Hours beyond the included ones are billed at the role's rate plus this.
    pub overage_percent: Dec,
    pub packages: Vec<Package>,
}

/// A retainer package: from `min_hours` a month, the discount on the hourly rate.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Package {
    pub id: String,
    pub name: String,
    pub min_hours: u32,
    pub discount_percent: Dec,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManagedPricing {
    /// One-time fee to onboard an environment, before per-item onboarding.
    pub onboarding_base: Dec,
    /// One-time fee for the transition period.
    pub transition_fee: Dec,
    /// The firm's cost of onboarding and transition, as a share of their fees.
    pub fee_cost_percent: Dec,
    pub items: Vec<InventoryItem>,
}

/// An environment item managed services are priced by.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InventoryItem {
    pub id: String,
    pub name: String,
    /// Singular unit name, e.g. "server".
    pub unit: String,
    pub monthly: Dec,
    pub onboarding: Dec,
    /// The firm's monthly cost of running one unit at the business-hours tier.
    pub cost: Dec,
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
    pub hours: BTreeMap<String, BTreeMap<String, Dec>>,
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

    pub fn scenario_id(&self, id: &str) -> Option<ScenarioId> {
        self.model(ModelKind::Project).ideal_for.iter().position(|s| s.id == id).map(ScenarioId)
    }

    pub fn item(&self, id: ItemId) -> &InventoryItem {
        &self.pricing.managed.items[id.0]
    }

    pub fn item_id(&self, id: &str) -> Option<ItemId> {
        self.pricing.managed.items.iter().position(|i| i.id == id).map(ItemId)
    }

    pub fn role(&self, id: &str) -> Option<&Role> {
        self.pricing.roles.iter().find(|r| r.id == id)
    }

    pub fn size_factor(&self, size: Size) -> Decimal {
        self.pricing.sizes.get(size.id()).map_or(Decimal::ONE, |d| d.0)
    }

    pub fn currency_rate(&self, code: &str) -> Option<&CurrencyRate> {
        self.pricing.currencies.iter().find(|c| c.code == code)
    }

    /// The effort table for a scenario and process, if the catalog has one.
    pub fn effort(&self, scenario: ScenarioId, process: ProcessId) -> Option<&Effort> {
        let s = &self.scenario(scenario).id;
        let p = &self.process(process).id;
        self.effort.iter().find(|e| &e.scenario == s && &e.process == p)
    }

    /// The retainer package that `hours` a month fall into (the largest whose minimum is met).
    pub fn package_for(&self, hours: Decimal) -> Option<&Package> {
        self.pricing
            .advisory
            .packages
            .iter()
            .filter(|p| Decimal::from(p.min_hours) <= hours)
            .max_by_key(|p| p.min_hours)
    }

    pub fn percent(d: Dec) -> Percent {
        Percent(d.0)
    }
}
