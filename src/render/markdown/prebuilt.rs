//! The embedded templates as handlebars compiles them, rebuilt from code that build.rs
//! generated (`build/templates.rs`), so a run does not parse them again.
//!
//! Compiling them at start-up was 66.6 M of the 78.2 M instructions of a `render --format md`
//! (contoso), most of it handlebars rescanning each template from its start for each tag's
//! line; rebuilding the same values is allocations only. A test holds every rebuilt template
//! equal to `Template::compile` of its text, line mapping aside (handlebars cannot be given
//! one): the renderer compiles the text again when it needs a line for an error.

// What the generated code uses depends on what the templates hold.
#[allow(unused_imports)]
use super::rebuild::{decorator, helper, local, parsed, path, subexpression, template};
#[allow(unused_imports)]
use handlebars::template::{BlockParam, Parameter as P, Template, TemplateElement as E};
#[allow(unused_imports)]
use handlebars::JsonValue as Json;

/// Builds one embedded template, given its registered name.
type Build = fn(&str) -> Option<Template>;

include!(concat!(env!("OUT_DIR"), "/templates.rs"));

/// Embedded template `file` (`pricing.md.hbs`) compiled, named `name`, without a line
/// mapping; `None` where build.rs left it to be compiled from its text.
pub(crate) fn embedded(file: &str, name: &str) -> Option<Template> {
    PREBUILT.iter().find(|(f, _)| *f == file).and_then(|(_, build)| build.as_ref()).and_then(|build| build(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_embedded_template_is_rebuilt_as_handlebars_compiles_it() {
        for (file, text) in crate::embedded::template_files() {
            let rebuilt = embedded(file, "x").unwrap_or_else(|| panic!("{file} is not rebuilt"));
            let mut compiled = Template::compile_with_name(*text, "x".to_string()).unwrap();
            assert!(!compiled.mapping.is_empty(), "{file}: a compiled template maps its tags to lines");
            unmap(&mut compiled);
            assert!(rebuilt == compiled, "{file}: rebuilt {rebuilt:#?}\ncompiled {compiled:#?}");
        }
        assert!(PREBUILT.iter().all(|(f, _)| f.ends_with(".hbs")));
        assert!(embedded("nonexistent.md.hbs", "x").is_none());
    }

    /// Drops the line mapping of `t` and of every template inside it.
    fn unmap(t: &mut Template) {
        t.mapping.clear();
        for e in &mut t.elements {
            match e {
                E::Expression(h) | E::HtmlExpression(h) | E::HelperBlock(h) => {
                    h.template.iter_mut().chain(h.inverse.iter_mut()).for_each(unmap);
                }
                E::DecoratorExpression(d) | E::DecoratorBlock(d) | E::PartialExpression(d) | E::PartialBlock(d) => {
                    d.template.iter_mut().for_each(unmap);
                }
                _ => {}
            }
        }
    }
}
