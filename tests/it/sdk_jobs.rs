//! Import and export jobs, date-range KPIs and journey runs and metrics through the Rust SDK,
//! each operation with a success and a modelled error (docs/behaviour.md#jobs, #kpis,
//! #journey-runs).

use aws_sdk_pinpoint::primitives::DateTime;
use aws_sdk_pinpoint::types::{
    ExportJobRequest, Format, ImportJobRequest, JobStatus, JourneyStateRequest, State,
};
use pinpoint_local::config::Config;

use crate::binary::temp_dir;
use crate::common::{app_id, app_with_an_endpoint, TestServer};
use crate::expect_modelled;
use crate::sdk_journeys::created_journey;

const ROLE: &str = "arn:aws:iam::123456789012:role/jobs";

#[tokio::test]
async fn jobs_import_a_file_define_a_segment_and_export_it() {
    let root = temp_dir();
    std::fs::create_dir_all(root.join("bucket")).unwrap();
    std::fs::write(
        root.join("bucket/people.json"),
        "{\"Id\":\"ana\",\"ChannelType\":\"SMS\",\"Address\":\"+12065550100\"}\n{\"Id\":\"bo\",\"ChannelType\":\"EMAIL\",\"Address\":\"bo@example.com\"}\n",
    )
    .unwrap();
    let server = TestServer::with_config(Config {
        s3_root: Some(root.clone()),
        ..Config::for_tests()
    })
    .await;
    let c = server.client();
    let app = app_with_an_endpoint(&c).await;
    let import = |req: ImportJobRequest| {
        c.create_import_job()
            .application_id(&app)
            .import_job_request(req)
            .send()
    };
    let created = import(
        ImportJobRequest::builder()
            .format(Format::Json)
            .s3_url("s3://bucket/people.json")
            .role_arn(ROLE)
            .define_segment(true)
            .segment_name("people")
            .build(),
    )
    .await
    .unwrap()
    .import_job_response
    .unwrap();
    assert_eq!(created.job_status(), Some(&JobStatus::Created));
    let job_id = created.id().unwrap();
    let done = c
        .get_import_job()
        .application_id(&app)
        .job_id(job_id)
        .send()
        .await
        .unwrap()
        .import_job_response
        .unwrap();
    assert_eq!(done.job_status(), Some(&JobStatus::Completed));
    assert_eq!(done.total_processed(), Some(2));
    let segment = done
        .definition()
        .and_then(|d| d.segment_id())
        .unwrap()
        .to_string();
    expect_modelled!(
        import(
            ImportJobRequest::builder()
                .format(Format::Csv)
                .s3_url("ftp://bucket/people.csv")
                .role_arn(ROLE)
                .build()
        ),
        is_bad_request_exception
    );
    expect_modelled!(
        c.get_import_job()
            .application_id(&app)
            .job_id("nope")
            .send(),
        is_not_found_exception
    );
    let listed = c
        .get_import_jobs()
        .application_id(&app)
        .send()
        .await
        .unwrap()
        .import_jobs_response
        .unwrap();
    assert_eq!(listed.item().len(), 1);
    expect_modelled!(
        c.get_import_jobs().application_id(&app).token("zz").send(),
        is_bad_request_exception
    );
    let of_segment = c
        .get_segment_import_jobs()
        .application_id(&app)
        .segment_id(&segment)
        .send()
        .await
        .unwrap()
        .import_jobs_response
        .unwrap();
    assert_eq!(of_segment.item()[0].id(), Some(job_id));
    expect_modelled!(
        c.get_segment_import_jobs()
            .application_id(&app)
            .segment_id("nope")
            .send(),
        is_not_found_exception
    );

    let export = |req: ExportJobRequest| {
        c.create_export_job()
            .application_id(&app)
            .export_job_request(req)
            .send()
    };
    let exported = export(
        ExportJobRequest::builder()
            .s3_url_prefix("s3://bucket/out/")
            .role_arn(ROLE)
            .segment_id(&segment)
            .build(),
    )
    .await
    .unwrap()
    .export_job_response
    .unwrap();
    let export_id = exported.id().unwrap();
    let written = root
        .join("bucket/out")
        .join(export_id)
        .join("part-00000.gz");
    assert!(written.is_file(), "{}", written.display());
    expect_modelled!(
        export(
            ExportJobRequest::builder()
                .s3_url_prefix("s3://bucket/out/")
                .role_arn(ROLE)
                .segment_id("nope")
                .build()
        ),
        is_not_found_exception
    );
    let got = c
        .get_export_job()
        .application_id(&app)
        .job_id(export_id)
        .send()
        .await
        .unwrap()
        .export_job_response
        .unwrap();
    assert_eq!(got.total_processed(), Some(2));
    expect_modelled!(
        c.get_export_job()
            .application_id(&app)
            .job_id(job_id)
            .send(),
        is_not_found_exception
    );
    let exports = c
        .get_export_jobs()
        .application_id(&app)
        .send()
        .await
        .unwrap()
        .export_jobs_response
        .unwrap();
    assert_eq!(exports.item().len(), 1);
    expect_modelled!(
        c.get_export_jobs().application_id(app_id()).send(),
        is_not_found_exception
    );
    let of_segment = c
        .get_segment_export_jobs()
        .application_id(&app)
        .segment_id(&segment)
        .send()
        .await
        .unwrap()
        .export_jobs_response
        .unwrap();
    assert_eq!(of_segment.item().len(), 1);
    expect_modelled!(
        c.get_segment_export_jobs()
            .application_id(&app)
            .segment_id("nope")
            .send(),
        is_not_found_exception
    );
    std::fs::remove_dir_all(root).ok();
}

