//! The events a delivery records (docs/behaviour.md#delivery-events): `_email.send` and
//! `_SMS.BUFFERED` for direct sends, OTP and campaign deliveries; nothing for failures, push or
//! voice.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::messages::{config, messaging_store, sms, to_endpoints};
use super::service_events::recorded;
use super::*;
use crate::store::messaging::messages::otp::OtpRequest;
use crate::store::messaging::messages::send_events::sms_parts;
use crate::store::messaging::messages::{AddressIn, Message, MessagingOptions, Overrides};

fn open_store() -> Store {
    messaging_store(MessagingOptions {
        assume_channels_enabled: true,
        ..Default::default()
    })
}

fn address(a: &str, ct: ChannelType) -> AddressIn {
    AddressIn {
        address: a.into(),
        channel: Some(ct),
        overrides: Overrides::default(),
    }
}

/// The sent log's MessageIds, in order.
pub(super) fn message_ids(s: &Store) -> Vec<String> {
    let (sent, _) = s.sent.query(&Default::default());
    sent.iter().map(|m| m.message_id.clone()).collect()
}

#[test]
fn a_direct_sms_records_sms_buffered_with_its_send_attributes() {
    let s = open_store();
    let m = config(json!({"SMSMessage": {
        "Body": "hello", "OriginationNumber": "+18005550100", "MessageType": "TRANSACTIONAL"
    }}));
    let out = s
        .send_messages(
            &scope(),
            APP,
            &m,
            vec![address("+447700900123", ChannelType::SMS)],
            vec![("e1".into(), Overrides::default())],
            "req",
        )
        .unwrap();
    assert!(out.addresses[0].1.message_id.is_some());
    let ids = message_ids(&s);
    let events = recorded(&s);
    assert_eq!(events.len(), 2);
    let raw = &events[0];
    assert_eq!(raw["Origin"], "Delivery");
    assert_eq!(raw["EndpointId"], Value::Null);
    assert_eq!(
        raw["Event"]["Attributes"],
        json!({
            "record_status": "SUCCESSFUL", "treatment_id": "0", "message_id": ids[0],
            "destination_phone_number": "+447700900123",
            "origination_phone_number": "+18005550100", "message_type": "Transactional",
            "iso_country_code": "GB", "number_of_message_parts": "1"
        })
    );
    assert_eq!(raw["Event"]["EventType"], "_SMS.BUFFERED");
    let ep = &events[1];
    assert_eq!(ep["EndpointId"], "e1");
    assert_eq!(ep["UserId"], "u1");
    assert_eq!(ep["Event"]["Attributes"]["message_id"], ids[1].as_str());
    assert_eq!(ep["Event"]["Attributes"]["iso_country_code"], "US");
}

#[test]
fn sms_defaults_to_promotional_and_leaves_out_what_it_does_not_know() {
    let s = open_store();
    let long = "x".repeat(161);
    let m = config(json!({"SMSMessage": {"Body": long}}));
    to_endpoints(&s, &m, &["e1"]).unwrap();
    let a = &recorded(&s)[0]["Event"]["Attributes"];
    assert_eq!(a["message_type"], "Promotional");
    assert_eq!(a["number_of_message_parts"], "2");
    assert!(a.get("origination_phone_number").is_none(), "{a}");
}

#[test]
fn a_direct_email_records_email_send_received() {
    let s = open_store();
    s.put("mail", email("sofia@example.com")).unwrap();
    let m = config(json!({"EmailMessage": {"SimpleEmail": {
        "Subject": {"Data": "s"}, "TextPart": {"Data": "t"}
    }}}));
    let mut m: Message = m;
    // A direct send's Context is the caller's: it never becomes campaign attributes.
    m.context = BTreeMap::from([("CampaignId".to_string(), "not-a-campaign".to_string())]);
    s.send_messages(
        &scope(),
        APP,
        &m,
        vec![address("raw@example.com", ChannelType::EMAIL)],
        vec![("mail".into(), Overrides::default())],
        "req",
    )
    .unwrap();
    let ids = message_ids(&s);
    let events = recorded(&s);
    assert_eq!(events.len(), 2);
    for (e, id) in events.iter().zip(&ids) {
        assert_eq!(e["Event"]["EventType"], "_email.send");
        assert_eq!(
            e["Event"]["Attributes"],
            json!({"feedback": "received", "treatment_id": "0", "message_id": id})
        );
    }
    assert_eq!(events[0]["EndpointId"], Value::Null);
    assert_eq!(events[1]["EndpointId"], "mail");
}

#[test]
fn failures_push_and_voice_record_nothing() {
    let s = open_store();
    let mut p = sms("+12065550112");
    p.opt_out = Some(model::OptOut::ALL);
    s.put("opted", p).unwrap();
    s.put(
        "phone",
        EndpointPatch {
            channel_type: Some(ChannelType::GCM),
            address: Some("token".into()),
            ..Default::default()
        },
    )
    .unwrap();
    let m = config(json!({
        "GCMMessage": {"Body": "push"}, "VoiceMessage": {"Body": "voice"}
    }));
    let out = s
        .send_messages(
            &scope(),
            APP,
            &m,
            vec![address("+12065550113", ChannelType::VOICE)],
            vec![("phone".into(), Overrides::default())],
            "req",
        )
        .unwrap();
    assert_eq!(message_ids(&s).len(), 2, "{out:?}");
    let sms_only = config(json!({"SMSMessage": {"Body": "hi"}}));
    to_endpoints(&s, &sms_only, &["opted", "missing"]).unwrap();
    assert!(recorded(&s).is_empty(), "{:?}", recorded(&s));
}

