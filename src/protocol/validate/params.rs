//! The query parameters (and headers) an operation's input declares: required ones present, and
//! each value of the model's type.

use std::borrow::Cow;

use axum::http::HeaderMap;

use crate::error::ApiError;
use crate::protocol::shapes::{Input, Kind, Location, Param, SHAPES};

/// Checks the query parameters (and headers) the operation's input declares.
pub fn check_params(
    input: &Input,
    query: Option<&str>,
    headers: &HeaderMap,
) -> Result<(), ApiError> {
    for param in input.params {
        let mut present = false;
        match param.location {
            Location::Query => {
                for (name, value) in query_pairs(query.unwrap_or_default()) {
                    if name == param.wire {
                        present = true;
                        check_param(param, &value)?;
                    }
                }
            }
            Location::Header => {
                for value in headers.get_all(param.wire) {
                    present = true;
                    check_param(param, &String::from_utf8_lossy(value.as_bytes()))?;
                }
            }
        }
        if param.required && !present {
            let place = match param.location {
                Location::Query => "query parameter",
                Location::Header => "header",
            };
            return Err(ApiError::bad(format!(
                "Missing required {place} {}",
                param.wire
            )));
        }
    }
    Ok(())
}

/// The decoded `name=value` pairs of a query string.
pub fn query_pairs(query: &str) -> impl Iterator<Item = (Cow<'_, str>, Cow<'_, str>)> {
    let decode = |s: &str| -> String {
        let s = s.replace('+', " ");
        percent_encoding::percent_decode_str(&s)
            .decode_utf8_lossy()
            .into_owned()
    };
    query.split('&').filter(|p| !p.is_empty()).map(move |pair| {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let plain = |s: &str| !s.contains(['%', '+']);
        let name = if plain(name) {
            Cow::Borrowed(name)
        } else {
            Cow::Owned(decode(name))
        };
        let value = if plain(value) {
            Cow::Borrowed(value)
        } else {
            Cow::Owned(decode(value))
        };
        (name, value)
    })
}

/// One parameter value against its shape (a list parameter's values against its member shape).
fn check_param(param: &Param, value: &str) -> Result<(), ApiError> {
    let mut shape = param.shape;
    if let Kind::List(member) = SHAPES[usize::from(shape)].kind {
        shape = member;
    }
    let bad = |rule: String| {
        Err(ApiError::bad(format!(
            "Invalid {} {value:?}: must be {rule}",
            param.wire
        )))
    };
    match SHAPES[usize::from(shape)].kind {
        Kind::Boolean if !matches!(value, "true" | "false") => bad("true or false".into()),
        Kind::Integer | Kind::Long if value.parse::<i64>().is_err() => bad("a whole number".into()),
        Kind::Double if !value.parse::<f64>().is_ok_and(f64::is_finite) => bad("a number".into()),
        Kind::Enum(values) if !values.contains(&value) => {
            bad(format!("one of {}", values.join(", ")))
        }
        _ => Ok(()),
    }
}
