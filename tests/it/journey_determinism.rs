//! The same journey on ten identical servers (docs/behaviour.md#journeys-that-run: random splits
//! and holdouts by a fixed hash, so identical servers agree): 200 endpoints through a RandomSplit
//! of 50/30/20 into different emails, one branch through a Holdout, advanced day by day over a
//! week. Every server's sent log, positions and execution metrics, with the ids each server
//! makes at random replaced, are the first server's.

use pinpoint_local::AppState;
use serde_json::{json, Map, Value};

use crate::common::{ok, raw};

const N: usize = 200;
const ACTIVITIES: [&str; 7] = ["split", "a", "aday", "again", "b", "hold", "c"];

async fn get(st: &AppState, path: &str) -> Value {
    raw(st, "GET", path, "", &[]).await.ok_json()
}

/// The same requests, in the same order, for every server; the journey's id.
async fn set_up(st: &AppState) -> String {
    let now = json!({"Now": "2030-01-07T09:00:00Z"});
    ok(st, "PUT", "/_pinpoint/clock", now).await;
    let items: Vec<Value> = (0..N)
        .map(|i| {
            json!({"Id": format!("user-{i:03}"), "ChannelType": "EMAIL",
                "Address": format!("user{i}@x.com"),
                "User": {"UserAttributes": {"FirstName": [format!("Name{i}")]}}})
        })
        .collect();
    for batch in items.chunks(100) {
        ok(
            st,
            "PUT",
            "/v1/apps/app/endpoints",
            json!({ "Item": batch }),
        )
        .await;
    }
    let email = json!({"Enabled": true, "FromAddress": "team@x.com",
        "Identity": "arn:aws:ses:us-east-1:123456789012:identity/x.com"});
    ok(st, "PUT", "/v1/apps/app/channels/email", email).await;
    for t in ["alpha", "beta", "gamma"] {
        let body = json!({"Subject": format!("{t} for {{{{User.UserAttributes.FirstName}}}}"),
            "HtmlPart": format!("<p>{t}</p>")});
        ok(st, "POST", &format!("/v1/templates/{t}/email"), body).await;
    }
    let seg = ok(st, "POST", "/v1/apps/app/segments", json!({"Name": "all"})).await;
    let email = |t: &str, next: Option<&str>| {
        let mut e = json!({"TemplateName": t});
        if let Some(n) = next {
            e["NextActivity"] = json!(n);
        }
        json!({ "EMAIL": e })
    };
    let j = ok(
        st,
        "POST",
        "/v1/apps/app/journeys",
        json!({"Name": "split", "State": "ACTIVE", "StartActivity": "split",
            "Schedule": {"StartTime": "2030-01-07T10:00:00Z"},
            "StartCondition": {"SegmentStartCondition": {"SegmentId": seg["Id"]}},
            "Activities": {
                "split": {"RandomSplit": {"Branches": [
                    {"Percentage": 50, "NextActivity": "a"},
                    {"Percentage": 30, "NextActivity": "b"},
                    {"Percentage": 20, "NextActivity": "hold"}]}},
                "a": email("alpha", Some("aday")),
                "aday": {"Wait": {"WaitTime": {"WaitFor": "P2D"}, "NextActivity": "again"}},
                "again": email("alpha", None),
                "b": email("beta", None),
                "hold": {"Holdout": {"Percentage": 40, "NextActivity": "c"}},
                "c": email("gamma", None)}}),
    )
    .await;
    j["Id"].as_str().unwrap().to_string()
}

/// Removes what a server makes at random: message, request and trace ids go, and the
/// journey's and its runs' ids become placeholders.
fn scrub(v: Value, random: &[(String, &str)]) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.into_iter()
                .filter(|(k, _)| !matches!(k.as_str(), "MessageId" | "RequestId" | "TraceId"))
                .map(|(k, v)| (k, scrub(v, random)))
                .collect::<Map<String, Value>>(),
        ),
        Value::Array(a) => Value::Array(a.into_iter().map(|v| scrub(v, random)).collect()),
        Value::String(s) => match random.iter().find(|(id, _)| *id == s) {
            Some((_, name)) => json!(name),
            None => Value::String(s),
        },
        v => v,
    }
}

/// One server's run: the journey set up and advanced a day at a time for a week; its sent
/// log, positions, journey metrics and each activity's metrics, scrubbed.
async fn one_run() -> Value {
    let st = AppState::for_tests();
    let id = set_up(&st).await;
    let mut ran = Vec::new();
    for _ in 0..7 {
        let r = ok(
            &st,
            "POST",
            "/_pinpoint/clock/advance",
            json!({"By": "P1D"}),
        )
        .await;
        ran.push(r["Ran"].clone());
    }
    let runs = get(&st, &format!("/v1/apps/app/journeys/{id}/runs")).await;
    let mut random = vec![(id.clone(), "<journey>")];
    for r in runs["Item"].as_array().into_iter().flatten() {
        random.push((r["RunId"].as_str().unwrap().to_string(), "<run>"));
    }
    let sent = get(&st, "/_pinpoint/sent-messages?application-id=app").await;
    let positions = get(
        &st,
        &format!("/_pinpoint/journeys/positions?application-id=app&journey-id={id}"),
    )
    .await;
    let metrics = get(
        &st,
        &format!("/v1/apps/app/journeys/{id}/execution-metrics"),
    )
    .await;
    let mut activities = Map::new();
    for a in ACTIVITIES {
        let path = format!("/v1/apps/app/journeys/{id}/activities/{a}/execution-metrics");
        activities.insert(a.to_string(), get(&st, &path).await);
    }
    scrub(
        json!({"Ran": ran, "Runs": runs, "Sent": sent, "Positions": positions,
            "Metrics": metrics, "ActivityMetrics": activities}),
        &random,
    )
}

#[tokio::test]
async fn ten_identical_servers_send_the_same_journey_messages() {
    let first = one_run().await;
    // The run did what the journey says: everyone entered, every branch and the holdout took
    // some, and a's endpoints got their second email after the wait.
    let sent = first["Sent"]["Messages"].as_array().unwrap();
    let by = |t: &str| {
        sent.iter()
            .filter(|m| m["Context"]["JourneyActivityId"] == t)
            .count()
    };
    let (a, b, c) = (by("a"), by("b"), by("c"));
    assert_eq!(by("again"), a);
    assert!(a > 70 && b > 35 && c > 5, "{a} {b} {c}");
    assert!(a + b + c < N, "the holdout kept some: {a} {b} {c}");
    assert_eq!(sent.len(), 2 * a + b + c);
    let entered = &first["Metrics"]["Metrics"]["ENDPOINT_ENTERED"];
    assert_eq!(*entered, json!(N.to_string()), "{}", first["Metrics"]);
    assert!(sent.iter().all(|m| m.get("MessageId").is_none()));

    for server in 2..=10 {
        let other = one_run().await;
        for part in [
            "Ran",
            "Runs",
            "Sent",
            "Positions",
            "Metrics",
            "ActivityMetrics",
        ] {
            assert!(
                other[part] == first[part],
                "server {server}'s {part} differs from the first server's:\n{}\n---\n{}",
                other[part],
                first[part]
            );
        }
    }
}
