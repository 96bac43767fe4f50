//! The load benchmark: `cargo bench --bench load` (see benches/README.md, or benches/run.sh,
//! which also installs moto for the peer comparison).
//!
//! Everything is measured side by side in one run, as ratios:
//! 1. throughput and latency of the emulator against a ceiling server (bare axum that reads and
//!    parses the same JSON and answers a fixed body), with the same load generator, alternating
//!    the servers so machine drift cancels; with `--peer fakecloud=PATH`, another emulator is
//!    driven with the same requests in the same rounds (benches/README.md says how to build it);
//! 2. scale: 1,000,000 endpoints in one app — load time, resident memory per endpoint, and
//!    latencies at 10,000 vs 1,000,000 endpoints;
//! 3. start to first healthy answer (median of 20) and idle memory, for the emulator, the
//!    ceiling (run as a child process of this executable, `--serve-ceiling`) and the peer;
//! 4. a CreateApp/GetApp/DeleteApp loop against moto's server mode, when `--moto PATH` names a
//!    `moto_server` executable;
//! 5. messaging: SendMessages to 100 endpoints with and without a template, and SendUsersMessages
//!    for 100 users in a small and a 100,000-endpoint app;
//! 6. jobs: importing 100,000 endpoints from a file through CreateImportJob against
//!    UpdateEndpointsBatch, and exporting them;
//! 7. campaigns on the test clock: one advance of 30 days over a DAILY campaign with two
//!    treatments to 100,000 endpoints, against SendMessages' rate for the same messages; 10,000
//!    PutEvents events triggering an EVENT campaign; and the memory of a local-time run's queued
//!    endpoint-sends over 1,000,000 endpoints in 24 zones (`local-memory`);
//! 8. journeys on the test clock: one advance of 7 days over a journey (email, a day's wait, a
//!    split on an open, email) to 100,000 endpoints, against SendMessages' rate for the same
//!    messages, and the same with opens recorded (`journeys`); the memory of 1,000,000 endpoints
//!    waiting in a journey (`journey-memory`).
//!
//! The emulator runs as a child process (the release binary), so its memory can be read from
//! /proc; the ceiling runs in this process on a runtime with the same number of workers. Nothing
//! here is a test: `tests/it/bench_smoke.rs` only checks that the harness still runs a tiny case.
//!
//! The parts: `main.rs` (arguments, the run, the report written), `servers.rs` (the emulator
//! process and the ceiling), `clients.rs` (raw HTTP requests and the load generator), `cases.rs`
//! (request bodies and the throughput cases), `scale.rs` (scale, start and footprint), `peers.rs`
//! (the moto comparison), `messaging.rs` (the sends), `jobs.rs` (import and export), `campaigns.rs` (the clock's advance), `journeys.rs`
//! (journeys on the clock), `report.rs` (statistics and the table),
//! `soak.rs` (the soak).

mod campaigns;
mod cases;
mod clients;
mod jobs;
mod journeys;
mod messaging;
mod peers;
mod report;
mod scale;
mod servers;
mod soak;

use std::time::Duration;

use serde_json::{json, Value};

use cases::throughput;
use jobs::jobs;
use messaging::messaging;
use peers::moto_comparison;
use report::{machine, table};
use scale::{scale, startup};
use soak::soak;

pub(crate) const APP: &str = "0b0e0c0d0a0b4c0d8e0f000000000001";

/// Sizes of a run; `--quick` shrinks everything for the smoke test.
#[derive(Clone, Copy)]
pub(crate) struct Plan {
    pub(crate) connections: usize,
    pub(crate) warmup: Duration,
    pub(crate) measure: Duration,
    pub(crate) rounds: usize,
    pub(crate) endpoints: usize,
    pub(crate) scale_endpoints: usize,
    /// Endpoints in the jobs part's file (`--jobs N`).
    pub(crate) job_endpoints: usize,
    /// Endpoints in the campaign-on-the-clock part's segment.
    pub(crate) campaign_endpoints: usize,
    pub(crate) starts: usize,
}

