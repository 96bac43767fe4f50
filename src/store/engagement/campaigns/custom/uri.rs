//! A custom channel's `DeliveryUri` (docs/behaviour.md#custom-channel): a Lambda function (its
//! name or ARN) or a webhook URL, and whether the emulator may call that URL.

use std::net::{Ipv4Addr, Ipv6Addr};

use crate::store::{StoreError, StoreResult};

/// Where a custom channel delivers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    /// A Lambda function: never called.
    Lambda,
    /// A webhook URL.
    Url(WebUrl),
}

/// A webhook URL, taken apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebUrl {
    /// `http` or `https`, in lower case.
    pub scheme: &'static str,
    /// The host in lower case; an IPv6 literal keeps its brackets.
    pub host: String,
    pub port: u16,
    /// Path and query (`/` when the URL has neither); the fragment is not sent.
    pub target: String,
}

impl WebUrl {
    /// Whether the host is one the emulator may call: loopback, or one of `allowed`
    /// (`--webhook-hosts`, in lower case).
    pub fn host_allowed(&self, allowed: &[String]) -> bool {
        is_loopback(&self.host) || allowed.contains(&self.host)
    }

    /// Whether the emulator calls this URL: plain `http://` on an allowed host. An `https://`
    /// URL is never called (the emulator speaks no TLS).
    pub fn invokable(&self, allowed: &[String]) -> bool {
        self.scheme == "http" && self.host_allowed(allowed)
    }
}

/// `localhost`, 127.0.0.0/8 or `[::1]`.
fn is_loopback(host: &str) -> bool {
    host == "localhost"
        || host.parse::<Ipv4Addr>().is_ok_and(|a| a.octets()[0] == 127)
        || host
            .strip_prefix('[')
            .and_then(|h| h.strip_suffix(']'))
            .and_then(|h| h.parse::<Ipv6Addr>().ok())
            .is_some_and(|a| a.is_loopback())
}

/// The characters a webhook URL may hold (besides an IPv6 host's brackets).
fn url_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-._~?/#:".contains(c)
}

/// A Lambda function name: 1 to 64 letters, digits, `-` or `_`, with an optional `:qualifier`
/// (a version, an alias or `$LATEST`).
fn function_name(s: &str) -> bool {
    let (name, qualifier) = match s.split_once(':') {
        Some((n, q)) => (n, Some(q)),
        None => (s, None),
    };
    let word = |w: &str, max: usize| {
        (1..=max).contains(&w.len())
            && w.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    };
    word(name, 64) && qualifier.is_none_or(|q| q == "$LATEST" || word(q, 128))
}

/// `arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]`.
fn lambda_arn(s: &str) -> bool {
    let Some(rest) = s.strip_prefix("arn:aws:lambda:") else {
        return false;
    };
    let mut parts = rest.splitn(4, ':');
    let (Some(region), Some(account), Some(kind), Some(name)) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    !region.is_empty()
        && region
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && account.len() == 12
        && account.bytes().all(|b| b.is_ascii_digit())
        && kind == "function"
        && function_name(name)
}

/// The host and port of an authority (`host`, `host:port`, `[v6]`, `[v6]:port`).
fn authority(a: &str, default_port: u16) -> Option<(String, u16)> {
    let (host, port) = if let Some(rest) = a.strip_prefix('[') {
        let (v6, after) = rest.split_once(']')?;
        v6.parse::<Ipv6Addr>().ok()?;
        (format!("[{v6}]"), after)
    } else {
        match a.find(':') {
            Some(i) => (a[..i].to_string(), &a[i..]),
            None => (a.to_string(), ""),
        }
    };
    let port = match port {
        "" => default_port,
        p => p
            .strip_prefix(':')?
            .parse::<u16>()
            .ok()
            .filter(|p| *p > 0)?,
    };
    let reg_name = |h: &str| {
        !h.is_empty()
            && !h.starts_with('.')
            && !h.ends_with('.')
            && !h.contains("..")
            && h.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b))
    };
    (host.starts_with('[') || reg_name(&host)).then(|| (host.to_ascii_lowercase(), port))
}

