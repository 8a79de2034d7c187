//! The proposal model: everything a renderer needs, computed once from the intake, the
//! catalog, the quote and the schedule. Its JSON form is the stable interface for scripts
//! (documented in README); Markdown and PDF are rendered from it and nothing else.

mod billing;
mod engagement;
mod plan;
mod standing;
pub use standing::{LIST_STRINGS, TAX_OF};
mod typeset;

pub use engagement::*;
pub use plan::{FixedSplit, PaymentPlan, PlanRow};
pub use standing::*;
pub use typeset::typeset_offer;

use crate::catalog::{Catalog, ModelKind};
use crate::intake::Intake;
use crate::money::{Currency, Money};
use crate::policy::Review;
use crate::pricing::{AppliedDiscount, LineItem, Quote, Sums};
use crate::schedule::{Milestone, Payment, Schedule};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

/// Bumped when a field is renamed or removed; additions keep the version.
pub const SCHEMA_VERSION: u32 = 3;

#[derive(Debug, Clone, Serialize)]
pub struct Proposal {
    pub schema_version: u32,
    /// The cover title: the intake's, or the engagements' names.
    pub title: String,
    pub proposal: Meta,
    pub firm: Firm,
    pub client: crate::intake::Client,
    pub sample_rates: Option<String>,
    /// How the proposal is taxed: the rule, its wording, the tax IDs, any withholding.
    pub tax: crate::tax::Treatment,
    /// The tax lines' names as a sentence names them ("GST and QST"), when there are several
    /// (each is shown on its own line).
    pub tax_names: Option<String>,
    /// The same names as the full edition's sentence on their amounts names them, each
    /// written by the pack's `pricing.tax_of` (French « de la TPS et de la TVQ »).
    pub tax_amounts_of: Option<String>,
    /// The rate prices were converted at, when the proposal is not in the catalog's currency.
    pub exchange_rate: Option<crate::catalog::rates::ExchangeRate>,
    pub objectives: Vec<String>,
    /// Objectives with what delivers them and by when; empty unless the intake says what
    /// delivers at least one.
    pub objective_plan: Vec<ObjectiveRow>,
    /// The recommended offer: engagements, prices and schedule.
    #[serde(flatten)]
    pub offer: Offer,
    /// The one sentence on what happened before this proposal (the pre-sale work).
    pub so_far: String,
    /// The PDF's own labels (cover, running heads, chart legend, watermark): layout data,
    /// not part of the model's JSON.
    #[serde(skip)]
    pub pdf_labels: crate::catalog::PdfLabels,
    /// The terminal quote's words (`propose quote`): the firm's view, not part of the JSON.
    #[serde(skip)]
    pub quote_labels: crate::catalog::QuoteLabels,
    pub working: WorkingView,
    pub terms: TermsView,
    pub next_steps: NextStepsView,
    pub assumptions: Vec<String>,
    pub exclusions: Vec<String>,
    /// Rendered as a draft: watermarked, banner, not for sending.
    pub draft: bool,
    /// The pricing-policy review: margins, breaches, approvers. For the firm only: no
    /// client document shows it, the client's JSON included (`quote --format json` does,
    /// through [`FirmView`]).
    #[serde(skip)]
    pub policy: Option<crate::policy::Review>,
    /// A short hash of the client-facing content (see [`Proposal::seal`]); empty until sealed.
    pub content_hash: String,
    /// Alternatives the client may choose from, side by side; empty for a single offer. The
    /// rest of the model is the recommended option's.
    pub options: Vec<OptionView>,
    /// The options' inclusions side by side; empty for a single offer.
    pub option_features: Vec<FeatureRow>,
    /// The templates' own words in the proposal's language, for the Markdown (and so the PDF).
    #[serde(skip)]
    pub strings: std::sync::Arc<crate::catalog::strings::Strings>,
    /// The intake's texts that look written in another language than the proposal's, for
    /// `render`'s and `quote`'s warning ([`crate::intake::prose`]); never printed in it.
    #[serde(skip)]
    pub foreign_texts: Vec<crate::intake::prose::Foreign>,
}

/// The proposal's own facts, as the intake states them.
pub type Meta = crate::intake::Meta;

