//! The client intake: what a consultant writes (TOML), read once at the edge into checked
//! types. After [`parse`] returns, nothing downstream re-checks the input.

pub mod logo;
pub mod prose;
mod raw;
pub mod set;
pub mod text;
mod validate;

use crate::calendar::Place;
use crate::catalog::{Catalog, ClientKind, ItemId, ModelKind, ProcessId, ScenarioId, Size, TierId};
use crate::diag::{Diagnostic, Error, Location, Result, Source, Spot};
use crate::locale::Language;
use crate::money::{Currency, Locale, Percent};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::BTreeSet;
use std::io::Read;
use std::path::Path;

/// Bounds that keep every later computation far from overflow and every date in range;
/// `propose schema` states them too.
pub mod limits {
    pub const MAX_HOURS: u32 = 2_000;
    pub const MAX_MONTHS: i64 = 120;
    pub const MAX_QUANTITY: i64 = 100_000;
    pub const MAX_ENGAGEMENTS: usize = 20;
    /// Font files an intake may list for the PDF (`[proposal] fonts`).
    pub const MAX_FONTS: usize = 16;
    pub const MAX_HOLIDAYS: usize = 1_000;
    /// Entries in each of `objectives`, `assumptions` and `exclusions`.
    pub const MAX_ENTRIES: usize = 100;
    pub const MAX_DISCOUNTS: usize = 20;
    pub const MAX_OPTIONS: usize = 4;
    /// The intake's own contract clauses (`[[terms.clause]]`).
    pub const MAX_CLAUSES: usize = 20;
    /// Days an invoice is payable in (`[terms] payment_days`).
    pub const MAX_PAYMENT_DAYS: i64 = 120;
    /// Overrides in one option's `set`.
    pub const MAX_OPTION_SETS: usize = 50;
    pub const MAX_AMOUNT: i64 = 1_000_000_000;
    pub const MAX_TEXT: usize = 10_000;
    /// Texts the PDF sets in a fixed place (the cover band, the running heads, a row of the
    /// timeline chart) rather than in the flowing body: a name, a number, the title.
    pub const MAX_NAME: usize = 120;
    pub const MAX_TITLE: usize = 200;
    /// The longest file name stem a proposal takes: its number, and `-` and its revision.
    pub const MAX_FILE_STEM: usize = 64;
    /// A logo's file size and its pixels a side (the cover shows at most 900).
    pub const MAX_LOGO_BYTES: u64 = 5 * 1024 * 1024;
    pub const MAX_LOGO_SIDE: usize = 4096;
    pub const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;
}

/// Intakes larger than this are refused unread: a real intake is a few kilobytes.
pub const MAX_INTAKE_BYTES: u64 = 1024 * 1024;

/// A client objective, and what in the proposal delivers it.
#[derive(Debug, Clone)]
pub struct Objective {
    pub text: String,
    pub by: Vec<Delivers>,
}

/// What delivers an objective: an engagement (an index), or one of its phases (by id).
#[derive(Debug, Clone)]
pub struct Delivers {
    pub engagement: usize,
    pub phase: Option<String>,
}

/// The intake's say in the contract terms: the catalog's parameters it sets, and clauses of
/// its own, printed after the catalog's.
#[derive(Debug, Clone, Default)]
pub struct ContractTerms {
    pub governing_law: Option<String>,
    pub venue: Option<String>,
    /// 1 to [`limits::MAX_PAYMENT_DAYS`].
    pub payment_days: Option<u32>,
    pub clauses: Vec<OwnClause>,
}

#[derive(Debug, Clone)]
pub struct OwnClause {
    pub title: String,
    pub text: String,
}

/// A checked intake.
#[derive(Debug, Clone)]
pub struct Intake {
    pub meta: Meta,
    pub client: Client,
    pub objectives: Vec<Objective>,
    pub assumptions: Vec<String>,
    pub exclusions: Vec<String>,
    pub terms: ContractTerms,
    /// The intake's own holidays, added to the calendar's public ones.
    pub holidays: BTreeSet<NaiveDate>,
    pub calendar: CalendarChoice,
    /// How the proposal is taxed.
    pub tax: crate::tax::Treatment,
    /// What is proposed.
    pub scope: Scope,
    /// Alternatives (two to four, one recommended), each the base intake with overrides.
    pub options: Vec<ProposalOption>,
}

