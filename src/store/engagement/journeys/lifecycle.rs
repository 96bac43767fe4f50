//! A journey's life on the scope clock (docs/behaviour.md#journeys-that-run): activation, when
//! entry closes, the state it shows (CLOSED and COMPLETED are computed, like a campaign's
//! status), its runs' status, pause, resume and cancel, and when it next has work due.

use chrono::TimeDelta;

use super::progress::{ms, Ms, Place, Run, LONGEST};
use super::{Journey, JourneyState};
use crate::model::{EventStartCondition, JourneyRunStatus};
use crate::time;

/// How far ahead of UTC the earliest time zone is: a local-time journey's first zone reaches
/// the wall-clock StartTime this long before UTC does.
const EARLIEST: TimeDelta = TimeDelta::hours(14);
/// How far behind UTC the latest time zone is: a local-time journey's last zone reaches the
/// wall-clock EndTime this long after UTC does.
const LATEST: TimeDelta = TimeDelta::hours(12);

impl Journey {
    /// The event start condition, when the journey is entered by events.
    pub fn event_start(&self) -> Option<&EventStartCondition> {
        self.definition
            .start_condition
            .as_ref()?
            .event_start_condition
            .as_ref()
            .filter(|e| e.event_filter.is_some())
    }

    /// The segment a segment journey evaluates.
    pub fn start_segment(&self) -> Option<&str> {
        self.definition
            .start_condition
            .as_ref()?
            .segment_start_condition
            .as_ref()?
            .segment_id
            .as_deref()
    }

    fn schedule_time(&self, end: bool) -> Option<Ms> {
        let s = self.definition.schedule.as_ref()?;
        let t = if end { &s.end_time } else { &s.start_time };
        time::parse_iso8601(t.as_deref()?).map(ms)
    }

    pub fn start_time(&self) -> Option<Ms> {
        self.schedule_time(false)
    }

    pub fn end_time(&self) -> Option<Ms> {
        self.schedule_time(true)
    }

    /// RefreshFrequency, when it can be read.
    pub fn refresh(&self) -> Option<TimeDelta> {
        let f = self.definition.refresh_frequency.as_deref()?;
        time::parse_duration(f).filter(|d| *d > TimeDelta::zero())
    }

    /// Whether StartTime and EndTime are read in each member's zone (segment journeys only).
    pub fn local_time(&self) -> bool {
        self.definition.local_time == Some(true) && self.event_start().is_none()
    }

    /// When entry closes: at EndTime (local time: when the last zone reaches it); for a
    /// segment journey without RefreshFrequency once its
    /// first evaluation (and its local-time entries) is made; at the latest 540 days after the
    /// first evaluation (an event journey: the activation). `None`: not known yet.
    pub fn entry_close(&self) -> Option<Ms> {
        let p = &self.progress;
        let event = self.event_start().is_some();
        let base = if event {
            p.activated
        } else {
            p.first_evaluation
        };
        let mut close = match self.end_time() {
            Some(end) if self.local_time() => Some(end + LATEST.num_milliseconds()),
            end => end,
        };
        let mut earliest = |t: Ms| close = Some(close.map_or(t, |c| c.min(t)));
        if let Some(b) = base {
            earliest(b + LONGEST.num_milliseconds());
        }
        if !event && self.refresh().is_none() && p.zone_entries.is_empty() {
            if let Some(first) = p.first_evaluation {
                earliest(first);
            }
        }
        close
    }

    /// Whether endpoints may still enter at `now`.
    pub fn entry_open(&self, now: Ms) -> bool {
        self.entry_close().is_none_or(|c| now < c)
    }

    /// The state the journey shows at `now`: an activated ACTIVE or PAUSED journey whose entry
    /// has closed is CLOSED while anyone is in it, then COMPLETED.
    pub fn shown_state(&self, now: Ms) -> JourneyState {
        match self.state {
            JourneyState::ACTIVE | JourneyState::PAUSED
                if self.progress.activated.is_some() && !self.entry_open(now) =>
            {
                if self.progress.active() > 0 {
                    JourneyState::CLOSED
                } else {
                    JourneyState::COMPLETED
                }
            }
            s => s,
        }
    }

