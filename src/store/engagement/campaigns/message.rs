//! A campaign treatment's messages as a direct send's (docs/behaviour.md#campaign-runs): each
//! channel's message in the direct shape, the templates it names, and the campaign's ids in the
//! log's Context and in push messages' Data.

use std::collections::BTreeMap;

use super::Treatment;
use crate::model::{
    self, ADMMessage, APNSMessage, BaiduMessage, CampaignEmailMessage, CampaignSmsMessage,
    DefaultMessage, DefaultPushNotificationMessage, DirectMessageConfiguration, EmailMessage,
    GCMMessage, MessageConfiguration, SMSMessage, SimpleEmail, SimpleEmailPart,
    TemplateConfiguration,
};
use crate::store::messaging::messages::{Message, TemplateRef};
use crate::store::messaging::templates::TemplateKind;

/// A campaign's SMS message as a direct send's.
fn sms(m: &CampaignSmsMessage) -> SMSMessage {
    SMSMessage {
        body: m.body.clone(),
        entity_id: m.entity_id.clone(),
        message_type: m.message_type,
        origination_number: m.origination_number.clone(),
        sender_id: m.sender_id.clone(),
        template_id: m.template_id.clone(),
        ..SMSMessage::default()
    }
}

/// A campaign's email message as a direct send's simple email.
fn email(m: &CampaignEmailMessage) -> EmailMessage {
    let part = |data: &Option<String>| {
        data.clone().map(|data| SimpleEmailPart {
            charset: None,
            data: Some(data),
        })
    };
    EmailMessage {
        from_address: m.from_address.clone(),
        simple_email: Some(SimpleEmail {
            headers: None,
            html_part: part(&m.html_body),
            subject: part(&m.title),
            text_part: part(&m.body),
        }),
        ..EmailMessage::default()
    }
}

/// A campaign's push message (one shape for every push channel) as each channel's own.
fn gcm(m: &model::Message) -> GCMMessage {
    GCMMessage {
        action: m.action,
        body: m.body.clone(),
        image_icon_url: m.image_icon_url.clone(),
        image_url: m.image_url.clone(),
        raw_content: m.raw_content.clone(),
        silent_push: m.silent_push,
        small_image_icon_url: m.image_small_icon_url.clone(),
        time_to_live: m.time_to_live,
        title: m.title.clone(),
        url: m.url.clone(),
        ..GCMMessage::default()
    }
}

fn apns(m: &model::Message) -> APNSMessage {
    APNSMessage {
        action: m.action,
        body: m.body.clone(),
        media_url: m.media_url.clone(),
        raw_content: m.raw_content.clone(),
        silent_push: m.silent_push,
        time_to_live: m.time_to_live,
        title: m.title.clone(),
        url: m.url.clone(),
        ..APNSMessage::default()
    }
}

fn adm(m: &model::Message) -> ADMMessage {
    ADMMessage {
        action: m.action,
        body: m.body.clone(),
        image_icon_url: m.image_icon_url.clone(),
        image_url: m.image_url.clone(),
        raw_content: m.raw_content.clone(),
        silent_push: m.silent_push,
        small_image_icon_url: m.image_small_icon_url.clone(),
        title: m.title.clone(),
        url: m.url.clone(),
        ..ADMMessage::default()
    }
}

fn baidu(m: &model::Message) -> BaiduMessage {
    BaiduMessage {
        action: m.action,
        body: m.body.clone(),
        image_icon_url: m.image_icon_url.clone(),
        image_url: m.image_url.clone(),
        raw_content: m.raw_content.clone(),
        silent_push: m.silent_push,
        small_image_icon_url: m.image_small_icon_url.clone(),
        time_to_live: m.time_to_live,
        title: m.title.clone(),
        url: m.url.clone(),
        ..BaiduMessage::default()
    }
}

