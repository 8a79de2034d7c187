//! The client's proposal as Markdown (GFM), from handlebars templates: `proposal.md.hbs`
//! and one template per section (included with `{{section "name"}}`), embedded from
//! `proposal-templates/`; `--templates DIR` replaces any of them by file name. The embedded
//! templates come compiled at build time ([`prebuilt`]), the user's are compiled once per run;
//! rendering builds the template data and fills them in.
//!
//! Every `{{value}}` is escaped for Markdown ([`escape::markdown`]), so intake text shows
//! literally; `{{{value}}}` writes it raw. Strict mode turns a missing value into an error
//! that points at the template line, never a blank in a client's proposal. Formatting lives
//! in [`helpers`]; the data templates see is built in [`context`].

mod budget;
mod context;
mod each;
pub mod escape;
mod headings;
mod helpers;
pub(crate) mod prebuilt;
// The generated code calls what the embedded templates need (no partial tags today).
#[allow(dead_code)]
mod rebuild;
mod strings;
mod structure;

use crate::diag::{did_you_mean, one_of, Diagnostic, Error, Location, Result, Source};
use crate::proposal::Proposal;
use handlebars::{Context, Handlebars, JsonValue as Json, RenderError, RenderErrorReason, TemplateError};
use std::path::Path;
use std::sync::Arc;

const SUFFIX: &str = ".md.hbs";

/// The compiled templates, reused for every proposal of a run.
pub struct Markdown {
    hb: Handlebars<'static>,
    templates: Vec<Template>,
    /// The template rendered first, which includes the sections (the edition's).
    main: &'static str,
}

/// One template's text and where it came from, kept to point diagnostics into it.
struct Template {
    /// The file name, e.g. `cover.md.hbs`; the registered name drops the suffix (`cover`).
    file: &'static str,
    /// Shown in diagnostics: the path in `--templates DIR`, or the embedded path.
    shown: String,
    text: Arc<str>,
    from_user: bool,
}

impl Template {
    fn name(&self) -> &'static str {
        self.file.strip_suffix(SUFFIX).unwrap_or(self.file)
    }
}

type Compiled = std::result::Result<handlebars::Template, TemplateError>;

/// Compiles the templates `which` (indices into `templates`): the embedded ones come compiled
/// ([`prebuilt`]); the user's are compiled here, about half the work on a second thread, as
/// each template compiles on its own. Handlebars' cost grows with the square of a template's
/// length (it rescans the text for each tag's line), so the halves are balanced by that.
fn compile_some(templates: &[Template], which: &[usize]) -> Vec<(usize, Compiled)> {
    let mut ready = Vec::new();
    let mut rest = Vec::new();
    for &i in which {
        let t = &templates[i];
        match (!t.from_user).then(|| prebuilt::embedded(t.file, t.name())).flatten() {
            Some(compiled) => ready.push((i, Ok(compiled))),
            None => rest.push(i),
        }
    }
    let mut all = compile_texts(templates, &rest);
    all.extend(ready);
    all.sort_by_key(|(i, _)| *i);
    all
}

/// Compiles the templates `which` from their text, on two threads (see [`compile_some`]).
fn compile_texts(templates: &[Template], which: &[usize]) -> Vec<(usize, Compiled)> {
    if which.len() < 2 {
        return which.iter().map(|i| (*i, compile_text(&templates[*i]))).collect();
    }
    let cost = |i: usize| templates[i].text.len().pow(2) as i128;
    let mut by_cost = which.to_vec();
    by_cost.sort_by_key(|i| std::cmp::Reverse(cost(*i)));
    let (mut mine, mut other, mut load) = (Vec::new(), Vec::new(), 0i128);
    for i in by_cost {
        if load <= 0 {
            mine.push(i);
            load += cost(i);
        } else {
            other.push(i);
            load -= cost(i);
        }
    }
    let compile =
        |is: &[usize]| -> Vec<(usize, Compiled)> { is.iter().map(|i| (*i, compile_text(&templates[*i]))).collect() };
    let mut all = std::thread::scope(|scope| {
        let second = scope.spawn(|| compile(&other));
        let mut all = compile(&mine);
        match second.join() {
            Ok(rest) => all.extend(rest),
            // A panic in the other thread is a bug in handlebars; compile those here instead.
            Err(_) => all.extend(compile(&other)),
        }
        all
    });
    all.sort_by_key(|(i, _)| *i);
    all
}

