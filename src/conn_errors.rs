//! Requests hyper cannot parse, answered in Pinpoint's error shape.
//!
//! hyper answers a request whose head it cannot parse itself, before any handler runs: 400 for a
//! malformed request line, header or `Content-Length` (a header with a NUL, say), 414 for a
//! request target of 64 KB or more, 431 for more than 100 headers or a head over about 400 KB.
//! Its answer is a bare status line, with no body and no request id, after which it closes the
//! connection. [`Guarded`] wraps each connection and puts Pinpoint's shape in its place: the same
//! status, `x-amzn-ErrorType: BadRequestException`, an `x-amzn-RequestId` and the JSON body with
//! the same id, so an SDK raises `BadRequestException` with a message.
//!
//! hyper's own answer is told apart by two things: no request is in the service (the service
//! marks each call and its answer, [`Calls`]), and the bytes are a whole head with status 400,
//! 414 or 431, `content-length: 0` and `connection: close` (every answer of ours has a body).

use std::io::{self, IoSlice};
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{ready, Context, Poll};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

use crate::error::ApiError;
use crate::ids::SharedIds;

/// Whether a request is in the service; shared by a connection's service and its [`Guarded`]
/// stream.
#[derive(Clone, Default)]
pub struct Calls(Arc<AtomicBool>);

impl Calls {
    /// A request's head was parsed and the service called.
    pub fn called(&self) {
        self.0.store(true, Ordering::Relaxed);
    }

    /// The service's answer is ready.
    pub fn answered(&self) {
        self.0.store(false, Ordering::Relaxed);
    }
}

/// A connection's stream, with hyper's own parse-error answers replaced.
pub struct Guarded<S> {
    inner: S,
    calls: Calls,
    ids: SharedIds,
    /// The replacement and how much of it is written; once set, hyper's own bytes are dropped.
    replacement: Option<(Vec<u8>, usize)>,
}

impl<S> Guarded<S> {
    pub fn new(inner: S, calls: Calls, ids: SharedIds) -> Self {
        Self {
            inner,
            calls,
            ids,
            replacement: None,
        }
    }
}

/// The status of hyper's own answer, when `head` is one: a whole head with no body that
/// closes the connection.
fn own_answer(head: &[u8]) -> Option<u16> {
    let rest = head.strip_prefix(b"HTTP/1.1 ")?;
    let code = match rest.get(..4)? {
        b"400 " => 400,
        b"414 " => 414,
        b"431 " => 431,
        _ => return None,
    };
    let has = |line: &[u8]| {
        head.windows(line.len())
            .any(|w| w.eq_ignore_ascii_case(line))
    };
    let blank = head.windows(4).position(|w| w == b"\r\n\r\n");
    let whole = blank.is_some_and(|at| at + 4 == head.len());
    (whole && has(b"\r\ncontent-length: 0\r\n") && has(b"\r\nconnection: close\r\n"))
        .then_some(code)
}

/// The whole answer, in Pinpoint's error shape, for hyper's `status`.
pub fn answer(status: u16, request_id: &str) -> Vec<u8> {
    let (reason, message) = match status {
        414 => (
            "URI Too Long",
            "The request target is too long: it must be shorter than 64 KB",
        ),
        431 => (
            "Request Header Fields Too Large",
            "The request has too many headers or too large a head: at most 100 headers and about 400 KB",
        ),
        _ => (
            "Bad Request",
            "The HTTP request could not be parsed: its request line, a header (a NUL or a bare line break, say) or its Content-Length is malformed",
        ),
    };
    let error = ApiError::bad(message);
    let body = error.body(request_id);
    let (_, kind) = error.wire();
    format!(
        "HTTP/1.1 {status} {reason}\r\ncontent-type: application/json\r\n\
         x-amzn-requestid: {request_id}\r\nx-amzn-errortype: {kind}\r\n\
         access-control-allow-origin: *\r\n\
         access-control-expose-headers: x-amzn-requestid,x-amzn-errortype,x-amzn-errormessage,date\r\n\
         content-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

impl<S: AsyncWrite + Unpin> Guarded<S> {
    /// Whether hyper's bytes give way to the replacement: once it is set, or when `head` is
    /// hyper's own answer (which sets it).
    fn replaced(&mut self, head: &[u8]) -> bool {
        if self.replacement.is_some() {
            return true;
        }
        if self.calls.0.load(Ordering::Relaxed) {
            return false;
        }
        let Some(status) = own_answer(head) else {
            return false;
        };
        let id = self.ids.request_id();
        tracing::debug!(status, request_id = %id, "answered a request hyper could not parse");
        self.replacement = Some((answer(status, &id), 0));
        true
    }

    /// Writes what is left of the replacement.
    fn drain(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if let Some((bytes, done)) = &mut self.replacement {
            while *done < bytes.len() {
                let n = ready!(Pin::new(&mut self.inner).poll_write(cx, &bytes[*done..]))?;
                if n == 0 {
                    return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
                }
                *done += n;
            }
        }
        Poll::Ready(Ok(()))
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for Guarded<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Guarded<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        if self.replaced(buf) {
            ready!(self.drain(cx))?;
            return Poll::Ready(Ok(buf.len()));
        }
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let first = bufs
            .iter()
            .find(|b| !b.is_empty())
            .map_or(&[][..], |b| &b[..]);
        if self.replaced(first) {
            ready!(self.drain(cx))?;
            return Poll::Ready(Ok(bufs.iter().map(|b| b.len()).sum()));
        }
        Pin::new(&mut self.inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.drain(cx))?;
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.drain(cx))?;
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_whole_head_of_hypers_three_statuses_is_its_own_answer() {
        let own = |status: &str| {
            format!(
                "HTTP/1.1 {status}\r\nconnection: close\r\ncontent-length: 0\r\ndate: x\r\n\r\n"
            )
        };
        assert_eq!(
            own_answer(own("431 Request Header Fields Too Large").as_bytes()),
            Some(431)
        );
        assert_eq!(own_answer(own("400 Bad Request").as_bytes()), Some(400));
        assert_eq!(own_answer(own("414 URI Too Long").as_bytes()), Some(414));
        assert_eq!(own_answer(own("404 Not Found").as_bytes()), None);
        // An answer of ours always has a body, so never `content-length: 0`.
        let ours = "HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 2\r\n\r\n{}";
        assert_eq!(own_answer(ours.as_bytes()), None);
        let head_only = "HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n";
        assert_eq!(
            own_answer(head_only.as_bytes()),
            None,
            "hyper's own answer closes"
        );
    }

    #[test]
    fn the_answer_is_pinpoints_error_shape() {
        let a = String::from_utf8(answer(414, "r-1")).unwrap();
        let (head, body) = a.split_once("\r\n\r\n").unwrap();
        assert!(head.starts_with("HTTP/1.1 414 URI Too Long\r\n"), "{head}");
        assert!(
            head.contains("x-amzn-errortype: BadRequestException"),
            "{head}"
        );
        assert!(head.contains("x-amzn-requestid: r-1"), "{head}");
        assert!(
            head.contains(&format!("content-length: {}", body.len())),
            "{head}"
        );
        let v: serde_json::Value = serde_json::from_str(body).unwrap();
        assert_eq!(v["RequestID"], "r-1");
        assert!(v["Message"].as_str().unwrap().contains("64 KB"));
    }
}
