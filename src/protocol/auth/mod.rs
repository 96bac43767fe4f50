//! Optional real authentication (`--auth-credentials`): SigV4 verification with service name
//! `mobiletargeting`, in the same way the SDKs sign (header auth; the path double-encoded per
//! segment, as for every service but S3).
//!
//! Failures answer 403 the way AWS's front door does: `x-amzn-ErrorType` names the error
//! (`MissingAuthenticationTokenException`, `IncompleteSignatureException`,
//! `UnrecognizedClientException`, `InvalidSignatureException`) and the body is
//! `{"message": …}`. A verified key sees only the account it is configured with.

use std::collections::HashMap;
use std::path::Path;

use axum::body::Body;
use axum::extract::Request;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::extract::{read_body, MAX_BODY};
use crate::error::ApiError;
use crate::store::Scope;
use canonical::{canonical_query, canonical_uri, hex, hmac, parse_amz_date};

mod canonical;

/// How far a request's X-Amz-Date may be from the server's clock.
pub const MAX_SKEW_MINUTES: i64 = 15;
/// The SigV4 service name of Pinpoint.
pub const SERVICE: &str = "mobiletargeting";

/// One entry of the credentials file.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Credential {
    pub access_key_id: String,
    pub secret_access_key: String,
    pub account_id: String,
}

/// The keys the server accepts, by access key id.
#[derive(Debug, Clone, Default)]
pub struct Credentials(HashMap<String, Credential>);

