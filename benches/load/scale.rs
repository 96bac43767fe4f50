//! Scale (1,000,000 endpoints in one app) and start to healthy.

use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use super::cases::{batch_requests, endpoint_body};
use super::clients::{drive, request, send_all, Conn};
use super::servers::{health_ok, Peer, Server, CEILING_AS_PROCESS};
use super::{Plan, APP};

async fn latencies(addr: &str, plan: Plan, loaded: usize) -> Value {
    let sample = 10_000.min(loaded);
    let step = loaded / sample;
    let ids: Vec<usize> = (0..sample).map(|i| i * step).collect();
    let upd = Arc::new(
        ids.iter()
            .map(|i| {
                request(
                    "PUT",
                    &format!("/v1/apps/{APP}/endpoints/endpoint-{i}"),
                    &endpoint_body(*i, loaded / 2).to_string(),
                )
            })
            .collect::<Vec<_>>(),
    );
    let get = Arc::new(
        ids.iter()
            .map(|i| request("GET", &format!("/v1/apps/{APP}/endpoints/endpoint-{i}"), ""))
            .collect::<Vec<_>>(),
    );
    let users = Arc::new(
        ids.iter()
            .map(|i| {
                request(
                    "GET",
                    &format!("/v1/apps/{APP}/users/user-{}", i % (loaded / 2)),
                    "",
                )
            })
            .collect::<Vec<_>>(),
    );
    let mut out = serde_json::Map::new();
    for (name, reqs, ok) in [
        ("UpdateEndpoint", upd, 202),
        ("GetEndpoint", get, 200),
        ("GetUserEndpoints", users, 200),
    ] {
        let s = drive(addr, reqs, plan.connections, plan.warmup, plan.measure, ok).await;
        out.insert(name.into(), json!({"rps": s.rps.round(), "p50_us": s.p50_us, "p99_us": s.p99_us, "errors": s.errors}));
    }
    Value::Object(out)
}

/// The three-dimension segment the scale part evaluates: a Demographic field, an attribute
/// INCLUSIVE and a metric comparison.
const SEGMENT: &str = r#"{"Name":"bench","Dimensions":{"Demographic":{"Platform":{"Values":["ios"]}},"Attributes":{"Plan":{"AttributeType":"INCLUSIVE","Values":["gold"]}},"Metrics":{"orders":{"ComparisonOperator":"GREATER_THAN","Value":2}}}}"#;

