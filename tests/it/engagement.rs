//! The engagement route through the router (docs/behaviour.md#engagement-route,
//! #engagement-opt-out): `POST /_pinpoint/sent-messages/{MessageId}/events` answers 201 with the
//! record, 404 for an unknown message, 400 for a type the message does not allow, and an
//! `_SMS.OPTOUT` makes the next send to the address OPT_OUT.

use pinpoint_local::AppState;
use serde_json::{json, Value};

use crate::common::{app_id, json, raw};

/// An app with the SMS and email channels on, an SMS endpoint `e1` and an email endpoint `mail`.
async fn setup(st: &AppState) -> String {
    let app = app_id();
    for (id, ct, address) in [
        ("e1", "SMS", "+12065550100"),
        ("mail", "EMAIL", "sofia@example.com"),
    ] {
        let r = json(
            st,
            "PUT",
            &format!("/v1/apps/{app}/endpoints/{id}"),
            json!({"ChannelType": ct, "Address": address}),
        )
        .await;
        assert_eq!(r.status.as_u16(), 202);
    }
    for (channel, body) in [
        ("sms", json!({"Enabled": true})),
        (
            "email",
            json!({"Enabled": true, "FromAddress": "a@example.com", "Identity": "arn:aws:ses:us-east-1:000000000000:identity/example.com"}),
        ),
    ] {
        let r = json(
            st,
            "PUT",
            &format!("/v1/apps/{app}/channels/{channel}"),
            body,
        )
        .await;
        assert_eq!(
            r.status.as_u16(),
            200,
            "{}",
            String::from_utf8_lossy(&r.body)
        );
    }
    app
}

/// SendMessages to one endpoint; the answer for it.
async fn send(st: &AppState, app: &str, endpoint: &str, config: Value) -> Value {
    let r = json(
        st,
        "POST",
        &format!("/v1/apps/{app}/messages"),
        json!({"Endpoints": {endpoint: {}}, "MessageConfiguration": config}),
    )
    .await;
    r.ok_json()["EndpointResult"][endpoint].clone()
}

async fn engage(st: &AppState, message_id: &str, body: Value) -> crate::common::Raw {
    engage_in(st, message_id, "", body).await
}

/// The engagement route with a query (`?account=…`).
async fn engage_in(
    st: &AppState,
    message_id: &str,
    query: &str,
    body: Value,
) -> crate::common::Raw {
    json(
        st,
        "POST",
        &format!("/_pinpoint/sent-messages/{message_id}/events{query}"),
        body,
    )
    .await
}

#[tokio::test]
async fn an_open_is_recorded_with_the_send_attributes_and_answered_201() {
    let st = AppState::for_tests();
    let app = setup(&st).await;
    let email = json!({"EmailMessage": {"SimpleEmail": {
        "Subject": {"Data": "s"}, "TextPart": {"Data": "t"}
    }}});
    let sent = send(&st, &app, "mail", email).await;
    let id = sent["MessageId"].as_str().unwrap().to_string();
    let r = engage(&st, &id, json!({"EventType": "_email.open"})).await;
    assert_eq!(
        r.status.as_u16(),
        201,
        "{}",
        String::from_utf8_lossy(&r.body)
    );
    let rec = r.json();
    assert_eq!(rec["Origin"], "Engagement");
    assert_eq!(rec["ApplicationId"], app.as_str());
    assert_eq!(rec["EndpointId"], "mail");
    assert_eq!(
        rec["Event"]["Attributes"],
        json!({"feedback": "opened", "treatment_id": "0", "message_id": id})
    );
    let events = raw(
        &st,
        "GET",
        &format!("/_pinpoint/events?application-id={app}&event-type=_email.open"),
        "",
        &[],
    )
    .await
    .ok_json();
    assert_eq!(events["Events"].as_array().unwrap(), &[rec]);
}

#[tokio::test]
async fn an_unknown_message_is_404_and_a_type_the_message_does_not_allow_is_400() {
    let st = AppState::for_tests();
    let app = setup(&st).await;
    let r = engage(&st, "0000", json!({"EventType": "_email.open"})).await;
    let msg = r.assert_error(404, "NotFoundException");
    assert!(msg.contains("0000"), "{msg}");
    let sent = send(&st, &app, "e1", json!({"SMSMessage": {"Body": "hi"}})).await;
    let id = sent["MessageId"].as_str().unwrap();
    let r = engage(&st, id, json!({"EventType": "_email.open"})).await;
    let msg = r.assert_error(400, "BadRequestException");
    assert!(
        msg.contains("_SMS.SUCCESS") && msg.contains("_SMS.OPTOUT"),
        "{msg}"
    );
    let r = engage(&st, id, json!({"Attributes": {"a": "b"}})).await;
    r.assert_error(400, "BadRequestException");
    // Another account's scope does not see the message.
    let r = engage_in(
        &st,
        id,
        "?account=111111111111",
        json!({"EventType": "_SMS.SUCCESS"}),
    )
    .await;
    let msg = r.assert_error(404, "NotFoundException");
    assert!(msg.contains("111111111111"), "{msg}");
    let r = engage_in(
        &st,
        id,
        "?account=000000000000&region=us-east-1",
        json!({"EventType": "_SMS.SUCCESS"}),
    )
    .await;
    assert_eq!(
        r.status.as_u16(),
        201,
        "{}",
        String::from_utf8_lossy(&r.body)
    );
}

#[tokio::test]
async fn an_sms_optout_makes_the_next_send_to_the_address_opt_out() {
    let st = AppState::for_tests();
    let app = setup(&st).await;
    let sms = json!({"SMSMessage": {"Body": "hi"}});
    let sent = send(&st, &app, "e1", sms.clone()).await;
    assert_eq!(sent["DeliveryStatus"], "SUCCESSFUL");
    let id = sent["MessageId"].as_str().unwrap();
    let r = engage(&st, id, json!({"EventType": "_SMS.OPTOUT"})).await;
    assert_eq!(
        r.status.as_u16(),
        201,
        "{}",
        String::from_utf8_lossy(&r.body)
    );
    let list = raw(&st, "GET", "/_pinpoint/opt-outs", "", &[])
        .await
        .ok_json();
    assert_eq!(
        list["OptOuts"],
        json!([{"AccountId": "000000000000", "Address": "+12065550100"}])
    );
    let again = send(&st, &app, "e1", sms).await;
    assert_eq!(again["DeliveryStatus"], "OPT_OUT");
}
