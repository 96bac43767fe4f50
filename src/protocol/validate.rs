//! Model-driven request validation (docs/behaviour.md#model-validation): before an operation's
//! handler runs, its query parameters and JSON body are checked against the request shapes of the
//! committed model ([`super::shapes`], generated from it): required members, JSON types, enum
//! values, and the shapes of lists and maps. Unknown members are ignored and `null` counts as
//! absent, as everywhere else.
//!
//! The body is walked once as it is parsed (`walk::Walk`, a `DeserializeSeed` over the bytes) and
//! nothing is built: a valid body costs one pass of the parser and no allocation. A violation is
//! recorded where it is found and its path is assembled on the way out, so only a refused request
//! pays for the message. A body that is not JSON at all is left to the handler, which reports the
//! syntax error as it always has; so is an empty body (each handler has its own answer to one).
//!
//! Every typed handler has both in one pass: [`parse_checked`] (and [`read_checked_sized`],
//! which also reads the body and checks the parameters) checks the model while serde builds the
//! handler's input (`one` and its `fields` and `key`), with the same answer as the walk followed
//! by the parse for every body.

mod one;
mod params;
mod walk;

use axum::body::Body;
use axum::http::request::Parts;
use serde::de::{DeserializeOwned, DeserializeSeed, IgnoredAny};

pub use self::params::{check_params, query_pairs};
use self::walk::Walk;
use super::extract::{body_limit, parse_json, read_body_of};
use super::shapes::Input;
use crate::error::ApiError;
use crate::wire::Operation;

/// The model's input of an operation, found at the operation's place in [`Operation::ALL`]:
/// the generated list of inputs is in the same name order (the test
/// `inputs_are_in_the_operations_order` keeps it so), and a name that does not match falls back
/// to the search by name.
pub fn input_for(op: Operation) -> Option<&'static Input> {
    super::shapes::INPUTS
        .get(op as usize)
        .filter(|i| i.operation == op.name())
        .or_else(|| input_of(op.name()))
}

/// The model's input of an operation.
pub fn input_of(operation: &str) -> Option<&'static Input> {
    super::shapes::INPUTS
        .binary_search_by(|i| i.operation.cmp(operation))
        .ok()
        .map(|i| &super::shapes::INPUTS[i])
}

/// Checks a request body against the operation's body shape. Empty bodies and bodies that are not
/// JSON pass: the handler answers them as it always has.
pub fn check_body(input: &Input, body: &[u8]) -> Result<(), ApiError> {
    let Some(root) = input.body else {
        return Ok(());
    };
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(());
    }
    let mut failure = None;
    let mut de = serde_json::Deserializer::from_slice(body);
    let walked = Walk::root(root, &mut failure)
        .deserialize(&mut de)
        .and_then(|_| de.end());
    match (walked, failure) {
        (Ok(()), _) | (Err(_), None) => Ok(()),
        // A syntax error anywhere comes before what the model says.
        (Err(_), Some(_)) if serde_json::from_slice::<IgnoredAny>(body).is_err() => Ok(()),
        (Err(_), Some(f)) => Err(ApiError::bad(f.message(root))),
    }
}

/// A request body checked against the operation's body shape and parsed into `T`, in one pass.
///
/// The answer is exactly `check_body(input, bytes).and_then(|()| parse_json::<T>(bytes))` for
/// every byte string: the same value, or the same error with the same message. A body that
/// passes is read once (the model check runs while serde builds `T`); any body the one pass
/// refuses or cannot follow is answered by those two steps, which compose the message. An empty
/// or whitespace-only body gets `parse_json`'s "The request body is empty" error: a caller for
/// which an empty body means something else decides that before calling this.
pub fn parse_checked<T: DeserializeOwned>(
    input: &'static Input,
    bytes: &[u8],
) -> Result<T, ApiError> {
    let Some(root) = input.body else {
        return parse_json(bytes);
    };
    if !bytes.iter().all(u8::is_ascii_whitespace) {
        if let Ok(value) = one::parse(root, bytes) {
            return Ok(value);
        }
    }
    check_body(input, bytes).and_then(|()| parse_json(bytes))
}

/// Reads, checks and parses the body of a request to a typed handler
/// (`protocol::operation::read_input`), with the body read only once by the parser:
///
/// 1. the body is read with the operation's limit ([`body_limit`]): a 413 `PayloadTooLarge`
///    (declared `Content-Length` or actual size) comes first, a body that cannot be read is a 400;
/// 2. the query parameters and headers the model declares ([`check_params`]): 400 on a missing
///    required one or a value of the wrong type;
/// 3. the body, with [`parse_checked`]: the model check and the parse into `T` in one pass, with
///    exactly the answer of `check_body` then `parse_json` (same value, same 400 and message).
///
/// An empty or whitespace-only body is `parse_json`'s 400 "The request body is empty", as with
/// `PinpointJson` today; a handler that gives an empty body another meaning reads the body itself
/// ([`read_body_of`]) and calls [`parse_checked`] only for a non-empty one. For an operation whose
/// model input has no body, the body is still read (same limit) and parsed into `T`, unchecked.
pub async fn read_checked_sized<T: DeserializeOwned>(
    input: &'static Input,
    parts: &Parts,
    body: Body,
) -> Result<(T, usize), ApiError> {
    let bytes = read_body_of(&parts.headers, body, body_limit(input.operation)).await?;
    check_params(input, parts.uri.query(), &parts.headers)?;
    parse_checked(input, &bytes).map(|value| (value, bytes.len()))
}

#[cfg(test)]
mod one_gen;
#[cfg(test)]
mod one_tests;
#[cfg(test)]
mod tests;
