//! PutEventStream, GetEventStream and DeleteEventStream. The setting is kept and answered; no
//! event is published to Kinesis or Firehose.
//! <https://docs.aws.amazon.com/pinpoint/latest/apireference/apps-application-id-eventstream.html>

use axum::extract::State;
use axum::Json;
use serde::Deserialize;

use crate::error::ApiError;
use crate::protocol::{Ctx, Labels, PinpointJson};
use crate::store::events::stream::EventStream;
use crate::AppState;

/// `WriteEventStream`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct WriteEventStream {
    destination_stream_arn: Option<String>,
    role_arn: Option<String>,
}

pub async fn put_event_stream(
    State(st): State<AppState>,
    ctx: Ctx,
    Labels(app_id): Labels<String>,
    PinpointJson(w): PinpointJson<WriteEventStream>,
) -> Result<Json<EventStream>, ApiError> {
    Ok(Json(st.store.put_event_stream(
        &ctx.scope,
        &app_id,
        w.destination_stream_arn.as_deref(),
        w.role_arn.as_deref(),
    )?))
}

pub async fn get_event_stream(
    State(st): State<AppState>,
    ctx: Ctx,
    Labels(app_id): Labels<String>,
) -> Result<Json<EventStream>, ApiError> {
    Ok(Json(st.store.event_stream(&ctx.scope, &app_id)?))
}

pub async fn delete_event_stream(
    State(st): State<AppState>,
    ctx: Ctx,
    Labels(app_id): Labels<String>,
) -> Result<Json<EventStream>, ApiError> {
    Ok(Json(st.store.delete_event_stream(&ctx.scope, &app_id)?))
}
