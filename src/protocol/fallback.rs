//! Answers for requests no served route takes (docs/behaviour.md#unserved-operation): a Pinpoint operation we do not serve → 501
//! naming it; a known path with the wrong method → 405; anything else → 404. Every one in the
//! rest-json error format.

use axum::http::{Method, Uri};

use super::catalog::OPERATIONS;
use super::operations::is_trailing_slash_of;
use crate::error::ApiError;

/// How a path fits a URI template of the model.
#[derive(Debug, PartialEq, Eq)]
pub enum Fit<'t> {
    /// Every literal segment is equal and every label takes one non-empty segment.
    Full,
    /// It would fit, but this label's segment is empty (`PUT …/endpoints/`).
    EmptyLabel(&'t str),
    No,
}

/// How `path` fits `template`. Segments are compared as they are: a trailing slash is an empty
/// last segment, not nothing.
pub fn fit<'t>(template: &'t str, path: &str) -> Fit<'t> {
    let t: Vec<&str> = template.trim_start_matches('/').split('/').collect();
    let p: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    if t.len() != p.len() {
        return Fit::No;
    }
    let mut empty = None;
    for (ts, ps) in t.iter().zip(&p) {
        match ts.strip_prefix('{').and_then(|l| l.strip_suffix('}')) {
            Some(label) if ps.is_empty() => {
                empty.get_or_insert(label);
            }
            Some(_) => {}
            None if ts != ps => return Fit::No,
            None => {}
        }
    }
    empty.map_or(Fit::Full, Fit::EmptyLabel)
}

/// The router's fallback: 405 for a known path with the wrong method, 400 for a known path with
/// an empty label (docs/behaviour.md#empty-label), 404 for anything else.
pub async fn unmatched(method: Method, uri: Uri) -> ApiError {
    let path = uri.path();
    let mut allowed: Vec<&str> = Vec::new();
    let mut empty_label = None;
    for op in OPERATIONS {
        if is_trailing_slash_of(op, path) {
            allowed.push(op.method.as_str());
            continue;
        }
        match fit(op.uri, path) {
            Fit::Full => allowed.push(op.method.as_str()),
            Fit::EmptyLabel(label) => {
                empty_label.get_or_insert(label);
            }
            Fit::No => {}
        }
    }
    if !allowed.is_empty() {
        return ApiError::MethodNotAllowed(format!(
            "{method} is not allowed on {path}; this path takes {}",
            allowed.join(", ")
        ));
    }
    match empty_label {
        Some(label) => ApiError::bad(format!(
            "The path label {label} must not be empty: {method} {path} leaves it out"
        )),
        None => ApiError::NotFound(format!(
            "No Pinpoint operation at {method} {path}: resource not found"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::{fit, Fit};

    #[test]
    fn labels_take_one_segment_and_an_empty_one_is_named() {
        let t = "/v1/apps/{application-id}/endpoints/{endpoint-id}";
        assert_eq!(fit(t, "/v1/apps/a/endpoints/b"), Fit::Full);
        assert_eq!(
            fit(t, "/v1/apps/a/endpoints/"),
            Fit::EmptyLabel("endpoint-id")
        );
        assert_eq!(
            fit(t, "/v1/apps//endpoints/b"),
            Fit::EmptyLabel("application-id")
        );
        assert_eq!(fit(t, "/v1/apps/a/endpoints/b/c"), Fit::No);
        assert_eq!(fit(t, "/v1/apps/a/users/b"), Fit::No);
        assert_eq!(fit("/v1/apps", "/v1/apps/"), Fit::No);
    }
}
