//! What the route table, the fallback and the fault rules ask of the model's operations beyond
//! the generated [`super::catalog`]: whether a name is an operation, and which paths also
//! answer with a trailing slash.

use super::catalog::{OperationSpec, OPERATIONS};

/// Whether `name` is an operation of the model (a fault rule's `Operation`).
pub fn is_operation(name: &str) -> bool {
    OPERATIONS.iter().any(|o| o.name == name)
}

/// Operations whose path also answers with a trailing slash, because AWS documents it that way:
/// the developer guide's PhoneNumberValidate example posts to `/v1/phone/number/validate/`
/// (docs/behaviour.md#phone-number-path).
pub const TRAILING_SLASH: &[&str] = &["PhoneNumberValidate"];

/// Whether `path` names an operation's path with a documented trailing slash.
pub fn is_trailing_slash_of(op: &OperationSpec, path: &str) -> bool {
    TRAILING_SLASH.contains(&op.name) && path.strip_suffix('/') == Some(op.uri)
}
