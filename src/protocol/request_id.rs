//! The request-id layer, the outermost of all: every response carries `x-amzn-RequestId`, CORS
//! preflights and rejections included. The id comes from the application's id generator and is
//! in scope for the whole request, so an error body can name it ([`current`]).

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;

use super::REQUEST_ID_HEADER;
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

/// Assigns the request id and sets the response header. Its state is only the id generator.
pub async fn assign(State(ids): State<SharedIds>, mut req: Request, next: Next) -> Response {
    let id: Arc<str> = ids.request_id().into();
    req.extensions_mut().insert(RequestId(Arc::clone(&id)));
    let header = HeaderValue::from_str(&id);
    let mut resp = REQUEST_ID.scope(id, next.run(req)).await;
    if let Ok(v) = header {
        resp.headers_mut().insert(REQUEST_ID_HEADER, v);
    }
    resp
}
