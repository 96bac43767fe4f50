//! The recommender configuration operations: create, get, list, update, delete.
//! <https://docs.aws.amazon.com/pinpoint/latest/apireference/recommenders.html>

use axum::extract::State;
use axum::Json;
use serde_json::Value;

use crate::error::ApiError;
use crate::paging::PageQuery;
use crate::protocol::{Ctx, Labels, PinpointJson, PinpointQuery};
use crate::store::resources::recommenders::{Recommender, RecommenderWrite};
use crate::AppState;

pub async fn create_recommender_configuration(
    State(st): State<AppState>,
    ctx: Ctx,
    PinpointJson(w): PinpointJson<RecommenderWrite>,
) -> Result<Json<Recommender>, ApiError> {
    Ok(Json(st.store.create_recommender(&ctx.scope, w)?))
}

pub async fn get_recommender_configuration(
    State(st): State<AppState>,
    ctx: Ctx,
    Labels(id): Labels<String>,
) -> Result<Json<Recommender>, ApiError> {
    Ok(Json(st.store.recommender(&ctx.scope, &id)?))
}

pub async fn get_recommender_configurations(
    State(st): State<AppState>,
    ctx: Ctx,
    PinpointQuery(q): PinpointQuery<PageQuery>,
) -> Result<Json<Value>, ApiError> {
    let all = st.store.recommenders(&ctx.scope);
    let page = q.page(all, |r| format!("{}|{}", r.creation_date, r.id))?;
    Ok(Json(page.to_listing()))
}

pub async fn update_recommender_configuration(
    State(st): State<AppState>,
    ctx: Ctx,
    Labels(id): Labels<String>,
    PinpointJson(w): PinpointJson<RecommenderWrite>,
) -> Result<Json<Recommender>, ApiError> {
    Ok(Json(st.store.update_recommender(&ctx.scope, &id, w)?))
}

pub async fn delete_recommender_configuration(
    State(st): State<AppState>,
    ctx: Ctx,
    Labels(id): Labels<String>,
) -> Result<Json<Recommender>, ApiError> {
    Ok(Json(st.store.delete_recommender(&ctx.scope, &id)?))
}
