//! Running campaigns (docs/behaviour.md#campaign-runs): one run of one treatment goes to the
//! segment's members (at the campaign's segment version) whose CohortId falls in the
//! treatment's share; members that cannot be reached are excluded before sending and counted;
//! the rest are targeted, in endpoint-id order, through the SendMessages rules; an activity
//! records the counts.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Utc};

use super::custom::{Custom, CustomOutcome};
use super::message::{direct, message, Ids};
use super::pacing::{self, Caps, Held, Window};
use super::{schedule, Activity};
use crate::store::endpoints::model::{ChannelType, Endpoint, OptOut, Status as EpStatus};
use crate::store::engagement::segments::eval::Evaluator;
use crate::store::events::service::ServiceEvent;
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
        let plan = {
            let data = app.read();
            let Some(c) = data.campaigns().get(id) else {
                return false;
            };
            let (_, v) = c.versions.latest();
            let all = schedule::treatments(v);
            let events = || self.last_event_times(scope, app_id);
            let eval = Evaluator::new(&data, at, &events);
            let mut members: Vec<&Endpoint> = match (data.segments().get(v.segment_id()), only) {
                (None, _) => Vec::new(),
                (Some(s), None) => eval.members(s, Some(v.segment_version)).unwrap_or_default(),
                (Some(s), Some(one)) => data
                    .endpoint(&crate::store::endpoints::model::fold_id(one))
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
            members.sort_by(|a, b| a.id.cmp(&b.id));
            let content = Content::of(t);
            let custom = Custom::of(t);
            let mut metrics: BTreeMap<String, u64> =
                METRICS.iter().map(|k| (k.to_string(), 0)).collect();
            let mut count = |k: &str| *metrics.entry(k.to_string()).or_default() += 1;
            let mut seen = HashSet::new();
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
                } else if !seen.insert((e.channel_type, e.address().map(str::to_string))) {
                    count("DUPLICATE_ENDPOINT");
                } else {
                    targeted.push(e);
                }
            }
            let pacing = Pacing {
                caps: Caps::of(v.body.limits.as_ref(), &data.settings().limits),
                quiet: Window::of(
                    t.schedule.and_then(|s| s.quiet_time.as_ref()),
                    &data.settings().quiet_time,
                ),
            };
            let tid = t.id();
            let ids = Ids {
                campaign: id,
                treatment: &tid,
                activity: &activity_id,
            };
            let (send, held) = pacing.split(&data, c, &targeted, at);
            let who = targeted
                .iter()
                .map(|e| {
                    let ct = match custom {
                        Some(_) => "CUSTOM",
                        None => e.channel_type.map_or("", |c| c.as_str()),
                    };
                    (e.id.clone(), (ct, e.user_id.as_deref().map(str::to_string)))
                })
                .collect();
            Plan {
                message: message(t, &ids),
                treatment: tid.clone(),
                total: targeted.len() as u64,
                send,
                held,
                metrics,
                who,
                custom,
            }
        };
        let request_id = self.ids.request_id();
        let ids = Ids {
            campaign: id,
            treatment: &plan.treatment,
            activity: &activity_id,
        };
        let outcomes = match &plan.custom {
            Some(cu) => self
                .deliver_custom(scope, app_id, &ids, cu, &plan.send, &request_id)
                .into_iter()
                .map(CustomOutcome::into_outcome)
                .collect(),
            None => self
                .deliver_to_endpoints(
                    scope,
                    app_id,
                    &plan.message,
                    plan.send.clone(),
                    &request_id,
                    "Campaign",
                )
                .unwrap_or_else(|e| {
                    tracing::warn!(campaign = id, error = %e, "a campaign could not be delivered");
                    Vec::new()
                }),
        };
        let sent: Vec<&String> = plan
            .send
            .iter()
            .zip(&outcomes)
            .filter(|(_, o)| o.status == DeliveryStatus::SUCCESSFUL)
            .map(|(e, _)| e)
            .collect();
        self.record_campaign_sends(scope, app_id, id, &activity_id, &plan, &outcomes);
        let activity = Activity {
            id: activity_id,
            treatment_id: plan.treatment,
            scheduled_start: time::format_iso(scheduled),
            start,
            end: self.now_iso(scope),
            total_endpoint_count: plan.total,
            successful_endpoint_count: sent.len() as u64,
            execution_metrics: plan.metrics,
        };
        if let Some(c) = app.data.write().campaigns_mut().get_mut(id) {
            for e in &sent {
                c.book.record_sent(e, at);
            }
            for (e, why) in &plan.held {
                if *why == Held::Quiet {
                    c.book.record_targeted(e);
                }
            }
            c.activities.push(activity);
        }
        self.touch();
        true
    }
}

