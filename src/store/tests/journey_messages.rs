//! A journey's message activities (docs/behaviour.md#journey-messages): the template version
//! used, the message settings, push data, the records each outcome makes, the caps, quiet time
//! and the sending schedule, ContactCenter and CUSTOM.

use serde_json::{json, Value};

use super::custom_channel::{endpoints, fixture as hooks, Fake};
use super::journey_runs::*;
use super::*;
use crate::store::engagement::journeys::progress::Place;
use crate::store::messaging::channels::{ChannelKind, ChannelPatch, ChannelSettings};
use crate::store::messaging::templates::{TemplateContent, TemplateKind, VersionChoice};

/// The recorded events of one type, as (endpoint, Attributes), in order.
pub(super) fn records(s: &Store, event_type: &str) -> Vec<(String, Value)> {
    let (events, _) = s
        .events
        .select(|e| e.event_type.as_deref() == Some(event_type), None);
    events
        .iter()
        .map(|e| {
            let v: Value = serde_json::from_str(e.event.get()).unwrap();
            let id = e.endpoint_id.as_deref().unwrap_or_default().to_string();
            (id, v["Attributes"].clone())
        })
        .collect()
}

fn content(v: Value) -> TemplateContent {
    serde_json::from_value(v).unwrap()
}

fn new_version(s: &Store, name: &str, kind: TemplateKind, v: Value) {
    let choice = VersionChoice {
        create_new_version: true,
        version: None,
    };
    s.update_template(&scope(), name, kind, content(v), choice)
        .unwrap();
}

fn run_id(s: &Store, j: &str) -> String {
    s.journey_runs(&scope(), APP, j).unwrap()[0].run_id.clone()
}

fn place(s: &Store, j: &str, e: &str) -> (Option<String>, Place) {
    let pos = s.journey_positions(&scope(), APP, j).unwrap();
    let p = pos.iter().find(|p| p.endpoint_id == e).unwrap();
    (p.activity_id.clone(), p.state)
}

fn start_now(seg: &str, activities: Value, start: &str) -> Value {
    json!({
        "StartActivity": start,
        "StartCondition": {"SegmentStartCondition": {"SegmentId": seg}},
        "Activities": activities
    })
}

