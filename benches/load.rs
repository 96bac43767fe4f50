//! The load benchmark: `cargo bench --bench load` (see benches/README.md, or benches/run.sh,
//! which also installs moto for the peer comparison).
//!
//! Everything is measured side by side in one run, as ratios:
//! 1. throughput and latency of the emulator against a ceiling server (bare axum that reads and
//!    parses the same JSON and answers a fixed body), with the same load generator, alternating
//!    the two servers so machine drift cancels;
//! 2. scale: 1,000,000 endpoints in one app — load time, resident memory per endpoint, and
//!    latencies at 10,000 vs 1,000,000 endpoints;
//! 3. start to first healthy answer (median of 20) and idle memory;
//! 4. a CreateApp/GetApp/DeleteApp loop against moto's server mode, when `--moto PATH` names a
//!    `moto_server` executable.
//!
//! The emulator runs as a child process (the release binary), so its memory can be read from
//! /proc; the ceiling runs in this process on a runtime with the same number of workers. Nothing
//! here is a test: `tests/it/bench_smoke.rs` only checks that the harness still runs a tiny case.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const APP: &str = "0b0e0c0d0a0b4c0d8e0f000000000001";

/// Sizes of a run; `--quick` shrinks everything for the smoke test.
#[derive(Clone, Copy)]
struct Plan {
    connections: usize,
    warmup: Duration,
    measure: Duration,
    rounds: usize,
    endpoints: usize,
    scale_endpoints: usize,
    starts: usize,
}

const FULL: Plan = Plan {
    connections: 64,
    warmup: Duration::from_secs(1),
    measure: Duration::from_secs(3),
    rounds: 2,
    endpoints: 10_000,
    scale_endpoints: 1_000_000,
    starts: 20,
};

const QUICK: Plan = Plan {
    connections: 4,
    warmup: Duration::from_millis(50),
    measure: Duration::from_millis(200),
    rounds: 1,
    endpoints: 200,
    scale_endpoints: 2_000,
    starts: 2,
};

// ---------------------------------------------------------------- servers

/// A server process; killed when dropped.
struct Server {
    child: Option<Child>,
    addr: String,
}

impl Server {
    fn spawn(mut cmd: Command) -> Self {
        let mut child = cmd
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn server");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let addr = line
            .trim()
            .strip_prefix("listening on http://")
            .expect("listening line")
            .to_string();
        Self {
            child: Some(child),
            addr,
        }
    }

    fn emulator() -> Self {
        // PINPOINT_BENCH_BIN runs another build, for instance one with frame pointers for perf.
        let bin = std::env::var("PINPOINT_BENCH_BIN")
            .unwrap_or_else(|_| env!("CARGO_BIN_EXE_pinpoint-local").to_string());
        let mut cmd = Command::new(bin);
        cmd.args(["--port", "0", "--max-events", "100000"]);
        Self::spawn(cmd)
    }

