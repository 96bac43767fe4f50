//! The hand-written endpoint shapes of the two hot paths (issue 24: a hand-written type stays
//! only where it is measured faster, and `tests/it/hot_types.rs` checks it against the generated
//! shape): UpdateEndpoint's input ([`UpdateEndpointInput`], whose body [`EndpointRequest`] is
//! read straight into the store's interned maps) and GetEndpoint's output
//! ([`GetEndpointOutput`], serialized from the stored endpoint while its lock is held, with no
//! copy of it). Every other endpoint operation uses the generated shapes
//! ([`super::endpoint_shapes`]).
//! <https://docs.aws.amazon.com/pinpoint/latest/apireference/apps-application-id-endpoints-endpoint-id.html>

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use super::parse_enum;
use crate::store::endpoints::model::{
    AttrMap, ChannelType, Demographic, EndpointPatch, EndpointView, Location, MetricMap, OptOut,
    Stamp, Status, UserPatch,
};
use crate::store::StoreError;
use crate::wire::{Operation, OperationInput, OperationOutput, RequestParts};

/// `EndpointUser` as sent. (Serialize is for the test against the generated shape.)
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct EndpointUserIn {
    pub user_attributes: Option<AttrMap>,
    pub user_id: Option<String>,
}

/// `EndpointRequest` (also the members of `EndpointBatchItem` and `PublicEndpoint`).
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct EndpointRequest {
    pub address: Option<String>,
    pub attributes: Option<AttrMap>,
    pub channel_type: Option<String>,
    pub demographic: Option<Demographic>,
    pub effective_date: Option<String>,
    pub endpoint_status: Option<String>,
    pub location: Option<Location>,
    pub metrics: Option<MetricMap>,
    pub opt_out: Option<String>,
    pub request_id: Option<String>,
    pub user: Option<EndpointUserIn>,
}

/// UpdateEndpoint's input, by hand: its labels and the hand-written [`EndpointRequest`] (the
/// generated `UpdateEndpointRequest` has the same members).
#[derive(Debug)]
pub struct UpdateEndpointInput {
    pub application_id: String,
    pub endpoint_id: String,
    pub endpoint_request: EndpointRequest,
}

impl OperationInput for UpdateEndpointInput {
    const OPERATION: Operation = Operation::UpdateEndpoint;
    type Body = EndpointRequest;
    const HAS_BODY: bool = true;
    fn assemble(parts: &mut RequestParts, body: EndpointRequest) -> Self {
        Self {
            application_id: parts.label("application-id"),
            endpoint_id: parts.label("endpoint-id"),
            endpoint_request: body,
        }
    }
}

impl EndpointRequest {
    /// Checks the enum members and turns the request into a domain patch.
    pub fn into_patch(self) -> Result<EndpointPatch, StoreError> {
        let channel_type = self
            .channel_type
            .map(|v| parse_enum::<ChannelType>("ChannelType", &v, ChannelType::NAMES))
            .transpose()?;
        let opt_out = self
            .opt_out
            .map(|v| parse_enum::<OptOut>("OptOut", &v, OptOut::NAMES))
            .transpose()?;
        let status = self
            .endpoint_status
            .map(|v| parse_enum::<Status>("EndpointStatus", &v, Status::NAMES))
            .transpose()?;
        Ok(EndpointPatch {
            address: self.address,
            channel_type,
            attributes: self.attributes,
            demographic: self.demographic,
            location: self.location,
            metrics: self.metrics,
            opt_out,
            request_id: self.request_id,
            effective_date: self.effective_date,
            status,
            user: self.user.map(|u| UserPatch {
                user_id: u.user_id,
                user_attributes: u.user_attributes,
            }),
        })
    }
}

/// `EndpointUser` as answered: `{}` when the endpoint has no user.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct EndpointUserOut<'a> {
    #[serde(skip_serializing_if = "AttrMap::is_empty")]
    pub user_attributes: &'a AttrMap,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_id: Option<&'a str>,
}

/// `EndpointResponse`, serialized straight from a stored endpoint (no copy of it is made).
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct EndpointResponse<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<&'a str>,
    pub application_id: &'a str,
    pub attributes: &'a AttrMap,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel_type: Option<ChannelType>,
    /// A string on the wire ("0"–"99").
    #[serde(serialize_with = "as_string")]
    pub cohort_id: u8,
    pub creation_date: Stamp<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub demographic: Option<&'a Demographic>,
    pub effective_date: Stamp<'a>,
    pub endpoint_status: Status,
    pub id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<&'a Location>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metrics: Option<&'a MetricMap>,
    pub opt_out: OptOut,
    pub request_id: Stamp<'a>,
    pub user: EndpointUserOut<'a>,
}

