//! What each recipient is sent (docs/behaviour.md#message-content) and the variables it is
//! rendered with (#rendering), without HTTP.

use serde_json::{json, Value};

use super::messages::{config, enable, last_body, messaging_store, one, sms, to_endpoints};
use super::*;
use crate::store::messaging::channels::{ChannelKind, ChannelSettings};
use crate::store::messaging::messages::{
    DeliveryStatus, Message, MessagingOptions, Overrides, TemplateRef,
};
use crate::store::messaging::templates::TemplateKind;

#[test]
fn content_comes_from_the_most_specific_source() {
    let s = messaging_store(Default::default());
    let body_of = |m: Value, over: Overrides| {
        let r = s
            .send_messages(
                &scope(),
                APP,
                &config(m),
                vec![],
                vec![("e1".into(), over)],
                "r",
            )
            .unwrap();
        assert_eq!(
            r.endpoints[0].1.status,
            DeliveryStatus::SUCCESSFUL,
            "{:?}",
            r.endpoints
        );
        let b = last_body(&s);
        s.sent.clear_all();
        b
    };
    let both = json!({"DefaultMessage": {"Body": "default"}, "SMSMessage": {"Body": "sms"}});
    assert_eq!(
        body_of(
            json!({"DefaultMessage": {"Body": "hi"}}),
            Overrides::default()
        )
        .as_deref(),
        Some("hi")
    );
    assert_eq!(
        body_of(both.clone(), Overrides::default()).as_deref(),
        Some("sms")
    );
    let over = Overrides {
        body: Some("override".into()),
        ..Default::default()
    };
    assert_eq!(body_of(both.clone(), over).as_deref(), Some("override"));
    let raw = Overrides {
        body: Some("override".into()),
        raw: Some("raw".into()),
        ..Default::default()
    };
    assert_eq!(body_of(both, raw).as_deref(), Some("raw"));
    let empty = one(&s, &config(json!({"EmailMessage": {"Body": "x"}})), "e1");
    assert_eq!(empty.message, "No message content for channel SMS");
}

