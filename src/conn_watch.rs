//! `--header-timeout` (slowloris protection): a connection whose client takes longer than the
//! limit to send a request's headers, or sits idle that long between requests, is closed.
//!
//! hyper can do this itself (`header_read_timeout`), but it arms a timer for every request; on
//! keep-alive connections that was 2–3% of a request's cost in profiles. Here each connection
//! keeps one number instead: since when it has been waiting for a request's headers (none while
//! a request is answered), set as each request arrives and as each answer ends, and one
//! periodic check per connection compares it with the limit.

use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, LazyLock};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::Body;
use axum::response::Response;
use hyper::body::{Body as HttpBody, Frame, SizeHint};
use tokio::time::Instant;

static START: LazyLock<Instant> = LazyLock::new(Instant::now);

/// Milliseconds since the first call, never 0 (0 means "answering").
fn now_ms() -> u64 {
    u64::try_from(START.elapsed().as_millis())
        .unwrap_or(u64::MAX)
        .saturating_add(1)
}

/// One connection's state: since when it has waited for a request's headers (in
/// milliseconds, see [`now_ms`]), or 0 while it answers one.
#[derive(Clone)]
pub struct Waiting(Arc<AtomicU64>);

impl Waiting {
    /// A new connection, waiting for its first request from now.
    pub fn new() -> Self {
        Self(Arc::new(AtomicU64::new(now_ms())))
    }

    /// A request's headers have arrived: not waiting while it is answered.
    pub fn answering(&self) {
        self.0.store(0, Ordering::Relaxed);
    }

    /// The answer is ready: waiting for the next request from the end of its body (at once
    /// for a body already whole, the usual case; when it ends for a stream).
    pub fn answered(&self, resp: Response) -> Response {
        if resp.body().size_hint().exact().is_some() {
            self.waiting_from_now();
            return resp;
        }
        let waiting = self.clone();
        resp.map(|body| Body::new(Streamed { body, waiting }))
    }

    /// Waiting for the next request from now.
    fn waiting_from_now(&self) {
        self.0.store(now_ms(), Ordering::Relaxed);
    }

    /// Completes once the connection has waited longer than `limit`.
    pub async fn overdue(&self, limit: Duration) {
        let limit_ms = u64::try_from(limit.as_millis()).unwrap_or(u64::MAX);
        let mut tick = tokio::time::interval(
            (limit / 4).clamp(Duration::from_millis(50), Duration::from_secs(1)),
        );
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            let since = self.0.load(Ordering::Relaxed);
            if since != 0 && now_ms().saturating_sub(since) > limit_ms {
                return;
            }
        }
    }
}

impl Default for Waiting {
    fn default() -> Self {
        Self::new()
    }
}

/// A streamed answer's body: the connection waits for its next request once it ends.
struct Streamed {
    body: Body,
    waiting: Waiting,
}

impl HttpBody for Streamed {
    type Data = axum::body::Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Self::Data>, Self::Error>>> {
        let polled = Pin::new(&mut self.body).poll_frame(cx);
        if matches!(polled, Poll::Ready(None)) {
            self.waiting.waiting_from_now();
        }
        polled
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http_body_util::BodyExt;

    /// A body of one frame whose length is not known in advance, like a stream's.
    struct OneFrame(Option<axum::body::Bytes>);

    impl HttpBody for OneFrame {
        type Data = axum::body::Bytes;
        type Error = std::convert::Infallible;

        fn poll_frame(
            mut self: Pin<&mut Self>,
            _: &mut Context<'_>,
        ) -> Poll<Option<Result<Frame<Self::Data>, Self::Error>>> {
            Poll::Ready(self.0.take().map(|b| Ok(Frame::data(b))))
        }
    }

    #[tokio::test(start_paused = true)]
    async fn only_waiting_longer_than_the_limit_is_overdue() {
        let limit = Duration::from_secs(1);
        let w = Waiting::new();
        w.answering();
        // Answering a request for longer than the limit is not waiting.
        assert!(tokio::time::timeout(limit * 5, w.overdue(limit))
            .await
            .is_err());
        // A whole body ends the answer at once, a stream when it ends.
        let streamed = w.answered(Response::new(Body::new(OneFrame(Some("data".into())))));
        assert_eq!(w.0.load(Ordering::Relaxed), 0);
        streamed.into_body().collect().await.unwrap();
        assert_ne!(w.0.load(Ordering::Relaxed), 0);
        assert!(tokio::time::timeout(limit * 2, w.overdue(limit))
            .await
            .is_ok());
        w.answering();
        w.answered(Response::new(Body::from("whole")));
        assert_ne!(w.0.load(Ordering::Relaxed), 0);
    }
}
