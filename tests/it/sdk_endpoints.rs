//! Endpoint and user operations through the real Rust SDK (aws-sdk-pinpoint), typed errors
//! included. Each test is named after the rule it checks (docs/behaviour.md).

use aws_sdk_pinpoint::operation::get_user_endpoints::GetUserEndpointsError;
use aws_sdk_pinpoint::operation::update_endpoint::UpdateEndpointError;
use aws_sdk_pinpoint::types::{
    ChannelType, EndpointDemographic, EndpointLocation, EndpointRequest, EndpointResponse,
    EndpointUser,
};
use aws_sdk_pinpoint::Client;

use crate::common::{app_id, assert_endpoint_not_found, TestServer};

pub(crate) async fn update(
    c: &Client,
    app: &str,
    id: &str,
    req: EndpointRequest,
) -> Result<(), UpdateEndpointError> {
    c.update_endpoint()
        .application_id(app)
        .endpoint_id(id)
        .endpoint_request(req)
        .send()
        .await
        .map(|_| ())
        .map_err(|e| e.into_service_error())
}

pub(crate) async fn get(c: &Client, app: &str, id: &str) -> EndpointResponse {
    c.get_endpoint()
        .application_id(app)
        .endpoint_id(id)
        .send()
        .await
        .unwrap()
        .endpoint_response
        .unwrap()
}

pub(crate) fn email(addr: &str) -> aws_sdk_pinpoint::types::builders::EndpointRequestBuilder {
    EndpointRequest::builder()
        .channel_type(ChannelType::Email)
        .address(addr)
}

pub(crate) fn user(id: &str) -> EndpointUser {
    EndpointUser::builder().user_id(id).build()
}

pub(crate) fn bad_request_message(e: UpdateEndpointError) -> String {
    match e {
        UpdateEndpointError::BadRequestException(b) => b.message().unwrap_or_default().to_string(),
        other => panic!("expected BadRequestException, got {other:?}"),
    }
}

#[tokio::test]
async fn update_then_get_round_trips_through_the_sdk() {
    let server = TestServer::start().await;
    let c = server.client();
    let app = app_id();
    let out = c
        .update_endpoint()
        .application_id(&app)
        .endpoint_id("ep-1")
        .endpoint_request(
            email("a@example.com")
                .attributes("interests", vec!["music".into(), "travel".into()])
                .metrics("score", 6.0)
                .demographic(
                    EndpointDemographic::builder()
                        .make("apple")
                        .platform("ios")
                        .build(),
                )
                .location(
                    EndpointLocation::builder()
                        .latitude(47.61)
                        .longitude(-122.33)
                        .city("Seattle")
                        .build(),
                )
                .user(user("u-1"))
                .build(),
        )
        .send()
        .await
        .unwrap();
    let body = out.message_body.unwrap();
    assert_eq!(body.message(), Some("Accepted"));
    assert!(body.request_id().is_some_and(|r| !r.is_empty()));

    let ep = get(&c, &app, "ep-1").await;
    assert_eq!(ep.id(), Some("ep-1"));
    assert_eq!(ep.application_id(), Some(app.as_str()));
    assert_eq!(ep.channel_type(), Some(&ChannelType::Email));
    assert_eq!(ep.endpoint_status(), Some("ACTIVE"));
    assert_eq!(ep.opt_out(), Some("NONE"));
    assert_eq!(ep.attributes().unwrap()["interests"], ["music", "travel"]);
    assert_eq!(ep.metrics().unwrap()["score"], 6.0);
    let loc = ep.location().unwrap();
    assert_eq!(
        (loc.latitude(), loc.longitude()),
        (Some(47.6), Some(-122.3))
    );
    assert_eq!(ep.user().unwrap().user_id(), Some("u-1"));
    let cohort: u8 = ep.cohort_id().unwrap().parse().unwrap();
    assert!(cohort < 100);
    assert_eq!(ep.request_id(), body.request_id());
}

#[tokio::test]
async fn opt_out_defaults_and_missing_address_or_channel_type() {
    let server = TestServer::start().await;
    let c = server.client();
    let app = app_id();
    update(&c, &app, "bare", EndpointRequest::builder().build())
        .await
        .unwrap();
    assert_eq!(get(&c, &app, "bare").await.opt_out(), Some("ALL"));
    update(&c, &app, "mail", email("m@example.com").build())
        .await
        .unwrap();
    assert_eq!(get(&c, &app, "mail").await.opt_out(), Some("NONE"));
    let e = update(
        &c,
        &app,
        "x",
        EndpointRequest::builder().opt_out("NONE").build(),
    )
    .await
    .unwrap_err();
    assert_eq!(bad_request_message(e), "Missing Address");
    let e = update(
        &c,
        &app,
        "x",
        EndpointRequest::builder().address("a@b.c").build(),
    )
    .await
    .unwrap_err();
    assert_eq!(bad_request_message(e), "Missing ChannelType");
}

#[tokio::test]
async fn update_merges_attributes_and_keeps_cohort_and_creation_date() {
    let server = TestServer::start().await;
    let c = server.client();
    let app = app_id();
    update(
        &c,
        &app,
        "e",
        email("a@example.com")
            .attributes("a", vec!["1".into()])
            .attributes("b", vec!["2".into()])
            .build(),
    )
    .await
    .unwrap();
    let before = get(&c, &app, "e").await;
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    update(
        &c,
        &app,
        "e",
        EndpointRequest::builder()
            .attributes("a", vec![])
            .attributes("c", vec!["3".into()])
            .build(),
    )
    .await
    .unwrap();
    let after = get(&c, &app, "e").await;
    let attrs = after.attributes().unwrap();
    assert!(!attrs.contains_key("a"));
    assert_eq!(attrs["b"], ["2"]);
    assert_eq!(attrs["c"], ["3"]);
    assert_eq!(after.cohort_id(), before.cohort_id());
    assert_eq!(after.creation_date(), before.creation_date());
    assert_ne!(after.effective_date(), before.effective_date());
}

