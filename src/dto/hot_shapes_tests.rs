//! The hand-written hot-path types against the generated shapes (issue 24): UpdateEndpoint's
//! and PutEvents' hand-written inputs read every golden request body as the generated input
//! shapes read it, and know no member the model does not have; GetEndpoint's hand-written answer
//! writes what the generated `EndpointResponse` writes for the same endpoint.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use super::endpoint_shapes::{endpoint_response, endpoints_response};
use super::endpoints::{EndpointRequest, GetEndpointOutput, GetUserEndpointsOutput};
use super::events::EventsRequest;
use crate::model;
use crate::store::{Logs, Scope, Store, StoreOptions};

/// `a` and `b` are the same JSON, numbers as numbers and a `null` member as none; with
/// `dropped`, `b` may hold object members `a` lacks.
fn same(a: &Value, b: &Value, dropped: bool) -> bool {
    let members = |m: &serde_json::Map<String, Value>| m.values().filter(|v| !v.is_null()).count();
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y, dropped))
        }
        (Value::Object(x), Value::Object(y)) => {
            (dropped || members(x) == members(y))
                && x.iter()
                    .filter(|(_, v)| !v.is_null())
                    .all(|(k, v)| y.get(k).is_some_and(|w| same(v, w, dropped)))
        }
        _ => a == b,
    }
}

/// The request bodies of an operation's golden files that are JSON objects.
fn golden_bodies(op: &str) -> Vec<(String, String)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(op);
    let mut out = Vec::new();
    for file in std::fs::read_dir(dir).unwrap() {
        let path = file.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let request = text.split_once("\n--- response\n").unwrap().0;
        let Some((_, body)) = request.split_once("\n\n") else {
            continue;
        };
        if body.trim_start().starts_with('{') {
            out.push((path.display().to_string(), body.trim().to_string()));
        }
    }
    out
}

/// Every golden body the generated input shape `G` reads, the hand-written `H` reads too, and
/// writes back what `G` writes back (`H` may keep more where `dropped`: the events it keeps as
/// sent). Returns how many bodies were compared.
fn reads_as_generated<H, G>(op: &str, dropped: bool) -> usize
where
    H: DeserializeOwned + Serialize,
    G: DeserializeOwned + Serialize,
{
    let mut n = 0;
    for (file, body) in golden_bodies(op) {
        let Ok(generated) = serde_json::from_str::<G>(&body) else {
            continue;
        };
        let hand: H = serde_json::from_str(&body).unwrap_or_else(|e| panic!("{file}: {e}"));
        let (g, h) = (
            serde_json::to_value(&generated).unwrap(),
            serde_json::to_value(&hand).unwrap(),
        );
        assert!(
            same(&g, &h, dropped),
            "{file}:\n  generated {g}\n  hand      {h}"
        );
        n += 1;
    }
    n
}

/// An EndpointRequest with every member of the generated shape.
fn every_member() -> model::EndpointRequest {
    let attrs = || Some([("a".to_string(), vec!["x".to_string()])].into());
    model::EndpointRequest {
        address: Some("ana@example.com".into()),
        attributes: attrs(),
        channel_type: Some(model::ChannelType::Email),
        demographic: Some(model::EndpointDemographic {
            app_version: Some("1".into()),
            locale: Some("en_US".into()),
            make: Some("m".into()),
            model: Some("mo".into()),
            model_version: Some("2".into()),
            platform: Some("ios".into()),
            platform_version: Some("17".into()),
            timezone: Some("UTC".into()),
        }),
        effective_date: Some("2026-01-01T00:00:00.000Z".into()),
        endpoint_status: Some("ACTIVE".into()),
        location: Some(model::EndpointLocation {
            city: Some("Seattle".into()),
            country: Some("US".into()),
            latitude: Some(47.5),
            longitude: Some(-122.25),
            postal_code: Some("98101".into()),
            region: Some("WA".into()),
        }),
        metrics: Some([("visits".to_string(), 3.5)].into()),
        opt_out: Some("NONE".into()),
        request_id: Some("r1".into()),
        user: Some(model::EndpointUser {
            user_attributes: attrs(),
            user_id: Some("ana".into()),
        }),
    }
}

