//! Work that falls due (docs/behaviour.md#due-work): campaign runs, the zone steps of
//! local-time runs, and whatever else the engagement rules queue. Work is processed in due-time order (ties: the order it was found
//! in) when a scope's clock is advanced (`POST /_pinpoint/clock/advance`), when the run route is
//! called, or every second on system time with `--run-campaigns`. With a frozen clock nothing
//! falls due by wall time.

use chrono::{DateTime, Utc};

use super::campaigns::trigger::EXPIRES_AFTER;
use super::campaigns::{local, next_run, schedule::treatments};
use super::journeys::progress;
use crate::clock::ClockError;
use crate::store::{Scope, Store};

/// What one processing pass did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Ran {
    /// Campaign activities started.
    pub campaign_runs: u64,
    /// Participants' arrivals on journey activities.
    pub journey_activities: u64,
    /// Entries added to the sent-message log.
    pub messages: u64,
    /// Pieces of work processed (a run, a queued send, whatever it did).
    pub steps: u64,
}

impl std::ops::AddAssign for Ran {
    fn add_assign(&mut self, o: Self) {
        self.campaign_runs += o.campaign_runs;
        self.journey_activities += o.journey_activities;
        self.messages += o.messages;
        self.steps += o.steps;
    }
}

/// One piece of due work.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Work {
    /// A timed run of one treatment of a campaign (`0`: the default treatment).
    CampaignRun {
        app_id: String,
        campaign_id: String,
        treatment: usize,
        /// The run time (a local-time run is due before it, in its earliest zone).
        scheduled: DateTime<Utc>,
    },
    /// The next zone step of a local-time run's activity.
    ZoneStep {
        app_id: String,
        campaign_id: String,
        activity_id: String,
    },
    /// The scope's first queued event-triggered send.
    TriggeredSend,
    /// The emulator's own records, for SYSTEM event filters (docs/behaviour.md#system-events).
    SystemEvents,
    /// What a running journey has due (docs/behaviour.md#journeys-that-run).
    Journey { app_id: String, journey_id: String },
}

/// Most pieces one pass processes, so a rule that never stops falling due cannot hold a request
/// (or the clock's advance) for ever.
const MAX_STEPS: usize = 1_000_000;

impl Store {
    /// The scope's pieces of work with their due times, earliest first (ties: app, then
    /// campaign, then zone steps before treatment order). A campaign whose segment is gone
    /// (DELETED) starts no run; zone steps of a run already started go on.
    fn due_work(&self, scope: &Scope) -> Vec<(DateTime<Utc>, Work)> {
        let mut work = Vec::new();
        for app in self.apps_of(scope) {
            let data = app.read();
            for c in data.campaigns().values() {
                for a in &c.activities {
                    if let Some(at) = a.zones.first().and_then(|z| z.due()) {
                        let step = Work::ZoneStep {
                            app_id: app.meta.id.clone(),
                            campaign_id: c.id.clone(),
                            activity_id: a.id.clone(),
                        };
                        work.push((at, step));
                    }
                }
                let (_, v) = c.versions.latest();
                if !data.segments().contains_key(v.segment_id()) {
                    continue;
                }
                let all = treatments(v);
                for (treatment, t) in all.iter().enumerate() {
                    if let Some(scheduled) = next_run(c, treatment) {
                        work.push((
                            local::run_due(t.schedule, scheduled),
                            Work::CampaignRun {
                                app_id: app.meta.id.clone(),
                                campaign_id: c.id.clone(),
                                treatment,
                                scheduled,
                            },
                        ));
                    }
                }
            }
        }
        for app in self.apps_of(scope) {
            for j in app.read().journeys().values() {
                if let Some(at) = j.next_due() {
                    let w = Work::Journey {
                        app_id: app.meta.id.clone(),
                        journey_id: j.id.clone(),
                    };
                    work.push((progress::instant(at), w));
                }
            }
        }
        if let Some(at) = self.system.first_due(scope) {
            work.push((at, Work::SystemEvents));
        }
        // Queued sends wait in arrival order: only the first can be the next due.
        if let Some(q) = self.triggers.front(scope) {
            work.push((q.due, Work::TriggeredSend));
        }
        work.sort_by_key(|w| w.0);
        work
    }

