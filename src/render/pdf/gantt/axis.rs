//! The timeline chart's date axis: the grain of its grid (weeks, months or quarters, by the
//! plotted span), its ticks and their labels, the year band above them, and the thinning
//! that keeps measured labels from running into each other.

use crate::money::Locale;
use chrono::{Datelike, Days, NaiveDate, Weekday};

/// How fine the grid is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grain {
    /// A timeline under 3 months: a tick every Monday.
    Week,
    /// Under 18 months: a tick every month.
    Month,
    /// Beyond: a tick every quarter.
    Quarter,
}

/// The grain for a timeline from `first` to `last`.
pub fn grain(first: NaiveDate, last: NaiveDate) -> Grain {
    let months = (last.year() - first.year()) * 12 + last.month() as i32 - first.month() as i32;
    match months {
        ..=2 => Grain::Week,
        3..=17 => Grain::Month,
        _ => Grain::Quarter,
    }
}

pub fn first_of_month(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

pub fn next_month(d: NaiveDate) -> NaiveDate {
    let (y, m) = if d.month() == 12 { (d.year() + 1, 1) } else { (d.year(), d.month() + 1) };
    NaiveDate::from_ymd_opt(y, m, 1).unwrap_or(d)
}

fn monday(d: NaiveDate) -> NaiveDate {
    d.week(Weekday::Mon).first_day()
}

fn first_of_quarter(d: NaiveDate) -> NaiveDate {
    NaiveDate::from_ymd_opt(d.year(), d.month0() / 3 * 3 + 1, 1).unwrap_or(d)
}

/// The tick after `d` (a tick itself) at `grain`.
fn step(grain: Grain, d: NaiveDate) -> NaiveDate {
    match grain {
        Grain::Week => d.checked_add_days(Days::new(7)).unwrap_or(d),
        Grain::Month => next_month(d),
        Grain::Quarter => next_month(next_month(next_month(d))),
    }
}

/// The axis from the tick on or before `first` to the first tick after `last`.
pub fn bounds(grain: Grain, first: NaiveDate, last: NaiveDate) -> (NaiveDate, NaiveDate) {
    let start = match grain {
        Grain::Week => monday(first),
        Grain::Month => first_of_month(first),
        Grain::Quarter => first_of_quarter(first),
    };
    let mut end = start;
    while end <= last {
        let next = step(grain, end);
        if next == end {
            break;
        }
        end = next;
    }
    (start, end)
}

/// Every tick from `start` up to (not including) `end`.
pub fn ticks(grain: Grain, start: NaiveDate, end: NaiveDate) -> Vec<NaiveDate> {
    let mut out = Vec::new();
    let mut cur = start;
    while cur < end {
        out.push(cur);
        let next = step(grain, cur);
        if next == cur {
            break;
        }
        cur = next;
    }
    out
}

/// A tick's label: the Monday's day and month, the month's name, or the quarter, as the
/// locale writes them short.
pub fn label(grain: Grain, locale: Locale, d: NaiveDate) -> String {
    match grain {
        Grain::Week => locale.short_date(d),
        Grain::Month => locale.short_month(d.month0() as usize).to_string(),
        Grain::Quarter => locale.quarter(d.month0() / 3 + 1),
    }
}

/// The smallest step (every label, every second, ...) at which labels starting at `xs` with
/// widths `widths` keep `gap` apart and end by `right`; the first label always shows.
pub fn thinning(xs: &[f32], widths: &[f32], gap: f32, right: f32) -> usize {
    (1..=xs.len().max(1))
        .find(|step| {
            let shown: Vec<usize> = (0..xs.len()).step_by(*step).collect();
            shown.windows(2).all(|w| xs[w[0]] + widths[w[0]] + gap <= xs[w[1]])
                && shown.iter().skip(1).all(|i| xs[*i] + widths[*i] <= right)
        })
        .unwrap_or(xs.len().max(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn the_grain_follows_the_span() {
        assert_eq!(grain(d(2026, 3, 16), d(2026, 5, 20)), Grain::Week);
        assert_eq!(grain(d(2026, 3, 16), d(2026, 6, 23)), Grain::Month);
        assert_eq!(grain(d(2026, 3, 16), d(2027, 8, 31)), Grain::Month);
        assert_eq!(grain(d(2026, 3, 16), d(2027, 9, 1)), Grain::Quarter);
    }

    #[test]
    fn bounds_sit_on_ticks_around_the_dates() {
        assert_eq!(bounds(Grain::Week, d(2026, 3, 18), d(2026, 3, 30)), (d(2026, 3, 16), d(2026, 4, 6)));
        assert_eq!(bounds(Grain::Month, d(2026, 3, 18), d(2026, 6, 30)), (d(2026, 3, 1), d(2026, 7, 1)));
        assert_eq!(bounds(Grain::Quarter, d(2026, 5, 4), d(2028, 5, 3)), (d(2026, 4, 1), d(2028, 7, 1)));
        assert_eq!(ticks(Grain::Quarter, d(2026, 4, 1), d(2027, 1, 1)).len(), 3);
    }

    #[test]
    fn labels_and_names() {
        let l = |tag| Locale::from_tag(tag).unwrap();
        assert_eq!(label(Grain::Quarter, l("fr-FR"), d(2026, 8, 1)), "T3");
        assert_eq!(label(Grain::Week, l("en-US"), d(2026, 3, 16)), "Mar\u{a0}16");
        assert_eq!(label(Grain::Week, l("de-DE"), d(2026, 3, 16)), "16.\u{a0}März");
        assert_eq!(label(Grain::Month, l("fr-FR"), d(2026, 8, 16)), "août");
        assert_eq!(next_month(d(2026, 12, 17)), d(2027, 1, 1));
    }

    #[test]
    fn thinning_keeps_labels_apart_and_inside() {
        let xs = [0.0, 10.0, 20.0, 30.0, 40.0];
        assert_eq!(thinning(&xs, &[5.0; 5], 4.0, 100.0), 1);
        assert_eq!(thinning(&xs, &[12.0; 5], 4.0, 100.0), 2);
        assert_eq!(thinning(&xs, &[5.0; 5], 4.0, 44.0), 3, "the last label would run past the edge");
    }
}
