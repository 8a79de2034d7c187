//! Turns a raw intake into checked types, reporting every problem with its location and fix:
//! `values` reads single values (text, dates, numbers), `meta` the proposal's own facts and
//! the client, `places` the client's country, the calendar and the holidays, `tax` the tax
//! rule, IDs and overrides, `engagement` each engagement's model and terms, `discount` the discounts;
//! options are checked here.

mod discount;
mod engagement;
mod meta;
mod objectives;
mod places;
mod tax;
mod terms;
mod values;

use super::raw::*;
use super::*;
use crate::intake::limits::*;
use crate::intake::text;
use toml::Spanned;

pub(super) struct Checker<'a> {
    pub(super) source: &'a Source,
    pub(super) catalog: &'a Catalog,
    pub(super) found: Vec<Diagnostic>,
    /// The proposal's date once read: no engagement may start before it.
    pub(super) proposal_date: Option<NaiveDate>,
}

pub(super) fn validate(raw: RawIntake, source: &Source, catalog: &Catalog) -> Result<Intake> {
    let mut c = Checker { source, catalog, found: Vec::new(), proposal_date: None };
    let asked = tax::Asked::of(raw.proposal.get_ref(), &raw.client);
    let mut meta = c.meta(raw.proposal);
    let mut client = c.client(raw.client);
    let tax = c.tax(&asked, client.as_mut(), meta.as_mut());
    let (holidays, public) = c.holidays(raw.holidays);
    let calendar = c.calendar(raw.calendar, client.as_ref(), public);
    let read = raw.engagement.len();
    let engagements = c.engagements(raw.engagement);
    let discounts = if c.at_most(&raw.discount, MAX_DISCOUNTS, "`[[discount]]` tables", "combine some discounts") {
        raw.discount.into_iter().filter_map(|d| c.discount(d, meta.as_ref().map(|m| m.currency))).collect()
    } else {
        Vec::new()
    };
    let texts = |c: &mut Checker, list: Vec<Spanned<String>>, key: &str| -> Vec<String> {
        let what = format!("entries in `{key}`");
        if !c.at_most(&list, MAX_ENTRIES, &what, "keep the list to what the client needs to read; merge entries") {
            return Vec::new();
        }
        list.into_iter().filter_map(|s| c.entry(&s, key)).collect()
    };
    let objectives = if c.at_most(
        &raw.objectives,
        MAX_ENTRIES,
        "entries in `objectives`",
        "keep the list to what the client needs to read; merge entries",
    ) {
        c.objectives(&raw.objectives, &engagements, engagements.len() == read)
    } else {
        Vec::new()
    };
    let assumptions = texts(&mut c, raw.assumptions, "assumptions");
    let exclusions = texts(&mut c, raw.exclusions, "exclusions");
    let options = c.options(raw.option);
    let terms = raw.terms.map(|t| c.terms(t)).unwrap_or_default();
    let meta = meta.map(|m| lapse_before_start(m, &engagements, &calendar, &holidays));
    match (c.found.len(), meta, client, tax) {
        (0, Some(meta), Some(client), Some(tax)) => Ok(Intake {
            meta,
            client,
            objectives,
            assumptions,
            exclusions,
            terms,
            holidays,
            calendar,
            tax,
            scope: Scope { engagements, discounts },
            options,
        }),
        (1, ..) => Err(Error::from(c.found.remove(0))),
        (0, ..) => Err(Error::Internal("intake rejected without a reason".into())),
        _ => Err(Error::Inputs(c.found)),
    }
}

/// What an option may override: the engagements and the discounts. Everything else is one
/// per proposal: its facts (`proposal`: the currency, number, date, locale, tax and revision
/// that every option's figures are written with), the `client`, the texts (`objectives`,
/// `assumptions`, `exclusions`), the `holidays` of the one calendar, and the options.
const OPTION_MAY_SET: [&str; 2] = ["engagement", "discount"];