#[tokio::test]
async fn user_attributes_are_shared_and_empty_user_id_unlinks() {
    let server = TestServer::start().await;
    let c = server.client();
    let app = app_id();
    update(
        &c,
        &app,
        "e1",
        email("1@example.com").user(user("u")).build(),
    )
    .await
    .unwrap();
    let with_attrs = EndpointUser::builder()
        .user_id("u")
        .user_attributes("plan", vec!["gold".into()])
        .build();
    update(
        &c,
        &app,
        "e2",
        email("2@example.com").user(with_attrs).build(),
    )
    .await
    .unwrap();
    let e1 = get(&c, &app, "e1").await;
    assert_eq!(
        e1.user().unwrap().user_attributes().unwrap()["plan"],
        ["gold"]
    );
    update(
        &c,
        &app,
        "e1",
        EndpointRequest::builder().user(user("")).build(),
    )
    .await
    .unwrap();
    let items = c
        .get_user_endpoints()
        .application_id(&app)
        .user_id("u")
        .send()
        .await
        .unwrap();
    let ids: Vec<_> = items
        .endpoints_response
        .unwrap()
        .item()
        .iter()
        .map(|e| e.id().unwrap().to_string())
        .collect();
    assert_eq!(ids, ["e2"]);
}

#[tokio::test]
async fn same_address_turns_the_other_endpoint_inactive() {
    let server = TestServer::start().await;
    let c = server.client();
    let app = app_id();
    update(&c, &app, "a", email("same@example.com").build())
        .await
        .unwrap();
    update(&c, &app, "b", email("other@example.com").build())
        .await
        .unwrap();
    update(
        &c,
        &app,
        "b",
        EndpointRequest::builder()
            .address("same@example.com")
            .build(),
    )
    .await
    .unwrap();
    assert_eq!(get(&c, &app, "a").await.endpoint_status(), Some("INACTIVE"));
    assert_eq!(get(&c, &app, "b").await.endpoint_status(), Some("ACTIVE"));
}

#[tokio::test]
async fn sixteenth_endpoint_is_refused_or_evicts_the_oldest_push_endpoint() {
    let server = TestServer::start().await;
    let c = server.client();
    let app = app_id();
    let push = |ch: ChannelType, addr: &str, date: &str| {
        EndpointRequest::builder()
            .channel_type(ch)
            .address(addr)
            .effective_date(date)
            .user(user("u"))
            .build()
    };
    update(
        &c,
        &app,
        "apns-old",
        push(ChannelType::Apns, "tok-0", "2020-01-01T00:00:00.000Z"),
    )
    .await
    .unwrap();
    for i in 1..15 {
        update(
            &c,
            &app,
            &format!("mail-{i}"),
            email(&format!("{i}@example.com")).user(user("u")).build(),
        )
        .await
        .unwrap();
    }
    let e = update(
        &c,
        &app,
        "mail-16",
        email("16@example.com").user(user("u")).build(),
    )
    .await
    .unwrap_err();
    assert!(bad_request_message(e).starts_with("Exceeded maximum endpoint per user count"));
    update(
        &c,
        &app,
        "gcm-new",
        push(ChannelType::Gcm, "tok-new", "2026-01-01T00:00:00.000Z"),
    )
    .await
    .unwrap();
    let old = get(&c, &app, "apns-old").await;
    assert_eq!(old.endpoint_status(), Some("INACTIVE"));
    assert_eq!(old.user().and_then(|u| u.user_id()), None);
    let items = c
        .get_user_endpoints()
        .application_id(&app)
        .user_id("u")
        .send()
        .await
        .unwrap();
    assert_eq!(items.endpoints_response.unwrap().item().len(), 15);
}

#[tokio::test]
async fn delete_endpoint_and_delete_user_endpoints_return_what_they_removed() {
    let server = TestServer::start().await;
    let c = server.client();
    let app = app_id();
    update(
        &c,
        &app,
        "a",
        email("a@example.com").user(user("u")).build(),
    )
    .await
    .unwrap();
    update(
        &c,
        &app,
        "b",
        email("b@example.com").user(user("u")).build(),
    )
    .await
    .unwrap();
    let deleted = c
        .delete_endpoint()
        .application_id(&app)
        .endpoint_id("a")
        .send()
        .await
        .unwrap();
    assert_eq!(
        deleted.endpoint_response.unwrap().address(),
        Some("a@example.com")
    );
    assert_endpoint_not_found(&c, &app, "a").await;
    let gone = c
        .delete_user_endpoints()
        .application_id(&app)
        .user_id("u")
        .send()
        .await
        .unwrap();
    assert_eq!(gone.endpoints_response.unwrap().item().len(), 1);
    let err = c
        .get_user_endpoints()
        .application_id(&app)
        .user_id("u")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    match err {
        GetUserEndpointsError::NotFoundException(nf) => {
            assert_eq!(nf.message(), Some("Resource not found"));
            assert!(nf.request_id().is_some());
        }
        other => panic!("{other:?}"),
    }
}
