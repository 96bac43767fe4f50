//! One parse of a request body against two: `check_body` then `parse_json` (the model walk, then
//! serde into the handler's type) against `parse_checked` (the model checked while serde builds
//! the type), on the same bodies, in one run, alternating, with the ratio.
//!
//! `cargo bench --bench parse` (release; not part of `cargo test`).

use std::hint::black_box;
use std::time::Instant;

use pinpoint_local::dto::endpoints::EndpointRequest;
use pinpoint_local::dto::events::EventsRequest;
use pinpoint_local::protocol::extract::parse_json;
use pinpoint_local::protocol::validate::{check_body, input_of, parse_checked};
use serde::de::DeserializeOwned;
use serde_json::{json, Map, Value};

/// The UpdateEndpoint golden body (`tests/golden/UpdateEndpoint/accepted.http`).
const GOLDEN_ENDPOINT: &str = r#"{"ChannelType":"EMAIL","Address":"ana@example.com","Attributes":{"plan":["pro"]},"User":{"UserId":"ana","UserAttributes":{"tier":["gold"]}}}"#;

/// The load benchmark's UpdateEndpoint body (`benches/load/cases.rs`).
fn load_endpoint() -> String {
    json!({
        "ChannelType": "EMAIL",
        "Address": "user7@example.com",
        "Attributes": {"Interests": ["music", "travel"], "Plan": ["free"]},
        "Demographic": {"AppVersion": "3.2.0", "Locale": "en_US", "Platform": "ios", "Timezone": "America/New_York"},
        "Location": {"City": "Boston", "Country": "USA", "Latitude": 42.36, "Longitude": -71.06},
        "Metrics": {"orders": 3.0},
        "User": {"UserId": "user-7", "UserAttributes": {"FirstName": ["Ana"]}},
    })
    .to_string()
}

/// A PutEvents body of `endpoints` endpoints with `per` events each, as the load benchmark's.
fn events(endpoints: usize, per: usize) -> String {
    let mut batch = Map::new();
    for i in 0..endpoints {
        let events: Map<String, Value> = (0..per)
            .map(|e| {
                (format!("{i}-{e}"), json!({"EventType": if e == 0 { "_session.start" } else { "screen_view" },
                    "Timestamp": "2026-11-23T10:00:00.000Z", "Attributes": {"screen": "home", "variant": "b"},
                    "Metrics": {"duration": 1.5}, "Session": {"Id": format!("s-{i}"), "StartTimestamp": "2026-11-23T10:00:00.000Z"}}))
            })
            .collect();
        batch.insert(
            format!("endpoint-{i}"),
            json!({"Endpoint": {"ChannelType": "EMAIL", "Address": format!("u{i}@example.com")}, "Events": events}),
        );
    }
    json!({ "BatchItem": batch }).to_string()
}

/// Nanoseconds per call of `f`, the median of `rounds` rounds of `n` calls.
fn time(rounds: &mut [Vec<f64>; 2], n: usize, mut f: [&mut dyn FnMut(); 2]) {
    for (which, f) in f.iter_mut().enumerate() {
        let start = Instant::now();
        for _ in 0..n {
            f();
        }
        rounds[which].push(start.elapsed().as_nanos() as f64 / n as f64);
    }
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn case<T: DeserializeOwned>(name: &str, op: &str, body: &str) {
    let input = input_of(op).unwrap();
    let bytes = body.as_bytes();
    assert!(
        parse_checked::<T>(input, bytes).is_ok(),
        "{name}: the body must be valid"
    );
    let n = (2_000_000 / bytes.len()).clamp(200, 200_000);
    let mut rounds = [Vec::new(), Vec::new()];
    let mut slow = || {
        black_box(
            check_body(input, black_box(bytes))
                .and_then(|()| parse_json::<T>(bytes))
                .ok(),
        );
    };
    let mut fast = || {
        black_box(parse_checked::<T>(input, black_box(bytes)).ok());
    };
    time(&mut rounds, n / 4, [&mut slow, &mut fast]); // warm-up
    rounds = [Vec::new(), Vec::new()];
    for r in 0..10 {
        if r % 2 == 0 {
            time(&mut rounds, n, [&mut slow, &mut fast]);
        } else {
            let mut swapped = [Vec::new(), Vec::new()];
            time(&mut swapped, n, [&mut fast, &mut slow]);
            rounds[0].append(&mut swapped[1]);
            rounds[1].append(&mut swapped[0]);
        }
    }
    let (s, f) = (median(&mut rounds[0]), median(&mut rounds[1]));
    println!(
        "| {name} | {} | {s:.0} | {f:.0} | **{:.2}** |",
        bytes.len(),
        f / s
    );
}

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        return; // `cargo test --all-targets` runs it without `--bench`: nothing to measure then
    }
    println!("| Body | bytes | check_body + parse_json (ns) | parse_checked (ns) | one / two |");
    println!("|---|---|---|---|---|");
    case::<EndpointRequest>(
        "UpdateEndpoint, golden accepted.http",
        "UpdateEndpoint",
        GOLDEN_ENDPOINT,
    );
    case::<EndpointRequest>(
        "UpdateEndpoint, the load body",
        "UpdateEndpoint",
        &load_endpoint(),
    );
    case::<EventsRequest>(
        "PutEvents, 1 endpoint × 10 events",
        "PutEvents",
        &events(1, 10),
    );
    case::<EventsRequest>(
        "PutEvents, 10 endpoints × 10 events",
        "PutEvents",
        &events(10, 10),
    );
}
