//! Campaigns without HTTP: versions, validation, status against the clock, and delivery
//! (docs/behaviour.md#campaigns).

use std::sync::Arc;

use serde_json::{json, Map, Value};

use super::*;
use crate::clock::ManualClock;
use crate::dto::campaigns::in_app_message_campaign;
use crate::model::{Layout, WriteCampaignRequest};
use crate::store::engagement::campaigns::Status;
use crate::store::engagement::segments::SegmentWrite;
use crate::store::messaging::channels::{ChannelKind, ChannelPatch};

/// Two SMS endpoints (gold, free) and one INACTIVE gold one, the SMS channel on, a gold segment.
pub(super) fn shop(clock: Arc<ManualClock>) -> (Store, String) {
    let s = Store::new(
        StoreOptions::default(),
        Logs::in_memory(100),
        clock,
        Arc::new(crate::ids::SequentialIds::default()),
    );
    for (id, addr, plan) in [
        ("e1", "+12065550101", "gold"),
        ("e2", "+12065550102", "free"),
        ("e3", "+12065550103", "gold"),
    ] {
        let mut p = email("x@x.com");
        p.channel_type = Some(ChannelType::SMS);
        p.address = Some(addr.into());
        p.attributes = Some(attrs(&[("plan", &[plan])]));
        s.put(id, p).unwrap();
    }
    let mut p = email("y@x.com");
    p.channel_type = Some(ChannelType::SMS);
    p.address = Some("+12065550101".into());
    p.attributes = Some(attrs(&[("plan", &["free"])]));
    s.put("dup", p).unwrap(); // e1 becomes INACTIVE: same address
    let on = ChannelPatch {
        enabled: Some(true),
        settings: Default::default(),
    };
    s.update_channel(&scope(), APP, ChannelKind::SMS, on)
        .unwrap();
    let seg = SegmentWrite {
        dimensions: Some(
            serde_json::from_value(json!({"Attributes": {"plan": {"Values": ["gold"]}}})).unwrap(),
        ),
        ..Default::default()
    };
    let seg = s.create_segment(&scope(), APP, seg).unwrap();
    (s, seg.id)
}

/// A WriteCampaignRequest written as JSON.
pub(super) fn body(v: Value) -> WriteCampaignRequest {
    serde_json::from_value(v).unwrap()
}

/// A WriteCampaignRequest from its members as JSON.
pub(super) fn w(m: Map<String, Value>) -> WriteCampaignRequest {
    body(Value::Object(m))
}

/// An SMS campaign on `seg`, as JSON members to change before [`w`].
pub(super) fn campaign(seg: &str, schedule: Value) -> Map<String, Value> {
    obj(json!({"Name": "c", "SegmentId": seg, "Schedule": schedule,
        "MessageConfiguration": {"SMSMessage": {"Body": "Hi {{Attributes.plan}}"}}}))
}

fn obj(v: Value) -> Map<String, Value> {
    v.as_object().cloned().unwrap()
}

