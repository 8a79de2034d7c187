//! Batch rows: one per scenario, written as CSV (RFC 4180 quoting, `\n` line ends, text cells
//! neutralised for spreadsheets), JSON Lines (same keys, exact values, missing ones as `null`)
//! or an aligned table for people.

use crate::catalog::ModelKind;
use crate::diag::{Error, Result};
use crate::policy::Review;
use crate::proposal::{Proposal, Timeline, Totals};
use serde::Serialize;
use std::io::Write;

/// The columns, in order; CSV's header and JSONL's keys.
pub const COLUMNS: [&str; 15] = [
    "input",
    "scenario",
    "client",
    "proposal_number",
    "models",
    "one_time",
    "monthly",
    "contract_value",
    "currency",
    "start",
    "end",
    "weeks",
    "policy",
    "status",
    "error",
];

/// The CSV columns that carry text from an intake, a path or a message, which
/// [`neutralise`] guards; the others are amounts, dates and a week count we write ourselves
/// (`-12.50` in a money column is a number, never a formula).
const TEXT_COLUMNS: [bool; 15] =
    [true, true, true, true, true, false, false, false, true, false, false, false, true, true, true];

/// A text cell a spreadsheet would read as a formula (starting with `=`, `+`, `-`, `@`, a tab
/// or a carriage return) gets a leading `'`, OWASP's convention against CSV injection: the
/// spreadsheet shows the cell as text, apostrophe hidden. Any other cell is unchanged.
pub fn neutralise(cell: String) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell
    }
}

/// One scenario's outcome. Money is a plain decimal string rounded to the currency's minor
/// unit (`271987.85`), dates are ISO 8601; a failed scenario has what was known before it
/// failed and `status` = `error`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Row {
    pub input: String,
    pub scenario: String,
    pub client: Option<String>,
    pub proposal_number: Option<String>,
    /// The engagement models in order, joined by `+`: `project+managed`.
    pub models: Option<String>,
    pub one_time: Option<String>,
    pub monthly: Option<String>,
    pub contract_value: Option<String>,
    pub currency: Option<String>,
    pub start: Option<String>,
    pub end: Option<String>,
    pub weeks: Option<i64>,
    /// The pricing-policy outcome, as `quote` enforces it: `ok` within policy; else the rules
    /// broken, each once in the order found, joined by `+` (`max-discount+second-approver`),
    /// followed by ` (approved)` when the approvers named suffice.
    pub policy: Option<String>,
    pub status: &'static str,
    /// The first problem in one line: message, then ` at FILE:LINE:COL`.
    pub error: Option<String>,
}

impl Row {
    /// The rows of a priced scenario: one, or one per option (`scenario` then ends in
    /// `option=NAME`).
    pub fn all(input: &str, scenario: &str, p: &Proposal) -> Vec<Row> {
        if p.options.is_empty() {
            return vec![Row::ok(input, scenario.to_string(), p)];
        }
        p.options
            .iter()
            .map(|o| {
                let label = if scenario.is_empty() {
                    format!("option={}", o.name)
                } else {
                    format!("{scenario};option={}", o.name)
                };
                Row::offer(input, label, (&p.client.name, &p.proposal.number), &o.offer, o.policy.as_ref())
            })
            .collect()
    }

    pub fn ok(input: &str, scenario: String, p: &Proposal) -> Row {
        Row::offer(input, scenario, (&p.client.name, &p.proposal.number), &p.offer, p.policy.as_ref())
    }

    /// The row of a scenario without options from its intake and figures alone: the same as
    /// [`Row::all`]'s of the proposal they assemble to, which it takes its values from.
    pub fn of_figures(
        input: &str,
        scenario: String,
        intake: &crate::intake::Intake,
        f: &crate::proposal::Figures,
        review: &Review,
    ) -> Row {
        let figures = (&f.models[..], &f.totals, &f.timeline);
        Row::figures(input, scenario, (&intake.client.name, &intake.meta.number), figures, Some(review))
    }

