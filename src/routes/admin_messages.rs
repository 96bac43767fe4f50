//! Emulator-only routes for messaging: the sent-message log, what a recipient did with a sent
//! message (docs/behaviour.md#engagement-route), the one-time passwords in flight and the
//! opt-out list (docs/behaviour.md#sent-messages).

use std::collections::BTreeMap;

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

use super::admin::{since_and_limit, ClearQuery};
use super::admin_browse::scope_of;
use crate::error::ApiError;
use crate::protocol::{Labels, PinpointJson, PinpointQuery};
use crate::store::events::recorded::RecordedEvent;
use crate::store::messaging::messages::engagement::EngagementIn;
use crate::store::messaging::messages::opt_outs::OptOutRecord;
use crate::store::messaging::messages::sent::{SentFilter, SentMessage};
use crate::store::DEFAULT_ACCOUNT;
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/_pinpoint/sent-messages",
            get(list_sent).delete(clear_sent),
        )
        .route(
            "/_pinpoint/sent-messages/{message_id}/events",
            post(record_engagement),
        )
        .route("/_pinpoint/otp", get(list_otp))
        .route(
            "/_pinpoint/opt-outs",
            get(list_opt_outs).put(add_opt_outs).delete(remove_opt_outs),
        )
}

/// Filters of `GET /_pinpoint/sent-messages`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SentQuery {
    #[serde(rename = "application-id")]
    application_id: Option<String>,
    channel: Option<String>,
    address: Option<String>,
    #[serde(rename = "endpoint-id")]
    endpoint_id: Option<String>,
    #[serde(rename = "user-id")]
    user_id: Option<String>,
    since: Option<String>,
    limit: Option<String>,
}

async fn list_sent(
    State(st): State<AppState>,
    PinpointQuery(q): PinpointQuery<SentQuery>,
) -> Result<Json<Value>, ApiError> {
    let (since, limit) = since_and_limit(q.since, q.limit)?;
    let filter = SentFilter {
        application_id: q.application_id,
        channel: q.channel,
        address: q.address,
        endpoint_id: q.endpoint_id,
        user_id: q.user_id,
        since,
        limit,
    };
    let (messages, dropped) = st.store.sent.query(&filter);
    let messages: Vec<&SentMessage> = messages.iter().map(|m| &**m).collect();
    Ok(Json(json!({ "Messages": messages, "Dropped": dropped })))
}

async fn clear_sent(
    State(st): State<AppState>,
    PinpointQuery(q): PinpointQuery<ClearQuery>,
) -> Json<Value> {
    match q.application_id {
        Some(app) => st.store.sent.clear_where(|m| {
            *m.application_id == *app
                && q.account.as_ref().is_none_or(|a| **a == *m.account_id)
                && q.region.as_ref().is_none_or(|r| **r == *m.region)
        }),
        None => st.store.sent.clear_all(),
    }
    Json(json!({ "Message": "Cleared" }))
}

/// The scope of an emulator route that names one.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScopeQuery {
    account: Option<String>,
    region: Option<String>,
}

/// `POST /_pinpoint/sent-messages/{MessageId}/events` body.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct EngagementBody {
    event_type: Option<String>,
    #[serde(default)]
    attributes: BTreeMap<String, String>,
    #[serde(default)]
    metrics: BTreeMap<String, f64>,
}

async fn record_engagement(
    State(st): State<AppState>,
    Labels(message_id): Labels<String>,
    PinpointQuery(q): PinpointQuery<ScopeQuery>,
    PinpointJson(body): PinpointJson<EngagementBody>,
) -> Result<(StatusCode, Json<RecordedEvent>), ApiError> {
    let scope = scope_of(&st, q.account, q.region);
    let input = EngagementIn {
        event_type: body.event_type,
        attributes: body.attributes,
        metrics: body.metrics,
    };
    let record = st.store.record_engagement(&scope, &message_id, input)?;
    Ok((StatusCode::CREATED, Json(record)))
}

/// Filters of `GET /_pinpoint/otp`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OtpQuery {
    #[serde(rename = "application-id")]
    application_id: Option<String>,
    destination: Option<String>,
    #[serde(rename = "reference-id")]
    reference_id: Option<String>,
}

async fn list_otp(
    State(st): State<AppState>,
    PinpointQuery(q): PinpointQuery<OtpQuery>,
) -> Json<Value> {
    let codes = st.store.otp_codes(
        q.application_id.as_deref(),
        q.destination.as_deref(),
        q.reference_id.as_deref(),
    );
    Json(json!({ "Codes": codes }))
}

/// `account` and `address` narrow the opt-out routes.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OptOutQuery {
    account: Option<String>,
    address: Option<String>,
}

async fn list_opt_outs(
    State(st): State<AppState>,
    PinpointQuery(q): PinpointQuery<OptOutQuery>,
) -> Json<Value> {
    let list = st.store.opt_outs(q.account.as_deref());
    let list: Vec<&OptOutRecord> = list
        .iter()
        .filter(|r| q.address.as_ref().is_none_or(|a| *a == r.address))
        .collect();
    Json(json!({ "OptOuts": list }))
}

/// `PUT /_pinpoint/opt-outs` body: addresses to add, for one account.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct OptOutsIn {
    account_id: Option<String>,
    addresses: Vec<String>,
}

async fn add_opt_outs(
    State(st): State<AppState>,
    PinpointJson(body): PinpointJson<OptOutsIn>,
) -> Result<Json<Value>, ApiError> {
    let account = body
        .account_id
        .unwrap_or_else(|| DEFAULT_ACCOUNT.to_string());
    let records = body
        .addresses
        .into_iter()
        .map(|address| OptOutRecord {
            account_id: account.clone(),
            address,
        })
        .collect();
    st.store.add_opt_outs(records)?;
    Ok(Json(json!({ "Message": "Added" })))
}

async fn remove_opt_outs(
    State(st): State<AppState>,
    PinpointQuery(q): PinpointQuery<OptOutQuery>,
) -> Json<Value> {
    st.store
        .remove_opt_outs(q.account.as_deref(), q.address.as_deref());
    Json(json!({ "Message": "Removed" }))
}
