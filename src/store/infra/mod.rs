//! Infrastructure of the store, apart from the rules: how it lays out memory (interned
//! strings, small maps keyed by them, timestamps kept as numbers), the bounded server-wide
//! logs, their NDJSON mirror and the thread that frees what they drop, the
//! per-scope books, the glob patterns, and numbered versions. Nothing here knows a Pinpoint
//! resource; the domains build on it.

pub mod glob;
pub mod intern;
pub mod ndjson;
pub mod reaper;
pub mod ring;
pub(super) mod scoped;
pub mod stamps;
pub mod vecmap;
pub mod versions;
