//! The journey engagement KPIs (docs/behaviour.md#journey-kpis): computed over the emails a
//! journey sent, with the engagement recorded against each.

use std::collections::BTreeMap;

use serde_json::json;

use super::delivery_events::message_ids;
use super::messages::{config, messaging_store};
use super::*;
use crate::store::engagement::kpis::{KpiSubject, Row};
use crate::store::messaging::messages::engagement::EngagementIn;
use crate::store::messaging::messages::{Message, MessagingOptions};

/// Four email endpoints `a`…`d`, an SMS endpoint `e1`, and a journey whose id is returned.
fn setup() -> (Store, String) {
    let s = messaging_store(MessagingOptions {
        assume_channels_enabled: true,
        ..Default::default()
    });
    for id in ["a", "b", "c", "d"] {
        s.put(id, email(&format!("{id}@example.com"))).unwrap();
    }
    let body = serde_json::from_value(json!({"Name": "welcome", "StartActivity": "first",
        "Activities": {"first": {"EMAIL": {"NextActivity": "second"}}, "second": {"EMAIL": {}}}}))
    .unwrap();
    let j = s
        .create_journey(&scope(), APP, body, Default::default())
        .unwrap();
    (s, j.id)
}

/// Sends `message` to `ids` the way a journey's message activity `activity` does (the
/// delivery path every send goes through, operation `Journey`); the MessageIds.
fn send(s: &Store, journey: &str, activity: &str, message: Message, ids: &[&str]) -> Vec<String> {
    let mut m = message;
    m.context = BTreeMap::from([
        ("JourneyId".to_string(), journey.to_string()),
        ("JourneyActivityId".to_string(), activity.to_string()),
        (
            "JourneyRunId".to_string(),
            "0123456789abcdef0123456789abcdef".to_string(),
        ),
    ]);
    let before = message_ids(s).len();
    let ids: Vec<String> = ids.iter().map(|i| i.to_string()).collect();
    s.deliver_to_endpoints(&scope(), APP, &m, &ids, "r", "Journey")
        .unwrap();
    message_ids(s)[before..].to_vec()
}

fn email_message() -> Message {
    config(json!({"EmailMessage": {"SimpleEmail": {
        "Subject": {"Data": "s"}, "TextPart": {"Data": "t"}
    }}}))
}

fn send_email(s: &Store, journey: &str, activity: &str, ids: &[&str]) -> Vec<String> {
    send(s, journey, activity, email_message(), ids)
}

fn engage(s: &Store, message: &str, t: &str) {
    let e = EngagementIn {
        event_type: Some(t.into()),
        ..Default::default()
    };
    s.record_engagement(&scope(), message, e).unwrap();
}

fn kpi(s: &Store, journey: &str, name: &str) -> Vec<Row> {
    s.kpi(
        &scope(),
        APP,
        KpiSubject::Journey(journey),
        name,
        None,
        None,
    )
    .unwrap()
    .rows
}

/// The single value of an ungrouped KPI, or `None` for no rows.
fn value(s: &Store, journey: &str, name: &str) -> Option<String> {
    let rows = kpi(s, journey, name);
    assert!(rows.len() <= 1, "{rows:?}");
    rows.first().map(|r| {
        assert!(r.grouped_bys.is_empty());
        r.values[0].value.clone()
    })
}

/// (JourneyActivityId, value) of each row of a grouped KPI.
fn by_activity(s: &Store, journey: &str, name: &str) -> Vec<(String, String)> {
    kpi(s, journey, name)
        .into_iter()
        .map(|r| {
            assert_eq!(r.grouped_bys.len(), 1);
            assert_eq!(r.grouped_bys[0].key, "JourneyActivityId");
            assert_eq!(r.grouped_bys[0].kind, "String");
            (r.grouped_bys[0].value.clone(), r.values[0].value.clone())
        })
        .collect()
}

fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
    p.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn delivered_is_sent_minus_soft_bounced_hard_bounced_and_rejected_emails() {
    let (s, j) = setup();
    let first = send_email(&s, &j, "first", &["a", "b", "c", "d"]);
    let second = send_email(&s, &j, "second", &["a", "b"]);
    engage(&s, &first[0], "_email.softbounce");
    engage(&s, &first[1], "_email.hardbounce");
    engage(&s, &first[2], "_email.rejected");
    engage(&s, &first[2], "_email.softbounce");
    engage(&s, &second[0], "_email.delivered");
    let rows = kpi(&s, &j, "journey-emails-sent");
    assert_eq!(rows[0].values[0].key, "JourneyEmailsSent");
    assert_eq!(rows[0].values[0].kind, "Double");
    assert_eq!(value(&s, &j, "journey-emails-sent"), Some("6.0".into()));
    // Three of the first four failed (one of them twice over); the second activity's two did not.
    assert_eq!(
        value(&s, &j, "journey-emails-delivered"),
        Some("3.0".into())
    );
    assert_eq!(
        kpi(&s, &j, "journey-emails-delivered")[0].values[0].key,
        "JourneyEmailsDelivered"
    );
    assert_eq!(
        value(&s, &j, "journey-emails-softbounced"),
        Some("2.0".into())
    );
    assert_eq!(
        value(&s, &j, "journey-emails-hardbounced"),
        Some("1.0".into())
    );
    assert_eq!(value(&s, &j, "journey-emails-rejected"), Some("1.0".into()));
    assert_eq!(
        by_activity(&s, &j, "emails-sent-grouped-by-journey-activity"),
        pairs(&[("first", "4.0"), ("second", "2.0")])
    );
    assert_eq!(
        by_activity(&s, &j, "emails-delivered-grouped-by-journey-activity"),
        pairs(&[("first", "1.0"), ("second", "2.0")])
    );
    assert_eq!(
        by_activity(&s, &j, "emails-softbounced-grouped-by-journey-activity"),
        pairs(&[("first", "2.0")])
    );
    assert_eq!(
        kpi(&s, &j, "emails-sent-grouped-by-journey-activity")[0].values[0].key,
        "EmailsSent"
    );
}

