//! The settings a sent-log entry records (docs/behaviour.md#sent-messages), pinned as the exact
//! JSON the sent-messages route answers: each channel message's members that are not content,
//! the default push message's under the channel's own, the email channel's FromAddress and a
//! voice template's LanguageCode and VoiceId when the message has none, and an OTP's.

use serde_json::json;

use super::messages::{config, enable, messaging_store};
use super::*;
use crate::store::messaging::channels::{ChannelKind, ChannelSettings};
use crate::store::messaging::messages::otp::OtpRequest;
use crate::store::messaging::messages::sent::SentMessage;
use crate::store::messaging::messages::{AddressIn, DeliveryStatus, Overrides, TemplateRef};
use crate::store::messaging::templates::TemplateKind;

fn to(addr: &str, ct: ChannelType) -> AddressIn {
    AddressIn {
        address: addr.into(),
        channel: Some(ct),
        overrides: Overrides::default(),
    }
}

/// The settings of each logged message, as JSON text, in sending order.
fn logged_settings(s: &Store) -> Vec<String> {
    let (log, _) = s.sent.query(&Default::default());
    log.iter()
        .map(|m| serde_json::to_value(&**m).unwrap()["Settings"].to_string())
        .collect()
}

#[test]
fn settings_of_sms_voice_email_and_push_are_pinned() {
    let s = messaging_store(Default::default());
    let key = |v: &str| Some(v.to_string());
    enable(&s, ChannelKind::VOICE, Default::default());
    let ses = ChannelSettings {
        from_address: key("shop@x.com"),
        identity: key("arn:aws:ses:us-east-1:1:identity/x.com"),
        ..Default::default()
    };
    enable(&s, ChannelKind::EMAIL, ses);
    let apns = ChannelSettings {
        certificate: key("c"),
        private_key: key("p"),
        ..Default::default()
    };
    enable(&s, ChannelKind::APNS, apns);
    let voice = serde_json::from_value(json!({
        "Body": "call", "LanguageCode": "de-DE", "VoiceId": "Hans"
    }))
    .unwrap();
    s.create_template(
        &scope(),
        "call",
        TemplateKind::VOICE,
        voice,
        Default::default(),
    )
    .unwrap();
    let mut m = config(json!({
        "SMSMessage": {"Body": "sms", "Keyword": "JOIN", "MessageType": "TRANSACTIONAL",
            "OriginationNumber": "+18005550100", "SenderId": "ACME", "EntityId": "ent",
            "TemplateId": "tpl", "MediaUrl": "https://x.com/a.png",
            "Substitutions": {"a": ["b"]}},
        "VoiceMessage": {"Body": "voice", "LanguageCode": "en-US",
            "OriginationNumber": "+18005550101"},
        "EmailMessage": {"FeedbackForwardingAddress": "bounce@x.com",
            "ReplyToAddresses": ["a@x.com", "b@x.com"],
            "SimpleEmail": {"Subject": {"Data": "Hi"}, "TextPart": {"Data": "text"}}},
        "DefaultPushNotificationMessage": {"Title": "t", "Action": "OPEN_APP",
            "Url": "https://x.com", "SilentPush": true, "Data": {"k": "v"}},
        "APNSMessage": {"Body": "apns", "Action": "DEEP_LINK", "Badge": 2, "Sound": "ding",
            "Priority": "10", "TimeToLive": 60, "APNSPushType": "alert", "SilentPush": false,
            "Category": "c", "ThreadId": "th", "CollapseId": "co", "MediaUrl": "https://x.com/m",
            "PreferredAuthenticationMethod": "TOKEN"},
    }));
    m.templates.insert(
        TemplateKind::VOICE,
        TemplateRef {
            name: "call".into(),
            version: None,
        },
    );
    let addresses = vec![
        to("+12065550101", ChannelType::SMS),
        to("+12065550102", ChannelType::VOICE),
        to("sofia@x.com", ChannelType::EMAIL),
        to("tok-a", ChannelType::APNS),
    ];
    let r = s
        .send_messages(&scope(), APP, &m, addresses, vec![], "r")
        .unwrap();
    assert!(
        r.addresses
            .iter()
            .all(|(_, o)| o.status == DeliveryStatus::SUCCESSFUL),
        "{r:?}"
    );
    assert_eq!(
        logged_settings(&s),
        [
            r#"{"EntityId":"ent","Keyword":"JOIN","MediaUrl":"https://x.com/a.png","MessageType":"TRANSACTIONAL","OriginationNumber":"+18005550100","SenderId":"ACME","TemplateId":"tpl"}"#,
            r#"{"LanguageCode":"en-US","OriginationNumber":"+18005550101","VoiceId":"Hans"}"#,
            r#"{"FeedbackForwardingAddress":"bounce@x.com","FromAddress":"shop@x.com","ReplyToAddresses":["a@x.com","b@x.com"]}"#,
            r#"{"APNSPushType":"alert","Action":"DEEP_LINK","Badge":2,"Category":"c","CollapseId":"co","MediaUrl":"https://x.com/m","PreferredAuthenticationMethod":"TOKEN","Priority":"10","SilentPush":false,"Sound":"ding","ThreadId":"th","TimeToLive":60,"Url":"https://x.com"}"#,
        ]
    );
}

