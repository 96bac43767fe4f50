//! Running campaigns (docs/behaviour.md#campaign-runs): one run of one treatment goes to the
//! segment's members (at the campaign's segment version) whose CohortId falls in the
//! treatment's share; members that cannot be reached are excluded before sending and counted;
//! the rest are targeted, in endpoint-id order, through the SendMessages rules; an activity
//! records the counts.

use std::collections::{BTreeMap, HashSet};

use chrono::{DateTime, Utc};

use super::custom::Custom;
use super::message::direct;
use super::{local, schedule, Activity};
use crate::store::endpoints::model::{fold_id, ChannelType, Endpoint, OptOut, Status as EpStatus};
use crate::store::engagement::segments::eval::Evaluator;
use crate::store::events::service::{Pairs, ServiceEvent};
use crate::store::messaging::channels::ChannelKind;
use crate::store::messaging::messages::content::{template_kind, Sources};
use crate::store::messaging::messages::Overrides;
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

/// A run's ExecutionMetrics while it is counted: one counter per key of [`METRICS`].
#[derive(Default)]
struct Counts {
    counts: [u64; METRICS.len()],
    /// A key not among [`METRICS`], should an exclusion name one.
    other: BTreeMap<String, u64>,
}

impl Counts {
    fn add(&mut self, key: &str) {
        match METRICS.iter().position(|k| *k == key) {
            Some(i) => self.counts[i] += 1,
            None => *self.other.entry(key.to_string()).or_default() += 1,
        }
    }

    /// Every key of [`METRICS`] (0 when none were counted), and any other counted.
    fn into_map(self) -> BTreeMap<String, u64> {
        let mut map = self.other;
        map.extend(METRICS.iter().map(|k| k.to_string()).zip(self.counts));
        map
    }
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

    /// One timed run of treatment `treatment` of a campaign, scheduled for `scheduled`,
    /// recorded as an activity. The run is recorded as made before anything is sent, so it is
    /// never made twice.
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
        match app.data.write().campaigns_mut().get_mut(id) {
            Some(c) => c
                .last_runs
                .insert(treatment.to_string(), time::format_iso(scheduled)),
            None => return,
        };
        self.run(scope, app_id, id, Some(treatment), None, scheduled);
    }

    /// One run of a campaign: of treatment `treatment` to its share of the segment, or (an
    /// event-triggered send, `only`) to one endpoint in the treatment its CohortId falls in.
    /// Returns whether an activity was made (a triggered send to a holdout member makes none).
    pub(crate) fn run(
        &self,
        scope: &Scope,
        app_id: &str,
        id: &str,
        treatment: Option<usize>,
        only: Option<&str>,
        scheduled: DateTime<Utc>,
    ) -> bool {
        let Ok(app) = self.app(scope, app_id) else {
            return false;
        };
        let at = self.now(scope);
        let start = time::format_iso(at);
        let activity_id = self.ids.resource_id();
        let activity = {
            let data = app.read();
            let Some(c) = data.campaigns().get(id) else {
                return false;
            };
            let (_, v) = c.versions.latest();
            let all = schedule::treatments(v);
            let events = || self.last_event_times(scope, app_id);
            let eval = Evaluator::new(&data, at, &events);
            let members: Vec<&Endpoint> = match (data.segments().get(v.segment_id()), only) {
                (None, _) => Vec::new(),
                (Some(s), None) => eval
                    .members_by_id(s, Some(v.segment_version))
                    .unwrap_or_default(),
                (Some(s), Some(one)) => data
                    .endpoint(&fold_id(one))
                    .filter(|e| {
                        eval.contains(s, Some(v.segment_version), e)
                            .unwrap_or(false)
                    })
                    .into_iter()
                    .collect(),
            };
            let picked = match (treatment, members.first()) {
                (Some(i), _) => all.get(i),
                (None, Some(e)) => all
                    .iter()
                    .find(|t| t.cohorts.contains(&u32::from(e.cohort_id))),
                (None, None) => None,
            };
            let Some(t) = picked else {
                return false;
            };
            let content = Content::of(t);
            let custom = Custom::of(t);
            let mut metrics = Counts::default();
            let mut count = |k: &str| metrics.add(k);
            let mut seen = HashSet::with_hasher(foldhash::fast::RandomState::default());
            let mut targeted = Vec::new();
            for e in members {
                count("ENDPOINT_PRODUCED");
                if !t.cohorts.contains(&u32::from(e.cohort_id)) {
                    count("TREATMENT_HOLDOUT");
                } else if let Some(k) = match &custom {
                    Some(cu) => self.custom_exclusion(scope, e, cu),
                    None => self.exclusion(scope, &data, e, &content),
                } {
                    count(k);
                } else if !seen.insert((e.channel_type, e.address())) {
                    count("DUPLICATE_ENDPOINT");
                } else {
                    targeted.push(e);
                }
            }
            // A local-time run (docs/behaviour.md#local-time-runs): endpoints without a valid
            // time zone are not targeted, and each zone gets its own step.
            let wall = only
                .is_none()
                .then(|| local::wall_clock(t.schedule, scheduled))
                .flatten();
            if wall.is_some() {
                targeted.retain(|e| {
                    let zoned = local::zone_of(e).is_some();
                    if !zoned {
                        count("ENDPOINT_MISSING_TIMEZONE");
                    }
                    zoned
                });
            }
            let zones = match wall {
                Some(wall) => local::steps(&targeted, wall),
                None => vec![local::ZoneStep {
                    due: start.clone(),
                    zone: String::new(),
                    endpoints: targeted.iter().map(|e| e.id.clone()).collect(),
                }],
            };
            Activity {
                id: activity_id.clone(),
                treatment_id: t.id(),
                scheduled_start: time::format_iso(scheduled),
                end: zones.is_empty().then(|| start.clone()),
                start,
                total_endpoint_count: targeted.len() as u64,
                successful_endpoint_count: 0,
                execution_metrics: metrics.into_map(),
                timezones_total_count: zones.len() as u64,
                timezones_completed_count: 0,
                zones,
            }
        };
        let at_once = activity.zones.first().is_some_and(|z| z.zone.is_empty());
        if let Some(c) = app.data.write().campaigns_mut().get_mut(id) {
            c.activities.push(activity);
        }
        if at_once {
            self.run_zone_step(scope, app_id, id, &activity_id);
        } else {
            self.touch();
        }
        true
    }
}

