//! Channels: created by the first update, merged and versioned by later ones, validated as a
//! whole, removed by delete (docs/behaviour.md#channel-lifecycle).

use super::*;
use crate::store::messaging::channels::{ChannelKind, ChannelPatch};

fn patch(enabled: Option<bool>, fields: &[(&str, &str)]) -> ChannelPatch {
    ChannelPatch {
        enabled,
        fields: fields
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    }
}

fn with_app() -> Store {
    let s = store();
    s.put("e1", email("a@x.com")).unwrap();
    s
}

#[test]
fn the_first_update_creates_and_later_ones_merge_and_count_versions() {
    let s = with_app();
    let sms = ChannelKind::SMS;
    let v1 = s
        .update_channel(&scope(), APP, sms, patch(None, &[("SenderId", "ACME")]))
        .unwrap();
    assert_eq!((v1.version, v1.enabled), (1, true));
    assert_eq!(v1.creation_date, v1.last_modified_date);
    let v2 = s
        .update_channel(
            &scope(),
            APP,
            sms,
            patch(Some(false), &[("ShortCode", "12345")]),
        )
        .unwrap();
    assert_eq!((v2.version, v2.enabled), (2, false));
    assert_eq!(v2.setting("SenderId"), Some("ACME"));
    assert_eq!(v2.setting("ShortCode"), Some("12345"));
    assert_eq!(v2.creation_date, v1.creation_date);
    assert_eq!(s.channel(&scope(), APP, sms).unwrap(), v2);
    let gone = s.delete_channel(&scope(), APP, sms).unwrap();
    assert_eq!(gone, v2);
    assert!(matches!(
        s.channel(&scope(), APP, sms),
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        s.delete_channel(&scope(), APP, sms),
        Err(StoreError::NotFound)
    ));
    assert!(s.channels(&scope(), APP).unwrap().is_empty());
}

#[test]
fn channels_need_their_credentials_after_the_merge() {
    let s = with_app();
    let m = bad(s
        .update_channel(
            &scope(),
            APP,
            ChannelKind::ADM,
            patch(None, &[("ClientId", "id")]),
        )
        .map(drop));
    assert!(
        m.contains("ClientSecret") && m.contains("ADMChannelRequest"),
        "{m}"
    );
    let m = bad(s
        .update_channel(
            &scope(),
            APP,
            ChannelKind::APNS,
            patch(None, &[("TokenKey", "k")]),
        )
        .map(drop));
    assert!(m.contains("Certificate") && m.contains("TokenKeyId"), "{m}");
    let m = bad(s
        .update_channel(&scope(), APP, ChannelKind::GCM, patch(None, &[]))
        .map(drop));
    assert!(m.contains("ApiKey or ServiceJson"), "{m}");
    let m = bad(s
        .update_channel(
            &scope(),
            APP,
            ChannelKind::GCM,
            patch(
                None,
                &[("ApiKey", "k"), ("DefaultAuthenticationMethod", "CERT")],
            ),
        )
        .map(drop));
    assert!(m.contains("KEY or TOKEN"), "{m}");
    // Nothing was stored by the refusals; a valid channel then takes `{"Enabled":false}` alone.
    assert!(s.channels(&scope(), APP).unwrap().is_empty());
    let apns = ChannelKind::APNS_SANDBOX;
    s.update_channel(
        &scope(),
        APP,
        apns,
        patch(None, &[("Certificate", "c"), ("PrivateKey", "p")]),
    )
    .unwrap();
    let off = s
        .update_channel(&scope(), APP, apns, patch(Some(false), &[]))
        .unwrap();
    assert_eq!((off.version, off.enabled), (2, false));
    assert_eq!(off.default_authentication_method(apns), Some("CERTIFICATE"));
}

#[test]
fn channels_of_an_unknown_app_are_not_found_and_go_with_the_app() {
    let s = store();
    assert!(matches!(
        s.update_channel(&scope(), APP, ChannelKind::VOICE, patch(None, &[])),
        Err(StoreError::AppNotFound)
    ));
    let s = with_app();
    s.update_channel(&scope(), APP, ChannelKind::VOICE, patch(None, &[]))
        .unwrap();
    s.delete_app(&scope(), APP).unwrap();
    s.put("e1", email("a@x.com")).unwrap();
    assert!(s.channels(&scope(), APP).unwrap().is_empty());
}
