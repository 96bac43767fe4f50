//! What runs around every route, as one hand-written service, so a call pays for one boxed future
//! and no clone of the route: the request id, CORS, authentication and scope, the request timeout
//! and the access log.
//!
//! - **Request id.** Every response carries `x-amzn-RequestId`, preflights and rejections
//!   included. The id comes from the application's id generator and is in scope for the whole
//!   request, so an error body can name it ([`super::request_id::current`]).
//! - **CORS** for browser SDKs (docs/behaviour.md#cors-preflight): any origin, any requested
//!   header, the AWS headers exposed. An `OPTIONS` request is a preflight and is answered here.
//! - **Authentication.** The signature is verified when `--auth-credentials` is on (not for the
//!   emulator's own `/_pinpoint/` routes); the scope is worked out and handed on as a [`Ctx`].
//! - **Timeout.** A request not answered within `--request-timeout` gets a 408. The timer is only
//!   armed when the route does not answer on its first poll, so a call answered at once (most
//!   are) never touches the timer wheel. It covers authentication, which reads the body to hash
//!   it, so slow bodies are cut off too.
//! - **Access log.** One debug line per request with its method, route template (never the ids
//!   in the path), request id, status and latency; nothing at all when debug logging is off.

use std::future::{poll_fn, Future};
use std::pin::{pin, Pin};
use std::sync::Arc;
use std::task::Poll;
use std::time::Duration;

use axum::extract::{MatchedPath, Request};
use axum::http::header::{self, HeaderMap, HeaderValue};
use axum::http::Method;
use axum::response::{IntoResponse, Response};
use tower::ServiceExt;

use super::around::{Answer, Around, Route};
use super::context::{scope_of, Ctx};
use super::request_id::REQUEST_ID;
use super::REQUEST_ID_HEADER;
use crate::clock::SharedClock;
use crate::error::ApiError;
use crate::ids::SharedIds;

/// What the front needs: ids, the accepted keys (when authentication is on), the clock
/// signatures are checked against, the region of unsigned requests, and the timeout.
pub struct Front {
    pub ids: SharedIds,
    pub auth: Option<Arc<super::auth::Credentials>>,
    pub clock: SharedClock,
    pub default_region: String,
    pub timeout: Duration,
}

impl Around for Front {
    fn call<S: Route>(this: &Arc<Self>, inner: &mut S, mut req: Request) -> Answer {
        let f = &**this;
        let id: Arc<str> = f.ids.request_id().into();
        let origin = req.headers().get(header::ORIGIN).cloned();
        if req.method() == Method::OPTIONS {
            let resp = preflight(req.headers(), origin, &id);
            return Box::pin(std::future::ready(Ok(resp)));
        }
        let log = tracing::enabled!(tracing::Level::DEBUG).then(|| AccessLog::of(&req));
        let timeout = f.timeout;
        let routed = match &f.auth {
            Some(creds) if !req.uri().path().starts_with("/_pinpoint/") => {
                let (creds, now, id) = (Arc::clone(creds), f.clock.now(), Arc::clone(&id));
                let inner = inner.clone();
                Routed::Verifying(Box::pin(async move {
                    match super::auth::verify(req, &creds, now).await {
                        Err(err) => err.into_response(),
                        Ok((mut req, scope)) => {
                            req.extensions_mut().insert(Ctx {
                                request_id: id,
                                scope,
                            });
                            let Ok(resp) = inner.oneshot(req).await;
                            resp
                        }
                    }
                }))
            }
            _ => {
                let scope = scope_of(req.headers(), req.uri().query(), &f.default_region);
                req.extensions_mut().insert(Ctx {
                    request_id: Arc::clone(&id),
                    scope,
                });
                Routed::Called(inner.call(req))
            }
        };
        Box::pin(REQUEST_ID.scope(Arc::clone(&id), async move {
            let answered = match routed {
                Routed::Called(fut) => {
                    within(timeout, async move {
                        let Ok(resp) = fut.await;
                        resp
                    })
                    .await
                }
                Routed::Verifying(fut) => within(timeout, fut).await,
            };
            let mut resp = answered.unwrap_or_else(|| {
                ApiError::RequestTimeout(format!(
                    "The request was not completed within {} seconds",
                    timeout.as_secs()
                ))
                .into_response()
            });
            finish(resp.headers_mut(), origin, &id);
            if let Some(log) = log {
                log.write(&id, &resp);
            }
            Ok(resp)
        }))
    }
}

