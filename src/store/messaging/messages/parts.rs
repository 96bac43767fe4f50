//! The messages of a DirectMessageConfiguration, each read the same way whatever its type
//! ([`Part`]): what [`super::content`] takes a recipient's content and settings from.

use std::collections::BTreeMap;

use super::sent::SentSettings;
use crate::model::{
    ADMMessage, APNSMessage, BaiduMessage, DefaultMessage, DefaultPushNotificationMessage,
    DirectMessageConfiguration, EmailMessage, GCMMessage, SMSMessage, VoiceMessage,
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
    /// The message's members that are not content.
    pub settings: SentSettings,
}

/// Each message type's members that are not content, as the sent log records them. Each
/// message is taken apart member by member, so a member the model adds is a compile error here
/// until it is sorted into content or settings.
impl From<&SMSMessage> for SentSettings {
    fn from(m: &SMSMessage) -> Self {
        let SMSMessage {
            entity_id,
            keyword,
            media_url,
            message_type,
            origination_number,
            sender_id,
            template_id,
            body: _,
            substitutions: _,
        } = m;
        SentSettings {
            entity_id: entity_id.clone(),
            keyword: keyword.clone(),
            media_url: media_url.clone(),
            message_type: *message_type,
            origination_number: origination_number.clone(),
            sender_id: sender_id.clone(),
            template_id: template_id.clone(),
            ..Self::default()
        }
    }
}

impl From<&VoiceMessage> for SentSettings {
    fn from(m: &VoiceMessage) -> Self {
        let VoiceMessage {
            language_code,
            origination_number,
            voice_id,
            body: _,
            substitutions: _,
        } = m;
        SentSettings {
            language_code: language_code.clone(),
            origination_number: origination_number.clone(),
            voice_id: voice_id.clone(),
            ..Self::default()
        }
    }
}

impl From<&EmailMessage> for SentSettings {
    fn from(m: &EmailMessage) -> Self {
        let EmailMessage {
            feedback_forwarding_address,
            from_address,
            reply_to_addresses,
            body: _,
            raw_email: _,
            simple_email: _,
            substitutions: _,
        } = m;
        SentSettings {
            feedback_forwarding_address: feedback_forwarding_address.clone(),
            from_address: from_address.clone(),
            reply_to_addresses: reply_to_addresses.clone(),
            ..Self::default()
        }
    }
}

impl From<&APNSMessage> for SentSettings {
    fn from(m: &APNSMessage) -> Self {
        let APNSMessage {
            apns_push_type,
            action,
            badge,
            category,
            collapse_id,
            media_url,
            preferred_authentication_method,
            priority,
            silent_push,
            sound,
            thread_id,
            time_to_live,
            url,
            body: _,
            data: _,
            raw_content: _,
            substitutions: _,
            title: _,
        } = m;
        SentSettings {
            apns_push_type: apns_push_type.clone(),
            action: *action,
            badge: *badge,
            category: category.clone(),
            collapse_id: collapse_id.clone(),
            media_url: media_url.clone(),
            preferred_authentication_method: preferred_authentication_method.clone(),
            priority: priority.clone(),
            silent_push: *silent_push,
            sound: sound.clone(),
            thread_id: thread_id.clone(),
            time_to_live: *time_to_live,
            url: url.clone(),
            ..Self::default()
        }
    }
}

impl From<&GCMMessage> for SentSettings {
    fn from(m: &GCMMessage) -> Self {
        let GCMMessage {
            action,
            collapse_key,
            icon_reference,
            image_icon_url,
            image_url,
            preferred_authentication_method,
            priority,
            restricted_package_name,
            silent_push,
            small_image_icon_url,
            sound,
            time_to_live,
            url,
            body: _,
            data: _,
            raw_content: _,
            substitutions: _,
            title: _,
        } = m;
        SentSettings {
            action: *action,
            collapse_key: collapse_key.clone(),
            icon_reference: icon_reference.clone(),
            image_icon_url: image_icon_url.clone(),
            image_url: image_url.clone(),
            preferred_authentication_method: preferred_authentication_method.clone(),
            priority: priority.clone(),
            restricted_package_name: restricted_package_name.clone(),
            silent_push: *silent_push,
            small_image_icon_url: small_image_icon_url.clone(),
            sound: sound.clone(),
            time_to_live: *time_to_live,
            url: url.clone(),
            ..Self::default()
        }
    }
}

