//! Just enough HTTP/1.1 for a loopback preview: one GET or HEAD request per connection, its
//! head read within bounds of size and time, one response, then the connection closes.

use std::io::{Read, Write};
use std::time::{Duration, Instant};

/// The most bytes a request's head (request line and headers) may take.
pub const MAX_HEAD_BYTES: usize = 8 * 1024;
/// The longest a client may take to send its request's head, however slowly it trickles in.
pub const HEAD_TIME: Duration = Duration::from_secs(10);
/// The longest one read or write may block.
pub const IO_TIMEOUT: Duration = Duration::from_secs(5);

/// A request's method, target (path and query) and `Host` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    pub path: String,
    pub query: String,
    pub host: Option<String>,
}

/// Why a request could not be read, as the status to answer with (none: just close).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// The client went away or stalled: nothing to answer.
    Gone,
    /// 400: not an HTTP request.
    Bad,
    /// 431: the head is larger than [`MAX_HEAD_BYTES`].
    TooLarge,
}

/// Reads a request's head from `conn`: at most [`MAX_HEAD_BYTES`], within [`HEAD_TIME`].
pub fn read_request(conn: &mut impl Read) -> Result<Request, Refused> {
    let start = Instant::now();
    let mut head = Vec::with_capacity(1024);
    let mut buf = [0u8; 1024];
    let end = loop {
        if let Some(at) = find(&head, b"\r\n\r\n") {
            break at;
        }
        if head.len() >= MAX_HEAD_BYTES {
            return Err(Refused::TooLarge);
        }
        if start.elapsed() > HEAD_TIME {
            return Err(Refused::Gone);
        }
        match conn.read(&mut buf) {
            Ok(0) | Err(_) => return Err(Refused::Gone),
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    };
    if end > MAX_HEAD_BYTES {
        return Err(Refused::TooLarge);
    }
    let head = std::str::from_utf8(&head[..end]).map_err(|_| Refused::Bad)?;
    let mut lines = head.split("\r\n");
    let mut parts = lines.next().unwrap_or_default().split(' ');
    let (Some(method), Some(target), Some(version), None) = (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(Refused::Bad);
    };
    if !version.starts_with("HTTP/1.") || method.is_empty() || target.is_empty() {
        return Err(Refused::Bad);
    }
    let mut host = None;
    for header in lines {
        let (name, value) = header.split_once(':').ok_or(Refused::Bad)?;
        if name.eq_ignore_ascii_case("host") {
            host = Some(value.trim().to_ascii_lowercase());
        }
    }
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    Ok(Request { method: method.to_string(), path: path.to_string(), query: query.to_string(), host })
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// A response: status, headers beyond the standard ones, and body.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub content_type: &'static str,
    pub headers: Vec<(&'static str, String)>,
    pub body: std::sync::Arc<[u8]>,
}

impl Response {
    pub fn new(status: u16, content_type: &'static str, body: impl Into<std::sync::Arc<[u8]>>) -> Response {
        Response { status, content_type, headers: Vec::new(), body: body.into() }
    }

    /// A short plain-text answer: `404 not found`.
    pub fn text(status: u16) -> Response {
        Response::new(status, "text/plain; charset=utf-8", format!("{status} {}\n", reason(status)).into_bytes())
    }

    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Response {
        self.headers.push((name, value.into()));
        self
    }

    /// Writes the response, its body only when `body` (not for HEAD). The standard headers
    /// keep a browser from caching a preview that changes, or guessing another type.
    pub fn write(&self, conn: &mut impl Write, body: bool) -> std::io::Result<()> {
        let mut head = format!(
            "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\n\
             X-Content-Type-Options: nosniff\r\nConnection: close\r\n",
            self.status,
            reason(self.status),
            self.content_type,
            self.body.len()
        );
        for (name, value) in &self.headers {
            head += &format!("{name}: {value}\r\n");
        }
        head += "\r\n";
        conn.write_all(head.as_bytes())?;
        if body {
            conn.write_all(&self.body)?;
        }
        conn.flush()
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        302 => "Found",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "Unknown",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_method_path_query_and_host() {
        let r = read_request(&mut &b"GET /a.md?x=1 HTTP/1.1\r\nHost: 127.0.0.1:7878\r\n\r\n"[..]).unwrap();
        assert_eq!(r.method, "GET");
        assert_eq!((r.path.as_str(), r.query.as_str()), ("/a.md", "x=1"));
        assert_eq!(r.host.as_deref(), Some("127.0.0.1:7878"));
    }

    #[test]
    fn refuses_what_is_not_a_bounded_request() {
        assert_eq!(read_request(&mut &b"GET /\r\n\r\n"[..]), Err(Refused::Bad));
        assert_eq!(read_request(&mut &b"GET / HTTP/1.1\r\nno colon\r\n\r\n"[..]), Err(Refused::Bad));
        assert_eq!(read_request(&mut &b"GET / HTTP/1.1\r\n"[..]), Err(Refused::Gone), "the client stopped");
        let big = format!("GET / HTTP/1.1\r\nX: {}\r\n\r\n", "a".repeat(MAX_HEAD_BYTES));
        assert_eq!(read_request(&mut big.as_bytes()), Err(Refused::TooLarge));
    }

    #[test]
    fn a_head_response_has_no_body() {
        let mut out = Vec::new();
        Response::text(404).write(&mut out, false).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with("HTTP/1.1 404 Not Found\r\n") && text.ends_with("\r\n\r\n"), "{text}");
        assert!(text.contains("Content-Length: 14\r\n"), "{text}");
    }
}
