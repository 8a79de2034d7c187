//! The embedded calendar data (generated from python-holidays, see
//! `catalog/calendars/SOURCE.txt`): the country list, weekends by place and date, and one
//! public-holiday file per country, compiled into Rust data by build.rs
//! (`build/calendars.rs` says why).

use chrono::{NaiveDate, Weekday};
use std::sync::OnceLock;

/// build.rs's reader of the files, for the tests to feed it bad ones.
#[cfg(test)]
#[path = "../../build/calendars.rs"]
#[allow(dead_code)]
mod build;

// `COUNTRY_LIST` (every country, sorted by code), `WEEKEND_LIST` (each place's weekends,
// sorted by place) and `COMPILED` (each country's [`Holidays`], sorted by code).
include!(concat!(env!("OUT_DIR"), "/calendars.rs"));

/// The date `y-m-d`, for the compiled data: evaluated as the crate compiles, so a date that
/// does not exist fails the build, never a run.
const fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("build.rs writes real dates")
}

/// A row of the compiled data (see [`Row`]).
const fn row(y: i32, m: u32, d: u32, name: &'static str, estimated: bool, national: bool, subs: [u64; 2]) -> Row {
    Row { date: date(y, m, d), name, estimated, national, subs: SubSet(subs) }
}

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
}

/// From which date a weekend applies; a place's entries are sorted by date and the first
/// applies from the start of time.
pub type WeekendFrom = (NaiveDate, Weekend);

const DEFAULT_WEEKEND: &[WeekendFrom] = &[(NaiveDate::MIN, Weekend::SAT_SUN)];

/// The weekends of a place (`CC-SUB`, else `CC`, else Saturday and Sunday).
pub fn weekends(country: &str, sub: Option<&str>) -> &'static [WeekendFrom] {
    let find = |place: &str| WEEKEND_LIST.binary_search_by(|(p, _)| (*p).cmp(place)).ok().map(|i| WEEKEND_LIST[i].1);
    let full = sub.and_then(|s| find(&format!("{country}-{s}")));
    full.or_else(|| find(country)).unwrap_or(DEFAULT_WEEKEND)
}

/// A country of ISO 3166-1 (and XK), with its English name.
#[derive(Debug, Clone, Copy)]
pub struct Country {
    pub code: &'static str,
    pub name: &'static str,
}

/// Every known country, sorted by code.
pub fn countries() -> &'static [Country] {
    COUNTRY_LIST
}

pub fn country(code: &str) -> Option<Country> {
    COUNTRY_LIST.binary_search_by(|c| c.code.cmp(code)).ok().map(|i| COUNTRY_LIST[i])
}

/// At most 128 subdivisions a country (Italy has 107 in the data).
#[derive(Debug, Clone, Copy)]
struct SubSet([u64; 2]);

impl SubSet {
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

/// One country's public holidays, compiled from its file.
#[derive(Debug)]
pub struct Holidays {
    pub code: &'static str,
    pub name: &'static str,
    pub first_year: i32,
    pub last_year: i32,
    /// The last year whose holidays the source computes in full (India: 2035).
    pub complete_until: i32,
    /// The source and its version, e.g. `python-holidays 0.108`.
    pub source: &'static str,
    /// (code, English name), sorted by code; the index is the bit in a row's set.
    pub subdivisions: &'static [(&'static str, &'static str)],
    /// Sorted by date.
    pub rows: &'static [Row],
}

impl Holidays {
    pub fn sub_index(&self, code: &str) -> Option<usize> {
        self.subdivisions.binary_search_by(|(c, _)| (*c).cmp(code)).ok()
    }

