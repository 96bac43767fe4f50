//! Messaging through the Rust SDK: SendMessages, SendUsersMessages, SendOTPMessage and
//! VerifyOTPMessage, with the outcome of each recipient and the sent-message log read back
//! (docs/behaviour.md#message-outcomes, #sent-messages, #otp).

use std::collections::HashMap;

use aws_sdk_pinpoint::operation::send_messages::SendMessagesError;
use aws_sdk_pinpoint::operation::send_users_messages::{
    SendUsersMessagesError, SendUsersMessagesOutput,
};
use aws_sdk_pinpoint::types::{
    AddressConfiguration, ChannelType, DeliveryStatus, DirectMessageConfiguration, EndpointRequest,
    EndpointSendConfiguration, EndpointUser, MessageRequest, SendUsersMessageRequest,
    SmsChannelRequest, SmsMessage, SmsTemplateRequest, Template, TemplateConfiguration,
};
use aws_sdk_pinpoint::Client;
use serde_json::Value;

use crate::common::{app_id, raw, TestServer};

pub(crate) async fn setup(c: &Client, app: &str) {
    for (id, addr, user) in [("e1", "+12065550100", "u1"), ("e2", "+12065550101", "u1")] {
        c.update_endpoint()
            .application_id(app)
            .endpoint_id(id)
            .endpoint_request(
                EndpointRequest::builder()
                    .channel_type(ChannelType::Sms)
                    .address(addr)
                    .user(
                        EndpointUser::builder()
                            .user_id(user)
                            .user_attributes("FirstName", vec!["Sofia".into()])
                            .build(),
                    )
                    .build(),
            )
            .send()
            .await
            .unwrap();
    }
    c.update_sms_channel()
        .application_id(app)
        .sms_channel_request(SmsChannelRequest::builder().enabled(true).build())
        .send()
        .await
        .unwrap();
}

fn sms_config(body: &str) -> DirectMessageConfiguration {
    DirectMessageConfiguration::builder()
        .sms_message(
            SmsMessage::builder()
                .body(body)
                .message_type(aws_sdk_pinpoint::types::MessageType::Transactional)
                .origination_number("+18005550100")
                .build(),
        )
        .build()
}

/// SendUsersMessages with an SMS body to these users.
async fn send_users(
    c: &Client,
    app: &str,
    body: &str,
    users: &[&str],
) -> Result<SendUsersMessagesOutput, SendUsersMessagesError> {
    let mut req = SendUsersMessageRequest::builder().message_configuration(sms_config(body));
    for u in users {
        req = req.users(*u, EndpointSendConfiguration::builder().build());
    }
    c.send_users_messages()
        .application_id(app)
        .send_users_message_request(req.build())
        .send()
        .await
        .map_err(|e| e.into_service_error())
}

pub(crate) async fn sent(server: &TestServer, query: &str) -> Vec<Value> {
    let r = raw(
        &server.state,
        "GET",
        &format!("/_pinpoint/sent-messages?{query}"),
        "",
        &[],
    )
    .await;
    r.json()["Messages"].as_array().cloned().unwrap_or_default()
}

#[tokio::test]
async fn send_messages_answers_per_recipient_and_logs_what_was_sent() {
    let server = TestServer::start().await;
    let c = server.client();
    let app = app_id();
    setup(&c, &app).await;
    c.create_sms_template()
        .template_name("hello")
        .sms_template_request(
            SmsTemplateRequest::builder()
                .body("Hi {{User.UserAttributes.FirstName}}, {{Attributes.plan}}")
                .default_substitutions(r#"{"Attributes":{"plan":"free"}}"#)
                .build(),
        )
        .send()
        .await
        .unwrap();
    let answer = c
        .send_messages()
        .application_id(&app)
        .message_request(
            MessageRequest::builder()
                .message_configuration(sms_config("unused"))
                .template_configuration(
                    TemplateConfiguration::builder()
                        .sms_template(Template::builder().name("hello").build())
                        .build(),
                )
                .addresses(
                    "+12065550199",
                    AddressConfiguration::builder()
                        .channel_type(ChannelType::Sms)
                        .build(),
                )
                .endpoints("e1", EndpointSendConfiguration::builder().build())
                .endpoints("missing", EndpointSendConfiguration::builder().build())
                .build(),
        )
        .send()
        .await
        .unwrap()
        .message_response
        .unwrap();
    assert_eq!(answer.application_id(), Some(app.as_str()));
    let by_address = &answer.result().unwrap()["+12065550199"];
    assert_eq!(
        by_address.delivery_status(),
        Some(&DeliveryStatus::Successful)
    );
    let id = by_address.message_id().unwrap();
    assert!(id.len() == 40 && id.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'v')));
    assert_eq!(
        by_address.status_message(),
        Some(format!("MessageId: {id}").as_str())
    );
    let endpoints = answer.endpoint_result().unwrap();
    assert_eq!(endpoints["e1"].address(), Some("+12065550100"));
    assert_eq!(endpoints["e1"].status_code(), Some(200));
    assert_eq!(
        endpoints["missing"].delivery_status(),
        Some(&DeliveryStatus::PermanentFailure)
    );
    assert_eq!(endpoints["missing"].status_code(), Some(404));
    let log = sent(&server, &format!("application-id={app}&endpoint-id=E1")).await;
    assert_eq!(log.len(), 1);
    assert_eq!(log[0]["Body"], "Hi Sofia, free");
    assert_eq!(log[0]["Settings"]["OriginationNumber"], "+18005550100");
    assert_eq!(log[0]["Template"]["Name"], "hello");
    let raw_address = sent(&server, "address=%2B12065550199").await;
    assert_eq!(raw_address[0]["Body"], "Hi , free");
}

