//! Batch quoting: many intakes and scenario matrices, priced in parallel, one row each.
//!
//! Scenarios are numbered `input × matrix` and handled a chunk at a time: the chunk's inputs
//! are taken (stdin's list is read only as far as the chunk needs), the chunk is priced on
//! the thread pool, collected in order, written, then dropped. Output is therefore the same
//! whatever `--jobs` is, rows stream, and memory stays flat however many inputs and
//! scenarios there are. Each input is read, `--set` and planned once, then shared by its
//! scenarios; its TOML is parsed once a chunk, and each scenario is checked from that tree
//! with its own values put in place (see `tree`).

mod inputs;
mod matrix;
mod rows;
mod tree;

pub use matrix::{Matrix, Plan, Vary};
pub use rows::{outcome, summary, Row, Sink, COLUMNS};

use crate::catalog::Catalog;
use crate::diag::{exit, Diagnostic, Error, Result, Source};
use crate::intake::set::Assignment;
use crate::output::{write_set, Durability};
use crate::render::{Renderer, Settings};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Scenarios priced per round. Large enough to keep every core busy, small enough that the
/// rows in flight take a few hundred kilobytes; also the rows a `table` sizes its columns on.
const CHUNK: usize = 1024;

/// What a batch runs: inputs (files, directories, `-` for paths on stdin), overrides for
/// every scenario, the values to vary, and where to render each scenario's documents.
#[derive(Debug, Default)]
pub struct Options {
    pub inputs: Vec<PathBuf>,
    pub sets: Vec<String>,
    pub varies: Vec<String>,
    /// The documents to render and the folder to write them into.
    pub render: Option<(Settings, PathBuf)>,
    /// Worker threads; `None` or 0 for every core. Output is the same for any number.
    pub jobs: Option<usize>,
    /// Whether diagnostics are coloured.
    pub color: bool,
    /// Approvers for every scenario's pricing-policy breaches, as `quote --approved-by`.
    pub approved_by: Vec<String>,
    /// A breach nobody approved is no failure: its documents render as drafts (`--draft`).
    pub draft: bool,
}

/// How a run ended: the exit code it earned (2 when any scenario failed on bad input, else
/// 1 when any failed otherwise, else 3 when any breaches pricing policy without approval
/// or `--draft`, as `quote` would exit, else 0), how many scenarios breach so, and whether
/// the rows' reader went away.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Finish {
    pub code: i32,
    pub breaches: usize,
    pub closed: bool,
}

/// The exit code of two outcomes together: bad input first, then an internal failure, then
/// a policy breach.
fn worse(a: i32, b: i32) -> i32 {
    let rank = |c: i32| match c {
        exit::BAD_INPUT => 3,
        exit::INTERNAL => 2,
        exit::POLICY => 1,
        _ => 0,
    };
    if rank(b) > rank(a) {
        b
    } else {
        a
    }
}

/// What a run tells its caller as it goes.
#[derive(Debug, Clone, Copy)]
pub enum Event<'a> {
    /// A failed scenario's diagnostic, rendered.
    Diagnostic(&'a str),
    /// Scenarios done so far, of the total when it is known (not for a list on stdin), after
    /// each chunk.
    Progress(usize, Option<usize>),
}

/// A batch set up to run: arguments checked, inputs listed (or left on stdin), renderer
/// ready.
pub struct Batch {
    job: Job,
    inputs: inputs::Inputs,
    pool: rayon::ThreadPool,
    /// The number of scenarios, when the number of inputs is known.
    total: Option<usize>,
}

impl Batch {
    /// Checks the options and lists the inputs; `warn` receives notes for people, such as a
    /// directory with no intakes in it.
    pub fn new(options: Options, catalog: Catalog, warn: impl FnMut(String)) -> Result<Batch> {
        let sets = options.sets.iter().map(|s| Assignment::parse("--set", s)).collect::<Result<Vec<_>>>()?;
        let matrix = Matrix::new(options.varies.iter().map(|v| Vary::parse(v)).collect::<Result<_>>()?)?;
        let render = match options.render {
            Some((settings, out)) => {
                std::fs::create_dir_all(&out).map_err(|source| Error::Write { path: out.clone(), source })?;
                Some(Render { renderer: Renderer::new(&settings)?, out, digits: 0 })
            }
            None => None,
        };
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(options.jobs.unwrap_or(0))
            .build()
            .map_err(|e| Error::Internal(format!("cannot start worker threads: {e}")))?;
        let inputs = inputs::Inputs::new(&options.inputs, warn);
        let total = match inputs.len() {
            Some(n) => Some(n.checked_mul(matrix.len()).ok_or_else(|| {
                Diagnostic::new("the batch has more scenarios than this machine can count")
                    .help("split it into several runs")
            })?),
            None => None,
        };
        let render = render.map(|r| Render { digits: digits(total), ..r });
        let job = Job {
            sets,
            matrix,
            catalog,
            render,
            color: options.color,
            approved_by: options.approved_by,
            draft: options.draft,
        };
        Ok(Batch { job, inputs, pool, total })
    }

