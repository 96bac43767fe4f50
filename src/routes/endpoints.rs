//! UpdateEndpoint, UpdateEndpointsBatch, GetEndpoint, DeleteEndpoint.
//! <https://docs.aws.amazon.com/pinpoint/latest/apireference/apps-application-id-endpoints-endpoint-id.html>

use axum::extract::State;
use axum::response::Response;
use axum::Json;

use crate::dto::endpoints::{EndpointBatchRequest, EndpointRequest, EndpointResponse};
use crate::dto::MessageBody;
use crate::error::ApiError;
use crate::protocol::{Ctx, Labels, PinpointJson};
use crate::routes::json_body;
use crate::store::MAX_BATCH_ITEMS;
use crate::AppState;

pub async fn update_endpoint(
    State(st): State<AppState>,
    ctx: Ctx,
    Labels((app_id, endpoint_id)): Labels<(String, String)>,
    PinpointJson(req): PinpointJson<EndpointRequest>,
) -> Result<Json<MessageBody>, ApiError> {
    let patch = req.into_patch()?;
    st.store.update_endpoints(
        &ctx.scope,
        &app_id,
        vec![(endpoint_id, patch)],
        &ctx.request_id,
    )?;
    Ok(Json(MessageBody::accepted(&ctx.request_id)))
}

pub async fn update_endpoints_batch(
    State(st): State<AppState>,
    ctx: Ctx,
    Labels(app_id): Labels<String>,
    PinpointJson(req): PinpointJson<EndpointBatchRequest>,
) -> Result<Json<MessageBody>, ApiError> {
    let items = req
        .item
        .ok_or_else(|| ApiError::bad("Missing Item: UpdateEndpointsBatch needs an Item list"))?;
    if items.len() > MAX_BATCH_ITEMS {
        return Err(ApiError::bad(format!(
            "The batch holds {} items; the maximum is {MAX_BATCH_ITEMS} endpoints per request",
            items.len()
        )));
    }
    let items = items
        .into_iter()
        .enumerate()
        .map(|(i, item)| {
            let id = item
                .id
                .ok_or_else(|| ApiError::bad(format!("Item {i} has no Id")))?;
            let patch = item.endpoint.into_patch().map_err(|e| e.in_item(i, &id))?;
            Ok((id, patch))
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    st.store
        .update_endpoints(&ctx.scope, &app_id, items, &ctx.request_id)?;
    Ok(Json(MessageBody::accepted(&ctx.request_id)))
}

pub async fn get_endpoint(
    State(st): State<AppState>,
    ctx: Ctx,
    Labels((app_id, endpoint_id)): Labels<(String, String)>,
) -> Result<Response, ApiError> {
    st.store
        .with_endpoint(&ctx.scope, &app_id, &endpoint_id, |ep| {
            json_body(&EndpointResponse::new(&app_id, ep))
        })?
}

pub async fn delete_endpoint(
    State(st): State<AppState>,
    ctx: Ctx,
    Labels((app_id, endpoint_id)): Labels<(String, String)>,
) -> Result<Response, ApiError> {
    let ep = st
        .store
        .delete_endpoint(&ctx.scope, &app_id, &endpoint_id)?;
    json_body(&EndpointResponse::new(&app_id, ep.view()))
}
