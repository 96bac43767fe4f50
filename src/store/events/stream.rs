//! The event stream setting (docs/behaviour.md#event-stream): kept per app and answered; the
//! emulator publishes nothing to Kinesis or Firehose.

use serde::{Deserialize, Serialize};

use crate::store::{Scope, Store, StoreError, StoreResult};

/// An app's `EventStream`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct EventStream {
    pub application_id: String,
    pub destination_stream_arn: String,
    pub last_modified_date: String,
    pub role_arn: String,
}

/// Checks WriteEventStream's two ARNs.
fn check(destination: Option<&str>, role: Option<&str>) -> StoreResult<(String, String)> {
    let destination = destination.filter(|d| !d.is_empty()).ok_or_else(|| {
        StoreError::invalid("Missing DestinationStreamArn: the event stream needs a destination")
    })?;
    let role = role
        .filter(|r| !r.is_empty())
        .ok_or_else(|| StoreError::invalid("Missing RoleArn: the event stream needs a role"))?;
    if !(destination.starts_with("arn:aws:kinesis:")
        || destination.starts_with("arn:aws:firehose:"))
    {
        return Err(StoreError::invalid(format!(
            "Invalid DestinationStreamArn {destination:?}: a Kinesis stream or Firehose delivery stream ARN (arn:aws:kinesis:… or arn:aws:firehose:…)"
        )));
    }
    if !role.starts_with("arn:aws:iam::") {
        return Err(StoreError::invalid(format!(
            "Invalid RoleArn {role:?}: an IAM role ARN (arn:aws:iam::…)"
        )));
    }
    Ok((destination.to_string(), role.to_string()))
}

impl Store {
    /// PutEventStream: sets (or replaces) the app's event stream.
    pub fn put_event_stream(
        &self,
        scope: &Scope,
        app_id: &str,
        destination: Option<&str>,
        role: Option<&str>,
    ) -> StoreResult<EventStream> {
        let (destination_stream_arn, role_arn) = check(destination, role)?;
        self.write_app(scope, app_id, |data| {
            let stream = EventStream {
                application_id: app_id.to_string(),
                destination_stream_arn,
                last_modified_date: self.now_iso(scope),
                role_arn,
            };
            *data.event_stream_mut() = Some(stream.clone());
            Ok(stream)
        })
    }

    /// GetEventStream; none set → 404.
    pub fn event_stream(&self, scope: &Scope, app_id: &str) -> StoreResult<EventStream> {
        self.read_app(scope, app_id, |data| {
            data.event_stream().cloned().ok_or(StoreError::NotFound)
        })?
    }

    /// DeleteEventStream: the stream as it was; none set → 404.
    pub fn delete_event_stream(&self, scope: &Scope, app_id: &str) -> StoreResult<EventStream> {
        self.write_app(scope, app_id, |data| {
            data.event_stream_mut().take().ok_or(StoreError::NotFound)
        })
    }
}