    /// `(client, number)`: the client's name and the proposal's number.
    fn offer(
        input: &str,
        scenario: String,
        who: (&str, &str),
        o: &crate::proposal::Offer,
        review: Option<&Review>,
    ) -> Row {
        let models: Vec<ModelKind> = o.engagements.iter().map(|e| e.model).collect();
        Row::figures(input, scenario, who, (&models, &o.totals, &o.timeline), review)
    }

    /// `(models, totals, timeline)`: the offer's figures.
    fn figures(
        input: &str,
        scenario: String,
        (client, number): (&str, &str),
        (models, totals, timeline): (&[ModelKind], &Totals, &Timeline),
        review: Option<&Review>,
    ) -> Row {
        let models: Vec<&str> = models.iter().map(|m| m.id()).collect();
        Row {
            input: input.to_string(),
            scenario,
            client: Some(client.to_string()),
            proposal_number: Some(number.to_string()),
            models: Some(models.join("+")),
            one_time: Some(totals.one_time.to_string()),
            monthly: Some(totals.monthly.to_string()),
            contract_value: Some(totals.contract_value.to_string()),
            currency: Some(totals.currency.code.to_string()),
            start: Some(timeline.start.to_string()),
            end: Some(timeline.end.to_string()),
            weeks: Some(timeline.weeks),
            policy: review.map(outcome),
            status: "ok",
            error: None,
        }
    }

    /// A failed scenario's row; `error` is its [`summary`].
    pub fn error(input: &str, scenario: String, error: String) -> Row {
        Row { input: input.to_string(), scenario, status: "error", error: Some(error), ..Row::default() }
    }

    /// Marks a row whose scenario priced but whose files could not be written.
    pub fn fail(&mut self, error: String) {
        self.status = "error";
        self.error = Some(error);
    }

    fn cells(&self) -> [String; 15] {
        let s = |v: &Option<String>| v.clone().unwrap_or_default();
        [
            self.input.clone(),
            self.scenario.clone(),
            s(&self.client),
            s(&self.proposal_number),
            s(&self.models),
            s(&self.one_time),
            s(&self.monthly),
            s(&self.contract_value),
            s(&self.currency),
            s(&self.start),
            s(&self.end),
            self.weeks.map(|w| w.to_string()).unwrap_or_default(),
            s(&self.policy),
            self.status.to_string(),
            s(&self.error),
        ]
    }
}

/// A review's outcome for the `policy` column (see [`Row::policy`]).
pub fn outcome(review: &Review) -> String {
    if review.breaches.is_empty() {
        return "ok".to_string();
    }
    let mut rules: Vec<&str> = Vec::with_capacity(review.breaches.len());
    for b in &review.breaches {
        if !rules.contains(&b.rule) {
            rules.push(b.rule);
        }
    }
    let mut cell = rules.join("+");
    if review.approved {
        cell.push_str(" (approved)");
    }
    cell
}

/// An error in one line: `unknown SLA tier `gold` at a.toml:14:8`.
pub fn summary(e: &Error) -> String {
    let Some(d) = e.diagnostic() else {
        let text = e.to_string();
        let line = text.lines().next().unwrap_or_default();
        return line.strip_prefix("error: ").unwrap_or(line).to_string();
    };
    let mut out = d.message.clone();
    match &d.location {
        Some(l) if l.line > 0 => out += &format!(" at {}:{}:{}", l.file, l.line, l.column),
        Some(l) => out += &format!(" in {}", l.file),
        None => {}
    }
    if let Error::Inputs(ds) = e {
        if ds.len() > 1 {
            out += &format!(" (and {} more)", ds.len() - 1);
        }
    }
    out
}

/// Where rows go, in one of the three formats.
pub enum Sink<W: Write> {
    Csv(Box<csv::Writer<W>>),
    Jsonl(W),
    Table(Table<W>),
}

impl<W: Write> Sink<W> {
    pub fn csv(out: W) -> Result<Sink<W>> {
        let mut w = csv::WriterBuilder::new().has_headers(false).from_writer(out);
        w.write_record(COLUMNS).map_err(csv_error)?;
        Ok(Sink::Csv(Box::new(w)))
    }

