//! Compiles the embedded calendar data (`catalog/calendars/`: the country list, weekends and
//! one public-holiday file per country) into Rust data, `OUT_DIR/calendars.rs`, for
//! `src/calendar/data.rs`.
//!
//! Why: reading the United States' file (2,322 rows, 56 subdivisions) at run time was 4.2 M
//! of the 9.1 M instructions of a `quote` for a client there (northwind, callgrind,
//! 2026-12-02), and every proposal reads at least one file and the country list. Compiled,
//! a file costs nothing until a row is read. A file this cannot read is a compile error
//! naming its line: the data is embedded only, never the user's. The crate's tests include
//! this file too, to feed it bad files.

use std::fmt::Write;
use std::path::Path;

/// The folder of calendar data.
const DIR: &str = "catalog/calendars";

/// Writes `OUT_DIR/calendars.rs`: the items `COUNTRY_LIST`, `WEEKEND_LIST` and `COMPILED`.
pub fn generate(out: &Path) {
    let mut rust = String::new();
    for part in [countries(), weekends(), holidays()] {
        match part {
            Ok(items) => rust.push_str(&items),
            Err(e) => {
                let _ = writeln!(rust, "compile_error!({:?});", format!("{DIR}/{e}"));
            }
        }
    }
    if let Err(e) = std::fs::write(out.join("calendars.rs"), rust) {
        println!("cargo:warning=cannot write calendars.rs: {e}");
    }
}

/// The data lines of `text` (not comments, not empty), numbered from 1.
fn rows(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines().enumerate().map(|(n, l)| (n + 1, l)).filter(|(_, l)| !l.starts_with('#') && !l.is_empty())
}

fn read(name: &str) -> Result<String, String> {
    std::fs::read_to_string(format!("{DIR}/{name}")).map_err(|e| format!("{name}: {e}"))
}

/// `countries.txt`: `CODE <tab> ALPHA-3 <tab> NAME [<tab> holidays]`, sorted by code.
fn countries() -> Result<String, String> {
    let text = read("countries.txt")?;
    let mut out = String::from("static COUNTRY_LIST: &[Country] = &[\n");
    let mut last = "";
    for (n, line) in rows(&text) {
        let mut cols = line.split('\t');
        let (Some(code), Some(_alpha3), Some(name)) = (cols.next(), cols.next(), cols.next()) else {
            return Err(format!("countries.txt line {n}: expected CODE, ALPHA-3 and NAME separated by tabs"));
        };
        if code <= last {
            return Err(format!("countries.txt line {n}: `{code}` out of order"));
        }
        last = code;
        let _ = writeln!(out, "    Country {{ code: {code:?}, name: {name:?} }},");
    }
    out.push_str("];\n");
    Ok(out)
}

/// Weekend days `Sat Sun` as bits, Monday bit 0.
fn weekend(days: &str) -> Option<u8> {
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    days.split(' ').try_fold(0u8, |bits, d| DAYS.iter().position(|x| *x == d).map(|i| bits | 1 << i))
}

/// A real date written `YYYY-MM-DD`, as numbers `Y, M, D` (the crate checks each again as it
/// compiles).
pub fn ymd(text: &str) -> Option<String> {
    let mut parts = text.splitn(3, '-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    let n = |s: &str, len: usize| {
        (s.len() == len && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse::<u32>().ok()).flatten()
    };
    let (y, m, d) = (n(y, 4)?, n(m, 2)?, n(d, 2)?);
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let days = match m {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        1..=12 => 31,
        _ => 0,
    };
    (1..=days).contains(&d).then(|| format!("{y}, {m}, {d}"))
}

/// `weekends.txt`: `WHERE <tab> FROM <tab> DAYS`, grouped by place (sorted), each place's
/// rows by date; `*` (the default) is left out: the binary's own default is Saturday and
/// Sunday.
fn weekends() -> Result<String, String> {
    let text = read("weekends.txt")?;
    let mut places: std::collections::BTreeMap<&str, Vec<String>> = Default::default();
    for (n, line) in rows(&text) {
        let bad = || format!("weekends.txt line {n}: `{line}`");
        let mut cols = line.split('\t');
        let (Some(place), Some(from), Some(days)) = (cols.next(), cols.next(), cols.next()) else { return Err(bad()) };
        if place == "*" {
            continue;
        }
        let from =
            if from == "-" { "NaiveDate::MIN".to_string() } else { format!("date({})", ymd(from).ok_or_else(bad)?) };
        let bits = weekend(days).ok_or_else(bad)?;
        places.entry(place).or_default().push(format!("({from}, Weekend({bits:#09b}))"));
    }
    let mut out = String::from("static WEEKEND_LIST: &[(&str, &[WeekendFrom])] = &[\n");
    for (place, list) in places {
        let _ = writeln!(out, "    ({place:?}, &[{}]),", list.join(", "));
    }
    out.push_str("];\n");
    Ok(out)
}

