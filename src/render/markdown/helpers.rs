//! The template helpers: locale-aware formatting of money, dates, numbers and percentages,
//! plurals, numbering, and the Gantt label cleaner. Formatting helpers take the locale and
//! currency from the proposal being rendered (`proposal.locale`, `proposal.currency` in the
//! root context), so one compiled registry serves every proposal. None computes a price.

use super::escape;
use crate::money::{Currency, Locale, Percent};
use chrono::NaiveDate;
use handlebars::{
    Context, Handlebars, Helper, HelperDef, HelperResult, JsonValue as Json, Output, RenderContext, RenderError,
    RenderErrorReason, Renderable, ScopedJson,
};
use rust_decimal::Decimal;
use std::str::FromStr;

/// The helpers a template may call, besides handlebars' built-ins (`if`, `each`, `with`,
/// `lookup`, `eq`, `ne`, `gt`, `lt`, `and`, `or`, `not`, `len`). None reads files or runs code.
pub const NAMES: &[&str] = &["section", "money", "date", "percent", "num", "plural", "inc", "nonzero", "mermaid"];

pub fn register(hb: &mut Handlebars<'static>) {
    hb.register_helper("section", Box::new(Section));
    hb.register_helper("money", Box::new(Unescaped(Text("money", money))));
    hb.register_helper("date", Box::new(Unescaped(Text("date", date))));
    hb.register_helper("percent", Box::new(Unescaped(Text("percent", percent))));
    hb.register_helper("num", Box::new(Unescaped(Text("num", num))));
    hb.register_helper("plural", Box::new(Unescaped(Text("plural", plural))));
    hb.register_helper("inc", Box::new(Unescaped(Text("inc", inc))));
    hb.register_helper("mermaid", Box::new(Unescaped(Text("mermaid", mermaid))));
    hb.register_helper("nonzero", Box::new(Test("nonzero", nonzero)));
}

/// `{{money amount}}`: `$12,345.60`, `12.345,60 €`, `12 345,60 €`, rounded to the currency.
fn money(a: &Args) -> Result<String, RenderError> {
    Ok(a.locale()?.money(a.decimal(0)?, a.currency()?))
}

/// `{{date day}}`: an ISO date written as the locale's letters do (`March 2, 2026`).
fn date(a: &Args) -> Result<String, RenderError> {
    let text = a.str(0)?;
    let day = iso_date(text).ok_or_else(|| a.invalid(format!("expects a date like `2026-03-16`, found `{text}`")))?;
    Ok(a.locale()?.date(day))
}

/// `YYYY-MM-DD`, as the model writes dates. (chrono's format-string parser is several
/// times slower, and dates are the most frequent values in a proposal.)
fn iso_date(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    NaiveDate::from_ymd_opt(text[..4].parse().ok()?, text[5..7].parse().ok()?, text[8..].parse().ok()?)
}

/// `{{percent p}}`: `15%` in English, `15 %` in German and French.
fn percent(a: &Args) -> Result<String, RenderError> {
    Ok(a.locale()?.percent(Percent(a.decimal(0)?)))
}

/// `{{num n}}`: a plain number with the locale's grouping and decimal mark.
fn num(a: &Args) -> Result<String, RenderError> {
    Ok(a.locale()?.number(a.decimal(0)?.normalize()))
}

/// `{{plural count "week" "weeks"}}`: the word that agrees with `count` (escaped, since the
/// words may come from the context).
fn plural(a: &Args) -> Result<String, RenderError> {
    let one = a.decimal(0)? == Decimal::ONE;
    Ok(escape::markdown(a.str(if one { 1 } else { 2 })?))
}

/// `{{inc @index}}`: one more than a whole number, for 1-based numbering.
fn inc(a: &Args) -> Result<String, RenderError> {
    let n = a.param(0)?.as_u64().ok_or_else(|| a.invalid("expects a whole number".into()))?;
    Ok((n + 1).to_string())
}

/// `{{mermaid name}}`: a name made safe for a Gantt line (see [`escape::mermaid`]).
fn mermaid(a: &Args) -> Result<String, RenderError> {
    Ok(escape::mermaid(a.str(0)?))
}

/// `(nonzero amount)`: true unless the amount is zero, whatever its scale (`0`, `0.00`).
fn nonzero(a: &Args) -> Result<bool, RenderError> {
    Ok(!a.decimal(0)?.is_zero())
}