#[test]
fn status_follows_the_schedule_and_the_clock() {
    let clock = Arc::new(ManualClock::default());
    let (s, seg) = shop(clock.clone());
    let status = |b: Map<String, Value>| {
        let c = s.create_campaign(&scope(), APP, w(b)).unwrap();
        s.campaign(&scope(), APP, &c.id).unwrap().1.campaign
    };
    assert_eq!(
        status(campaign(&seg, json!({"StartTime": "IMMEDIATE"}))),
        Status::COMPLETED
    );
    assert_eq!(
        status(campaign(&seg, json!({"StartTime": "2026-02-01T00:00:00Z"}))),
        Status::SCHEDULED
    );
    let daily = campaign(
        &seg,
        json!({"StartTime": "2025-12-01T00:00:00Z", "Frequency": "DAILY"}),
    );
    assert_eq!(status(daily), Status::PENDING_NEXT_RUN);
    let ended = campaign(
        &seg,
        json!({"StartTime": "2025-12-01T00:00:00Z", "Frequency": "DAILY", "EndTime": "2025-12-02T00:00:00Z"}),
    );
    assert_eq!(status(ended), Status::COMPLETED);
    let event = campaign(
        &seg,
        json!({"StartTime": "IMMEDIATE", "Frequency": "EVENT",
               "EventFilter": {"FilterType": "ENDPOINT", "Dimensions": {}}}),
    );
    assert_eq!(status(event), Status::SCHEDULED);
    let unfiltered = campaign(
        &seg,
        json!({"StartTime": "IMMEDIATE", "Frequency": "EVENT"}),
    );
    let e = s.create_campaign(&scope(), APP, w(unfiltered)).unwrap_err();
    assert!(
        e.to_string().contains("Missing Schedule.EventFilter"),
        "{e}"
    );
    let mut paused = campaign(&seg, json!({"StartTime": "IMMEDIATE"}));
    paused.insert("IsPaused".into(), json!(true));
    assert_eq!(status(paused), Status::PAUSED);
    // Later the scheduled one is due, and a deleted segment makes every campaign DELETED.
    let later = s
        .create_campaign(
            &scope(),
            APP,
            w(campaign(&seg, json!({"StartTime": "2026-02-01T00:00:00Z"}))),
        )
        .unwrap();
    clock.advance(chrono::Duration::days(40));
    assert_eq!(
        s.campaign(&scope(), APP, &later.id).unwrap().1.campaign,
        Status::COMPLETED
    );
    s.delete_segment(&scope(), APP, &seg).unwrap();
    assert_eq!(
        s.campaign(&scope(), APP, &later.id).unwrap().1.campaign,
        Status::DELETED
    );
}

#[test]
fn invalid_campaigns_are_refused() {
    let (s, seg) = shop(Arc::default());
    let ok = campaign(&seg, json!({"StartTime": "IMMEDIATE"}));
    let mut cases = Vec::new();
    for k in ["SegmentId", "Schedule", "MessageConfiguration"] {
        let mut b = ok.clone();
        b.remove(k);
        cases.push(b);
    }
    cases.push(campaign(&seg, json!({"StartTime": "soon"})));
    let mut holdout = ok.clone();
    holdout.insert("HoldoutPercent".into(), json!(60));
    holdout.insert("AdditionalTreatments".into(), json!([{"SizePercent": 50}]));
    cases.push(holdout);
    for b in cases {
        assert!(matches!(
            s.create_campaign(&scope(), APP, w(b)),
            Err(StoreError::Invalid(_))
        ));
    }
    let unknown = campaign("nope", json!({"StartTime": "IMMEDIATE"}));
    assert_eq!(
        s.create_campaign(&scope(), APP, w(unknown)).unwrap_err(),
        StoreError::Missing("Segment nope not found".into())
    );
    let mut version = ok.clone();
    version.insert("SegmentVersion".into(), json!(9));
    assert!(matches!(
        s.create_campaign(&scope(), APP, w(version)),
        Err(StoreError::Missing(_))
    ));
    assert!(s.campaigns(&scope(), APP).unwrap().is_empty());
}

#[test]
fn updates_make_versions_until_the_campaign_completes() {
    let (s, seg) = shop(Arc::default());
    let c = s
        .create_campaign(
            &scope(),
            APP,
            w(campaign(&seg, json!({"StartTime": "2026-03-01T00:00:00Z"}))),
        )
        .unwrap();
    let v2 = s
        .update_campaign(&scope(), APP, &c.id, body(json!({"Name": "renamed"})))
        .unwrap();
    let (n, latest) = v2.versions.latest();
    assert_eq!((n, latest.body.name.as_deref()), (2, Some("renamed")));
    assert_eq!(latest.segment_id(), seg);
    let now = s
        .update_campaign(
            &scope(),
            APP,
            &c.id,
            body(json!({"Schedule": {"StartTime": "IMMEDIATE"}})),
        )
        .unwrap();
    assert_eq!(now.versions.latest().0, 3);
    let e = s
        .update_campaign(&scope(), APP, &c.id, body(json!({"Name": "late"})))
        .unwrap_err();
    assert!(e.to_string().contains("COMPLETED"), "{e}");
}

