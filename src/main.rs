//! The `pinpoint-local` binary: parse the configuration, set up logging, load state, bind, serve.

use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use pinpoint_local::config::{Command, Config, LogFormat};
use pinpoint_local::{health, persist, serve, AppState};
use tracing_subscriber::EnvFilter;

/// mimalloc instead of glibc malloc: the server allocates many small short-lived objects on two
/// threads, where glibc's arena locks and consolidation showed up as ~20% of profiles.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Logs go to stderr, coloured only when stderr is a terminal and `NO_COLOR` is unset
/// (<https://no-color.org>), so files, pipes, CI and `docker logs` get plain text.
fn init_logging(format: LogFormat) {
    use std::io::IsTerminal;
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let colour = std::io::stderr().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(colour)
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Text => builder.init(),
        LogFormat::Json => builder.json().init(),
    }
}

/// Resolves on SIGINT or SIGTERM. The handlers are installed when this is called, not when the
/// future is first polled, so a signal sent right after the ready line is never lost.
fn shutdown_signal() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    let (mut int, mut term) = {
        use tokio::signal::unix::{signal, SignalKind};
        (
            signal(SignalKind::interrupt()).ok(),
            signal(SignalKind::terminate()).ok(),
        )
    };
    async move {
        #[cfg(unix)]
        {
            let int = async {
                match int.as_mut() {
                    Some(s) => drop(s.recv().await),
                    None => std::future::pending::<()>().await,
                }
            };
            let term = async {
                match term.as_mut() {
                    Some(s) => drop(s.recv().await),
                    None => std::future::pending::<()>().await,
                }
            };
            tokio::select! { () = int => {}, () = term => {} }
        }
        #[cfg(not(unix))]
        let _ = tokio::signal::ctrl_c().await;
        tracing::info!("shutting down");
    }
}

/// A start-up failure: printed on stderr, exit code 2.
fn fail(msg: impl std::fmt::Display) -> ExitCode {
    eprintln!("pinpoint-local: {msg}");
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let config = Config::parse();
    if let Some(Command::Healthcheck) = config.command {
        return match health::probe(config.host, config.port, Duration::from_secs(2)) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("pinpoint-local healthcheck: {e}");
                ExitCode::FAILURE
            }
        };
    }
    init_logging(config.log_format);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => return fail(format!("cannot start the runtime: {e}")),
    };
    runtime.block_on(run(config))
}

async fn run(config: Config) -> ExitCode {
    let state = match AppState::new(config.clone()) {
        Ok(s) => s,
        Err(err) => return fail(err),
    };
    let mut mode = Vec::new();
    if let Some(path) = &config.state_file {
        match persist::load_state(&state.store, path, &config.region) {
            Ok(true) => mode.push(format!("state loaded from {}", path.display())),
            Ok(false) => mode.push(format!("state will be saved to {}", path.display())),
            Err(e) => return fail(format!("cannot load the state file {e}")),
        }
    }
    if let Some(path) = &config.fixtures {
        match persist::load_fixtures(&state.store, path, &config.region) {
            Ok(n) => mode.push(format!("{n} fixture apps loaded")),
            Err(e) => return fail(format!("invalid fixtures: {e}")),
        }
    }
    let listener = match tokio::net::TcpListener::bind((config.host, config.port)).await {
        Ok(l) => l,
        Err(err) => {
            return fail(format!(
                "cannot listen on {}:{}: {err}",
                config.host, config.port
            ))
        }
    };
    let addr = match listener.local_addr() {
        Ok(a) => a,
        Err(err) => return fail(format!("cannot read the bound address: {err}")),
    };
    let host = match addr.ip() {
        std::net::IpAddr::V6(ip) => format!("[{ip}]"),
        ip => ip.to_string(),
    };
    let shutdown = shutdown_signal();
    println!("listening on http://{host}:{}", addr.port());
    let _ = std::io::stdout().flush();
    mode.extend(config.switches_on().into_iter().map(String::from));
    if mode.is_empty() {
        tracing::info!(%addr, "pinpoint-local ready");
    } else {
        tracing::info!(%addr, mode = %mode.join(", "), "pinpoint-local ready");
    }

    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let saver = config.state_file.clone().map(|path| {
        let store = std::sync::Arc::clone(&state.store);
        tokio::spawn(persist::run_saver(
            store,
            path,
            Duration::from_secs(config.save_interval),
            stop_rx,
        ))
    });
    if config.run_campaigns {
        let store = std::sync::Arc::clone(&state.store);
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs(1));
            loop {
                tick.tick().await;
                let store = std::sync::Arc::clone(&store);
                let _ = tokio::task::spawn_blocking(move || store.run_due_everywhere(true)).await;
            }
        });
    }
    let store = std::sync::Arc::clone(&state.store);
    let served = serve(listener, state, shutdown).await;
    let _ = stop_tx.send(true);
    if let Some(saver) = saver {
        let _ = saver.await;
    }
    store.events.close_file();
    store.sent.close_file();
    match served {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("pinpoint-local: server error: {err}");
            ExitCode::FAILURE
        }
    }
}
