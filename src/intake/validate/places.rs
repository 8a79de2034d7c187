//! Places: the client's country, the calendar the schedule uses and the holidays it skips.

use super::Checker;
use crate::calendar::Place;
use crate::intake::limits::*;
use crate::intake::raw::*;
use crate::intake::*;
use toml::Spanned;

impl Checker<'_> {
    /// A country code, optionally with its subdivision (`DE`, `CA-QC`).
    pub(super) fn place(&mut self, p: &Spanned<String>) -> Option<Place> {
        match Place::parse(p.get_ref()) {
            Ok(place) => Some(place),
            Err(e) => {
                self.error(p.span(), e.message, e.label, e.help);
                None
            }
        }
    }

    /// The intake's own holidays, and whether the calendar's public holidays count.
    pub(super) fn holidays(&mut self, raw: Option<Spanned<RawHolidays>>) -> (BTreeSet<NaiveDate>, bool) {
        let Some(raw) = raw else { return (BTreeSet::new(), true) };
        match raw.into_inner() {
            RawHolidays::List(list) => (self.dates(&list), true),
            RawHolidays::Switch(public) => (BTreeSet::new(), public),
            RawHolidays::Table(t) => (self.dates(&t.extra), t.public.is_none_or(|p| *p.get_ref())),
        }
    }

    fn dates(&mut self, list: &[Value]) -> BTreeSet<NaiveDate> {
        if list.len() > MAX_HOLIDAYS {
            self.error(
                list[MAX_HOLIDAYS].span(),
                format!("more than {MAX_HOLIDAYS} holidays"),
                None,
                "list only the holidays within the engagements",
            );
            return BTreeSet::new();
        }
        list.iter().filter_map(|v| self.date(v, "holidays")).collect()
    }

    /// The intake's `calendar`, else the client's country.
    pub(super) fn calendar(
        &mut self,
        calendar: Option<Spanned<String>>,
        client: Option<&Client>,
        public: bool,
    ) -> CalendarChoice {
        let place = match &calendar {
            Some(p) => self.place(p),
            None => client.and_then(|c| c.country.clone()),
        };
        CalendarChoice { place, public }
    }
}
