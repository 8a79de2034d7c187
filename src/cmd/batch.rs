//! `propose batch`: many intakes and scenario matrices, one row each, on stdout; progress
//! on stderr only when it is a terminal.

use crate::cli::{BatchArgs, BatchFormat};
use propose::batch::{Batch, Event, Options, Sink};
use propose::catalog::Catalog;
use propose::diag::{Diagnostic, Result};
use std::io::{IsTerminal, Write};

pub fn run(args: BatchArgs, catalog: Catalog, color: bool) -> Result<i32> {
    let render = match (&args.out, args.render.is_empty()) {
        (Some(out), false) => Some((args.settings(), out.clone())),
        (None, false) => {
            return Err(Diagnostic::new("`--render` needs `--out DIR` to write the files into")
                .help("add `--out DIR`, e.g. `--render md --out proposals/`")
                .into())
        }
        (Some(_), true) => {
            return Err(Diagnostic::new("`--out` is only used with `--render`")
                .help("add `--render md` (or md,pdf,json) to write each scenario's proposal")
                .into())
        }
        (None, true) => None,
    };
    let options = Options {
        inputs: args.inputs,
        sets: args.sets,
        varies: args.varies,
        render,
        jobs: args.jobs,
        color,
        approved_by: args.approval.approved_by,
        draft: args.approval.draft,
    };
    let mut batch = Batch::new(options, catalog, |note| eprintln!("warning: {note}"))?;
    let stdout = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let mut sink = match args.format {
        BatchFormat::Csv => Sink::csv(stdout)?,
        BatchFormat::Jsonl => Sink::jsonl(stdout),
        BatchFormat::Table => Sink::table(stdout),
    };
    let mut progress = Progress { on: std::io::stderr().is_terminal(), shown: false };
    let finish = batch.run(&mut sink, |event| match event {
        Event::Diagnostic(text) => {
            progress.clear();
            let _ = std::io::stderr().lock().write_all(text.as_bytes());
        }
        Event::Progress(done, total) => progress.show(done, total),
    });
    progress.clear();
    let finish = finish?;
    if finish.breaches > 0 {
        let n = finish.breaches;
        let which = if n == 1 { "1 scenario breaches".to_string() } else { format!("{n} scenarios breach") };
        let e: propose::diag::Error =
            Diagnostic::new(format!("{which} pricing policy without approval (see the `policy` column)"))
                .help("name approvers with `--approved-by NAME`, or render watermarked drafts with `--draft`")
                .into();
        super::report(&e, color);
    }
    Ok(finish.code)
}

/// `[done/total] scenarios` on stderr (`[done]` for a list on stdin), redrawn after each
/// chunk, only on a terminal.
struct Progress {
    on: bool,
    shown: bool,
}

impl Progress {
    fn show(&mut self, done: usize, total: Option<usize>) {
        if self.on {
            let total = total.map(|t| format!("/{t}")).unwrap_or_default();
            let _ = write!(std::io::stderr().lock(), "\r[{done}{total}] scenarios");
            self.shown = true;
        }
    }

    fn clear(&mut self) {
        if self.shown {
            let _ = write!(std::io::stderr().lock(), "\r\x1b[K");
            self.shown = false;
        }
    }
}
