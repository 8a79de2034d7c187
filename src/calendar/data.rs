//! The embedded calendar data (generated from python-holidays, see
//! `catalog/calendars/SOURCE.txt`): the country list, weekends by place and date, and one
//! public-holiday file per country, each parsed the first time a proposal needs it and kept
//! for the rest of the process.

use chrono::{NaiveDate, Weekday};
use std::collections::BTreeMap;
use std::sync::OnceLock;

macro_rules! holiday_files {
    ($($code:literal),* $(,)?) => {
        &[$(($code, include_str!(concat!("../../catalog/calendars/holidays/", $code, ".txt")))),*]
    };
}

/// One public-holiday file per country, sorted by code.
const HOLIDAYS: &[(&str, &str)] = holiday_files!(
    "AE", "AT", "AU", "BE", "BG", "BH", "CA", "CH", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GB", "GR", "HR",
    "HU", "IE", "IL", "IN", "IS", "IT", "JP", "KR", "KW", "LI", "LT", "LU", "LV", "MT", "NL", "NO", "NZ", "OM", "PL",
    "PT", "QA", "RO", "SA", "SE", "SG", "SI", "SK", "US", "ZA",
);

const COUNTRIES: &str = include_str!("../../catalog/calendars/countries.txt");
const WEEKENDS: &str = include_str!("../../catalog/calendars/weekends.txt");

/// Weekend days as a set of weekdays (bit `n` is `n` days from Monday).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Weekend(u8);

impl Weekend {
    pub const SAT_SUN: Weekend = Weekend(0b110_0000);

    pub fn contains(self, d: Weekday) -> bool {
        self.0 & (1 << d.num_days_from_monday()) != 0
    }

    /// How many days of a week are weekend days.
    pub fn len(self) -> u32 {
        self.0.count_ones()
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The weekend's days, Monday first.
    pub fn days(self) -> impl Iterator<Item = Weekday> {
        [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri, Weekday::Sat, Weekday::Sun]
            .into_iter()
            .filter(move |d| self.contains(*d))
    }

    fn parse(days: &str) -> Option<Weekend> {
        let mut bits = 0u8;
        for d in days.split(' ') {
            let day: Weekday = d.parse().ok()?;
            bits |= 1 << day.num_days_from_monday();
        }
        Some(Weekend(bits))
    }
}

/// From which date a weekend applies; a place's entries are sorted by date and the first
/// applies from the start of time.
pub type WeekendFrom = (NaiveDate, Weekend);

const DEFAULT_WEEKEND: &[WeekendFrom] = &[(NaiveDate::MIN, Weekend::SAT_SUN)];

/// The weekends of a place (`CC-SUB`, else `CC`, else Saturday and Sunday).
pub fn weekends(country: &str, sub: Option<&str>) -> &'static [WeekendFrom] {
    static TABLE: OnceLock<BTreeMap<&'static str, Vec<WeekendFrom>>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut t: BTreeMap<&'static str, Vec<WeekendFrom>> = BTreeMap::new();
        for line in WEEKENDS.lines().filter(|l| !l.starts_with('#') && !l.is_empty()) {
            let mut cols = line.split('\t');
            let (Some(place), Some(from), Some(days)) = (cols.next(), cols.next(), cols.next()) else { continue };
            let from = if from == "-" { Some(NaiveDate::MIN) } else { from.parse().ok() };
            if let (Some(from), Some(w)) = (from, Weekend::parse(days)) {
                t.entry(place).or_default().push((from, w));
            }
        }
        t
    });
    let full = sub.map(|s| format!("{country}-{s}"));
    full.as_deref().and_then(|p| table.get(p)).or_else(|| table.get(country)).map_or(DEFAULT_WEEKEND, Vec::as_slice)
}

/// A country of ISO 3166-1 (and XK), with its English name.
#[derive(Debug, Clone, Copy)]
pub struct Country {
    pub code: &'static str,
    pub name: &'static str,
}