    /// The ceiling runs in this process, on a runtime of its own with as many workers as the
    /// emulator's.
    fn ceiling() -> Self {
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || run_ceiling(tx));
        Self {
            child: None,
            addr: rx.recv().expect("ceiling address"),
        }
    }

    fn rss_kib(&self) -> u64 {
        self.child.as_ref().map_or(0, |c| rss_kib(c.id()))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(child) = &mut self.child {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

/// The ceiling: bare axum on the same paths, parsing the same JSON, answering fixed bodies.
fn run_ceiling(ready: std::sync::mpsc::Sender<String>) {
    use axum::routing::{get, post, put};
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        async fn parse_then(
            status: u16,
            body: &'static str,
            bytes: axum::body::Bytes,
        ) -> axum::response::Response {
            use axum::response::IntoResponse;
            let parsed: Result<Value, _> = serde_json::from_slice(&bytes);
            let code = if parsed.is_ok() { status } else { 400 };
            (
                axum::http::StatusCode::from_u16(code).unwrap(),
                [
                    ("content-type", "application/json"),
                    ("x-amzn-RequestId", "00000000-0000-0000-0000-000000000000"),
                ],
                body,
            )
                .into_response()
        }
        const ACCEPTED: &str =
            r#"{"Message":"Accepted","RequestID":"00000000-0000-0000-0000-000000000000"}"#;
        static ENDPOINT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
        static USER: std::sync::OnceLock<String> = std::sync::OnceLock::new();
        static EVENTS: std::sync::OnceLock<String> = std::sync::OnceLock::new();
        let ep = ENDPOINT
            .get_or_init(|| canned_endpoint_response().to_string())
            .as_str();
        let user = USER
            .get_or_init(|| {
                json!({"Item": [canned_endpoint_response(), canned_endpoint_response()]})
                    .to_string()
            })
            .as_str();
        let events = EVENTS.get_or_init(canned_events_response).as_str();
        let app = axum::Router::new()
            .route(
                "/v1/apps/{app}/endpoints/{id}",
                put(move |b: axum::body::Bytes| parse_then(202, ACCEPTED, b))
                    .get(move || async move { parse_then(200, ep, "{}".into()).await }),
            )
            .route(
                "/v1/apps/{app}/endpoints",
                put(move |b: axum::body::Bytes| parse_then(202, ACCEPTED, b)),
            )
            .route(
                "/v1/apps/{app}/users/{user}",
                get(move || async move { parse_then(200, user, "{}".into()).await }),
            )
            .route(
                "/v1/apps/{app}/events",
                post(move |b: axum::body::Bytes| parse_then(202, events, b)),
            )
            .route("/_pinpoint/health", get(|| async { "{\"status\":\"ok\"}" }));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        ready
            .send(listener.local_addr().unwrap().to_string())
            .unwrap();
        axum::serve(listener, app).await.unwrap();
    });
}

fn canned_endpoint_response() -> Value {
    json!({"Address":"user1@example.com","ApplicationId":APP,"Attributes":{"Interests":["music","travel"],"Plan":["gold"]},
        "ChannelType":"EMAIL","CohortId":"42","CreationDate":"2026-11-23T10:00:00.000Z",
        "Demographic":{"AppVersion":"3.2.0","Locale":"en_US","Platform":"ios","Timezone":"America/New_York"},
        "EffectiveDate":"2026-11-23T10:00:00.000Z","EndpointStatus":"ACTIVE","Id":"endpoint-1",
        "Location":{"City":"Boston","Country":"USA","Latitude":42.4,"Longitude":-71.1},
        "Metrics":{"orders":3.0},"OptOut":"NONE","RequestId":"00000000-0000-0000-0000-000000000000",
        "User":{"UserAttributes":{"FirstName":["Ana"]},"UserId":"user-1"}})
}

fn canned_events_response() -> String {
    let events: serde_json::Map<String, Value> = (0..10)
        .map(|i| {
            (
                format!("event-{i}"),
                json!({"Message":"Accepted","StatusCode":202}),
            )
        })
        .collect();
    json!({"Results":{"endpoint-1":{"EndpointItemResponse":{"Message":"Accepted","StatusCode":202},"EventsItemResponse":events}}}).to_string()
}

// ---------------------------------------------------------------- requests

