//! The soak (`--soak SECONDS`).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::json;

use super::cases::{endpoint_body, event_requests};
use super::clients::{request, Conn};
use super::servers::Server;
use super::APP;

/// The soak: mixed load for `length` with a bounded events log; prints errors (must be 0) and
/// resident memory over time (must level off).
pub(crate) fn soak(length: Duration) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let server = Server::emulator_with(&["--max-events", "20000"]);
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
        mix.push((event_requests(APP, 1).pop().unwrap(), 202, false));
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
