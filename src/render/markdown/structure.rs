//! The templates' structure, checked once they are loaded and before any proposal is
//! rendered: how deeply tags nest, and which template includes which (`{{section "x"}}`,
//! `{{> x}}`), so that a cycle of any length is a located error instead of a stack overflow.
//! Every include names its template outright, and inline partials and decorators are refused:
//! both could include a template that no static check can see.

use handlebars::template::{DecoratorTemplate, HelperTemplate, Parameter, TemplateElement};
use handlebars::{JsonValue as Json, Path, Template};

/// The deepest nesting of blocks, or of subexpressions in one tag, a template may have: the
/// shipped templates need four.
pub(super) const MAX_NESTING: usize = 32;

/// A problem at a tag: which template, its 1-based line and column, and what to say.
#[derive(Debug)]
pub(super) struct Found {
    pub template: usize,
    pub line: usize,
    pub col: usize,
    pub message: String,
    pub label: &'static str,
    pub help: String,
}

/// The byte offset of the first tag nested deeper than [`MAX_NESTING`], by a scan of the
/// text (before compiling: parsing and dropping a deeply nested template recurse).
pub(super) fn too_deep(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    let (mut blocks, mut parens, mut in_tag, mut i) = (0usize, 0usize, false, 0);
    while i < b.len() {
        if !in_tag && b[i..].starts_with(b"{{") {
            in_tag = true;
            let mut j = i + 2;
            while j < b.len() && matches!(b[j], b'{' | b'~' | b' ') {
                j += 1;
            }
            match b.get(j) {
                Some(b'#') => blocks += 1,
                Some(b'/') => blocks = blocks.saturating_sub(1),
                _ => {}
            }
            if blocks > MAX_NESTING {
                return Some(i);
            }
            i = j;
            continue;
        }
        if in_tag {
            match b[i] {
                b'(' => parens += 1,
                b')' => parens = parens.saturating_sub(1),
                b'}' if b[i..].starts_with(b"}}") => {
                    in_tag = false;
                    parens = 0;
                }
                _ => {}
            }
            if parens > MAX_NESTING {
                return Some(i);
            }
        }
        i += 1;
    }
    None
}

/// One include: the template it names and the tag's position.
struct Include {
    target: String,
    line: usize,
    col: usize,
}

/// Checks the includes of every template (`names[i]` is template `i`'s name): each names a
/// template outright, and none leads back to where it started.
pub(super) fn check(names: &[&str], templates: &[&Template]) -> Result<(), Found> {
    let mut edges = Vec::with_capacity(templates.len());
    for (i, t) in templates.iter().enumerate() {
        let mut out = Vec::new();
        includes(t, (1, 1), &mut out).map_err(|mut f| {
            f.template = i;
            f
        })?;
        edges.push(out);
    }
    // Depth-first from every template; a grey template met again closes a cycle.
    let mut state = vec![0u8; templates.len()];
    for start in 0..templates.len() {
        let mut path = Vec::new();
        if let Some(found) = visit(start, names, &edges, &mut state, &mut path) {
            return Err(found);
        }
    }
    Ok(())
}

fn visit(at: usize, names: &[&str], edges: &[Vec<Include>], state: &mut [u8], path: &mut Vec<usize>) -> Option<Found> {
    if state[at] != 0 {
        return None;
    }
    state[at] = 1;
    path.push(at);
    for inc in &edges[at] {
        // An unknown name is reported when rendering reaches it, with a suggestion.
        let Some(next) = names.iter().position(|n| *n == inc.target) else { continue };
        if state[next] == 1 {
            let from = path.iter().position(|p| *p == next).unwrap_or(0);
            let cycle: Vec<&str> = path[from..].iter().chain([&next]).map(|i| names[*i]).collect();
            return Some(Found {
                template: at,
                line: inc.line,
                col: inc.col,
                message: format!("templates include each other in a cycle: {}", cycle.join(" → ")),
                label: "closes the cycle",
                help: "remove this include, or the one that leads back here".into(),
            });
        }
        if let Some(found) = visit(next, names, edges, state, path) {
            return Some(found);
        }
    }
    path.pop();
    state[at] = 2;
    None
}

/// The names of the templates `t` includes, so that a run compiles only those it uses; an
/// include that names no template outright is left to [`check`] to refuse.
pub(super) fn targets(t: &Template) -> Vec<String> {
    let mut out = Vec::new();
    // An error here is found again, and reported, by `check`.
    let _ = includes(t, (1, 1), &mut out);
    out.into_iter().map(|i| i.target).collect()
}

