//! Runs a parsed command line: loads the catalog, drives the pipeline, writes results to
//! stdout and diagnostics to stderr.

use crate::catalog::Catalog;
use crate::catalog::ModelKind;
use crate::cli::{Approval, CatalogAction, Cli, Color, Command, Format, InitModel};
use crate::diag::{exit, Diagnostic, Error, Result};
use crate::proposal::Proposal;
use crate::{intake, render};
use clap::CommandFactory;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

/// Runs the command and returns the exit code; errors come back to `main` to report.
pub fn run(cli: Cli) -> Result<i32> {
    let color = use_color(cli.global.color);
    match cli.command {
        Command::Quote { intake, format, explain, sets, approval } => {
            let catalog = load_catalog(cli.global.catalog.as_deref())?;
            let p = prepare(&intake, &sets, &catalog, &approval)?;
            let out = match format {
                Format::Json => render::json::render(&p)?,
                Format::Text => render::text::render(&p, explain),
            };
            emit(&out)?;
            // The quote is the firm's own view, so it prints even when it needs approval.
            match p.policy.as_ref().map_or(Ok(()), |r| r.enforce(approval.draft)) {
                Ok(()) => Ok(exit::OK),
                Err(e) => {
                    report(&e, color);
                    Ok(e.exit_code())
                }
            }
        }
        Command::Render { intakes, format, out, templates, sets, letter, approval } => {
            let catalog = load_catalog(cli.global.catalog.as_deref())?;
            let renderer = render::Renderer::for_formats(templates.as_deref(), letter, &format)?;
            let mut code = exit::OK;
            // Two intakes with one proposal number would write the same files.
            let mut stems: std::collections::HashMap<String, PathBuf> = std::collections::HashMap::new();
            for path in &intakes {
                let result = prepare(path, &sets, &catalog, &approval)
                    .and_then(|p| p.policy.as_ref().map_or(Ok(()), |r| r.enforce(approval.draft)).map(|()| p))
                    .and_then(|p| match stems.get(&p.file_stem()) {
                        Some(first) => Err(Diagnostic::new(format!(
                            "proposal number `{}` is used by both `{}` and `{}`",
                            p.file_stem(),
                            first.display(),
                            path.display()
                        ))
                        .at(crate::diag::Location::file(path.display().to_string()))
                        .help("give each intake its own `number` (or `revision`), or render them to different `--out` folders")
                        .into()),
                        None => {
                            stems.insert(p.file_stem(), path.clone());
                            Ok(p)
                        }
                    })
                    .and_then(|p| renderer.write_all(&p, &format, &out, None));
                match result {
                    Ok(files) => {
                        for f in files {
                            emit(&format!("{}\n", f.display()))?;
                        }
                    }
                    Err(e) => {
                        report(&e, color);
                        code = code.max(e.exit_code());
                    }
                }
            }
            Ok(code)
        }
        Command::Batch(args) => crate::batch::run(args, cli.global.catalog.as_deref(), color),
        Command::Init { model, client, output, date } => {
            let catalog = load_catalog(cli.global.catalog.as_deref())?;
            let model = match model {
                InitModel::Project => ModelKind::Project,
                InitModel::Advisory => ModelKind::Advisory,
                InitModel::Managed => ModelKind::Managed,
            };
            let text = crate::init::intake(&catalog, model, &client, date.unwrap_or_else(crate::init::today));
            match output {
                Some(path) if path.exists() => {
                    Err(crate::diag::Diagnostic::new(format!("`{}` already exists", path.display()))
                        .help("choose another file name, or remove the file first")
                        .into())
                }
                Some(path) => {
                    crate::output::write_atomic(&path, text.as_bytes())?;
                    eprintln!("wrote {}", path.display());
                    Ok(exit::OK)
                }
                None => emit(&text).map(|()| exit::OK),
            }
        }
        Command::Schema => {
            let catalog = load_catalog(cli.global.catalog.as_deref())?;
            let schema = crate::schema::intake_schema(&catalog);
            emit(&(serde_json::to_string_pretty(&schema).map_err(|e| Error::Internal(e.to_string()))? + "\n"))?;
            Ok(exit::OK)
        }
        Command::Diff { old, new, format } => {
            let catalog = load_catalog(cli.global.catalog.as_deref())?;
            let old = crate::build(&intake::read(&old)?, &catalog)?;
            let new = crate::build(&intake::read(&new)?, &catalog)?;
            let d = crate::diff::diff(&old, &new);
            let out = match format {
                Format::Json => serde_json::to_string_pretty(&d).map_err(|e| Error::Internal(e.to_string()))? + "\n",
                Format::Text => crate::diff::render(&d, &new),
            };
            emit(&out)?;
            Ok(exit::OK)
        }
        Command::Verify { file, intake, sets } => {
            let catalog = load_catalog(cli.global.catalog.as_deref())?;
            let p = prepare(&intake, &sets, &catalog, &Approval::default())?;
            let hash = crate::verify::verify(&file, &p)?;
            emit(&format!("verified: {} is proposal {} (content hash {hash})\n", file.display(), p.file_stem()))?;
            Ok(exit::OK)
        }
        Command::Completions { shell } => {
            let mut buf = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "propose", &mut buf);
            emit(&String::from_utf8_lossy(&buf))?;
            Ok(exit::OK)
        }
        Command::Man => {
            let mut buf = Vec::new();
            clap_mangen::Man::new(Cli::command()).render(&mut buf).map_err(|e| Error::Internal(e.to_string()))?;
            emit(&String::from_utf8_lossy(&buf))?;
            Ok(exit::OK)
        }
        Command::Check { intakes } => {
            let catalog = load_catalog(cli.global.catalog.as_deref())?;
            let mut code = exit::OK;
            for path in &intakes {
                match intake::read(path).and_then(|s| crate::build(&s, &catalog)) {
                    Ok(p) => emit(&format!(
                        "ok: {} ({}, {} engagement(s))\n",
                        path.display(),
                        p.proposal.number,
                        p.engagements.len()
                    ))?,
                    Err(e) => {
                        report(&e, color);
                        code = code.max(e.exit_code());
                    }
                }
            }
            Ok(code)
        }
        Command::Catalog { action: Some(CatalogAction::Check { dir }), .. } => {
            let c = crate::catalog::check(&dir)?;
            emit(&format!(
                "ok: {} ({} models, {} tiers, {} processes, {} roles)\n",
                dir.display(),
                c.models.len(),
                c.tiers.len(),
                c.processes.len(),
                c.pricing.roles.len()
            ))?;
            Ok(exit::OK)
        }
        Command::Catalog { action: None, format } => {
            let catalog = load_catalog(cli.global.catalog.as_deref())?;
            let out = match format {
                Format::Json => {
                    serde_json::to_string_pretty(&catalog).map_err(|e| Error::Internal(e.to_string()))? + "\n"
                }
                Format::Text => render::catalog::render(&catalog),
            };
            emit(&out)?;
            Ok(exit::OK)
        }
    }
}

