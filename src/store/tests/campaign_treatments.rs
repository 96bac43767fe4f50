//! What one campaign run delivers (docs/behaviour.md#campaign-runs,
//! docs/behaviour.md#campaign-activities): the holdout and treatments split by CohortId, each
//! treatment's own message, the ids in the log's Context and in push Data, the members excluded
//! before sending and the activity's counts.

use std::sync::Arc;

use serde_json::json;

use super::campaigns::{campaign, shop, w};
use super::messages::{enable, sms};
use super::*;
use crate::clock::ManualClock;
use crate::dto::campaigns::activity_response;
use crate::store::endpoints::cohort::cohort_id;
use crate::store::engagement::segments::SegmentWrite;
use crate::store::messaging::channels::{ChannelKind, ChannelSettings};
use crate::store::messaging::messages::opt_outs::OptOutRecord;
use crate::time::parse_iso8601;

fn go(s: &Store, to: &str) {
    s.advance_clock(&scope(), parse_iso8601(to).unwrap())
        .unwrap();
}

/// `n` SMS endpoints `p000`… with their own numbers, the SMS channel on, a segment of them all.
fn crowd(n: usize) -> (Store, String) {
    let s = store();
    for i in 0..n {
        let mut p = email("x@x.com");
        p.channel_type = Some(ChannelType::SMS);
        p.address = Some(format!("+1206555{i:04}"));
        p.attributes = Some(attrs(&[("plan", &["gold"])]));
        s.put(&format!("p{i:03}"), p).unwrap();
    }
    enable(&s, ChannelKind::SMS, ChannelSettings::default());
    let seg = SegmentWrite {
        dimensions: Some(
            serde_json::from_value(json!({"Attributes": {"plan": {"Values": ["gold"]}}})).unwrap(),
        ),
        ..Default::default()
    };
    let seg = s.create_segment(&scope(), APP, seg).unwrap();
    (s, seg.id)
}

#[test]
fn the_holdout_and_treatments_split_members_by_cohort_each_with_its_own_message() {
    let (s, seg) = crowd(200);
    let mut m = campaign(&seg, json!({"StartTime": "2026-01-01T01:00:00Z"}));
    m.insert(
        "MessageConfiguration".into(),
        json!({"SMSMessage": {"Body": "A"}}),
    );
    m.insert("HoldoutPercent".into(), json!(10));
    m.insert(
        "AdditionalTreatments".into(),
        json!([{"SizePercent": 45, "MessageConfiguration": {"SMSMessage": {"Body": "B"}}}]),
    );
    let c = s.create_campaign(&scope(), APP, w(m)).unwrap();
    go(&s, "2026-01-01T02:00:00Z");
    let (c, _) = s.campaign(&scope(), APP, &c.id).unwrap();
    assert_eq!(c.activities.len(), 2, "one run per treatment");
    let activity = |t: &str| c.activities.iter().find(|a| a.treatment_id == t).unwrap();
    let (log, _) = s.sent.query(&Default::default());
    let mut counts = [0u64; 3];
    for i in 0..200 {
        let id = format!("p{i:03}");
        let cohort = cohort_id(APP, &id);
        let got = log
            .iter()
            .find(|m| m.endpoint_id.as_deref() == Some(id.as_str()));
        let want = match cohort {
            0..10 => None,
            10..55 => Some(("A", "0")),
            _ => Some(("B", "1")),
        };
        counts[want.map_or(0, |(_, t)| if t == "0" { 1 } else { 2 })] += 1;
        let got = got.map(|m| {
            assert_eq!(&*m.sent_at, "2026-01-01T01:00:00.000Z");
            let t = m.context["TreatmentId"].as_str();
            assert_eq!(m.context["CampaignId"], c.id);
            assert_eq!(m.context["CampaignActivityId"], activity(t).id);
            (m.body.as_deref().unwrap(), if t == "0" { "0" } else { "1" })
        });
        assert_eq!(got, want, "endpoint {id} in cohort {cohort}");
    }
    for (t, n) in [("0", counts[1]), ("1", counts[2])] {
        let a = activity(t);
        assert_eq!(
            (a.total_endpoint_count, a.successful_endpoint_count),
            (n, n)
        );
        assert_eq!(a.execution_metrics["ENDPOINT_PRODUCED"], 200);
        assert_eq!(a.execution_metrics["TREATMENT_HOLDOUT"], 200 - n);
    }
    // The same app and endpoint ids split the same way on another server.
    let (again, _) = crowd(200);
    assert!((0..200).all(|i| {
        let id = format!("p{i:03}");
        again.get(&id).cohort_id == s.get(&id).cohort_id
    }));
}

