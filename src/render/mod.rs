//! Renderers: each turns the finished [`crate::proposal::Proposal`] into one output format's
//! bytes. None computes a price; all format through [`crate::money::Locale`]; none writes a
//! file ([`crate::output`] does).

pub mod catalog;
pub mod html;
pub mod json;
pub mod markdown;
pub mod pdf;
pub mod text;

use crate::diag::Result;
use crate::proposal::Proposal;
use std::path::PathBuf;

/// A document format `render` and `batch --render` write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    Md,
    Pdf,
    Json,
    Html,
}

impl Format {
    /// The file extension, which is also the format's name on the command line.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Md => "md",
            Format::Pdf => "pdf",
            Format::Json => "json",
            Format::Html => "html",
        }
    }
}

/// Paper for the PDF.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Paper {
    #[default]
    A4,
    Letter,
}

/// Which document: the full proposal, or the brief one (scope, dates, price, payment plan
/// and signature, without a cover page).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Edition {
    #[default]
    Full,
    Brief,
}

impl Edition {
    /// The template rendered first, which includes the sections.
    pub fn main_template(self) -> &'static str {
        match self {
            Edition::Full => "proposal",
            Edition::Brief => "brief",
        }
    }
}

/// How a run renders: the formats it writes (only their renderers are set up), templates
/// replacing the embedded ones, the edition, the paper, and the program named as the PDF's
/// creator.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    pub formats: Vec<Format>,
    pub templates: Option<PathBuf>,
    pub edition: Edition,
    pub paper: Paper,
    /// The PDF's `/Creator`, e.g. `propose 0.1.0 (catalog 2026.11)`.
    pub creator: String,
    /// The PDF's fonts besides the embedded family: files (`--font`, the catalog's `fonts`)
    /// and whether to search the system's.
    pub fonts: pdf::FontSources,
}

/// Everything set up once for a run (compiled templates, fonts), reused for every proposal.
pub struct Renderer {
    markdown: markdown::Markdown,
    /// Set up only when a run writes PDFs: it subsets fonts, which an `md` run never needs.
    pdf: Option<pdf::Pdf>,
    /// Set up only when a run writes HTML.
    html: Option<html::Html>,
    formats: Vec<Format>,
}

impl Renderer {
    /// A renderer for the formats `settings` names.
    pub fn new(settings: &Settings) -> Result<Renderer> {
        // The PDF side first: it prepares its fonts on another thread while the templates compile.
        let pdf = match settings.formats.contains(&Format::Pdf) {
            true => Some(pdf::Pdf::new(settings.paper, &settings.creator, &settings.fonts)?.edition(settings.edition)),
            false => None,
        };
        let markdown = markdown::Markdown::for_edition(settings.templates.as_deref(), settings.edition)?;
        let html = match settings.formats.contains(&Format::Html) {
            true => Some(html::Html::new(settings.templates.as_deref())?),
            false => None,
        };
        Ok(Renderer { markdown, pdf, html, formats: settings.formats.clone() })
    }

    /// One format's bytes. The PDF is laid out from the Markdown's events, and the HTML
    /// written from them, so all three always say the same thing.
    pub fn render(&self, p: &Proposal, format: Format) -> Result<Vec<u8>> {
        let md = match format {
            Format::Json => String::new(),
            _ => self.markdown.render(p)?,
        };
        self.finish(p, format, &md)
    }

    /// Every format of the run, in the order the settings name them. The Markdown is
    /// rendered once, for its own file and for the PDF laid out from it; any failure
    /// returns no bytes at all.
    pub fn render_all(&self, p: &Proposal) -> Result<Vec<(Format, Vec<u8>)>> {
        let md = match self.formats.iter().any(|f| *f != Format::Json) {
            true => self.markdown.render(p)?,
            false => String::new(),
        };
        self.formats.iter().map(|f| Ok((*f, self.finish(p, *f, &md)?))).collect()
    }

    /// The layout audit's findings on `p`'s PDF (see `pdf::Pdf::audit`); none when this
    /// renderer writes no PDF.
    #[doc(hidden)]
    pub fn audit(&self, p: &Proposal) -> Result<Vec<String>> {
        match &self.pdf {
            Some(pdf) => pdf.audit(p, &self.markdown.render(p)?),
            None => Ok(Vec::new()),
        }
    }

    fn finish(&self, p: &Proposal, format: Format, md: &str) -> Result<Vec<u8>> {
        match (format, &self.pdf) {
            (Format::Json, _) => json::render(p).map(String::into_bytes),
            (Format::Md, _) => Ok(md.as_bytes().to_vec()),
            (Format::Pdf, Some(pdf)) => pdf.render(p, md),
            (Format::Pdf, None) => Err(crate::diag::Error::Internal("renderer set up without PDF".into())),
            (Format::Html, _) => match &self.html {
                Some(html) => html.render(p, md),
                None => Err(crate::diag::Error::Internal("renderer set up without HTML".into())),
            },
        }
    }
}
