//! Exchange rates: the catalog's rate history (`rates.csv` beside `pricing.toml`, and the `fx`
//! of a pricing.toml that still gives one), today's rates from a file (`--rates FILE`) joining
//! it, and the rate a proposal states: for its currency, the latest taken on or before the
//! proposal's date. Both files are CSV `currency,rate,date` (`--rates` may also be a JSON list of
//! `{"currency", "rate", "date"}`), each rate units of the currency per one unit of the catalog's
//! base currency; every problem is located at its line.

use super::types::{Catalog, Pricing};
use super::values::FxRate;
use crate::diag::{Diagnostic, Error, Location, Result, Source};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::path::Path;

/// The catalog's rate history file, beside `pricing.toml`.
pub const FILE: &str = "rates.csv";

/// Where a rate of the history was given, for the messages that name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Origin {
    /// The `fx` of a `[[currencies]]` entry in pricing.toml, dated by its `fx_date`.
    Pricing,
    /// A row of the catalog's rates.csv.
    #[default]
    Catalog,
    /// A row of the `--rates` file.
    File,
}

/// One rate of a currency, and the day it was taken (none for an undated `fx`).
#[derive(Debug, Clone, serde::Serialize)]
pub struct Row {
    pub currency: String,
    pub rate: FxRate,
    pub date: Option<NaiveDate>,
    #[serde(skip)]
    pub origin: Origin,
}

/// Every rate the catalog (and `--rates`) gives. A rate given twice for a currency and day is
/// an error within one file; a `--rates` row replaces the catalog's of the same day.
///
/// The embedded rates.csv, which a test checks whole, is read only for the currencies asked
/// for, each when first asked for: parsing all of its hundred rows at every start cost more
/// than a proposal in one currency needs.
#[derive(Debug, Clone, Default)]
pub struct History {
    /// The checked rows: pricing.toml's `fx`, a rates.csv of the catalog folder, `--rates`.
    rows: Vec<Row>,
    /// The embedded rates.csv, and each currency's rows of it once read.
    embedded: Option<(Source, Vec<(String, Lazy)>)>,
    /// The catalog's rates.csv as messages name it.
    pub file: String,
}

/// A currency's rows of the embedded rates.csv, read when first asked for.
type Lazy = std::sync::OnceLock<Vec<Row>>;

impl History {
    /// Every row of `currency`: the checked ones, then the embedded file's.
    fn of<'a, 'c>(&'a self, currency: &'c str) -> impl Iterator<Item = &'a Row> + use<'a, 'c> {
        let embedded = self.embedded.as_ref().and_then(|(source, cache)| {
            let (_, rows) = cache.iter().find(|(code, _)| code == currency)?;
            Some(rows.get_or_init(|| read_embedded(source, currency)).iter())
        });
        self.rows.iter().filter(move |r| r.currency == currency).chain(embedded.into_iter().flatten())
    }

    /// The rate of `currency` a proposal dated `on` is priced at: the latest taken on or before
    /// `on` (a `--rates` row before the catalog's of the same day), else an undated one.
    pub fn on(&self, currency: &str, on: NaiveDate) -> Option<&Row> {
        self.of(currency).filter(|r| r.date.is_none_or(|d| d <= on)).max_by_key(|r| (r.date, r.origin == Origin::File))
    }

    /// The earliest rate of `currency`.
    pub fn earliest(&self, currency: &str) -> Option<&Row> {
        self.of(currency).min_by_key(|r| r.date)
    }

    /// Whether `currency` has any rate.
    fn has(&self, currency: &str) -> bool {
        self.of(currency).next().is_some()
    }
}

impl serde::Serialize for History {
    /// Every row, the embedded file's read for every currency.
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut codes: Vec<&str> = self.rows.iter().map(|r| r.currency.as_str()).collect();
        if let Some((_, cache)) = &self.embedded {
            codes.extend(cache.iter().map(|(code, _)| code.as_str()));
        }
        codes.sort_unstable();
        codes.dedup();
        s.collect_seq(codes.into_iter().flat_map(|c| self.of(c)))
    }
}