    pub fn jsonl(out: W) -> Sink<W> {
        Sink::Jsonl(out)
    }

    pub fn table(out: W) -> Sink<W> {
        Sink::Table(Table { out, widths: None })
    }

    /// Writes a run of rows. Write errors come back as `std::io::Error` so the caller can
    /// tell a closed pipe from a real failure.
    pub fn write(&mut self, rows: &[Row]) -> std::io::Result<()> {
        match self {
            Sink::Csv(w) => {
                for r in rows {
                    let cells = r.cells();
                    let cells =
                        cells.into_iter().zip(TEXT_COLUMNS).map(|(c, text)| if text { neutralise(c) } else { c });
                    w.write_record(cells).map_err(|e| match e.into_kind() {
                        csv::ErrorKind::Io(e) => e,
                        other => std::io::Error::other(format!("{other:?}")),
                    })?;
                }
                Ok(())
            }
            Sink::Jsonl(w) => {
                for r in rows {
                    serde_json::to_writer(&mut *w, r)?;
                    w.write_all(b"\n")?;
                }
                Ok(())
            }
            Sink::Table(t) => t.write(rows),
        }
    }

    pub fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Sink::Csv(w) => w.flush(),
            Sink::Jsonl(w) => w.flush(),
            Sink::Table(t) => t.out.flush(),
        }
    }
}

fn csv_error(e: csv::Error) -> Error {
    Error::Internal(format!("cannot write CSV: {e}"))
}

/// An aligned table. Rows stream, so column widths come from the header and the first run
/// of rows written (a batch chunk, up to 1,024 rows); a later, wider value pushes the rest of
/// its own line right rather than holding every row back. Amounts and weeks align right.
pub struct Table<W: Write> {
    out: W,
    widths: Option<[usize; 15]>,
}

impl<W: Write> Table<W> {
    const RIGHT: [bool; 15] =
        [false, false, false, false, false, true, true, true, false, false, false, true, false, false, false];

    fn write(&mut self, rows: &[Row]) -> std::io::Result<()> {
        let cells: Vec<[String; 15]> = rows.iter().map(Row::cells).collect();
        if self.widths.is_none() {
            let mut widths = COLUMNS.map(|c| c.chars().count());
            for row in &cells {
                for (w, c) in widths.iter_mut().zip(row) {
                    *w = (*w).max(c.chars().count());
                }
            }
            self.widths = Some(widths);
            self.line(&COLUMNS.map(str::to_string))?;
        }
        for row in &cells {
            self.line(row)?;
        }
        Ok(())
    }

