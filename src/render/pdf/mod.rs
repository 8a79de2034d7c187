//! The client's proposal as PDF, laid out with printpdf.

use crate::diag::{Error, Result};
use crate::proposal::Proposal;

pub struct Pdf {}

impl Pdf {
    pub fn new(_letter: bool) -> Result<Pdf> {
        Ok(Pdf {})
    }

    pub fn render(&self, _p: &Proposal, _markdown: &str) -> Result<Vec<u8>> {
        Err(Error::Internal("PDF rendering is not implemented yet".into()))
    }
}
