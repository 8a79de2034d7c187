//! The billing rules an engagement is sold under, in the catalog's words: a fixed price's
//! contingency, time and materials invoiced monthly (and its cap), when managed services
//! start billing. The figures come from the quote and schedule; nothing here computes one.

use crate::catalog::{fill, BillingStart, Catalog};
use crate::intake::{Engagement, Meta, PricingKind, Terms};
use crate::pricing::EngagementQuote;
use crate::schedule::EngagementSchedule;

/// The billing sentences for one engagement, in the order the pricing section states them.
pub(super) fn notes(
    catalog: &Catalog,
    meta: &Meta,
    e: &Engagement,
    q: &EngagementQuote,
    s: &EngagementSchedule,
    title: &str,
) -> Vec<String> {
    let b = &catalog.texts.billing;
    let mut notes = Vec::new();
    if q.lines.iter().any(|l| l.contingency) {
        notes.push(b.contingency_note.clone());
    }
    if let Terms::Project(t) = &e.terms {
        if t.pricing == PricingKind::TimeAndMaterials {
            notes.push(b.time_and_materials.clone());
        }
    }
    if let Some(cap) = q.not_to_exceed {
        notes.push(fill(&b.not_to_exceed, &[("cap", &meta.locale.money(cap.amount(), meta.currency))]));
    }
    if let Terms::Managed(_) = e.terms {
        let date = |d| meta.locale.date(d);
        notes.push(match catalog.pricing.managed.billing_starts {
            BillingStart::Commencement => {
                // The one-time fees named are those the quote charges: no transition fee, no
                // mention of one.
                let transition = q.lines.iter().any(|l| l.label == b.transition && !l.amount.amount().is_zero());
                let text = if transition { &b.managed_commencement } else { &b.managed_commencement_setup };
                fill(text, &[("service", title), ("commencement", &date(s.commencement))])
            }
            BillingStart::Start => fill(&b.managed_start, &[("service", title), ("start", &date(s.start))]),
        });
    }
    notes
}
