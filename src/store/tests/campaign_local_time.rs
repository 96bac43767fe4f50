//! Runs in each recipient's local time (docs/behaviour.md#local-time-runs): one zone step per
//! time zone of the targeted endpoints, each at the instant its zone reaches the run's
//! wall-clock time, one activity RUNNING until the last, the campaign EXECUTING meanwhile.

use serde_json::{json, Value};

use super::campaigns::w;
use super::*;
use crate::store::engagement::campaigns::{Activity, Status};
use crate::time::parse_iso8601;

fn at(s: &str) -> chrono::DateTime<chrono::Utc> {
    parse_iso8601(s).unwrap()
}

/// A store frozen at `start`, the SMS channel on, SMS endpoints `(id, zone)` and a segment of
/// them all (the pacing tests' fixture).
fn app(start: &str, endpoints: &[(&str, Option<&str>)]) -> (Store, String) {
    let eps: Vec<(&str, Option<&str>, &str)> =
        endpoints.iter().map(|(i, z)| (*i, *z, "a")).collect();
    let s = super::campaign_pacing::app(start, &eps);
    let seg = s.create_segment(&scope(), APP, Default::default());
    (s, seg.unwrap().id)
}

/// An empty store frozen at `start`.
fn bare(start: &str) -> Store {
    super::campaign_pacing::store_at(start)
}

/// An SMS campaign on `seg` with `schedule` and extra members.
fn create(s: &Store, seg: &str, schedule: Value, extra: Value) -> String {
    let mut m = json!({"SegmentId": seg, "Schedule": schedule,
        "MessageConfiguration": {"SMSMessage": {"Body": "hi"}}});
    for (k, v) in extra.as_object().cloned().unwrap_or_default() {
        m[k] = v;
    }
    let Value::Object(m) = m else { unreachable!() };
    s.create_campaign(&scope(), APP, w(m)).unwrap().id
}

/// The checklist's schedule: ONCE at 09:00 wall-clock time of the `Timezone` offset.
fn nine_local() -> Value {
    json!({"StartTime": "2030-01-01T09:00:00Z", "IsLocalTime": true, "Timezone": "UTC"})
}

fn go(s: &Store, to: &str) {
    s.advance_clock(&scope(), at(to)).unwrap();
}

/// Every logged message as (endpoint, SentAt).
fn log(s: &Store) -> Vec<(String, String)> {
    let (log, _) = s.sent.query(&Default::default());
    log.iter()
        .map(|m| {
            (
                m.endpoint_id.clone().unwrap_or_default(),
                m.sent_at.to_string(),
            )
        })
        .collect()
}

fn activity(s: &Store, id: &str) -> Activity {
    let (c, _) = s.campaign(&scope(), APP, id).unwrap();
    assert_eq!(c.activities.len(), 1, "one activity covers every zone");
    c.activities[0].clone()
}

/// (TimezonesCompletedCount, TimezonesTotalCount, SuccessfulEndpointCount, End).
fn counts(a: &Activity) -> (u64, u64, u64, Option<String>) {
    (
        a.timezones_completed_count,
        a.timezones_total_count,
        a.successful_endpoint_count,
        a.end.clone(),
    )
}

fn status(s: &Store, id: &str) -> Status {
    s.campaign(&scope(), APP, id).unwrap().1.campaign
}

/// `_campaign.send` statuses in recording order, as (endpoint, status).
fn sends(s: &Store) -> Vec<(String, String)> {
    let (events, _) = s.events.query(&Default::default());
    events
        .iter()
        .filter(|e| e.event_type.as_deref() == Some("_campaign.send"))
        .map(|e| {
            let v: Value = serde_json::from_str(e.event.get()).unwrap();
            let st = v["Attributes"]["campaign_send_status"].as_str().unwrap();
            (
                e.endpoint_id.as_deref().unwrap_or("").to_string(),
                st.to_string(),
            )
        })
        .collect()
}

fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn each_zone_gets_the_run_at_its_own_nine_oclock_in_one_activity() {
    let (s, seg) = app(
        "2029-12-31T00:00:00Z",
        &[
            ("ny", Some("America/New_York")),
            ("nozone", None),
            ("tokyo", Some("Asia/Tokyo")),
        ],
    );
    let id = create(&s, &seg, nine_local(), json!({}));
    go(&s, "2029-12-31T23:59:00Z");
    assert!(log(&s).is_empty());
    assert_eq!(status(&s, &id), Status::SCHEDULED, "no zone has started");
    // 09:00 in Tokyo is 00:00Z.
    go(&s, "2030-01-01T00:00:00Z");
    assert_eq!(log(&s), pairs(&[("tokyo", "2030-01-01T00:00:00.000Z")]));
    assert_eq!(status(&s, &id), Status::EXECUTING);
    let a = activity(&s, &id);
    assert_eq!(counts(&a), (1, 2, 1, None), "RUNNING: one zone of two");
    assert_eq!(a.total_endpoint_count, 2);
    assert_eq!(a.scheduled_start, "2030-01-01T09:00:00.000Z");
    // Past the UTC run time, New York (09:00 EST = 14:00Z) is still to come.
    go(&s, "2030-01-01T13:59:00Z");
    assert_eq!(status(&s, &id), Status::EXECUTING);
    assert_eq!(log(&s).len(), 1);
    let ran = s
        .advance_clock(&scope(), at("2030-01-03T00:00:00Z"))
        .unwrap();
    assert_eq!((ran.campaign_runs, ran.messages), (0, 1));
    assert_eq!(
        log(&s),
        pairs(&[
            ("tokyo", "2030-01-01T00:00:00.000Z"),
            ("ny", "2030-01-01T14:00:00.000Z")
        ])
    );
    let a = activity(&s, &id);
    assert_eq!(
        counts(&a),
        (2, 2, 2, Some("2030-01-01T14:00:00.000Z".into())),
        "COMPLETED when its last zone is done"
    );
    assert!(a.zones.is_empty());
    assert_eq!(status(&s, &id), Status::COMPLETED);
    assert_eq!(
        sends(&s),
        pairs(&[("tokyo", "SUCCESS"), ("ny", "SUCCESS")]),
        "the endpoint without a zone is not targeted and gets no event"
    );
}

