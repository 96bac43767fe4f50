//! The load benchmark's harness still builds and runs a tiny case (its figures are not checked:
//! timing stays out of the tests).

#[path = "../../benches/load/main.rs"]
#[allow(dead_code)]
mod load;

#[test]
fn the_benchmark_harness_runs_a_tiny_case() {
    let out = std::env::temp_dir().join(format!(
        "pinpoint-local-bench-{}.json",
        uuid::Uuid::new_v4()
    ));
    let report = load::run(vec![
        "load".into(),
        "--quick".into(),
        "--out".into(),
        out.to_string_lossy().into_owned(),
    ]);
    let rows = report["throughput"].as_array().unwrap();
    assert_eq!(rows.len(), 4);
    for row in rows {
        assert!(row["emulator"]["requests"].as_u64().unwrap() > 0, "{row}");
        assert!(row["ceiling"]["requests"].as_u64().unwrap() > 0, "{row}");
        assert_eq!(row["emulator"]["errors"], 0, "{row}");
        assert_eq!(row["ceiling"]["errors"], 0, "{row}");
    }
    assert_eq!(report["scale"]["endpoints"], 2_000);
    assert!(report["startup"]["median_ms"].as_f64().unwrap() > 0.0);
    for at in ["at_10k", "at_full"] {
        let seg = &report["scale"]["segment"][at];
        assert!(seg["median_ms"].as_f64().unwrap() > 0.0, "{seg}");
    }
    let m = &report["messaging"];
    assert!(m["campaign"]["delivered"].as_f64().unwrap() > 0.0, "{m}");
    for case in [
        &m["send_with_template"],
        &m["send_without_template"],
        &m["users_messages"]["small_app"]["stats"],
        &m["users_messages"]["large_app"]["stats"],
    ] {
        assert!(case["rps"].as_f64().unwrap() > 0.0, "{m}");
        assert_eq!(case["errors"], 0, "{m}");
    }
    let j = &report["jobs"];
    assert_eq!(j["endpoints"], 2_000, "{j}");
    assert!(j["import_per_second"].as_f64().unwrap() > 0.0, "{j}");
    assert!(j["export_gz_bytes"].as_u64().unwrap() > 0, "{j}");
    let c = &report["campaigns"];
    assert_eq!(c["endpoints"], 2_000, "{c}");
    assert!(c["campaign_runs"].as_u64().unwrap() >= 30, "{c}");
    assert!(c["messages"].as_f64().unwrap() > 0.0, "{c}");
    assert_eq!(c["event_triggers"]["messages"], 2_000, "{c}");
    let l = &report["local_memory"];
    assert_eq!(l["endpoints"], 2_000, "{l}");
    assert!(l["queued"].as_u64().unwrap() > 0, "{l}");
    let jr = &report["journeys"];
    assert_eq!(jr["endpoints"], 2_000, "{jr}");
    // Everyone through email, wait, split and the second email: 4 arrivals and 2 messages each.
    assert_eq!(jr["journey_activities"], 8_000, "{jr}");
    assert_eq!(jr["messages"], 4_000, "{jr}");
    assert!(
        jr["send_messages_per_second"].as_f64().unwrap() > 0.0,
        "{jr}"
    );
    let o = &jr["with_opens"];
    assert_eq!(
        (&o["first_messages"], &o["opens"]),
        (&2_000.into(), &200.into()),
        "{o}"
    );
    // The 200 who opened exit at the split; the other 1,800 get the second email.
    assert_eq!(o["messages"], 1_800, "{o}");
    let w = &report["journey_memory"];
    assert_eq!(w["waiting"], 2_000, "{w}");
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(written["throughput"], report["throughput"]);
    assert_eq!(written["scale"]["endpoints"], 2_000);
    std::fs::remove_file(out).unwrap();
}
