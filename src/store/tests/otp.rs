//! One-time passwords (docs/behaviour.md#otp): parameter bounds, single use, attempts, expiry,
//! replacement, the fixed code.

use std::sync::Arc;

use super::*;
use crate::clock::ManualClock;
use crate::ids::SequentialIds;
use crate::store::messaging::channels::{ChannelKind, ChannelPatch};
use crate::store::messaging::messages::otp::OtpRequest;
use crate::store::messaging::messages::{DeliveryStatus, MessagingOptions};

fn otp_store(options: MessagingOptions, clock: Arc<ManualClock>) -> Store {
    let s = Store::new(
        StoreOptions {
            messaging: options,
            ..Default::default()
        },
        Logs::in_memory(100),
        clock,
        Arc::new(SequentialIds::default()),
    );
    s.put("e1", email("a@x.com")).unwrap();
    let on = ChannelPatch {
        enabled: Some(true),
        settings: Default::default(),
    };
    s.update_channel(&scope(), APP, ChannelKind::SMS, on)
        .unwrap();
    s
}

fn request() -> OtpRequest {
    OtpRequest {
        brand_name: Some("ExampleCorp".into()),
        channel: Some("SMS".into()),
        destination_identity: Some("+12065550100".into()),
        origination_identity: Some("+18005550100".into()),
        reference_id: Some("login".into()),
        ..Default::default()
    }
}

fn verify(s: &Store, code: &str) -> bool {
    s.verify_otp(
        &scope(),
        APP,
        Some("+12065550100"),
        Some(code),
        Some("login"),
    )
    .unwrap()
}

#[test]
fn a_code_is_sent_logged_and_valid_once() {
    let s = otp_store(Default::default(), Arc::default());
    let o = s.send_otp(&scope(), APP, &request(), "r").unwrap();
    assert_eq!(o.status, DeliveryStatus::SUCCESSFUL);
    let (log, _) = s.sent.query(&Default::default());
    assert_eq!(
        log[0].body.as_deref(),
        Some("This is your One Time Password: 000001 from ExampleCorp")
    );
    assert_eq!(&*log[0].operation, "SendOTPMessage");
    assert!(!verify(&s, "000002"));
    assert!(verify(&s, "000001"));
    assert!(!verify(&s, "000001"), "a code is used once");
    assert!(!s
        .verify_otp(
            &scope(),
            APP,
            Some("+12065550100"),
            Some("1"),
            Some("other")
        )
        .unwrap());
    assert!(matches!(
        s.verify_otp(
            &scope(),
            "nope",
            Some("+12065550100"),
            Some("1"),
            Some("login")
        ),
        Err(StoreError::AppNotFound)
    ));
    assert!(s
        .verify_otp(&scope(), APP, None, Some("1"), Some("login"))
        .is_err());
}

#[test]
fn wrong_guesses_expiry_and_a_newer_code() {
    let clock = Arc::new(ManualClock::default());
    let s = otp_store(Default::default(), Arc::clone(&clock));
    s.send_otp(&scope(), APP, &request(), "r").unwrap();
    for _ in 0..3 {
        assert!(!verify(&s, "999999"));
    }
    assert!(
        !verify(&s, "000001"),
        "dead after AllowedAttempts wrong guesses"
    );
    s.send_otp(&scope(), APP, &request(), "r").unwrap();
    s.send_otp(&scope(), APP, &request(), "r").unwrap();
    assert!(!verify(&s, "000002"), "replaced by the newer code");
    clock.advance(chrono::Duration::minutes(15));
    assert!(!verify(&s, "000003"), "expired");
    let mut short = request();
    short.validity_period = Some(5);
    s.send_otp(&scope(), APP, &short, "r").unwrap();
    clock.advance(chrono::Duration::minutes(4));
    assert!(verify(&s, "000004"));
}

#[test]
fn parameter_bounds_are_bad_requests() {
    let s = otp_store(Default::default(), Arc::default());
    type Change = Box<dyn Fn(&mut OtpRequest)>;
    let cases: Vec<(&str, Change)> = vec![
        ("CodeLength", Box::new(|r| r.code_length = Some(4))),
        ("CodeLength", Box::new(|r| r.code_length = Some(9))),
        ("ValidityPeriod", Box::new(|r| r.validity_period = Some(4))),
        ("ValidityPeriod", Box::new(|r| r.validity_period = Some(61))),
        (
            "AllowedAttempts",
            Box::new(|r| r.allowed_attempts = Some(6)),
        ),
        (
            "BrandName",
            Box::new(|r| r.brand_name = Some("x".repeat(21))),
        ),
        (
            "ReferenceId",
            Box::new(|r| r.reference_id = Some("x".repeat(49))),
        ),
        ("Channel", Box::new(|r| r.channel = Some("EMAIL".into()))),
        ("Language", Box::new(|r| r.language = Some("en-AU".into()))),
        (
            "DestinationIdentity",
            Box::new(|r| r.destination_identity = Some("2065550100".into())),
        ),
        (
            "OriginationIdentity",
            Box::new(|r| r.origination_identity = None),
        ),
    ];
    for (member, change) in cases {
        let mut r = request();
        change(&mut r);
        let err = s.send_otp(&scope(), APP, &r, "x").unwrap_err().to_string();
        assert!(err.contains(member), "{member}: {err}");
    }
    assert!(s.otp_codes(None, None, None).is_empty());
    let mut ok = request();
    (ok.code_length, ok.validity_period, ok.allowed_attempts) = (Some(8), Some(60), Some(5));
    ok.language = Some("ja-JP".into());
    assert_eq!(
        s.send_otp(&scope(), APP, &ok, "x").unwrap().status,
        DeliveryStatus::SUCCESSFUL
    );
    assert_eq!(s.otp_codes(None, None, None)[0].code.len(), 8);
}

#[test]
fn a_fixed_code_and_a_disabled_channel() {
    let s = otp_store(
        MessagingOptions {
            otp_code: Some("123456".into()),
            ..Default::default()
        },
        Arc::default(),
    );
    s.send_otp(&scope(), APP, &request(), "r").unwrap();
    assert!(verify(&s, "123456"));
    s.delete_channel(&scope(), APP, ChannelKind::SMS).unwrap();
    let o = s.send_otp(&scope(), APP, &request(), "r").unwrap();
    assert_eq!(o.status, DeliveryStatus::PERMANENT_FAILURE);
    assert_eq!(
        o.message,
        "The SMS channel is not enabled for this application."
    );
}
