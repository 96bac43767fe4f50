//! GetUserEndpoints, DeleteUserEndpoints.
//! <https://docs.aws.amazon.com/pinpoint/latest/apireference/apps-application-id-users-user-id.html>

use axum::extract::State;
use axum::response::Response;

use crate::dto::endpoints::EndpointsResponse;
use crate::error::ApiError;
use crate::protocol::{Ctx, Labels};
use crate::routes::json_body;
use crate::store::endpoints::model::FullEndpoint;
use crate::AppState;

pub async fn get_user_endpoints(
    State(st): State<AppState>,
    ctx: Ctx,
    Labels((app_id, user_id)): Labels<(String, String)>,
) -> Result<Response, ApiError> {
    st.store
        .with_user_endpoints(&ctx.scope, &app_id, &user_id, |eps| {
            json_body(&EndpointsResponse::new(&app_id, eps))
        })?
}

pub async fn delete_user_endpoints(
    State(st): State<AppState>,
    ctx: Ctx,
    Labels((app_id, user_id)): Labels<(String, String)>,
) -> Result<Response, ApiError> {
    let eps = st
        .store
        .delete_user_endpoints(&ctx.scope, &app_id, &user_id)?;
    json_body(&EndpointsResponse::new(
        &app_id,
        eps.iter().map(FullEndpoint::view),
    ))
}
