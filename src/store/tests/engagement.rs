//! The engagement route's rules (docs/behaviour.md#engagement-route,
//! docs/behaviour.md#engagement-opt-out): which events a message allows, what a record carries,
//! and what `_SMS.OPTOUT` changes.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::delivery_events::message_ids;
use super::messages::{config, messaging_store, to_endpoints};
use super::service_events::recorded;
use super::*;
use crate::store::messaging::messages::engagement::EngagementIn;
use crate::store::messaging::messages::{DeliveryStatus, Message, MessagingOptions};

fn open_store() -> Store {
    let s = messaging_store(MessagingOptions {
        assume_channels_enabled: true,
        ..Default::default()
    });
    s.put("mail", email("sofia@example.com")).unwrap();
    s.put(
        "phone",
        EndpointPatch {
            channel_type: Some(ChannelType::GCM),
            address: Some("token".into()),
            ..Default::default()
        },
    )
    .unwrap();
    s
}

fn event(t: &str) -> EngagementIn {
    EngagementIn {
        event_type: Some(t.into()),
        ..Default::default()
    }
}

/// Sends `m` to endpoint `id` and answers the MessageId.
fn sent_to(s: &Store, m: &Message, id: &str) -> String {
    to_endpoints(s, m, &[id]).unwrap().endpoints[0]
        .1
        .message_id
        .clone()
        .unwrap()
}

fn email_message() -> Message {
    config(json!({"EmailMessage": {"SimpleEmail": {
        "Subject": {"Data": "s"}, "TextPart": {"Data": "t"}
    }}}))
}

fn refusal(r: StoreResult<crate::store::events::recorded::RecordedEvent>) -> String {
    match r {
        Err(e @ StoreError::Invalid(_)) => e.to_string(),
        other => panic!("expected a 400, got {other:?}"),
    }
}

#[test]
fn an_email_open_is_recorded_for_the_endpoint_at_the_scope_clock() {
    let s = open_store();
    let id = sent_to(&s, &email_message(), "mail");
    s.clocks()
        .freeze(
            &scope().account,
            &scope().region,
            crate::time::parse_iso8601("2030-01-01T00:00:00Z").unwrap(),
        )
        .unwrap();
    let rec = s
        .record_engagement(&scope(), &id, event("_email.open"))
        .unwrap();
    let v = serde_json::to_value(&rec).unwrap();
    assert_eq!(v["Origin"], "Engagement");
    assert_eq!(v["EndpointId"], "mail");
    assert_eq!(v["ReceivedAt"], "2030-01-01T00:00:00.000Z");
    assert_eq!(
        v["Event"],
        json!({
            "EventType": "_email.open", "Timestamp": "2030-01-01T00:00:00.000Z",
            "Attributes": {"feedback": "opened", "treatment_id": "0", "message_id": id},
            "Metrics": {}
        })
    );
    assert_eq!(recorded(&s).last(), Some(&v));
}

#[test]
fn the_body_attributes_go_over_the_defaults_and_metrics_are_kept() {
    let s = open_store();
    let id = sent_to(&s, &email_message(), "mail");
    let mut click = event("_email.click");
    click.attributes = BTreeMap::from([("feedback".into(), "https://example.com/a".into())]);
    click.metrics = BTreeMap::from([("count".into(), 1.0)]);
    let rec = s.record_engagement(&scope(), &id, click).unwrap();
    let v = serde_json::to_value(&rec).unwrap();
    assert_eq!(
        v["Event"]["Attributes"]["feedback"],
        "https://example.com/a"
    );
    assert_eq!(v["Event"]["Metrics"], json!({"count": 1}));
}

#[test]
fn an_unknown_message_or_one_of_another_scope_is_not_found() {
    let s = open_store();
    let id = sent_to(&s, &email_message(), "mail");
    let before = recorded(&s).len();
    let e = s.record_engagement(&scope(), "nope", event("_email.open"));
    assert!(matches!(e, Err(StoreError::Missing(_))), "{e:?}");
    let other = Scope {
        account: "111111111111".into(),
        region: scope().region,
    };
    let e = s.record_engagement(&other, &id, event("_email.open"));
    assert!(matches!(e, Err(StoreError::Missing(_))), "{e:?}");
    assert_eq!(recorded(&s).len(), before);
}

