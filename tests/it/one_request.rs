//! One request must never take the emulator down (docs/behaviour.md#render-limits): the cases a
//! fuzz of every operation found, sent to the real binary, each answered in Pinpoint's shape while
//! the process stays up, small, and able to restart on the state it saved.

use std::io::{Read, Write};
use std::time::Duration;

use serde_json::{json, Value};

use crate::binary::{http, temp_dir, Proc};

const RECURSIVE: &str = r#"{{#*inline "p"}}{{> p}}{{/inline}}{{> p}}"#;

fn post(url: &str, path: &str, body: Value) -> (u16, Value) {
    let (status, text) = http(url, "POST", path, &body.to_string());
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// SendMessages of one SMS `body`: the recipient's result.
fn send_sms(url: &str, app: &str, body: &str) -> Value {
    let (status, answer) = post(
        url,
        &format!("/v1/apps/{app}/messages"),
        json!({"Addresses": {"+12065550100": {"ChannelType": "SMS"}},
               "MessageConfiguration": {"SMSMessage": {"Body": body}}}),
    );
    assert_eq!(status, 200, "{answer}");
    answer["Result"]["+12065550100"].clone()
}

fn resident_mib(p: &Proc) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{}/status", p.child.id())).unwrap();
    let kb: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap();
    kb / 1024
}

fn healthy(p: &Proc) {
    let (status, _) = http(&p.url(), "GET", "/_pinpoint/health", "");
    assert_eq!(status, 200);
}

