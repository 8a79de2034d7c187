//! `{{#each}}`, as handlebars 6 writes it (lists and objects, `@index`, `@first`, `@last`,
//! `@key`, block parameters, `{{else}}`), with every item counted against the proposal's
//! [`Budget`]: handlebars' own `each` cannot be metered, and nested loops with an empty body
//! would otherwise run unseen.

use super::budget::Budget;
use handlebars::{
    BlockContext, BlockParams, Context, Handlebars, Helper, HelperDef, HelperResult, JsonValue as Json, Output,
    RenderContext, RenderError, RenderErrorReason, Renderable,
};

pub struct Each;

impl HelperDef for Each {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        r: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        rc: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        let value = h.param(0).ok_or(RenderErrorReason::ParamNotFoundForIndex("each", 0))?;
        let Some(t) = h.template() else { return Ok(()) };
        let items: Vec<(Json, &Json)> = match value.value() {
            Json::Array(list) if !list.is_empty() || h.inverse().is_none() => {
                list.iter().enumerate().map(|(i, v)| (Json::from(i), v)).collect()
            }
            Json::Object(obj) if !obj.is_empty() || h.inverse().is_none() => {
                obj.iter().map(|(k, v)| (Json::from(k.as_str()), v)).collect()
            }
            _ => {
                return match h.inverse() {
                    Some(inverse) => inverse.render(r, ctx, rc, out),
                    None if r.strict_mode() => Err(RenderError::strict_error(value.relative_path())),
                    None => Ok(()),
                };
            }
        };
        Budget::items(items.len())?;
        let path = value.context_path();
        let mut block = BlockContext::new();
        match path {
            Some(p) => block.base_path_mut().clone_from(p),
            None => block.set_base_value(value.value().clone()),
        }
        rc.push_block(block);
        let len = items.len();
        for (i, (key, v)) in items.into_iter().enumerate() {
            if let Some(block) = rc.block_mut() {
                block.set_local_var("first", Json::Bool(i == 0));
                block.set_local_var("last", Json::Bool(i + 1 == len));
                block.set_local_var("index", Json::from(i));
                let segment = match &key {
                    Json::String(k) => {
                        block.set_local_var("key", key.clone());
                        k.clone()
                    }
                    _ => i.to_string(),
                };
                match path {
                    Some(p) if i == 0 => {
                        let mut base = p.clone();
                        base.push(segment);
                        *block.base_path_mut() = base;
                    }
                    Some(_) => {
                        if let Some(last) = block.base_path_mut().last_mut() {
                            *last = segment;
                        }
                    }
                    None => block.set_base_value(v.clone()),
                }
                block_params(block, h, path.is_some(), &key, v)?;
            }
            t.render(r, ctx, rc, out)?;
        }
        rc.pop_block();
        Ok(())
    }
}

fn block_params<'rc>(
    block: &mut BlockContext<'rc>,
    h: &Helper<'rc>,
    by_path: bool,
    key: &Json,
    v: &Json,
) -> Result<(), RenderError> {
    let mut params = BlockParams::new();
    let (value, key_name) = match (h.block_param(), h.block_param_pair()) {
        (Some(name), _) => (name, None),
        (None, Some((name, key_name))) => (name, Some(key_name)),
        (None, None) => return Ok(()),
    };
    if by_path {
        params.add_path(value, Vec::new())?;
    } else {
        params.add_value(value, v.clone())?;
    }
    if let Some(key_name) = key_name {
        params.add_value(key_name, key.clone())?;
    }
    block.set_block_params(params);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Renders `template` with handlebars' own `each`, then with ours: they must agree.
    fn same_as_handlebars(template: &str, data: &Json) -> String {
        let mut theirs = Handlebars::new();
        theirs.set_strict_mode(true);
        theirs.register_template_string("t", template).unwrap();
        let mut ours = Handlebars::new();
        ours.set_strict_mode(true);
        ours.register_helper("each", Box::new(Each));
        ours.register_template_string("t", template).unwrap();
        let (a, b) = (theirs.render("t", data), ours.render("t", data));
        match (a, b) {
            (Ok(a), Ok(b)) => {
                assert_eq!(a, b, "{template}");
                b
            }
            (Err(a), Err(b)) => {
                assert_eq!(a.to_string(), b.to_string(), "{template}");
                String::new()
            }
            (a, b) => panic!("{template}: handlebars {a:?}, ours {b:?}"),
        }
    }

    #[test]
    fn renders_what_handlebars_each_renders() {
        let data = serde_json::json!({
            "title": "T",
            "rows": [{"name": "a", "tags": ["x", "y"]}, {"name": "b", "tags": []}],
            "map": {"k1": {"v": 1}, "k2": {"v": 2}},
            "empty": [], "none": {}, "one": "text",
        });
        for template in [
            "{{#each rows}}{{@index}}{{@first}}{{@last}} {{name}} {{../title}} {{this.name}}\n{{/each}}",
            "{{#each rows}}{{#each tags}}[{{this}} {{../name}} {{@../index}}]{{else}}none{{/each}}{{/each}}",
            "{{#each map}}{{@key}}={{v}} {{@index}}{{@first}}{{@last}};{{/each}}",
            "{{#each rows as |row i|}}{{i}}:{{row.name}} {{/each}}",
            "{{#each map as |value key|}}{{key}}:{{value.v}} {{/each}}",
            "{{#each empty}}x{{else}}empty{{/each}}|{{#each none}}x{{else}}none{{/each}}|{{#each empty}}x{{/each}}",
            "{{#each one}}x{{else}}not a list{{/each}}",
            "{{#each missing}}x{{else}}missing{{/each}}",
            "{{#each missing}}x{{/each}}",
            "{{#with rows}}{{#each this}}{{name}}{{/each}}{{/with}}",
            "{{#each (lookup this \"rows\")}}{{name}}{{@index}}{{/each}}",
        ] {
            same_as_handlebars(template, &data);
        }
    }

    #[test]
    fn counts_every_item_against_the_budget() {
        let data = serde_json::json!({"rows": [1, 2, 3]});
        let mut hb = Handlebars::new();
        hb.register_helper("each", Box::new(Each));
        let deep = format!("{}{}", "{{#each @root.rows}}".repeat(12), "{{/each}}".repeat(12));
        hb.register_template_string("t", deep).unwrap();
        Budget::start();
        let err = hb.render("t", &data).unwrap_err().to_string();
        assert!(err.contains("more than 200000 list items"), "{err}");
    }
}