/// What is offered: the engagements, their prices and their schedule. A proposal has one;
/// each option has its own.
#[derive(Debug, Clone, Serialize)]
pub struct Offer {
    pub engagements: Vec<EngagementView>,
    pub line_items: Vec<LineView>,
    pub discounts: Vec<AppliedDiscount>,
    /// Each discount as the brief states it: what it is and what it takes off in all.
    pub discount_terms: Vec<DiscountTerms>,
    pub totals: Totals,
    pub timeline: Timeline,
    pub phases: Vec<PhaseView>,
    pub milestones: Vec<Milestone>,
    pub payment_schedule: Vec<Payment>,
    /// The payment schedule arranged for reading, reconciled with the contract value.
    pub payment_plan: PaymentPlan,
    /// The calendar the dates were counted with, and the public holidays among them.
    pub calendar: crate::calendar::CalendarSummary,
}

/// One alternative: how it compares, and its full pricing and schedule.
#[derive(Debug, Clone, Serialize)]
pub struct OptionView {
    pub name: String,
    pub recommended: bool,
    pub description: Option<String>,
    pub comparison: Comparison,
    #[serde(flatten)]
    pub offer: Offer,
    /// This option's own pricing-policy review (for the firm: `batch`'s row per option).
    #[serde(skip)]
    pub policy: Option<Review>,
}

/// The figures a client compares options by.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    pub engagements: String,
    pub one_time: Money,
    pub monthly: Money,
    pub contract_value: Money,
    /// The managed-services tier's critical response time and coverage, if any.
    pub response_time: Option<String>,
    pub coverage: Option<String>,
    /// The managed-services tier's service reviews ("Quarterly", "Monthly optimization
    /// report": printed under "Service reviews"), if any: what each option's optimization
    /// amounts to.
    pub reviews: Option<String>,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub weeks: i64,
    /// The longest term of its advisory and managed engagements, in months; 0 when it has
    /// none (a project is compared by its weeks).
    pub months: u32,
    /// What the option includes: its managed tier's features, or its engagements' scenarios.
    pub includes: Vec<String>,
    /// Some of its figures are time-and-materials estimates.
    pub estimated: bool,
    /// What its first twelve months cost, for options whose terms differ: its one-time fees
    /// and its monthly fees for the first twelve months of its term (all of them, for a
    /// shorter term); a project-only option's contract value.
    pub first_year: Money,
}

/// An option's first twelve months (see `Comparison::first_year`): a sum the quote's own
/// totals already hold whenever the term is a year or less.
fn first_year(offer: &Offer) -> Money {
    let t = &offer.totals;
    let months = offer.engagements.iter().map(|e| e.months).max().unwrap_or(0);
    if months <= 12 {
        return t.contract_value;
    }
    t.monthly.times(12).and_then(|m| m.checked_add(t.one_time)).unwrap_or(t.contract_value)
}

/// The intake's discounts in its order, each summed over the engagements and kinds of fee it
/// was applied to; those that took nothing off are left out.
fn discount_terms(
    intake: &Intake,
    catalog: &Catalog,
    applied: &[AppliedDiscount],
    cur: Currency,
) -> Vec<DiscountTerms> {
    let zero = Money::zero(cur);
    let mut out: Vec<DiscountTerms> = intake
        .scope
        .discounts
        .iter()
        .map(|d| DiscountTerms {
            label: crate::pricing::discount_label(d, catalog).to_string(),
            unnamed: d.label.is_none(),
            percent: match d.kind {
                crate::intake::DiscountKind::Percent(p) => Some(p.0.normalize()),
                crate::intake::DiscountKind::Amount(_) => None,
            },
            one_time: zero,
            monthly: zero,
        })
        .collect();
    for a in applied {
        if let Some(t) = out.get_mut(a.discount) {
            let sum = match a.recurrence {
                crate::pricing::Recurrence::OneTime => &mut t.one_time,
                crate::pricing::Recurrence::Monthly => &mut t.monthly,
            };
            // Never more than the discount totals, which were summed with a check.
            *sum = sum.checked_add(a.amount).unwrap_or(*sum);
        }
    }
    out.retain(|t| !t.one_time.amount().is_zero() || !t.monthly.amount().is_zero());
    out
}

