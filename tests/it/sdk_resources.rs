//! Application settings, tags and recommender configurations through the Rust SDK, each
//! operation with a success and a modelled error (docs/behaviour.md#application-settings,
//! #tags, #recommenders).

use aws_sdk_pinpoint::types::{
    CampaignLimits, CreateRecommenderConfigurationShape, QuietTime, TagsModel,
    UpdateRecommenderConfigurationShape, WriteApplicationSettingsRequest,
};

use crate::common::{app_id, app_with_an_endpoint, TestServer};
use crate::{expect_code, expect_modelled};

#[tokio::test]
async fn settings_are_read_and_updated_member_by_member() {
    let server = TestServer::start().await;
    let c = server.client();
    let app = app_with_an_endpoint(&c).await;
    let fresh = c
        .get_application_settings()
        .application_id(&app)
        .send()
        .await
        .unwrap()
        .application_settings_resource
        .unwrap();
    assert_eq!(fresh.limits().and_then(|l| l.daily()), None);
    let write = |w: WriteApplicationSettingsRequest| {
        c.update_application_settings()
            .application_id(&app)
            .write_application_settings_request(w)
            .send()
    };
    write(
        WriteApplicationSettingsRequest::builder()
            .limits(CampaignLimits::builder().daily(3).build())
            .build(),
    )
    .await
    .unwrap();
    let both = write(
        WriteApplicationSettingsRequest::builder()
            .quiet_time(QuietTime::builder().start("21:00").end("08:00").build())
            .build(),
    )
    .await
    .unwrap()
    .application_settings_resource
    .unwrap();
    assert_eq!(both.limits().and_then(|l| l.daily()), Some(3));
    assert_eq!(both.quiet_time().and_then(|q| q.start()), Some("21:00"));
    expect_modelled!(
        write(
            WriteApplicationSettingsRequest::builder()
                .limits(CampaignLimits::builder().messages_per_second(0).build())
                .build()
        ),
        is_bad_request_exception
    );
    expect_modelled!(
        c.get_application_settings().application_id(app_id()).send(),
        is_not_found_exception
    );
}

#[tokio::test]
async fn tags_are_added_listed_and_removed_by_arn() {
    let server = TestServer::start().await;
    let c = server.client();
    let app = c
        .create_app()
        .create_application_request(
            aws_sdk_pinpoint::types::CreateApplicationRequest::builder()
                .name("tagged")
                .build(),
        )
        .send()
        .await
        .unwrap()
        .application_response
        .unwrap();
    let arn = app.arn().unwrap();
    let tags = |pairs: &[(&str, &str)]| {
        let mut b = TagsModel::builder();
        for (k, v) in pairs {
            b = b.tags(*k, *v);
        }
        b.build()
    };
    c.tag_resource()
        .resource_arn(arn)
        .tags_model(tags(&[("team", "growth"), ("stage", "dev")]))
        .send()
        .await
        .unwrap();
    let listed = c
        .list_tags_for_resource()
        .resource_arn(arn)
        .send()
        .await
        .unwrap()
        .tags_model
        .unwrap();
    assert_eq!(listed.tags().map(|t| t.len()), Some(2));
    c.untag_resource()
        .resource_arn(arn)
        .tag_keys("stage")
        .send()
        .await
        .unwrap();
    let got = c
        .get_app()
        .application_id(app.id().unwrap())
        .send()
        .await
        .unwrap()
        .application_response
        .unwrap();
    assert_eq!(got.tags().map(|t| t.len()), Some(1));
    expect_code!(
        c.tag_resource()
            .resource_arn(arn)
            .tags_model(tags(&[("aws:reserved", "x")]))
            .send(),
        "BadRequestException"
    );
    let missing = arn.replace(app.id().unwrap(), &app_id());
    expect_code!(
        c.list_tags_for_resource().resource_arn(&missing).send(),
        "NotFoundException"
    );
    expect_code!(
        c.untag_resource()
            .resource_arn(&missing)
            .tag_keys("team")
            .send(),
        "NotFoundException"
    );
}

#[tokio::test]
async fn a_recommender_configuration_is_created_listed_replaced_and_deleted() {
    let server = TestServer::start().await;
    let c = server.client();
    const ROLE: &str = "arn:aws:iam::123456789012:role/personalize";
    const URI: &str = "arn:aws:personalize:us-east-1:123456789012:campaign/picks";
    let created = c
        .create_recommender_configuration()
        .create_recommender_configuration(
            CreateRecommenderConfigurationShape::builder()
                .name("picks")
                .recommendation_provider_role_arn(ROLE)
                .recommendation_provider_uri(URI)
                .build(),
        )
        .send()
        .await
        .unwrap()
        .recommender_configuration_response
        .unwrap();
    assert_eq!(created.recommendations_per_message(), Some(5));
    let id = created.id().unwrap();
    let got = c
        .get_recommender_configuration()
        .recommender_id(id)
        .send()
        .await
        .unwrap()
        .recommender_configuration_response
        .unwrap();
    assert_eq!(got.name(), Some("picks"));
    let listed = c
        .get_recommender_configurations()
        .send()
        .await
        .unwrap()
        .list_recommender_configurations_response
        .unwrap();
    assert_eq!(listed.item().len(), 1);
    let replace = |per: i32| {
        UpdateRecommenderConfigurationShape::builder()
            .recommendation_provider_role_arn(ROLE)
            .recommendation_provider_uri(URI)
            .recommendations_per_message(per)
            .build()
    };
    let updated = c
        .update_recommender_configuration()
        .recommender_id(id)
        .update_recommender_configuration(replace(2))
        .send()
        .await
        .unwrap()
        .recommender_configuration_response
        .unwrap();
    assert_eq!(updated.recommendations_per_message(), Some(2));
    assert_eq!(updated.name(), None);
    expect_modelled!(
        c.update_recommender_configuration()
            .recommender_id(id)
            .update_recommender_configuration(replace(9))
            .send(),
        is_bad_request_exception
    );
    expect_modelled!(
        c.get_recommender_configurations().page_size("0").send(),
        is_bad_request_exception
    );
    expect_modelled!(
        c.create_recommender_configuration()
            .create_recommender_configuration(
                CreateRecommenderConfigurationShape::builder()
                    .recommendation_provider_role_arn(ROLE)
                    .recommendation_provider_uri("arn:aws:lambda:us-east-1:1:function:f")
                    .build(),
            )
            .send(),
        is_bad_request_exception
    );
    c.delete_recommender_configuration()
        .recommender_id(id)
        .send()
        .await
        .unwrap();
    expect_modelled!(
        c.delete_recommender_configuration()
            .recommender_id(id)
            .send(),
        is_not_found_exception
    );
    expect_modelled!(
        c.get_recommender_configuration().recommender_id(id).send(),
        is_not_found_exception
    );
}
