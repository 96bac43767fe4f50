//! pinpoint-local: a faithful local emulator of Amazon Pinpoint's REST API (rest-json,
//! 2016-12-01): apps, endpoints and users, events, messaging, templates, segments, campaigns,
//! journeys, jobs and every other operation of the model.
//!
//! Architecture, in layers from the bottom up; a module uses only its own layer and the ones
//! below it, never in a circle (docs/architecture.md, checked by `tests/it/layers/`):
//! - foundations: [`clock`] (with each scope's test clock) and [`ids`], the only sources of time and fresh ids, injected through
//!   [`AppState`] (fixed in tests, so answers and golden files are exact); [`time`], the dates
//!   Pinpoint writes and accepts; [`phone`], PhoneNumberValidate offline; [`render`], message
//!   templates as Pinpoint renders them; [`paging`], `page-size`/`token` paging; [`model`],
//!   every shape of the Pinpoint model as a Rust type generated from it (the vocabulary the
//!   store keeps what clients wrote in, and the wire reads and writes); [`webhook`], the HTTP
//!   calls of custom channels, injected into the store like the clock (a fake in tests);
//! - [`store`]: apps, endpoints, the user and address indexes, recorded events and logs, and
//!   every rule; its own errors, no HTTP, testable on its own;
//! - wire: [`error`], the one error enum and its wire format; [`protocol`], the rest-json
//!   plumbing (request ids, account/region scope, authentication, extractors whose rejections
//!   are Pinpoint errors, the model check, the operation catalog, fallbacks for unknown paths and
//!   methods, reading a request into its operation's input and writing its output); [`dto`],
//!   conversions between the store's types and the model's; [`wire`], every operation as one
//!   enum with its generated input and output;
//! - app: [`state`], the [`AppState`] every handler reaches; [`config`], the command line;
//!   [`persist`], the state file; [`s3`], the local S3 of import and export jobs; [`views`],
//!   the dashboard's read-only views of the store;
//! - [`routes`]: one small module per resource; each handler turns its operation's typed input
//!   into store calls and the answer into its typed output, and the
//!   route table comes from the Pinpoint model ([`protocol::catalog`]);
//! - server: this file's [`app`] and [`serve`], the binary, [`conn_errors`] (requests hyper
//!   cannot parse, answered in Pinpoint's error shape), [`conn_watch`] (`--header-timeout`) and
//!   [`health`] (the `healthcheck` subcommand).

pub mod clock;
pub mod config;
pub mod conn_errors;
pub mod conn_watch;
pub mod dto;
pub mod error;
pub mod health;
pub mod ids;
#[rustfmt::skip]
pub mod model;
pub mod paging;
pub mod persist;
pub mod phone;
pub mod protocol;
pub mod render;
pub mod routes;
pub mod s3;
pub mod state;
pub mod store;
pub mod time;
pub mod views;
pub mod webhook;
pub mod wire;

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use tokio::net::TcpListener;

pub use state::{AppState, Shared};

/// The whole HTTP application. Around each route, outside in: the front (request id, CORS,
/// authentication and scope, timeout and access log: [`protocol::front`]), then for Pinpoint
/// operations their guard: the fault rules, the model check and the success code
/// ([`routes::pinpoint_routes`]).
pub fn app(state: AppState) -> Router {
    let front = protocol::around::AroundLayer(Arc::new(protocol::front::Front {
        ids: Arc::clone(&state.ids),
        auth: state.auth.clone(),
        clock: Arc::clone(&state.clock),
        default_region: state.config.region.clone(),
        timeout: Duration::from_secs(state.config.request_timeout),
    }));
    Router::new()
        .merge(routes::pinpoint_routes(&state))
        .merge(routes::admin_routes())
        .fallback(protocol::fallback::unmatched)
        .method_not_allowed_fallback(protocol::fallback::unmatched)
        .layer(front)
        .with_state(state)
}

/// How long shutdown waits for open requests before it closes their connections.
pub const DRAIN_TIMEOUT: Duration = Duration::from_secs(10);

/// Serves `state` on `listener` until `shutdown` completes, then drains open requests for at
/// most [`DRAIN_TIMEOUT`].
///
/// This is axum's `serve` loop with what a shared test fixture needs on top: `--header-timeout`
/// (slowloris protection, [`conn_watch`]), requests hyper cannot parse answered in Pinpoint's
/// error shape ([`conn_errors`]), and a bounded drain.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    use crate::conn_watch::Waiting;
    use hyper_util::rt::{TokioExecutor, TokioIo};
    use hyper_util::server::conn::auto::Builder;
    use hyper_util::service::TowerToHyperService;
    use tower::ServiceExt;

    let header_timeout = Duration::from_secs(state.config.header_timeout);
    let shared = state.clone();
    let app = app(state);
    let mut builder = Builder::new(TokioExecutor::new());
    // `--header-timeout` is kept by `conn_watch`, per connection, not by a timer per request.
    builder.http1().header_read_timeout(None);
    let builder = Arc::new(builder);
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, _peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(conn) => conn,
                Err(err) => {
                    // Out of file descriptors and the like: back off instead of spinning.
                    tracing::warn!(%err, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let waiting = Waiting::new();
        let (arrived, done) = (waiting.clone(), waiting.clone());
        let calls = crate::conn_errors::Calls::default();
        let (called, answered) = (calls.clone(), calls.clone());
        let service = app
            .clone()
            .map_request(move |req: axum::http::Request<hyper::body::Incoming>| {
                arrived.answering();
                called.called();
                req.map(axum::body::Body::new)
            })
            .map_response(move |resp| {
                answered.answered();
                done.answered(resp)
            });
        let builder = Arc::clone(&builder);
        let ids = Arc::clone(&shared.ids);
        let watcher = graceful.watcher();
        tokio::spawn(async move {
            let conn = builder.serve_connection_with_upgrades(
                TokioIo::new(crate::conn_errors::Guarded::new(stream, calls, ids)),
                TowerToHyperService::new(service),
            );
            tokio::select! {
                served = watcher.watch(conn.into_owned()) => if let Err(err) = served {
                    tracing::trace!(%err, "connection ended with an error");
                },
                () = waiting.overdue(header_timeout) => {
                    tracing::debug!("closed a connection that sent no request within --header-timeout");
                }
            }
        });
    }
    drop(listener);
    shared.closing.send_replace(true);
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(DRAIN_TIMEOUT) => {
            tracing::warn!("open requests did not finish within {DRAIN_TIMEOUT:?}; closing them");
        }
    }
    Ok(())
}
