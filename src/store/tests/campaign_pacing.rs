//! What holds a campaign message back, and campaigns that events trigger
//! (docs/behaviour.md#campaign-limits, docs/behaviour.md#event-campaigns): quiet time in the
//! endpoint's own zone, the run's capacity, Daily and Total, and the `_campaign.send` records
//! each targeted endpoint gets.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde_json::{json, Value};

use super::campaigns::w;
use super::*;
use crate::clock::ManualClock;
use crate::store::endpoints::model::Demographic;
use crate::store::events::recorded::{BatchIn, EventIn};
use crate::store::messaging::channels::{ChannelKind, ChannelPatch};
use crate::time::parse_iso8601;

fn at(s: &str) -> chrono::DateTime<chrono::Utc> {
    parse_iso8601(s).unwrap()
}

/// An empty store frozen at `start`.
pub(super) fn store_at(start: &str) -> Store {
    let s = Store::new(
        StoreOptions::default(),
        Logs::in_memory(10_000),
        Arc::new(ManualClock::default()),
        Arc::new(crate::ids::SequentialIds::default()),
    );
    s.clocks()
        .freeze(&scope().account, &scope().region, at(start))
        .unwrap();
    s
}

/// A store frozen at `start`, the SMS channel on, and SMS endpoints `(id, zone, plan)`.
pub(super) fn app(start: &str, endpoints: &[(&str, Option<&str>, &str)]) -> Store {
    let s = store_at(start);
    for (i, (id, zone, plan)) in endpoints.iter().enumerate() {
        let mut p = email("x@x.com");
        p.channel_type = Some(ChannelType::SMS);
        p.address = Some(format!("+1206555{i:04}"));
        p.attributes = Some(attrs(&[("plan", &[plan])]));
        p.demographic = zone.map(|z| Demographic {
            timezone: Some(z.into()),
            ..Default::default()
        });
        s.put(id, p).unwrap();
    }
    let on = ChannelPatch {
        enabled: Some(true),
        settings: Default::default(),
    };
    s.update_channel(&scope(), APP, ChannelKind::SMS, on)
        .unwrap();
    s
}

fn segment(s: &Store, plan: &str) -> String {
    let seg = crate::store::engagement::segments::SegmentWrite {
        dimensions: Some(
            serde_json::from_value(json!({"Attributes": {"plan": {"Values": [plan]}}})).unwrap(),
        ),
        ..Default::default()
    };
    s.create_segment(&scope(), APP, seg).unwrap().id
}

fn create(s: &Store, body: Value) -> String {
    let m = match body {
        Value::Object(m) => m,
        _ => unreachable!(),
    };
    s.create_campaign(&scope(), APP, w(m)).unwrap().id
}

fn sent_to(s: &Store) -> Vec<String> {
    let (log, _) = s.sent.query(&Default::default());
    log.iter().filter_map(|m| m.endpoint_id.clone()).collect()
}

/// Every `_campaign.send` as (endpoint, status, its attributes).
fn sends(s: &Store) -> Vec<(String, String, BTreeMap<String, Value>)> {
    let (events, _) = s.events.query(&Default::default());
    events
        .iter()
        .filter(|e| e.event_type.as_deref() == Some("_campaign.send"))
        .map(|e| {
            let v: Value = serde_json::from_str(e.event.get()).unwrap();
            let attrs: BTreeMap<String, Value> =
                serde_json::from_value(v["Attributes"].clone()).unwrap();
            let status = attrs["campaign_send_status"].as_str().unwrap().to_string();
            (
                e.endpoint_id.as_deref().unwrap_or("").to_string(),
                status,
                attrs,
            )
        })
        .collect()
}

/// Sends one PutEvents event of `event_type` for `endpoint`, with these attributes and metrics.
pub(super) fn put_event(
    s: &Store,
    endpoint: &str,
    event_type: &str,
    attrs: &[(&str, &str)],
    metrics: &[(&str, f64)],
) {
    let raw = json!({"EventType": event_type, "Timestamp": "2030-01-01T00:00:00Z"});
    let e = EventIn {
        id: format!("ev-{}", s.sent.last_seq()),
        event_type: Some(event_type.into()),
        timestamp: Some("2030-01-01T00:00:00Z".into()),
        session: None,
        attributes: attrs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        metrics: metrics.iter().map(|(k, v)| (k.to_string(), *v)).collect(),
        size: 0,
        raw: serde_json::value::to_raw_value(&raw).unwrap(),
    };
    let b = BatchIn {
        endpoint_id: endpoint.into(),
        endpoint: Ok(Default::default()),
        events: vec![e],
    };
    s.put_events(&scope(), APP, vec![b], "r").unwrap();
}

