//! Templates: per account and region, keyed by name and type, versioned with one active version
//! (docs/behaviour.md#templates).

use serde_json::json;

use super::messages::{config, hi, last_body, messaging_store, one};
use super::*;
use crate::store::messaging::messages::{DeliveryStatus, MessagingOptions, TemplateRef};
use crate::store::messaging::templates::{Content, TemplateKind, VersionChoice};

fn body(text: &str) -> Content {
    Content {
        body: Some(text.into()),
        ..Default::default()
    }
}

fn new_version() -> VersionChoice {
    VersionChoice {
        create_new_version: true,
        version: None,
    }
}

fn at(version: &str) -> VersionChoice {
    VersionChoice {
        create_new_version: false,
        version: Some(version.into()),
    }
}

const SMS: TemplateKind = TemplateKind::SMS;

#[test]
fn names_are_unique_per_type_and_checked() {
    let s = store();
    s.create_template(&scope(), "welcome", SMS, body("hi"), Default::default())
        .unwrap();
    let m = bad(s.create_template(&scope(), "welcome", SMS, body("hi"), Default::default()));
    assert_eq!(m, "Template welcome of type SMS already exists");
    s.create_template(
        &scope(),
        "welcome",
        TemplateKind::EMAIL,
        Content::default(),
        Default::default(),
    )
    .unwrap();
    for name in ["", "-x", "a b", &"x".repeat(129)] {
        bad(s.create_template(&scope(), name, SMS, body("hi"), Default::default()));
    }
    let other = Scope {
        account: "111111111111".into(),
        region: "us-east-1".into(),
    };
    assert!(matches!(
        s.template(&other, "welcome", SMS),
        Err(StoreError::NotFound)
    ));
    assert_eq!(s.templates(&scope()).len(), 2);
}

#[test]
fn versions_count_up_and_the_active_one_is_answered() {
    let s = store();
    s.create_template(&scope(), "t", SMS, body("v1"), Default::default())
        .unwrap();
    // An update without options overwrites the latest version.
    s.update_template(&scope(), "t", SMS, body("v1b"), VersionChoice::default())
        .unwrap();
    s.update_template(&scope(), "t", SMS, body("v2"), new_version())
        .unwrap();
    let t = s.template(&scope(), "t", SMS).unwrap();
    assert_eq!((t.active, t.latest), (1, 2));
    assert_eq!(t.version(None).unwrap().1.content, body("v1b"));
    assert_eq!(t.version(Some("2")).unwrap().1.content, body("v2"));
    assert!(matches!(t.version(Some("9")), Err(StoreError::NotFound)));
    // `version` must name the latest; with create-new-version it is refused.
    bad(s.update_template(&scope(), "t", SMS, body("x"), at("1")));
    s.update_template(&scope(), "t", SMS, body("v2b"), at("2"))
        .unwrap();
    let both = VersionChoice {
        create_new_version: true,
        version: Some("2".into()),
    };
    bad(s.update_template(&scope(), "t", SMS, body("x"), both));
    s.set_active_template_version(&scope(), "t", SMS, "latest")
        .unwrap();
    assert_eq!(s.template(&scope(), "t", SMS).unwrap().active, 2);
    assert!(matches!(
        s.set_active_template_version(&scope(), "t", SMS, "7"),
        Err(StoreError::NotFound)
    ));
}

#[test]
fn deleting_versions_keeps_the_active_one_and_numbers_are_never_reused() {
    let s = store();
    s.create_template(&scope(), "t", SMS, body("v1"), Default::default())
        .unwrap();
    s.update_template(&scope(), "t", SMS, body("v2"), new_version())
        .unwrap();
    let m = bad(s.delete_template(&scope(), "t", SMS, Some("1")));
    assert!(m.contains("active"), "{m}");
    s.delete_template(&scope(), "t", SMS, Some("2")).unwrap();
    s.update_template(&scope(), "t", SMS, body("v3"), new_version())
        .unwrap();
    let t = s.template(&scope(), "t", SMS).unwrap();
    assert_eq!(t.versions.numbers().collect::<Vec<_>>(), [1, 3]);
    // Deleting the only version, or the template, removes it.
    s.delete_template(&scope(), "t", SMS, Some("3")).unwrap();
    s.delete_template(&scope(), "t", SMS, Some("1")).unwrap();
    assert!(matches!(
        s.template(&scope(), "t", SMS),
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        s.delete_template(&scope(), "t", SMS, None),
        Err(StoreError::NotFound)
    ));
}

