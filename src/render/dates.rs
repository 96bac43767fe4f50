//! `dateFormat` and `now`: the format names `full`, `long`, `medium` (the default) and `short`,
//! or a Java `SimpleDateFormat` pattern, with an optional IANA time zone (`tz=`).

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use serde_json::Value;

use super::value::{text, Args};
use crate::time;

/// Translates a `SimpleDateFormat` pattern into a chrono format string.
fn java_pattern(p: &str) -> String {
    let mut out = String::new();
    let chars: Vec<char> = p.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\'' {
            // Quoted literal; '' is a single quote.
            i += 1;
            if chars.get(i) == Some(&'\'') {
                out.push('\'');
                i += 1;
                continue;
            }
            while i < chars.len() && chars[i] != '\'' {
                push_literal(&mut out, chars[i]);
                i += 1;
            }
            i += 1;
            continue;
        }
        let mut n = 1;
        while chars.get(i + n) == Some(&c) {
            n += 1;
        }
        i += n;
        let spec = match (c, n) {
            ('y' | 'u', 2) => "%y",
            ('y' | 'u', _) => "%Y",
            ('Y', 2) => "%g",
            ('Y', _) => "%G",
            ('w', 1) => "%-V",
            ('w', _) => "%V",
            ('M', 1) => "%-m",
            ('M', 2) => "%m",
            ('M', 3) => "%b",
            ('M', _) => "%B",
            ('d', 1) => "%-d",
            ('d', _) => "%d",
            ('E', 1..=3) => "%a",
            ('E', _) => "%A",
            ('H', 1) => "%-H",
            ('H', _) => "%H",
            ('h', 1) => "%-I",
            ('h', _) => "%I",
            ('m', 1) => "%-M",
            ('m', _) => "%M",
            ('s', 1) => "%-S",
            ('s', _) => "%S",
            ('S', _) => "%3f",
            ('a', _) => "%p",
            ('z', _) => "%Z",
            ('Z', _) => "%z",
            ('X', _) => "%:z",
            ('D', _) => "%j",
            _ => {
                for _ in 0..n {
                    push_literal(&mut out, c);
                }
                continue;
            }
        };
        out.push_str(spec);
    }
    out
}

fn push_literal(out: &mut String, c: char) {
    if c == '%' {
        out.push_str("%%");
    } else {
        out.push(c);
    }
}

/// The chrono format for a format name or pattern.
fn output_format(name: Option<String>) -> String {
    match name.as_deref().unwrap_or("medium") {
        "full" => "%A, %B %-d, %Y".into(),
        "long" => "%B %-d, %Y".into(),
        "medium" => "%b %-d, %Y".into(),
        "short" => "%-m/%-d/%y".into(),
        pattern => java_pattern(pattern),
    }
}

fn zone(a: &Args) -> Result<Option<Tz>, String> {
    match a.hash_text("tz") {
        None => Ok(None),
        Some(name) => name
            .parse::<Tz>()
            .map(Some)
            .map_err(|_| format!("unknown time zone {name:?}")),
    }
}

/// Formats without panicking: a pattern asking for fields the value lacks is an error.
fn fmt(value: impl std::fmt::Display) -> Result<String, String> {
    use std::fmt::Write as _;
    let mut s = String::new();
    write!(s, "{value}")
        .map_err(|_| "the date format asks for fields the date does not have".to_string())?;
    Ok(s)
}

fn write(at: DateTime<Utc>, tz: Option<Tz>, f: &str) -> Result<String, String> {
    match tz {
        Some(tz) => fmt(at.with_timezone(&tz).format(f)),
        None => fmt(at.format(f)),
    }
}

/// A date without a time is that day's midnight, as Java's `SimpleDateFormat` reads it; the
/// day stays the day written (midnight in `tz` when one is given).
fn midnight(d: NaiveDate, tz: Option<Tz>, f: &str) -> Result<String, String> {
    let t = d.and_time(chrono::NaiveTime::MIN);
    match tz.and_then(|tz| tz.from_local_datetime(&t).earliest()) {
        Some(at) => fmt(at.format(f)),
        None => fmt(Utc.from_utc_datetime(&t).format(f)),
    }
}

/// `{{dateFormat date [format] inputFormat= outputFormat= tz=}}`.
pub fn date_format(a: &Args) -> Result<Value, String> {
    let input = text(a.param(0));
    let out = output_format(
        a.hash_text("outputFormat")
            .or_else(|| a.params.get(1).map(|v| text(v))),
    );
    let tz = zone(a)?;
    let rendered = match a.hash_text("inputFormat") {
        Some(pattern) => {
            let f = java_pattern(&pattern);
            if let Ok(t) = NaiveDateTime::parse_from_str(&input, &f) {
                write(Utc.from_utc_datetime(&t), tz, &out)?
            } else {
                let d = NaiveDate::parse_from_str(&input, &f).map_err(|_| {
                    format!("{input:?} does not match the input format {pattern:?}")
                })?;
                midnight(d, tz, &out)?
            }
        }
        None => match NaiveDate::parse_from_str(&input, "%Y-%m-%d") {
            Ok(d) => midnight(d, tz, &out)?,
            Err(_) => match time::parse_iso8601(&input) {
                Some(t) => write(t, tz, &out)?,
                None => return Err(format!("{input:?} is not an ISO-8601 date")),
            },
        },
    };
    Ok(Value::String(rendered))
}

/// `{{now [format] tz=}}`, on the emulator's clock.
pub fn now(at: DateTime<Utc>, a: &Args) -> Result<Value, String> {
    let out = output_format(a.params.first().map(|v| text(v)));
    Ok(Value::String(write(at, zone(a)?, &out)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn java_patterns_become_chrono_formats() {
        assert_eq!(java_pattern("MM/dd/yyyy"), "%m/%d/%Y");
        assert_eq!(java_pattern("EEEE, MMMM d, yyyy"), "%A, %B %-d, %Y");
        assert_eq!(java_pattern("HH:mm 'at' z"), "%H:%M at %Z");
        assert_eq!(java_pattern("yy'%'"), "%y%%");
        assert_eq!(java_pattern("YYYY-ww"), "%G-%V");
    }
}
