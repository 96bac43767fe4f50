//! The dashboard's routes: the paged browse views, the newest-first log pages, the events
//! stream, and the dashboard's own files.

use std::time::Duration;

use axum::body::Body;
use axum::http::Request;
use http_body_util::BodyExt;
use pinpoint_local::AppState;
use serde_json::{json, Value};
use tower::ServiceExt;

use crate::common::{json, raw};

/// A request signed (in form only) for another account and region.
const OTHER: (&str, &str) = (
    "authorization",
    "AWS4-HMAC-SHA256 Credential=123456789012/20260101/eu-west-1/mobiletargeting/aws4_request, SignedHeaders=host, Signature=00",
);

async fn get(st: &AppState, path: &str) -> Value {
    let r = raw(st, "GET", path, "", &[]).await;
    assert_eq!(
        r.status,
        200,
        "{path}: {}",
        String::from_utf8_lossy(&r.body)
    );
    r.json()
}

/// `n` endpoints `ep-000`… in `app`; every third has user `user-<i/3>`, the rest an email.
async fn seed(st: &AppState, app: &str, n: usize) {
    for chunk in (0..n).collect::<Vec<_>>().chunks(100) {
        let items: Vec<Value> = chunk
            .iter()
            .map(|i| {
                let mut ep = json!({"Id": format!("ep-{i:03}"), "ChannelType": "EMAIL",
                    "Address": format!("person{i}@example.com")});
                if i % 3 == 0 {
                    ep["User"] = json!({"UserId": format!("user-{}", i / 3), "UserAttributes": {"plan": ["pro"]}});
                }
                ep
            })
            .collect();
        let r = json(
            st,
            "PUT",
            &format!("/v1/apps/{app}/endpoints"),
            json!({ "Item": items }),
        )
        .await;
        assert_eq!(r.status, 202, "{}", String::from_utf8_lossy(&r.body));
    }
}

async fn put_event(st: &AppState, app: &str, endpoint: &str, event_type: &str, id: &str) {
    let body = json!({"BatchItem": {endpoint: {"Endpoint": {}, "Events": {
        id: {"EventType": event_type, "Timestamp": "2026-11-23T10:00:00Z"}}}}});
    let r = json(st, "POST", &format!("/v1/apps/{app}/events"), body).await;
    assert_eq!(r.status, 202, "{}", String::from_utf8_lossy(&r.body));
}

