//! The sent-message log (docs/behaviour.md#sent-messages): every successful delivery, OTP
//! messages included, as a test reads it back from `GET /_pinpoint/sent-messages`.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

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
    pub account_id: String,
    pub region: String,
    pub application_id: String,
    /// SendMessages, SendUsersMessages or SendOTPMessage.
    pub operation: String,
    /// The ChannelType it went through (SMS, EMAIL, GCM, …).
    pub channel: String,
    pub address: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoint_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    pub message_id: String,
    pub request_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trace_id: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub context: BTreeMap<String, String>,
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
    pub data: Option<Map<String, Value>>,
    /// The settings that are not content: OriginationNumber, MessageType, FromAddress, …
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub settings: Map<String, Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template: Option<TemplateUsed>,
    pub sent_at: String,
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
