//! What a running journey keeps (docs/behaviour.md#journeys-that-run): its runs with their
//! counts, where each endpoint that entered is, and the entries and evaluations still to come.
//! Kept with the journey in the state file; instants are milliseconds since the epoch.

use std::collections::BTreeMap;

use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

/// Milliseconds since the epoch.
pub type Ms = i64;

pub fn ms(t: DateTime<Utc>) -> Ms {
    t.timestamp_millis()
}

pub fn instant(m: Ms) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(m).unwrap_or_default()
}

/// How long entry stays open without an EndTime: 540 days after the first evaluation (or the
/// activation, for an event journey).
pub const LONGEST: TimeDelta = TimeDelta::days(540);

/// A journey's progress. Empty (and absent from the state file) until it is activated.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Progress {
    /// When the journey first became ACTIVE.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activated: Option<Ms>,
    /// When its first segment evaluation was made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_evaluation: Option<Ms>,
    /// When the next segment evaluation is due (a refresh, or the first one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_evaluation: Option<Ms>,
    /// An evaluation an UpdateSegment made due (RefreshOnSegmentUpdate).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub update_evaluation: Option<Ms>,
    /// Local-time entries still to come: members of the last evaluation whose zone has not
    /// reached the wall-clock StartTime yet.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub zone_entries: Vec<Pending>,
    /// Event entries queued by PutEvents, in arrival order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub queued: Vec<Pending>,
    /// When the journey was paused, while it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paused_at: Option<Ms>,
    /// Runs, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub runs: Vec<Run>,
    /// Every endpoint that entered, by endpoint id.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub participants: BTreeMap<String, Participant>,
    /// A counter that orders first entries and the instants waits became due.
    #[serde(default)]
    pub seq: u64,
}

/// An entry still to come: an endpoint, its run and when it is due.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Pending {
    pub due: Ms,
    pub endpoint_id: String,
    pub run: usize,
}

/// One run: one segment evaluation, or every entry of an event journey.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Run {
    pub id: String,
    pub created: Ms,
    pub updated: Ms,
    /// False while the run's evaluation is still to come (SCHEDULED).
    pub evaluated: bool,
    #[serde(default)]
    pub cancelled: bool,
    /// Journey-level counts (ENDPOINT_ENTERED, ENDPOINT_LEFT, ENDPOINT_OPT_OUT, …).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub counts: BTreeMap<String, u64>,
    /// Activity-level counts, by activity id.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub activities: BTreeMap<String, BTreeMap<String, u64>>,
}

impl Run {
    pub fn new(id: String, at: Ms, evaluated: bool) -> Run {
        Run {
            id,
            created: at,
            updated: at,
            evaluated,
            cancelled: false,
            counts: BTreeMap::new(),
            activities: BTreeMap::new(),
        }
    }

    pub fn count(&mut self, key: &str, at: Ms) {
        *self.counts.entry(key.to_string()).or_default() += 1;
        self.updated = at;
    }

    pub fn count_activity(&mut self, activity: &str, key: &str, at: Ms) {
        *self
            .activities
            .entry(activity.to_string())
            .or_default()
            .entry(key.to_string())
            .or_default() += 1;
        self.updated = at;
    }

    /// Participants of this run still in the journey.
    pub fn active(&self) -> u64 {
        let n = |k: &str| self.counts.get(k).copied().unwrap_or(0);
        n("ENDPOINT_ENTERED").saturating_sub(n("ENDPOINT_LEFT") + n("CANCELLED"))
    }
}

/// Where a participant is (docs/behaviour.md#journey-positions).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[allow(clippy::upper_case_acronyms)]
pub enum Place {
    WAITING,
    EXITED,
    CANCELLED,
}

/// What a waiting participant waits for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Hold {
    /// A Wait activity's WaitFor: the remainder stops while the journey is paused.
    WaitFor,
    /// A Wait activity's WaitUntil.
    WaitUntil,
    /// A split's EvaluationWaitTime WaitFor (paused like WaitFor).
    EvaluateFor,
    /// A split's EvaluationWaitTime WaitUntil.
    EvaluateUntil,
    /// A message held by quiet time or the sending schedule.
    Quiet,
}

impl Hold {
    /// Whether a pause stops the remaining time.
    pub fn pauses(self) -> bool {
        matches!(self, Hold::WaitFor | Hold::EvaluateFor)
    }
}

/// An endpoint that entered the journey.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Participant {
    /// Times it entered.
    pub entries: u32,
    /// Orders rows by first entry.
    pub order: u64,
    /// When its current entry began.
    pub entered: Ms,
    /// The run of its current entry.
    pub run: usize,
    /// The activity it is on (or was last on).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activity: Option<String>,
    pub place: Place,
    /// When it took that place.
    pub since: Ms,
    /// While WAITING: when it moves on, what it waits for, and the order it became due in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<(Ms, Hold, u64)>,
    /// The messages of its current entry, by message activity id.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub messages: BTreeMap<String, String>,
    /// When this journey sent it a message, every entry included (for the caps).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sent: Vec<Ms>,
}

impl Participant {
    pub fn is_active(&self) -> bool {
        self.place == Place::WAITING
    }

    /// Messages this journey sent it in the `window` ending at `at` (an instant exactly
    /// `window` earlier is outside).
    pub fn sent_within(&self, at: Ms, window: TimeDelta) -> u64 {
        let from = at - window.num_milliseconds();
        self.sent.iter().filter(|t| **t > from && **t <= at).count() as u64
    }
}

impl Progress {
    pub fn is_empty(&self) -> bool {
        *self == Progress::default()
    }

    /// Participants in the journey now.
    pub fn active(&self) -> usize {
        self.participants.values().filter(|p| p.is_active()).count()
    }

    pub fn next_seq(&mut self) -> u64 {
        self.seq += 1;
        self.seq
    }

    /// When the earliest waiting participant is due.
    pub fn next_release(&self) -> Option<Ms> {
        self.participants
            .values()
            .filter_map(|p| p.due.map(|d| d.0))
            .min()
    }
}
