//! One step of a campaign activity (docs/behaviour.md#campaign-runs): the treatment's message
//! to a list of endpoints at the scope clock, through the limits and quiet time, each targeted
//! endpoint recorded with `_campaign.send`. A run's activity has one step, or one per time zone
//! in a local-time run (docs/behaviour.md#local-time-runs).

use chrono::{DateTime, Utc};

use super::custom::{Custom, CustomOutcome, Sender};
use super::message::{message, Ids};
use super::pacing::{self, Caps, Held, Window};
use super::schedule;
use super::send_records::{CampaignSends, Target};
use crate::store::endpoints::model::{fold_id, Endpoint};
use crate::store::messaging::messages::{DeliveryStatus, Outcome, SliceTail};
use crate::store::{Scope, Store};

impl Store {
    /// The next zone step of activity `activity` of a campaign: taken from the activity, sent at
    /// the scope clock through the limits and quiet time, and counted; the activity is
    /// COMPLETED, with its End, when it was the last.
    pub(crate) fn run_zone_step(&self, scope: &Scope, app_id: &str, id: &str, activity: &str) {
        let Ok(app) = self.app(scope, app_id) else {
            return;
        };
        let taken = {
            let mut data = app.data.write();
            let Some(a) = data
                .campaigns_mut()
                .get_mut(id)
                .and_then(|c| c.activities.iter_mut().rev().find(|a| a.id == activity))
            else {
                return;
            };
            if a.zones.is_empty() {
                return;
            }
            let step = a.zones.remove(0);
            // Endpoints of the activity's earlier steps: where this step starts in its capacity.
            let later: usize = a.zones.iter().map(|z| z.endpoints.len()).sum();
            let done = a.total_endpoint_count - (later + step.endpoints.len()) as u64;
            (step, a.treatment_id.parse::<usize>().unwrap_or(0), done)
        };
        let (step, treatment, done) = taken;
        let sent = self.send_step(
            scope,
            app_id,
            id,
            treatment,
            activity,
            &step.endpoints,
            done,
        );
        let end = self.now_iso(scope);
        if let Some(a) = app
            .data
            .write()
            .campaigns_mut()
            .get_mut(id)
            .and_then(|c| c.activities.iter_mut().rev().find(|a| a.id == activity))
        {
            a.successful_endpoint_count += sent;
            a.timezones_completed_count += 1;
            if a.zones.is_empty() {
                a.end = Some(end);
            }
        }
        self.touch();
    }

