//! The `--serve` preview: the last good render's files over HTTP on 127.0.0.1, and a page
//! that reloads itself after each render. It serves those files from memory by their exact
//! names and nothing else: no file system path is ever built from a request, so there is no
//! listing, no `..`, no link to follow. Only GET and HEAD; every connection is bounded in
//! size and time, and their number is capped.
//!
//! Built on `std::net` rather than `tiny_http`: that crate sets no read or write timeout
//! and no connection limit (its pool grows a thread per client), which are the bounds this
//! server exists to keep; one request per connection over loopback needs nothing more.

pub mod http;

use http::{Refused, Request, Response};
use std::io::Read;
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

/// Connections served at once; more wait in the listener's backlog, then get a 503.
pub const MAX_CONNECTIONS: usize = 32;
/// How long `/__propose/events` holds a request before answering "no new render".
pub const POLL_TIME: Duration = Duration::from_secs(20);
/// The page's reload endpoint.
pub const EVENTS: &str = "/__propose/events";
/// The page shown for a render with no HTML file: its PDF, else its Markdown.
pub const PREVIEW: &str = "/__propose/preview";

const PAGE: &str = include_str!("preview.html");
const RELOAD: &str = include_str!("reload.js");

/// One render's files, by name (`CD-2026-014.md`), in the run's format order.
#[derive(Debug, Default)]
struct Site {
    files: Vec<(String, Arc<[u8]>)>,
    /// Counts renders; the reload script compares it with the one its page was served at.
    generation: u64,
}

#[derive(Debug, Default)]
struct Shared {
    site: Mutex<Site>,
    rendered: Condvar,
    connections: AtomicUsize,
}

/// A preview server bound to 127.0.0.1.
pub struct Server {
    listener: TcpListener,
    shared: Arc<Shared>,
}

/// What the watch keeps to publish each render.
#[derive(Clone)]
pub struct Publisher(Arc<Shared>);

impl Publisher {
    /// Serves `files` (name and bytes) from now on, and tells waiting pages to reload.
    pub fn publish(&self, files: Vec<(String, Vec<u8>)>) {
        let mut site = self.0.site.lock().unwrap_or_else(|e| e.into_inner());
        site.files = files.into_iter().map(|(n, b)| (n, Arc::from(b))).collect();
        site.generation += 1;
        self.0.rendered.notify_all();
    }
}

impl Server {
    /// Binds 127.0.0.1:`port` (0: a free port the system picks).
    pub fn bind(port: u16) -> std::io::Result<Server> {
        let listener = TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], port)))?;
        Ok(Server { listener, shared: Arc::default() })
    }

    pub fn addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    pub fn publisher(&self) -> Publisher {
        Publisher(Arc::clone(&self.shared))
    }

    /// Accepts connections on a thread of its own, each served on a thread of its own.
    pub fn start(self) -> std::io::Result<()> {
        let port = self.addr()?.port();
        std::thread::Builder::new().name("serve".into()).spawn(move || {
            for conn in self.listener.incoming().flatten() {
                let shared = Arc::clone(&self.shared);
                if shared.connections.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
                    shared.connections.fetch_sub(1, Ordering::SeqCst);
                    busy(conn);
                    continue;
                }
                let spawned = std::thread::Builder::new().name("serve-conn".into()).spawn({
                    let shared = Arc::clone(&shared);
                    move || {
                        serve(conn, &shared, port);
                        shared.connections.fetch_sub(1, Ordering::SeqCst);
                    }
                });
                if spawned.is_err() {
                    shared.connections.fetch_sub(1, Ordering::SeqCst);
                }
            }
        })?;
        Ok(())
    }
}

/// Answers 503 to a connection over the cap, without waiting on it.
fn busy(mut conn: TcpStream) {
    let _ = conn.set_write_timeout(Some(Duration::from_secs(1)));
    let _ = Response::text(503).header("Retry-After", "1").write(&mut conn, true);
    let _ = conn.shutdown(Shutdown::Both);
}

fn serve(mut conn: TcpStream, shared: &Shared, port: u16) {
    let _ = conn.set_read_timeout(Some(http::IO_TIMEOUT));
    let _ = conn.set_write_timeout(Some(http::IO_TIMEOUT));
    let (response, body) = match http::read_request(&mut conn) {
        Ok(req) => (respond(&req, shared, port), req.method != "HEAD"),
        Err(Refused::Gone) => return,
        Err(Refused::Bad) => (Response::text(400), true),
        Err(Refused::TooLarge) => (Response::text(431), true),
    };
    if response.write(&mut conn, body).is_err() {
        return;
    }
    // Read what the client still sends (a POST's body) before closing: closing on unread
    // data resets the connection, and the client might lose the response.
    let _ = conn.shutdown(Shutdown::Write);
    let _ = conn.set_read_timeout(Some(Duration::from_millis(500)));
    let _ = std::io::copy(&mut (&mut conn).take(64 * 1024), &mut std::io::sink());
}