/// The rows of `currency` in the embedded rates.csv, which a test checks whole: its lines
/// `CODE,rate,date` split at their commas. The CSV reader, built for these dozen lines, cost
/// 298 K instructions of every run in a currency other than the base (callgrind, `quote` of
/// fabrikam: 6.14 M in all); the file is ours and checked, so a split reads it.
fn read_embedded(source: &Source, currency: &str) -> Vec<Row> {
    let fields = |line: &str| {
        let mut f = line.split(',');
        let (code, rate, date) = (f.next()?, f.next()?, f.next()?);
        let rate = rate.trim().parse::<Decimal>().ok().and_then(FxRate::new)?;
        let date = date.trim().parse::<NaiveDate>().ok()?;
        (code.trim() == currency && f.next().is_none()).then_some((rate, date))
    };
    let row = |(rate, date)| Row { currency: currency.to_string(), rate, date: Some(date), origin: Origin::Catalog };
    source.text.lines().filter(|l| l.starts_with(currency)).filter_map(fields).map(row).collect()
}

/// `1 base = rate currency`, taken on `date`: e.g. 1 USD = 0.92 EUR (2026-03-02).
#[derive(Debug, Clone, serde::Serialize)]
pub struct ExchangeRate {
    pub base: String,
    pub currency: String,
    pub rate: Decimal,
    pub date: Option<NaiveDate>,
    /// Where the rate was given, for the stale warning.
    #[serde(skip)]
    pub origin: Origin,
}

impl ExchangeRate {
    /// The rate a proposal in `currency` dated `on` states, unless `currency` is the catalog's
    /// base currency.
    pub fn of(catalog: &Catalog, currency: crate::money::Currency, on: NaiveDate) -> Option<ExchangeRate> {
        if currency.code == catalog.pricing.base_currency {
            return None;
        }
        let row = catalog.rates.on(currency.code, on)?;
        Some(ExchangeRate {
            base: catalog.pricing.base_currency.clone(),
            currency: currency.code.to_string(),
            rate: row.rate.get().normalize(),
            date: row.date,
            origin: row.origin,
        })
    }
}

/// How many days a stated rate may be older than the proposal before `render` and `quote`
/// warn that it is stale.
pub const STALE_AFTER_DAYS: i64 = 30;

impl ExchangeRate {
    /// A warning, when even the latest rate taken by `on` (the proposal's date) was taken more
    /// than [`STALE_AFTER_DAYS`] before it: which rate, how old, and where to add a fresh one.
    /// The proposal still states the rate it was priced at.
    pub fn stale(&self, catalog: &Catalog, on: NaiveDate) -> Option<String> {
        let taken = self.date?;
        let days = (on - taken).num_days();
        if days <= STALE_AFTER_DAYS {
            return None;
        }
        let help = match self.origin {
            Origin::Pricing => format!(
                "add a row `{},RATE,{on}` of the rate on the proposal's date to the catalog's {FILE} (beside pricing.toml), \
                 or give it with `--rates FILE`",
                self.currency
            ),
            Origin::Catalog => format!(
                "append a row `{},RATE,{on}` of the rate on the proposal's date to {}, or give it with `--rates FILE`",
                self.currency, catalog.rates.file
            ),
            Origin::File => format!("give the rate on the proposal's date in the `--rates` file, e.g. `{},RATE,{on}`", self.currency),
        };
        Some(format!(
            "the exchange rate 1 {} = {} {} was taken on {taken}, {days} days before the proposal's date {on}, \
             and no later one on or before it is known\n  = help: {help}",
            self.base, self.rate, self.currency
        ))
    }
}

/// A rates file larger than this is refused unread; a real one is a few lines.
pub const MAX_RATES_BYTES: u64 = 64 * 1024;
/// The most rates a file (the catalog's or `--rates`) may hold.
pub const MAX_RATES: usize = 500;

/// A byte span of a rates file.
type Span = std::ops::Range<usize>;

/// A file's rows, each with where it stands, and a diagnostic for each bad row.
type Parsed = (Vec<(Row, Span)>, Vec<Diagnostic>);

/// One rate as written, with where it stands.
struct Entry {
    currency: String,
    rate: String,
    date: String,
    at: Span,
}

