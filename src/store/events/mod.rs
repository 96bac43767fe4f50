//! Events: PutEvents, the server-wide recorded-events log tests read events back from, the
//! events the emulator records itself (deliveries, engagement) and the per-app event stream
//! setting.

mod quotas;
pub mod recorded;
pub mod service;
pub mod stream;
