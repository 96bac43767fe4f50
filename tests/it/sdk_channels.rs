//! Channels through the Rust SDK: the typed requests and answers of several channel types, the
//! modelled errors, and GetChannels.

use aws_sdk_pinpoint::operation::get_sms_channel::GetSmsChannelError;
use aws_sdk_pinpoint::operation::update_adm_channel::UpdateAdmChannelError;
use aws_sdk_pinpoint::types::{
    AdmChannelRequest, ApnsChannelRequest, CreateApplicationRequest, EmailChannelRequest,
    GcmChannelRequest, SmsChannelRequest,
};

use crate::common::TestServer;

async fn new_app(c: &aws_sdk_pinpoint::Client) -> String {
    c.create_app()
        .create_application_request(CreateApplicationRequest::builder().name("shop").build())
        .send()
        .await
        .unwrap()
        .application_response
        .unwrap()
        .id
        .unwrap()
}

#[tokio::test]
async fn channels_are_created_merged_versioned_and_deleted() {
    let server = TestServer::start().await;
    let c = server.client();
    let app = new_app(&c).await;

    let sms = c
        .update_sms_channel()
        .application_id(&app)
        .sms_channel_request(SmsChannelRequest::builder().sender_id("ACME").build())
        .send()
        .await
        .unwrap()
        .sms_channel_response
        .unwrap();
    assert_eq!((sms.version(), sms.enabled()), (Some(1), Some(true)));
    assert_eq!(sms.platform(), Some("SMS"));
    assert_eq!(sms.sender_id(), Some("ACME"));
    assert_eq!(sms.transactional_messages_per_second(), Some(20));

    let sms = c
        .update_sms_channel()
        .application_id(&app)
        .sms_channel_request(SmsChannelRequest::builder().enabled(false).build())
        .send()
        .await
        .unwrap()
        .sms_channel_response
        .unwrap();
    assert_eq!((sms.version(), sms.enabled()), (Some(2), Some(false)));
    assert_eq!(sms.sender_id(), Some("ACME"), "members left out are kept");

    let apns = c
        .update_apns_channel()
        .application_id(&app)
        .apns_channel_request(
            ApnsChannelRequest::builder()
                .token_key("key")
                .token_key_id("kid")
                .bundle_id("com.example")
                .team_id("team")
                .build(),
        )
        .send()
        .await
        .unwrap()
        .apns_channel_response
        .unwrap();
    assert_eq!(apns.has_token_key(), Some(true));
    assert_eq!(apns.has_credential(), Some(true));
    assert_eq!(apns.default_authentication_method(), Some("TOKEN"));

    let gcm = c
        .update_gcm_channel()
        .application_id(&app)
        .gcm_channel_request(GcmChannelRequest::builder().service_json("{}").build())
        .send()
        .await
        .unwrap()
        .gcm_channel_response
        .unwrap();
    assert_eq!(gcm.has_fcm_service_credentials(), Some(true));
    assert_eq!(gcm.credential(), None, "secrets are never answered");

    let email = c
        .update_email_channel()
        .application_id(&app)
        .email_channel_request(
            EmailChannelRequest::builder()
                .from_address("shop@example.com")
                .identity("arn:aws:ses:us-east-1:000000000000:identity/example.com")
                .build(),
        )
        .send()
        .await
        .unwrap()
        .email_channel_response
        .unwrap();
    assert_eq!(email.from_address(), Some("shop@example.com"));
    assert_eq!(email.messages_per_second(), Some(1));

    let all = c
        .get_channels()
        .application_id(&app)
        .send()
        .await
        .unwrap()
        .channels_response
        .unwrap();
    let mut types: Vec<&String> = all.channels().unwrap().keys().collect();
    types.sort();
    assert_eq!(types, ["APNS", "EMAIL", "GCM", "IN_APP", "SMS"]);

    let deleted = c
        .delete_sms_channel()
        .application_id(&app)
        .send()
        .await
        .unwrap()
        .sms_channel_response
        .unwrap();
    assert_eq!(deleted.version(), Some(2));
    let err = c
        .get_sms_channel()
        .application_id(&app)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        matches!(err, GetSmsChannelError::NotFoundException(_)),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_channel_without_its_credentials_is_a_bad_request_naming_them() {
    let server = TestServer::start().await;
    let c = server.client();
    let app = new_app(&c).await;
    let err = c
        .update_adm_channel()
        .application_id(&app)
        .adm_channel_request(
            AdmChannelRequest::builder()
                .client_id("id")
                .client_secret("")
                .build(),
        )
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    match err {
        UpdateAdmChannelError::BadRequestException(e) => {
            assert!(e.message().unwrap().contains("ClientSecret"), "{e:?}")
        }
        other => panic!("{other:?}"),
    }
    let err = c
        .get_sms_channel()
        .application_id("0123456789abcdef0123456789abcdef")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        matches!(err, GetSmsChannelError::NotFoundException(_)),
        "{err:?}"
    );
}
