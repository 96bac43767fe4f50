//! The dashboard's view of an app's campaigns and their runs (docs/behaviour.md#dashboard-campaigns):
//! each campaign's latest version, its status now on the scope's clock, and its newest
//! activities. An activity's members come from the same conversion GetCampaignActivities
//! answers with ([`activity_response`]), so the page shows exactly what a client reads; only
//! the members the page needs are kept.

use serde::Serialize;

use crate::dto::campaigns::activity_response;
use crate::model::Frequency;
use crate::paging::{cut, Page};
use crate::store::engagement::campaigns::{Campaign, Status};
use crate::store::{Scope, Store, StoreResult};

use super::Listing;

/// One run (activity) of a campaign, as GetCampaignActivities answers it, cut to what the
/// dashboard shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RunRow {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scheduled_start: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub treatment_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_endpoint_count: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub successful_endpoint_count: Option<i32>,
}

/// One campaign with its status now and its newest runs.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CampaignRuns {
    pub campaign_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub version: u32,
    pub status: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub frequency: Option<Frequency>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_time: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_time: Option<String>,
    pub creation_date: String,
    /// How many runs the campaign has had in all.
    pub activity_count: usize,
    /// The newest runs, newest first.
    pub activities: Vec<RunRow>,
}

impl CampaignRuns {
    fn of(app_id: &str, c: &Campaign, status: Status, runs: usize) -> Self {
        let (version, latest) = c.versions.latest();
        let schedule = latest.body.schedule.as_ref();
        let activities = c
            .activities
            .iter()
            .rev()
            .take(runs)
            .map(|a| {
                let r = activity_response(app_id, &c.id, a);
                RunRow {
                    id: r.id,
                    scheduled_start: r.scheduled_start,
                    treatment_id: r.treatment_id,
                    state: r.state,
                    total_endpoint_count: r.total_endpoint_count,
                    successful_endpoint_count: r.successful_endpoint_count,
                }
            })
            .collect();
        Self {
            campaign_id: c.id.clone(),
            name: latest.body.name.clone(),
            version,
            status,
            frequency: schedule.and_then(|s| s.frequency),
            start_time: schedule.and_then(|s| s.start_time.clone()),
            end_time: schedule.and_then(|s| s.end_time.clone()),
            creation_date: c.creation_date.clone(),
            activity_count: c.activities.len(),
            activities,
        }
    }
}

impl Store {
    /// One page of an app's campaigns, oldest first (ties by id), each with its status on the
    /// scope's clock and its newest `runs` activities. Only the page's campaigns are copied.
    pub fn campaign_runs(
        &self,
        scope: &Scope,
        app_id: &str,
        size: usize,
        after: Option<&str>,
        runs: usize,
    ) -> StoreResult<Listing<CampaignRuns>> {
        self.read_app(scope, app_id, |data| {
            let keyed: Vec<(String, &Campaign)> = data
                .campaigns()
                .values()
                .map(|c| (format!("{}\u{1}{}", c.creation_date, c.id), c))
                .collect();
            let count = keyed.len();
            let page = cut(keyed, size, after, |(k, _)| k.as_str());
            let items = page
                .items
                .into_iter()
                .map(|(_, c)| {
                    let status = self.campaign_states(scope, data, c).campaign;
                    CampaignRuns::of(app_id, c, status, runs)
                })
                .collect();
            Listing {
                page: Page {
                    items,
                    next_token: page.next_token,
                },
                count,
            }
        })
    }
}
