//! The command line. Every flag can also be set through a `PINPOINT_LOCAL_*` environment variable.
//! The flags are global, so they may stand before or after the subcommand
//! (`pinpoint-local healthcheck --port 4599` and `pinpoint-local --port 4599 healthcheck` are the
//! same), and a switch's variable takes `1`/`0`, `true`/`false`, `yes`/`no` or `on`/`off` in any
//! case, as `docker run -e` and compose files write them.

use std::net::IpAddr;
use std::path::PathBuf;

use clap::builder::BoolishValueParser;
use clap::{Parser, Subcommand, ValueEnum};

/// Default port.
pub const DEFAULT_PORT: u16 = 4590;

/// Log line format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

/// pinpoint-local's command line. `--help` opens with the package description in Cargo.toml
/// ("A faithful local emulator of Amazon Pinpoint's REST API").
#[derive(Debug, Clone, Parser)]
#[command(name = "pinpoint-local", version, about, long_about = None)]
pub struct Config {
    /// Address to listen on.
    #[arg(
        long,
        global = true,
        env = "PINPOINT_LOCAL_HOST",
        default_value = "127.0.0.1"
    )]
    pub host: IpAddr,

    /// Port to listen on; 0 picks a free port (the first stdout line tells which).
    #[arg(long, global = true, env = "PINPOINT_LOCAL_PORT", default_value_t = DEFAULT_PORT)]
    pub port: u16,

    /// Region for requests that carry no SigV4 credential scope.
    #[arg(
        long,
        global = true,
        env = "PINPOINT_LOCAL_REGION",
        default_value = "us-east-1"
    )]
    pub region: String,

    /// Unknown apps are 404 on every call, as on the real service (default: the first endpoint
    /// or event write creates the app).
    #[arg(long, global = true, env = "PINPOINT_LOCAL_STRICT_APPS", value_parser = BoolishValueParser::new())]
    pub strict_apps: bool,

    /// Apply the same-address rule only between endpoints of the same ChannelType.
    #[arg(long, global = true, env = "PINPOINT_LOCAL_DEDUP_BY_CHANNEL", value_parser = BoolishValueParser::new())]
    pub dedup_by_channel: bool,

    /// Most events the recorded-events log keeps across the server; the oldest are dropped.
    #[arg(long, global = true, env = "PINPOINT_LOCAL_MAX_EVENTS", default_value_t = 100_000,
          value_parser = clap::value_parser!(u64).range(1..=100_000_000))]
    pub max_events: u64,

    /// Also append every accepted event as one JSON line to this file.
    #[arg(long, global = true, env = "PINPOINT_LOCAL_EVENTS_FILE")]
    pub events_file: Option<PathBuf>,

    /// Most sent messages the sent-message log keeps across the server; the oldest are dropped.
    #[arg(long, global = true, env = "PINPOINT_LOCAL_MAX_MESSAGES", default_value_t = 100_000,
          value_parser = clap::value_parser!(u64).range(1..=100_000_000))]
    pub max_messages: u64,

    /// Also append every sent message as one JSON line to this file.
    #[arg(long, global = true, env = "PINPOINT_LOCAL_MESSAGES_FILE")]
    pub messages_file: Option<PathBuf>,

    /// Treat every channel as enabled, so sends need no Update*Channel first.
    #[arg(long, global = true, env = "PINPOINT_LOCAL_ASSUME_CHANNELS_ENABLED", value_parser = BoolishValueParser::new())]
    pub assume_channels_enabled: bool,

    /// A template variable with no value and no default fails that recipient instead of
    /// rendering as empty text.
    #[arg(long, global = true, env = "PINPOINT_LOCAL_STRICT_TEMPLATE_VARIABLES", value_parser = BoolishValueParser::new())]
    pub strict_template_variables: bool,

    /// The only origination numbers SMS, voice and OTP sends may use (comma-separated E.164);
    /// by default any number is accepted.
    #[arg(
        long,
        global = true,
        env = "PINPOINT_LOCAL_ORIGINATION_NUMBERS",
        value_delimiter = ','
    )]
    pub origination_numbers: Vec<String>,

    /// Every one-time password SendOTPMessage issues is this code (5 to 8 digits), so tests
    /// can log in without reading it back.
    #[arg(long, global = true, env = "PINPOINT_LOCAL_OTP_CODE", value_parser = parse_otp_code)]
    pub otp_code: Option<String>,

    /// Deliver campaigns when they are due (checked every second), through the SendMessages
    /// rules into the sent-message log. `POST /_pinpoint/campaigns/run` delivers due ones at once
    /// either way.
    #[arg(long, global = true, env = "PINPOINT_LOCAL_RUN_CAMPAIGNS", value_parser = BoolishValueParser::new())]
    pub run_campaigns: bool,

    /// Start every scope's test clock frozen at this ISO-8601 instant (`2030-05-01T00:00:00Z`):
    /// nothing then falls due by wall time, only through `POST /_pinpoint/clock/advance`.
    #[arg(long, global = true, env = "PINPOINT_LOCAL_CLOCK", value_parser = parse_clock)]
    pub clock: Option<chrono::DateTime<chrono::Utc>>,

    /// Host names (comma-separated, exact) a custom channel's webhook may be called on besides
    /// loopback ones (`localhost`, 127.0.0.0/8, `[::1]`); other hosts are never called.
    #[arg(
        long,
        global = true,
        env = "PINPOINT_LOCAL_WEBHOOK_HOSTS",
        value_delimiter = ','
    )]
    pub webhook_hosts: Vec<String>,

    /// A folder standing in for Amazon S3 in import and export jobs: `s3://bucket/key` is
    /// `DIR/bucket/key`. Without it, jobs complete without reading or writing any file.
    #[arg(long, global = true, env = "PINPOINT_LOCAL_S3_ROOT")]
    pub s3_root: Option<PathBuf>,

    /// Load the whole state from this file at start (when it exists) and save it back atomically
    /// while running and at shutdown.
    #[arg(long, global = true, env = "PINPOINT_LOCAL_STATE_FILE")]
    pub state_file: Option<PathBuf>,

    /// Seconds between saves of the state file while anything changed.
    #[arg(long, global = true, env = "PINPOINT_LOCAL_SAVE_INTERVAL", default_value_t = 5,
          value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub save_interval: u64,

    /// Load apps and endpoints from this JSON file, or every *.json of this folder, at start.
    #[arg(long, global = true, env = "PINPOINT_LOCAL_FIXTURES")]
    pub fixtures: Option<PathBuf>,

    /// Seconds a client may take to send a request's headers, and the longest a connection may sit
    /// idle, before it is closed.
    #[arg(long, global = true, env = "PINPOINT_LOCAL_HEADER_TIMEOUT", default_value_t = 30,
          value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub header_timeout: u64,

    /// Seconds one request may take, body upload included, before it is answered 408.
    #[arg(long, global = true, env = "PINPOINT_LOCAL_REQUEST_TIMEOUT", default_value_t = 60,
          value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub request_timeout: u64,

    /// Turn on SigV4 verification: a JSON list of {"AccessKeyId","SecretAccessKey","AccountId"};
    /// each key sees only its account. Off by default (any credentials are accepted).
    #[arg(long, global = true, env = "PINPOINT_LOCAL_AUTH_CREDENTIALS")]
    pub auth_credentials: Option<PathBuf>,

    /// PhoneNumberValidate answers fixed per number: a JSON object from E.164 numbers to
    /// NumberValidateResponse members (Carrier, City, PhoneType, …) that replace the computed ones.
    #[arg(long, global = true, env = "PINPOINT_LOCAL_PHONE_NUMBERS")]
    pub phone_numbers: Option<PathBuf>,

    /// Fault-injection rules to start with: a JSON file `{"Rules": […]}` as `PUT /_pinpoint/faults`
    /// takes.
    #[arg(long, global = true, env = "PINPOINT_LOCAL_FAULTS")]
    pub faults: Option<PathBuf>,

    /// Log format on stderr.
    #[arg(long, global = true, env = "PINPOINT_LOCAL_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Subcommands; without one, the server runs.
