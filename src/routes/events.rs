//! PutEvents. Its input is a hand-written hot-path type (`dto::events::PutEventsInput`); its
//! answer the generated `EventsResponse`.
//! <https://docs.aws.amazon.com/pinpoint/latest/apireference/apps-application-id-events.html>

use crate::dto::events::{events_response, PutEventsInput};
use crate::error::ApiError;
use crate::model::PutEventsResponse;
use crate::protocol::Ctx;
use crate::AppState;

pub async fn put_events(
    st: AppState,
    ctx: Ctx,
    input: PutEventsInput,
) -> Result<PutEventsResponse, ApiError> {
    let batches = input.events_request.into_batches()?;
    let outcomes =
        st.store
            .put_events(&ctx.scope, &input.application_id, batches, &ctx.request_id)?;
    Ok(PutEventsResponse {
        events_response: events_response(outcomes),
    })
}
