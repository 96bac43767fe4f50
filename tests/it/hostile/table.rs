//! The hostile-input table: every row of `tests/hostile/*.cases` is a malformed or extreme
//! request that must get its 4xx Pinpoint error (status, `x-amzn-ErrorType`, the error body with
//! a message and the request id) and leave the state as it was.
//!
//! One row a line, fields split at `|`:
//!
//! ```text
//! name | METHOD path [header:value …] | status ErrorType | body
//! ```
//!
//! Blank lines and lines starting with `#` are comments. The body is the rest of the line (so it
//! may hold `|`), trimmed. In the path and the body:
//! - `$(N*text)` is `text` N times; `$(N,text)` is N copies of `text` joined by commas, `#` in
//!   each replaced by the copy's index (0, 1, …). Both nest; `text` holds no other `)`.
//! - `\xNN` is the byte NN: invalid UTF-8, or whitespace the trim would drop.
//!
//! In the path, `{APP}` is the seeded app and `{APP_ARN}` its ARN, percent-encoded.

use std::collections::HashSet;

use axum::body::Body;

use super::{seeded, state_of, APP};
use crate::common::raw;

/// The old `hostile.rs` had 270 cases; the table may grow, never shrink below them.
const AT_LEAST: usize = 270;

struct Case {
    /// `file.cases:line`, to find the row of a failure.
    at: String,
    name: String,
    method: String,
    path: String,
    headers: Vec<(String, String)>,
    status: u16,
    error: String,
    body: Vec<u8>,
}

fn cases() -> Vec<Case> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/hostile");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "cases"))
        .collect();
    files.sort();
    let mut cases = Vec::new();
    for file in files {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&file).unwrap();
        for (i, line) in text.lines().enumerate() {
            if !line.trim().is_empty() && !line.starts_with('#') {
                cases.push(parse(&format!("{name}:{}", i + 1), line));
            }
        }
    }
    cases
}

fn parse(at: &str, line: &str) -> Case {
    let fields: Vec<&str> = line.splitn(4, '|').map(str::trim).collect();
    let [name, request, want, body] = fields[..] else {
        panic!("{at}: want `name | METHOD path | status ErrorType | body`, got {line}")
    };
    let mut request = request.split_whitespace();
    let (Some(method), Some(path)) = (request.next(), request.next()) else {
        panic!("{at}: want `METHOD path [header:value …]`")
    };
    let headers = request
        .map(|h| {
            let (k, v) = h
                .split_once(':')
                .unwrap_or_else(|| panic!("{at}: header {h}"));
            (k.to_string(), v.to_string())
        })
        .collect();
    let (status, error) = want
        .split_once(' ')
        .unwrap_or_else(|| panic!("{at}: want `status ErrorType`, got {want}"));
    let arn = format!("arn%3Aaws%3Amobiletargeting%3Aus-east-1%3A000000000000%3Aapps%2F{APP}");
    let path = path.replace("{APP_ARN}", &arn).replace("{APP}", APP);
    Case {
        at: at.to_string(),
        name: name.to_string(),
        method: method.to_string(),
        path: String::from_utf8(expand(at, &path)).unwrap(),
        headers,
        status: status.parse().unwrap_or_else(|_| panic!("{at}: status")),
        error: error.trim().to_string(),
        body: expand(at, body),
    }
}

/// Expands `$(N*text)`, `$(N,text)` and `\xNN` (see the module's doc).
fn expand(at: &str, mut rest: &str) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(c) = rest.chars().next() {
        if let Some(r) = rest.strip_prefix("$(") {
            let end = closing(r).unwrap_or_else(|| panic!("{at}: unclosed $("));
            let inner = &r[..end];
            let op = inner
                .find(['*', ','])
                .unwrap_or_else(|| panic!("{at}: want $(N*text) or $(N,text)"));
            let n: usize = inner[..op]
                .parse()
                .unwrap_or_else(|_| panic!("{at}: count {}", &inner[..op]));
            let text = &inner[op + 1..];
            if inner.as_bytes()[op] == b'*' {
                out.extend(expand(at, text).repeat(n));
            } else {
                for i in 0..n {
                    if i > 0 {
                        out.push(b',');
                    }
                    out.extend(expand(at, &text.replace('#', &i.to_string())));
                }
            }
            rest = &r[end + 1..];
        } else if let Some(r) = rest.strip_prefix("\\x") {
            let byte = r.get(..2).and_then(|h| u8::from_str_radix(h, 16).ok());
            out.push(byte.unwrap_or_else(|| panic!("{at}: want two hex digits after \\x")));
            rest = &r[2..];
        } else {
            out.extend_from_slice(&rest.as_bytes()[..c.len_utf8()]);
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// Where the `)` that closes an expansion is, skipping the nested ones.
fn closing(s: &str) -> Option<usize> {
    let mut depth = 0;
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i..].starts_with(b"$(") {
            depth += 1;
            i += 1;
        } else if bytes[i] == b')' {
            if depth == 0 {
                return Some(i);
            }
            depth -= 1;
        }
        i += 1;
    }
    None
}

#[test]
fn the_table_syntax_expands_as_documented() {
    assert_eq!(expand("t", "a$(3*b)c"), b"abbbc");
    assert_eq!(
        expand("t", "[$(3,{\"k#\":$(2*x)})]"),
        br#"[{"k0":xx},{"k1":xx},{"k2":xx}]"#
    );
    assert_eq!(expand("t", r"\xff\x20{}"), b"\xff {}");
    assert_eq!(expand("t", "ü|#"), "ü|#".as_bytes());
    let c = parse("t", "n | PUT /v1/apps/{APP}/x a:b | 413 E | $(2*\\x20)");
    assert_eq!(
        (c.method.as_str(), c.status, c.error.as_str()),
        ("PUT", 413, "E")
    );
    assert_eq!(c.path, format!("/v1/apps/{APP}/x"));
    assert_eq!(c.headers, [("a".to_string(), "b".to_string())]);
    assert_eq!(c.body, b"  ");
}

#[tokio::test]
async fn every_hostile_request_gets_its_4xx_and_changes_nothing() {
    let cases = cases();
    assert!(cases.len() >= AT_LEAST, "{} cases", cases.len());
    let mut names = HashSet::new();
    for c in &cases {
        assert!(names.insert(&c.name), "{}: {} twice", c.at, c.name);
        assert!((400..500).contains(&c.status), "{}: not a 4xx", c.at);
    }
    let st = seeded().await;
    let before = state_of(&st).await;
    for c in &cases {
        let headers: Vec<(&str, &str)> = c
            .headers
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let r = raw(
            &st,
            &c.method,
            &c.path,
            Body::from(c.body.clone()),
            &headers,
        )
        .await;
        let (what, body) = (
            format!("{} ({})", c.name, c.at),
            String::from_utf8_lossy(&r.body),
        );
        assert_eq!(r.status.as_u16(), c.status, "{what}: {body}");
        assert_eq!(r.header("x-amzn-ErrorType"), c.error, "{what}: {body}");
        let msg = r.assert_error(c.status, &c.error);
        assert!(!msg.is_empty(), "{what}: no message");
        assert_eq!(state_of(&st).await, before, "{what} changed the state");
    }
}
