//! Batch inputs: files as given, directories expanded to their `*.toml` files (sorted), and
//! `-` read as one path a line from stdin. A directory that cannot be listed is kept as an
//! input that fails, so it gets its error row like any other bad input.
//!
//! Files and directories are listed when the batch is set up. Stdin is read by a thread of
//! its own, at most [`READ_AHEAD`] paths ahead of the batch, so a list of any length streams
//! through in flat memory, and work starts on the first paths while the list is still being
//! written.

use std::collections::VecDeque;
use std::io::{BufRead, Read};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, TryRecvError};

/// One intake to quote, or the reason it cannot be found.
#[derive(Debug)]
pub struct Input {
    pub path: PathBuf,
    /// The name rows and diagnostics use: the path as given or as found in a directory.
    pub name: String,
    /// Set when the input could not even be listed (an unreadable directory, stdin).
    pub problem: Option<std::io::Error>,
}

impl Input {
    fn file(path: PathBuf) -> Input {
        Input { name: path.display().to_string(), path, problem: None }
    }

    fn failed(path: PathBuf, source: std::io::Error) -> Input {
        Input { name: path.display().to_string(), problem: Some(source), path }
    }
}

/// The longest line stdin's list may hold: a path, with room to spare.
pub const MAX_PATH_LINE: usize = 4096;

/// Paths read from stdin ahead of the batch, at most.
pub const READ_AHEAD: usize = 1024;

/// The inputs in order, as an iterator; stdin's list arrives as it is read.
pub struct Inputs {
    queue: VecDeque<Arg>,
    stdin: Stdin,
    /// How many inputs there are, when that is known without reading stdin.
    len: Option<usize>,
}

enum Arg {
    Ready(Input),
    /// `-`: paths from stdin, one a line, until its end.
    Stdin,
}

enum Stdin {
    /// Not read yet: standard input, or a stand-in for tests.
    Unread(Option<Box<dyn BufRead + Send>>),
    /// Paths as the reader thread finds them; closed at the list's end.
    Reading(Receiver<Input>),
    Done,
}

/// An input, if one is at hand without waiting for stdin.
pub enum Next {
    Ready(Input),
    /// Stdin's next line has not arrived yet.
    Pending,
    End,
}

impl Inputs {
    /// Expands the command line's inputs in order, listing directories now and leaving stdin
    /// for later. `warn` receives notes for people, such as a directory with no intakes.
    pub fn new(args: &[PathBuf], warn: impl FnMut(String)) -> Inputs {
        Inputs::expand(args, Stdin::Unread(None), warn)
    }

    /// As [`Inputs::new`], with `stdin` standing in for standard input.
    #[cfg(test)]
    fn with_stdin(args: &[PathBuf], stdin: Box<dyn BufRead + Send>, warn: impl FnMut(String)) -> Inputs {
        Inputs::expand(args, Stdin::Unread(Some(stdin)), warn)
    }

    fn expand(args: &[PathBuf], stdin: Stdin, mut warn: impl FnMut(String)) -> Inputs {
        let mut queue = VecDeque::new();
        for arg in args {
            if arg.as_os_str() == "-" {
                queue.push_back(Arg::Stdin);
            } else if arg.is_dir() {
                match toml_files(arg) {
                    Ok(files) if files.is_empty() => warn(format!("no *.toml files in `{}`", arg.display())),
                    Ok(files) => queue.extend(files.into_iter().map(|f| Arg::Ready(Input::file(f)))),
                    Err(e) => queue.push_back(Arg::Ready(Input::failed(arg.clone(), e))),
                }
            } else {
                queue.push_back(Arg::Ready(Input::file(arg.clone())));
            }
        }
        let len = queue.iter().all(|a| matches!(a, Arg::Ready(_))).then_some(queue.len());
        Inputs { queue, stdin, len }
    }

    /// How many inputs there are, or `None` when stdin's list decides.
    pub fn len(&self) -> Option<usize> {
        self.len
    }