#[test]
fn endpoints_without_a_valid_zone_are_counted_not_targeted() {
    let zones = [
        ("a", Some("Europe/Paris")),
        ("b", None),
        ("c", Some("Mars/Olympus")),
        ("d", Some("Europe/Berlin")),
    ];
    let (s, seg) = app("2029-12-31T00:00:00Z", &zones);
    let local = create(&s, &seg, nine_local(), json!({}));
    let (plain_s, plain_seg) = app("2029-12-31T00:00:00Z", &zones);
    let plain = create(
        &plain_s,
        &plain_seg,
        json!({"StartTime": "2030-01-01T09:00:00Z"}),
        json!({}),
    );
    go(&s, "2030-01-02T00:00:00Z");
    plain_s
        .advance_clock(&scope(), at("2030-01-02T00:00:00Z"))
        .unwrap();
    let a = activity(&s, &local);
    assert_eq!(a.execution_metrics["ENDPOINT_MISSING_TIMEZONE"], 2);
    assert_eq!(a.execution_metrics["ENDPOINT_PRODUCED"], 4);
    assert_eq!(a.total_endpoint_count, 2);
    assert_eq!(
        counts(&a),
        (2, 2, 2, Some("2030-01-01T08:00:00.000Z".into())),
        "Paris and Berlin are two zones, both at 08:00Z"
    );
    let b = activity(&plain_s, &plain);
    assert_eq!(b.execution_metrics["ENDPOINT_MISSING_TIMEZONE"], 0);
    assert_eq!((b.total_endpoint_count, counts(&b).1), (4, 1));
}

#[test]
fn a_zone_already_past_when_the_run_is_processed_is_sent_at_once() {
    let (s, seg) = app(
        "2030-01-01T08:00:00Z",
        &[
            ("london", Some("Europe/London")),
            ("ny", Some("America/New_York")),
            ("tokyo", Some("Asia/Tokyo")),
        ],
    );
    // Written at 08:00Z: Tokyo's 09:00 (00:00Z) has passed, London's (09:00Z) and New York's
    // (14:00Z) have not.
    let id = create(&s, &seg, nine_local(), json!({}));
    assert!(log(&s).is_empty(), "nothing before the work is processed");
    let ran = s.run_due_everywhere(false);
    assert_eq!((ran.campaign_runs, ran.messages), (1, 1));
    assert_eq!(log(&s), pairs(&[("tokyo", "2030-01-01T08:00:00.000Z")]));
    assert_eq!(counts(&activity(&s, &id)), (1, 3, 1, None));
    go(&s, "2030-01-01T12:00:00Z");
    assert_eq!(
        log(&s)[1],
        ("london".into(), "2030-01-01T09:00:00.000Z".into())
    );
    go(&s, "2030-01-02T00:00:00Z");
    assert_eq!(log(&s)[2], ("ny".into(), "2030-01-01T14:00:00.000Z".into()));
    assert_eq!(counts(&activity(&s, &id)).0, 3);
}

