//! The test clock of a scope (docs/behaviour.md#test-clock): read it, freeze it at an instant,
//! advance it (processing everything that falls due on the way), or return it to system time.
//! `POST /_pinpoint/campaigns/run` processes what is due without moving any clock.

use axum::extract::{Query, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::admin_browse::scope_of;
use crate::clock::ClockError;
use crate::error::ApiError;
use crate::store::engagement::due::Ran;
use crate::store::Scope;
use crate::time::{format_iso, parse_duration, parse_iso8601};
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/_pinpoint/clock",
            get(read_clock).put(freeze_clock).delete(unfreeze_clock),
        )
        .route("/_pinpoint/clock/advance", post(advance_clock))
        .route("/_pinpoint/campaigns/run", post(run_due))
}

#[derive(Deserialize)]
struct ScopeQuery {
    account: Option<String>,
    region: Option<String>,
}

/// A scope's clock as the routes answer it.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct ClockOut {
    now: String,
    frozen: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    ran: Option<RanOut>,
}

/// What an advance or a run processed.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct RanOut {
    campaign_runs: u64,
    journey_activities: u64,
    messages: u64,
}

impl From<Ran> for RanOut {
    fn from(r: Ran) -> Self {
        Self {
            campaign_runs: r.campaign_runs,
            journey_activities: r.journey_activities,
            messages: r.messages,
        }
    }
}

fn clock_of(st: &AppState, scope: &Scope, ran: Option<Ran>) -> Json<ClockOut> {
    Json(ClockOut {
        now: format_iso(st.store.now(scope)),
        frozen: st.store.clocks().is_frozen(&scope.account, &scope.region),
        ran: ran.map(RanOut::from),
    })
}

fn scope(st: &AppState, q: ScopeQuery) -> Scope {
    scope_of(st, q.account, q.region)
}

/// A request body that must be a JSON object.
fn object(body: &[u8]) -> Result<serde_json::Map<String, Value>, ApiError> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(m)) => Ok(m),
        _ => Err(ApiError::bad("The body must be a JSON object")),
    }
}

/// An instant member: present, a string, and an ISO-8601 date-time.
fn instant(
    m: &serde_json::Map<String, Value>,
    name: &str,
) -> Result<chrono::DateTime<chrono::Utc>, ApiError> {
    let Some(v) = m.get(name) else {
        return Err(ApiError::bad(format!("Missing {name}")));
    };
    v.as_str()
        .and_then(parse_iso8601)
        .ok_or_else(|| ApiError::bad(format!("{name} must be an ISO-8601 date-time, not {v}")))
}

fn clock_error(e: ClockError) -> ApiError {
    match e {
        ClockError::Earlier { .. } => ApiError::bad(format!("Time does not run backwards: {e}")),
        ClockError::Ahead { .. } => {
            ApiError::Conflict(format!("Cannot return to system time: {e}"))
        }
    }
}

async fn read_clock(State(st): State<AppState>, Query(q): Query<ScopeQuery>) -> Json<ClockOut> {
    let scope = scope(&st, q);
    clock_of(&st, &scope, None)
}

async fn freeze_clock(
    State(st): State<AppState>,
    Query(q): Query<ScopeQuery>,
    body: axum::body::Bytes,
) -> Result<Json<ClockOut>, ApiError> {
    let scope = scope(&st, q);
    let at = instant(&object(&body)?, "Now")?;
    st.store
        .clocks()
        .freeze(&scope.account, &scope.region, at)
        .map_err(clock_error)?;
    Ok(clock_of(&st, &scope, None))
}

async fn unfreeze_clock(
    State(st): State<AppState>,
    Query(q): Query<ScopeQuery>,
) -> Result<Json<ClockOut>, ApiError> {
    let scope = scope(&st, q);
    st.store
        .clocks()
        .unfreeze(&scope.account, &scope.region)
        .map_err(clock_error)?;
    Ok(clock_of(&st, &scope, None))
}

async fn advance_clock(
    State(st): State<AppState>,
    Query(q): Query<ScopeQuery>,
    body: axum::body::Bytes,
) -> Result<Json<ClockOut>, ApiError> {
    let scope = scope(&st, q);
    let m = object(&body)?;
    // One reading of the clock: a By counts from it, and an unfrozen scope is frozen at it.
    let now = st.store.now(&scope);
    let target = match (m.get("By"), m.contains_key("To")) {
        (Some(by), false) => {
            let by = by
                .as_str()
                .and_then(parse_duration)
                .ok_or_else(|| {
                    ApiError::bad(format!(
                        "By must be an ISO-8601 duration of weeks, days, hours, minutes and seconds (PT15M, P1DT2H, P1W), not {by}"
                    ))
                })?;
            now + by
        }
        (None, true) => instant(&m, "To")?,
        _ => {
            return Err(ApiError::bad(
                "Give exactly one of By (a duration) or To (an instant)",
            ))
        }
    };
    if target < now {
        return Err(clock_error(ClockError::Earlier {
            now,
            wanted: target,
        }));
    }
    st.store.clocks().set(&scope.account, &scope.region, now);
    let store = std::sync::Arc::clone(&st.store);
    let s2 = scope.clone();
    let ran = tokio::task::spawn_blocking(move || store.advance_clock(&s2, target))
        .await
        .map_err(|e| ApiError::Internal(format!("advancing the clock: {e}")))?
        .map_err(clock_error)?;
    Ok(clock_of(&st, &scope, Some(ran)))
}

/// Processes, in every scope, the work due at that scope's clock, moving no clock.
async fn run_due(State(st): State<AppState>) -> Result<Json<Value>, ApiError> {
    let store = std::sync::Arc::clone(&st.store);
    let ran = tokio::task::spawn_blocking(move || store.run_due_everywhere(false))
        .await
        .map_err(|e| ApiError::Internal(format!("running due work: {e}")))?;
    Ok(Json(serde_json::json!({
        "Delivered": ran.campaign_runs,
        "Ran": RanOut::from(ran),
    })))
}
