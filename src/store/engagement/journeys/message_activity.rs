//! What a journey's message activity is (docs/behaviour.md#journey-messages): its kind, the
//! endpoints it serves, the template and settings of its message, and its delivery through the
//! SendMessages rules, the custom channel's, or (ContactCenter) nothing to log.

use std::collections::BTreeMap;

use crate::model::{
    APNSMessage, Activity, BaiduMessage, DirectMessageConfiguration, EmailMessage, GCMMessage,
    SMSMessage,
};
use crate::store::endpoints::model::ChannelType;
use crate::store::engagement::campaigns::custom::{Custom, Sender, DEFAULT_TYPES};
use crate::store::messaging::messages::{DeliveryStatus, Message, Outcome, TemplateRef};
use crate::store::messaging::templates::TemplateKind;
use crate::store::{Scope, Store, StoreError};

/// One message activity, as a send reads it.
pub struct MessageActivity<'a> {
    /// EMAIL, SMS, PUSH, CUSTOM or CONTACT_CENTER (`journey_activity_type`).
    pub kind: &'static str,
    pub next: Option<&'a String>,
    pub template: Option<(TemplateKind, TemplateRef)>,
    config: DirectMessageConfiguration,
    pub custom: Option<Custom>,
}

const PUSH: [ChannelType; 7] = [
    ChannelType::GCM,
    ChannelType::APNS,
    ChannelType::APNS_SANDBOX,
    ChannelType::APNS_VOIP,
    ChannelType::APNS_VOIP_SANDBOX,
    ChannelType::ADM,
    ChannelType::BAIDU,
];

fn template(
    kind: TemplateKind,
    name: &Option<String>,
    version: &Option<String>,
) -> Option<(TemplateKind, TemplateRef)> {
    let r = TemplateRef {
        name: name.clone()?,
        version: version.clone(),
    };
    Some((kind, r))
}

