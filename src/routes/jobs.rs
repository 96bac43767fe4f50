//! Import and export jobs: create, get, and list per app or per segment. With `--s3-root`, an
//! import reads its files and an export writes its file under that folder. Each operation has
//! its own thin handler; the kind of job (`IMPORT`/`EXPORT`) is passed to the store explicitly.
//! <https://docs.aws.amazon.com/pinpoint/latest/apireference/apps-application-id-jobs-import.html>

use crate::dto::endpoints::EndpointResponse;
use crate::dto::jobs::{
    export_definition, export_job_response, import_definition, import_job_response,
};
use crate::error::ApiError;
use crate::model::{
    CreateExportJobRequest, CreateExportJobResponse, CreateImportJobRequest,
    CreateImportJobResponse, ExportJobsResponse, GetExportJobRequest, GetExportJobResponse,
    GetExportJobsRequest, GetExportJobsResponse, GetImportJobRequest, GetImportJobResponse,
    GetImportJobsRequest, GetImportJobsResponse, GetSegmentExportJobsRequest,
    GetSegmentExportJobsResponse, GetSegmentImportJobsRequest, GetSegmentImportJobsResponse,
    ImportJobsResponse,
};
use crate::paging::{self, Page};
use crate::protocol::Ctx;
use crate::store::resources::jobs::Job;
use crate::store::StoreResult;
use crate::{s3, AppState};

const IMPORT: &str = "IMPORT";
const EXPORT: &str = "EXPORT";

pub async fn create_import_job(
    st: AppState,
    ctx: Ctx,
    input: CreateImportJobRequest,
) -> Result<CreateImportJobResponse, ApiError> {
    let d = import_definition(input.import_job_request);
    let app_id = input.application_id;
    let job = off_the_runtime(move || {
        let root = st.config.s3_root.clone();
        st.store
            .create_import_job(&ctx.scope, &app_id, d, &ctx.request_id, |d| {
                let root = root.as_deref()?;
                Some(s3::read_import(root, &d.s3_url, &d.format))
            })
    })
    .await?;
    Ok(CreateImportJobResponse {
        import_job_response: import_job_response(job, true),
    })
}

pub async fn create_export_job(
    st: AppState,
    ctx: Ctx,
    input: CreateExportJobRequest,
) -> Result<CreateExportJobResponse, ApiError> {
    let d = export_definition(input.export_job_request)?;
    let app_id = input.application_id;
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
    Ok(CreateExportJobResponse {
        export_job_response: export_job_response(job, true),
    })
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

pub async fn get_import_job(
    st: AppState,
    ctx: Ctx,
    input: GetImportJobRequest,
) -> Result<GetImportJobResponse, ApiError> {
    let job = st
        .store
        .job(&ctx.scope, &input.application_id, IMPORT, &input.job_id)?;
    Ok(GetImportJobResponse {
        import_job_response: import_job_response(job, false),
    })
}

pub async fn get_export_job(
    st: AppState,
    ctx: Ctx,
    input: GetExportJobRequest,
) -> Result<GetExportJobResponse, ApiError> {
    let job = st
        .store
        .job(&ctx.scope, &input.application_id, EXPORT, &input.job_id)?;
    Ok(GetExportJobResponse {
        export_job_response: export_job_response(job, false),
    })
}

/// What the four listings ask: the app, the kind of job, the segment for the per-segment ones,
/// and the page.
struct Listing<'a> {
    app_id: &'a str,
    kind: &'static str,
    segment_id: Option<&'a str>,
    page_size: Option<&'a str>,
    token: Option<&'a str>,
}

/// One page of the jobs a listing asks for, oldest first.
fn list(st: &AppState, ctx: &Ctx, l: Listing<'_>) -> Result<Page<Job>, ApiError> {
    let all = st.store.jobs(&ctx.scope, l.app_id, l.kind, l.segment_id)?;
    Ok(paging::page(all, l.page_size, l.token, |j| {
        format!("{}|{}", j.creation_date, j.id)
    })?)
}

fn import_jobs(page: Page<Job>) -> ImportJobsResponse {
    ImportJobsResponse {
        item: Some(
            page.items
                .into_iter()
                .map(|j| import_job_response(j, false))
                .collect(),
        ),
        next_token: page.next_token,
    }
}

fn export_jobs(page: Page<Job>) -> ExportJobsResponse {
    ExportJobsResponse {
        item: Some(
            page.items
                .into_iter()
                .map(|j| export_job_response(j, false))
                .collect(),
        ),
        next_token: page.next_token,
    }
}

pub async fn get_import_jobs(
    st: AppState,
    ctx: Ctx,
    input: GetImportJobsRequest,
) -> Result<GetImportJobsResponse, ApiError> {
    let listing = Listing {
        app_id: &input.application_id,
        kind: IMPORT,
        segment_id: None,
        page_size: input.page_size.as_deref(),
        token: input.token.as_deref(),
    };
    Ok(GetImportJobsResponse {
        import_jobs_response: import_jobs(list(&st, &ctx, listing)?),
    })
}

pub async fn get_export_jobs(
    st: AppState,
    ctx: Ctx,
    input: GetExportJobsRequest,
) -> Result<GetExportJobsResponse, ApiError> {
    let listing = Listing {
        app_id: &input.application_id,
        kind: EXPORT,
        segment_id: None,
        page_size: input.page_size.as_deref(),
        token: input.token.as_deref(),
    };
    Ok(GetExportJobsResponse {
        export_jobs_response: export_jobs(list(&st, &ctx, listing)?),
    })
}

pub async fn get_segment_import_jobs(
    st: AppState,
    ctx: Ctx,
    input: GetSegmentImportJobsRequest,
) -> Result<GetSegmentImportJobsResponse, ApiError> {
    let listing = Listing {
        app_id: &input.application_id,
        kind: IMPORT,
        segment_id: Some(&input.segment_id),
        page_size: input.page_size.as_deref(),
        token: input.token.as_deref(),
    };
    Ok(GetSegmentImportJobsResponse {
        import_jobs_response: import_jobs(list(&st, &ctx, listing)?),
    })
}

pub async fn get_segment_export_jobs(
    st: AppState,
    ctx: Ctx,
    input: GetSegmentExportJobsRequest,
) -> Result<GetSegmentExportJobsResponse, ApiError> {
    let listing = Listing {
        app_id: &input.application_id,
        kind: EXPORT,
        segment_id: Some(&input.segment_id),
        page_size: input.page_size.as_deref(),
        token: input.token.as_deref(),
    };
    Ok(GetSegmentExportJobsResponse {
        export_jobs_response: export_jobs(list(&st, &ctx, listing)?),
    })
}
