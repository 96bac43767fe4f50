//! Campaigns (docs/behaviour.md#campaigns): versioned like segments, kept per app as the
//! model's `WriteCampaignRequest` each version was written as, their status computed from the
//! schedule and the clock, and delivered to their segment's members through the SendMessages
//! rules when they are due ([`run`]).

pub mod custom;
mod in_app;
pub mod local;
pub(crate) mod message;
mod ops;
pub mod pacing;
pub mod run;
pub mod schedule;
mod send_records;
mod step;
pub mod trigger;
mod validate;

pub use schedule::{next_run, states, States, Treatment};
pub use validate::{system_filter, validate, TIMEZONES};

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::model::WriteCampaignRequest;
use crate::store::infra::versions::Versions;

/// One version of a campaign: the WriteCampaignRequest as written (its `tags` aside, which
/// belong to the campaign), with the segment version it targets. In a state file `Body` is the
/// request's JSON, as it always was.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CampaignVersion {
    pub body: WriteCampaignRequest,
    pub segment_version: u32,
    pub last_modified_date: String,
}

impl CampaignVersion {
    /// How many treatments this version has: the default one and its `AdditionalTreatments`.
    /// `DefaultState` is answered only when there is more than one
    /// (docs/behaviour.md#campaign-versions).
    pub fn treatments(&self) -> usize {
        1 + self.body.additional_treatments.as_ref().map_or(0, Vec::len)
    }

    /// The segment this version targets.
    pub fn segment_id(&self) -> &str {
        self.body.segment_id.as_deref().unwrap_or_default()
    }

    /// Whether this version is event-triggered (`Frequency` `EVENT`).
    pub fn on_events(&self) -> bool {
        let f = self.body.schedule.as_ref().and_then(|s| s.frequency);
        f == Some(crate::model::Frequency::Event)
    }

    /// Whether this version is paused.
    pub fn is_paused(&self) -> bool {
        self.body.is_paused == Some(true)
    }
}

/// One run of one treatment of a campaign (docs/behaviour.md#campaign-activities). Activities
/// of state files written before treatments ran have no `TreatmentId` (they were the default
/// treatment's) and no `ExecutionMetrics`; those written before local-time runs have no zone
/// counts (1 and 1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Activity {
    pub id: String,
    #[serde(default = "default_treatment")]
    pub treatment_id: String,
    pub scheduled_start: String,
    pub start: String,
    /// When the last message or zone was done; none while RUNNING.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
    /// Endpoints targeted: segment members of the treatment that no exclusion removed.
    pub total_endpoint_count: u64,
    /// Messages logged.
    pub successful_endpoint_count: u64,
    /// Counts by ExecutionMetrics key (`ENDPOINT_PRODUCED`, `TREATMENT_HOLDOUT`, …).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub execution_metrics: BTreeMap<String, u64>,
    /// Time zones of the run: distinct zones of the targeted endpoints in a local-time run, 1
    /// otherwise.
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub timezones_total_count: u64,
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub timezones_completed_count: u64,
    /// The zone steps still to come, earliest first: the activity is RUNNING while there are.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub zones: Vec<local::ZoneStep>,
}

impl Activity {
    /// Whether the run has started in at least one zone and not finished in all: a zone is done,
    /// or the first one left is due at `now`.
    pub fn is_executing(&self, now: chrono::DateTime<chrono::Utc>) -> bool {
        let first_due = self.zones.first().and_then(local::ZoneStep::due);
        first_due.is_some_and(|t| self.timezones_completed_count > 0 || t <= now)
    }
}

fn default_treatment() -> String {
    "0".to_string()
}

fn one() -> u64 {
    1
}

fn is_one(n: &u64) -> bool {
    *n == 1
}

/// A campaign: every version, its deliveries and tags.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Campaign {
    pub id: String,
    pub creation_date: String,
    pub versions: Versions<CampaignVersion>,
    #[serde(rename = "tags", default)]
    pub tags: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub activities: Vec<Activity>,
    /// The ScheduledStart of the last run made, by treatment id. A treatment missing here (a
    /// state file from before it was kept) reads its newest activity's.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub last_runs: BTreeMap<String, String>,
    /// What the campaign sent to each endpoint, for its Daily and Total limits.
    #[serde(default, skip_serializing_if = "pacing::SendBook::is_empty")]
    pub book: pacing::SendBook,
}

impl Campaign {
    /// When treatment `id` last ran, if it has.
    pub fn last_run(&self, id: &str) -> Option<chrono::DateTime<chrono::Utc>> {
        let from_activities = || {
            self.activities
                .iter()
                .filter(|a| a.treatment_id == id)
                .filter_map(|a| crate::time::parse_iso8601(&a.scheduled_start))
                .max()
        };
        match self.last_runs.get(id) {
            Some(t) => crate::time::parse_iso8601(t),
            None => from_activities(),
        }
    }
}

/// `CampaignStatus`. EXECUTING: a local-time run has started in at least one time zone and
/// not finished in all. INVALID is never produced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[allow(non_camel_case_types)]
pub enum Status {
    SCHEDULED,
    EXECUTING,
    PENDING_NEXT_RUN,
    COMPLETED,
    PAUSED,
    DELETED,
}
