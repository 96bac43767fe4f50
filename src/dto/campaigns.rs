//! Campaigns between the store and the wire: a stored version as the model's
//! `CampaignResponse`, a delivery as its `ActivityResponse`, and a live in-app campaign as its
//! `InAppMessageCampaign`.
//! <https://docs.aws.amazon.com/pinpoint/latest/apireference/apps-application-id-campaigns.html>

use crate::model::{
    ActivityResponse, CampaignResponse, CampaignState, CampaignStatus, InAppCampaignSchedule,
    InAppMessage, InAppMessageCampaign, TreatmentResource,
};
use crate::store::engagement::campaigns::run::METRICS;
use crate::store::engagement::campaigns::{Activity, Campaign, States, Status};
use crate::store::Scope;

/// The model's `CampaignState` of a status.
fn state(status: Status) -> CampaignState {
    CampaignState {
        campaign_status: Some(match status {
            Status::SCHEDULED => CampaignStatus::Scheduled,
            Status::EXECUTING => CampaignStatus::Executing,
            Status::PENDING_NEXT_RUN => CampaignStatus::PendingNextRun,
            Status::COMPLETED => CampaignStatus::Completed,
            Status::PAUSED => CampaignStatus::Paused,
            Status::DELETED => CampaignStatus::Deleted,
        }),
    }
}

/// `CampaignResponse` of version `n`: the version as written, its treatments numbered from 1,
/// the defaults of the members it leaves out, and the campaign's identity, statuses (the
/// campaign's, each treatment's, and the default treatment's when there is more than one) and
/// tags.
pub fn campaign_response(
    scope: &Scope,
    app_id: &str,
    c: &Campaign,
    n: u32,
    states: &States,
) -> CampaignResponse {
    let v = &c.versions[n];
    let b = v.body.clone();
    let treatments = b
        .additional_treatments
        .unwrap_or_default()
        .into_iter()
        .enumerate()
        .map(|(i, t)| TreatmentResource {
            custom_delivery_configuration: t.custom_delivery_configuration,
            id: Some((i + 1).to_string()),
            message_configuration: t.message_configuration,
            schedule: t.schedule,
            size_percent: t.size_percent,
            state: Some(state(states.of(i + 1))),
            template_configuration: t.template_configuration,
            treatment_description: t.treatment_description,
            treatment_name: t.treatment_name,
        })
        .collect();
    CampaignResponse {
        additional_treatments: Some(treatments),
        application_id: Some(app_id.to_string()),
        arn: Some(format!("{}/campaigns/{}", scope.app_arn(app_id), c.id)),
        creation_date: Some(c.creation_date.clone()),
        custom_delivery_configuration: b.custom_delivery_configuration,
        default_state: (v.treatments() > 1).then(|| state(states.of(0))),
        description: b.description,
        holdout_percent: Some(b.holdout_percent.unwrap_or(0)),
        hook: b.hook,
        id: Some(c.id.clone()),
        is_paused: Some(b.is_paused.unwrap_or(false)),
        last_modified_date: Some(v.last_modified_date.clone()),
        limits: b.limits,
        message_configuration: b.message_configuration,
        name: b.name,
        priority: b.priority,
        schedule: b.schedule,
        segment_id: b.segment_id,
        segment_version: Some(i32::try_from(v.segment_version).unwrap_or(i32::MAX)),
        state: Some(state(states.campaign)),
        template_configuration: Some(b.template_configuration.unwrap_or_default()),
        treatment_description: b.treatment_description,
        treatment_name: b.treatment_name,
        version: Some(i32::try_from(n).unwrap_or(i32::MAX)),
        tags: Some(c.tags.clone()),
    }
}

/// A count as the model's 32-bit integer.
fn count(n: u64) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

/// `ActivityResponse`: every ExecutionMetrics key as a decimal string (0 when the activity has
/// no count for it), Result FAIL when endpoints were targeted and none was sent to, State
/// RUNNING (and no End) while a local-time run has zones left.
pub fn activity_response(app_id: &str, campaign_id: &str, a: &Activity) -> ActivityResponse {
    let metrics = METRICS
        .iter()
        .map(|k| {
            let n = a.execution_metrics.get(*k).copied().unwrap_or(0);
            (k.to_string(), n.to_string())
        })
        .collect();
    let failed = a.total_endpoint_count > 0 && a.successful_endpoint_count == 0;
    ActivityResponse {
        application_id: Some(app_id.to_string()),
        campaign_id: Some(campaign_id.to_string()),
        end: a.end.clone(),
        execution_metrics: Some(metrics),
        id: Some(a.id.clone()),
        result: Some(if failed { "FAIL" } else { "SUCCESS" }.into()),
        scheduled_start: Some(a.scheduled_start.clone()),
        start: Some(a.start.clone()),
        state: Some(
            if a.zones.is_empty() {
                "COMPLETED"
            } else {
                "RUNNING"
            }
            .into(),
        ),
        successful_endpoint_count: Some(count(a.successful_endpoint_count)),
        timezones_completed_count: Some(count(a.timezones_completed_count)),
        timezones_total_count: Some(count(a.timezones_total_count)),
        total_endpoint_count: Some(count(a.total_endpoint_count)),
        treatment_id: Some(a.treatment_id.clone()),
    }
}

/// A live in-app campaign (its latest version) as the model's `InAppMessageCampaign`: its
/// in-app message, caps (0 when not set), priority and the schedule members an SDK reads.
pub fn in_app_message_campaign(c: &Campaign) -> InAppMessageCampaign {
    let b = &c.versions.latest().1.body;
    let limits = b.limits.clone().unwrap_or_default();
    let msg = b
        .message_configuration
        .as_ref()
        .and_then(|m| m.in_app_message.clone())
        .unwrap_or_default();
    let schedule = b.schedule.clone().unwrap_or_default();
    InAppMessageCampaign {
        campaign_id: Some(c.id.clone()),
        daily_cap: Some(limits.daily.unwrap_or(0)),
        in_app_message: Some(InAppMessage {
            content: msg.content,
            custom_config: msg.custom_config,
            layout: msg.layout,
        }),
        priority: Some(b.priority.unwrap_or(0)),
        schedule: Some(InAppCampaignSchedule {
            end_date: schedule.end_time,
            event_filter: schedule.event_filter,
            quiet_time: schedule.quiet_time,
        }),
        session_cap: Some(limits.session.unwrap_or(0)),
        total_cap: Some(limits.total.unwrap_or(0)),
        treatment_id: Some("0".into()),
    }
}
