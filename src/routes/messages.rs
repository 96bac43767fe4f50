//! SendMessages, SendUsersMessages, SendOTPMessage and VerifyOTPMessage.
//! <https://docs.aws.amazon.com/pinpoint/latest/apireference/apps-application-id-messages.html>

use axum::extract::State;
use axum::Json;
use serde_json::{json, Map, Value};

use crate::dto::messages::{
    message_response, results, MessageRequest, SendOtpRequest, SendUsersMessageRequest,
    VerifyOtpRequest,
};
use crate::error::ApiError;
use crate::protocol::{Ctx, Labels, PinpointJson};
use crate::AppState;

pub async fn send_messages(
    State(st): State<AppState>,
    ctx: Ctx,
    Labels(app_id): Labels<String>,
    PinpointJson(req): PinpointJson<MessageRequest>,
) -> Result<Json<Value>, ApiError> {
    let (message, addresses, endpoints) = req.into_send()?;
    let out = st.store.send_messages(
        &ctx.scope,
        &app_id,
        &message,
        addresses,
        endpoints,
        &ctx.request_id,
    )?;
    Ok(Json(message_response(
        &app_id,
        &ctx.request_id,
        &out.addresses,
        &out.endpoints,
    )))
}

pub async fn send_users_messages(
    State(st): State<AppState>,
    ctx: Ctx,
    Labels(app_id): Labels<String>,
    PinpointJson(req): PinpointJson<SendUsersMessageRequest>,
) -> Result<Json<Value>, ApiError> {
    let (message, users) = req.into_send()?;
    let out =
        st.store
            .send_users_messages(&ctx.scope, &app_id, &message, users, &ctx.request_id)?;
    let result: Map<String, Value> = out
        .iter()
        .map(|(user, items)| (user.clone(), results(items)))
        .collect();
    Ok(Json(json!({
        "ApplicationId": app_id,
        "RequestId": &*ctx.request_id,
        "Result": result,
    })))
}

pub async fn send_otp_message(
    State(st): State<AppState>,
    ctx: Ctx,
    Labels(app_id): Labels<String>,
    PinpointJson(req): PinpointJson<SendOtpRequest>,
) -> Result<Json<Value>, ApiError> {
    let dest = req.destination_identity.clone().unwrap_or_default();
    let outcome = st
        .store
        .send_otp(&ctx.scope, &app_id, &req.into(), &ctx.request_id)?;
    Ok(Json(message_response(
        &app_id,
        &ctx.request_id,
        &[(dest, outcome)],
        &[],
    )))
}

pub async fn verify_otp_message(
    State(st): State<AppState>,
    ctx: Ctx,
    Labels(app_id): Labels<String>,
    PinpointJson(req): PinpointJson<VerifyOtpRequest>,
) -> Result<Json<Value>, ApiError> {
    let valid = st.store.verify_otp(
        &ctx.scope,
        &app_id,
        req.destination_identity.as_deref(),
        req.otp.as_deref(),
        req.reference_id.as_deref(),
    )?;
    Ok(Json(json!({ "Valid": valid })))
}
