//! Who enters a journey (docs/behaviour.md#journey-entry): the start segment's members at each
//! evaluation, or the endpoints of matching events; the filters every entrant passes, and the
//! re-entry cap and interval.

use std::collections::{HashMap, HashSet};

use chrono::TimeDelta;

use super::progress::{ms, Ms, Participant, Pending, Place, Run};
use super::Journey;
use crate::model::FilterType;
use crate::store::app::AppData;
use crate::store::endpoints::model::{fold_id, Endpoint, OptOut, Status};
use crate::store::engagement::campaigns::local;
use crate::store::engagement::campaigns::trigger::{event_matches, Arrival, EventView};
use crate::store::engagement::segments::eval::Evaluator;
use crate::store::{Scope, Store};
use crate::time;

/// Why an endpoint already in the journey's book may not enter again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// It is in the journey now: ACTIVE_ENDPOINT_REJECTED.
    Active,
    /// EndpointReentryCap reached: REENTRY_CAP_EXCEEDED.
    Cap,
    /// Too soon after its last entry (EndpointReentryInterval): not counted.
    Interval,
}

impl Journey {
    /// Whether endpoint `id` may enter at `now` by the re-entry rules.
    pub fn reentry(&self, id: &str, now: Ms) -> Result<(), Refused> {
        let Some(p) = self.progress.participants.get(id) else {
            return Ok(());
        };
        if p.is_active() {
            return Err(Refused::Active);
        }
        let limits = self.definition.limits.as_ref();
        let cap = limits.and_then(|l| l.endpoint_reentry_cap).unwrap_or(1);
        if cap > 0 && i64::from(p.entries) >= i64::from(cap) {
            return Err(Refused::Cap);
        }
        let interval = limits
            .and_then(|l| l.endpoint_reentry_interval.as_deref())
            .and_then(time::parse_duration)
            .unwrap_or(TimeDelta::zero());
        if now < p.entered + interval.num_milliseconds() {
            return Err(Refused::Interval);
        }
        Ok(())
    }

    /// Endpoint `id` enters at `now` through run `run`: counted ENDPOINT_ENTERED, its messages
    /// of any earlier entry forgotten. It is placed by the walk that follows.
    pub fn admit(&mut self, id: &str, run: usize, now: Ms) {
        let order = self.progress.next_seq();
        let p = self
            .progress
            .participants
            .entry(id.to_string())
            .or_insert_with(|| Participant {
                entries: 0,
                order,
                entered: now,
                run,
                activity: None,
                place: Place::WAITING,
                since: now,
                due: None,
                messages: Default::default(),
                sent: Vec::new(),
            });
        p.entries += 1;
        p.entered = now;
        p.run = run;
        p.place = Place::WAITING;
        p.since = now;
        p.due = None;
        p.messages.clear();
        if let Some(r) = self.progress.runs.get_mut(run) {
            r.count("ENDPOINT_ENTERED", now);
        }
    }
}