    fn line(&mut self, cells: &[String; 15]) -> std::io::Result<()> {
        let widths = self.widths.unwrap_or_default();
        let mut line = String::new();
        for (i, cell) in cells.iter().enumerate() {
            if i > 0 {
                line.push_str("  ");
            }
            let pad = widths[i].saturating_sub(cell.chars().count());
            if Self::RIGHT[i] {
                line.push_str(&" ".repeat(pad));
                line.push_str(cell);
            } else {
                line.push_str(cell);
                line.push_str(&" ".repeat(pad));
            }
        }
        writeln!(self.out, "{}", line.trim_end())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A row from the figures alone ([`crate::assemble_figures`], batch's path for a scenario
    /// without options) is the row of the whole proposal, for every example and fixture
    /// without options, in every language they are written in.
    #[test]
    fn the_row_from_the_figures_alone_is_the_row_from_the_proposal() {
        let english = crate::catalog::Catalog::embedded().unwrap();
        let mut paths: Vec<_> = std::fs::read_dir("examples").unwrap().map(|e| e.unwrap().path()).collect();
        paths.extend(["tests/fixtures/intl/japanese.toml", "tests/fixtures/intl/arabic.toml"].map(Into::into));
        paths.sort();
        let (mut compared, mut with_options) = (0, 0);
        for path in paths.iter().filter(|p| p.extension().is_some_and(|e| e == "toml")) {
            let source = crate::intake::read(path).unwrap();
            let intake = crate::intake::parse(&source, &english).unwrap();
            let Some((intake, figures, mut review)) = crate::assemble_figures(&source, &english, intake).unwrap()
            else {
                with_options += 1;
                continue;
            };
            let mut p = crate::build(&source, &english).unwrap();
            let approvers = ["A. Approver".to_string()];
            review.approve(&approvers);
            p.policy.as_mut().unwrap().approve(&approvers);
            let name = path.display().to_string();
            let of_figures = Row::of_figures(&name, "s".into(), &intake, &figures, &review);
            let all = Row::all(&name, "s", &p);
            assert_eq!(all.len(), 1, "{name}");
            assert_eq!(of_figures.cells(), all[0].cells(), "{name}");
            compared += 1;
        }
        assert!(compared >= 10 && with_options >= 1, "{compared} compared, {with_options} with options");
    }

    fn row(input: &str, one_time: &str) -> Row {
        Row { input: input.into(), one_time: Some(one_time.into()), status: "ok", ..Row::default() }
    }

    #[test]
    fn csv_quotes_by_rfc_4180() {
        let mut sink = Sink::csv(Vec::new()).unwrap();
        let mut r = row("a, \"b\".toml", "1.00");
        r.status = "error";
        r.error = Some("bad\nthing".into());
        sink.write(&[r]).unwrap();
        let Sink::Csv(w) = sink else { unreachable!() };
        let out = String::from_utf8(w.into_inner().unwrap()).unwrap();
        assert_eq!(
            out,
            "input,scenario,client,proposal_number,models,one_time,monthly,contract_value,currency,start,end,weeks,policy,status,error\n\
             \"a, \"\"b\"\".toml\",,,,,1.00,,,,,,,,error,\"bad\nthing\"\n"
        );
    }

    #[test]
    fn csv_neutralises_formulas_in_text_columns_but_not_negative_amounts() {
        let mut sink = Sink::csv(Vec::new()).unwrap();
        let mut r = row("=cmd.toml", "-12.50");
        r.scenario = "+1".into();
        r.client = Some("@SUM(A1)".into());
        r.proposal_number = Some("\tx".into());
        r.status = "error";
        r.error = Some("\rbad".into());
        r.monthly = Some("-3.00".into());
        sink.write(&[r]).unwrap();
        let Sink::Csv(w) = sink else { unreachable!() };
        let out = String::from_utf8(w.into_inner().unwrap()).unwrap();
        let line = out.lines().nth(1).unwrap();
        assert_eq!(line, "'=cmd.toml,'+1,'@SUM(A1),'\tx,,-12.50,-3.00,,,,,,,error,\"'\rbad\"");
        assert_eq!(neutralise("Northwind - EU".into()), "Northwind - EU");
        assert_eq!(neutralise("-".into()), "'-");
    }

    #[test]
    fn jsonl_has_the_same_keys() {
        let mut sink = Sink::jsonl(Vec::new());
        sink.write(&[row("a.toml", "1.00")]).unwrap();
        let Sink::Jsonl(out) = sink else { unreachable!() };
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        let mut keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
        keys.sort_unstable();
        let mut expected = COLUMNS.to_vec();
        expected.sort_unstable();
        assert_eq!(keys, expected);
        assert_eq!(v["one_time"], "1.00");
        assert_eq!(v["weeks"], serde_json::Value::Null);
    }

    #[test]
    fn table_aligns_on_the_first_rows() {
        let mut sink = Sink::table(Vec::new());
        sink.write(&[row("a.toml", "1.00"), row("bb.toml", "100.00")]).unwrap();
        let Sink::Table(t) = sink else { unreachable!() };
        let out = String::from_utf8(t.out).unwrap();
        let lines: Vec<&str> = out.lines().collect();
        assert!(lines[0].starts_with("input    scenario"), "{out}");
        let col = lines[0].find("one_time").unwrap();
        assert_eq!(&lines[1][col..col + 8], "    1.00", "{out}");
        assert_eq!(&lines[2][col..col + 8], "  100.00", "{out}");
    }
}
