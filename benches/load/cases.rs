//! Request bodies and the throughput cases (emulator against the ceiling).

use std::sync::Arc;

use serde_json::{json, Value};

use super::clients::{drive, request, send_all};
use super::report::{merge, row, Stats};
use super::servers::Server;
use super::{Plan, APP};

pub(crate) fn endpoint_body(i: usize, users: usize) -> Value {
    json!({
        "ChannelType": "EMAIL",
        "Address": format!("user{i}@example.com"),
        "Attributes": {"Interests": ["music", "travel"], "Plan": [if i.is_multiple_of(3) { "gold" } else { "free" }]},
        "Demographic": {"AppVersion": "3.2.0", "Locale": "en_US", "Platform": "ios", "Timezone": "America/New_York"},
        "Location": {"City": "Boston", "Country": "USA", "Latitude": 42.36, "Longitude": -71.06},
        "Metrics": {"orders": (i % 7) as f64},
        "User": {"UserId": format!("user-{}", i % users), "UserAttributes": {"FirstName": ["Ana"]}},
    })
}

fn update_requests(n: usize) -> Vec<Vec<u8>> {
    (0..n)
        .map(|i| {
            request(
                "PUT",
                &format!("/v1/apps/{APP}/endpoints/endpoint-{i}"),
                &endpoint_body(i, n / 2).to_string(),
            )
        })
        .collect()
}

fn get_requests(n: usize) -> Vec<Vec<u8>> {
    (0..n)
        .map(|i| request("GET", &format!("/v1/apps/{APP}/endpoints/endpoint-{i}"), ""))
        .collect()
}

fn user_requests(users: usize) -> Vec<Vec<u8>> {
    (0..users)
        .map(|u| request("GET", &format!("/v1/apps/{APP}/users/user-{u}"), ""))
        .collect()
}

pub(crate) fn event_requests(n: usize) -> Vec<Vec<u8>> {
    (0..n)
        .map(|i| {
            let events: serde_json::Map<String, Value> = (0..10)
                .map(|e| {
                    (format!("{i}-{e}"), json!({"EventType": if e == 0 { "_session.start" } else { "screen_view" },
                        "Timestamp": "2026-11-23T10:00:00.000Z", "Attributes": {"screen": "home", "variant": "b"},
                        "Metrics": {"duration": 1.5}, "Session": {"Id": format!("s-{i}"), "StartTimestamp": "2026-11-23T10:00:00.000Z"}}))
                })
                .collect();
            let body = json!({"BatchItem": {format!("endpoint-{i}"): {"Endpoint": {}, "Events": events}}});
            request("POST", &format!("/v1/apps/{APP}/events"), &body.to_string())
        })
        .collect()
}

pub(crate) fn batch_requests(start: usize, count: usize, users: usize) -> Vec<Vec<u8>> {
    (start..start + count)
        .step_by(100)
        .map(|b| {
            let items: Vec<Value> = (b..(b + 100).min(start + count))
                .map(|i| {
                    let mut v = endpoint_body(i, users);
                    v["Id"] = json!(format!("endpoint-{i}"));
                    v
                })
                .collect();
            request(
                "PUT",
                &format!("/v1/apps/{APP}/endpoints"),
                &json!({"Item": items}).to_string(),
            )
        })
        .collect()
}

/// A throughput case: its name, the requests to cycle through, the success status.
type Case = (&'static str, Arc<Vec<Vec<u8>>>, u16);

pub(crate) async fn throughput(plan: Plan) -> Vec<Value> {
    let n = plan.endpoints;
    let cases: Vec<Case> = vec![
        ("UpdateEndpoint", Arc::new(update_requests(n)), 202),
        ("GetEndpoint", Arc::new(get_requests(n)), 200),
        ("GetUserEndpoints", Arc::new(user_requests(n / 2)), 200),
        ("PutEvents (10 events)", Arc::new(event_requests(n)), 202),
    ];
    let emulator = Server::emulator();
    let ceiling = Server::ceiling();
    // Load the 10,000 endpoints (5,000 users) the read cases need.
    send_all(
        &emulator.addr,
        batch_requests(0, n, n / 2),
        plan.connections.min(8),
        202,
    )
    .await;
    let mut rows = Vec::new();
    for (name, reqs, ok) in cases {
        let mut emu = Stats::default();
        let mut ceil = Stats::default();
        for round in 0..plan.rounds {
            // Alternate which server goes first so drift cancels.
            let order = if round % 2 == 0 {
                [true, false]
            } else {
                [false, true]
            };
            for is_emu in order {
                let addr = if is_emu {
                    &emulator.addr
                } else {
                    &ceiling.addr
                };
                let s = drive(
                    addr,
                    Arc::clone(&reqs),
                    plan.connections,
                    plan.warmup,
                    plan.measure,
                    ok,
                )
                .await;
                if is_emu {
                    emu = if round == 0 { s } else { merge(&emu, &s) };
                } else {
                    ceil = if round == 0 { s } else { merge(&ceil, &s) };
                }
            }
        }
        eprintln!(
            "  {name:<24} emulator {:>8.0} req/s  ceiling {:>8.0} req/s  ratio {:.3}",
            emu.rps,
            ceil.rps,
            emu.rps / ceil.rps
        );
        rows.push(row(name, &emu, &ceil));
    }
    rows
}
