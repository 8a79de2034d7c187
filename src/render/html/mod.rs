//! The client's proposal as one self-contained HTML page: the proposal's Markdown written as
//! accessible HTML ([`markup`]), the timeline as inline SVG ([`chart`]), and, for a
//! proposal with options, a chooser that shows the selected option's totals and payment
//! plan and its acceptance summary ([`choice`]), all inside the shell template
//! `proposal.html.hbs` (embedded; `--templates DIR` replaces it by file name).
//!
//! The page loads nothing from anywhere (its Content-Security-Policy forbids it); its words
//! come from the template and the language pack's `[html]` table; its figures from the
//! proposal model. The output is a pure function of the proposal and the template.

mod chart;
mod choice;
pub mod markup;
mod shell;

pub use shell::FILE as SHELL_FILE;

/// The pack's key for the chart's title, the one string the page writes from code (its
/// `{start}` and `{end}` filled with the timeline's dates).
pub const CHART_TITLE: &str = "html.chart";

use crate::diag::Result;
use crate::proposal::Proposal;
use std::path::Path;

/// The shell template, compiled once per run.
pub struct Html {
    shell: shell::Shell,
}

impl Html {
    /// Compiles the embedded shell, or its namesake in `dir`. A syntax error is a located
    /// input error.
    pub fn new(dir: Option<&Path>) -> Result<Html> {
        Ok(Html { shell: shell::Shell::new(dir)? })
    }

    /// The page for `p`, whose Markdown is `markdown` (the same run's): UTF-8 bytes,
    /// byte-identical for the same inputs.
    pub fn render(&self, p: &Proposal, markdown: &str) -> Result<Vec<u8>> {
        let svg = chart::svg(p);
        let body = markup::body(markdown, svg.as_deref());
        let choice = choice::build(p)?;
        self.shell.render(p, &body, &choice).map(String::into_bytes)
    }
}
