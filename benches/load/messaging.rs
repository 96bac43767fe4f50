//! Messaging: SendMessages to 100 endpoints with a template of 5 variables against the same
//! request without a template (messages rendered per second, and the ratio), and
//! SendUsersMessages for 100 users in an app of 1,000 endpoints against an app of 100,000.

use std::sync::Arc;

use serde_json::{json, Value};

use super::cases::batch_requests;
use super::clients::{drive, request, send_all, Conn};
use super::report::{merge, Stats};
use super::servers::Server;
use super::{Plan, APP};

/// The templated body: five variables from the endpoint.
const TEMPLATE: &str = "Hi {{User.UserAttributes.FirstName}}, your {{Attributes.Plan}} plan in {{Location.City}} ({{Demographic.Platform}}) has {{Metrics.orders}} orders.";

fn emulator() -> Server {
    Server::emulator_with(&["--assume-channels-enabled", "--max-messages", "100000"])
}

/// SendMessages to endpoints `endpoint-0` … `endpoint-99` (EMAIL endpoints of the load body).
fn send_request(templated: bool) -> Vec<u8> {
    let endpoints: serde_json::Map<String, Value> = (0..100)
        .map(|i| (format!("endpoint-{i}"), json!({})))
        .collect();
    let mut body = json!({"Endpoints": endpoints});
    if templated {
        body["MessageConfiguration"] = json!({"EmailMessage": {"FromAddress": "shop@example.com"}});
        body["TemplateConfiguration"] = json!({"EmailTemplate": {"Name": "bench"}});
    } else {
        // The same three parts as the template renders, as literal text of about the same size.
        let text = "Hi Ana, your free plan in Boston (ios) has 3 orders, thanks for shopping.";
        body["MessageConfiguration"] = json!({"EmailMessage": {"FromAddress": "shop@example.com",
            "SimpleEmail": {"Subject": {"Data": "Your plan"}, "TextPart": {"Data": text},
                "HtmlPart": {"Data": format!("<p>{text}</p>")}}}});
    }
    request(
        "POST",
        &format!("/v1/apps/{APP}/messages"),
        &body.to_string(),
    )
}

/// SendUsersMessages to users `user-0` … `user-99`.
fn users_request() -> Vec<u8> {
    let users: serde_json::Map<String, Value> =
        (0..100).map(|u| (format!("user-{u}"), json!({}))).collect();
    let body = json!({"MessageConfiguration": {"EmailMessage": {"SimpleEmail": {"Subject": {"Data": "Hi"}, "TextPart": {"Data": "Hi {{User.UserAttributes.FirstName}}"}}}}, "Users": users});
    request(
        "POST",
        &format!("/v1/apps/{APP}/users-messages"),
        &body.to_string(),
    )
}

async fn measure(plan: Plan, addr: &str, req: Vec<u8>) -> Stats {
    let reqs = Arc::new(vec![req]);
    let connections = plan.connections.min(8);
    let mut total = Stats::default();
    for round in 0..plan.rounds {
        let s = drive(
            addr,
            Arc::clone(&reqs),
            connections,
            plan.warmup,
            plan.measure,
            200,
        )
        .await;
        total = if round == 0 { s } else { merge(&total, &s) };
    }
    total
}

/// Sends one request, asserts its status and returns its JSON body.
pub(crate) async fn call_json(
    conn: &mut Conn,
    method: &str,
    path: &str,
    body: &str,
    ok: u16,
) -> Value {
    let (status, bytes) = conn
        .call_body(&request(method, path, body))
        .await
        .expect("request");
    assert_eq!(
        status,
        ok,
        "{method} {path}: {}",
        String::from_utf8_lossy(&bytes)
    );
    serde_json::from_slice(&bytes).expect("JSON answer")
}

