//! Where each endpoint of a journey is (docs/behaviour.md#journey-positions):
//! `GET /_pinpoint/journeys/positions?application-id=…&journey-id=…`, with the scope as
//! `account` and `region` like every `/_pinpoint/` route.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

use super::admin_browse::scope_of;
use crate::error::ApiError;
use crate::protocol::PinpointQuery;
use crate::store::engagement::journeys::metrics::Position;
use crate::store::engagement::journeys::progress::Place;
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route("/_pinpoint/journeys/positions", get(positions))
}

/// `GET /_pinpoint/journeys/positions` query.
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
