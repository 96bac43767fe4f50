//! Journeys through the Rust SDK: create, the state machine, and the modelled 409
//! (docs/behaviour.md#journeys).

use aws_sdk_pinpoint::operation::update_journey::UpdateJourneyError;
use aws_sdk_pinpoint::types::{
    Activity, JourneyResponse, JourneyStateRequest, State, WaitActivity, WriteJourneyRequest,
};
use aws_sdk_pinpoint::Client;

use crate::common::{app_with_an_endpoint, TestServer};

pub(crate) fn journey(start: &str) -> WriteJourneyRequest {
    WriteJourneyRequest::builder()
        .name("welcome")
        .activities(
            start,
            Activity::builder()
                .wait(WaitActivity::builder().build())
                .build(),
        )
        .start_activity(start)
        .build()
}

/// A DRAFT journey created in `app` through the SDK.
pub(crate) async fn created_journey(c: &Client, app: &str) -> JourneyResponse {
    c.create_journey()
        .application_id(app)
        .write_journey_request(journey("first"))
        .send()
        .await
        .unwrap()
        .journey_response
        .unwrap()
}

#[tokio::test]
async fn a_journey_moves_through_its_states_and_conflicts_when_active() {
    let server = TestServer::start().await;
    let c = server.client();
    let app = app_with_an_endpoint(&c).await;
    let j = created_journey(&c, &app).await;
    assert_eq!(j.state(), Some(&State::Draft));
    let id = j.id().unwrap().to_string();
    let active = c
        .update_journey_state()
        .application_id(&app)
        .journey_id(&id)
        .journey_state_request(JourneyStateRequest::builder().state(State::Active).build())
        .send()
        .await
        .unwrap()
        .journey_response
        .unwrap();
    assert_eq!(active.state(), Some(&State::Active));
    let err = c
        .update_journey()
        .application_id(&app)
        .journey_id(&id)
        .write_journey_request(journey("other"))
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        matches!(err, UpdateJourneyError::ConflictException(_)),
        "{err:?}"
    );
}

#[tokio::test]
async fn journeys_are_read_listed_and_deleted() {
    use aws_sdk_pinpoint::operation::get_journey::GetJourneyError;
    let server = TestServer::start().await;
    let c = server.client();
    let app = app_with_an_endpoint(&c).await;
    let id = created_journey(&c, &app).await.id().unwrap().to_string();
    let got = c
        .get_journey()
        .application_id(&app)
        .journey_id(&id)
        .send()
        .await
        .unwrap()
        .journey_response
        .unwrap();
    assert_eq!(got.start_activity(), Some("first"));
    let listed = c
        .list_journeys()
        .application_id(&app)
        .send()
        .await
        .unwrap()
        .journeys_response
        .unwrap();
    assert_eq!(listed.item().len(), 1);
    let updated = c
        .update_journey()
        .application_id(&app)
        .journey_id(&id)
        .write_journey_request(journey("second"))
        .send()
        .await
        .unwrap()
        .journey_response
        .unwrap();
    assert_eq!(
        updated.start_activity(),
        Some("second"),
        "a draft's activities can change"
    );
    c.delete_journey()
        .application_id(&app)
        .journey_id(&id)
        .send()
        .await
        .unwrap();
    let err = c
        .get_journey()
        .application_id(&app)
        .journey_id(&id)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        matches!(err, GetJourneyError::NotFoundException(_)),
        "{err:?}"
    );
}