#[test]
fn limits_and_quiet_time_apply_at_each_zones_instant() {
    // The app's Daily 1: another campaign sends to both at 12:00Z. Tokyo's zone (00:00Z) is
    // before it, New York's (14:00Z) within a day after it.
    let (s, seg) = app(
        "2029-12-31T00:00:00Z",
        &[
            ("ny", Some("America/New_York")),
            ("tokyo", Some("Asia/Tokyo")),
        ],
    );
    s.update_settings(
        &scope(),
        APP,
        serde_json::from_value(json!({"Limits": {"Daily": 1}})).unwrap(),
    )
    .unwrap();
    create(&s, &seg, nine_local(), json!({}));
    create(
        &s,
        &seg,
        json!({"StartTime": "2030-01-01T12:00:00Z"}),
        json!({}),
    );
    go(&s, "2030-01-02T00:00:00Z");
    assert_eq!(
        sends(&s),
        pairs(&[
            ("tokyo", "SUCCESS"),
            ("ny", "SUCCESS"),
            ("tokyo", "DAILY_CAP"),
            ("ny", "DAILY_CAP")
        ])
    );
    // The run's capacity (1 × 60) spans its zones: 30 in Tokyo, then 31 in New York.
    let ids: Vec<(String, &str)> = (0..30)
        .map(|i| (format!("t{i:02}"), "Asia/Tokyo"))
        .chain((0..31).map(|i| (format!("u{i:02}"), "America/New_York")))
        .collect();
    let eps: Vec<(&str, Option<&str>)> = ids.iter().map(|(i, z)| (i.as_str(), Some(*z))).collect();
    let (s, seg) = app("2029-12-31T00:00:00Z", &eps);
    create(
        &s,
        &seg,
        nine_local(),
        json!({"Limits": {"MessagesPerSecond": 1, "MaximumDuration": 60}}),
    );
    go(&s, "2030-01-02T00:00:00Z");
    assert_eq!(log(&s).len(), 60);
    let expired: Vec<String> = sends(&s)
        .into_iter()
        .filter(|(_, st)| st == "EXPIRED")
        .map(|(e, _)| e)
        .collect();
    assert_eq!(expired, ["u30"]);
    // Quiet time 08:30-09:30 holds every zone reached on time; Tokyo, sent at once at 17:00
    // its time, is outside it.
    let (s, seg) = app(
        "2030-01-01T08:00:00Z",
        &[
            ("ny", Some("America/New_York")),
            ("tokyo", Some("Asia/Tokyo")),
        ],
    );
    let mut quiet = nine_local();
    quiet["QuietTime"] = json!({"Start": "08:30", "End": "09:30"});
    create(&s, &seg, quiet, json!({}));
    go(&s, "2030-01-02T00:00:00Z");
    assert_eq!(
        sends(&s),
        pairs(&[("tokyo", "SUCCESS"), ("ny", "QUIET_TIME")])
    );
}

#[test]
fn a_treatment_with_a_zone_left_is_executing_and_so_is_the_campaign() {
    let (s, seg) = app(
        "2029-12-31T00:00:00Z",
        &[
            ("ny", Some("America/New_York")),
            ("tokyo", Some("Asia/Tokyo")),
        ],
    );
    // Treatment "1" runs at an instant a week later.
    let id = create(
        &s,
        &seg,
        nine_local(),
        json!({"AdditionalTreatments": [{"SizePercent": 0,
            "Schedule": {"StartTime": "2030-01-08T00:00:00Z"}}]}),
    );
    go(&s, "2030-01-01T10:00:00Z");
    let (_, st) = s.campaign(&scope(), APP, &id).unwrap();
    assert_eq!(st.campaign, Status::EXECUTING);
    assert_eq!(st.treatments, [Status::EXECUTING, Status::SCHEDULED]);
    go(&s, "2030-01-01T14:00:00Z");
    let (_, st) = s.campaign(&scope(), APP, &id).unwrap();
    assert_eq!(st.campaign, Status::SCHEDULED, "treatment 1 is still ahead");
    assert_eq!(st.treatments, [Status::COMPLETED, Status::SCHEDULED]);
    // Paused wins over EXECUTING, and the run started goes on.
    let (s, seg) = app(
        "2029-12-31T00:00:00Z",
        &[
            ("ny", Some("America/New_York")),
            ("tokyo", Some("Asia/Tokyo")),
        ],
    );
    let id = create(&s, &seg, nine_local(), json!({}));
    go(&s, "2030-01-01T10:00:00Z");
    let mut paused = json!({"IsPaused": true});
    paused["Schedule"] = nine_local();
    let Value::Object(m) = paused else {
        unreachable!()
    };
    s.update_campaign(&scope(), APP, &id, w(m)).unwrap();
    assert_eq!(status(&s, &id), Status::PAUSED);
    go(&s, "2030-01-02T00:00:00Z");
    assert_eq!(counts(&activity(&s, &id)).0, 2);
}

#[test]
fn a_run_between_zones_survives_a_state_export_and_import() {
    let (s, seg) = app(
        "2029-12-31T00:00:00Z",
        &[
            ("ny", Some("America/New_York")),
            ("tokyo", Some("Asia/Tokyo")),
        ],
    );
    let id = create(&s, &seg, nine_local(), json!({}));
    go(&s, "2030-01-01T01:00:00Z");
    let text = serde_json::to_string(&s.snapshot()).unwrap();
    let t = bare("2030-01-01T01:00:00Z");
    t.replace_state(serde_json::from_str(&text).unwrap(), "us-east-1")
        .unwrap();
    assert_eq!(status(&t, &id), Status::EXECUTING);
    assert_eq!(counts(&activity(&t, &id)), (1, 2, 1, None));
    go(&t, "2030-01-02T00:00:00Z");
    assert_eq!(log(&t).last().unwrap().1, "2030-01-01T14:00:00.000Z");
    let a = activity(&t, &id);
    assert_eq!(
        counts(&a),
        (2, 2, 2, Some("2030-01-01T14:00:00.000Z".into()))
    );
    assert_eq!(status(&t, &id), Status::COMPLETED);
}
