//! `propose init`: write a commented intake that is valid as written.

use super::emit;
use crate::cli::{InitArgs, InitModel};
use propose::catalog::{Catalog, ModelKind};
use propose::diag::{exit, Diagnostic, Result};
use propose::intake::text::Problem;

pub fn run(args: InitArgs, catalog: &Catalog) -> Result<i32> {
    let model = match args.model {
        InitModel::Project => ModelKind::Project,
        InitModel::Advisory => ModelKind::Advisory,
        InitModel::Managed => ModelKind::Managed,
    };
    // The name goes into the intake as written: refuse one its checker would refuse.
    if let Some(problem) = propose::intake::text::problem(args.client.trim(), false) {
        let help = match problem {
            Problem::Empty => "give the client's name, e.g. `--client \"Acme Corp\"`",
            other => other.help(false),
        };
        return Err(Diagnostic::new(format!("`--client` {}", problem.describe())).help(help).into());
    }
    let date = args.date.unwrap_or_else(propose::init::today);
    let text = propose::init::intake(catalog, model, &args.client, date);
    match args.output {
        Some(path) if path.exists() => Err(Diagnostic::new(format!("`{}` already exists", path.display()))
            .help("choose another file name, or remove the file first")
            .into()),
        Some(path) => {
            propose::output::write_atomic(&path, text.as_bytes())?;
            eprintln!("wrote {}", path.display());
            Ok(exit::OK)
        }
        None => emit(&text).map(|()| exit::OK),
    }
}
