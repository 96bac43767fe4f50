//! The endpoint files of import jobs: CSV with a header row of dotted member names
//! (`ChannelType,Address,User.UserId,Attributes.Team,…`) or newline-delimited JSON endpoint
//! definitions, each line an `EndpointBatchItem` (docs/behaviour.md#jobs).

use std::io::{BufRead, Read};

use serde_json::{Map, Value};

use super::endpoints::EndpointBatchItem;
use crate::store::jobs::{ImportLine, Lines};

/// One endpoint definition as JSON → its Id and the endpoint.
fn item(v: Value) -> ImportLine {
    let item: EndpointBatchItem =
        serde_json::from_value(v).map_err(|e| format!("not an endpoint definition: {e}"))?;
    let patch = item.endpoint.into_patch().map_err(|e| e.to_string())?;
    Ok((item.id.filter(|id| !id.is_empty()), patch))
}

/// Newline-delimited JSON: one endpoint per non-blank line, numbered from 1, read as they are
/// taken. A line that cannot be read (an I/O error) fails on its own.
pub fn parse_json_lines(text: impl BufRead + 'static) -> Lines {
    Box::new(
        text.lines()
            .enumerate()
            .filter(|(_, l)| l.as_ref().map_or(true, |l| !l.trim().is_empty()))
            .map(|(i, l)| {
                let line = l
                    .map_err(|e| format!("cannot be read: {e}"))
                    .and_then(|l| serde_json::from_str(&l).map_err(|e| format!("not JSON: {e}")))
                    .and_then(item);
                (i + 1, line)
            }),
    )
}

/// The JSON value of one CSV cell under a dotted column name: attribute values are lists of one,
/// metrics and coordinates numbers, the rest strings.
fn cell(path: &[&str], raw: &str) -> Result<Value, String> {
    match path {
        ["Attributes", _] | ["User", "UserAttributes", _] => Ok(Value::Array(vec![raw.into()])),
        ["Metrics", _] | ["Location", "Latitude" | "Longitude"] => raw
            .trim()
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number)
            .ok_or_else(|| format!("{} {raw:?} is not a number", path.join("."))),
        _ => Ok(raw.into()),
    }
}

/// Puts `value` at a dotted path in a JSON object.
fn put(obj: &mut Map<String, Value>, path: &[&str], value: Value) -> Result<(), String> {
    match path {
        [] => Ok(()),
        [last] => {
            obj.insert((*last).to_string(), value);
            Ok(())
        }
        [first, rest @ ..] => match obj
            .entry((*first).to_string())
            .or_insert_with(|| Value::Object(Map::new()))
        {
            Value::Object(inner) => put(inner, rest, value),
            _ => Err(format!(
                "column {} conflicts with column {first}",
                path.join(".")
            )),
        },
    }
}

/// CSV with a header row: one endpoint per data row, numbered as lines of the file, read as they
/// are taken.
pub fn parse_csv(text: impl Read + 'static) -> Lines {
    let mut reader = csv::ReaderBuilder::new().flexible(false).from_reader(text);
    let header: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|c| c.trim().to_string()).collect(),
        Err(e) => {
            return Box::new(std::iter::once((
                1,
                Err(format!("the header row cannot be read: {e}")),
            )))
        }
    };
    Box::new(reader.into_records().map(move |rec| {
        let line = rec
            .as_ref()
            .ok()
            .and_then(|r| r.position())
            .map_or(0, |p| p.line() as usize);
        let parsed = rec
            .map_err(|e| format!("not a CSV row of the header's width: {e}"))
            .and_then(|r| {
                let mut obj = Map::new();
                for (name, raw) in header.iter().zip(r.iter()) {
                    if raw.is_empty() {
                        continue;
                    }
                    let path: Vec<&str> = name.split('.').collect();
                    put(&mut obj, &path, cell(&path, raw)?)?;
                }
                item(Value::Object(obj))
            });
        (line, parsed)
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_rows_become_nested_endpoint_definitions() {
        let text =
            "Id,ChannelType,Address,Location.Country,User.UserId,Attributes.Team,Metrics.visits\n\
                    e1,SMS,+12065550100,US,u1,red,3\n\
                    ,EMAIL,a@example.com,,,,\n\
                    e3,FAX,x,,,,\n";
        let lines: Vec<_> = parse_csv(text.as_bytes()).collect();
        assert_eq!(lines.len(), 3);
        let (n, first) = &lines[0];
        assert_eq!(*n, 2);
        let (id, patch) = first.as_ref().unwrap();
        assert_eq!(id.as_deref(), Some("e1"));
        assert_eq!(patch.address.as_deref(), Some("+12065550100"));
        assert_eq!(
            patch.attributes.as_ref().unwrap().get("Team"),
            Some(&vec!["red".into()].into_boxed_slice())
        );
        assert_eq!(lines[1].1.as_ref().unwrap().0, None);
        assert!(lines[2].1.as_ref().unwrap_err().contains("ChannelType"));
    }

    #[test]
    fn json_lines_skip_blank_lines_and_report_bad_ones() {
        let text = "{\"Id\":\"e1\",\"ChannelType\":\"SMS\",\"Address\":\"+1\"}\n\n{nope}\n";
        let lines: Vec<_> = parse_json_lines(text.as_bytes()).collect();
        assert_eq!(lines.len(), 2);
        assert!(lines[0].1.is_ok());
        assert_eq!(lines[1].0, 3);
        assert!(lines[1].1.as_ref().unwrap_err().starts_with("not JSON"));
    }
}
