//! Wire types: every shape of the Pinpoint model as a Rust type that reads and writes its JSON,
//! generated from the committed model ([`model`]) and kept apart from the store's domain types.
//! A test (`tests/it/wire_model.rs`) regenerates the file and fails when it differs; another
//! (`tests/it/wire_golden.rs`) reads every golden wire file's bodies through these types.

#[rustfmt::skip]
pub mod model;