/// A campaign to every endpoint of the app (a segment with no dimensions), delivered at once
/// through `POST /_pinpoint/campaigns/run`: deliveries per second.
async fn campaign_delivery(addr: &str) -> Value {
    let mut conn = Conn::new(addr);
    let seg = call_json(
        &mut conn,
        "POST",
        &format!("/v1/apps/{APP}/segments"),
        r#"{"Name":"everyone"}"#,
        201,
    )
    .await;
    let body = json!({"Name": "launch", "SegmentId": seg["Id"], "Schedule": {"StartTime": "IMMEDIATE"},
        "MessageConfiguration": {"EmailMessage": {"Title": "Launch", "Body": "Hi {{User.UserAttributes.FirstName}}, we launched."}}});
    let camp = call_json(
        &mut conn,
        "POST",
        &format!("/v1/apps/{APP}/campaigns"),
        &body.to_string(),
        201,
    )
    .await;
    let started = std::time::Instant::now();
    call_json(&mut conn, "POST", "/_pinpoint/campaigns/run", "", 200).await;
    let seconds = started.elapsed().as_secs_f64();
    let path = format!(
        "/v1/apps/{APP}/campaigns/{}/activities",
        camp["Id"].as_str().unwrap_or_default()
    );
    let activities = call_json(&mut conn, "GET", &path, "", 200).await;
    let delivered = activities["Item"][0]["SuccessfulEndpointCount"]
        .as_f64()
        .unwrap_or(0.0);
    eprintln!(
        "  campaign to {delivered} endpoints in {seconds:.2} s: {:.0} deliveries/s",
        delivered / seconds
    );
    json!({"delivered": delivered, "seconds": (seconds * 1000.0).round() / 1000.0,
           "deliveries_per_second": (delivered / seconds).round()})
}

/// An app of `n` endpoints, two per user, and the bench template.
async fn loaded(n: usize) -> Server {
    let server = emulator();
    send_all(&server.addr, batch_requests(0, n, n / 2), 8, 202).await;
    let template = json!({"Subject": "Your plan", "TextPart": TEMPLATE, "HtmlPart": format!("<p>{TEMPLATE}</p>")});
    send_all(
        &server.addr,
        vec![request(
            "POST",
            "/v1/templates/bench/email",
            &template.to_string(),
        )],
        1,
        201,
    )
    .await;
    server
}

fn stats(s: &Stats, per_request: f64) -> Value {
    json!({"rps": s.rps.round(), "messages_per_second": (s.rps * per_request).round(), "p50_us": s.p50_us, "p99_us": s.p99_us, "errors": s.errors})
}

pub(crate) async fn messaging(plan: Plan) -> Value {
    let small = (plan.endpoints / 10).max(200);
    let server = loaded(small).await;
    // Alternate the two requests so drift cancels.
    let mut with = Stats::default();
    let mut without = Stats::default();
    for round in 0..plan.rounds.max(2) {
        let one = Plan { rounds: 1, ..plan };
        let (a, b) = if round % 2 == 0 {
            (true, false)
        } else {
            (false, true)
        };
        for templated in [a, b] {
            let s = measure(one, &server.addr, send_request(templated)).await;
            let slot = if templated { &mut with } else { &mut without };
            *slot = if round == 0 { s } else { merge(slot, &s) };
        }
    }
    let users_small = measure(plan, &server.addr, users_request()).await;
    drop(server);
    let large = loaded(plan.scale_endpoints.min(100_000)).await;
    let users_large = measure(plan, &large.addr, users_request()).await;
    let campaign = campaign_delivery(&large.addr).await;
    eprintln!(
        "  SendMessages ×100  template {:>7.0} msg/s  plain {:>7.0} msg/s  ratio {:.3}",
        with.rps * 100.0,
        without.rps * 100.0,
        with.rps / without.rps
    );
    eprintln!(
        "  SendUsersMessages ×100 users  {small} endpoints {:>6.0} req/s  {} endpoints {:>6.0} req/s",
        users_small.rps,
        plan.scale_endpoints.min(100_000),
        users_large.rps
    );
    json!({
        "send_with_template": stats(&with, 100.0),
        "send_without_template": stats(&without, 100.0),
        "template_ratio": ((with.rps / without.rps) * 1000.0).round() / 1000.0,
        "campaign": campaign,
        "users_messages": {
            "small_app": {"endpoints": small, "stats": stats(&users_small, 200.0)},
            "large_app": {"endpoints": plan.scale_endpoints.min(100_000), "stats": stats(&users_large, 200.0)},
            "ratio": ((users_large.rps / users_small.rps) * 1000.0).round() / 1000.0,
        },
    })
}
