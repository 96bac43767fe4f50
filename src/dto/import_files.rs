//! The endpoint files of import jobs: CSV with a header row of dotted member names
//! (`ChannelType,Address,User.UserId,Attributes.Team,…`) or newline-delimited JSON endpoint
//! definitions, each line an `EndpointBatchItem`; either may instead list user ids only
//! (docs/behaviour.md#jobs-s3-root).

use std::io::{BufRead, Read};

use serde::Deserialize;
use serde_json::{Map, Value};

use super::endpoints::EndpointRequest;
use crate::store::resources::jobs::{ImportLine, ImportRecord, Lines};

/// One endpoint definition of a file: UpdateEndpointsBatch's `EndpointBatchItem`, read with
/// UpdateEndpoint's own hand-written [`EndpointRequest`] (an import applies each line as an
/// UpdateEndpoint), so a line's bad enum value fails with UpdateEndpoint's wording
/// (`Invalid ChannelType "FAX": must be one of …`).
#[derive(Debug, Deserialize)]
struct EndpointLine {
    #[serde(rename = "Id")]
    id: Option<String>,
    #[serde(flatten)]
    endpoint: EndpointRequest,
}

/// The one column of a file of user ids.
const USER_ID: &str = "User.UserId";

/// One endpoint definition as JSON → its Id and the endpoint.
fn item(v: Value) -> ImportLine {
    let item: EndpointLine =
        serde_json::from_value(v).map_err(|e| format!("not an endpoint definition: {e}"))?;
    let patch = item.endpoint.into_patch().map_err(|e| e.to_string())?;
    Ok(ImportRecord::Endpoint(
        item.id.filter(|id| !id.is_empty()),
        patch,
    ))
}

/// A JSON line that holds nothing but `User.UserId` (`{"User":{"UserId":"u1"}}`): that user id.
fn user_only(v: &Value) -> Option<String> {
    let [(k, user)] = v.as_object()?.iter().collect::<Vec<_>>()[..] else {
        return None;
    };
    let [(id_key, id)] = user.as_object()?.iter().collect::<Vec<_>>()[..] else {
        return None;
    };
    (k == "User" && id_key == "UserId")
        .then(|| id.as_str().map(String::from))
        .flatten()
}

