//! A PDF that is not byte for byte the proposal: either the proposal followed by an
//! incremental update (see [`update`]), or another file, whose text layer is compared with
//! the proposal's page by page, looking for the facts a client reads first.

mod read;
mod update;

use super::lines;
use super::text::note;
use super::{cut, not_the_proposal, size, File, Identity, Verified, MAX_PDF_SYNTAX_BYTES};
use crate::diag::{Diagnostic, Error, Location, Result};
use crate::proposal::Proposal;

pub(super) fn verify(file: &File, expected: &[u8], p: &Proposal) -> Result<Verified> {
    if file.bytes.len() > expected.len() && file.bytes.starts_with(expected) {
        return update::verify(file, expected, p);
    }
    if file.bytes.len() > MAX_PDF_SYNTAX_BYTES {
        let what = format!(
            "it is a PDF of {} bytes, the proposal's has {}; verify compares the text of PDFs up to {}",
            file.bytes.len(),
            expected.len(),
            size(MAX_PDF_SYNTAX_BYTES)
        );
        return Err(not_the_proposal(file, &Identity::default(), &what, p).into());
    }
    let found = read::load(file.bytes, 0).map_err(|why| unreadable(file, &why))?;
    let found_pages = read::page_texts(&found).map_err(|why| unreadable(file, &why))?;
    let ours = Ours::read(expected)?;
    let cmp = Comparison::new(&ours.pages, &found_pages);
    let text = all_text(&found_pages);
    let identity = Identity::of_text(&text, &p.proposal.number);
    let what = match cmp.count {
        0 => format!(
            "only its bytes differ: its text is the proposal's page for page; it was saved again by another program, or made by {} (this is {})",
            creator(&found).map_or("another program".to_string(), |c| format!("`{c}`")),
            creator(&ours.doc).map_or("propose".to_string(), |c| format!("`{c}`")),
        ),
        _ => cmp.summary(),
    };
    let d = cmp.notes(not_the_proposal(file, &identity, &what, p));
    Err(d.note(key_facts(&text, p)).into())
}

/// The proposal's own PDF, parsed, and the text of its pages.
struct Ours {
    doc: lopdf::Document,
    pages: Vec<Result<String, read::Failure>>,
}

impl Ours {
    fn read(expected: &[u8]) -> Result<Ours> {
        let doc = read::load(expected, expected.len()).map_err(Error::Internal)?;
        let pages = read::page_texts(&doc).map_err(Error::Internal)?;
        Ok(Ours { doc, pages })
    }
}

fn unreadable(file: &File, why: &str) -> Error {
    Diagnostic::new(format!("`{}` is not a readable PDF: {why}", file.name))
        .at(Location::file(file.name))
        .help("`propose render --format pdf` writes the proposal's PDF: render the intake again and send that file")
        .into()
}

/// The document's `/Creator`, if it names one.
fn creator(doc: &lopdf::Document) -> Option<String> {
    let info = doc.trailer.get(b"Info").and_then(|o| o.as_reference()).and_then(|r| doc.get_dictionary(r)).ok()?;
    info.get(b"Creator").ok().and_then(|c| lopdf::decode_text_string(c).ok()).map(|c| cut(&c, 80))
}

fn all_text(pages: &[Result<String, read::Failure>]) -> String {
    pages.iter().filter_map(|p| p.as_ref().ok()).map(String::as_str).collect::<Vec<_>>().join("\n")
}

/// The proposal's pages against the file's, line by line within each page.
struct Comparison {
    /// The pages that differ, 1-based.
    pages: Vec<usize>,
    /// How many lines differ in all, and how many pages each side has.
    count: usize,
    ours: usize,
    theirs: usize,
    /// The first few differences, as notes.
    shown: Vec<String>,
}

impl Comparison {
    fn new(ours: &[Result<String, read::Failure>], theirs: &[Result<String, read::Failure>]) -> Comparison {
        let mut c =
            Comparison { pages: Vec::new(), count: 0, ours: ours.len(), theirs: theirs.len(), shown: Vec::new() };
        for n in 0..ours.len().max(theirs.len()) {
            let text = |pages: &[Result<String, read::Failure>]| match pages.get(n) {
                Some(Ok(t)) => Ok(t.clone()),
                Some(Err(why)) => Err(why.clone()),
                None => Ok(String::new()),
            };
            let (e, f) = (text(ours), text(theirs));
            let page = n + 1;
            let (e, f) = match (e, f) {
                (Ok(e), Ok(f)) => (e, f),
                (_, Err(why)) | (Err(why), _) => {
                    c.pages.push(page);
                    c.count += 1;
                    c.show(format!("page {page}: its text cannot be read: {why}"));
                    continue;
                }
            };
            let diff = lines::diff(e.as_bytes(), f.as_bytes());
            if diff.count == 0 {
                continue;
            }
            c.pages.push(page);
            c.count += diff.count;
            for change in &diff.shown {
                c.show(note(&format!("page {page}, line"), change));
            }
        }
        c
    }

