//! The one error enum of the emulator and its mapping to Pinpoint's rest-json error format.
//!
//! Every failure a client can see is an [`ApiError`], and [`IntoResponse`] renders it whole, here
//! and nowhere else: the status and `x-amzn-ErrorType` from [`ApiError::wire`], and the body in
//! the [`ErrorFormat`] the variant calls for, with the request id of the request being answered
//! ([`crate::protocol::request_id::current`]). The store's own errors ([`StoreError`]) become
//! `ApiError`s in one `From` impl. SDKs take the error code from the `x-amzn-ErrorType` header
//! first, so the header is always set and the body carries no `code`/`__type` (the real service
//! sends neither).

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::paging::PageError;
use crate::store::StoreError;

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
    /// 409: the request conflicts with the resource's current state.
    #[error("{0}")]
    Conflict(String),
    /// 405: a known path called with a method it does not have.
    #[error("{0}")]
    MethodNotAllowed(String),
    /// 408: the client took too long to send its request.
    #[error("{0}")]
    RequestTimeout(String),
    /// 413: the body is larger than the operation accepts.
    #[error("{0}")]
    PayloadTooLarge(String),
    /// 501: a Pinpoint operation the emulator does not serve.
    #[error("{0}")]
    NotImplemented(String),
    /// A status and exception forced by a fault rule (docs/behaviour.md#faults).
    #[error("{message}")]
    Injected {
        status: u16,
        kind: &'static str,
        message: String,
    },
    /// 500: a defect in the emulator. The text is logged, never sent.
    #[error("{0}")]
    Internal(String),
}

/// The text of every 404 for a missing resource (docs/behaviour.md#not-found-text).
pub const RESOURCE_NOT_FOUND: &str = "Resource not found";

/// The text of a 404 for an app that does not exist (docs/behaviour.md#app-not-found-text).
pub const APPLICATION_NOT_FOUND: &str = "Application not found";

/// The two error bodies a client can get.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorFormat {
    /// Pinpoint's `{"Message":…,"RequestID":…}`.
    Pinpoint,
    /// AWS's front door (authentication failures): `{"message":…}`.
    FrontDoor,
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
            Self::Conflict(_) => (StatusCode::CONFLICT, "ConflictException"),
            Self::MethodNotAllowed(_) => {
                (StatusCode::METHOD_NOT_ALLOWED, "MethodNotAllowedException")
            }
            Self::RequestTimeout(_) => (StatusCode::REQUEST_TIMEOUT, "RequestTimeoutException"),
            Self::PayloadTooLarge(_) => (StatusCode::PAYLOAD_TOO_LARGE, "PayloadTooLargeException"),
            Self::NotImplemented(_) => (StatusCode::NOT_IMPLEMENTED, "NotImplementedException"),
            Self::Injected { status, kind, .. } => (
                StatusCode::from_u16(*status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
                kind,
            ),
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

    /// The body format this error is sent in.
    pub fn format(&self) -> ErrorFormat {
        match self {
            Self::AccessDenied { .. } => ErrorFormat::FrontDoor,
            _ => ErrorFormat::Pinpoint,
        }
    }

    /// The response body, for the request `request_id`.
    pub fn body(&self, request_id: &str) -> String {
        let message = self.client_message();
        let body = match self.format() {
            ErrorFormat::Pinpoint => {
                serde_json::json!({ "Message": message, "RequestID": request_id })
            }
            ErrorFormat::FrontDoor => serde_json::json!({ "message": message }),
        };
        body.to_string()
    }
}

/// A bad `page-size` or `token` is a 400 with the paging module's message.
impl From<PageError> for ApiError {
    fn from(e: PageError) -> Self {
        Self::BadRequest(e.0)
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e.root() {
            StoreError::NotFound => Self::not_found(),
            StoreError::AppNotFound => Self::NotFound(APPLICATION_NOT_FOUND.to_string()),
            StoreError::Missing(_) => Self::NotFound(e.to_string()),
            StoreError::Conflict(_) => Self::Conflict(e.to_string()),
            StoreError::Invalid(_) | StoreError::LimitExceeded(_) | StoreError::Item { .. } => {
                Self::BadRequest(e.to_string())
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, name) = self.wire();
        if let Self::Internal(detail) = &self {
            tracing::error!(%detail, "internal error");
        }
        let body = crate::protocol::request_id::current(|id| self.body(id));
        let mut resp = (status, body).into_response();
        let headers = resp.headers_mut();
        headers.insert(ERROR_TYPE_HEADER, HeaderValue::from_static(name));
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
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
            (ApiError::Conflict("x".into()), 409, "ConflictException"),
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
    fn store_errors_map_to_their_exceptions() {
        let cases = [
            (StoreError::NotFound, 404),
            (StoreError::AppNotFound, 404),
            (StoreError::invalid("x"), 400),
            (StoreError::limit("x"), 400),
            (StoreError::Conflict("x".into()), 409),
            (StoreError::NotFound.in_item(3, "e"), 404),
            (StoreError::invalid("Missing Address").in_item(3, "e"), 400),
        ];
        for (store, code) in cases {
            assert_eq!(ApiError::from(store).wire().0.as_u16(), code);
        }
        assert_eq!(
            ApiError::from(StoreError::AppNotFound).to_string(),
            "Application not found"
        );
        let item = ApiError::from(StoreError::invalid("Missing Address").in_item(3, "e"));
        assert!(item.to_string().starts_with("Missing Address; item 3"));
    }

    #[test]
    fn bodies_carry_the_message_and_the_request_id() {
        assert_eq!(
            ApiError::not_found().body("r-1"),
            r#"{"Message":"Resource not found","RequestID":"r-1"}"#
        );
        let denied = ApiError::AccessDenied {
            code: "UnrecognizedClientException",
            message: "no".into(),
        };
        assert_eq!(denied.body("r-1"), r#"{"message":"no"}"#);
    }

    #[test]
    fn internal_details_are_not_sent() {
        let err = ApiError::Internal("lock poisoned at store.rs:12".into());
        assert_eq!(err.client_message(), "Internal server error");
    }
}