#[tokio::test]
async fn kpis_answer_for_the_app_its_campaigns_and_journeys() {
    let server = TestServer::start().await;
    let c = server.client();
    let app = app_with_an_endpoint(&c).await;
    let kpi = c
        .get_application_date_range_kpi()
        .application_id(&app)
        .kpi_name("successful-deliveries")
        .send()
        .await
        .unwrap()
        .application_date_range_kpi_response
        .unwrap();
    assert!(kpi.kpi_result().unwrap().rows().is_empty());
    let (start, end) = (kpi.start_time().unwrap(), kpi.end_time().unwrap());
    assert_eq!(end.secs() - start.secs(), 31 * 86_400);
    expect_modelled!(
        c.get_application_date_range_kpi()
            .application_id(&app)
            .kpi_name("successful-deliveries")
            .start_time(DateTime::from_secs(end.secs() - 40 * 86_400))
            .end_time(*end)
            .send(),
        is_bad_request_exception
    );
    expect_modelled!(
        c.get_campaign_date_range_kpi()
            .application_id(&app)
            .campaign_id("nope")
            .kpi_name("unique-deliveries")
            .send(),
        is_not_found_exception
    );
    let j = created_journey(&c, &app).await;
    let jid = j.id().unwrap();
    let jkpi = c
        .get_journey_date_range_kpi()
        .application_id(&app)
        .journey_id(jid)
        .kpi_name("journey-emails-sent")
        .send()
        .await
        .unwrap()
        .journey_date_range_kpi_response
        .unwrap();
    assert_eq!(jkpi.journey_id(), Some(jid));
    expect_modelled!(
        c.get_journey_date_range_kpi()
            .application_id(&app)
            .journey_id(jid)
            .kpi_name("Journey")
            .send(),
        is_bad_request_exception
    );
}

#[tokio::test]
async fn an_activated_journey_has_its_first_run_and_metrics_before_it_runs() {
    let server = TestServer::start().await;
    let c = server.client();
    let app = app_with_an_endpoint(&c).await;
    let jid = created_journey(&c, &app).await.id().unwrap().to_string();
    let runs = || {
        c.get_journey_runs()
            .application_id(&app)
            .journey_id(&jid)
            .send()
    };
    assert!(runs()
        .await
        .unwrap()
        .journey_runs_response
        .unwrap()
        .item()
        .is_empty());
    expect_modelled!(
        c.get_journey_run_execution_metrics()
            .application_id(&app)
            .journey_id(&jid)
            .run_id(&jid)
            .send(),
        is_not_found_exception
    );
    c.update_journey_state()
        .application_id(&app)
        .journey_id(&jid)
        .journey_state_request(JourneyStateRequest::builder().state(State::Active).build())
        .send()
        .await
        .unwrap();
    let listed = runs().await.unwrap().journey_runs_response.unwrap();
    let run = listed.item()[0].run_id().unwrap().to_string();
    assert_eq!(run.len(), 32);
    assert_ne!(run, jid);
    expect_modelled!(
        c.get_journey_runs()
            .application_id(&app)
            .journey_id("nope")
            .send(),
        is_not_found_exception
    );
    let m = c
        .get_journey_execution_metrics()
        .application_id(&app)
        .journey_id(&jid)
        .send()
        .await
        .unwrap()
        .journey_execution_metrics_response
        .unwrap();
    assert!(m.metrics().is_some_and(|m| m.is_empty()));
    expect_modelled!(
        c.get_journey_execution_metrics()
            .application_id(app_id())
            .journey_id(&jid)
            .send(),
        is_not_found_exception
    );
    let a = c
        .get_journey_execution_activity_metrics()
        .application_id(&app)
        .journey_id(&jid)
        .journey_activity_id("first")
        .send()
        .await
        .unwrap()
        .journey_execution_activity_metrics_response
        .unwrap();
    assert_eq!(a.activity_type(), Some("WAIT"));
    expect_modelled!(
        c.get_journey_execution_activity_metrics()
            .application_id(&app)
            .journey_id(&jid)
            .journey_activity_id("nope")
            .send(),
        is_not_found_exception
    );
    let r = c
        .get_journey_run_execution_metrics()
        .application_id(&app)
        .journey_id(&jid)
        .run_id(&run)
        .send()
        .await
        .unwrap()
        .journey_run_execution_metrics_response
        .unwrap();
    assert_eq!(r.run_id(), Some(run.as_str()));
    let ra = c
        .get_journey_run_execution_activity_metrics()
        .application_id(&app)
        .journey_id(&jid)
        .run_id(&run)
        .journey_activity_id("first")
        .send()
        .await
        .unwrap()
        .journey_run_execution_activity_metrics_response
        .unwrap();
    assert_eq!(ra.journey_activity_id(), Some("first"));
    expect_modelled!(
        c.get_journey_run_execution_activity_metrics()
            .application_id(&app)
            .journey_id(&jid)
            .run_id("other")
            .journey_activity_id("first")
            .send(),
        is_not_found_exception
    );
}