/// Template `t` compiled from its text, each tag mapped to its line and column.
fn compile_text(t: &Template) -> Compiled {
    handlebars::Template::compile_with_name(&*t.text, t.name().to_string())
}

impl Markdown {
    /// Compiles the embedded templates, each replaced by its namesake in `dir` if given, for
    /// the full edition. Unknown file names, unreadable files and syntax errors are input errors.
    pub fn new(dir: Option<&Path>) -> Result<Markdown> {
        Markdown::for_edition(dir, crate::render::Edition::Full)
    }

    /// As [`Markdown::new`], rendering `edition`'s document: its main template and the sections
    /// it includes. Only the embedded templates that document includes are compiled (the
    /// others are known to compile: a test compiles them all); every template from `dir` is.
    pub fn for_edition(dir: Option<&Path>, edition: crate::render::Edition) -> Result<Markdown> {
        let mut templates: Vec<Template> = crate::embedded::template_files()
            .iter()
            .map(|(file, text)| Template {
                file,
                shown: format!("proposal-templates/{file}"),
                text: Arc::from(*text),
                from_user: false,
            })
            .collect();
        if let Some(dir) = dir {
            load_overrides(dir, &mut templates)?;
        }
        Markdown::compile(templates, edition.main_template())
    }

    /// The embedded templates with some replaced by text (`(file name, text)`, names as in
    /// `proposal-templates/`; others are ignored). For tests and the fuzz target.
    pub fn from_texts(files: &[(&str, &str)]) -> Result<Markdown> {
        let templates = crate::embedded::template_files()
            .iter()
            .map(|(file, text)| {
                let given = files.iter().find(|(n, _)| n == file);
                Template {
                    file,
                    shown: if given.is_some() {
                        format!("<test>/{file}")
                    } else {
                        format!("proposal-templates/{file}")
                    },
                    text: Arc::from(given.map_or(*text, |(_, t)| *t)),
                    from_user: given.is_some(),
                }
            })
            .collect();
        Markdown::compile(templates, crate::render::Edition::Full.main_template())
    }

    fn compile(templates: Vec<Template>, main: &'static str) -> Result<Markdown> {
        let mut hb = Handlebars::new();
        hb.set_strict_mode(true);
        // A partial goes in as written, as a `{{section}}` does.
        hb.set_prevent_indent(true);
        hb.register_escape_fn(escape::markdown);
        helpers::register(&mut hb);
        // Only a user's template can nest too deep: the embedded ones are held under the bound
        // by a test, and scanning their text was 0.66 M of a `render --format md`'s 11.3 M
        // instructions (callgrind, 2026-12-02).
        for t in templates.iter().filter(|t| t.from_user) {
            if let Some(at) = structure::too_deep(&t.text) {
                let source = Source::new(t.shown.clone(), t.text.clone());
                return Err(Diagnostic::new(format!(
                    "template `{}` nests blocks or subexpressions more than {} deep",
                    t.file,
                    structure::MAX_NESTING
                ))
                .at(Location::of(&source, at..at + 2))
                .label("too deep")
                .help("close some `{{#block}}`s or `(subexpressions)` before opening more")
                .into());
            }
        }
        // The main template and the templates from the user, then whatever those include,
        // until nothing new is included.
        let mut compiled: Vec<Option<handlebars::Template>> = vec![None; templates.len()];
        let mut next: Vec<usize> =
            (0..templates.len()).filter(|i| templates[*i].from_user || templates[*i].name() == main).collect();
        while !next.is_empty() {
            for (i, c) in compile_some(&templates, &next) {
                compiled[i] = Some(c.map_err(|e| syntax_error(&templates[i], &e))?);
            }
            let mut wanted: Vec<usize> = next
                .iter()
                .filter_map(|i| compiled[*i].as_ref())
                .flat_map(structure::targets)
                .filter_map(|name| templates.iter().position(|t| t.name() == name))
                .filter(|i| compiled[*i].is_none())
                .collect();
            wanted.sort_unstable();
            wanted.dedup();
            next = wanted;
        }
        let used: Vec<usize> = (0..templates.len()).filter(|i| compiled[*i].is_some()).collect();
        let names: Vec<&str> = used.iter().map(|i| templates[*i].name()).collect();
        let refs: Vec<&handlebars::Template> = compiled.iter().flatten().collect();
        if let Err(first) = structure::check(&names, &refs) {
            // The embedded templates came without their lines (see [`prebuilt`]): a failure is
            // the rare path, so compile every one from its text and check again to locate it.
            let texts: Vec<handlebars::Template> =
                used.iter().filter_map(|i| compile_text(&templates[*i]).ok()).collect();
            let located = if texts.len() == used.len() {
                structure::check(&names, &texts.iter().collect::<Vec<_>>()).err()
            } else {
                None
            };
            let f = located.unwrap_or(first);
            let d = Diagnostic::new(f.message).at(locate(&templates[used[f.template]], f.line, f.col)).label(f.label);
            return Err(d.help(f.help).into());
        }
        for (t, c) in templates.iter().zip(compiled) {
            if let Some(c) = c {
                hb.register_template(t.name(), c);
            }
        }
        Ok(Markdown { hb, templates, main })
    }

