//! SendMessages, SendUsersMessages, SendOTPMessage and VerifyOTPMessage.
//! <https://docs.aws.amazon.com/pinpoint/latest/apireference/apps-application-id-messages.html>

use axum::extract::State;
use axum::response::Response;
use axum::Json;
use serde_json::{json, Value};

use super::json_body;
use crate::dto::message_results::{MessageResponse, SendUsersMessageResponse, UsersResults};
use crate::dto::messages::{
    MessageRequest, SendOtpRequest, SendUsersMessageRequest, VerifyOtpRequest,
};
use crate::error::ApiError;
use crate::protocol::{Ctx, Labels, PinpointJson};
use crate::AppState;

pub async fn send_messages(
    State(st): State<AppState>,
    ctx: Ctx,
    Labels(app_id): Labels<String>,
    PinpointJson(req): PinpointJson<MessageRequest>,
) -> Result<Response, ApiError> {
    let (message, addresses, endpoints) = req.into_send()?;
    let out = st.store.send_messages(
        &ctx.scope,
        &app_id,
        &message,
        addresses,
        endpoints,
        &ctx.request_id,
    )?;
    json_body(&MessageResponse::new(
        &app_id,
        &ctx.request_id,
        &out.addresses,
        &out.endpoints,
    ))
}

pub async fn send_users_messages(
    State(st): State<AppState>,
    ctx: Ctx,
    Labels(app_id): Labels<String>,
    PinpointJson(req): PinpointJson<SendUsersMessageRequest>,
) -> Result<Response, ApiError> {
    let (message, users) = req.into_send()?;
    let out =
        st.store
            .send_users_messages(&ctx.scope, &app_id, &message, users, &ctx.request_id)?;
    json_body(&SendUsersMessageResponse {
        application_id: &app_id,
        request_id: &ctx.request_id,
        result: UsersResults(&out),
    })
}

pub async fn send_otp_message(
    State(st): State<AppState>,
    ctx: Ctx,
    Labels(app_id): Labels<String>,
    PinpointJson(req): PinpointJson<SendOtpRequest>,
) -> Result<Response, ApiError> {
    let dest = req.destination_identity.clone().unwrap_or_default();
    let outcome = st
        .store
        .send_otp(&ctx.scope, &app_id, &req.into(), &ctx.request_id)?;
    let result = [(dest, outcome)];
    json_body(&MessageResponse::new(
        &app_id,
        &ctx.request_id,
        &result,
        &[],
    ))
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
