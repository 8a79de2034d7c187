//! `propose catalog`: print the catalog, or check a custom one.

use super::{emit, json};
use crate::cli::{CatalogAction, Format};
use propose::catalog::Catalog;
use propose::diag::{exit, Result};
use std::path::Path;

pub fn run(action: Option<CatalogAction>, format: Format, dir: Option<&Path>) -> Result<i32> {
    match action {
        Some(CatalogAction::Check { dir }) => {
            let c = propose::catalog::check(&dir)?;
            emit(&format!(
                "ok: {} ({} models, {} tiers, {} processes, {} roles)\n",
                dir.display(),
                c.models.len(),
                c.tiers.len(),
                c.processes.len(),
                c.pricing.roles.len()
            ))?;
        }
        None => {
            let catalog = Catalog::load(dir)?;
            let out = match format {
                Format::Json => json(&catalog)? + "\n",
                Format::Text => propose::render::catalog::render(&catalog),
            };
            emit(&out)?;
        }
    }
    Ok(exit::OK)
}
