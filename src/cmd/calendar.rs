//! `propose calendar PLACE YEAR`: a place's weekend and public holidays in one year, as the
//! schedule counts them.

use super::emit;
use chrono::{Datelike, NaiveDate};
use propose::calendar::{day_name, weekend_on, Place};
use propose::diag::{exit, Diagnostic, Result};

pub fn run(place: &str, year: i32) -> Result<i32> {
    let place = Place::parse(place).map_err(|e| {
        let mut d = Diagnostic::new(e.message).help(e.help);
        d.label = e.label;
        d
    })?;
    let years = propose::calendar::YEARS;
    let (Some(first), Some(last)) = (NaiveDate::from_ymd_opt(year, 1, 1), NaiveDate::from_ymd_opt(year, 12, 31)) else {
        return Err(year_error(year));
    };
    if !years.contains(&year) {
        return Err(year_error(year));
    }
    let name = match place.subdivision_name() {
        Some(sub) => format!("{}, {sub} ({place})", place.country_name()),
        None => format!("{} ({place})", place.country_name()),
    };
    let mut out = String::new();
    let weekends = place.weekends();
    let mut weekend = weekend_on(weekends, first);
    out += &format!("{name}, {year}: weekend {}\n", days(weekend));
    let Some((h, sub)) = place.holidays() else {
        out += &format!("No public-holiday data for {}: weekends only.\n", place.country());
        emit(&out)?;
        return Ok(exit::OK);
    };
    let (mut count, mut estimated) = (0, 0);
    for (date, _) in weekends.iter().filter(|(from, _)| *from > first && *from <= last) {
        weekend = weekend_on(weekends, *date);
        out += &format!("{date}  from this day: weekend {}\n", days(weekend));
    }
    for row in h.between(sub, first, last) {
        count += 1;
        estimated += usize::from(row.estimated);
        let mark = if row.estimated { " (estimated)" } else { "" };
        out += &format!("{}  {}  {}{mark}\n", row.date, &day_name(row.date.weekday())[..3], row.name);
    }
    let est = if estimated > 0 { format!(" ({estimated} estimated)") } else { String::new() };
    out += &format!("{count} public holidays{est}. Source: {} (MIT). Sample data for scheduling.\n", h.source);
    if year > h.complete_until {
        out += &format!("The source computes some of {}'s holidays only up to {}.\n", h.name, h.complete_until);
    }
    if sub.is_none() && !h.subdivisions.is_empty() {
        out += &format!(
            "Only the holidays common to all of {}; give a subdivision (e.g. {}-{}) for its own.\n",
            h.name, h.code, h.subdivisions[0].0
        );
    }
    emit(&out)?;
    Ok(exit::OK)
}

fn days(w: propose::calendar::Weekend) -> String {
    let names: Vec<&str> = w.days().map(day_name).collect();
    match names.as_slice() {
        [] => "none".into(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn year_error(year: i32) -> propose::diag::Error {
    let (a, b) = (propose::calendar::YEARS.start(), propose::calendar::YEARS.end());
    Diagnostic::new(format!("year {year} is outside the calendar data, which covers {a} to {b}"))
        .help(format!("give a year from {a} to {b}, e.g. `propose calendar DE 2026`"))
        .into()
}
