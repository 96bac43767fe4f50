//! CreateJourney, GetJourney, ListJourneys, UpdateJourney, DeleteJourney and
//! UpdateJourneyState. Journeys are stored and validated, not executed.
//! <https://docs.aws.amazon.com/pinpoint/latest/apireference/apps-application-id-journeys.html>

use axum::extract::State;
use axum::Json;
use serde_json::{json, Map, Value};

use crate::dto::campaigns::CampaignsQuery as PageQuery;
use crate::dto::split_tags;
use crate::error::ApiError;
use crate::paging::{self, Page};
use crate::protocol::{Ctx, Labels, PinpointJson, PinpointQuery};
use crate::store::engagement::journeys::Journey;
use crate::AppState;

/// `JourneyResponse`: the members written, with the journey's identity, state and dates.
fn response(app_id: &str, j: &Journey) -> Value {
    let mut out = j.body.clone();
    out.entry("LocalTime").or_insert(json!(false));
    out.insert("ApplicationId".into(), json!(app_id));
    out.insert("CreationDate".into(), json!(j.creation_date));
    out.insert("Id".into(), json!(j.id));
    out.insert("LastModifiedDate".into(), json!(j.last_modified_date));
    out.insert("State".into(), json!(j.state));
    out.insert("tags".into(), json!(j.tags));
    Value::Object(out)
}

pub async fn create_journey(
    State(st): State<AppState>,
    ctx: Ctx,
    Labels(app_id): Labels<String>,
    PinpointJson(body): PinpointJson<Map<String, Value>>,
) -> Result<Json<Value>, ApiError> {
    let (body, tags) = split_tags(body)?;
    let j = st.store.create_journey(&ctx.scope, &app_id, body, tags)?;
    Ok(Json(response(&app_id, &j)))
}

pub async fn get_journey(
    State(st): State<AppState>,
    ctx: Ctx,
    Labels((app_id, id)): Labels<(String, String)>,
) -> Result<Json<Value>, ApiError> {
    Ok(Json(response(
        &app_id,
        &st.store.journey(&ctx.scope, &app_id, &id)?,
    )))
}

pub async fn update_journey(
    State(st): State<AppState>,
    ctx: Ctx,
    Labels((app_id, id)): Labels<(String, String)>,
    PinpointJson(body): PinpointJson<Map<String, Value>>,
) -> Result<Json<Value>, ApiError> {
    let (body, _) = split_tags(body)?;
    let j = st.store.update_journey(&ctx.scope, &app_id, &id, body)?;
    Ok(Json(response(&app_id, &j)))
}

pub async fn delete_journey(
    State(st): State<AppState>,
    ctx: Ctx,
    Labels((app_id, id)): Labels<(String, String)>,
) -> Result<Json<Value>, ApiError> {
    Ok(Json(response(
        &app_id,
        &st.store.delete_journey(&ctx.scope, &app_id, &id)?,
    )))
}

/// `JourneyStateRequest`.
#[derive(Debug, serde::Deserialize)]
pub struct JourneyStateRequest {
    #[serde(rename = "State")]
    state: Option<String>,
}

pub async fn update_journey_state(
    State(st): State<AppState>,
    ctx: Ctx,
    Labels((app_id, id)): Labels<(String, String)>,
    PinpointJson(req): PinpointJson<JourneyStateRequest>,
) -> Result<Json<Value>, ApiError> {
    let j = st
        .store
        .update_journey_state(&ctx.scope, &app_id, &id, req.state.as_deref())?;
    Ok(Json(response(&app_id, &j)))
}

pub async fn list_journeys(
    State(st): State<AppState>,
    ctx: Ctx,
    Labels(app_id): Labels<String>,
    PinpointQuery(q): PinpointQuery<PageQuery>,
) -> Result<Json<Value>, ApiError> {
    let all = st.store.journeys(&ctx.scope, &app_id)?;
    let page = paging::page(all, q.page_size.as_deref(), q.token.as_deref(), |j| {
        format!("{}|{}", j.creation_date, j.id)
    })?;
    let page = Page {
        items: page.items.iter().map(|j| response(&app_id, j)).collect(),
        next_token: page.next_token,
    };
    Ok(Json(page.into_json()))
}
