//! PutEvents' input, by hand (a hot path: issue 24 keeps a hand-written type only where it is
//! measured faster, and `tests/it/hot_types.rs` checks it against the generated shape):
//! [`PutEventsInput`] with its [`EventsRequest`], whose batches are read in request order
//! ([`Ordered`]) and whose events are kept as the JSON text they were sent as. The answer is the
//! generated `EventsResponse`.
//! <https://docs.aws.amazon.com/pinpoint/latest/apireference/apps-application-id-events.html>

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use super::endpoints::EndpointRequest;
use crate::error::ApiError;
use crate::model::Ordered;
use crate::model::{EndpointItemResponse, EventItemResponse, EventsResponse, ItemResponse};
use crate::store::events::recorded::{compacted, BatchIn, BatchOutcome, EventIn};
use crate::store::StoreResult;
use crate::wire::{Operation, OperationInput, RequestParts};

/// PutEvents' input, by hand: its label and the hand-written [`EventsRequest`].
#[derive(Debug)]
pub struct PutEventsInput {
    pub application_id: String,
    pub events_request: EventsRequest,
}

impl OperationInput for PutEventsInput {
    const OPERATION: Operation = Operation::PutEvents;
    type Body = EventsRequest;
    const HAS_BODY: bool = true;
    fn assemble(parts: &mut RequestParts, body: EventsRequest) -> Self {
        Self {
            application_id: parts.label("application-id"),
            events_request: body,
        }
    }
}

/// `EventsRequest`. The model check has refused a body without `BatchItem`, and a batch
/// without `Endpoint` or `Events`. (Serialize is for the test against the generated shape.)
#[derive(Debug, Deserialize, Serialize)]
pub struct EventsRequest {
    #[serde(rename = "BatchItem", default)]
    pub batch_item: Ordered<EventsBatch>,
}

