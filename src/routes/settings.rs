//! GetApplicationSettings and UpdateApplicationSettings.
//! <https://docs.aws.amazon.com/pinpoint/latest/apireference/apps-application-id-settings.html>

use axum::extract::State;
use axum::Json;

use crate::error::ApiError;
use crate::protocol::{Ctx, Labels, PinpointJson};
use crate::store::engagement::settings::{SettingsResource, SettingsWrite};
use crate::AppState;

pub async fn get_application_settings(
    State(st): State<AppState>,
    ctx: Ctx,
    Labels(app_id): Labels<String>,
) -> Result<Json<SettingsResource>, ApiError> {
    Ok(Json(st.store.settings(&ctx.scope, &app_id)?))
}

pub async fn update_application_settings(
    State(st): State<AppState>,
    ctx: Ctx,
    Labels(app_id): Labels<String>,
    PinpointJson(w): PinpointJson<SettingsWrite>,
) -> Result<Json<SettingsResource>, ApiError> {
    Ok(Json(st.store.update_settings(&ctx.scope, &app_id, w)?))
}