#[test]
fn templates_that_recurse_nest_or_pad_without_bound_fail_their_recipient() {
    let p = Proc::start(&["--assume-channels-enabled"]);
    let url = p.url();
    let (_, app) = post(&url, "/v1/apps", json!({"Name": "fuzz"}));
    let app = app["Id"].as_str().unwrap().to_string();
    let nested = format!(
        "{{{{upper {}\"x\"{}}}}}",
        "(lower ".repeat(960),
        ")".repeat(960)
    );
    for (body, limit) in [
        (RECURSIVE, r#"the inline partial "p" always calls itself"#),
        (nested.as_str(), "subexpressions are nested 960 deep"),
        (
            r#"{{rjust "x" size=9999999999999}}"#,
            "over the limit of 10485760 bytes",
        ),
        (
            r#"{{ljust "x" size=9999999999999}}"#,
            "over the limit of 10485760 bytes",
        ),
        (
            r#"{{center "x" size=4000000000}}"#,
            "over the limit of 10485760 bytes",
        ),
        (
            r#"{{center "x" size=100000000}}"#,
            "over the limit of 10485760 bytes",
        ),
    ] {
        let r = send_sms(&url, &app, body);
        assert_eq!(r["DeliveryStatus"], "PERMANENT_FAILURE", "{r}");
        let message = r["StatusMessage"].as_str().unwrap();
        assert!(
            message.starts_with("Template rendering failed: "),
            "{message}"
        );
        assert!(message.contains(limit), "{message}");
    }
    // The same through SendUsersMessages and an email subject.
    let (s, _) = http(
        &url,
        "PUT",
        &format!("/v1/apps/{app}/endpoints/e1"),
        r#"{"ChannelType":"EMAIL","Address":"a@example.com","User":{"UserId":"u1"}}"#,
    );
    assert_eq!(s, 202);
    let (s, answer) = post(
        &url,
        &format!("/v1/apps/{app}/users-messages"),
        json!({"Users": {"u1": {}}, "MessageConfiguration": {"EmailMessage": {
            "SimpleEmail": {"Subject": {"Data": RECURSIVE}, "TextPart": {"Data": "hi"}}}}}),
    );
    assert_eq!(s, 200, "{answer}");
    assert_eq!(
        answer["Result"]["u1"]["e1"]["DeliveryStatus"],
        "PERMANENT_FAILURE"
    );
    // A stored template that can never render is refused when it is written.
    let (s, answer) = post(&url, "/v1/templates/loop/sms", json!({"Body": RECURSIVE}));
    assert_eq!(s, 400, "{answer}");
    assert!(answer["Message"]
        .as_str()
        .unwrap()
        .contains("can never be rendered"));
    // Nothing was sent, the server is up and small.
    let (_, sent) = http(&url, "GET", "/_pinpoint/sent-messages", "");
    assert_eq!(
        serde_json::from_str::<Value>(&sent).unwrap()["Messages"],
        json!([])
    );
    healthy(&p);
    let rss = resident_mib(&p);
    assert!(rss < 300, "resident memory {rss} MiB");
}

#[test]
fn a_campaign_that_cannot_render_leaves_the_server_and_its_restart_running() {
    let dir = temp_dir();
    let state = dir.join("state.json").to_str().unwrap().to_string();
    let args = [
        "--state-file",
        &state,
        "--run-campaigns",
        "--assume-channels-enabled",
    ];
    let p = Proc::start(&args);
    let url = p.url();
    let (_, app) = post(&url, "/v1/apps", json!({"Name": "fuzz"}));
    let app = app["Id"].as_str().unwrap().to_string();
    let (s, _) = http(
        &url,
        "PUT",
        &format!("/v1/apps/{app}/endpoints/e1"),
        r#"{"ChannelType":"SMS","Address":"+12065550100"}"#,
    );
    assert_eq!(s, 202);
    let (_, seg) = post(
        &url,
        &format!("/v1/apps/{app}/segments"),
        json!({"Name": "all", "Dimensions": {}}),
    );
    let seg = seg["Id"].as_str().unwrap();
    // A recursive body only a request can carry (a template can't be stored with one), under
    // a condition so that even the write-time check lets it through.
    let forever = r#"{{#*inline "p"}}{{#if true}}{{> p}}{{/if}}{{/inline}}{{> p}}"#;
    // Due two seconds from now: the server saves it and stops before it runs.
    let soon = (chrono::Utc::now() + chrono::Duration::seconds(2))
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string();
    let (s, campaign) = post(
        &url,
        &format!("/v1/apps/{app}/campaigns"),
        json!({"Name": "c", "SegmentId": seg,
               "Schedule": {"StartTime": soon, "Frequency": "HOURLY",
                            "EndTime": "2100-01-01T00:00:00Z"},
               "MessageConfiguration": {"SMSMessage": {"Body": forever}}}),
    );
    assert_eq!(s, 201, "{campaign}");
    let id = campaign["Id"].as_str().unwrap();
    let activities = format!("/v1/apps/{app}/campaigns/{id}/activities");
    let ran = |url: &str| {
        for _ in 0..100 {
            let (_, a) = http(url, "GET", &activities, "");
            let a: Value = serde_json::from_str(&a).unwrap();
            if let Some(first) = a["Item"].as_array().and_then(|i| i.first()) {
                return first.clone();
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("the campaign never ran");
    };
    p.terminate();
    // The restart loads the campaign, runs it with no request in flight, and keeps running.
    let p = Proc::start(&args);
    let first = ran(&p.url());
    assert_eq!(first["TotalEndpointCount"], 1, "{first}");
    assert_eq!(first["SuccessfulEndpointCount"], 0, "{first}");
    healthy(&p);
    p.terminate();
    // And so does the next restart, on the state saved after the run.
    let p = Proc::start(&args);
    std::thread::sleep(Duration::from_millis(1500));
    healthy(&p);
    p.terminate();
    std::fs::remove_dir_all(dir).unwrap();
}

/// Sends raw bytes and reads the answer until the server closes.
fn raw(url: &str, bytes: &[u8]) -> (u16, String, Value) {
    let mut s = std::net::TcpStream::connect(url.trim_start_matches("http://")).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    s.write_all(bytes).unwrap();
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    let text = String::from_utf8_lossy(&out).into_owned();
    // The last answer on the connection: after a good one, the bad one.
    let last = &text[text.rfind("HTTP/1.1 ").unwrap()..];
    let (head, body) = last.split_once("\r\n\r\n").unwrap();
    let status = head[9..12].parse().unwrap();
    (
        status,
        head.to_ascii_lowercase(),
        serde_json::from_str(body).unwrap(),
    )
}

#[test]
fn requests_the_http_layer_cannot_parse_get_pinpoints_error_shape() {
    let p = Proc::start(&[]);
    let headers: String = (0..200).map(|i| format!("X-H{i}: 1\r\n")).collect();
    let cases: [(Vec<u8>, u16, &str); 5] = [
        (b"GET /v1/apps HTTP/1.1\r\nHost: x\r\nX-Bad: a\0b\r\n\r\n".to_vec(), 400, "could not be parsed"),
        (b"GET /v1/apps HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n".to_vec(), 400, "Content-Length"),
        (format!("GET /v1/apps/{} HTTP/1.1\r\nHost: x\r\n\r\n", "a".repeat(70_000)).into_bytes(), 414, "64 KB"),
        (format!("GET /v1/apps HTTP/1.1\r\nHost: x\r\n{headers}\r\n").into_bytes(), 431, "too many headers"),
        // Pipelined after a good request on the same connection.
        (b"GET /v1/apps HTTP/1.1\r\nHost: x\r\n\r\nGET /v1/apps HTTP/1.1\r\nHost: x\r\nContent-Length: zz\r\n\r\n".to_vec(), 400, "could not be parsed"),
    ];
    for (bytes, want, words) in cases {
        let (status, head, body) = raw(&p.url(), &bytes);
        assert_eq!(status, want, "{head}");
        assert!(
            head.contains("x-amzn-errortype: badrequestexception"),
            "{head}"
        );
        let id = body["RequestID"].as_str().unwrap();
        assert!(head.contains(&format!("x-amzn-requestid: {id}")), "{head}");
        assert!(body["Message"].as_str().unwrap().contains(words), "{body}");
    }
    healthy(&p);
}
