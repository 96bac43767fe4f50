//! The request-id layer, the outermost of all: every response carries `x-amzn-RequestId`, CORS
//! preflights and rejections included. The id comes from the application's id generator and is
//! in scope for the whole request, so an error body can name it ([`current`]).

use axum::extract::{Request, State};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;

use super::REQUEST_ID_HEADER;
use crate::AppState;

tokio::task_local! {
    static REQUEST_ID: String;
}

/// The request id, in the request's extensions for the layers and handlers after this one.
#[derive(Debug, Clone)]
pub struct RequestId(pub String);

/// Runs `f` with the id of the request being answered (empty outside a request).
pub fn current<R>(f: impl FnOnce(&str) -> R) -> R {
    match REQUEST_ID.try_with(Clone::clone) {
        Ok(id) => f(&id),
        Err(_) => f(""),
    }
}

/// Assigns the request id and sets the response header.
pub async fn assign(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let id = state.ids.request_id();
    req.extensions_mut().insert(RequestId(id.clone()));
    let header = HeaderValue::from_str(&id);
    let mut resp = REQUEST_ID.scope(id, next.run(req)).await;
    if let Ok(v) = header {
        resp.headers_mut().insert(REQUEST_ID_HEADER, v);
    }
    resp
}
