//! Scenarios made on the parsed intake: an input's TOML is parsed once a chunk, and each
//! scenario's tree is that tree with its varied values put in place. Parsing the text again
//! was 30 % of a scenario's instructions (callgrind, 2,000 managed scenarios: `toml`'s parser
//! 184 M of 816 M).
//!
//! The tree's spans stay the base text's: a put-in value is placed where the value it
//! replaces starts, and nothing after it moves. Spans only locate diagnostics, and a scenario
//! with any diagnostic is parsed again from its own text (`batch::Job::scenario`), so its
//! message is exactly `quote`'s. Moving every span to the scenario's text was a tenth of a
//! scenario (28 M of 273 M instructions for 2,000 managed scenarios, callgrind, 2026-12-01).
//! Spans keep their order within a table, which is all a valid intake reads of them (an
//! option's `set` entries apply in the order written).

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

/// The tree of the base text with `edits` (sorted by span, not overlapping) made, each value
/// spanned from where the one it replaces starts. `None` when an edit's path or value is not
/// what the text plan found (then the scenario's text is parsed instead).
pub fn scenario<'a>(base: &Tree<'a>, edits: &[Edit<'a>]) -> Option<Tree<'a>> {
    let mut root = Node::new(base.span(), DeValue::Table(base.get_ref().clone()));
    for edit in edits {
        let mut value = DeValue::parse(edit.repr).ok()?;
        shift_node(&mut value, edit.span.start);
        let target = find(&mut root, edit.path)?;
        // The value the plan spliced must be the node the path reaches.
        if target.span() != edit.span {
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

/// Moves every span in `node`, keys' included, `by` bytes on.
fn shift_node(node: &mut Node<'_>, by: usize) {
    let moved = |span: Range<usize>| span.start + by..span.end + by;
    let span = moved(node.span());
    let mut value = std::mem::replace(node.get_mut(), DeValue::Boolean(false));
    match &mut value {
        DeValue::Array(items) => items.iter_mut().for_each(|item| shift_node(item, by)),
        // Keys cannot be changed in place: the table is rebuilt (its parse-time flags, which
        // only the parser reads, are not needed to deserialise it).
        DeValue::Table(table) => {
            *table = std::mem::take(table)
                .into_iter()
                .map(|(key, mut v)| {
                    shift_node(&mut v, by);
                    (Spanned::new(moved(key.span()), key.into_inner()), v)
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

    /// A value as text without its spans: keys and values in the tree's order.
    fn plain(v: &DeValue<'_>) -> String {
        match v {
            DeValue::Array(items) => {
                format!("[{}]", items.iter().map(|i| plain(i.get_ref())).collect::<Vec<_>>().join(", "))
            }
            DeValue::Table(t) => {
                let entries: Vec<String> =
                    t.iter().map(|(k, v)| format!("{:?} = {}", k.get_ref(), plain(v.get_ref()))).collect();
                format!("{{{}}}", entries.join(", "))
            }
            scalar => format!("{scalar:?}"),
        }
    }

    /// Every scenario's tree holds what its text parses to, and each table's keys keep the
    /// order of their spans.
    fn same_as_parsed(text: &str, varies: &[&str]) {
        let m = Matrix::new(varies.iter().map(|v| Vary::parse(v).unwrap()).collect()).unwrap();
        let (base, plan) = m.plan(Source::new("a.toml", text)).unwrap();
        let tree = parse(&base.text).unwrap();
        for k in 0..m.len() {
            let s = m.scenario(&base, &plan, k).unwrap();
            let fast = scenario(&tree, &m.edits(&plan, k).unwrap()).unwrap();
            let parsed = parse(&s.text).unwrap();
            let table = |t: &Tree<'_>| plain(&DeValue::Table(t.get_ref().clone()));
            assert_eq!(table(&fast), table(&parsed), "{}", m.label(k));
            assert_eq!(written(&fast.into_inner()), written(&parsed.into_inner()), "{}", m.label(k));
        }
    }

    /// Each table's keys in the order of their spans, nested tables' after: what an intake's
    /// order-sensitive reading (an option's `set` entries) sees.
    fn written(t: &DeTable<'_>) -> Vec<String> {
        let mut keys: Vec<_> = t.iter().collect();
        keys.sort_by_key(|(k, _)| k.span().start);
        let mut out: Vec<String> = keys.iter().map(|(k, _)| k.get_ref().to_string()).collect();
        for (_, v) in keys {
            let mut visit = |v: &DeValue<'_>| {
                if let DeValue::Table(t) = v {
                    out.extend(written(t));
                }
            };
            match v.get_ref() {
                DeValue::Array(items) => items.iter().for_each(|i| visit(i.get_ref())),
                v => visit(v),
            }
        }
        out
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
        let tailspin = include_str!("../../examples/tailspin-options.toml");
        same_as_parsed(
            tailspin,
            &[
                "option[2].set={ \"engagement[0].tier\" = \"business-hours\", \"engagement[0].months\" = 6 },{}",
                "engagement[0].months=6,36",
            ],
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
