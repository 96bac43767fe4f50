//! PutEventStream, GetEventStream and DeleteEventStream. The setting is kept and answered; no
//! event is published to Kinesis or Firehose.
//! <https://docs.aws.amazon.com/pinpoint/latest/apireference/apps-application-id-eventstream.html>

use crate::error::ApiError;
use crate::model::{
    self, DeleteEventStreamRequest, DeleteEventStreamResponse, GetEventStreamRequest,
    GetEventStreamResponse, PutEventStreamRequest, PutEventStreamResponse,
};
use crate::protocol::Ctx;
use crate::store::events::stream::EventStream;
use crate::AppState;

/// The store's event stream as the model's `EventStream`.
fn wire(s: EventStream) -> model::EventStream {
    model::EventStream {
        application_id: Some(s.application_id),
        destination_stream_arn: Some(s.destination_stream_arn),
        external_id: None,
        last_modified_date: Some(s.last_modified_date),
        last_updated_by: None,
        role_arn: Some(s.role_arn),
    }
}

pub async fn put_event_stream(
    st: AppState,
    ctx: Ctx,
    input: PutEventStreamRequest,
) -> Result<PutEventStreamResponse, ApiError> {
    let w = input.write_event_stream;
    let s = st.store.put_event_stream(
        &ctx.scope,
        &input.application_id,
        w.destination_stream_arn.as_deref(),
        w.role_arn.as_deref(),
    )?;
    Ok(PutEventStreamResponse {
        event_stream: wire(s),
    })
}

pub async fn get_event_stream(
    st: AppState,
    ctx: Ctx,
    input: GetEventStreamRequest,
) -> Result<GetEventStreamResponse, ApiError> {
    let s = st.store.event_stream(&ctx.scope, &input.application_id)?;
    Ok(GetEventStreamResponse {
        event_stream: wire(s),
    })
}

pub async fn delete_event_stream(
    st: AppState,
    ctx: Ctx,
    input: DeleteEventStreamRequest,
) -> Result<DeleteEventStreamResponse, ApiError> {
    let s = st
        .store
        .delete_event_stream(&ctx.scope, &input.application_id)?;
    Ok(DeleteEventStreamResponse {
        event_stream: wire(s),
    })
}
