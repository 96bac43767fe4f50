//! Apps and isolation through the Rust SDK.

use aws_sdk_pinpoint::types::{CreateApplicationRequest, EndpointRequest};

use crate::common::{app_id, assert_endpoint_not_found, TestServer};

#[tokio::test]
async fn create_get_list_delete_app() {
    let server = TestServer::start().await;
    let c = server.client();
    let created = c
        .create_app()
        .create_application_request(
            CreateApplicationRequest::builder()
                .name("shop")
                .tags("team", "web")
                .build(),
        )
        .send()
        .await
        .unwrap()
        .application_response
        .unwrap();
    let id = created.id().unwrap().to_string();
    assert_eq!(id.len(), 32);
    assert!(id
        .bytes()
        .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
    assert_eq!(
        created.arn(),
        Some(format!("arn:aws:mobiletargeting:us-east-1:000000000000:apps/{id}").as_str())
    );
    assert_eq!(created.tags().unwrap()["team"], "web");
    let got = c
        .get_app()
        .application_id(&id)
        .send()
        .await
        .unwrap()
        .application_response
        .unwrap();
    assert_eq!(got.name(), Some("shop"));
    let listed = c
        .get_apps()
        .send()
        .await
        .unwrap()
        .applications_response
        .unwrap();
    assert_eq!(listed.item().len(), 1);
    assert!(listed.next_token().is_none());
    c.delete_app().application_id(&id).send().await.unwrap();
    assert!(c.get_app().application_id(&id).send().await.is_err());
}

#[tokio::test]
async fn regions_and_accounts_do_not_see_each_other() {
    let server = TestServer::start().await;
    let app = app_id();
    let east = server.client_as("111111111111", "us-east-1");
    let west = server.client_as("111111111111", "us-west-2");
    let other = server.client_as("222222222222", "us-east-1");
    east.update_endpoint()
        .application_id(&app)
        .endpoint_id("e")
        .endpoint_request(EndpointRequest::builder().build())
        .send()
        .await
        .unwrap();
    east.get_endpoint()
        .application_id(&app)
        .endpoint_id("e")
        .send()
        .await
        .unwrap();
    for c in [&west, &other] {
        assert_endpoint_not_found(c, &app, "e").await;
    }
    let arn = east
        .get_app()
        .application_id(&app)
        .send()
        .await
        .unwrap()
        .application_response
        .unwrap()
        .arn
        .unwrap();
    assert_eq!(
        arn,
        format!("arn:aws:mobiletargeting:us-east-1:111111111111:apps/{app}")
    );
}
