//! Running campaigns (docs/behaviour.md#campaign-runs): one run of one treatment goes to the
//! segment's members (at the campaign's segment version) whose CohortId falls in the
//! treatment's share; members that cannot be reached are excluded before sending and counted;
//! the rest are targeted, in endpoint-id order, through the SendMessages rules; an activity
//! records the counts.

use std::collections::{BTreeMap, HashSet};

use chrono::{DateTime, Utc};

use super::message::{direct, message, Ids};
use super::{schedule, Activity};
use crate::store::endpoints::model::{ChannelType, Endpoint, OptOut, Status as EpStatus};
use crate::store::engagement::segments::eval::Evaluator;
use crate::store::messaging::channels::ChannelKind;
use crate::store::messaging::messages::content::{template_kind, Sources};
use crate::store::messaging::messages::{DeliveryStatus, Overrides};
use crate::store::{Scope, Store};
use crate::time;

/// Every key of an activity's ExecutionMetrics, in the order they are described.
pub const METRICS: [&str; 9] = [
    "ENDPOINT_PRODUCED",
    "TREATMENT_HOLDOUT",
    "ENDPOINT_OPT_OUT",
    "ENDPOINT_INACTIVE",
    "ENDPOINT_MISSING_ADDRESS",
    "ENDPOINT_MISSING_CHANNEL",
    "ENDPOINT_MISSING_TIMEZONE",
    "ENDPOINT_CHANNEL_MISMATCH",
    "DUPLICATE_ENDPOINT",
];

/// What a run makes of the segment's members: the endpoints it targets (endpoint-id order) and
/// the counts by ExecutionMetrics key.
struct Targets {
    ids: Vec<String>,
    metrics: BTreeMap<String, u64>,
}

impl Store {
    /// Whether a member can be sent the treatment's message, or the ExecutionMetrics key that
    /// excludes it: no ChannelType, no Address, opted out (the endpoint, or its address on the
    /// opt-out list), INACTIVE, a channel the campaign has no content for or that is not
    /// enabled. Duplicates are judged by the caller.
    fn exclusion(
        &self,
        scope: &Scope,
        data: &crate::store::app::AppData,
        e: &Endpoint,
        content: &Content,
    ) -> Option<&'static str> {
        let Some(ct) = e.channel_type else {
            return Some("ENDPOINT_MISSING_CHANNEL");
        };
        let Some(address) = e.address() else {
            return Some("ENDPOINT_MISSING_ADDRESS");
        };
        if e.opt_out == OptOut::ALL || self.is_opted_out(&scope.account, address) {
            return Some("ENDPOINT_OPT_OUT");
        }
        if e.status == EpStatus::INACTIVE {
            return Some("ENDPOINT_INACTIVE");
        }
        let enabled = ChannelKind::of(ct).is_some_and(|kind| {
            self.options().messaging.assume_channels_enabled
                || data.channel(kind).is_some_and(|c| c.enabled)
        });
        let direct_channel = !matches!(
            ct,
            ChannelType::PUSH | ChannelType::CUSTOM | ChannelType::IN_APP
        );
        if !enabled || !direct_channel || !content.has(ct) {
            return Some("ENDPOINT_CHANNEL_MISMATCH");
        }
        None
    }

    /// One run of treatment `treatment` of a campaign, scheduled for `scheduled`, recorded as an
    /// activity. The run is recorded as made before anything is sent, so it is never made twice.
    pub(crate) fn run_campaign(
        &self,
        scope: &Scope,
        app_id: &str,
        id: &str,
        treatment: usize,
        scheduled: DateTime<Utc>,
    ) {
        let Ok(app) = self.app(scope, app_id) else {
            return;
        };
        let tid = treatment.to_string();
        match app.data.write().campaigns_mut().get_mut(id) {
            Some(c) => c.last_runs.insert(tid.clone(), time::format_iso(scheduled)),
            None => return,
        };
        let start = self.now_iso(scope);
        let activity_id = self.ids.resource_id();
        let ids = Ids {
            campaign: id,
            treatment: &tid,
            activity: &activity_id,
        };
        let (message, targets) = {
            let data = app.read();
            let Some(c) = data.campaigns().get(id) else {
                return;
            };
            let (_, v) = c.versions.latest();
            let all = schedule::treatments(v);
            let Some(t) = all.get(treatment) else {
                return;
            };
            let content = Content::of(t);
            let events = || self.last_event_times(scope, app_id);
            let mut members: Vec<&Endpoint> = match data.segments().get(v.segment_id()) {
                Some(s) => Evaluator::new(&data, self.now(scope), &events)
                    .members(s, Some(v.segment_version))
                    .unwrap_or_default(),
                None => Vec::new(),
            };
            members.sort_by(|a, b| a.id.cmp(&b.id));
            let mut metrics: BTreeMap<String, u64> =
                METRICS.iter().map(|k| (k.to_string(), 0)).collect();
            let mut count = |k: &str| *metrics.entry(k.to_string()).or_default() += 1;
            let mut seen = HashSet::new();
            let mut targeted = Vec::new();
            for e in members {
                count("ENDPOINT_PRODUCED");
                if !t.cohorts.contains(&u32::from(e.cohort_id)) {
                    count("TREATMENT_HOLDOUT");
                } else if let Some(k) = self.exclusion(scope, &data, e, &content) {
                    count(k);
                } else if !seen.insert((e.channel_type, e.address().map(str::to_string))) {
                    count("DUPLICATE_ENDPOINT");
                } else {
                    targeted.push(e.id.clone());
                }
            }
            let targets = Targets {
                ids: targeted,
                metrics,
            };
            (message(t, &ids), targets)
        };
        let total = targets.ids.len() as u64;
        let request_id = self.ids.request_id();
        let outcomes = self
            .deliver_to_endpoints(
                scope,
                app_id,
                &message,
                targets.ids,
                &request_id,
                "Campaign",
            )
            .unwrap_or_else(|e| {
                tracing::warn!(campaign = id, error = %e, "a campaign could not be delivered");
                Vec::new()
            });
        let successful = outcomes
            .iter()
            .filter(|o| o.status == DeliveryStatus::SUCCESSFUL)
            .count() as u64;
        let activity = Activity {
            id: activity_id,
            treatment_id: tid,
            scheduled_start: time::format_iso(scheduled),
            start,
            end: self.now_iso(scope),
            total_endpoint_count: total,
            successful_endpoint_count: successful,
            execution_metrics: targets.metrics,
        };
        if let Some(c) = app.data.write().campaigns_mut().get_mut(id) {
            c.activities.push(activity);
        }
        self.touch();
    }
}

/// What a treatment has to send: its messages in the direct shape and the template types it
/// names.
struct Content {
    config: crate::model::DirectMessageConfiguration,
    templates: HashSet<crate::store::messaging::templates::TemplateKind>,
}

impl Content {
    fn of(t: &schedule::Treatment) -> Content {
        Content {
            config: direct(t.messages),
            templates: super::message::templates(t.templates).into_keys().collect(),
        }
    }

    /// Whether there is a message (or a template) for the channel.
    fn has(&self, ct: ChannelType) -> bool {
        if self.templates.contains(&template_kind(ct)) {
            return true;
        }
        let none = Overrides::default();
        let sources = Sources {
            channel: ct,
            config: &self.config,
            template: None,
            overrides: &none,
        };
        !sources.unrendered().is_empty(ct)
    }
}
