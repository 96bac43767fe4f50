//! Raw HTTP/1.1 requests and the load generator.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use super::report::{percentile, Stats};

pub(crate) fn request(method: &str, path: &str, body: &str) -> Vec<u8> {
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

/// One keep-alive HTTP/1.1 connection that sends a request and reads the whole response.
pub(crate) struct Conn {
    addr: String,
    stream: Option<TcpStream>,
    pub(crate) buf: Vec<u8>,
}

impl Conn {
    pub(crate) fn new(addr: &str) -> Self {
        Self {
            addr: addr.to_string(),
            stream: None,
            buf: Vec::with_capacity(16 * 1024),
        }
    }

    /// Sends one request; returns the status.
    /// Like [`Conn::call`], with the response body.
    pub(crate) async fn call_body(&mut self, req: &[u8]) -> std::io::Result<(u16, Vec<u8>)> {
        let status = self.call(req).await?;
        let start = self
            .buf
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .map_or(self.buf.len(), |p| p + 4);
        Ok((status, self.buf[start..].to_vec()))
    }

    pub(crate) async fn call(&mut self, req: &[u8]) -> std::io::Result<u16> {
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

/// Drives `addr` with `connections` connections cycling through `reqs` for `warmup` + `measure`.
pub(crate) async fn drive(
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
pub(crate) async fn send_all(
    addr: &str,
    reqs: Vec<Vec<u8>>,
    connections: usize,
    ok: u16,
) -> Duration {
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
