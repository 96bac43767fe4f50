//! How values read as text, numbers and truth, and the string, math and encoding helpers.

use std::cmp::Ordering;

use base64::Engine as _;
use md5::Digest as _;
use serde_json::Value;

use super::dates;
use super::limits::{too_large, MAX_PART_BYTES};
pub use super::value::text;
use super::value::{number, Args};

/// A value as a number: numbers, numeric strings, one-element lists of those.
pub fn num(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        Value::Array(items) if items.len() == 1 => num(&items[0]),
        _ => None,
    }
}

/// Handlebars truth: missing, null, false, "", 0 and an empty list are false.
pub fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::String(s) => !s.is_empty(),
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::Array(items) => !items.is_empty(),
        Value::Object(_) => true,
    }
}

/// Compares as numbers when both sides are numbers, else as text.
pub fn compare(a: &Value, b: &Value) -> Ordering {
    match (num(a), num(b)) {
        (Some(x), Some(y)) => x.partial_cmp(&y).unwrap_or(Ordering::Equal),
        _ => text(a).cmp(&text(b)),
    }
}

type R = Result<Value, String>;
/// A helper that computes a value from its arguments.
pub type HelperFn = fn(&Args) -> R;

fn s(v: String) -> R {
    Ok(Value::String(v))
}

fn need_num(a: &Args, i: usize) -> Result<f64, String> {
    num(a.param(i)).ok_or_else(|| format!("argument {} is not a number", i + 1))
}

fn need_count(a: &Args, i: usize) -> Result<usize, String> {
    let n = need_num(a, i)?;
    if n < 0.0 {
        return Err("negative numbers are not supported".into());
    }
    Ok(n as usize)
}

fn size(a: &Args, positional: usize) -> Result<usize, String> {
    match a.hash.get("size") {
        Some(v) => num(v)
            .filter(|n| *n >= 0.0)
            .map(|n| n as usize)
            .ok_or_else(|| "size is not a positive number".into()),
        None => need_count(a, positional),
    }
}

fn pad(a: &Args) -> char {
    a.hash_text("pad")
        .and_then(|p| p.chars().next())
        .unwrap_or(' ')
}

fn repeat(c: char, n: usize) -> String {
    std::iter::repeat_n(c, n).collect()
}

/// `v` padded to `n` characters with `pad=` (the padding split `left` : rest), refused before
/// anything is built when the result would pass the part limit.
fn padded(a: &Args, n: usize, left: fn(usize) -> usize) -> R {
    let v = text(a.param(0));
    let c = pad(a);
    let gap = n.saturating_sub(v.chars().count());
    let bytes = gap.saturating_mul(c.len_utf8()).saturating_add(v.len());
    if bytes > MAX_PART_BYTES {
        return Err(too_large(bytes));
    }
    let before = left(gap);
    s(format!(
        "{}{v}{}",
        repeat(c, before),
        repeat(c, gap - before)
    ))
}

/// Fails before building a result of `bytes` that would pass the part limit.
fn fits(bytes: usize) -> Result<(), String> {
    if bytes > MAX_PART_BYTES {
        return Err(too_large(bytes));
    }
    Ok(())
}

fn first_upper(w: &str) -> String {
    let mut cs = w.chars();
    match cs.next() {
        Some(c) => c.to_uppercase().chain(cs).collect(),
        None => String::new(),
    }
}

fn math(a: &Args, op: fn(f64, f64) -> f64) -> R {
    let v = op(need_num(a, 0)?, need_num(a, 1)?);
    if !v.is_finite() {
        return Err("the result is not a number".into());
    }
    s(number(v))
}

