//! The one handler shape's two ends: [`read_input`] turns a request into its operation's typed
//! input (labels, query and body together, checked against the model on the way), and
//! [`write_output`] turns a typed output into the response. The route table wraps every
//! operation's handler between them (`routes::operation`), so a handler only ever sees its typed
//! input and answers its typed output.

use axum::body::Body;
use axum::extract::{FromRequestParts, Path, Request};
use axum::http::header::CONTENT_TYPE;
use axum::http::HeaderValue;
use axum::response::Response;

use super::extract::{body_limit, parse_json, read_body_of};
use super::validate::{check_body, check_params, input_of, query_pairs};
use crate::error::ApiError;
use crate::wire::{to_body, OperationInput, OperationOutput, RequestParts};

/// A request as its operation's input. In order, as the answers have always come: a body over
/// the operation's limit (413), the query parameters against the model, the body against the
/// model, a path label that is not UTF-8, then the body's own parse.
pub async fn read_input<I: OperationInput>(req: Request) -> Result<I, ApiError> {
    let (mut parts, body) = req.into_parts();
    let name = I::OPERATION.name();
    let model = input_of(name);
    let bytes = if I::HAS_BODY {
        Some(read_body_of(&parts.headers, body, body_limit(name)).await?)
    } else {
        None
    };
    if let Some(model) = model {
        check_params(model, parts.uri.query(), &parts.headers)?;
        if let Some(bytes) = &bytes {
            check_body(model, bytes)?;
        }
    }
    let labels = Path::<Vec<(String, String)>>::from_request_parts(&mut parts, &())
        .await
        .map_err(|e| ApiError::bad(format!("Invalid path label: {}", e.body_text())))?;
    let mut request = RequestParts {
        labels: labels.0,
        query: query_pairs(parts.uri.query().unwrap_or_default())
            .map(|(n, v)| (n.into_owned(), v.into_owned()))
            .collect(),
    };
    let body = match &bytes {
        Some(bytes) => parse_json(bytes)?,
        None => serde_json::from_slice(b"null")
            .map_err(|e| ApiError::Internal(format!("an operation without a body: {e}")))?,
    };
    Ok(I::assemble(&mut request, body))
}

/// A typed output as the response: its body as JSON, or no body. The status is the handler's
/// 200, which the operation's guard turns into the operation's success code.
pub fn write_output<O: OperationOutput>(output: O) -> Result<Response, ApiError> {
    let Some(body) = output.into_body() else {
        return Ok(Response::new(Body::empty()));
    };
    let bytes =
        to_body(&body).map_err(|e| ApiError::Internal(format!("serializing a response: {e}")))?;
    let mut resp = Response::new(Body::from(bytes));
    resp.headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    Ok(resp)
}
