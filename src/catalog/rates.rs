//! Today's exchange rates from a file (`--rates FILE`): CSV `currency,rate,date` or JSON (a list of
//! `{"currency", "rate", "date"}`), replacing the catalog's for the currencies it names, and the
//! rate a proposal states. Each rate is units of the currency per one unit of the catalog's base
//! currency, as `pricing.toml`'s `fx`; every problem is located in the file.

use super::types::Catalog;
use super::values::FxRate;
use crate::diag::{Diagnostic, Error, Location, Result, Source};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::path::Path;

/// `1 base = rate currency`, taken on `date`: e.g. 1 USD = 0.92 EUR (2026-03-02).
#[derive(Debug, Clone, serde::Serialize)]
pub struct ExchangeRate {
    pub base: String,
    pub currency: String,
    pub rate: Decimal,
    pub date: Option<NaiveDate>,
}

impl ExchangeRate {
    /// The rate of `currency`, unless it is the catalog's base currency.
    pub fn of(catalog: &Catalog, currency: crate::money::Currency) -> Option<ExchangeRate> {
        let rate = catalog.currency_rate(currency.code).filter(|_| currency.code != catalog.pricing.base_currency)?;
        Some(ExchangeRate {
            base: catalog.pricing.base_currency.clone(),
            currency: currency.code.to_string(),
            rate: rate.fx.get().normalize(),
            date: rate.fx_date.or_else(|| catalog.pricing.fx_date.as_ref().and_then(super::values::toml_date)),
        })
    }
}

/// How many days a stated rate may be older than the proposal before `render` and `quote`
/// warn that it is stale.
pub const STALE_AFTER_DAYS: i64 = 30;

impl ExchangeRate {
    /// A warning, when the rate was taken more than [`STALE_AFTER_DAYS`] before `on` (the
    /// proposal's date): which rate, how old, and the catalog keys that set it. The proposal
    /// still states the rate it was priced at.
    pub fn stale(&self, catalog: &Catalog, on: NaiveDate) -> Option<String> {
        let taken = self.date?;
        let days = (on - taken).num_days();
        if days <= STALE_AFTER_DAYS {
            return None;
        }
        let own = catalog.currency_rate(&self.currency).is_some_and(|c| c.fx_date.is_some());
        let keys = if own {
            format!("`fx` and `fx_date` of the `{}` entry of `[[currencies]]`", self.currency)
        } else {
            format!("`fx` of the `{}` entry of `[[currencies]]` and `fx_date` at the top", self.currency)
        };
        Some(format!(
            "the exchange rate 1 {} = {} {} was taken on {taken}, {days} days before the proposal's date {on}\n  \
             = help: update {keys} in the catalog's pricing.toml (catalog/pricing.toml), or give today's rates with `--rates FILE`",
            self.base, self.rate, self.currency
        ))
    }
}

/// A rates file larger than this is refused unread; a real one is a few lines.
pub const MAX_RATES_BYTES: u64 = 64 * 1024;
/// The most rates a file may hold.
pub const MAX_RATES: usize = 500;

/// One rate as written, with where it stands.
struct Entry {
    currency: String,
    rate: String,
    date: String,
    at: std::ops::Range<usize>,
}

/// Reads `path` and applies its rates to `catalog`.
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

/// Applies the rates of `source` (CSV, or JSON when it starts with `[`).
pub fn apply(catalog: &mut Catalog, source: &Source) -> Result<()> {
    let text = source.text.trim_start_matches('\u{feff}');
    let offset = source.text.len() - text.len();
    let entries = if text.trim_start().starts_with('[') { json(source)? } else { csv(source, text, offset)? };
    let mut found = Vec::new();
    let mut seen = Vec::new();
    for e in entries.iter().take(MAX_RATES + 1) {
        let at = Location::of(source, e.at.clone());
        if seen.len() == MAX_RATES {
            found.push(Diagnostic::new(format!("more than {MAX_RATES} rates")).at(at).help("give the rates you need"));
            break;
        }
        let code = e.currency.trim().to_ascii_uppercase();
        let Some(i) = catalog.pricing.currencies.iter().position(|c| c.code == code) else {
            let known: Vec<&str> = catalog.pricing.currencies.iter().map(|c| c.code.as_str()).collect();
            found.push(
                Diagnostic::new(format!("the catalog does not price in `{}`", crate::diag::escape(&e.currency)))
                    .at(at)
                    .help(format!("give rates for {}", crate::diag::one_of(known))),
            );
            continue;
        };
        if seen.contains(&code) {
            found.push(Diagnostic::new(format!("`{code}` has two rates")).at(at).help("keep one row per currency"));
            continue;
        }
        seen.push(code.clone());
        let rate = e.rate.trim().parse::<Decimal>().ok().and_then(FxRate::new);
        let Some(rate) = rate else {
            found.push(
                Diagnostic::new(format!("`{}` is not an exchange rate", crate::diag::escape(&e.rate)))
                    .at(at)
                    .help("give the units of the currency per unit of the base currency, above 0 and at most 100000, e.g. `0.92`"),
            );
            continue;
        };
        let Ok(date) = e.date.trim().parse::<NaiveDate>() else {
            found.push(
                Diagnostic::new(format!("`{}` is not a date", crate::diag::escape(&e.date)))
                    .at(at)
                    .help("write the date the rate was taken as year-month-day, e.g. `2026-03-02`"),
            );
            continue;
        };
        if !crate::intake::limits::YEARS.contains(&chrono::Datelike::year(&date)) {
            found.push(
                Diagnostic::new(format!("the date {date} is out of range"))
                    .at(at)
                    .help("give a date from 2000 to 2100"),
            );
            continue;
        }
        if code == catalog.pricing.base_currency && rate != FxRate::ONE {
            found.push(
                Diagnostic::new(format!("the base currency `{code}` has the rate {}", rate))
                    .at(at)
                    .help("the base currency's rate is 1; remove its row or write 1"),
            );
            continue;
        }
        let c = &mut catalog.pricing.currencies[i];
        c.fx = rate;
        c.fx_date = Some(date);
    }
    match found.len() {
        0 => Ok(()),
        1 => Err(found.remove(0).into()),
        _ => Err(Error::Inputs(found)),
    }
}

fn csv(source: &Source, text: &str, offset: usize) -> Result<Vec<Entry>> {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut out = Vec::new();
    for (n, row) in reader.records().enumerate() {
        let row = row.map_err(|e| {
            let at = e.position().map_or(0, |p| p.byte() as usize) + offset;
            Diagnostic::new("the rates file is not valid CSV")
                .at(Location::of(source, at..at))
                .help("write one `currency,rate,date` row a line")
        })?;
        let start = row.position().map_or(0, |p| p.byte() as usize) + offset;
        let line_end = source.text[start..].find('\n').map_or(source.text.len(), |i| start + i);
        let cells: Vec<&str> = row.iter().collect();
        if n == 0 && cells.first().is_some_and(|c| c.trim().eq_ignore_ascii_case("currency")) {
            continue;
        }
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let [currency, rate, date] = cells[..] else {
            return Err(Diagnostic::new(format!("a rates row has {} fields, not 3", cells.len()))
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
