//! The command line: the healthcheck and flags before or after the subcommand, environment
//! variables and how switches read them, the ready log line, and invalid configuration.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use crate::binary::{http, run_to_end, temp_dir, Proc, BIN};
use crate::common::app_id;

#[test]
fn first_line_gives_the_real_port_and_healthcheck_works() {
    let p = Proc::start(&[]);
    assert_ne!(p.port, 0);
    let port = p.port.to_string();
    // The flags are global: before or after the subcommand (docs/behaviour.md#flags-anywhere).
    for args in [
        ["--port", &port, "healthcheck"],
        ["healthcheck", "--port", &port],
    ] {
        let (code, err) = run_to_end(&args, &[]);
        assert_eq!(code, 0, "{args:?}: {err}");
    }
    p.terminate();
    let (code, _) = run_to_end(&["--port", &port, "healthcheck"], &[]);
    assert_eq!(code, 1);
    let (code, _) = run_to_end(&["healthcheck", "--port", &port], &[]);
    assert_eq!(code, 1);
}

/// The JSON "pinpoint-local ready" line of a server started with `args` and `env`.
fn ready_line(args: &[&str], env: &[(&str, &str)]) -> serde_json::Value {
    let mut child = Command::new(BIN)
        .args(["--port", "0", "--log-format", "json"])
        .args(args)
        .env("RUST_LOG", "info")
        .envs(env.iter().copied())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert!(line.starts_with("listening on http://127.0.0.1:"), "{line}");
    let mut log = String::new();
    BufReader::new(child.stderr.take().unwrap())
        .read_line(&mut log)
        .unwrap();
    child.kill().unwrap();
    child.wait().unwrap();
    serde_json::from_str(&log).unwrap_or_else(|e| panic!("not JSON ({e}): {log}"))
}

const SWITCHES: [&str; 5] = [
    "PINPOINT_LOCAL_STRICT_APPS",
    "PINPOINT_LOCAL_DEDUP_BY_CHANNEL",
    "PINPOINT_LOCAL_ASSUME_CHANNELS_ENABLED",
    "PINPOINT_LOCAL_STRICT_TEMPLATE_VARIABLES",
    "PINPOINT_LOCAL_RUN_CAMPAIGNS",
];

/// A switch's variable reads 1/0, true/false, yes/no, on/off in any case
/// (docs/behaviour.md#boolean-variables), and the ready line names exactly the switches that are
/// on, with no `mode` at all when none is.
#[test]
fn switch_variables_read_the_usual_spellings_and_the_ready_line_names_them() {
    for on in ["1", "true", "yes", "on", "TRUE", "Yes", "ON"] {
        let env: Vec<(&str, &str)> = SWITCHES.iter().map(|v| (*v, on)).collect();
        let ready = ready_line(&[], &env);
        let mode = ready["fields"]["mode"].as_str().unwrap_or_default();
        for name in [
            "strict apps",
            "dedup by channel",
            "channels assumed enabled",
            "strict template variables",
            "campaigns run when due",
        ] {
            assert!(mode.contains(name), "{on}: {name} missing in {ready}");
        }
    }
    for off in ["0", "false", "no", "off", "FALSE", "No", "OFF"] {
        let env: Vec<(&str, &str)> = SWITCHES.iter().map(|v| (*v, off)).collect();
        let ready = ready_line(&[], &env);
        assert_eq!(ready["fields"]["message"], "pinpoint-local ready");
        assert!(ready["fields"].get("mode").is_none(), "{off}: {ready}");
    }
    let ready = ready_line(&["--strict-apps"], &[]);
    assert_eq!(ready["fields"]["mode"], "strict apps");
    let (code, err) = run_to_end(&[], &[("PINPOINT_LOCAL_STRICT_APPS", "maybe")]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("maybe"), "{err}");
}

#[test]
fn startup_logs_one_info_line_and_json_format_is_json() {
    let v = ready_line(&[], &[]);
    assert_eq!(v["level"], "INFO");
    assert_eq!(v["fields"]["message"], "pinpoint-local ready");
}

#[test]
fn environment_variables_configure_the_server() {
    let dir = temp_dir();
    let events = dir.join("events.ndjson");
    let mut cmd = Command::new(BIN);
    cmd.env("PINPOINT_LOCAL_PORT", "0")
        .env("PINPOINT_LOCAL_STRICT_APPS", "1")
        .env("PINPOINT_LOCAL_EVENTS_FILE", &events);
    let p = Proc::spawn(cmd);
    let url = p.url();
    let (status, _) = http(
        &url,
        "PUT",
        &format!("/v1/apps/{}/endpoints/e", app_id()),
        "{}",
    );
    assert_eq!(status, 404, "strict apps came from the environment");
    assert!(events.exists(), "the events file came from the environment");
    drop(p);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn invalid_configuration_stops_the_start_with_exit_code_2() {
    for args in [
        vec!["--port", "70000"],
        vec!["--port", "http"],
        vec!["--host", "not-an-ip"],
        vec!["--log-format", "xml"],
        vec!["--max-events", "0"],
        vec!["--save-interval", "0"],
    ] {
        let (code, err) = run_to_end(&args, &[]);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(!err.is_empty());
    }
    let (code, _) = run_to_end(&[], &[("PINPOINT_LOCAL_PORT", "nope")]);
    assert_eq!(code, 2);
}
