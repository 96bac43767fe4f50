//! CreateCampaign, GetCampaigns, GetCampaign, UpdateCampaign, DeleteCampaign,
//! GetCampaignVersion, GetCampaignVersions and GetCampaignActivities.
//! <https://docs.aws.amazon.com/pinpoint/latest/apireference/apps-application-id-campaigns.html>

use axum::extract::State;
use axum::Json;
use serde_json::{Map, Value};

use crate::dto::campaigns::{activity_response, campaign_in, campaign_response, CampaignsQuery};
use crate::error::ApiError;
use crate::paging::{self, Page};
use crate::protocol::{Ctx, Labels, PinpointJson, PinpointQuery};
use crate::AppState;

/// The latest version of a campaign, as the answer.
fn latest(st: &AppState, ctx: &Ctx, app_id: &str, id: &str) -> Result<Json<Value>, ApiError> {
    let (c, status) = st.store.campaign(&ctx.scope, app_id, id)?;
    Ok(Json(campaign_response(
        &ctx.scope,
        app_id,
        &c,
        c.latest().0,
        status,
    )))
}

pub async fn create_campaign(
    State(st): State<AppState>,
    ctx: Ctx,
    Labels(app_id): Labels<String>,
    PinpointJson(body): PinpointJson<Map<String, Value>>,
) -> Result<Json<Value>, ApiError> {
    let (body, tags) = campaign_in(body)?;
    let c = st.store.create_campaign(&ctx.scope, &app_id, body, tags)?;
    latest(&st, &ctx, &app_id, &c.id)
}

pub async fn get_campaign(
    State(st): State<AppState>,
    ctx: Ctx,
    Labels((app_id, id)): Labels<(String, String)>,
) -> Result<Json<Value>, ApiError> {
    latest(&st, &ctx, &app_id, &id)
}

pub async fn update_campaign(
    State(st): State<AppState>,
    ctx: Ctx,
    Labels((app_id, id)): Labels<(String, String)>,
    PinpointJson(body): PinpointJson<Map<String, Value>>,
) -> Result<Json<Value>, ApiError> {
    // Tags in an update are ignored (they are set by CreateCampaign and TagResource).
    let (body, _) = campaign_in(body)?;
    st.store.update_campaign(&ctx.scope, &app_id, &id, body)?;
    latest(&st, &ctx, &app_id, &id)
}

pub async fn delete_campaign(
    State(st): State<AppState>,
    ctx: Ctx,
    Labels((app_id, id)): Labels<(String, String)>,
) -> Result<Json<Value>, ApiError> {
    let (c, status) = st.store.delete_campaign(&ctx.scope, &app_id, &id)?;
    Ok(Json(campaign_response(
        &ctx.scope,
        &app_id,
        &c,
        c.latest().0,
        status,
    )))
}

pub async fn get_campaigns(
    State(st): State<AppState>,
    ctx: Ctx,
    Labels(app_id): Labels<String>,
    PinpointQuery(q): PinpointQuery<CampaignsQuery>,
) -> Result<Json<Value>, ApiError> {
    let all = st.store.campaigns(&ctx.scope, &app_id)?;
    let page = paging::page(all, q.page_size.as_deref(), q.token.as_deref(), |(c, _)| {
        format!("{}|{}", c.creation_date, c.id)
    })?;
    Ok(Json(into_json(page, |(c, s)| {
        campaign_response(&ctx.scope, &app_id, c, c.latest().0, *s)
    })))
}

pub async fn get_campaign_version(
    State(st): State<AppState>,
    ctx: Ctx,
    Labels((app_id, id, version)): Labels<(String, String, String)>,
) -> Result<Json<Value>, ApiError> {
    let (c, status) = st.store.campaign(&ctx.scope, &app_id, &id)?;
    let n = version.parse().map_err(|_| ApiError::not_found())?;
    c.version(n)?;
    Ok(Json(campaign_response(&ctx.scope, &app_id, &c, n, status)))
}

pub async fn get_campaign_versions(
    State(st): State<AppState>,
    ctx: Ctx,
    Labels((app_id, id)): Labels<(String, String)>,
    PinpointQuery(q): PinpointQuery<CampaignsQuery>,
) -> Result<Json<Value>, ApiError> {
    let (c, status) = st.store.campaign(&ctx.scope, &app_id, &id)?;
    let newest_first: Vec<u32> = c.versions.keys().rev().copied().collect();
    let page = paging::page(
        newest_first,
        q.page_size.as_deref(),
        q.token.as_deref(),
        |n| format!("{:010}", u32::MAX - n),
    )?;
    Ok(Json(into_json(page, |n| {
        campaign_response(&ctx.scope, &app_id, &c, *n, status)
    })))
}

pub async fn get_campaign_activities(
    State(st): State<AppState>,
    ctx: Ctx,
    Labels((app_id, id)): Labels<(String, String)>,
    PinpointQuery(q): PinpointQuery<CampaignsQuery>,
) -> Result<Json<Value>, ApiError> {
    let (c, _) = st.store.campaign(&ctx.scope, &app_id, &id)?;
    let newest_first: Vec<(usize, _)> = c.activities.iter().enumerate().rev().collect();
    let page = paging::page(
        newest_first,
        q.page_size.as_deref(),
        q.token.as_deref(),
        |(i, _)| format!("{:012}", usize::MAX / 2 - i),
    )?;
    Ok(Json(into_json(page, |(_, a)| {
        activity_response(&app_id, &c.id, a)
    })))
}

/// A page of answers as a listing: `Item`, and `NextToken` when there is a next page.
fn into_json<T>(page: Page<T>, f: impl Fn(&T) -> Value) -> Value {
    Page {
        items: page.items.iter().map(f).collect(),
        next_token: page.next_token,
    }
    .into_json()
}

/// GetInAppMessages: the in-app campaigns the endpoint is in.
pub async fn get_in_app_messages(
    State(st): State<AppState>,
    ctx: Ctx,
    Labels((app_id, endpoint_id)): Labels<(String, String)>,
) -> Result<Json<Value>, ApiError> {
    let campaigns = st
        .store
        .in_app_messages(&ctx.scope, &app_id, &endpoint_id)?;
    Ok(Json(
        serde_json::json!({ "InAppMessageCampaigns": campaigns }),
    ))
}
