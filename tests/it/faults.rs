//! Fault injection (docs/behaviour.md#faults): call-level errors and latency before the handler
//! runs, forced DeliveryStatus per recipient, counts and seeded probabilities, and the SDK's
//! retries recovering from injected throttling.

use std::time::{Duration, Instant};

use aws_sdk_pinpoint::config::retry::RetryConfig;
use aws_sdk_pinpoint::types::{ChannelType, EndpointRequest};
use pinpoint_local::AppState;
use serde_json::{json, Value};

use crate::common::{app_id, json, raw, TestServer};

async fn set(st: &AppState, rules: Value) -> Value {
    let r = json(st, "PUT", "/_pinpoint/faults", json!({ "Rules": rules })).await;
    r.ok_json()
}

fn sms(addr: &str) -> EndpointRequest {
    EndpointRequest::builder()
        .channel_type(ChannelType::Sms)
        .address(addr)
        .build()
}

#[tokio::test]
async fn the_sdk_retries_through_two_injected_429s_and_fails_on_more() {
    let server = TestServer::start().await;
    let retrying = aws_sdk_pinpoint::Client::from_conf(
        server
            .config_as("AKIDEXAMPLE", "secret", "us-east-1")
            .retry_config(
                RetryConfig::standard()
                    .with_max_attempts(3)
                    .with_initial_backoff(Duration::from_millis(5)),
            )
            .build(),
    );
    let app = app_id();
    set(
        &server.state,
        json!([{"Operation": "UpdateEndpoint", "Error": {"Status": 429}, "Count": 2}]),
    )
    .await;
    retrying
        .update_endpoint()
        .application_id(&app)
        .endpoint_id("e1")
        .endpoint_request(sms("+12065550100"))
        .send()
        .await
        .unwrap();
    let rules = raw(&server.state, "GET", "/_pinpoint/faults", "", &[])
        .await
        .json();
    assert_eq!(
        (
            rules["Rules"][0]["Matched"].as_u64(),
            rules["Rules"][0]["Fired"].as_u64()
        ),
        (Some(3), Some(2))
    );
    set(
        &server.state,
        json!([{"Operation": "UpdateEndpoint", "Error": {"Status": 429}, "Count": 3}]),
    )
    .await;
    let e = retrying
        .update_endpoint()
        .application_id(&app)
        .endpoint_id("e2")
        .endpoint_request(sms("+12065550101"))
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(e.is_too_many_requests_exception(), "{e:?}");
    // The three failed attempts changed nothing: e2 does not exist.
    let got = raw(
        &server.state,
        "GET",
        &format!("/v1/apps/{app}/endpoints/e2"),
        "",
        &[],
    )
    .await;
    assert_eq!(got.status.as_u16(), 404);
}

#[tokio::test]
async fn a_faulted_call_changes_nothing_and_other_calls_pass() {
    let st = AppState::for_tests();
    let app = app_id();
    set(&st, json!([{"Operation": "PutEvents", "ApplicationId": app, "Error": {"Status": 500, "Message": "boom"}}])).await;
    let body = json!({"BatchItem": {"e1": {"Endpoint": {}, "Events": {"1": {"EventType": "t", "Timestamp": "2026-01-01T00:00:00Z"}}}}});
    let r = json(&st, "POST", &format!("/v1/apps/{app}/events"), body.clone()).await;
    assert_eq!(r.assert_error(500, "InternalServerErrorException"), "boom");
    let events = raw(&st, "GET", "/_pinpoint/events", "", &[]).await.json();
    assert_eq!(
        events["Events"].as_array().map(Vec::len),
        Some(0),
        "{events}"
    );
    // Another app is not matched.
    let other = app_id();
    let r = json(&st, "POST", &format!("/v1/apps/{other}/events"), body).await;
    assert_eq!(r.status.as_u16(), 202);
}

#[tokio::test]
async fn a_latency_rule_delays_only_the_matched_operation_and_endpoint() {
    let st = AppState::for_tests();
    let app = app_id();
    set(
        &st,
        json!([{"Operation": "GetEndpoint", "EndpointId": "SLOW", "LatencyMs": 300}]),
    )
    .await;
    for id in ["slow", "fast"] {
        json(
            &st,
            "PUT",
            &format!("/v1/apps/{app}/endpoints/{id}"),
            json!({"ChannelType": "SMS", "Address": format!("+1206555{}", id.len())}),
        )
        .await;
    }
    let timed = |id: &'static str| {
        let st = st.clone();
        let path = format!("/v1/apps/{app}/endpoints/{id}");
        async move {
            let started = Instant::now();
            let r = raw(&st, "GET", &path, "", &[]).await;
            assert_eq!(r.status.as_u16(), 200);
            started.elapsed()
        }
    };
    assert!(timed("slow").await >= Duration::from_millis(300));
    assert!(timed("fast").await < Duration::from_millis(300));
}

