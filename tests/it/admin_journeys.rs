//! A journey run over HTTP on the test clock (docs/behaviour.md#journeys-that-run): an email,
//! a day's wait and a second email, read back through `GET /_pinpoint/journeys/positions`,
//! the execution metrics and the sent-message log; the positions route's own errors.

use pinpoint_local::AppState;
use serde_json::{json, Value};

use crate::common::{ok, raw};

pub(crate) async fn get(st: &AppState, path: &str) -> (u16, Value) {
    let r = raw(st, "GET", path, "", &[]).await;
    (r.status.as_u16(), r.json())
}

/// App `app` with two EMAIL endpoints on a segment of everyone, an email template and an
/// ACTIVE journey (email, wait a day, email) starting at 2030-01-07T10:00Z; the clock frozen
/// at 09:00Z. Returns the journey id.
pub(crate) async fn onboarding(st: &AppState) -> String {
    ok(
        st,
        "PUT",
        "/_pinpoint/clock",
        json!({"Now": "2030-01-07T09:00:00Z"}),
    )
    .await;
    for (id, addr) in [("ana", "ana@x.com"), ("bo", "bo@x.com")] {
        let body = json!({"ChannelType": "EMAIL", "Address": addr});
        ok(st, "PUT", &format!("/v1/apps/app/endpoints/{id}"), body).await;
    }
    let email = json!({"Enabled": true, "FromAddress": "team@x.com",
        "Identity": "arn:aws:ses:us-east-1:123456789012:identity/x.com"});
    ok(st, "PUT", "/v1/apps/app/channels/email", email).await;
    let t = json!({"Subject": "Welcome", "HtmlPart": "<p>Hello</p>"});
    ok(st, "POST", "/v1/templates/welcome/email", t).await;
    let seg = ok(st, "POST", "/v1/apps/app/segments", json!({"Name": "all"})).await;
    let j = ok(
        st,
        "POST",
        "/v1/apps/app/journeys",
        json!({"Name": "onboarding", "State": "ACTIVE", "StartActivity": "hello",
            "Schedule": {"StartTime": "2030-01-07T10:00:00Z"},
            "StartCondition": {"SegmentStartCondition": {"SegmentId": seg["Id"]}},
            "Activities": {
                "hello": {"EMAIL": {"TemplateName": "welcome", "NextActivity": "day"}},
                "day": {"Wait": {"WaitTime": {"WaitFor": "P1D"}, "NextActivity": "again"}},
                "again": {"EMAIL": {"TemplateName": "welcome"}}}}),
    )
    .await;
    j["Id"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn a_week_long_journey_is_tested_by_moving_the_clock() {
    let st = AppState::for_tests();
    let id = onboarding(&st).await;
    let positions = format!("/_pinpoint/journeys/positions?application-id=app&journey-id={id}");
    assert_eq!(get(&st, &positions).await, (200, json!({"Endpoints": []})));

    let ran = ok(
        &st,
        "POST",
        "/_pinpoint/clock/advance",
        json!({"By": "PT1H"}),
    )
    .await;
    assert_eq!(ran["Ran"]["Messages"], 2);
    assert_eq!(ran["Ran"]["JourneyActivities"], 4);
    let (_, p) = get(&st, &positions).await;
    assert_eq!(
        p["Endpoints"][0],
        json!({"EndpointId": "ana", "ActivityId": "day", "State": "WAITING",
            "Since": "2030-01-07T10:00:00.000Z", "Entries": 1})
    );
    let (_, j) = get(&st, &format!("/v1/apps/app/journeys/{id}")).await;
    assert_eq!(j["State"], "CLOSED");

    ok(
        &st,
        "POST",
        "/_pinpoint/clock/advance",
        json!({"By": "P7D"}),
    )
    .await;
    let (_, m) = get(
        &st,
        &format!("/v1/apps/app/journeys/{id}/execution-metrics"),
    )
    .await;
    assert_eq!(
        m["Metrics"],
        json!({"ENDPOINT_ENTERED": "2", "ENDPOINT_LEFT": "2", "ENDPOINT_PRODUCED": "2"})
    );
    let (_, j) = get(&st, &format!("/v1/apps/app/journeys/{id}")).await;
    assert_eq!(j["State"], "COMPLETED");
    let (_, p) = get(&st, &positions).await;
    assert_eq!(p["Endpoints"][1]["State"], "EXITED");
    assert_eq!(p["Endpoints"][1]["ActivityId"], Value::Null);
    let (_, sent) = get(&st, "/_pinpoint/sent-messages?application-id=app").await;
    let times: Vec<&str> = sent["Messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["SentAt"].as_str().unwrap())
        .collect();
    assert_eq!(times.len(), 4);
    assert!(times.contains(&"2030-01-08T10:00:00.000Z"));
}

#[tokio::test]
async fn positions_need_an_app_and_a_journey_that_exist() {
    let st = AppState::for_tests();
    let id = onboarding(&st).await;
    let (status, body) = get(&st, "/_pinpoint/journeys/positions?application-id=app").await;
    assert_eq!(status, 400, "{body}");
    assert!(
        body["Message"].as_str().unwrap().contains("journey-id"),
        "{body}"
    );
    let (status, _) = get(
        &st,
        "/_pinpoint/journeys/positions?application-id=app&journey-id=nope",
    )
    .await;
    assert_eq!(status, 404);
    let (status, _) = get(
        &st,
        &format!("/_pinpoint/journeys/positions?application-id=other&journey-id={id}"),
    )
    .await;
    assert_eq!(status, 404);
}