#[test]
fn the_version_active_at_the_send_instant_is_used_and_the_records_name_the_journey() {
    let (s, seg) = fixture();
    new_version(
        &s,
        "welcome",
        TemplateKind::EMAIL,
        json!({"Subject": "v2 {{Attributes.FirstName}}", "HtmlPart": "<p>2</p>"}),
    );
    let acts = json!({
        "first": {"EMAIL": {"TemplateName": "welcome", "NextActivity": "pause",
                            "MessageConfig": {"FromAddress": "team@x.com"}}},
        "pause": {"Wait": {"WaitTime": {"WaitFor": "P1D"}, "NextActivity": "second"}},
        "second": {"EMAIL": {"TemplateName": "welcome", "NextActivity": "pinned"}},
        "pinned": {"EMAIL": {"TemplateName": "welcome", "TemplateVersion": "1"}}
    });
    let id = journey(&s, start_now(&seg, acts, "first"));
    go(&s, T);
    let log = sent(&s, &id);
    assert_eq!(log.len(), 2);
    assert_eq!(log[0].template.as_ref().unwrap().version, "1");
    assert_eq!(log[0].subject.as_deref(), Some("Hi Ana"));
    assert_eq!(log[0].settings.from_address.as_deref(), Some("team@x.com"));
    let run = run_id(&s, &id);
    assert_eq!(log[0].context["JourneyId"], id);
    assert_eq!(log[0].context["JourneyRunId"], run);
    // Version 2 made active during the wait: the second email uses it, the pinned one 1.
    s.set_active_template_version(&scope(), "welcome", TemplateKind::EMAIL, "2")
        .unwrap();
    go(&s, &t("P1D"));
    let log = sent(&s, &id);
    assert_eq!(log.len(), 6);
    assert_eq!(log[2].template.as_ref().unwrap().version, "2");
    assert_eq!(log[2].subject.as_deref(), Some("v2 Ana"));
    assert_eq!(log[2].settings.from_address.as_deref(), Some("shop@x.com"));
    let pinned: Vec<_> = log
        .iter()
        .filter(|m| m.context["JourneyActivityId"] == "pinned")
        .collect();
    assert!(pinned
        .iter()
        .all(|m| m.template.as_ref().unwrap().version == "1"));

    // `_journey.send`: one per outcome, the J22 attributes.
    let sends = records(&s, "_journey.send");
    let first: Vec<_> = sends
        .iter()
        .filter(|(_, a)| a["journey_activity_id"] == "first")
        .collect();
    assert_eq!(first.len(), 3);
    let (e, a) = first.iter().find(|(e, _)| e == "e1").unwrap();
    assert_eq!(e, "e1");
    assert_eq!(a["journey_id"], id.as_str());
    assert_eq!(a["journey_run_id"], run.as_str());
    assert_eq!(a["journey_activity_type"], "EMAIL");
    assert_eq!(a["journey_send_status"], "SUCCESS");
    assert_eq!(a["journey_send_status_code"], "200");
    assert_eq!(a["journey_send_status_message"], "200");
    assert_eq!(a["message_id"], log[0].message_id.as_str());
    let (_, u) = first.iter().find(|(e, _)| e == "e5").unwrap();
    assert_eq!(u["journey_send_status"], "UNSUPPORTED_CHANNEL");
    assert_eq!(u["journey_send_status_code"], "400");
    assert!(u.get("message_id").is_none());
    // `_email.send` per message, with the journey attributes instead of a campaign's.
    let emails = records(&s, "_email.send");
    assert_eq!(emails.len(), 6);
    let (_, a) = &emails[0];
    assert_eq!(a["message_id"], log[0].message_id.as_str());
    assert_eq!(a["journey_id"], id.as_str());
    assert_eq!(a["journey_activity_id"], "first");
    assert_eq!(a["journey_run_id"], run.as_str());
    assert!(a.get("campaign_id").is_none());
}

#[test]
fn an_sms_goes_at_its_wait_until_with_its_settings_and_a_past_date_passes_at_once() {
    let (s, seg) = fixture();
    new_version(&s, "nudge", TemplateKind::SMS, json!({"Body": "v2"}));
    s.set_active_template_version(&scope(), "nudge", TemplateKind::SMS, "2")
        .unwrap();
    let acts = json!({
        "until": {"Wait": {"WaitTime": {"WaitUntil": t("P1DT23H")}, "NextActivity": "text"}},
        "text": {"SMS": {"TemplateName": "nudge", "TemplateVersion": "1", "NextActivity": "past",
            "MessageConfig": {"MessageType": "TRANSACTIONAL", "OriginationNumber": "+12065550199"}}},
        "past": {"Wait": {"WaitTime": {"WaitUntil": T}}}
    });
    let id = journey(&s, start_now(&seg, acts, "until"));
    go(&s, T);
    assert_eq!(go(&s, &t("P1DT22H59M")).messages, 0);
    assert_eq!(go(&s, &t("P1DT23H")).messages, 1);
    let log = sent(&s, &id);
    assert_eq!(log.len(), 1);
    let m = &log[0];
    assert_eq!(
        (m.endpoint_id.as_deref(), &*m.sent_at),
        (Some("e5"), t("P1DT23H").as_str())
    );
    assert_eq!(m.body.as_deref(), Some("Still there?"));
    assert_eq!(
        m.settings.message_type,
        Some(crate::model::MessageType::Transactional)
    );
    assert_eq!(
        m.settings.origination_number.as_deref(),
        Some("+12065550199")
    );
    let buffered = records(&s, "_SMS.BUFFERED");
    assert_eq!(buffered.len(), 1);
    assert_eq!(buffered[0].1["journey_activity_id"], "text");
    assert_eq!(buffered[0].1["journey_id"], id.as_str());
    assert_eq!(
        metrics(&s, &id, None, Some("past")),
        pairs(&[("WAIT_DATE_PASSED", "3")])
    );
    assert_eq!(
        metrics(&s, &id, None, Some("text")),
        pairs(&[("SUCCESS", "1"), ("UNSUPPORTED_CHANNEL", "2")])
    );
    assert_eq!(place(&s, &id, "e5"), (None, Place::EXITED));
}

