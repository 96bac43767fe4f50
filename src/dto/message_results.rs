//! Messaging answers: MessageResponse (SendMessages, SendOTPMessage) and
//! SendUsersMessageResponse, serialized straight from the store's outcomes with the recipients
//! in request order.
//! <https://docs.aws.amazon.com/pinpoint/latest/apireference/apps-application-id-messages.html>

use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

use crate::model;
use crate::store::messaging::messages::{DeliveryStatus, Outcome, UsersOutcome};

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

/// `MessageResult` / `EndpointMessageResult`.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct MessageResult<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    address: Option<&'a str>,
    delivery_status: DeliveryStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    message_id: Option<&'a str>,
    status_code: u16,
    status_message: &'a str,
}

/// A map of results in request order, keyed as the request keyed its recipients.
pub struct Results<'a>(pub &'a [(String, Outcome)]);

impl Serialize for Results<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, o) in self.0 {
            let r = MessageResult {
                address: o.address.as_deref(),
                delivery_status: o.status,
                message_id: o.message_id.as_deref(),
                status_code: o.code,
                status_message: &o.message,
            };
            m.serialize_entry(k, &r)?;
        }
        m.end()
    }
}

/// `MessageResponse`: a map with no entries is left out.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct MessageResponse<'a> {
    pub application_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub endpoint_result: Option<Results<'a>>,
    pub request_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result: Option<Results<'a>>,
}

impl<'a> MessageResponse<'a> {
    pub fn new(
        application_id: &'a str,
        request_id: &'a str,
        addresses: &'a [(String, Outcome)],
        endpoints: &'a [(String, Outcome)],
    ) -> Self {
        let non_empty = |r: &'a [(String, Outcome)]| (!r.is_empty()).then_some(Results(r));
        Self {
            application_id,
            endpoint_result: non_empty(endpoints),
            request_id,
            result: non_empty(addresses),
        }
    }
}

/// `SendUsersMessageResponse`: per user, its endpoints' results.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SendUsersMessageResponse<'a> {
    pub application_id: &'a str,
    pub request_id: &'a str,
    pub result: UsersResults<'a>,
}

/// The users' results in request order.
pub struct UsersResults<'a>(pub &'a UsersOutcome);

impl Serialize for UsersResults<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (user, items) in self.0 {
            m.serialize_entry(user, &Results(items))?;
        }
        m.end()
    }
}
