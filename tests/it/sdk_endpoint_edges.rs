//! Endpoint operations through the real Rust SDK at their edges: a missing endpoint (ids in any
//! case, percent-encoded), a batch at its limit applied whole or not at all, and strict apps.

use aws_sdk_pinpoint::operation::get_endpoint::GetEndpointError;
use aws_sdk_pinpoint::operation::update_endpoint::UpdateEndpointError;
use aws_sdk_pinpoint::operation::update_endpoints_batch::UpdateEndpointsBatchError;
use aws_sdk_pinpoint::types::{EndpointBatchItem, EndpointBatchRequest, EndpointRequest};

use crate::common::{app_id, assert_endpoint_not_found, TestServer};
use crate::sdk_endpoints::{bad_request_message, get, update, user};

#[tokio::test]
async fn not_found_case_insensitive_and_percent_encoded_ids() {
    let server = TestServer::start().await;
    let c = server.client();
    let app = app_id();
    let missing = || {
        c.get_endpoint()
            .application_id(&app)
            .endpoint_id("nope")
            .send()
    };
    let err = missing().await.unwrap_err();
    let meta_request_id =
        aws_sdk_pinpoint::operation::RequestId::request_id(&err).map(str::to_string);
    match err.into_service_error() {
        GetEndpointError::NotFoundException(nf) => {
            assert_eq!(nf.message(), Some("Application not found"));
            assert_eq!(nf.request_id().map(str::to_string), meta_request_id);
        }
        other => panic!("{other:?}"),
    }
    let id = "us-east-1:Abc/def+1 $x";
    let e = update(&c, &app, id, EndpointRequest::builder().build())
        .await
        .unwrap_err();
    assert!(bad_request_message(e).contains('$'));
    let id = "us-east-1:Abc/def+1 x";
    update(
        &c,
        &app,
        id,
        EndpointRequest::builder()
            .user(user("us-east-1:user/1"))
            .build(),
    )
    .await
    .unwrap();
    assert_eq!(get(&c, &app, &id.to_lowercase()).await.id(), Some(id));
    let items = c
        .get_user_endpoints()
        .application_id(&app)
        .user_id("us-east-1:user/1")
        .send()
        .await
        .unwrap();
    assert_eq!(items.endpoints_response.unwrap().item()[0].id(), Some(id));
    // Now that the app exists, what is missing is the endpoint.
    let err = missing().await.unwrap_err();
    match err.into_service_error() {
        GetEndpointError::NotFoundException(nf) => {
            assert_eq!(nf.message(), Some("Resource not found"));
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn batch_of_at_most_100_is_applied_whole_or_not_at_all() {
    let server = TestServer::start().await;
    let c = server.client();
    let app = app_id();
    let item = |id: String| EndpointBatchItem::builder().id(id).build();
    let batch = |n: usize| {
        EndpointBatchRequest::builder()
            .set_item(Some((0..n).map(|i| item(format!("e{i}"))).collect()))
            .build()
    };
    c.update_endpoints_batch()
        .application_id(&app)
        .endpoint_batch_request(batch(100))
        .send()
        .await
        .unwrap();
    let err = c
        .update_endpoints_batch()
        .application_id(&app)
        .endpoint_batch_request(batch(101))
        .send()
        .await
        .unwrap_err();
    assert!(matches!(
        err.into_service_error(),
        UpdateEndpointsBatchError::BadRequestException(_)
    ));
    let mixed = EndpointBatchRequest::builder()
        .item(item("new-one".into()))
        .item(
            EndpointBatchItem::builder()
                .id("bad")
                .opt_out("NONE")
                .build(),
        )
        .build();
    let err = c
        .update_endpoints_batch()
        .application_id(&app)
        .endpoint_batch_request(mixed)
        .send()
        .await
        .unwrap_err();
    assert!(matches!(
        err.into_service_error(),
        UpdateEndpointsBatchError::BadRequestException(_)
    ));
    assert_endpoint_not_found(&c, &app, "new-one").await;
}

#[tokio::test]
async fn strict_apps_refuses_writes_to_unknown_apps() {
    let mut config = pinpoint_local::config::Config::for_tests();
    config.strict_apps = true;
    let server = TestServer::with_config(config).await;
    let c = server.client();
    let e = update(&c, &app_id(), "e", EndpointRequest::builder().build())
        .await
        .unwrap_err();
    assert!(matches!(e, UpdateEndpointError::NotFoundException(_)));
}
