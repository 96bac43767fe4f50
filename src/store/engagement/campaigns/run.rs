//! Running campaigns (docs/behaviour.md#campaign-runs): a due campaign is delivered to its
//! segment's members (at the campaign's segment version, minus the holdout) through the
//! SendMessages rules, and a campaign activity records the counts.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use super::{Activity, Campaign, Schedule};
use crate::model::{
    self, ADMMessage, APNSMessage, BaiduMessage, CampaignEmailMessage, CampaignSmsMessage,
    DefaultMessage, DefaultPushNotificationMessage, DirectMessageConfiguration, EmailMessage,
    GCMMessage, SMSMessage, SimpleEmail, SimpleEmailPart, TemplateConfiguration,
    WriteCampaignRequest,
};
use crate::store::engagement::segments::eval::Evaluator;
use crate::store::messaging::messages::{DeliveryStatus, Message, TemplateRef};
use crate::store::messaging::templates::TemplateKind;
use crate::store::{Scope, Store};
use crate::time;

/// When a campaign's next timed run is due, made or not: `None` when it has none left (paused,
/// on events, a ONCE campaign that ran, past EndTime).
pub(crate) fn next_run(c: &Campaign) -> Option<DateTime<Utc>> {
    let (_, v) = c.versions.latest();
    if v.is_paused() {
        return None;
    }
    let s = Schedule::of(&v.body);
    if s.on_events() {
        return None;
    }
    let start = s.start.or_else(|| time::parse_iso8601(&c.creation_date))?;
    let next = match s.period() {
        None if c.activities.is_empty() => start,
        None => return None,
        Some(p) => start + p * i32::try_from(c.activities.len()).ok()?,
    };
    s.end.is_none_or(|e| next <= e).then_some(next)
}

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
fn direct(body: &WriteCampaignRequest) -> DirectMessageConfiguration {
    let Some(mc) = &body.message_configuration else {
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
fn templates(tc: Option<&TemplateConfiguration>) -> BTreeMap<TemplateKind, TemplateRef> {
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

/// A campaign's messages and templates as a direct send's.
fn message(body: &WriteCampaignRequest, campaign_id: &str) -> Message {
    let config = Some(direct(body));
    Message {
        config,
        templates: templates(body.template_configuration.as_ref()),
        context: BTreeMap::from([
            ("CampaignId".to_string(), campaign_id.to_string()),
            ("TreatmentId".to_string(), "0".to_string()),
        ]),
        trace_id: None,
    }
}

impl Store {
    /// One delivery of a campaign, recorded as an activity.
    pub(crate) fn run_campaign(
        &self,
        scope: &Scope,
        app_id: &str,
        id: &str,
        scheduled: DateTime<Utc>,
    ) {
        let Ok(app) = self.app(scope, app_id) else {
            return;
        };
        let start = self.now_iso(scope);
        let (message, members) = {
            let data = app.read();
            let Some(c) = data.campaigns().get(id) else {
                return;
            };
            let (_, v) = c.versions.latest();
            let holdout = u64::try_from(v.body.holdout_percent.unwrap_or(0)).unwrap_or(0);
            let events = || self.last_event_times(scope, app_id);
            let members: Vec<String> = match data.segments().get(v.segment_id()) {
                Some(s) => Evaluator::new(&data, self.now(scope), &events)
                    .members(s, Some(v.segment_version))
                    .map(|eps| {
                        eps.into_iter()
                            .filter(|e| u64::from(e.cohort_id) >= holdout)
                            .map(|e| e.id.clone())
                            .collect()
                    })
                    .unwrap_or_default(),
                None => Vec::new(),
            };
            (message(&v.body, id), members)
        };
        let total = members.len() as u64;
        let request_id = self.ids.request_id();
        let outcomes = self
            .deliver_to_endpoints(scope, app_id, &message, members, &request_id, "Campaign")
            .unwrap_or_else(|e| {
                tracing::warn!(campaign = id, error = %e, "a campaign could not be delivered");
                Vec::new()
            });
        let successful = outcomes
            .iter()
            .filter(|o| o.status == DeliveryStatus::SUCCESSFUL)
            .count() as u64;
        let activity = Activity {
            id: self.ids.resource_id(),
            scheduled_start: time::format_iso(scheduled),
            start,
            end: self.now_iso(scope),
            total_endpoint_count: total,
            successful_endpoint_count: successful,
        };
        if let Some(c) = app.data.write().campaigns_mut().get_mut(id) {
            c.activities.push(activity);
        }
        self.touch();
    }
}