/// The catalog's history: the `fx` of each `[[currencies]]` entry of `pricing` that gives one
/// (dated by `fx_date`, else undated), then the rows of `rates` (the catalog's rates.csv, when
/// it has one). A currency the catalog prices in without any rate is an error located at its
/// entry in `pricing_source`. Unless `check`, the catalog is the embedded one, whose rates.csv
/// is read for each currency when first asked for.
pub fn history(pricing: &Pricing, pricing_source: &Source, rates: Option<&Source>, check: bool) -> Result<History> {
    let file = rates.map_or_else(|| FILE.to_string(), |s| s.name.replace("<embedded>/", ""));
    let mut history = History { file, ..History::default() };
    if let Some(source) = rates.filter(|_| !check) {
        let codes = pricing.currencies.iter().filter(|c| c.code != pricing.base_currency);
        history.embedded = Some((source.clone(), codes.map(|c| (c.code.clone(), Default::default())).collect()));
        return Ok(history);
    }
    let fx_date = pricing.fx_date.as_ref().and_then(super::values::toml_date);
    for c in pricing.currencies.iter().filter(|c| c.code != pricing.base_currency) {
        if let Some(rate) = c.fx {
            history.rows.push(Row { currency: c.code.clone(), rate, date: fx_date, origin: Origin::Pricing });
        }
    }
    let mut found = Vec::new();
    if let Some(source) = rates {
        let (rows, mut bad) = parse(pricing, source, Origin::Catalog)?;
        found.append(&mut bad);
        // The file's rows are one a currency and day; only pricing.toml's `fx` may meet one.
        let fx_rows = history.rows.len();
        for (row, at) in rows {
            let same = history.rows[..fx_rows].iter().find(|r| r.currency == row.currency && r.date == row.date);
            match same {
                None => history.rows.push(row),
                Some(old) if old.rate == row.rate => {}
                Some(old) => found.push(
                    Diagnostic::new(format!(
                        "`{}` has two rates on {}: {} (the `fx` of its `[[currencies]]` entry in pricing.toml) and {}",
                        row.currency,
                        row.date.map_or_else(String::new, |d| d.to_string()),
                        old.rate,
                        row.rate
                    ))
                    .at(Location::of(source, at))
                    .help(format!(
                        "keep one: remove this row, or `fx` from the `{}` entry of pricing.toml",
                        row.currency
                    )),
                ),
            }
        }
    }
    let missing: Vec<&str> = pricing
        .currencies
        .iter()
        .filter(|c| c.code != pricing.base_currency && !history.has(&c.code))
        .map(|c| c.code.as_str())
        .collect();
    // A currency whose rows were all refused is not missing a rate: those errors say why.
    if let Some(first) = missing.first().filter(|_| found.is_empty()) {
        let needle = format!("\"{first}\"");
        let text = &*pricing_source.text;
        let at = text
            .find(&format!("code = {needle}"))
            .map(|i| i + "code = ".len())
            .or_else(|| text.find(&needle))
            .map_or_else(
                || Location::file(&pricing_source.name),
                |i| Location::of(pricing_source, i..i + needle.len()),
            );
        let names: Vec<String> = missing.iter().map(|c| format!("`{c}`")).collect();
        found.push(Diagnostic::new(format!("the catalog has no exchange rate for {}", names.join(", "))).at(at).help(
            format!(
                "add a row `currency,rate,date` for each to {FILE} in the catalog folder (beside pricing.toml), \
                     e.g. `{first},RATE,2026-03-02`, or remove the currency from `[[currencies]]`"
            ),
        ));
    }
    match found.len() {
        0 => Ok(history),
        1 => Err(found.remove(0).into()),
        _ => Err(Error::Inputs(found)),
    }
}

/// Reads `path` and adds its rates to `catalog`'s history.
pub fn apply_file(catalog: &mut Catalog, path: &Path) -> Result<()> {
    let shown = path.display().to_string();
    let meta = std::fs::metadata(path).map_err(|source| Error::Read { path: path.to_path_buf(), source })?;
    if !meta.is_file() || meta.len() > MAX_RATES_BYTES {
        return Err(Diagnostic::new(format!(
            "rates file `{shown}` is not a file of at most {} KiB",
            MAX_RATES_BYTES / 1024
        ))
        .at(Location::file(&shown))
        .help("give a CSV or JSON file of `currency,rate,date` rows")
        .into());
    }
    let text = std::fs::read_to_string(path).map_err(|source| Error::Read { path: path.to_path_buf(), source })?;
    apply(catalog, &Source::new(shown, text))
}

