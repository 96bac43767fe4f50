//! One event of a PutEvents request, and the per-event quotas PutEvents applies to each event
//! on its own (docs/behaviour.md#events-key-count).

use std::collections::BTreeMap;

use serde_json::value::RawValue;

use crate::time;

/// One event of a PutEvents request, with the fields the rules look at and the event as sent.
#[derive(Debug, Clone)]
pub struct EventIn {
    pub id: String,
    pub event_type: Option<String>,
    pub timestamp: Option<String>,
    /// `(Id, StartTimestamp)` when a Session was sent.
    pub session: Option<(Option<String>, Option<String>)>,
    pub attributes: BTreeMap<String, String>,
    pub metrics: BTreeMap<String, f64>,
    /// The event's size as JSON without insignificant whitespace.
    pub size: usize,
    /// The event as sent, without insignificant whitespace.
    pub raw: Box<RawValue>,
}

/// Per-event quotas (docs/behaviour.md#events-key-count).
/// Attribute and metric keys together, per event.
pub const MAX_EVENT_KEYS: usize = 40;
/// The largest event, as compact JSON: 1,000 KB.
pub const MAX_EVENT_BYTES: usize = 1000 * 1024;
pub const MAX_EVENT_KEY_LEN: usize = 50;
pub const MAX_EVENT_VALUE_LEN: usize = 200;

/// Per-event validation (docs/behaviour.md#events-validation). `Err` is the message of that event's 400.
pub fn validate_event(e: &EventIn) -> Result<(), String> {
    if e.event_type.as_deref().is_none_or(str::is_empty) {
        return Err("Missing EventType: every event needs a non-empty EventType".into());
    }
    let ts = e
        .timestamp
        .as_deref()
        .ok_or("Missing Timestamp: every event needs an ISO-8601 Timestamp")?;
    if time::parse_iso8601(ts).is_none() {
        return Err(format!("Timestamp {ts:?} is not an ISO-8601 date-time"));
    }
    if let Some((id, start)) = &e.session {
        if id.as_deref().is_none_or(str::is_empty) {
            return Err("Session.Id is required when a Session is sent".into());
        }
        let start = start
            .as_deref()
            .ok_or("Session.StartTimestamp is required when a Session is sent")?;
        if time::parse_iso8601(start).is_none() {
            return Err(format!(
                "Session.StartTimestamp {start:?} is not an ISO-8601 date-time"
            ));
        }
    }
    let keys = e.attributes.len() + e.metrics.len();
    if keys > MAX_EVENT_KEYS {
        return Err(format!(
            "Number of attributes per event submitted should be less than {MAX_EVENT_KEYS}. (this event has {} attributes and {} metrics, {keys} keys together)",
            e.attributes.len(),
            e.metrics.len()
        ));
    }
    if e.size > MAX_EVENT_BYTES {
        return Err(format!(
            "Event size should be at most 1000 KB. (this event is {} bytes as JSON; the maximum is {MAX_EVENT_BYTES})",
            e.size
        ));
    }
    for k in e.attributes.keys().chain(e.metrics.keys()) {
        if k.chars().count() > MAX_EVENT_KEY_LEN {
            return Err(format!(
                "Event attribute key length should be less than {MAX_EVENT_KEY_LEN}. (key {k:?} has {} characters)",
                k.chars().count()
            ));
        }
    }
    for (k, v) in &e.attributes {
        if v.chars().count() > MAX_EVENT_VALUE_LEN {
            return Err(format!(
                "Event attribute value length should be less than {MAX_EVENT_VALUE_LEN} (the value of {k:?} has {} characters)",
                v.chars().count()
            ));
        }
    }
    Ok(())
}
