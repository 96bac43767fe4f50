//! The binary itself: the first stdout line, plain-text logs, start-up errors, SIGTERM, the
//! state file across a restart and the events file (the command line itself: `cli.rs`).

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use crate::common::{app_id, events_body};

pub(crate) const BIN: &str = env!("CARGO_BIN_EXE_pinpoint-local");

/// A spawned server; killed when dropped.
pub struct Proc {
    pub child: Child,
    pub(crate) port: u16,
}

impl Proc {
    pub fn start(args: &[&str]) -> Self {
        let mut cmd = Command::new(BIN);
        cmd.args(["--port", "0"]).args(args);
        Self::spawn(cmd)
    }

    /// Starts a prepared command and reads the port from its first stdout line.
    pub fn spawn(mut cmd: Command) -> Self {
        cmd.stderr(Stdio::null());
        Self::spawn_keeping_stderr(cmd)
    }

    /// Like [`Proc::spawn`], with the command's stderr left as the command sets it.
    fn spawn_keeping_stderr(mut cmd: Command) -> Self {
        let mut child = cmd.stdout(Stdio::piped()).spawn().unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port = line
            .trim()
            .strip_prefix("listening on http://127.0.0.1:")
            .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
            .parse()
            .unwrap();
        Self { child, port }
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Sends SIGTERM and waits for a clean exit.
    pub(crate) fn terminate(mut self) {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        let code = self.child.wait().unwrap();
        assert!(code.success(), "exit after SIGTERM: {code}");
    }
}

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A tiny blocking HTTP/1.1 client for these tests.
pub fn try_http(url: &str, method: &str, path: &str, body: &str) -> std::io::Result<(u16, String)> {
    use std::io::{Read, Write};
    let addr = url.trim_start_matches("http://");
    let mut s = std::net::TcpStream::connect(addr)?;
    s.set_read_timeout(Some(Duration::from_secs(5)))?;
    write!(s, "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n\r\n{body}", body.len())?;
    let mut out = String::new();
    s.read_to_string(&mut out)?;
    let status = out
        .get(9..12)
        .and_then(|c| c.parse().ok())
        .ok_or(std::io::ErrorKind::InvalidData)?;
    let body = out
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    Ok((status, body))
}

/// [`try_http`] for requests that must get an answer.
pub fn http(url: &str, method: &str, path: &str, body: &str) -> (u16, String) {
    try_http(url, method, path, body).unwrap()
}

pub fn temp_dir() -> PathBuf {
    let d = std::env::temp_dir().join(format!("pinpoint-local-bin-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Runs the binary to its end: its exit code and stderr.
pub(crate) fn run_to_end(args: &[&str], env: &[(&str, &str)]) -> (i32, String) {
    let out = Command::new(BIN)
        .args(args)
        .envs(env.iter().copied())
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Logs written to a pipe (CI, `docker logs`) carry no colour codes; with a per-request debug
/// line, the access log names the route template, not the ids in the path.
#[test]
fn logs_to_a_pipe_are_plain_text_and_name_the_route_template() {
    let mut cmd = Command::new(BIN);
    cmd.args(["--port", "0"])
        .env("RUST_LOG", "debug")
        .env_remove("NO_COLOR")
        .stderr(Stdio::piped());
    let mut proc = Proc::spawn_keeping_stderr(cmd);
    let app = app_id();
    let (status, _) = http(
        &proc.url(),
        "GET",
        &format!("/v1/apps/{app}/endpoints/secret-id"),
        "",
    );
    assert_eq!(status, 404);
    let mut stderr = BufReader::new(proc.child.stderr.take().unwrap());
    let mut log = String::new();
    while !log.contains("/v1/apps/{application-id}/endpoints/{endpoint-id}") {
        assert!(
            stderr.read_line(&mut log).unwrap() > 0,
            "no access log line: {log}"
        );
    }
    assert!(
        !log.contains('\u{1b}'),
        "colour codes in piped logs: {log:?}"
    );
    assert!(!log.contains("secret-id"), "{log}");
}

#[test]
fn a_corrupt_state_file_stops_the_start_naming_the_file_and_is_kept() {
    let dir = temp_dir();
    let state = dir.join("state.json");
    std::fs::write(&state, "{\"Apps\": [ {\"Id\": ").unwrap();
    let (code, err) = run_to_end(
        &["--port", "0", "--state-file", state.to_str().unwrap()],
        &[],
    );
    assert_eq!(code, 2);
    assert!(err.contains("state.json"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&state).unwrap(),
        "{\"Apps\": [ {\"Id\": "
    );
    let bad_fixture = dir.join("bad.json");
    std::fs::write(
        &bad_fixture,
        r#"{"Apps":[{"Id":"a","Endpoints":[{"Id":"x","OptOut":"NONE"}]}]}"#,
    )
    .unwrap();
    let (code, err) = run_to_end(
        &["--port", "0", "--fixtures", bad_fixture.to_str().unwrap()],
        &[],
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("bad.json") && err.contains("Endpoints[0]") && err.contains("Missing Address"),
        "{err}"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

/// An unparsable `--clock` (or `PINPOINT_LOCAL_CLOCK`) stops the start with exit code 2 and says
/// what it wanted (docs/behaviour.md#test-clock).
#[test]
fn an_unparsable_start_clock_stops_the_start() {
    let (code, err) = run_to_end(&["--port", "0", "--clock", "next tuesday"], &[]);
    assert_eq!(code, 2);
    assert!(
        err.contains("next tuesday") && err.contains("ISO-8601"),
        "{err}"
    );
    let (code, err) = run_to_end(&["--port", "0"], &[("PINPOINT_LOCAL_CLOCK", "2030-13-01")]);
    assert_eq!(code, 2, "{err}");
}

fn state_path(dir: &Path) -> String {
    dir.join("state.json").to_str().unwrap().to_string()
}

#[test]
fn the_state_file_keeps_everything_across_a_restart() {
    let dir = temp_dir();
    let state = state_path(&dir);
    let app = app_id();
    let p = Proc::start(&["--state-file", &state]);
    let (s, _) = http(
        &p.url(),
        "PUT",
        &format!("/v1/apps/{app}/endpoints/e1"),
        r#"{"ChannelType":"EMAIL","Address":"a@b.c","User":{"UserId":"u"}}"#,
    );
    assert_eq!(s, 202);
    let (s, _) = http(
        &p.url(),
        "PUT",
        &format!("/v1/apps/{app}/attributes/endpoint-metric-attributes"),
        r#"{"Blacklist":["m*"]}"#,
    );
    assert_eq!(s, 200);
    let (s, _) = http(
        &p.url(),
        "POST",
        &format!("/v1/apps/{app}/events"),
        r#"{"BatchItem":{"e1":{"Endpoint":{},"Events":{"x":{"EventType":"t","Timestamp":"2026-01-01T00:00:00Z"}}}}}"#,
    );
    assert_eq!(s, 202);
    let (_, before) = http(&p.url(), "GET", "/_pinpoint/state", "");
    p.terminate();
    let p = Proc::start(&["--state-file", &state]);
    let (_, after) = http(&p.url(), "GET", "/_pinpoint/state", "");
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&after).unwrap(),
        serde_json::from_str::<serde_json::Value>(&before).unwrap()
    );
    let (s, _) = http(&p.url(), "GET", &format!("/v1/apps/{app}/users/u"), "");
    assert_eq!(s, 200);
    p.terminate();
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn the_state_is_saved_periodically_while_running() {
    let dir = temp_dir();
    let state = state_path(&dir);
    let p = Proc::start(&["--state-file", &state, "--save-interval", "1"]);
    let (s, _) = http(
        &p.url(),
        "PUT",
        &format!("/v1/apps/{}/endpoints/e1", app_id()),
        "{}",
    );
    assert_eq!(s, 202);
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while !Path::new(&state).exists() && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
    }
    let text = std::fs::read_to_string(&state).expect("saved within the interval");
    assert!(text.contains("\"Id\":\"e1\""), "{text}");
    drop(p);
    std::fs::remove_dir_all(dir).unwrap();
}

fn lines_in(path: &Path) -> usize {
    std::fs::read_to_string(path).map_or(0, |t| t.lines().count())
}

/// The events file's guarantee: an acknowledged event is in the file shortly after (the writer
/// flushes at the latest 100 ms after taking it), so it survives a SIGKILL; and everything
/// acknowledged is in it after a normal shutdown.
#[test]
fn acknowledged_events_reach_the_events_file_before_a_kill_and_at_shutdown() {
    let dir = temp_dir();
    let file = dir.join("events.ndjson");
    let path = file.to_string_lossy().into_owned();
    let app = app_id();

    let killed = Proc::start(&["--events-file", &path]);
    for _ in 0..20 {
        let (status, _) = http(
            &killed.url(),
            "POST",
            &format!("/v1/apps/{app}/events"),
            &events_body(5),
        );
        assert_eq!(status, 202);
    }
    // Well past the writer's 100 ms flush bound, then SIGKILL (Drop kills the process).
    std::thread::sleep(Duration::from_millis(500));
    drop(killed);
    assert_eq!(lines_in(&file), 100);

    let stopped = Proc::start(&["--events-file", &path]);
    for _ in 0..20 {
        let (status, _) = http(
            &stopped.url(),
            "POST",
            &format!("/v1/apps/{app}/events"),
            &events_body(5),
        );
        assert_eq!(status, 202);
    }
    stopped.terminate();
    assert_eq!(
        lines_in(&file),
        200,
        "a normal shutdown writes every acknowledged event"
    );
    std::fs::remove_dir_all(dir).unwrap();
}
