//! SendMessages, SendUsersMessages, SendOTPMessage and VerifyOTPMessage.
//! <https://docs.aws.amazon.com/pinpoint/latest/apireference/apps-application-id-messages.html>

use axum::extract::State;
use axum::response::Response;

use super::json_body;
use crate::dto::message_results::{
    otp_response, MessageResponse, SendUsersMessageResponse, UsersResults,
};
use crate::dto::messages::{otp_request, MessageRequest, SendUsersMessageRequest};
use crate::error::ApiError;
use crate::model::{
    SendOTPMessageRequest, SendOTPMessageResponse, VerificationResponse, VerifyOTPMessageRequest,
    VerifyOTPMessageResponse,
};
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
    st: AppState,
    ctx: Ctx,
    input: SendOTPMessageRequest,
) -> Result<SendOTPMessageResponse, ApiError> {
    let r = otp_request(input.send_otp_message_request_parameters);
    let dest = r.destination_identity.clone().unwrap_or_default();
    let app_id = input.application_id;
    let outcome = st
        .store
        .send_otp(&ctx.scope, &app_id, &r, &ctx.request_id)?;
    Ok(SendOTPMessageResponse {
        message_response: otp_response(app_id, ctx.request_id.to_string(), dest, outcome),
    })
}

pub async fn verify_otp_message(
    st: AppState,
    ctx: Ctx,
    input: VerifyOTPMessageRequest,
) -> Result<VerifyOTPMessageResponse, ApiError> {
    let r = input.verify_otp_message_request_parameters;
    let valid = st.store.verify_otp(
        &ctx.scope,
        &input.application_id,
        r.destination_identity.as_deref(),
        r.otp.as_deref(),
        r.reference_id.as_deref(),
    )?;
    Ok(VerifyOTPMessageResponse {
        verification_response: VerificationResponse { valid: Some(valid) },
    })
}
