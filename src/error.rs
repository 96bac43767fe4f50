//! The one error enum of the emulator and its mapping to Pinpoint's rest-json error format.
//!
//! Every failure a client can see is an [`ApiError`]. Its status and `x-amzn-ErrorType` are decided
//! in [`ApiError::wire`]; the body `{"Message":…,"RequestID":…}` is rendered by the request-id
//! middleware ([`crate::protocol::request_id`]), which is the only place that knows the request id.
//! SDKs take the error code from the `x-amzn-ErrorType` header first, so the header is always set
//! and the body carries no `code`/`__type` (the real service sends neither).

use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

/// A client-visible failure, one variant per modelled Pinpoint exception (plus the two we add).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ApiError {
    /// 400: the request is malformed or breaks a rule.
    #[error("{0}")]
    BadRequest(String),
    /// 403: authentication is on and the request is not allowed.
    #[error("{0}")]
    Forbidden(String),
    /// 403 from the authentication front door (`--auth-credentials`): `code` is the AWS error
    /// name and the body uses AWS's lowercase `message`.
    #[error("{message}")]
    AccessDenied { code: &'static str, message: String },
    /// 404: the app, endpoint, user or route does not exist.
    #[error("{0}")]
    NotFound(String),
    /// 405: a known path called with a method it does not have.
    #[error("{0}")]
    MethodNotAllowed(String),
    /// 408: the client took too long to send its request.
    #[error("{0}")]
    RequestTimeout(String),
    /// 413: the body is larger than the operation accepts.
    #[error("{0}")]
    PayloadTooLarge(String),
    /// 501: a Pinpoint operation the emulator does not serve (D17).
    #[error("{0}")]
    NotImplemented(String),
    /// 500: a defect in the emulator. The text is logged, never sent.
    #[error("{0}")]
    Internal(String),
}

/// The text of every 404 for a missing resource (D4).
pub const RESOURCE_NOT_FOUND: &str = "Resource not found";

/// Put into a response's extensions so the request-id middleware can render the error body.
#[derive(Debug, Clone)]
pub struct ErrorBody {
    pub message: String,
    /// AWS's front-door format `{"message":…}` instead of Pinpoint's `{"Message","RequestID"}`.
    pub front_door: bool,
}

/// Header naming the modelled exception; SDKs read it first.
pub const ERROR_TYPE_HEADER: &str = "x-amzn-ErrorType";

impl ApiError {
    /// Shorthand for the standard 404.
    pub fn not_found() -> Self {
        Self::NotFound(RESOURCE_NOT_FOUND.to_string())
    }

    /// Shorthand for a 400 with a formatted message.
    pub fn bad(msg: impl Into<String>) -> Self {
        Self::BadRequest(msg.into())
    }

    /// The HTTP status and the exception name sent in `x-amzn-ErrorType`.
    pub fn wire(&self) -> (StatusCode, &'static str) {
        match self {
            Self::BadRequest(_) => (StatusCode::BAD_REQUEST, "BadRequestException"),
            Self::Forbidden(_) => (StatusCode::FORBIDDEN, "ForbiddenException"),
            Self::AccessDenied { code, .. } => (StatusCode::FORBIDDEN, code),
            Self::NotFound(_) => (StatusCode::NOT_FOUND, "NotFoundException"),
            Self::MethodNotAllowed(_) => {
                (StatusCode::METHOD_NOT_ALLOWED, "MethodNotAllowedException")
            }
            Self::RequestTimeout(_) => (StatusCode::REQUEST_TIMEOUT, "RequestTimeoutException"),
            Self::PayloadTooLarge(_) => (StatusCode::PAYLOAD_TOO_LARGE, "PayloadTooLargeException"),
            Self::NotImplemented(_) => (StatusCode::NOT_IMPLEMENTED, "NotImplementedException"),
            Self::Internal(_) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "InternalServerErrorException",
            ),
        }
    }

    /// The message a client sees. Internal details stay in the log.
    pub fn client_message(&self) -> String {
        match self {
            Self::Internal(_) => "Internal server error".to_string(),
            other => other.to_string(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, name) = self.wire();
        if let Self::Internal(detail) = &self {
            tracing::error!(%detail, "internal error");
        }
        let mut resp = status.into_response();
        resp.headers_mut()
            .insert(ERROR_TYPE_HEADER, HeaderValue::from_static(name));
        let front_door = matches!(self, Self::AccessDenied { .. });
        resp.extensions_mut().insert(ErrorBody {
            message: self.client_message(),
            front_door,
        });
        resp
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_variant_maps_to_its_modelled_name_and_status() {
        let cases = [
            (ApiError::bad("x"), 400, "BadRequestException"),
            (ApiError::Forbidden("x".into()), 403, "ForbiddenException"),
            (
                ApiError::AccessDenied {
                    code: "InvalidSignatureException",
                    message: "x".into(),
                },
                403,
                "InvalidSignatureException",
            ),
            (ApiError::not_found(), 404, "NotFoundException"),
            (
                ApiError::MethodNotAllowed("x".into()),
                405,
                "MethodNotAllowedException",
            ),
            (
                ApiError::PayloadTooLarge("x".into()),
                413,
                "PayloadTooLargeException",
            ),
            (
                ApiError::NotImplemented("x".into()),
                501,
                "NotImplementedException",
            ),
            (
                ApiError::Internal("x".into()),
                500,
                "InternalServerErrorException",
            ),
        ];
        for (err, code, name) in cases {
            assert_eq!(err.wire(), (StatusCode::from_u16(code).unwrap(), name));
        }
    }

    #[test]
    fn internal_details_are_not_sent() {
        let err = ApiError::Internal("lock poisoned at store.rs:12".into());
        assert_eq!(err.client_message(), "Internal server error");
    }
}
