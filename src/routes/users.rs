//! GetUserEndpoints, DeleteUserEndpoints.
//! <https://docs.aws.amazon.com/pinpoint/latest/apireference/apps-application-id-users-user-id.html>

use crate::dto::endpoint_shapes::endpoints_response;
use crate::dto::endpoints::GetUserEndpointsOutput;
use crate::error::ApiError;
use crate::model::{
    DeleteUserEndpointsRequest, DeleteUserEndpointsResponse, GetUserEndpointsRequest,
};
use crate::protocol::Ctx;
use crate::store::endpoints::model::FullEndpoint;
use crate::AppState;

/// A hot path, answered through a hand-written type like GetEndpoint (`dto::endpoints`).
pub async fn get_user_endpoints(
    st: AppState,
    ctx: Ctx,
    input: GetUserEndpointsRequest,
) -> Result<GetUserEndpointsOutput, ApiError> {
    let app_id = &input.application_id;
    st.store
        .with_user_endpoints(&ctx.scope, app_id, &input.user_id, |eps| {
            GetUserEndpointsOutput::new(app_id, eps)
        })?
        .map_err(|e| ApiError::Internal(format!("serializing a response: {e}")))
}

pub async fn delete_user_endpoints(
    st: AppState,
    ctx: Ctx,
    input: DeleteUserEndpointsRequest,
) -> Result<DeleteUserEndpointsResponse, ApiError> {
    let eps = st
        .store
        .delete_user_endpoints(&ctx.scope, &input.application_id, &input.user_id)?;
    Ok(DeleteUserEndpointsResponse {
        endpoints_response: endpoints_response(
            &input.application_id,
            eps.iter().map(FullEndpoint::view),
        ),
    })
}
