//! Segments through the Rust SDK: create, read, versions, listing, delete, the modelled errors,
//! and membership read back (docs/behaviour.md#segments).

use aws_sdk_pinpoint::operation::create_segment::CreateSegmentError;
use aws_sdk_pinpoint::operation::get_segment::GetSegmentError;
use aws_sdk_pinpoint::types::{
    AttributeDimension, AttributeType, ChannelType, EndpointRequest, MetricDimension,
    SegmentDimensions, SegmentGroup, SegmentGroupList, SegmentReference, SourceType,
    WriteSegmentRequest,
};

use crate::common::{app_id, app_with_an_endpoint, put_endpoint, raw, TestServer};

fn gold() -> SegmentDimensions {
    SegmentDimensions::builder()
        .attributes(
            "plan",
            AttributeDimension::builder()
                .attribute_type(AttributeType::Inclusive)
                .values("gold")
                .build(),
        )
        .metrics(
            "orders",
            MetricDimension::builder()
                .comparison_operator("GREATER_THAN")
                .value(1.0)
                .build(),
        )
        .build()
}

#[tokio::test]
async fn segments_are_versioned_listed_evaluated_and_deleted() {
    let server = TestServer::start().await;
    let c = server.client();
    let app = app_id();
    for (id, plan, orders) in [
        ("e1", "gold", 3.0),
        ("e2", "gold", 1.0),
        ("e3", "free", 9.0),
    ] {
        put_endpoint(
            &c,
            &app,
            id,
            EndpointRequest::builder()
                .channel_type(ChannelType::Email)
                .address(format!("{id}@example.com"))
                .attributes("plan", vec![plan.into()])
                .metrics("orders", orders)
                .build(),
        )
        .await;
    }
    let created = c
        .create_segment()
        .application_id(&app)
        .write_segment_request(
            WriteSegmentRequest::builder()
                .name("gold")
                .dimensions(gold())
                .build(),
        )
        .send()
        .await
        .unwrap()
        .segment_response
        .unwrap();
    let id = created.id().unwrap().to_string();
    assert_eq!(created.version(), Some(1));
    assert_eq!(
        created.segment_type().map(|t| t.as_str()),
        Some("DIMENSIONAL")
    );
    assert!(created.arn().unwrap().ends_with(&format!("/segments/{id}")));
    let members = raw(
        &server.state,
        "GET",
        &format!("/_pinpoint/segments?application-id={app}&segment-id={id}"),
        "",
        &[],
    )
    .await
    .json();
    assert_eq!(members["EndpointIds"], serde_json::json!(["e1"]));
    let v2 = c
        .update_segment()
        .application_id(&app)
        .segment_id(&id)
        .write_segment_request(WriteSegmentRequest::builder().name("gold v2").build())
        .send()
        .await
        .unwrap()
        .segment_response
        .unwrap();
    assert_eq!((v2.version(), v2.name()), (Some(2), Some("gold v2")));
    assert_eq!(v2.dimensions(), Some(&gold()), "members left out are kept");
    let v1 = c
        .get_segment_version()
        .application_id(&app)
        .segment_id(&id)
        .version("1")
        .send()
        .await
        .unwrap()
        .segment_response
        .unwrap();
    assert_eq!(v1.name(), Some("gold"));
    let versions = c
        .get_segment_versions()
        .application_id(&app)
        .segment_id(&id)
        .send()
        .await
        .unwrap()
        .segments_response
        .unwrap();
    let numbers: Vec<Option<i32>> = versions.item().iter().map(|s| s.version()).collect();
    assert_eq!(numbers, [Some(2), Some(1)]);
    // A group that excludes the gold segment.
    let rest = c
        .create_segment()
        .application_id(&app)
        .write_segment_request(
            WriteSegmentRequest::builder()
                .segment_groups(
                    SegmentGroupList::builder()
                        .groups(
                            SegmentGroup::builder()
                                .source_segments(
                                    SegmentReference::builder().id(&id).version(1).build(),
                                )
                                .source_type(SourceType::None)
                                .build(),
                        )
                        .build(),
                )
                .build(),
        )
        .send()
        .await
        .unwrap()
        .segment_response
        .unwrap();
    let others = raw(
        &server.state,
        "GET",
        &format!(
            "/_pinpoint/segments?application-id={app}&segment-id={}",
            rest.id().unwrap()
        ),
        "",
        &[],
    )
    .await
    .json();
    assert_eq!(others["EndpointIds"], serde_json::json!(["e2", "e3"]));
    let listed = c
        .get_segments()
        .application_id(&app)
        .send()
        .await
        .unwrap()
        .segments_response
        .unwrap();
    assert_eq!(listed.item().len(), 2);
    c.delete_segment()
        .application_id(&app)
        .segment_id(&id)
        .send()
        .await
        .unwrap();
    let err = c
        .get_segment()
        .application_id(&app)
        .segment_id(&id)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        matches!(err, GetSegmentError::NotFoundException(_)),
        "{err:?}"
    );
}

#[tokio::test]
async fn invalid_segments_are_bad_requests() {
    let server = TestServer::start().await;
    let c = server.client();
    let app = app_with_an_endpoint(&c).await;
    let bad = SegmentDimensions::builder()
        .metrics(
            "orders",
            MetricDimension::builder()
                .comparison_operator("ABOUT")
                .value(1.0)
                .build(),
        )
        .build();
    let err = c
        .create_segment()
        .application_id(&app)
        .write_segment_request(WriteSegmentRequest::builder().dimensions(bad).build())
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    match err {
        CreateSegmentError::BadRequestException(e) => {
            assert!(e.message().unwrap().contains("ComparisonOperator"))
        }
        other => panic!("{other:?}"),
    }
}
