//! rest-json plumbing shared by every route: the per-request context (request id, account and
//! region), extractors whose rejections are Pinpoint errors, and the fallbacks for unknown paths
//! and methods.

pub mod auth;
pub mod context;
pub mod extract;
pub mod fallback;
pub mod request_id;

pub use context::Ctx;
pub use extract::{Labels, PinpointJson, PinpointQuery};

/// The request-id header every response carries.
pub const REQUEST_ID_HEADER: &str = "x-amzn-RequestId";