    /// The next input; with `wait`, waits for stdin's next line rather than answer
    /// [`Next::Pending`].
    pub fn pull(&mut self, wait: bool) -> Next {
        loop {
            match self.queue.front() {
                None => return Next::End,
                Some(Arg::Ready(_)) => {
                    if let Some(Arg::Ready(input)) = self.queue.pop_front() {
                        return Next::Ready(input);
                    }
                }
                Some(Arg::Stdin) => {
                    if let Stdin::Unread(reader) = &mut self.stdin {
                        self.stdin = Stdin::Reading(read_list(reader.take()));
                    }
                    let Stdin::Reading(rx) = &self.stdin else {
                        // Stdin was read to its end by an earlier `-`.
                        self.queue.pop_front();
                        continue;
                    };
                    let next = if wait { rx.recv().map_err(|_| TryRecvError::Disconnected) } else { rx.try_recv() };
                    match next {
                        Ok(input) => return Next::Ready(input),
                        Err(TryRecvError::Empty) => return Next::Pending,
                        Err(TryRecvError::Disconnected) => {
                            self.stdin = Stdin::Done;
                            self.queue.pop_front();
                        }
                    }
                }
            }
        }
    }
}

/// Starts the thread that reads the list from `reader` (standard input when `None`): one
/// input per non-blank line, sent as soon as it is read; the channel closes at the list's end.
fn read_list(reader: Option<Box<dyn BufRead + Send>>) -> Receiver<Input> {
    let (tx, rx) = std::sync::mpsc::sync_channel(READ_AHEAD);
    std::thread::spawn(move || {
        let mut reader: Box<dyn BufRead> = match reader {
            Some(r) => r,
            None => Box::new(std::io::stdin().lock()),
        };
        while let Some((input, more)) = next_line(&mut reader) {
            if tx.send(input).is_err() || !more {
                return;
            }
        }
    });
    rx
}

/// The next path on the list, skipping blank lines, and whether the list goes on: `None` at
/// its end. A line that is too long or not UTF-8 is an input that fails, and the list goes
/// on; a read error is an input that fails and ends the list.
fn next_line(reader: &mut Box<dyn BufRead>) -> Option<(Input, bool)> {
    let failed = |why: String| Input::failed(PathBuf::from("<stdin>"), std::io::Error::other(why));
    let mut line = Vec::new();
    loop {
        line.clear();
        match (&mut **reader).take(MAX_PATH_LINE as u64 + 1).read_until(b'\n', &mut line) {
            Ok(0) => return None,
            Ok(_) if line.len() > MAX_PATH_LINE && !line.ends_with(b"\n") => {
                // Skip the rest of the line, so the next path is read whole.
                return Some(match reader.skip_until(b'\n') {
                    Ok(_) => (failed(format!("a line of the list is longer than {MAX_PATH_LINE} bytes")), true),
                    Err(e) => (Input::failed(PathBuf::from("<stdin>"), e), false),
                });
            }
            Ok(_) => {
                let Ok(text) = std::str::from_utf8(&line) else {
                    return Some((failed("a line of the list is not UTF-8".to_string()), true));
                };
                let path = text.trim_end_matches(['\n', '\r']);
                if path.trim().is_empty() {
                    continue;
                }
                if path == "-" {
                    let e = std::io::Error::other("`-` in the list on stdin: stdin is the list itself");
                    return Some((Input::failed(PathBuf::from("-"), e), true));
                }
                return Some((Input::file(PathBuf::from(path)), true));
            }
            Err(e) => return Some((Input::failed(PathBuf::from("<stdin>"), e), false)),
        }
    }
}

impl Iterator for Inputs {
    type Item = Input;

    /// The next input, waiting for stdin if need be.
    fn next(&mut self) -> Option<Input> {
        match self.pull(true) {
            Next::Ready(input) => Some(input),
            Next::Pending | Next::End => None,
        }
    }
}