#[test]
fn a_template_that_can_never_render_is_refused_when_written() {
    let s = store();
    let recursive = r#"{{#*inline "p"}}{{> p}}{{/inline}}{{> p}}"#;
    let m = bad(s.create_template(&scope(), "loop", SMS, body(recursive), Default::default()));
    assert_eq!(
        m,
        r#"The template part Body can never be rendered: the inline partial "p" always calls itself, so it can never finish rendering"#
    );
    assert!(s.templates(&scope()).is_empty(), "nothing is stored");
    // A push template's parts are named by their path.
    let push = Content {
        apns: Some(crate::model::APNSPushNotificationTemplate {
            body: Some("{{#if a}}".repeat(40) + &"{{/if}}".repeat(40)),
            ..Default::default()
        }),
        ..Default::default()
    };
    let m = bad(s.create_template(
        &scope(),
        "deep",
        TemplateKind::PUSH,
        push,
        Default::default(),
    ));
    assert!(
        m.starts_with("The template part APNS.Body can never be rendered: blocks are nested more than 32 deep"),
        "{m}"
    );
    // An update that would make one is refused and keeps the version as it was.
    s.create_template(&scope(), "t", SMS, body("v1"), Default::default())
        .unwrap();
    bad(s.update_template(
        &scope(),
        "t",
        SMS,
        body(recursive),
        VersionChoice::default(),
    ));
    bad(s.update_template(&scope(), "t", SMS, body(recursive), new_version()));
    let t = s.template(&scope(), "t", SMS).unwrap();
    assert_eq!(
        (t.latest, t.active_version().unwrap().content.clone()),
        (1, body("v1"))
    );
    // A call under a condition may stop, and a syntax error is judged when a message is sent.
    let conditional = r#"{{#*inline "p"}}{{#if more}}{{> p}}{{/if}}{{/inline}}{{> p}}"#;
    s.create_template(
        &scope(),
        "maybe",
        SMS,
        body(conditional),
        Default::default(),
    )
    .unwrap();
    s.create_template(&scope(), "typo", SMS, body("{{#if}}"), Default::default())
        .unwrap();
}

/// A template that passes a rendering limit fails its recipient with the limit named, and the
/// next send (and the store) go on as before (docs/behaviour.md#render-limits).
#[test]
fn a_template_past_a_rendering_limit_fails_the_recipient_not_the_server() {
    let s = messaging_store(MessagingOptions::default());
    let forever = r#"{{#*inline "p"}}{{#if true}}{{> p}}{{/if}}{{/inline}}{{> p}}"#;
    let content = body(forever);
    s.create_template(
        &scope(),
        "forever",
        TemplateKind::SMS,
        content,
        Default::default(),
    )
    .unwrap();
    let mut m = config(json!({"SMSMessage": {}}));
    m.templates.insert(
        TemplateKind::SMS,
        TemplateRef {
            name: "forever".into(),
            version: None,
        },
    );
    let o = one(&s, &m, "e1");
    assert_eq!(o.status, DeliveryStatus::PERMANENT_FAILURE);
    assert_eq!(
        o.message,
        "Template rendering failed: partials called each other more than 32 deep"
    );
    for (body, limit) in [
        (
            r#"{{rjust "x" size=9999999999999}}"#,
            "over the limit of 10485760 bytes",
        ),
        (
            &"{{#if true}}".repeat(33),
            "blocks are nested more than 32 deep",
        ),
    ] {
        let o = one(&s, &config(json!({"SMSMessage": {"Body": body}})), "e1");
        assert_eq!(o.status, DeliveryStatus::PERMANENT_FAILURE);
        assert!(o.message.contains(limit), "{}", o.message);
    }
    assert_eq!(last_body(&s), None, "nothing was sent");
    one(&s, &hi(), "e1");
    assert!(last_body(&s).is_some());
}

/// A version saved before the content was typed reads back with the same content, and writes
/// the same JSON.
#[test]
fn a_version_from_an_older_state_file_reads_back_the_same() {
    let old = r#"{"Content":{"APNS":{"Body":"b","Title":"t"},"DefaultSubstitutions":"{\"a\":1}","Headers":[{"Name":"X","Value":"y"}]},"CreationDate":"c","LastModifiedDate":"m"}"#;
    let v: crate::store::messaging::templates::TemplateVersion = serde_json::from_str(old).unwrap();
    assert_eq!(v.content.apns.as_ref().unwrap().title.as_deref(), Some("t"));
    assert_eq!(
        v.content.default_substitutions.as_deref(),
        Some(r#"{"a":1}"#)
    );
    let again: serde_json::Value = serde_json::from_str(old).unwrap();
    assert_eq!(serde_json::to_value(&v).unwrap(), again);
}

/// DefaultSubstitutions must be a JSON object written as a string; an email template has at
/// most 15 headers; nothing refused is stored.
#[test]
fn default_substitutions_and_headers_are_checked() {
    let s = store();
    let subs = Content {
        default_substitutions: Some("[1]".into()),
        ..body("hi")
    };
    let m = bad(s.create_template(&scope(), "t", SMS, subs, Default::default()));
    assert!(
        m.starts_with("Invalid SMSTemplateRequest.DefaultSubstitutions"),
        "{m}"
    );
    let header = crate::model::MessageHeader {
        name: Some("X".into()),
        value: Some("y".into()),
    };
    let headers = |n| Content {
        headers: Some(vec![header.clone(); n]),
        ..Default::default()
    };
    let email = TemplateKind::EMAIL;
    let m = bad(s.create_template(&scope(), "e", email, headers(16), Default::default()));
    assert_eq!(
        m,
        "Invalid EmailTemplateRequest.Headers: at most 15 headers"
    );
    assert!(s.templates(&scope()).is_empty());
    s.create_template(&scope(), "e", email, headers(15), Default::default())
        .unwrap();
}
