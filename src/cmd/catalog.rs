//! `propose catalog`: print the catalog, or check a custom one.

use super::{emit, json};
use crate::cli::{CatalogAction, Format};
use propose::catalog::Catalog;
use propose::diag::{exit, Result};
use std::path::Path;

pub fn run(action: Option<CatalogAction>, format: Format, dir: Option<&Path>) -> Result<i32> {
    match action {
        Some(CatalogAction::Check { dir }) => {
            let (c, languages) = propose::catalog::check(&dir)?;
            let written: Vec<&str> =
                languages.iter().filter(|(_, missing)| missing.is_empty()).map(|(l, _)| l.code()).collect();
            let mut out = format!(
                "ok: {} ({} models, {} tiers, {} processes, {} roles; languages: {})\n",
                dir.display(),
                c.models.len(),
                c.tiers.len(),
                c.processes.len(),
                c.pricing.roles.len(),
                written.join(", ")
            );
            for (language, missing) in languages.iter().filter(|(_, m)| !m.is_empty()) {
                out += &format!("not in {}: add {} to write proposals in it\n", language.code(), missing.join(", "));
            }
            emit(&out)?;
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