#[test]
fn quiet_time_drops_in_the_endpoints_own_zone_and_the_campaign_window_wins() {
    // 2030-01-02T06:00Z is 22:00 in Los Angeles and 15:00 in Tokyo.
    let s = app(
        "2030-01-01T00:00:00Z",
        &[
            ("la", Some("America/Los_Angeles"), "a"),
            ("tokyo", Some("Asia/Tokyo"), "a"),
            ("nozone", None, "a"),
        ],
    );
    let seg = segment(&s, "a");
    s.update_settings(
        &scope(),
        APP,
        serde_json::from_value(json!({"QuietTime": {"Start": "22:00", "End": "07:00"}})).unwrap(),
    )
    .unwrap();
    create(
        &s,
        json!({"SegmentId": seg, "Schedule": {"StartTime": "2030-01-02T06:00:00Z"},
        "MessageConfiguration": {"SMSMessage": {"Body": "hi"}}}),
    );
    s.advance_clock(&scope(), at("2030-01-03T00:00:00Z"))
        .unwrap();
    assert_eq!(sent_to(&s), ["nozone", "tokyo"]);
    let statuses: Vec<(String, String)> = sends(&s).into_iter().map(|(e, st, _)| (e, st)).collect();
    assert_eq!(
        statuses,
        [
            ("la".to_string(), "QUIET_TIME".to_string()),
            ("nozone".into(), "SUCCESS".into()),
            ("tokyo".into(), "SUCCESS".into())
        ]
    );
    // A campaign window 14:00-16:00 replaces the app's: now Tokyo (15:00) is quiet, LA is not.
    create(
        &s,
        json!({"SegmentId": seg, "Schedule": {"StartTime": "2030-01-03T06:00:00Z",
        "QuietTime": {"Start": "14:00", "End": "16:00"}},
        "MessageConfiguration": {"SMSMessage": {"Body": "again"}}}),
    );
    s.advance_clock(&scope(), at("2030-01-04T00:00:00Z"))
        .unwrap();
    assert_eq!(sent_to(&s), ["nozone", "tokyo", "la", "nozone"]);
}

#[test]
fn a_runs_capacity_sends_to_the_first_ids_and_expires_the_rest() {
    let ids: Vec<String> = (0..65).map(|i| format!("e{i:02}")).collect();
    let eps: Vec<(&str, Option<&str>, &str)> =
        ids.iter().map(|i| (i.as_str(), None, "a")).collect();
    let s = app("2030-01-01T00:00:00Z", &eps);
    let seg = segment(&s, "a");
    let c = create(
        &s,
        json!({"SegmentId": seg, "Schedule": {"StartTime": "IMMEDIATE"},
        "Limits": {"MessagesPerSecond": 1, "MaximumDuration": 60},
        "MessageConfiguration": {"SMSMessage": {"Body": "hi"}}}),
    );
    let ran = s.run_due_everywhere(false);
    assert_eq!(ran.messages, 60);
    assert_eq!(sent_to(&s), ids[..60]);
    let expired: Vec<String> = sends(&s)
        .into_iter()
        .filter(|(_, st, _)| st == "EXPIRED")
        .map(|(e, _, _)| e)
        .collect();
    assert_eq!(expired, ids[60..]);
    let (c, _) = s.campaign(&scope(), APP, &c).unwrap();
    let a = &c.activities[0];
    assert_eq!(
        (a.total_endpoint_count, a.successful_endpoint_count),
        (65, 60)
    );
    let (_, _, attrs) = &sends(&s)[0];
    assert_eq!(attrs["campaign_activity_id"], json!(a.id));
    assert_eq!(attrs["treatment_id"], json!("0"));
    assert_eq!(attrs["delivery_type"], json!("SMS"));
    let (log, _) = s.sent.query(&Default::default());
    assert_eq!(attrs["message_id"], json!(log[0].message_id));
}

/// The checklist's event campaign: purchase, sku INCLUSIVE A1, price > 10.
fn event_campaign(s: &Store, seg: &str, limits: Value) -> String {
    create(
        s,
        json!({"SegmentId": seg, "Limits": limits,
        "Schedule": {"StartTime": "2030-01-01T00:00:00Z", "EndTime": "2030-01-10T00:00:00Z", "Frequency": "EVENT",
            "EventFilter": {"FilterType": "ENDPOINT", "Dimensions": {
                "EventType": {"DimensionType": "INCLUSIVE", "Values": ["purchase"]},
                "Attributes": {"sku": {"AttributeType": "INCLUSIVE", "Values": ["A1"]}},
                "Metrics": {"price": {"ComparisonOperator": "GREATER_THAN", "Value": 10.0}}}}},
        "MessageConfiguration": {"SMSMessage": {"Body": "thanks"}}}),
    )
}

