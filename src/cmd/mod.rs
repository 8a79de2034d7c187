//! The command layer: one file per subcommand, each mapping its parsed arguments to the
//! library's pipeline, printing data to stdout and diagnostics to stderr, and returning the
//! exit code.

mod batch;
mod calendar;
mod catalog;
mod check;
mod diff;
mod init;
mod quote;
mod render;
mod verify;
mod watch;

use crate::cli::{Approval, Cli, Color, Command, Rates};
use clap::CommandFactory;
use propose::catalog::Catalog;
use propose::diag::{exit, Error, Result};
use propose::proposal::Proposal;
use propose::{build, intake};
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

/// Runs the command and returns the exit code; errors come back to `main` to report.
pub fn run(cli: Cli) -> Result<i32> {
    let color = use_color(cli.global.color);
    let catalog = cli.global.catalog.as_deref();
    let choice = cli.global.color;
    match cli.command {
        Command::Quote(args) => {
            let cat = load(catalog, &args.rates)?;
            let code = quote::run(args, &cat, color);
            exiting(cat);
            code
        }
        Command::Render(args) => {
            let cat = load(catalog, &args.documents.rates)?;
            let code = render::run(args, &cat, color);
            exiting(cat);
            code
        }
        Command::Watch(args) => watch::run(args, catalog, choice),
        Command::Batch(args) => {
            let cat = load(catalog, &args.rates)?;
            batch::run(args, cat, color)
        }
        Command::Check { intakes } => check::run(&intakes, &Catalog::load(catalog)?, color),
        Command::Init(args) => init::run(args, &Catalog::load(catalog)?),
        Command::Schema => {
            let schema = propose::schema::intake_schema(&Catalog::load(catalog)?);
            emit(&(json(&schema)? + "\n"))?;
            Ok(exit::OK)
        }
        Command::Diff { old, new, format } => diff::run(&old, &new, format, &Catalog::load(catalog)?),
        Command::Verify(args) => {
            let cat = load(catalog, &args.rates)?;
            verify::run(args, &cat)
        }
        Command::Completions { shell } => {
            let mut buf = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "propose", &mut buf);
            emit(&String::from_utf8_lossy(&buf))?;
            Ok(exit::OK)
        }
        Command::Man => {
            let mut buf = Vec::new();
            clap_mangen::Man::new(Cli::command()).render(&mut buf).map_err(Error::Stdout)?;
            emit(&String::from_utf8_lossy(&buf))?;
            Ok(exit::OK)
        }
        Command::Catalog { action, format } => catalog::run(action, format, catalog),
        Command::Calendar { place, year } => calendar::run(&place, year),
    }
}

/// Leaves `value`, which a one-shot command holds until it ends, for the process's exit to
/// reclaim: freeing the catalog and the compiled templates piece by piece cost 0.46 M of a
/// `render --format md`'s 11.3 M instructions (callgrind, 2026-12-02). Never for `watch` or
/// a batch, which live on.
pub(super) fn exiting<T>(value: T) {
    std::mem::forget(value);
}

/// The catalog, with the rates of `--rates` added to its history when given.
fn load(dir: Option<&Path>, rates: &Rates) -> Result<Catalog> {
    let mut catalog = Catalog::load(dir)?;
    if let Some(file) = &rates.rates {
        propose::catalog::rates::apply_file(&mut catalog, file)?;
    }
    Ok(catalog)
}

/// Reads an intake, applies `--set`, runs the pipeline, records approvals and seals the
/// result with its content hash. A quote that needs approval nobody gave becomes a draft
/// when `--draft` is set.
fn prepare(path: &Path, sets: &[String], catalog: &Catalog, approval: &Approval) -> Result<Proposal> {
    let mut p = unsealed(path, sets, catalog, approval)?;
    p.seal();
    Ok(p)
}

/// The proposal without its content hash, for a view that does not show it (the hash is a
/// SHA-256 of the whole model: a fifth of a text `quote`'s instructions).
fn unsealed(path: &Path, sets: &[String], catalog: &Catalog, approval: &Approval) -> Result<Proposal> {
    let source = intake::set::apply(&intake::read(path)?, sets)?;
    let mut p = build(&source, catalog)?;
    if let Some(review) = p.policy.as_mut() {
        review.approve(&approval.approved_by);
        p.draft = approval.draft && !review.approved;
    }
    Ok(p)
}

/// Warns on stderr when `p` states a stale exchange rate (`render`, `quote`): the proposal
/// states the rate it was priced at, and still renders; the firm is told to update it.
fn warn_of_a_stale_rate(path: &Path, p: &Proposal, catalog: &Catalog) {
    if let Some(note) = p.exchange_rate.as_ref().and_then(|x| x.stale(catalog, p.proposal.date)) {
        eprintln!("warning: {}: {note}", path.display());
    }
}

/// Warns on stderr, once, when some of the intake's texts look written in another language
/// than the proposal's (`render`, `quote`): they print as written; the consultant is told
/// which, and how to fix it ([`propose::intake::prose`]).
fn warn_of_foreign_texts(path: &Path, p: &Proposal, color: bool) {
    let file = path.display().to_string();
    if let Some(d) = intake::prose::warning(&p.foreign_texts, p.proposal.language, &file) {
        let _ = std::io::stderr().lock().write_all(d.render_warning(color).as_bytes());
    }
}

/// Pretty JSON of any model value.
fn json<T: serde::Serialize>(value: &T) -> Result<String> {
    serde_json::to_string_pretty(value).map_err(|e| Error::Internal(format!("cannot write JSON: {e}")))
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

/// Set once stdout's reader has gone (`propose quote … | head`).
static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);

/// Writes data to stdout. Once its reader has gone, output stops quietly; the command
/// carries on and its exit code still reports what it found.
pub fn emit(text: &str) -> Result<()> {
    if STDOUT_CLOSED.load(Ordering::Relaxed) {
        return Ok(());
    }
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
            STDOUT_CLOSED.store(true, Ordering::Relaxed);
            Ok(())
        }
        Err(e) => Err(Error::Stdout(e)),
    }
}