/// A named alternative: the intake with some values set otherwise.
#[derive(Debug, Clone)]
pub struct ProposalOption {
    pub name: String,
    pub recommended: bool,
    pub description: Option<String>,
    /// Each override, with the span of its entry in the intake for errors.
    pub sets: Vec<(set::Assignment, std::ops::Range<usize>)>,
}

impl ProposalOption {
    /// The intake's text with this option's overrides applied. An error in an override, or
    /// in the value it puts in place, is located at the override in the option's table.
    pub fn apply(&self, source: &Source) -> Result<Source> {
        let mut text = source.clone();
        for (a, span) in &self.sets {
            text = a.apply(&text).map_err(|e| self.relocate(e, source, span.clone()))?;
        }
        Ok(text)
    }

    /// Points an error at the option's override, naming the option.
    pub fn relocate(&self, e: Error, source: &Source, span: std::ops::Range<usize>) -> Error {
        let Some(d) = e.diagnostic() else { return e };
        let mut d = d.clone().at(Location::of(source, span));
        d.message = format!("option `{}`: {}", self.name, d.message);
        d.into()
    }
}

/// The proposal's own facts. The proposal model serialises them as they are (its
/// `proposal` object in JSON).
#[derive(Debug, Clone, serde::Serialize)]
pub struct Meta {
    pub number: String,
    /// The cover title the intake gives; without one the model derives it from the
    /// engagements.
    pub title: Option<String>,
    pub date: NaiveDate,
    pub valid_until: NaiveDate,
    pub currency: Currency,
    /// The client's locale (`proposal.locale`) as the proposal's language writes it: the
    /// client's own in its language, else the language's numbers, amounts and dates
    /// ([`Locale::in_language`]); serialized as the client's tag.
    pub locale: Locale,
    /// The language every sentence is written in: `proposal.language`, or the locale's.
    pub language: Language,
    /// Who leads the work: `proposal.consultant`, or `proposal.prepared_by` (a name only),
    /// or the firm.
    pub consultant: Consultant,
    /// What the tax is called (`GST + QST`), and its rate: the sum of the tax lines' rates.
    pub tax_label: String,
    #[serde(rename = "tax_percent")]
    pub tax: Percent,
    /// The revision the client holds: `r1`, `r2`, ...
    pub revision: Option<String>,
    /// A PNG or JPEG logo for the PDF cover, resolved against the intake's folder.
    #[serde(serialize_with = "path_text")]
    pub logo: Option<std::path::PathBuf>,
    /// The PDF's accent colour as RGB, written `#RRGGBB`.
    #[serde(serialize_with = "hex_colour")]
    pub accent: Option<[u8; 3]>,
    /// Font files for the PDF's fallback chain, resolved against the intake's folder. How
    /// the PDF is drawn, not what it says: not in the model's JSON.
    #[serde(skip)]
    pub fonts: Vec<std::path::PathBuf>,
}

fn path_text<S: serde::Serializer>(path: &Option<std::path::PathBuf>, s: S) -> std::result::Result<S::Ok, S::Error> {
    match path {
        Some(p) => s.serialize_some(&p.display().to_string()),
        None => s.serialize_none(),
    }
}

fn hex_colour<S: serde::Serializer>(rgb: &Option<[u8; 3]>, s: S) -> std::result::Result<S::Ok, S::Error> {
    match rgb {
        Some([r, g, b]) => s.serialize_some(&format!("#{r:02X}{g:02X}{b:02X}")),
        None => s.serialize_none(),
    }
}

#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Consultant {
    pub name: String,
    pub title: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
}

