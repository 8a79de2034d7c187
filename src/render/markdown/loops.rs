//! `{{#for list}}…{{/for}}`: `{{#each}}` for lists, with a fast path.
//!
//! handlebars resolves every `{{value}}` from the root of the data, copying each step of its
//! path, and builds a call for every helper: about 3,000 instructions a value, which made the
//! loops of a proposal most of its render time. When a loop's body only writes values
//! (`{{name}}`, `{{{name}}}`, `this`, `@index`, `@first`, `@last`, `../`, `@root`), calls this
//! crate's text helpers with values and literals, and nests `{{#if}}`, `{{#unless}}`,
//! `{{#each}}` and `{{#for}}` over the same, `for` renders each item itself, looking values up
//! in the item. Any other body is rendered by handlebars, item by item, exactly as `{{#each}}`
//! does; so is an item the fast path cannot finish (a missing value, a helper's error), so
//! the text and the errors are always handlebars' own. `tests/it/markdown.rs` renders every
//! example both ways and compares.

use super::budget::{Budget, MAX_OUTPUT};
use super::helpers::{self, Args, Param, MAX_PARAMS};
use handlebars::template::{HelperTemplate, Parameter, TemplateElement};
use handlebars::{
    BlockContext, Context, Handlebars, Helper, HelperDef, HelperResult, JsonRender, JsonTruthy, JsonValue as Json,
    Output, Path, RenderContext, RenderError, RenderErrorReason, Renderable, Template,
};

/// Names a bare `{{name}}` cannot take as a value: handlebars calls the helper instead.
const BUILT_IN: [&str; 17] = [
    "if", "unless", "each", "with", "lookup", "raw", "log", "eq", "ne", "gt", "gte", "lt", "lte", "and", "or", "not",
    "len",
];

/// The `for` helper.
pub struct For;

impl HelperDef for For {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        r: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        rc: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        let param = h.param(0).ok_or(RenderErrorReason::ParamNotFoundForIndex("for", 0))?;
        if h.params().len() > 1 || !h.hash().is_empty() {
            let what = "helper `for` takes one list; remove the extra arguments";
            return Err(RenderErrorReason::Other(what.into()).into());
        }
        if param.is_value_missing() {
            return Err(RenderError::strict_error(param.relative_path()));
        }
        let Json::Array(items) = param.value() else {
            let found = param.value();
            return Err(RenderErrorReason::Other(format!("helper `for` expects a list, found `{found}`")).into());
        };
        if h.block_param().is_some() {
            let what = "helper `for` takes no block parameters; use `{{#each list as |item|}}` for those";
            return Err(RenderErrorReason::Other(what.into()).into());
        }
        let Some(body) = h.template() else { return Ok(()) };
        Budget::items(items.len())?;
        if items.is_empty() {
            return h.inverse().map_or(Ok(()), |t| t.render(r, ctx, rc, out));
        }
        let fast = supported(body).then(|| Fast { root: ctx.data(), escape: r.get_escape_fn() });
        let (mut scopes, mut text) = (Vec::new(), String::new());
        for (i, item) in items.iter().enumerate() {
            if let Some(fast) = &fast {
                scopes.clear();
                scopes.push(Scope::new(item, i, items.len()));
                text.clear();
                if fast.template(body, &mut scopes, &mut text).is_some() {
                    out.write(&text)?;
                    continue;
                }
            }
            slow(h, i, r, ctx, rc, out)?;
        }
        Ok(())
    }
}

/// Renders item `i` of `h`'s list through handlebars, in the block `{{#each}}` sets up.
fn slow<'reg: 'rc, 'rc>(
    h: &Helper<'rc>,
    i: usize,
    r: &'reg Handlebars<'reg>,
    ctx: &'rc Context,
    rc: &mut RenderContext<'reg, 'rc>,
    out: &mut dyn Output,
) -> HelperResult {
    let (Some(param), Some(body)) = (h.param(0), h.template()) else { return Ok(()) };
    let len = param.value().as_array().map_or(0, Vec::len);
    let mut block = BlockContext::new();
    match param.context_path() {
        Some(path) => {
            let base = block.base_path_mut();
            base.extend(path.iter().cloned());
            base.push(i.to_string());
        }
        None => block.set_base_value(param.value()[i].clone()),
    }
    block.set_local_var("first", Json::Bool(i == 0));
    block.set_local_var("last", Json::Bool(i + 1 == len));
    block.set_local_var("index", Json::from(i));
    rc.push_block(block);
    let result = body.render(r, ctx, rc, out);
    rc.pop_block();
    result
}

