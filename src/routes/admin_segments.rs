//! `GET /_pinpoint/segments`: who is in a segment, computed from the endpoints as they are now
//! (docs/behaviour.md#segment-membership); `POST /_pinpoint/campaigns/run`: deliver the
//! campaigns that are due now (docs/behaviour.md#campaign-runs).

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::error::ApiError;
use crate::protocol::PinpointQuery;
use crate::store::Scope;
use crate::store::DEFAULT_ACCOUNT;
use crate::{paging, AppState};

pub fn routes() -> Router<AppState> {
    Router::new().route("/_pinpoint/segments", get(members))
}

/// The query: the segment, optionally a version, the scope (default account, `--region`),
/// and paging.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MembersQuery {
    #[serde(rename = "application-id")]
    application_id: String,
    #[serde(rename = "segment-id")]
    segment_id: String,
    version: Option<String>,
    account: Option<String>,
    region: Option<String>,
    #[serde(rename = "page-size")]
    page_size: Option<String>,
    token: Option<String>,
}

async fn members(
    State(st): State<AppState>,
    PinpointQuery(q): PinpointQuery<MembersQuery>,
) -> Result<Json<Value>, ApiError> {
    let scope = Scope {
        account: q.account.unwrap_or_else(|| DEFAULT_ACCOUNT.to_string()),
        region: q.region.unwrap_or_else(|| st.config.region.clone()),
    };
    let version = q
        .version
        .map(|v| {
            v.parse::<u32>()
                .map_err(|_| ApiError::bad(format!("Invalid version {v:?}: must be a number")))
        })
        .transpose()?;
    let ids = st
        .store
        .segment_members(&scope, &q.application_id, &q.segment_id, version)?;
    let count = ids.len();
    let indexed: Vec<(usize, String)> = ids.into_iter().enumerate().collect();
    let page = paging::page(
        indexed,
        q.page_size.as_deref(),
        q.token.as_deref(),
        |(i, _)| format!("{i:012}"),
    )?;
    let mut out = json!({
        "Count": count,
        "EndpointIds": page.items.into_iter().map(|(_, id)| id).collect::<Vec<_>>(),
    });
    if let Some(t) = page.next_token {
        out["NextToken"] = t.into();
    }
    Ok(Json(out))
}
