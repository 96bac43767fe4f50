//! Events the emulator records itself: one event for an endpoint, stamped with the scope's
//! clock, added to the recorded-events log beside the ones PutEvents accepts. It is built through
//! the same reading a state file's records go through, so it has the shape every other record
//! has, and its `Origin` is read there once records carry one. It changes no endpoint; but
//! segment Recency reads every record's Timestamp, so it would count as endpoint activity until
//! Recency skips records whose origin is not PutEvents: campaign runs do not call it yet.

use std::collections::BTreeMap;

use serde_json::json;

use super::recorded::RecordedEvent;
use crate::store::endpoints::model::fold_id;
use crate::store::{Scope, Store};

/// One event the emulator records: its type, attributes and metrics, and where it comes from
/// (`Delivery` for what a send records).
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceEvent {
    pub origin: &'static str,
    pub event_type: String,
    pub attributes: BTreeMap<String, String>,
    pub metrics: BTreeMap<String, f64>,
}

impl Store {
    /// Records `event` for endpoint `endpoint_id` of the app at the scope's clock (its
    /// `ReceivedAt` and its `Timestamp`), with the endpoint's UserId when it has one. Returns
    /// the record's EventId.
    pub fn record_service_event(
        &self,
        scope: &Scope,
        app_id: &str,
        endpoint_id: &str,
        event: ServiceEvent,
    ) -> String {
        let now = self.now_iso(scope);
        let user_id = self.app(scope, app_id).ok().and_then(|app| {
            app.read()
                .endpoint(&fold_id(endpoint_id))
                .and_then(|e| e.user_id.clone())
        });
        let event_id = self.ids.resource_id();
        let record = json!({
            "AccountId": scope.account,
            "Region": scope.region,
            "ApplicationId": app_id,
            "EndpointId": endpoint_id,
            "EventId": event_id,
            "UserId": user_id,
            "ReceivedAt": now,
            "Origin": event.origin,
            "Event": {
                "EventType": event.event_type,
                "Timestamp": now,
                "Attributes": event.attributes,
                "Metrics": event.metrics,
            },
        });
        match serde_json::from_value::<RecordedEvent>(record) {
            Ok(r) => self.events.record(vec![r]),
            Err(e) => tracing::warn!(error = %e, "a service event could not be recorded"),
        }
        event_id
    }
}
