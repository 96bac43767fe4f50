//! GetApplicationSettings and UpdateApplicationSettings.
//! <https://docs.aws.amazon.com/pinpoint/latest/apireference/apps-application-id-settings.html>

use crate::dto::settings::{settings_resource, settings_write};
use crate::error::ApiError;
use crate::model::{
    GetApplicationSettingsRequest, GetApplicationSettingsResponse,
    UpdateApplicationSettingsRequest, UpdateApplicationSettingsResponse,
};
use crate::protocol::Ctx;
use crate::AppState;

pub async fn get_application_settings(
    st: AppState,
    ctx: Ctx,
    input: GetApplicationSettingsRequest,
) -> Result<GetApplicationSettingsResponse, ApiError> {
    let r = st.store.settings(&ctx.scope, &input.application_id)?;
    Ok(GetApplicationSettingsResponse {
        application_settings_resource: settings_resource(r),
    })
}

pub async fn update_application_settings(
    st: AppState,
    ctx: Ctx,
    input: UpdateApplicationSettingsRequest,
) -> Result<UpdateApplicationSettingsResponse, ApiError> {
    let w = settings_write(input.write_application_settings_request);
    let r = st
        .store
        .update_settings(&ctx.scope, &input.application_id, w)?;
    Ok(UpdateApplicationSettingsResponse {
        application_settings_resource: settings_resource(r),
    })
}
