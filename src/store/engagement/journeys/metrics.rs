//! What a running journey reports (docs/behaviour.md#journey-metrics): its runs, the execution
//! metrics of the journey, a run and an activity, and where each endpoint is.

use std::collections::BTreeMap;

use super::progress::{instant, ms, Ms, Place};
use super::{Journey, JourneyState};
use crate::model::{Activity, JourneyRunStatus};
use crate::store::{Scope, Store, StoreError, StoreResult};
use crate::time;

/// A journey's run (`JourneyRunResponse`).
#[derive(Debug, Clone, PartialEq)]
pub struct JourneyRun {
    pub creation_time: String,
    pub last_update_time: String,
    pub run_id: String,
    pub status: JourneyRunStatus,
}

/// A journey's execution metrics: when they were evaluated, the counts, and the type of the
/// activity they are about, if any.
#[derive(Debug, Clone, PartialEq)]
pub struct JourneyMetrics {
    pub last_evaluated_time: String,
    pub activity_type: Option<&'static str>,
    /// Decimal strings; keys whose count is 0 left out.
    pub metrics: BTreeMap<String, String>,
}

/// Where one endpoint is (`GET /_pinpoint/journeys/positions`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Position {
    pub endpoint_id: String,
    /// Its activity while WAITING.
    pub activity_id: Option<String>,
    pub state: Place,
    pub since: String,
    pub entries: u32,
}

/// The metric type of an activity: MESSAGE (EMAIL, SMS, PUSH, CUSTOM), CONTACT_CENTER, WAIT,
/// CONDITIONAL_SPLIT, MULTI_CONDITIONAL_SPLIT, RANDOM_SPLIT or HOLDOUT.
pub fn metric_type(a: &Activity) -> &'static str {
    if a.email.is_some() || a.sms.is_some() || a.push.is_some() || a.custom.is_some() {
        "MESSAGE"
    } else if a.contact_center.is_some() {
        "CONTACT_CENTER"
    } else if a.wait.is_some() {
        "WAIT"
    } else if a.conditional_split.is_some() {
        "CONDITIONAL_SPLIT"
    } else if a.multi_condition.is_some() {
        "MULTI_CONDITIONAL_SPLIT"
    } else if a.random_split.is_some() {
        "RANDOM_SPLIT"
    } else if a.holdout.is_some() {
        "HOLDOUT"
    } else {
        ""
    }
}

fn strings(counts: BTreeMap<String, u64>) -> BTreeMap<String, String> {
    counts
        .into_iter()
        .filter(|(_, n)| *n > 0)
        .map(|(k, n)| (k, n.to_string()))
        .collect()
}

impl Journey {
    /// The runs, oldest first; none while the journey is a DRAFT.
    pub fn runs(&self, now: Ms) -> Vec<JourneyRun> {
        if self.state == JourneyState::DRAFT {
            return Vec::new();
        }
        (0..self.progress.runs.len())
            .map(|i| {
                let r = &self.progress.runs[i];
                let status = self.run_status(i, now);
                // An event journey's run completes when entry closes, if nobody is left then.
                let closed = self.entry_close().filter(|c| *c <= now);
                let updated = match closed {
                    Some(c)
                        if status == JourneyRunStatus::Completed
                            && self.event_start().is_some() =>
                    {
                        r.updated.max(c)
                    }
                    _ => r.updated,
                };
                JourneyRun {
                    creation_time: time::format_iso(instant(r.created)),
                    last_update_time: time::format_iso(instant(updated)),
                    run_id: r.id.clone(),
                    status,
                }
            })
            .collect()
    }

