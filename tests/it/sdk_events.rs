//! PutEvents through the Rust SDK, and the recorded-events log it feeds.

use aws_sdk_pinpoint::operation::put_events::PutEventsError;
use aws_sdk_pinpoint::types::{Event, EventsBatch, EventsRequest, PublicEndpoint, Session};
use pinpoint_local::store::events::recorded::EventFilter;

use crate::common::{app_id, TestServer};

fn event(kind: &str) -> Event {
    Event::builder()
        .event_type(kind)
        .timestamp("2026-11-23T10:00:00.000Z")
        .build()
}

#[tokio::test]
async fn amplify_shaped_request_creates_the_endpoint_and_records_the_event() {
    let server = TestServer::start().await;
    let c = server.client();
    let app = app_id();
    let session = Session::builder()
        .id("s-1")
        .start_timestamp("2026-11-23T10:00:00.000Z")
        .build();
    let start = Event::builder()
        .event_type("_session.start")
        .timestamp("2026-11-23T10:00:00.000Z")
        .session(session)
        .attributes("screen", "home")
        .build();
    let req = EventsRequest::builder()
        .batch_item(
            "6F1C-Endpoint",
            EventsBatch::builder()
                .endpoint(PublicEndpoint::builder().build())
                .events("Evt-1", start)
                .build(),
        )
        .build();
    let out = c
        .put_events()
        .application_id(&app)
        .events_request(req)
        .send()
        .await
        .unwrap();
    let results = out.events_response.unwrap().results.unwrap();
    let item = &results["6F1C-Endpoint"];
    assert_eq!(
        item.endpoint_item_response().unwrap().status_code(),
        Some(202)
    );
    assert_eq!(
        item.endpoint_item_response().unwrap().message(),
        Some("Accepted")
    );
    assert_eq!(
        item.events_item_response().unwrap()["Evt-1"].message(),
        Some("Accepted")
    );
    let ep = c
        .get_endpoint()
        .application_id(&app)
        .endpoint_id("6f1c-endpoint")
        .send()
        .await
        .unwrap();
    assert_eq!(ep.endpoint_response.unwrap().opt_out(), Some("ALL"));
    let (events, _) = server.state.store.events.query(&EventFilter {
        application_id: Some(app),
        ..Default::default()
    });
    assert_eq!(events.len(), 1);
    let event: serde_json::Value = serde_json::from_str(events[0].event.get()).unwrap();
    assert_eq!(event["EventType"], "_session.start");
    assert_eq!(event["Attributes"]["screen"], "home");
}

#[tokio::test]
async fn a_bad_event_fails_alone_and_its_siblings_pass() {
    let server = TestServer::start().await;
    let c = server.client();
    let app = app_id();
    let mut crowded = Event::builder()
        .event_type("crowded")
        .timestamp("2026-11-23T10:00:00Z");
    for i in 0..41 {
        crowded = crowded.attributes(format!("a{i}"), "v");
    }
    let bad_time = Event::builder()
        .event_type("late")
        .timestamp("next tuesday")
        .build();
    let batch = EventsBatch::builder()
        .endpoint(PublicEndpoint::builder().build())
        .events("ok", event("fine"))
        .events("crowded", crowded.build())
        .events("bad-time", bad_time)
        .build();
    let req = EventsRequest::builder().batch_item("e", batch).build();
    let out = c
        .put_events()
        .application_id(&app)
        .events_request(req)
        .send()
        .await
        .unwrap();
    let results = out.events_response.unwrap().results.unwrap();
    let events = results["e"].events_item_response().unwrap();
    assert_eq!(events["ok"].status_code(), Some(202));
    assert_eq!(events["crowded"].status_code(), Some(400));
    assert!(events["crowded"]
        .message()
        .unwrap()
        .starts_with("Number of attributes per event submitted should be less than 40."));
    assert_eq!(events["bad-time"].status_code(), Some(400));
}

#[tokio::test]
async fn more_than_100_events_is_a_bad_request() {
    let server = TestServer::start().await;
    let c = server.client();
    let mut batch = EventsBatch::builder().endpoint(PublicEndpoint::builder().build());
    for i in 0..101 {
        batch = batch.events(format!("e{i}"), event("t"));
    }
    let req = EventsRequest::builder()
        .batch_item("e", batch.build())
        .build();
    let err = c
        .put_events()
        .application_id(app_id())
        .events_request(req)
        .send()
        .await
        .unwrap_err();
    assert!(matches!(
        err.into_service_error(),
        PutEventsError::BadRequestException(_)
    ));
}
