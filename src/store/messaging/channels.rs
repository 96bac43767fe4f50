//! Channels: the ten channel types an app can set up (docs/behaviour.md#channels). A channel is
//! created by its first update, merged by later ones (an empty string counts as absent), counted
//! in versions, and validated as a whole after the merge. Secrets are stored but never answered.

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

/// The settings a channel can hold: the string members of every type's request shape (each type
/// sets only its own). Saved under `Settings` in the state file, by the members' own names.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ChannelSettings {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bundle_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub configuration_set: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_authentication_method: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub orchestration_sending_role_arn: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub private_key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role_arn: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sender_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_json: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub short_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_key_id: Option<String>,
}

impl ChannelSettings {
    /// Every setting, mutably: the one list the merge and the checks below walk.
    fn each_mut(&mut self) -> [&mut Option<String>; 19] {
        [
            &mut self.api_key,
            &mut self.bundle_id,
            &mut self.certificate,
            &mut self.client_id,
            &mut self.client_secret,
            &mut self.configuration_set,
            &mut self.default_authentication_method,
            &mut self.from_address,
            &mut self.identity,
            &mut self.orchestration_sending_role_arn,
            &mut self.private_key,
            &mut self.role_arn,
            &mut self.secret_key,
            &mut self.sender_id,
            &mut self.service_json,
            &mut self.short_code,
            &mut self.team_id,
            &mut self.token_key,
            &mut self.token_key_id,
        ]
    }

    /// Whether no setting is set.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// Takes every setting `update` sets; an empty string counts as absent.
    pub fn merge(&mut self, mut update: ChannelSettings) {
        for (old, new) in self.each_mut().into_iter().zip(update.each_mut()) {
            if let Some(v) = new.take().filter(|v| !v.is_empty()) {
                *old = Some(v);
            }
        }
    }
}

/// What one update sends: `Enabled` and the settings of the request.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ChannelPatch {
    pub enabled: Option<bool>,
    pub settings: ChannelSettings,
}

/// A channel as stored: every setting sent so far, secrets included.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Channel {
    pub enabled: bool,
    #[serde(default, skip_serializing_if = "ChannelSettings::is_empty")]
    pub settings: ChannelSettings,
    pub version: u32,
    pub creation_date: String,
    pub last_modified_date: String,
}

impl Channel {
    /// The authentication method an APNs or GCM channel answers with.
    pub fn default_authentication_method(&self, kind: ChannelKind) -> Option<&str> {
        let sent = self.settings.default_authentication_method.as_deref();
        if kind.is_apns() {
            Some(sent.unwrap_or(if self.settings.certificate.is_some() {
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
    let s = &ch.settings;
    let shape = kind.request_shape();
    let need_all = |fields: &[(&'static str, &Option<String>)]| -> StoreResult<()> {
        let m: Vec<&str> = fields
            .iter()
            .filter(|(_, v)| v.is_none())
            .map(|(name, _)| *name)
            .collect();
        if m.is_empty() {
            return Ok(());
        }
        let names: Vec<&str> = fields.iter().map(|(name, _)| *name).collect();
        Err(StoreError::invalid(format!(
            "Missing {} in {shape}: the {} channel needs {}",
            m.join(", "),
            kind.platform(),
            names.join(" and ")
        )))
    };
    match kind {
        ChannelKind::ADM => need_all(&[
            ("ClientId", &s.client_id),
            ("ClientSecret", &s.client_secret),
        ])?,
        ChannelKind::BAIDU => need_all(&[("ApiKey", &s.api_key), ("SecretKey", &s.secret_key)])?,
        ChannelKind::EMAIL => {
            need_all(&[("FromAddress", &s.from_address), ("Identity", &s.identity)])?
        }
        k if k.is_apns() => {
            let certificate = s.certificate.is_some() && s.private_key.is_some();
            let token = s.token_key.is_some()
                && s.token_key_id.is_some()
                && s.bundle_id.is_some()
                && s.team_id.is_some();
            if !certificate && !token {
                return Err(StoreError::invalid(format!(
                    "Missing credentials in {shape}: the {} channel needs Certificate and PrivateKey, or TokenKey, TokenKeyId, BundleId and TeamId",
                    kind.platform()
                )));
            }
            check_method(ch, shape, &["CERTIFICATE", "TOKEN"])?;
        }
        ChannelKind::GCM => {
            if s.api_key.is_none() && s.service_json.is_none() {
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
    match ch.settings.default_authentication_method.as_deref() {
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
            let now = self.now_iso(scope);
            let ch = match data.channel(kind) {
                Some(old) => {
                    let mut ch = old.clone();
                    ch.enabled = patch.enabled.unwrap_or(ch.enabled);
                    ch.settings.merge(patch.settings);
                    ch.version += 1;
                    ch.last_modified_date = now;
                    ch
                }
                None => {
                    let mut settings = ChannelSettings::default();
                    settings.merge(patch.settings);
                    Channel {
                        enabled: patch.enabled.unwrap_or(true),
                        settings,
                        version: 1,
                        creation_date: now.clone(),
                        last_modified_date: now,
                    }
                }
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
