//! Import and export jobs: importing N endpoints from a JSON-lines file through CreateImportJob
//! against loading the same endpoints through UpdateEndpointsBatch (8 connections, 100 per
//! batch) in a fresh server each, in the same run (endpoints per second, and the ratio); and
//! exporting them through CreateExportJob.

use std::time::Instant;

use serde_json::{json, Value};

use super::cases::{batch_requests, endpoint_body};
use super::clients::{request, send_all, Conn};
use super::servers::Server;
use super::{Plan, APP};

const ROLE: &str = "arn:aws:iam::123456789012:role/bench";

fn emulator(root: &std::path::Path) -> Server {
    Server::emulator_with(&["--s3-root", root.to_str().expect("UTF-8 temp dir")])
}

/// Sends one request and returns its status and JSON body.
async fn call(addr: &str, method: &str, path: &str, body: &str) -> (u16, Value) {
    let mut conn = Conn::new(addr);
    let (status, bytes) = conn
        .call_body(&request(method, path, body))
        .await
        .expect("request");
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

pub(crate) async fn jobs(plan: Plan) -> Value {
    let n = plan.job_endpoints;
    let root = std::env::temp_dir().join(format!("pinpoint-bench-s3-{}", std::process::id()));
    std::fs::create_dir_all(root.join("bench")).unwrap();
    let mut lines = String::new();
    for i in 0..n {
        let mut v = endpoint_body(i, n / 2);
        v["Id"] = json!(format!("endpoint-{i}"));
        lines.push_str(&v.to_string());
        lines.push('\n');
    }
    std::fs::write(root.join("bench/endpoints.json"), &lines).unwrap();

    // The baseline: the same endpoints through UpdateEndpointsBatch.
    let batch_server = emulator(&root);
    let started = Instant::now();
    send_all(&batch_server.addr, batch_requests(0, n, n / 2), 8, 202).await;
    let batch_seconds = started.elapsed().as_secs_f64();
    drop(batch_server);

    let server = emulator(&root);
    // The app exists before the job (jobs do not create apps).
    send_all(&server.addr, batch_requests(0, 1, 1), 1, 202).await;
    let body = json!({"Format": "JSON", "S3Url": "s3://bench/endpoints.json", "RoleArn": ROLE});
    let started = Instant::now();
    let (status, job) = call(
        &server.addr,
        "POST",
        &format!("/v1/apps/{APP}/jobs/import"),
        &body.to_string(),
    )
    .await;
    let import_seconds = started.elapsed().as_secs_f64();
    assert_eq!(status, 201, "{job}");
    let (_, done) = call(
        &server.addr,
        "GET",
        &format!(
            "/v1/apps/{APP}/jobs/import/{}",
            job["Id"].as_str().unwrap_or("")
        ),
        "",
    )
    .await;
    assert_eq!(done["TotalProcessed"], json!(n), "{done}");

    let body = json!({"S3UrlPrefix": "s3://bench/out/", "RoleArn": ROLE});
    let started = Instant::now();
    let (status, export) = call(
        &server.addr,
        "POST",
        &format!("/v1/apps/{APP}/jobs/export"),
        &body.to_string(),
    )
    .await;
    let export_seconds = started.elapsed().as_secs_f64();
    assert_eq!(status, 202, "{export}");
    let rss_kib = server.rss_kib();
    drop(server);
    let written = std::fs::metadata(
        root.join("bench/out")
            .join(export["Id"].as_str().unwrap_or(""))
            .join("part-00000.gz"),
    )
    .map(|m| m.len())
    .unwrap_or(0);
    std::fs::remove_dir_all(&root).ok();

    let rate = |s: f64| (n as f64 / s).round();
    eprintln!(
        "  import {n} endpoints {:>7.0}/s  batch baseline {:>7.0}/s  ratio {:.2}  export {:>7.0}/s ({} KiB gz); RSS after {rss_kib} KiB",
        rate(import_seconds),
        rate(batch_seconds),
        batch_seconds / import_seconds,
        rate(export_seconds),
        written / 1024
    );
    json!({
        "endpoints": n,
        "import_seconds": (import_seconds * 1000.0).round() / 1000.0,
        "import_per_second": rate(import_seconds),
        "batch_seconds": (batch_seconds * 1000.0).round() / 1000.0,
        "batch_per_second": rate(batch_seconds),
        "import_vs_batch": ((batch_seconds / import_seconds) * 1000.0).round() / 1000.0,
        "export_seconds": (export_seconds * 1000.0).round() / 1000.0,
        "export_per_second": rate(export_seconds),
        "export_gz_bytes": written,
        "rss_after_kib": rss_kib,
    })
}
