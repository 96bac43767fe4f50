//! Golden cases of the import and export jobs (without an S3 root: nothing is read or written),
//! the date-range KPIs and the journey runs and metrics, and their errors.

use super::campaigns::CAMP;
use super::{case, req, Case, Req, APP};

const IMPORT: &str = r#"{"Format":"CSV","S3Url":"s3://audience/contacts.csv","RoleArn":"arn:aws:iam::123456789012:role/import","DefineSegment":true,"SegmentName":"imported","ExternalId":"ext-1"}"#;
const EXPORT: &str =
    r#"{"S3UrlPrefix":"s3://audience/exports/","RoleArn":"arn:aws:iam::123456789012:role/export"}"#;
/// The first resource id: the import job; its segment is the second.
const JOB: &str = "00000000000000000000000000000001";
const SEGMENT: &str = "00000000000000000000000000000002";
const JOURNEY: &str = r#"{"Name":"welcome","StartActivity":"first","Activities":{"first":{"EMAIL":{"NextActivity":"pause"}},"pause":{"Wait":{"WaitTime":{"WaitFor":"P1D"}}}}}"#;
const J: &str = "00000000000000000000000000000001";
/// The first run of journey J: the next id the sequential ids give after the journey's.
const RUN: &str = "00000000000000000000000000000002";

fn an_app() -> Vec<Req> {
    vec![req(
        "PUT",
        &format!("{APP}/endpoints/e1"),
        r#"{"Address":"a@example.com","ChannelType":"EMAIL"}"#,
    )]
}

fn imported() -> Vec<Req> {
    let mut s = an_app();
    s.push(req("POST", &format!("{APP}/jobs/import"), IMPORT));
    s
}

fn exported() -> Vec<Req> {
    let mut s = an_app();
    s.push(req("POST", &format!("{APP}/jobs/export"), EXPORT));
    s
}

fn jobs() -> Vec<Case> {
    let import = format!("{APP}/jobs/import");
    let export = format!("{APP}/jobs/export");
    vec![
        case(
            "CreateImportJob",
            "created",
            an_app(),
            req("POST", &import, IMPORT),
        ),
        case(
            "CreateImportJob",
            "bad-format",
            an_app(),
            req(
                "POST",
                &import,
                r#"{"Format":"XML","S3Url":"s3://audience/a.xml","RoleArn":"arn:aws:iam::123456789012:role/import"}"#,
            ),
        ),
        case(
            "CreateImportJob",
            "unknown-app",
            vec![],
            req("POST", &import, IMPORT),
        ),
        case(
            "CreateExportJob",
            "created",
            an_app(),
            req("POST", &export, EXPORT),
        ),
        case(
            "CreateExportJob",
            "not-s3",
            an_app(),
            req(
                "POST",
                &export,
                r#"{"S3UrlPrefix":"https://example.com/","RoleArn":"arn:aws:iam::123456789012:role/export"}"#,
            ),
        ),
        case(
            "CreateExportJob",
            "unknown-segment",
            an_app(),
            req(
                "POST",
                &export,
                r#"{"S3UrlPrefix":"s3://audience/x/","RoleArn":"arn:aws:iam::123456789012:role/export","SegmentId":"nope"}"#,
            ),
        ),
        case(
            "GetImportJob",
            "completed",
            imported(),
            req("GET", &format!("{import}/{JOB}"), ""),
        ),
        case(
            "GetImportJob",
            "unknown",
            an_app(),
            req("GET", &format!("{import}/{JOB}"), ""),
        ),
        case(
            "GetExportJob",
            "completed",
            exported(),
            req("GET", &format!("{export}/{JOB}"), ""),
        ),
        case(
            "GetExportJob",
            "an-import-job-id",
            imported(),
            req("GET", &format!("{export}/{JOB}"), ""),
        ),
        case("GetImportJobs", "one", imported(), req("GET", &import, "")),
        case(
            "GetImportJobs",
            "unknown-app",
            vec![],
            req("GET", &import, ""),
        ),
        case("GetExportJobs", "one", exported(), req("GET", &export, "")),
        case(
            "GetExportJobs",
            "bad-token",
            exported(),
            req("GET", &format!("{export}?token=zz"), ""),
        ),
        case(
            "GetSegmentImportJobs",
            "the-defining-job",
            imported(),
            req("GET", &format!("{APP}/segments/{SEGMENT}/jobs/import"), ""),
        ),
        case(
            "GetSegmentImportJobs",
            "unknown-segment",
            an_app(),
            req("GET", &format!("{APP}/segments/nope/jobs/import"), ""),
        ),
        case(
            "GetSegmentExportJobs",
            "none-yet",
            imported(),
            req("GET", &format!("{APP}/segments/{SEGMENT}/jobs/export"), ""),
        ),
        case(
            "GetSegmentExportJobs",
            "unknown-segment",
            an_app(),
            req("GET", &format!("{APP}/segments/nope/jobs/export"), ""),
        ),
    ]
}

