//! Channels: the ten channel types an app can set up (docs/behaviour.md#channels). A channel is
//! created by its first update, merged by later ones (an empty string counts as absent), counted
//! in versions, and validated as a whole after the merge. Secrets are stored but never answered.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::store::{Scope, Store, StoreError, StoreResult};

/// The channel types with a channel resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[allow(non_camel_case_types, clippy::upper_case_acronyms)]
pub enum ChannelKind {
    ADM,
    APNS,
    APNS_SANDBOX,
    APNS_VOIP,
    APNS_VOIP_SANDBOX,
    BAIDU,
    EMAIL,
    GCM,
    SMS,
    VOICE,
}

impl ChannelKind {
    pub const ALL: [ChannelKind; 10] = [
        Self::ADM,
        Self::APNS,
        Self::APNS_SANDBOX,
        Self::APNS_VOIP,
        Self::APNS_VOIP_SANDBOX,
        Self::BAIDU,
        Self::EMAIL,
        Self::GCM,
        Self::SMS,
        Self::VOICE,
    ];

    /// The channel resource an endpoint's ChannelType sends through (none for PUSH, CUSTOM and
    /// IN_APP).
    pub fn of(ct: crate::store::endpoints::model::ChannelType) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.platform() == ct.as_str())
    }

    /// The upper-case type: `Platform`, the key in GetChannels, the state file's name.
    pub fn platform(self) -> &'static str {
        match self {
            Self::ADM => "ADM",
            Self::APNS => "APNS",
            Self::APNS_SANDBOX => "APNS_SANDBOX",
            Self::APNS_VOIP => "APNS_VOIP",
            Self::APNS_VOIP_SANDBOX => "APNS_VOIP_SANDBOX",
            Self::BAIDU => "BAIDU",
            Self::EMAIL => "EMAIL",
            Self::GCM => "GCM",
            Self::SMS => "SMS",
            Self::VOICE => "VOICE",
        }
    }

    /// The last segment of the channel's path, which is also its `Id`.
    pub fn path_name(self) -> String {
        self.platform().to_ascii_lowercase()
    }

    /// The channel a path's last segment names.
    pub fn from_path_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.path_name() == name)
    }

    /// The request shape's name, for messages.
    pub fn request_shape(self) -> &'static str {
        match self {
            Self::ADM => "ADMChannelRequest",
            Self::APNS => "APNSChannelRequest",
            Self::APNS_SANDBOX => "APNSSandboxChannelRequest",
            Self::APNS_VOIP => "APNSVoipChannelRequest",
            Self::APNS_VOIP_SANDBOX => "APNSVoipSandboxChannelRequest",
            Self::BAIDU => "BaiduChannelRequest",
            Self::EMAIL => "EmailChannelRequest",
            Self::GCM => "GCMChannelRequest",
            Self::SMS => "SMSChannelRequest",
            Self::VOICE => "VoiceChannelRequest",
        }
    }

    /// The string members of the request shape (`Enabled` is the one boolean).
    pub fn fields(self) -> &'static [&'static str] {
        match self {
            Self::ADM => &["ClientId", "ClientSecret"],
            Self::APNS | Self::APNS_SANDBOX | Self::APNS_VOIP | Self::APNS_VOIP_SANDBOX => &[
                "BundleId",
                "Certificate",
                "DefaultAuthenticationMethod",
                "PrivateKey",
                "TeamId",
                "TokenKey",
                "TokenKeyId",
            ],
            Self::BAIDU => &["ApiKey", "SecretKey"],
            Self::EMAIL => &[
                "ConfigurationSet",
                "FromAddress",
                "Identity",
                "OrchestrationSendingRoleArn",
                "RoleArn",
            ],
            Self::GCM => &["ApiKey", "DefaultAuthenticationMethod", "ServiceJson"],
            Self::SMS => &["SenderId", "ShortCode"],
            Self::VOICE => &[],
        }
    }

    /// Whether it is a push channel (these answer `HasCredential: true`).
    pub fn is_push(self) -> bool {
        !matches!(self, Self::EMAIL | Self::SMS | Self::VOICE)
    }

    /// Whether it is one of the four APNs channels.
    pub fn is_apns(self) -> bool {
        matches!(
            self,
            Self::APNS | Self::APNS_SANDBOX | Self::APNS_VOIP | Self::APNS_VOIP_SANDBOX
        )
    }
}

/// What one update sends: `Enabled` and the string members, empty strings already dropped.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ChannelPatch {
    pub enabled: Option<bool>,
    pub fields: BTreeMap<String, String>,
}

/// A channel as stored: every setting sent so far, secrets included.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Channel {
    pub enabled: bool,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub settings: BTreeMap<String, String>,
    pub version: u32,
    pub creation_date: String,
    pub last_modified_date: String,
}

impl Channel {
    /// A setting's value, if set.
    pub fn setting(&self, name: &str) -> Option<&str> {
        self.settings.get(name).map(String::as_str)
    }

