//! `propose render`: write each intake's proposal as `<out>/<proposal-number>.<ext>`.

use super::{emit, prepare, report};
use crate::cli::{EditionArg, RenderArgs};
use propose::catalog::Catalog;
use propose::diag::{exit, Diagnostic, Location, Result};
use propose::output::{write_set, Durability};
use propose::proposal::Proposal;
use propose::render::Renderer;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub fn run(args: RenderArgs, catalog: &Catalog, color: bool) -> Result<i32> {
    let renderer = Renderer::new(&args.documents.settings())?;
    let mut code = exit::OK;
    // Two intakes with one proposal number would write the same files; so would two whose
    // numbers differ only by case, on a case-insensitive file system (Windows, macOS).
    let mut stems: HashMap<String, (String, PathBuf)> = HashMap::new();
    for path in &args.intakes {
        let written = prepare(path, &args.documents.sets, catalog, &args.documents.approval)
            .inspect(|p| super::warn_of_a_stale_rate(path, p, catalog))
            .inspect(|p| super::warn_of_foreign_texts(path, p, color))
            .and_then(|p| p.policy.as_ref().map_or(Ok(()), |r| r.enforce(args.documents.approval.draft)).map(|()| p))
            .and_then(|p| claim(&mut stems, p, path, args.documents.look.edition))
            .and_then(|p| write(&renderer, &p, &args.documents.out, args.documents.look.edition));
        match written {
            Ok(files) => {
                for (f, _) in files {
                    emit(&format!("{}\n", f.display()))?;
                }
            }
            Err(e) => {
                report(&e, color);
                code = code.max(e.exit_code());
            }
        }
    }
    super::exiting(renderer);
    Ok(code)
}

/// Renders `p` in every format of the run and writes the set into `out` (see
/// [`write_set`]): `render` for each intake, `watch` for each save. Returns each file's path
/// and bytes, in the run's format order.
pub(super) fn write(
    renderer: &Renderer,
    p: &Proposal,
    out: &Path,
    edition: EditionArg,
) -> Result<Vec<(PathBuf, Vec<u8>)>> {
    let files: Vec<(&str, Vec<u8>)> =
        renderer.render_all(p)?.into_iter().map(|(f, bytes)| (f.extension(), bytes)).collect();
    let paths = write_set(out, &stem(p, edition), &files, Durability::Sync)?;
    Ok(paths.into_iter().zip(files).map(|(path, (_, bytes))| (path, bytes)).collect())
}

/// Claims the proposal's file names for `path`, refusing a name another intake has, in any
/// case (file names are ASCII, so ASCII case is all there is).
fn claim(stems: &mut HashMap<String, (String, PathBuf)>, p: Proposal, path: &Path, e: EditionArg) -> Result<Proposal> {
    let stem = stem(&p, e);
    if let Some((first_stem, first)) = stems.get(&stem.to_ascii_lowercase()) {
        let message = if *first_stem == stem {
            format!("proposal number `{stem}` is used by both `{}` and `{}`", first.display(), path.display())
        } else {
            format!(
                "proposal numbers `{first_stem}` (`{}`) and `{stem}` (`{}`) differ only by case",
                first.display(),
                path.display()
            )
        };
        return Err(Diagnostic::new(message)
            .at(Location::file(path.display().to_string()))
            .help(
                "give each intake its own `number` (or `revision`), or render them to different `--out` folders: \
                 file systems that ignore case would write both to the same files",
            )
            .into());
    }
    stems.insert(stem.to_ascii_lowercase(), (stem, path.to_path_buf()));
    Ok(p)
}

/// The files' name: the proposal number and revision, and `-brief` for the brief edition, so
/// both editions can share a folder.
fn stem(p: &Proposal, edition: EditionArg) -> String {
    match edition {
        EditionArg::Full => p.file_stem(),
        EditionArg::Brief => format!("{}-brief", p.file_stem()),
    }
}
