//! [`parse_checked`] against the two steps it replaces, `check_body` then `parse_json`, for the
//! typed inputs the handlers use: every request body of the golden wire files, every row of the
//! hostile tables, and bodies generated from the model with deviations ([`super::one_gen`]).

use std::fmt::Debug;

use std::collections::BTreeMap;

use serde::de::{DeserializeOwned, IgnoredAny};
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use super::one_gen::{expand, Gen};
use super::*;
use crate::dto;
use crate::model;

/// Both paths for one target type; answers whether the one pass alone answered.
fn same<T: DeserializeOwned + Debug>(op: &str, body: &[u8]) -> bool {
    let input = input_of(op).unwrap();
    let slow = check_body(input, body).and_then(|()| parse_json::<T>(body));
    let fast = parse_checked::<T>(input, body);
    assert_eq!(
        format!("{fast:?}"),
        format!("{slow:?}"),
        "{op} as {}: {:?}",
        std::any::type_name::<T>(),
        String::from_utf8_lossy(&body[..body.len().min(400)])
    );
    let one = input
        .body
        .is_some_and(|root| super::one::parse::<T>(root, body).is_ok());
    if one {
        assert!(
            slow.is_ok(),
            "the one pass took a body the two steps refuse"
        );
    }
    one
}

/// A target that reads few members: the rest are ignored, so the one pass walks them.
#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Sparse {
    #[serde(rename = "ChannelType")]
    channel_type: Option<String>,
    #[serde(rename = "User")]
    user: Option<Box<RawValue>>,
    #[serde(rename = "BatchItem")]
    batch: Option<BTreeMap<String, IgnoredAny>>,
}

/// A target that buffers (untagged: serde's `Content`).
#[derive(Debug, Deserialize)]
#[serde(untagged)]
#[allow(dead_code)]
enum Untagged {
    Address {
        #[serde(rename = "Address")]
        address: String,
    },
    Other(Value),
}

/// A target with a flattened rest.
#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Flat {
    #[serde(rename = "Name")]
    name: Option<String>,
    #[serde(flatten)]
    rest: BTreeMap<String, Value>,
}

/// Every target type of an operation: the handler's, the generated model's, and JSON trees.
/// Answers how many of them the one pass answered alone.
fn targets(op: &str, body: &[u8]) -> usize {
    let mut fast = vec![
        same::<Value>(op, body),
        same::<Map<String, Value>>(op, body),
        same::<IgnoredAny>(op, body),
        same::<Box<RawValue>>(op, body),
        same::<Sparse>(op, body),
        same::<Untagged>(op, body),
        same::<Flat>(op, body),
    ];
    let typed = match op {
        "UpdateEndpoint" => vec![
            same::<dto::endpoints::EndpointRequest>(op, body),
            same::<model::EndpointRequest>(op, body),
        ],
        "UpdateEndpointsBatch" => vec![same::<model::EndpointBatchRequest>(op, body)],
        "PutEvents" => vec![
            same::<dto::events::EventsRequest>(op, body),
            same::<model::EventsRequest>(op, body),
        ],
        "SendMessages" => vec![same::<model::MessageRequest>(op, body)],
        "SendUsersMessages" => vec![
            same::<model::SendUsersMessageRequest>(op, body),
            same::<model::SendUsersMessageRequest>(op, body),
        ],
        "CreateCampaign" | "UpdateCampaign" => vec![same::<model::WriteCampaignRequest>(op, body)],
        "CreateApp" => vec![same::<model::CreateApplicationRequest>(op, body)],
        "CreateSegment" | "UpdateSegment" => vec![same::<model::WriteSegmentRequest>(op, body)],
        "RemoveAttributes" => vec![same::<model::UpdateAttributesRequest>(op, body)],
        "TagResource" => vec![same::<model::TagsModel>(op, body)],
        "PhoneNumberValidate" => vec![same::<model::NumberValidateRequest>(op, body)],
        "PutEventStream" => vec![same::<model::WriteEventStream>(op, body)],
        "UpdateApplicationSettings" => {
            vec![same::<model::WriteApplicationSettingsRequest>(op, body)]
        }
        _ => vec![],
    };
    fast.extend(typed);
    fast.into_iter().filter(|f| *f).count()
}

/// The operations with a typed target above.
const TYPED: &[&str] = &[
    "UpdateEndpoint",
    "UpdateEndpointsBatch",
    "PutEvents",
    "SendMessages",
    "SendUsersMessages",
    "CreateCampaign",
    "CreateApp",
    "CreateSegment",
    "RemoveAttributes",
    "TagResource",
    "PhoneNumberValidate",
    "PutEventStream",
    "UpdateApplicationSettings",
];

/// The request bodies of the golden wire files, by operation.
fn golden() -> Vec<(String, Vec<u8>)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden");
    let mut bodies = Vec::new();
    for op in std::fs::read_dir(dir).unwrap() {
        let op = op.unwrap();
        let name = op.file_name().to_string_lossy().into_owned();
        for case in std::fs::read_dir(op.path()).unwrap() {
            let text = std::fs::read(case.unwrap().path()).unwrap();
            let request = match find(&text, b"\n--- response") {
                Some(end) => &text[..end],
                None => &text[..],
            };
            let body = match find(request, b"\n\n") {
                Some(start) => request[start + 2..].to_vec(),
                None => Vec::new(),
            };
            bodies.push((name.clone(), body));
        }
    }
    bodies.sort();
    bodies
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// The bodies of the hostile tables (`tests/it/hostile/table.rs` for the syntax).
fn hostile() -> Vec<Vec<u8>> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/hostile");
    let mut bodies = Vec::new();
    for file in std::fs::read_dir(dir).unwrap() {
        let text = std::fs::read_to_string(file.unwrap().path()).unwrap();
        for line in text.lines() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let body = line.splitn(4, '|').nth(3).unwrap_or("").trim();
            bodies.push(expand(body));
        }
    }
    bodies
}