fn journey(active: bool) -> Vec<Req> {
    let mut s = an_app();
    s.push(req("POST", &format!("{APP}/journeys"), JOURNEY));
    if active {
        s.push(req(
            "PUT",
            &format!("{APP}/journeys/{J}/state"),
            r#"{"State":"ACTIVE"}"#,
        ));
    }
    s
}

/// A campaign delivered to its one endpoint.
fn delivered_campaign() -> Vec<Req> {
    let mut s = super::campaigns::setup("IMMEDIATE");
    s.push(req("POST", "/_pinpoint/campaigns/run", ""));
    s
}

fn kpis() -> Vec<Case> {
    let app_kpi = format!("{APP}/kpis/daterange/unique-deliveries");
    let j = |p: &str| format!("{APP}/journeys/{J}{p}");
    vec![
        case(
            "GetApplicationDateRangeKpi",
            "no-data",
            an_app(),
            req("GET", &app_kpi, ""),
        ),
        case(
            "GetApplicationDateRangeKpi",
            "range-over-31-days",
            an_app(),
            req(
                "GET",
                &format!("{app_kpi}?start-time=2025-11-01T00:00:00Z&end-time=2025-12-31T00:00:00Z"),
                "",
            ),
        ),
        case(
            "GetApplicationDateRangeKpi",
            "bad-name",
            an_app(),
            req("GET", &format!("{APP}/kpis/daterange/Deliveries"), ""),
        ),
        case(
            "GetCampaignDateRangeKpi",
            "delivered",
            delivered_campaign(),
            req(
                "GET",
                &format!(
                    "{APP}/campaigns/{CAMP}/kpis/daterange/successful-deliveries-grouped-by-date"
                ),
                "",
            ),
        ),
        case(
            "GetCampaignDateRangeKpi",
            "unknown-campaign",
            an_app(),
            req(
                "GET",
                &format!("{APP}/campaigns/nope/kpis/daterange/unique-deliveries"),
                "",
            ),
        ),
        case(
            "GetJourneyDateRangeKpi",
            "no-data",
            journey(false),
            req("GET", &j("/kpis/daterange/journey-emails-sent"), ""),
        ),
        case(
            "GetJourneyDateRangeKpi",
            "unknown-journey",
            an_app(),
            req("GET", &j("/kpis/daterange/journey-emails-sent"), ""),
        ),
        case(
            "GetJourneyRuns",
            "draft-has-none",
            journey(false),
            req("GET", &j("/runs"), ""),
        ),
        case(
            "GetJourneyRuns",
            "active-has-one",
            journey(true),
            req("GET", &j("/runs"), ""),
        ),
        case(
            "GetJourneyRuns",
            "unknown-journey",
            an_app(),
            req("GET", &j("/runs"), ""),
        ),
        case(
            "GetJourneyExecutionMetrics",
            "empty",
            journey(true),
            req("GET", &j("/execution-metrics"), ""),
        ),
        case(
            "GetJourneyExecutionMetrics",
            "unknown-journey",
            an_app(),
            req("GET", &j("/execution-metrics"), ""),
        ),
        case(
            "GetJourneyExecutionActivityMetrics",
            "wait-activity",
            journey(true),
            req("GET", &j("/activities/pause/execution-metrics"), ""),
        ),
        case(
            "GetJourneyExecutionActivityMetrics",
            "unknown-activity",
            journey(true),
            req("GET", &j("/activities/nope/execution-metrics"), ""),
        ),
        case(
            "GetJourneyRunExecutionMetrics",
            "the-run",
            journey(true),
            req("GET", &j(&format!("/runs/{RUN}/execution-metrics")), ""),
        ),
        case(
            "GetJourneyRunExecutionMetrics",
            "unknown-run",
            journey(true),
            req("GET", &j("/runs/nope/execution-metrics"), ""),
        ),
        case(
            "GetJourneyRunExecutionActivityMetrics",
            "email-activity",
            journey(true),
            req(
                "GET",
                &j(&format!("/runs/{RUN}/activities/first/execution-metrics")),
                "",
            ),
        ),
        case(
            "GetJourneyRunExecutionActivityMetrics",
            "draft-has-no-run",
            journey(false),
            req(
                "GET",
                &j(&format!("/runs/{J}/activities/first/execution-metrics")),
                "",
            ),
        ),
    ]
}

pub(crate) fn cases() -> Vec<Case> {
    let mut all = jobs();
    all.extend(kpis());
    all
}
