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
pub const NAMES: &[&str] = &[
    "section",
    "t",
    "money",
    "date",
    "percent",
    "num",
    "count",
    "plural",
    "inc",
    "nonzero",
    "mermaid",
    "list",
    "gantt",
    "after_colon",
];

/// A helper that writes text.
pub(super) type TextFn = fn(&Args) -> Result<String, RenderError>;

/// The helpers that write text.
const TEXT: [(&str, TextFn); 11] = [
    ("money", money),
    ("date", date),
    ("percent", percent),
    ("num", num),
    ("count", count),
    ("plural", plural),
    ("inc", inc),
    ("mermaid", mermaid),
    ("list", list),
    ("gantt", gantt),
    ("after_colon", after_colon),
];

/// How many values helper `name` takes: `plural` a count and two words, every other one.
pub(super) fn arity(name: &str) -> usize {
    if name == "plural" {
        3
    } else {
        1
    }
}

/// Refuses a call of helper `name` with more or fewer values than it takes, or with
/// `key=value` arguments (none of these reads any; `t`, which does, checks its own): a surplus value is a mistake, never
/// something to ignore.
fn exact(name: &'static str, h: &Helper) -> Result<(), RenderError> {
    let (want, found) = (arity(name), h.params().len());
    if found > want || !h.hash().is_empty() {
        let values = if want == 1 { "one value" } else { "three values" };
        return Err(RenderErrorReason::Other(format!(
            "helper `{name}` takes {values}, found {found}{}; remove the extra arguments",
            if h.hash().is_empty() { "" } else { " and `key=value` arguments" }
        ))
        .into());
    }
    Ok(())
}

pub fn register(hb: &mut Handlebars<'static>) {
    hb.register_helper("section", Box::new(Section));
    hb.register_helper("t", Box::new(super::strings::T));
    hb.register_helper("sentence_separator", Box::new(super::strings::SentenceSeparator));
    hb.register_helper("each", Box::new(super::each::Each));
    for (name, f) in TEXT {
        hb.register_helper(name, Box::new(Unescaped(Text(name, f))));
    }
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
pub(super) fn iso_date(text: &str) -> Option<NaiveDate> {
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

/// `{{count n}}`: a count of things in a sentence, in words from two to twelve where the
/// language has them (`three`, `drei`, `trois`; Japanese `3`), else as `num` writes it.
fn count(a: &Args) -> Result<String, RenderError> {
    let v = a.param(0)?;
    let n = v.as_u64().ok_or_else(|| a.invalid(format!("expects a whole number, found `{v}`")))?;
    Ok(a.locale()?.count(n))
}

/// `{{plural count "week" "weeks"}}`: the word that agrees with `count` (escaped, since the
/// words may come from the context).
fn plural(a: &Args) -> Result<String, RenderError> {
    let one = a.decimal(0)? == Decimal::ONE;
    Ok(escape::markdown(a.str(if one { 1 } else { 2 })?))
}

/// `{{after_colon text}}`: a text after a label's colon, escaped, its first letter lowered
/// where the language writes one so (French "Critère de recette : votre responsable…"; see
/// [`Locale::after_colon`]).
fn after_colon(a: &Args) -> Result<String, RenderError> {
    Ok(escape::markdown(&a.locale()?.after_colon(a.str(0)?)))
}

/// `{{inc @index}}`: one more than a whole number, for 1-based numbering.
fn inc(a: &Args) -> Result<String, RenderError> {
    let v = a.param(0)?;
    let n = v.as_u64().ok_or_else(|| a.invalid(format!("expects a whole number, found `{v}`")))?;
    let next = n.checked_add(1).ok_or_else(|| a.invalid(format!("cannot count past `{n}`")))?;
    Ok(next.to_string())
}

/// `{{mermaid name}}`: a name made safe for a Gantt line (see [`escape::mermaid`]).
fn mermaid(a: &Args) -> Result<String, RenderError> {
    Ok(escape::mermaid(a.str(0)?))
}

/// `{{list items}}`: a bullet list, one escaped item a line (`- item`), without a newline
/// after the last. One call writes the whole list: a `{{#each}}` costs handlebars a scope
/// and a lookup per item, and lists are most of a proposal's lines.
fn list(a: &Args) -> Result<String, RenderError> {
    let v = a.param(0)?;
    let items = v.as_array().ok_or_else(|| a.invalid(format!("expects a list, found `{v}`")))?;
    let mut out = String::new();
    for item in items {
        let text = item.as_str().ok_or_else(|| a.invalid(format!("expects a list of text, found `{item}`")))?;
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str("- ");
        out.push_str(&escape::markdown(text));
    }
    Ok(out)
}

/// `{{gantt engagements}}`: the timeline as a fenced Mermaid Gantt chart, which GitHub and
/// GitLab draw: a section per engagement, a bar per phase and a diamond per milestone. The
/// chart is a machine format with its own escaping ([`escape::mermaid`]), so it is written
/// here in one call rather than line by line in a template.
fn gantt(a: &Args) -> Result<String, RenderError> {
    let v = a.param(0)?;
    let engagements = v.as_array().ok_or_else(|| a.invalid(format!("expects the engagements, found `{v}`")))?;
    let mut out = String::from("```mermaid\ngantt\n    dateFormat YYYY-MM-DD\n    inclusiveEndDates\n");
    for (e, engagement) in engagements.iter().enumerate() {
        let field = |item, key| gantt_field(a, item, key);
        let list = |key: &str| engagement.get(key).and_then(Json::as_array).map_or(&[][..], Vec::as_slice);
        writeln_str(&mut out, &["    section ", &escape::mermaid(field(engagement, "title")?)]);
        for (i, phase) in list("phases").iter().enumerate() {
            let id = format!("e{e}p{i}");
            let (name, start, end) = (field(phase, "name")?, field(phase, "start")?, field(phase, "end")?);
            writeln_str(&mut out, &["    ", &escape::mermaid(name), " :", &id, ", ", start, ", ", end]);
        }
        for (i, milestone) in list("milestones").iter().enumerate() {
            let id = format!("e{e}m{i}");
            let (name, date) = (field(milestone, "name")?, field(milestone, "date")?);
            writeln_str(&mut out, &["    ", &escape::mermaid(name), " :milestone, ", &id, ", ", date, ", 0d"]);
        }
    }
    out.push_str("```");
    Ok(out)
}

fn gantt_field<'j>(a: &Args, item: &'j Json, key: &str) -> Result<&'j str, RenderError> {
    let text = item.get(key).and_then(Json::as_str);
    text.ok_or_else(|| a.invalid(format!("needs text `{key}` in each engagement, phase and milestone")))
}

