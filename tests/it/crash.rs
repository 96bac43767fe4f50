//! Crash safety of the state file: the process is SIGKILLed repeatedly while it saves under load.
//! After every kill the file is a complete state (it loads), and every write acknowledged before
//! the last completed save began is in it.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::Value;

use crate::binary::{http, temp_dir, try_http, Proc};

const KILLS: usize = 8;
const APP: &str = "c0ffee00c0ffee00c0ffee00c0ffee00";

/// (acknowledged at, endpoint id, value) for every 202.
type Acks = Arc<Mutex<Vec<(chrono::DateTime<chrono::Utc>, String, u64)>>>;

fn preload(url: &str) {
    // 20,000 endpoints make each save take long enough for kills to land inside one.
    for b in 0..200 {
        let items: Vec<Value> = (0..100)
            .map(|i| serde_json::json!({"Id": format!("bulk-{b}-{i}"), "ChannelType": "EMAIL", "Address": format!("{b}.{i}@example.com"), "Attributes": {"k": ["v"]}}))
            .collect();
        let (s, _) = http(
            url,
            "PUT",
            &format!("/v1/apps/{APP}/endpoints"),
            &serde_json::json!({"Item": items}).to_string(),
        );
        assert_eq!(s, 202);
    }
}

/// Waits until a save holds the whole preload: on a loaded machine the first saves can start
/// before it ends, and a kill before the next one would leave only part of it on disk.
fn wait_for_saved_preload(state: &std::path::Path) {
    let deadline = std::time::Instant::now() + Duration::from_secs(120);
    while std::time::Instant::now() < deadline {
        let saved = std::fs::read_to_string(state)
            .ok()
            .and_then(|t| serde_json::from_str::<Value>(&t).ok())
            .and_then(|s| s["Apps"][0]["Endpoints"].as_array().map(Vec::len));
        if saved.is_some_and(|n| n >= 20_000) {
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("the preload was not saved within two minutes");
}

fn writer(url: String, stop: Arc<AtomicBool>, acks: Acks, start: u64) {
    let mut n = start;
    while !stop.load(Ordering::Relaxed) {
        n += 1;
        let id = format!("hot-{}", n % 10);
        let body = format!(r#"{{"Attributes":{{"n":["{n}"]}}}}"#);
        match try_http(
            &url,
            "PUT",
            &format!("/v1/apps/{APP}/endpoints/{id}"),
            &body,
        ) {
            Ok((202, _)) => acks.lock().unwrap().push((chrono::Utc::now(), id, n)),
            _ => return, // the server was killed mid-request
        }
    }
}

/// Waits (at most a minute) until the state file was saved after a write was acknowledged.
fn wait_for_a_save_after_an_ack(state: &std::path::Path, acks: &Acks) {
    for _ in 0..600 {
        std::thread::sleep(Duration::from_millis(100));
        let first = acks.lock().unwrap().first().map(|a| a.0);
        let saved = std::fs::read_to_string(state)
            .ok()
            .and_then(|t| serde_json::from_str::<Value>(&t).ok())
            .and_then(|v| {
                v["SavedAt"]
                    .as_str()?
                    .parse::<chrono::DateTime<chrono::Utc>>()
                    .ok()
            });
        if let (Some(first), Some(saved)) = (first, saved) {
            if first < saved {
                return;
            }
        }
    }
}

#[test]
fn sigkill_during_saves_never_corrupts_the_state_file() {
    let dir = temp_dir();
    let state = dir.join("state.json");
    let state_arg = state.to_str().unwrap().to_string();
    let mut next = 0u64;
    let mut checked_saves = 0;
    let mut killed_mid_save = 0;
    for round in 0..KILLS {
        let p = Proc::start(&["--state-file", &state_arg, "--save-interval", "1"]);
        if round == 0 {
            preload(&p.url());
            wait_for_saved_preload(&state);
        }
        let stop = Arc::new(AtomicBool::new(false));
        let acks: Acks = Arc::new(Mutex::new(Vec::new()));
        let w = {
            let (url, stop, acks) = (p.url(), Arc::clone(&stop), Arc::clone(&acks));
            let start = next;
            std::thread::spawn(move || writer(url, stop, acks, start))
        };
        // Saves start about every second; kill at varying points of the first save window, and
        // in round 0 once a save holds some of the writer's acknowledged changes (waited for,
        // not timed, so a slow machine still checks something).
        if round == 0 {
            wait_for_a_save_after_an_ack(&state, &acks);
        } else {
            std::thread::sleep(Duration::from_millis(1000 + 25 * round as u64));
        }
        let mut p = p;
        p.child.kill().unwrap();
        p.child.wait().unwrap();
        stop.store(true, Ordering::Relaxed);
        w.join().unwrap();
        let acks = acks.lock().unwrap().clone();
        next = acks.iter().map(|a| a.2).max().unwrap_or(next) + 1000;
        drop(p);
        let tmp_left = std::fs::read_dir(&dir)
            .unwrap()
            .flatten()
            .any(|e| e.file_name().to_string_lossy().contains(".tmp-"));
        if tmp_left {
            killed_mid_save += 1;
        }

        let text =
            std::fs::read_to_string(&state).expect("a state file exists after the first save");
        let snap: Value =
            serde_json::from_str(&text).expect("the state file is always complete JSON");
        let saved_at: chrono::DateTime<chrono::Utc> =
            snap["SavedAt"].as_str().unwrap().parse().unwrap();
        let stored: HashMap<String, u64> = snap["Apps"][0]["Endpoints"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|e| {
                Some((
                    e["Id"].as_str()?.to_string(),
                    e["Attributes"]["n"][0].as_str()?.parse().ok()?,
                ))
            })
            .collect();
        assert_eq!(
            snap["Apps"][0]["Endpoints"].as_array().unwrap().len(),
            20_000 + stored.len()
        );
        for (at, id, n) in acks.iter().filter(|a| a.0 < saved_at) {
            let have = stored.get(id).copied().unwrap_or(0);
            assert!(have >= *n, "round {round}: write {id}={n} acknowledged at {at} before the save at {saved_at} is missing (file has {have})");
            checked_saves += 1;
        }
    }
    // The last file also loads: a fresh start on it succeeds and serves the data.
    let p = Proc::start(&["--state-file", &state_arg]);
    let (s, _) = http(
        &p.url(),
        "GET",
        &format!("/v1/apps/{APP}/endpoints/bulk-199-99"),
        "",
    );
    assert_eq!(s, 200);
    drop(p);
    eprintln!("{KILLS} kills, {killed_mid_save} of them during a save; {checked_saves} acknowledged writes checked");
    assert!(
        checked_saves > 0,
        "no acknowledged write fell before a save; the test proved nothing"
    );
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(
        leftovers.len(),
        1,
        "stale temporary files were not cleaned up: {leftovers:?}"
    );
    std::fs::remove_dir_all(dir).unwrap();
}
