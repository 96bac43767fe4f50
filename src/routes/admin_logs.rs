//! The logs as the dashboard reads them (docs/behaviour.md#dashboard): recorded events and sent
//! messages newest first, a page at a time, and `GET /_pinpoint/events/stream`, the recorded
//! events as server-sent events: the latest few, then each new one as it is accepted.

use std::convert::Infallible;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes, HttpBody};
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::Response;
use axum::routing::get;
use axum::{Json, Router};
use hyper::body::Frame;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use tokio::sync::mpsc;

use crate::error::ApiError;
use crate::paging;
use crate::protocol::PinpointQuery;
use crate::store::events::recorded::RecordedEvent;
use crate::store::infra::ring::Picked;
use crate::views::LogView;
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/_pinpoint/events/page", get(events_page))
        .route("/_pinpoint/events/stream", get(events_stream))
        .route("/_pinpoint/sent-messages/page", get(sent_page))
}

/// Events a stream sends before the live ones, unless `backlog` says otherwise.
const DEFAULT_BACKLOG: usize = 50;
/// A comment line this often keeps proxies and idle timers from closing a quiet stream.
const KEEP_ALIVE: Duration = Duration::from_secs(15);
/// Events read from the log at a time while catching up.
const CATCH_UP: usize = 500;

/// The query of the log routes. `kind` is `event-type` for events, `channel` for messages;
/// `token` (pages) is the `NextToken` of the page before.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogQuery {
    #[serde(rename = "application-id")]
    application_id: Option<String>,
    account: Option<String>,
    region: Option<String>,
    #[serde(rename = "endpoint-id")]
    endpoint_id: Option<String>,
    #[serde(rename = "event-type")]
    event_type: Option<String>,
    channel: Option<String>,
    #[serde(rename = "page-size")]
    page_size: Option<String>,
    token: Option<String>,
    backlog: Option<String>,
}

impl LogQuery {
    /// The view the query asks for, `kind` being its event type or channel.
    fn view(&self, kind: Option<&String>) -> LogView {
        LogView::new(
            self.account.clone(),
            self.region.clone(),
            self.application_id.clone(),
            self.endpoint_id.as_deref(),
            kind.cloned(),
        )
    }
}

/// A log item with its sequence number.
#[derive(Serialize)]
struct Numbered<'a, T> {
    #[serde(rename = "Seq")]
    seq: u64,
    #[serde(flatten)]
    item: &'a T,
}

/// One page, newest first: `Item`, and `NextToken` (the oldest item's number) when older
/// items may follow.
fn newest_page<T: Serialize>(
    q: &LogQuery,
    pick: impl FnOnce(Option<u64>, usize) -> Picked<T>,
) -> Result<Value, ApiError> {
    let (size, _) = paging::parse(q.page_size.as_deref(), None)?;
    let before = q
        .token
        .as_deref()
        .filter(|t| !t.is_empty())
        .map(|t| {
            t.parse::<u64>()
                .map_err(|_| ApiError::bad(format!("Invalid token {t:?}")))
        })
        .transpose()?;
    let mut picked = pick(before, size + 1);
    let more = picked.items.len() > size;
    picked.items.truncate(size);
    let items: Vec<Numbered<'_, T>> = picked
        .items
        .iter()
        .map(|(seq, item)| Numbered {
            seq: *seq,
            item: &**item,
        })
        .collect();
    let mut out = json!({ "Item": items });
    if let (true, Some(last)) = (more, items.last()) {
        out["NextToken"] = last.seq.to_string().into();
    }
    Ok(out)
}

async fn events_page(
    State(st): State<AppState>,
    PinpointQuery(q): PinpointQuery<LogQuery>,
) -> Result<Json<Value>, ApiError> {
    no_member(&q.channel, "channel", "events")?;
    let view = q.view(q.event_type.as_ref());
    let out = newest_page(&q, |before, n| {
        st.store.events.newest(|e| view.event(e), before, n)
    })?;
    Ok(Json(out))
}

async fn sent_page(
    State(st): State<AppState>,
    PinpointQuery(q): PinpointQuery<LogQuery>,
) -> Result<Json<Value>, ApiError> {
    no_member(&q.event_type, "event-type", "sent messages")?;
    let view = q.view(q.channel.as_ref());
    let out = newest_page(&q, |before, n| {
        st.store.sent.newest(|m| view.message(m), before, n)
    })?;
    Ok(Json(out))
}