/// Collects the includes of `t` (whose tags sit at `at` if the template has no mapping of
/// its own), refusing those whose target is not written out.
fn includes(t: &Template, at: (usize, usize), out: &mut Vec<Include>) -> Result<(), Found> {
    for (i, e) in t.elements.iter().enumerate() {
        let (line, col) = t.mapping.get(i).map_or(at, |m| (m.0, m.1));
        let found = |message: &str, help: &str| Found {
            template: 0,
            line,
            col,
            message: message.into(),
            label: "here",
            help: help.into(),
        };
        match e {
            TemplateElement::Expression(ht) | TemplateElement::HtmlExpression(ht) => {
                if let Some(target) = section(ht).map_err(|_| {
                    found(
                        "`section` needs the template's name in quotes",
                        "write the name out, e.g. `{{section \"pricing\"}}`",
                    )
                })? {
                    out.push(Include { target, line, col });
                }
            }
            TemplateElement::HelperBlock(ht) => {
                for inner in [&ht.template, &ht.inverse].into_iter().flatten() {
                    includes(inner, (line, col), out)?;
                }
            }
            TemplateElement::PartialExpression(d) => {
                let target = partial(d).ok_or_else(|| {
                    found(
                        "a partial's name must be written out",
                        "name the template, e.g. `{{> pricing}}`, or use `{{section \"pricing\"}}`",
                    )
                })?;
                out.push(Include { target, line, col });
            }
            TemplateElement::RawString(_) | TemplateElement::Comment(_) => {}
            // Partial blocks, inline partials and decorators.
            _ => {
                return Err(found(
                    "partial blocks, inline partials and decorators are not supported",
                    "put the text in a template of its own and include it with `{{section \"name\"}}`",
                ));
            }
        }
    }
    Ok(())
}

/// The template a `{{section "x"}}` names: `Ok(None)` for another expression, `Err` for a
/// section whose name is not a literal.
fn section(ht: &HelperTemplate) -> Result<Option<String>, ()> {
    match (&ht.name, ht.params.first()) {
        (Parameter::Name(n), Some(Parameter::Literal(Json::String(s)))) if n == "section" => Ok(Some(s.clone())),
        (Parameter::Name(n), _) if n == "section" => Err(()),
        _ => Ok(None),
    }
}

fn partial(d: &DecoratorTemplate) -> Option<String> {
    match &d.name {
        Parameter::Name(n) => Some(n.clone()),
        Parameter::Path(Path::Relative((_, raw))) => Some(raw.clone()),
        Parameter::Literal(Json::String(s)) => Some(s.clone()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(templates: &[(&str, &str)]) -> Result<(), Found> {
        let names: Vec<&str> = templates.iter().map(|(n, _)| *n).collect();
        let compiled: Vec<Template> = templates.iter().map(|(_, t)| Template::compile(t).unwrap()).collect();
        check(&names, &compiled.iter().collect::<Vec<_>>())
    }

    #[test]
    fn a_cycle_of_any_length_is_found_at_the_include_that_closes_it() {
        let err =
            run(&[("a", "x {{section \"b\"}}"), ("b", "{{#if y}}\n  {{> c}}{{/if}}"), ("c", "\n\n{{section \"a\"}}")])
                .unwrap_err();
        assert_eq!(err.message, "templates include each other in a cycle: a → b → c → a");
        assert_eq!((err.template, err.line, err.col), (2, 3, 1));
        let err = run(&[("a", "{{> a}}")]).unwrap_err();
        assert_eq!(err.message, "templates include each other in a cycle: a → a");
    }

    #[test]
    fn includes_without_a_cycle_pass_and_dynamic_ones_are_refused() {
        assert!(run(&[("a", "{{section \"b\"}}{{> b}}"), ("b", "{{section \"c\"}}"), ("c", "text")]).is_ok());
        for t in ["{{section name}}", "{{> (lookup this \"x\")}}", "{{#*inline \"x\"}}y{{/inline}}", "{{#> b}}y{{/b}}"]
        {
            assert!(run(&[("a", t), ("b", "")]).is_err(), "{t}");
        }
    }

    /// [`super::super::Markdown`] scans only a user's templates.
    #[test]
    fn no_embedded_template_nests_too_deep() {
        for (file, text) in crate::embedded::template_files() {
            assert_eq!(too_deep(text), None, "{file}");
        }
    }

    #[test]
    fn nesting_is_bounded_before_compiling() {
        let deep = "{{#if a}}".repeat(MAX_NESTING + 1);
        assert_eq!(too_deep(&deep), Some(9 * MAX_NESTING));
        let ok = "{{#if a}}x{{/if}}".repeat(1000);
        assert_eq!(too_deep(&ok), None);
        let parens = format!("{{{{x {}1{}}}}}", "(a ".repeat(MAX_NESTING + 1), ")".repeat(MAX_NESTING + 1));
        assert!(too_deep(&parens).is_some());
    }
}
