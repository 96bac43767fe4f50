//! What CreateCampaign and UpdateCampaign refuse beyond the basics, and what a campaign
//! answers about its treatments (docs/behaviour.md#campaign-rules,
//! docs/behaviour.md#campaign-versions).

use std::sync::Arc;

use serde_json::{json, Map, Value};

use super::campaigns::{body, campaign, shop, w};
use super::*;
use crate::model::{CampaignState, CampaignStatus};
use crate::store::messaging::templates::TemplateKind;

#[test]
fn default_state_belongs_only_to_a_campaign_with_several_treatments() {
    let (s, seg) = shop(Arc::default());
    let one = s
        .create_campaign(
            &scope(),
            APP,
            w(campaign(&seg, json!({"StartTime": "IMMEDIATE"}))),
        )
        .unwrap();
    assert_eq!(one.versions.latest().1.treatments(), 1);
    let mut ab = campaign(&seg, json!({"StartTime": "IMMEDIATE"}));
    ab.insert(
        "AdditionalTreatments".into(),
        json!([{"SizePercent": 30}, {"SizePercent": 20}]),
    );
    let ab = s.create_campaign(&scope(), APP, w(ab)).unwrap();
    assert_eq!(ab.versions.latest().1.treatments(), 3);
    let response = crate::dto::campaigns::campaign_response;
    let (c, st) = s.campaign(&scope(), APP, &one.id).unwrap();
    let plain = response(&scope(), APP, &c, 1, &st);
    let completed = Some(CampaignState {
        campaign_status: Some(CampaignStatus::Completed),
    });
    assert!(plain.default_state.is_none(), "{plain:?}");
    assert_eq!(plain.state, completed);
    let (c, st) = s.campaign(&scope(), APP, &ab.id).unwrap();
    let split = response(&scope(), APP, &c, 1, &st);
    assert_eq!(split.default_state, completed);
}

/// The campaign's versions now, to show a refusal stored nothing.
fn versions(s: &Store, id: &str) -> usize {
    s.campaign(&scope(), APP, id).unwrap().0.versions.len()
}

/// `Err(Invalid)` whose message names `member`.
#[track_caller]
fn refused<T: std::fmt::Debug>(r: StoreResult<T>, member: &str) {
    match r {
        Err(StoreError::Invalid(m)) => assert!(m.contains(member), "{member} not in {m:?}"),
        other => panic!("expected a 400 naming {member}, got {other:?}"),
    }
}

fn with(mut b: Map<String, Value>, k: &str, v: Value) -> Map<String, Value> {
    b.insert(k.into(), v);
    b
}

#[test]
fn templates_a_campaign_names_must_exist_with_their_version() {
    let (s, seg) = shop(Arc::default());
    let base = campaign(&seg, json!({"StartTime": "2026-06-01T00:00:00Z"}));
    let create = |b| s.create_campaign(&scope(), APP, w(b));
    let sms = |name: &str, version: Option<&str>| {
        let mut t = json!({"Name": name});
        if let Some(v) = version {
            t["Version"] = json!(v);
        }
        json!({"SMSTemplate": t})
    };
    refused(
        create(with(
            base.clone(),
            "TemplateConfiguration",
            sms("promo", None),
        )),
        "TemplateConfiguration.SMSTemplate.Name",
    );
    let content = crate::store::messaging::templates::TemplateContent {
        body: Some("Hi".into()),
        ..Default::default()
    };
    s.create_template(
        &scope(),
        "promo",
        TemplateKind::SMS,
        content,
        Default::default(),
    )
    .unwrap();
    refused(
        create(with(
            base.clone(),
            "TemplateConfiguration",
            sms("promo", Some("9")),
        )),
        "TemplateConfiguration.SMSTemplate.Version",
    );
    // A template of another type does not count.
    refused(
        create(with(
            base.clone(),
            "TemplateConfiguration",
            json!({"EmailTemplate": {"Name": "promo"}}),
        )),
        "TemplateConfiguration.EmailTemplate.Name",
    );
    refused(
        create(with(
            base.clone(),
            "TemplateConfiguration",
            json!({"PushTemplate": {}}),
        )),
        "TemplateConfiguration.PushTemplate.Name",
    );
    let treatment = json!([{"SizePercent": 10, "TemplateConfiguration": sms("nope", None)}]);
    refused(
        create(with(base.clone(), "AdditionalTreatments", treatment)),
        "AdditionalTreatments[0].TemplateConfiguration.SMSTemplate.Name",
    );
    assert!(s.campaigns(&scope(), APP).unwrap().is_empty());
    let ok = create(with(
        base.clone(),
        "TemplateConfiguration",
        sms("promo", Some("1")),
    ))
    .unwrap();
    // An update is checked on the templates it names, and a refused one stores nothing.
    let patch = body(json!({"TemplateConfiguration": sms("gone", None)}));
    refused(
        s.update_campaign(&scope(), APP, &ok.id, patch),
        "TemplateConfiguration.SMSTemplate.Name",
    );
    assert_eq!(versions(&s, &ok.id), 1);
    s.update_campaign(&scope(), APP, &ok.id, body(json!({"Name": "renamed"})))
        .unwrap();
    assert_eq!(versions(&s, &ok.id), 2);
}

