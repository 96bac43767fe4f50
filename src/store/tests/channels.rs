//! Channels: created by the first update, merged and versioned by later ones, validated as a
//! whole, removed by delete (docs/behaviour.md#channel-lifecycle).

use super::*;
use crate::store::messaging::channels::{ChannelKind, ChannelPatch, ChannelSettings};

fn patch(enabled: Option<bool>, settings: ChannelSettings) -> ChannelPatch {
    ChannelPatch { enabled, settings }
}

fn some(v: &str) -> Option<String> {
    Some(v.to_string())
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
        .update_channel(
            &scope(),
            APP,
            sms,
            patch(
                None,
                ChannelSettings {
                    sender_id: some("ACME"),
                    ..Default::default()
                },
            ),
        )
        .unwrap();
    assert_eq!((v1.version, v1.enabled), (1, true));
    assert_eq!(v1.creation_date, v1.last_modified_date);
    let v2 = s
        .update_channel(
            &scope(),
            APP,
            sms,
            patch(
                Some(false),
                ChannelSettings {
                    short_code: some("12345"),
                    ..Default::default()
                },
            ),
        )
        .unwrap();
    assert_eq!((v2.version, v2.enabled), (2, false));
    assert_eq!(v2.settings.sender_id.as_deref(), Some("ACME"));
    assert_eq!(v2.settings.short_code.as_deref(), Some("12345"));
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
            patch(
                None,
                ChannelSettings {
                    client_id: some("id"),
                    ..Default::default()
                },
            ),
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
            patch(
                None,
                ChannelSettings {
                    token_key: some("k"),
                    ..Default::default()
                },
            ),
        )
        .map(drop));
    assert!(m.contains("Certificate") && m.contains("TokenKeyId"), "{m}");
    let m = bad(s
        .update_channel(
            &scope(),
            APP,
            ChannelKind::GCM,
            patch(None, Default::default()),
        )
        .map(drop));
    assert!(m.contains("ApiKey or ServiceJson"), "{m}");
    let m = bad(s
        .update_channel(
            &scope(),
            APP,
            ChannelKind::GCM,
            patch(
                None,
                ChannelSettings {
                    api_key: some("k"),
                    default_authentication_method: some("CERT"),
                    ..Default::default()
                },
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
        patch(
            None,
            ChannelSettings {
                certificate: some("c"),
                private_key: some("p"),
                ..Default::default()
            },
        ),
    )
    .unwrap();
    let off = s
        .update_channel(&scope(), APP, apns, patch(Some(false), Default::default()))
        .unwrap();
    assert_eq!((off.version, off.enabled), (2, false));
    assert_eq!(off.default_authentication_method(apns), Some("CERTIFICATE"));
}

#[test]
fn channels_of_an_unknown_app_are_not_found_and_go_with_the_app() {
    let s = store();
    assert!(matches!(
        s.update_channel(
            &scope(),
            APP,
            ChannelKind::VOICE,
            patch(None, Default::default())
        ),
        Err(StoreError::AppNotFound)
    ));
    let s = with_app();
    s.update_channel(
        &scope(),
        APP,
        ChannelKind::VOICE,
        patch(None, Default::default()),
    )
    .unwrap();
    s.delete_app(&scope(), APP).unwrap();
    s.put("e1", email("a@x.com")).unwrap();
    assert!(s.channels(&scope(), APP).unwrap().is_empty());
}

#[test]
fn an_empty_setting_counts_as_absent_and_old_settings_read_back() {
    let s = with_app();
    let sms = ChannelKind::SMS;
    s.update_channel(
        &scope(),
        APP,
        sms,
        patch(
            None,
            ChannelSettings {
                sender_id: some("ACME"),
                ..Default::default()
            },
        ),
    )
    .unwrap();
    let v2 = s
        .update_channel(
            &scope(),
            APP,
            sms,
            patch(
                None,
                ChannelSettings {
                    sender_id: some(""),
                    short_code: some(""),
                    ..Default::default()
                },
            ),
        )
        .unwrap();
    assert_eq!(v2.settings.sender_id.as_deref(), Some("ACME"));
    assert_eq!(v2.settings.short_code, None);
    // A channel saved before the settings were typed reads back with the same content.
    let old = r#"{"Enabled":true,"Settings":{"FromAddress":"a@x.com","Identity":"arn"},"Version":2,"CreationDate":"c","LastModifiedDate":"m"}"#;
    let ch: crate::store::messaging::channels::Channel = serde_json::from_str(old).unwrap();
    assert_eq!(ch.settings.from_address.as_deref(), Some("a@x.com"));
    let again: serde_json::Value = serde_json::from_str(old).unwrap();
    assert_eq!(serde_json::to_value(&ch).unwrap(), again);
}
