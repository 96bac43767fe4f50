//! CreateApp, GetApp, GetApps, DeleteApp.
//! <https://docs.aws.amazon.com/pinpoint/latest/apireference/apps.html>

use crate::dto::apps::application_response;
use crate::error::ApiError;
use crate::model::{
    ApplicationsResponse, CreateAppRequest, CreateAppResponse, DeleteAppRequest, DeleteAppResponse,
    GetAppRequest, GetAppResponse, GetAppsRequest, GetAppsResponse,
};
use crate::protocol::Ctx;
use crate::store::app::AppMeta;
use crate::{paging, AppState};

pub async fn create_app(
    st: AppState,
    ctx: Ctx,
    input: CreateAppRequest,
) -> Result<CreateAppResponse, ApiError> {
    let req = input.create_application_request;
    let name = req
        .name
        .filter(|n| !n.trim().is_empty())
        .ok_or_else(|| ApiError::bad("Missing Name: CreateApp needs a non-empty Name"))?;
    let meta = AppMeta {
        id: st.ids.resource_id(),
        name,
        tags: req.tags.unwrap_or_default(),
        creation_date: st.store.now_iso(&ctx.scope),
    };
    let app = st.store.insert_app(&ctx.scope, meta)?;
    Ok(CreateAppResponse {
        application_response: application_response(&ctx.scope, app.info()),
    })
}

pub async fn get_app(
    st: AppState,
    ctx: Ctx,
    input: GetAppRequest,
) -> Result<GetAppResponse, ApiError> {
    let app = st.store.app(&ctx.scope, &input.application_id)?;
    Ok(GetAppResponse {
        application_response: application_response(&ctx.scope, app.info()),
    })
}

pub async fn get_apps(
    st: AppState,
    ctx: Ctx,
    input: GetAppsRequest,
) -> Result<GetAppsResponse, ApiError> {
    let apps = st.store.list_apps(&ctx.scope);
    let page = paging::page(
        apps,
        input.page_size.as_deref(),
        input.token.as_deref(),
        |a| format!("{}|{}", a.creation_date, a.id),
    )?;
    Ok(GetAppsResponse {
        applications_response: ApplicationsResponse {
            item: Some(
                page.items
                    .into_iter()
                    .map(|m| application_response(&ctx.scope, m))
                    .collect(),
            ),
            next_token: page.next_token,
        },
    })
}

pub async fn delete_app(
    st: AppState,
    ctx: Ctx,
    input: DeleteAppRequest,
) -> Result<DeleteAppResponse, ApiError> {
    let meta = st.store.delete_app(&ctx.scope, &input.application_id)?;
    Ok(DeleteAppResponse {
        application_response: application_response(&ctx.scope, meta),
    })
}
