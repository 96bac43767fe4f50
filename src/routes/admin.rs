//! Emulator-only routes under `/_pinpoint/`: health, the recorded events, and the whole state
//! (export, replace, reset). Plain JSON for tests and people; they never collide with `/v1`.
//! The other `/_pinpoint/` modules share `since_and_limit` and [`ClearQuery`] from here;
//! [`super::admin_routes`] puts them all together.

use std::sync::Arc;

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::error::ApiError;
use crate::protocol::{PinpointJson, PinpointQuery};
use crate::store::events::recorded::{EventFilter, RecordedEvent};
use crate::store::snapshot::Snapshot;
use crate::{time, AppState};

/// This module's `/_pinpoint/` routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/_pinpoint/health", get(health))
        .route("/_pinpoint/events", get(list_events).delete(clear_events))
        .route(
            "/_pinpoint/state",
            get(export_state).put(replace_state).delete(reset_state),
        )
}

async fn health() -> Json<Value> {
    Json(json!({ "status": "ok", "version": env!("CARGO_PKG_VERSION") }))
}

/// Filters of `GET /_pinpoint/events`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventsQuery {
    #[serde(rename = "application-id")]
    application_id: Option<String>,
    #[serde(rename = "endpoint-id")]
    endpoint_id: Option<String>,
    #[serde(rename = "event-type")]
    event_type: Option<String>,
    #[serde(rename = "user-id")]
    user_id: Option<String>,
    since: Option<String>,
    limit: Option<String>,
}

/// The `since` and `limit` filters every log query takes.
pub(super) fn since_and_limit(
    since: Option<String>,
    limit: Option<String>,
) -> Result<(Option<DateTime<Utc>>, Option<usize>), ApiError> {
    let since = since
        .map(|s| {
            time::parse_iso8601(&s).ok_or_else(|| {
                ApiError::bad(format!(
                    "Invalid since {s:?}: must be an ISO-8601 date-time"
                ))
            })
        })
        .transpose()?;
    let limit = limit
        .map(|l| {
            l.parse::<usize>()
                .map_err(|_| ApiError::bad(format!("Invalid limit {l:?}: must be a whole number")))
        })
        .transpose()?;
    Ok((since, limit))
}

impl EventsQuery {
    fn into_filter(self) -> Result<EventFilter, ApiError> {
        let (since, limit) = since_and_limit(self.since, self.limit)?;
        Ok(EventFilter {
            application_id: self.application_id,
            endpoint_id: self.endpoint_id,
            event_type: self.event_type,
            user_id: self.user_id,
            since,
            limit,
        })
    }
}

async fn list_events(
    State(st): State<AppState>,
    PinpointQuery(q): PinpointQuery<EventsQuery>,
) -> Result<Json<impl Serialize>, ApiError> {
    #[derive(Serialize)]
    #[serde(rename_all = "PascalCase")]
    struct Listed {
        events: Vec<Arc<RecordedEvent>>,
        dropped: u64,
    }
    let (events, dropped) = st.store.events.query(&q.into_filter()?);
    Ok(Json(Listed { events, dropped }))
}

/// `DELETE /_pinpoint/events` query: optionally one app, narrowed to one account or region.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClearQuery {
    #[serde(rename = "application-id")]
    pub(super) application_id: Option<String>,
    pub(super) account: Option<String>,
    pub(super) region: Option<String>,
}

async fn clear_events(
    State(st): State<AppState>,
    PinpointQuery(q): PinpointQuery<ClearQuery>,
) -> Json<Value> {
    match q.application_id {
        Some(app) => st.store.events.clear_where(|e| {
            *e.application_id == *app
                && q.account.as_ref().is_none_or(|a| **a == *e.account_id)
                && q.region.as_ref().is_none_or(|r| **r == *e.region)
        }),
        None => st.store.events.clear_all(),
    }
    Json(json!({ "Message": "Cleared" }))
}

async fn export_state(State(st): State<AppState>) -> Json<Snapshot> {
    Json(st.store.snapshot())
}

async fn replace_state(
    State(st): State<AppState>,
    PinpointJson(snap): PinpointJson<Snapshot, { 256 * 1024 * 1024 }>,
) -> Result<Json<Value>, ApiError> {
    st.store
        .replace_state(snap, &st.config.region)
        .map_err(|e| ApiError::bad(format!("Invalid state: {e}")))?;
    Ok(Json(json!({ "Message": "Replaced" })))
}

async fn reset_state(State(st): State<AppState>) -> Json<Value> {
    st.store.reset();
    Json(json!({ "Message": "Reset" }))
}