#[test]
fn members_that_cannot_be_reached_are_excluded_and_counted_not_targeted() {
    let clock = Arc::new(ManualClock::default());
    let (s, seg) = shop(clock);
    let gold = |p: &mut EndpointPatch| p.attributes = Some(attrs(&[("plan", &["gold"])]));
    let mut p = sms("+12065550201");
    gold(&mut p);
    p.opt_out = Some(OptOut::ALL);
    s.put("optout", p).unwrap();
    let mut p = sms("+12065550202");
    gold(&mut p);
    s.put("listed", p).unwrap();
    s.add_opt_outs(vec![OptOutRecord {
        account_id: scope().account,
        address: "+12065550202".into(),
    }])
    .unwrap();
    let mut p = email("gold@x.com");
    gold(&mut p);
    s.put("mail", p).unwrap(); // the campaign has no email content
    let mut p = EndpointPatch::default();
    gold(&mut p);
    s.put("bare", p).unwrap(); // no ChannelType, no Address
    let c = s
        .create_campaign(
            &scope(),
            APP,
            w(campaign(&seg, json!({"StartTime": "2026-01-01T01:00:00Z"}))),
        )
        .unwrap();
    go(&s, "2026-01-01T02:00:00Z");
    let (c, _) = s.campaign(&scope(), APP, &c.id).unwrap();
    let a = &c.activities[0];
    assert_eq!(
        (a.total_endpoint_count, a.successful_endpoint_count),
        (1, 1),
        "only e3 is targeted"
    );
    let m = |k: &str| a.execution_metrics[k];
    assert_eq!(m("ENDPOINT_PRODUCED"), 6);
    assert_eq!(m("ENDPOINT_OPT_OUT"), 2);
    assert_eq!(m("ENDPOINT_INACTIVE"), 1);
    assert_eq!(m("ENDPOINT_CHANNEL_MISMATCH"), 1);
    assert_eq!(m("ENDPOINT_MISSING_CHANNEL"), 1);
    assert_eq!(s.sent.query(&Default::default()).0.len(), 1);
    let r = activity_response(APP, &c.id, a);
    assert_eq!(r.result.as_deref(), Some("SUCCESS"));
    assert_eq!(r.treatment_id.as_deref(), Some("0"));
    let metrics = r.execution_metrics.unwrap();
    assert_eq!(metrics.len(), 9, "every key");
    assert_eq!(metrics["ENDPOINT_OPT_OUT"], "2");
    assert_eq!(metrics["ENDPOINT_MISSING_TIMEZONE"], "0");
    assert!(a.id.len() == 32 && a.id.bytes().all(|b| b.is_ascii_hexdigit()));
}

#[test]
fn a_run_that_sends_to_nobody_it_targeted_fails_and_activities_list_newest_first() {
    let clock = Arc::new(ManualClock::default());
    let (s, seg) = shop(clock);
    let mut m = campaign(
        &seg,
        json!({"StartTime": "2026-01-01T01:00:00Z", "Frequency": "HOURLY",
               "EndTime": "2026-01-01T02:00:00Z"}),
    );
    // A body that never finishes rendering fails every delivery.
    let forever = r#"{{#*inline "p"}}{{> p}}{{/inline}}{{> p}}"#;
    m.insert(
        "MessageConfiguration".into(),
        json!({"SMSMessage": {"Body": forever}}),
    );
    let c = s.create_campaign(&scope(), APP, w(m)).unwrap();
    go(&s, "2026-01-01T03:00:00Z");
    let (c, _) = s.campaign(&scope(), APP, &c.id).unwrap();
    let newest: Vec<&str> = c
        .activities
        .iter()
        .rev()
        .map(|a| a.scheduled_start.as_str())
        .collect();
    assert_eq!(
        newest,
        ["2026-01-01T02:00:00.000Z", "2026-01-01T01:00:00.000Z"]
    );
    let a = &c.activities[0];
    assert_eq!(
        (a.total_endpoint_count, a.successful_endpoint_count),
        (1, 0)
    );
    let r = activity_response(APP, &c.id, a);
    assert_eq!(r.result.as_deref(), Some("FAIL"));
}