    /// When the scope's earliest piece of work is due.
    pub fn next_due(&self, scope: &Scope) -> Option<DateTime<Utc>> {
        self.due_work(scope).first().map(|(at, _)| *at)
    }

    /// Processes every piece of work due at the scope's clock, earliest first, without moving
    /// the clock.
    pub fn run_due(&self, scope: &Scope) -> Ran {
        let sent_before = self.sent.last_seq();
        let mut ran = Ran::default();
        for _ in 0..MAX_STEPS {
            let now = self.now(scope);
            let Some((at, work)) = self.due_work(scope).into_iter().next() else {
                break;
            };
            if at > now {
                break;
            }
            ran.steps += 1;
            match work {
                Work::CampaignRun {
                    app_id,
                    campaign_id,
                    treatment,
                    scheduled,
                } => {
                    self.run_campaign(scope, &app_id, &campaign_id, treatment, scheduled);
                    ran.campaign_runs += 1;
                }
                Work::ZoneStep {
                    app_id,
                    campaign_id,
                    activity_id,
                } => self.run_zone_step(scope, &app_id, &campaign_id, &activity_id),
                Work::Journey { app_id, journey_id } => {
                    ran.journey_activities += self.run_journey(scope, &app_id, &journey_id);
                }
                Work::SystemEvents => {
                    self.run_system_events(scope);
                }
                Work::TriggeredSend => {
                    let Some(q) = self.triggers.pop(scope) else {
                        continue;
                    };
                    // Too late: dropped, with no activity (docs/behaviour.md#event-campaigns).
                    let late = now - q.due > EXPIRES_AFTER;
                    if late {
                        self.expire_triggered(scope, &q);
                    } else if self.run(
                        scope,
                        &q.app_id,
                        &q.campaign_id,
                        None,
                        Some(&q.endpoint_id),
                        q.due,
                    ) {
                        ran.campaign_runs += 1;
                    }
                }
            }
        }
        ran.messages = self.sent.last_seq() - sent_before;
        ran
    }

    /// Processes the due work of every scope, each at its own clock; `only_system_time` leaves
    /// frozen scopes alone (the once-a-second pass of `--run-campaigns`).
    pub fn run_due_everywhere(&self, only_system_time: bool) -> Ran {
        let mut ran = Ran::default();
        for scope in self.scopes() {
            if only_system_time && self.clocks().is_frozen(&scope.account, &scope.region) {
                continue;
            }
            ran += self.run_due(&scope);
        }
        ran
    }

    /// Moves the scope's clock to `target`, processing on the way every piece of work due at or
    /// before it, in due-time order, with the clock showing each piece's due time (or the old
    /// time, when it was already past) while it runs. An unfrozen scope is frozen first; a
    /// target earlier than the scope's time is refused and nothing moves.
    pub fn advance_clock(&self, scope: &Scope, target: DateTime<Utc>) -> Result<Ran, ClockError> {
        let (account, region) = (&scope.account, &scope.region);
        let start = self.now(scope);
        if target < start {
            return Err(ClockError::Earlier {
                now: start,
                wanted: target,
            });
        }
        self.clocks().set(account, region, start);
        let mut ran = Ran::default();
        for _ in 0..MAX_STEPS {
            let now = self.now(scope);
            match self.next_due(scope) {
                Some(at) if at <= target => {
                    self.clocks().set(account, region, at.max(now));
                    let step = self.run_due(scope);
                    ran += step;
                    if step.steps == 0 {
                        // Nothing ran although something was due: stop rather than spin.
                        break;
                    }
                }
                _ => break,
            }
        }
        self.clocks().set(account, region, target);
        ran += self.run_due(scope);
        Ok(ran)
    }
}