/// The response to a well-formed request.
fn respond(req: &Request, shared: &Shared, port: u16) -> Response {
    // A page on another site could name this server under its own host name (DNS
    // rebinding) and read the proposal: only loopback names are answered.
    let hosts = [format!("127.0.0.1:{port}"), format!("localhost:{port}"), "127.0.0.1".into(), "localhost".into()];
    if req.host.as_ref().is_some_and(|h| !hosts.contains(h)) {
        return Response::text(403);
    }
    if req.method != "GET" && req.method != "HEAD" {
        return Response::text(405).header("Allow", "GET, HEAD");
    }
    if req.path == EVENTS {
        return events(req, shared);
    }
    let site = shared.site.lock().unwrap_or_else(|e| e.into_inner());
    if req.path == "/" {
        return Response::text(302).header("Location", main(&site));
    }
    if req.path == PREVIEW {
        return Response::new(200, "text/html; charset=utf-8", preview(&site).into_bytes());
    }
    let Some((name, bytes)) = site.files.iter().find(|(name, _)| req.path.strip_prefix('/') == Some(name.as_str()))
    else {
        return Response::text(404);
    };
    let kind = content_type(name);
    if kind.starts_with("text/html") {
        return Response::new(200, kind, with_reload(bytes, site.generation));
    }
    Response::new(200, kind, Arc::clone(bytes))
}

/// The main document: the HTML file when the run writes one, else the preview page.
fn main(site: &Site) -> String {
    match site.files.iter().find(|(n, _)| content_type(n).starts_with("text/html")) {
        Some((name, _)) => format!("/{name}"),
        None => PREVIEW.to_string(),
    }
}

/// Answers once the render differs from the `since` the page was served at, or after
/// [`POLL_TIME`]: the current generation.
fn events(req: &Request, shared: &Shared) -> Response {
    let since: Option<u64> = req.query.split('&').find_map(|kv| kv.strip_prefix("since=")).and_then(|v| v.parse().ok());
    let site = shared.site.lock().unwrap_or_else(|e| e.into_inner());
    let site = match since {
        Some(since) => {
            let waited = shared.rendered.wait_timeout_while(site, POLL_TIME, |s| s.generation == since);
            waited.map_or_else(|e| e.into_inner().0, |(s, _)| s)
        }
        None => site,
    };
    Response::new(200, "text/plain; charset=utf-8", site.generation.to_string().into_bytes())
}

/// The page for a run without HTML: the PDF embedded, else the Markdown (or JSON) as text.
fn preview(site: &Site) -> String {
    let title = site.files.first().map_or("propose", |(n, _)| n.rsplit_once('.').map_or(n.as_str(), |(s, _)| s));
    let pdf = site.files.iter().find(|(n, _)| n.ends_with(".pdf"));
    let body = match (pdf, site.files.first()) {
        (Some((name, _)), _) => {
            format!("<embed src=\"/{}?r={}\" type=\"application/pdf\">", escape(name), site.generation)
        }
        (None, Some((_, bytes))) => format!("<pre>{}</pre>", escape(&String::from_utf8_lossy(bytes))),
        (None, None) => {
            "<p>Nothing rendered yet: the watch prints why. Save a good intake and this page reloads.</p>".to_string()
        }
    };
    let page = PAGE.replace("{title}", &escape(title)).replace("{body}", &body);
    String::from_utf8_lossy(&with_reload(page.as_bytes(), site.generation)).into_owned()
}

/// The proposal's own Content-Security-Policy forbids every request (`default-src 'none'`); as
/// served, the page may also poll this server for a new render (`connect-src 'self'`).
const LOCKED: &[u8] = b"default-src 'none';";
const POLLS: &[u8] = b"default-src 'none'; connect-src 'self';";

