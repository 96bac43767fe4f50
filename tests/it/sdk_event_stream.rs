//! The event stream setting through the Rust SDK (docs/behaviour.md#event-stream).

use aws_sdk_pinpoint::operation::get_event_stream::GetEventStreamError;
use aws_sdk_pinpoint::operation::put_event_stream::PutEventStreamError;
use aws_sdk_pinpoint::types::WriteEventStream;

use crate::common::{app_with_an_endpoint, TestServer};

#[tokio::test]
async fn the_event_stream_is_put_read_and_deleted() {
    let server = TestServer::start().await;
    let c = server.client();
    let app = app_with_an_endpoint(&c).await;
    let write = |dest: &str| {
        WriteEventStream::builder()
            .destination_stream_arn(dest)
            .role_arn("arn:aws:iam::123456789012:role/pinpoint")
            .build()
    };
    let put = c
        .put_event_stream()
        .application_id(&app)
        .write_event_stream(write(
            "arn:aws:kinesis:us-east-1:123456789012:stream/events",
        ))
        .send()
        .await
        .unwrap()
        .event_stream
        .unwrap();
    assert_eq!(put.application_id(), Some(app.as_str()));
    let got = c
        .get_event_stream()
        .application_id(&app)
        .send()
        .await
        .unwrap()
        .event_stream
        .unwrap();
    assert_eq!(
        got.destination_stream_arn(),
        Some("arn:aws:kinesis:us-east-1:123456789012:stream/events")
    );
    let bad = c
        .put_event_stream()
        .application_id(&app)
        .write_event_stream(write("arn:aws:sqs:us-east-1:123456789012:queue"))
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        matches!(bad, PutEventStreamError::BadRequestException(_)),
        "{bad:?}"
    );
    c.delete_event_stream()
        .application_id(&app)
        .send()
        .await
        .unwrap();
    let err = c
        .get_event_stream()
        .application_id(&app)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        matches!(err, GetEventStreamError::NotFoundException(_)),
        "{err:?}"
    );
}
