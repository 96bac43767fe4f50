//! Templates through the Rust SDK: create, get (active and by version), new versions, the active
//! version, the listings, delete, and the modelled errors.

use aws_sdk_pinpoint::operation::create_sms_template::CreateSmsTemplateError;
use aws_sdk_pinpoint::operation::get_email_template::GetEmailTemplateError;
use aws_sdk_pinpoint::types::{
    EmailTemplateRequest, SmsTemplateRequest, TemplateActiveVersionRequest,
};

use crate::common::TestServer;

fn sms(body: &str) -> SmsTemplateRequest {
    SmsTemplateRequest::builder().body(body).build()
}

#[tokio::test]
async fn templates_are_versioned_listed_and_deleted() {
    let server = TestServer::start().await;
    let c = server.client();
    let created = c
        .create_sms_template()
        .template_name("code")
        .sms_template_request(sms("one"))
        .send()
        .await
        .unwrap()
        .create_template_message_body
        .unwrap();
    assert_eq!(created.message(), Some("Created"));
    assert_eq!(
        created.arn(),
        Some("arn:aws:mobiletargeting:us-east-1:000000000000:templates/code/SMS")
    );
    c.update_sms_template()
        .template_name("code")
        .create_new_version(true)
        .sms_template_request(sms("two"))
        .send()
        .await
        .unwrap();
    let active = c
        .get_sms_template()
        .template_name("code")
        .send()
        .await
        .unwrap()
        .sms_template_response
        .unwrap();
    assert_eq!((active.body(), active.version()), (Some("one"), Some("1")));
    c.update_template_active_version()
        .template_name("code")
        .template_type("SMS")
        .template_active_version_request(
            TemplateActiveVersionRequest::builder().version("2").build(),
        )
        .send()
        .await
        .unwrap();
    let versions = c
        .list_template_versions()
        .template_name("code")
        .template_type("SMS")
        .send()
        .await
        .unwrap()
        .template_versions_response
        .unwrap();
    let numbers: Vec<&str> = versions.item().iter().filter_map(|v| v.version()).collect();
    assert_eq!(numbers, ["2", "1"]);
    c.create_email_template()
        .template_name("promo")
        .email_template_request(EmailTemplateRequest::builder().subject("Hi").build())
        .send()
        .await
        .unwrap();
    let listed = c
        .list_templates()
        .send()
        .await
        .unwrap()
        .templates_response
        .unwrap();
    let names: Vec<(&str, &str, &str)> = listed
        .item()
        .iter()
        .map(|t| {
            (
                t.template_name().unwrap(),
                t.template_type().unwrap().as_str(),
                t.version().unwrap(),
            )
        })
        .collect();
    assert_eq!(names, [("code", "SMS", "2"), ("promo", "EMAIL", "1")]);
    c.delete_email_template()
        .template_name("promo")
        .send()
        .await
        .unwrap();
    let err = c
        .get_email_template()
        .template_name("promo")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        matches!(err, GetEmailTemplateError::NotFoundException(_)),
        "{err:?}"
    );
    let err = c
        .create_sms_template()
        .template_name("code")
        .sms_template_request(sms("again"))
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    match err {
        CreateSmsTemplateError::BadRequestException(e) => {
            assert_eq!(
                e.message(),
                Some("Template code of type SMS already exists")
            )
        }
        other => panic!("{other:?}"),
    }
}
