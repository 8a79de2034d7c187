//! The client's proposal as Markdown, from handlebars templates.

use crate::diag::{Error, Result};
use crate::proposal::Proposal;
use std::path::Path;

pub struct Markdown {}

impl Markdown {
    pub fn new(_templates: Option<&Path>) -> Result<Markdown> {
        Ok(Markdown {})
    }

    pub fn render(&self, _p: &Proposal) -> Result<String> {
        Err(Error::Internal("Markdown rendering is not implemented yet".into()))
    }
}
