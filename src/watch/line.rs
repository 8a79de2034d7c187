//! The line `watch` prints after each render: the time, the proposal's totals, how each
//! changed since the previous render, and the pricing-policy outcome. Amounts are written as
//! the proposal's locale writes them, as the quote's text does.

use crate::locale::Locale;
use crate::money::{Currency, Money};
use crate::proposal::Proposal;
use rust_decimal::Decimal;

/// The totals of one render, kept to compare the next one with.
#[derive(Debug, Clone)]
pub struct Totals {
    pub number: String,
    currency: Currency,
    locale: Locale,
    /// One-time, monthly and contract value, in that order.
    amounts: [Money; 3],
}

impl Totals {
    pub fn of(p: &Proposal) -> Totals {
        let t = &p.offer.totals;
        Totals {
            number: p.proposal.number.clone(),
            currency: t.currency,
            locale: p.proposal.locale,
            amounts: [t.one_time, t.monthly, t.contract_value],
        }
    }
}

/// How the pricing policy came out, and what the render did about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Rendered: `ok`, or the rules broken and ` (approved)` (see `batch::rows::outcome`).
    Rendered(String),
    /// Rendered as a watermarked draft (`--draft`): the rules broken.
    Draft(String),
    /// Not rendered: the rules broken need approval nobody gave.
    Refused(String),
}

/// ANSI styles, or none.
struct Style {
    dim: &'static str,
    bold: &'static str,
    green: &'static str,
    yellow: &'static str,
    red: &'static str,
    reset: &'static str,
}

impl Style {
    fn new(color: bool) -> Style {
        match color {
            true => Style {
                dim: "\x1b[2m",
                bold: "\x1b[1m",
                green: "\x1b[32m",
                yellow: "\x1b[33m",
                red: "\x1b[1;31m",
                reset: "\x1b[0m",
            },
            false => Style { dim: "", bold: "", green: "", yellow: "", red: "", reset: "" },
        }
    }
}

/// The line after a render (without its newline): `12:04:31 CD-2026-014 one-time $52,440.00
/// monthly $9,800.00 contract $162,840.00 → $170,040.00 (+$7,200.00) policy ok`. A total that
/// changed shows its old value, the new one and the difference; `(unchanged)` ends a line whose
/// totals all stayed. The proposal number is escaped as diagnostics escape text, so a line
/// never sends the terminal a control sequence.
pub fn line(time: &str, now: &Totals, before: Option<&Totals>, outcome: &Outcome, color: bool) -> String {
    let s = Style::new(color);
    let money = |t: &Totals, m: Money| t.locale.money(m.amount(), t.currency);
    let mut out = format!("{}{time}{} {}{}{}", s.dim, s.reset, s.bold, crate::diag::escape(&now.number), s.reset);
    let mut changed = false;
    for (i, label) in ["one-time", "monthly", "contract"].into_iter().enumerate() {
        let new = now.amounts[i];
        out += &format!("  {label} ");
        match before.map(|b| (b, b.amounts[i])) {
            Some((b, old)) if b.currency != now.currency => {
                changed = true;
                out += &format!("{} → {}{}{}", money(b, old), s.bold, money(now, new), s.reset);
            }
            Some((b, old)) if old != new => {
                changed = true;
                let diff = new.amount() - old.amount();
                let sign = if diff > Decimal::ZERO { "+" } else { "" };
                let diff = now.locale.money(diff, now.currency);
                out += &format!("{} → {}{}{} ({sign}{diff})", money(b, old), s.bold, money(now, new), s.reset);
            }
            _ => out += &money(now, new),
        }
    }
    let policy = match outcome {
        Outcome::Rendered(o) if o == "ok" => format!("{}ok{}", s.green, s.reset),
        Outcome::Rendered(o) => format!("{}{o}{}", s.yellow, s.reset),
        Outcome::Draft(o) => format!("{}{o} (draft){}", s.yellow, s.reset),
        Outcome::Refused(o) => format!("{}{o}: not rendered, needs approval{}", s.red, s.reset),
    };
    out += &format!("  policy {policy}");
    if before.is_some() && !changed {
        out += &format!("  {}(unchanged){}", s.dim, s.reset);
    }
    out
}

/// A render that failed (the diagnostic printed above it): the last good output stays.
pub fn failed(time: &str, kept: bool, color: bool) -> String {
    let s = Style::new(color);
    let rest = match kept {
        true => "the last good output is kept",
        false => "nothing written yet",
    };
    format!(
        "{}{time}{} {}not rendered{}: see the error above; {rest}; watching for the next save",
        s.dim, s.reset, s.red, s.reset
    )
}

/// The time of day as `HH:MM:SS`, in UTC (outputs never depend on the clock; only this line does).
pub fn clock(now: std::time::SystemTime) -> String {
    let secs = now.duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs()) % 86_400;
    format!("{:02}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn totals(one_time: Decimal, monthly: Decimal, contract: Decimal) -> Totals {
        let currency = Currency::from_code("USD").unwrap();
        Totals {
            number: "CD-1".into(),
            currency,
            locale: Locale::default(),
            amounts: [one_time, monthly, contract].map(|a| Money::round(a, currency)),
        }
    }

    #[test]
    fn the_first_line_shows_the_totals_and_the_next_what_changed() {
        let a = totals(dec!(52440), dec!(9800), dec!(184200));
        let b = totals(dec!(59640), dec!(9800), dec!(191400));
        let ok = Outcome::Rendered("ok".into());
        assert_eq!(
            line("12:04:31", &a, None, &ok, false),
            "12:04:31 CD-1  one-time $52,440.00  monthly $9,800.00  contract $184,200.00  policy ok"
        );
        assert_eq!(
            line("12:04:35", &b, Some(&a), &ok, false),
            "12:04:35 CD-1  one-time $52,440.00 → $59,640.00 (+$7,200.00)  monthly $9,800.00  \
             contract $184,200.00 → $191,400.00 (+$7,200.00)  policy ok"
        );
        assert!(line("t", &a, Some(&b), &ok, false).contains("$191,400.00 → $184,200.00 (\u{2212}$7,200.00)"));
        assert!(line("t", &a, Some(&a), &ok, false).ends_with("policy ok  (unchanged)"));
        let refused = Outcome::Refused("max-discount".into());
        assert!(line("t", &a, None, &refused, false).ends_with("policy max-discount: not rendered, needs approval"));
    }

    #[test]
    fn colour_only_when_asked() {
        let a = totals(dec!(1), dec!(2), dec!(3));
        assert!(!line("t", &a, None, &Outcome::Rendered("ok".into()), false).contains('\x1b'));
        assert!(line("t", &a, None, &Outcome::Rendered("ok".into()), true).contains("\x1b[32mok"));
        assert!(!failed("t", true, false).contains('\x1b'));
    }

    #[test]
    fn the_clock_is_the_time_of_day() {
        let t = std::time::UNIX_EPOCH + std::time::Duration::from_secs(86_400 * 3 + 3600 * 13 + 60 * 4 + 31);
        assert_eq!(clock(t), "13:04:31");
    }
}
