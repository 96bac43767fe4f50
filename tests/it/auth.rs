//! Optional real authentication: SigV4 verified against `--auth-credentials`, with the real Rust
//! SDK signing real requests.

use std::time::{Duration, SystemTime};

use aws_sdk_pinpoint::error::ProvideErrorMetadata;
use aws_sdk_pinpoint::types::EndpointRequest;
use aws_sdk_pinpoint::Client;
use pinpoint_local::config::Config;

use crate::common::{app_id, raw, TestServer};

const ALICE: (&str, &str, &str) = ("AKIAALICE0000000000A", "alice-secret", "111111111111");
const BOB: (&str, &str, &str) = (
    "AKIABOB00000000000B",
    "bob/secret+with=chars",
    "222222222222",
);

async fn server() -> TestServer {
    let dir = std::env::temp_dir().join(format!("pinpoint-local-auth-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("credentials.json");
    let list: Vec<_> = [ALICE, BOB]
        .iter()
        .map(
            |(k, s, a)| serde_json::json!({"AccessKeyId": k, "SecretAccessKey": s, "AccountId": a}),
        )
        .collect();
    std::fs::write(&file, serde_json::to_string(&list).unwrap()).unwrap();
    let mut config = Config::for_tests();
    config.auth_credentials = Some(file);
    TestServer::with_config(config).await
}

fn client(server: &TestServer, who: (&str, &str, &str)) -> Client {
    Client::from_conf(server.config_as(who.0, who.1, "us-east-1").build())
}

async fn error_code(c: &Client, app: &str) -> (Option<String>, Option<String>) {
    let err = c
        .get_endpoint()
        .application_id(app)
        .endpoint_id("e")
        .send()
        .await
        .unwrap_err();
    let meta = err.into_service_error();
    (
        meta.code().map(str::to_string),
        meta.message().map(str::to_string),
    )
}

#[tokio::test]
async fn signed_requests_pass_and_each_key_sees_only_its_account() {
    let server = server().await;
    let app = app_id();
    let alice = client(&server, ALICE);
    alice
        .update_endpoint()
        .application_id(&app)
        .endpoint_id("us-east-1:a/b+c d")
        .endpoint_request(
            EndpointRequest::builder()
                .attributes("k", vec!["v".into()])
                .build(),
        )
        .send()
        .await
        .unwrap();
    alice
        .get_endpoint()
        .application_id(&app)
        .endpoint_id("us-east-1:a/b+c d")
        .send()
        .await
        .unwrap();
    let created = alice
        .get_app()
        .application_id(&app)
        .send()
        .await
        .unwrap()
        .application_response
        .unwrap();
    assert_eq!(
        created.arn(),
        Some(format!("arn:aws:mobiletargeting:us-east-1:111111111111:apps/{app}").as_str())
    );
    alice.get_apps().page_size("5").send().await.unwrap();
    let bob = client(&server, BOB);
    let (code, _) = error_code(&bob, &app).await;
    assert_eq!(code.as_deref(), Some("NotFoundException"));
}

#[tokio::test]
async fn a_wrong_secret_an_unknown_key_and_a_stale_date_are_refused() {
    let server = server().await;
    let app = app_id();
    let wrong = Client::from_conf(
        server
            .config_as(ALICE.0, "not-the-secret", "us-east-1")
            .build(),
    );
    let (code, msg) = error_code(&wrong, &app).await;
    assert_eq!(code.as_deref(), Some("InvalidSignatureException"));
    assert!(msg
        .unwrap()
        .starts_with("The request signature we calculated does not match"));

    let stranger = Client::from_conf(server.config_as("AKIASTRANGER", "x", "us-east-1").build());
    let (code, msg) = error_code(&stranger, &app).await;
    assert_eq!(code.as_deref(), Some("UnrecognizedClientException"));
    assert_eq!(
        msg.as_deref(),
        Some("The security token included in the request is invalid.")
    );

    let past = SystemTime::now() - Duration::from_secs(20 * 60);
    let stale = Client::from_conf(
        server
            .config_as(ALICE.0, ALICE.1, "us-east-1")
            .time_source(aws_smithy_async::time::StaticTimeSource::new(past))
            .build(),
    );
    let (code, msg) = error_code(&stale, &app).await;
    assert_eq!(code.as_deref(), Some("InvalidSignatureException"));
    assert!(msg.unwrap().starts_with("Signature expired"));
}

#[tokio::test]
async fn unsigned_and_malformed_requests_get_the_front_door_403() {
    let server = server().await;
    let r = raw(&server.state, "GET", "/v1/apps/x/endpoints/e", "", &[]).await;
    assert_eq!(r.status.as_u16(), 403);
    assert_eq!(
        r.header("x-amzn-ErrorType"),
        "MissingAuthenticationTokenException"
    );
    assert_eq!(
        r.json(),
        serde_json::json!({"message": "Missing Authentication Token"})
    );
    assert!(!r.header("x-amzn-RequestId").is_empty());
    let r = raw(
        &server.state,
        "GET",
        "/v1/apps/x/endpoints/e",
        "",
        &[(
            "authorization",
            "AWS4-HMAC-SHA256 Credential=AKIAALICE0000000000A",
        )],
    )
    .await;
    assert_eq!(r.header("x-amzn-ErrorType"), "IncompleteSignatureException");
    // The emulator's own routes stay open (health checks, test inspection).
    assert_eq!(
        raw(&server.state, "GET", "/_pinpoint/health", "", &[])
            .await
            .status
            .as_u16(),
        200
    );
}
