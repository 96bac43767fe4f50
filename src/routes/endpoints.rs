//! UpdateEndpoint, UpdateEndpointsBatch, GetEndpoint, DeleteEndpoint. UpdateEndpoint's input
//! and GetEndpoint's output are hand-written hot-path types (`dto::endpoints`); the others are
//! the generated shapes.
//! <https://docs.aws.amazon.com/pinpoint/latest/apireference/apps-application-id-endpoints-endpoint-id.html>

use crate::dto::endpoint_shapes::{accepted, batch_item_patch, endpoint_response};
use crate::dto::endpoints::{GetEndpointOutput, UpdateEndpointInput};
use crate::error::ApiError;
use crate::model::{
    DeleteEndpointRequest, DeleteEndpointResponse, GetEndpointRequest, UpdateEndpointResponse,
    UpdateEndpointsBatchRequest, UpdateEndpointsBatchResponse,
};
use crate::protocol::Ctx;
use crate::store::MAX_BATCH_ITEMS;
use crate::AppState;

pub async fn update_endpoint(
    st: AppState,
    ctx: Ctx,
    input: UpdateEndpointInput,
) -> Result<UpdateEndpointResponse, ApiError> {
    let patch = input.endpoint_request.into_patch()?;
    st.store.update_endpoints(
        &ctx.scope,
        &input.application_id,
        vec![(input.endpoint_id, patch)],
        &ctx.request_id,
    )?;
    Ok(UpdateEndpointResponse {
        message_body: accepted(&ctx.request_id),
    })
}

pub async fn update_endpoints_batch(
    st: AppState,
    ctx: Ctx,
    input: UpdateEndpointsBatchRequest,
) -> Result<UpdateEndpointsBatchResponse, ApiError> {
    // The model check has refused a body without `Item`.
    let items = input.endpoint_batch_request.item.unwrap_or_default();
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
                .clone()
                .ok_or_else(|| ApiError::bad(format!("Item {i} has no Id")))?;
            let (_, patch) = batch_item_patch(item).map_err(|e| e.in_item(i, &id))?;
            Ok((id, patch))
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    st.store
        .update_endpoints(&ctx.scope, &input.application_id, items, &ctx.request_id)?;
    Ok(UpdateEndpointsBatchResponse {
        message_body: accepted(&ctx.request_id),
    })
}

pub async fn get_endpoint(
    st: AppState,
    ctx: Ctx,
    input: GetEndpointRequest,
) -> Result<GetEndpointOutput, ApiError> {
    let app_id = &input.application_id;
    st.store
        .with_endpoint(&ctx.scope, app_id, &input.endpoint_id, |ep| {
            GetEndpointOutput::new(app_id, ep)
        })?
        .map_err(|e| ApiError::Internal(format!("serializing a response: {e}")))
}

pub async fn delete_endpoint(
    st: AppState,
    ctx: Ctx,
    input: DeleteEndpointRequest,
) -> Result<DeleteEndpointResponse, ApiError> {
    let ep = st
        .store
        .delete_endpoint(&ctx.scope, &input.application_id, &input.endpoint_id)?;
    Ok(DeleteEndpointResponse {
        endpoint_response: endpoint_response(&input.application_id, ep.view()),
    })
}