impl Store {
    /// A queued event-triggered send processed more than five minutes late: no message and no
    /// activity, only `_campaign.send` with `EXPIRED` (docs/behaviour.md#event-campaigns).
    pub(crate) fn expire_triggered(&self, scope: &Scope, q: &super::trigger::Queued) {
        let Ok(found) = self.read_app(scope, &q.app_id, |data| {
            let c = data.campaigns().get(&q.campaign_id)?;
            let e = data.endpoint(&fold_id(&q.endpoint_id))?;
            let (_, v) = c.versions.latest();
            let t = schedule::treatments(v)
                .into_iter()
                .find(|t| t.cohorts.contains(&u32::from(e.cohort_id)))?;
            let ct = e.channel_type.map_or("", |c| c.as_str());
            Some((t.id(), ct, e.user_id.as_deref().map(str::to_string)))
        }) else {
            return;
        };
        let Some((treatment, ct, user)) = found else {
            return;
        };
        let mut event = ServiceEvent::delivery(
            "_campaign.send",
            send_attributes(&q.campaign_id, &treatment, None, ct, "EXPIRED", None).to_map(),
        );
        event.user_id = user;
        self.record_service_event(scope, &q.app_id, Some(&q.endpoint_id), event);
    }
}

/// The attributes of `_campaign.send`.
pub(super) fn send_attributes<'a>(
    campaign: &'a str,
    treatment: &'a str,
    activity: Option<&'a str>,
    delivery_type: &'a str,
    status: &'a str,
    message_id: Option<&'a str>,
) -> Pairs<'a> {
    let mut a = Pairs::with_capacity(6);
    a.set("campaign_id", campaign);
    a.set("treatment_id", treatment);
    a.set("delivery_type", delivery_type);
    a.set("campaign_send_status", status);
    if let Some(activity) = activity {
        a.set("campaign_activity_id", activity);
    }
    if let Some(m) = message_id {
        a.set("message_id", m);
    }
    a
}

/// What a treatment has to send: the channels it has a message (or a template) for, judged
/// once per run rather than once per member.
struct Content {
    channels: Vec<ChannelType>,
}

impl Content {
    fn of(t: &schedule::Treatment) -> Content {
        let config = direct(t.messages);
        let templates: HashSet<_> = super::message::templates(t.templates).into_keys().collect();
        let none = Overrides::default();
        let has = |ct: ChannelType| {
            let sources = Sources {
                channel: ct,
                config: &config,
                template: None,
                overrides: &none,
            };
            templates.contains(&template_kind(ct)) || !sources.unrendered().is_empty(ct)
        };
        Content {
            channels: ChannelType::ALL
                .iter()
                .copied()
                .filter(|ct| has(*ct))
                .collect(),
        }
    }

    /// Whether there is a message (or a template) for the channel.
    fn has(&self, ct: ChannelType) -> bool {
        self.channels.contains(&ct)
    }
}
