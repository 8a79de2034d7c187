//! `propose verify FILE INTAKE`: render the intake as `render` would, in the file's format,
//! and check that the file is that render; or, for an acceptance summary, that its option
//! and totals are the intake's.

use super::{emit, prepare};
use crate::cli::{Approval, VerifyArgs};
use propose::catalog::Catalog;
use propose::diag::{exit, Result};
use propose::render::Renderer;

pub fn run(args: VerifyArgs, catalog: &Catalog) -> Result<i32> {
    let found = propose::verify::read(&args.file)?;
    let format = propose::verify::detect(&args.file, &found);
    // `render` writes a quote that needs approval nobody gave only as a draft, so a file of
    // one is a draft.
    let approval = Approval { approved_by: args.approved_by.clone(), draft: true };
    let p = prepare(&args.intake, &args.sets, catalog, &approval)?;
    let name = args.file.display().to_string();
    if propose::acceptance::is_summary(&found, &p) {
        let accepted = propose::verify::summary::verify(&name, &found, &p)?;
        let (stem, hash) = (p.file_stem(), &p.content_hash);
        emit(&match accepted.option {
            Some(option) => format!(
                "verified: {name} accepts option {option} of proposal {stem} (content hash {hash}), at the intake's totals\n"
            ),
            None => format!("verified: {name} accepts proposal {stem} (content hash {hash}), at the intake's totals\n"),
        })?;
        return Ok(exit::OK);
    }
    let expected = Renderer::new(&args.look.settings(&[format]))?.render(&p, format)?;
    let verified = propose::verify::verify(&name, &found, format, &expected, &p)?;
    let (stem, hash) = (p.file_stem(), verified.hash);
    emit(&match verified.update {
        None => format!("verified: {name} is proposal {stem}, byte for byte (content hash {hash})\n"),
        Some(update) => format!("verified: {name} is proposal {stem} (content hash {hash}), {update}\n"),
    })?;
    Ok(exit::OK)
}