/// The route's answer on its way: called at once, or after the signature is verified.
enum Routed<F> {
    Called(F),
    Verifying(Pin<Box<dyn Future<Output = Response> + Send>>),
}

/// `fut`'s output, or `None` once `timeout` has passed. The timer is armed only if `fut` is still
/// pending after its first poll, and runs from then: a call answered at once reads no clock.
async fn within<T>(timeout: Duration, fut: impl Future<Output = T>) -> Option<T> {
    let mut fut = pin!(fut);
    let mut timer: Option<Pin<Box<tokio::time::Sleep>>> = None;
    poll_fn(|cx| {
        if let Poll::Ready(out) = fut.as_mut().poll(cx) {
            return Poll::Ready(Some(out));
        }
        let timer = timer.get_or_insert_with(|| Box::pin(tokio::time::sleep(timeout)));
        timer.as_mut().poll(cx).map(|()| None)
    })
    .await
}

const VARY: HeaderValue = HeaderValue::from_static(
    "origin, access-control-request-method, access-control-request-headers",
);
const EXPOSE: HeaderValue =
    HeaderValue::from_static("x-amzn-requestid,x-amzn-errortype,x-amzn-errormessage,date");
const METHODS: HeaderValue = HeaderValue::from_static("GET,PUT,POST,DELETE,OPTIONS");
const MAX_AGE: HeaderValue = HeaderValue::from_static("86400");

/// The headers every answer gets, preflights included: the request id, and CORS's `Vary` and the
/// origin mirrored, when sent.
fn stamp(h: &mut HeaderMap, origin: Option<HeaderValue>, id: &str) {
    h.append(header::VARY, VARY);
    if let Some(origin) = origin {
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
    }
    if let Ok(v) = HeaderValue::from_str(id) {
        h.insert(REQUEST_ID_HEADER, v);
    }
}

/// An answer's headers: [`stamp`]'s, and the AWS headers a browser may read.
fn finish(h: &mut HeaderMap, origin: Option<HeaderValue>, id: &str) {
    stamp(h, origin, id);
    h.insert(header::ACCESS_CONTROL_EXPOSE_HEADERS, EXPOSE);
}

/// A CORS preflight's answer: [`stamp`]'s headers, the methods, the requested headers mirrored,
/// a day's max age.
fn preflight(req: &HeaderMap, origin: Option<HeaderValue>, id: &str) -> Response {
    let mut resp = Response::default();
    let h = resp.headers_mut();
    stamp(h, origin, id);
    h.insert(header::ACCESS_CONTROL_ALLOW_METHODS, METHODS);
    if let Some(asked) = req.get(header::ACCESS_CONTROL_REQUEST_HEADERS) {
        h.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, asked.clone());
    }
    h.insert(header::ACCESS_CONTROL_MAX_AGE, MAX_AGE);
    resp
}

/// What the access log line needs from the request.
struct AccessLog {
    method: Method,
    route: String,
    // The log's latency is a measurement, not a date: the one use of Instant besides the
    // events-file writer's flush pacing and this layer's timer.
    started: std::time::Instant,
}

impl AccessLog {
    fn of(req: &Request) -> Self {
        Self {
            method: req.method().clone(),
            route: req
                .extensions()
                .get::<MatchedPath>()
                .map_or_else(|| "(unrouted)".to_string(), |m| m.as_str().to_string()),
            started: std::time::Instant::now(),
        }
    }

    fn write(self, request_id: &str, resp: &Response) {
        tracing::debug!(
            method = %self.method,
            route = self.route,
            request_id,
            status = resp.status().as_u16(),
            latency_us = self.started.elapsed().as_micros() as u64,
            "request"
        );
    }
}
