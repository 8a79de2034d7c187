//! `propose watch`: run as a user would, editing the intake on disk and reading the printed
//! lines, the written files and, with `--serve`, the preview over loopback. Waits are
//! generous timeouts, never timing assertions; the child is always killed.

use crate::common::{example, propose, root};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long any one step may take on a loaded machine.
const PATIENCE: Duration = Duration::from_secs(20);

/// A running `propose watch`: its stdout lines as they come, its stderr so far. Killed
/// when dropped, so a failing test never leaves it behind.
struct Watch {
    child: Child,
    lines: Receiver<String>,
    stderr: Arc<Mutex<String>>,
}

impl Watch {
    fn start(args: &[&str]) -> Watch {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("propose"))
            .arg("watch")
            .args(args)
            .current_dir(root())
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the binary starts");
        let (tx, lines) = std::sync::mpsc::channel();
        let stdout = child.stdout.take().expect("stdout is piped");
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let stderr = Arc::new(Mutex::new(String::new()));
        let mut pipe = child.stderr.take().expect("stderr is piped");
        let sink = Arc::clone(&stderr);
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = pipe.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        Watch { child, lines, stderr }
    }

    /// The next stdout line for which `wanted` holds (others are skipped), within [`PATIENCE`].
    fn line(&self, wanted: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + PATIENCE;
        loop {
            match self.lines.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
                Ok(line) if wanted(&line) => return line,
                Ok(_) => {}
                Err(RecvTimeoutError::Timeout) => panic!("no such line in time; stderr:\n{}", self.stderr()),
                Err(RecvTimeoutError::Disconnected) => panic!("the watch ended; stderr:\n{}", self.stderr()),
            }
        }
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Stderr once it holds `text` (it comes down another pipe than the lines, so it may
    /// arrive after them), within [`PATIENCE`].
    fn stderr_with(&self, text: &str) -> String {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let stderr = self.stderr();
            if stderr.contains(text) || Instant::now() > deadline {
                return stderr;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Saves `text` as an editor does: a new file renamed over the old one.
fn save(path: &Path, text: &str) {
    let tmp = path.with_file_name(".save.tmp");
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, path).unwrap();
}

/// A response's status, headers (as written) and body, from one request sent as is.
fn http(port: u16, request: &str) -> (u16, String, Vec<u8>) {
    let mut conn = TcpStream::connect(("127.0.0.1", port)).expect("the server accepts");
    conn.set_read_timeout(Some(PATIENCE)).unwrap();
    conn.write_all(request.as_bytes()).unwrap();
    let mut raw = Vec::new();
    conn.read_to_end(&mut raw).expect("a whole response");
    let at = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("a response head");
    let head = String::from_utf8_lossy(&raw[..at + 2]).into_owned();
    let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).expect("a status");
    (status, head, raw[at + 4..].to_vec())
}

fn get(port: u16, path: &str) -> (u16, String, Vec<u8>) {
    http(port, &format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"))
}

#[test]
fn renders_at_each_save_keeps_the_last_good_output_and_serves_it() {
    let dir = tempfile::tempdir().unwrap();
    let intake = dir.path().join("intake.toml");
    let out = dir.path().join("out");
    let original = std::fs::read_to_string(example("northwind-migration.toml")).unwrap();
    assert!(original.contains("servers = 40"), "the example changed: pick another edit");
    std::fs::write(&intake, &original).unwrap();
    let (intake_arg, out_arg) = (intake.to_str().unwrap(), out.to_str().unwrap());
    let watch = Watch::start(&[intake_arg, "--format", "md,pdf", "--out", out_arg, "--serve", "--port", "0"]);

    let serving = watch.line(|_| true);
    let port: u16 = serving
        .strip_prefix("serving http://127.0.0.1:")
        .and_then(|rest| rest.strip_suffix('/'))
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("not the address: {serving}"));
    let first = watch.line(|_| true);
    assert!(first.contains(" CD-2026-014  one-time $") && first.ends_with("  policy ok"), "{first}");
    assert!(!first.contains('→'), "nothing to compare with yet: {first}");
    let (md, pdf) = (out.join("CD-2026-014.md"), out.join("CD-2026-014.pdf"));
    let first_md = std::fs::read(&md).unwrap();

    // A change of quantity: a new line shows the change, and the files are what `render`
    // writes for the new intake, byte for byte.
    save(&intake, &original.replace("servers = 40", "servers = 60"));
    let changed = watch.line(|_| true);
    assert!(changed.contains("contract $") && changed.contains(" → $") && changed.contains(" (+$"), "{changed}");
    let fresh = dir.path().join("fresh");
    propose().args(["render", "--format", "md,pdf", "--out"]).arg(&fresh).arg(&intake).assert().success();
    let new_md = std::fs::read(&md).unwrap();
    assert_ne!(new_md, first_md, "the Markdown was written again");
    assert_eq!(new_md, std::fs::read(fresh.join("CD-2026-014.md")).unwrap());
    assert_eq!(std::fs::read(&pdf).unwrap(), std::fs::read(fresh.join("CD-2026-014.pdf")).unwrap());

    // A broken save: its located error, and the last good output untouched.
    let good_pdf = std::fs::read(&pdf).unwrap();
    save(&intake, &original.replace("servers = 40", "servers = 60").replace("months = 12", "months = twelve"));
    let failed = watch.line(|_| true);
    assert!(failed.contains(" not rendered: see the error above; the last good output is kept"), "{failed}");
    let stderr = watch.stderr_with("intake.toml:41:10");
    assert!(stderr.contains("error: ") && stderr.contains("intake.toml:41:10"), "{stderr}");
    assert_eq!(std::fs::read(&md).unwrap(), new_md);
    assert_eq!(std::fs::read(&pdf).unwrap(), good_pdf);

    // Fixed again: it renders, and its totals are those of the last good render.
    save(&intake, &original.replace("servers = 40", "servers = 60"));
    let fixed = watch.line(|l| l.contains("policy"));
    assert!(fixed.ends_with("policy ok  (unchanged)"), "{fixed}");

    // The preview: the rendered files by name, nothing else.
    let (status, head, body) = get(port, "/CD-2026-014.pdf");
    assert_eq!(status, 200, "{head}");
    assert!(head.contains("Content-Type: application/pdf\r\n"), "{head}");
    assert_eq!(body, good_pdf);
    let (status, head, body) = get(port, "/CD-2026-014.md");
    assert!(status == 200 && head.contains("Content-Type: text/plain; charset=utf-8\r\n"), "{head}");
    assert_eq!(body, new_md);
    let (status, head, _) = get(port, "/");
    assert!(status == 302 && head.contains("Location: /__propose/preview\r\n"), "{head}");
    let (status, _, page) = get(port, "/__propose/preview");
    let page = String::from_utf8(page).unwrap();
    assert!(
        status == 200 && page.contains("src=\"/CD-2026-014.pdf?r=") && page.contains("/__propose/events"),
        "{page}"
    );
    let (status, head, body) = http(port, &format!("HEAD /CD-2026-014.md HTTP/1.1\r\nHost: localhost:{port}\r\n\r\n"));
    assert!(status == 200 && body.is_empty(), "{head}");
    let out_dir = format!("/{}/", out.file_name().unwrap().to_str().unwrap());
    for path in [
        "/../Cargo.toml",
        "/%2e%2e/Cargo.toml",
        "/%2E%2E%2FCargo.toml",
        "/nothing.md",
        &out_dir,
        "/out",
        "//etc/passwd",
    ] {
        let (status, head, body) = get(port, path);
        assert_eq!(status, 404, "{path}: {head}");
        assert_eq!(body, b"404 Not Found\n", "{path}");
    }
    let (status, head, _) =
        http(port, "POST /CD-2026-014.md HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\n\r\nhello");
    assert!(status == 405 && head.contains("Allow: GET, HEAD\r\n"), "{head}");
    let (status, _, _) = get(port, "http://example.com/CD-2026-014.md");
    assert_eq!(status, 404, "an absolute target names no file here");
    let (status, _, _) = http(port, "GET /CD-2026-014.md HTTP/1.1\r\nHost: example.com\r\n\r\n");
    assert_eq!(status, 403, "a name other than loopback's is refused");
    let (status, _, body) = http(port, &format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(10_000)));
    assert!(status == 431 && body.starts_with(b"431"), "a head over 8 KiB is refused");

    // A page polls for renders: one already came since generation 0, so it answers at once.
    let (status, _, body) = get(port, "/__propose/events?since=0");
    assert!(status == 200 && String::from_utf8(body).unwrap().parse::<u64>().unwrap() >= 1);
    // A client that stalls halfway through its request holds up no other.
    let mut stalled = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stalled.write_all(b"GET /CD-2026-014.md HTTP/1.1\r\n").unwrap();
    assert_eq!(get(port, "/CD-2026-014.md").0, 200);
    drop(stalled);
    stop(watch);
}

