//! The sent-message log (docs/behaviour.md#sent-messages): every successful delivery, OTP
//! messages included, as a test reads it back from `GET /_pinpoint/sent-messages`.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::model::{Action, MessageType};
use crate::store::endpoints::model::fold_id;
use crate::store::infra::ring::Ring;
use crate::time;

/// The template a message was rendered from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct TemplateUsed {
    pub name: String,
    pub version: String,
}

/// One delivered message. Also the NDJSON line format of `--messages-file`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct SentMessage {
    pub account_id: Arc<str>,
    pub region: Arc<str>,
    pub application_id: Arc<str>,
    /// SendMessages, SendUsersMessages or SendOTPMessage.
    pub operation: Arc<str>,
    /// The ChannelType it went through (SMS, EMAIL, GCM, …).
    pub channel: Arc<str>,
    pub address: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoint_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    pub message_id: String,
    pub request_id: Arc<str>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trace_id: Option<String>,
    /// Shared by the messages of one delivery that have no Context of their own.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub context: Arc<BTreeMap<String, String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub html_body: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_body: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub raw_content: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<SentData>,
    /// The settings that are not content: OriginationNumber, MessageType, FromAddress, …
    #[serde(default, skip_serializing_if = "SentSettings::is_empty")]
    /// Shared by the entries of one delivery's recipients without overrides.
    pub settings: Arc<SentSettings>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template: Option<TemplateUsed>,
    pub sent_at: Arc<str>,
}

/// A sent message's settings that are not content: the members of its channel message (SMS,
/// voice, email or push, over the default push message's) other than the content ones, an
/// OTP's, or a custom delivery's. Each is named and typed as the model names and types it; the
/// members are declared in the byte order of their names, the order the sent log has always
/// written them in (a state file from before they were typed reads back the same).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default, deny_unknown_fields)]
pub struct SentSettings {
    #[serde(rename = "APNSPushType", skip_serializing_if = "Option::is_none")]
    pub apns_push_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<Action>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub badge: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub brand_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub collapse_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub collapse_key: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consolidation_key: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delivery_uri: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub endpoint_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entity_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_after: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub feedback_forwarding_address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from_address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub http_status: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub icon_reference: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_icon_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub invoked: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub keyword: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language_code: Option<String>,
    #[serde(rename = "MD5", skip_serializing_if = "Option::is_none")]
    pub md5: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub media_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message_type: Option<MessageType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub origination_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preferred_authentication_method: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub priority: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reply_to_addresses: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub restricted_package_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sender_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub silent_push: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub small_image_icon_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sound: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub template_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub thread_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_to_live: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub voice_id: Option<String>,
}

impl SentSettings {
    /// Whether no setting is set (the log then leaves `Settings` out).
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// A sent message's `Data`: a channel message's (strings), or a custom delivery's when its
/// Data string is a JSON object (the API's own free-form text, so it may hold anything).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum SentData {
    Strings(BTreeMap<String, String>),
    Json(Value),
}

impl SentData {
    /// A custom delivery's Data string, when it is a JSON object.
    pub fn from_json(text: &str) -> Option<Self> {
        serde_json::from_str::<Self>(text)
            .ok()
            .filter(|d| !matches!(d, Self::Json(v) if !v.is_object()))
    }
}

/// Which sent messages a query wants.
#[derive(Debug, Clone, Default)]
pub struct SentFilter {
    pub application_id: Option<String>,
    pub channel: Option<String>,
    pub address: Option<String>,
    pub endpoint_id: Option<String>,
    pub user_id: Option<String>,
    pub since: Option<DateTime<Utc>>,
    pub limit: Option<usize>,
}

impl SentFilter {
    fn matches(&self, m: &SentMessage, endpoint: Option<&str>) -> bool {
        let eq = |want: &Option<String>, have: &str| want.as_ref().is_none_or(|w| w == have);
        eq(&self.application_id, &m.application_id)
            && self
                .channel
                .as_ref()
                .is_none_or(|c| c.eq_ignore_ascii_case(&m.channel))
            && eq(&self.address, &m.address)
            && endpoint
                .is_none_or(|id| m.endpoint_id.as_deref().map(fold_id).as_deref() == Some(id))
            && self
                .user_id
                .as_ref()
                .is_none_or(|u| m.user_id.as_ref() == Some(u))
            && self
                .since
                .is_none_or(|s| time::parse_iso8601(&m.sent_at).is_some_and(|t| t >= s))
    }
}

/// The bounded log of sent messages (`--max-messages`, `--messages-file`).
pub type SentLog = Ring<SentMessage>;

impl Ring<SentMessage> {
    /// The matching messages in sending order, and how many were dropped so far.
    pub fn query(&self, filter: &SentFilter) -> (Vec<Arc<SentMessage>>, u64) {
        let endpoint = filter.endpoint_id.as_deref().map(fold_id);
        self.select(|m| filter.matches(m, endpoint.as_deref()), filter.limit)
    }
}