/// One row of the options' inclusions: a feature any option includes, and for each option,
/// in order, whether it does.
#[derive(Debug, Clone, Serialize)]
pub struct FeatureRow {
    pub feature: String,
    pub included: Vec<bool>,
}

/// Every feature the options include, in the order they first appear (the first option's
/// first), each with the options that include it.
/// Each feature is a row's label, so it starts as a sentence does (a tier's features are
/// written mid-sentence, but for the first).
pub fn feature_rows(options: &[OptionView]) -> Vec<FeatureRow> {
    let labelled: Vec<Vec<String>> = options
        .iter()
        .map(|o| o.comparison.includes.iter().map(|f| crate::locale::Language::sentence_start(f)).collect())
        .collect();
    let mut features: Vec<&String> = Vec::new();
    for f in labelled.iter().flatten() {
        if !features.contains(&f) {
            features.push(f);
        }
    }
    features
        .into_iter()
        .map(|f| FeatureRow { included: labelled.iter().map(|o| o.contains(f)).collect(), feature: f.clone() })
        .collect()
}

impl OptionView {
    /// Wraps an option's offer.
    pub fn new(
        name: String,
        recommended: bool,
        description: Option<String>,
        offer: Offer,
        policy: Option<Review>,
    ) -> OptionView {
        let managed = offer.engagements.iter().find_map(|e| e.managed.as_ref());
        let includes = match managed {
            Some(m) => m.tier.includes.clone(),
            None => offer.engagements.iter().map(|e| e.title.clone()).collect(),
        };
        let comparison = Comparison {
            engagements: offer.engagements.iter().map(|e| e.title.as_str()).collect::<Vec<_>>().join(" + "),
            one_time: offer.totals.one_time,
            monthly: offer.totals.monthly,
            contract_value: offer.totals.contract_value,
            response_time: managed.map(|m| m.tier.response_time.clone()),
            coverage: managed.map(|m| m.tier.coverage.clone()),
            reviews: managed.map(|m| m.tier.review_cadence.clone()),
            start: offer.timeline.start,
            end: offer.timeline.end,
            weeks: offer.timeline.weeks,
            months: offer.engagements.iter().map(|e| e.months).max().unwrap_or(0),
            includes,
            estimated: offer.engagements.iter().any(|e| e.estimated),
            first_year: first_year(&offer),
        };
        OptionView { name, recommended, description, comparison, offer, policy }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Firm {
    pub name: String,
    pub tagline: String,
    pub website: String,
    pub email: String,
    pub intro: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct LineView {
    pub engagement: usize,
    #[serde(flatten)]
    pub line: LineItem,
}

#[derive(Debug, Clone, Serialize)]
pub struct Totals {
    pub currency: Currency,
    pub one_time: Money,
    pub monthly: Money,
    pub contract_value: Money,
    pub one_time_breakdown: Sums,
    pub monthly_breakdown: Sums,
    pub has_one_time: bool,
    pub has_monthly: bool,
    pub has_discount: bool,
    /// What the client withholds for its tax office, and the net payment to the firm.
    pub withholding: Option<crate::pricing::Withheld>,
}

/// One discount of the intake, summed over the engagements: its rate (a percentage; none for
/// a fixed amount, which the engine takes off one-time fees only) and what it takes off the
/// one-time and the monthly fees, before tax. Only discounts that take something off are
/// listed.
#[derive(Debug, Clone, Serialize)]
pub struct DiscountTerms {
    pub label: String,
    /// Whether the intake gives it no `label`: its label is then the catalog's word for a
    /// discount, which the brief does not quote after its own. Written only when true.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub unnamed: bool,
    pub percent: Option<Decimal>,
    pub one_time: Money,
    pub monthly: Money,
}

#[derive(Debug, Clone, Serialize)]
pub struct Timeline {
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// Calendar weeks from start to end, rounded up.
    pub weeks: i64,
}

impl Totals {
    fn of(quote: &Quote) -> Totals {
        let t = &quote.totals;
        Totals {
            currency: quote.currency,
            one_time: t.one_time.total,
            monthly: t.monthly.total,
            contract_value: t.contract_value,
            one_time_breakdown: t.one_time,
            monthly_breakdown: t.monthly,
            has_one_time: !t.one_time.subtotal.amount().is_zero(),
            has_monthly: !t.monthly.subtotal.amount().is_zero(),
            has_discount: !quote.discounts.is_empty(),
            withholding: t.withholding.clone(),
        }
    }
}

impl Timeline {
    fn new(start: NaiveDate, end: NaiveDate) -> Timeline {
        Timeline { start, end, weeks: ((end - start).num_days() + 7) / 7 }
    }
}

/// An offer's figures without its texts, phases and payments: what `batch` shows of a
/// scenario without options. The same values as the [`Offer`] of the same quote (a test
/// compares their rows on every example).
#[derive(Debug, Clone)]
pub struct Figures {
    pub models: Vec<ModelKind>,
    pub totals: Totals,
    pub timeline: Timeline,
}

impl Figures {
    /// The figures of `quote` over the work's first and last day (`span`, from
    /// [`crate::schedule::span`]), with the pricing-policy review [`Offer::new`] gives.
    pub fn new(intake: &Intake, catalog: &Catalog, quote: &Quote, span: (NaiveDate, NaiveDate)) -> (Figures, Review) {
        let titles: Vec<String> = intake.scope.engagements.iter().map(|e| engagement::title(catalog, e)).collect();
        let review = crate::policy::review(catalog, quote, &titles);
        let models = intake.scope.engagements.iter().map(|e| e.model()).collect();
        (Figures { models, totals: Totals::of(quote), timeline: Timeline::new(span.0, span.1) }, review)
    }
}

impl Offer {
    /// Whether a project is among the engagements: its price (fixed, or a time-and-materials
    /// estimate) sums with the one-time fees but is paid by milestones or monthly, so the
    /// totals' column is not called "One-time" (review 20: northwind's fixed price read as a
    /// one-off fee).
    pub fn has_project(&self) -> bool {
        self.engagements.iter().any(|e| e.project.is_some())
    }

    /// Assembles an offer from its intake's scope, quote and schedule, with the pricing-policy
    /// review of its figures. Inputs are already checked, so this cannot fail. The quote and
    /// schedule are consumed: their lists move into the offer.
    pub fn new(intake: &Intake, catalog: &Catalog, quote: Quote, schedule: Schedule) -> (Offer, Review) {
        let engagements: Vec<EngagementView> = intake
            .scope
            .engagements
            .iter()
            .zip(&quote.engagements)
            .enumerate()
            .map(|(i, (e, q))| engagement_view(catalog, i, e, q, &schedule, intake))
            .collect();
        let titles: Vec<String> = engagements.iter().map(|e| e.title.clone()).collect();
        let review = crate::policy::review(catalog, &quote, &titles);
        let phases = phase_views(catalog, intake, &schedule);
        let totals = Totals::of(&quote);
        let discount_terms = discount_terms(intake, catalog, &quote.discounts, quote.currency);
        let payment_plan = plan::plan(&schedule.payments, &engagements, totals.contract_value, quote.currency);
        let offer = Offer {
            line_items: quote
                .engagements
                .into_iter()
                .enumerate()
                .flat_map(|(i, q)| q.lines.into_iter().map(move |line| LineView { engagement: i, line }))
                .collect(),
            discounts: quote.discounts,
            discount_terms,
            totals,
            timeline: Timeline::new(schedule.start, schedule.end),
            phases,
            milestones: schedule.milestones,
            payment_schedule: schedule.payments,
            payment_plan,
            calendar: schedule.calendar,
            engagements,
        };
        (offer, review)
    }
}

impl Proposal {
    /// Assembles the model around its (recommended) offer: the intake's facts, the firm and
    /// its standing texts, and the terms for the kinds of engagement offered. With `options`
    /// (every option, the recommended one's included, each typeset), the title, the response
    /// times and the next steps are true of whichever option the client chooses.
    pub fn new(intake: &Intake, catalog: &Catalog, offer: Offer, review: Review, options: Vec<OptionView>) -> Proposal {
        let meta = &intake.meta;
        let firm = &catalog.firm;
        let labels: Vec<&str> = intake.tax.lines.iter().map(|l| l.label.as_str()).collect();
        let tax_names = standing::tax_names(&catalog.strings, &labels);
        Proposal {
            schema_version: SCHEMA_VERSION,
            title: meta.title.clone().unwrap_or_else(|| {
                options_title(catalog, meta, &options).unwrap_or_else(|| title(catalog, &offer, meta.language))
            }),
            proposal: crate::intake::Meta {
                // The catalog's fonts, then the intake's: the PDF's fallback order.
                fonts: catalog.fonts.iter().chain(&meta.fonts).cloned().collect(),
                ..meta.clone()
            },
            firm: Firm {
                name: firm.name.clone(),
                tagline: firm.tagline.clone(),
                website: firm.website.clone(),
                email: firm.email.clone(),
                intro: firm.intro.clone(),
            },
            client: crate::intake::Client {
                contact: addressee(&catalog.strings, &intake.client),
                ..intake.client.clone()
            },
            sample_rates: catalog.pricing.sample.then(|| catalog.pricing.notice.clone()),
            tax: intake.tax.clone(),
            tax_names: tax_names.as_ref().map(|n| n.0.clone()),
            tax_amounts_of: tax_names.map(|n| n.1),
            exchange_rate: crate::catalog::rates::ExchangeRate::of(catalog, meta.currency, meta.date),
            objectives: intake.objectives.iter().map(|o| o.text.clone()).collect(),
            objective_plan: objective_plan(intake, &offer),
            so_far: catalog.texts.so_far.clone(),
            pdf_labels: catalog.texts.pdf.clone(),
            quote_labels: catalog.texts.quote.clone(),
            working: standing::working(catalog, &offer, &options),
            terms: standing::terms(catalog, meta, &intake.terms, &offer),
            next_steps: standing::next_steps(catalog, meta, &firm.email, &offer, &options),
            offer,
            assumptions: intake.assumptions.clone(),
            exclusions: intake.exclusions.clone(),
            draft: false,
            policy: Some(review),
            content_hash: String::new(),
            option_features: feature_rows(&options),
            options,
            strings: std::sync::Arc::clone(&catalog.strings),
            foreign_texts: Vec::new(),
        }
        .typeset(intake, &catalog.spelling)
    }
}

/// The cover title from the engagements' names: "Cloud migration", or "Cloud migration and
/// 24/7 managed operations" (the catalog's `title_and` joins the last two, `title_comma` the
/// names before them).
/// Every name after the first is written mid-sentence ("Infrastructure modernization and
/// advisory retainer"), as the language does.
fn title(catalog: &Catalog, offer: &Offer, language: crate::locale::Language) -> String {
    let names: Vec<String> = offer
        .engagements
        .iter()
        .enumerate()
        .map(|(i, e)| if i == 0 { e.title.clone() } else { language.mid_sentence(&e.title) })
        .collect();
    match names.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{}{}{last}", rest.join(&catalog.texts.title_comma), catalog.texts.title_and),
    }
}

/// The cover title of a proposal with options whose engagements differ (Essential's
/// "Business-hours managed operations", Extended's "Extended-hours …"): a title true of every
/// option, from `texts.toml`'s `[options]`, the count in words ("Managed operations: three
/// service levels"). `None` without options, or when every option offers the same engagements
/// (the recommended offer's title is then true of all).
fn options_title(catalog: &Catalog, meta: &crate::intake::Meta, options: &[OptionView]) -> Option<String> {
    let titles = |o: &OptionView| o.offer.engagements.iter().map(|e| e.title.clone()).collect::<Vec<_>>();
    let first = options.first()?;
    if options.iter().all(|o| titles(o) == titles(first)) {
        return None;
    }
    let t = &catalog.texts.options;
    let count = meta.locale.count(options.len() as u64);
    let single = |o: &OptionView| match o.offer.engagements.as_slice() {
        [e] => Some((e.model, e.model_title.clone())),
        _ => None,
    };
    let kind = single(first).filter(|k| options.iter().all(|o| single(o).as_ref() == Some(k)));
    Some(match kind {
        Some((ModelKind::Managed, _)) => crate::catalog::fill(&t.managed_title, &[("count", &count)]),
        Some((_, model)) => crate::catalog::fill(&t.kind_title, &[("model", &model), ("count", &count)]),
        None => crate::catalog::fill(&t.mixed_title, &[("count", &count)]),
    })
}

/// One row of the objectives table: the objective, the engagements or phases that deliver
/// it, and the date the last of them ends (`date`), or, when all of them run on, the date
/// they start (`start`).
#[derive(Debug, Clone, Serialize)]
pub struct ObjectiveRow {
    pub objective: String,
    pub how: Vec<Deliverer>,
    pub date: Option<NaiveDate>,
    pub start: Option<NaiveDate>,
}

/// An engagement (by its name), or one of its phases.
#[derive(Debug, Clone, Serialize)]
pub struct Deliverer {
    pub engagement: String,
    pub phase: Option<String>,
}

fn objective_plan(intake: &Intake, offer: &Offer) -> Vec<ObjectiveRow> {
    if intake.objectives.iter().all(|o| o.by.is_empty()) {
        return Vec::new();
    }
    intake
        .objectives
        .iter()
        .map(|o| {
            let (mut how, mut ends, mut starts) = (Vec::new(), Vec::new(), Vec::new());
            for d in &o.by {
                let Some(e) = offer.engagements.get(d.engagement) else { continue };
                let phase = d
                    .phase
                    .as_ref()
                    .and_then(|id| offer.phases.iter().find(|p| p.engagement == d.engagement && &p.id == id));
                match phase {
                    Some(p) if p.ongoing => starts.push(p.start),
                    Some(p) => ends.push(p.end),
                    None => ends.push(e.end),
                }
                how.push(Deliverer { engagement: e.title.clone(), phase: phase.map(|p| p.name.clone()) });
            }
            let date = ends.into_iter().max();
            let start = if date.is_none() { starts.into_iter().min() } else { None };
            ObjectiveRow { objective: o.text.clone(), how, date, start }
        })
        .collect()
}

/// The proposal as the firm sees it (`quote --format json`): the client's model and the
/// pricing-policy review.
#[derive(Serialize)]
pub struct FirmView<'a> {
    #[serde(flatten)]
    pub proposal: &'a Proposal,
    pub policy: &'a Option<Review>,
}

impl Proposal {
    /// The name output files take: the proposal number, and the revision when there is one.
    pub fn file_stem(&self) -> String {
        match &self.proposal.revision {
            Some(r) => format!("{}-{r}", self.proposal.number),
            None => self.proposal.number.clone(),
        }
    }