/// Every `holidays/CC.txt`, sorted by code, as `Holidays` values.
fn holidays() -> Result<String, String> {
    let mut names: Vec<String> = std::fs::read_dir(format!("{DIR}/holidays"))
        .map_err(|e| format!("holidays: {e}"))?
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt") && !n.starts_with('.'))
        .collect();
    names.sort();
    let mut out = String::from("static COMPILED: &[Holidays] = &[\n");
    for name in names {
        let text = read(&format!("holidays/{name}"))?;
        out.push_str(&country(&text).map_err(|e| format!("holidays/{name} {e}"))?);
    }
    out.push_str("];\n");
    Ok(out)
}

/// One holiday file. The `@` lines head it: `@country CC NAME`, `@years FIRST LAST`,
/// `@complete-until YEAR`, `@source NAME VERSION …`, `@subdivision CODE NAME` (sorted, at
/// most 128; unknown tags are room to grow). Then its rows, by date: `DATE <tab> WHERE <tab>
/// NAME [<tab> estimated]`, WHERE `*` (everywhere), `* -A -B` (everywhere but A and B) or
/// `A B` (only in A and B).
pub fn country(text: &str) -> Result<String, String> {
    let (mut code, mut name, mut years, mut until, mut source) = ("", "", None, None, String::new());
    let mut subs: Vec<(&str, &str)> = Vec::new();
    let mut rows_out = String::new();
    let mut last_date = String::new();
    for (n, line) in rows(text) {
        let bad = || format!("line {n}: `{line}`");
        let year = |c: Option<&str>| c.and_then(|y| y.parse::<i32>().ok()).ok_or_else(bad);
        if let Some(tagged) = line.strip_prefix('@') {
            let mut cols = tagged.split('\t');
            match cols.next().unwrap_or_default() {
                "country" => (code, name) = (cols.next().ok_or_else(bad)?, cols.next().ok_or_else(bad)?),
                "years" => years = Some((year(cols.next())?, year(cols.next())?)),
                "complete-until" => until = Some(year(cols.next())?),
                "source" => source = cols.take(2).collect::<Vec<_>>().join(" "),
                "subdivision" => subs.push((cols.next().ok_or_else(bad)?, cols.next().ok_or_else(bad)?)),
                _ => {}
            }
            if subs.len() > 128 || !subs.is_sorted_by(|a, b| a.0 < b.0) {
                return Err(format!("line {n}: subdivisions unsorted or more than 128"));
            }
            continue;
        }
        let mut cols = line.split('\t');
        let (Some(d), Some(w), Some(holiday)) = (cols.next(), cols.next(), cols.next()) else { return Err(bad()) };
        let Some(numbers) = ymd(d).filter(|_| d >= last_date.as_str()) else {
            return Err(format!("line {n}: `{d}` is not a date in order (YYYY-MM-DD, rows by date)"));
        };
        last_date = d.to_string();
        let national = w.starts_with('*');
        let mut bits = [0u64; 2];
        for s in w.trim_start_matches('*').split(' ').filter(|s| !s.is_empty()) {
            let sub = if national { s.strip_prefix('-').ok_or_else(bad)? } else { s };
            let i = subs.binary_search_by(|(c, _)| (*c).cmp(sub)).map_err(|_| bad())?;
            bits[i / 64] |= 1 << (i % 64);
        }
        let estimated = match cols.next() {
            None => false,
            Some("estimated") => true,
            Some(_) => return Err(bad()),
        };
        let _ = writeln!(rows_out, "        row({numbers}, {holiday:?}, {estimated}, {national}, {:?}),", bits);
    }
    let (first, last) = years.ok_or("no @years line")?;
    let subs: Vec<String> = subs.iter().map(|(c, n)| format!("({c:?}, {n:?})")).collect();
    Ok(format!(
        "    Holidays {{\n        code: {code:?},\n        name: {name:?},\n        first_year: {first},\n        \
         last_year: {last},\n        complete_until: {},\n        source: {source:?},\n        \
         subdivisions: &[{}],\n        rows: &[\n{rows_out}        ],\n    }},\n",
        until.unwrap_or(last),
        subs.join(", ")
    ))
}