fn round_with(a: &Args, op: fn(f64) -> f64) -> R {
    s(number(op(need_num(a, 0)?)))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn ordinal(n: i64) -> String {
    let suffix = match (n % 100, n % 10) {
        (11..=13, _) => "th",
        (_, 1) => "st",
        (_, 2) => "nd",
        (_, 3) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

fn slug(v: &str) -> String {
    let kept: String = v
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == '_' || *c == '-' || c.is_whitespace())
        .collect();
    kept.split_whitespace().collect::<Vec<_>>().join("-")
}

fn strip_tags(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    let mut in_tag = false;
    for c in v.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// The helpers that compute a value from their arguments, by name.
pub const FUNCTIONS: &[(&str, HelperFn)] = &[
    ("abbreviate", |a| {
        let (v, n) = (text(a.param(0)), need_count(a, 1)?);
        if v.chars().count() <= n {
            return s(v);
        }
        s(v.chars().take(n.saturating_sub(3)).collect::<String>() + "...")
    }),
    ("capitalize", |a| {
        let v = text(a.param(0));
        let mut out = String::with_capacity(v.len());
        let mut start = true;
        for c in v.chars() {
            if start && !c.is_whitespace() {
                out.extend(c.to_uppercase());
            } else {
                out.push(c);
            }
            start = c.is_whitespace();
        }
        s(out)
    }),
    ("capitalizeFirst", |a| s(first_upper(&text(a.param(0))))),
    ("center", |a| padded(a, size(a, 1)?, |gap| gap / 2)),
    ("cut", |a| {
        let what = match a.params.get(1) {
            Some(v) => text(v),
            None => " ".into(),
        };
        s(text(a.param(0)).replace(&what, ""))
    }),
    ("dateFormat", dates::date_format),
    ("inflect", |a| {
        let count = need_num(a, 0)?;
        let word = if count == 1.0 { a.param(1) } else { a.param(2) };
        let with_count = a
            .hash
            .get("includeCount")
            .is_some_and(|v| truthy(v) && text(v) != "false");
        s(if with_count {
            format!("{} {}", number(count), text(word))
        } else {
            text(word)
        })
    }),
    ("join", |a| {
        let sep = match a.params.get(1) {
            Some(v) => text(v),
            None => ", ".into(),
        };
        let items: Vec<String> = match a.param(0) {
            Value::Array(items) => items.iter().map(text).collect(),
            other => vec![text(other)],
        };
        let (pre, suf) = (a.hash_text("prefix"), a.hash_text("suffix"));
        let joined = items.iter().map(String::len).sum::<usize>()
            + sep.len().saturating_mul(items.len().saturating_sub(1));
        fits(joined + pre.as_ref().map_or(0, String::len) + suf.as_ref().map_or(0, String::len))?;
        s(format!(
            "{}{}{}",
            pre.unwrap_or_default(),
            items.join(&sep),
            suf.unwrap_or_default()
        ))
    }),
    ("ljust", |a| padded(a, size(a, 1)?, |_| 0)),
    ("rjust", |a| padded(a, size(a, 1)?, |gap| gap)),
    ("lower", |a| s(text(a.param(0)).to_lowercase())),
    ("upper", |a| s(text(a.param(0)).to_uppercase())),
    ("ordinalize", |a| s(ordinal(need_num(a, 0)? as i64))),
    ("replace", |a| {
        let (v, from, to) = (text(a.param(0)), text(a.param(1)), text(a.param(2)));
        if from.is_empty() {
            return s(v);
        }
        let found = v.matches(from.as_str()).count();
        fits((v.len() - found * from.len()).saturating_add(found.saturating_mul(to.len())))?;
        s(v.replace(&from, &to))
    }),
    ("slugify", |a| s(slug(&text(a.param(0))))),
    ("stripTags", |a| s(strip_tags(&text(a.param(0))))),
    ("substring", |a| {
        let v: Vec<char> = text(a.param(0)).chars().collect();
        let start = need_count(a, 1)?.min(v.len());
        let end = match a.params.get(2) {
            Some(_) => need_count(a, 2)?.min(v.len()),
            None => v.len(),
        };
        s(v[start..end.max(start)].iter().collect())
    }),
    ("yesno", |a| {
        let pick = |key: &str, default: &str| a.hash_text(key).unwrap_or_else(|| default.into());
        s(match a.param(0) {
            Value::Null => pick("maybe", "maybe"),
            v if text(v) == "false" || !truthy(v) => pick("no", "no"),
            _ => pick("yes", "yes"),
        })
    }),
    ("add", |a| math(a, |x, y| x + y)),
    ("subtract", |a| math(a, |x, y| x - y)),
    ("multiply", |a| math(a, |x, y| x * y)),
    ("divide", |a| math(a, |x, y| x / y)),
    ("modulo", |a| math(a, |x, y| x % y)),
    ("ceiling", |a| round_with(a, f64::ceil)),
    ("floor", |a| round_with(a, f64::floor)),
    ("round", |a| round_with(a, f64::round)),
    ("encode64", |a| {
        s(base64::engine::general_purpose::STANDARD.encode(text(a.param(0))))
    }),
    ("decode64", |a| {
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(text(a.param(0)).trim())
            .map_err(|e| format!("not Base64: {e}"))?;
        String::from_utf8(bytes)
            .map(Value::String)
            .map_err(|_| "the decoded bytes are not UTF-8 text".into())
    }),
    ("md5", |a| {
        s(hex(&md5::Md5::digest(text(a.param(0)).as_bytes())))
    }),
    ("sha256", |a| {
        s(hex(&sha2::Sha256::digest(text(a.param(0)).as_bytes())))
    }),
    ("sha512", |a| {
        s(hex(&sha2::Sha512::digest(text(a.param(0)).as_bytes())))
    }),
];