#[tokio::test]
async fn a_send_gives_matching_recipients_the_forced_status_and_logs_only_the_rest() {
    let st = AppState::for_tests();
    let app = app_id();
    json(
        &st,
        "PUT",
        &format!("/v1/apps/{app}/endpoints/e1"),
        json!({"ChannelType": "SMS", "Address": "+12065550100"}),
    )
    .await;
    json(
        &st,
        "PUT",
        &format!("/v1/apps/{app}/channels/sms"),
        json!({"Enabled": true}),
    )
    .await;
    set(&st, json!([
        {"EndpointId": "e1", "DeliveryStatus": "TEMPORARY_FAILURE", "StatusMessage": "carrier down"},
        {"Address": "+12065550199", "DeliveryStatus": "THROTTLED"},
    ])).await;
    let r = json(&st, "POST", &format!("/v1/apps/{app}/messages"), json!({
        "Addresses": {"+12065550199": {"ChannelType": "SMS"}, "+12065550198": {"ChannelType": "SMS"}},
        "Endpoints": {"e1": {}},
        "MessageConfiguration": {"SMSMessage": {"Body": "hi"}},
    })).await;
    let m = &r.json();
    let e1 = &m["EndpointResult"]["e1"];
    assert_eq!(
        (
            e1["DeliveryStatus"].as_str(),
            e1["StatusCode"].as_u64(),
            e1["StatusMessage"].as_str(),
            e1["Address"].as_str()
        ),
        (
            Some("TEMPORARY_FAILURE"),
            Some(500),
            Some("carrier down"),
            Some("+12065550100")
        )
    );
    assert_eq!(m["Result"]["+12065550199"]["DeliveryStatus"], "THROTTLED");
    assert_eq!(m["Result"]["+12065550199"]["StatusCode"], 429);
    assert_eq!(m["Result"]["+12065550198"]["DeliveryStatus"], "SUCCESSFUL");
    let sent = raw(&st, "GET", "/_pinpoint/sent-messages", "", &[])
        .await
        .json();
    let to: Vec<&str> = sent["Messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m["Address"].as_str())
        .collect();
    assert_eq!(to, ["+12065550198"]);
}

/// The statuses a seeded probability rule gives 20 calls on a fresh server.
async fn seeded_run(seed: u64) -> Vec<u16> {
    let st = AppState::for_tests();
    set(&st, json!([{"Operation": "GetApps", "Error": {"Status": 503}, "Probability": 0.5, "Seed": seed}])).await;
    let mut out = Vec::new();
    for _ in 0..20 {
        out.push(raw(&st, "GET", "/v1/apps", "", &[]).await.status.as_u16());
    }
    out
}

#[tokio::test]
async fn a_seeded_probability_repeats_exactly() {
    let a = seeded_run(7).await;
    assert_eq!(a, seeded_run(7).await);
    assert_ne!(a, seeded_run(8).await);
    let failed = a.iter().filter(|s| **s == 503).count();
    assert!((3..=17).contains(&failed), "{a:?}");
}

#[tokio::test]
async fn bad_rules_are_refused_whole_and_rules_are_listed_added_and_removed() {
    let st = AppState::for_tests();
    set(&st, json!([{"Operation": "GetApps", "LatencyMs": 1}])).await;
    for bad in [
        json!([{"Operation": "GetApp"}]),
        json!([{"Operation": "NoSuchOperation", "LatencyMs": 1}]),
        json!([{"Error": {"Status": 418}}]),
        json!([{"Error": {"Status": 429, "Type": "BadRequestException"}}]),
        json!([{"Address": "+1", "Error": {"Status": 500}}]),
        json!([{"DeliveryStatus": "SUCCESSFUL"}]),
        json!([{"DeliveryStatus": "THROTTLED", "LatencyMs": 5}]),
        json!([{"LatencyMs": 60001}]),
        json!([{"LatencyMs": 1, "Probability": 1.5}]),
        json!([{"LatencyMs": 1, "Count": 0}]),
        json!([{"Id": "x", "LatencyMs": 1}, {"Id": "x", "LatencyMs": 2}]),
        json!([{"LatencyMs": 1, "Typo": true}]),
    ] {
        let r = json(&st, "PUT", "/_pinpoint/faults", json!({ "Rules": bad })).await;
        r.assert_error(400, "BadRequestException");
    }
    let listed = raw(&st, "GET", "/_pinpoint/faults", "", &[]).await.json();
    assert_eq!(
        listed["Rules"].as_array().map(Vec::len),
        Some(1),
        "{listed}"
    );
    let added = json(
        &st,
        "POST",
        "/_pinpoint/faults",
        json!({"Operation": "GetApp", "Error": {"Status": 403}}),
    )
    .await;
    assert_eq!(added.status.as_u16(), 201);
    assert_eq!(added.json()["Id"], "fault-2");
    let r = raw(&st, "GET", "/v1/apps/x1", "", &[]).await;
    r.assert_error(403, "ForbiddenException");
    let r = raw(&st, "DELETE", "/_pinpoint/faults/fault-2", "", &[]).await;
    assert_eq!(r.status.as_u16(), 200);
    raw(&st, "DELETE", "/_pinpoint/faults/fault-2", "", &[])
        .await
        .assert_error(404, "NotFoundException");
    assert_eq!(
        raw(&st, "DELETE", "/_pinpoint/faults", "", &[])
            .await
            .status
            .as_u16(),
        204
    );
    let listed = raw(&st, "GET", "/_pinpoint/faults", "", &[]).await.json();
    assert_eq!(listed, json!({"Rules": []}));
}