#[test]
fn a_matching_event_of_a_member_queues_one_send_at_its_arrival() {
    let s = app(
        "2030-01-01T00:00:00Z",
        &[("gold", None, "gold"), ("free", None, "free")],
    );
    let seg = segment(&s, "gold");
    let c = event_campaign(&s, &seg, json!({}));
    s.advance_clock(&scope(), at("2030-01-01T10:00:00Z"))
        .unwrap();
    put_event(&s, "gold", "purchase", &[("sku", "A1")], &[("price", 12.0)]);
    assert!(sent_to(&s).is_empty(), "never inside PutEvents");
    for (ep, ty, sku, price) in [
        ("free", "purchase", "A1", 12.0),
        ("gold", "refund", "A1", 12.0),
        ("gold", "purchase", "B2", 12.0),
        ("gold", "purchase", "A1", 5.0),
    ] {
        put_event(&s, ep, ty, &[("sku", sku)], &[("price", price)]);
    }
    s.advance_clock(&scope(), at("2030-01-01T10:00:01Z"))
        .unwrap();
    let (log, _) = s.sent.query(&Default::default());
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].endpoint_id.as_deref(), Some("gold"));
    assert_eq!(
        &*log[0].sent_at, "2030-01-01T10:00:00.000Z",
        "sent at the arrival"
    );
    let (camp, _) = s.campaign(&scope(), APP, &c).unwrap();
    assert_eq!(camp.activities.len(), 1, "one activity per triggered send");
    // After EndTime nothing is queued.
    s.advance_clock(&scope(), at("2030-01-11T00:00:00Z"))
        .unwrap();
    put_event(&s, "gold", "purchase", &[("sku", "A1")], &[("price", 12.0)]);
    s.advance_clock(&scope(), at("2030-01-11T00:01:00Z"))
        .unwrap();
    assert_eq!(sent_to(&s).len(), 1);
}

#[test]
fn a_send_processed_more_than_five_minutes_late_expires_without_an_activity() {
    let s = app("2030-01-01T00:00:00Z", &[("gold", None, "gold")]);
    let seg = segment(&s, "gold");
    let c = event_campaign(&s, &seg, json!({}));
    put_event(&s, "gold", "purchase", &[("sku", "A1")], &[("price", 12.0)]);
    // A PUT jumps over the due time without running anything; the next run is too late.
    s.clocks()
        .freeze(
            &scope().account,
            &scope().region,
            at("2030-01-01T00:06:00Z"),
        )
        .unwrap();
    s.run_due_everywhere(false);
    assert!(sent_to(&s).is_empty());
    let sends = sends(&s);
    assert_eq!(sends.len(), 1);
    assert_eq!(sends[0].1, "EXPIRED");
    assert!(!sends[0].2.contains_key("campaign_activity_id"));
    let (camp, _) = s.campaign(&scope(), APP, &c).unwrap();
    assert!(camp.activities.is_empty());
}

#[test]
fn daily_and_total_cap_what_triggers_send() {
    let s = app("2030-01-01T00:00:00Z", &[("gold", None, "gold")]);
    let seg = segment(&s, "gold");
    event_campaign(&s, &seg, json!({"Daily": 2, "Total": 3}));
    for minute in 1..=3 {
        s.advance_clock(&scope(), at(&format!("2030-01-01T10:0{minute}:00Z")))
            .unwrap();
        put_event(&s, "gold", "purchase", &[("sku", "A1")], &[("price", 12.0)]);
    }
    s.advance_clock(&scope(), at("2030-01-01T11:00:00Z"))
        .unwrap();
    assert_eq!(sent_to(&s).len(), 2);
    let statuses: Vec<String> = sends(&s).into_iter().map(|(_, st, _)| st).collect();
    assert_eq!(statuses, ["SUCCESS", "SUCCESS", "DAILY_CAP"]);
    for minute in 1..=2 {
        s.advance_clock(&scope(), at(&format!("2030-01-02T12:0{minute}:00Z")))
            .unwrap();
        put_event(&s, "gold", "purchase", &[("sku", "A1")], &[("price", 12.0)]);
    }
    s.advance_clock(&scope(), at("2030-01-02T13:00:00Z"))
        .unwrap();
    assert_eq!(sent_to(&s).len(), 3, "Total 3 over all runs");
    let statuses: Vec<String> = sends(&s).into_iter().map(|(_, st, _)| st).collect();
    assert_eq!(statuses[3..], ["SUCCESS", "MESSAGES_PER_CAMPAIGN"]);
}

#[test]
fn the_apps_daily_caps_two_campaigns_together() {
    let s = app("2030-01-01T00:00:00Z", &[("a", None, "a")]);
    let seg = segment(&s, "a");
    s.update_settings(
        &scope(),
        APP,
        serde_json::from_value(json!({"Limits": {"Daily": 1}})).unwrap(),
    )
    .unwrap();
    for _ in 0..2 {
        create(
            &s,
            json!({"SegmentId": seg, "Schedule": {"StartTime": "IMMEDIATE"},
            "MessageConfiguration": {"SMSMessage": {"Body": "hi"}}}),
        );
    }
    s.run_due_everywhere(false);
    assert_eq!(sent_to(&s).len(), 1);
    let statuses: Vec<String> = sends(&s).into_iter().map(|(_, st, _)| st).collect();
    assert_eq!(statuses, ["SUCCESS", "DAILY_CAP"]);
}
