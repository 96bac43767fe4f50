//! The wire types (`src/model.rs`) are generated from the committed Pinpoint model, here:
//! this test writes the file from `fixtures/model/pinpoint-service-2.json` and fails when the
//! committed one differs. `UPDATE_WIRE_MODEL=1 cargo test --test it wire_model` rewrites it.
//!
//! Every shape becomes one Rust type: a structure a struct of `Option` members (serde names them
//! as the model spells them, in the model's order, and leaves out what is `None`), a string with
//! values an enum, a list a `Vec`, a map a `BTreeMap` (JSON objects sort their keys) — or, for
//! the maps in [`ORDERED`] whose order means something, an `Ordered` (src/model/ordered.rs: the
//! pairs in the order they were read, written back in that order) — and the model's
//! documentation becomes rustdoc. A member that would make a structure contain itself is
//! boxed.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use serde_json::Value;

mod operations;
mod table;
mod text;
mod whole;

use text::{doc, field_name, plain, type_name, variant_name};
use whole::WHOLE;

const MODEL: &str = "fixtures/model/pinpoint-service-2.json";
const OUT: &str = "src/model.rs";
/// The table the golden-file test reads bodies through.
const TABLE: &str = "tests/it/wire_table.rs";
/// The operations: one enum, and each one's input and output.
const OPERATIONS: &str = "src/wire/operations.rs";

/// The structures that refuse a member the model does not name (every other structure ignores
/// one): a DirectMessageConfiguration with a channel message the model does not know
/// (`FaxMessage`) is a malformed send, not a message with nothing in it for any channel.
const CLOSED: &[&str] = &["DirectMessageConfiguration"];

/// The map shapes whose order means something, read and written as `Ordered`: recipients are
/// taken in request order (a repeated address is the later one's DUPLICATE) and answered in that
/// order; PutEvents processes and answers its batch items and events in request order.
const ORDERED: &[&str] = &[
    "MapOfAddressConfiguration",
    "MapOfEndpointSendConfiguration",
    "MapOfMessageResult",
    "MapOfEndpointMessageResult",
    "MapOfMapOfEndpointMessageResult",
    "MapOfEventsBatch",
    "MapOfEvent",
    "MapOfItemResponse",
    "MapOfEventItemResponse",
];

pub(crate) fn model() -> Value {
    let root = env!("CARGO_MANIFEST_DIR");
    let text = std::fs::read_to_string(format!("{root}/{MODEL}")).unwrap();
    serde_json::from_str(&text).unwrap()
}

struct Gen<'a> {
    shapes: &'a serde_json::Map<String, Value>,
}

