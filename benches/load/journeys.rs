//! Journeys on the test clock (issue 27): a server frozen with `--clock`, N EMAIL endpoints in
//! one segment, an email template, the EMAIL channel enabled, and an ACTIVE journey of an email,
//! a day's wait, a split on whether the first email was opened, and a second email on the false
//! path (the true path exits). Measured: one `POST /_pinpoint/clock/advance` of 7 days that runs
//! all of it (journey activities and messages per second), against SendMessages' own rate for
//! the same number of templated emails in the same server in the same run (100 endpoints per
//! request, 8 connections; after an unmeasured pass of the same requests that fills the logs to
//! their caps); then the same journey with opens recorded for 10% of the first
//! emails between an advance that sends them and one that runs the rest. And the memory of
//! endpoints waiting in a journey (`journey-memory`).

use std::time::Instant;

use serde_json::{json, Value};

use super::cases::batch_requests;
use super::clients::{request, send_all, Conn};
use super::messaging::call_json;
use super::servers::Server;
use super::{Plan, APP};

/// The instant the server's clocks start at; journeys start an hour later.
const START: &str = "2030-01-01T00:00:00Z";
const JOURNEY_START: &str = "2030-01-01T01:00:00Z";

/// A server frozen at [`START`] holding `n` EMAIL endpoints, the EMAIL channel enabled, the
/// email template `welcome` and a segment of everyone; the segment's id.
async fn frozen_app(n: usize) -> (Server, Conn, String) {
    let server = Server::emulator_with(&["--clock", START, "--max-messages", "100000"]);
    send_all(&server.addr, batch_requests(0, n, n / 2), 8, 202).await;
    let mut conn = Conn::new(&server.addr);
    let channel = json!({"Enabled": true, "FromAddress": "team@example.com",
        "Identity": "arn:aws:ses:us-east-1:123456789012:identity/example.com"});
    let path = format!("/v1/apps/{APP}/channels/email");
    call_json(&mut conn, "PUT", &path, &channel.to_string(), 200).await;
    let template = json!({"Subject": "Welcome {{User.UserAttributes.FirstName}}",
        "HtmlPart": "<p>Hi {{User.UserAttributes.FirstName}}, your {{Attributes.Plan}} plan in {{Location.City}}.</p>"});
    call_json(
        &mut conn,
        "POST",
        "/v1/templates/welcome/email",
        &template.to_string(),
        201,
    )
    .await;
    let path = format!("/v1/apps/{APP}/segments");
    let seg = call_json(&mut conn, "POST", &path, r#"{"Name":"everyone"}"#, 201).await;
    let id = seg["Id"].as_str().expect("segment id").to_string();
    (server, conn, id)
}

/// Creates an ACTIVE journey over segment `seg` starting at [`JOURNEY_START`] with activity
/// `hello` (or `wait`); its id.
async fn create_journey(conn: &mut Conn, name: &str, seg: &str, activities: Value) -> String {
    let start = if activities.get("hello").is_some() {
        "hello"
    } else {
        "wait"
    };
    let body = json!({"Name": name, "State": "ACTIVE", "StartActivity": start,
        "Schedule": {"StartTime": JOURNEY_START},
        "StartCondition": {"SegmentStartCondition": {"SegmentId": seg}},
        "Activities": activities});
    let path = format!("/v1/apps/{APP}/journeys");
    let j = call_json(conn, "POST", &path, &body.to_string(), 201).await;
    j["Id"].as_str().expect("journey id").to_string()
}

/// The five steps: email, wait a day, split on an open of the first email, a second email on
/// the false path; the true path and the second email exit.
fn onboarding() -> Value {
    json!({
        "hello": {"EMAIL": {"TemplateName": "welcome", "NextActivity": "day"}},
        "day": {"Wait": {"WaitTime": {"WaitFor": "P1D"}, "NextActivity": "opened"}},
        "opened": {"ConditionalSplit": {"Condition": {"Conditions": [{"EventCondition": {
            "MessageActivity": "hello", "Dimensions": {"EventType": {"Values": ["_email.open"]}}}}]},
            "FalseActivity": "reminder"}},
        "reminder": {"EMAIL": {"TemplateName": "welcome"}}})
}

/// One advance; its seconds and its `Ran` counts (journey activities, messages).
async fn advance(conn: &mut Conn, by: &str) -> (f64, u64, u64) {
    let started = Instant::now();
    let body = json!({ "By": by }).to_string();
    let ran = call_json(conn, "POST", "/_pinpoint/clock/advance", &body, 200).await;
    let seconds = started.elapsed().as_secs_f64();
    let activities = ran["Ran"]["JourneyActivities"].as_u64().unwrap_or(0);
    (
        seconds,
        activities,
        ran["Ran"]["Messages"].as_u64().unwrap_or(0),
    )
}

fn r3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

pub(crate) async fn journey_clock(plan: Plan) -> Value {
    let n = plan.campaign_endpoints;
    let (server, mut conn, seg) = frozen_app(n).await;

    // SendMessages of the same number of templated emails as the journey sends (everyone takes
    // the false path: 2 per endpoint). A first pass, not measured, fills the sent-message and
    // event logs to their caps, so neither side pays for the first touch of the logs' memory.
    let reqs: Vec<Vec<u8>> = (0..2 * n)
        .step_by(100)
        .map(|b| {
            let endpoints: serde_json::Map<String, Value> = (b..(b + 100).min(2 * n))
                .map(|i| (format!("endpoint-{}", i % n), json!({})))
                .collect();
            let body = json!({"Endpoints": endpoints,
                "MessageConfiguration": {"EmailMessage": {}},
                "TemplateConfiguration": {"EmailTemplate": {"Name": "welcome"}}});
            request(
                "POST",
                &format!("/v1/apps/{APP}/messages"),
                &body.to_string(),
            )
        })
        .collect();
    send_all(&server.addr, reqs.clone(), 8, 200).await;

    // The whole journey in one advance of 7 days (nobody opens: every endpoint takes the false
    // path, so it is the journey's longest path for all of them).
    create_journey(&mut conn, "one-advance", &seg, onboarding()).await;
    let (seconds, activities, messages) = advance(&mut conn, "P7D").await;
    let activity_rate = activities as f64 / seconds;
    let message_rate = messages as f64 / seconds;

    // The baseline, measured in the same server right after.
    let send_seconds = send_all(&server.addr, reqs, 8, 200).await.as_secs_f64();
    let send_rate = (2 * n) as f64 / send_seconds;
    let rss_kib = server.rss_kib();
    eprintln!(
        "  journey of 4 activities over {n} endpoints, one advance of 7 days: {seconds:.2} s, {activities} activities ({activity_rate:.0}/s), {messages} messages ({message_rate:.0}/s); SendMessages {send_rate:.0} msg/s; ratio {:.2}; RSS {rss_kib} KiB",
        message_rate / send_rate
    );
    drop(server);
    let opens = with_opens(n).await;
    json!({
        "endpoints": n,
        "advance_seconds": r3(seconds),
        "journey_activities": activities,
        "messages": messages,
        "activities_per_second": activity_rate.round(),
        "journey_messages_per_second": message_rate.round(),
        "send_messages_per_second": send_rate.round(),
        "journey_vs_send": r3(message_rate / send_rate),
        "rss_after_kib": rss_kib,
        "with_opens": opens,
    })
}

/// The same journey in a fresh server, with `_email.open` recorded (over HTTP, 8 connections)
/// for every tenth first email between the advance that sends them and the one that runs the
/// wait, the split and the second email.
async fn with_opens(n: usize) -> Value {
    let (server, mut conn, seg) = frozen_app(n).await;
    create_journey(&mut conn, "with-opens", &seg, onboarding()).await;
    let (first_seconds, first_activities, first_messages) = advance(&mut conn, "PT2H").await;
    let path = format!("/_pinpoint/sent-messages?application-id={APP}");
    let sent = call_json(&mut conn, "GET", &path, "", 200).await;
    let ids: Vec<String> = sent["Messages"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .step_by(10)
        .filter_map(|m| Some(m["MessageId"].as_str()?.to_string()))
        .collect();
    let opens = ids.len();
    let reqs = ids
        .iter()
        .map(|id| {
            let path = format!("/_pinpoint/sent-messages/{id}/events");
            request("POST", &path, r#"{"EventType":"_email.open"}"#)
        })
        .collect();
    let open_seconds = send_all(&server.addr, reqs, 8, 201).await.as_secs_f64();
    let (seconds, activities, messages) = advance(&mut conn, "P7D").await;
    eprintln!(
        "  with opens: the first advance {first_seconds:.2} s ({first_activities} activities, {first_messages} messages); {opens} opens recorded in {open_seconds:.2} s; the advance of 7 days {seconds:.2} s ({activities} activities, {messages} messages)"
    );
    json!({
        "first_advance_seconds": r3(first_seconds),
        "first_activities": first_activities,
        "first_messages": first_messages,
        "opens": opens,
        "opens_seconds": r3(open_seconds),
        "advance_seconds": r3(seconds),
        "journey_activities": activities,
        "messages": messages,
    })
}

/// Memory of endpoints waiting in a journey: `n` endpoints (`--scale`) enter a journey whose
/// first activity is a wait of 30 days; the server's resident memory after the entry against
/// just before it (the endpoints, the segment and the journey already stored), per endpoint.
pub(crate) async fn journey_memory(plan: Plan) -> Value {
    let n = plan.scale_endpoints;
    let (server, mut conn, seg) = frozen_app(n).await;
    let loaded = server.rss_kib();
    let wait = json!({"wait": {"Wait": {"WaitTime": {"WaitFor": "P30D"}}}});
    create_journey(&mut conn, "waiting", &seg, wait).await;
    let before = server.rss_kib();
    let (seconds, activities, _) = advance(&mut conn, "PT2H").await;
    let after = server.rss_kib();
    let per = after.saturating_sub(before) as f64 * 1024.0 / activities.max(1) as f64;
    eprintln!(
        "  {n} endpoints entering a 30-day wait: {seconds:.2} s, {activities} arrivals; RSS {loaded} KiB loaded, {before} -> {after} KiB ({per:.0} bytes per waiting endpoint)"
    );
    json!({
        "endpoints": n,
        "entry_seconds": r3(seconds),
        "waiting": activities,
        "rss_loaded_kib": loaded,
        "rss_before_kib": before,
        "rss_after_kib": after,
        "bytes_per_waiting_endpoint": per.round(),
    })
}