/// What one run will do: its message, the targeted endpoints it sends to and those the limits
/// or quiet time hold back (with why), and its counts.
struct Plan {
    message: crate::store::messaging::messages::Message,
    treatment: String,
    /// Endpoints targeted (sent to or held back).
    total: u64,
    send: Vec<String>,
    held: Vec<(String, Held)>,
    metrics: BTreeMap<String, u64>,
    /// Each targeted endpoint's ChannelType and UserId.
    who: HashMap<String, (&'static str, Option<String>)>,
    /// A custom treatment's delivery (docs/behaviour.md#custom-channel).
    custom: Option<Custom>,
}

impl Store {
    /// `_campaign.send` for every targeted endpoint of a run, in endpoint-id order
    /// (docs/behaviour.md#delivery-events): SUCCESS with the message id, FAILURE, or why the
    /// limits or quiet time held it back.
    fn record_campaign_sends(
        &self,
        scope: &Scope,
        app_id: &str,
        campaign: &str,
        activity: &str,
        plan: &Plan,
        outcomes: &[crate::store::messaging::messages::Outcome],
    ) {
        let mut rows: Vec<(&String, &str, Option<&String>)> = plan
            .send
            .iter()
            .zip(outcomes)
            .map(|(e, o)| match o.status {
                DeliveryStatus::SUCCESSFUL => (e, "SUCCESS", o.message_id.as_ref()),
                _ => (e, "FAILURE", None),
            })
            .chain(plan.held.iter().map(|(e, why)| (e, why.status(), None)))
            .collect();
        rows.sort_by(|a, b| a.0.cmp(b.0));
        let records = rows
            .into_iter()
            .map(|(e, status, message_id)| {
                let (ct, user) = plan.who.get(e).cloned().unwrap_or_default();
                let mut event = ServiceEvent::delivery(
                    "_campaign.send",
                    send_attributes(
                        campaign,
                        &plan.treatment,
                        Some(activity),
                        ct,
                        status,
                        message_id,
                    ),
                );
                event.user_id = user;
                self.service_record(scope, app_id, Some(e), event)
            })
            .collect();
        self.record_service_events(records);
    }

    /// A queued event-triggered send processed more than five minutes late: no message and no
    /// activity, only `_campaign.send` with `EXPIRED` (docs/behaviour.md#event-campaigns).
    pub(crate) fn expire_triggered(&self, scope: &Scope, q: &super::trigger::Queued) {
        let Ok(found) = self.read_app(scope, &q.app_id, |data| {
            let c = data.campaigns().get(&q.campaign_id)?;
            let e = data.endpoint(&crate::store::endpoints::model::fold_id(&q.endpoint_id))?;
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
            send_attributes(&q.campaign_id, &treatment, None, ct, "EXPIRED", None),
        );
        event.user_id = user;
        self.record_service_event(scope, &q.app_id, Some(&q.endpoint_id), event);
    }
}

/// The attributes of `_campaign.send`.
fn send_attributes(
    campaign: &str,
    treatment: &str,
    activity: Option<&str>,
    delivery_type: &str,
    status: &str,
    message_id: Option<&String>,
) -> BTreeMap<String, String> {
    let mut a = BTreeMap::from([
        ("campaign_id".to_string(), campaign.to_string()),
        ("treatment_id".to_string(), treatment.to_string()),
        ("delivery_type".to_string(), delivery_type.to_string()),
        ("campaign_send_status".to_string(), status.to_string()),
    ]);
    if let Some(activity) = activity {
        a.insert("campaign_activity_id".into(), activity.to_string());
    }
    if let Some(m) = message_id {
        a.insert("message_id".into(), m.clone());
    }
    a
}

/// The limits and quiet-time window a run applies (docs/behaviour.md#campaign-limits).
struct Pacing {
    caps: Caps,
    quiet: Option<Window>,
}

impl Pacing {
    /// The targeted endpoints (endpoint-id order) split into those sent to and those held back:
    /// Total, Daily (the campaign's, then the app's over every campaign of the app), quiet time
    /// in the endpoint's own zone at `at`, then the run's capacity.
    fn split(
        &self,
        data: &crate::store::app::AppData,
        c: &super::Campaign,
        targeted: &[&Endpoint],
        at: DateTime<Utc>,
    ) -> (Vec<String>, Vec<(String, Held)>) {
        let mut send = Vec::with_capacity(targeted.len());
        let mut held = Vec::new();
        let app_daily = |e: &str| {
            data.campaigns()
                .values()
                .map(|c| c.book.sent_in_day(e, at))
                .sum::<u64>()
        };
        let idle = self.caps == Caps::default() && self.quiet.is_none();
        for (position, e) in targeted.iter().enumerate() {
            if idle {
                send.push(e.id.clone());
                continue;
            }
            let in_app_day = if self.caps.app_daily.is_some() {
                app_daily(&e.id)
            } else {
                0
            };
            let tz = e.demographic.as_ref().and_then(|d| d.timezone.as_deref());
            match pacing::check(
                &self.caps,
                &c.book,
                &e.id,
                in_app_day,
                self.quiet.as_ref(),
                tz,
                at,
                position as u64,
            ) {
                Ok(()) => send.push(e.id.clone()),
                Err(why) => held.push((e.id.clone(), why)),
            }
        }
        (send, held)
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
