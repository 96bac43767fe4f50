//! The only way out to the network: the HTTP calls a custom channel makes to a webhook
//! (docs/behaviour.md#custom-channel). The store holds a [`SharedWebhooks`], injected like the
//! clock: the server uses [`HttpWebhooks`], a small blocking HTTP/1.1 client over
//! `std::net::TcpStream` for plain `http://` URLs; store tests use a fake that records calls.

use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// One call to a webhook: `HEAD` or `POST` to `http://host:port/target`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookCall {
    pub method: &'static str,
    /// The host as written in the URL (an IPv6 literal keeps its brackets).
    pub host: String,
    pub port: u16,
    /// The path and query, starting with `/`.
    pub target: String,
    /// The request's content type and body (`POST` only).
    pub body: Option<(&'static str, Vec<u8>)>,
    /// The longest the whole call may take.
    pub timeout: Duration,
}

/// A webhook's answer: its status and headers (names as sent).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WebhookAnswer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
}

impl WebhookAnswer {
    /// The value of the first header named `name` (any letter case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Makes webhook calls. `Err` says why there was no answer (refused, timed out, not HTTP).
pub trait Webhooks: Send + Sync + 'static {
    fn call(&self, call: &WebhookCall) -> Result<WebhookAnswer, String>;
}

/// The shared handle the store carries.
pub type SharedWebhooks = Arc<dyn Webhooks>;

/// Blocking HTTP/1.1 over a TCP connection, one connection per call (`Connection: close`), no
/// TLS, no redirects, no retries; the call's timeout bounds connecting, writing and reading the
/// answer's head (name resolution of a host name is the system's).
#[derive(Debug, Default, Clone, Copy)]
pub struct HttpWebhooks;

/// Most bytes of an answer's status line and headers read.
const MAX_HEAD: usize = 64 * 1024;

impl Webhooks for HttpWebhooks {
    fn call(&self, call: &WebhookCall) -> Result<WebhookAnswer, String> {
        let deadline = Instant::now() + call.timeout;
        let left = || {
            deadline
                .checked_duration_since(Instant::now())
                .filter(|d| !d.is_zero())
                .ok_or_else(|| "no answer in time".to_string())
        };
        let bare = call.host.trim_start_matches('[').trim_end_matches(']');
        let addrs: Vec<_> = (bare, call.port)
            .to_socket_addrs()
            .map_err(|e| format!("cannot resolve {}: {e}", call.host))?
            .collect();
        let mut last = format!("{} has no address", call.host);
        let mut stream = None;
        for addr in addrs {
            match TcpStream::connect_timeout(&addr, left()?) {
                Ok(s) => {
                    stream = Some(s);
                    break;
                }
                Err(e) => last = format!("cannot connect to {addr}: {e}"),
            }
        }
        let mut s = stream.ok_or(last)?;
        let io = |e: std::io::Error| match e.kind() {
            std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut => {
                "no answer in time".to_string()
            }
            _ => e.to_string(),
        };
        let mut head = format!(
            "{} {} HTTP/1.1\r\nHost: {}:{}\r\nUser-Agent: pinpoint-local\r\nConnection: close\r\n",
            call.method, call.target, call.host, call.port
        );
        if let Some((ct, body)) = &call.body {
            head.push_str(&format!(
                "Content-Type: {ct}\r\nContent-Length: {}\r\n",
                body.len()
            ));
        }
        head.push_str("\r\n");
        s.set_write_timeout(Some(left()?)).map_err(io)?;
        s.write_all(head.as_bytes()).map_err(io)?;
        if let Some((_, body)) = &call.body {
            s.write_all(body).map_err(io)?;
        }
        s.flush().map_err(io)?;
        let mut buf = Vec::new();
        let mut chunk = [0u8; 4096];
        let end = loop {
            if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                break i;
            }
            if buf.len() > MAX_HEAD {
                return Err("the answer's head is too long".into());
            }
            s.set_read_timeout(Some(left()?)).map_err(io)?;
            let n = s.read(&mut chunk).map_err(io)?;
            if n == 0 {
                return Err("the connection closed before an answer".into());
            }
            buf.extend_from_slice(&chunk[..n]);
        };
        parse_head(&buf[..end]).ok_or_else(|| "the answer is not HTTP".to_string())
    }
}

/// An answer's status line and headers.
fn parse_head(head: &[u8]) -> Option<WebhookAnswer> {
    let text = std::str::from_utf8(head).ok()?;
    let mut lines = text.split("\r\n");
    let status_line = lines.next()?;
    let mut parts = status_line.splitn(3, ' ');
    if !parts.next()?.starts_with("HTTP/1.") {
        return None;
    }
    let status = parts.next()?.parse().ok()?;
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    Some(WebhookAnswer { status, headers })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::TcpListener;

    /// A one-connection server that reads the request head and answers `reply`.
    fn serve_once(reply: &'static str) -> (u16, std::thread::JoinHandle<String>) {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = l.local_addr().unwrap().port();
        let h = std::thread::spawn(move || {
            let (mut s, _) = l.accept().unwrap();
            let mut buf = [0u8; 8192];
            let n = s.read(&mut buf).unwrap();
            s.write_all(reply.as_bytes()).unwrap();
            String::from_utf8_lossy(&buf[..n]).to_string()
        });
        (port, h)
    }

    fn call(method: &'static str, port: u16, body: Option<&[u8]>) -> WebhookCall {
        WebhookCall {
            method,
            host: "127.0.0.1".into(),
            port,
            target: "/hook?x=1".into(),
            body: body.map(|b| ("application/json", b.to_vec())),
            timeout: Duration::from_secs(2),
        }
    }

    #[test]
    fn a_call_sends_the_request_and_reads_the_status_and_headers() {
        let (port, h) = serve_once(
            "HTTP/1.1 204 No Content\r\nX-Amz-Pinpoint-AccountId: 123\r\nContent-Length: 0\r\n\r\n",
        );
        let a = HttpWebhooks.call(&call("POST", port, Some(b"{}"))).unwrap();
        assert_eq!(a.status, 204);
        assert_eq!(a.header("x-amz-pinpoint-accountid"), Some("123"));
        let req = h.join().unwrap();
        assert!(req.starts_with("POST /hook?x=1 HTTP/1.1\r\n"), "{req}");
        assert!(req.contains("Content-Type: application/json\r\n"), "{req}");
        assert!(req.ends_with("\r\n\r\n{}"), "{req}");
    }

    #[test]
    fn silence_is_a_timeout_and_a_closed_port_is_refused() {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = l.local_addr().unwrap().port();
        let mut c = call("HEAD", port, None);
        c.timeout = Duration::from_millis(300);
        let started = Instant::now();
        assert_eq!(HttpWebhooks.call(&c).unwrap_err(), "no answer in time");
        assert!(started.elapsed() < Duration::from_secs(2));
        drop(l);
        assert!(HttpWebhooks.call(&c).is_err());
    }
}
