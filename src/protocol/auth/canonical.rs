//! The pieces of a SigV4 canonical request: URI and query encoding, hashing and the date format.

use chrono::{DateTime, NaiveDateTime, Utc};
use hmac::{KeyInit, Mac};
use sha2::Sha256;

type HmacSha256 = hmac::Hmac<Sha256>;

const UNRESERVED: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

pub(super) fn encode(s: &[u8]) -> String {
    percent_encoding::percent_encode(s, UNRESERVED).to_string()
}

/// The canonical URI: dot segments and empty segments removed, each segment encoded again.
pub(super) fn canonical_uri(raw_path: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    for seg in raw_path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                out.pop();
            }
            s => out.push(s),
        }
    }
    let trailing = raw_path.len() > 1 && raw_path.ends_with('/') && !out.is_empty();
    let mut uri = format!(
        "/{}",
        out.iter()
            .map(|s| encode(s.as_bytes()))
            .collect::<Vec<_>>()
            .join("/")
    );
    if trailing {
        uri.push('/');
    }
    uri
}

pub(super) fn canonical_query(query: Option<&str>) -> String {
    let mut pairs: Vec<(String, String)> = query
        .unwrap_or("")
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            let dec = |s: &str| percent_encoding::percent_decode_str(s).collect::<Vec<u8>>();
            (encode(&dec(k)), encode(&dec(v)))
        })
        .collect();
    pairs.sort();
    pairs
        .into_iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&")
}

pub(super) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub(super) fn hmac(key: &[u8], data: &[u8]) -> Vec<u8> {
    let mut mac = HmacSha256::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(data);
    mac.finalize().into_bytes().to_vec()
}

pub(super) fn parse_amz_date(s: &str) -> Option<DateTime<Utc>> {
    NaiveDateTime::parse_from_str(s, "%Y%m%dT%H%M%SZ")
        .ok()
        .map(|t| t.and_utc())
}
