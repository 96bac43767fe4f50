//! Events: PutEvents and the server-wide recorded-events log tests read events back from, and
//! the per-app event stream setting.

pub mod recorded;
pub mod service;
pub mod stream;