/// The `*.toml` files directly in `dir` (not in subdirectories), sorted by name.
fn toml_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "toml") && path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(inputs: Inputs) -> Vec<String> {
        inputs.map(|i| i.name).collect()
    }

    #[test]
    fn directories_give_their_toml_files_sorted() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["b.toml", "a.toml", "notes.txt", "c.toml.bak"] {
            std::fs::write(dir.path().join(name), "").unwrap();
        }
        std::fs::create_dir(dir.path().join("sub.toml")).unwrap();
        let inputs = Inputs::new(&[dir.path().to_path_buf(), PathBuf::from("x.toml")], |_| {});
        assert_eq!(inputs.len(), Some(3));
        let names: Vec<_> = inputs.map(|i| i.path.file_name().unwrap().to_str().unwrap().to_string()).collect();
        assert_eq!(names, ["a.toml", "b.toml", "x.toml"]);
    }

    #[test]
    fn empty_directories_warn() {
        let dir = tempfile::tempdir().unwrap();
        let mut notes = Vec::new();
        assert_eq!(Inputs::new(&[dir.path().to_path_buf()], |n| notes.push(n)).count(), 0);
        assert_eq!(notes.len(), 1);
    }

    /// A reader that counts the bytes read from it, to show how far ahead stdin is read.
    struct Counted<R>(R, std::sync::Arc<std::sync::atomic::AtomicUsize>);

    impl<R: Read> Read for Counted<R> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let len = buf.len().min(16);
            let n = self.0.read(&mut buf[..len])?;
            self.1.fetch_add(n, std::sync::atomic::Ordering::SeqCst);
            Ok(n)
        }
    }

    #[test]
    fn stdin_is_read_only_a_bounded_way_ahead() {
        let list: String = (0..10_000).map(|i| format!("in/{i:04}.toml\n")).collect();
        let read = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let stdin = std::io::BufReader::with_capacity(64, Counted(std::io::Cursor::new(list.clone()), read.clone()));
        let args = [PathBuf::from("first.toml"), PathBuf::from("-"), PathBuf::from("last.toml")];
        let mut inputs = Inputs::with_stdin(&args, Box::new(stdin), |_| {});
        assert_eq!(inputs.len(), None);
        assert_eq!(inputs.next().unwrap().name, "first.toml");
        assert_eq!(read.load(std::sync::atomic::Ordering::SeqCst), 0, "stdin is read before `-` is reached");
        assert_eq!(inputs.next().unwrap().name, "in/0000.toml");
        // However long the reader runs, it stays at most READ_AHEAD paths (and a buffer) ahead.
        std::thread::sleep(std::time::Duration::from_millis(200));
        let line = "in/0000.toml\n".len();
        let ahead = read.load(std::sync::atomic::Ordering::SeqCst);
        assert!(ahead <= (READ_AHEAD + 3) * line + 64, "read {ahead} bytes of {}", list.len());
        let rest = names(inputs);
        assert_eq!(rest.len(), 10_000);
        assert_eq!(rest[9_998], "in/9999.toml");
        assert_eq!(rest[9_999], "last.toml");
        assert_eq!(read.load(std::sync::atomic::Ordering::SeqCst), list.len());
    }

    #[test]
    fn a_bad_line_on_stdin_fails_alone() {
        let mut bytes = b"a.toml\r\n\n  \n-\n".to_vec();
        bytes.extend(std::iter::repeat_n(b'x', MAX_PATH_LINE + 10));
        bytes.extend_from_slice(b"\nb.\xff\nc.toml");
        let inputs: Vec<Input> =
            Inputs::with_stdin(&[PathBuf::from("-")], Box::new(std::io::Cursor::new(bytes)), |_| {}).collect();
        let names: Vec<&str> = inputs.iter().map(|i| i.name.as_str()).collect();
        assert_eq!(names, ["a.toml", "-", "<stdin>", "<stdin>", "c.toml"]);
        let problems: Vec<bool> = inputs.iter().map(|i| i.problem.is_some()).collect();
        assert_eq!(problems, [false, true, true, true, false]);
    }
}
