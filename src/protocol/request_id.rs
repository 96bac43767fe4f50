//! The outermost layer: the request id and the request timeout, in one layer so a call pays for
//! one boxed future, not two.
//!
//! Every response carries `x-amzn-RequestId`, CORS preflights and rejections included. The id
//! comes from the application's id generator and is in scope for the whole request, so an error
//! body can name it ([`current`]). A request not answered within `--request-timeout` gets a 408;
//! the timeout is outside authentication, which reads the body to hash it, so slow bodies are
//! cut off too.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::REQUEST_ID_HEADER;
use crate::error::ApiError;
use crate::ids::SharedIds;

tokio::task_local! {
    static REQUEST_ID: Arc<str>;
}

/// The request id, in the request's extensions for the layers and handlers after this one.
/// Shared, not copied, by everything that needs it.
#[derive(Debug, Clone)]
pub struct RequestId(pub Arc<str>);

/// Runs `f` with the id of the request being answered (empty outside a request).
pub fn current<R>(f: impl FnOnce(&str) -> R) -> R {
    match REQUEST_ID.try_with(Arc::clone) {
        Ok(id) => f(&id),
        Err(_) => f(""),
    }
}

/// What the outermost layer needs: the id generator and the request timeout.
pub struct Outermost {
    pub ids: SharedIds,
    pub timeout: Duration,
}

/// Assigns the request id, answers 408 when the rest takes longer than the timeout, and sets
/// the response header.
pub async fn assign(State(o): State<Arc<Outermost>>, mut req: Request, next: Next) -> Response {
    let id: Arc<str> = o.ids.request_id().into();
    req.extensions_mut().insert(RequestId(Arc::clone(&id)));
    let header = HeaderValue::from_str(&id);
    let limit = o.timeout;
    let mut resp = REQUEST_ID
        .scope(id, async move {
            match tokio::time::timeout(limit, next.run(req)).await {
                Ok(resp) => resp,
                Err(_) => ApiError::RequestTimeout(format!(
                    "The request was not completed within {} seconds",
                    limit.as_secs()
                ))
                .into_response(),
            }
        })
        .await;
    if let Ok(v) = header {
        resp.headers_mut().insert(REQUEST_ID_HEADER, v);
    }
    resp
}
