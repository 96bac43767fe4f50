//! Paged, read-only JSON views for the dashboard (docs/behaviour.md#dashboard): the apps of
//! every account and region, an app's endpoints and users with a search, one endpoint with its
//! user's other endpoints, each segment's member count, and each campaign's status and runs. Like every `/_pinpoint/` route they
//! take the scope as `account` and `region` (default account, `--region`).

use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::dto::endpoints::EndpointResponse;
use crate::error::ApiError;
use crate::paging::{self, Page};
use crate::protocol::PinpointQuery;
use crate::routes::json_body;
use crate::store::Scope;
use crate::store::DEFAULT_ACCOUNT;
use crate::views::{EndpointSearch, Listing};
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/_pinpoint/apps", get(apps))
        .route("/_pinpoint/endpoints", get(endpoints))
        .route("/_pinpoint/endpoint", get(endpoint))
        .route("/_pinpoint/users", get(users))
        .route("/_pinpoint/segment-counts", get(segment_counts))
        .route("/_pinpoint/campaign-runs", get(campaign_runs))
}

/// The scope of an app-level query: the default account and `--region` unless given.
pub(super) fn scope_of(st: &AppState, account: Option<String>, region: Option<String>) -> Scope {
    Scope {
        account: account
            .filter(|a| !a.is_empty())
            .unwrap_or_else(|| DEFAULT_ACCOUNT.to_string()),
        region: region
            .filter(|r| !r.is_empty())
            .unwrap_or_else(|| st.config.region.clone()),
    }
}

/// A listing's JSON: `Item`, `Count` (matches in all), and `NextToken` unless it is the last
/// page.
pub(super) fn listing<T: serde::Serialize>(l: &Listing<T>) -> Value {
    let mut out = json!({ "Item": l.page.items });
    if let Some(token) = &l.page.next_token {
        out["NextToken"] = token.clone().into();
    }
    out["Count"] = l.count.into();
    out
}

/// `GET /_pinpoint/apps` query: paging only.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AppsQuery {
    #[serde(rename = "page-size")]
    page_size: Option<String>,
    token: Option<String>,
}

async fn apps(
    State(st): State<AppState>,
    PinpointQuery(q): PinpointQuery<AppsQuery>,
) -> Result<Json<Value>, ApiError> {
    let all = st.store.app_summaries();
    let count = all.len();
    // Sorted by account, region, creation date, id: the key keeps that order.
    let page = paging::page(all, q.page_size.as_deref(), q.token.as_deref(), |a| {
        format!(
            "{}\u{1}{}\u{1}{}\u{1}{}",
            a.account_id, a.region, a.creation_date, a.application_id
        )
    })?;
    Ok(Json(listing(&Listing { page, count })))
}

/// The query of the app-level listings.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    #[serde(rename = "application-id")]
    application_id: String,
    account: Option<String>,
    region: Option<String>,
    /// Search text: part of an id, a user id or an address, in any case.
    q: Option<String>,
    /// Only this user's endpoints (`/_pinpoint/endpoints`).
    #[serde(rename = "user-id")]
    user_id: Option<String>,
    #[serde(rename = "page-size")]
    page_size: Option<String>,
    token: Option<String>,
}

async fn endpoints(
    State(st): State<AppState>,
    PinpointQuery(q): PinpointQuery<ListQuery>,
) -> Result<Json<Value>, ApiError> {
    let (size, after) = paging::parse(q.page_size.as_deref(), q.token.as_deref())?;
    let scope = scope_of(&st, q.account, q.region);
    let search = EndpointSearch::new(q.q.as_deref(), q.user_id.filter(|u| !u.is_empty()));
    let l =
        st.store
            .browse_endpoints(&scope, &q.application_id, &search, size, after.as_deref())?;
    Ok(Json(listing(&l)))
}