/// Every known country, sorted by code.
pub fn countries() -> &'static [Country] {
    static LIST: OnceLock<Vec<Country>> = OnceLock::new();
    LIST.get_or_init(|| {
        COUNTRIES
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .filter_map(|l| {
                let mut cols = l.split('\t');
                let code = cols.next()?;
                let _alpha3 = cols.next()?;
                Some(Country { code, name: cols.next()? })
            })
            .collect()
    })
}

pub fn country(code: &str) -> Option<Country> {
    let list = countries();
    list.binary_search_by(|c| c.code.cmp(code)).ok().map(|i| list[i])
}

/// At most 128 subdivisions a country (Italy has 107 in the data).
#[derive(Debug, Clone, Copy, Default)]
struct SubSet([u64; 2]);

impl SubSet {
    fn insert(&mut self, i: usize) {
        self.0[i / 64] |= 1 << (i % 64);
    }
    fn contains(&self, i: usize) -> bool {
        self.0[i / 64] & (1 << (i % 64)) != 0
    }
}

/// One row of a holiday file: a holiday, the country-wide flag and the subdivisions listed.
#[derive(Debug, Clone, Copy)]
pub struct Row {
    pub date: NaiveDate,
    pub name: &'static str,
    pub estimated: bool,
    /// `*`: everywhere but the subdivisions in `subs`; otherwise only in them.
    national: bool,
    subs: SubSet,
}

impl Row {
    /// Whether the row applies to subdivision `sub` (an index), or to the whole country.
    pub fn applies(&self, sub: Option<usize>) -> bool {
        match sub {
            None => self.national,
            Some(i) => self.national != self.subs.contains(i),
        }
    }
}

/// One country's holiday file, parsed.
#[derive(Debug)]
pub struct Holidays {
    pub code: &'static str,
    pub name: &'static str,
    pub first_year: i32,
    pub last_year: i32,
    /// The last year whose holidays the source computes in full (India: 2035).
    pub complete_until: i32,
    /// The source and its version, e.g. `python-holidays 0.108`.
    pub source: String,
    /// (code, English name), sorted by code; the index is the bit in a row's set.
    pub subdivisions: Vec<(&'static str, &'static str)>,
    /// Sorted by date.
    pub rows: Vec<Row>,
    /// The dates of each subdivision (index + 1; 0 is the country-wide set), built on first
    /// use, deduplicated and sorted.
    dates: Vec<OnceLock<Box<[NaiveDate]>>>,
}

impl Holidays {
    pub fn sub_index(&self, code: &str) -> Option<usize> {
        self.subdivisions.binary_search_by(|(c, _)| (*c).cmp(code)).ok()
    }

    /// The dates of the public holidays of the country (`None`) or a subdivision, sorted.
    pub fn dates(&self, sub: Option<usize>) -> &[NaiveDate] {
        let slot = sub.map_or(0, |i| i + 1);
        let Some(cell) = self.dates.get(slot) else { return &[] };
        cell.get_or_init(|| {
            let mut v: Vec<NaiveDate> = self.rows.iter().filter(|r| r.applies(sub)).map(|r| r.date).collect();
            v.dedup();
            v.into_boxed_slice()
        })
    }

    /// The holidays of the country or a subdivision from `from` to `to`, in date order.
    pub fn between(&self, sub: Option<usize>, from: NaiveDate, to: NaiveDate) -> impl Iterator<Item = &Row> {
        let i = self.rows.partition_point(|r| r.date < from);
        self.rows[i..].iter().take_while(move |r| r.date <= to).filter(move |r| r.applies(sub))
    }

