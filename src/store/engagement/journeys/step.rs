//! One step of a running journey (docs/behaviour.md#journeys-that-run): at the scope clock,
//! the evaluations, entries and waits that are due, then every participant moved on until it
//! waits or leaves. Only the due-work runner calls it; no request runs a step itself.

use super::entry::Refused;
use super::progress::{ms, Hold, Ms};
use super::walk::Mode;
use super::{Journey, JourneyState};
use crate::store::endpoints::model::fold_id;
use crate::store::{Scope, Store};

impl Store {
    /// Runs what journey `id` has due at the scope clock. Returns the arrivals on activities.
    pub(crate) fn run_journey(&self, scope: &Scope, app_id: &str, id: &str) -> u64 {
        let _g = self.journey_lock.lock();
        let Ok(app) = self.app(scope, app_id) else {
            return 0;
        };
        let now = ms(self.now(scope));
        // The journey is taken out of the app while it runs (its copy in the app keeps
        // everything but the progress), then put back.
        let mut j = {
            let mut data = app.data.write();
            let Some(j) = data.journeys_mut().get_mut(id) else {
                return 0;
            };
            if j.state != JourneyState::ACTIVE {
                return 0;
            }
            let progress = std::mem::take(&mut j.progress);
            Journey {
                progress,
                ..j.clone()
            }
        };
        let arrivals = self.step(scope, app_id, &mut j, now);
        if let Some(kept) = app.data.write().journeys_mut().get_mut(id) {
            kept.progress = j.progress;
        }
        self.touch();
        arrivals
    }

    fn step(&self, scope: &Scope, app_id: &str, j: &mut Journey, now: Ms) -> u64 {
        let start = j.definition.start_activity.clone();
        let mut moves: Vec<(Option<String>, String, Mode)> = Vec::new();
        // A segment evaluation (the first, a refresh, or one an UpdateSegment asked for).
        let p = &j.progress;
        let evaluation_due = p.next_evaluation.is_some_and(|t| t <= now)
            || p.update_evaluation.is_some_and(|t| t <= now);
        if evaluation_due {
            let first = j.progress.first_evaluation.is_none();
            if first || j.entry_open(now) {
                let run_id = self.ids.resource_id();
                let entered = match self.app(scope, app_id) {
                    Ok(app) => {
                        let data = app.read();
                        self.evaluate_start(scope, app_id, &data, j, now, run_id)
                    }
                    Err(_) => Vec::new(),
                };
                moves.extend(
                    entered
                        .into_iter()
                        .map(|e| (start.clone(), e, Mode::Arrive)),
                );
            }
            j.progress.update_evaluation = None;
            j.progress.next_evaluation = match (j.refresh(), j.progress.first_evaluation) {
                (Some(f), Some(base)) => {
                    let f = f.num_milliseconds().max(1);
                    let k = (now - base) / f + 1;
                    Some(base + k * f).filter(|t| j.entry_open(*t))
                }
                _ => None,
            };
        }
        // Local-time entries whose zone has reached StartTime.
        let due_zone: Vec<_> = {
            let (due, later) = std::mem::take(&mut j.progress.zone_entries)
                .into_iter()
                .partition(|z| z.due <= now);
            j.progress.zone_entries = later;
            due
        };
        for z in due_zone {
            j.admit(&z.endpoint_id, z.run, now);
            moves.push((start.clone(), z.endpoint_id, Mode::Arrive));
        }
        // Event entries.
        let due_events: Vec<_> = {
            let (due, later) = std::mem::take(&mut j.progress.queued)
                .into_iter()
                .partition(|q| q.due <= now);
            j.progress.queued = later;
            due
        };
        if !due_events.is_empty() {
            let app = self.app(scope, app_id).ok();
            for q in due_events {
                let run = q.run;
                match j.reentry(&q.endpoint_id, now) {
                    Err(Refused::Active) => count(j, run, "ACTIVE_ENDPOINT_REJECTED", now),
                    Err(Refused::Cap) => count(j, run, "REENTRY_CAP_EXCEEDED", now),
                    Err(Refused::Interval) => {}
                    Ok(()) => {
                        let filter = app.as_ref().and_then(|a| {
                            let data = a.read();
                            let e = data.endpoint(&fold_id(&q.endpoint_id))?;
                            Some(self.entry_filter(scope, e))
                        });
                        match filter {
                            None => {}
                            Some(Some(k)) => count(j, run, k, now),
                            Some(None) => {
                                j.admit(&q.endpoint_id, run, now);
                                moves.push((start.clone(), q.endpoint_id, Mode::Arrive));
                            }
                        }
                    }
                }
            }
        }
        // Waits that end, in the order they became due.
        let mut released: Vec<(Ms, u64, String, Hold, Option<String>)> = j
            .progress
            .participants
            .iter()
            .filter_map(|(e, p)| {
                let (due, hold, seq) = p.due?;
                (due <= now).then(|| (due, seq, e.clone(), hold, p.activity.clone()))
            })
            .collect();
        released.sort_by_key(|r| (r.0, r.1));
        for (_, _, e, hold, activity) in released {
            if let Some(p) = j.progress.participants.get_mut(&e) {
                p.due = None;
            }
            let Some(a) = activity else { continue };
            match hold {
                Hold::WaitFor | Hold::WaitUntil => {
                    let to = j
                        .definition
                        .activities
                        .as_ref()
                        .and_then(|all| all.get(&a))
                        .and_then(|act| act.wait.as_ref())
                        .and_then(|w| w.next_activity.clone());
                    count_activity(j, &e, &a, "COMPLETED", now);
                    moves.push((to, e, Mode::Arrive));
                }
                Hold::EvaluateFor | Hold::EvaluateUntil => moves.push((Some(a), e, Mode::Decide)),
                Hold::Quiet => moves.push((Some(a), e, Mode::Resume)),
            }
        }
        if moves.is_empty() {
            return 0;
        }
        self.walk(scope, app_id, j, now, moves)
    }
}

fn count(j: &mut Journey, run: usize, key: &str, now: Ms) {
    if let Some(r) = j.progress.runs.get_mut(run) {
        r.count(key, now);
    }
}

fn count_activity(j: &mut Journey, e: &str, activity: &str, key: &str, now: Ms) {
    let run = j.progress.participants.get(e).map_or(0, |p| p.run);
    if let Some(r) = j.progress.runs.get_mut(run) {
        r.count_activity(activity, key, now);
    }
}