fn no_member(v: &Option<String>, name: &str, what: &str) -> Result<(), ApiError> {
    match v {
        Some(_) => Err(ApiError::bad(format!("{name} does not filter {what}"))),
        None => Ok(()),
    }
}

/// A response body fed by a task, one chunk per message.
struct Feed(mpsc::Receiver<Bytes>);

impl HttpBody for Feed {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        self.0.poll_recv(cx).map(|b| b.map(|b| Ok(Frame::data(b))))
    }
}

async fn events_stream(
    State(st): State<AppState>,
    headers: HeaderMap,
    PinpointQuery(q): PinpointQuery<LogQuery>,
) -> Result<Response, ApiError> {
    no_member(&q.channel, "channel", "events")?;
    if q.page_size.is_some() || q.token.is_some() {
        return Err(ApiError::bad(
            "The stream is not paged: use backlog for how many past events it starts with",
        ));
    }
    let backlog = match q.backlog.as_deref() {
        None => DEFAULT_BACKLOG,
        Some(b) => b
            .parse::<usize>()
            .ok()
            .filter(|n| *n <= paging::MAX_PAGE_SIZE)
            .ok_or_else(|| {
                ApiError::bad(format!(
                    "Invalid backlog {b:?}: must be a whole number from 0 to {}",
                    paging::MAX_PAGE_SIZE
                ))
            })?,
    };
    // A reconnecting EventSource says where it stopped; it gets what it missed instead.
    let resume = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    let view = q.view(q.event_type.as_ref());
    let (tx, rx) = mpsc::channel(16);
    tokio::spawn(feed(st, view, backlog, resume, tx));
    let mut resp = Response::new(Body::new(Feed(rx)));
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/event-stream"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    Ok(resp)
}

/// One event as a server-sent event: its number as the id, the recorded event as the data.
fn frame(seq: u64, e: &RecordedEvent) -> Bytes {
    let data = serde_json::to_string(&Numbered { seq, item: e }).unwrap_or_default();
    Bytes::from(format!("id: {seq}\ndata: {data}\n\n"))
}

async fn send_all(tx: &mpsc::Sender<Bytes>, items: Vec<(u64, Arc<RecordedEvent>)>) -> bool {
    for (seq, e) in items {
        if tx.send(frame(seq, &e)).await.is_err() {
            return false;
        }
    }
    true
}

/// Writes the stream until the client goes away or the server shuts down.
async fn feed(
    st: AppState,
    view: LogView,
    backlog: usize,
    resume: Option<u64>,
    tx: mpsc::Sender<Bytes>,
) {
    let log = &st.store.events;
    let mut latest = log.subscribe();
    let mut closing = st.closing.subscribe();
    if tx
        .send(Bytes::from_static(b"retry: 1000\n\n"))
        .await
        .is_err()
    {
        return;
    }
    // Marked seen before every read, so an event accepted after a read always wakes us.
    latest.borrow_and_update();
    let mut cursor = match resume {
        Some(seq) => seq,
        None => {
            let picked = log.newest(|e| view.event(e), None, backlog);
            let items = picked.items.into_iter().rev().collect();
            if !send_all(&tx, items).await {
                return;
            }
            picked.last_seq
        }
    };
    loop {
        loop {
            latest.borrow_and_update();
            let picked = log.after(cursor, |e| view.event(e), CATCH_UP);
            let full = picked.items.len() == CATCH_UP;
            cursor = match (full, picked.items.last()) {
                (true, Some((seq, _))) => *seq,
                _ => picked.last_seq.max(cursor),
            };
            if !send_all(&tx, picked.items).await {
                return;
            }
            if !full {
                break;
            }
        }
        tokio::select! {
            changed = latest.changed() => if changed.is_err() { return },
            () = tx.closed() => return,
            _ = closing.changed() => return,
            () = tokio::time::sleep(KEEP_ALIVE) => {
                if tx.send(Bytes::from_static(b": keep-alive\n\n")).await.is_err() {
                    return;
                }
            }
        }
    }
}
