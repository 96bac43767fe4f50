//! A journey's message caps, quiet time and sending schedule
//! (docs/behaviour.md#journey-limits, docs/behaviour.md#journey-quiet-time): what is sent,
//! held or dropped, and the records and metrics each makes.

use serde_json::{json, Value};

use super::journey_messages::records;
use super::journey_runs::*;
use super::*;
use crate::store::engagement::journeys::progress::Place;

fn settings(s: &Store, v: Value) {
    s.update_settings(&scope(), APP, serde_json::from_value(v).unwrap())
        .unwrap();
}

/// The fixture plus gold EMAIL members q1 (zone UTC) and q2 (America/New_York).
fn zoned() -> (Store, String) {
    let (s, seg) = fixture();
    for (id, addr, tz) in [
        ("q1", "q1@x.com", "UTC"),
        ("q2", "q2@x.com", "America/New_York"),
    ] {
        let mut p = email(addr);
        p.attributes = Some(attrs(&[("plan", &["gold"])]));
        p.demographic = Some(Demographic {
            timezone: Some(tz.into()),
            ..Default::default()
        });
        s.put(id, p).unwrap();
    }
    (s, seg)
}

/// A journey of one email activity `m` on `seg`, with `extra` members merged in.
fn one_email(s: &Store, seg: &str, extra: Value) -> String {
    let mut def = json!({
        "StartActivity": "m",
        "StartCondition": {"SegmentStartCondition": {"SegmentId": seg}},
        "Activities": {"m": {"EMAIL": {"TemplateName": "welcome"}}}
    });
    for (k, v) in extra.as_object().unwrap() {
        def[k] = v.clone();
    }
    journey(s, def)
}

/// Each endpoint's `_journey.send` statuses, in order, for endpoints in `ids`.
fn statuses(s: &Store, ids: &[&str]) -> Vec<(String, String)> {
    sends(s)
        .into_iter()
        .filter(|(e, _)| ids.contains(&e.as_str()))
        .collect()
}

