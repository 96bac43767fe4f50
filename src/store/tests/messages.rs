//! Messaging without HTTP: each recipient's outcome (docs/behaviour.md#message-outcomes), the
//! content and variables it is sent (#message-content, #rendering), SendUsersMessages, the sent
//! log and the opt-out list.

use serde_json::{json, Value};

use super::*;
use crate::store::messaging::channels::{ChannelKind, ChannelPatch, ChannelSettings};
use crate::store::messaging::messages::{
    AddressIn, DeliveryStatus, Message, MessagingOptions, Outcome, Overrides, SendOutcome,
    TemplateRef,
};
use crate::store::messaging::templates::TemplateKind;

pub(super) fn enable(s: &Store, kind: ChannelKind, settings: ChannelSettings) {
    let patch = ChannelPatch {
        enabled: Some(true),
        settings,
    };
    s.update_channel(&scope(), APP, kind, patch).unwrap();
}

pub(super) fn sms(addr: &str) -> EndpointPatch {
    EndpointPatch {
        channel_type: Some(ChannelType::SMS),
        address: Some(addr.into()),
        ..Default::default()
    }
}

/// An app with an SMS endpoint `e1` of user `u1` (FirstName Sofia) and the SMS channel on.
pub(super) fn messaging_store(options: MessagingOptions) -> Store {
    let s = store_with(StoreOptions {
        messaging: options,
        ..Default::default()
    });
    let mut p = with_user(sms("+12065550100"), "u1");
    p.user.as_mut().unwrap().user_attributes = Some(attrs(&[("FirstName", &["Sofia"])]));
    p.attributes = Some(attrs(&[("colors", &["red", "blue"])]));
    s.put("e1", p).unwrap();
    enable(&s, ChannelKind::SMS, Default::default());
    s
}

/// A message whose DirectMessageConfiguration is `v`, read as the model's shape.
pub(super) fn config(v: Value) -> Message {
    Message {
        config: Some(serde_json::from_value(v).unwrap()),
        ..Default::default()
    }
}

pub(super) fn to_endpoints(s: &Store, m: &Message, ids: &[&str]) -> StoreResult<SendOutcome> {
    let eps = ids
        .iter()
        .map(|i| (i.to_string(), Overrides::default()))
        .collect();
    s.send_messages(&scope(), APP, m, vec![], eps, "req-9")
}

pub(super) fn one(s: &Store, m: &Message, id: &str) -> Outcome {
    to_endpoints(s, m, &[id]).unwrap().endpoints.remove(0).1
}

fn address(addr: &str, ct: ChannelType) -> AddressIn {
    AddressIn {
        address: addr.into(),
        channel: Some(ct),
        overrides: Overrides::default(),
    }
}

pub(super) fn last_body(s: &Store) -> Option<String> {
    let (all, _) = s.sent.query(&Default::default());
    all.last().and_then(|m| m.body.clone())
}

pub(super) fn hi() -> Message {
    config(json!({"DefaultMessage": {"Body": "hi"}}))
}

#[test]
fn a_successful_send_has_a_message_id_and_is_logged() {
    let s = messaging_store(Default::default());
    let o = one(&s, &hi(), "e1");
    assert_eq!((o.status, o.code), (DeliveryStatus::SUCCESSFUL, 200));
    let id = o.message_id.unwrap();
    assert_eq!(o.message, format!("MessageId: {id}"));
    assert_eq!(o.address.as_deref(), Some("+12065550100"));
    let (log, dropped) = s.sent.query(&Default::default());
    assert_eq!((log.len(), dropped), (1, 0));
    assert_eq!(log[0].message_id, id);
    assert_eq!(log[0].endpoint_id.as_deref(), Some("e1"));
    assert_eq!(log[0].user_id.as_deref(), Some("u1"));
    assert_eq!(&*log[0].operation, "SendMessages");
}