    /// The dates of the public holidays of the country (`None`) or a subdivision, sorted;
    /// listed on first use and kept for the process (a batch schedules many scenarios).
    pub fn dates(&'static self, sub: Option<usize>) -> &'static [NaiveDate] {
        /// Each country's lists, by slot.
        type Lists = Vec<OnceLock<Box<[NaiveDate]>>>;
        static LISTS: OnceLock<Vec<Lists>> = OnceLock::new();
        let lists = LISTS.get_or_init(|| {
            COMPILED.iter().map(|h| (0..=h.subdivisions.len()).map(|_| OnceLock::new()).collect()).collect()
        });
        // Slot 0 is the country-wide list, slot i + 1 subdivision i's.
        let slot = sub.map_or(0, |i| i + 1);
        let Some(cell) = index(self.code).and_then(|i| lists.get(i)).and_then(|l| l.get(slot)) else { return &[] };
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
}

/// The subdivision codes and names of `country`'s holiday data, sorted by code.
pub fn subdivisions(country: &str) -> Option<&'static [(&'static str, &'static str)]> {
    holidays(country).map(|h| h.subdivisions)
}

/// The public holidays of `country`; `None` for a country without data.
pub fn holidays(country: &str) -> Option<&'static Holidays> {
    index(country).map(|i| &COMPILED[i])
}

fn index(country: &str) -> Option<usize> {
    COMPILED.binary_search_by(|h| h.code.cmp(country)).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_embedded_file_is_compiled_and_sorted() {
        assert!(COMPILED.is_sorted_by(|a, b| a.code < b.code));
        assert_eq!(COMPILED.len(), 48);
        for c in COMPILED {
            let h = holidays(c.code).unwrap();
            assert_eq!(h.code, c.code);
            assert_eq!((h.first_year, h.last_year), (2020, 2040), "{}", c.code);
            assert_eq!(h.source, "python-holidays 0.108", "{}", c.code);
            assert!(country(c.code).is_some(), "{} is not in countries.txt", c.code);
            assert!(std::ptr::eq(h.dates(None), h.dates(None)), "listed again");
        }
        assert!(countries().is_sorted_by(|a, b| a.code < b.code));
        assert_eq!(countries().len(), 250);
        assert_eq!(country("XK").map(|c| c.name), Some("Kosovo"));
        assert_eq!(holidays("IN").unwrap().complete_until, 2035);
        assert!(holidays("XX").is_none() && subdivisions("XX").is_none());
    }

    /// Each row of each holiday file, read here as plain text, is the compiled row: its
    /// date, name, estimate and where it applies.
    #[test]
    fn the_compiled_rows_are_the_files_rows() {
        for c in COMPILED {
            let path = format!("{}/catalog/calendars/holidays/{}.txt", env!("CARGO_MANIFEST_DIR"), c.code);
            let text = std::fs::read_to_string(path).unwrap();
            let subs: Vec<&str> =
                text.lines().filter_map(|l| l.strip_prefix("@subdivision\t")?.split('\t').next()).collect();
            assert_eq!(c.subdivisions.iter().map(|s| s.0).collect::<Vec<_>>(), subs, "{}", c.code);
            let lines: Vec<&str> = text.lines().filter(|l| !l.is_empty() && !l.starts_with(['#', '@'])).collect();
            assert_eq!(lines.len(), c.rows.len(), "{}", c.code);
            for (line, row) in lines.iter().zip(c.rows) {
                let cols: Vec<&str> = line.split('\t').collect();
                assert_eq!((cols[0], cols[2]), (row.date.to_string().as_str(), row.name), "{}", c.code);
                assert_eq!(cols.get(3) == Some(&"estimated"), row.estimated, "{line}");
                let national = cols[1].starts_with('*');
                let named: Vec<&str> = cols[1].split(' ').map(|s| s.trim_start_matches(['*', '-'])).collect();
                assert_eq!(row.applies(None), national, "{line}");
                for (i, sub) in subs.iter().enumerate() {
                    assert_eq!(row.applies(Some(i)), national != named.contains(sub), "{} {sub}: {line}", c.code);
                }
            }
        }
    }

    /// A bad holiday file fails the build with its line and what is wrong there.
    #[test]
    fn a_bad_holiday_file_is_an_error_naming_its_line() {
        let file = |rows: &str| {
            format!("# A test file.\n@country\tXX\tTestland\n@years\t2020\t2040\n@subdivision\tA\tAy\n@subdivision\tB\tBee\n{rows}")
        };
        let good = build::country(&file("2026-01-01\t*\tNew Year\n2026-02-28\tA\tFeast\testimated\n")).unwrap();
        assert!(good.contains("row(2026, 2, 28, \"Feast\", true, false, [1, 0])"), "{good}");
        for (rows, error) in [
            ("2026-02-29\t*\tNo such day\n", "line 6: `2026-02-29` is not a date in order"),
            ("2026-13-01\t*\tNo such month\n", "line 6: `2026-13-01` is not a date"),
            ("2026-03-02\t*\tLater\n2026-03-01\t*\tEarlier\n", "line 7: `2026-03-01` is not a date in order"),
            ("2026-03-02\tC\tUnknown place\n", "line 6: `2026-03-02\tC\tUnknown place`"),
            ("2026-03-02\t* B\tNo minus\n", "line 6: `2026-03-02\t* B\tNo minus`"),
            ("2026-03-02\t*\tName\tguessed\n", "line 6: `2026-03-02\t*\tName\tguessed`"),
            ("2026-03-02\t*\n", "line 6: `2026-03-02\t*`"),
        ] {
            assert!(
                build::country(&file(rows)).unwrap_err().starts_with(error),
                "{rows:?}: {:?}",
                build::country(&file(rows))
            );
        }
        let unsorted = "@country\tXX\tTestland\n@years\t2020\t2040\n@subdivision\tB\tBee\n@subdivision\tA\tAy\n";
        assert_eq!(build::country(unsorted).unwrap_err(), "line 4: subdivisions unsorted or more than 128");
        assert_eq!(build::country("@country\tXX\tTestland\n").unwrap_err(), "no @years line");
        assert_eq!(build::ymd("2024-02-29").as_deref(), Some("2024, 2, 29"));
        for bad in ["2023-02-29", "2100-02-29", "2026-04-31", "2026-00-10", "2026-3-02", "+026-03-02", "2026-03-0x"] {
            assert_eq!(build::ymd(bad), None, "{bad}");
        }
    }

    #[test]
    fn weekends_follow_the_place_and_the_date() {
        let on = |w: &[WeekendFrom], d: NaiveDate| w[w.partition_point(|(f, _)| *f <= d) - 1].1;
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        let fri_sat = Weekend(0b011_0000);
        assert_eq!(fri_sat.days().collect::<Vec<_>>(), [Weekday::Fri, Weekday::Sat]);
        assert_eq!(on(weekends("KW", None), d(2026, 3, 6)), fri_sat);
        assert_eq!(on(weekends("AE", None), d(2021, 6, 4)), fri_sat);
        assert_eq!(on(weekends("AE", None), d(2022, 1, 1)), Weekend::SAT_SUN);
        assert_eq!(on(weekends("AE", Some("DU")), d(2026, 3, 6)), Weekend::SAT_SUN);
        assert_eq!(on(weekends("DE", Some("BY")), d(2026, 3, 6)), Weekend::SAT_SUN);
        assert_eq!(on(weekends("MY", Some("01")), d(2024, 3, 6)), fri_sat);
        assert_eq!(on(weekends("MY", Some("01")), d(2025, 3, 6)), Weekend::SAT_SUN);
        assert_eq!(weekends("IR", None), [(NaiveDate::MIN, Weekend(0b001_0000))]);
    }
}