fn to(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

fn sent_to(s: &Store, j: &str) -> Vec<(String, String)> {
    sent(s, j)
        .into_iter()
        .map(|m| (m.endpoint_id.unwrap_or_default(), m.sent_at.to_string()))
        .collect()
}

#[test]
fn a_daily_cap_refuses_the_third_email_and_the_participant_goes_on() {
    let (s, seg) = fixture();
    let email = |next: &str| json!({"EMAIL": {"TemplateName": "welcome", "NextActivity": next}});
    let def = json!({
        "StartActivity": "a",
        "Limits": {"DailyCap": 2},
        "StartCondition": {"SegmentStartCondition": {"SegmentId": seg}},
        "Activities": {"a": email("b"), "b": email("c"), "c": email("w"),
            "w": {"Wait": {"WaitTime": {"WaitFor": "P1DT1H"}, "NextActivity": "d"}},
            "d": {"EMAIL": {"TemplateName": "welcome"}}}
    });
    let id = journey(&s, def);
    assert_eq!(go(&s, T).messages, 4);
    assert_eq!(
        metrics(&s, &id, None, Some("c")),
        pairs(&[("DAILY_CAP", "2"), ("UNSUPPORTED_CHANNEL", "1")])
    );
    let capped = records(&s, "_journey.send");
    let (_, a) = capped
        .iter()
        .find(|(e, a)| e == "e1" && a["journey_activity_id"] == "c")
        .unwrap();
    assert_eq!(a["journey_send_status"], "DAILY_CAP");
    assert_eq!(a["journey_send_status_code"], "400");
    assert!(a.get("message_id").is_none());
    assert_eq!(go(&s, &t("P1DT1H")).messages, 2);
    assert_eq!(
        metrics(&s, &id, None, Some("d")),
        pairs(&[("SUCCESS", "2"), ("UNSUPPORTED_CHANNEL", "1")])
    );
}

#[test]
fn the_app_journey_limits_apply_to_a_journey_without_its_own() {
    let (s, seg) = fixture();
    settings(&s, json!({"JourneyLimits": {"DailyCap": 1}}));
    let def = json!({
        "StartActivity": "a",
        "StartCondition": {"SegmentStartCondition": {"SegmentId": seg}},
        "Activities": {"a": {"EMAIL": {"TemplateName": "welcome", "NextActivity": "b"}},
            "b": {"EMAIL": {"TemplateName": "welcome", "NextActivity": "w"}},
            "w": {"Wait": {"WaitTime": {"WaitFor": "P3D"}, "NextActivity": "c"}},
            "c": {"EMAIL": {"TemplateName": "welcome"}}}
    });
    let id = journey(&s, def.clone());
    assert_eq!(go(&s, T).messages, 2);
    assert_eq!(
        metrics(&s, &id, None, Some("b")),
        pairs(&[("DAILY_CAP", "2"), ("UNSUPPORTED_CHANNEL", "1")])
    );
    // A journey TotalCap of 1 (its own) refuses the message after the wait.
    let (s, seg) = fixture();
    let mut def = def;
    def["StartCondition"]["SegmentStartCondition"]["SegmentId"] = json!(seg);
    def["Limits"] = json!({"TotalCap": 1});
    let id = journey(&s, def);
    go(&s, T);
    go(&s, &t("P3D"));
    assert_eq!(
        metrics(&s, &id, None, Some("c")),
        pairs(&[("TOTAL_CAP", "2"), ("UNSUPPORTED_CHANNEL", "1")])
    );
    assert_eq!(sent(&s, &id).len(), 2);
}

#[test]
fn quiet_time_holds_a_message_until_the_minute_after_its_end() {
    let (s, seg) = zoned();
    let id = one_email(
        &s,
        &seg,
        json!({"Schedule": {"StartTime": t("PT14H")},
            "QuietTime": {"Start": "22:00", "End": "07:00"}, "WaitForQuietTime": true}),
    );
    go(&s, &t("PT14H"));
    // 23:00Z: the UTC member waits; New York (18:00) and the members without a zone get it.
    let at = t("PT14H");
    let mut now = sent_to(&s, &id);
    now.sort();
    assert_eq!(
        now,
        to(&[
            ("e1", at.as_str()),
            ("e2", at.as_str()),
            ("q2", at.as_str())
        ])
    );
    assert_eq!(
        s.journey_positions(&scope(), APP, &id)
            .unwrap()
            .iter()
            .find(|p| p.endpoint_id == "q1")
            .map(|p| (p.activity_id.as_deref(), p.state)),
        Some((Some("m"), Place::WAITING))
    );
    assert_eq!(
        metrics(&s, &id, None, Some("m")),
        pairs(&[
            ("INFLIGHT", "1"),
            ("SUCCESS", "3"),
            ("UNSUPPORTED_CHANNEL", "1")
        ])
    );
    assert!(statuses(&s, &["q1"]).is_empty());
    assert_eq!(go(&s, &t("PT22H")).messages, 0);
    assert_eq!(go(&s, &t("PT22H1M")).messages, 1);
    assert_eq!(sent_to(&s, &id)[3], ("q1".to_string(), t("PT22H1M")));
    assert_eq!(
        statuses(&s, &["q1"]),
        to(&[("q1", "QUIET_TIME_WAIT_FINISHED"), ("q1", "SUCCESS")])
    );
    let finished = records(&s, "_journey.send");
    let (_, a) = finished
        .iter()
        .find(|(_, a)| a["journey_send_status"] == "QUIET_TIME_WAIT_FINISHED")
        .unwrap();
    assert!(a.get("journey_activity_type").is_none());
    assert_eq!(a["journey_activity_id"], "m");
    assert_eq!(
        metrics(&s, &id, None, Some("m")),
        pairs(&[("SUCCESS", "4"), ("UNSUPPORTED_CHANNEL", "1")])
    );
}

#[test]
fn without_waiting_quiet_time_drops_and_the_app_window_applies() {
    for own in [true, false] {
        let (s, seg) = zoned();
        let window = json!({"Start": "22:00", "End": "07:00"});
        let extra = if own {
            json!({"Schedule": {"StartTime": t("PT14H")}, "QuietTime": window})
        } else {
            settings(&s, json!({"QuietTime": window}));
            json!({"Schedule": {"StartTime": t("PT14H")}})
        };
        let id = one_email(&s, &seg, extra);
        go(&s, &t("PT14H"));
        assert_eq!(statuses(&s, &["q1"]), to(&[("q1", "QUIET_TIME")]));
        let (_, a) = records(&s, "_journey.send")
            .into_iter()
            .find(|(e, _)| e == "q1")
            .unwrap();
        assert_eq!(a["journey_send_status_code"], "400");
        assert_eq!(a["journey_activity_type"], "EMAIL");
        assert_eq!(
            metrics(&s, &id, None, Some("m")),
            pairs(&[
                ("QUIET_TIME", "1"),
                ("SUCCESS", "3"),
                ("UNSUPPORTED_CHANNEL", "1")
            ])
        );
        let pos = s.journey_positions(&scope(), APP, &id).unwrap();
        assert!(pos.iter().all(|p| p.state == Place::EXITED), "own {own}");
    }
}

#[test]
fn a_journey_that_estimates_zones_sends_nothing_to_endpoints_without_one() {
    // At T (New York 04:00) the zoned members are judged by the window as usual.
    let (s, seg) = zoned();
    let id = one_email(
        &s,
        &seg,
        json!({"QuietTime": {"Start": "22:00", "End": "07:00"},
            "TimezoneEstimationMethods": ["PHONE_NUMBER"]}),
    );
    go(&s, T);
    assert_eq!(
        statuses(&s, &["e1", "e2", "q1", "q2"]),
        to(&[
            ("e1", "QUIET_TIME_MISSING_TIMEZONE"),
            ("e2", "QUIET_TIME_MISSING_TIMEZONE"),
            ("q1", "SUCCESS"),
            ("q2", "QUIET_TIME")
        ])
    );
    assert_eq!(sent(&s, &id).len(), 1);
}

#[test]
fn the_sending_schedule_holds_until_open_hours_and_closed_days_drop() {
    let open = json!({"EMAIL": {"MONDAY": [{"StartTime": "10:00", "EndTime": "12:00"}]}});
    let t0 = t("PT0S");
    // Monday 09:00Z: UTC waits for 10:00Z, New York (04:00) for 10:00 local = 15:00Z.
    let (s, seg) = zoned();
    let id = one_email(
        &s,
        &seg,
        json!({"SendingSchedule": true, "OpenHours": open, "WaitForQuietTime": true}),
    );
    go(&s, T);
    assert_eq!(sent(&s, &id).len(), 2);
    go(&s, &t("P1D"));
    let mut got = sent_to(&s, &id);
    got.sort();
    assert_eq!(
        got,
        to(&[
            ("e1", t0.as_str()),
            ("e2", t0.as_str()),
            ("q1", t("PT1H").as_str()),
            ("q2", t("PT6H").as_str())
        ])
    );
    // Without SendingSchedule the hours are stored only.
    let (s, seg) = zoned();
    let id = one_email(&s, &seg, json!({"OpenHours": open}));
    go(&s, T);
    assert_eq!(sent(&s, &id).len(), 4);
    // A closed day (local, no offset) drops the message when not waiting.
    let (s, seg) = zoned();
    let closed = json!({"EMAIL": [{"Name": "holiday",
        "StartDateTime": "2030-01-07T00:00:00", "EndDateTime": "2030-01-08T00:00:00"}]});
    let id = one_email(
        &s,
        &seg,
        json!({"SendingSchedule": true, "ClosedDays": closed}),
    );
    go(&s, T);
    assert_eq!(
        statuses(&s, &["q1", "q2"]),
        to(&[("q1", "QUIET_TIME"), ("q2", "QUIET_TIME")])
    );
    assert_eq!(sent(&s, &id).len(), 2);
}

#[test]
fn a_timeframe_cap_counts_the_messages_of_every_journey_of_the_app() {
    let (s, seg) = fixture();
    one_email(&s, &seg, json!({}));
    let capped = one_email(
        &s,
        &seg,
        json!({"Schedule": {"StartTime": t("PT1H")},
            "Limits": {"TimeframeCap": {"Cap": 1, "Days": 7}}}),
    );
    go(&s, &t("PT1H"));
    assert_eq!(
        metrics(&s, &capped, None, Some("m")),
        pairs(&[("TIMEFRAME_CAP", "2"), ("UNSUPPORTED_CHANNEL", "1")])
    );
    assert!(sent(&s, &capped).is_empty());
}
