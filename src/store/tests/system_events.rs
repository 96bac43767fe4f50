//! Event filters of type SYSTEM (docs/behaviour.md#system-events): the emulator's own delivery
//! and engagement records trigger event campaigns whose filter is SYSTEM, at the next processing
//! of due work, never the campaign the record is about, and at most once per campaign, endpoint
//! and instant, so filters that match each other's records cannot loop.

use serde_json::{json, Value};

use super::campaign_pacing::app;
use super::campaigns::w;
use super::*;
use crate::model::{DirectMessageConfiguration, SMSMessage};
use crate::store::messaging::messages::Message;
use crate::time::parse_iso8601;

fn seg(s: &Store) -> String {
    let seg = crate::store::engagement::segments::SegmentWrite::default();
    s.create_segment(&scope(), APP, seg).unwrap().id
}

/// An event campaign whose filter (of `kind`) admits `event_type`.
fn campaign(s: &Store, seg: &str, kind: &str, event_type: &str, body: &str) -> String {
    let v: Value = json!({"SegmentId": seg,
        "Schedule": {"StartTime": "2030-01-01T00:00:00Z", "Frequency": "EVENT",
            "EventFilter": {"FilterType": kind, "Dimensions": {
                "EventType": {"DimensionType": "INCLUSIVE", "Values": [event_type]}}}},
        "MessageConfiguration": {"SMSMessage": {"Body": body}}});
    let Value::Object(m) = v else { unreachable!() };
    s.create_campaign(&scope(), APP, w(m)).unwrap().id
}

/// A direct SMS to endpoint `id` (it records `_SMS.BUFFERED`).
fn direct_sms(s: &Store, id: &str) {
    let m = Message {
        config: Some(DirectMessageConfiguration {
            sms_message: Some(SMSMessage {
                body: Some("hello".into()),
                ..Default::default()
            }),
            ..Default::default()
        }),
        templates: Default::default(),
        context: Default::default(),
        trace_id: None,
    };
    s.deliver_to_endpoints(&scope(), APP, &m, &[id.into()], "r", "SendMessages")
        .unwrap();
}

/// The bodies of the campaign messages in the log, in order.
fn campaign_bodies(s: &Store) -> Vec<String> {
    let (log, _) = s.sent.query(&Default::default());
    log.iter()
        .filter(|m| &*m.operation == "Campaign")
        .map(|m| m.body.clone().unwrap_or_default())
        .collect()
}

fn engagement(t: &str) -> crate::store::messaging::messages::engagement::EngagementIn {
    crate::store::messaging::messages::engagement::EngagementIn {
        event_type: Some(t.into()),
        ..Default::default()
    }
}

fn go(s: &Store, to: &str) {
    s.advance_clock(&scope(), parse_iso8601(to).unwrap())
        .unwrap();
}

#[test]
fn a_record_of_the_emulator_triggers_a_system_filter_at_the_next_processing() {
    let s = app("2030-01-01T10:00:00Z", &[("ana", None, "gold")]);
    let seg = seg(&s);
    campaign(&s, &seg, "SYSTEM", "_SMS.BUFFERED", "system");
    campaign(&s, &seg, "ENDPOINT", "_SMS.BUFFERED", "endpoint");
    direct_sms(&s, "ana");
    assert!(campaign_bodies(&s).is_empty(), "nothing inside the send");
    go(&s, "2030-01-01T10:00:01Z");
    // The SYSTEM campaign sent once at the record's instant; its own _SMS.BUFFERED does not
    // trigger it again; the ENDPOINT filter reads PutEvents records only.
    assert_eq!(campaign_bodies(&s), ["system"]);
    let (log, _) = s.sent.query(&Default::default());
    assert!(log
        .iter()
        .all(|m| &*m.sent_at == "2030-01-01T10:00:00.000Z"));
}

