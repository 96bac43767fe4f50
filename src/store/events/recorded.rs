//! PutEvents (docs/behaviour.md#events-putevents) and the recorded-events log that lets tests read events back.
//!
//! The log is a ring bounded by `--max-events` across the whole server: when full, the oldest
//! events are dropped and counted. With `--events-file`, every accepted event is also appended as
//! one JSON line, off the request path ([`crate::store::infra::ndjson`]).

use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::store::endpoints::model::{fold_id, EndpointPatch};
use crate::store::endpoints::upsert::{upsert, UpsertCtx};
use crate::store::engagement::campaigns::trigger::Arrival;
use crate::store::error::{StoreError, StoreResult};
use crate::store::infra::ring::Ring;
use crate::store::{Scope, Store};
use crate::time;

pub use super::quotas::{
    validate_event, EventIn, MAX_EVENT_BYTES, MAX_EVENT_KEYS, MAX_EVENT_KEY_LEN,
    MAX_EVENT_VALUE_LEN,
};

/// At most this many events in one PutEvents request.
pub const MAX_EVENTS_PER_REQUEST: usize = 100;

/// One BatchItem: the endpoint id as sent, its endpoint update (or why it is invalid), its events.
#[derive(Debug, Clone)]
pub struct BatchIn {
    pub endpoint_id: String,
    pub endpoint: StoreResult<EndpointPatch>,
    pub events: Vec<EventIn>,
}

/// The result for one BatchItem: the endpoint's and each event's.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchOutcome {
    pub endpoint_id: String,
    pub endpoint: StoreResult<()>,
    pub events: Vec<(String, StoreResult<()>)>,
}

/// Who made a recorded event (docs/behaviour.md#event-origin): a client through PutEvents, the
/// emulator when it delivered a message, or the engagement route. A record without one (an older
/// state or events file) came from PutEvents.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Origin {
    #[default]
    PutEvents,
    Delivery,
    Engagement,
}

/// An event as the log keeps it. Also the NDJSON line format. The names every event of a
/// request shares are shared, not copied per event; the event itself is kept as its JSON text
/// (one allocation, not a tree), with its type beside it for the filters.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", from = "Recorded")]
pub struct RecordedEvent {
    pub account_id: Arc<str>,
    pub region: Arc<str>,
    pub application_id: Arc<str>,
    /// `None` (null) for a service record of a message sent to a raw address.
    pub endpoint_id: Option<Arc<str>>,
    pub event_id: String,
    /// The endpoint's UserId when the event was accepted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_id: Option<Arc<str>>,
    pub received_at: Arc<str>,
    pub origin: Origin,
    pub event: Box<RawValue>,
    /// The event's EventType, read from `event`.
    #[serde(skip)]
    pub event_type: Option<Box<str>>,
}

/// The same event: the same names and the same text (the type is read from the text).
impl PartialEq for RecordedEvent {
    fn eq(&self, o: &Self) -> bool {
        (
            &self.account_id,
            &self.region,
            &self.application_id,
            &self.endpoint_id,
        ) == (&o.account_id, &o.region, &o.application_id, &o.endpoint_id)
            && (
                &self.event_id,
                &self.user_id,
                &self.received_at,
                self.origin,
            ) == (&o.event_id, &o.user_id, &o.received_at, o.origin)
            && self.event.get() == o.event.get()
    }
}

/// [`RecordedEvent`] as read back from a state file or fixture.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Recorded {
    account_id: Arc<str>,
    region: Arc<str>,
    application_id: Arc<str>,
    #[serde(default)]
    endpoint_id: Option<Arc<str>>,
    event_id: String,
    #[serde(default)]
    user_id: Option<Arc<str>>,
    received_at: Arc<str>,
    #[serde(default)]
    origin: Origin,
    event: Box<RawValue>,
}