impl Credentials {
    /// Reads a JSON list of `{"AccessKeyId","SecretAccessKey","AccountId"}`.
    pub fn load(path: &Path) -> Result<Self, String> {
        let text =
            std::fs::read(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
        let list: Vec<Credential> = super::extract::parse_json(&text)
            .map_err(|e| format!("{}: {}", path.display(), e.client_message()))?;
        if list.is_empty() {
            return Err(format!("{}: no credentials", path.display()));
        }
        let mut map = HashMap::new();
        for c in list {
            if c.account_id.len() != 12 || !c.account_id.bytes().all(|b| b.is_ascii_digit()) {
                return Err(format!(
                    "{}: AccountId {:?} is not 12 digits",
                    path.display(),
                    c.account_id
                ));
            }
            if c.access_key_id.is_empty() || c.secret_access_key.is_empty() {
                return Err(format!(
                    "{}: empty AccessKeyId or SecretAccessKey",
                    path.display()
                ));
            }
            map.insert(c.access_key_id.clone(), c);
        }
        Ok(Self(map))
    }

    /// From a list, for tests.
    pub fn from_list(list: Vec<Credential>) -> Self {
        Self(
            list.into_iter()
                .map(|c| (c.access_key_id.clone(), c))
                .collect(),
        )
    }
}

fn denied(code: &'static str, message: impl Into<String>) -> ApiError {
    ApiError::AccessDenied {
        code,
        message: message.into(),
    }
}

/// The parts of an `Authorization: AWS4-HMAC-SHA256 …` header.
struct AuthHeader {
    access_key_id: String,
    date: String,
    region: String,
    service: String,
    signed_headers: Vec<String>,
    signature: String,
}

fn parse_header(value: &str) -> Result<AuthHeader, ApiError> {
    let incomplete = || {
        denied(
            "IncompleteSignatureException",
            format!("Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters. Authorization={value}"),
        )
    };
    let rest = value.strip_prefix("AWS4-HMAC-SHA256 ").ok_or_else(|| {
        denied(
            "IncompleteSignatureException",
            "Only the AWS4-HMAC-SHA256 algorithm is supported",
        )
    })?;
    let mut parts: HashMap<&str, &str> = HashMap::new();
    for p in rest.split(',') {
        if let Some((k, v)) = p.trim().split_once('=') {
            parts.insert(k, v);
        }
    }
    let cred: Vec<&str> = parts
        .get("Credential")
        .ok_or_else(incomplete)?
        .split('/')
        .collect();
    if cred.len() != 5 || cred[4] != "aws4_request" {
        return Err(incomplete());
    }
    Ok(AuthHeader {
        access_key_id: cred[0].to_string(),
        date: cred[1].to_string(),
        region: cred[2].to_string(),
        service: cred[3].to_string(),
        signed_headers: parts
            .get("SignedHeaders")
            .ok_or_else(incomplete)?
            .split(';')
            .map(str::to_string)
            .collect(),
        signature: parts.get("Signature").ok_or_else(incomplete)?.to_string(),
    })
}

/// Verifies a request's signature. On success returns the request (its body re-attached) and
/// the scope of the key's account and the signed region.
pub async fn verify(
    req: Request,
    creds: &Credentials,
    now: DateTime<Utc>,
) -> Result<(Request, Scope), ApiError> {
    let header = req
        .headers()
        .get(axum::http::header::AUTHORIZATION)
        .map(|v| v.to_str().map(str::to_string).unwrap_or_default());
    let Some(header) = header else {
        return Err(denied(
            "MissingAuthenticationTokenException",
            "Missing Authentication Token",
        ));
    };
    let auth = parse_header(&header)?;
    let cred = creds.0.get(&auth.access_key_id).ok_or_else(|| {
        denied(
            "UnrecognizedClientException",
            "The security token included in the request is invalid.",
        )
    })?;
    if auth.service != SERVICE {
        return Err(denied(
            "InvalidSignatureException",
            format!("Credential should be scoped to correct service: '{SERVICE}'."),
        ));
    }
    let amz_date = req
        .headers()
        .get("x-amz-date")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
        .ok_or_else(|| {
            denied(
                "IncompleteSignatureException",
                "Authorization requires an X-Amz-Date header",
            )
        })?;
    let signed_at = parse_amz_date(&amz_date).ok_or_else(|| {
        denied(
            "IncompleteSignatureException",
            format!("X-Amz-Date {amz_date:?} is not in the ISO 8601 basic format"),
        )
    })?;
    if !amz_date.starts_with(&auth.date) {
        return Err(denied(
            "InvalidSignatureException",
            "The credential scope date does not match X-Amz-Date",
        ));
    }
    let skew = chrono::Duration::minutes(MAX_SKEW_MINUTES);
    let fmt = |t: DateTime<Utc>| t.format("%Y%m%dT%H%M%SZ").to_string();
    if signed_at < now - skew {
        return Err(denied(
            "InvalidSignatureException",
            format!("Signature expired: {amz_date} is now earlier than {} ({} - {MAX_SKEW_MINUTES} min.)", fmt(now - skew), fmt(now)),
        ));
    }
    if signed_at > now + skew {
        return Err(denied(
            "InvalidSignatureException",
            format!("Signature not yet current: {amz_date} is still later than {} ({} + {MAX_SKEW_MINUTES} min.)", fmt(now + skew), fmt(now)),
        ));
    }
    if !auth.signed_headers.iter().any(|h| h == "host") {
        return Err(denied(
            "InvalidSignatureException",
            "The host header must be signed",
        ));
    }

    let (parts, body) = req.into_parts();
    let body = read_body(Request::from_parts(parts.clone(), body), MAX_BODY).await?;
    let payload_hash = match parts
        .headers
        .get("x-amz-content-sha256")
        .and_then(|v| v.to_str().ok())
    {
        Some(h) => h.to_string(),
        None => hex(&Sha256::digest(&body)),
    };
    let mut canonical_headers = String::new();
    for name in &auth.signed_headers {
        let values: Vec<String> = parts
            .headers
            .get_all(name.as_str())
            .iter()
            .map(|v| {
                String::from_utf8_lossy(v.as_bytes())
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        let value = if values.is_empty() && name == "host" {
            parts
                .uri
                .authority()
                .map(|a| a.to_string())
                .unwrap_or_default()
        } else {
            values.join(",")
        };
        canonical_headers.push_str(&format!("{name}:{value}\n"));
    }
    let canonical_request = format!(
        "{}\n{}\n{}\n{}\n{}\n{}",
        parts.method,
        canonical_uri(parts.uri.path()),
        canonical_query(parts.uri.query()),
        canonical_headers,
        auth.signed_headers.join(";"),
        payload_hash
    );
    let scope = format!(
        "{}/{}/{}/aws4_request",
        auth.date, auth.region, auth.service
    );
    let string_to_sign = format!(
        "AWS4-HMAC-SHA256\n{amz_date}\n{scope}\n{}",
        hex(&Sha256::digest(canonical_request.as_bytes()))
    );
    let k_date = hmac(
        format!("AWS4{}", cred.secret_access_key).as_bytes(),
        auth.date.as_bytes(),
    );
    let k_region = hmac(&k_date, auth.region.as_bytes());
    let k_service = hmac(&k_region, auth.service.as_bytes());
    let k_signing = hmac(&k_service, b"aws4_request");
    let expected = hex(&hmac(&k_signing, string_to_sign.as_bytes()));
    let matches = expected.len() == auth.signature.len()
        && expected
            .bytes()
            .zip(auth.signature.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0;
    if !matches {
        return Err(denied(
            "InvalidSignatureException",
            "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
        ));
    }
    let scope = Scope {
        account: cred.account_id.clone(),
        region: auth.region,
    };
    Ok((Request::from_parts(parts, Body::from(body)), scope))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_uri_double_encodes_and_normalizes() {
        assert_eq!(
            canonical_uri("/v1/apps/a/endpoints/us-east-1%3Aabc"),
            "/v1/apps/a/endpoints/us-east-1%253Aabc"
        );
        assert_eq!(canonical_uri("/v1/./apps//a/../b"), "/v1/apps/b");
        assert_eq!(canonical_uri("/"), "/");
    }

    #[test]
    fn canonical_query_sorts_and_encodes() {
        assert_eq!(
            canonical_query(Some("token=a%2Bb&page-size=1")),
            "page-size=1&token=a%2Bb"
        );
        assert_eq!(canonical_query(None), "");
    }

    /// The signing-key derivation of AWS's documented SigV4 example (secret
    /// wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY, 20120215, us-east-1, iam).
    #[test]
    fn signing_key_matches_the_documented_example() {
        let k_date = hmac(b"AWS4wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", b"20120215");
        let k_region = hmac(&k_date, b"us-east-1");
        let k_service = hmac(&k_region, b"iam");
        let k_signing = hmac(&k_service, b"aws4_request");
        assert_eq!(
            hex(&k_signing),
            "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d"
        );
    }
}