#[test]
fn golden_bodies_agree() {
    let bodies = golden();
    assert!(bodies.len() > 100, "{}", bodies.len());
    let mut fast = 0;
    for (op, body) in &bodies {
        if input_of(op).is_some_and(|i| i.body.is_some()) {
            fast += targets(op, body);
            for other in TYPED {
                targets(other, body);
            }
        }
    }
    assert!(fast > 50, "the one pass answered {fast} golden bodies");
}

#[test]
fn hostile_bodies_agree() {
    let bodies = hostile();
    assert!(bodies.len() >= 270, "{}", bodies.len());
    for body in &bodies {
        for op in TYPED {
            targets(op, body);
        }
    }
}

#[test]
fn the_benchmark_bodies_take_one_pass() {
    let endpoint = br#"{"ChannelType":"EMAIL","Address":"ana@example.com","Attributes":{"plan":["pro"]},"User":{"UserId":"ana","UserAttributes":{"tier":["gold"]}}}"#;
    assert!(same::<dto::endpoints::EndpointRequest>(
        "UpdateEndpoint",
        endpoint
    ));
    let events = super::one_gen::events_body(50);
    assert!(same::<dto::events::EventsRequest>(
        "PutEvents",
        events.as_bytes()
    ));
}

#[test]
fn the_two_steps_are_kept_where_the_one_pass_cannot_follow() {
    // A required member missing, a wrong enum, a wrong type, a syntax error after a violation.
    for body in [
        r#"{"Name":7}"#,
        r#"{"tags":{}}"#,
        r#"{"Name":"a"} x"#,
        r#"{"Name":7,"#,
        "",
        " \n",
        "null",
    ] {
        targets("CreateApp", body.as_bytes());
    }
    targets("UpdateEndpoint", br#"{"ChannelType":"NOPE"}"#);
    targets("UpdateEndpoint", br#"{"ChannelType":{"SMS":null}}"#);
    targets(
        "UpdateEndpoint",
        b"{\"Address\":\"\xff\",\"ChannelType\":5}",
    );
    targets(
        "UpdateEndpointsBatch",
        br#"{"Item":[{"Id":"a","Attributes":{"k":[1]}}]}"#,
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(600))]

    #[test]
    fn generated_bodies_agree(seed in proptest::prelude::any::<u64>(), which in 0..TYPED.len()) {
        let op = TYPED[which];
        let root = input_of(op).unwrap().body.unwrap();
        let body = Gen::new(seed).body(root);
        targets(op, &body);
    }
}

#[test]
fn generated_bodies_exercise_both_paths() {
    for op in TYPED {
        let root = input_of(op).unwrap().body.unwrap();
        let (mut one, mut two) = (0, 0);
        for seed in 0..150 {
            let body = Gen::new(seed * 7919).body(root);
            let n = targets(op, &body);
            one += n;
            two += usize::from(n == 0);
        }
        assert!(
            one > 0 && two > 0,
            "{op}: {one} bodies in one pass, {two} in two"
        );
    }
}

#[tokio::test]
async fn read_checked_reads_checks_then_parses() {
    use axum::body::Body;
    use axum::http::Request;

    let input = input_of("UpdateEndpoint").unwrap();
    let parts = |len: Option<&str>| {
        let mut req = Request::put("/v1/apps/a/endpoints/e1");
        if let Some(len) = len {
            req = req.header("content-length", len);
        }
        req.body(()).unwrap().into_parts().0
    };
    let body = r#"{"ChannelType":"SMS","Address":"+1"}"#;
    let (got, len) = read_checked_sized::<Value>(input, &parts(None), Body::from(body))
        .await
        .unwrap();
    assert_eq!((got["Address"].as_str(), len), (Some("+1"), body.len()));
    let bad = read_checked_sized::<Value>(input, &parts(None), Body::from(r#"{"Address":5}"#))
        .await
        .map(|(v, _)| v);
    assert_eq!(
        format!("{bad:?}"),
        format!(
            "{:?}",
            check_body(input, br#"{"Address":5}"#).map(|()| Value::Null)
        )
    );
    let empty = read_checked_sized::<Value>(input, &parts(None), Body::empty())
        .await
        .map(|(v, _)| v);
    assert_eq!(
        format!("{empty:?}"),
        format!("{:?}", parse_json::<Value>(b""))
    );
    let huge = read_checked_sized::<Value>(input, &parts(Some("99999999")), Body::empty())
        .await
        .map(|(v, _)| v);
    assert!(matches!(
        huge,
        Err(crate::error::ApiError::PayloadTooLarge(_))
    ));
    // A required query parameter missing: the parameters come before the body.
    let with_params = crate::protocol::shapes::INPUTS
        .iter()
        .find(|i| i.body.is_some() && i.params.iter().any(|p| p.required));
    if let Some(input) = with_params {
        let err = read_checked_sized::<Value>(input, &parts(None), Body::from("{"))
            .await
            .map(|(v, _)| v);
        assert_eq!(
            format!("{err:?}"),
            format!(
                "{:?}",
                check_params(input, None, &axum::http::HeaderMap::new()).map(|()| Value::Null)
            )
        );
    }
}
