//! PhoneNumberValidate through the Rust SDK.

use aws_sdk_pinpoint::types::NumberValidateRequest;

use crate::common::TestServer;

#[tokio::test]
async fn phone_numbers_are_typed_and_cleansed_offline() {
    let server = TestServer::start().await;
    let c = server.client();
    let answer = |number: &'static str, country: Option<&'static str>| {
        let c = c.clone();
        async move {
            c.phone_number_validate()
                .number_validate_request(
                    NumberValidateRequest::builder()
                        .phone_number(number)
                        .set_iso_country_code(country.map(String::from))
                        .build(),
                )
                .send()
                .await
                .unwrap()
                .number_validate_response
                .unwrap()
        }
    };
    let mobile = answer("+33 6 12 34 56 78", None).await;
    assert_eq!(mobile.phone_type(), Some("MOBILE"));
    assert_eq!(mobile.phone_type_code(), Some(0));
    assert_eq!(mobile.cleansed_phone_number_e164(), Some("+33612345678"));
    assert_eq!(mobile.country_code_iso2(), Some("FR"));
    assert_eq!(mobile.country(), Some("France"));
    let landline = answer("020 7946 0018", Some("GB")).await;
    assert_eq!(landline.phone_type(), Some("LANDLINE"));
    assert_eq!(
        landline.cleansed_phone_number_national(),
        Some("2079460018")
    );
    let invalid = answer("12", None).await;
    assert_eq!(
        (invalid.phone_type(), invalid.phone_type_code()),
        (Some("INVALID"), Some(3))
    );
}
