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
/// message is taken apart member by member (`copy` and `clone` are settings, `content` is not),
/// so a member the model adds is a compile error here until it is sorted into one of them.
macro_rules! settings_from {
    ($ty:ident { copy: [$($c:ident),*], clone: [$($k:ident),*], content: [$($x:ident),*] }) => {
        impl From<&$ty> for SentSettings {
            fn from(m: &$ty) -> Self {
                let $ty { $($c,)* $($k,)* $($x: _,)* } = m;
                SentSettings {
                    $($c: *$c,)*
                    $($k: $k.clone(),)*
                    ..Self::default()
                }
            }
        }
    };
}

settings_from!(SMSMessage {
    copy: [message_type],
    clone: [
        entity_id,
        keyword,
        media_url,
        origination_number,
        sender_id,
        template_id
    ],
    content: [body, substitutions]
});
settings_from!(VoiceMessage {
    copy: [],
    clone: [language_code, origination_number, voice_id],
    content: [body, substitutions]
});
settings_from!(EmailMessage {
    copy: [],
    clone: [
        feedback_forwarding_address,
        from_address,
        reply_to_addresses
    ],
    content: [body, raw_email, simple_email, substitutions]
});
settings_from!(APNSMessage {
    copy: [action, badge, silent_push, time_to_live],
    clone: [
        apns_push_type,
        category,
        collapse_id,
        media_url,
        preferred_authentication_method,
        priority,
        sound,
        thread_id,
        url
    ],
    content: [body, data, raw_content, substitutions, title]
});
settings_from!(GCMMessage {
    copy: [action, silent_push, time_to_live],
    clone: [
        collapse_key,
        icon_reference,
        image_icon_url,
        image_url,
        preferred_authentication_method,
        priority,
        restricted_package_name,
        small_image_icon_url,
        sound,
        url
    ],
    content: [body, data, raw_content, substitutions, title]
});
settings_from!(ADMMessage {
    copy: [action, silent_push],
    clone: [
        consolidation_key,
        expires_after,
        icon_reference,
        image_icon_url,
        image_url,
        md5,
        small_image_icon_url,
        sound,
        url
    ],
    content: [body, data, raw_content, substitutions, title]
});
settings_from!(BaiduMessage {
    copy: [action, silent_push, time_to_live],
    clone: [
        icon_reference,
        image_icon_url,
        image_url,
        small_image_icon_url,
        sound,
        url
    ],
    content: [body, data, raw_content, substitutions, title]
});
settings_from!(DefaultPushNotificationMessage {
    copy: [action, silent_push],
    clone: [url],
    content: [body, data, substitutions, title]
});

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
