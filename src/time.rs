//! Dates as Pinpoint writes them and the ISO-8601 forms it accepts. The current time comes from
//! [`crate::clock`].

use chrono::{DateTime, NaiveDate, NaiveDateTime, SecondsFormat, Utc};

/// Formats a time as ISO-8601 UTC with milliseconds and `Z`.
pub fn format_iso(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Parses the ISO-8601 forms clients send, with one parser for every date the API accepts
/// (docs/behaviour.md#dates-accepted): a date and a time with minutes, optional seconds and
/// optional fractions, and an optional zone (`Z`, `±hh:mm`, `±hhmm` or `±hh`; none means UTC); or
/// a bare date. `2026-01-01T00:00Z` is what Java's `OffsetDateTime.toString()` prints.
pub fn parse_iso8601(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    // The form SDKs send almost always, parsed without a format string.
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc));
    }
    let Some(t) = s.find('T') else {
        let d = NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()?;
        return d.and_hms_opt(0, 0, 0).map(|t| t.and_utc());
    };
    let (local, zone) = split_zone(s, t)?;
    let naive = ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(local, f).ok())?;
    let utc = naive.and_utc();
    Some(utc - chrono::Duration::seconds(i64::from(zone)))
}

/// Splits `s` (whose `T` is at byte `t`) into the local date-time and the zone's offset east of
/// UTC in seconds.
fn split_zone(s: &str, t: usize) -> Option<(&str, i32)> {
    if let Some(local) = s.strip_suffix(['Z', 'z']) {
        return Some((local, 0));
    }
    let Some(at) = s[t..].rfind(['+', '-']).map(|i| t + i) else {
        return Some((s, 0));
    };
    let (local, zone) = s.split_at(at);
    let sign = if zone.starts_with('-') { -1 } else { 1 };
    let (hh, mm) = match zone[1..].split_once(':') {
        Some((h, m)) if m.len() == 2 => (h, m),
        Some(_) => return None,
        None if zone.len() == 5 => zone[1..].split_at(2),
        None => (&zone[1..], ""),
    };
    let digits = |d: &str| d.bytes().all(|b| b.is_ascii_digit());
    if hh.len() != 2 || !digits(hh) || !digits(mm) {
        return None;
    }
    let hours: i32 = hh.parse().ok()?;
    let minutes: i32 = if mm.is_empty() { 0 } else { mm.parse().ok()? };
    if hours > 23 || minutes > 59 {
        return None;
    }
    Some((local, sign * (hours * 3600 + minutes * 60)))
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
    fn minutes_without_seconds_are_accepted_with_any_zone() {
        let midnight = parse_iso8601("2026-01-01T00:00:00Z");
        for s in [
            "2026-01-01T00:00Z",
            "2026-01-01T02:00+02:00",
            "2026-01-01T02:00+0200",
            "2026-01-01T02:00+02",
            "2025-12-31T19:00-05:00",
            "2026-01-01T00:00",
        ] {
            assert_eq!(parse_iso8601(s), midnight, "{s}");
        }
    }

    #[test]
    fn rejects_what_is_not_a_date() {
        for s in [
            "",
            "yesterday",
            "2024-13-01T00:00:00Z",
            "1700000000",
            "2024-01-01T25:00:00Z",
            "2024-01-01T00:00+2:00",
            "2024-01-01T00:00+24:00",
            "2024-01-01T00:00+02:0x",
            "2024-01-01T",
        ] {
            assert!(parse_iso8601(s).is_none(), "{s}");
        }
    }
}