impl Checker<'_> {
    /// Whether `list` has at most `max` entries; if not, reports the first one too many as
    /// "more than `max` `what`".
    fn at_most<T>(&mut self, list: &[Spanned<T>], max: usize, what: &str, help: &str) -> bool {
        let Some(extra) = list.get(max) else { return true };
        self.error(extra.span(), format!("more than {max} {what}"), None, help);
        false
    }

    /// Two to four named options, exactly one recommended, each override a valid path.
    fn options(&mut self, list: Vec<Spanned<RawOption>>) -> Vec<ProposalOption> {
        if list.is_empty() {
            return Vec::new();
        }
        let first = list[0].span();
        if !(2..=MAX_OPTIONS).contains(&list.len()) {
            self.error(
                first.clone(),
                format!("{} option(s) given", list.len()),
                None,
                format!("offer two to {MAX_OPTIONS} `[[option]]` tables, or none"),
            );
            if list.len() > MAX_OPTIONS {
                return Vec::new();
            }
        }
        let recommended =
            list.iter().filter(|o| o.get_ref().recommended.as_ref().is_some_and(|r| *r.get_ref())).count();
        if recommended != 1 {
            self.error(
                first,
                format!("{recommended} options are marked recommended"),
                None,
                "mark exactly one option `recommended = true`",
            );
        }
        let mut names = BTreeSet::new();
        let mut out = Vec::new();
        for o in list {
            let o = o.into_inner();
            let Some(name) = self.text(&o.name, "name") else { continue };
            if !names.insert(name.clone()) {
                self.error(
                    o.name.span(),
                    format!("option `{name}` is named twice"),
                    None,
                    "give each option its own name",
                );
            }
            let mut sets = Vec::new();
            // In the order written: messages follow the file, and a later override sees an
            // earlier one.
            let mut entries: Vec<(&Spanned<String>, &Value)> = o.set.iter().collect();
            entries.sort_by_key(|(path, _)| path.span().start);
            if let Some((path, _)) = entries.get(MAX_OPTION_SETS) {
                self.error(
                    path.span(),
                    format!("option `{name}` sets more than {MAX_OPTION_SETS} values"),
                    None,
                    "an option differs from the intake in a few values; change the rest in the intake itself",
                );
                continue;
            }
            for (path, value) in entries {
                if let Some(problem) = text::problem(path.get_ref(), false) {
                    self.error(
                        path.span(),
                        format!("option `{name}`: the path {}", problem.describe()),
                        None,
                        problem.help(false),
                    );
                    continue;
                }
                let Some(p) = set::Path::parse(path.get_ref()) else {
                    self.error(
                        path.span(),
                        format!("option `{name}`: `{}` is not a path", path.get_ref()),
                        None,
                        "write a path such as `engagement[1].tier`",
                    );
                    continue;
                };
                let entry = path.span().start..value.span().end;
                if !OPTION_MAY_SET.contains(&p.root()) {
                    self.error(
                        entry,
                        format!("option `{name}` sets `{p}`, which is the same for every option"),
                        Some(format!("`{}` is one per proposal", p.root())),
                        "an option may change only `engagement` and `discount` values (and has its own `name` and \
                         `description`); change the others in the intake itself",
                    );
                    continue;
                }
                let literal = self.source.text.get(value.span()).unwrap_or("");
                sets.push((set::Assignment::new("set", p, literal), entry));
            }
            let description = self.opt_prose(&o.description, "description");
            let recommended = o.recommended.as_ref().is_some_and(|r| *r.get_ref());
            out.push(ProposalOption { name, recommended, description, sets });
        }
        out
    }
}

