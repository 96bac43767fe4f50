//! Who enters a running journey and when (docs/behaviour.md#journey-entry): event entry
//! through PutEvents with its filters, the re-entry cap and interval, segment refreshes and
//! RefreshOnSegmentUpdate, EndTime and the 540-day limit, and LocalTime.

use serde_json::{json, Value};

use super::journey_runs::*;
use super::*;
use crate::model::JourneyRunStatus;
use crate::store::engagement::journeys::progress::Place;
use crate::store::engagement::journeys::JourneyState;
use crate::store::engagement::segments::SegmentWrite;

/// Posts one event of `event_type` with attribute `plan` for `endpoint` at the scope clock.
pub(super) fn event(s: &Store, endpoint: &str, event_type: &str, plan: &str) {
    super::campaign_pacing::put_event(s, endpoint, event_type, &[("plan", plan)], &[]);
}

/// A journey entered by `signup` events whose plan is pro or team, of members of `seg`:
/// the `activities` given, starting at "hello".
pub(super) fn on_signup(seg: &str, activities: Value) -> Value {
    json!({
        "StartActivity": "hello",
        "StartCondition": {"EventStartCondition": {
            "SegmentId": seg,
            "EventFilter": {"FilterType": "ENDPOINT", "Dimensions": {
                "EventType": {"DimensionType": "INCLUSIVE", "Values": ["signup"]},
                "Attributes": {"plan": {"AttributeType": "INCLUSIVE", "Values": ["pro", "team"]}}
            }}
        }},
        "Activities": activities
    })
}

/// An email, then a wait of `wait` (none when empty).
pub(super) fn email_then_wait(wait: &str) -> Value {
    if wait.is_empty() {
        return json!({"hello": {"EMAIL": {"TemplateName": "welcome"}}});
    }
    json!({
        "hello": {"EMAIL": {"TemplateName": "welcome", "NextActivity": "rest"}},
        "rest": {"Wait": {"WaitTime": {"WaitFor": wait}}}
    })
}

/// A gold-plan EMAIL member `id` (a member of the fixture's segment).
pub(super) fn new_member(s: &Store, id: &str) {
    let mut p = email(&format!("{id}@x.com"));
    p.attributes = Some(attrs(&[("plan", &["gold"])]));
    s.put(id, p).unwrap();
}

#[test]
fn matching_events_of_members_enter_at_their_instant_and_are_refused_while_active_or_capped() {
    let (s, seg) = fixture();
    let id = journey(&s, on_signup(&seg, email_then_wait("PT2H")));
    go(&s, &t("PT10M"));
    event(&s, "e1", "signup", "pro");
    event(&s, "e2", "signup", "free"); // another plan
    event(&s, "e2", "login", "pro"); // another type
    event(&s, "e6", "signup", "team"); // not a member: FILTERED_OUT_BY_SEGMENT
                                       // PutEvents runs nothing itself.
    assert!(sent(&s, &id).is_empty() && rows(&s, &id).is_empty());
    let ran = go(&s, &t("PT1H"));
    assert_eq!((ran.messages, ran.journey_activities), (1, 2));
    let log = sent(&s, &id);
    assert_eq!(log.len(), 1);
    assert_eq!(&*log[0].sent_at, t("PT10M"));
    assert_eq!(
        rows(&s, &id),
        [row("e1", Some("rest"), Place::WAITING, "PT10M", 1)]
    );

    // A second event while it waits: ACTIVE_ENDPOINT_REJECTED.
    event(&s, "e1", "signup", "team");
    go(&s, &t("PT2H"));
    // An event after it left: over the default cap of one entry.
    go(&s, &t("PT3H"));
    assert_eq!(
        rows(&s, &id),
        [row("e1", None, Place::EXITED, "PT2H10M", 1)]
    );
    event(&s, "e1", "signup", "pro");
    go(&s, &t("PT4H"));
    assert_eq!(sent(&s, &id).len(), 1);
    assert_eq!(
        metrics(&s, &id, None, None),
        pairs(&[
            ("ACTIVE_ENDPOINT_REJECTED", "1"),
            ("ENDPOINT_ENTERED", "1"),
            ("ENDPOINT_LEFT", "1"),
            ("ENDPOINT_PRODUCED", "4"),
            ("FILTERED_OUT_BY_SEGMENT", "1"),
            ("REENTRY_CAP_EXCEEDED", "1"),
        ])
    );
    // One run, RUNNING while entry is open; the journey ACTIVE.
    let runs = s.journey_runs(&scope(), APP, &id).unwrap();
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0].status, JourneyRunStatus::Running);
    assert_eq!(runs[0].creation_time, t("PT0S"));
    assert_eq!(runs[0].last_update_time, t("PT3H"));
    assert_eq!(state(&s, &id), JourneyState::ACTIVE);
}