#[test]
fn limits_quiet_time_and_time_zone_are_checked() {
    let (s, seg) = shop(Arc::default());
    let base = campaign(&seg, json!({"StartTime": "2026-06-01T00:00:00Z"}));
    let create = |b| s.create_campaign(&scope(), APP, w(b));
    for (limits, member) in [
        (json!({"Daily": 101}), "Limits.Daily"),
        (json!({"Total": 101}), "Limits.Total"),
        (json!({"Daily": -1}), "Limits.Daily"),
        (json!({"MessagesPerSecond": 0}), "Limits.MessagesPerSecond"),
        (json!({"MaximumDuration": 59}), "Limits.MaximumDuration"),
    ] {
        refused(create(with(base.clone(), "Limits", limits)), member);
    }
    let schedule = |extra: Value| {
        let mut sc = json!({"StartTime": "2026-06-01T00:00:00Z"});
        for (k, v) in extra.as_object().unwrap() {
            sc[k] = v.clone();
        }
        with(base.clone(), "Schedule", sc)
    };
    for (extra, member) in [
        (
            json!({"QuietTime": {"Start": "7:00"}}),
            "Schedule.QuietTime.Start",
        ),
        (
            json!({"QuietTime": {"End": "24:00"}}),
            "Schedule.QuietTime.End",
        ),
        (json!({"Timezone": "UTC+14"}), "Schedule.Timezone"),
        (json!({"Timezone": "Europe/Paris"}), "Schedule.Timezone"),
        (json!({"Timezone": "UTC-01"}), "Schedule.Timezone"),
    ] {
        refused(create(schedule(extra)), member);
    }
    let treatment = json!([{"SizePercent": 10,
        "Schedule": {"StartTime": "IMMEDIATE", "Timezone": "UTC+99"}}]);
    refused(
        create(with(base.clone(), "AdditionalTreatments", treatment)),
        "AdditionalTreatments[0].Schedule.Timezone",
    );
    assert!(s.campaigns(&scope(), APP).unwrap().is_empty());
    // The edges of the ranges, the documented zones in any case, and a quiet time over midnight.
    let limits = json!({"Daily": 100, "Total": 0, "MessagesPerSecond": 1, "MaximumDuration": 60});
    let fine = with(
        schedule(json!({"QuietTime": {"Start": "22:00", "End": "07:30"}, "Timezone": "utc+05:45"})),
        "Limits",
        limits,
    );
    let c = create(fine).unwrap();
    assert_eq!(
        c.versions
            .latest()
            .1
            .body
            .schedule
            .as_ref()
            .unwrap()
            .timezone
            .as_deref(),
        Some("utc+05:45"),
        "stored as sent"
    );
    for tz in crate::store::engagement::campaigns::TIMEZONES {
        create(schedule(json!({"Timezone": tz}))).unwrap();
    }
    // An update that breaks a range stores nothing.
    refused(
        s.update_campaign(
            &scope(),
            APP,
            &c.id,
            body(json!({"Limits": {"Total": 500}})),
        ),
        "Limits.Total",
    );
    assert_eq!(versions(&s, &c.id), 1);
}