#[test]
fn a_due_campaign_is_delivered_once_to_its_active_members() {
    let clock = Arc::new(ManualClock::default());
    let (s, seg) = shop(clock.clone());
    let c = s
        .create_campaign(
            &scope(),
            APP,
            w(campaign(&seg, json!({"StartTime": "2026-01-01T01:00:00Z"}))),
        )
        .unwrap();
    assert_eq!(s.run_due_everywhere(false).campaign_runs, 0, "not due yet");
    clock.advance(chrono::Duration::hours(2));
    assert_eq!(s.run_due_everywhere(false).campaign_runs, 1);
    assert_eq!(
        s.run_due_everywhere(false).campaign_runs,
        0,
        "a ONCE campaign runs once"
    );
    let (c, _) = s.campaign(&scope(), APP, &c.id).unwrap();
    let a = &c.activities[0];
    // Segment members: e1 (INACTIVE, excluded before sending, not targeted) and e3.
    assert_eq!(
        (a.total_endpoint_count, a.successful_endpoint_count),
        (1, 1)
    );
    assert_eq!(a.execution_metrics["ENDPOINT_INACTIVE"], 1);
    let (log, _) = s.sent.query(&Default::default());
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].endpoint_id.as_deref(), Some("e3"));
    assert_eq!(log[0].body.as_deref(), Some("Hi gold"));
    assert_eq!(&*log[0].operation, "Campaign");
    assert_eq!(log[0].context.get("CampaignId"), Some(&c.id));
}

#[test]
fn a_recurring_campaign_runs_each_period_and_the_holdout_is_left_out() {
    let clock = Arc::new(ManualClock::default());
    let (s, seg) = shop(clock.clone());
    let mut b = campaign(
        &seg,
        json!({"StartTime": "IMMEDIATE", "Frequency": "DAILY", "EndTime": "2026-01-02T12:00:00Z"}),
    );
    b.insert("HoldoutPercent".into(), json!(100));
    let c = s.create_campaign(&scope(), APP, w(b)).unwrap();
    assert_eq!(s.run_due_everywhere(false).campaign_runs, 1);
    clock.advance(chrono::Duration::days(1));
    assert_eq!(s.run_due_everywhere(false).campaign_runs, 1);
    clock.advance(chrono::Duration::days(1));
    assert_eq!(s.run_due_everywhere(false).campaign_runs, 0, "past EndTime");
    let (c, status) = s.campaign(&scope(), APP, &c.id).unwrap();
    assert_eq!(status.campaign, Status::COMPLETED);
    assert_eq!(c.activities.len(), 2);
    assert!(
        c.activities.iter().all(|a| a.total_endpoint_count == 0),
        "everyone is held out"
    );
    assert!(s.sent.query(&Default::default()).0.is_empty());
}

