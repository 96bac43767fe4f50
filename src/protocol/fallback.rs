//! Answers for requests no served route takes (docs/behaviour.md#unserved-operation): a Pinpoint operation we do not serve → 501
//! naming it; a known path with the wrong method → 405; anything else → 404. Every one in the
//! rest-json error format.

use axum::http::{Method, Uri};

use crate::error::ApiError;
use crate::routes::catalog::OPERATIONS;

/// Does the path match a URI template of the model (labels match one non-empty segment)?
pub fn template_matches(template: &str, path: &str) -> bool {
    let t: Vec<&str> = template.trim_matches('/').split('/').collect();
    let p: Vec<&str> = path.trim_matches('/').split('/').collect();
    t.len() == p.len()
        && t.iter().zip(&p).all(|(ts, ps)| {
            if ts.starts_with('{') && ts.ends_with('}') {
                !ps.is_empty()
            } else {
                ts == ps
            }
        })
}

/// The router's fallback: 404 for unknown paths, 405 for known paths with the wrong method.
pub async fn unmatched(method: Method, uri: Uri) -> ApiError {
    let path = uri.path();
    let allowed: Vec<&str> = OPERATIONS
        .iter()
        .filter(|op| template_matches(op.uri, path))
        .map(|op| op.method.as_str())
        .collect();
    if allowed.is_empty() {
        ApiError::NotFound(format!(
            "No Pinpoint operation at {method} {path}: resource not found"
        ))
    } else {
        ApiError::MethodNotAllowed(format!(
            "{method} is not allowed on {path}; this path takes {}",
            allowed.join(", ")
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::template_matches;

    #[test]
    fn labels_take_one_non_empty_segment() {
        let t = "/v1/apps/{application-id}/endpoints/{endpoint-id}";
        assert!(template_matches(t, "/v1/apps/a/endpoints/b"));
        assert!(!template_matches(t, "/v1/apps/a/endpoints/"));
        assert!(!template_matches(t, "/v1/apps/a/endpoints/b/c"));
        assert!(!template_matches(t, "/v1/apps/a/users/b"));
    }
}
