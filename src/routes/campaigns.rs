//! CreateCampaign, GetCampaigns, GetCampaign, UpdateCampaign, DeleteCampaign,
//! GetCampaignVersion, GetCampaignVersions, GetCampaignActivities and GetInAppMessages.
//! <https://docs.aws.amazon.com/pinpoint/latest/apireference/apps-application-id-campaigns.html>

use crate::dto::campaigns::{activity_response, campaign_response, in_app_message_campaign};
use crate::error::ApiError;
use crate::model::{
    ActivitiesResponse, CampaignResponse, CampaignsResponse, CreateCampaignRequest,
    CreateCampaignResponse, DeleteCampaignRequest, DeleteCampaignResponse,
    GetCampaignActivitiesRequest, GetCampaignActivitiesResponse, GetCampaignRequest,
    GetCampaignResponse, GetCampaignVersionRequest, GetCampaignVersionResponse,
    GetCampaignVersionsRequest, GetCampaignVersionsResponse, GetCampaignsRequest,
    GetCampaignsResponse, GetInAppMessagesRequest, GetInAppMessagesResponse, InAppMessagesResponse,
    UpdateCampaignRequest, UpdateCampaignResponse,
};
use crate::protocol::Ctx;
use crate::{paging, AppState};

/// The latest version of a campaign, as the answer.
fn latest(st: &AppState, ctx: &Ctx, app_id: &str, id: &str) -> Result<CampaignResponse, ApiError> {
    let (c, status) = st.store.campaign(&ctx.scope, app_id, id)?;
    Ok(campaign_response(
        &ctx.scope,
        app_id,
        &c,
        c.versions.latest().0,
        &status,
    ))
}

pub async fn create_campaign(
    st: AppState,
    ctx: Ctx,
    input: CreateCampaignRequest,
) -> Result<CreateCampaignResponse, ApiError> {
    let app_id = input.application_id;
    let (store, scope, app) = (st.store.clone(), ctx.scope.clone(), app_id.clone());
    // Off the async workers: a webhook's HEAD check may wait on the network.
    let c = tokio::task::spawn_blocking(move || {
        store.create_campaign(&scope, &app, input.write_campaign_request)
    })
    .await
    .map_err(|e| ApiError::Internal(format!("creating a campaign: {e}")))??;
    Ok(CreateCampaignResponse {
        campaign_response: latest(&st, &ctx, &app_id, &c.id)?,
    })
}

pub async fn get_campaign(
    st: AppState,
    ctx: Ctx,
    input: GetCampaignRequest,
) -> Result<GetCampaignResponse, ApiError> {
    Ok(GetCampaignResponse {
        campaign_response: latest(&st, &ctx, &input.application_id, &input.campaign_id)?,
    })
}

pub async fn update_campaign(
    st: AppState,
    ctx: Ctx,
    input: UpdateCampaignRequest,
) -> Result<UpdateCampaignResponse, ApiError> {
    let (app_id, id) = (input.application_id, input.campaign_id);
    let (store, scope, app, cid) = (
        st.store.clone(),
        ctx.scope.clone(),
        app_id.clone(),
        id.clone(),
    );
    // Off the async workers: a webhook's HEAD check may wait on the network.
    tokio::task::spawn_blocking(move || {
        store.update_campaign(&scope, &app, &cid, input.write_campaign_request)
    })
    .await
    .map_err(|e| ApiError::Internal(format!("updating a campaign: {e}")))??;
    Ok(UpdateCampaignResponse {
        campaign_response: latest(&st, &ctx, &app_id, &id)?,
    })
}

pub async fn delete_campaign(
    st: AppState,
    ctx: Ctx,
    input: DeleteCampaignRequest,
) -> Result<DeleteCampaignResponse, ApiError> {
    let app_id = input.application_id;
    let (c, status) = st
        .store
        .delete_campaign(&ctx.scope, &app_id, &input.campaign_id)?;
    Ok(DeleteCampaignResponse {
        campaign_response: campaign_response(
            &ctx.scope,
            &app_id,
            &c,
            c.versions.latest().0,
            &status,
        ),
    })
}