    /// The counts of run `run` (all runs when `None`), of one activity or of the journey.
    pub fn counts(&self, run: Option<usize>, activity: Option<&str>) -> BTreeMap<String, u64> {
        let mut out: BTreeMap<String, u64> = BTreeMap::new();
        let runs = self
            .progress
            .runs
            .iter()
            .enumerate()
            .filter(|(i, _)| run.is_none_or(|r| r == *i));
        for (_, r) in runs {
            let source = match activity {
                Some(a) => r.activities.get(a),
                None => Some(&r.counts),
            };
            for (k, n) in source.into_iter().flatten() {
                *out.entry(k.clone()).or_default() += n;
            }
        }
        let waiting = self
            .progress
            .participants
            .values()
            .filter(|p| p.is_active() && run.is_none_or(|r| r == p.run));
        match activity {
            Some(a) => {
                // Waiting on it now: on a wait or an evaluation wait, or (a message activity)
                // held by quiet time; nobody else stays on an activity between steps.
                let here = waiting.filter(|p| p.activity.as_deref() == Some(a)).count() as u64;
                out.insert("INFLIGHT".into(), here);
            }
            None => {
                let n = |k: &str| out.get(k).copied().unwrap_or(0);
                let active =
                    n("ENDPOINT_ENTERED").saturating_sub(n("ENDPOINT_LEFT") + n("CANCELLED"));
                out.insert("ENDPOINT_ACTIVE".into(), active);
            }
        }
        out
    }
}

impl Store {
    /// A journey, read whole (not while a step has it out); unknown → 404.
    fn journey_now(&self, scope: &Scope, app_id: &str, id: &str) -> StoreResult<(Journey, Ms)> {
        let _g = self.journey_lock.lock();
        let j = self.read_app(scope, app_id, |data| {
            data.journeys().get(id).cloned().ok_or(StoreError::NotFound)
        })??;
        Ok((j, ms(self.now(scope))))
    }

    /// GetJourneyRuns: the runs of a journey; unknown → 404.
    pub fn journey_runs(
        &self,
        scope: &Scope,
        app_id: &str,
        id: &str,
    ) -> StoreResult<Vec<JourneyRun>> {
        let (j, now) = self.journey_now(scope, app_id, id)?;
        Ok(j.runs(now))
    }

    /// Get{Journey,JourneyRun}Execution{,Activity}Metrics: the journey, and the run and the
    /// activity when the operation names them; any of them unknown → 404.
    pub fn journey_metrics(
        &self,
        scope: &Scope,
        app_id: &str,
        id: &str,
        run: Option<&str>,
        activity: Option<&str>,
    ) -> StoreResult<JourneyMetrics> {
        let (j, now) = self.journey_now(scope, app_id, id)?;
        let last_evaluated_time = time::format_iso(instant(now));
        let run = match run {
            Some(r) => Some(
                j.progress
                    .runs
                    .iter()
                    .position(|x| x.id == r)
                    .filter(|_| j.state != JourneyState::DRAFT)
                    .ok_or(StoreError::NotFound)?,
            ),
            None => None,
        };
        let activity_type = activity
            .map(|a| {
                j.definition
                    .activities
                    .as_ref()
                    .and_then(|all| all.get(a))
                    .map(metric_type)
                    .ok_or(StoreError::NotFound)
            })
            .transpose()?;
        Ok(JourneyMetrics {
            last_evaluated_time,
            activity_type,
            metrics: strings(j.counts(run, activity)),
        })
    }

    /// Where each endpoint that entered a journey is, in order of first entry; unknown → 404.
    pub fn journey_positions(
        &self,
        scope: &Scope,
        app_id: &str,
        id: &str,
    ) -> StoreResult<Vec<Position>> {
        let (j, _) = self.journey_now(scope, app_id, id)?;
        let mut rows: Vec<(u64, Position)> = j
            .progress
            .participants
            .into_iter()
            .map(|(endpoint_id, p)| {
                let waiting = p.place == Place::WAITING;
                let row = Position {
                    endpoint_id,
                    activity_id: p.activity.filter(|_| waiting),
                    state: p.place,
                    since: time::format_iso(instant(p.since)),
                    entries: p.entries,
                };
                (p.order, row)
            })
            .collect();
        rows.sort_by(|a, b| (a.0, &a.1.endpoint_id).cmp(&(b.0, &b.1.endpoint_id)));
        Ok(rows.into_iter().map(|(_, r)| r).collect())
    }
}