/// One line of a JSON file: user ids only (an empty one lists nobody), or an endpoint
/// definition.
fn json_line(v: Value) -> ImportLine {
    match user_only(&v) {
        Some(user) => Ok(ImportRecord::Users(
            Some(user).filter(|u| !u.is_empty()).into_iter().collect(),
        )),
        None => item(v),
    }
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
                    .and_then(json_line);
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

/// Can a column appear more than once in a header? Only a custom attribute's: each copy holds one
/// of its values.
fn repeatable(path: &[&str]) -> bool {
    matches!(path, ["Attributes", _] | ["User", "UserAttributes", _])
}

/// Puts `value` at a dotted path in a JSON object; the values of a repeated custom attribute
/// column are gathered into one list.
fn put(obj: &mut Map<String, Value>, path: &[&str], value: Value) -> Result<(), String> {
    match path {
        [] => Ok(()),
        [last] => {
            match (obj.get_mut(*last), value) {
                (Some(Value::Array(values)), Value::Array(more)) => values.extend(more),
                (_, value) => {
                    obj.insert((*last).to_string(), value);
                }
            }
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

/// The header's first column that may not repeat but does.
fn repeated_column(header: &[String]) -> Option<&str> {
    header.iter().enumerate().find_map(|(i, name)| {
        let path: Vec<&str> = name.split('.').collect();
        (!repeatable(&path) && header[..i].contains(name)).then_some(name.as_str())
    })
}

/// CSV with a header row: one endpoint per data row, numbered as lines of the file, read as they
/// are taken. A header whose one column is `User.UserId` makes each row a list of user ids,
/// separated by spaces.
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
    if let Some(name) = repeated_column(&header) {
        let e = format!(
            "the header row repeats column {name}: only Attributes.* and User.UserAttributes.* columns may repeat, one value each"
        );
        return Box::new(std::iter::once((1, Err(e))));
    }
    let users_only = header == [USER_ID];
    Box::new(reader.into_records().map(move |rec| {
        let line = rec
            .as_ref()
            .ok()
            .and_then(|r| r.position())
            .map_or(0, |p| p.line() as usize);
        let parsed = rec
            .map_err(|e| format!("not a CSV row of the header's width: {e}"))
            .and_then(|r| {
                if users_only {
                    let ids = r.iter().flat_map(str::split_whitespace).map(String::from);
                    return Ok(ImportRecord::Users(ids.collect()));
                }
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
    use crate::store::endpoints::model::EndpointPatch;

    fn endpoint(line: &ImportLine) -> (Option<&str>, &EndpointPatch) {
        match line {
            Ok(ImportRecord::Endpoint(id, patch)) => (id.as_deref(), patch),
            other => panic!("not an endpoint line: {other:?}"),
        }
    }

    fn values(patch: &EndpointPatch, key: &str) -> Vec<String> {
        let attrs = patch.attributes.as_ref().expect("attributes");
        attrs[key].iter().map(|v| v.to_string()).collect()
    }

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
        let (id, patch) = endpoint(first);
        assert_eq!(id, Some("e1"));
        assert_eq!(patch.address.as_deref(), Some("+12065550100"));
        assert_eq!(values(patch, "Team"), ["red"]);
        assert_eq!(endpoint(&lines[1].1).0, None);
        assert!(lines[2].1.as_ref().unwrap_err().contains("ChannelType"));
    }

    #[test]
    fn a_replicated_custom_attribute_column_gives_the_attribute_one_value_per_column() {
        // The user guide's own example has a space after a comma in the header.
        let text = "Id,User.UserId, User.UserAttributes.multi,User.UserAttributes.multi,\
                    Attributes.Team,Attributes.Team,Attributes.Team\n\
                    e1,u2,test10,test20,red,,blue\n";
        let lines: Vec<_> = parse_csv(text.as_bytes()).collect();
        let (_, patch) = endpoint(&lines[0].1);
        assert_eq!(
            values(patch, "Team"),
            ["red", "blue"],
            "an empty cell adds nothing"
        );
        let user = patch.user.as_ref().unwrap();
        let multi: Vec<String> = user.user_attributes.as_ref().unwrap()["multi"]
            .iter()
            .map(|v| v.to_string())
            .collect();
        assert_eq!(multi, ["test10", "test20"]);
    }

    #[test]
    fn any_other_replicated_column_fails_the_file_at_its_header() {
        for header in ["Id,Address,Address", "Id,Metrics.visits,Metrics.visits"] {
            let text = format!("{header}\ne1,a,b\n");
            let lines: Vec<_> = parse_csv(std::io::Cursor::new(text.into_bytes())).collect();
            assert_eq!(lines.len(), 1, "{header}");
            assert_eq!(lines[0].0, 1);
            let e = lines[0].1.as_ref().unwrap_err();
            assert!(
                e.contains("repeats column") && e.contains(header.split(',').nth(1).unwrap()),
                "{e}"
            );
        }
    }

    #[test]
    fn a_file_of_user_ids_lists_users_not_endpoints() {
        let csv = "User.UserId\nexample-user-id-1 example-user-id-2  example-user-id-3\nsolo\n";
        let lines: Vec<_> = parse_csv(csv.as_bytes()).collect();
        let users: Vec<_> = lines.into_iter().map(|(_, l)| l.unwrap()).collect();
        assert_eq!(
            users,
            [
                ImportRecord::Users(vec![
                    "example-user-id-1".into(),
                    "example-user-id-2".into(),
                    "example-user-id-3".into()
                ]),
                ImportRecord::Users(vec!["solo".into()]),
            ]
        );
        let json = "{\"User\":{\"UserId\":\"u1\"}}\n\
                    {\"Id\":\"e1\",\"User\":{\"UserId\":\"u1\"}}\n\
                    {\"User\":{\"UserId\":\"u1\",\"UserAttributes\":{\"a\":[\"b\"]}}}\n";
        let lines: Vec<_> = parse_json_lines(json.as_bytes()).collect();
        assert_eq!(lines[0].1, Ok(ImportRecord::Users(vec!["u1".into()])));
        assert_eq!(
            endpoint(&lines[1].1).0,
            Some("e1"),
            "an Id makes it an endpoint"
        );
        assert_eq!(endpoint(&lines[2].1).0, None, "so do user attributes");
        let empty: Vec<_> = parse_json_lines("{\"User\":{\"UserId\":\"\"}}\n".as_bytes()).collect();
        assert_eq!(empty[0].1, Ok(ImportRecord::Users(vec![])));
        // A User.UserId column beside others is an endpoint's user, as before.
        let mixed = "Address,User.UserId\n+12065550100,u1\n";
        let lines: Vec<_> = parse_csv(mixed.as_bytes()).collect();
        assert_eq!(
            endpoint(&lines[0].1).1.address.as_deref(),
            Some("+12065550100")
        );
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