/// Ctrl-C ends a watch cleanly, with exit 0.
#[cfg(unix)]
fn stop(mut watch: Watch) {
    let pid = watch.child.id() as libc::pid_t;
    assert_eq!(unsafe { libc::kill(pid, libc::SIGINT) }, 0);
    let deadline = Instant::now() + PATIENCE;
    let status = loop {
        if let Some(status) = watch.child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "the watch did not stop on Ctrl-C");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(0), "{}", watch.stderr());
}

#[cfg(not(unix))]
fn stop(watch: Watch) {
    drop(watch);
}

#[test]
fn a_first_render_that_fails_is_reported_and_the_watch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let intake = dir.path().join("intake.toml");
    std::fs::write(&intake, "[client]\nname = 12\n").unwrap();
    let out = dir.path().join("out");
    let watch = Watch::start(&[intake.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    let failed = watch.line(|_| true);
    assert!(failed.ends_with("not rendered: see the error above; nothing written yet; watching for the next save"));
    let stderr = watch.stderr_with("intake.toml:2:8");
    assert!(stderr.contains("intake.toml:2:8"), "{stderr}");
    save(&intake, &std::fs::read_to_string(example("fabrikam-advisory.toml")).unwrap());
    let rendered = watch.line(|_| true);
    assert!(rendered.contains("  contract ") && rendered.contains("  policy "), "{rendered}");
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 1, "the Markdown alone");
}