#[test]
fn endpoint_rules_apply_in_order_and_failures_are_not_logged() {
    let s = messaging_store(Default::default());
    let mut out = sms("+12065550101");
    out.opt_out = Some(OptOut::ALL);
    s.put("out", out).unwrap();
    s.put(
        "noaddr",
        EndpointPatch {
            channel_type: Some(ChannelType::SMS),
            ..Default::default()
        },
    )
    .unwrap();
    s.put(
        "custom",
        EndpointPatch {
            channel_type: Some(ChannelType::CUSTOM),
            address: Some("x".into()),
            ..Default::default()
        },
    )
    .unwrap();
    s.put("old", sms("+12065550102")).unwrap();
    s.put("new", sms("+12065550102")).unwrap(); // makes "old" INACTIVE
    s.put("mail", email("a@x.com")).unwrap();
    let r = to_endpoints(
        &s,
        &hi(),
        &[
            "missing", "custom", "noaddr", "out", "old", "mail", "e1", "E1",
        ],
    )
    .unwrap();
    let got: Vec<(&str, DeliveryStatus, u16)> = r
        .endpoints
        .iter()
        .map(|(k, o)| (k.as_str(), o.status, o.code))
        .collect();
    use DeliveryStatus::*;
    assert_eq!(
        got,
        [
            ("missing", PERMANENT_FAILURE, 404),
            ("custom", PERMANENT_FAILURE, 400),
            ("noaddr", PERMANENT_FAILURE, 400),
            ("out", OPT_OUT, 400),
            ("old", PERMANENT_FAILURE, 400),
            ("mail", PERMANENT_FAILURE, 400),
            ("e1", SUCCESSFUL, 200),
            ("E1", DUPLICATE, 400),
        ]
    );
    assert_eq!(r.endpoints[0].1.address, None);
    assert_eq!(r.endpoints[4].1.message, "Endpoint is inactive");
    assert_eq!(
        r.endpoints[5].1.message,
        "The EMAIL channel is not enabled for this application."
    );
    assert_eq!(s.sent.query(&Default::default()).0.len(), 1);
}

#[test]
fn whole_request_errors_change_nothing() {
    let s = messaging_store(Default::default());
    let none = Message::default();
    assert!(matches!(
        to_endpoints(&s, &none, &["e1"]),
        Err(StoreError::Invalid(_))
    ));
    assert!(matches!(
        to_endpoints(&s, &hi(), &[]),
        Err(StoreError::Invalid(_))
    ));
    let ids: Vec<String> = (0..101).map(|i| format!("x{i}")).collect();
    let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
    assert!(matches!(
        to_endpoints(&s, &hi(), &ids),
        Err(StoreError::LimitExceeded(_))
    ));
    assert_eq!(
        to_endpoints(&s, &hi(), &ids[..100])
            .unwrap()
            .endpoints
            .len(),
        100
    );
    let push = AddressIn {
        channel: Some(ChannelType::PUSH),
        ..address("tok", ChannelType::PUSH)
    };
    assert!(s
        .send_messages(&scope(), APP, &hi(), vec![push], vec![], "r")
        .is_err());
    let untyped = AddressIn {
        channel: None,
        ..address("+12065550100", ChannelType::SMS)
    };
    assert!(s
        .send_messages(&scope(), APP, &hi(), vec![untyped], vec![], "r")
        .is_err());
    let raw = config(json!({"GCMMessage": {"RawContent": "not json"}}));
    assert!(to_endpoints(&s, &raw, &["e1"]).is_err());
    assert!(matches!(
        s.send_messages(
            &scope(),
            "unknown",
            &hi(),
            vec![],
            vec![("e1".into(), Overrides::default())],
            "r"
        ),
        Err(StoreError::AppNotFound)
    ));
    assert!(s.app(&scope(), "unknown").is_err());
    let mut in_app = hi();
    in_app.templates.insert(
        TemplateKind::INAPP,
        TemplateRef {
            name: "t".into(),
            version: None,
        },
    );
    assert!(matches!(
        to_endpoints(&s, &in_app, &["e1"]),
        Err(StoreError::Invalid(_))
    ));
    let mut missing = hi();
    missing.templates.insert(
        TemplateKind::SMS,
        TemplateRef {
            name: "nope".into(),
            version: None,
        },
    );
    assert!(matches!(
        to_endpoints(&s, &missing, &["e1"]),
        Err(StoreError::NotFound)
    ));
    assert!(s.sent.query(&Default::default()).0.is_empty());
}

