//! What a recipient did with a delivered message (docs/behaviour.md#engagement-route): a test
//! reports an open, a click, a bounce, an SMS delivery receipt or a STOP reply against a
//! message of the sent log, and the emulator records it as the service would have, for the
//! message's endpoint, at the scope clock. A STOP reply also puts the address on the opt-out
//! list (docs/behaviour.md#engagement-opt-out).

use std::collections::BTreeMap;

use super::opt_outs::OptOutRecord;
use super::send_events::{is_direct, send_attributes};
use super::sent::SentMessage;
use crate::store::events::recorded::{
    Origin, RecordedEvent, MAX_EVENT_KEYS, MAX_EVENT_KEY_LEN, MAX_EVENT_VALUE_LEN,
};
use crate::store::events::service::ServiceEvent;
use crate::store::{Scope, Store, StoreError, StoreResult};

/// An engagement event as the route's body gives it.
#[derive(Debug, Clone, Default)]
pub struct EngagementIn {
    pub event_type: Option<String>,
    pub attributes: BTreeMap<String, String>,
    pub metrics: BTreeMap<String, f64>,
}

/// Email events and the `feedback` each records unless the body says otherwise.
const EMAIL: [(&str, &str); 8] = [
    ("_email.delivered", "delivered"),
    ("_email.open", "opened"),
    ("_email.click", "clicked"),
    ("_email.softbounce", "softbounce"),
    ("_email.hardbounce", "hardbounce"),
    ("_email.complaint", "complaint"),
    ("_email.rejected", "rejected"),
    ("_email.unsubscribe", "unsubscribed"),
];

/// SMS events and the `record_status` each records, when it has one.
const SMS: [(&str, Option<&str>); 3] = [
    ("_SMS.SUCCESS", Some("DELIVERED")),
    ("_SMS.FAILURE", Some("UNREACHABLE")),
    ("_SMS.OPTOUT", None),
];

/// Push engagement, after `_campaign.` or `_journey.`.
const PUSH: [&str; 3] = [
    "opened_notification",
    "received_foreground",
    "received_background",
];

const PUSH_CHANNELS: [&str; 7] = [
    "GCM",
    "APNS",
    "APNS_SANDBOX",
    "APNS_VOIP",
    "APNS_VOIP_SANDBOX",
    "ADM",
    "BAIDU",
];

/// The event types a message allows, with the default attributes of each.
pub fn allowed_events(m: &SentMessage) -> Vec<(String, BTreeMap<String, String>)> {
    let one = |k: &str, v: &str| BTreeMap::from([(k.to_string(), v.to_string())]);
    match &*m.channel {
        "EMAIL" => EMAIL
            .iter()
            .map(|(t, feedback)| (t.to_string(), one("feedback", feedback)))
            .collect(),
        "SMS" => SMS
            .iter()
            .map(|(t, status)| {
                let defaults = status.map(|s| one("record_status", s)).unwrap_or_default();
                (t.to_string(), defaults)
            })
            .collect(),
        ch if PUSH_CHANNELS.contains(&ch) && !is_direct(m) => {
            let prefix = if m.context.contains_key("JourneyId") {
                "_journey"
            } else {
                "_campaign"
            };
            PUSH.iter()
                .map(|t| (format!("{prefix}.{t}"), BTreeMap::new()))
                .collect()
        }
        _ => Vec::new(),
    }
}

/// The body's attributes and metrics within the PutEvents quotas
/// (docs/behaviour.md#events-key-count).
fn check_keys(e: &EngagementIn) -> StoreResult<()> {
    let keys = e.attributes.len() + e.metrics.len();
    if keys > MAX_EVENT_KEYS {
        return Err(StoreError::invalid(format!(
            "The event has {keys} attribute and metric keys; the maximum is {MAX_EVENT_KEYS}"
        )));
    }
    for k in e.attributes.keys().chain(e.metrics.keys()) {
        if k.is_empty() || k.chars().count() > MAX_EVENT_KEY_LEN {
            return Err(StoreError::invalid(format!(
                "Invalid key {k:?}: event attribute and metric keys have 1 to {MAX_EVENT_KEY_LEN} characters"
            )));
        }
    }
    for (k, v) in &e.attributes {
        if v.chars().count() > MAX_EVENT_VALUE_LEN {
            return Err(StoreError::invalid(format!(
                "The value of attribute {k:?} is longer than {MAX_EVENT_VALUE_LEN} characters"
            )));
        }
    }
    if let Some((k, _)) = e.metrics.iter().find(|(_, v)| !v.is_finite()) {
        return Err(StoreError::invalid(format!(
            "The value of metric {k:?} must be a finite number"
        )));
    }
    Ok(())
}

impl Store {
    /// The sent-log entry of `message_id` in `scope`, or a 404 naming it.
    fn sent_message(&self, scope: &Scope, message_id: &str) -> StoreResult<SentMessage> {
        let (found, _) = self.sent.select(
            |m| {
                m.message_id == message_id
                    && *m.account_id == *scope.account
                    && *m.region == *scope.region
            },
            Some(1),
        );
        found.first().map(|m| (**m).clone()).ok_or_else(|| {
            StoreError::Missing(format!(
                "Message {message_id} not found in the sent-message log of account {} in region {}",
                scope.account, scope.region
            ))
        })
    }

    /// Records what the recipient of message `message_id` did (the engagement route): the
    /// event for the message's endpoint at the scope clock, with the send's attributes, then
    /// the type's defaults, then the body's attributes. `_SMS.OPTOUT` also opts the address out
    /// for the scope's account. An unknown message is a 404; an event type the message does
    /// not allow (or none), or attributes over the PutEvents quotas, a 400 that changes nothing.
    pub fn record_engagement(
        &self,
        scope: &Scope,
        message_id: &str,
        input: EngagementIn,
    ) -> StoreResult<RecordedEvent> {
        let m = self.sent_message(scope, message_id)?;
        let allowed = allowed_events(&m);
        let names: Vec<&str> = allowed.iter().map(|(t, _)| t.as_str()).collect();
        let listed = if names.is_empty() {
            format!(
                "a {} message sent by {} allows no engagement events",
                m.channel, m.operation
            )
        } else {
            format!(
                "the types allowed for this {} message are {}",
                m.channel,
                names.join(", ")
            )
        };
        let event_type = match input.event_type.as_deref() {
            None | Some("") => {
                return Err(StoreError::invalid(format!("Missing EventType: {listed}")))
            }
            Some(t) => t,
        };
        let Some((_, defaults)) = allowed.iter().find(|(t, _)| t == event_type) else {
            return Err(StoreError::invalid(format!(
                "Invalid EventType {event_type:?}: {listed}"
            )));
        };
        check_keys(&input)?;
        let mut attributes = send_attributes(&m);
        attributes.extend(defaults.clone());
        attributes.extend(input.attributes);
        if event_type == "_SMS.OPTOUT" {
            self.add_opt_outs(vec![OptOutRecord {
                account_id: scope.account.clone(),
                address: m.address.clone(),
            }])?;
        }
        let event = ServiceEvent {
            origin: Origin::Engagement,
            event_type: event_type.to_string(),
            attributes,
            metrics: input.metrics,
            user_id: m.user_id.clone(),
        };
        Ok(self.record_service_event(scope, &m.application_id, m.endpoint_id.as_deref(), event))
    }
}
