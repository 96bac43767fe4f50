//! PutEvents rules and the recorded-events log.

use super::*;

fn event(id: &str, event_type: Option<&str>, ts: Option<&str>) -> EventIn {
    EventIn {
        id: id.into(),
        event_type: event_type.map(Into::into),
        timestamp: ts.map(Into::into),
        session: None,
        attributes: BTreeMap::new(),
        metrics: BTreeMap::new(),
        raw: serde_json::json!({ "EventType": event_type }),
    }
}

#[test]
fn put_events_upserts_endpoints_and_judges_each_event_alone() {
    let s = store();
    s.put(
        "known",
        EndpointPatch {
            attributes: Some(attrs(&[("k", &["v"])])),
            ..with_user(email("k@x.com"), "u")
        },
    )
    .unwrap();
    let mut too_many = event("e3", Some("custom"), Some("2024-01-01T00:00:00Z"));
    too_many.attributes = (0..41)
        .map(|i| (format!("a{i}"), "v".to_string()))
        .collect();
    let batches = vec![
        BatchIn {
            endpoint_id: "Fresh".into(),
            endpoint: Ok(EndpointPatch::default()),
            events: vec![event(
                "e1",
                Some("_session.start"),
                Some("2024-01-01T00:00:00.000Z"),
            )],
        },
        BatchIn {
            endpoint_id: "known".into(),
            endpoint: Ok(EndpointPatch::default()),
            events: vec![
                event("e2", None, Some("2024-01-01T00:00:00Z")),
                too_many,
                event("e4", Some("x"), Some("2024-01-01T00:00:00Z")),
            ],
        },
    ];
    let out = s.put_events(&scope(), APP, batches, "r").unwrap();
    assert_eq!(out[0].endpoint, Ok(()));
    assert_eq!(out[0].events[0].1, Ok(()));
    assert!(out[1].events[0]
        .1
        .as_ref()
        .unwrap_err()
        .to_string()
        .contains("EventType"));
    assert!(out[1].events[1]
        .1
        .as_ref()
        .unwrap_err()
        .to_string()
        .starts_with("Number of attributes per event submitted should be less than 40."));
    assert_eq!(out[1].events[2].1, Ok(()));
    assert_eq!(s.get("fresh").opt_out, OptOut::ALL);
    let known = s.get("known");
    assert_eq!(known.attributes, attrs(&[("k", &["v"])]));
    assert_eq!(known.user_id.as_deref(), Some("u"));
    let (events, _) = s.events.query(&Default::default());
    assert_eq!(events.len(), 2);
    assert_eq!(events[1].user_id.as_deref(), Some("u"));
    s.check();
}

#[test]
fn put_events_endpoint_failure_is_per_item() {
    let s = store();
    fill_user_with_email_endpoints(&s, "u");
    let batches = vec![BatchIn {
        endpoint_id: "sixteen".into(),
        endpoint: Ok(with_user(email("16@x.com"), "u")),
        events: vec![event("ev", Some("t"), Some("2024-01-01T00:00:00Z"))],
    }];
    let out = s.put_events(&scope(), APP, batches, "r").unwrap();
    assert!(out[0]
        .endpoint
        .as_ref()
        .unwrap_err()
        .to_string()
        .starts_with("Exceeded maximum endpoint per user count"));
    assert_eq!(out[0].events[0].1, Ok(()));
    s.check();
}

#[test]
fn put_events_over_100_events_is_refused_whole() {
    let s = store();
    let events: Vec<EventIn> = (0..101)
        .map(|i| event(&i.to_string(), Some("t"), Some("2024-01-01T00:00:00Z")))
        .collect();
    let r = s.put_events(
        &scope(),
        APP,
        vec![BatchIn {
            endpoint_id: "e".into(),
            endpoint: Ok(EndpointPatch::default()),
            events,
        }],
        "r",
    );
    assert!(matches!(r, Err(StoreError::LimitExceeded(_))));
    assert!(
        s.app(&scope(), APP).is_err(),
        "nothing applied, not even the app"
    );
}

#[test]
fn the_events_log_is_bounded_and_counts_drops() {
    let log = EventLog::new(3, None).unwrap();
    let rec = |i: usize| crate::store::events::RecordedEvent {
        account_id: "a".into(),
        region: "r".into(),
        application_id: APP.into(),
        endpoint_id: "e".into(),
        event_id: i.to_string(),
        user_id: None,
        received_at: "2024-01-01T00:00:00.000Z".into(),
        event: serde_json::json!({}),
    };
    log.record((0..5).map(rec).collect());
    let (events, dropped) = log.query(&Default::default());
    assert_eq!(
        events
            .iter()
            .map(|e| e.event_id.as_str())
            .collect::<Vec<_>>(),
        ["2", "3", "4"]
    );
    assert_eq!(dropped, 2);
}

#[test]
fn delete_app_drops_endpoints_and_events() {
    let s = store();
    let b = vec![BatchIn {
        endpoint_id: "e".into(),
        endpoint: Ok(EndpointPatch::default()),
        events: vec![event("x", Some("t"), Some("2024-01-01T00:00:00Z"))],
    }];
    s.put_events(&scope(), APP, b, "r").unwrap();
    s.delete_app(&scope(), APP).unwrap();
    assert!(s.get_endpoint(&scope(), APP, "e").is_err());
    assert!(s.events.query(&Default::default()).0.is_empty());
}
