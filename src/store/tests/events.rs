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
        size: 0,
        raw: serde_json::value::to_raw_value(&serde_json::json!({ "EventType": event_type }))
            .unwrap(),
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
    let rec = |i: usize| crate::store::events::recorded::RecordedEvent {
        account_id: "a".into(),
        region: "r".into(),
        application_id: APP.into(),
        endpoint_id: Some("e".into()),
        event_id: i.to_string(),
        user_id: None,
        received_at: "2024-01-01T00:00:00.000Z".into(),
        origin: Default::default(),
        event: serde_json::value::RawValue::from_string("{}".into()).unwrap(),
        event_type: None,
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

fn judged(events: Vec<EventIn>) -> Vec<StoreResult<()>> {
    let s = store();
    let batches = vec![BatchIn {
        endpoint_id: "e".into(),
        endpoint: Ok(EndpointPatch::default()),
        events,
    }];
    let out = s.put_events(&scope(), APP, batches, "r").unwrap();
    out.into_iter()
        .next()
        .unwrap()
        .events
        .into_iter()
        .map(|(_, r)| r)
        .collect()
}

#[test]
fn forty_attribute_and_metric_keys_together_per_event() {
    let ts = Some("2026-01-01T00:00:00Z");
    let with_keys = |id: &str, attributes: usize, metrics: usize| {
        let mut e = event(id, Some("t"), ts);
        e.attributes = (0..attributes)
            .map(|i| (format!("a{i}"), "v".into()))
            .collect();
        e.metrics = (0..metrics).map(|i| (format!("m{i}"), 1.0)).collect();
        e
    };
    let out = judged(vec![
        with_keys("over", 25, 25),
        with_keys("forty", 20, 20),
        with_keys("metrics-only", 0, 41),
    ]);
    let over = out[0].as_ref().unwrap_err().to_string();
    assert!(
        over.starts_with("Number of attributes per event submitted should be less than 40."),
        "{over}"
    );
    assert!(over.contains("25 attributes and 25 metrics"), "{over}");
    assert_eq!(out[1], Ok(()));
    assert!(out[2].is_err());
}

#[test]
fn an_event_over_1000_kb_fails_alone() {
    let ts = Some("2026-01-01T00:00:00Z");
    let mut big = event("big", Some("t"), ts);
    big.size = 1000 * 1024 + 1;
    let mut at_limit = event("at-limit", Some("t"), ts);
    at_limit.size = 1000 * 1024;
    let out = judged(vec![big, at_limit]);
    assert!(out[0].as_ref().unwrap_err().to_string().contains("1000 KB"));
    assert_eq!(out[1], Ok(()));
}

#[test]
fn timestamps_with_minutes_only_are_accepted() {
    let out = judged(vec![
        event("z", Some("t"), Some("2026-01-01T00:00Z")),
        event("offset", Some("t"), Some("2026-01-01T02:00+02:00")),
        event("bad", Some("t"), Some("2026-01-01T02:00+2")),
    ]);
    assert_eq!(out[0], Ok(()));
    assert_eq!(out[1], Ok(()));
    assert!(out[2].is_err());
}

#[test]
fn a_recorded_event_read_back_is_compact_and_knows_its_type() {
    let text = r#"{"AccountId":"a","Region":"r","ApplicationId":"app","EndpointId":"e",
        "EventId":"1","ReceivedAt":"2024-01-01T00:00:00.000Z",
        "Event": {
            "EventType": "_session.start",
            "Attributes": {"k": "a b"}
        }}"#;
    let e: crate::store::events::recorded::RecordedEvent = serde_json::from_str(text).unwrap();
    assert_eq!(
        e.event.get(),
        r#"{"EventType":"_session.start","Attributes":{"k":"a b"}}"#
    );
    assert_eq!(e.event_type.as_deref(), Some("_session.start"));
    let line = serde_json::to_string(&e).unwrap();
    let back: serde_json::Value = serde_json::from_str(&line).unwrap();
    assert!(
        !line.contains('\n') && back.get("EventType").is_none(),
        "{line}"
    );
}