    /// Runs every scenario in order, a chunk at a time: rows go to `sink`; each failure's
    /// diagnostic and the progress after each chunk go to `events`. When the sink's reader
    /// goes away the rows stop quietly, but every scenario still runs, so the exit code
    /// still reports every failure (and every file is still rendered).
    pub fn run<W: Write>(&mut self, sink: &mut Sink<W>, mut events: impl FnMut(Event)) -> Result<Finish> {
        let job = &self.job;
        let per_input = job.matrix.len().max(1);
        // The inputs the current chunk's scenarios come from, by their number.
        let mut window: BTreeMap<usize, (inputs::Input, Prepared)> = BTreeMap::new();
        let mut taken = 0;
        let mut finish = Finish { code: exit::OK, breaches: 0, closed: false };
        let mut start = 0;
        loop {
            let first = start / per_input;
            window.retain(|i, _| *i >= first);
            let last = (start + CHUNK - 1) / per_input;
            // Take the chunk's inputs: wait for stdin only while no scenario is at hand, so a
            // list still being written is worked on as its paths arrive.
            let mut fresh = Vec::new();
            while taken <= last {
                let wait = taken.saturating_mul(per_input) <= start;
                match self.inputs.pull(wait) {
                    inputs::Next::Ready(input) => fresh.push((taken, input)),
                    inputs::Next::Pending | inputs::Next::End => break,
                }
                taken += 1;
            }
            let end = (start + CHUNK).min(taken.saturating_mul(per_input));
            if start >= end {
                break;
            }
            let fresh: Vec<(usize, (inputs::Input, Prepared))> = self.pool.install(|| {
                fresh
                    .into_par_iter()
                    .map(|(i, input)| {
                        let prepared = job.prepare(&input);
                        (i, (input, prepared))
                    })
                    .collect()
            });
            window.extend(fresh);
            // The chunk's inputs parsed once, for their scenarios to share.
            let first = start / per_input;
            let trees: Vec<Option<tree::Tree>> = self.pool.install(|| {
                (first..=(end - 1) / per_input)
                    .into_par_iter()
                    .map(|i| match &window[&i].1 {
                        Ok((base, Plan::Splice(_))) => tree::parse(&base.text),
                        _ => None,
                    })
                    .collect()
            });
            let outcomes: Vec<Outcome> = self.pool.install(|| {
                (start..end)
                    .into_par_iter()
                    .map(|n| {
                        let (input, prepared) = &window[&(n / per_input)];
                        let tree = trees[n / per_input - first].as_ref();
                        job.scenario(input, prepared, tree, n % per_input, n)
                    })
                    .collect()
            });
            let mut rows = Vec::with_capacity(outcomes.len());
            for o in outcomes {
                if let Some(text) = &o.stderr {
                    events(Event::Diagnostic(text));
                }
                finish.code = worse(finish.code, o.code);
                finish.breaches += usize::from(o.code == exit::POLICY);
                rows.extend(o.rows);
            }
            if !finish.closed {
                finish.closed = !written(sink.write(&rows).and_then(|()| sink.flush()))?;
            }
            events(Event::Progress(end, self.total));
            start = end;
        }
        // Without rows, the CSV header is still due.
        if !finish.closed {
            finish.closed = !written(sink.flush())?;
        }
        Ok(finish)
    }
}

/// Whether stdout took the rows; `false` when its reader has gone (`propose batch … | head`).
fn written(result: std::io::Result<()>) -> Result<bool> {
    match result {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(false),
        Err(e) => Err(Error::Stdout(e)),
    }
}

/// The `error` cell of a scenario whose documents were not rendered for a breach.
const NOT_RENDERED: &str =
    "not rendered: the quote breaches pricing policy; name an approver with `--approved-by NAME`, or render drafts with `--draft`";

/// Everything a scenario needs, shared read-only by the worker threads.
struct Job {
    sets: Vec<Assignment>,
    matrix: Matrix,
    catalog: Catalog,
    render: Option<Render>,
    color: bool,
    approved_by: Vec<String>,
    draft: bool,
}

