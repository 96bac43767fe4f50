//! Campaigns through the Rust SDK: create, status, a run delivered into the sent-message log,
//! the activity, versions, and the modelled errors (docs/behaviour.md#campaigns).

use aws_sdk_pinpoint::operation::create_campaign::CreateCampaignError;
use aws_sdk_pinpoint::types::{
    AttributeDimension, CampaignSmsMessage, CampaignStatus, ChannelType, EndpointRequest,
    MessageConfiguration, Schedule, SegmentDimensions, SmsChannelRequest, WriteCampaignRequest,
    WriteSegmentRequest,
};
use serde_json::Value;

use crate::common::{app_id, put_endpoint, raw, TestServer};

fn sms(body: &str) -> MessageConfiguration {
    MessageConfiguration::builder()
        .sms_message(CampaignSmsMessage::builder().body(body).build())
        .build()
}

#[tokio::test]
async fn a_campaign_is_created_run_and_its_activity_read() {
    let server = TestServer::start().await;
    let c = server.client();
    let app = app_id();
    put_endpoint(
        &c,
        &app,
        "e1",
        EndpointRequest::builder()
            .channel_type(ChannelType::Sms)
            .address("+12065550100")
            .attributes("plan", vec!["gold".into()])
            .build(),
    )
    .await;
    c.update_sms_channel()
        .application_id(&app)
        .sms_channel_request(SmsChannelRequest::builder().enabled(true).build())
        .send()
        .await
        .unwrap();
    let seg = c
        .create_segment()
        .application_id(&app)
        .write_segment_request(
            WriteSegmentRequest::builder()
                .dimensions(
                    SegmentDimensions::builder()
                        .attributes("plan", AttributeDimension::builder().values("gold").build())
                        .build(),
                )
                .build(),
        )
        .send()
        .await
        .unwrap()
        .segment_response
        .unwrap();
    let seg_id = seg.id().unwrap();
    let created = c
        .create_campaign()
        .application_id(&app)
        .write_campaign_request(
            WriteCampaignRequest::builder()
                .name("launch")
                .segment_id(seg_id)
                .schedule(Schedule::builder().start_time("IMMEDIATE").build())
                .message_configuration(sms("Launch day, {{Attributes.plan}} member"))
                .build(),
        )
        .send()
        .await
        .unwrap()
        .campaign_response
        .unwrap();
    let id = created.id().unwrap().to_string();
    assert_eq!(created.segment_version(), Some(1));
    assert_eq!(created.version(), Some(1));
    let run = raw(&server.state, "POST", "/_pinpoint/campaigns/run", "", &[])
        .await
        .json();
    assert_eq!(run["Delivered"], 1);
    let log = raw(
        &server.state,
        "GET",
        &format!("/_pinpoint/sent-messages?application-id={app}"),
        "",
        &[],
    )
    .await
    .json();
    let messages: &Vec<Value> = log["Messages"].as_array().unwrap();
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0]["Body"], "Launch day, gold member");
    assert_eq!(messages[0]["Context"]["CampaignId"], id.as_str());
    let activities = c
        .get_campaign_activities()
        .application_id(&app)
        .campaign_id(&id)
        .send()
        .await
        .unwrap()
        .activities_response
        .unwrap();
    let a = &activities.item()[0];
    assert_eq!(
        (a.total_endpoint_count(), a.successful_endpoint_count()),
        (Some(1), Some(1))
    );
    let got = c
        .get_campaign()
        .application_id(&app)
        .campaign_id(&id)
        .send()
        .await
        .unwrap();
    let state = got.campaign_response.unwrap().state.unwrap();
    assert_eq!(state.campaign_status(), Some(&CampaignStatus::Completed));
    // An SMS campaign is not an in-app one.
    let in_app = c
        .get_in_app_messages()
        .application_id(&app)
        .endpoint_id("e1")
        .send()
        .await
        .unwrap()
        .in_app_messages_response
        .unwrap();
    assert!(in_app.in_app_message_campaigns().is_empty());
    let err = c
        .create_campaign()
        .application_id(&app)
        .write_campaign_request(
            WriteCampaignRequest::builder()
                .segment_id(seg_id)
                .message_configuration(sms("no schedule"))
                .build(),
        )
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    match err {
        CreateCampaignError::BadRequestException(e) => {
            assert!(e.message().unwrap().contains("Schedule"))
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn campaigns_are_versioned_listed_and_deleted() {
    use aws_sdk_pinpoint::operation::get_campaign::GetCampaignError;
    let server = TestServer::start().await;
    let c = server.client();
    let app = app_id();
    put_endpoint(
        &c,
        &app,
        "e1",
        EndpointRequest::builder()
            .channel_type(ChannelType::Sms)
            .address("+12065550100")
            .build(),
    )
    .await;
    let seg = c
        .create_segment()
        .application_id(&app)
        .write_segment_request(WriteSegmentRequest::builder().name("all").build())
        .send()
        .await
        .unwrap()
        .segment_response
        .unwrap();
    let write = |name: &str| {
        WriteCampaignRequest::builder()
            .name(name)
            .segment_id(seg.id().unwrap())
            .schedule(
                Schedule::builder()
                    .start_time("2030-01-01T00:00:00Z")
                    .build(),
            )
            .message_configuration(sms("later"))
            .build()
    };
    let created = c
        .create_campaign()
        .application_id(&app)
        .write_campaign_request(write("first"))
        .send()
        .await
        .unwrap()
        .campaign_response
        .unwrap();
    let id = created.id().unwrap().to_string();
    let updated = c
        .update_campaign()
        .application_id(&app)
        .campaign_id(&id)
        .write_campaign_request(WriteCampaignRequest::builder().name("second").build())
        .send()
        .await
        .unwrap()
        .campaign_response
        .unwrap();
    assert_eq!(
        (updated.version(), updated.name()),
        (Some(2), Some("second"))
    );
    assert_eq!(
        updated.state().and_then(|s| s.campaign_status()),
        Some(&CampaignStatus::Scheduled)
    );
    let v1 = c
        .get_campaign_version()
        .application_id(&app)
        .campaign_id(&id)
        .version("1")
        .send()
        .await
        .unwrap()
        .campaign_response
        .unwrap();
    assert_eq!(v1.name(), Some("first"));
    let versions = c
        .get_campaign_versions()
        .application_id(&app)
        .campaign_id(&id)
        .send()
        .await
        .unwrap();
    let numbers: Vec<Option<i32>> = versions
        .campaigns_response
        .unwrap()
        .item()
        .iter()
        .map(|v| v.version())
        .collect();
    assert_eq!(numbers, [Some(2), Some(1)]);
    let listed = c
        .get_campaigns()
        .application_id(&app)
        .send()
        .await
        .unwrap()
        .campaigns_response
        .unwrap();
    assert_eq!(listed.item().len(), 1);
    c.delete_campaign()
        .application_id(&app)
        .campaign_id(&id)
        .send()
        .await
        .unwrap();
    let err = c
        .get_campaign()
        .application_id(&app)
        .campaign_id(&id)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        matches!(err, GetCampaignError::NotFoundException(_)),
        "{err:?}"
    );
}
