//! Calendars by place: weekends and public holidays from the embedded data (python-holidays
//! 0.108, 2020-2040), the intake's choice of calendar, and `propose calendar`. The expected
//! dates were computed by a second, independent reader of the data
//! (`scripts/calendar/check_data.py`); they change only when the data is re-pinned.

use crate::common::{catalog, propose};
use chrono::NaiveDate;
use propose::calendar::{Calendar, Place};
use std::collections::BTreeSet;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// The last of `days` business days from `start` in `place`'s calendar.
fn end_of(place: &str, public: bool, start: NaiveDate, days: u32) -> NaiveDate {
    let own = BTreeSet::new();
    let cal = Calendar::of(&Place::parse(place).unwrap(), public, &own).unwrap();
    cal.end_of(start, days)
}

/// The public holidays of `place` in 2026, as `MM-DD`.
fn holidays_2026(place: &str) -> Vec<String> {
    let place = Place::parse(place).unwrap();
    let (h, sub) = place.holidays().unwrap();
    let mut days: Vec<String> =
        h.between(sub, d(2026, 1, 1), d(2026, 12, 31)).map(|r| r.date.format("%m-%d").to_string()).collect();
    days.dedup();
    days
}

#[test]
fn a_schedule_across_easter_in_germany_skips_good_friday_and_easter_monday() {
    assert_eq!(end_of("DE", true, d(2026, 4, 1), 5), d(2026, 4, 9));
    // `holidays = false`: weekends only.
    assert_eq!(end_of("DE", false, d(2026, 4, 1), 5), d(2026, 4, 7));
    // Corpus Christi is a holiday in Bavaria, not in Germany as a whole.
    assert_eq!(end_of("DE-BY", true, d(2026, 6, 3), 3), d(2026, 6, 8));
    assert_eq!(end_of("DE", true, d(2026, 6, 3), 3), d(2026, 6, 5));
}

#[test]
fn a_schedule_across_eid_in_kuwait_skips_eid_and_the_friday_saturday_weekend() {
    // Eid al-Fitr 03-20..22 (estimated), weekend Friday and Saturday.
    assert_eq!(end_of("KW", true, d(2026, 3, 18), 4), d(2026, 3, 24));
    // Arafah 05-26, Eid al-Adha 05-27..29, weekend 05-29/30.
    assert_eq!(end_of("KW", true, d(2026, 5, 25), 3), d(2026, 6, 1));
    // Without public holidays, Sunday is still a working day there.
    assert_eq!(end_of("KW", false, d(2026, 3, 18), 4), d(2026, 3, 23));
}

#[test]
fn the_emirates_moved_their_weekend_to_saturday_and_sunday_in_2022() {
    // The issue says Friday-Saturday for the Emirates: true only before 2022 (UAE Government
    // Media Office, 7 December 2021). Friday 2021-06-04 was a weekend day; Friday 2026-03-06
    // is a working day and Sunday 2026-03-08 is not.
    let own = BTreeSet::new();
    let cal = Calendar::of(&Place::parse("AE").unwrap(), false, &own).unwrap();
    assert!(!cal.is_business_day(d(2021, 6, 4)));
    assert!(cal.is_business_day(d(2021, 6, 6)));
    assert!(cal.is_business_day(d(2026, 3, 6)));
    assert!(!cal.is_business_day(d(2026, 3, 8)));
    // Saudi Arabia keeps Friday and Saturday.
    let sa = Calendar::of(&Place::parse("SA").unwrap(), false, &own).unwrap();
    assert!(!sa.is_business_day(d(2026, 3, 6)));
    assert!(sa.is_business_day(d(2026, 3, 8)));
}

#[test]
fn golden_week_in_japan() {
    assert_eq!(end_of("JP", true, d(2026, 4, 28), 5), d(2026, 5, 8));
}

#[test]
fn subdivisions_have_their_own_holidays() {
    assert_eq!(holidays_2026("CA"), ["01-01", "04-03", "07-01", "09-07", "12-25"]);
    assert_eq!(holidays_2026("CA-QC"), ["01-01", "04-03", "05-18", "06-24", "07-01", "09-07", "10-12", "12-25"]);
    assert_eq!(
        holidays_2026("CA-ON"),
        ["01-01", "02-16", "04-03", "05-18", "07-01", "09-07", "10-12", "12-25", "12-26", "12-28"]
    );
    assert_eq!(holidays_2026("GB"), ["01-01", "04-03", "05-04", "05-25", "12-25", "12-26", "12-28"]);
    assert_eq!(
        holidays_2026("GB-SCT"),
        ["01-01", "01-02", "04-03", "05-04", "05-25", "06-15", "08-03", "11-30", "12-25", "12-26", "12-28"]
    );
    assert_eq!(
        holidays_2026("CH-GE"),
        ["01-01", "04-03", "04-06", "05-14", "05-25", "08-01", "09-10", "12-25", "12-31"]
    );
    assert_eq!(holidays_2026("DE-BY").len(), 12);
    assert_eq!(holidays_2026("US-CA").len(), 15);
    assert_eq!(holidays_2026("KW").len(), 13);
}

