//! The messages of a DirectMessageConfiguration, each read the same way whatever its type
//! ([`Part`]): what [`super::content`] takes a recipient's content and settings from.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{Map, Value};

use crate::model::{
    DefaultMessage, DefaultPushNotificationMessage, DirectMessageConfiguration, EmailMessage,
};
use crate::store::endpoints::model::ChannelType;

/// One message of a DirectMessageConfiguration read the same way whatever its type: its content
/// members, and the members that are not content as the sent log keeps them.
#[derive(Debug, Clone, Default)]
pub struct Part<'a> {
    pub body: Option<&'a str>,
    pub title: Option<&'a str>,
    pub raw: Option<&'a str>,
    pub substitutions: Option<&'a BTreeMap<String, Vec<String>>>,
    pub data: Option<&'a BTreeMap<String, String>>,
    /// `EmailMessage`'s own (SimpleEmail, RawEmail).
    pub email: Option<&'a EmailMessage>,
    /// The message with its content members cleared, as JSON.
    pub settings: Map<String, Value>,
}

/// A message's JSON members (the settings a sent-log entry records).
fn members<T: Serialize>(m: &T) -> Map<String, Value> {
    match serde_json::to_value(m) {
        Ok(Value::Object(m)) => m,
        _ => Map::new(),
    }
}

/// The push messages (APNS, GCM, ADM, Baidu) share their content members; one macro reads them
/// all rather than four copies of the same function.
macro_rules! push_part {
    ($m:expr, $ty:ident) => {{
        let m = $m;
        Part {
            body: m.body.as_deref(),
            title: m.title.as_deref(),
            raw: m.raw_content.as_deref(),
            substitutions: m.substitutions.as_ref(),
            data: m.data.as_ref(),
            email: None,
            settings: members(&crate::model::$ty {
                body: None,
                title: None,
                raw_content: None,
                substitutions: None,
                data: None,
                ..m.clone()
            }),
        }
    }};
}

/// The message of DirectMessageConfiguration that carries a channel's message.
pub fn channel_part(config: &DirectMessageConfiguration, ct: ChannelType) -> Option<Part<'_>> {
    match ct {
        ChannelType::SMS => config.sms_message.as_ref().map(|m| Part {
            body: m.body.as_deref(),
            substitutions: m.substitutions.as_ref(),
            settings: members(&crate::model::SMSMessage {
                body: None,
                substitutions: None,
                ..m.clone()
            }),
            ..Part::default()
        }),
        ChannelType::VOICE => config.voice_message.as_ref().map(|m| Part {
            body: m.body.as_deref(),
            substitutions: m.substitutions.as_ref(),
            settings: members(&crate::model::VoiceMessage {
                body: None,
                substitutions: None,
                ..m.clone()
            }),
            ..Part::default()
        }),
        ChannelType::EMAIL => config.email_message.as_ref().map(|m| Part {
            body: m.body.as_deref(),
            substitutions: m.substitutions.as_ref(),
            email: Some(m),
            settings: members(&EmailMessage {
                body: None,
                substitutions: None,
                simple_email: None,
                raw_email: None,
                ..m.clone()
            }),
            ..Part::default()
        }),
        ChannelType::GCM => config
            .gcm_message
            .as_ref()
            .map(|m| push_part!(m, GCMMessage)),
        ChannelType::ADM => config
            .adm_message
            .as_ref()
            .map(|m| push_part!(m, ADMMessage)),
        ChannelType::BAIDU => config
            .baidu_message
            .as_ref()
            .map(|m| push_part!(m, BaiduMessage)),
        _ => config
            .apns_message
            .as_ref()
            .map(|m| push_part!(m, APNSMessage)),
    }
}

/// `DefaultPushNotificationMessage` as a part.
pub(super) fn default_push_part(m: &DefaultPushNotificationMessage) -> Part<'_> {
    Part {
        body: m.body.as_deref(),
        title: m.title.as_deref(),
        substitutions: m.substitutions.as_ref(),
        data: m.data.as_ref(),
        settings: members(&DefaultPushNotificationMessage {
            body: None,
            title: None,
            substitutions: None,
            data: None,
            ..m.clone()
        }),
        ..Part::default()
    }
}

/// `DefaultMessage` as a part (it has no settings).
pub(super) fn default_part(m: &DefaultMessage) -> Part<'_> {
    Part {
        body: m.body.as_deref(),
        substitutions: m.substitutions.as_ref(),
        ..Part::default()
    }
}
