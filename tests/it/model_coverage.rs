//! The committed Pinpoint model is the coverage oracle: every operation it lists is mounted at its
//! method and URI with its success code, and is served.

use pinpoint_local::routes::catalog::OPERATIONS;
use pinpoint_local::routes::{is_served, SERVED};
use serde_json::Value;

use crate::common::{raw, TestServer};

fn model() -> Value {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/model/pinpoint-service-2.json"
    ))
    .unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn the_catalog_matches_the_model_exactly() {
    let model = model();
    let ops = model["operations"].as_object().unwrap();
    assert_eq!(ops.len(), OPERATIONS.len());
    for op in OPERATIONS {
        let m = &ops[op.name]["http"];
        assert_eq!(m["method"], op.method.as_str(), "{}", op.name);
        assert_eq!(m["requestUri"], op.uri, "{}", op.name);
        assert_eq!(
            m["responseCode"].as_u64().unwrap_or(200),
            u64::from(op.success_code),
            "{}",
            op.name
        );
    }
}

/// Fills every `{label}` of a template with a harmless value.
fn concrete(uri: &str) -> String {
    uri.split('/')
        .map(|seg| if seg.starts_with('{') { "x1" } else { seg })
        .collect::<Vec<_>>()
        .join("/")
}

#[test]
fn every_operation_of_the_model_is_served() {
    let unserved: Vec<&str> = OPERATIONS
        .iter()
        .filter(|o| !is_served(o.name))
        .map(|o| o.name)
        .collect();
    assert!(unserved.is_empty(), "unserved: {unserved:?}");
    assert_eq!(SERVED.len(), OPERATIONS.len());
}

#[tokio::test]
async fn every_served_operation_is_reachable_at_its_method_and_uri() {
    let server = TestServer::start().await;
    for op in OPERATIONS.iter().filter(|o| is_served(o.name)) {
        let r = raw(
            &server.state,
            op.method.as_str(),
            &concrete(op.uri),
            "{}",
            &[],
        )
        .await;
        // Whatever the answer (success, 400 or 404), it is not the 501 or 405 of an unrouted call.
        assert!(
            ![405, 501].contains(&r.status.as_u16()),
            "{} answered {}",
            op.name,
            r.status
        );
    }
}
