//! Golden wire files: for every served operation, its success and each distinct error, the
//! request and the complete response (status, headers, body bytes) the emulator sends, under
//! `tests/golden/<Operation>/<case>.http`. The clock is fixed and ids are sequential, so the
//! comparison is byte for byte and a change to the wire shows up as a diff of these files.
//!
//! Rewrite them after an intended change with `UPDATE_GOLDEN=1 cargo test --test it golden`.

use std::path::{Path, PathBuf};

use pinpoint_local::routes::SERVED;
use pinpoint_local::AppState;

use crate::common::{raw, Raw};

/// One request: method, path, extra headers and body (JSON text, or empty).
pub(crate) struct Req {
    pub(crate) method: &'static str,
    pub(crate) path: String,
    pub(crate) headers: Vec<(&'static str, &'static str)>,
    body: String,
}

pub(crate) fn req(method: &'static str, path: &str, body: &str) -> Req {
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
pub(crate) struct Case {
    op: String,
    name: String,
    setup: Vec<Req>,
    req: Req,
}

pub(crate) fn case(
    op: impl Into<String>,
    name: impl Into<String>,
    setup: Vec<Req>,
    req: Req,
) -> Case {
    Case {
        op: op.into(),
        name: name.into(),
        setup,
        req,
    }
}

mod campaigns;
mod channels;
mod endpoints;
mod event_stream;
mod jobs;
mod journeys;
mod messages;
mod phone;
mod resources;
mod segments;
mod templates;

const APP: &str = "/v1/apps/golden";

/// Every case: the endpoint, user, event and app operations, the channels, the templates, the
/// messaging operations, phone-number validation, the segments, the campaigns, the journeys, the event stream, the
/// settings, tags and recommenders, the jobs, KPIs and journey metrics.
fn cases() -> Vec<Case> {
    let mut all = endpoints::cases();
    all.extend(channels::cases());
    all.extend(templates::cases());
    all.extend(messages::cases());
    all.extend(phone::cases());
    all.extend(segments::cases());
    all.extend(campaigns::cases());
    all.extend(journeys::cases());
    all.extend(event_stream::cases());
    all.extend(resources::cases());
    all.extend(jobs::cases());
    all
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
    let mut statuses: Vec<(String, u16)> = Vec::new();
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
        statuses.push((c.op.clone(), resp.status.as_u16()));
        let text = render(&c.req, &resp);
        let path = golden_dir().join(&c.op).join(format!("{}.http", c.name));
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