const FULL: Plan = Plan {
    connections: 64,
    warmup: Duration::from_secs(1),
    measure: Duration::from_secs(3),
    rounds: 2,
    endpoints: 10_000,
    scale_endpoints: 1_000_000,
    job_endpoints: 100_000,
    campaign_endpoints: 100_000,
    starts: 20,
};

const QUICK: Plan = Plan {
    connections: 4,
    warmup: Duration::from_millis(50),
    measure: Duration::from_millis(200),
    rounds: 1,
    endpoints: 200,
    scale_endpoints: 2_000,
    job_endpoints: 2_000,
    campaign_endpoints: 2_000,
    starts: 2,
};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.iter().any(|a| a == "--serve-ceiling") {
        servers::serve_ceiling();
        return;
    }
    servers::CEILING_AS_PROCESS.store(true, std::sync::atomic::Ordering::Relaxed);
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
    // `--only throughput,startup`: the parts named, comma-separated.
    let wants = |part: &str| {
        only.as_deref()
            .is_none_or(|o| o.split(',').any(|o| o == part))
    };
    let peer = args
        .iter()
        .position(|a| a == "--peer")
        .and_then(|i| args.get(i + 1))
        .map(|spec| servers::Peer::parse(spec).unwrap_or_else(|e| panic!("{e}")));
    let mut plan = plan;
    if let Some(n) = args
        .iter()
        .position(|a| a == "--scale")
        .and_then(|i| args.get(i + 1)?.parse().ok())
    {
        plan.scale_endpoints = n;
    }
    if let Some(n) = args
        .iter()
        .position(|a| a == "--jobs")
        .and_then(|i| args.get(i + 1)?.parse().ok())
    {
        plan.job_endpoints = n;
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let skipped = || json!({"skipped": "not selected with --only"});
    eprintln!("throughput vs ceiling ({} connections):", plan.connections);
    let (rows, footprint) = if wants("throughput") {
        rt.block_on(throughput(plan, peer.as_ref()))
    } else {
        (Vec::new(), skipped())
    };
    eprintln!("scale:");
    let scale = if wants("scale") {
        rt.block_on(scale(plan))
    } else {
        skipped()
    };
    eprintln!("start and footprint:");
    let start = if wants("startup") {
        startup(plan, peer.as_ref())
    } else {
        skipped()
    };
    eprintln!("peer:");
    let peer = if wants("peer") {
        rt.block_on(moto_comparison(plan, moto))
    } else {
        skipped()
    };
    eprintln!("messaging:");
    let messages = if wants("messaging") {
        rt.block_on(messaging(plan))
    } else {
        skipped()
    };
    eprintln!("jobs:");
    let job_figures = if wants("jobs") {
        rt.block_on(jobs(plan))
    } else {
        skipped()
    };
    eprintln!("campaigns on the test clock:");
    let campaign_figures = if wants("campaigns") {
        rt.block_on(campaigns::campaign_clock(plan))
    } else {
        skipped()
    };
    eprintln!("local-time run memory:");
    let local_memory = if wants("local-memory") {
        rt.block_on(campaigns::local_time_memory(plan))
    } else {
        skipped()
    };
    eprintln!("journeys on the test clock:");
    let journey_figures = if wants("journeys") {
        rt.block_on(journeys::journey_clock(plan))
    } else {
        skipped()
    };
    eprintln!("journey memory:");
    let journey_memory = if wants("journey-memory") {
        rt.block_on(journeys::journey_memory(plan))
    } else {
        skipped()
    };
    let report = json!({
        "machine": machine(),
        "plan": {"connections": plan.connections, "measure_seconds": plan.measure.as_secs_f64(), "rounds": plan.rounds, "endpoints": plan.endpoints},
        "throughput": rows,
        "footprint": footprint,
        "scale": scale,
        "startup": start,
        "moto": peer,
        "messaging": messages,
        "jobs": job_figures,
        "campaigns": campaign_figures,
        "local_memory": local_memory,
        "journeys": journey_figures,
        "journey_memory": journey_memory,
    });
    std::fs::write(&out, serde_json::to_string_pretty(&report).unwrap()).unwrap();
    println!("{}", table(&report));
    eprintln!("JSON written to {out}");
    report
}
