//! `propose verify FILE INTAKE`: check that a rendered file is the proposal the intake
//! describes.

use super::{emit, prepare};
use crate::cli::Approval;
use propose::catalog::Catalog;
use propose::diag::{exit, Result};
use std::path::Path;

pub fn run(file: &Path, intake: &Path, sets: &[String], catalog: &Catalog) -> Result<i32> {
    let p = prepare(intake, sets, catalog, &Approval::default())?;
    let hash = propose::verify::verify(file, &p)?;
    emit(&format!("verified: {} is proposal {} (content hash {hash})\n", file.display(), p.file_stem()))?;
    Ok(exit::OK)
}