    fn show(&mut self, note: String) {
        if self.shown.len() < lines::SHOWN {
            self.shown.push(note);
        }
    }

    /// "the text of 2 of 7 pages differs (pages 3, 5; 4 lines)", or with the page counts
    /// when they differ.
    fn summary(&self) -> String {
        let mut which = self.pages.iter().take(10).map(usize::to_string).collect::<Vec<_>>().join(", ");
        if self.pages.len() > 10 {
            which += &format!(" and {} more", self.pages.len() - 10);
        }
        let which = match self.pages.len() {
            1 => format!("page {which}"),
            _ => format!("pages {which}"),
        };
        let lines = if self.count == 1 { "1 line".to_string() } else { format!("{} lines", self.count) };
        match self.theirs == self.ours {
            true => format!("the text of {} of {} pages differs ({which}; {lines})", self.pages.len(), self.ours),
            false => format!(
                "it has {}, the proposal {}; the text of {which} differs ({lines})",
                pages(self.theirs),
                self.ours
            ),
        }
    }

    fn notes(&self, mut d: Diagnostic) -> Diagnostic {
        for n in &self.shown {
            d = d.note(n.clone());
        }
        d
    }
}

fn pages(n: usize) -> String {
    if n == 1 {
        "1 page".into()
    } else {
        format!("{n} pages")
    }
}

/// Requires the text layer of `pdf` (the file, whose bytes are the proposal's) to show the
/// facts a client reads first: a PDF that lost text (a name no font could draw) is not the
/// proposal even when a render reproduces it byte for byte.
pub(super) fn require_facts(file: &File, pdf: &[u8], p: &Proposal) -> Result<()> {
    let ours = Ours::read(pdf)?;
    let text: String = all_text(&ours.pages).chars().filter(|c| !c.is_whitespace()).collect();
    let missing: Vec<(&str, String)> = facts(p)
        .into_iter()
        .filter(|(_, v)| !text.contains(&v.chars().filter(|c| !c.is_whitespace()).collect::<String>()))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let list =
        missing.iter().map(|(what, v)| format!("{what} `{}`", read::normalise(v))).collect::<Vec<_>>().join(", ");
    Err(Diagnostic::new(format!("`{}` is the proposal's bytes, but its text does not show {list}", file.name))
        .at(Location::file(file.name))
        .help(
            "the PDF lost text: render it again with the fonts that draw those characters (`--font FILE`), then verify",
        )
        .into())
}

/// The facts a client reads first: the client's name, the proposal number, and the totals
/// as the proposal's locale writes them.
fn facts(p: &Proposal) -> Vec<(&'static str, String)> {
    let (locale, t) = (p.proposal.locale, &p.offer.totals);
    let money = |m: crate::money::Money| locale.money(m.amount(), t.currency);
    let mut facts =
        vec![("the client name", p.client.name.clone()), ("the proposal number", p.proposal.number.clone())];
    if t.has_one_time {
        facts.push(("the one-time total", money(t.one_time)));
    }
    if t.has_monthly {
        facts.push(("the monthly total", money(t.monthly)));
    }
    facts.push(("the contract value", money(t.contract_value)));
    facts
}

/// Which of the [`facts`] the file's text shows.
fn key_facts(text: &str, p: &Proposal) -> String {
    let facts = facts(p);
    let (shown, missing): (Vec<_>, Vec<_>) = facts.iter().partition(|(_, v)| text.contains(&read::normalise(v)));
    let list = |facts: &[&(&str, String)]| {
        facts.iter().map(|(what, v)| format!("{what} `{}`", read::normalise(v))).collect::<Vec<_>>().join(", ")
    };
    match (shown.is_empty(), missing.is_empty()) {
        (_, true) => format!("it shows {}", list(&shown)),
        (true, _) => format!("it does not show {}", list(&missing)),
        _ => format!("it shows {}; it does not show {}", list(&shown), list(&missing)),
    }
}
