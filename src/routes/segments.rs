//! CreateSegment, GetSegments, GetSegment, UpdateSegment, DeleteSegment, GetSegmentVersion and
//! GetSegmentVersions.
//! <https://docs.aws.amazon.com/pinpoint/latest/apireference/apps-application-id-segments.html>

use crate::dto::segments::{latest_segment_response, segment_response, segment_write};
use crate::error::ApiError;
use crate::model::{
    CreateSegmentRequest, CreateSegmentResponse, DeleteSegmentRequest, DeleteSegmentResponse,
    GetSegmentRequest, GetSegmentResponse, GetSegmentVersionRequest, GetSegmentVersionResponse,
    GetSegmentVersionsRequest, GetSegmentVersionsResponse, GetSegmentsRequest, GetSegmentsResponse,
    SegmentsResponse, UpdateSegmentRequest, UpdateSegmentResponse,
};
use crate::protocol::Ctx;
use crate::{paging, AppState};

pub async fn create_segment(
    st: AppState,
    ctx: Ctx,
    input: CreateSegmentRequest,
) -> Result<CreateSegmentResponse, ApiError> {
    let app_id = input.application_id;
    let write = segment_write(input.write_segment_request)?;
    let seg = st.store.create_segment(&ctx.scope, &app_id, write)?;
    Ok(CreateSegmentResponse {
        segment_response: latest_segment_response(&ctx.scope, &app_id, &seg)?,
    })
}

pub async fn get_segment(
    st: AppState,
    ctx: Ctx,
    input: GetSegmentRequest,
) -> Result<GetSegmentResponse, ApiError> {
    let app_id = input.application_id;
    let seg = st.store.segment(&ctx.scope, &app_id, &input.segment_id)?;
    Ok(GetSegmentResponse {
        segment_response: latest_segment_response(&ctx.scope, &app_id, &seg)?,
    })
}

pub async fn update_segment(
    st: AppState,
    ctx: Ctx,
    input: UpdateSegmentRequest,
) -> Result<UpdateSegmentResponse, ApiError> {
    let app_id = input.application_id;
    let write = segment_write(input.write_segment_request)?;
    let seg = st
        .store
        .update_segment(&ctx.scope, &app_id, &input.segment_id, write)?;
    Ok(UpdateSegmentResponse {
        segment_response: latest_segment_response(&ctx.scope, &app_id, &seg)?,
    })
}

pub async fn delete_segment(
    st: AppState,
    ctx: Ctx,
    input: DeleteSegmentRequest,
) -> Result<DeleteSegmentResponse, ApiError> {
    let app_id = input.application_id;
    let seg = st
        .store
        .delete_segment(&ctx.scope, &app_id, &input.segment_id)?;
    Ok(DeleteSegmentResponse {
        segment_response: latest_segment_response(&ctx.scope, &app_id, &seg)?,
    })
}

pub async fn get_segments(
    st: AppState,
    ctx: Ctx,
    input: GetSegmentsRequest,
) -> Result<GetSegmentsResponse, ApiError> {
    let app_id = input.application_id;
    let all = st.store.segments(&ctx.scope, &app_id)?;
    let page = paging::page(
        all,
        input.page_size.as_deref(),
        input.token.as_deref(),
        |s| format!("{}|{}", s.creation_date, s.id),
    )?;
    let item = page
        .items
        .iter()
        .map(|s| latest_segment_response(&ctx.scope, &app_id, s))
        .collect::<Result<_, _>>()?;
    Ok(GetSegmentsResponse {
        segments_response: SegmentsResponse {
            item: Some(item),
            next_token: page.next_token,
        },
    })
}

pub async fn get_segment_version(
    st: AppState,
    ctx: Ctx,
    input: GetSegmentVersionRequest,
) -> Result<GetSegmentVersionResponse, ApiError> {
    let app_id = input.application_id;
    let seg = st.store.segment(&ctx.scope, &app_id, &input.segment_id)?;
    let v = seg.versions.labelled(&input.version)?;
    Ok(GetSegmentVersionResponse {
        segment_response: segment_response(&ctx.scope, &app_id, &seg, v)?,
    })
}

pub async fn get_segment_versions(
    st: AppState,
    ctx: Ctx,
    input: GetSegmentVersionsRequest,
) -> Result<GetSegmentVersionsResponse, ApiError> {
    let app_id = input.application_id;
    let seg = st.store.segment(&ctx.scope, &app_id, &input.segment_id)?;
    // Newest first: the key sorts descending by padding the complement of the number.
    let versions: Vec<u32> = seg.versions.newest_first();
    let page = paging::page(
        versions,
        input.page_size.as_deref(),
        input.token.as_deref(),
        |n| format!("{:010}", u32::MAX - n),
    )?;
    let item = page
        .items
        .iter()
        .map(|n| segment_response(&ctx.scope, &app_id, &seg, (*n, &seg.versions[*n])))
        .collect::<Result<_, _>>()?;
    Ok(GetSegmentVersionsResponse {
        segments_response: SegmentsResponse {
            item: Some(item),
            next_token: page.next_token,
        },
    })
}