#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Client {
    pub name: String,
    /// The contact person: the intake's name (or "name, role" as one text); in the proposal,
    /// addressed as its language does ([`crate::proposal::addressee`]: 「Head of IT Yuki
    /// Tanaka 様」).
    pub contact: Option<String>,
    /// The contact's title or role, written apart from the name; the proposal's `contact`
    /// writes it.
    #[serde(skip)]
    pub contact_title: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
    pub industry: Option<String>,
    /// Where the client is: it chooses the tax rule and the calendar (unless the intake
    /// names another).
    pub country: Option<Place>,
    pub kind: ClientKind,
    /// Normalised, and checked against the country's format where one is known.
    pub tax_id: Option<String>,
}

/// Which calendar the schedule, milestones and due dates use.
#[derive(Debug, Clone)]
pub struct CalendarChoice {
    /// The intake's `calendar`, else the client's country; none: Saturday and Sunday off and
    /// the intake's own holidays only.
    pub place: Option<Place>,
    /// Whether the place's public holidays count (`holidays = false` turns them off).
    pub public: bool,
}

/// The engagements proposed and the discounts on them.
#[derive(Debug, Clone)]
pub struct Scope {
    pub engagements: Vec<Engagement>,
    pub discounts: Vec<Discount>,
}

#[derive(Debug, Clone)]
pub struct Engagement {
    pub title: Option<String>,
    pub start: Start,
    /// Free text on why this engagement fits, in the consultant's words.
    pub why: Option<String>,
    pub terms: Terms,
}

impl Engagement {
    pub fn model(&self) -> ModelKind {
        match self.terms {
            Terms::Project(_) => ModelKind::Project,
            Terms::Advisory(_) => ModelKind::Advisory,
            Terms::Managed(_) => ModelKind::Managed,
        }
    }

    /// A managed engagement's service level, which some of its steps' texts depend on.
    pub fn tier(&self) -> Option<crate::catalog::TierId> {
        match &self.terms {
            Terms::Managed(t) => Some(t.tier),
            _ => None,
        }
    }

    /// What step `id` of this (advisory or managed) engagement says, at its service level.
    pub fn step<'c>(&self, catalog: &'c crate::catalog::Catalog, id: &str) -> Option<crate::catalog::StepScope<'c>> {
        let step = catalog.model(self.model()).steps.iter().find(|s| s.id == id)?;
        Some(catalog.step_scope(self.tier(), step))
    }
}

/// When an engagement starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    On(NaiveDate),
    AfterPrevious,
}

/// Each model's own parameters.
#[derive(Debug, Clone)]
pub enum Terms {
    Project(ProjectTerms),
    Advisory(AdvisoryTerms),
    Managed(ManagedTerms),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PricingKind {
    Fixed,
    TimeAndMaterials,
}

impl PricingKind {
    pub fn id(self) -> &'static str {
        match self {
            PricingKind::Fixed => "fixed",
            PricingKind::TimeAndMaterials => "time-and-materials",
        }
    }
}

#[derive(Debug, Clone)]
pub struct ProjectTerms {
    pub pricing: PricingKind,
    pub scenario: ScenarioId,
    pub size: Size,
    pub process: ProcessId,
    /// Per phase of the process, in its order: the factor on its effort (zero when skipped).
    pub phase_scale: Vec<Decimal>,
    /// Time and materials only: the most its invoices may sum to (after discount and tax, in
    /// the proposal currency, above zero), and where it is written.
    pub not_to_exceed: Option<(Decimal, Spot)>,
}

#[derive(Debug, Clone)]
pub struct AdvisoryTerms {
    /// Included hours a month, more than zero.
    pub hours: Decimal,
    /// Months the retainer is expected to run (it stays month-to-month), at least one.
    pub months: u32,
    /// The retainer's focus: an index into the advisory model's `ideal_for` (`scenario`).
    pub focus: Option<usize>,
}

#[derive(Debug, Clone)]
pub struct ManagedTerms {
    /// Environment items in catalog order, each with a quantity above zero.
    pub inventory: Vec<(ItemId, u32)>,
    pub tier: TierId,
    /// The subscription term in months, at least one.
    pub months: u32,
}

