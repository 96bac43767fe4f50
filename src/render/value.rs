//! What every helper file needs: a helper's resolved arguments ([`Args`]) and how a value reads
//! as text ([`text`], [`number`]). [`super::text`] re-exports [`text`] next to the other ways a
//! value reads (number, truth, order).

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde_json::Value;

/// A helper's resolved arguments.
pub struct Args<'a> {
    pub params: Vec<Cow<'a, Value>>,
    pub hash: BTreeMap<&'a str, Cow<'a, Value>>,
}

impl Args<'_> {
    /// Positional argument `i`, `Null` when absent.
    pub fn param(&self, i: usize) -> &Value {
        self.params.get(i).map_or(&Value::Null, |v| v)
    }

    /// A hash argument as text, if given.
    pub fn hash_text(&self, key: &str) -> Option<String> {
        self.hash.get(key).map(|v| text(v))
    }
}

/// A value as text: a one-element list is its element, a longer list its elements joined
/// with `", "`; whole numbers have no decimal point.
pub fn text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => match n.as_f64() {
            Some(f) if n.is_f64() => number(f),
            _ => n.to_string(),
        },
        Value::Array(items) => items.iter().map(text).collect::<Vec<_>>().join(", "),
        Value::Object(_) => v.to_string(),
    }
}

/// A number as text: whole numbers without a decimal point.
pub fn number(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}