impl From<Recorded> for RecordedEvent {
    /// A hand-written fixture may spread an event over several lines; it is kept compact like
    /// every other, so an `--events-file` line stays one line.
    fn from(r: Recorded) -> Self {
        let event = match compacted(r.event.get()).map(RawValue::from_string) {
            Some(Ok(text)) => text,
            _ => r.event,
        };
        let event_type = EventHead::of(&event).event_type.map(|t| t.into());
        Self {
            account_id: r.account_id,
            region: r.region,
            application_id: r.application_id,
            endpoint_id: r.endpoint_id,
            event_id: r.event_id,
            user_id: r.user_id,
            received_at: r.received_at,
            origin: r.origin,
            event,
            event_type,
        }
    }
}

/// The members of a recorded event that reads look at, borrowed from its text where they can be.
#[derive(Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct EventHead<'a> {
    #[serde(borrow)]
    pub event_type: Option<std::borrow::Cow<'a, str>>,
    #[serde(borrow)]
    pub timestamp: Option<std::borrow::Cow<'a, str>>,
}

impl<'a> EventHead<'a> {
    /// Nothing when the text is not an object with string members there (an event from a
    /// hand-written fixture).
    pub fn of(event: &'a RawValue) -> Self {
        serde_json::from_str(event.get()).unwrap_or_default()
    }
}

/// The JSON text without the whitespace between its tokens, or `None` when it has none (what SDKs
/// send). Inside a string only a space can appear unescaped, so the scan follows strings and
/// takes out only what lies between tokens. Text without any whitespace byte at all, the common
/// case, is told by one quick pass.
pub fn compacted(text: &str) -> Option<String> {
    if !text
        .bytes()
        .any(|c| matches!(c, b' ' | b'\n' | b'\r' | b'\t'))
    {
        return None;
    }
    let (mut in_string, mut escaped) = (false, false);
    let mut out: Option<String> = None;
    let mut kept = 0;
    for (i, &c) in text.as_bytes().iter().enumerate() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
        } else if c == b'"' {
            in_string = true;
        } else if matches!(c, b' ' | b'\n' | b'\r' | b'\t') {
            let out = out.get_or_insert_with(|| String::with_capacity(text.len()));
            out.push_str(&text[kept..i]);
            kept = i + 1;
        }
    }
    out.map(|mut out| {
        out.push_str(&text[kept..]);
        out
    })
}

/// Which recorded events a query wants.
#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    pub application_id: Option<String>,
    pub endpoint_id: Option<String>,
    pub event_type: Option<String>,
    pub user_id: Option<String>,
    pub since: Option<DateTime<Utc>>,
    pub limit: Option<usize>,
}

impl EventFilter {
    /// `endpoint` is the filter's endpoint id, case-folded once by the caller.
    fn matches(&self, e: &RecordedEvent, endpoint: Option<&str>) -> bool {
        self.application_id
            .as_ref()
            .is_none_or(|a| **a == *e.application_id)
            && endpoint
                .is_none_or(|id| e.endpoint_id.as_deref().map(fold_id).as_deref() == Some(id))
            && self
                .event_type
                .as_ref()
                .is_none_or(|t| e.event_type.as_deref() == Some(t))
            && self
                .user_id
                .as_ref()
                .is_none_or(|u| e.user_id.as_deref() == Some(u.as_str()))
            && self
                .since
                .is_none_or(|s| time::parse_iso8601(&e.received_at).is_some_and(|r| r >= s))
    }
}

/// The bounded log of accepted events.
pub type EventLog = Ring<RecordedEvent>;

impl Ring<RecordedEvent> {
    /// The matching events in arrival order, and how many were dropped so far.
    pub fn query(&self, filter: &EventFilter) -> (Vec<Arc<RecordedEvent>>, u64) {
        let endpoint = filter.endpoint_id.as_deref().map(fold_id);
        self.select(|e| filter.matches(e, endpoint.as_deref()), filter.limit)
    }
}

