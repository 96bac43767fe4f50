//! The date-range KPIs of an app, a campaign or a journey, and a journey's runs and execution
//! metrics.
//! <https://docs.aws.amazon.com/pinpoint/latest/apireference/apps-application-id-kpis-daterange-kpi-name.html>

use axum::extract::State;
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::error::ApiError;
use crate::paging::PageQuery;
use crate::protocol::{Ctx, Labels, PinpointQuery};
use crate::store::engagement::kpis::{activity_type, journey_runs, KpiSubject};
use crate::AppState;

/// The query of the date-range KPI operations. `next-token` and `page-size` are accepted: every
/// result fits one page.
#[derive(Debug, Deserialize)]
pub struct KpiQuery {
    #[serde(rename = "start-time")]
    start_time: Option<String>,
    #[serde(rename = "end-time")]
    end_time: Option<String>,
}

/// One KPI answer, with the subject's id member (`CampaignId`, `JourneyId`) when it has one.
fn kpi(
    st: &AppState,
    ctx: &Ctx,
    app_id: &str,
    subject: KpiSubject<'_>,
    name: &str,
    q: &KpiQuery,
) -> Result<Json<Value>, ApiError> {
    let a = st.store.kpi(
        &ctx.scope,
        app_id,
        subject,
        name,
        q.start_time.as_deref(),
        q.end_time.as_deref(),
    )?;
    let mut out = json!({
        "ApplicationId": app_id,
        "EndTime": a.end,
        "KpiName": name,
        "KpiResult": { "Rows": a.rows },
        "StartTime": a.start,
    });
    match subject {
        KpiSubject::App => {}
        KpiSubject::Campaign(id) => out["CampaignId"] = id.into(),
        KpiSubject::Journey(id) => out["JourneyId"] = id.into(),
    }
    Ok(Json(out))
}

pub async fn get_application_date_range_kpi(
    State(st): State<AppState>,
    ctx: Ctx,
    Labels((app_id, name)): Labels<(String, String)>,
    PinpointQuery(q): PinpointQuery<KpiQuery>,
) -> Result<Json<Value>, ApiError> {
    kpi(&st, &ctx, &app_id, KpiSubject::App, &name, &q)
}

pub async fn get_campaign_date_range_kpi(
    State(st): State<AppState>,
    ctx: Ctx,
    Labels((app_id, id, name)): Labels<(String, String, String)>,
    PinpointQuery(q): PinpointQuery<KpiQuery>,
) -> Result<Json<Value>, ApiError> {
    kpi(&st, &ctx, &app_id, KpiSubject::Campaign(&id), &name, &q)
}

pub async fn get_journey_date_range_kpi(
    State(st): State<AppState>,
    ctx: Ctx,
    Labels((app_id, id, name)): Labels<(String, String, String)>,
    PinpointQuery(q): PinpointQuery<KpiQuery>,
) -> Result<Json<Value>, ApiError> {
    kpi(&st, &ctx, &app_id, KpiSubject::Journey(&id), &name, &q)
}

/// The path labels of the journey metrics operations, by name (their order differs).
#[derive(Debug, Deserialize)]
pub struct JourneyLabels {
    #[serde(rename = "application-id")]
    app_id: String,
    #[serde(rename = "journey-id")]
    journey_id: String,
    #[serde(rename = "run-id")]
    run_id: Option<String>,
    #[serde(rename = "journey-activity-id")]
    activity_id: Option<String>,
}

/// A journey's execution metrics, of one run and of one activity when the path names them. The
/// emulator does not execute journeys: `Metrics` is empty.
pub async fn journey_metrics(
    State(st): State<AppState>,
    ctx: Ctx,
    Labels(l): Labels<JourneyLabels>,
) -> Result<Json<Value>, ApiError> {
    let (j, now) = st
        .store
        .journey_for_metrics(&ctx.scope, &l.app_id, &l.journey_id)?;
    let mut out = json!({
        "ApplicationId": l.app_id,
        "JourneyId": l.journey_id,
        "LastEvaluatedTime": now,
        "Metrics": {},
    });
    if let Some(run) = &l.run_id {
        if !journey_runs(&j).iter().any(|r| r.run_id == *run) {
            return Err(ApiError::not_found());
        }
        out["RunId"] = run.as_str().into();
    }
    if let Some(activity) = &l.activity_id {
        out["ActivityType"] = activity_type(&j, activity)?.into();
        out["JourneyActivityId"] = activity.as_str().into();
    }
    Ok(Json(out))
}

pub async fn get_journey_runs(
    State(st): State<AppState>,
    ctx: Ctx,
    Labels((app_id, id)): Labels<(String, String)>,
    PinpointQuery(q): PinpointQuery<PageQuery>,
) -> Result<Json<Value>, ApiError> {
    let j = st.store.journey(&ctx.scope, &app_id, &id)?;
    let page = q.page(journey_runs(&j), |r| r.run_id.clone())?;
    Ok(Json(page.to_listing()))
}