#[test]
fn update_endpoint_reads_every_body_and_member_as_the_generated_shape() {
    let n = reads_as_generated::<EndpointRequest, model::EndpointRequest>("UpdateEndpoint", false);
    assert!(n > 0);
    // Every member of the generated shape, and no other, read and written back.
    let full = serde_json::to_value(every_member()).unwrap();
    let hand: EndpointRequest = serde_json::from_value(full.clone()).unwrap();
    let back = serde_json::to_value(&hand).unwrap();
    assert!(same(&full, &back, false), "{full}\n{back}");
}

#[test]
fn put_events_reads_every_body_as_the_generated_shape() {
    let n = reads_as_generated::<EventsRequest, model::EventsRequest>("PutEvents", true);
    assert!(n > 0);
    // A batch with every endpoint member: the events are kept as sent, the rest is the shape's.
    let endpoint = serde_json::to_value(every_member()).unwrap();
    let body: Value = serde_json::from_str(&format!(
        r#"{{"BatchItem":{{"e1":{{"Endpoint":{endpoint},"Events":{{}}}}}}}}"#
    ))
    .unwrap();
    let hand: EventsRequest = serde_json::from_value(body.clone()).unwrap();
    let generated: model::EventsRequest = serde_json::from_value(body.clone()).unwrap();
    let (h, g) = (
        serde_json::to_value(&hand).unwrap(),
        serde_json::to_value(&generated).unwrap(),
    );
    assert!(same(&g, &h, false) && same(&body, &h, false), "{g}\n{h}");
}

#[test]
fn get_endpoint_writes_what_the_generated_shape_writes() {
    let store = Store::new(
        StoreOptions::default(),
        Logs::in_memory(10),
        std::sync::Arc::new(crate::clock::ManualClock::default()),
        std::sync::Arc::new(crate::ids::SequentialIds::default()),
    );
    let scope = Scope {
        account: "000000000000".into(),
        region: "us-east-1".into(),
    };
    let app = "0123456789abcdef0123456789abcdef";
    let hand: EndpointRequest =
        serde_json::from_value(serde_json::to_value(every_member()).unwrap()).unwrap();
    let patch = hand.into_patch().unwrap();
    store
        .update_endpoints(&scope, app, vec![("e1".into(), patch)], "r")
        .unwrap();
    let (hand, generated) = store
        .with_endpoint(&scope, app, "e1", |view| {
            let hand = GetEndpointOutput::new(app, view).unwrap();
            (hand, endpoint_response(app, view))
        })
        .unwrap();
    let hand: Value = serde_json::from_slice(&hand.0).unwrap();
    let generated = serde_json::to_value(&generated).unwrap();
    assert!(same(&generated, &hand, false), "{generated}\n{hand}");
    // And the generated shape reads the hand-written answer back whole.
    let reread: model::EndpointResponse = serde_json::from_value(hand.clone()).unwrap();
    let reread = serde_json::to_value(&reread).unwrap();
    assert!(same(&reread, &hand, false), "{reread}\n{hand}");
    for member in ["Demographic", "Location", "Metrics", "User"] {
        assert!(hand.get(member).is_some(), "{member} missing: {hand}");
    }
    // GetUserEndpoints' hand-written answer: the same endpoints as the generated listing.
    let user = hand["User"]["UserId"].as_str().unwrap().to_string();
    let (hand, generated) = store
        .with_user_endpoints(&scope, app, &user, |views| {
            let generated = endpoints_response(app, views.iter().copied());
            (GetUserEndpointsOutput::new(app, views).unwrap(), generated)
        })
        .unwrap();
    let hand: Value = serde_json::from_slice(&hand.0).unwrap();
    let generated = serde_json::to_value(&generated).unwrap();
    assert!(same(&generated, &hand, false), "{generated}\n{hand}");
    assert_eq!(hand["Item"].as_array().map(Vec::len), Some(1), "{hand}");
}
