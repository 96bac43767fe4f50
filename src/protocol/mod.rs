//! rest-json plumbing shared by every route, as few layers as the order allows, outside in:
//! [`request_id`] (the id, its header and the request timeout), CORS, authentication, scope and
//! the access log ([`context`]); then extractors whose rejections are Pinpoint errors
//! ([`extract`]), the check of each request against the model ([`validate`], from the generated
//! [`shapes`]) and the fallbacks for unknown paths and methods ([`fallback`]). Error bodies are
//! rendered in one place, [`crate::error`].

pub mod auth;
pub mod context;
pub mod extract;
pub mod fallback;
pub mod request_id;
pub mod shapes;
pub mod validate;

pub use context::Ctx;
pub use extract::{Labels, PinpointJson, PinpointQuery, SizedJson};

/// The request-id header every response carries.
pub const REQUEST_ID_HEADER: &str = "x-amzn-RequestId";