#[test]
fn a_save_that_changes_nothing_renders_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let intake = dir.path().join("intake.toml");
    let text = std::fs::read_to_string(example("northwind-migration.toml")).unwrap();
    std::fs::write(&intake, &text).unwrap();
    let out = dir.path().join("out");
    let watch = Watch::start(&[intake.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert!(watch.line(|_| true).ends_with("policy ok"));
    // Written in place, twice over: events for each write and close, and the same bytes.
    std::fs::write(&intake, &text).unwrap();
    std::fs::write(&intake, &text).unwrap();
    // Time for those events to settle on their own (more on a slow machine only merges them
    // with the next save, and the test still holds).
    std::thread::sleep(Duration::from_millis(500));
    save(&intake, &text.replace("servers = 40", "servers = 41"));
    let next = watch.line(|_| true);
    assert!(next.contains(" → ") && !next.contains("(unchanged)"), "the first line after is the change: {next}");
}

#[test]
fn bad_usage_ends_at_once_with_exit_2() {
    let missing = propose().args(["watch", "examples/no-such-intake.toml"]).assert().code(2);
    let stderr = String::from_utf8_lossy(&missing.get_output().stderr).into_owned();
    assert!(stderr.starts_with("error: the intake `examples/no-such-intake.toml` is not a file\n"), "{stderr}");
    let stdin = propose().args(["watch", "-"]).assert().code(2);
    assert!(String::from_utf8_lossy(&stdin.get_output().stderr).contains("`-` is standard input"));
    propose().args(["watch", "--port", "0", "examples/northwind-migration.toml"]).assert().code(2);
    let tpl = propose().args(["watch", "--templates", "no-such-dir", "examples/northwind-migration.toml"]).assert();
    let stderr = String::from_utf8_lossy(&tpl.code(2).get_output().stderr).into_owned();
    assert!(stderr.contains("`--templates` names `no-such-dir`, which is not a folder"), "{stderr}");
}