#[test]
fn a_push_activity_serves_push_endpoints_with_the_journey_data() {
    let (s, seg) = fixture();
    let gcm = ChannelSettings {
        api_key: Some("k".into()),
        ..Default::default()
    };
    super::messages::enable(&s, ChannelKind::GCM, gcm);
    let mut g = push(ChannelType::GCM, "tok-g", "u1");
    g.attributes = Some(attrs(&[("plan", &["gold"])]));
    s.put("g1", g).unwrap();
    s.create_template(
        &scope(),
        "ping",
        TemplateKind::PUSH,
        content(json!({"Default": {"Title": "Ping", "Body": "Hello"}})),
        Default::default(),
    )
    .unwrap();
    let acts = json!({"p": {"PUSH": {"TemplateName": "ping",
        "MessageConfig": {"TimeToLive": "3600"}}}});
    let id = journey(&s, start_now(&seg, acts, "p"));
    assert_eq!(go(&s, T).messages, 1);
    let log = sent(&s, &id);
    assert_eq!(log.len(), 1);
    let m = &log[0];
    assert_eq!((&*m.channel, m.body.as_deref()), ("GCM", Some("Hello")));
    assert_eq!(m.title.as_deref(), Some("Ping"));
    assert_eq!(m.settings.time_to_live, Some(3600));
    let data = serde_json::to_value(m.data.as_ref().unwrap()).unwrap();
    let run = run_id(&s, &id);
    assert_eq!(data["pinpoint.journey.journey_id"], id.as_str());
    assert_eq!(data["pinpoint.journey.journey_activity_id"], "p");
    assert_eq!(data["pinpoint.journey.journey_run_id"], run.as_str());
    assert_eq!(
        metrics(&s, &id, None, Some("p")),
        pairs(&[("SUCCESS", "1"), ("UNSUPPORTED_CHANNEL", "3")])
    );
    let types: Vec<_> = records(&s, "_journey.send")
        .into_iter()
        .map(|(_, a)| a["journey_activity_type"].clone())
        .collect();
    assert!(types.iter().all(|t| t == "PUSH"), "{types:?}");
}

#[test]
fn contact_center_succeeds_for_voice_and_logs_nothing_custom_serves_its_types() {
    let (s, seg) = fixture();
    let mut v = email("+12065550123");
    v.channel_type = Some(ChannelType::VOICE);
    v.attributes = Some(attrs(&[("plan", &["gold"])]));
    s.put("v1", v).unwrap();
    let acts = json!({
        "call": {"ContactCenter": {"NextActivity": "hook"}},
        "hook": {"CUSTOM": {"DeliveryUri": "arn:aws:lambda:us-east-1:123456789012:function:f",
                            "EndpointTypes": ["VOICE"]}}
    });
    let id = journey(&s, start_now(&seg, acts, "call"));
    // The only log entry is the custom activity's: ContactCenter dials and logs nothing; the
    // Lambda is not invoked.
    assert_eq!(go(&s, T).messages, 1);
    let log = sent(&s, &id);
    assert_eq!(log.len(), 1);
    assert_eq!(&*log[0].channel, "CUSTOM");
    assert_eq!(log[0].context["JourneyActivityId"], "hook");
    assert_eq!(log[0].settings.invoked, Some(false));
    assert_eq!(
        metrics(&s, &id, None, Some("call")),
        pairs(&[("SUCCESS", "1"), ("UNSUPPORTED_CHANNEL", "3")])
    );
    // The custom activity's endpoint types succeed, the others are not served.
    assert_eq!(
        metrics(&s, &id, None, Some("hook")),
        pairs(&[("SUCCESS", "1"), ("UNSUPPORTED_CHANNEL", "3")])
    );
    let kinds: Vec<(String, String, String)> = records(&s, "_journey.send")
        .into_iter()
        .filter(|(e, _)| e == "v1")
        .map(|(_, a)| {
            let s = |k: &str| a[k].as_str().unwrap_or_default().to_string();
            (
                s("journey_activity_id"),
                s("journey_activity_type"),
                s("journey_send_status"),
            )
        })
        .collect();
    assert_eq!(
        kinds,
        [
            (
                "call".to_string(),
                "CONTACT_CENTER".to_string(),
                "SUCCESS".to_string()
            ),
            ("hook".into(), "CUSTOM".into(), "SUCCESS".into())
        ]
    );
    assert_eq!(place(&s, &id, "v1"), (None, Place::EXITED));
}

