//! Every golden wire file's bodies read through the generated wire types and written back: a
//! success's response body as its operation's output body shape, unchanged; its request body as
//! the input body shape, unchanged but for members the model does not have (the service ignores
//! them). Numbers compare as numbers (`2` and `2.0` are one double). A member the types lost,
//! misnamed or mistyped shows up here.

use serde_json::Value;

use crate::wire_table::{reparse, BODIES};

/// The request body and, for a success, the response body of a golden file.
fn bodies(text: &str) -> (Option<Value>, Option<Value>) {
    let (request, response) = text.split_once("\n--- response\n").unwrap();
    let body = |part: &str| {
        part.split_once("\n\n")
            .map(|(_, b)| b.trim())
            .filter(|b| !b.is_empty())
            .and_then(|b| serde_json::from_str(b).ok())
    };
    let status: u16 = response[5..8].parse().unwrap();
    let ok = (200..300).contains(&status);
    (body(request).filter(|_| ok), body(response).filter(|_| ok))
}

/// Whether `a` equals `b`, numbers as numbers; with `dropped`, `b` may hold object members `a`
/// lacks.
fn same(a: &Value, b: &Value, dropped: bool) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y, dropped))
        }
        (Value::Object(x), Value::Object(y)) => {
            (dropped || x.len() == y.len())
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| same(v, w, dropped)))
        }
        _ => a == b,
    }
}

#[test]
fn golden_bodies_read_and_write_back_through_the_wire_types() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let mut checked = 0;
    let mut wrong = Vec::new();
    for (op, input, output) in BODIES {
        let Ok(dir) = std::fs::read_dir(root.join(op)) else {
            continue;
        };
        for file in dir {
            let path = file.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            let (req, resp) = bodies(&text);
            for (shape, body, dropped) in [(input, req, true), (output, resp, false)] {
                let (Some(shape), Some(body)) = (shape, body) else {
                    continue;
                };
                match reparse(shape, &body) {
                    Some(Ok(again)) if same(&again, &body, dropped) => checked += 1,
                    Some(Ok(again)) => wrong.push(format!(
                        "{}: {shape} wrote back\n  {again}\ninstead of\n  {body}",
                        path.display()
                    )),
                    Some(Err(e)) => wrong.push(format!("{}: {shape}: {e}", path.display())),
                    None => wrong.push(format!("{}: no type for {shape}", path.display())),
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} bodies differ:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    assert!(checked > 200, "only {checked} bodies checked");
}
