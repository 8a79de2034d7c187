//! Places and their calendars: ISO 3166 country and subdivision codes, weekends by place and
//! date, public holidays by country and subdivision (embedded data, `data`), and the
//! business-day [`Calendar`] the schedule counts with (`days`). Which place a proposal uses
//! is the intake's choice; this module only knows what a place's calendar is.

mod data;
mod days;
mod summary;

pub use data::{countries, country, Country, Holidays, Row, Weekend, WeekendFrom};
pub use days::Calendar;
pub use summary::{day_name, summary, CalendarSummary, HolidayView};

use chrono::NaiveDate;
use serde::Serialize;

/// The years the public-holiday data covers (every country file; tested).
pub const YEARS: std::ops::RangeInclusive<i32> = 2020..=2040;

/// A checked place: a country of ISO 3166-1 alpha-2 (or XK), and optionally a subdivision
/// (the part of its ISO 3166-2 code after `CC-`). Where the country has holiday data, the
/// subdivision is one of its data's; elsewhere it is 1 to 3 letters or digits.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Place {
    code: String,
    /// Where the country's code ends in `code` (its length, or the index of the `-`): the tax
    /// rules compare a place's country for every rule and group member, and searching for
    /// the `-` each time made `tax::resolve` 25.1 M instructions of 636 M in a batch of 2,000
    /// acme-managed scenarios; 9.3 M with this (callgrind, 2026-12-01).
    country_end: usize,
}

impl Serialize for Place {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.code)
    }
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.code)
    }
}

/// Why a text is not a place: a message naming it, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaceError {
    pub message: String,
    pub label: Option<String>,
    pub help: String,
}

impl Place {
    /// Reads `CC` or `CC-SUB` (any case; stored in upper case).
    pub fn parse(text: &str) -> Result<Place, PlaceError> {
        let code = text.trim().to_ascii_uppercase();
        let (cc, sub) = match code.split_once('-') {
            Some((cc, sub)) => (cc, Some(sub)),
            None => (code.as_str(), None),
        };
        // Escaped for a message only: a valid code, the usual case, needs no copy.
        let shown = || crate::diag::escape(text);
        let Some(country) = country(cc) else {
            // Codes people write for a country whose ISO code differs: the UK, Greece's VAT prefix.
            let alias = match cc {
                "UK" => Some("GB"),
                "EL" => Some("GR"),
                _ => None,
            };
            let suggestion = alias.or_else(|| crate::diag::did_you_mean(cc, countries().iter().map(|c| c.code)));
            return Err(PlaceError {
                message: format!("`{}` is not a country code", shown()),
                label: Some(match suggestion {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => "expected an ISO 3166-1 alpha-2 code".into(),
                }),
                help:
                    "write the two-letter ISO 3166 code of the country, with a subdivision if any, e.g. `DE` or `CA-QC`"
                        .into(),
            });
        };
        if let Some(sub) = sub {
            match data::subdivisions(country.code) {
                Some(subs) if !subs.iter().any(|(code, _)| *code == sub) => {
                    let codes = subs.iter().map(|(code, _)| *code);
                    let hint = crate::diag::did_you_mean(sub, codes.clone());
                    return Err(PlaceError {
                        message: format!("`{}` is not a subdivision of {} ({})", shown(), country.name, country.code),
                        label: hint.map(|s| format!("did you mean `{}-{s}`?", country.code)),
                        help: format!(
                            "use one of {}, or the country alone (`{}`)",
                            crate::diag::one_of(codes),
                            country.code
                        ),
                    });
                }
                None if !(1..=3).contains(&sub.len()) || !sub.chars().all(|c| c.is_ascii_alphanumeric()) => {
                    return Err(PlaceError {
                        message: format!("`{}` is not a subdivision code", shown()),
                        label: None,
                        help: format!(
                            "write the ISO 3166-2 code, 1 to 3 letters or digits after `{}-`, or the country alone",
                            country.code
                        ),
                    });
                }
                _ => {}
            }
        }
        let country_end = code.find('-').unwrap_or(code.len());
        Ok(Place { code, country_end })
    }

    pub fn code(&self) -> &str {
        &self.code
    }

    /// The country's two-letter code.
    pub fn country(&self) -> &str {
        &self.code[..self.country_end]
    }

    /// The subdivision's code (after `CC-`), if any.
    pub fn subdivision(&self) -> Option<&str> {
        self.code.get(self.country_end + 1..)
    }

    /// The country's English name.
    pub fn country_name(&self) -> &'static str {
        country(self.country()).map_or("", |c| c.name)
    }

    /// The place's public holidays, when there is data for its country.
    pub fn holidays(&self) -> Option<(&'static Holidays, Option<usize>)> {
        let h = data::holidays(self.country())?;
        Some((h, self.subdivision().and_then(|s| h.sub_index(s))))
    }

    /// The subdivision's name, where the data names it.
    pub fn subdivision_name(&self) -> Option<&'static str> {
        let (h, i) = self.holidays()?;
        i.map(|i| h.subdivisions[i].1)
    }

    /// The place's weekends, by date.
    pub fn weekends(&self) -> &'static [WeekendFrom] {
        data::weekends(self.country(), self.subdivision())
    }
}

/// The weekend of `weekends` on `d`.
pub fn weekend_on(weekends: &[WeekendFrom], d: NaiveDate) -> Weekend {
    let i = weekends.partition_point(|(from, _)| *from <= d);
    weekends.get(i.saturating_sub(1)).map_or(Weekend::SAT_SUN, |w| w.1)
}

/// Whether a country's data has subdivisions with holidays of their own (so a place
/// without one gets only the holidays common to the whole country).
pub fn has_subdivisions(country: &str) -> bool {
    data::holidays(country).is_some_and(|h| !h.subdivisions.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_places() {
        assert_eq!(Place::parse("ca-qc").unwrap().code(), "CA-QC");
        assert_eq!(Place::parse("DE").unwrap().subdivision(), None);
        assert_eq!(Place::parse("KW").unwrap().country_name(), "Kuwait");
        assert_eq!(Place::parse("MY-01").unwrap().subdivision(), Some("01"));
        let qc = Place::parse(" ca-QC ").unwrap();
        assert_eq!((qc.country(), qc.subdivision()), ("CA", Some("QC")));
        assert_eq!(Place::parse("de").unwrap().country(), "DE");
        let e = Place::parse("DX").unwrap_err();
        assert_eq!(e.message, "`DX` is not a country code");
        let e = Place::parse("DE-XX").unwrap_err();
        assert_eq!(e.message, "`DE-XX` is not a subdivision of Germany (DE)");
        assert!(Place::parse("MY-0001").is_err());
    }
}
