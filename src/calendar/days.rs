//! Business days: days that are neither a weekend day of the place (on that date) nor a
//! public holiday there nor one of the intake's own holidays. Borrowed data only, so a quote
//! allocates nothing to count days.

use super::{weekend_on, Place, WeekendFrom};
use crate::diag::Result;
use chrono::{Datelike, Days, NaiveDate};
use std::collections::BTreeSet;

/// The calendar a schedule counts business days with.
#[derive(Debug, Clone, Copy)]
pub struct Calendar<'a> {
    /// Sorted by date; the first entry applies from the start of time.
    weekends: &'a [WeekendFrom],
    /// Public holidays, sorted and deduplicated.
    public: &'a [NaiveDate],
    own: &'a BTreeSet<NaiveDate>,
}

impl<'a> Calendar<'a> {
    /// Saturday and Sunday off, and the holidays given.
    pub fn new(own: &'a BTreeSet<NaiveDate>) -> Calendar<'a> {
        Calendar { weekends: super::data::weekends("", None), public: &[], own }
    }

    /// The calendar of `place`: its weekends, its public holidays when `public` is set (and
    /// its country has data), and the holidays given.
    pub fn of(place: &Place, public: bool, own: &'a BTreeSet<NaiveDate>) -> Result<Calendar<'a>> {
        let public = match place.holidays() {
            Some((h, sub)) if public => h.dates(sub),
            _ => &[],
        };
        Ok(Calendar { weekends: place.weekends(), public, own })
    }

    pub fn is_business_day(&self, d: NaiveDate) -> bool {
        !weekend_on(self.weekends, d).contains(d.weekday()) && !self.is_holiday(d)
    }

    fn is_holiday(&self, d: NaiveDate) -> bool {
        self.public.binary_search(&d).is_ok() || self.own.contains(&d)
    }

    /// The first business day on or after `d`. Holidays are finite and every weekend leaves
    /// a working day, so this ends.
    pub fn on_or_after(&self, mut d: NaiveDate) -> NaiveDate {
        while !self.is_business_day(d) {
            d = d.succ_opt().unwrap_or(d);
            if d == NaiveDate::MAX {
                break;
            }
        }
        d
    }

    /// The first business day after `d`.
    pub fn after(&self, d: NaiveDate) -> NaiveDate {
        self.on_or_after(d.succ_opt().unwrap_or(d))
    }

    /// The last day of `days` business days starting on `start` (a business day).
    ///
    /// Whole weeks are skipped by arithmetic when no holiday and no change of weekend falls
    /// in them: walking day by day was most of a schedule's calendar work, about 1,700
    /// instructions a phase (callgrind, 2,000 managed scenarios). A test holds it to the walk.
    pub fn end_of(&self, start: NaiveDate, days: u32) -> NaiveDate {
        let weekend = weekend_on(self.weekends, start);
        let per_week = 7 - weekend.len();
        let weeks = days.saturating_sub(1) / per_week.max(1);
        let skipped = start.checked_add_days(Days::new(u64::from(weeks) * 7));
        let (mut d, left) = match skipped {
            Some(d) if weeks > 0 && self.plain(start, d) => (d, days - 1 - weeks * per_week),
            _ => (start, days.saturating_sub(1)),
        };
        for _ in 0..left {
            d = self.after(d);
        }
        d
    }

    /// Whether no holiday and no change of weekend falls after `from`, up to `to`.
    fn plain(&self, from: NaiveDate, to: NaiveDate) -> bool {
        let i = self.public.partition_point(|d| *d <= from);
        let public = self.public.get(i).is_some_and(|d| *d <= to);
        let own = self.own.range(from.succ_opt().unwrap_or(from)..=to).next().is_some();
        let change = self.weekends.iter().any(|w| w.0 > from && w.0 <= to);
        !public && !own && !change
    }

    /// [`Calendar::end_of`] by the plain day-by-day walk, for tests to hold it to.
    #[cfg(test)]
    fn walk_end_of(&self, start: NaiveDate, days: u32) -> NaiveDate {
        let mut d = start;
        for _ in 1..days {
            d = self.after(d);
        }
        d
    }

    /// Business days from `from` to `to`, both counted: for each stretch with one weekend,
    /// whole weeks by arithmetic and the few days left one by one, less the holidays on
    /// working days (a multi-year term is counted without a day loop).
    pub fn business_days_between(&self, from: NaiveDate, to: NaiveDate) -> u32 {
        if to < from {
            return 0;
        }
        let mut n: i64 = 0;
        let mut start = from;
        loop {
            let weekend = weekend_on(self.weekends, start);
            // The stretch ends the day before the next weekend change, or at `to`.
            let next = self.weekends.iter().map(|w| w.0).find(|f| *f > start);
            let end = next.and_then(|f| f.pred_opt()).map_or(to, |e| e.min(to));
            let days = (end - start).num_days() + 1;
            n += days / 7 * i64::from(7 - weekend.len());
            let mut d = start.checked_add_days(Days::new((days / 7 * 7) as u64)).unwrap_or(end);
            while d <= end {
                n += i64::from(!weekend.contains(d.weekday()));
                d = match d.succ_opt() {
                    Some(x) => x,
                    None => break,
                };
            }
            match end.succ_opt() {
                Some(s) if end < to => start = s,
                _ => break,
            }
        }
        let working = |d: &&NaiveDate| !weekend_on(self.weekends, **d).contains(d.weekday());
        let i = self.public.partition_point(|d| *d < from);
        let public = self.public[i..].iter().take_while(|d| **d <= to).filter(working).count();
        let own = self.own.range(from..=to).filter(working).filter(|d| self.public.binary_search(d).is_err()).count();
        u32::try_from(n - public as i64 - own as i64).unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn skips_weekends_and_holidays() {
        let holidays = BTreeSet::from([d(2026, 3, 9)]);
        let cal = Calendar::new(&holidays);
        // Fri 6 Mar, 3 business days: Fri, (Mon 9 is a holiday) Tue 10, Wed 11.
        assert_eq!(cal.end_of(d(2026, 3, 6), 3), d(2026, 3, 11));
        assert_eq!(cal.on_or_after(d(2026, 3, 7)), d(2026, 3, 10));
        assert_eq!(cal.business_days_between(d(2026, 3, 6), d(2026, 3, 13)), 5);
    }

    #[test]
    fn ends_runs_of_business_days_as_the_day_by_day_walk_does() {
        // Runs that cross public holidays, own holidays, year ends and the Emirates' change
        // of weekend, in calendars with and without public holidays.
        let own = BTreeSet::from([d(2021, 12, 30), d(2026, 3, 9), d(2026, 12, 28)]);
        let places = ["US", "DE-BY", "KW", "AE"].map(|p| Place::parse(p).unwrap());
        let mut cals = vec![Calendar::new(&own)];
        for p in &places {
            cals.push(Calendar::of(p, true, &own).unwrap());
            cals.push(Calendar::of(p, false, &own).unwrap());
        }
        for cal in &cals {
            for start in [d(2021, 11, 29), d(2026, 2, 23), d(2026, 12, 1)] {
                for offset in 0..9 {
                    let start = cal.on_or_after(start + Days::new(offset));
                    for days in [0, 1, 2, 4, 5, 6, 7, 9, 10, 11, 24, 25, 26, 60, 130, 300] {
                        assert_eq!(cal.end_of(start, days), cal.walk_end_of(start, days), "{start} + {days}");
                    }
                }
            }
        }
    }

    #[test]
    fn counts_business_days_like_a_day_by_day_walk() {
        // Own holidays on weekdays, on a weekend and on public holidays, over ranges up to a
        // year and a half, in Germany, Bavaria, Kuwait (Friday-Saturday) and the Emirates
        // (whose weekend moved on 2022-01-01).
        let own = BTreeSet::from([d(2021, 12, 30), d(2026, 3, 9), d(2026, 3, 14), d(2026, 12, 25), d(2027, 1, 1)]);
        let places = ["DE", "DE-BY", "KW", "AE"].map(|p| Place::parse(p).unwrap());
        let mut cals = vec![Calendar::new(&own)];
        for p in &places {
            cals.push(Calendar::of(p, true, &own).unwrap());
            cals.push(Calendar::of(p, false, &own).unwrap());
        }
        for cal in &cals {
            let walk = |from: NaiveDate, to: NaiveDate| {
                from.iter_days().take_while(|x| *x <= to).filter(|x| cal.is_business_day(*x)).count()
            };
            for start in [d(2021, 12, 20), d(2026, 3, 1)] {
                for offset in 0..9 {
                    let from = start + Days::new(offset);
                    for len in [0, 1, 4, 6, 7, 8, 13, 14, 30, 200, 400, 600] {
                        let to = from + Days::new(len);
                        assert_eq!(cal.business_days_between(from, to) as usize, walk(from, to), "{from}..={to}");
                    }
                    assert_eq!(cal.business_days_between(from, from - Days::new(1)), 0);
                }
            }
        }
    }
}
