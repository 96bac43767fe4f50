//! Journeys that run (docs/behaviour.md#journeys-that-run): a segment journey entered at its
//! StartTime, an email, a day's wait and a second email; the journey's state, positions,
//! metrics, runs and records as it goes. The fixture is shared by the other journey tests.

use serde_json::{json, Value};

use super::*;
use crate::model::JourneyRunStatus;
use crate::store::engagement::journeys::progress::Place;
use crate::store::engagement::journeys::JourneyState;
use crate::store::engagement::segments::SegmentWrite;
use crate::store::messaging::channels::{ChannelKind, ChannelSettings};
use crate::store::messaging::messages::sent::SentMessage;
use crate::store::messaging::templates::{TemplateContent, TemplateKind};
use crate::time::parse_iso8601;

/// T: a Monday, 09:00Z.
pub(super) const T: &str = "2030-01-07T09:00:00Z";

pub(super) fn at(s: &str) -> chrono::DateTime<chrono::Utc> {
    parse_iso8601(s).unwrap()
}

/// `T` moved by an ISO-8601 duration, as the clock shows it.
pub(super) fn t(plus: &str) -> String {
    let d = crate::time::parse_duration(plus).unwrap();
    crate::time::format_iso(at(T) + d)
}

/// A store frozen at T with five members of segment "plan = gold": e1 (EMAIL, FirstName Ana),
/// e2 (EMAIL), e3 (EMAIL, opted out), e4 (EMAIL, INACTIVE), e5 (SMS); and e6 (EMAIL, free
/// plan). The EMAIL and SMS channels are on; templates "welcome" (EMAIL) and "nudge" (SMS).
/// Returns the store and the segment id.
pub(super) fn fixture() -> (Store, String) {
    let s = store();
    s.clocks().set(&scope().account, &scope().region, at(T));
    let ep = |ct: ChannelType, addr: &str, plan: &str| {
        let mut p = email(addr);
        p.channel_type = Some(ct);
        p.attributes = Some(attrs(&[("plan", &[plan])]));
        p
    };
    let mut e1 = ep(ChannelType::EMAIL, "ana@x.com", "gold");
    e1.attributes = Some(attrs(&[("plan", &["gold"]), ("FirstName", &["Ana"])]));
    s.put("e1", e1).unwrap();
    s.put("e2", ep(ChannelType::EMAIL, "bo@x.com", "gold"))
        .unwrap();
    let mut e3 = ep(ChannelType::EMAIL, "cy@x.com", "gold");
    e3.opt_out = Some(model::OptOut::ALL);
    s.put("e3", e3).unwrap();
    let mut e4 = ep(ChannelType::EMAIL, "di@x.com", "gold");
    e4.status = Some(model::Status::INACTIVE);
    s.put("e4", e4).unwrap();
    s.put("e5", ep(ChannelType::SMS, "+12065550105", "gold"))
        .unwrap();
    s.put("e6", ep(ChannelType::EMAIL, "free@x.com", "free"))
        .unwrap();
    let ses = ChannelSettings {
        from_address: Some("shop@x.com".into()),
        identity: Some("arn:aws:ses:us-east-1:1:identity/x.com".into()),
        ..Default::default()
    };
    super::messages::enable(&s, ChannelKind::EMAIL, ses);
    super::messages::enable(&s, ChannelKind::SMS, Default::default());
    let welcome: TemplateContent = serde_json::from_value(json!({
        "Subject": "Hi {{Attributes.FirstName}}", "HtmlPart": "<p>Welcome</p>",
        "DefaultSubstitutions": "{\"Attributes\":{\"FirstName\":\"friend\"}}"
    }))
    .unwrap();
    s.create_template(
        &scope(),
        "welcome",
        TemplateKind::EMAIL,
        welcome,
        Default::default(),
    )
    .unwrap();
    let nudge: TemplateContent = serde_json::from_value(json!({"Body": "Still there?"})).unwrap();
    s.create_template(
        &scope(),
        "nudge",
        TemplateKind::SMS,
        nudge,
        Default::default(),
    )
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

/// Creates an ACTIVE journey from its JSON definition (Name and State added).
pub(super) fn journey(s: &Store, mut def: Value) -> String {
    def["Name"] = json!("j");
    def["State"] = json!("ACTIVE");
    let body = serde_json::from_value(def).unwrap();
    s.create_journey(&scope(), APP, body, Default::default())
        .unwrap()
        .id
}

/// Moves the scope clock to `to`, running what falls due.
pub(super) fn go(s: &Store, to: &str) -> crate::store::engagement::due::Ran {
    s.advance_clock(&scope(), at(to)).unwrap()
}

/// The journey's messages in the sent log, oldest first.
pub(super) fn sent(s: &Store, journey: &str) -> Vec<SentMessage> {
    let (log, _) = s.sent.query(&Default::default());
    let mut out: Vec<SentMessage> = log
        .iter()
        .filter(|m| m.context.get("JourneyId").map(String::as_str) == Some(journey))
        .map(|m| (**m).clone())
        .collect();
    out.sort_by(|a, b| a.sent_at.cmp(&b.sent_at));
    out
}

/// The journey's metrics (or an activity's, or a run's) as (key, value) pairs.
pub(super) fn metrics(
    s: &Store,
    j: &str,
    run: Option<&str>,
    activity: Option<&str>,
) -> Vec<(String, String)> {
    s.journey_metrics(&scope(), APP, j, run, activity)
        .unwrap()
        .metrics
        .into_iter()
        .collect()
}

pub(super) fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = v
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    out.sort();
    out
}

