//! The `t` helper: the templates' own words from the proposal's language pack
//! ([`crate::catalog::strings`]), `{{t "scope.why"}}`, with `{name}` placeholders filled from
//! the call's `name=value` arguments and plural forms picked by `n=COUNT`.
//!
//! A string is the template's own text, written as it stands (it may hold Markdown, as the
//! template around it does). An argument is written as the template would write it: a
//! figure's `*_text` (`start=start_text`) as `{{{start_text}}}` does, any other value escaped
//! as `{{value}}` escapes it, so intake text shows literally. `n` is written with the
//! locale's digits. A key the pack lacks, a placeholder the call does not fill and an
//! argument the string does not use are located template errors, never a blank.

use super::escape;
use crate::catalog::strings::{placeholders, Entry, Strings};
use crate::money::Locale;
use handlebars::{
    Context, Handlebars, Helper, HelperDef, HelperResult, JsonValue as Json, Output, PathAndJson, RenderContext,
    RenderError, RenderErrorReason, ScopedJson,
};
use rust_decimal::Decimal;
use std::cell::RefCell;
use std::str::FromStr;
use std::sync::Arc;

thread_local! {
    /// The pack of the proposal this thread is rendering (a rendering never changes thread).
    static PACK: RefCell<Option<Arc<Strings>>> = const { RefCell::new(None) };
}

/// Sets the pack `t` reads while the proposal's templates render on this thread.
pub(super) fn set(strings: &Arc<Strings>) {
    PACK.with(|p| *p.borrow_mut() = Some(Arc::clone(strings)));
}

/// A mistake in a `t` call, explained for the template's author.
#[derive(Debug)]
pub(super) struct Fault {
    pub message: String,
    pub label: &'static str,
    pub help: String,
}

impl std::fmt::Display for Fault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Fault {}

fn fault(message: String, label: &'static str, help: String) -> RenderError {
    RenderErrorReason::NestedError(Box::new(Fault { message, label, help })).into()
}

pub(super) struct T;

impl HelperDef for T {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, RenderError> {
        Ok(ScopedJson::Derived(Json::String(write(h, ctx)?)))
    }

    /// Writes the string as it stands: escaping is done per argument.
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        out.write(&write(h, ctx)?)?;
        Ok(())
    }
}

/// `{{sentence_separator}}`: what joins two sentences in the proposal's language (a space,
/// or nothing in Japanese), where a template puts two texts side by side.
pub(super) struct SentenceSeparator;

impl HelperDef for SentenceSeparator {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        if !h.params().is_empty() || !h.hash().is_empty() {
            return Err(
                RenderErrorReason::Other("helper `sentence_separator` takes no arguments; remove them".into()).into()
            );
        }
        let language = PACK.with(|p| p.borrow().as_ref().map(|p| p.language()));
        out.write(language.map_or(" ", crate::locale::Language::sentence_separator))?;
        Ok(())
    }
}

