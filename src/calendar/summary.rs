//! What a proposal says about its calendar: the place, its weekend, the public holidays that
//! fall inside the schedule, and flags for what the data cannot promise (estimated dates,
//! years beyond the data, a country given without the subdivision its holidays vary by).

use super::{weekend_on, Place};
use crate::diag::Result;
use chrono::NaiveDate;
use serde::Serialize;

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct CalendarSummary {
    /// The place whose calendar the schedule uses; none: Saturday and Sunday off and the
    /// intake's own holidays only.
    pub place: Option<Place>,
    pub country_name: Option<String>,
    pub subdivision_name: Option<String>,
    /// The weekend days when the schedule starts (English names, Monday first).
    pub weekend: Vec<String>,
    /// Whether the place's public holidays count (`holidays = false` turns them off).
    pub public_holidays: bool,
    /// The public holidays on the schedule's dates, in date order.
    pub holidays: Vec<HolidayView>,
    /// Some holiday inside the schedule is a computed estimate (a lunar date).
    pub estimated: bool,
    /// The schedule runs past the years the holiday data covers in full.
    pub beyond_data: bool,
    /// The data covers these years in full.
    pub data_years: Option<(i32, i32)>,
    /// The country's holidays vary by subdivision and none was given.
    pub subdivision_missing: bool,
    /// The country has no public-holiday data: weekends and the intake's holidays only.
    pub no_data: bool,
    /// Where the holidays come from, e.g. `python-holidays 0.108`.
    pub source: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct HolidayView {
    pub date: NaiveDate,
    pub name: String,
    pub estimated: bool,
}

/// The summary of the calendar of `place` (with public holidays when `public`) over the
/// schedule from `from` to `to`.
pub fn summary(place: Option<&Place>, public: bool, from: NaiveDate, to: NaiveDate) -> Result<CalendarSummary> {
    let Some(place) = place else {
        return Ok(CalendarSummary {
            place: None,
            country_name: None,
            subdivision_name: None,
            weekend: vec!["Saturday".into(), "Sunday".into()],
            public_holidays: false,
            holidays: Vec::new(),
            estimated: false,
            beyond_data: false,
            data_years: None,
            subdivision_missing: false,
            no_data: false,
            source: None,
        });
    };
    let weekend = weekend_on(place.weekends(), from).days().map(|d| day_name(d).to_string()).collect();
    let data = place.holidays();
    let mut holidays = Vec::new();
    let (mut beyond_data, mut data_years, mut source) = (false, None, None);
    if let Some((h, sub)) = data {
        data_years = Some((h.first_year, h.complete_until));
        source = Some(h.source.to_string());
        if public {
            use chrono::Datelike;
            beyond_data = from.year() < h.first_year || to.year() > h.complete_until;
            holidays = h
                .between(sub, from, to)
                .map(|r| HolidayView { date: r.date, name: r.name.to_string(), estimated: r.estimated })
                .collect();
        }
    }
    Ok(CalendarSummary {
        country_name: Some(place.country_name().to_string()),
        subdivision_name: place.subdivision_name().map(str::to_string),
        weekend,
        public_holidays: public && data.is_some(),
        estimated: holidays.iter().any(|h| h.estimated),
        holidays,
        beyond_data,
        data_years,
        subdivision_missing: public && place.subdivision().is_none() && super::has_subdivisions(place.country()),
        no_data: public && data.is_none(),
        source,
        place: Some(place.clone()),
    })
}

pub fn day_name(d: chrono::Weekday) -> &'static str {
    use chrono::Weekday::*;
    match d {
        Mon => "Monday",
        Tue => "Tuesday",
        Wed => "Wednesday",
        Thu => "Thursday",
        Fri => "Friday",
        Sat => "Saturday",
        Sun => "Sunday",
    }
}
