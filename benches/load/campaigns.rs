//! Campaigns on the test clock (issue 26): a server frozen with `--clock`, N endpoints in one
//! segment, a DAILY campaign with two treatments, and one `POST /_pinpoint/clock/advance` of 30
//! days: the time of the advance call and messages per second, against SendMessages' own rate
//! for the same kind of message to the same endpoints (100 endpoints per request, 8
//! connections), measured in the same server in the same run.

use std::time::Instant;

use serde_json::{json, Value};

use super::cases::batch_requests;
use super::clients::{request, send_all, Conn};
use super::messaging::call_json;
use super::servers::Server;
use super::{Plan, APP};

/// The instant the server's clocks start at.
const START: &str = "2030-01-01T00:00:00Z";

/// A server frozen at [`START`] holding `n` endpoints, and a segment of them all.
async fn frozen_with_segment(n: usize) -> (Server, Conn, Value) {
    let server = Server::emulator_with(&[
        "--clock",
        START,
        "--assume-channels-enabled",
        "--max-messages",
        "100000",
    ]);
    send_all(&server.addr, batch_requests(0, n, n / 2), 8, 202).await;
    let mut conn = Conn::new(&server.addr);
    let seg = call_json(
        &mut conn,
        "POST",
        &format!("/v1/apps/{APP}/segments"),
        r#"{"Name":"everyone"}"#,
        201,
    )
    .await;
    (server, conn, seg)
}

/// SendMessages to every endpoint, 100 per request: the baseline's requests.
fn send_requests(n: usize) -> Vec<Vec<u8>> {
    (0..n)
        .step_by(100)
        .map(|b| {
            let endpoints: serde_json::Map<String, Value> = (b..(b + 100).min(n))
                .map(|i| (format!("endpoint-{i}"), json!({})))
                .collect();
            let body = json!({"Endpoints": endpoints, "MessageConfiguration": {"EmailMessage": {
                "FromAddress": "shop@example.com",
                "SimpleEmail": {"Subject": {"Data": "Daily"}, "TextPart": {"Data": "Good morning"}}}}});
            request("POST", &format!("/v1/apps/{APP}/messages"), &body.to_string())
        })
        .collect()
}

pub(crate) async fn campaign_clock(plan: Plan) -> Value {
    let n = plan.campaign_endpoints;
    let days = 30;
    let (server, mut conn, seg) = frozen_with_segment(n).await;
    let email = |subject: &str| json!({"EmailMessage": {"FromAddress": "shop@example.com", "Title": subject, "Body": "Good morning"}});
    let body = json!({"Name": "daily", "SegmentId": seg["Id"],
        "Schedule": {"StartTime": "2030-01-01T09:00:00Z", "Frequency": "DAILY"},
        "MessageConfiguration": email("A"),
        "AdditionalTreatments": [{"SizePercent": 50, "MessageConfiguration": email("B")}]});
    call_json(
        &mut conn,
        "POST",
        &format!("/v1/apps/{APP}/campaigns"),
        &body.to_string(),
        201,
    )
    .await;

    let started = Instant::now();
    let advanced = call_json(
        &mut conn,
        "POST",
        "/_pinpoint/clock/advance",
        &json!({"By": format!("P{days}D")}).to_string(),
        200,
    )
    .await;
    let advance_seconds = started.elapsed().as_secs_f64();
    let messages = advanced["Ran"]["Messages"].as_f64().unwrap_or(0.0);
    let runs = advanced["Ran"]["CampaignRuns"].as_u64().unwrap_or(0);
    let rss_kib = server.rss_kib();

    // The baseline: the same endpoints through SendMessages, in the same server.
    let reqs = send_requests(n);
    let sent = n as f64;
    let send_seconds = send_all(&server.addr, reqs, 8, 200).await.as_secs_f64();

    let campaign_rate = messages / advance_seconds;
    let send_rate = sent / send_seconds;
    eprintln!(
        "  advance {days} days over a DAILY campaign with 2 treatments to {n} endpoints: {advance_seconds:.2} s, {runs} runs, {messages} messages, {campaign_rate:.0} msg/s; SendMessages {send_rate:.0} msg/s; ratio {:.2}; RSS {rss_kib} KiB",
        campaign_rate / send_rate
    );
    drop(server);
    let triggered = event_triggers(n.min(10_000)).await;
    let r3 = |x: f64| (x * 1000.0).round() / 1000.0;
    json!({
        "event_triggers": triggered,
        "endpoints": n,
        "days": days,
        "advance_seconds": r3(advance_seconds),
        "campaign_runs": runs,
        "messages": messages,
        "campaign_messages_per_second": campaign_rate.round(),
        "send_messages_per_second": send_rate.round(),
        "campaign_vs_send": r3(campaign_rate / send_rate),
        "rss_after_kib": rss_kib,
    })
}

/// `n` PutEvents events (100 per request, one per endpoint) that each trigger an EVENT campaign,
/// then one advance of a second: the time from the last PutEvents answer to the advance's
/// answer, which comes after the last queued send is made.
async fn event_triggers(n: usize) -> Value {
    let (server, mut conn, seg) = frozen_with_segment(n).await;
    let body = json!({"Name": "thanks", "SegmentId": seg["Id"],
        "Schedule": {"StartTime": "IMMEDIATE", "Frequency": "EVENT", "EventFilter": {"FilterType": "ENDPOINT",
            "Dimensions": {"EventType": {"Values": ["purchase"]}}}},
        "MessageConfiguration": {"EmailMessage": {"FromAddress": "shop@example.com", "Title": "Thanks", "Body": "Thanks for your order"}}});
    call_json(
        &mut conn,
        "POST",
        &format!("/v1/apps/{APP}/campaigns"),
        &body.to_string(),
        201,
    )
    .await;
    let reqs: Vec<Vec<u8>> = (0..n)
        .step_by(100)
        .map(|b| {
            let items: serde_json::Map<String, Value> = (b..(b + 100).min(n))
                .map(|i| {
                    (
                        format!("endpoint-{i}"),
                        json!({"Endpoint": {}, "Events": {format!("e{i}"): {
                            "EventType": "purchase", "Timestamp": START}}}),
                    )
                })
                .collect();
            request(
                "POST",
                &format!("/v1/apps/{APP}/events"),
                &json!({"BatchItem": items}).to_string(),
            )
        })
        .collect();
    let put_seconds = send_all(&server.addr, reqs, 8, 202).await.as_secs_f64();
    let started = Instant::now();
    let advanced = call_json(
        &mut conn,
        "POST",
        "/_pinpoint/clock/advance",
        r#"{"By":"PT1S"}"#,
        200,
    )
    .await;
    let seconds = started.elapsed().as_secs_f64();
    let messages = advanced["Ran"]["Messages"].as_u64().unwrap_or(0);
    eprintln!(
        "  {n} triggering PutEvents events in {put_seconds:.2} s; the advance of one second made {messages} sends in {seconds:.2} s ({:.0}/s)",
        messages as f64 / seconds
    );
    json!({
        "events": n,
        "put_events_seconds": (put_seconds * 1000.0).round() / 1000.0,
        "advance_seconds": (seconds * 1000.0).round() / 1000.0,
        "messages": messages,
        "sends_per_second": (messages as f64 / seconds).round(),
    })
}
