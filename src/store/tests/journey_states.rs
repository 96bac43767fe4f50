//! A running journey's states (docs/behaviour.md#journeys-that-run): pause freezing waits,
//! resume, cancel, CLOSED and COMPLETED and the state requests they take; runs' statuses and
//! times, metrics keys, positions, and two stores given the same requests agreeing.

use serde_json::{json, Value};

use super::journey_entry::*;
use super::journey_runs::*;
use super::*;
use crate::model::JourneyRunStatus;
use crate::store::engagement::journeys::progress::Place;
use crate::store::engagement::journeys::JourneyState;

fn set(s: &Store, id: &str, to: JourneyState) -> StoreResult<JourneyState> {
    s.update_journey_state(&scope(), APP, id, Some(to))
        .map(|j| j.state)
}

/// A segment journey: a wait of `wait`, then an email; refreshed every hour.
fn wait_then_email(seg: &str, wait: &str) -> Value {
    json!({
        "StartActivity": "rest",
        "StartCondition": {"SegmentStartCondition": {"SegmentId": seg}},
        "RefreshFrequency": "PT1H",
        "Activities": {
            "rest": {"Wait": {"WaitTime": {"WaitFor": wait}, "NextActivity": "hello"}},
            "hello": {"EMAIL": {"TemplateName": "welcome"}}
        }
    })
}

fn waiting_since(since: &str) -> Vec<Row> {
    ["e1", "e2", "e5"]
        .iter()
        .map(|e| row(e, Some("rest"), Place::WAITING, since, 1))
        .collect()
}

fn run_times(s: &Store, id: &str) -> Vec<String> {
    s.journey_runs(&scope(), APP, id)
        .unwrap()
        .into_iter()
        .map(|r| r.creation_time)
        .collect()
}

#[test]
fn a_pause_freezes_waits_and_defers_evaluations_to_the_resume() {
    let (s, seg) = fixture();
    let id = journey(&s, wait_then_email(&seg, "PT2H"));
    go(&s, &t("PT1H"));
    assert_eq!(
        set(&s, &id, JourneyState::PAUSED).unwrap(),
        JourneyState::PAUSED
    );
    go(&s, &t("PT2H"));
    new_member(&s, "e7");
    let ran = go(&s, &t("PT6H"));
    assert_eq!((ran.messages, ran.journey_activities), (0, 0));
    assert!(sent(&s, &id).is_empty());
    assert_eq!(rows(&s, &id), waiting_since("PT0S"));
    assert_eq!(run_times(&s, &id), [t("PT0S"), t("PT1H")]);
    assert_eq!(state(&s, &id), JourneyState::PAUSED);

    assert_eq!(
        set(&s, &id, JourneyState::ACTIVE).unwrap(),
        JourneyState::ACTIVE
    );
    // The evaluations missed while paused are made once, at the resume.
    assert_eq!(go(&s, &t("PT6H59M")).messages, 0);
    assert_eq!(run_times(&s, &id), [t("PT0S"), t("PT1H"), t("PT6H")]);
    assert_eq!(
        rows(&s, &id).last().unwrap(),
        &row("e7", Some("rest"), Place::WAITING, "PT6H", 1)
    );
    // The hour left of the wait runs from the resume.
    assert_eq!(go(&s, &t("PT7H")).messages, 2);
    assert!(sent(&s, &id).iter().all(|m| *m.sent_at == t("PT7H")));
    assert_eq!(run_times(&s, &id).len(), 4);
}

#[test]
fn events_during_a_pause_count_paused_and_never_enter() {
    let (s, seg) = fixture();
    let mut def = on_signup(&seg, email_then_wait(""));
    def["RefreshFrequency"] = json!("PT1H");
    let id = journey(&s, def);
    go(&s, &t("PT10M"));
    // Queued at the pause's instant but not yet run: dropped as PAUSED too.
    event(&s, "e2", "signup", "pro");
    set(&s, &id, JourneyState::PAUSED).unwrap();
    go(&s, &t("PT20M"));
    event(&s, "e1", "signup", "pro");
    go(&s, &t("PT30M"));
    set(&s, &id, JourneyState::ACTIVE).unwrap();
    go(&s, &t("PT2H"));
    assert!(rows(&s, &id).is_empty());
    assert!(sent(&s, &id).is_empty());
    assert_eq!(
        metrics(&s, &id, None, None),
        pairs(&[("ENDPOINT_PRODUCED", "2"), ("PAUSED", "2")])
    );
    // After the resume events enter again.
    event(&s, "e1", "signup", "pro");
    go(&s, &t("PT3H"));
    assert_eq!(rows(&s, &id), [row("e1", None, Place::EXITED, "PT2H", 1)]);
}

