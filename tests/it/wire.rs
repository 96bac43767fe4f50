//! Raw rest-json wire tests: status codes, headers and error bodies, through the router.

use pinpoint_local::AppState;
use serde_json::json;

use crate::common::{app_id, json, raw};

#[tokio::test]
async fn update_endpoint_answers_202_with_message_body_and_matching_request_id() {
    let st = AppState::for_tests();
    let r = json(
        &st,
        "PUT",
        &format!("/v1/apps/{}/endpoints/e1", app_id()),
        json!({}),
    )
    .await;
    assert_eq!(r.status.as_u16(), 202);
    let body = r.json();
    assert_eq!(body["Message"], "Accepted");
    assert_eq!(body["RequestID"], r.header("x-amzn-RequestId"));
}

#[tokio::test]
async fn success_codes_follow_the_model() {
    let st = AppState::for_tests();
    let app = app_id();
    let ep = format!("/v1/apps/{app}/endpoints/e1");
    let user = json!({"ChannelType":"EMAIL","Address":"a@x.com","User":{"UserId":"u1"}});
    assert_eq!(json(&st, "PUT", &ep, user).await.status.as_u16(), 202);
    assert_eq!(
        json(
            &st,
            "PUT",
            &format!("/v1/apps/{app}/endpoints"),
            json!({"Item":[{"Id":"e2"}]})
        )
        .await
        .status
        .as_u16(),
        202
    );
    assert_eq!(raw(&st, "GET", &ep, "", &[]).await.status.as_u16(), 200);
    assert_eq!(
        raw(&st, "GET", &format!("/v1/apps/{app}/users/u1"), "", &[])
            .await
            .status
            .as_u16(),
        200
    );
    let ev = json!({"BatchItem":{"e1":{"Endpoint":{},"Events":{}}}});
    assert_eq!(
        json(&st, "POST", &format!("/v1/apps/{app}/events"), ev)
            .await
            .status
            .as_u16(),
        202
    );
    let ra = json(
        &st,
        "PUT",
        &format!("/v1/apps/{app}/attributes/endpoint-custom-attributes"),
        json!({"Blacklist":["x"]}),
    )
    .await;
    assert_eq!(ra.status.as_u16(), 200);
    assert_eq!(
        raw(&st, "DELETE", &format!("/v1/apps/{app}/users/u1"), "", &[])
            .await
            .status
            .as_u16(),
        202
    );
    assert_eq!(
        raw(
            &st,
            "DELETE",
            &format!("/v1/apps/{app}/endpoints/e2"),
            "",
            &[]
        )
        .await
        .status
        .as_u16(),
        202
    );
    let created = json(&st, "POST", "/v1/apps", json!({"Name":"n"})).await;
    assert_eq!(created.status.as_u16(), 201);
    let id = created.json()["Id"].as_str().unwrap().to_string();
    assert_eq!(
        raw(&st, "GET", &format!("/v1/apps/{id}"), "", &[])
            .await
            .status
            .as_u16(),
        200
    );
    assert_eq!(
        raw(&st, "GET", "/v1/apps", "", &[]).await.status.as_u16(),
        200
    );
    assert_eq!(
        raw(&st, "DELETE", &format!("/v1/apps/{id}"), "", &[])
            .await
            .status
            .as_u16(),
        200
    );
}

#[tokio::test]
async fn malformed_json_wrong_types_and_bad_enums_are_bad_requests_that_change_nothing() {
    let st = AppState::for_tests();
    let app = app_id();
    let path = format!("/v1/apps/{app}/endpoints/e1");
    for body in [
        "{".to_string(),
        "[]".to_string(),
        r#"{"Attributes":{"a":"not-a-list"}}"#.to_string(),
        r#"{"Metrics":{"m":"1"}}"#.to_string(),
        r#"{"Location":{"Latitude":"north"}}"#.to_string(),
        r#"{"ChannelType":"PIGEON"}"#.to_string(),
        r#"{"OptOut":"SOME"}"#.to_string(),
        r#"{"EndpointStatus":"DELETED"}"#.to_string(),
        String::new(),
    ] {
        let r = raw(&st, "PUT", &path, body.clone(), &[]).await;
        let msg = r.assert_error(400, "BadRequestException");
        assert!(!msg.is_empty(), "{body}");
    }
    raw(&st, "GET", &path, "", &[])
        .await
        .assert_error(404, "NotFoundException");
}

#[tokio::test]
async fn type_errors_name_the_member() {
    let st = AppState::for_tests();
    let r = raw(
        &st,
        "PUT",
        &format!("/v1/apps/{}/endpoints/e", app_id()),
        r#"{"User":{"UserId":5}}"#,
        &[],
    )
    .await;
    let msg = r.assert_error(400, "BadRequestException");
    assert!(msg.contains("User.UserId"), "{msg}");
}

#[tokio::test]
async fn unknown_paths_and_wrong_methods() {
    let st = AppState::for_tests();
    raw(&st, "GET", "/v2/whatever", "", &[])
        .await
        .assert_error(404, "NotFoundException");
    raw(&st, "POST", "/v1/apps/a/endpoints/e", "{}", &[])
        .await
        .assert_error(405, "MethodNotAllowedException");
}

