//! The middleware every request passes through: it assigns the request id, works out the scope,
//! sets `x-amzn-RequestId` on the response, and renders the body of any [`ApiError`] as
//! `{"Message":…,"RequestID":…}` so the body's RequestID always equals the header.

use axum::body::Body;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

use super::context::{scope_of, Ctx};
use super::REQUEST_ID_HEADER;
use axum::response::IntoResponse;

use crate::error::{ApiError, ErrorBody};
use crate::AppState;

/// A random UUID v4 string from a per-thread generator seeded once from the OS: request ids need
/// uniqueness, not secrecy, and a getrandom system call per request is measurable.
pub fn new_request_id() -> String {
    use std::cell::Cell;
    thread_local! {
        static STATE: Cell<u64> = Cell::new(uuid::Uuid::new_v4().as_u64_pair().0 | 1);
    }
    fn splitmix(state: &Cell<u64>) -> u64 {
        let mut z = state.get().wrapping_add(0x9E37_79B9_7F4A_7C15);
        state.set(z);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    let (hi, lo) = STATE.with(|s| (splitmix(s), splitmix(s)));
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&hi.to_le_bytes());
    bytes[8..].copy_from_slice(&lo.to_le_bytes());
    uuid::Builder::from_random_bytes(bytes)
        .into_uuid()
        .to_string()
}

pub async fn assign(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let started = std::time::Instant::now();
    let method = req.method().clone();
    let request_id = new_request_id();
    let limit = std::time::Duration::from_secs(state.config.request_timeout);
    let ctx_id = request_id.clone();
    // Authentication reads the body to hash it, so the timeout covers it too.
    let work = async move {
        let authenticated = match &state.auth {
            Some(creds) if !req.uri().path().starts_with("/_pinpoint/") => {
                super::auth::verify(req, creds, chrono::Utc::now()).await
            }
            _ => {
                let scope = scope_of(req.headers(), req.uri().query(), &state.config.region);
                Ok((req, scope))
            }
        };
        match authenticated {
            Err(err) => err.into_response(),
            Ok((mut req, scope)) => {
                req.extensions_mut().insert(Ctx {
                    request_id: ctx_id,
                    scope,
                });
                next.run(req).await
            }
        }
    };
    let mut resp = match tokio::time::timeout(limit, work).await {
        Ok(resp) => resp,
        Err(_) => ApiError::RequestTimeout(format!(
            "The request was not completed within {} seconds",
            limit.as_secs()
        ))
        .into_response(),
    };
    if let Some(ErrorBody {
        message,
        front_door,
    }) = resp.extensions_mut().remove::<ErrorBody>()
    {
        let body = if front_door {
            serde_json::json!({ "message": message })
        } else {
            serde_json::json!({ "Message": message, "RequestID": request_id })
        };
        *resp.body_mut() = Body::from(body.to_string());
        resp.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        resp.headers_mut().remove(header::CONTENT_LENGTH);
    }
    if let Ok(v) = HeaderValue::from_str(&request_id) {
        resp.headers_mut().insert(REQUEST_ID_HEADER, v);
    }
    let route = resp
        .extensions()
        .get::<MatchedPath>()
        .map_or("(unrouted)", MatchedPath::as_str);
    tracing::debug!(
        %method,
        route,
        status = resp.status().as_u16(),
        latency_us = started.elapsed().as_micros() as u64,
        request_id,
        "request"
    );
    resp
}

/// Route-level layer: hands the matched route template to [`assign`] for the request log, so
/// logs name `/v1/apps/{application-id}/…` rather than ids.
pub async fn expose_route(req: Request, next: Next) -> Response {
    let matched = req.extensions().get::<MatchedPath>().cloned();
    let mut resp = next.run(req).await;
    if let Some(m) = matched {
        resp.extensions_mut().insert(m);
    }
    resp
}
