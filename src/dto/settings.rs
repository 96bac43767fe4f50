//! Application settings between the store and the wire: `WriteApplicationSettingsRequest` in,
//! `ApplicationSettingsResource` out.
//! <https://docs.aws.amazon.com/pinpoint/latest/apireference/apps-application-id-settings.html>

use crate::model::{self, Mode};
use crate::store::engagement::settings::{
    CampaignHook, CampaignLimits, JourneyLimits, QuietTime, SettingsResource, SettingsWrite,
    TimeframeCap,
};

/// The request as a store update: each member sent replaces the stored one.
pub fn settings_write(w: model::WriteApplicationSettingsRequest) -> SettingsWrite {
    SettingsWrite {
        campaign_hook: w.campaign_hook.map(|h| CampaignHook {
            lambda_function_name: h.lambda_function_name,
            mode: h.mode.map(|m| m.as_str().to_string()),
            web_url: h.web_url,
        }),
        cloud_watch_metrics_enabled: w.cloud_watch_metrics_enabled,
        event_tagging_enabled: w.event_tagging_enabled,
        limits: w.limits.map(campaign_limits),
        quiet_time: w.quiet_time.map(|q| QuietTime {
            end: q.end,
            start: q.start,
        }),
        journey_limits: w.journey_limits.map(|j| JourneyLimits {
            daily_cap: j.daily_cap.map(i64::from),
            timeframe_cap: j.timeframe_cap.map(|t| TimeframeCap {
                cap: t.cap.map(i64::from),
                days: t.days.map(i64::from),
            }),
            total_cap: j.total_cap.map(i64::from),
        }),
    }
}

/// `CampaignLimits` as the store keeps them.
pub fn campaign_limits(l: model::CampaignLimits) -> CampaignLimits {
    CampaignLimits {
        daily: l.daily.map(i64::from),
        maximum_duration: l.maximum_duration.map(i64::from),
        messages_per_second: l.messages_per_second.map(i64::from),
        session: l.session.map(i64::from),
        total: l.total.map(i64::from),
    }
}

/// A stored count on the wire (the store has checked its range; the model's integers are
/// 32-bit).
fn int(n: Option<i64>) -> Option<i32> {
    n.map(|n| n.clamp(i32::MIN.into(), i32::MAX.into()) as i32)
}

/// `ApplicationSettingsResource`: the hook, limits and quiet time always (empty when never
/// set), the journey limits when set.
pub fn settings_resource(r: SettingsResource) -> model::ApplicationSettingsResource {
    let l = r.limits;
    model::ApplicationSettingsResource {
        application_id: Some(r.application_id),
        campaign_hook: Some(model::CampaignHook {
            lambda_function_name: r.campaign_hook.lambda_function_name,
            mode: r.campaign_hook.mode.as_deref().and_then(mode),
            web_url: r.campaign_hook.web_url,
        }),
        journey_limits: r
            .journey_limits
            .map(|j| model::ApplicationSettingsJourneyLimits {
                daily_cap: int(j.daily_cap),
                timeframe_cap: j.timeframe_cap.map(|t| model::JourneyTimeframeCap {
                    cap: int(t.cap),
                    days: int(t.days),
                }),
                total_cap: int(j.total_cap),
            }),
        last_modified_date: Some(r.last_modified_date),
        limits: Some(model::CampaignLimits {
            daily: int(l.daily),
            maximum_duration: int(l.maximum_duration),
            messages_per_second: int(l.messages_per_second),
            session: int(l.session),
            total: int(l.total),
        }),
        quiet_time: Some(model::QuietTime {
            end: r.quiet_time.end,
            start: r.quiet_time.start,
        }),
    }
}

/// A stored hook mode (the store has checked it is one of the model's).
fn mode(s: &str) -> Option<Mode> {
    [Mode::Delivery, Mode::Filter]
        .into_iter()
        .find(|m| m.as_str() == s)
}
