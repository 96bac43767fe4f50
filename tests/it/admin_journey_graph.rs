//! The dashboard's journeys over HTTP (docs/behaviour.md#dashboard-journeys): the listing
//! `GET /_pinpoint/journeys` and one journey's graph `GET /_pinpoint/journeys/graph`, on the
//! journey of [`onboarding`] (email, a day's wait, email) after an advance of an hour: the
//! waiting counts agree with the positions, and every count with the metrics operations.

use pinpoint_local::AppState;
use serde_json::{json, Value};

use crate::admin_journeys::{get, onboarding};
use crate::common::ok;
use crate::common::raw;

#[tokio::test]
async fn the_graph_shows_each_activity_with_who_waits_there_and_its_metrics() {
    let st = AppState::for_tests();
    let id = onboarding(&st).await;
    let graph = format!("/_pinpoint/journeys/graph?application-id=app&journey-id={id}");
    let (status, before) = get(&st, &graph).await;
    assert_eq!(status, 200, "{before}");
    assert_eq!(before["State"], "ACTIVE");
    assert_eq!(before["Waiting"], 0);
    assert_eq!(before["Metrics"], json!({}));

    ok(
        &st,
        "POST",
        "/_pinpoint/clock/advance",
        json!({"By": "PT1H"}),
    )
    .await;
    let (_, g) = get(&st, &graph).await;
    assert_eq!(g["JourneyId"], id.as_str());
    assert_eq!(g["Name"], "onboarding");
    assert_eq!(
        g["State"], "CLOSED",
        "entry closed after the one evaluation"
    );
    assert_eq!(g["StartActivity"], "hello");
    assert_eq!(g["Now"], "2030-01-07T10:00:00.000Z");
    assert_eq!(g["Waiting"], 2);
    let acts = g["Activities"].as_array().unwrap();
    let shape: Vec<(&str, &str, &str, &Value, u64)> = acts
        .iter()
        .map(|a| {
            (
                a["ActivityId"].as_str().unwrap(),
                a["Type"].as_str().unwrap(),
                a["MetricType"].as_str().unwrap(),
                &a["Next"],
                a["Waiting"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        shape,
        [
            ("again", "EMAIL", "MESSAGE", &json!([]), 0),
            ("day", "Wait", "WAIT", &json!([{"ActivityId": "again"}]), 2),
            (
                "hello",
                "EMAIL",
                "MESSAGE",
                &json!([{"ActivityId": "day"}]),
                0
            ),
        ]
    );
    let (_, m) = get(
        &st,
        &format!("/v1/apps/app/journeys/{id}/execution-metrics"),
    )
    .await;
    assert_eq!(g["Metrics"], m["Metrics"]);
    assert_eq!(g["Metrics"]["ENDPOINT_ENTERED"], "2");
    for a in acts {
        let aid = a["ActivityId"].as_str().unwrap();
        let path = format!("/v1/apps/app/journeys/{id}/activities/{aid}/execution-metrics");
        let (_, m) = get(&st, &path).await;
        assert_eq!(a["Metrics"], m["Metrics"], "{aid}");
    }
    assert_eq!(acts[1]["Metrics"]["INFLIGHT"], "2");
    let (_, p) = get(
        &st,
        &format!("/_pinpoint/journeys/positions?application-id=app&journey-id={id}"),
    )
    .await;
    let at_day = p["Endpoints"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["State"] == "WAITING" && e["ActivityId"] == "day")
        .count();
    assert_eq!(at_day, 2);
}

#[tokio::test]
async fn the_listing_pages_the_apps_journeys_with_their_state_and_counts() {
    let st = AppState::for_tests();
    let id = onboarding(&st).await;
    let draft = ok(
        &st,
        "POST",
        "/v1/apps/app/journeys",
        json!({"Name": "later", "StartActivity": "w",
            "Activities": {"w": {"Wait": {"WaitTime": {"WaitFor": "P1D"}}}}}),
    )
    .await;
    ok(
        &st,
        "POST",
        "/_pinpoint/clock/advance",
        json!({"By": "PT1H"}),
    )
    .await;
    let (status, l) = get(&st, "/_pinpoint/journeys?application-id=app&page-size=1").await;
    assert_eq!(status, 200, "{l}");
    assert_eq!(l["Count"], 2);
    let first = &l["Item"][0];
    assert_eq!(first["JourneyId"], id.as_str());
    assert_eq!(
        (
            &first["Name"],
            &first["State"],
            &first["StartActivity"],
            &first["ActivityCount"],
            &first["Waiting"],
            &first["Metrics"]["ENDPOINT_ACTIVE"],
        ),
        (
            &json!("onboarding"),
            &json!("CLOSED"),
            &json!("hello"),
            &json!(3),
            &json!(2),
            &json!("2")
        )
    );
    let token = l["NextToken"].as_str().expect("a second page");
    let (_, rest) = get(
        &st,
        &format!("/_pinpoint/journeys?application-id=app&page-size=1&token={token}"),
    )
    .await;
    assert_eq!(rest["Item"][0]["JourneyId"], draft["Id"]);
    assert_eq!(rest["Item"][0]["State"], "DRAFT");
    assert_eq!(rest["Item"][0]["Metrics"], json!({}));
    assert!(rest.get("NextToken").is_none(), "{rest}");
}

#[tokio::test]
async fn bad_queries_are_400_and_unknown_apps_or_journeys_404() {
    let st = AppState::for_tests();
    let id = onboarding(&st).await;
    for bad in [
        "/_pinpoint/journeys/graph?application-id=app",
        "/_pinpoint/journeys",
        "/_pinpoint/journeys?application-id=app&page-size=0",
        "/_pinpoint/journeys?application-id=app&bogus=1",
    ] {
        raw(&st, "GET", bad, "", &[])
            .await
            .assert_error(400, "BadRequestException");
    }
    for missing in [
        "/_pinpoint/journeys/graph?application-id=app&journey-id=nope".to_string(),
        format!("/_pinpoint/journeys/graph?application-id=other&journey-id={id}"),
        "/_pinpoint/journeys?application-id=other".to_string(),
    ] {
        raw(&st, "GET", &missing, "", &[])
            .await
            .assert_error(404, "NotFoundException");
    }
}
