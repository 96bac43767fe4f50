//! A custom channel end to end (docs/behaviour.md#custom-channel): the real binary, a webhook
//! on loopback that answers HEAD with the account header and records POSTs, a custom campaign
//! created over HTTP, and an advance of the test clock that makes the run.

use std::sync::Arc;

use axum::http::{HeaderMap, StatusCode};
use axum::routing::head;
use axum::Router;
use parking_lot::Mutex;
use serde_json::{json, Value};

use crate::binary::{http, Proc};

/// The POSTs a webhook received: content type and JSON body.
type Received = Arc<Mutex<Vec<(String, Value)>>>;

/// A webhook on 127.0.0.1 (its own thread and runtime) answering HEAD with
/// `X-Amz-Pinpoint-AccountId: <account>` and recording each POST; returns its port.
fn webhook(account: &'static str) -> (u16, Received) {
    let received: Received = Arc::default();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let port = listener.local_addr().unwrap().port();
    let store = Arc::clone(&received);
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async move {
            let app = Router::new().route(
                "/hook",
                head(move || async move { ([("X-Amz-Pinpoint-AccountId", account)], "") }).post(
                    move |headers: HeaderMap, body: String| async move {
                        let ct = headers
                            .get("content-type")
                            .and_then(|v| v.to_str().ok())
                            .unwrap_or_default()
                            .to_string();
                        store
                            .lock()
                            .push((ct, serde_json::from_str(&body).unwrap()));
                        StatusCode::ACCEPTED
                    },
                ),
            );
            let l = tokio::net::TcpListener::from_std(listener).unwrap();
            axum::serve(l, app).await.unwrap();
        });
    });
    (port, received)
}

fn ok(url: &str, method: &str, path: &str, body: Value) -> Value {
    let body = if body.is_null() {
        String::new()
    } else {
        body.to_string()
    };
    let (status, text) = http(url, method, path, &body);
    assert!(
        (200..300).contains(&status),
        "{method} {path}: {status} {text}"
    );
    serde_json::from_str(&text).unwrap()
}

#[test]
fn a_custom_campaign_posts_its_endpoints_to_a_loopback_webhook_when_the_clock_reaches_it() {
    let (port, received) = webhook("000000000000");
    let server = Proc::start(&["--clock", "2030-03-01T00:00:00Z"]);
    let url = server.url();
    ok(
        &url,
        "PUT",
        "/v1/apps/app/endpoints/ana",
        json!({"ChannelType": "CUSTOM", "Address": "ana-device",
            "Attributes": {"plan": ["gold"]}}),
    );
    ok(
        &url,
        "PUT",
        "/v1/apps/app/endpoints/bob",
        json!({"ChannelType": "SMS", "Address": "+12065550141"}),
    );
    let seg = ok(
        &url,
        "POST",
        "/v1/apps/app/segments",
        json!({"Name": "all"}),
    );
    let campaign = |uri: String| {
        json!({"Name": "custom", "SegmentId": seg["Id"],
            "Schedule": {"StartTime": "2030-03-01T09:00:00Z"},
            "MessageConfiguration": {"CustomMessage": {"Data": "{\"offer\":\"10%\"}"}},
            "CustomDeliveryConfiguration": {"DeliveryUri": uri, "EndpointTypes": ["CUSTOM"]}})
    };
    // A webhook that is not there fails the HEAD check, and nothing is stored.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let gone = closed.local_addr().unwrap().port();
    drop(closed);
    let (status, text) = http(
        &url,
        "POST",
        "/v1/apps/app/campaigns",
        &campaign(format!("http://127.0.0.1:{gone}/hook")).to_string(),
    );
    assert_eq!(status, 400, "{text}");
    assert!(text.contains("HEAD"), "{text}");
    let list = ok(&url, "GET", "/v1/apps/app/campaigns", Value::Null);
    assert_eq!(list["Item"], json!([]));

    let hook = format!("http://127.0.0.1:{port}/hook");
    let c = ok(
        &url,
        "POST",
        "/v1/apps/app/campaigns",
        campaign(hook.clone()),
    );
    let id = c["Id"].as_str().unwrap();
    assert!(received.lock().is_empty(), "no POST before the run");
    let advanced = ok(
        &url,
        "POST",
        "/_pinpoint/clock/advance",
        json!({"By": "PT10H"}),
    );
    assert_eq!(advanced["Ran"]["CampaignRuns"], 1);
    let got = received.lock().clone();
    assert_eq!(got.len(), 1);
    let (ct, body) = &got[0];
    assert_eq!(ct, "application/json");
    let activities = ok(
        &url,
        "GET",
        &format!("/v1/apps/app/campaigns/{id}/activities"),
        Value::Null,
    );
    let activity = &activities["Item"][0];
    assert_eq!(body["ActivityId"], activity["Id"]);
    assert_eq!(body["CampaignId"], id);
    assert_eq!(body["ApplicationId"], "app");
    assert_eq!(body["TreatmentId"], "0");
    assert_eq!(body["Message"], json!({}));
    assert_eq!(body["Data"], "{\"offer\":\"10%\"}");
    assert_eq!(body["ScheduledTime"], "2030-03-01T09:00:00.000Z");
    let endpoints = body["Endpoints"].as_object().unwrap();
    assert_eq!(endpoints.keys().collect::<Vec<_>>(), ["ana"]);
    assert_eq!(endpoints["ana"]["Address"], "ana-device");
    assert_eq!(endpoints["ana"]["Attributes"]["plan"], json!(["gold"]));
    assert!(endpoints["ana"]["Attributes"]["CohortId"][0].is_string());
    assert_eq!(activity["SuccessfulEndpointCount"], 1);
    let sent = ok(
        &url,
        "GET",
        "/_pinpoint/sent-messages?channel=CUSTOM",
        Value::Null,
    );
    let m = &sent["Messages"][0];
    assert_eq!(m["EndpointId"], "ana");
    assert_eq!(
        m["Settings"],
        json!({"DeliveryUri": hook, "EndpointType": "CUSTOM", "Invoked": true, "HttpStatus": 202})
    );
}
