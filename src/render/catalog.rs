//! The catalog as readable text (`propose catalog`).

use crate::catalog::Catalog;
use std::fmt::Write;

pub fn render(c: &Catalog) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "{}: {} (catalog {})\n", c.firm.name, c.firm.tagline, c.firm.version);
    let _ = writeln!(o, "ENGAGEMENT MODELS");
    for m in &c.models {
        let _ = writeln!(o, "\n  {} [{}]: {}", m.title, m.id.id(), m.tagline);
        let _ = writeln!(o, "    {}", m.description);
        let _ = writeln!(o, "    Typical duration: {}. Pricing: {}.", m.typical_duration, m.pricing_model);
        let _ = writeln!(o, "    Ideal for:");
        for s in &m.ideal_for {
            let _ = writeln!(o, "      - {} [{}]", s.title, s.id);
        }
        let _ = writeln!(o, "    How it works:");
        for (i, s) in m.steps.iter().enumerate() {
            let when = match (s.days, s.ongoing) {
                (Some(d), _) => format!(" ({d} business days)"),
                (None, true) => " (ongoing)".to_string(),
                _ => String::new(),
            };
            let _ = writeln!(o, "      {}. {}{when}: {}", i + 1, s.title, s.description);
        }
    }
    let _ = writeln!(o, "\nSLA TIERS");
    for t in &c.tiers {
        let _ = writeln!(o, "\n  {} [{}]: {}; {}", t.name, t.id, t.coverage, t.response_time);
        let _ = writeln!(o, "    Ideal for: {}", t.ideal_for);
        let _ = writeln!(o, "    Includes: {}", t.all_includes.join(", "));
    }
    let _ = writeln!(o, "\nPROCESSES");
    for p in &c.processes {
        let _ = writeln!(o, "\n  {} [{}]: {}", p.name, p.id, p.summary);
        for ph in &p.phases {
            let _ = writeln!(o, "    {} [{}]: {}", ph.name, ph.id, ph.description);
            for a in &ph.activities {
                let _ = writeln!(o, "      - {a}");
            }
            let _ = writeln!(o, "      Outcome: {}", ph.outcome);
        }
    }
    let p = &c.pricing;
    let sample = if p.sample { " (SAMPLE RATES)" } else { "" };
    let _ = writeln!(o, "\nRATE CARD{sample}, {} per hour", p.base_currency);
    if p.sample {
        let _ = writeln!(o, "  {}", p.notice);
    }
    for r in &p.roles {
        let _ = writeln!(o, "  {:<28} {:>8}", r.name, r.rate.get());
    }
    let _ = writeln!(o, "\nMANAGED SERVICES UNIT PRICES{sample}, {} per month (onboarding once)", p.base_currency);
    for i in &p.managed.items {
        let _ =
            writeln!(o, "  {:<28} {:>8} per {} ({} onboarding)", i.name, i.monthly.get(), i.unit, i.onboarding.get());
    }
    for t in &c.tiers {
        let _ = writeln!(o, "  × {} at {}", t.multiplier.get(), t.name);
    }
    let _ = writeln!(o, "\nRETAINER PACKAGES{sample}");
    for pk in &p.advisory.packages {
        let _ = writeln!(o, "  {:<28} from {} h a month, {}% off", pk.name, pk.min_hours, pk.discount_percent.get());
    }
    let _ = writeln!(o, "\nTERMS");
    for clause in &c.terms.clause {
        let kinds: Vec<&str> = clause.applies_to.iter().map(|k| k.id()).collect();
        let _ = writeln!(o, "  - {} ({}): {}", clause.title, kinds.join(", "), clause.text);
    }
    let _ = writeln!(o, "  - {}", c.texts.terms.validity);
    o
}