#[test]
fn opens_clicks_complaints_and_unsubscribes_are_counted_per_activity() {
    let (s, j) = setup();
    let first = send_email(&s, &j, "first", &["a", "b", "c"]);
    let second = send_email(&s, &j, "second", &["a"]);
    engage(&s, &first[0], "_email.open");
    engage(&s, &first[0], "_email.open");
    engage(&s, &first[1], "_email.open");
    engage(&s, &second[0], "_email.open");
    for _ in 0..3 {
        engage(&s, &first[0], "_email.click");
    }
    engage(&s, &second[0], "_email.complaint");
    engage(&s, &second[0], "_email.unsubscribe");
    engage(&s, &second[0], "_email.unsubscribe");
    // Opens count messages; clicks and unsubscribes count every event.
    assert_eq!(value(&s, &j, "journey-emails-opened"), Some("3.0".into()));
    assert_eq!(value(&s, &j, "journey-emails-clicked"), Some("3.0".into()));
    assert_eq!(
        value(&s, &j, "journey-emails-complained"),
        Some("1.0".into())
    );
    assert_eq!(
        value(&s, &j, "journey-emails-unsubscribed"),
        Some("2.0".into())
    );
    assert_eq!(
        kpi(&s, &j, "journey-emails-unsubscribed")[0].values[0].key,
        "JourneyEmailsUnsubscribed"
    );
    assert_eq!(
        by_activity(&s, &j, "emails-opened-grouped-by-journey-activity"),
        pairs(&[("first", "2.0"), ("second", "1.0")])
    );
    assert_eq!(
        by_activity(&s, &j, "emails-clicked-grouped-by-journey-activity"),
        pairs(&[("first", "3.0"), ("second", "0.0")])
    );
    assert_eq!(
        by_activity(&s, &j, "emails-complained-grouped-by-journey-activity"),
        pairs(&[("second", "1.0")])
    );
    assert_eq!(
        by_activity(&s, &j, "emails-unsubscribed-grouped-by-journey-activity"),
        pairs(&[("first", "0.0"), ("second", "2.0")])
    );
    // Nothing bounced or was rejected: a count with nothing to count gives no row.
    assert!(kpi(&s, &j, "journey-emails-hardbounced").is_empty());
    assert!(kpi(&s, &j, "emails-rejected-grouped-by-journey-activity").is_empty());
}

#[test]
fn only_this_journeys_emails_count() {
    let (s, j) = setup();
    let body = serde_json::from_value(json!({"Name": "other"})).unwrap();
    let other = s
        .create_journey(&scope(), APP, body, Default::default())
        .unwrap()
        .id;
    send_email(&s, &j, "first", &["a"]);
    send_email(&s, &other, "first", &["a", "b"]);
    // A journey's SMS is not an email; a direct send with a journey Context is not a journey's.
    send(
        &s,
        &j,
        "first",
        config(json!({"SMSMessage": {"Body": "hi"}})),
        &["e1"],
    );
    s.deliver_to_endpoints(
        &scope(),
        APP,
        &Message {
            context: BTreeMap::from([("JourneyId".to_string(), j.clone())]),
            ..email_message()
        },
        &["c".into()],
        "r",
        "SendMessages",
    )
    .unwrap();
    assert_eq!(message_ids(&s).len(), 5);
    assert_eq!(value(&s, &j, "journey-emails-sent"), Some("1.0".into()));
    assert_eq!(value(&s, &other, "journey-emails-sent"), Some("2.0".into()));
    // Campaign KPIs see the journey's deliveries; journey KPIs of a journey that sent nothing
    // have no rows.
    assert_eq!(value(&s, &j, "attempted-deliveries"), Some("2.0".into()));
    let quiet = serde_json::from_value(json!({"Name": "quiet"})).unwrap();
    let quiet = s
        .create_journey(&scope(), APP, quiet, Default::default())
        .unwrap()
        .id;
    assert!(kpi(&s, &quiet, "journey-emails-sent").is_empty());
    assert!(kpi(&s, &quiet, "emails-sent-grouped-by-journey-activity").is_empty());
}
