//! The committed Pinpoint model is the coverage oracle: every operation it lists is mounted at its
//! method and URI with its success code, and is served.

use pinpoint_local::protocol::catalog::OPERATIONS;
use pinpoint_local::protocol::shapes::ShapeId;
use pinpoint_local::routes::{is_served, SERVED};
use serde_json::{json, Value};

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

/// The model's shape `name`, as the generated table should hold it.
fn expect_shape(model: &Value, name: &str, ids: &mut std::collections::HashMap<String, ShapeId>) {
    use pinpoint_local::protocol::shapes::{Kind, TimestampFormat, SHAPES};
    let id = *ids
        .get(name)
        .unwrap_or_else(|| panic!("{name} is reachable from a request but not generated"));
    let shape = &SHAPES[usize::from(id)];
    assert_eq!(shape.name, name);
    let m = &model["shapes"][name];
    let target = |v: &Value| v["shape"].as_str().unwrap().to_string();
    let named = |id: ShapeId| SHAPES[usize::from(id)].name;
    match (m["type"].as_str().unwrap(), shape.kind) {
        ("string", Kind::String) => assert!(m.get("enum").is_none(), "{name}"),
        ("string", Kind::Enum(values)) => assert_eq!(m["enum"], json!(values), "{name}"),
        ("boolean", Kind::Boolean)
        | ("integer", Kind::Integer)
        | ("long", Kind::Long)
        | ("double", Kind::Double)
        | ("blob", Kind::Blob) => {}
        ("timestamp", Kind::Timestamp(f)) => {
            let want = match f {
                TimestampFormat::Iso8601 => "iso8601",
                TimestampFormat::Unix => "unixTimestamp",
            };
            assert_eq!(
                m["timestampFormat"].as_str().unwrap_or("unixTimestamp"),
                want,
                "{name}"
            );
        }
        ("list", Kind::List(member)) => assert_eq!(named(member), target(&m["member"]), "{name}"),
        ("map", Kind::Map(k, v)) => {
            assert_eq!(named(k), target(&m["key"]), "{name}");
            assert_eq!(named(v), target(&m["value"]), "{name}");
        }
        ("structure", Kind::Structure(members)) => {
            let want = m["members"].as_object().unwrap();
            let required: Vec<&str> = m["required"]
                .as_array()
                .map(|r| r.iter().map(|v| v.as_str().unwrap()).collect())
                .unwrap_or_default();
            assert_eq!(members.len(), want.len(), "{name}");
            // (serde_json's map is sorted; the table keeps the model's order.)
            for member in members {
                let wname = member.name;
                let wspec = want
                    .get(wname)
                    .unwrap_or_else(|| panic!("{name}.{wname} is not in the model"));
                assert_eq!(named(member.shape), target(wspec), "{name}.{wname}");
                assert_eq!(member.required, required.contains(&wname), "{name}.{wname}");
            }
        }
        (t, k) => panic!("{name}: the model says {t}, the table {k:?}"),
    }
}

#[test]
fn the_request_shapes_match_the_model_exactly() {
    use pinpoint_local::protocol::shapes::{Location, INPUTS, SHAPES};
    let model = model();
    let ops = model["operations"].as_object().unwrap();
    assert_eq!(INPUTS.len(), ops.len());
    let mut ids: std::collections::HashMap<String, ShapeId> = SHAPES
        .iter()
        .enumerate()
        .map(|(i, s)| (s.name.to_string(), ShapeId::try_from(i).unwrap()))
        .collect();
    assert_eq!(ids.len(), SHAPES.len(), "a shape is generated twice");
    // Every shape reachable from an input is generated, and nothing else.
    let mut todo = Vec::new();
    for (input, op) in INPUTS.iter().zip(OPERATIONS) {
        assert_eq!(input.operation, op.name);
        let shape = &model["shapes"][ops[op.name]["input"]["shape"].as_str().unwrap()];
        let required: Vec<&str> = shape["required"]
            .as_array()
            .map(|r| r.iter().map(|v| v.as_str().unwrap()).collect())
            .unwrap_or_default();
        let payload = shape["payload"].as_str();
        assert_eq!(
            input.body.map(|b| SHAPES[usize::from(b)].name),
            payload.map(|p| shape["members"][p]["shape"].as_str().unwrap()),
            "{}",
            op.name
        );
        assert_eq!(
            input.body_required,
            payload.is_some_and(|p| required.contains(&p))
        );
        let params: Vec<(&str, &Value)> = shape["members"]
            .as_object()
            .unwrap()
            .iter()
            .filter(|(_, v)| matches!(v["location"].as_str(), Some("querystring" | "header")))
            .map(|(k, v)| (k.as_str(), v))
            .collect();
        assert_eq!(input.params.len(), params.len(), "{}", op.name);
        for param in input.params {
            let (member, spec) = params
                .iter()
                .find(|(_, v)| v["locationName"] == param.wire)
                .unwrap_or_else(|| panic!("{}: {} is not in the model", op.name, param.wire));
            let loc = match param.location {
                Location::Query => "querystring",
                Location::Header => "header",
            };
            assert_eq!(spec["location"], loc, "{}", op.name);
            assert_eq!(
                SHAPES[usize::from(param.shape)].name,
                spec["shape"],
                "{}",
                op.name
            );
            assert_eq!(param.required, required.contains(member), "{}", op.name);
        }
        todo.extend(
            input
                .body
                .iter()
                .chain(input.params.iter().map(|p| &p.shape))
                .copied(),
        );
    }
    let mut seen = std::collections::HashSet::new();
    while let Some(id) = todo.pop() {
        let name = SHAPES[usize::from(id)].name;
        if !seen.insert(name) {
            continue;
        }
        expect_shape(&model, name, &mut ids);
        let m = &model["shapes"][name];
        let mut next = |v: &Value| todo.push(ids[v["shape"].as_str().unwrap()]);
        match m["type"].as_str().unwrap() {
            "structure" => m["members"]
                .as_object()
                .unwrap()
                .values()
                .for_each(&mut next),
            "list" => next(&m["member"]),
            "map" => {
                next(&m["key"]);
                next(&m["value"]);
            }
            _ => {}
        }
    }
    assert_eq!(
        seen.len(),
        SHAPES.len(),
        "a generated shape is not reachable from any input"
    );
}
