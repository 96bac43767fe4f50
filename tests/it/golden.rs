//! Golden wire files: for every served operation, its success and each distinct error, the
//! request and the complete response (status, headers, body bytes) the emulator sends, under
//! `tests/golden/<Operation>/<case>.http`. The clock is fixed and ids are sequential, so the
//! comparison is byte for byte and a change to the wire shows up as a diff of these files.
//!
//! Rewrite them after an intended change with `UPDATE_GOLDEN=1 cargo test --test it golden`.

use std::path::{Path, PathBuf};

use pinpoint_local::routes::SERVED;
use pinpoint_local::AppState;

use crate::common::{events_body, raw, Raw};

/// One request: method, path, extra headers and body (JSON text, or empty).
struct Req {
    method: &'static str,
    path: String,
    headers: Vec<(&'static str, &'static str)>,
    body: String,
}

fn req(method: &'static str, path: &str, body: &str) -> Req {
    let headers = if body.is_empty() {
        vec![]
    } else {
        vec![("content-type", "application/json")]
    };
    Req {
        method,
        path: path.to_string(),
        headers,
        body: body.to_string(),
    }
}

/// A case: requests that set the scene (not recorded) and the one request recorded.
struct Case {
    op: &'static str,
    name: &'static str,
    setup: Vec<Req>,
    req: Req,
}

fn case(op: &'static str, name: &'static str, setup: Vec<Req>, req: Req) -> Case {
    Case {
        op,
        name,
        setup,
        req,
    }
}

const APP: &str = "/v1/apps/golden";
const EMAIL: &str = r#"{"ChannelType":"EMAIL","Address":"ana@example.com","Attributes":{"plan":["pro"]},"User":{"UserId":"ana","UserAttributes":{"tier":["gold"]}}}"#;

fn endpoint(id: &str) -> Req {
    req("PUT", &format!("{APP}/endpoints/{id}"), EMAIL)
}

