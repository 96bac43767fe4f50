//! Hostile and malformed input. The table of malformed and extreme requests lives in
//! `tests/hostile/*.cases` and is run by [`table`]: each gets its 4xx Pinpoint error and changes
//! nothing. Here: every operation refusing a malformed call, unusual but valid ids, and a fuzz
//! property: arbitrary requests through the router never panic and never get a 5xx.

mod table;

use axum::body::Body;
use pinpoint_local::protocol::catalog::OPERATIONS;
use pinpoint_local::AppState;
use proptest::prelude::*;
use serde_json::{json, Value};

use crate::common::{json, raw};

/// The app [`seeded`] fills; `{APP}` in the table.
const APP: &str = "0123456789abcdef0123456789abcdef";

fn ep(id: &str) -> String {
    format!("/v1/apps/{APP}/endpoints/{id}")
}

/// Two endpoints of user `u` (EMAIL `e1`, SMS `e2`), an SMS channel, the SMS template `seeded`
/// and one event: what the table's rows refer to.
async fn seeded() -> AppState {
    let st = AppState::for_tests();
    let r = json(&st, "PUT", &format!("/v1/apps/{APP}/endpoints"), json!({"Item": [
        {"Id": "e1", "ChannelType": "EMAIL", "Address": "a@example.com", "Attributes": {"k": ["v"]}, "User": {"UserId": "u"}},
        {"Id": "e2", "ChannelType": "SMS", "Address": "+15550100", "User": {"UserId": "u"}},
    ]}))
    .await;
    assert_eq!(r.status.as_u16(), 202);
    let sms = json(
        &st,
        "PUT",
        &format!("/v1/apps/{APP}/channels/sms"),
        json!({"SenderId": "ACME"}),
    )
    .await;
    assert_eq!(sms.status.as_u16(), 200);
    let tpl = json(
        &st,
        "POST",
        "/v1/templates/seeded/sms",
        json!({"Body": "hi"}),
    )
    .await;
    assert_eq!(tpl.status.as_u16(), 201);
    json(&st, "POST", &format!("/v1/apps/{APP}/events"), json!({"BatchItem": {"e1": {"Endpoint": {}, "Events": {"x": {"EventType": "t", "Timestamp": "2026-01-01T00:00:00Z"}}}}})).await;
    st
}

async fn state_of(st: &AppState) -> Value {
    raw(st, "GET", "/_pinpoint/state", "", &[]).await.json()
}

