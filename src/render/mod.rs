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
    pdf: pdf::Pdf,
}

impl Renderer {
    pub fn new(templates: Option<&Path>, letter: bool) -> Result<Renderer> {
        // The PDF side first: it prepares its fonts on another thread while the templates compile.
        let pdf = pdf::Pdf::new(letter)?;
        Ok(Renderer { markdown: markdown::Markdown::new(templates)?, pdf })
    }

    /// One format's bytes. The PDF is laid out from the Markdown's events, so the two
    /// always say the same thing.
    pub fn render(&self, p: &Proposal, format: OutputFormat) -> Result<Vec<u8>> {
        match format {
            OutputFormat::Md => self.markdown.render(p).map(String::into_bytes),
            OutputFormat::Json => json::render(p).map(String::into_bytes),
            OutputFormat::Pdf => self.pdf.render(p, &self.markdown.render(p)?),
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
        // Render everything first, so a failure in one format writes none.
        let mut rendered = Vec::with_capacity(formats.len());
        // The Markdown is rendered once, for its own file and for the PDF laid out from it.
        let mut md: Option<String> = None;
        for f in formats {
            let bytes = match f {
                OutputFormat::Md | OutputFormat::Pdf => {
                    if md.is_none() {
                        md = Some(self.markdown.render(p)?);
                    }
                    let text = md.as_deref().unwrap_or_default();
                    match f {
                        OutputFormat::Pdf => self.pdf.render(p, text)?,
                        _ => text.as_bytes().to_vec(),
                    }
                }
                OutputFormat::Json => self.render(p, *f)?,
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
