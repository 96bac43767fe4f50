//! Exporting, replacing and loading state (`/_pinpoint/state`, fixtures), through the router.

use pinpoint_local::store::snapshot::Snapshot;
use pinpoint_local::AppState;
use serde_json::json;

use crate::common::{app_id, json, raw};

const DEMO_APP: &str = "7e57ab1e0000400080000000000d3e70";

fn demo() -> Snapshot {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/demo");
    let files = pinpoint_local::persist::fixture_files(std::path::Path::new(path)).unwrap();
    assert!(!files.is_empty());
    pinpoint_local::persist::read_snapshot(&files[0]).unwrap()
}

/// A fresh emulator whose state was replaced by `body` through `PUT /_pinpoint/state`.
async fn replaced_with(body: impl Into<axum::body::Body>) -> AppState {
    let fresh = AppState::for_tests();
    let put = raw(&fresh, "PUT", "/_pinpoint/state", body, &[]).await;
    put.ok_json();
    fresh
}

#[tokio::test]
async fn the_demo_fixture_loads_with_first_write_defaults() {
    let st = AppState::for_tests();
    assert_eq!(st.store.add_fixture(demo(), "us-east-1").unwrap(), 1);
    let ana = raw(
        &st,
        "GET",
        &format!("/v1/apps/{DEMO_APP}/users/user-ana"),
        "",
        &[],
    )
    .await
    .json();
    assert_eq!(ana["Item"].as_array().unwrap().len(), 3);
    let web = raw(
        &st,
        "GET",
        &format!("/v1/apps/{DEMO_APP}/endpoints/6B0F3C1E-2D4A-4E8B-9C7D-1A2B3C4D5E6F"),
        "",
        &[],
    )
    .await
    .json();
    assert_eq!(web["OptOut"], "ALL");
    assert_eq!(web["EndpointStatus"], "ACTIVE");
    assert!(web["CohortId"].as_str().unwrap().parse::<u8>().unwrap() < 100);
    let app = raw(&st, "GET", &format!("/v1/apps/{DEMO_APP}"), "", &[])
        .await
        .json();
    assert_eq!(app["Name"], "demo-shop");
    assert_eq!(app["tags"]["team"], "growth");
    // Loading it again leaves the (possibly changed) app alone.
    assert_eq!(st.store.add_fixture(demo(), "us-east-1").unwrap(), 0);
}

#[tokio::test]
async fn export_then_replace_restores_everything_exactly() {
    let st = AppState::for_tests();
    let app = app_id();
    json(&st, "PUT", &format!("/v1/apps/{app}/endpoints/a"), json!({"ChannelType":"EMAIL","Address":"x@y.z","Attributes":{"temp_1":["v"]},"User":{"UserId":"u"}})).await;
    json(
        &st,
        "PUT",
        &format!("/v1/apps/{app}/endpoints/b"),
        json!({"ChannelType":"EMAIL","Address":"x@y.z"}),
    )
    .await;
    json(
        &st,
        "PUT",
        &format!("/v1/apps/{app}/attributes/endpoint-custom-attributes"),
        json!({"Blacklist":["temp_*"]}),
    )
    .await;
    json(&st, "POST", &format!("/v1/apps/{app}/events"), json!({"BatchItem":{"a":{"Endpoint":{},"Events":{"1":{"EventType":"t","Timestamp":"2026-01-01T00:00:00Z"}}}}})).await;
    json(
        &st,
        "POST",
        "/v1/templates/kept/sms",
        json!({"Body":"hi","tags":{"k":"v"}}),
    )
    .await;
    let apns = format!("/v1/apps/{app}/channels/apns");
    json(
        &st,
        "PUT",
        &apns,
        json!({"Certificate":"cert","PrivateKey":"secret-key"}),
    )
    .await;
    json(&st, "PUT", &apns, json!({"Enabled":false})).await;
    let exported = raw(&st, "GET", "/_pinpoint/state", "", &[]).await;
    assert_eq!(exported.status.as_u16(), 200);
    // Channels keep their secrets in the state (never in the API's answers).
    assert!(String::from_utf8_lossy(&exported.body).contains("secret-key"));
    let before_apns = raw(&st, "GET", &apns, "", &[]).await.json();
    assert_eq!(before_apns["Version"], 2);
    let before_a = raw(&st, "GET", &format!("/v1/apps/{app}/endpoints/a"), "", &[])
        .await
        .json();
    let before_b = raw(&st, "GET", &format!("/v1/apps/{app}/endpoints/b"), "", &[])
        .await
        .json();

    let fresh = replaced_with(exported.body.clone()).await;
    assert_eq!(
        raw(
            &fresh,
            "GET",
            &format!("/v1/apps/{app}/endpoints/a"),
            "",
            &[]
        )
        .await
        .json(),
        before_a
    );
    assert_eq!(
        raw(
            &fresh,
            "GET",
            &format!("/v1/apps/{app}/endpoints/b"),
            "",
            &[]
        )
        .await
        .json(),
        before_b
    );
    assert_eq!(
        raw(&fresh, "GET", "/_pinpoint/state", "", &[]).await.json(),
        exported.json()
    );
    assert_eq!(raw(&fresh, "GET", &apns, "", &[]).await.json(), before_apns);
    let template = raw(&fresh, "GET", "/v1/templates/kept/sms", "", &[])
        .await
        .json();
    assert_eq!(
        (template["Body"].as_str(), template["tags"]["k"].as_str()),
        (Some("hi"), Some("v"))
    );
    // The RemoveAttributes setting survives: a write to a blocked name is still dropped.
    json(
        &fresh,
        "PUT",
        &format!("/v1/apps/{app}/endpoints/a"),
        json!({"Attributes":{"temp_2":["v"]}}),
    )
    .await;
    let a = raw(
        &fresh,
        "GET",
        &format!("/v1/apps/{app}/endpoints/a"),
        "",
        &[],
    )
    .await
    .json();
    assert!(a["Attributes"].get("temp_2").is_none());
}

