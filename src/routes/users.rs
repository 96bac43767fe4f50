//! GetUserEndpoints, DeleteUserEndpoints.
//! <https://docs.aws.amazon.com/pinpoint/latest/apireference/apps-application-id-users-user-id.html>

use crate::dto::endpoint_shapes::endpoints_response;
use crate::error::ApiError;
use crate::model::{
    DeleteUserEndpointsRequest, DeleteUserEndpointsResponse, GetUserEndpointsRequest,
    GetUserEndpointsResponse,
};
use crate::protocol::Ctx;
use crate::store::endpoints::model::FullEndpoint;
use crate::AppState;

pub async fn get_user_endpoints(
    st: AppState,
    ctx: Ctx,
    input: GetUserEndpointsRequest,
) -> Result<GetUserEndpointsResponse, ApiError> {
    let app_id = &input.application_id;
    let endpoints_response =
        st.store
            .with_user_endpoints(&ctx.scope, app_id, &input.user_id, |eps| {
                endpoints_response(app_id, eps)
            })?;
    Ok(GetUserEndpointsResponse { endpoints_response })
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