#[test]
fn events_before_start_time_do_not_enter() {
    let (s, seg) = fixture();
    let mut def = on_signup(&seg, email_then_wait(""));
    def["Schedule"] = json!({"StartTime": t("PT1H")});
    let id = journey(&s, def);
    event(&s, "e1", "signup", "pro");
    go(&s, &t("PT1H"));
    assert!(rows(&s, &id).is_empty());
    assert!(metrics(&s, &id, None, None)
        .iter()
        .all(|(k, _)| k != "ENDPOINT_PRODUCED"));
    event(&s, "e1", "signup", "pro");
    go(&s, &t("PT2H"));
    assert_eq!(rows(&s, &id), [row("e1", None, Place::EXITED, "PT1H", 1)]);
}

#[test]
fn a_reentry_cap_of_two_admits_twice_and_cap_zero_waits_out_the_interval() {
    let (s, seg) = fixture();
    let mut def = on_signup(&seg, email_then_wait(""));
    def["Limits"] = json!({"EndpointReentryCap": 2});
    let two = journey(&s, def);
    for m in ["PT10M", "PT20M", "PT30M"] {
        go(&s, &t(m));
        event(&s, "e1", "signup", "pro");
    }
    go(&s, &t("PT1H"));
    assert_eq!(sent(&s, &two).len(), 2);
    assert_eq!(rows(&s, &two), [row("e1", None, Place::EXITED, "PT20M", 2)]);
    assert_eq!(
        metrics(&s, &two, None, None),
        pairs(&[
            ("ENDPOINT_ENTERED", "2"),
            ("ENDPOINT_LEFT", "2"),
            ("ENDPOINT_PRODUCED", "3"),
            ("REENTRY_CAP_EXCEEDED", "1"),
        ])
    );

    let (s, seg) = fixture();
    let mut def = on_signup(&seg, email_then_wait(""));
    def["Limits"] = json!({"EndpointReentryCap": 0, "EndpointReentryInterval": "PT2H"});
    let any = journey(&s, def);
    for m in ["PT10M", "PT1H10M", "PT2H10M"] {
        go(&s, &t(m));
        event(&s, "e1", "signup", "pro");
    }
    go(&s, &t("PT3H"));
    let log = sent(&s, &any);
    let at: Vec<&str> = log.iter().map(|m| &*m.sent_at).collect();
    assert_eq!(at, [t("PT10M"), t("PT2H10M")]);
    assert_eq!(
        rows(&s, &any),
        [row("e1", None, Place::EXITED, "PT2H10M", 2)]
    );
    // Too soon is refused without a count.
    assert_eq!(
        metrics(&s, &any, None, None),
        pairs(&[
            ("ENDPOINT_ENTERED", "2"),
            ("ENDPOINT_LEFT", "2"),
            ("ENDPOINT_PRODUCED", "3"),
        ])
    );
}

/// A segment journey refreshed every hour: an email, then a wait of `wait`.
pub(super) fn refreshing(seg: &str, wait: &str) -> Value {
    json!({
        "StartActivity": "hello",
        "StartCondition": {"SegmentStartCondition": {"SegmentId": seg}},
        "RefreshFrequency": "PT1H",
        "Activities": email_then_wait(wait)
    })
}