fn ids(v: &Value, member: &str) -> Vec<String> {
    v["Item"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i[member].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn apps_lists_every_account_and_region_with_sizes() {
    let st = AppState::for_tests();
    seed(&st, "app-a", 4).await;
    let r = raw(
        &st,
        "POST",
        "/v1/apps/app-b/events",
        r#"{"BatchItem":{"x":{"Endpoint":{},"Events":{}}}}"#,
        &[OTHER],
    )
    .await;
    assert_eq!(r.status, 202, "{}", String::from_utf8_lossy(&r.body));
    let all = get(&st, "/_pinpoint/apps").await;
    assert_eq!(all["Count"], 2);
    let a = &all["Item"][0];
    assert_eq!(a["AccountId"], "000000000000");
    assert_eq!(a["ApplicationId"], "app-a");
    assert_eq!(
        (a["EndpointCount"].as_u64(), a["UserCount"].as_u64()),
        (Some(4), Some(2))
    );
    let b = &all["Item"][1];
    assert_eq!(
        (b["AccountId"].as_str(), b["Region"].as_str()),
        (Some("123456789012"), Some("eu-west-1"))
    );
    let first = get(&st, "/_pinpoint/apps?page-size=1").await;
    assert_eq!(ids(&first, "ApplicationId"), ["app-a"]);
    let token = first["NextToken"].as_str().unwrap();
    let second = get(&st, &format!("/_pinpoint/apps?page-size=1&token={token}")).await;
    assert_eq!(ids(&second, "ApplicationId"), ["app-b"]);
    assert!(second.get("NextToken").is_none());
}

#[tokio::test]
async fn endpoints_page_by_id_and_search_ids_users_and_addresses() {
    let st = AppState::for_tests();
    seed(&st, "app", 250).await;
    let mut seen = Vec::new();
    let mut token = String::new();
    loop {
        let page = get(
            &st,
            &format!("/_pinpoint/endpoints?application-id=app&page-size=100&token={token}"),
        )
        .await;
        assert_eq!(page["Count"], 250);
        seen.extend(ids(&page, "Id"));
        match page["NextToken"].as_str() {
            Some(t) => token = t.to_string(),
            None => break,
        }
    }
    let want: Vec<String> = (0..250).map(|i| format!("ep-{i:03}")).collect();
    assert_eq!(seen, want);

    let by_id = get(&st, "/_pinpoint/endpoints?application-id=app&q=EP-24").await;
    let want: Vec<String> = (240..250).map(|i| format!("ep-{i}")).collect();
    assert_eq!(ids(&by_id, "Id"), want);
    let by_address = get(&st, "/_pinpoint/endpoints?application-id=app&q=person7@").await;
    assert_eq!(ids(&by_address, "Id"), ["ep-007"]);
    let by_user = get(
        &st,
        "/_pinpoint/endpoints?application-id=app&user-id=user-5",
    )
    .await;
    assert_eq!(ids(&by_user, "Id"), ["ep-015"]);
    let row = &by_user["Item"][0];
    assert_eq!(
        (row["EndpointStatus"].as_str(), row["OptOut"].as_str()),
        (Some("ACTIVE"), Some("NONE"))
    );
    assert!(row["CohortId"].as_str().is_some());
}

#[tokio::test]
async fn users_and_one_endpoint_with_its_users_other_endpoints() {
    let st = AppState::for_tests();
    seed(&st, "app", 9).await;
    let r = json(
        &st,
        "PUT",
        "/v1/apps/app/endpoints/phone-1",
        json!({"ChannelType": "SMS", "Address": "+15555550100", "User": {"UserId": "user-1"}}),
    )
    .await;
    assert_eq!(r.status, 202);
    let users = get(&st, "/_pinpoint/users?application-id=app").await;
    assert_eq!(ids(&users, "UserId"), ["user-0", "user-1", "user-2"]);
    assert_eq!(users["Item"][1]["EndpointCount"], 2);
    assert_eq!(users["Item"][1]["UserAttributes"], json!({"plan": ["pro"]}));
    let one = get(&st, "/_pinpoint/users?application-id=app&q=USER-2").await;
    assert_eq!(ids(&one, "UserId"), ["user-2"]);

    let detail = get(
        &st,
        "/_pinpoint/endpoint?application-id=app&endpoint-id=EP-003",
    )
    .await;
    assert_eq!(detail["Endpoint"]["Id"], "ep-003");
    assert_eq!(
        detail["Endpoint"]["User"]["UserAttributes"],
        json!({"plan": ["pro"]})
    );
    assert_eq!(detail["UserEndpoints"][0]["Id"], "phone-1");
    assert_eq!(detail["UserEndpoints"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn browse_routes_are_scoped_and_refuse_bad_queries() {
    let st = AppState::for_tests();
    seed(&st, "app", 3).await;
    let other = raw(
        &st,
        "GET",
        "/_pinpoint/endpoints?application-id=app&account=123456789012",
        "",
        &[],
    )
    .await;
    other.assert_error(404, "NotFoundException");
    let here = get(
        &st,
        "/_pinpoint/endpoints?application-id=app&account=000000000000&region=us-east-1",
    )
    .await;
    assert_eq!(here["Count"], 3);
    for bad in [
        "/_pinpoint/endpoints?application-id=app&page-size=0",
        "/_pinpoint/endpoints?application-id=app&token=zz",
        "/_pinpoint/endpoints",
        "/_pinpoint/users?application-id=app&bogus=1",
        "/_pinpoint/events/page?token=abc",
        "/_pinpoint/events/page?channel=SMS",
        "/_pinpoint/events/stream?backlog=-1",
    ] {
        raw(&st, "GET", bad, "", &[])
            .await
            .assert_error(400, "BadRequestException");
    }
    let missing = raw(
        &st,
        "GET",
        "/_pinpoint/endpoint?application-id=app&endpoint-id=nope",
        "",
        &[],
    )
    .await;
    missing.assert_error(404, "NotFoundException");
}

#[tokio::test]
async fn segment_counts_show_current_members() {
    let st = AppState::for_tests();
    seed(&st, "app", 6).await;
    let seg = json!({"WriteSegmentRequest": {"Name": "with users", "Dimensions": {"UserAttributes": {
        "plan": {"AttributeType": "INCLUSIVE", "Values": ["pro"]}}}}});
    let r = json(
        &st,
        "POST",
        "/v1/apps/app/segments",
        seg["WriteSegmentRequest"].clone(),
    )
    .await;
    assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));
    let counts = get(&st, "/_pinpoint/segment-counts?application-id=app").await;
    let s = &counts["Item"][0];
    assert_eq!(
        (s["Name"].as_str(), s["MemberCount"].as_u64()),
        (Some("with users"), Some(2))
    );
    assert_eq!(s["SegmentType"], "DIMENSIONAL");
}

#[tokio::test]
async fn event_and_message_pages_run_newest_first() {
    let st = AppState::for_tests();
    for i in 0..5 {
        put_event(
            &st,
            "app",
            "e1",
            if i % 2 == 0 { "even" } else { "odd" },
            &format!("ev{i}"),
        )
        .await;
    }
    put_event(&st, "other", "e1", "even", "elsewhere").await;
    let first = get(&st, "/_pinpoint/events/page?application-id=app&page-size=2").await;
    assert_eq!(ids(&first, "EventId"), ["ev4", "ev3"]);
    let token = first["NextToken"].as_str().unwrap();
    let next = get(
        &st,
        &format!("/_pinpoint/events/page?application-id=app&page-size=2&token={token}"),
    )
    .await;
    assert_eq!(ids(&next, "EventId"), ["ev2", "ev1"]);
    let even = get(
        &st,
        "/_pinpoint/events/page?application-id=app&event-type=even&endpoint-id=E1",
    )
    .await;
    assert_eq!(ids(&even, "EventId"), ["ev4", "ev2", "ev0"]);
    assert!(even.get("NextToken").is_none());
    let sent = get(&st, "/_pinpoint/sent-messages/page?application-id=app").await;
    assert_eq!(sent["Item"], json!([]));
}

/// Reads the stream's body until `want` events arrived, or fails after a few seconds.
async fn read_events(body: &mut Body, want: usize) -> Vec<Value> {
    let mut text = String::new();
    let mut events = Vec::new();
    while events.len() < want {
        let frame = tokio::time::timeout(Duration::from_secs(5), body.frame())
            .await
            .expect("an event within 5 s")
            .expect("the stream stays open")
            .unwrap();
        if let Ok(data) = frame.into_data() {
            text.push_str(std::str::from_utf8(&data).unwrap());
        }
        while let Some(end) = text.find("\n\n") {
            let block: String = text.drain(..end + 2).collect();
            if let Some(line) = block.lines().find_map(|l| l.strip_prefix("data: ")) {
                events.push(serde_json::from_str(line).unwrap());
            }
        }
    }
    events
}

#[tokio::test]
async fn the_stream_sends_the_backlog_then_new_events_as_they_come() {
    let st = AppState::for_tests();
    for i in 0..3 {
        put_event(&st, "app", "e1", "old", &format!("old{i}")).await;
    }
    let req = Request::get("/_pinpoint/events/stream?application-id=app&event-type=live&backlog=2");
    let resp = pinpoint_local::app(st.clone())
        .oneshot(req.body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.headers()["content-type"], "text/event-stream");
    let mut body = resp.into_body();
    put_event(&st, "app", "e1", "live", "new1").await;
    put_event(&st, "app", "e1", "ignored", "x").await;
    put_event(&st, "app", "e2", "live", "new2").await;
    let got = read_events(&mut body, 2).await;
    let got: Vec<&str> = got.iter().map(|e| e["EventId"].as_str().unwrap()).collect();
    assert_eq!(got, ["new1", "new2"]);

    // Without a type filter the backlog is the latest two events, oldest first.
    let req = Request::get("/_pinpoint/events/stream?application-id=app&backlog=2");
    let resp = pinpoint_local::app(st.clone())
        .oneshot(req.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let got = read_events(&mut resp.into_body(), 2).await;
    assert_eq!(
        (got[0]["EventId"].as_str(), got[1]["EventId"].as_str()),
        (Some("x"), Some("new2"))
    );
    assert!(got[0]["Seq"].as_u64() < got[1]["Seq"].as_u64());
}

#[tokio::test]
async fn the_dashboard_is_served_from_the_binary() {
    let st = AppState::for_tests();
    let page = raw(&st, "GET", "/_pinpoint/ui/", "", &[]).await;
    assert_eq!(page.status, 200);
    assert_eq!(page.header("content-type"), "text/html; charset=utf-8");
    assert!(page
        .header("content-security-policy")
        .contains("default-src 'self'"));
    assert!(String::from_utf8_lossy(&page.body).contains("app.js"));
    for file in ["app.js", "journeys.js", "style.css"] {
        let r = raw(&st, "GET", &format!("/_pinpoint/ui/{file}"), "", &[]).await;
        assert_eq!(r.status, 200, "{file}");
    }
    let bare = raw(&st, "GET", "/_pinpoint/ui", "", &[]).await;
    assert_eq!(bare.status, 308);
    assert_eq!(bare.header("location"), "/_pinpoint/ui/");
    raw(&st, "GET", "/_pinpoint/ui/nope.js", "", &[])
        .await
        .assert_error(404, "NotFoundException");
}
