//! The command line, as clap derive structs, and their mapping to the library's settings.
//! Nothing here runs anything; nothing below the binary sees clap.

use clap::{Args, Parser, Subcommand, ValueEnum};
use propose::render::pdf::FontSources;
use propose::render::{Edition, Format as DocFormat, Paper, Settings};
use std::path::PathBuf;

const EXAMPLES: &str = "\
Examples:
  propose quote examples/northwind-migration.toml
  propose quote --explain --format json examples/acme-managed.toml
  propose check examples/*.toml
  propose catalog --format json > catalog.json";

/// Turn a client intake (TOML) into a priced, scheduled consulting proposal.
#[derive(Debug, Parser)]
#[command(name = "propose", version = propose::version(), about, after_help = EXAMPLES)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    #[command(flatten)]
    pub global: Global,
}

#[derive(Debug, Args)]
pub struct Global {
    /// Read catalog files from DIR instead of the embedded defaults (any file missing
    /// there is taken from the defaults).
    #[arg(long, global = true, value_name = "DIR")]
    pub catalog: Option<PathBuf>,
    /// When to colour diagnostics; `auto` colours on a terminal unless NO_COLOR is set.
    #[arg(long, global = true, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
}

/// Sign-off on quotes that breach the pricing policy.
#[derive(Debug, Args, Clone, Default)]
pub struct Approval {
    /// Who approved a quote that breaches pricing policy (twice for a deal that needs a
    /// second approver). Recorded in the JSON.
    #[arg(long = "approved-by", value_name = "NAME")]
    pub approved_by: Vec<String>,
    /// Render a policy breach anyway, watermarked "DRAFT – not approved".
    #[arg(long)]
    pub draft: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Price and schedule an intake; print the quote.
    #[command(
        after_help = "Examples:\n  propose quote examples/northwind-migration.toml\n  propose quote --explain examples/acme-managed.toml\n  cat intake.toml | propose quote --format json -"
    )]
    Quote(QuoteArgs),
    /// Render proposals to files: Markdown, PDF and/or JSON.
    #[command(
        after_help = "Examples:\n  propose render examples/northwind-migration.toml\n  propose render --format md,pdf,json --out proposals/ examples/*.toml\n  propose render --templates my-templates/ examples/acme-managed.toml"
    )]
    Render(RenderArgs),
    /// Render an intake, then render it again at every save of it, its templates or catalog;
    /// `--serve` previews the output in a browser that reloads itself.
    #[command(
        after_help = "Examples:\n  propose watch examples/northwind-migration.toml\n  propose watch --format md,pdf --out preview/ --serve intake.toml\n  propose watch --templates my-templates/ --catalog my-catalog/ --serve --port 0 intake.toml"
    )]
    Watch(WatchArgs),
    /// Price many intakes and scenario matrices at once, one row per scenario.
    #[command(
        after_help = "Examples:\n  propose batch examples/ --format csv > quotes.csv\n  propose batch examples/acme-managed.toml --vary 'engagement[0].inventory.servers=40,80' --vary 'engagement[0].months=12,24'\n  ls intakes/*.toml | propose batch - --format jsonl"
    )]
    Batch(BatchArgs),
    /// Check intakes without writing anything; exit 2 if any is bad.
    #[command(after_help = "Examples:\n  propose check examples/*.toml\n  propose check - < intake.toml")]
    Check {
        /// Intake files, or `-` for stdin.
        #[arg(required = true)]
        intakes: Vec<PathBuf>,
    },
    /// Write a commented intake that is valid as written.
    #[command(
        after_help = "Examples:\n  propose init --model managed --client 'Acme Corp' --output acme.toml\n  propose init > intake.toml"
    )]
    Init(InitArgs),
    /// Print the intake's JSON Schema (for Taplo / Even Better TOML).
    #[command(after_help = "Examples:\n  propose schema > intake.schema.json")]
    Schema,
    /// Compare the quotes of two intakes: line items, totals, dates, milestones.
    #[command(
        after_help = "Examples:\n  propose diff r1.toml r2.toml\n  propose diff --format json old.toml new.toml"
    )]
    Diff {
        old: PathBuf,
        new: PathBuf,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Check that a rendered proposal (PDF, Markdown or JSON) is, byte for byte, the one an
    /// intake renders to; say precisely what differs.
    #[command(
        after_help = "Examples:\n  propose verify out/CD-2026-014-r2.pdf intakes/northwind.toml\n  propose verify --letter --templates my-templates/ out/CD-2026-014.md intakes/northwind.toml"
    )]
    Verify(VerifyArgs),
    /// Print shell completions.
    #[command(
        after_help = "Examples:\n  propose completions bash > /etc/bash_completion.d/propose\n  propose completions zsh > ~/.zfunc/_propose"
    )]
    Completions { shell: clap_complete::Shell },
    /// Print the man page (roff).
    #[command(after_help = "Examples:\n  propose man > propose.1 && man ./propose.1")]
    Man,
    /// Print the catalog, or check a custom one.
    #[command(
        after_help = "Examples:\n  propose catalog\n  propose catalog --format json\n  propose catalog check my-catalog/"
    )]
    Catalog {
        #[command(subcommand)]
        action: Option<CatalogAction>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Print a place's weekend and public holidays in one year, as schedules count them.
    #[command(
        after_help = "Examples:\n  propose calendar KW 2026\n  propose calendar DE-BY 2027\n  propose calendar CA-QC 2026"
    )]
    Calendar {
        /// A country code (ISO 3166-1 alpha-2), optionally with a subdivision: `DE`, `CA-QC`.
        place: String,
        /// A year the data covers (2020 to 2040).
        year: i32,
    },
}

#[derive(Debug, Args)]
pub struct QuoteArgs {
    /// The intake file, or `-` for stdin.
    pub intake: PathBuf,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Show how every line item was computed.
    #[arg(long)]
    pub explain: bool,
    /// Override an intake value by its path, e.g. `engagement[1].tier=extended-hours`.
    #[arg(long = "set", value_name = "PATH=VALUE")]
    pub sets: Vec<String>,
    #[command(flatten)]
    pub rates: Rates,
    #[command(flatten)]
    pub approval: Approval,
}

#[derive(Debug, Args)]
pub struct RenderArgs {
    /// Intake files, or `-` for stdin.
    #[arg(required = true)]
    pub intakes: Vec<PathBuf>,
    #[command(flatten)]
    pub documents: Documents,
}

/// What `render` and `watch` both take: which documents to write where, and from what.
#[derive(Debug, Args)]
pub struct Documents {
    /// Comma-separated formats: md, pdf, json, html (a self-contained web page).
    #[arg(long, default_value = "md", value_delimiter = ',', value_enum)]
    pub format: Vec<OutputFormat>,
    /// Directory to write `<proposal-number>.<ext>` into (`watch` writes the same names at
    /// every render).
    #[arg(long, default_value = "out", value_name = "DIR")]
    pub out: PathBuf,
    /// Override an intake value by its path, e.g. `proposal.currency=EUR`.
    #[arg(long = "set", value_name = "PATH=VALUE")]
    pub sets: Vec<String>,
    #[command(flatten)]
    pub look: Look,
    #[command(flatten)]
    pub rates: Rates,
    #[command(flatten)]
    pub approval: Approval,
}

#[derive(Debug, Args)]
pub struct WatchArgs {
    /// The intake file to watch.
    pub intake: PathBuf,
    #[command(flatten)]
    pub documents: Documents,
    /// Serve the output on http://127.0.0.1:PORT/ (loopback only); the page reloads itself
    /// after each render.
    #[arg(long)]
    pub serve: bool,
    /// The port to serve on; 0 picks a free one (the URL is printed).
    #[arg(long, default_value_t = 7878, requires = "serve", value_name = "N")]
    pub port: u16,
}

/// Exchange rates for the run: `quote`, `render`, `batch` and `verify` take them alike.
#[derive(Debug, Args, Clone, Default)]
pub struct Rates {
    /// Today's exchange rates, added to the catalog's (catalog/rates.csv): CSV
    /// `currency,rate,date` rows or a JSON list of `{"currency", "rate", "date"}`; a rate is
    /// units of the currency per unit of the catalog's base currency, and replaces the
    /// catalog's of the same currency and day. A proposal uses its currency's latest rate taken
    /// on or before its date, states that rate and date, and its content hash covers them.
    #[arg(long, value_name = "FILE")]
    pub rates: Option<PathBuf>,
}

/// How documents are rendered apart from their content: `render`, `batch --render` and
/// `verify` take these alike, so `verify` renders exactly what `render` wrote.
#[derive(Debug, Args, Clone, Default)]
pub struct Look {
    /// Replace embedded templates by file name with those in DIR.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// `brief`: scope, dates, price, payment plan and signature, without a cover page.
    #[arg(long, value_enum, default_value_t = EditionArg::Full)]
    pub edition: EditionArg,
    /// US Letter paper instead of A4 for PDF.
    #[arg(long)]
    pub letter: bool,
    /// A font for the PDF's characters the embedded Liberation Sans lacks (Japanese,
    /// Arabic, ...): TrueType, OpenType or a .ttc collection; repeatable, tried in order.
    #[arg(long = "font", value_name = "FILE")]
    pub fonts: Vec<PathBuf>,
    /// Never search the system's font folders (only the embedded and given fonts).
    #[arg(long)]
    pub no_system_fonts: bool,
}

/// The document `--edition` asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum EditionArg {
    #[default]
    Full,
    Brief,
}

impl Look {
    /// The render settings for `formats`: these templates and paper; the creator is this
    /// program. The one place a run's settings are made.
    pub fn settings(&self, formats: &[DocFormat]) -> Settings {
        Settings {
            formats: formats.to_vec(),
            templates: self.templates.clone(),
            edition: match self.edition {
                EditionArg::Full => Edition::Full,
                EditionArg::Brief => Edition::Brief,
            },
            paper: if self.letter { Paper::Letter } else { Paper::A4 },
            creator: format!("propose {}", propose::version()),
            fonts: FontSources { files: self.fonts.clone(), system: !self.no_system_fonts },
        }
    }
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The rendered file: a PDF, Markdown or JSON proposal.
    pub file: PathBuf,
    /// The intake it was rendered from.
    pub intake: PathBuf,
    /// Apply the same overrides the file was rendered with.
    #[arg(long = "set", value_name = "PATH=VALUE")]
    pub sets: Vec<String>,
    /// The approvers the file was rendered with (the JSON records them).
    #[arg(long = "approved-by", value_name = "NAME")]
    pub approved_by: Vec<String>,
    #[command(flatten)]
    pub look: Look,
    #[command(flatten)]
    pub rates: Rates,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    #[arg(long, value_enum, default_value_t = InitModel::Project)]
    pub model: InitModel,
    #[arg(long, default_value = "Client Name")]
    pub client: String,
    /// Write to FILE instead of stdout (refuses to replace an existing file).
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// The proposal date to write (default: today).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<chrono::NaiveDate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InitModel {
    Project,
    Advisory,
    Managed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Md,
    Pdf,
    Json,
    Html,
}

impl From<OutputFormat> for DocFormat {
    fn from(f: OutputFormat) -> DocFormat {
        match f {
            OutputFormat::Md => DocFormat::Md,
            OutputFormat::Pdf => DocFormat::Pdf,
            OutputFormat::Json => DocFormat::Json,
            OutputFormat::Html => DocFormat::Html,
        }
    }
}

fn formats(formats: &[OutputFormat]) -> Vec<DocFormat> {
    formats.iter().map(|f| DocFormat::from(*f)).collect()
}

impl Documents {
    pub fn settings(&self) -> Settings {
        self.look.settings(&formats(&self.format))
    }
}

impl BatchArgs {
    pub fn settings(&self) -> Settings {
        self.look.settings(&formats(&self.render))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BatchFormat {
    Csv,
    Jsonl,
    Table,
}

#[derive(Debug, Args)]
pub struct BatchArgs {
    /// Intake files, directories (every *.toml in them, sorted), or `-` for paths on stdin.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Override an intake value in every scenario, e.g. `proposal.currency=EUR`.
    #[arg(long = "set", value_name = "PATH=VALUE")]
    pub sets: Vec<String>,
    /// Vary a value over a list, e.g. `engagement[0].months=12,24`; several `--vary` give
    /// their cross product, the first varying slowest.
    #[arg(long = "vary", value_name = "PATH=V1,V2,...")]
    pub varies: Vec<String>,
    /// Rows as CSV (with a header), JSON Lines, or an aligned table for people.
    #[arg(long, value_enum, default_value_t = BatchFormat::Csv)]
    pub format: BatchFormat,
    /// Also render each scenario's proposal in these formats (needs `--out`).
    #[arg(long, value_delimiter = ',', value_enum)]
    pub render: Vec<OutputFormat>,
    /// Directory for rendered files, named `<row>-<input-stem>-<proposal-number>.<ext>`.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub look: Look,
    #[command(flatten)]
    pub rates: Rates,
    /// Worker threads (default, or 0: all cores). Output is the same for any number.
    #[arg(long, value_name = "N")]
    pub jobs: Option<usize>,
    #[command(flatten)]
    pub approval: Approval,
}

#[derive(Debug, Subcommand)]
pub enum CatalogAction {
    /// Validate the catalog files in DIR: references, prices, texts.
    Check { dir: PathBuf },
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn clap_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
