//! Extractors whose every rejection is a Pinpoint error: no framework default body reaches a
//! client. The JSON body is read with a hard size limit (413 above it), parsed whatever the
//! Content-Type (clients all send JSON), and type errors name the member that is wrong.

use axum::extract::{FromRequest, FromRequestParts, Path, Query, Request};
use axum::http::header::CONTENT_LENGTH;
use axum::http::request::Parts;
use http_body_util::{BodyExt, LengthLimitError, Limited};
use serde::de::DeserializeOwned;

use crate::error::ApiError;

/// The general request limit (docs/behaviour.md#body-size).
pub const MAX_BODY: usize = 7 * 1024 * 1024;
/// The PutEvents request limit (docs/behaviour.md#body-size).
pub const MAX_EVENTS_BODY: usize = 4 * 1024 * 1024;

/// A JSON payload of at most `LIMIT` bytes.
pub struct PinpointJson<T, const LIMIT: usize = MAX_BODY>(pub T);

fn too_large(limit: usize) -> ApiError {
    ApiError::PayloadTooLarge(format!(
        "Request body is larger than {} MB, the maximum for this operation",
        limit / (1024 * 1024)
    ))
}

/// The body limit of an operation (docs/behaviour.md#body-size).
pub fn body_limit(operation: &str) -> usize {
    if operation == "PutEvents" {
        MAX_EVENTS_BODY
    } else {
        MAX_BODY
    }
}

/// Reads a body of at most `limit` bytes.
pub async fn read_body(req: Request, limit: usize) -> Result<bytes_alias::Bytes, ApiError> {
    let (parts, body) = req.into_parts();
    read_body_of(&parts.headers, body, limit).await
}

/// Reads a body of at most `limit` bytes, given the request's headers.
pub async fn read_body_of(
    headers: &axum::http::HeaderMap,
    body: axum::body::Body,
    limit: usize,
) -> Result<bytes_alias::Bytes, ApiError> {
    let declared = headers
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(too_large(limit));
    }
    match Limited::new(body, limit).collect().await {
        Ok(c) => Ok(c.to_bytes()),
        Err(e) if e.downcast_ref::<LengthLimitError>().is_some() => Err(too_large(limit)),
        Err(e) => Err(ApiError::bad(format!(
            "Could not read the request body: {e}"
        ))),
    }
}

/// Parses a JSON payload, turning serde's complaint into a 400 that says what is wrong.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::bad(
            "The request body is empty: this operation needs a JSON object",
        ));
    }
    // Fast path: plain serde_json. Only a body that fails is parsed again, with path tracking,
    // to say which member is wrong.
    if let Ok(value) = serde_json::from_slice(bytes) {
        return Ok(value);
    }
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value: T = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        if path.is_empty() || path == "." {
            ApiError::bad(format!("Invalid request body: {inner}"))
        } else {
            ApiError::bad(format!("Invalid request body at {path}: {inner}"))
        }
    })?;
    // Anything after the JSON value (a second document, garbage) makes the body invalid.
    de.end()
        .map_err(|e| ApiError::bad(format!("Invalid request body: {e}")))?;
    Ok(value)
}

impl<S: Send + Sync, T: DeserializeOwned, const LIMIT: usize> FromRequest<S>
    for PinpointJson<T, LIMIT>
{
    type Rejection = ApiError;

    async fn from_request(req: Request, _state: &S) -> Result<Self, ApiError> {
        let bytes = read_body(req, LIMIT).await?;
        parse_json(&bytes).map(PinpointJson)
    }
}

/// Percent-decoded path labels.
pub struct Labels<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for Labels<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        Path::<T>::from_request_parts(parts, state)
            .await
            .map(|Path(v)| Labels(v))
            .map_err(|e| ApiError::bad(format!("Invalid path label: {}", e.body_text())))
    }
}

/// A query string whose parse errors are 400s.
pub struct PinpointQuery<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for PinpointQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        Query::<T>::from_request_parts(parts, state)
            .await
            .map(|Query(v)| PinpointQuery(v))
            .map_err(|e| ApiError::bad(format!("Invalid query string: {}", e.body_text())))
    }
}

mod bytes_alias {
    pub use axum::body::Bytes;
}