/// Adds the rates of `source` (CSV, or JSON when it starts with `[`) to `catalog`'s history:
/// a rate of a currency and day the catalog has too replaces the catalog's.
pub fn apply(catalog: &mut Catalog, source: &Source) -> Result<()> {
    let (rows, mut found) = parse(&catalog.pricing, source, Origin::File)?;
    if found.is_empty() {
        // Kept beside the catalog's: [`History::on`] prefers them on the same day.
        catalog.rates.rows.extend(rows.into_iter().map(|(row, _)| row));
        return Ok(());
    }
    match found.len() {
        1 => Err(found.remove(0).into()),
        _ => Err(Error::Inputs(found)),
    }
}

/// The rows of `source` (CSV, or JSON when it starts with `[`) other than the base currency's,
/// each with where it stands, and a diagnostic for each bad one: a currency `pricing` does not
/// price in, a rate out of range, a date that is not one or not from 2000 to 2100, a base
/// currency rate other than 1, a second rate of a currency on one day.
fn parse(pricing: &Pricing, source: &Source, origin: Origin) -> Result<Parsed> {
    let text = source.text.trim_start_matches('\u{feff}');
    let offset = source.text.len() - text.len();
    let entries = if text.trim_start().starts_with('[') { json(source)? } else { csv(source, text, offset, None)? };
    let mut found = Vec::new();
    let mut rows: Vec<(Row, Span)> = Vec::with_capacity(entries.len());
    for (n, e) in entries.iter().take(MAX_RATES + 1).enumerate() {
        let at = || Location::of(source, e.at.clone());
        if n == MAX_RATES {
            found
                .push(Diagnostic::new(format!("more than {MAX_RATES} rates")).at(at()).help("give the rates you need"));
            break;
        }
        let code = e.currency.trim().to_ascii_uppercase();
        if !pricing.currencies.iter().any(|c| c.code == code) {
            let known: Vec<&str> = pricing.currencies.iter().map(|c| c.code.as_str()).collect();
            found.push(
                Diagnostic::new(format!("the catalog does not price in `{}`", crate::diag::escape(&e.currency)))
                    .at(at())
                    .help(format!("give rates for {}", crate::diag::one_of(known))),
            );
            continue;
        }
        let rate = e.rate.trim().parse::<Decimal>().ok().and_then(FxRate::new);
        let Some(rate) = rate else {
            found.push(
                Diagnostic::new(format!("`{}` is not an exchange rate", crate::diag::escape(&e.rate)))
                    .at(at())
                    .help("give the units of the currency per unit of the base currency, above 0 and at most 100000, e.g. `0.92`"),
            );
            continue;
        };
        let Ok(date) = e.date.trim().parse::<NaiveDate>() else {
            found.push(
                Diagnostic::new(format!("`{}` is not a date", crate::diag::escape(&e.date)))
                    .at(at())
                    .help("write the date the rate was taken as year-month-day, e.g. `2026-03-02`"),
            );
            continue;
        };
        if !crate::intake::limits::YEARS.contains(&chrono::Datelike::year(&date)) {
            found.push(
                Diagnostic::new(format!("the date {date} is out of range"))
                    .at(at())
                    .help("give a date from 2000 to 2100"),
            );
            continue;
        }
        if code == pricing.base_currency {
            if rate != FxRate::ONE {
                found.push(
                    Diagnostic::new(format!("the base currency `{code}` has the rate {}", rate))
                        .at(at())
                        .help("the base currency's rate is 1; remove its row or write 1"),
                );
            }
            continue;
        }
        rows.push((Row { currency: code, rate, date: Some(date), origin }, e.at.clone()));
    }
    // A second rate of a currency on one day, found in one sort rather than a search per row
    // (the catalog's file holds a hundred rows): the same rate again is dropped, another is
    // refused at its row.
    rows.sort_by(|(a, at_a), (b, at_b)| (&a.currency, a.date, at_a.start).cmp(&(&b.currency, b.date, at_b.start)));
    let mut kept: Vec<(Row, Span)> = Vec::with_capacity(rows.len());
    for (row, at) in rows {
        match kept.last() {
            Some((old, _)) if old.currency == row.currency && old.date == row.date => {
                if old.rate != row.rate {
                    let date = row.date.map_or_else(String::new, |d| d.to_string());
                    found.push(
                        Diagnostic::new(format!(
                            "`{}` has two rates on {date}: {} and {}",
                            row.currency, old.rate, row.rate
                        ))
                        .at(Location::of(source, at))
                        .help("keep one row per currency and day"),
                    );
                }
            }
            _ => kept.push((row, at)),
        }
    }
    Ok((kept, found))
}

