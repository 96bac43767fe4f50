//! Raw rest-json wire tests of bodies, through the router: a batch at its limit, the endpoint
//! answer's shape, and the model check coming before an operation's own rules.

use pinpoint_local::AppState;
use serde_json::json;

use crate::common::{app_id, json, raw};

#[tokio::test]
async fn batch_of_100_is_accepted_and_101_refused() {
    let st = AppState::for_tests();
    let app = app_id();
    let items = |n: usize| json!({"Item": (0..n).map(|i| json!({"Id": format!("e{i}")})).collect::<Vec<_>>()});
    assert_eq!(
        json(&st, "PUT", &format!("/v1/apps/{app}/endpoints"), items(100))
            .await
            .status
            .as_u16(),
        202
    );
    let msg = json(&st, "PUT", &format!("/v1/apps/{app}/endpoints"), items(101))
        .await
        .assert_error(400, "BadRequestException");
    assert!(msg.contains("100"), "{msg}");
    json(
        &st,
        "PUT",
        &format!("/v1/apps/{app}/endpoints"),
        json!({"Item":[{"Address":"x"}]}),
    )
    .await
    .assert_error(400, "BadRequestException");
    json(&st, "PUT", &format!("/v1/apps/{app}/endpoints"), json!({}))
        .await
        .assert_error(400, "BadRequestException");
}

#[tokio::test]
async fn endpoint_response_shape() {
    let st = AppState::for_tests();
    let app = app_id();
    json(
        &st,
        "PUT",
        &format!("/v1/apps/{app}/endpoints/e"),
        json!({"ChannelType":"SMS","Address":"+15550100"}),
    )
    .await;
    let ep = raw(&st, "GET", &format!("/v1/apps/{app}/endpoints/e"), "", &[])
        .await
        .json();
    assert_eq!(ep["User"], json!({}));
    assert_eq!(ep["Attributes"], json!({}));
    assert!(
        ep.get("Demographic").is_none()
            && ep.get("Location").is_none()
            && ep.get("Metrics").is_none()
    );
    assert!(ep["CohortId"].is_string());
    assert_eq!(ep["ApplicationId"], app);
    let created = ep["CreationDate"].as_str().unwrap();
    assert_eq!(created.len(), 24, "{created}");
    assert!(created.ends_with('Z'));
}

/// The model check (docs/behaviour.md#model-validation): its order, its paths and what it lets
/// through to the operation.
#[tokio::test]
async fn requests_are_checked_against_the_model_first() {
    let st = AppState::for_tests();
    let app = app_id();
    let endpoint = format!("/v1/apps/{app}/endpoints/e");
    // Size before anything else, even for a body the model would refuse.
    let mut big = br#"{"ChannelType":"PIGEON","Address":""#.to_vec();
    big.resize(7 * 1024 * 1024 + 10, b'a');
    big.extend_from_slice(br#""}"#);
    raw(&st, "PUT", &endpoint, big, &[])
        .await
        .assert_error(413, "PayloadTooLargeException");
    // JSON syntax before the model: the operation's own parse error.
    let msg = raw(&st, "PUT", &endpoint, r#"{"ChannelType":"PIGEON","#, &[])
        .await
        .assert_error(400, "BadRequestException");
    assert!(msg.contains("EOF while parsing"), "{msg}");
    // Paths from the body's shape, through list positions and map keys.
    let msg = raw(
        &st,
        "PUT",
        &format!("/v1/apps/{app}/endpoints"),
        r#"{"Item":[{"Id":"a"},{"Id":"b","User":{"UserAttributes":{"plan":["x",2]}}}]}"#,
        &[],
    )
    .await
    .assert_error(400, "BadRequestException");
    assert_eq!(
        msg,
        "Invalid request body at EndpointBatchRequest.Item[1].User.UserAttributes.plan[1]: expected a string"
    );
    let msg = raw(
        &st,
        "PUT",
        &endpoint,
        r#"{"OptOut":"ALL","ChannelType":"sms"}"#,
        &[],
    )
    .await
    .assert_error(400, "BadRequestException");
    assert!(
        msg.starts_with(
            r#"Invalid request body at EndpointRequest.ChannelType: "sms" is not one of PUSH, GCM,"#
        ),
        "{msg}"
    );
    // Unknown members, other letter cases and nulls pass the check; the body reaches the handler.
    let r = raw(
        &st,
        "PUT",
        &endpoint,
        r#"{"Address":"+15550100","ChannelType":"SMS","channeltype":7,"Extra":{"x":[1]},"Location":null}"#,
        &[],
    )
    .await;
    assert_eq!(r.status.as_u16(), 202);
    let got = raw(&st, "GET", &endpoint, "", &[]).await.json();
    assert_eq!(got["Address"], "+15550100");
    // A query parameter of the model's boolean type.
    let msg = raw(
        &st,
        "PUT",
        "/v1/templates/t1/sms?create-new-version=yes",
        r#"{"Body":"hi"}"#,
        &[],
    )
    .await
    .assert_error(400, "BadRequestException");
    assert_eq!(
        msg,
        r#"Invalid create-new-version "yes": must be true or false"#
    );
}
