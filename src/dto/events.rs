//! PutEvents shapes: EventsRequest, EventsBatch, Event, Session, EventsResponse.
//! <https://docs.aws.amazon.com/pinpoint/latest/apireference/apps-application-id-events.html>

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::endpoints::EndpointRequest;
use super::ordered::Ordered;
use crate::error::ApiError;
use crate::store::events::{BatchIn, BatchOutcome, EventIn, MAX_EVENT_BYTES};
use crate::store::StoreResult;

/// `EventsRequest`.
#[derive(Debug, Deserialize)]
pub struct EventsRequest {
    #[serde(rename = "BatchItem")]
    pub batch_item: Option<Ordered<EventsBatch>>,
}

/// `EventsBatch`: both members are required by the model.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct EventsBatch {
    pub endpoint: Option<EndpointRequest>,
    pub events: Option<Ordered<serde_json::Value>>,
}

/// `Session`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Session {
    pub id: Option<String>,
    pub start_timestamp: Option<String>,
    pub stop_timestamp: Option<String>,
    pub duration: Option<i64>,
}

/// `Event`, typed for validation; the event is also kept exactly as sent.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Event {
    pub event_type: Option<String>,
    pub timestamp: Option<String>,
    pub session: Option<Session>,
    pub attributes: Option<BTreeMap<String, String>>,
    pub metrics: Option<BTreeMap<String, f64>>,
    pub app_package_name: Option<String>,
    pub app_title: Option<String>,
    pub app_version_code: Option<String>,
    pub client_sdk_version: Option<String>,
    pub sdk_name: Option<String>,
}

impl EventsRequest {
    /// Whole-request checks (docs/behaviour.md#events-whole-request): a BatchItem map, each item with Endpoint and Events, every
    /// event a well-typed Event object. Endpoint members with bad enum values are per-item
    /// failures, not whole-request ones.
    ///
    /// `body_len` is the request body's size: only when it is over the one-event limit can an
    /// event be, so only then is each event's size measured.
    pub fn into_batches(self, body_len: usize) -> Result<Vec<BatchIn>, ApiError> {
        let measure = body_len > MAX_EVENT_BYTES;
        let items = self.batch_item.ok_or_else(|| {
            ApiError::bad("Missing BatchItem: PutEvents needs a BatchItem object")
        })?;
        let mut batches = Vec::with_capacity(items.0.len());
        for (endpoint_id, batch) in items.0 {
            let endpoint = batch.endpoint.ok_or_else(|| {
                ApiError::bad(format!(
                    "BatchItem {endpoint_id:?} is missing its Endpoint (send {{}} for none)"
                ))
            })?;
            let events = batch.events.ok_or_else(|| {
                ApiError::bad(format!("BatchItem {endpoint_id:?} is missing its Events"))
            })?;
            let events = events
                .0
                .into_iter()
                .map(|(id, raw)| event_in(&endpoint_id, id, raw, measure))
                .collect::<Result<Vec<_>, _>>()?;
            batches.push(BatchIn {
                endpoint_id,
                endpoint: endpoint.into_patch(),
                events,
            });
        }
        Ok(batches)
    }
}

/// The size of a value's compact JSON, without building it.
fn json_len(v: &serde_json::Value) -> usize {
    struct Count(usize);
    impl std::io::Write for Count {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0 += buf.len();
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut count = Count(0);
    let _ = serde_json::to_writer(&mut count, v);
    count.0
}

fn event_in(
    endpoint_id: &str,
    id: String,
    raw: serde_json::Value,
    measure: bool,
) -> Result<EventIn, ApiError> {
    // The plain deserializer first; the path to what is wrong is only worked out for an event
    // that fails.
    let ev = match Event::deserialize(&raw) {
        Ok(ev) => ev,
        Err(_) => serde_path_to_error::deserialize::<_, Event>(&raw).map_err(|e| {
            ApiError::bad(format!(
                "Invalid event {id:?} of BatchItem {endpoint_id:?} at {}: {}",
                e.path(),
                e.inner()
            ))
        })?,
    };
    Ok(EventIn {
        id,
        event_type: ev.event_type,
        timestamp: ev.timestamp,
        session: ev.session.map(|s| (s.id, s.start_timestamp)),
        attributes: ev.attributes.unwrap_or_default(),
        metrics: ev.metrics.unwrap_or_default(),
        size: if measure { json_len(&raw) } else { 0 },
        raw,
    })
}

/// `EndpointItemResponse` / `EventItemResponse`.
#[derive(Debug, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct ItemStatus {
    pub message: String,
    pub status_code: u16,
}

impl ItemStatus {
    /// An item's result; a failure's status is the one its error has on the wire.
    fn of(r: StoreResult<()>) -> Self {
        match r {
            Ok(()) => Self {
                message: "Accepted".into(),
                status_code: 202,
            },
            Err(e) => {
                let e = ApiError::from(e);
                Self {
                    status_code: e.wire().0.as_u16(),
                    message: e.client_message(),
                }
            }
        }
    }
}

/// `ItemResponse`.
#[derive(Debug, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct ItemResponse {
    pub endpoint_item_response: ItemStatus,
    pub events_item_response: BTreeMap<String, ItemStatus>,
}

/// `EventsResponse`.
#[derive(Debug, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct EventsResponse {
    pub results: BTreeMap<String, ItemResponse>,
}

impl EventsResponse {
    pub fn new(outcomes: Vec<BatchOutcome>) -> Self {
        let results = outcomes
            .into_iter()
            .map(|o| {
                let events = o
                    .events
                    .into_iter()
                    .map(|(id, r)| (id, ItemStatus::of(r)))
                    .collect();
                let item = ItemResponse {
                    endpoint_item_response: ItemStatus::of(o.endpoint),
                    events_item_response: events,
                };
                (o.endpoint_id, item)
            })
            .collect();
        Self { results }
    }
}