#[test]
fn in_app_messages_are_the_live_in_app_campaigns_holding_the_endpoint() {
    let (s, seg) = shop(Arc::default());
    let mut b = campaign(
        &seg,
        json!({"StartTime": "IMMEDIATE", "Frequency": "IN_APP_EVENT"}),
    );
    b.insert(
        "MessageConfiguration".into(),
        json!({"InAppMessage": {"Layout": "TOP_BANNER", "Content": []}}),
    );
    b.insert("Limits".into(), json!({"Daily": 2}));
    let c = s.create_campaign(&scope(), APP, w(b)).unwrap();
    // An SMS campaign is not an in-app one.
    s.create_campaign(
        &scope(),
        APP,
        w(campaign(
            &seg,
            json!({"StartTime": "IMMEDIATE", "Frequency": "IN_APP_EVENT"}),
        )),
    )
    .unwrap();
    let got = s.in_app_campaigns(&scope(), APP, "E3").unwrap();
    assert_eq!(got.len(), 1);
    let got = in_app_message_campaign(&got[0]);
    assert_eq!(got.campaign_id, Some(c.id.clone()));
    assert_eq!((got.daily_cap, got.total_cap), (Some(2), Some(0)));
    let layout = got.in_app_message.and_then(|m| m.layout);
    assert_eq!(layout, Some(Layout::TopBanner));
    assert!(
        s.in_app_campaigns(&scope(), APP, "e2").unwrap().is_empty(),
        "not in the segment"
    );
    assert!(s
        .in_app_campaigns(&scope(), APP, "nobody")
        .unwrap()
        .is_empty());
    s.update_campaign(&scope(), APP, &c.id, body(json!({"IsPaused": true})))
        .unwrap();
    assert!(
        s.in_app_campaigns(&scope(), APP, "e3").unwrap().is_empty(),
        "paused"
    );
    assert!(matches!(
        s.in_app_campaigns(&scope(), "nope", "e3"),
        Err(StoreError::AppNotFound)
    ));
}

/// A campaign whose message can never render fails each delivery, and a state holding it (and a
/// template that can never render, which only a state file can hold) restores and runs
/// (docs/behaviour.md#render-limits).
#[test]
fn a_campaign_or_state_that_cannot_render_fails_deliveries_not_the_store() {
    let clock = Arc::new(ManualClock::default());
    let (s, seg) = shop(clock.clone());
    let forever = r#"{{#*inline "p"}}{{> p}}{{/inline}}{{> p}}"#;
    let mut c = campaign(&seg, json!({"StartTime": "2026-01-01T01:00:00Z"}));
    c["MessageConfiguration"] = json!({"SMSMessage": {"Body": forever}});
    let c = s.create_campaign(&scope(), APP, w(c)).unwrap();
    clock.advance(chrono::Duration::hours(2));
    assert_eq!(s.run_due_everywhere(false).campaign_runs, 1);
    let (c, _) = s.campaign(&scope(), APP, &c.id).unwrap();
    let a = &c.activities[0];
    assert_eq!(
        (a.total_endpoint_count, a.successful_endpoint_count),
        (1, 0),
        "e3 targeted and failed; e1 is INACTIVE, not targeted"
    );
    assert!(s.sent.query(&Default::default()).0.is_empty());

    let mut snap = s.snapshot();
    let mut version = crate::store::messaging::templates::TemplateVersion {
        content: Default::default(),
        creation_date: "2026-01-01T00:00:00.000Z".into(),
        last_modified_date: "2026-01-01T00:00:00.000Z".into(),
    };
    version.content.body = Some(forever.into());
    snap.templates.push(crate::store::snapshot::TemplateRecord {
        account_id: Some(scope().account),
        region: Some(scope().region),
        template_name: "forever".into(),
        template_type: crate::store::messaging::templates::TemplateKind::SMS,
        versions: crate::store::infra::versions::Versions::first(version),
        active: 1,
        latest: 1,
        tags: Default::default(),
    });
    let restored = Store::new(
        StoreOptions::default(),
        Logs::in_memory(100),
        clock,
        Arc::new(crate::ids::SequentialIds::default()),
    );
    let text = serde_json::to_string(&snap).unwrap();
    restored
        .replace_state(serde_json::from_str(&text).unwrap(), "us-east-1")
        .unwrap();
    assert_eq!(
        restored.run_due_everywhere(false).campaign_runs,
        0,
        "it ran before the save"
    );
    let mut m = super::messages::config(json!({"SMSMessage": {}}));
    m.templates.insert(
        crate::store::messaging::templates::TemplateKind::SMS,
        crate::store::messaging::messages::TemplateRef {
            name: "forever".into(),
            version: None,
        },
    );
    let o = super::messages::one(&restored, &m, "e3");
    assert_eq!(
        o.message,
        r#"Template rendering failed: the inline partial "p" always calls itself, so it can never finish rendering"#
    );
}