    /// The status of run `i` at `now`.
    pub fn run_status(&self, i: usize, now: Ms) -> JourneyRunStatus {
        let p = &self.progress;
        let Some(r) = p.runs.get(i) else {
            return JourneyRunStatus::Completed;
        };
        let waiting_zone = p.zone_entries.iter().any(|z| z.run == i);
        if r.cancelled {
            JourneyRunStatus::Cancelled
        } else if !r.evaluated {
            JourneyRunStatus::Scheduled
        } else if r.active() > 0
            || waiting_zone
            || (self.event_start().is_some() && self.entry_open(now))
        {
            JourneyRunStatus::Running
        } else {
            JourneyRunStatus::Completed
        }
    }

    /// Makes the journey ACTIVE for the first time at `now`: an event journey gets its one run;
    /// a segment journey's first evaluation falls due at StartTime (or now, when StartTime is
    /// absent or past), its run SCHEDULED until then.
    pub(super) fn activate(&mut self, now: Ms, run_id: String) {
        if self.progress.activated.is_some() {
            return;
        }
        self.progress.activated = Some(now);
        if self.event_start().is_some() {
            self.progress.runs.push(Run::new(run_id, now, true));
            return;
        }
        let mut first = self.start_time().unwrap_or(now);
        if self.local_time() {
            first -= EARLIEST.num_milliseconds();
        }
        self.progress.next_evaluation = Some(first.max(now));
        self.progress.runs.push(Run::new(run_id, now, false));
    }

    /// PAUSED at `now`: waits stop, and event entries not yet made never will be (counted
    /// PAUSED, as the events that arrive during the pause).
    pub(super) fn pause(&mut self, now: Ms) {
        let p = &mut self.progress;
        p.paused_at.get_or_insert(now);
        for q in std::mem::take(&mut p.queued) {
            if let Some(r) = p.runs.get_mut(q.run) {
                r.count("PAUSED", now);
            }
        }
    }

    /// ACTIVE again at `now`: the remaining time of every WaitFor wait runs on from where it
    /// stopped.
    pub(super) fn resume(&mut self, now: Ms) {
        let Some(paused) = self.progress.paused_at.take() else {
            return;
        };
        let shift = now - paused;
        for p in self.progress.participants.values_mut() {
            if let Some((due, hold, _)) = &mut p.due {
                if hold.pauses() {
                    *due += shift;
                }
            }
        }
    }

    /// CANCELLED at `now`: everyone in flight leaves, runs not completed are cancelled, and
    /// nothing more falls due.
    pub(super) fn cancel(&mut self, now: Ms) {
        let statuses: Vec<JourneyRunStatus> = (0..self.progress.runs.len())
            .map(|i| self.run_status(i, now))
            .collect();
        let p = &mut self.progress;
        for (i, s) in statuses.into_iter().enumerate() {
            if matches!(s, JourneyRunStatus::Scheduled | JourneyRunStatus::Running) {
                p.runs[i].cancelled = true;
                p.runs[i].updated = now;
            }
        }
        for part in p.participants.values_mut().filter(|x| x.is_active()) {
            part.place = Place::CANCELLED;
            part.since = now;
            part.due = None;
            part.activity = None;
            if let Some(r) = p.runs.get_mut(part.run) {
                r.count("CANCELLED", now);
            }
        }
        p.next_evaluation = None;
        p.update_evaluation = None;
        p.zone_entries.clear();
        p.queued.clear();
    }

    /// When the journey next has work due: an evaluation, a local-time or event entry, or a
    /// waiting participant. Nothing is due unless it is ACTIVE.
    pub fn next_due(&self) -> Option<Ms> {
        if self.state != JourneyState::ACTIVE {
            return None;
        }
        let p = &self.progress;
        [
            p.next_evaluation,
            p.update_evaluation,
            p.zone_entries.iter().map(|z| z.due).min(),
            p.queued.first().map(|q| q.due),
            p.next_release(),
        ]
        .into_iter()
        .flatten()
        .min()
    }
}
