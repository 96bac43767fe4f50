//! The route table. Every operation of the Pinpoint model is mounted at its method and URI
//! template from the model's [`catalog::OPERATIONS`]: the ones we serve with their handler, the
//! rest with a 501 naming the operation (docs/behaviour.md#unserved-operation). The success
//! status of every served operation also comes from the catalog, so no handler carries a status
//! literal. The emulator's own `/_pinpoint/` routes are put together in [`admin_routes`].

pub mod admin;
pub mod admin_browse;
pub mod admin_clock;
pub mod admin_faults;
pub mod admin_journeys;
pub mod admin_logs;
pub mod admin_messages;
pub mod admin_segments;
pub mod admin_ui;
pub mod apps;
pub mod attributes;
pub mod campaigns;
pub mod channels;
pub mod endpoints;
pub mod event_stream;
pub mod events;
mod guard;
pub mod jobs;
pub mod journeys;
pub mod kpis;
pub mod messages;
pub mod operation;
pub mod phone;
pub mod recommenders;
pub mod segments;
pub mod settings;
pub mod table;
pub mod tags;
pub mod templates;
pub mod users;

use axum::response::Response;
use axum::routing::{on, MethodFilter, MethodRouter};
use axum::Router;

use crate::error::ApiError;
use crate::protocol::catalog;
use crate::protocol::operations::TRAILING_SLASH;
use crate::AppState;

/// A JSON body already serialized (for answers built while a store lock is held).
pub fn json_body<T: serde::Serialize>(value: &T) -> Result<Response, ApiError> {
    // An endpoint answer is about 500 bytes: one allocation instead of growing from nothing.
    let mut bytes = Vec::with_capacity(1024);
    serde_json::to_writer(&mut bytes, value)
        .map_err(|e| ApiError::Internal(format!("serializing a response: {e}")))?;
    let mut resp = Response::new(axum::body::Body::from(bytes));
    resp.headers_mut().insert(
        axum::http::header::CONTENT_TYPE,
        axum::http::HeaderValue::from_static("application/json"),
    );
    Ok(resp)
}

pub use self::table::{Mount, SERVED};

/// The handler of a served operation.
fn mount_of(name: &str) -> Option<Mount> {
    SERVED.iter().find(|(n, _)| *n == name).map(|(_, m)| *m)
}

/// Whether pinpoint-local serves the operation.
pub fn is_served(name: &str) -> bool {
    mount_of(name).is_some()
}

/// The route of an operation of the model without a handler: a 501 naming it. Every operation
/// of the committed model is served; this keeps a refreshed model's new ones loud.
fn unserved(name: &'static str, method: MethodFilter) -> MethodRouter<AppState> {
    on(method, move || async move {
        ApiError::NotImplemented(format!(
            "{name} is not implemented by pinpoint-local; see the README for the operations it serves"
        ))
    })
}

/// The emulator's own routes under `/_pinpoint/`: state, logs, fault rules, the dashboard.
pub fn admin_routes() -> Router<AppState> {
    Router::new()
        .merge(admin::routes())
        .merge(admin_messages::routes())
        .merge(admin_segments::routes())
        .merge(admin_clock::routes())
        .merge(admin_journeys::routes())
        .merge(admin_faults::routes())
        .merge(admin_browse::routes())
        .merge(admin_logs::routes())
        .merge(admin_ui::routes())
}

/// The Pinpoint API: one route per operation of the model, each served one inside its
/// [`guard::Guard`].
pub fn pinpoint_routes(state: &AppState) -> Router<AppState> {
    let mut router = Router::new();
    for op in catalog::OPERATIONS {
        let route = match mount_of(op.name) {
            Some(mount) => {
                let mounted = mount(op.method.filter());
                assert_eq!(
                    mounted.operation.name(),
                    op.name,
                    "the row of {} serves {:?}",
                    op.name,
                    mounted.operation
                );
                mounted.router.layer(guard::Guard::layer(state, op))
            }
            None => unserved(op.name, op.method.filter()),
        };
        if TRAILING_SLASH.contains(&op.name) {
            router = router.route(&format!("{}/", op.uri), route.clone());
        }
        router = router.route(op.uri, route);
    }
    router
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::operations::is_trailing_slash_of;

    #[tokio::test]
    async fn an_operation_without_a_handler_answers_501_naming_itself() {
        use tower::ServiceExt;
        let app = Router::new()
            .route(
                "/v1/new",
                unserved("CreateSomethingNew", MethodFilter::POST),
            )
            .with_state(AppState::for_tests());
        let req = axum::http::Request::post("/v1/new")
            .body(axum::body::Body::empty())
            .unwrap();
        let resp = app.oneshot(req).await.unwrap();
        assert_eq!(resp.status(), axum::http::StatusCode::NOT_IMPLEMENTED);
        let body = axum::body::to_bytes(resp.into_body(), 1 << 16)
            .await
            .unwrap();
        assert!(String::from_utf8_lossy(&body).contains("CreateSomethingNew"));
    }

    #[test]
    fn a_documented_trailing_slash_names_a_served_path_without_labels() {
        for name in TRAILING_SLASH {
            let op = catalog::OPERATIONS
                .iter()
                .find(|o| o.name == *name)
                .unwrap();
            assert!(is_served(name) && !op.uri.contains('{'), "{name}");
            assert!(is_trailing_slash_of(op, &format!("{}/", op.uri)));
            assert!(!is_trailing_slash_of(op, op.uri));
        }
    }

    #[test]
    fn every_served_operation_is_in_the_catalog_once() {
        for (i, (name, _)) in SERVED.iter().enumerate() {
            assert!(
                catalog::OPERATIONS.iter().any(|o| o.name == *name),
                "{name} is not in the catalog"
            );
            assert!(
                SERVED[..i].iter().all(|(n, _)| n != name),
                "{name} is served twice"
            );
        }
    }
}