impl<'a> MessageActivity<'a> {
    /// The message activity `a` is, if it is one.
    pub fn of(a: &'a Activity) -> Option<MessageActivity<'a>> {
        let mut config = DirectMessageConfiguration::default();
        let (kind, next, t, custom) = if let Some(m) = &a.email {
            config.email_message = Some(EmailMessage {
                from_address: m
                    .message_config
                    .as_ref()
                    .and_then(|c| c.from_address.clone()),
                ..EmailMessage::default()
            });
            let t = template(TemplateKind::EMAIL, &m.template_name, &m.template_version);
            ("EMAIL", m.next_activity.as_ref(), t, None)
        } else if let Some(m) = &a.sms {
            let c = m.message_config.clone().unwrap_or_default();
            config.sms_message = Some(SMSMessage {
                entity_id: c.entity_id,
                message_type: c.message_type,
                origination_number: c.origination_number,
                sender_id: c.sender_id,
                template_id: c.template_id,
                ..SMSMessage::default()
            });
            let t = template(TemplateKind::SMS, &m.template_name, &m.template_version);
            ("SMS", m.next_activity.as_ref(), t, None)
        } else if let Some(m) = &a.push {
            // TimeToLive (seconds) goes to each push service that takes one (not ADM).
            let ttl = m
                .message_config
                .as_ref()
                .and_then(|c| c.time_to_live.as_deref())
                .and_then(|s| s.trim().parse::<i32>().ok());
            if let Some(ttl) = ttl {
                config.gcm_message = Some(GCMMessage {
                    time_to_live: Some(ttl),
                    ..GCMMessage::default()
                });
                config.apns_message = Some(APNSMessage {
                    time_to_live: Some(ttl),
                    ..APNSMessage::default()
                });
                config.baidu_message = Some(BaiduMessage {
                    time_to_live: Some(ttl),
                    ..BaiduMessage::default()
                });
            }
            let t = template(TemplateKind::PUSH, &m.template_name, &m.template_version);
            ("PUSH", m.next_activity.as_ref(), t, None)
        } else if let Some(m) = &a.custom {
            let types = match m.endpoint_types.as_deref() {
                Some(list) if !list.is_empty() => list.iter().map(|t| t.as_str()).collect(),
                _ => [ChannelType::CUSTOM.as_str()].into_iter().collect(),
            };
            let custom = m.delivery_uri.clone().map(|uri| Custom {
                uri,
                types,
                data: m.message_config.as_ref().and_then(|c| c.data.clone()),
            });
            ("CUSTOM", m.next_activity.as_ref(), None, custom)
        } else if let Some(m) = &a.contact_center {
            ("CONTACT_CENTER", m.next_activity.as_ref(), None, None)
        } else {
            return None;
        };
        Some(MessageActivity {
            kind,
            next,
            template: t,
            config,
            custom,
        })
    }

    /// Whether the activity can serve an endpoint of this channel.
    pub fn serves(&self, ct: ChannelType) -> bool {
        match self.kind {
            "EMAIL" => ct == ChannelType::EMAIL,
            "SMS" => ct == ChannelType::SMS,
            "PUSH" => PUSH.contains(&ct),
            "CUSTOM" => self.custom.as_ref().map_or(
                DEFAULT_TYPES.contains(&ct) && ct == ChannelType::CUSTOM,
                |c| c.targets(ct),
            ),
            _ => ct == ChannelType::VOICE,
        }
    }

    /// The message sent for run `run` of journey `journey`.
    pub fn message(&self, journey: &str, activity: &str, run: &str) -> Message {
        let context = BTreeMap::from([
            ("JourneyId".to_string(), journey.to_string()),
            ("JourneyActivityId".to_string(), activity.to_string()),
            ("JourneyRunId".to_string(), run.to_string()),
        ]);
        let mut config = self.config.clone();
        if self.kind == "PUSH" {
            let data = BTreeMap::from([
                (
                    "pinpoint.journey.journey_id".to_string(),
                    journey.to_string(),
                ),
                (
                    "pinpoint.journey.journey_activity_id".to_string(),
                    activity.to_string(),
                ),
                (
                    "pinpoint.journey.journey_run_id".to_string(),
                    run.to_string(),
                ),
            ]);
            config.default_push_notification_message =
                Some(crate::model::DefaultPushNotificationMessage {
                    data: Some(data),
                    ..Default::default()
                });
        }
        Message {
            config: Some(config),
            templates: self.template.clone().into_iter().collect(),
            context,
            trace_id: None,
        }
    }
}

impl Store {
    /// Delivers one run's message to `ids` (every one served by the activity): through the
    /// SendMessages rules, the custom channel's delivery, or (ContactCenter) nothing to log.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn deliver_journey(
        &self,
        scope: &Scope,
        app_id: &str,
        m: &MessageActivity<'_>,
        journey: &str,
        activity: &str,
        run: &str,
        ids: &[String],
        request_id: &str,
    ) -> Vec<Outcome> {
        let done = |status, code: u16, why: &str| Outcome {
            status,
            code,
            message: why.to_string(),
            message_id: None,
            address: None,
        };
        match m.kind {
            "CONTACT_CENTER" => ids
                .iter()
                .map(|_| done(DeliveryStatus::SUCCESSFUL, 200, "200"))
                .collect(),
            "CUSTOM" => match &m.custom {
                Some(c) => {
                    let sender = Sender::Journey {
                        journey,
                        run,
                        activity,
                    };
                    self.deliver_custom(scope, app_id, &sender, c, ids, request_id)
                        .into_iter()
                        .map(|o| o.into_outcome())
                        .collect()
                }
                None => ids
                    .iter()
                    .map(|_| {
                        done(
                            DeliveryStatus::PERMANENT_FAILURE,
                            400,
                            "The custom activity has no DeliveryUri",
                        )
                    })
                    .collect(),
            },
            _ if m.template.is_none() => ids
                .iter()
                .map(|_| {
                    done(
                        DeliveryStatus::PERMANENT_FAILURE,
                        400,
                        "The activity names no message template",
                    )
                })
                .collect(),
            _ => {
                let message = m.message(journey, activity, run);
                match self.deliver_to_endpoints(scope, app_id, &message, ids, request_id, "Journey")
                {
                    Ok(o) => o,
                    Err(e) => {
                        // As SendMessages would answer: a template that does not exist is a
                        // 404 naming it, anything else refused a 400.
                        let (code, why) = match e {
                            StoreError::NotFound | StoreError::Missing(_) => {
                                (404, self.missing_template(m))
                            }
                            e => (400, e.to_string()),
                        };
                        ids.iter()
                            .map(|_| done(DeliveryStatus::PERMANENT_FAILURE, code, &why))
                            .collect()
                    }
                }
            }
        }
    }

    /// Why an activity's template could not be used.
    fn missing_template(&self, m: &MessageActivity<'_>) -> String {
        match &m.template {
            Some((kind, t)) => match &t.version {
                Some(v) => format!("Version {v} of {kind:?} template {} does not exist", t.name),
                None => format!("The {kind:?} template {} does not exist", t.name),
            },
            None => "The activity names no message template".into(),
        }
    }
}