impl Gen<'_> {
    fn shape(&self, name: &str) -> &Value {
        &self.shapes[name]
    }

    /// The Rust type a reference to `name` is written as.
    fn rust_type(&self, name: &str) -> String {
        let s = self.shape(name);
        match s["type"].as_str().unwrap() {
            "string" if s.get("enum").is_some() => type_name(name),
            "string" | "blob" => "String".into(),
            "timestamp" if s["timestampFormat"] == "unixTimestamp" => "f64".into(),
            "timestamp" => "String".into(),
            "boolean" => "bool".into(),
            "integer" => "i32".into(),
            "long" => "i64".into(),
            "double" | "float" => "f64".into(),
            "list" => format!(
                "Vec<{}>",
                self.rust_type(s["member"]["shape"].as_str().unwrap())
            ),
            "map" => format!(
                "{}<{}{}>",
                if ORDERED.contains(&name) {
                    "Ordered"
                } else {
                    "BTreeMap"
                },
                if ORDERED.contains(&name) {
                    ""
                } else {
                    "String, "
                },
                self.rust_type(s["value"]["shape"].as_str().unwrap())
            ),
            "structure" => type_name(name),
            other => panic!("shape {name} has an unknown type {other}"),
        }
    }

    /// The structures `name` holds directly (not through a list or map).
    fn direct(&self, name: &str) -> Vec<&str> {
        let s = self.shape(name);
        s["members"]
            .as_object()
            .map(|ms| {
                ms.values()
                    .map(|m| m["shape"].as_str().unwrap())
                    .filter(|t| self.shape(t)["type"] == "structure")
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Whether `from` holds `to` directly, through any number of structures.
    fn holds(&self, from: &str, to: &str, seen: &mut BTreeSet<String>) -> bool {
        if from == to {
            return true;
        }
        if !seen.insert(from.to_string()) {
            return false;
        }
        self.direct(from)
            .into_iter()
            .any(|d| self.holds(d, to, seen))
    }

    fn structure(&self, out: &mut String, name: &str, s: &Value, io: bool) {
        let required: BTreeSet<&str> = s["required"]
            .as_array()
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        doc(out, "", &plain(s["documentation"].as_str().unwrap_or("")));
        writeln!(
            out,
            "#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]"
        )
        .unwrap();
        if CLOSED.contains(&name) {
            writeln!(out, "#[serde(deny_unknown_fields)]").unwrap();
        }
        writeln!(out, "pub struct {} {{", type_name(name)).unwrap();
        for (member, m) in s["members"].as_object().unwrap() {
            let target = m["shape"].as_str().unwrap();
            let mut text = plain(m["documentation"].as_str().unwrap_or(""));
            let mut notes = Vec::new();
            if required.contains(member.as_str()) {
                notes.push("Required.".to_string());
            }
            match (m["location"].as_str(), m["locationName"].as_str()) {
                (Some("uri"), Some(label)) => notes.push(format!("Path label `{label}`.")),
                (Some("querystring"), Some(q)) => notes.push(format!("Query parameter `{q}`.")),
                (Some("header"), Some(h)) => notes.push(format!("Header `{h}`.")),
                _ => {}
            }
            if s["payload"].as_str() == Some(member) {
                notes.push("The request or response body.".into());
            }
            if !notes.is_empty() {
                text = format!("{} {text}", notes.join(" ")).trim().to_string();
            }
            doc(out, "    ", &text);
            let mut ty = self.rust_type(target);
            if self.shape(target)["type"] == "structure"
                && self.holds(target, name, &mut BTreeSet::new())
            {
                ty = format!("Box<{ty}>");
            }
            // An operation's path labels and body are always there once the request is read.
            let always =
                io && (m["location"] == "uri" || s["payload"].as_str() == Some(member.as_str()));
            if always {
                writeln!(out, "    #[serde(rename = \"{member}\", default)]").unwrap();
                writeln!(out, "    pub {}: {ty},", field_name(member)).unwrap();
            } else {
                // Integers read a whole number written with a fraction (`5.0`) too, as the
                // model check does (docs/behaviour.md#model-validation).
                let whole = match ty.as_str() {
                    // (No member of the model is a long: `__long` only appears in maps.)
                    "i32" => format!(", deserialize_with = \"whole::{ty}\""),
                    _ => String::new(),
                };
                writeln!(
                    out,
                    "    #[serde(rename = \"{member}\", default, skip_serializing_if = \"Option::is_none\"{whole})]"
                )
                .unwrap();
                writeln!(out, "    pub {}: Option<{ty}>,", field_name(member)).unwrap();
            }
        }
        writeln!(out, "}}\n").unwrap();
    }

    fn enumeration(&self, out: &mut String, name: &str, s: &Value) {
        doc(out, "", &plain(s["documentation"].as_str().unwrap_or("")));
        writeln!(
            out,
            "#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]"
        )
        .unwrap();
        writeln!(out, "pub enum {} {{", type_name(name)).unwrap();
        for v in s["enum"].as_array().unwrap() {
            let v = v.as_str().unwrap();
            writeln!(
                out,
                "    #[serde(rename = \"{v}\")]\n    {},",
                variant_name(v)
            )
            .unwrap();
        }
        writeln!(out, "}}\n").unwrap();
        writeln!(out, "impl {} {{", type_name(name)).unwrap();
        writeln!(out, "    /// The value as the model spells it.").unwrap();
        writeln!(
            out,
            "    pub fn as_str(self) -> &'static str {{\n        match self {{"
        )
        .unwrap();
        for v in s["enum"].as_array().unwrap() {
            let v = v.as_str().unwrap();
            writeln!(out, "            Self::{} => \"{v}\",", variant_name(v)).unwrap();
        }
        writeln!(out, "        }}\n    }}\n}}\n").unwrap();
    }
}

/// The whole generated file.
pub fn generate() -> String {
    let m = model();
    let shapes = m["shapes"].as_object().unwrap();
    let g = Gen { shapes };
    let mut out = String::new();
    writeln!(
        out,
        "// @generated by tests/it/wire_model.rs from {MODEL}; do not edit.\n\n\
         //! Every shape of the Pinpoint model ({}), as a Rust type that reads and writes the\n\
         //! shape's JSON: structures with `Option` members named as the model spells them, enums for\n\
         //! strings with values, `Vec` for lists, and `BTreeMap` for maps — `Ordered` (request order)\n\
         //! for the maps whose order means something. Regenerate with\n\
         //! `UPDATE_WIRE_MODEL=1 cargo test --test it wire_model`.\n\n\
         #![allow(clippy::doc_lazy_continuation, clippy::large_enum_variant)]\n\n\
         mod ordered;\n\n\
         use std::collections::BTreeMap;\n\n\
         use serde::{{Deserialize, Serialize}};\n\n\
         pub use ordered::Ordered;\n\n{WHOLE}",
        m["metadata"]["apiVersion"].as_str().unwrap()
    )
    .unwrap();
    let io = io_shapes(&m);
    let sorted: BTreeMap<&String, &Value> = shapes.iter().collect();
    for (name, s) in sorted {
        if s.get("exception").is_some() {
            continue;
        }
        match s["type"].as_str().unwrap() {
            "structure" => g.structure(&mut out, name, s, io.contains(name.as_str())),
            "string" if s.get("enum").is_some() => g.enumeration(&mut out, name, s),
            _ => {}
        }
    }
    while out.ends_with('\n') {
        out.pop();
    }
    out.push('\n');
    out
}

/// The shapes that are an operation's input or output (not a body inside one).
fn io_shapes(m: &Value) -> BTreeSet<String> {
    m["operations"]
        .as_object()
        .unwrap()
        .values()
        .flat_map(|op| {
            [
                op["input"]["shape"].as_str(),
                op["output"]["shape"].as_str(),
            ]
        })
        .flatten()
        .map(str::to_string)
        .collect()
}

/// The body shape of an operation's input or output: its payload member's shape, or none.
pub(crate) fn payload(
    shapes: &serde_json::Map<String, Value>,
    op: &Value,
    side: &str,
) -> Option<String> {
    let s = &shapes[op[side]["shape"].as_str()?];
    let member = s["payload"].as_str()?;
    Some(s["members"][member]["shape"].as_str()?.to_string())
}

fn in_step(file: &str, want: String) {
    let path = format!("{}/{file}", env!("CARGO_MANIFEST_DIR"));
    if std::env::var_os("UPDATE_WIRE_MODEL").is_some() {
        std::fs::write(&path, &want).unwrap();
        return;
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "{file} is not what the model generates: run UPDATE_WIRE_MODEL=1 cargo test --test it wire_model"
    );
}

#[test]
fn the_wire_types_are_generated_from_the_committed_model() {
    in_step(OUT, generate());
    in_step(TABLE, table::generate());
    in_step(OPERATIONS, operations::generate());
}