#[test]
fn a_missing_template_or_a_disabled_channel_fails_permanently_and_the_path_goes_on() {
    let (s, seg) = fixture();
    let off = ChannelPatch {
        enabled: Some(false),
        settings: Default::default(),
    };
    s.update_channel(&scope(), APP, ChannelKind::SMS, off)
        .unwrap();
    let acts = json!({
        "gone": {"EMAIL": {"TemplateName": "nope", "NextActivity": "text"}},
        "text": {"SMS": {"TemplateName": "nudge", "NextActivity": "end"}},
        "end": {"Wait": {"WaitTime": {"WaitFor": "P9D"}}}
    });
    let id = journey(&s, start_now(&seg, acts, "gone"));
    assert_eq!(go(&s, T).messages, 0);
    let all = records(&s, "_journey.send");
    let of = |e: &str, a: &str| {
        let (_, v) = all
            .iter()
            .find(|(x, v)| x == e && v["journey_activity_id"] == a)
            .unwrap();
        let s = |k: &str| v[k].as_str().unwrap_or_default().to_string();
        (s("journey_send_status"), s("journey_send_status_code"))
    };
    assert_eq!(of("e1", "gone"), ("FAILURE_PERMANENT".into(), "404".into()));
    let (status, code) = of("e5", "text");
    assert_eq!(status, "FAILURE_PERMANENT");
    assert_ne!(code, "200");
    assert_eq!(
        metrics(&s, &id, None, Some("gone")),
        pairs(&[("FAILURE_PERMANENT", "2"), ("UNSUPPORTED_CHANNEL", "1")])
    );
    assert_eq!(
        place(&s, &id, "e5"),
        (Some("end".to_string()), Place::WAITING)
    );
}

#[test]
fn a_custom_activity_posts_the_journey_ids_and_a_refused_post_is_a_custom_delivery_failure() {
    for answer in [200, 500] {
        let fake = Fake::new("000000000000", answer);
        let (s, seg) = hooks(&fake, &[]);
        s.clocks().set(&scope().account, &scope().region, at(T));
        endpoints(&s, 2, ChannelType::CUSTOM);
        let acts = json!({"hook": {"CUSTOM": {"DeliveryUri": "http://127.0.0.1:7000/in",
            "MessageConfig": {"Data": "{\"hi\":1}"}}}});
        let id = journey(&s, start_now(&seg, acts, "hook"));
        fake.take();
        go(&s, T);
        let posts = fake.take();
        assert_eq!(posts.len(), 1);
        let body = &posts[0].body.as_ref().unwrap().1;
        let payload: Value = serde_json::from_slice(body).unwrap();
        assert_eq!(payload["JourneyId"], id.as_str());
        assert_eq!(payload["JourneyRunId"], run_id(&s, &id).as_str());
        assert_eq!(payload["ActivityId"], "hook");
        let got: Vec<&String> = payload["Endpoints"].as_object().unwrap().keys().collect();
        assert_eq!(got, ["c00", "c01"]);
        let (ok, n) = if answer == 200 {
            ("SUCCESS", 2)
        } else {
            ("CUSTOM_DELIVERY_FAILURE", 0)
        };
        assert_eq!(
            metrics(&s, &id, None, Some("hook")),
            pairs(&[(ok, "2"), ("UNSUPPORTED_CHANNEL", "1")])
        );
        assert_eq!(sent(&s, &id).len(), n);
    }
}