    /// The proposal as GFM: deterministic, tidy (no trailing spaces, no runs of blank
    /// lines), its headings numbered ([`headings`]) and ending with a single newline.
    pub fn render(&self, p: &Proposal) -> Result<String> {
        let mut data = context::build(p)?;
        // The brief edition's payment plan names each payment's engagement before it, not in
        // a column of its own, and heads its share column shortly.
        let brief = self.main == crate::render::Edition::Brief.main_template();
        let several = data["view"]["several"] == Json::Bool(true);
        data["view"]["brief"] = Json::Bool(brief);
        data["view"]["engagement_column"] = Json::Bool(several && !brief);
        data["view"]["engagement_named"] = Json::Bool(several && brief);
        // Two pages hold the summaries of two engagements; three or more keep to their tables.
        data["view"]["summaries"] = Json::Bool(!brief || p.offer.engagements.len() <= 2);
        let ctx = Context::from(data);
        strings::set(&p.strings);
        let (mut out, mut result) = self.run(&self.hb, &ctx);
        if result.as_ref().is_err_and(|e| self.unlocated(e)) {
            // Errors are the rare path: the embedded templates came compiled without their
            // lines ([`prebuilt`]), so the failing render runs again with them compiled from
            // their text, which points the error at its tag.
            let (again, located) = self.run(&self.located(), &ctx);
            if located.is_err() {
                (out, result) = (again, located);
            }
        }
        if out.exceeded {
            return Err(self.budget_error(result.err()));
        }
        result.map_err(|e| self.render_error(&e, ctx.data(), p.strings.from_user()))?;
        let raw = String::from_utf8(out.bytes).map_err(|_| Error::Internal("handlebars wrote invalid UTF-8".into()))?;
        Ok(headings::number(&tidy(&raw)))
    }

    /// Renders the main template with `hb`, on a fresh budget: what it wrote, and how it ended.
    fn run(&self, hb: &Handlebars<'static>, ctx: &Context) -> (budget::Limited, std::result::Result<(), RenderError>) {
        budget::Budget::start();
        let mut out = budget::Limited::default();
        let result = hb.render_with_context_to_write(self.main, ctx, &mut out);
        (out, result)
    }

    /// Whether `e` happened in an embedded template that came without its lines.
    fn unlocated(&self, e: &RenderError) -> bool {
        e.line_no.is_none()
            && self.templates.iter().any(|t| !t.from_user && Some(t.name()) == e.template_name.as_deref())
    }