/// Reads an intake, applies `--set`, runs the pipeline, records approvals and seals the
/// result with its content hash. A quote that needs approval nobody gave becomes a draft
/// when `--draft` is set.
fn prepare(path: &Path, sets: &[String], catalog: &Catalog, approval: &Approval) -> Result<Proposal> {
    let source = intake::set::apply(&intake::read(path)?, sets)?;
    let mut p = crate::build(&source, catalog)?;
    if let Some(review) = p.policy.as_mut() {
        review.approve(&approval.approved_by);
        p.draft = approval.draft && !review.approved;
    }
    p.seal();
    Ok(p)
}

pub fn load_catalog(dir: Option<&Path>) -> Result<Catalog> {
    match dir {
        Some(d) => crate::catalog::check(d),
        None => Catalog::embedded(),
    }
}

/// Colour on a terminal, never under NO_COLOR or in a pipe, unless forced.
pub fn use_color(choice: Color) -> bool {
    match choice {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stderr().is_terminal(),
    }
}

/// Prints a diagnostic to stderr.
pub fn report(e: &Error, color: bool) {
    let _ = std::io::stderr().lock().write_all(e.render(color).as_bytes());
}

/// Writes data to stdout. A closed pipe (`propose quote … | head`) is not an error.
pub fn emit(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => std::process::exit(exit::OK),
        Err(e) => Err(Error::Internal(format!("cannot write to stdout: {e}"))),
    }
}