#[tokio::test]
async fn bodies_over_the_limit_are_413_before_parsing() {
    let st = AppState::for_tests();
    let big = vec![b' '; 7 * 1024 * 1024 + 1];
    raw(
        &st,
        "PUT",
        &format!("/v1/apps/{}/endpoints/e", app_id()),
        big,
        &[],
    )
    .await
    .assert_error(413, "PayloadTooLargeException");
    let events = vec![b' '; 4 * 1024 * 1024 + 1];
    raw(
        &st,
        "POST",
        &format!("/v1/apps/{}/events", app_id()),
        events,
        &[],
    )
    .await
    .assert_error(413, "PayloadTooLargeException");
}

#[tokio::test]
async fn any_content_type_is_parsed_as_json() {
    let st = AppState::for_tests();
    let r = raw(
        &st,
        "PUT",
        &format!("/v1/apps/{}/endpoints/e", app_id()),
        "{}",
        &[("content-type", "text/plain")],
    )
    .await;
    assert_eq!(r.status.as_u16(), 202);
}

#[tokio::test]
async fn path_labels_are_percent_decoded_and_plus_stays_plus() {
    let st = AppState::for_tests();
    let app = app_id();
    let r = json(
        &st,
        "PUT",
        &format!("/v1/apps/{app}/endpoints/us-east-1%3Aabc%2Fdef%2B1%20x+y"),
        json!({"User":{"UserId":"us-east-1:u/1"}}),
    )
    .await;
    assert_eq!(r.status.as_u16(), 202);
    let got = raw(
        &st,
        "GET",
        &format!("/v1/apps/{app}/endpoints/US-EAST-1%3AABC%2FDEF%2B1%20X+Y"),
        "",
        &[],
    )
    .await;
    assert_eq!(got.json()["Id"], "us-east-1:abc/def+1 x+y");
    let user = raw(
        &st,
        "GET",
        &format!("/v1/apps/{app}/users/us-east-1%3Au%2F1"),
        "",
        &[],
    )
    .await;
    assert_eq!(user.json()["Item"][0]["Id"], "us-east-1:abc/def+1 x+y");
    raw(
        &st,
        "PUT",
        &format!("/v1/apps/{app}/endpoints/a%24b"),
        "{}",
        &[],
    )
    .await
    .assert_error(400, "BadRequestException");
    raw(
        &st,
        "PUT",
        &format!("/v1/apps/{app}/endpoints/a%FFb"),
        "{}",
        &[],
    )
    .await
    .assert_error(400, "BadRequestException");
}

#[tokio::test]
async fn cors_preflight_and_exposed_headers() {
    let st = AppState::for_tests();
    let pre = raw(&st, "OPTIONS", "/v1/apps/a/events", "", &[
        ("origin", "http://localhost:3000"),
        ("access-control-request-method", "POST"),
        ("access-control-request-headers", "amz-sdk-invocation-id,amz-sdk-request,authorization,content-type,x-amz-date,x-amz-security-token,x-amz-user-agent"),
    ]).await;
    assert!(pre.status.is_success());
    assert_eq!(
        pre.header("access-control-allow-origin"),
        "http://localhost:3000"
    );
    assert!(pre
        .header("access-control-allow-headers")
        .contains("amz-sdk-invocation-id"));
    let err = raw(
        &st,
        "GET",
        "/v1/apps/nope/endpoints/e",
        "",
        &[("origin", "http://localhost:3000")],
    )
    .await;
    err.assert_error(404, "NotFoundException");
    let exposed = err
        .header("access-control-expose-headers")
        .to_ascii_lowercase();
    assert!(
        exposed.contains("x-amzn-requestid") && exposed.contains("x-amzn-errortype"),
        "{exposed}"
    );
    assert_eq!(
        err.header("access-control-allow-origin"),
        "http://localhost:3000"
    );
}

#[tokio::test]
async fn region_comes_from_the_credential_scope() {
    let st = AppState::for_tests();
    let app = app_id();
    let auth = |region: &str| {
        format!("AWS4-HMAC-SHA256 Credential=AKID/20261123/{region}/mobiletargeting/aws4_request, SignedHeaders=host, Signature=00")
    };
    let eu = auth("eu-west-1");
    let r = raw(
        &st,
        "PUT",
        &format!("/v1/apps/{app}/endpoints/e"),
        "{}",
        &[("authorization", eu.as_str())],
    )
    .await;
    assert_eq!(r.status.as_u16(), 202);
    raw(&st, "GET", &format!("/v1/apps/{app}/endpoints/e"), "", &[])
        .await
        .assert_error(404, "NotFoundException");
    let ok = raw(
        &st,
        "GET",
        &format!("/v1/apps/{app}/endpoints/e"),
        "",
        &[("authorization", eu.as_str())],
    )
    .await;
    assert_eq!(ok.status.as_u16(), 200);
}