#[test]
fn two_system_filters_that_match_each_other_send_once_each_per_instant() {
    let s = app("2030-01-01T10:00:00Z", &[("ana", None, "gold")]);
    let seg = seg(&s);
    campaign(&s, &seg, "SYSTEM", "_SMS.BUFFERED", "a");
    campaign(&s, &seg, "SYSTEM", "_SMS.BUFFERED", "b");
    direct_sms(&s, "ana");
    go(&s, "2030-01-01T11:00:00Z");
    let mut bodies = campaign_bodies(&s);
    bodies.sort();
    assert_eq!(bodies, ["a", "b"]);
}

#[test]
fn an_engagement_record_triggers_a_system_filter() {
    let s = app("2030-01-01T10:00:00Z", &[("ana", None, "gold")]);
    let seg = seg(&s);
    campaign(&s, &seg, "SYSTEM", "_SMS.SUCCESS", "glad it arrived");
    direct_sms(&s, "ana");
    go(&s, "2030-01-01T10:05:00Z");
    assert!(campaign_bodies(&s).is_empty());
    let (log, _) = s.sent.query(&Default::default());
    s.record_engagement(&scope(), &log[0].message_id, engagement("_SMS.FAILURE"))
        .unwrap();
    go(&s, "2030-01-01T10:06:00Z");
    assert!(campaign_bodies(&s).is_empty(), "another type");
    s.record_engagement(&scope(), &log[0].message_id, engagement("_SMS.SUCCESS"))
        .unwrap();
    go(&s, "2030-01-02T00:00:00Z");
    assert_eq!(campaign_bodies(&s), ["glad it arrived"]);
    let (log, _) = s.sent.query(&Default::default());
    assert_eq!(
        &*log.last().unwrap().sent_at,
        "2030-01-01T10:06:00.000Z",
        "at the record's instant"
    );
}

#[test]
fn a_system_record_enters_an_event_journey_but_never_its_own() {
    let s = app("2030-01-01T10:00:00Z", &[("ana", None, "gold")]);
    let body = |event_type: &str| {
        serde_json::from_value(json!({"Name": "j", "State": "ACTIVE", "StartActivity": "w",
            "StartCondition": {"EventStartCondition": {"EventFilter": {"FilterType": "SYSTEM",
                "Dimensions": {"EventType": {"Values": [event_type]}}}}},
            "Activities": {"w": {"Wait": {"WaitTime": {"WaitFor": "P1D"}}}}}))
        .unwrap()
    };
    let j = s
        .create_journey(&scope(), APP, body("_SMS.BUFFERED"), Default::default())
        .unwrap()
        .id;
    direct_sms(&s, "ana");
    go(&s, "2030-01-01T10:00:01Z");
    let pos = s.journey_positions(&scope(), APP, &j).unwrap();
    assert_eq!(pos.len(), 1);
    assert_eq!(
        pos[0].since, "2030-01-01T10:00:00.000Z",
        "entered at the record's instant"
    );
    // A journey entered by `_journey.send` records is not entered by its own.
    let sms_journey = json!({"Name": "k", "State": "ACTIVE", "StartActivity": "m",
        "Limits": {"EndpointReentryCap": 0},
        "StartCondition": {"EventStartCondition": {"EventFilter": {"FilterType": "SYSTEM",
            "Dimensions": {"EventType": {"Values": ["_journey.send", "_SMS.BUFFERED"]}}}}},
        "Activities": {"m": {"SMS": {"TemplateName": "none"}}}});
    let k = s
        .create_journey(
            &scope(),
            APP,
            serde_json::from_value(sms_journey).unwrap(),
            Default::default(),
        )
        .unwrap()
        .id;
    direct_sms(&s, "ana");
    go(&s, "2030-01-03T00:00:00Z");
    let pos = s.journey_positions(&scope(), APP, &k).unwrap();
    assert_eq!(
        pos[0].entries, 1,
        "its own _journey.send does not bring it back"
    );
}
