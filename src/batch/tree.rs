//! Scenarios made on the parsed intake: an input's TOML is parsed once a chunk, and each
//! scenario's tree is that tree with its varied values put in place and every span moved to
//! where the scenario's text has it, so checking the tree locates what it finds exactly as
//! parsing the scenario's text would. Parsing the text again was 30 % of a scenario's
//! instructions (callgrind, 2,000 managed scenarios: `toml`'s parser 184 M of 816 M).

use crate::intake::set::Segment;
use std::ops::Range;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

/// A parsed intake, its strings borrowed from the text it was parsed from.
pub type Tree<'a> = Spanned<DeTable<'a>>;
type Node<'a> = Spanned<DeValue<'a>>;

/// One varied value of a scenario: its span in the base text, where it is, and its TOML text.
#[derive(Debug, Clone)]
pub struct Edit<'a> {
    pub span: Range<usize>,
    pub path: &'a [Segment],
    pub repr: &'a str,
}

/// Parses a base text; `None` when it is not TOML (parsing the text reports why).
pub fn parse(text: &str) -> Option<Tree<'_>> {
    DeTable::parse(text).ok()
}

/// The tree of the base text with `edits` (sorted by span, not overlapping) made: the same
/// tree, spans included, as parsing the text [`crate::intake::set::splice`] makes of them.
/// `None` when an edit's path or value is not what the text plan found (then the scenario's
/// text is parsed instead).
pub fn scenario<'a>(base: &Tree<'a>, edits: &[Edit<'a>]) -> Option<Tree<'a>> {
    let shift = Shift::new(edits);
    let mut root = Node::new(base.span(), DeValue::Table(base.get_ref().clone()));
    shift_node(&mut root, &shift);
    for edit in edits {
        let mut value = DeValue::parse(edit.repr).ok()?;
        let at = shift.at(edit.span.start);
        shift_node(&mut value, &Shift::by(at));
        let target = find(&mut root, edit.path)?;
        // The value the plan spliced must be the node the path reaches.
        if target.span() != (at..at + edit.repr.len()) {
            return None;
        }
        *target = value;
    }
    let span = root.span();
    match root.into_inner() {
        DeValue::Table(t) => Some(Tree::new(span, t)),
        _ => None,
    }
}

/// Where a byte of the base text is in the edited text.
struct Shift {
    /// The end of each replaced span in the base text and the change in length it brings,
    /// in text order.
    ends: Vec<(usize, isize)>,
    /// Added to every position: for a value parsed alone, its place in the text.
    offset: usize,
}

impl Shift {
    fn new(edits: &[Edit<'_>]) -> Shift {
        let ends = edits.iter().map(|e| (e.span.end, e.repr.len() as isize - e.span.len() as isize)).collect();
        Shift { ends, offset: 0 }
    }

    fn by(offset: usize) -> Shift {
        Shift { ends: Vec::new(), offset }
    }

    /// Position `p` moves by every edit that ends at or before it.
    fn at(&self, p: usize) -> usize {
        let moved: isize = self.ends.iter().take_while(|(end, _)| *end <= p).map(|(_, d)| d).sum();
        (p + self.offset).wrapping_add_signed(moved)
    }

    /// Whether no position up to `p` moves.
    fn still(&self, p: usize) -> bool {
        self.offset == 0 && self.ends.first().is_none_or(|(end, _)| *end > p)
    }

    fn span(&self, span: Range<usize>) -> Range<usize> {
        self.at(span.start)..self.at(span.end)
    }
}

/// Moves every span in `node`, keys' included.
fn shift_node(node: &mut Node<'_>, shift: &Shift) {
    let span = shift.span(node.span());
    let mut value = std::mem::replace(node.get_mut(), DeValue::Boolean(false));
    match &mut value {
        DeValue::Array(items) => items.iter_mut().for_each(|item| shift_node(item, shift)),
        // A table's span need not cover its entries (an array of tables is spanned by its
        // first header), so every value is visited; but a table is rebuilt only when a key
        // moves: most of an intake comes before its engagements, and rebuilding every table
        // was half of this function's cost.
        DeValue::Table(table) if table.keys().all(|k| shift.still(k.span().end)) => {
            table.iter_mut().for_each(|(_, v)| shift_node(v, shift));
        }
        // Keys cannot be changed in place: the table is rebuilt (its parse-time flags, which
        // only the parser reads, are not needed to deserialise it).
        DeValue::Table(table) => {
            *table = std::mem::take(table)
                .into_iter()
                .map(|(key, mut v)| {
                    shift_node(&mut v, shift);
                    (Spanned::new(shift.span(key.span()), key.into_inner()), v)
                })
                .collect();
        }
        _ => {}
    }
    *node = Node::new(span, value);
}

/// The node `path` reaches, if it exists.
fn find<'n, 'a>(node: &'n mut Node<'a>, path: &[Segment]) -> Option<&'n mut Node<'a>> {
    let Some((first, rest)) = path.split_first() else { return Some(node) };
    let next = match (first, node.get_mut()) {
        (Segment::Key(k), DeValue::Table(t)) => t.get_mut(k.as_str())?,
        (Segment::Index(i), DeValue::Array(a)) => a.get_mut(*i)?,
        _ => return None,
    };
    find(next, rest)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::batch::{Matrix, Vary};
    use crate::diag::Source;

    /// Every scenario's tree, spans and keys' spans included, is what its text parses to.
    fn same_as_parsed(text: &str, varies: &[&str]) {
        let m = Matrix::new(varies.iter().map(|v| Vary::parse(v).unwrap()).collect()).unwrap();
        let (base, plan) = m.plan(Source::new("a.toml", text)).unwrap();
        let tree = parse(&base.text).unwrap();
        for k in 0..m.len() {
            let s = m.scenario(&base, &plan, k).unwrap();
            let fast = scenario(&tree, &m.edits(&plan, k).unwrap()).unwrap();
            assert_eq!(format!("{fast:?}"), format!("{:?}", parse(&s.text).unwrap()), "{}", m.label(k));
        }
    }

    #[test]
    fn a_scenario_tree_is_its_text_parsed() {
        let acme = include_str!("../../examples/acme-managed.toml");
        same_as_parsed(acme, &["engagement[0].inventory.servers=1,1000", "engagement[0].months=7,24,120"]);
        same_as_parsed(acme, &["engagement[0].tier=24x7-premium,business-hours", "client.name=\"Ünïcödé ✓\",A"]);
        same_as_parsed(acme, &["engagement[0].inventory={ servers = 3 },{}", "proposal.valid_days=10,200"]);
        same_as_parsed(acme, &["holidays=[2026-04-03, 2026-05-25],[]", "discount[0].amount=1.5,20000"]);
        let northwind = include_str!("../../examples/northwind-migration.toml");
        same_as_parsed(northwind, &["engagement[1].months=1,99", "engagement[0].size=small,large", "client.tax_id=X"]);
        same_as_parsed(
            northwind,
            &["proposal.currency=EUR,USD", "objectives=[\"a\"],[]", "engagement[1].inventory.servers=5"],
        );
    }

    #[test]
    fn an_edit_that_misses_its_node_gives_no_tree() {
        let tree = parse("a = 1\nb = 2\n").unwrap();
        let path = [Segment::Key("b".into())];
        assert!(scenario(&tree, &[Edit { span: 10..11, path: &path, repr: "3" }]).is_some());
        assert!(scenario(&tree, &[Edit { span: 4..5, path: &path, repr: "3" }]).is_none());
        let path = [Segment::Key("c".into())];
        assert!(scenario(&tree, &[Edit { span: 10..11, path: &path, repr: "3" }]).is_none());
    }
}