/// A batch of `n` EMAIL endpoints of user `u`.
fn user_batch(n: usize) -> String {
    let items: Vec<String> = (0..n)
        .map(|i| {
            format!(
                r#"{{"Id":"m{i}","ChannelType":"EMAIL","Address":"m{i}@example.com","User":{{"UserId":"u"}}}}"#
            )
        })
        .collect();
    format!(r#"{{"Item":[{}]}}"#, items.join(","))
}

/// One event with `a` attributes and `m` metrics, beside one plain event.
fn keyed_events(a: usize, m: usize) -> String {
    let attrs: Vec<String> = (0..a).map(|i| format!(r#""a{i}":"v""#)).collect();
    let metrics: Vec<String> = (0..m).map(|i| format!(r#""m{i}":1"#)).collect();
    format!(
        r#"{{"BatchItem":{{"e1":{{"Endpoint":{{}},"Events":{{"keys":{{"EventType":"t","Timestamp":"2026-01-01T00:00:00Z","Attributes":{{{}}},"Metrics":{{{}}}}},"plain":{{"EventType":"t","Timestamp":"2026-01-01T00:00:00Z"}}}}}}}}}}"#,
        attrs.join(","),
        metrics.join(",")
    )
}

/// One event of 1.1 MB (a long AppTitle), beside one plain event.
fn big_event() -> String {
    format!(
        r#"{{"BatchItem":{{"e1":{{"Endpoint":{{}},"Events":{{"big":{{"EventType":"t","Timestamp":"2026-01-01T00:00:00Z","AppTitle":"{}"}},"plain":{{"EventType":"t","Timestamp":"2026-01-01T00:00:00Z"}}}}}}}}}}"#,
        "x".repeat(1_100_000)
    )
}

fn cases() -> Vec<Case> {
    let create = || {
        req(
            "POST",
            "/v1/apps",
            r#"{"Name":"shop","tags":{"team":"web"}}"#,
        )
    };
    let app1 = "/v1/apps/00000000000000000000000000000001";
    vec![
        case("CreateApp", "created", vec![], create()),
        case(
            "CreateApp",
            "missing-name",
            vec![],
            req("POST", "/v1/apps", "{}"),
        ),
        case(
            "CreateApp",
            "malformed-json",
            vec![],
            req("POST", "/v1/apps", r#"{"Name":"#),
        ),
        case(
            "CreateApp",
            "wrong-member-type",
            vec![],
            req("POST", "/v1/apps", r#"{"Name":7}"#),
        ),
        case("GetApp", "found", vec![create()], req("GET", app1, "")),
        case(
            "GetApp",
            "not-found",
            vec![],
            req("GET", "/v1/apps/nope", ""),
        ),
        case(
            "GetApps",
            "page",
            vec![create(), create()],
            req("GET", "/v1/apps?page-size=1", ""),
        ),
        case(
            "GetApps",
            "bad-page-size",
            vec![],
            req("GET", "/v1/apps?page-size=0", ""),
        ),
        case(
            "DeleteApp",
            "deleted",
            vec![create()],
            req("DELETE", app1, ""),
        ),
        case(
            "DeleteApp",
            "not-found",
            vec![],
            req("DELETE", "/v1/apps/nope", ""),
        ),
        case("UpdateEndpoint", "accepted", vec![], endpoint("e1")),
        case(
            "UpdateEndpoint",
            "bad-channel-type",
            vec![],
            req(
                "PUT",
                &format!("{APP}/endpoints/e1"),
                r#"{"ChannelType":"PIGEON"}"#,
            ),
        ),
        case(
            "UpdateEndpoint",
            "missing-channel-type",
            vec![],
            req(
                "PUT",
                &format!("{APP}/endpoints/e1"),
                r#"{"Address":"a@example.com"}"#,
            ),
        ),
        case(
            "UpdateEndpoint",
            "invalid-id",
            vec![],
            req("PUT", &format!("{APP}/endpoints/a$b"), "{}"),
        ),
        case(
            "UpdateEndpoint",
            "empty-body",
            vec![],
            req("PUT", &format!("{APP}/endpoints/e1"), ""),
        ),
        case(
            "UpdateEndpoint",
            "empty-endpoint-id",
            vec![],
            req("PUT", &format!("{APP}/endpoints/"), EMAIL),
        ),
        case(
            "UpdateEndpoint",
            "effective-date-in-minutes",
            vec![],
            req(
                "PUT",
                &format!("{APP}/endpoints/e1"),
                r#"{"EffectiveDate":"2026-01-01T02:00+02:00"}"#,
            ),
        ),
        case(
            "UpdateEndpointsBatch",
            "accepted",
            vec![],
            req("PUT", &format!("{APP}/endpoints"), &user_batch(2)),
        ),
        case(
            "UpdateEndpointsBatch",
            "per-user-limit",
            vec![],
            req("PUT", &format!("{APP}/endpoints"), &user_batch(16)),
        ),
        case(
            "UpdateEndpointsBatch",
            "too-many-items",
            vec![],
            req("PUT", &format!("{APP}/endpoints"), &user_batch(101)),
        ),
        case(
            "UpdateEndpointsBatch",
            "missing-item",
            vec![],
            req("PUT", &format!("{APP}/endpoints"), "{}"),
        ),
        case(
            "GetEndpoint",
            "found",
            vec![endpoint("e1")],
            req("GET", &format!("{APP}/endpoints/E1"), ""),
        ),
        case(
            "GetEndpoint",
            "not-found",
            vec![endpoint("e1")],
            req("GET", &format!("{APP}/endpoints/e2"), ""),
        ),
        case(
            "GetEndpoint",
            "unknown-app",
            vec![],
            req("GET", &format!("{APP}/endpoints/e1"), ""),
        ),
        case(
            "GetEndpoint",
            "invalid-id",
            vec![endpoint("e1")],
            req("GET", &format!("{APP}/endpoints/%7B"), ""),
        ),
        case(
            "DeleteEndpoint",
            "deleted",
            vec![endpoint("e1")],
            req("DELETE", &format!("{APP}/endpoints/e1"), ""),
        ),
        case(
            "DeleteEndpoint",
            "not-found",
            vec![endpoint("e1")],
            req("DELETE", &format!("{APP}/endpoints/e2"), ""),
        ),
        case(
            "GetUserEndpoints",
            "found",
            vec![endpoint("e1"), endpoint("e2")],
            req("GET", &format!("{APP}/users/ana"), ""),
        ),
        case(
            "GetUserEndpoints",
            "user-attributes-of-a-later-endpoint",
            vec![req(
                "PUT",
                &format!("{APP}/endpoints"),
                r#"{"Item":[{"Id":"ana-mail","ChannelType":"EMAIL","Address":"ana@example.com","User":{"UserId":"ana","UserAttributes":{"tier":["gold"]}}},{"Id":"ana-sms","ChannelType":"SMS","Address":"+15550100","User":{"UserId":"ana"}}]}"#,
            )],
            req("GET", &format!("{APP}/users/ana"), ""),
        ),
        case(
            "GetUserEndpoints",
            "not-found",
            vec![endpoint("e1")],
            req("GET", &format!("{APP}/users/bob"), ""),
        ),
        case(
            "DeleteUserEndpoints",
            "deleted",
            vec![endpoint("e1")],
            req("DELETE", &format!("{APP}/users/ana"), ""),
        ),
        case(
            "DeleteUserEndpoints",
            "not-found",
            vec![endpoint("e1")],
            req("DELETE", &format!("{APP}/users/bob"), ""),
        ),
        case(
            "PutEvents",
            "per-item-results",
            vec![],
            req(
                "POST",
                &format!("{APP}/events"),
                r#"{"BatchItem":{"e1":{"Endpoint":{"ChannelType":"EMAIL","Address":"a@example.com"},"Events":{"ok":{"EventType":"_session.start","Timestamp":"2026-01-01T00:00:00Z","Session":{"Id":"s1","StartTimestamp":"2026-01-01T00:00:00Z"}},"no-type":{"Timestamp":"2026-01-01T00:00:00Z"}}},"e2":{"Endpoint":{"Address":"b@example.com"},"Events":{"bad-date":{"EventType":"t","Timestamp":"yesterday"}}}}}"#,
            ),
        ),
        case(
            "PutEvents",
            "minutes-only-timestamps",
            vec![],
            req(
                "POST",
                &format!("{APP}/events"),
                r#"{"BatchItem":{"e1":{"Endpoint":{},"Events":{"z":{"EventType":"t","Timestamp":"2026-01-01T00:00Z"},"offset":{"EventType":"t","Timestamp":"2026-01-01T02:00+02:00"}}}}}"#,
            ),
        ),
        case(
            "PutEvents",
            "forty-keys-together",
            vec![],
            req("POST", &format!("{APP}/events"), &keyed_events(25, 25)),
        ),
        case(
            "PutEvents",
            "event-over-1000-kb",
            vec![],
            req("POST", &format!("{APP}/events"), &big_event()),
        ),
        case(
            "PutEvents",
            "too-many-events",
            vec![],
            req("POST", &format!("{APP}/events"), &events_body(101)),
        ),
        case(
            "PutEvents",
            "missing-batch-item",
            vec![],
            req("POST", &format!("{APP}/events"), "{}"),
        ),
        case(
            "PutEvents",
            "body-too-large",
            vec![],
            req(
                "POST",
                &format!("{APP}/events"),
                &" ".repeat(4 * 1024 * 1024 + 1),
            ),
        ),
        case(
            "RemoveAttributes",
            "removed",
            vec![endpoint("e1")],
            req(
                "PUT",
                &format!("{APP}/attributes/endpoint-custom-attributes"),
                r#"{"Blacklist":["pl*"]}"#,
            ),
        ),
        case(
            "RemoveAttributes",
            "bad-attribute-type",
            vec![endpoint("e1")],
            req(
                "PUT",
                &format!("{APP}/attributes/endpoint-colours"),
                r#"{"Blacklist":["x"]}"#,
            ),
        ),
        case(
            "RemoveAttributes",
            "unknown-app",
            vec![],
            req(
                "PUT",
                &format!("{APP}/attributes/endpoint-custom-attributes"),
                r#"{"Blacklist":["x"]}"#,
            ),
        ),
        // The protocol's own answers, shared by every operation.
        case(
            "_protocol",
            "unknown-path",
            vec![],
            req("GET", "/v2/nothing", ""),
        ),
        case(
            "_protocol",
            "wrong-method",
            vec![],
            req("PATCH", "/v1/apps", ""),
        ),
        case(
            "_protocol",
            "unserved-operation",
            vec![],
            req("GET", &format!("{APP}/segments"), ""),
        ),
        case(
            "_protocol",
            "empty-label",
            vec![],
            req("GET", "/v1/apps/", ""),
        ),
        case(
            "_protocol",
            "cors-preflight",
            vec![],
            Req {
                headers: vec![
                    ("origin", "http://localhost:3000"),
                    ("access-control-request-method", "PUT"),
                    (
                        "access-control-request-headers",
                        "authorization,content-type,x-amz-date",
                    ),
                ],
                ..req("OPTIONS", &format!("{APP}/endpoints/e1"), "")
            },
        ),
    ]
}

/// Bodies over this size are recorded by length and prefix, not in full.
const MAX_RECORDED_BODY: usize = 4096;

fn body_text(body: &[u8]) -> String {
    if body.len() <= MAX_RECORDED_BODY {
        return String::from_utf8_lossy(body).into_owned();
    }
    format!(
        "<{} bytes, starting {:?}>",
        body.len(),
        String::from_utf8_lossy(&body[..64])
    )
}

/// The recorded exchange: the request, then the response with every header in name order.
fn render(r: &Req, resp: &Raw) -> String {
    let mut out = format!("{} {}\n", r.method, r.path);
    for (k, v) in &r.headers {
        out.push_str(&format!("{k}: {v}\n"));
    }
    if !r.body.is_empty() {
        out.push('\n');
        out.push_str(&body_text(r.body.as_bytes()));
        out.push('\n');
    }
    out.push_str(&format!("\n--- response\nHTTP {}\n", resp.status.as_u16()));
    let mut headers: Vec<(String, String)> = resp
        .headers
        .iter()
        .map(|(k, v)| {
            (
                k.as_str().to_string(),
                v.to_str().unwrap_or("?").to_string(),
            )
        })
        .collect();
    headers.sort();
    for (k, v) in headers {
        out.push_str(&format!("{k}: {v}\n"));
    }
    out.push('\n');
    out.push_str(&body_text(&resp.body));
    out.push('\n');
    out
}

async fn send(st: &AppState, r: &Req) -> Raw {
    raw(st, r.method, &r.path, r.body.clone(), &r.headers).await
}

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

fn recorded_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for dir in std::fs::read_dir(golden_dir())
        .into_iter()
        .flatten()
        .flatten()
    {
        for f in std::fs::read_dir(dir.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            files.push(f.path());
        }
    }
    files.sort();
    files
}

#[tokio::test]
async fn golden_wire_files_match_byte_for_byte() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut expected_files = Vec::new();
    let mut mismatched = Vec::new();
    let mut statuses: Vec<(&str, u16)> = Vec::new();
    for c in cases() {
        let st = AppState::for_tests();
        for s in &c.setup {
            let r = send(&st, s).await;
            assert!(
                r.status.is_success(),
                "{}/{} setup: {}",
                c.op,
                c.name,
                r.status
            );
        }
        let resp = send(&st, &c.req).await;
        statuses.push((c.op, resp.status.as_u16()));
        let text = render(&c.req, &resp);
        let path = golden_dir().join(c.op).join(format!("{}.http", c.name));
        if update {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &text).unwrap();
        } else if std::fs::read(&path).ok().as_deref() != Some(text.as_bytes()) {
            mismatched.push(format!("{}\n{text}", path.display()));
        }
        expected_files.push(path);
    }
    for (name, _) in SERVED {
        let of_op = || {
            statuses
                .iter()
                .filter(|(op, _)| op == name)
                .map(|(_, s)| *s)
        };
        assert!(
            of_op().any(|s| s < 300),
            "{name} has no golden success case"
        );
        assert!(of_op().any(|s| s >= 400), "{name} has no golden error case");
    }
    expected_files.sort();
    let stray: Vec<PathBuf> = recorded_files()
        .into_iter()
        .filter(|f| !expected_files.contains(f))
        .collect();
    if update {
        for f in &stray {
            std::fs::remove_file(f).unwrap();
        }
    } else {
        assert!(stray.is_empty(), "golden files no case produces: {stray:?}");
    }
    assert!(
        mismatched.is_empty(),
        "{} golden files differ from what the emulator sends now (if the change is intended, \
         rewrite them with UPDATE_GOLDEN=1 cargo test --test it golden and review the diff):\n\n{}",
        mismatched.len(),
        mismatched.join("\n\n")
    );
}