/// The `_journey.send` records' (endpoint, journey_send_status), in order.
pub(super) fn sends(s: &Store) -> Vec<(String, String)> {
    let (events, _) = s
        .events
        .select(|e| e.event_type.as_deref() == Some("_journey.send"), None);
    events
        .iter()
        .map(|e| {
            let v: Value = serde_json::from_str(e.event.get()).unwrap();
            let status = v["Attributes"]["journey_send_status"]
                .as_str()
                .unwrap_or_default();
            (
                e.endpoint_id.as_deref().unwrap_or_default().to_string(),
                status.to_string(),
            )
        })
        .collect()
}

fn welcome_flow(seg: &str) -> Value {
    json!({
        "StartActivity": "first",
        "Schedule": {"StartTime": t("PT1H")},
        "StartCondition": {"SegmentStartCondition": {"SegmentId": seg}},
        "Activities": {
            "first": {"EMAIL": {"TemplateName": "welcome", "NextActivity": "pause",
                                "MessageConfig": {"FromAddress": "team@x.com"}}},
            "pause": {"Wait": {"WaitTime": {"WaitFor": "P1D"}, "NextActivity": "second"}},
            "second": {"EMAIL": {"TemplateName": "welcome"}}
        }
    })
}

#[test]
fn a_segment_journey_sends_waits_and_sends_again_at_the_clock_s_instants() {
    let (s, seg) = fixture();
    let id = journey(&s, welcome_flow(&seg));
    assert!(go(&s, &t("PT59M")).messages == 0);
    let runs = s.journey_runs(&scope(), APP, &id).unwrap();
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0].status, JourneyRunStatus::Scheduled);

    let ran = go(&s, &t("PT1H"));
    assert_eq!(ran.messages, 2);
    let log = sent(&s, &id);
    assert_eq!(log.len(), 2);
    assert!(log
        .iter()
        .all(|m| *m.sent_at == t("PT1H") && &*m.operation == "Journey"));
    assert_eq!(log[0].subject.as_deref(), Some("Hi Ana"));
    assert_eq!(log[1].subject.as_deref(), Some("Hi friend"));
    let run = &s.journey_runs(&scope(), APP, &id).unwrap()[0];
    assert_eq!(run.run_id.len(), 32);
    assert_ne!(run.run_id, id);
    assert_eq!(run.status, JourneyRunStatus::Running);
    assert_eq!(log[0].context["JourneyRunId"], run.run_id);
    assert_eq!(log[0].context["JourneyActivityId"], "first");

    // Entry closed after the one evaluation; members wait: CLOSED.
    assert_eq!(
        s.journey(&scope(), APP, &id).unwrap().state,
        JourneyState::CLOSED
    );
    let pos = s.journey_positions(&scope(), APP, &id).unwrap();
    let waiting: Vec<(&str, Option<&str>, Place)> = pos
        .iter()
        .map(|p| (p.endpoint_id.as_str(), p.activity_id.as_deref(), p.state))
        .collect();
    assert_eq!(
        waiting,
        [
            ("e1", Some("pause"), Place::WAITING),
            ("e2", Some("pause"), Place::WAITING),
            ("e5", Some("pause"), Place::WAITING)
        ]
    );
    assert_eq!(
        metrics(&s, &id, None, None),
        pairs(&[
            ("ENDPOINT_ACTIVE", "3"),
            ("ENDPOINT_ENTERED", "3"),
            ("ENDPOINT_INACTIVE", "1"),
            ("ENDPOINT_OPT_OUT", "1"),
            ("ENDPOINT_PRODUCED", "5")
        ])
    );
    assert_eq!(
        metrics(&s, &id, None, Some("first")),
        pairs(&[("SUCCESS", "2"), ("UNSUPPORTED_CHANNEL", "1")])
    );
    assert_eq!(
        metrics(&s, &id, None, Some("pause")),
        pairs(&[("INFLIGHT", "3")])
    );
    assert_eq!(
        sends(&s),
        [
            ("e1".to_string(), "SUCCESS".to_string()),
            ("e2".into(), "SUCCESS".into()),
            ("e5".into(), "UNSUPPORTED_CHANNEL".into())
        ]
    );

    // A day later the second email, nothing before.
    assert_eq!(go(&s, &t("PT24H")).messages, 0);
    assert_eq!(go(&s, &t("P1DT1H")).messages, 2);
    assert!(sent(&s, &id)[2..].iter().all(|m| *m.sent_at == t("P1DT1H")));
    assert_eq!(
        s.journey(&scope(), APP, &id).unwrap().state,
        JourneyState::COMPLETED
    );
    let pos = s.journey_positions(&scope(), APP, &id).unwrap();
    assert!(pos
        .iter()
        .all(|p| p.state == Place::EXITED && p.activity_id.is_none()));
    assert_eq!(
        metrics(&s, &id, None, None),
        pairs(&[
            ("ENDPOINT_ENTERED", "3"),
            ("ENDPOINT_INACTIVE", "1"),
            ("ENDPOINT_LEFT", "3"),
            ("ENDPOINT_OPT_OUT", "1"),
            ("ENDPOINT_PRODUCED", "5")
        ])
    );
    assert_eq!(
        metrics(&s, &id, None, Some("pause")),
        pairs(&[("COMPLETED", "3")])
    );
    let run = &s.journey_runs(&scope(), APP, &id).unwrap()[0];
    assert_eq!(run.status, JourneyRunStatus::Completed);
    assert_eq!(
        metrics(&s, &id, Some(&run.run_id), None),
        metrics(&s, &id, None, None)
    );
}

pub(super) fn state(s: &Store, id: &str) -> JourneyState {
    s.journey(&scope(), APP, id).unwrap().state
}

/// Positions as (endpoint, activity, place, since, entries).
pub(super) type Row = (String, Option<String>, Place, String, u32);

pub(super) fn rows(s: &Store, id: &str) -> Vec<Row> {
    s.journey_positions(&scope(), APP, id)
        .unwrap()
        .into_iter()
        .map(|p| (p.endpoint_id, p.activity_id, p.state, p.since, p.entries))
        .collect()
}

pub(super) fn row(e: &str, activity: Option<&str>, place: Place, since: &str, n: u32) -> Row {
    (e.into(), activity.map(Into::into), place, t(since), n)
}
