//! The `propose` binary: parse arguments, run the command, report errors, exit with the
//! documented code. The command layer (`cli`, `cmd`) lives here; the pipeline is the library.

mod cli;
mod cmd;

use clap::Parser;
use cli::Cli;
use propose::diag::exit;

/// mimalloc instead of the system allocator: rendering allocates many small strings
/// (handlebars copies every path it resolves), and mimalloc makes that about a fifth faster.
/// Built with `no_thp`: otherwise it advises transparent huge pages for its arena, and the
/// first touch of each 2 MB page made a render fault in 36 MB instead of 20 MB; on this
/// project's VM that was 0.7 ms of `--version` and about 4 ms of `render --format md,pdf`.
/// The system allocator, tried again on 2026-12-01 (fabrikam): 16 to 20 % fewer page faults
/// (`quote` 504 → 413, `md,pdf` 1,112 → 942) but 15 to 28 % more instructions (`quote` 7.0 →
/// 8.7 M, `md,pdf` 42.6 → 49.0 M), and whole-process times within the noise: kept mimalloc.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { exit::BAD_INPUT } else { exit::OK };
            let _ = e.print();
            std::process::exit(code);
        }
    };
    let color = cmd::use_color(cli.global.color);
    let code = match cmd::run(cli) {
        Ok(code) => code,
        Err(e) => {
            cmd::report(&e, color);
            e.exit_code()
        }
    };
    std::process::exit(code);
}
