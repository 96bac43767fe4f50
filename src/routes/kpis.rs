//! The date-range KPIs of an app, a campaign or a journey, and a journey's runs and execution
//! metrics. One store rule serves the three KPI operations (`Store::kpi`) and one the four
//! execution-metrics operations (`Store::journey_metrics`); each operation has its own thin
//! handler. A journey's metrics count what its runs did (docs/behaviour.md#journey-runs).
//! <https://docs.aws.amazon.com/pinpoint/latest/apireference/apps-application-id-kpis-daterange-kpi-name.html>

use crate::dto::journeys::{journey_run_response, kpi_result};
use crate::error::ApiError;
use crate::model::{
    ApplicationDateRangeKpiResponse, CampaignDateRangeKpiResponse,
    GetApplicationDateRangeKpiRequest, GetApplicationDateRangeKpiResponse,
    GetCampaignDateRangeKpiRequest, GetCampaignDateRangeKpiResponse, GetJourneyDateRangeKpiRequest,
    GetJourneyDateRangeKpiResponse, GetJourneyExecutionActivityMetricsRequest,
    GetJourneyExecutionActivityMetricsResponse, GetJourneyExecutionMetricsRequest,
    GetJourneyExecutionMetricsResponse, GetJourneyRunExecutionActivityMetricsRequest,
    GetJourneyRunExecutionActivityMetricsResponse, GetJourneyRunExecutionMetricsRequest,
    GetJourneyRunExecutionMetricsResponse, GetJourneyRunsRequest, GetJourneyRunsResponse,
    JourneyDateRangeKpiResponse, JourneyExecutionActivityMetricsResponse,
    JourneyExecutionMetricsResponse, JourneyRunExecutionActivityMetricsResponse,
    JourneyRunExecutionMetricsResponse, JourneyRunsResponse,
};
use crate::protocol::Ctx;
use crate::store::engagement::kpis::{KpiAnswer, KpiSubject};
use crate::{paging, AppState};

/// One KPI of `subject`, over the range the query asks for. `next-token` and `page-size` are
/// accepted: every result fits one page.
fn kpi(
    st: &AppState,
    ctx: &Ctx,
    app_id: &str,
    subject: KpiSubject<'_>,
    name: &str,
    (start, end): (Option<&str>, Option<&str>),
) -> Result<KpiAnswer, ApiError> {
    Ok(st
        .store
        .kpi(&ctx.scope, app_id, subject, name, start, end)?)
}

pub async fn get_application_date_range_kpi(
    st: AppState,
    ctx: Ctx,
    i: GetApplicationDateRangeKpiRequest,
) -> Result<GetApplicationDateRangeKpiResponse, ApiError> {
    let range = (i.start_time.as_deref(), i.end_time.as_deref());
    let a = kpi(
        &st,
        &ctx,
        &i.application_id,
        KpiSubject::App,
        &i.kpi_name,
        range,
    )?;
    Ok(GetApplicationDateRangeKpiResponse {
        application_date_range_kpi_response: ApplicationDateRangeKpiResponse {
            application_id: Some(i.application_id),
            end_time: Some(a.end),
            kpi_name: Some(i.kpi_name),
            kpi_result: Some(kpi_result(a.rows)),
            next_token: None,
            start_time: Some(a.start),
        },
    })
}

pub async fn get_campaign_date_range_kpi(
    st: AppState,
    ctx: Ctx,
    i: GetCampaignDateRangeKpiRequest,
) -> Result<GetCampaignDateRangeKpiResponse, ApiError> {
    let range = (i.start_time.as_deref(), i.end_time.as_deref());
    let subject = KpiSubject::Campaign(&i.campaign_id);
    let a = kpi(&st, &ctx, &i.application_id, subject, &i.kpi_name, range)?;
    Ok(GetCampaignDateRangeKpiResponse {
        campaign_date_range_kpi_response: CampaignDateRangeKpiResponse {
            application_id: Some(i.application_id),
            campaign_id: Some(i.campaign_id),
            end_time: Some(a.end),
            kpi_name: Some(i.kpi_name),
            kpi_result: Some(kpi_result(a.rows)),
            next_token: None,
            start_time: Some(a.start),
        },
    })
}