/// `EventsBatch`.
#[derive(Debug, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct EventsBatch {
    #[serde(default)]
    pub endpoint: EndpointRequest,
    /// Each event kept as its JSON text: it is recorded as sent, and only the members the rules
    /// look at are parsed out of it.
    #[serde(default)]
    pub events: Ordered<Box<RawValue>>,
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
    /// Whole-request checks (docs/behaviour.md#events-whole-request): every event a well-typed
    /// Event object. Endpoint members with bad enum values are per-item failures, not
    /// whole-request ones.
    pub fn into_batches(self) -> Result<Vec<BatchIn>, ApiError> {
        let items = self.batch_item;
        let mut batches = Vec::with_capacity(items.0.len());
        for (endpoint_id, batch) in items.0 {
            let endpoint = batch.endpoint;
            let events = batch
                .events
                .0
                .into_iter()
                .map(|(id, raw)| event_in(&endpoint_id, id, raw))
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

fn event_in(endpoint_id: &str, id: String, raw: Box<RawValue>) -> Result<EventIn, ApiError> {
    let invalid = |at: &dyn std::fmt::Display, e: &dyn std::fmt::Display| {
        ApiError::bad(format!(
            "Invalid event {id:?} of BatchItem {endpoint_id:?} at {at}: {e}"
        ))
    };
    let (ev, raw) = match serde_json::from_str::<Event>(raw.get()) {
        Ok(ev) => (ev, raw),
        // What the text parser refuses but a tree accepts (a member sent twice: the last one
        // counts) is recorded as that tree; the path to what is wrong is only worked out for an
        // event that fails both.
        Err(_) => {
            let tree: serde_json::Value =
                serde_json::from_str(raw.get()).map_err(|e| invalid(&".", &e))?;
            let ev = match Event::deserialize(&tree) {
                Ok(ev) => ev,
                Err(_) => serde_path_to_error::deserialize::<_, Event>(&tree)
                    .map_err(|e| invalid(e.path(), e.inner()))?,
            };
            let raw = serde_json::value::to_raw_value(&tree).map_err(|e| invalid(&".", &e))?;
            (ev, raw)
        }
    };
    let raw = match compacted(raw.get()) {
        None => raw,
        Some(text) => RawValue::from_string(text).map_err(|e| invalid(&".", &e))?,
    };
    Ok(EventIn {
        id,
        event_type: ev.event_type,
        timestamp: ev.timestamp,
        session: ev.session.map(|s| (s.id, s.start_timestamp)),
        attributes: ev.attributes.unwrap_or_default(),
        metrics: ev.metrics.unwrap_or_default(),
        size: raw.get().len(),
        raw,
    })
}

/// An item's result: its message and status code; a failure's status is the one its error
/// has on the wire.
fn item_status(r: StoreResult<()>) -> (String, i32) {
    match r {
        Ok(()) => ("Accepted".into(), 202),
        Err(e) => {
            let e = ApiError::from(e);
            (e.client_message(), i32::from(e.wire().0.as_u16()))
        }
    }
}

/// The store's outcomes as the model's `EventsResponse`.
pub fn events_response(outcomes: Vec<BatchOutcome>) -> EventsResponse {
    let results = outcomes
        .into_iter()
        .map(|o| {
            let events: BTreeMap<String, EventItemResponse> = o
                .events
                .into_iter()
                .map(|(id, r)| {
                    let (message, code) = item_status(r);
                    let item = EventItemResponse {
                        message: Some(message),
                        status_code: Some(code),
                    };
                    (id, item)
                })
                .collect();
            let (message, code) = item_status(o.endpoint);
            let item = ItemResponse {
                endpoint_item_response: Some(EndpointItemResponse {
                    message: Some(message),
                    status_code: Some(code),
                }),
                events_item_response: Some(events.into_iter().collect()),
            };
            (o.endpoint_id, item)
        })
        .collect::<BTreeMap<_, _>>();
    // The answer keys its items by id, one entry per id, in id order (as it always has).
    EventsResponse {
        results: Some(results.into_iter().collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Result<EventIn, ApiError> {
        event_in(
            "e",
            "ev".into(),
            RawValue::from_string(text.into()).unwrap(),
        )
    }

    #[test]
    fn only_whitespace_between_tokens_is_taken_out() {
        assert_eq!(compacted(r#"{"a":"b c","d":[1,2]}"#), None);
        assert_eq!(
            compacted("{ \"a\" :\t\"b \\\" c\\\\\" ,\r\n \"d\": [1, 2] }").as_deref(),
            Some(r#"{"a":"b \" c\\","d":[1,2]}"#)
        );
    }

    #[test]
    fn an_event_is_kept_as_sent_and_read_for_the_rules() {
        let e = one(r#"{ "Timestamp": "2024-01-01T00:00:00Z", "EventType": "t",
            "Attributes": {"k": "v"}, "Metrics": {"m": 1.50} }"#)
        .unwrap();
        assert_eq!(
            e.raw.get(),
            r#"{"Timestamp":"2024-01-01T00:00:00Z","EventType":"t","Attributes":{"k":"v"},"Metrics":{"m":1.50}}"#
        );
        assert_eq!(e.size, e.raw.get().len());
        assert_eq!((e.event_type.as_deref(), e.metrics["m"]), (Some("t"), 1.5));
    }

    #[test]
    fn a_member_sent_twice_counts_once_as_the_last_and_a_bad_one_is_named() {
        let e = one(r#"{"EventType":"a","EventType":"b"}"#).unwrap();
        assert_eq!(
            (e.event_type.as_deref(), e.raw.get()),
            (Some("b"), r#"{"EventType":"b"}"#)
        );
        let err = one(r#"{"EventType":"t","Metrics":{"m":"x"}}"#).unwrap_err();
        assert!(
            err.client_message().contains("at Metrics.m"),
            "{}",
            err.client_message()
        );
    }
}
