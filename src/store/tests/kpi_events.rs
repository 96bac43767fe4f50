//! KPIs computed from campaign deliveries and the engagement recorded against them
//! (docs/behaviour.md#kpis-from-events).

use std::collections::BTreeMap;

use serde_json::json;

use super::campaigns::{campaign, w};
use super::delivery_events::message_ids;
use super::messages::{config, messaging_store, to_endpoints};
use super::*;
use crate::store::engagement::kpis::{KpiSubject, Row};
use crate::store::messaging::messages::engagement::EngagementIn;
use crate::store::messaging::messages::{Message, MessagingOptions};

/// Two email endpoints, `a` and `b`, and a campaign (never run by the clock) whose id is
/// returned.
fn setup() -> (Store, String) {
    let s = messaging_store(MessagingOptions {
        assume_channels_enabled: true,
        ..Default::default()
    });
    s.put("a", email("a@example.com")).unwrap();
    s.put("b", email("b@example.com")).unwrap();
    let seg = s.create_segment(&scope(), APP, Default::default()).unwrap();
    let mut body = campaign(&seg.id, json!({"StartTime": "2099-01-01T00:00:00Z"}));
    body.insert(
        "MessageConfiguration".into(),
        json!({"EmailMessage": {"Body": "hi", "Title": "t"}}),
    );
    let c = s.create_campaign(&scope(), APP, w(body)).unwrap();
    (s, c.id)
}

/// Delivers the campaign's email to `ids` as activity `activity`; the MessageIds.
fn deliver(s: &Store, campaign: &str, activity: &str, ids: &[&str]) -> Vec<String> {
    let mut m: Message = config(json!({"EmailMessage": {"SimpleEmail": {
        "Subject": {"Data": "s"}, "TextPart": {"Data": "t"}
    }}}));
    m.context = BTreeMap::from([
        ("CampaignId".to_string(), campaign.to_string()),
        ("TreatmentId".to_string(), "0".to_string()),
        ("CampaignActivityId".to_string(), activity.to_string()),
    ]);
    let before = message_ids(s).len();
    let ids: Vec<String> = ids.iter().map(|i| i.to_string()).collect();
    s.deliver_to_endpoints(&scope(), APP, &m, &ids, "r", "Campaign")
        .unwrap();
    message_ids(s)[before..].to_vec()
}

fn engage(s: &Store, message: &str, t: &str) {
    let e = EngagementIn {
        event_type: Some(t.into()),
        ..Default::default()
    };
    s.record_engagement(&scope(), message, e).unwrap();
}

fn kpi(s: &Store, subject: KpiSubject<'_>, name: &str) -> Vec<Row> {
    s.kpi(&scope(), APP, subject, name, None, None)
        .unwrap()
        .rows
}

/// The single value of an ungrouped KPI, or `None` for no rows.
fn value(s: &Store, subject: KpiSubject<'_>, name: &str) -> Option<String> {
    let rows = kpi(s, subject, name);
    assert!(rows.len() <= 1, "{rows:?}");
    rows.first().map(|r| r.values[0].value.clone())
}

#[test]
fn one_open_of_two_delivered_emails_is_an_open_rate_of_a_half() {
    let (s, c) = setup();
    let sent = deliver(&s, &c, "act1", &["a", "b"]);
    let camp = KpiSubject::Campaign(&c);
    assert_eq!(value(&s, camp, "email-open-rate"), Some("0.0".into()));
    engage(&s, &sent[0], "_email.open");
    engage(&s, &sent[0], "_email.open");
    assert_eq!(value(&s, camp, "email-open-rate"), Some("0.5".into()));
    let rows = kpi(&s, camp, "email-open-rate");
    assert_eq!(rows[0].values[0].key, "EmailOpenRate");
    assert_eq!(rows[0].values[0].kind, "Double");
    let by_activity = kpi(&s, camp, "direct-email-opens-grouped-by-campaign-activity");
    assert_eq!(by_activity.len(), 1);
    assert_eq!(by_activity[0].grouped_bys[0].key, "CampaignActivityId");
    assert_eq!(by_activity[0].grouped_bys[0].value, "act1");
    assert_eq!(by_activity[0].values[0].value, "1.0");
    assert_eq!(value(&s, camp, "unique-deliveries"), Some("2.0".into()));
    assert_eq!(value(&s, camp, "attempted-deliveries"), Some("2.0".into()));
}

#[test]
fn a_hard_bounce_is_sent_but_not_delivered_and_clicks_count_each_click() {
    let (s, c) = setup();
    let sent = deliver(&s, &c, "act1", &["a", "b"]);
    deliver(&s, &c, "act2", &["a"]);
    engage(&s, &sent[1], "_email.hardbounce");
    engage(&s, &sent[0], "_email.click");
    engage(&s, &sent[0], "_email.click");
    let app = KpiSubject::App;
    assert_eq!(value(&s, app, "attempted-deliveries"), Some("3.0".into()));
    assert_eq!(value(&s, app, "successful-deliveries"), Some("2.0".into()));
    assert_eq!(value(&s, app, "unique-deliveries"), Some("1.0".into()));
    assert_eq!(
        value(&s, app, "hard-bounce-rate"),
        Some((1.0f64 / 3.0).to_string())
    );
    // A bare `clicks` is one term, which no KPI name may be (docs/behaviour.md#kpis): it is
    // asked for grouped.
    let clicks = kpi(&s, app, "clicks-grouped-by-campaign-activity");
    assert_eq!(clicks.len(), 2);
    assert_eq!(clicks[0].values[0].key, "Clicks");
    assert_eq!(clicks[0].values[0].value, "2.0");
    assert_eq!(clicks[1].values[0].value, "0.0");
    let by_activity = kpi(
        &s,
        app,
        "successful-deliveries-grouped-by-campaign-activity",
    );
    let pairs: Vec<(&str, &str)> = by_activity
        .iter()
        .map(|r| (r.grouped_bys[0].value.as_str(), r.values[0].value.as_str()))
        .collect();
    assert_eq!(pairs, [("act1", "1.0"), ("act2", "1.0")]);
    let by_campaign = kpi(&s, app, "attempted-deliveries-grouped-by-campaign");
    assert_eq!(by_campaign[0].grouped_bys[0].key, "CampaignId");
    assert_eq!(by_campaign[0].grouped_bys[0].value, c);
    let by_date = kpi(&s, app, "successful-deliveries-grouped-by-date");
    assert_eq!(by_date[0].grouped_bys[0].value, "2026-01-01");
}

#[test]
fn direct_sends_and_empty_denominators_give_no_rows() {
    let (s, _) = setup();
    let m = config(json!({"SMSMessage": {"Body": "hi"}}));
    let out = to_endpoints(&s, &m, &["e1"]).unwrap();
    let id = out.endpoints[0].1.message_id.clone().unwrap();
    engage(&s, &id, "_SMS.SUCCESS");
    let app = KpiSubject::App;
    for name in [
        "successful-deliveries",
        "attempted-deliveries",
        "unique-deliveries",
        "email-open-rate",
        "hard-bounce-rate",
        "successful-delivery-rate",
        "clicks-grouped-by-date",
        "direct-email-opens",
    ] {
        assert!(kpi(&s, app, name).is_empty(), "{name}");
    }
    assert_eq!(value(&s, app, "txn-sms-sent"), Some("1.0".into()));
}
