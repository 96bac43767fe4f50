//! When campaigns run and what their status is (docs/behaviour.md#campaign-runs,
//! docs/behaviour.md#campaign-status): run times of each frequency, calendar months, EndTime,
//! updates, pauses and deleted segments, each treatment's own schedule and status.

use std::sync::Arc;

use serde_json::{json, Value};

use super::campaigns::{body, campaign, shop, w};
use super::*;
use crate::clock::ManualClock;
use crate::store::engagement::campaigns::Status;
use crate::time::parse_iso8601;

fn at(s: &str) -> chrono::DateTime<chrono::Utc> {
    parse_iso8601(s).unwrap()
}

/// A store at 2026-01-01T00:00:00Z with the shop's gold segment (one reachable member, e3).
fn fixture() -> (Store, String) {
    shop(Arc::new(ManualClock::default()))
}

/// Creates an SMS campaign on `seg` with `schedule` and extra members.
fn create(s: &Store, seg: &str, schedule: Value, extra: Value) -> String {
    let mut m = campaign(seg, schedule);
    for (k, v) in extra.as_object().cloned().unwrap_or_default() {
        m.insert(k, v);
    }
    s.create_campaign(&scope(), APP, w(m)).unwrap().id
}

/// The ScheduledStart of every run made, by treatment, oldest first.
fn runs(s: &Store, id: &str) -> Vec<(String, String)> {
    let (c, _) = s.campaign(&scope(), APP, id).unwrap();
    c.activities
        .iter()
        .map(|a| (a.treatment_id.clone(), a.scheduled_start.clone()))
        .collect()
}

/// The ScheduledStart of every run of the default treatment, oldest first.
fn starts(s: &Store, id: &str) -> Vec<String> {
    runs(s, id).into_iter().map(|(_, t)| t).collect()
}

fn go(s: &Store, to: &str) {
    s.advance_clock(&scope(), at(to)).unwrap();
}

fn status(s: &Store, id: &str) -> Status {
    s.campaign(&scope(), APP, id).unwrap().1.campaign
}

#[test]
fn monthly_runs_on_the_same_utc_day_each_calendar_month_clamped_to_the_last_day() {
    let (s, seg) = fixture();
    let id = create(
        &s,
        &seg,
        json!({"StartTime": "2026-01-31T10:00:00Z", "Frequency": "MONTHLY"}),
        json!({}),
    );
    go(&s, "2026-05-01T00:00:00Z");
    assert_eq!(
        starts(&s, &id),
        [
            "2026-01-31T10:00:00.000Z",
            "2026-02-28T10:00:00.000Z",
            "2026-03-31T10:00:00.000Z",
            "2026-04-30T10:00:00.000Z"
        ]
    );
    // The UTC day and time, whatever offset StartTime was written with.
    let (s, seg) = fixture();
    let id = create(
        &s,
        &seg,
        json!({"StartTime": "2026-01-31T23:30:00-02:00", "Frequency": "MONTHLY"}),
        json!({}),
    );
    go(&s, "2026-03-15T00:00:00Z");
    assert_eq!(
        starts(&s, &id),
        ["2026-02-01T01:30:00.000Z", "2026-03-01T01:30:00.000Z"]
    );
}

#[test]
fn hourly_and_weekly_run_every_period_while_at_or_before_end_time() {
    let (s, seg) = fixture();
    let hourly = create(
        &s,
        &seg,
        json!({"StartTime": "2026-01-01T14:00:00Z", "Frequency": "HOURLY",
               "EndTime": "2026-01-01T17:30:00Z"}),
        json!({}),
    );
    let weekly = create(
        &s,
        &seg,
        json!({"StartTime": "2026-01-01T12:00:00Z", "Frequency": "WEEKLY",
               "EndTime": "2026-01-15T12:00:00Z"}),
        json!({}),
    );
    go(&s, "2026-02-01T00:00:00Z");
    assert_eq!(starts(&s, &hourly).len(), 4);
    assert_eq!(
        starts(&s, &weekly),
        [
            "2026-01-01T12:00:00.000Z",
            "2026-01-08T12:00:00.000Z",
            "2026-01-15T12:00:00.000Z"
        ],
        "a run time equal to EndTime is made"
    );
    assert_eq!(status(&s, &hourly), Status::COMPLETED);
}

