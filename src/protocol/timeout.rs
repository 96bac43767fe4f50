//! The request-timeout layer (`--request-timeout`): a request not answered in time gets a 408.
//! It sits outside authentication, which reads the body to hash it, so slow bodies are cut off
//! too.

use std::time::Duration;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;

/// Answers 408 when the rest of the stack takes longer than `limit`.
pub async fn limit(State(limit): State<Duration>, req: Request, next: Next) -> Response {
    match tokio::time::timeout(limit, next.run(req)).await {
        Ok(resp) => resp,
        Err(_) => ApiError::RequestTimeout(format!(
            "The request was not completed within {} seconds",
            limit.as_secs()
        ))
        .into_response(),
    }
}