/// A discount on the quote, applied to each engagement's share.
#[derive(Debug, Clone)]
pub struct Discount {
    /// The client's name for it; none gives the catalog's word in the proposal's language
    /// (`texts.billing.discount`, [`crate::pricing::discount_label`]).
    pub label: Option<String>,
    pub kind: DiscountKind,
    pub applies_to: AppliesTo,
    /// Where an `amount` is written: pricing refuses one larger than the fees it comes off.
    pub at: Option<Spot>,
}

#[derive(Debug, Clone, Copy)]
pub enum DiscountKind {
    Percent(Percent),
    /// A fixed amount off one-time fees, in the proposal currency (already rounded).
    Amount(Decimal),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppliesTo {
    OneTime,
    Monthly,
    All,
}

impl AppliesTo {
    pub fn one_time(self) -> bool {
        matches!(self, AppliesTo::OneTime | AppliesTo::All)
    }
    pub fn monthly(self) -> bool {
        matches!(self, AppliesTo::Monthly | AppliesTo::All)
    }
}

/// Reads an intake from a path, or from stdin when the path is `-`, refusing anything larger
/// than [`MAX_INTAKE_BYTES`] or not UTF-8.
pub fn read(path: &Path) -> Result<Source> {
    let name = path.display().to_string();
    let mut bytes = Vec::new();
    let limited = |r: &mut dyn Read, bytes: &mut Vec<u8>| r.take(MAX_INTAKE_BYTES + 1).read_to_end(bytes);
    let result = if name == "-" {
        limited(&mut std::io::stdin().lock(), &mut bytes)
    } else {
        match std::fs::File::open(path) {
            Ok(mut f) => limited(&mut f, &mut bytes),
            Err(source) => return Err(Error::Read { path: path.to_path_buf(), source }),
        }
    };
    result.map_err(|source| Error::Read { path: path.to_path_buf(), source })?;
    let name = if name == "-" { "<stdin>".to_string() } else { name };
    source_from_bytes(name, bytes)
}

/// Turns raw bytes into a source: size limit, UTF-8, and a leading BOM dropped.
pub fn source_from_bytes(name: String, bytes: Vec<u8>) -> Result<Source> {
    if bytes.len() as u64 > MAX_INTAKE_BYTES {
        return Err(Diagnostic::new(format!("intake is larger than {} KiB", MAX_INTAKE_BYTES / 1024))
            .at(Location::file(&name))
            .help("an intake is a short TOML file; check that this is the right file")
            .into());
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let valid = String::from_utf8_lossy(&e.as_bytes()[..at]).into_owned();
        let src = Source::new(name.clone(), valid);
        Diagnostic::new(format!("intake is not valid UTF-8 (bad byte at offset {at})"))
            .at(Location::of(&src, at..at))
            .help("save the file as UTF-8")
    })?;
    let text = text.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(text);
    Ok(Source::new(name, text))
}

/// Parses and checks an intake against the catalog. Every problem found is reported.
pub fn parse(source: &Source, catalog: &Catalog) -> Result<Intake> {
    let raw: raw::RawIntake = crate::catalog::parse(source)?;
    validate::validate(raw, source, catalog)
}

/// [`parse`] for an intake whose TOML is already parsed: `tree` must be what `source`'s text
/// parses to, spans included, so that every problem is located as [`parse`] locates it.
pub fn parse_tree(tree: toml::Spanned<toml::de::DeTable<'_>>, source: &Source, catalog: &Catalog) -> Result<Intake> {
    use serde::Deserialize;
    let raw = raw::RawIntake::deserialize(toml::de::Deserializer::from(tree))
        .map_err(|e| crate::catalog::toml_error(source, &e))?;
    validate::validate(raw, source, catalog)
}

/// Reads and parses an intake file (or stdin for `-`).
pub fn load(path: &Path, catalog: &Catalog) -> Result<Intake> {
    parse(&read(path)?, catalog)
}
