//! CreateSegment, GetSegments, GetSegment, UpdateSegment, DeleteSegment, GetSegmentVersion and
//! GetSegmentVersions.
//! <https://docs.aws.amazon.com/pinpoint/latest/apireference/apps-application-id-segments.html>

use axum::extract::State;
use axum::response::Response;

use super::json_body;
use crate::dto::segments::{SegmentResponse, SegmentsQuery, WriteSegmentRequest};
use crate::error::ApiError;
use crate::protocol::{Ctx, Labels, PinpointJson, PinpointQuery};
use crate::store::engagement::segments::Segment;
use crate::{paging, AppState};

/// The latest version of a segment, as the answer.
fn answer(ctx: &Ctx, app_id: &str, seg: &Segment) -> Result<Response, ApiError> {
    json_body(&SegmentResponse::latest(&ctx.scope, app_id, seg))
}

pub async fn create_segment(
    State(st): State<AppState>,
    ctx: Ctx,
    Labels(app_id): Labels<String>,
    PinpointJson(req): PinpointJson<WriteSegmentRequest>,
) -> Result<Response, ApiError> {
    let seg = st.store.create_segment(&ctx.scope, &app_id, req.into())?;
    answer(&ctx, &app_id, &seg)
}

pub async fn get_segment(
    State(st): State<AppState>,
    ctx: Ctx,
    Labels((app_id, id)): Labels<(String, String)>,
) -> Result<Response, ApiError> {
    let seg = st.store.segment(&ctx.scope, &app_id, &id)?;
    answer(&ctx, &app_id, &seg)
}

pub async fn update_segment(
    State(st): State<AppState>,
    ctx: Ctx,
    Labels((app_id, id)): Labels<(String, String)>,
    PinpointJson(req): PinpointJson<WriteSegmentRequest>,
) -> Result<Response, ApiError> {
    let seg = st
        .store
        .update_segment(&ctx.scope, &app_id, &id, req.into())?;
    answer(&ctx, &app_id, &seg)
}

pub async fn delete_segment(
    State(st): State<AppState>,
    ctx: Ctx,
    Labels((app_id, id)): Labels<(String, String)>,
) -> Result<Response, ApiError> {
    let seg = st.store.delete_segment(&ctx.scope, &app_id, &id)?;
    answer(&ctx, &app_id, &seg)
}

pub async fn get_segments(
    State(st): State<AppState>,
    ctx: Ctx,
    Labels(app_id): Labels<String>,
    PinpointQuery(q): PinpointQuery<SegmentsQuery>,
) -> Result<Response, ApiError> {
    let all = st.store.segments(&ctx.scope, &app_id)?;
    let page = paging::page(all, q.page_size.as_deref(), q.token.as_deref(), |s| {
        format!("{}|{}", s.creation_date, s.id)
    })?;
    let items: Vec<SegmentResponse> = page
        .items
        .iter()
        .map(|s| SegmentResponse::latest(&ctx.scope, &app_id, s))
        .collect();
    json_body(&listing(items, page.next_token))
}

/// A version number from its path label; anything else names no version (404).
fn version_label(v: &str) -> Result<u32, ApiError> {
    v.parse().map_err(|_| ApiError::not_found())
}

pub async fn get_segment_version(
    State(st): State<AppState>,
    ctx: Ctx,
    Labels((app_id, id, version)): Labels<(String, String, String)>,
) -> Result<Response, ApiError> {
    let seg = st.store.segment(&ctx.scope, &app_id, &id)?;
    let v = seg.version(Some(version_label(&version)?))?;
    json_body(&SegmentResponse::new(&ctx.scope, &app_id, &seg, v))
}

pub async fn get_segment_versions(
    State(st): State<AppState>,
    ctx: Ctx,
    Labels((app_id, id)): Labels<(String, String)>,
    PinpointQuery(q): PinpointQuery<SegmentsQuery>,
) -> Result<Response, ApiError> {
    let seg = st.store.segment(&ctx.scope, &app_id, &id)?;
    // Newest first: the key sorts descending by padding the complement of the number.
    let versions: Vec<u32> = seg.versions.keys().rev().copied().collect();
    let page = paging::page(versions, q.page_size.as_deref(), q.token.as_deref(), |n| {
        format!("{:010}", u32::MAX - n)
    })?;
    let items: Vec<SegmentResponse> = page
        .items
        .iter()
        .map(|n| SegmentResponse::new(&ctx.scope, &app_id, &seg, (*n, &seg.versions[n])))
        .collect();
    json_body(&listing(items, page.next_token))
}

/// `SegmentsResponse`: `Item`, and `NextToken` when there is a next page.
fn listing(items: Vec<SegmentResponse<'_>>, next_token: Option<String>) -> serde_json::Value {
    let mut out = serde_json::json!({ "Item": items });
    if let Some(t) = next_token {
        out["NextToken"] = t.into();
    }
    out
}
