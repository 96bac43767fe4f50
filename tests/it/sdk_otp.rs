//! SendOTPMessage and VerifyOTPMessage through the Rust SDK: a code is sent, read back from the
//! sent-message log and verified once (docs/behaviour.md#otp).

use aws_sdk_pinpoint::types::{
    DeliveryStatus, SendOtpMessageRequestParameters, VerifyOtpMessageRequestParameters,
};

use crate::common::{app_id, raw, TestServer};
use crate::sdk_messages::{sent, setup};

#[tokio::test]
async fn an_otp_is_sent_read_back_and_verified_once() {
    let server = TestServer::start().await;
    let c = server.client();
    let app = app_id();
    setup(&c, &app).await;
    let answer = c
        .send_otp_message()
        .application_id(&app)
        .send_otp_message_request_parameters(
            SendOtpMessageRequestParameters::builder()
                .brand_name("ExampleCorp")
                .channel("SMS")
                .destination_identity("+12065550100")
                .origination_identity("+18005550100")
                .reference_id("login")
                .code_length(7)
                .build(),
        )
        .send()
        .await
        .unwrap()
        .message_response
        .unwrap();
    let result = &answer.result().unwrap()["+12065550100"];
    assert_eq!(result.delivery_status(), Some(&DeliveryStatus::Successful));
    let codes = raw(
        &server.state,
        "GET",
        &format!("/_pinpoint/otp?application-id={app}&reference-id=login"),
        "",
        &[],
    )
    .await
    .json();
    let code = codes["Codes"][0]["Code"].as_str().unwrap().to_string();
    assert_eq!(code.len(), 7);
    let log = sent(&server, "channel=sms").await;
    assert_eq!(
        log[0]["Body"],
        format!("This is your One Time Password: {code} from ExampleCorp")
    );
    let verify = |otp: String| {
        let c = c.clone();
        let app = app.clone();
        async move {
            c.verify_otp_message()
                .application_id(app)
                .verify_otp_message_request_parameters(
                    VerifyOtpMessageRequestParameters::builder()
                        .destination_identity("+12065550100")
                        .otp(otp)
                        .reference_id("login")
                        .build(),
                )
                .send()
                .await
                .unwrap()
                .verification_response
                .unwrap()
                .valid()
        }
    };
    assert_eq!(verify("0000000".into()).await, Some(false));
    assert_eq!(verify(code.clone()).await, Some(true));
    assert_eq!(verify(code).await, Some(false));
}
