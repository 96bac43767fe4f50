//! Request bodies and the throughput cases (emulator against the ceiling).

use std::sync::Arc;

use serde_json::{json, Value};

use super::clients::{drive, request, send_all};
use super::report::{merge, row, Stats};
use super::servers::{Peer, Server};
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

fn update_requests(app: &str, n: usize) -> Vec<Vec<u8>> {
    (0..n)
        .map(|i| {
            request(
                "PUT",
                &format!("/v1/apps/{app}/endpoints/endpoint-{i}"),
                &endpoint_body(i, n / 2).to_string(),
            )
        })
        .collect()
}

fn get_requests(app: &str, n: usize) -> Vec<Vec<u8>> {
    (0..n)
        .map(|i| request("GET", &format!("/v1/apps/{app}/endpoints/endpoint-{i}"), ""))
        .collect()
}

fn user_requests(app: &str, users: usize) -> Vec<Vec<u8>> {
    (0..users)
        .map(|u| request("GET", &format!("/v1/apps/{app}/users/user-{u}"), ""))
        .collect()
}

pub(crate) fn event_requests(app: &str, n: usize) -> Vec<Vec<u8>> {
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
            request("POST", &format!("/v1/apps/{app}/events"), &body.to_string())
        })
        .collect()
}

pub(crate) fn batch_requests(start: usize, count: usize, users: usize) -> Vec<Vec<u8>> {
    batch_requests_for(APP, start, count, users)
}

/// UpdateEndpointsBatch requests of 100 endpoints each for `app`.
pub(crate) fn batch_requests_for(
    app: &str,
    start: usize,
    count: usize,
    users: usize,
) -> Vec<Vec<u8>> {
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
                &format!("/v1/apps/{app}/endpoints"),
                &json!({"Item": items}).to_string(),
            )
        })
        .collect()
}

/// The throughput cases: name, the requests for an app, the success status.
type Case = (&'static str, fn(&str, usize) -> Vec<Vec<u8>>, u16);

const CASES: [Case; 4] = [
    ("UpdateEndpoint", update_requests, 202),
    ("GetEndpoint", get_requests, 200),
    ("GetUserEndpoints", |app, n| user_requests(app, n / 2), 200),
    ("PutEvents (10 events)", event_requests, 202),
];

/// Each case against the emulator, the ceiling and the peer (when given), alternating which
/// server goes first from round to round so machine drift cancels. Afterwards, the resident
/// memory of each server (the emulator and the peer hold the 10,000 endpoints and the events).
pub(crate) async fn throughput(plan: Plan, peer: Option<&Peer>) -> (Vec<Value>, Value) {
    let n = plan.endpoints;
    let mut servers = vec![
        ("emulator", Server::emulator()),
        ("ceiling", Server::ceiling()),
    ];
    if let Some(p) = peer {
        servers.push(("peer", Server::peer(p).await));
    }
    // Load the 10,000 endpoints (5,000 users) the read cases need.
    for (_, s) in &servers {
        send_all(
            &s.addr,
            batch_requests_for(&s.app, 0, n, n / 2),
            plan.connections.min(8),
            202,
        )
        .await;
    }
    let mut rows = Vec::new();
    // `PINPOINT_BENCH_CASE=GetEndpoint` runs the cases whose name starts so, for a profiler
    // attached meanwhile or an A/B of one operation; several prefixes go comma-separated
    // (`UpdateEndpoint,GetEndpoint`: a read case after the writes that come before it).
    let only = std::env::var("PINPOINT_BENCH_CASE").ok();
    let cases = CASES.into_iter().filter(|c| {
        only.as_deref()
            .is_none_or(|o| o.split(',').any(|p| c.0.starts_with(p.trim())))
    });
    for (name, requests, ok) in cases {
        let reqs: Vec<Arc<Vec<Vec<u8>>>> = servers
            .iter()
            .map(|(_, s)| Arc::new(requests(&s.app, n)))
            .collect();
        let mut stats: Vec<Option<Stats>> = vec![None; servers.len()];
        for round in 0..plan.rounds {
            for k in 0..servers.len() {
                let i = (k + round) % servers.len();
                let s = drive(
                    &servers[i].1.addr,
                    Arc::clone(&reqs[i]),
                    plan.connections,
                    plan.warmup,
                    plan.measure,
                    ok,
                )
                .await;
                stats[i] = Some(stats[i].as_ref().map_or(s.clone(), |m| merge(m, &s)));
            }
        }
        let stats: Vec<Stats> = stats.into_iter().map(Option::unwrap_or_default).collect();
        let mut line = format!("  {name:<24}");
        for ((who, _), s) in servers.iter().zip(&stats) {
            line.push_str(&format!(" {who} {:>8.0} req/s", s.rps));
        }
        eprintln!("{line}  ratio {:.3}", stats[0].rps / stats[1].rps);
        rows.push(row(name, &stats[0], &stats[1], peer.zip(stats.get(2))));
    }
    let after: serde_json::Map<String, Value> = servers
        .iter()
        .map(|(who, s)| (who.to_string(), json!(s.rss_kib())))
        .collect();
    (rows, json!({"rss_after_load_kib": after}))
}
