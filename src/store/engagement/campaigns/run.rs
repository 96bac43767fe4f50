//! Running campaigns (docs/behaviour.md#campaign-runs): a due campaign is delivered to its
//! segment's members (at the campaign's segment version, minus the holdout) through the
//! SendMessages rules, and a campaign activity records the counts.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde_json::{json, Map, Value};

use super::{Activity, Campaign, Schedule};
use crate::store::engagement::segments::eval::Evaluator;
use crate::store::messaging::messages::{DeliveryStatus, Message, TemplateRef};
use crate::store::messaging::templates::TemplateKind;
use crate::store::{Scope, Store};
use crate::time;

/// When a campaign's next delivery is due, if it has one that is due at `now`.
fn due(c: &Campaign, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let (_, v) = c.latest();
    if v.body.get("IsPaused").and_then(Value::as_bool) == Some(true) {
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
    let within = s.end.is_none_or(|e| next <= e);
    (next <= now && within).then_some(next)
}

/// A campaign's MessageConfiguration and TemplateConfiguration as a direct send's.
pub fn message(body: &Map<String, Value>, campaign_id: &str) -> Message {
    let mc = body
        .get("MessageConfiguration")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let mut config = Map::new();
    for member in [
        "SMSMessage",
        "GCMMessage",
        "APNSMessage",
        "ADMMessage",
        "BaiduMessage",
    ] {
        if let Some(m) = mc.get(member) {
            config.insert(member.into(), m.clone());
        }
    }
    if let Some(e) = mc.get("EmailMessage") {
        let part = |k: &str| e.get(k).map(|v| json!({ "Data": v }));
        let mut simple = Map::new();
        for (to, from) in [
            ("Subject", "Title"),
            ("HtmlPart", "HtmlBody"),
            ("TextPart", "Body"),
        ] {
            if let Some(p) = part(from) {
                simple.insert(to.into(), p);
            }
        }
        let mut email = json!({ "SimpleEmail": simple });
        if let Some(f) = e.get("FromAddress") {
            email["FromAddress"] = f.clone();
        }
        config.insert("EmailMessage".into(), email);
    }
    if let Some(d) = mc.get("DefaultMessage").and_then(Value::as_object) {
        if let Some(b) = d.get("Body") {
            config.insert("DefaultMessage".into(), json!({ "Body": b }));
        }
        let push: Map<String, Value> = ["Title", "Body", "Action", "Url"]
            .into_iter()
            .filter_map(|k| d.get(k).map(|v| (k.to_string(), v.clone())))
            .collect();
        config.insert("DefaultPushNotificationMessage".into(), Value::Object(push));
    }
    let tc = body.get("TemplateConfiguration");
    let mut templates = BTreeMap::new();
    for (member, kind) in [
        ("EmailTemplate", TemplateKind::EMAIL),
        ("SMSTemplate", TemplateKind::SMS),
        ("PushTemplate", TemplateKind::PUSH),
        ("VoiceTemplate", TemplateKind::VOICE),
    ] {
        let t = tc.and_then(|t| t.get(member));
        if let Some(name) = t.and_then(|t| t.get("Name")).and_then(Value::as_str) {
            let version = t.and_then(|t| t.get("Version")).and_then(Value::as_str);
            templates.insert(
                kind,
                TemplateRef {
                    name: name.into(),
                    version: version.map(String::from),
                },
            );
        }
    }
    // The campaign's messages read as the direct message's shapes (members those shapes lack,
    // such as JsonBody, are not direct-message settings).
    let config = serde_json::from_value(Value::Object(config)).unwrap_or_default();
    Message {
        config: Some(config),
        templates,
        context: BTreeMap::from([
            ("CampaignId".to_string(), campaign_id.to_string()),
            ("TreatmentId".to_string(), "0".to_string()),
        ]),
        trace_id: None,
    }
}

impl Store {
    /// Delivers every campaign that is due now, in every app; returns how many were delivered.
    pub fn run_due_campaigns(&self) -> usize {
        let now = self.clock().now();
        let mut ran = 0;
        for (scope, app) in self.all_apps() {
            let due_now: Vec<(String, DateTime<Utc>)> = app
                .read()
                .campaigns()
                .values()
                .filter_map(|c| due(c, now).map(|at| (c.id.clone(), at)))
                .collect();
            for (id, scheduled) in due_now {
                self.run_campaign(&scope, &app.meta.id, &id, scheduled);
                ran += 1;
            }
        }
        ran
    }

    /// One delivery of a campaign, recorded as an activity.
    fn run_campaign(&self, scope: &Scope, app_id: &str, id: &str, scheduled: DateTime<Utc>) {
        let Ok(app) = self.app(scope, app_id) else {
            return;
        };
        let start = self.clock().now_iso();
        let (message, members) = {
            let data = app.read();
            let Some(c) = data.campaigns().get(id) else {
                return;
            };
            let (_, v) = c.latest();
            let holdout = v
                .body
                .get("HoldoutPercent")
                .and_then(Value::as_u64)
                .unwrap_or(0);
            let seg = v
                .body
                .get("SegmentId")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let events = || self.last_event_times(scope, app_id);
            let members: Vec<String> = match data.segments().get(seg) {
                Some(s) => Evaluator::new(&data, self.clock().now(), &events)
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
            end: self.clock().now_iso(),
            total_endpoint_count: total,
            successful_endpoint_count: successful,
        };
        if let Some(c) = app.data.write().campaigns_mut().get_mut(id) {
            c.activities.push(activity);
        }
        self.touch();
    }
}