fn endpoint_body(i: usize, users: usize) -> Value {
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

fn request(method: &str, path: &str, body: &str) -> Vec<u8> {
    // Signed the way SDKs sign (the signature is not checked); moto needs the credential scope to
    // know the service.
    let mut r = format!(
        "{method} {path} HTTP/1.1\r\nHost: bench\r\nContent-Type: application/json\r\nX-Amz-Date: 20261123T100000Z\r\n\
         Authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261123/us-east-1/mobiletargeting/aws4_request, \
         SignedHeaders=content-type;host;x-amz-date, Signature=0000000000000000000000000000000000000000000000000000000000000000\r\n"
    );
    r.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    let mut bytes = r.into_bytes();
    bytes.extend_from_slice(body.as_bytes());
    bytes
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

fn event_requests(n: usize) -> Vec<Vec<u8>> {
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

fn batch_requests(start: usize, count: usize, users: usize) -> Vec<Vec<u8>> {
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

// ---------------------------------------------------------------- load generator

/// One keep-alive HTTP/1.1 connection that sends a request and reads the whole response.
struct Conn {
    addr: String,
    stream: Option<TcpStream>,
    buf: Vec<u8>,
}

impl Conn {
    fn new(addr: &str) -> Self {
        Self {
            addr: addr.to_string(),
            stream: None,
            buf: Vec::with_capacity(16 * 1024),
        }
    }

    /// Sends one request; returns the status.
    async fn call(&mut self, req: &[u8]) -> std::io::Result<u16> {
        if self.stream.is_none() {
            let s = TcpStream::connect(&self.addr).await?;
            s.set_nodelay(true)?;
            self.stream = Some(s);
        }
        let s = self.stream.as_mut().unwrap();
        s.write_all(req).await?;
        self.buf.clear();
        let (head_end, status, length, close) = loop {
            let mut chunk = [0u8; 8192];
            let n = s.read(&mut chunk).await?;
            if n == 0 {
                self.stream = None;
                return Err(std::io::ErrorKind::UnexpectedEof.into());
            }
            self.buf.extend_from_slice(&chunk[..n]);
            if let Some(pos) = self.buf.windows(4).position(|w| w == b"\r\n\r\n") {
                let head = String::from_utf8_lossy(&self.buf[..pos]).to_ascii_lowercase();
                let status = head.get(9..12).and_then(|s| s.parse().ok()).unwrap_or(0);
                let length = head
                    .lines()
                    .find_map(|l| l.strip_prefix("content-length:"))
                    .and_then(|v| v.trim().parse::<usize>().ok())
                    .unwrap_or(0);
                let close = head.starts_with("http/1.0") || head.contains("connection: close");
                break (pos + 4, status, length, close);
            }
        };
        while self.buf.len() < head_end + length {
            let mut chunk = [0u8; 8192];
            let n = s.read(&mut chunk).await?;
            if n == 0 {
                break;
            }
            self.buf.extend_from_slice(&chunk[..n]);
        }
        if close {
            self.stream = None;
        }
        Ok(status)
    }
}

/// The result of one measured case.
#[derive(Clone, Debug, Default)]
struct Stats {
    requests: u64,
    errors: u64,
    rps: f64,
    p50_us: f64,
    p99_us: f64,
}

fn percentile(sorted: &[u32], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let idx = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    f64::from(sorted[idx])
}

/// Drives `addr` with `connections` connections cycling through `reqs` for `warmup` + `measure`.
async fn drive(
    addr: &str,
    reqs: Arc<Vec<Vec<u8>>>,
    connections: usize,
    warmup: Duration,
    measure: Duration,
    ok: u16,
) -> Stats {
    let stop = Arc::new(AtomicBool::new(false));
    let measuring = Arc::new(AtomicBool::new(false));
    let mut tasks = Vec::new();
    for c in 0..connections {
        let (reqs, stop, measuring, addr) = (
            Arc::clone(&reqs),
            Arc::clone(&stop),
            Arc::clone(&measuring),
            addr.to_string(),
        );
        tasks.push(tokio::spawn(async move {
            let mut conn = Conn::new(&addr);
            let mut lat = Vec::with_capacity(100_000);
            let mut errors = 0u64;
            let mut i = c * 7919;
            while !stop.load(Ordering::Relaxed) {
                let req = &reqs[i % reqs.len()];
                i += connections;
                let t = Instant::now();
                let status = conn.call(req).await;
                let us = t.elapsed().as_micros().min(u128::from(u32::MAX)) as u32;
                if measuring.load(Ordering::Relaxed) {
                    match status {
                        Ok(s) if s == ok => lat.push(us),
                        _ => errors += 1,
                    }
                }
            }
            (lat, errors)
        }));
    }
    tokio::time::sleep(warmup).await;
    measuring.store(true, Ordering::Relaxed);
    let started = Instant::now();
    tokio::time::sleep(measure).await;
    measuring.store(false, Ordering::Relaxed);
    let elapsed = started.elapsed();
    stop.store(true, Ordering::Relaxed);
    let mut all = Vec::new();
    let mut errors = 0;
    for t in tasks {
        let (lat, e) = t.await.unwrap();
        all.extend(lat);
        errors += e;
    }
    all.sort_unstable();
    Stats {
        requests: all.len() as u64,
        errors,
        rps: all.len() as f64 / elapsed.as_secs_f64(),
        p50_us: percentile(&all, 0.50),
        p99_us: percentile(&all, 0.99),
    }
}

/// Sends every request once over `connections` connections; returns the elapsed time.
async fn send_all(addr: &str, reqs: Vec<Vec<u8>>, connections: usize, ok: u16) -> Duration {
    let reqs = Arc::new(reqs);
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..connections {
        let (reqs, next, addr) = (Arc::clone(&reqs), Arc::clone(&next), addr.to_string());
        tasks.push(tokio::spawn(async move {
            let mut conn = Conn::new(&addr);
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(req) = reqs.get(i) else { break };
                let status = conn.call(req).await.expect("request failed");
                assert_eq!(status, ok, "unexpected status while loading");
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    started.elapsed()
}

// ---------------------------------------------------------------- the run

fn row(name: &str, emu: &Stats, ceil: &Stats) -> Value {
    json!({
        "case": name,
        "emulator": {"rps": emu.rps.round(), "p50_us": emu.p50_us, "p99_us": emu.p99_us, "errors": emu.errors, "requests": emu.requests},
        "ceiling": {"rps": ceil.rps.round(), "p50_us": ceil.p50_us, "p99_us": ceil.p99_us, "errors": ceil.errors, "requests": ceil.requests},
        "ratio": (emu.rps / ceil.rps * 1000.0).round() / 1000.0,
    })
}

fn merge(a: &Stats, b: &Stats) -> Stats {
    let n = (a.requests + b.requests).max(1) as f64;
    Stats {
        requests: a.requests + b.requests,
        errors: a.errors + b.errors,
        rps: (a.rps + b.rps) / 2.0,
        p50_us: ((a.p50_us * a.requests as f64 + b.p50_us * b.requests as f64) / n).round(),
        p99_us: a.p99_us.max(b.p99_us),
    }
}

/// A throughput case: its name, the requests to cycle through, the success status.
type Case = (&'static str, Arc<Vec<Vec<u8>>>, u16);

async fn throughput(plan: Plan) -> Vec<Value> {
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

async fn scale(plan: Plan) -> Value {
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
    })
}

fn health_ok(addr: &str) -> bool {
    use std::io::{Read, Write};
    let Ok(mut s) = std::net::TcpStream::connect(addr) else {
        return false;
    };
    if s.write_all(b"GET /_pinpoint/health HTTP/1.1\r\nHost: b\r\nConnection: close\r\n\r\n")
        .is_err()
    {
        return false;
    }
    let mut head = [0u8; 12];
    s.read_exact(&mut head).is_ok() && &head[9..12] == b"200"
}

fn startup(plan: Plan) -> Value {
    let mut times = Vec::new();
    let mut idle = Vec::new();
    for _ in 0..plan.starts {
        let t = Instant::now();
        let server = Server::emulator();
        while !health_ok(&server.addr) {
            std::thread::sleep(Duration::from_micros(200));
        }
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        std::thread::sleep(Duration::from_millis(100));
        idle.push(server.rss_kib());
    }
    times.sort_by(f64::total_cmp);
    idle.sort_unstable();
    let median_ms = times[times.len() / 2];
    let idle_kib = idle[idle.len() / 2];
    eprintln!(
        "  start to healthy: median {median_ms:.1} ms over {} starts; idle RSS {idle_kib} KiB",
        plan.starts
    );
    json!({"starts": plan.starts, "median_ms": (median_ms * 10.0).round() / 10.0, "max_ms": (times[times.len() - 1] * 10.0).round() / 10.0, "idle_rss_kib": idle_kib})
}

/// CreateApp → GetApp → DeleteApp, sequentially on each connection; returns loops per second.
async fn app_loop(
    addr: &str,
    connections: usize,
    measure: Duration,
    id_field: &'static str,
) -> f64 {
    let stop = Arc::new(AtomicBool::new(false));
    let mut tasks = Vec::new();
    for _ in 0..connections {
        let (stop, addr) = (Arc::clone(&stop), addr.to_string());
        tasks.push(tokio::spawn(async move {
            let mut conn = Conn::new(&addr);
            let create = request("POST", "/v1/apps", r#"{"Name":"bench","tags":{}}"#);
            let mut loops = 0u64;
            while !stop.load(Ordering::Relaxed) {
                if conn.call(&create).await.ok() != Some(201) {
                    continue;
                }
                let start = conn
                    .buf
                    .windows(4)
                    .position(|w| w == b"\r\n\r\n")
                    .map_or(0, |p| p + 4);
                let v: Value = serde_json::from_slice(&conn.buf[start..]).unwrap_or(Value::Null);
                let id = v
                    .get(id_field)
                    .or_else(|| v.get("ApplicationResponse").and_then(|a| a.get(id_field)));
                let Some(id) = id.and_then(Value::as_str).map(str::to_string) else {
                    continue;
                };
                let _ = conn
                    .call(&request("GET", &format!("/v1/apps/{id}"), ""))
                    .await;
                let _ = conn
                    .call(&request("DELETE", &format!("/v1/apps/{id}"), ""))
                    .await;
                loops += 1;
            }
            loops
        }));
    }
    let started = Instant::now();
    tokio::time::sleep(measure).await;
    stop.store(true, Ordering::Relaxed);
    let mut loops = 0;
    for t in tasks {
        loops += t.await.unwrap();
    }
    loops as f64 / started.elapsed().as_secs_f64()
}

async fn peer(plan: Plan, moto: Option<String>) -> Value {
    let Some(moto) = moto else {
        eprintln!("  moto: skipped (pass --moto PATH-TO-moto_server, as benches/run.sh does)");
        return json!({"skipped": "no --moto given"});
    };
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut child = Command::new(&moto)
        .args(["-H", "127.0.0.1", "-p", &port.to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn moto_server");
    let moto_addr = format!("127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(30);
    while std::net::TcpStream::connect(&moto_addr).is_err() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
    }
    let emulator = Server::emulator();
    let conns = 8.min(plan.connections);
    let measure = plan.measure * 2;
    let emu = app_loop(&emulator.addr, conns, measure, "Id").await;
    let moto_rate = app_loop(&moto_addr, conns, measure, "Id").await;
    let _ = child.kill();
    let _ = child.wait();
    eprintln!("  CreateApp/GetApp/DeleteApp loops: emulator {emu:.0}/s, moto {moto_rate:.0}/s, ratio {:.1}", emu / moto_rate.max(0.001));
    json!({"connections": conns, "emulator_loops_per_s": emu.round(), "moto_loops_per_s": moto_rate.round(), "ratio": (emu / moto_rate.max(0.001) * 10.0).round() / 10.0})
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(secs) = args
        .iter()
        .position(|a| a == "--soak")
        .and_then(|i| args.get(i + 1)?.parse().ok())
    {
        soak(Duration::from_secs(secs));
        return;
    }
    run(args);
}

/// The soak: mixed load for `length` with a bounded events log; prints errors (must be 0) and
/// resident memory over time (must level off).
fn soak(length: Duration) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_pinpoint-local"));
    cmd.args(["--port", "0", "--max-events", "20000"]);
    let server = Server::spawn(cmd);
    let n = 20_000;
    // (request, expected status, whether 404 is fine: reads and deletes may race a delete)
    let mut mix: Vec<(Vec<u8>, u16, bool)> = Vec::new();
    for i in 0..n {
        let ep = format!("/v1/apps/{APP}/endpoints/endpoint-{i}");
        let put = request("PUT", &ep, &endpoint_body(i, n / 2).to_string());
        let user = request(
            "GET",
            &format!("/v1/apps/{APP}/users/user-{}", i % (n / 2)),
            "",
        );
        mix.push((put.clone(), 202, false));
        mix.push((user, 200, true));
        mix.push((event_requests(1).pop().unwrap(), 202, false));
        mix.push((request("GET", &ep, ""), 200, true));
        if i % 10 == 9 {
            // Delete and re-create, so the store churns instead of only growing.
            mix.push((request("DELETE", &ep, ""), 202, true));
            mix.push((put, 202, false));
        }
    }
    let mix = Arc::new(mix);
    let stop = Arc::new(AtomicBool::new(false));
    let started = Instant::now();
    let (requests, errors, samples) = rt.block_on(async {
        let mut tasks = Vec::new();
        for c in 0..16 {
            let (mix, stop, addr) = (Arc::clone(&mix), Arc::clone(&stop), server.addr.clone());
            tasks.push(tokio::spawn(async move {
                let mut conn = Conn::new(&addr);
                let (mut sent, mut errors) = (0u64, 0u64);
                let mut i = c;
                while !stop.load(Ordering::Relaxed) {
                    // Each connection walks the mix in order, so a GET follows its own PUT.
                    let (req, ok, may_404) = &mix[i % mix.len()];
                    i += 16 * 6;
                    if i >= mix.len() {
                        i = c;
                    }
                    sent += 1;
                    match conn.call(req).await {
                        Ok(s) if s == *ok || (*may_404 && s == 404) => {}
                        Ok(s) => {
                            errors += 1;
                            eprintln!("unexpected status {s}");
                        }
                        Err(e) => {
                            errors += 1;
                            eprintln!("request failed: {e}");
                        }
                    }
                }
                (sent, errors)
            }));
        }
        let mut samples = Vec::new();
        while started.elapsed() < length {
            tokio::time::sleep(Duration::from_secs(30).min(length)).await;
            let rss = server.rss_kib();
            eprintln!("  {:>4} s  RSS {} KiB", started.elapsed().as_secs(), rss);
            samples.push(json!({"seconds": started.elapsed().as_secs(), "rss_kib": rss}));
        }
        stop.store(true, Ordering::Relaxed);
        let (mut requests, mut errors) = (0, 0);
        for t in tasks {
            let (s, e) = t.await.unwrap();
            requests += s;
            errors += e;
        }
        (requests, errors, samples)
    });
    let report = json!({"seconds": length.as_secs(), "requests": requests, "errors": errors, "rss": samples});
    println!("{}", serde_json::to_string_pretty(&report).unwrap());
    eprintln!(
        "soak: {requests} requests in {} s, {errors} errors",
        length.as_secs()
    );
}

/// Runs the benchmark the arguments ask for, prints the table, writes and returns the report.
pub fn run(args: Vec<String>) -> Value {
    let quick = args.iter().any(|a| a == "--quick");
    let plan = if quick { QUICK } else { FULL };
    let moto = args
        .iter()
        .position(|a| a == "--moto")
        .and_then(|i| args.get(i + 1).cloned());
    let out = args
        .iter()
        .position(|a| a == "--out")
        .and_then(|i| args.get(i + 1).cloned())
        .unwrap_or_else(|| {
            concat!(env!("CARGO_MANIFEST_DIR"), "/target/bench-load.json").to_string()
        });
    let only = args
        .iter()
        .position(|a| a == "--only")
        .and_then(|i| args.get(i + 1).cloned());
    let wants = |part: &str| only.as_deref().is_none_or(|o| o == part);
    let mut plan = plan;
    if let Some(n) = args
        .iter()
        .position(|a| a == "--scale")
        .and_then(|i| args.get(i + 1)?.parse().ok())
    {
        plan.scale_endpoints = n;
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let skipped = || json!({"skipped": "not selected with --only"});
    eprintln!("throughput vs ceiling ({} connections):", plan.connections);
    let rows = if wants("throughput") {
        rt.block_on(throughput(plan))
    } else {
        Vec::new()
    };
    eprintln!("scale:");
    let scale = if wants("scale") {
        rt.block_on(scale(plan))
    } else {
        skipped()
    };
    eprintln!("start and footprint:");
    let start = if wants("startup") {
        startup(plan)
    } else {
        skipped()
    };
    eprintln!("peer:");
    let peer = if wants("peer") {
        rt.block_on(peer(plan, moto))
    } else {
        skipped()
    };
    let report = json!({
        "machine": machine(),
        "plan": {"connections": plan.connections, "measure_seconds": plan.measure.as_secs_f64(), "rounds": plan.rounds, "endpoints": plan.endpoints},
        "throughput": rows,
        "scale": scale,
        "startup": start,
        "moto": peer,
    });
    std::fs::write(&out, serde_json::to_string_pretty(&report).unwrap()).unwrap();
    println!("{}", table(&report));
    eprintln!("JSON written to {out}");
    report
}

fn machine() -> Value {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .unwrap_or_default()
        .lines()
        .find_map(|l| {
            l.strip_prefix("model name")
                .map(|v| v.trim_start_matches([' ', '\t', ':']).to_string())
        })
        .unwrap_or_default();
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(0);
    json!({"cpu": cpu, "cores": cores})
}

/// The Markdown table benches/README.md keeps.
fn table(r: &Value) -> String {
    let mut s = String::from("| Case | emulator req/s | ceiling req/s | ratio | emulator p50 / p99 (µs) | ceiling p50 / p99 (µs) |\n|---|---|---|---|---|---|\n");
    for row in r["throughput"].as_array().unwrap() {
        s.push_str(&format!(
            "| {} | {} | {} | {} | {} / {} | {} / {} |\n",
            row["case"].as_str().unwrap(),
            row["emulator"]["rps"],
            row["ceiling"]["rps"],
            row["ratio"],
            row["emulator"]["p50_us"],
            row["emulator"]["p99_us"],
            row["ceiling"]["p50_us"],
            row["ceiling"]["p99_us"],
        ));
    }
    let sc = &r["scale"];
    if sc.get("skipped").is_some() {
        return s;
    }
    s.push_str(&format!(
        "\nScale: {} endpoints loaded in {} s ({} endpoints/s); {} bytes resident per endpoint (RSS {} KiB idle → {} KiB loaded).\n\n| Operation | p50 / p99 at 10k (µs) | p50 / p99 at {} (µs) | p99 ratio |\n|---|---|---|---|\n",
        sc["endpoints"], sc["load_seconds"], sc["endpoints_per_second"], sc["bytes_per_endpoint"], sc["rss_idle_kib"], sc["rss_loaded_kib"], sc["endpoints"]
    ));
    for op in ["UpdateEndpoint", "GetEndpoint", "GetUserEndpoints"] {
        s.push_str(&format!(
            "| {op} | {} / {} | {} / {} | {:.2} |\n",
            sc["at_10k"][op]["p50_us"],
            sc["at_10k"][op]["p99_us"],
            sc["at_full"][op]["p50_us"],
            sc["at_full"][op]["p99_us"],
            sc["p99_ratio"][op].as_f64().unwrap_or(0.0)
        ));
    }
    let st = &r["startup"];
    s.push_str(&format!(
        "\nStart to healthy: median {} ms (max {} ms) over {} starts; idle RSS {} KiB.\n",
        st["median_ms"], st["max_ms"], st["starts"], st["idle_rss_kib"]
    ));
    let m = &r["moto"];
    if m.get("skipped").is_none() {
        s.push_str(&format!(
            "\nCreateApp/GetApp/DeleteApp loop, {} connections: emulator {} loops/s, moto_server {} loops/s, ratio {}.\n",
            m["connections"], m["emulator_loops_per_s"], m["moto_loops_per_s"], m["ratio"]
        ));
    }
    s
}