    fn parse(text: &'static str) -> Result<Holidays, String> {
        let mut h = Holidays {
            code: "",
            name: "",
            first_year: 0,
            last_year: 0,
            complete_until: 0,
            source: String::new(),
            subdivisions: Vec::new(),
            rows: Vec::new(),
            dates: Vec::new(),
        };
        let mut complete_until = None;
        for (n, line) in text.lines().enumerate() {
            let bad = || format!("line {}: `{line}`", n + 1);
            if line.starts_with('#') || line.is_empty() {
                continue;
            }
            if let Some(tagged) = line.strip_prefix('@') {
                let mut cols = tagged.split('\t');
                let tag = cols.next().unwrap_or_default();
                let year = |c: Option<&str>| c.and_then(|y| y.parse::<i32>().ok()).ok_or_else(bad);
                match tag {
                    "country" => {
                        h.code = cols.next().ok_or_else(bad)?;
                        h.name = cols.next().ok_or_else(bad)?;
                    }
                    "years" => {
                        h.first_year = year(cols.next())?;
                        h.last_year = year(cols.next())?;
                    }
                    "complete-until" => complete_until = Some(year(cols.next())?),
                    "source" => h.source = cols.take(2).collect::<Vec<_>>().join(" "),
                    "subdivision" => h.subdivisions.push((cols.next().ok_or_else(bad)?, cols.next().ok_or_else(bad)?)),
                    // Room to grow: unknown tags are ignored.
                    _ => {}
                }
                continue;
            }
            let mut cols = line.split('\t');
            let (Some(d), Some(w), Some(name)) = (cols.next(), cols.next(), cols.next()) else { return Err(bad()) };
            let date = ymd(d).ok_or_else(bad)?;
            let national = w.starts_with('*');
            let mut subs = SubSet::default();
            for s in w.trim_start_matches('*').split(' ').filter(|s| !s.is_empty()) {
                let code = if national { s.strip_prefix('-').ok_or_else(bad)? } else { s };
                subs.insert(h.sub_index(code).ok_or_else(bad)?);
            }
            let estimated = match cols.next() {
                None => false,
                Some("estimated") => true,
                Some(_) => return Err(bad()),
            };
            if h.rows.last().is_some_and(|r| r.date > date) {
                return Err(format!("line {}: rows out of date order", n + 1));
            }
            h.rows.push(Row { date, name, estimated, national, subs });
        }
        if h.subdivisions.len() > 128 || !h.subdivisions.is_sorted_by(|a, b| a.0 < b.0) {
            return Err("subdivisions unsorted or more than 128".into());
        }
        h.complete_until = complete_until.unwrap_or(h.last_year);
        h.dates = (0..=h.subdivisions.len()).map(|_| OnceLock::new()).collect();
        Ok(h)
    }
}

/// A date written `YYYY-MM-DD`, as the holiday files write every date. chrono's general
/// parser cost 40 % of a whole-process `quote` of a United States intake (6.4 M of 16.5 M
/// instructions to read its 2,250 rows); this reads the ten bytes it needs.
fn ymd(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let number = |r: std::ops::Range<usize>| {
        b[r].iter().try_fold(0u32, |n, c| c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0')))
    };
    let year = i32::try_from(number(0..4)?).ok()?;
    NaiveDate::from_ymd_opt(year, number(5..7)?, number(8..10)?)
}

/// The subdivision codes of `country`'s holiday file, in file order, read from its
/// `@subdivision` lines without parsing its dates: checking a place code (every catalog load
/// checks the firm's) then costs a scan, not a parse of twenty years of holidays. Scanned
/// once per process and country: every scenario of a batch checks its place, and the scan
/// was 59 % of a batch's instructions.
pub fn subdivisions(country: &str) -> Option<&'static [&'static str]> {
    static SCANNED: OnceLock<Vec<OnceLock<Vec<&'static str>>>> = OnceLock::new();
    let i = HOLIDAYS.binary_search_by(|(c, _)| (*c).cmp(country)).ok()?;
    let cells = SCANNED.get_or_init(|| HOLIDAYS.iter().map(|_| OnceLock::new()).collect());
    let codes = cells[i].get_or_init(|| {
        // The `@` lines head the file (a row may only name a subdivision declared above it):
        // the scan stops at the first row, not after the 2,250 of the United States.
        let head = HOLIDAYS[i].1.lines().take_while(|l| l.is_empty() || l.starts_with(['#', '@']));
        head.filter_map(|l| l.strip_prefix("@subdivision\t")?.split('\t').next()).collect()
    });
    Some(codes)
}

