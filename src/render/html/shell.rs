//! The page around the body: the shell template `proposal.html.hbs` (HTML-escaping
//! handlebars in strict mode), its data, and its one helper, `t`, which writes a string of
//! the proposal's language pack with its `{placeholders}` filled, every part escaped for
//! HTML. A mistake in a template from `--templates` is a located input error.

use super::choice::Choice;
use super::markup::Body;
use crate::catalog::strings::Strings;
use crate::diag::{Diagnostic, Error, Location, Result, Source};
use crate::proposal::Proposal;
use handlebars::{
    Context, Handlebars, Helper, HelperResult, JsonValue as Json, Output, RenderContext, RenderError, RenderErrorReason,
};
use serde_json::json;
use std::cell::RefCell;
use std::path::Path;
use std::sync::Arc;

/// The shell's file name, which `--templates DIR` replaces it by.
pub const FILE: &str = "proposal.html.hbs";
const NAME: &str = "proposal.html";

thread_local! {
    /// The pack of the proposal this thread is rendering (a rendering never changes thread).
    static PACK: RefCell<Option<Arc<Strings>>> = const { RefCell::new(None) };
}

pub struct Shell {
    hb: Handlebars<'static>,
    source: Source,
    from_user: bool,
}

impl Shell {
    pub fn new(dir: Option<&Path>) -> Result<Shell> {
        let user = match dir {
            Some(dir) if dir.join(FILE).is_file() => crate::folder::read_text(dir, &dir.join(FILE), "template")?,
            _ => None,
        };
        let (shown, text, from_user) = match (dir, user) {
            (Some(dir), Some(text)) => (dir.join(FILE).display().to_string(), text, true),
            _ => (format!("proposal-templates/{FILE}"), crate::embedded::html_template().to_string(), false),
        };
        let source = Source::new(shown, Arc::from(text.as_str()));
        let mut hb = registry();
        // The embedded shell comes compiled at build time (see `markdown::prebuilt`): compiling
        // it here was 46.4 M of the 60.2 M instructions of a `render --format html` (fabrikam).
        let prebuilt = (!from_user).then(|| crate::render::markdown::prebuilt::embedded(FILE, NAME)).flatten();
        let compiled = match prebuilt {
            Some(template) => {
                hb.register_template(NAME, template);
                Ok(())
            }
            None => hb.register_template_string(NAME, &text),
        };
        if let Err(e) = compiled {
            let d = Diagnostic::new(format!("cannot parse template `{FILE}`: {}", e.reason()))
                .help("check the `{{` and `}}` pairs and that each `{{#block}}` has its `{{/block}}`");
            let d = match e.pos() {
                Some((line, col)) => d.at(locate(&source, line, col)),
                None => d.at(Location::file(&source.name)),
            };
            return Err(d.into());
        }
        Ok(Shell { hb, source, from_user })
    }

    pub fn render(&self, p: &Proposal, body: &Body, choice: &Choice) -> Result<String> {
        let theme = super::chart::Colours::of(p);
        let data = json!({
            "lang": p.proposal.language.code(),
            "title": body.title,
            "number": p.proposal.number,
            "revision": p.proposal.revision,
            "content_hash": p.content_hash,
            "draft": p.draft,
            "firm": p.firm.name,
            "client": p.client.name,
            "logo": super::chart::logo(p)?,
            "contents": body.contents,
            "h1": body.h1,
            "body": body.html,
            "choice": choice.view,
            "data": choice.data,
            "colours": theme.css(),
        });
        PACK.with(|pack| *pack.borrow_mut() = Some(Arc::clone(&p.strings)));
        let context = Context::wraps(data).map_err(internal)?;
        let out = self.hb.render_with_context(NAME, &context).map_err(|e| {
            // A template rebuilt at build time has no line mapping: compile its text to say where.
            if self.from_user {
                return e;
            }
            let mut located = registry();
            match located.register_template_string(NAME, &*self.source.text) {
                Ok(()) => located.render_with_context(NAME, &context).err().unwrap_or(e),
                Err(_) => e,
            }
        });
        PACK.with(|pack| *pack.borrow_mut() = None);
        out.map_err(|e| self.error(&e, p.strings.from_user()))
    }