#[tokio::test]
async fn an_invalid_state_is_refused_and_changes_nothing() {
    let st = AppState::for_tests();
    let app = app_id();
    json(
        &st,
        "PUT",
        &format!("/v1/apps/{app}/endpoints/keep"),
        json!({}),
    )
    .await;
    for bad in [
        json!({"Apps":[{"Id":"ok","Endpoints":[{"Id":"a$b"}]}]}),
        json!({"Apps":[{"Id":"ok","Endpoints":[{"Id":"a","Address":"x"}]}]}),
        json!({"Apps":[{"Id":"ok","Endpoints":[{"Id":"a","CohortId":"100"}]}]}),
        json!({"Apps":[{"Id":"ok","Endpoints":[{"Id":"a"},{"Id":"A"}]}]}),
        json!({"Apps":[{"Id":"not ok"}]}),
        json!({"Apps":[{"Id":"ok","Colour":"blue"}]}),
        json!({"Version":2}),
    ] {
        let r = json(&st, "PUT", "/_pinpoint/state", bad.clone()).await;
        r.assert_error(400, "BadRequestException");
    }
    assert_eq!(
        raw(
            &st,
            "GET",
            &format!("/v1/apps/{app}/endpoints/keep"),
            "",
            &[]
        )
        .await
        .status
        .as_u16(),
        200
    );
}

#[tokio::test]
async fn a_fixture_naming_too_many_endpoints_for_one_user_says_which() {
    let st = AppState::for_tests();
    let eps: Vec<_> = (0..16)
        .map(|i| json!({"Id": format!("e{i}"), "User": {"UserId": "u"}}))
        .collect();
    let snap: Snapshot =
        serde_json::from_value(json!({"Apps":[{"Id":"a1","Endpoints":eps}]})).unwrap();
    let err = st.store.add_fixture(snap, "us-east-1").unwrap_err();
    assert!(
        err.contains("Apps[0]") && err.contains("Endpoints[15]") && err.contains("15"),
        "{err}"
    );
}

#[tokio::test]
async fn settings_tags_jobs_and_recommenders_survive_export_and_replace() {
    let st = AppState::for_tests();
    let app = app_id();
    json(
        &st,
        "PUT",
        &format!("/v1/apps/{app}/endpoints/a"),
        json!({"ChannelType":"EMAIL","Address":"x@y.z"}),
    )
    .await;
    let settings = format!("/v1/apps/{app}/settings");
    json(
        &st,
        "PUT",
        &settings,
        json!({"Limits":{"Daily":7},"EventTaggingEnabled":true}),
    )
    .await;
    let arn = format!("arn%3Aaws%3Amobiletargeting%3Aus-east-1%3A000000000000%3Aapps%2F{app}");
    let tags = format!("/v1/tags/{arn}");
    json(&st, "POST", &tags, json!({"tags":{"team":"growth"}})).await;
    let import = format!("/v1/apps/{app}/jobs/import");
    let job = json(&st, "POST", &import, json!({"Format":"CSV","S3Url":"s3://b/k","RoleArn":"arn:aws:iam::1:role/r","DefineSegment":true,"SegmentName":"s"})).await;
    assert_eq!(job.status.as_u16(), 201);
    let rec = json(&st, "POST", "/v1/recommenders", json!({"RecommendationProviderRoleArn":"arn:aws:iam::1:role/r","RecommendationProviderUri":"arn:aws:personalize:us-east-1:1:campaign/c"})).await;
    assert_eq!(rec.status.as_u16(), 201);
    let reads = [
        settings.clone(),
        tags.clone(),
        import.clone(),
        format!("/v1/apps/{app}/segments"),
        "/v1/recommenders".to_string(),
    ];
    let mut before = Vec::new();
    for path in &reads {
        before.push(raw(&st, "GET", path, "", &[]).await.json());
    }
    let exported = raw(&st, "GET", "/_pinpoint/state", "", &[]).await;
    let text = String::from_utf8_lossy(&exported.body).to_string();
    assert!(
        text.contains("\"EventTaggingEnabled\":true"),
        "kept though never answered"
    );
    let fresh = replaced_with(exported.body.clone()).await;
    for (path, want) in reads.iter().zip(before) {
        assert_eq!(
            raw(&fresh, "GET", path, "", &[]).await.json(),
            want,
            "{path}"
        );
    }
    assert_eq!(
        raw(&fresh, "GET", "/_pinpoint/state", "", &[]).await.json(),
        exported.json()
    );
}
