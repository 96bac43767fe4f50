//! The `pinpoint-local` binary: parse the configuration, set up logging, bind, serve.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use pinpoint_local::config::{Config, LogFormat};
use pinpoint_local::{serve, AppState};
use tracing_subscriber::EnvFilter;

fn init_logging(format: LogFormat) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Text => builder.init(),
        LogFormat::Json => builder.json().init(),
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { () = ctrl_c => {}, () = term => {} }
    tracing::info!("shutting down");
}

#[tokio::main]
async fn main() -> ExitCode {
    let config = Config::parse();
    init_logging(config.log_format);
    let state = match AppState::new(config.clone()) {
        Ok(s) => s,
        Err(err) => {
            eprintln!("pinpoint-local: cannot start: {err}");
            return ExitCode::from(2);
        }
    };
    let listener = match tokio::net::TcpListener::bind((config.host, config.port)).await {
        Ok(l) => l,
        Err(err) => {
            eprintln!(
                "pinpoint-local: cannot listen on {}:{}: {err}",
                config.host, config.port
            );
            return ExitCode::from(2);
        }
    };
    let addr = listener
        .local_addr()
        .expect("a bound listener has an address");
    let host = match addr.ip() {
        std::net::IpAddr::V6(ip) => format!("[{ip}]"),
        ip => ip.to_string(),
    };
    println!("listening on http://{host}:{}", addr.port());
    let _ = std::io::stdout().flush();
    tracing::info!(%addr, strict_apps = config.strict_apps, "pinpoint-local ready");
    match serve(listener, state, shutdown_signal()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("pinpoint-local: server error: {err}");
            ExitCode::FAILURE
        }
    }
}