    /// The registry with each embedded template it holds compiled from its text, so that
    /// errors carry their lines.
    fn located(&self) -> Handlebars<'static> {
        let mut hb = self.hb.clone();
        for t in self.templates.iter().filter(|t| !t.from_user && self.hb.has_template(t.name())) {
            if let Ok(compiled) = compile_text(t) {
                hb.register_template(t.name(), compiled);
            }
        }
        hb
    }

    /// The Markdown grew past its budget: pointed at the tag that was writing, when known.
    fn budget_error(&self, e: Option<RenderError>) -> Error {
        let mut d = Diagnostic::new(format!(
            "the proposal's Markdown would be larger than {} MB",
            budget::MAX_OUTPUT / (1024 * 1024)
        ))
        .help("a template repeats too much text; check loops nested in loops over the same lists");
        let at = e.as_ref().and_then(|e| {
            let t = self.templates.iter().find(|t| Some(t.name()) == e.template_name.as_deref())?;
            Some(match (e.line_no, e.column_no) {
                (Some(line), Some(col)) => locate(t, line, col),
                _ => Location::file(&t.shown),
            })
        });
        if let Some(at) = at {
            d = d.at(at).label("still writing here");
        }
        d.into()
    }

    /// `user_strings`: the language pack comes from the catalog folder, so a string it lacks
    /// is the input's fault, not a bug.
    fn render_error(&self, e: &RenderError, data: &Json, user_strings: bool) -> Error {
        let template = e.template_name.as_deref().and_then(|n| self.templates.iter().find(|t| t.name() == n));
        let mut d = describe(e.reason(), data, &self.templates);
        if let Some(t) = template {
            d = d.at(match (e.line_no, e.column_no) {
                (Some(line), Some(col)) => locate(t, line, col),
                _ => Location::file(&t.shown),
            });
        }
        // A spent budget comes from the size of the input (a large catalog and many engagements)
        // as much as from a template.
        if self.templates.iter().any(|t| t.from_user) || user_strings || budget::Budget::spent() {
            d.into()
        } else {
            // The embedded templates render every valid proposal; failing is a bug.
            Error::Internal(format!("embedded template failed, please report this bug\n{}", d.render(false)))
        }
    }
}

/// The data the templates see for `p` (see [`context`]), for the HTML page's chooser.
pub(crate) fn data(p: &Proposal) -> Result<Json> {
    context::build(p)
}

/// Replaces embedded templates with the files in `dir`, by name, read as
/// [`crate::folder::read_text`] reads them. Dotfiles are skipped.
fn load_overrides(dir: &Path, templates: &mut [Template]) -> Result<()> {
    let read_err = |source| Error::Read { path: dir.to_path_buf(), source };
    let mut paths = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(read_err)? {
        paths.push(entry.map_err(read_err)?.path());
    }
    paths.sort();
    for path in paths {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        // Dotfiles, and the HTML page's shell, which `render::html` reads.
        if name.starts_with('.') || name == crate::render::html::SHELL_FILE {
            continue;
        }
        let shown = path.display().to_string();
        let Some(t) = templates.iter_mut().find(|t| t.file == name) else {
            let mut files: Vec<&str> = crate::embedded::template_files().iter().map(|(f, _)| *f).collect();
            files.push(crate::render::html::SHELL_FILE);
            let rest = format!(
                "a template directory replaces embedded templates by file name: {}",
                one_of(files.iter().copied())
            );
            return Err(Diagnostic::new(format!("unknown template `{name}` in `{}`", dir.display()))
                .at(Location::file(&shown))
                .help(suggest(did_you_mean(&name, files.iter().copied()), &rest))
                .into());
        };
        let Some(text) = crate::folder::read_text(dir, &path, "template")? else { continue };
        *t = Template { file: t.file, shown, text: Arc::from(text), from_user: true };
    }
    Ok(())
}

fn syntax_error(t: &Template, e: &TemplateError) -> Error {
    let d = Diagnostic::new(format!("cannot parse template `{}`: {}", t.file, e.reason()))
        .help("check the `{{` and `}}` pairs and that each `{{#block}}` has its `{{/block}}`");
    match e.pos() {
        Some((line, col)) => d.at(locate(t, line, col)),
        None => d.at(Location::file(&t.shown)),
    }
    .into()
}

/// What went wrong while rendering, in words a template author can act on.
fn describe(reason: &RenderErrorReason, data: &Json, templates: &[Template]) -> Diagnostic {
    let names = || templates.iter().map(Template::name);
    match reason {
        RenderErrorReason::MissingVariable(path) => {
            let path = path.as_deref().unwrap_or("a value");
            let last = path.rsplit(['.', '/']).next().unwrap_or(path);
            let mut keys = Vec::new();
            collect_keys(data, &mut keys);
            let rest = "the values are those of `propose quote --format json`; wrap optional ones in `{{#if ...}}`";
            Diagnostic::new(format!("template uses `{path}`, which this proposal does not have"))
                .label("not in the proposal")
                .help(suggest(did_you_mean(last, keys.iter().copied()), rest))
        }
        RenderErrorReason::PartialNotFound(name) => {
            let rest = format!("partials are named by file name without `{SUFFIX}`");
            Diagnostic::new(format!("template includes `{name}`, which is not a template"))
                .label("no such partial")
                .help(suggest(did_you_mean(name, names()), &rest))
        }
        RenderErrorReason::HelperNotFound(name) => {
            Diagnostic::new(format!("template calls helper `{name}`, which does not exist"))
                .label("unknown helper")
                .help(format!("the helpers are {} and handlebars' built-ins", one_of(helpers::NAMES.iter().copied())))
        }
        RenderErrorReason::NestedError(e) if e.is::<strings::Fault>() => match e.downcast_ref::<strings::Fault>() {
            Some(f) => Diagnostic::new(f.message.clone()).label(f.label).help(f.help.clone()),
            None => Diagnostic::new(format!("cannot render template: {reason}")),
        },
        other => Diagnostic::new(format!("cannot render template: {other}")),
    }
}

