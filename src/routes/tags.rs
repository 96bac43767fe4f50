//! TagResource, UntagResource and ListTagsForResource, by URL-encoded ARN.
//! <https://docs.aws.amazon.com/pinpoint/latest/apireference/tags-resource-arn.html>

use crate::error::ApiError;
use crate::model::{
    ListTagsForResourceRequest, ListTagsForResourceResponse, TagResourceRequest, TagsModel,
    UntagResourceRequest,
};
use crate::protocol::Ctx;
use crate::AppState;

pub async fn list_tags_for_resource(
    st: AppState,
    ctx: Ctx,
    input: ListTagsForResourceRequest,
) -> Result<ListTagsForResourceResponse, ApiError> {
    let tags = st.store.list_tags(&ctx.scope, &input.resource_arn)?;
    Ok(ListTagsForResourceResponse {
        tags_model: TagsModel { tags: Some(tags) },
    })
}

pub async fn tag_resource(
    st: AppState,
    ctx: Ctx,
    input: TagResourceRequest,
) -> Result<(), ApiError> {
    // The model check has refused a body without `tags`.
    let tags = input.tags_model.tags.unwrap_or_default();
    Ok(st
        .store
        .tag_resource(&ctx.scope, &input.resource_arn, tags)?)
}

pub async fn untag_resource(
    st: AppState,
    ctx: Ctx,
    input: UntagResourceRequest,
) -> Result<(), ApiError> {
    let keys = input.tag_keys.unwrap_or_default();
    Ok(st
        .store
        .untag_resource(&ctx.scope, &input.resource_arn, &keys)?)
}