/// The offer lapses by the last business day before the first engagement starts, so that it
/// is signed before any work is done or any payment falls due: `valid_until` is the earlier of
/// the proposal date plus its valid days and that day (never before the proposal date).
fn lapse_before_start(
    mut meta: Meta,
    engagements: &[Engagement],
    choice: &CalendarChoice,
    holidays: &std::collections::BTreeSet<chrono::NaiveDate>,
) -> Meta {
    let first = engagements.iter().filter_map(|e| if let Start::On(d) = e.start { Some(d) } else { None }).min();
    let Some(mut eve) = first.and_then(|d| d.pred_opt()) else { return meta };
    // A place whose holidays cannot be read is reported by the schedule; weekends still count.
    let cal = match &choice.place {
        Some(place) => crate::calendar::Calendar::of(place, choice.public, holidays).ok(),
        None => Some(crate::calendar::Calendar::new(holidays)),
    };
    while eve > meta.date && cal.as_ref().is_some_and(|c| !c.is_business_day(eve)) {
        eve = eve.pred_opt().unwrap_or(meta.date);
    }
    meta.valid_until = meta.valid_until.min(eve.max(meta.date));
    meta
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str) -> Result<Intake> {
        let catalog = Catalog::embedded().unwrap();
        crate::intake::parse(&Source::new("t.toml", text), &catalog)
    }

    const HEAD: &str = "[proposal]\nnumber = \"T-1\"\ndate = 2026-03-02\n[client]\nname = \"C\"\n";
    const ADVISORY: &str = "[[engagement]]\nmodel = \"advisory\"\nhours = 10\nmonths = 3\n";

    #[test]
    fn refuses_a_start_before_the_proposal_date() {
        let err = check(&format!("{HEAD}{ADVISORY}start = 2026-03-01\n")).unwrap_err();
        let d = err.diagnostic().unwrap();
        assert_eq!(d.message, "`start` 2026-03-01 is before the proposal date 2026-03-02");
        assert_eq!(d.location.as_ref().map(|l| (l.line, l.column)), Some((10, 9)));
        assert!(check(&format!("{HEAD}{ADVISORY}start = 2026-03-02\n")).is_ok());
    }

    #[test]
    fn names_the_list_an_empty_entry_is_in() {
        let err =
            check(&format!("exclusions = [\"Licences.\", \" \"]\n{HEAD}{ADVISORY}start = 2026-03-02\n")).unwrap_err();
        assert_eq!(err.diagnostic().unwrap().message, "an entry of `exclusions` is empty");
    }

    #[test]
    fn an_iso_currency_without_a_rate_is_not_a_typo() {
        let head = HEAD.replace("[client]", "currency = \"NZD\"\n[client]");
        let err = check(&format!("{head}{ADVISORY}start = 2026-03-02\n")).unwrap_err();
        let d = err.diagnostic().unwrap();
        assert_eq!(d.message, "the catalog has no exchange rate for currency `NZD`");
        assert!(d.help.as_deref().unwrap().contains("`USD`, `EUR`"));
    }

    #[test]
    fn refuses_an_amount_that_rounds_to_nothing() {
        let head = HEAD.replace("[client]", "currency = \"JPY\"\n[client]");
        let managed = "[[engagement]]\nmodel = \"managed\"\ntier = \"business-hours\"\nmonths = 1\n\
            inventory = { servers = 1 }\nstart = 2026-03-02\n";
        let err = check(&format!("{head}{managed}[[discount]]\namount = 0.4\n")).unwrap_err();
        assert_eq!(err.diagnostic().unwrap().message, "`amount` 0.4 rounds to zero in JPY");
        assert!(check(&format!("{head}{managed}[[discount]]\namount = 0.5\n")).is_ok());
    }

    #[test]
    fn a_problem_with_a_whole_table_underlines_its_header() {
        let err = check(&format!("{HEAD}{ADVISORY}")).unwrap_err();
        let loc = err.diagnostic().unwrap().location.clone().unwrap();
        assert_eq!(loc.snippet, Some(("[[engagement]]".to_string(), 1, 14)));
    }
}