    /// The authentication method an APNs or GCM channel answers with.
    pub fn default_authentication_method(&self, kind: ChannelKind) -> Option<&str> {
        let sent = self.setting("DefaultAuthenticationMethod");
        if kind.is_apns() {
            Some(sent.unwrap_or(if self.setting("Certificate").is_some() {
                "CERTIFICATE"
            } else {
                "TOKEN"
            }))
        } else if kind == ChannelKind::GCM {
            Some(sent.unwrap_or("KEY"))
        } else {
            None
        }
    }
}

/// Checks a channel as it would be stored after an update (docs/behaviour.md#channel-validation).
pub fn validate(kind: ChannelKind, ch: &Channel) -> StoreResult<()> {
    let has = |f: &str| ch.setting(f).is_some();
    let missing = |fields: &[&str]| -> Vec<String> {
        fields
            .iter()
            .filter(|f| !has(f))
            .map(|f| f.to_string())
            .collect()
    };
    let shape = kind.request_shape();
    let need_all = |fields: &[&str]| -> StoreResult<()> {
        let m = missing(fields);
        if m.is_empty() {
            Ok(())
        } else {
            Err(StoreError::invalid(format!(
                "Missing {} in {shape}: the {} channel needs {}",
                m.join(", "),
                kind.platform(),
                fields.join(" and ")
            )))
        }
    };
    match kind {
        ChannelKind::ADM => need_all(&["ClientId", "ClientSecret"])?,
        ChannelKind::BAIDU => need_all(&["ApiKey", "SecretKey"])?,
        ChannelKind::EMAIL => need_all(&["FromAddress", "Identity"])?,
        k if k.is_apns() => {
            let certificate = ["Certificate", "PrivateKey"];
            let token = ["TokenKey", "TokenKeyId", "BundleId", "TeamId"];
            if !missing(&certificate).is_empty() && !missing(&token).is_empty() {
                return Err(StoreError::invalid(format!(
                    "Missing credentials in {shape}: the {} channel needs Certificate and PrivateKey, or TokenKey, TokenKeyId, BundleId and TeamId",
                    kind.platform()
                )));
            }
            check_method(ch, shape, &["CERTIFICATE", "TOKEN"])?;
        }
        ChannelKind::GCM => {
            if !has("ApiKey") && !has("ServiceJson") {
                return Err(StoreError::invalid(format!(
                    "Missing ApiKey or ServiceJson in {shape}: the GCM channel needs one of them"
                )));
            }
            check_method(ch, shape, &["KEY", "TOKEN"])?;
        }
        _ => {}
    }
    Ok(())
}

fn check_method(ch: &Channel, shape: &str, allowed: &[&str]) -> StoreResult<()> {
    match ch.setting("DefaultAuthenticationMethod") {
        Some(m) if !allowed.contains(&m) => Err(StoreError::invalid(format!(
            "Invalid {shape}.DefaultAuthenticationMethod {m:?}: must be {}",
            allowed.join(" or ")
        ))),
        _ => Ok(()),
    }
}

impl Store {
    /// Get*Channel: the channel, or 404 when the app has none of this type.
    pub fn channel(&self, scope: &Scope, app_id: &str, kind: ChannelKind) -> StoreResult<Channel> {
        self.read_app(scope, app_id, |data| {
            data.channel(kind).cloned().ok_or(StoreError::NotFound)
        })?
    }

    /// GetChannels: every channel the app has set up.
    pub fn channels(
        &self,
        scope: &Scope,
        app_id: &str,
    ) -> StoreResult<Vec<(ChannelKind, Channel)>> {
        self.read_app(scope, app_id, |data| {
            data.channels().map(|(k, c)| (k, c.clone())).collect()
        })
    }

    /// Update*Channel (docs/behaviour.md#channel-lifecycle): creates the channel (Version 1,
    /// enabled unless the request says otherwise) or merges the update into it (Version + 1).
    pub fn update_channel(
        &self,
        scope: &Scope,
        app_id: &str,
        kind: ChannelKind,
        patch: ChannelPatch,
    ) -> StoreResult<Channel> {
        self.write_app(scope, app_id, |data| {
            let now = self.clock().now_iso();
            let ch = match data.channel(kind) {
                Some(old) => {
                    let mut ch = old.clone();
                    ch.enabled = patch.enabled.unwrap_or(ch.enabled);
                    ch.settings.extend(patch.fields);
                    ch.version += 1;
                    ch.last_modified_date = now;
                    ch
                }
                None => Channel {
                    enabled: patch.enabled.unwrap_or(true),
                    settings: patch.fields,
                    version: 1,
                    creation_date: now.clone(),
                    last_modified_date: now,
                },
            };
            validate(kind, &ch)?;
            let mut txn = data.txn();
            txn.set_channel(kind, Some(ch.clone()));
            txn.commit();
            Ok(ch)
        })
    }

    /// Delete*Channel: removes the channel and returns it as it was.
    pub fn delete_channel(
        &self,
        scope: &Scope,
        app_id: &str,
        kind: ChannelKind,
    ) -> StoreResult<Channel> {
        self.write_app(scope, app_id, |data| {
            let old = data.channel(kind).cloned().ok_or(StoreError::NotFound)?;
            let mut txn = data.txn();
            txn.set_channel(kind, None);
            txn.commit();
            Ok(old)
        })
    }
}