/// Whether the fast path knows every construct of `t` (values are only known when rendering).
fn supported(t: &Template) -> bool {
    t.elements.iter().all(|e| match e {
        TemplateElement::RawString(_) | TemplateElement::Comment(_) => true,
        TemplateElement::Expression(ht) | TemplateElement::HtmlExpression(ht) => plain(ht) && expression_supported(ht),
        TemplateElement::HelperBlock(ht) => plain(ht) && block_supported(ht),
        _ => false,
    })
}

/// No hash arguments and no block parameters.
fn plain(ht: &HelperTemplate) -> bool {
    ht.hash.is_empty() && ht.block_param.is_none()
}

fn expression_supported(ht: &HelperTemplate) -> bool {
    match &ht.name {
        Parameter::Path(path) if ht.params.is_empty() => !names_helper(path),
        Parameter::Name(name) => {
            let params_ok = ht.params.iter().all(|p| matches!(p, Parameter::Path(_) | Parameter::Literal(_)));
            helpers::text(name).is_some() && ht.params.len() == helpers::arity(name) && params_ok
        }
        _ => false,
    }
}

fn block_supported(ht: &HelperTemplate) -> bool {
    let known = matches!(&ht.name, Parameter::Name(n) if ["if", "unless", "each", "for"].contains(&n.as_str()));
    let one_path = matches!(ht.params.as_slice(), [Parameter::Path(_)]);
    known && one_path && ht.template.as_ref().is_none_or(supported) && ht.inverse.as_ref().is_none_or(supported)
}

/// Whether a bare `{{path}}` is a helper call in handlebars' eyes.
fn names_helper(path: &Path) -> bool {
    let Path::Relative((_, raw)) = path else { return false };
    helpers::NAMES.contains(&raw.as_str()) || BUILT_IN.contains(&raw.as_str())
}

/// One item being rendered, and the loop variables handlebars gives it.
struct Scope<'a> {
    this: &'a Json,
    index: Json,
    first: Json,
    last: Json,
}

impl<'a> Scope<'a> {
    fn new(this: &'a Json, i: usize, len: usize) -> Scope<'a> {
        Scope { this, index: Json::from(i), first: Json::Bool(i == 0), last: Json::Bool(i + 1 == len) }
    }
}

/// The fast path. Each method returns `None` when handlebars has to render the item instead.
struct Fast<'a> {
    root: &'a Json,
    escape: &'a dyn Fn(&str) -> String,
}

impl<'a> Fast<'a> {
    fn template(&self, t: &'a Template, scopes: &mut Vec<Scope<'a>>, out: &mut String) -> Option<()> {
        for e in &t.elements {
            match e {
                TemplateElement::RawString(text) => out.push_str(text),
                TemplateElement::Comment(_) => {}
                TemplateElement::Expression(ht) => self.expression(ht, scopes, out, true)?,
                TemplateElement::HtmlExpression(ht) => self.expression(ht, scopes, out, false)?,
                TemplateElement::HelperBlock(ht) => self.block(ht, scopes, out)?,
                _ => return None,
            }
            // Past the budget, handlebars renders the item and reports the error.
            if out.len() > MAX_OUTPUT {
                return None;
            }
        }
        Some(())
    }

