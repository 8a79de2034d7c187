//! Renderers: each turns the finished [`crate::proposal::Proposal`] into one output format.
//! None computes a price; all format through [`crate::money::Locale`].

pub mod catalog;
pub mod json;
pub mod markdown;
pub mod pdf;
pub mod text;

use crate::cli::OutputFormat;
use crate::diag::Result;
use crate::proposal::Proposal;
use std::path::{Path, PathBuf};

/// Everything set up once for a run (compiled templates, fonts), reused for every proposal.
pub struct Renderer {
    markdown: markdown::Markdown,
    /// Set up only when a run writes PDFs: it subsets fonts, which an `md` run never needs.
    pdf: Option<pdf::Pdf>,
}

impl Renderer {
    /// A renderer for every format.
    pub fn new(templates: Option<&Path>, letter: bool) -> Result<Renderer> {
        Renderer::for_formats(templates, letter, &[OutputFormat::Pdf])
    }

    /// A renderer for the formats a run writes.
    pub fn for_formats(templates: Option<&Path>, letter: bool, formats: &[OutputFormat]) -> Result<Renderer> {
        // The PDF side first: it prepares its fonts on another thread while the templates compile.
        let pdf = match formats.contains(&OutputFormat::Pdf) {
            true => Some(pdf::Pdf::new(letter)?),
            false => None,
        };
        Ok(Renderer { markdown: markdown::Markdown::new(templates)?, pdf })
    }

    /// One format's bytes. The PDF is laid out from the Markdown's events, so the two
    /// always say the same thing.
    pub fn render(&self, p: &Proposal, format: OutputFormat) -> Result<Vec<u8>> {
        match format {
            OutputFormat::Json => json::render(p).map(String::into_bytes),
            _ => self.laid_out(p, format, &self.markdown.render(p)?),
        }
    }

    /// The Markdown or the PDF, from the proposal's Markdown.
    fn laid_out(&self, p: &Proposal, format: OutputFormat, md: &str) -> Result<Vec<u8>> {
        match (format, &self.pdf) {
            (OutputFormat::Pdf, Some(pdf)) => pdf.render(p, md),
            (OutputFormat::Pdf, None) => Err(crate::diag::Error::Internal("renderer set up without PDF".into())),
            _ => Ok(md.as_bytes().to_vec()),
        }
    }

    /// Writes `<out>/<stem>.<ext>` for each format, atomically; `stem` defaults to the
    /// proposal number and revision (`CD-2026-014-r2`). Returns the paths written.
    pub fn write_all(
        &self,
        p: &Proposal,
        formats: &[OutputFormat],
        out: &Path,
        stem: Option<&str>,
    ) -> Result<Vec<PathBuf>> {
        let default = p.file_stem();
        let stem = stem.unwrap_or(&default);
        let mut written = Vec::with_capacity(formats.len());
        // The Markdown is rendered once, for its own file and for the PDF laid out from it.
        let md = match formats.iter().any(|f| *f != OutputFormat::Json) {
            true => self.markdown.render(p)?,
            false => String::new(),
        };
        // Render everything first, so a failure in one format writes none.
        let mut rendered = Vec::with_capacity(formats.len());
        for f in formats {
            let bytes = match f {
                OutputFormat::Json => json::render(p)?.into_bytes(),
                _ => self.laid_out(p, *f, &md)?,
            };
            rendered.push((out.join(format!("{stem}.{}", f.extension())), bytes));
        }
        for (path, bytes) in rendered {
            crate::output::write_atomic(&path, &bytes)?;
            written.push(path);
        }
        Ok(written)
    }
}
