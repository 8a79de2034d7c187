//! Batch quoting: many intakes and scenario matrices, priced in parallel, one row each.
//!
//! Scenarios are numbered `input × matrix` and handled a chunk at a time: the chunk is priced
//! on the thread pool, collected in order, written, then dropped. Output is therefore the
//! same whatever `--jobs` is, rows stream, and memory stays flat however many scenarios
//! there are. Each input is read, `--set` and planned once, then shared by its scenarios.

mod inputs;
mod matrix;
mod rows;

pub use matrix::{Matrix, Plan, Vary};
pub use rows::{summary, Row, Sink, COLUMNS};

use crate::catalog::Catalog;
use crate::cli::{BatchArgs, BatchFormat, OutputFormat};
use crate::diag::{exit, Diagnostic, Error, Result, Source};
use crate::intake::set::Assignment;
use crate::render::Renderer;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

/// Scenarios priced per round. Large enough to keep every core busy, small enough that the
/// rows in flight take a few hundred kilobytes; also the rows a `table` sizes its columns on.
const CHUNK: usize = 1024;

/// Runs `propose batch`; returns 2 when any scenario failed on bad input, else 0 (or the
/// worst exit code of a failure that was not bad input, such as a file that could not be
/// written).
pub fn run(args: BatchArgs, catalog: Option<&Path>, color: bool) -> Result<i32> {
    let sets = args.sets.iter().map(|s| Assignment::parse("--set", s)).collect::<Result<Vec<_>>>()?;
    let matrix = Matrix::new(args.varies.iter().map(|v| Vary::parse(v)).collect::<Result<_>>()?)?;
    let render = match (&args.out, args.render.is_empty()) {
        (Some(out), false) => {
            Some((Renderer::for_formats(args.templates.as_deref(), args.letter, &args.render)?, out.clone()))
        }
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
    if let Some((_, out)) = &render {
        std::fs::create_dir_all(out)
            .map_err(|e| Error::Internal(format!("cannot create the directory `{}`: {e}", out.display())))?;
    }
    let catalog = crate::commands::load_catalog(catalog)?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.jobs.unwrap_or(0))
        .build()
        .map_err(|e| Error::Internal(format!("cannot start worker threads: {e}")))?;
    let inputs = inputs::expand(&args.inputs, |note| eprintln!("warning: {note}"));
    let total = inputs.len().checked_mul(matrix.len()).ok_or_else(|| {
        Diagnostic::new("the batch has more scenarios than this machine can count").help("split it into several runs")
    })?;
    let job = Job {
        inputs,
        sets,
        matrix,
        catalog,
        render: render.map(|(renderer, out)| Render {
            renderer,
            out,
            formats: args.render.clone(),
            digits: digits(total),
        }),
        color,
    };

    let stdout = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let mut sink = match args.format {
        BatchFormat::Csv => Sink::csv(stdout)?,
        BatchFormat::Jsonl => Sink::jsonl(stdout),
        BatchFormat::Table => Sink::table(stdout),
    };
    let mut progress = Progress { on: std::io::stderr().is_terminal(), shown: false };
    let per_input = job.matrix.len().max(1);
    let mut prepared: BTreeMap<usize, Prepared> = BTreeMap::new();
    let mut code = exit::OK;
    let mut start = 0;
    while start < total {
        let end = (start + CHUNK).min(total);
        let (first, last) = (start / per_input, (end - 1) / per_input);
        prepared.retain(|i, _| *i >= first);
        let missing: Vec<usize> = (first..=last).filter(|i| !prepared.contains_key(i)).collect();
        let fresh: Vec<(usize, Prepared)> =
            pool.install(|| missing.into_par_iter().map(|i| (i, job.prepare(i))).collect());
        prepared.extend(fresh);
        let outcomes: Vec<Outcome> = pool.install(|| {
            (start..end)
                .into_par_iter()
                .map(|n| job.scenario(&prepared[&(n / per_input)], n / per_input, n % per_input, n))
                .collect()
        });
        progress.clear();
        let mut stderr = std::io::stderr().lock();
        let rows: Vec<Row> = outcomes
            .into_iter()
            .flat_map(|o| {
                if let Some(text) = &o.stderr {
                    let _ = stderr.write_all(text.as_bytes());
                }
                code = code.max(o.code);
                o.rows
            })
            .collect();
        drop(stderr);
        if !written(sink.write(&rows).and_then(|()| sink.flush()))? {
            return Ok(exit::OK);
        }
        progress.show(end, total);
        start = end;
    }
    progress.clear();
    // Without rows, the CSV header is still due.
    if !written(sink.flush())? {
        return Ok(exit::OK);
    }
    Ok(code)
}

/// Whether stdout took the rows; `false` when its reader has gone (`propose batch … | head`),
/// which ends the batch quietly.
fn written(result: std::io::Result<()>) -> Result<bool> {
    match result {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(false),
        Err(e) => Err(Error::Internal(format!("cannot write to stdout: {e}"))),
    }
}

/// Everything a scenario needs, shared read-only by the worker threads.
struct Job {
    inputs: Vec<inputs::Input>,
    sets: Vec<Assignment>,
    matrix: Matrix,
    catalog: Catalog,
    render: Option<Render>,
    color: bool,
}

struct Render {
    renderer: Renderer,
    out: PathBuf,
    formats: Vec<OutputFormat>,
    /// Width of the zero-padded scenario number in file names.
    digits: usize,
}

/// One input made ready for its scenarios: read, `--set` applied, planned; or why not.
type Prepared = std::result::Result<(Source, Plan), Failure>;