#[test]
fn an_otp_and_a_message_without_settings_are_pinned() {
    let s = messaging_store(Default::default());
    let otp = OtpRequest {
        brand_name: Some("ExampleCorp".into()),
        channel: Some("SMS".into()),
        destination_identity: Some("+12065550100".into()),
        origination_identity: Some("+18005550100".into()),
        reference_id: Some("login".into()),
        entity_id: Some("ent".into()),
        ..Default::default()
    };
    s.send_otp(&scope(), APP, &otp, "r").unwrap();
    super::messages::one(&s, &config(json!({"SMSMessage": {"Body": "hi"}})), "e1");
    assert_eq!(
        logged_settings(&s),
        [
            r#"{"BrandName":"ExampleCorp","EntityId":"ent","Language":"en-US","OriginationNumber":"+18005550100","ReferenceId":"login"}"#,
            "null",
        ]
    );
}

/// A sent-log entry of a state file written before the settings were typed reads back and
/// writes out the same, every kind of setting included.
#[test]
fn an_older_sent_log_entry_reads_back_the_same() {
    let mut line = json!({
        "AccountId": "123456789012", "Region": "us-east-1", "ApplicationId": "app",
        "Operation": "SendMessages", "Channel": "APNS", "Address": "tok",
        "EndpointId": "e1", "MessageId": "m1", "RequestId": "r1",
        "Context": {"k": "v"}, "Body": "b", "Data": {"a": "1", "b": "2"},
        "SentAt": "2024-01-01T00:00:00.000Z",
    });
    line["Settings"] = json!({"APNSPushType": "alert", "Action": "URL", "Badge": 3, "BrandName": "B",
            "Category": "c", "CollapseId": "ci", "CollapseKey": "ck", "ConsolidationKey": "k",
            "DeliveryUri": "https://x.com", "EndpointType": "SMS", "EntityId": "e",
            "ExpiresAfter": "60", "FeedbackForwardingAddress": "f@x.com",
            "FromAddress": "a@x.com", "HttpStatus": 202, "IconReference": "i",
            "ImageIconUrl": "ii", "ImageUrl": "iu", "Invoked": true, "Keyword": "K",
            "Language": "en-US", "LanguageCode": "en-US", "MD5": "md", "MediaUrl": "mu",
            "MessageType": "PROMOTIONAL", "OriginationNumber": "+1", "PreferredAuthenticationMethod": "TOKEN",
            "Priority": "high", "ReferenceId": "ref", "ReplyToAddresses": ["r@x.com"],
            "RestrictedPackageName": "pkg", "SenderId": "S", "SilentPush": true,
            "SmallImageIconUrl": "s", "Sound": "ding", "TemplateId": "t", "ThreadId": "th",
            "TimeToLive": 30, "Url": "https://x.com/u", "VoiceId": "Joanna"});
    let custom = json!({
        "AccountId": "1", "Region": "r", "ApplicationId": "a", "Operation": "Campaign",
        "Channel": "CUSTOM", "Address": "", "MessageId": "m", "RequestId": "q",
        "Data": {"hi": 1, "list": [true]},
        "Settings": {"DeliveryUri": "https://x.com", "EndpointType": "", "Invoked": false},
        "SentAt": "t",
    });
    for v in [line, custom] {
        let m: SentMessage = serde_json::from_value(v.clone()).unwrap();
        assert_eq!(serde_json::to_value(&m).unwrap(), v);
        // The settings' members come out in the order the state file had them (sorted).
        let text = serde_json::to_string(&m.settings).unwrap();
        assert_eq!(text, v["Settings"].to_string());
    }
}
