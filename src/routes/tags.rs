//! TagResource, UntagResource and ListTagsForResource, by URL-encoded ARN.
//! <https://docs.aws.amazon.com/pinpoint/latest/apireference/tags-resource-arn.html>

use axum::extract::State;
use axum::Json;
use serde::{Deserialize, Serialize};

use crate::error::ApiError;
use crate::protocol::{Ctx, Labels, PinpointJson, PinpointQuery};
use crate::store::resources::tags::Tags;
use crate::AppState;

/// `TagsModel`: the key is lower-case `tags`.
#[derive(Debug, Serialize, Deserialize)]
pub struct TagsModel {
    tags: Option<Tags>,
}

pub async fn list_tags_for_resource(
    State(st): State<AppState>,
    ctx: Ctx,
    Labels(arn): Labels<String>,
) -> Result<Json<TagsModel>, ApiError> {
    let tags = st.store.list_tags(&ctx.scope, &arn)?;
    Ok(Json(TagsModel { tags: Some(tags) }))
}

pub async fn tag_resource(
    State(st): State<AppState>,
    ctx: Ctx,
    Labels(arn): Labels<String>,
    PinpointJson(body): PinpointJson<TagsModel>,
) -> Result<(), ApiError> {
    let tags = body
        .tags
        .ok_or_else(|| ApiError::bad("Missing tags: TagResource needs a tags object"))?;
    Ok(st.store.tag_resource(&ctx.scope, &arn, tags)?)
}

pub async fn untag_resource(
    State(st): State<AppState>,
    ctx: Ctx,
    Labels(arn): Labels<String>,
    PinpointQuery(query): PinpointQuery<Vec<(String, String)>>,
) -> Result<(), ApiError> {
    // `tagKeys` is repeated, once per key.
    let keys: Vec<String> = query
        .into_iter()
        .filter(|(k, _)| k == "tagKeys")
        .map(|(_, v)| v)
        .collect();
    Ok(st.store.untag_resource(&ctx.scope, &arn, &keys)?)
}
