//! Typesetting the model: the catalog's wording in the proposal's spelling (en-GB respells it) and
//! the intake's prose with curly quotes (the language's: „…“, « … ») and en dashes, each hour
//! bound to its am or pm (`6 pm`), applied once the model is assembled, so every renderer writes
//! the same text. The rules themselves live in `spelling` and `typography`.

use super::{Offer, Proposal};
use crate::intake::Intake;

impl Proposal {
    /// The catalog's wording in the proposal's spelling (en-GB respells it), and the
    /// intake's prose with curly quotes and en dashes, so every output says the same.
    pub(super) fn typeset(mut self, intake: &Intake, spelling: &crate::spelling::Map) -> Proposal {
        let locale = self.proposal.locale;
        let quotes = self.proposal.language.quotes();
        let spell = |s: &mut String| {
            if let std::borrow::Cow::Owned(o) = spelling.respell(s, locale) {
                *s = o;
            }
            bind(s);
        };
        let curl = |s: &mut String| {
            if let std::borrow::Cow::Owned(o) = crate::typography::curl_with(s, quotes) {
                *s = o;
            }
            bind(s);
        };
        // An option's description is the intake's, typed as its author set it.
        self.options.iter_mut().flat_map(|o| &mut o.description).for_each(bind);
        typeset_offer(&mut self.offer, intake, spelling);
        [&mut self.firm.tagline, &mut self.firm.intro].into_iter().for_each(spell);
        if self.proposal.title.is_none() {
            spell(&mut self.title);
        }
        [&mut self.so_far, &mut self.working.title, &mut self.working.response_title].into_iter().for_each(spell);
        for i in &mut self.working.items {
            [&mut i.title, &mut i.description].into_iter().for_each(spell);
        }
        self.working.response_times.iter_mut().for_each(spell);
        let t = &mut self.terms;
        spell(&mut t.validity);
        t.master_agreement.iter_mut().chain(&mut t.sample).for_each(spell);
        for c in &mut t.clauses {
            if c.own {
                [&mut c.title, &mut c.text].into_iter().for_each(curl);
            } else {
                [&mut c.title, &mut c.text].into_iter().for_each(spell);
            }
        }
        self.next_steps.steps.iter_mut().for_each(spell);
        self.objectives.iter_mut().chain(&mut self.assumptions).chain(&mut self.exclusions).for_each(curl);
        for row in &mut self.objective_plan {
            curl(&mut row.objective);
        }
        self
    }
}

/// `s` with each hour bound to its am or pm (typography::bind_hours).
fn bind(s: &mut String) {
    if let std::borrow::Cow::Owned(o) = crate::typography::bind_hours(s) {
        *s = o;
    }
}

/// An offer's catalog wording in the proposal's spelling (en-GB respells it), its intake's
/// own (a title or a `why` the intake gives) with curly quotes and en dashes instead. Every
/// offer a proposal holds, the recommended one's and each option's, goes through here
/// before anything is derived from it, so none keeps the catalog's en-US spelling.
pub fn typeset_offer(offer: &mut Offer, intake: &Intake, spelling: &crate::spelling::Map) {
    let locale = intake.meta.locale;
    let written = locale.in_language(intake.meta.language);
    let quotes = intake.meta.language.quotes();
    let spell = |s: &mut String| {
        if let std::borrow::Cow::Owned(o) = spelling.respell(s, locale) {
            *s = o;
        }
        bind(s);
    };
    let curl = |s: &mut String| {
        if let std::borrow::Cow::Owned(o) = crate::typography::curl_with(s, quotes) {
            *s = o;
        }
        bind(s);
    };
    for (e, given) in offer.engagements.iter_mut().zip(&intake.scope.engagements) {
        if given.title.is_none() {
            spell(&mut e.title);
        }
        // The why follows a label's colon: the catalog's is lowered where the language
        // writes so (French); the consultant's own stays as written, since only its author
        // knows whether its first word is a name ("Azure").
        match &given.why {
            Some(_) => e.why.iter_mut().for_each(curl),
            None => e.why.iter_mut().for_each(|s| {
                spell(s);
                *s = written.after_colon(s);
            }),
        }
        [&mut e.summary, &mut e.model_title, &mut e.tagline, &mut e.typical_duration, &mut e.pricing_model]
            .into_iter()
            .for_each(spell);
        e.billing_notes.iter_mut().for_each(spell);
        if let Some(p) = &mut e.project {
            [&mut p.scenario, &mut p.process, &mut p.process_summary].into_iter().for_each(spell);
        }
        if let Some(a) = &mut e.advisory {
            a.monthly.iter_mut().for_each(spell);
        }
        if let Some(m) = &mut e.managed {
            let t = &mut m.tier;
            [&mut t.name, &mut t.level, &mut t.coverage, &mut t.response_time, &mut t.review_cadence]
                .into_iter()
                .for_each(spell);
            t.includes.iter_mut().for_each(spell);
        }
    }
    for l in &mut offer.line_items {
        spell(&mut l.line.label);
    }
    for ph in &mut offer.phases {
        [&mut ph.name, &mut ph.description].into_iter().for_each(spell);
        ph.activities.iter_mut().chain(&mut ph.deliverables).for_each(spell);
        ph.acceptance.iter_mut().chain(&mut ph.cadence).for_each(spell);
        ph.interim.iter_mut().for_each(|m| spell(&mut m.acceptance));
    }
    for m in &mut offer.milestones {
        [&mut m.name, &mut m.acceptance].into_iter().for_each(spell);
    }
    for pay in &mut offer.payment_schedule {
        spell(&mut pay.label);
    }
    let plan = &mut offer.payment_plan;
    for row in plan.rows.iter_mut() {
        spell(&mut row.label);
    }
    // The plan names engagements as the proposal now spells them.
    let titles = |i: usize| offer.engagements.get(i).map(|e| e.title.clone()).unwrap_or_default();
    for row in plan.rows.iter_mut() {
        row.engagement_title = titles(row.engagement);
    }
    for split in &mut plan.splits {
        split.engagement_title = titles(split.engagement);
    }
}
