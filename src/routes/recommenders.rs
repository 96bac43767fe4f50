//! The recommender configuration operations: create, get, list, update, delete.
//! <https://docs.aws.amazon.com/pinpoint/latest/apireference/recommenders.html>

use crate::dto::recommenders::{create_write, recommender_response, update_write};
use crate::error::ApiError;
use crate::model::{
    CreateRecommenderConfigurationRequest, CreateRecommenderConfigurationResponse,
    DeleteRecommenderConfigurationRequest, DeleteRecommenderConfigurationResponse,
    GetRecommenderConfigurationRequest, GetRecommenderConfigurationResponse,
    GetRecommenderConfigurationsRequest, GetRecommenderConfigurationsResponse,
    ListRecommenderConfigurationsResponse, UpdateRecommenderConfigurationRequest,
    UpdateRecommenderConfigurationResponse,
};
use crate::protocol::Ctx;
use crate::{paging, AppState};

pub async fn create_recommender_configuration(
    st: AppState,
    ctx: Ctx,
    input: CreateRecommenderConfigurationRequest,
) -> Result<CreateRecommenderConfigurationResponse, ApiError> {
    let w = create_write(input.create_recommender_configuration);
    let r = st.store.create_recommender(&ctx.scope, w)?;
    Ok(CreateRecommenderConfigurationResponse {
        recommender_configuration_response: recommender_response(r),
    })
}

pub async fn get_recommender_configuration(
    st: AppState,
    ctx: Ctx,
    input: GetRecommenderConfigurationRequest,
) -> Result<GetRecommenderConfigurationResponse, ApiError> {
    let r = st.store.recommender(&ctx.scope, &input.recommender_id)?;
    Ok(GetRecommenderConfigurationResponse {
        recommender_configuration_response: recommender_response(r),
    })
}

pub async fn get_recommender_configurations(
    st: AppState,
    ctx: Ctx,
    input: GetRecommenderConfigurationsRequest,
) -> Result<GetRecommenderConfigurationsResponse, ApiError> {
    let all = st.store.recommenders(&ctx.scope);
    let page = paging::page(
        all,
        input.page_size.as_deref(),
        input.token.as_deref(),
        |r| format!("{}|{}", r.creation_date, r.id),
    )?;
    Ok(GetRecommenderConfigurationsResponse {
        list_recommender_configurations_response: ListRecommenderConfigurationsResponse {
            item: Some(page.items.into_iter().map(recommender_response).collect()),
            next_token: page.next_token,
        },
    })
}

pub async fn update_recommender_configuration(
    st: AppState,
    ctx: Ctx,
    input: UpdateRecommenderConfigurationRequest,
) -> Result<UpdateRecommenderConfigurationResponse, ApiError> {
    let w = update_write(input.update_recommender_configuration);
    let r = st
        .store
        .update_recommender(&ctx.scope, &input.recommender_id, w)?;
    Ok(UpdateRecommenderConfigurationResponse {
        recommender_configuration_response: recommender_response(r),
    })
}

pub async fn delete_recommender_configuration(
    st: AppState,
    ctx: Ctx,
    input: DeleteRecommenderConfigurationRequest,
) -> Result<DeleteRecommenderConfigurationResponse, ApiError> {
    let r = st
        .store
        .delete_recommender(&ctx.scope, &input.recommender_id)?;
    Ok(DeleteRecommenderConfigurationResponse {
        recommender_configuration_response: recommender_response(r),
    })
}