#[test]
fn custom_messages_need_a_delivery_and_voice_templates_are_refused() {
    let (s, seg) = shop(Arc::default());
    let base = campaign(&seg, json!({"StartTime": "2026-06-01T00:00:00Z"}));
    let create = |b| s.create_campaign(&scope(), APP, w(b));
    let custom = with(
        base.clone(),
        "MessageConfiguration",
        json!({"CustomMessage": {"Data": "{\"hi\":1}"}}),
    );
    refused(create(custom.clone()), "CustomDeliveryConfiguration");
    refused(
        create(with(
            custom.clone(),
            "CustomDeliveryConfiguration",
            json!({"DeliveryUri": ""}),
        )),
        "CustomDeliveryConfiguration.DeliveryUri",
    );
    let delivery = json!({"DeliveryUri": "arn:aws:lambda:us-east-1:123456789012:function:deliver"});
    let with_delivery = with(custom.clone(), "CustomDeliveryConfiguration", delivery);
    create(with_delivery.clone()).unwrap();
    // A treatment's custom message may use its own delivery or the campaign's.
    let treatment =
        json!([{"SizePercent": 10, "MessageConfiguration": {"CustomMessage": {"Data": "x"}}}]);
    refused(
        create(with(
            base.clone(),
            "AdditionalTreatments",
            treatment.clone(),
        )),
        "AdditionalTreatments[0].CustomDeliveryConfiguration",
    );
    create(with(with_delivery, "AdditionalTreatments", treatment)).unwrap();
    let voice = json!({"VoiceTemplate": {"Name": "call"}});
    refused(
        create(with(base.clone(), "TemplateConfiguration", voice.clone())),
        "TemplateConfiguration.VoiceTemplate",
    );
    let treatment = json!([{"SizePercent": 10, "TemplateConfiguration": voice}]);
    refused(
        create(with(base, "AdditionalTreatments", treatment)),
        "AdditionalTreatments[0].TemplateConfiguration.VoiceTemplate",
    );
    assert_eq!(s.campaigns(&scope(), APP).unwrap().len(), 2);
}

#[test]
fn event_campaigns_need_a_dynamic_segment() {
    let (s, dynamic) = shop(Arc::default());
    let import = crate::store::resources::jobs::ImportJobDefinition {
        format: "CSV".into(),
        s3_url: "s3://b/k".into(),
        role_arn: "arn:aws:iam::1:role/r".into(),
        define_segment: Some(true),
        segment_name: Some("imported".into()),
        ..Default::default()
    };
    let job = s
        .create_import_job(&scope(), APP, import, "req", |_| None)
        .unwrap();
    let imported = job.segment_id().unwrap().to_string();
    let event = json!({"StartTime": "IMMEDIATE", "Frequency": "EVENT",
        "EventFilter": {"FilterType": "ENDPOINT", "Dimensions": {}}});
    let create = |b| s.create_campaign(&scope(), APP, w(b));
    match create(campaign(&imported, event.clone())) {
        Err(StoreError::Invalid(m)) => {
            assert!(
                m.starts_with("Event-based campaigns can only use dynamic segments"),
                "{m}"
            );
            assert!(m.contains("Schedule.Frequency"), "{m}");
        }
        other => panic!("{other:?}"),
    }
    create(campaign(&dynamic, event.clone())).unwrap();
    // A timed campaign on the imported segment is fine, until an update makes it event-based.
    let timed = create(campaign(
        &imported,
        json!({"StartTime": "2026-06-01T00:00:00Z"}),
    ))
    .unwrap();
    refused(
        s.update_campaign(&scope(), APP, &timed.id, body(json!({"Schedule": event}))),
        "Schedule.Frequency",
    );
    assert_eq!(versions(&s, &timed.id), 1);
}

/// A version saved before campaigns were typed (the request's JSON under `Body`) loads with
/// the same content and is saved again byte for byte.
#[test]
fn a_version_from_an_older_state_file_loads_as_written() {
    let old = json!({
        "Body": {
            "AdditionalTreatments": [{"SizePercent": 10, "TreatmentName": "b"}],
            "HoldoutPercent": 5,
            "Limits": {"Daily": 5},
            "MessageConfiguration": {"SMSMessage": {"Body": "Hi", "MessageType": "PROMOTIONAL"}},
            "Name": "c",
            "Schedule": {"Frequency": "DAILY", "StartTime": "IMMEDIATE", "Timezone": "utc"},
            "SegmentId": "s1",
            "TemplateConfiguration": {"SMSTemplate": {"Name": "promo", "Version": "1"}}
        },
        "LastModifiedDate": "2026-01-01T00:00:00.000Z",
        "SegmentVersion": 1
    });
    let v: crate::store::engagement::campaigns::CampaignVersion =
        serde_json::from_value(old.clone()).unwrap();
    assert_eq!((v.segment_id(), v.treatments()), ("s1", 2));
    assert_eq!(serde_json::to_value(&v).unwrap(), old);
}
