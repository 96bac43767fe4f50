//! CreateJourney, GetJourney, ListJourneys, UpdateJourney, DeleteJourney and
//! UpdateJourneyState. An ACTIVE journey runs on the scope's test clock (docs/behaviour.md#journeys-that-run).
//! <https://docs.aws.amazon.com/pinpoint/latest/apireference/apps-application-id-journeys.html>

use crate::dto::journeys::{journey_response, CreateJourneyInput};
use crate::error::ApiError;
use crate::model::{
    CreateJourneyResponse, DeleteJourneyRequest, DeleteJourneyResponse, GetJourneyRequest,
    GetJourneyResponse, JourneysResponse, ListJourneysRequest, ListJourneysResponse,
    UpdateJourneyRequest, UpdateJourneyResponse, UpdateJourneyStateRequest,
    UpdateJourneyStateResponse,
};
use crate::protocol::Ctx;
use crate::{paging, AppState};

pub async fn create_journey(
    st: AppState,
    ctx: Ctx,
    input: CreateJourneyInput,
) -> Result<CreateJourneyResponse, ApiError> {
    let tags = input.tags()?;
    let app_id = input.request.application_id;
    let j = st.store.create_journey(
        &ctx.scope,
        &app_id,
        input.request.write_journey_request,
        tags,
    )?;
    Ok(CreateJourneyResponse {
        journey_response: journey_response(&app_id, j),
    })
}

pub async fn get_journey(
    st: AppState,
    ctx: Ctx,
    input: GetJourneyRequest,
) -> Result<GetJourneyResponse, ApiError> {
    let j = st
        .store
        .journey(&ctx.scope, &input.application_id, &input.journey_id)?;
    Ok(GetJourneyResponse {
        journey_response: journey_response(&input.application_id, j),
    })
}

/// UpdateJourney: `tags` in its body is ignored (the model's WriteJourneyRequest has none).
pub async fn update_journey(
    st: AppState,
    ctx: Ctx,
    input: UpdateJourneyRequest,
) -> Result<UpdateJourneyResponse, ApiError> {
    let j = st.store.update_journey(
        &ctx.scope,
        &input.application_id,
        &input.journey_id,
        input.write_journey_request,
    )?;
    Ok(UpdateJourneyResponse {
        journey_response: journey_response(&input.application_id, j),
    })
}

pub async fn delete_journey(
    st: AppState,
    ctx: Ctx,
    input: DeleteJourneyRequest,
) -> Result<DeleteJourneyResponse, ApiError> {
    let j = st
        .store
        .delete_journey(&ctx.scope, &input.application_id, &input.journey_id)?;
    Ok(DeleteJourneyResponse {
        journey_response: journey_response(&input.application_id, j),
    })
}

pub async fn update_journey_state(
    st: AppState,
    ctx: Ctx,
    input: UpdateJourneyStateRequest,
) -> Result<UpdateJourneyStateResponse, ApiError> {
    let j = st.store.update_journey_state(
        &ctx.scope,
        &input.application_id,
        &input.journey_id,
        input.journey_state_request.state.map(Into::into),
    )?;
    Ok(UpdateJourneyStateResponse {
        journey_response: journey_response(&input.application_id, j),
    })
}

pub async fn list_journeys(
    st: AppState,
    ctx: Ctx,
    input: ListJourneysRequest,
) -> Result<ListJourneysResponse, ApiError> {
    let all = st.store.journeys(&ctx.scope, &input.application_id)?;
    let page = paging::page(
        all,
        input.page_size.as_deref(),
        input.token.as_deref(),
        |j| format!("{}|{}", j.creation_date, j.id),
    )?;
    Ok(ListJourneysResponse {
        journeys_response: JourneysResponse {
            item: Some(
                page.items
                    .into_iter()
                    .map(|j| journey_response(&input.application_id, j))
                    .collect(),
            ),
            next_token: page.next_token,
        },
    })
}
