//! Fault injection (docs/behaviour.md#faults): `/_pinpoint/faults` to set, list and remove
//! rules, and the check each operation's guard (`routes::pinpoint_routes`) runs before its
//! handler, so a faulted call changes nothing.

use std::time::Duration;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get};
use axum::{Json, Router};

use crate::error::ApiError;
use crate::protocol::catalog::OperationSpec;
use crate::protocol::operations::is_operation;
use crate::protocol::{Labels, PinpointJson};
use crate::store::faults::{FaultRule, FaultSet};
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/_pinpoint/faults",
            get(list).put(replace).post(add).delete(clear),
        )
        .route("/_pinpoint/faults/{id}", delete(remove))
}

async fn list(State(st): State<AppState>) -> Json<FaultSet> {
    Json(st.store.faults.list())
}

async fn replace(
    State(st): State<AppState>,
    PinpointJson(set): PinpointJson<FaultSet>,
) -> Result<Json<FaultSet>, ApiError> {
    Ok(Json(st.store.faults.replace(set, &is_operation)?))
}

async fn add(
    State(st): State<AppState>,
    PinpointJson(rule): PinpointJson<FaultRule>,
) -> Result<(StatusCode, Json<FaultRule>), ApiError> {
    let rule = st.store.faults.add(rule, &is_operation)?;
    Ok((StatusCode::CREATED, Json(rule)))
}

async fn clear(State(st): State<AppState>) -> Result<StatusCode, ApiError> {
    st.store
        .faults
        .replace(FaultSet::default(), &is_operation)?;
    Ok(StatusCode::NO_CONTENT)
}

async fn remove(
    State(st): State<AppState>,
    Labels(id): Labels<String>,
) -> Result<Json<FaultRule>, ApiError> {
    Ok(Json(st.store.faults.remove(&id)?))
}

/// The app and endpoint ids a path names, percent-decoded, by the route's labels.
fn ids(route: &str, path: &str) -> (Option<String>, Option<String>) {
    let decode = |s: &str| {
        percent_encoding::percent_decode_str(s)
            .decode_utf8_lossy()
            .into_owned()
    };
    let (mut app, mut endpoint) = (None, None);
    for (label, value) in route.split('/').zip(path.split('/')) {
        match label {
            "{application-id}" => app = Some(decode(value)),
            "{endpoint-id}" => endpoint = Some(decode(value)),
            _ => {}
        }
    }
    (app, endpoint)
}

/// The first call-level rule that fires for a call of `op` (docs/behaviour.md#faults): waits
/// its latency, then gives its error response, or `None` when the handler is to run. One atomic
/// load when no rule is set.
pub async fn injected(st: &AppState, op: &OperationSpec, path: &str) -> Option<Response> {
    if !st.store.faults.is_active() {
        return None;
    }
    let (app, endpoint) = ids(op.uri, path);
    let fault = st
        .store
        .faults
        .on_call(op.name, app.as_deref(), endpoint.as_deref())?;
    if fault.latency_ms > 0 {
        tokio::time::sleep(Duration::from_millis(fault.latency_ms)).await;
    }
    fault.error.map(|(status, kind, message)| {
        ApiError::Injected {
            status,
            kind,
            message,
        }
        .into_response()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_name_their_ids() {
        let (app, ep) = ids(
            "/v1/apps/{application-id}/endpoints/{endpoint-id}",
            "/v1/apps/a1/endpoints/e%2F1",
        );
        assert_eq!((app.as_deref(), ep.as_deref()), (Some("a1"), Some("e/1")));
    }
}
