//! The servers under test: the emulator as a child process, and the ceiling.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use serde_json::{json, Value};

use super::APP;

/// A server process; killed when dropped.
pub(crate) struct Server {
    child: Option<Child>,
    pub(crate) addr: String,
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
        }
    }

    pub(crate) fn emulator() -> Self {
        // PINPOINT_BENCH_BIN runs another build, for instance one with frame pointers for perf.
        let bin = std::env::var("PINPOINT_BENCH_BIN")
            .unwrap_or_else(|_| env!("CARGO_BIN_EXE_pinpoint-local").to_string());
        let mut cmd = Command::new(bin);
        cmd.args(["--port", "0", "--max-events", "100000"]);
        Self::spawn(cmd)
    }

    /// The ceiling runs in this process, on a runtime of its own with as many workers as the
    /// emulator's.
    pub(crate) fn ceiling() -> Self {
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || run_ceiling(tx));
        Self {
            child: None,
            addr: rx.recv().expect("ceiling address"),
        }
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