impl Store {
    /// PutEvents: each BatchItem's endpoint is upserted in its own transaction, each event is
    /// validated on its own, accepted events are recorded. Whole-request checks are the caller's.
    pub fn put_events(
        &self,
        scope: &Scope,
        app_id: &str,
        batches: Vec<BatchIn>,
        request_id: &str,
    ) -> StoreResult<Vec<BatchOutcome>> {
        let total: usize = batches.iter().map(|b| b.events.len()).sum();
        if total > MAX_EVENTS_PER_REQUEST {
            return Err(StoreError::limit(format!(
                "The request holds {total} events; the maximum is {MAX_EVENTS_PER_REQUEST} events per request"
            )));
        }
        let now = self.now_iso(scope);
        let app = self.app_for_write(scope, app_id, &now)?;
        let ctx = UpsertCtx {
            app_id,
            request_id,
            now: &now,
            limits: &self.options().limits,
        };
        let mut outcomes = Vec::with_capacity(batches.len());
        let mut recorded = Vec::new();
        let (account, region): (Arc<str>, Arc<str>) =
            (scope.account.as_str().into(), scope.region.as_str().into());
        let (application, received): (Arc<str>, Arc<str>) = (app_id.into(), now.as_str().into());
        // Under the app's lock only what reads or changes the app: each BatchItem's endpoint
        // and the user it ends with. What the upserts replaced is freed, and the events are
        // judged, after the lock is released.
        let mut bodies = Vec::with_capacity(batches.len());
        let mut replaced = Vec::with_capacity(batches.len());
        let triggered: bool;
        let upserted: Vec<(String, StoreResult<()>, Option<Arc<str>>)> = {
            let mut data = app.write();
            // Whether the events may trigger a campaign (docs/behaviour.md#event-campaigns) or
            // enter a journey (docs/behaviour.md#journey-entry).
            triggered = data
                .campaigns()
                .values()
                .any(|c| c.versions.latest().1.on_events())
                || data.journeys().values().any(|j| j.event_start().is_some());
            batches
                .into_iter()
                .map(|b| {
                    bodies.push(b.events);
                    let endpoint = b.endpoint.and_then(|patch| {
                        let mut txn = data.txn();
                        upsert(&mut txn, &ctx, &b.endpoint_id, patch)?;
                        replaced.push(txn.commit());
                        Ok(())
                    });
                    let user_id = data
                        .endpoint(&fold_id(&b.endpoint_id))
                        .and_then(|e| e.user_id.as_deref().map(Arc::from));
                    (b.endpoint_id, endpoint, user_id)
                })
                .collect()
        };
        drop(replaced);
        let mut arrivals = Vec::new();
        for ((endpoint_id, endpoint, user_id), events_in) in upserted.into_iter().zip(bodies) {
            let shared_id: Arc<str> = endpoint_id.as_str().into();
            let mut events = Vec::with_capacity(events_in.len());
            for e in events_in {
                let result = validate_event(&e).map_err(StoreError::Invalid);
                if result.is_ok() && triggered {
                    arrivals.push(Arrival {
                        endpoint_id: endpoint_id.clone(),
                        event_type: e.event_type.clone().unwrap_or_default(),
                        attributes: e.attributes.clone(),
                        metrics: e.metrics.clone(),
                    });
                }
                if result.is_ok() {
                    recorded.push(RecordedEvent {
                        account_id: Arc::clone(&account),
                        region: Arc::clone(&region),
                        application_id: Arc::clone(&application),
                        endpoint_id: Some(Arc::clone(&shared_id)),
                        event_id: e.id.clone(),
                        user_id: user_id.clone(),
                        received_at: Arc::clone(&received),
                        origin: Origin::PutEvents,
                        event: e.raw,
                        event_type: e.event_type.map(String::into_boxed_str),
                    });
                }
                events.push((e.id, result));
            }
            outcomes.push(BatchOutcome {
                endpoint_id,
                endpoint,
                events,
            });
        }
        self.touch();
        self.events.record(recorded);
        self.trigger_campaigns(scope, app_id, &arrivals, crate::model::FilterType::Endpoint);
        self.trigger_journeys(scope, app_id, &arrivals, crate::model::FilterType::Endpoint);
        Ok(outcomes)
    }
}
