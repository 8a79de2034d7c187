//! `propose watch`: render an intake, then again at every save of it, of a template in
//! `--templates` or of a catalog file in `--catalog`, writing the same files each time as
//! `render` does; one line after each render; `--serve` previews the files on loopback.

use super::{emit, load, prepare, render, report};
use crate::cli::{Color, WatchArgs};
use notify_debouncer_full::notify::event::{AccessKind, AccessMode};
use notify_debouncer_full::notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult};
use propose::catalog::Catalog;
use propose::diag::{exit, Diagnostic, Error, Location, Result};
use propose::render::Renderer;
use propose::watch::inputs::{Changed, Inputs};
use propose::watch::line::{self, Outcome, Totals};
use propose::watch::serve::{Publisher, Server};
use std::io::IsTerminal;
use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, SystemTime};

/// Quiet time after a file event before rendering, so that an editor's write and rename,
/// or a burst of saves, is one render.
const QUIET: Duration = Duration::from_millis(50);

enum Message {
    Files(DebounceEventResult),
    Stop,
}

pub fn run(args: WatchArgs, catalog_dir: Option<&Path>, choice: Color) -> Result<i32> {
    let color = super::use_color(choice);
    if args.intake == Path::new("-") {
        return Err(Diagnostic::new("`propose watch` follows a file, and `-` is standard input")
            .at(Location::file("-"))
            .help("save the intake to a file and watch that file")
            .into());
    }
    let (templates, rates) = (args.documents.look.templates.as_deref(), args.documents.rates.rates.as_deref());
    let inputs = Inputs::new(&args.intake, templates, catalog_dir, rates, &args.documents.out)?;
    let publisher = match args.serve {
        true => Some(serve(args.port)?),
        false => None,
    };
    let (tx, rx) = mpsc::channel();
    let stop = tx.clone();
    ctrlc::set_handler(move || {
        let _ = stop.send(Message::Stop);
    })
    .map_err(|e| Error::Internal(format!("cannot handle Ctrl-C: {e}")))?;
    let mut debouncer = new_debouncer(QUIET, None, move |r| {
        let _ = tx.send(Message::Files(r));
    })
    .map_err(|e| Error::Internal(format!("cannot watch files: {e}")))?;
    for (dir, recursive) in inputs.folders() {
        let mode = if recursive { RecursiveMode::Recursive } else { RecursiveMode::NonRecursive };
        debouncer.watch(&dir, mode).map_err(|e| Error::Internal(format!("cannot watch `{}`: {e}", dir.display())))?;
    }
    let line_color = match choice {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal(),
    };
    let mut watch = Watch {
        args,
        catalog_dir,
        color,
        line_color,
        publisher,
        catalog: None,
        renderer: None,
        last: None,
        wrote: false,
        intake: None,
    };
    watch.render(Changed::ALL)?;
    while let Ok(message) = rx.recv() {
        match message {
            Message::Stop => break,
            Message::Files(Ok(events)) => {
                let mut changed = Changed::default();
                for event in events.iter().filter(|e| matters(&e.kind)) {
                    if event.need_rescan() {
                        changed = Changed::ALL;
                    }
                    for path in &event.paths {
                        changed = changed.or(inputs.classify(path));
                    }
                }
                if changed.any() {
                    watch.render(changed)?;
                }
            }
            Message::Files(Err(errors)) => {
                for e in errors {
                    report(&Error::Internal(format!("file events: {e}; the watch goes on")), color);
                }
            }
        }
    }
    Ok(exit::OK)
}

/// Whether an event can change a file: opening or reading one cannot (and the render's own
/// reads would otherwise start the next render).
fn matters(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

/// Binds the preview server and prints its address.
fn serve(port: u16) -> Result<Publisher> {
    let server = Server::bind(port).map_err(|e| match e.kind() {
        std::io::ErrorKind::AddrInUse => Diagnostic::new(format!("port {port} on 127.0.0.1 is in use"))
            .help("choose another `--port N`, or `--port 0` for any free one")
            .into(),
        _ => Error::Internal(format!("cannot serve on 127.0.0.1:{port}: {e}")),
    })?;
    let addr = server.addr().map_err(|e| Error::Internal(format!("cannot serve: {e}")))?;
    let publisher = server.publisher();
    server.start().map_err(|e| Error::Internal(format!("cannot serve: {e}")))?;
    emit(&format!("serving http://{addr}/\n"))?;
    Ok(publisher)
}

/// What the watch keeps between renders: the catalog and the compiled templates until their
/// files change, and the last totals to compare with.
struct Watch<'a> {
    args: WatchArgs,
    catalog_dir: Option<&'a Path>,
    color: bool,
    line_color: bool,
    publisher: Option<Publisher>,
    catalog: Option<Catalog>,
    renderer: Option<Renderer>,
    last: Option<Totals>,
    /// Whether a render has written files yet.
    wrote: bool,
    /// The intake's bytes at the last render, to tell a save that changed nothing.
    intake: Option<Vec<u8>>,
}

impl Watch<'_> {
    /// Renders again and prints the line, or the error and a line saying the last good
    /// output stays. Only stdout failing ends the watch.
    fn render(&mut self, changed: Changed) -> Result<()> {
        // A save can come as several events a tick apart (the write, then the close), and an
        // editor may save what it has not changed: neither is a new render, nor a second
        // report of the same error.
        let bytes = std::fs::read(&self.args.intake).ok();
        let intake_only = changed == Changed { intake: true, ..Changed::default() };
        if intake_only && bytes.is_some() && bytes == self.intake {
            return Ok(());
        }
        self.intake = bytes;
        let time = line::clock(SystemTime::now());
        let text = match self.attempt(changed, &time) {
            Ok(text) => text,
            Err(e) => {
                report(&e, self.color);
                line::failed(&time, self.wrote, self.line_color)
            }
        };
        emit(&(text + "\n"))
    }

    fn attempt(&mut self, changed: Changed, time: &str) -> Result<String> {
        if changed.catalog || self.catalog.is_none() {
            self.catalog = None;
            self.catalog = Some(load(self.catalog_dir, &self.args.documents.rates)?);
        }
        if changed.templates || self.renderer.is_none() {
            self.renderer = None;
            self.renderer = Some(Renderer::new(&self.args.documents.settings())?);
        }
        let (Some(catalog), Some(renderer)) = (&self.catalog, &self.renderer) else {
            return Err(Error::Internal("the watch lost its catalog or templates".into()));
        };
        let p = prepare(&self.args.intake, &self.args.documents.sets, catalog, &self.args.documents.approval)?;
        let totals = Totals::of(&p);
        let rules = p.policy.as_ref().map_or_else(|| "ok".to_string(), propose::batch::outcome);
        let outcome = match p.policy.as_ref().map(|r| r.enforce(self.args.documents.approval.draft)) {
            Some(Err(e)) => {
                report(&e, self.color);
                Outcome::Refused(rules)
            }
            _ if p.draft => Outcome::Draft(rules),
            _ => Outcome::Rendered(rules),
        };
        if !matches!(outcome, Outcome::Refused(_)) {
            let files = render::write(renderer, &p, &self.args.documents.out, self.args.documents.look.edition)?;
            self.wrote = true;
            if let Some(publisher) = &self.publisher {
                let named = files.into_iter().map(|(path, bytes)| {
                    (path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(), bytes)
                });
                publisher.publish(named.collect());
            }
        }
        let text = line::line(time, &totals, self.last.as_ref(), &outcome, self.line_color);
        self.last = Some(totals);
        Ok(text)
    }
}