    fn error(&self, e: &RenderError, user_strings: bool) -> Error {
        let mut d = match e.reason() {
            RenderErrorReason::MissingVariable(path) => Diagnostic::new(format!(
                "template uses `{}`, which this proposal does not have",
                path.as_deref().unwrap_or("a value")
            ))
            .label("not in the proposal")
            .help("wrap optional values in `{{#if ...}}`; the page's values are listed in README's \"HTML proposal\""),
            RenderErrorReason::HelperNotFound(name) => {
                Diagnostic::new(format!("template calls helper `{name}`, which does not exist"))
                    .label("unknown helper")
                    .help("the page's one helper is `t`, besides handlebars' built-ins")
            }
            other => Diagnostic::new(format!("cannot render template: {other}")).label("here").help(
                "`t` takes a key of the language pack (`{{t \"html.skip\"}}`) and a value for each of its placeholders",
            ),
        };
        d = match (e.line_no, e.column_no) {
            (Some(line), Some(col)) => d.at(locate(&self.source, line, col)),
            _ => d.at(Location::file(&self.source.name)),
        };
        if self.from_user || user_strings {
            d.into()
        } else {
            Error::Internal(format!("embedded template failed, please report this bug\n{}", d.render(false)))
        }
    }
}

/// The shell's registry: strict, with its one helper.
fn registry() -> Handlebars<'static> {
    let mut hb = Handlebars::new();
    hb.set_strict_mode(true);
    hb.register_helper("t", Box::new(t));
    hb
}

fn internal(e: RenderError) -> Error {
    Error::Internal(format!("cannot set up the page's data: {e}"))
}

/// The location of the tag at 1-based `line` and `col`, caret under the tag.
fn locate(source: &Source, line: usize, col: usize) -> Location {
    let text = &*source.text;
    let line_start: usize = text.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum();
    let rest = &text[line_start.min(text.len())..];
    let start = line_start + rest.char_indices().nth(col.saturating_sub(1)).map_or(rest.len(), |(i, _)| i);
    let tail = &text[start.min(text.len())..];
    let len = if tail.starts_with("{{") { tail.find("}}").map_or(2, |i| i + 2) } else { 1 };
    Location::of(source, start..start + len)
}

/// `{{t "key" name=value ...}}`: the pack's string, its placeholders filled, escaped for
/// HTML; `n=COUNT` picks a plural form and fills `{n}`.
fn t(h: &Helper, _: &Handlebars, _: &Context, _: &mut RenderContext, out: &mut dyn Output) -> HelperResult {
    let key = h.param(0).and_then(|v| v.value().as_str()).ok_or_else(|| other("`t` takes a key in quotes"))?;
    let value = |v: &Json| match v {
        Json::String(s) => s.clone(),
        other => other.to_string(),
    };
    let n = h.hash_get("n").map(|v| value(v.value()));
    let count = n.as_deref().and_then(|n| n.parse::<rust_decimal::Decimal>().ok());
    let text = PACK.with(|pack| {
        let pack = pack.borrow();
        let pack = pack.as_ref().ok_or_else(|| other("no language pack is set"))?;
        pack.text(key, count)
            .map(str::to_string)
            .ok_or_else(|| other(&format!("`{key}` is not a string of {} (or needs `n=`)", pack.shown())))
    })?;
    let mut written = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else { break };
        let name = &rest[open + 1..open + close];
        written.push_str(&super::markup::escape(&rest[..open]));
        let arg = h.hash_get(name).map(|v| value(v.value()));
        let arg = arg.ok_or_else(|| other(&format!("`{key}` needs `{name}=`")))?;
        written.push_str(&super::markup::escape(&arg));
        rest = &rest[open + close + 1..];
    }
    written.push_str(&super::markup::escape(rest));
    out.write(&written)?;
    Ok(())
}

fn other(message: &str) -> RenderError {
    RenderErrorReason::Other(message.to_string()).into()
}