#[test]
fn a_journey_paused_past_its_end_time_shows_closed_and_can_resume() {
    let (s, seg) = fixture();
    let mut def = wait_then_email(&seg, "PT2H");
    def["Schedule"] = json!({"EndTime": t("PT3H")});
    let id = journey(&s, def);
    go(&s, &t("PT1H"));
    set(&s, &id, JourneyState::PAUSED).unwrap();
    go(&s, &t("PT5H"));
    assert_eq!(state(&s, &id), JourneyState::CLOSED);
    assert_eq!(
        set(&s, &id, JourneyState::ACTIVE).unwrap(),
        JourneyState::CLOSED
    );
    assert_eq!(go(&s, &t("PT5H59M")).messages, 0);
    assert_eq!(go(&s, &t("PT6H")).messages, 2);
    assert_eq!(state(&s, &id), JourneyState::COMPLETED);
}

fn email_and_day_wait(seg: &str) -> Value {
    json!({
        "StartActivity": "hello",
        "StartCondition": {"SegmentStartCondition": {"SegmentId": seg}},
        "Activities": email_then_wait("P1D")
    })
}

#[test]
fn cancel_during_a_wait_ends_everyone_and_nothing_follows() {
    let (s, seg) = fixture();
    let id = journey(&s, email_and_day_wait(&seg));
    go(&s, &t("PT2H"));
    // Entry closed after the one evaluation: CLOSED, and a CLOSED journey can be cancelled.
    assert_eq!(state(&s, &id), JourneyState::CLOSED);
    assert_eq!(
        set(&s, &id, JourneyState::CANCELLED).unwrap(),
        JourneyState::CANCELLED
    );
    let cancelled: Vec<Row> = ["e1", "e2", "e5"]
        .iter()
        .map(|e| row(e, None, Place::CANCELLED, "PT2H", 1))
        .collect();
    assert_eq!(rows(&s, &id), cancelled);
    let ran = go(&s, &t("P2D"));
    assert_eq!((ran.messages, ran.journey_activities), (0, 0));
    assert_eq!(sent(&s, &id).len(), 2);
    assert_eq!(rows(&s, &id), cancelled);
    assert_eq!(state(&s, &id), JourneyState::CANCELLED);
    assert_eq!(
        metrics(&s, &id, None, None),
        pairs(&[
            ("CANCELLED", "3"),
            ("ENDPOINT_ENTERED", "3"),
            ("ENDPOINT_INACTIVE", "1"),
            ("ENDPOINT_OPT_OUT", "1"),
            ("ENDPOINT_PRODUCED", "5"),
        ])
    );
    assert!(metrics(&s, &id, None, Some("rest")).is_empty());
    let runs = s.journey_runs(&scope(), APP, &id).unwrap();
    assert_eq!(runs[0].status, JourneyRunStatus::Cancelled);
    assert_eq!(runs[0].last_update_time, t("PT2H"));
    for to in [
        JourneyState::ACTIVE,
        JourneyState::PAUSED,
        JourneyState::CANCELLED,
    ] {
        assert!(matches!(set(&s, &id, to), Err(StoreError::Invalid(_))));
    }
}

#[test]
fn a_completed_journey_takes_no_state_request() {
    let (s, seg) = fixture();
    let mut def = email_and_day_wait(&seg);
    def["Activities"] = email_then_wait("");
    let id = journey(&s, def);
    go(&s, &t("PT1M"));
    assert_eq!(state(&s, &id), JourneyState::COMPLETED);
    for to in [
        JourneyState::ACTIVE,
        JourneyState::PAUSED,
        JourneyState::CANCELLED,
    ] {
        assert!(matches!(set(&s, &id, to), Err(StoreError::Invalid(_))));
    }
    assert_eq!(state(&s, &id), JourneyState::COMPLETED);
    let runs = s.journey_runs(&scope(), APP, &id).unwrap();
    assert_eq!(runs[0].status, JourneyRunStatus::Completed);
}

