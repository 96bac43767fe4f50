//! Events the emulator records itself (docs/behaviour.md#event-origin): their origin, their
//! shape and time, and that they are not an endpoint's activity.

use std::sync::Arc;

use serde_json::{json, Value};

use super::*;
use crate::clock::ManualClock;
use crate::store::engagement::segments::SegmentWrite;
use crate::store::events::recorded::{Origin, RecordedEvent};
use crate::store::events::service::ServiceEvent;

/// A store on a manual clock (2026-01-01T00:00:00Z) with sequential ids.
pub(super) fn clocked() -> (Store, Arc<ManualClock>) {
    let clock = Arc::new(ManualClock::default());
    let s = Store::new(
        StoreOptions::default(),
        Logs::in_memory(100),
        clock.clone(),
        Arc::new(crate::ids::SequentialIds::default()),
    );
    (s, clock)
}

/// Every recorded event as `GET /_pinpoint/events` shows it.
pub(super) fn recorded(s: &Store) -> Vec<Value> {
    let (events, _) = s.events.query(&Default::default());
    events
        .iter()
        .map(|e| serde_json::to_value(&**e).unwrap())
        .collect()
}

fn put_event(s: &Store, endpoint: &str, at: &str) {
    let raw = json!({"EventType": "visit", "Timestamp": at});
    let event = EventIn {
        id: "ev".into(),
        event_type: Some("visit".into()),
        timestamp: Some(at.into()),
        session: None,
        attributes: BTreeMap::new(),
        metrics: BTreeMap::new(),
        size: 0,
        raw: serde_json::value::to_raw_value(&raw).unwrap(),
    };
    let b = BatchIn {
        endpoint_id: endpoint.into(),
        endpoint: Ok(Default::default()),
        events: vec![event],
    };
    s.put_events(&scope(), APP, vec![b], "r").unwrap();
}

#[test]
fn put_events_records_say_they_came_from_put_events() {
    let (s, _) = clocked();
    put_event(&s, "e1", "2026-01-01T00:00:00Z");
    let e = &recorded(&s)[0];
    assert_eq!(e["Origin"], "PutEvents");
    assert_eq!(e["EndpointId"], "e1");
}

#[test]
fn an_older_line_without_origin_reads_as_put_events_and_a_service_line_round_trips() {
    let old = r#"{"AccountId":"a","Region":"r","ApplicationId":"app","EndpointId":"e",
        "EventId":"1","ReceivedAt":"2024-01-01T00:00:00.000Z","Event":{"EventType":"t"}}"#;
    let e: RecordedEvent = serde_json::from_str(old).unwrap();
    assert_eq!(e.origin, Origin::PutEvents);
    assert_eq!(e.endpoint_id.as_deref(), Some("e"));
    let (s, _) = clocked();
    let made = s.record_service_event(
        &scope(),
        APP,
        None,
        ServiceEvent::delivery("_email.send", BTreeMap::new()),
    );
    let line = serde_json::to_string(&made).unwrap();
    let back: RecordedEvent = serde_json::from_str(&line).unwrap();
    assert_eq!(back, made);
    assert_eq!(back.origin, Origin::Delivery);
    assert_eq!(back.endpoint_id, None);
    assert_eq!(back.event_type.as_deref(), Some("_email.send"));
}

#[test]
fn a_service_event_is_stamped_with_the_scope_clock_and_shaped_like_put_events() {
    let (s, clock) = clocked();
    clock.advance(chrono::Duration::minutes(90));
    s.clocks()
        .freeze(
            &scope().account,
            &scope().region,
            crate::time::parse_iso8601("2030-03-01T00:00:00Z").unwrap(),
        )
        .unwrap();
    let mut event = ServiceEvent::delivery(
        "_SMS.BUFFERED",
        [("record_status".to_string(), "SUCCESSFUL".to_string())].into(),
    );
    event.metrics = [("price".to_string(), 2.0), ("half".to_string(), 0.5)].into();
    event.user_id = Some("u1".into());
    s.record_service_event(&scope(), APP, Some("e1"), event);
    let e = &recorded(&s)[0];
    assert_eq!(
        e,
        &json!({
            "AccountId": "000000000000", "Region": "us-east-1", "ApplicationId": APP,
            "EndpointId": "e1", "EventId": "00000000-0000-4000-9000-000000000001",
            "UserId": "u1", "ReceivedAt": "2030-03-01T00:00:00.000Z", "Origin": "Delivery",
            "Event": {
                "EventType": "_SMS.BUFFERED", "Timestamp": "2030-03-01T00:00:00.000Z",
                "Attributes": {"record_status": "SUCCESSFUL"},
                "Metrics": {"half": 0.5, "price": 2}
            }
        })
    );
    // A raw address has no endpoint: EndpointId is null, not absent.
    s.record_service_event(
        &scope(),
        APP,
        None,
        ServiceEvent::delivery("_email.send", BTreeMap::new()),
    );
    let e = &recorded(&s)[1];
    assert_eq!(e.get("EndpointId"), Some(&Value::Null));
    assert_eq!(e["EventId"], "00000000-0000-4000-9000-000000000002");
}

#[test]
fn a_service_event_creates_and_changes_no_app_or_endpoint() {
    let (s, _) = clocked();
    s.record_service_event(
        &scope(),
        APP,
        Some("ghost"),
        ServiceEvent::delivery("_campaign.send", BTreeMap::new()),
    );
    assert!(matches!(s.app(&scope(), APP), Err(StoreError::AppNotFound)));
    s.put("e1", email("a@x.com")).unwrap();
    let before = s.get("e1");
    s.record_service_event(
        &scope(),
        APP,
        Some("e1"),
        ServiceEvent::delivery("_email.send", BTreeMap::new()),
    );
    assert_eq!(s.get("e1"), before);
    assert!(s.get_endpoint(&scope(), APP, "ghost").is_err());
}

#[test]
fn segment_recency_ignores_what_the_service_records() {
    let (s, clock) = clocked();
    s.put("quiet", email("q@x.com")).unwrap();
    s.put("busy", email("b@x.com")).unwrap();
    clock.advance(chrono::Duration::days(10));
    let now = crate::time::format_iso(s.now(&scope()));
    put_event(&s, "busy", &now);
    s.record_service_event(
        &scope(),
        APP,
        Some("quiet"),
        ServiceEvent::delivery("_email.send", BTreeMap::new()),
    );
    let seg = SegmentWrite {
        name: Some("active".into()),
        dimensions: Some(
            serde_json::from_value(
                json!({"Behavior": {"Recency": {"Duration": "DAY_7", "RecencyType": "ACTIVE"}}}),
            )
            .unwrap(),
        ),
        ..Default::default()
    };
    let seg = s.create_segment(&scope(), APP, seg).unwrap();
    assert_eq!(
        s.segment_members(&scope(), APP, &seg.id, None).unwrap(),
        ["busy"]
    );
}
