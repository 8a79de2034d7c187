//! Rebuilds a compiled handlebars template from its parts through handlebars' public
//! constructors: the code build.rs generates for each embedded template calls these, and
//! build.rs itself calls them to learn the one flag it cannot read (see [`helper`]).
//!
//! Shared by the crate and build.rs (`#[path]`), so it names nothing but handlebars.

use handlebars::template::{
    BlockParam, DecoratorTemplate, ExpressionSpec, ExpressionSpecBuilder, HelperTemplate, Parameter, Subexpression,
    Template, TemplateElement,
};
use handlebars::{Path, PathSeg};
use std::collections::HashMap;

/// A template of `elements`, with no line mapping: handlebars offers no way to build one
/// outside the crate (`TemplateMapping` is `#[non_exhaustive]`), so a render error in such a
/// template carries no line; the renderer recompiles it from its text to find the line.
pub fn template(name: Option<&str>, elements: Vec<TemplateElement>) -> Template {
    let mut t = Template::new();
    t.name = name.map(str::to_owned);
    t.elements = elements;
    t
}

/// An empty tag, for handlebars' constructors, whose public fields the caller then sets;
/// `None` if handlebars' builder refuses it (it does not: every field is set). The builder
/// copies each value it is given, so giving it the tag's parameters copied every parameter
/// of every tag: 0.42 M of a `render --format md`'s 7.94 M instructions (fabrikam, callgrind,
/// 2026-12-02).
fn empty() -> Option<ExpressionSpec> {
    let mut b = ExpressionSpecBuilder::default();
    b.name(Parameter::Name(String::new()))
        .params(Vec::new())
        .hash(HashMap::new())
        .omit_pre_ws(false)
        .omit_pro_ws(false);
    b.build().ok()
}

fn hash_map(hash: Vec<(&str, Parameter)>) -> HashMap<String, Parameter> {
    hash.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
}

/// An expression or block: `indent` is handlebars' crate-private `indent_before_write`,
/// which build.rs learns by rebuilding the tag both ways and keeping the one equal to the
/// compiled tag.
#[allow(clippy::too_many_arguments)]
pub fn helper(
    name: Parameter,
    params: Vec<Parameter>,
    hash: Vec<(&str, Parameter)>,
    block_param: Option<BlockParam>,
    body: Option<Template>,
    inverse: Option<Template>,
    flags: [bool; 3],
) -> Option<Box<HelperTemplate>> {
    let [block, chain, indent] = flags;
    let spec = empty()?;
    let mut h =
        if chain { HelperTemplate::new_chain(spec, block, indent) } else { HelperTemplate::new(spec, block, indent) };
    h.name = name;
    h.params = params;
    h.hash = hash_map(hash);
    h.block_param = block_param;
    h.template = body;
    h.inverse = inverse;
    Some(Box::new(h))
}

/// A decorator or partial tag (`indent` as for [`helper`]; `indent_text`, the partial's).
pub fn decorator(
    name: Parameter,
    params: Vec<Parameter>,
    hash: Vec<(&str, Parameter)>,
    body: Option<Template>,
    indent_text: Option<&str>,
    indent: bool,
) -> Option<Box<DecoratorTemplate>> {
    let mut d = DecoratorTemplate::new(empty()?, indent);
    d.name = name;
    d.params = params;
    d.hash = hash_map(hash);
    d.template = body;
    d.indent = indent_text.map(str::to_owned);
    Some(Box::new(d))
}

/// A subexpression `(name params hash)`, as handlebars' parser makes one.
pub fn subexpression(name: Parameter, params: Vec<Parameter>, hash: Vec<(&str, Parameter)>) -> Parameter {
    Parameter::Subexpression(Subexpression::new(name, params, hash_map(hash)))
}

/// A relative path of named segments (`client.name`), `raw` as written.
pub fn path(raw: &str, segments: &[&str]) -> Parameter {
    let segs = segments.iter().map(|s| PathSeg::Named((*s).to_owned())).collect();
    Parameter::Path(Path::Relative((segs, raw.to_owned())))
}

/// A path with `../` or `@root`, whose segment kinds handlebars keeps private: parsed again
/// from its text, once per text and thread. The embedded templates write 41 such paths, 14 of
/// them different, and handlebars' parser took 12 K instructions for each: 0.5 M of a
/// `render --format md` (callgrind, 2026-12-02).
pub fn parsed(raw: &str) -> Option<Parameter> {
    thread_local! {
        static PARSED: std::cell::RefCell<HashMap<String, Option<Parameter>>> = Default::default();
    }
    PARSED.with_borrow_mut(|known| match known.get(raw) {
        Some(p) => p.clone(),
        None => known.entry(raw.to_owned()).or_insert_with(|| Parameter::parse(raw).ok()).clone(),
    })
}

/// A local variable (`@index`, `../@first`): `level` steps up, then `name`; `raw` as written.
pub fn local(level: usize, name: &str, raw: &str) -> Parameter {
    Parameter::Path(Path::Local((level, name.to_owned(), raw.to_owned())))
}