/// Appends the parts and a newline.
fn writeln_str(out: &mut String, parts: &[&str]) {
    parts.iter().for_each(|p| out.push_str(p));
    out.push('\n');
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
        exact("section", h)?;
        let name = Args::of("section", h, ctx, |args| args.str(0).map(str::to_string))?;
        let template = r.get_template(&name).ok_or_else(|| RenderErrorReason::PartialNotFound(name.clone()))?;
        let caller = rc.get_current_template_name();
        if caller.is_some_and(|c| *c == name) {
            return Err(RenderErrorReason::CannotIncludeSelf.into());
        }
        let result = super::budget::Budget::deeper(|| template.render(r, ctx, rc, out));
        rc.set_current_template_name(caller);
        result
    }
}

/// The most parameters a helper of ours reads.
pub(super) const MAX_PARAMS: usize = 4;

/// One parameter of a helper call: its value, or `None` when its path is not in the data,
/// and that path as the template wrote it.
#[derive(Clone, Copy)]
pub(super) struct Param<'a> {
    pub value: Option<&'a Json>,
    pub path: Option<&'a str>,
}

impl Param<'_> {
    pub const NONE: Param<'static> = Param { value: None, path: None };
}

/// A helper's parameters and the root data, with errors that name the helper.
pub(super) struct Args<'a> {
    name: &'static str,
    params: &'a [Param<'a>],
    root: &'a Json,
}

impl<'a> Args<'a> {
    /// Calls `f` with the parameters of handlebars' call `h`.
    fn of<T>(name: &'static str, h: &Helper, ctx: &Context, f: impl FnOnce(&Args) -> T) -> T {
        let mut params = [Param::NONE; MAX_PARAMS];
        for (slot, p) in params.iter_mut().zip(h.params()) {
            let value = (!p.is_value_missing()).then(|| p.value());
            *slot = Param { value, path: p.relative_path().map(String::as_str) };
        }
        f(&Args { name, params: &params[..h.params().len().min(MAX_PARAMS)], root: ctx.data() })
    }

    /// Parameter `i`; a path missing from the data is a strict-mode error naming it.
    fn param(&self, i: usize) -> Result<&'a Json, RenderError> {
        let p = self.params.get(i).ok_or(RenderErrorReason::ParamNotFoundForIndex(self.name, i))?;
        p.value.ok_or_else(|| RenderError::strict_error(p.path.map(str::to_string).as_ref()))
    }

    fn str(&self, i: usize) -> Result<&'a str, RenderError> {
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
        tag.and_then(|t| Locale::of_proposal(t, self.proposal("language")))
            .ok_or_else(|| self.invalid("needs `proposal.locale` in the context".into()))
    }

    fn currency(&self) -> Result<Currency, RenderError> {
        let code = self.proposal("currency");
        code.and_then(Currency::from_code)
            .ok_or_else(|| self.invalid("needs `proposal.currency` in the context".into()))
    }

    /// `proposal.<key>` from the root context. (`Value::pointer` would allocate per call.)
    fn proposal(&self, key: &str) -> Option<&str> {
        self.root.get("proposal").and_then(|p| p.get(key)).and_then(Json::as_str)
    }

    fn invalid(&self, what: String) -> RenderError {
        RenderErrorReason::Other(format!("helper `{}` {what}", self.name)).into()
    }
}

/// A helper that produces text.
#[derive(Clone, Copy)]
struct Text(&'static str, TextFn);

impl HelperDef for Text {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, RenderError> {
        exact(self.0, h)?;
        Args::of(self.0, h, ctx, self.1).map(|s| ScopedJson::Derived(Json::String(s)))
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
        exact(self.0, h)?;
        Args::of(self.0, h, ctx, self.1).map(|b| ScopedJson::Derived(Json::Bool(b)))
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
        exact(name, h)?;
        out.write(&Args::of(name, h, ctx, f)?)?;
        Ok(())
    }
}