fn write(h: &Helper, ctx: &Context) -> Result<String, RenderError> {
    let key = match h.params().as_slice() {
        [p] if !p.is_value_missing() => p.value().as_str(),
        [p] => return Err(RenderError::strict_error(p.relative_path())),
        _ => None,
    };
    let Some(key) = key else {
        return Err(fault(
            format!("helper `t` takes one key, found {} values", h.params().len()),
            "not one key",
            "name the string in quotes, e.g. `{{t \"scope.why\"}}`, then any `name=value` arguments".into(),
        ));
    };
    let pack = PACK
        .with(|p| p.borrow().clone())
        .ok_or_else(|| RenderError::from(RenderErrorReason::Other("helper `t` has no language pack to read".into())))?;
    let Some(entry) = pack.get(key) else {
        let close = crate::diag::did_you_mean(key, pack.keys());
        let rest = format!("the strings are those of {}; add it there and to every pack", pack.shown());
        return Err(fault(
            format!("template uses string `{key}`, which the {} language pack does not have", pack.language().code()),
            "no such string",
            match close {
                Some(c) => format!("did you mean `{c}`? Or {rest}"),
                None => rest.replace("the strings are", "The strings are"),
            },
        ));
    };
    let proposal = ctx.data().get("proposal");
    let field = |key| proposal.and_then(|p| p.get(key)).and_then(Json::as_str);
    let locale = field("locale").and_then(|t| Locale::of_proposal(t, field("language"))).unwrap_or_default();
    let n = match (entry, h.hash_get("n")) {
        (Entry::Plural(_), None) => {
            return Err(fault(
                format!("string `{key}` has plural forms, and this call gives no count"),
                "no count",
                format!("give the count: `{{{{t \"{key}\" n=COUNT}}}}`"),
            ))
        }
        (Entry::Plural(_), Some(n)) => Some(count(n)?),
        (Entry::Text(_), _) => None,
    };
    let text = pack.text(key, n).ok_or_else(|| {
        RenderError::from(RenderErrorReason::Other(format!("string `{key}` has no form for its count")))
    })?;
    let wanted = placeholders(text);
    for name in h.hash().keys() {
        // A plural's count chooses the form even where the form does not write it.
        let counts = *name == "n" && n.is_some();
        if !wanted.contains(name) && !counts {
            return Err(fault(
                format!("string `{key}` has no placeholder `{{{name}}}`, and this call gives `{name}=`"),
                "unused argument",
                format!("remove `{name}=...`, or add `{{{name}}}` to `{key}` in every pack"),
            ));
        }
    }
    fill(key, text, h, n.map(|n| locale.number(n.normalize())))
}

/// The count `n=`: a number, as JSON or as text (money, hours).
fn count(n: &PathAndJson) -> Result<Decimal, RenderError> {
    if n.is_value_missing() {
        return Err(RenderError::strict_error(n.relative_path()));
    }
    let parsed = match n.value() {
        Json::String(s) => Decimal::from_str(s).ok(),
        Json::Number(x) => Decimal::from_str(&x.to_string()).ok(),
        _ => None,
    };
    parsed.ok_or_else(|| {
        fault(
            format!("helper `t` counts with `n`, found `{}`", n.value()),
            "not a number",
            "give `n` a number, e.g. `n=business_days`".into(),
        )
    })
}

/// `text` with each `{name}` replaced by argument `name` (the count's digits for `n`).
fn fill(key: &str, text: &str, h: &Helper, n: Option<String>) -> Result<String, RenderError> {
    let mut out = String::with_capacity(text.len() + 32);
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let len = after.bytes().take_while(|b| b.is_ascii_alphanumeric() || *b == b'_').count();
        if len == 0 || !after[len..].starts_with('}') {
            out.push_str(&rest[..=open]);
            rest = after;
            continue;
        }
        out.push_str(&rest[..open]);
        let name = &after[..len];
        match (name, &n, h.hash_get(name)) {
            ("n", Some(n), _) => out.push_str(n),
            (_, _, Some(v)) => out.push_str(&argument(name, v)?),
            (_, _, None) => {
                return Err(fault(
                    format!("string `{key}` has placeholder `{{{name}}}`, which this call does not fill"),
                    "argument missing",
                    format!("add `{name}=VALUE` to the call"),
                ))
            }
        }
        rest = &after[len + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Argument `name` as the template would write it: a figure's text raw, and what the
/// template itself wrote (a literal, or a helper's output such as a nested `t`, already
/// Markdown) raw; a value from the context escaped. A list or table has no one way to be
/// written, and is refused.
fn argument(name: &str, v: &PathAndJson) -> Result<String, RenderError> {
    if v.is_value_missing() {
        return Err(RenderError::strict_error(v.relative_path()));
    }
    let last = v.relative_path().map(|p| p.rsplit(['.', '/']).next().unwrap_or(p));
    let figure = last.is_some_and(super::context::is_figure_text);
    match v.value() {
        Json::String(s) if figure || v.relative_path().is_none() => Ok(s.clone()),
        Json::String(s) => Ok(escape::markdown(s)),
        Json::Number(x) => Ok(escape::markdown(&x.to_string())),
        Json::Bool(b) => Ok(b.to_string()),
        other => Err(fault(
            format!("argument `{name}` of helper `t` is `{other}`, not a text or number"),
            "not text",
            "give a text or a number, e.g. `name=client.name`".into(),
        )),
    }
}