#[tokio::test]
async fn whole_request_errors_are_modelled_exceptions() {
    let server = TestServer::start().await;
    let c = server.client();
    let app = app_id();
    setup(&c, &app).await;
    let mut many = MessageRequest::builder().message_configuration(sms_config("hi"));
    for i in 0..101 {
        many = many.endpoints(
            format!("x{i}"),
            EndpointSendConfiguration::builder().build(),
        );
    }
    let err = c
        .send_messages()
        .application_id(&app)
        .message_request(many.build())
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        matches!(err, SendMessagesError::BadRequestException(_)),
        "{err:?}"
    );
    let err = c
        .send_messages()
        .application_id("nope")
        .message_request(
            MessageRequest::builder()
                .message_configuration(sms_config("hi"))
                .endpoints("e1", EndpointSendConfiguration::builder().build())
                .build(),
        )
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    match err {
        SendMessagesError::NotFoundException(e) => {
            assert_eq!(e.message(), Some("Application not found"))
        }
        other => panic!("{other:?}"),
    }
    let err = send_users(&c, &app, "hi", &["nobody"]).await.unwrap_err();
    assert!(
        matches!(err, SendUsersMessagesError::NotFoundException(_)),
        "{err:?}"
    );
}

#[tokio::test]
async fn send_users_messages_reaches_each_endpoint_of_the_user() {
    let server = TestServer::start().await;
    let c = server.client();
    let app = app_id();
    setup(&c, &app).await;
    let body = "Hello {{User.UserAttributes.FirstName}}";
    let answer = send_users(&c, &app, body, &["u1", "ghost"])
        .await
        .unwrap()
        .send_users_message_response
        .unwrap();
    let result: &HashMap<String, HashMap<_, _>> = answer.result().unwrap();
    assert_eq!(result["u1"].len(), 2);
    assert!(result["ghost"].is_empty());
    // e1 and e2 have different addresses, so both are delivered.
    assert!(result["u1"]
        .values()
        .all(|r| r.delivery_status() == Some(&DeliveryStatus::Successful)));
    let log = sent(&server, "user-id=u1").await;
    assert_eq!(log.len(), 2);
    assert!(log
        .iter()
        .all(|m| m["Body"] == "Hello Sofia" && m["Operation"] == "SendUsersMessages"));
}

#[tokio::test]
async fn every_per_recipient_outcome_reaches_the_sdk() {
    let server = TestServer::start().await;
    let c = server.client();
    let app = app_id();
    setup(&c, &app).await;
    let put = |id: &'static str, req: EndpointRequest| {
        let (c, app) = (c.clone(), app.clone());
        async move {
            c.update_endpoint()
                .application_id(app)
                .endpoint_id(id)
                .endpoint_request(req)
                .send()
                .await
                .unwrap();
        }
    };
    let sms = |addr: &str| {
        EndpointRequest::builder()
            .channel_type(ChannelType::Sms)
            .address(addr)
    };
    put("out", sms("+12065550102").opt_out("ALL").build()).await;
    put("old", sms("+12065550103").build()).await;
    put("new", sms("+12065550103").build()).await; // "old" becomes INACTIVE
    put(
        "mail",
        EndpointRequest::builder()
            .channel_type(ChannelType::Email)
            .address("a@x.com")
            .build(),
    )
    .await;
    put("twin", sms("+12065550100").build()).await; // e1's address: e1 becomes INACTIVE
    let answer = c
        .send_messages()
        .application_id(&app)
        .message_request(
            MessageRequest::builder()
                .message_configuration(sms_config("hi"))
                .endpoints("twin", EndpointSendConfiguration::builder().build())
                .endpoints("out", EndpointSendConfiguration::builder().build())
                .endpoints("old", EndpointSendConfiguration::builder().build())
                .endpoints("mail", EndpointSendConfiguration::builder().build())
                .addresses(
                    "+12065550100",
                    AddressConfiguration::builder()
                        .channel_type(ChannelType::Sms)
                        .build(),
                )
                .build(),
        )
        .send()
        .await
        .unwrap()
        .message_response
        .unwrap();
    let e = answer.endpoint_result().unwrap();
    let status = |id: &str| {
        (
            e[id].delivery_status().cloned(),
            e[id].status_code(),
            e[id].status_message().map(String::from),
        )
    };
    for (id, want, message) in [
        ("out", DeliveryStatus::OptOut, "Endpoint is opted out"),
        (
            "old",
            DeliveryStatus::PermanentFailure,
            "Endpoint is inactive",
        ),
        (
            "mail",
            DeliveryStatus::PermanentFailure,
            "The EMAIL channel is not enabled for this application.",
        ),
    ] {
        assert_eq!(status(id), (Some(want), Some(400), Some(message.into())));
    }
    // The address comes first in the request, so the endpoint with the same number is the duplicate.
    assert_eq!(
        answer.result().unwrap()["+12065550100"].delivery_status(),
        Some(&DeliveryStatus::Successful)
    );
    assert_eq!(status("twin").0, Some(DeliveryStatus::Duplicate));
    assert_eq!(
        sent(&server, &format!("application-id={app}")).await.len(),
        1
    );
}
