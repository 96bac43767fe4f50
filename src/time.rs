//! Dates as Pinpoint writes them and the ISO-8601 forms it accepts. The current time comes from
//! [`crate::clock`].

use chrono::{DateTime, NaiveDate, NaiveDateTime, SecondsFormat, Utc};

/// Formats a time as ISO-8601 UTC with milliseconds and `Z`.
pub fn format_iso(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Parses the ISO-8601 forms clients send: with or without a zone (no zone means UTC), with or
/// without fractional seconds, and a bare date.
pub fn parse_iso8601(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc));
    }
    for fmt in ["%Y-%m-%dT%H:%M:%S%.f%z", "%Y-%m-%dT%H:%M:%S%.f%:z"] {
        if let Ok(t) = DateTime::parse_from_str(s, fmt) {
            return Some(t.with_timezone(&Utc));
        }
    }
    for fmt in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, fmt) {
            return Some(t.and_utc());
        }
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_with_millis_and_z() {
        let t = parse_iso8601("2026-11-23T06:18:48.123456Z").unwrap();
        assert_eq!(format_iso(t), "2026-11-23T06:18:48.123Z");
    }

    #[test]
    fn accepts_the_forms_clients_send() {
        for s in [
            "2024-01-01T00:00:00.000Z",
            "2024-01-01T00:00:00Z",
            "2024-01-01T00:00:00.123456",
            "2024-01-01T00:00:00",
            "2024-01-01T02:00:00+02:00",
            "2024-01-01T02:00:00.5+0200",
            "2024-01-01",
        ] {
            assert!(parse_iso8601(s).is_some(), "{s}");
        }
        assert_eq!(
            parse_iso8601("2024-01-01T02:00:00+02:00"),
            parse_iso8601("2024-01-01T00:00:00Z")
        );
    }

    #[test]
    fn rejects_what_is_not_a_date() {
        for s in [
            "",
            "yesterday",
            "2024-13-01T00:00:00Z",
            "1700000000",
            "2024-01-01T25:00:00Z",
        ] {
            assert!(parse_iso8601(s).is_none(), "{s}");
        }
    }
}
