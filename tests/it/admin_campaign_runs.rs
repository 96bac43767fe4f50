//! `GET /_pinpoint/campaign-runs`, the dashboard's campaigns with their status and runs
//! (docs/behaviour.md#dashboard-campaigns): a DAILY campaign run three times by one advance of
//! the scope's clock shows its status on that clock and its runs newest first, as
//! GetCampaignActivities answers them.

use pinpoint_local::AppState;
use serde_json::{json, Value};

use crate::common::{ok, raw};

/// App `app` (created by its first endpoint) with one SMS endpoint, a segment of everyone and a DAILY campaign from
/// 2030-03-01T09:00Z to 2030-03-03T12:00Z, on a clock frozen at 2030-03-01T00:00Z.
async fn daily_campaign(st: &AppState) -> String {
    ok(
        st,
        "PUT",
        "/_pinpoint/clock",
        json!({"Now": "2030-03-01T00:00:00Z"}),
    )
    .await;
    ok(
        st,
        "PUT",
        "/v1/apps/app/endpoints/ana",
        json!({"ChannelType": "SMS", "Address": "+12065550141"}),
    )
    .await;
    ok(
        st,
        "PUT",
        "/v1/apps/app/channels/sms",
        json!({"Enabled": true}),
    )
    .await;
    let seg = ok(st, "POST", "/v1/apps/app/segments", json!({"Name": "all"})).await;
    let c = ok(
        st,
        "POST",
        "/v1/apps/app/campaigns",
        json!({"Name": "daily", "SegmentId": seg["Id"],
            "Schedule": {"StartTime": "2030-03-01T09:00:00Z", "Frequency": "DAILY",
                "EndTime": "2030-03-03T12:00:00Z"},
            "MessageConfiguration": {"SMSMessage": {"Body": "Good morning"}}}),
    )
    .await;
    c["Id"].as_str().unwrap().to_string()
}

async fn runs(st: &AppState, query: &str) -> Value {
    let r = raw(
        st,
        "GET",
        &format!("/_pinpoint/campaign-runs?{query}"),
        "",
        &[],
    )
    .await;
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    r.json()
}

#[tokio::test]
async fn a_campaign_shows_its_status_and_runs_newest_first() {
    let st = AppState::for_tests();
    let id = daily_campaign(&st).await;
    let before = runs(&st, "application-id=app").await;
    assert_eq!(before["Count"], 1);
    let c = &before["Item"][0];
    assert_eq!(
        (&c["CampaignId"], &c["Name"], &c["Status"], &c["Frequency"]),
        (
            &json!(id),
            &json!("daily"),
            &json!("SCHEDULED"),
            &json!("DAILY")
        )
    );
    assert_eq!(
        (&c["ActivityCount"], &c["Activities"]),
        (&json!(0), &json!([]))
    );

    let advanced = ok(
        &st,
        "POST",
        "/_pinpoint/clock/advance",
        json!({"By": "P7D"}),
    )
    .await;
    assert_eq!(advanced["Ran"]["CampaignRuns"], 3);

    let after = runs(&st, "application-id=app&runs=2").await;
    let c = &after["Item"][0];
    assert_eq!(
        (&c["Status"], &c["ActivityCount"]),
        (&json!("COMPLETED"), &json!(3))
    );
    let starts: Vec<&str> = c["Activities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["ScheduledStart"].as_str().unwrap())
        .collect();
    assert_eq!(
        starts,
        ["2030-03-03T09:00:00.000Z", "2030-03-02T09:00:00.000Z"]
    );
    // Each run as GetCampaignActivities answers it.
    let api = ok(
        &st,
        "GET",
        &format!("/v1/apps/app/campaigns/{id}/activities"),
        json!(null),
    )
    .await;
    let newest = &api["Item"][0];
    let run = &c["Activities"][0];
    for member in [
        "Id",
        "ScheduledStart",
        "TreatmentId",
        "State",
        "TotalEndpointCount",
        "SuccessfulEndpointCount",
    ] {
        assert_eq!(run[member], newest[member], "{member}");
    }
    assert_eq!(run["TotalEndpointCount"], 1);
}

#[tokio::test]
async fn campaign_runs_page_oldest_first_and_refuse_bad_queries() {
    let st = AppState::for_tests();
    let first_id = daily_campaign(&st).await;
    let alone = runs(&st, "application-id=app").await;
    assert!(alone.get("NextToken").is_none());
    ok(
        &st,
        "POST",
        "/_pinpoint/clock/advance",
        json!({"By": "PT1M"}),
    )
    .await;
    let segments = ok(&st, "GET", "/v1/apps/app/segments", json!(null)).await;
    let later = ok(
        &st,
        "POST",
        "/v1/apps/app/campaigns",
        json!({"Name": "later", "SegmentId": segments["Item"][0]["Id"],
            "Schedule": {"StartTime": "2030-04-01T00:00:00Z", "Frequency": "ONCE"},
            "MessageConfiguration": {"SMSMessage": {"Body": "Later"}}}),
    )
    .await;
    let one = runs(&st, "application-id=app&page-size=1").await;
    assert_eq!(one["Count"], 2);
    assert_eq!(one["Item"][0]["CampaignId"], json!(first_id));
    let token = one["NextToken"].as_str().expect("a second page");
    let two = runs(
        &st,
        &format!("application-id=app&page-size=1&token={token}"),
    )
    .await;
    assert_eq!(two["Item"][0]["CampaignId"], later["Id"]);
    assert!(two.get("NextToken").is_none());
    for bad in [
        "/_pinpoint/campaign-runs?application-id=app&runs=0",
        "/_pinpoint/campaign-runs?application-id=app&runs=1001",
        "/_pinpoint/campaign-runs?application-id=app&page-size=0",
        "/_pinpoint/campaign-runs?application-id=app&bogus=1",
        "/_pinpoint/campaign-runs",
    ] {
        raw(&st, "GET", bad, "", &[])
            .await
            .assert_error(400, "BadRequestException");
    }
    raw(
        &st,
        "GET",
        "/_pinpoint/campaign-runs?application-id=nope",
        "",
        &[],
    )
    .await
    .assert_error(404, "NotFoundException");
}