/// The rows of CSV `text` (at `offset` in `source`), only those of currency `only` when given.
fn csv(source: &Source, text: &str, offset: usize, only: Option<&str>) -> Result<Vec<Entry>> {
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).comment(Some(b'#')).from_reader(text.as_bytes());
    let mut out = Vec::new();
    // One record read into again and again: a record a row cost an allocation each.
    let mut row = csv::StringRecord::new();
    for n in 0.. {
        let more = reader.read_record(&mut row).map_err(|e| {
            let at = e.position().map_or(0, |p| p.byte() as usize) + offset;
            Diagnostic::new("the rates file is not valid CSV")
                .at(Location::of(source, at..at))
                .help("write one `currency,rate,date` row a line")
        })?;
        if !more {
            break;
        }
        let first = row.get(0).unwrap_or_default().trim();
        if (n == 0 && first.eq_ignore_ascii_case("currency"))
            || only.is_some_and(|code| !first.eq_ignore_ascii_case(code))
            || row.iter().all(|c| c.trim().is_empty())
        {
            continue;
        }
        let mut start = row.position().map_or(0, |p| p.byte() as usize) + offset;
        // The reader places a row after comment lines at the first of them.
        while source.text[start..].starts_with('#') {
            start = source.text[start..].find('\n').map_or(source.text.len(), |i| start + i + 1);
        }
        let line_end = source.text[start..].find('\n').map_or(source.text.len(), |i| start + i);
        let (Some(currency), Some(rate), Some(date), 3) = (row.get(0), row.get(1), row.get(2), row.len()) else {
            return Err(Diagnostic::new(format!("a rates row has {} fields, not 3", row.len()))
                .at(Location::of(source, start..line_end))
                .help("write each row as `currency,rate,date`, e.g. `EUR,0.92,2026-03-02`")
                .into());
        };
        out.push(Entry { currency: currency.into(), rate: rate.into(), date: date.into(), at: start..line_end });
        if out.len() > MAX_RATES {
            break;
        }
    }
    Ok(out)
}

fn json(source: &Source) -> Result<Vec<Entry>> {
    let bad = |message: String| -> Error {
        Diagnostic::new(message)
            .at(Location::file(&source.name))
            .help("write a list such as `[{\"currency\": \"EUR\", \"rate\": \"0.92\", \"date\": \"2026-03-02\"}]`")
            .into()
    };
    let value: serde_json::Value =
        serde_json::from_str(&source.text).map_err(|e| bad(format!("the rates file is not valid JSON: {e}")))?;
    let Some(list) = value.as_array() else { return Err(bad("the rates file is not a JSON list".into())) };
    let text = |v: Option<&serde_json::Value>| match v {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Number(n)) => n.to_string(),
        _ => String::new(),
    };
    let mut out = Vec::new();
    for (i, item) in list.iter().take(MAX_RATES + 1).enumerate() {
        let currency = text(item.get("currency"));
        // JSON has no spans here: point at the currency's first mention, else the file's start.
        let at = source
            .text
            .find(&format!("\"{currency}\""))
            .filter(|_| !currency.is_empty())
            .map_or(0..0, |s| s..s + currency.len() + 2);
        if !item.is_object() {
            return Err(bad(format!("entry {} of the rates file is not an object", i + 1)));
        }
        out.push(Entry { currency, rate: text(item.get("rate")), date: text(item.get("date")), at });
    }
    Ok(out)
}
