//! Who a request is for: its request id and its scope (account and region), read from the SigV4
//! credential scope, or verified by [`super::auth`] when `--auth-credentials` is on. The
//! [`super::front`] puts the answer into the request as a [`Ctx`].

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::HeaderMap;

use std::borrow::Cow;
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

    /// Taken out of the request (only the handler reads it), so no copy of the scope is made.
    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, ApiError> {
        parts.extensions.remove::<Ctx>().ok_or_else(|| {
            ApiError::Internal("request context missing: middleware not installed".into())
        })
    }
}

/// The credential (`AKID/date/region/service/aws4_request`) of the `Authorization` header, else
/// of a presigned query's `X-Amz-Credential`.
fn credential<'a>(headers: &'a HeaderMap, query: Option<&'a str>) -> Option<Cow<'a, str>> {
    if let Some(c) = header_credential(headers) {
        return Some(Cow::Borrowed(c));
    }
    query?.split('&').find_map(|kv| {
        let v = kv.strip_prefix("X-Amz-Credential=")?;
        percent_encoding::percent_decode_str(v).decode_utf8().ok()
    })
}

/// The credential in the `Authorization` header: what follows its first `Credential=`, up to a
/// comma, a space or another `Credential=`. Read from the header's bytes (this runs for every
/// request), refusing what `HeaderValue::to_str` refuses: anything but visible ASCII and tabs.
fn header_credential(headers: &HeaderMap) -> Option<&str> {
    const KEY: &[u8] = b"Credential=";
    const SIGV4: &[u8] = b"AWS4-HMAC-SHA256 Credential=";
    let v = headers.get(axum::http::header::AUTHORIZATION)?.as_bytes();
    // Without an early exit, so the check runs over whole words.
    let visible = v.iter().fold(true, |ok, &b| {
        ok & ((b.wrapping_sub(32) < 95) | (b == b'\t'))
    });
    if !visible {
        return None;
    }
    let find = |hay: &[u8]| hay.windows(KEY.len()).position(|w| w == KEY);
    // What SDKs send, `AWS4-HMAC-SHA256 Credential=...`, needs no search.
    let at = if v.starts_with(SIGV4) {
        SIGV4.len()
    } else {
        find(v)? + KEY.len()
    };
    let rest = &v[at..];
    let mut end = rest
        .iter()
        .position(|&b| b == b',' || b == b' ')
        .unwrap_or(rest.len());
    if let Some(again) = find(&rest[..end]) {
        end = again;
    }
    std::str::from_utf8(&rest[..end]).ok()
}

/// The scope of a request (docs/behaviour.md#scope): region from the credential scope, account from a 12-digit
/// access key id; unsigned requests use the defaults.
pub fn scope_of(headers: &HeaderMap, query: Option<&str>, default_region: &str) -> Scope {
    let cred = credential(headers, query);
    let mut parts = cred.as_deref().unwrap_or("").split('/');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(akid), Some(_date), Some(region)) if !akid.is_empty() && !region.is_empty() => {
            Scope {
                account: if akid.len() == 12 && akid.bytes().all(|b| b.is_ascii_digit()) {
                    akid.to_string()
                } else {
                    DEFAULT_ACCOUNT.to_string()
                },
                region: region.to_string(),
            }
        }
        _ => Scope {
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
    fn the_credential_ends_at_a_comma_a_space_or_another_credential() {
        for (auth, region) in [
            (
                "AWS4-HMAC-SHA256 Credential=123456789012/d/eu-west-1,SignedHeaders=host",
                "eu-west-1",
            ),
            (
                "AWS4-HMAC-SHA256 Credential=123456789012/d/eu-west-1 SignedHeaders=host",
                "eu-west-1",
            ),
            (
                "AWS4-HMAC-SHA256 Credential=123456789012/d/eu-west-1Credential=x/y/z",
                "eu-west-1",
            ),
        ] {
            let s = scope_of(&headers(auth), None, "us-east-1");
            assert_eq!(
                (s.account.as_str(), s.region.as_str()),
                ("123456789012", region)
            );
        }
    }

    #[test]
    fn a_header_of_more_than_visible_ascii_is_not_read() {
        let mut h = HeaderMap::new();
        let v =
            "AWS4-HMAC-SHA256 Credential=123456789012/d/eu-west-1/s/aws4_request, Signature=\u{e9}";
        h.insert(
            "authorization",
            HeaderValue::from_bytes(v.as_bytes()).unwrap(),
        );
        let s = scope_of(&h, None, "us-east-1");
        assert_eq!(
            (s.account.as_str(), s.region.as_str()),
            (DEFAULT_ACCOUNT, "us-east-1")
        );
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