impl Store {
    /// The entry filter an endpoint fails, if any: no ChannelType, no Address, opted out (the
    /// endpoint, or its address on the opt-out list), INACTIVE.
    pub(super) fn entry_filter(&self, scope: &Scope, e: &Endpoint) -> Option<&'static str> {
        if e.channel_type.is_none() {
            return Some("ENDPOINT_MISSING_CHANNEL");
        }
        let Some(address) = e.address() else {
            return Some("ENDPOINT_MISSING_ADDRESS");
        };
        if e.opt_out == OptOut::ALL || self.is_opted_out(&scope.account, address) {
            return Some("ENDPOINT_OPT_OUT");
        }
        (e.status == Status::INACTIVE).then_some("ENDPOINT_INACTIVE")
    }

    /// One evaluation of a segment journey's start segment at `now`: the first (through the
    /// SCHEDULED run) or a refresh (a new run). Members that pass the filters enter, in
    /// endpoint-id order, or (local time) are queued for their zone's instant.
    /// Returns the endpoints that entered now.
    pub(super) fn evaluate_start(
        &self,
        scope: &Scope,
        app_id: &str,
        data: &AppData,
        j: &mut Journey,
        now: Ms,
        run_id: String,
    ) -> Vec<String> {
        let first = j.progress.first_evaluation.is_none();
        let run = if first && j.progress.runs.first().is_some_and(|r| !r.evaluated) {
            let r = &mut j.progress.runs[0];
            r.evaluated = true;
            r.updated = now;
            0
        } else {
            j.progress.runs.push(Run::new(run_id, now, true));
            j.progress.runs.len() - 1
        };
        j.progress.first_evaluation.get_or_insert(now);
        let events = || self.last_event_times(scope, app_id);
        let at = time_of(now);
        let eval = Evaluator::new(data, at, &events);
        let mut members: Vec<&Endpoint> = j
            .start_segment()
            .and_then(|id| data.segments().get(id))
            .and_then(|s| eval.members(s, None).ok())
            .unwrap_or_default();
        members.sort_by(|a, b| a.id.cmp(&b.id));
        let mut seen = HashSet::new();
        let mut entered = Vec::new();
        let mut zoned = Vec::new();
        let local = j.local_time();
        for e in members {
            if !first && j.reentry(&e.id, now).is_err() {
                continue;
            }
            // Waiting for its zone to reach StartTime: as good as in the journey.
            if j.progress
                .zone_entries
                .iter()
                .any(|z| z.endpoint_id == e.id)
            {
                continue;
            }
            let r = &mut j.progress.runs[run];
            r.count("ENDPOINT_PRODUCED", now);
            if let Some(k) = self.entry_filter(scope, e) {
                r.count(k, now);
            } else if !seen.insert((e.channel_type, e.address().map(str::to_string))) {
                r.count("DUPLICATE_ENDPOINT", now);
            } else if local && local::zone_of(e).is_none() {
                r.count("ENDPOINT_MISSING_TIMEZONE", now);
            } else if local {
                zoned.push(e);
            } else {
                j.admit(&e.id, run, now);
                entered.push(e.id.clone());
            }
        }
        if local {
            // Each zone enters when it reaches StartTime's wall-clock time (at once when it
            // has), and no longer once it has reached EndTime's.
            let starts = zone_instants(&zoned, j.start_time().unwrap_or(now));
            let ends = j.end_time().map(|end| zone_instants(&zoned, end));
            for e in zoned {
                let end = ends.as_ref().and_then(|m| m.get(&e.id)).copied();
                if end.is_some_and(|end| now >= end) {
                    continue;
                }
                j.progress.zone_entries.push(Pending {
                    due: starts.get(&e.id).copied().unwrap_or(now),
                    endpoint_id: e.id.clone(),
                    run,
                });
            }
            j.progress.zone_entries.sort_by_key(|z| z.due);
        }
        entered
    }

    /// Queues, for each event of `arrivals` (accepted by PutEvents at the scope clock: filter
    /// type ENDPOINT; or recorded by the emulator itself: SYSTEM), an entry into every event
    /// journey of the app whose filter it matches; counts what it can at arrival
    /// (ENDPOINT_PRODUCED, PAUSED, FILTERED_OUT_BY_SEGMENT). A record about a journey's own
    /// message never enters anyone into that journey.
    pub fn trigger_journeys(
        &self,
        scope: &Scope,
        app_id: &str,
        arrivals: &[Arrival],
        kind: FilterType,
    ) {
        if arrivals.is_empty() {
            return;
        }
        let Ok(app) = self.app(scope, app_id) else {
            return;
        };
        let _g = self.journey_lock.lock();
        let now = self.now(scope);
        let at = ms(now);
        // (journey, endpoint id, what happened: None = queued, Some(key) = counted only)
        let mut outcomes: Vec<(String, String, Option<&'static str>)> = Vec::new();
        {
            let data = app.read();
            let armed: Vec<&Journey> = data
                .journeys()
                .values()
                .filter(|j| {
                    matches!(
                        j.state,
                        super::JourneyState::ACTIVE | super::JourneyState::PAUSED
                    ) && j.progress.activated.is_some()
                        && j.entry_open(at)
                        && j.start_time().is_none_or(|s| s <= at)
                        && j.event_start().is_some_and(|c| {
                            c.event_filter.as_ref().and_then(|f| f.filter_type) == Some(kind)
                        })
                })
                .collect();
            if armed.is_empty() {
                return;
            }
            let events = || self.last_event_times(scope, app_id);
            let eval = Evaluator::new(&data, now, &events);
            for a in arrivals {
                let Some(e) = data.endpoint(&fold_id(&a.endpoint_id)) else {
                    continue;
                };
                let view = EventView {
                    event_type: &a.event_type,
                    attributes: &a.attributes,
                    metrics: &a.metrics,
                };
                let own = a.attributes.get("journey_id");
                for j in &armed {
                    let Some(c) = j.event_start() else { continue };
                    if own == Some(&j.id) || !self.system.may_fire(scope, &j.id, &e.id, now, kind) {
                        continue;
                    }
                    let filter = c.event_filter.as_ref().and_then(|f| f.dimensions.as_ref());
                    if !event_matches(filter, view) {
                        continue;
                    }
                    let member = c.segment_id.as_deref().is_none_or(|id| {
                        data.segments()
                            .get(id)
                            .is_some_and(|s| eval.contains(s, None, e).unwrap_or(false))
                    });
                    let what = if j.state == super::JourneyState::PAUSED {
                        Some("PAUSED")
                    } else if !member {
                        Some("FILTERED_OUT_BY_SEGMENT")
                    } else {
                        None
                    };
                    outcomes.push((j.id.clone(), e.id.clone(), what));
                }
            }
        }
        if outcomes.is_empty() {
            return;
        }
        let mut data = app.data.write();
        for (jid, endpoint_id, what) in outcomes {
            let Some(j) = data.journeys_mut().get_mut(&jid) else {
                continue;
            };
            let p = &mut j.progress;
            if let Some(r) = p.runs.first_mut() {
                r.count("ENDPOINT_PRODUCED", at);
                if let Some(k) = what {
                    r.count(k, at);
                }
            }
            if what.is_none() {
                p.queued.push(Pending {
                    due: at,
                    endpoint_id,
                    run: 0,
                });
            }
        }
        drop(data);
        self.touch();
    }

    /// An UpdateSegment of `segment_id` at the scope clock: every journey that refreshes on
    /// segment updates (and has a RefreshFrequency) gets an evaluation due now.
    pub fn segment_updated(&self, scope: &Scope, app_id: &str, segment_id: &str) {
        let Ok(app) = self.app(scope, app_id) else {
            return;
        };
        let _g = self.journey_lock.lock();
        let at = ms(self.now(scope));
        let mut data = app.data.write();
        for j in data.journeys_mut().values_mut() {
            let refreshes = j.definition.refresh_on_segment_update == Some(true)
                && j.refresh().is_some()
                && j.start_segment() == Some(segment_id)
                && j.progress.first_evaluation.is_some()
                && j.entry_open(at);
            if refreshes {
                j.progress.update_evaluation = Some(at);
            }
        }
    }
}

/// When each endpoint's zone reaches the wall-clock time that `wall` shows in UTC.
fn zone_instants(endpoints: &[&Endpoint], wall: Ms) -> HashMap<String, Ms> {
    let wall = time_of(wall).naive_utc();
    let mut out = HashMap::new();
    for step in local::steps(endpoints, wall) {
        if let Some(due) = step.due().map(ms) {
            out.extend(step.endpoints.into_iter().map(|e| (e, due)));
        }
    }
    out
}

/// An instant in milliseconds as a date.
pub fn time_of(m: Ms) -> chrono::DateTime<chrono::Utc> {
    super::progress::instant(m)
}
