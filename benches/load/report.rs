//! Statistics of a measured case and the report: JSON rows, the machine, the Markdown table.

use serde_json::{json, Value};

use super::servers::Peer;

/// The result of one measured case.
#[derive(Clone, Debug, Default)]
pub(crate) struct Stats {
    pub(crate) requests: u64,
    pub(crate) errors: u64,
    pub(crate) rps: f64,
    pub(crate) p50_us: f64,
    pub(crate) p99_us: f64,
}

pub(crate) fn percentile(sorted: &[u32], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let idx = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    f64::from(sorted[idx])
}

fn stats(s: &Stats) -> Value {
    json!({"rps": s.rps.round(), "p50_us": s.p50_us, "p99_us": s.p99_us, "errors": s.errors, "requests": s.requests})
}

fn ratio(a: f64, b: f64) -> f64 {
    (a / b.max(0.001) * 1000.0).round() / 1000.0
}

/// One throughput row: the emulator, the ceiling and the peer, with the emulator's ratios.
pub(crate) fn row(name: &str, emu: &Stats, ceil: &Stats, peer: Option<(&Peer, &Stats)>) -> Value {
    let mut v = json!({
        "case": name,
        "emulator": stats(emu),
        "ceiling": stats(ceil),
        "ratio": ratio(emu.rps, ceil.rps),
    });
    if let Some((p, s)) = peer {
        let mut ps = stats(s);
        ps["name"] = json!(p.name);
        v["peer"] = ps;
        v["peer_ratio"] = json!(ratio(emu.rps, s.rps));
    }
    v
}

pub(crate) fn merge(a: &Stats, b: &Stats) -> Stats {
    let n = (a.requests + b.requests).max(1) as f64;
    Stats {
        requests: a.requests + b.requests,
        errors: a.errors + b.errors,
        rps: (a.rps + b.rps) / 2.0,
        p50_us: ((a.p50_us * a.requests as f64 + b.p50_us * b.requests as f64) / n).round(),
        p99_us: a.p99_us.max(b.p99_us),
    }
}

pub(crate) fn machine() -> Value {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .unwrap_or_default()
        .lines()
        .find_map(|l| {
            l.strip_prefix("model name")
                .map(|v| v.trim_start_matches([' ', '\t', ':']).to_string())
        })
        .unwrap_or_default();
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(0);
    json!({"cpu": cpu, "cores": cores})
}

/// The Markdown table benches/README.md keeps.
pub(crate) fn table(r: &Value) -> String {
    let rows = r["throughput"].as_array().unwrap();
    let peer = rows
        .first()
        .and_then(|row| row["peer"]["name"].as_str())
        .map(str::to_string);
    let mut s = String::from("| Case | emulator req/s | ceiling req/s | ratio | emulator p50 / p99 (µs) | ceiling p50 / p99 (µs) |");
    if let Some(p) = &peer {
        s.push_str(&format!(
            " {p} req/s | emulator / {p} | {p} p50 / p99 (µs) |"
        ));
    }
    s.push_str(if peer.is_some() {
        "\n|---|---|---|---|---|---|---|---|---|\n"
    } else {
        "\n|---|---|---|---|---|---|\n"
    });
    for row in rows {
        s.push_str(&format!(
            "| {} | {} | {} | {} | {} / {} | {} / {} |",
            row["case"].as_str().unwrap(),
            row["emulator"]["rps"],
            row["ceiling"]["rps"],
            row["ratio"],
            row["emulator"]["p50_us"],
            row["emulator"]["p99_us"],
            row["ceiling"]["p50_us"],
            row["ceiling"]["p99_us"],
        ));
        if peer.is_some() {
            s.push_str(&format!(
                " {} | {} | {} / {} |",
                row["peer"]["rps"], row["peer_ratio"], row["peer"]["p50_us"], row["peer"]["p99_us"]
            ));
        }
        s.push('\n');
    }
    let after = &r["footprint"]["rss_after_load_kib"];
    if after.is_object() {
        s.push_str(&format!(
            "\nResident after the throughput cases (KiB): {after}\n"
        ));
    }
    let sc = &r["scale"];
    if sc.get("skipped").is_none() {
        scale_table(&mut s, sc);
    }
    let st = &r["startup"];
    if st.get("skipped").is_none() {
        s.push_str(&format!(
            "\nStart to healthy: median {} ms (max {} ms) over {} starts; idle RSS {} KiB.\n",
            st["median_ms"], st["max_ms"], st["starts"], st["idle_rss_kib"]
        ));
    }
    for (who, v) in [
        ("ceiling", &st["ceiling"]),
        (peer.as_deref().unwrap_or("peer"), &st["peer"]),
    ] {
        if v.is_object() {
            s.push_str(&format!(
                "{who}: median {} ms (max {} ms); idle RSS {} KiB.\n",
                v["median_ms"], v["max_ms"], v["idle_rss_kib"]
            ));
        }
    }
    let m = &r["moto"];
    if m.get("skipped").is_none() {
        s.push_str(&format!(
            "\nCreateApp/GetApp/DeleteApp loop, {} connections: emulator {} loops/s, moto_server {} loops/s, ratio {}.\n",
            m["connections"], m["emulator_loops_per_s"], m["moto_loops_per_s"], m["ratio"]
        ));
    }
    s
}

fn scale_table(s: &mut String, sc: &Value) {
    s.push_str(&format!(
        "\nScale: {} endpoints loaded in {} s ({} endpoints/s); {} bytes resident per endpoint (RSS {} KiB idle → {} KiB loaded).\n\n| Operation | p50 / p99 at 10k (µs) | p50 / p99 at {} (µs) | p99 ratio |\n|---|---|---|---|\n",
        sc["endpoints"], sc["load_seconds"], sc["endpoints_per_second"], sc["bytes_per_endpoint"], sc["rss_idle_kib"], sc["rss_loaded_kib"], sc["endpoints"]
    ));
    for op in ["UpdateEndpoint", "GetEndpoint", "GetUserEndpoints"] {
        s.push_str(&format!(
            "| {op} | {} / {} | {} / {} | {:.2} |\n",
            sc["at_10k"][op]["p50_us"],
            sc["at_10k"][op]["p99_us"],
            sc["at_full"][op]["p50_us"],
            sc["at_full"][op]["p99_us"],
            sc["p99_ratio"][op].as_f64().unwrap_or(0.0)
        ));
    }
}