/// The public holidays of `country`, parsed on first use; `None` for a country without a
/// holiday file. A file that does not parse is an internal error (the files are embedded and
/// tested).
pub fn holidays(country: &str) -> Option<Result<&'static Holidays, String>> {
    static PARSED: OnceLock<Vec<OnceLock<Result<Holidays, String>>>> = OnceLock::new();
    let i = HOLIDAYS.binary_search_by(|(c, _)| (*c).cmp(country)).ok()?;
    let cells = PARSED.get_or_init(|| HOLIDAYS.iter().map(|_| OnceLock::new()).collect());
    let parsed = cells[i].get_or_init(|| Holidays::parse(HOLIDAYS[i].1));
    Some(parsed.as_ref().map_err(|e| format!("holidays/{country}.txt: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_embedded_file_parses_and_is_sorted() {
        assert!(HOLIDAYS.is_sorted_by(|a, b| a.0 < b.0));
        for (code, _) in HOLIDAYS {
            let h = holidays(code).unwrap().unwrap();
            assert_eq!(h.code, *code);
            assert_eq!((h.first_year, h.last_year), (2020, 2040), "{code}");
            assert_eq!(h.source, "python-holidays 0.108", "{code}");
            assert!(country(code).is_some(), "{code} is not in countries.txt");
            let declared: Vec<&str> = h.subdivisions.iter().map(|s| s.0).collect();
            assert_eq!(subdivisions(code).unwrap(), declared, "{code}");
        }
        assert!(countries().is_sorted_by(|a, b| a.code < b.code));
        assert_eq!(holidays("IN").unwrap().unwrap().complete_until, 2035);
    }

    #[test]
    fn subdivisions_are_scanned_once_per_country() {
        let us = subdivisions("US").unwrap();
        assert!(us.contains(&"CA") && us.contains(&"AK"), "{us:?}");
        assert!(std::ptr::eq(us, subdivisions("US").unwrap()), "scanned again");
        assert_eq!(subdivisions("XX"), None);
    }

    #[test]
    fn holiday_dates_are_read_as_chrono_reads_them() {
        for text in ["2026-03-02", "2040-12-31", "2020-02-29", "0999-01-01"] {
            assert_eq!(ymd(text), text.parse::<NaiveDate>().ok(), "{text}");
            assert!(ymd(text).is_some(), "{text}");
        }
        for text in ["2021-02-29", "2026-13-01", "2026-00-10", "2026-3-02", "2026-03-2x", "2026/03/02", "+026-03-02"] {
            assert_eq!(ymd(text), None, "{text}");
        }
    }

    #[test]
    fn weekends_follow_the_place_and_the_date() {
        let on = |w: &[WeekendFrom], d: NaiveDate| w[w.partition_point(|(f, _)| *f <= d) - 1].1;
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        let fri_sat = Weekend::parse("Fri Sat").unwrap();
        assert_eq!(on(weekends("KW", None), d(2026, 3, 6)), fri_sat);
        assert_eq!(on(weekends("AE", None), d(2021, 6, 4)), fri_sat);
        assert_eq!(on(weekends("AE", Some("DU")), d(2026, 3, 6)), Weekend::SAT_SUN);
        assert_eq!(on(weekends("DE", Some("BY")), d(2026, 3, 6)), Weekend::SAT_SUN);
        assert_eq!(on(weekends("MY", Some("01")), d(2024, 3, 6)), fri_sat);
        assert_eq!(on(weekends("MY", Some("01")), d(2025, 3, 6)), Weekend::SAT_SUN);
    }
}