const INTAKE: &str = "[proposal]\nnumber = \"T-1\"\ndate = 2026-03-16\n[client]\nname = \"C\"\nCOUNTRY\n\
    [[engagement]]\nmodel = \"project\"\nscenario = \"penetration-testing\"\npricing = \"fixed\"\n\
    size = \"small\"\nprocess = \"standard\"\nstart = 2026-03-18\n";

fn model(top: &str, country: &str) -> serde_json::Value {
    let text = format!("{top}{}", INTAKE.replace("COUNTRY", country));
    let out = propose().args(["quote", "--format", "json", "-"]).write_stdin(text).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn first_phase_end(m: &serde_json::Value) -> String {
    m["phases"][0]["end"].as_str().unwrap().to_string()
}

#[test]
fn the_client_s_country_chooses_the_calendar_and_the_intake_may_name_another() {
    let kw = model("", "country = \"KW\"");
    let cal = &kw["calendar"];
    assert_eq!(cal["place"], "KW");
    assert_eq!(cal["weekend"], serde_json::json!(["Friday", "Saturday"]));
    assert_eq!(cal["estimated"], true, "{cal}");
    assert!(cal["holidays"].as_array().unwrap().iter().any(|h| h["name"] == "Eid al-Fitr"), "{cal}");
    let none = model("", "");
    assert_eq!(none["calendar"]["place"], serde_json::Value::Null);
    assert_ne!(first_phase_end(&kw), first_phase_end(&none), "Eid and the weekend move the phase's end");
    // `calendar` names another place; `holidays = false` turns the public holidays off.
    let gb = model("calendar = \"GB-ENG\"\n", "country = \"KW\"");
    assert_eq!(gb["calendar"]["place"], "GB-ENG");
    assert_eq!(first_phase_end(&gb), first_phase_end(&none), "no English holiday in the first phase");
    let off = model("holidays = false\n", "country = \"KW\"");
    assert_eq!(off["calendar"]["holidays"], serde_json::json!([]));
    assert_eq!(off["calendar"]["weekend"], serde_json::json!(["Friday", "Saturday"]));
    let both = model("holidays = { public = false, extra = [2026-03-19] }\n", "country = \"KW\"");
    assert_eq!(both["calendar"]["public_holidays"], false);
    assert_ne!(first_phase_end(&both), first_phase_end(&off), "the client's own day still counts");
}

#[test]
fn a_country_without_its_subdivision_is_flagged() {
    let de = model("", "country = \"DE\"\ntax_id = \"DE123456788\"");
    assert_eq!(de["calendar"]["subdivision_missing"], true);
    let by = model("", "country = \"DE-BY\"\ntax_id = \"DE123456788\"");
    assert_eq!(by["calendar"]["subdivision_missing"], false);
    assert_eq!(by["calendar"]["subdivision_name"], "Bavaria");
    let _ = catalog();
}

#[test]
fn propose_calendar_prints_a_year() {
    let out = propose().args(["calendar", "KW", "2026"]).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("Kuwait (KW), 2026: weekend Friday and Saturday\n"), "{text}");
    assert!(text.contains("2026-03-20  Fri  Eid al-Fitr (estimated)\n"), "{text}");
    assert!(text.contains("13 public holidays (10 estimated). Source: python-holidays 0.108"), "{text}");
    let by = String::from_utf8(propose().args(["calendar", "de-by", "2026"]).output().unwrap().stdout).unwrap();
    assert!(by.starts_with("Germany, Bavaria (DE-BY), 2026"), "{by}");
    assert!(by.contains("2026-06-04  Thu  Corpus Christi\n"), "{by}");
    assert!(by.contains("12 public holidays."), "{by}");
    for (args, message) in [
        (["calendar", "DE", "2019"], "error: year 2019 is outside the calendar data, which covers 2020 to 2040"),
        (["calendar", "DX", "2026"], "error: `DX` is not a country code"),
        (["calendar", "DE-XY", "2026"], "error: `DE-XY` is not a subdivision of Germany (DE)"),
    ] {
        let out = propose().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(String::from_utf8_lossy(&out.stderr).starts_with(message), "{args:?}");
    }
}