#[test]
fn refreshes_admit_new_members_until_end_time_and_the_journey_closes_then_completes() {
    let (s, seg) = fixture();
    let mut def = refreshing(&seg, "PT3H");
    def["Schedule"] = json!({"EndTime": t("PT2H30M")});
    let id = journey(&s, def);
    go(&s, &t("PT10M"));
    new_member(&s, "e7");
    go(&s, &t("PT2H40M"));
    assert_eq!(state(&s, &id), JourneyState::CLOSED);
    new_member(&s, "e8");
    go(&s, &t("PT3H30M"));
    assert_eq!(state(&s, &id), JourneyState::CLOSED);
    go(&s, &t("PT5H"));
    assert_eq!(state(&s, &id), JourneyState::COMPLETED);
    assert_eq!(
        sent_at(&s, &id),
        [
            ("ana@x.com".to_string(), t("PT0S")),
            ("bo@x.com".into(), t("PT0S")),
            ("e7@x.com".into(), t("PT1H"))
        ]
    );
    // Active members were not entered again; e8 came after EndTime.
    assert!(rows(&s, &id).iter().all(|r| r.4 == 1 && r.0 != "e8"));
    let runs = s.journey_runs(&scope(), APP, &id).unwrap();
    let times: Vec<(&str, &str, JourneyRunStatus)> = runs
        .iter()
        .map(|r| {
            (
                r.creation_time.as_str(),
                r.last_update_time.as_str(),
                r.status,
            )
        })
        .collect();
    let (t0, t1, t2, t3, t4) = (t("PT0S"), t("PT1H"), t("PT2H"), t("PT3H"), t("PT4H"));
    assert_eq!(
        times,
        [
            (t0.as_str(), t3.as_str(), JourneyRunStatus::Completed),
            (t1.as_str(), t4.as_str(), JourneyRunStatus::Completed),
            (t2.as_str(), t2.as_str(), JourneyRunStatus::Completed),
        ]
    );
    // A refresh counts only those it evaluates: never-entered members (filtered again) and
    // the new one.
    assert_eq!(
        metrics(&s, &id, Some(&runs[1].run_id), None),
        pairs(&[
            ("ENDPOINT_ENTERED", "1"),
            ("ENDPOINT_INACTIVE", "1"),
            ("ENDPOINT_LEFT", "1"),
            ("ENDPOINT_OPT_OUT", "1"),
            ("ENDPOINT_PRODUCED", "3"),
        ])
    );
}

#[test]
fn an_update_of_the_segment_makes_an_evaluation_due_only_with_a_refresh_frequency() {
    let (s, seg) = fixture();
    let mut def = refreshing(&seg, "P1D");
    def["RefreshOnSegmentUpdate"] = json!(true);
    let id = journey(&s, def);
    let mut def = refreshing(&seg, "P1D");
    def["RefreshOnSegmentUpdate"] = json!(true);
    def.as_object_mut().unwrap().remove("RefreshFrequency");
    let once = journey(&s, def);
    go(&s, &t("PT10M"));
    new_member(&s, "e7");
    s.update_segment(&scope(), APP, &seg, SegmentWrite::default())
        .unwrap();
    go(&s, &t("PT20M"));
    assert_eq!(
        rows(&s, &id).last().unwrap(),
        &row("e7", Some("rest"), Place::WAITING, "PT10M", 1)
    );
    let runs = s.journey_runs(&scope(), APP, &id).unwrap();
    assert_eq!(runs.len(), 2);
    assert_eq!(runs[1].creation_time, t("PT10M"));
    // The refresh grid is unchanged: next at T+1h.
    go(&s, &t("PT1H"));
    assert_eq!(s.journey_runs(&scope(), APP, &id).unwrap().len(), 3);
    // Without RefreshFrequency the flag does nothing.
    assert!(rows(&s, &once).iter().all(|r| r.0 != "e7"));
    assert_eq!(s.journey_runs(&scope(), APP, &once).unwrap().len(), 1);
}

