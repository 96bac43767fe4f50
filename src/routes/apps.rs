//! CreateApp, GetApp, GetApps, DeleteApp.
//! <https://docs.aws.amazon.com/pinpoint/latest/apireference/apps.html>

use axum::extract::State;
use axum::Json;

use crate::dto::apps::{
    ApplicationResponse, ApplicationsResponse, CreateApplicationRequest, GetAppsQuery,
};
use crate::error::ApiError;
use crate::protocol::{Ctx, Labels, PinpointJson, PinpointQuery};
use crate::store::app::AppMeta;
use crate::{paging, AppState};

pub async fn create_app(
    State(st): State<AppState>,
    ctx: Ctx,
    PinpointJson(req): PinpointJson<CreateApplicationRequest>,
) -> Result<Json<ApplicationResponse>, ApiError> {
    let name = req
        .name
        .filter(|n| !n.trim().is_empty())
        .ok_or_else(|| ApiError::bad("Missing Name: CreateApp needs a non-empty Name"))?;
    let meta = AppMeta {
        id: st.ids.resource_id(),
        name,
        tags: req.tags.unwrap_or_default(),
        creation_date: st.clock.now_iso(),
    };
    let app = st.store.insert_app(&ctx.scope, meta)?;
    Ok(Json(ApplicationResponse::new(&ctx.scope, app.info())))
}

pub async fn get_app(
    State(st): State<AppState>,
    ctx: Ctx,
    Labels(app_id): Labels<String>,
) -> Result<Json<ApplicationResponse>, ApiError> {
    let app = st.store.app(&ctx.scope, &app_id)?;
    Ok(Json(ApplicationResponse::new(&ctx.scope, app.info())))
}

pub async fn get_apps(
    State(st): State<AppState>,
    ctx: Ctx,
    PinpointQuery(q): PinpointQuery<GetAppsQuery>,
) -> Result<Json<ApplicationsResponse>, ApiError> {
    let apps = st.store.list_apps(&ctx.scope);
    let page = paging::page(apps, q.page_size.as_deref(), q.token.as_deref(), |a| {
        format!("{}|{}", a.creation_date, a.id)
    })?;
    Ok(Json(ApplicationsResponse {
        item: page
            .items
            .into_iter()
            .map(|m| ApplicationResponse::new(&ctx.scope, m))
            .collect(),
        next_token: page.next_token,
    }))
}

pub async fn delete_app(
    State(st): State<AppState>,
    ctx: Ctx,
    Labels(app_id): Labels<String>,
) -> Result<Json<ApplicationResponse>, ApiError> {
    let meta = st.store.delete_app(&ctx.scope, &app_id)?;
    Ok(Json(ApplicationResponse::new(&ctx.scope, meta)))
}