#[test]
fn addresses_are_checked_and_the_opt_out_list_applies() {
    let s = messaging_store(Default::default());
    s.add_opt_outs(vec![
        crate::store::messaging::messages::opt_outs::OptOutRecord {
            account_id: scope().account,
            address: "+12065550111".into(),
        },
    ])
    .unwrap();
    let addrs = vec![
        address("+12065550110", ChannelType::SMS),
        address("2065550110", ChannelType::SMS),
        address("+12065550111", ChannelType::SMS),
        address("+12065550110", ChannelType::SMS),
    ];
    let r = s
        .send_messages(&scope(), APP, &hi(), addrs, vec![], "r")
        .unwrap();
    let got: Vec<DeliveryStatus> = r.addresses.iter().map(|(_, o)| o.status).collect();
    use DeliveryStatus::*;
    assert_eq!(got, [SUCCESSFUL, PERMANENT_FAILURE, OPT_OUT, DUPLICATE]);
    assert!(r.addresses[1].1.message.starts_with("Invalid address"));
    assert!(s
        .add_opt_outs(vec![
            crate::store::messaging::messages::opt_outs::OptOutRecord {
                account_id: scope().account,
                address: "nobody".into(),
            }
        ])
        .is_err());
    s.remove_opt_outs(None, Some("+12065550111"));
    assert!(s.opt_outs(None).is_empty());
}

#[test]
fn assume_channels_enabled_and_origination_numbers() {
    let s = messaging_store(MessagingOptions {
        assume_channels_enabled: true,
        origination_numbers: vec!["+18005550100".into()],
        ..Default::default()
    });
    s.put("mail", email("a@x.com")).unwrap();
    assert_eq!(one(&s, &hi(), "mail").status, DeliveryStatus::SUCCESSFUL);
    let from = |n: &str| config(json!({"SMSMessage": {"Body": "b", "OriginationNumber": n}}));
    assert_eq!(
        one(&s, &from("+18005550100"), "e1").status,
        DeliveryStatus::SUCCESSFUL
    );
    let o = one(&s, &from("+18005550199"), "e1");
    assert_eq!(
        o.message,
        "The provided number does not exist or does not belong to the account"
    );
}

#[test]
fn send_users_messages_reaches_every_endpoint_of_each_user() {
    let s = messaging_store(Default::default());
    s.put("e2", with_user(sms("+12065550104"), "u1")).unwrap();
    let users = vec![
        ("u1".to_string(), Overrides::default()),
        ("nobody".to_string(), Overrides::default()),
    ];
    let r = s
        .send_users_messages(&scope(), APP, &hi(), users, "r")
        .unwrap();
    assert_eq!(r[0].0, "u1");
    let ids: Vec<&str> = r[0].1.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(ids, ["e1", "e2"]);
    assert!(r[1].1.is_empty());
    let log = s.sent.query(&Default::default()).0;
    assert!(log
        .iter()
        .all(|m| &*m.operation == "SendUsersMessages" && m.user_id.as_deref() == Some("u1")));
    let unknown = vec![("nobody".to_string(), Overrides::default())];
    assert!(matches!(
        s.send_users_messages(&scope(), APP, &hi(), unknown, "r"),
        Err(StoreError::NotFound)
    ));
    let many: Vec<(String, Overrides)> = (0..101)
        .map(|i| (format!("u{i}"), Overrides::default()))
        .collect();
    assert!(s
        .send_users_messages(&scope(), APP, &hi(), many, "r")
        .is_err());
}

#[test]
fn deleting_the_app_drops_its_sent_messages_and_codes() {
    let s = messaging_store(Default::default());
    one(&s, &hi(), "e1");
    let otp = crate::store::messaging::messages::otp::OtpRequest {
        brand_name: Some("B".into()),
        channel: Some("SMS".into()),
        destination_identity: Some("+12065550100".into()),
        origination_identity: Some("+18005550100".into()),
        reference_id: Some("r".into()),
        ..Default::default()
    };
    s.send_otp(&scope(), APP, &otp, "r").unwrap();
    assert_eq!(s.otp_codes(None, None, None).len(), 1);
    let snap = s.snapshot();
    assert_eq!((snap.sent_messages.len(), snap.otp_codes.len()), (2, 1));
    s.delete_app(&scope(), APP).unwrap();
    assert!(s.sent.query(&Default::default()).0.is_empty());
    assert!(s.otp_codes(None, None, None).is_empty());
    s.replace_state(snap, "us-east-1").unwrap();
    assert_eq!(s.sent.query(&Default::default()).0.len(), 2);
    assert_eq!(
        s.otp_codes(Some(APP), Some("+12065550100"), Some("r"))
            .len(),
        1
    );
}