#[test]
fn send_users_messages_records_one_event_per_endpoint_of_the_user() {
    let s = open_store();
    let m = config(json!({"SMSMessage": {"Body": "hi"}}));
    s.send_users_messages(
        &scope(),
        APP,
        &m,
        vec![("u1".into(), Overrides::default())],
        "r",
    )
    .unwrap();
    let events = recorded(&s);
    assert_eq!(events.len(), 1);
    assert_eq!(events[0]["EndpointId"], "e1");
    assert_eq!(events[0]["Event"]["EventType"], "_SMS.BUFFERED");
}

#[test]
fn an_otp_records_a_transactional_sms_buffered() {
    let s = open_store();
    let r = OtpRequest {
        brand_name: Some("ExampleCorp".into()),
        channel: Some("SMS".into()),
        destination_identity: Some("+12065550100".into()),
        origination_identity: Some("+18005550100".into()),
        reference_id: Some("login".into()),
        ..Default::default()
    };
    s.send_otp(&scope(), APP, &r, "req").unwrap();
    let e = &recorded(&s)[0];
    assert_eq!(e["EndpointId"], Value::Null);
    let a = &e["Event"]["Attributes"];
    assert_eq!(a["message_type"], "Transactional");
    assert_eq!(a["origination_phone_number"], "+18005550100");
    assert_eq!(a["message_id"], message_ids(&s)[0].as_str());
}

#[test]
fn a_campaign_delivery_carries_the_campaign_ids_of_its_context() {
    let s = open_store();
    let mut m = config(json!({"SMSMessage": {"Body": "hi"}}));
    m.context = BTreeMap::from([
        ("CampaignId".to_string(), "c1".to_string()),
        ("TreatmentId".to_string(), "1".to_string()),
        ("CampaignActivityId".to_string(), "a1".to_string()),
    ]);
    s.deliver_to_endpoints(&scope(), APP, &m, &["e1".into()], "r", "Campaign")
        .unwrap();
    let a = &recorded(&s)[0]["Event"]["Attributes"];
    assert_eq!(a["campaign_id"], "c1");
    assert_eq!(a["treatment_id"], "1");
    assert_eq!(a["campaign_activity_id"], "a1");
}

#[test]
fn sms_parts_follow_the_gsm_and_ucs2_sizes() {
    assert_eq!(sms_parts(""), 1);
    assert_eq!(sms_parts(&"a".repeat(160)), 1);
    assert_eq!(sms_parts(&"a".repeat(161)), 2);
    assert_eq!(sms_parts(&"a".repeat(306)), 2);
    assert_eq!(sms_parts(&"a".repeat(307)), 3);
    // Each extension character takes two units.
    assert_eq!(sms_parts(&"€".repeat(80)), 1);
    assert_eq!(sms_parts(&"€".repeat(81)), 2);
    // é is in the GSM alphabet; one character outside it makes the whole body UCS-2.
    assert_eq!(sms_parts(&"é".repeat(160)), 1);
    assert_eq!(sms_parts(&format!("{}😀", "a".repeat(68))), 1);
    assert_eq!(sms_parts(&format!("{}😀", "a".repeat(69))), 2);
}

#[test]
fn a_campaign_run_records_sms_buffered_with_the_run_ids_for_each_message() {
    use super::campaigns::{campaign, shop, w};
    let (s, seg) = shop(std::sync::Arc::new(crate::clock::ManualClock::default()));
    let c = s
        .create_campaign(
            &scope(),
            APP,
            w(campaign(&seg, json!({"StartTime": "2026-01-01T01:00:00Z"}))),
        )
        .unwrap();
    s.advance_clock(
        &scope(),
        crate::time::parse_iso8601("2026-01-01T02:00:00Z").unwrap(),
    )
    .unwrap();
    let (sent, _) = s.sent.query(&Default::default());
    assert!(!sent.is_empty());
    let buffered: Vec<Value> = recorded(&s)
        .into_iter()
        .filter(|e| e["Event"]["EventType"] == "_SMS.BUFFERED")
        .collect();
    assert_eq!(buffered.len(), sent.len());
    for (m, e) in sent.iter().zip(&buffered) {
        let a = &e["Event"]["Attributes"];
        assert_eq!(a["message_id"], m.message_id.as_str());
        assert_eq!(a["campaign_id"], c.id.as_str());
        assert_eq!(a["treatment_id"], "0");
        assert_eq!(
            a["campaign_activity_id"],
            m.context["CampaignActivityId"].as_str()
        );
        assert_eq!(e["EndpointId"], m.endpoint_id.as_deref().unwrap());
        assert_eq!(e["ReceivedAt"], &*m.sent_at);
    }
}