#[test]
fn once_is_the_default_frequency_ignores_end_time_and_event_campaigns_have_no_timed_runs() {
    let (s, seg) = fixture();
    let once = create(
        &s,
        &seg,
        json!({"StartTime": "2026-01-01T02:00:00Z", "EndTime": "2026-01-01T01:00:00Z"}),
        json!({}),
    );
    let event = create(
        &s,
        &seg,
        json!({"StartTime": "IMMEDIATE", "Frequency": "EVENT",
               "EventFilter": {"FilterType": "ENDPOINT", "Dimensions": {}}}),
        json!({}),
    );
    let in_app = create(
        &s,
        &seg,
        json!({"StartTime": "IMMEDIATE", "Frequency": "IN_APP_EVENT"}),
        json!({}),
    );
    go(&s, "2026-01-05T00:00:00Z");
    assert_eq!(starts(&s, &once), ["2026-01-01T02:00:00.000Z"]);
    assert!(starts(&s, &event).is_empty());
    assert!(starts(&s, &in_app).is_empty());
}

#[test]
fn immediate_is_when_the_version_that_set_it_was_written() {
    let (s, seg) = fixture();
    let id = create(
        &s,
        &seg,
        json!({"StartTime": "2026-01-02T00:00:00Z"}),
        json!({}),
    );
    go(&s, "2026-01-01T05:00:00Z");
    s.update_campaign(
        &scope(),
        APP,
        &id,
        body(
            json!({"Schedule": {"StartTime": "IMMEDIATE", "Frequency": "DAILY",
                                 "EndTime": "2026-01-02T06:00:00Z"}}),
        ),
    )
    .unwrap();
    go(&s, "2026-01-01T07:00:00Z");
    // A later update that leaves the schedule alone does not move it.
    s.update_campaign(&scope(), APP, &id, body(json!({"Name": "renamed"})))
        .unwrap();
    go(&s, "2026-01-03T00:00:00Z");
    assert_eq!(
        starts(&s, &id),
        ["2026-01-01T05:00:00.000Z", "2026-01-02T05:00:00.000Z"]
    );
}

#[test]
fn an_update_changes_the_runs_to_come_and_keeps_the_runs_made() {
    let (s, seg) = fixture();
    let id = create(
        &s,
        &seg,
        json!({"StartTime": "2026-01-01T10:00:00Z", "Frequency": "DAILY"}),
        json!({}),
    );
    go(&s, "2026-01-02T12:00:00Z");
    s.update_campaign(
        &scope(),
        APP,
        &id,
        body(
            json!({"Schedule": {"StartTime": "2026-01-01T18:00:00Z", "Frequency": "DAILY",
                                 "EndTime": "2026-01-03T20:00:00Z"}}),
        ),
    )
    .unwrap();
    go(&s, "2026-01-10T00:00:00Z");
    assert_eq!(
        starts(&s, &id),
        [
            "2026-01-01T10:00:00.000Z",
            "2026-01-02T10:00:00.000Z",
            // Not 2026-01-01T18:00: it had passed when the update was made.
            "2026-01-02T18:00:00.000Z",
            "2026-01-03T18:00:00.000Z"
        ]
    );
}

#[test]
fn run_times_that_pass_while_paused_are_skipped_not_made_up() {
    let (s, seg) = fixture();
    let id = create(
        &s,
        &seg,
        json!({"StartTime": "2026-01-01T10:00:00Z", "Frequency": "DAILY"}),
        json!({}),
    );
    go(&s, "2026-01-01T12:00:00Z");
    s.update_campaign(&scope(), APP, &id, body(json!({"IsPaused": true})))
        .unwrap();
    go(&s, "2026-01-03T12:00:00Z");
    assert_eq!(status(&s, &id), Status::PAUSED);
    assert_eq!(starts(&s, &id).len(), 1, "no run while paused");
    s.update_campaign(&scope(), APP, &id, body(json!({"IsPaused": false})))
        .unwrap();
    go(&s, "2026-01-04T11:00:00Z");
    assert_eq!(
        starts(&s, &id),
        ["2026-01-01T10:00:00.000Z", "2026-01-04T10:00:00.000Z"]
    );
    assert_eq!(status(&s, &id), Status::PENDING_NEXT_RUN);
}

#[test]
fn a_once_campaign_whose_start_passed_while_paused_never_runs() {
    let (s, seg) = fixture();
    let id = create(
        &s,
        &seg,
        json!({"StartTime": "2026-01-01T01:00:00Z"}),
        json!({"IsPaused": true}),
    );
    go(&s, "2026-01-01T02:00:00Z");
    s.update_campaign(&scope(), APP, &id, body(json!({"IsPaused": false})))
        .unwrap();
    go(&s, "2026-01-05T00:00:00Z");
    assert!(starts(&s, &id).is_empty());
    assert_eq!(status(&s, &id), Status::COMPLETED);
}

