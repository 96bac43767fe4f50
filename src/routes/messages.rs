//! SendMessages, SendUsersMessages, SendOTPMessage and VerifyOTPMessage.
//! <https://docs.aws.amazon.com/pinpoint/latest/apireference/apps-application-id-messages.html>

use crate::dto::message_results::{message_response, otp_response, users_response};
use crate::dto::messages::{otp_request, send_request, send_users_request};
use crate::error::ApiError;
use crate::model::{
    SendMessagesRequest, SendMessagesResponse, SendOTPMessageRequest, SendOTPMessageResponse,
    SendUsersMessagesRequest, SendUsersMessagesResponse, VerificationResponse,
    VerifyOTPMessageRequest, VerifyOTPMessageResponse,
};
use crate::protocol::Ctx;
use crate::AppState;

pub async fn send_messages(
    st: AppState,
    ctx: Ctx,
    input: SendMessagesRequest,
) -> Result<SendMessagesResponse, ApiError> {
    let app_id = input.application_id;
    let (message, addresses, endpoints) = send_request(input.message_request)?;
    let out = st.store.send_messages(
        &ctx.scope,
        &app_id,
        &message,
        addresses,
        endpoints,
        &ctx.request_id,
    )?;
    Ok(SendMessagesResponse {
        message_response: message_response(app_id, ctx.request_id.to_string(), out),
    })
}

pub async fn send_users_messages(
    st: AppState,
    ctx: Ctx,
    input: SendUsersMessagesRequest,
) -> Result<SendUsersMessagesResponse, ApiError> {
    let app_id = input.application_id;
    let (message, users) = send_users_request(input.send_users_message_request)?;
    let out =
        st.store
            .send_users_messages(&ctx.scope, &app_id, &message, users, &ctx.request_id)?;
    Ok(SendUsersMessagesResponse {
        send_users_message_response: users_response(app_id, ctx.request_id.to_string(), out),
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
