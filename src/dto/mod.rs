//! Wire types: serde structs named after the Pinpoint model's shapes, plus the conversions
//! between them and the store's domain types. No rules live here beyond "is this value one the
//! model allows". Demographic and Location are shared with the store: their wire shape is their
//! domain shape.
//!
//! API reference: <https://docs.aws.amazon.com/pinpoint/latest/apireference/>

pub mod apps;
pub mod campaigns;
pub mod channels;
pub mod endpoint_shapes;
pub mod endpoints;
pub mod events;
pub mod import_files;
pub mod jobs;
pub mod journeys;
pub mod message_results;
pub mod messages;
pub mod recommenders;
pub mod segments;
pub mod settings;
pub mod templates;

#[cfg(test)]
mod hot_shapes_tests;

use std::str::FromStr;

use crate::store::StoreError;

/// Parses an enum member, naming the member and the accepted values when it is wrong.
pub fn parse_enum<E: FromStr>(member: &str, value: &str, all: &[&str]) -> Result<E, StoreError> {
    E::from_str(value).map_err(|_| {
        StoreError::invalid(format!(
            "Invalid {member} {value:?}: must be one of {}",
            all.join(", ")
        ))
    })
}

/// The `MessageBody` answer of UpdateEndpoint and UpdateEndpointsBatch.
#[derive(Debug, serde::Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct MessageBody {
    pub message: &'static str,
    #[serde(rename = "RequestID")]
    pub request_id: String,
}

impl MessageBody {
    pub fn accepted(request_id: &str) -> Self {
        Self {
            message: "Accepted",
            request_id: request_id.to_string(),
        }
    }
}