#[test]
fn push_and_email_content_and_settings() {
    let s = messaging_store(Default::default());
    let key = |v: &str| Some(v.to_string());
    let gcm = ChannelSettings {
        api_key: key("k"),
        ..Default::default()
    };
    enable(&s, ChannelKind::GCM, gcm);
    let apns = ChannelSettings {
        certificate: key("c"),
        private_key: key("p"),
        ..Default::default()
    };
    enable(&s, ChannelKind::APNS_SANDBOX, apns);
    let ses = ChannelSettings {
        from_address: key("shop@x.com"),
        identity: key("arn:aws:ses:us-east-1:1:identity/x.com"),
        ..Default::default()
    };
    enable(&s, ChannelKind::EMAIL, ses);
    s.put(
        "g",
        EndpointPatch {
            channel_type: Some(ChannelType::GCM),
            address: Some("tok-g".into()),
            ..Default::default()
        },
    )
    .unwrap();
    s.put(
        "a",
        EndpointPatch {
            channel_type: Some(ChannelType::APNS_SANDBOX),
            address: Some("tok-a".into()),
            ..Default::default()
        },
    )
    .unwrap();
    s.put("m", email("sofia@x.com")).unwrap();
    let m = config(json!({
        "DefaultMessage": {"Body": "body"},
        "DefaultPushNotificationMessage": {"Title": "title", "Action": "OPEN_APP"},
        "APNSMessage": {"Body": "apns body", "Badge": 2},
        "EmailMessage": {"SimpleEmail": {"Subject": {"Data": "Hi {{Address}}"}, "HtmlPart": {"Data": "<p>{{Address}}</p>"}}},
    }));
    let r = to_endpoints(&s, &m, &["g", "a", "m"]).unwrap();
    assert!(
        r.endpoints
            .iter()
            .all(|(_, o)| o.status == DeliveryStatus::SUCCESSFUL),
        "{r:?}"
    );
    let (log, _) = s.sent.query(&Default::default());
    assert_eq!(
        (log[0].title.as_deref(), log[0].body.as_deref()),
        (Some("title"), Some("body"))
    );
    assert_eq!(log[0].settings.action, Some(crate::model::Action::OpenApp));
    assert_eq!(log[1].body.as_deref(), Some("apns body"));
    assert_eq!(log[1].settings.badge, Some(2));
    assert_eq!(log[2].subject.as_deref(), Some("Hi sofia@x.com"));
    assert_eq!(log[2].html_body.as_deref(), Some("<p>sofia@x.com</p>"));
    assert_eq!(log[2].text_body.as_deref(), Some("body"));
    assert_eq!(log[2].settings.from_address.as_deref(), Some("shop@x.com"));
    // Raw content replaces the whole push message.
    let over = Overrides {
        raw: Some(r#"{"data":1}"#.into()),
        ..Default::default()
    };
    s.send_messages(&scope(), APP, &m, vec![], vec![("g".into(), over)], "r")
        .unwrap();
    let (log, _) = s.sent.query(&Default::default());
    let raw = log.last().unwrap();
    assert_eq!(raw.raw_content.as_deref(), Some(r#"{"data":1}"#));
    assert_eq!((raw.title.as_deref(), raw.body.as_deref()), (None, None));
}

fn template(s: &Store, body: &str, defaults: Option<&str>) -> Message {
    let content = crate::store::messaging::templates::TemplateContent {
        body: Some(body.into()),
        default_substitutions: defaults.map(String::from),
        ..Default::default()
    };
    let _ = s.delete_template(&scope(), "t", TemplateKind::SMS, None);
    s.create_template(
        &scope(),
        "t",
        TemplateKind::SMS,
        content,
        Default::default(),
    )
    .unwrap();
    let mut m = config(json!({"SMSMessage": {"MessageType": "TRANSACTIONAL"}}));
    m.templates.insert(
        TemplateKind::SMS,
        TemplateRef {
            name: "t".into(),
            version: None,
        },
    );
    m
}

#[test]
fn variables_come_from_the_most_specific_source() {
    let s = messaging_store(Default::default());
    s.put("anon", sms("+12065550103")).unwrap();
    let dotted = template(
        &s,
        "Hi {{User.UserAttributes.FirstName}}",
        Some(r#"{"User.UserAttributes.FirstName":"there"}"#),
    );
    assert_eq!(one(&s, &dotted, "e1").status, DeliveryStatus::SUCCESSFUL);
    assert_eq!(last_body(&s).as_deref(), Some("Hi Sofia"));
    one(&s, &dotted, "anon");
    assert_eq!(last_body(&s).as_deref(), Some("Hi there"));
    let nested = template(
        &s,
        "Hi {{User.UserAttributes.FirstName}}",
        Some(r#"{"User":{"UserAttributes":{"FirstName":"there"}}}"#),
    );
    one(&s, &nested, "anon");
    assert_eq!(last_body(&s).as_deref(), Some("Hi there"));
    let over = Overrides {
        substitutions: [(
            "User.UserAttributes.FirstName".to_string(),
            vec!["Ana".to_string()],
        )]
        .into(),
        ..Default::default()
    };
    s.send_messages(
        &scope(),
        APP,
        &nested,
        vec![],
        vec![("e1".into(), over)],
        "r",
    )
    .unwrap();
    assert_eq!(last_body(&s).as_deref(), Some("Hi Ana"));
    let log = s.sent.query(&Default::default()).0;
    let used = log.last().unwrap().template.clone().unwrap();
    assert_eq!((used.name.as_str(), used.version.as_str()), ("t", "1"));
    let colors = template(
        &s,
        "{{Attributes.colors}} / {{upper Attributes.colors.[1]}} / [{{Nope}}]",
        None,
    );
    one(&s, &colors, "e1");
    assert_eq!(last_body(&s).as_deref(), Some("red, blue / BLUE / []"));
    let broken = template(&s, "{{shout Address}}", None);
    assert!(one(&s, &broken, "e1")
        .message
        .starts_with("Template rendering failed: "));
}

#[test]
fn strict_variables_fail_the_recipient() {
    let s = messaging_store(MessagingOptions {
        strict_template_variables: true,
        ..Default::default()
    });
    let m = template(&s, "Hi {{User.UserAttributes.Nickname}}", None);
    let o = one(&s, &m, "e1");
    assert_eq!(o.status, DeliveryStatus::PERMANENT_FAILURE);
    assert!(o.message.contains("Nickname"), "{}", o.message);
}
