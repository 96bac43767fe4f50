//! Where each endpoint of a journey is (docs/behaviour.md#journey-positions):
//! `GET /_pinpoint/journeys/positions?application-id=…&journey-id=…`; and the dashboard's
//! journeys (docs/behaviour.md#dashboard-journeys): `GET /_pinpoint/journeys?application-id=…`
//! (one page of an app's journeys with their state and counts) and
//! `GET /_pinpoint/journeys/graph?application-id=…&journey-id=…` (one journey's activities as a
//! graph). Each takes the scope as `account` and `region` like every `/_pinpoint/` route.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::admin_browse::AppPageQuery;
use super::admin_browse::{listing, scope_of};
use crate::error::ApiError;
use crate::paging;
use crate::protocol::PinpointQuery;
use crate::store::engagement::journeys::metrics::Position;
use crate::store::engagement::journeys::progress::Place;
use crate::views::JourneyGraph;
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/_pinpoint/journeys/positions", get(positions))
        .route("/_pinpoint/journeys", get(journeys))
        .route("/_pinpoint/journeys/graph", get(graph))
}

/// `GET /_pinpoint/journeys/positions` and `GET /_pinpoint/journeys/graph` query.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PositionsQuery {
    #[serde(rename = "application-id")]
    application_id: String,
    #[serde(rename = "journey-id")]
    journey_id: String,
    account: Option<String>,
    region: Option<String>,
}

/// One endpoint's row.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PositionRow {
    endpoint_id: String,
    activity_id: Option<String>,
    state: Place,
    since: String,
    entries: u32,
}

impl From<Position> for PositionRow {
    fn from(p: Position) -> Self {
        Self {
            endpoint_id: p.endpoint_id,
            activity_id: p.activity_id,
            state: p.state,
            since: p.since,
            entries: p.entries,
        }
    }
}

/// The answer: every endpoint that entered, in order of first entry.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Positions {
    endpoints: Vec<PositionRow>,
}

async fn positions(
    State(st): State<AppState>,
    PinpointQuery(q): PinpointQuery<PositionsQuery>,
) -> Result<Json<Positions>, ApiError> {
    let scope = scope_of(&st, q.account, q.region);
    let rows = st
        .store
        .journey_positions(&scope, &q.application_id, &q.journey_id)?;
    Ok(Json(Positions {
        endpoints: rows.into_iter().map(PositionRow::from).collect(),
    }))
}

async fn journeys(
    State(st): State<AppState>,
    PinpointQuery(q): PinpointQuery<AppPageQuery>,
) -> Result<Json<Value>, ApiError> {
    let (size, after) = paging::parse(q.page_size.as_deref(), q.token.as_deref())?;
    let scope = scope_of(&st, q.account, q.region);
    let l = st
        .store
        .journey_summaries(&scope, &q.application_id, size, after.as_deref())?;
    Ok(Json(listing(&l)))
}

async fn graph(
    State(st): State<AppState>,
    PinpointQuery(q): PinpointQuery<PositionsQuery>,
) -> Result<Json<JourneyGraph>, ApiError> {
    let scope = scope_of(&st, q.account, q.region);
    let g = st
        .store
        .journey_graph(&scope, &q.application_id, &q.journey_id)?;
    Ok(Json(g))
}
