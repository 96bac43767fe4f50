//! The operations on the wire: every operation of the model as one enum with its input and
//! output ([`operations`], generated from the committed model like the shapes in
//! [`crate::model`]). A test (`tests/it/wire_model.rs`) regenerates both files and fails when
//! they differ; another (`tests/it/wire_golden.rs`) reads every golden wire file's bodies
//! through the shapes.
//!
//! An operation's input (`UpdateEndpointRequest`, ...) holds its path labels, query parameters
//! and body together: [`OperationInput::assemble`] puts it together from the request's
//! [`RequestParts`] and its parsed body. Its output (`UpdateEndpointResponse`, ...) gives the
//! response body with [`OperationOutput::into_body`], written by [`to_body`]
//! ([`OperationOutput::into_bytes`]; the two hand-written GET answers hand over bytes they wrote
//! under the store's lock).

#[rustfmt::skip]
pub mod operations;

use serde::de::DeserializeOwned;
use serde::Serialize;

pub use operations::Operation;

/// An operation's input, put together from the request.
pub trait OperationInput: Sized + Send + 'static {
    /// The operation this is the input of.
    const OPERATION: Operation;
    /// The body's type: the model's payload shape, `()` for an operation without a body.
    type Body: DeserializeOwned + Send;
    /// Whether the request has a body (the model gives its input a payload).
    const HAS_BODY: bool;
    /// The input from the request's labels and query, and its parsed body.
    fn assemble(parts: &mut RequestParts, body: Self::Body) -> Self;
}

/// An operation's output, taken apart into its response body.
pub trait OperationOutput: Send + 'static {
    /// The body's type: the model's payload shape, `()` when the answer has no body.
    type Body: Serialize;
    /// The response body, if the answer has one.
    fn into_body(self) -> Option<Self::Body>;
    /// The response body written, if the answer has one: [`Self::into_body`] through
    /// [`to_body`]. A hand-written hot-path output that wrote its body while the store's lock
    /// was held hands those bytes over as they are, without a second copy.
    fn into_bytes(self) -> serde_json::Result<Option<Vec<u8>>>
    where
        Self: Sized,
    {
        self.into_body().map(|b| to_body(&b)).transpose()
    }
}

/// TagResource and UntagResource have no output: their answer is an empty body.
impl OperationOutput for () {
    type Body = ();
    fn into_body(self) -> Option<()> {
        None
    }
}

/// A request's path labels and query parameters, percent-decoded, as the model names them.
#[derive(Debug, Default, Clone)]
pub struct RequestParts<'a> {
    /// By name: the names borrowed from the route, the values taken by [`Self::label`].
    pub labels: Vec<(&'a str, String)>,
    pub query: Vec<(String, String)>,
    /// The body's size in bytes (PutEvents measures parts of a body against it).
    pub body_len: usize,
}

impl RequestParts<'_> {
    /// A path label (the route always has it: a missing one is an empty string).
    pub fn label(&mut self, name: &str) -> String {
        self.labels
            .iter_mut()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| std::mem::take(v))
            .unwrap_or_default()
    }

    /// A query parameter: its last value, as a repeated form field is read.
    pub fn query(&self, name: &str) -> Option<String> {
        self.values(name).last().map(str::to_string)
    }

    /// A boolean query parameter (the model check has refused anything but `true`/`false`).
    pub fn query_bool(&self, name: &str) -> Option<bool> {
        self.values(name).last().map(|v| v == "true")
    }

    /// A list query parameter: every value, in order.
    pub fn query_list(&self, name: &str) -> Option<Vec<String>> {
        let all: Vec<String> = self.values(name).map(str::to_string).collect();
        (!all.is_empty()).then_some(all)
    }

    fn values<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.query
            .iter()
            .filter(move |(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A response body as the emulator writes JSON: a double with no fraction as a whole number
/// (`2`, not `2.0`), so a number reads back as the client wrote it.
pub fn to_body<T: Serialize>(value: &T) -> serde_json::Result<Vec<u8>> {
    let mut bytes = Vec::with_capacity(1024);
    let mut ser = serde_json::Serializer::with_formatter(&mut bytes, WholeNumbers);
    value.serialize(&mut ser)?;
    Ok(bytes)
}

/// serde_json's compact format, but whole doubles without `.0`.
struct WholeNumbers;

impl serde_json::ser::Formatter for WholeNumbers {
    fn write_f64<W: ?Sized + std::io::Write>(&mut self, w: &mut W, v: f64) -> std::io::Result<()> {
        // 2^53: beyond it not every whole number is a double.
        if v.fract() == 0.0 && v.abs() < 9_007_199_254_740_992.0 {
            write!(w, "{}", v as i64)
        } else {
            serde_json::ser::CompactFormatter.write_f64(w, v)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_doubles_are_written_as_whole_numbers() {
        let v = serde_json::json!({"a": 2.0, "b": 2.5, "c": -0.0, "d": 1e300, "e": 7});
        let text = String::from_utf8(to_body(&v).unwrap()).unwrap();
        assert_eq!(text, r#"{"a":2,"b":2.5,"c":0,"d":1e+300,"e":7}"#);
    }

    #[test]
    fn labels_are_taken_and_query_parameters_read_by_their_wire_names() {
        let mut p = RequestParts {
            labels: vec![("application-id", "a1".into())],
            query: vec![
                ("tagKeys".into(), "x".into()),
                ("tagKeys".into(), "y".into()),
                ("create-new-version".into(), "true".into()),
                ("page-size".into(), "5".into()),
            ],
            body_len: 0,
        };
        assert_eq!(p.label("application-id"), "a1");
        assert_eq!(p.label("segment-id"), "");
        assert_eq!(p.query("page-size").as_deref(), Some("5"));
        assert_eq!(p.query("token"), None);
        assert_eq!(p.query_bool("create-new-version"), Some(true));
        assert_eq!(p.query_list("tagKeys").unwrap(), ["x", "y"]);
    }
}