/// A campaign's MessageConfiguration as a direct send's DirectMessageConfiguration: each
/// channel's message in the direct shape, and the campaign's DefaultMessage as the default
/// message (its body) and the default push notification.
pub(super) fn direct(mc: Option<&MessageConfiguration>) -> DirectMessageConfiguration {
    let Some(mc) = mc else {
        return DirectMessageConfiguration::default();
    };
    let d = mc.default_message.as_ref();
    DirectMessageConfiguration {
        adm_message: mc.adm_message.as_ref().map(adm),
        apns_message: mc.apns_message.as_ref().map(apns),
        baidu_message: mc.baidu_message.as_ref().map(baidu),
        default_message: d.and_then(|d| d.body.clone()).map(|b| DefaultMessage {
            body: Some(b),
            substitutions: None,
        }),
        default_push_notification_message: d.map(|d| DefaultPushNotificationMessage {
            action: d.action,
            body: d.body.clone(),
            title: d.title.clone(),
            url: d.url.clone(),
            ..DefaultPushNotificationMessage::default()
        }),
        email_message: mc.email_message.as_ref().map(email),
        gcm_message: mc.gcm_message.as_ref().map(gcm),
        sms_message: mc.sms_message.as_ref().map(sms),
        voice_message: None,
    }
}

/// The templates a campaign's TemplateConfiguration names, by type.
pub(super) fn templates(tc: Option<&TemplateConfiguration>) -> BTreeMap<TemplateKind, TemplateRef> {
    let Some(tc) = tc else {
        return BTreeMap::new();
    };
    [
        (TemplateKind::EMAIL, &tc.email_template),
        (TemplateKind::SMS, &tc.sms_template),
        (TemplateKind::PUSH, &tc.push_template),
        (TemplateKind::VOICE, &tc.voice_template),
    ]
    .into_iter()
    .filter_map(|(kind, t)| {
        let t = t.as_ref()?;
        let r = TemplateRef {
            name: t.name.clone()?,
            version: t.version.clone(),
        };
        Some((kind, r))
    })
    .collect()
}

/// The ids a campaign message carries: in the log's Context and, for push, in its Data.
pub struct Ids<'a> {
    pub campaign: &'a str,
    pub treatment: &'a str,
    pub activity: &'a str,
}

impl Ids<'_> {
    /// The log's Context of a campaign message.
    pub fn context(&self) -> BTreeMap<String, String> {
        BTreeMap::from([
            ("CampaignId".to_string(), self.campaign.to_string()),
            ("TreatmentId".to_string(), self.treatment.to_string()),
            ("CampaignActivityId".to_string(), self.activity.to_string()),
        ])
    }
}

/// Adds the campaign's ids to a push message's Data (keys `pinpoint.campaign.*`).
fn with_ids(data: &mut Option<BTreeMap<String, String>>, ids: &Ids) {
    let d = data.get_or_insert_with(BTreeMap::new);
    for (k, v) in [
        ("pinpoint.campaign.campaign_id", ids.campaign),
        ("pinpoint.campaign.campaign_activity_id", ids.activity),
        ("pinpoint.campaign.treatment_id", ids.treatment),
    ] {
        d.insert(k.to_string(), v.to_string());
    }
}

/// A treatment's messages and templates as a direct send's, with the campaign's ids in the
/// Context and in every push message's Data.
pub(super) fn message(t: &Treatment, ids: &Ids) -> Message {
    let mut config = direct(t.messages);
    if let Some(m) = &mut config.gcm_message {
        with_ids(&mut m.data, ids);
    }
    if let Some(m) = &mut config.apns_message {
        with_ids(&mut m.data, ids);
    }
    if let Some(m) = &mut config.adm_message {
        with_ids(&mut m.data, ids);
    }
    if let Some(m) = &mut config.baidu_message {
        with_ids(&mut m.data, ids);
    }
    // Also when the campaign has no push message of its own (a push template's message).
    let default_push = config
        .default_push_notification_message
        .get_or_insert_with(Default::default);
    with_ids(&mut default_push.data, ids);
    Message {
        config: Some(config),
        templates: templates(t.templates),
        context: ids.context(),
        trace_id: None,
    }
}