#[test]
fn a_campaign_whose_segment_is_deleted_never_runs() {
    let (s, seg) = fixture();
    let id = create(
        &s,
        &seg,
        json!({"StartTime": "2026-01-01T01:00:00Z", "Frequency": "HOURLY"}),
        json!({}),
    );
    go(&s, "2026-01-01T01:30:00Z");
    s.delete_segment(&scope(), APP, &seg).unwrap();
    go(&s, "2026-01-02T00:00:00Z");
    assert_eq!(starts(&s, &id).len(), 1);
    assert_eq!(status(&s, &id), Status::DELETED);
}

#[test]
fn each_treatment_runs_and_shows_status_on_its_own_schedule() {
    let (s, seg) = fixture();
    let id = create(
        &s,
        &seg,
        json!({"StartTime": "2026-01-01T01:00:00Z"}),
        json!({"AdditionalTreatments": [
            {"SizePercent": 10, "Schedule": {"StartTime": "2026-01-01T01:00:00Z",
              "Frequency": "DAILY", "EndTime": "2026-01-03T01:00:00Z"}},
            {"SizePercent": 10, "Schedule": {"StartTime": "2026-01-05T00:00:00Z"}}
        ]}),
    );
    let (_, st) = s.campaign(&scope(), APP, &id).unwrap();
    assert_eq!(st.campaign, Status::SCHEDULED);
    go(&s, "2026-01-02T00:00:00Z");
    let (_, st) = s.campaign(&scope(), APP, &id).unwrap();
    assert_eq!(
        st.treatments,
        [
            Status::COMPLETED,
            Status::PENDING_NEXT_RUN,
            Status::SCHEDULED
        ]
    );
    assert_eq!(st.campaign, Status::PENDING_NEXT_RUN);
    go(&s, "2026-01-04T00:00:00Z");
    let (_, st) = s.campaign(&scope(), APP, &id).unwrap();
    assert_eq!(st.campaign, Status::SCHEDULED, "treatment 2 is still ahead");
    go(&s, "2026-01-06T00:00:00Z");
    assert_eq!(status(&s, &id), Status::COMPLETED);
    let made: Vec<(String, String)> = runs(&s, &id);
    let of = |t: &str| made.iter().filter(|(id, _)| id == t).count();
    assert_eq!((of("0"), of("1"), of("2")), (1, 3, 1));
    assert!(made.contains(&("2".to_string(), "2026-01-05T00:00:00.000Z".to_string())));
}

#[test]
fn treatments_cannot_choose_event_apart_from_the_campaign_and_five_is_the_most() {
    let (s, seg) = fixture();
    let t = json!({"SizePercent": 10});
    let five = json!({"AdditionalTreatments": [t, t, t, t, t]});
    let mut m = campaign(&seg, json!({"StartTime": "IMMEDIATE"}));
    m.insert(
        "AdditionalTreatments".into(),
        five["AdditionalTreatments"].clone(),
    );
    let e = s.create_campaign(&scope(), APP, w(m)).unwrap_err();
    assert!(e.to_string().contains("at most 4"), "{e}");
    let mut m = campaign(&seg, json!({"StartTime": "IMMEDIATE"}));
    m.insert(
        "AdditionalTreatments".into(),
        json!([{"SizePercent": 10, "Schedule": {"StartTime": "IMMEDIATE", "Frequency": "EVENT",
                 "EventFilter": {"FilterType": "ENDPOINT", "Dimensions": {}}}}]),
    );
    let e = s.create_campaign(&scope(), APP, w(m)).unwrap_err();
    assert!(e.to_string().contains("Frequency"), "{e}");
    assert!(s.campaigns(&scope(), APP).unwrap().is_empty());
}

#[test]
fn a_campaign_from_an_older_state_file_continues_after_its_last_activity() {
    use crate::store::engagement::campaigns::{next_run, Campaign};
    let (s, seg) = fixture();
    let id = create(
        &s,
        &seg,
        json!({"StartTime": "2026-01-01T10:00:00Z", "Frequency": "DAILY"}),
        json!({}),
    );
    go(&s, "2026-01-02T12:00:00Z");
    let (c, _) = s.campaign(&scope(), APP, &id).unwrap();
    let mut old = serde_json::to_value(&c).unwrap();
    old.as_object_mut().unwrap().remove("LastRuns").unwrap();
    for a in old["Activities"].as_array_mut().unwrap() {
        let a = a.as_object_mut().unwrap();
        a.remove("TreatmentId");
        a.remove("ExecutionMetrics");
    }
    let old: Campaign = serde_json::from_value(old).unwrap();
    assert_eq!(old.activities[0].treatment_id, "0");
    assert_eq!(next_run(&old, 0), Some(at("2026-01-03T10:00:00Z")));
    assert_eq!(next_run(&c, 0), next_run(&old, 0));
}