struct Render {
    renderer: Renderer,
    out: PathBuf,
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

/// A priced scenario: its figures alone when that is all its row needs, else its proposal.
enum Built {
    Figures(Box<(crate::intake::Intake, crate::proposal::Figures, crate::policy::Review)>),
    Proposal(Box<crate::proposal::Proposal>),
}

/// A scenario's rows (one, or one per option), what to print on stderr about it, and its
/// exit code.
struct Outcome {
    rows: Vec<Row>,
    stderr: Option<String>,
    code: i32,
}

impl Job {
    fn prepare(&self, input: &inputs::Input) -> Prepared {
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

    /// Prices scenario `m` of `input`, the `n`th of the batch.
    fn scenario(
        &self,
        input: &inputs::Input,
        prepared: &Prepared,
        tree: Option<&tree::Tree>,
        m: usize,
        n: usize,
    ) -> Outcome {
        let path = &input.path;
        let input = &input.name;
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
        let built = self.matrix.scenario(base, plan, m).and_then(|s| {
            // From the parsed base with the scenario's values put in place; should anything
            // be wrong, the scenario's text is parsed, so its diagnostic is exactly `quote`'s.
            let fast = tree
                .zip(self.matrix.edits(plan, m))
                .and_then(|(t, edits)| tree::scenario(t, &edits))
                .and_then(|t| crate::intake::parse_tree(t, &s, &self.catalog).ok());
            let fast = match fast {
                // A row shows only the figures: the proposal's texts are assembled only for
                // documents to write, or for options, whose rows come from the proposal.
                Some(intake) if self.render.is_none() && intake.options.is_empty() => {
                    if let Ok(Some(figures)) = crate::assemble_figures(&s, &self.catalog, intake) {
                        return Ok(Built::Figures(Box::new(figures)));
                    }
                    None
                }
                fast => fast.and_then(|intake| crate::assemble(&s, &self.catalog, intake).ok()),
            };
            fast.map_or_else(|| crate::build(&s, &self.catalog), Ok).map(|p| Built::Proposal(Box::new(p)))
        });
        let mut p = match built {
            Ok(Built::Proposal(p)) => p,
            Ok(Built::Figures(figures)) => {
                let (intake, figures, mut review) = *figures;
                review.approve(&self.approved_by);
                let code = if review.approved || self.draft { exit::OK } else { exit::POLICY };
                let rows = vec![Row::of_figures(input, label, &intake, &figures, &review)];
                return Outcome { rows, stderr: None, code };
            }
            Err(e) => return self.failed(Row::error(input, label.clone(), summary(&e)), &e, &label),
        };
        // Approvals as `quote` records them: the recommended offer's review decides the exit
        // code and the draft flag, each option's own its row.
        let mut code = exit::OK;
        if let Some(review) = p.policy.as_mut() {
            review.approve(&self.approved_by);
            p.draft = self.draft && !review.approved;
            if !review.approved && !self.draft {
                code = exit::POLICY;
            }
        }
        for o in &mut p.options {
            if let Some(review) = o.policy.as_mut() {
                review.approve(&self.approved_by);
            }
        }
        let mut rows = Row::all(input, &label, &p);
        if code == exit::POLICY && self.render.is_some() {
            // As `render` refuses to: no client document for an unapproved breach.
            rows.iter_mut().for_each(|row| row.fail(NOT_RENDERED.to_string()));
            return Outcome { rows, stderr: None, code };
        }
        if let Some(r) = &self.render {
            // Rendered documents carry their content hash, as `propose render` writes them.
            p.seal();
            let stem = file_stem(n, r.digits, path, &p.proposal.number);
            if let Err(e) = r.write(&p, &stem) {
                rows.iter_mut().for_each(|row| row.fail(summary(&e)));
                let text = self.failed(Row::default(), &e, &label).stderr;
                return Outcome { rows, stderr: text, code: e.exit_code() };
            }
        }
        Outcome { rows, stderr: None, code }
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
    /// Renders every format, then writes the set as `render` does, but without syncing each
    /// file (that costs about a millisecond a file, most of a large batch's time; run `sync`
    /// if the files must survive a power cut at once).
    fn write(&self, p: &crate::proposal::Proposal, stem: &str) -> Result<()> {
        let files: Vec<(&str, Vec<u8>)> =
            self.renderer.render_all(p)?.into_iter().map(|(f, bytes)| (f.extension(), bytes)).collect();
        write_set(&self.out, stem, &files, Durability::NoSync).map(|_| ())
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

/// Digits in the largest row number, at least 4; for a list on stdin, whose length is not
/// known in advance, [`STREAMED_DIGITS`].
fn digits(total: Option<usize>) -> usize {
    total.map_or(STREAMED_DIGITS, |t| t.to_string().len().max(4))
}

/// Row numbers' width in file names when the inputs come from stdin: names sort in output
/// order up to 999,999 rows (and stay unique beyond).
pub const STREAMED_DIGITS: usize = 6;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_input_outranks_an_internal_failure_which_outranks_a_breach() {
        assert_eq!(worse(exit::POLICY, exit::BAD_INPUT), exit::BAD_INPUT);
        assert_eq!(worse(exit::BAD_INPUT, exit::POLICY), exit::BAD_INPUT);
        assert_eq!(worse(exit::POLICY, exit::INTERNAL), exit::INTERNAL);
        assert_eq!(worse(exit::OK, exit::POLICY), exit::POLICY);
        assert_eq!(worse(exit::POLICY, exit::OK), exit::POLICY);
    }

    #[test]
    fn file_names_number_scenarios_and_keep_only_safe_characters() {
        assert_eq!(file_stem(0, 4, Path::new("dir/acme.toml"), "CD-2026/014"), "0001-acme-CD-2026_014");
        assert_eq!(file_stem(99_999, digits(Some(100_000)), Path::new("a b.toml"), "X"), "100000-a_b-X");
        assert_eq!(file_stem(0, digits(None), Path::new("a.toml"), "X"), "000001-a-X");
    }
}
