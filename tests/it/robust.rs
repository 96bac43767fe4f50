//! Slow and stalled clients are cut off by timeouts and cannot exhaust the server.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use pinpoint_local::config::Config;

use crate::common::TestServer;

async fn server_with_short_timeouts() -> TestServer {
    let mut config = Config::for_tests();
    config.header_timeout = 1;
    config.request_timeout = 1;
    TestServer::with_config(config).await
}

fn connect(url: &str) -> TcpStream {
    let s = TcpStream::connect(url.trim_start_matches("http://")).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    s
}

/// Reads until the server closes the connection; returns what it sent and how long it took.
fn read_until_closed(mut s: TcpStream) -> (String, Duration) {
    let started = Instant::now();
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    (
        String::from_utf8_lossy(&out).into_owned(),
        started.elapsed(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_stalls_in_its_headers_is_disconnected() {
    let server = server_with_short_timeouts().await;
    let url = server.url.clone();
    let (_, waited) = tokio::task::spawn_blocking(move || {
        let mut s = connect(&url);
        s.write_all(b"GET /_pinpoint/health HTTP/1.1\r\nHost: x\r\n")
            .unwrap();
        read_until_closed(s)
    })
    .await
    .unwrap();
    assert!(waited < Duration::from_secs(5), "cut off after {waited:?}");
    let url = server.url.clone();
    let (_, waited) = tokio::task::spawn_blocking(move || read_until_closed(connect(&url)))
        .await
        .unwrap();
    assert!(
        waited < Duration::from_secs(5),
        "a silent connection was cut off after {waited:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_stalls_in_its_body_gets_408() {
    let server = server_with_short_timeouts().await;
    let url = server.url.clone();
    let (answer, waited) = tokio::task::spawn_blocking(move || {
        let mut s = connect(&url);
        s.write_all(b"PUT /v1/apps/a1/endpoints/e1 HTTP/1.1\r\nHost: x\r\nOrigin: http://app.test\r\nContent-Length: 100\r\n\r\n{\"Addr").unwrap();
        read_until_closed(s)
    })
    .await
    .unwrap();
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    let lower = answer.to_ascii_lowercase();
    assert!(
        lower.contains("x-amzn-errortype: requesttimeoutexception"),
        "{answer}"
    );
    // A browser can read it: the timeout answer carries CORS's headers like any other.
    assert!(
        lower.contains("access-control-allow-origin: http://app.test"),
        "{answer}"
    );
    assert!(waited < Duration::from_secs(5));
    // Nothing was half-applied.
    assert!(server
        .state
        .store
        .app(
            &pinpoint_local::store::Scope {
                account: "000000000000".into(),
                region: "us-east-1".into()
            },
            "a1"
        )
        .is_err());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stalled_connections_do_not_block_other_clients() {
    let server = server_with_short_timeouts().await;
    let url = server.url.clone();
    tokio::task::spawn_blocking(move || {
        let stalled: Vec<TcpStream> = (0..200)
            .map(|_| {
                let mut s = connect(&url);
                s.write_all(b"PUT /v1/apps/a/endpoints/e HTTP/1.1\r\n")
                    .unwrap();
                s
            })
            .collect();
        let started = Instant::now();
        let mut s = connect(&url);
        s.write_all(b"GET /_pinpoint/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            .unwrap();
        let (answer, _) = read_until_closed(s);
        assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
        assert!(started.elapsed() < Duration::from_secs(2));
        drop(stalled);
    })
    .await
    .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_authentication_on_a_stalled_body_still_gets_408() {
    let dir = std::env::temp_dir().join(format!("pinpoint-local-robust-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let creds = dir.join("credentials.json");
    std::fs::write(
        &creds,
        r#"[{"AccessKeyId":"AKIASLOW","SecretAccessKey":"s","AccountId":"123456789012"}]"#,
    )
    .unwrap();
    let mut config = Config::for_tests();
    config.request_timeout = 1;
    config.auth_credentials = Some(creds);
    let server = TestServer::with_config(config).await;
    let url = server.url.clone();
    let (answer, waited) = tokio::task::spawn_blocking(move || {
        let now = chrono::Utc::now();
        let head = format!(
            "PUT /v1/apps/a1/endpoints/e1 HTTP/1.1\r\nHost: x\r\nX-Amz-Date: {}\r\nAuthorization: AWS4-HMAC-SHA256 Credential=AKIASLOW/{}/us-east-1/mobiletargeting/aws4_request, SignedHeaders=host;x-amz-date, Signature=00\r\nContent-Length: 100\r\n\r\n{{",
            now.format("%Y%m%dT%H%M%SZ"),
            now.format("%Y%m%d")
        );
        let mut s = connect(&url);
        s.write_all(head.as_bytes()).unwrap();
        read_until_closed(s)
    })
    .await
    .unwrap();
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(waited < Duration::from_secs(5));
    std::fs::remove_dir_all(dir).unwrap();
}