/// `{{section "cover"}}`: renders template `cover` here, in the current context. It does
/// what `{{> cover}}` does without the copy: handlebars clones the whole context for every
/// partial, which for a proposal costs more than rendering it.
struct Section;

impl HelperDef for Section {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        r: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        rc: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        let args = Args { name: "section", h, ctx };
        let name = args.str(0)?;
        let template = r.get_template(name).ok_or_else(|| RenderErrorReason::PartialNotFound(name.to_string()))?;
        let caller = rc.get_current_template_name();
        if caller.is_some_and(|c| c == name) {
            return Err(RenderErrorReason::CannotIncludeSelf.into());
        }
        let result = template.render(r, ctx, rc, out);
        rc.set_current_template_name(caller);
        result
    }
}

/// A helper's parameters and the root context, with errors that name the helper.
struct Args<'a, 'rc> {
    name: &'static str,
    h: &'a Helper<'rc>,
    ctx: &'rc Context,
}

impl Args<'_, '_> {
    /// Parameter `i`; a path missing from the context is a strict-mode error naming it.
    fn param(&self, i: usize) -> Result<&Json, RenderError> {
        let p = self.h.param(i).ok_or(RenderErrorReason::ParamNotFoundForIndex(self.name, i))?;
        if p.is_value_missing() {
            return Err(RenderError::strict_error(p.relative_path()));
        }
        Ok(p.value())
    }

    fn str(&self, i: usize) -> Result<&str, RenderError> {
        let v = self.param(i)?;
        v.as_str().ok_or_else(|| self.invalid(format!("expects text, found `{v}`")))
    }

    /// A number, written in the context as a string (money, hours) or a JSON number.
    fn decimal(&self, i: usize) -> Result<Decimal, RenderError> {
        let v = self.param(i)?;
        let parsed = match v {
            Json::String(s) => Decimal::from_str(s).ok(),
            Json::Number(n) => Decimal::from_str(&n.to_string()).ok(),
            _ => None,
        };
        parsed.ok_or_else(|| self.invalid(format!("expects a number, found `{v}`")))
    }

    fn locale(&self) -> Result<Locale, RenderError> {
        let tag = self.proposal("locale");
        tag.and_then(Locale::from_tag).ok_or_else(|| self.invalid("needs `proposal.locale` in the context".into()))
    }

    fn currency(&self) -> Result<Currency, RenderError> {
        let code = self.proposal("currency");
        code.and_then(Currency::from_code)
            .ok_or_else(|| self.invalid("needs `proposal.currency` in the context".into()))
    }

    /// `proposal.<key>` from the root context. (`Value::pointer` would allocate per call.)
    fn proposal(&self, key: &str) -> Option<&str> {
        self.ctx.data().get("proposal").and_then(|p| p.get(key)).and_then(Json::as_str)
    }

    fn invalid(&self, what: String) -> RenderError {
        RenderErrorReason::Other(format!("helper `{}` {what}", self.name)).into()
    }
}

/// A helper that produces text.
#[derive(Clone, Copy)]
struct Text(&'static str, fn(&Args) -> Result<String, RenderError>);

impl HelperDef for Text {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, RenderError> {
        (self.1)(&Args { name: self.0, h, ctx }).map(|s| ScopedJson::Derived(Json::String(s)))
    }
}

/// A helper that answers a question, for `{{#if (nonzero x)}}`.
struct Test(&'static str, fn(&Args) -> Result<bool, RenderError>);

impl HelperDef for Test {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, RenderError> {
        (self.1)(&Args { name: self.0, h, ctx }).map(|b| ScopedJson::Derived(Json::Bool(b)))
    }
}

/// Writes a helper's text without Markdown escaping: formatted numbers and dates are ours,
/// and Gantt labels sit in a code block, where escapes would show. Writing the text directly
/// also saves the copy handlebars makes of a helper's value.
struct Unescaped(Text);

impl HelperDef for Unescaped {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        r: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        rc: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, RenderError> {
        self.0.call_inner(h, r, ctx, rc)
    }

    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        let Text(name, f) = self.0;
        out.write(&f(&Args { name, h, ctx })?)?;
        Ok(())
    }
}
