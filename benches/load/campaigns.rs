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

/// One IANA zone for each whole UTC offset from +14 to −11 (24 zones).
const ZONES: [&str; 24] = [
    "Pacific/Kiritimati",
    "Pacific/Tongatapu",
    "Pacific/Norfolk",
    "Asia/Magadan",
    "Australia/Brisbane",
    "Asia/Tokyo",
    "Asia/Shanghai",
    "Asia/Bangkok",
    "Asia/Dhaka",
    "Asia/Tashkent",
    "Asia/Dubai",
    "Europe/Moscow",
    "Africa/Cairo",
    "Africa/Lagos",
    "Africa/Abidjan",
    "Atlantic/Cape_Verde",
    "America/Noronha",
    "America/Sao_Paulo",
    "America/Halifax",
    "America/Panama",
    "America/Regina",
    "America/Phoenix",
    "America/Los_Angeles",
    "Pacific/Pago_Pago",
];

/// Memory for the queued work of `n` endpoint-sends of a local-time campaign across 24 zones:
/// the server's resident memory once the run is planned (every zone but the first still to
/// come) against just before, per queued endpoint.
pub(crate) async fn local_time_memory(plan: Plan) -> Value {
    let n = plan.scale_endpoints;
    let server = Server::emulator_with(&[
        "--clock",
        START,
        "--assume-channels-enabled",
        "--max-messages",
        "1000",
    ]);
    let reqs: Vec<Vec<u8>> = (0..n)
        .step_by(100)
        .map(|b| {
            let items: Vec<Value> = (b..(b + 100).min(n))
                .map(|i| {
                    let mut v = super::cases::endpoint_body(i, n / 2);
                    v["Id"] = json!(format!("endpoint-{i}"));
                    v["Demographic"]["Timezone"] = json!(ZONES[i % ZONES.len()]);
                    v
                })
                .collect();
            request(
                "PUT",
                &format!("/v1/apps/{APP}/endpoints"),
                &json!({"Item": items}).to_string(),
            )
        })
        .collect();
    send_all(&server.addr, reqs, 8, 202).await;
    let mut conn = Conn::new(&server.addr);
    let seg = call_json(
        &mut conn,
        "POST",
        &format!("/v1/apps/{APP}/segments"),
        r#"{"Name":"everyone"}"#,
        201,
    )
    .await;
    // 09:00 wall clock on 2 January: Kiritimati (UTC+14) reaches it at 2030-01-01T19:00Z, when
    // the run is planned; every other zone is queued.
    let body = json!({"Name": "morning", "SegmentId": seg["Id"],
        "Schedule": {"StartTime": "2030-01-02T09:00:00Z", "IsLocalTime": true, "Timezone": "UTC"},
        "MessageConfiguration": {"EmailMessage": {"FromAddress": "shop@example.com", "Title": "Hi", "Body": "Good morning"}}});
    call_json(
        &mut conn,
        "POST",
        &format!("/v1/apps/{APP}/campaigns"),
        &body.to_string(),
        201,
    )
    .await;
    let before = server.rss_kib();
    let started = Instant::now();
    let advanced = call_json(
        &mut conn,
        "POST",
        "/_pinpoint/clock/advance",
        r#"{"To":"2030-01-01T19:00:01Z"}"#,
        200,
    )
    .await;
    let plan_seconds = started.elapsed().as_secs_f64();
    let after = server.rss_kib();
    let sent = advanced["Ran"]["Messages"].as_u64().unwrap_or(0);
    let queued = n as u64 - sent;
    let per = (after.saturating_sub(before) as f64 * 1024.0) / queued.max(1) as f64;
    eprintln!(
        "  local-time run over {n} endpoints in 24 zones: planned in {plan_seconds:.2} s, {sent} sent at once, {queued} queued; RSS {before} -> {after} KiB ({per:.0} bytes per queued endpoint-send)"
    );
    json!({
        "endpoints": n,
        "plan_seconds": (plan_seconds * 1000.0).round() / 1000.0,
        "sent_at_once": sent,
        "queued": queued,
        "rss_before_kib": before,
        "rss_after_kib": after,
        "bytes_per_queued_send": per.round(),
    })
}