/// The number's decimal digits, written without the formatting machinery (this runs for every
/// endpoint an answer holds).
fn as_string<S: serde::Serializer>(v: &u8, s: S) -> Result<S::Ok, S::Error> {
    let digits = [b'0' + v / 100, b'0' + v / 10 % 10, b'0' + v % 10];
    let skip = match *v {
        0..=9 => 2,
        10..=99 => 1,
        _ => 0,
    };
    s.serialize_str(std::str::from_utf8(&digits[skip..]).map_err(serde::ser::Error::custom)?)
}

impl<'a> EndpointResponse<'a> {
    pub fn new(app_id: &'a str, view: EndpointView<'a>) -> Self {
        let ep = view.endpoint;
        Self {
            address: ep.address.as_deref(),
            application_id: app_id,
            attributes: &ep.attributes,
            channel_type: ep.channel_type,
            cohort_id: ep.cohort_id,
            creation_date: ep.creation_date(),
            demographic: ep.demographic.as_deref(),
            effective_date: ep.effective_date(),
            endpoint_status: ep.status,
            id: &ep.id,
            location: ep.location.as_deref(),
            metrics: ep.metrics.as_ref(),
            opt_out: ep.opt_out,
            request_id: ep.request_id(),
            user: EndpointUserOut {
                user_attributes: view.user_attributes,
                user_id: ep.user_id.as_deref(),
            },
        }
    }
}

/// GetEndpoint's output, by hand: the `EndpointResponse` body already written (from an
/// [`EndpointResponse`], while the endpoint's lock was held), handed to the response as it is.
#[derive(Debug)]
pub struct GetEndpointOutput(pub Vec<u8>);

impl GetEndpointOutput {
    /// The answer for a stored endpoint.
    pub fn new(app_id: &str, view: EndpointView<'_>) -> serde_json::Result<Self> {
        written(&EndpointResponse::new(app_id, view)).map(Self)
    }
}

/// GetUserEndpoints' answer (`EndpointsResponse`), written like GetEndpoint's: from the stored
/// endpoints while the app's lock is held, with no copy of them.
#[derive(Debug)]
pub struct GetUserEndpointsOutput(pub Vec<u8>);

impl GetUserEndpointsOutput {
    /// The answer for a user's stored endpoints.
    pub fn new(app_id: &str, views: Vec<EndpointView<'_>>) -> serde_json::Result<Self> {
        /// `Item`: each endpoint written as it is reached, with no list of answers between.
        struct Items<'a>(&'a str, Vec<EndpointView<'a>>);
        impl Serialize for Items<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_seq(self.1.iter().map(|v| EndpointResponse::new(self.0, *v)))
            }
        }
        #[derive(Serialize)]
        struct EndpointsResponse<'a> {
            #[serde(rename = "Item")]
            item: Items<'a>,
        }
        written(&EndpointsResponse {
            item: Items(app_id, views),
        })
        .map(Self)
    }
}

/// A hand-written answer's body, in serde_json's own format (a whole double keeps its `.0`), as
/// these two answers have always been written.
fn written<T: Serialize>(body: &T) -> serde_json::Result<Vec<u8>> {
    let mut bytes = Vec::with_capacity(1024);
    serde_json::to_writer(&mut bytes, body)?;
    Ok(bytes)
}

/// The two hand-written answers: their body is written already.
macro_rules! written_output {
    ($($output:ident),+) => {$(
        impl OperationOutput for $output {
            type Body = Box<RawValue>;
            /// The written bytes as a body to serialize (the answer goes out through
            /// `into_bytes` instead). serde_json wrote them, so they are UTF-8 JSON.
            fn into_body(self) -> Option<Box<RawValue>> {
                String::from_utf8(self.0).ok().and_then(|s| RawValue::from_string(s).ok())
            }
            fn into_bytes(self) -> serde_json::Result<Option<Vec<u8>>> {
                Ok(Some(self.0))
            }
        }
    )+};
}

written_output!(GetEndpointOutput, GetUserEndpointsOutput);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_enum_values_are_bad_requests_naming_the_member() {
        let req = EndpointRequest {
            channel_type: Some("PIGEON".into()),
            ..Default::default()
        };
        let err = req.into_patch().unwrap_err();
        assert!(
            matches!(&err, StoreError::Invalid(m) if m.contains("ChannelType") && m.contains("PIGEON"))
        );
    }
}
