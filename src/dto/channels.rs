//! The channel shapes: `{Type}ChannelRequest` in, `{Type}ChannelResponse` and `ChannelsResponse`
//! out. Every request shape is `Enabled` plus string members, so one reader serves all ten; the
//! answer is built per type, without secrets (docs/behaviour.md#channel-output).
//! <https://docs.aws.amazon.com/pinpoint/latest/apireference/apps-application-id-channels.html>

use serde_json::{Map, Value};

use crate::store::messaging::channels::{Channel, ChannelKind, ChannelPatch};
use crate::store::StoreError;

/// Reads a channel request. Unknown members are ignored, `null` and `""` count as absent, and a
/// member of the wrong type is a 400 naming it.
pub fn channel_patch(
    kind: ChannelKind,
    body: Map<String, Value>,
) -> Result<ChannelPatch, StoreError> {
    let shape = kind.request_shape();
    let wrong = |member: &str, want: &str| {
        StoreError::invalid(format!(
            "Invalid request body at {shape}.{member}: expected {want}"
        ))
    };
    let mut patch = ChannelPatch::default();
    for (member, value) in body {
        if value.is_null() {
            continue;
        }
        if member == "Enabled" {
            patch.enabled = Some(
                value
                    .as_bool()
                    .ok_or_else(|| wrong("Enabled", "a boolean"))?,
            );
        } else if kind.fields().contains(&member.as_str()) {
            let s = value.as_str().ok_or_else(|| wrong(&member, "a string"))?;
            if !s.is_empty() {
                patch.fields.insert(member, s.to_string());
            }
        }
    }
    Ok(patch)
}

/// `{Type}ChannelResponse`.
pub fn channel_response(app_id: &str, kind: ChannelKind, ch: &Channel) -> Value {
    let mut m = Map::new();
    let mut put = |k: &str, v: Value| {
        m.insert(k.to_string(), v);
    };
    put("ApplicationId", app_id.into());
    put("CreationDate", ch.creation_date.as_str().into());
    put("Enabled", ch.enabled.into());
    put("Id", kind.path_name().into());
    put("IsArchived", false.into());
    put("LastModifiedDate", ch.last_modified_date.as_str().into());
    put("Platform", kind.platform().into());
    put("Version", ch.version.into());
    if kind.is_push() {
        put("HasCredential", true.into());
    }
    if let Some(method) = ch.default_authentication_method(kind) {
        put("DefaultAuthenticationMethod", method.into());
    }
    if kind.is_apns() {
        put("HasTokenKey", ch.setting("TokenKey").is_some().into());
    }
    let echoed: &[&str] = match kind {
        ChannelKind::GCM => {
            put(
                "HasFcmServiceCredentials",
                ch.setting("ServiceJson").is_some().into(),
            );
            &[]
        }
        ChannelKind::SMS => {
            put("PromotionalMessagesPerSecond", 20.into());
            put("TransactionalMessagesPerSecond", 20.into());
            &["SenderId", "ShortCode"]
        }
        ChannelKind::EMAIL => {
            put("MessagesPerSecond", 1.into());
            &[
                "ConfigurationSet",
                "FromAddress",
                "Identity",
                "OrchestrationSendingRoleArn",
                "RoleArn",
            ]
        }
        _ => &[],
    };
    for name in echoed {
        if let Some(v) = ch.setting(name) {
            put(name, v.into());
        }
    }
    Value::Object(m)
}

/// The members of the generic `ChannelResponse` that GetChannels lists.
const CHANNEL_RESPONSE: &[&str] = &[
    "ApplicationId",
    "CreationDate",
    "Enabled",
    "HasCredential",
    "Id",
    "IsArchived",
    "LastModifiedDate",
    "Version",
];

/// `ChannelsResponse`: every channel set up, by type, and the in-app channel every app has.
pub fn channels_response(app_id: &str, channels: &[(ChannelKind, Channel)]) -> Value {
    let mut map = Map::new();
    for (kind, ch) in channels {
        let Value::Object(mut full) = channel_response(app_id, *kind, ch) else {
            continue;
        };
        full.retain(|k, _| CHANNEL_RESPONSE.contains(&k.as_str()));
        map.insert(kind.platform().to_string(), Value::Object(full));
    }
    map.insert(
        "IN_APP".into(),
        serde_json::json!({"Enabled": true, "IsArchived": false, "Version": 0}),
    );
    serde_json::json!({ "Channels": map })
}