    /// `{{value}}` (escaped), `{{{value}}}`, or a text helper's call, whose text is written as is.
    fn expression(&self, ht: &'a HelperTemplate, scopes: &[Scope<'a>], out: &mut String, escape: bool) -> Option<()> {
        let name = match &ht.name {
            Parameter::Path(path) => {
                let text = self.lookup(path, scopes)??.render();
                out.push_str(&if escape { (self.escape)(&text) } else { text });
                return Some(());
            }
            Parameter::Name(name) => name,
            _ => return None,
        };
        let (name, f) = helpers::text(name)?;
        let mut params = [Param::NONE; MAX_PARAMS];
        for (slot, p) in params.iter_mut().zip(&ht.params) {
            let value = match p {
                Parameter::Path(path) => self.lookup(path, scopes)?,
                Parameter::Literal(v) => Some(v),
                _ => return None,
            };
            *slot = Param { value: Some(value?), path: None };
        }
        out.push_str(&f(&Args::new(name, &params[..ht.params.len()], self.root)).ok()?);
        Some(())
    }

    /// `{{#if}}`, `{{#unless}}` (a missing value is false, as in handlebars) and loops.
    fn block(&self, ht: &'a HelperTemplate, scopes: &mut Vec<Scope<'a>>, out: &mut String) -> Option<()> {
        let (Parameter::Name(name), [Parameter::Path(path)]) = (&ht.name, ht.params.as_slice()) else { return None };
        match name.as_str() {
            "if" | "unless" => {
                let truthy = self.lookup(path, scopes)?.is_some_and(|v| v.is_truthy(false));
                let branch = if truthy == (name == "if") { &ht.template } else { &ht.inverse };
                if let Some(t) = branch {
                    self.template(t, scopes, out)?;
                }
            }
            _ => {
                let Json::Array(items) = self.data(path, scopes)?? else { return None };
                let Some(body) = &ht.template else { return Some(()) };
                if items.is_empty() {
                    return ht.inverse.as_ref().map_or(Some(()), |t| self.template(t, scopes, out));
                }
                // Past the budget, handlebars renders the item and reports the error.
                Budget::items(items.len()).ok()?;
                for (i, item) in items.iter().enumerate() {
                    scopes.push(Scope::new(item, i, items.len()));
                    let done = self.template(body, scopes, out);
                    scopes.pop();
                    done?;
                }
            }
        }
        Some(())
    }

    /// The value at `path`: `Some(None)` if it is not in the data, `None` if the path goes where
    /// the fast path cannot follow (above the loop, or a `[literal]` segment).
    fn lookup<'s>(&self, path: &Path, scopes: &'s [Scope<'a>]) -> Option<Option<&'s Json>> {
        let Path::Local((level, name, _)) = path else { return self.data(path, scopes) };
        let scope = scopes.len().checked_sub(level + 1).map(|i| &scopes[i])?;
        match name.as_str() {
            "index" => Some(Some(&scope.index)),
            "first" => Some(Some(&scope.first)),
            "last" => Some(Some(&scope.last)),
            _ => None,
        }
    }

    /// [`Fast::lookup`] of a path into the data (not a loop variable), which outlives the scopes.
    fn data(&self, path: &Path, scopes: &[Scope<'a>]) -> Option<Option<&'a Json>> {
        let Path::Relative((_, raw)) = path else { return None };
        let (level, rest) = up(raw);
        let (mut value, rest) = match rest.strip_prefix("@root") {
            Some(rest) => (self.root, rest),
            None => (scopes.len().checked_sub(level + 1).map(|i| scopes[i].this)?, rest),
        };
        let rest = match rest.strip_prefix("this") {
            Some(after) if after.is_empty() || after.starts_with(['.', '/']) => after,
            _ => rest,
        };
        for key in rest.split(['.', '/']).filter(|k| !k.is_empty()) {
            if key.starts_with(['[', '@']) || key == ".." || key == "this" {
                return None;
            }
            let next = match value {
                Json::Object(m) => m.get(key),
                Json::Array(a) => a.get(key.parse::<usize>().ok()?),
                _ => None,
            };
            let Some(next) = next else { return Some(None) };
            value = next;
        }
        Some(Some(value))
    }
}

/// How many `../` a path starts with, and the rest (a leading `./` dropped).
fn up(raw: &str) -> (usize, &str) {
    let mut rest = raw.strip_prefix("./").unwrap_or(raw);
    let mut level = 0;
    while let Some(r) = rest.strip_prefix("../") {
        level += 1;
        rest = r;
    }
    (level, rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Renders `template`, with partial `row` (a `for` loop) at hand.
    fn render(template: &str, data: serde_json::Value) -> Result<String, RenderError> {
        render_with(template, "{{#for rows}}- {{name}}\n{{/for}}", data)
    }

    fn render_with(template: &str, row: &str, data: serde_json::Value) -> Result<String, RenderError> {
        let mut hb = Handlebars::new();
        hb.set_strict_mode(true);
        hb.set_prevent_indent(true);
        hb.register_escape_fn(super::super::escape::markdown);
        super::super::helpers::register(&mut hb);
        hb.register_template_string("t", template).unwrap();
        hb.register_template_string("row", row).unwrap();
        hb.render("t", &data)
    }

    /// The same template with `{{#each}}`, which `for` must match.
    fn as_each(template: &str) -> String {
        template.replace("{{#for ", "{{#each ").replace("{{/for}}", "{{/each}}")
    }

    fn same_as_each(template: &str, data: serde_json::Value) -> String {
        let row = "{{#for rows}}- {{name}}\n{{/for}}";
        let fast = render_with(template, row, data.clone()).unwrap();
        let each = render_with(&as_each(template), &as_each(row), data).unwrap();
        assert_eq!(fast, each, "for and each differ on {template}");
        fast
    }

    #[test]
    fn writes_values_locals_and_conditions_as_each_does() {
        let data = serde_json::json!({
            "title": "T", "proposal": {"locale": "en-US", "currency": "USD"},
            "rows": [{"name": "a*b", "n": 1, "ok": true, "tags": ["x", "y"]}, {"name": "c", "n": 2, "ok": false, "tags": []}]
        });
        let t = "{{#for rows}}{{@index}}{{#if @first}}F{{/if}}{{#unless @last}},{{/unless}} {{name}} {{{name}}} {{this.n}} \
                 {{#if ok}}yes{{else}}no{{/if}} {{plural n \"day\" \"days\"}} {{@root.title}} \
                 {{#each tags}}[{{this}}{{../name}}{{@../index}}]{{else}}none{{/each}}\n{{/for}}";
        assert_eq!(same_as_each(t, data), "0F, a\\*b a*b 1 yes day T [xa\\*b0][ya\\*b0]\n1 c c 2 no days T none\n");
    }

    #[test]
    fn inside_an_indented_partial_as_each() {
        let data = serde_json::json!({"rows": [{"name": "a"}, {"name": "b"}]});
        assert_eq!(same_as_each("list:\n  {{> row}}\nend", data), "list:\n  - a\n- b\nend");
    }

    #[test]
    fn leaves_what_it_does_not_know_to_handlebars() {
        let data = serde_json::json!({"outer": "O", "rows": [{"a": 1}, {"a": 0}]});
        // A parent value above the loop, a subexpression, a hash argument.
        for t in [
            "{{#for rows}}{{../outer}}{{/for}}",
            "{{#for rows}}{{#if (eq a 1)}}one{{/if}}{{/for}}",
            "{{#for rows}}{{#if a includeZero=true}}y{{/if}}{{/for}}",
        ] {
            same_as_each(t, data.clone());
        }
    }

    #[test]
    fn a_missing_value_is_handlebars_strict_error() {
        let data = serde_json::json!({"rows": [{"a": 1}]});
        // `{{b}}` is at column 14 after `{{#for rows}}`, and at 15 after `{{#each rows}}`.
        let fast = render("{{#for rows}}{{b}}{{/for}}", data.clone()).unwrap_err().to_string();
        let each = render("{{#each rows}}{{b}}{{/each}}", data).unwrap_err().to_string();
        assert_eq!(fast.replace("col 14", "col 15"), each);
        assert!(fast.contains("line 1, col 14") && fast.contains(r#"Some("b")"#), "{fast}");
    }

    #[test]
    fn block_parameters_are_an_error_that_points_to_each() {
        let data = serde_json::json!({"rows": [{"a": 1}]});
        let err = render("{{#for rows as |row|}}{{row.a}}{{/for}}", data).unwrap_err().to_string();
        assert!(err.contains("takes no block parameters") && err.contains("{{#each list as |item|}}"), "{err}");
    }

    #[test]
    fn the_list_and_gantt_helpers_say_what_they_expect() {
        let data =
            serde_json::json!({"one": "x", "mixed": ["a", 1], "bad": [{"title": "T", "phases": [{"name": "P"}]}]});
        let cases = [
            ("{{list one}}", "helper `list` expects a list, found `\"x\"`"),
            ("{{list mixed}}", "helper `list` expects a list of text, found `1`"),
            ("{{gantt one}}", "helper `gantt` expects the engagements"),
            ("{{gantt bad}}", "helper `gantt` needs text `start` in each engagement, phase and milestone"),
        ];
        for (template, expected) in cases {
            let err = render(template, data.clone()).unwrap_err().to_string();
            assert!(err.contains(expected), "{template}: {err}");
        }
    }

    #[test]
    fn empty_lists_render_the_else_branch_and_non_lists_are_errors() {
        let data = serde_json::json!({"rows": [], "one": {"a": 1}});
        assert_eq!(render("{{#for rows}}x{{else}}empty{{/for}}", data.clone()).unwrap(), "empty");
        assert!(render("{{#for one}}x{{/for}}", data.clone()).unwrap_err().to_string().contains("expects a list"));
        assert!(render("{{#for nothing}}x{{/for}}", data.clone()).is_err());
        let err = render("{{#for}}x{{/for}}", data).unwrap_err().to_string();
        assert!(err.contains("for") && err.contains("not found"), "{err}");
    }
}
