//! Who a request is for: its request id and its scope (account and region), read from the SigV4
//! credential scope, or verified by [`super::auth`] when `--auth-credentials` is on. The
//! [`super::front`] puts the answer into the request as a [`Ctx`].

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::HeaderMap;

use std::sync::Arc;

use crate::error::ApiError;
use crate::store::{Scope, DEFAULT_ACCOUNT};

/// Per-request facts, put into the request's extensions by [`super::front`].
#[derive(Debug, Clone)]
pub struct Ctx {
    pub request_id: Arc<str>,
    pub scope: Scope,
}

impl<S: Send + Sync> FromRequestParts<S> for Ctx {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, ApiError> {
        parts.extensions.get::<Ctx>().cloned().ok_or_else(|| {
            ApiError::Internal("request context missing: middleware not installed".into())
        })
    }
}

/// The access key id and region of a SigV4 `Authorization` header or presigned query.
pub fn credential_scope(headers: &HeaderMap, query: Option<&str>) -> Option<(String, String)> {
    let from_header = headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split("Credential=").nth(1))
        .map(|rest| rest.split([',', ' ']).next().unwrap_or("").to_string());
    let from_query = || {
        query?.split('&').find_map(|kv| {
            let v = kv.strip_prefix("X-Amz-Credential=")?;
            percent_encoding::percent_decode_str(v)
                .decode_utf8()
                .ok()
                .map(|s| s.into_owned())
        })
    };
    let cred = from_header.or_else(from_query)?;
    let mut parts = cred.split('/');
    let akid = parts.next()?.to_string();
    let _date = parts.next()?;
    let region = parts.next()?.to_string();
    if akid.is_empty() || region.is_empty() {
        return None;
    }
    Some((akid, region))
}

/// The scope of a request (docs/behaviour.md#scope): region from the credential scope, account from a 12-digit
/// access key id; unsigned requests use the defaults.
pub fn scope_of(headers: &HeaderMap, query: Option<&str>, default_region: &str) -> Scope {
    match credential_scope(headers, query) {
        Some((akid, region)) => Scope {
            account: if akid.len() == 12 && akid.bytes().all(|b| b.is_ascii_digit()) {
                akid
            } else {
                DEFAULT_ACCOUNT.to_string()
            },
            region,
        },
        None => Scope {
            account: DEFAULT_ACCOUNT.to_string(),
            region: default_region.to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(auth: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert("authorization", HeaderValue::from_str(auth).unwrap());
        h
    }

    #[test]
    fn region_and_account_from_the_credential_scope() {
        let h = headers("AWS4-HMAC-SHA256 Credential=123456789012/20261123/eu-west-1/mobiletargeting/aws4_request, SignedHeaders=host, Signature=abc");
        let s = scope_of(&h, None, "us-east-1");
        assert_eq!(
            s,
            Scope {
                account: "123456789012".into(),
                region: "eu-west-1".into()
            }
        );
    }

    #[test]
    fn non_numeric_key_uses_the_default_account() {
        let h = headers("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261123/us-west-2/mobiletargeting/aws4_request,SignedHeaders=host,Signature=abc");
        let s = scope_of(&h, None, "us-east-1");
        assert_eq!(
            s,
            Scope {
                account: DEFAULT_ACCOUNT.into(),
                region: "us-west-2".into()
            }
        );
    }

    #[test]
    fn unsigned_and_garbled_requests_use_the_defaults() {
        for h in [
            HeaderMap::new(),
            headers("Bearer xyz"),
            headers("AWS4-HMAC-SHA256 Credential=onlykey"),
        ] {
            let s = scope_of(&h, None, "ap-south-1");
            assert_eq!(
                s,
                Scope {
                    account: DEFAULT_ACCOUNT.into(),
                    region: "ap-south-1".into()
                }
            );
        }
    }

    #[test]
    fn presigned_query_credential() {
        let q = "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=111122223333%2F20261123%2Fsa-east-1%2Fmobiletargeting%2Faws4_request";
        let s = scope_of(&HeaderMap::new(), Some(q), "us-east-1");
        assert_eq!(
            s,
            Scope {
                account: "111122223333".into(),
                region: "sa-east-1".into()
            }
        );
    }
}