/// A gold-plan EMAIL member `id` at `addr` in zone `tz`.
fn zoned(s: &Store, id: &str, addr: &str, tz: &str) {
    let mut p = email(addr);
    p.attributes = Some(attrs(&[("plan", &["gold"])]));
    p.demographic = Some(Demographic {
        timezone: Some(tz.into()),
        ..Default::default()
    });
    s.put(id, p).unwrap();
}

/// Addresses and SentAt of the journey's messages.
fn sent_at(s: &Store, id: &str) -> Vec<(String, String)> {
    sent(s, id)
        .into_iter()
        .map(|m| (m.address, m.sent_at.to_string()))
        .collect()
}

#[test]
fn local_time_members_enter_when_their_zone_reaches_start_time() {
    let (s, seg) = fixture();
    zoned(&s, "e1", "ana@x.com", "America/New_York");
    zoned(&s, "e2", "bo@x.com", "Europe/Paris");
    // 12:00 wall clock: 11:00Z in Paris, 17:00Z in New York.
    let id = journey(
        &s,
        json!({
            "StartActivity": "hello",
            "StartCondition": {"SegmentStartCondition": {"SegmentId": seg}},
            "LocalTime": true,
            "Schedule": {"StartTime": "2030-01-07T12:00:00Z"},
            "Activities": email_then_wait("")
        }),
    );
    go(&s, &t("PT1H59M"));
    assert!(sent(&s, &id).is_empty());
    assert_eq!(state(&s, &id), JourneyState::ACTIVE);
    go(&s, &t("PT8H"));
    assert_eq!(
        sent_at(&s, &id),
        [
            ("bo@x.com".to_string(), t("PT2H")),
            ("ana@x.com".into(), t("PT8H"))
        ]
    );
    assert_eq!(state(&s, &id), JourneyState::COMPLETED);
    // e5 (SMS) has no zone; one run for every zone.
    let runs = s.journey_runs(&scope(), APP, &id).unwrap();
    assert_eq!(runs.len(), 1);
    assert_eq!(
        metrics(&s, &id, None, None),
        pairs(&[
            ("ENDPOINT_ENTERED", "2"),
            ("ENDPOINT_INACTIVE", "1"),
            ("ENDPOINT_LEFT", "2"),
            ("ENDPOINT_MISSING_TIMEZONE", "1"),
            ("ENDPOINT_OPT_OUT", "1"),
            ("ENDPOINT_PRODUCED", "5"),
        ])
    );
}

#[test]
fn local_time_refreshes_admit_each_zone_between_its_start_and_end() {
    let (s, seg) = fixture();
    zoned(&s, "e1", "ana@x.com", "America/New_York");
    zoned(&s, "e2", "bo@x.com", "Europe/Paris");
    // Tokyo is past 14:00 already: never.
    zoned(&s, "e7", "e7@x.com", "Asia/Tokyo");
    let mut def = refreshing(&seg, "");
    def["LocalTime"] = json!(true);
    def["Schedule"] =
        json!({"StartTime": "2030-01-07T12:00:00Z", "EndTime": "2030-01-07T14:00:00Z"});
    let id = journey(&s, def);
    go(&s, &t("PT5H"));
    // 14:00Z: Paris is past its EndTime, Los Angeles not yet at its StartTime.
    zoned(&s, "e9", "e9@x.com", "Europe/Paris");
    go(&s, &t("PT9H"));
    zoned(&s, "e8", "e8@x.com", "America/Los_Angeles");
    go(&s, &t("PT12H"));
    // Entry stays open until the last zone reaches EndTime.
    assert_eq!(state(&s, &id), JourneyState::ACTIVE);
    go(&s, &t("PT18H"));
    assert_eq!(state(&s, &id), JourneyState::COMPLETED);
    assert_eq!(
        sent_at(&s, &id),
        [
            ("bo@x.com".to_string(), t("PT2H")),
            ("ana@x.com".into(), t("PT8H")),
            ("e8@x.com".into(), t("PT11H"))
        ]
    );
    assert!(rows(&s, &id).iter().all(|r| r.4 == 1));
}