#[test]
fn push_messages_carry_the_campaign_ids_in_their_data() {
    let clock = Arc::new(ManualClock::default());
    let (s, seg) = shop(clock);
    let gcm = ChannelSettings {
        api_key: Some("k".into()),
        ..Default::default()
    };
    enable(&s, ChannelKind::GCM, gcm);
    let mut p = EndpointPatch {
        channel_type: Some(ChannelType::GCM),
        address: Some("device-token".into()),
        ..Default::default()
    };
    p.attributes = Some(attrs(&[("plan", &["gold"])]));
    s.put("phone", p).unwrap();
    let mut m = campaign(&seg, json!({"StartTime": "2026-01-01T01:00:00Z"}));
    m.insert(
        "MessageConfiguration".into(),
        json!({"GCMMessage": {"Title": "t", "Body": "b"}, "SMSMessage": {"Body": "s"}}),
    );
    let c = s.create_campaign(&scope(), APP, w(m)).unwrap();
    go(&s, "2026-01-01T02:00:00Z");
    let (c, _) = s.campaign(&scope(), APP, &c.id).unwrap();
    let (log, _) = s.sent.query(&Default::default());
    let push = log.iter().find(|m| &*m.channel == "GCM").unwrap();
    let data = serde_json::to_value(push.data.as_ref().unwrap()).unwrap();
    assert_eq!(data["pinpoint.campaign.campaign_id"], json!(c.id));
    assert_eq!(data["pinpoint.campaign.treatment_id"], json!("0"));
    assert_eq!(
        data["pinpoint.campaign.campaign_activity_id"],
        json!(c.activities[0].id)
    );
    let sms = log.iter().find(|m| &*m.channel == "SMS").unwrap();
    assert!(sms.data.is_none(), "only push messages carry Data");
}

#[test]
fn a_service_event_is_recorded_for_the_endpoint_at_the_scope_clock() {
    use crate::store::events::recorded::Origin;
    use crate::store::events::service::ServiceEvent;
    let clock = Arc::new(ManualClock::default());
    let (s, _) = shop(clock);
    go(&s, "2026-01-01T03:00:00Z");
    let rec = s.record_service_event(
        &scope(),
        APP,
        Some("e3"),
        ServiceEvent {
            origin: Origin::Delivery,
            event_type: "_campaign.send".into(),
            attributes: [("campaign_send_status".to_string(), "SUCCESS".to_string())].into(),
            metrics: [("count".to_string(), 1.0)].into(),
            user_id: None,
        },
    );
    let (events, _) = s.events.query(&Default::default());
    assert_eq!(events.len(), 1);
    let e = &events[0];
    assert_eq!(
        (e.endpoint_id.as_deref(), e.event_id.as_str()),
        (Some("e3"), rec.event_id.as_str())
    );
    assert_eq!(e.origin, Origin::Delivery);
    assert_eq!(&*e.received_at, "2026-01-01T03:00:00.000Z");
    assert_eq!(e.event_type.as_deref(), Some("_campaign.send"));
    let body: serde_json::Value = serde_json::from_str(e.event.get()).unwrap();
    assert_eq!(
        body,
        json!({"EventType": "_campaign.send", "Timestamp": "2026-01-01T03:00:00.000Z",
               "Attributes": {"campaign_send_status": "SUCCESS"}, "Metrics": {"count": 1}})
    );
}

#[test]
fn a_large_delivery_judges_duplicates_across_its_slices() {
    // A campaign or journey delivery is built and logged 1,000 endpoints at a time; an address
    // already sent to earlier in the same delivery is still a duplicate.
    let s = super::campaign_pacing::store_at("2030-01-01T00:00:00Z");
    let mut ids = Vec::new();
    for i in 0..1000 {
        let mut p = email("x@x.com");
        p.channel_type = Some(ChannelType::SMS);
        p.address = Some(format!("+1206555{i:04}"));
        let id = format!("e{i:04}");
        s.put(&id, p).unwrap();
        ids.push(id);
    }
    // The first endpoint again, in the second slice.
    ids.push("e0000".to_string());
    enable(&s, ChannelKind::SMS, Default::default());
    let m = crate::store::messaging::messages::Message {
        config: Some(crate::model::DirectMessageConfiguration {
            sms_message: Some(crate::model::SMSMessage {
                body: Some("hi".into()),
                ..Default::default()
            }),
            ..Default::default()
        }),
        templates: Default::default(),
        context: Default::default(),
        trace_id: None,
    };
    let out = s
        .deliver_to_endpoints(&scope(), APP, &m, &ids, "r", "Campaign")
        .unwrap();
    assert_eq!(out.len(), 1001);
    assert_eq!(
        out[0].status,
        crate::store::messaging::messages::DeliveryStatus::SUCCESSFUL
    );
    assert_eq!(
        out[1000].status,
        crate::store::messaging::messages::DeliveryStatus::DUPLICATE,
        "e1000 shares e0000's address"
    );
    assert_eq!(s.sent.query(&Default::default()).0.len(), 1000);
}
