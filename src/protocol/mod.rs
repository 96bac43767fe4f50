//! rest-json plumbing shared by every route: one hand-written layer, [`front`], for the request id
//! ([`request_id`]), CORS, authentication and scope ([`context`], [`auth`]), the request timeout
//! and the access log; then extractors whose rejections are Pinpoint errors
//! ([`extract`]), the check of each request against the model ([`validate`], from the generated
//! [`shapes`]) and the fallbacks for unknown paths and methods ([`fallback`]). The model's
//! operations are the generated [`catalog`], with [`operations`] answering questions about them.
//! Error bodies are rendered in one place, [`crate::error`].

pub mod around;
pub mod auth;
pub mod catalog;
pub mod context;
pub mod extract;
pub mod fallback;
pub mod front;
pub mod operation;
pub mod operations;
pub mod request_id;
pub mod shapes;
pub mod validate;

pub use context::Ctx;
pub use extract::{Labels, PinpointJson, PinpointQuery};

/// The request-id header every response carries.
pub const REQUEST_ID_HEADER: &str = "x-amzn-RequestId";