/// Every operation of the model, called with labels that name nothing and a truncated body:
/// a 4xx, never a 5xx, and nothing changes.
#[tokio::test]
async fn every_operation_refuses_a_malformed_call_and_changes_nothing() {
    let st = seeded().await;
    let before = state_of(&st).await;
    // A listing without labels (GetApps, ListTemplates, …) has nothing to name wrongly.
    let labelled = OPERATIONS
        .iter()
        .filter(|o| o.uri.contains('{') || o.method.as_str() != "GET");
    for op in labelled {
        let path: String = op
            .uri
            .split('/')
            .map(|seg| if seg.starts_with('{') { "nope" } else { seg })
            .collect::<Vec<_>>()
            .join("/");
        let r = raw(&st, op.method.as_str(), &path, r#"{"Name": ["#, &[]).await;
        let status = r.status.as_u16();
        assert!(
            (400..500).contains(&status),
            "{} {} {path} → {status} {}",
            op.name,
            op.method.as_str(),
            String::from_utf8_lossy(&r.body)
        );
        assert!(!r.header("x-amzn-ErrorType").is_empty(), "{}", op.name);
    }
    assert_eq!(
        state_of(&st).await,
        before,
        "a refused call changed the state"
    );
}

#[tokio::test]
async fn unusual_but_valid_ids_and_unknown_members_are_accepted() {
    let st = seeded().await;
    for id in ["..", "50%", "%25", "a b", "ü-ñ-字", "x:y@z!*'()", "+1"] {
        let path = ep(&id.replace('%', "%25").replace(' ', "%20"));
        let r = json(
            &st,
            "PUT",
            &path,
            json!({"Unknown": {"Deeply": [1, 2]}, "Address": "x", "ChannelType": "CUSTOM"}),
        )
        .await;
        assert_eq!(
            r.status.as_u16(),
            202,
            "{id}: {}",
            String::from_utf8_lossy(&r.body)
        );
        let got = raw(&st, "GET", &path, "", &[]).await;
        assert_eq!(got.json()["Id"], id);
    }
}

/// JSON values built from the members the API knows, so fuzzing reaches deep into the rules.
fn json_value() -> impl Strategy<Value = Value> {
    let keys = prop::sample::select(vec![
        "Address",
        "ChannelType",
        "Attributes",
        "Metrics",
        "User",
        "UserId",
        "UserAttributes",
        "OptOut",
        "EndpointStatus",
        "EffectiveDate",
        "RequestId",
        "Location",
        "Latitude",
        "Demographic",
        "Make",
        "Item",
        "Id",
        "BatchItem",
        "Endpoint",
        "Events",
        "EventType",
        "Timestamp",
        "Session",
        "Name",
        "tags",
        "Blacklist",
        "Limits",
        "Daily",
        "QuietTime",
        "Start",
        "Format",
        "S3Url",
        "S3UrlPrefix",
        "RoleArn",
        "DefineSegment",
        "SegmentId",
        "SegmentName",
        "RecommendationProviderUri",
        "RecommendationProviderRoleArn",
        "RecommendationsPerMessage",
        "x",
        "",
    ]);
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| json!(f)),
        prop::sample::select(vec![
            "EMAIL",
            "GCM",
            "APNS",
            "NONE",
            "ALL",
            "ACTIVE",
            "2026-01-01T00:00:00Z",
            "a@b.c",
            "u1",
            "",
            "$"
        ])
        .prop_map(|s| json!(s)),
        ".{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(keys.clone().prop_map(str::to_string), inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn request() -> impl Strategy<Value = (String, String, Vec<u8>)> {
    let method = prop::sample::select(vec![
        "GET", "PUT", "POST", "DELETE", "PATCH", "OPTIONS", "HEAD",
    ]);
    let segment = prop_oneof![
        Just(APP.to_string()),
        prop::sample::select(vec![
            "v1",
            "apps",
            "endpoints",
            "users",
            "events",
            "attributes",
            "endpoint-custom-attributes",
            "channels",
            "templates",
            "messages",
            "segments",
            "campaigns",
            "journeys",
            "state",
            "activities",
            "versions",
            "users-messages",
            "otp",
            "verify-otp",
            "sent-messages",
            "opt-outs",
            "sms",
            "apns",
            "gcm",
            "_pinpoint",
            "state",
            "e1",
            "u",
            "settings",
            "jobs",
            "import",
            "export",
            "kpis",
            "daterange",
            "unique-deliveries",
            "recommenders",
            "tags",
            "runs",
            "execution-metrics"
        ])
        .prop_map(str::to_string),
        "[a-zA-Z0-9%$.{}:+ -]{0,10}".prop_map(|s| s.replace(' ', "%20")),
    ];
    let random =
        prop::collection::vec(segment, 0..6).prop_map(|segs| format!("/{}", segs.join("/")));
    // Every operation of the model: its URI with each label filled from a few likely values.
    let label = prop::sample::select(vec![APP, "e1", "u", "x", "sms", "SMS", "1", ""]);
    let of_model = (
        prop::sample::select(OPERATIONS.to_vec()),
        prop::collection::vec(label, 6),
    )
        .prop_map(|(op, labels)| {
            let mut labels = labels.into_iter();
            op.uri
                .split('/')
                .map(|seg| {
                    if seg.starts_with('{') {
                        labels.next().unwrap_or("x")
                    } else {
                        seg
                    }
                })
                .collect::<Vec<_>>()
                .join("/")
        });
    let path = prop_oneof![random, of_model];
    let body = prop_oneof![
        json_value().prop_map(|v| v.to_string().into_bytes()),
        prop::collection::vec(any::<u8>(), 0..64),
    ];
    (method.prop_map(str::to_string), path, body)
}

proptest! {
    // Default 300 cases keep `cargo test` quick; FUZZ_CASES raises it for a longer run (the
    // README gives the figures of one).
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(300)
    ))]
    #[test]
    fn arbitrary_requests_never_panic_or_get_a_5xx((method, path, body) in request()) {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let r = rt.block_on(async {
            let st = seeded().await;
            raw(&st, &method, &path, Body::from(body), &[]).await
        });
        prop_assert!(r.status.as_u16() < 500, "{method} {path} → {} {}", r.status, String::from_utf8_lossy(&r.body));
        if !r.status.is_success() && method != "HEAD" && method != "OPTIONS" {
            let v: Value = serde_json::from_slice(&r.body).expect("error bodies are JSON");
            prop_assert!(v["Message"].is_string());
            prop_assert!(!r.header("x-amzn-ErrorType").is_empty());
        }
    }
}
