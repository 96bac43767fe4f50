//! The peer: a CreateApp/GetApp/DeleteApp loop against the emulator and moto's server mode.

use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use super::clients::{request, Conn};
use super::servers::Server;
use super::Plan;

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

pub(crate) async fn moto_comparison(plan: Plan, moto: Option<String>) -> Value {
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