impl From<&ADMMessage> for SentSettings {
    fn from(m: &ADMMessage) -> Self {
        let ADMMessage {
            action,
            consolidation_key,
            expires_after,
            icon_reference,
            image_icon_url,
            image_url,
            md5,
            silent_push,
            small_image_icon_url,
            sound,
            url,
            body: _,
            data: _,
            raw_content: _,
            substitutions: _,
            title: _,
        } = m;
        SentSettings {
            action: *action,
            consolidation_key: consolidation_key.clone(),
            expires_after: expires_after.clone(),
            icon_reference: icon_reference.clone(),
            image_icon_url: image_icon_url.clone(),
            image_url: image_url.clone(),
            md5: md5.clone(),
            silent_push: *silent_push,
            small_image_icon_url: small_image_icon_url.clone(),
            sound: sound.clone(),
            url: url.clone(),
            ..Self::default()
        }
    }
}

impl From<&BaiduMessage> for SentSettings {
    fn from(m: &BaiduMessage) -> Self {
        let BaiduMessage {
            action,
            icon_reference,
            image_icon_url,
            image_url,
            silent_push,
            small_image_icon_url,
            sound,
            time_to_live,
            url,
            body: _,
            data: _,
            raw_content: _,
            substitutions: _,
            title: _,
        } = m;
        SentSettings {
            action: *action,
            icon_reference: icon_reference.clone(),
            image_icon_url: image_icon_url.clone(),
            image_url: image_url.clone(),
            silent_push: *silent_push,
            small_image_icon_url: small_image_icon_url.clone(),
            sound: sound.clone(),
            time_to_live: *time_to_live,
            url: url.clone(),
            ..Self::default()
        }
    }
}

impl From<&DefaultPushNotificationMessage> for SentSettings {
    fn from(m: &DefaultPushNotificationMessage) -> Self {
        let DefaultPushNotificationMessage {
            action,
            silent_push,
            url,
            body: _,
            data: _,
            substitutions: _,
            title: _,
        } = m;
        SentSettings {
            action: *action,
            silent_push: *silent_push,
            url: url.clone(),
            ..Self::default()
        }
    }
}

/// The push messages (APNS, GCM, ADM, Baidu) share their content members; one macro reads them
/// all rather than four copies of the same function.
macro_rules! push_part {
    ($m:expr) => {{
        let m = $m;
        Part {
            body: m.body.as_deref(),
            title: m.title.as_deref(),
            raw: m.raw_content.as_deref(),
            substitutions: m.substitutions.as_ref(),
            data: m.data.as_ref(),
            email: None,
            settings: SentSettings::from(m),
        }
    }};
}

/// The message of DirectMessageConfiguration that carries a channel's message.
pub fn channel_part(config: &DirectMessageConfiguration, ct: ChannelType) -> Option<Part<'_>> {
    match ct {
        ChannelType::SMS => config.sms_message.as_ref().map(|m| Part {
            body: m.body.as_deref(),
            substitutions: m.substitutions.as_ref(),
            settings: SentSettings::from(m),
            ..Part::default()
        }),
        ChannelType::VOICE => config.voice_message.as_ref().map(|m| Part {
            body: m.body.as_deref(),
            substitutions: m.substitutions.as_ref(),
            settings: SentSettings::from(m),
            ..Part::default()
        }),
        ChannelType::EMAIL => config.email_message.as_ref().map(|m| Part {
            body: m.body.as_deref(),
            substitutions: m.substitutions.as_ref(),
            email: Some(m),
            settings: SentSettings::from(m),
            ..Part::default()
        }),
        ChannelType::GCM => config.gcm_message.as_ref().map(|m| push_part!(m)),
        ChannelType::ADM => config.adm_message.as_ref().map(|m| push_part!(m)),
        ChannelType::BAIDU => config.baidu_message.as_ref().map(|m| push_part!(m)),
        _ => config.apns_message.as_ref().map(|m| push_part!(m)),
    }
}

/// `DefaultPushNotificationMessage` as a part.
pub(super) fn default_push_part(m: &DefaultPushNotificationMessage) -> Part<'_> {
    Part {
        body: m.body.as_deref(),
        title: m.title.as_deref(),
        substitutions: m.substitutions.as_ref(),
        data: m.data.as_ref(),
        settings: SentSettings::from(m),
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