pub async fn get_journey_date_range_kpi(
    st: AppState,
    ctx: Ctx,
    i: GetJourneyDateRangeKpiRequest,
) -> Result<GetJourneyDateRangeKpiResponse, ApiError> {
    let range = (i.start_time.as_deref(), i.end_time.as_deref());
    let subject = KpiSubject::Journey(&i.journey_id);
    let a = kpi(&st, &ctx, &i.application_id, subject, &i.kpi_name, range)?;
    Ok(GetJourneyDateRangeKpiResponse {
        journey_date_range_kpi_response: JourneyDateRangeKpiResponse {
            application_id: Some(i.application_id),
            end_time: Some(a.end),
            journey_id: Some(i.journey_id),
            kpi_name: Some(i.kpi_name),
            kpi_result: Some(kpi_result(a.rows)),
            next_token: None,
            start_time: Some(a.start),
        },
    })
}

pub async fn get_journey_execution_metrics(
    st: AppState,
    ctx: Ctx,
    i: GetJourneyExecutionMetricsRequest,
) -> Result<GetJourneyExecutionMetricsResponse, ApiError> {
    let m = st
        .store
        .journey_metrics(&ctx.scope, &i.application_id, &i.journey_id, None, None)?;
    Ok(GetJourneyExecutionMetricsResponse {
        journey_execution_metrics_response: JourneyExecutionMetricsResponse {
            application_id: Some(i.application_id),
            journey_id: Some(i.journey_id),
            last_evaluated_time: Some(m.last_evaluated_time),
            metrics: Some(m.metrics),
        },
    })
}

pub async fn get_journey_execution_activity_metrics(
    st: AppState,
    ctx: Ctx,
    i: GetJourneyExecutionActivityMetricsRequest,
) -> Result<GetJourneyExecutionActivityMetricsResponse, ApiError> {
    let activity = Some(i.journey_activity_id.as_str());
    let m =
        st.store
            .journey_metrics(&ctx.scope, &i.application_id, &i.journey_id, None, activity)?;
    Ok(GetJourneyExecutionActivityMetricsResponse {
        journey_execution_activity_metrics_response: JourneyExecutionActivityMetricsResponse {
            activity_type: m.activity_type.map(str::to_string),
            application_id: Some(i.application_id),
            journey_activity_id: Some(i.journey_activity_id),
            journey_id: Some(i.journey_id),
            last_evaluated_time: Some(m.last_evaluated_time),
            metrics: Some(m.metrics),
        },
    })
}

pub async fn get_journey_run_execution_metrics(
    st: AppState,
    ctx: Ctx,
    i: GetJourneyRunExecutionMetricsRequest,
) -> Result<GetJourneyRunExecutionMetricsResponse, ApiError> {
    let run = Some(i.run_id.as_str());
    let m = st
        .store
        .journey_metrics(&ctx.scope, &i.application_id, &i.journey_id, run, None)?;
    Ok(GetJourneyRunExecutionMetricsResponse {
        journey_run_execution_metrics_response: JourneyRunExecutionMetricsResponse {
            application_id: Some(i.application_id),
            journey_id: Some(i.journey_id),
            last_evaluated_time: Some(m.last_evaluated_time),
            metrics: Some(m.metrics),
            run_id: Some(i.run_id),
        },
    })
}

pub async fn get_journey_run_execution_activity_metrics(
    st: AppState,
    ctx: Ctx,
    i: GetJourneyRunExecutionActivityMetricsRequest,
) -> Result<GetJourneyRunExecutionActivityMetricsResponse, ApiError> {
    let (run, activity) = (
        Some(i.run_id.as_str()),
        Some(i.journey_activity_id.as_str()),
    );
    let m =
        st.store
            .journey_metrics(&ctx.scope, &i.application_id, &i.journey_id, run, activity)?;
    Ok(GetJourneyRunExecutionActivityMetricsResponse {
        journey_run_execution_activity_metrics_response:
            JourneyRunExecutionActivityMetricsResponse {
                activity_type: m.activity_type.map(str::to_string),
                application_id: Some(i.application_id),
                journey_activity_id: Some(i.journey_activity_id),
                journey_id: Some(i.journey_id),
                last_evaluated_time: Some(m.last_evaluated_time),
                metrics: Some(m.metrics),
                run_id: Some(i.run_id),
            },
    })
}

pub async fn get_journey_runs(
    st: AppState,
    ctx: Ctx,
    i: GetJourneyRunsRequest,
) -> Result<GetJourneyRunsResponse, ApiError> {
    let runs = st
        .store
        .journey_runs(&ctx.scope, &i.application_id, &i.journey_id)?;
    let page = paging::page(runs, i.page_size.as_deref(), i.token.as_deref(), |r| {
        r.run_id.clone()
    })?;
    Ok(GetJourneyRunsResponse {
        journey_runs_response: JourneyRunsResponse {
            item: Some(page.items.into_iter().map(journey_run_response).collect()),
            next_token: page.next_token,
        },
    })
}
