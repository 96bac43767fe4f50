//! Campaigns (docs/behaviour.md#campaigns): versioned like segments, kept per app as the
//! model's `WriteCampaignRequest` each version was written as, their status computed from the
//! schedule and the clock, and delivered to their segment's members through the SendMessages
//! rules when they are due ([`run`]).

mod in_app;
mod ops;
pub mod pacing;
pub mod run;
pub mod trigger;
mod validate;

pub use validate::{validate, TIMEZONES};

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::model::{Frequency, WriteCampaignRequest};
use crate::store::infra::versions::Versions;
use crate::time;

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

    /// Whether this version is paused.
    pub fn is_paused(&self) -> bool {
        self.body.is_paused == Some(true)
    }
}

/// One delivery of a campaign.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Activity {
    pub id: String,
    pub scheduled_start: String,
    pub start: String,
    pub end: String,
    pub total_endpoint_count: u64,
    pub successful_endpoint_count: u64,
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
}

/// `CampaignStatus`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[allow(non_camel_case_types)]
pub enum Status {
    SCHEDULED,
    PENDING_NEXT_RUN,
    COMPLETED,
    PAUSED,
    DELETED,
}

/// The schedule members the rules read.
#[derive(Debug, Clone)]
pub struct Schedule {
    /// `None` for `IMMEDIATE`.
    pub start: Option<DateTime<Utc>>,
    pub end: Option<DateTime<Utc>>,
    pub frequency: Frequency,
}

impl Schedule {
    /// The schedule of a stored version (checked on write).
    pub fn of(body: &WriteCampaignRequest) -> Schedule {
        let s = body.schedule.as_ref();
        let time = |t: Option<&String>| t.and_then(|t| time::parse_iso8601(t));
        Schedule {
            start: time(s.and_then(|s| s.start_time.as_ref())),
            end: time(s.and_then(|s| s.end_time.as_ref())),
            frequency: s.and_then(|s| s.frequency).unwrap_or(Frequency::Once),
        }
    }

    /// How long between runs of a recurring campaign.
    pub fn period(&self) -> Option<chrono::Duration> {
        match self.frequency {
            Frequency::Hourly => Some(chrono::Duration::hours(1)),
            Frequency::Daily => Some(chrono::Duration::days(1)),
            Frequency::Weekly => Some(chrono::Duration::weeks(1)),
            Frequency::Monthly => Some(chrono::Duration::days(30)),
            _ => None,
        }
    }

    /// Whether the campaign runs on events rather than on a clock.
    pub fn on_events(&self) -> bool {
        matches!(self.frequency, Frequency::Event | Frequency::InAppEvent)
    }
}

/// The status of a campaign version at `now` (docs/behaviour.md#campaign-status).
pub fn status(
    v: &CampaignVersion,
    created: DateTime<Utc>,
    now: DateTime<Utc>,
    segment_exists: bool,
) -> Status {
    if !segment_exists {
        return Status::DELETED;
    }
    if v.is_paused() {
        return Status::PAUSED;
    }
    let s = Schedule::of(&v.body);
    let start = s.start.unwrap_or(created);
    if start > now {
        return Status::SCHEDULED;
    }
    let ended = s.end.is_some_and(|e| e <= now);
    if s.on_events() {
        return if ended {
            Status::COMPLETED
        } else {
            Status::SCHEDULED
        };
    }
    match s.period() {
        Some(_) if !ended => Status::PENDING_NEXT_RUN,
        _ => Status::COMPLETED,
    }
}