#[test]
fn a_scheduled_run_keeps_its_activation_time_and_stamps_each_change() {
    let (s, seg) = fixture();
    let mut def = email_and_day_wait(&seg);
    def["Schedule"] = json!({"StartTime": t("PT1H")});
    let id = journey(&s, def);
    let run = |s: &Store| s.journey_runs(&scope(), APP, &id).unwrap().remove(0);
    let r = run(&s);
    assert_eq!(
        (r.status, r.creation_time, r.last_update_time),
        (JourneyRunStatus::Scheduled, t("PT0S"), t("PT0S"))
    );
    go(&s, &t("PT2H"));
    let r = run(&s);
    assert_eq!(r.status, JourneyRunStatus::Running);
    assert_eq!(
        (r.creation_time, r.last_update_time),
        (t("PT0S"), t("PT1H"))
    );
    go(&s, &t("P2D"));
    let r = run(&s);
    assert_eq!(r.status, JourneyRunStatus::Completed);
    assert_eq!(r.last_update_time, t("P1DT1H"));
    // Metrics: zero keys left out, evaluated at the clock's time.
    let m = s.journey_metrics(&scope(), APP, &id, None, None).unwrap();
    assert_eq!(m.last_evaluated_time, t("P2D"));
    assert!(!m.metrics.contains_key("ENDPOINT_ACTIVE"));
    assert_eq!(m.metrics["ENDPOINT_LEFT"], "3");
}

#[test]
fn positions_are_in_order_of_first_entry_with_the_latest_entry_s_place() {
    let (s, seg) = fixture();
    let mut def = on_signup(&seg, email_then_wait("PT1H"));
    def["Limits"] = json!({"EndpointReentryCap": 0});
    let id = journey(&s, def);
    go(&s, &t("PT10M"));
    event(&s, "e2", "signup", "pro");
    go(&s, &t("PT20M"));
    event(&s, "e1", "signup", "pro");
    go(&s, &t("PT2H"));
    event(&s, "e1", "signup", "pro");
    go(&s, &t("PT2H30M"));
    assert_eq!(
        rows(&s, &id),
        [
            row("e2", None, Place::EXITED, "PT1H10M", 1),
            row("e1", Some("rest"), Place::WAITING, "PT2H", 2),
        ]
    );
}

/// Positions, metrics, `_journey.send` records and messages.
type Seen = (
    Vec<Row>,
    Vec<(String, String)>,
    Vec<(String, String)>,
    Vec<String>,
);

/// Every observable result of one scripted session.
fn session() -> Seen {
    let (s, seg) = fixture();
    let a = journey(&s, on_signup(&seg, email_then_wait("PT1H")));
    let b = journey(&s, wait_then_email(&seg, "PT30M"));
    go(&s, &t("PT10M"));
    event(&s, "e1", "signup", "pro");
    event(&s, "e2", "signup", "team");
    new_member(&s, "e7");
    go(&s, &t("PT3H"));
    let mut positions = rows(&s, &a);
    positions.extend(rows(&s, &b));
    let mut counts = metrics(&s, &a, None, None);
    counts.extend(metrics(&s, &b, None, None));
    let log: Vec<String> = sent(&s, &a)
        .into_iter()
        .chain(sent(&s, &b))
        .map(|m| format!("{} {} {:?}", m.address, m.sent_at, m.context))
        .collect();
    (positions, counts, sends(&s), log)
}

#[test]
fn two_stores_given_the_same_requests_agree() {
    let first = session();
    assert!(!first.0.is_empty() && !first.3.is_empty());
    assert_eq!(first, session());
}

#[test]
fn entry_closes_540_days_after_the_start_without_an_end_time() {
    let (s, seg) = fixture();
    let id = journey(&s, on_signup(&seg, email_then_wait("")));
    go(&s, &t("P539DT23H"));
    event(&s, "e1", "signup", "pro");
    go(&s, &t("P540D"));
    assert_eq!(sent(&s, &id).len(), 1);
    assert_eq!(state(&s, &id), JourneyState::COMPLETED);
    event(&s, "e2", "signup", "pro");
    go(&s, &t("P541D"));
    assert_eq!(sent(&s, &id).len(), 1);
    let runs = s.journey_runs(&scope(), APP, &id).unwrap();
    assert_eq!(runs[0].status, JourneyRunStatus::Completed);
    // Its status changed when entry closed.
    assert_eq!(runs[0].last_update_time, t("P540D"));

    // A segment journey refreshing every 30 days: evaluations at 0, 30, … 510 days.
    let mut def = refreshing(&seg, "");
    def["RefreshFrequency"] = json!("P30D");
    let every = journey(&s, def);
    go(&s, &t("P1100D"));
    assert_eq!(s.journey_runs(&scope(), APP, &every).unwrap().len(), 18);
    assert_eq!(state(&s, &every), JourneyState::COMPLETED);
}
