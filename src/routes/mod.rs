//! The route table. Every operation of the Pinpoint model is mounted at its method and URI
//! template from [`catalog::OPERATIONS`]: the ones we serve with their handler, the rest with a
//! 501 naming the operation (D17). The success status of every served operation also comes from
//! the catalog, so no handler carries a status literal.

pub mod admin;
pub mod apps;
pub mod attributes;
pub mod catalog;
pub mod endpoints;
pub mod events;
pub mod users;

use axum::http::{Method, StatusCode};
use axum::middleware::map_response;
use axum::response::Response;
use axum::routing::{on, MethodFilter, MethodRouter};
use axum::Router;

use crate::error::{ApiError, ErrorBody};
use crate::AppState;
use catalog::OperationSpec;

/// A JSON body already serialized (for answers built while a store lock is held).
pub fn json_body<T: serde::Serialize>(value: &T) -> Result<Response, ApiError> {
    let bytes = serde_json::to_vec(value)
        .map_err(|e| ApiError::Internal(format!("serializing a response: {e}")))?;
    let mut resp = Response::new(axum::body::Body::from(bytes));
    resp.headers_mut().insert(
        axum::http::header::CONTENT_TYPE,
        axum::http::HeaderValue::from_static("application/json"),
    );
    Ok(resp)
}

/// The operations pinpoint-local serves; every other catalog entry answers 501.
pub const SERVED: &[&str] = &[
    "CreateApp",
    "DeleteApp",
    "DeleteEndpoint",
    "DeleteUserEndpoints",
    "GetApp",
    "GetApps",
    "GetEndpoint",
    "GetUserEndpoints",
    "PutEvents",
    "RemoveAttributes",
    "UpdateEndpoint",
    "UpdateEndpointsBatch",
];

fn handler(op: &OperationSpec) -> Option<MethodRouter<AppState>> {
    use axum::routing::{delete, get, post, put};
    Some(match op.name {
        "CreateApp" => post(apps::create_app),
        "DeleteApp" => delete(apps::delete_app),
        "DeleteEndpoint" => delete(endpoints::delete_endpoint),
        "DeleteUserEndpoints" => delete(users::delete_user_endpoints),
        "GetApp" => get(apps::get_app),
        "GetApps" => get(apps::get_apps),
        "GetEndpoint" => get(endpoints::get_endpoint),
        "GetUserEndpoints" => get(users::get_user_endpoints),
        "PutEvents" => post(events::put_events),
        "RemoveAttributes" => put(attributes::remove_attributes),
        "UpdateEndpoint" => put(endpoints::update_endpoint),
        "UpdateEndpointsBatch" => put(endpoints::update_endpoints_batch),
        _ => return None,
    })
}

fn method_filter(method: &str) -> MethodFilter {
    let m = Method::from_bytes(method.as_bytes()).unwrap_or(Method::GET);
    MethodFilter::try_from(m).unwrap_or(MethodFilter::GET)
}

/// Sets a served operation's modelled success status on its successful responses.
fn with_success_code(route: MethodRouter<AppState>, code: u16) -> MethodRouter<AppState> {
    let code = StatusCode::from_u16(code).unwrap_or(StatusCode::OK);
    route.layer(map_response(move |mut resp: Response| async move {
        if resp.status() == StatusCode::OK && resp.extensions().get::<ErrorBody>().is_none() {
            *resp.status_mut() = code;
        }
        resp
    }))
}

/// The Pinpoint API: one route per operation of the model.
pub fn pinpoint_routes() -> Router<AppState> {
    let mut router = Router::new();
    for op in catalog::OPERATIONS {
        let route = match handler(op) {
            Some(h) => with_success_code(h, op.success_code),
            None => {
                let name = op.name;
                on(method_filter(op.method), move || async move {
                    ApiError::NotImplemented(format!(
                        "{name} is not implemented by pinpoint-local; see the README for the operations it serves"
                    ))
                })
            }
        };
        router = router.route(op.uri, route);
    }
    router
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_served_name_is_in_the_catalog_and_has_a_handler() {
        for name in SERVED {
            let op = catalog::OPERATIONS
                .iter()
                .find(|o| o.name == *name)
                .expect(name);
            assert!(handler(op).is_some(), "{name} has no handler");
        }
        let with_handler = catalog::OPERATIONS
            .iter()
            .filter(|o| handler(o).is_some())
            .count();
        assert_eq!(with_handler, SERVED.len());
    }
}