/// "did you mean `x`? Rest of the help." when there is a close name, else the help alone.
fn suggest(close: Option<&str>, rest: &str) -> String {
    let Some(close) = close else { return rest.to_string() };
    let mut chars = rest.chars();
    let first = chars.next().map(|c| c.to_uppercase().collect::<String>()).unwrap_or_default();
    format!("did you mean `{close}`? {first}{}", chars.as_str())
}

/// Every object key in the data, for did-you-mean on a missing value.
fn collect_keys<'a>(v: &'a Json, out: &mut Vec<&'a str>) {
    match v {
        Json::Object(m) => m.iter().for_each(|(k, x)| {
            out.push(k);
            collect_keys(x, out);
        }),
        Json::Array(a) => a.iter().for_each(|x| collect_keys(x, out)),
        _ => {}
    }
}

/// The location of the tag at 1-based `line` and `col` of template `t`, caret under the tag.
fn locate(t: &Template, line: usize, col: usize) -> Location {
    let text = &*t.text;
    let line_start: usize = text.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum();
    let rest = &text[line_start.min(text.len())..];
    let start = line_start + rest.char_indices().nth(col.saturating_sub(1)).map_or(rest.len(), |(i, _)| i);
    let tail = &text[start.min(text.len())..];
    let len = if tail.starts_with("{{") { tail.find("}}").map_or(2, |i| i + 2) } else { 1 };
    Location::of(&Source::new(t.shown.clone(), t.text.clone()), start..start + len)
}

/// Trims trailing spaces, drops blank lines at the start and end, and keeps at most one blank
/// line in a row, so templates can space their tags freely. (Hard line breaks need `\`.)
fn tidy(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut blank = false;
    for line in raw.lines().map(str::trim_end) {
        if line.is_empty() {
            blank = !out.is_empty();
            continue;
        }
        if blank {
            out.push('\n');
            blank = false;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tidy_collapses_blank_lines_and_ends_with_one_newline() {
        assert_eq!(tidy("\n\n# A  \n\n\n\ntext\n- x\n\n\n"), "# A\n\ntext\n- x\n");
    }

    #[test]
    fn every_embedded_template_compiles_and_each_edition_compiles_only_what_it_includes() {
        let all: Vec<(&str, &str)> = crate::embedded::template_files().to_vec();
        let every =
            Markdown::from_texts(&all).expect("every embedded template compiles and passes the structure check");
        assert!(all.iter().all(|(file, _)| every.hb.has_template(file.strip_suffix(SUFFIX).unwrap())));
        let full = Markdown::new(None).unwrap();
        assert!(full.hb.has_template("pricing") && full.hb.has_template("at-a-glance"));
        assert!(!full.hb.has_template("brief"), "the full edition does not include the brief");
        let brief = Markdown::for_edition(None, crate::render::Edition::Brief).unwrap();
        assert!(brief.hb.has_template("brief") && !brief.hb.has_template("proposal"));
    }

    #[test]
    fn locate_points_at_the_whole_tag() {
        let t = Template {
            file: "cover.md.hbs",
            shown: "t/cover.md.hbs".into(),
            text: Arc::from("# Title\n\nHello {{nonexistent}} there\n"),
            from_user: true,
        };
        let loc = locate(&t, 3, 7);
        assert_eq!((loc.line, loc.column), (3, 7));
        assert_eq!(loc.snippet.map(|s| s.2), Some("{{nonexistent}}".len()));
    }
}