/// A failure shared by all of an input's scenarios, explained once.
#[derive(Debug, Clone)]
struct Failure {
    summary: String,
    rendered: String,
    code: i32,
}

/// A scenario's rows (one, or one per option), what to print on stderr about it, and its
/// exit code.
struct Outcome {
    rows: Vec<Row>,
    stderr: Option<String>,
    code: i32,
}

impl Job {
    fn prepare(&self, i: usize) -> Prepared {
        let input = &self.inputs[i];
        let ready = || -> Result<(Source, Plan)> {
            if let Some(e) = &input.problem {
                let source = std::io::Error::new(e.kind(), e.to_string());
                return Err(Error::Read { path: input.path.clone(), source });
            }
            let mut source = crate::intake::read(&input.path)?;
            for set in &self.sets {
                source = set.apply(&source)?;
            }
            self.matrix.plan(source)
        };
        ready().map_err(|e| Failure { summary: summary(&e), rendered: e.render(self.color), code: e.exit_code() })
    }

    /// Prices scenario `m` of input `i`, the `n`th of the batch.
    fn scenario(&self, prepared: &Prepared, i: usize, m: usize, n: usize) -> Outcome {
        let input = &self.inputs[i].name;
        let label = self.matrix.label(m);
        let (base, plan) = match prepared {
            Ok(ready) => ready,
            Err(f) => {
                // Every scenario of the input fails alike: explain it at the first.
                let stderr = (m == 0).then(|| match self.matrix.len() {
                    1 => f.rendered.clone(),
                    n => format!("{}  = note: all {n} scenarios of `{input}` fail\n", f.rendered),
                });
                return Outcome { rows: vec![Row::error(input, label, f.summary.clone())], stderr, code: f.code };
            }
        };
        let built = self.matrix.scenario(base, plan, m).and_then(|s| crate::build(&s, &self.catalog));
        let mut p = match built {
            Ok(p) => p,
            Err(e) => return self.failed(Row::error(input, label.clone(), summary(&e)), &e, &label),
        };
        let mut rows = Row::all(input, &label, &p);
        if let Some(r) = &self.render {
            // Rendered documents carry their content hash, as `propose render` writes them.
            p.seal();
            let stem = file_stem(n, r.digits, &self.inputs[i].path, &p.proposal.number);
            if let Err(e) = r.write(&p, &stem) {
                rows.iter_mut().for_each(|row| row.fail(summary(&e)));
                let text = self.failed(Row::default(), &e, &label).stderr;
                return Outcome { rows, stderr: text, code: e.exit_code() };
            }
        }
        Outcome { rows, stderr: None, code: exit::OK }
    }

    fn failed(&self, row: Row, e: &Error, label: &str) -> Outcome {
        let rows = vec![row];
        let mut text = e.render(self.color);
        if !label.is_empty() {
            text += &format!("  = note: in scenario `{label}`\n");
        }
        Outcome { rows, stderr: Some(text), code: e.exit_code() }
    }
}

impl Render {
    /// Renders every format first (so a failure writes none), then writes each file to a
    /// temporary name beside it and renames it into place: no reader ever sees half a file.
    /// Unlike `propose render`, files are not fsynced one by one: that costs about a
    /// millisecond each, most of a large batch's time. Run `sync` if the files must survive
    /// a power cut at once.
    fn write(&self, p: &crate::proposal::Proposal, stem: &str) -> Result<()> {
        let mut rendered = Vec::with_capacity(self.formats.len());
        for f in &self.formats {
            rendered.push((self.out.join(format!("{stem}.{}", f.extension())), self.renderer.render(p, *f)?));
        }
        for (path, bytes) in rendered {
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let tmp = self.out.join(format!(".{name}.{}.tmp", std::process::id()));
            let fail = |e: std::io::Error| {
                let _ = std::fs::remove_file(&tmp);
                Error::Internal(format!("cannot write `{}`: {e}", path.display()))
            };
            std::fs::write(&tmp, &bytes).map_err(fail)?;
            std::fs::rename(&tmp, &path).map_err(fail)?;
        }
        Ok(())
    }
}

/// The file name (without extension) for the `n`th scenario's rendered proposal:
/// `<NNNN>-<input-stem>-<proposal-number>`, where `NNNN` is the scenario's 1-based row number
/// in the output, zero-padded to the width of the largest. Row numbers are unique within a
/// run, so names cannot collide, even for two inputs with the same stem and proposal number
/// or for scenarios that differ only in a varied value; they also sort in output order.
/// Characters other than letters, digits, `-`, `_` and `.` become `_`.
pub fn file_stem(n: usize, digits: usize, input: &Path, number: &str) -> String {
    let stem = input.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    format!("{:0digits$}-{}-{}", n + 1, safe(&stem), safe(number))
}

fn safe(s: &str) -> String {
    s.chars().map(|c| if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') { c } else { '_' }).collect()
}

/// Digits in the largest row number, at least 4.
fn digits(total: usize) -> usize {
    total.to_string().len().max(4)
}

/// `done/total scenarios` on stderr, redrawn after each chunk, only on a terminal.
struct Progress {
    on: bool,
    shown: bool,
}

impl Progress {
    fn show(&mut self, done: usize, total: usize) {
        if self.on {
            let _ = write!(std::io::stderr().lock(), "\r[{done}/{total}] scenarios");
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_number_scenarios_and_keep_only_safe_characters() {
        assert_eq!(file_stem(0, 4, Path::new("dir/acme.toml"), "CD-2026/014"), "0001-acme-CD-2026_014");
        assert_eq!(file_stem(99_999, digits(100_000), Path::new("a b.toml"), "X"), "100000-a_b-X");
    }
}