/// A webhook URL, or `None` when it is not a well-formed `http://` or `https://` URL.
fn web_url(s: &str) -> Option<WebUrl> {
    let (scheme, rest) = s.split_once("://")?;
    let (scheme, default_port) = match scheme.to_ascii_lowercase().as_str() {
        "http" => ("http", 80),
        "https" => ("https", 443),
        _ => return None,
    };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (host, port) = authority(&rest[..end], default_port)?;
    let tail = &rest[end..];
    let (target, fragment) = match tail.split_once('#') {
        Some((t, f)) => (t, Some(f)),
        None => (tail, None),
    };
    if fragment.is_some_and(|f| f.contains('#')) || target.contains('[') || target.contains(']') {
        return None;
    }
    let target = match target {
        "" => "/".to_string(),
        t if t.starts_with('?') => format!("/{t}"),
        t => t.to_string(),
    };
    Some(WebUrl {
        scheme,
        host,
        port,
        target,
    })
}

/// Reads a DeliveryUri found at `at` (`CustomDeliveryConfiguration.DeliveryUri` or a
/// treatment's): a Lambda function name or ARN, or an `https://` URL, or an `http://` URL on a
/// host the emulator may call; anything else is a 400.
pub fn destination(at: &str, uri: &str, allowed: &[String]) -> StoreResult<Destination> {
    if lambda_arn(uri) || function_name(uri) {
        return Ok(Destination::Lambda);
    }
    if uri.starts_with("arn:") {
        return Err(StoreError::invalid(format!(
            "Invalid {at} {uri:?}: a Lambda function ARN is arn:aws:lambda:<region>:<account>:function:<name>"
        )));
    }
    if let Some(c) = uri
        .chars()
        .find(|c| !url_char(*c) && *c != '[' && *c != ']')
    {
        return Err(StoreError::invalid(format!(
            "Invalid {at} {uri:?}: {c:?} is not allowed; a URL may only contain letters, digits and - . _ ~ ? / # :"
        )));
    }
    let url = web_url(uri).ok_or_else(|| {
        StoreError::invalid(format!(
            "Invalid {at} {uri:?}: it must be a Lambda function's name or ARN, or a full URL that begins with https://"
        ))
    })?;
    if url.scheme == "http" && !url.host_allowed(allowed) {
        return Err(StoreError::invalid(format!(
            "Invalid {at} {uri:?}: a URL must begin with https:// (http:// is accepted only for localhost, 127.0.0.0/8, [::1] and the hosts of --webhook-hosts)"
        )));
    }
    Ok(Destination::Url(url))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(uri: &str) -> StoreResult<Destination> {
        destination("DeliveryUri", uri, &["hooks.test".to_string()])
    }

    #[test]
    fn lambdas_urls_and_what_is_refused() {
        for lambda in [
            "deliver",
            "deliver-2_x:prod",
            "deliver:$LATEST",
            "arn:aws:lambda:us-east-1:123456789012:function:deliver",
            "arn:aws:lambda:eu-west-3:123456789012:function:deliver:7",
        ] {
            assert_eq!(read(lambda).unwrap(), Destination::Lambda, "{lambda}");
        }
        let Destination::Url(u) = read("http://127.0.0.2:8080/a/b?x#frag").unwrap() else {
            panic!()
        };
        assert_eq!(
            (u.host.as_str(), u.port, u.target.as_str()),
            ("127.0.0.2", 8080, "/a/b?x")
        );
        assert!(u.invokable(&[]));
        let Destination::Url(u) = read("HTTP://LocalHost").unwrap() else {
            panic!()
        };
        assert_eq!(
            (u.host.as_str(), u.port, u.target.as_str()),
            ("localhost", 80, "/")
        );
        for ok in [
            "http://[::1]:9/x",
            "http://hooks.test/h",
            "https://example.com/h",
        ] {
            assert!(matches!(read(ok), Ok(Destination::Url(_))), "{ok}");
        }
        let Destination::Url(u) = read("https://localhost/h").unwrap() else {
            panic!()
        };
        assert!(!u.invokable(&[]), "https is never called");
        for bad in [
            "http://example.com/h",
            "http://sub.hooks.test/h",
            "https://example.com/a b",
            "https://example.com/h?a=1",
            "https://example.com/%20",
            "https://user@example.com/",
            "ftp://example.com/",
            "https://",
            "https://:80/",
            "https://example.com:99999/",
            "https://example.com:x/",
            "https://[zz]/",
            "https://a..b/",
            "https://example.com/#a#b",
            "arn:aws:lambda:us-east-1:1234:function:f",
            "arn:aws:sns:us-east-1:123456789012:topic",
            "not.a.function",
            "",
        ] {
            assert!(read(bad).is_err(), "{bad} should be refused");
        }
    }
}
