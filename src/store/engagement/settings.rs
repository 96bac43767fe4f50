//! Application settings (docs/behaviour.md#application-settings): every app has them from its
//! creation; an update replaces each top-level member it sends and keeps the others.

use serde::{Deserialize, Serialize};

use crate::store::{Scope, Store, StoreError, StoreResult};

/// `CampaignHook`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CampaignHook {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lambda_function_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub web_url: Option<String>,
}

/// `CampaignLimits`, as the app's default limits.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CampaignLimits {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub daily: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maximum_duration: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub messages_per_second: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<i64>,
}

/// `QuietTime`: `HH:MM` in 24-hour time.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct QuietTime {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
}

/// `JourneyTimeframeCap`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TimeframeCap {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cap: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days: Option<i64>,
}

/// `ApplicationSettingsJourneyLimits`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct JourneyLimits {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub daily_cap: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeframe_cap: Option<TimeframeCap>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_cap: Option<i64>,
}

/// `WriteApplicationSettingsRequest`: each member sent replaces the stored one.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SettingsWrite {
    pub campaign_hook: Option<CampaignHook>,
    pub cloud_watch_metrics_enabled: Option<bool>,
    pub event_tagging_enabled: Option<bool>,
    pub limits: Option<CampaignLimits>,
    pub quiet_time: Option<QuietTime>,
    pub journey_limits: Option<JourneyLimits>,
}

/// An app's settings as kept (the state file's `Settings`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Settings {
    #[serde(default)]
    pub campaign_hook: CampaignHook,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cloud_watch_metrics_enabled: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_tagging_enabled: Option<bool>,
    #[serde(default)]
    pub limits: CampaignLimits,
    #[serde(default)]
    pub quiet_time: QuietTime,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub journey_limits: Option<JourneyLimits>,
    /// Unset until the first update: the answer then shows the app's creation date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified_date: Option<String>,
}

impl Settings {
    /// True when nothing was ever written.
    pub fn is_default(&self) -> bool {
        *self == Self::default()
    }
}

/// `ApplicationSettingsResource`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SettingsResource {
    pub application_id: String,
    pub campaign_hook: CampaignHook,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub journey_limits: Option<JourneyLimits>,
    pub last_modified_date: String,
    pub limits: CampaignLimits,
    pub quiet_time: QuietTime,
}

fn range(member: &str, v: Option<i64>, lo: i64, hi: i64) -> StoreResult<()> {
    match v {
        Some(n) if !(lo..=hi).contains(&n) => Err(StoreError::invalid(format!(
            "Invalid {member} {n}: it must be {lo} to {hi}"
        ))),
        _ => Ok(()),
    }
}

/// Is `s` a 24-hour `HH:MM` time?
pub fn is_hh_mm(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 5
        && b[2] == b':'
        && s[..2].parse::<u8>().is_ok_and(|h| h < 24)
        && s[3..].parse::<u8>().is_ok_and(|m| m < 60)
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 2 || c.is_ascii_digit())
}

/// Checks `Limits`, an app's defaults or a campaign's own: `Daily`, `Total` and `Session` 0–100,
/// `MessagesPerSecond` 1–20,000, `MaximumDuration` at least 60 (docs/behaviour.md#application-settings,
/// docs/behaviour.md#campaign-rules).
pub fn check_limits(l: &CampaignLimits) -> StoreResult<()> {
    range("Limits.Daily", l.daily, 0, 100)?;
    range("Limits.Total", l.total, 0, 100)?;
    range("Limits.Session", l.session, 0, 100)?;
    range("Limits.MessagesPerSecond", l.messages_per_second, 1, 20_000)?;
    range("Limits.MaximumDuration", l.maximum_duration, 60, i64::MAX)
}

/// Checks a WriteApplicationSettingsRequest (docs/behaviour.md#application-settings).
fn check(w: &SettingsWrite) -> StoreResult<()> {
    if let Some(l) = &w.limits {
        check_limits(l)?;
    }
    if let Some(q) = &w.quiet_time {
        for (member, v) in [("QuietTime.Start", &q.start), ("QuietTime.End", &q.end)] {
            if let Some(v) = v.as_deref().filter(|v| !is_hh_mm(v)) {
                return Err(StoreError::invalid(format!(
                    "Invalid {member} {v:?}: a 24-hour time HH:MM"
                )));
            }
        }
    }
    if let Some(mode) = w.campaign_hook.as_ref().and_then(|h| h.mode.as_deref()) {
        if !["DELIVERY", "FILTER"].contains(&mode) {
            return Err(StoreError::invalid(format!(
                "Invalid CampaignHook.Mode {mode:?}: must be one of DELIVERY, FILTER"
            )));
        }
    }
    if let Some(j) = &w.journey_limits {
        range("JourneyLimits.DailyCap", j.daily_cap, 0, 100)?;
        range("JourneyLimits.TotalCap", j.total_cap, 0, 100)?;
        if let Some(t) = &j.timeframe_cap {
            range("JourneyLimits.TimeframeCap.Cap", t.cap, 0, 100)?;
            range("JourneyLimits.TimeframeCap.Days", t.days, 0, 30)?;
        }
    }
    Ok(())
}

impl Store {
    fn settings_resource(app_id: &str, created: &str, s: &Settings) -> SettingsResource {
        SettingsResource {
            application_id: app_id.to_string(),
            campaign_hook: s.campaign_hook.clone(),
            journey_limits: s.journey_limits.clone(),
            last_modified_date: s
                .last_modified_date
                .clone()
                .unwrap_or_else(|| created.to_string()),
            limits: s.limits.clone(),
            quiet_time: s.quiet_time.clone(),
        }
    }

    /// GetApplicationSettings.
    pub fn settings(&self, scope: &Scope, app_id: &str) -> StoreResult<SettingsResource> {
        let app = self.app(scope, app_id)?;
        let data = app.read();
        Ok(Self::settings_resource(
            app_id,
            &app.meta.creation_date,
            data.settings(),
        ))
    }

    /// UpdateApplicationSettings: member-wise replace, then the resource.
    pub fn update_settings(
        &self,
        scope: &Scope,
        app_id: &str,
        w: SettingsWrite,
    ) -> StoreResult<SettingsResource> {
        check(&w)?;
        let app = self.app(scope, app_id)?;
        let mut data = app.data.write();
        let s = data.settings_mut();
        if let Some(v) = w.campaign_hook {
            s.campaign_hook = v;
        }
        if let Some(v) = w.limits {
            s.limits = v;
        }
        if let Some(v) = w.quiet_time {
            s.quiet_time = v;
        }
        if let Some(v) = w.journey_limits {
            s.journey_limits = Some(v);
        }
        s.cloud_watch_metrics_enabled = w
            .cloud_watch_metrics_enabled
            .or(s.cloud_watch_metrics_enabled);
        s.event_tagging_enabled = w.event_tagging_enabled.or(s.event_tagging_enabled);
        s.last_modified_date = Some(self.now_iso(scope));
        let out = Self::settings_resource(app_id, &app.meta.creation_date, s);
        drop(data);
        self.touch();
        Ok(out)
    }
}
