//! The one handler shape's two ends: [`read_input`] turns a request into its operation's typed
//! input (labels, query and body together, checked against the model on the way), and
//! [`write_output`] turns a typed output into the response. The route table wraps every
//! operation's handler between them (`routes::operation`), so a handler only ever sees its typed
//! input and answers its typed output.

use axum::body::Body;
use axum::extract::{FromRequestParts, RawPathParams, Request};
use axum::http::header::CONTENT_TYPE;
use axum::http::HeaderValue;
use axum::response::Response;

use super::extract::{body_limit, parse_json, read_body_of};
use super::validate::{check_params, input_for, query_pairs, read_checked_sized};
use crate::error::ApiError;
use crate::wire::{OperationInput, OperationOutput, RequestParts};

/// A request as its operation's input. In order: a body over the operation's limit (413), the
/// query parameters against the model, the body checked against the model as it is parsed
/// ([`read_checked_sized`]: the answer of the model check, then of the parse, in one pass),
/// then a path label that is not UTF-8.
pub async fn read_input<I: OperationInput>(req: Request) -> Result<I, ApiError> {
    let (mut parts, body) = req.into_parts();
    let name = I::OPERATION.name();
    let model = input_for(I::OPERATION);
    let (body, body_len) = match model {
        // The body checked against the model while it is parsed: one pass over the bytes.
        Some(model) if I::HAS_BODY => read_checked_sized(model, &parts, body).await?,
        Some(model) => {
            check_params(model, parts.uri.query(), &parts.headers)?;
            (no_body()?, 0)
        }
        None if I::HAS_BODY => {
            let bytes = read_body_of(&parts.headers, body, body_limit(name)).await?;
            (parse_json(&bytes)?, bytes.len())
        }
        None => (no_body()?, 0),
    };
    // The router has already split and percent-decoded the labels: take them as they are,
    // without a second pass through a deserializer.
    let labels = RawPathParams::from_request_parts(&mut parts, &())
        .await
        .map_err(|e| ApiError::bad(format!("Invalid path label: {}", e.body_text())))?;
    let query = match parts.uri.query() {
        None | Some("") => Vec::new(),
        Some(q) => query_pairs(q)
            .map(|(n, v)| (n.into_owned(), v.into_owned()))
            .collect(),
    };
    let mut request = RequestParts {
        labels: labels.iter().map(|(n, v)| (n, v.to_owned())).collect(),
        query,
        body_len,
    };
    Ok(I::assemble(&mut request, body))
}

/// The body of an operation that has none: `()`, read from a unit value rather than parsed.
fn no_body<T: serde::de::DeserializeOwned>() -> Result<T, ApiError> {
    use serde::de::value::{Error, UnitDeserializer};
    T::deserialize(UnitDeserializer::<Error>::new())
        .map_err(|e| ApiError::Internal(format!("an operation without a body: {e}")))
}

/// A typed output as the response: its body as JSON, or no body. The status is the handler's
/// 200, which the operation's guard turns into the operation's success code.
pub fn write_output<O: OperationOutput>(output: O) -> Result<Response, ApiError> {
    let written = output
        .into_bytes()
        .map_err(|e| ApiError::Internal(format!("serializing a response: {e}")))?;
    let Some(bytes) = written else {
        return Ok(Response::new(Body::empty()));
    };
    let mut resp = Response::new(Body::from(bytes));
    resp.headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    Ok(resp)
}
