//! Import and export jobs: create, get, and list per app or per segment. With `--s3-root`, an
//! import reads its files and an export writes its file under that folder.
//! <https://docs.aws.amazon.com/pinpoint/latest/apireference/apps-application-id-jobs-import.html>

use axum::extract::{MatchedPath, State};
use axum::Json;
use serde::Deserialize;
use serde_json::Value;

use crate::dto::endpoints::EndpointResponse;
use crate::error::ApiError;
use crate::paging::PageQuery;
use crate::protocol::{Ctx, Labels, PinpointJson, PinpointQuery};
use crate::store::resources::jobs::{ExportJobDefinition, ImportJobDefinition, Job};
use crate::store::StoreResult;
use crate::{s3, AppState};

/// `IMPORT` or `EXPORT`, from the route (`…/jobs/import…`, `…/jobs/export…`).
fn kind_of(route: &MatchedPath) -> &'static str {
    if route.as_str().contains("/jobs/import") {
        "IMPORT"
    } else {
        "EXPORT"
    }
}

pub async fn create_import_job(
    State(st): State<AppState>,
    ctx: Ctx,
    Labels(app_id): Labels<String>,
    PinpointJson(d): PinpointJson<ImportJobDefinition>,
) -> Result<Json<Value>, ApiError> {
    let job = off_the_runtime(move || {
        let root = st.config.s3_root.clone();
        st.store
            .create_import_job(&ctx.scope, &app_id, d, &ctx.request_id, |d| {
                let root = root.as_deref()?;
                Some(s3::read_import(root, &d.s3_url, &d.format))
            })
    })
    .await?;
    Ok(Json(job.as_created()))
}

pub async fn create_export_job(
    State(st): State<AppState>,
    ctx: Ctx,
    Labels(app_id): Labels<String>,
    PinpointJson(d): PinpointJson<ExportJobDefinition>,
) -> Result<Json<Value>, ApiError> {
    let job = off_the_runtime(move || {
        let root = st.config.s3_root.clone();
        let prefix = d.s3_url_prefix.clone();
        st.store
            .create_export_job(&ctx.scope, &app_id, d, |job_id, pick| {
                let Some(root) = root.as_deref() else {
                    return Ok(None);
                };
                let mut file = s3::ExportFile::create(root, &prefix, job_id)?;
                let mut line = Vec::with_capacity(1024);
                let written = pick.each(|ep| {
                    line.clear();
                    serde_json::to_writer(&mut line, &EndpointResponse::new(&app_id, ep))
                        .map_err(|e| e.to_string())?;
                    file.line(&line)
                })?;
                Ok(Some((file.finish()?, written)))
            })
    })
    .await?;
    Ok(Json(job.as_created()))
}

/// Runs a job on the blocking pool: an import or export of a million endpoints takes seconds,
/// and must not hold one of the runtime's workers (and every connection on it) meanwhile.
async fn off_the_runtime(
    job: impl FnOnce() -> StoreResult<Job> + Send + 'static,
) -> Result<Job, ApiError> {
    tokio::task::spawn_blocking(job)
        .await
        .map_err(|e| ApiError::Internal(format!("the job stopped: {e}")))?
        .map_err(ApiError::from)
}

/// The labels of GetImportJob and GetExportJob.
#[derive(Debug, Deserialize)]
pub struct JobLabels {
    #[serde(rename = "application-id")]
    app_id: String,
    #[serde(rename = "job-id")]
    job_id: String,
}

/// GetImportJob and GetExportJob.
pub async fn get_job(
    State(st): State<AppState>,
    ctx: Ctx,
    route: MatchedPath,
    Labels(l): Labels<JobLabels>,
) -> Result<Json<Job>, ApiError> {
    let kind = kind_of(&route);
    Ok(Json(st.store.job(&ctx.scope, &l.app_id, kind, &l.job_id)?))
}

/// The labels of the job listings: the app, and the segment for the per-segment ones.
#[derive(Debug, Deserialize)]
pub struct JobsLabels {
    #[serde(rename = "application-id")]
    app_id: String,
    #[serde(rename = "segment-id")]
    segment_id: Option<String>,
}

/// Get{Import,Export}Jobs and GetSegment{Import,Export}Jobs: oldest first.
pub async fn get_jobs(
    State(st): State<AppState>,
    ctx: Ctx,
    route: MatchedPath,
    Labels(l): Labels<JobsLabels>,
    PinpointQuery(q): PinpointQuery<PageQuery>,
) -> Result<Json<Value>, ApiError> {
    let kind = kind_of(&route);
    let all = st
        .store
        .jobs(&ctx.scope, &l.app_id, kind, l.segment_id.as_deref())?;
    let page = q.page(all, |j| format!("{}|{}", j.creation_date, j.id))?;
    Ok(Json(page.to_listing()))
}