    /// The content hash: the first 12 hex digits of SHA-256 over the model's JSON, leaving
    /// out what is not the client's content (the policy review, the draft flag, the hash).
    /// Two copies with the same hash are the same proposal.
    pub fn compute_hash(&self) -> String {
        use sha2::Digest;
        let mut clean = self.clone();
        clean.draft = false;
        clean.content_hash = String::new();
        let json = serde_json::to_vec(&clean).unwrap_or_default();
        let digest = sha2::Sha256::digest(&json);
        digest.iter().take(6).map(|b| format!("{b:02x}")).collect()
    }

    /// Fills in the content hash, before any output is written.
    pub fn seal(&mut self) {
        self.content_hash = self.compute_hash();
    }
}

/// The pack's strings that address the client's contact: by name alone, and by name and
/// title (the English pack's are the defaults).
pub const ADDRESSEE: [(&str, &str); 2] = [("cover.addressee", "{name}"), ("cover.addressee_titled", "{name}, {title}")];

/// The client's contact as the proposal's language addresses it: "Yuki Tanaka, Head of IT";
/// 「Head of IT Yuki Tanaka 様」, with the honorific a Japanese business document gives the
/// person it is addressed to.
pub fn addressee(strings: &crate::catalog::strings::Strings, client: &crate::intake::Client) -> Option<String> {
    let name = client.contact.as_deref()?;
    let title = client.contact_title.as_deref();
    let (key, default) = ADDRESSEE[usize::from(title.is_some())];
    let text = strings.text(key, None).unwrap_or(default);
    Some(crate::catalog::fill(text, &[("name", name), ("title", title.unwrap_or_default())]))
}
