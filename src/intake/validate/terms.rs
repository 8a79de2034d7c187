//! The intake's `[terms]`: the contract parameters it sets for this proposal and its own
//! clauses, each checked where it is written.

use super::Checker;
use crate::intake::limits::{MAX_CLAUSES, MAX_PAYMENT_DAYS, MAX_TITLE};
use crate::intake::raw::RawTerms;
use crate::intake::{ContractTerms, OwnClause};
use toml::Spanned;

impl Checker<'_> {
    pub(super) fn terms(&mut self, raw: Spanned<RawTerms>) -> ContractTerms {
        let t = raw.into_inner();
        let payment_days = t.payment_days.as_ref().and_then(|v| {
            let help = "give the days an invoice is payable in, e.g. `payment_days = 30`";
            self.integer(v, "payment_days", 1..=MAX_PAYMENT_DAYS, help).and_then(|d| u32::try_from(d).ok())
        });
        let clauses = if self.at_most(
            &t.clause,
            MAX_CLAUSES,
            "`[[terms.clause]]` tables",
            "keep to the clauses this client needs beyond the catalog's; merge some",
        ) {
            t.clause
                .iter()
                .filter_map(|c| {
                    let c = c.get_ref();
                    let title = self.short_text(&c.title, "terms.clause.title", MAX_TITLE, "as a clause's title");
                    let text = if c.text.get_ref().trim().is_empty() {
                        let help = "write the clause, or remove its `[[terms.clause]]` table";
                        self.error(c.text.span(), "the clause's `text` is empty".to_string(), None, help);
                        None
                    } else {
                        self.prose(&c.text, "text")
                    };
                    Some(OwnClause { title: title?, text: text? })
                })
                .collect()
        } else {
            Vec::new()
        };
        ContractTerms {
            governing_law: self.opt_text(&t.governing_law, "governing_law"),
            venue: self.opt_text(&t.venue, "venue"),
            payment_days,
            clauses,
        }
    }
}