#[test]
fn a_type_the_channel_does_not_allow_is_refused_with_the_allowed_list() {
    let s = open_store();
    let id = sent_to(&s, &email_message(), "mail");
    let before = recorded(&s).len();
    let e = refusal(s.record_engagement(&scope(), &id, event("_SMS.SUCCESS")));
    assert!(
        e.contains("_SMS.SUCCESS") && e.contains("_email.unsubscribe"),
        "{e}"
    );
    let e = refusal(s.record_engagement(&scope(), &id, EngagementIn::default()));
    assert!(
        e.starts_with("Missing EventType") && e.contains("_email.open"),
        "{e}"
    );
    let e = refusal(s.record_engagement(&scope(), &id, event("purchase")));
    assert!(e.contains("purchase"), "{e}");
    let mut crowded = event("_email.open");
    crowded.attributes = (0..41).map(|i| (format!("k{i}"), "v".into())).collect();
    refusal(s.record_engagement(&scope(), &id, crowded));
    assert_eq!(recorded(&s).len(), before);
}

#[test]
fn sms_receipts_carry_their_record_status() {
    let s = open_store();
    let id = sent_to(&s, &config(json!({"SMSMessage": {"Body": "hi"}})), "e1");
    for (t, status) in [
        ("_SMS.SUCCESS", "DELIVERED"),
        ("_SMS.FAILURE", "UNREACHABLE"),
    ] {
        let rec = s.record_engagement(&scope(), &id, event(t)).unwrap();
        let v = serde_json::to_value(&rec).unwrap();
        assert_eq!(v["Event"]["Attributes"]["record_status"], status);
        assert_eq!(v["UserId"], "u1");
    }
    refusal(s.record_engagement(&scope(), &id, event("_email.open")));
}

#[test]
fn an_sms_optout_puts_the_address_on_the_accounts_list_only() {
    let s = open_store();
    let sms = config(json!({"SMSMessage": {"Body": "hi"}}));
    let id = sent_to(&s, &sms, "e1");
    let rec = s
        .record_engagement(&scope(), &id, event("_SMS.OPTOUT"))
        .unwrap();
    assert_eq!(rec.event_type.as_deref(), Some("_SMS.OPTOUT"));
    assert!(s.is_opted_out(&scope().account, "+12065550100"));
    assert!(!s.is_opted_out("111111111111", "+12065550100"));
    assert_eq!(s.get("e1").endpoint.opt_out, model::OptOut::NONE);
    let again = to_endpoints(&s, &sms, &["e1"]).unwrap();
    assert_eq!(again.endpoints[0].1.status, DeliveryStatus::OPT_OUT);
}

#[test]
fn campaign_and_journey_pushes_allow_their_own_push_events_and_direct_push_none() {
    let s = open_store();
    let push = config(json!({"GCMMessage": {"Body": "hi"}}));
    let direct = sent_to(&s, &push, "phone");
    let e = refusal(s.record_engagement(&scope(), &direct, event("_campaign.opened_notification")));
    assert!(e.contains("allows no engagement events"), "{e}");
    let mut from_campaign = push.clone();
    from_campaign.context = BTreeMap::from([
        ("CampaignId".to_string(), "c1".to_string()),
        ("TreatmentId".to_string(), "0".to_string()),
    ]);
    s.deliver_to_endpoints(
        &scope(),
        APP,
        &from_campaign,
        &["phone".into()],
        "r",
        "Campaign",
    )
    .unwrap();
    let campaign_msg = message_ids(&s).last().unwrap().clone();
    let rec = s
        .record_engagement(
            &scope(),
            &campaign_msg,
            event("_campaign.opened_notification"),
        )
        .unwrap();
    let v = serde_json::to_value(&rec).unwrap();
    assert_eq!(v["Event"]["Attributes"]["campaign_id"], "c1");
    refusal(s.record_engagement(
        &scope(),
        &campaign_msg,
        event("_journey.opened_notification"),
    ));
    let mut from_journey = push;
    from_journey.context = BTreeMap::from([("JourneyId".to_string(), "j1".to_string())]);
    s.deliver_to_endpoints(
        &scope(),
        APP,
        &from_journey,
        &["phone".into()],
        "r",
        "Journey",
    )
    .unwrap();
    let journey_msg = message_ids(&s).last().unwrap().clone();
    let rec = s
        .record_engagement(
            &scope(),
            &journey_msg,
            event("_journey.received_foreground"),
        )
        .unwrap();
    assert_eq!(
        serde_json::to_value(&rec).unwrap()["Event"]["Attributes"]["journey_id"],
        Value::String("j1".into())
    );
}

#[test]
fn a_voice_message_allows_no_engagement_events() {
    let s = open_store();
    let voice = config(json!({"VoiceMessage": {"Body": "hi"}}));
    s.put(
        "caller",
        EndpointPatch {
            channel_type: Some(ChannelType::VOICE),
            address: Some("+12065550177".into()),
            ..Default::default()
        },
    )
    .unwrap();
    let id = sent_to(&s, &voice, "caller");
    let e = refusal(s.record_engagement(&scope(), &id, event("_SMS.SUCCESS")));
    assert!(e.contains("VOICE"), "{e}");
}