/// `html` with the reload script before its last `</body>` (or at its end), and its policy
/// letting that script reach this server: only as served, never in the written file.
fn with_reload(html: &[u8], generation: u64) -> Vec<u8> {
    let script = format!("<script>\n{}</script>\n", RELOAD.replace("{generation}", &generation.to_string()));
    let lower = html.to_ascii_lowercase();
    let at = lower.windows(7).rposition(|w| w == b"</body>").unwrap_or(html.len());
    let policy = html[..at].windows(LOCKED.len()).position(|w| w == LOCKED);
    let mut out = Vec::with_capacity(html.len() + script.len() + POLLS.len());
    match policy {
        Some(p) => {
            out.extend_from_slice(&html[..p]);
            out.extend_from_slice(POLLS);
            out.extend_from_slice(&html[p + LOCKED.len()..at]);
        }
        None => out.extend_from_slice(&html[..at]),
    }
    out.extend_from_slice(script.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn content_type(name: &str) -> &'static str {
    match name.rsplit_once('.').map_or("", |(_, ext)| ext) {
        "html" => "text/html; charset=utf-8",
        "pdf" => "application/pdf",
        "json" => "application/json",
        // Markdown as text, so a browser shows it rather than downloading it.
        "md" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(files: &[(&str, &str)]) -> Arc<Shared> {
        let shared = Arc::new(Shared::default());
        Publisher(Arc::clone(&shared))
            .publish(files.iter().map(|(n, b)| (n.to_string(), b.as_bytes().to_vec())).collect());
        shared
    }

    fn get(shared: &Shared, path: &str) -> Response {
        let (path, query) = path.split_once('?').unwrap_or((path, ""));
        let req = Request { method: "GET".into(), path: path.into(), query: query.into(), host: None };
        respond(&req, shared, 7878)
    }

    #[test]
    fn serves_the_rendered_files_by_name_and_nothing_else() {
        let shared = site(&[("CD-1.md", "# P"), ("CD-1.pdf", "%PDF")]);
        assert_eq!(&*get(&shared, "/CD-1.md").body, b"# P");
        assert_eq!(get(&shared, "/CD-1.pdf").content_type, "application/pdf");
        for path in ["/CD-1", "/CD-1.MD", "//CD-1.md", "/../CD-1.md", "/%2e%2e/x", "/out/", "/./CD-1.md", "CD-1.md"] {
            assert_eq!(get(&shared, path).status, 404, "{path}");
        }
        let root = get(&shared, "/");
        assert_eq!((root.status, root.headers[0].1.as_str()), (302, PREVIEW));
        let page = String::from_utf8(get(&shared, PREVIEW).body.to_vec()).unwrap();
        assert!(page.contains("<embed src=\"/CD-1.pdf?r=1\""), "{page}");
        assert!(page.contains("var seen = 1;"), "{page}");
    }

    #[test]
    fn html_is_the_main_document_and_gets_the_script_only_as_served() {
        let shared = site(&[("CD-1.html", "<html><body><p>x</p></BODY></html>"), ("CD-1.md", "# P")]);
        let root = get(&shared, "/");
        assert_eq!(root.headers[0].1, "/CD-1.html");
        let html = String::from_utf8(get(&shared, "/CD-1.html").body.to_vec()).unwrap();
        assert!(html.starts_with("<html><body><p>x</p><script>\n"), "{html}");
        assert!(html.ends_with("</script>\n</BODY></html>"), "{html}");
        let stored = &shared.site.lock().unwrap().files[0].1;
        assert_eq!(&**stored, b"<html><body><p>x</p></BODY></html>", "the file's bytes are untouched");
    }

    #[test]
    fn a_served_proposal_may_poll_this_server_and_nothing_else() {
        let page = "<html><head><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
                    script-src 'unsafe-inline'\"></head><body></body></html>";
        let shared = site(&[("CD-1.html", page)]);
        let html = String::from_utf8(get(&shared, "/CD-1.html").body.to_vec()).unwrap();
        assert!(html.contains("content=\"default-src 'none'; connect-src 'self'; script-src"), "{html}");
        let stored = &shared.site.lock().unwrap().files[0].1;
        assert_eq!(&**stored, page.as_bytes(), "the file's policy is untouched");
    }

    #[test]
    fn other_methods_and_foreign_hosts_are_refused() {
        let shared = site(&[("CD-1.md", "# P")]);
        let req = |method: &str, host: Option<&str>| Request {
            method: method.into(),
            path: "/CD-1.md".into(),
            query: String::new(),
            host: host.map(String::from),
        };
        assert_eq!(respond(&req("POST", None), &shared, 7878).status, 405);
        assert_eq!(respond(&req("GET", Some("evil.example:7878")), &shared, 7878).status, 403);
        assert_eq!(respond(&req("GET", Some("localhost:7878")), &shared, 7878).status, 200);
        assert_eq!(respond(&req("HEAD", Some("127.0.0.1:7878")), &shared, 7878).status, 200);
    }

    #[test]
    fn a_poll_answers_at_once_when_a_render_came_since() {
        let shared = site(&[("CD-1.md", "# P")]);
        assert_eq!(&*get(&shared, "/__propose/events?since=0").body, b"1");
        let waiter = {
            let shared = Arc::clone(&shared);
            std::thread::spawn(move || get(&shared, "/__propose/events?since=1").body.to_vec())
        };
        std::thread::sleep(Duration::from_millis(50));
        Publisher(Arc::clone(&shared)).publish(vec![("CD-1.md".into(), b"# Q".to_vec())]);
        assert_eq!(waiter.join().unwrap(), b"2");
    }
}
