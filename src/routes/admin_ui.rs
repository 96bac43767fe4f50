//! The dashboard (docs/behaviour.md#dashboard): a page, two scripts and a style sheet, built into
//! the binary, served at `/_pinpoint/ui/`. The page reads the other `/_pinpoint/` JSON routes,
//! nothing else, so it needs no network beyond the emulator.

use axum::extract::Path;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use crate::error::ApiError;
use crate::AppState;

/// The files: name, content type, bytes.
const ASSETS: &[(&str, &str, &str)] = &[
    (
        "index.html",
        "text/html; charset=utf-8",
        include_str!("../../ui/index.html"),
    ),
    (
        "app.js",
        "text/javascript; charset=utf-8",
        include_str!("../../ui/app.js"),
    ),
    (
        "journeys.js",
        "text/javascript; charset=utf-8",
        include_str!("../../ui/journeys.js"),
    ),
    (
        "style.css",
        "text/css; charset=utf-8",
        include_str!("../../ui/style.css"),
    ),
];

/// Scripts and styles only from the emulator; messages' HTML renders in a sandboxed frame
/// without scripts, and nothing may load from elsewhere.
const CSP: &str = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; \
                   frame-src 'self' about:; object-src 'none'; base-uri 'none'";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/_pinpoint/ui", get(to_index))
        .route("/_pinpoint/ui/", get(|| async { asset("index.html") }))
        .route(
            "/_pinpoint/ui/{file}",
            get(|Path(file): Path<String>| async move { asset(&file) }),
        )
}

async fn to_index() -> Response {
    let mut resp = StatusCode::PERMANENT_REDIRECT.into_response();
    resp.headers_mut()
        .insert(header::LOCATION, HeaderValue::from_static("/_pinpoint/ui/"));
    resp
}

fn asset(name: &str) -> Response {
    let Some((_, kind, body)) = ASSETS.iter().find(|(n, _, _)| *n == name) else {
        return ApiError::NotFound(format!("The dashboard has no file {name:?}")).into_response();
    };
    let mut resp = Response::new(axum::body::Body::from(*body));
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    resp
}
