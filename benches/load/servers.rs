//! The servers under test: the emulator as a child process, the ceiling, and a peer emulator.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use super::APP;

/// Set by the benchmark's own `main`: the ceiling then runs as a child process of the bench
/// executable (`--serve-ceiling`), so its start and memory are measured like the others'. The
/// smoke test runs the harness inside the test binary, where the ceiling stays in process.
pub(crate) static CEILING_AS_PROCESS: AtomicBool = AtomicBool::new(false);

/// A server process; killed when dropped.
pub(crate) struct Server {
    child: Option<Child>,
    pub(crate) addr: String,
    /// The app the requests name: the fixed bench app, or the one created on a peer.
    pub(crate) app: String,
}

/// Another Pinpoint emulator measured beside ours (`--peer NAME=PATH`).
#[derive(Clone, Debug)]
pub(crate) struct Peer {
    pub(crate) name: String,
    pub(crate) path: String,
}

/// The peers the harness knows how to start: name, the health path it answers when ready.
const PEERS: &[(&str, &str)] = &[("fakecloud", "/_fakecloud/health")];

impl Peer {
    /// Parses `NAME=PATH`.
    pub(crate) fn parse(spec: &str) -> Result<Self, String> {
        let (name, path) = spec
            .split_once('=')
            .ok_or_else(|| format!("--peer wants NAME=PATH, not {spec:?}"))?;
        if !PEERS.iter().any(|(n, _)| *n == name) {
            let known: Vec<&str> = PEERS.iter().map(|(n, _)| *n).collect();
            return Err(format!(
                "unknown peer {name:?} (known: {})",
                known.join(", ")
            ));
        }
        if !std::path::Path::new(path).is_file() {
            return Err(format!("peer {name}: no executable at {path}"));
        }
        Ok(Self {
            name: name.to_string(),
            path: path.to_string(),
        })
    }

    pub(crate) fn health_path(&self) -> &'static str {
        PEERS
            .iter()
            .find(|(n, _)| *n == self.name)
            .map_or("/", |p| p.1)
    }
}

/// The emulator binary: the release build, or `PINPOINT_BENCH_BIN` (another build, for
/// instance one with frame pointers for perf, or a baseline for an A/B).
pub(crate) fn emulator_bin() -> String {
    std::env::var("PINPOINT_BENCH_BIN")
        .unwrap_or_else(|_| env!("CARGO_BIN_EXE_pinpoint-local").to_string())
}

impl Server {
    pub(crate) fn spawn(mut cmd: Command) -> Self {
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
            app: APP.to_string(),
        }
    }

    /// The emulator with `--port 0` and `args`.
    pub(crate) fn emulator_with(args: &[&str]) -> Self {
        let mut cmd = Command::new(emulator_bin());
        cmd.args(["--port", "0"]).args(args);
        Self::spawn(cmd)
    }

    pub(crate) fn emulator() -> Self {
        Self::emulator_with(&["--max-events", "100000"])
    }

    /// The ceiling: a child process of the bench executable when it runs as the benchmark,
    /// otherwise a runtime of its own in this process, with as many workers as the emulator's.
    pub(crate) fn ceiling() -> Self {
        if CEILING_AS_PROCESS.load(Ordering::Relaxed) {
            let exe = std::env::current_exe().expect("bench executable");
            let mut cmd = Command::new(exe);
            cmd.arg("--serve-ceiling");
            return Self::spawn(cmd);
        }
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || run_ceiling(tx));
        Self {
            child: None,
            addr: rx.recv().expect("ceiling address"),
            app: APP.to_string(),
        }
    }

    /// A peer on a free port, started and healthy, without an app yet.
    pub(crate) fn peer_process(peer: &Peer) -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let addr = format!("127.0.0.1:{port}");
        let child = Command::new(&peer.path)
            .args(["--addr", &addr, "--log-level", "warn"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("spawn peer {}: {e}", peer.name));
        let deadline = Instant::now() + Duration::from_secs(60);
        while !health_ok(&addr, peer.health_path()) {
            assert!(
                Instant::now() < deadline,
                "peer {} never became healthy",
                peer.name
            );
            std::thread::sleep(Duration::from_micros(200));
        }
        Self {
            child: Some(child),
            addr,
            app: String::new(),
        }
    }

    /// A peer with an app created through CreateApp, which the requests then name.
    pub(crate) async fn peer(peer: &Peer) -> Self {
        let mut server = Self::peer_process(peer);
        let mut conn = super::clients::Conn::new(&server.addr);
        let req = super::clients::request("POST", "/v1/apps", r#"{"Name":"bench"}"#);
        let (status, body) = conn.call_body(&req).await.expect("CreateApp on the peer");
        assert_eq!(status, 201, "{}", String::from_utf8_lossy(&body));
        let v: Value = serde_json::from_slice(&body).expect("CreateApp JSON");
        server.app = v["Id"].as_str().expect("app id").to_string();
        server
    }

    pub(crate) fn rss_kib(&self) -> u64 {
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

/// Whether `GET path` on `addr` answers 200.
pub(crate) fn health_ok(addr: &str, path: &str) -> bool {
    use std::io::{Read, Write};
    let Ok(mut s) = std::net::TcpStream::connect(addr) else {
        return false;
    };
    let req = format!("GET {path} HTTP/1.1\r\nHost: b\r\nConnection: close\r\n\r\n");
    if s.write_all(req.as_bytes()).is_err() {
        return false;
    }
    let mut head = [0u8; 12];
    s.read_exact(&mut head).is_ok() && &head[9..12] == b"200"
}

/// The ceiling process (`--serve-ceiling`): prints its listening line like the emulator, then
/// serves until killed.
pub(crate) fn serve_ceiling() {
    let (tx, rx) = std::sync::mpsc::channel();
    let server = std::thread::spawn(move || run_ceiling(tx));
    println!(
        "listening on http://{}",
        rx.recv().expect("ceiling address")
    );
    server.join().unwrap();
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
