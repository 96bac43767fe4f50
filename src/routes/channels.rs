//! Get, Update and Delete for the ten channel types, and GetChannels. One handler per verb
//! serves every type: the type is the last segment of the matched route.
//! <https://docs.aws.amazon.com/pinpoint/latest/apireference/apps-application-id-channels.html>

use axum::extract::{MatchedPath, State};
use axum::Json;
use serde_json::{Map, Value};

use crate::dto::channels::{channel_patch, channel_response, channels_response};
use crate::error::ApiError;
use crate::protocol::{Ctx, Labels, PinpointJson};
use crate::store::messaging::channels::ChannelKind;
use crate::AppState;

/// The channel type a matched route names (`…/channels/apns_sandbox` → APNS_SANDBOX).
fn kind_of(route: &MatchedPath) -> Result<ChannelKind, ApiError> {
    ChannelKind::from_path_name(super::last_segment(route))
        .ok_or_else(|| ApiError::Internal(format!("no channel type for route {}", route.as_str())))
}

pub async fn get_channel(
    State(st): State<AppState>,
    ctx: Ctx,
    route: MatchedPath,
    Labels(app_id): Labels<String>,
) -> Result<Json<Value>, ApiError> {
    let kind = kind_of(&route)?;
    let ch = st.store.channel(&ctx.scope, &app_id, kind)?;
    Ok(Json(channel_response(&app_id, kind, &ch)))
}

pub async fn update_channel(
    State(st): State<AppState>,
    ctx: Ctx,
    route: MatchedPath,
    Labels(app_id): Labels<String>,
    PinpointJson(body): PinpointJson<Map<String, Value>>,
) -> Result<Json<Value>, ApiError> {
    let kind = kind_of(&route)?;
    let patch = channel_patch(kind, body)?;
    let ch = st.store.update_channel(&ctx.scope, &app_id, kind, patch)?;
    Ok(Json(channel_response(&app_id, kind, &ch)))
}

pub async fn delete_channel(
    State(st): State<AppState>,
    ctx: Ctx,
    route: MatchedPath,
    Labels(app_id): Labels<String>,
) -> Result<Json<Value>, ApiError> {
    let kind = kind_of(&route)?;
    let ch = st.store.delete_channel(&ctx.scope, &app_id, kind)?;
    Ok(Json(channel_response(&app_id, kind, &ch)))
}

pub async fn get_channels(
    State(st): State<AppState>,
    ctx: Ctx,
    Labels(app_id): Labels<String>,
) -> Result<Json<Value>, ApiError> {
    let channels = st.store.channels(&ctx.scope, &app_id)?;
    Ok(Json(channels_response(&app_id, &channels)))
}