    /// One step of activity `activity_id`: treatment `treatment`'s message to `endpoints` (ids,
    /// in id order) at the scope clock, through the limits and quiet time; `done` is how many
    /// of the activity's targeted endpoints earlier steps had (its capacity spans them all).
    /// Returns how many messages were logged.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn send_step(
        &self,
        scope: &Scope,
        app_id: &str,
        id: &str,
        treatment: usize,
        activity_id: &str,
        endpoints: &[String],
        done: u64,
    ) -> u64 {
        let Ok(app) = self.app(scope, app_id) else {
            return 0;
        };
        let at = self.now(scope);
        let plan = {
            let data = app.read();
            let Some(c) = data.campaigns().get(id) else {
                return 0;
            };
            let (_, v) = c.versions.latest();
            let all = schedule::treatments(v);
            let Some(t) = all.get(treatment) else {
                return 0;
            };
            let targeted: Vec<&Endpoint> = endpoints
                .iter()
                .filter_map(|e| data.endpoint(&fold_id(e)))
                .collect();
            let pacing = Pacing {
                caps: Caps::of(v.body.limits.as_ref(), &data.settings().limits),
                quiet: Window::of(
                    t.schedule.and_then(|s| s.quiet_time.as_ref()),
                    &data.settings().quiet_time,
                ),
            };
            let custom = Custom::of(t);
            let tid = t.id();
            let ids = Ids {
                campaign: id,
                treatment: &tid,
                activity: activity_id,
            };
            let (send, fates) = pacing.split(&data, c, &targeted, at, done);
            let who = targeted
                .iter()
                .map(|e| Target {
                    ct: match custom {
                        Some(_) => "CUSTOM",
                        None => e.channel_type.map_or("", |c| c.as_str()),
                    },
                    user: e.user_id.as_deref().map(str::to_string),
                })
                .collect();
            Plan {
                message: message(t, &ids),
                treatment: tid.clone(),
                send,
                targeted: fates,
                who,
                custom,
            }
        };
        let request_id = self.ids.request_id();
        let ids = Ids {
            campaign: id,
            treatment: &plan.treatment,
            activity: activity_id,
        };
        let mut records = CampaignSends::new(
            self,
            scope,
            app_id,
            id,
            &plan.treatment,
            activity_id,
            &plan.targeted,
            &plan.who,
        );
        let outcomes: Vec<Outcome> = match &plan.custom {
            Some(cu) => {
                let outcomes: Vec<Outcome> = self
                    .deliver_custom(
                        scope,
                        app_id,
                        &Sender::Campaign(&ids),
                        cu,
                        &plan.send,
                        &request_id,
                    )
                    .into_iter()
                    .map(CustomOutcome::into_outcome)
                    .collect();
                records.results(outcomes.iter().map(|o| {
                    let delivered = o.status == DeliveryStatus::SUCCESSFUL;
                    (delivered, o.message_id.as_deref())
                }));
                self.record_numbered(records.finish());
                outcomes
            }
            // The records are made beside the delivery, slice by slice.
            None => self
                .deliver_slices(
                    scope,
                    app_id,
                    &plan.message,
                    &plan.send,
                    &request_id,
                    "Campaign",
                    &mut records,
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
        if let Some(c) = app.data.write().campaigns_mut().get_mut(id) {
            c.book.record_sent_all(&sent, at);
            for (e, why) in plan.targeted.iter().filter_map(|(e, h)| Some((e, (*h)?))) {
                if why == Held::Quiet {
                    c.book.record_targeted(e);
                }
            }
        }
        sent.len() as u64
    }
}

/// What one step of a run will do: its message, the targeted endpoints it sends to, and every
/// targeted endpoint (endpoint-id order) with why the limits or quiet time held it back, if
/// they did.
pub(super) struct Plan {
    message: crate::store::messaging::messages::Message,
    treatment: String,
    send: Vec<String>,
    targeted: Vec<(String, Option<Held>)>,
    /// Each targeted endpoint's ChannelType and UserId, in the order of `targeted`.
    who: Vec<Target>,
    /// A custom treatment's delivery (docs/behaviour.md#custom-channel).
    custom: Option<Custom>,
}

/// The limits and quiet-time window a run applies (docs/behaviour.md#campaign-limits).
struct Pacing {
    caps: Caps,
    quiet: Option<Window>,
}

impl Pacing {
    /// The targeted endpoints (endpoint-id order) to send to, and each targeted endpoint with
    /// why it is held back, if it is:
    /// Total, Daily (the campaign's, then the app's over every campaign of the app), quiet time
    /// in the endpoint's own zone at `at`, then the run's capacity (`done`: the activity's
    /// targeted endpoints that earlier steps had).
    fn split(
        &self,
        data: &crate::store::app::AppData,
        c: &super::Campaign,
        targeted: &[&Endpoint],
        at: DateTime<Utc>,
        done: u64,
    ) -> (Vec<String>, Vec<(String, Option<Held>)>) {
        let mut send = Vec::with_capacity(targeted.len());
        let mut fates = Vec::with_capacity(targeted.len());
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
                fates.push((e.id.clone(), None));
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
                done + position as u64,
            ) {
                Ok(()) => {
                    send.push(e.id.clone());
                    fates.push((e.id.clone(), None));
                }
                Err(why) => fates.push((e.id.clone(), Some(why))),
            }
        }
        (send, fates)
    }
}