#[derive(Debug, Clone, Subcommand)]
pub enum Command {
    /// Run the server (the default).
    Serve,
    /// Probe a running server's /_pinpoint/health (at --host/--port); exit 0 when healthy, 1 when not.
    Healthcheck,
}

/// A fixed one-time password: 5 to 8 decimal digits.
fn parse_otp_code(s: &str) -> Result<String, String> {
    if (5..=8).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()) {
        Ok(s.to_string())
    } else {
        Err("a one-time password is 5 to 8 digits".into())
    }
}

impl Config {
    /// The switches that are on, as the ready log line names them; empty when none is.
    pub fn switches_on(&self) -> Vec<&'static str> {
        [
            (self.strict_apps, "strict apps"),
            (self.dedup_by_channel, "dedup by channel"),
            (self.assume_channels_enabled, "channels assumed enabled"),
            (self.strict_template_variables, "strict template variables"),
            (self.run_campaigns, "campaigns run when due"),
            (self.auth_credentials.is_some(), "SigV4 authentication on"),
        ]
        .into_iter()
        .filter_map(|(on, name)| on.then_some(name))
        .collect()
    }

    /// Defaults for tests: loopback, any free port.
    pub fn for_tests() -> Self {
        Self::parse_from(["pinpoint-local", "--port", "0"])
    }
}

/// `--clock`: an ISO-8601 instant, any offset.
fn parse_clock(s: &str) -> Result<chrono::DateTime<chrono::Utc>, String> {
    crate::time::parse_iso8601(s).ok_or_else(|| {
        format!("{s:?} is not an ISO-8601 date-time (for example 2030-05-01T00:00:00Z)")
    })
}

#[cfg(test)]
mod tests {
    use clap::{ArgAction, CommandFactory};

    use super::*;

    /// Every switch of the command line, by its long name.
    fn switches() -> Vec<String> {
        Config::command()
            .get_arguments()
            .filter(|a| matches!(a.get_action(), ArgAction::SetTrue))
            .filter_map(|a| a.get_long().map(String::from))
            .collect()
    }

    #[test]
    fn every_switch_is_named_in_the_ready_line_when_on_and_only_then() {
        assert!(Config::for_tests().switches_on().is_empty());
        let all = switches();
        assert_eq!(all.len(), 5, "{all:?}");
        for long in &all {
            let c = Config::parse_from(["pinpoint-local", &format!("--{long}")]);
            assert_eq!(c.switches_on().len(), 1, "--{long}");
        }
    }

    #[test]
    fn flags_stand_before_or_after_the_subcommand() {
        for args in [
            &["pinpoint-local", "healthcheck", "--port", "4599"][..],
            &["pinpoint-local", "--port", "4599", "healthcheck"][..],
        ] {
            let c = Config::try_parse_from(args).unwrap();
            assert_eq!(c.port, 4599, "{args:?}");
            assert!(matches!(c.command, Some(Command::Healthcheck)));
        }
        let c = Config::try_parse_from([
            "pinpoint-local",
            "serve",
            "--fixtures",
            "/fixtures",
            "--strict-apps",
        ])
        .unwrap();
        assert_eq!(
            c.fixtures.as_deref(),
            Some(std::path::Path::new("/fixtures"))
        );
        assert!(c.strict_apps);
        assert!(matches!(c.command, Some(Command::Serve)));
    }
}