async fn users(
    State(st): State<AppState>,
    PinpointQuery(q): PinpointQuery<ListQuery>,
) -> Result<Json<Value>, ApiError> {
    if q.user_id.is_some() {
        return Err(ApiError::bad(
            "user-id filters /_pinpoint/endpoints; search users with q",
        ));
    }
    let (size, after) = paging::parse(q.page_size.as_deref(), q.token.as_deref())?;
    let scope = scope_of(&st, q.account, q.region);
    let l = st.store.browse_users(
        &scope,
        &q.application_id,
        q.q.as_deref(),
        size,
        after.as_deref(),
    )?;
    Ok(Json(listing(&l)))
}

/// `GET /_pinpoint/endpoint` query: one endpoint of one app.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EndpointQuery {
    #[serde(rename = "application-id")]
    application_id: String,
    #[serde(rename = "endpoint-id")]
    endpoint_id: String,
    account: Option<String>,
    region: Option<String>,
}

async fn endpoint(
    State(st): State<AppState>,
    PinpointQuery(q): PinpointQuery<EndpointQuery>,
) -> Result<Response, ApiError> {
    let scope = scope_of(&st, q.account, q.region);
    let app = q.application_id;
    st.store
        .endpoint_detail(&scope, &app, &q.endpoint_id, |view, others| {
            json_body(&json!({
                "Endpoint": EndpointResponse::new(&app, view),
                "UserEndpoints": others,
            }))
        })?
}

/// The query of an app's paged listing (`GET /_pinpoint/segment-counts`,
/// `GET /_pinpoint/journeys`): one app, and paging.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AppPageQuery {
    #[serde(rename = "application-id")]
    pub(super) application_id: String,
    pub(super) account: Option<String>,
    pub(super) region: Option<String>,
    #[serde(rename = "page-size")]
    pub(super) page_size: Option<String>,
    pub(super) token: Option<String>,
}

async fn segment_counts(
    State(st): State<AppState>,
    PinpointQuery(q): PinpointQuery<AppPageQuery>,
) -> Result<Json<Value>, ApiError> {
    let (size, after) = paging::parse(q.page_size.as_deref(), q.token.as_deref())?;
    let scope = scope_of(&st, q.account, q.region);
    let all = st.store.segment_counts(&scope, &q.application_id)?;
    let count = all.len();
    let page: Page<_> = paging::cut(all, size, after.as_deref(), |s| &s.segment_id);
    Ok(Json(listing(&Listing { page, count })))
}

/// How many runs of each campaign `/_pinpoint/campaign-runs` shows unless `runs` says.
const DEFAULT_RUNS: usize = 20;

/// `GET /_pinpoint/campaign-runs` query: one app, paged by campaign, and how many of each
/// campaign's newest runs to show (1 to 1,000).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CampaignRunsQuery {
    #[serde(rename = "application-id")]
    application_id: String,
    account: Option<String>,
    region: Option<String>,
    #[serde(rename = "page-size")]
    page_size: Option<String>,
    token: Option<String>,
    runs: Option<String>,
}

async fn campaign_runs(
    State(st): State<AppState>,
    PinpointQuery(q): PinpointQuery<CampaignRunsQuery>,
) -> Result<Json<Value>, ApiError> {
    let (size, after) = paging::parse(q.page_size.as_deref(), q.token.as_deref())?;
    let runs = match q.runs.as_deref() {
        None => DEFAULT_RUNS,
        Some(r) => r
            .trim()
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=paging::MAX_PAGE_SIZE).contains(n))
            .ok_or_else(|| {
                ApiError::bad(format!(
                    "runs must be a whole number from 1 to {}, not {r:?}",
                    paging::MAX_PAGE_SIZE
                ))
            })?,
    };
    let scope = scope_of(&st, q.account, q.region);
    let l = st
        .store
        .campaign_runs(&scope, &q.application_id, size, after.as_deref(), runs)?;
    Ok(Json(listing(&l)))
}