/// Median time of evaluating the segment (`GET /_pinpoint/segments`, one id per page), over
/// `runs` runs, in milliseconds, and the cost per endpoint in nanoseconds.
async fn evaluate(addr: &str, segment_id: &str, endpoints: usize, runs: usize) -> Value {
    let mut conn = Conn::new(addr);
    let req = request(
        "GET",
        &format!("/_pinpoint/segments?application-id={APP}&segment-id={segment_id}&page-size=1"),
        "",
    );
    let mut times = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        assert_eq!(conn.call(&req).await.expect("segment evaluation"), 200);
        times.push(t.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    json!({"endpoints": endpoints, "median_ms": (median * 1e4).round() / 10.0,
           "ns_per_endpoint": (median * 1e9 / endpoints as f64).round()})
}

/// Creates the bench segment; returns its id.
async fn create_segment(addr: &str) -> String {
    let mut conn = Conn::new(addr);
    let req = request("POST", &format!("/v1/apps/{APP}/segments"), SEGMENT);
    let (status, body) = conn.call_body(&req).await.expect("create segment");
    assert_eq!(status, 201, "{}", String::from_utf8_lossy(&body));
    let v: Value = serde_json::from_slice(&body).expect("segment JSON");
    v["Id"].as_str().expect("segment id").to_string()
}

pub(crate) async fn scale(plan: Plan) -> Value {
    let server = Server::emulator();
    tokio::time::sleep(Duration::from_millis(200)).await;
    let idle_kib = server.rss_kib();
    let users = plan.scale_endpoints / 2;
    let first = plan.endpoints;
    let t0 = send_all(
        &server.addr,
        batch_requests(0, first, users),
        plan.connections,
        202,
    )
    .await;
    let at_small = latencies(&server.addr, plan, first).await;
    let segment_id = create_segment(&server.addr).await;
    let segment_small = evaluate(&server.addr, &segment_id, first, 5).await;
    let mut load_time = t0;
    // Generate and send the rest in chunks so the generator's memory stays small.
    let chunk = 100_000;
    let mut start = first;
    while start < plan.scale_endpoints {
        let count = chunk.min(plan.scale_endpoints - start);
        load_time += send_all(
            &server.addr,
            batch_requests(start, count, users),
            plan.connections,
            202,
        )
        .await;
        start += count;
    }
    let loaded_kib = server.rss_kib();
    let at_large = latencies(&server.addr, plan, plan.scale_endpoints).await;
    let segment_large = evaluate(&server.addr, &segment_id, plan.scale_endpoints, 5).await;
    eprintln!(
        "  segment of 3 dimensions: {} ms at {first} endpoints, {} ms at {} ({} ns per endpoint)",
        segment_small["median_ms"],
        segment_large["median_ms"],
        plan.scale_endpoints,
        segment_large["ns_per_endpoint"]
    );
    let per_endpoint =
        (loaded_kib.saturating_sub(idle_kib) * 1024) as f64 / plan.scale_endpoints as f64;
    let p99_ratio = |op: &str| {
        at_large[op]["p99_us"].as_f64().unwrap() / at_small[op]["p99_us"].as_f64().unwrap().max(1.0)
    };
    eprintln!(
        "  loaded {} endpoints in {:.1} s; {:.0} bytes resident per endpoint; p99 ratio update {:.2} get {:.2} user {:.2}",
        plan.scale_endpoints,
        load_time.as_secs_f64(),
        per_endpoint,
        p99_ratio("UpdateEndpoint"),
        p99_ratio("GetEndpoint"),
        p99_ratio("GetUserEndpoints")
    );
    json!({
        "endpoints": plan.scale_endpoints,
        "load_seconds": (load_time.as_secs_f64() * 100.0).round() / 100.0,
        "endpoints_per_second": (plan.scale_endpoints as f64 / load_time.as_secs_f64()).round(),
        "rss_idle_kib": idle_kib,
        "rss_loaded_kib": loaded_kib,
        "bytes_per_endpoint": per_endpoint.round(),
        "at_10k": at_small,
        "at_full": at_large,
        "p99_ratio": {"UpdateEndpoint": p99_ratio("UpdateEndpoint"), "GetEndpoint": p99_ratio("GetEndpoint"), "GetUserEndpoints": p99_ratio("GetUserEndpoints")},
        "segment": {"at_10k": segment_small, "at_full": segment_large},
    })
}

/// Start to healthy (median of `plan.starts` starts) and idle RSS of the servers `start` makes.
fn starts(plan: Plan, start: impl Fn() -> Server, health: &str) -> Value {
    let mut times = Vec::new();
    let mut idle = Vec::new();
    for _ in 0..plan.starts {
        let t = Instant::now();
        let server = start();
        while !health_ok(&server.addr, health) {
            std::thread::sleep(Duration::from_micros(200));
        }
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        std::thread::sleep(Duration::from_millis(100));
        idle.push(server.rss_kib());
    }
    times.sort_by(f64::total_cmp);
    idle.sort_unstable();
    json!({"starts": plan.starts, "median_ms": (times[times.len() / 2] * 10.0).round() / 10.0,
           "max_ms": (times[times.len() - 1] * 10.0).round() / 10.0, "idle_rss_kib": idle[idle.len() / 2]})
}

/// Start and idle footprint of the emulator, and of the ceiling process and the peer when the
/// run has them.
pub(crate) fn startup(plan: Plan, peer: Option<&Peer>) -> Value {
    let mut out = starts(plan, Server::emulator, "/_pinpoint/health");
    eprintln!(
        "  emulator: start to healthy median {} ms over {} starts; idle RSS {} KiB",
        out["median_ms"], plan.starts, out["idle_rss_kib"]
    );
    if CEILING_AS_PROCESS.load(Ordering::Relaxed) {
        let c = starts(plan, Server::ceiling, "/_pinpoint/health");
        eprintln!(
            "  ceiling: median {} ms; idle RSS {} KiB",
            c["median_ms"], c["idle_rss_kib"]
        );
        out["ceiling"] = c;
    }
    if let Some(p) = peer {
        let health = p.health_path();
        let c = starts(plan, || Server::peer_process(p), health);
        eprintln!(
            "  {}: median {} ms; idle RSS {} KiB",
            p.name, c["median_ms"], c["idle_rss_kib"]
        );
        out["peer"] = c;
    }
    out
}
