//! Messaging answers: the model's MessageResponse (SendMessages, SendOTPMessage) and
//! SendUsersMessageResponse, built from the store's outcomes with the recipients in request
//! order (the model's result maps are `Ordered`).
//! <https://docs.aws.amazon.com/pinpoint/latest/apireference/apps-application-id-messages.html>

use crate::model;
use crate::store::messaging::messages::{DeliveryStatus, Outcome, SendOutcome, UsersOutcome};

/// A delivery status as the model's.
fn delivery_status(s: DeliveryStatus) -> model::DeliveryStatus {
    match s {
        DeliveryStatus::SUCCESSFUL => model::DeliveryStatus::Successful,
        DeliveryStatus::PERMANENT_FAILURE => model::DeliveryStatus::PermanentFailure,
        DeliveryStatus::OPT_OUT => model::DeliveryStatus::OptOut,
        DeliveryStatus::DUPLICATE => model::DeliveryStatus::Duplicate,
        DeliveryStatus::THROTTLED => model::DeliveryStatus::Throttled,
        DeliveryStatus::TEMPORARY_FAILURE => model::DeliveryStatus::TemporaryFailure,
        DeliveryStatus::UNKNOWN_FAILURE => model::DeliveryStatus::UnknownFailure,
    }
}

/// An address's result as the model's `MessageResult`.
fn message_result(o: Outcome) -> model::MessageResult {
    model::MessageResult {
        delivery_status: Some(delivery_status(o.status)),
        message_id: o.message_id,
        status_code: Some(i32::from(o.code)),
        status_message: Some(o.message),
        updated_token: None,
    }
}

/// SendOTPMessage's answer: the one address's result, as the model's `MessageResponse`.
pub fn otp_response(
    app_id: String,
    request_id: String,
    address: String,
    o: Outcome,
) -> model::MessageResponse {
    model::MessageResponse {
        application_id: Some(app_id),
        endpoint_result: None,
        request_id: Some(request_id),
        result: Some(model::Ordered(vec![(address, message_result(o))])),
    }
}

/// An endpoint's result as the model's `EndpointMessageResult` (with the endpoint's address).
fn endpoint_result(o: Outcome) -> model::EndpointMessageResult {
    model::EndpointMessageResult {
        address: o.address,
        delivery_status: Some(delivery_status(o.status)),
        message_id: o.message_id,
        status_code: Some(i32::from(o.code)),
        status_message: Some(o.message),
        updated_token: None,
    }
}

/// SendMessages' answer: results keyed as the request keyed its recipients, in request order; a
/// map with no entries is left out.
pub fn message_response(
    app_id: String,
    request_id: String,
    out: SendOutcome,
) -> model::MessageResponse {
    let non_empty = |m: Vec<(String, Outcome)>| (!m.is_empty()).then_some(m);
    model::MessageResponse {
        application_id: Some(app_id),
        endpoint_result: non_empty(out.endpoints).map(|m| {
            m.into_iter()
                .map(|(k, o)| (k, endpoint_result(o)))
                .collect()
        }),
        request_id: Some(request_id),
        result: non_empty(out.addresses)
            .map(|m| m.into_iter().map(|(k, o)| (k, message_result(o))).collect()),
    }
}

/// SendUsersMessages' answer: per user, its endpoints' results, in request order.
pub fn users_response(
    app_id: String,
    request_id: String,
    out: UsersOutcome,
) -> model::SendUsersMessageResponse {
    let result = out
        .into_iter()
        .map(|(user, items)| {
            let items = items
                .into_iter()
                .map(|(k, o)| (k, endpoint_result(o)))
                .collect();
            (user, items)
        })
        .collect();
    model::SendUsersMessageResponse {
        application_id: Some(app_id),
        request_id: Some(request_id),
        result: Some(result),
    }
}
