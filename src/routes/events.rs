//! PutEvents.
//! <https://docs.aws.amazon.com/pinpoint/latest/apireference/apps-application-id-events.html>

use axum::extract::State;
use axum::Json;

use crate::dto::events::{EventsRequest, EventsResponse};
use crate::error::ApiError;
use crate::protocol::extract::MAX_EVENTS_BODY;
use crate::protocol::{Ctx, Labels, SizedJson};
use crate::AppState;

pub async fn put_events(
    State(st): State<AppState>,
    ctx: Ctx,
    Labels(app_id): Labels<String>,
    SizedJson(req, _): SizedJson<EventsRequest, MAX_EVENTS_BODY>,
) -> Result<Json<EventsResponse>, ApiError> {
    let batches = req.into_batches()?;
    let outcomes = st
        .store
        .put_events(&ctx.scope, &app_id, batches, &ctx.request_id)?;
    Ok(Json(EventsResponse::new(outcomes)))
}