pub async fn get_campaigns(
    st: AppState,
    ctx: Ctx,
    input: GetCampaignsRequest,
) -> Result<GetCampaignsResponse, ApiError> {
    let app_id = input.application_id;
    let all = st.store.campaigns(&ctx.scope, &app_id)?;
    let page = paging::page(
        all,
        input.page_size.as_deref(),
        input.token.as_deref(),
        |(c, _)| format!("{}|{}", c.creation_date, c.id),
    )?;
    let item = page
        .items
        .iter()
        .map(|(c, s)| campaign_response(&ctx.scope, &app_id, c, c.versions.latest().0, s))
        .collect();
    Ok(GetCampaignsResponse {
        campaigns_response: CampaignsResponse {
            item: Some(item),
            next_token: page.next_token,
        },
    })
}

pub async fn get_campaign_version(
    st: AppState,
    ctx: Ctx,
    input: GetCampaignVersionRequest,
) -> Result<GetCampaignVersionResponse, ApiError> {
    let app_id = input.application_id;
    let (c, n, status) =
        st.store
            .campaign_version(&ctx.scope, &app_id, &input.campaign_id, &input.version)?;
    Ok(GetCampaignVersionResponse {
        campaign_response: campaign_response(&ctx.scope, &app_id, &c, n, &status),
    })
}

pub async fn get_campaign_versions(
    st: AppState,
    ctx: Ctx,
    input: GetCampaignVersionsRequest,
) -> Result<GetCampaignVersionsResponse, ApiError> {
    let app_id = input.application_id;
    let (c, status) = st.store.campaign(&ctx.scope, &app_id, &input.campaign_id)?;
    let newest_first: Vec<u32> = c.versions.newest_first();
    let page = paging::page(
        newest_first,
        input.page_size.as_deref(),
        input.token.as_deref(),
        |n| format!("{:010}", u32::MAX - n),
    )?;
    let item = page
        .items
        .iter()
        .map(|n| campaign_response(&ctx.scope, &app_id, &c, *n, &status))
        .collect();
    Ok(GetCampaignVersionsResponse {
        campaigns_response: CampaignsResponse {
            item: Some(item),
            next_token: page.next_token,
        },
    })
}

pub async fn get_campaign_activities(
    st: AppState,
    ctx: Ctx,
    input: GetCampaignActivitiesRequest,
) -> Result<GetCampaignActivitiesResponse, ApiError> {
    let app_id = input.application_id;
    let (c, _) = st.store.campaign(&ctx.scope, &app_id, &input.campaign_id)?;
    let newest_first: Vec<(usize, _)> = c.activities.iter().enumerate().rev().collect();
    let page = paging::page(
        newest_first,
        input.page_size.as_deref(),
        input.token.as_deref(),
        |(i, _)| format!("{:012}", usize::MAX / 2 - i),
    )?;
    let item = page
        .items
        .iter()
        .map(|(_, a)| activity_response(&app_id, &c.id, a))
        .collect();
    Ok(GetCampaignActivitiesResponse {
        activities_response: ActivitiesResponse {
            item: Some(item),
            next_token: page.next_token,
        },
    })
}

/// GetInAppMessages: the in-app campaigns the endpoint is in.
pub async fn get_in_app_messages(
    st: AppState,
    ctx: Ctx,
    input: GetInAppMessagesRequest,
) -> Result<GetInAppMessagesResponse, ApiError> {
    let campaigns =
        st.store
            .in_app_campaigns(&ctx.scope, &input.application_id, &input.endpoint_id)?;
    Ok(GetInAppMessagesResponse {
        in_app_messages_response: InAppMessagesResponse {
            in_app_message_campaigns: Some(campaigns.iter().map(in_app_message_campaign).collect()),
        },
    })
}
