//! `propose diff`: compare the quotes of two intakes for change control.

use super::{emit, json};
use crate::cli::Format;
use propose::catalog::Catalog;
use propose::diag::{exit, Result};
use propose::{build, diff, intake};
use std::path::Path;

pub fn run(old: &Path, new: &Path, format: Format, catalog: &Catalog) -> Result<i32> {
    let old = build(&intake::read(old)?, catalog)?;
    let new = build(&intake::read(new)?, catalog)?;
    let d = diff::diff(&old, &new);
    let out = match format {
        Format::Json => json(&d)? + "\n",
        Format::Text => diff::render(&d, &new),
    };
    emit(&out)?;
    Ok(exit::OK)
}
