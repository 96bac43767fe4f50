//! The emulator-only `/_pinpoint/` routes: health, reading and clearing recorded events, reset,
//! and the NDJSON events file.

use pinpoint_local::config::Config;
use pinpoint_local::AppState;
use serde_json::{json, Value};

use crate::common::{app_id, json, raw};

fn put_events_body(endpoint: &str, user: Option<&str>, events: &[(&str, &str)]) -> Value {
    let events: serde_json::Map<String, Value> = events
        .iter()
        .map(|(id, kind)| {
            (
                id.to_string(),
                json!({"EventType": kind, "Timestamp": "2026-11-23T10:00:00Z"}),
            )
        })
        .collect();
    let endpoint_body = match user {
        Some(u) => json!({"User": {"UserId": u}}),
        None => json!({}),
    };
    json!({"BatchItem": {endpoint: {"Endpoint": endpoint_body, "Events": events}}})
}

/// PutEvents through the router.
async fn post_events(st: &AppState, app: &str, body: Value) {
    let r = json(st, "POST", &format!("/v1/apps/{app}/events"), body).await;
    assert_eq!(
        r.status.as_u16(),
        202,
        "{}",
        String::from_utf8_lossy(&r.body)
    );
}

async fn events(st: &AppState, query: &str) -> Value {
    let r = raw(st, "GET", &format!("/_pinpoint/events{query}"), "", &[]).await;
    r.ok_json()
}

fn ids(v: &Value) -> Vec<String> {
    v["Events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["EventId"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn health_answers_ok_with_the_version() {
    let st = AppState::for_tests();
    let r = raw(&st, "GET", "/_pinpoint/health", "", &[]).await;
    assert_eq!(r.status.as_u16(), 200);
    assert_eq!(
        r.json(),
        json!({"status": "ok", "version": env!("CARGO_PKG_VERSION")})
    );
}

#[tokio::test]
async fn events_can_be_filtered_by_app_endpoint_type_user_since_and_limit() {
    let st = AppState::for_tests();
    let (a, b) = (app_id(), app_id());
    post_events(
        &st,
        &a,
        put_events_body("E1", Some("u1"), &[("1", "click"), ("2", "view")]),
    )
    .await;
    post_events(&st, &a, put_events_body("e2", None, &[("3", "click")])).await;
    post_events(&st, &b, put_events_body("e1", None, &[("4", "click")])).await;
    assert_eq!(ids(&events(&st, "").await), ["1", "2", "3", "4"]);
    assert_eq!(
        ids(&events(&st, &format!("?application-id={a}")).await),
        ["1", "2", "3"]
    );
    assert_eq!(
        ids(&events(&st, &format!("?application-id={a}&endpoint-id=e1")).await),
        ["1", "2"]
    );
    assert_eq!(
        ids(&events(&st, "?event-type=click").await),
        ["1", "3", "4"]
    );
    assert_eq!(ids(&events(&st, "?user-id=u1").await), ["1", "2"]);
    assert_eq!(ids(&events(&st, "?limit=2").await), ["1", "2"]);
    assert_eq!(
        ids(&events(&st, "?since=2999-01-01T00:00:00Z").await),
        Vec::<String>::new()
    );
    assert_eq!(
        ids(&events(&st, "?since=2000-01-01T00:00:00Z").await).len(),
        4
    );
    let first = &events(&st, "?limit=1").await["Events"][0];
    assert_eq!(first["ApplicationId"], a);
    assert_eq!(first["EndpointId"], "E1");
    assert_eq!(first["UserId"], "u1");
    assert_eq!(first["Event"]["EventType"], "click");
    assert!(first["ReceivedAt"].as_str().unwrap().ends_with('Z'));
}

#[tokio::test]
async fn bad_parameters_are_clear_400s() {
    let st = AppState::for_tests();
    for q in [
        "?since=yesterday",
        "?limit=-1",
        "?limit=many",
        "?colour=blue",
    ] {
        let r = raw(&st, "GET", &format!("/_pinpoint/events{q}"), "", &[]).await;
        r.assert_error(400, "BadRequestException");
    }
    raw(&st, "GET", "/_pinpoint/nothing-here", "", &[])
        .await
        .assert_error(404, "NotFoundException");
}

#[tokio::test]
async fn clearing_one_app_or_all_events_and_resetting_state() {
    let st = AppState::for_tests();
    let (a, b) = (app_id(), app_id());
    post_events(&st, &a, put_events_body("e", None, &[("1", "x")])).await;
    post_events(&st, &b, put_events_body("e", None, &[("2", "x")])).await;
    assert_eq!(
        raw(
            &st,
            "DELETE",
            &format!("/_pinpoint/events?application-id={a}"),
            "",
            &[]
        )
        .await
        .status
        .as_u16(),
        200
    );
    assert_eq!(ids(&events(&st, "").await), ["2"]);
    raw(&st, "DELETE", "/_pinpoint/events", "", &[]).await;
    assert!(ids(&events(&st, "").await).is_empty());
    post_events(&st, &a, put_events_body("e", None, &[("3", "x")])).await;
    assert_eq!(
        raw(&st, "DELETE", "/_pinpoint/state", "", &[])
            .await
            .status
            .as_u16(),
        200
    );
    assert!(ids(&events(&st, "").await).is_empty());
    raw(&st, "GET", &format!("/v1/apps/{a}"), "", &[])
        .await
        .assert_error(404, "NotFoundException");
}

#[tokio::test]
async fn the_ring_keeps_the_newest_events_and_counts_drops() {
    let mut config = Config::for_tests();
    config.max_events = 3;
    let st = AppState::new(config).unwrap();
    let app = app_id();
    let evs: Vec<(String, String)> = (0..5).map(|i| (i.to_string(), "t".to_string())).collect();
    let evs: Vec<(&str, &str)> = evs.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    post_events(&st, &app, put_events_body("e", None, &evs)).await;
    let got = events(&st, "").await;
    assert_eq!(ids(&got), ["2", "3", "4"]);
    assert_eq!(got["Dropped"], 2);
}

#[tokio::test]
async fn accepted_events_are_appended_to_the_ndjson_file() {
    let dir = std::env::temp_dir().join(format!("pinpoint-local-test-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("events.ndjson");
    let mut config = Config::for_tests();
    config.events_file = Some(file.clone());
    let st = AppState::new(config).unwrap();
    let app = app_id();
    post_events(
        &st,
        &app,
        put_events_body("e", None, &[("1", "a"), ("2", "b")]),
    )
    .await;
    let mut bad = put_events_body("e", None, &[("3", "c")]);
    bad["BatchItem"]["e"]["Events"]["3"]["Timestamp"] = json!("not a time");
    post_events(&st, &app, bad).await;
    // The writer works off the request path; closing it (as shutdown does) writes what is queued.
    st.store.events.close_file();
    let text = std::fs::read_to_string(&file).unwrap();
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2, "only accepted events are written: {text}");
    assert_eq!(lines[1]["EventId"], "2");
    assert_eq!(lines[1]["Event"]["EventType"], "b");
    std::fs::remove_dir_all(dir).unwrap();
}
